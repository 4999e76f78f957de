import { afterEach, describe, expect, it } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import type { PlanChange, PublishPreview } from "../ipc/bindings";
import { recorded } from "../ipc/recorded-transport";
import { changeWhen, planSummary, summaryFromCounts } from "./publish";

/** The plans the core made for the demo practice (recorded). */
const PLANS = [
  "plan_publish",
  "availability:plan_publish/friday-later",
  "availability:plan_publish/odd-weeks",
  "availability:plan_publish/up-to-date",
].map((label) => recorded<PublishPreview>(label));

afterEach(() => setLocale("fr"));

describe("the plan's summary", () => {
  it("in French, reads like the backend's", () => {
    for (const plan of PLANS) expect(summaryFromCounts(plan)).toBe(plan.summaryFr);
  });

  it("in English, is built from the counts", () => {
    setLocale("en");
    const [, friday, odd, upToDate] = PLANS;
    expect(planSummary(friday)).toBe(
      `${friday.updates} slots changed, ${friday.closes} dates closed, ${friday.reopens} date reopened`,
    );
    expect(planSummary(odd)).toMatch(new RegExp(`^${odd.creates} slots added, ${odd.deletes} removed`));
    expect(planSummary(upToDate)).toBe("No changes");
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
