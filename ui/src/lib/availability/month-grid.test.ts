import { describe, expect, it } from "vitest";
import type { PracticeConfig } from "../ipc/bindings";
import { emptyConfig } from "./model";
import { monthBlocks, selectionToDates, visibleDates, type MonthLabels } from "./month-grid";

const labels: MonthLabels = {
  closed: "Fermé",
  opening: "Ouverture",
  holidayOpen: (name) => `${name} (ouvert)`,
  hours: (start, end) => `${start}–${end}`,
};

const config: PracticeConfig = {
  ...emptyConfig(),
  exceptions: {
    closures: [
      { from: "2026-12-24", until: "2027-01-03", label: "Vacances de Noël" },
      { from: "2027-02-11", start: "14:00", end: "19:00", label: "Formation" },
    ],
    openings: [{ date: "2026-12-19", start: "09:00", end: "13:00" }],
  },
  holidays: { region: "metropole", closed: true, overrides: ["2027-05-06"] },
};

describe("the exceptions month", () => {
  const blocks = monthBlocks(
    config,
    [
      { date: "2027-05-06", id: "ascension", name: "Ascension", closes: false },
      { date: "2027-05-08", id: "victoire-1945", name: "Victoire 1945", closes: true },
    ],
    labels,
  );

  it("shows holidays that close and holidays open anyway differently", () => {
    const [open, closed] = blocks;
    expect(open).toMatchObject({ title: "Ascension (ouvert)", start: "2027-05-06", allDay: true });
    expect(open.classNames).toEqual(["rdv-holiday", "rdv-holiday-open", "rdv-holiday-overridden"]);
    expect(closed).toMatchObject({ title: "Victoire 1945" });
    expect(closed.classNames).toContain("rdv-holiday-closed");
  });

  it("spans a closure over its days (exclusive end), with its hours when not whole days", () => {
    expect(blocks[2]).toMatchObject({ title: "Vacances de Noël", start: "2026-12-24", end: "2027-01-04" });
    expect(blocks[3]).toMatchObject({ title: "14:00–19:00 Formation", start: "2027-02-11", end: "2027-02-12" });
    expect(blocks[4]).toMatchObject({ title: "09:00–13:00 Ouverture", start: "2026-12-19" });
    expect(blocks[4].extendedProps).toEqual({ kind: "opening", index: 0 });
  });

  it("turns a selection of days into closure dates", () => {
    expect(selectionToDates("2027-07-26", "2027-08-16")).toEqual({ from: "2027-07-26", until: "2027-08-15" });
    expect(selectionToDates("2027-02-11", "2027-02-12")).toEqual({ from: "2027-02-11" });
  });

  it("gives the visible dates inclusive", () => {
    expect(visibleDates(new Date("2027-04-26T00:00:00Z"), new Date("2027-06-07T00:00:00Z"))).toEqual({
      from: "2027-04-26",
      to: "2027-06-06",
    });
  });
});
