//! What the day sheet reads from the cache: the agendas asked for and their bookings over the
//! days, as the core's sheet rule ([`rdv_core::sheet::day_sheet`]) takes them. The app's
//! *Feuille du jour* and the support staff's `rdv sheet` both read through here, so they print
//! the same rows.

use crate::{Store, StoreError};
use chrono::NaiveDate;
use rdv_core::availability::{FileFormat, PracticeConfig};
use rdv_core::sheet::{SheetAgendaInput, SheetAttendance, SheetBooking, read_window};
use std::collections::HashMap;

/// The sheet's input read from the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetInput {
    /// The agendas asked for and shown (synced), in the order asked.
    pub agendas: Vec<SheetAgendaInput>,
    /// Their bookings over the days (a margin around them; the rule keeps the days').
    pub bookings: Vec<SheetBooking>,
    /// The ids asked for that are not a shown calendar of this installation.
    pub unknown: Vec<String>,
}

impl Store {
    /// The agendas `calendar_ids` (shown calendars only: the others are not synced) and their
    /// bookings over the local days `[from, to]`, in one query of the bookings. Appointment
    /// types are printed by name, read from the calendar's availability configuration
    /// (published, else the draft), else by their id.
    pub fn sheet_input(
        &self,
        calendar_ids: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<SheetInput, StoreError> {
        let calendars = self.calendars()?;
        let mut agendas = Vec::new();
        let mut unknown = Vec::new();
        for id in calendar_ids {
            match calendars.iter().find(|c| &c.id == id && c.selected) {
                Some(c)
                    if !agendas
                        .iter()
                        .any(|a: &SheetAgendaInput| &a.calendar_id == id) =>
                {
                    let tz = c.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris);
                    agendas.push(SheetAgendaInput::new(&c.id, &c.summary, tz));
                }
                Some(_) => {}
                None => unknown.push(id.clone()),
            }
        }
        let ids: Vec<String> = agendas.iter().map(|a| a.calendar_id.clone()).collect();
        let (start, end) = read_window(&agendas, from, to);
        let mut names = HashMap::new();
        for id in &ids {
            names.insert(id.clone(), self.type_names(id)?);
        }
        // No agenda shown among those asked: nothing to read (an empty list would mean every
        // shown calendar to `appointments_between`).
        let rows = if ids.is_empty() {
            Vec::new()
        } else {
            self.appointments_between(&ids, start, end)?
        };
        let bookings = rows
            .into_iter()
            .map(|o| {
                let type_name = o.appointment_type.as_ref().map(|t| {
                    names
                        .get(&o.calendar_id)
                        .and_then(|n| n.get(t))
                        .cloned()
                        .unwrap_or_else(|| t.clone())
                });
                SheetBooking {
                    calendar_id: o.calendar_id,
                    start: o.start,
                    end: o.end,
                    all_day: o.all_day,
                    last_name: o.last_name,
                    first_name: o.first_name,
                    title: o.summary,
                    phone: o.phone,
                    appointment_type: type_name,
                    attendance: SheetAttendance::parse(o.marks.attendance.as_deref()),
                    note: o.marks.note,
                }
            })
            .collect();
        Ok(SheetInput {
            agendas,
            bookings,
            unknown,
        })
    }

    /// Appointment type id → name for `calendar_id`, from its saved availability.
    fn type_names(&self, calendar_id: &str) -> Result<HashMap<String, String>, StoreError> {
        let Some(row) = self.availability(calendar_id)? else {
            return Ok(HashMap::new());
        };
        let text = row.published.unwrap_or(row.config);
        Ok(PracticeConfig::parse(&text, FileFormat::Json)
            .map(|c| {
                c.appointment_types
                    .into_iter()
                    .map(|t| (t.id, t.name))
                    .collect()
            })
            .unwrap_or_default())
    }
}
