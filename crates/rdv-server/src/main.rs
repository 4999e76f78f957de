//! `rdv-server [--port N] [--data DIR] [--ui DIR] [--now RFC3339]`: RDV Compagnon in a plain
//! browser, over the embedded demo sandbox (see the library's documentation). Prints
//! `rdv-server listening on http://127.0.0.1:PORT` once the demo practice is ready; stops on
//! Ctrl-C. A development and test tool, not shipped in the .deb.

use rdv_server::{Config, Server};
use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: rdv-server [--port N] [--data DIR] [--ui DIR] [--now RFC3339]";

/// Reads the command line into a [`Config`].
fn config(args: &[String]) -> Result<Config, String> {
    let mut config = Config::default();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let mut value = || {
            args.next()
                .cloned()
                .ok_or_else(|| format!("valeur manquante après {flag} / missing value"))
        };
        match flag.as_str() {
            "--port" => {
                let port = value()?;
                config.port = port
                    .parse()
                    .map_err(|_| format!("port invalide « {port} » / invalid port"))?;
            }
            "--data" => config.data_dir = Some(PathBuf::from(value()?)),
            "--ui" => config.ui_dir = PathBuf::from(value()?),
            "--now" => {
                let now = value()?;
                let at = chrono::DateTime::parse_from_rfc3339(&now).map_err(|_| {
                    format!("instant invalide « {now} » (attendu RFC 3339) / invalid instant")
                })?;
                config.now = Some(at.into());
            }
            other => return Err(format!("option inconnue « {other} » / unknown option")),
        }
    }
    Ok(config)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let config = match config(&args) {
        Ok(config) => config,
        Err(problem) => {
            eprintln!("rdv-server: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("rdv-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(run(config))
}

async fn run(config: Config) -> ExitCode {
    if !config.ui_dir.join("index.html").is_file() {
        tracing::warn!(
            dir = %config.ui_dir.display(),
            "no built UI there (run `make ui`): only /api is served"
        );
    }
    let server = match Server::start(config).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("rdv-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    #[allow(
        clippy::print_stdout,
        reason = "the ready line, read by scripts and tests"
    )]
    {
        println!("rdv-server listening on http://{}", server.addr());
    }
    tokio::select! {
        served = server.serve() => match served {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("rdv-server: {e}");
                ExitCode::FAILURE
            }
        },
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}
