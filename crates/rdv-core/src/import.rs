//! Files people feed the app and the `rdv` command — availability configurations (TOML or JSON),
//! the command's `--busy` and `--events` files: one size cap, checked before any parsing, so a
//! huge or endless file is refused at once with the limit in the message.
//!
//! The readers (the app's import, the command's input) ask [`check_size`] with the file's
//! length before reading, and read at most [`MAX_IMPORT_BYTES`] + 1 bytes (a file that grows
//! meanwhile is still refused); [`crate::availability::PracticeConfig::parse`] checks the text
//! it is given too.

/// The largest file accepted: 4 MiB. A practice's configuration is a few kilobytes; 50,000
/// extra openings in compact JSON (about 2.6 MB) still fit.
pub const MAX_IMPORT_BYTES: u64 = 4 * 1024 * 1024;

/// A file over [`MAX_IMPORT_BYTES`]: refused before being parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error(
    "fichier trop volumineux : {size} octets, la limite est de 4 Mio ({max} octets)",
    max = MAX_IMPORT_BYTES
)]
pub struct TooLarge {
    /// The file's size in bytes (at least the limit + 1 when it was read up to there).
    pub size: u64,
}

impl TooLarge {
    /// The message in English.
    pub fn message_en(&self) -> String {
        format!(
            "file too large: {} bytes, the limit is 4 MiB ({MAX_IMPORT_BYTES} bytes)",
            self.size
        )
    }
}

/// Refuses a file of `size` bytes over [`MAX_IMPORT_BYTES`].
pub fn check_size(size: u64) -> Result<(), TooLarge> {
    if size > MAX_IMPORT_BYTES {
        Err(TooLarge { size })
    } else {
        Ok(())
    }
}

/// Reads `reader` whole as UTF-8 text, refusing it once it passes [`MAX_IMPORT_BYTES`] (at most
/// that many bytes + 1 are read). `std::io::Read` only: the caller opens the file.
pub fn read_text(reader: impl std::io::Read) -> Result<String, ReadError> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    reader
        .take(MAX_IMPORT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ReadError::Io(e.to_string()))?;
    check_size(bytes.len() as u64)?;
    String::from_utf8(bytes).map_err(|e| ReadError::NotText(e.utf8_error().valid_up_to()))
}

/// Why [`read_text`] gave no text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    /// Over the cap.
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
    /// Not UTF-8 text: the first bad byte's offset.
    #[error("le fichier n'est pas du texte UTF-8 (octet {0})")]
    NotText(usize),
    /// The system could not read it.
    #[error("{0}")]
    Io(String),
}

impl ReadError {
    /// The message in English.
    pub fn message_en(&self) -> String {
        match self {
            Self::TooLarge(t) => t.message_en(),
            Self::NotText(at) => format!("the file is not UTF-8 text (byte {at})"),
            Self::Io(e) => e.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_over_the_cap_is_refused_with_the_limit_and_read_no_further() {
        let endless = std::io::repeat(b'a');
        let err = read_text(endless).unwrap_err();
        assert_eq!(
            err,
            ReadError::TooLarge(TooLarge {
                size: MAX_IMPORT_BYTES + 1
            })
        );
        assert_eq!(
            err.to_string(),
            "fichier trop volumineux : 4194305 octets, la limite est de 4 Mio (4194304 octets)"
        );
        assert!(err.message_en().contains("the limit is 4 MiB"));
        assert_eq!(check_size(MAX_IMPORT_BYTES), Ok(()));
    }

    #[test]
    fn text_at_the_cap_is_read_and_bytes_that_are_not_text_are_refused() {
        let at_cap = vec![b' '; MAX_IMPORT_BYTES as usize];
        assert_eq!(read_text(&at_cap[..]).unwrap().len(), at_cap.len());
        assert_eq!(read_text(&b"ab\xffcd"[..]), Err(ReadError::NotText(2)));
    }
}
