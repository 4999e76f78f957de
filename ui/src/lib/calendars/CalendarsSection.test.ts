import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { AccountState } from "../ipc/bindings";
import { LINKED_EMAIL } from "../ipc/demo-data";
import { MockBackend } from "../ipc/mock-backend";
import { renderView } from "../testing/render";
import CalendarsSection from "./CalendarsSection.svelte";

const account: AccountState = { state: "linked", email: LINKED_EMAIL, demo: false };

describe("Réglages → Agendas", () => {
  it("lists each calendar with its colour, the user's role in plain words, and a checkbox", async () => {
    await renderView(CalendarsSection, { account });
    const card = screen.getByTestId("calendars-card");
    const items = within(card).getAllByRole("listitem");

    expect(items).toHaveLength(4);
    expect(items[0]).toHaveTextContent("Claire Dubois – Ostéopathe");
    expect(items[0]).toHaveTextContent("Principal");
    expect(items[0]).toHaveTextContent("Propriétaire");
    expect(items[1]).toHaveTextContent("Secrétaire (modifier et annuler)");
    expect(items[2]).toHaveTextContent("Consultation");
    expect(items[3]).toHaveTextContent("Disponibilités seulement");
    expect(items[0].querySelector<HTMLElement>(".dot")?.style.backgroundColor).toBe(
      "rgb(63, 81, 181)",
    );

    expect(screen.getByTestId("calendar-toggle-0")).toBeChecked();
    expect(screen.getByTestId("calendar-toggle-1")).not.toBeChecked();
    // The checkbox is named by the calendar, for screen readers.
    expect(screen.getByRole("checkbox", { name: /Dr Léa Martin/ })).toBe(
      screen.getByTestId("calendar-toggle-1"),
    );
  });

  it("selects and unselects calendars through the backend", async () => {
    const { backend, session } = await renderView(CalendarsSection, { account });
    const user = userEvent.setup();

    await user.click(screen.getByTestId("calendar-toggle-1"));

    await waitFor(() => expect(screen.getByTestId("calendar-toggle-1")).toBeChecked());
    expect(backend.calls).toContainEqual([
      "set_calendar_selected",
      { calendarId: "cabinet.martin.kine@gmail.com", selected: true },
    ]);
    expect(session.selectedCalendars).toHaveLength(2);

    await user.click(screen.getByTestId("calendar-toggle-0"));
    await user.click(screen.getByTestId("calendar-toggle-1"));

    // Nothing selected: say what it means.
    expect(await screen.findByText(/Aucun agenda n’est coché/)).toBeInTheDocument();
  });

  it("puts the box back and says why when the choice cannot be saved", async () => {
    const backend = new MockBackend({ account });
    backend.setCalendarSelected = async () => {
      throw { code: "offline", message: "no network" };
    };
    await renderView(CalendarsSection, backend);

    await userEvent.click(screen.getByTestId("calendar-toggle-1"));

    expect(await screen.findByRole("alert")).toHaveTextContent("no network");
    expect(screen.getByTestId("calendar-toggle-1")).not.toBeChecked();
  });
});
