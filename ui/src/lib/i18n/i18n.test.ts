import { afterEach, describe, expect, it } from "vitest";
import en from "./en.json";
import fr from "./fr.json";
import { locale, setLocale, t, tn } from "./i18n.svelte";

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

describe("tn", () => {
  it("follows French plural rules: 0 and 1 are singular", () => {
    expect([0, 1, 2, 1000].map((n) => tn("outbox.attempts", n))).toEqual([
      "0 envoi",
      "1 envoi",
      "2 envois",
      "1000 envois",
    ]);
  });

  it("follows English plural rules: only 1 is singular", () => {
    setLocale("en");
    expect([0, 1, 2].map((n) => tn("outbox.attempts", n))).toEqual(["0 attempts", "1 attempt", "2 attempts"]);
  });

  it("fills the other placeholders too", () => {
    expect(tn("availability.publish.counts.first", 3, { verb: "ajoutés" })).toBe("3 créneaux ajoutés");
  });
});

describe("the catalogues", () => {
  it("write no « (s) » plural: a count picks its form", () => {
    const strings = (node: unknown): string[] =>
      typeof node === "string" ? [node] : Object.values(node as object).flatMap(strings);
    for (const catalogue of [fr, en]) {
      expect(strings(catalogue).filter((s) => /\(s\)|\(x\)/.test(s))).toEqual([]);
    }
  });
});
