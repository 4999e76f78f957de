//! The built `rdv-server` binary: the ready line, then the API at the address it gives.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// The server process, killed when the test ends (passed or not).
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

const READY: &str = "rdv-server listening on ";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_says_where_it_listens_once_the_demo_is_ready() {
    let ui = super::ui_dir();
    let data = tempfile::tempdir().unwrap();
    let mut child = Process(
        Command::new(env!("CARGO_BIN_EXE_rdv-server"))
            .args(["--port", "0", "--now", super::NOW, "--ui"])
            .arg(ui.path())
            .arg("--data")
            .arg(data.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap();
        line
    })
    .await
    .unwrap();
    let base = line
        .trim_end()
        .strip_prefix(READY)
        .unwrap_or_else(|| panic!("the first line says where: {line:?}"))
        .to_owned();
    assert!(
        base.starts_with("http://127.0.0.1:"),
        "127.0.0.1 only: {base}"
    );
    assert!(!base.ends_with(":0"), "the real port, not 0: {base}");

    let http = reqwest::Client::new();
    let answer: Value = http
        .post(format!("{base}/api/call"))
        .json(&json!({ "command": "account_status" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        answer,
        json!({ "state": "linked", "email": rdv_sandbox::PRACTITIONER, "demo": true }),
        "ready means the demo account is linked"
    );
    assert!(
        data.path().join(rdv_store::DATABASE_FILE).is_file(),
        "--data holds the store"
    );
}

#[test]
fn a_bad_argument_is_explained_and_nothing_starts() {
    let output = Command::new(env!("CARGO_BIN_EXE_rdv-server"))
        .args(["--now", "lundi matin"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "a usage error");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("instant invalide"), "{stderr}");
    assert!(output.stdout.is_empty(), "no ready line");
}
