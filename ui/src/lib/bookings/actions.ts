/**
 * What the booking actions need decided without a screen: who may act, the note's limit as the
 * Rust side counts it, the text of an applied action, and the times a move is sent with.
 */
import type { MessageKey } from "../i18n/i18n.svelte";
import type { AccessRole, BookingAction } from "../ipc/bindings";
import { dayOf, instantAt, toRfc3339 } from "../time/zoned";

/** The longest internal note (`rdv.note`, docs/calendar-conventions.md). */
export const NOTE_MAX_CHARS = 200;

/**
 * Whether a role may cancel, move, mark or annotate bookings: the owner and the secretary
 * (`writer`); readers are refused by the Rust core whatever the UI shows (PRODUCT.md art. 4.3).
 */
export function canActOn(role: AccessRole | null | undefined): boolean {
  return role === "owner" || role === "writer";
}

/** The note's length as the Rust side counts it: characters, once trimmed. */
export function noteLength(text: string): number {
  return [...text.trim()].length;
}

/** The message shown once `action` is applied. */
export function appliedKey(action: BookingAction): MessageKey {
  switch (action.kind) {
    case "cancel":
      return "actions.result.cancel";
    case "move":
      return "actions.result.move";
    case "attendance":
      return action.status === "absent"
        ? "actions.result.absent"
        : action.status === "excused"
          ? "actions.result.excused"
          : "actions.result.cleared";
    case "note":
      return action.text.trim() === "" ? "actions.result.noteCleared" : "actions.result.note";
  }
}

/** The start a move is sent with: `time` (`HH:MM`) on `day` in the calendar's zone, RFC 3339. */
export function moveStart(day: string, time: string, timeZone: string): string {
  return toRfc3339(instantAt(day, time, timeZone), timeZone);
}

/** The day the move dialog opens on: the booking's own day, or today if that one is over. */
export function firstMoveDay(start: Date, now: Date, timeZone: string): string {
  const day = dayOf(start, timeZone);
  const today = dayOf(now, timeZone);
  return day < today ? today : day;
}
