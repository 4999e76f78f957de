//! `GET /o/oauth2/v2/auth` and its consent page (google-oauth-desktop-notes.md steps 2–4).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};

use super::{AuthCode, AuthRequest, Client, SCOPE_PREFIX, granted_scopes};
use crate::Consent;
use crate::query::Query;
use crate::world::{Shared, World};

/// An error Google shows on its own page instead of redirecting (bad client or redirect URI).
fn error_page(status: u16, error: &str, description: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Erreur {status} : {error}</title></head>\
         <body><h1>Erreur d'autorisation</h1><p><strong>Erreur {status} : {error}</strong></p><p>{}</p></body></html>",
        escape(description)
    );
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST),
        Html(body),
    )
        .into_response()
}

pub(crate) fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Loopback only (RFC 8252 §7.3): `http://127.0.0.1|[::1]|localhost[:port][/path]`.
fn is_loopback_redirect(uri: &str) -> bool {
    let Ok(url) = url::Url::parse(uri) else {
        return false;
    };
    let host_ok = matches!(
        url.host(),
        Some(url::Host::Ipv4(ip)) if ip.is_loopback()
    ) || matches!(url.host(), Some(url::Host::Ipv6(ip)) if ip.is_loopback())
        || url.host_str() == Some("localhost");
    url.scheme() == "http" && host_ok && url.fragment().is_none()
}

fn is_known_scope(s: &str) -> bool {
    matches!(s, "openid" | "email" | "profile")
        || s.strip_prefix(SCOPE_PREFIX).is_some_and(|rest| {
            !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        })
}

fn is_pkce_value(s: &str) -> bool {
    (43..=128).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~'))
}

/// Validates an authorization request; `Err` is the page to show. `web_redirects` are the
/// redirect URIs registered for the web client.
fn validate(
    q: &Query,
    web_redirects: &std::collections::BTreeSet<String>,
) -> Result<AuthRequest, Box<Response>> {
    let error_page =
        |status, error, description: &str| Box::new(error_page(status, error, description));
    let client = match q.get("client_id") {
        None => {
            return Err(error_page(
                400,
                "invalid_request",
                "Missing required parameter: client_id",
            ));
        }
        Some(id) => Client::from_id(id)
            .ok_or_else(|| error_page(401, "invalid_client", "The OAuth client was not found."))?,
    };
    let redirect_uri = q.get("redirect_uri").ok_or_else(|| {
        error_page(
            400,
            "invalid_request",
            "Missing required parameter: redirect_uri",
        )
    })?;
    if redirect_uri.starts_with("urn:ietf:wg:oauth:2.0:oob") || redirect_uri == "oob" {
        return Err(error_page(
            400,
            "invalid_request",
            "The out-of-band (OOB) flow has been blocked in order to keep users secure.",
        ));
    }
    // Web server flow: "redirect_uri … must exactly match one of the authorized redirect URIs
    // for the OAuth 2.0 client, which you configured in the API Console" (else
    // `redirect_uri_mismatch`).
    if client == Client::Web && !web_redirects.contains(redirect_uri) {
        return Err(error_page(
            400,
            "redirect_uri_mismatch",
            &format!(
                "The redirect URI in the request, {redirect_uri}, does not match the ones authorized for the OAuth client."
            ),
        ));
    }
    if client == Client::Desktop && !is_loopback_redirect(redirect_uri) {
        return Err(error_page(
            400,
            "redirect_uri_mismatch",
            "A desktop client may only redirect to a loopback address (http://127.0.0.1:PORT).",
        ));
    }
    match q.get("response_type") {
        Some("code") => {}
        None => {
            return Err(error_page(
                400,
                "invalid_request",
                "Missing required parameter: response_type",
            ));
        }
        Some(other) => {
            return Err(error_page(
                400,
                "unsupported_response_type",
                &format!("Invalid response_type: {other}"),
            ));
        }
    }
    let scope = q
        .get("scope")
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| error_page(400, "invalid_request", "Missing required parameter: scope"))?;
    let requested: Vec<String> = scope.split_whitespace().map(str::to_owned).collect();
    let invalid: Vec<&str> = requested
        .iter()
        .map(String::as_str)
        .filter(|s| !is_known_scope(s))
        .collect();
    if !invalid.is_empty() {
        return Err(error_page(
            400,
            "invalid_scope",
            &format!(
                "Some requested scopes were invalid. {{invalid=[{}]}}",
                invalid.join(", ")
            ),
        ));
    }
    // PKCE: required of the desktop client (the sandbox insists), optional for a web client
    // (which authenticates with its secret), checked when sent.
    let challenge = match (client, q.get("code_challenge")) {
        (Client::Web, None) => None,
        (Client::Desktop, None) => {
            return Err(error_page(
                400,
                "invalid_request",
                "Missing required parameter: code_challenge (the sandbox requires PKCE)",
            ));
        }
        (_, Some(challenge)) => {
            if q.get("code_challenge_method") != Some("S256") {
                return Err(error_page(
                    400,
                    "invalid_request",
                    "Invalid code_challenge_method: the sandbox requires S256",
                ));
            }
            if !is_pkce_value(challenge) {
                return Err(error_page(400, "invalid_request", "Invalid code_challenge"));
            }
            Some(challenge.to_owned())
        }
    };
    Ok(AuthRequest {
        client,
        redirect_uri: redirect_uri.to_owned(),
        state: q.get("state").map(str::to_owned),
        code_challenge: challenge,
        offline: q.get("access_type") == Some("offline"),
        prompt_consent: q
            .get("prompt")
            .is_some_and(|p| p.split_whitespace().any(|v| v == "consent")),
        requested,
        login_hint: q.get("login_hint").map(str::to_owned),
    })
}

fn redirect(location: &str) -> Response {
    let mut r = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        r.headers_mut().insert(header::LOCATION, v);
    }
    r
}

/// Percent-encodes a query value as Google does (`%20` for spaces, `%2F` in codes).
fn encode(v: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    percent_encoding::utf8_percent_encode(v, SET).to_string()
}

/// The redirect back to the app: `?state=…&iss=…&code=4%2F0A…&scope=…&authuser=0&prompt=consent`
/// on success, `?error=access_denied&state=…` on refusal (samples/oauth-google.json).
fn finish(world: &mut World, req: &AuthRequest, account: Option<&str>) -> Response {
    let Ok(mut url) = url::Url::parse(&req.redirect_uri) else {
        return error_page(400, "redirect_uri_mismatch", "Bad redirect_uri");
    };
    let mut pairs: Vec<(&str, String)> = Vec::new();
    match account {
        None => {
            pairs.push(("error", "access_denied".into()));
            if let Some(s) = &req.state {
                pairs.push(("state", s.clone()));
            }
        }
        Some(email) => {
            world.ensure_account(email, None);
            let email = email.trim().to_lowercase();
            let scopes = granted_scopes(&req.requested);
            let code = crate::ids::authorization_code();
            // Web server flow: a refresh token with access_type=offline the first time; again
            // only when the consent is prompted (`prompt=consent`).
            let refresh = match req.client {
                Client::Desktop => true,
                Client::Web => {
                    req.offline
                        && (req.prompt_consent || !world.has_refresh_grant(Client::Web, &email))
                }
            };
            world.oauth.codes.insert(
                code.clone(),
                AuthCode {
                    client: req.client,
                    email,
                    redirect_uri: req.redirect_uri.clone(),
                    code_challenge: req.code_challenge.clone(),
                    refresh,
                    scopes: scopes.clone(),
                    issued: world.now(),
                    used: false,
                },
            );
            let mut echoed: Vec<String> = req
                .requested
                .iter()
                .filter(|s| matches!(s.as_str(), "email" | "profile"))
                .cloned()
                .collect();
            echoed.extend(scopes);
            if let Some(s) = &req.state {
                pairs.push(("state", s.clone()));
            }
            pairs.push(("iss", super::ISSUER.into()));
            pairs.push(("code", code));
            pairs.push(("scope", echoed.join(" ")));
            pairs.push(("authuser", "0".into()));
            pairs.push(("prompt", "consent".into()));
        }
    }
    let ours: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    let query = match url.query() {
        Some(q) if !q.is_empty() => format!("{q}&{}", ours.join("&")),
        _ => ours.join("&"),
    };
    url.set_query(Some(&query));
    redirect(url.as_str())
}

/// `GET /o/oauth2/v2/auth`.
pub(crate) async fn authorize(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let q = Query::parse(uri.query());
    let mut world = shared.lock();
    let req = match validate(&q, &world.oauth.web_redirects) {
        Ok(r) => r,
        Err(page) => return *page,
    };
    match world.consent.clone() {
        Consent::Approve(email) => finish(&mut world, &req, Some(&email)),
        Consent::Deny => finish(&mut world, &req, None),
        Consent::Page => {
            let id = crate::ids::opaque();
            let page = consent_page(&world, &id, &req, None);
            world.oauth.pending.insert(id, req);
            page
        }
    }
}

/// `POST /o/oauth2/v2/auth/decision`: the consent page's form.
pub(crate) async fn decision(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let form = Query::parse(std::str::from_utf8(&body).ok());
    let mut world = shared.lock();
    let Some(id) = form.get("request") else {
        return error_page(400, "invalid_request", "Missing consent request");
    };
    let Some(req) = world.oauth.pending.get(id).cloned() else {
        return error_page(
            400,
            "invalid_request",
            "This consent request has expired or was already answered.",
        );
    };
    if form.get("decision") != Some("allow") {
        world.oauth.pending.remove(id);
        return finish(&mut world, &req, None);
    }
    let account = form
        .get("account")
        .filter(|a| !a.is_empty() && *a != "new")
        .or_else(|| form.get("new_account").filter(|a| a.contains('@')))
        .map(str::to_owned);
    match account {
        Some(email) => {
            world.oauth.pending.remove(id);
            finish(&mut world, &req, Some(&email))
        }
        None => {
            let page = consent_page(
                &world,
                id,
                &req,
                Some("Choisissez un compte ou saisissez une adresse e-mail."),
            );
            let mut r = page;
            *r.status_mut() = StatusCode::BAD_REQUEST;
            r
        }
    }
}

fn scope_label(scope: &str) -> String {
    let label = match scope.strip_prefix(SCOPE_PREFIX).unwrap_or(scope) {
        "openid" => "Vous associer à vos informations personnelles sur Google",
        "email" | "userinfo.email" => {
            "Consulter l'adresse e-mail principale de votre compte Google"
        }
        "profile" | "userinfo.profile" => "Consulter vos informations personnelles (nom, photo)",
        "calendar" => {
            "Consulter, modifier, partager et supprimer définitivement tous les agendas auxquels vous pouvez accéder via Google Agenda"
        }
        "calendar.readonly" => {
            "Consulter et télécharger tous les agendas auxquels vous pouvez accéder via Google Agenda"
        }
        "calendar.events" => "Consulter et modifier les événements de tous vos agendas",
        "calendar.events.readonly" => "Consulter les événements de tous vos agendas",
        "calendar.acls" => "Consulter et modifier le partage de vos agendas",
        "calendar.acls.readonly" => "Consulter le partage de vos agendas",
        "calendar.calendarlist" | "calendar.calendarlist.readonly" => {
            "Consulter la liste de vos agendas"
        }
        "calendar.freebusy" | "calendar.events.freebusy" => "Consulter vos disponibilités",
        _ => return scope.to_owned(),
    };
    label.to_owned()
}

/// A small French consent page: pick an account, *Autoriser* or *Refuser*.
fn consent_page(world: &World, id: &str, req: &AuthRequest, problem: Option<&str>) -> Response {
    let hint = req.login_hint.as_deref().map(str::to_lowercase);
    let mut accounts = String::new();
    for (i, a) in world.accounts.values().enumerate() {
        let checked = match &hint {
            Some(h) => *h == a.email,
            None => i == 0,
        };
        accounts.push_str(&format!(
            "<li><label><input type=\"radio\" name=\"account\" value=\"{email}\"{checked}> <strong>{name}</strong> <small>{email}</small></label></li>",
            email = escape(&a.email),
            name = escape(&a.display_name),
            checked = if checked { " checked" } else { "" },
        ));
    }
    accounts.push_str(
        "<li><label><input type=\"radio\" name=\"account\" value=\"new\"> Utiliser un autre compte : \
         <input type=\"email\" name=\"new_account\" placeholder=\"adresse@example.fr\"></label></li>",
    );
    let scopes: String = granted_scopes(&req.requested)
        .iter()
        .map(|s| format!("<li>{}</li>", escape(&scope_label(s))))
        .collect();
    let problem = problem
        .map(|p| format!("<p class=\"problem\">{}</p>", escape(p)))
        .unwrap_or_default();
    let html = format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
<title>Se connecter – bac à sable Google</title>\
<style>body{{font-family:sans-serif;max-width:34rem;margin:3rem auto;color:#202124}}\
ul{{list-style:none;padding:0}}li{{margin:.5rem 0}}.problem{{color:#c5221f}}\
button{{padding:.5rem 1.2rem;margin-right:.5rem}}small{{color:#5f6368}}</style></head>\
<body><main><p><small>Bac à sable local — aucune donnée ne quitte cet ordinateur</small></p>\
<h1>Choisissez un compte</h1><p>pour continuer vers <strong>RDV Compagnon</strong></p>{problem}\
<form method=\"post\" action=\"/o/oauth2/v2/auth/decision\">\
<input type=\"hidden\" name=\"request\" value=\"{id}\"><ul>{accounts}</ul>\
<p>RDV Compagnon souhaite :</p><ul>{scopes}</ul>\
<button type=\"submit\" name=\"decision\" value=\"deny\">Refuser</button>\
<button type=\"submit\" name=\"decision\" value=\"allow\">Autoriser</button>\
</form></main></body></html>",
        id = escape(id),
    );
    Html(html).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_redirects_are_accepted() {
        // google-oauth-desktop-notes.md: http, 127.0.0.1 / [::1] / localhost, any port.
        for ok in [
            "http://127.0.0.1:53117",
            "http://127.0.0.1:53117/callback",
            "http://[::1]:8080/",
            "http://localhost:54219",
        ] {
            assert!(is_loopback_redirect(ok), "{ok}");
        }
        for bad in [
            "https://127.0.0.1:1/",
            "http://example.com/",
            "http://10.0.0.1:80/",
            "urn:ietf:wg:oauth:2.0:oob",
        ] {
            assert!(!is_loopback_redirect(bad), "{bad}");
        }
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(escape("<a href=\"x\">"), "&lt;a href=&quot;x&quot;&gt;");
    }
}
