//! The move rule: where an existing booking may be moved (*Déplacer*), and the free starts to
//! offer on a day.
//!
//! A move of a booking to `[start, start + its length)` is allowed when:
//! 1. `start` is not before `now`;
//! 2. one published availability range contains the whole interval and offers the booking's
//!    appointment type (a range with no type list offers every type; a booking with no type
//!    fits any range);
//! 3. no other event of the calendar overlaps it, counting only timed, non-transparent events
//!    that are not availability ranges — bookings and *autre* events alike. The booking itself
//!    never blocks its own move.
//!
//! Intervals are half-open: a booking ending at 10:00 does not overlap one starting at 10:00.
//!
//! Everything here is pure: the caller reads the calendar's occurrences (for the window
//! [`check_window`] or [`options_window`] gives) and the clock, and passes them in.
//!
//! ```
//! use chrono::{DateTime, Utc};
//! use rdv_core::availability::moves::{MovedBooking, Occurrence, check_move};
//! use rdv_core::conventions::EventKind;
//!
//! let t = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
//! let booking = MovedBooking::new("b1", Some("consultation".into()),
//!     t("2026-12-08T08:00:00Z"), t("2026-12-08T08:30:00Z")).unwrap();
//! let range = Occurrence {
//!     event_id: "a1".into(),
//!     kind: EventKind::Availability,
//!     start: t("2026-12-08T08:00:00Z"),
//!     end: t("2026-12-08T11:00:00Z"),
//!     offered_types: None,
//!     transparent: false,
//!     all_day: false,
//! };
//! let now = t("2026-12-07T09:00:00Z");
//! assert_eq!(check_move(&[range], &booking, t("2026-12-08T09:00:00Z"), now), Ok(()));
//! ```

use super::zone;
use crate::conventions::{EventKind, SpanIssue};
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;

/// The smallest step between two starts [`move_options`] offers, whatever the booking's length.
pub const MIN_MOVE_STEP: TimeDelta = TimeDelta::minutes(5);

/// One occurrence of the calendar around the move: an availability range, a booking or any
/// other event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// The event it comes from (the master of a recurring series): the moved booking is
    /// recognised by it.
    pub event_id: String,
    /// An availability range, a booking, or anything else (*autre*).
    pub kind: EventKind,
    /// Start instant.
    pub start: DateTime<Utc>,
    /// End instant (exclusive).
    pub end: DateTime<Utc>,
    /// The appointment types an availability range offers; `None`: every type. Ignored for
    /// other kinds. See [`offered_types`] to read the `rdv.type` marker.
    pub offered_types: Option<Vec<String>>,
    /// Does not block time (Google's *Disponible*).
    pub transparent: bool,
    /// An all-day event: never blocks a timed booking.
    pub all_day: bool,
}

/// Reads an availability range's `rdv.type` marker (a comma list, spaces around ids ignored)
/// into [`Occurrence::offered_types`]; no marker: every type.
///
/// ```
/// use rdv_core::availability::moves::offered_types;
/// assert_eq!(offered_types(Some("bilan, suivi")), Some(vec!["bilan".into(), "suivi".into()]));
/// assert_eq!(offered_types(None), None);
/// ```
pub fn offered_types(marker: Option<&str>) -> Option<Vec<String>> {
    marker.map(|list| list.split(',').map(|t| t.trim().to_owned()).collect())
}

/// The booking being moved: its event, its appointment type and its length, which a move keeps.
/// Its length is always positive (see [`MovedBooking::new`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedBooking {
    event_id: String,
    appointment_type: Option<String>,
    length: TimeDelta,
}

impl MovedBooking {
    /// The booking `event_id` of type `appointment_type` (`rdv.type`), now from `start` to
    /// `end` as Google holds it. A booking whose end is not after its start is refused with its
    /// [`SpanIssue`]: it has no length to keep, nor to step by.
    pub fn new(
        event_id: impl Into<String>,
        appointment_type: Option<String>,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Self, SpanIssue> {
        match SpanIssue::of(start, end) {
            Some(issue) => Err(issue),
            None => Ok(Self {
                event_id: event_id.into(),
                appointment_type,
                length: end - start,
            }),
        }
    }

    /// The booking's event id.
    pub fn event_id(&self) -> &str {
        &self.event_id
    }

    /// The booking's appointment type, if it has one.
    pub fn appointment_type(&self) -> Option<&str> {
        self.appointment_type.as_deref()
    }

    /// The booking's length (positive), kept by a move.
    pub fn length(&self) -> TimeDelta {
        self.length
    }

    /// Whether the availability range `range` offers this booking's type.
    fn fits_type_of(&self, range: &Occurrence) -> bool {
        match (&range.offered_types, &self.appointment_type) {
            (None, _) | (_, None) => true,
            (Some(list), Some(t)) => list.iter().any(|x| x == t),
        }
    }
}

/// Why a move is refused, with what the message needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveRefusal {
    /// The new start is before `now`.
    Past,
    /// No published availability range offering the booking's type contains the new interval.
    OutsideAvailability {
        /// The new start.
        start: DateTime<Utc>,
        /// The new end.
        end: DateTime<Utc>,
    },
    /// Another event blocks the new interval (the first one by start).
    Overlaps {
        /// The new start.
        start: DateTime<Utc>,
        /// The new end.
        end: DateTime<Utc>,
        /// The other event's start.
        other_start: DateTime<Utc>,
        /// The other event's end.
        other_end: DateTime<Utc>,
    },
}

/// The window of occurrences [`check_move`] needs to move `booking` to `start`: every
/// occurrence overlapping it (it holds a day either side of the new interval).
pub fn check_window(
    booking: &MovedBooking,
    start: DateTime<Utc>,
) -> (DateTime<Utc>, DateTime<Utc>) {
    (
        start - TimeDelta::days(1),
        start + booking.length + TimeDelta::days(1),
    )
}

/// Checks a move of `booking` to start at `start` against the calendar's occurrences `around`
/// (at least those overlapping [`check_window`], in agenda order: by start), at instant `now`.
/// See the module doc for the rule.
pub fn check_move(
    around: &[Occurrence],
    booking: &MovedBooking,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), MoveRefusal> {
    if start < now {
        return Err(MoveRefusal::Past);
    }
    let end = start + booking.length;
    let open = around.iter().any(|o| {
        o.kind == EventKind::Availability
            && o.start <= start
            && o.end >= end
            && booking.fits_type_of(o)
    });
    if !open {
        return Err(MoveRefusal::OutsideAvailability { start, end });
    }
    if let Some(busy) = around.iter().find(|o| {
        o.event_id != booking.event_id
            && o.kind != EventKind::Availability
            && !o.transparent
            && !o.all_day
            && o.start < end
            && o.end > start
    }) {
        return Err(MoveRefusal::Overlaps {
            start,
            end,
            other_start: busy.start,
            other_end: busy.end,
        });
    }
    Ok(())
}

/// The window of occurrences [`move_options`] needs for the local date `day` in `tz`: the
/// ranges starting that day and everything a candidate interval could meet.
pub fn options_window(
    booking: &MovedBooking,
    day: NaiveDate,
    tz: Tz,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let (from, to) = day_bounds(day, tz);
    (
        from - TimeDelta::days(1),
        to + booking.length + TimeDelta::days(1),
    )
}

/// Where the starts of `day` are searched: from its local midnight, for 25 hours (the longest
/// local day), so the search is bounded.
fn day_bounds(day: NaiveDate, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let from = zone::instant(tz, day, NaiveTime::MIN);
    (from, from + TimeDelta::days(1) + TimeDelta::hours(1))
}

/// The free starts for `booking` on the local date `day` in `tz`, at instant `now`, given the
/// calendar's occurrences `around` (at least those overlapping [`options_window`], by start):
/// in each availability range starting that day, from its start, stepping by the booking's
/// length (at least [`MIN_MOVE_STEP`]) while the booking fits in the range and the start stays
/// within 25 hours of the day's midnight, every start [`check_move`] allows. In time order,
/// without repeats (ranges may overlap).
pub fn move_options(
    around: &[Occurrence],
    booking: &MovedBooking,
    day: NaiveDate,
    tz: Tz,
    now: DateTime<Utc>,
) -> Vec<DateTime<Utc>> {
    let (_, to) = day_bounds(day, tz);
    let step = booking.length.max(MIN_MOVE_STEP);
    let mut out = Vec::new();
    for range in around
        .iter()
        .filter(|o| o.kind == EventKind::Availability && zone::local_date(tz, o.start) == day)
    {
        // Bounded: `step` is positive and every start lies before `to`.
        let mut t = range.start;
        while t < to && t + booking.length <= range.end {
            if check_move(around, booking, t, now).is_ok() {
                out.push(t);
            }
            t += step;
        }
    }
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests;
