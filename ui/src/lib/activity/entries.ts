/**
 * The activity log's lines in words: what happened (made here: `cancel`, `move`, `attendance`,
 * `note`; seen in Google: `cancelled`, `moved`), by whom, and the details worth a second line.
 */
import type { MessageKey } from "../i18n/i18n.svelte";
import type { ActivityEntry } from "../ipc/bindings";

const ACTIONS: Record<string, MessageKey> = {
  cancel: "activity.actions.cancel",
  move: "activity.actions.move",
  attendance: "activity.actions.attendance",
  note: "activity.actions.note",
  cancelled: "activity.actions.cancelled",
  moved: "activity.actions.moved",
  complete: "ownEvents.activityComplete",
  create: "newBooking.activityAction",
};

/** The catalogue key of what an entry did; `null` for an action this version does not know. */
export function activityActionKey(action: string): MessageKey | null {
  return Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : null;
}

/** Whether the entry was made in the app (`app`) rather than seen in Google (`google`). */
export function madeHere(entry: ActivityEntry): boolean {
  return entry.origin === "app";
}

/** The attendance line of an `attendance` entry: marked absent, excused, or cleared. */
export function attendanceKey(entry: ActivityEntry): MessageKey | null {
  if (entry.action !== "attendance") return null;
  if (entry.attendance === "absent") return "activity.attendance.absent";
  if (entry.attendance === "excused") return "activity.attendance.excused";
  return "activity.attendance.cleared";
}

/** Whether a move entry has both ends to show « from → to ». */
export function hasMove(entry: ActivityEntry): entry is ActivityEntry & { from: string; to: string } {
  return (entry.action === "move" || entry.action === "moved") && !!entry.from && !!entry.to;
}
