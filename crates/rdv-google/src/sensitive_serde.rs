//! Serde adapters for [`Sensitive`] fields of the Calendar types.
//!
//! `rdv_core::Sensitive` deliberately implements no serde traits (a derived `Serialize` would be
//! one `serde_json::to_string` away from a log line), so the wire types name these adapters with
//! `#[serde(with = "…")]`: the value is exposed only to the JSON (de)serializer.

use rdv_core::Sensitive;
use serde::{Deserialize, Deserializer, Serializer};
use std::collections::BTreeMap;

/// `Option<Sensitive<String>>` as an optional JSON string.
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

/// `Option<BTreeMap<String, Sensitive<String>>>` as an optional JSON object of strings: keys stay
/// readable (they are the convention's markers), values are redacted.
pub(crate) mod opt_map {
    use super::*;
    use serde::ser::SerializeMap;

    pub(crate) fn serialize<S: Serializer>(
        value: &Option<BTreeMap<String, Sensitive<String>>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(map) => {
                let mut out = serializer.serialize_map(Some(map.len()))?;
                for (k, v) in map {
                    out.serialize_entry(k, v.expose())?;
                }
                out.end()
            }
            None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<BTreeMap<String, Sensitive<String>>>, D::Error> {
        Ok(
            Option::<BTreeMap<String, String>>::deserialize(deserializer)?
                .map(|m| m.into_iter().map(|(k, v)| (k, Sensitive::new(v))).collect()),
        )
    }
}
