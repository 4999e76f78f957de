import { expect, it } from "vitest";
import { textOn } from "./colour";

it("writes white on dark calendar colours and dark text on light ones", () => {
  expect(textOn("#3f51b5")).toBe("#ffffff");
  expect(textOn("#0b8043")).toBe("#ffffff");
  expect(textOn("#f6bf26")).toBe("#111a22");
  expect(textOn("#ffffff")).toBe("#111a22");
});

it("falls back to white for a colour it cannot read", () => {
  expect(textOn("rebeccapurple")).toBe("#ffffff");
});
