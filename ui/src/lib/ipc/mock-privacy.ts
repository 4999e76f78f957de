/**
 * Personal-data retention and erasure as the Rust core does them (crates/rdv-app/src/privacy.rs,
 * crates/rdv-store/src/retention.rs), for {@link MockBackend}.
 *
 * Besides the agendas around today, the mock keeps **past bookings** (months back, beyond the
 * agenda's window): each with the patient data held in the cache and in the Google event, so a
 * purge (cache only), the optional scrub of Google and an erasure request (both) can be seen.
 */
import { DEFAULT_TIME_ZONE, addDays, dayOf, instantAt, startOfWeek } from "../time/zoned";
import type { Booking, ErasureMatch, IpcError, Patient, PurgeEntry } from "./bindings";

/** The retention periods the service offers, in days (PRODUCT.md art. 8.3). */
export const RETENTION_PERIODS = [90, 120, 240] as const;
/** The default period. */
export const DEFAULT_RETENTION_DAYS = 120;

/** A booking of the past, as a {@link MockBackend} option. */
export interface MockPastBooking {
  calendarId: string;
  eventId: string;
  /** RFC 3339. */
  start: string;
  end: string;
  appointmentType: string | null;
  patient: Patient;
}

/** A past booking and where its patient data still is (`null`: removed there). */
export interface PastRecord extends Omit<MockPastBooking, "patient"> {
  cached: Patient | null;
  google: Patient | null;
}

/** An instant as the Rust side writes it: UTC, whole seconds. */
export const stamp = (instant: Date | number) =>
  new Date(instant).toISOString().replace(/\.\d{3}Z$/, "Z");

export const pastRecord = (b: MockPastBooking): PastRecord => ({
  calendarId: b.calendarId,
  eventId: b.eventId,
  start: b.start,
  end: b.end,
  appointmentType: b.appointmentType,
  cached: { ...b.patient },
  google: { ...b.patient },
});

/**
 * Two bookings a week in the owner's calendar, from 3 to 36 weeks back, of patients who also
 * have an appointment now (people come back): an erasure request finds past and coming ones.
 */
export function demoPastBookings(now: Date, bookings: readonly Booking[]): MockPastBooking[] {
  const patients = bookings.filter((b) => b.patient.email || b.patient.phone);
  const calendarId = bookings[0]?.calendarId;
  if (!calendarId || patients.length === 0) return [];
  const monday = startOfWeek(dayOf(now, DEFAULT_TIME_ZONE));
  const out: MockPastBooking[] = [];
  for (let week = 3; week <= 36; week++) {
    for (const [offset, time, type, minutes] of [
      [1, "10:00", "consultation", 45],
      [3, "15:30", "suivi", 30],
    ] as const) {
      const day = addDays(monday, offset - 7 * week);
      const start = instantAt(day, time, DEFAULT_TIME_ZONE);
      const source = patients[(out.length * 7) % patients.length];
      out.push({
        calendarId,
        eventId: `past-${day}-${time.replace(":", "")}`,
        start: stamp(start),
        end: stamp(start.getTime() + minutes * 60_000),
        appointmentType: type,
        patient: { ...source.patient },
      });
    }
  }
  return out;
}

/** The retention cutoff: bookings ended before it lose their personal data. */
export function cutoffOf(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

const holds = (p: Patient | null): p is Patient =>
  p !== null && [p.firstName, p.lastName, p.phone, p.email].some((v) => v !== null && v !== "");

/** Whether a current booking still holds patient data in the cache. */
export function bookingHolds(b: Booking): boolean {
  return holds(b.patient) || b.note !== null || b.title.includes(" – ");
}

/** The past bookings that still hold personal data in the cache and ended before `cutoff`. */
export function heldBefore(records: readonly PastRecord[], cutoff: Date): PastRecord[] {
  return records
    .filter((r) => holds(r.cached) && new Date(r.end).getTime() < cutoff.getTime())
    .sort((a, b) => a.start.localeCompare(b.start));
}

/** A log line (`purge_log`), newest first when read. */
export function logEntry(kind: "retention" | "erasure", at: Date, cutoff: Date, bookings: number): PurgeEntry {
  return { at: stamp(at), cutoff: stamp(cutoff), kind, bookings };
}

/** Phone digits in the national form (`0612345678` for `+33 6 12 34 56 78`). */
export function nationalDigits(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  if (digits.startsWith("0033")) return `0${digits.slice(4)}`;
  if (digits.startsWith("33") && (phone.trimStart().startsWith("+") || digits.length === 11)) {
    return `0${digits.slice(2)}`;
  }
  return digits;
}

/** Who an erasure request is about: a normalised email and/or national phone digits. */
export interface PersonQuery {
  email: string | null;
  phone: string | null;
}

export const NO_PERSON =
  "Indiquez l'adresse e-mail ou le numéro de téléphone de la personne.";

/**
 * The request as `find_person` reads it: the email normalised (or why not), a phone of at least
 * 6 digits; neither is an error.
 */
export function personQuery(
  email: string | null,
  phone: string | null,
  normalizeEmail: (text: string) => { email: string } | { error: string },
): PersonQuery | IpcError {
  let address: string | null = null;
  if (email !== null && email.trim() !== "") {
    const checked = normalizeEmail(email);
    if ("error" in checked) return { code: "invalidInput", message: checked.error };
    address = checked.email;
  }
  const digits = phone !== null && phone.replace(/\D/g, "").length >= 6 ? nationalDigits(phone) : null;
  if (address === null && digits === null) return { code: "invalidInput", message: NO_PERSON };
  return { email: address, phone: digits };
}

/** Whether patient data belongs to the person asked about. */
export function isPerson(p: Patient | null, who: PersonQuery): boolean {
  if (!p) return false;
  const byEmail = who.email !== null && p.email !== null && p.email.trim().toLowerCase() === who.email;
  const byPhone = who.phone !== null && p.phone !== null && nationalDigits(p.phone) === who.phone;
  return byEmail || byPhone;
}

/** The person's bookings, past and current, sorted by start (`find_person`). */
export function matchesOf(
  records: readonly PastRecord[],
  bookings: readonly Booking[],
  who: PersonQuery,
): ErasureMatch[] {
  const found: ErasureMatch[] = [];
  for (const r of records) {
    const [inCache, inCalendar] = [isPerson(r.cached, who), isPerson(r.google, who)];
    if (inCache || inCalendar) {
      found.push({
        calendarId: r.calendarId,
        eventId: r.eventId,
        start: r.start,
        appointmentType: r.appointmentType,
        inCache,
        inCalendar,
        inSite: false,
      });
    }
  }
  for (const b of bookings) {
    if (isPerson(b.patient, who)) {
      found.push({
        calendarId: b.calendarId,
        eventId: b.eventId,
        start: stamp(new Date(b.start)),
        appointmentType: b.appointmentType,
        inCache: true,
        inCalendar: true,
        inSite: false,
      });
    }
  }
  return found.sort((a, b) => a.start.localeCompare(b.start));
}

/** A title without the patient's name: the part before « – » (the appointment type). */
export function anonymousTitle(title: string): string {
  const head = title.split(" – ")[0].trim();
  return head || "Rendez-vous";
}

const pad = (n: number) => String(n).padStart(2, "0");

/**
 * The text to send back after a complete erasure, as the Rust core writes it (French, UTC): one
 * line per calendar reached, the local copy, and the site (`siteRecords` is `null` without a
 * linked booking site).
 */
export function erasureReportText(
  at: Date,
  calendars: { label: string; count: number }[],
  cachedBookings: number,
  siteRecords: number | null,
): string {
  const when = `${pad(at.getUTCDate())}/${pad(at.getUTCMonth() + 1)}/${at.getUTCFullYear()} à ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())} UTC`;
  const calendarLines = calendars.map(
    (c) =>
      `- ${c.count} rendez-vous dans l'agenda « ${c.label} » (le créneau horaire est conservé sans aucune donnée vous concernant) ;\n`,
  );
  const site =
    siteRecords === null
      ? "- aucune réservation sur un site de prise de rendez-vous (pas de site lié).\n"
      : `- ${siteRecords} réservation(s) sur le site de prise de rendez-vous ;\n`;
  const cache = `- ${cachedBookings} enregistrement(s) dans la copie locale de l'application du cabinet ;\n`;
  return (
    `Suite à votre demande, vos données personnelles (nom, prénom, téléphone, adresse e-mail) ont été effacées le ${when} :\n` +
    calendarLines.join("") +
    (siteRecords === null ? cache + site : site + cache) +
    "Aucune autre donnée vous concernant n'est conservée par le cabinet dans ces outils."
  );
}
