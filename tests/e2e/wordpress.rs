//! The booking site for the system tests: a throw-away WordPress with the plugin
//! (`scripts/wp-site.sh`, its own MariaDB and `php -S`), and the patient's browser — WebKitGTK's
//! MiniBrowser driven by its own `WebKitWebDriver`, a second driver beside the app's.

use fantoccini::{Client, ClientBuilder};
use serde_json::Value;
use std::collections::HashMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The checkout (the tests crate lives in `<root>/tests`).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives in the checkout")
        .to_path_buf()
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A running WordPress with the plugin active; stopped (MariaDB, php, its folder) on drop.
pub struct WordPress {
    dir: tempfile::TempDir,
    env: HashMap<String, String>,
}

impl WordPress {
    /// Starts WordPress on `port` with the plugin's Google base URL set to `google_base` (the
    /// sandbox). The plugin's French `.mo` is built first, as `make plugin-test` does.
    pub fn start(port: u16, google_base: &str) -> Self {
        let root = repo_root();
        let built = Command::new(root.join("scripts/plugin-i18n.sh"))
            .arg("build")
            .status()
            .expect("scripts/plugin-i18n.sh");
        assert!(built.success(), "the plugin's translations must build");
        let dir = tempfile::tempdir().expect("temp dir for WordPress");
        let site = dir.path().join("wp");
        let out = Command::new(root.join("scripts/wp-site.sh"))
            .arg("start")
            .arg(&site)
            .args(["--port", &port.to_string(), "--google-base", google_base])
            .stdout(Stdio::null())
            .output()
            .expect("scripts/wp-site.sh");
        let mut wp = Self {
            env: HashMap::new(),
            dir,
        };
        assert!(
            out.status.success(),
            "WordPress did not start:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let env = std::fs::read_to_string(wp.env_file()).expect("wp-site.sh writes DIR/env");
        wp.env = env
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.trim_matches('\'').to_owned()))
            .collect();
        wp
    }

    fn site_dir(&self) -> PathBuf {
        self.dir.path().join("wp")
    }

    /// The env file scripts read (`RDV_WP_URL`, `RDV_WP_USER`, …).
    pub fn env_file(&self) -> PathBuf {
        self.site_dir().join("env")
    }

    fn var(&self, name: &str) -> &str {
        self.env
            .get(name)
            .unwrap_or_else(|| panic!("{name} missing from wp-site.sh's env"))
    }

    /// `http://127.0.0.1:P/`.
    pub fn url(&self) -> &str {
        self.var("RDV_WP_URL")
    }

    /// The admin user and its application password (what the practitioner types into the app).
    pub fn app_credentials(&self) -> (&str, &str) {
        (self.var("RDV_WP_USER"), self.var("RDV_WP_APP_PASSWORD"))
    }

    /// One call of the plugin's REST API with the application password (curl, as any HTTP
    /// client would): `(status, headers lower-cased, JSON body or Null)`.
    pub fn api(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&Value>,
    ) -> (u16, HashMap<String, String>, Value) {
        let (user, password) = self.app_credentials();
        let mut cmd = Command::new("curl");
        cmd.args([
            "-s",
            "-D",
            "-",
            "-X",
            method,
            "-u",
            &format!("{user}:{password}"),
        ]);
        for (name, value) in headers {
            cmd.args(["-H", &format!("{name}: {value}")]);
        }
        if let Some(body) = body {
            cmd.args(["-H", "Content-Type: application/json", "--data-binary"])
                .arg(body.to_string());
        }
        cmd.arg(format!("{}wp-json/rdv-compagnon/v1/{path}", self.url()));
        let out = cmd.output().expect("curl");
        let text = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
        let (head, body) = text.split_once("\n\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_lowercase(), v.trim().to_owned()))
            .collect();
        (
            status,
            headers,
            serde_json::from_str(body).unwrap_or(Value::Null),
        )
    }

    /// Everything WordPress and PHP logged (for a failure message).
    pub fn logs(&self) -> String {
        ["debug.log", "php.log"]
            .iter()
            .filter_map(|f| std::fs::read_to_string(self.site_dir().join("log").join(f)).ok())
            .collect()
    }
}

impl Drop for WordPress {
    fn drop(&mut self) {
        let _ = Command::new(repo_root().join("scripts/wp-site.sh"))
            .arg("stop")
            .arg(self.site_dir())
            .status();
    }
}

/// The patient's browser: MiniBrowser (WebKitGTK) under its own `WebKitWebDriver`; killed on drop.
pub struct PatientBrowser {
    child: Child,
    port: u16,
}

const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

impl PatientBrowser {
    pub fn start() -> Self {
        let port = free_port();
        let child = Command::new("WebKitWebDriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("WebKitWebDriver (package webkit2gtk-driver)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "WebKitWebDriver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Self { child, port }
    }

    /// A new MiniBrowser window under automation.
    pub async fn session(&self) -> Client {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "webkitgtk:browserOptions".into(),
            serde_json::json!({ "binary": MINIBROWSER, "args": ["--automation"] }),
        );
        ClientBuilder::rustls()
            .expect("rustls")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("WebDriver session with MiniBrowser")
    }
}

impl Drop for PatientBrowser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
