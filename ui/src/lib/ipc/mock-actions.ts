/**
 * Booking actions as `rdv_app::actions` does them, simulated for {@link MockBackend}: whether a
 * move lands on a free slot of the booking's type (inside a published availability range for it,
 * overlapping no other busy event, not in the past), the free starts of a day for *Déplacer*,
 * and what the user is told when someone else changed the booking first — with the French
 * messages of the Rust side.
 *
 * A faithful simulation, not the reference: the Rust core decides in the app.
 */
import type { AgendaEvent, BookingAction } from "./bindings";
import { dayOf, toRfc3339, wallClock } from "../time/zoned";

/** The longest internal note, and cancellation reason (`NOTE_MAX_CHARS`). */
export const NOTE_MAX_CHARS = 200;

/** The messages of the Rust side, for the same situations. */
export const ACTION_MESSAGES = {
  gone: "Ce rendez-vous n'est plus dans l'agenda (annulé, déplacé ou supprimé) : synchronisez puis réessayez.",
  notFound: "Rendez-vous introuvable.",
  badTime: (start: string) => `heure invalide « ${start} »`,
  badDay: (day: string) => `date invalide « ${day} » (attendu AAAA-MM-JJ)`,
  noteTooLong: (n: number) =>
    `La note interne est limitée à ${NOTE_MAX_CHARS} caractères (${n} saisis).`,
  past: "Ce créneau est déjà passé.",
  closed: (from: string, to: string) =>
    `${from}–${to} n'est pas dans une disponibilité publiée pour ce motif.`,
  overlap: (from: string, to: string, busyFrom: string, busyTo: string) =>
    `${from}–${to} chevauche un autre rendez-vous (${busyFrom}–${busyTo}).`,
  queuedOffline:
    "Hors ligne : la modification est en attente et sera envoyée à Google dès le retour de la connexion.",
  queuedBehind: "En attente derrière d'autres modifications.",
  deleted: "Ce rendez-vous a été supprimé de l'agenda entre-temps.",
  noSuchEdit: "Cette modification n'existe plus.",
};

/** The booking a check is about. */
export interface MovedBooking {
  calendarId: string;
  eventId: string;
  appointmentType: string | null;
}

/** `HH:MM` in `timeZone`. */
export function hourMinute(instant: number, timeZone: string): string {
  const { hour, minute } = wallClock(new Date(instant), timeZone);
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/** Whether an availability event offers `type` (`rdv.type`: absent = every type). */
function offers(availabilityTypes: string | null, type: string | null): boolean {
  if (availabilityTypes === null || type === null) return true;
  return availabilityTypes.split(",").some((t) => t.trim() === type);
}

const instant = (value: string) => new Date(value).getTime();

/**
 * Why `[start, end)` is not a free slot for `booking` (`check_free`), or `null` when it is:
 * not past, inside one published availability range offering its type, overlapping no other
 * busy, timed event of its calendar.
 */
export function slotProblem(
  events: readonly AgendaEvent[],
  booking: MovedBooking,
  start: number,
  end: number,
  now: number,
  timeZone: string,
): string | null {
  if (start < now) return ACTION_MESSAGES.past;
  const hm = (t: number) => hourMinute(t, timeZone);
  const mine = events.filter((e) => e.calendarId === booking.calendarId && !e.allDay);
  const open = mine.some(
    (e) =>
      e.kind === "availability" &&
      instant(e.start) <= start &&
      instant(e.end) >= end &&
      offers(e.appointmentType, booking.appointmentType),
  );
  if (!open) return ACTION_MESSAGES.closed(hm(start), hm(end));
  const busy = mine.find(
    (e) =>
      e.id !== booking.eventId &&
      e.kind !== "availability" &&
      instant(e.start) < end &&
      instant(e.end) > start,
  );
  if (busy) {
    return ACTION_MESSAGES.overlap(hm(start), hm(end), hm(instant(busy.start)), hm(instant(busy.end)));
  }
  return null;
}

/**
 * `move_options`: the free starts on local day `day` — from each availability range of the
 * calendar starting that day, stepping by the booking's duration — sorted, RFC 3339 with offset.
 */
export function freeStarts(
  events: readonly AgendaEvent[],
  booking: MovedBooking,
  durationMs: number,
  day: string,
  now: number,
  timeZone: string,
): string[] {
  if (durationMs <= 0) return [];
  const out = new Set<string>();
  for (const range of events) {
    if (range.calendarId !== booking.calendarId || range.kind !== "availability" || range.allDay) continue;
    if (dayOf(new Date(range.start), timeZone) !== day) continue;
    const end = instant(range.end);
    for (let t = instant(range.start); t + durationMs <= end; t += durationMs) {
      if (slotProblem(events, booking, t, t + durationMs, now, timeZone) === null) {
        out.add(toRfc3339(new Date(t), timeZone));
      }
    }
  }
  return [...out].sort();
}

/** Whether `day` is a real `YYYY-MM-DD` date. */
export function isDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
}

/** A change made to a booking in Google (by someone else) that the cache does not know yet. */
export type RemoteChange =
  | { kind: "move"; start: string; actor: string | null }
  | { kind: "cancel"; actor: string | null }
  | { kind: "edit"; actor: string | null };

/** What the user reads when an edit meets someone else's change (`describe_conflict`). */
export function conflictMessage(change: RemoteChange, timeZone: string): string {
  const who = change.actor ?? "quelqu'un";
  switch (change.kind) {
    case "cancel":
      return `Ce rendez-vous a été annulé entre-temps par ${who}.`;
    case "move": {
      const { day, month } = wallClock(new Date(change.start), timeZone);
      const date = `${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}`;
      return `Ce rendez-vous a été déplacé entre-temps par ${who} (nouvel horaire : ${date} à ${hourMinute(instant(change.start), timeZone)}). Vérifiez puis réessayez.`;
    }
    case "edit":
      return `Ce rendez-vous a été modifié entre-temps par ${who}. Vérifiez puis réessayez.`;
  }
}

/** The action as the Rust side keeps it: reasons and notes trimmed, a reason cut at 200. */
export function normalizeAction(action: BookingAction): BookingAction {
  switch (action.kind) {
    case "cancel": {
      const reason = action.reason?.trim() ?? "";
      return { kind: "cancel", reason: reason ? [...reason].slice(0, NOTE_MAX_CHARS).join("") : null };
    }
    case "note":
      return { kind: "note", text: action.text.trim() };
    default:
      return action;
  }
}

/** A move's start in the calendar's zone (`2026-11-26T10:30:00+01:00`), from any RFC 3339. */
export function zonedStart(start: string, timeZone: string): string {
  return toRfc3339(new Date(start), timeZone);
}
