import type { Booking } from "../ipc/bindings";
import { BOOKING_GROUPS, bookingGroup, type BookingGroup } from "../time/zoned";

/** One section of the bookings list. */
export interface BookingSection {
  group: BookingGroup;
  bookings: Booking[];
}

/**
 * Splits bookings (already sorted by start) into Aujourd'hui / Cette semaine / Plus tard,
 * as seen from `now` in `timeZone`; empty sections are left out.
 */
export function groupBookings(bookings: Booking[], now: Date, timeZone: string): BookingSection[] {
  const sections = new Map<BookingGroup, Booking[]>(BOOKING_GROUPS.map((group) => [group, []]));
  for (const booking of bookings) {
    sections.get(bookingGroup(new Date(booking.start), now, timeZone))!.push(booking);
  }
  return BOOKING_GROUPS.map((group) => ({ group, bookings: sections.get(group)! })).filter(
    (section) => section.bookings.length > 0,
  );
}
