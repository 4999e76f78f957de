import { afterEach, describe, expect, it } from "vitest";
import { locale, setLocale, t } from "./i18n.svelte";

afterEach(() => setLocale("fr"));

describe("t", () => {
  it("speaks French until told otherwise", () => {
    expect(locale.current).toBe("fr");
    expect(t("settings.title")).toBe("Réglages");
  });

  it("switches language and the <html lang> attribute together", () => {
    setLocale("en");
    expect(t("settings.title")).toBe("Settings");
    expect(document.documentElement.lang).toBe("en");
  });

  it("fills placeholders without HTML-escaping them (Svelte escapes text itself)", () => {
    expect(t("settings.keychain.details", { message: "a & b" })).toBe("Détail\u00a0: a & b");
  });
});
