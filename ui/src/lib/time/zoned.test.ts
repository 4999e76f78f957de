import { describe, expect, it } from "vitest";
import {
  addDays,
  bookingGroup,
  dayOf,
  instantAt,
  isoWeekday,
  minutesBetween,
  offsetMinutes,
  startOfWeek,
  toRfc3339,
} from "./zoned";

const PARIS = "Europe/Paris";
const at = (iso: string) => new Date(iso);

describe("days", () => {
  it("counts weeks from Monday, so Sunday is the last day of its week", () => {
    expect(isoWeekday("2026-11-23")).toBe(1);
    expect(isoWeekday("2026-11-29")).toBe(7);
    expect(startOfWeek("2026-11-29")).toBe("2026-11-23");
    expect(startOfWeek("2026-11-23")).toBe("2026-11-23");
  });

  it("adds days across month and year ends", () => {
    expect(addDays("2026-11-30", 1)).toBe("2026-12-01");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("reads the day in the calendar's zone, not in UTC", () => {
    // 23:30 UTC on Saturday is already Sunday 00:30 in Paris (winter, UTC+1).
    expect(dayOf(at("2026-11-28T23:30:00Z"), PARIS)).toBe("2026-11-29");
    expect(dayOf(at("2026-11-28T23:30:00Z"), "America/Montreal")).toBe("2026-11-28");
  });
});

describe("the autumn DST change in Paris (Sunday 2026-10-25, 03:00 → 02:00)", () => {
  it("has the summer offset before and the winter offset after", () => {
    expect(offsetMinutes(at("2026-10-25T00:59:00Z"), PARIS)).toBe(120);
    expect(offsetMinutes(at("2026-10-25T01:00:00Z"), PARIS)).toBe(60);
  });

  it("places wall times on the right side of the change", () => {
    expect(instantAt("2026-10-24", "10:00", PARIS).toISOString()).toBe("2026-10-24T08:00:00.000Z");
    expect(instantAt("2026-10-25", "10:00", PARIS).toISOString()).toBe("2026-10-25T09:00:00.000Z");
    expect(toRfc3339(instantAt("2026-10-25", "10:00", PARIS), PARIS)).toBe(
      "2026-10-25T10:00:00+01:00",
    );
  });

  it("takes the first of the two 02:30 (the clock shows it twice)", () => {
    expect(instantAt("2026-10-25", "02:30", PARIS).toISOString()).toBe("2026-10-25T00:30:00.000Z");
  });

  it("makes that Sunday 25 hours long, still one calendar day", () => {
    const start = instantAt("2026-10-25", "00:00", PARIS);
    const end = instantAt("2026-10-26", "00:00", PARIS);
    expect(minutesBetween(start, end)).toBe(25 * 60);
    expect(dayOf(new Date(end.getTime() - 1), PARIS)).toBe("2026-10-25");
  });

  it("keeps the whole DST week Monday 19 to Sunday 25 together", () => {
    const monday = instantAt("2026-10-19", "10:00", PARIS);
    // Sunday 23:30 (winter time) is still in the week; Monday 00:15 is the next one.
    expect(bookingGroup(instantAt("2026-10-25", "23:30", PARIS), monday, PARIS)).toBe("week");
    expect(bookingGroup(instantAt("2026-10-26", "00:15", PARIS), monday, PARIS)).toBe("later");
  });
});

describe("the spring DST change in Paris (Sunday 2026-03-29, 02:00 → 03:00)", () => {
  it("pushes a time that does not exist forward by the gap", () => {
    expect(toRfc3339(instantAt("2026-03-29", "02:30", PARIS), PARIS)).toBe(
      "2026-03-29T03:30:00+02:00",
    );
    expect(toRfc3339(instantAt("2026-03-29", "09:00", PARIS), PARIS)).toBe(
      "2026-03-29T09:00:00+02:00",
    );
  });
});

describe("bookingGroup", () => {
  // Thursday 26 November 2026, 09:00 in Paris.
  const now = at("2026-11-26T08:00:00Z");

  it("puts today's bookings under today, even one already under way", () => {
    expect(bookingGroup(at("2026-11-26T07:30:00Z"), now, PARIS)).toBe("today");
    expect(bookingGroup(at("2026-11-26T22:45:00Z"), now, PARIS)).toBe("today");
  });

  it("puts the rest of the Monday-to-Sunday week under this week", () => {
    expect(bookingGroup(at("2026-11-27T08:00:00Z"), now, PARIS)).toBe("week");
    expect(bookingGroup(at("2026-11-29T18:00:00Z"), now, PARIS)).toBe("week");
  });

  it("puts next Monday and after under later", () => {
    expect(bookingGroup(at("2026-11-30T08:00:00Z"), now, PARIS)).toBe("later");
  });

  it("decides 'today' in the calendar's zone: 00:30 Friday in Paris is not Thursday", () => {
    expect(bookingGroup(at("2026-11-26T23:30:00Z"), now, PARIS)).toBe("week");
    expect(bookingGroup(at("2026-11-26T23:30:00Z"), now, "UTC")).toBe("today");
  });

  it("on a Sunday, has no 'this week' left: tomorrow is later", () => {
    const sunday = at("2026-11-29T09:00:00Z");
    expect(bookingGroup(at("2026-11-30T09:00:00Z"), sunday, PARIS)).toBe("later");
  });
});
