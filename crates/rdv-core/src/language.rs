//! The interface languages. French is the default (PRODUCT.md: the UI speaks French by default).

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A language the interface is translated into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Français — the default.
    #[default]
    Fr,
    /// English.
    En,
}

impl Language {
    /// The BCP 47 tag stored in settings and used by the UI (`fr`, `en`).
    pub const fn tag(self) -> &'static str {
        match self {
            Self::Fr => "fr",
            Self::En => "en",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// A language tag that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unsupported language {0:?}: expected \"fr\" or \"en\"")]
pub struct UnknownLanguage(pub String);

impl FromStr for Language {
    type Err = UnknownLanguage;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "fr" => Ok(Self::Fr),
            "en" => Ok(Self::En),
            other => Err(UnknownLanguage(other.to_owned())),
        }
    }
}

/// A sentence for the user in every interface language: what an error or a check says, chosen
/// in the user's [`Language`] where it is shown (the IPC boundary, a notification). The
/// availability checks carry theirs as a [`Problem`](crate::availability::validation::Problem)'s
/// `message` and `message_en` ([`Problem::text`](crate::availability::validation::Problem::text)).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Text {
    /// In French.
    pub fr: String,
    /// In English.
    pub en: String,
}

impl Text {
    /// The sentence in French (`fr`) and in English (`en`).
    pub fn new(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            fr: fr.into(),
            en: en.into(),
        }
    }

    /// The sentence in `language`.
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::Fr => &self.fr,
            Language::En => &self.en,
        }
    }
}

impl fmt::Display for Text {
    /// The French sentence (French is the default language).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_is_the_default_language() {
        assert_eq!(Language::default(), Language::Fr);
    }

    #[test]
    fn tags_round_trip_through_from_str_and_serde() {
        for lang in [Language::Fr, Language::En] {
            assert_eq!(lang.tag().parse::<Language>(), Ok(lang));
            let json = serde_json::to_string(&lang).unwrap();
            assert_eq!(json, format!("\"{}\"", lang.tag()));
        }
        assert!(
            "de".parse::<Language>().is_err(),
            "only fr and en are translated"
        );
    }

    #[test]
    fn a_text_answers_in_the_language_asked_and_displays_in_french() {
        let text = Text::new("Bonjour", "Hello");
        assert_eq!(text.get(Language::Fr), "Bonjour");
        assert_eq!(text.get(Language::En), "Hello");
        assert_eq!(text.to_string(), "Bonjour");
    }
}
