//! `rdv sheet --day DATE [--to DATE] [--calendar ID]… --format csv|pdf [-o FILE] [--db FILE]`:
//! the day's sheet from the app's own store, the same rows as the app's *Feuille du jour*
//! (read through [`rdv_store::Store::sheet_input`], made by [`rdv_core::sheet`]). The store is
//! opened read-only: nothing is created, migrated or written, and the app may keep running.
//! The store is encrypted: its key is read from the OS keychain, where the app keeps it
//! (`rdv_keychain`, the app's service); a plain file the app has not yet encrypted (it does at
//! its next start) is read as it is.

use crate::{Failure, input};
use chrono::NaiveDate;
use rdv_core::Language;
use rdv_core::ports::{SecretKey, SecretStore};
use rdv_core::sheet::{csv::to_csv, day_sheet, pdf::to_pdf};
use rdv_store::{DATABASE_FILE, DATABASE_KEY_NAME, DbKey, Store};
use std::io::Write;
use std::path::PathBuf;

/// The app's identifier: its data folder's name (`src-tauri/tauri.conf.json`).
const APP_IDENTIFIER: &str = "fr.librdv.compagnon";

/// The file format.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    /// CSV (`;`, UTF-8 avec BOM : Excel en français).
    Csv,
    /// PDF A4.
    Pdf,
}

/// Arguments of `rdv sheet`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Le jour (AAAA-MM-JJ), dans le fuseau de chaque agenda.
    #[arg(long, value_parser = input::date_arg)]
    day: NaiveDate,
    /// Dernier jour (AAAA-MM-JJ), inclus, pour une période ; par défaut --day.
    #[arg(long, value_parser = input::date_arg)]
    to: Option<NaiveDate>,
    /// Un agenda (son identifiant) ; peut être répété ; par défaut tous les agendas affichés.
    #[arg(long = "calendar", value_name = "ID")]
    calendars: Vec<String>,
    /// csv ou pdf.
    #[arg(long, value_enum)]
    format: Format,
    /// Le fichier à écrire ; par défaut la sortie standard.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    output: Option<PathBuf>,
    /// La base de l'application ; par défaut celle de l'utilisateur
    /// (~/.local/share/fr.librdv.compagnon/rdv-compagnon.sqlite3 sous Linux).
    #[arg(long, value_name = "FILE")]
    db: Option<PathBuf>,
    /// La langue des en-têtes (fr ou en) ; par défaut celle de l'application.
    #[arg(long, value_parser = ["fr", "en"])]
    lang: Option<String>,
}

/// Reads the store, makes the sheet, writes it.
pub fn run(args: &Args) -> Result<(), Failure> {
    let db = match &args.db {
        Some(db) => db.clone(),
        None => default_database().ok_or_else(|| {
            Failure::Unusable("dossier de données introuvable : indiquez --db".into())
        })?,
    };
    let key = database_key(&db)?;
    let store = Store::open_read_only(&db, key.as_ref()).map_err(|e| {
        let hint = if e.is_unreadable() && key.is_some() {
            " (la clé du trousseau n'ouvre pas cette base : elle vient d'une autre session ou \
             d'une autre machine)"
        } else {
            ""
        };
        Failure::Unusable(format!(
            "base de l'application illisible ({}) : {e}{hint}",
            db.display()
        ))
    })?;
    let unusable = |e: rdv_store::StoreError| Failure::Unusable(format!("{}: {e}", db.display()));
    let calendars = if args.calendars.is_empty() {
        store
            .calendars()
            .map_err(unusable)?
            .into_iter()
            .filter(|c| c.selected)
            .map(|c| c.id)
            .collect()
    } else {
        args.calendars.clone()
    };
    let (from, to) = (args.day, args.to.unwrap_or(args.day));
    let refused = |e: rdv_core::sheet::SheetError| Failure::Unusable(e.text().fr);
    rdv_core::sheet::check_range(calendars.len(), from, to).map_err(refused)?;
    let input = store.sheet_input(&calendars, from, to).map_err(unusable)?;
    if !input.unknown.is_empty() {
        return Err(Failure::Unusable(format!(
            "agenda inconnu ou non affiché dans l'application : {}",
            input.unknown.join(", ")
        )));
    }
    let sheet = day_sheet(&input.agendas, &input.bookings, from, to).map_err(refused)?;
    let language = match args.lang.as_deref() {
        Some("en") => Language::En,
        Some(_) => Language::Fr,
        None => store.language().unwrap_or_default(),
    };
    let bytes = match args.format {
        Format::Csv => to_csv(&sheet, language).into_bytes(),
        Format::Pdf => to_pdf(&sheet, language),
    };
    match &args.output {
        Some(path) => std::fs::write(path, &bytes).map_err(|e| {
            Failure::Unusable(format!("impossible d'écrire « {} » : {e}", path.display()))
        }),
        None => std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| Failure::Unusable(format!("sortie standard : {e}"))),
    }
}

/// The key of the encrypted database at `db`, read from the OS keychain where the app keeps it;
/// `None` for a plain file (not yet encrypted by the app) or a missing one (refused on opening).
fn database_key(db: &std::path::Path) -> Result<Option<DbKey>, Failure> {
    let plain = rdv_store::is_plain_database(db).unwrap_or(false);
    if plain || !db.is_file() {
        return Ok(None);
    }
    let keychain = rdv_keychain::OsKeychain::new();
    let name = SecretKey::new(DATABASE_KEY_NAME);
    match keychain.get(&name) {
        Ok(Some(hex)) => DbKey::from_hex(hex.expose()).map(Some).ok_or_else(|| {
            Failure::Unusable("la clé de la base dans le trousseau est invalide".into())
        }),
        Ok(None) => Err(Failure::Unusable(format!(
            "la base {} est chiffrée et sa clé n'est pas dans le trousseau de cette session \
             (lancez rdv dans la session de l'utilisateur de l'application)",
            db.display()
        ))),
        Err(e) => Err(Failure::Unusable(format!(
            "trousseau du système inaccessible, la base chiffrée ne peut être lue : {e}"
        ))),
    }
}

/// The app's database where the desktop app keeps it (Tauri's `app_data_dir`): the user's data
/// folder (`$XDG_DATA_HOME`, else `~/.local/share` on Linux; `~/Library/Application Support`
/// on macOS; `%APPDATA%` on Windows) and the app's identifier.
fn default_database() -> Option<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let data = if cfg!(target_os = "windows") {
        env("APPDATA")?
    } else if cfg!(target_os = "macos") {
        env("HOME")?.join("Library/Application Support")
    } else {
        env("XDG_DATA_HOME").or_else(|| Some(env("HOME")?.join(".local/share")))?
    };
    Some(data.join(APP_IDENTIFIER).join(DATABASE_FILE))
}
