import { render, screen } from "@testing-library/svelte";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "./lib/i18n/i18n.svelte";
import type { Startup } from "./lib/ipc/backend";
import type { StartupState } from "./lib/ipc/bindings";
import { RECORDED_AT, recordedBackend } from "./lib/ipc/recorded-transport";
import Root from "./Root.svelte";

function startup(state: StartupState): Startup {
  return { state: () => Promise.resolve(state), retry: vi.fn(), rebuild: vi.fn() };
}

beforeEach(() => vi.useFakeTimers({ now: RECORDED_AT, toFake: ["Date"] }));
afterEach(() => {
  vi.useRealTimers();
  setLocale("fr");
});

describe("start-up", () => {
  it("shows only the recovery screen, in the file's language, when the database cannot be opened", async () => {
    const { backend, transport } = recordedBackend({
      account_status: "account_status/none",
      sync_status: "sync_status/none",
      site_state: "site_state/none",
    });
    render(Root, {
      backend,
      startup: startup({
        state: "recovery",
        info: {
          reason: "newerVersion",
          detail: "schema 12",
          file: "/data/rdv-compagnon.sqlite3",
          language: "en",
          pending: [],
          setAside: null,
          canRebuild: true,
        },
      }),
    });
    expect(await screen.findByTestId("recovery-reason")).toHaveTextContent("Install the latest version");
    expect(screen.queryByTestId("view-agenda")).toBeNull();
    // No app command before a database is open.
    expect(transport.callsTo("get_settings")).toEqual([]);
    expect(transport.callsTo("account_status")).toEqual([]);
  });

  it("mounts the app when the database is open", async () => {
    const { backend } = recordedBackend({
      account_status: "account_status/none",
      sync_status: "sync_status/none",
      site_state: "site_state/none",
    });
    render(Root, { backend, startup: startup({ state: "ready" }) });
    expect(await screen.findByTestId("view-agenda")).toBeInTheDocument();
    expect(screen.queryByTestId("recovery-screen")).toBeNull();
  });
});
