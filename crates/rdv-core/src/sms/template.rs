//! The confirmation and reminder texts the booking site sends, with their variables, checked
//! before the practitioner validates them (PRODUCT.md art. 1.5):
//! - the practitioner's identity must appear — the `{praticien}` variable or their name;
//! - only known variables (`{prenom}`, `{date}`, `{heure}`, `{praticien}`, `{adresse}`,
//!   `{telephone}`);
//! - the cost is counted on a preview filled with **realistic long values**, so the count the
//!   practitioner sees is what a long first name and a long address will cost; two SMS or more
//!   is a warning (billed as 2).

use super::{SmsCount, count};

/// The variables a text may use, with what they stand for.
pub const VARIABLES: [(&str, &str); 6] = [
    ("prenom", "prénom du patient"),
    ("date", "date du rendez-vous"),
    ("heure", "heure du rendez-vous"),
    ("praticien", "nom du praticien"),
    ("adresse", "adresse du cabinet"),
    ("telephone", "téléphone du cabinet"),
];

/// The values a preview uses: long but realistic, so the count is the worst usual case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviewValues {
    /// A long French first name.
    pub prenom: String,
    /// The longest usual date (`mercredi 30 septembre`).
    pub date: String,
    /// A time.
    pub heure: String,
    /// The practitioner's name as configured.
    pub praticien: String,
    /// The practice's address as configured.
    pub adresse: String,
    /// The practice's phone as configured.
    pub telephone: String,
}

impl PreviewValues {
    /// Long realistic values around the practitioner's own name, address and phone (empty ones
    /// get long stand-ins).
    pub fn realistic(practitioner: &str, address: &str, phone: &str) -> Self {
        let or = |v: &str, default: &str| {
            if v.trim().is_empty() {
                default.to_owned()
            } else {
                v.trim().to_owned()
            }
        };
        Self {
            prenom: "Marie-Christine".into(),
            date: "mercredi 30 septembre".into(),
            heure: "14h30".into(),
            praticien: or(practitioner, "Dr Anne-Sophie Delacroix-Martin"),
            adresse: or(address, "12 bis avenue du Général Leclerc, 75014 Paris"),
            telephone: or(phone, "01 23 45 67 89"),
        }
    }

    /// The values of a real message: the patient's first name, the appointment's `{date}`
    /// (`mardi 24/11`) and `{heure}` (`14h30`, `9h05`) in the site's zone `tz`, and the practice's
    /// name, address and phone as configured (trimmed). The booking site fills its texts with
    /// these (docs/booking-endpoint.md § Configuration); its PHP copy is checked against vectors
    /// written from this function (`wordpress/tests/vectors/sms.json`).
    pub fn appointment(
        first_name: &str,
        start: chrono::DateTime<chrono::Utc>,
        tz: chrono_tz::Tz,
        practitioner: &str,
        address: &str,
        phone: &str,
    ) -> Self {
        let (date, heure) = date_and_time(start, tz);
        Self {
            prenom: first_name.trim().to_owned(),
            date,
            heure,
            praticien: practitioner.trim().to_owned(),
            adresse: address.trim().to_owned(),
            telephone: phone.trim().to_owned(),
        }
    }

    fn get(&self, name: &str) -> Option<&str> {
        Some(match name {
            "prenom" => &self.prenom,
            "date" => &self.date,
            "heure" => &self.heure,
            "praticien" => &self.praticien,
            "adresse" => &self.adresse,
            "telephone" => &self.telephone,
            _ => return None,
        })
    }
}

/// The `{date}` (`mardi 24/11`: French day name, day and month on two digits) and `{heure}`
/// (`14h30`, `9h05`: hour without a leading zero) of an instant in the zone `tz`.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use rdv_core::sms::template::date_and_time;
/// let start = Utc.with_ymd_and_hms(2026, 11, 24, 8, 5, 0).unwrap();
/// assert_eq!(
///     date_and_time(start, chrono_tz::Europe::Paris),
///     ("mardi 24/11".to_owned(), "9h05".to_owned())
/// );
/// ```
pub fn date_and_time(start: chrono::DateTime<chrono::Utc>, tz: chrono_tz::Tz) -> (String, String) {
    use chrono::{Datelike, Timelike};
    const DAYS: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    let local = start.with_timezone(&tz);
    let day = DAYS[local.weekday().num_days_from_monday() as usize];
    (
        format!("{day} {:02}/{:02}", local.day(), local.month()),
        format!("{}h{:02}", local.hour(), local.minute()),
    )
}

/// Something wrong with a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextProblem {
    /// Empty.
    Empty,
    /// Neither `{praticien}` nor the practitioner's name: refused (art. 1.5).
    NoIdentity,
    /// A `{variable}` that does not exist.
    UnknownVariable(String),
    /// A `{` without its `}`.
    UnclosedBrace,
}

impl TextProblem {
    /// The message for the practitioner, in French.
    pub fn message(&self) -> String {
        self.text().fr
    }

    /// The message for the practitioner, in French and English.
    pub fn text(&self) -> crate::Text {
        match self {
            Self::Empty => crate::Text::new("Le texte est vide.", "The text is empty."),
            Self::NoIdentity => crate::Text::new(
                "Le texte doit indiquer qui l'envoie : ajoutez {praticien} ou votre nom \
                 (obligation du service, art. 1.5).",
                "The text must say who sends it: add {praticien} or your name (a duty of the \
                 service, art. 1.5).",
            ),
            Self::UnknownVariable(v) => {
                let known = VARIABLES
                    .iter()
                    .map(|(n, _)| format!("{{{n}}}"))
                    .collect::<Vec<_>>()
                    .join(", ");
                crate::Text::new(
                    format!("La variable {{{v}}} n'existe pas ; variables possibles : {known}."),
                    format!("The variable {{{v}}} does not exist; possible variables: {known}."),
                )
            }
            Self::UnclosedBrace => crate::Text::new(
                "Une accolade « { » n'est pas refermée.",
                "A brace “{” is not closed.",
            ),
        }
    }
}

/// The variables of `text` in order, or where a brace is left open.
fn variables(text: &str) -> Result<Vec<&str>, TextProblem> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or(TextProblem::UnclosedBrace)?;
        out.push(after[..close].trim());
        rest = &after[close + 1..];
    }
    Ok(out)
}

/// `text` with its variables replaced by `values` (unknown ones left as written).
pub fn fill(text: &str, values: &PreviewValues) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = after[..close].trim();
                match values.get(name) {
                    Some(v) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(&after[..=close]);
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// A text checked and counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextCheck {
    /// What blocks saving it (empty: it may be saved and validated).
    pub problems: Vec<TextProblem>,
    /// The preview with realistic long values.
    pub preview: String,
    /// The preview's encoding and segments.
    pub count: SmsCount,
    /// Two SMS or more: warn that each sending is billed that many times.
    pub costs_several: bool,
}

/// Checks `text` for the practitioner named `practitioner` and counts its realistic preview.
pub fn check(text: &str, values: &PreviewValues) -> TextCheck {
    let mut problems = Vec::new();
    if text.trim().is_empty() {
        problems.push(TextProblem::Empty);
    }
    match variables(text) {
        Ok(vars) => {
            for v in vars {
                if values.get(v).is_none() {
                    problems.push(TextProblem::UnknownVariable(v.to_owned()));
                }
            }
            let names_practitioner = vars_contains(text, "praticien")
                || (!values.praticien.trim().is_empty()
                    && text
                        .to_lowercase()
                        .contains(&values.praticien.trim().to_lowercase()));
            if !text.trim().is_empty() && !names_practitioner {
                problems.push(TextProblem::NoIdentity);
            }
        }
        Err(p) => problems.push(p),
    }
    let preview = fill(text, values);
    let count = count(&preview);
    TextCheck {
        problems,
        costs_several: count.segments >= 2,
        preview,
        count,
    }
}

fn vars_contains(text: &str, name: &str) -> bool {
    variables(text).is_ok_and(|v| v.contains(&name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sms::Encoding;

    fn values() -> PreviewValues {
        PreviewValues::realistic(
            "Dr Camille Laurent",
            "8 rue des Lilas, 69003 Lyon",
            "04 72 00 00 00",
        )
    }

    #[test]
    fn a_usual_reminder_passes_and_is_counted_on_long_values() {
        let c = check(
            "Bonjour {prenom}, rappel de votre RDV le {date} a {heure} avec {praticien}. Pour annuler : {telephone}.",
            &values(),
        );
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        assert!(
            c.preview.contains("Marie-Christine") && c.preview.contains("mercredi 30 septembre")
        );
        assert_eq!(c.count.encoding, Encoding::Gsm7);
        assert_eq!(c.count.segments, 1, "{} units", c.count.units);
        assert!(!c.costs_several);
    }

    #[test]
    fn a_text_without_the_practitioners_identity_is_refused() {
        let c = check("Bonjour {prenom}, RDV le {date} a {heure}.", &values());
        assert_eq!(c.problems, [TextProblem::NoIdentity]);
        assert!(c.problems[0].message().contains("art. 1.5"));
        let named = check(
            "Dr Camille Laurent vous attend le {date} a {heure}.",
            &values(),
        );
        assert!(named.problems.is_empty(), "the name itself is the identity");
    }

    #[test]
    fn unknown_variables_and_open_braces_are_reported() {
        let c = check("Bonjour {nom}, {praticien}", &values());
        assert_eq!(c.problems, [TextProblem::UnknownVariable("nom".into())]);
        assert!(c.problems[0].message().contains("{prenom}"));
        assert_eq!(
            check("Bonjour {prenom", &values()).problems,
            [TextProblem::UnclosedBrace]
        );
        assert_eq!(check("  ", &values()).problems, [TextProblem::Empty]);
    }

    #[test]
    fn a_circumflex_switches_the_preview_to_ucs2_and_costs_more() {
        let text = "Bonjour {prenom}, votre rendez-vous du {date} à {heure} avec {praticien} est confirmé. Adresse : {adresse}.";
        let plain = check(text, &values());
        assert_eq!(plain.count.encoding, Encoding::Gsm7);
        let fancy = check(
            &text.replace("confirmé", "bien noté, à plus tard"),
            &values(),
        );
        assert_eq!(fancy.count.encoding, Encoding::Gsm7, "à and é are GSM");
        let hat = check(
            &text.replace("est confirmé", "sera maintenu, même en cas de grève"),
            &values(),
        );
        assert_eq!(hat.count.encoding, Encoding::Ucs2, "ê is not GSM");
        assert!(hat.count.segments > plain.count.segments);
        assert!(hat.costs_several);
    }
}
