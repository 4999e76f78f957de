import { describe, expect, it } from "vitest";
import type { LockStatus } from "../ipc/bindings";
import { MockBackend } from "../ipc/mock-backend";
import { AppLock } from "./app-lock.svelte";

const unlocked: LockStatus = { pinSet: true, locked: false, delaySeconds: 600, retryAfterSeconds: 0 };

describe("AppLock", () => {
  it("stays locked when the lock comes while the start-up read is answered", async () => {
    const backend = new MockBackend({});
    const answers: Array<(status: LockStatus) => void> = [];
    backend.lockStatus = () => new Promise((resolve) => answers.push(resolve));
    const lock = new AppLock(backend);
    const stop = lock.listen();

    const loading = lock.load();
    // Locked (inactivity) between the read and its answer: the answer is older than the event.
    backend.emitLockChanged(true);
    answers[0](unlocked);
    await loading;

    expect(lock.locked).toBe(true);
    stop();
  });

  it("takes the answer when nothing happened meanwhile", async () => {
    const backend = new MockBackend({});
    backend.lockStatus = async () => ({ ...unlocked, delaySeconds: 300 });
    const lock = new AppLock(backend);
    await lock.load();
    expect(lock.pinSet).toBe(true);
    expect(lock.delaySeconds).toBe(300);
    expect(lock.locked).toBe(false);
  });
});
