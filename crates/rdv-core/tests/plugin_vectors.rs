//! The shared test vectors of the WordPress plugin (`wordpress/tests/vectors/`): the plugin's PHP
//! ports of the slot rule (`Rdv_Slots`) and of the patient check (`Rdv_Patient`) must give what
//! the Rust gives, so the Rust computes the expected answers here.
//!
//! Each test **fails when the committed file differs** from what the Rust computes now; run
//! `UPDATE_VECTORS=1 cargo test -p rdv-core --test plugin_vectors` to rewrite the files (then
//! review the diff and run the plugin's PHPUnit tests).

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;
use rdv_core::availability::{
    AppointmentType, Booking, Busy, Opening, SiteQuery, SlotError, site_slots,
};
use rdv_core::booking::check_patient;
use serde_json::{Value, json};
use std::path::PathBuf;

fn vectors_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../wordpress/tests/vectors")
}

/// Compares `value` with the committed file `name`, or rewrites it under `UPDATE_VECTORS=1`.
fn check_file(name: &str, value: &Value) {
    let path = vectors_dir().join(name);
    let text = serde_json::to_string_pretty(value).unwrap() + "\n";
    if std::env::var_os("UPDATE_VECTORS").is_some() {
        std::fs::create_dir_all(vectors_dir()).unwrap();
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{} differs from what the Rust computes: run UPDATE_VECTORS=1 cargo test -p rdv-core \
         --test plugin_vectors, review the diff, and make the PHP agree",
        path.display()
    );
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn z(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// One slot case, built from the ordinary week of Monday 23 November 2026 (Paris, UTC+1).
#[derive(Clone)]
struct Case {
    name: &'static str,
    tz: Tz,
    now: &'static str,
    from: &'static str,
    to: &'static str,
    only: Option<&'static str>,
    types: Vec<AppointmentType>,
    openings: Vec<(&'static str, &'static str, Option<Vec<&'static str>>)>,
    busy: Vec<(&'static str, &'static str)>,
    bookings: Vec<(&'static str, &'static str, &'static str)>,
}

fn t(id: &str, minutes: i32) -> AppointmentType {
    AppointmentType::new(id, &format!("Motif {id}"), minutes)
}

fn base(name: &'static str) -> Case {
    Case {
        name,
        tz: chrono_tz::Europe::Paris,
        now: "2026-11-20T08:00:00Z",
        from: "2026-11-23",
        to: "2026-11-30",
        only: None,
        types: vec![t("consultation", 30)],
        openings: vec![(
            "2026-11-23T09:00:00+01:00",
            "2026-11-23T12:00:00+01:00",
            None,
        )],
        busy: vec![],
        bookings: vec![],
    }
}

fn with_type(name: &'static str, ty: AppointmentType) -> Case {
    Case {
        types: vec![ty],
        ..base(name)
    }
}

fn slot_cases() -> Vec<Case> {
    let mon = |s: &'static str, e: &'static str| (s, e, None::<Vec<&'static str>>);
    let typed = |s: &'static str, e: &'static str, l: Vec<&'static str>| (s, e, Some(l));
    let week: Vec<_> = [23, 24, 25, 26, 27]
        .iter()
        .map(|d| {
            let s: &'static str = Box::leak(format!("2026-11-{d}T09:00:00+01:00").into_boxed_str());
            let e: &'static str = Box::leak(format!("2026-11-{d}T12:00:00+01:00").into_boxed_str());
            (s, e, None)
        })
        .collect();
    vec![
        base("one opening, back-to-back 30-minute slots"),
        Case {
            openings: vec![],
            ..base("no opening, no slot")
        },
        Case {
            openings: vec![
                mon("2026-11-23T09:00:00+01:00", "2026-11-23T10:00:00+01:00"),
                mon("2026-11-23T10:00:00+01:00", "2026-11-23T11:00:00+01:00"),
            ],
            ..base("touching openings are united")
        },
        Case {
            openings: vec![
                mon("2026-11-23T09:00:00+01:00", "2026-11-23T10:10:00+01:00"),
                mon("2026-11-23T09:50:00+01:00", "2026-11-23T11:00:00+01:00"),
            ],
            ..base("overlapping openings are united, the grid starts at the first start")
        },
        Case {
            openings: vec![
                mon("2026-11-23T09:00:00+01:00", "2026-11-23T10:00:00+01:00"),
                mon("2026-11-23T10:15:00+01:00", "2026-11-23T11:15:00+01:00"),
            ],
            ..base("separate openings each start their own grid")
        },
        Case {
            openings: vec![
                mon("2026-11-23T10:00:00+01:00", "2026-11-23T11:00:00+01:00"),
                mon("2026-11-23T09:00:00+01:00", "2026-11-23T10:00:00+01:00"),
            ],
            ..base("openings listed out of order")
        },
        Case {
            openings: vec![mon(
                "2026-11-23T09:00:00+01:00",
                "2026-11-23T10:20:00+01:00",
            )],
            ..base("an appointment must fit entirely before the end")
        },
        Case {
            openings: vec![mon(
                "2026-11-23T10:00:00+01:00",
                "2026-11-23T09:00:00+01:00",
            )],
            ..base("an opening ending before it starts opens nothing")
        },
        with_type(
            "interval shorter than the duration",
            AppointmentType {
                slot_interval_minutes: Some(15),
                ..t("consultation", 30)
            },
        ),
        with_type(
            "interval longer than the duration",
            AppointmentType {
                slot_interval_minutes: Some(45),
                ..t("consultation", 30)
            },
        ),
        with_type("a 50-minute type", t("consultation", 50)),
        with_type("a zero duration offers nothing", t("consultation", 0)),
        with_type(
            "a zero interval offers nothing",
            AppointmentType {
                slot_interval_minutes: Some(0),
                ..t("consultation", 30)
            },
        ),
        Case {
            busy: vec![("2026-11-23T09:45:00+01:00", "2026-11-23T10:15:00+01:00")],
            ..base("busy time overlapping two slots partly")
        },
        Case {
            busy: vec![("2026-11-23T10:00:00+01:00", "2026-11-23T10:30:00+01:00")],
            ..base("busy time touching slots blocks only its own")
        },
        Case {
            busy: vec![("2026-11-23T00:00:00+01:00", "2026-11-24T00:00:00+01:00")],
            ..base("busy all day")
        },
        Case {
            busy: vec![
                ("2026-11-23T09:30:00+01:00", "2026-11-23T10:00:00+01:00"),
                ("2026-11-23T10:00:00+01:00", "2026-11-23T10:20:00+01:00"),
            ],
            ..base("touching busy blocks")
        },
        Case {
            types: vec![AppointmentType {
                buffer_before_minutes: 15,
                ..t("consultation", 30)
            }],
            busy: vec![("2026-11-23T09:30:00+01:00", "2026-11-23T10:00:00+01:00")],
            ..base("buffer before")
        },
        Case {
            types: vec![AppointmentType {
                buffer_after_minutes: 10,
                ..t("consultation", 30)
            }],
            busy: vec![("2026-11-23T11:05:00+01:00", "2026-11-23T11:20:00+01:00")],
            ..base("buffer after")
        },
        Case {
            types: vec![AppointmentType {
                buffer_before_minutes: -15,
                buffer_after_minutes: -15,
                ..t("consultation", 30)
            }],
            busy: vec![("2026-11-23T10:00:00+01:00", "2026-11-23T10:30:00+01:00")],
            ..base("negative buffers count as none")
        },
        Case {
            types: vec![AppointmentType {
                min_notice_minutes: 120,
                ..t("consultation", 30)
            }],
            now: "2026-11-23T07:00:00Z",
            ..base("notice of two hours from 8:00")
        },
        Case {
            types: vec![AppointmentType {
                min_notice_minutes: 60,
                ..t("consultation", 30)
            }],
            now: "2026-11-23T08:30:00Z",
            ..base("a slot starting exactly at now plus notice is offered")
        },
        Case {
            now: "2026-11-23T09:10:00Z",
            ..base("slots already past are not offered")
        },
        Case {
            types: vec![AppointmentType {
                min_notice_minutes: -60,
                ..t("consultation", 30)
            }],
            now: "2026-11-23T09:10:00Z",
            ..base("a negative notice counts as none")
        },
        Case {
            types: vec![AppointmentType {
                horizon_days: Some(0),
                ..t("consultation", 30)
            }],
            now: "2026-11-23T06:00:00Z",
            openings: week.clone(),
            ..base("horizon 0: today only")
        },
        Case {
            types: vec![AppointmentType {
                horizon_days: Some(2),
                ..t("consultation", 30)
            }],
            now: "2026-11-23T06:00:00Z",
            openings: week.clone(),
            ..base("horizon 2 days")
        },
        Case {
            types: vec![AppointmentType {
                horizon_days: Some(1),
                ..t("consultation", 30)
            }],
            now: "2026-11-22T22:30:00Z",
            openings: week.clone(),
            ..base("the horizon counts from today's local date (23:30 on Sunday in Paris)")
        },
        Case {
            types: vec![AppointmentType {
                horizon_days: Some(3),
                ..t("consultation", 30)
            }],
            now: "2026-11-10T06:00:00Z",
            openings: week.clone(),
            ..base("the whole week is past the horizon")
        },
        Case {
            openings: week.clone(),
            ..base("a weekly series, Monday to Friday")
        },
        Case {
            openings: week
                .iter()
                .filter(|o| !o.0.starts_with("2026-11-25"))
                .cloned()
                .collect(),
            ..base("a cancelled instance (absent from the list) opens nothing")
        },
        Case {
            types: vec![AppointmentType {
                max_per_day: Some(1),
                ..t("consultation", 30)
            }],
            openings: week.clone(),
            bookings: vec![(
                "consultation",
                "2026-11-24T10:00:00+01:00",
                "2026-11-24T10:30:00+01:00",
            )],
            ..base("daily cap reached closes that day only")
        },
        Case {
            types: vec![AppointmentType {
                max_per_day: Some(2),
                ..t("consultation", 30)
            }],
            bookings: vec![(
                "consultation",
                "2026-11-23T10:00:00+01:00",
                "2026-11-23T10:30:00+01:00",
            )],
            ..base("daily cap not reached: the booking only blocks its time")
        },
        Case {
            types: vec![AppointmentType {
                max_per_day: Some(1),
                ..t("consultation", 30)
            }],
            bookings: vec![(
                "consultation",
                "2026-11-23T23:30:00+01:00",
                "2026-11-24T00:00:00+01:00",
            )],
            ..base("a booking counts for its local date (22:30 UTC is Monday evening in Paris)")
        },
        Case {
            types: vec![
                AppointmentType {
                    max_per_day: Some(1),
                    ..t("consultation", 30)
                },
                t("bilan", 60),
            ],
            bookings: vec![(
                "bilan",
                "2026-11-23T09:00:00+01:00",
                "2026-11-23T10:00:00+01:00",
            )],
            ..base("a booking of another type blocks its time but not the cap")
        },
        Case {
            types: vec![t("consultation", 30), t("bilan", 60)],
            ..base("two types share one untyped opening")
        },
        Case {
            types: vec![t("consultation", 30), t("bilan", 60)],
            openings: vec![
                typed(
                    "2026-11-23T09:00:00+01:00",
                    "2026-11-23T10:00:00+01:00",
                    vec!["bilan"],
                ),
                typed(
                    "2026-11-23T10:00:00+01:00",
                    "2026-11-23T12:00:00+01:00",
                    vec!["consultation"],
                ),
            ],
            ..base("typed openings offer only their types")
        },
        Case {
            types: vec![t("consultation", 30), t("bilan", 60), t("suivi", 20)],
            openings: vec![
                typed(
                    "2026-11-23T09:00:00+01:00",
                    "2026-11-23T11:00:00+01:00",
                    vec!["bilan", "suivi"],
                ),
                typed(
                    "2026-11-23T10:00:00+01:00",
                    "2026-11-23T12:00:00+01:00",
                    vec!["consultation", "suivi"],
                ),
            ],
            ..base(
                "an opening listing two types; the other types' openings unite only for shared types",
            )
        },
        Case {
            types: vec![t("consultation", 30)],
            openings: vec![typed(
                "2026-11-23T09:00:00+01:00",
                "2026-11-23T12:00:00+01:00",
                vec!["bilan"],
            )],
            ..base("an opening for another type only")
        },
        Case {
            types: vec![t("consultation", 30), t("bilan", 60)],
            only: Some("bilan"),
            ..base("only one type asked")
        },
        Case {
            only: Some("inconnu"),
            ..base("an unknown type is refused")
        },
        Case {
            types: vec![
                t("consultation", 30),
                AppointmentType {
                    bookable_online: false,
                    ..t("telephone", 30)
                },
            ],
            ..base("a type not bookable online gets no slot")
        },
        Case {
            types: vec![AppointmentType {
                bookable_online: false,
                ..t("telephone", 30)
            }],
            only: Some("telephone"),
            ..base("asking for a type not bookable online gives no slot")
        },
        Case {
            types: vec![t("consultation", 60)],
            openings: vec![mon(
                "2026-11-23T22:00:00+01:00",
                "2026-11-24T02:00:00+01:00",
            )],
            ..base("an opening across midnight")
        },
        Case {
            types: vec![t("consultation", 60)],
            from: "2026-11-24",
            openings: vec![mon(
                "2026-11-23T22:00:00+01:00",
                "2026-11-24T02:00:00+01:00",
            )],
            ..base("an opening across midnight belongs to the day it starts, before the range")
        },
        Case {
            to: "2026-11-24",
            openings: vec![
                mon("2026-11-22T09:00:00+01:00", "2026-11-22T12:00:00+01:00"),
                mon("2026-11-23T09:00:00+01:00", "2026-11-23T10:00:00+01:00"),
                mon("2026-11-24T09:00:00+01:00", "2026-11-24T12:00:00+01:00"),
            ],
            ..base("only openings starting in [from, to) count")
        },
        Case {
            from: "2026-01-01",
            to: "2028-01-03",
            ..base("a range longer than two years is refused")
        },
        Case {
            now: "2026-03-20T08:00:00Z",
            from: "2026-03-29",
            to: "2026-03-30",
            openings: vec![mon(
                "2026-03-29T01:00:00+01:00",
                "2026-03-29T04:00:00+02:00",
            )],
            ..base("March change in Paris: no slot in the skipped hour")
        },
        Case {
            types: vec![AppointmentType {
                slot_interval_minutes: Some(45),
                ..t("consultation", 30)
            }],
            now: "2026-03-20T08:00:00Z",
            from: "2026-03-29",
            to: "2026-03-30",
            openings: vec![mon(
                "2026-03-29T00:30:00+01:00",
                "2026-03-29T05:00:00+02:00",
            )],
            ..base("March change, 45-minute steps across the gap")
        },
        Case {
            types: vec![AppointmentType {
                horizon_days: Some(7),
                ..t("consultation", 30)
            }],
            now: "2026-03-28T07:00:00Z",
            from: "2026-03-27",
            to: "2026-04-01",
            openings: ["27", "30", "31"]
                .iter()
                .map(|d| {
                    let s: &'static str = Box::leak(
                        format!(
                            "2026-03-{d}T09:00:00+0{}:00",
                            if *d == "27" { 1 } else { 2 }
                        )
                        .into_boxed_str(),
                    );
                    let e: &'static str = Box::leak(
                        format!(
                            "2026-03-{d}T10:00:00+0{}:00",
                            if *d == "27" { 1 } else { 2 }
                        )
                        .into_boxed_str(),
                    );
                    (s, e, None)
                })
                .collect(),
            ..base("a week across the March change keeps local 9:00")
        },
        Case {
            now: "2026-10-20T08:00:00Z",
            from: "2026-10-25",
            to: "2026-10-26",
            types: vec![t("consultation", 60)],
            openings: vec![mon(
                "2026-10-25T01:00:00+02:00",
                "2026-10-25T04:00:00+01:00",
            )],
            ..base("October change in Paris: the repeated hour is offered twice")
        },
        Case {
            now: "2026-10-20T08:00:00Z",
            from: "2026-10-25",
            to: "2026-10-26",
            openings: vec![mon(
                "2026-10-25T01:30:00+02:00",
                "2026-10-25T03:30:00+01:00",
            )],
            busy: vec![("2026-10-25T02:00:00+01:00", "2026-10-25T02:30:00+01:00")],
            ..base("October change: busy in the second 2:00 blocks only that one")
        },
        Case {
            now: "2026-10-25T00:40:00Z",
            from: "2026-10-25",
            to: "2026-10-26",
            openings: vec![mon(
                "2026-10-25T01:30:00+02:00",
                "2026-10-25T03:30:00+01:00",
            )],
            ..base("October change: now in the first 2:40 (summer time)")
        },
        Case {
            tz: chrono_tz::America::New_York,
            now: "2026-10-20T08:00:00Z",
            from: "2026-11-01",
            to: "2026-11-02",
            types: vec![t("consultation", 60)],
            openings: vec![mon(
                "2026-11-01T00:00:00-04:00",
                "2026-11-01T03:00:00-05:00",
            )],
            ..base("another zone: New York's November change")
        },
        Case {
            types: vec![
                AppointmentType {
                    buffer_before_minutes: 10,
                    buffer_after_minutes: 5,
                    min_notice_minutes: 1440,
                    horizon_days: Some(5),
                    slot_interval_minutes: Some(20),
                    max_per_day: Some(2),
                    ..t("consultation", 30)
                },
                AppointmentType {
                    buffer_after_minutes: 15,
                    max_per_day: Some(1),
                    ..t("bilan", 60)
                },
                AppointmentType {
                    slot_interval_minutes: Some(10),
                    ..t("suivi", 20)
                },
            ],
            now: "2026-11-22T15:00:00Z",
            openings: {
                let mut o = week.clone();
                o.push(typed(
                    "2026-11-24T14:00:00+01:00",
                    "2026-11-24T18:00:00+01:00",
                    vec!["bilan", "suivi"],
                ));
                o.push(typed(
                    "2026-11-28T09:00:00+01:00",
                    "2026-11-28T11:00:00+01:00",
                    vec!["suivi"],
                ));
                o
            },
            busy: vec![
                ("2026-11-23T10:40:00+01:00", "2026-11-23T11:00:00+01:00"),
                ("2026-11-24T15:00:00+01:00", "2026-11-24T15:30:00+01:00"),
                ("2026-11-26T08:00:00+01:00", "2026-11-26T09:10:00+01:00"),
            ],
            bookings: vec![
                (
                    "consultation",
                    "2026-11-24T09:00:00+01:00",
                    "2026-11-24T09:30:00+01:00",
                ),
                (
                    "consultation",
                    "2026-11-24T11:00:00+01:00",
                    "2026-11-24T11:30:00+01:00",
                ),
                (
                    "bilan",
                    "2026-11-25T10:00:00+01:00",
                    "2026-11-25T11:00:00+01:00",
                ),
                (
                    "suivi",
                    "2026-11-27T09:00:00+01:00",
                    "2026-11-27T09:20:00+01:00",
                ),
            ],
            ..base("a full week: three types, buffers, notice, horizon, caps, busy and bookings")
        },
    ]
}

fn case_json(c: &Case) -> Value {
    let openings: Vec<Opening> = c
        .openings
        .iter()
        .map(|(s, e, l)| Opening {
            start: utc(s),
            end: utc(e),
            types: l
                .as_ref()
                .map(|l| l.iter().map(|t| (*t).to_owned()).collect()),
        })
        .collect();
    let busy: Vec<Busy> = c
        .busy
        .iter()
        .map(|(s, e)| Busy {
            start: utc(s),
            end: utc(e),
        })
        .collect();
    let bookings: Vec<Booking> = c
        .bookings
        .iter()
        .map(|(t, s, e)| Booking {
            type_id: (*t).to_owned(),
            start: utc(s),
            end: utc(e),
        })
        .collect();
    let query = SiteQuery {
        from: c.from.parse::<NaiveDate>().unwrap(),
        to: c.to.parse::<NaiveDate>().unwrap(),
        now: utc(c.now),
        openings: &openings,
        busy: &busy,
        bookings: &bookings,
        only_type: c.only,
    };
    let mut case = json!({
        "name": c.name,
        "tz": c.tz.name(),
        "now": c.now,
        "from": c.from,
        "to": c.to,
        "onlyType": c.only,
        "types": c.types,
        "availability": c.openings.iter().map(|(s, e, l)| json!({"start": s, "end": e, "types": l})).collect::<Vec<_>>(),
        "busy": c.busy.iter().map(|(s, e)| json!({"start": s, "end": e})).collect::<Vec<_>>(),
        "bookings": c.bookings.iter().map(|(t, s, e)| json!({"type": t, "start": s, "end": e})).collect::<Vec<_>>(),
    });
    match site_slots(&c.types, c.tz, &query) {
        Ok(result) => {
            let mut expected = serde_json::Map::new();
            for ts in result {
                let slots: Vec<Value> = ts
                    .slots
                    .iter()
                    .map(|s| {
                        json!({
                            "start": z(s.start),
                            "end": z(s.end),
                            "startLocal": s.start_local.to_rfc3339(),
                            "endLocal": s.end_local.to_rfc3339(),
                        })
                    })
                    .collect();
                expected.insert(ts.type_id, Value::Array(slots));
            }
            case["expected"] = Value::Object(expected);
        }
        Err(e) => {
            case["error"] = json!(match e {
                SlotError::UnknownType(_) => "unknownType",
                SlotError::RangeTooLong { .. } => "rangeTooLong",
                _ => "other",
            });
        }
    }
    case
}

#[test]
fn slot_vectors_match_the_rust_rule() {
    let cases = slot_cases();
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let doc = json!({
        "about": "Generated by crates/rdv-core/tests/plugin_vectors.rs from rdv_core::availability::site_slots; do not edit. Regenerate: UPDATE_VECTORS=1 cargo test -p rdv-core --test plugin_vectors. Each case: inputs (tz, now, local dates [from, to), onlyType, appointment types as in the configuration, availability instances, busy, bookings) and either `expected` (type id -> slots) or `error` (unknownType | rangeTooLong).",
        "cases": cases.iter().map(case_json).collect::<Vec<_>>(),
    });
    check_file("slots.json", &doc);
}

fn field_name(f: rdv_core::booking::Field) -> String {
    serde_json::to_value(f)
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn patient_vectors_match_the_rust_rule() {
    let long = "A".repeat(101);
    let hundred = "é".repeat(100);
    let huge = "x".repeat(10_000);
    let inputs: Vec<(&str, &str, &str, &str)> = vec![
        (
            "Martin",
            "Jeanne",
            "06 12 34 56 78",
            "jeanne.martin@example.fr",
        ),
        (
            "  Martin ",
            " Jeanne\u{a0}",
            " 06.12.34.56.78 ",
            "  Jeanne.Martin@Example.FR ",
        ),
        ("Martin", "Jeanne", "06-12-34-56-78", ""),
        ("Martin", "Jeanne", "", "jeanne@example.fr"),
        ("Martin", "Jeanne", "", ""),
        ("Martin", "Jeanne", "   ", "  "),
        ("", "Jeanne", "0612345678", ""),
        ("   ", "", "0612345678", ""),
        ("O'Brien-Dupont", "Marie-Hélène", "+33 6 12 34 56 78", ""),
        ("Nguyễn", "Thị Hoa", "+33612345678", ""),
        ("Müller", "Zoë", "+33 (0)6 12 34 56 78", ""),
        ("Martin", "Jeanne", "0033 6 12 34 56 78", ""),
        ("Martin", "Jeanne", "01 23 45 67 89", ""),
        ("Smith", "John", "+44 20 7946 0958", ""),
        ("Smith", "John", "0044 20 7946 0958", ""),
        ("Smith", "John", "+1 (212) 555-0100", ""),
        ("Martin", "Jeanne", "06 12 34 56", ""),
        ("Martin", "Jeanne", "06 12 34 56 78 9", ""),
        ("Martin", "Jeanne", "6 12 34 56 78", ""),
        ("Martin", "Jeanne", "0 12 34 56 78", ""),
        ("Martin", "Jeanne", "+33 6 12 34", ""),
        ("Martin", "Jeanne", "+1234567", ""),
        ("Martin", "Jeanne", "+1234567890123456", ""),
        ("Martin", "Jeanne", "06 12 34 56 7a", ""),
        ("Martin", "Jeanne", "+", ""),
        ("Martin", "Jeanne", "++33612345678", ""),
        ("Martin", "Jeanne", "06 12 34 56 78", "jeanne"),
        ("Martin", "Jeanne", "", "jeanne@@example.fr"),
        ("Martin", "Jeanne", "", "jeanne dupont@example.fr"),
        ("Martin", "Jeanne", "", "jeanne@example"),
        ("Martin", "Jeanne", "", "jeanne@example."),
        ("Martin", "Jeanne", "", "jeanne@[192.168.0.1]"),
        ("Martin", "Jeanne", "", "dr+agenda@sante-paris.fr"),
        ("Martin", "Jeanne", "", "\"jeanne martin\"@example.fr"),
        ("Martin", "Jeanne", "", "jeanne..martin@example.fr"),
        ("Martin", "Jeanne", "", ".jeanne@example.fr"),
        ("Martin", "Jeanne", "", "jeanne@-example.fr"),
        ("Martin", "Jeanne", "", "jeanne@example-.fr"),
        ("Martin", "Jeanne", "", "jeanne@exa_mple.fr"),
        ("Martin", "Jeanne", "", "jéanne@éxample.fr"),
        ("Martin", "Jeanne", "", "<jeanne@example.fr>"),
        ("Martin", "Jeanne", "", "jeanne@example..fr"),
        ("Martin", "Jeanne", "", "jeanne(x)@example.fr"),
        ("Martin", "Jeanne", "", "a@b.c"),
        ("Martin", "Jeanne", "", "jeanne@exa\u{0}mple.fr"),
        (&long, "Jeanne", "0612345678", ""),
        (&hundred, "Jeanne", "0612345678", ""),
        ("Martin", &huge, "0612345678", ""),
        ("Mar\ntin", "Jea\tnne", "0612345678", ""),
        (
            "<script>alert(1)</script>",
            "Robert'); DROP TABLE wp_users;--",
            "0612345678",
            "",
        ),
        ("Martin", "Jeanne", "<script>", "<script>@example.fr"),
        ("Martin", "Jeanne", "' OR 1=1 --", "x' OR '1'='1@example.fr"),
        ("", "", "abc", "abc"),
    ];
    let mut local = "a".repeat(64);
    local.push_str("@example.fr");
    let mut local_long = "a".repeat(65);
    local_long.push_str("@example.fr");
    let label = format!("jeanne@{}.fr", "d".repeat(64));
    let extra = [local, local_long, label];
    let mut cases: Vec<Value> = Vec::new();
    let all = inputs
        .iter()
        .map(|&(l, f, p, e)| (l.to_owned(), f.to_owned(), p.to_owned(), e.to_owned()))
        .chain(extra.iter().map(|e| {
            (
                "Martin".to_owned(),
                "Jeanne".to_owned(),
                String::new(),
                e.clone(),
            )
        }));
    for (last, first, phone, email) in all {
        let input = json!({"lastName": last, "firstName": first, "phone": phone, "email": email});
        let case = match check_patient(&last, &first, &phone, &email) {
            Ok(p) => json!({"input": input, "patient": {
                "lastName": p.last_name, "firstName": p.first_name,
                "phone": p.phone, "email": p.email,
            }}),
            Err(problems) => json!({"input": input, "problems": problems.iter().map(|p| json!({
                "field": field_name(p.field), "fr": p.text.fr, "en": p.text.en,
            })).collect::<Vec<_>>()}),
        };
        cases.push(case);
    }
    let doc = json!({
        "about": "Generated by crates/rdv-core/tests/plugin_vectors.rs from rdv_core::booking::check_patient; do not edit. Regenerate: UPDATE_VECTORS=1 cargo test -p rdv-core --test plugin_vectors. Each case: the fields as typed and either `patient` (normalised: names trimmed, phone E.164, e-mail lower case; null when left empty) or `problems` (field, French and English message, in order).",
        "cases": cases,
    });
    check_file("patient.json", &doc);
}
