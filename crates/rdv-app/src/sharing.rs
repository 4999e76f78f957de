//! *Partage*: who may see or edit an owned calendar (Google Calendar's ACL), with roles named as
//! the practice names them — *Secrétaire* (`writer`: modify and cancel), *Consultation*
//! (`reader`), *Disponibilités seulement* (`freeBusyReader`). Only the owner manages sharing.
//! Every change is followed by a fresh read of the ACL, so what the UI shows is what Google holds.

use crate::ipc::{AccessRole, ShareEntry};
use crate::{App, AppError};
use rdv_core::availability::Role;
use rdv_google::calendar::{AclRole, AclRule, CalendarError};

/// The roles the owner can give from the app, most useful first (never `owner`); the UI offers
/// these (`GRANTABLE_ROLES` in bindings.ts, generated from this list).
pub const GRANTABLE_ROLES: [AccessRole; 3] = [
    AccessRole::Writer,
    AccessRole::Reader,
    AccessRole::FreeBusyReader,
];

/// A role the owner can give ([`GRANTABLE_ROLES`]), as Google names it.
fn acl_role(role: AccessRole) -> Result<AclRole, AppError> {
    match role {
        AccessRole::Writer => Ok(AclRole::Writer),
        AccessRole::Reader => Ok(AclRole::Reader),
        AccessRole::FreeBusyReader => Ok(AclRole::FreeBusyReader),
        AccessRole::Owner => Err(AppError::invalid(
            "Le partage en tant que propriétaire ne se fait pas depuis l'app : choisissez \
             Secrétaire, Consultation ou Disponibilités seulement.",
            "Sharing as owner is not done from the app: choose Secretary, View or \
             Availability only.",
        )),
    }
}

fn access_role(role: &AclRole) -> Option<AccessRole> {
    match role {
        AclRole::Owner => Some(AccessRole::Owner),
        AclRole::Writer => Some(AccessRole::Writer),
        AclRole::Reader => Some(AccessRole::Reader),
        AclRole::FreeBusyReader => Some(AccessRole::FreeBusyReader),
        AclRole::None | AclRole::Other(_) => None,
    }
}

/// Whether an account with Google's `access_role` on a calendar manages its sharing: the owner
/// only.
pub(crate) fn may_share(access_role: &str) -> bool {
    access_role == "owner"
}

impl App {
    /// The owner's role is required to see or change sharing (Google answers 403 otherwise).
    fn ensure_owner(&self, calendar_id: &str) -> Result<(), AppError> {
        let row = self.calendar_row(calendar_id)?;
        if may_share(&row.access_role) {
            Ok(())
        } else {
            Err(AppError::NotAllowed(rdv_core::Text::new(
                "Seul le propriétaire de l'agenda peut voir et modifier son partage.",
                "Only the calendar's owner can see and change its sharing.",
            )))
        }
    }

    /// Who has access to `calendar_id`, owners first, then by address.
    pub fn list_sharing(
        &self,
        calendar_id: &str,
    ) -> crate::Task<'_, Result<Vec<ShareEntry>, AppError>> {
        let calendar_id = calendar_id.to_owned();
        Box::pin(async move {
            self.ensure_unlocked()?;
            self.ensure_owner(&calendar_id)?;
            self.read_acl(&calendar_id).await
        })
    }

    async fn read_acl(&self, calendar_id: &str) -> Result<Vec<ShareEntry>, AppError> {
        let client = self.calendar_client().await?;
        let token = self.access_token().await?;
        let me = self.account_email();
        let mut entries: Vec<ShareEntry> = client
            .acl_list(&token, calendar_id)
            .await?
            .into_iter()
            .filter_map(|rule| {
                let role = access_role(&rule.role)?;
                let email = (rule.scope.type_ == "user" || rule.scope.type_ == "group")
                    .then(|| rule.scope.value.clone())
                    .flatten();
                Some(ShareEntry {
                    rule_id: rule.id.clone()?,
                    is_you: email.is_some() && email == me,
                    email,
                    scope: rule.scope.type_.clone(),
                    role,
                })
            })
            .collect();
        entries.sort_by(|a, b| {
            (a.role != AccessRole::Owner, a.email.clone())
                .cmp(&(b.role != AccessRole::Owner, b.email.clone()))
        });
        Ok(entries)
    }

    /// Gives `email` the `role` on `calendar_id` (an existing rule for that person is changed).
    pub fn grant_access(
        &self,
        calendar_id: &str,
        email: &str,
        role: AccessRole,
    ) -> crate::Task<'_, Result<Vec<ShareEntry>, AppError>> {
        let calendar_id = calendar_id.to_owned();
        let email = email.to_owned();
        Box::pin(async move {
            self.ensure_unlocked()?;
            self.ensure_owner(&calendar_id)?;
            let email =
                rdv_core::email::normalize(&email).map_err(|e| AppError::InvalidInput(e.0))?;
            if Some(&email) == self.account_email().as_ref() {
                return Err(AppError::invalid(
                    "C'est votre propre adresse : vous avez déjà tous les droits sur cet agenda.",
                    "This is your own address: you already have every right on this calendar.",
                ));
            }
            let role = acl_role(role)?;
            let client = self.calendar_client().await?;
            let token = self.access_token().await?;
            client
                .acl_insert(&token, &calendar_id, &AclRule::user(&email, role))
                .await?;
            tracing::info!("calendar shared");
            self.read_acl(&calendar_id).await
        })
    }

    /// Changes the role of rule `rule_id`.
    pub fn change_access(
        &self,
        calendar_id: &str,
        rule_id: &str,
        role: AccessRole,
    ) -> crate::Task<'_, Result<Vec<ShareEntry>, AppError>> {
        let calendar_id = calendar_id.to_owned();
        let rule_id = rule_id.to_owned();
        Box::pin(async move {
            self.ensure_unlocked()?;
            self.ensure_owner(&calendar_id)?;
            let role = acl_role(role)?;
            let client = self.calendar_client().await?;
            let token = self.access_token().await?;
            client
                .acl_patch(&token, &calendar_id, &rule_id, role)
                .await?;
            tracing::info!("sharing role changed");
            self.read_acl(&calendar_id).await
        })
    }

    /// Removes rule `rule_id` (the person loses access). A rule already gone is not an error.
    pub fn revoke_access(
        &self,
        calendar_id: &str,
        rule_id: &str,
    ) -> crate::Task<'_, Result<Vec<ShareEntry>, AppError>> {
        let calendar_id = calendar_id.to_owned();
        let rule_id = rule_id.to_owned();
        Box::pin(async move {
            self.ensure_unlocked()?;
            self.ensure_owner(&calendar_id)?;
            let client = self.calendar_client().await?;
            let token = self.access_token().await?;
            match client.acl_delete(&token, &calendar_id, &rule_id).await {
                Ok(()) | Err(CalendarError::NotFound | CalendarError::Deleted) => {}
                Err(e) => return Err(e.into()),
            }
            tracing::info!("sharing revoked");
            self.read_acl(&calendar_id).await
        })
    }

    /// The linked account's address, lower case.
    pub(crate) fn account_email(&self) -> Option<String> {
        match self.account_state().ok()? {
            crate::ipc::AccountState::Linked { email, .. }
            | crate::ipc::AccountState::ReconnectNeeded { email, .. } => Some(email.to_lowercase()),
            _ => None,
        }
    }

    /// The calendar list's row of `calendar_id`, or a message saying the account no longer sees
    /// it.
    pub(crate) fn calendar_row(
        &self,
        calendar_id: &str,
    ) -> Result<rdv_store::CalendarRow, AppError> {
        self.store
            .calendars()?
            .into_iter()
            .find(|c| c.id == calendar_id)
            .ok_or_else(|| {
                AppError::invalid(
                    "Cet agenda n'est pas (ou plus) accessible avec ce compte.",
                    "This calendar is not (or no longer) reachable with this account.",
                )
            })
    }

    /// The linked account's role on `calendar_id`, from the calendar list.
    pub(crate) fn role_on(&self, calendar_id: &str) -> Result<Role, AppError> {
        let row = self.calendar_row(calendar_id)?;
        Ok(crate::availability::role_of(&row.access_role))
    }
}

/// Whether `actor` (the account e-mail an edit was made with) is the linked account `me` (as
/// [`App::account_email`] gives it): addresses compare without case; the views say « vous ».
pub(crate) fn is_the_account(actor: &str, me: Option<&str>) -> bool {
    me.is_some_and(|me| actor.trim().to_lowercase() == me.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exactly_the_grantable_roles_can_be_given() {
        for role in [
            AccessRole::Owner,
            AccessRole::Writer,
            AccessRole::Reader,
            AccessRole::FreeBusyReader,
        ] {
            assert_eq!(
                acl_role(role).is_ok(),
                GRANTABLE_ROLES.contains(&role),
                "{role:?}"
            );
        }
    }
}
