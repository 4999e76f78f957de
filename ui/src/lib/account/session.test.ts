import { describe, expect, it } from "vitest";
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
});
