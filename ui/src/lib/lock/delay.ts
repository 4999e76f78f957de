/**
 * The lock's inactivity delay: seconds for the Rust core, minutes for the user. The allowed
 * range (and the PIN's format) are the core's: the screens show its refusal message.
 */
import type { MessageKey } from "../i18n/i18n.svelte";

/** The delay in the minutes field: whole minutes, rounded up (a delay of seconds shows 1). */
export function delayMinutes(seconds: number): number {
  return Math.ceil(seconds / 60);
}

/** « 10 min », or « 5 s » for a delay that is not a whole number of minutes. */
export function delayLabel(seconds: number): { key: MessageKey; vars: { n: number } } {
  return seconds % 60 === 0
    ? { key: "settings.lock.minutes", vars: { n: seconds / 60 } }
    : { key: "settings.lock.seconds", vars: { n: seconds } };
}
