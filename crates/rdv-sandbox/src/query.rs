//! Query strings with repeated parameters (`privateExtendedProperty=a=1&privateExtendedProperty=b=2`).

use crate::error::ApiError;

#[derive(Debug, Clone, Default)]
pub(crate) struct Query {
    pairs: Vec<(String, String)>,
}

impl Query {
    pub(crate) fn parse(query: Option<&str>) -> Self {
        let pairs = query
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        Self { pairs }
    }

    /// The last value of a parameter.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.pairs.iter().any(|(k, _)| k == name)
    }

    pub(crate) fn all(&self, name: &str) -> Vec<&str> {
        self.pairs
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// A boolean parameter; anything but `true`/`false` is a 400.
    pub(crate) fn bool(&self, name: &str, default: bool) -> Result<bool, ApiError> {
        match self.get(name) {
            None => Ok(default),
            Some("true") => Ok(true),
            Some("false") => Ok(false),
            Some(other) => Err(ApiError::invalid_param(
                name,
                &format!("Invalid boolean value: '{other}'."),
            )),
        }
    }

    /// `maxResults`: at least 1, clamped to `max` (Google clamps, it does not refuse).
    pub(crate) fn max_results(&self, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.get("maxResults") {
            None => Ok(default),
            Some(v) => match v.parse::<i64>() {
                Ok(n) if n >= 1 => Ok((n as usize).min(max)),
                _ => Err(ApiError::invalid_param(
                    "maxResults",
                    &format!("Invalid value '{v}'. Values must be within the range: [1, {max}]"),
                )),
            },
        }
    }
}
