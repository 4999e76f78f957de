import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { RECORDED_AT, recordedError, type Routes } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import CalendarsSection from "./CalendarsSection.svelte";

/** The secretary's app: her own calendar, the practitioner's (writer), a colleague's (reader), a room's (free/busy). */
const secretary: Routes = {
  account_status: "secretary:account_status",
  list_calendars: "secretary:list_calendars",
};

beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
afterEach(() => vi.useRealTimers());

describe("Réglages → Agendas", () => {
  it("lists each calendar with its colour, the user's role in plain words, and a checkbox", async () => {
    await renderRecorded(CalendarsSection, secretary);
    const card = screen.getByTestId("calendars-card");
    const items = within(card).getAllByRole("listitem");

    expect(items).toHaveLength(4);
    expect(items[0]).toHaveTextContent("secretariat.cabinet@example.fr");
    expect(items[0]).toHaveTextContent("Principal");
    expect(items[0]).toHaveTextContent("Propriétaire");
    expect(items[1]).toHaveTextContent("Dr Camille Laurent");
    expect(items[1]).toHaveTextContent("Secrétaire (modifier et annuler)");
    expect(items[2]).toHaveTextContent("Consultation");
    expect(items[3]).toHaveTextContent("Disponibilités seulement");
    expect(items[0].querySelector<HTMLElement>(".dot")?.style.backgroundColor).toBe("rgb(66, 214, 146)");

    expect(screen.getByTestId("calendar-toggle-1")).toBeChecked();
    expect(screen.getByTestId("calendar-toggle-2")).not.toBeChecked();
    // The checkbox is named by the calendar, for screen readers.
    expect(screen.getByRole("checkbox", { name: /dr\.lea\.martin/ })).toBe(screen.getByTestId("calendar-toggle-2"));
  });

  it("selects and unselects calendars through the backend", async () => {
    const { transport, session } = await renderRecorded(CalendarsSection, {
      ...secretary,
      set_calendar_selected: ["secretary:set_calendar_selected/lea", "secretary:set_calendar_selected/none"],
    });
    const user = userEvent.setup();

    await user.click(screen.getByTestId("calendar-toggle-2"));

    await waitFor(() => expect(screen.getByTestId("calendar-toggle-2")).toBeChecked());
    expect(transport.callsTo("set_calendar_selected")).toEqual([
      { calendarId: "dr.lea.martin@example.fr", selected: true },
    ]);
    expect(session.selectedCalendars).toHaveLength(3);

    // The answer after the last box is unticked: nothing selected; say what it means.
    await user.click(screen.getByTestId("calendar-toggle-2"));
    expect(await screen.findByText(/Aucun agenda n’est coché/)).toBeInTheDocument();
  });

  it("puts the box back and says why when the choice cannot be saved", async () => {
    await renderRecorded(CalendarsSection, {
      ...secretary,
      set_calendar_selected: "secretary:set_calendar_selected/unknown",
    });

    await userEvent.click(screen.getByTestId("calendar-toggle-2"));

    expect(await screen.findByRole("alert")).toHaveTextContent(
      recordedError("secretary:set_calendar_selected/unknown").message,
    );
    expect(screen.getByTestId("calendar-toggle-2")).not.toBeChecked();
  });

  it("says what counts as an appointment on each shown calendar and saves the choice through the backend", async () => {
    const { transport } = await renderRecorded(CalendarsSection, {
      account_status: "account_status",
      list_calendars: "ownevents:list_calendars",
      set_appointment_policy: "ownevents:set_appointment_policy/bookings-only",
    });
    const policy = screen.getByTestId("calendar-policy-0");
    expect(policy).toHaveValue("alsoOwnEvents");
    expect(policy).toHaveAccessibleName(/Ce qui compte comme rendez-vous/);

    await userEvent.selectOptions(policy, "bookingsOnly");

    await waitFor(() => expect(screen.getByTestId("calendar-policy-0")).toHaveValue("bookingsOnly"));
    expect(transport.callsTo("set_appointment_policy")).toEqual([
      { calendarId: "dr.camille.laurent@example.fr", policy: "bookingsOnly" },
    ]);
  });
});

