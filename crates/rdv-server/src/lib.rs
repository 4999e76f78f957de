//! # rdv-server — RDV Compagnon in a plain browser
//!
//! The second transport of the command table: the same `rdv_app::api::dispatch` the Tauri shell
//! forwards to, over HTTP, on one [`App`] in demo mode (the embedded `rdv-sandbox`, linked as
//! `make demo` does). It serves the real UI (`ui/dist`) at `/`, so a browser, `npm run dev` (whose
//! proxy sends `/api` here) and browser-level tests talk to the real Rust.
//!
//! - `POST /api/call` with `{"command": "…", "params": {…}}`: 200 and the answer's JSON, or 422
//!   and the command's `{code, message}`; a body that is not that shape: 400 and an
//!   `invalidInput` error (see [`routes`]).
//! - `GET /api/events`: the app's events as server-sent events, named as in
//!   [`rdv_app::ports::events`], `data:` their JSON payload (`null` when none); notifications
//!   arrive as a `notification` event (see [`adapters`]).
//!
//! A development and test tool, bound to 127.0.0.1 only and never shipped in the .deb: its
//! secrets live in memory (rdv-core's `testing` adapters) and die with the process.

pub mod adapters;
pub mod routes;

use adapters::{AppEvent, BroadcastEvents, EventNotifier};
use rdv_app::ipc::{AccountState, AppInfo, SyncState};
use rdv_app::{App, Ports};
use rdv_core::ports::testing::{FixedClock, MemorySecretStore};
use rdv_core::ports::{Clock, SystemClock};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;
use tokio::net::TcpListener;
use tokio::sync::broadcast;

/// The port `rdv-server` listens on unless told otherwise (`ui/vite.config.ts` proxies `/api`
/// to it).
pub const DEFAULT_PORT: u16 = 1421;

/// How many events a slow event stream may fall behind before it skips some (it is then told
/// to reload, see [`routes`]).
const EVENT_BACKLOG: usize = 256;

/// How the server starts.
#[derive(Debug, Clone)]
pub struct Config {
    /// The port on 127.0.0.1; `0` picks a free one ([`Server::addr`] tells which).
    pub port: u16,
    /// Where the store lives; `None`: a temporary directory, deleted when the server stops.
    pub data_dir: Option<PathBuf>,
    /// The built UI served at `/`.
    pub ui_dir: PathBuf,
    /// Pins the app's clock at this instant (tests); `None`: the system clock.
    pub now: Option<SystemTime>,
}

impl Config {
    /// The repository's `ui/dist` (what `make ui` builds).
    pub fn default_ui_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/dist")
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            port: DEFAULT_PORT,
            data_dir: None,
            ui_dir: Self::default_ui_dir(),
            now: None,
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// The data directory could not be created.
    #[error("cannot create the data directory: {0}")]
    Data(#[source] std::io::Error),
    /// The store could not be opened.
    #[error("cannot open the store: {0}")]
    Store(#[from] rdv_store::StoreError),
    /// The port is taken or not allowed.
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind {
        /// The port asked for.
        port: u16,
        /// What the system said.
        source: std::io::Error,
    },
    /// The demo account could not be linked.
    #[error("cannot start the demo: {0}")]
    Demo(#[source] rdv_app::AppError),
}

/// A started server: the app in demo mode, its background tasks running, the socket bound.
/// [`Server::serve`] answers requests.
pub struct Server {
    app: Arc<App>,
    events: broadcast::Sender<AppEvent>,
    listener: TcpListener,
    addr: SocketAddr,
    ui_dir: PathBuf,
    /// The temporary data directory, deleted when the server is dropped.
    _data: Option<tempfile::TempDir>,
}

impl Server {
    /// Opens the store, links the demo account when none is linked and syncs it (so the demo
    /// practice is there once this returns), starts the poller, the reminders and the retention
    /// purge as the desktop app does, and binds 127.0.0.1.
    pub async fn start(config: Config) -> Result<Self, StartError> {
        let (data_dir, temporary) = match config.data_dir {
            Some(dir) => {
                std::fs::create_dir_all(&dir).map_err(StartError::Data)?;
                (dir, None)
            }
            None => {
                let dir = tempfile::Builder::new()
                    .prefix("rdv-server-")
                    .tempdir()
                    .map_err(StartError::Data)?;
                (dir.path().to_owned(), Some(dir))
            }
        };
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, config.port))
            .await
            .map_err(|source| StartError::Bind {
                port: config.port,
                source,
            })?;
        let addr = listener.local_addr().map_err(|source| StartError::Bind {
            port: config.port,
            source,
        })?;
        // A plain file: rdv-server only ever links the embedded demo sandbox (invented patients),
        // its secrets die with the run, and `--data DIR` promises a folder kept across runs — a
        // key that died with the first run would lock the second out (and would encrypt for
        // good an earlier version's plain file someone pointed it at). An app's encrypted
        // database is refused here (SQLite: not a database), never rewritten.
        let secrets = Arc::new(MemorySecretStore::default());
        let store = rdv_store::Store::open(&data_dir.join(rdv_store::DATABASE_FILE))?;
        let (events, _) = broadcast::channel(EVENT_BACKLOG);
        let clock: Arc<dyn Clock> = match config.now {
            Some(at) => Arc::new(FixedClock::new(at)),
            None => Arc::new(SystemClock),
        };
        let ports = Ports {
            secrets,
            notifier: Arc::new(EventNotifier(events.clone())),
            sink: Arc::new(BroadcastEvents(events.clone())),
            browser: Arc::new(rdv_app::demo::HeadlessConsent),
            clock,
            desktop: Arc::new(rdv_app::ports::NoDesktop),
        };
        let info = AppInfo {
            name: "RDV Compagnon (rdv-server)".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            data_dir: data_dir.display().to_string(),
            log_dir: String::new(),
        };
        let app = Arc::new(App::new(Arc::new(store), ports, info, None));
        start_demo(&app).await?;
        spawn_background(&app);
        Ok(Self {
            app,
            events,
            listener,
            addr,
            ui_dir: config.ui_dir,
            _data: temporary,
        })
    }

    /// The address it listens on (127.0.0.1 and the real port).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The app every request runs on (tests compare with `dispatch` on it).
    pub fn app(&self) -> &Arc<App> {
        &self.app
    }

    /// Answers requests until the task is dropped or the socket fails.
    pub async fn serve(self) -> std::io::Result<()> {
        let router = routes::router(self.app.clone(), self.events.clone(), &self.ui_dir);
        let served = axum::serve(self.listener, router).await;
        drop(self._data);
        served
    }
}

/// Links the demo account when none is linked (as `make demo` does), then syncs once.
async fn start_demo(app: &App) -> Result<(), StartError> {
    if app.account_state().map_err(StartError::Demo)? == AccountState::None {
        app.start_demo().await.map_err(StartError::Demo)?;
    }
    let status = app.sync_now().await;
    if status.state != SyncState::Idle {
        tracing::warn!(state = ?status.state, "the first sync did not finish");
    }
    Ok(())
}

/// The desktop app's background tasks: the poller, the reminders, the retention purge.
fn spawn_background(app: &Arc<App>) {
    let poller = app.clone();
    tokio::spawn(async move { poller.run_poller().await });
    let reminders = app.clone();
    tokio::spawn(async move { reminders.run_reminders().await });
    let retention = app.clone();
    tokio::spawn(async move { retention.run_retention().await });
}
