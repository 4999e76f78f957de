import { describe, expect, it } from "vitest";
import { backendOver, type Backend } from "../src/lib/ipc/backend";
import { httpTransport } from "../src/lib/ipc/http-transport";

// Started by scripts/browser-smoke.sh with `--now 2026-03-02T08:00:00Z`: the demo practice as
// it stands on that Monday morning.
// (Node's `process`, typed here: the UI's tsconfig has no Node types.)
const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env;
const url = env?.RDV_SERVER_URL;
const PRACTITIONER = "dr.camille.laurent@example.fr";

function backend(): Backend {
  // No server, no green: this file only runs through browser-smoke.sh, which sets the address.
  if (!url) throw new Error("RDV_SERVER_URL is not set: run scripts/browser-smoke.sh");
  return backendOver(httpTransport(url, fetch));
}

describe("the generated client over HTTP, against rdv-server", () => {
  it("reads the settings", async () => {
    const settings = await backend().getSettings();
    expect(settings.language).toBe("fr");
  });

  it("finds the demo account linked", async () => {
    expect(await backend().accountStatus()).toEqual({ state: "linked", email: PRACTITIONER, demo: true });
  });

  it("lists the demo practice's calendar and upcoming bookings", async () => {
    const api = backend();
    const calendars = await api.listCalendars();
    const primary = calendars.find((c) => c.primary);
    expect(primary?.id).toBe(PRACTITIONER);
    expect(primary?.timeZone).toBe("Europe/Paris");

    const bookings = await api.upcomingBookings(null);
    expect(bookings.length).toBeGreaterThanOrEqual(10);
    for (const booking of bookings) {
      expect(booking.calendarId).toBe(PRACTITIONER);
      expect(booking.start >= "2026-03-02").toBe(true);
    }
    // The search runs in Rust: a patient's phone number finds that patient's booking.
    const phone = bookings[0].patient.phone;
    expect(phone).toBeTruthy();
    const found = await api.upcomingBookings(phone);
    expect(found.map((b) => b.id)).toContain(bookings[0].id);
    expect(found.length).toBeLessThan(bookings.length);
  });

  it("rejects with the command's IpcError", async () => {
    const api = backend();
    const [booking] = await api.upcomingBookings(null);
    await expect(api.moveOptions(booking.calendarId, booking.eventId, "lundi")).rejects.toMatchObject({
      code: "invalidInput",
      message: expect.stringContaining("date invalide"),
    });
  });
});
