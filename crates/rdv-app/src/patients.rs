//! A patient's history: their appointments, past (within the retention period) and to come,
//! newest first, with their unexcused no-shows counted — the patient identified by the one
//! matcher, [`rdv_core::person::Person`] (e-mail or phone), never by name alone; the counting
//! and the "repeated" rule are [`rdv_core::history`]'s. The same count flags a booking in
//! *Rendez-vous* and the tray ([`NoShows`]).

use crate::ipc::{Booking, Patient, PatientHistory};
use crate::{App, AppError};
use chrono::{DateTime, SecondsFormat, Utc};
use rdv_core::history::{self, Visit};
use rdv_store::OccurrenceRow;

/// Every booking of the period is read for a history (a busy practice holds a few thousand):
/// a cap would drop the newest.
const HISTORY_LIMIT: usize = usize::MAX;

/// What the history rule reads of a cached booking.
pub(crate) fn visit_of(o: &OccurrenceRow) -> Visit<'_> {
    Visit {
        email: o.email.as_deref(),
        phone: o.phone.as_deref(),
        attendance: o.marks.attendance.as_deref(),
    }
}

/// The unexcused no-shows of the retention period (their e-mail and phone), read once per
/// view and matched against each booking it shows.
pub(crate) struct NoShows(Vec<rdv_store::Contact>);

impl NoShows {
    /// The no-shows of bookings that started since the beginning of the retention period.
    pub(crate) fn load(app: &App) -> Result<Self, AppError> {
        Ok(Self(app.store.no_shows_since(app.history_since()?)?))
    }

    /// The unexcused no-shows of `o`'s patient.
    pub(crate) fn of(&self, o: &OccurrenceRow) -> u32 {
        history::no_shows(
            &visit_of(o),
            self.0.iter().map(|(email, phone)| Visit {
                email: email.as_deref(),
                phone: phone.as_deref(),
                attendance: Some("absent"),
            }),
        )
    }
}

impl App {
    /// The start of the retention period: past bookings before it are anonymised (or about to
    /// be), so history and search stop there.
    pub(crate) fn history_since(&self) -> Result<DateTime<Utc>, AppError> {
        self.retention_cutoff()
    }

    /// *Historique du patient*: the appointments of the patient of booking `id` in
    /// `calendar_id` (an occurrence id, as the views give it), newest first, with their
    /// no-shows. `None` when that booking is no longer cached.
    pub fn patient_history(
        &self,
        calendar_id: &str,
        id: &str,
    ) -> Result<Option<PatientHistory>, AppError> {
        self.ensure_unlocked()?;
        let Some(from) = self
            .store
            .occurrence(calendar_id, id)?
            .filter(|o| o.kind == rdv_core::conventions::EventKind::Booking)
        else {
            return Ok(None);
        };
        let since = self.history_since()?;
        let person = history::person_of(&visit_of(&from));
        let patient = Patient::new(
            from.first_name.clone(),
            from.last_name.clone(),
            from.phone.clone(),
            from.email.clone(),
        );
        let mut rows: Vec<OccurrenceRow> = match &person {
            Some(person) => self
                .store
                .bookings_ending_after(since, None, HISTORY_LIMIT)?
                .into_iter()
                .filter(|o| history::is_theirs(person, &visit_of(o)))
                .collect(),
            None => vec![from.clone()],
        };
        rows.sort_by(|a, b| (b.start, &b.id).cmp(&(a.start, &a.id)));
        let no_shows = history::no_shows(&visit_of(&from), rows.iter().map(visit_of));
        let bookings: Vec<Booking> = self.booking_views(rows)?;
        Ok(Some(PatientHistory {
            patient,
            identified: person.is_some(),
            bookings,
            no_shows,
            repeated_no_shows: history::is_repeated(no_shows),
            since: since.to_rfc3339_opts(SecondsFormat::Secs, true),
        }))
    }
}
