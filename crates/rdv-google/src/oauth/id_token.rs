//! Reading the account out of the `id_token` of a token response.
//!
//! The signature is **not** verified: the token came straight from Google's token endpoint over
//! TLS, in answer to our own authenticated request, which Google's OpenID Connect documentation
//! names as the case where validation may be skipped. It is never accepted from anywhere else.
//! The audience is still compared with our client id, as a cheap sanity check.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;

/// The claims we use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Claims {
    /// Google's stable account id.
    pub sub: String,
    /// The account's email, when the `email` scope was granted.
    pub email: Option<String>,
}

#[derive(Deserialize)]
struct RawClaims {
    sub: Option<String>,
    email: Option<String>,
    aud: Option<Audience>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Audience {
    One(String),
    Many(Vec<String>),
}

impl Audience {
    fn contains(&self, client_id: &str) -> bool {
        match self {
            Self::One(a) => a == client_id,
            Self::Many(all) => all.iter().any(|a| a == client_id),
        }
    }
}

/// Decodes the payload of a compact JWT; `None` when it is malformed, has no `sub`, or was issued
/// for another client.
pub(crate) fn claims(id_token: &str, client_id: &str) -> Option<Claims> {
    let mut parts = id_token.split('.');
    let (_header, payload) = (parts.next()?, parts.next()?);
    parts.next()?; // a signature part must be present, even if we don't check it
    let bytes = URL_SAFE_NO_PAD.decode(payload.trim_end_matches('=')).ok()?;
    let raw: RawClaims = serde_json::from_slice(&bytes).ok()?;
    if let Some(aud) = &raw.aud
        && !aud.contains(client_id)
    {
        return None;
    }
    Some(Claims {
        sub: raw.sub?,
        email: raw.email,
    })
}

#[cfg(test)]
pub(crate) fn encode_for_tests(payload: &serde_json::Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
    let body = URL_SAFE_NO_PAD.encode(payload.to_string());
    format!("{header}.{body}.c2lnbmF0dXJl")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_documented_payload_gives_sub_and_email() {
        // Google's OpenID Connect example payload (samples/oauth-google.json), with the
        // email_verified string form that old tokens use.
        let token = encode_for_tests(&json!({
            "iss": "https://accounts.google.com",
            "azp": "1234987819200.apps.googleusercontent.com",
            "aud": "1234987819200.apps.googleusercontent.com",
            "sub": "10769150350006150715113082367",
            "email": "jsmith@example.com",
            "email_verified": "true",
            "iat": 1353601026,
            "exp": 1353604926
        }));
        let c = claims(&token, "1234987819200.apps.googleusercontent.com").unwrap();
        assert_eq!(c.sub, "10769150350006150715113082367");
        assert_eq!(c.email.as_deref(), Some("jsmith@example.com"));
    }

    #[test]
    fn a_token_for_another_client_is_ignored() {
        let token = encode_for_tests(&json!({"aud": "someone-else", "sub": "1", "email": "a@b.c"}));
        assert_eq!(claims(&token, "me"), None);
        let listed = encode_for_tests(&json!({"aud": ["x", "me"], "sub": "1"}));
        assert!(
            claims(&listed, "me").is_some(),
            "a list audience naming us is fine"
        );
    }

    #[test]
    fn garbage_never_panics() {
        for junk in ["", "a", "a.b", "a.b.c", "a.!!!.c", "....", "e30.e30.e30"] {
            assert_eq!(claims(junk, "me"), None, "{junk}");
        }
    }
}
