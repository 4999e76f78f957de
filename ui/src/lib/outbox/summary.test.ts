import { describe, expect, it } from "vitest";
import type { OutboxItem } from "../ipc/bindings";
import { bookingKey, editsByBooking, outboxActionKey, outboxSummary } from "./summary";

const item = (seq: number, eventId: string, failed = false, action = "cancel"): OutboxItem => ({
  seq,
  calendarId: "cal",
  eventId,
  action,
  created: "2026-11-26T08:00:00Z",
  failed,
  error: failed ? "déplacé entre-temps" : null,
  attempts: failed ? 1 : 0,
  start: "2026-11-27T09:00:00Z",
});

describe("outbox summary", () => {
  it("counts the edits waiting and those refused", () => {
    expect(outboxSummary([])).toEqual({ total: 0, pending: 0, failed: 0 });
    expect(outboxSummary([item(1, "a"), item(2, "b", true), item(3, "a")])).toEqual({
      total: 3,
      pending: 2,
      failed: 1,
    });
  });

  it("marks a booking failed as soon as one of its edits was refused", () => {
    const edits = editsByBooking([item(1, "a"), item(2, "b"), item(3, "b", true), item(4, "b")]);
    expect(edits.get(bookingKey("cal", "a"))).toBe("pending");
    expect(edits.get(bookingKey("cal", "b"))).toBe("failed");
    expect(edits.has(bookingKey("cal", "c"))).toBe(false);
    expect(edits.has(bookingKey("other", "a"))).toBe(false);
  });

  it("names the four edits, and nothing else", () => {
    expect(["cancel", "move", "attendance", "note"].map(outboxActionKey)).toEqual([
      "outbox.actions.cancel",
      "outbox.actions.move",
      "outbox.actions.attendance",
      "outbox.actions.note",
    ]);
    expect(outboxActionKey("constructor")).toBeNull();
  });
});
