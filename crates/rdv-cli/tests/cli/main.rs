//! `rdv` as support staff run it: the real binary, real files, exit codes and output.

mod sheet;

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

/// The complete example of docs/templates.md.
fn documented_example() -> String {
    let doc = include_str!("../../../../docs/templates.md");
    doc.split("```toml\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap()
        .to_owned()
}

/// A practice open on Sunday nights, where the clocks change, and Monday mornings.
const NIGHTS: &str = r#"
[[appointmentTypes]]
id = "garde"
name = "Consultation de garde"
durationMinutes = 30

[[appointmentTypes]]
id = "visite"
name = "Visite à domicile"
durationMinutes = 60
bookableOnline = false
maxPerDay = 1

[[templates]]
id = "garde"
[[templates.ranges]]
days = ["dimanche"]
start = "01:00"
end = "04:00"
types = ["garde"]
[[templates.ranges]]
days = ["lundi"]
start = "09:00"
end = "11:00"
"#;

struct Dir(tempfile::TempDir);

impl Dir {
    fn new() -> Self {
        Self(tempfile::tempdir().unwrap())
    }

    fn file(&self, name: &str, content: &str) -> &Self {
        std::fs::write(self.0.path().join(name), content).unwrap();
        self
    }

    /// Runs `rdv args…` in this directory (so file names print as given).
    fn rdv(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_rdv"))
            .args(args)
            .current_dir(self.0.path())
            .output()
            .unwrap()
    }

    fn path(&self) -> &Path {
        self.0.path()
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(o), stderr(o)))
}

/// The local starts of type `id` in a `rdv slots` output.
fn local_starts(out: &Value, id: &str) -> Vec<String> {
    let t = out["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["typeId"] == id)
        .unwrap();
    t["slots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["startLocal"].as_str().unwrap().to_owned())
        .collect()
}

const NOW: &str = "2026-01-01T00:00:00+01:00";

#[test]
fn checking_a_valid_file_says_so_and_exits_0() {
    let dir = Dir::new();
    dir.file("cabinet.toml", &documented_example());
    let out = dir.rdv(&["template", "check", "cabinet.toml", "--today", "2026-11-26"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Configuration valide : 3 motif(s), 2 modèle(s), 2 fermeture(s), 1 ouverture(s) exceptionnelle(s) ; fuseau Europe/Paris.\n"
    );
}

#[test]
fn checking_a_file_with_problems_prints_one_coded_french_line_each_and_exits_1() {
    let dir = Dir::new();
    let broken = NIGHTS
        .replace("start = \"01:00\"", "start = \"02:30\"")
        .replace("end = \"11:00\"", "end = \"08:00\"");
    dir.file("nuits.toml", &broken);
    let out = dir.rdv(&["template", "check", "nuits.toml", "--today", "2026-11-26"]);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<String> = stdout(&out).lines().map(String::from).collect();
    let codes: Vec<&str> = lines
        .iter()
        .map(|l| l.split(']').next().unwrap().trim_start_matches('['))
        .collect();
    assert_eq!(
        codes,
        ["range.endBeforeStart", "range.dstGap"],
        "{lines:#?}"
    );
    assert!(
        lines[1].starts_with(
            "[range.dstGap] templates[0].ranges[0] : La plage du dimanche 02:30–04:00"
        ),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].contains("le dimanche 28/03/2027"),
        "the next real change after --today: {}",
        lines[1]
    );
    assert_eq!(stderr(&out), "nuits.toml : 2 problème(s) à corriger.\n");
}

#[test]
fn an_unreadable_or_unparsable_file_exits_2_naming_the_line_and_field_as_documented() {
    let doc = include_str!("../../../../docs/templates.md");
    let section = doc.split("## Reading errors").nth(1).unwrap();
    let documented: Vec<&str> = section
        .split("```text\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap()
        .lines()
        .collect();
    let dir = Dir::new();
    dir.file(
        "cabinet.toml",
        "[[appointmentTypes]]\nid = \"c\"\nname = \"C\"\ndurationMinutes = \"trente\"\n",
    );
    dir.file(
        "cabinet.json",
        "{\n  \"templates\": [\n    {\"id\": \"semaine\", \"ranges\": [{\"days\": [\"lundi\"], \"start\": \"25:00\", \"end\": \"12:00\"}]}\n  ]\n}\n",
    );
    for (file, line) in [
        ("cabinet.toml", documented[0]),
        ("cabinet.json", documented[1]),
    ] {
        let out = dir.rdv(&["template", "check", file]);
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert_eq!(
            stderr(&out).trim_end(),
            line,
            "{file}: the message of docs/templates.md"
        );
        assert_eq!(stdout(&out), "");
    }
    let missing = dir.rdv(&["template", "check", "absent.toml"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).starts_with("rdv : impossible de lire « absent.toml »"),
        "{}",
        stderr(&missing)
    );
}

#[test]
fn slots_print_json_per_type_with_utc_and_local_rfc3339_times() {
    let dir = Dir::new();
    dir.file("cabinet.toml", &documented_example());
    let out = dir.rdv(&[
        "slots",
        "--template",
        "cabinet.toml",
        "--from",
        "2026-11-30",
        "--to",
        "2026-12-01",
        "--now",
        "2026-11-26T10:00:00+01:00",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = json(&out);
    assert_eq!(out["timeZone"], "Europe/Paris");
    assert_eq!(
        (out["from"].as_str(), out["to"].as_str()),
        (Some("2026-11-30"), Some("2026-12-01"))
    );
    assert_eq!(out["now"], "2026-11-26T09:00:00Z");
    let ids: Vec<&str> = out["types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["typeId"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["consultation", "premiere-consultation", "bilan"],
        "every type, in file order"
    );
    let first = &out["types"][0]["slots"][0];
    assert_eq!(first["start"], "2026-11-30T08:00:00Z");
    assert_eq!(first["end"], "2026-11-30T08:30:00Z");
    assert_eq!(first["startLocal"], "2026-11-30T09:00:00+01:00");
    assert_eq!(first["endLocal"], "2026-11-30T09:30:00+01:00");
    assert_eq!(out["types"][0]["slots"].as_array().unwrap().len(), 17);
    assert_eq!(out["types"][2]["bookableOnline"], false);
    assert_eq!(
        out["types"][2]["slots"].as_array().unwrap().len(),
        0,
        "the assessment is not offered online"
    );
}

#[test]
fn slots_over_the_dst_weeks_skip_the_missing_hour_and_never_repeat_an_instant() {
    let dir = Dir::new();
    dir.file("nuits.toml", NIGHTS);
    let week = |from: &str, to: &str| {
        let out = dir.rdv(&[
            "slots",
            "--template",
            "nuits.toml",
            "--from",
            from,
            "--to",
            to,
            "--now",
            NOW,
            "--type",
            "garde",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        local_starts(&json(&out), "garde")
    };
    let march = week("2026-03-23", "2026-03-30");
    assert_eq!(
        march,
        [
            "2026-03-23T09:00:00+01:00",
            "2026-03-23T09:30:00+01:00",
            "2026-03-23T10:00:00+01:00",
            "2026-03-23T10:30:00+01:00",
            "2026-03-29T01:00:00+01:00",
            "2026-03-29T01:30:00+01:00",
            "2026-03-29T03:00:00+02:00",
            "2026-03-29T03:30:00+02:00",
        ],
        "Sunday 29 March: 01:00–04:00 lasts two hours, 02:00–03:00 does not exist"
    );
    let october = week("2026-10-19", "2026-10-27");
    let sunday: Vec<_> = october
        .iter()
        .filter(|s| s.starts_with("2026-10-25"))
        .collect();
    assert_eq!(
        sunday.len(),
        8,
        "Sunday 25 October: 01:00–04:00 lasts four hours: {sunday:?}"
    );
    let unique: std::collections::HashSet<_> = october.iter().collect();
    assert_eq!(unique.len(), october.len(), "no slot printed twice");
    assert!(
        october.contains(&"2026-10-26T09:00:00+01:00".to_owned()),
        "Monday keeps 9:00 local, now at +01:00"
    );
}

#[test]
fn the_zone_option_replaces_the_files_zone() {
    let dir = Dir::new();
    dir.file("nuits.toml", NIGHTS);
    let out = dir.rdv(&[
        "slots",
        "--template",
        "nuits.toml",
        "--from",
        "2026-11-30",
        "--to",
        "2026-12-01",
        "--now",
        NOW,
        "--tz",
        "America/New_York",
    ]);
    let out = json(&out);
    assert_eq!(out["timeZone"], "America/New_York");
    assert_eq!(local_starts(&out, "garde")[0], "2026-11-30T09:00:00-05:00");
    let bad = dir.rdv(&[
        "slots",
        "--template",
        "nuits.toml",
        "--from",
        "2026-11-30",
        "--to",
        "2026-12-01",
        "--tz",
        "Paris",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        stderr(&bad).contains("fuseau horaire inconnu « Paris »"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn busy_time_and_bookings_from_a_file_remove_slots_and_fill_the_daily_cap() {
    let dir = Dir::new();
    dir.file("nuits.toml", NIGHTS).file(
        "occupe.json",
        r#"[
  { "start": "2026-11-30T09:30:00+01:00", "end": "2026-11-30T10:00:00+01:00" },
  { "start": "2026-11-30T10:00:00+01:00", "end": "2026-11-30T11:00:00+01:00", "type": "visite" }
]"#,
    );
    let out = dir.rdv(&[
        "slots",
        "--template",
        "nuits.toml",
        "--from",
        "2026-11-30",
        "--to",
        "2026-12-01",
        "--now",
        NOW,
        "--busy",
        "occupe.json",
        "--include-offline",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = json(&out);
    assert_eq!(
        local_starts(&out, "garde"),
        ["2026-11-30T09:00:00+01:00"],
        "9:30 is busy, 10:00–11:00 is booked"
    );
    assert_eq!(
        local_starts(&out, "visite"),
        Vec::<String>::new(),
        "one home visit a day, already booked"
    );
}

#[test]
fn a_malformed_busy_file_exits_2_with_the_expected_shape() {
    let dir = Dir::new();
    dir.file("nuits.toml", NIGHTS)
        .file("occupe.json", r#"[{"debut": "2026-11-30T09:30:00+01:00"}]"#);
    let out = dir.rdv(&[
        "slots",
        "--template",
        "nuits.toml",
        "--from",
        "2026-11-30",
        "--to",
        "2026-12-01",
        "--busy",
        "occupe.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("occupe.json : fichier d'occupation illisible, ligne 1")
            && err.contains("unknown field `debut`"),
        "{err}"
    );
}

#[test]
fn a_file_over_the_size_cap_exits_2_with_the_limit_unparsed() {
    let dir = Dir::new();
    dir.file("nuits.toml", NIGHTS);
    // Sparse files one byte over 4 MiB: refused by their size, never read.
    for name in ["enorme.toml", "occupe.json"] {
        std::fs::File::create(dir.path().join(name))
            .unwrap()
            .set_len(4 * 1024 * 1024 + 1)
            .unwrap();
    }
    let check = dir.rdv(&["template", "check", "enorme.toml"]);
    let busy = dir.rdv(&[
        "slots",
        "--template",
        "nuits.toml",
        "--from",
        "2026-11-30",
        "--to",
        "2026-12-01",
        "--busy",
        "occupe.json",
    ]);
    for (out, name) in [(check, "enorme.toml"), (busy, "occupe.json")] {
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(
            stderr(&out).trim(),
            format!(
                "rdv : {name} : fichier trop volumineux : 4194305 octets, la limite est de 4 Mio (4194304 octets)"
            )
        );
    }
}

#[test]
fn slots_are_refused_for_a_file_with_problems_which_go_to_stderr() {
    let dir = Dir::new();
    dir.file(
        "nuits.toml",
        &NIGHTS.replace("end = \"11:00\"", "end = \"09:00\""),
    );
    let out = dir.rdv(&[
        "slots",
        "--template",
        "nuits.toml",
        "--from",
        "2026-11-30",
        "--to",
        "2026-12-01",
        "--now",
        NOW,
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stdout(&out),
        "",
        "no slots from a configuration with problems"
    );
    assert!(
        stderr(&out).starts_with("[range.empty] templates[0].ranges[1] : "),
        "{}",
        stderr(&out)
    );
}

#[test]
fn wrong_arguments_exit_2_with_a_message() {
    let dir = Dir::new();
    dir.file("nuits.toml", NIGHTS);
    let base = ["slots", "--template", "nuits.toml"];
    let cases: [(&[&str], &str); 4] = [
        (
            &["--from", "2026-12-01", "--to", "2026-11-30"],
            "--to (2026-11-30) doit être après --from (2026-12-01)",
        ),
        (
            &[
                "--from",
                "2026-11-30",
                "--to",
                "2026-12-01",
                "--type",
                "consult",
            ],
            "motif inconnu « consult »",
        ),
        (
            &["--from", "30/11/2026", "--to", "2026-12-01"],
            "date invalide « 30/11/2026 »",
        ),
        (
            &[
                "--from",
                "2026-11-30",
                "--to",
                "2026-12-01",
                "--now",
                "demain",
            ],
            "instant invalide « demain »",
        ),
    ];
    for (args, expected) in cases {
        let out = dir.rdv(&[&base[..], args].concat());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&out).contains(expected),
            "{args:?}: {}",
            stderr(&out)
        );
    }
    assert!(dir.path().join("nuits.toml").exists());
}

/// A one-range practice: Monday mornings.
const MONDAYS: &str = r#"
[[appointmentTypes]]
id = "consultation"
name = "Consultation"
durationMinutes = 30

[[templates]]
id = "semaine"
[[templates.ranges]]
days = ["lundi"]
start = "09:00"
end = "12:00"
"#;

#[test]
fn publish_dry_run_prints_the_plan_against_an_empty_then_an_up_to_date_calendar() {
    let dir = Dir::new();
    dir.file("cabinet.toml", &documented_example());
    let args = [
        "publish",
        "--dry-run",
        "--template",
        "cabinet.toml",
        "--calendar",
        "cabinet@example.org",
        "--now",
        "2026-12-01T08:00:00+01:00",
    ];
    let out = dir.rdv(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let plan = json(&out);
    assert_eq!(plan["from"], "2026-11-30", "the Monday of the current week");
    assert_eq!(
        plan["to"], "2027-02-28",
        "the 12 weeks after it, Sunday included"
    );
    let creates = plan["creates"].as_array().unwrap();
    assert!(!creates.is_empty());
    assert_eq!(
        plan["writes"].as_u64().unwrap() as usize,
        creates.len() + plan["closes"].as_array().unwrap().len(),
        "a first publish only creates and closes dates: {plan:#}"
    );
    assert!(
        plan["closes"].as_array().unwrap().iter().any(|c| c
            .as_str()
            .unwrap()
            .ends_with("_20261225T080000Z")
            || c.as_str().unwrap().ends_with("_20261224T080000Z")),
        "Christmas closes a date of a series: {plan:#}"
    );
    for e in creates {
        assert_eq!(e["transparency"], "transparent");
        assert_eq!(
            e["extendedProperties"]["private"]["rdv.kind"],
            "availability"
        );
        assert!(e["id"].as_str().unwrap().starts_with("rdv"));
    }

    // The calendar as Google would list it once published: nothing to write.
    let mut items: Vec<Value> = creates.clone();
    for id in plan["closes"].as_array().unwrap() {
        let id = id.as_str().unwrap();
        let master = id.rsplit_once('_').unwrap().0;
        items
            .push(serde_json::json!({"id": id, "status": "cancelled", "recurringEventId": master}));
    }
    dir.file(
        "events.json",
        &serde_json::json!({"kind": "calendar#events", "items": items}).to_string(),
    );
    let mut with_events = args.to_vec();
    with_events.extend(["--events", "events.json"]);
    let again = json(&dir.rdv(&with_events));
    assert_eq!(again["writes"], 0, "{again:#}");
    assert_eq!(again["summary"], "Aucun changement");
}

#[test]
fn publish_dry_run_patches_an_edited_range_and_deletes_a_removed_one() {
    let dir = Dir::new();
    let tuesdays =
        "\n[[templates.ranges]]\ndays = [\"mardi\"]\nstart = \"14:00\"\nend = \"18:00\"\n";
    dir.file("before.toml", &format!("{MONDAYS}{tuesdays}"));
    let base = |file: &'static str| {
        vec![
            "publish",
            "--dry-run",
            "--template",
            file,
            "--calendar",
            "cabinet@example.org",
            "--now",
            "2027-06-07T08:00:00+02:00", // no Monday holiday in the window
        ]
    };
    let first = json(&dir.rdv(&base("before.toml")));
    dir.file(
        "events.json",
        &Value::Array(first["creates"].as_array().unwrap().clone()).to_string(),
    );
    dir.file(
        "after.toml",
        &format!("{}{tuesdays}", MONDAYS.replace("12:00", "12:30")),
    );
    let mut args = base("after.toml");
    args.extend(["--events", "events.json"]);
    let plan = json(&dir.rdv(&args));
    assert_eq!(plan["writes"], 1, "{plan:#}");
    assert_eq!(plan["updates"][0]["changed"][0], "end");
    assert_eq!(plan["summary"], "1 créneau modifié");

    dir.file("removed.toml", MONDAYS);
    let mut args = base("removed.toml");
    args.extend(["--events", "events.json"]);
    let plan = json(&dir.rdv(&args));
    assert_eq!(plan["deletes"].as_array().unwrap().len(), 1, "{plan:#}");
    assert_eq!(plan["writes"], 1, "only the Tuesday series goes: {plan:#}");
}

#[test]
fn publish_without_dry_run_or_with_a_bad_events_file_exits_2_and_explains() {
    let dir = Dir::new();
    dir.file("cabinet.toml", MONDAYS)
        .file("events.json", "{\"items\": 3}");
    let out = dir.rdv(&["publish", "--template", "cabinet.toml", "--calendar", "c"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--dry-run"), "{}", stderr(&out));
    let with_events = &[
        "publish",
        "--dry-run",
        "--template",
        "cabinet.toml",
        "--calendar",
        "c",
        "--events",
        "events.json",
    ];
    let out = dir.rdv(with_events);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("« items » n'est pas un tableau"),
        "{}",
        stderr(&out)
    );

    // An event whose fields do not have Google's types is refused, by its number and without
    // quoting its content (the title may name a patient).
    dir.file(
        "events.json",
        r#"{"items": [{"id": "a"}, {"id": "b", "summary": "Jeanne Martin", "start": 3}]}"#,
    );
    let out = dir.rdv(with_events);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("l'événement n° 2 n'a pas la forme d'un événement Google"),
        "{err}"
    );
    assert!(!err.contains("Jeanne"), "{err}");
}

/// Runs `rdv args…` with `input` on its standard input.
fn rdv_with_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_rdv"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// `rdv sms count TEXT`, checked to exit 0, as JSON.
fn sms_count(text: &str) -> Value {
    let out = Dir::new().rdv(&["sms", "count", text]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    json(&out)
}

const REMINDER: &str = "Bonjour Jeanne, rappel de votre RDV demain à 9h30 avec Dr Laurent.";

#[test]
fn counting_a_typical_reminder_prints_one_gsm_segment_as_json() {
    assert_eq!(
        sms_count(REMINDER),
        serde_json::json!({
            "encoding": "GSM-7",
            "units": 66,
            "segments": 1,
            "perSegment": 160,
            "remainingInSegment": 94,
            "ucs2Characters": []
        }),
        "à is in the GSM alphabet"
    );
}

#[test]
fn characters_that_force_ucs2_are_listed_with_position_code_point_and_replacement() {
    let text = format!("{REMINDER} Merci d’être à l’heure\u{a0}! 😀");
    let out = sms_count(&text);
    assert_eq!(out["encoding"], "UCS-2");
    assert_eq!(
        (&out["units"], &out["segments"], &out["perSegment"]),
        (&94.into(), &2.into(), &67.into()),
        "93 characters, the emoji counting two: more than 70, two segments of 67"
    );
    assert_eq!(
        out["ucs2Characters"],
        serde_json::json!([
            { "char": "’", "index": 74, "codePoint": "U+2019", "replacement": "'" },
            { "char": "ê", "index": 75, "codePoint": "U+00EA", "replacement": "e" },
            { "char": "’", "index": 83, "codePoint": "U+2019", "replacement": "'" },
            { "char": "\u{a0}", "index": 89, "codePoint": "U+00A0", "replacement": " " },
            { "char": "😀", "index": 92, "codePoint": "U+1F600", "replacement": null }
        ]),
        "every one, in order; the emoji has no GSM stand-in"
    );
}

#[test]
fn the_example_of_docs_sms_md_prints_what_the_page_shows() {
    let doc = include_str!("../../../../docs/sms.md");
    let command = doc
        .split("```sh\n")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    let text = command
        .trim()
        .strip_prefix("rdv sms count \"")
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("the page runs rdv sms count \"…\"");
    let shown: Value = serde_json::from_str(
        doc.split("```json\n")
            .nth(1)
            .unwrap()
            .split("```")
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(sms_count(text), shown);
}

#[test]
fn segment_boundaries_are_those_of_the_standards() {
    for (text, encoding, units, segments, per_segment, remaining) in [
        ("a".repeat(160), "GSM-7", 160, 1, 160, 0),
        ("a".repeat(161), "GSM-7", 161, 2, 153, 145),
        (
            "a".repeat(152) + "€" + &"a".repeat(152),
            "GSM-7",
            306,
            3,
            153,
            152,
        ),
        ("ê".repeat(70), "UCS-2", 70, 1, 70, 0),
        ("ê".repeat(71), "UCS-2", 71, 2, 67, 63),
        (
            "a".repeat(66) + "😀" + &"a".repeat(66),
            "UCS-2",
            134,
            3,
            67,
            66,
        ),
        (String::new(), "GSM-7", 0, 0, 160, 160),
    ] {
        let out = sms_count(&text);
        assert_eq!(
            (
                out["encoding"].as_str().unwrap(),
                out["units"].as_u64().unwrap(),
                out["segments"].as_u64().unwrap(),
                out["perSegment"].as_u64().unwrap(),
                out["remainingInSegment"].as_u64().unwrap(),
            ),
            (encoding, units, segments, per_segment, remaining),
            "{} characters",
            text.chars().count()
        );
    }
}

#[test]
fn a_dash_reads_the_text_from_stdin_without_its_final_line_break() {
    for input in [
        format!("{REMINDER}\n"),
        format!("{REMINDER}\r\n"),
        REMINDER.to_owned(),
    ] {
        let out = rdv_with_stdin(&["sms", "count", "-"], input.as_bytes());
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert_eq!(
            json(&out)["units"],
            66,
            "{input:?}: the line break echo adds is not sent"
        );
    }
    let two_lines = rdv_with_stdin(&["sms", "count", "-"], b"Bonjour,\nRDV 9h30\n");
    assert_eq!(
        json(&two_lines)["units"],
        17,
        "a line break inside the text is a GSM character"
    );
}

#[test]
fn a_text_starting_with_a_dash_is_a_text_and_bad_input_exits_2() {
    assert_eq!(
        sms_count("-20 % sur les vaccins")["units"],
        21,
        "not an option"
    );
    let missing = Dir::new().rdv(&["sms", "count"]);
    assert_eq!(missing.status.code(), Some(2), "the text is required");
    let binary = rdv_with_stdin(&["sms", "count", "-"], b"RDV \xff");
    assert_eq!(binary.status.code(), Some(2));
    assert_eq!(
        stderr(&binary),
        "rdv : l'entrée standard n'est pas du texte UTF-8\n"
    );
}
