/** Words for the coded fields of a booking (docs/calendar-conventions.md: `rdv.type`, `rdv.source`). */
import { t, type MessageKey } from "../i18n/i18n.svelte";
import type { Attendance, Patient, SpanIssue } from "../ipc/bindings";

const MOTIFS: Record<string, MessageKey> = {
  consultation: "bookings.motifs.consultation",
  "premiere-consultation": "bookings.motifs.premiere-consultation",
  suivi: "bookings.motifs.suivi",
};

/** The appointment types the app has words for (the choices of *Compléter*). */

const SOURCES: Record<string, MessageKey> = {
  site: "bookings.sources.site",
  app: "bookings.sources.app",
  phone: "bookings.sources.phone",
  google: "bookings.sources.google",
};

/** The appointment type's name; an id the app does not know is shown as is. */
export function motifLabel(id: string | null): string {
  if (!id) return t("bookings.noMotif");
  return Object.hasOwn(MOTIFS, id) ? t(MOTIFS[id]) : id;
}

/** Where the booking came from; an unknown source is shown as is. */
export function sourceLabel(source: string | null): string {
  if (!source) return t("bookings.unknown");
  return Object.hasOwn(SOURCES, source) ? t(SOURCES[source]) : source;
}

/** "Jeanne Martin", or a placeholder when the booking has no name. */
export function patientName({ firstName, lastName }: Patient): string {
  const name = [firstName, lastName].filter((part) => part?.trim()).join(" ");
  return name || t("bookings.unnamed");
}

/** « Absent (non excusé) » or « Excusé » (`rdv.attendance`). */
export function attendanceLabel(attendance: Attendance): string {
  return attendance === "absent" ? t("actions.absent") : t("actions.excused");
}

const SMS_STATUSES: Record<string, MessageKey> = {
  delivered: "bookings.smsStatus.delivered",
  pending: "bookings.smsStatus.pending",
  sent: "bookings.smsStatus.sent",
  failed: "bookings.smsStatus.failed",
  none: "bookings.smsStatus.none",
};

/** « délivré », « prévu »… for an SMS status the booking site reports; an unknown one as is. */
export function smsStatusLabel(status: string | null): string {
  if (!status) return t("bookings.smsStatus.none");
  return Object.hasOwn(SMS_STATUSES, status) ? t(SMS_STATUSES[status]) : status;
}

/**
 * What is wrong with a booking's times in Google Calendar (an end not after its start), and
 * what to do about it: the app shows it at its start with no length.
 */
export function spanIssueLabel(issue: SpanIssue): string {
  return issue === "noLength"
    ? t("bookings.spanIssue.noLength")
    : t("bookings.spanIssue.endBeforeStart");
}
