use super::*;
use crate::availability::holidays::Holiday;
use crate::availability::template::{Day, WeekParity};

/// The example of docs/templates.md (kept in sync by the integration tests, which read the doc).
const EXAMPLE: &str = r##"
timeZone = "Europe/Paris"

[[appointmentTypes]]
id = "consultation"
name = "Consultation"
durationMinutes = 30
colour = "#1E88E5"
minNoticeMinutes = 120
horizonDays = 60

[[templates]]
id = "semaine"
name = "Semaine type"
validFrom = "2026-09-01"

[[templates.ranges]]
days = ["lundi", "jeudi"]
start = "9h"
end = "12h30"

[[templates.ranges]]
days = ["lundi", "jeudi"]
start = "14:00"
end = "19:00"

[[exceptions.closures]]
from = "2026-12-24"
until = "2027-01-03"
label = "Vacances de Noël"

[holidays]
region = "alsace-moselle"
overrides = ["lundi-de-pentecote"]
"##;

#[test]
fn a_toml_file_reads_into_types_templates_exceptions_and_holidays() {
    let c = PracticeConfig::parse(EXAMPLE, FileFormat::Toml).unwrap();
    assert_eq!(c.time_zone, chrono_tz::Europe::Paris);
    let t = c.appointment_type("consultation").unwrap();
    assert_eq!(
        (t.duration_minutes, t.min_notice_minutes, t.horizon_days),
        (30, 120, Some(60))
    );
    assert_eq!(c.templates[0].ranges.len(), 2);
    assert_eq!(
        c.templates[0].ranges[0].days,
        vec![Day::Monday, Day::Thursday]
    );
    assert_eq!(
        c.templates[0].weeks,
        WeekParity::Every,
        "every week unless said"
    );
    assert_eq!(c.exceptions.closures[0].label, "Vacances de Noël");
    assert!(c.holidays.closed, "holidays close the practice unless said");
    assert_eq!(
        c.holidays.overrides,
        vec![HolidayOverride::Every(Holiday::LundiDePentecote)]
    );
}

#[test]
fn a_configuration_survives_a_round_trip_through_both_formats() {
    let c = PracticeConfig::parse(EXAMPLE, FileFormat::Toml).unwrap();
    for format in [FileFormat::Toml, FileFormat::Json] {
        let written = c.to_text(format).unwrap();
        assert_eq!(
            PracticeConfig::parse(&written, format).unwrap(),
            c,
            "{}:\n{written}",
            format.name()
        );
    }
}

#[test]
fn an_empty_file_is_a_configuration_with_the_defaults() {
    let c = PracticeConfig::parse("", FileFormat::Toml).unwrap();
    assert_eq!(c, PracticeConfig::default());
    assert_eq!(PracticeConfig::parse("{}", FileFormat::Json).unwrap(), c);
}

#[test]
fn a_toml_error_names_the_line_and_the_field() {
    let input = "[[appointmentTypes]]\nid = \"c\"\nname = \"C\"\ndurationMinutes = \"trente\"\n";
    let e = PracticeConfig::parse(input, FileFormat::Toml).unwrap_err();
    assert_eq!(e.line, Some(4), "{e}");
    assert_eq!(
        e.field.as_deref(),
        Some("appointmentTypes[0].durationMinutes"),
        "{e}"
    );
    assert!(
        e.to_string().starts_with("fichier TOML illisible, ligne 4"),
        "{e}"
    );
}

#[test]
fn a_json_error_names_the_line_and_the_field() {
    let input = "{\n  \"templates\": [\n    {\"id\": \"t\", \"ranges\": [{\"days\": [\"lundi\"], \"start\": \"25:00\", \"end\": \"12:00\"}]}\n  ]\n}";
    let e = PracticeConfig::parse(input, FileFormat::Json).unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
    assert_eq!(
        e.field.as_deref(),
        Some("templates[0].ranges[0].start"),
        "{e}"
    );
    assert!(
        e.message.contains("heure invalide « 25:00 »"),
        "the French message of the time parser: {e}"
    );
}

#[test]
fn a_misspelt_key_is_refused_with_the_expected_ones() {
    let e = PracticeConfig::parse(
        "[[appointmentTypes]]\nid = \"c\"\nname = \"C\"\nduree = 30\n",
        FileFormat::Toml,
    )
    .unwrap_err();
    assert!(e.message.contains("unknown field `duree`"), "{e}");
    assert_eq!(e.line, Some(4), "{e}");
}

#[test]
fn a_syntax_error_names_the_line() {
    let e = PracticeConfig::parse(
        "timeZone = \"Europe/Paris\"\n[[templates]\n",
        FileFormat::Toml,
    )
    .unwrap_err();
    assert_eq!(e.line, Some(2), "{e}");
    let e = PracticeConfig::parse("{\n\"timeZone\": \"Europe/Paris\",\n}", FileFormat::Json)
        .unwrap_err();
    assert_eq!(e.line, Some(3), "{e}");
}

#[test]
fn an_unknown_time_zone_is_refused_in_french() {
    let e = PracticeConfig::parse("timeZone = \"Paris\"", FileFormat::Toml).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("timeZone"));
    assert!(
        e.message.contains("fuseau horaire inconnu « Paris »"),
        "{e}"
    );
}

#[test]
fn the_format_follows_the_extension_then_the_content() {
    assert_eq!(FileFormat::detect("cabinet.JSON", ""), FileFormat::Json);
    assert_eq!(FileFormat::detect("cabinet.toml", "{"), FileFormat::Toml);
    assert_eq!(
        FileFormat::detect("cabinet.txt", "  {\"templates\": []}"),
        FileFormat::Json
    );
    assert_eq!(
        FileFormat::detect("-", "timeZone = \"Europe/Paris\""),
        FileFormat::Toml
    );
}

#[test]
fn holidays_close_unless_overridden_or_disabled() {
    let pentecote = "2026-05-25".parse().unwrap();
    let mut policy = HolidayPolicy::default();
    assert_eq!(policy.closing(pentecote), Some(Holiday::LundiDePentecote));
    policy.overrides = vec![HolidayOverride::Date(pentecote)];
    assert_eq!(policy.closing(pentecote), None, "open on that date");
    assert_eq!(
        policy.closing("2027-05-17".parse().unwrap()),
        Some(Holiday::LundiDePentecote),
        "a dated override is for that year only"
    );
    policy.overrides = vec![HolidayOverride::Every(Holiday::LundiDePentecote)];
    assert_eq!(
        policy.closing("2027-05-17".parse().unwrap()),
        None,
        "a holiday override is for every year"
    );
    let open = HolidayPolicy {
        closed: false,
        ..HolidayPolicy::default()
    };
    assert_eq!(
        open.closing("2026-12-25".parse().unwrap()),
        None,
        "holidays may not close at all"
    );
}

#[test]
fn a_text_over_the_size_cap_is_refused_before_parsing_with_the_limit() {
    // 4 MiB of comments then a syntax error: the size is refused, the parser never runs.
    let mut huge = "# commentaire\n".repeat(300_000);
    huge.push_str("timeZone = [");
    let err = PracticeConfig::parse(&huge, FileFormat::Toml).unwrap_err();
    assert_eq!(err.line, None, "no line: the text was not parsed");
    assert_eq!(
        err.to_string(),
        format!(
            "fichier TOML illisible : fichier trop volumineux : {} octets, la limite est de 4 Mio (4194304 octets)",
            huge.len()
        )
    );
}

#[test]
fn too_many_closures_are_refused_with_the_limit() {
    let closure = "[[exceptions.closures]]\nfrom = \"2027-03-02\"\n";
    let at_limit = closure.repeat(MAX_CLOSURES);
    assert!(PracticeConfig::parse(&at_limit, FileFormat::Toml).is_ok());
    let over = closure.repeat(MAX_CLOSURES + 1);
    let e = PracticeConfig::parse(&over, FileFormat::Toml).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("exceptions.closures"));
    assert!(
        e.message
            .contains("trop de fermetures : 2001, la limite est de 2000"),
        "{e}"
    );
}

#[test]
fn too_many_weekly_ranges_are_refused_with_the_limit() {
    let range = r#"{"days":["lundi"],"start":"09:00","end":"10:00"}"#;
    let ranges = vec![range; MAX_WEEKLY_RANGES + 1].join(",");
    let json = format!(r#"{{"templates":[{{"id":"t","ranges":[{ranges}]}}]}}"#);
    let e = PracticeConfig::parse(&json, FileFormat::Json).unwrap_err();
    assert_eq!(e.field.as_deref(), Some("templates.ranges"));
    assert!(e.message.contains("plages horaires hebdomadaires"), "{e}");
}
