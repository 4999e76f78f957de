//! `GET`/`PUT /config` (docs/booking-endpoint.md § Configuration): the canonical document, its
//! ETag, and the validation of a `PUT` body with the path of each problem.
//!
//! Appointment types have exactly the keys of docs/templates.md (`rdv_core`'s `AppointmentType`),
//! written back in canonical form (defaults filled in, absent options left out).

use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

use super::sms::{VARIABLES, micros, variables};

/// The consent text version of a fresh site.
pub const CONSENT_VERSION: &str = "2026-09-01";
/// Allowed retention periods, in days (PRODUCT.md art. 8.3).
pub(crate) const RETENTION_DAYS: [i64; 3] = [90, 120, 240];
/// Longest SMS template, in characters.
pub(crate) const MAX_TEXT: usize = 320;

/// Default texts (validated by the practitioner before any sending, art. 1.5).
pub(crate) const CONFIRMATION_TEXT: &str = "Bonjour {prenom}, RDV confirmé avec {praticien} le {date} à {heure}, {adresse}. Annulation : {telephone}";
pub(crate) const REMINDER_TEXT: &str = "Rappel : RDV avec {praticien} le {date} à {heure}, {adresse}. Absence ? Prévenez le {telephone}";
pub(crate) const CANCELLATION_TEXT: &str = "Bonjour {prenom}, votre RDV du {date} à {heure} avec {praticien} est annulé. Nouveau RDV : {telephone}";

/// A fresh plugin: no appointment type yet, 120 days, SMS off.
pub(crate) fn fresh() -> Value {
    json!({
        "appointmentTypes": [],
        "retentionDays": 120,
        "sms": {
            "confirmationEnabled": false,
            "reminderEnabled": false,
            "cancellationEnabled": false,
            "reminderHoursBefore": 24,
            "senderName": "CABINET",
            "texts": {
                "confirmation": CONFIRMATION_TEXT,
                "reminder": REMINDER_TEXT,
                "cancellation": CANCELLATION_TEXT,
            },
            "pricePerSegment": "0.08",
        },
        "consentTextVersion": CONSENT_VERSION,
        "practice": {"name": "Cabinet", "address": "", "phone": ""},
    })
}

/// The ETag of a configuration: a hash of its canonical JSON (equal documents, equal ETags).
pub(crate) fn etag(config: &Value) -> String {
    let text = serde_json::to_string(config).unwrap_or_default();
    let digest = Sha256::digest(text.as_bytes());
    let hex: String = digest[..10].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

/// Whether an `If-Match` / `If-None-Match` value names `current` (`*`, lists, `W/` tolerated:
/// hosts that gzip answers weaken ETags).
pub(crate) fn etag_listed(header: &str, current: &str) -> bool {
    let strip = |s: &str| {
        s.trim()
            .trim_start_matches("W/")
            .trim_matches('"')
            .to_owned()
    };
    header
        .split(',')
        .any(|e| e.trim() == "*" || strip(e) == strip(current))
}

/// Problems found in a `PUT` body: (path, French message).
type Problems = Vec<(String, String)>;

const READ_ONLY: &str = "Champ en lecture seule : il ne peut pas être modifié par l'API.";
const REQUIRED: &str = "Champ requis.";
const UNKNOWN: &str = "Clé inconnue : ce champ n'existe pas dans la configuration.";

/// Checks a `PUT /config` body against the current document; returns the new canonical
/// document, or every problem with its path.
pub(crate) fn validate(input: &Value, current: &Value) -> Result<Value, Problems> {
    let mut p = Problems::new();
    let Some(obj) = input.as_object() else {
        return Err(vec![("body".into(), "Objet JSON attendu.".into())]);
    };
    for key in obj.keys() {
        if ![
            "appointmentTypes",
            "retentionDays",
            "sms",
            "consentTextVersion",
            "practice",
        ]
        .contains(&key.as_str())
        {
            p.push((key.clone(), UNKNOWN.into()));
        }
    }
    let types = match obj.get("appointmentTypes") {
        None => {
            p.push(("appointmentTypes".into(), REQUIRED.into()));
            Vec::new()
        }
        Some(Value::Array(items)) => {
            if items.is_empty() {
                p.push((
                    "appointmentTypes".into(),
                    "Au moins un motif est requis.".into(),
                ));
            }
            let mut seen = Vec::new();
            items
                .iter()
                .enumerate()
                .filter_map(|(i, t)| {
                    appointment_type(&format!("appointmentTypes[{i}]"), t, &mut seen, &mut p)
                })
                .collect()
        }
        Some(_) => {
            p.push(("appointmentTypes".into(), "Liste attendue.".into()));
            Vec::new()
        }
    };
    let retention = match obj.get("retentionDays") {
        None => {
            p.push(("retentionDays".into(), REQUIRED.into()));
            0
        }
        Some(v) => match v.as_i64() {
            Some(d) if RETENTION_DAYS.contains(&d) => d,
            _ => {
                p.push((
                    "retentionDays".into(),
                    "Durée de conservation : 90, 120 ou 240 jours (CGV art. 8.3).".into(),
                ));
                0
            }
        },
    };
    // The booking horizon never reaches past the retention period (the plugin's rule, the same
    // as rdv_core::availability::horizon_within_retention).
    if retention > 0 {
        for (i, t) in types.iter().enumerate() {
            if let Some(days) = t["horizonDays"].as_i64().filter(|&d| d > retention) {
                p.push((
                    format!("appointmentTypes[{i}].horizonDays"),
                    format!(
                        "L'horizon de réservation ({days} jours) ne peut pas dépasser la durée de \
                         conservation ({retention} jours)."
                    ),
                ));
            }
        }
    }
    let practitioner = current["practice"]["name"].as_str().unwrap_or("");
    let sms = sms(obj.get("sms"), &current["sms"], practitioner, &mut p);
    for key in ["consentTextVersion", "practice"] {
        if obj.get(key).is_some_and(|v| *v != current[key]) {
            p.push((key.into(), READ_ONLY.into()));
        }
    }
    if !p.is_empty() {
        return Err(p);
    }
    Ok(json!({
        "appointmentTypes": types,
        "retentionDays": retention,
        "sms": sms,
        "consentTextVersion": current["consentTextVersion"],
        "practice": current["practice"],
    }))
}

/// An integer field: `Ok(None)` when absent or null.
fn int(obj: &Map<String, Value>, key: &str, path: &str, p: &mut Problems) -> Option<i64> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_i64().filter(|n| i32::try_from(*n).is_ok()) {
            Some(n) => Some(n),
            None => {
                p.push((format!("{path}.{key}"), "Nombre entier attendu.".into()));
                None
            }
        },
    }
}

fn text<'a>(
    obj: &'a Map<String, Value>,
    key: &str,
    path: &str,
    p: &mut Problems,
) -> Option<&'a str> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => {
            p.push((format!("{path}.{key}"), "Texte attendu.".into()));
            None
        }
    }
}

/// A required text field, or the message saying why it is missing.
fn required_text(obj: &Map<String, Value>, key: &str) -> Result<String, &'static str> {
    match obj.get(key) {
        None | Some(Value::Null) => Err(REQUIRED),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(_) => Err("Texte attendu."),
    }
}

fn boolean(obj: &Map<String, Value>, key: &str, path: &str, p: &mut Problems) -> Option<bool> {
    match obj.get(key) {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(_) => {
            p.push((
                format!("{path}.{key}"),
                "Booléen attendu (true ou false).".into(),
            ));
            None
        }
    }
}

const TYPE_KEYS: [&str; 12] = [
    "id",
    "name",
    "durationMinutes",
    "colour",
    "color",
    "bufferBeforeMinutes",
    "bufferAfterMinutes",
    "minNoticeMinutes",
    "horizonDays",
    "slotIntervalMinutes",
    "maxPerDay",
    "bookableOnline",
];

/// One appointment type, in canonical form, or `None` after recording its problems.
fn appointment_type(
    path: &str,
    t: &Value,
    seen: &mut Vec<String>,
    p: &mut Problems,
) -> Option<Value> {
    let Some(obj) = t.as_object() else {
        p.push((path.into(), "Objet attendu.".into()));
        return None;
    };
    let before = p.len();
    for key in obj.keys() {
        if !TYPE_KEYS.contains(&key.as_str()) {
            p.push((format!("{path}.{key}"), UNKNOWN.into()));
        }
    }
    let mut check = |ok: bool, key: &str, message: &str| {
        if !ok {
            p.push((format!("{path}.{key}"), message.into()));
        }
    };
    let id = required_text(obj, "id");
    match &id {
        Err(message) => check(false, "id", message),
        Ok(id) => {
            check(
                !id.is_empty() && !id.contains(',') && !id.chars().any(char::is_whitespace),
                "id",
                "Identifiant vide, ou contenant une virgule ou un espace.",
            );
            check(
                !seen.contains(id),
                "id",
                "Identifiant déjà utilisé par un autre motif.",
            );
            seen.push(id.clone());
        }
    }
    let name = required_text(obj, "name");
    match &name {
        Err(message) => check(false, "name", message),
        Ok(n) => check(!n.trim().is_empty(), "name", "Le nom du motif est vide."),
    }
    let colour = obj
        .get("colour")
        .or_else(|| obj.get("color"))
        .and_then(Value::as_str)
        .unwrap_or("#3F51B5")
        .to_owned();
    let hex = colour.len() == 7
        && colour.starts_with('#')
        && colour[1..].bytes().all(|b| b.is_ascii_hexdigit());
    check(hex, "colour", "Couleur attendue au format #RRGGBB.");
    let mut ints = Problems::new();
    let duration = int(obj, "durationMinutes", path, &mut ints);
    let before_min = int(obj, "bufferBeforeMinutes", path, &mut ints).unwrap_or(0);
    let after_min = int(obj, "bufferAfterMinutes", path, &mut ints).unwrap_or(0);
    let notice = int(obj, "minNoticeMinutes", path, &mut ints).unwrap_or(0);
    let horizon = int(obj, "horizonDays", path, &mut ints);
    let interval = int(obj, "slotIntervalMinutes", path, &mut ints);
    let max_per_day = int(obj, "maxPerDay", path, &mut ints);
    let online = boolean(obj, "bookableOnline", path, &mut ints).unwrap_or(true);
    let typed = ints.is_empty();
    p.extend(ints);
    if typed {
        match duration {
            None => p.push((format!("{path}.durationMinutes"), REQUIRED.into())),
            Some(d) if d <= 0 => p.push((
                format!("{path}.durationMinutes"),
                "La durée doit être d'au moins 1 minute.".into(),
            )),
            Some(_) => {}
        }
        let mut check = |ok: bool, key: &str, message: &str| {
            if !ok {
                p.push((format!("{path}.{key}"), message.into()));
            }
        };
        check(
            interval.is_none_or(|i| i > 0),
            "slotIntervalMinutes",
            "L'intervalle entre deux créneaux doit être d'au moins 1 minute.",
        );
        check(
            before_min >= 0,
            "bufferBeforeMinutes",
            "La marge ne peut pas être négative.",
        );
        check(
            after_min >= 0,
            "bufferAfterMinutes",
            "La marge ne peut pas être négative.",
        );
        check(
            notice >= 0,
            "minNoticeMinutes",
            "Le délai de prévenance ne peut pas être négatif.",
        );
        check(
            horizon.is_none_or(|h| h >= 0),
            "horizonDays",
            "L'horizon de réservation ne peut pas être négatif.",
        );
        check(
            max_per_day.is_none_or(|m| m > 0),
            "maxPerDay",
            "Le plafond journalier doit être d'au moins 1.",
        );
    }
    if p.len() > before {
        return None;
    }
    let mut out = json!({
        "id": id.ok(),
        "name": name.ok(),
        "durationMinutes": duration,
        "colour": colour.to_ascii_uppercase(),
        "bufferBeforeMinutes": before_min,
        "bufferAfterMinutes": after_min,
        "minNoticeMinutes": notice,
        "bookableOnline": online,
    });
    for (key, v) in [
        ("horizonDays", horizon),
        ("slotIntervalMinutes", interval),
        ("maxPerDay", max_per_day),
    ] {
        if let Some(v) = v {
            out[key] = json!(v);
        }
    }
    Some(out)
}

const SMS_KEYS: [&str; 7] = [
    "confirmationEnabled",
    "reminderEnabled",
    "cancellationEnabled",
    "reminderHoursBefore",
    "senderName",
    "texts",
    "pricePerSegment",
];

/// The `sms` object, canonical (the price kept from `current`); `practitioner` is the name a
/// text may show instead of `{praticien}`.
fn sms(input: Option<&Value>, current: &Value, practitioner: &str, p: &mut Problems) -> Value {
    let Some(obj) = input.and_then(Value::as_object) else {
        p.push((
            "sms".into(),
            if input.is_none() {
                REQUIRED
            } else {
                "Objet attendu."
            }
            .into(),
        ));
        return Value::Null;
    };
    for key in obj.keys() {
        if !SMS_KEYS.contains(&key.as_str()) {
            p.push((format!("sms.{key}"), UNKNOWN.into()));
        }
    }
    let mut flags = Map::new();
    for key in [
        "confirmationEnabled",
        "reminderEnabled",
        "cancellationEnabled",
    ] {
        let had = p.len();
        match boolean(obj, key, "sms", p) {
            Some(b) => {
                flags.insert(key.into(), json!(b));
            }
            None if p.len() == had => p.push((format!("sms.{key}"), REQUIRED.into())),
            None => {}
        }
    }
    let had = p.len();
    let hours = int(obj, "reminderHoursBefore", "sms", p);
    if p.len() == had && !matches!(hours, Some(1..=72)) {
        p.push((
            "sms.reminderHoursBefore".into(),
            "Le rappel part entre 1 et 72 heures avant le rendez-vous.".into(),
        ));
    }
    let sender = text(obj, "senderName", "sms", p);
    let sender_ok = sender.is_some_and(|s| {
        (3..=11).contains(&s.chars().count())
            && s.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')
            && s.chars().any(|c| c.is_ascii_alphabetic())
    });
    if !sender_ok && !p.iter().any(|(k, _)| k == "sms.senderName") {
        p.push((
            "sms.senderName".into(),
            "Nom d'expéditeur : 3 à 11 caractères (lettres sans accents, chiffres, espaces), dont une lettre au moins.".into(),
        ));
    }
    let mut texts = Map::new();
    match obj.get("texts").and_then(Value::as_object) {
        None => p.push(("sms.texts".into(), REQUIRED.into())),
        Some(t) => {
            for key in t.keys() {
                if !["confirmation", "reminder", "cancellation"].contains(&key.as_str()) {
                    p.push((format!("sms.texts.{key}"), UNKNOWN.into()));
                }
            }
            for key in ["confirmation", "reminder", "cancellation"] {
                let path = format!("sms.texts.{key}");
                match t.get(key).and_then(Value::as_str) {
                    None => p.push((path, REQUIRED.into())),
                    Some(s) => {
                        if let Some(problem) = template_problem(s, practitioner) {
                            p.push((path, problem));
                        } else {
                            texts.insert(key.into(), json!(s));
                        }
                    }
                }
            }
        }
    }
    let price = &current["pricePerSegment"];
    if obj
        .get("pricePerSegment")
        .is_some_and(|v| v.as_str().and_then(micros) != price.as_str().and_then(micros))
    {
        p.push(("sms.pricePerSegment".into(), READ_ONLY.into()));
    }
    json!({
        "confirmationEnabled": flags.get("confirmationEnabled"),
        "reminderEnabled": flags.get("reminderEnabled"),
        "cancellationEnabled": flags.get("cancellationEnabled"),
        "reminderHoursBefore": hours,
        "senderName": sender,
        "texts": texts,
        "pricePerSegment": price,
    })
}

/// What is wrong with an SMS template, if anything — the rules of `rdv_core::sms::template`
/// (docs/sms.md), so a text the app accepts is accepted here: identity = `{praticien}` or the
/// practitioner's name written out (case-insensitive).
fn template_problem(s: &str, practitioner: &str) -> Option<String> {
    if s.trim().is_empty() {
        return Some("Le texte du SMS est vide.".into());
    }
    if s.chars().count() > MAX_TEXT {
        return Some(format!("Texte trop long : {MAX_TEXT} caractères au plus."));
    }
    let Ok(vars) = variables(s) else {
        return Some("Une accolade « { » n'est pas refermée.".into());
    };
    // The message names no submitted text (as the plugin's): the variables allowed only.
    if vars.iter().any(|v| !VARIABLES.contains(v)) {
        return Some(
            "Variable inconnue : utilisez {prenom}, {date}, {heure}, {praticien}, {adresse} ou {telephone}."
                .into(),
        );
    }
    let named = !practitioner.trim().is_empty()
        && s.to_lowercase()
            .contains(&practitioner.trim().to_lowercase());
    if !vars.contains(&"praticien") && !named {
        return Some(
            "Le texte doit indiquer qui l'envoie : {praticien} ou le nom du praticien (CGV art. 1.5).".into(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_type() -> Value {
        let mut c = fresh();
        c["appointmentTypes"] =
            json!([{"id": "consultation", "name": "Consultation", "durationMinutes": 30}]);
        c
    }

    #[test]
    fn a_valid_document_comes_back_canonical_and_keeps_read_only_fields() {
        let current = fresh();
        let mut input = with_type();
        input.as_object_mut().unwrap().remove("practice");
        input["sms"]
            .as_object_mut()
            .unwrap()
            .remove("pricePerSegment");
        let out = validate(&input, &current).unwrap();
        assert_eq!(
            out["appointmentTypes"][0],
            json!({"id": "consultation", "name": "Consultation", "durationMinutes": 30,
                   "colour": "#3F51B5", "bufferBeforeMinutes": 0, "bufferAfterMinutes": 0,
                   "minNoticeMinutes": 0, "bookableOnline": true})
        );
        assert_eq!(out["practice"], current["practice"]);
        assert_eq!(out["sms"]["pricePerSegment"], "0.08");
        assert_eq!(etag(&out), etag(&out.clone()), "same document, same ETag");
        assert_ne!(etag(&out), etag(&current));
    }

    #[test]
    fn a_horizon_past_the_retention_period_is_refused_on_its_field() {
        let mut input = with_type();
        input["appointmentTypes"][0]["horizonDays"] = json!(150);
        let problems = validate(&input, &fresh()).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].0, "appointmentTypes[0].horizonDays");
        assert!(problems[0].1.contains("150 jours"), "{}", problems[0].1);
        input["retentionDays"] = json!(240);
        validate(&input, &fresh()).expect("240 days of retention cover 150 days ahead");
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let mut input = with_type();
        input["appointmentTypes"].as_array_mut().unwrap().push(json!({"id": "a b", "name": "", "durationMinutes": 0, "colour": "bleu", "maxPerDay": 0, "extra": 1}));
        input["retentionDays"] = json!(100);
        input["sms"]["senderName"] = json!("Dr Laurent-é");
        input["sms"]["texts"]["reminder"] = json!("Demain {heure} {nom}");
        input["sms"]["texts"]["confirmation"] = json!("Confirmé le {date}");
        input["sms"]["pricePerSegment"] = json!("0.01");
        input["practice"]["name"] = json!("Autre");
        let paths: Vec<String> = validate(&input, &fresh())
            .unwrap_err()
            .into_iter()
            .map(|(k, _)| k)
            .collect();
        for expected in [
            "appointmentTypes[1].extra",
            "appointmentTypes[1].id",
            "appointmentTypes[1].name",
            "appointmentTypes[1].colour",
            "appointmentTypes[1].durationMinutes",
            "appointmentTypes[1].maxPerDay",
            "retentionDays",
            "sms.senderName",
            "sms.texts.reminder",
            "sms.texts.confirmation",
            "sms.pricePerSegment",
            "practice",
        ] {
            assert!(
                paths.iter().any(|p| p == expected),
                "{expected} missing from {paths:?}"
            );
        }
    }

    #[test]
    fn the_practitioners_name_written_out_is_an_identity_as_in_rdv_core() {
        assert_eq!(
            template_problem("Rappel de DR LAURENT pour {date}", "Dr Laurent"),
            None
        );
        assert!(template_problem("Rappel pour {date}", "Dr Laurent").is_some());
        assert!(template_problem("Rappel pour {date}", "").is_some());
        assert!(
            template_problem("{praticien} : rappel {date", "").is_some(),
            "open brace"
        );
        assert_eq!(template_problem("{ praticien } : rappel", ""), None);
    }

    #[test]
    fn an_unknown_variable_is_refused_without_quoting_it() {
        let problem = template_problem("{praticien} : {jeanne.martin@example.fr}", "").unwrap();
        assert!(problem.starts_with("Variable inconnue"), "{problem}");
        assert!(
            !problem.contains("jeanne"),
            "never quotes the text: {problem}"
        );
    }

    #[test]
    fn if_match_accepts_weak_forms_lists_and_star() {
        assert!(etag_listed("W/\"abc\"", "\"abc\""));
        assert!(etag_listed("\"x\", \"abc\"", "\"abc\""));
        assert!(etag_listed("*", "\"abc\""));
        assert!(!etag_listed("\"abd\"", "\"abc\""));
    }
}
