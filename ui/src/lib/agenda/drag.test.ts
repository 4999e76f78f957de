import { describe, expect, it } from "vitest";
import { droppedStart } from "./drag";

const delta = (days: number, minutes: number) => ({
  years: 0,
  months: 0,
  days,
  milliseconds: minutes * 60_000,
});

describe("droppedStart", () => {
  it("moves within the day and to another day, in the calendar's zone", () => {
    expect(droppedStart("2026-11-27T10:00:00+01:00", delta(0, 90), "Europe/Paris")).toBe(
      "2026-11-27T11:30:00+01:00",
    );
    expect(droppedStart("2026-11-27T10:00:00+01:00", delta(-2, -15), "Europe/Paris")).toBe(
      "2026-11-25T09:45:00+01:00",
    );
    // The old start may come in UTC from the cache: the time of day is Paris's.
    expect(droppedStart("2026-11-27T09:00:00Z", delta(1, 0), "Europe/Paris")).toBe(
      "2026-11-28T10:00:00+01:00",
    );
  });

  it("keeps the time of day across a daylight-saving change", () => {
    // Friday 23 October 2026 10:00 (summer time) to Monday 26 October (winter time).
    expect(droppedStart("2026-10-23T10:00:00+02:00", delta(3, 0), "Europe/Paris")).toBe(
      "2026-10-26T10:00:00+01:00",
    );
    // Saturday 28 March 2026 09:30 (winter) to Monday 30 (summer).
    expect(droppedStart("2026-03-28T09:30:00+01:00", delta(2, 30), "Europe/Paris")).toBe(
      "2026-03-30T10:00:00+02:00",
    );
  });

  it("carries minutes past midnight into the next day", () => {
    expect(droppedStart("2026-11-27T23:30:00+01:00", delta(0, 60), "Europe/Paris")).toBe(
      "2026-11-28T00:30:00+01:00",
    );
    expect(droppedStart("2026-11-27T00:30:00+01:00", delta(0, -60), "Europe/Paris")).toBe(
      "2026-11-26T23:30:00+01:00",
    );
  });

  it("works in another zone", () => {
    expect(droppedStart("2026-11-27T10:00:00-04:00", delta(0, 30), "America/Martinique")).toBe(
      "2026-11-27T10:30:00-04:00",
    );
  });
});
