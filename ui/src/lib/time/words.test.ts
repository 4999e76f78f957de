import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import { formatAgo, formatDuration } from "./words";

const now = new Date("2026-11-26T10:00:00Z");
const minutesBefore = (m: number) => new Date(now.getTime() - m * 60_000);
const plain = (text: string) => text.replace(/\u00a0/g, " ");

afterEach(() => setLocale("fr"));

describe("formatAgo", () => {
  it("speaks French by default", () => {
    expect(formatAgo(now, now)).toBe("à l’instant");
    expect(plain(formatAgo(minutesBefore(5), now))).toBe("il y a 5 min");
    expect(plain(formatAgo(minutesBefore(125), now))).toBe("il y a 2 h");
    expect(plain(formatAgo(minutesBefore(3 * 24 * 60), now))).toBe("il y a 3 j");
  });

  it("speaks English when the UI does", () => {
    setLocale("en");
    expect(formatAgo(now, now)).toBe("just now");
    expect(formatAgo(minutesBefore(5), now)).toBe("5 min ago");
  });
});

describe("formatDuration", () => {
  it("writes minutes, whole hours and hours with minutes", () => {
    expect(plain(formatDuration(45))).toBe("45 min");
    expect(plain(formatDuration(60))).toBe("1 h");
    expect(plain(formatDuration(65))).toBe("1 h 05");
    setLocale("en");
    expect(formatDuration(90)).toBe("1 h 30 min");
  });
});
