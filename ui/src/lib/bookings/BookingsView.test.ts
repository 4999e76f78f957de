import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BACKEND_EVENTS } from "../ipc/backend";
import type { Booking } from "../ipc/bindings";
import { RECORDED_AT, recorded, recordedError, type Routes } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import BookingsView from "./BookingsView.svelte";

/** The demo practice's upcoming bookings, as the Rust core answers them at Monday 09:00. */
const BOOKINGS = recorded<Booking[]>("upcoming_bookings");
const [alice, raphael] = BOOKINGS;
const nameOf = (b: Booking) => `${b.patient.firstName} ${b.patient.lastName}`;

async function showBookings(routes: Routes = {}) {
  const rendered = await renderRecorded(BookingsView, routes);
  await screen.findAllByTestId("booking-row");
  return { ...rendered, user: userEvent.setup() };
}

const rows = () => screen.getAllByTestId("booking-row");
const row = (id: string) => rows().find((r) => r.dataset.bookingId === id)!;
const names = () => rows().map((r) => r.querySelector(".name")?.textContent);

beforeEach(() => {
  // Only the clock is fake: debounce and Testing Library's waits use real timers.
  vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] });
});
afterEach(() => vi.useRealTimers());

describe("Rendez-vous", () => {
  it("welcomes a user without an account instead of an empty list", async () => {
    await renderRecorded(BookingsView, { account_status: "account_status/none" });
    expect(screen.getByTestId("onboarding")).toBeInTheDocument();
  });

  it("groups upcoming bookings into today, this week and later, in the backend's order", async () => {
    await showBookings();

    expect(screen.getByTestId("group-today")).toHaveTextContent("Aujourd’hui");
    expect(screen.getByTestId("group-week")).toHaveTextContent("Cette semaine");
    expect(screen.getByTestId("group-later")).toHaveTextContent("Plus tard");
    const [today, week, later] = ["today", "week", "later"].map((group) =>
      within(screen.getByTestId(`group-${group}`).closest("section")!)
        .getAllByTestId("booking-row")
        .map((r) => r.dataset.bookingId),
    );
    // Monday 2 March: today is the 2nd, this week runs to Sunday the 8th.
    const on = (test: (day: string) => boolean) => BOOKINGS.filter((b) => test(b.start.slice(0, 10))).map((b) => b.id);
    expect(today).toEqual(on((day) => day === "2026-03-02"));
    expect(week).toEqual(on((day) => day > "2026-03-02" && day <= "2026-03-08"));
    expect(later).toEqual(on((day) => day > "2026-03-08"));
  });

  it("shows the time on the 24-hour clock, the patient and the appointment type", async () => {
    await showBookings();

    expect(row(alice.id)).toHaveTextContent("09:00");
    expect(row(alice.id)).toHaveTextContent("20 min");
    expect(row(alice.id)).toHaveTextContent(nameOf(alice));
    expect(row(alice.id)).toHaveTextContent("Suivi");
    expect(row(raphael.id)).toHaveTextContent("Consultation");
    // Outside today, the day is shown, the French way.
    const tuesday = BOOKINGS.find((b) => b.start.startsWith("2026-03-03"))!;
    expect(row(tuesday.id)).toHaveTextContent("mar. 3 mars");
    // One calendar: no calendar names.
    expect(row(alice.id)).not.toHaveTextContent("Dr Camille Laurent");
  });

  it("shows a motif the app does not know by its id", async () => {
    await showBookings({ upcoming_bookings: "bookings:upcoming_bookings/entered" });
    expect(row("bilan000001")).toHaveTextContent("bilan-sportif");
  });

  it("searches after a pause in typing, once, through the backend", async () => {
    const { transport, user } = await showBookings({
      upcoming_bookings: ["upcoming_bookings", "bookings:upcoming_bookings/search"],
    });

    await user.type(screen.getByTestId("booking-search"), "vincent");

    await waitFor(() => expect(names()).toEqual(["Raphaël Vincent"]));
    // The first load, then one search for the whole word: not one per key.
    expect(transport.callsTo("upcoming_bookings")).toEqual([{ query: null }, { query: "vincent" }]);
  });

  it("says when nothing matches, quoting the search", async () => {
    const { user } = await showBookings({
      upcoming_bookings: ["upcoming_bookings", "upcoming_bookings/search-none", "upcoming_bookings"],
    });

    await user.type(screen.getByTestId("booking-search"), "zzzz");

    expect(await screen.findByTestId("no-results")).toHaveTextContent("Aucun rendez-vous ne correspond à « zzzz »");
    await user.keyboard("{Escape}");
    await waitFor(() => expect(rows()).toHaveLength(BOOKINGS.length));
  });

  it("shows what the booking site knows of a booking: source, consent, SMS", async () => {
    const { user } = await showBookings({ upcoming_bookings: "bookings:upcoming_bookings/site" });
    const withSite = recorded<Booking[]>("bookings:upcoming_bookings/site").find((b) => b.site)!;

    await user.click(row(withSite.id));
    const site = within(screen.getByTestId("booking-details")).getByTestId("booking-site");
    expect(site).toHaveTextContent("Site de réservation");
    expect(within(site).getByTestId("booking-site-source")).toHaveTextContent("Site de réservation");
    expect(within(site).getByTestId("booking-consent")).toHaveTextContent(
      `version ${withSite.site!.consentVersion}`,
    );
    expect(within(site).getByTestId("booking-sms-confirmation")).toHaveTextContent("délivré");

    // A booking the site does not know: nothing of it.
    await user.click(row("bilan000001"));
    expect(screen.queryByTestId("booking-site")).toBeNull();
  });

  it("opens the details with click-to-call and click-to-mail links", async () => {
    const { user } = await showBookings();

    await user.click(row(alice.id));

    const details = screen.getByTestId("booking-details");
    expect(within(details).getByTestId("patient-name")).toHaveTextContent(nameOf(alice));
    expect(details).toHaveTextContent("lundi 2 mars 2026");
    expect(details).toHaveTextContent("09:00 – 09:20");
    expect(details).toHaveTextContent("20 min");
    expect(within(details).getByTestId("booking-phone")).toHaveAttribute("href", alice.patient.phoneLink!);
    expect(within(details).getByTestId("booking-phone")).toHaveTextContent("06 56 02 85 68");
    expect(within(details).getByTestId("booking-email")).toHaveAttribute("href", alice.patient.emailLink!);
    expect(within(details).getByTestId("booking-motif")).toHaveTextContent("Suivi");
    expect(within(details).getByTestId("booking-source")).toHaveTextContent("Site de réservation");
    expect(within(details).getByTestId("booking-booked-at")).toHaveTextContent(/11 févr\. 2026.*08:06/);
    expect(row(alice.id)).toHaveAttribute("aria-current", "true");
  });

  it("links a patient's phone and e-mail exactly as the backend built them, and not at all when it refused", async () => {
    const hostile = recorded<Booking[]>("bookings:upcoming_bookings/hostile").find((b) => b.id === "hostile0001")!;
    // What the Rust core made of `x?bcc=spy@evil.fr&attach=/etc/passwd` and `…;phone-context=evil`.
    expect(hostile.patient.emailLink).toBe("mailto:x%3Fbcc%3Dspy@evil.fr%26attach%3D%2Fetc%2Fpasswd");
    expect(hostile.patient.phoneLink).toBeNull();
    const { user, transport } = await showBookings({
      upcoming_bookings: "bookings:upcoming_bookings/hostile",
      open_contact_link: "bookings:open_contact_link/tel",
    });

    await user.click(row(hostile.id));

    const details = screen.getByTestId("booking-details");
    const email = within(details).getByTestId("booking-email");
    expect(email).toHaveAttribute("href", hostile.patient.emailLink!);
    expect(email).toHaveTextContent(hostile.patient.email!);
    const phone = within(details).getByTestId("booking-phone");
    expect(phone).not.toHaveAttribute("href");
    expect(phone).toHaveTextContent(hostile.patient.phone!);
    expect(details.querySelectorAll("a[href]")).toHaveLength(1);

    await user.click(email);
    await user.click(phone);
    expect(transport.callsTo("open_contact_link")).toEqual([{ url: hostile.patient.emailLink }]);
  });

  it("says when Google holds a booking with no length, and where to correct it", async () => {
    const { user } = await showBookings({ upcoming_bookings: "bookings:upcoming_bookings/entered" });

    await user.click(row("nolength001"));

    const note = within(screen.getByTestId("booking-details")).getByTestId("booking-span-issue");
    expect(note).toHaveAttribute("data-issue", "noLength");
    expect(note).toHaveTextContent("finit à l’heure où il commence");
    expect(note).toHaveTextContent("corrigez son heure de fin dans Google Agenda");
    expect(screen.getByTestId("booking-details")).toHaveTextContent("19:00 – 19:00");
  });

  it("hands the phone and email links to the system instead of navigating the window, and says when it cannot", async () => {
    const { user, transport } = await showBookings({ open_contact_link: "bookings:open_contact_link/tel" });
    await user.click(row(alice.id));
    const details = screen.getByTestId("booking-details");

    await user.click(within(details).getByTestId("booking-phone"));
    await user.click(within(details).getByTestId("booking-email"));

    expect(transport.callsTo("open_contact_link")).toEqual([
      { url: alice.patient.phoneLink },
      { url: alice.patient.emailLink },
    ]);
    expect(window.location.href).not.toContain("tel:");
    // Without a desktop to hand it to, the backend's refusal is shown, not lost.
    expect(await within(details).findByTestId("contact-link-error")).toHaveTextContent(
      recordedError("bookings:open_contact_link/tel").message,
    );
  });

  it("says which contact details are missing, and names every source", async () => {
    const { user } = await showBookings({ upcoming_bookings: "bookings:upcoming_bookings/entered" });

    await user.click(row("bilan000001"));
    let details = screen.getByTestId("booking-details");
    expect(within(details).queryByTestId("booking-phone")).toBeNull();
    expect(details).toHaveTextContent("Non renseigné");
    expect(within(details).getByTestId("booking-source")).toHaveTextContent("Téléphone");

    await user.click(row("nolength001"));
    details = screen.getByTestId("booking-details");
    expect(within(details).getByTestId("booking-source")).toHaveTextContent("Application");

    await user.click(row("google00001"));
    details = screen.getByTestId("booking-details");
    expect(within(details).getByTestId("booking-source")).toHaveTextContent("Google Agenda");
  });

  it("moves the selection with the arrow keys and opens with Enter; Escape closes", async () => {
    const { user } = await showBookings();
    const list = rows();

    list[0].focus();
    await user.keyboard("{ArrowDown}{ArrowDown}");
    expect(list[2]).toHaveFocus();
    // Moving does not open anything yet.
    expect(screen.queryByTestId("booking-details")).toBeNull();

    await user.keyboard("{Enter}");
    expect(screen.getByTestId("booking-details")).toHaveAttribute("data-booking-id", BOOKINGS[2].id);

    await user.keyboard("{ArrowUp}{Enter}");
    expect(screen.getByTestId("booking-details")).toHaveAttribute("data-booking-id", BOOKINGS[1].id);

    screen.getByTestId("booking-details-close").focus();
    await user.keyboard("{Escape}");
    expect(screen.queryByTestId("booking-details")).toBeNull();
  });

  it("goes from the search field to the list with the down arrow", async () => {
    const { user } = await showBookings();
    const list = rows();

    await user.click(screen.getByTestId("booking-search"));
    await user.keyboard("{ArrowDown}");

    expect(list[0]).toHaveFocus();
  });

  it("names each booking's calendar when several are shown (secretary mode)", async () => {
    await showBookings({
      account_status: "secretary:account_status",
      list_calendars: "secretary:list_calendars/selected",
      upcoming_bookings: "secretary:upcoming_bookings",
    });
    const answer = recorded<Booking[]>("secretary:upcoming_bookings");
    const lea = answer.find((b) => b.calendarId === "dr.lea.martin@example.fr")!;

    expect(rows()).toHaveLength(answer.length);
    expect(rows()[0]).toHaveTextContent("Dr Camille Laurent");
    expect(row(lea.id)).toHaveTextContent(lea.calendarName);
  });

  it("reloads when the backend says the data changed", async () => {
    const { transport } = await showBookings({
      upcoming_bookings: ["upcoming_bookings", "upcoming_bookings/after-cancel"],
    });
    expect(names()).toContain(nameOf(alice));

    transport.emit(BACKEND_EVENTS.dataChanged);

    // The answer after the first booking was cancelled.
    await waitFor(() => expect(names()).not.toContain(nameOf(alice)));
    expect(rows()).toHaveLength(recorded<Booking[]>("upcoming_bookings/after-cancel").length);
  });

  it("still lists cached bookings when offline", async () => {
    await showBookings({ sync_status: "outbox:sync_status/offline" });
    expect(rows()).toHaveLength(BOOKINGS.length);
  });

  it("says when there is no upcoming booking at all", async () => {
    await renderRecorded(BookingsView, { upcoming_bookings: "account:upcoming_bookings/unlinked" });
    expect(await screen.findByTestId("empty-state")).toHaveTextContent("Aucun rendez-vous à venir");
  });

  it("says why the bookings could not be loaded, and retries", async () => {
    await renderRecorded(BookingsView, { upcoming_bookings: ["upcoming_bookings/locked", "upcoming_bookings"] });
    const user = userEvent.setup();

    expect(await screen.findByRole("alert")).toHaveTextContent(recordedError("upcoming_bookings/locked").message);
    await user.click(screen.getByRole("button", { name: /Réessayer/ }));
    expect(await screen.findAllByTestId("booking-row")).toHaveLength(BOOKINGS.length);
  });
});
