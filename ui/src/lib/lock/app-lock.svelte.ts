import { createContext } from "svelte";
import type { Backend, Unlisten } from "../ipc/backend";
import type { LockStatus } from "../ipc/bindings";

/** The inactivity delay before the backend has answered: the Rust default, 10 minutes. */
export const DEFAULT_DELAY_SECONDS = 600;

/**
 * The app lock as the UI knows it (PRODUCT.md art. 7.3/8.4): whether a PIN is set, whether the
 * app is locked (the lock screen then replaces every view), the inactivity delay. The Rust core
 * decides — it refuses personal data while locked — this follows it: `lock_status`, the
 * `lock-changed` event, and any command refused with `appLocked` ({@link markLocked}).
 * One per app, created by `App` and read with {@link getAppLock}.
 */
export class AppLock {
  /** What `lock_status` (or a lock command) last answered; `null` until then. */
  status = $state<LockStatus | null>(null);
  /** The lock screen is shown. */
  locked = $state(false);
  /** Called after each unlock: what was refused while locked is read again. */
  onunlock: (() => void) | undefined;

  /** `lock-changed` events received so far: a read answered before one is stale. */
  private events = 0;

  constructor(private readonly backend: Backend) {}

  /** Without a PIN the app never locks. */
  get pinSet(): boolean {
    return this.status?.pinSet ?? false;
  }

  /** The inactivity delay, in seconds. */
  get delaySeconds(): number {
    return this.status?.delaySeconds ?? DEFAULT_DELAY_SECONDS;
  }

  /** Follows the `lock-changed` event; returns the function that stops. */
  listen(): Unlisten {
    return this.backend.onLockChanged((locked) => {
      this.events++;
      if (locked) this.markLocked();
      else if (this.locked) this.apply({ ...this.current(), locked: false });
    });
  }

  /** Reads the lock status (at start-up). Never rejects: the Rust core enforces the lock anyway. */
  async load(): Promise<void> {
    await this.refresh();
  }

  /**
   * Reads the lock status again; `null` when it cannot be read (nothing changes then). An answer
   * overtaken by a `lock-changed` event is returned but not applied: the event is newer.
   */
  async refresh(): Promise<LockStatus | null> {
    const seen = this.events;
    try {
      const status = await this.backend.lockStatus();
      if (this.events === seen) this.apply(status);
      return status;
    } catch {
      return null;
    }
  }

  /** The app was found locked (`lock-changed`, or a command refused with `appLocked`). */
  markLocked(): void {
    if (this.locked) return;
    this.locked = true;
    this.status = { ...this.current(), locked: true };
    // The PIN's wait, if any, for the lock screen's countdown.
    void this.refresh();
  }

  /** `lock_app`: locks now when a PIN is set. Rejects with the backend's error. */
  async lockNow(): Promise<LockStatus> {
    const status = await this.backend.lockApp();
    this.apply(status);
    return status;
  }

  /** `unlock_app`: rejects with `wrongPin` (and the message to show). */
  async unlock(pin: string): Promise<void> {
    this.apply(await this.backend.unlockApp(pin));
  }

  /** Takes the status a settings command returned (PIN set or removed, delay changed). */
  setStatus(status: LockStatus): void {
    this.apply(status);
  }

  private current(): LockStatus {
    return (
      this.status ?? {
        pinSet: true,
        locked: this.locked,
        delaySeconds: DEFAULT_DELAY_SECONDS,
        retryAfterSeconds: 0,
      }
    );
  }

  private apply(status: LockStatus): void {
    const wasLocked = this.locked;
    this.status = status;
    this.locked = status.locked;
    if (wasLocked && !status.locked) this.onunlock?.();
  }
}

/** The lock shared below `App`: `setAppLock` once there, `getAppLock()` anywhere below. */
export const [getAppLock, setAppLock] = createContext<AppLock>();
