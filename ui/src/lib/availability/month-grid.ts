/**
 * The exceptions month (FullCalendar dayGridMonth, dates only, in UTC so a date is a date):
 * public holidays, closures and extra openings as all-day blocks, and a selection of days back
 * into a closure's dates.
 */
import type { EventInput } from "@fullcalendar/core";
import type { Closure, ExtraOpening, HolidayInfo, PracticeConfig } from "../ipc/bindings";
import { addDays } from "../time/zoned";
import { holidayOverridden } from "./model";

/** What the month keeps on each block. */
export type MonthBlockProps =
  | { kind: "holiday"; date: string }
  | { kind: "closure"; index: number }
  | { kind: "opening"; index: number };

/** Texts of the blocks, in the UI language. */
export interface MonthLabels {
  /** A closure without label. */
  closed: string;
  /** An extra opening without label. */
  opening: string;
  /** `{name} (ouvert)` for a holiday open anyway. */
  holidayOpen: (name: string) => string;
  /** `{start}–{end}`. */
  hours: (start: string, end: string) => string;
}

/** A closure's block title: its label (or "Fermé") and its hours if not whole days. */
export function closureTitle(closure: Closure, labels: MonthLabels): string {
  const label = closure.label?.trim() || labels.closed;
  return closure.start && closure.end
    ? `${labels.hours(closure.start, closure.end)} ${label}`
    : label;
}

/** An opening's block title: its hours and its label (or "Ouverture"). */
export function openingTitle(opening: ExtraOpening, labels: MonthLabels): string {
  return `${labels.hours(opening.start, opening.end)} ${opening.label?.trim() || labels.opening}`;
}

/** The month's blocks: holidays (closing or open anyway), closures, extra openings. */
export function monthBlocks(
  config: PracticeConfig,
  holidays: readonly HolidayInfo[],
  labels: MonthLabels,
): EventInput[] {
  const blocks: EventInput[] = [];
  for (const holiday of holidays) {
    const open = !holiday.closes;
    const props: MonthBlockProps = { kind: "holiday", date: holiday.date };
    blocks.push({
      id: `holiday-${holiday.date}`,
      title: open ? labels.holidayOpen(holiday.name) : holiday.name,
      start: holiday.date,
      allDay: true,
      classNames: [
        "rdv-holiday",
        open ? "rdv-holiday-open" : "rdv-holiday-closed",
        holidayOverridden(config, holiday) ? "rdv-holiday-overridden" : "rdv-holiday-default",
      ],
      extendedProps: props,
      interactive: true,
    });
  }
  config.exceptions.closures.forEach((closure, index) => {
    const props: MonthBlockProps = { kind: "closure", index };
    blocks.push({
      id: `closure-${index}`,
      title: closureTitle(closure, labels),
      start: closure.from,
      end: addDays(closure.until && closure.until >= closure.from ? closure.until : closure.from, 1),
      allDay: true,
      classNames: ["rdv-closure", closure.start ? "rdv-closure-hours" : "rdv-closure-days"],
      extendedProps: props,
      interactive: true,
    });
  });
  config.exceptions.openings.forEach((opening, index) => {
    const props: MonthBlockProps = { kind: "opening", index };
    blocks.push({
      id: `opening-${index}`,
      title: openingTitle(opening, labels),
      start: opening.date,
      allDay: true,
      classNames: ["rdv-opening"],
      extendedProps: props,
      interactive: true,
    });
  });
  return blocks;
}

/**
 * The closure dates of a selection of days on the month (FullCalendar gives an exclusive end
 * date): `from` and, when more than one day, `until` (inclusive).
 */
export function selectionToDates(startStr: string, endStr: string): { from: string; until?: string } {
  const from = startStr.slice(0, 10);
  const last = addDays(endStr.slice(0, 10), -1);
  return last > from ? { from, until: last } : { from };
}

/** The first and last dates (inclusive) a month view shows, from its exclusive active end. */
export function visibleDates(activeStart: Date, activeEnd: Date): { from: string; to: string } {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { from: day(activeStart), to: addDays(day(activeEnd), -1) };
}
