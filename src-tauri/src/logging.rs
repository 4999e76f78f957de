//! Logs: `tracing` to a daily-rotated file in the app's log folder (7 files kept) and to stderr.
//!
//! Personal data and secrets never reach a log because they are carried in
//! [`rdv_core::Sensitive`], whose formatting prints `[redacted]` — redaction is a property of the
//! type, not of each log call. `RUST_LOG` overrides the default level (`info`).

use std::path::Path;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{RollingFileAppender, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Log files start with this prefix: `rdv-compagnon.2026-11-26.log`.
pub const FILE_PREFIX: &str = "rdv-compagnon";
/// How many daily files are kept.
pub const KEPT_FILES: usize = 7;

/// Keeps the background log writer alive; dropping it flushes the file.
pub struct LogGuard(#[allow(dead_code)] WorkerGuard);

/// Why logging could not start.
#[derive(Debug, thiserror::Error)]
#[error("cannot write logs to {dir}: {reason}")]
pub struct LoggingError {
    dir: String,
    reason: String,
}

/// The rotating file writer in `dir`.
pub fn file_writer(dir: &Path) -> Result<RollingFileAppender, LoggingError> {
    let err = |reason: String| LoggingError {
        dir: dir.display().to_string(),
        reason,
    };
    std::fs::create_dir_all(dir).map_err(|e| err(e.to_string()))?;
    let writer = RollingFileAppender::builder()
        .rotation(Rotation::DAILY)
        .filename_prefix(FILE_PREFIX)
        .filename_suffix("log")
        .max_log_files(KEPT_FILES)
        .build(dir)
        .map_err(|e| err(e.to_string()))?;
    // The folder 0700 and the files 0600, those an earlier version left looser included (the
    // process umask, 077 since `run`, covers the files rotation makes later).
    // Best effort: a file that cannot be changed is logged and skipped, never fatal.
    rdv_app::storage::make_private(dir, FILE_PREFIX);
    Ok(writer)
}

/// A subscriber writing to `file` (no colours) and `stderr`.
pub fn subscriber<F, E>(file: F, stderr: E) -> impl tracing::Subscriber + Send + Sync
where
    F: for<'w> MakeWriter<'w> + Send + Sync + 'static,
    E: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::registry()
        .with(filter)
        .with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                .with_writer(file),
        )
        .with(tracing_subscriber::fmt::layer().with_writer(stderr))
}

/// Installs the global subscriber. Called once at start-up.
pub fn init(dir: &Path) -> Result<LogGuard, LoggingError> {
    let (file, guard) = tracing_appender::non_blocking(file_writer(dir)?);
    subscriber(file, std::io::stderr)
        .try_init()
        .map_err(|e| LoggingError {
            dir: dir.display().to_string(),
            reason: e.to_string(),
        })?;
    Ok(LogGuard(guard))
}

/// Installs the panic hook, before anything else at start-up: a panic's location and thread go
/// to the log (through `tracing`, so to the file once [`init`] ran, and to stderr), then to the
/// default hook (stderr, unchanged). The message is logged only when it is a literal written in
/// our code (a `&'static str` payload); a formatted one (`unwrap()` on an error, `panic!` with
/// arguments) could carry input values — personal data — so only its length is logged.
pub fn install_panic_hook() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let location = info
            .location()
            .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_else(|| "unknown".to_owned());
        let thread = std::thread::current()
            .name()
            .unwrap_or("unnamed")
            .to_owned();
        let message = panic_message(info.payload());
        tracing::error!(%location, %thread, %message, "panic");
        default(info);
    }));
}

/// What the log says of a panic's payload: a literal as is, a formatted message withheld.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(literal) = payload.downcast_ref::<&'static str>() {
        (*literal).to_owned()
    } else if let Some(formatted) = payload.downcast_ref::<String>() {
        format!("message withheld (formatted, {} bytes)", formatted.len())
    } else {
        "(no message)".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rdv_core::Sensitive;

    #[cfg(unix)]
    #[test]
    fn the_log_folder_and_its_files_are_made_private_even_when_they_were_not() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let set = |p: &Path, m: u32| {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(m)).unwrap();
        };
        let dir = tempfile::tempdir().unwrap();
        let logs = dir.path().join("logs");
        std::fs::create_dir(&logs).unwrap();
        set(&logs, 0o755);
        let old = logs.join("rdv-compagnon.2026-11-01.log");
        std::fs::write(&old, "started\n").unwrap();
        set(&old, 0o644);
        drop(file_writer(&logs).unwrap());
        assert_eq!(mode(&logs), 0o700, "the folder");
        for entry in std::fs::read_dir(&logs).unwrap() {
            let path = entry.unwrap().path();
            assert_eq!(mode(&path), 0o600, "{}", path.display());
        }
    }

    #[test]
    fn a_sensitive_value_logged_by_mistake_is_redacted_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let (file, guard) = tracing_appender::non_blocking(file_writer(dir.path()).unwrap());
        let sub = subscriber(file, std::io::sink);
        tracing::subscriber::with_default(sub, || {
            let email = Sensitive::new("jeanne.martin@example.fr".to_string());
            let token = Sensitive::new("ya29.secret-access-token".to_string());
            tracing::info!(?email, %token, "booking synced for {email}");
        });
        drop(guard); // flushes the background writer
        let mut logged = String::new();
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            let path = entry.unwrap().path();
            assert!(
                path.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with(FILE_PREFIX),
                "unexpected file {path:?}"
            );
            logged.push_str(&std::fs::read_to_string(path).unwrap());
        }
        assert!(
            logged.contains("booking synced"),
            "the event must be in the file: {logged}"
        );
        assert!(!logged.contains("jeanne"), "an email leaked: {logged}");
        assert!(!logged.contains("ya29"), "a token leaked: {logged}");
        assert!(logged.contains("[redacted]"), "{logged}");
    }

    /// An error whose `Debug` holds the input, as many do.
    fn lookup(email: &str) -> Result<(), String> {
        Err(format!("no booking for {email}"))
    }

    #[test]
    fn a_panic_is_written_to_the_log_with_its_location_and_only_a_literal_message() {
        let dir = tempfile::tempdir().unwrap();
        let (file, guard) = tracing_appender::non_blocking(file_writer(dir.path()).unwrap());
        let sub = subscriber(file, std::io::sink);
        install_panic_hook();
        let (literal, formatted) = tracing::subscriber::with_default(sub, || {
            (
                std::panic::catch_unwind(|| panic!("probe literal panic")),
                std::panic::catch_unwind(|| lookup("jeanne.martin@example.fr").unwrap()),
            )
        });
        // Back to the default hook for the other tests of this process.
        drop(std::panic::take_hook());
        assert!(literal.is_err() && formatted.is_err());
        drop(guard); // flushes the background writer
        let mut logged = String::new();
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            logged.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        assert!(logged.contains("probe literal panic"), "{logged}");
        assert!(
            !logged.contains("jeanne"),
            "a formatted message leaked: {logged}"
        );
        assert!(logged.contains("message withheld (formatted,"), "{logged}");
        assert!(logged.contains("src/logging.rs:"), "the location: {logged}");
        assert!(logged.contains("thread"), "the thread: {logged}");
        assert_eq!(logged.matches("ERROR").count(), 2, "{logged}");
    }
}
