import { describe, expect, it } from "vitest";
import { tabKeyTarget } from "./tabs";

describe("tabKeyTarget", () => {
  it.each([
    ["ArrowRight", 0, 1],
    ["ArrowRight", 3, 0],
    ["ArrowLeft", 0, 3],
    ["ArrowLeft", 2, 1],
    ["Home", 2, 0],
    ["End", 1, 3],
  ])("%s from tab %i of 4 goes to tab %i", (key, from, to) => {
    expect(tabKeyTarget(key, from, 4)).toBe(to);
  });

  it("ignores the keys that do not move", () => {
    expect(tabKeyTarget("Enter", 1, 4)).toBeUndefined();
    expect(tabKeyTarget("ArrowDown", 1, 4)).toBeUndefined();
  });
});
