import { describe, expect, it, vi } from "vitest";
import { BACKEND_EVENTS } from "../ipc/backend";
import { recordedBackend, recordedError } from "../ipc/recorded-transport";
import { watchAppLocked } from "./guard";

describe("watchAppLocked", () => {
  it("reports a command refused with appLocked, and still rejects with it", async () => {
    const { backend, transport } = recordedBackend({ upcoming_bookings: "upcoming_bookings/locked" });
    const onLocked = vi.fn();
    const guarded = watchAppLocked(backend, onLocked);

    await expect(guarded.upcomingBookings(null)).rejects.toEqual(recordedError("upcoming_bookings/locked"));
    expect(onLocked).toHaveBeenCalledTimes(1);
    // The real backend got the call.
    expect(transport.callsTo("upcoming_bookings")).toEqual([{ query: null }]);
  });

  it("leaves answers and other refusals alone", async () => {
    const { backend } = recordedBackend({
      unlock_app: "unlock_app/wrong",
      set_language: "account:set_language/unknown",
    });
    const onLocked = vi.fn();
    const guarded = watchAppLocked(backend, onLocked);

    expect(await guarded.upcomingBookings(null)).not.toHaveLength(0);
    await expect(guarded.unlockApp("0000")).rejects.toMatchObject({ code: "wrongPin" });
    await expect(guarded.setLanguage("fr")).rejects.toMatchObject({ code: "invalidInput" });
    expect(onLocked).not.toHaveBeenCalled();
  });

  it("keeps synchronous methods synchronous (event subscriptions)", () => {
    const { backend, transport } = recordedBackend();
    const guarded = watchAppLocked(backend, vi.fn());
    const seen: boolean[] = [];

    const stop = guarded.onLockChanged((locked) => seen.push(locked));
    transport.emit(BACKEND_EVENTS.lockChanged, true);
    stop();
    transport.emit(BACKEND_EVENTS.lockChanged, false);

    expect(seen).toEqual([true]);
  });
});
