import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Booking, PatientHistory } from "../ipc/bindings";
import { RECORDED_AT, recorded, type Routes } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import BookingsView from "../bookings/BookingsView.svelte";

/**
 * Dr Laurent's agenda (the `patients` world): Jeanne Martin missed two appointments without
 * excuse; a namesake missed one; Paul Durand left neither e-mail nor phone.
 */
const world: Routes = {
  account_status: "patients:account_status",
  list_calendars: "patients:list_calendars",
  upcoming_bookings: "patients:upcoming_bookings",
};

const rows = () => screen.getAllByTestId("booking-row");
const row = (id: string) => rows().find((r) => r.dataset.bookingId === id)!;

async function show(routes: Routes = {}) {
  const rendered = await renderRecorded(BookingsView, { ...world, ...routes });
  await screen.findAllByTestId("booking-row");
  return { ...rendered, user: userEvent.setup() };
}

beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
afterEach(() => vi.useRealTimers());

describe("Rendez-vous › a patient who misses appointments", () => {
  it("flags the patient's rows with a sign and words, as the backend counts", async () => {
    await show();
    const flagged = recorded<Booking[]>("patients:upcoming_bookings").filter((b) => b.repeatedNoShows);
    expect(flagged.map((b) => b.id)).toEqual(["jm0000000004", "jm0000000005"]);
    for (const booking of flagged) {
      expect(within(row(booking.id)).getByTestId("booking-row-no-shows")).toHaveTextContent(
        "⚠ 2 absences non excusées",
      );
    }
    expect(within(row("ls0000000001")).queryByTestId("booking-row-no-shows")).toBeNull();
  });

  it("finds the past visits when searching, in a section of their own", async () => {
    const { user } = await show({
      upcoming_bookings: ["patients:upcoming_bookings", "patients:upcoming_bookings/search"],
    });
    await user.type(screen.getByTestId("booking-search"), "martin");

    const past = await screen.findByTestId("group-past");
    expect(past).toHaveTextContent("Passés");
    const ids = within(past.closest("section")!)
      .getAllByTestId("booking-row")
      .map((r) => r.dataset.bookingId);
    expect(ids).toEqual(["jm0000000001", "jm0000000002", "jm0000000006", "jm0000000003"]);
  });
});

describe("Historique du patient", () => {
  it("opens from the details by keyboard and lists the patient's appointments newest first", async () => {
    const { user, transport } = await show({ patient_history: "patients:patient_history" });
    row("jm0000000005").focus();
    await user.keyboard("{Enter}");
    const details = await screen.findByTestId("booking-details");
    expect(within(details).getByTestId("booking-no-shows")).toHaveTextContent("⚠ 2 absences non excusées");

    within(details).getByTestId("patient-history-open").focus();
    await user.keyboard("{Enter}");

    const dialog = await screen.findByTestId("patient-history");
    expect(dialog).toHaveTextContent("Historique de Jeanne Martin");
    await waitFor(() => expect(within(dialog).getAllByTestId("patient-history-item")).toHaveLength(5));
    const history = recorded<PatientHistory>("patients:patient_history");
    expect(
      within(dialog)
        .getAllByTestId("patient-history-item")
        .map((li) => li.dataset.bookingId),
    ).toEqual(history.bookings.map((b) => b.id));
    expect(within(dialog).getByTestId("patient-history-no-shows")).toHaveTextContent(
      "2 absences non excusées : ce patient manque souvent ses rendez-vous.",
    );
    expect(within(dialog).getAllByText(/Absent \(non excusé\)/)).toHaveLength(2);
    expect(within(dialog).getByText("Excusé")).toBeInTheDocument();
    expect(transport.callsTo("patient_history")).toEqual([
      { calendarId: "dr.camille.laurent@example.fr", id: "jm0000000005" },
    ]);

    await user.click(within(dialog).getByTestId("patient-history-close"));
    expect(screen.queryByTestId("patient-history-item")).toBeNull();
  });

  it("says a name alone identifies no one when the booking has neither e-mail nor phone", async () => {
    const { user } = await show({
      upcoming_bookings: ["patients:upcoming_bookings", "patients:upcoming_bookings/search-durand"],
      patient_history: "patients:patient_history/alone",
    });
    await user.type(screen.getByTestId("booking-search"), "durand");
    await screen.findByTestId("group-past");
    await user.click(row("pd0000000001"));
    await user.click(await screen.findByTestId("patient-history-open"));

    const dialog = await screen.findByTestId("patient-history");
    expect(dialog).toHaveTextContent("Historique de Paul Durand");
    expect(await within(dialog).findByTestId("patient-history-not-identified")).toHaveTextContent(
      "un nom seul n’identifie personne",
    );
    expect(within(dialog).getAllByTestId("patient-history-item")).toHaveLength(1);
  });

  it("shows an empty state when the patient has no other appointment", async () => {
    const { user } = await show({ patient_history: "patients:patient_history/single" });
    await user.click(row("ls0000000001"));
    await user.click(await screen.findByTestId("patient-history-open"));

    const dialog = await screen.findByTestId("patient-history");
    expect(await within(dialog).findByTestId("empty-state")).toHaveTextContent("Aucun autre rendez-vous");
    expect(within(dialog).getAllByTestId("patient-history-item")).toHaveLength(1);
  });
});
