//! Request recording and fault injection ([`crate::Control::inject`]), a layer of the server
//! that exists only with the `testing` feature: the demo and the shipped app never carry it.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tokio::sync::Notify;

use crate::control::{FaultKind, RecordedRequest};
use crate::error::ApiError;
use crate::site;
use crate::world::{Shared, World};

/// Lets a request close its own connection ([`FaultKind::DropConnection`]).
#[derive(Clone)]
pub(crate) struct ConnKill(pub(crate) Arc<Notify>);

const SENSITIVE: &[&str] = &[
    "access_token",
    "token",
    "code",
    "refresh_token",
    "client_secret",
    "code_verifier",
    // The booking site's erasure preview names a person (docs/booking-endpoint.md § Erasure).
    "email",
    "phone",
];

fn redact(query: Option<&str>) -> String {
    let Some(q) = query else { return String::new() };
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(q.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if !pairs.iter().any(|(k, _)| SENSITIVE.contains(&k.as_str())) {
        return q.to_owned();
    }
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &pairs {
        let v = if SENSITIVE.contains(&k.as_str()) {
            "REDACTED"
        } else {
            v
        };
        out.append_pair(k, v);
    }
    out.finish()
}

fn take_fault(world: &mut World, method: &str, path: &str) -> Option<FaultKind> {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let i = world
        .faults
        .iter()
        .position(|f| f.matches(method, path, &decoded))?;
    let fault = &mut world.faults[i];
    fault.times -= 1;
    let kind = fault.kind.clone();
    if fault.times == 0 {
        world.faults.remove(i);
    }
    Some(kind)
}

fn is_oauth_path(path: &str) -> bool {
    [
        "/token",
        "/revoke",
        "/v1/userinfo",
        "/oauth2/",
        "/o/oauth2/",
    ]
    .iter()
    .any(|p| path.starts_with(p))
}

/// Records the request, then applies the first matching fault, if any.
pub(crate) async fn record_and_fault(
    State(shared): State<Arc<Shared>>,
    req: Request,
    next: Next,
) -> Response {
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    let fault = {
        let mut world = shared.lock();
        world.requests.push(RecordedRequest {
            method: method.clone(),
            path: path.clone(),
            query: redact(req.uri().query()),
        });
        take_fault(&mut world, &method, &path)
    };
    match fault {
        None => next.run(req).await,
        Some(FaultKind::Delay(d)) => {
            tokio::time::sleep(d).await;
            next.run(req).await
        }
        Some(FaultKind::DelayAnswer(d)) => {
            let response = next.run(req).await;
            tokio::time::sleep(d).await;
            response
        }
        Some(FaultKind::Status { status, reason }) => {
            if is_oauth_path(&path) {
                let message = ApiError::injected(status, &reason).message.clone();
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
                let body = json!({"error": reason, "error_description": message});
                let mut r = (status, axum::Json(body)).into_response();
                if status == StatusCode::TOO_MANY_REQUESTS {
                    r.headers_mut()
                        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                }
                r
            } else if site::is_site_path(&path) {
                site::WpError::injected(status, &reason).into_response()
            } else {
                ApiError::injected(status, &reason).into_response()
            }
        }
        Some(FaultKind::DropConnection) => {
            if let Some(kill) = req.extensions().get::<ConnKill>() {
                kill.0.notify_one();
            }
            std::future::pending::<Response>().await
        }
        Some(FaultKind::MalformedBody) => {
            let response = next.run(req).await;
            let (mut parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let cut: Bytes = if bytes.len() > 1 {
                bytes.slice(..bytes.len() / 2)
            } else {
                Bytes::from_static(b"{\"kind\":")
            };
            parts.status = StatusCode::OK;
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=UTF-8"),
            );
            Response::from_parts(parts, Body::from(cut))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_queries_never_keep_tokens() {
        assert_eq!(redact(Some("maxResults=5")), "maxResults=5");
        assert_eq!(redact(Some("token=1%2F%2Fabc&x=1")), "token=REDACTED&x=1");
        assert_eq!(redact(None), "");
    }
}
