//! Reading the files and arguments the commands take.

use crate::Failure;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rdv_core::availability::{Booking, Busy, FileFormat, PracticeConfig, text};
use rdv_core::google::Event;
use serde::Deserialize;
use std::path::Path;

/// Reads and parses a practice configuration (TOML or JSON, by extension or content).
pub fn config(path: &Path) -> Result<PracticeConfig, Failure> {
    let input = read(path)?;
    let format = FileFormat::detect(&path.to_string_lossy(), &input);
    PracticeConfig::parse(&input, format)
        .map_err(|e| Failure::Unusable(format!("{} : {e}", path.display())))
}

/// Reads a file whole, its size checked before it is read (and again while reading): over
/// [`rdv_core::import::MAX_IMPORT_BYTES`] it is refused with the limit, unparsed.
fn read(path: &Path) -> Result<String, Failure> {
    let io = |e: std::io::Error| {
        Failure::Unusable(format!("impossible de lire « {} » : {e}", path.display()))
    };
    let refused =
        |e: &dyn std::fmt::Display| Failure::Unusable(format!("{} : {e}", path.display()));
    let file = std::fs::File::open(path).map_err(io)?;
    rdv_core::import::check_size(file.metadata().map_err(io)?.len()).map_err(|e| refused(&e))?;
    rdv_core::import::read_text(file).map_err(|e| refused(&e))
}

/// One entry of a `--busy` file: busy time, or a booking when it names its type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct BusyEntry {
    start: DateTime<FixedOffset>,
    end: DateTime<FixedOffset>,
    #[serde(rename = "type")]
    type_id: Option<String>,
}

/// Reads a `--busy` file: a JSON array of `{"start", "end"}` (RFC 3339), each with an optional
/// `"type"` (appointment type id) for an existing booking, which counts for the daily cap.
pub fn busy(path: &Path) -> Result<(Vec<Busy>, Vec<Booking>), Failure> {
    let input = read(path)?;
    let entries: Vec<BusyEntry> = serde_json::from_str(&input).map_err(|e| {
        Failure::Unusable(format!(
            "{} : fichier d'occupation illisible, ligne {}, colonne {} : {e} (attendu : un tableau JSON de {{\"start\": \"2026-03-23T09:00:00+01:00\", \"end\": \"…\", \"type\": \"motif, facultatif\"}})",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let (mut busy, mut bookings) = (Vec::new(), Vec::new());
    for (i, e) in entries.into_iter().enumerate() {
        let (start, end) = (e.start.with_timezone(&Utc), e.end.with_timezone(&Utc));
        if end <= start {
            return Err(Failure::Unusable(format!(
                "{} : l'occupation n° {} finit avant de commencer ({} → {})",
                path.display(),
                i + 1,
                e.start,
                e.end
            )));
        }
        match e.type_id {
            Some(type_id) => bookings.push(Booking {
                type_id,
                start,
                end,
            }),
            None => busy.push(Busy { start, end }),
        }
    }
    Ok((busy, bookings))
}

/// Reads an `--events` file: Google's `events.list` answer (an object with `items`) or a JSON
/// array of event resources, into the one typed model of Google's events
/// ([`rdv_core::google::Event`]).
pub fn events(path: &Path) -> Result<Vec<Event>, Failure> {
    let input = read(path)?;
    let value: serde_json::Value = serde_json::from_str(&input).map_err(|e| {
        Failure::Unusable(format!(
            "{} : JSON illisible, ligne {}, colonne {} : {e}",
            path.display(),
            e.line(),
            e.column()
        ))
    })?;
    let items = match value {
        serde_json::Value::Array(items) => items,
        serde_json::Value::Object(mut page) => match page.remove("items") {
            Some(serde_json::Value::Array(items)) => items,
            None => Vec::new(),
            Some(_) => {
                return Err(Failure::Unusable(format!(
                    "{} : « items » n'est pas un tableau d'événements",
                    path.display()
                )));
            }
        },
        _ => {
            return Err(Failure::Unusable(format!(
                "{} : attendu la réponse de events.list (objet avec « items ») ou un tableau d'événements",
                path.display()
            )));
        }
    };
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            // The serde message may quote a value (a patient's name): only its position is told.
            serde_json::from_value(item).map_err(|_| {
                Failure::Unusable(format!(
                    "{} : l'événement n° {} n'a pas la forme d'un événement Google (un champ a un type inattendu)",
                    path.display(),
                    i + 1
                ))
            })
        })
        .collect()
}

/// `--from`, `--to`, `--today`: `AAAA-MM-JJ`.
pub fn date_arg(s: &str) -> Result<NaiveDate, String> {
    text::parse_date(s)
}

/// `--now`: an RFC 3339 instant with its offset.
pub fn instant_arg(s: &str) -> Result<DateTime<Utc>, String> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            format!(
                "instant invalide « {s} » : attendu RFC 3339, par exemple 2026-03-23T08:00:00+01:00"
            )
        })
}

/// `--tz`: an IANA zone name.
pub fn zone_arg(s: &str) -> Result<chrono_tz::Tz, String> {
    text::parse_zone(s)
}
