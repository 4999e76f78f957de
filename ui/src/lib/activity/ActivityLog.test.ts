import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import BookingsView from "../bookings/BookingsView.svelte";
import { setLocale } from "../i18n/i18n.svelte";
import { BACKEND_EVENTS } from "../ipc/backend";
import type { ActivityEntry, Booking } from "../ipc/bindings";
import { RECORDED_AT, recorded, recordedError, type Routes } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";

/**
 * The outbox world's log, newest first: a booking cancelled in Google, one marked absent here
 * after it was moved in Google, one cancelled here with a reason, one marked excused. Its
 * bookings are looked up in that order: gone, Jules Dubois, gone, Alice Blanc.
 */
const practice: Routes = {
  upcoming_bookings: "outbox:upcoming_bookings/sent",
  activity_log: "outbox:activity_log",
  booking_details: [
    "bookings:booking_details/gone",
    "outbox:booking_details/retried",
    "bookings:booking_details/gone",
    "outbox:booking_details/sent",
  ],
};
const LOG = recorded<ActivityEntry[]>("outbox:activity_log");
const nameOf = (label: string) => {
  const { patient } = recorded<Booking>(label);
  return `${patient.firstName} ${patient.lastName}`;
};

async function showActivity(routes: Routes = practice) {
  const rendered = await renderRecorded(BookingsView, routes);
  const user = userEvent.setup();
  await user.click(screen.getByTestId("activity-tab"));
  return { ...rendered, user };
}

const entries = () => screen.getAllByTestId("activity-entry");

beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
});

describe("Activité", () => {
  it("lists who did what and when, newest first, telling the app from Google", async () => {
    const { transport } = await showActivity();

    await waitFor(() => expect(entries()).toHaveLength(LOG.length));
    expect(screen.getByTestId("activity-tab")).toHaveAttribute("aria-selected", "true");
    expect(transport.callsTo("activity_log")).toContainEqual({ limit: 200 });
    const [cancelled, absent, moved, cancel, excused] = entries();

    expect(cancelled).toHaveAttribute("data-origin", "google");
    expect(cancelled).toHaveTextContent("Dans Google Agenda");
    expect(cancelled).toHaveTextContent("par Google Agenda");

    expect(moved).toHaveAttribute("data-origin", "google");
    expect(moved).toHaveTextContent("Rendez-vous déplacé");
    expect(within(moved).getByTestId("activity-move")).toHaveTextContent("lun. 2 mars 10:20 → mar. 3 mars 16:00");
    // A booking still cached is named.
    await waitFor(() => expect(moved).toHaveTextContent(nameOf("outbox:booking_details/retried")));

    expect(cancel).toHaveAttribute("data-origin", "app");
    expect(cancel).toHaveTextContent("Rendez-vous annulé");
    expect(cancel).toHaveTextContent("Dans l’application");
    expect(cancel).toHaveTextContent("par vous · 2 mars 2026, 09:00");
    expect(cancel).toHaveTextContent("Rendez-vous du lun. 2 mars 09:20");
    expect(cancel).toHaveTextContent("Motif : Malade");

    expect(absent).toHaveTextContent("Présence notée");
    expect(absent).toHaveTextContent("Absent (non excusé)");
    expect(excused).toHaveTextContent("Excusé");
    await waitFor(() => expect(excused).toHaveTextContent(nameOf("outbox:booking_details/sent")));
  });

  it("reads the log again when the outbox changes, and goes back to the list with the arrow keys", async () => {
    const { transport, user } = await showActivity({ ...practice, activity_log: ["bookings:activity_log", "outbox:activity_log"] });
    await waitFor(() => expect(entries()).toHaveLength(recorded<ActivityEntry[]>("bookings:activity_log").length));

    transport.emit(BACKEND_EVENTS.outboxChanged);

    await waitFor(() => expect(entries()).toHaveLength(LOG.length));
    expect(entries()[0]).toHaveAttribute("data-action", "cancelled");

    // The arrow keys go back to the upcoming bookings.
    screen.getByTestId("activity-tab").focus();
    await user.keyboard("{ArrowLeft}");
    expect(screen.getByTestId("bookings-tab-upcoming")).toHaveFocus();
    expect(await screen.findAllByTestId("booking-row")).not.toHaveLength(0);
  });

  it("tells the secretary her own actions and filters by calendar in secretary mode", async () => {
    const { user } = await showActivity({
      account_status: "secretary:account_status",
      list_calendars: "secretary:list_calendars/selected",
      upcoming_bookings: "secretary:upcoming_bookings",
      activity_log: "secretary:activity_log",
      booking_details: "bookings:booking_details/gone",
    });
    await waitFor(() => expect(entries()).toHaveLength(1));
    // The secretary's own action: « par vous ».
    expect(entries()[0]).toHaveTextContent("par vous");

    await user.selectOptions(screen.getByTestId("bookings-calendar-filter"), "dr.lea.martin@example.fr");
    expect(screen.queryAllByTestId("activity-entry")).toHaveLength(0);

    await user.selectOptions(screen.getByTestId("bookings-calendar-filter"), "dr.camille.laurent@example.fr");
    expect(entries()).toHaveLength(1);
    expect(entries()[0]).toHaveAttribute("data-action", "attendance");
  });

  it("says when there is nothing yet", async () => {
    await showActivity({});
    expect(await screen.findByTestId("empty-state")).toHaveTextContent("Aucune activité pour l’instant");
  });

  it("says why the log could not be read, and tries again", async () => {
    const { transport, user } = await showActivity({ ...practice, activity_log: "lock:activity_log/locked" });

    expect(await screen.findByRole("alert")).toHaveTextContent(recordedError("lock:activity_log/locked").message);
    transport.route("activity_log", "outbox:activity_log");
    await user.click(screen.getByRole("button", { name: /Réessayer/ }));
    await waitFor(() => expect(entries()).toHaveLength(LOG.length));
  });

  it("speaks English when the UI does", async () => {
    setLocale("en");
    await showActivity();
    await waitFor(() => expect(entries()).toHaveLength(LOG.length));
    expect(entries()[0]).toHaveTextContent("In Google Calendar");
    expect(entries()[3]).toHaveTextContent("Appointment cancelled");
    expect(entries()[3]).toHaveTextContent("by you");
  });
});
