//! One HTTP exchange with a JSON API, shared by the Google Calendar client and the booking-site
//! client: a [`Call`] (method, URL, conditional headers, a JSON body) on the way out; a
//! [`Received`] answer (status, `ETag`, `Retry-After`, a size-capped body) on the way back.

use crate::{describe_transport, parse_retry_after};
use reqwest::header::{CONTENT_TYPE, ETAG, IF_MATCH, IF_NONE_MATCH, RETRY_AFTER};
use reqwest::{Method, RequestBuilder};
use std::time::{Duration, SystemTime};
use url::Url;

/// One request to send (the credentials are added by the client, see [`Call::send`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Call {
    /// The HTTP method.
    pub method: Method,
    /// The full URL.
    pub url: Url,
    /// A JSON body, already encoded.
    pub body: Option<Vec<u8>>,
    /// `If-Match`: the ETag the change is based on.
    pub if_match: Option<String>,
    /// `If-None-Match`: the ETag already held (a `304` then means unchanged).
    pub if_none_match: Option<String>,
}

/// Why one exchange produced no answer to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiveError {
    /// The connection failed (described without URL or body). `sent`: the request may have
    /// reached the server (anything but a refused connection), so a write may have been applied.
    Network {
        /// The request may have reached the server.
        sent: bool,
        /// What failed.
        message: String,
    },
    /// The body is larger than the limit (announced or counted while reading).
    TooLarge,
}

impl Call {
    /// A call with no body and no condition.
    pub fn new(method: Method, url: Url) -> Self {
        Self {
            method,
            url,
            body: None,
            if_match: None,
            if_none_match: None,
        }
    }

    /// The same call with `body` encoded as its JSON body (the error names no content).
    pub fn json<T: serde::Serialize + ?Sized>(
        mut self,
        body: &T,
    ) -> Result<Self, serde_json::Error> {
        self.body = Some(serde_json::to_vec(body)?);
        Ok(self)
    }

    /// The same call with `If-Match: etag` when given.
    pub fn if_match(mut self, etag: Option<&str>) -> Self {
        self.if_match = etag.map(str::to_owned);
        self
    }

    /// The same call with `If-None-Match: etag` when given.
    pub fn if_none_match(mut self, etag: Option<&str>) -> Self {
        self.if_none_match = etag.map(str::to_owned);
        self
    }

    /// The request on `http`: method, URL, then `authorize` (the client's credentials), then the
    /// conditional headers and the JSON body, each when given.
    pub fn request(
        &self,
        http: &reqwest::Client,
        authorize: impl FnOnce(RequestBuilder) -> RequestBuilder,
    ) -> RequestBuilder {
        let mut request = authorize(http.request(self.method.clone(), self.url.clone()));
        if let Some(etag) = &self.if_match {
            request = request.header(IF_MATCH, etag);
        }
        if let Some(etag) = &self.if_none_match {
            request = request.header(IF_NONE_MATCH, etag);
        }
        if let Some(body) = &self.body {
            request = request
                .header(CONTENT_TYPE, "application/json")
                .body(body.clone());
        }
        request
    }

    /// Sends the call once on `http` (see [`Self::request`]) and reads the answer with a body of
    /// at most `max_body` bytes ([`receive`]). Any status is an answer; retrying is the caller's.
    pub async fn send(
        &self,
        http: &reqwest::Client,
        authorize: impl FnOnce(RequestBuilder) -> RequestBuilder,
        max_body: usize,
    ) -> Result<Received, ReceiveError> {
        let response =
            self.request(http, authorize)
                .send()
                .await
                .map_err(|e| ReceiveError::Network {
                    sent: !e.is_connect(),
                    message: describe_transport(&e),
                })?;
        receive(response, max_body).await
    }
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    /// The HTTP status.
    pub status: u16,
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The `Retry-After` header, as a delay from now.
    pub retry_after: Option<Duration>,
    /// The whole body.
    pub body: Vec<u8>,
}

impl Received {
    /// Whether the status is a success (`2xx`).
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// Reads `response`: status, headers, and a body of at most `max_body` bytes — refused as soon
/// as the announced length or the bytes read so far exceed it, so a hostile or broken server
/// cannot fill the memory.
pub async fn receive(
    mut response: reqwest::Response,
    max_body: usize,
) -> Result<Received, ReceiveError> {
    let status = response.status().as_u16();
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|v: &reqwest::header::HeaderValue| v.to_str().ok())
            .map(str::to_owned)
    };
    let etag = header(ETAG);
    let retry_after = header(RETRY_AFTER).and_then(|v| parse_retry_after(&v, SystemTime::now()));
    if response
        .content_length()
        .is_some_and(|n| n > max_body as u64)
    {
        return Err(ReceiveError::TooLarge);
    }
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|e| ReceiveError::Network {
        sent: true,
        message: describe_transport(&e),
    })? {
        if body.len() + chunk.len() > max_body {
            return Err(ReceiveError::TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Received {
        status,
        etag,
        retry_after,
        body,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{Reply, TestServer};

    fn call(server: &TestServer, if_match: Option<&str>, body: Option<&[u8]>) -> Call {
        let mut call = Call::new(Method::POST, Url::parse(&server.base).unwrap())
            .if_match(if_match)
            .if_none_match(Some("\"v0\""));
        call.body = body.map(<[u8]>::to_vec);
        call
    }

    async fn send(server: &TestServer, max_body: usize) -> Result<Received, ReceiveError> {
        call(server, None, None)
            .send(&reqwest::Client::new(), |r| r, max_body)
            .await
    }

    #[tokio::test]
    async fn an_answer_brings_its_status_etag_retry_after_and_body() {
        let server = TestServer::start(vec![Reply::Http(
            429,
            vec![("ETag", "\"v2\"".into()), ("Retry-After", "7".into())],
            "{\"slow\":true}".into(),
        )])
        .await;
        let received = call(&server, Some("\"v1\""), Some(b"{}"))
            .send(&reqwest::Client::new(), |r| r.bearer_auth("t0k"), 1024)
            .await
            .unwrap();
        assert_eq!(received.status, 429);
        assert!(!received.is_success());
        assert_eq!(received.etag.as_deref(), Some("\"v2\""));
        assert_eq!(received.retry_after, Some(Duration::from_secs(7)));
        assert_eq!(received.body, b"{\"slow\":true}");
        let sent = server.requests()[0].clone();
        assert_eq!(sent.method, "POST");
        assert_eq!(sent.header("Authorization"), Some("Bearer t0k"));
        assert_eq!(sent.header("If-Match"), Some("\"v1\""));
        assert_eq!(sent.header("If-None-Match"), Some("\"v0\""));
        assert_eq!(sent.header("Content-Type"), Some("application/json"));
        assert_eq!(sent.body, "{}");
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_refused_not_read() {
        let server = TestServer::start(vec![Reply::json(200, "x".repeat(2048))]).await;
        assert_eq!(send(&server, 1024).await, Err(ReceiveError::TooLarge));
        let sent = server.requests()[0].clone();
        assert_eq!(sent.header("If-Match"), None, "no condition unless given");
        assert_eq!(sent.header("Content-Type"), None, "no body unless given");
    }

    #[tokio::test]
    async fn a_body_at_the_limit_is_read_whole() {
        let server = TestServer::start(vec![Reply::json(200, "y".repeat(1024))]).await;
        assert_eq!(send(&server, 1024).await.unwrap().body.len(), 1024);
    }

    #[tokio::test]
    async fn an_unannounced_body_is_counted_while_read_and_refused_past_the_limit() {
        // Chunked: no Content-Length to refuse up front, the bytes are counted as they come.
        let server = TestServer::start(vec![Reply::Chunked(200, vec!["z".repeat(600); 2])]).await;
        assert_eq!(send(&server, 1024).await, Err(ReceiveError::TooLarge));
    }

    #[tokio::test]
    async fn an_unannounced_body_within_the_limit_is_read_whole() {
        let server = TestServer::start(vec![Reply::Chunked(
            200,
            vec!["{\"a\":".into(), "1}".into()],
        )])
        .await;
        assert_eq!(send(&server, 1024).await.unwrap().body, b"{\"a\":1}");
    }

    #[tokio::test]
    async fn an_empty_body_passes_a_zero_limit_and_one_byte_does_not() {
        let server = TestServer::start(vec![Reply::json(304, ""), Reply::json(200, "x")]).await;
        let received = send(&server, 0).await.unwrap();
        assert_eq!((received.status, received.body.len()), (304, 0));
        assert_eq!(send(&server, 0).await, Err(ReceiveError::TooLarge));
    }

    #[tokio::test]
    async fn a_connection_closed_mid_body_is_a_network_failure_after_sending() {
        let server = TestServer::start(vec![Reply::Truncated(200, 100, "short".into())]).await;
        assert!(matches!(
            send(&server, 1024).await,
            Err(ReceiveError::Network { sent: true, .. })
        ));
    }

    #[tokio::test]
    async fn a_refused_connection_was_not_sent() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        drop(listener);
        let result = Call::new(Method::POST, Url::parse(&url).unwrap())
            .send(&reqwest::Client::new(), |r| r, 1024)
            .await;
        assert!(
            matches!(result, Err(ReceiveError::Network { sent: false, .. })),
            "{result:?}"
        );
    }
}
