//! Who a personal-data request (PRODUCT.md art. 8.2) is about, and the one rule that says whether
//! a booking is theirs: the email compared case-insensitively, the phone by its digits in the
//! national form (`+33 6 12 34 56 78` = `06 12 34 56 78` = `0033612345678`). The cache, the
//! Google listings and the report all use this matcher, so a person is found however their
//! address or number was typed.

use crate::email;

/// The person an erasure (or its preview) is about: an email and/or a phone. Holds personal
/// data, so its `Debug` prints nothing of it.
#[derive(Clone, PartialEq, Eq)]
pub struct Person {
    email: Option<String>,
    phone: Option<String>,
}

impl std::fmt::Debug for Person {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Person([redacted])")
    }
}

/// Why a request cannot name a person, in French and English for the form's error message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidPerson(pub crate::Text);

/// The fewest digits a phone number must have to identify someone.
pub const MIN_PHONE_DIGITS: usize = 6;

impl Person {
    /// The person with this email and/or phone, as typed (blank values count as absent). The
    /// email must be a valid address; the phone needs at least [`MIN_PHONE_DIGITS`] digits.
    pub fn new(email: Option<&str>, phone: Option<&str>) -> Result<Self, InvalidPerson> {
        let email = match email.map(str::trim).filter(|e| !e.is_empty()) {
            Some(e) => Some(email::normalize(e).map_err(|e| InvalidPerson(e.0))?),
            None => None,
        };
        let phone = match phone.map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) => {
                let national = national_digits(p);
                if national.len() < MIN_PHONE_DIGITS {
                    return Err(InvalidPerson(crate::Text::new(
                        format!(
                            "Le numéro de téléphone doit comporter au moins {MIN_PHONE_DIGITS} chiffres."
                        ),
                        format!("The phone number needs at least {MIN_PHONE_DIGITS} digits."),
                    )));
                }
                Some(p.to_owned())
            }
            None => None,
        };
        if email.is_none() && phone.is_none() {
            return Err(InvalidPerson(crate::Text::new(
                "Indiquez l'adresse e-mail ou le numéro de téléphone de la personne.",
                "Give the person's e-mail address or phone number.",
            )));
        }
        Ok(Self { email, phone })
    }

    /// The email, trimmed and lower-cased.
    pub fn email(&self) -> Option<&str> {
        self.email.as_deref()
    }

    /// The phone, as typed (trimmed).
    pub fn phone(&self) -> Option<&str> {
        self.phone.as_deref()
    }

    /// Whether a booking with this `email` and `phone` (as stored, however typed) is this
    /// person's: the same email whatever its case and surrounding spaces, or the same phone
    /// digits in the national form.
    pub fn matches(&self, email: Option<&str>, phone: Option<&str>) -> bool {
        let by_email = self.email.as_deref().is_some_and(|want| {
            email.is_some_and(|e| {
                let e = e.trim();
                !e.is_empty() && e.to_lowercase() == want
            })
        });
        let by_phone = self.phone.as_deref().is_some_and(|want| {
            phone.is_some_and(|p| {
                let p = national_digits(p);
                p.len() >= MIN_PHONE_DIGITS && p == national_digits(want)
            })
        });
        by_email || by_phone
    }
}

/// The shortest and longest international numbers kept (E.164: at most 15 digits).
const E164_DIGITS: std::ops::RangeInclusive<usize> = 8..=15;

/// A phone number as typed for a booking, in E.164 (`+33612345678`): a French national number
/// (`06 12 34 56 78`, `06.12.34.56.78`, `0033 6…`, `+33 6…`, `+33 (0)6…`) becomes `+33` and its
/// nine digits; another international number written with `+` or `00` is kept as `+` and its
/// digits when it has 8 to 15 of them. Spaces, dots, dashes and brackets are separators;
/// anything else (letters, a national number of the wrong length) is refused.
///
/// ```
/// use rdv_core::person::e164;
/// assert_eq!(e164("06 12 34 56 78").unwrap(), "+33612345678");
/// assert_eq!(e164("+44 20 7946 0958").unwrap(), "+442079460958");
/// assert!(e164("06 12 34").is_err());
/// ```
pub fn e164(phone: &str) -> Result<String, InvalidPerson> {
    let invalid = || {
        InvalidPerson(crate::Text::new(
            "Ce numéro de téléphone n'est pas valide (exemple : 06 12 34 56 78 ou +33 6 12 34 56 78).",
            "This phone number is not valid (for example: 06 12 34 56 78 or +33 6 12 34 56 78).",
        ))
    };
    let typed = phone.trim();
    let international = typed.starts_with('+');
    let body = if international { &typed[1..] } else { typed };
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')'))
    {
        return Err(invalid());
    }
    let digits: String = body.chars().filter(char::is_ascii_digit).collect();
    let international_digits = if international {
        Some(digits.as_str())
    } else {
        digits.strip_prefix("00")
    };
    let national = match international_digits {
        Some(rest) => match rest.strip_prefix("33") {
            // `+33 (0)6…`: the national trunk 0 written after the country code.
            Some(fr) => fr.strip_prefix('0').filter(|n| n.len() == 9).unwrap_or(fr),
            None if E164_DIGITS.contains(&rest.len()) && !rest.starts_with('0') => {
                return Ok(format!("+{rest}"));
            }
            None => return Err(invalid()),
        },
        None => digits.strip_prefix('0').ok_or_else(invalid)?,
    };
    if national.len() == 9 && !national.starts_with('0') {
        Ok(format!("+33{national}"))
    } else {
        Err(invalid())
    }
}

/// Phone digits in the national form (`0612345678` for `+33 6 12 34 56 78`).
pub fn national_digits(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if let Some(rest) = digits.strip_prefix("0033") {
        return format!("0{rest}");
    }
    match digits.strip_prefix("33") {
        Some(rest) if phone.trim_start().starts_with('+') || digits.len() == 11 => {
            format!("0{rest}")
        }
        _ => digits,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_compare_in_their_national_form() {
        assert_eq!(national_digits("+33 6 12 34 56 78"), "0612345678");
        assert_eq!(national_digits("06 12 34 56 78"), "0612345678");
        assert_eq!(national_digits("0033612345678"), "0612345678");
        assert_eq!(national_digits("33612345678"), "0612345678");
    }

    #[test]
    fn a_person_is_found_however_their_address_or_number_was_typed() {
        let p = Person::new(Some("  Jeanne.Martin@Example.FR "), None).unwrap();
        assert_eq!(p.email(), Some("jeanne.martin@example.fr"));
        for stored in [
            "jeanne.martin@example.fr",
            "JEANNE.MARTIN@EXAMPLE.FR",
            " Jeanne.Martin@example.fr",
        ] {
            assert!(
                p.matches(Some(stored), None),
                "{stored} is the same address"
            );
        }
        assert!(!p.matches(Some("jeanne.martin@example.com"), None));
        assert!(!p.matches(None, Some("+33612345678")), "no phone asked");

        let p = Person::new(None, Some("06 12 34 56 78")).unwrap();
        for stored in ["+33612345678", "0612345678", "+33 6 12 34 56 78"] {
            assert!(p.matches(None, Some(stored)), "{stored} is the same number");
        }
        assert!(!p.matches(None, Some("0612345679")));
        assert!(
            !p.matches(Some("x@example.fr"), Some("")),
            "an empty phone is nobody"
        );
    }

    #[test]
    fn a_request_without_a_usable_address_or_number_is_refused_in_french() {
        assert!(
            Person::new(None, None)
                .unwrap_err()
                .0
                .fr
                .contains("Indiquez")
        );
        assert!(Person::new(Some("  "), Some(" ")).is_err());
        assert!(
            Person::new(None, Some("0612"))
                .unwrap_err()
                .0
                .fr
                .contains("6 chiffres")
        );
        assert!(Person::new(Some("jeanne@"), None).is_err());
        assert_eq!(
            format!("{:?}", Person::new(Some("a@b.fr"), None).unwrap()),
            "Person([redacted])",
            "the person never reaches a log"
        );
    }

    #[test]
    fn booking_phones_become_e164() {
        for typed in [
            "06 12 34 56 78",
            "06.12.34.56.78",
            "06-12-34-56-78",
            "0612345678",
            " 0033 6 12 34 56 78 ",
            "+33 6 12 34 56 78",
            "+33612345678",
            "+33 (0)6 12 34 56 78",
        ] {
            assert_eq!(e164(typed).as_deref(), Ok("+33612345678"), "{typed}");
        }
        assert_eq!(e164("01 23 45 67 89").as_deref(), Ok("+33123456789"));
        assert_eq!(e164("+44 20 7946 0958").as_deref(), Ok("+442079460958"));
        assert_eq!(e164("0044 20 7946 0958").as_deref(), Ok("+442079460958"));
        assert_eq!(e164("+1 (212) 555-0100").as_deref(), Ok("+12125550100"));
        for bad in [
            "",
            "abc",
            "06 12 34 56",
            "06 12 34 56 78 9",
            "6 12 34 56 78",
            "0 12 34 56 78",
            "+33 6 12 34",
            "+1234567",
            "+1234567890123456",
            "06 12 34 56 7a",
            "+",
            "++33612345678",
        ] {
            let e = e164(bad).unwrap_err();
            assert!(e.0.fr.contains("n'est pas valide"), "{bad}: {e}");
            assert!(e.0.en.contains("not valid"), "{bad}");
        }
    }
}
