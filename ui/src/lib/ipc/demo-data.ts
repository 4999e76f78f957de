/**
 * Simulated agendas for {@link MockBackend}: an osteopath's calendar over the current and the
 * next week (about forty bookings inside her availability ranges, a few personal events), a
 * colleague's calendar shared with her as secretary, and two calendars she only reads.
 * Deterministic for a given week, so a preview looks the same on every reload.
 */
import type { AgendaEvent, Booking, CalendarInfo, Patient } from "./bindings";
import {
  DEFAULT_TIME_ZONE,
  addDays,
  dayOf,
  instantAt,
  isoWeekday,
  startOfWeek,
  toRfc3339,
} from "../time/zoned";

/** Everything the mock serves once an account is linked. */
export interface DemoData {
  calendars: CalendarInfo[];
  /** Events of every calendar, selected or not. */
  events: AgendaEvent[];
  /** The bookings among {@link events}, with their patients. */
  bookings: Booking[];
}

/** The account of the demo mode (the embedded sandbox). */
export const DEMO_EMAIL = "claire.dubois@demo.rdv-compagnon.fr";
/** The account the mock pretends to link with Google. */
export const LINKED_EMAIL = "claire.dubois.osteo@gmail.com";

const COLLEAGUE_ID = "cabinet.martin.kine@gmail.com";
const TZ = DEFAULT_TIME_ZONE;

/** Each appointment type (motif) the demo practitioner offers, with its usual duration. */
const MOTIFS = [
  { id: "consultation", title: "Consultation", minutes: 45, weight: 6 },
  { id: "suivi", title: "Suivi", minutes: 30, weight: 5 },
  { id: "premiere-consultation", title: "Première consultation", minutes: 60, weight: 3 },
  // A motif the app does not know: shown by its id.
  { id: "bilan-sportif", title: "Bilan sportif", minutes: 60, weight: 1 },
] as const;

const FIRST_NAMES = (
  "Jeanne, Lucas, Camille, Hugo, Chloé, Louis, Manon, Gabriel, Léa, Arthur, Inès, Jules, " +
  "Sarah, Nathan, Louise, Raphaël, Zoé, Paul, Alice, Tom, Emma, Noah, Juliette, Éthan, " +
  "Lina, Adam, Rose, Victor, Anna, Maël, Margaux, Sacha, Nina, Théo, Clémence, Antoine, " +
  "Elsa, Mathis, Agathe, Yasmine, Karim, Thi Mai, Bernadette, Gérard"
).split(", ");
const LAST_NAMES = (
  "Martin, Bernard, Petit, Robert, Richard, Durand, Leroy, Moreau, Simon, Laurent, " +
  "Lefèvre, Michel, Garcia, David, Bertrand, Roux, Vincent, Fournier, Morel, Girard, " +
  "André, Mercier, Blanc, Guérin, Boyer, Faure, Chevalier, François, Lambert, Bonnet, " +
  "Fontaine, Rousseau, Muller, Lemoine, Henry, Masson, Gauthier, Perrin, Nguyen, Benali"
).split(", ");
const MAIL_DOMAINS = ["gmail.com", "orange.fr", "free.fr", "laposte.net", "sfr.fr", "outlook.fr"];

/** A small seeded generator (mulberry32), so the same week always gets the same data. */
function seededRandom(seedText: string): () => number {
  let seed = [...seedText].reduce(
    (hash, char) => Math.imul(hash ^ char.charCodeAt(0), 16777619),
    2166136261,
  );
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

function pickWeighted<T extends { weight: number }>(random: () => number, items: readonly T[]): T {
  let roll = random() * items.reduce((sum, item) => sum + item.weight, 0);
  for (const item of items) {
    roll -= item.weight;
    if (roll < 0) return item;
  }
  return items[items.length - 1];
}

const ascii = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^a-z]+/g, "-");

const utc = (instant: Date) => instant.toISOString().replace(/\.\d{3}Z$/, "Z");

function makePatient(random: () => number, source: string): Patient {
  const firstName = pick(random, FIRST_NAMES);
  const lastName = pick(random, LAST_NAMES);
  const digits = Array.from({ length: 8 }, () => Math.floor(random() * 10)).join("");
  // Bookings taken on the phone often have no email address.
  const email =
    source === "phone" && random() < 0.6
      ? null
      : `${ascii(firstName)}.${ascii(lastName)}@${pick(random, MAIL_DOMAINS)}`;
  return { firstName, lastName, phone: `+33${random() < 0.8 ? 6 : 7}${digits}`, email };
}

/** Opening hours per ISO weekday (1 = Monday), as `[from, to]` wall times. */
type WeeklyHours = Record<number, Array<[string, string]>>;

const PRACTITIONER_HOURS: WeeklyHours = {
  1: [
    ["09:00", "12:30"],
    ["14:00", "19:00"],
  ],
  2: [
    ["09:00", "12:30"],
    ["14:00", "19:00"],
  ],
  3: [["09:00", "12:30"]],
  4: [
    ["09:00", "12:30"],
    ["14:00", "19:00"],
  ],
  5: [
    ["09:00", "12:30"],
    ["14:00", "18:00"],
  ],
  6: [["09:00", "12:00"]],
};

const COLLEAGUE_HOURS: WeeklyHours = {
  1: [
    ["08:30", "12:00"],
    ["14:00", "18:00"],
  ],
  2: [["08:30", "12:00"]],
  4: [
    ["08:30", "12:00"],
    ["14:00", "18:00"],
  ],
  5: [["08:30", "12:00"]],
};

/** Personal events of the practitioner: `[day offset from Monday, from, to, title]`. */
const OTHER_EVENTS: Array<[number, string, string, string]> = [
  [1, "12:45", "13:45", "Réunion d’équipe – MSP"],
  [3, "12:45", "13:30", "Rendez-vous banque"],
  [6, "10:00", "11:30", "Cours de yoga"],
  [7, "08:00", "08:45", "Dentiste"],
  [9, "14:00", "17:30", "Formation continue – douleurs chroniques"],
];

const SOURCES = [
  "site",
  "site",
  "site",
  "site",
  "site",
  "site",
  "site",
  "phone",
  "phone",
  "app",
  "google",
];

interface CalendarPlan {
  calendarId: string;
  hours: WeeklyHours;
  /** Chance that a free slot is booked. */
  fill: number;
}

function plan(
  { calendarId, hours, fill }: CalendarPlan,
  monday: string,
  now: Date,
  random: () => number,
  calendarName: string,
): { events: AgendaEvent[]; bookings: Booking[] } {
  const events: AgendaEvent[] = [];
  const bookings: Booking[] = [];
  for (let offset = 0; offset < 14; offset++) {
    const day = addDays(monday, offset);
    for (const [from, to] of hours[isoWeekday(day)] ?? []) {
      const rangeStart = instantAt(day, from, TZ);
      const rangeEnd = instantAt(day, to, TZ);
      events.push({
        id: `${calendarId}-dispo-${day}-${from}`,
        calendarId,
        kind: "availability",
        title: "Disponible",
        start: toRfc3339(rangeStart, TZ),
        end: toRfc3339(rangeEnd, TZ),
        allDay: false,
        appointmentType: null,
        patientName: null,
      });
      let cursor = rangeStart.getTime();
      while (cursor < rangeEnd.getTime()) {
        const motif = pickWeighted(random, MOTIFS);
        const end = cursor + motif.minutes * 60_000;
        if (end > rangeEnd.getTime() || random() > fill) {
          cursor += 30 * 60_000;
          continue;
        }
        const source = pick(random, SOURCES);
        const patient = makePatient(random, source);
        const start = new Date(cursor);
        const id = `${calendarId}-rdv-${day}-${bookings.length}`;
        const title = `${motif.title} – ${patient.firstName} ${patient.lastName}`;
        const daysAhead = 1 + Math.floor(random() * 20);
        const bookedAt = new Date(
          Math.min(start.getTime() - daysAhead * 86_400_000, now.getTime() - 3_600_000) -
            Math.floor(random() * 600) * 60_000,
        );
        events.push({
          id,
          calendarId,
          kind: "booking",
          title,
          start: toRfc3339(start, TZ),
          end: toRfc3339(new Date(end), TZ),
          allDay: false,
          appointmentType: motif.id,
          patientName: [patient.firstName, patient.lastName].filter(Boolean).join(" ") || null,
        });
        bookings.push({
          id,
          calendarId,
          calendarName,
          start: toRfc3339(start, TZ),
          end: toRfc3339(new Date(end), TZ),
          title,
          appointmentType: motif.id,
          patient,
          source,
          bookedAt: utc(bookedAt),
          eventId: id,
          attendance: null,
          note: null,
          editedBy: null,
          editedAt: null,
          site: null,
        });
        cursor = end;
      }
    }
  }
  return { events, bookings };
}

/**
 * The demo agendas for the two weeks starting on the Monday of `now`'s week (Paris time),
 * for the account `email`.
 */
export function demoData(now: Date, email: string): DemoData {
  const monday = startOfWeek(dayOf(now, TZ));
  const random = seededRandom(monday);
  const calendars: CalendarInfo[] = [
    {
      id: email,
      summary: "Claire Dubois – Ostéopathe",
      color: "#3f51b5",
      timeZone: TZ,
      accessRole: "owner",
      primary: true,
      selected: true,
    },
    {
      id: COLLEAGUE_ID,
      summary: "Dr Léa Martin – Kinésithérapeute",
      color: "#d81b60",
      timeZone: TZ,
      accessRole: "writer",
      primary: false,
      selected: false,
    },
    {
      id: "fr.french#holiday@group.v.calendar.google.com",
      summary: "Jours fériés en France",
      color: "#0b8043",
      timeZone: TZ,
      accessRole: "reader",
      primary: false,
      selected: false,
    },
    {
      id: "salle.reunion.msp@gmail.com",
      summary: "Salle de réunion – MSP",
      color: "#f09300",
      timeZone: TZ,
      accessRole: "freeBusyReader",
      primary: false,
      selected: false,
    },
  ];

  const own = plan(
    { calendarId: email, hours: PRACTITIONER_HOURS, fill: 0.32 },
    monday,
    now,
    random,
    calendars[0].summary,
  );
  const colleague = plan(
    { calendarId: COLLEAGUE_ID, hours: COLLEAGUE_HOURS, fill: 0.3 },
    monday,
    now,
    random,
    calendars[1].summary,
  );
  const others: AgendaEvent[] = OTHER_EVENTS.map(([offset, from, to, title], index) => {
    const day = addDays(monday, offset);
    return {
      id: `${email}-autre-${index}`,
      calendarId: email,
      kind: "other",
      title,
      start: toRfc3339(instantAt(day, from, TZ), TZ),
      end: toRfc3339(instantAt(day, to, TZ), TZ),
      allDay: false,
      appointmentType: null,
      patientName: null,
    };
  });
  const friday = addDays(monday, 11);
  others.push({
    id: `${email}-autre-allday`,
    calendarId: email,
    kind: "other",
    title: "Anniversaire de Léo",
    start: friday,
    end: addDays(friday, 1),
    allDay: true,
    appointmentType: null,
    patientName: null,
  });

  return {
    calendars,
    events: [...own.events, ...colleague.events, ...others],
    bookings: [...own.bookings, ...colleague.bookings],
  };
}
