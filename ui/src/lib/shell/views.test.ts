import { describe, expect, it } from "vitest";
import { viewForShortcut, viewFromHash } from "./views";

const press = (init: KeyboardEventInit) => new KeyboardEvent("keydown", init);

describe("viewForShortcut", () => {
  it("maps Ctrl+1 to Ctrl+5 to the views in navigation order", () => {
    expect(viewForShortcut(press({ ctrlKey: true, key: "1", code: "Digit1" }))).toBe("agenda");
    expect(viewForShortcut(press({ ctrlKey: true, key: "5", code: "Digit5" }))).toBe("settings");
  });

  it("reads the physical key, so Ctrl+& on an AZERTY keyboard opens the first view", () => {
    expect(viewForShortcut(press({ ctrlKey: true, key: "&", code: "Digit1" }))).toBe("agenda");
  });

  it("ignores plain digits, AltGr combinations and digits past the last view", () => {
    expect(viewForShortcut(press({ key: "1", code: "Digit1" }))).toBeUndefined();
    expect(viewForShortcut(press({ ctrlKey: true, altKey: true, code: "Digit2" }))).toBeUndefined();
    expect(viewForShortcut(press({ ctrlKey: true, key: "6", code: "Digit6" }))).toBeUndefined();
    expect(viewForShortcut(press({ ctrlKey: true, key: "0", code: "Digit0" }))).toBeUndefined();
  });
});

describe("viewFromHash", () => {
  it("accepts known views only", () => {
    expect(viewFromHash("#settings")).toBe("settings");
    expect(viewFromHash("#/sharing")).toBe("sharing");
    expect(viewFromHash("#nope")).toBeUndefined();
    expect(viewFromHash("")).toBeUndefined();
  });
});
