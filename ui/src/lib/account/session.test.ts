import { describe, expect, it } from "vitest";
import type { AccountState, SyncStatus } from "../ipc/bindings";
import { MockBackend } from "../ipc/mock-backend";
import { Session } from "./session.svelte";

describe("Session", () => {
  it("is ready to read the account only once every event subscription is in place", async () => {
    const backend = new MockBackend({});
    let release!: () => void;
    const registered = new Promise<void>((resolve) => (release = resolve));
    const subscribe = backend.onDataChanged.bind(backend);
    // Like Tauri: the data-changed listener is registered some time after the call.
    backend.onDataChanged = (callback) => Object.assign(subscribe(callback), { ready: registered });

    const stop = new Session(backend).listen();
    let ready = false;
    void stop.ready?.then(() => (ready = true));
    await Promise.resolve();
    expect(ready).toBe(false);

    release();
    await stop.ready;
    expect(ready).toBe(true);
    stop();
  });

  it("keeps an account event that arrives while the first read is answered", async () => {
    const backend = new MockBackend({});
    let answer!: (account: AccountState) => void;
    backend.accountStatus = () => new Promise((resolve) => (answer = resolve));
    const session = new Session(backend);
    const stop = session.listen();
    await stop.ready;

    const loading = session.load();
    // The start-up link finishes between the read and its answer: the event is newer.
    backend.emitAccountState({ state: "linked", email: "dr.camille.laurent@example.fr", demo: false });
    answer({ state: "none" });
    await loading;

    expect(session.hasAccount).toBe(true);
    expect(session.email).toBe("dr.camille.laurent@example.fr");
    stop();
  });

  it("takes the read's answer when no event came meanwhile", async () => {
    const backend = new MockBackend({});
    let answer!: (status: SyncStatus) => void;
    const current = await backend.syncStatus();
    backend.syncStatus = () => new Promise((resolve) => (answer = resolve));
    const session = new Session(backend);
    const stop = session.listen();
    await stop.ready;

    const loading = session.load();
    answer({ ...current, state: "offline" });
    await loading;

    expect(session.sync.state).toBe("offline");
    stop();
  });
});
