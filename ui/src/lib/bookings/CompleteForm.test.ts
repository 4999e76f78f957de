import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Booking, BookingCalendar } from "../ipc/bindings";
import { RECORDED_AT, recorded, recordedError, type Routes } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import BookingsView from "./BookingsView.svelte";

/** The demo practice with « Séance M. Petit » typed directly in Google Agenda (no markers). */
const [typed] = recorded<Booking[]>("ownevents:upcoming_bookings");

const world: Routes = {
  upcoming_bookings: "ownevents:upcoming_bookings",
  list_calendars: "ownevents:list_calendars",
  booking_calendars: "ownevents:booking_calendars",
};

async function show(routes: Routes = {}) {
  const rendered = await renderRecorded(BookingsView, { ...world, ...routes });
  await screen.findAllByTestId("booking-row");
  return { ...rendered, user: userEvent.setup() };
}

const row = (id: string) => screen.getAllByTestId("booking-row").find((r) => r.dataset.bookingId === id)!;

beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
afterEach(() => vi.useRealTimers());

describe("an appointment typed in Google Agenda", () => {
  it("is listed by its title, as typed in Google Agenda", async () => {
    await show();
    expect(typed.origin).toBe("google");
    expect(row(typed.id)).toHaveTextContent("Séance M. Petit");
    expect(row(typed.id)).toHaveTextContent("Saisi dans Google Agenda");
  });

  it("offers Compléter instead of the booking actions, and says the patient is not known", async () => {
    const { user } = await show();
    await user.click(row(typed.id));
    const details = screen.getByTestId("booking-details");

    expect(within(details).getByTestId("patient-name")).toHaveTextContent("Séance M. Petit");
    expect(within(details).getByTestId("booking-unmarked")).toHaveTextContent("pas encore connu");
    expect(within(details).getByTestId("booking-complete")).toBeInTheDocument();
    expect(within(details).queryByTestId("booking-cancel")).toBeNull();
    expect(within(details).queryByTestId("booking-move")).toBeNull();
  });

  it("offers the types of the agenda's published configuration, by name", async () => {
    const { user } = await show();
    await user.click(row(typed.id));
    const details = screen.getByTestId("booking-details");
    const agenda = recorded<BookingCalendar[]>("ownevents:booking_calendars").find(
      (c) => c.id === typed.calendarId,
    )!;
    expect(agenda.types.length).toBeGreaterThan(0);
    const select = within(details).getByTestId("complete-motif");
    await waitFor(() =>
      expect(within(select).getAllByRole("option").map((o) => o.textContent)).toEqual([
        "Rendez-vous",
        ...agenda.types.map((type) => type.name),
      ]),
    );
  });

  it("sends the four fields and the type as typed, and shows the backend's refusal", async () => {
    const { transport, user } = await show({
      booking_action: ["ownevents:booking_action/complete-invalid", "ownevents:booking_action/complete"],
    });
    await user.click(row(typed.id));
    const details = screen.getByTestId("booking-details");

    await user.type(within(details).getByTestId("complete-last-name"), "Petit");
    await user.type(within(details).getByTestId("complete-first-name"), "Louis");
    await user.type(within(details).getByTestId("complete-phone"), "bonjour");
    await user.type(within(details).getByTestId("complete-email"), "louis.petit@example.fr");
    await user.click(within(details).getByTestId("complete-submit"));

    await waitFor(() =>
      expect(screen.getByTestId("action-result")).toHaveTextContent(
        recordedError("ownevents:booking_action/complete-invalid").message,
      ),
    );
    expect(transport.callsTo("booking_action")).toEqual([
      {
        calendarId: typed.calendarId,
        eventId: typed.eventId,
        action: {
          kind: "complete",
          lastName: "Petit",
          firstName: "Louis",
          phone: "bonjour",
          email: "louis.petit@example.fr",
          appointmentType: null,
        },
      },
    ]);

    const phone = within(details).getByTestId("complete-phone");
    await user.clear(phone);
    await user.type(phone, "06 12 34 56 78");
    await user.click(within(details).getByTestId("complete-submit"));
    await waitFor(() => expect(screen.getByTestId("action-result")).toHaveTextContent("Rendez-vous complété."));
  });
});
