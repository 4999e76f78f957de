//! The key of the encrypted database (SQLCipher): 32 random bytes, kept by the app in the OS
//! keychain as 64 hex digits (`rdv_app::open_store`), never in a file or a log.

use std::fmt;
use zeroize::Zeroizing;

/// The name of the keychain entry holding the database key (as 64 hex digits).
pub const DATABASE_KEY_NAME: &str = "database.key";

/// The first 16 bytes of a plain (not encrypted) SQLite file; an encrypted file starts with
/// random salt instead.
pub const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// A raw 256-bit SQLCipher key. Wiped from memory when dropped; its `Debug` prints nothing of
/// it, and it has no `Display`.
#[derive(Clone)]
pub struct DbKey(Zeroizing<[u8; 32]>);

impl DbKey {
    /// The key made of these 32 bytes (the caller draws them from the OS's random source).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(Zeroizing::new(bytes))
    }

    /// Reads the 64 hex digits the keychain holds; `None` for anything else.
    pub fn from_hex(text: &str) -> Option<Self> {
        let text = text.trim().as_bytes();
        if text.len() != 64 {
            return None;
        }
        let mut bytes = Zeroizing::new([0u8; 32]);
        for (i, pair) in text.chunks(2).enumerate() {
            let digit = |c: u8| (c as char).to_digit(16);
            let (hi, lo) = (digit(pair[0])?, digit(pair[1])?);
            bytes[i] = u8::try_from(hi * 16 + lo).ok()?;
        }
        Some(Self(bytes))
    }

    /// The 64 lowercase hex digits the keychain keeps.
    pub fn to_hex(&self) -> Zeroizing<String> {
        let mut text = Zeroizing::new(String::with_capacity(64));
        for byte in self.0.iter() {
            text.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
            text.push(char::from_digit(u32::from(byte & 0xf), 16).unwrap_or('0'));
        }
        text
    }

    /// SQLCipher's raw-key literal, `x'<64 hex>'`: with a raw key SQLCipher uses the bytes as
    /// they are and skips its key derivation (PBKDF2, 256,000 rounds), which only makes sense
    /// for a password a person chose; these bytes are already random, and skipping it keeps
    /// every opening (the app, `rdv sheet`) fast.
    pub fn sql_literal(&self) -> Zeroizing<String> {
        let hex = self.to_hex();
        let mut literal = Zeroizing::new(String::with_capacity(67));
        literal.push_str("x'");
        literal.push_str(&hex);
        literal.push('\'');
        literal
    }
}

impl fmt::Debug for DbKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DbKey(…)")
    }
}

/// Whether the file at `path` starts with the plain SQLite header (a database not yet
/// encrypted). `false` for a missing, empty or encrypted file.
pub fn is_plain_database(path: &std::path::Path) -> std::io::Result<bool> {
    use std::io::Read;
    let mut header = [0u8; 16];
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e),
    };
    let mut read = 0;
    while read < header.len() {
        match file.read(&mut header[read..])? {
            0 => return Ok(false),
            n => read += n,
        }
    }
    Ok(&header == PLAIN_HEADER)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_round_trips_through_hex_and_never_prints() {
        let key = DbKey::from_bytes([0xab; 32]);
        let hex = key.to_hex();
        assert_eq!(hex.as_str(), "ab".repeat(32));
        assert_eq!(
            DbKey::from_hex(&hex).unwrap().to_hex().as_str(),
            hex.as_str()
        );
        assert_eq!(format!("{key:?}"), "DbKey(…)");
        assert!(DbKey::from_hex("zz").is_none());
        assert!(DbKey::from_hex(&"g".repeat(64)).is_none());
    }
}
