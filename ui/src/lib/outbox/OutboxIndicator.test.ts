import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import { MockBackend, type MockOptions } from "../ipc/mock-backend";
import { CLAIRE, LEA, NOW, account, practice } from "../testing/practice";
import { renderView } from "../testing/render";
import OutboxIndicator from "./OutboxIndicator.svelte";

async function show(options: MockOptions = {}) {
  const backend = new MockBackend({ account, data: practice(), activity: [], ...options });
  const rendered = await renderView(OutboxIndicator, backend);
  return { ...rendered, user: userEvent.setup() };
}

const indicator = () => screen.getByTestId("outbox-indicator");

beforeEach(() => vi.useFakeTimers({ now: NOW, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
});

describe("pending edits indicator", () => {
  it("shows nothing while no edit waits", async () => {
    await show();
    expect(screen.queryByTestId("outbox-indicator")).toBeNull();
  });

  it("counts the edits made offline as they are queued, and disappears once they are sent", async () => {
    const { backend, session } = await show({ offline: true });

    await backend.bookingAction(CLAIRE, "jeanne", { kind: "attendance", status: "absent" });
    await waitFor(() => expect(indicator()).toHaveTextContent("1 modification en attente"));
    await backend.bookingAction(CLAIRE, "lucas", { kind: "cancel", reason: null });
    await waitFor(() => expect(indicator()).toHaveTextContent("2 modifications en attente"));
    expect(indicator()).toHaveAttribute("data-count", "2");
    expect(indicator()).not.toHaveClass("failed");

    backend.offline = false;
    await session.syncNow();
    await waitFor(() => expect(screen.queryByTestId("outbox-indicator")).toBeNull());
  });

  it("turns to the warning colour when Google refused an edit", async () => {
    const { backend } = await show();
    backend.simulateRemoteBookingChange(CLAIRE, "jeanne", { kind: "cancel", actor: LEA });

    await backend.bookingAction(CLAIRE, "jeanne", { kind: "note", text: "Rappeler" });

    await waitFor(() => expect(indicator()).toHaveTextContent("1 modification refusée"));
    expect(indicator()).toHaveClass("failed");
    expect(indicator()).toHaveAttribute("data-failed", "1");
  });

  it("lists the edits with their booking, state and error, to retry or give up", async () => {
    const { backend, user, session } = await show({ offline: true });
    await backend.bookingAction(CLAIRE, "jeanne", { kind: "cancel", reason: "Malade" });
    backend.offline = false;
    backend.simulateRemoteBookingChange(CLAIRE, "lucas", {
      kind: "move",
      start: "2026-11-26T16:00:00+01:00",
      actor: LEA,
    });
    backend.offline = true;
    await backend.bookingAction(CLAIRE, "lucas", { kind: "attendance", status: "excused" });
    backend.offline = false;
    // The next action sends the queue: Jeanne's cancellation is applied, Lucas's mark refused.
    await backend.bookingAction(CLAIRE, "chloe", { kind: "note", text: "ok" });
    await waitFor(() => expect(session.outbox).toHaveLength(1));
    backend.offline = true;
    await backend.bookingAction(CLAIRE, "chloe", { kind: "move", start: "2026-11-27T10:30:00+01:00", force: false });
    await waitFor(() => expect(indicator()).toHaveTextContent("1 modification refusée · 1 modification en attente"));

    await user.click(indicator());

    const panel = screen.getByTestId("outbox-panel");
    expect(panel).toHaveAttribute("open");
    const items = await within(panel).findAllByTestId("outbox-item");
    expect(items.map((i) => i.dataset.state)).toEqual(["failed", "pending"]);
    expect(items[0]).toHaveTextContent("Présence");
    expect(items[0]).toHaveTextContent("Refusée");
    expect(items[0]).toHaveTextContent("Rendez-vous du jeu. 26 nov. 14:00");
    expect(within(items[0]).getByTestId("outbox-item-error")).toHaveTextContent(
      `Ce rendez-vous a été déplacé entre-temps par ${LEA}`,
    );
    expect(items[0]).toHaveTextContent(/ · 1 envoi /);
    expect(items[1]).toHaveTextContent("Déplacement");
    expect(items[1]).toHaveTextContent("En attente");
    await waitFor(() => expect(items[1]).toHaveTextContent("Chloé Petit"));

    // Giving up asks first.
    await user.click(within(items[1]).getByTestId("outbox-discard"));
    const confirm = screen.getByTestId("outbox-discard-dialog");
    expect(confirm).toHaveTextContent("« Déplacement » (Rendez-vous du ven. 27 nov. 09:00) ne sera jamais envoyée à Google.");
    await user.click(screen.getByTestId("outbox-confirm-discard"));
    await waitFor(() => expect(within(panel).getAllByTestId("outbox-item")).toHaveLength(1));
    expect(backend.calls).toContainEqual(["discard_outbox_item", { seq: 4 }]);

    // Retrying the refused one, back online, applies it on the booking as it is now.
    backend.offline = false;
    await user.click(within(panel).getByTestId("outbox-retry"));
    await waitFor(() => expect(within(panel).getByTestId("outbox-empty")).toHaveTextContent("Aucune modification en attente."));
    expect(backend.calls).toContainEqual(["retry_outbox_item", { seq: 2 }]);
    expect((await backend.bookingDetails(CLAIRE, "lucas"))?.attendance).toBe("excused");
    expect(screen.queryByTestId("outbox-indicator")).toBeNull();
  });

  it("speaks English when the UI does", async () => {
    setLocale("en");
    const { backend } = await show({ offline: true });
    await backend.bookingAction(CLAIRE, "jeanne", { kind: "attendance", status: "absent" });
    await waitFor(() => expect(indicator()).toHaveTextContent("1 change pending"));
  });
});
