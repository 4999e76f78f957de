import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ACTIVITY_EVENTS, InactivityTimer, watchActivity, type Clock } from "./inactivity";

const MINUTE = 60_000;

beforeEach(() => vi.useFakeTimers({ now: new Date("2026-11-26T08:00:00Z") }));
afterEach(() => vi.useRealTimers());

/** A timer on vitest's fake clock, watching with a 10-minute delay. */
function watching(enabled = true, delayMs = 10 * MINUTE) {
  const onIdle = vi.fn();
  const timer = new InactivityTimer(onIdle);
  timer.configure({ enabled, delayMs });
  return { timer, onIdle };
}

describe("InactivityTimer", () => {
  it("locks once the delay has passed without activity, and only once", () => {
    const { onIdle } = watching();

    vi.advanceTimersByTime(10 * MINUTE - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);

    vi.advanceTimersByTime(60 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("counts again from each activity", () => {
    const { timer, onIdle } = watching();

    vi.advanceTimersByTime(9 * MINUTE);
    timer.activity();
    vi.advanceTimersByTime(9 * MINUTE);
    timer.activity();
    vi.advanceTimersByTime(9 * MINUTE);
    expect(onIdle).not.toHaveBeenCalled();

    vi.advanceTimersByTime(1 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("never locks without a PIN (disabled), however long the user is away", () => {
    const { timer, onIdle } = watching(false);

    vi.advanceTimersByTime(24 * 60 * MINUTE);
    timer.activity();
    vi.advanceTimersByTime(24 * 60 * MINUTE);

    expect(onIdle).not.toHaveBeenCalled();
  });

  it("stops counting when turned off (PIN removed, or locked) and starts afresh when on again", () => {
    const { timer, onIdle } = watching();

    vi.advanceTimersByTime(9 * MINUTE);
    timer.configure({ enabled: false, delayMs: 10 * MINUTE });
    vi.advanceTimersByTime(30 * MINUTE);
    expect(onIdle).not.toHaveBeenCalled();

    // Unlocked: a full delay from now, not from before.
    timer.configure({ enabled: true, delayMs: 10 * MINUTE });
    vi.advanceTimersByTime(9 * MINUTE);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("applies a new delay counted from the last activity", () => {
    const { timer, onIdle } = watching();

    vi.advanceTimersByTime(3 * MINUTE);
    timer.configure({ enabled: true, delayMs: 5 * MINUTE });
    vi.advanceTimersByTime(2 * MINUTE - 1);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);

    // A delay already over locks at once.
    const other = watching();
    vi.advanceTimersByTime(6 * MINUTE);
    other.timer.configure({ enabled: true, delayMs: 5 * MINUTE });
    vi.advanceTimersByTime(0);
    expect(other.onIdle).toHaveBeenCalledTimes(1);
  });

  it("watches again after restart (the lock did not happen)", () => {
    const { timer, onIdle } = watching();
    vi.advanceTimersByTime(10 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(1);

    timer.restart();
    vi.advanceTimersByTime(10 * MINUTE);
    expect(onIdle).toHaveBeenCalledTimes(2);
  });

  it("does nothing more once stopped", () => {
    const { timer, onIdle } = watching();
    timer.stop();
    vi.advanceTimersByTime(60 * MINUTE);
    timer.activity();
    expect(onIdle).not.toHaveBeenCalled();
  });

  it("locks at the first activity after an absence its timer did not see (a suspended webview)", () => {
    // A clock whose timers never fire, as in a hidden window.
    let now = 0;
    const clock: Clock = { now: () => now, setTimeout: () => 1, clearTimeout: () => undefined };
    const onIdle = vi.fn();
    const timer = new InactivityTimer(onIdle, clock);
    timer.configure({ enabled: true, delayMs: 10 * MINUTE });

    now = 5 * MINUTE;
    timer.activity();
    now = 14 * MINUTE;
    timer.activity();
    expect(onIdle).not.toHaveBeenCalled();

    // Back after 40 minutes away: moving the mouse must not count as presence.
    now = 54 * MINUTE;
    timer.activity();
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it("uses the injected clock's timers", () => {
    let now = 0;
    const pending: Array<{ at: number; run: () => void }> = [];
    const clock: Clock = {
      now: () => now,
      setTimeout: (run, ms) => pending.push({ at: now + ms, run }),
      clearTimeout: () => undefined,
    };
    const onIdle = vi.fn();
    new InactivityTimer(onIdle, clock).configure({ enabled: true, delayMs: 5000 });

    expect(pending.map((p) => p.at)).toEqual([5000]);
    now = 5000;
    pending[0].run();
    expect(onIdle).toHaveBeenCalledTimes(1);
  });
});

describe("watchActivity", () => {
  it("reports pointer, key, wheel and touch events until stopped", () => {
    const target = new EventTarget();
    const onActivity = vi.fn();
    const stop = watchActivity(target, onActivity);

    for (const name of ACTIVITY_EVENTS) target.dispatchEvent(new Event(name));
    expect(onActivity).toHaveBeenCalledTimes(5);
    expect(ACTIVITY_EVENTS).toEqual(["pointermove", "pointerdown", "keydown", "wheel", "touchstart"]);

    stop();
    target.dispatchEvent(new Event("keydown"));
    expect(onActivity).toHaveBeenCalledTimes(5);

    target.dispatchEvent(new Event("focus"));
    expect(onActivity).toHaveBeenCalledTimes(5);
  });
});
