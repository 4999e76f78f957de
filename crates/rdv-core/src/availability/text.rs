//! The text forms used in practice configuration files: dates `AAAA-MM-JJ`, local times `HH:MM`
//! (or the French `9h30`, `14h`), IANA zone names — with parse errors that say what was expected,
//! in French, since support staff read them.

use chrono::{NaiveDate, NaiveTime, Timelike};
use chrono_tz::Tz;

/// Parses a date written `AAAA-MM-JJ` (e.g. `2026-03-29`).
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("date invalide « {s} » : attendu AAAA-MM-JJ, par exemple 2026-03-29"))
}

/// Parses a local time written `HH:MM` (`09:00`, `9:00`) or the French way (`9h`, `9h30`, `14 h 30`).
/// Seconds are not accepted: availability is planned to the minute.
pub fn parse_time(s: &str) -> Result<NaiveTime, String> {
    let invalid = || {
        format!("heure invalide « {s} » : attendu HH:MM sur 24 heures, par exemple 09:00 ou 14h30")
    };
    let compact: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    let (hours, minutes) = compact
        .split_once(':')
        .or_else(|| compact.split_once(['h', 'H']))
        .ok_or_else(invalid)?;
    let minutes = if minutes.is_empty() && !compact.contains(':') {
        "0"
    } else {
        minutes
    };
    let all_digits =
        |p: &str| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(hours) || !all_digits(minutes) || (compact.contains(':') && minutes.len() != 2) {
        return Err(invalid());
    }
    let (h, m) = (
        hours.parse().map_err(|_| invalid())?,
        minutes.parse().map_err(|_| invalid())?,
    );
    NaiveTime::from_hms_opt(h, m, 0).ok_or_else(invalid)
}

/// Formats a local time as `HH:MM`.
pub fn format_time(t: NaiveTime) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// Parses an IANA time-zone name (`Europe/Paris`).
pub fn parse_zone(s: &str) -> Result<Tz, String> {
    s.trim().parse().map_err(|_| {
        format!("fuseau horaire inconnu « {s} » : attendu un nom IANA, par exemple Europe/Paris")
    })
}

/// `#[serde(with = "text::date")]` for a [`NaiveDate`] written `AAAA-MM-JJ`.
pub mod date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    /// Writes `AAAA-MM-JJ`.
    pub fn serialize<S: Serializer>(d: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&d.format("%Y-%m-%d"))
    }

    /// Reads `AAAA-MM-JJ`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_date(&s).map_err(D::Error::custom)
    }
}

/// `#[serde(with = "text::opt_date")]` for an optional [`NaiveDate`]; use with `default`.
pub mod opt_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    /// Writes `AAAA-MM-JJ` (fields holding `None` should be skipped).
    pub fn serialize<S: Serializer>(d: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => super::date::serialize(d, s),
            None => s.serialize_none(),
        }
    }

    /// Reads `AAAA-MM-JJ`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_date(&s).map(Some).map_err(D::Error::custom)
    }
}

/// `#[serde(with = "text::time")]` for a local [`NaiveTime`] written `HH:MM`.
pub mod time {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    /// Writes `HH:MM`.
    pub fn serialize<S: Serializer>(t: &NaiveTime, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&super::format_time(*t))
    }

    /// Reads `HH:MM`, `9h30`, `14h`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_time(&s).map_err(D::Error::custom)
    }
}

/// `#[serde(with = "text::opt_time")]` for an optional local time; use with `default`.
pub mod opt_time {
    use chrono::NaiveTime;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    /// Writes `HH:MM` (fields holding `None` should be skipped).
    pub fn serialize<S: Serializer>(t: &Option<NaiveTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => super::time::serialize(t, s),
            None => s.serialize_none(),
        }
    }

    /// Reads `HH:MM`, `9h30`, `14h`.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_time(&s).map(Some).map_err(D::Error::custom)
    }
}

/// `#[serde(with = "text::zone")]` for an IANA zone written by name.
pub mod zone {
    use chrono_tz::Tz;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    /// Writes the IANA name.
    pub fn serialize<S: Serializer>(tz: &Tz, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(tz.name())
    }

    /// Reads an IANA name.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
        let s = String::deserialize(d)?;
        super::parse_zone(&s).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn times_are_read_in_the_colon_form_and_the_french_form() {
        assert_eq!(parse_time("09:00"), Ok(hm(9, 0)));
        assert_eq!(parse_time("9:05"), Ok(hm(9, 5)));
        assert_eq!(
            parse_time("9h30"),
            Ok(hm(9, 30)),
            "French practices write 9h30"
        );
        assert_eq!(parse_time("14h"), Ok(hm(14, 0)), "and 14h for 14:00");
        assert_eq!(
            parse_time("14 h 30"),
            Ok(hm(14, 30)),
            "with or without spaces"
        );
        assert_eq!(parse_time("00:00"), Ok(hm(0, 0)));
        assert_eq!(parse_time("23:59"), Ok(hm(23, 59)));
    }

    #[test]
    fn malformed_times_are_refused_with_the_expected_form() {
        for bad in [
            "24:00", "9", "9:5", "09:00:00", "12:60", "midi", "", "-1:00", "9h300",
        ] {
            let err = parse_time(bad).expect_err(bad);
            assert!(err.contains("attendu HH:MM"), "{bad}: {err}");
        }
    }

    #[test]
    fn times_are_written_with_two_digit_hours() {
        assert_eq!(format_time(hm(9, 5)), "09:05");
    }

    #[test]
    fn dates_are_read_as_year_month_day_and_impossible_dates_refused() {
        assert_eq!(
            parse_date("2026-03-29"),
            NaiveDate::from_ymd_opt(2026, 3, 29).ok_or_else(String::new)
        );
        assert!(parse_date("2026-02-30").unwrap_err().contains("AAAA-MM-JJ"));
        assert!(
            parse_date("29/03/2026").is_err(),
            "the French display form is not the file form"
        );
    }

    #[test]
    fn zones_are_iana_names() {
        assert_eq!(parse_zone("Europe/Paris"), Ok(chrono_tz::Europe::Paris));
        assert!(
            parse_zone("Paris")
                .unwrap_err()
                .contains("fuseau horaire inconnu")
        );
    }
}
