import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { DaySheet } from "../ipc/bindings";
import { RECORDED_AT, recorded, type Routes } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import DaySheetView from "./DaySheetView.svelte";

/** The demo practice's Monday and Tuesday sheets, as the Rust core answers them. */
const MONDAY = recorded<DaySheet>("sheet:day_sheet");
const TUESDAY = recorded<DaySheet>("sheet:day_sheet/tuesday");
const CALENDAR = MONDAY.agendas[0].calendarId;

async function show(routes: Routes = {}) {
  const rendered = await renderRecorded(DaySheetView, { day_sheet: "sheet:day_sheet", ...routes });
  await screen.findByTestId("day-sheet");
  return { ...rendered, user: userEvent.setup() };
}

const rows = () => screen.getAllByTestId("sheet-row");

beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
afterEach(() => vi.useRealTimers());

describe("Feuille du jour", () => {
  it("asks the backend for today's sheet of the shown agendas and lists its rows in order", async () => {
    const { transport } = await show();

    expect(transport.callsTo("day_sheet")).toEqual([{ calendarIds: [CALENDAR], from: "2026-03-02", to: "2026-03-02" }]);
    expect(screen.getByRole("heading", { level: 2 })).toHaveTextContent("Feuille du jour — lundi 2 mars 2026");
    expect(screen.getByRole("heading", { level: 3 })).toHaveTextContent(MONDAY.agendas[0].name);
    const first = MONDAY.agendas[0].days[0].rows[0];
    expect(rows()).toHaveLength(MONDAY.agendas[0].days[0].rows.length);
    expect(rows()[0]).toHaveTextContent(`${first.start}–${first.end}`);
    expect(rows()[0]).toHaveTextContent(`${first.lastName} ${first.firstName}`);
    expect(rows()[0]).toHaveTextContent(first.phone);
    // The motif by its name, as the bookings list shows it.
    expect(rows()[0]).toHaveTextContent("Suivi");
  });

  it("shows another day when the day changes, and the next day in one click", async () => {
    const { transport, user } = await show({ day_sheet: ["sheet:day_sheet", "sheet:day_sheet/tuesday"] });

    await user.click(screen.getByTestId("sheet-next-day"));
    await waitFor(() => expect(screen.getByRole("heading", { level: 2 })).toHaveTextContent("mardi 3 mars 2026"));
    expect(transport.callsTo("day_sheet").at(-1)).toEqual({ calendarIds: [CALENDAR], from: "2026-03-03", to: "2026-03-03" });
    expect(rows()[0]).toHaveTextContent(TUESDAY.agendas[0].days[0].rows[0].lastName);

    await fireEvent.input(screen.getByTestId("sheet-to"), { target: { value: "2026-03-06" } });
    await waitFor(() =>
      expect(transport.callsTo("day_sheet").at(-1)).toEqual({ calendarIds: [CALENDAR], from: "2026-03-03", to: "2026-03-06" }),
    );
  });

  it("says when an agenda has no appointment that day", async () => {
    await show({ day_sheet: "sheet:day_sheet/sunday" });
    expect(within(screen.getByTestId("sheet-agenda")).getByText("Aucun rendez-vous.")).toBeInTheDocument();
    expect(screen.queryAllByTestId("sheet-row")).toHaveLength(0);
  });

  it("shows the core's refusal of a range", async () => {
    await renderRecorded(DaySheetView, { day_sheet: "sheet:day_sheet/reversed" });
    expect(await screen.findByTestId("sheet-error")).toHaveTextContent("Le dernier jour est avant le premier.");
  });

  it("prints through the web view's print", async () => {
    const print = vi.spyOn(window, "print").mockImplementation(() => {});
    const { user } = await show();
    await user.click(screen.getByTestId("sheet-print"));
    expect(print).toHaveBeenCalledOnce();
    print.mockRestore();
  });

  it("exports CSV and PDF through the save dialog, and says nothing when it is cancelled", async () => {
    const { transport, user } = await show({
      export_day_sheet: ["sheet:export_day_sheet/csv", "sheet:export_day_sheet/pdf", "sheet:export_day_sheet/cancelled"],
    });

    await user.click(screen.getByTestId("sheet-export-csv"));
    expect(await screen.findByTestId("sheet-message")).toHaveTextContent(
      "Feuille enregistrée : /home/camille/Documents/feuille-du-jour-2026-03-02.csv",
    );
    await user.click(screen.getByTestId("sheet-export-pdf"));
    await waitFor(() => expect(screen.getByTestId("sheet-message")).toHaveTextContent("feuille-du-jour-2026-03-02.pdf"));
    await user.click(screen.getByTestId("sheet-export-pdf"));
    await waitFor(() => expect(transport.callsTo("export_day_sheet")).toHaveLength(3));
    await waitFor(() => expect(screen.queryByTestId("sheet-message")).toBeNull());
    expect(transport.callsTo("export_day_sheet").map((p) => p.format)).toEqual(["csv", "pdf", "pdf"]);
    expect(transport.callsTo("export_day_sheet")[0]).toMatchObject({ calendarIds: [CALENDAR], from: "2026-03-02" });
  });
});
