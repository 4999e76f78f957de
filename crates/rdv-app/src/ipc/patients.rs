//! A patient's history (*Historique du patient*).

use super::{Booking, Patient};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A patient's appointments, past and future, with their no-shows counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PatientHistory {
    /// The patient, as the booking the history was opened from names them.
    pub patient: Patient,
    /// Whether the patient could be identified (by e-mail or phone). Without either, the history
    /// is that booking alone: a name alone identifies no one.
    pub identified: bool,
    /// Their appointments in the selected calendars, newest first: every one to come and the
    /// past ones within the retention period (older ones are anonymised).
    pub bookings: Vec<Booking>,
    /// Their unexcused no-shows among those (`excused` is not one).
    pub no_shows: u32,
    /// Whether they are repeated (flagged in the views).
    pub repeated_no_shows: bool,
    /// The start of the retention period (RFC 3339): nothing older is kept.
    pub since: String,
}
