/**
 * Dates and times as the user reads them: `Intl.DateTimeFormat` in the UI language
 * (`fr-FR`, `en-GB`), 24-hour clock, in the calendar's time zone.
 */
import type { Language } from "../ipc/bindings";

/** The `Intl` locale of each UI language (British English: day-month order, 24 h). */
export const INTL_LOCALES: Record<Language, string> = { fr: "fr-FR", en: "en-GB" };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(
  language: Language,
  timeZone: string,
  options: Intl.DateTimeFormatOptions,
): Intl.DateTimeFormat {
  const key = `${language}|${timeZone}|${JSON.stringify(options)}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.DateTimeFormat(INTL_LOCALES[language], {
      ...options,
      timeZone,
      hourCycle: options.hour ? "h23" : undefined,
    });
    formatters.set(key, cached);
  }
  return cached;
}

/** `09:30`. */
export function formatTime(instant: Date, language: Language, timeZone: string): string {
  return formatter(language, timeZone, { hour: "2-digit", minute: "2-digit" }).format(instant);
}

/** `jeu. 26 nov.` / `Thu 26 Nov`. */
export function formatShortDay(instant: Date, language: Language, timeZone: string): string {
  return formatter(language, timeZone, { weekday: "short", day: "numeric", month: "short" }).format(
    instant,
  );
}

/** `jeudi 26 novembre 2026` / `Thursday 26 November 2026`. */
export function formatLongDay(instant: Date, language: Language, timeZone: string): string {
  return formatter(language, timeZone, {
    weekday: "long",
    day: "numeric",
    month: "long",
    year: "numeric",
  }).format(instant);
}

/** `20 nov. 2026, 09:14` / `20 Nov 2026, 09:14`. */
export function formatDateTime(instant: Date, language: Language, timeZone: string): string {
  return formatter(language, timeZone, {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(instant);
}

/** `26 nov. 2026` / `26 Nov 2026`. */
export function formatDate(instant: Date, language: Language, timeZone: string): string {
  return formatter(language, timeZone, { day: "numeric", month: "short", year: "numeric" }).format(
    instant,
  );
}

/** A duration split for display: `{ hours: 1, minutes: 15 }`. */
export function splitMinutes(total: number): { hours: number; minutes: number } {
  const minutes = Math.max(0, Math.round(total));
  return { hours: Math.floor(minutes / 60), minutes: minutes % 60 };
}

/** How long ago something happened, rounded down, for "il y a 5 min". */
export type Age =
  | { unit: "now" }
  | { unit: "minutes"; n: number }
  | { unit: "hours"; n: number }
  | { unit: "days"; n: number };

/**
 * The age of `then` at `now`: under a minute is "now" (a clock slightly ahead counts
 * as now too), then whole minutes, hours, days.
 */
export function ageOf(then: Date, now: Date): Age {
  const minutes = Math.floor((now.getTime() - then.getTime()) / 60_000);
  if (minutes < 1) return { unit: "now" };
  if (minutes < 60) return { unit: "minutes", n: minutes };
  if (minutes < 24 * 60) return { unit: "hours", n: Math.floor(minutes / 60) };
  return { unit: "days", n: Math.floor(minutes / (24 * 60)) };
}
