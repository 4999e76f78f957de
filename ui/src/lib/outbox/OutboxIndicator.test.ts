import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import { BACKEND_EVENTS } from "../ipc/backend";
import type { Booking, OutboxItem } from "../ipc/bindings";
import { RECORDED_AT, recorded, type Routes } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import OutboxIndicator from "./OutboxIndicator.svelte";

async function show(routes: Routes = {}) {
  const rendered = await renderRecorded(OutboxIndicator, routes);
  return { ...rendered, user: userEvent.setup() };
}

const indicator = () => screen.getByTestId("outbox-indicator");
const name = (label: string) => {
  const booking = recorded<Booking>(label);
  return `${booking.patient.firstName} ${booking.patient.lastName}`;
};

beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
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
    const { transport } = await show();

    transport.route("outbox_items", "outbox:outbox_items/one");
    transport.emit(BACKEND_EVENTS.outboxChanged);
    await waitFor(() => expect(indicator()).toHaveTextContent("1 modification en attente"));
    transport.route("outbox_items", "outbox:outbox_items/two");
    transport.emit(BACKEND_EVENTS.outboxChanged);
    await waitFor(() => expect(indicator()).toHaveTextContent("2 modifications en attente"));
    expect(indicator()).toHaveAttribute("data-count", "2");
    expect(indicator()).not.toHaveClass("failed");

    // Back online, the poller sent them.
    transport.route("outbox_items", "outbox:outbox_items/sent");
    transport.emit(BACKEND_EVENTS.outboxChanged);
    await waitFor(() => expect(screen.queryByTestId("outbox-indicator")).toBeNull());
  });

  it("turns to the warning colour when Google refused an edit", async () => {
    const { transport } = await show();

    transport.route("outbox_items", "outbox:outbox_items/conflict");
    transport.emit(BACKEND_EVENTS.outboxChanged);

    await waitFor(() => expect(indicator()).toHaveTextContent("1 modification refusée"));
    expect(indicator()).toHaveClass("failed");
    expect(indicator()).toHaveAttribute("data-failed", "1");
  });

  it("lists a refused edit with its booking and Google's reason, and retries it", async () => {
    const { transport, user } = await show({
      outbox_items: "outbox:outbox_items/conflict",
      booking_details: "outbox:booking_details/conflict",
      retry_outbox_item: "outbox:retry_outbox_item",
    });
    const [refused] = recorded<OutboxItem[]>("outbox:outbox_items/conflict");

    await user.click(await screen.findByTestId("outbox-indicator"));

    const panel = screen.getByTestId("outbox-panel");
    expect(panel).toHaveAttribute("open");
    const [item] = await within(panel).findAllByTestId("outbox-item");
    expect(item.dataset.state).toBe("failed");
    expect(item).toHaveTextContent("Présence");
    expect(item).toHaveTextContent("Refusée");
    expect(within(item).getByTestId("outbox-item-error")).toHaveTextContent(refused.error!);
    expect(item).toHaveTextContent(/ · 1 envoi /);
    await waitFor(() => expect(item).toHaveTextContent(name("outbox:booking_details/conflict")));

    await user.click(within(panel).getByTestId("outbox-retry"));

    await waitFor(() =>
      expect(within(panel).getByTestId("outbox-empty")).toHaveTextContent("Aucune modification en attente."),
    );
    expect(transport.callsTo("retry_outbox_item")).toEqual([{ seq: refused.seq }]);
    expect(screen.queryByTestId("outbox-indicator")).toBeNull();
  });

  it("asks before giving up an edit, then sends it and shows the outbox the backend answered", async () => {
    const { transport, user } = await show({
      outbox_items: "outbox:outbox_items/two",
      booking_details: "outbox:booking_details/pending",
      discard_outbox_item: "outbox:discard_outbox_item",
    });
    const [, cancel] = recorded<OutboxItem[]>("outbox:outbox_items/two");

    await user.click(await screen.findByTestId("outbox-indicator"));
    const panel = screen.getByTestId("outbox-panel");
    const items = await within(panel).findAllByTestId("outbox-item");
    expect(items.map((i) => i.dataset.state)).toEqual(["pending", "pending"]);
    expect(items[0]).toHaveTextContent("Présence");
    expect(items[1]).toHaveTextContent("Annulation");
    expect(items[1]).toHaveTextContent("En attente");

    await user.click(within(items[1]).getByTestId("outbox-discard"));
    const confirm = screen.getByTestId("outbox-discard-dialog");
    expect(confirm).toHaveTextContent("« Annulation » (Rendez-vous du lun. 2 mars 09:20) ne sera jamais envoyée à Google.");
    expect(transport.callsTo("discard_outbox_item")).toEqual([]);
    await user.click(screen.getByTestId("outbox-confirm-discard"));

    await waitFor(() => expect(transport.callsTo("discard_outbox_item")).toEqual([{ seq: cancel.seq }]));
    // The list is the backend's answer.
    await waitFor(() =>
      expect(within(panel).queryAllByTestId("outbox-item")).toHaveLength(
        recorded<OutboxItem[]>("outbox:discard_outbox_item").length,
      ),
    );
  });

  it("speaks English when the UI does", async () => {
    setLocale("en");
    await show({ outbox_items: "outbox:outbox_items/one" });
    await waitFor(() => expect(indicator()).toHaveTextContent("1 change pending"));
  });
});
