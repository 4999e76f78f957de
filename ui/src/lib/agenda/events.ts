/**
 * How each kind of event looks in the agenda (docs/calendar-conventions.md):
 * bookings are solid blocks in their calendar's colour, availability ranges a light green
 * background, anything else ("autre") a grey outlined block — except the calendar's own events
 * the backend counts as appointments (`AgendaEvent.appointment`, per the agenda's choice), drawn
 * and opened like bookings, with a dashed border (`rdv-own`: the patient is not known yet).
 */
import type { EventInput } from "@fullcalendar/core";
import type { AgendaEvent, AppointmentOrigin, EventKind } from "../ipc/bindings";
import type { EditState } from "../outbox/summary";
import { textOn } from "../calendars/colour";
import { motifLabel } from "../bookings/labels";
import { t } from "../i18n/i18n.svelte";

/** What the agenda keeps on each FullCalendar event. */
export interface AgendaEventProps {
  kind: EventKind;
  calendarId: string;
  appointmentType: string | null;
  /** An appointment (a booking, or an event of the calendar's own that counts as one): opens its details. */
  appointment: AppointmentOrigin | null;
  /** A booking edit waiting for Google, or refused by it. */
  edit: EditState | null;
}

/** What the agenda knows about a booking besides the event itself. */
export interface BookingState {
  /** The user may drag it to another time. */
  draggable?: boolean;
  /** An edit of it is waiting, or was refused. */
  edit?: EditState | null;
}

/** The FullCalendar views behind the Jour / Semaine / Liste buttons. */
export const AGENDA_VIEWS = {
  day: "timeGridDay",
  week: "timeGridWeek",
  list: "listWeek",
} as const;

/** One of the agenda's views. */
export type AgendaViewName = keyof typeof AGENDA_VIEWS;

/** The views in the order of their buttons. */
export const AGENDA_VIEW_NAMES: readonly AgendaViewName[] = ["day", "week", "list"];

/** The colour of bookings in a calendar without one. */
export const FALLBACK_COLOUR = "#0f766e";

/** A backend event as FullCalendar input, styled by kind. */
export function toEventInput(
  event: AgendaEvent,
  calendarColour: string | undefined,
  state: BookingState = {},
): EventInput {
  // An event of the calendar's own counted as an appointment looks and opens like a booking.
  const style: EventKind = event.appointment !== null ? "booking" : event.kind;
  const edit = event.kind === "booking" ? (state.edit ?? null) : null;
  const extendedProps: AgendaEventProps = {
    kind: event.kind,
    calendarId: event.calendarId,
    appointmentType: event.appointmentType,
    appointment: event.appointment,
    edit,
  };
  // Bookings read "Jeanne Martin · Suivi": the name first, so narrow week columns keep it.
  const label =
    event.kind === "booking" && event.patientName
      ? `${event.patientName} · ${motifLabel(event.appointmentType)}`
      : event.title;
  // An end not after the start in Google: shown at its start with no length, and said.
  const title = event.spanIssue ? `⚠ ${label} (${t("bookings.spanIssue.short")})` : label;
  const base: EventInput = {
    id: event.id,
    title,
    start: event.start,
    end: event.end,
    allDay: event.allDay,
    extendedProps,
    classNames: [
      "rdv-event",
      `rdv-${style}`,
      ...(edit ? [`rdv-edit-${edit}`] : []),
      ...(event.spanIssue ? ["rdv-span-issue"] : []),
      ...(event.appointment === "google" ? ["rdv-own"] : []),
    ],
    // Only bookings move, and only when allowed; their length never changes (one with no
    // length in Google does not move: the app refuses it, see the details).
    startEditable: event.kind === "booking" && state.draggable === true && !event.spanIssue,
    durationEditable: false,
  };
  switch (style) {
    case "booking": {
      const colour = calendarColour ?? FALLBACK_COLOUR;
      return {
        ...base,
        backgroundColor: colour,
        borderColor: colour,
        textColor: textOn(colour),
        // Focusable, and Enter opens it like a click.
        interactive: true,
      };
    }
    case "availability":
      return { ...base, display: "background", interactive: false };
    default:
      return { ...base, interactive: false };
  }
}
