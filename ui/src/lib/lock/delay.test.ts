import { describe, expect, it } from "vitest";
import { PIN_PATTERN, delayLabel, delayMinutes, parseDelayMinutes, pinDigits } from "./delay";

describe("lock delay and PIN helpers", () => {
  it("accept whole minutes from 1 to 240 only", () => {
    expect(parseDelayMinutes("10")).toBe(10);
    expect(parseDelayMinutes(" 240 ")).toBe(240);
    for (const bad of ["0", "241", "1.5", "-3", "", "dix"]) expect(parseDelayMinutes(bad), bad).toBeNull();
  });

  it("show seconds as minutes in the field, and as they are in the status", () => {
    expect(delayMinutes(600)).toBe(10);
    expect(delayMinutes(5)).toBe(1);
    expect(delayMinutes(14_400)).toBe(240);
    expect(delayLabel(600)).toEqual({ key: "settings.lock.minutes", vars: { n: 10 } });
    expect(delayLabel(5)).toEqual({ key: "settings.lock.seconds", vars: { n: 5 } });
  });

  it("keep digits only, 8 at most, and want 4 to 8 of them", () => {
    expect(pinDigits("12a4 56-7890")).toBe("12456789");
    expect(PIN_PATTERN.test("1234")).toBe(true);
    expect(PIN_PATTERN.test("123")).toBe(false);
    expect(PIN_PATTERN.test("123456789")).toBe(false);
  });
});
