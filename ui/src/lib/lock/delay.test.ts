import { describe, expect, it } from "vitest";
import { delayLabel, delayMinutes } from "./delay";

describe("lock delay", () => {
  it("shows seconds as minutes in the field, and as they are in the status", () => {
    expect(delayMinutes(600)).toBe(10);
    expect(delayMinutes(5)).toBe(1);
    expect(delayMinutes(14_400)).toBe(240);
    expect(delayLabel(600)).toEqual({ key: "settings.lock.minutes", vars: { n: 10 } });
    expect(delayLabel(5)).toEqual({ key: "settings.lock.seconds", vars: { n: 5 } });
  });
});
