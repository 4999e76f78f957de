import { describe, expect, it } from "vitest";
import type { PreviewType } from "../ipc/bindings";
import { localParts, slotsByDay, weekDates } from "./preview";

describe("the preview week", () => {
  it("runs Monday to Sunday around any day", () => {
    expect(weekDates("2027-03-25")).toEqual([
      "2027-03-22",
      "2027-03-23",
      "2027-03-24",
      "2027-03-25",
      "2027-03-26",
      "2027-03-27",
      "2027-03-28",
    ]);
  });
});

describe("slots by day", () => {
  it("reads the local date and time from the offset strings", () => {
    expect(localParts("2027-03-28T09:00:00+02:00")).toEqual({
      date: "2027-03-28",
      time: "09:00",
      offset: "+02:00",
    });
  });

  it("groups slots by local day and shows the offset only where a time repeats", () => {
    const type: PreviewType = {
      typeId: "garde",
      name: "Garde",
      colour: "#000000",
      durationMinutes: 30,
      bookableOnline: true,
      slots: [
        { start: "2027-10-30T09:00:00+02:00", end: "2027-10-30T09:30:00+02:00" },
        { start: "2027-10-31T02:00:00+02:00", end: "2027-10-31T02:30:00+02:00" },
        { start: "2027-10-31T02:00:00+01:00", end: "2027-10-31T02:30:00+01:00" },
        { start: "2027-10-31T03:00:00+01:00", end: "2027-10-31T03:30:00+01:00" },
      ],
    };
    const byDay = slotsByDay(type, weekDates("2027-10-25"));
    expect(byDay.get("2027-10-25")).toEqual([]);
    expect(byDay.get("2027-10-30")?.map((s) => [s.time, s.offset])).toEqual([["09:00", null]]);
    expect(byDay.get("2027-10-31")?.map((s) => [s.time, s.offset])).toEqual([
      ["02:00", "+02:00"],
      ["02:00", "+01:00"],
      ["03:00", null],
    ]);
  });
});
