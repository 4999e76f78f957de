import { describe, expect, it } from "vitest";
import { BACKEND_EVENTS } from "../ipc/backend";
import { recorded, recordedBackend } from "../ipc/recorded-transport";
import type { AccountState } from "../ipc/bindings";
import { Session } from "./session.svelte";

describe("Session", () => {
  it("is ready to read the account only once every event subscription is in place", async () => {
    const { backend, transport } = recordedBackend();
    let release!: () => void;
    const registered = new Promise<void>((resolve) => (release = resolve));
    const subscribe = transport.subscribe.bind(transport);
    // Like Tauri: the data-changed listener is registered some time after the call.
    transport.subscribe = (event, callback) =>
      event === BACKEND_EVENTS.dataChanged
        ? Object.assign(subscribe(event, callback), { ready: registered })
        : subscribe(event, callback);

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
    const { backend, transport } = recordedBackend({ account_status: "account_status/none" });
    const answered = transport.hold("account_status");
    const session = new Session(backend);
    const stop = session.listen();
    await stop.ready;

    const loading = session.load();
    // The start-up link finishes between the read and its answer: the event is newer.
    transport.emit(BACKEND_EVENTS.accountState, recorded<AccountState>("account_status"));
    answered();
    await loading;

    expect(session.hasAccount).toBe(true);
    expect(session.email).toBe("dr.camille.laurent@example.fr");
    stop();
  });

  it("takes the read's answer when no event came meanwhile", async () => {
    const { backend } = recordedBackend({ sync_status: "outbox:sync_status/offline" });
    const session = new Session(backend);
    const stop = session.listen();
    await stop.ready;

    await session.load();

    expect(session.sync.state).toBe("offline");
    stop();
  });
});
