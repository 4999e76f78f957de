import { describe, expect, it } from "vitest";
import { erasureQuery, placesOf } from "./privacy";

describe("an erasure request", () => {
  it("takes an email, a phone or both, trimmed", () => {
    expect(erasureQuery(" jeanne@orange.fr ", "")).toEqual({ email: "jeanne@orange.fr", phone: null });
    expect(erasureQuery("", "06 12 34 56 78")).toEqual({ email: null, phone: "06 12 34 56 78" });
    expect(erasureQuery("a@b.fr", "0612345678")).toEqual({ email: "a@b.fr", phone: "0612345678" });
  });

  it("needs one of them, and a phone of 6 digits at least", () => {
    expect(erasureQuery(" ", " ")).toEqual({ error: "settings.erasure.needOne", field: "email" });
    expect(erasureQuery("", "06 12")).toEqual({ error: "settings.erasure.phoneShort", field: "phone" });
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
