import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AccountState, Booking, CalendarInfo } from "../ipc/bindings";
import type { DemoData } from "../ipc/demo-data";
import type { MockOptions } from "../ipc/mock-backend";
import { renderView } from "../testing/render";
import BookingsView from "./BookingsView.svelte";

// Thursday 26 November 2026, 09:00 in Paris.
const NOW = new Date("2026-11-26T08:00:00Z");
const account: AccountState = { state: "linked", email: "claire@example.fr", demo: false };

const calendars: CalendarInfo[] = [
  {
    id: "claire@example.fr",
    summary: "Claire Dubois",
    color: "#3f51b5",
    timeZone: "Europe/Paris",
    accessRole: "owner",
    primary: true,
    selected: true,
  },
  {
    id: "lea@example.fr",
    summary: "Dr Léa Martin",
    color: "#d81b60",
    timeZone: "Europe/Paris",
    accessRole: "writer",
    primary: false,
    selected: false,
  },
];

function booking(
  id: string,
  start: string,
  end: string,
  patient: Partial<Booking["patient"]>,
  more: Partial<Booking> = {},
): Booking {
  return {
    id,
    calendarId: "claire@example.fr",
    calendarName: "Claire Dubois",
    start,
    end,
    title: "…",
    appointmentType: "consultation",
    patient: { firstName: null, lastName: null, phone: null, email: null, ...patient },
    source: "site",
    bookedAt: null,
    eventId: id,
    attendance: null,
    note: null,
    editedBy: null,
    editedAt: null,
    site: null,
    ...more,
  };
}

const BOOKINGS: Booking[] = [
  booking(
    "jeanne",
    "2026-11-26T10:00:00+01:00",
    "2026-11-26T10:45:00+01:00",
    {
      firstName: "Jeanne",
      lastName: "Martin",
      phone: "+33612345678",
      email: "jeanne.martin@orange.fr",
    },
    { bookedAt: "2026-11-20T08:14:03Z" },
  ),
  booking(
    "lucas",
    "2026-11-26T14:00:00+01:00",
    "2026-11-26T14:30:00+01:00",
    { firstName: "Lucas", lastName: "Bernard" },
    { appointmentType: "suivi", source: "phone" },
  ),
  booking(
    "chloe",
    "2026-11-28T09:00:00+01:00",
    "2026-11-28T10:00:00+01:00",
    { firstName: "Chloé", lastName: "Petit", phone: "+33698765432" },
    { appointmentType: "premiere-consultation", source: "app" },
  ),
  booking(
    "hugo",
    "2026-12-01T11:00:00+01:00",
    "2026-12-01T12:00:00+01:00",
    { firstName: "Hugo", lastName: "Lefèvre", email: "hugo.lefevre@free.fr" },
    { appointmentType: "bilan-sportif", source: "google" },
  ),
  booking(
    "manon",
    "2026-12-03T09:00:00+01:00",
    "2026-12-03T09:45:00+01:00",
    { firstName: "Manon", lastName: "Leroy" },
    { calendarId: "lea@example.fr", calendarName: "Dr Léa Martin" },
  ),
];

function data(bookings = BOOKINGS): DemoData {
  return { calendars: structuredClone(calendars), events: [], bookings: structuredClone(bookings) };
}

async function showBookings(options: MockOptions = {}) {
  const rendered = await renderView(BookingsView, { account, data: data(), ...options });
  return { ...rendered, user: userEvent.setup() };
}

const rows = () => screen.getAllByTestId("booking-row");
const names = () => rows().map((row) => row.querySelector(".name")?.textContent);

beforeEach(() => {
  // Only the clock is fake: debounce and Testing Library's waits use real timers.
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
});
afterEach(() => vi.useRealTimers());

describe("Rendez-vous", () => {
  it("welcomes a user without an account instead of an empty list", async () => {
    await renderView(BookingsView);
    expect(screen.getByTestId("onboarding")).toBeInTheDocument();
  });

  it("groups upcoming bookings into today, this week and later", async () => {
    await showBookings();

    await screen.findAllByTestId("booking-row");
    expect(screen.getByTestId("group-today")).toHaveTextContent("Aujourd’hui");
    expect(screen.getByTestId("group-week")).toHaveTextContent("Cette semaine");
    expect(screen.getByTestId("group-later")).toHaveTextContent("Plus tard");

    const [today, week, later] = ["today", "week", "later"].map((group) =>
      within(screen.getByTestId(`group-${group}`).closest("section")!)
        .getAllByTestId("booking-row")
        .map((row) => row.dataset.bookingId),
    );
    expect(today).toEqual(["jeanne", "lucas"]);
    expect(week).toEqual(["chloe"]);
    expect(later).toEqual(["hugo"]);
  });

  it("shows the time on the 24-hour clock, the patient and the appointment type", async () => {
    await showBookings();

    const [jeanne, lucas, chloe, hugo] = await screen.findAllByTestId("booking-row");
    expect(jeanne).toHaveTextContent("10:00");
    expect(jeanne).toHaveTextContent("45 min");
    expect(jeanne).toHaveTextContent("Jeanne Martin");
    expect(jeanne).toHaveTextContent("Consultation");
    expect(lucas).toHaveTextContent("14:00");
    expect(lucas).toHaveTextContent("Suivi");
    // Outside today, the day is shown, the French way.
    expect(chloe).toHaveTextContent("sam. 28 nov.");
    expect(chloe).toHaveTextContent("Première consultation");
    // A motif the app does not know is shown by its id.
    expect(hugo).toHaveTextContent("bilan-sportif");
    // One calendar: no calendar names.
    expect(jeanne).not.toHaveTextContent("Claire Dubois");
  });

  it("searches after a pause in typing, once, through the backend", async () => {
    const { backend, user } = await showBookings();
    await screen.findAllByTestId("booking-row");

    await user.type(screen.getByTestId("booking-search"), "lef");

    await waitFor(() => expect(names()).toEqual(["Hugo Lefèvre"]));
    const searches = backend.calls.filter(([command]) => command === "upcoming_bookings");
    // The first load, then one search for the whole word: not one per key.
    expect(searches).toEqual([
      ["upcoming_bookings", { query: null }],
      ["upcoming_bookings", { query: "lef" }],
    ]);
  });

  it("finds a patient by phone as people type it", async () => {
    const { user } = await showBookings();
    await screen.findAllByTestId("booking-row");

    await user.type(screen.getByTestId("booking-search"), "06 98 76");

    await waitFor(() => expect(names()).toEqual(["Chloé Petit"]));
  });

  it("says when nothing matches, quoting the search", async () => {
    const { user } = await showBookings();
    await screen.findAllByTestId("booking-row");

    await user.type(screen.getByTestId("booking-search"), "Zorro");

    expect(await screen.findByTestId("no-results")).toHaveTextContent(
      "Aucun rendez-vous ne correspond à « Zorro »",
    );
    await user.keyboard("{Escape}");
    await waitFor(() => expect(rows()).toHaveLength(4));
  });

  it("shows what the booking site knows of a booking: source, consent, SMS", async () => {
    const withSite = structuredClone(BOOKINGS);
    withSite[0].site = {
      source: "site",
      consentAt: "2026-11-20T08:14:03Z",
      consentVersion: "2026-09-01",
      smsConfirmation: "delivered",
      smsReminder: "pending",
    };
    const { user } = await showBookings({ data: data(withSite) });

    await user.click((await screen.findAllByTestId("booking-row"))[0]);
    const site = within(screen.getByTestId("booking-details")).getByTestId("booking-site");
    expect(site).toHaveTextContent("Site de réservation");
    expect(within(site).getByTestId("booking-site-source")).toHaveTextContent("Site de réservation");
    expect(within(site).getByTestId("booking-consent")).toHaveTextContent(/20 nov\. 2026.*09:14.*version 2026-09-01/);
    expect(within(site).getByTestId("booking-sms-confirmation")).toHaveTextContent("délivré");
    expect(within(site).getByTestId("booking-sms-reminder")).toHaveTextContent("prévu");

    // A booking the site does not know: nothing of it.
    await user.click(rows()[1]);
    expect(screen.queryByTestId("booking-site")).toBeNull();
  });

  it("opens the details with click-to-call and click-to-mail links", async () => {
    const { user } = await showBookings();

    await user.click((await screen.findAllByTestId("booking-row"))[0]);

    const details = screen.getByTestId("booking-details");
    expect(within(details).getByTestId("patient-name")).toHaveTextContent("Jeanne Martin");
    expect(details).toHaveTextContent("jeudi 26 novembre 2026");
    expect(details).toHaveTextContent("10:00 – 10:45");
    expect(details).toHaveTextContent("45 min");
    expect(within(details).getByTestId("booking-phone")).toHaveAttribute(
      "href",
      "tel:+33612345678",
    );
    expect(within(details).getByTestId("booking-phone")).toHaveTextContent("06 12 34 56 78");
    expect(within(details).getByTestId("booking-email")).toHaveAttribute(
      "href",
      "mailto:jeanne.martin@orange.fr",
    );
    expect(within(details).getByTestId("booking-motif")).toHaveTextContent("Consultation");
    expect(within(details).getByTestId("booking-source")).toHaveTextContent("Site de réservation");
    expect(within(details).getByTestId("booking-booked-at")).toHaveTextContent(
      /20 nov\. 2026.*09:14/,
    );
    expect(rows()[0]).toHaveAttribute("aria-current", "true");
  });

  it("says when Google holds a booking with no length, and where to correct it", async () => {
    const flagged = booking(
      "zero",
      "2026-11-26T10:00:00+01:00",
      "2026-11-26T10:00:00+01:00",
      { firstName: "Jeanne", lastName: "Martin" },
      { spanIssue: "noLength" },
    );
    await renderView(BookingsView, { account, data: data([flagged, ...BOOKINGS.slice(1)]) });
    const user = userEvent.setup();

    await user.click((await screen.findAllByTestId("booking-row"))[0]);

    const note = within(screen.getByTestId("booking-details")).getByTestId("booking-span-issue");
    expect(note).toHaveAttribute("data-issue", "noLength");
    expect(note).toHaveTextContent("finit à l’heure où il commence");
    expect(note).toHaveTextContent("corrigez son heure de fin dans Google Agenda");
    expect(screen.getByTestId("booking-details")).toHaveTextContent("10:00 – 10:00");
  });

  it("hands the phone and email links to the system instead of navigating the window", async () => {
    const { user, backend } = await showBookings();
    await user.click((await screen.findAllByTestId("booking-row"))[0]);
    const details = screen.getByTestId("booking-details");

    await user.click(within(details).getByTestId("booking-phone"));
    await user.click(within(details).getByTestId("booking-email"));

    const opened = backend.calls.filter(([command]) => command === "open_contact_link");
    expect(opened).toEqual([
      ["open_contact_link", { url: "tel:+33612345678" }],
      ["open_contact_link", { url: "mailto:jeanne.martin@orange.fr" }],
    ]);
  });

  it("says which contact details are missing, and names every source", async () => {
    const { user } = await showBookings();
    const [, lucas, chloe, hugo] = await screen.findAllByTestId("booking-row");

    await user.click(lucas);
    let details = screen.getByTestId("booking-details");
    expect(within(details).queryByTestId("booking-phone")).toBeNull();
    expect(details).toHaveTextContent("Non renseigné");
    expect(within(details).getByTestId("booking-source")).toHaveTextContent("Téléphone");

    await user.click(chloe);
    details = screen.getByTestId("booking-details");
    expect(within(details).getByTestId("booking-source")).toHaveTextContent("Application");

    await user.click(hugo);
    details = screen.getByTestId("booking-details");
    expect(within(details).getByTestId("booking-source")).toHaveTextContent("Google Agenda");
  });

  it("moves the selection with the arrow keys and opens with Enter; Escape closes", async () => {
    const { user } = await showBookings();
    const list = await screen.findAllByTestId("booking-row");

    list[0].focus();
    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(list[2]).toHaveFocus();
    // Moving does not open anything yet.
    expect(screen.queryByTestId("booking-details")).toBeNull();

    await user.keyboard("{Enter}");
    expect(screen.getByTestId("booking-details")).toHaveAttribute("data-booking-id", "chloe");

    await user.keyboard("{ArrowUp}{Enter}");
    expect(screen.getByTestId("booking-details")).toHaveAttribute("data-booking-id", "lucas");

    screen.getByTestId("booking-details-close").focus();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("booking-details")).toBeNull();
  });

  it("goes from the search field to the list with the down arrow", async () => {
    const { user } = await showBookings();
    const list = await screen.findAllByTestId("booking-row");

    await user.click(screen.getByTestId("booking-search"));
    await user.keyboard("{ArrowDown}");

    expect(list[0]).toHaveFocus();
  });

  it("names each booking's calendar when several are shown (secretary mode)", async () => {
    const selected = data();
    selected.calendars[1].selected = true;
    await renderView(BookingsView, { account, data: selected });

    const list = await screen.findAllByTestId("booking-row");
    expect(list).toHaveLength(5);
    expect(list[0]).toHaveTextContent("Claire Dubois");
    expect(list[4]).toHaveTextContent("Dr Léa Martin");
  });

  it("reloads when the backend says the data changed", async () => {
    const { backend } = await showBookings();
    await screen.findAllByTestId("booking-row");

    backend.data!.bookings.push(
      booking("new", "2026-11-26T17:00:00+01:00", "2026-11-26T17:30:00+01:00", {
        firstName: "Rose",
        lastName: "Chevalier",
      }),
    );
    backend.emitDataChanged();

    await waitFor(() => expect(names()).toContain("Rose Chevalier"));
  });

  it("still lists cached bookings when offline", async () => {
    await showBookings({
      offline: true,
      sync: { state: "offline", lastSuccessAt: "2026-11-26T07:00:00Z", message: "no network" },
    });
    expect(await screen.findAllByTestId("booking-row")).toHaveLength(4);
  });

  it("says when there is no upcoming booking at all", async () => {
    await renderView(BookingsView, { account, data: data([]) });
    expect(await screen.findByTestId("empty-state")).toHaveTextContent("Aucun rendez-vous à venir");
  });

  it("says why the bookings could not be loaded, and retries", async () => {
    const { backend, user } = await showBookings({
      bookingsError: { code: "internal", message: "database is locked" },
    });

    expect(await screen.findByRole("alert")).toHaveTextContent("database is locked");
    backend.bookingsError = undefined;
    await user.click(screen.getByRole("button", { name: /Réessayer/ }));
    expect(await screen.findAllByTestId("booking-row")).toHaveLength(4);
  });
});
