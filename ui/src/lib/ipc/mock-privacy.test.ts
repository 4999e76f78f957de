import { describe, expect, it } from "vitest";
import { account, CLAIRE, practice } from "../testing/practice";
import type { Patient } from "./bindings";
import { LINKED_EMAIL } from "./demo-data";
import { MockBackend } from "./mock-backend";
import { demoPastBookings, nationalDigits, type MockPastBooking } from "./mock-privacy";

// Thursday 26 November 2026, 09:00 in Paris.
const NOW = new Date("2026-11-26T08:00:00Z");
const now = () => NOW;

const jeanne: Patient = { firstName: "Jeanne", lastName: "Martin", phone: "+33612345678", email: "jeanne.martin@orange.fr" };
const paul: Patient = { firstName: "Paul", lastName: "Roux", phone: "0698765432", email: null };

/** A past booking `daysAgo` days before now, 45 minutes long. */
function past(id: string, daysAgo: number, patient: Patient): MockPastBooking {
  const start = new Date(NOW.getTime() - daysAgo * 86_400_000);
  return {
    calendarId: CLAIRE,
    eventId: id,
    start: start.toISOString().replace(/\.\d{3}Z$/, "Z"),
    end: new Date(start.getTime() + 45 * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"),
    appointmentType: "consultation",
    patient,
  };
}

function backend() {
  return new MockBackend({
    account,
    data: practice(),
    now,
    pastBookings: [past("a", 300, jeanne), past("b", 200, paul), past("c", 100, jeanne), past("d", 30, paul)],
  });
}

describe("retention (as privacy.rs does it)", () => {
  it("starts at 120 days, unconfirmed, and previews what a purge would remove", async () => {
    const b = backend();
    expect(await b.retentionState()).toEqual({ days: 120, confirmed: false, log: [] });

    const preview = await b.retentionPreview();
    expect(preview.count).toBe(2);
    expect(preview.cutoff).toBe("2026-07-29T08:00:00Z");
    expect(preview.starts).toEqual(["2026-01-30T08:00:00Z", "2026-05-10T08:00:00Z"]);

    await b.setRetentionDays(90);
    expect((await b.retentionPreview()).count).toBe(3);
    await expect(b.setRetentionDays(100)).rejects.toEqual({
      code: "invalidInput",
      message: "La durée de conservation est de 90, 120 ou 240 jours.",
    });
  });

  it("purges only once confirmed, logs counts, and the dry run is then empty", async () => {
    const b = backend();
    expect(b.purgeNow()).toBe(0);

    const state = await b.confirmRetention();
    expect(state.confirmed).toBe(true);
    expect(state.log).toEqual([
      { at: "2026-11-26T08:00:00Z", cutoff: "2026-07-29T08:00:00Z", kind: "retention", bookings: 2 },
    ]);
    expect((await b.retentionPreview()).count).toBe(0);
    // Only the cache was purged: Google still has them, until scrubbed.
    expect((await b.findPerson("jeanne.martin@orange.fr", null)).filter((m) => m.eventId === "a")).toEqual([
      expect.objectContaining({ inCache: false, inCalendar: true }),
    ]);
    expect(await b.scrubGooglePast()).toBe(2);
    expect(await b.scrubGooglePast()).toBe(0);
  });

  it("needs Google to scrub, and refuses personal data while locked", async () => {
    const offline = new MockBackend({ account, data: practice(), now, offline: true });
    await expect(offline.scrubGooglePast()).rejects.toMatchObject({ code: "offline" });

    const locked = new MockBackend({ account, data: practice(), now, lock: { pin: "2468", locked: true } });
    await expect(locked.retentionPreview()).rejects.toMatchObject({ code: "appLocked" });
    await expect(locked.findPerson("a@b.fr", null)).rejects.toMatchObject({ code: "appLocked" });
    await expect(locked.agendaEvents("2026-11-23", "2026-11-30")).rejects.toMatchObject({ code: "appLocked" });
    await expect(locked.bookingDetails(CLAIRE, "jeanne")).rejects.toMatchObject({ code: "appLocked" });
    await expect(locked.activityLog(10)).rejects.toMatchObject({ code: "appLocked" });
    // Not personal: the retention period, the account.
    expect((await locked.retentionState()).days).toBe(120);
    expect((await locked.accountStatus()).state).toBe("linked");
  });
});

describe("erasure requests (as privacy.rs does them)", () => {
  it("find a person's bookings by email or phone, past and coming, in date order", async () => {
    const b = backend();

    const byEmail = await b.findPerson("  Jeanne.Martin@Orange.fr ", null);
    expect(byEmail.map((m) => m.eventId)).toEqual(["a", "c"]);
    expect(byEmail[0]).toEqual({
      calendarId: CLAIRE,
      eventId: "a",
      start: "2026-01-30T08:00:00Z",
      appointmentType: "consultation",
      inCache: true,
      inCalendar: true,
      inSite: false,
    });

    // The practice's coming bookings share the phone +33612345678.
    const byPhone = await b.findPerson(null, "06 12 34 56 78");
    expect(byPhone.map((m) => m.eventId)).toEqual(["a", "c", "past", "jeanne", "manon", "lucas", "chloe", "hugo"]);
  });

  it("refuse a request without a usable email or phone", async () => {
    const b = backend();
    await expect(b.findPerson(null, null)).rejects.toEqual({
      code: "invalidInput",
      message: "Indiquez l'adresse e-mail ou le numéro de téléphone de la personne.",
    });
    await expect(b.findPerson("", "0612")).rejects.toMatchObject({ code: "invalidInput" });
    await expect(b.findPerson("jeanne@orange", null)).rejects.toMatchObject({
      code: "invalidInput",
      message: expect.stringContaining("incomplet"),
    });
  });

  it("erase everywhere, log it, and write the report to send back", async () => {
    const b = backend();
    const report = await b.erasePerson(null, "0698765432");

    expect(report).toMatchObject({ erasedAt: "2026-11-26T08:00:00Z", calendarEvents: 2, cachedBookings: 2, siteRecords: null });
    expect(report.report).toContain("effacées le 26/11/2026 à 08:00 UTC");
    expect(report.complete).toBe(true);
    expect(report.parts.map((p) => [p.place, p.step, p.count])).toEqual([
      ["calendar", "done", 2],
      ["cache", "done", 2],
    ]);
    expect(report.report).toMatch(/- 2 rendez-vous dans l'agenda « .+ »/);
    expect(report.report).toContain("- aucune réservation sur un site de prise de rendez-vous (pas de site lié).");
    expect(report.report).not.toContain("Paul");
    expect(await b.findPerson(null, "0698765432")).toEqual([]);
    expect((await b.retentionState()).log[0]).toEqual({
      at: "2026-11-26T08:00:00Z",
      cutoff: "2026-11-26T08:00:00Z",
      kind: "erasure",
      bookings: 2,
    });
  });

  it("anonymise the coming bookings of the person too, keeping their slots", async () => {
    const b = new MockBackend({ account, data: practice(), now, pastBookings: [] });
    const before = (await b.upcomingBookings(null)).length;
    await b.erasePerson(null, "+33 6 12 34 56 78");

    const after = await b.upcomingBookings(null);
    expect(after).toHaveLength(before);
    for (const booking of after) {
      expect(booking.patient).toEqual({ firstName: null, lastName: null, phone: null, email: null });
      expect(booking.title).toBe("Consultation");
    }
  });
});

describe("the demo's past bookings", () => {
  it("go back 3 to 36 weeks, twice a week, with patients who have a booking now", async () => {
    const b = new MockBackend({ account: { state: "linked", email: LINKED_EMAIL, demo: false }, now });
    const own = b.data!.bookings.filter((x) => x.calendarId === LINKED_EMAIL);
    const history = demoPastBookings(NOW, own);
    expect(history).toHaveLength(68);
    const phones = new Set(own.map((x) => x.patient.phone));
    expect(history.every((h) => phones.has(h.patient.phone))).toBe(true);
    expect((await b.retentionPreview()).count).toBeGreaterThan(20);
  });

  it("read phone numbers in the national form", () => {
    expect(nationalDigits("+33 6 12 34 56 78")).toBe("0612345678");
    expect(nationalDigits("0033612345678")).toBe("0612345678");
    expect(nationalDigits("06.12.34.56.78")).toBe("0612345678");
  });
});
