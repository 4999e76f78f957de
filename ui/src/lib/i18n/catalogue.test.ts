import { describe, expect, it } from "vitest";
import en from "./en.json";
import fr from "./fr.json";

/** Flattens a nested catalogue into `{ "a.b.c": "text" }`. */
function flatten(node: unknown, prefix = ""): Record<string, unknown> {
  if (typeof node !== "object" || node === null) return { [prefix]: node };
  return Object.entries(node).reduce<Record<string, unknown>>(
    (flat, [key, child]) => ({ ...flat, ...flatten(child, prefix ? `${prefix}.${key}` : key) }),
    {},
  );
}

const placeholders = (text: unknown) => String(text).match(/\{\{\s*\w+\s*\}\}/g)?.sort() ?? [];

const catalogues = { fr: flatten(fr), en: flatten(en) };

describe("translation catalogues", () => {
  it("have exactly the same keys, so no text is missing in either language", () => {
    expect(Object.keys(catalogues.en).sort()).toEqual(Object.keys(catalogues.fr).sort());
  });

  it.each(Object.entries(catalogues))("%s has only non-empty strings", (_, messages) => {
    for (const [key, text] of Object.entries(messages)) {
      expect(typeof text, key).toBe("string");
      expect(String(text).trim(), key).not.toBe("");
    }
  });

  it("use the same {{placeholders}} in both languages, so no value is dropped", () => {
    for (const [key, text] of Object.entries(catalogues.fr)) {
      expect(placeholders(catalogues.en[key]), key).toEqual(placeholders(text));
    }
  });
});
