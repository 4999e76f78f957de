import { describe, expect, it } from "vitest";
import {
  ageOf,
  formatDate,
  formatDateTime,
  formatLongDay,
  formatShortDay,
  formatTime,
  splitMinutes,
} from "./format";

const PARIS = "Europe/Paris";
// Thursday 26 November 2026, 14:05 in Paris.
const instant = new Date("2026-11-26T13:05:00Z");

/** Intl puts narrow no-break spaces in some locales; compare with plain spaces. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, " ");

describe("date formats", () => {
  it("use the 24-hour clock in both languages", () => {
    expect(formatTime(instant, "fr", PARIS)).toBe("14:05");
    expect(formatTime(instant, "en", PARIS)).toBe("14:05");
    expect(formatTime(new Date("2026-11-26T23:00:00Z"), "fr", PARIS)).toBe("00:00");
  });

  it("show the time in the calendar's zone", () => {
    expect(formatTime(instant, "fr", "America/Montreal")).toBe("08:05");
  });

  it("write days the French way in French, the British way in English", () => {
    expect(plain(formatShortDay(instant, "fr", PARIS))).toBe("jeu. 26 nov.");
    expect(plain(formatShortDay(instant, "en", PARIS))).toBe("Thu 26 Nov");
    expect(plain(formatLongDay(instant, "fr", PARIS))).toBe("jeudi 26 novembre 2026");
    expect(plain(formatLongDay(instant, "en", PARIS))).toMatch(/^Thursday,? 26 November 2026$/);
  });

  it("write a date and time on one line", () => {
    expect(plain(formatDateTime(instant, "fr", PARIS))).toMatch(/^26 nov\. 2026,? (à )?14:05$/);
    expect(plain(formatDateTime(instant, "en", PARIS))).toMatch(/^26 Nov 2026,? (at )?14:05$/);
  });

  it("write a date alone, on the calendar's day", () => {
    expect(plain(formatDate(instant, "fr", PARIS))).toBe("26 nov. 2026");
    expect(plain(formatDate(instant, "en", PARIS))).toBe("26 Nov 2026");
    // 23:30 UTC is already the next day in Paris.
    expect(plain(formatDate(new Date("2026-11-26T23:30:00Z"), "fr", PARIS))).toBe("27 nov. 2026");
  });
});

describe("splitMinutes", () => {
  it("splits a duration into hours and minutes", () => {
    expect(splitMinutes(45)).toEqual({ hours: 0, minutes: 45 });
    expect(splitMinutes(75)).toEqual({ hours: 1, minutes: 15 });
    expect(splitMinutes(-5)).toEqual({ hours: 0, minutes: 0 });
  });
});

describe("ageOf", () => {
  const now = new Date("2026-11-26T10:00:00Z");
  const before = (ms: number) => new Date(now.getTime() - ms);

  it("calls anything under a minute 'now', also a time slightly in the future", () => {
    expect(ageOf(before(59_000), now)).toEqual({ unit: "now" });
    expect(ageOf(new Date(now.getTime() + 5_000), now)).toEqual({ unit: "now" });
  });

  it("rounds down to whole minutes, hours and days", () => {
    expect(ageOf(before(2 * 60_000 + 59_000), now)).toEqual({ unit: "minutes", n: 2 });
    expect(ageOf(before(59 * 60_000), now)).toEqual({ unit: "minutes", n: 59 });
    expect(ageOf(before(3 * 3_600_000 + 10), now)).toEqual({ unit: "hours", n: 3 });
    expect(ageOf(before(50 * 3_600_000), now)).toEqual({ unit: "days", n: 2 });
  });
});
