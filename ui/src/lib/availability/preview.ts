/**
 * *Aperçu patient*: the slots of one week, grouped by local day (the slots come with their
 * local time and offset, RFC 3339; the week's change of the clocks comes from the core, in
 * `SlotPreview.clockChange`).
 */
import type { PreviewType } from "../ipc/bindings";
import { addDays, startOfWeek } from "../time/zoned";

/** One slot as shown: its local start time, and its offset when the time is ambiguous. */
export interface ShownSlot {
  /** Local start, `HH:MM`. */
  time: string;
  /** Local end, `HH:MM`. */
  end: string;
  /** `+02:00`, set only when the same time appears twice that day (autumn change). */
  offset: string | null;
  /** The slot's start as sent (RFC 3339), a stable key. */
  key: string;
}

/** The seven dates of the week of `day`, Monday first. */
export function weekDates(day: string): string[] {
  const monday = startOfWeek(day);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** Local date, time and offset of an RFC 3339 local time such as `2027-03-28T09:00:00+02:00`. */
export function localParts(stamp: string): { date: string; time: string; offset: string } {
  const offset = /([+-]\d{2}:\d{2}|Z)$/.exec(stamp)?.[1] ?? "Z";
  return { date: stamp.slice(0, 10), time: stamp.slice(11, 16), offset: offset === "Z" ? "+00:00" : offset };
}

/** A type's slots by local date (every date of `dates`, in order; empty days too). */
export function slotsByDay(type: PreviewType, dates: readonly string[]): Map<string, ShownSlot[]> {
  const byDay = new Map<string, ShownSlot[]>(dates.map((d) => [d, []]));
  for (const slot of type.slots) {
    const start = localParts(slot.start);
    const list = byDay.get(start.date);
    if (!list) continue;
    list.push({ time: start.time, end: localParts(slot.end).time, offset: start.offset, key: slot.start });
  }
  for (const list of byDay.values()) {
    const counts = new Map<string, number>();
    for (const slot of list) counts.set(slot.time, (counts.get(slot.time) ?? 0) + 1);
    for (const slot of list) if (counts.get(slot.time) === 1) slot.offset = null;
  }
  return byDay;
}
