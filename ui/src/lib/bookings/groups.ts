import type { Booking } from "../ipc/bindings";
import { BOOKING_GROUPS, bookingGroup, type BookingGroup } from "../time/zoned";

/** A section of the list: a day group, or `past` (a search also finds past bookings). */
export type BookingSectionGroup = BookingGroup | "past";

/** One section of the bookings list. */
export interface BookingSection {
  group: BookingSectionGroup;
  bookings: Booking[];
}

/**
 * Splits bookings (already sorted by start) into Passés (over at `now`: a search's earlier
 * visits) / Aujourd'hui / Cette semaine / Plus tard, as seen from `now` in `timeZone`; empty
 * sections are left out.
 */
export function groupBookings(bookings: Booking[], now: Date, timeZone: string): BookingSection[] {
  const order: BookingSectionGroup[] = ["past", ...BOOKING_GROUPS];
  const sections = new Map<BookingSectionGroup, Booking[]>(order.map((group) => [group, []]));
  for (const booking of bookings) {
    const group =
      new Date(booking.end) <= now ? "past" : bookingGroup(new Date(booking.start), now, timeZone);
    sections.get(group)!.push(booking);
  }
  return order
    .map((group) => ({ group, bookings: sections.get(group)! }))
    .filter((section) => section.bookings.length > 0);
}
