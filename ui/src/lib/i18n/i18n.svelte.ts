import i18next from "i18next";
import type { Language } from "../ipc/bindings";
import en from "./en.json";
import fr from "./fr.json";

/** Dotted paths to the strings of a nested catalogue: `"settings.language.title"`. */
type Leaves<T> = {
  [K in keyof T & string]: T[K] extends string ? K : `${K}.${Leaves<T[K]>}`;
}[keyof T & string];

/** A key of the French catalogue, the reference one; `t` accepts nothing else. */
export type MessageKey = Leaves<typeof fr>;

/** The languages the UI offers, in menu order. */
export const LANGUAGES: readonly Language[] = ["fr", "en"];

/** The language shown before the backend has told us the user's choice. */
export const DEFAULT_LANGUAGE: Language = "fr";

const i18n = i18next.createInstance();
void i18n.init({
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  resources: { fr: { translation: fr }, en: { translation: en } },
  initAsync: false,
  // Svelte escapes text itself; escaping here would show `&amp;` to the user.
  interpolation: { escapeValue: false },
});

let current = $state<Language>(DEFAULT_LANGUAGE);

/** The active language, reactive: reading `locale.current` in a component tracks it. */
export const locale = {
  get current(): Language {
    return current;
  },
};

/** Switches the whole UI, and the `<html lang>` attribute, to `language`. */
export function setLocale(language: Language): void {
  current = language;
  void i18n.changeLanguage(language);
  document.documentElement.lang = language;
}

/**
 * The text for `key` in the active language, with `{{name}}` placeholders filled
 * from `vars`. Calling it in markup re-renders that markup on a language change.
 */
export function t(key: MessageKey, vars?: Record<string, string | number>): string {
  return i18n.t(key, { ...vars, lng: current });
}

/** A key whose catalogue entry has a `one` and an `other` form: `"outbox.attempts"`. */
export type PluralKey = {
  [K in MessageKey]: K extends `${infer Base}.one` ? (`${Base}.other` extends MessageKey ? Base : never) : never;
}[MessageKey];

/**
 * The form of `key` for `n` in the active language (`{{n}}` filled): French says « 0 envoi,
 * 1 envoi, 2 envois », English "0 attempts, 1 attempt". The language's plural rules decide;
 * every form other than `one` uses `other`.
 */
export function tn(key: PluralKey, n: number, vars?: Record<string, string | number>): string {
  const form = new Intl.PluralRules(current).select(n) === "one" ? "one" : "other";
  return t(`${key}.${form}` as MessageKey, { ...vars, n });
}
