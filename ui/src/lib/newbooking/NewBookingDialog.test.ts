import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BookingSlots, NewBookingDraft } from "../ipc/bindings";
import { RECORDED_AT, recorded, type Routes } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import BookingsView from "../bookings/BookingsView.svelte";
import AgendaView from "../agenda/AgendaView.svelte";
import { isNewBookingShortcut } from "./shortcut";

/** The newbooking world's answers (crates/rdv-app/tests/app/fixtures/newbooking.rs). */
const ROUTES: Routes = {
  booking_calendars: "newbooking:booking_calendars",
  booking_slots: "newbooking:booking_slots",
  check_new_booking: "newbooking:check_new_booking/ok",
  create_booking: "newbooking:create_booking",
};
const SLOTS = recorded<BookingSlots>("newbooking:booking_slots");

async function openDialog(routes: Routes = {}) {
  const rendered = await renderRecorded(BookingsView, { ...ROUTES, ...routes });
  const user = userEvent.setup();
  await user.click(await screen.findByTestId("new-booking-open"));
  const dialog = screen.getByTestId("new-booking");
  await within(dialog).findAllByTestId("nb-slot");
  return { ...rendered, user, dialog };
}

/** Types the patient and submits with Enter, as a secretary on the phone would. */
async function typePatient(user: ReturnType<typeof userEvent.setup>, dialog: HTMLElement) {
  await user.type(within(dialog).getByTestId("nb-lastName"), "Martin");
  await user.type(within(dialog).getByTestId("nb-firstName"), "Jeanne");
  await user.type(within(dialog).getByTestId("nb-phone"), "06 12 34 56 78{Enter}");
}

const sentDraft = (params: Record<string, unknown>) => params.draft as NewBookingDraft;

beforeEach(() => {
  vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] });
});
afterEach(() => vi.useRealTimers());

describe("Nouveau rendez-vous", () => {
  it("opens with the N key, lists the next free slots and books by keyboard", async () => {
    const { transport } = await renderRecorded(BookingsView, ROUTES);
    const user = userEvent.setup();
    await screen.findByTestId("new-booking-open");
    (document.activeElement as HTMLElement | null)?.blur();
    await user.keyboard("n");
    const dialog = await screen.findByTestId("new-booking");
    const slots = await within(dialog).findAllByTestId("nb-slot");
    expect(slots.map((s) => s.dataset.start)).toEqual(SLOTS.next.map((s) => s.start));
    expect(within(dialog).getByTestId("nb-calendar")).toHaveValue(
      "dr.camille.laurent@example.fr",
    );

    slots[0].focus();
    await user.keyboard("{ArrowRight}");
    expect(slots[1]).toHaveAttribute("aria-selected", "true");
    expect(slots[1]).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(within(dialog).getByTestId("nb-lastName")).toHaveFocus();
    await typePatient(user, dialog);

    await waitFor(() => expect(transport.callsTo("create_booking")).toHaveLength(1));
    const draft = sentDraft(transport.callsTo("create_booking")[0]);
    expect(draft.start).toBe(SLOTS.next[1].start);
    expect(draft).toMatchObject({ lastName: "Martin", firstName: "Jeanne", phone: "06 12 34 56 78", source: "phone" });
    expect(transport.callsTo("check_new_booking")).toHaveLength(1);
    expect(await screen.findByTestId("nb-announced")).toHaveTextContent("Rendez-vous réservé");
    expect(screen.getByTestId("new-booking-open")).toHaveFocus();
  });

  it("is offered in the Agenda too", async () => {
    await renderRecorded(AgendaView, ROUTES);
    expect(await screen.findByTestId("new-booking-open")).toHaveTextContent("Nouveau rendez-vous");
  });

  it("never opens while a name is typed", () => {
    const input = document.createElement("input");
    document.body.append(input);
    const typed = new KeyboardEvent("keydown", { key: "n" });
    Object.defineProperty(typed, "target", { value: input });
    expect(isNewBookingShortcut(typed)).toBe(false);
    expect(isNewBookingShortcut(new KeyboardEvent("keydown", { key: "n", ctrlKey: true }))).toBe(false);
    input.remove();
  });

  it("shows a bad phone beside its field and books nothing", async () => {
    const { transport, user, dialog } = await openDialog({
      check_new_booking: "newbooking:check_new_booking/bad-phone",
    });
    await user.click(within(dialog).getAllByTestId("nb-slot")[0]);
    await typePatient(user, dialog);
    expect(await within(dialog).findByTestId("nb-problem-phone")).toHaveTextContent(
      "Ce numéro de téléphone n'est pas valide",
    );
    expect(within(dialog).getByTestId("nb-phone")).toHaveAttribute("aria-invalid", "true");
    expect(transport.callsTo("create_booking")).toHaveLength(0);
  });

  it("refuses a 10,000-character name with the core's words, without cutting it", async () => {
    const { transport, user, dialog } = await openDialog({
      check_new_booking: "newbooking:check_new_booking/long-name",
    });
    await typePatient(user, dialog);
    expect(await within(dialog).findByTestId("nb-problem-lastName")).toHaveTextContent(
      "Le nom est limité à 100 caractères (10000 saisis)",
    );
    expect(transport.callsTo("create_booking")).toHaveLength(0);
  });

  it("offers forcer only when the core says the time is outside availability", async () => {
    const { transport, user, dialog } = await openDialog({
      check_new_booking: ["newbooking:check_new_booking/outside", "newbooking:check_new_booking/ok"],
    });
    expect(within(dialog).queryByTestId("nb-force")).toBeNull();
    await user.type(within(dialog).getByTestId("nb-time"), "10:00");
    await typePatient(user, dialog);
    expect(await within(dialog).findByTestId("nb-problem-start")).toHaveTextContent(
      "n'est pas un créneau libre de ce motif",
    );
    await user.click(within(dialog).getByTestId("nb-force"));
    await user.click(within(dialog).getByTestId("nb-submit"));
    await waitFor(() => expect(transport.callsTo("create_booking")).toHaveLength(1));
    expect(sentDraft(transport.callsTo("create_booking")[0]).force).toBe(true);
  });

  it("says a slot was taken meanwhile and offers the next ones", async () => {
    const { user, dialog } = await openDialog({ create_booking: "newbooking:create_booking/taken" });
    await user.click(within(dialog).getAllByTestId("nb-slot")[1]);
    await typePatient(user, dialog);
    expect(await within(dialog).findByTestId("nb-message")).toHaveTextContent("Ce créneau vient d'être pris");
    const taken = recorded<{ nextSlots: { start: string }[] }>("newbooking:create_booking/taken");
    await waitFor(() =>
      expect(within(dialog).getAllByTestId("nb-slot").map((s) => s.dataset.start)).toEqual(
        taken.nextSlots.map((s) => s.start),
      ),
    );
    expect(screen.getByTestId("new-booking")).toBeVisible();
  });

  it("lists a series' conflict on a holiday before writing anything, then books the free ones", async () => {
    const { transport, user, dialog } = await openDialog({
      plan_series: "newbooking:plan_series/holiday",
      create_series: "newbooking:create_series/skip",
    });
    await user.click(within(dialog).getAllByTestId("nb-slot")[0]);
    await user.click(within(dialog).getByTestId("nb-series"));
    const count = within(dialog).getByTestId("nb-count");
    await user.clear(count);
    await user.type(count, "4");
    await typePatient(user, dialog);
    const conflicts = await within(dialog).findByTestId("nb-conflicts");
    expect(conflicts).toHaveTextContent("1 séance sur 4 n'est pas libre");
    expect(within(conflicts).getByTestId("nb-conflict")).toHaveTextContent("jour férié (Lundi de Pâques)");
    expect(transport.callsTo("create_series")).toHaveLength(0);
    expect(transport.callsTo("plan_series")[0]).toMatchObject({ count: 4, everyWeeks: 1 });

    await user.click(within(dialog).getByTestId("nb-submit"));
    await waitFor(() => expect(transport.callsTo("create_series")).toHaveLength(1));
    expect(transport.callsTo("create_series")[0]).toMatchObject({ skipConflicts: true });
    expect(await screen.findByTestId("nb-announced")).toHaveTextContent("3 rendez-vous réservés");
  });

  it("lists a booking made offline as not in Google yet", async () => {
    await renderRecorded(BookingsView, {
      ...ROUTES,
      upcoming_bookings: "newbooking:upcoming_bookings/pending",
      outbox_items: "newbooking:outbox_items/pending",
    });
    await screen.findAllByTestId("booking-row");
    const row = screen.getAllByTestId("booking-row").find((r) => r.textContent?.includes("Emma Roux"))!;
    expect(row.dataset.bookingId).toBe("rdvnewbooking0000000000000002");
    expect(within(row).getByTestId("booking-row-pending")).toHaveTextContent("pas encore dans Google Agenda");
  });

  it("says a booking made offline waits", async () => {
    const { user, dialog } = await openDialog({ create_booking: "newbooking:create_booking/offline" });
    await user.click(within(dialog).getAllByTestId("nb-slot")[2]);
    await typePatient(user, dialog);
    expect(await screen.findByTestId("nb-announced")).toHaveTextContent("Hors ligne");
  });
});
