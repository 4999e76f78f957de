//! The event cache as the sync engine uses it: batches applied atomically, recurring series
//! expanded with their exceptions, and the queries the views run.

use chrono::{DateTime, NaiveDate, Utc};
use rdv_core::appointments::{AppointmentOrigin, AppointmentPolicy};
use rdv_core::conventions::EventKind;
use rdv_store::{CalendarRow, Change, EventRecord, Moment, Store, SyncBatch, Window};

mod retention;

const CAL: &str = "dr.camille.laurent@example.fr";

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    t("2026-11-26T10:00:00Z")
}

fn store() -> Store {
    let s = Store::open_in_memory().unwrap();
    s.replace_calendars(&[CalendarRow {
        id: CAL.into(),
        summary: "Dr Camille Laurent".into(),
        color: "#0f766e".into(),
        time_zone: "Europe/Paris".into(),
        access_role: "owner".into(),
        primary: true,
        selected: true,
    }])
    .unwrap();
    s
}

fn event(id: &str, start: &str, end: &str) -> EventRecord {
    EventRecord {
        id: id.into(),
        master_id: None,
        original_start: None,
        etag: Some(format!("\"{id}-1\"")),
        summary: Some(format!("Event {id}")),
        start: Moment::At(t(start)),
        end: Moment::At(t(end)),
        time_zone: Some("Europe/Paris".into()),
        recurrence: vec![],
        transparent: false,
        kind: EventKind::Other,
        appointment_type: None,
        source: None,
        booked_at: None,
        first_name: None,
        last_name: None,
        phone: None,
        email: None,
        created: None,
        updated: None,
        marks: Default::default(),
    }
}

fn booking(id: &str, start: &str, end: &str, first: &str, last: &str, phone: &str) -> EventRecord {
    EventRecord {
        kind: EventKind::Booking,
        appointment_type: Some("consultation".into()),
        source: Some("site".into()),
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        phone: Some(phone.into()),
        email: Some(format!(
            "{}.{}@example.fr",
            first.to_lowercase(),
            last.to_lowercase()
        )),
        ..event(id, start, end)
    }
}

fn batch(full: bool, token: &str, changes: Vec<Change>) -> SyncBatch {
    SyncBatch {
        calendar_id: CAL.into(),
        full,
        changes,
        next_sync_token: token.into(),
    }
}

fn ids(store: &Store, from: &str, to: &str) -> Vec<String> {
    store
        .agenda(t(from), t(to))
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect()
}

#[test]
fn a_full_sync_replaces_the_cache_and_stores_its_token_with_the_data() {
    let s = store();
    s.apply_sync(
        &batch(
            true,
            "tok1",
            vec![up(event(
                "a",
                "2026-11-26T08:00:00Z",
                "2026-11-26T09:00:00Z",
            ))],
        ),
        Window::around(now()),
    )
    .unwrap();
    assert_eq!(s.sync_token(CAL).unwrap().as_deref(), Some("tok1"));
    s.apply_sync(
        &batch(
            true,
            "tok2",
            vec![up(event(
                "b",
                "2026-11-27T08:00:00Z",
                "2026-11-27T09:00:00Z",
            ))],
        ),
        Window::around(now()),
    )
    .unwrap();
    assert_eq!(
        ids(&s, "2026-11-01T00:00:00Z", "2026-12-31T00:00:00Z"),
        ["b"],
        "a full sync drops what Google no longer has"
    );
    assert_eq!(s.sync_token(CAL).unwrap().as_deref(), Some("tok2"));
}

#[test]
fn an_incremental_sync_updates_moves_and_removes_single_events() {
    let s = store();
    let w = Window::around(now());
    s.apply_sync(
        &batch(
            true,
            "t1",
            vec![
                up(event("a", "2026-11-26T08:00:00Z", "2026-11-26T09:00:00Z")),
                up(event("b", "2026-11-26T10:00:00Z", "2026-11-26T11:00:00Z")),
            ],
        ),
        w,
    )
    .unwrap();
    let applied = s
        .apply_sync(
            &batch(
                false,
                "t2",
                vec![
                    up(event("a", "2026-11-27T08:00:00Z", "2026-11-27T09:00:00Z")),
                    Change::Cancel {
                        id: "b".into(),
                        master_id: None,
                        original_start: None,
                    },
                    Change::Cancel {
                        id: "never-seen".into(),
                        master_id: None,
                        original_start: None,
                    },
                ],
            ),
            w,
        )
        .unwrap();
    assert_eq!(
        (
            applied.upserted,
            applied.cancelled,
            applied.unknown_cancellations
        ),
        (1, 2, 1)
    );
    let agenda = s
        .agenda(t("2026-11-01T00:00:00Z"), t("2026-12-31T00:00:00Z"))
        .unwrap();
    assert_eq!(agenda.len(), 1, "b was cancelled: {agenda:?}");
    assert_eq!(
        agenda[0].start,
        t("2026-11-27T08:00:00Z"),
        "a moved to the next day"
    );
}

#[test]
fn a_secondly_series_from_long_ago_is_shown_once_without_stalling_the_sync() {
    let s = store();
    let w = Window::around(t("2026-11-20T10:00:00Z"));
    // Written through the API (Google's own apps offer daily at the finest): walking it second
    // by second from 2000 would never end.
    let hostile = EventRecord {
        recurrence: vec!["RRULE:FREQ=SECONDLY".into()],
        ..event("flood", "2000-01-01T08:00:00Z", "2000-01-01T08:00:01Z")
    };
    let started = std::time::Instant::now();
    s.apply_sync(&batch(true, "t1", vec![up(hostile)]), w)
        .unwrap();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "the sync went on"
    );
    let shown = s
        .agenda(t("1999-12-01T00:00:00Z"), t("2000-02-01T00:00:00Z"))
        .unwrap();
    assert_eq!(
        shown.len(),
        1,
        "the event is not hidden: its first occurrence"
    );
}

#[test]
fn a_daily_series_from_year_one_is_over_budget_and_shown_once() {
    let s = store();
    let w = Window::around(t("2026-11-20T10:00:00Z"));
    // 24 instances a day since year 1: 17.7 million steps to reach the window without the
    // expansion budget (rdv_core::recurrence::EXPANSION_BUDGET).
    let hours = (0..24).map(|h| h.to_string()).collect::<Vec<_>>().join(",");
    let hostile = EventRecord {
        recurrence: vec![format!("RRULE:FREQ=DAILY;BYHOUR={hours}")],
        ..event("ancient", "0001-01-01T08:00:00Z", "0001-01-01T09:00:00Z")
    };
    s.apply_sync(&batch(true, "t1", vec![up(hostile)]), w)
        .unwrap();
    let shown = s
        .agenda(t("0001-01-01T00:00:00Z"), t("2027-01-01T00:00:00Z"))
        .unwrap();
    assert_eq!(
        shown.iter().map(|o| o.start).collect::<Vec<_>>(),
        vec![t("0001-01-01T08:00:00Z")],
        "the event is not hidden: its first occurrence, once"
    );
}

#[test]
fn a_weekly_series_expands_in_local_time_and_honours_modified_and_cancelled_instances() {
    let s = store();
    let w = Window::around(t("2026-10-20T10:00:00Z"));
    // Mondays 9:00–12:30 Paris, 4 weeks across the end of summer time (25 October 2026).
    let master = EventRecord {
        recurrence: vec!["RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4".into()],
        kind: EventKind::Availability,
        transparent: true,
        ..event("avail", "2026-10-19T07:00:00Z", "2026-10-19T10:30:00Z")
    };
    s.apply_sync(&batch(true, "t1", vec![up(master)]), w)
        .unwrap();
    let starts: Vec<_> = s
        .agenda(t("2026-10-01T00:00:00Z"), t("2026-12-01T00:00:00Z"))
        .unwrap()
        .into_iter()
        .map(|o| (o.id, o.start))
        .collect();
    assert_eq!(
        starts,
        vec![
            (
                "avail_20261019T070000Z".to_string(),
                t("2026-10-19T07:00:00Z")
            ),
            (
                "avail_20261026T080000Z".to_string(),
                t("2026-10-26T08:00:00Z")
            ),
            (
                "avail_20261102T080000Z".to_string(),
                t("2026-11-02T08:00:00Z")
            ),
            (
                "avail_20261109T080000Z".to_string(),
                t("2026-11-09T08:00:00Z")
            ),
        ],
        "instance ids carry the original start in UTC; 9:00 local on both sides of the DST change"
    );

    // One instance moved to the afternoon, one cancelled with only its id (as Google may send it).
    let moved = EventRecord {
        master_id: Some("avail".into()),
        original_start: Some(Moment::At(t("2026-10-26T08:00:00Z"))),
        ..event(
            "avail_20261026T080000Z",
            "2026-10-26T13:00:00Z",
            "2026-10-26T16:00:00Z",
        )
    };
    s.apply_sync(
        &batch(
            false,
            "t2",
            vec![
                up(moved),
                Change::Cancel {
                    id: "avail_20261102T080000Z".into(),
                    master_id: None,
                    original_start: None,
                },
            ],
        ),
        w,
    )
    .unwrap();
    let starts: Vec<_> = s
        .agenda(t("2026-10-01T00:00:00Z"), t("2026-12-01T00:00:00Z"))
        .unwrap()
        .into_iter()
        .map(|o| o.start)
        .collect();
    assert_eq!(
        starts,
        vec![
            t("2026-10-19T07:00:00Z"),
            t("2026-10-26T13:00:00Z"),
            t("2026-11-09T08:00:00Z")
        ]
    );

    // Deleting the series removes every occurrence, exceptions included.
    s.apply_sync(
        &batch(
            false,
            "t3",
            vec![Change::Cancel {
                id: "avail".into(),
                master_id: None,
                original_start: None,
            }],
        ),
        w,
    )
    .unwrap();
    assert!(ids(&s, "2026-10-01T00:00:00Z", "2026-12-01T00:00:00Z").is_empty());
}

#[test]
fn all_day_events_are_kept_as_dates() {
    let s = store();
    let mut e = event("holiday", "2026-12-25T00:00:00Z", "2026-12-26T00:00:00Z");
    e.start = Moment::Day(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap());
    e.end = Moment::Day(NaiveDate::from_ymd_opt(2026, 12, 26).unwrap());
    s.apply_sync(&batch(true, "t", vec![up(e)]), Window::around(now()))
        .unwrap();
    let a = s
        .agenda(t("2026-12-25T00:00:00Z"), t("2026-12-26T00:00:00Z"))
        .unwrap();
    assert!(a[0].all_day);
}

#[test]
fn upcoming_bookings_skip_past_ones_and_search_names_emails_and_phones() {
    let s = store();
    s.apply_sync(
        &batch(
            true,
            "t",
            vec![
                up(booking(
                    "past",
                    "2026-11-25T08:00:00Z",
                    "2026-11-25T08:30:00Z",
                    "Paul",
                    "Durand",
                    "+33611111111",
                )),
                up(booking(
                    "b1",
                    "2026-11-26T14:00:00Z",
                    "2026-11-26T14:30:00Z",
                    "Jeanne",
                    "Martin",
                    "+33612345678",
                )),
                up(booking(
                    "b2",
                    "2026-11-27T09:00:00Z",
                    "2026-11-27T09:30:00Z",
                    "Élodie",
                    "Bernard",
                    "+33698765432",
                )),
                up(event(
                    "other",
                    "2026-11-26T15:00:00Z",
                    "2026-11-26T16:00:00Z",
                )),
            ],
        ),
        Window::around(now()),
    )
    .unwrap();
    s.set_appointment_policy(CAL, AppointmentPolicy::BookingsOnly)
        .unwrap();
    let all: Vec<_> = s
        .upcoming_bookings(now(), None, 100)
        .unwrap()
        .into_iter()
        .map(|b| b.id)
        .collect();
    assert_eq!(
        all,
        ["b1", "b2"],
        "bookings only: past bookings and non-bookings are not upcoming bookings"
    );
    let find = |q: &str| -> Vec<String> {
        s.upcoming_bookings(now(), Some(q), 100)
            .unwrap()
            .into_iter()
            .map(|b| b.id)
            .collect()
    };
    assert_eq!(find("martin"), ["b1"], "last name, any case");
    assert_eq!(find("jeanne mar"), ["b1"], "first then last name");
    assert_eq!(find("élodie"), ["b2"], "accented names");
    assert_eq!(
        find("ELODIE"),
        ["b2"],
        "typed without accents or in capitals"
    );
    assert_eq!(
        find("06 98 76"),
        ["b2"],
        "a phone typed the French way matches +33"
    );
    assert_eq!(find("bernard@example"), ["b2"], "email");
    assert!(find("zzz").is_empty());
}

#[test]
fn deselecting_a_calendar_hides_and_forgets_its_events_and_token() {
    let s = store();
    s.apply_sync(
        &batch(
            true,
            "t",
            vec![up(event(
                "a",
                "2026-11-26T08:00:00Z",
                "2026-11-26T09:00:00Z",
            ))],
        ),
        Window::around(now()),
    )
    .unwrap();
    s.set_calendar_selected(CAL, false).unwrap();
    assert!(ids(&s, "2026-11-01T00:00:00Z", "2026-12-31T00:00:00Z").is_empty());
    assert_eq!(
        s.sync_token(CAL).unwrap(),
        None,
        "selecting it again must start with a full sync"
    );
    assert!(
        s.set_calendar_selected("nope", true).is_err(),
        "an unknown calendar is an error"
    );
}

#[test]
fn the_calendar_list_keeps_user_choices_and_selects_new_calendars_sensibly() {
    let s = store();
    s.set_calendar_selected(CAL, false).unwrap();
    let holidays = CalendarRow {
        id: "fr.french#holiday@group.v.calendar.google.com".into(),
        summary: "Jours fériés en France".into(),
        color: "#16a765".into(),
        time_zone: "Europe/Paris".into(),
        access_role: "reader".into(),
        primary: false,
        selected: false,
    };
    let mine = s.calendars().unwrap()[0].clone();
    s.replace_calendars(&[mine, holidays]).unwrap();
    let cals = s.calendars().unwrap();
    assert!(
        !cals[0].selected,
        "the user's deselection survives a calendar list refresh"
    );
    assert!(
        !cals[1].selected,
        "a read-only extra calendar is not selected by default"
    );
    s.replace_calendars(&[]).unwrap();
    assert!(
        s.calendars().unwrap().is_empty(),
        "calendars gone at Google are forgotten"
    );
}

#[test]
fn events_whose_end_is_not_after_their_start_are_kept_drawn_at_their_start_and_flagged() {
    use rdv_core::conventions::SpanIssue;
    let s = store();
    let w = Window::around(now());
    let weekly = EventRecord {
        recurrence: vec!["RRULE:FREQ=WEEKLY;COUNT=2".into()],
        ..event("weekly", "2026-11-27T09:00:00Z", "2026-11-27T08:00:00Z")
    };
    s.apply_sync(
        &batch(
            true,
            "t1",
            vec![
                up(event(
                    "zero",
                    "2026-11-26T10:00:00Z",
                    "2026-11-26T10:00:00Z",
                )),
                up(event(
                    "backwards",
                    "2026-11-26T11:00:00Z",
                    "2026-11-26T10:30:00Z",
                )),
                up(weekly),
            ],
        ),
        w,
    )
    .unwrap();
    assert_eq!(s.event_count(CAL).unwrap(), 3, "nothing is dropped");
    let brief = s.event_brief(CAL, "backwards").unwrap().unwrap();
    assert_eq!(
        brief.end, "2026-11-26T10:30:00Z",
        "the cache keeps Google's end"
    );
    let shown: Vec<_> = s
        .agenda(t("2026-11-26T10:00:00Z"), t("2026-12-31T00:00:00Z"))
        .unwrap()
        .into_iter()
        .map(|o| (o.id, o.start, o.end, o.span_issue))
        .collect();
    assert_eq!(
        shown,
        vec![
            (
                "zero".to_string(),
                t("2026-11-26T10:00:00Z"),
                t("2026-11-26T10:00:00Z"),
                Some(SpanIssue::NoLength)
            ),
            (
                "backwards".to_string(),
                t("2026-11-26T11:00:00Z"),
                t("2026-11-26T11:00:00Z"),
                Some(SpanIssue::EndBeforeStart)
            ),
            (
                "weekly_20261127T090000Z".to_string(),
                t("2026-11-27T09:00:00Z"),
                t("2026-11-27T09:00:00Z"),
                Some(SpanIssue::EndBeforeStart)
            ),
            (
                "weekly_20261204T090000Z".to_string(),
                t("2026-12-04T09:00:00Z"),
                t("2026-12-04T09:00:00Z"),
                Some(SpanIssue::EndBeforeStart)
            ),
        ],
        "drawn at their start with no length (a range starting with them lists them), flagged"
    );
    let normal = event("normal", "2026-11-26T12:00:00Z", "2026-11-26T13:00:00Z");
    s.apply_sync(&batch(false, "t2", vec![up(normal)]), w)
        .unwrap();
    assert_eq!(
        s.occurrence(CAL, "normal").unwrap().unwrap().span_issue,
        None,
        "an event with a length is not flagged"
    );
}

fn up(e: EventRecord) -> Change {
    Change::Upsert(Box::new(e))
}

#[test]
fn the_calendars_own_timed_busy_events_are_appointments_by_default_and_found_by_title() {
    let s = store();
    let all_day = EventRecord {
        start: Moment::Day(NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()),
        end: Moment::Day(NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()),
        ..event("congés", "2026-11-27T00:00:00Z", "2026-11-28T00:00:00Z")
    };
    let free = EventRecord {
        transparent: true,
        ..event("free", "2026-11-26T16:00:00Z", "2026-11-26T17:00:00Z")
    };
    let range = EventRecord {
        kind: EventKind::Availability,
        ..event("range", "2026-11-26T12:00:00Z", "2026-11-26T18:00:00Z")
    };
    let typed = EventRecord {
        summary: Some("Séance M. Petit".into()),
        ..event("typed", "2026-11-26T15:00:00Z", "2026-11-26T16:00:00Z")
    };
    s.apply_sync(
        &batch(
            true,
            "t",
            vec![
                up(booking(
                    "b1",
                    "2026-11-26T14:00:00Z",
                    "2026-11-26T14:30:00Z",
                    "Jeanne",
                    "Martin",
                    "+33612345678",
                )),
                up(typed),
                up(all_day),
                up(free),
                up(range),
            ],
        ),
        Window::around(now()),
    )
    .unwrap();
    let upcoming = s.upcoming_bookings(now(), None, 100).unwrap();
    let seen: Vec<_> = upcoming
        .iter()
        .map(|b| (b.id.as_str(), b.appointment))
        .collect();
    assert_eq!(
        seen,
        [
            ("b1", Some(AppointmentOrigin::Marked)),
            ("typed", Some(AppointmentOrigin::Google))
        ],
        "the timed, busy event typed in Google counts; all-day, free and availability do not"
    );
    let between: Vec<_> = s
        .appointments_between(&[], now(), t("2026-11-28T00:00:00Z"))
        .unwrap()
        .into_iter()
        .map(|o| o.id)
        .collect();
    assert_eq!(between, ["b1", "typed"], "the same rule for a range");
    let found: Vec<_> = s
        .upcoming_bookings(now(), Some("petit"), 100)
        .unwrap()
        .into_iter()
        .map(|b| b.id)
        .collect();
    assert_eq!(
        found,
        ["typed"],
        "an event of its own is found by its title"
    );
    assert!(
        s.appointments_between(&["another".into()], now(), t("2026-11-28T00:00:00Z"))
            .unwrap()
            .is_empty(),
        "only the calendars asked for"
    );
    s.set_appointment_policy(CAL, AppointmentPolicy::BookingsOnly)
        .unwrap();
    assert_eq!(
        s.appointment_policies().unwrap()[CAL],
        AppointmentPolicy::BookingsOnly
    );
    let ids: Vec<_> = s
        .upcoming_bookings(now(), None, 100)
        .unwrap()
        .into_iter()
        .map(|b| b.id)
        .collect();
    assert_eq!(ids, ["b1"], "bookings only hides it");
}

#[test]
fn appointments_between_reads_the_bookings_of_the_asked_calendars_only() {
    let s = store();
    s.replace_calendars(&[
        CalendarRow {
            id: CAL.into(),
            summary: "Dr Camille Laurent".into(),
            color: "#0f766e".into(),
            time_zone: "Europe/Paris".into(),
            access_role: "owner".into(),
            primary: true,
            selected: true,
        },
        CalendarRow {
            id: "kine@example.fr".into(),
            summary: "Kiné".into(),
            color: "#0f766e".into(),
            time_zone: "Europe/Paris".into(),
            access_role: "writer".into(),
            primary: false,
            selected: true,
        },
    ])
    .unwrap();
    s.apply_sync(
        &batch(
            true,
            "t",
            vec![
                up(booking(
                    "b2",
                    "2026-11-27T10:00:00Z",
                    "2026-11-27T10:30:00Z",
                    "Léa",
                    "Martin",
                    "+33612345678",
                )),
                up(booking(
                    "b1",
                    "2026-11-27T08:00:00Z",
                    "2026-11-27T08:30:00Z",
                    "Élodie",
                    "Lefèvre",
                    "+33698765432",
                )),
                up(booking(
                    "next-day",
                    "2026-11-28T08:00:00Z",
                    "2026-11-28T08:30:00Z",
                    "Paul",
                    "Durand",
                    "+33611111111",
                )),
                up(booking(
                    "gone",
                    "2026-11-27T09:00:00Z",
                    "2026-11-27T09:30:00Z",
                    "Jean",
                    "Annulé",
                    "+33611111112",
                )),
                up(event(
                    "other",
                    "2026-11-27T09:00:00Z",
                    "2026-11-27T09:30:00Z",
                )),
            ],
        ),
        Window::around(now()),
    )
    .unwrap();
    s.apply_sync(
        &batch(
            false,
            "t2",
            vec![Change::Cancel {
                id: "gone".into(),
                master_id: None,
                original_start: None,
            }],
        ),
        Window::around(now()),
    )
    .unwrap();
    let mut other = batch(
        true,
        "k",
        vec![up(booking(
            "k1",
            "2026-11-27T08:00:00Z",
            "2026-11-27T08:30:00Z",
            "Ana",
            "Kiné",
            "+33600000000",
        ))],
    );
    other.calendar_id = "kine@example.fr".into();
    s.apply_sync(&other, Window::around(now())).unwrap();

    let read = |cals: &[&str]| -> Vec<String> {
        let cals: Vec<String> = cals.iter().map(|c| (*c).to_owned()).collect();
        s.appointments_between(&cals, t("2026-11-26T23:00:00Z"), t("2026-11-27T23:00:00Z"))
            .unwrap()
            .into_iter()
            .map(|o| o.id)
            .collect()
    };
    assert_eq!(
        read(&[CAL]),
        ["b1", "other", "b2"],
        "appointments of the day, by start: the bookings and the calendar's own timed event \
         (the default policy); the cancelled one left out"
    );
    assert_eq!(read(&[CAL, "kine@example.fr"]), ["b1", "k1", "other", "b2"]);
    assert_eq!(read(&["kine@example.fr"]), ["k1"]);
    assert_eq!(
        read(&[]),
        read(&[CAL, "kine@example.fr"]),
        "none named: every shown one"
    );
    s.set_appointment_policy(CAL, AppointmentPolicy::BookingsOnly)
        .unwrap();
    assert_eq!(read(&[CAL]), ["b1", "b2"], "bookings only: the marked ones");
}

#[test]
fn a_read_only_store_reads_what_the_app_wrote_and_refuses_a_missing_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(rdv_store::DATABASE_FILE);
    {
        let s = Store::open(&path).unwrap();
        s.replace_calendars(&[CalendarRow {
            id: CAL.into(),
            summary: "Dr Camille Laurent".into(),
            color: "#0f766e".into(),
            time_zone: "Europe/Paris".into(),
            access_role: "owner".into(),
            primary: true,
            selected: true,
        }])
        .unwrap();
    }
    let ro = Store::open_read_only(&path, None).unwrap();
    assert_eq!(ro.calendars().unwrap().len(), 1);
    assert!(
        ro.replace_calendars(&[]).is_err(),
        "a read-only store cannot write"
    );
    assert!(Store::open_read_only(&dir.path().join("absent.sqlite3"), None).is_err());
    assert!(
        !dir.path().join("absent.sqlite3").exists(),
        "nothing created"
    );
}

mod encrypted {
    //! The store encrypted with SQLCipher: the key set first, checked, and the plain export.
    use super::CAL;
    use rdv_store::{CalendarRow, DbKey, PLAIN_HEADER, Store, StoreError, is_plain_database};

    fn calendar(summary: &str) -> CalendarRow {
        CalendarRow {
            id: CAL.into(),
            summary: summary.into(),
            color: "#0f766e".into(),
            time_zone: "Europe/Paris".into(),
            access_role: "owner".into(),
            primary: true,
            selected: true,
        }
    }

    #[test]
    fn an_encrypted_file_reopens_with_its_key_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(rdv_store::DATABASE_FILE);
        let key = DbKey::from_bytes([7; 32]);
        Store::open_encrypted(&path, &key)
            .unwrap()
            .replace_calendars(&[calendar("Cabinet Zéphyrine")])
            .unwrap();
        assert!(
            !is_plain_database(&path).unwrap(),
            "not a plain SQLite file"
        );
        let header = std::fs::read(&path).unwrap();
        assert_ne!(&header[..16], PLAIN_HEADER);

        let again = Store::open_encrypted(&path, &key).unwrap();
        assert_eq!(again.calendars().unwrap()[0].summary, "Cabinet Zéphyrine");
        let ro = Store::open_read_only(&path, Some(&key)).unwrap();
        assert_eq!(ro.calendars().unwrap().len(), 1);
        drop((again, ro));

        let wrong = DbKey::from_bytes([8; 32]);
        let err = Store::open_encrypted(&path, &wrong).expect_err("another key must not open it");
        assert_eq!(
            err.sqlite_code(),
            Some(rusqlite::ErrorCode::NotADatabase),
            "{err:?}"
        );
        let err = Store::open_read_only(&path, None).expect_err("no key, no reading");
        assert_eq!(err.sqlite_code(), Some(rusqlite::ErrorCode::NotADatabase));
    }

    #[test]
    fn a_plain_file_is_exported_encrypted_with_everything_in_it() {
        let dir = tempfile::tempdir().unwrap();
        let plain = dir.path().join("plain.sqlite3");
        let target = dir.path().join("encrypted.sqlite3");
        let store = Store::open(&plain).unwrap();
        store
            .replace_calendars(&[calendar("Cabinet Zéphyrine")])
            .unwrap();
        store.set_setting("probe", "kept").unwrap();
        // Still open: the rows are in the WAL, which the export checkpoints first.
        let key = DbKey::from_bytes([9; 32]);
        Store::export_encrypted(&plain, &target, &key).unwrap();
        drop(store);
        assert!(is_plain_database(&plain).unwrap());
        assert!(!is_plain_database(&target).unwrap());
        let copy = Store::open_encrypted(&target, &key).unwrap();
        assert_eq!(copy.schema_version().unwrap(), rdv_store::LATEST_VERSION);
        assert_eq!(copy.calendars().unwrap()[0].summary, "Cabinet Zéphyrine");
        assert_eq!(copy.setting("probe").unwrap().as_deref(), Some("kept"));
    }

    #[test]
    fn a_newer_encrypted_file_is_refused_before_any_migration() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(rdv_store::DATABASE_FILE);
        let key = DbKey::from_bytes([3; 32]);
        drop(Store::open_encrypted(&path, &key).unwrap());
        {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.pragma_update(None, "key", format!("x'{}'", key.to_hex().as_str()))
                .unwrap();
            conn.pragma_update(None, "user_version", rdv_store::LATEST_VERSION + 1)
                .unwrap();
        }
        let err = Store::open_encrypted(&path, &key).unwrap_err();
        assert!(
            matches!(err, StoreError::NewerSchema { found, .. } if found == rdv_store::LATEST_VERSION + 1),
            "{err:?}"
        );
    }
}

#[test]
fn many_over_budget_series_in_one_sync_share_one_budget() {
    use rdv_core::recurrence::{EXPANSION_BUDGET, PASS_BUDGET, SPENT_PASS_ALLOWANCE};
    let s = store();
    let w = Window::around(t("2026-11-20T10:00:00Z"));
    // 12 invited daily series since year 1, each 739,000 steps from the window: alone, each
    // would walk EXPANSION_BUDGET at every sync (1,200,000 in all).
    let mut changes: Vec<_> = (0..12)
        .map(|i| {
            up(EventRecord {
                recurrence: vec!["RRULE:FREQ=DAILY".to_string()],
                ..event(
                    &format!("ancient{i}"),
                    "0001-01-01T08:00:00Z",
                    "0001-01-01T09:00:00Z",
                )
            })
        })
        .collect();
    // The practitioner's own weekly series, expanded after them.
    changes.push(up(EventRecord {
        recurrence: vec!["RRULE:FREQ=WEEKLY".to_string()],
        ..event("zweekly", "2020-01-06T08:00:00Z", "2020-01-06T09:00:00Z")
    }));
    let applied = s.apply_sync(&batch(true, "t1", changes), w).unwrap();
    let bound = PASS_BUDGET + 13 * u64::from(SPENT_PASS_ALLOWANCE);
    assert!(
        applied.instances_walked <= bound,
        "{} instances walked, bound {bound}",
        applied.instances_walked
    );
    assert!(applied.instances_walked < 12 * u64::from(EXPANSION_BUDGET));
    let ancient = s
        .agenda(t("0001-01-01T00:00:00Z"), t("0001-01-02T00:00:00Z"))
        .unwrap();
    assert_eq!(
        ancient.len(),
        12,
        "each invited series: its first occurrence"
    );
    let november = s
        .agenda(t("2026-11-01T00:00:00Z"), t("2026-12-01T00:00:00Z"))
        .unwrap();
    assert_eq!(
        november.len(),
        5,
        "the weekly series still expands: five Mondays"
    );
}
