//! `rdv-sandbox [--port N] [--seed empty|demo] [--consent page|approve:EMAIL|deny]
//! [--web-redirect URI]…`: runs the sandbox standalone, prints its URLs on stderr and serves
//! until Ctrl+C.

use std::process::ExitCode;

use rdv_sandbox::{Consent, Sandbox, SandboxConfig, Seed};

const USAGE: &str = "usage: rdv-sandbox [--port N] [--seed empty|demo] [--consent page|approve:EMAIL|deny] [--web-redirect URI]...
  --port N        port on 127.0.0.1 (default 8787; 0 = any free port)
  --seed demo     Dr Camille Laurent's practice around now (default: empty)
  --consent page  French consent page (default); approve:EMAIL grants at once; deny refuses
  --web-redirect URI  an authorized redirect URI of the web client (the booking site's);
                  repeatable, exact match";

/// The command line: the sandbox's configuration and the web client's redirect URIs.
type Options = (SandboxConfig, Vec<String>);

fn parse(args: impl Iterator<Item = String>) -> Result<Option<Options>, String> {
    let mut config = SandboxConfig {
        port: 8787,
        ..SandboxConfig::default()
    };
    let mut web_redirects = Vec::new();
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (arg.clone(), None),
        };
        if matches!(name.as_str(), "--help" | "-h") {
            return Ok(None);
        }
        let value = match inline.or_else(|| args.next()) {
            Some(v) => v,
            None => return Err(format!("{name} needs a value")),
        };
        match name.as_str() {
            "--port" => {
                config.port = value
                    .parse()
                    .map_err(|_| format!("invalid port {value:?}"))?
            }
            "--seed" => {
                config.seed = match value.as_str() {
                    "empty" => Seed::Empty,
                    "demo" => Seed::Demo {
                        now: chrono::Utc::now(),
                    },
                    _ => return Err(format!("unknown seed {value:?} (empty or demo)")),
                }
            }
            "--consent" => {
                config.consent = match value.split_once(':') {
                    _ if value == "page" => Consent::Page,
                    _ if value == "deny" => Consent::Deny,
                    Some(("approve", email)) if email.contains('@') => {
                        Consent::Approve(email.to_owned())
                    }
                    _ => return Err(format!("unknown consent {value:?}")),
                }
            }
            "--web-redirect" => web_redirects.push(value),
            other => return Err(format!("unknown argument {other:?}")),
        }
    }
    Ok(Some((config, web_redirects)))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let (config, web_redirects) = match parse(std::env::args().skip(1)) {
        Ok(Some(c)) => c,
        Ok(None) => {
            eprintln!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(problem) => {
            eprintln!("rdv-sandbox: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let sandbox = match Sandbox::start(config).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("rdv-sandbox: {e}");
            return ExitCode::FAILURE;
        }
    };
    for uri in &web_redirects {
        sandbox.register_web_redirect(uri);
    }
    let base = sandbox.base_url();
    eprintln!("rdv-sandbox listening at {base} (Ctrl+C to stop)");
    eprintln!("  OAuth authorize : {base}o/oauth2/v2/auth");
    eprintln!("  OAuth token     : {base}token");
    eprintln!("  OAuth revoke    : {base}revoke");
    eprintln!("  OAuth userinfo  : {base}v1/userinfo");
    eprintln!("  Calendar v3     : {base}calendar/v3/");
    eprintln!(
        "  SMS (Brevo)     : {base}v3/transactionalSMS/send (api-key {})",
        rdv_sandbox::SMS_API_KEY
    );
    eprintln!("  SMS received    : {base}sandbox/sms (same api-key)");
    eprintln!("  client_id       : {}", rdv_sandbox::CLIENT_ID);
    eprintln!("  client_secret   : {}", rdv_sandbox::CLIENT_SECRET);
    eprintln!("  web client_id   : {}", rdv_sandbox::WEB_CLIENT_ID);
    eprintln!("  web secret      : {}", rdv_sandbox::WEB_CLIENT_SECRET);
    for uri in &web_redirects {
        eprintln!("  web redirect    : {uri}");
    }
    let _ = tokio::signal::ctrl_c().await;
    sandbox.stop().await;
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> impl Iterator<Item = String> {
        s.split_whitespace()
            .map(str::to_owned)
            .collect::<Vec<_>>()
            .into_iter()
    }

    #[test]
    fn arguments_are_parsed() {
        let (c, web) = parse(args(
            "--port 0 --seed demo --consent approve:a@example.fr --web-redirect http://127.0.0.1:9/cb --web-redirect=https://site.example/cb",
        ))
        .unwrap()
        .unwrap();
        assert_eq!(c.port, 0);
        assert!(matches!(c.seed, Seed::Demo { .. }));
        assert_eq!(c.consent, Consent::Approve("a@example.fr".into()));
        assert_eq!(web, ["http://127.0.0.1:9/cb", "https://site.example/cb"]);
        assert_eq!(
            parse(args("--consent=deny")).unwrap().unwrap().0.consent,
            Consent::Deny
        );
        assert!(parse(args("--help")).unwrap().is_none());
        assert!(parse(args("--seed nope")).is_err());
        assert!(parse(args("--port")).is_err());
    }
}
