//! The GSM 7-bit alphabet as Unicode, and the replacements offered for the characters it lacks.

/// The GSM 7-bit default alphabet, 3GPP TS 23.038 §6.2.1, indexed by its 7-bit code.
///
/// Each entry is the Unicode character of that code (the mapping of Unicode's `GSM0338.TXT`),
/// except `0x1B`, which is not a character: it is the escape to the [`GSM_EXTENSION`] table
/// (`None` here; a raw U+001B in a text is not GSM). `0x0A` is LF and `0x0D` is CR. `0x09` is
/// the capital `Ç` (older editions of GSM 03.38 drew a small `ç`; 23.038 and Unicode map it to
/// U+00C7, so the small `ç` is *not* GSM). The Greek capitals are the Greek letters (U+0394…),
/// not look-alike Latin ones.
pub const GSM_BASIC: [Option<char>; 128] = [
    // 0x00–0x0F
    Some('@'),
    Some('£'),
    Some('$'),
    Some('¥'),
    Some('è'),
    Some('é'),
    Some('ù'),
    Some('ì'),
    Some('ò'),
    Some('Ç'),
    Some('\n'),
    Some('Ø'),
    Some('ø'),
    Some('\r'),
    Some('Å'),
    Some('å'),
    // 0x10–0x1F
    Some('Δ'),
    Some('_'),
    Some('Φ'),
    Some('Γ'),
    Some('Λ'),
    Some('Ω'),
    Some('Π'),
    Some('Ψ'),
    Some('Σ'),
    Some('Θ'),
    Some('Ξ'),
    None, // 0x1B: escape to the extension table
    Some('Æ'),
    Some('æ'),
    Some('ß'),
    Some('É'),
    // 0x20–0x2F
    Some(' '),
    Some('!'),
    Some('"'),
    Some('#'),
    Some('¤'),
    Some('%'),
    Some('&'),
    Some('\''),
    Some('('),
    Some(')'),
    Some('*'),
    Some('+'),
    Some(','),
    Some('-'),
    Some('.'),
    Some('/'),
    // 0x30–0x3F
    Some('0'),
    Some('1'),
    Some('2'),
    Some('3'),
    Some('4'),
    Some('5'),
    Some('6'),
    Some('7'),
    Some('8'),
    Some('9'),
    Some(':'),
    Some(';'),
    Some('<'),
    Some('='),
    Some('>'),
    Some('?'),
    // 0x40–0x4F
    Some('¡'),
    Some('A'),
    Some('B'),
    Some('C'),
    Some('D'),
    Some('E'),
    Some('F'),
    Some('G'),
    Some('H'),
    Some('I'),
    Some('J'),
    Some('K'),
    Some('L'),
    Some('M'),
    Some('N'),
    Some('O'),
    // 0x50–0x5F
    Some('P'),
    Some('Q'),
    Some('R'),
    Some('S'),
    Some('T'),
    Some('U'),
    Some('V'),
    Some('W'),
    Some('X'),
    Some('Y'),
    Some('Z'),
    Some('Ä'),
    Some('Ö'),
    Some('Ñ'),
    Some('Ü'),
    Some('§'),
    // 0x60–0x6F
    Some('¿'),
    Some('a'),
    Some('b'),
    Some('c'),
    Some('d'),
    Some('e'),
    Some('f'),
    Some('g'),
    Some('h'),
    Some('i'),
    Some('j'),
    Some('k'),
    Some('l'),
    Some('m'),
    Some('n'),
    Some('o'),
    // 0x70–0x7F
    Some('p'),
    Some('q'),
    Some('r'),
    Some('s'),
    Some('t'),
    Some('u'),
    Some('v'),
    Some('w'),
    Some('x'),
    Some('y'),
    Some('z'),
    Some('ä'),
    Some('ö'),
    Some('ñ'),
    Some('ü'),
    Some('à'),
];

/// The characters of the GSM 7-bit default alphabet extension table, 3GPP TS 23.038 §6.2.1.1:
/// `(code after the 0x1B escape, character)`. Each costs two septets (escape + code).
///
/// The table's other codes are not characters: `0x0D` (CR2, reserved), `0x1B` (reserved for
/// another extension) and the national language single shifts, which this module does not use.
pub const GSM_EXTENSION: [(u8, char); 10] = [
    (0x0A, '\u{000C}'), // form feed (page break)
    (0x14, '^'),
    (0x28, '{'),
    (0x29, '}'),
    (0x2F, '\\'),
    (0x3C, '['),
    (0x3D, '~'),
    (0x3E, ']'),
    (0x40, '|'),
    (0x65, '€'),
];

/// The GSM text suggested for characters that force UCS-2, most of them French typography or
/// letters (docs/sms.md lists them with the reasons). Every replacement is GSM, so replacing them
/// keeps the message in GSM 7-bit unless other characters remain.
///
/// Accented letters missing from GSM lose their accent (`ê → e`), they do not borrow a GSM one
/// (`ê → é` reads as a spelling mistake, a missing accent as SMS habit); the accented letters GSM
/// has (`é è à ù ì ò É Ç ä ö ñ ü Ä Ö Ñ Ü`) are kept as they are.
pub const REPLACEMENTS: &[(char, &str)] = &[
    // Apostrophes and quotes.
    ('\u{2019}', "'"),  // ’ right single quotation mark (typographic apostrophe)
    ('\u{2018}', "'"),  // ‘ left single quotation mark
    ('\u{02BC}', "'"),  // ʼ modifier letter apostrophe
    ('\u{00B4}', "'"),  // ´ acute accent typed as an apostrophe
    ('`', "'"),         // grave accent (ASCII, not GSM)
    ('\u{201C}', "\""), // “
    ('\u{201D}', "\""), // ”
    ('\u{201E}', "\""), // „
    ('\u{00AB}', "\""), // «
    ('\u{00BB}', "\""), // »
    // Dashes, ellipsis, bullet.
    ('\u{2010}', "-"),   // ‐ hyphen
    ('\u{2011}', "-"),   // ‑ non-breaking hyphen
    ('\u{2013}', "-"),   // – en dash
    ('\u{2014}', "-"),   // — em dash
    ('\u{2212}', "-"),   // − minus sign
    ('\u{2026}', "..."), // … ellipsis
    ('\u{2022}', "-"),   // • bullet
    // Spaces and invisible characters.
    ('\u{00A0}', " "), // no-break space (before « : ; ! ? » in French typography)
    ('\u{202F}', " "), // narrow no-break space
    ('\u{2009}', " "), // thin space
    ('\u{2007}', " "), // figure space
    ('\t', " "),       // tab
    ('\u{00AD}', ""),  // soft hyphen (invisible)
    ('\u{200B}', ""),  // zero-width space (invisible)
    ('\u{FEFF}', ""),  // byte order mark / zero-width no-break space (invisible)
    // Ligatures.
    ('œ', "oe"),
    ('Œ', "OE"),
    // Small letters.
    ('ç', "c"),
    ('â', "a"),
    ('á', "a"),
    ('ã', "a"),
    ('ê', "e"),
    ('ë', "e"),
    ('î', "i"),
    ('ï', "i"),
    ('í', "i"),
    ('ô', "o"),
    ('ó', "o"),
    ('õ', "o"),
    ('û', "u"),
    ('ú', "u"),
    ('ÿ', "y"),
    // Capital letters.
    ('À', "A"),
    ('Â', "A"),
    ('Á', "A"),
    ('Ã', "A"),
    ('È', "E"),
    ('Ê', "E"),
    ('Ë', "E"),
    ('Î', "I"),
    ('Ï', "I"),
    ('Í', "I"),
    ('Ì', "I"),
    ('Ô', "O"),
    ('Ó', "O"),
    ('Ò', "O"),
    ('Õ', "O"),
    ('Ù', "U"),
    ('Û', "U"),
    ('Ú', "U"),
    ('Ÿ', "Y"),
];
