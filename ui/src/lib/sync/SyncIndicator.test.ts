import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import type { AccountState, SyncStatus } from "../ipc/bindings";
import { renderView } from "../testing/render";
import SyncIndicator from "./SyncIndicator.svelte";

const linked: AccountState = { state: "linked", email: "claire@example.fr", demo: false };
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

async function show(sync: SyncStatus, options: { offline?: boolean } = {}) {
  const rendered = await renderView(SyncIndicator, { account: linked, sync, ...options });
  return { ...rendered, status: screen.getByTestId("sync-status") };
}

afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
});

describe("sync indicator", () => {
  it("says the cache is up to date and since when, in French", async () => {
    const { status } = await show({ state: "idle", lastSuccessAt: minutesAgo(2), message: null });

    expect(status).toHaveAttribute("data-state", "idle");
    expect(status).toHaveTextContent("À jour · il y a 2 min");
  });

  it("says 'à l'instant' right after a sync, and in English when the UI is", async () => {
    const { status } = await show({ state: "idle", lastSuccessAt: minutesAgo(0), message: null });
    expect(status).toHaveTextContent("À jour · à l’instant");

    setLocale("en");
    await waitFor(() => expect(status).toHaveTextContent("Up to date · just now"));
  });

  it("shows a sync under way", async () => {
    const { status } = await show({ state: "syncing", lastSuccessAt: null, message: null });

    expect(status).toHaveAttribute("data-state", "syncing");
    expect(status).toHaveTextContent("Synchronisation…");
    expect(screen.getByTestId("sync-now")).toBeDisabled();
  });

  it("says offline clearly, and that the data shown comes from the cache", async () => {
    const { status } = await show({
      state: "offline",
      lastSuccessAt: minutesAgo(47),
      message: "Google est injoignable.",
    });

    expect(status).toHaveAttribute("data-state", "offline");
    expect(status).toHaveTextContent("Hors ligne — données du cache");
    expect(status).toHaveTextContent("Dernière synchronisation il y a 47 min");
  });

  it("shows an error with the backend's message", async () => {
    const { status } = await show({
      state: "error",
      lastSuccessAt: null,
      message: "Google a répondu 503.",
    });

    expect(status).toHaveAttribute("data-state", "error");
    expect(status).toHaveTextContent("Échec de la synchronisation");
    expect(status).toHaveTextContent("Google a répondu 503.");
  });

  it("syncs on request and follows the backend's status events", async () => {
    const { backend, status } = await show(
      { state: "idle", lastSuccessAt: minutesAgo(30), message: null },
      { offline: true },
    );

    await userEvent.click(screen.getByTestId("sync-now"));

    await waitFor(() => expect(status).toHaveAttribute("data-state", "offline"));
    expect(backend.calls.map(([command]) => command)).toContain("sync_now");

    backend.emitSyncStatus({ state: "idle", lastSuccessAt: minutesAgo(0), message: null });
    await waitFor(() => expect(status).toHaveTextContent("À jour · à l’instant"));
  });

  it("moves the relative time on every 30 seconds", async () => {
    vi.useFakeTimers({
      now: new Date("2026-11-26T10:00:00Z"),
      toFake: ["Date", "setInterval", "clearInterval"],
    });
    const { status } = await show({
      state: "idle",
      lastSuccessAt: "2026-11-26T09:59:50Z",
      message: null,
    });
    expect(within(status).getByRole("status")).toHaveTextContent("à l’instant");

    await vi.advanceTimersByTimeAsync(60_000);
    await waitFor(() => expect(status).toHaveTextContent("il y a 1 min"));
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    await waitFor(() => expect(status).toHaveTextContent("il y a 5 min"));
  });
});
