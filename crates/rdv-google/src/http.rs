//! One HTTP exchange with a JSON API, shared by the Google Calendar client and the booking-site
//! client (`rdv-site`): conditional headers and a JSON body on the way out; the status, `ETag`,
//! `Retry-After` and a size-capped body on the way back.

use crate::calendar::parse_retry_after;
use reqwest::RequestBuilder;
use reqwest::header::{CONTENT_TYPE, ETAG, IF_MATCH, IF_NONE_MATCH, RETRY_AFTER};
use std::time::{Duration, SystemTime};

/// An HTTP client for a JSON API: gzip, no redirects followed (an API answer never moves; a
/// redirect would carry the credentials elsewhere), a connect timeout of at most 10 s and
/// `timeout` for the whole exchange. The error is described without URL or body.
pub fn client(user_agent: &str, timeout: Duration) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .user_agent(user_agent)
        .gzip(true)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .timeout(timeout)
        .build()
        .map_err(|e| crate::describe_transport(&e))
}

/// Adds `If-Match`, `If-None-Match` and a JSON body to `request`, each when given.
pub fn conditional(
    mut request: RequestBuilder,
    if_match: Option<&str>,
    if_none_match: Option<&str>,
    json_body: Option<&[u8]>,
) -> RequestBuilder {
    if let Some(etag) = if_match {
        request = request.header(IF_MATCH, etag);
    }
    if let Some(etag) = if_none_match {
        request = request.header(IF_NONE_MATCH, etag);
    }
    if let Some(body) = json_body {
        request = request
            .header(CONTENT_TYPE, "application/json")
            .body(body.to_vec());
    }
    request
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

/// Why an answer could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReceiveError {
    /// The connection failed while the body was read (described without URL or body).
    Network(String),
    /// The body is larger than the limit (announced or counted while reading).
    TooLarge,
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
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| ReceiveError::Network(crate::describe_transport(&e)))?
    {
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
    use crate::test_server::{Reply, TestServer};

    async fn send(
        server: &TestServer,
        if_match: Option<&str>,
        body: Option<&[u8]>,
    ) -> reqwest::Response {
        let request = reqwest::Client::new().post(&server.base);
        conditional(request, if_match, Some("\"v0\""), body)
            .send()
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn an_answer_brings_its_status_etag_retry_after_and_body() {
        let server = TestServer::start(vec![Reply::Http(
            429,
            vec![("ETag", "\"v2\"".into()), ("Retry-After", "7".into())],
            "{\"slow\":true}".into(),
        )])
        .await;
        let received = receive(send(&server, Some("\"v1\""), Some(b"{}")).await, 1024)
            .await
            .unwrap();
        assert_eq!(received.status, 429);
        assert_eq!(received.etag.as_deref(), Some("\"v2\""));
        assert_eq!(received.retry_after, Some(Duration::from_secs(7)));
        assert_eq!(received.body, b"{\"slow\":true}");
        let sent = server.received.lock().unwrap()[0].clone();
        assert_eq!(sent.header("If-Match"), Some("\"v1\""));
        assert_eq!(sent.header("If-None-Match"), Some("\"v0\""));
        assert_eq!(sent.header("Content-Type"), Some("application/json"));
        assert_eq!(sent.body, "{}");
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_refused_not_read() {
        let server = TestServer::start(vec![Reply::json(200, "x".repeat(2048))]).await;
        assert_eq!(
            receive(send(&server, None, None).await, 1024).await,
            Err(ReceiveError::TooLarge)
        );
        let sent = server.received.lock().unwrap()[0].clone();
        assert_eq!(sent.header("If-Match"), None, "no condition unless given");
        assert_eq!(sent.header("Content-Type"), None, "no body unless given");
    }

    #[tokio::test]
    async fn a_body_at_the_limit_is_read_whole() {
        let server = TestServer::start(vec![Reply::json(200, "y".repeat(1024))]).await;
        let received = receive(send(&server, None, None).await, 1024)
            .await
            .unwrap();
        assert_eq!(received.body.len(), 1024);
    }
}
