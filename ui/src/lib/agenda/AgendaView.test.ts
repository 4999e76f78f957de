import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Session } from "../account/session.svelte";
import { setLocale } from "../i18n/i18n.svelte";
import type { AccountState, AgendaEvent } from "../ipc/bindings";
import { LINKED_EMAIL, demoData, type DemoData } from "../ipc/demo-data";
import { MockBackend } from "../ipc/mock-backend";
import { AppLock } from "../lock/app-lock.svelte";
import { CLAIRE, LEA, account as practiceAccount, booking, eventOf, practice } from "../testing/practice";
import Providers from "../testing/Providers.svelte";
import { renderView } from "../testing/render";
import { HIDDEN_STORAGE_KEY } from "./columns";
import AgendaView from "./AgendaView.svelte";

// Thursday 26 November 2026, 09:00 in Paris.
const NOW = new Date("2026-11-26T08:00:00Z");
const account: AccountState = { state: "linked", email: LINKED_EMAIL, demo: false };

/** The demo agenda, plus one booking this afternoon and one already over this week. */
function agenda(): DemoData {
  const data = demoData(NOW, LINKED_EMAIL);
  const extra: AgendaEvent[] = [
    {
      id: "past",
      calendarId: LINKED_EMAIL,
      kind: "booking",
      title: "Suivi – Paul Fournier",
      start: "2026-11-24T08:00:00+01:00",
      end: "2026-11-24T08:30:00+01:00",
      allDay: false,
      appointmentType: "suivi",
      patientName: "Paul Fournier",
    },
  ];
  return { ...data, events: [...data.events, ...extra] };
}

async function showAgenda() {
  const rendered = await renderView(AgendaView, { account, data: agenda() });
  const calendar = screen.getByTestId("agenda-calendar");
  await waitFor(() => expect(calendar.querySelector("[data-kind='booking']")).not.toBeNull());
  return { ...rendered, calendar, user: userEvent.setup() };
}

const kinds = (root: HTMLElement) =>
  new Set([...root.querySelectorAll<HTMLElement>("[data-kind]")].map((el) => el.dataset.kind));

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ["Date"] });
  localStorage.clear();
});
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
  localStorage.clear();
});

describe("Agenda", () => {
  it("welcomes a user without an account instead of an empty calendar", async () => {
    await renderView(AgendaView);

    const view = screen.getByTestId("view-agenda");
    expect(within(view).getByRole("heading", { level: 1 })).toHaveTextContent("Agenda");
    expect(within(view).getByTestId("onboarding")).toBeInTheDocument();
    expect(screen.queryByTestId("agenda-calendar")).toBeNull();
  });

  it("shows this week, Monday first, in French, with bookings and other events", async () => {
    const { backend, calendar } = await showAgenda();

    expect(screen.getByTestId("agenda-title")).toHaveTextContent("23 – 29 nov. 2026");
    const headers = [...calendar.querySelectorAll(".fc-col-header-cell")].map(
      (th) => th.textContent,
    );
    expect(headers[0]).toMatch(/^lun\. 23/);
    expect(headers[6]).toMatch(/^dim\. 29/);
    expect(kinds(calendar)).toContain("booking");
    expect(kinds(calendar)).toContain("other");

    // The week is asked for in the calendar's zone, with offsets (RFC 3339).
    expect(backend.calls).toContainEqual([
      "agenda_events",
      { from: "2026-11-23T00:00:00+01:00", to: "2026-11-30T00:00:00+01:00" },
    ]);
    expect(screen.getByTestId("agenda-view-week")).toHaveAttribute("aria-pressed", "true");
  });

  it("writes times on the 24-hour clock", async () => {
    const { calendar } = await showAgenda();

    const labels = [...calendar.querySelectorAll(".fc-timegrid-slot-label-cushion")].map(
      (el) => el.textContent,
    );
    expect(labels).toContain("14:00");
    expect(labels.join(" ")).not.toMatch(/am|pm/i);
    const times = [...calendar.querySelectorAll("[data-kind='booking'] .fc-event-time")];
    expect(times[0].textContent).toMatch(/^\d{2}:\d{2}$/);
  });

  it("switches to the day and list views", async () => {
    const { calendar, user } = await showAgenda();

    await user.click(screen.getByTestId("agenda-view-list"));
    await waitFor(() =>
      expect(calendar.querySelector(".fc-list-event[data-kind='booking']")).not.toBeNull(),
    );
    expect(screen.getByTestId("agenda-view-list")).toHaveAttribute("aria-pressed", "true");
    expect(calendar.querySelector(".fc-list-event-time")?.textContent).toMatch(
      /^\d{2}:\d{2} - \d{2}:\d{2}$/,
    );

    await user.click(screen.getByTestId("agenda-view-day"));
    await waitFor(() =>
      expect(screen.getByTestId("agenda-title")).toHaveTextContent("26 novembre 2026"),
    );
  });

  it("goes to the next week and back to today", async () => {
    const { backend, user } = await showAgenda();

    await user.click(screen.getByTestId("agenda-next"));
    await waitFor(() =>
      expect(screen.getByTestId("agenda-title")).toHaveTextContent("30 nov. – 6 déc. 2026"),
    );
    expect(backend.calls).toContainEqual([
      "agenda_events",
      { from: "2026-11-30T00:00:00+01:00", to: "2026-12-07T00:00:00+01:00" },
    ]);

    await user.click(screen.getByTestId("agenda-today"));
    await waitFor(() =>
      expect(screen.getByTestId("agenda-title")).toHaveTextContent("23 – 29 nov. 2026"),
    );
  });

  it("opens an upcoming booking's details, with the patient's contact", async () => {
    const { calendar, backend, user } = await showAgenda();
    const upcoming = (await backend.upcomingBookings(null))[0];
    const name = `${upcoming.patient.firstName} ${upcoming.patient.lastName}`;
    const block = await waitFor(() => {
      // Bookings read "Prénom Nom · Motif": the name first, for narrow week columns.
      const el = [...calendar.querySelectorAll<HTMLElement>("[data-kind='booking']")].find((e) =>
        e.textContent?.includes(`${name} · `),
      );
      expect(el).toBeDefined();
      return el!;
    });

    await user.click(block);

    const details = await screen.findByTestId("booking-details");
    expect(details).toHaveAttribute("data-booking-id", upcoming.id);
    expect(within(details).getByTestId("booking-phone")).toHaveAttribute(
      "href",
      `tel:${upcoming.patient.phone}`,
    );
  });

  it("opens a booking the cache no longer has with Enter, saying its details are gone", async () => {
    const { calendar, user } = await showAgenda();
    const past = [...calendar.querySelectorAll<HTMLElement>("[data-kind='booking']")].find((e) =>
      e.textContent?.includes("Paul Fournier"),
    )!;

    past.focus();
    await user.keyboard("{Enter}");

    const details = await screen.findByTestId("booking-details");
    expect(details).toHaveTextContent("Suivi – Paul Fournier");
    expect(details).toHaveTextContent("n’est plus dans le cache de cet ordinateur");
    expect(within(details).queryByTestId("booking-phone")).toBeNull();
    expect(within(details).queryByTestId("booking-actions")).toBeNull();
  });

  it("shows an event with no length in Google at its start, flagged, not draggable, and says why", async () => {
    const data = agenda();
    data.events.push({
      id: "zero",
      calendarId: LINKED_EMAIL,
      kind: "booking",
      title: "Suivi – Léo Robert",
      start: "2026-11-27T10:00:00+01:00",
      end: "2026-11-27T10:00:00+01:00",
      allDay: false,
      appointmentType: "suivi",
      patientName: "Léo Robert",
      spanIssue: "noLength",
    });
    await renderView(AgendaView, { account, data });
    const calendar = screen.getByTestId("agenda-calendar");
    const block = await waitFor(() => {
      const el = calendar.querySelector<HTMLElement>(".rdv-span-issue");
      expect(el).not.toBeNull();
      return el!;
    });
    expect(block).toHaveTextContent("Léo Robert");
    expect(block).toHaveTextContent("Heure de fin à corriger dans Google Agenda");
    expect(block).not.toHaveClass("fc-event-draggable");

    await userEvent.setup().click(block);

    const details = await screen.findByTestId("booking-details");
    expect(within(details).getByTestId("booking-span-issue")).toHaveTextContent(
      "corrigez son heure de fin dans Google Agenda",
    );
  });

  it("fetches the events again when the backend says the data changed", async () => {
    const { backend } = await showAgenda();
    const fetches = () => backend.calls.filter(([command]) => command === "agenda_events").length;
    const before = fetches();

    backend.emitDataChanged();

    await waitFor(() => expect(fetches()).toBe(before + 1));
  });

  it("draws in the primary calendar's time zone", async () => {
    const data = agenda();
    data.calendars[0].timeZone = "America/Martinique";
    const { backend } = await renderView(AgendaView, { account, data });

    // The week runs from Monday 00:00 Martinique time (UTC−4, no DST).
    await waitFor(() =>
      expect(backend.calls).toContainEqual([
        "agenda_events",
        { from: "2026-11-23T00:00:00-04:00", to: "2026-11-30T00:00:00-04:00" },
      ]),
    );
  });

  it("speaks English when the UI does", async () => {
    setLocale("en");
    const { calendar } = await showAgenda();

    expect(screen.getByTestId("agenda-view-week")).toHaveTextContent("Week");
    const headers = [...calendar.querySelectorAll(".fc-col-header-cell")].map(
      (th) => th.textContent,
    );
    expect(headers[0]).toMatch(/^Mon 23/);
  });
});

describe("Agenda in secretary mode and booking actions", () => {
  /** The practice with Claire's and Léa's calendars shown. */
  async function showBoth(selected = [CLAIRE, LEA]) {
    const backend = new MockBackend({ account: practiceAccount, data: practice(selected), activity: [] });
    const rendered = await renderView(AgendaView, backend);
    await waitFor(() =>
      expect(screen.getByTestId("agenda-calendar").querySelector("[data-kind='booking']")).not.toBeNull(),
    );
    return { ...rendered, user: userEvent.setup() };
  }

  const bookingNames = (root: HTMLElement) =>
    [...root.querySelectorAll<HTMLElement>("[data-kind='booking'] .fc-event-title")].map((el) => el.textContent);

  it("shows one column per practitioner in the day view, named, with their own bookings", async () => {
    const { user, backend } = await showBoth();

    await user.click(screen.getByTestId("agenda-view-day"));

    const columns = await screen.findAllByTestId("agenda-column");
    expect(columns.map((c) => c.dataset.calendarId)).toEqual([CLAIRE, LEA]);
    expect(columns[0]).toHaveTextContent("Claire Dubois");
    expect(columns[1]).toHaveTextContent("Dr Léa Martin");
    await waitFor(() => expect(bookingNames(columns[1])).toEqual(["Manon Leroy · Consultation"]));
    expect(bookingNames(columns[0])).toEqual([
      "Paul Fournier · Consultation",
      "Jeanne Martin · Consultation",
      "Lucas Bernard · Consultation",
    ]);
    expect(screen.getByTestId("agenda-title")).toHaveTextContent("26 novembre 2026");

    // One date for every column; one request for all of them.
    const before = backend.calls.filter(([c]) => c === "agenda_events").length;
    await user.click(screen.getByTestId("agenda-next"));
    await waitFor(() => expect(screen.getByTestId("agenda-title")).toHaveTextContent("27 novembre 2026"));
    await waitFor(() => expect(bookingNames(screen.getAllByTestId("agenda-column")[0])).toEqual(["Chloé Petit · Consultation"]));
    expect(bookingNames(screen.getAllByTestId("agenda-column")[1])).toEqual([]);
    expect(backend.calls.filter(([c]) => c === "agenda_events")).toHaveLength(before + 1);
    expect(backend.calls).toContainEqual([
      "agenda_events",
      { from: "2026-11-27T00:00:00+01:00", to: "2026-11-28T00:00:00+01:00" },
    ]);
  });

  it("colours each calendar's bookings in the week, with a filter that is the legend", async () => {
    await showBoth();
    const calendar = screen.getByTestId("agenda-calendar");
    const manon = [...calendar.querySelectorAll<HTMLElement>("[data-kind='booking']")].find((e) =>
      e.textContent?.includes("Manon Leroy"),
    )!;
    const jeanne = [...calendar.querySelectorAll<HTMLElement>("[data-kind='booking']")].find((e) =>
      e.textContent?.includes("Jeanne Martin"),
    )!;
    expect(manon.style.backgroundColor).toBe("rgb(216, 27, 96)");
    expect(jeanne.style.backgroundColor).toBe("rgb(63, 81, 181)");

    const filter = screen.getByTestId("agenda-filter");
    expect(filter).toHaveTextContent("Claire Dubois");
    expect(filter).toHaveTextContent("Dr Léa Martin");
    expect(screen.getByTestId(`agenda-filter-${LEA}`)).toBeChecked();
    // No column in the week.
    expect(screen.queryByTestId("agenda-column")).toBeNull();
  });

  it("hides an unticked calendar, remembers it, and shows a single day again", async () => {
    const { user, unmount } = await showBoth();

    await user.click(screen.getByTestId(`agenda-filter-${LEA}`));

    await waitFor(() => expect(bookingNames(screen.getByTestId("agenda-calendar"))).not.toContain("Manon Leroy · Consultation"));
    expect(JSON.parse(localStorage.getItem(HIDDEN_STORAGE_KEY)!)).toEqual([LEA]);
    await user.click(screen.getByTestId("agenda-view-day"));
    expect(screen.queryByTestId("agenda-column")).toBeNull();

    unmount();
    await showBoth();
    expect(screen.getByTestId(`agenda-filter-${LEA}`)).not.toBeChecked();
    expect(screen.getByTestId(`agenda-filter-${CLAIRE}`)).toBeChecked();

    await user.click(screen.getByTestId(`agenda-filter-${CLAIRE}`));
    expect(screen.getByTestId("agenda-none-visible")).toHaveTextContent("Aucun agenda coché");
  });

  it("offers no filter with a single calendar", async () => {
    await showBoth([CLAIRE]);
    expect(screen.queryByTestId("agenda-filter")).toBeNull();
    expect(screen.getByRole("list", { name: "Légende" })).toHaveTextContent("Rendez-vous");
  });

  it("opens a past booking still cached with its details and actions", async () => {
    const { user, backend } = await showBoth();
    const past = [...screen.getByTestId("agenda-calendar").querySelectorAll<HTMLElement>("[data-kind='booking']")].find(
      (e) => e.textContent?.includes("Paul Fournier"),
    )!;

    await user.click(past);

    const details = await screen.findByTestId("booking-details");
    expect(backend.calls).toContainEqual(["booking_details", { calendarId: CLAIRE, id: "past" }]);
    expect(within(details).getByTestId("booking-phone")).toHaveAttribute("href", "tel:+33612345678");
    expect(within(details).getByTestId("booking-note")).toHaveValue("Arrive en retard");

    await user.click(within(details).getByTestId("booking-absent"));

    await waitFor(() => expect(within(screen.getByTestId("booking-details")).getByTestId("action-result")).toHaveTextContent("Marqué absent"));
    await waitFor(() =>
      expect(within(screen.getByTestId("booking-details")).getByTestId("booking-attendance")).toHaveTextContent(
        "Absent (non excusé)",
      ),
    );
  });

  it("closes a cancelled booking's details and says so above the agenda", async () => {
    const { user } = await showBoth();
    const jeanne = [...screen.getByTestId("agenda-calendar").querySelectorAll<HTMLElement>("[data-kind='booking']")].find(
      (e) => e.textContent?.includes("Jeanne Martin"),
    )!;
    await user.click(jeanne);
    const details = await screen.findByTestId("booking-details");

    await user.click(within(details).getByTestId("booking-cancel"));
    await user.click(screen.getByTestId("cancel-confirm"));

    await waitFor(() => expect(screen.queryByTestId("booking-details")).toBeNull());
    expect(screen.getByTestId("action-result")).toHaveTextContent("Rendez-vous annulé.");
    await waitFor(() => expect(bookingNames(screen.getByTestId("agenda-calendar"))).not.toContain("Jeanne Martin · Consultation"));
  });

  it("marks a booking whose edit waits for the connection", async () => {
    const backend = new MockBackend({ account: practiceAccount, data: practice(), activity: [], offline: true });
    await backend.bookingAction(CLAIRE, "lucas", { kind: "note", text: "Rappeler" });
    await renderView(AgendaView, backend);

    const calendar = screen.getByTestId("agenda-calendar");
    const lucas = await waitFor(() => {
      const el = calendar.querySelector<HTMLElement>("[data-kind='booking'][data-edit]");
      expect(el).not.toBeNull();
      return el!;
    });
    expect(lucas).toHaveTextContent("Lucas Bernard");
    expect(lucas).toHaveTextContent("modification en attente");
    expect(lucas.dataset.edit).toBe("pending");
    expect(lucas.title).toContain("modification en attente");
  });

  it("lets only bookings to come be dragged, and only by a role that may move them", async () => {
    await showBoth([CLAIRE, LEA]);
    const calendar = screen.getByTestId("agenda-calendar");
    const block = (name: string) =>
      [...calendar.querySelectorAll<HTMLElement>("[data-kind='booking']")].find((e) => e.textContent?.includes(name))!;
    // FullCalendar marks the blocks it lets the user drag.
    expect(block("Jeanne Martin")).toHaveClass("fc-event-draggable");
    expect(block("Manon Leroy")).toHaveClass("fc-event-draggable");
    expect(block("Paul Fournier")).not.toHaveClass("fc-event-draggable");
  });
});


describe("a booking opened from the tray or a click on a reminder (open-booking)", () => {
  /** The practice, with a booking in two weeks. */
  function withLater() {
    const data = practice();
    const later = booking("later", CLAIRE, "2026-12-10", "09:00", "09:45", "Inès", "Garcia");
    return { ...data, bookings: [...data.bookings, later], events: [...data.events, eventOf(later)] };
  }

  it("shows its details, on its week", async () => {
    const backend = new MockBackend({ account: practiceAccount, data: withLater() });
    await renderView(AgendaView, backend);
    expect(screen.getByTestId("agenda-title")).toHaveTextContent("23 – 29 nov. 2026");

    backend.emitOpenBooking({ calendarId: CLAIRE, id: "later" });

    const details = await screen.findByTestId("booking-details");
    expect(within(details).getByTestId("patient-name")).toHaveTextContent("Inès Garcia");
    expect(backend.calls).toContainEqual(["booking_details", { calendarId: CLAIRE, id: "later" }]);
    await waitFor(() => expect(screen.getByTestId("agenda-title")).toHaveTextContent("7 – 13 déc. 2026"));
  });

  it("opens a booking asked for before the agenda was on screen", async () => {
    const backend = new MockBackend({ account: practiceAccount, data: practice() });
    const session = new Session(backend);
    await session.load();
    // Asked for while another view (or the lock screen) was shown.
    session.requestOpenBooking({ calendarId: CLAIRE, id: "jeanne" });

    render(Providers, { backend, session, lock: new AppLock(backend), view: AgendaView });

    const details = await screen.findByTestId("booking-details");
    expect(within(details).getByTestId("patient-name")).toHaveTextContent("Jeanne Martin");
    expect(session.openRequest).toBeNull();
  });

  it("says so when the booking is no longer in the cache", async () => {
    const backend = new MockBackend({ account: practiceAccount, data: practice() });
    await renderView(AgendaView, backend);

    backend.emitOpenBooking({ calendarId: CLAIRE, id: "annule" });

    expect(await screen.findByTestId("agenda-open-notice")).toHaveTextContent("n’est plus dans l’agenda");
    expect(screen.queryByTestId("booking-details")).toBeNull();
  });
});
