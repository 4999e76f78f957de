//! Serde adapters for [`Sensitive`] fields of wire types (Google's event model in
//! [`crate::google`], the booking site's bodies in `rdv-site`).
//!
//! [`Sensitive`] deliberately implements no serde traits (a derived `Serialize` would be one
//! `serde_json::to_string` away from a log line), so the wire types name these adapters with
//! `#[serde(with = "rdv_core::sensitive::wire::…")]`: the value is exposed only to the
//! (de)serializer of that field.

use crate::Sensitive;
use serde::{Deserialize, Deserializer, Serializer};
use std::collections::BTreeMap;

#[cfg(test)]
mod tests;

/// `Sensitive<String>` as a JSON string.
pub mod string {
    use super::*;

    /// Writes the exposed value (for serde's `with`: request bodies).
    pub fn serialize<S: Serializer>(
        value: &Sensitive<String>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(value.expose())
    }

    /// Reads the value and wraps it (for serde's `with`).
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Sensitive<String>, D::Error> {
        Ok(Sensitive::new(String::deserialize(deserializer)?))
    }
}

/// `Option<Sensitive<String>>` as an optional JSON string (`null` or absent = `None`).
pub mod opt_string {
    use super::*;

    /// Writes the exposed value (for serde's `with`).
    pub fn serialize<S: Serializer>(
        value: &Option<Sensitive<String>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serializer.serialize_some(v.expose()),
            None => serializer.serialize_none(),
        }
    }

    /// Reads the value and wraps it (for serde's `with`).
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Sensitive<String>>, D::Error> {
        Ok(Option::<String>::deserialize(deserializer)?.map(Sensitive::new))
    }
}

/// `Option<BTreeMap<String, Sensitive<String>>>` as an optional JSON object of strings: keys stay
/// readable (they are the convention's markers), values are redacted.
pub mod opt_map {
    use super::*;
    use serde::ser::SerializeMap;

    /// Writes the exposed value (for serde's `with`).
    pub fn serialize<S: Serializer>(
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

    /// Reads the value and wraps it (for serde's `with`).
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<BTreeMap<String, Sensitive<String>>>, D::Error> {
        Ok(
            Option::<BTreeMap<String, String>>::deserialize(deserializer)?
                .map(|m| m.into_iter().map(|(k, v)| (k, Sensitive::new(v))).collect()),
        )
    }
}
