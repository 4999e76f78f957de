/** Ages and durations in words of the active language (catalogue strings around numbers). */
import { t } from "../i18n/i18n.svelte";
import { ageOf, splitMinutes } from "./format";

/** "à l’instant", "il y a 5 min", "il y a 3 h", "il y a 2 j". */
export function formatAgo(then: Date, now: Date): string {
  const age = ageOf(then, now);
  switch (age.unit) {
    case "now":
      return t("time.justNow");
    case "minutes":
      return t("time.minutesAgo", { n: age.n });
    case "hours":
      return t("time.hoursAgo", { n: age.n });
    case "days":
      return t("time.daysAgo", { n: age.n });
  }
}

/** "45 min", "1 h", "1 h 15". */
export function formatDuration(totalMinutes: number): string {
  const { hours, minutes } = splitMinutes(totalMinutes);
  if (hours === 0) return t("time.minutes", { m: minutes });
  if (minutes === 0) return t("time.hours", { h: hours });
  return t("time.hoursMinutes", { h: hours, m: String(minutes).padStart(2, "0") });
}
