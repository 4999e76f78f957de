/** Helpers of Réglages → Site de réservation: SMS texts and usage. */
import type { MessageKey } from "../i18n/i18n.svelte";
import type { Language, SmsCharacter } from "../ipc/bindings";

/** The variables an SMS text may use (`rdv_core::sms::template::VARIABLES`). */
export const SMS_VARIABLES = ["prenom", "date", "heure", "praticien", "adresse", "telephone"] as const;

/** The three texts, in the order they are shown, with their label. */
export const SMS_TEXTS = [
  { name: "confirmation", label: "settings.site.sms.confirmation" },
  { name: "reminder", label: "settings.site.sms.reminder" },
  { name: "cancellation", label: "settings.site.sms.cancellation" },
] as const satisfies ReadonlyArray<{ name: string; label: MessageKey }>;

export type SmsTextName = (typeof SMS_TEXTS)[number]["name"];

/** `text` with `character` (at its UTF-16 `index`) replaced by its GSM suggestion. */
export function replaceAt(text: string, character: SmsCharacter): string {
  const { index } = character;
  // Only when the text still has that character there (it may have changed meanwhile).
  if (text.slice(index, index + character.character.length) !== character.character) return text;
  return text.slice(0, index) + (character.replacement ?? character.character) + text.slice(index + character.character.length);
}

/** A few characters either side of `character`, to show where it is. */
export function contextOf(text: string, character: SmsCharacter, width = 8): { before: string; after: string } {
  const { index } = character;
  const start = Math.max(0, index - width);
  const end = Math.min(text.length, index + character.character.length + width);
  return {
    before: (start > 0 ? "…" : "") + text.slice(start, index),
    after: text.slice(index + character.character.length, end) + (end < text.length ? "…" : ""),
  };
}

/** `U+00EA`: the code of a character, to tell invisible ones apart. */
export function characterName(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** `0.08` as « 0,08 € » (a decimal string from the backend). */
export function formatEuros(amount: string, language: Language): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return amount;
  const digits = value !== 0 && Math.abs(value) < 0.1 ? 3 : 2;
  return new Intl.NumberFormat(language === "fr" ? "fr-FR" : "en-GB", {
    style: "currency",
    currency: "EUR",
    minimumFractionDigits: 2,
    maximumFractionDigits: digits,
  }).format(value);
}

/** `2026-11` as « novembre 2026 ». */
export function monthLabel(month: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})$/.exec(month);
  if (!match) return month;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, 15));
  return new Intl.DateTimeFormat(language === "fr" ? "fr-FR" : "en-GB", {
    month: "long",
    year: "numeric",
    timeZone: "UTC",
  }).format(date);
}
