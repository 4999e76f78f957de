import { describe, expect, it } from "vitest";
import type { ReminderPrefs } from "./bindings";
import { DEFAULT_REMINDER_PREFS, MockLock, checkReminderPrefs, dndUntil, parseClock } from "./mock-reminders";

const prefs = (more: Partial<ReminderPrefs>): ReminderPrefs => ({ ...DEFAULT_REMINDER_PREFS, ...more });
const messageOf = (result: ReturnType<typeof checkReminderPrefs>) =>
  "code" in result ? result.message : null;

describe("reminder preferences (as reminders.rs checks them)", () => {
  it("default to 10 minutes before, privacy on, alerts on, no quiet hours", () => {
    expect(DEFAULT_REMINDER_PREFS).toEqual({
      offsets: [10],
      quietStart: null,
      quietEnd: null,
      privacy: true,
      dailySummary: null,
      alerts: true,
      dndUntil: null,
    });
  });

  it("sort the offsets and drop duplicates", () => {
    expect(checkReminderPrefs(prefs({ offsets: [60, 10, 60, 1440] }))).toMatchObject({ offsets: [10, 60, 1440] });
  });

  it("refuse what Rust refuses, with its messages", () => {
    expect(messageOf(checkReminderPrefs(prefs({ offsets: [1, 2, 3, 4, 5, 6] })))).toBe(
      "Cinq rappels au plus par rendez-vous.",
    );
    expect(messageOf(checkReminderPrefs(prefs({ offsets: [0] })))).toContain("entre 1 minute et 7 jours");
    expect(messageOf(checkReminderPrefs(prefs({ offsets: [10_081] })))).toContain("(10081 min)");
    expect(messageOf(checkReminderPrefs(prefs({ quietStart: "20:00" })))).toBe(
      "Indiquez le début et la fin des heures calmes.",
    );
    expect(messageOf(checkReminderPrefs(prefs({ quietStart: "20:00", quietEnd: "20h" })))).toBe(
      "Les heures calmes commencent et finissent à la même heure.",
    );
    expect(messageOf(checkReminderPrefs(prefs({ dailySummary: "25:00" })))).toContain("heure invalide « 25:00 »");
    expect(checkReminderPrefs(prefs({ offsets: [10_080], quietStart: "20:00", quietEnd: "07:30" }))).not.toHaveProperty("code");
  });

  it("read times as parse_time does", () => {
    expect(parseClock("07:30")).toBe(450);
    expect(parseClock("7h30")).toBe(450);
    expect(parseClock("21h")).toBe(1260);
    expect(parseClock("7:3")).toBeNull();
    expect(parseClock("0730")).toBeNull();
    expect(parseClock("24:00")).toBeNull();
  });

  it("set do-not-disturb for an hour, or until 07:00 tomorrow in the practice's zone", () => {
    const now = new Date("2026-11-26T08:00:00Z");
    expect(dndUntil("off", now, "Europe/Paris")).toBeNull();
    expect(dndUntil("oneHour", now, "Europe/Paris")).toBe("2026-11-26T09:00:00Z");
    expect(dndUntil("untilTomorrow", now, "Europe/Paris")).toBe("2026-11-27T06:00:00Z");
    // The night summer time starts: 07:00 is then UTC+2.
    expect(dndUntil("untilTomorrow", new Date("2027-03-27T20:00:00Z"), "Europe/Paris")).toBe("2027-03-28T05:00:00Z");
  });
});

describe("MockLock (as lock.rs does it)", () => {
  const at = (start: number) => {
    let now = start;
    return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
  };

  it("never locks without a PIN, and refuses personal data while locked", () => {
    const lock = new MockLock(() => new Date());
    expect(lock.lock()).toBe(false);
    expect(lock.status()).toEqual({ pinSet: false, locked: false, delaySeconds: 600, retryAfterSeconds: 0 });

    lock.setPin(null, "2468");
    expect(lock.lock()).toBe(true);
    expect(() => lock.ensureUnlocked()).toThrow(expect.objectContaining({ code: "appLocked" }));
    expect(() => lock.setPin("2468", "1357")).toThrow(expect.objectContaining({ code: "appLocked" }));
    expect(lock.unlock("2468").locked).toBe(false);
  });

  it("checks the PIN's format and needs the current one to change or remove it", () => {
    const lock = new MockLock(() => new Date());
    expect(() => lock.setPin(null, "12ab")).toThrow(expect.objectContaining({ code: "invalidInput" }));
    expect(() => lock.setPin(null, "123456789")).toThrow(expect.objectContaining({ code: "invalidInput" }));
    lock.setPin(null, "2468");
    expect(() => lock.setPin("1111", "1357")).toThrow(expect.objectContaining({ code: "wrongPin" }));
    expect(() => lock.setPin(null, "1357")).toThrow(expect.objectContaining({ code: "wrongPin" }));
    lock.setPin("2468", "1357");
    expect(lock.removePin("1357").pinSet).toBe(false);
  });

  it("accepts delays from 5 seconds to 4 hours", () => {
    const lock = new MockLock(() => new Date());
    expect(() => lock.setDelay(4)).toThrow(expect.objectContaining({ code: "invalidInput" }));
    expect(() => lock.setDelay(14_401)).toThrow(expect.objectContaining({ code: "invalidInput" }));
    expect(lock.setDelay(900).delaySeconds).toBe(900);
  });

  it("makes the user wait after three wrong PINs, 30 s then doubling up to 5 minutes", () => {
    const time = at(Date.parse("2026-11-26T08:00:00Z"));
    const lock = new MockLock(time.clock, { pin: "2468", locked: true });
    const refusal = (pin: string) => {
      try {
        lock.unlock(pin);
        return null;
      } catch (error) {
        return (error as { message: string }).message;
      }
    };

    expect(refusal("0000")).toBe("Code incorrect (2 essais avant une attente).");
    expect(refusal("0000")).toBe("Code incorrect (1 essai avant une attente).");
    expect(refusal("0000")).toBe("Code incorrect. Trop d'essais : réessayez dans 30 s.");
    expect(lock.status().retryAfterSeconds).toBe(30);
    expect(refusal("2468")).toBe("Trop d'essais : réessayez dans 31 s.");

    time.advance(30_000);
    expect(lock.status().retryAfterSeconds).toBe(0);
    expect(refusal("0000")).toBe("Code incorrect. Trop d'essais : réessayez dans 60 s.");
    time.advance(60_000);
    expect(refusal("2468")).toBeNull();
    expect(lock.status()).toMatchObject({ locked: false, retryAfterSeconds: 0 });
  });
});
