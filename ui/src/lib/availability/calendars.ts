/** Which calendars the Disponibilités view works on. */
import type { CalendarInfo } from "../ipc/bindings";

/**
 * The calendars whose availability the linked account may work on (the core says so:
 * `canManageAvailability`), the primary first, then owned ones, then by name.
 */
export function editableCalendars(calendars: readonly CalendarInfo[]): CalendarInfo[] {
  const rank = (c: CalendarInfo) => (c.primary ? 0 : c.accessRole === "owner" ? 1 : 2);
  return calendars
    .filter((c) => c.canManageAvailability)
    .sort((a, b) => rank(a) - rank(b) || a.summary.localeCompare(b.summary, "fr"));
}
