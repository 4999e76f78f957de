/**
 * The inactivity timer of the app lock (PRODUCT.md art. 7.3/8.4: sessions closed when the user
 * is away): after `delayMs` without user activity it calls `onIdle` once, then stays quiet until
 * activity or a new configuration starts it again. Pure: the clock and the timer are injected.
 *
 * The timer only wakes the check; the decision is made on the clock. A webview hidden in the
 * tray may run its timers late (or not at all): the first activity after a long absence then
 * locks instead of counting as presence — coming back must not keep the app open.
 */

/** What the timer needs from its environment; {@link SYSTEM_CLOCK} in the app, fakes in tests. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The browser's clock and timers. */
export const SYSTEM_CLOCK: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface InactivitySettings {
  /** Watch for inactivity (a PIN is set and the app is not locked); otherwise never idle. */
  enabled: boolean;
  /** The delay before `onIdle`, in milliseconds. */
  delayMs: number;
}

export class InactivityTimer {
  private settings: InactivitySettings = { enabled: false, delayMs: Infinity };
  private lastActivity: number;
  private handle: unknown = null;
  private fired = false;

  constructor(
    private readonly onIdle: () => void,
    private readonly clock: Clock = SYSTEM_CLOCK,
  ) {
    this.lastActivity = clock.now();
  }

  /**
   * Applies new settings (the PIN set or removed, the delay changed, locked or unlocked). Turning
   * it on counts from now; a new delay keeps counting from the last activity.
   */
  configure(settings: InactivitySettings): void {
    const was = this.settings.enabled;
    this.settings = { ...settings };
    if (settings.enabled && !was) {
      this.lastActivity = this.clock.now();
      this.fired = false;
    }
    this.schedule();
  }

  /** The user did something in the window. */
  activity(): void {
    if (!this.settings.enabled || this.fired) return;
    if (this.idleFor() >= this.settings.delayMs) {
      // Away longer than the delay while the timer did not run: lock, do not reset.
      this.fire();
      return;
    }
    this.lastActivity = this.clock.now();
    // The pending timer still fires at the old time; it will see the new activity and re-arm.
  }

  /** Counts from now again after a fire that did not lock (no PIN any more, a failed call). */
  restart(): void {
    this.fired = false;
    this.lastActivity = this.clock.now();
    this.schedule();
  }

  /** Stops for good (the window goes away). */
  stop(): void {
    this.settings = { ...this.settings, enabled: false };
    this.cancel();
  }

  /** Milliseconds since the last activity. */
  idleFor(): number {
    return this.clock.now() - this.lastActivity;
  }

  private schedule(): void {
    this.cancel();
    if (!this.settings.enabled || this.fired || !Number.isFinite(this.settings.delayMs)) return;
    const left = Math.max(0, this.settings.delayMs - this.idleFor());
    this.handle = this.clock.setTimeout(() => this.check(), left);
  }

  private check(): void {
    this.handle = null;
    if (!this.settings.enabled || this.fired) return;
    if (this.idleFor() >= this.settings.delayMs) this.fire();
    else this.schedule();
  }

  private fire(): void {
    this.fired = true;
    this.cancel();
    this.onIdle();
  }

  private cancel(): void {
    if (this.handle !== null) this.clock.clearTimeout(this.handle);
    this.handle = null;
  }
}

/** The events that count as the user being there. */
export const ACTIVITY_EVENTS = ["pointermove", "pointerdown", "keydown", "wheel", "touchstart"] as const;

/** Calls `onActivity` on each of {@link ACTIVITY_EVENTS} in `target`; returns the stop function. */
export function watchActivity(target: EventTarget, onActivity: () => void): () => void {
  const options: AddEventListenerOptions = { capture: true, passive: true };
  const listener = () => onActivity();
  for (const name of ACTIVITY_EVENTS) target.addEventListener(name, listener, options);
  return () => {
    for (const name of ACTIVITY_EVENTS) target.removeEventListener(name, listener, options);
  };
}
