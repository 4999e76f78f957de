import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import type { PlanChange, PublishPreview } from "../ipc/bindings";
import { summaryFr } from "../ipc/mock-availability";
import { changeWhen, planSummary, summaryFromCounts } from "./publish";

function plan(counts: Partial<PublishPreview>): PublishPreview {
  const base = { creates: 0, updates: 0, deletes: 0, closes: 0, reopens: 0, ...counts };
  return {
    calendarId: "c",
    windowFrom: "2026-11-23",
    windowTo: "2027-02-28",
    ...base,
    writes: base.creates + base.updates + base.deletes + base.closes + base.reopens,
    summaryFr: summaryFr(base),
    changes: [],
    fingerprint: "f",
    removal: null,
  };
}

afterEach(() => setLocale("fr"));

describe("the plan's summary", () => {
  it("in French, reads like the backend's", () => {
    for (const counts of [
      { creates: 3, deletes: 1 },
      { updates: 8, closes: 2 },
      { creates: 1, updates: 1, reopens: 1 },
      {},
    ]) {
      expect(summaryFromCounts(plan(counts))).toBe(plan(counts).summaryFr);
    }
    expect(summaryFromCounts(plan({ updates: 8, closes: 2 }))).toBe("8 créneaux modifiés, 2 dates fermées");
  });

  it("in English, is built from the counts", () => {
    setLocale("en");
    expect(planSummary(plan({ creates: 3, deletes: 1, closes: 1 }))).toBe("3 slots added, 1 removed, 1 date closed");
    expect(planSummary(plan({}))).toBe("No changes");
  });
});

describe("a plan line", () => {
  const weekly: PlanChange = {
    action: "create",
    summary: "Disponible",
    date: "2026-11-23",
    startTime: "09:00",
    endTime: "12:30",
    weekly: true,
    everyTwoWeeks: false,
    until: "2027-07-31",
    fields: [],
  };

  it("says the weekday, the hours, every week or every other week, until when", () => {
    expect(changeWhen(weekly)).toBe(
      "chaque lundi, 09:00 – 12:30, chaque semaine à partir du 23 nov. 2026, jusqu’au 31 juil. 2027",
    );
    expect(changeWhen({ ...weekly, date: "2026-11-28", everyTwoWeeks: true, until: null })).toBe(
      "un samedi sur deux, 09:00 – 12:30, une semaine sur deux à partir du 28 nov. 2026",
    );
  });

  it("gives one date for a closed date", () => {
    expect(changeWhen({ ...weekly, action: "close", weekly: false, date: "2026-12-28", until: null })).toBe(
      "lundi 28 décembre 2026, 09:00 – 12:30",
    );
  });
});
