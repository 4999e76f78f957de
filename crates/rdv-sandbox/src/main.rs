//! `rdv-sandbox [--port N]`: runs the sandbox standalone and prints its base URL.

use std::process::ExitCode;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let mut port: u16 = 8787;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--port", Some(v)) => match v.parse() {
                Ok(p) => port = p,
                Err(_) => return usage(&format!("invalid port {v:?}")),
            },
            ("--help" | "-h", _) => return usage(""),
            (other, _) => return usage(&format!("unknown argument {other:?}")),
        }
    }
    let sandbox = match rdv_sandbox::Sandbox::start(port).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("rdv-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!(
        "rdv-sandbox listening at {} (Ctrl+C to stop)",
        sandbox.base_url()
    );
    let _ = tokio::signal::ctrl_c().await;
    sandbox.stop().await;
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    if !problem.is_empty() {
        eprintln!("rdv-sandbox: {problem}");
    }
    eprintln!("usage: rdv-sandbox [--port N]   (default 8787; 0 = any free port)");
    if problem.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}
