//! The OAuth scopes each Calendar method accepts, copied from the discovery document
//! (revision 20260519, `methods.*.scopes`; google-calendar-notes.md §13). A test checks this
//! table against the document.

use crate::error::ApiError;
use crate::oauth::SCOPE_PREFIX;

/// `(method id, accepted scopes without the https://www.googleapis.com/auth/ prefix)`.
pub(crate) const METHOD_SCOPES: &[(&str, &[&str])] = &[
    ("calendar.acl.delete", &["calendar", "calendar.acls"]),
    (
        "calendar.acl.get",
        &[
            "calendar",
            "calendar.acls",
            "calendar.acls.readonly",
            "calendar.readonly",
        ],
    ),
    ("calendar.acl.insert", &["calendar", "calendar.acls"]),
    (
        "calendar.acl.list",
        &["calendar", "calendar.acls", "calendar.acls.readonly"],
    ),
    ("calendar.acl.patch", &["calendar", "calendar.acls"]),
    ("calendar.acl.update", &["calendar", "calendar.acls"]),
    (
        "calendar.calendarList.get",
        &[
            "calendar",
            "calendar.app.created",
            "calendar.calendarlist",
            "calendar.calendarlist.readonly",
            "calendar.readonly",
        ],
    ),
    (
        "calendar.calendarList.insert",
        &["calendar", "calendar.calendarlist"],
    ),
    (
        "calendar.calendarList.list",
        &[
            "calendar",
            "calendar.calendarlist",
            "calendar.calendarlist.readonly",
            "calendar.readonly",
        ],
    ),
    (
        "calendar.calendars.get",
        &[
            "calendar",
            "calendar.app.created",
            "calendar.calendars",
            "calendar.calendars.readonly",
            "calendar.readonly",
        ],
    ),
    (
        "calendar.colors.get",
        &[
            "calendar",
            "calendar.app.created",
            "calendar.calendarlist",
            "calendar.calendarlist.readonly",
            "calendar.events.freebusy",
            "calendar.events.owned",
            "calendar.events.owned.readonly",
            "calendar.events.public.readonly",
            "calendar.readonly",
        ],
    ),
    (
        "calendar.events.delete",
        &[
            "calendar",
            "calendar.app.created",
            "calendar.events",
            "calendar.events.owned",
        ],
    ),
    ("calendar.events.get", EVENT_READ),
    (
        "calendar.events.insert",
        &[
            "calendar",
            "calendar.app.created",
            "calendar.events",
            "calendar.events.owned",
        ],
    ),
    ("calendar.events.instances", EVENT_READ),
    ("calendar.events.list", EVENT_READ),
    (
        "calendar.events.patch",
        &[
            "calendar",
            "calendar.app.created",
            "calendar.events",
            "calendar.events.owned",
        ],
    ),
    (
        "calendar.events.update",
        &[
            "calendar",
            "calendar.app.created",
            "calendar.events",
            "calendar.events.owned",
        ],
    ),
    (
        "calendar.freebusy.query",
        &[
            "calendar",
            "calendar.events.freebusy",
            "calendar.freebusy",
            "calendar.readonly",
        ],
    ),
];

const EVENT_READ: &[&str] = &[
    "calendar",
    "calendar.app.created",
    "calendar.events",
    "calendar.events.freebusy",
    "calendar.events.owned",
    "calendar.events.owned.readonly",
    "calendar.events.public.readonly",
    "calendar.events.readonly",
    "calendar.readonly",
];

/// What a token's scopes allow for one method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Grant {
    /// A general scope (`calendar`, `calendar.events`, `calendar.readonly`, …).
    Full,
    /// Only `calendar.events.owned[.readonly]`: calendars the user owns.
    OwnedOnly,
    /// Only `calendar.events.freebusy`: busy blocks.
    FreeBusyOnly,
}

/// Checks a token's scopes against the method (403 `insufficientPermissions` when none fits).
/// `calendar.app.created` and `calendar.events.public.readonly` never help: the sandbox has no
/// app-created or public calendars.
pub(crate) fn check(method: &str, token_scopes: &[String]) -> Result<Grant, ApiError> {
    let accepted = METHOD_SCOPES
        .iter()
        .find(|(m, _)| *m == method)
        .map(|(_, s)| *s)
        .unwrap_or(&[]);
    let held: Vec<&str> = accepted
        .iter()
        .copied()
        .filter(|s| {
            token_scopes
                .iter()
                .any(|t| t.strip_prefix(SCOPE_PREFIX) == Some(s))
        })
        .collect();
    let special = [
        "calendar.events.owned",
        "calendar.events.owned.readonly",
        "calendar.events.freebusy",
        "calendar.app.created",
        "calendar.events.public.readonly",
    ];
    if held.iter().any(|s| !special.contains(s)) {
        Ok(Grant::Full)
    } else if held.iter().any(|s| s.starts_with("calendar.events.owned")) {
        Ok(Grant::OwnedOnly)
    } else if held.contains(&"calendar.events.freebusy") {
        Ok(Grant::FreeBusyOnly)
    } else {
        Err(ApiError::insufficient_scopes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn documented() -> Vec<(String, Vec<String>)> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/reference/google-calendar-v3-discovery.json"
        );
        let doc: Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("discovery doc"))
                .expect("json");
        assert_eq!(doc["revision"], "20260519");
        fn walk(v: &Value, out: &mut Vec<(String, Vec<String>)>) {
            for r in v.as_object().into_iter().flat_map(|o| o.values()) {
                for m in r["methods"]
                    .as_object()
                    .into_iter()
                    .flat_map(|o| o.values())
                {
                    let scopes = m["scopes"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter_map(Value::as_str)
                        .map(|s| s.trim_start_matches(SCOPE_PREFIX).to_owned())
                        .collect();
                    out.push((m["id"].as_str().unwrap_or("").to_owned(), scopes));
                }
                walk(&r["resources"], out);
            }
        }
        let mut out = Vec::new();
        walk(&doc["resources"], &mut out);
        out
    }

    #[test]
    fn the_table_is_the_discovery_documents() {
        // google-calendar-notes.md §13: scopes per method from the discovery document.
        let documented = documented();
        for (method, scopes) in METHOD_SCOPES {
            let (_, doc) = documented
                .iter()
                .find(|(m, _)| m == method)
                .unwrap_or_else(|| panic!("{method} is in the discovery document"));
            assert_eq!(doc, scopes, "{method}");
        }
    }

    #[test]
    fn general_scopes_beat_special_ones() {
        let s = |v: &[&str]| {
            v.iter()
                .map(|s| format!("{SCOPE_PREFIX}{s}"))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            check("calendar.events.list", &s(&["calendar"])),
            Ok(Grant::Full)
        );
        assert_eq!(
            check("calendar.events.list", &s(&["calendar.events.freebusy"])),
            Ok(Grant::FreeBusyOnly)
        );
        assert_eq!(
            check("calendar.events.insert", &s(&["calendar.events.owned"])),
            Ok(Grant::OwnedOnly)
        );
        assert!(check("calendar.events.insert", &s(&["calendar.readonly"])).is_err());
        assert!(check("calendar.events.list", &s(&["calendar.app.created"])).is_err());
    }
}
