//! Identifiers and token strings in Google's formats.

use rand::Rng;
use sha2::{Digest, Sha256};

/// The alphabet of event ids (RFC 2938 base32hex, lowercase).
pub(crate) const BASE32HEX: &[u8] = b"0123456789abcdefghijklmnopqrstuv";
const URL_SAFE: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A server-chosen event id: 26 lowercase base32hex characters, as Google's.
pub(crate) fn event_id(rng: &mut impl Rng) -> String {
    random_string(rng, BASE32HEX, 26)
}

/// Whether a client-chosen event id is acceptable: base32hex, 5 to 1024 characters.
pub(crate) fn is_valid_client_event_id(id: &str) -> bool {
    (5..=1024).contains(&id.len()) && id.bytes().all(|b| BASE32HEX.contains(&b))
}

pub(crate) fn random_string(rng: &mut impl Rng, alphabet: &[u8], len: usize) -> String {
    (0..len)
        .map(|_| alphabet[rng.gen_range(0..alphabet.len())] as char)
        .collect()
}

/// An access token in Google's shape (`ya29.` + url-safe characters).
pub(crate) fn access_token() -> String {
    format!(
        "ya29.a0{}",
        random_string(&mut rand::thread_rng(), URL_SAFE, 140)
    )
}

/// A refresh token in Google's shape (`1//0` + url-safe characters).
pub(crate) fn refresh_token() -> String {
    format!(
        "1//0{}",
        random_string(&mut rand::thread_rng(), URL_SAFE, 99)
    )
}

/// An authorization code in Google's shape: starts `4/0A` and so holds a `/` that arrives
/// percent-encoded in the redirect.
pub(crate) fn authorization_code() -> String {
    format!(
        "4/0A{}",
        random_string(&mut rand::thread_rng(), URL_SAFE, 70)
    )
}

/// An opaque random identifier (consent requests).
pub(crate) fn opaque() -> String {
    random_string(&mut rand::thread_rng(), URL_SAFE, 32)
}

/// The stable numeric account id (`sub`) of an address: 21 digits.
pub(crate) fn sub_for(email: &str) -> String {
    let digest = Sha256::digest(email.as_bytes());
    let mut n = u128::from_be_bytes(digest[..16].try_into().expect("16 bytes"));
    let mut digits = String::from("1");
    for _ in 0..20 {
        digits.push(char::from(b'0' + (n % 10) as u8));
        n /= 10;
    }
    digits
}

/// A small stable hash (colours, calendar hashes in tokens).
pub(crate) fn small_hash(s: &str) -> u64 {
    let digest = Sha256::digest(s.as_bytes());
    u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn server_event_ids_are_26_base32hex_chars() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        let id = event_id(&mut rng);
        assert_eq!(id.len(), 26);
        assert!(is_valid_client_event_id(&id));
    }

    #[test]
    fn client_ids_must_be_base32hex_of_5_to_1024_chars() {
        assert!(is_valid_client_event_id("abcde"));
        assert!(!is_valid_client_event_id("abcd"), "too short");
        assert!(!is_valid_client_event_id("abcdw"), "w is not base32hex");
        assert!(
            !is_valid_client_event_id("ABCDE"),
            "upper case is not base32hex"
        );
        assert!(!is_valid_client_event_id(&"a".repeat(1025)));
    }

    #[test]
    fn tokens_look_like_googles() {
        assert!(access_token().starts_with("ya29."));
        assert!(refresh_token().starts_with("1//"));
        assert!(authorization_code().starts_with("4/0A"));
        let sub = sub_for("a@example.fr");
        assert_eq!(sub.len(), 21);
        assert_eq!(sub, sub_for("a@example.fr"), "sub is stable");
    }
}
