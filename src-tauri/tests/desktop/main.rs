//! The OS adapters against the real services of a desktop session: the Secret Service
//! (gnome-keyring) and a notification daemon (dunst).
//!
//! These tests need the session that `scripts/desktop-session.sh` starts (D-Bus session bus,
//! unlocked gnome-keyring, dunst on an Xvfb display); `make test` runs them inside it.

use rdv_app::ipc::KeychainStatus;
use rdv_compagnon::keychain::OsKeychain;
use rdv_compagnon::notifier::DesktopNotifier;
use rdv_core::Sensitive;
use rdv_core::ports::{Notification, Notifier, SecretKey, SecretStore};
use std::process::Command;
use std::time::{Duration, Instant};

fn require_session() {
    assert!(
        std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some(),
        "no D-Bus session: run these tests through `make test` or `scripts/desktop-session.sh cargo test`"
    );
}

fn unique(tag: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{tag}-{}-{nanos}", std::process::id())
}

#[test]
fn a_secret_round_trips_through_the_real_session_keyring() {
    require_session();
    let keychain = OsKeychain::with_service(unique("fr.librdv.compagnon.test"));
    let key = SecretKey::new("google.refresh-token:test@example.fr");
    assert_eq!(
        keychain.get(&key).unwrap(),
        None,
        "a fresh service has no secret"
    );

    keychain
        .set(&key, &Sensitive::new("1//first".into()))
        .unwrap();
    keychain
        .set(&key, &Sensitive::new("1//second".into()))
        .unwrap();
    let read = keychain
        .get(&key)
        .unwrap()
        .expect("the secret must be stored");
    assert_eq!(
        read.expose(),
        "1//second",
        "set replaces the previous value"
    );

    // What another process sees: libsecret's own tool finds it under our service name.
    let service = keychain_service_name(&keychain);
    let out = Command::new("secret-tool")
        .args(["lookup", "service", &service, "username", key.name()])
        .output()
        .expect("secret-tool (libsecret-tools) must be installed");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "1//second",
        "stored in the OS keychain"
    );

    keychain.delete(&key).unwrap();
    assert_eq!(keychain.get(&key).unwrap(), None, "delete removes it");
    keychain
        .delete(&key)
        .expect("deleting a missing secret succeeds");
}

fn keychain_service_name(k: &OsKeychain) -> String {
    // The Debug form is `OsKeychain { service: "…" }`.
    let dbg = format!("{k:?}");
    dbg.split('"').nth(1).unwrap().to_owned()
}

#[test]
fn the_app_reports_the_unlocked_session_keyring_as_available() {
    require_session();
    let out = Command::new(env!("CARGO_BIN_EXE_rdv-compagnon"))
        .arg("--check-keychain")
        .output()
        .unwrap();
    let status: KeychainStatus = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    assert_eq!(status, KeychainStatus::Available);
    assert!(out.status.success());
}

#[test]
fn without_a_session_bus_the_keychain_is_unavailable_not_faked() {
    let out = Command::new(env!("CARGO_BIN_EXE_rdv-compagnon"))
        .arg("--check-keychain")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/rdv-test-bus",
        )
        .output()
        .unwrap();
    let status: KeychainStatus = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    assert!(
        matches!(status, KeychainStatus::Unavailable { .. }),
        "no keychain service must be an error, never an in-memory fallback: {status:?}"
    );
    assert!(!out.status.success(), "the diagnostic exits non-zero");
}

#[test]
fn a_keyring_that_is_running_but_locked_is_reported_as_locked() {
    // A separate session whose gnome-keyring was started without a password: its login
    // collection cannot be unlocked without a prompt, which a headless session cannot show.
    let home = tempfile::tempdir().unwrap();
    let runtime = home.path().join("run");
    std::fs::create_dir_all(&runtime).unwrap();
    let script = format!(
        "gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1; exec {} --check-keychain",
        env!("CARGO_BIN_EXE_rdv-compagnon")
    );
    let out = Command::new("dbus-run-session")
        .args(["--", "sh", "-c", &script])
        .env("HOME", home.path())
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .env_remove("DISPLAY")
        .output()
        .expect("dbus-run-session must be installed");
    let status: KeychainStatus = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {} / {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(
        matches!(status, KeychainStatus::Locked { .. }),
        "a locked keyring must be reported as locked: {status:?}"
    );
}

#[test]
fn a_notification_reaches_the_real_notification_daemon() {
    require_session();
    let body = unique("Rappel de test");
    DesktopNotifier::default()
        .notify(&Notification {
            title: "RDV Compagnon".into(),
            body: body.clone(),
            ..Default::default()
        })
        .expect("the daemon must accept the notification");
    // dunst records what it displayed; poll its history until ours shows up (bounded).
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let out = Command::new("dunstctl")
            .arg("history")
            .output()
            .expect("dunstctl must be installed");
        let history = String::from_utf8_lossy(&out.stdout);
        let count = Command::new("dunstctl")
            .args(["count", "displayed"])
            .output()
            .unwrap();
        let displayed = String::from_utf8_lossy(&count.stdout);
        if history.contains(&body) || displayed.trim() != "0" && shown_now(&body) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "dunst never showed the notification; history: {history}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Whether a displayed (not yet closed) notification carries `body`: dunst moves a notification
/// to its history only once it is closed, so close them all and look there.
fn shown_now(body: &str) -> bool {
    let _ = Command::new("dunstctl").arg("close-all").status();
    let out = Command::new("dunstctl").arg("history").output().unwrap();
    String::from_utf8_lossy(&out.stdout).contains(body)
}
