//! A canned-response HTTP/1.1 server for the tests of the clients (behind the `testing`
//! feature, never enabled by the app): answers each connection with the next scripted response
//! (then closes it) and records what it received.

use std::net::Ipv4Addr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Status, extra headers, body.
    Http(u16, Vec<(&'static str, String)>, String),
    /// Status and a body sent in these chunks (`Transfer-Encoding: chunked`, no length).
    Chunked(u16, Vec<String>),
    /// Status, an announced `Content-Length`, and a shorter body before the connection closes.
    Truncated(u16, usize, String),
    /// Close the connection without answering.
    Drop,
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Reply::Http(
            status,
            vec![("Content-Type", "application/json".into())],
            body.into(),
        )
    }
}

/// What the server received.
#[derive(Debug, Clone)]
pub struct Received {
    /// The request's method.
    pub method: String,
    /// The request target (path and query).
    pub target: String,
    /// The headers, as sent.
    pub headers: Vec<(String, String)>,
    /// The body (lossy UTF-8).
    pub body: String,
}

impl Received {
    /// A header's value, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A running scripted server.
pub struct TestServer {
    /// `http://127.0.0.1:port/`.
    pub base: String,
    /// What the server received, in order.
    pub received: Arc<Mutex<Vec<Received>>>,
}

impl TestServer {
    /// Serves `replies` in order; once exhausted, answers 500.
    pub async fn start(replies: Vec<Reply>) -> Self {
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).await.unwrap();
        let base = format!("http://{}/", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = received.clone();
        tokio::spawn(async move {
            let mut replies = replies.into_iter();
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let Some(request) = read_request(&mut stream).await else {
                    continue;
                };
                log.lock().unwrap().push(request);
                match replies
                    .next()
                    .unwrap_or_else(|| Reply::json(500, "{\"error\":{\"code\":500}}"))
                {
                    Reply::Drop => drop(stream),
                    Reply::Chunked(status, chunks) => {
                        let mut out = format!(
                            "HTTP/1.1 {status} X\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        );
                        for chunk in chunks {
                            out.push_str(&format!("{:x}\r\n{chunk}\r\n", chunk.len()));
                        }
                        out.push_str("0\r\n\r\n");
                        let _ = stream.write_all(out.as_bytes()).await;
                        let _ = stream.shutdown().await;
                    }
                    Reply::Truncated(status, announced, body) => {
                        let out = format!(
                            "HTTP/1.1 {status} X\r\nContent-Length: {announced}\r\nConnection: close\r\n\r\n{body}"
                        );
                        let _ = stream.write_all(out.as_bytes()).await;
                        let _ = stream.shutdown().await;
                    }
                    Reply::Http(status, headers, body) => {
                        let mut out = format!(
                            "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                            body.len()
                        );
                        for (name, value) in headers {
                            out.push_str(&format!("{name}: {value}\r\n"));
                        }
                        out.push_str("\r\n");
                        out.push_str(&body);
                        let _ = stream.write_all(out.as_bytes()).await;
                        let _ = stream.shutdown().await;
                    }
                }
            }
        });
        Self { base, received }
    }

    /// A copy of what was received so far.
    pub fn requests(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

async fn read_request(stream: &mut tokio::net::TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.lines();
    let mut first = lines.next()?.split_whitespace();
    let (method, target) = (first.next()?.to_owned(), first.next()?.to_owned());
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + length {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[head_end..]).into_owned();
    Some(Received {
        method,
        target,
        headers,
        body,
    })
}

/// A [`crate::Sleep`] that returns at once and records the waits asked of it.
#[derive(Debug, Default)]
pub struct RecordedSleep {
    waits: Mutex<Vec<Duration>>,
}

impl RecordedSleep {
    /// The waits asked so far, in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.waits.lock().unwrap().clone()
    }
}

impl crate::Sleep for RecordedSleep {
    fn sleep(
        &self,
        wait: Duration,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + '_>> {
        self.waits.lock().unwrap().push(wait);
        Box::pin(std::future::ready(()))
    }
}
