//! Email addresses typed by people (sharing a calendar, an erasure request): checked with the
//! RFC 5321/5322 rules of `email_address`, plus what a Google account always has — a domain with
//! a dot — and returned trimmed and lower-cased, the form Google compares.

use crate::Text;
use email_address::EmailAddress;

/// Why an address is refused, in French and English, for the field's error message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidEmail(pub Text);

/// The address `input` normalised (trimmed, lower case), or why it cannot be one.
pub fn normalize(input: &str) -> Result<String, InvalidEmail> {
    let address = input.trim();
    if address.is_empty() {
        return Err(InvalidEmail(Text::new(
            "Saisissez une adresse e-mail.",
            "Enter an e-mail address.",
        )));
    }
    if address.chars().any(char::is_whitespace) {
        return Err(InvalidEmail(Text::new(
            "Une adresse e-mail ne contient pas d'espace.",
            "An e-mail address contains no space.",
        )));
    }
    let parsed: EmailAddress = address.parse().map_err(|_| {
        InvalidEmail(Text::new(
            format!(
                "« {address} » n'est pas une adresse e-mail valide (exemple : secretariat@cabinet.fr)."
            ),
            format!("“{address}” is not a valid e-mail address (for example: office@practice.com)."),
        ))
    })?;
    let domain = parsed.domain();
    if !domain.contains('.') || domain.starts_with('[') || domain.ends_with('.') {
        return Err(InvalidEmail(Text::new(
            format!(
                "Le domaine « {domain} » est incomplet : il faut un nom comme cabinet.fr ou gmail.com."
            ),
            format!(
                "The domain “{domain}” is incomplete: it needs a name like practice.com or gmail.com."
            ),
        )));
    }
    Ok(address.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_addresses_are_accepted_and_normalised() {
        for (input, want) in [
            ("secretariat@cabinet.fr", "secretariat@cabinet.fr"),
            ("  Marie.Dupont@Gmail.com ", "marie.dupont@gmail.com"),
            ("dr+agenda@sante-paris.fr", "dr+agenda@sante-paris.fr"),
        ] {
            assert_eq!(normalize(input).as_deref(), Ok(want), "{input}");
        }
    }

    #[test]
    fn typos_are_refused_with_a_message_that_helps() {
        for (input, hint) in [
            ("", "Saisissez"),
            ("marie dupont@gmail.com", "espace"),
            ("marie.dupont", "n'est pas une adresse"),
            ("marie@@gmail.com", "n'est pas une adresse"),
            ("marie@gmail", "incomplet"),
            ("marie@gmail.", "n'est pas une adresse"),
            ("marie@[192.168.0.1]", "incomplet"),
        ] {
            let e = normalize(input).unwrap_err();
            assert!(e.0.fr.contains(hint), "{input}: {e}");
        }
    }
}
