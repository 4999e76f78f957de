//! When a booking's personal data must go (PRODUCT.md art. 8.3): the one retention rule, used
//! by the local purge (rdv-store), its dry run and the scrub of past Google events (rdv-app).
//!
//! A booking's patient data is deleted **`days` after the booking was made** (90, 120 or 240,
//! 120 by default) — and **never before the appointment and its reminders have passed**:
//! - *when it was made*: the booking's `rdv.bookedAt` marker (written by the site or the app);
//!   without a readable one, Google's `created` (an event made elsewhere); without either, the
//!   appointment's start (a booking is always made before its appointment, so this never
//!   deletes early — it may keep a little longer);
//! - *a day* is 24 hours: the due instant is `days × 24 h` after the booking, whatever the
//!   daylight-saving changes in between (its local time may read one hour off);
//! - *passed*: the appointment has ended. Every reminder (the site's day-before SMS, the app's
//!   notifications) is sent before the appointment starts, so once it has ended they have passed
//!   too. A recurring booking passes when its last occurrence has ended; one without an end
//!   (no `UNTIL` or `COUNT`), or whose last occurrence cannot be computed
//!   ([`crate::recurrence::last_start`]: a refused rule, over the budget), never passes, so it
//!   is never purged on a guess.
//!
//! A booking is due at `max(booked + days, end)`, purged at or after that instant.

use chrono::{DateTime, Duration, Utc};

/// What the rule needs to know of a booking (no personal data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookingTimes {
    /// `rdv.bookedAt`, when present and readable.
    pub booked_at: Option<DateTime<Utc>>,
    /// Google's `created`, when known.
    pub created: Option<DateTime<Utc>>,
    /// The appointment's start (the first occurrence's, for a series).
    pub start: DateTime<Utc>,
    /// When the appointment is over: its end, a series' last occurrence's end; `None` for a
    /// series that never ends.
    pub last_end: Option<DateTime<Utc>>,
}

impl BookingTimes {
    /// When the booking was made: `rdv.bookedAt`, else Google's `created`, else the start.
    pub fn booked(&self) -> DateTime<Utc> {
        self.booked_at.or(self.created).unwrap_or(self.start)
    }

    /// The instant from which its personal data is purged under a `days` retention period;
    /// `None`: never (a series without an end).
    pub fn due_at(&self, days: u32) -> Option<DateTime<Utc>> {
        let by_period = self.booked() + Duration::days(i64::from(days));
        self.last_end.map(|end| by_period.max(end))
    }

    /// Whether its personal data must be purged at `now`.
    pub fn is_due(&self, days: u32, now: DateTime<Utc>) -> bool {
        self.due_at(days).is_some_and(|due| now >= due)
    }
}

/// Reads an RFC 3339 instant as the markers and Google write it; `None` when absent or
/// unreadable (the rule then falls back, see [`BookingTimes::booked`]).
pub fn instant(text: Option<&str>) -> Option<DateTime<Utc>> {
    text.and_then(|t| DateTime::parse_from_rfc3339(t.trim()).ok())
        .map(|t| t.with_timezone(&Utc))
}

/// Whether a series' recurrence lines (Google's `recurrence`) end: every `RRULE` has an `UNTIL`
/// or a `COUNT`. Lines without any `RRULE` (only `RDATE`s) end too.
pub fn series_ends(lines: &[String]) -> bool {
    lines
        .iter()
        .filter(|l| l.trim_start().to_ascii_uppercase().starts_with("RRULE"))
        .all(|l| {
            let upper = l.to_ascii_uppercase();
            upper.contains("UNTIL=") || upper.contains("COUNT=")
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{NaiveDate, TimeZone};
    use chrono_tz::Europe::Paris;

    fn at(text: &str) -> DateTime<Utc> {
        instant(Some(text)).unwrap()
    }

    fn booking(booked: &str, start: &str) -> BookingTimes {
        let start = at(start);
        BookingTimes {
            booked_at: Some(at(booked)),
            created: None,
            start,
            last_end: Some(start + Duration::minutes(30)),
        }
    }

    #[test]
    fn due_exactly_the_period_after_the_booking_not_a_second_before() {
        let b = booking("2026-01-10T09:00:00Z", "2026-01-20T09:00:00Z");
        let due = at("2026-05-10T09:00:00Z");
        assert_eq!(b.due_at(120), Some(due));
        assert!(!b.is_due(120, due - Duration::seconds(1)));
        assert!(b.is_due(120, due));
        assert_eq!(b.due_at(90), Some(at("2026-04-10T09:00:00Z")));
        assert_eq!(b.due_at(240), Some(at("2026-09-07T09:00:00Z")));
    }

    #[test]
    fn counted_from_the_booking_not_from_the_appointment() {
        // Booked 130 days ago for an appointment 20 days ago: due (the old rule, counted from
        // the appointment, kept it 100 more days).
        let now = at("2026-06-01T12:00:00Z");
        let b = BookingTimes {
            booked_at: Some(now - Duration::days(130)),
            created: None,
            start: now - Duration::days(20),
            last_end: Some(now - Duration::days(20) + Duration::minutes(30)),
        };
        assert!(b.is_due(120, now));
    }

    #[test]
    fn never_before_a_future_appointment_has_passed() {
        // Booked 200 days ago for next week: kept until the appointment has ended.
        let now = at("2026-06-01T12:00:00Z");
        let start = now + Duration::days(7);
        let end = start + Duration::minutes(45);
        let b = BookingTimes {
            booked_at: Some(now - Duration::days(200)),
            created: None,
            start,
            last_end: Some(end),
        };
        assert_eq!(b.due_at(120), Some(end));
        assert!(!b.is_due(240, now));
        assert!(!b.is_due(120, now));
        assert!(!b.is_due(120, start), "nor while it takes place");
        assert!(b.is_due(120, end));
    }

    #[test]
    fn without_booked_at_googles_created_then_the_start() {
        let start = at("2026-03-01T08:00:00Z");
        let mut b = BookingTimes {
            booked_at: None,
            created: Some(at("2026-02-01T08:00:00Z")),
            start,
            last_end: Some(start + Duration::minutes(30)),
        };
        assert_eq!(b.due_at(120), Some(at("2026-06-01T08:00:00Z")));
        b.created = None;
        assert_eq!(b.due_at(120), Some(at("2026-06-29T08:00:00Z")));
        // An unreadable marker counts as missing.
        assert_eq!(instant(Some("hier")), None);
        assert_eq!(instant(None), None);
        assert_eq!(
            instant(Some("2026-11-20T09:14:03+01:00")),
            Some(at("2026-11-20T08:14:03Z"))
        );
    }

    #[test]
    fn the_marker_wins_over_googles_created() {
        let mut b = booking("2026-01-10T09:00:00Z", "2026-01-20T09:00:00Z");
        b.created = Some(at("2026-01-15T09:00:00Z"));
        assert_eq!(b.due_at(120), Some(at("2026-05-10T09:00:00Z")));
    }

    #[test]
    fn a_day_is_24_hours_across_daylight_saving_changes() {
        // Booked 10:00 in Paris in winter (CET); due 120 × 24 h later, in summer (CEST): the
        // local time reads 11:00, the instant is exactly 120 days of 24 hours on.
        let booked = Paris
            .from_local_datetime(
                &NaiveDate::from_ymd_opt(2026, 1, 10)
                    .unwrap()
                    .and_hms_opt(10, 0, 0)
                    .unwrap(),
            )
            .unwrap()
            .with_timezone(&Utc);
        let b = BookingTimes {
            booked_at: Some(booked),
            created: None,
            start: booked + Duration::days(3),
            last_end: Some(booked + Duration::days(3)),
        };
        let due = b.due_at(120).unwrap();
        assert_eq!(due - booked, Duration::hours(120 * 24));
        assert_eq!(
            due.with_timezone(&Paris).to_rfc3339(),
            "2026-05-10T11:00:00+02:00"
        );
        // And back to winter time (the October change).
        let summer = at("2026-08-01T08:00:00Z");
        let b = BookingTimes {
            booked_at: Some(summer),
            ..b
        };
        let due = b.due_at(90).unwrap();
        assert_eq!(due, at("2026-10-30T08:00:00Z"));
        assert_eq!(
            due.with_timezone(&Paris).to_rfc3339(),
            "2026-10-30T09:00:00+01:00"
        );
    }

    #[test]
    fn a_series_passes_with_its_last_occurrence_and_an_endless_one_never() {
        let now = at("2026-06-01T12:00:00Z");
        let mut b = BookingTimes {
            booked_at: Some(now - Duration::days(300)),
            created: None,
            start: now - Duration::days(290),
            last_end: Some(now + Duration::days(14)),
        };
        assert!(!b.is_due(120, now), "occurrences to come");
        assert!(b.is_due(120, now + Duration::days(14)));
        b.last_end = None;
        assert_eq!(b.due_at(90), None);
        assert!(!b.is_due(90, now + Duration::days(10_000)));

        let lines = |l: &[&str]| l.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert!(series_ends(&lines(&["RRULE:FREQ=WEEKLY;COUNT=6"])));
        assert!(series_ends(&lines(&[
            "RRULE:FREQ=WEEKLY;UNTIL=20260701T000000Z",
            "EXDATE:20260610T080000Z"
        ])));
        assert!(!series_ends(&lines(&["RRULE:FREQ=WEEKLY;BYDAY=MO"])));
        assert!(!series_ends(&lines(&[
            "RRULE:FREQ=DAILY;COUNT=3",
            "RRULE:FREQ=WEEKLY"
        ])));
        assert!(series_ends(&lines(&["RDATE:20260610T080000Z"])));
    }
}
