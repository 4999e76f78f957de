/**
 * What a booking dropped in the Agenda does: the move is sent as `booking_action`; the block goes
 * back to its place unless Google applied the move (the refreshed cache then draws it there), and
 * a time that is not a free slot comes back as a question — « Déplacer quand même ».
 */
import type { BookingActionRunner } from "../bookings/actions.svelte";
import type { Backend } from "../ipc/backend";
import type { Booking } from "../ipc/bindings";
import type { Drop } from "./drag";

/** A move the backend refused as not a free slot, to send again with `force` if the user agrees. */
export interface ForceRequest {
  booking: Booking;
  start: string;
  message: string;
}

/** Sends a dropped booking's move; returns the question to ask, if any. */
export async function sendDrop(
  backend: Backend,
  runner: BookingActionRunner,
  { event, start, revert }: Drop,
  goneMessage: string,
): Promise<ForceRequest | null> {
  // The event to act on (`eventId`) comes with the booking, not with the agenda event.
  let booking: Booking | null = null;
  try {
    booking = await backend.bookingDetails(event.calendarId, event.id);
  } catch {
    booking = null;
  }
  if (!booking) {
    revert();
    runner.refuse({ code: "invalidInput", message: goneMessage });
    return null;
  }
  const result = await runner.run(booking, { kind: "move", start, force: false });
  if (result.ok) {
    // Waiting or refused by Google: it is not there (yet).
    if (result.outcome.state !== "applied") revert();
    return null;
  }
  revert();
  return result.error.code === "slotUnavailable"
    ? { booking, start, message: result.error.message }
    : null;
}
