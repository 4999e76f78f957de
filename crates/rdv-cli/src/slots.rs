//! `rdv slots --template FILE --from DATE --to DATE …`.

use crate::{Failure, input};
use chrono::{DateTime, NaiveDate, Utc};
use rdv_core::availability::{SlotQuery, TypeSlots, compute_slots, validate, zone};
use serde::Serialize;
use std::path::PathBuf;

/// Arguments of `rdv slots`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Le fichier de configuration du cabinet (.toml ou .json).
    #[arg(long)]
    template: PathBuf,
    /// Premier jour (AAAA-MM-JJ), inclus.
    #[arg(long, value_parser = input::date_arg)]
    from: NaiveDate,
    /// Dernier jour (AAAA-MM-JJ), exclu : --from 2026-03-23 --to 2026-03-30 donne une semaine.
    #[arg(long, value_parser = input::date_arg)]
    to: NaiveDate,
    /// Fuseau IANA de l'agenda, à la place de celui du fichier (par exemple Europe/Paris).
    #[arg(long, value_parser = input::zone_arg)]
    tz: Option<chrono_tz::Tz>,
    /// Occupations : tableau JSON de {"start", "end"} en RFC 3339 ; avec "type", un rendez-vous
    /// existant de ce motif (compte pour le maximum par jour).
    #[arg(long)]
    busy: Option<PathBuf>,
    /// L'instant présent (RFC 3339), pour le délai de prévenance et l'horizon ; par défaut
    /// l'horloge du système.
    #[arg(long, value_parser = input::instant_arg)]
    now: Option<DateTime<Utc>>,
    /// Seulement ce motif (id) ; peut être répété.
    #[arg(long = "type", value_name = "ID")]
    types: Vec<String>,
    /// Inclure les motifs non réservables en ligne (pris par téléphone).
    #[arg(long)]
    include_offline: bool,
}

/// What `rdv slots` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Output {
    time_zone: &'static str,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
    types: Vec<TypeSlots>,
}

/// Validates the configuration (problems on stderr, exit 1), then prints the slots as JSON.
#[allow(
    clippy::print_stdout,
    reason = "printing the slots is the command's job"
)]
pub fn run(args: &Args) -> Result<(), Failure> {
    let mut config = input::config(&args.template)?;
    if let Some(tz) = args.tz {
        config.time_zone = tz;
    }
    if args.to <= args.from {
        return Err(Failure::Unusable(format!(
            "--to ({}) doit être après --from ({}) : --to est le premier jour exclu",
            args.to, args.from
        )));
    }
    let now = args.now.unwrap_or_else(Utc::now);
    let problems = validate(&config, zone::local_date(config.time_zone, now));
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{p}");
        }
        eprintln!(
            "{} : {} problème(s) à corriger avant de calculer les créneaux.",
            args.template.display(),
            problems.len()
        );
        return Err(Failure::Problems);
    }
    let (busy, bookings) = match &args.busy {
        Some(path) => input::busy(path)?,
        None => (Vec::new(), Vec::new()),
    };
    let query = SlotQuery {
        busy: &busy,
        bookings: &bookings,
        only_types: (!args.types.is_empty()).then_some(args.types.as_slice()),
        include_offline: args.include_offline,
        ..SlotQuery::new(args.from, args.to, now)
    };
    let types = compute_slots(&config, &query).map_err(|e| Failure::Unusable(e.to_string()))?;
    let output = Output {
        time_zone: config.time_zone.name(),
        from: args.from,
        to: args.to,
        now,
        types,
    };
    let json =
        serde_json::to_string_pretty(&output).map_err(|e| Failure::Unusable(e.to_string()))?;
    println!("{json}");
    Ok(())
}
