import { fireEvent, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import { MockBackend, type MockOptions } from "../ipc/mock-backend";
import { CLAIRE, LEA, NOW, READER, account, practice } from "../testing/practice";
import { renderView } from "../testing/render";
import BookingsView from "./BookingsView.svelte";

async function show(options: MockOptions = {}, selected: string[] = [CLAIRE]) {
  const backend = new MockBackend({ account, data: practice(selected), activity: [], ...options });
  const rendered = await renderView(BookingsView, backend);
  await screen.findAllByTestId("booking-row");
  return { ...rendered, user: userEvent.setup() };
}

/** Opens the details of the booking `id` from the list. */
async function open(user: ReturnType<typeof userEvent.setup>, id: string) {
  const row = screen.getAllByTestId("booking-row").find((r) => r.dataset.bookingId === id)!;
  await user.click(row);
  return screen.getByTestId("booking-details");
}

const actions = (backend: MockBackend) =>
  backend.calls.filter(([command]) => command === "booking_action").map(([, args]) => args);
const ids = () => screen.getAllByTestId("booking-row").map((r) => r.dataset.bookingId);
const result = () => screen.getByTestId("action-result");

beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
});

describe("booking actions", () => {
  it("cancels with an optional reason, only once confirmed", async () => {
    const { backend, user } = await show();
    let details = await open(user, "jeanne");

    await user.click(within(details).getByTestId("booking-cancel"));
    const dialog = screen.getByTestId("cancel-dialog");
    expect(dialog).toHaveTextContent("Le rendez-vous de Jeanne Martin du jeu. 26 nov. 10:00");
    expect(dialog).toHaveTextContent("pas prévenu automatiquement");
    // « Garder le rendez-vous » sends nothing.
    await user.click(within(dialog).getByTestId("cancel-dialog-cancel"));
    expect(actions(backend)).toEqual([]);

    details = screen.getByTestId("booking-details");
    await user.click(within(details).getByTestId("booking-cancel"));
    await user.type(screen.getByTestId("cancel-reason"), "Annulé par téléphone");
    await user.click(screen.getByTestId("cancel-confirm"));

    await waitFor(() => expect(result()).toHaveTextContent("Rendez-vous annulé."));
    expect(actions(backend)).toEqual([
      {
        calendarId: CLAIRE,
        eventId: "jeanne",
        action: { kind: "cancel", reason: "Annulé par téléphone" },
      },
    ]);
    // Cancelled: it leaves the list and its panel closes.
    await waitFor(() => expect(ids()).toEqual(["lucas", "chloe"]));
    expect(screen.queryByTestId("booking-details")).toBeNull();
  });

  it("moves to one of the free times of the chosen day", async () => {
    const { backend, user } = await show();
    const details = await open(user, "jeanne");

    await user.click(within(details).getByTestId("booking-move"));
    const dialog = screen.getByTestId("move-dialog");
    expect(screen.getByTestId("move-date")).toHaveValue("2026-11-26");
    await waitFor(() =>
      expect(within(dialog).getAllByTestId("move-option").map((b) => b.dataset.start)).toEqual([
        "2026-11-26T09:30:00+01:00",
        "2026-11-26T10:15:00+01:00",
        "2026-11-26T11:00:00+01:00",
        "2026-11-26T14:45:00+01:00",
        "2026-11-26T15:30:00+01:00",
        "2026-11-26T16:15:00+01:00",
        "2026-11-26T17:00:00+01:00",
      ]),
    );

    await fireEvent.input(screen.getByTestId("move-date"), { target: { value: "2026-11-27" } });
    await fireEvent.change(screen.getByTestId("move-date"));
    await waitFor(() =>
      expect(within(dialog).getAllByTestId("move-option").map((b) => b.textContent?.trim())).toEqual([
        "09:45",
        "10:30",
        "11:15",
      ]),
    );
    expect(backend.calls).toContainEqual([
      "move_options",
      { calendarId: CLAIRE, eventId: "jeanne", day: "2026-11-27" },
    ]);

    await user.click(within(dialog).getByRole("button", { name: "Déplacer à 10:30" }));

    await waitFor(() =>
      expect(result()).toHaveTextContent("Rendez-vous déplacé au ven. 27 nov. à 10:30."),
    );
    expect(actions(backend)).toEqual([
      {
        calendarId: CLAIRE,
        eventId: "jeanne",
        action: { kind: "move", start: "2026-11-27T10:30:00+01:00", force: false },
      },
    ]);
    expect(screen.getByTestId("move-dialog")).not.toHaveAttribute("open");
    await waitFor(() =>
      expect(screen.getByTestId("booking-details")).toHaveTextContent("10:30 – 11:15"),
    );
  });

  it("says why another time is not free, and moves it anyway when asked", async () => {
    const { backend, user } = await show();
    const details = await open(user, "jeanne");
    await user.click(within(details).getByTestId("booking-move"));
    await screen.findAllByTestId("move-option");

    await user.type(screen.getByTestId("move-time"), "19h");
    await user.click(screen.getByTestId("move-custom"));

    const refused = await screen.findByTestId("move-unavailable");
    expect(refused).toHaveTextContent(
      "19:00–19:45 n'est pas dans une disponibilité publiée pour ce motif.",
    );
    expect(screen.queryByTestId("action-result")).toBeNull();

    await user.click(screen.getByTestId("move-force"));

    await waitFor(() => expect(result()).toHaveTextContent("Rendez-vous déplacé au jeu. 26 nov. à 19:00."));
    expect(actions(backend).map((a) => (a as { action: unknown }).action)).toEqual([
      { kind: "move", start: "2026-11-26T19:00:00+01:00", force: false },
      { kind: "move", start: "2026-11-26T19:00:00+01:00", force: true },
    ]);
  });

  it("closes only the dialog, not the details, on Escape", async () => {
    const { user } = await show();
    await user.click(within(await open(user, "jeanne")).getByTestId("booking-move"));

    screen.getByTestId("move-time").focus();
    await user.keyboard("{Escape}");

    expect(screen.getByTestId("booking-details")).toBeInTheDocument();
  });

  it("refuses a time it cannot read, before asking the backend", async () => {
    const { backend, user } = await show();
    await user.click(within(await open(user, "jeanne")).getByTestId("booking-move"));

    await user.type(screen.getByTestId("move-time"), "midi");
    await user.click(screen.getByTestId("move-custom"));

    expect(screen.getByTestId("move-time")).toHaveAttribute("aria-invalid", "true");
    expect(screen.getByTestId("move-dialog")).toHaveTextContent("Heure invalide");
    expect(actions(backend)).toEqual([]);
  });

  it("marks a booking absent or excused, shows the mark, and clears it", async () => {
    const { backend, user } = await show();
    let details = await open(user, "jeanne");

    await user.click(within(details).getByTestId("booking-absent"));
    await waitFor(() => expect(result()).toHaveTextContent("Marqué absent (non excusé)."));
    details = screen.getByTestId("booking-details");
    await waitFor(() =>
      expect(within(details).getByTestId("booking-absent")).toHaveAttribute("aria-pressed", "true"),
    );
    expect(within(details).getByTestId("booking-attendance")).toHaveTextContent("Absent (non excusé)");
    expect(within(details).getByTestId("booking-edited")).toHaveTextContent(
      "Modifié par vous le 26 nov. 2026, 09:00",
    );
    // The list shows it too.
    expect(screen.getAllByTestId("booking-row")[0]).toHaveTextContent("Absent (non excusé)");

    await user.click(within(details).getByTestId("booking-excused"));
    await waitFor(() =>
      expect(within(screen.getByTestId("booking-details")).getByTestId("booking-excused")).toHaveAttribute(
        "aria-pressed",
        "true",
      ),
    );
    // Pressing the mark on again clears it.
    await user.click(within(screen.getByTestId("booking-details")).getByTestId("booking-excused"));
    await waitFor(() => expect(result()).toHaveTextContent("Marque de présence effacée."));

    expect(actions(backend).map((a) => (a as { action: unknown }).action)).toEqual([
      { kind: "attendance", status: "absent" },
      { kind: "attendance", status: "excused" },
      { kind: "attendance", status: null },
    ]);
    expect(within(screen.getByTestId("booking-details")).queryByTestId("booking-attendance")).toBeNull();
  });

  it("keeps what it said about one booking off another's details", async () => {
    const { user } = await show();
    await user.click(within(await open(user, "jeanne")).getByTestId("booking-absent"));
    await waitFor(() => expect(result()).toHaveTextContent("Marqué absent"));

    await open(user, "lucas");

    expect(screen.queryByTestId("action-result")).toBeNull();
  });

  it("keeps the internal note within 200 characters, with a counter and the no-health-data hint", async () => {
    const { backend, user } = await show();
    const details = await open(user, "jeanne");
    const note = within(details).getByTestId("booking-note");
    const save = within(details).getByTestId("booking-note-save");
    expect(details).toHaveTextContent("Organisation uniquement — jamais de données de santé.");
    expect(save).toBeDisabled();

    await fireEvent.input(note, { target: { value: "x".repeat(201) } });
    expect(within(details).getByTestId("booking-note-count")).toHaveTextContent("201/200");
    expect(note).toHaveAttribute("aria-invalid", "true");
    expect(details).toHaveTextContent("Au plus 200 caractères (201 saisis).");
    expect(save).toBeDisabled();

    await fireEvent.input(note, { target: { value: "Rappeler la veille" } });
    expect(within(details).getByTestId("booking-note-count")).toHaveTextContent("18/200");
    await user.click(save);

    await waitFor(() => expect(result()).toHaveTextContent("Note enregistrée."));
    expect(actions(backend)).toEqual([
      { calendarId: CLAIRE, eventId: "jeanne", action: { kind: "note", text: "Rappeler la veille" } },
    ]);
    await waitFor(() => expect(save).toBeDisabled());
    expect(note).toHaveValue("Rappeler la veille");
  });

  it("queues an action made offline and says it waits for the connection", async () => {
    const { backend, user, session } = await show({ offline: true });
    const details = await open(user, "lucas");

    await user.click(within(details).getByTestId("booking-excused"));

    await waitFor(() => expect(result()).toHaveAttribute("data-state", "queued"));
    expect(result()).toHaveTextContent("En attente");
    expect(result()).toHaveTextContent("sera envoyée à Google dès le retour de la connexion");
    await waitFor(() => expect(session.outbox).toHaveLength(1));
    expect(within(screen.getByTestId("booking-details")).getByTestId("booking-pending")).toHaveTextContent(
      "Modification en attente",
    );
    const row = screen.getAllByTestId("booking-row").find((r) => r.dataset.bookingId === "lucas")!;
    expect(within(row).getByTestId("booking-row-pending")).toHaveTextContent("modification en attente");

    // Back online, the next sync sends it.
    backend.offline = false;
    await session.syncNow();
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
    const { backend, user } = await show();
    backend.simulateRemoteBookingChange(CLAIRE, "lucas", {
      kind: "move",
      start: "2026-11-26T16:00:00+01:00",
      actor: LEA,
    });
    const details = await open(user, "lucas");

    await user.click(within(details).getByTestId("booking-absent"));

    await waitFor(() => expect(result()).toHaveAttribute("data-state", "failed"));
    expect(result()).toHaveTextContent(
      `Ce rendez-vous a été déplacé entre-temps par ${LEA} (nouvel horaire : 26/11 à 16:00).`,
    );
    expect(within(screen.getByTestId("booking-details")).getByTestId("booking-pending")).toHaveTextContent(
      "Modification refusée",
    );

    await user.click(screen.getByTestId("action-retry"));

    await waitFor(() => expect(result()).toHaveTextContent("Modification envoyée à Google."));
    expect(backend.calls.filter(([c]) => c === "retry_outbox_item")).toEqual([
      ["retry_outbox_item", { seq: 1 }],
    ]);
    // The booking as Google has it now: moved by Léa, and marked absent.
    await waitFor(() => expect(screen.getByTestId("booking-details")).toHaveTextContent("16:00 – 16:45"));
    expect(within(screen.getByTestId("booking-details")).getByTestId("booking-attendance")).toBeInTheDocument();
  });

  it("gives up a refused action on request", async () => {
    const { backend, user, session } = await show();
    backend.simulateRemoteBookingChange(CLAIRE, "lucas", { kind: "cancel", actor: null });
    await user.click(within(await open(user, "lucas")).getByTestId("booking-excused"));
    await waitFor(() => expect(result()).toHaveTextContent("annulé entre-temps par quelqu'un"));

    await user.click(screen.getByTestId("action-discard"));

    await waitFor(() => expect(result()).toHaveTextContent("Modification abandonnée"));
    expect(session.outbox).toEqual([]);
    expect(await backend.outboxItems()).toEqual([]);
  });

  it("shows a reader no action, only why", async () => {
    const { user } = await show({}, [CLAIRE, READER]);
    const details = await open(user, "hugo");

    expect(within(details).getByTestId("booking-read-only")).toHaveTextContent(
      "Votre accès à cet agenda est en lecture seule",
    );
    for (const id of ["booking-move", "booking-cancel", "booking-absent", "booking-excused", "booking-note"]) {
      expect(within(details).queryByTestId(id)).toBeNull();
    }
  });

  it("shows the backend's refusal when the role changed meanwhile", async () => {
    const { backend, user } = await show({}, [CLAIRE, LEA]);
    const details = await open(user, "manon");
    // Léa made Claire a reader in Google; the app has not synced the calendar list yet.
    backend.data!.calendars.find((c) => c.id === LEA)!.accessRole = "reader";

    await user.click(within(details).getByTestId("booking-absent"));

    await waitFor(() =>
      expect(result()).toHaveTextContent(
        "Modification refusée : Votre accès à cet agenda est en lecture seule.",
      ),
    );
    expect(result()).toHaveAttribute("role", "alert");
  });

  it("lets a secretary act on the colleague's bookings, and filters the list by calendar", async () => {
    const { backend, user } = await show({}, [CLAIRE, LEA]);
    expect(ids()).toEqual(["jeanne", "manon", "lucas", "chloe"]);

    await user.selectOptions(screen.getByTestId("bookings-calendar-filter"), LEA);
    expect(ids()).toEqual(["manon"]);
    const details = await open(user, "manon");
    expect(details).toHaveTextContent("Dr Léa Martin");
    await user.click(within(details).getByTestId("booking-excused"));
    await waitFor(() => expect(result()).toHaveTextContent("Marqué excusé."));
    expect(actions(backend)).toEqual([
      { calendarId: LEA, eventId: "manon", action: { kind: "attendance", status: "excused" } },
    ]);

    await user.selectOptions(screen.getByTestId("bookings-calendar-filter"), "");
    expect(ids()).toHaveLength(4);
  });

  it("speaks English when the UI does", async () => {
    setLocale("en");
    const { user } = await show({ offline: true });
    const details = await open(user, "jeanne");
    expect(within(details).getByTestId("booking-move")).toHaveTextContent("Move");
    expect(details).toHaveTextContent("Organisation only — never health data.");

    await user.click(within(details).getByTestId("booking-absent"));
    await waitFor(() => expect(result()).toHaveTextContent("Pending: the change will be sent to Google"));
  });
});
