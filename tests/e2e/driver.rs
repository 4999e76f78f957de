//! Launching the real app binary under `tauri-driver` (which drives WebKitGTK's
//! `WebKitWebDriver`) and connecting a WebDriver client to it.

use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The app binary the tests drive: `rdv-compagnon` in the cargo profile folder this test was
/// built into (`target/debug/`, beside `deps/` where the test binary lives). This crate cannot
/// make cargo build another package's binary, so `make e2e` runs `cargo build -p rdv-compagnon`
/// first: the binary as it ships, without any `testing` feature.
pub fn app() -> &'static str {
    static APP: OnceLock<String> = OnceLock::new();
    APP.get_or_init(|| {
        let test_binary = std::env::current_exe().expect("the test binary's path");
        let profile_dir = test_binary
            .parent()
            .and_then(Path::parent)
            .expect("the test binary lives in <target>/<profile>/deps/");
        let app = profile_dir.join(format!("rdv-compagnon{}", std::env::consts::EXE_SUFFIX));
        assert!(
            app.is_file(),
            "{} is missing: build the app first (`cargo build -p rdv-compagnon`; `make e2e` does)",
            app.display()
        );
        app.to_string_lossy().into_owned()
    })
}

/// A throw-away profile: XDG folders where the app keeps its data, logs and WebKit caches.
pub struct Profile {
    dir: tempfile::TempDir,
}

impl Profile {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp profile");
        for sub in ["data", "config", "cache"] {
            std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        Self { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Applies the profile to a command (the app inherits it through tauri-driver).
    pub fn apply(&self, cmd: &mut Command) {
        cmd.env("XDG_DATA_HOME", self.path().join("data"))
            .env("XDG_CONFIG_HOME", self.path().join("config"))
            .env("XDG_CACHE_HOME", self.path().join("cache"));
    }

    /// The app's data folder inside this profile.
    pub fn app_data(&self) -> PathBuf {
        self.path().join("data").join("fr.librdv.compagnon")
    }

    /// Everything the app logged so far in this profile (its daily log files).
    pub fn log_text(&self) -> String {
        let dir = self.app_data().join("logs");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
            .unwrap_or_default();
        files.sort();
        files
            .iter()
            .filter_map(|f| std::fs::read_to_string(f).ok())
            .collect()
    }

    /// Every process started with this profile (the app keeps running in the tray after its
    /// WebDriver session ends, by design), found through its environment.
    pub fn processes(&self) -> Vec<u32> {
        let marker = format!("XDG_DATA_HOME={}", self.path().join("data").display());
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return Vec::new();
        };
        entries
            .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
            .filter(|pid| *pid != std::process::id())
            .filter(|pid| {
                std::fs::read(format!("/proc/{pid}/environ"))
                    .map(|env| env.split(|b| *b == 0).any(|v| v == marker.as_bytes()))
                    .unwrap_or(false)
            })
            .collect()
    }

    /// Ends the app instances of this profile and waits until they are gone.
    pub fn stop_apps(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let pids = self.processes();
            if pids.is_empty() {
                return;
            }
            for pid in &pids {
                let _ = Command::new("kill")
                    .args(["-KILL", &pid.to_string()])
                    .status();
            }
            assert!(
                Instant::now() < deadline,
                "app processes {pids:?} would not stop"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Profile {
    fn drop(&mut self) {
        // Before the folder goes: the app must not outlive the test or write into a deleted dir.
        self.stop_apps();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running tauri-driver; killed (with the app it started) on drop.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    pub fn start(profile: &Profile) -> Self {
        let port = free_port();
        let native = free_port();
        let mut cmd = Command::new(tauri_driver());
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
        profile.apply(&mut cmd);
        let child = cmd
            .spawn()
            .expect("tauri-driver must be installed (make test installs it)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { child, port }
    }

    /// Starts the app and connects to its web view.
    pub async fn session(&self) -> Client {
        self.session_with_args(&[]).await
    }

    /// Starts the app with command-line arguments and connects to its web view.
    pub async fn session_with_args(&self, args: &[&str]) -> Client {
        // Two rustls crypto providers are linked (ring via reqwest, aws-lc via fantoccini's
        // defaults): name one for the WebDriver client. Installing twice is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), "wry".into());
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": app(), "args": args }),
        );
        ClientBuilder::rustls()
            .expect("rustls")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("WebDriver session with the app")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tauri_driver() -> PathBuf {
    if let Some(p) = std::env::var_os("TAURI_DRIVER") {
        return p.into();
    }
    let home_bin = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .map(|c| c.join("bin/tauri-driver"));
    match home_bin {
        Some(p) if p.exists() => p,
        _ => PathBuf::from("tauri-driver"),
    }
}

/// Waits for an element (the UI renders after its first IPC round trip).
pub async fn find(client: &Client, css: &str) -> fantoccini::elements::Element {
    match client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(css))
        .await
    {
        Ok(element) => element,
        Err(e) => {
            // What the page showed instead, for whoever reads the failure.
            let shown = client
                .execute(
                    "return document.body ? document.body.innerText : ''",
                    vec![],
                )
                .await
                .ok()
                .and_then(|v| v.as_str().map(|s| s.chars().take(1500).collect::<String>()))
                .unwrap_or_default();
            panic!("element {css} never appeared: {e}\n--- the page showed:\n{shown}")
        }
    }
}

/// Waits for an element to exist *and be enabled*, then clicks it. A click on a control the UI
/// still disables (loading its state, saving) succeeds in WebDriver and does nothing.
pub async fn click(client: &Client, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let element = find(client, css).await;
        if element.is_enabled().await.unwrap_or(false) {
            element
                .click()
                .await
                .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
            return;
        }
        assert!(Instant::now() < deadline, "{css} stayed disabled");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Replaces a field's text as typing would, once the field is enabled; types again if the UI
/// replaced the text meanwhile (a form filled from a late answer), until the field holds it.
pub async fn type_into(client: &Client, css: &str, value: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let field = find(client, css).await;
        if field.is_enabled().await.unwrap_or(false) {
            field.clear().await.unwrap();
            field.send_keys(value).await.unwrap();
            if field.prop("value").await.ok().flatten().as_deref() == Some(value) {
                return;
            }
        }
        assert!(Instant::now() < deadline, "{css} never held {value:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `textContent` of the first match, trimmed (WebKit's `.text()` is empty for some nodes).
pub async fn text(client: &Client, css: &str) -> String {
    find(client, css).await;
    let v = client
        .execute(
            "return document.querySelector(arguments[0]).textContent.trim()",
            vec![serde_json::Value::String(css.into())],
        )
        .await
        .unwrap();
    v.as_str().unwrap_or_default().to_owned()
}

/// Polls `probe` until it returns true (bounded): for UI state that changes after an IPC call.
pub async fn eventually<F, Fut>(what: &str, mut probe: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = Instant::now() + Duration::from_secs(20);
    while !probe().await {
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Saves a screenshot of the web view under `target/e2e-screenshots/` for humans to look at.
pub async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e2e-screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

/// `[data-testid="…"]`.
pub fn tid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// Calls an app command from the web view exactly as the UI does (`invoke`), and returns
/// `{"ok": …}` or `{"err": {code, message}}`.
pub async fn invoke(client: &Client, command: &str, args: serde_json::Value) -> serde_json::Value {
    client
        .execute_async(
            "const [cmd, args, done] = arguments;
             window.__TAURI_INTERNALS__.invoke(cmd, args)
               .then(ok => done({ ok }), err => done({ err }));",
            vec![serde_json::json!(command), args],
        )
        .await
        .expect("the script runs in the web view")
}
