import { describe, expect, it } from "vitest";
import type { ActivityEntry } from "../ipc/bindings";
import { activityActionKey, attendanceKey, hasMove, madeHere } from "./entries";

const entry = (more: Partial<ActivityEntry>): ActivityEntry => ({
  at: "2026-11-26T08:00:00Z",
  actor: "claire@example.fr",
  origin: "app",
  calendarId: "cal",
  eventId: "evt",
  action: "cancel",
  from: "2026-11-27T09:00:00Z",
  to: null,
  reason: null,
  attendance: null,
  byYou: true,
  ...more,
});

describe("activity entries", () => {
  it("names the actions made here and those seen in Google, and no others", () => {
    expect(activityActionKey("cancel")).toBe("activity.actions.cancel");
    expect(activityActionKey("moved")).toBe("activity.actions.moved");
    expect(activityActionKey("toString")).toBeNull();
    expect(madeHere(entry({}))).toBe(true);
    expect(madeHere(entry({ origin: "google", actor: "Google Agenda" }))).toBe(false);
  });

  it("says which attendance mark was set, or that it was cleared", () => {
    expect(attendanceKey(entry({ action: "attendance", attendance: "absent" }))).toBe(
      "activity.attendance.absent",
    );
    expect(attendanceKey(entry({ action: "attendance", attendance: "excused" }))).toBe(
      "activity.attendance.excused",
    );
    expect(attendanceKey(entry({ action: "attendance" }))).toBe("activity.attendance.cleared");
    expect(attendanceKey(entry({ action: "note" }))).toBeNull();
  });

  it("shows from → to only for moves that have both ends", () => {
    expect(hasMove(entry({ action: "move", to: "2026-11-27T14:00:00+01:00" }))).toBe(true);
    expect(hasMove(entry({ action: "moved", to: null }))).toBe(false);
    expect(hasMove(entry({ action: "cancel", to: "2026-11-27T14:00:00+01:00" }))).toBe(false);
  });
});
