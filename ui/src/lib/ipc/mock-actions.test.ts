import { describe, expect, it } from "vitest";
import type { AccountState, AgendaEvent, Booking, CalendarInfo } from "./bindings";
import type { DemoData } from "./demo-data";
import { conflictMessage, freeStarts, isDay, slotProblem } from "./mock-actions";
import { MockBackend } from "./mock-backend";
import { normalizeEmail, shareEntries, userRule } from "./mock-sharing";

// Thursday 26 November 2026, 09:00 in Paris.
const NOW = new Date("2026-11-26T08:00:00Z");
const ME = "claire@example.fr";
const LEA = "lea@example.fr";
const HOLIDAYS = "holidays@example.fr";
const account: AccountState = { state: "linked", email: ME, demo: false };
const TZ = "Europe/Paris";

const calendar = (id: string, accessRole: CalendarInfo["accessRole"], primary = false): CalendarInfo => ({
  id,
  summary: id,
  color: "#3f51b5",
  timeZone: TZ,
  accessRole,
  primary,
  selected: true,
});

const event = (
  id: string,
  calendarId: string,
  kind: AgendaEvent["kind"],
  start: string,
  end: string,
  appointmentType: string | null = null,
): AgendaEvent => ({
  id,
  calendarId,
  kind,
  title: id,
  start,
  end,
  allDay: false,
  appointmentType,
  patientName: null,
});

const booking = (id: string, calendarId: string, start: string, end: string): Booking => ({
  id,
  calendarId,
  calendarName: calendarId,
  start,
  end,
  title: id,
  appointmentType: "consultation",
  patient: { firstName: "Jeanne", lastName: "Martin", phone: null, email: null },
  source: "site",
  bookedAt: null,
  eventId: id,
  attendance: null,
  note: null,
  editedBy: null,
  editedAt: null,
  site: null,
});

/** Friday 27: open 09:00–12:30 (consultations only 09:00–10:00 on Léa's), two bookings, a meeting. */
function data(): DemoData {
  const b1 = booking("b1", ME, "2026-11-27T10:00:00+01:00", "2026-11-27T10:45:00+01:00");
  const b2 = booking("b2", ME, "2026-11-27T11:00:00+01:00", "2026-11-27T11:30:00+01:00");
  const l1 = booking("l1", LEA, "2026-11-27T09:00:00+01:00", "2026-11-27T09:30:00+01:00");
  const h1 = booking("h1", HOLIDAYS, "2026-11-27T09:00:00+01:00", "2026-11-27T09:30:00+01:00");
  const asEvent = (b: Booking) => event(b.id, b.calendarId, "booking", b.start, b.end, "consultation");
  return {
    calendars: [calendar(ME, "owner", true), calendar(LEA, "writer"), calendar(HOLIDAYS, "reader")],
    events: [
      event("open", ME, "availability", "2026-11-27T09:00:00+01:00", "2026-11-27T12:30:00+01:00"),
      event("meeting", ME, "other", "2026-11-27T12:00:00+01:00", "2026-11-27T12:30:00+01:00"),
      event("lea-open", LEA, "availability", "2026-11-27T09:00:00+01:00", "2026-11-27T10:00:00+01:00", "seance"),
      asEvent(b1),
      asEvent(b2),
      asEvent(l1),
      asEvent(h1),
    ],
    bookings: [b1, b2, l1, h1],
  };
}

const mock = (offline = false) =>
  new MockBackend({ account, data: data(), now: () => NOW, offline, activity: [] });

describe("normalizeEmail (rdv_core::email::normalize)", () => {
  it("accepts ordinary addresses, trimmed and lower-cased", () => {
    expect(normalizeEmail("secretariat@cabinet.fr")).toEqual({ email: "secretariat@cabinet.fr" });
    expect(normalizeEmail("  Marie.Dupont@Gmail.com ")).toEqual({ email: "marie.dupont@gmail.com" });
    expect(normalizeEmail("dr+agenda@sante-paris.fr")).toEqual({ email: "dr+agenda@sante-paris.fr" });
  });

  it("refuses typos with the message of the Rust side", () => {
    for (const [input, hint] of [
      ["", "Saisissez"],
      ["marie dupont@gmail.com", "espace"],
      ["marie.dupont", "n'est pas une adresse"],
      ["marie@@gmail.com", "n'est pas une adresse"],
      ["marie@gmail", "incomplet"],
      ["marie@gmail.", "n'est pas une adresse"],
      ["marie@[192.168.0.1]", "incomplet"],
      ["secretariat@cabinet", "Le domaine « cabinet » est incomplet"],
    ]) {
      const result = normalizeEmail(input);
      expect("error" in result && result.error, input).toContain(hint);
    }
  });
});

describe("shareEntries", () => {
  it("lists owners first, then by address, and marks the linked account", () => {
    const entries = shareEntries(
      [
        userRule("zoe@example.fr", "reader"),
        userRule("amelie@example.fr", "writer"),
        userRule(ME, "owner"),
        { ruleId: "domain:cabinet.fr", scope: "domain", value: "cabinet.fr", role: "freeBusyReader" },
      ],
      ME,
    );
    expect(entries.map((e) => [e.email, e.role, e.isYou])).toEqual([
      [ME, "owner", true],
      [null, "freeBusyReader", false],
      ["amelie@example.fr", "writer", false],
      ["zoe@example.fr", "reader", false],
    ]);
  });
});

describe("slotProblem and freeStarts (check_free, move_options)", () => {
  const d = data();
  const b1 = { calendarId: ME, eventId: "b1", appointmentType: "consultation" };
  const at = (time: string) => new Date(`2026-11-27T${time}:00+01:00`).getTime();
  const now = NOW.getTime();

  it("accepts a free time inside the published availability", () => {
    expect(slotProblem(d.events, b1, at("09:00"), at("09:45"), now, TZ)).toBeNull();
    // Its own place does not count as busy.
    expect(slotProblem(d.events, b1, at("10:15"), at("11:00"), now, TZ)).toBeNull();
  });

  it("says why a time is not free: past, closed, taken", () => {
    expect(slotProblem(d.events, b1, at("08:00") - 86_400_000, at("08:45") - 86_400_000, now, TZ)).toBe(
      "Ce créneau est déjà passé.",
    );
    expect(slotProblem(d.events, b1, at("13:00"), at("13:45"), now, TZ)).toBe(
      "13:00–13:45 n'est pas dans une disponibilité publiée pour ce motif.",
    );
    expect(slotProblem(d.events, b1, at("10:45"), at("11:30"), now, TZ)).toBe(
      "10:45–11:30 chevauche un autre rendez-vous (11:00–11:30).",
    );
    // A range reserved to another type does not offer this one.
    const lea = { calendarId: LEA, eventId: "l1", appointmentType: "consultation" };
    expect(slotProblem(d.events, lea, at("09:30"), at("10:00"), now, TZ)).toContain("disponibilité publiée");
  });

  it("offers the free starts of a day, stepping by the booking's duration", () => {
    expect(freeStarts(d.events, b1, 45 * 60_000, "2026-11-27", now, TZ)).toEqual([
      "2026-11-27T09:00:00+01:00",
      // 09:45 overlaps nothing but itself; 10:30–11:15 and 11:15–12:00 meet b2; 12:00 the meeting.
      "2026-11-27T09:45:00+01:00",
    ]);
    expect(freeStarts(d.events, b1, 45 * 60_000, "2026-11-28", now, TZ)).toEqual([]);
  });

  it("checks dates and describes other people's changes", () => {
    expect(isDay("2026-11-27")).toBe(true);
    expect(isDay("2026-02-30")).toBe(false);
    expect(conflictMessage({ kind: "cancel", actor: "lea@example.fr" }, TZ)).toBe(
      "Ce rendez-vous a été annulé entre-temps par lea@example.fr.",
    );
    expect(conflictMessage({ kind: "move", start: "2026-11-27T13:00:00Z", actor: null }, TZ)).toBe(
      "Ce rendez-vous a été déplacé entre-temps par quelqu'un (nouvel horaire : 27/11 à 14:00). Vérifiez puis réessayez.",
    );
  });
});

describe("MockBackend sharing", () => {
  it("lets the owner grant, change and revoke, re-reading the list each time", async () => {
    const backend = mock();
    expect(await backend.listSharing(ME)).toEqual([
      { ruleId: `user:${ME}`, email: ME, scope: "user", role: "owner", isYou: true },
    ]);

    let list = await backend.grantAccess(ME, " Accueil@Cabinet.fr ", "writer");
    expect(list.map((e) => [e.email, e.role])).toEqual([
      [ME, "owner"],
      ["accueil@cabinet.fr", "writer"],
    ]);
    // Sharing again with the same person changes their role.
    list = await backend.grantAccess(ME, "accueil@cabinet.fr", "reader");
    expect(list).toHaveLength(2);
    list = await backend.changeAccess(ME, "user:accueil@cabinet.fr", "freeBusyReader");
    expect(list[1].role).toBe("freeBusyReader");
    list = await backend.revokeAccess(ME, "user:accueil@cabinet.fr");
    expect(list).toHaveLength(1);
  });

  it("refuses bad addresses, one's own, the owner role, non-owners, and works only online", async () => {
    const backend = mock();
    await expect(backend.grantAccess(ME, "accueil@cabinet", "writer")).rejects.toEqual({
      code: "invalidInput",
      message: "Le domaine « cabinet » est incomplet : il faut un nom comme cabinet.fr ou gmail.com.",
    });
    await expect(backend.grantAccess(ME, ME.toUpperCase(), "writer")).rejects.toMatchObject({
      code: "invalidInput",
      message: expect.stringContaining("votre propre adresse"),
    });
    await expect(backend.grantAccess(ME, "a@b.fr", "owner")).rejects.toMatchObject({ code: "invalidInput" });
    await expect(backend.listSharing(LEA)).rejects.toMatchObject({ code: "forbidden" });
    await expect(backend.grantAccess(LEA, "a@b.fr", "reader")).rejects.toMatchObject({ code: "forbidden" });
    backend.offline = true;
    await expect(backend.listSharing(ME)).rejects.toMatchObject({ code: "offline" });
  });
});

describe("MockBackend booking actions", () => {
  it("applies an edit at once online, logs it and reports the booking changed", async () => {
    const backend = mock();
    let changes = 0;
    backend.onDataChanged(() => changes++);

    const outcome = await backend.bookingAction(ME, "b1", { kind: "note", text: "  Rappeler la veille " });

    expect(outcome).toMatchObject({ state: "applied", message: null, item: { action: "note" } });
    const b1 = await backend.bookingDetails(ME, "b1");
    expect(b1).toMatchObject({ note: "Rappeler la veille", editedBy: ME, editedAt: "2026-11-26T08:00:00Z" });
    expect(await backend.outboxItems()).toEqual([]);
    expect(await backend.activityLog(10)).toEqual([
      expect.objectContaining({ actor: ME, origin: "app", action: "note", eventId: "b1", from: "2026-11-27T09:00:00Z" }),
    ]);
    expect(changes).toBe(1);
  });

  it("moves to a free slot, refuses a busy one unless forced, and cancels with a reason", async () => {
    const backend = mock();
    expect(await backend.moveOptions(ME, "b1", "2026-11-27")).toContain("2026-11-27T09:00:00+01:00");

    await expect(
      backend.bookingAction(ME, "b1", { kind: "move", start: "2026-11-27T11:00:00+01:00", force: false }),
    ).rejects.toMatchObject({ code: "slotUnavailable", message: expect.stringContaining("chevauche") });
    const forced = await backend.bookingAction(ME, "b1", {
      kind: "move",
      start: "2026-11-27T14:00:00+01:00",
      force: true,
    });
    expect(forced.state).toBe("applied");
    expect((await backend.bookingDetails(ME, "b1"))?.start).toBe("2026-11-27T14:00:00+01:00");
    const events = await backend.agendaEvents("2026-11-27T00:00:00+01:00", "2026-11-28T00:00:00+01:00");
    expect(events.find((e) => e.id === "b1")?.end).toBe("2026-11-27T14:45:00+01:00");

    await backend.bookingAction(ME, "b2", { kind: "cancel", reason: "  Patient malade " });
    expect(await backend.bookingDetails(ME, "b2")).toBeNull();
    const [cancel, move] = await backend.activityLog(10);
    expect(cancel).toMatchObject({ action: "cancel", reason: "Patient malade" });
    expect(move).toMatchObject({ action: "move", from: "2026-11-27T09:00:00Z", to: "2026-11-27T14:00:00+01:00" });
  });

  it("enforces the role: a reader is refused, a secretary may act", async () => {
    const backend = mock();
    await expect(
      backend.bookingAction(HOLIDAYS, "h1", { kind: "attendance", status: "absent" }),
    ).rejects.toEqual({ code: "forbidden", message: "Votre accès à cet agenda est en lecture seule." });
    expect((await backend.bookingAction(LEA, "l1", { kind: "attendance", status: "excused" })).state).toBe(
      "applied",
    );
  });

  it("refuses a note over 200 characters, and a booking no longer there", async () => {
    const backend = mock();
    await expect(backend.bookingAction(ME, "b1", { kind: "note", text: "x".repeat(201) })).rejects.toEqual({
      code: "invalidInput",
      message: "La note interne est limitée à 200 caractères (201 saisis).",
    });
    await expect(backend.bookingAction(ME, "nope", { kind: "cancel", reason: null })).rejects.toMatchObject({
      code: "invalidInput",
    });
  });

  it("queues edits offline, in order, and sends them once the connection is back", async () => {
    const backend = mock(true);
    let outboxEvents = 0;
    backend.onOutboxChanged(() => outboxEvents++);

    const first = await backend.bookingAction(ME, "b1", { kind: "attendance", status: "absent" });
    await backend.bookingAction(ME, "b1", { kind: "note", text: "En retard" });

    expect(first).toMatchObject({ state: "queued", message: expect.stringContaining("Hors ligne") });
    expect((await backend.outboxItems()).map((i) => [i.seq, i.action, i.failed])).toEqual([
      [1, "attendance", false],
      [2, "note", false],
    ]);
    expect((await backend.outboxItems())[0].start).toBe("2026-11-27T09:00:00Z");
    expect((await backend.bookingDetails(ME, "b1"))?.attendance).toBeNull();

    backend.offline = false;
    await backend.syncNow();

    expect(await backend.outboxItems()).toEqual([]);
    expect(await backend.bookingDetails(ME, "b1")).toMatchObject({ attendance: "absent", note: "En retard" });
    expect((await backend.activityLog(10)).map((e) => e.action)).toEqual(["note", "attendance"]);
    expect(outboxEvents).toBeGreaterThanOrEqual(3);
  });

  it("keeps an edit that meets someone else's change as failed, to retry or discard", async () => {
    const backend = mock(true);
    await backend.bookingAction(ME, "b1", { kind: "cancel", reason: null });
    backend.simulateRemoteBookingChange(ME, "b1", {
      kind: "move",
      start: "2026-11-27T14:00:00+01:00",
      actor: LEA,
    });
    backend.offline = false;

    const outcome = await backend.bookingAction(ME, "b2", { kind: "note", text: "ok" });
    expect(outcome.state).toBe("applied");
    const [failed] = await backend.outboxItems();
    expect(failed).toMatchObject({
      action: "cancel",
      failed: true,
      attempts: 1,
      error: `Ce rendez-vous a été déplacé entre-temps par ${LEA} (nouvel horaire : 27/11 à 14:00). Vérifiez puis réessayez.`,
    });

    // Retrying looks at the booking as it is now (moved), then applies the cancellation.
    expect(await backend.retryOutboxItem(failed.seq)).toEqual([]);
    expect(await backend.bookingDetails(ME, "b1")).toBeNull();
    const log = await backend.activityLog(10);
    expect(log.map((e) => [e.action, e.origin])).toEqual([
      ["cancel", "app"],
      ["moved", "google"],
      ["note", "app"],
    ]);
    expect(log[1]).toMatchObject({ actor: LEA, from: "2026-11-27T09:00:00Z", to: "2026-11-27T13:00:00Z" });
  });

  it("tells a failed action at once, and drops an edit the user gives up", async () => {
    const backend = mock();
    backend.simulateRemoteBookingChange(ME, "b2", { kind: "cancel", actor: null });

    const outcome = await backend.bookingAction(ME, "b2", { kind: "attendance", status: "excused" });

    expect(outcome).toMatchObject({
      state: "failed",
      message: "Ce rendez-vous a été annulé entre-temps par quelqu'un.",
      item: { failed: true, action: "attendance" },
    });
    expect(await backend.discardOutboxItem(outcome.item.seq)).toEqual([]);
    await expect(backend.retryOutboxItem(outcome.item.seq)).rejects.toMatchObject({ code: "invalidInput" });
  });

  it("gives any cached booking's details, past ones too", async () => {
    const backend = new MockBackend({ account, now: () => NOW });
    const all = backend.data!.bookings;
    const past = all.find((b) => new Date(b.end) < NOW)!;
    expect(await backend.bookingDetails(past.calendarId, past.id)).toEqual(past);
    expect(await backend.bookingDetails(past.calendarId, "nope")).toBeNull();
  });

  it("seeds the demo with sharing, marks and a few activity lines", async () => {
    const backend = new MockBackend({ account, now: () => NOW });
    const sharing = await backend.listSharing(ME);
    expect(sharing.map((e) => e.role)).toEqual(["owner", "writer", "reader"]);
    const log = await backend.activityLog(50);
    expect(log.length).toBeGreaterThanOrEqual(3);
    expect(new Set(log.map((e) => e.origin))).toEqual(new Set(["app", "google"]));
    const ats = log.map((e) => e.at);
    expect(ats).toEqual([...ats].sort().reverse());
  });
});
