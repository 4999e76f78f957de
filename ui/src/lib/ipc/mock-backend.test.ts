import { describe, expect, it } from "vitest";
import { DEFAULT_TIME_ZONE, dayOf, instantAt, startOfWeek, addDays } from "../time/zoned";
import type { AccountState, SyncStatus } from "./bindings";
import { DEMO_EMAIL, LINKED_EMAIL, demoData } from "./demo-data";
import { MockBackend, matchesQuery } from "./mock-backend";

// Thursday 26 November 2026, 09:00 in Paris.
const NOW = new Date("2026-11-26T08:00:00Z");
const linked: AccountState = { state: "linked", email: LINKED_EMAIL, demo: false };

describe("demoData", () => {
  const data = demoData(NOW, LINKED_EMAIL);
  const monday = startOfWeek(dayOf(NOW, DEFAULT_TIME_ZONE));
  const own = data.bookings.filter((b) => b.calendarId === LINKED_EMAIL);

  it("gives the practitioner about forty bookings over this week and the next", () => {
    expect(own.length).toBeGreaterThanOrEqual(30);
    expect(own.length).toBeLessThanOrEqual(55);
    const first = instantAt(monday, "00:00", DEFAULT_TIME_ZONE);
    const last = instantAt(addDays(monday, 14), "00:00", DEFAULT_TIME_ZONE);
    for (const booking of own) {
      expect(new Date(booking.start) >= first && new Date(booking.end) <= last).toBe(true);
    }
  });

  it("places every booking inside one of the calendar's availability ranges", () => {
    const ranges = data.events.filter((e) => e.kind === "availability");
    for (const booking of data.bookings) {
      const inside = ranges.some(
        (r) =>
          r.calendarId === booking.calendarId &&
          new Date(r.start) <= new Date(booking.start) &&
          new Date(booking.end) <= new Date(r.end),
      );
      expect(inside, booking.id).toBe(true);
    }
  });

  it("has a few other events, one of them all day", () => {
    const others = data.events.filter((e) => e.kind === "other");
    expect(others.length).toBeGreaterThanOrEqual(3);
    expect(others.some((e) => e.allDay && /^\d{4}-\d{2}-\d{2}$/.test(e.start))).toBe(true);
  });

  it("is the same on every reload of the same week (but for booking dates, never in the future)", () => {
    const later = new Date(NOW.getTime() + 3_600_000);
    const strip = (d: typeof data) => ({
      ...d,
      bookings: d.bookings.map((b) => ({ ...b, bookedAt: null })),
    });
    expect(strip(demoData(later, LINKED_EMAIL))).toEqual(strip(data));
    expect(data.bookings.every((b) => b.bookedAt !== null && new Date(b.bookedAt) < NOW)).toBe(
      true,
    );
  });
});

describe("matchesQuery", () => {
  const booking = demoData(NOW, LINKED_EMAIL).bookings[0];
  const named = {
    ...booking,
    patient: {
      firstName: "Clémence",
      lastName: "Lefèvre",
      phone: "+33612345678",
      email: "c.lefevre@orange.fr",
    },
  };

  it("finds a patient by name without accents or case, by email and by phone as typed in France", () => {
    expect(matchesQuery(named, "lefevre")).toBe(true);
    expect(matchesQuery(named, "CLÉMENCE lef")).toBe(true);
    expect(matchesQuery(named, "orange.fr")).toBe(true);
    expect(matchesQuery(named, "06 12 34")).toBe(true);
    expect(matchesQuery(named, "+33 6 12")).toBe(true);
    expect(matchesQuery(named, "martin")).toBe(false);
    expect(matchesQuery(named, "07 12")).toBe(false);
  });
});

describe("MockBackend", () => {
  it("lists upcoming bookings of selected calendars only, sorted, from now on", async () => {
    const backend = new MockBackend({ account: linked, now: () => NOW });
    const bookings = await backend.upcomingBookings(null);

    expect(bookings.length).toBeGreaterThan(10);
    expect(bookings.every((b) => b.calendarId === LINKED_EMAIL)).toBe(true);
    expect(bookings.every((b) => new Date(b.end) > NOW)).toBe(true);
    const starts = bookings.map((b) => new Date(b.start).getTime());
    expect(starts).toEqual([...starts].sort((a, b) => a - b));

    await backend.setCalendarSelected("cabinet.martin.kine@gmail.com", true);
    const both = await backend.upcomingBookings(null);
    expect(new Set(both.map((b) => b.calendarId)).size).toBe(2);
  });

  it("answers agenda events overlapping the asked range", async () => {
    const backend = new MockBackend({ account: linked, now: () => NOW });
    const events = await backend.agendaEvents(
      "2026-11-26T00:00:00+01:00",
      "2026-11-27T00:00:00+01:00",
    );

    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.start.startsWith("2026-11-26"))).toBe(true);
    expect(new Set(events.map((e) => e.kind))).toEqual(
      new Set(["booking", "availability", "other"]),
    );
  });

  it("refuses data commands without an account, as the Rust side does", async () => {
    const backend = new MockBackend();
    await expect(backend.listCalendars()).rejects.toMatchObject({ code: "noAccount" });
    await expect(backend.upcomingBookings(null)).rejects.toMatchObject({ code: "noAccount" });
  });

  it("reports linking, then the linked account, through account-state events", async () => {
    const backend = new MockBackend();
    const states: string[] = [];
    backend.onAccountState((account) => states.push(account.state));

    expect(await backend.linkGoogleAccount()).toEqual(linked);
    expect(states).toEqual(["linking", "linked"]);
  });

  it("rejects a cancelled link with oauthCancelled and goes back to no account", async () => {
    const backend = new MockBackend({ delayMs: 60_000 });
    const pending = backend.linkGoogleAccount();
    await backend.cancelLinking();

    await expect(pending).rejects.toMatchObject({ code: "oauthCancelled" });
    expect(backend.account).toEqual({ state: "none" });
  });

  it("starts the demo, syncs and says the data changed", async () => {
    const backend = new MockBackend();
    const statuses: SyncStatus["state"][] = [];
    let changes = 0;
    backend.onSyncStatus((status) => statuses.push(status.state));
    const stop = backend.onDataChanged(() => changes++);

    expect(await backend.startDemo()).toEqual({ state: "linked", email: DEMO_EMAIL, demo: true });
    expect(statuses).toEqual(["idle"]);
    expect(changes).toBe(1);

    stop();
    await backend.unlinkAccount();
    expect(changes).toBe(1);
    expect(backend.sync.state).toBe("noAccount");
  });

  it("ends a sync offline when Google cannot be reached, keeping the last success", async () => {
    const backend = new MockBackend({ account: linked, offline: true });
    const before = backend.sync.lastSuccessAt;

    const status = await backend.syncNow();
    expect(status.state).toBe("offline");
    expect(status.lastSuccessAt).toBe(before);
  });
});

describe("MockBackend availability", () => {
  const COLLEAGUE = "cabinet.martin.kine@gmail.com";
  const at = () => new MockBackend({ account: linked, now: () => NOW });

  it("starts with the demo practitioner's configuration, saved and published", async () => {
    const state = await at().getAvailability(LINKED_EMAIL);
    expect(state).toMatchObject({ role: "owner", canCreate: true, canModify: true, unpublishedChanges: false });
    expect(state.config.appointmentTypes.map((t) => t.id)).toEqual(["consultation", "suivi", "premiere-consultation"]);
    expect(state.problems).toEqual([]);
    expect(state.publishedAt).not.toBeNull();
  });

  it("gives a calendar never saved an empty configuration in its zone", async () => {
    const backend = new MockBackend({ account: linked, now: () => NOW, availability: {} });
    const state = await backend.getAvailability(LINKED_EMAIL);
    expect(state.savedAt).toBeNull();
    expect(state.config).toEqual({
      timeZone: "Europe/Paris",
      appointmentTypes: [],
      templates: [],
      exceptions: { closures: [], openings: [] },
      holidays: { region: "metropole", closed: true },
    });
  });

  it("lets a secretary shorten a range but not open new time (art. 4.3)", async () => {
    const backend = at();
    const state = await backend.getAvailability(COLLEAGUE);
    expect(state).toMatchObject({ role: "writer", canCreate: false, canModify: true });
    const config = structuredClone(state.config);
    config.templates[0].ranges[0].end = "11:30";
    expect((await backend.saveAvailability(COLLEAGUE, config)).config.templates[0].ranges[0].end).toBe("11:30");
    config.templates[0].ranges[0].end = "13:00";
    await expect(backend.saveAvailability(COLLEAGUE, config)).rejects.toMatchObject({
      code: "forbidden",
      message: expect.stringContaining("Seul le titulaire"),
    });
    expect((await backend.getAvailability(COLLEAGUE)).config.templates[0].ranges[0].end).toBe("11:30");
  });

  it("refuses what the Rust side could not read, and a calendar it does not know", async () => {
    const backend = at();
    const config = (await backend.getAvailability(LINKED_EMAIL)).config;
    config.templates[0].ranges[0].start = "9 heures";
    await expect(backend.saveAvailability(LINKED_EMAIL, config)).rejects.toMatchObject({ code: "internal" });
    await expect(backend.getAvailability("nobody@example.fr")).rejects.toMatchObject({ code: "invalidInput" });
  });

  it("publishes a plan with progress events, then has nothing left to write", async () => {
    const backend = at();
    const config = (await backend.getAvailability(LINKED_EMAIL)).config;
    config.templates[0].ranges[0].end = "12:00";
    await backend.saveAvailability(LINKED_EMAIL, config);

    const plan = await backend.planPublish(LINKED_EMAIL);
    expect(plan.updates).toBe(5);
    expect(plan.summaryFr).toBe("5 créneaux modifiés");
    const progress: number[] = [];
    backend.onPublishProgress((p) => progress.push(p.done));
    const outcome = await backend.publishAvailability(LINKED_EMAIL, plan.fingerprint, false);
    expect(outcome.writes).toBe(5);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect((await backend.planPublish(LINKED_EMAIL)).writes).toBe(0);
    expect((await backend.getAvailability(LINKED_EMAIL)).unpublishedChanges).toBe(false);
  });

  it("refuses a plan that changed since it was shown, and publishing offline", async () => {
    const backend = at();
    const plan = await backend.planPublish(LINKED_EMAIL);
    backend.simulateRemoteChange(LINKED_EMAIL);
    await expect(backend.publishAvailability(LINKED_EMAIL, plan.fingerprint, false)).rejects.toMatchObject({
      code: "planChanged",
    });
    backend.offline = true;
    await expect(backend.planPublish(LINKED_EMAIL)).rejects.toMatchObject({ code: "offline" });
  });
});
