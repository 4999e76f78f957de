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
