//! The loopback redirect: a one-shot HTTP listener on `127.0.0.1` that receives Google's answer
//! from the system browser (RFC 8252 §7.3).
//!
//! Deliberately tiny: it reads one request head per connection, answers with a static page and
//! closes. Each connection is handled in its own task, so a browser's idle pre-connection cannot
//! stall the real callback. Nothing from the request is ever echoed into the page.

use super::OAuthError;
use rdv_core::Sensitive;
use std::net::{Ipv4Addr, TcpListener as StdListener};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio::task::JoinSet;

/// Largest request head we read; Google's redirect is well under 2 KiB.
const MAX_HEAD: usize = 16 * 1024;
/// How long one connection may take to send its request head.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A listener on `127.0.0.1:<free port>` waiting for Google's redirect.
///
/// ```no_run
/// # async fn demo(client: rdv_google::oauth::OAuthClient) -> Result<(), rdv_google::oauth::OAuthError> {
/// use rdv_google::oauth::LoopbackListener;
/// use std::time::Duration;
/// let listener = LoopbackListener::bind()?;
/// let auth = client.authorization(&listener.redirect_uri(), None, false)?;
/// // … the shell opens `auth.url` in the system browser …
/// let code = listener.wait(&auth.state, Duration::from_secs(300)).await?;
/// let tokens = client.exchange(&code, &auth.verifier, &auth.redirect_uri).await?;
/// # Ok(()) }
/// ```
#[derive(Debug)]
pub struct LoopbackListener {
    listener: StdListener,
    port: u16,
}

/// What one connection told us.
#[derive(Debug)]
enum Callback {
    Code(Sensitive<String>),
    Denied,
    Refused(String),
    StateMismatch,
}

impl LoopbackListener {
    /// Opens a listener on `127.0.0.1` on a port the OS chooses. Needs no async runtime.
    pub fn bind() -> Result<Self, OAuthError> {
        let fail = |e: std::io::Error| OAuthError::Loopback(e.to_string());
        let listener = StdListener::bind((Ipv4Addr::LOCALHOST, 0)).map_err(fail)?;
        listener.set_nonblocking(true).map_err(fail)?;
        let port = listener.local_addr().map_err(fail)?.port();
        Ok(Self { listener, port })
    }

    /// The port the OS gave us.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The redirect URI to put in the authorization request: `http://127.0.0.1:PORT` (the IP
    /// literal rather than `localhost`, as Google recommends).
    pub fn redirect_uri(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Waits for the one callback with a `state`, then closes the listener.
    ///
    /// - `?state=<expected>&code=…` → the authorization code, percent-decoded exactly once;
    ///   unknown parameters (`scope`, `authuser`, `prompt`, `iss`, …) are ignored;
    /// - `?error=access_denied&state=<expected>` → [`OAuthError::Denied`]; another `error` →
    ///   [`OAuthError::Other`];
    /// - a callback whose `state` is missing or different → answered `400` and
    ///   [`OAuthError::StateMismatch`] (the attempt is over: start a new one);
    /// - requests without any OAuth parameter (`/favicon.ico`, a reload of `/`) are answered and
    ///   ignored;
    /// - nothing within `timeout` → [`OAuthError::Timeout`].
    ///
    /// The browser always gets a short bilingual page telling the user to go back to the app.
    pub async fn wait(
        self,
        expected_state: &str,
        timeout: Duration,
    ) -> Result<Sensitive<String>, OAuthError> {
        let listener = TcpListener::from_std(self.listener)
            .map_err(|e| OAuthError::Loopback(e.to_string()))?;
        let deadline = tokio::time::Instant::now() + timeout;
        let expected: Arc<str> = Arc::from(expected_state);
        let (tx, mut rx) = mpsc::channel::<Callback>(4);
        // Dropped on return: aborts connections still being read.
        let mut connections = JoinSet::new();
        loop {
            tokio::select! {
                () = tokio::time::sleep_until(deadline) => return Err(OAuthError::Timeout),
                Some(callback) = rx.recv() => {
                    return match callback {
                        Callback::Code(code) => Ok(code),
                        Callback::Denied => Err(OAuthError::Denied),
                        Callback::StateMismatch => Err(OAuthError::StateMismatch),
                        Callback::Refused(why) => Err(OAuthError::Other(why)),
                    };
                }
                accepted = listener.accept() => {
                    if let Ok((stream, _)) = accepted {
                        connections.spawn(serve(stream, expected.clone(), tx.clone()));
                    }
                }
                Some(_) = connections.join_next(), if !connections.is_empty() => {}
            }
        }
    }
}

/// Reads one request head, answers it, and reports the callback if it was one.
async fn serve(mut stream: TcpStream, expected: Arc<str>, tx: mpsc::Sender<Callback>) {
    let Ok(Some(head)) = tokio::time::timeout(READ_TIMEOUT, read_head(&mut stream)).await else {
        return;
    };
    let (response, callback) = answer(&head, &expected);
    let _ = stream.write_all(response.as_bytes()).await;
    let _ = stream.shutdown().await;
    if let Some(callback) = callback {
        let _ = tx.send(callback).await;
    }
}

/// Reads until the blank line that ends the head; `None` on EOF, error or oversize.
async fn read_head(stream: &mut TcpStream) -> Option<String> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    loop {
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if buf.windows(4).any(|w| w == b"\r\n\r\n") || buf.windows(2).any(|w| w == b"\n\n") {
            return Some(String::from_utf8_lossy(&buf).into_owned());
        }
        if buf.len() > MAX_HEAD {
            return None;
        }
    }
}

/// The HTTP response to send and the callback it carried, if any.
fn answer(head: &str, expected: &str) -> (String, Option<Callback>) {
    let request_line = head.lines().next().unwrap_or_default();
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if method != "GET" {
        return (response(405, "Method Not Allowed", ""), None);
    }
    // Origin form `/path?query`, or absolute form `http://127.0.0.1:PORT/path?query`.
    let target = match target.strip_prefix("http://") {
        Some(rest) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => target,
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path != "/" {
        // favicon.ico and anything else a browser may ask for.
        return (response(404, "Not Found", ""), None);
    }

    let (mut state, mut code, mut error) = (None, None, None);
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        let slot = match name.as_ref() {
            "state" => &mut state,
            "code" => &mut code,
            "error" => &mut error,
            _ => continue, // scope, authuser, prompt, iss, hd, …
        };
        if slot.is_none() {
            *slot = Some(value.into_owned());
        }
    }
    if state.is_none() && code.is_none() && error.is_none() {
        return (response(404, "Not Found", PAGE_WAITING), None);
    }
    if !state.as_deref().is_some_and(|s| same(s, expected)) {
        return (
            response(400, "Bad Request", PAGE_MISMATCH),
            Some(Callback::StateMismatch),
        );
    }
    if let Some(error) = error {
        return if error == "access_denied" {
            (response(200, "OK", PAGE_DENIED), Some(Callback::Denied))
        } else {
            let why = format!("Google answered {}", super::error::short(&error));
            (
                response(400, "Bad Request", PAGE_FAILED),
                Some(Callback::Refused(why)),
            )
        };
    }
    match code {
        Some(code) if !code.is_empty() => (
            response(200, "OK", PAGE_DONE),
            Some(Callback::Code(Sensitive::new(code))),
        ),
        _ => (
            response(400, "Bad Request", PAGE_FAILED),
            Some(Callback::Refused(
                "Google's answer had no authorization code".into(),
            )),
        ),
    }
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn response(status: u16, reason: &str, body: &str) -> String {
    format!(
        "HTTP/1.1 {status} {reason}\r\n\
         Content-Type: text/html; charset=utf-8\r\n\
         Content-Length: {}\r\n\
         Cache-Control: no-store\r\n\
         Referrer-Policy: no-referrer\r\n\
         X-Content-Type-Options: nosniff\r\n\
         Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
}

macro_rules! page {
    ($title:literal, $fr:literal, $en:literal) => {
        concat!(
            "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">",
            "<title>RDV Compagnon – ",
            $title,
            "</title><style>body{font-family:system-ui,sans-serif;max-width:32rem;",
            "margin:4rem auto;padding:0 1rem;color:#1d1d1d}p.en{color:#555}</style></head><body>",
            "<h1>RDV Compagnon</h1><p>",
            $fr,
            "</p><p class=\"en\" lang=\"en\">",
            $en,
            "</p></body></html>"
        )
    };
}

const PAGE_DONE: &str = page!(
    "compte Google relié",
    "Votre compte Google est relié. Vous pouvez fermer cet onglet et revenir à RDV Compagnon.",
    "Your Google account is linked. You can close this tab and return to RDV Compagnon."
);
const PAGE_DENIED: &str = page!(
    "accès refusé",
    "L’accès au compte Google a été refusé. Vous pouvez fermer cet onglet et revenir à RDV Compagnon pour réessayer.",
    "Access to the Google account was refused. You can close this tab and return to RDV Compagnon to try again."
);
const PAGE_MISMATCH: &str = page!(
    "réponse inattendue",
    "Cette réponse ne correspond pas à la demande de connexion en cours. Fermez cet onglet et recommencez depuis RDV Compagnon.",
    "This answer does not match the current sign-in attempt. Close this tab and start again from RDV Compagnon."
);
const PAGE_FAILED: &str = page!(
    "échec de la connexion",
    "Google n’a pas autorisé la connexion. Fermez cet onglet et recommencez depuis RDV Compagnon.",
    "Google did not authorise the sign-in. Close this tab and start again from RDV Compagnon."
);
const PAGE_WAITING: &str = page!(
    "en attente",
    "RDV Compagnon attend la réponse de Google.",
    "RDV Compagnon is waiting for Google's answer."
);

#[cfg(test)]
mod tests {
    use super::*;

    const STATE: &str = "s7aTe-xyz";

    async fn run(
        requests: &[&str],
        timeout: Duration,
    ) -> (Result<Sensitive<String>, OAuthError>, Vec<(u16, String)>) {
        let listener = LoopbackListener::bind().unwrap();
        let base = listener.redirect_uri();
        let waiting = tokio::spawn(async move { listener.wait(STATE, timeout).await });
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let mut pages = Vec::new();
        for path in requests {
            match http.get(format!("{base}{path}")).send().await {
                Ok(r) => pages.push((r.status().as_u16(), r.text().await.unwrap_or_default())),
                Err(_) => pages.push((0, String::new())),
            }
        }
        (waiting.await.unwrap(), pages)
    }

    #[tokio::test]
    async fn the_good_callback_yields_the_code_and_a_friendly_page() {
        let (result, pages) = run(
            &[&format!(
                "/?state={STATE}&iss=https%3A%2F%2Faccounts.google.com&code=4%2F0AdLIrYc&scope=email%20openid&authuser=0&prompt=consent"
            )],
            Duration::from_secs(5),
        )
        .await;
        assert_eq!(
            result.unwrap().expose(),
            "4/0AdLIrYc",
            "decoded once, extras ignored"
        );
        assert_eq!(pages[0].0, 200);
        assert!(
            pages[0]
                .1
                .contains("Vous pouvez fermer cet onglet et revenir à RDV Compagnon.")
                && pages[0].1.contains("You can close this tab"),
            "the page speaks French and English"
        );
    }

    #[tokio::test]
    async fn the_code_is_percent_decoded_exactly_once() {
        // `4%252F0Axx` is the double-encoded form: decoding once must leave `4%2F0Axx`.
        let (result, _) = run(
            &[&format!("/?code=4%252F0Axx&state={STATE}")],
            Duration::from_secs(5),
        )
        .await;
        assert_eq!(result.unwrap().expose(), "4%2F0Axx");
        let (result, _) = run(
            &[&format!("/?code=4%2F0Axx&state={STATE}")],
            Duration::from_secs(5),
        )
        .await;
        assert_eq!(result.unwrap().expose(), "4/0Axx");
    }

    #[tokio::test]
    async fn a_wrong_state_is_refused_with_400_and_ends_the_attempt() {
        let (result, pages) = run(&["/?state=forged&code=4%2Fabc"], Duration::from_secs(5)).await;
        assert_eq!(result.unwrap_err(), OAuthError::StateMismatch);
        assert_eq!(pages[0].0, 400);
        assert!(
            !pages[0].1.contains("forged"),
            "nothing from the request is echoed"
        );
        let (result, _) = run(&["/?code=4%2Fabc"], Duration::from_secs(5)).await;
        assert_eq!(
            result.unwrap_err(),
            OAuthError::StateMismatch,
            "a missing state too"
        );
    }

    #[tokio::test]
    async fn access_denied_is_reported_as_denied() {
        let (result, pages) = run(
            &[&format!("/?error=access_denied&state={STATE}")],
            Duration::from_secs(5),
        )
        .await;
        assert_eq!(result.unwrap_err(), OAuthError::Denied);
        assert!(pages[0].1.contains("revenir à RDV Compagnon"));
    }

    #[tokio::test]
    async fn favicon_and_bare_requests_are_ignored_until_the_real_callback() {
        let (result, pages) = run(
            &["/favicon.ico", "/", &format!("/?state={STATE}&code=4%2Fok")],
            Duration::from_secs(5),
        )
        .await;
        assert_eq!(result.unwrap().expose(), "4/ok");
        assert_eq!(pages[0].0, 404, "favicon");
        assert_eq!(pages[1].0, 404, "a bare reload");
        assert_eq!(pages[2].0, 200);
    }

    #[tokio::test]
    async fn an_idle_connection_does_not_block_the_callback() {
        let listener = LoopbackListener::bind().unwrap();
        let port = listener.port();
        let waiting =
            tokio::spawn(async move { listener.wait(STATE, Duration::from_secs(5)).await });
        // A browser pre-connection that never sends anything.
        let _idle = TcpStream::connect((Ipv4Addr::LOCALHOST, port))
            .await
            .unwrap();
        let r = reqwest::get(format!("http://127.0.0.1:{port}/?state={STATE}&code=c"))
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(waiting.await.unwrap().unwrap().expose(), "c");
    }

    #[tokio::test]
    async fn nobody_coming_back_times_out() {
        let (result, _) = run(&[], Duration::from_millis(100)).await;
        assert_eq!(result.unwrap_err(), OAuthError::Timeout);
    }

    #[test]
    fn the_redirect_uri_is_the_ip_literal_with_the_bound_port() {
        let l = LoopbackListener::bind().unwrap();
        assert_eq!(l.redirect_uri(), format!("http://127.0.0.1:{}", l.port()));
        assert_ne!(l.port(), 0);
    }

    mod hostile {
        use super::*;
        use proptest::prelude::*;

        /// A query parameter: the callback's own names and others, values of any text.
        fn param() -> impl Strategy<Value = String> {
            (
                prop::sample::select(vec![
                    "state", "code", "error", "scope", "", "st%61te", "code[]",
                ]),
                prop_oneof![
                    Just(STATE.to_owned()),
                    Just("access_denied".to_owned()),
                    "\\PC{0,24}",
                    "[%&=+?#/ ]{0,8}",
                ],
            )
                .prop_map(|(name, value)| {
                    let value: String =
                        url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
                    format!("{name}={value}")
                })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            /// Whatever a browser — or anything on the machine — sends to the loopback port, the
            /// answer is an HTTP response, and a code is taken only with the exact state.
            #[test]
            fn any_request_head_gets_an_http_answer_and_no_code_without_the_state(
                bytes in prop::collection::vec(any::<u8>(), 0..300),
                method in prop::sample::select(vec!["GET", "POST", "get", ""]),
                target in prop::sample::select(vec!["/", "/favicon.ico", "http://127.0.0.1:1/", "http://x", "*", ""]),
                params in prop::collection::vec(param(), 0..5),
            ) {
                let garbage = String::from_utf8_lossy(&bytes).into_owned();
                let request = format!("{method} {target}?{} HTTP/1.1\r\nHost: x\r\n\r\n", params.join("&"));
                for head in [garbage, request] {
                    let (response, callback) = answer(&head, STATE);
                    prop_assert!(response.starts_with("HTTP/1.1 "), "{}", response);
                    if let Some(Callback::Code(code)) = callback {
                        prop_assert!(!code.expose().is_empty());
                        // The state as the query says it once decoded (`st%61te` is `state`).
                        let query = head
                            .split_once('?')
                            .and_then(|(_, rest)| rest.split_once(' '))
                            .map_or("", |(query, _)| query);
                        let with_state = url::form_urlencoded::parse(query.as_bytes())
                            .any(|(name, value)| name == "state" && value == STATE);
                        prop_assert!(with_state, "a code only with the state: {}", head);
                    }
                }
            }
        }
    }

    #[test]
    fn other_methods_and_absolute_targets_are_handled() {
        assert!(answer("POST /?state=x HTTP/1.1\r\n\r\n", "x").1.is_none());
        let (_, cb) = answer(
            "GET http://127.0.0.1:5/?state=x&code=y HTTP/1.1\r\n\r\n",
            "x",
        );
        assert!(matches!(cb, Some(Callback::Code(c)) if c.expose() == "y"));
        let (_, cb) = answer("GET /?state=x&error=invalid_scope HTTP/1.1\r\n\r\n", "x");
        assert!(matches!(cb, Some(Callback::Refused(_))));
    }
}
