import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import type { AccountState, AgendaEvent } from "../ipc/bindings";
import { LINKED_EMAIL, demoData, type DemoData } from "../ipc/demo-data";
import { renderView } from "../testing/render";
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

beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
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

  it("opens a past booking with Enter, saying its contact details are no longer shown", async () => {
    const { calendar, user } = await showAgenda();
    const past = [...calendar.querySelectorAll<HTMLElement>("[data-kind='booking']")].find((e) =>
      e.textContent?.includes("Paul Fournier"),
    )!;

    past.focus();
    await user.keyboard("{Enter}");

    const details = await screen.findByTestId("booking-details");
    expect(details).toHaveTextContent("Suivi – Paul Fournier");
    expect(details).toHaveTextContent("que pour les rendez-vous à venir");
    expect(within(details).queryByTestId("booking-phone")).toBeNull();
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
