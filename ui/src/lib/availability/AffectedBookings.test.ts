import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { AvailabilityState, Booking, PracticeConfig } from "../ipc/bindings";
import { RECORDED_AT, recorded, type Routes } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import AvailabilityView from "./AvailabilityView.svelte";

/** The demo practice's availability, and the bookings the core says a Tuesday closure meets. */
const DEMO = recorded<AvailabilityState>("availability:get_availability");
const AFFECTED = recorded<Booking[]>("sheet:bookings_affected/closed-tuesday");

async function show(routes: Routes = {}) {
  const rendered = await renderRecorded(AvailabilityView, {
    get_availability: "availability:get_availability",
    check_availability: "availability:check_availability/sound",
    bookings_affected: "sheet:bookings_affected/closed-tuesday",
    ...routes,
  });
  await screen.findByTestId("availability-status");
  return { ...rendered, user: userEvent.setup() };
}

const items = () => screen.getAllByTestId("affected-booking");

beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
afterEach(() => vi.useRealTimers());

describe("Disponibilités — rendez-vous déjà pris dans le temps retiré", () => {
  it("lists who to call, as the backend answers for the draft: time, name, phone", async () => {
    const { transport } = await show();

    await screen.findByTestId("affected-bookings");
    expect(transport.callsTo("bookings_affected")[0]).toEqual({ calendarId: DEMO.calendarId, config: DEMO.config });
    expect(items()).toHaveLength(AFFECTED.length);
    const first = items()[0];
    expect(first).toHaveTextContent("mar. 3 mars 09:10");
    expect(first).toHaveTextContent("Françoise François");
    expect(within(first).getByRole("link", { name: "+33679416040" })).toHaveAttribute("href", "tel:+33679416040");
    expect(first).toHaveTextContent("Consultation");
  });

  it("calls through the system like every contact link: the backend's link, its refusal shown", async () => {
    const { transport, user } = await show({ open_contact_link: "bookings:open_contact_link/tel" });
    await screen.findByTestId("affected-bookings");
    const phone = within(items()[0]).getByTestId("affected-phone");
    expect(phone).toHaveAttribute("href", AFFECTED[0].patient.phoneLink!);

    await user.click(phone);

    await waitFor(() => expect(transport.callsTo("open_contact_link")).toEqual([{ url: AFFECTED[0].patient.phoneLink }]));
    expect(await screen.findByTestId("affected-link-error")).toHaveTextContent("Impossible d'ouvrir le lien");
  });

  it("asks again when the draft changes, and shows nothing while nothing is taken away", async () => {
    const { transport, user } = await show({
      bookings_affected: ["sheet:bookings_affected/none", "sheet:bookings_affected/closed-tuesday"],
    });
    await waitFor(() => expect(transport.callsTo("bookings_affected")).toHaveLength(1));
    expect(screen.queryByTestId("affected-bookings")).toBeNull();

    await user.click(screen.getByTestId("availability-tab-exceptions"));
    await user.click(screen.getByTestId("closure-add"));
    await fireEvent.input(screen.getByTestId("closure-from"), { target: { value: "2026-03-03" } });
    await user.click(screen.getByTestId("closure-save"));

    await screen.findByTestId("affected-bookings");
    const sent = transport.callsTo("bookings_affected").at(-1)!.config as PracticeConfig;
    expect(sent.exceptions.closures).toContainEqual(expect.objectContaining({ from: "2026-03-03" }));
  });

  it("cancels one through the booking actions, after a confirmation", async () => {
    const { transport, user } = await show({ booking_action: "booking_action/cancel" });
    await screen.findByTestId("affected-bookings");

    await user.click(within(items()[1]).getByTestId("affected-cancel"));
    expect(screen.getByRole("dialog")).toHaveTextContent("Philippe Guérin");
    await user.click(screen.getByTestId("affected-cancel-confirm"));

    await waitFor(() => expect(transport.callsTo("booking_action")).toHaveLength(1));
    expect(transport.callsTo("booking_action")[0]).toEqual({
      calendarId: AFFECTED[1].calendarId,
      eventId: AFFECTED[1].eventId,
      action: { kind: "cancel", reason: null },
    });
  });

  it("moves one with the move dialog", async () => {
    const { transport, user } = await show();
    await screen.findByTestId("affected-bookings");

    await user.click(within(items()[0]).getByTestId("affected-move"));
    expect(await screen.findByRole("dialog")).toBeInTheDocument();
    await waitFor(() => expect(transport.callsTo("move_options")).toHaveLength(1));
    expect(transport.callsTo("move_options")[0]).toMatchObject({ calendarId: AFFECTED[0].calendarId, eventId: AFFECTED[0].eventId });
  });
});
