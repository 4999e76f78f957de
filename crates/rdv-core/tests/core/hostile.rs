//! Hostile input for the core's parsers (issue #17): availability files (TOML and JSON), `RRULE`
//! lines and SMS templates get arbitrary bytes and structured-but-hostile values. Each answers
//! with a value or a clear error — never a panic — and within a bounded amount of work (the
//! recurrence budget, the validation's sweeps). Case counts stay modest: the machine is small.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use proptest::prelude::*;
use proptest::sample::select;
use rdv_core::availability::{FileFormat, PracticeConfig, validate};
use rdv_core::recurrence::{RecurrenceError, SeriesStart, occurrences};
use rdv_core::sms::template::{PreviewValues, check, fill};

fn number() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "0",
            "-1",
            "1",
            "5",
            "30",
            "1440",
            "100000",
            "2147483647",
            "-2147483648"
        ])
        .prop_map(str::to_owned),
        any::<i32>().prop_map(|n| n.to_string()),
    ]
}

fn time() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0u32..24, 0u32..60).prop_map(|(h, m)| format!("\"{h:02}:{m:02}\"")),
        1 => select(vec!["\"24:00\"", "\"23:59\"", "\"02:30\"", "\"25:00\"", "\"9h\""]).prop_map(str::to_owned),
    ]
}

fn date() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (1990i32..2040, 1u32..13, 1u32..32).prop_map(|(y, m, d)| format!("\"{y:04}-{m:02}-{d:02}\"")),
        1 => select(vec!["\"9999-12-31\"", "\"0001-01-01\"", "\"2027-02-30\"", "\"+262143-12-31\""]).prop_map(str::to_owned),
    ]
}

fn list(item: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    prop::collection::vec(item, 0..4).prop_map(|v| format!("[{}]", v.join(", ")))
}

fn day_name() -> impl Strategy<Value = String> {
    select(vec![
        "\"lundi\"",
        "\"mardi\"",
        "\"mercredi\"",
        "\"jeudi\"",
        "\"vendredi\"",
        "\"samedi\"",
        "\"dimanche\"",
    ])
    .prop_map(str::to_owned)
}

fn type_id() -> impl Strategy<Value = String> {
    select(vec!["\"a\"", "\"b\"", "\"\"", "\"inconnu\""]).prop_map(str::to_owned)
}

/// The keys a section cannot do without: nearly always written, so that most documents parse
/// and their values reach the validation.
const REQUIRED: [&str; 8] = [
    "id",
    "name",
    "durationMinutes",
    "days",
    "start",
    "end",
    "date",
    "from",
];

/// Some of `keys` (each with its value strategy), as `key = value` lines.
fn table(keys: Vec<(&'static str, BoxedStrategy<String>)>) -> BoxedStrategy<String> {
    keys.into_iter()
        .map(|(k, v)| {
            prop::option::weighted(if REQUIRED.contains(&k) { 0.97 } else { 0.6 }, v)
                .prop_map(move |v| v.map(|v| format!("{k} = {v}\n")).unwrap_or_default())
                .boxed()
        })
        .collect::<Vec<_>>()
        .prop_map(|lines| lines.concat())
        .boxed()
}

/// A TOML document shaped like a configuration: the right keys, hostile values.
fn hostile_toml() -> impl Strategy<Value = String> {
    let kind = table(vec![
        ("id", type_id().boxed()),
        ("name", "\"[A-Za-z ]{0,8}\"".boxed()),
        ("durationMinutes", number().boxed()),
        ("slotIntervalMinutes", number().boxed()),
        ("bufferBeforeMinutes", number().boxed()),
        ("bufferAfterMinutes", number().boxed()),
        ("minNoticeMinutes", number().boxed()),
        ("horizonDays", number().boxed()),
        ("maxPerDay", number().boxed()),
    ]);
    let template = table(vec![
        ("id", "\"t[0-2]\"".boxed()),
        ("validFrom", date().boxed()),
        ("validUntil", date().boxed()),
        (
            "weeks",
            select(vec!["\"paires\"", "\"impaires\"", "\"toutes\""])
                .prop_map(str::to_owned)
                .boxed(),
        ),
    ]);
    let range = table(vec![
        ("days", list(day_name()).boxed()),
        ("start", time().boxed()),
        ("end", time().boxed()),
        ("types", list(type_id()).boxed()),
    ]);
    let closure = table(vec![
        ("from", date().boxed()),
        ("until", date().boxed()),
        ("start", time().boxed()),
        ("end", time().boxed()),
        ("types", list(type_id()).boxed()),
    ]);
    let opening = table(vec![
        ("date", date().boxed()),
        ("start", time().boxed()),
        ("end", time().boxed()),
        ("types", list(type_id()).boxed()),
    ]);
    let section = prop_oneof![
        kind.prop_map(|t| format!("[[appointmentTypes]]\n{t}")),
        (template, prop::collection::vec(range, 0..4)).prop_map(|(t, ranges)| {
            let ranges: String = ranges
                .iter()
                .map(|r| format!("[[templates.ranges]]\n{r}"))
                .collect();
            format!("[[templates]]\n{t}{ranges}")
        }),
        closure.prop_map(|t| format!("[[exceptions.closures]]\n{t}")),
        opening.prop_map(|t| format!("[[exceptions.openings]]\n{t}")),
    ];
    (
        select(vec![
            "",
            "timeZone = \"Europe/Paris\"\n",
            "timeZone = \"Pacific/Apia\"\n",
            "timeZone = \"Mars/Olympus\"\n",
        ]),
        prop::collection::vec(section, 0..8),
    )
        .prop_map(|(zone, sections)| format!("{zone}{}", sections.concat()))
}

/// A date anywhere chrono can hold one, or near the edges.
fn any_day() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        (-262_000i32..262_000, 1u32..=366)
            .prop_filter_map("a day", |(y, d)| { NaiveDate::from_yo_opt(y, d) }),
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
        (2020i32..2035, 1u32..=366).prop_filter_map("a day", |(y, d)| NaiveDate::from_yo_opt(y, d)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_bytes_as_a_configuration_file_are_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        for format in [FileFormat::Toml, FileFormat::Json] {
            if let Ok(config) = PracticeConfig::parse(&text, format) {
                validate(&config, NaiveDate::from_ymd_opt(2026, 12, 7).unwrap());
            }
        }
    }

    #[test]
    fn a_hostile_configuration_is_refused_or_validated_without_panicking(text in hostile_toml(), today in any_day()) {
        match PracticeConfig::parse(&text, FileFormat::Toml) {
            Ok(config) => {
                validate(&config, today);
                // What the app exports, read back as JSON: the same configuration.
                let json = config.to_text(FileFormat::Json).unwrap();
                prop_assert_eq!(PracticeConfig::parse(&json, FileFormat::Json).unwrap(), config);
            }
            Err(e) => prop_assert!(e.to_string().starts_with("fichier TOML illisible"), "{}", e),
        }
    }
}

/// One `RRULE` part, legal or not.
fn rule_part() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec![
            "SECONDLY", "MINUTELY", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY", "NEVER"
        ])
        .prop_map(|f| format!("FREQ={f}")),
        (0u32..2_000).prop_map(|n| format!("INTERVAL={n}")),
        (0u32..100_000).prop_map(|n| format!("COUNT={n}")),
        (1i32..9999, 1u32..13, 1u32..29)
            .prop_map(|(y, m, d)| format!("UNTIL={y:04}{m:02}{d:02}T000000Z")),
        prop::collection::vec(
            (
                -60i32..60,
                select(vec!["MO", "TU", "WE", "TH", "FR", "SA", "SU", "XX"])
            ),
            1..4
        )
        .prop_map(|days| format!(
            "BYDAY={}",
            days.iter()
                .map(|(n, d)| if *n == 0 {
                    (*d).to_owned()
                } else {
                    format!("{n}{d}")
                })
                .collect::<Vec<_>>()
                .join(",")
        )),
        prop::collection::vec(-40i32..40, 1..4).prop_map(|v| format!("BYMONTHDAY={}", join(&v))),
        prop::collection::vec(-400i32..400, 1..3).prop_map(|v| format!("BYSETPOS={}", join(&v))),
        prop::collection::vec(-2i32..15, 1..3).prop_map(|v| format!("BYMONTH={}", join(&v))),
        prop::collection::vec(-2i32..26, 1..30).prop_map(|v| format!("BYHOUR={}", join(&v))),
        prop::collection::vec(0i32..61, 1..30).prop_map(|v| format!("BYMINUTE={}", join(&v))),
        prop::collection::vec(-60i32..60, 1..3).prop_map(|v| format!("BYWEEKNO={}", join(&v))),
        prop::collection::vec(-400i32..400, 1..3).prop_map(|v| format!("BYYEARDAY={}", join(&v))),
        select(vec!["WKST=SU", "WKST=ZZ", "", ";", "=", "FREQ", "X-NAME=1"])
            .prop_map(str::to_owned),
    ]
}

fn join(values: &[i32]) -> String {
    values
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Mostly `RRULE:FREQ=…;` then other parts, so that most lines reach the expansion.
fn rule_line() -> impl Strategy<Value = String> {
    let frequency = select(vec![
        "DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", "SECONDLY",
    ]);
    prop_oneof![
        6 => (frequency, prop::collection::vec(rule_part(), 0..3))
            .prop_map(|(f, parts)| {
                let parts: Vec<String> = std::iter::once(format!("FREQ={f}")).chain(parts).collect();
                format!("RRULE:{}", parts.join(";"))
            }),
        1 => (
            select(vec!["RRULE:", "EXRULE:", "rrule:", "RDATE:", "EXDATE:", ""]),
            prop::collection::vec(rule_part(), 0..6),
        )
            .prop_map(|(head, parts)| format!("{head}{}", parts.join(";"))),
    ]
}

proptest! {
    // Few cases: one walking the whole budget costs a fraction of a second in a debug build.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_rule_expands_or_is_refused_within_the_budget(
        lines in prop::collection::vec(prop_oneof![4 => rule_line(), 1 => "\\PC{0,40}"], 0..3),
        year in prop_oneof![1 => 1i32..9999, 3 => 1990i32..2030],
        day in 1u32..366,
        all_day in any::<bool>(),
        zone in prop_oneof![6 => Just("Europe/Paris"), 1 => select(vec!["UTC", "Pacific/Kiritimati", "America/St_Johns", "Mars/Olympus", ""])],
        limit in 0u16..600,
    ) {
        let Some(date) = NaiveDate::from_yo_opt(year, day) else { return Ok(()) };
        let start = if all_day {
            SeriesStart::AllDay(date)
        } else {
            SeriesStart::Timed(NaiveDateTime::new(date, chrono::NaiveTime::from_hms_opt(9, 30, 0).unwrap()))
        };
        let from = DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z").unwrap().with_timezone(&Utc);
        let to = from + TimeDelta::days(92);
        match occurrences(start, zone, &lines, from, to, limit) {
            Ok(found) => {
                prop_assert!(found.len() <= usize::from(limit));
                prop_assert!(found.iter().all(|t| *t >= from && *t < to));
                prop_assert!(found.windows(2).all(|w| w[0] < w[1]), "sorted, once each");
            }
            Err(RecurrenceError::UnknownZone(_) | RecurrenceError::InvalidRule(_) | RecurrenceError::OverBudget(_)) => {}
            Err(e) => prop_assert!(false, "unexpected {e:?}"),
        }
    }
}

/// Template text: words, variables (known, unknown, broken), braces.
fn template_text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            select(vec![
                "{prenom}",
                "{date}",
                "{heure}",
                "{praticien}",
                "{adresse}",
                "{telephone}",
                "{ prenom }",
                "{inconnu}",
                "{",
                "}",
                "{{",
                "}}",
                "{prenom",
                "prenom}",
                "{}",
                "Bonjour ",
                "RDV le ",
                "😀",
                "ê",
                "\u{0}",
                "\n",
                "STOP au 36111",
            ])
            .prop_map(str::to_owned),
            "\\PC{0,12}",
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_sms_template_is_checked_filled_and_counted(text in template_text(), name in "\\PC{0,60}") {
        let values = PreviewValues::realistic(&name, "12 rue de la Paix, 75002 Paris", "01 23 45 67 89");
        let filled = fill(&text, &values);
        let longest = [&values.prenom, &values.date, &values.heure, &values.praticien, &values.adresse, &values.telephone]
            .iter()
            .map(|v| v.len())
            .max()
            .unwrap_or(0);
        prop_assert!(filled.len() <= text.len() * (1 + longest), "bounded growth");
        let checked = check(&text, &values);
        prop_assert_eq!(checked.count, rdv_core::sms::count(&checked.preview));
    }
}
