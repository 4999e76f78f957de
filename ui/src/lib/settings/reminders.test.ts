import { describe, expect, it } from "vitest";
import type { ReminderPrefs } from "../ipc/bindings";
import { recorded } from "../ipc/recorded-transport";
import { addOffset, dndActive, dndStatus, formOf, offsetLabel, prefsOf } from "./reminders";

const PARIS = "Europe/Paris";
// Thursday 26 November 2026, 09:00 in Paris.
const NOW = new Date("2026-11-26T08:00:00Z");

describe("reminder offsets", () => {
  it("read as minutes, hours, hours and minutes, or days before", () => {
    expect(offsetLabel(10)).toEqual({ key: "settings.reminders.offsetMinutes", vars: { n: 10 } });
    expect(offsetLabel(120)).toEqual({ key: "settings.reminders.offsetHours", vars: { n: 2 } });
    expect(offsetLabel(90)).toEqual({ key: "settings.reminders.offsetHoursMinutes", vars: { h: 1, m: "30" } });
    expect(offsetLabel(65)).toEqual({ key: "settings.reminders.offsetHoursMinutes", vars: { h: 1, m: "05" } });
    expect(offsetLabel(2880)).toEqual({ key: "settings.reminders.offsetDays", vars: { n: 2 } });
  });

  it("are typed in minutes or hours and kept sorted (what is allowed is the core's to say on saving)", () => {
    expect(addOffset([10], "2", "hours")).toEqual({ offsets: [10, 120] });
    expect(addOffset([120], " 15 ", "minutes")).toEqual({ offsets: [15, 120] });
    expect(addOffset([], "168", "hours")).toEqual({ offsets: [10_080] });
    expect(addOffset([], "1,5", "hours")).toEqual({ error: "settings.reminders.errors.offsetNumber" });
    expect(addOffset([], "", "minutes")).toEqual({ error: "settings.reminders.errors.offsetNumber" });
  });
});

describe("the reminders form", () => {
  const form = formOf(recorded<ReminderPrefs>("reminder_prefs"));

  it("saves times as HH:MM, empty ones as none, and keeps do-not-disturb as it is", () => {
    const result = prefsOf({ ...form, quietStart: "20h", quietEnd: "7h30", dailySummary: "" }, "2026-11-27T06:00:00Z");
    expect(result).toEqual({
      prefs: {
        offsets: [10],
        quietStart: "20:00",
        quietEnd: "07:30",
        privacy: true,
        dailySummary: null,
        alerts: true,
        dndUntil: "2026-11-27T06:00:00Z",
      },
    });
  });

  it("points at a time that is not one", () => {
    expect(prefsOf({ ...form, dailySummary: "25:00" }, null)).toEqual({
      error: "settings.reminders.errors.time",
      field: "dailySummary",
    });
  });
});

describe("do not disturb", () => {
  it("says off, until a time today, or until a day and time", () => {
    expect(dndStatus(null, NOW, "fr", PARIS)).toEqual({ key: "settings.reminders.dnd.statusOff" });
    expect(dndStatus("2026-11-26T07:00:00Z", NOW, "fr", PARIS)).toEqual({ key: "settings.reminders.dnd.statusOff" });
    expect(dndStatus("2026-11-26T09:00:00Z", NOW, "fr", PARIS)).toEqual({
      key: "settings.reminders.dnd.statusUntilTime",
      vars: { time: "10:00" },
    });
    const tomorrow = dndStatus("2026-11-27T06:00:00Z", NOW, "fr", PARIS);
    expect(tomorrow.key).toBe("settings.reminders.dnd.statusUntilDay");
    expect(tomorrow.vars?.time).toBe("07:00");
    expect(String(tomorrow.vars?.day).replace(/\u00a0/g, " ")).toBe("ven. 27 nov.");
    expect(dndActive("2026-11-26T09:00:00Z", NOW)).toBe(true);
    expect(dndActive("2026-11-26T07:00:00Z", NOW)).toBe(false);
  });
});
