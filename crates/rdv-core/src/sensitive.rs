//! Redaction as a type: personal data and secrets are wrapped in [`Sensitive`], whose `Debug`
//! and `Display` print `[redacted]`. Logging a `Sensitive` value through `tracing` (`?v` or `%v`)
//! therefore never leaks it; reading the value needs an explicit [`Sensitive::expose`].

use std::fmt;

pub mod wire;

/// A value that must never appear in logs, error messages or panics: OAuth tokens, passwords,
/// patient names, phone numbers and email addresses.
///
/// ```
/// use rdv_core::Sensitive;
/// let phone = Sensitive::new("06 12 34 56 78".to_string());
/// assert_eq!(format!("{phone:?} {phone}"), "[redacted] [redacted]");
/// assert_eq!(phone.expose(), "06 12 34 56 78");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Default)]
pub struct Sensitive<T>(T);

/// What a [`Sensitive`] value prints instead of itself.
pub const REDACTED: &str = "[redacted]";

impl<T> Sensitive<T> {
    /// Wraps a value.
    pub const fn new(value: T) -> Self {
        Self(value)
    }

    /// Reads the value. Call it only where the value is actually used (a request body, the
    /// keychain), never to log or format it.
    pub fn expose(&self) -> &T {
        &self.0
    }

    /// Unwraps the value.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> From<T> for Sensitive<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T> fmt::Debug for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<T> fmt::Display for Sensitive<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    #[allow(dead_code)] // fields are read through Debug only
    struct Patient {
        id: u32,
        email: Sensitive<String>,
    }

    #[test]
    fn a_sensitive_field_is_redacted_inside_a_derived_debug() {
        let p = Patient {
            id: 7,
            email: Sensitive::new("jeanne.martin@example.fr".into()),
        };
        let printed = format!("{p:?} {p:#?}");
        assert!(
            !printed.contains("jeanne"),
            "the email leaked into Debug: {printed}"
        );
        assert!(
            printed.contains("id: 7"),
            "non-sensitive fields must stay readable: {printed}"
        );
    }

    #[test]
    fn expose_returns_the_wrapped_value_unchanged() {
        let token = Sensitive::new(String::from("1//refresh"));
        assert_eq!(token.expose(), "1//refresh");
        assert_eq!(token.into_inner(), "1//refresh");
    }
}
