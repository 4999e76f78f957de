/**
 * The reminder preferences and the app lock as the Rust core handles them
 * (crates/rdv-app/src/reminders.rs, lock.rs), for {@link MockBackend}: the same checks, the
 * same French messages, the same *Ne pas déranger* times and the same rate limit of wrong PINs.
 */
import { addDays, dayOf, instantAt } from "../time/zoned";
import type { DoNotDisturb, IpcError, LockStatus, ReminderPrefs } from "./bindings";

/** The preferences before any change: 10 minutes before, privacy mode on, alerts on. */
export const DEFAULT_REMINDER_PREFS: ReminderPrefs = {
  offsets: [10],
  quietStart: null,
  quietEnd: null,
  privacy: true,
  dailySummary: null,
  alerts: true,
  dndUntil: null,
};

/** The longest offset: 7 days, in minutes. */
export const MAX_OFFSET_MINUTES = 7 * 24 * 60;
/** At most this many reminders per appointment. */
export const MAX_OFFSETS = 5;

const invalid = (message: string): IpcError => ({ code: "invalidInput", message });

/** `HH:MM`, `9h30`, `14h` as `rdv_core::availability::text::parse_time` reads them, in minutes. */
export function parseClock(text: string): number | null {
  const compact = text.replace(/\s+/g, "");
  const colon = compact.indexOf(":");
  const h = compact.search(/[hH]/);
  const at = colon >= 0 ? colon : h;
  if (at < 0) return null;
  const hours = compact.slice(0, at);
  let minutes = compact.slice(at + 1);
  if (minutes === "" && colon < 0) minutes = "0";
  const digits = (part: string) => /^\d{1,2}$/.test(part);
  if (!digits(hours) || !digits(minutes) || (colon >= 0 && minutes.length !== 2)) return null;
  const [hh, mm] = [Number(hours), Number(minutes)];
  return hh < 24 && mm < 60 ? hh * 60 + mm : null;
}

function clock(text: string): number | IpcError {
  const minutes = parseClock(text);
  return minutes === null
    ? invalid(
        `heure invalide « ${text} » : heure invalide « ${text} » : attendu HH:MM sur 24 heures, par exemple 09:00 ou 14h30`,
      )
    : minutes;
}

/** `set_reminder_prefs`: the preferences as saved (offsets sorted, no duplicates), or why not. */
export function checkReminderPrefs(prefs: ReminderPrefs): ReminderPrefs | IpcError {
  const offsets = [...new Set(prefs.offsets)].sort((a, b) => a - b);
  if (offsets.length > MAX_OFFSETS) return invalid("Cinq rappels au plus par rendez-vous.");
  const bad = offsets.find((o) => !Number.isInteger(o) || o <= 0 || o > MAX_OFFSET_MINUTES);
  if (bad !== undefined) {
    return invalid(`Un rappel se donne entre 1 minute et 7 jours avant (${bad} min).`);
  }
  const { quietStart, quietEnd } = prefs;
  if (quietStart !== null && quietEnd !== null) {
    const [start, end] = [clock(quietStart), clock(quietEnd)];
    if (typeof start !== "number") return start;
    if (typeof end !== "number") return end;
    if (start === end) {
      return invalid("Les heures calmes commencent et finissent à la même heure.");
    }
  } else if (quietStart !== null || quietEnd !== null) {
    return invalid("Indiquez le début et la fin des heures calmes.");
  }
  if (prefs.dailySummary !== null) {
    const summary = clock(prefs.dailySummary);
    if (typeof summary !== "number") return summary;
  }
  return { ...prefs, offsets };
}

/** An instant as the Rust side writes it: UTC, whole seconds. */
const stamp = (instant: Date) => instant.toISOString().replace(/\.\d{3}Z$/, "Z");

/** `set_do_not_disturb`: until when (`null`: off); « until tomorrow » ends at 07:00 local. */
export function dndUntil(choice: DoNotDisturb, now: Date, timeZone: string): string | null {
  switch (choice) {
    case "off":
      return null;
    case "oneHour":
      return stamp(new Date(now.getTime() + 3_600_000));
    case "untilTomorrow":
      return stamp(instantAt(addDays(dayOf(now, timeZone), 1), "07:00", timeZone));
  }
}

/** The default inactivity delay: 10 minutes. */
export const DEFAULT_LOCK_DELAY_SECONDS = 600;
/** Wrong PINs allowed before the first wait. */
const FREE_ATTEMPTS = 3;

/** The app lock of the Rust core: a PIN, the locked flag, the count of wrong tries. */
export class MockLock {
  pin: string | null;
  locked: boolean;
  delaySeconds: number;
  private failures = 0;
  private blockedUntil: number | null = null;

  constructor(
    private readonly now: () => Date,
    options: { pin?: string | null; locked?: boolean; delaySeconds?: number } = {},
  ) {
    this.pin = options.pin ?? null;
    this.locked = Boolean(options.locked && this.pin);
    this.delaySeconds = options.delaySeconds ?? DEFAULT_LOCK_DELAY_SECONDS;
  }

  status(): LockStatus {
    const wait = this.blockedUntil === null ? 0 : this.blockedUntil - this.now().getTime();
    return {
      pinSet: this.pin !== null,
      locked: this.locked,
      delaySeconds: this.delaySeconds,
      retryAfterSeconds: wait > 0 ? Math.ceil(wait / 1000) : 0,
    };
  }

  /** `set_lock_pin`; throws an {@link IpcError}. */
  setPin(current: string | null, pin: string): LockStatus {
    this.ensureUnlocked();
    if (!/^\d{4,8}$/.test(pin)) throw invalid("Le code doit comporter de 4 à 8 chiffres.");
    if (this.pin !== null) this.verify(current ?? "");
    this.pin = pin;
    return this.status();
  }

  /** `remove_lock_pin`; throws an {@link IpcError}. */
  removePin(current: string): LockStatus {
    this.ensureUnlocked();
    this.verify(current);
    this.pin = null;
    return this.status();
  }

  /** `set_lock_delay`; throws an {@link IpcError}. */
  setDelay(seconds: number): LockStatus {
    if (!Number.isInteger(seconds) || seconds < 5 || seconds > 4 * 3600) {
      throw invalid("Le délai de verrouillage va de 1 minute à 4 heures.");
    }
    this.delaySeconds = seconds;
    return this.status();
  }

  /** `lock_app`: true when it locked (a PIN is set). */
  lock(): boolean {
    if (this.pin === null) return false;
    this.locked = true;
    return true;
  }

  /** `unlock_app`; throws an {@link IpcError}. */
  unlock(pin: string): LockStatus {
    this.verify(pin);
    this.locked = false;
    return this.status();
  }

  /** Throws `appLocked` while locked, as every personal-data command of the Rust core does. */
  ensureUnlocked(): void {
    if (this.locked) {
      throw { code: "appLocked", message: "l'application est verrouillée : saisissez votre code" };
    }
  }

  private verify(pin: string): void {
    const now = this.now().getTime();
    if (this.blockedUntil !== null && now < this.blockedUntil) {
      const wait = Math.floor((this.blockedUntil - now) / 1000) + 1;
      throw wrongPin(`Trop d'essais : réessayez dans ${wait} s.`);
    }
    if (this.pin === null) throw invalid("Aucun code n'est défini.");
    if (pin === this.pin) {
      this.failures = 0;
      this.blockedUntil = null;
      return;
    }
    this.failures++;
    if (this.failures >= FREE_ATTEMPTS) {
      const seconds = Math.min(30 * 2 ** Math.min(this.failures - FREE_ATTEMPTS, 4), 300);
      this.blockedUntil = now + seconds * 1000;
      throw wrongPin(`Code incorrect. Trop d'essais : réessayez dans ${seconds} s.`);
    }
    const left = FREE_ATTEMPTS - this.failures;
    throw wrongPin(`Code incorrect (${left} essai${left > 1 ? "s" : ""} avant une attente).`);
  }
}

const wrongPin = (message: string): IpcError => ({ code: "wrongPin", message });
