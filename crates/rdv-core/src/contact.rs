//! A patient's click-to-call and click-to-mail links (`tel:`, `mailto:`), built here and only
//! here from the booking's fields, and the check the desktop makes before handing a link to the
//! system. A field that is not a phone number or an e-mail address gets no link; whatever could
//! add a header or a parameter to a `mailto:` link (`?`, `&`, `=`, `%`, spaces, line breaks) is
//! refused or percent-encoded, so an address such as `x?bcc=…&attach=…` cannot copy or attach.

/// The longest contact link built or handed to the system.
pub const MAX_LINK: usize = 512;

/// The `tel:` link for a phone number, in the international form (`tel:+33612345678` for
/// `06 12 34 56 78`); `None` when the field is not a phone number ([`crate::person::e164`]).
///
/// ```
/// use rdv_core::contact::tel_uri;
/// assert_eq!(tel_uri("06 12 34 56 78").as_deref(), Some("tel:+33612345678"));
/// assert_eq!(tel_uri("06 12 34 56 78;ext=1"), None);
/// ```
pub fn tel_uri(phone: &str) -> Option<String> {
    crate::person::e164(phone).ok().map(|n| format!("tel:{n}"))
}

/// The `mailto:` link for an e-mail address (trimmed, lower case, [`crate::email::normalize`]),
/// every character but letters, digits, `-._~` and the `@` percent-encoded; `None` when the field
/// is not an address.
///
/// ```
/// use rdv_core::contact::mailto_uri;
/// assert_eq!(mailto_uri(" Jeanne@Orange.fr ").as_deref(), Some("mailto:jeanne@orange.fr"));
/// assert_eq!(
///     mailto_uri("x?bcc=spy@evil.fr").as_deref(),
///     Some("mailto:x%3Fbcc%3Dspy@evil.fr")
/// );
/// ```
pub fn mailto_uri(email: &str) -> Option<String> {
    let address = crate::email::normalize(email).ok()?;
    if address.chars().any(char::is_control) {
        return None;
    }
    let mut link = String::from("mailto:");
    for byte in address.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~' | b'@') {
            link.push(char::from(byte));
        } else {
            link.push_str(&format!("%{byte:02X}"));
        }
    }
    (link.len() <= MAX_LINK).then_some(link)
}

/// Whether `url` has the shape of a link [`tel_uri`] or [`mailto_uri`] builds: `tel:` and an
/// international number, or `mailto:` and one address with nothing but letters, digits, `-._~`,
/// `%XX` escapes and a single `@` — no query, no header, no other scheme.
pub fn is_contact_link(url: &str) -> bool {
    if url.len() > MAX_LINK {
        return false;
    }
    if let Some(number) = url.strip_prefix("tel:") {
        let digits = number.strip_prefix('+').unwrap_or("");
        return (8..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    }
    let Some(address) = url.strip_prefix("mailto:") else {
        return false;
    };
    let bytes = address.as_bytes();
    let mut at_signs = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let escape = bytes.get(i + 1..i + 3);
                if !escape.is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit)) {
                    return false;
                }
                i += 3;
                continue;
            }
            b'@' => at_signs += 1,
            b if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') => {}
            _ => return false,
        }
        i += 1;
    }
    at_signs == 1 && !address.starts_with('@') && !address.ends_with('@')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_become_international_tel_links() {
        for (phone, want) in [
            ("+33 6 12 34 56 78", "tel:+33612345678"),
            ("06.12.34.56.78", "tel:+33612345678"),
            (" (0)6-12-34-56-78 ", "tel:+33612345678"),
            ("+44 20 7946 0958", "tel:+442079460958"),
        ] {
            assert_eq!(tel_uri(phone).as_deref(), Some(want), "{phone}");
            assert!(is_contact_link(want), "{want}");
        }
    }

    #[test]
    fn hostile_phone_fields_get_no_tel_link() {
        for phone in [
            "0612345678?body=x",
            "0612345678&x=1",
            "06 12 34 56 78;ext=99",
            "0612345678%0A",
            "0612345678\r\nX-Header: y",
            "javascript:alert(1)",
            "06１２３４５６７８",
            "",
            "   ",
        ] {
            assert_eq!(tel_uri(phone), None, "{phone:?}");
        }
    }

    #[test]
    fn ordinary_addresses_become_mailto_links() {
        for (email, want) in [
            ("jeanne.martin@orange.fr", "mailto:jeanne.martin@orange.fr"),
            (
                " Jeanne.Martin@Orange.fr ",
                "mailto:jeanne.martin@orange.fr",
            ),
            (
                "dr+agenda@sante-paris.fr",
                "mailto:dr%2Bagenda@sante-paris.fr",
            ),
        ] {
            assert_eq!(mailto_uri(email).as_deref(), Some(want), "{email}");
            assert!(is_contact_link(want), "{want}");
        }
    }

    #[test]
    fn nothing_in_an_address_adds_a_header_or_a_parameter() {
        for email in [
            "x?bcc=spy@evil.fr&attach=/etc/passwd",
            "x?bcc=spy@evil.fr",
            "a&cc=b@evil.fr",
            "x%0Abcc=spy@evil.fr",
            "x%3Fbcc=spy@evil.fr",
            "josé@exemple.fr",
            "a=b@exemple.fr",
        ] {
            // Either refused, or every `?`, `&`, `=` and `%` of the address is escaped.
            if let Some(link) = mailto_uri(email) {
                let address = link.strip_prefix("mailto:").unwrap();
                assert!(!address.contains(['?', '&', '=', '#', ' ', '\n']), "{link}");
                assert!(is_contact_link(&link), "{link}");
                let decoded = percent_decode(address);
                assert_eq!(
                    decoded,
                    email.trim().to_lowercase(),
                    "{link} keeps the address"
                );
            }
        }
        assert_eq!(
            mailto_uri("x?bcc=spy@evil.fr&attach=/etc/passwd").as_deref(),
            Some("mailto:x%3Fbcc%3Dspy@evil.fr%26attach%3D%2Fetc%2Fpasswd")
        );
        assert_eq!(
            mailto_uri("x?bcc=spy@evil.fr").as_deref(),
            Some("mailto:x%3Fbcc%3Dspy@evil.fr")
        );
        assert_eq!(
            mailto_uri("x%0Abcc=spy@evil.fr").as_deref(),
            Some("mailto:x%250abcc%3Dspy@evil.fr")
        );
    }

    #[test]
    fn line_breaks_spaces_and_other_schemes_get_no_mailto_link() {
        for email in [
            "a@b.fr\r\nBcc: spy@evil.fr",
            "a@b.fr\nx",
            "jeanne martin@orange.fr",
            "javascript:alert(1)",
            "javascript:alert(1)//",
            "",
            "pas-une-adresse",
        ] {
            assert_eq!(mailto_uri(email), None, "{email:?}");
        }
    }

    #[test]
    fn only_links_of_the_builders_shape_are_contact_links() {
        for url in [
            "tel:+33612345678?x=1",
            "tel:0612345678",
            "tel:+3361234567a",
            "mailto:a@b.fr?bcc=spy@evil.fr",
            "mailto:a@b.fr&attach=x",
            "mailto:a@b.fr\r\nBcc:x",
            "mailto:a b@c.fr",
            "mailto:a%0@b.fr",
            "mailto:a@b@c.fr",
            "mailto:",
            "javascript:alert(1)",
            "https://example.com",
            "file:///etc/passwd",
        ] {
            assert!(!is_contact_link(url), "{url:?}");
        }
        assert!(!is_contact_link(&format!(
            "mailto:{}@b.fr",
            "a".repeat(MAX_LINK)
        )));
    }

    fn percent_decode(s: &str) -> String {
        let mut out = Vec::new();
        let bytes = s.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }
}
