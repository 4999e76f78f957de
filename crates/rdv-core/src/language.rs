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
}
