//! The day's sheet (*Feuille du jour*): the appointments of one day or a range of days for the
//! agendas chosen, to print (the web view prints what [`App::day_sheet`] answers) or to export
//! as CSV or PDF through the desktop's save dialog. The rows and both files are the core's
//! ([`rdv_core::sheet`]); the cache is read in one query of the bookings
//! ([`rdv_store::Store::sheet_input`], which `rdv sheet` reads through too).

use crate::ipc::{DaySheet, SheetFormat};
use crate::ports::FileChoice;
use crate::{App, AppError};
use chrono::NaiveDate;
use rdv_core::sheet::{self, csv::to_csv, pdf::to_pdf};
use std::path::Path;

impl App {
    /// The sheet of `calendar_ids` (in that order) over the local days `[from, to]` (both
    /// included; `to` = `from` for one day). An unknown or hidden agenda, a reversed range or
    /// one longer than [`sheet::MAX_SHEET_DAYS`] days is refused.
    pub fn day_sheet(
        &self,
        calendar_ids: &[String],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<DaySheet, AppError> {
        self.ensure_unlocked()?;
        let refused = |e: sheet::SheetError| AppError::InvalidInput(e.text());
        sheet::check_range(calendar_ids.len(), from, to).map_err(refused)?;
        let input = self.store.sheet_input(calendar_ids, from, to)?;
        if let Some(id) = input.unknown.first() {
            return Err(AppError::invalid(
                format!("L'agenda « {id} » n'est pas affiché dans l'application."),
                format!("The agenda “{id}” is not shown in the app."),
            ));
        }
        sheet::day_sheet(&input.agendas, &input.bookings, from, to).map_err(refused)
    }

    /// Writes the sheet ([`App::day_sheet`]) to `path` as `format`, in the user's language.
    pub fn export_day_sheet(
        &self,
        calendar_ids: &[String],
        from: NaiveDate,
        to: NaiveDate,
        format: SheetFormat,
        path: &Path,
    ) -> Result<(), AppError> {
        let sheet = self.day_sheet(calendar_ids, from, to)?;
        let language = self.language();
        let bytes = match format {
            SheetFormat::Csv => to_csv(&sheet, language).into_bytes(),
            SheetFormat::Pdf => to_pdf(&sheet, language),
        };
        std::fs::write(path, bytes).map_err(|e| {
            AppError::invalid(
                format!("Impossible d'écrire le fichier : {e}"),
                format!("Cannot write the file: {e}"),
            )
        })?;
        tracing::info!(
            rows = sheet.row_count(),
            format = format.extension(),
            "day sheet exported"
        );
        Ok(())
    }

    /// Checks the request, asks where to save, and exports ([`App::export_day_sheet`]); the
    /// path written, `None` when the user cancels. A refused request asks nothing.
    pub fn export_day_sheet_chosen(
        &self,
        calendar_ids: &[String],
        from: NaiveDate,
        to: NaiveDate,
        format: SheetFormat,
    ) -> Result<Option<String>, AppError> {
        self.day_sheet(calendar_ids, from, to)?;
        match self.choose(FileChoice::ExportDaySheet { format, from })? {
            Some(path) => {
                self.export_day_sheet(calendar_ids, from, to, format, &path)?;
                Ok(Some(path.display().to_string()))
            }
            None => Ok(None),
        }
    }
}
