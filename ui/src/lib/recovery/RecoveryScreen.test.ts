import { render, screen, waitFor, within } from "@testing-library/svelte";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { setLocale } from "../i18n/i18n.svelte";
import type { Startup } from "../ipc/backend";
import type { RecoveryInfo, StartupState } from "../ipc/bindings";
import RecoveryScreen from "./RecoveryScreen.svelte";

const FILE = "/home/cab/.local/share/fr.librdv.compagnon/rdv-compagnon.sqlite3";

function info(over: Partial<RecoveryInfo> = {}): RecoveryInfo {
  return {
    reason: "unreadable",
    detail: "the local database is damaged or unreadable: file is not a database",
    file: FILE,
    language: "fr",
    pending: null,
    setAside: null,
    canRebuild: true,
    ...over,
  };
}

function startup(answer: StartupState): Startup & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    state: () => Promise.resolve({ state: "recovery", info: info() }),
    retry: () => {
      calls.push("retry");
      return Promise.resolve(answer);
    },
    rebuild: () => {
      calls.push("rebuild");
      return Promise.resolve(answer);
    },
  };
}

afterEach(() => setLocale("fr"));

describe("recovery screen", () => {
  it("says why in plain words, the file, and that the pending edits could not be read", () => {
    render(RecoveryScreen, { startup: startup({ state: "ready" }), info: info(), onready: () => {} });
    const main = screen.getByTestId("recovery-screen");
    expect(within(main).getByRole("heading", { level: 1 })).toHaveTextContent("La base de données locale ne s’ouvre pas");
    expect(screen.getByTestId("recovery-reason")).toHaveTextContent("endommagé ou illisible");
    expect(screen.getByTestId("recovery-file")).toHaveTextContent(FILE);
    expect(screen.getByTestId("recovery-pending-unreadable")).toHaveTextContent("n’ont pas pu être lues");
    expect(screen.getByTestId("recovery-retry")).toHaveFocus();
  });

  it("lists the edits read from the file, and tells a full disk to free space", () => {
    const pending = [
      {
        seq: 3,
        calendarId: "cal",
        eventId: "ev",
        action: "cancel",
        created: "2026-03-01T09:00:00Z",
        failed: false,
        error: null,
        attempts: 0,
        start: "2026-03-04T08:00:00Z",
      },
    ];
    render(RecoveryScreen, {
      startup: startup({ state: "ready" }),
      info: info({ reason: "diskFull", pending, canRebuild: false }),
      onready: () => {},
    });
    expect(screen.getByTestId("recovery-reason")).toHaveTextContent("Libérez de la place puis cliquez sur Réessayer");
    expect(screen.queryByTestId("recovery-rebuild"), "only Réessayer: the file may be healthy").toBeNull();
    expect(screen.getByTestId("recovery-retry")).toBeInTheDocument();
    const items = screen.getAllByTestId("recovery-pending-item");
    expect(items).toHaveLength(1);
    expect(items[0]).toHaveTextContent("Annulation");
    expect(items[0]).toHaveTextContent("En attente");
  });

  it("rebuilds only after the confirmation, which says what is kept, then starts the app", async () => {
    const user = userEvent.setup();
    const backend = startup({ state: "ready" });
    const onready = vi.fn();
    render(RecoveryScreen, { startup: backend, info: info({ pending: [] }), onready });

    await user.click(screen.getByTestId("recovery-rebuild"));
    expect(backend.calls).toEqual([]);
    expect(screen.getByTestId("recovery-confirm-kept")).toHaveTextContent("le compte Google lié");
    await user.click(screen.getByTestId("recovery-confirm-confirm"));
    await waitFor(() => expect(onready).toHaveBeenCalledOnce());
    expect(backend.calls).toEqual(["rebuild"]);
  });

  it("stays, with the new reason, when a retry still fails — and speaks English on request", async () => {
    const user = userEvent.setup();
    const backend = startup({ state: "recovery", info: info({ reason: "keychainLocked" }) });
    const onready = vi.fn();
    render(RecoveryScreen, { startup: backend, info: info(), onready });

    await user.click(screen.getByTestId("recovery-retry"));
    expect(await screen.findByTestId("recovery-message")).toHaveTextContent("ne s’ouvre toujours pas");
    expect(screen.getByTestId("recovery-reason")).toHaveTextContent("Déverrouillez le trousseau puis cliquez sur Réessayer");
    expect(onready).not.toHaveBeenCalled();

    await user.click(screen.getByTestId("recovery-language"));
    expect(screen.getByTestId("recovery-reason")).toHaveTextContent("Unlock the keychain, then click Try again");
  });
});
