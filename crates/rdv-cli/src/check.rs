//! `rdv template check FILE`.

use crate::{Failure, input};
use chrono::{NaiveDate, Utc};
use rdv_core::availability::{validate, zone};
use std::path::Path;

/// Prints each problem on its own line (stdout), or a one-line summary when there is none.
#[allow(
    clippy::print_stdout,
    reason = "printing the verdict is the command's job"
)]
pub fn run(path: &Path, today: Option<NaiveDate>) -> Result<(), Failure> {
    let config = input::config(path)?;
    let today = today.unwrap_or_else(|| zone::local_date(config.time_zone, Utc::now()));
    let problems = validate(&config, today);
    if problems.is_empty() {
        println!(
            "Configuration valide : {} motif(s), {} modèle(s), {} fermeture(s), {} ouverture(s) exceptionnelle(s) ; fuseau {}.",
            config.appointment_types.len(),
            config.templates.len(),
            config.exceptions.closures.len(),
            config.exceptions.openings.len(),
            config.time_zone.name()
        );
        return Ok(());
    }
    for p in &problems {
        println!("{p}");
    }
    eprintln!(
        "{} : {} problème(s) à corriger.",
        path.display(),
        problems.len()
    );
    Err(Failure::Problems)
}
