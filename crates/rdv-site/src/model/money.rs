//! Amounts in euros as exact decimals (the API sends them as strings, never floats) and months.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// An amount in euros, exact to the micro-euro (`"0.08"`, `"3.76"`, `"0.0745"`).
///
/// ```
/// use rdv_site::Euros;
/// let price: Euros = "0.08".parse().unwrap();
/// assert_eq!(price.micros(), 80_000);
/// assert_eq!(Euros::from_micros(price.micros() * 47).to_string(), "3.76");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Euros {
    micros: u64,
}

impl Euros {
    /// An amount of micro-euros.
    pub const fn from_micros(micros: u64) -> Self {
        Self { micros }
    }

    /// The amount in micro-euros.
    pub const fn micros(self) -> u64 {
        self.micros
    }
}

/// Not a decimal amount of euros (`"1,5"`, `"-1"`, more than six decimals).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an amount in euros written as a decimal (\"0.08\")")]
pub struct NotEuros;

impl FromStr for Euros {
    type Err = NotEuros;

    fn from_str(s: &str) -> Result<Self, NotEuros> {
        let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
        let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
        if whole.is_empty() || frac.len() > 6 || !digits(whole) || !digits(frac) {
            return Err(NotEuros);
        }
        let whole: u64 = whole.parse().map_err(|_| NotEuros)?;
        let frac: u64 = format!("{frac:0<6}").parse().map_err(|_| NotEuros)?;
        whole
            .checked_mul(1_000_000)
            .and_then(|w| w.checked_add(frac))
            .map(Self::from_micros)
            .ok_or(NotEuros)
    }
}

impl fmt::Display for Euros {
    /// At least two decimals, no trailing zeros beyond: `3.76`, `0.2235`, `0.00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let frac = format!("{:06}", self.micros % 1_000_000);
        let frac = frac.trim_end_matches('0');
        write!(f, "{}.{frac:0<2}", self.micros / 1_000_000)
    }
}

impl Serialize for Euros {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Euros {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// A calendar month, `YYYY-MM` on the wire.
///
/// ```
/// use rdv_site::YearMonth;
/// let m: YearMonth = "2026-11".parse().unwrap();
/// assert_eq!((m.year(), m.month()), (2026, 11));
/// assert_eq!(m.previous().to_string(), "2026-10");
/// assert_eq!(YearMonth::new(2027, 1).unwrap().previous().to_string(), "2026-12");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    year: i32,
    month: u32,
}

impl YearMonth {
    /// A month (1–12) of a year (0–9999).
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((0..=9999).contains(&year) && (1..=12).contains(&month)).then_some(Self { year, month })
    }

    /// The year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// The month, 1–12.
    pub fn month(self) -> u32 {
        self.month
    }

    /// The month before (billing is on the previous month's SMS, art. 5.2).
    pub fn previous(self) -> Self {
        if self.month == 1 {
            Self {
                year: self.year - 1,
                month: 12,
            }
        } else {
            Self {
                year: self.year,
                month: self.month - 1,
            }
        }
    }
}

/// Not `YYYY-MM`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a month written YYYY-MM")]
pub struct NotAMonth;

impl FromStr for YearMonth {
    type Err = NotAMonth;

    fn from_str(s: &str) -> Result<Self, NotAMonth> {
        let (y, m) = s.split_once('-').ok_or(NotAMonth)?;
        if y.len() != 4 || m.len() != 2 {
            return Err(NotAMonth);
        }
        Self::new(
            y.parse().map_err(|_| NotAMonth)?,
            m.parse().map_err(|_| NotAMonth)?,
        )
        .ok_or(NotAMonth)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl<'de> Deserialize<'de> for YearMonth {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_are_exact_decimals() {
        for bad in ["", ".5", "1,5", "-1", "0.1234567", "abc", "1.2.3"] {
            assert!(bad.parse::<Euros>().is_err(), "{bad}");
        }
        let p: Euros = "0.0745".parse().unwrap();
        assert_eq!(Euros::from_micros(p.micros() * 3).to_string(), "0.2235");
        assert_eq!(Euros::default().to_string(), "0.00");
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"0.0745\"");
        assert!(
            serde_json::from_str::<Euros>("0.08").is_err(),
            "a float is refused"
        );
    }

    #[test]
    fn months_are_year_dash_two_digits() {
        for bad in ["2026-13", "2026-1", "26-11", "2026/11", ""] {
            assert!(bad.parse::<YearMonth>().is_err(), "{bad}");
        }
    }
}
