import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import { BACKEND_EVENTS } from "../ipc/backend";
import type { ActionOutcome, Booking } from "../ipc/bindings";
import { RECORDED_AT, recorded, recordedError, type Routes } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import BookingsView from "./BookingsView.svelte";

/** The demo practice's first bookings (Monday 2 March): Alice Blanc 09:00, Raphaël Vincent 09:20… */
const BOOKINGS = recorded<Booking[]>("upcoming_bookings");
const [alice, raphael, jules, theo] = BOOKINGS;
const CAMILLE = alice.calendarId;
const LEA = "dr.lea.martin@example.fr";

/** The secretary's app: the practitioner's agenda (writer) and a colleague's (reader), both shown. */
const secretary: Routes = {
  account_status: "secretary:account_status",
  list_calendars: "secretary:list_calendars/selected",
  upcoming_bookings: "secretary:upcoming_bookings",
};

async function show(routes: Routes = {}) {
  const rendered = await renderRecorded(BookingsView, routes);
  await screen.findAllByTestId("booking-row");
  return { ...rendered, user: userEvent.setup() };
}

/** Opens the details of the booking `id` from the list. */
async function open(user: ReturnType<typeof userEvent.setup>, id: string) {
  const row = screen.getAllByTestId("booking-row").find((r) => r.dataset.bookingId === id)!;
  await user.click(row);
  return screen.getByTestId("booking-details");
}

/**
 * What the Rust core pushes after an action: `outbox-changed` (the edit queued, then sent) and
 * `data-changed` (the cache synced with Google).
 */
function coreNotifies(transport: { emit(event: string): void }) {
  transport.emit(BACKEND_EVENTS.outboxChanged);
  transport.emit(BACKEND_EVENTS.dataChanged);
}

const ids = () => screen.getAllByTestId("booking-row").map((r) => r.dataset.bookingId);
const result = () => screen.getByTestId("action-result");

beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
});

describe("booking actions", () => {
  it("cancels with an optional reason, only once confirmed", async () => {
    const { transport, user } = await show({
      upcoming_bookings: ["upcoming_bookings", "upcoming_bookings/after-cancel"],
      booking_action: "booking_action/cancel",
    });
    let details = await open(user, alice.id);

    await user.click(within(details).getByTestId("booking-cancel"));
    const dialog = screen.getByTestId("cancel-dialog");
    expect(dialog).toHaveTextContent("Le rendez-vous de Alice Blanc du lun. 2 mars 09:00");
    expect(dialog).toHaveTextContent("pas prévenu automatiquement");
    // « Garder le rendez-vous » sends nothing.
    await user.click(within(dialog).getByTestId("cancel-dialog-cancel"));
    expect(transport.callsTo("booking_action")).toEqual([]);

    details = screen.getByTestId("booking-details");
    await user.click(within(details).getByTestId("booking-cancel"));
    await user.type(screen.getByTestId("cancel-reason"), "Annulé par téléphone");
    await user.click(screen.getByTestId("cancel-confirm"));

    await waitFor(() => expect(result()).toHaveTextContent("Rendez-vous annulé."));
    coreNotifies(transport);
    expect(transport.callsTo("booking_action")).toEqual([
      { calendarId: CAMILLE, eventId: alice.id, action: { kind: "cancel", reason: "Annulé par téléphone" } },
    ]);
    // Cancelled: it leaves the list (the backend's answer) and its panel closes.
    await waitFor(() => expect(ids()).not.toContain(alice.id));
    expect(screen.queryByTestId("booking-details")).toBeNull();
  });

  it("moves to one of the free times of the chosen day", async () => {
    const { transport, user } = await show({
      upcoming_bookings: ["upcoming_bookings", "bookings:upcoming_bookings/moved"],
      move_options: ["bookings:move_options/same-day", "bookings:move_options/wednesday"],
      booking_action: "bookings:booking_action/move",
      booking_details: "bookings:booking_details/moved",
    });
    const details = await open(user, alice.id);

    await user.click(within(details).getByTestId("booking-move"));
    const dialog = screen.getByTestId("move-dialog");
    expect(screen.getByTestId("move-date")).toHaveValue("2026-03-02");
    await waitFor(() =>
      expect(within(dialog).getAllByTestId("move-option").map((b) => b.dataset.start)).toEqual(
        recorded<string[]>("bookings:move_options/same-day"),
      ),
    );

    await fireEvent.input(screen.getByTestId("move-date"), { target: { value: "2026-03-04" } });
    await fireEvent.change(screen.getByTestId("move-date"));
    const wednesday = recorded<string[]>("bookings:move_options/wednesday");
    await waitFor(() =>
      expect(within(dialog).getAllByTestId("move-option").map((b) => b.textContent?.trim())).toEqual(
        wednesday.map((start) => start.slice(11, 16)),
      ),
    );
    expect(transport.callsTo("move_options")).toContainEqual({ calendarId: CAMILLE, eventId: alice.id, day: "2026-03-04" });

    await user.click(within(dialog).getByRole("button", { name: "Déplacer à 14:20" }));

    await waitFor(() => expect(result()).toHaveTextContent("Rendez-vous déplacé au mer. 4 mars à 14:20."));
    coreNotifies(transport);
    expect(transport.callsTo("booking_action")).toEqual([
      { calendarId: CAMILLE, eventId: alice.id, action: { kind: "move", start: wednesday[1], force: false } },
    ]);
    expect(screen.getByTestId("move-dialog")).not.toHaveAttribute("open");
    await waitFor(() => expect(screen.getByTestId("booking-details")).toHaveTextContent("14:20 – 14:40"));
  });

  it("says why another time is not free, and moves it anyway when asked", async () => {
    const { transport, user } = await show({
      move_options: "bookings:move_options/same-day",
      booking_action: ["bookings:booking_action/move-not-free", "bookings:booking_action/move-forced"],
      booking_details: "bookings:booking_details/move-forced",
    });
    const details = await open(user, alice.id);
    await user.click(within(details).getByTestId("booking-move"));
    await screen.findAllByTestId("move-option");

    await user.type(screen.getByTestId("move-time"), "19h");
    await user.click(screen.getByTestId("move-custom"));

    const refused = await screen.findByTestId("move-unavailable");
    expect(refused).toHaveTextContent(recordedError("bookings:booking_action/move-not-free").message);
    expect(screen.queryByTestId("action-result")).toBeNull();

    await user.click(screen.getByTestId("move-force"));

    await waitFor(() => expect(result()).toHaveTextContent("Rendez-vous déplacé au lun. 2 mars à 19:00."));
    expect(transport.callsTo("booking_action").map((a) => a.action)).toEqual([
      { kind: "move", start: "2026-03-02T19:00:00+01:00", force: false },
      { kind: "move", start: "2026-03-02T19:00:00+01:00", force: true },
    ]);
  });

  it("closes only the dialog, not the details, on Escape", async () => {
    const { user } = await show({ move_options: "bookings:move_options/same-day" });
    await user.click(within(await open(user, alice.id)).getByTestId("booking-move"));

    screen.getByTestId("move-time").focus();
    await user.keyboard("{Escape}");

    expect(screen.getByTestId("booking-details")).toBeInTheDocument();
  });

  it("refuses a time it cannot read, before asking the backend", async () => {
    const { transport, user } = await show({ move_options: "bookings:move_options/same-day" });
    await user.click(within(await open(user, alice.id)).getByTestId("booking-move"));

    await user.type(screen.getByTestId("move-time"), "midi");
    await user.click(screen.getByTestId("move-custom"));

    expect(screen.getByTestId("move-time")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("move-dialog")).toHaveTextContent("Heure invalide");
    expect(transport.callsTo("booking_action")).toEqual([]);
  });

  it("marks a booking absent or excused, shows the mark, and clears it", async () => {
    const marks = ["absent", "excused", "cleared"].map((m) => `bookings:booking_action/${m}`);
    const { transport, user } = await show({
      upcoming_bookings: ["upcoming_bookings", ...["absent", "excused", "cleared"].map((m) => `bookings:upcoming_bookings/${m}`)],
      booking_action: marks,
      booking_details: ["absent", "excused", "cleared"].map((m) => `bookings:booking_details/${m}`),
    });
    let details = await open(user, raphael.id);

    await user.click(within(details).getByTestId("booking-absent"));
    await waitFor(() => expect(result()).toHaveTextContent("Marqué absent (non excusé)."));
    coreNotifies(transport);
    details = screen.getByTestId("booking-details");
    await waitFor(() =>
      expect(within(details).getByTestId("booking-absent")).toHaveAttribute("aria-pressed", "true"),
    );
    expect(within(details).getByTestId("booking-attendance")).toHaveTextContent("Absent (non excusé)");
    expect(within(details).getByTestId("booking-edited")).toHaveTextContent("Modifié par vous le 2 mars 2026, 09:00");
    // The list shows it too.
    await waitFor(() =>
      expect(screen.getAllByTestId("booking-row").find((r) => r.dataset.bookingId === raphael.id)).toHaveTextContent(
        "Absent (non excusé)",
      ),
    );

    await user.click(within(details).getByTestId("booking-excused"));
    await waitFor(() => expect(result()).toHaveTextContent("Marqué excusé."));
    coreNotifies(transport);
    await waitFor(() =>
      expect(within(screen.getByTestId("booking-details")).getByTestId("booking-excused")).toHaveAttribute(
        "aria-pressed",
        "true",
      ),
    );
    // Pressing the mark on again clears it.
    await user.click(within(screen.getByTestId("booking-details")).getByTestId("booking-excused"));
    await waitFor(() => expect(result()).toHaveTextContent("Marque de présence effacée."));
    coreNotifies(transport);

    expect(transport.callsTo("booking_action").map((a) => a.action)).toEqual([
      { kind: "attendance", status: "absent" },
      { kind: "attendance", status: "excused" },
      { kind: "attendance", status: null },
    ]);
    await waitFor(() =>
      expect(within(screen.getByTestId("booking-details")).queryByTestId("booking-attendance")).toBeNull(),
    );
  });

  it("keeps what it said about one booking off another's details", async () => {
    const { user } = await show({
      booking_action: "bookings:booking_action/absent",
      booking_details: "bookings:booking_details/absent",
    });
    await user.click(within(await open(user, raphael.id)).getByTestId("booking-absent"));
    await waitFor(() => expect(result()).toHaveTextContent("Marqué absent"));

    await open(user, alice.id);

    expect(screen.queryByTestId("action-result")).toBeNull();
  });

  it("saves the internal note, with a counter and the no-health-data hint", async () => {
    const { transport, user } = await show({
      upcoming_bookings: ["upcoming_bookings", "bookings:upcoming_bookings/note"],
      booking_action: "bookings:booking_action/note",
      booking_details: "bookings:booking_details/note",
    });
    const details = await open(user, raphael.id);
    const note = within(details).getByTestId("booking-note");
    const save = within(details).getByTestId("booking-note-save");
    expect(details).toHaveTextContent("Organisation uniquement — jamais de données de santé.");
    expect(save).toBeDisabled();

    await fireEvent.input(note, { target: { value: "Rappeler la veille" } });
    expect(within(details).getByTestId("booking-note-count")).toHaveTextContent("18/200");
    await user.click(save);

    await waitFor(() => expect(result()).toHaveTextContent("Note enregistrée."));
    coreNotifies(transport);
    expect(transport.callsTo("booking_action")).toEqual([
      { calendarId: CAMILLE, eventId: raphael.id, action: { kind: "note", text: "Rappeler la veille" } },
    ]);
    await waitFor(() => expect(save).toBeDisabled());
    expect(note).toHaveValue("Rappeler la veille");
  });

  it("queues an action made offline and says it waits for the connection", async () => {
    const { transport, user, session } = await show({
      sync_status: "outbox:sync_status/offline",
      upcoming_bookings: ["upcoming_bookings", "outbox:upcoming_bookings/pending"],
      booking_action: "outbox:booking_action/queued",
      booking_details: "outbox:booking_details/pending",
      outbox_items: ["outbox_items", "outbox:outbox_items/one"],
    });
    const details = await open(user, alice.id);

    await user.click(within(details).getByTestId("booking-excused"));

    await waitFor(() => expect(result()).toHaveAttribute("data-state", "queued"));
    coreNotifies(transport);
    expect(result()).toHaveTextContent("En attente");
    expect(result()).toHaveTextContent("sera envoyée à Google dès le retour de la connexion");
    await waitFor(() => expect(session.outbox).toHaveLength(1));
    expect(within(screen.getByTestId("booking-details")).getByTestId("booking-pending")).toHaveTextContent(
      "Modification en attente",
    );
    const row = screen.getAllByTestId("booking-row").find((r) => r.dataset.bookingId === alice.id)!;
    expect(within(row).getByTestId("booking-row-pending")).toHaveTextContent("modification en attente");

    // Back online, the poller sent it: the outbox and the cache changed.
    transport.route("outbox_items", "outbox:outbox_items/sent");
    transport.route("booking_details", "outbox:booking_details/sent");
    transport.route("upcoming_bookings", "outbox:upcoming_bookings/sent");
    transport.emit(BACKEND_EVENTS.outboxChanged);
    transport.emit(BACKEND_EVENTS.dataChanged);
    await waitFor(() => expect(session.outbox).toEqual([]));
    await waitFor(() =>
      expect(within(screen.getByTestId("booking-details")).getByTestId("booking-excused")).toHaveAttribute(
        "aria-pressed",
        "true",
      ),
    );
    expect(screen.queryByTestId("booking-row-pending")).toBeNull();
  });

  it("shows what someone else changed when Google refuses, then retries", async () => {
    const refused = recorded<ActionOutcome>("outbox:booking_action/conflict");
    const { transport, user } = await show({
      upcoming_bookings: ["upcoming_bookings", "outbox:upcoming_bookings/conflict"],
      booking_action: "outbox:booking_action/conflict",
      booking_details: "outbox:booking_details/conflict",
      outbox_items: ["outbox_items", "outbox:outbox_items/conflict"],
      retry_outbox_item: "outbox:retry_outbox_item",
    });
    const details = await open(user, jules.id);

    await user.click(within(details).getByTestId("booking-absent"));

    await waitFor(() => expect(result()).toHaveAttribute("data-state", "failed"));
    coreNotifies(transport);
    expect(result()).toHaveTextContent(refused.message!);
    await waitFor(() =>
      expect(within(screen.getByTestId("booking-details")).getByTestId("booking-pending")).toHaveTextContent(
        "Modification refusée",
      ),
    );

    transport.route("booking_details", "outbox:booking_details/retried");
    transport.route("upcoming_bookings", "outbox:upcoming_bookings/retried");
    await user.click(screen.getByTestId("action-retry"));

    await waitFor(() => expect(result()).toHaveTextContent("Modification envoyée à Google."));
    coreNotifies(transport);
    expect(transport.callsTo("retry_outbox_item")).toEqual([{ seq: refused.item.seq }]);
    // The booking as Google has it now: moved by someone else, and marked absent.
    await waitFor(() => expect(screen.getByTestId("booking-details")).toHaveTextContent("16:00 – 16:30"));
    await waitFor(() =>
      expect(within(screen.getByTestId("booking-details")).getByTestId("booking-attendance")).toBeInTheDocument(),
    );
  });

  it("gives up a refused action on request", async () => {
    const { transport, user, session } = await show({
      booking_action: "outbox:booking_action/conflict-cancelled",
      discard_outbox_item: "outbox:discard_outbox_item",
    });
    const details = await open(user, theo.id);
    await fireEvent.input(within(details).getByTestId("booking-note"), { target: { value: "Rappeler" } });
    await user.click(within(details).getByTestId("booking-note-save"));
    await waitFor(() => expect(result()).toHaveTextContent("annulé entre-temps par quelqu'un"));

    await user.click(screen.getByTestId("action-discard"));

    await waitFor(() => expect(result()).toHaveTextContent("Modification abandonnée"));
    expect(transport.callsTo("discard_outbox_item")).toEqual([
      { seq: recorded<ActionOutcome>("outbox:booking_action/conflict-cancelled").item.seq },
    ]);
    expect(session.outbox).toEqual(recorded("outbox:discard_outbox_item"));
  });

  it("shows a reader no action, only why", async () => {
    const { user } = await show(secretary);
    const details = await open(user, "lea0000000001");

    expect(within(details).getByTestId("booking-read-only")).toHaveTextContent(
      "Votre accès à cet agenda est en lecture seule",
    );
    for (const id of ["booking-move", "booking-cancel", "booking-absent", "booking-excused", "booking-note"]) {
      expect(within(details).queryByTestId(id)).toBeNull();
    }
  });

  it("shows the backend's refusal when the role changed meanwhile", async () => {
    // Léa made the secretary a reader in Google; the app has not synced the calendar list yet.
    const { user } = await show({ ...secretary, booking_action: "secretary:booking_action/reader" });
    const details = await open(user, alice.id);

    await user.click(within(details).getByTestId("booking-absent"));

    await waitFor(() =>
      expect(result()).toHaveTextContent(`Modification refusée : ${recordedError("secretary:booking_action/reader").message}`),
    );
    expect(result()).toHaveAttribute("role", "alert");
  });

  it("lets a secretary act on the practitioner's bookings, and filters the list by calendar", async () => {
    const { transport, user } = await show({ ...secretary, booking_action: "secretary:booking_action/excused" });
    const all = recorded<Booking[]>("secretary:upcoming_bookings");
    expect(ids()).toHaveLength(all.length);

    await user.selectOptions(screen.getByTestId("bookings-calendar-filter"), LEA);
    expect(ids()).toEqual(["lea0000000001"]);

    await user.selectOptions(screen.getByTestId("bookings-calendar-filter"), CAMILLE);
    const details = await open(user, alice.id);
    expect(details).toHaveTextContent("Dr Camille Laurent");
    await user.click(within(details).getByTestId("booking-excused"));
    await waitFor(() => expect(result()).toHaveTextContent("Marqué excusé."));
    expect(transport.callsTo("booking_action")).toEqual([
      { calendarId: CAMILLE, eventId: alice.id, action: { kind: "attendance", status: "excused" } },
    ]);

    await user.selectOptions(screen.getByTestId("bookings-calendar-filter"), "");
    expect(ids()).toHaveLength(all.length);
  });

  it("speaks English when the UI does", async () => {
    setLocale("en");
    const { user } = await show({ booking_action: "outbox:booking_action/queued" });
    const details = await open(user, alice.id);
    expect(within(details).getByTestId("booking-move")).toHaveTextContent("Move");
    expect(details).toHaveTextContent("Organisation only — never health data.");

    await user.click(within(details).getByTestId("booking-excused"));
    await waitFor(() => expect(result()).toHaveTextContent("Pending: the change will be sent to Google"));
  });
});
