import { describe, expect, it } from "vitest";
import type { AppointmentType, PracticeConfig } from "../ipc/bindings";
import {
  addRange,
  addTemplate,
  copyDay,
  deleteRange,
  deleteTemplate,
  deleteType,
  emptyConfig,
  moveRangeBlock,
  parseTime,
  plainConfig,
  putType,
  sameConfig,
  setTemplatePeriod,
  setTemplateWeeks,
  slugify,
  timeInputError,
  toggleHolidayOverride,
  typeFields,
  typeCheckConfig,
  typeFromFields,
  typeUses,
  uniqueId,
  updateRange,
} from "./model";

const consultation: AppointmentType = {
  id: "consultation",
  name: "Consultation",
  durationMinutes: 30,
  colour: "#1E88E5",
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  minNoticeMinutes: 0,
  bookableOnline: true,
};
const bilan: AppointmentType = { ...consultation, id: "bilan", name: "Bilan", durationMinutes: 60 };

/** A week of Monday and Thursday 9–12:30 for every type, Saturday for the consultation only. */
function config(): PracticeConfig {
  return {
    ...emptyConfig(),
    appointmentTypes: [consultation, bilan],
    templates: [
      {
        id: "semaine",
        name: "Semaine type",
        weeks: "toutes",
        ranges: [
          { days: ["lundi", "jeudi"], start: "09:00", end: "12:30" },
          { days: ["samedi"], start: "09:00", end: "12:00", types: ["consultation"] },
          { days: ["mardi"], start: "14:00", end: "18:00", types: ["consultation", "bilan"] },
        ],
      },
    ],
  };
}

describe("times", () => {
  it("reads the forms practitioners type and refuses the rest", () => {
    expect(parseTime("9h")).toBe("09:00");
    expect(parseTime("9h30")).toBe("09:30");
    expect(parseTime("14 h 30")).toBe("14:30");
    expect(parseTime("09:05")).toBe("09:05");
    expect(parseTime("0930")).toBe("09:30");
    expect(parseTime("930")).toBe("09:30");
    expect(parseTime("24:00")).toBeNull();
    expect(parseTime("12:60")).toBeNull();
    expect(parseTime("midi")).toBeNull();
    expect(parseTime("")).toBeNull();
  });

  it("says which of a start–end pair cannot be read, leaving their order to the core", () => {
    expect(timeInputError("9h", "12h")).toBeNull();
    expect(timeInputError("", "12:00")).toBe("availability.errors.startInvalid");
    expect(timeInputError("09:00", "25:00")).toBe("availability.errors.endInvalid");
    expect(timeInputError("14:00", "09:00")).toBeNull();
  });
});

describe("ids", () => {
  it("makes ids without accents, spaces nor commas, unique", () => {
    expect(slugify("Première consultation, adulte")).toBe("premiere-consultation-adulte");
    expect(uniqueId("bilan", ["bilan", "bilan-2"])).toBe("bilan-3");
    expect(uniqueId("", [])).toBe("motif");
  });
});

describe("appointment types", () => {
  it("builds a type from the form, its id from its name", () => {
    const fields = {
      ...typeFields(null, [consultation]),
      name: " Première consultation ",
      durationMinutes: "45",
      slotIntervalMinutes: "15",
      bufferAfterMinutes: "15",
      minNoticeMinutes: "1440",
      horizonDays: "60",
      maxPerDay: "2",
      bookableOnline: false,
    };
    const { type, errors } = typeFromFields(fields, [consultation], null);
    expect(errors).toEqual({});
    expect(type).toEqual({
      id: "premiere-consultation",
      name: "Première consultation",
      durationMinutes: 45,
      colour: "#43A047",
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 15,
      minNoticeMinutes: 1440,
      horizonDays: 60,
      slotIntervalMinutes: 15,
      maxPerDay: 2,
      bookableOnline: false,
    });
  });

  it("reads the numbers typed and leaves whether they make sense to the core", () => {
    const fields = {
      ...typeFields(null, []),
      name: "consultation",
      durationMinutes: "0",
      bufferBeforeMinutes: "-5",
      slotIntervalMinutes: "dix",
      colour: "bleu",
    };
    expect(typeFromFields(fields, [consultation], null)).toEqual({
      type: null,
      errors: { slotIntervalMinutes: "availability.types.errors.wholeNumber" },
    });
    const read = typeFromFields({ ...fields, slotIntervalMinutes: "", durationMinutes: "" }, [consultation], null);
    expect(read.errors).toEqual({ durationMinutes: "availability.types.errors.required" });
    const { type, errors } = typeFromFields({ ...fields, slotIntervalMinutes: "" }, [consultation], null);
    expect(errors).toEqual({});
    expect(type).toMatchObject({ id: "consultation-2", durationMinutes: 0, bufferBeforeMinutes: -5, colour: "BLEU" });
  });

  it("asks about a type placed after the other types", () => {
    const edited = { ...consultation, name: "Consultation adulte" };
    const asked = typeCheckConfig(config(), edited, "consultation");
    expect(asked.config.appointmentTypes.map((t) => t.id)).toEqual(["bilan", "consultation"]);
    expect(asked.config.appointmentTypes[1].name).toBe("Consultation adulte");
    expect(asked.place).toBe("appointmentTypes[1]");
  });

  it("keeps the id of an edited type, whatever its new name", () => {
    const fields = { ...typeFields(consultation, [consultation]), name: "Consultation adulte" };
    const { type } = typeFromFields(fields, [consultation], "consultation");
    expect(type?.id).toBe("consultation");
    expect(putType(config(), type!).appointmentTypes[0].name).toBe("Consultation adulte");
  });

  it("lists where a type is named and which ranges would go with it", () => {
    expect(typeUses(config(), "consultation")).toEqual([
      { kind: "range", templateIndex: 0, rangeIndex: 1, removed: true },
      { kind: "range", templateIndex: 0, rangeIndex: 2, removed: false },
    ]);
  });

  it("deletes a type, its ranges for it only, and its id from the others", () => {
    const after = deleteType(config(), "consultation");
    expect(after.appointmentTypes.map((t) => t.id)).toEqual(["bilan"]);
    expect(after.templates[0].ranges).toEqual([
      { days: ["lundi", "jeudi"], start: "09:00", end: "12:30" },
      { days: ["mardi"], start: "14:00", end: "18:00", types: ["bilan"] },
    ]);
  });
});

describe("weekly ranges", () => {
  it("adds a range to a new first template when there is none, days Monday first", () => {
    const after = addRange(emptyConfig(), 0, { days: ["jeudi", "lundi"], start: "09:00", end: "12:00" });
    expect(after.templates).toEqual([
      {
        id: "semaine-type",
        name: "Semaine type",
        weeks: "toutes",
        ranges: [{ days: ["lundi", "jeudi"], start: "09:00", end: "12:00" }],
      },
    ]);
  });

  it("edits a whole range, or one of its days only", () => {
    const input = { days: ["lundi" as const, "jeudi" as const], start: "08:00", end: "12:00" };
    expect(updateRange(config(), 0, 0, input, "all").templates[0].ranges[0]).toEqual({
      days: ["lundi", "jeudi"],
      start: "08:00",
      end: "12:00",
    });
    const split = updateRange(config(), 0, 0, { ...input, days: ["jeudi"] }, { day: "jeudi" });
    expect(split.templates[0].ranges.slice(0, 2)).toEqual([
      { days: ["lundi"], start: "09:00", end: "12:30" },
      { days: ["jeudi"], start: "08:00", end: "12:00" },
    ]);
  });

  it("deletes a range, or only one of its days", () => {
    expect(deleteRange(config(), 0, 0, { day: "lundi" }).templates[0].ranges[0].days).toEqual(["jeudi"]);
    expect(deleteRange(config(), 0, 0, "all").templates[0].ranges).toHaveLength(2);
    // A range on one day goes entirely.
    expect(deleteRange(config(), 0, 1, { day: "samedi" }).templates[0].ranges).toHaveLength(2);
  });

  it("moves a dragged block with all its days, or that day alone", () => {
    const target = { day: "mardi" as const, start: "10:00", end: "13:00" };
    const all = moveRangeBlock(config(), 0, 0, "lundi", target, "all");
    expect(all?.templates[0].ranges[0]).toEqual({ days: ["mardi", "vendredi"], start: "10:00", end: "13:00" });
    const one = moveRangeBlock(config(), 0, 0, "lundi", target, "day");
    expect(one?.templates[0].ranges.slice(0, 2)).toEqual([
      { days: ["jeudi"], start: "09:00", end: "12:30" },
      { days: ["mardi"], start: "10:00", end: "13:00" },
    ]);
    // Thursday + 4 days would be Monday of the next week.
    expect(moveRangeBlock(config(), 0, 0, "lundi", { ...target, day: "vendredi" }, "all")).toBeNull();
  });

  it("copies a day's ranges to other days, replacing theirs", () => {
    const after = copyDay(config(), 0, "lundi", ["mardi", "mercredi"]);
    expect(after.templates[0].ranges).toEqual([
      { days: ["lundi", "mardi", "mercredi", "jeudi"], start: "09:00", end: "12:30" },
      { days: ["samedi"], start: "09:00", end: "12:00", types: ["consultation"] },
    ]);
  });
});

describe("templates", () => {
  it("adds, sets the weeks, the period, and deletes templates", () => {
    let c = addTemplate(config(), "Semaine B", "paires");
    c = setTemplateWeeks(c, 0, "impaires");
    expect(c.templates.map((t) => [t.id, t.name, t.weeks])).toEqual([
      ["semaine", "Semaine type", "impaires"],
      ["semaine-b", "Semaine B", "paires"],
    ]);
    c = setTemplatePeriod(c, 1, "2026-09-01", "");
    expect(c.templates[1].validFrom).toBe("2026-09-01");
    expect("validUntil" in c.templates[1]).toBe(false);
    expect(deleteTemplate(c, 0).templates.map((t) => t.id)).toEqual(["semaine-b"]);
  });
});

describe("holidays and comparison", () => {
  const ascension = { date: "2027-05-06", id: "ascension", name: "Ascension", closes: true };

  it("opens a holiday anyway by its date, and closes it again (by date or by id)", () => {
    const opened = toggleHolidayOverride(config(), ascension);
    expect(opened.holidays.overrides).toEqual(["2027-05-06"]);
    expect(toggleHolidayOverride(opened, ascension).holidays).toEqual({ region: "metropole", closed: true });
    const everyYear = { ...config(), holidays: { ...config().holidays, overrides: ["ascension"] } };
    expect(toggleHolidayOverride(everyYear, ascension).holidays.overrides).toBeUndefined();
  });

  it("treats absent and empty optional keys as the same configuration", () => {
    const a = config();
    const b = plainConfig({ ...a, holidays: { ...a.holidays, overrides: [] } });
    expect(sameConfig(a, b)).toBe(true);
    expect(sameConfig(a, setTemplateWeeks(a, 0, "paires"))).toBe(false);
  });
});
