//! Time formats of the Calendar API.

use chrono::{DateTime, NaiveDate, SecondsFormat, TimeZone, Utc};
use chrono_tz::Tz;

/// A stamp (µs since the epoch) as an instant.
pub(crate) fn from_stamp(stamp: i64) -> DateTime<Utc> {
    DateTime::from_timestamp_micros(stamp).unwrap_or_default()
}

/// `updated`: `2015-05-06T21:35:27.986Z`.
pub(crate) fn millis(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// `created`: whole seconds, `2015-05-06T21:35:27.000Z`.
pub(crate) fn whole_seconds_millis(t: DateTime<Utc>) -> String {
    let t = DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t);
    millis(t)
}

/// `2026-11-20T08:14:03Z`.
pub(crate) fn seconds_z(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// An instant as a `dateTime` in a time zone: `2025-03-24T07:30:00-05:00`, `…Z` for UTC.
pub(crate) fn render_in(t: DateTime<Utc>, tz: Tz) -> String {
    if tz == chrono_tz::UTC {
        return seconds_z(t);
    }
    t.with_timezone(&tz)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// An RFC 3339 instant that must carry an offset (`timeMin`, `timeMax`, `updatedMin`).
pub(crate) fn parse_instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// Local midnight of a date in a zone (all-day events).
pub(crate) fn start_of_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    local_to_utc(date.and_hms_opt(0, 0, 0).unwrap_or_default(), tz)
}

/// A wall-clock time in a zone: the earlier instant when ambiguous (autumn), the instant after
/// the gap when it does not exist (spring), as RFC 5545 says.
pub(crate) fn local_to_utc(local: chrono::NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.with_timezone(&Utc),
        chrono::LocalResult::Ambiguous(a, _) => a.with_timezone(&Utc),
        chrono::LocalResult::None => {
            let later = local + chrono::Duration::hours(1);
            tz.from_local_datetime(&later)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .unwrap_or_else(|| Utc.from_utc_datetime(&local))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_render_in_the_zone_with_its_offset() {
        let t = parse_instant("2026-03-29T08:00:00Z").unwrap();
        assert_eq!(
            render_in(t, chrono_tz::Europe::Paris),
            "2026-03-29T10:00:00+02:00",
            "summer time started that night"
        );
        assert_eq!(render_in(t, chrono_tz::UTC), "2026-03-29T08:00:00Z");
    }

    #[test]
    fn a_missing_local_time_moves_past_the_gap() {
        let gap = NaiveDate::from_ymd_opt(2026, 3, 29)
            .unwrap()
            .and_hms_opt(2, 30, 0)
            .unwrap();
        let t = local_to_utc(gap, chrono_tz::Europe::Paris);
        assert_eq!(seconds_z(t), "2026-03-29T01:30:00Z");
    }

    #[test]
    fn an_offset_is_required() {
        assert!(parse_instant("2026-11-26T10:00:00").is_none());
        assert!(parse_instant("2026-11-26T10:00:00.123+01:00").is_some());
    }
}
