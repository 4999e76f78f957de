/**
 * What the booking actions need without a screen: the note's length counted as the Rust side
 * counts it, the text of an applied action, and the times a move is sent with. Who may act
 * (`canEdit`) and the note's limit (`NOTE_MAX_CHARS`) come from the core.
 */
import type { MessageKey } from "../i18n/i18n.svelte";
import type { BookingAction } from "../ipc/bindings";
import { dayOf, instantAt, toRfc3339 } from "../time/zoned";

/**
 * The note's length as the Rust side counts it against `NOTE_MAX_CHARS` (bindings): Unicode
 * code points (`chars()`), once trimmed — not UTF-16 units.
 */
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
    case "complete":
      return "ownEvents.completed";
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
