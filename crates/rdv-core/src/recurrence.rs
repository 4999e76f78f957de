//! Expanding a recurring series (RFC 5545 lines as Google stores them in `recurrence`) into its
//! occurrences within a window, in the series' IANA time zone — so a weekly 9:00 stays 9:00 local
//! across daylight-saving changes.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use rrule::RRuleSet;

/// Why a series could not be expanded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecurrenceError {
    /// The time zone is not an IANA name we know.
    #[error("unknown time zone {0:?}")]
    UnknownZone(String),
    /// The rule lines could not be parsed or validated.
    #[error("invalid recurrence rule: {0}")]
    InvalidRule(String),
}

/// The start of a series: a local date-time in a zone, or a date (all-day).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesStart {
    /// A timed series starting at this local time in `zone`.
    Timed(NaiveDateTime),
    /// An all-day series starting on this date.
    AllDay(NaiveDate),
}

/// Occurrence starts of the series whose start falls in `[from, to)`, in UTC, sorted.
/// All-day occurrences are returned as midnight UTC of their date.
pub fn occurrences(
    start: SeriesStart,
    zone: &str,
    lines: &[String],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: u16,
) -> Result<Vec<DateTime<Utc>>, RecurrenceError> {
    let mut text = match start {
        SeriesStart::Timed(local) => {
            let tz: chrono_tz::Tz = zone
                .parse()
                .map_err(|_| RecurrenceError::UnknownZone(zone.to_owned()))?;
            format!(
                "DTSTART;TZID={}:{}",
                tz.name(),
                local.format("%Y%m%dT%H%M%S")
            )
        }
        SeriesStart::AllDay(date) => format!("DTSTART:{}T000000Z", date.format("%Y%m%d")),
    };
    for line in lines {
        let line = line.trim();
        check_frequency(line)?;
        // Google may put EXDATE before RRULE; order does not matter to the parser.
        if !line.is_empty() {
            text.push('\n');
            text.push_str(line);
        }
    }
    let set: RRuleSet = text
        .parse()
        .map_err(|e: rrule::RRuleError| RecurrenceError::InvalidRule(e.to_string()))?;
    let utc = rrule::Tz::UTC;
    // `after`/`before` are inclusive bounds; the window is half-open.
    let result = set
        .after(utc.from_utc_datetime(&from.naive_utc()))
        .before(utc.from_utc_datetime(&to.naive_utc()))
        .all(limit);
    Ok(result
        .dates
        .into_iter()
        .map(|d| d.with_timezone(&Utc))
        .filter(|d| *d >= from && *d < to)
        .collect())
}

/// The frequencies a series may have: Google Calendar's own (daily at the finest). A finer one
/// (`SECONDLY`, `MINUTELY`, `HOURLY`) written through the API with an old start would be walked
/// step by step up to the window, stalling a sync: it is refused before any expansion, and the
/// caller shows the event's first occurrence.
const FREQUENCIES: [&str; 4] = ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"];

/// Refuses an `RRULE`/`EXRULE` line whose `FREQ` is not in [`FREQUENCIES`] (any letter case).
fn check_frequency(line: &str) -> Result<(), RecurrenceError> {
    let upper = line.to_ascii_uppercase();
    if !(upper.starts_with("RRULE:") || upper.starts_with("EXRULE:")) {
        return Ok(());
    }
    let rule = upper.split_once(':').map_or("", |(_, r)| r);
    // Every `FREQ` of the line counts (a repeated one must not slip a finer one through).
    let mut freqs = rule
        .split(';')
        .filter_map(|part| part.trim().strip_prefix("FREQ="))
        .peekable();
    if freqs.peek().is_none() {
        return Err(RecurrenceError::InvalidRule("a rule without FREQ".into()));
    }
    match freqs.find(|f| !FREQUENCIES.contains(f)) {
        None => Ok(()),
        Some(freq) => Err(RecurrenceError::InvalidRule(format!(
            "frequency {:?} is not expanded (only daily, weekly, monthly or yearly)",
            freq.to_ascii_lowercase()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sub_daily_rule_is_refused_at_once_whatever_its_start() {
        // Google Calendar's own rules are daily at the finest; a `SECONDLY` rule from 2000 would
        // otherwise be walked second by second up to the window (a sync stalled).
        for (freq, lower) in [
            ("SECONDLY", "secondly"),
            ("MINUTELY", "minutely"),
            ("HOURLY", "hourly"),
        ] {
            let started = std::time::Instant::now();
            let err = occurrences(
                SeriesStart::Timed(local("2000-01-01T09:00")),
                "Europe/Paris",
                &[format!("RRULE:FREQ={freq};INTERVAL=1")],
                utc("2026-11-01T00:00:00Z"),
                utc("2026-12-01T00:00:00Z"),
                500,
            )
            .unwrap_err();
            assert!(
                matches!(&err, RecurrenceError::InvalidRule(m) if m.contains(lower)),
                "{err}"
            );
            assert!(
                started.elapsed() < std::time::Duration::from_secs(5),
                "refused before any expansion"
            );
        }
        let lower_case = occurrences(
            SeriesStart::Timed(local("2026-11-02T09:00")),
            "Europe/Paris",
            &["RRULE:freq=hourly;count=3".to_string()],
            utc("2026-11-01T00:00:00Z"),
            utc("2026-12-01T00:00:00Z"),
            500,
        );
        assert!(lower_case.is_err(), "whatever its case: {lower_case:?}");
        let smuggled = occurrences(
            SeriesStart::Timed(local("2000-01-01T09:00")),
            "Europe/Paris",
            &["RRULE:FREQ=DAILY;FREQ=SECONDLY".to_string()],
            utc("2026-11-01T00:00:00Z"),
            utc("2026-12-01T00:00:00Z"),
            500,
        );
        assert!(smuggled.is_err(), "a second FREQ counts too: {smuggled:?}");
    }

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").unwrap()
    }

    #[test]
    fn a_weekly_series_keeps_its_local_time_across_the_october_dst_change() {
        // Mondays 9:00 in Paris, around the last Sunday of October 2026 (25th).
        let lines = vec!["RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20261103T000000Z".to_string()];
        let got = occurrences(
            SeriesStart::Timed(local("2026-10-19T09:00")),
            "Europe/Paris",
            &lines,
            utc("2026-10-01T00:00:00Z"),
            utc("2026-12-01T00:00:00Z"),
            100,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![
                utc("2026-10-19T07:00:00Z"),
                utc("2026-10-26T08:00:00Z"),
                utc("2026-11-02T08:00:00Z")
            ],
            "9:00 CEST is 07:00Z, 9:00 CET is 08:00Z; UNTIL is honoured"
        );
    }

    #[test]
    fn exdates_remove_occurrences_even_when_listed_before_the_rule() {
        let lines = vec![
            "EXDATE;TZID=Europe/Paris:20261130T090000".to_string(),
            "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3".to_string(),
        ];
        let got = occurrences(
            SeriesStart::Timed(local("2026-11-23T09:00")),
            "Europe/Paris",
            &lines,
            utc("2026-11-01T00:00:00Z"),
            utc("2027-01-01T00:00:00Z"),
            100,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![utc("2026-11-23T08:00:00Z"), utc("2026-12-07T08:00:00Z")]
        );
    }

    #[test]
    fn only_occurrences_inside_the_window_are_returned() {
        let lines = vec!["RRULE:FREQ=DAILY".to_string()];
        let got = occurrences(
            SeriesStart::Timed(local("2026-01-01T10:00")),
            "Europe/Paris",
            &lines,
            utc("2026-11-26T09:00:00Z"),
            utc("2026-11-28T09:00:00Z"),
            1000,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![utc("2026-11-26T09:00:00Z"), utc("2026-11-27T09:00:00Z")]
        );
    }

    #[test]
    fn bad_input_is_a_clear_error_not_a_panic() {
        let start = SeriesStart::Timed(local("2026-01-01T10:00"));
        let w = (utc("2026-01-01T00:00:00Z"), utc("2026-02-01T00:00:00Z"));
        assert!(matches!(
            occurrences(start, "Mars/Olympus", &[], w.0, w.1, 10),
            Err(RecurrenceError::UnknownZone(_))
        ));
        assert!(matches!(
            occurrences(
                start,
                "Europe/Paris",
                &["RRULE:FREQ=SOMETIMES".into()],
                w.0,
                w.1,
                10
            ),
            Err(RecurrenceError::InvalidRule(_))
        ));
    }

    #[test]
    fn an_all_day_series_yields_its_dates() {
        let got = occurrences(
            SeriesStart::AllDay(NaiveDate::from_ymd_opt(2026, 12, 24).unwrap()),
            "Europe/Paris",
            &["RRULE:FREQ=YEARLY;COUNT=2".into()],
            utc("2026-01-01T00:00:00Z"),
            utc("2028-01-01T00:00:00Z"),
            10,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![utc("2026-12-24T00:00:00Z"), utc("2027-12-24T00:00:00Z")]
        );
    }
}
