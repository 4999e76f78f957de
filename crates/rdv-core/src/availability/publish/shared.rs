//! The published configuration, kept **in the calendar**: one event per calendar, marked
//! `rdv.kind=config`, that holds the practice configuration (appointment types, their rules,
//! weekly templates, exceptions, holiday policy) as it was last published, with the first day
//! of the published window.
//!
//! Google Calendar is the source of truth (PRODUCT.md art. 4): the availability events say when
//! the practice is open, but not the appointment types' durations, buffers or notice, nor the
//! templates they came from. Keeping the configuration beside them, in the same calendar, lets
//! every installation of everyone with access — the practitioner's second computer, a secretary
//! — start from what is published, and lets the owner-only rule compare a change with what is
//! published rather than with a local file.
//!
//! The event (docs/calendar-conventions.md, « Configuration »): a transparent, private, all-day
//! event on [`CONFIG_DATE`], far outside every window the app or a booking site reads, with a
//! deterministic id per calendar ([`config_event_id`]). Google keeps private extended property
//! values up to 1024 characters and 32 kB per event (notes §5), so the configuration's JSON is
//! cut into parts of at most [`PART_BYTES`] bytes (`rdv.config.0`, `rdv.config.1`, …), with
//! their count and a digest to tell a damaged copy from a whole one.

use super::event_id;
use crate::Sensitive;
use crate::availability::config::{FileFormat, PracticeConfig};
use crate::conventions::{KIND_KEY, VERSION_KEY};
use crate::google::{Event, EventDateTime, ExtendedProperties};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::BTreeMap;

/// `rdv.kind` of the configuration event.
pub const CONFIG_KIND: &str = "config";
/// The all-day date of the configuration event (outside every window anyone reads).
pub const CONFIG_DATE: &str = "2000-01-01";
/// The configuration event's `summary`, for whoever meets it in Google Calendar.
pub const CONFIG_SUMMARY: &str = "RDV Compagnon — réglages des disponibilités (ne pas supprimer)";
/// The most bytes of JSON in one extended property (Google cuts values at 1024).
pub const PART_BYTES: usize = 1000;
/// The most parts: Google keeps at most 32 kB of extended properties per event.
pub const MAX_PARTS: usize = 28;

const PARTS_KEY: &str = "rdv.config.parts";
const DIGEST_KEY: &str = "rdv.config.digest";
const WINDOW_KEY: &str = "rdv.config.windowFrom";
const AT_KEY: &str = "rdv.config.publishedAt";
const BY_KEY: &str = "rdv.config.publishedBy";

fn part_key(i: usize) -> String {
    format!("rdv.config.{i}")
}

/// The configuration as published in a calendar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedConfig {
    /// The practice configuration.
    pub config: PracticeConfig,
    /// The first local date of the published window (kept so that re-publishing from any
    /// installation writes nothing for an unchanged configuration).
    pub window_from: NaiveDate,
    /// When it was published (RFC 3339 UTC).
    pub published_at: String,
    /// The Google account that published it.
    pub published_by: String,
}

/// Why a configuration cannot be written to, or read from, its event.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SharedConfigError {
    /// Too large for one Google event.
    #[error(
        "La configuration est trop volumineuse pour être enregistrée dans l'agenda \
         ({bytes} octets, {max} au plus) : réduisez le nombre de fermetures ou de modèles."
    )]
    TooLarge {
        /// Its size.
        bytes: usize,
        /// The most an event holds.
        max: usize,
    },
    /// The event is there but its parts are missing, cut or altered.
    #[error(
        "Les réglages publiés dans l'agenda sont endommagés ({0}) : publiez à nouveau depuis \
         l'ordinateur du titulaire."
    )]
    Damaged(String),
}

impl SharedConfigError {
    /// Why, in French and English.
    pub fn text(&self) -> crate::Text {
        match self {
            Self::TooLarge { bytes, max } => crate::Text::new(
                self.to_string(),
                format!(
                    "The configuration is too large to be saved in the calendar ({bytes} bytes, \
                     {max} at most): reduce the number of closures or templates."
                ),
            ),
            Self::Damaged(why) => crate::Text::new(
                self.to_string(),
                format!(
                    "The settings published in the calendar are damaged ({why}): publish again \
                     from the owner's computer."
                ),
            ),
        }
    }
}

/// The id of `calendar_id`'s configuration event (base32hex, like every availability id).
pub fn config_event_id(calendar_id: &str) -> String {
    event_id(&format!("config|{calendar_id}"))
}

/// A 64-bit FNV-1a digest of `text`, in hex: enough to tell a cut or altered copy.
fn digest(text: &str) -> String {
    let h = text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("{h:016x}")
}

/// `text` cut into parts of at most `max` bytes, never inside a character.
fn parts(text: &str, max: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while !rest.is_empty() {
        let mut end = rest.len().min(max);
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (head, tail) = rest.split_at(end);
        out.push(head);
        rest = tail;
    }
    out
}

/// The Google event holding `shared` (with `id` for an insert).
///
/// # Errors
/// [`SharedConfigError::TooLarge`] when the configuration does not fit in one event.
pub fn config_resource(
    shared: &SharedConfig,
    id: Option<&str>,
) -> Result<Event, SharedConfigError> {
    let text = shared
        .config
        .to_text(FileFormat::Json)
        .map_err(|e| SharedConfigError::Damaged(e.message))?;
    let text = compact(&text);
    let chunks = parts(&text, PART_BYTES);
    if chunks.len() > MAX_PARTS {
        return Err(SharedConfigError::TooLarge {
            bytes: text.len(),
            max: PART_BYTES * MAX_PARTS,
        });
    }
    let mut private = BTreeMap::new();
    let mut put = |key: String, value: String| private.insert(key, Sensitive::new(value));
    put(VERSION_KEY.into(), "1".into());
    put(KIND_KEY.into(), CONFIG_KIND.into());
    put(PARTS_KEY.into(), chunks.len().to_string());
    put(DIGEST_KEY.into(), digest(&text));
    put(WINDOW_KEY.into(), shared.window_from.to_string());
    put(AT_KEY.into(), shared.published_at.clone());
    put(BY_KEY.into(), shared.published_by.clone());
    for (i, chunk) in chunks.iter().enumerate() {
        put(part_key(i), (*chunk).to_owned());
    }
    let day: NaiveDate = CONFIG_DATE.parse().unwrap_or_default();
    Ok(Event {
        id: id.map(str::to_owned),
        summary: Some(Sensitive::new(CONFIG_SUMMARY.to_owned())),
        description: Some(Sensitive::new(
            "Réglages des disponibilités publiés par RDV Compagnon (motifs, modèles de semaine, \
             fermetures). Les autres ordinateurs du cabinet les lisent ici : ne supprimez pas \
             cet événement."
                .to_owned(),
        )),
        start: Some(EventDateTime::all_day(day)),
        end: Some(EventDateTime::all_day(day.succ_opt().unwrap_or(day))),
        transparency: Some(super::TRANSPARENT.to_owned()),
        visibility: Some(super::PRIVATE.to_owned()),
        extended_properties: Some(ExtendedProperties {
            private: Some(private),
            shared: None,
        }),
        ..Event::default()
    })
}

/// The JSON text without the pretty-printer's indentation (fewer parts).
fn compact(pretty: &str) -> String {
    serde_json::from_str::<Value>(pretty).map_or_else(|_| pretty.to_owned(), |v| v.to_string())
}

/// The configuration an event holds: `Ok(None)` when `item` is not a live configuration event
/// (cancelled, or another kind), an error when it is one but cannot be read whole.
///
/// # Errors
/// [`SharedConfigError::Damaged`] when a part is missing, cut or altered.
pub fn read_config_event(item: &Event) -> Result<Option<SharedConfig>, SharedConfigError> {
    if item.is_cancelled() {
        return Ok(None);
    }
    let get = |key: &str| item.private_property(key).map(|v| v.expose().as_str());
    if get(KIND_KEY) != Some(CONFIG_KIND) {
        return Ok(None);
    }
    let damaged = |why: &str| SharedConfigError::Damaged(why.to_owned());
    let count: usize = get(PARTS_KEY)
        .and_then(|n| n.parse().ok())
        .filter(|n| *n <= MAX_PARTS)
        .ok_or_else(|| damaged("nombre de parties illisible"))?;
    let mut text = String::new();
    for i in 0..count {
        text.push_str(get(&part_key(i)).ok_or_else(|| damaged("une partie manque"))?);
    }
    if get(DIGEST_KEY) != Some(digest(&text).as_str()) {
        return Err(damaged("contenu altéré"));
    }
    let config = PracticeConfig::parse(&text, FileFormat::Json)
        .map_err(|e| SharedConfigError::Damaged(e.to_string()))?;
    let window_from = get(WINDOW_KEY)
        .and_then(|d| d.parse().ok())
        .ok_or_else(|| damaged("début de fenêtre illisible"))?;
    Ok(Some(SharedConfig {
        config,
        window_from,
        published_at: get(AT_KEY).unwrap_or_default().to_owned(),
        published_by: get(BY_KEY).unwrap_or_default().to_owned(),
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::{AppointmentType, WeeklyTemplate};

    fn shared(config: PracticeConfig) -> SharedConfig {
        SharedConfig {
            config,
            window_from: "2026-11-23".parse().unwrap(),
            published_at: "2026-11-26T08:00:00Z".into(),
            published_by: "dr@example.fr".into(),
        }
    }

    fn practice() -> PracticeConfig {
        PracticeConfig::parse(
            r#"
            [[appointmentTypes]]
            id = "consultation"
            name = "Consultation de suivi — éèçà"
            durationMinutes = 30
            [[templates]]
            id = "semaine"
            [[templates.ranges]]
            days = ["lundi", "jeudi"]
            start = "09:00"
            end = "12:30"
            "#,
            FileFormat::Toml,
        )
        .unwrap()
    }

    fn private(event: &mut Event) -> &mut BTreeMap<String, Sensitive<String>> {
        event
            .extended_properties
            .as_mut()
            .and_then(|p| p.private.as_mut())
            .unwrap()
    }

    /// Google's own treatment of private properties (notes §5): values cut at 1024 characters;
    /// and the event as it comes back, through its JSON.
    fn as_google_keeps_it(mut event: Event) -> Event {
        for v in private(&mut event).values_mut() {
            *v = Sensitive::new(v.expose().chars().take(1024).collect());
        }
        serde_json::from_value(serde_json::to_value(&event).unwrap()).unwrap()
    }

    /// The booking site's PHP port (wordpress/rdv-compagnon/includes/class-rdv-google.php,
    /// checked by wordpress/tests/unit/TestRdvGoogle.php) asserts these same values.
    #[test]
    fn the_config_id_and_digest_the_plugin_ports_are_pinned() {
        assert_eq!(
            config_event_id("cabinet@example.fr"),
            "rdv10io8fbj6091gqn6uqd5qa7a9o"
        );
        assert_eq!(digest("{\"a\":\"é\"}"), "9cf07307fc054932");
    }

    #[test]
    fn a_configuration_reads_back_whole_from_its_event() {
        let s = shared(practice());
        let event = config_resource(&s, Some("rdvx")).unwrap();
        assert_eq!(event.id.as_deref(), Some("rdvx"));
        assert!(event.is_transparent(), "never busy time");
        assert_eq!(
            read_config_event(&as_google_keeps_it(event)).unwrap(),
            Some(s)
        );
    }

    #[test]
    fn a_large_configuration_is_cut_into_parts_google_keeps_whole() {
        let mut config = practice();
        for i in 0..40 {
            let mut t: WeeklyTemplate = config.templates[0].clone();
            t.id = format!("modele-{i}-avec-un-identifiant-assez-long-éé");
            config.templates.push(t);
        }
        let s = shared(config);
        let mut event = config_resource(&s, None).unwrap();
        let private = private(&mut event);
        let n: usize = private[PARTS_KEY].expose().parse().unwrap();
        assert!(n > 3, "several parts: {n}");
        assert!(
            private.values().all(|v| v.expose().len() <= 1024),
            "no value Google would cut"
        );
        assert!(
            private.keys().all(|k| k.chars().count() <= 44),
            "no key Google would drop"
        );
        assert_eq!(
            read_config_event(&as_google_keeps_it(event)).unwrap(),
            Some(s)
        );
    }

    #[test]
    fn a_configuration_too_large_for_one_event_is_refused_with_its_size() {
        let mut config = practice();
        for i in 0..2000 {
            config.appointment_types.push(AppointmentType {
                id: format!("motif-{i}"),
                ..config.appointment_types[0].clone()
            });
        }
        let err = config_resource(&shared(config), None).unwrap_err();
        assert!(matches!(err, SharedConfigError::TooLarge { .. }), "{err}");
        assert!(err.to_string().contains("trop volumineuse"), "{err}");
    }

    #[test]
    fn a_missing_or_altered_part_is_told_never_read_as_another_configuration() {
        let event = config_resource(&shared(practice()), None).unwrap();
        let mut missing = event.clone();
        private(&mut missing).remove("rdv.config.0");
        assert!(matches!(
            read_config_event(&missing),
            Err(SharedConfigError::Damaged(_))
        ));
        let mut altered = event;
        let part = private(&mut altered).get_mut("rdv.config.0").unwrap();
        *part = Sensitive::new(part.expose().replace("09:00", "07:00"));
        let err = read_config_event(&altered).unwrap_err();
        assert!(err.to_string().contains("endommagés"), "{err}");
    }

    #[test]
    fn other_events_and_a_deleted_configuration_are_no_configuration() {
        let event = config_resource(&shared(practice()), None).unwrap();
        let mut deleted = event.clone();
        deleted.status = Some("cancelled".into());
        assert_eq!(read_config_event(&deleted).unwrap(), None);
        let availability: Event = serde_json::from_value(serde_json::json!(
            {"extendedProperties": {"private": {"rdv.kind": "availability"}}}
        ))
        .unwrap();
        assert_eq!(read_config_event(&availability).unwrap(), None);
        let bare = Event {
            id: Some("x".into()),
            ..Event::default()
        };
        assert_eq!(read_config_event(&bare).unwrap(), None);
    }

    #[test]
    fn each_calendar_has_its_own_stable_configuration_id_google_accepts() {
        let a = config_event_id("a@example.fr");
        assert_eq!(a, config_event_id("a@example.fr"));
        assert_ne!(a, config_event_id("b@example.fr"));
        assert!(
            a.chars().all(|c| matches!(c, 'a'..='v' | '0'..='9')),
            "base32hex (notes §3): {a}"
        );
    }
}
