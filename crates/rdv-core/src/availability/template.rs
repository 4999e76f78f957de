//! Weekly templates: the practitioner's habits (« lundi et jeudi 9h–12h30 et 14h–19h »), with a
//! validity period and, for practices that alternate, odd or even ISO weeks only.

use super::text;
use chrono::{Datelike, NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};

/// A day of the week, written in French in files (`lundi`), English accepted (`monday`).
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Day {
    /// Lundi.
    #[serde(rename = "lundi", alias = "monday")]
    Monday,
    /// Mardi.
    #[serde(rename = "mardi", alias = "tuesday")]
    Tuesday,
    /// Mercredi.
    #[serde(rename = "mercredi", alias = "wednesday")]
    Wednesday,
    /// Jeudi.
    #[serde(rename = "jeudi", alias = "thursday")]
    Thursday,
    /// Vendredi.
    #[serde(rename = "vendredi", alias = "friday")]
    Friday,
    /// Samedi.
    #[serde(rename = "samedi", alias = "saturday")]
    Saturday,
    /// Dimanche.
    #[serde(rename = "dimanche", alias = "sunday")]
    Sunday,
}

impl Day {
    /// Monday to Sunday, French week order.
    pub const ALL: [Self; 7] = [
        Self::Monday,
        Self::Tuesday,
        Self::Wednesday,
        Self::Thursday,
        Self::Friday,
        Self::Saturday,
        Self::Sunday,
    ];

    /// The day `date` falls on.
    pub fn of(date: NaiveDate) -> Self {
        match date.weekday() {
            Weekday::Mon => Self::Monday,
            Weekday::Tue => Self::Tuesday,
            Weekday::Wed => Self::Wednesday,
            Weekday::Thu => Self::Thursday,
            Weekday::Fri => Self::Friday,
            Weekday::Sat => Self::Saturday,
            Weekday::Sun => Self::Sunday,
        }
    }

    /// The French name, lower case (`lundi`).
    pub const fn name_fr(self) -> &'static str {
        match self {
            Self::Monday => "lundi",
            Self::Tuesday => "mardi",
            Self::Wednesday => "mercredi",
            Self::Thursday => "jeudi",
            Self::Friday => "vendredi",
            Self::Saturday => "samedi",
            Self::Sunday => "dimanche",
        }
    }

    /// The English name, capitalised (`Monday`).
    pub const fn name_en(self) -> &'static str {
        match self {
            Self::Monday => "Monday",
            Self::Tuesday => "Tuesday",
            Self::Wednesday => "Wednesday",
            Self::Thursday => "Thursday",
            Self::Friday => "Friday",
            Self::Saturday => "Saturday",
            Self::Sunday => "Sunday",
        }
    }
}

/// Which weeks a template applies to, by ISO 8601 week number (weeks start on Monday; week 1
/// holds the year's first Thursday).
///
/// Note: a year with 53 ISO weeks (2026, 2032…) ends with week 53, odd, followed by week 1, odd:
/// an odd-week template then applies two weeks in a row.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum WeekParity {
    /// Every week.
    #[default]
    #[serde(rename = "toutes", alias = "every")]
    Every,
    /// Odd ISO weeks (1, 3, 5…).
    #[serde(rename = "impaires", alias = "odd")]
    Odd,
    /// Even ISO weeks (2, 4, 6…).
    #[serde(rename = "paires", alias = "even")]
    Even,
}

impl WeekParity {
    /// Whether `date`'s ISO week is one of these weeks.
    pub fn includes(self, date: NaiveDate) -> bool {
        let odd = date.iso_week().week() % 2 == 1;
        match self {
            Self::Every => true,
            Self::Odd => odd,
            Self::Even => !odd,
        }
    }

    /// Whether some week is in both (only odd and even exclude each other).
    pub fn meets(self, other: Self) -> bool {
        !matches!(
            (self, other),
            (Self::Odd, Self::Even) | (Self::Even, Self::Odd)
        )
    }
}

/// Reads a list of days keeping the first mention of each: a file may list a day many times
/// (`["lundi", "lundi", …]` 600,000 times fits in the 4 MiB import cap), which the checks and the
/// slot engine would otherwise walk each time; at most 7 days are kept.
fn distinct_days<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Day>, D::Error> {
    let listed = Vec::<Day>::deserialize(d)?;
    let mut days = Vec::with_capacity(listed.len().min(7));
    for day in listed {
        if !days.contains(&day) {
            days.push(day);
        }
    }
    Ok(days)
}

/// One opening range of a weekly template: the same local times on each of `days`.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WeeklyRange {
    /// The days it repeats on (read from a file, each once: see [`distinct_days`]).
    #[serde(deserialize_with = "distinct_days")]
    pub days: Vec<Day>,
    /// Local start time (`HH:MM`).
    #[serde(with = "text::time")]
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub start: NaiveTime,
    /// Local end time (`HH:MM`), after the start on the same day.
    #[serde(with = "text::time")]
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub end: NaiveTime,
    /// The appointment type ids it is open for. Absent: every type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub types: Option<Vec<String>>,
}

impl WeeklyRange {
    /// Whether the range is open for appointment type `type_id`.
    pub fn offers(&self, type_id: &str) -> bool {
        offers(self.types.as_deref(), type_id)
    }
}

/// Whether a `types` filter (absent = every type) lets `type_id` through.
pub(crate) fn offers(types: Option<&[String]>, type_id: &str) -> bool {
    types.is_none_or(|ids| ids.iter().any(|id| id == type_id))
}

/// A weekly template: ranges repeated every (or every other) week over a validity period.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WeeklyTemplate {
    /// Stable id (later written as `rdv.template` on the availability events it produces).
    pub id: String,
    /// A name for people (« Semaine A »).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub name: String,
    /// First day it applies, **inclusive**. Absent: since always.
    #[serde(
        default,
        with = "text::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub valid_from: Option<NaiveDate>,
    /// Last day it applies, **inclusive** (« jusqu'au 30 juin »). Absent: for ever.
    #[serde(
        default,
        with = "text::opt_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub valid_until: Option<NaiveDate>,
    /// Every week, or odd / even ISO weeks only.
    #[serde(default)]
    pub weeks: WeekParity,
    /// The opening ranges.
    #[serde(default)]
    pub ranges: Vec<WeeklyRange>,
}

impl WeeklyTemplate {
    /// Whether the template applies on `date`: inside its validity period, in one of its weeks.
    pub fn applies_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|from| date >= from)
            && self.valid_until.is_none_or(|until| date <= until)
            && self.weeks.includes(date)
    }

    /// The ranges that open on `date` (the template applies and the range repeats on that day).
    pub fn ranges_on(&self, date: NaiveDate) -> impl Iterator<Item = &WeeklyRange> {
        let day = Day::of(date);
        let applies = self.applies_on(date);
        self.ranges
            .iter()
            .filter(move |r| applies && r.days.contains(&day))
    }

    /// The name for messages: the name, or the id when there is none.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn template(weeks: WeekParity) -> WeeklyTemplate {
        WeeklyTemplate {
            id: "t".into(),
            name: String::new(),
            valid_from: Some(day("2026-09-01")),
            valid_until: Some(day("2027-06-30")),
            weeks,
            ranges: vec![WeeklyRange {
                days: vec![Day::Monday, Day::Thursday],
                start: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
                end: NaiveTime::from_hms_opt(12, 30, 0).unwrap(),
                types: Some(vec!["consultation".into()]),
            }],
        }
    }

    #[test]
    fn the_validity_period_includes_both_its_first_and_last_days() {
        let t = template(WeekParity::Every);
        assert!(
            !t.applies_on(day("2026-08-31")),
            "the day before valid_from"
        );
        assert!(t.applies_on(day("2026-09-01")), "valid_from is inclusive");
        assert!(t.applies_on(day("2027-06-30")), "valid_until is inclusive");
        assert!(
            !t.applies_on(day("2027-07-01")),
            "the day after valid_until"
        );
    }

    #[test]
    fn odd_and_even_weeks_follow_iso_week_numbers() {
        // Monday 2026-11-23 is in ISO week 48, Monday 2026-11-30 in week 49.
        let (even_week, odd_week) = (day("2026-11-23"), day("2026-11-30"));
        assert!(template(WeekParity::Even).applies_on(even_week));
        assert!(!template(WeekParity::Even).applies_on(odd_week));
        assert!(template(WeekParity::Odd).applies_on(odd_week));
        assert!(!template(WeekParity::Odd).applies_on(even_week));
    }

    #[test]
    fn after_a_53_week_year_odd_weeks_come_twice_in_a_row() {
        // 2026 has 53 ISO weeks: Monday 2026-12-28 is week 53, Monday 2027-01-04 week 1.
        assert!(WeekParity::Odd.includes(day("2026-12-28")));
        assert!(WeekParity::Odd.includes(day("2027-01-04")));
    }

    #[test]
    fn a_range_opens_only_on_its_days_for_its_types() {
        let t = template(WeekParity::Every);
        assert_eq!(t.ranges_on(day("2026-11-26")).count(), 1, "a Thursday");
        assert_eq!(t.ranges_on(day("2026-11-27")).count(), 0, "a Friday");
        let range = &t.ranges[0];
        assert!(range.offers("consultation") && !range.offers("bilan"));
        assert!(
            WeeklyRange {
                types: None,
                ..range.clone()
            }
            .offers("bilan"),
            "absent = every type"
        );
    }

    #[test]
    fn only_odd_and_even_weeks_never_meet() {
        use WeekParity::*;
        assert!(!Odd.meets(Even) && !Even.meets(Odd));
        assert!(Every.meets(Odd) && Odd.meets(Odd) && Even.meets(Every));
    }

    #[test]
    fn a_day_listed_twice_is_read_once() {
        let range: WeeklyRange = serde_json::from_str(
            r#"{"days":["lundi","jeudi","monday","lundi"],"start":"09:00","end":"12:00"}"#,
        )
        .unwrap();
        assert_eq!(range.days, vec![Day::Monday, Day::Thursday]);
    }

    #[test]
    fn days_are_written_in_french_and_read_in_french_or_english() {
        let days: Vec<Day> = serde_json::from_str(r#"["lundi","thursday"]"#).unwrap();
        assert_eq!(days, vec![Day::Monday, Day::Thursday]);
        assert_eq!(
            serde_json::to_string(&days).unwrap(),
            r#"["lundi","jeudi"]"#
        );
    }
}
