/**
 * Secretary mode in the Agenda: which calendars are shown (a filter remembered on this
 * computer), in which order, and whether the day view splits into one column per practitioner.
 */
import type { AgendaEvent, CalendarInfo } from "../ipc/bindings";
import { addDays } from "../time/zoned";
import type { AgendaViewName } from "./events";

/** The period a calendar pane shows, for the toolbar's title and « Aujourd'hui ». */
export interface Period {
  title: string;
  start: Date;
  end: Date;
}

/** Where the calendars unticked in the filter are remembered (ids only, no patient data). */
export const HIDDEN_STORAGE_KEY = "rdv-compagnon.agenda.hidden";

/** The calendars in display order: the primary first, then owned ones, then by name. */
export function orderCalendars(calendars: readonly CalendarInfo[]): CalendarInfo[] {
  const rank = (c: CalendarInfo) => (c.primary ? 0 : c.accessRole === "owner" ? 1 : 2);
  return [...calendars].sort(
    (a, b) => rank(a) - rank(b) || a.summary.localeCompare(b.summary, "fr"),
  );
}

/** The selected calendars the filter leaves on screen, in display order. */
export function visibleCalendars(
  selected: readonly CalendarInfo[],
  hidden: ReadonlySet<string>,
): CalendarInfo[] {
  return orderCalendars(selected.filter((c) => !hidden.has(c.id)));
}

/**
 * How the period is drawn: `columns` — one day column per practitioner, side by side — for the
 * day view of several calendars; one shared grid otherwise (the week colours each calendar's
 * bookings, the list names them).
 */
export function layoutOf(view: AgendaViewName, visible: readonly CalendarInfo[]): "single" | "columns" {
  return view === "day" && visible.length > 1 ? "columns" : "single";
}

/** The events of the given calendars only. */
export function eventsOf(events: readonly AgendaEvent[], calendarIds: ReadonlySet<string>): AgendaEvent[] {
  return events.filter((e) => calendarIds.has(e.calendarId));
}

/** The day shown after « précédent » (`-1`) or « suivant » (`1`): a day, or a week. */
export function shiftDay(day: string, view: AgendaViewName, direction: 1 | -1): string {
  return addDays(day, direction * (view === "day" ? 1 : 7));
}

/** The ids remembered as unticked; anything unreadable counts as none. */
export function readHidden(storage: Pick<Storage, "getItem"> | undefined): Set<string> {
  try {
    const value: unknown = JSON.parse(storage?.getItem(HIDDEN_STORAGE_KEY) ?? "[]");
    return new Set(Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
  } catch {
    return new Set();
  }
}

/** Remembers the unticked ids (a full storage or a private window is not an error). */
export function writeHidden(storage: Pick<Storage, "setItem"> | undefined, hidden: ReadonlySet<string>): void {
  try {
    storage?.setItem(HIDDEN_STORAGE_KEY, JSON.stringify([...hidden].sort()));
  } catch {
    // The filter then lasts until the app closes.
  }
}
