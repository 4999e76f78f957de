/** The lock's inactivity delay: seconds for the Rust core, minutes for the user. */
import type { MessageKey } from "../i18n/i18n.svelte";

/** The delays offered in Réglages, in minutes. */
export const MIN_DELAY_MINUTES = 1;
export const MAX_DELAY_MINUTES = 240;

/** A PIN as the Rust core takes it: 4 to 8 digits. */
export const PIN_PATTERN = /^\d{4,8}$/;

/** What a PIN field keeps of what is typed or pasted: digits only, at most 8. */
export function pinDigits(text: string): string {
  return text.replace(/\D/g, "").slice(0, 8);
}

/** The minutes typed (`"15"`), or `null` unless a whole number from 1 to 240. */
export function parseDelayMinutes(text: string): number | null {
  const value = text.trim();
  if (!/^\d+$/.test(value)) return null;
  const minutes = Number(value);
  return minutes >= MIN_DELAY_MINUTES && minutes <= MAX_DELAY_MINUTES ? minutes : null;
}

/** The delay in the minutes field (a delay of seconds, set by tests, shows as 1 minute). */
export function delayMinutes(seconds: number): number {
  return Math.min(MAX_DELAY_MINUTES, Math.max(MIN_DELAY_MINUTES, Math.round(seconds / 60)));
}

/** « 10 min », or « 5 s » for a delay that is not a whole number of minutes. */
export function delayLabel(seconds: number): { key: MessageKey; vars: { n: number } } {
  return seconds % 60 === 0
    ? { key: "settings.lock.minutes", vars: { n: seconds / 60 } }
    : { key: "settings.lock.seconds", vars: { n: seconds } };
}
