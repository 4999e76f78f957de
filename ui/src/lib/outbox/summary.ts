/**
 * The outbox (booking edits waiting for Google, or refused by it) in the few shapes the UI needs:
 * counts for the sidebar indicator, and which bookings have an edit under way.
 */
import type { MessageKey } from "../i18n/i18n.svelte";
import type { OutboxItem } from "../ipc/bindings";

/** How many edits wait, and how many of them Google refused. */
export interface OutboxSummary {
  total: number;
  pending: number;
  failed: number;
}

/** The counts of the sidebar indicator. */
export function outboxSummary(items: readonly OutboxItem[]): OutboxSummary {
  const failed = items.filter((item) => item.failed).length;
  return { total: items.length, pending: items.length - failed, failed };
}

/** What an edit under way means for its booking: waiting, or refused. */
export type EditState = "pending" | "failed";

/** A booking's key in {@link editsByBooking}: its calendar and its event (`eventId`). */
export function bookingKey(calendarId: string, eventId: string): string {
  return `${calendarId}\n${eventId}`;
}

/**
 * The bookings with an edit under way, by {@link bookingKey}: `failed` when any of their edits
 * was refused (the user must decide), else `pending`.
 */
export function editsByBooking(items: readonly OutboxItem[]): Map<string, EditState> {
  const edits = new Map<string, EditState>();
  for (const item of items) {
    const key = bookingKey(item.calendarId, item.eventId);
    if (item.failed) edits.set(key, "failed");
    else if (!edits.has(key)) edits.set(key, "pending");
  }
  return edits;
}

const ACTIONS: Record<string, MessageKey> = {
  cancel: "outbox.actions.cancel",
  move: "outbox.actions.move",
  attendance: "outbox.actions.attendance",
  note: "outbox.actions.note",
  create: "newBooking.outboxAction",
};

/** The catalogue key naming an edit (`cancel` → « Annulation »); `null` for an unknown one. */
export function outboxActionKey(action: string): MessageKey | null {
  return Object.hasOwn(ACTIONS, action) ? ACTIONS[action] : null;
}
