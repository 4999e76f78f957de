/**
 * The week-grid template editor draws a template on FullCalendar's timeGrid over a fixed
 * reference week, in UTC (a week without any daylight-saving change: a template is wall-clock
 * times, not instants). These pure functions turn ranges into blocks and FullCalendar's
 * `select` / `eventDrop` / `eventResize` answers back into days and `HH:MM` times.
 */
import type { EventInput } from "@fullcalendar/core";
import type { AppointmentType, Day, WeeklyRange, WeeklyTemplate } from "../ipc/bindings";
import { textOn } from "../calendars/colour";
import { DAYS, fromMinutes, toMinutes, type BlockTarget, type RangeInput } from "./model";

/** The Monday of the reference week (2024-01-01 was a Monday). */
export const REFERENCE_MONDAY = "2024-01-01";
const REFERENCE_MS = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;

/** The colour of a range open to every appointment type. */
export const ALL_TYPES_COLOUR = "#546E7A";
/** The colour of a range open to several (not all) types. */
export const SEVERAL_TYPES_COLOUR = "#78909C";

/** What the grid keeps on each block. */
export interface BlockProps {
  rangeIndex: number;
  day: Day;
}

/** The reference week's date of `day`, `2024-01-0N`. */
export function referenceDate(day: Day): string {
  return `2024-01-0${DAYS.indexOf(day) + 1}`;
}

/** The colour of a range: its type's when it has one, else a neutral one. */
export function rangeColour(range: WeeklyRange, types: readonly AppointmentType[]): string {
  if (range.types === undefined) return ALL_TYPES_COLOUR;
  if (range.types.length === 1) {
    return types.find((t) => t.id === range.types![0])?.colour ?? SEVERAL_TYPES_COLOUR;
  }
  return SEVERAL_TYPES_COLOUR;
}

/** The names of a range's types (`allTypes` for every type), unknown ids as they are. */
export function rangeTypesLabel(
  range: { types?: string[] },
  types: readonly AppointmentType[],
  allTypes: string,
): string {
  if (range.types === undefined) return allTypes;
  return range.types.map((id) => types.find((t) => t.id === id)?.name ?? id).join(", ");
}

/** The indices of template `templateIndex`'s ranges named by problem paths (`templates[0].ranges[1]`). */
export function rangesWithProblems(paths: readonly string[], templateIndex: number): Set<number> {
  const indices = new Set<number>();
  for (const path of paths) {
    const match = /^templates\[(\d+)\]\.ranges\[(\d+)\]/.exec(path);
    if (match && Number(match[1]) === templateIndex) indices.add(Number(match[2]));
  }
  return indices;
}

/** One block per day of each range of `template` (those in `problems` marked). */
export function rangeBlocks(
  template: WeeklyTemplate | undefined,
  types: readonly AppointmentType[],
  allTypes: string,
  problems: ReadonlySet<number> = new Set(),
): EventInput[] {
  if (!template) return [];
  return template.ranges.flatMap((range, rangeIndex) =>
    range.days.map((day): EventInput => {
      const colour = rangeColour(range, types);
      const props: BlockProps = { rangeIndex, day };
      return {
        id: `${rangeIndex}:${day}`,
        title: rangeTypesLabel(range, types, allTypes),
        start: `${referenceDate(day)}T${range.start}:00Z`,
        end: `${referenceDate(day)}T${range.end}:00Z`,
        backgroundColor: colour,
        borderColor: colour,
        textColor: textOn(colour),
        classNames: [
          "rdv-range",
          range.types === undefined ? "rdv-range-all" : "rdv-range-typed",
          ...(problems.has(rangeIndex) ? ["rdv-range-problem"] : []),
        ],
        extendedProps: props,
        // Focusable, Enter opens it like a click.
        interactive: true,
      };
    }),
  );
}

/** Day of the reference week (0 = Monday) and minutes since midnight of an instant. */
function gridPoint(instant: Date): { day: number; minutes: number } {
  const offset = instant.getTime() - REFERENCE_MS;
  const day = Math.floor(offset / DAY_MS);
  return { day, minutes: Math.round((offset - day * DAY_MS) / 60_000) };
}

/** `[start, end)` as a day index range and minutes, a selection ending at midnight kept on its day. */
function span(start: Date, end: Date) {
  const from = gridPoint(start);
  const to = gridPoint(end);
  if (to.minutes === 0 && to.day > from.day) {
    to.day -= 1;
    to.minutes = 24 * 60;
  }
  // No 24:00 in a configuration: a range "until midnight" ends at 23:59.
  const endMinutes = Math.min(to.minutes, 23 * 60 + 59);
  return { from, to: { day: to.day, minutes: endMinutes } };
}

/**
 * The range a drag on the grid selects: the days from the first column to the last, between the
 * start time and the end time; `null` when it is out of the week or empty.
 */
export function selectionToRange(start: Date, end: Date): RangeInput | null {
  const { from, to } = span(start, end);
  if (from.day < 0 || to.day > 6 || to.day < from.day) return null;
  if (to.minutes <= from.minutes) return null;
  return {
    days: DAYS.slice(from.day, to.day + 1),
    start: fromMinutes(from.minutes),
    end: fromMinutes(to.minutes),
  };
}

/** Where a block now is after a drop or resize; `null` when it spans midnight or leaves the week. */
export function blockTarget(start: Date, end: Date | null): BlockTarget | null {
  if (!end) return null;
  const { from, to } = span(start, end);
  if (from.day < 0 || from.day > 6 || to.day !== from.day) return null;
  if (to.minutes <= from.minutes) return null;
  return { day: DAYS[from.day], start: fromMinutes(from.minutes), end: fromMinutes(to.minutes) };
}

/**
 * The hours the grid shows: 07:00–21:00, widened to whole hours so every range of `templates`
 * is visible.
 */
export function visibleHours(templates: readonly WeeklyTemplate[]): { min: string; max: string } {
  let min = 7 * 60;
  let max = 21 * 60;
  for (const template of templates) {
    for (const range of template.ranges) {
      min = Math.min(min, Math.floor(toMinutes(range.start) / 60) * 60);
      max = Math.max(max, Math.ceil(toMinutes(range.end) / 60) * 60);
    }
  }
  const hours = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:00:00`;
  return { min: hours(min), max: hours(max) };
}
