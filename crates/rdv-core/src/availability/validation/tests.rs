use super::*;
use crate::availability::config::FileFormat;
use std::collections::HashSet;

const VALID: &str = r#"
[[appointmentTypes]]
id = "consultation"
name = "Consultation"
durationMinutes = 30

[[appointmentTypes]]
id = "bilan"
name = "Bilan"
durationMinutes = 60
bookableOnline = false

[[templates]]
id = "semaine"
name = "Semaine type"
[[templates.ranges]]
days = ["lundi", "jeudi"]
start = "09:00"
end = "12:30"
[[templates.ranges]]
days = ["lundi", "jeudi"]
start = "14:00"
end = "19:00"
types = ["consultation", "bilan"]
"#;

fn today() -> NaiveDate {
    "2026-11-26".parse().unwrap()
}

fn problems(toml: &str) -> Vec<Problem> {
    validate(
        &PracticeConfig::parse(toml, FileFormat::Toml).unwrap(),
        today(),
    )
}

fn codes(toml: &str) -> Vec<&'static str> {
    problems(toml).iter().map(|p| p.code.as_str()).collect()
}

/// The one problem with `code`, failing with every problem found otherwise.
fn the(toml: &str, code: ProblemCode) -> Problem {
    let all = problems(toml);
    let found: Vec<_> = all.iter().filter(|p| p.code == code).collect();
    assert_eq!(found.len(), 1, "one {code} expected, got: {all:#?}");
    found[0].clone()
}

#[test]
fn a_sound_configuration_has_no_problem() {
    assert_eq!(problems(VALID), vec![]);
}

#[test]
fn codes_are_unique_and_dotted() {
    let unique: HashSet<_> = ProblemCode::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(unique.len(), ProblemCode::ALL.len());
    assert!(
        ProblemCode::ALL
            .iter()
            .all(|c| c.as_str().split_once('.').is_some())
    );
}

#[test]
fn a_problem_prints_code_place_and_message_on_one_line() {
    let p = the(
        &VALID.replace("end = \"12:30\"", "end = \"08:30\""),
        ProblemCode::RangeEndBeforeStart,
    );
    assert_eq!(
        p.to_string(),
        "[range.endBeforeStart] templates[0].ranges[0] : La plage du lundi et du jeudi 09:00–08:30 (modèle « Semaine type ») finit avant de commencer. Une plage ne peut pas passer minuit : coupez-la en deux."
    );
    let json = serde_json::to_value(&p).unwrap();
    assert_eq!(
        json["code"], "range.endBeforeStart",
        "the code serialises as its stable string"
    );
}

#[test]
fn a_zero_length_range_is_reported() {
    let p = the(
        &VALID.replace("end = \"12:30\"", "end = \"09:00\""),
        ProblemCode::RangeEmpty,
    );
    assert!(p.message.contains("dure 0 minute"), "{}", p.message);
}

#[test]
fn overlapping_ranges_for_the_same_type_on_the_same_day_are_reported() {
    let toml = VALID.replace("start = \"14:00\"", "start = \"12:00\"");
    let p = the(&toml, ProblemCode::RangeOverlap);
    assert_eq!(p.path, "templates[0].ranges[1]");
    assert_eq!(
        p.message,
        "Les plages 09:00–12:30 (templates[0].ranges[0]) et 12:00–19:00 (templates[0].ranges[1]) se chevauchent le lundi et le jeudi pour les motifs « Consultation » et « Bilan » : corrigez les horaires pour qu'elles se suivent sans se recouvrir."
    );
}

#[test]
fn ranges_that_cannot_meet_do_not_overlap() {
    let bilan_morning = "\n[[templates]]\nid = \"b\"\n[[templates.ranges]]\ndays = [\"lundi\"]\nstart = \"09:00\"\nend = \"10:00\"\ntypes = [\"bilan\"]\n";
    let all_types_morning = format!("{VALID}{bilan_morning}");
    assert_eq!(
        codes(&all_types_morning),
        ["range.overlap"],
        "the morning range is open for every type, bilan included"
    );
    let consultation_morning = all_types_morning.replace(
        "end = \"12:30\"",
        "end = \"12:30\"\ntypes = [\"consultation\"]",
    );
    assert_eq!(
        codes(&consultation_morning),
        Vec::<&str>::new(),
        "a consultation range and a bilan range may overlap"
    );
    let odd_even = r#"
[[appointmentTypes]]
id = "c"
name = "C"
durationMinutes = 30
[[templates]]
id = "a"
weeks = "impaires"
[[templates.ranges]]
days = ["lundi"]
start = "09:00"
end = "12:00"
[[templates]]
id = "b"
weeks = "paires"
[[templates.ranges]]
days = ["lundi"]
start = "09:00"
end = "12:00"
"#;
    assert_eq!(
        codes(odd_even),
        Vec::<&str>::new(),
        "odd and even weeks never share a Monday"
    );
    let successive = odd_even
        .replace("weeks = \"impaires\"", "validUntil = \"2026-12-31\"")
        .replace("weeks = \"paires\"", "validFrom = \"2027-01-01\"");
    assert_eq!(
        codes(&successive),
        Vec::<&str>::new(),
        "one period follows the other"
    );
    let same_period = odd_even
        .replace("weeks = \"impaires\"\n", "")
        .replace("weeks = \"paires\"\n", "");
    assert_eq!(codes(&same_period), vec!["range.overlap"]);
}

#[test]
fn unknown_type_ids_are_reported_where_they_are_used() {
    let toml = VALID.replace(
        "types = [\"consultation\", \"bilan\"]",
        "types = [\"consultation\", \"bilans\"]",
    );
    let p = the(&toml, ProblemCode::RangeUnknownType);
    assert_eq!(p.path, "templates[0].ranges[1].types");
    assert!(
        p.message.contains(
            "cite le motif « bilans », qui n'existe pas (motifs connus : consultation, bilan)"
        ),
        "{}",
        p.message
    );
    let closure =
        format!("{VALID}\n[[exceptions.closures]]\nfrom = \"2026-12-24\"\ntypes = [\"visite\"]\n");
    assert_eq!(
        the(&closure, ProblemCode::ClosureUnknownType).path,
        "exceptions.closures[0].types"
    );
    let opening = format!(
        "{VALID}\n[[exceptions.openings]]\ndate = \"2026-12-26\"\nstart = \"09:00\"\nend = \"12:00\"\ntypes = [\"visite\"]\n"
    );
    assert_eq!(
        the(&opening, ProblemCode::OpeningUnknownType).path,
        "exceptions.openings[0].types"
    );
}

#[test]
fn numbers_that_make_no_sense_are_reported_one_by_one() {
    let toml = VALID.replace(
        "durationMinutes = 30",
        "durationMinutes = 0\nslotIntervalMinutes = -5\nbufferBeforeMinutes = -1\nbufferAfterMinutes = -2\nminNoticeMinutes = -60\nhorizonDays = -1\nmaxPerDay = 0\ncolour = \"bleu\"",
    );
    assert_eq!(
        codes(&toml),
        [
            "type.durationNotPositive",
            "type.intervalNotPositive",
            "type.negativeBuffer",
            "type.negativeBuffer",
            "type.negativeNotice",
            "type.negativeHorizon",
            "type.maxPerDayNotPositive",
            "type.invalidColour",
        ]
    );
    let colour = the(
        &VALID.replace(
            "durationMinutes = 30",
            "durationMinutes = 30\ncolour = \"bleu\"",
        ),
        ProblemCode::TypeInvalidColour,
    );
    assert!(colour.message.contains("#RRVVBB"), "{}", colour.message);
}

#[test]
fn a_type_longer_than_every_range_offering_it_is_reported() {
    let toml = VALID.replace("durationMinutes = 60", "durationMinutes = 360");
    let p = the(&toml, ProblemCode::TypeLongerThanRanges);
    assert_eq!(p.path, "appointmentTypes[1].durationMinutes");
    assert!(p.message.contains("Le motif « Bilan » dure 360 min, plus que la plus longue plage qui le propose (300 min)"), "{}", p.message);
}

#[test]
fn touching_ranges_count_as_one_stretch_as_the_slot_engine_unites_them() {
    // 12:30–14:00 on Mondays joins the morning and the afternoon for every type: a 6-hour
    // "bilan" fits in 09:00–19:00 although no single range is that long.
    let joined = VALID.replace("durationMinutes = 60", "durationMinutes = 360")
        + "[[templates.ranges]]\ndays = [\"lundi\"]\nstart = \"12:30\"\nend = \"14:00\"\n";
    assert!(
        !codes(&joined).contains(&"type.longerThanRanges"),
        "{:?}",
        problems(&joined)
    );
    // The engine agrees: it offers the 6-hour bilan on Monday.
    let config = PracticeConfig::parse(&joined, FileFormat::Toml).unwrap();
    let monday: NaiveDate = "2026-11-30".parse().unwrap();
    let query = crate::availability::SlotQuery {
        include_offline: true,
        ..crate::availability::SlotQuery::new(
            monday,
            monday.succ_opt().unwrap(),
            "2026-11-26T00:00:00Z".parse().unwrap(),
        )
    };
    let slots = crate::availability::compute_slots(&config, &query).unwrap();
    assert!(
        !slots
            .iter()
            .find(|t| t.type_id == "bilan")
            .unwrap()
            .slots
            .is_empty(),
        "the engine offers it"
    );
}

#[test]
fn a_type_bookable_online_that_no_range_offers_is_reported() {
    let toml = VALID
        .replace("bookableOnline = false", "")
        .replace(
            "types = [\"consultation\", \"bilan\"]",
            "types = [\"consultation\"]",
        )
        .replace(
            "end = \"12:30\"",
            "end = \"12:30\"\ntypes = [\"consultation\"]",
        );
    assert_eq!(
        the(&toml, ProblemCode::TypeNotOffered).path,
        "appointmentTypes[1]"
    );
}

#[test]
fn ids_must_be_usable_and_unique() {
    let toml = format!(
        "{VALID}\n[[appointmentTypes]]\nid = \"consultation\"\nname = \"\"\ndurationMinutes = 30\n[[appointmentTypes]]\nid = \"a,b\"\nname = \"X\"\ndurationMinutes = 30\n"
    );
    let got = codes(&toml);
    assert!(
        got.contains(&"type.duplicateId")
            && got.contains(&"type.emptyName")
            && got.contains(&"type.invalidId"),
        "{got:?}"
    );
    let templates = format!("{VALID}\n[[templates]]\nid = \"semaine\"\n[[templates]]\nid = \"\"\n");
    let got = codes(&templates);
    assert!(
        got.contains(&"template.duplicateId")
            && got.contains(&"template.invalidId")
            && got.contains(&"template.noRanges"),
        "{got:?}"
    );
}

#[test]
fn a_template_ending_before_it_starts_is_reported() {
    let toml = VALID.replace(
        "name = \"Semaine type\"",
        "name = \"Semaine type\"\nvalidFrom = \"2027-07-01\"\nvalidUntil = \"2027-06-30\"",
    );
    let p = the(&toml, ProblemCode::TemplatePeriodReversed);
    assert!(
        p.message
            .contains("finit le 30/06/2027 avant de commencer le 01/07/2027"),
        "{}",
        p.message
    );
}

#[test]
fn a_range_starting_in_the_skipped_spring_hour_is_reported_with_its_date() {
    let toml = VALID.replace(
        "days = [\"lundi\", \"jeudi\"]\nstart = \"09:00\"",
        "days = [\"dimanche\"]\nstart = \"02:30\"",
    );
    let p = the(&toml, ProblemCode::RangeDstGap);
    assert_eq!(p.path, "templates[0].ranges[0]");
    assert_eq!(
        p.message,
        "La plage du dimanche 02:30–12:30 (modèle « Semaine type ») commence à 02:30, une heure qui n'existe pas le dimanche 28/03/2027 : ce jour-là, les horloges passent de 02:00 à 03:00 (changement d'heure, fuseau Europe/Paris). Choisissez une heure en dehors de 02:00–03:00."
    );
}

#[test]
fn the_gap_check_follows_the_real_transitions_of_the_zone() {
    let sunday = VALID.replace(
        "days = [\"lundi\", \"jeudi\"]\nstart = \"09:00\"",
        "days = [\"dimanche\"]\nstart = \"02:30\"",
    );
    let ny = format!("timeZone = \"America/New_York\"\n{sunday}");
    let p = the(&ny, ProblemCode::RangeDstGap);
    assert!(
        p.message.contains("le dimanche 14/03/2027")
            && p.message.contains("fuseau America/New_York"),
        "{}",
        p.message
    );
    let tokyo = format!("timeZone = \"Asia/Tokyo\"\n{sunday}");
    assert_eq!(
        codes(&tokyo),
        Vec::<&str>::new(),
        "Japan has no daylight-saving time"
    );
    let saturday = sunday.replace("[\"dimanche\"]", "[\"samedi\"]");
    assert_eq!(
        codes(&saturday),
        Vec::<&str>::new(),
        "the Paris change is on a Sunday"
    );
    let until_summer = sunday.replace(
        "name = \"Semaine type\"",
        "name = \"Semaine type\"\nvalidUntil = \"2027-03-27\"",
    );
    assert_eq!(
        codes(&until_summer),
        Vec::<&str>::new(),
        "the template ends before the change"
    );
}

#[test]
fn a_repeated_autumn_hour_is_not_a_problem() {
    let toml = VALID
        .replace(
            "days = [\"lundi\", \"jeudi\"]\nstart = \"09:00\"",
            "days = [\"dimanche\"]\nstart = \"02:30\"",
        )
        .replace(
            "name = \"Semaine type\"",
            "name = \"Semaine type\"\nvalidFrom = \"2027-04-01\"\nvalidUntil = \"2027-12-31\"",
        );
    assert_eq!(
        codes(&toml),
        Vec::<&str>::new(),
        "02:30 exists twice on 2027-10-31: the first one is used"
    );
}

#[test]
fn closures_and_openings_with_impossible_times_are_reported() {
    let closures = format!(
        "{VALID}\n[[exceptions.closures]]\nfrom = \"2026-12-24\"\nuntil = \"2026-12-20\"\n[[exceptions.closures]]\nfrom = \"2026-12-24\"\nstart = \"12:00\"\n[[exceptions.closures]]\nfrom = \"2026-12-24\"\nstart = \"12:00\"\nend = \"11:00\"\n[[exceptions.closures]]\nfrom = \"2027-03-28\"\nstart = \"02:15\"\nend = \"04:00\"\n"
    );
    assert_eq!(
        codes(&closures),
        [
            "closure.periodReversed",
            "closure.incompleteTimes",
            "closure.endBeforeStart",
            "closure.dstGap"
        ]
    );
    let openings = format!(
        "{VALID}\n[[exceptions.openings]]\ndate = \"2026-12-26\"\nstart = \"12:00\"\nend = \"12:00\"\n[[exceptions.openings]]\ndate = \"2027-03-28\"\nstart = \"02:00\"\nend = \"05:00\"\n[[exceptions.openings]]\ndate = \"2027-03-28\"\nstart = \"04:00\"\nend = \"06:00\"\n"
    );
    assert_eq!(
        codes(&openings),
        ["opening.empty", "opening.dstGap", "opening.overlap"]
    );
}

#[test]
fn an_opening_hidden_by_a_closure_is_reported() {
    let toml = format!(
        "{VALID}\n[[exceptions.closures]]\nfrom = \"2026-08-01\"\nuntil = \"2026-08-31\"\n[[exceptions.openings]]\ndate = \"2026-08-15\"\nstart = \"09:00\"\nend = \"12:00\"\n"
    );
    let p = the(&toml, ProblemCode::OpeningClosed);
    assert!(
        p.message.contains("une fermeture l'emporte toujours"),
        "{}",
        p.message
    );
    let other_type = toml.replace(
        "until = \"2026-08-31\"",
        "until = \"2026-08-31\"\ntypes = [\"bilan\"]",
    );
    assert!(
        !codes(&other_type).contains(&"opening.closed"),
        "the opening still offers consultations"
    );
}

#[test]
fn a_dated_holiday_override_must_be_a_holiday_of_the_region() {
    let toml =
        format!("{VALID}\n[holidays]\noverrides = [\"2026-12-26\", \"2026-12-25\", \"noel\"]\n");
    let p = the(&toml, ProblemCode::HolidayNotAHoliday);
    assert_eq!(p.path, "holidays.overrides[0]");
    assert!(
        p.message
            .contains("26/12/2026 n'est pas un jour férié (métropole)"),
        "{}",
        p.message
    );
    let alsace = toml.replace("[holidays]", "[holidays]\nregion = \"alsace-moselle\"");
    assert_eq!(
        codes(&alsace),
        Vec::<&str>::new(),
        "Saint-Étienne is a holiday in Alsace-Moselle"
    );
}

#[test]
fn an_empty_type_list_is_reported() {
    let toml = VALID.replace("types = [\"consultation\", \"bilan\"]", "types = []");
    assert_eq!(
        the(&toml, ProblemCode::RangeNoTypes).path,
        "templates[0].ranges[1]"
    );
    let no_days = VALID.replace(
        "days = [\"lundi\", \"jeudi\"]\nstart = \"14:00\"",
        "days = []\nstart = \"14:00\"",
    );
    assert_eq!(
        the(&no_days, ProblemCode::RangeNoDays).path,
        "templates[0].ranges[1].days"
    );
}

#[test]
fn two_types_with_the_same_name_are_reported_on_the_second() {
    let toml = VALID.replace("name = \"Bilan\"", "name = \" consultation \"");
    let p = the(&toml, ProblemCode::TypeDuplicateName);
    assert_eq!(p.path, "appointmentTypes[1].name");
    assert!(p.message.contains("consultation"), "{}", p.message);
    assert!(p.message_en.contains("consultation"), "{}", p.message_en);
}

#[test]
fn a_type_lasting_more_than_a_day_is_reported() {
    let a_day = VALID.replace("durationMinutes = 60", "durationMinutes = 1440");
    assert!(!codes(&a_day).contains(&"type.durationTooLong"));
    let longer = VALID.replace("durationMinutes = 60", "durationMinutes = 1441");
    let p = the(&longer, ProblemCode::TypeDurationTooLong);
    assert_eq!(p.path, "appointmentTypes[1].durationMinutes");
    assert!(p.message.contains("1441 min"), "{}", p.message);
}

/// Configurations that, together, raise every problem code (the snippets of the tests above).
fn configurations_with_every_problem() -> Vec<String> {
    let numbers = VALID.replace(
        "durationMinutes = 30",
        "durationMinutes = 0\nslotIntervalMinutes = -5\nbufferBeforeMinutes = -1\nbufferAfterMinutes = -2\nminNoticeMinutes = -60\nhorizonDays = -1\nmaxPerDay = 0\ncolour = \"bleu\"",
    );
    let longer = VALID.replace("durationMinutes = 60", "durationMinutes = 360");
    let too_long = VALID.replace("durationMinutes = 60", "durationMinutes = 1500");
    let same_name = VALID.replace("name = \"Bilan\"", "name = \"Consultation\"");
    let not_offered = VALID
        .replace("bookableOnline = false", "")
        .replace(
            "types = [\"consultation\", \"bilan\"]",
            "types = [\"consultation\"]",
        )
        .replace(
            "end = \"12:30\"",
            "end = \"12:30\"\ntypes = [\"consultation\"]",
        );
    let type_ids = format!(
        "{VALID}\n[[appointmentTypes]]\nid = \"consultation\"\nname = \"\"\ndurationMinutes = 30\n[[appointmentTypes]]\nid = \"a,b\"\nname = \"X\"\ndurationMinutes = 30\n"
    );
    let template_ids =
        format!("{VALID}\n[[templates]]\nid = \"semaine\"\n[[templates]]\nid = \"\"\n");
    let reversed_template = VALID.replace(
        "name = \"Semaine type\"",
        "name = \"Semaine type\"\nvalidFrom = \"2027-07-01\"\nvalidUntil = \"2027-06-30\"",
    );
    let range_end_before_start = VALID.replace("end = \"12:30\"", "end = \"08:30\"");
    let empty_range = VALID.replace("end = \"12:30\"", "end = \"09:00\"");
    let overlap = VALID.replace("start = \"14:00\"", "start = \"12:00\"");
    let unknown_type = VALID.replace(
        "types = [\"consultation\", \"bilan\"]",
        "types = [\"consultation\", \"bilans\"]",
    );
    let no_types = VALID.replace("types = [\"consultation\", \"bilan\"]", "types = []");
    let no_days = VALID.replace(
        "days = [\"lundi\", \"jeudi\"]\nstart = \"14:00\"",
        "days = []\nstart = \"14:00\"",
    );
    let dst_gap = VALID.replace(
        "days = [\"lundi\", \"jeudi\"]\nstart = \"09:00\"",
        "days = [\"dimanche\"]\nstart = \"02:30\"",
    );
    let closures = format!(
        "{VALID}\n[[exceptions.closures]]\nfrom = \"2026-12-24\"\nuntil = \"2026-12-20\"\n[[exceptions.closures]]\nfrom = \"2026-12-24\"\nstart = \"12:00\"\n[[exceptions.closures]]\nfrom = \"2026-12-24\"\nstart = \"12:00\"\nend = \"11:00\"\n[[exceptions.closures]]\nfrom = \"2027-03-28\"\nstart = \"02:15\"\nend = \"04:00\"\n[[exceptions.closures]]\nfrom = \"2026-12-24\"\nstart = \"12:00\"\nend = \"12:00\"\n[[exceptions.closures]]\nfrom = \"2026-12-24\"\ntypes = []\n[[exceptions.closures]]\nfrom = \"2026-12-24\"\ntypes = [\"visite\"]\n"
    );
    let openings = format!(
        "{VALID}\n[[exceptions.openings]]\ndate = \"2026-12-26\"\nstart = \"12:00\"\nend = \"12:00\"\n[[exceptions.openings]]\ndate = \"2027-03-28\"\nstart = \"02:00\"\nend = \"05:00\"\n[[exceptions.openings]]\ndate = \"2027-03-28\"\nstart = \"04:00\"\nend = \"06:00\"\n[[exceptions.openings]]\ndate = \"2026-12-27\"\nstart = \"12:00\"\nend = \"11:00\"\n[[exceptions.openings]]\ndate = \"2026-12-28\"\nstart = \"09:00\"\nend = \"12:00\"\ntypes = []\n[[exceptions.openings]]\ndate = \"2026-12-29\"\nstart = \"09:00\"\nend = \"12:00\"\ntypes = [\"visite\"]\n"
    );
    let hidden_opening = format!(
        "{VALID}\n[[exceptions.closures]]\nfrom = \"2026-08-01\"\nuntil = \"2026-08-31\"\n[[exceptions.openings]]\ndate = \"2026-08-15\"\nstart = \"09:00\"\nend = \"12:00\"\n"
    );
    let holiday =
        format!("{VALID}\n[holidays]\noverrides = [\"2026-12-26\", \"2026-12-25\", \"noel\"]\n");
    vec![
        numbers,
        longer,
        too_long,
        same_name,
        not_offered,
        type_ids,
        template_ids,
        reversed_template,
        range_end_before_start,
        empty_range,
        overlap,
        unknown_type,
        no_types,
        no_days,
        dst_gap,
        closures,
        openings,
        hidden_opening,
        holiday,
    ]
}

#[test]
fn every_problem_has_an_english_message() {
    const FRENCH: &[&str] = &[
        " le ",
        " la ",
        " les ",
        " du ",
        " des ",
        " de ",
        " et ",
        " ne ",
        " pas ",
        "motif",
        "plage",
        "modèle",
        "fermeture",
        "ouverture",
        "é",
        "è",
        "à",
        "«",
        "»",
        " : ",
    ];
    let mut seen = HashSet::new();
    let mut far = crate::availability::AppointmentType::new("suivi", "Suivi", 30);
    far.horizon_days = Some(150);
    let beyond_retention = crate::availability::horizon_within_retention(&[far], 120);
    let every: Vec<Vec<Problem>> = configurations_with_every_problem()
        .iter()
        .map(|toml| problems(toml))
        .chain([beyond_retention])
        .collect();
    for found in every {
        for p in found {
            seen.insert(p.code);
            let en = &p.message_en;
            assert!(!en.trim().is_empty(), "no English message: {p:#?}");
            assert_ne!(
                en, &p.message,
                "the English message is the French one: {p:#?}"
            );
            for word in FRENCH {
                assert!(
                    !en.contains(word),
                    "French {word:?} in the English message: {p:#?}"
                );
            }
            let json = serde_json::to_value(&p).unwrap();
            assert_eq!(json["messageEn"], en.as_str(), "{json}");
            assert_eq!(json["message"], p.message.as_str(), "{json}");
        }
    }
    let missing: Vec<_> = ProblemCode::ALL
        .iter()
        .filter(|c| !seen.contains(*c))
        .map(|c| c.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "no configuration raises (add one, with an English message): {missing:?}"
    );
}

#[test]
fn english_messages_carry_the_same_details_as_the_french_ones() {
    let overlap = the(
        &VALID.replace("start = \"14:00\"", "start = \"12:00\""),
        ProblemCode::RangeOverlap,
    );
    assert_eq!(
        overlap.message_en,
        "The time ranges 09:00–12:30 (templates[0].ranges[0]) and 12:00–19:00 (templates[0].ranges[1]) overlap on Monday and Thursday for the appointment types “Consultation” and “Bilan”: change the times so that they follow one another without overlapping."
    );
    let gap = the(
        &VALID.replace(
            "days = [\"lundi\", \"jeudi\"]\nstart = \"09:00\"",
            "days = [\"dimanche\"]\nstart = \"02:30\"",
        ),
        ProblemCode::RangeDstGap,
    );
    assert_eq!(
        gap.message_en,
        "The time range on Sunday 02:30–12:30 (template “Semaine type”) starts at 02:30, a time that does not exist on Sunday 28/03/2027: that day, the clocks go forward from 02:00 to 03:00 (daylight saving time, time zone Europe/Paris). Choose a time outside 02:00–03:00."
    );
    let unknown = the(
        &VALID.replace(
            "types = [\"consultation\", \"bilan\"]",
            "types = [\"consultation\", \"bilans\"]",
        ),
        ProblemCode::RangeUnknownType,
    );
    assert_eq!(
        unknown.message_en,
        "The time range on Monday and Thursday 14:00–19:00 (template “Semaine type”) names the appointment type “bilans”, which does not exist (known types: consultation, bilan)."
    );
}

#[test]
fn a_horizon_may_reach_the_retention_period_but_not_past_it() {
    use crate::availability::{AppointmentType, horizon_within_retention};
    let with = |days: Option<i32>| {
        let mut t = AppointmentType::new("suivi", "Suivi", 30);
        t.horizon_days = days;
        t
    };
    let types = [
        with(Some(120)),
        with(Some(121)),
        with(None),
        with(Some(240)),
    ];
    let problems = horizon_within_retention(&types, 120);
    let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "appointmentTypes[1].horizonDays",
            "appointmentTypes[3].horizonDays"
        ]
    );
    assert!(
        problems
            .iter()
            .all(|p| p.code == ProblemCode::TypeHorizonBeyondRetention)
    );
    assert!(
        problems[0].message.contains("121 jours"),
        "{}",
        problems[0].message
    );
    assert!(problems[0].message.contains("120 jours"));
    assert!(problems[1].message_en.contains("240 days"));
    assert!(horizon_within_retention(&types, 240).is_empty());
}

/// `n` weekly ranges of the same hours on Monday, each listing its day `repeats` times.
fn identical_ranges(n: usize, repeats: usize) -> String {
    let days = vec!["\"lundi\""; repeats].join(",");
    let ranges =
        format!("[[templates.ranges]]\ndays = [{days}]\nstart = \"09:00\"\nend = \"12:00\"\n")
            .repeat(n);
    format!(
        "{}[[templates]]\nid = \"copies\"\n{ranges}",
        &VALID[..VALID.find("[[templates]]").unwrap()]
    )
}

#[test]
fn thousands_of_identical_ranges_give_a_hundred_overlaps_and_a_summary() {
    // 2,000 identical ranges: 1,999,000 overlapping pairs, formerly as many problems.
    let all = problems(&identical_ranges(2_000, 1));
    let overlaps: Vec<_> = all
        .iter()
        .filter(|p| p.code == ProblemCode::RangeOverlap)
        .collect();
    assert_eq!(overlaps.len(), 101, "100 overlaps and their summary");
    let summary = overlaps[100];
    assert_eq!(summary.path, "templates");
    assert!(
        summary
            .message
            .contains("plus de 9900 autres chevauchements de plages horaires"),
        "{}",
        summary.message
    );
    assert!(
        summary
            .message_en
            .contains("more than 9900 more overlaps of time ranges")
    );
}

#[test]
fn a_few_overlaps_over_the_cap_are_counted_exactly() {
    // 16 identical ranges: 120 pairs, all found by the sweep; 100 reported, 20 counted.
    let all = problems(&identical_ranges(16, 1));
    let summary = all
        .iter()
        .filter(|p| p.code == ProblemCode::RangeOverlap)
        .nth(100)
        .unwrap();
    assert!(
        summary.message.starts_with("… et 20 autres chevauchements"),
        "{}",
        summary.message
    );
    assert!(summary.message_en.starts_with("… and 20 more overlaps"));
}

#[test]
fn a_day_listed_many_times_is_one_day() {
    // Two ranges, each listing Monday 50,000 times: one overlap, found once.
    let all = problems(&identical_ranges(2, 50_000));
    let overlap = the(&identical_ranges(2, 50_000), ProblemCode::RangeOverlap);
    assert!(
        overlap.message.contains("le lundi pour tous les motifs"),
        "{}",
        overlap.message
    );
    assert!(
        all.iter().all(|p| p.message.len() < 1_000),
        "the day is named once"
    );
}

#[test]
fn thousands_of_identical_openings_give_a_hundred_overlaps_and_a_summary() {
    let openings =
        "[[exceptions.openings]]\ndate = \"2027-03-02\"\nstart = \"09:00\"\nend = \"12:00\"\n"
            .repeat(2_000);
    let all = problems(&format!("{VALID}{openings}"));
    let overlaps: Vec<_> = all
        .iter()
        .filter(|p| p.code == ProblemCode::OpeningOverlap)
        .collect();
    assert_eq!(overlaps.len(), 101);
    assert_eq!(overlaps[100].path, "exceptions.openings");
    assert!(
        overlaps[100]
            .message
            .contains("plus de 9900 autres chevauchements d'ouvertures exceptionnelles")
    );
}

#[test]
fn a_today_at_the_end_of_the_calendar_does_not_panic() {
    // The hostile-configuration property's minimal case: Apia, a range at 00:00, and a `today`
    // of year −262143 (chrono's first day).
    let text = "timeZone = \"Pacific/Apia\"\n[[templates]]\nid = \"t0\"\n[[templates.ranges]]\ndays = [\"jeudi\"]\nstart = \"00:00\"\nend = \"00:00\"\n";
    let config = PracticeConfig::parse(text, FileFormat::Toml).unwrap();
    let _ = validate(&config, NaiveDate::MIN);
    let _ = validate(&config, NaiveDate::MAX);
}
