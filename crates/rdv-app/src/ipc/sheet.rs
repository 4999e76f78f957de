//! The day's sheet (*Feuille du jour*): its rows, computed by the core
//! ([`rdv_core::sheet`]), and the file formats it exports to.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The sheet, one agenda after another, each with its days and their appointments.
pub use rdv_core::sheet::{DaySheet, SheetAgenda, SheetAttendance, SheetDay, SheetRow};

/// The file a sheet is exported to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SheetFormat {
    /// CSV for a spreadsheet (`;`, UTF-8 with BOM: French Excel).
    Csv,
    /// PDF, A4, ready to print.
    Pdf,
}

impl SheetFormat {
    /// The file name's extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Pdf => "pdf",
        }
    }
}
