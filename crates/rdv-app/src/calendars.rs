//! The account's calendars: the list (from the local cache), which ones are shown and
//! synchronised, what counts as an appointment on each (`rdv_core::appointments`), and
//! *Ajouter un agenda partagé* — a calendar shared with the account is not reliably in its
//! Google calendar list until the account adds it (`calendarList.insert`;
//! googleapis/google-api-nodejs-client#1965), so a secretary adds the practitioner's agenda here.

use crate::ipc::{AccessRole, AddedCalendar, AppointmentPolicy, CalendarInfo};
use crate::{App, AppError};
use rdv_google::calendar::CalendarError;
use rdv_store::CalendarRow;

/// The calendar id a secretary typed: a practitioner's address (her primary calendar's id),
/// normalised by [`rdv_core::email::normalize`], or a Google calendar id
/// (`…@group.calendar.google.com` and the like), kept as typed once trimmed.
pub(crate) fn shared_calendar_id(input: &str) -> Result<String, AppError> {
    let typed = input.trim();
    if typed.is_empty() {
        return Err(AppError::invalid(
            "Saisissez l'adresse e-mail de la personne qui partage son agenda, ou l'identifiant \
             de l'agenda.",
            "Enter the e-mail address of the person sharing their calendar, or the calendar's id.",
        ));
    }
    if typed.to_lowercase().ends_with(".calendar.google.com")
        && !typed.contains(char::is_whitespace)
    {
        return Ok(typed.to_owned());
    }
    rdv_core::email::normalize(typed).map_err(|e| AppError::InvalidInput(e.0))
}

/// The role of an access-role string of Google's calendar list (`freeBusyReader` otherwise).
fn role(s: &str) -> AccessRole {
    match s {
        "owner" => AccessRole::Owner,
        "writer" => AccessRole::Writer,
        "reader" => AccessRole::Reader,
        _ => AccessRole::FreeBusyReader,
    }
}

/// A cached calendar as the views show it, with what the account may do on it (the rules the
/// use cases enforce: availability by role, sharing by the owner only).
fn calendar_info(c: CalendarRow, appointments: AppointmentPolicy) -> CalendarInfo {
    let can_manage_availability = rdv_core::availability::can(
        crate::availability::role_of(&c.access_role),
        rdv_core::availability::Action::ModifyAvailability,
    );
    let can_share = crate::sharing::may_share(&c.access_role);
    CalendarInfo {
        can_manage_availability,
        can_share,
        appointments,
        access_role: role(&c.access_role),
        id: c.id,
        summary: c.summary,
        color: c.color,
        time_zone: c.time_zone,
        primary: c.primary,
        selected: c.selected,
    }
}

impl App {
    /// The account's calendars.
    pub fn calendars(&self) -> Result<Vec<CalendarInfo>, AppError> {
        let policies = self.store.appointment_policies()?;
        Ok(self
            .store
            .calendars()?
            .into_iter()
            .map(|c| {
                let policy = policies.get(&c.id).copied().unwrap_or_default();
                calendar_info(c, policy)
            })
            .collect())
    }

    /// Chooses what counts as an appointment on a calendar (the *Rendez-vous* list, the tray,
    /// the reminders and the agenda's styling follow at once: they read it from the store).
    /// Only a choice of this installation: nothing is written to Google.
    pub fn set_appointment_policy(
        &self,
        id: &str,
        policy: AppointmentPolicy,
    ) -> Result<Vec<CalendarInfo>, AppError> {
        if !self.store.calendars()?.iter().any(|c| c.id == id) {
            return Err(AppError::invalid(
                "Cet agenda n'est plus dans la liste : synchronisez puis réessayez.",
                "This calendar is no longer listed: synchronise, then try again.",
            ));
        }
        self.store.set_appointment_policy(id, policy)?;
        tracing::info!(policy = policy.as_str(), "appointment policy set");
        self.sink.data_changed();
        self.calendars()
    }

    /// Shows or hides a calendar; a newly shown one is synchronised at once.
    pub fn set_calendar_selected(
        &self,
        id: &str,
        selected: bool,
    ) -> Result<Vec<CalendarInfo>, AppError> {
        self.store.set_calendar_selected(id, selected)?;
        self.sink.data_changed();
        if selected {
            self.wake_sync();
        }
        self.calendars()
    }

    /// *Ajouter un agenda partagé*: puts the calendar `calendar_or_email` (see
    /// [`shared_calendar_id`]) into the account's Google calendar list, re-reads the list,
    /// selects the calendar and synchronises it. Refused with a reason, before any request, for
    /// the account's own calendar and one already listed; after Google's answer, for one not
    /// shared with the account (404); offline, nothing changes.
    pub fn add_shared_calendar(
        &self,
        calendar_or_email: &str,
    ) -> crate::Task<'_, Result<AddedCalendar, AppError>> {
        let typed = calendar_or_email.to_owned();
        Box::pin(async move {
            let id = shared_calendar_id(&typed)?;
            if self.account_email().as_deref() == Some(id.as_str()) {
                return Err(AppError::invalid(
                    "C'est votre propre agenda : il est déjà dans votre liste.",
                    "This is your own calendar: it is already in your list.",
                ));
            }
            if let Some(row) = self.store.calendars()?.into_iter().find(|c| c.id == id) {
                return Err(AppError::invalid(
                    format!("L'agenda « {} » est déjà dans votre liste.", row.summary),
                    format!("The calendar “{}” is already in your list.", row.summary),
                ));
            }
            let client = self.calendar_client().await?;
            let token = self.access_token().await?;
            let answer = match client.calendar_list_insert(&token, &id).await {
                Err(CalendarError::Unauthorized) => {
                    // The access token was refused: renew it once, as sync does.
                    self.drop_access_token().await;
                    let token = self.access_token().await?;
                    client.calendar_list_insert(&token, &id).await
                }
                other => other,
            };
            let entry = match answer {
                Ok(entry) => entry,
                Err(CalendarError::NotFound) => {
                    return Err(AppError::invalid(
                        format!(
                            "L'agenda de « {id} » n'est pas (encore) partagé avec vous. Demandez \
                             à son propriétaire de le partager avec votre adresse, depuis Partage \
                             dans RDV Compagnon ou dans Google Agenda, puis réessayez."
                        ),
                        format!(
                            "The calendar of “{id}” is not shared with you (yet). Ask its owner \
                             to share it with your address, from Sharing in RDV Compagnon or in \
                             Google Calendar, then try again."
                        ),
                    ));
                }
                Err(e) => return Err(e.into()),
            };
            tracing::info!("shared calendar added to the list");
            self.sync_now().await;
            if self
                .store
                .calendars()?
                .iter()
                .any(|c| c.id == id && !c.selected)
            {
                self.store.set_calendar_selected(&id, true)?;
                self.poll_once().await;
            }
            self.sink.data_changed();
            let calendars = self.calendars()?;
            let calendar = match calendars.iter().find(|c| c.id == id) {
                Some(c) => c.clone(),
                // Listed in Google, not yet here (the re-read failed): the next sync brings it.
                None => crate::sync::calendar_row(&entry)
                    .map(|mut row| {
                        row.selected = true;
                        calendar_info(row, AppointmentPolicy::default())
                    })
                    .ok_or_else(|| AppError::internal("calendarList.insert answered no id"))?,
            };
            Ok(AddedCalendar {
                calendar,
                calendars,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(access_role: &str) -> CalendarRow {
        CalendarRow {
            id: "c".into(),
            summary: "C".into(),
            color: "#000000".into(),
            time_zone: "Europe/Paris".into(),
            access_role: access_role.into(),
            primary: false,
            selected: true,
        }
    }

    #[test]
    fn a_shared_calendar_is_named_by_an_address_or_a_calendar_id() {
        assert_eq!(
            shared_calendar_id("  Dr.Camille.Laurent@Example.FR ").unwrap(),
            "dr.camille.laurent@example.fr",
            "an address is normalised as everywhere"
        );
        let group = "c_1a2b3c@group.calendar.google.com";
        assert_eq!(shared_calendar_id(&format!(" {group} ")).unwrap(), group);
        for bad in ["", "   ", "camille laurent", "camille@cabinet"] {
            let e = shared_calendar_id(bad).unwrap_err();
            assert_eq!(
                e.code(),
                crate::ipc::ErrorCode::InvalidInput,
                "{bad:?} is refused with a reason"
            );
        }
    }

    #[test]
    fn a_calendar_says_what_the_account_may_do_on_it() {
        let may = |r: &str| {
            let c = calendar_info(row(r), AppointmentPolicy::default());
            (c.can_manage_availability, c.can_share)
        };
        assert_eq!(may("owner"), (true, true));
        assert_eq!(
            may("writer"),
            (true, false),
            "a secretary: availability, not sharing"
        );
        assert_eq!(may("reader"), (false, false));
        assert_eq!(may("freeBusyReader"), (false, false));
    }
}
