//! Who has access to a calendar.

use super::AccessRole;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One person (or group) with access to a calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareEntry {
    /// Google's ACL rule id (to change or revoke it).
    pub rule_id: String,
    /// The person's (or group's) address; `None` for a domain or public rule.
    pub email: Option<String>,
    /// `user`, `group`, `domain` or `default` (public).
    pub scope: String,
    /// Their role: *Secrétaire* = writer, *Consultation* = reader, *Disponibilités seulement* =
    /// freeBusyReader, or owner.
    pub role: AccessRole,
    /// The linked account itself.
    pub is_you: bool,
}
