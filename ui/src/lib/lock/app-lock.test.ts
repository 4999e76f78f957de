import { describe, expect, it } from "vitest";
import { BACKEND_EVENTS } from "../ipc/backend";
import { recordedBackend } from "../ipc/recorded-transport";
import { AppLock } from "./app-lock.svelte";

describe("AppLock", () => {
  it("stays locked when the lock comes while the start-up read is answered", async () => {
    // The start-up read, then the one the lock makes (for a PIN wait to show).
    const { backend, transport } = recordedBackend({
      lock_status: ["lock:lock_status/unlocked", "lock:lock_status/locked"],
    });
    const answered = transport.hold("lock_status");
    const lock = new AppLock(backend);
    const stop = lock.listen();

    const loading = lock.load();
    // Locked (inactivity) between the read and its answer: the answer is older than the event.
    transport.emit(BACKEND_EVENTS.lockChanged, true);
    answered();
    await loading;

    expect(lock.locked).toBe(true);
    stop();
  });

  it("takes the answer when nothing happened meanwhile", async () => {
    const { backend } = recordedBackend({ lock_status: "lock:lock_status/unlocked" });
    const lock = new AppLock(backend);
    await lock.load();
    expect(lock.pinSet).toBe(true);
    expect(lock.delaySeconds).toBe(600);
    expect(lock.locked).toBe(false);
  });
});
