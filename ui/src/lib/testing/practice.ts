/**
 * Tests only: a small practice around Thursday 26 November 2026, 09:00 in Paris — Claire's own
 * calendar (open 09:00–12:30 and 14:00–18:00 on the 26th and 27th), her colleague Léa's
 * (shared with her as secretary), and a calendar she only reads — with a few bookings.
 */
import type { AccountState, AgendaEvent, Booking, CalendarInfo } from "../ipc/bindings";
import type { DemoData } from "../ipc/demo-data";

/** Thursday 26 November 2026, 09:00 in Paris. */
export const NOW = new Date("2026-11-26T08:00:00Z");
export const CLAIRE = "claire@example.fr";
export const LEA = "lea@example.fr";
export const READER = "remplacant@example.fr";
export const account: AccountState = { state: "linked", email: CLAIRE, demo: false };

const calendar = (
  id: string,
  summary: string,
  color: string,
  accessRole: CalendarInfo["accessRole"],
  primary = false,
): CalendarInfo => ({ id, summary, color, timeZone: "Europe/Paris", accessRole, primary, selected: true });

const range = (calendarId: string, day: string, from: string, to: string): AgendaEvent => ({
  id: `${calendarId}-open-${day}-${from}`,
  calendarId,
  kind: "availability",
  title: "Disponible",
  start: `${day}T${from}:00+01:00`,
  end: `${day}T${to}:00+01:00`,
  allDay: false,
  appointmentType: null,
  patientName: null,
});

/** A booking on `day` from `from` to `to` (Paris, winter time). */
export function booking(
  id: string,
  calendarId: string,
  day: string,
  from: string,
  to: string,
  firstName: string,
  lastName: string,
  more: Partial<Booking> = {},
): Booking {
  const names: Record<string, string> = {
    [CLAIRE]: "Claire Dubois",
    [LEA]: "Dr Léa Martin",
    [READER]: "Cabinet Roux",
  };
  return {
    id,
    calendarId,
    calendarName: names[calendarId] ?? calendarId,
    start: `${day}T${from}:00+01:00`,
    end: `${day}T${to}:00+01:00`,
    title: `Consultation – ${firstName} ${lastName}`,
    appointmentType: "consultation",
    patient: { firstName, lastName, phone: "+33612345678", email: null },
    source: "site",
    bookedAt: "2026-11-20T08:14:03Z",
    eventId: id,
    attendance: null,
    note: null,
    editedBy: null,
    editedAt: null,
    site: null,
    ...more,
  };
}

/** The agenda event of a booking. */
export function eventOf(b: Booking): AgendaEvent {
  return {
    id: b.id,
    calendarId: b.calendarId,
    kind: "booking",
    title: b.title,
    start: b.start,
    end: b.end,
    allDay: false,
    appointmentType: b.appointmentType,
    patientName: `${b.patient.firstName} ${b.patient.lastName}`,
  };
}

/**
 * The practice's data; `selected` lists the calendars shown (default: Claire's only), so
 * secretary mode is one argument away.
 */
export function practice(selected: string[] = [CLAIRE]): DemoData {
  const calendars = [
    calendar(CLAIRE, "Claire Dubois", "#3f51b5", "owner", true),
    calendar(LEA, "Dr Léa Martin", "#d81b60", "writer"),
    calendar(READER, "Cabinet Roux", "#0b8043", "reader"),
  ].map((c) => ({ ...c, selected: selected.includes(c.id) }));
  const bookings = [
    // Claire: one this morning already over, two to come today, one tomorrow.
    booking("past", CLAIRE, "2026-11-26", "08:00", "08:30", "Paul", "Fournier", { note: "Arrive en retard" }),
    booking("jeanne", CLAIRE, "2026-11-26", "10:00", "10:45", "Jeanne", "Martin"),
    booking("lucas", CLAIRE, "2026-11-26", "14:00", "14:45", "Lucas", "Bernard"),
    booking("chloe", CLAIRE, "2026-11-27", "09:00", "09:45", "Chloé", "Petit"),
    // Léa, and the calendar Claire only reads.
    booking("manon", LEA, "2026-11-26", "11:00", "11:30", "Manon", "Leroy"),
    booking("hugo", READER, "2026-11-27", "10:00", "10:30", "Hugo", "Lefèvre"),
  ];
  const events: AgendaEvent[] = [
    range(CLAIRE, "2026-11-26", "08:00", "12:30"),
    range(CLAIRE, "2026-11-26", "14:00", "18:00"),
    range(CLAIRE, "2026-11-27", "09:00", "12:30"),
    range(LEA, "2026-11-26", "08:30", "12:00"),
    range(READER, "2026-11-27", "09:00", "12:00"),
    {
      id: "meeting",
      calendarId: CLAIRE,
      kind: "other",
      title: "Réunion d’équipe",
      start: "2026-11-26T12:00:00+01:00",
      end: "2026-11-26T12:30:00+01:00",
      allDay: false,
      appointmentType: null,
      patientName: null,
    },
    ...bookings.map(eventOf),
  ];
  return { calendars, events, bookings };
}
