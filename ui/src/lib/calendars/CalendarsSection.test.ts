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

describe("Réglages → Agendas › Ajouter un agenda partagé", () => {
  /** The secretary's own account: the practitioner's agenda shared with her, not yet in her list. */
  const shared: Routes = {
    account_status: "secretary:account_status",
    list_calendars: "shared:list_calendars/before",
  };

  it("adds the agenda typed, submitted with Enter, shows progress, then the agenda ticked in the list", async () => {
    const { transport } = await renderRecorded(CalendarsSection, {
      ...shared,
      add_shared_calendar: "shared:add_shared_calendar",
    });
    const user = userEvent.setup();
    const card = screen.getByTestId("calendars-card");
    expect(within(card).getAllByRole("listitem")).toHaveLength(1);
    const release = transport.hold("add_shared_calendar");

    const field = screen.getByLabelText("Adresse de la praticienne ou identifiant de l’agenda");
    await user.click(field);
    await user.keyboard(" Dr.Camille.Laurent@Example.fr {Enter}");

    expect(await screen.findByTestId("add-shared-progress")).toHaveTextContent("Ajout de l’agenda…");
    expect(screen.getByTestId("add-shared-submit")).toBeDisabled();
    release();

    expect(await screen.findByTestId("add-shared-done")).toHaveTextContent(
      "Agenda « Dr Camille Laurent » ajouté : il est affiché et synchronisé.",
    );
    expect(transport.callsTo("add_shared_calendar")).toEqual([
      { calendarOrEmail: " Dr.Camille.Laurent@Example.fr " },
    ]);
    const items = within(card).getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(items[1]).toHaveTextContent("Dr Camille Laurent");
    expect(screen.getByTestId("calendar-toggle-1")).toBeChecked();
    expect(field).toHaveValue("");
  });

  it.each([
    ["not shared with her yet", "shared:add_shared_calendar/not-shared", "dr.lea.martin@example.fr"],
    ["already in her list", "shared:add_shared_calendar/already", "dr.camille.laurent@example.fr"],
    ["offline", "shared:add_shared_calendar/offline", "dr.camille.laurent@example.fr"],
    ["her own", "shared:add_shared_calendar/own", "secretariat.cabinet@example.fr"],
  ])("shows the backend's reason when the agenda is %s, and keeps what was typed", async (_, label, typed) => {
    await renderRecorded(CalendarsSection, { ...shared, add_shared_calendar: label });
    const user = userEvent.setup();
    const field = screen.getByTestId("add-shared-input");
    await user.type(field, `${typed}{Enter}`);

    expect(await screen.findByTestId("add-shared-error")).toHaveTextContent(recordedError(label).message);
    expect(field).toHaveValue(typed);
    expect(field).toHaveAttribute("aria-invalid", "true");
  });
});
