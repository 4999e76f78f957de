import { describe, expect, it } from "vitest";
import { emptyConfig } from "../availability/model";
import type { AppointmentType, PracticeConfig } from "./bindings";
import {
  easterSunday,
  frenchHolidays,
  holidaysBetween,
  opensNewTime,
  planOf,
  plannedEvents,
  previewWeek,
  validateConfig,
} from "./mock-availability";

const type = (id: string, more: Partial<AppointmentType> = {}): AppointmentType => ({
  id,
  name: id,
  durationMinutes: 30,
  colour: "#1E88E5",
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minNoticeMinutes: 0,
  bookableOnline: true,
  ...more,
});

function week(ranges: PracticeConfig["templates"][number]["ranges"]): PracticeConfig {
  return {
    ...emptyConfig(),
    appointmentTypes: [type("consultation")],
    templates: [{ id: "semaine", name: "Semaine type", weeks: "toutes", ranges }],
  };
}

describe("French public holidays", () => {
  it("computes Easter and the holidays that follow it", () => {
    expect(easterSunday(2027)).toBe("2027-03-28");
    expect(easterSunday(2026)).toBe("2026-04-05");
    const ids = (year: number) => Object.fromEntries(frenchHolidays(year, "metropole").map((h) => [h.id, h.date]));
    expect(ids(2027)).toMatchObject({ ascension: "2027-05-06", "lundi-de-pentecote": "2027-05-17" });
    expect(frenchHolidays(2027, "metropole")).toHaveLength(11);
    const alsace = frenchHolidays(2027, "alsace-moselle").map((h) => h.id);
    expect(alsace).toContain("vendredi-saint");
    expect(alsace).toContain("saint-etienne");
  });

  it("says which close under the policy, an override by date or by id opening one", () => {
    const config = { ...emptyConfig(), holidays: { region: "metropole" as const, closed: true, overrides: ["2027-05-06", "fete-du-travail"] } };
    const may = holidaysBetween(config, "2027-05-01", "2027-05-31");
    expect(may.map((h) => [h.date, h.closes])).toEqual([
      ["2027-05-01", false],
      ["2027-05-06", false],
      ["2027-05-08", true],
      ["2027-05-17", true],
    ]);
    expect(holidaysBetween({ ...config, holidays: { ...config.holidays, closed: false } }, "2027-05-08", "2027-05-08")[0].closes).toBe(false);
  });
});

describe("new time (PRODUCT.md art. 4.3)", () => {
  const before = week([{ days: ["lundi"], start: "09:00", end: "12:00" }]);

  it("is opened by a longer, a moved or an added range, or a removed closure", () => {
    const from = "2026-11-23";
    const to = "2027-11-23";
    expect(opensNewTime(before, week([{ days: ["lundi"], start: "09:00", end: "12:30" }]), from, to)).toBe(true);
    expect(opensNewTime(before, week([{ days: ["mardi"], start: "09:00", end: "12:00" }]), from, to)).toBe(true);
    const closed = { ...before, exceptions: { closures: [{ from: "2026-11-30" }], openings: [] } };
    expect(opensNewTime(closed, before, from, to)).toBe(true);
  });

  it("is not opened by shortening, removing or closing", () => {
    const from = "2026-11-23";
    const to = "2027-11-23";
    expect(opensNewTime(before, week([{ days: ["lundi"], start: "10:00", end: "12:00" }]), from, to)).toBe(false);
    expect(opensNewTime(before, week([]), from, to)).toBe(false);
    const closed = { ...before, exceptions: { closures: [{ from: "2026-11-30" }], openings: [] } };
    expect(opensNewTime(before, closed, from, to)).toBe(false);
  });
});

describe("validation", () => {
  it("reports overlapping ranges, unknown types and a time skipped by the spring change", () => {
    const config = week([
      { days: ["lundi", "jeudi"], start: "09:00", end: "12:30" },
      { days: ["lundi"], start: "12:00", end: "19:00" },
      { days: ["mardi"], start: "09:00", end: "10:00", types: ["bilan"] },
      { days: ["dimanche"], start: "02:30", end: "05:00" },
    ]);
    const problems = validateConfig(config, "2026-11-26");
    expect(problems.map((p) => [p.code, p.path])).toEqual([
      ["range.unknownType", "templates[0].ranges[2]"],
      ["range.dstGap", "templates[0].ranges[3]"],
      ["range.overlap", "templates[0].ranges[1]"],
    ]);
    expect(problems[1].message).toContain("28/03/2027");
  });

  it("finds nothing wrong with a sound week", () => {
    expect(validateConfig(week([{ days: ["lundi"], start: "09:00", end: "12:00" }]), "2026-11-26")).toEqual([]);
  });
});

describe("slots", () => {
  const sunday = (date: string) =>
    previewWeek(week([{ days: ["dimanche"], start: "01:00", end: "04:00" }]), date, [], new Date("2026-01-01T00:00:00Z"));

  it("skip the missing hour of the spring change (docs/templates.md)", () => {
    expect(sunday("2026-03-29").types[0].slots.map((s) => s.start)).toEqual([
      "2026-03-29T01:00:00+01:00",
      "2026-03-29T01:30:00+01:00",
      "2026-03-29T03:00:00+02:00",
      "2026-03-29T03:30:00+02:00",
    ]);
  });

  it("offer the repeated hour of the autumn change twice, once in each of its lives", () => {
    expect(sunday("2026-10-25").types[0].slots.map((s) => s.start)).toEqual([
      "2026-10-25T01:00:00+02:00",
      "2026-10-25T01:30:00+02:00",
      "2026-10-25T02:00:00+02:00",
      "2026-10-25T02:30:00+02:00",
      "2026-10-25T02:00:00+01:00",
      "2026-10-25T02:30:00+01:00",
      "2026-10-25T03:00:00+01:00",
      "2026-10-25T03:30:00+01:00",
    ]);
  });

  it("leave out busy time with its buffers, notice, closures and the daily cap", () => {
    const config: PracticeConfig = {
      ...week([{ days: ["lundi"], start: "09:00", end: "12:00" }]),
      appointmentTypes: [type("consultation", { bufferAfterMinutes: 30, maxPerDay: 2 })],
      exceptions: { closures: [{ from: "2026-12-07", start: "11:00", end: "12:00" }], openings: [] },
    };
    const now = new Date("2026-11-26T08:00:00Z");
    const busy = [{ start: Date.parse("2026-11-30T10:00:00+01:00"), end: Date.parse("2026-11-30T10:30:00+01:00") }];
    const times = (date: string, b = busy) => previewWeek(config, date, b, now).types[0].slots.map((s) => s.start.slice(11, 16));
    // 09:30 would end at 10:00 with 30 min free after it: the booking at 10:00 is in the way.
    expect(times("2026-11-30")).toEqual(["09:00", "10:30", "11:00", "11:30"]);
    expect(times("2026-12-07", [])).toEqual(["09:00", "09:30", "10:00", "10:30"]);
    const booked = [0, 1].map((i) => ({
      start: Date.parse(`2026-12-14T0${7 + i}:00:00+01:00`),
      end: Date.parse(`2026-12-14T0${7 + i}:30:00+01:00`),
      type: "consultation",
    }));
    expect(times("2026-12-14", booked)).toEqual([]);
  });
});

describe("the publish plan", () => {
  const config = week([{ days: ["lundi", "jeudi"], start: "09:00", end: "12:30" }]);
  const window = { from: "2026-11-23", to: "2027-02-28" };

  it("creates each series once, then writes nothing for the same configuration", () => {
    const desired = plannedEvents(config, window.from, "2027-03-01", "2026-11-26");
    const first = planOf("c", desired, new Map(), window, "2026-11-26");
    // No holiday falls on a Monday or a Thursday from late November to February 2027.
    expect([first.creates, first.writes]).toEqual([2, 2]);
    expect(first.summaryFr).toBe("2 créneaux ajoutés");
    const published = new Map(desired.map((e) => [e.key, e]));
    const again = planOf("c", desired, published, window, "2026-11-26");
    expect(again.writes).toBe(0);
    expect(again.summaryFr).toBe("Aucun changement");
  });

  it("updates changed hours and closes dates for a new closure", () => {
    const desired = plannedEvents(config, window.from, "2027-03-01", "2026-11-26");
    const published = new Map(desired.map((e) => [e.key, e]));
    const changed: PracticeConfig = {
      ...week([{ days: ["lundi", "jeudi"], start: "09:00", end: "12:00" }]),
      exceptions: { closures: [{ from: "2027-02-01", until: "2027-02-05" }], openings: [] },
    };
    const plan = planOf("c", plannedEvents(changed, window.from, "2027-03-01", "2026-11-26"), published, window, "2026-11-26");
    expect([plan.updates, plan.closes]).toEqual([2, 2]);
    expect(plan.changes.find((c) => c.action === "update")?.fields).toEqual(["end"]);
    expect(plan.changes.filter((c) => c.action === "close").map((c) => c.date)).toEqual(["2027-02-01", "2027-02-04"]);
  });
});
