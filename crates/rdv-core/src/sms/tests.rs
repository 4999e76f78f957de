use super::*;
use proptest::prelude::*;
use std::collections::HashMap;

/// The default alphabet of 3GPP TS 23.038 §6.2.1 transcribed column by column as the
/// specification draws it (codes 0x00–0x0F, 0x10–0x1F, …), independently of [`GSM_BASIC`]; the
/// escape 0x1B is written as U+001B.
const SPEC_COLUMNS: [&str; 8] = [
    "@£$¥èéùìòÇ\nØø\rÅå",
    "Δ_ΦΓΛΩΠΨΣΘΞ\u{1B}ÆæßÉ",
    " !\"#¤%&'()*+,-./",
    "0123456789:;<=>?",
    "¡ABCDEFGHIJKLMNO",
    "PQRSTUVWXYZÄÖÑÜ§",
    "¿abcdefghijklmno",
    "pqrstuvwxyzäöñüà",
];

/// The extension table of TS 23.038 §6.2.1.1: code after the escape, character.
const SPEC_EXTENSION: [(u8, char); 10] = [
    (0x0A, '\u{C}'),
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

const ESCAPE: usize = 0x1B;

const REMINDER: &str = "Bonjour Jeanne, rappel de votre RDV demain à 9h30 avec Dr Laurent.";

/// `(code, character)` of the transcribed basic table, escape included.
fn spec_basic() -> Vec<(usize, char)> {
    SPEC_COLUMNS
        .iter()
        .flat_map(|c| c.chars())
        .enumerate()
        .collect()
}

/// `(encoding, units, segments, per_segment, remaining_in_segment)` of `text`.
fn shape(text: &str) -> (Encoding, usize, usize, usize, usize) {
    let c = count(text);
    (
        c.encoding,
        c.units,
        c.segments,
        c.per_segment,
        c.remaining_in_segment,
    )
}

fn times(s: &str, n: usize) -> String {
    s.repeat(n)
}

#[test]
fn the_basic_table_is_the_specifications_at_all_128_positions() {
    let spec = spec_basic();
    assert_eq!(spec.len(), 128, "the transcription has 8 columns of 16");
    for (code, c) in spec {
        if code == ESCAPE {
            assert_eq!(GSM_BASIC[code], None, "0x1B is the escape, not a character");
        } else {
            assert_eq!(GSM_BASIC[code], Some(c), "code {code:#04X}");
        }
    }
}

#[test]
fn every_basic_character_counts_one_septet_and_keeps_gsm() {
    for (code, c) in spec_basic() {
        if code == ESCAPE {
            continue;
        }
        assert_eq!(gsm_units(c), Some(1), "{c:?} at {code:#04X}");
        assert_eq!(
            shape(&c.to_string()),
            (Encoding::Gsm7, 1, 1, 160, 159),
            "{c:?} at {code:#04X} alone is one septet of a single GSM message"
        );
        let doubled = count(&format!("{c}{c}"));
        assert!(
            doubled.encoding == Encoding::Gsm7 && doubled.units == 2,
            "{c:?} twice is two septets"
        );
    }
}

#[test]
fn line_feed_and_carriage_return_are_in_the_table_but_the_escape_is_not() {
    assert_eq!(GSM_BASIC[0x0A], Some('\n'), "LF is 0x0A");
    assert_eq!(GSM_BASIC[0x0D], Some('\r'), "CR is 0x0D");
    assert_eq!(
        shape("RDV\r\n9h30"),
        (Encoding::Gsm7, 9, 1, 160, 151),
        "a Windows line break is two septets"
    );
    assert_eq!(
        count("a\u{1B}b").ucs2_characters[0].character,
        '\u{1B}',
        "a raw escape character is not text GSM can carry"
    );
}

#[test]
fn every_extension_character_counts_two_septets_and_keeps_gsm() {
    assert_eq!(
        GSM_EXTENSION, SPEC_EXTENSION,
        "the table is the specification's"
    );
    for (code, c) in SPEC_EXTENSION {
        assert_eq!(gsm_units(c), Some(2), "{c:?} is escape + {code:#04X}");
        assert_eq!(
            shape(&format!("a{c}b")),
            (Encoding::Gsm7, 4, 1, 160, 156),
            "{c:?} between two letters"
        );
    }
}

#[test]
fn no_other_unicode_character_is_gsm() {
    let mut spec: HashMap<char, usize> = spec_basic()
        .into_iter()
        .filter(|&(code, _)| code != ESCAPE)
        .map(|(_, c)| (c, 1))
        .collect();
    spec.extend(SPEC_EXTENSION.iter().map(|&(_, c)| (c, 2)));
    assert_eq!(
        spec.len(),
        137,
        "127 basic characters and 10 extension ones"
    );
    for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
        assert_eq!(
            gsm_units(c),
            spec.get(&c).copied(),
            "{c:?} U+{:04X}",
            c as u32
        );
    }
}

#[test]
fn the_french_letters_gsm_has_keep_gsm_and_the_others_force_ucs2() {
    for c in "éèàùìòÇÉäöñüÄÖÑÜßÅåÆæØø".chars() {
        assert_eq!(
            count(&format!("x{c}")).encoding,
            Encoding::Gsm7,
            "{c} is GSM"
        );
    }
    for c in "êâîôûçœŒëïÿÀÂÈÊËÎÏÔÙÛ’‘“”«»–—…\u{A0}\u{202F}`\t".chars()
    {
        let n = count(&format!("x{c}"));
        assert_eq!(n.encoding, Encoding::Ucs2, "{c:?} is not GSM");
        assert_eq!(
            n.ucs2_characters,
            [Ucs2Character {
                character: c,
                index: 1,
                byte: 1,
                replacement: replacement(c),
            }],
            "{c:?} is reported where it is"
        );
        assert!(
            n.ucs2_characters[0].replacement.is_some(),
            "{c:?} has a suggestion"
        );
    }
}

#[test]
fn a_typical_reminder_is_one_gsm_message() {
    let n = count(REMINDER);
    assert_eq!(
        (
            n.encoding,
            n.units,
            n.segments,
            n.per_segment,
            n.remaining_in_segment
        ),
        (Encoding::Gsm7, 66, 1, 160, 94),
        "letters, digits, punctuation and à are all one septet"
    );
    assert!(n.ucs2_characters.is_empty(), "nothing forces UCS-2");
}

#[test]
fn a_typographic_apostrophe_makes_the_reminder_ucs2_and_is_reported() {
    let text = REMINDER.replace("Dr Laurent.", "Dr Laurent à l’accueil.");
    let n = count(&text);
    assert_eq!(
        (n.encoding, n.units, n.segments, n.remaining_in_segment),
        (Encoding::Ucs2, 78, 2, 56),
        "78 UTF-16 units are more than 70: two segments of 67"
    );
    let index = text.chars().position(|c| c == '’').unwrap();
    assert_eq!(
        n.ucs2_characters,
        [Ucs2Character {
            character: '’',
            index,
            byte: text.find('’').unwrap(),
            replacement: Some("'"),
        }],
        "only the apostrophe forces UCS-2"
    );
    assert_eq!(
        shape(&to_gsm(&text)),
        (Encoding::Gsm7, 78, 1, 160, 82),
        "with a straight apostrophe it is one GSM message again"
    );
}

#[test]
fn a_circumflex_makes_the_reminder_ucs2_and_is_reported_with_its_position() {
    let text = format!("{REMINDER} Merci d'être à l'heure.");
    let n = count(&text);
    assert_eq!(n.encoding, Encoding::Ucs2, "ê is not GSM");
    assert_eq!(n.ucs2_characters.len(), 1, "only ê: à and é are GSM");
    let e = &n.ucs2_characters[0];
    assert_eq!((e.character, e.index, e.replacement), ('ê', 75, Some("e")));
    assert_eq!(
        &text[e.byte..e.byte + 2],
        "ê",
        "the byte offset slices the text"
    );
    assert_eq!(
        to_gsm(&text),
        format!("{REMINDER} Merci d'etre à l'heure."),
        "the accent goes, à stays"
    );
}

#[test]
fn positions_count_characters_and_bytes_separately() {
    let n = count("àé ô😀ç");
    let found: Vec<(char, usize, usize)> = n
        .ucs2_characters
        .iter()
        .map(|u| (u.character, u.index, u.byte))
        .collect();
    assert_eq!(
        found,
        [('ô', 3, 5), ('😀', 4, 7), ('ç', 5, 11)],
        "index in characters, byte in UTF-8"
    );
    assert_eq!(n.ucs2_characters[1].replacement, None, "no GSM emoji");
}

#[test]
fn an_empty_text_is_no_segment() {
    assert_eq!(shape(""), (Encoding::Gsm7, 0, 0, 160, 160));
}

#[test]
fn gsm_texts_are_one_message_up_to_160_septets_then_segments_of_153() {
    for (len, segments, per_segment, remaining) in [
        (1, 1, 160, 159),
        (160, 1, 160, 0),
        (161, 2, 153, 145),
        (306, 2, 153, 0),
        (307, 3, 153, 152),
        (459, 3, 153, 0),
        (460, 4, 153, 152),
    ] {
        assert_eq!(
            shape(&times("a", len)),
            (Encoding::Gsm7, len, segments, per_segment, remaining),
            "{len} septets"
        );
    }
}

#[test]
fn an_extension_character_counts_two_towards_the_single_message_limit() {
    assert_eq!(
        shape(&(times("a", 158) + "€")),
        (Encoding::Gsm7, 160, 1, 160, 0),
        "158 + 2 = 160 fits"
    );
    assert_eq!(
        shape(&(times("a", 159) + "€")),
        (Encoding::Gsm7, 161, 2, 153, 145),
        "159 + 2 = 161 does not"
    );
}

#[test]
fn an_extension_character_is_never_split_across_two_segments() {
    assert_eq!(
        shape(&(times("a", 151) + "€" + &times("a", 153))),
        (Encoding::Gsm7, 306, 2, 153, 0),
        "151 + € fills the first segment exactly"
    );
    assert_eq!(
        shape(&(times("a", 152) + "€" + &times("a", 152))),
        (Encoding::Gsm7, 306, 3, 153, 152),
        "with one septet left, the escape pair moves to the second segment: 152 | 2 + 151 | 1"
    );
    assert_eq!(
        shape(&(times("a", 152) + "€" + &times("a", 10))),
        (Encoding::Gsm7, 164, 2, 153, 141),
        "152 | € + 10"
    );
}

#[test]
fn ucs2_texts_are_one_message_up_to_70_units_then_segments_of_67() {
    for (len, segments, per_segment, remaining) in [
        (1, 1, 70, 69),
        (70, 1, 70, 0),
        (71, 2, 67, 63),
        (134, 2, 67, 0),
        (135, 3, 67, 66),
    ] {
        assert_eq!(
            shape(&times("ê", len)),
            (Encoding::Ucs2, len, segments, per_segment, remaining),
            "{len} UTF-16 units"
        );
    }
}

#[test]
fn an_emoji_is_two_units_and_never_split_across_two_segments() {
    assert_eq!(
        shape("😀"),
        (Encoding::Ucs2, 2, 1, 70, 68),
        "a surrogate pair"
    );
    assert_eq!(
        shape(&(times("a", 68) + "😀")),
        (Encoding::Ucs2, 70, 1, 70, 0),
        "68 + 2 = 70 fits in one message"
    );
    assert_eq!(
        shape(&(times("a", 69) + "😀")),
        (Encoding::Ucs2, 71, 2, 67, 63),
        "69 + 2 = 71 does not"
    );
    assert_eq!(
        shape(&(times("a", 65) + "😀" + &times("a", 67))),
        (Encoding::Ucs2, 134, 2, 67, 0),
        "65 + 😀 fills the first segment exactly"
    );
    assert_eq!(
        shape(&(times("a", 66) + "😀" + &times("a", 66))),
        (Encoding::Ucs2, 134, 3, 67, 66),
        "with one unit left, the pair moves to the second segment: 66 | 2 + 65 | 1"
    );
}

#[test]
fn extension_characters_are_one_unit_in_ucs2() {
    assert_eq!(
        shape("10 € ê"),
        (Encoding::Ucs2, 6, 1, 70, 64),
        "€ is U+20AC, one UTF-16 unit"
    );
}

#[test]
fn every_replacement_replaces_a_non_gsm_character_with_plain_gsm_text() {
    let mut seen = HashMap::new();
    for &(from, to) in REPLACEMENTS {
        assert_eq!(gsm_units(from), None, "{from:?} is GSM already");
        assert!(
            to.chars().all(|c| gsm_units(c) == Some(1)),
            "{from:?} → {to:?}: one septet per character, no extension"
        );
        assert_eq!(seen.insert(from, to), None, "{from:?} is listed twice");
    }
}

#[test]
fn the_common_french_characters_have_the_closest_gsm_suggestion() {
    for (from, to) in [
        ('’', "'"),
        ('‘', "'"),
        ('“', "\""),
        ('”', "\""),
        ('«', "\""),
        ('»', "\""),
        ('–', "-"),
        ('—', "-"),
        ('…', "..."),
        ('\u{A0}', " "),
        ('\u{202F}', " "),
        ('œ', "oe"),
        ('Œ', "OE"),
        ('ç', "c"),
        ('ê', "e"),
        ('â', "a"),
        ('î', "i"),
        ('ô', "o"),
        ('û', "u"),
        ('ë', "e"),
        ('ï', "i"),
        ('ÿ', "y"),
        ('À', "A"),
        ('Â', "A"),
        ('È', "E"),
        ('Ê', "E"),
        ('Ë', "E"),
        ('Î', "I"),
        ('Ï', "I"),
        ('Ô', "O"),
        ('Ù', "U"),
        ('Û', "U"),
    ] {
        assert_eq!(replacement(from), Some(to), "{from:?}");
    }
    for gsm in ['é', 'è', 'à', 'Ç', 'É', 'a', '€'] {
        assert_eq!(replacement(gsm), None, "{gsm} is GSM: nothing to replace");
    }
    assert_eq!(replacement('😀'), None, "an emoji has no GSM stand-in");
}

#[test]
fn to_gsm_turns_french_typography_into_gsm_and_keeps_what_it_cannot_replace() {
    let text =
        "Rappel\u{A0}: «\u{202F}Cœur\u{202F}» — RDV lundi à 9h30, l’hôpital… Ça va\u{A0}? 😀";
    let gsm = to_gsm(text);
    assert_eq!(
        gsm,
        "Rappel : \" Coeur \" - RDV lundi à 9h30, l'hopital... Ça va ? 😀"
    );
    let n = count(&gsm);
    assert_eq!(
        n.ucs2_characters
            .iter()
            .map(|u| u.character)
            .collect::<String>(),
        "😀",
        "only the emoji is left, with no suggestion"
    );
    assert_eq!(
        count(&gsm.replace(" 😀", "")).encoding,
        Encoding::Gsm7,
        "without it, the text is GSM"
    );
    assert_eq!(to_gsm(REMINDER), REMINDER, "a GSM text is unchanged");
}

#[test]
fn the_replacement_table_of_docs_sms_md_is_the_codes() {
    let doc = include_str!("../../../../docs/sms.md");
    let documented: Vec<(char, String)> = doc
        .lines()
        .filter(|line| line.starts_with("| U+"))
        .map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let code = u32::from_str_radix(&cells[1]["U+".len()..], 16).unwrap();
            let to = match cells[3] {
                "(espace)" => " ".to_owned(),
                "(supprimé)" => String::new(),
                cell => cell.trim_matches('`').to_owned(),
            };
            (char::from_u32(code).unwrap(), to)
        })
        .collect();
    let code: Vec<(char, String)> = REPLACEMENTS
        .iter()
        .map(|&(from, to)| (from, to.to_owned()))
        .collect();
    assert_eq!(documented, code, "docs/sms.md lists the table in its order");
}

/// Texts mixing GSM, extension, replaceable and other characters (emoji included).
fn sms_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            4 => prop::sample::select(vec!['a', 'é', ' ', '\n', '@', 'Δ']),
            1 => prop::sample::select(vec!['€', '[', '~', '|']),
            1 => prop::sample::select(vec!['ê', '’', '\u{A0}', 'œ', '…']),
            1 => prop::sample::select(vec!['😀', 'Ж', '\u{1B}']),
        ],
        0..400,
    )
    .prop_map(|chars| chars.into_iter().collect())
}

proptest! {
    #[test]
    fn counts_are_consistent_for_any_text(text in sms_text()) {
        let n = count(&text);
        let gsm = text.chars().all(|c| gsm_units(c).is_some());
        prop_assert_eq!(n.encoding == Encoding::Gsm7, gsm, "GSM exactly when every character is");
        prop_assert_eq!(n.ucs2_characters.is_empty(), gsm, "UCS-2 characters listed exactly then");
        let units: usize = text.chars().map(|c| n.encoding.units(c).unwrap()).sum();
        prop_assert_eq!(n.units, units, "the units are the characters' widths");
        prop_assert_eq!(n.segments == 0, text.is_empty(), "no segment only for no text");
        if n.segments == 1 {
            prop_assert!(n.units <= n.encoding.single(), "one message holds it");
            prop_assert_eq!(n.remaining_in_segment, n.encoding.single() - n.units);
        }
        if n.segments > 1 {
            let per = n.encoding.per_segment();
            prop_assert!(n.units > n.encoding.single(), "concatenated only when too long");
            prop_assert!(n.units <= n.segments * per, "the segments hold the units");
            prop_assert!(
                n.units > (n.segments - 1) * (per - 1),
                "each full segment wastes at most one unit"
            );
            prop_assert!(n.remaining_in_segment < per, "the last segment holds something");
        }
    }

    #[test]
    fn to_gsm_leaves_only_characters_without_a_suggestion(text in sms_text()) {
        let gsm = to_gsm(&text);
        let left = count(&gsm).ucs2_characters;
        prop_assert!(left.iter().all(|u| u.replacement.is_none()), "{:?}", left);
        prop_assert_eq!(to_gsm(&gsm), gsm.clone(), "applying it twice changes nothing");
        let without_suggestion: String = text
            .chars()
            .filter(|&c| gsm_units(c).is_none() && replacement(c).is_none())
            .collect();
        prop_assert_eq!(
            left.iter().map(|u| u.character).collect::<String>(),
            without_suggestion,
            "the characters with no suggestion are kept, in order"
        );
    }
}
