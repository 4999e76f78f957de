//! Sharing and booking actions with two accounts against the sandbox: the owner grants, changes
//! and revokes roles; a reader is refused writes; a concurrent edit gives a 412 the app resolves
//! without losing anything; edits made offline are replayed in order, exactly once, through
//! injected faults (randomised with a fixed seed).

use crate::fixture;
use chrono::{DateTime, Duration, TimeZone, Utc};
use rdv_app::ipc::{AccessRole, ActionState, Attendance, BookingAction, ErrorCode};
use rdv_core::ports::testing::{FixedClock, MemorySecretStore, RecordingNotifier};
use rdv_sandbox::{
    Consent, Fault, FaultKind, PRACTITIONER, SECRETARY, Sandbox, SandboxConfig, Seed,
};
use serde_json::{Value, json};
use std::sync::Arc;

pub(crate) async fn sandbox() -> Sandbox {
    let sb = Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Empty,
        consent: Consent::Approve(PRACTITIONER.to_owned()),
    })
    .await
    .unwrap();
    sb.control().add_account(PRACTITIONER, "Dr Camille Laurent");
    sb.control().add_account(SECRETARY, "Secrétariat");
    sb
}

/// A booking as the site writes it, `days` from now at 10:00 UTC.
pub(crate) fn booking(days: i64, last_name: &str) -> Value {
    let start = (Utc::now() + Duration::days(days))
        .date_naive()
        .and_hms_opt(10, 0, 0)
        .unwrap()
        .and_utc();
    booking_at(start, last_name)
}

/// A booking as the site writes it, 30 minutes from `start`, made a week before.
fn booking_at(start: DateTime<Utc>, last_name: &str) -> Value {
    json!({
        "summary": format!("Consultation – Jeanne {last_name}"),
        "start": {"dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris"},
        "end": {"dateTime": (start + Duration::minutes(30)).to_rfc3339(), "timeZone": "Europe/Paris"},
        "extendedProperties": {"private": {
            "rdv.v": "1", "rdv.kind": "booking", "rdv.type": "consultation",
            "rdv.lastName": last_name, "rdv.firstName": "Jeanne",
            "rdv.bookedAt": (start - Duration::days(7)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        }}
    })
}

/// The secretary's app, linked with her own account, the agenda shared with `role`.
async fn secretary(sb: &Sandbox, role: &str) -> crate::Fixture {
    let f = fixture();
    link_secretary(sb, role, &f.app).await;
    f
}

/// Shares the agenda with the secretary as `role` (the ACL rule, as Partage writes it), links
/// `app` with her account and adds the agenda as she does (*Ajouter un agenda partagé*).
pub(crate) async fn link_secretary(sb: &Sandbox, role: &str, app: &rdv_app::App) {
    sb.control().grant(PRACTITIONER, SECRETARY, role);
    sb.control()
        .set_consent(Consent::Approve(SECRETARY.to_owned()));
    app.link_sandbox(&sb.base_url()).await.unwrap();
    let status = app.sync_now().await;
    assert_eq!(status.state, rdv_app::ipc::SyncState::Idle, "{status:?}");
    let added = app.add_shared_calendar(PRACTITIONER).await.unwrap();
    assert!(added.calendar.selected, "{added:?}");
}

pub(crate) fn event(sb: &Sandbox, id: &str) -> Value {
    sb.control()
        .events(PRACTITIONER)
        .into_iter()
        .find(|e| e["id"] == id)
        .expect("the event")
}

fn code(e: rdv_app::AppError) -> ErrorCode {
    e.code()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_grants_changes_and_revokes_access_and_sees_what_google_holds() {
    let sb = sandbox().await;
    let f = fixture();
    f.app.link_sandbox(&sb.base_url()).await.unwrap();
    f.app.sync_now().await;

    let before = f.app.list_sharing(PRACTITIONER).await.unwrap();
    assert_eq!(before.len(), 1, "only the owner: {before:?}");
    assert!(before[0].is_you && before[0].role == AccessRole::Owner);

    let bad = f
        .app
        .grant_access(PRACTITIONER, "secretariat@cabinet", AccessRole::Writer)
        .await
        .unwrap_err();
    assert_eq!(code(bad), ErrorCode::InvalidInput, "an incomplete address");
    assert_eq!(
        sb.control()
            .requests()
            .iter()
            .filter(|r| r.method == "POST" && r.path.contains("/acl"))
            .count(),
        0,
        "nothing sent"
    );

    let granted = f
        .app
        .grant_access(
            PRACTITIONER,
            "  Secretariat.Cabinet@Example.fr ",
            AccessRole::Writer,
        )
        .await
        .unwrap();
    let rule = granted
        .iter()
        .find(|e| e.email.as_deref() == Some(SECRETARY))
        .expect("the secretary, normalised");
    assert_eq!(rule.role, AccessRole::Writer);

    let changed = f
        .app
        .change_access(PRACTITIONER, &rule.rule_id, AccessRole::Reader)
        .await
        .unwrap();
    assert_eq!(
        changed
            .iter()
            .find(|e| e.email.as_deref() == Some(SECRETARY))
            .unwrap()
            .role,
        AccessRole::Reader,
        "re-read from Google"
    );
    let revoked = f
        .app
        .revoke_access(PRACTITIONER, &rule.rule_id)
        .await
        .unwrap();
    assert!(
        revoked
            .iter()
            .all(|e| e.email.as_deref() != Some(SECRETARY))
    );
    // Revoking twice is not an error: the goal is reached.
    assert!(
        f.app
            .revoke_access(PRACTITIONER, &rule.rule_id)
            .await
            .is_ok()
    );
}

/// Issue #15 point 4: shared through the app's Partage, the agenda is not in the secretary's
/// Google calendar list (as in Google: googleapis/google-api-nodejs-client#1965); her app adds
/// it by the practitioner's address however typed — one `calendarList.insert`, the list re-read,
/// the agenda selected and synced, its bookings shown — and explains every refusal, sending
/// nothing for one it can tell before asking Google.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretary_adds_the_agenda_shared_with_her_and_each_refusal_says_why() {
    let sb = sandbox().await;
    let id = sb
        .control()
        .insert_event(PRACTITIONER, booking(3, "Martin"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let owner = fixture();
    owner.app.link_sandbox(&sb.base_url()).await.unwrap();
    owner.app.sync_now().await;
    owner
        .app
        .grant_access(PRACTITIONER, SECRETARY, AccessRole::Writer)
        .await
        .unwrap();

    sb.control()
        .set_consent(Consent::Approve(SECRETARY.to_owned()));
    let f = fixture();
    f.app.link_sandbox(&sb.base_url()).await.unwrap();
    f.app.sync_now().await;
    let ids = |f: &crate::Fixture| {
        f.app
            .calendars()
            .unwrap()
            .into_iter()
            .map(|c| c.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&f), [SECRETARY], "shared, not yet in her list");
    let posts = |sb: &Sandbox| {
        sb.control()
            .requests()
            .iter()
            .filter(|r| r.method == "POST" && r.path.ends_with("/calendarList"))
            .count()
    };

    // Refused before asking Google: nothing typed, a broken address, her own agenda.
    sb.control().reset_requests();
    for typed in ["", "secretariat@cabinet", SECRETARY] {
        let e = f.app.add_shared_calendar(typed).await.unwrap_err();
        assert_eq!(code(e), ErrorCode::InvalidInput, "{typed:?}");
    }
    assert!(sb.control().requests().is_empty(), "nothing sent");

    // Not shared with her: Google's 404 explained, with what to ask the owner.
    let e = f
        .app
        .add_shared_calendar("dr.lea.martin@example.fr")
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let text = e.text();
    assert!(
        text.fr.contains("pas (encore) partagé") && text.fr.contains("Partage"),
        "{}",
        text.fr
    );
    assert!(text.en.contains("not shared with you"), "{}", text.en);
    assert_eq!(ids(&f), [SECRETARY], "nothing added");

    // Offline: the cause said, nothing changed.
    sb.control().inject(
        Fault::new("/calendarList", FaultKind::DropConnection)
            .on("POST")
            .times(1000),
    );
    let e = f.app.add_shared_calendar(PRACTITIONER).await.unwrap_err();
    assert_eq!(code(e), ErrorCode::Offline);
    sb.control().clear_faults();
    assert_eq!(ids(&f), [SECRETARY]);

    // Added by her address as typed: one insert, the list re-read, selected, synced.
    sb.control().reset_requests();
    let added = f
        .app
        .add_shared_calendar("  Dr.Camille.Laurent@Example.FR ")
        .await
        .unwrap();
    assert_eq!(added.calendar.id, PRACTITIONER);
    assert_eq!(added.calendar.access_role, AccessRole::Writer);
    assert!(added.calendar.selected, "shown and synchronised");
    assert_eq!(posts(&sb), 1, "one calendarList.insert");
    assert_eq!(
        sb.control()
            .requests()
            .iter()
            .filter(|r| r.method == "GET" && r.path.ends_with("/calendarList"))
            .count(),
        1,
        "the list re-read once"
    );
    assert_eq!(ids(&f), [SECRETARY, PRACTITIONER]);
    let bookings = f.app.upcoming_bookings(None).unwrap();
    assert!(
        bookings.iter().any(|b| b.id == id),
        "the practitioner's booking is shown: {bookings:?}"
    );

    // Already in her list: said so, nothing sent.
    sb.control().reset_requests();
    let e = f.app.add_shared_calendar(PRACTITIONER).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    assert!(
        e.text().fr.contains("déjà dans votre liste"),
        "{}",
        e.text().fr
    );
    assert_eq!(posts(&sb), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_is_refused_every_write_and_may_not_manage_sharing() {
    let sb = sandbox().await;
    let id = sb
        .control()
        .insert_event(PRACTITIONER, booking(3, "Martin"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let f = secretary(&sb, "reader").await;
    sb.control().reset_requests();
    let e = f
        .app
        .act_on_booking(PRACTITIONER, &id, BookingAction::Cancel { reason: None })
        .await
        .unwrap_err();
    assert_eq!(code(e), ErrorCode::Forbidden);
    assert!(f.app.outbox_items().unwrap().is_empty(), "nothing queued");
    assert_eq!(
        sb.control()
            .requests()
            .iter()
            .filter(|r| r.method != "GET")
            .count(),
        0,
        "nothing sent to Google"
    );
    let e = f.app.list_sharing(PRACTITIONER).await.unwrap_err();
    assert_eq!(code(e), ErrorCode::Forbidden);
}

/// What the answers say the account may do is what the core lets it do: the secretary
/// (`writer`) acts on bookings and drags those still to come that have a length; a reader does
/// neither. The activity log and the booking say « vous » for the account's own edits.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_answers_say_who_may_act_on_a_booking_and_which_ones_drag() {
    // The secretary's app reads a pinned instant (Monday 2 March 2026, 09:00 in Paris).
    let now: DateTime<Utc> = "2026-03-02T08:00:00Z".parse().unwrap();
    for (role, may_act) in [("writer", true), ("reader", false)] {
        let sb = sandbox().await;
        let insert = |e: Value| {
            sb.control().insert_event(PRACTITIONER, e)["id"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        let ahead = insert(booking_at(now + Duration::days(3), "Martin"));
        let started = insert(booking_at(now - Duration::minutes(15), "Petit"));
        let mut flat = booking_at(now + Duration::days(4), "Durand");
        flat["end"] = flat["start"].clone();
        let flat = insert(flat);
        let dir = tempfile::tempdir().unwrap();
        let app = crate::reminders::app_on(
            &dir.path().join("rdv.sqlite3"),
            Arc::new(FixedClock::new(now.into())),
            Arc::new(RecordingNotifier::default()),
            Arc::new(MemorySecretStore::default()),
        );
        link_secretary(&sb, role, &app).await;
        // A reader's calendar is not shown until chosen.
        app.set_calendar_selected(PRACTITIONER, true).unwrap();
        app.sync_now().await;

        let events = app
            .agenda_events(
                &(now - Duration::days(3)).to_rfc3339(),
                &(now + Duration::days(6)).to_rfc3339(),
            )
            .unwrap();
        let of = |id: &str| {
            events
                .iter()
                .find(|e| e.id == *id)
                .unwrap_or_else(|| panic!("{role}: {id} in the agenda"))
        };
        for id in [&ahead, &started, &flat] {
            assert_eq!(of(id).can_edit, may_act, "{role}: {id}");
        }
        assert_eq!(of(&ahead).can_move, may_act, "{role}: a booking to come");
        assert!(!of(&started).can_move, "{role}: a booking already started");
        assert!(!of(&flat).can_move, "{role}: a booking with no length");

        let details = app.booking_details(PRACTITIONER, &ahead).unwrap().unwrap();
        assert_eq!(details.can_edit, may_act, "{role}");
        let acted = app
            .act_on_booking(
                PRACTITIONER,
                &ahead,
                BookingAction::Attendance {
                    status: Some(Attendance::Absent),
                },
            )
            .await;
        assert_eq!(acted.is_ok(), details.can_edit, "{role}: the core agrees");
        if may_act {
            let log = app.activity_log(10).unwrap();
            let mine = log
                .iter()
                .find(|e| e.event_id == ahead && e.origin == "app")
                .expect("the edit in the log");
            assert!(mine.by_you, "the account's own edit");
            let after = app.booking_details(PRACTITIONER, &ahead).unwrap().unwrap();
            assert!(
                after.edited_by.is_some() && after.edited_by_you,
                "{after:?}"
            );
            assert!(
                log.iter().all(|e| e.by_you == (e.origin == "app")),
                "only the account's edits are its own: {log:?}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_concurrent_edit_gives_a_412_the_secretary_resolves_without_loss() {
    let sb = sandbox().await;
    let id = sb
        .control()
        .insert_event(PRACTITIONER, booking(3, "Martin"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let f = secretary(&sb, "writer").await;

    // The practitioner moves it in Google Calendar meanwhile (the secretary's cache is stale).
    let start: DateTime<Utc> = event(&sb, &id)["start"]["dateTime"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let owner_start = start + Duration::hours(2);
    sb.control().patch_event(
        PRACTITIONER,
        &id,
        json!({
            "start": {"dateTime": owner_start.to_rfc3339(), "timeZone": "Europe/Paris"},
            "end": {"dateTime": (owner_start + Duration::minutes(30)).to_rfc3339(), "timeZone": "Europe/Paris"},
        }),
    );
    let outcome = f
        .app
        .act_on_booking(
            PRACTITIONER,
            &id,
            BookingAction::Note {
                text: "Rappeler la veille".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(outcome.state, ActionState::Failed, "{outcome:?}");
    let message = outcome.message.unwrap();
    assert!(message.contains("déplacé entre-temps"), "{message}");
    assert!(outcome.item.failed, "kept, not dropped");
    assert_eq!(outcome.item.error.as_deref(), Some(message.as_str()));
    // Kept in both languages: whoever reads the outbox later reads it in theirs.
    f.app.set_language(rdv_core::Language::En).unwrap();
    let english = f.app.outbox_items().unwrap()[0].error.clone().unwrap();
    assert!(english.contains("moved meanwhile"), "{english}");
    f.app.set_language(rdv_core::Language::Fr).unwrap();
    assert!(
        event(&sb, &id)["extendedProperties"]["private"]
            .get("rdv.note")
            .is_none(),
        "never forced over the other edit"
    );

    // After looking, she retries: applied on the new version, the owner's move kept.
    let left = f.app.retry_outbox_item(outcome.item.seq).await.unwrap();
    assert!(left.is_empty(), "{left:?}");
    let now = event(&sb, &id);
    assert_eq!(
        now["extendedProperties"]["private"]["rdv.note"],
        "Rappeler la veille"
    );
    assert_eq!(now["extendedProperties"]["private"]["rdv.actor"], SECRETARY);
    let kept: DateTime<Utc> = now["start"]["dateTime"].as_str().unwrap().parse().unwrap();
    assert_eq!(kept, owner_start, "the owner's move is not lost");
    let log = f.app.activity_log(10).unwrap();
    assert!(
        log.iter()
            .any(|a| a.action == "note" && a.actor == SECRETARY && a.origin == "app")
    );
    assert!(
        log.iter()
            .any(|a| a.action == "moved" && a.origin == "google"),
        "the move seen in Google is in the log too: {log:?}"
    );
}

/// What the test expects of each booking after the queue is replayed.
#[derive(Debug, Clone, Default)]
struct Expected {
    start: Option<DateTime<Utc>>,
    note: Option<String>,
    attendance: Option<&'static str>,
    cancelled: bool,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_offline_queue_of_mixed_edits_is_replayed_in_order_exactly_once_through_faults() {
    let sb = sandbox().await;
    let ids: Vec<String> = (0..6)
        .map(|i| {
            sb.control()
                .insert_event(PRACTITIONER, booking(2 + i, &format!("Patient{i}")))["id"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    let f = secretary(&sb, "writer").await;
    let mut rng = fastrand::Rng::with_seed(0x5244_5635);
    let base = Utc.from_utc_datetime(
        &(Utc::now() + Duration::days(20))
            .date_naive()
            .and_hms_opt(7, 0, 0)
            .unwrap(),
    );

    // Offline: every request fails at the network level.
    sb.control()
        .inject(Fault::new("/", FaultKind::DropConnection).times(100_000));
    let mut expected: Vec<Expected> = vec![Expected::default(); ids.len()];
    let mut queued = 0;
    for step in 0..24 {
        let i = rng.usize(..ids.len());
        if expected[i].cancelled {
            continue;
        }
        let action = match rng.u8(..4) {
            0 => {
                let start =
                    base + Duration::minutes(30 * i64::from(step)) + Duration::days(i as i64);
                expected[i].start = Some(start);
                BookingAction::Move {
                    start: start.to_rfc3339(),
                    force: true,
                }
            }
            1 => {
                let text = format!("note {step}");
                expected[i].note = Some(text.clone());
                BookingAction::Note { text }
            }
            2 => {
                let (status, word) = if rng.bool() {
                    (Attendance::Absent, "absent")
                } else {
                    (Attendance::Excused, "excused")
                };
                expected[i].attendance = Some(word);
                BookingAction::Attendance {
                    status: Some(status),
                }
            }
            _ => {
                expected[i].cancelled = true;
                BookingAction::Cancel {
                    reason: Some("Empêchement".into()),
                }
            }
        };
        let outcome = f
            .app
            .act_on_booking(PRACTITIONER, &ids[i], action)
            .await
            .unwrap();
        assert_eq!(outcome.state, ActionState::Queued, "offline: {outcome:?}");
        queued += 1;
    }
    assert_eq!(
        f.app.outbox_items().unwrap().len(),
        queued,
        "every edit waits, none dropped"
    );

    // Back online, through flaky answers: lost answers of applied writes, dropped connections,
    // server errors — chosen by the seeded generator.
    sb.control().clear_faults();
    let mut passes = 0;
    while !f.app.outbox_items().unwrap().is_empty() {
        passes += 1;
        assert!(passes < 200, "the queue drains: {:?}", f.app.outbox_items());
        let kind = match rng.u8(..4) {
            0 => FaultKind::MalformedBody,
            1 => FaultKind::DropConnection,
            2 => FaultKind::Status {
                status: 503,
                reason: "backendError".into(),
            },
            _ => FaultKind::Delay(std::time::Duration::from_millis(1)),
        };
        sb.control().inject(
            Fault::new("/events/", kind)
                .on("PATCH")
                .times(rng.u32(1..3)),
        );
        f.app.flush_outbox().await;
        let failed: Vec<_> = f
            .app
            .outbox_items()
            .unwrap()
            .into_iter()
            .filter(|i| i.failed)
            .collect();
        assert!(
            failed.is_empty(),
            "no edit may fail on its own replay: {failed:?}"
        );
    }
    sb.control().clear_faults();

    for (i, id) in ids.iter().enumerate() {
        let e = event(&sb, id);
        let want = &expected[i];
        let private = &e["extendedProperties"]["private"];
        assert_eq!(
            e["status"] == "cancelled",
            want.cancelled,
            "booking {i}: {e}"
        );
        if let Some(start) = want.start {
            let got: DateTime<Utc> = e["start"]["dateTime"].as_str().unwrap().parse().unwrap();
            assert_eq!(got, start, "booking {i}: the last move wins");
        }
        assert_eq!(
            private.get("rdv.note").and_then(Value::as_str),
            want.note.as_deref(),
            "booking {i}"
        );
        assert_eq!(
            private.get("rdv.attendance").and_then(Value::as_str),
            want.attendance,
            "booking {i}"
        );
    }
    let applied = f
        .app
        .activity_log(1000)
        .unwrap()
        .into_iter()
        .filter(|a| a.origin == "app")
        .count();
    assert_eq!(applied, queued, "each edit logged exactly once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_access_token_refused_while_the_outbox_is_flushed_is_renewed_once_and_the_edit_applied()
{
    let sb = sandbox().await;
    let id = sb.control().insert_event(PRACTITIONER, booking(3, "Petit"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let f = fixture();
    f.app.link_sandbox(&sb.base_url()).await.unwrap();
    f.app.sync_now().await;

    // Google's clock runs ahead: the access token the app holds has expired there (401).
    sb.control()
        .advance_time(std::time::Duration::from_secs(2 * 3600));
    sb.control().reset_requests();
    let outcome = f
        .app
        .act_on_booking(
            PRACTITIONER,
            &id,
            BookingAction::Note {
                text: "Rappeler la veille".into(),
            },
        )
        .await
        .unwrap();
    assert_eq!(outcome.state, ActionState::Applied, "{outcome:?}");
    assert_eq!(
        event(&sb, &id)["extendedProperties"]["private"]["rdv.note"],
        "Rappeler la veille"
    );
    let requests: Vec<String> = sb
        .control()
        .requests()
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    let patches = requests.iter().filter(|r| r.starts_with("PATCH")).count();
    let refreshes = requests
        .iter()
        .filter(|r| r.as_str() == "POST /token")
        .count();
    assert_eq!(
        (patches, refreshes),
        (2, 1),
        "refused once, token renewed once, sent again: {requests:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_seen_in_google_is_logged_and_alerted_once_even_when_its_batch_failed_to_apply() {
    let sb = sandbox().await;
    let id = sb
        .control()
        .insert_event(PRACTITIONER, booking(3, "Martin"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let f = fixture();
    f.app.link_sandbox(&sb.base_url()).await.unwrap();
    f.app.sync_now().await;
    let alerts_before = f.shown.shown().len();

    // The site cancels the booking; the next batch cannot be written (the disk refuses the
    // commit's last step), so the whole batch must leave no trace.
    sb.control().delete_event(PRACTITIONER, &id);
    let raw = rusqlite::Connection::open(&f.db).unwrap();
    raw.execute_batch(
        "CREATE TRIGGER refuse_token BEFORE UPDATE OF sync_token ON calendars
         WHEN NEW.sync_token IS NOT NULL AND NEW.sync_token IS NOT OLD.sync_token
         BEGIN SELECT RAISE(ABORT, 'disk refused (test)'); END;",
    )
    .unwrap();
    let status = f.app.sync_now().await;
    assert_eq!(status.state, rdv_app::ipc::SyncState::Error, "{status:?}");
    assert!(
        f.app.activity_log(10).unwrap().is_empty(),
        "nothing logged from a batch that was not applied"
    );
    assert_eq!(
        f.shown.shown().len(),
        alerts_before,
        "no alert before the batch is committed"
    );

    // The disk is back: the same change comes again and is logged and alerted once.
    raw.execute_batch("DROP TRIGGER refuse_token;").unwrap();
    let status = f.app.sync_now().await;
    assert_eq!(status.state, rdv_app::ipc::SyncState::Idle, "{status:?}");
    let log = f.app.activity_log(10).unwrap();
    assert_eq!(
        log.iter()
            .filter(|a| a.event_id == id && a.action == "cancelled")
            .count(),
        1,
        "{log:?}"
    );
    let cancelled: Vec<_> = f.shown.shown()[alerts_before..]
        .iter()
        .filter(|n| n.title == "Rendez-vous annulé")
        .cloned()
        .collect();
    assert_eq!(cancelled.len(), 1, "{cancelled:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bookings_cancelled_or_moved_directly_in_google_are_shown_and_a_network_error_is_not_a_cancellation()
 {
    let sb = sandbox().await;
    let kept = sb
        .control()
        .insert_event(PRACTITIONER, booking(3, "Martin"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let moved = sb
        .control()
        .insert_event(PRACTITIONER, booking(4, "Durand"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let f = fixture();
    f.app.link_sandbox(&sb.base_url()).await.unwrap();
    f.app.sync_now().await;

    // Offline: the sync fails, nothing is taken for a cancellation.
    sb.control()
        .inject(Fault::new("/events", FaultKind::DropConnection).times(100));
    let status = f.app.sync_now().await;
    assert_eq!(status.state, rdv_app::ipc::SyncState::Offline);
    sb.control().clear_faults();
    assert!(
        f.app.activity_log(10).unwrap().is_empty(),
        "no change seen offline"
    );
    assert_eq!(
        f.app.upcoming_bookings(None).unwrap().len(),
        2,
        "the cache is intact"
    );

    // The site cancels one, the practitioner moves the other in Google Calendar.
    sb.control().delete_event(PRACTITIONER, &kept);
    let start: DateTime<Utc> = event(&sb, &moved)["start"]["dateTime"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    let later = start + Duration::hours(1);
    sb.control().patch_event(
        PRACTITIONER,
        &moved,
        json!({
            "start": {"dateTime": later.to_rfc3339(), "timeZone": "Europe/Paris"},
            "end": {"dateTime": (later + Duration::minutes(30)).to_rfc3339(), "timeZone": "Europe/Paris"},
        }),
    );
    f.app.sync_now().await;
    let log = f.app.activity_log(10).unwrap();
    let cancelled = log
        .iter()
        .find(|a| a.event_id == kept)
        .expect("the cancellation is shown");
    assert_eq!(
        (cancelled.action.as_str(), cancelled.origin.as_str()),
        ("cancelled", "google")
    );
    let seen_move = log
        .iter()
        .find(|a| a.event_id == moved)
        .expect("the move is shown");
    assert_eq!(seen_move.action, "moved");
    let to: DateTime<Utc> = seen_move.to.as_deref().unwrap().parse().unwrap();
    assert_eq!(to, later);
    assert_eq!(log.len(), 2, "one entry each: {log:?}");
}
