//! A practice's availability configuration as one document — the file support staff write
//! (TOML, or JSON) and the app imports and exports. docs/templates.md documents the format.
//!
//! The core parses text; reading the file is the caller's business (no IO here).

use super::exceptions::Exceptions;
use super::holidays::{Holiday, HolidayOverride, HolidayRegion, holiday_on};
use super::motif::AppointmentType;
use super::template::WeeklyTemplate;
use super::text;
use chrono::NaiveDate;
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Everything that decides which slots a practice offers.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PracticeConfig {
    /// The calendar's IANA time zone; all local dates and times are in it. Default `Europe/Paris`.
    #[serde(default = "paris", with = "text::zone")]
    #[cfg_attr(feature = "ts", ts(as = "String"))]
    pub time_zone: Tz,
    /// The appointment types (*motifs*).
    #[serde(default)]
    pub appointment_types: Vec<AppointmentType>,
    /// The weekly templates; several may apply on the same day.
    #[serde(default)]
    pub templates: Vec<WeeklyTemplate>,
    /// Closures and one-off extra openings.
    #[serde(default)]
    pub exceptions: Exceptions,
    /// Public holidays: which ones, whether they close the practice, where it opens anyway.
    #[serde(default)]
    pub holidays: HolidayPolicy,
}

fn paris() -> Tz {
    chrono_tz::Europe::Paris
}

impl Default for PracticeConfig {
    fn default() -> Self {
        Self {
            time_zone: paris(),
            appointment_types: Vec::new(),
            templates: Vec::new(),
            exceptions: Exceptions::default(),
            holidays: HolidayPolicy::default(),
        }
    }
}

/// How public holidays affect the practice.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct HolidayPolicy {
    /// Which holidays: `metropole` (default) or `alsace-moselle`.
    #[serde(default)]
    pub region: HolidayRegion,
    /// Whether holidays close the weekly templates' ranges (default `true`). Extra openings on a
    /// holiday are always open.
    #[serde(default = "yes")]
    pub closed: bool,
    /// Holidays on which the practice opens anyway: a date (`2027-05-17`) or a holiday id for
    /// every year (`lundi-de-pentecote`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub overrides: Vec<HolidayOverride>,
}

fn yes() -> bool {
    true
}

impl Default for HolidayPolicy {
    fn default() -> Self {
        Self {
            region: HolidayRegion::default(),
            closed: true,
            overrides: Vec::new(),
        }
    }
}

impl HolidayPolicy {
    /// The holiday that closes the weekly ranges of `date`, if any: a holiday of the region,
    /// holidays closing, and no override opening it.
    pub fn closing(&self, date: NaiveDate) -> Option<Holiday> {
        if !self.closed {
            return None;
        }
        holiday_on(date, self.region).filter(|&h| !self.overrides.iter().any(|o| o.opens(date, h)))
    }
}

/// The most weekly ranges (all templates together) a configuration read from a file may hold:
/// a practice needs a few dozen; past it, [`PracticeConfig::parse`] refuses the file.
pub const MAX_WEEKLY_RANGES: usize = 10_000;

/// The most extra openings a configuration read from a file may hold (years of them, several a
/// day).
pub const MAX_EXTRA_OPENINGS: usize = 20_000;

/// The most closures a configuration read from a file may hold (a closed day each for five years):
/// checking which closure hides an extra opening compares an opening with the closures of its date.
pub const MAX_CLOSURES: usize = 2_000;

impl PracticeConfig {
    /// The appointment type with this id.
    pub fn appointment_type(&self, id: &str) -> Option<&AppointmentType> {
        self.appointment_types.iter().find(|t| t.id == id)
    }

    /// Reads a configuration written in `format`. Errors name the line and the field.
    /// A text over [`crate::import::MAX_IMPORT_BYTES`] is refused before any parsing.
    pub fn parse(input: &str, format: FileFormat) -> Result<Self, ConfigError> {
        if let Err(too_large) = crate::import::check_size(input.len() as u64) {
            return Err(ConfigError {
                format,
                line: None,
                column: None,
                field: None,
                message: too_large.to_string(),
            });
        }
        let config = match format {
            FileFormat::Toml => from_toml(input),
            FileFormat::Json => from_json(input),
        }?;
        config
            .check_counts()
            .map_err(|(field, message)| ConfigError {
                format,
                line: None,
                column: None,
                field: Some(field.to_owned()),
                message,
            })?;
        Ok(config)
    }

    /// Refuses more weekly ranges, extra openings or closures than [`MAX_WEEKLY_RANGES`],
    /// [`MAX_EXTRA_OPENINGS`], [`MAX_CLOSURES`]: the field and a French message with the limit.
    fn check_counts(&self) -> Result<(), (&'static str, String)> {
        let ranges: usize = self.templates.iter().map(|t| t.ranges.len()).sum();
        let counts = [
            (
                "templates.ranges",
                "plages horaires hebdomadaires",
                ranges,
                MAX_WEEKLY_RANGES,
            ),
            (
                "exceptions.openings",
                "ouvertures exceptionnelles",
                self.exceptions.openings.len(),
                MAX_EXTRA_OPENINGS,
            ),
            (
                "exceptions.closures",
                "fermetures",
                self.exceptions.closures.len(),
                MAX_CLOSURES,
            ),
        ];
        match counts.into_iter().find(|&(_, _, n, max)| n > max) {
            Some((field, what, n, max)) => Err((
                field,
                format!("trop de {what} : {n}, la limite est de {max} par configuration"),
            )),
            None => Ok(()),
        }
    }

    /// Writes the configuration in `format` (JSON pretty-printed).
    pub fn to_text(&self, format: FileFormat) -> Result<String, ConfigError> {
        let written = match format {
            FileFormat::Toml => toml::to_string_pretty(self).map_err(|e| e.to_string()),
            FileFormat::Json => serde_json::to_string_pretty(self).map_err(|e| e.to_string()),
        };
        written.map_err(|message| ConfigError {
            format,
            line: None,
            column: None,
            field: None,
            message,
        })
    }
}

/// The two file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// TOML (the documented one: it allows comments).
    Toml,
    /// JSON (what the app exports).
    Json,
}

impl FileFormat {
    /// The format of a file, by its name's extension (`.toml`, `.json`), else by its first
    /// character (`{` is JSON, anything else TOML).
    pub fn detect(file_name: &str, input: &str) -> Self {
        let lower = file_name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Self::Json
        } else if lower.ends_with(".toml") || !input.trim_start().starts_with('{') {
            Self::Toml
        } else {
            Self::Json
        }
    }

    /// `TOML` or `JSON`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Toml => "TOML",
            Self::Json => "JSON",
        }
    }
}

/// A configuration that could not be read: where, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    /// The format being read.
    pub format: FileFormat,
    /// 1-based line of the problem, when known.
    pub line: Option<usize>,
    /// 1-based column of the problem, when known.
    pub column: Option<usize>,
    /// The field, as a path from the top (`appointmentTypes[0].durationMinutes`), when known.
    pub field: Option<String>,
    /// What is wrong (the parser's words, in French for dates, times, zones and holidays).
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fichier {} illisible", self.format.name())?;
        if let Some(line) = self.line {
            write!(f, ", ligne {line}")?;
        }
        if let Some(column) = self.column {
            write!(f, ", colonne {column}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ", champ {field}")?;
        }
        write!(f, " : {}", self.message)
    }
}

fn field(path: &serde_path_to_error::Path) -> Option<String> {
    let path = path.to_string();
    (path != "." && !path.is_empty()).then_some(path)
}

fn from_json(input: &str) -> Result<PracticeConfig, ConfigError> {
    let located = |inner: serde_json::Error, field: Option<String>| {
        let suffix = format!(" at line {} column {}", inner.line(), inner.column());
        let message = inner.to_string();
        ConfigError {
            format: FileFormat::Json,
            line: Some(inner.line()).filter(|&l| l > 0),
            column: Some(inner.column()).filter(|&c| c > 0),
            field,
            message: message.strip_suffix(&suffix).unwrap_or(&message).to_owned(),
        }
    };
    let mut de = serde_json::Deserializer::from_str(input);
    let config = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let field = field(e.path());
        located(e.into_inner(), field)
    })?;
    de.end().map_err(|e| located(e, None))?;
    Ok(config)
}

fn from_toml(input: &str) -> Result<PracticeConfig, ConfigError> {
    let located = |e: toml::de::Error, field: Option<String>| {
        let (line, column) = match e.span() {
            Some(span) => {
                let before = &input[..span.start.min(input.len())];
                let line = before.matches('\n').count() + 1;
                let column = before.chars().rev().take_while(|&c| c != '\n').count() + 1;
                (Some(line), Some(column))
            }
            None => (None, None),
        };
        ConfigError {
            format: FileFormat::Toml,
            line,
            column,
            field,
            message: e.message().trim().to_owned(),
        }
    };
    let de = toml::Deserializer::parse(input).map_err(|e| located(e, None))?;
    serde_path_to_error::deserialize(de).map_err(|e| {
        let field = field(e.path());
        located(e.into_inner(), field)
    })
}

#[cfg(test)]
mod tests;
