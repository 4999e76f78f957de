//! What a change of availability takes away from appointments already booked: adding a
//! closure, closing on a public holiday, shortening or removing a range leaves some bookings
//! outside the time patients may book. They are not cancelled — Google keeps them — but the
//! practice must call those patients, move or cancel them (issue #15, point 7).
//!
//! The rule: a booking is **affected** when it is not over, the published configuration
//! covered it and the draft does not. *Covered* means the whole booking lies in one stretch of
//! [`open_time`] for its appointment type (no type marker: for any type of the configuration),
//! read in the configuration's zone, so a DST Sunday's 09:00 is 09:00. A booking that the
//! published configuration did not cover (booked outside availability, *forcer*) is not
//! reported: the change takes nothing from it.

use super::changes::open_time;
use super::config::PracticeConfig;
use super::zone;
use chrono::{DateTime, TimeDelta, Utc};

/// A booking as the rule takes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldBooking {
    /// The caller's id for it (the occurrence id).
    pub id: String,
    /// Its `rdv.type` marker.
    pub appointment_type: Option<String>,
    /// Start.
    pub start: DateTime<Utc>,
    /// End (exclusive); the start when it has no length.
    pub end: DateTime<Utc>,
}

/// The bookings of `bookings` not over at `now` that `published` covers and `draft` does not,
/// in the order given.
pub fn bookings_affected<'a>(
    published: &PracticeConfig,
    draft: &PracticeConfig,
    bookings: &'a [HeldBooking],
    now: DateTime<Utc>,
) -> Vec<&'a HeldBooking> {
    bookings
        .iter()
        .filter(|b| b.end > now || (b.end == b.start && b.start >= now))
        .filter(|b| covers(published, b) && !covers(draft, b))
        .collect()
}

/// Whether `config` offers the whole of booking `b` for its type.
pub fn covers(config: &PracticeConfig, b: &HeldBooking) -> bool {
    let tz = config.time_zone;
    // The local days around the booking (a day before and after: its own zone may differ).
    let from = zone::local_date(tz, b.start) - TimeDelta::days(1);
    let to = zone::local_date(tz, b.end) + TimeDelta::days(2);
    let types: Vec<&str> = match b.appointment_type.as_deref().map(str::trim) {
        Some(t) if !t.is_empty() => vec![t],
        _ => config
            .appointment_types
            .iter()
            .map(|t| t.id.as_str())
            .collect(),
    };
    types.into_iter().any(|t| {
        open_time(config, t, from, to)
            .iter()
            .any(|&(s, e)| s <= b.start && (b.end <= e) && b.start < e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::FileFormat;

    const BASE: &str = r#"
        [[appointmentTypes]]
        id = "consultation"
        name = "Consultation"
        durationMinutes = 30

        [[appointmentTypes]]
        id = "bilan"
        name = "Bilan"
        durationMinutes = 60

        [[templates]]
        id = "semaine"
        [[templates.ranges]]
        days = ["lundi", "jeudi", "dimanche"]
        start = "9h"
        end = "12h"
        [[templates.ranges]]
        days = ["lundi"]
        start = "14h"
        end = "18h"
        types = ["consultation"]
    "#;

    fn base() -> PracticeConfig {
        PracticeConfig::parse(BASE, FileFormat::Toml).unwrap()
    }

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn held(id: &str, t: Option<&str>, start: &str, minutes: i64) -> HeldBooking {
        HeldBooking {
            id: id.into(),
            appointment_type: t.map(Into::into),
            start: at(start),
            end: at(start) + TimeDelta::minutes(minutes),
        }
    }

    fn ids(v: Vec<&HeldBooking>) -> Vec<&str> {
        v.into_iter().map(|b| b.id.as_str()).collect()
    }

    /// Monday 7 December 2026, 08:00 in Paris.
    const NOW: &str = "2026-12-07T07:00:00Z";

    #[test]
    fn a_closure_lists_the_bookings_it_covers_and_only_those() {
        let bookings = [
            // Monday 14 December 2026 (UTC+1): 10:00 and 15:00 in Paris.
            held("morning", Some("consultation"), "2026-12-14T09:00:00Z", 30),
            held(
                "afternoon",
                Some("consultation"),
                "2026-12-14T14:00:00Z",
                30,
            ),
            // Thursday 17: outside the closure.
            held("thursday", Some("bilan"), "2026-12-17T09:00:00Z", 60),
            // Booked outside availability (forced, 19:00): the change takes nothing from it.
            held("forced", Some("consultation"), "2026-12-14T18:00:00Z", 30),
        ];
        let mut draft = base();
        draft.exceptions.closures.push(
            serde_json::from_str(r#"{"from":"2026-12-14","start":"09:00","end":"12:00"}"#).unwrap(),
        );
        assert_eq!(
            ids(bookings_affected(&base(), &draft, &bookings, at(NOW))),
            ["morning"]
        );
        assert!(
            bookings_affected(&base(), &base(), &bookings, at(NOW)).is_empty(),
            "no change, nothing to call"
        );
    }

    #[test]
    fn shortening_or_removing_a_range_lists_what_no_longer_fits() {
        let bookings = [
            held("early", Some("consultation"), "2026-12-14T08:00:00Z", 30), // 09:00
            held("straddles", Some("bilan"), "2026-12-14T10:30:00Z", 60),    // 11:30–12:30?
            held("late", None, "2026-12-14T10:30:00Z", 30),                  // 11:30–12:00
            held(
                "afternoon",
                Some("consultation"),
                "2026-12-14T16:00:00Z",
                30,
            ),
        ];
        // "straddles" ends after 12:00: the published time never covered it.
        let mut shorter = base();
        shorter.templates[0].ranges[0].end = "11:30".parse().unwrap();
        assert_eq!(
            ids(bookings_affected(&base(), &shorter, &bookings, at(NOW))),
            ["late"],
            "11:30–12:00 is no longer open for any type"
        );
        let mut removed = base();
        removed.templates[0].ranges.remove(1);
        assert_eq!(
            ids(bookings_affected(&base(), &removed, &bookings, at(NOW))),
            ["afternoon"]
        );
    }

    #[test]
    fn a_holiday_policy_that_closes_lists_the_holiday_s_bookings() {
        // Christmas 2026 is a Friday: open it in the published configuration.
        let mut published = base();
        published.holidays.closed = false;
        published.templates[0].ranges[0]
            .days
            .push(super::super::Day::Friday);
        let mut draft = published.clone();
        draft.holidays.closed = true;
        let bookings = [
            held(
                "christmas",
                Some("consultation"),
                "2026-12-25T09:00:00Z",
                30,
            ),
            held("next-day", Some("consultation"), "2026-12-24T09:00:00Z", 30), // Thursday
        ];
        assert_eq!(
            ids(bookings_affected(&published, &draft, &bookings, at(NOW))),
            ["christmas"]
        );
    }

    #[test]
    fn on_the_dst_sundays_the_wall_clock_hours_count() {
        // 29 March 2026 (spring): 09:00–12:00 Paris is 07:00–10:00 UTC.
        let bookings = [
            held(
                "spring-9h",
                Some("consultation"),
                "2026-03-29T07:00:00Z",
                30,
            ),
            // 08:30 Paris (06:30 UTC): never open.
            held(
                "spring-8h30",
                Some("consultation"),
                "2026-03-29T06:30:00Z",
                30,
            ),
            // 25 October 2026 (autumn): 11:30 Paris is 10:30 UTC.
            held(
                "autumn-11h30",
                Some("consultation"),
                "2026-10-25T10:30:00Z",
                30,
            ),
        ];
        let mut draft = base();
        for sunday in ["2026-03-29", "2026-10-25"] {
            draft
                .exceptions
                .closures
                .push(serde_json::from_str(&format!(r#"{{"from":"{sunday}"}}"#)).unwrap());
        }
        assert_eq!(
            ids(bookings_affected(
                &base(),
                &draft,
                &bookings,
                at("2026-03-01T00:00:00Z")
            )),
            ["spring-9h", "autumn-11h30"]
        );
    }

    #[test]
    fn past_bookings_are_not_listed() {
        let bookings = [held(
            "past",
            Some("consultation"),
            "2026-12-07T08:00:00Z",
            30,
        )];
        let mut draft = base();
        draft.templates.clear();
        assert!(
            bookings_affected(&base(), &draft, &bookings, at("2026-12-07T09:00:00Z")).is_empty()
        );
        assert_eq!(
            ids(bookings_affected(&base(), &draft, &bookings, at(NOW))),
            ["past"],
            "not yet over at 08:00"
        );
    }
}
