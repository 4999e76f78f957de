//! Exceptions to the weekly habits: closures (holidays of the practice, a training day, an
//! afternoon off) and one-off extra openings.

use super::template::offers;
use super::text;
use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// The exceptions of a practice configuration.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Exceptions {
    /// Closures; a closure always wins over templates and extra openings.
    #[serde(default)]
    pub closures: Vec<Closure>,
    /// One-off extra openings.
    #[serde(default)]
    pub openings: Vec<ExtraOpening>,
}

/// A closure over a date range: whole days, or the same local time range on each day.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Closure {
    /// First closed day, inclusive.
    #[serde(with = "text::date")]
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub from: NaiveDate,
    /// Last closed day, **inclusive**. Absent: the `from` day only.
    #[serde(
        default,
        with = "text::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub until: Option<NaiveDate>,
    /// Local start of the closed time on each day; with `end`. Both absent: whole days.
    #[serde(
        default,
        with = "text::opt_time",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub start: Option<NaiveTime>,
    /// Local end of the closed time on each day; with `start`.
    #[serde(
        default,
        with = "text::opt_time",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub end: Option<NaiveTime>,
    /// The appointment types it closes. Absent: every type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub types: Option<Vec<String>>,
    /// Why (« Congés d'été »), for people.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub label: String,
}

impl Closure {
    /// A whole-day closure from `from` to `until`, inclusive, for every type.
    pub fn days(from: NaiveDate, until: NaiveDate) -> Self {
        Self {
            from,
            until: Some(until),
            start: None,
            end: None,
            types: None,
            label: String::new(),
        }
    }

    /// The last closed day.
    pub fn last_day(&self) -> NaiveDate {
        self.until.unwrap_or(self.from)
    }

    /// Whether `date` is one of the closed days.
    pub fn covers(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.last_day()
    }

    /// Whether it closes appointment type `type_id`.
    pub fn closes_type(&self, type_id: &str) -> bool {
        offers(self.types.as_deref(), type_id)
    }

    /// The closed local time range of each day, or `None` for whole days. A closure with only
    /// one of `start`/`end` (a validation problem) closes the whole days.
    pub fn time_range(&self) -> Option<(NaiveTime, NaiveTime)> {
        self.start.zip(self.end)
    }
}

/// A one-off extra opening: a date, a local time range, the types it offers.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExtraOpening {
    /// The day.
    #[serde(with = "text::date")]
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub date: NaiveDate,
    /// Local start time.
    #[serde(with = "text::time")]
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub start: NaiveTime,
    /// Local end time, after the start.
    #[serde(with = "text::time")]
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub end: NaiveTime,
    /// The appointment types it is open for. Absent: every type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub types: Option<Vec<String>>,
    /// Why (« Samedi de rattrapage »), for people.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub label: String,
}

impl ExtraOpening {
    /// Whether it is open for appointment type `type_id`.
    pub fn offers(&self, type_id: &str) -> bool {
        offers(self.types.as_deref(), type_id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_closure_covers_its_first_and_last_days() {
        let c = Closure::days(day("2026-08-01"), day("2026-08-23"));
        assert!(c.covers(day("2026-08-01")) && c.covers(day("2026-08-23")));
        assert!(!c.covers(day("2026-07-31")) && !c.covers(day("2026-08-24")));
    }

    #[test]
    fn a_closure_without_until_is_a_single_day() {
        let c: Closure =
            serde_json::from_str(r#"{"from":"2026-12-24","start":"12:00","end":"19:00"}"#).unwrap();
        assert!(c.covers(day("2026-12-24")) && !c.covers(day("2026-12-25")));
        assert_eq!(
            c.time_range(),
            Some((
                NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
                NaiveTime::from_hms_opt(19, 0, 0).unwrap()
            )),
            "an afternoon closure"
        );
    }

    #[test]
    fn a_closure_for_some_types_leaves_the_others_open() {
        let c = Closure {
            types: Some(vec!["domicile".into()]),
            ..Closure::days(day("2026-08-01"), day("2026-08-31"))
        };
        assert!(c.closes_type("domicile") && !c.closes_type("consultation"));
    }
}
