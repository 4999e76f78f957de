import { describe, expect, it, vi } from "vitest";
import { MockBackend } from "../ipc/mock-backend";
import { NOW, account, practice } from "../testing/practice";
import { watchAppLocked } from "./guard";

describe("watchAppLocked", () => {
  it("reports a command refused with appLocked, and still rejects with it", async () => {
    const backend = new MockBackend({ account, data: practice(), lock: { pin: "2468", locked: true } });
    const onLocked = vi.fn();
    const guarded = watchAppLocked(backend, onLocked);

    await expect(guarded.upcomingBookings(null)).rejects.toMatchObject({ code: "appLocked" });
    expect(onLocked).toHaveBeenCalledTimes(1);
    // The real backend got the call.
    expect(backend.calls).toContainEqual(["upcoming_bookings", { query: null }]);
  });

  it("leaves answers and other refusals alone", async () => {
    // The practice's clock, not the wall clock: its bookings are upcoming whatever the date.
    const backend = new MockBackend({ account, data: practice(), now: () => NOW, lock: { pin: "2468" } });
    const onLocked = vi.fn();
    const guarded = watchAppLocked(backend, onLocked);

    expect(await guarded.upcomingBookings(null)).not.toHaveLength(0);
    await expect(guarded.unlockApp("0000")).rejects.toMatchObject({ code: "wrongPin" });
    await expect(guarded.setRetentionDays(100)).rejects.toMatchObject({ code: "invalidInput" });
    expect(onLocked).not.toHaveBeenCalled();
  });

  it("keeps synchronous methods synchronous (event subscriptions)", () => {
    const backend = new MockBackend();
    const guarded = watchAppLocked(backend, vi.fn());
    const seen: boolean[] = [];

    const stop = guarded.onLockChanged((locked) => seen.push(locked));
    backend.emitLockChanged(true);
    stop();
    backend.emitLockChanged(false);

    expect(seen).toEqual([true]);
  });
});
