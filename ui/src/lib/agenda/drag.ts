/**
 * A booking dragged in the Agenda: FullCalendar reports how far it moved (whole days and
 * milliseconds); the new start is that move applied to the old start's wall-clock time in the
 * calendar's zone, so a booking dragged across a daylight-saving change keeps its time of day.
 */
import type { AgendaEvent } from "../ipc/bindings";
import { addDays, instantAt, toRfc3339, wallClock, dayOf } from "../time/zoned";

/** A booking dropped at another time: send the move, or `revert` the drag. */
export interface Drop {
  event: AgendaEvent;
  /** The new start, RFC 3339 in the calendar's zone. */
  start: string;
  revert: () => void;
}

/** FullCalendar's `Duration`, as `eventDrop` gives it in `delta`. */
export interface DragDelta {
  years: number;
  months: number;
  days: number;
  milliseconds: number;
}

const MINUTES_PER_DAY = 24 * 60;

/** The start after a drag by `delta`, RFC 3339 with the zone's offset. */
export function droppedStart(oldStart: string, delta: DragDelta, timeZone: string): string {
  const before = new Date(oldStart);
  const wall = wallClock(before, timeZone);
  let day = dayOf(before, timeZone);
  if (delta.years || delta.months) {
    const [y, m, d] = day.split("-").map(Number);
    const months = y * 12 + (m - 1) + delta.years * 12 + delta.months;
    const year = Math.floor(months / 12);
    const month = (months % 12) + 1;
    day = `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  }
  let minutes = wall.hour * 60 + wall.minute + Math.round(delta.milliseconds / 60_000);
  const extraDays = Math.floor(minutes / MINUTES_PER_DAY);
  minutes -= extraDays * MINUTES_PER_DAY;
  day = addDays(day, delta.days + extraDays);
  const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
  return toRfc3339(instantAt(day, time, timeZone), timeZone);
}
