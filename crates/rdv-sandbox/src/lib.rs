//! # rdv-sandbox — a local stand-in for what the app cannot reach in tests and demos
//!
//! Responsibility: serve, on `127.0.0.1` only, the subset of Google's OAuth and Calendar v3 APIs
//! (and later the practitioner's booking site) that the app uses, behaving as documented in
//! `shared/reference/` — so demo mode and the test suites run the app's real client code.
//!
//! Public surface so far: [`Sandbox::start`] binds a server and tells its [`Sandbox::base_url`];
//! it answers `GET /` with a description of itself. The Google endpoints arrive with the Google
//! account feature.

use std::net::{Ipv4Addr, SocketAddr};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SandboxError {
    /// The port is taken or not allowed.
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind {
        /// The requested port (0 = any free port).
        port: u16,
        /// What the OS said.
        source: std::io::Error,
    },
}

/// A running sandbox. Dropping it stops the server.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Starts the server on `127.0.0.1:port` (`0` picks a free port). Must be called inside a
    /// Tokio runtime.
    pub async fn start(port: u16) -> Result<Self, SandboxError> {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
            .await
            .map_err(|source| SandboxError::Bind { port, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| SandboxError::Bind { port, source })?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, router()).with_graceful_shutdown(async {
                let _ = stopped.await;
            });
            if let Err(e) = serve.await {
                tracing::error!(error = %e, "sandbox server stopped");
            }
        });
        tracing::info!(%addr, "sandbox listening");
        Ok(Self {
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT/`.
    pub fn base_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Stops the server and waits until it has closed its socket.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn router() -> axum::Router {
    use axum::routing::get;
    axum::Router::new().route(
        "/",
        get(|| async {
            axum::Json(serde_json::json!({
                "service": "rdv-sandbox",
                "description": "Local stand-in for Google OAuth, Calendar v3 and the booking site",
                "version": env!("CARGO_PKG_VERSION"),
            }))
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    async fn get_root(addr: &str) -> std::io::Result<String> {
        let mut s = tokio::net::TcpStream::connect(addr).await?;
        s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            .await?;
        let mut out = String::new();
        s.read_to_string(&mut out).await?;
        Ok(out)
    }

    #[tokio::test]
    async fn it_serves_on_loopback_and_stops_cleanly() {
        let sandbox = Sandbox::start(0).await.unwrap();
        let base = sandbox.base_url();
        assert!(base.starts_with("http://127.0.0.1:"), "{base}");
        let hostport = base
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let reply = get_root(&hostport).await.unwrap();
        assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
        assert!(reply.contains("\"service\":\"rdv-sandbox\""), "{reply}");
        sandbox.stop().await;
        assert!(
            get_root(&hostport).await.is_err(),
            "the port must be closed after stop"
        );
    }

    #[tokio::test]
    async fn a_taken_port_is_a_clear_error() {
        let first = Sandbox::start(0).await.unwrap();
        let port = first.addr.port();
        let err = Sandbox::start(port).await.unwrap_err();
        assert!(
            err.to_string().contains(&format!("127.0.0.1:{port}")),
            "{err}"
        );
    }
}
