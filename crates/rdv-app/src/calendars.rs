//! The account's calendars: the list (from the local cache) and which ones are shown and
//! synchronised.

use crate::ipc::{AccessRole, CalendarInfo};
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

/// A cached calendar as the views show it.
fn calendar_info(c: CalendarRow) -> CalendarInfo {
    CalendarInfo {
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
        Ok(self
            .store
            .calendars()?
            .into_iter()
            .map(calendar_info)
            .collect())
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
