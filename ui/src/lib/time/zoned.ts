/**
 * Calendar days and wall-clock times in a named time zone (IANA, e.g. `Europe/Paris`),
 * computed with `Intl` only, so they stay right across daylight-saving changes.
 *
 * A day is a `YYYY-MM-DD` string ({@link Day}); an instant is a `Date`. Weeks start on Monday.
 */

/** A calendar day, `YYYY-MM-DD`, with no time zone attached. */
export type Day = string;

/** The time zone used when a calendar does not say (PRODUCT.md: French conventions). */
export const DEFAULT_TIME_ZONE = "Europe/Paris";

/** The wall-clock reading of an instant in a time zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const wallFormatters = new Map<string, Intl.DateTimeFormat>();

function wallFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = wallFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    wallFormatters.set(timeZone, formatter);
  }
  return formatter;
}

/** What a clock on the wall in `timeZone` shows at `instant`. */
export function wallClock(instant: Date, timeZone: string): WallClock {
  const parts: Record<string, number> = {};
  for (const { type, value } of wallFormatter(timeZone).formatToParts(instant)) {
    if (type !== "literal") parts[type] = Number(value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    hour: parts.hour,
    minute: parts.minute,
    second: parts.second,
  };
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** The day `instant` falls on in `timeZone`. */
export function dayOf(instant: Date, timeZone: string): Day {
  const { year, month, day } = wallClock(instant, timeZone);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
}

function dayToUtcMs(day: Day): number {
  const [year, month, date] = day.split("-").map(Number);
  return Date.UTC(year, month - 1, date);
}

function utcMsToDay(ms: number): Day {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `day` moved by `days` calendar days (negative goes back). Pure date arithmetic. */
export function addDays(day: Day, days: number): Day {
  return utcMsToDay(dayToUtcMs(day) + days * 86_400_000);
}

/** 1 for Monday … 7 for Sunday (ISO 8601). */
export function isoWeekday(day: Day): number {
  return ((new Date(dayToUtcMs(day)).getUTCDay() + 6) % 7) + 1;
}

/** The Monday of the week `day` belongs to. */
export function startOfWeek(day: Day): Day {
  return addDays(day, 1 - isoWeekday(day));
}

/** The zone's offset from UTC at `instant`, in minutes (Paris: 60 in winter, 120 in summer). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const wall = wallClock(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const whole = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((asUtc - whole) / 60_000);
}

/**
 * The instant a clock in `timeZone` shows `time` (`HH:MM`) on `day`.
 *
 * Around daylight-saving changes it behaves like `Temporal`'s "compatible" choice: a time that
 * happens twice (autumn, 02:30 in Paris) gives the earlier instant; a time that never happens
 * (spring, 02:30) is pushed forward by the gap (03:30).
 */
export function instantAt(day: Day, time: string, timeZone: string): Date {
  const [hour, minute] = time.split(":").map(Number);
  const asUtc = dayToUtcMs(day) + (hour * 60 + minute) * 60_000;
  const before = offsetMinutes(new Date(asUtc - 86_400_000), timeZone);
  const after = offsetMinutes(new Date(asUtc + 86_400_000), timeZone);
  const candidates = [asUtc - before * 60_000, asUtc - after * 60_000].filter((ms) => {
    const wall = wallClock(new Date(ms), timeZone);
    return wall.hour === hour && wall.minute === minute && dayOf(new Date(ms), timeZone) === day;
  });
  // In a gap neither offset reads back the same wall time: keep the offset from before it.
  return new Date(candidates.length > 0 ? Math.min(...candidates) : asUtc - before * 60_000);
}

/** `instant` as RFC 3339 with the zone's offset, e.g. `2026-10-25T10:00:00+01:00`. */
export function toRfc3339(instant: Date, timeZone: string): string {
  const wall = wallClock(instant, timeZone);
  const offset = offsetMinutes(instant, timeZone);
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  return (
    `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}` +
    `T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** Where an upcoming booking goes in the list, as seen from `now`. */
export type BookingGroup = "today" | "week" | "later";

/** The groups in display order. */
export const BOOKING_GROUPS: readonly BookingGroup[] = ["today", "week", "later"];

/**
 * `today` when `start` is on today's date in `timeZone`, `week` when it is later in the
 * same Monday-to-Sunday week, `later` otherwise (earlier days count as today: a booking
 * still under way is listed first).
 */
export function bookingGroup(start: Date, now: Date, timeZone: string): BookingGroup {
  const today = dayOf(now, timeZone);
  const day = dayOf(start, timeZone);
  if (day <= today) return "today";
  return day <= addDays(startOfWeek(today), 6) ? "week" : "later";
}

/** Whole minutes from `start` to `end` (a 25-hour DST day counts 1 500). */
export function minutesBetween(start: Date, end: Date): number {
  return Math.round((end.getTime() - start.getTime()) / 60_000);
}

