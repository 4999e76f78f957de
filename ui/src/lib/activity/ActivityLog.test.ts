import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import BookingsView from "../bookings/BookingsView.svelte";
import { setLocale } from "../i18n/i18n.svelte";
import type { ActivityEntry } from "../ipc/bindings";
import { MockBackend, type MockOptions } from "../ipc/mock-backend";
import { CLAIRE, LEA, NOW, account, practice } from "../testing/practice";
import { renderView } from "../testing/render";

const entry = (more: Partial<ActivityEntry>): ActivityEntry => ({
  at: "2026-11-25T16:30:00Z",
  actor: CLAIRE,
  origin: "app",
  calendarId: CLAIRE,
  eventId: "jeanne",
  action: "note",
  from: "2026-11-26T09:00:00Z",
  to: null,
  reason: null,
  attendance: null,
  ...more,
});

const LOG: ActivityEntry[] = [
  entry({ at: "2026-11-26T07:45:00Z", action: "cancel", eventId: "gone", reason: "Patient malade" }),
  entry({
    at: "2026-11-26T07:00:00Z",
    actor: "Google Agenda",
    origin: "google",
    action: "moved",
    eventId: "chloe",
    from: "2026-11-26T09:00:00Z",
    to: "2026-11-27T08:00:00Z",
  }),
  entry({ at: "2026-11-25T17:00:00Z", actor: "accueil@cabinet.fr", action: "attendance", attendance: "excused" }),
];

async function showActivity(options: MockOptions = {}, selected = [CLAIRE]) {
  const backend = new MockBackend({ account, data: practice(selected), activity: LOG, ...options });
  const rendered = await renderView(BookingsView, backend);
  const user = userEvent.setup();
  await user.click(screen.getByTestId("activity-tab"));
  return { ...rendered, user };
}

const entries = () => screen.getAllByTestId("activity-entry");

beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
});

describe("Activité", () => {
  it("lists who did what and when, newest first, telling the app from Google", async () => {
    const { backend } = await showActivity();

    await waitFor(() => expect(entries()).toHaveLength(3));
    expect(screen.getByTestId("activity-tab")).toHaveAttribute("aria-selected", "true");
    expect(backend.calls).toContainEqual(["activity_log", { limit: 200 }]);
    const [cancel, moved, excused] = entries();

    expect(cancel).toHaveAttribute("data-origin", "app");
    expect(cancel).toHaveTextContent("Rendez-vous annulé");
    expect(cancel).toHaveTextContent("Dans l’application");
    expect(cancel).toHaveTextContent("par vous · 26 nov. 2026, 08:45");
    expect(cancel).toHaveTextContent("Rendez-vous du jeu. 26 nov. 10:00");
    expect(cancel).toHaveTextContent("Motif : Patient malade");

    expect(moved).toHaveAttribute("data-origin", "google");
    expect(moved).toHaveTextContent("Rendez-vous déplacé");
    expect(moved).toHaveTextContent("Dans Google Agenda");
    expect(moved).toHaveTextContent("par Google Agenda");
    expect(within(moved).getByTestId("activity-move")).toHaveTextContent(
      "jeu. 26 nov. 10:00 → ven. 27 nov. 09:00",
    );
    // A booking still cached is named.
    await waitFor(() => expect(moved).toHaveTextContent("Chloé Petit"));

    expect(excused).toHaveTextContent("Présence notée");
    expect(excused).toHaveTextContent("par accueil@cabinet.fr");
    expect(excused).toHaveTextContent("Excusé");
  });

  it("adds an action made here at the top", async () => {
    const { backend, user } = await showActivity();
    await waitFor(() => expect(entries()).toHaveLength(3));

    await backend.bookingAction(CLAIRE, "lucas", { kind: "attendance", status: "absent" });

    await waitFor(() => expect(entries()).toHaveLength(4));
    expect(entries()[0]).toHaveTextContent("Présence notée");
    expect(entries()[0]).toHaveTextContent("Absent (non excusé)");
    await waitFor(() => expect(entries()[0]).toHaveTextContent("Lucas Bernard"));

    // The arrow keys go back to the upcoming bookings.
    screen.getByTestId("activity-tab").focus();
    await user.keyboard("{ArrowLeft}");
    expect(screen.getByTestId("bookings-tab-upcoming")).toHaveFocus();
    expect(await screen.findAllByTestId("booking-row")).not.toHaveLength(0);
  });

  it("filters by calendar in secretary mode", async () => {
    const log = [entry({ calendarId: LEA, eventId: "manon", action: "note", at: "2026-11-26T07:50:00Z" }), ...LOG];
    const { user } = await showActivity({ activity: log }, [CLAIRE, LEA]);
    await waitFor(() => expect(entries()).toHaveLength(4));
    expect(entries()[0]).toHaveTextContent("Dr Léa Martin");

    await user.selectOptions(screen.getByTestId("bookings-calendar-filter"), LEA);

    expect(entries()).toHaveLength(1);
    expect(entries()[0]).toHaveAttribute("data-action", "note");
  });

  it("says when there is nothing yet", async () => {
    await showActivity({ activity: [] });
    expect(await screen.findByTestId("empty-state")).toHaveTextContent("Aucune activité pour l’instant");
  });

  it("says why the log could not be read, and tries again", async () => {
    const backend = new MockBackend({ account, data: practice(), activity: LOG });
    const read = backend.activityLog.bind(backend);
    backend.activityLog = () => Promise.reject({ code: "internal", message: "database is locked" });
    await renderView(BookingsView, backend);
    const user = userEvent.setup();
    await user.click(screen.getByTestId("activity-tab"));

    expect(await screen.findByRole("alert")).toHaveTextContent("database is locked");
    backend.activityLog = read;
    await user.click(screen.getByRole("button", { name: /Réessayer/ }));
    await waitFor(() => expect(entries()).toHaveLength(3));
  });

  it("speaks English when the UI does", async () => {
    setLocale("en");
    await showActivity();
    await waitFor(() => expect(entries()).toHaveLength(3));
    expect(entries()[0]).toHaveTextContent("Appointment cancelled");
    expect(entries()[0]).toHaveTextContent("by you");
    expect(entries()[1]).toHaveTextContent("In Google Calendar");
  });
});
