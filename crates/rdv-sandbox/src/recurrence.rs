//! RFC 5545 recurrence, the subset the sandbox expands (google-calendar-notes.md §4): `RRULE`
//! with `FREQ=DAILY|WEEKLY|MONTHLY|YEARLY`, `INTERVAL`, `COUNT`, `UNTIL`, `BYDAY`, `BYMONTHDAY`,
//! `BYMONTH`, `WKST`; `EXDATE` and `RDATE` (UTC, `TZID=` or `VALUE=DATE`, comma lists, in any
//! order). Occurrences keep the wall-clock time of the first instance in its time zone, so a
//! weekly 9:00 in `Europe/Paris` stays at 9:00 across daylight-saving changes.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

use crate::time::local_to_utc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Freq {
    Daily,
    Weekly,
    Monthly,
    Yearly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateSpec {
    Instant(DateTime<Utc>),
    Date(NaiveDate),
}

#[derive(Debug, Clone)]
struct Rule {
    freq: Freq,
    interval: u32,
    count: Option<u32>,
    until: Option<DateSpec>,
    by_day: Vec<(Option<i32>, Weekday)>,
    by_month_day: Vec<i32>,
    by_month: Vec<u32>,
}

/// A parsed `recurrence` array.
#[derive(Debug, Clone, Default)]
pub(crate) struct Recurrence {
    rules: Vec<Rule>,
    exdates: Vec<DateSpec>,
    rdates: Vec<DateSpec>,
}

/// Where the series starts: the first instance's wall-clock start in its zone.
#[derive(Debug, Clone, Copy)]
pub(crate) struct First {
    pub local: NaiveDateTime,
    pub tz: Tz,
    pub all_day: bool,
}

/// One occurrence of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Occurrence {
    /// Start instant (local midnight in the zone for all-day series).
    pub start: DateTime<Utc>,
    /// Local date of the start.
    pub date: NaiveDate,
    pub all_day: bool,
}

impl Occurrence {
    /// The suffix of the instance id: `20250324T123000Z` (UTC) or `20250324` (all-day).
    pub(crate) fn id_suffix(&self) -> String {
        if self.all_day {
            self.date.format("%Y%m%d").to_string()
        } else {
            self.start.format("%Y%m%dT%H%M%SZ").to_string()
        }
    }
}

/// How far an unbounded series is expanded.
pub(crate) const MAX_INSTANCES: usize = 5000;

/// Parses the `recurrence` lines of an event whose first instance is `first`.
pub(crate) fn parse(lines: &[String], first: &First) -> Result<Recurrence, String> {
    let mut rec = Recurrence::default();
    for line in lines {
        let (head, value) = line
            .split_once(':')
            .ok_or_else(|| format!("no ':' in {line:?}"))?;
        let mut params = head.split(';');
        let name = params.next().unwrap_or("").to_ascii_uppercase();
        match name.as_str() {
            "RRULE" => rec.rules.push(parse_rule(value, first)?),
            "EXDATE" | "RDATE" => {
                let mut tz = first.tz;
                let mut is_date = false;
                for p in params {
                    match p.split_once('=') {
                        Some((k, v)) if k.eq_ignore_ascii_case("TZID") => {
                            tz = v.parse().map_err(|_| format!("unknown TZID {v:?}"))?;
                        }
                        Some((k, v)) if k.eq_ignore_ascii_case("VALUE") => {
                            is_date = v.eq_ignore_ascii_case("DATE");
                        }
                        _ => return Err(format!("unsupported parameter {p:?}")),
                    }
                }
                for v in value.split(',') {
                    let spec = parse_date_spec(v.trim(), tz, is_date)?;
                    if name == "EXDATE" {
                        rec.exdates.push(spec);
                    } else {
                        rec.rdates.push(spec);
                    }
                }
            }
            _ => return Err(format!("unsupported recurrence line {line:?}")),
        }
    }
    if rec.rules.is_empty() && rec.rdates.is_empty() {
        return Err("a recurrence needs an RRULE or RDATE".into());
    }
    Ok(rec)
}

fn parse_date_spec(v: &str, tz: Tz, is_date: bool) -> Result<DateSpec, String> {
    if is_date || v.len() == 8 {
        return NaiveDate::parse_from_str(v, "%Y%m%d")
            .map(DateSpec::Date)
            .map_err(|_| format!("bad date {v:?}"));
    }
    if let Some(utc) = v.strip_suffix('Z') {
        return NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S")
            .map(|t| DateSpec::Instant(t.and_utc()))
            .map_err(|_| format!("bad date-time {v:?}"));
    }
    NaiveDateTime::parse_from_str(v, "%Y%m%dT%H%M%S")
        .map(|t| DateSpec::Instant(local_to_utc(t, tz)))
        .map_err(|_| format!("bad date-time {v:?}"))
}

fn parse_weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "MO" => Weekday::Mon,
        "TU" => Weekday::Tue,
        "WE" => Weekday::Wed,
        "TH" => Weekday::Thu,
        "FR" => Weekday::Fri,
        "SA" => Weekday::Sat,
        "SU" => Weekday::Sun,
        _ => return None,
    })
}

fn parse_rule(value: &str, first: &First) -> Result<Rule, String> {
    let mut rule = Rule {
        freq: Freq::Daily,
        interval: 1,
        count: None,
        until: None,
        by_day: Vec::new(),
        by_month_day: Vec::new(),
        by_month: Vec::new(),
    };
    let mut freq = None;
    for part in value.split(';').filter(|p| !p.is_empty()) {
        let (k, v) = part
            .split_once('=')
            .ok_or_else(|| format!("bad rule part {part:?}"))?;
        match k.to_ascii_uppercase().as_str() {
            "FREQ" => {
                freq = Some(match v {
                    "DAILY" => Freq::Daily,
                    "WEEKLY" => Freq::Weekly,
                    "MONTHLY" => Freq::Monthly,
                    "YEARLY" => Freq::Yearly,
                    _ => return Err(format!("unsupported FREQ {v:?}")),
                })
            }
            "INTERVAL" => {
                rule.interval = v.parse().ok().filter(|n| *n >= 1).ok_or("bad INTERVAL")?
            }
            "COUNT" => rule.count = Some(v.parse().ok().filter(|n| *n >= 1).ok_or("bad COUNT")?),
            "UNTIL" => rule.until = Some(parse_date_spec(v, first.tz, false)?),
            "WKST" => {
                parse_weekday(v).ok_or("bad WKST")?;
            }
            "BYDAY" => {
                for d in v.split(',') {
                    let split = d.len().saturating_sub(2);
                    let (ord, wd) = d.split_at(split);
                    let wd = parse_weekday(wd).ok_or_else(|| format!("bad BYDAY {d:?}"))?;
                    let ord = if ord.is_empty() {
                        None
                    } else {
                        Some(
                            ord.trim_start_matches('+')
                                .parse::<i32>()
                                .ok()
                                .filter(|n| *n != 0 && n.abs() <= 53)
                                .ok_or_else(|| format!("bad BYDAY {d:?}"))?,
                        )
                    };
                    rule.by_day.push((ord, wd));
                }
            }
            "BYMONTHDAY" => {
                for d in v.split(',') {
                    rule.by_month_day.push(
                        d.parse()
                            .ok()
                            .filter(|n: &i32| *n != 0 && n.abs() <= 31)
                            .ok_or("bad BYMONTHDAY")?,
                    );
                }
            }
            "BYMONTH" => {
                for m in v.split(',') {
                    rule.by_month.push(
                        m.parse()
                            .ok()
                            .filter(|n| (1..=12).contains(n))
                            .ok_or("bad BYMONTH")?,
                    );
                }
            }
            other => return Err(format!("unsupported rule part {other:?}")),
        }
    }
    rule.freq = freq.ok_or("FREQ is required")?;
    if rule.count.is_some() && rule.until.is_some() {
        return Err("COUNT and UNTIL are exclusive".into());
    }
    let ordinals = rule.by_day.iter().any(|(o, _)| o.is_some());
    if ordinals && rule.freq != Freq::Monthly {
        return Err("BYDAY ordinals are supported with FREQ=MONTHLY only".into());
    }
    if rule.freq == Freq::Yearly && !rule.by_day.is_empty() {
        return Err("BYDAY with FREQ=YEARLY is not supported".into());
    }
    Ok(rule)
}

fn add_months(year: i32, month: u32, add: i64) -> (i32, u32) {
    let total = year as i64 * 12 + (month as i64 - 1) + add;
    (
        (total.div_euclid(12)) as i32,
        (total.rem_euclid(12) + 1) as u32,
    )
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let (ny, nm) = add_months(year, month, 1);
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map(|d| d.day())
        .unwrap_or(28)
}

fn month_day(year: i32, month: u32, day: i32) -> Option<NaiveDate> {
    let dim = days_in_month(year, month) as i32;
    let d = if day > 0 { day } else { dim + 1 + day };
    if d < 1 || d > dim {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, d as u32)
}

/// The candidate dates of period `k` of a rule, ascending.
fn period_dates(rule: &Rule, start: NaiveDate, k: i64) -> Vec<NaiveDate> {
    let step = rule.interval as i64 * k;
    let mut dates: Vec<NaiveDate> = match rule.freq {
        Freq::Daily => {
            let d = start + Duration::days(step);
            let ok_day =
                rule.by_day.is_empty() || rule.by_day.iter().any(|(_, w)| *w == d.weekday());
            let ok_md = rule.by_month_day.is_empty()
                || rule
                    .by_month_day
                    .iter()
                    .any(|md| month_day(d.year(), d.month(), *md) == Some(d));
            if ok_day && ok_md { vec![d] } else { vec![] }
        }
        Freq::Weekly => {
            let monday = start - Duration::days(start.weekday().num_days_from_monday() as i64)
                + Duration::weeks(step);
            let days: Vec<Weekday> = if rule.by_day.is_empty() {
                vec![start.weekday()]
            } else {
                rule.by_day.iter().map(|(_, w)| *w).collect()
            };
            days.iter()
                .map(|w| monday + Duration::days(w.num_days_from_monday() as i64))
                .collect()
        }
        Freq::Monthly => {
            let (y, m) = add_months(start.year(), start.month(), step);
            if !rule.by_month_day.is_empty() {
                rule.by_month_day
                    .iter()
                    .filter_map(|md| month_day(y, m, *md))
                    .collect()
            } else if !rule.by_day.is_empty() {
                let mut out = Vec::new();
                for (ord, wd) in &rule.by_day {
                    let all: Vec<NaiveDate> = (1..=days_in_month(y, m))
                        .filter_map(|d| NaiveDate::from_ymd_opt(y, m, d))
                        .filter(|d| d.weekday() == *wd)
                        .collect();
                    match ord {
                        None => out.extend(all),
                        Some(n) if *n > 0 => out.extend(all.get(*n as usize - 1)),
                        Some(n) => {
                            let idx = all.len() as i32 + n;
                            if idx >= 0 {
                                out.extend(all.get(idx as usize));
                            }
                        }
                    }
                }
                out
            } else {
                month_day(y, m, start.day() as i32).into_iter().collect()
            }
        }
        Freq::Yearly => {
            let y = start.year() + step as i32;
            let months = if rule.by_month.is_empty() {
                vec![start.month()]
            } else {
                rule.by_month.clone()
            };
            let days = if rule.by_month_day.is_empty() {
                vec![start.day() as i32]
            } else {
                rule.by_month_day.clone()
            };
            months
                .iter()
                .flat_map(|m| days.iter().filter_map(move |d| month_day(y, *m, *d)))
                .collect()
        }
    };
    if !rule.by_month.is_empty() && rule.freq != Freq::Yearly {
        dates.retain(|d| rule.by_month.contains(&d.month()));
    }
    dates.sort();
    dates.dedup();
    dates
}

impl Recurrence {
    /// Occurrences starting before `horizon`, ascending, at most `max`.
    pub(crate) fn occurrences(
        &self,
        first: &First,
        horizon: DateTime<Utc>,
        max: usize,
    ) -> Vec<Occurrence> {
        let time = first.local.time();
        let make = |date: NaiveDate| -> Occurrence {
            let start = if first.all_day {
                local_to_utc(date.and_time(NaiveTime::MIN), first.tz)
            } else {
                local_to_utc(date.and_time(time), first.tz)
            };
            Occurrence {
                start,
                date,
                all_day: first.all_day,
            }
        };
        let mut all: Vec<Occurrence> = Vec::new();
        let first_occ = make(first.local.date());
        for rule in &self.rules {
            let mut produced = 0u32;
            let mut periods = 0i64;
            'periods: while periods < 200_000 {
                for date in period_dates(rule, first.local.date(), periods) {
                    if date < first.local.date() {
                        continue;
                    }
                    let occ = make(date);
                    let past_until = match rule.until {
                        Some(DateSpec::Instant(u)) => occ.start > u,
                        Some(DateSpec::Date(u)) => date > u,
                        None => false,
                    };
                    if past_until || occ.start >= horizon || all.len() > max * 2 {
                        break 'periods;
                    }
                    if rule.count.is_some_and(|c| produced >= c) {
                        break 'periods;
                    }
                    produced += 1;
                    all.push(occ);
                }
                periods += 1;
            }
        }
        if first_occ.start < horizon {
            all.push(first_occ);
        }
        for r in &self.rdates {
            let occ = match *r {
                DateSpec::Date(d) => make(d),
                DateSpec::Instant(t) => {
                    let local = t.with_timezone(&first.tz).naive_local();
                    if first.all_day {
                        make(local.date())
                    } else {
                        Occurrence {
                            start: t,
                            date: local.date(),
                            all_day: false,
                        }
                    }
                }
            };
            if occ.start < horizon {
                all.push(occ);
            }
        }
        all.sort_by_key(|o| o.start);
        all.dedup_by_key(|o| o.start);
        all.retain(|o| {
            !self.exdates.iter().any(|x| match *x {
                DateSpec::Instant(t) => {
                    if o.all_day {
                        t.with_timezone(&first.tz).date_naive() == o.date
                    } else {
                        t == o.start
                    }
                }
                DateSpec::Date(d) => d == o.date,
            })
        });
        all.truncate(max);
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(local: &str, tz: Tz) -> First {
        First {
            local: NaiveDateTime::parse_from_str(local, "%Y-%m-%dT%H:%M").unwrap(),
            tz,
            all_day: false,
        }
    }

    fn far() -> DateTime<Utc> {
        "2030-01-01T00:00:00Z".parse().unwrap()
    }

    fn ids(rec: &Recurrence, f: &First) -> Vec<String> {
        rec.occurrences(f, far(), 100)
            .iter()
            .map(|o| o.id_suffix())
            .collect()
    }

    #[test]
    fn a_weekly_paris_series_keeps_its_wall_clock_time_across_dst() {
        // notes §4: instance ids carry the original start in UTC.
        let f = first("2026-10-19T09:00", chrono_tz::Europe::Paris);
        let rec = parse(
            &["RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20261102T225959Z".into()],
            &f,
        )
        .unwrap();
        assert_eq!(
            ids(&rec, &f),
            ["20261019T070000Z", "20261026T080000Z", "20261102T080000Z"],
            "09:00 Paris is 07:00Z in summer time and 08:00Z after 25 October"
        );
    }

    #[test]
    fn until_count_interval_and_byday_lists_are_honoured() {
        let f = first("2026-11-02T09:00", chrono_tz::UTC);
        let rec = parse(&["RRULE:FREQ=WEEKLY;BYDAY=MO,TH;COUNT=3".into()], &f).unwrap();
        assert_eq!(
            ids(&rec, &f),
            ["20261102T090000Z", "20261105T090000Z", "20261109T090000Z"]
        );
        let rec = parse(&["RRULE:FREQ=DAILY;INTERVAL=2;UNTIL=20261106".into()], &f).unwrap();
        assert_eq!(
            ids(&rec, &f),
            ["20261102T090000Z", "20261104T090000Z", "20261106T090000Z"]
        );
    }

    #[test]
    fn exdates_may_come_first_and_hold_several_values() {
        // notes §4 [3p]: EXDATE before RRULE, comma-separated, with TZID.
        let f = first("2025-12-12T18:00", chrono_tz::Asia::Seoul);
        let rec = parse(
            &[
                "EXDATE;TZID=Asia/Seoul:20251219T180000,20251226T180000".into(),
                "RRULE:FREQ=WEEKLY;BYDAY=FR;COUNT=4".into(),
            ],
            &f,
        )
        .unwrap();
        assert_eq!(ids(&rec, &f), ["20251212T090000Z", "20260102T090000Z"]);
    }

    #[test]
    fn monthly_rules_with_ordinals_and_month_days() {
        let f = first("2026-01-30T10:00", chrono_tz::UTC);
        let rec = parse(&["RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=3".into()], &f).unwrap();
        assert_eq!(
            ids(&rec, &f),
            ["20260130T100000Z", "20260227T100000Z", "20260327T100000Z"]
        );
        let f = first("2026-01-31T10:00", chrono_tz::UTC);
        let rec = parse(&["RRULE:FREQ=MONTHLY;COUNT=3".into()], &f).unwrap();
        assert_eq!(
            ids(&rec, &f),
            ["20260131T100000Z", "20260331T100000Z", "20260531T100000Z"],
            "months without a 31st are skipped, as RFC 5545 says"
        );
    }

    #[test]
    fn all_day_series_use_date_suffixes() {
        let f = First {
            all_day: true,
            ..first("2026-12-24T00:00", chrono_tz::Europe::Paris)
        };
        let rec = parse(&["RRULE:FREQ=YEARLY;COUNT=2".into()], &f).unwrap();
        assert_eq!(ids(&rec, &f), ["20261224", "20271224"]);
    }

    #[test]
    fn unsupported_rules_are_refused() {
        let f = first("2026-11-02T09:00", chrono_tz::UTC);
        for bad in [
            "RRULE:FREQ=HOURLY",
            "RRULE:FREQ=WEEKLY;BYSETPOS=1",
            "EXRULE:FREQ=DAILY",
            "RRULE:INTERVAL=2",
            "RRULE:FREQ=DAILY;COUNT=2;UNTIL=20261201",
        ] {
            assert!(parse(&[bad.into()], &f).is_err(), "{bad}");
        }
    }

    #[test]
    fn an_unbounded_series_stops_at_the_horizon() {
        let f = first("2026-11-02T09:00", chrono_tz::UTC);
        let rec = parse(&["RRULE:FREQ=DAILY".into()], &f).unwrap();
        let horizon: DateTime<Utc> = "2026-11-05T00:00:00Z".parse().unwrap();
        assert_eq!(rec.occurrences(&f, horizon, 100).len(), 3);
        assert_eq!(rec.occurrences(&f, far(), 10).len(), 10, "and at the cap");
    }
}
