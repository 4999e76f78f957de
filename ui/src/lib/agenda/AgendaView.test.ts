import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Session } from "../account/session.svelte";
import { setLocale } from "../i18n/i18n.svelte";
import { BACKEND_EVENTS } from "../ipc/backend";
import type { AgendaEvent, Booking } from "../ipc/bindings";
import { RECORDED_AT, recorded, recordedBackend, type Routes } from "../ipc/recorded-transport";
import { AppLock } from "../lock/app-lock.svelte";
import Providers from "../testing/Providers.svelte";
import { renderRecorded } from "../testing/render";
import { HIDDEN_STORAGE_KEY } from "./columns";
import AgendaView from "./AgendaView.svelte";

/** The demo practice on Monday 2 March 2026, 09:00: Alice Blanc at 09:00, Raphaël Vincent at 09:20… */
const [alice, raphael] = recorded<Booking[]>("upcoming_bookings");
const CAMILLE = alice.calendarId;
const LEA = "dr.lea.martin@example.fr";
const SECRETARY = "secretariat.cabinet@example.fr";
const nameOf = (b: Booking) => `${b.patient.firstName} ${b.patient.lastName}`;

/** The secretary's app: her calendar, the practitioner's (writer) and a colleague's (reader), all shown. */
const secretary: Routes = {
  account_status: "secretary:account_status",
  list_calendars: "secretary:list_calendars/selected",
  agenda_events: "secretary:agenda_events",
  upcoming_bookings: "secretary:upcoming_bookings",
};

async function showAgenda(routes: Routes = {}) {
  const rendered = await renderRecorded(AgendaView, routes);
  const calendar = screen.getByTestId("agenda-calendar");
  await waitFor(() => expect(calendar.querySelector("[data-kind='booking']")).not.toBeNull());
  return { ...rendered, calendar, user: userEvent.setup() };
}

const kinds = (root: HTMLElement) =>
  new Set([...root.querySelectorAll<HTMLElement>("[data-kind]")].map((el) => el.dataset.kind));
const blockOf = (root: HTMLElement, name: string) =>
  [...root.querySelectorAll<HTMLElement>("[data-kind='booking']")].find((e) => e.textContent?.includes(name))!;
const bookingNames = (root: HTMLElement) =>
  [...root.querySelectorAll<HTMLElement>("[data-kind='booking'] .fc-event-title")].map((el) => el.textContent);

beforeEach(() => {
  vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] });
  localStorage.clear();
});
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
  localStorage.clear();
});

describe("Agenda", () => {
  it("welcomes a user without an account instead of an empty calendar", async () => {
    await renderRecorded(AgendaView, { account_status: "account_status/none" });

    const view = screen.getByTestId("view-agenda");
    expect(within(view).getByRole("heading", { level: 1 })).toHaveTextContent("Agenda");
    expect(within(view).getByTestId("onboarding")).toBeInTheDocument();
    expect(screen.queryByTestId("agenda-calendar")).toBeNull();
  });

  it("shows this week, Monday first, in French, with bookings and other events", async () => {
    const { transport, calendar } = await showAgenda();

    expect(screen.getByTestId("agenda-title")).toHaveTextContent("2 – 8 mars 2026");
    const headers = [...calendar.querySelectorAll(".fc-col-header-cell")].map((th) => th.textContent);
    expect(headers[0]).toMatch(/^lun\. 2/);
    expect(headers[6]).toMatch(/^dim\. 8/);
    expect(kinds(calendar)).toContain("booking");
    expect(kinds(calendar)).toContain("other");

    // The week is asked for in the calendar's zone, with offsets (RFC 3339).
    expect(transport.callsTo("agenda_events")).toContainEqual({
      from: "2026-03-02T00:00:00+01:00",
      to: "2026-03-09T00:00:00+01:00",
    });
    expect(screen.getByTestId("agenda-view-week")).toHaveAttribute("aria-pressed", "true");
  });

  it("writes times on the 24-hour clock", async () => {
    const { calendar } = await showAgenda();

    const labels = [...calendar.querySelectorAll(".fc-timegrid-slot-label-cushion")].map((el) => el.textContent);
    expect(labels).toContain("14:00");
    expect(labels.join(" ")).not.toMatch(/am|pm/i);
    const times = [...calendar.querySelectorAll("[data-kind='booking'] .fc-event-time")];
    expect(times[0].textContent).toMatch(/^\d{2}:\d{2}$/);
  });

  it("switches to the day and list views", async () => {
    const { calendar, user } = await showAgenda();

    await user.click(screen.getByTestId("agenda-view-list"));
    await waitFor(() => expect(calendar.querySelector(".fc-list-event[data-kind='booking']")).not.toBeNull());
    expect(screen.getByTestId("agenda-view-list")).toHaveAttribute("aria-pressed", "true");
    expect(calendar.querySelector(".fc-list-event-time")?.textContent).toMatch(/^\d{2}:\d{2} - \d{2}:\d{2}$/);

    await user.click(screen.getByTestId("agenda-view-day"));
    await waitFor(() => expect(screen.getByTestId("agenda-title")).toHaveTextContent("2 mars 2026"));
  });

  it("goes to the next week and back to today", async () => {
    const { transport, user, calendar } = await showAgenda({
      agenda_events: ["agenda_events", "bookings:agenda_events/next-week", "agenda_events"],
    });

    await user.click(screen.getByTestId("agenda-next"));
    await waitFor(() => expect(screen.getByTestId("agenda-title")).toHaveTextContent("9 – 15 mars 2026"));
    expect(transport.callsTo("agenda_events")).toContainEqual({
      from: "2026-03-09T00:00:00+01:00",
      to: "2026-03-16T00:00:00+01:00",
    });
    const next = recorded<AgendaEvent[]>("bookings:agenda_events/next-week").find((e) => e.kind === "booking")!;
    await waitFor(() => expect(blockOf(calendar, next.patientName!)).toBeDefined());

    await user.click(screen.getByTestId("agenda-today"));
    await waitFor(() => expect(screen.getByTestId("agenda-title")).toHaveTextContent("2 – 8 mars 2026"));
  });

  it("opens a booking's details, with the patient's contact", async () => {
    const { calendar, transport, user } = await showAgenda();
    // Bookings read "Prénom Nom · Motif": the name first, for narrow week columns.
    const block = await waitFor(() => {
      const el = blockOf(calendar, `${nameOf(alice)} · `);
      expect(el).toBeDefined();
      return el;
    });

    await user.click(block);

    const details = await screen.findByTestId("booking-details");
    expect(details).toHaveAttribute("data-booking-id", alice.id);
    expect(transport.callsTo("booking_details")).toContainEqual({ calendarId: CAMILLE, id: alice.id });
    expect(within(details).getByTestId("booking-phone")).toHaveAttribute("href", alice.patient.phoneLink!);
  });

  it("opens a booking the cache no longer has with Enter, saying its details are gone", async () => {
    const { calendar, user } = await showAgenda({ booking_details: "bookings:booking_details/gone" });
    const block = blockOf(calendar, nameOf(raphael));

    block.focus();
    await user.keyboard("{Enter}");

    const details = await screen.findByTestId("booking-details");
    expect(details).toHaveTextContent(nameOf(raphael));
    expect(details).toHaveTextContent("n’est plus dans le cache de cet ordinateur");
    expect(within(details).queryByTestId("booking-phone")).toBeNull();
    expect(within(details).queryByTestId("booking-actions")).toBeNull();
  });

  it("shows an event with no length in Google at its start, flagged, not draggable, and says why", async () => {
    const { calendar } = await showAgenda({
      agenda_events: "bookings:agenda_events/entered",
      booking_details: "bookings:booking_details/nolength001",
    });
    const block = await waitFor(() => {
      const el = calendar.querySelector<HTMLElement>(".rdv-span-issue");
      expect(el).not.toBeNull();
      return el!;
    });
    expect(block).toHaveTextContent("Rose Chevalier");
    expect(block).toHaveTextContent("Heure de fin à corriger dans Google Agenda");
    expect(block).not.toHaveClass("fc-event-draggable");

    await userEvent.setup().click(block);

    const details = await screen.findByTestId("booking-details");
    expect(within(details).getByTestId("booking-span-issue")).toHaveTextContent(
      "corrigez son heure de fin dans Google Agenda",
    );
  });

  it("fetches the events again when the backend says the data changed", async () => {
    const { transport } = await showAgenda();
    const before = transport.callsTo("agenda_events").length;

    transport.emit(BACKEND_EVENTS.dataChanged);

    await waitFor(() => expect(transport.callsTo("agenda_events")).toHaveLength(before + 1));
  });

  it("marks a booking whose edit waits for the connection", async () => {
    const { calendar } = await showAgenda({ outbox_items: "outbox:outbox_items/one" });

    const pending = await waitFor(() => {
      const el = calendar.querySelector<HTMLElement>("[data-kind='booking'][data-edit]");
      expect(el).not.toBeNull();
      return el!;
    });
    expect(pending).toHaveTextContent(nameOf(alice));
    expect(pending).toHaveTextContent("modification en attente");
    expect(pending.dataset.edit).toBe("pending");
    expect(pending.title).toContain("modification en attente");
  });

  it("lets only bookings to come be dragged", async () => {
    const { calendar } = await showAgenda();
    // FullCalendar marks the blocks it lets the user drag; Alice's starts now.
    expect(blockOf(calendar, nameOf(raphael))).toHaveClass("fc-event-draggable");
    expect(blockOf(calendar, nameOf(alice))).not.toHaveClass("fc-event-draggable");
  });

  it("closes a cancelled booking's details and says so above the agenda", async () => {
    const { calendar, transport, user } = await showAgenda({ booking_action: "booking_action/cancel" });
    await user.click(blockOf(calendar, nameOf(alice)));
    const details = await screen.findByTestId("booking-details");

    await user.click(within(details).getByTestId("booking-cancel"));
    await user.click(screen.getByTestId("cancel-confirm"));

    await waitFor(() => expect(screen.queryByTestId("booking-details")).toBeNull());
    expect(screen.getByTestId("action-result")).toHaveTextContent("Rendez-vous annulé.");
    expect(transport.callsTo("booking_action")).toEqual([
      { calendarId: CAMILLE, eventId: alice.id, action: { kind: "cancel", reason: null } },
    ]);
  });

  it("offers no filter with a single calendar", async () => {
    await showAgenda();
    expect(screen.queryByTestId("agenda-filter")).toBeNull();
    expect(screen.getByRole("list", { name: "Légende" })).toHaveTextContent("Rendez-vous");
  });

  it("speaks English when the UI does", async () => {
    setLocale("en");
    const { calendar } = await showAgenda();

    expect(screen.getByTestId("agenda-view-week")).toHaveTextContent("Week");
    const headers = [...calendar.querySelectorAll(".fc-col-header-cell")].map((th) => th.textContent);
    expect(headers[0]).toMatch(/^Mon 2/);
  });
});

describe("Agenda in secretary mode", () => {
  it("shows one column per calendar in the day view, named, with their own bookings", async () => {
    const { user, transport } = await showAgenda({
      ...secretary,
      agenda_events: ["secretary:agenda_events", "secretary:agenda_events/monday", "secretary:agenda_events/tuesday"],
    });

    await user.click(screen.getByTestId("agenda-view-day"));

    const columns = await screen.findAllByTestId("agenda-column");
    const ids = columns.map((c) => c.dataset.calendarId);
    expect(ids).toEqual(expect.arrayContaining([SECRETARY, CAMILLE, LEA]));
    const column = (id: string) => screen.getAllByTestId("agenda-column").find((c) => c.dataset.calendarId === id)!;
    expect(column(CAMILLE)).toHaveTextContent("Dr Camille Laurent");
    await waitFor(() => expect(bookingNames(column(CAMILLE))).toContain(`${nameOf(alice)} · Suivi`));
    expect(bookingNames(column(LEA))).toEqual([]);
    expect(screen.getByTestId("agenda-title")).toHaveTextContent("2 mars 2026");

    // One date for every column; one request for all of them.
    await user.click(screen.getByTestId("agenda-next"));
    await waitFor(() => expect(screen.getByTestId("agenda-title")).toHaveTextContent("3 mars 2026"));
    await waitFor(() => expect(bookingNames(column(LEA))).toEqual(["Manon Leroy · Consultation"]));
    expect(transport.callsTo("agenda_events")).toContainEqual({
      from: "2026-03-03T00:00:00+01:00",
      to: "2026-03-04T00:00:00+01:00",
    });
  });

  it("colours each calendar's bookings in the week, with a filter that is the legend", async () => {
    const { calendar } = await showAgenda(secretary);
    expect(blockOf(calendar, nameOf(alice)).style.backgroundColor).toBe("rgb(202, 189, 191)");
    expect(blockOf(calendar, "Manon Leroy").style.backgroundColor).toBe("rgb(194, 194, 194)");

    const filter = screen.getByTestId("agenda-filter");
    expect(filter).toHaveTextContent("Dr Camille Laurent");
    expect(filter).toHaveTextContent(LEA);
    expect(screen.getByTestId(`agenda-filter-${LEA}`)).toBeChecked();
    // No column in the week.
    expect(screen.queryByTestId("agenda-column")).toBeNull();
  });

  it("hides an unticked calendar, remembers it, and says when none is shown", async () => {
    const { user, unmount, calendar } = await showAgenda(secretary);

    await user.click(screen.getByTestId(`agenda-filter-${LEA}`));

    await waitFor(() => expect(bookingNames(calendar)).not.toContain("Manon Leroy · Consultation"));
    expect(JSON.parse(localStorage.getItem(HIDDEN_STORAGE_KEY)!)).toEqual([LEA]);

    unmount();
    await showAgenda(secretary);
    expect(screen.getByTestId(`agenda-filter-${LEA}`)).not.toBeChecked();
    expect(screen.getByTestId(`agenda-filter-${CAMILLE}`)).toBeChecked();

    await user.click(screen.getByTestId(`agenda-filter-${CAMILLE}`));
    await user.click(screen.getByTestId(`agenda-filter-${SECRETARY}`));
    expect(screen.getByTestId("agenda-none-visible")).toHaveTextContent("Aucun agenda coché");
  });

  it("lets the secretary drag the practitioner's bookings, not a reader's", async () => {
    const { calendar } = await showAgenda(secretary);
    expect(blockOf(calendar, nameOf(raphael))).toHaveClass("fc-event-draggable");
    expect(blockOf(calendar, "Manon Leroy")).not.toHaveClass("fc-event-draggable");
  });
});

describe("a booking opened from the tray or a click on a reminder (open-booking)", () => {
  const later = recorded<Booking>("bookings:booking_details/later");

  it("shows its details, on its week", async () => {
    const { transport } = await showAgenda({ booking_details: "bookings:booking_details/later" });
    expect(screen.getByTestId("agenda-title")).toHaveTextContent("2 – 8 mars 2026");

    transport.emit(BACKEND_EVENTS.openBooking, { calendarId: later.calendarId, id: later.id });

    const details = await screen.findByTestId("booking-details");
    expect(within(details).getByTestId("patient-name")).toHaveTextContent(nameOf(later));
    expect(transport.callsTo("booking_details")).toContainEqual({ calendarId: later.calendarId, id: later.id });
    await waitFor(() => expect(screen.getByTestId("agenda-title")).toHaveTextContent("9 – 15 mars 2026"));
  });

  it("opens a booking asked for before the agenda was on screen", async () => {
    const { backend } = recordedBackend();
    const session = new Session(backend);
    await session.load();
    // Asked for while another view (or the lock screen) was shown.
    session.requestOpenBooking({ calendarId: CAMILLE, id: alice.id });

    render(Providers, { backend, session, lock: new AppLock(backend), view: AgendaView });

    const details = await screen.findByTestId("booking-details");
    expect(within(details).getByTestId("patient-name")).toHaveTextContent(nameOf(alice));
    expect(session.openRequest).toBeNull();
  });

  it("says so when the booking is no longer in the cache", async () => {
    const { transport } = await showAgenda({ booking_details: "bookings:booking_details/gone" });

    transport.emit(BACKEND_EVENTS.openBooking, { calendarId: CAMILLE, id: "gone0000" });

    expect(await screen.findByTestId("agenda-open-notice")).toHaveTextContent("n’est plus dans l’agenda");
    expect(screen.queryByTestId("booking-details")).toBeNull();
  });
});
