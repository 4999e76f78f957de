//! Expanding a recurring series (RFC 5545 lines as Google stores them in `recurrence`) into its
//! occurrences within a window, in the series' IANA time zone — so a weekly 9:00 stays 9:00 local
//! across daylight-saving changes.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
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
    /// Expanding the rule up to the window would walk more than this many instances (see
    /// [`EXPANSION_BUDGET`]); the caller shows the first occurrence, as for a refused rule.
    #[error("the recurrence needs more than {0} steps to reach the window")]
    OverBudget(u32),
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
/// All-day occurrences are returned as midnight UTC of their date. One series on its own: its
/// walk is bounded by [`EXPANSION_BUDGET`]; for many series in one pass, see
/// [`occurrences_within`].
pub fn occurrences(
    start: SeriesStart,
    zone: &str,
    lines: &[String],
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: u16,
) -> Result<Vec<DateTime<Utc>>, RecurrenceError> {
    let mut alone = PassBudget::new();
    occurrences_within(start, zone, lines, (from, to), limit, &mut alone)
}

/// The instances one pass (one calendar's sync, one refresh of every calendar) may walk, all
/// series together, shared by the [`occurrences_within`] calls of that pass: anyone can invite
/// events into a calendar, and hundreds of over-budget series must not each walk
/// [`EXPANSION_BUDGET`] instances at every sync.
#[derive(Debug, Clone)]
pub struct PassBudget {
    left: u64,
    walked: u64,
}

/// The instances a pass walks at most before its series get only [`SPENT_PASS_ALLOWANCE`] each:
/// five series at the full [`EXPANSION_BUDGET`], hundreds of a calendar's ordinary ones.
pub const PASS_BUDGET: u64 = 500_000;

/// What each series may still walk once its pass has spent [`PASS_BUDGET`]: a weekly series
/// started 19 years before the window, a daily one 2 years and a half before, still expand —
/// so a calendar's own series are not reduced to their first occurrence because invited ones
/// came first; older ones are [`RecurrenceError::OverBudget`]. A pass walks at most
/// `PASS_BUDGET + SPENT_PASS_ALLOWANCE × series`.
pub const SPENT_PASS_ALLOWANCE: u32 = 1_000;

impl PassBudget {
    /// A pass's budget: [`PASS_BUDGET`] instances.
    pub fn new() -> Self {
        Self::with_total(PASS_BUDGET)
    }

    /// A budget of `total` instances (tests use a small one).
    pub fn with_total(total: u64) -> Self {
        Self {
            left: total,
            walked: 0,
        }
    }

    /// The instances walked so far in this pass, every series together.
    pub fn walked(&self) -> u64 {
        self.walked
    }

    /// What the next series may walk: [`EXPANSION_BUDGET`], or what is left of the pass, but
    /// never less than [`SPENT_PASS_ALLOWANCE`].
    fn allowance(&self) -> u32 {
        let left = u32::try_from(self.left).unwrap_or(u32::MAX);
        left.clamp(SPENT_PASS_ALLOWANCE, EXPANSION_BUDGET)
    }

    fn spend(&mut self, walked: u32) {
        self.walked += u64::from(walked);
        self.left = self.left.saturating_sub(u64::from(walked));
    }
}

impl Default for PassBudget {
    fn default() -> Self {
        Self::new()
    }
}

/// [`occurrences`] within `window` (`[from, to)`), walking at most what `budget` allows this
/// series (see [`PassBudget`]), and charging it what was walked: past it, the series is
/// [`RecurrenceError::OverBudget`] with the allowance it had.
pub fn occurrences_within(
    start: SeriesStart,
    zone: &str,
    lines: &[String],
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    limit: u16,
    budget: &mut PassBudget,
) -> Result<Vec<DateTime<Utc>>, RecurrenceError> {
    let set = parse(start, zone, lines)?;
    let allowance = budget.allowance();
    let (walked, found) = walk(&set, (from, to), limit, allowance);
    budget.spend(walked);
    found
}

/// The start of the series' last occurrence, in UTC (`None`: the rules give none), walking
/// every instance from its start within [`EXPANSION_BUDGET`]. A series that never ends (an
/// `RRULE` without `UNTIL` nor `COUNT`) has no last occurrence: [`RecurrenceError::OverBudget`],
/// as for one with more instances than the budget; a refused rule is refused as by
/// [`occurrences`]. What retention needs to know when a series has passed.
pub fn last_start(
    start: SeriesStart,
    zone: &str,
    lines: &[String],
) -> Result<Option<DateTime<Utc>>, RecurrenceError> {
    let over_budget = RecurrenceError::OverBudget(EXPANSION_BUDGET);
    let set = parse(start, zone, lines)?;
    if set
        .get_rrule()
        .iter()
        .any(|r| r.get_count().is_none() && r.get_until().is_none())
    {
        return Err(over_budget);
    }
    let mut last = None;
    let mut walked: u32 = 0;
    for instance in &set.limit() {
        walked += 1;
        if walked > EXPANSION_BUDGET {
            return Err(over_budget);
        }
        last = Some(instance.with_timezone(&Utc));
    }
    Ok(last)
}

/// The series as the `rrule` crate reads it, its rules checked first ([`check_frequency`],
/// [`check_times_per_day`]).
fn parse(start: SeriesStart, zone: &str, lines: &[String]) -> Result<RRuleSet, RecurrenceError> {
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
    check_times_per_day(&set)?;
    Ok(set)
}

/// The most instances one expansion walks, those before the window included: a daily series
/// started 270 years ago fits; a `DAILY` rule from year 1, or one multiplied by `BYHOUR` lists,
/// is [`RecurrenceError::OverBudget`] instead of a stalled sync. Counting instances, not
/// time, keeps the outcome the same on every machine.
pub const EXPANSION_BUDGET: u32 = 100_000;

/// The most times of day a rule may give (the product of its `BYHOUR`, `BYMINUTE` and
/// `BYSECOND` lists): the `rrule` crate builds a whole period's instances at once, so a
/// `YEARLY` rule with 24 × 60 × 60 times a day would fill memory before the budget counts one.
pub const MAX_TIMES_PER_DAY: usize = 24;

/// Walks the set from its start, keeping the starts in `[from, to)` (at most `limit`), within
/// `allowance` instances ([`EXPANSION_BUDGET`] at most); gives the instances walked too.
fn walk(
    set: &RRuleSet,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    limit: u16,
    allowance: u32,
) -> (u32, Result<Vec<DateTime<Utc>>, RecurrenceError>) {
    let over_budget = RecurrenceError::OverBudget(allowance);
    // `limit()` turns on the crate's own bound: 100,000 periods in a row without an instance
    // (a `BYSETPOS`/`BYDAY` combination that never matches) end the walk.
    let set = set.clone().limit();
    let mut found = Vec::new();
    let mut walked: u32 = 0;
    for instance in &set {
        if walked >= allowance {
            return (walked, Err(over_budget));
        }
        walked += 1;
        let instance = instance.with_timezone(&Utc);
        if instance >= to {
            return (walked, Ok(found));
        }
        // Two rules giving the same instant give one occurrence (RFC 5545: a recurrence *set*);
        // the walk is in order, so a repeat follows its twin.
        if instance >= from && found.last() != Some(&instance) {
            if found.len() >= usize::from(limit) {
                return (walked, Ok(found));
            }
            found.push(instance);
        }
    }
    // The walk ended before the window's end: the rules are finished (COUNT, UNTIL) — or an
    // endless rule stopped matching and the crate's bound ended it, which is over budget too.
    let endless = set
        .get_rrule()
        .iter()
        .any(|r| r.get_count().is_none() && r.get_until().is_none());
    if endless {
        (walked, Err(over_budget))
    } else {
        (walked, Ok(found))
    }
}

/// Refuses a rule giving more than [`MAX_TIMES_PER_DAY`] times of day.
fn check_times_per_day(set: &RRuleSet) -> Result<(), RecurrenceError> {
    for rule in set.get_rrule().iter().chain(set.get_exrule()) {
        let times = [
            rule.get_by_hour().len(),
            rule.get_by_minute().len(),
            rule.get_by_second().len(),
        ]
        .iter()
        .fold(1usize, |n, len| n.saturating_mul((*len).max(1)));
        if times > MAX_TIMES_PER_DAY {
            return Err(RecurrenceError::InvalidRule(format!(
                "{times} times a day (at most {MAX_TIMES_PER_DAY})"
            )));
        }
    }
    Ok(())
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

    /// The window of the budget tests: November 2026.
    fn november(start: &str, rule: &str) -> Result<Vec<DateTime<Utc>>, RecurrenceError> {
        occurrences(
            SeriesStart::Timed(local(start)),
            "Europe/Paris",
            &[rule.to_string()],
            utc("2026-11-01T00:00:00Z"),
            utc("2026-12-01T00:00:00Z"),
            500,
        )
    }

    #[test]
    fn a_daily_rule_from_year_one_is_over_budget_instead_of_walked() {
        // 24 instances a day for 739,000 days: 17.7 million steps before November 2026 without
        // the budget (minutes of a stalled sync); the budget stops at 100,000.
        let hours = (0..24).map(|h| h.to_string()).collect::<Vec<_>>().join(",");
        let hourly_in_disguise = november(
            "0001-01-01T09:00",
            &format!("RRULE:FREQ=DAILY;BYHOUR={hours}"),
        );
        assert_eq!(
            hourly_in_disguise,
            Err(RecurrenceError::OverBudget(EXPANSION_BUDGET))
        );
        assert_eq!(
            november("0001-01-01T09:00", "RRULE:FREQ=DAILY"),
            Err(RecurrenceError::OverBudget(EXPANSION_BUDGET)),
            "739,000 daily steps are over budget too"
        );
    }

    #[test]
    fn many_over_budget_series_in_one_pass_share_its_budget() {
        // 20 daily series from year 1 (739,000 steps each to reach the window): alone, each
        // walks EXPANSION_BUDGET (2,000,000 in all); in a pass of 250,000, the first ones spend
        // it and the others walk SPENT_PASS_ALLOWANCE each.
        let mut pass = PassBudget::with_total(250_000);
        for _ in 0..20 {
            let got = occurrences_within(
                SeriesStart::Timed(local("0001-01-01T09:00")),
                "Europe/Paris",
                &["RRULE:FREQ=DAILY".to_string()],
                (utc("2026-11-01T00:00:00Z"), utc("2026-12-01T00:00:00Z")),
                500,
                &mut pass,
            );
            assert!(matches!(got, Err(RecurrenceError::OverBudget(_))));
        }
        let bound = 250_000 + 17 * u64::from(SPENT_PASS_ALLOWANCE);
        assert_eq!(
            pass.walked(),
            bound,
            "100,000 + 100,000 + 50,000, then 17 × 1,000"
        );
        // A weekly series of 2020 still expands once the pass is spent.
        let weekly = occurrences_within(
            SeriesStart::Timed(local("2020-01-06T09:00")),
            "Europe/Paris",
            &["RRULE:FREQ=WEEKLY".to_string()],
            (utc("2026-11-01T00:00:00Z"), utc("2026-12-01T00:00:00Z")),
            500,
            &mut pass,
        )
        .unwrap();
        assert_eq!(weekly.len(), 5);
    }

    #[test]
    fn a_daily_series_two_centuries_old_still_expands() {
        // 82,500 days since 1800: within the budget.
        let got = november("1800-01-01T09:00", "RRULE:FREQ=DAILY").unwrap();
        assert_eq!(got.len(), 30);
        assert_eq!(got[0], utc("2026-11-01T08:00:00Z"));
    }

    #[test]
    fn two_rules_giving_the_same_instant_give_one_occurrence() {
        // Found by the hostile-input properties (tests/core/hostile.rs): twice the same rule
        // gave every date twice.
        let got = occurrences(
            SeriesStart::Timed(local("2026-11-02T09:00")),
            "Europe/Paris",
            &[
                "RRULE:FREQ=WEEKLY;COUNT=3".to_string(),
                "RRULE:FREQ=WEEKLY;COUNT=2".to_string(),
            ],
            utc("2026-11-01T00:00:00Z"),
            utc("2026-12-01T00:00:00Z"),
            10,
        )
        .unwrap();
        assert_eq!(
            got,
            vec![
                utc("2026-11-02T08:00:00Z"),
                utc("2026-11-09T08:00:00Z"),
                utc("2026-11-16T08:00:00Z")
            ]
        );
    }

    #[test]
    fn the_limit_is_never_passed_not_even_a_limit_of_zero() {
        let daily = "RRULE:FREQ=DAILY";
        let start = SeriesStart::Timed(local("2026-11-01T09:00"));
        let (from, to) = (utc("2026-11-01T00:00:00Z"), utc("2026-12-01T00:00:00Z"));
        let one = |limit| occurrences(start, "Europe/Paris", &[daily.to_string()], from, to, limit);
        assert_eq!(one(0), Ok(vec![]));
        assert_eq!(one(2).unwrap().len(), 2);
    }

    #[test]
    fn a_rule_that_never_matches_again_is_over_budget() {
        // One Monday a week, never a second one; February never has a 30th.
        for rule in [
            "RRULE:FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2",
            "RRULE:FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30",
            "RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        ] {
            assert_eq!(
                november("2000-01-03T09:00", rule),
                Err(RecurrenceError::OverBudget(EXPANSION_BUDGET)),
                "{rule}"
            );
        }
        // A finished rule is not: it simply has no occurrence left.
        assert_eq!(
            november("2000-01-03T09:00", "RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=3"),
            Ok(vec![])
        );
    }

    #[test]
    fn a_rule_with_more_than_24_times_a_day_is_refused_before_expansion() {
        // 1,440 times a day, built a whole year at a time by the `rrule` crate.
        let hours = (0..24).map(|h| h.to_string()).collect::<Vec<_>>().join(",");
        let minutes = (0..60).map(|m| m.to_string()).collect::<Vec<_>>().join(",");
        let got = november(
            "2000-01-01T09:00",
            &format!("RRULE:FREQ=YEARLY;BYHOUR={hours};BYMINUTE={minutes}"),
        );
        assert!(
            matches!(&got, Err(RecurrenceError::InvalidRule(m)) if m.contains("1440 times a day")),
            "{got:?}"
        );
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

    #[test]
    fn the_last_start_of_a_finished_series_and_none_for_an_endless_or_refused_one() {
        let last = |start: &str, rule: &str| {
            last_start(
                SeriesStart::Timed(local(start)),
                "Europe/Paris",
                &[rule.to_string()],
            )
        };
        // Six Mondays at 9:00 Paris; the last after the change to winter time.
        assert_eq!(
            last("2026-10-05T09:00", "RRULE:FREQ=WEEKLY;COUNT=6"),
            Ok(Some(utc("2026-11-09T08:00:00Z")))
        );
        assert_eq!(
            last(
                "2026-10-05T09:00",
                "RRULE:FREQ=WEEKLY;UNTIL=20261026T235959Z"
            ),
            Ok(Some(utc("2026-10-26T08:00:00Z")))
        );
        assert_eq!(
            last("2026-10-05T09:00", "RRULE:FREQ=WEEKLY"),
            Err(RecurrenceError::OverBudget(EXPANSION_BUDGET)),
            "never ends"
        );
        let hours = (0..24).map(|h| h.to_string()).collect::<Vec<_>>().join(",");
        assert_eq!(
            last(
                "2006-01-01T00:00",
                &format!("RRULE:FREQ=DAILY;BYHOUR={hours};UNTIL=20261231T000000Z")
            ),
            Err(RecurrenceError::OverBudget(EXPANSION_BUDGET)),
            "more instances than the budget"
        );
        assert!(matches!(
            last("2026-10-05T09:00", "RRULE:FREQ=HOURLY;COUNT=3"),
            Err(RecurrenceError::InvalidRule(_))
        ));
        let all_day = last_start(
            SeriesStart::AllDay(NaiveDate::from_ymd_opt(2026, 12, 24).unwrap()),
            "UTC",
            &["RRULE:FREQ=YEARLY;COUNT=3".to_string()],
        );
        assert_eq!(all_day, Ok(Some(utc("2028-12-24T00:00:00Z"))));
    }
}
