/**
 * Réglages → Rappels et notifications: the form's pure parts — the offsets' labels and edits,
 * the form ⇄ `ReminderPrefs` mapping, and what *Ne pas déranger* says. Only the typing is
 * checked here (a number, a time); what the preferences may be (how many reminders, how long
 * before, quiet hours) is the Rust core's rule, which `set_reminder_prefs` applies and explains.
 */
import { parseTime } from "../availability/model";
import type { MessageKey } from "../i18n/i18n.svelte";
import type { Language, ReminderPrefs } from "../ipc/bindings";
import { formatShortDay, formatTime } from "../time/format";
import { dayOf } from "../time/zoned";

export type OffsetUnit = "minutes" | "hours";

/** A text to show: a catalogue key and its values. */
export interface Message {
  key: MessageKey;
  vars?: Record<string, string | number>;
}

/** « 10 min avant », « 2 h avant », « 1 h 30 avant », « 1 j avant ». */
export function offsetLabel(minutes: number): Message {
  if (minutes < 60) return { key: "settings.reminders.offsetMinutes", vars: { n: minutes } };
  if (minutes % 1440 === 0) return { key: "settings.reminders.offsetDays", vars: { n: minutes / 1440 } };
  if (minutes % 60 === 0) return { key: "settings.reminders.offsetHours", vars: { n: minutes / 60 } };
  return {
    key: "settings.reminders.offsetHoursMinutes",
    vars: { h: Math.floor(minutes / 60), m: String(minutes % 60).padStart(2, "0") },
  };
}

/**
 * Adds the offset typed (`value` in `unit`): the new sorted list, or why the typing is not a
 * whole number. Whether the list is allowed is the core's to say when it is saved.
 */
export function addOffset(
  offsets: readonly number[],
  value: string,
  unit: OffsetUnit,
): { offsets: number[] } | { error: MessageKey } {
  const text = value.trim();
  if (!/^\d+$/.test(text)) return { error: "settings.reminders.errors.offsetNumber" };
  const minutes = Number(text) * (unit === "hours" ? 60 : 1);
  return { offsets: [...offsets, minutes].sort((a, b) => a - b) };
}

/** The form's fields: times as typed (`""`: none). */
export interface ReminderForm {
  offsets: number[];
  quietStart: string;
  quietEnd: string;
  privacy: boolean;
  alerts: boolean;
  dailySummary: string;
}

export function formOf(prefs: ReminderPrefs): ReminderForm {
  return {
    offsets: [...prefs.offsets].sort((a, b) => a - b),
    quietStart: prefs.quietStart ?? "",
    quietEnd: prefs.quietEnd ?? "",
    privacy: prefs.privacy,
    alerts: prefs.alerts,
    dailySummary: prefs.dailySummary ?? "",
  };
}

/** The field a problem is about, to mark it and put the focus there. */
export type ReminderField = "quietStart" | "quietEnd" | "dailySummary";

/**
 * The preferences to save from the form (times normalised to `HH:MM`, `dndUntil` kept), or the
 * first time that is not one and its field.
 */
export function prefsOf(
  form: ReminderForm,
  dndUntil: string | null,
): { prefs: ReminderPrefs } | { error: MessageKey; field: ReminderField | null } {
  const time = (text: string) => (text.trim() === "" ? null : parseTime(text));
  const [start, end, summary] = [time(form.quietStart), time(form.quietEnd), time(form.dailySummary)];
  const bad = (["quietStart", "quietEnd", "dailySummary"] as const).find(
    (field) => form[field].trim() !== "" && time(form[field]) === null,
  );
  if (bad) return { error: "settings.reminders.errors.time", field: bad };
  return {
    prefs: {
      offsets: [...form.offsets].sort((a, b) => a - b),
      quietStart: start,
      quietEnd: end,
      privacy: form.privacy,
      dailySummary: summary,
      alerts: form.alerts,
      dndUntil,
    },
  };
}

/**
 * What *Ne pas déranger* says: off (or already over), on until a time today, or until a day
 * and time.
 */
export function dndStatus(
  dndUntil: string | null,
  now: Date,
  language: Language,
  timeZone: string,
): Message {
  const until = dndUntil === null ? null : new Date(dndUntil);
  if (until === null || Number.isNaN(until.getTime()) || until <= now) {
    return { key: "settings.reminders.dnd.statusOff" };
  }
  const time = formatTime(until, language, timeZone);
  if (dayOf(until, timeZone) === dayOf(now, timeZone)) {
    return { key: "settings.reminders.dnd.statusUntilTime", vars: { time } };
  }
  return {
    key: "settings.reminders.dnd.statusUntilDay",
    vars: { day: formatShortDay(until, language, timeZone), time },
  };
}

/** Whether *Ne pas déranger* is on at `now`. */
export function dndActive(dndUntil: string | null, now: Date): boolean {
  return dndUntil !== null && new Date(dndUntil).getTime() > now.getTime();
}
