/** Which calendars the Disponibilités view works on. */
import type { CalendarInfo } from "../ipc/bindings";

/**
 * The calendars whose availability the linked account may edit — owned ones and those shared
 * with it as secretary (`writer`) — the primary first, then owned ones, then by name.
 */
export function editableCalendars(calendars: readonly CalendarInfo[]): CalendarInfo[] {
  const rank = (c: CalendarInfo) => (c.primary ? 0 : c.accessRole === "owner" ? 1 : 2);
  return calendars
    .filter((c) => c.accessRole === "owner" || c.accessRole === "writer")
    .sort((a, b) => rank(a) - rank(b) || a.summary.localeCompare(b.summary, "fr"));
}
