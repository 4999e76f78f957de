//! SMS texts as the operator bills them: the encoding, the units and the number of segments.
//!
//! An SMS carries 140 octets of user data (3GPP TS 23.040 §9.2.3.24). A text is sent in one of
//! two encodings:
//! - **GSM 7-bit** (3GPP TS 23.038 §6.2.1) when every character is in the default alphabet
//!   ([`GSM_BASIC`], one septet each) or its extension table ([`GSM_EXTENSION`]: `€ [ ] { } ^ ~ \ |`
//!   and form feed, two septets each — the escape `0x1B`, then the code): 160 septets fit in one
//!   message;
//! - **UCS-2** as soon as one other character appears — for French texts the usual traps are
//!   `ê â î ô û ç œ`, the typographic apostrophe `’`, `« »` and the no-break spaces that go with
//!   them, `–` `—` and `…`: 70 UTF-16 code units fit in one message, and an emoji (a surrogate
//!   pair) takes two.
//!
//! A longer text is split into concatenated segments, each starting with a user data header of
//! 6 octets (the 8-bit reference concatenation element, TS 23.040 §9.2.3.24.1), which leaves 153
//! septets (134 octets = 1072 bits, minus the fill bit to a septet boundary) or 67 UTF-16 units
//! per segment. A character is never split across two segments: an extension character (escape
//! and code) or a surrogate pair that does not fit in what is left of a segment starts the next
//! one, leaving that unit unused.
//!
//! [`count`] gives the encoding, the units, the segments, what is left in the last segment, and
//! the characters that force UCS-2 with a suggested GSM replacement ([`REPLACEMENTS`]);
//! [`to_gsm`] applies the replacements. National language shift tables (TS 23.038 §6.2.1.2.4) are
//! not used: French SMS are sent in the default alphabet.

mod tables;
pub mod template;

pub use tables::{GSM_BASIC, GSM_EXTENSION, REPLACEMENTS};

/// Septets in a single GSM 7-bit message (140 octets × 8 / 7).
pub const GSM_SINGLE: usize = 160;
/// Septets in each segment of a concatenated GSM 7-bit message (after the 6-octet header).
pub const GSM_PER_SEGMENT: usize = 153;
/// UTF-16 code units in a single UCS-2 message (140 octets / 2).
pub const UCS2_SINGLE: usize = 70;
/// UTF-16 code units in each segment of a concatenated UCS-2 message (134 octets / 2).
pub const UCS2_PER_SEGMENT: usize = 67;

/// How a text is encoded, which decides what a unit is and how many fit in a segment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// The GSM 7-bit default alphabet and its extension table; a unit is a septet.
    Gsm7,
    /// UCS-2 (in practice UTF-16); a unit is a UTF-16 code unit.
    Ucs2,
}

impl Encoding {
    /// The usual name: `GSM-7` or `UCS-2`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Gsm7 => "GSM-7",
            Self::Ucs2 => "UCS-2",
        }
    }

    /// Units that fit in a single (not concatenated) message: 160 or 70.
    pub const fn single(self) -> usize {
        match self {
            Self::Gsm7 => GSM_SINGLE,
            Self::Ucs2 => UCS2_SINGLE,
        }
    }

    /// Units that fit in each segment of a concatenated message: 153 or 67.
    pub const fn per_segment(self) -> usize {
        match self {
            Self::Gsm7 => GSM_PER_SEGMENT,
            Self::Ucs2 => UCS2_PER_SEGMENT,
        }
    }

    /// The units `c` takes in this encoding, `None` when it cannot be encoded (GSM 7-bit only).
    pub fn units(self, c: char) -> Option<usize> {
        match self {
            Self::Gsm7 => gsm_units(c),
            Self::Ucs2 => Some(c.len_utf16()),
        }
    }
}

impl std::fmt::Display for Encoding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A character that is not in the GSM 7-bit alphabet, so the text is sent in UCS-2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ucs2Character {
    /// The character.
    pub character: char,
    /// Its position in the text, in characters (Unicode scalar values), from 0.
    pub index: usize,
    /// Its position in the text, in bytes (UTF-8), for slicing the `&str`.
    pub byte: usize,
    /// The GSM text suggested instead ([`replacement`]), `None` when there is none (an emoji, a
    /// Cyrillic letter…). It may be empty: an invisible character is best removed.
    pub replacement: Option<&'static str>,
}

/// What a text costs as an SMS: see [`count`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmsCount {
    /// GSM 7-bit when every character is in the alphabet, UCS-2 otherwise.
    pub encoding: Encoding,
    /// The units of the text in that encoding: septets (two for an extension character) or
    /// UTF-16 code units (two for an emoji). The units a segment leaves unused are not counted.
    pub units: usize,
    /// The segments billed: 0 for an empty text, 1 up to [`Encoding::single`] units, then one per
    /// [`Encoding::per_segment`] units or fewer (a character never straddles two segments).
    pub segments: usize,
    /// The capacity of the segment(s): 160 or 70 for a single message (and an empty text), 153 or
    /// 67 for a concatenated one.
    pub per_segment: usize,
    /// Units still free in the last segment (the whole capacity for an empty text). Adding that
    /// many units may still add a segment when the text leaves a single message (161 septets are
    /// two segments of 153).
    pub remaining_in_segment: usize,
    /// Every character that forces UCS-2, in order, with its position and a suggested replacement;
    /// empty for a GSM 7-bit text.
    pub ucs2_characters: Vec<Ucs2Character>,
}

/// The septets `c` takes in GSM 7-bit: 1 in the default alphabet, 2 in the extension table,
/// `None` when it is in neither (the text then goes in UCS-2).
///
/// ```
/// use rdv_core::sms::gsm_units;
/// assert_eq!(gsm_units('é'), Some(1));
/// assert_eq!(gsm_units('€'), Some(2));
/// assert_eq!(gsm_units('ê'), None);
/// ```
pub fn gsm_units(c: char) -> Option<usize> {
    if c.is_ascii_alphanumeric() || c == ' ' || GSM_BASIC.contains(&Some(c)) {
        Some(1)
    } else if GSM_EXTENSION.iter().any(|&(_, e)| e == c) {
        Some(2)
    } else {
        None
    }
}

/// The GSM text suggested for `c` ([`REPLACEMENTS`]), `None` when `c` is GSM already or has no
/// suggestion.
///
/// ```
/// use rdv_core::sms::replacement;
/// assert_eq!(replacement('’'), Some("'"));
/// assert_eq!(replacement('œ'), Some("oe"));
/// assert_eq!(replacement('é'), None, "é is GSM");
/// ```
pub fn replacement(c: char) -> Option<&'static str> {
    REPLACEMENTS
        .iter()
        .find(|&&(from, _)| from == c)
        .map(|&(_, to)| to)
}

/// Counts the SMS units and segments of `text`, and lists the characters that force UCS-2.
///
/// ```
/// use rdv_core::sms::{Encoding, count};
/// let gsm = count("Bonjour Jeanne, rappel de votre RDV demain à 9h30 avec Dr Laurent.");
/// assert_eq!((gsm.encoding, gsm.units, gsm.segments), (Encoding::Gsm7, 66, 1));
///
/// let ucs2 = count("Rappel : votre RDV l’après-midi");
/// assert_eq!((ucs2.encoding, ucs2.units, ucs2.segments), (Encoding::Ucs2, 31, 1));
/// assert_eq!(ucs2.ucs2_characters[0].character, '’');
/// assert_eq!(ucs2.ucs2_characters[0].index, 20);
/// assert_eq!(ucs2.ucs2_characters[0].replacement, Some("'"));
/// ```
pub fn count(text: &str) -> SmsCount {
    let ucs2_characters: Vec<Ucs2Character> = text
        .char_indices()
        .enumerate()
        .filter(|&(_, (_, c))| gsm_units(c).is_none())
        .map(|(index, (byte, character))| Ucs2Character {
            character,
            index,
            byte,
            replacement: replacement(character),
        })
        .collect();
    let encoding = if ucs2_characters.is_empty() {
        Encoding::Gsm7
    } else {
        Encoding::Ucs2
    };
    // Every character has a width in the chosen encoding (GSM 7-bit only when all are GSM).
    let widths = text.chars().map(|c| encoding.units(c).unwrap_or(1));
    let units: usize = widths.clone().sum();
    let (segments, per_segment, remaining_in_segment) = if units == 0 {
        (0, encoding.single(), encoding.single())
    } else if units <= encoding.single() {
        (1, encoding.single(), encoding.single() - units)
    } else {
        let part = encoding.per_segment();
        let (segments, last) = widths.fold((1, 0), |(segments, fill), width| {
            if fill + width > part {
                (segments + 1, width)
            } else {
                (segments, fill + width)
            }
        });
        (segments, part, part - last)
    };
    SmsCount {
        encoding,
        units,
        segments,
        per_segment,
        remaining_in_segment,
        ucs2_characters,
    }
}

/// `text` with every character of [`REPLACEMENTS`] replaced by its GSM suggestion; the others
/// (GSM ones, and those with no suggestion, such as emoji) are kept, so the result may still be
/// UCS-2 — [`count`] then lists what is left, each with `replacement: None`.
///
/// ```
/// use rdv_core::sms::to_gsm;
/// assert_eq!(
///     to_gsm("Rappel\u{a0}: RDV l’après-midi — à la fenêtre « B »…"),
///     "Rappel : RDV l'après-midi - à la fenetre \" B \"...",
/// );
/// ```
pub fn to_gsm(text: &str) -> String {
    let mut gsm = String::with_capacity(text.len());
    for c in text.chars() {
        match replacement(c) {
            Some(to) => gsm.push_str(to),
            None => gsm.push(c),
        }
    }
    gsm
}

#[cfg(test)]
mod tests;
