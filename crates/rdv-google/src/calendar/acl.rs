//! Sharing a calendar (ACL): who may see or edit it, and with which role.

use super::{CalendarClient, CalendarError, Call};
use rdv_core::Sensitive;
use reqwest::Method;
use serde::{Deserialize, Serialize};

/// A calendar access rule. Its id is `<type>:<value>` (`user:secretaire@example.fr`) or
/// `default`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AclRule {
    /// Rule id; omit on insert.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Version tag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// The access granted.
    pub role: AclRole,
    /// Who it is granted to.
    pub scope: AclScope,
}

impl AclRule {
    /// A rule granting `role` to one person, for [`CalendarClient::acl_insert`].
    pub fn user(email: &str, role: AclRole) -> Self {
        Self {
            id: None,
            etag: None,
            role,
            scope: AclScope {
                type_: "user".into(),
                value: Some(email.to_owned()),
            },
        }
    }
}

/// Who a rule applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AclScope {
    /// `default` (public), `user`, `group` or `domain`.
    #[serde(rename = "type")]
    pub type_: String,
    /// Email address or domain; absent for `default`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A role on a calendar. Unknown roles from a future API are kept as `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub enum AclRole {
    /// No access (how deleted rules appear in incremental listings).
    None,
    /// Free/busy only.
    FreeBusyReader,
    /// Reads events (private ones without details).
    Reader,
    /// Reads and writes events, sees private details, reads the ACL: the secretary's role.
    Writer,
    /// Writer who also manages sharing.
    Owner,
    /// A role this client does not know.
    Other(String),
}

impl AclRole {
    /// The API's name for the role.
    pub fn as_str(&self) -> &str {
        match self {
            Self::None => "none",
            Self::FreeBusyReader => "freeBusyReader",
            Self::Reader => "reader",
            Self::Writer => "writer",
            Self::Owner => "owner",
            Self::Other(s) => s,
        }
    }
}

impl From<String> for AclRole {
    fn from(s: String) -> Self {
        match s.as_str() {
            "none" => Self::None,
            "freeBusyReader" => Self::FreeBusyReader,
            "reader" => Self::Reader,
            "writer" => Self::Writer,
            "owner" => Self::Owner,
            _ => Self::Other(s),
        }
    }
}

impl From<AclRole> for String {
    fn from(r: AclRole) -> Self {
        r.as_str().to_owned()
    }
}

impl CalendarClient {
    /// Every rule of a calendar's ACL (needs `writer` or `owner` on it), all pages followed.
    pub async fn acl_list(
        &self,
        token: &Sensitive<String>,
        calendar_id: &str,
    ) -> Result<Vec<AclRule>, CalendarError> {
        let mut url = self.url(&["calendars", calendar_id, "acl"])?;
        url.query_pairs_mut().append_pair("maxResults", "250");
        self.fetch_all(token, url).await
    }

    /// Grants access (owner only). Google e-mails the grantee (`sendNotifications` defaults to
    /// true). Inserting a rule for a scope that already has one updates it, so the call is
    /// retried like an idempotent one.
    pub async fn acl_insert(
        &self,
        token: &Sensitive<String>,
        calendar_id: &str,
        rule: &AclRule,
    ) -> Result<AclRule, CalendarError> {
        let url = self.url(&["calendars", calendar_id, "acl"])?;
        let call = Call::new(Method::POST, url, token).json(rule)?;
        self.fetch(&call).await
    }

    /// Changes the role of an existing rule.
    pub async fn acl_patch(
        &self,
        token: &Sensitive<String>,
        calendar_id: &str,
        rule_id: &str,
        role: AclRole,
    ) -> Result<AclRule, CalendarError> {
        let url = self.url(&["calendars", calendar_id, "acl", rule_id])?;
        let body = serde_json::json!({ "role": role.as_str() });
        let call = Call::new(Method::PATCH, url, token).json(&body)?;
        self.fetch(&call).await
    }

    /// Revokes a rule (Google answers 204).
    pub async fn acl_delete(
        &self,
        token: &Sensitive<String>,
        calendar_id: &str,
        rule_id: &str,
    ) -> Result<(), CalendarError> {
        let url = self.url(&["calendars", calendar_id, "acl", rule_id])?;
        self.execute(&Call::new(Method::DELETE, url, token)).await?;
        Ok(())
    }
}
