//! `rdv publish --dry-run --template FILE --calendar ID [--events FILE]`: the writes *Publier*
//! would make to a calendar, as JSON — computed by the same core as the app
//! (`rdv_core::availability::publish`). The CLI never writes to Google: the app holds the
//! account's access in the keychain, and publishing is confirmed there.

use crate::{Failure, input};
use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use rdv_core::availability::publish::{self, google};
use rdv_core::availability::{validate, zone};
use rdv_core::google::Event;
use serde::Serialize;
use std::path::PathBuf;

/// Arguments of `rdv publish`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Calculer le plan sans rien écrire (obligatoire : la publication se fait depuis l'app).
    #[arg(long)]
    dry_run: bool,
    /// Le fichier de configuration du cabinet (.toml ou .json).
    #[arg(long)]
    template: PathBuf,
    /// L'identifiant de l'agenda Google (son adresse), qui entre dans les identifiants d'événements.
    #[arg(long)]
    calendar: String,
    /// Les événements actuels de l'agenda : la réponse JSON de Google à
    /// `GET calendars/ID/events?privateExtendedProperty=rdv.kind%3Davailability`
    /// (objet avec "items", ou tableau d'événements). Absent : un agenda sans disponibilités.
    #[arg(long)]
    events: Option<PathBuf>,
    /// Premier jour publié (AAAA-MM-JJ) ; par défaut le lundi de la semaine en cours.
    #[arg(long, value_parser = input::date_arg)]
    from: Option<NaiveDate>,
    /// Nombre de semaines publiées après la semaine en cours (par défaut 12, comme l'app).
    #[arg(long, default_value_t = 12)]
    weeks: u16,
    /// L'instant présent (RFC 3339) ; par défaut l'horloge du système.
    #[arg(long, value_parser = input::instant_arg)]
    now: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Output {
    calendar: String,
    from: NaiveDate,
    to: NaiveDate,
    writes: usize,
    summary: String,
    creates: Vec<Event>,
    updates: Vec<Update>,
    deletes: Vec<String>,
    closes: Vec<String>,
    reopens: Vec<String>,
    unchanged: usize,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Update {
    id: String,
    changed: Vec<&'static str>,
    event: Event,
}

/// Validates the configuration (problems on stderr, exit 1), reads the calendar's events, prints
/// the plan as JSON.
#[allow(
    clippy::print_stdout,
    reason = "printing the plan is the command's job"
)]
pub fn run(args: &Args) -> Result<(), Failure> {
    if !args.dry_run {
        return Err(Failure::Unusable(
            "seul --dry-run est possible ici : la publication vers Google se fait depuis l'app \
             (Disponibilités → Publier), qui détient l'accès au compte"
                .into(),
        ));
    }
    let config = input::config(&args.template)?;
    let now = args.now.unwrap_or_else(Utc::now);
    let today = zone::local_date(config.time_zone, now);
    let problems = validate(&config, today);
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{p}");
        }
        eprintln!(
            "{} : {} problème(s) à corriger avant de publier.",
            args.template.display(),
            problems.len()
        );
        return Err(Failure::Problems);
    }
    let existing = match &args.events {
        Some(path) => google::existing_events(&input::events(path)?),
        None => Vec::new(),
    };
    let monday = today - TimeDelta::days(i64::from(today.weekday().num_days_from_monday()));
    let from = args.from.unwrap_or(monday);
    let to = monday + TimeDelta::weeks(i64::from(args.weeks) + 1);
    if to <= from {
        return Err(Failure::Unusable(format!(
            "--from ({from}) est après la fin de la période publiée ({to})"
        )));
    }
    let mut desired = publish::desired_events(&config, &args.calendar, from, to);
    for d in &mut desired {
        d.cancelled_starts.retain(|s| *s >= now);
    }
    let plan = publish::plan(&desired, &existing);
    let output = Output {
        calendar: args.calendar.clone(),
        from,
        to: to - TimeDelta::days(1),
        writes: plan.write_count(),
        summary: plan.summary_fr(),
        creates: plan
            .creates
            .iter()
            .map(|d| google::resource(&d.body, Some(&d.id)))
            .collect(),
        updates: plan
            .patches
            .iter()
            .map(|p| Update {
                id: p.id.clone(),
                changed: p.changed.clone(),
                event: google::resource(&p.body, None),
            })
            .collect(),
        deletes: plan.deletes.iter().map(|d| d.id.clone()).collect(),
        closes: plan.cancels.iter().map(|c| c.instance_id.clone()).collect(),
        reopens: plan
            .restores
            .iter()
            .map(|c| c.instance_id.clone())
            .collect(),
        unchanged: plan.unchanged.len(),
    };
    let json =
        serde_json::to_string_pretty(&output).map_err(|e| Failure::Unusable(e.to_string()))?;
    println!("{json}");
    Ok(())
}
