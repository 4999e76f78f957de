//! Serde adapters for [`Sensitive`] fields of the site's types.
//!
//! `rdv_core::Sensitive` deliberately implements no serde traits (a derived `Serialize` would be
//! one `serde_json::to_string` away from a log line), so the wire types name these adapters with
//! `#[serde(with = "…")]`: the value is exposed only to the JSON (de)serializer.

use rdv_core::Sensitive;
use serde::{Deserialize, Deserializer, Serializer};

/// `Sensitive<String>` from a JSON string (the records are only read).
pub(crate) mod string {
    use super::*;

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Sensitive<String>, D::Error> {
        Ok(Sensitive::new(String::deserialize(deserializer)?))
    }
}

/// `Option<Sensitive<String>>` as an optional JSON string (`null` or absent = `None`).
pub(crate) mod opt_string {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(
        value: &Option<Sensitive<String>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serializer.serialize_some(v.expose()),
            None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Sensitive<String>>, D::Error> {
        Ok(Option::<String>::deserialize(deserializer)?.map(Sensitive::new))
    }
}
