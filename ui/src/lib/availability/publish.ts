/** Words for the publish confirmation: the plan's summary and one line per change. */
import { locale, t, tn, type MessageKey } from "../i18n/i18n.svelte";
import type { Language, PlanAction, PlanChange, PublishPreview } from "../ipc/bindings";
import { INTL_LOCALES } from "../time/format";

/** The label of each kind of plan line. */
export const ACTION_LABELS: Record<PlanAction, MessageKey> = {
  create: "availability.publish.actions.create",
  update: "availability.publish.actions.update",
  delete: "availability.publish.actions.delete",
  close: "availability.publish.actions.close",
  reopen: "availability.publish.actions.reopen",
};

/**
 * « 3 créneaux ajoutés, 1 supprimé, 2 dates fermées » in the UI language, from the plan's
 * counts (the same words and order as the backend's French `summaryFr`); « Aucun changement »
 * when nothing is to be written.
 */
export function summaryFromCounts(plan: PublishPreview): string {
  if (plan.writes === 0) return t("availability.publish.noChanges");
  const parts: string[] = [];
  const series: Array<[number, "created" | "updated" | "deleted"]> = [
    [plan.creates, "created"],
    [plan.updates, "updated"],
    [plan.deletes, "deleted"],
  ];
  for (const [n, verb] of series) {
    if (n === 0) continue;
    const participle = tn(`availability.publish.counts.${verb}`, n);
    parts.push(
      parts.length === 0
        ? tn("availability.publish.counts.first", n, { verb: participle })
        : t("availability.publish.counts.next", { n, verb: participle }),
    );
  }
  if (plan.closes > 0) parts.push(tn("availability.publish.counts.closes", plan.closes));
  if (plan.reopens > 0) parts.push(tn("availability.publish.counts.reopens", plan.reopens));
  return parts.join(", ");
}

/** The summary shown: the backend's own French text in French, the counts in words otherwise. */
export function planSummary(plan: PublishPreview, language: Language = locale.current): string {
  if (plan.writes === 0) return t("availability.publish.noChanges");
  return language === "fr" && plan.summaryFr ? plan.summaryFr : summaryFromCounts(plan);
}

/** `YYYY-MM-DD` as a date at noon UTC, for formatting a calendar date in any zone safely. */
const noon = (date: string) => new Date(`${date}T12:00:00Z`);

function formatDate(date: string, options: Intl.DateTimeFormatOptions, language: Language): string {
  return new Intl.DateTimeFormat(INTL_LOCALES[language], { ...options, timeZone: "UTC" }).format(
    noon(date),
  );
}

/** `lundi 23 novembre 2026` / `Monday 23 November 2026`. */
export function longDate(date: string, language: Language = locale.current): string {
  return formatDate(date, { weekday: "long", day: "numeric", month: "long", year: "numeric" }, language);
}

/** `23 nov. 2026` / `23 Nov 2026`. */
export function shortDate(date: string, language: Language = locale.current): string {
  return formatDate(date, { day: "numeric", month: "short", year: "numeric" }, language);
}

/** `lundi` / `Monday`. */
export function weekdayName(date: string, language: Language = locale.current): string {
  return formatDate(date, { weekday: "long" }, language);
}

const FIELD_LABELS: Record<string, MessageKey> = {
  summary: "availability.publish.fields.summary",
  start: "availability.publish.fields.hours",
  end: "availability.publish.fields.hours",
  timeZone: "availability.publish.fields.timeZone",
  recurrence: "availability.publish.fields.recurrence",
};

/**
 * When a line applies, in words: « chaque lundi, 09:00–12:30, à partir du 23 nov. 2026,
 * jusqu'au 31 juil. 2027 », « un samedi sur deux… », or one date for a single event and for a
 * closed or reopened date.
 */
export function changeWhen(change: PlanChange, language: Language = locale.current): string {
  const hours = t("time.range", { start: change.startTime, end: change.endTime });
  if (!change.weekly) {
    return t("availability.publish.once", { date: longDate(change.date, language), hours });
  }
  const weekday = weekdayName(change.date, language);
  let text = t(change.everyTwoWeeks ? "availability.publish.everyOtherWeek" : "availability.publish.everyWeek", {
    weekday,
    hours,
    from: shortDate(change.date, language),
  });
  if (change.until) text += t("availability.publish.until", { date: shortDate(change.until, language) });
  return text;
}

/** The changed fields of an update, in words, without repeats (« horaires, répétition »). */
export function changedFields(change: PlanChange): string {
  const labels = new Set(
    change.fields.map((f) => t(FIELD_LABELS[f] ?? "availability.publish.fields.other")),
  );
  return [...labels].join(", ");
}
