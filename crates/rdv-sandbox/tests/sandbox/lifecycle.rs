//! Starting, describing and stopping a sandbox; the standalone binary.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use rdv_sandbox::{Control, Sandbox, SandboxConfig};

use crate::support::*;

/// The brief: a `Control` is a `Clone + Send + Sync` handle.
#[test]
fn control_is_a_shareable_handle() {
    fn shareable<T: Clone + Send + Sync + 'static>() {}
    shareable::<Control>();
}

/// `Sandbox::base_url` is `http://127.0.0.1:PORT/`; `GET /` describes the service and its
/// endpoints; after `stop` the port is closed.
#[tokio::test]
async fn it_serves_on_loopback_and_stops_cleanly() {
    let env = start().await;
    assert!(
        env.base.starts_with("http://127.0.0.1:") && env.base.ends_with('/'),
        "{}",
        env.base
    );
    let root: serde_json::Value = env
        .http
        .get(&env.base)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(root["service"], "rdv-sandbox");
    assert_eq!(
        root["endpoints"]["calendar"],
        format!("{}calendar/v3/", env.base)
    );
    assert_eq!(root["endpoints"]["token"], format!("{}token", env.base));
    let base = env.base.clone();
    env.sandbox.stop().await;
    let fresh = reqwest::Client::new();
    assert!(
        fresh.get(&base).send().await.is_err(),
        "the port is closed after stop"
    );
}

/// A taken port is a clear error naming it.
#[tokio::test]
async fn a_taken_port_is_a_clear_error() {
    let first = start().await;
    let port: u16 = first
        .base
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let err = Sandbox::start(SandboxConfig {
        port,
        ..SandboxConfig::default()
    })
    .await
    .unwrap_err();
    assert!(
        err.to_string().contains(&format!("127.0.0.1:{port}")),
        "{err}"
    );
}

/// The brief: `rdv-sandbox --port N --seed demo --consent approve:EMAIL` prints its URLs on
/// stderr and serves.
#[tokio::test]
async fn the_binary_prints_its_urls_and_serves_the_demo() {
    /// Ends the child we started, even when an assertion fails.
    struct Running(std::process::Child);
    impl Drop for Running {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_rdv-sandbox"))
        .args([
            "--port",
            "0",
            "--seed",
            "demo",
            "--consent",
            "approve:dr.camille.laurent@example.fr",
        ])
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let stderr = child.stderr.take().unwrap();
    let _running = Running(child);
    let mut lines = BufReader::new(stderr).lines();
    let mut printed = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let done = line.contains("client_secret");
        printed.push(line);
        if done {
            break;
        }
    }
    let text = printed.join("\n");
    for label in [
        "OAuth authorize",
        "OAuth token",
        "OAuth revoke",
        "OAuth userinfo",
        "Calendar v3",
    ] {
        assert!(text.contains(label), "{label} in {text}");
    }
    let calendar = printed
        .iter()
        .find(|l| l.contains("Calendar v3"))
        .and_then(|l| l.split_whitespace().last())
        .unwrap()
        .to_owned();
    let base = calendar.trim_end_matches("calendar/v3/").to_owned();
    let root = reqwest::get(&base).await.unwrap();
    assert_eq!(root.status(), 200);
}
