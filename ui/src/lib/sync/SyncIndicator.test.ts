import { screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import type { SyncStatus } from "../ipc/bindings";
import { RECORDED_AT, recorded, type Routes } from "../ipc/recorded-transport";
import { renderRecorded } from "../testing/render";
import SyncIndicator from "./SyncIndicator.svelte";

/** The demo account, synced at the recorded instant. */
async function show(routes: Routes = {}) {
  const rendered = await renderRecorded(SyncIndicator, routes);
  return { ...rendered, status: screen.getByTestId("sync-status") };
}

const minutesLater = (n: number) => new Date(RECORDED_AT.getTime() + n * 60_000);

beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
});

describe("sync indicator", () => {
  it("says the cache is up to date and since when, in French", async () => {
    vi.setSystemTime(minutesLater(2));
    const { status } = await show();

    expect(status).toHaveAttribute("data-state", "idle");
    expect(status).toHaveTextContent("À jour · il y a 2 min");
  });

  it("says 'à l'instant' right after a sync, and in English when the UI is", async () => {
    const { status } = await show();
    expect(status).toHaveTextContent("À jour · à l’instant");

    setLocale("en");
    await waitFor(() => expect(status).toHaveTextContent("Up to date · just now"));
  });

  it("shows a sync under way", async () => {
    const { status, transport } = await show({ sync_now: "sync:sync_now" });
    const release = transport.hold("sync_now");

    await userEvent.click(screen.getByTestId("sync-now"));

    expect(status).toHaveAttribute("data-state", "syncing");
    expect(status).toHaveTextContent("Synchronisation…");
    expect(screen.getByTestId("sync-now")).toBeDisabled();
    release();
    await waitFor(() => expect(status).toHaveAttribute("data-state", "idle"));
  });

  it("says offline clearly, and that the data shown comes from the cache", async () => {
    vi.setSystemTime(minutesLater(47));
    const { status, transport } = await show();

    transport.emit("sync-status", recorded<SyncStatus>("sync:sync_now/offline"));

    await waitFor(() => expect(status).toHaveAttribute("data-state", "offline"));
    expect(status).toHaveTextContent("Hors ligne — données du cache");
    expect(status).toHaveTextContent("Dernière synchronisation il y a 47 min");
  });

  it("shows an error with the core's message", async () => {
    const { status, transport } = await show();
    const failing = recorded<SyncStatus>("sync:sync_now/error");

    transport.emit("sync-status", failing);

    await waitFor(() => expect(status).toHaveAttribute("data-state", "error"));
    expect(status).toHaveTextContent("Échec de la synchronisation");
    expect(status).toHaveTextContent(failing.message!);
  });

  it("syncs on request and follows the core's status events", async () => {
    const { transport, status } = await show({ sync_now: "sync:sync_now/offline" });

    await userEvent.click(screen.getByTestId("sync-now"));

    await waitFor(() => expect(status).toHaveAttribute("data-state", "offline"));
    expect(transport.callsTo("sync_now")).toHaveLength(1);

    transport.emit("sync-status", recorded<SyncStatus>("sync:sync_now"));
    await waitFor(() => expect(status).toHaveTextContent("À jour · à l’instant"));
  });

  it("moves the relative time on every 30 seconds", async () => {
    vi.useFakeTimers({ now: minutesLater(0), toFake: ["Date", "setInterval", "clearInterval"] });
    const { status } = await show();
    expect(within(status).getByRole("status")).toHaveTextContent("à l’instant");

    await vi.advanceTimersByTimeAsync(60_000);
    await waitFor(() => expect(status).toHaveTextContent("il y a 1 min"));
    await vi.advanceTimersByTimeAsync(4 * 60_000);
    await waitFor(() => expect(status).toHaveTextContent("il y a 5 min"));
  });
});
