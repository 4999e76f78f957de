//! `rdv` — the support-staff command line over rdv-core: check a practice configuration file,
//! print the slots it offers, print the plan of a publish, count the segments of an SMS text,
//! print the day's sheet from the app's store (read-only).
//! Exit codes: 0 fine, 1 the configuration has problems, 2 a file could not be read or parsed (or
//! the arguments are wrong).

mod check;
mod input;
mod publish;
mod sheet;
mod slots;
mod sms;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

/// Outils RDV Compagnon pour le support : vérifier une configuration de disponibilités,
/// afficher les créneaux proposés aux patients.
#[derive(Debug, Parser)]
#[command(name = "rdv", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Modèles de disponibilités (fichier de configuration du cabinet).
    Template {
        #[command(subcommand)]
        command: TemplateCommand,
    },
    /// Affiche en JSON les créneaux proposés, par motif (heures RFC 3339 avec décalage).
    Slots(slots::Args),
    /// Affiche en JSON les écritures que « Publier » ferait dans un agenda (--dry-run).
    Publish(publish::Args),
    /// La feuille du jour (CSV ou PDF) lue dans la base de l'application, en lecture seule.
    Sheet(sheet::Args),
    /// Textes SMS : encodage et nombre de segments facturés (docs/sms.md).
    Sms {
        #[command(subcommand)]
        command: sms::Command,
    },
}

#[derive(Debug, Subcommand)]
enum TemplateCommand {
    /// Vérifie un fichier (TOML ou JSON) : un problème par ligne, avec son code.
    /// Code de sortie : 0 valide, 1 problèmes, 2 fichier illisible.
    Check {
        /// Le fichier de configuration (.toml ou .json).
        file: PathBuf,
        /// La date du jour (AAAA-MM-JJ) pour les vérifications de changement d'heure ;
        /// par défaut aujourd'hui dans le fuseau du fichier.
        #[arg(long, value_parser = input::date_arg)]
        today: Option<chrono::NaiveDate>,
    },
}

/// How a command ended, mapped to the exit code.
#[derive(Debug)]
enum Failure {
    /// The configuration has problems (exit 1); they were printed.
    Problems,
    /// A file or an argument could not be used (exit 2).
    Unusable(String),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Template {
            command: TemplateCommand::Check { file, today },
        } => check::run(&file, today),
        Command::Slots(args) => slots::run(&args),
        Command::Publish(args) => publish::run(&args),
        Command::Sheet(args) => sheet::run(&args),
        Command::Sms { command } => sms::run(&command),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Problems) => ExitCode::from(1),
        Err(Failure::Unusable(message)) => {
            eprintln!("rdv : {message}");
            ExitCode::from(2)
        }
    }
}
