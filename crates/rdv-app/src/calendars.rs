//! The account's calendars: the list (from the local cache), which ones are shown and
//! synchronised, and what counts as an appointment on each (`rdv_core::appointments`).

use crate::ipc::{AccessRole, AppointmentPolicy, CalendarInfo};
use crate::{App, AppError};
use rdv_store::CalendarRow;

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
