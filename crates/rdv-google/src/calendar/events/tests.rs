use super::*;
use crate::calendar::samples::sample;
use chrono::NaiveDate;
use chrono::TimeZone;
use std::collections::BTreeMap;

fn page(name: &str) -> EventsPage {
    decode(sample(name).as_bytes()).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn the_recorded_last_page_parses_with_its_sync_token_and_both_kinds_of_times() {
    let p = page("events-list-last-page.libgdata.json");
    assert_eq!(
        p.next_sync_token.as_deref(),
        Some("CMCjqpeJrsUCEMCjqpeJrsUCGAU=")
    );
    assert_eq!(p.next_page_token, None, "the last page has no next page");
    assert_eq!(p.time_zone.as_deref(), Some("UTC"));
    assert_eq!(p.access_role.as_deref(), Some("owner"));
    assert_eq!(p.items.len(), 3);
    let timed = &p.items[0];
    assert_eq!(timed.id.as_deref(), Some("dsk9v6avumdakmikagf6bso60c"));
    assert_eq!(timed.etag.as_deref(), Some("\"2861896255972000\""));
    assert_eq!(timed.summary.as_ref().unwrap().expose(), "Test Event 1");
    assert_eq!(
        timed.start.as_ref().unwrap().date_time.unwrap(),
        Utc.with_ymd_and_hms(2014, 12, 20, 22, 15, 27).unwrap()
    );
    let all_day = &p.items[2];
    assert_eq!(
        all_day.start.as_ref().unwrap().date,
        NaiveDate::from_ymd_opt(2014, 12, 20)
    );
    assert_eq!(
        all_day.end.as_ref().unwrap().date,
        NaiveDate::from_ymd_opt(2014, 12, 21)
    );
    assert!(timed.created.is_some() && timed.updated.is_some());
    assert!(
        timed
            .html_link
            .as_deref()
            .unwrap()
            .starts_with("https://www.google.com/calendar/")
    );
}

#[test]
fn the_insert_response_parses_and_keeps_its_offset_and_zone() {
    let e: Event = decode(sample("event-insert-response.libgdata.json").as_bytes()).unwrap();
    assert_eq!(e.id.as_deref(), Some("8ndrpt97cl0c9lkbpojq9tiquo"));
    assert_eq!(e.status.as_deref(), Some("confirmed"));
    assert_eq!(e.location.as_ref().unwrap().expose(), "Rolling Lawn Courts");
    assert_eq!(e.start.as_ref().unwrap().time_zone.as_deref(), Some("UTC"));
    assert_eq!(e.transparency, None, "Google omits the default opaque");
    // The request sample parses as an Event too (we ignore attendees/organizer).
    let req: Event = decode(sample("event-insert-request.libgdata.json").as_bytes()).unwrap();
    assert_eq!(req.transparency.as_deref(), Some("opaque"));
}

#[test]
fn incremental_pages_carry_masters_exceptions_and_cancellations() {
    let cancelled = page("events-incremental-cancelled-instance.compass.json");
    assert!(cancelled.next_sync_token.is_some());
    let master = &cancelled.items[0];
    assert_eq!(
        master.recurrence.as_deref(),
        Some(&["RRULE:FREQ=DAILY;UNTIL=20250401T045959Z".to_owned()][..])
    );
    let instance = cancelled.items.iter().find(|e| e.is_cancelled()).unwrap();
    assert_eq!(instance.recurring_event_id, master.id);
    assert!(
        instance
            .original_start_time
            .as_ref()
            .unwrap()
            .date_time
            .is_some()
    );

    let deleted = page("events-incremental-deleted-event.compass.json");
    let gone = &deleted.items[0];
    assert!(gone.is_cancelled());
    assert_eq!(gone.id.as_deref(), Some("6pbua6vjeic3e73gvponeo1qp6"));
    assert!(
        gone.start.is_none() && gone.summary.is_none(),
        "only id/etag/status remain"
    );

    let modified = page("events-incremental-modified-instance.compass.json");
    let exception = modified
        .items
        .iter()
        .find(|e| e.recurring_event_id.is_some())
        .unwrap();
    let start = exception.start.as_ref().unwrap();
    assert_eq!(start.time_zone.as_deref(), Some("America/Chicago"));
    assert_eq!(
        start.date_time.unwrap().offset().local_minus_utc(),
        -5 * 3600
    );

    let split = page("events-incremental-split-series.compass.json");
    assert!(
        split.items[1]
            .id
            .as_deref()
            .unwrap()
            .contains("_R20250409T120000")
    );
}

#[test]
fn both_cancelled_item_shapes_parse() {
    let items: Vec<Event> =
        decode(sample("event-items-cancelled-forms.compass.json").as_bytes()).unwrap();
    assert!(items.iter().all(Event::is_cancelled));
    assert!(items[0].original_start_time.is_some());
    assert!(items[1].recurring_event_id.is_none());
}

#[test]
fn patient_data_never_shows_in_debug_output() {
    let mut private = BTreeMap::new();
    private.insert("rdv.kind".to_owned(), Sensitive::new("booking".to_owned()));
    private.insert(
        "rdv.lastName".to_owned(),
        Sensitive::new("Martin".to_owned()),
    );
    let e = Event {
        summary: Some(Sensitive::new("Consultation – Jeanne Martin".into())),
        description: Some(Sensitive::new("06 12 34 56 78".into())),
        extended_properties: Some(ExtendedProperties {
            private: Some(private),
            shared: None,
        }),
        ..Event::default()
    };
    let printed = format!("{e:?}");
    assert!(
        !printed.contains("Martin") && !printed.contains("06 12"),
        "{printed}"
    );
    assert!(
        printed.contains("rdv.lastName"),
        "keys stay readable for debugging"
    );
    assert_eq!(e.private_property("rdv.kind").unwrap().expose(), "booking");
}

#[test]
fn a_new_event_serialises_only_what_is_set_in_camel_case() {
    let start = chrono::FixedOffset::east_opt(3600)
        .unwrap()
        .with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
        .unwrap();
    let mut private = BTreeMap::new();
    private.insert("rdv.kind".to_owned(), Sensitive::new("booking".to_owned()));
    let e = Event {
        id: Some("abc12345".into()),
        summary: Some(Sensitive::new("Consultation – Jeanne Martin".into())),
        start: Some(EventDateTime::at(start, "Europe/Paris")),
        end: Some(EventDateTime::all_day(
            NaiveDate::from_ymd_opt(2026, 12, 2).unwrap(),
        )),
        extended_properties: Some(ExtendedProperties {
            private: Some(private),
            shared: None,
        }),
        ..Event::default()
    };
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "id": "abc12345",
            "summary": "Consultation – Jeanne Martin",
            "start": {"dateTime": "2026-12-01T09:00:00+01:00", "timeZone": "Europe/Paris"},
            "end": {"date": "2026-12-02"},
            "extendedProperties": {"private": {"rdv.kind": "booking"}}
        })
    );
    let back: Event = serde_json::from_value(json).unwrap();
    assert_eq!(back, e, "what we write reads back the same");
}

#[test]
fn a_sync_token_with_a_window_or_show_deleted_false_is_refused_before_sending() {
    let t = Utc.with_ymd_and_hms(2026, 11, 26, 0, 0, 0).unwrap();
    let bad = [
        ListEvents {
            time_min: Some(t),
            ..ListEvents::incremental("tok")
        },
        ListEvents {
            time_max: Some(t),
            ..ListEvents::incremental("tok")
        },
        ListEvents {
            show_deleted: Some(false),
            ..ListEvents::incremental("tok")
        },
    ];
    for params in bad {
        let e = params.validate().unwrap_err();
        assert!(
            matches!(&e, CalendarError::InvalidRequest(m) if m.contains("sync token")),
            "{e}"
        );
    }
    ListEvents {
        show_deleted: Some(true),
        single_events: true,
        ..ListEvents::incremental("tok")
    }
    .validate()
    .expect("showDeleted=true and singleEvents are allowed with a token");
    assert!(
        ListEvents::window(Some(t), Some(t)).validate().is_err(),
        "empty window"
    );
    ListEvents::window(Some(t), None).validate().unwrap();
}

#[test]
fn the_query_keeps_page_and_sync_tokens_in_the_fields_selector() {
    let t = Utc.with_ymd_and_hms(2026, 11, 26, 8, 30, 0).unwrap();
    let mut url = url::Url::parse("https://x/calendar/v3/calendars/c/events").unwrap();
    ListEvents {
        single_events: true,
        ..ListEvents::window(Some(t), None)
    }
    .page("p2")
    .apply(&mut url);
    let q: BTreeMap<String, String> = url.query_pairs().into_owned().collect();
    assert_eq!(q["maxResults"], "2500");
    assert_eq!(q["timeMin"], "2026-11-26T08:30:00Z");
    assert_eq!(q["pageToken"], "p2");
    assert_eq!(q["singleEvents"], "true");
    assert!(!q.contains_key("showDeleted"), "left to Google's default");
    assert!(q["fields"].starts_with("nextPageToken,nextSyncToken,"));
    assert!(q["fields"].contains("items(id,etag,status,"));

    let custom = ListEvents {
        fields: Some("items(id)".into()),
        ..ListEvents::default()
    };
    assert_eq!(custom.fields(), "nextPageToken,nextSyncToken,items(id)");
    let star = ListEvents {
        fields: Some("*".into()),
        ..ListEvents::default()
    };
    assert_eq!(star.fields(), "*");
    let big = ListEvents {
        max_results: 10_000,
        ..ListEvents::default()
    };
    let mut url = url::Url::parse("https://x/").unwrap();
    big.apply(&mut url);
    assert!(
        url.query().unwrap().contains("maxResults=2500"),
        "clamped like Google"
    );
}

#[test]
fn new_event_ids_follow_googles_alphabet() {
    let a = new_event_id();
    assert_eq!(a.len(), 26);
    assert!(
        a.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'v').contains(&b))
    );
    assert_ne!(a, new_event_id());
}

mod hostile {
    use super::*;
    use proptest::prelude::*;
    use serde_json::Value;

    /// The names Google's events carry (and the page's own), so that hostile values land where
    /// the decoder looks.
    const KEYS: [&str; 30] = [
        "items",
        "nextPageToken",
        "nextSyncToken",
        "timeZone",
        "id",
        "etag",
        "status",
        "summary",
        "description",
        "location",
        "start",
        "end",
        "date",
        "dateTime",
        "recurrence",
        "recurringEventId",
        "originalStartTime",
        "transparency",
        "extendedProperties",
        "private",
        "shared",
        "rdv.kind",
        "rdv.type",
        "rdv.phone",
        "created",
        "updated",
        "attendees",
        "email",
        "organizer",
        "reminders",
    ];

    fn json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            prop::sample::select(vec![
                "2026-11-26T09:00:00+01:00",
                "2026-11-26T09:00:00Z",
                "2026-11-26",
                "9999-12-31",
                "+275760-09-13T00:00:00Z",
                "2026-02-30",
                "Europe/Paris",
                "Mars/Olympus",
                "cancelled",
                "confirmed",
                "transparent",
                "RRULE:FREQ=SECONDLY",
                "",
            ])
            .prop_map(Value::from),
            "\\PC{0,16}".prop_map(Value::from),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::btree_map(prop::sample::select(KEYS.to_vec()), inner, 0..6)
                    .prop_map(|m| Value::Object(
                        m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
                    )),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// An events.list page of any shape decodes or is refused with a description (kind and
        /// position), never a panic; what decodes reads back through the model's accessors.
        #[test]
        fn any_events_page_decodes_or_is_refused(value in json(), bytes in prop::collection::vec(any::<u8>(), 0..200)) {
            let text = serde_json::to_vec(&value).unwrap();
            for body in [&text[..], &bytes[..]] {
                match decode::<EventsPage>(body) {
                    Ok(page) => {
                        for event in &page.items {
                            let _ = (event.is_cancelled(), event.is_transparent(), event.private_property("rdv.kind"));
                        }
                    }
                    Err(CalendarError::InvalidResponse(why)) => prop_assert!(why.contains("line"), "{}", why),
                    Err(e) => prop_assert!(false, "{e:?}"),
                }
            }
        }
    }

    #[test]
    fn a_page_nested_without_end_is_refused_not_a_stack_overflow() {
        let deep = format!(
            "{{\"items\": {}{}}}",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert!(decode::<EventsPage>(deep.as_bytes()).is_err());
    }
}
