import { describe, expect, it } from "vitest";
import { erasureQuery, placesOf } from "./privacy";

describe("an erasure request", () => {
  it("takes an email, a phone or both, trimmed", () => {
    expect(erasureQuery(" jeanne@orange.fr ", "")).toEqual({ email: "jeanne@orange.fr", phone: null });
    expect(erasureQuery("", "06 12 34 56 78")).toEqual({ email: null, phone: "06 12 34 56 78" });
    expect(erasureQuery("a@b.fr", "0612345678")).toEqual({ email: "a@b.fr", phone: "0612345678" });
  });

  it("leaves it to the core to say whether it names someone", () => {
    expect(erasureQuery(" ", " ")).toEqual({ email: null, phone: null });
    expect(erasureQuery("", "06 12")).toEqual({ email: null, phone: "06 12" });
  });

  it("says where a booking was found", () => {
    const match = { calendarId: "c", eventId: "e", start: "", appointmentType: null };
    expect(placesOf({ ...match, inCache: true, inCalendar: true, inSite: false })).toEqual([
      "settings.erasure.inCache",
      "settings.erasure.inCalendar",
    ]);
    expect(placesOf({ ...match, inCache: false, inCalendar: false, inSite: true })).toEqual(["settings.erasure.inSite"]);
  });
});
