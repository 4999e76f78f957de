import { describe, expect, it } from "vitest";
import type { AppointmentType, WeeklyTemplate } from "../ipc/bindings";
import {
  ALL_TYPES_COLOUR,
  SEVERAL_TYPES_COLOUR,
  blockTarget,
  rangeBlocks,
  rangesWithProblems,
  selectionToRange,
  visibleHours,
} from "./week-grid";

/** An instant of the reference week (Monday 2024-01-01, UTC), as FullCalendar hands it over. */
const at = (date: string, time: string) => new Date(`${date}T${time}:00Z`);

const types: AppointmentType[] = [
  {
    id: "consultation",
    name: "Consultation",
    durationMinutes: 30,
    colour: "#FDD835",
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minNoticeMinutes: 0,
    bookableOnline: true,
  },
  {
    id: "bilan",
    name: "Bilan",
    durationMinutes: 60,
    colour: "#8E24AA",
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    minNoticeMinutes: 0,
    bookableOnline: false,
  },
];

const template: WeeklyTemplate = {
  id: "semaine",
  weeks: "toutes",
  ranges: [
    { days: ["lundi", "jeudi"], start: "09:00", end: "12:30" },
    { days: ["samedi"], start: "09:00", end: "12:00", types: ["consultation"] },
    { days: ["mardi"], start: "14:00", end: "18:00", types: ["consultation", "bilan"] },
  ],
};

describe("select: a drag on the grid", () => {
  it("on one column is a range on that day", () => {
    expect(selectionToRange(at("2024-01-03", "09:00"), at("2024-01-03", "12:30"))).toEqual({
      days: ["mercredi"],
      start: "09:00",
      end: "12:30",
    });
  });

  it("across columns repeats the same hours on each day", () => {
    expect(selectionToRange(at("2024-01-01", "14:00"), at("2024-01-05", "19:00"))).toEqual({
      days: ["lundi", "mardi", "mercredi", "jeudi", "vendredi"],
      start: "14:00",
      end: "19:00",
    });
  });

  it("up to midnight ends at 23:59 (no 24:00), and an upside-down one is nothing", () => {
    expect(selectionToRange(at("2024-01-07", "20:00"), at("2024-01-08", "00:00"))).toEqual({
      days: ["dimanche"],
      start: "20:00",
      end: "23:59",
    });
    expect(selectionToRange(at("2024-01-01", "15:00"), at("2024-01-02", "10:00"))).toBeNull();
  });
});

describe("eventDrop / eventResize: where a block ends up", () => {
  it("reads the day and the new hours", () => {
    expect(blockTarget(at("2024-01-02", "08:15"), at("2024-01-02", "11:45"))).toEqual({
      day: "mardi",
      start: "08:15",
      end: "11:45",
    });
  });

  it("refuses a block spanning midnight or out of the week", () => {
    expect(blockTarget(at("2024-01-02", "22:00"), at("2024-01-03", "01:00"))).toBeNull();
    expect(blockTarget(at("2023-12-31", "09:00"), at("2023-12-31", "10:00"))).toBeNull();
    expect(blockTarget(at("2024-01-02", "09:00"), null)).toBeNull();
  });
});

describe("blocks", () => {
  const blocks = rangeBlocks(template, types, "Tous les motifs");

  it("draws one block per day of each range, on the reference week", () => {
    expect(blocks.map((b) => [b.id, b.start, b.end])).toEqual([
      ["0:lundi", "2024-01-01T09:00:00Z", "2024-01-01T12:30:00Z"],
      ["0:jeudi", "2024-01-04T09:00:00Z", "2024-01-04T12:30:00Z"],
      ["1:samedi", "2024-01-06T09:00:00Z", "2024-01-06T12:00:00Z"],
      ["2:mardi", "2024-01-02T14:00:00Z", "2024-01-02T18:00:00Z"],
    ]);
    expect(blocks[1].extendedProps).toEqual({ rangeIndex: 0, day: "jeudi" });
  });

  it("colours a one-type range in its type's colour, others neutral, with readable text", () => {
    expect(blocks[0]).toMatchObject({ backgroundColor: ALL_TYPES_COLOUR, title: "Tous les motifs" });
    expect(blocks[2]).toMatchObject({ backgroundColor: "#FDD835", textColor: "#111a22", title: "Consultation" });
    expect(blocks[3]).toMatchObject({ backgroundColor: SEVERAL_TYPES_COLOUR, title: "Consultation, Bilan" });
  });

  it("shows 07:00–21:00, widened to whole hours around earlier or later ranges", () => {
    expect(visibleHours([template])).toEqual({ min: "07:00:00", max: "21:00:00" });
    const early = { ...template, ranges: [{ days: ["lundi" as const], start: "06:30", end: "21:15" }] };
    expect(visibleHours([template, early])).toEqual({ min: "06:00:00", max: "22:00:00" });
  });
});

describe("problems", () => {
  it("marks the blocks of the ranges a problem names, in the template shown only", () => {
    const problems = rangesWithProblems(
      ["templates[0].ranges[2]", "templates[1].ranges[0]", "appointmentTypes[0]", "templates[0]"],
      0,
    );
    expect([...problems]).toEqual([2]);
    const blocks = rangeBlocks(template, types, "Tous les motifs", problems);
    expect(blocks.filter((b) => (b.classNames as string[]).includes("rdv-range-problem")).map((b) => b.id)).toEqual([
      "2:mardi",
    ]);
  });
});
