//! The SMS vectors the booking site's PHP copy is checked against
//! (`wordpress/tests/vectors/sms.json`, read by `wordpress/tests/unit/TestRdvSmsCount.php` and
//! `TestRdvSmsText.php`): texts counted by `rdv_core::sms::count`, and templates filled by
//! `rdv_core::sms::template::fill` with `PreviewValues::appointment`. The test fails when the
//! committed file differs from what this code writes; `UPDATE_VECTORS=1` rewrites it.

use std::path::PathBuf;

use chrono::{DateTime, Utc};
use rdv_core::sms::template::{PreviewValues, fill};
use rdv_core::sms::{SmsCount, count};
use serde_json::{Value, json};

fn counted(c: &SmsCount) -> Value {
    json!({
        "encoding": c.encoding.name(),
        "units": c.units,
        "segments": c.segments,
        "perSegment": c.per_segment,
        "remainingInSegment": c.remaining_in_segment,
        "ucs2Characters": c.ucs2_characters.iter().map(|u| json!({
            "char": u.character.to_string(),
            "index": u.index,
            "replacement": u.replacement,
        })).collect::<Vec<_>>(),
    })
}

/// Texts covering the alphabet, its extension table, the accents GSM has and those it lacks,
/// emoji and every segment boundary.
fn texts() -> Vec<(String, String)> {
    let a = |n: usize| "a".repeat(n);
    let e = |n: usize| "ê".repeat(n);
    let mut t: Vec<(&str, String)> = vec![
        ("empty", String::new()),
        ("one letter", "a".into()),
        (
            "usual reminder",
            "Bonjour Jeanne, rappel de votre RDV demain à 9h30 avec Dr Laurent.".into(),
        ),
        (
            "typographic apostrophe",
            "Bonjour Jeanne, rappel de votre RDV demain à 9h30 avec Dr Laurent à l’accueil.".into(),
        ),
        (
            "straight apostrophe",
            "Bonjour Jeanne, rappel de votre RDV demain à 9h30 avec Dr Laurent à l'accueil.".into(),
        ),
        ("euro counts two", "Tarif : 25 €".into()),
        ("every extension character", "€[]{}^~\\|\u{c}".into()),
        (
            "GSM accents",
            "é è à ù ì ò Ç É Ä Ö Ñ Ü ä ö ñ ü Å å Ø ø Æ æ ß".into(),
        ),
        ("GSM symbols", "@£$¥¤§¿¡_!\"#%&'()*+,-./:;<=>?".into()),
        ("Greek capitals", "ΔΦΓΛΩΠΨΣΘΞ".into()),
        ("line breaks", "Ligne 1\nLigne 2\r\nFin".into()),
        ("e circumflex", "Merci d'être à l'heure.".into()),
        ("o circumflex", "Hôpital".into()),
        ("small c cedilla", "Ça va, reçu.".into()),
        ("oe ligature", "Cœur".into()),
        ("capital A grave", "À demain".into()),
        ("capital E grave", "È".into()),
        (
            "guillemets and no-break spaces",
            "«\u{a0}Bonjour\u{a0}»".into(),
        ),
        ("narrow no-break space", "Rappel\u{202f}: demain".into()),
        ("en and em dash", "9h – 10h — salle B".into()),
        ("ellipsis", "À bientôt…".into()),
        ("backtick is not GSM", "a`b".into()),
        ("tab is not GSM", "a\tb".into()),
        ("raw escape is not GSM", "a\u{1b}b".into()),
        ("emoji", "Bonne journée 😀".into()),
        ("emoji only", "😀".into()),
        ("flag", "🇫🇷".into()),
        ("Cyrillic", "Привет".into()),
        (
            "doc example",
            "Rappel : RDV demain à 9h30, l’accueil est au 1er étage.".into(),
        ),
        (
            "all traps",
            "Rappel\u{a0}: «\u{202f}Cœur\u{202f}» — RDV lundi à 9h30, l’hôpital… Ça va\u{a0}? 😀"
                .into(),
        ),
    ];
    let boundaries: Vec<(&str, String)> = vec![
        ("GSM 159", a(159)),
        ("GSM 160", a(160)),
        ("GSM 161", a(161)),
        ("GSM 305", a(305)),
        ("GSM 306", a(306)),
        ("GSM 307", a(307)),
        ("GSM 459", a(459)),
        ("GSM 460", a(460)),
        ("GSM 158 + euro", format!("{}€", a(158))),
        ("GSM 159 + euro", format!("{}€", a(159))),
        (
            "euro not split (3 segments)",
            format!("{}€{}", a(152), a(152)),
        ),
        ("euro fits (2 segments)", format!("{}€{}", a(151), a(153))),
        ("80 euros", "€".repeat(80)),
        ("81 euros", "€".repeat(81)),
        ("UCS-2 69", e(69)),
        ("UCS-2 70", e(70)),
        ("UCS-2 71", e(71)),
        ("UCS-2 133", e(133)),
        ("UCS-2 134", e(134)),
        ("UCS-2 135", e(135)),
        ("UCS-2 201", e(201)),
        ("UCS-2 202", e(202)),
        ("one circumflex in 160 letters", format!("{}ê", a(159))),
        ("emoji at 69", format!("{}😀", e(68))),
        ("emoji at 70", format!("{}😀", e(69))),
        ("emoji not split", format!("{}😀{}", e(66), e(10))),
        ("emoji fits", format!("{}😀{}", e(65), e(10))),
    ];
    t.extend(boundaries);
    t.into_iter().map(|(n, s)| (n.to_owned(), s)).collect()
}

fn instant(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Templates filled for appointments around the DST changes and in overseas zones.
fn fills() -> Vec<Value> {
    let confirmation = "Bonjour {prenom}, RDV confirmé avec {praticien} le {date} à {heure}, {adresse}. Annulation : {telephone}";
    let reminder = "Rappel : RDV avec {praticien} le {date} à {heure}, {adresse}. Absence ? Prévenez le {telephone}";
    let cancellation = "Bonjour {prenom}, votre RDV du {date} à {heure} avec {praticien} est annulé. Nouveau RDV : {telephone}";
    let odd = "{ prenom } {inconnu} {praticien}{heure}{date} {";
    let practice = (
        "Dr Camille Laurent",
        "12 rue des Lilas, 69003 Lyon",
        "04 65 71 12 34",
    );
    let cases: Vec<(&str, &str, &str, &str, &str)> = vec![
        (
            "winter afternoon",
            confirmation,
            "Jeanne",
            "2026-11-24T13:30:00Z",
            "Europe/Paris",
        ),
        (
            "morning, hour without zero",
            reminder,
            "Jeanne",
            "2026-11-24T08:05:00Z",
            "Europe/Paris",
        ),
        (
            "midnight local",
            cancellation,
            "Jeanne",
            "2026-11-23T23:00:00Z",
            "Europe/Paris",
        ),
        (
            "day before spring DST",
            confirmation,
            "Élodie",
            "2026-03-28T09:00:00Z",
            "Europe/Paris",
        ),
        (
            "right after spring DST",
            reminder,
            "Élodie",
            "2026-03-29T01:00:00Z",
            "Europe/Paris",
        ),
        (
            "day of spring DST",
            reminder,
            "Chloé",
            "2026-03-29T08:00:00Z",
            "Europe/Paris",
        ),
        (
            "summer",
            confirmation,
            "Zoë",
            "2026-07-14T07:45:00Z",
            "Europe/Paris",
        ),
        (
            "before autumn DST",
            cancellation,
            "Loïc",
            "2026-10-25T00:30:00Z",
            "Europe/Paris",
        ),
        (
            "after autumn DST",
            cancellation,
            "Loïc",
            "2026-10-25T01:30:00Z",
            "Europe/Paris",
        ),
        (
            "day after autumn DST",
            confirmation,
            "François",
            "2026-10-26T08:00:00Z",
            "Europe/Paris",
        ),
        (
            "UTC midnight is local next day",
            reminder,
            "Anne",
            "2026-12-31T23:30:00Z",
            "Europe/Paris",
        ),
        (
            "Reunion",
            confirmation,
            "Maëlle",
            "2026-11-24T05:00:00Z",
            "Indian/Reunion",
        ),
        (
            "Martinique",
            reminder,
            "Noé",
            "2026-11-24T13:00:00Z",
            "America/Martinique",
        ),
        (
            "Noumea crosses the date",
            confirmation,
            "Kévin",
            "2026-11-24T22:15:00Z",
            "Pacific/Noumea",
        ),
        (
            "variables spaced, unknown, unclosed",
            odd,
            "Jeanne",
            "2026-11-24T13:30:00Z",
            "Europe/Paris",
        ),
        (
            "long first name forces two",
            confirmation,
            "Marie-Christine-Bénédicte-Anne-Sophie",
            "2026-09-30T12:30:00Z",
            "Europe/Paris",
        ),
    ];
    cases
        .into_iter()
        .map(|(name, template, prenom, start, zone)| {
            let tz: chrono_tz::Tz = zone.parse().unwrap();
            let values = PreviewValues::appointment(
                prenom,
                instant(start),
                tz,
                practice.0,
                practice.1,
                practice.2,
            );
            let text = fill(template, &values);
            json!({
                "name": name,
                "template": template,
                "prenom": prenom,
                "start": start,
                "timeZone": zone,
                "praticien": practice.0,
                "adresse": practice.1,
                "telephone": practice.2,
                "date": values.date,
                "heure": values.heure,
                "text": text,
                "count": counted(&count(&text)),
            })
        })
        .collect()
}

#[test]
fn the_sms_vectors_of_the_booking_site_are_up_to_date() {
    let texts: Vec<Value> = texts()
        .into_iter()
        .map(|(name, text)| {
            let c = counted(&count(&text));
            json!({"name": name, "text": text, "count": c})
        })
        .collect();
    assert!(texts.len() >= 50, "{} texts", texts.len());
    let doc = json!({
        "generatedBy": "cargo test -p rdv-core --test core sms_vectors (UPDATE_VECTORS=1 rewrites)",
        "counts": texts,
        "fills": fills(),
    });
    let want = serde_json::to_string_pretty(&doc).unwrap() + "\n";
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../wordpress/tests/vectors/sms.json");
    if std::env::var_os("UPDATE_VECTORS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} is not what rdv_core::sms writes: run `UPDATE_VECTORS=1 cargo test -p rdv-core --test core sms_vectors` and commit it",
        path.display()
    );
}
