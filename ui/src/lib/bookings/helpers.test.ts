import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import type { Booking } from "../ipc/bindings";
import { displayPhone } from "./contact";
import { groupBookings } from "./groups";
import { motifLabel, patientName, sourceLabel, spanIssueLabel } from "./labels";

afterEach(() => setLocale("fr"));

const booking = (id: string, start: string): Booking => ({
  id,
  calendarId: "cal",
  calendarName: "Claire Dubois",
  start,
  end: start,
  title: "Consultation",
  appointmentType: "consultation",
  patient: { firstName: "Jeanne", lastName: "Martin", phone: null, email: null, phoneLink: null, emailLink: null },
  source: "site",
  bookedAt: null,
  eventId: id,
  attendance: null,
  note: null,
  editedBy: null,
  editedByYou: false,
  editedAt: null,
  site: null,
  canEdit: true,
  origin: "marked",
  canComplete: false,
  noShows: 0,
  repeatedNoShows: false,
});

describe("groupBookings", () => {
  it("splits bookings into today, the rest of the week and later, leaving out empty groups", () => {
    const now = new Date("2026-11-26T08:00:00Z"); // Thursday
    const sections = groupBookings(
      [
        booking("a", "2026-11-26T10:00:00+01:00"),
        booking("b", "2026-11-28T09:00:00+01:00"),
        booking("c", "2026-12-01T09:00:00+01:00"),
        booking("d", "2026-12-02T09:00:00+01:00"),
      ],
      now,
      "Europe/Paris",
    );
    expect(sections.map((s) => [s.group, s.bookings.map((b) => b.id)])).toEqual([
      ["today", ["a"]],
      ["week", ["b"]],
      ["later", ["c", "d"]],
    ]);

    const laterOnly = groupBookings(
      [booking("c", "2026-12-01T09:00:00+01:00")],
      now,
      "Europe/Paris",
    );
    expect(laterOnly.map((s) => s.group)).toEqual(["later"]);
  });

  it("puts the bookings a search found that are over in a past section, first", () => {
    const now = new Date("2026-11-26T08:00:00Z");
    const sections = groupBookings(
      [
        { ...booking("old", "2026-11-10T09:00:00+01:00"), end: "2026-11-10T09:30:00+01:00" },
        { ...booking("a", "2026-11-26T10:00:00+01:00"), end: "2026-11-26T10:30:00+01:00" },
      ],
      now,
      "Europe/Paris",
    );
    expect(sections.map((s) => [s.group, s.bookings.map((b) => b.id)])).toEqual([
      ["past", ["old"]],
      ["today", ["a"]],
    ]);
  });
});

describe("labels", () => {
  it("names the known appointment types and shows unknown ids as they are", () => {
    expect(motifLabel("consultation")).toBe("Consultation");
    expect(motifLabel("premiere-consultation")).toBe("Première consultation");
    expect(motifLabel("suivi")).toBe("Suivi");
    expect(motifLabel("bilan-sportif")).toBe("bilan-sportif");
    expect(motifLabel(null)).toBe("Rendez-vous");
    setLocale("en");
    expect(motifLabel("suivi")).toBe("Follow-up");
  });

  it("names the booking sources", () => {
    expect(sourceLabel("site")).toBe("Site de réservation");
    expect(sourceLabel("app")).toBe("Application");
    expect(sourceLabel("phone")).toBe("Téléphone");
    expect(sourceLabel("google")).toBe("Google Agenda");
    expect(sourceLabel(null)).toBe("Non renseigné");
  });

  it("says what is wrong with a booking's times in Google and where to correct it", () => {
    expect(spanIssueLabel("noLength")).toContain("finit à l’heure où il commence");
    expect(spanIssueLabel("endBeforeStart")).toContain("finit avant de commencer");
    for (const issue of ["noLength", "endBeforeStart"] as const) {
      expect(spanIssueLabel(issue)).toContain("corrigez son heure de fin dans Google Agenda");
    }
    setLocale("en");
    expect(spanIssueLabel("endBeforeStart")).toContain("ends before it starts");
  });

  it("names a patient, even one without a name", () => {
    expect(patientName({ firstName: "Jeanne", lastName: "Martin", phone: null, email: null, phoneLink: null, emailLink: null })).toBe(
      "Jeanne Martin",
    );
    expect(patientName({ firstName: null, lastName: " ", phone: null, email: null, phoneLink: null, emailLink: null })).toBe(
      "Patient sans nom",
    );
  });
});

describe("contact details", () => {
  it("shows French numbers in pairs", () => {
    expect(displayPhone("+33612345678")).toBe("06 12 34 56 78");
    expect(displayPhone("01.23.45.67.89")).toBe("01 23 45 67 89");
    expect(displayPhone("+41 21 123 45 67")).toBe("+41 21 123 45 67");
  });
});
