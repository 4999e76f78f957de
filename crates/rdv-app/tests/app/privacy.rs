//! Retention and erasure: with a fixed clock, retention is on by default (120 days after the
//! booking, never before the appointment has ended), the first purge leaves a notice, nothing
//! personal due under the rule remains in the store after a purge, nor in the logs; an
//! erasure request leaves no trace of the person in the store and the sandbox calendar, and
//! touches nobody else.

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rdv_app::ipc::AppInfo;
use rdv_app::{App, Ports};
use rdv_core::ports::testing::{FixedClock, MemorySecretStore, RecordingNotifier};
use rdv_sandbox::{Consent, PRACTITIONER, Sandbox, SandboxConfig, Seed};
use rdv_store::Store;
use serde_json::{Value, json};
use std::sync::Arc;

/// A booking made 10 days before its appointment (`rdv.bookedAt`), as the site writes it.
fn booking(start: DateTime<Utc>, first: &str, last: &str, email: &str, phone: &str) -> Value {
    booked(start - Duration::days(10), start, first, last, email, phone)
}

/// A booking made at `booked_at` for an appointment at `start`.
pub(crate) fn booked(
    booked_at: DateTime<Utc>,
    start: DateTime<Utc>,
    first: &str,
    last: &str,
    email: &str,
    phone: &str,
) -> Value {
    json!({
        "summary": format!("Consultation – {first} {last}"),
        "start": {"dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris"},
        "end": {"dateTime": (start + Duration::minutes(30)).to_rfc3339(), "timeZone": "Europe/Paris"},
        "extendedProperties": {"private": {"rdv.v": "1", "rdv.kind": "booking", "rdv.type": "consultation",
            "rdv.firstName": first, "rdv.lastName": last, "rdv.email": email, "rdv.phone": phone,
            "rdv.bookedAt": booked_at.to_rfc3339_opts(SecondsFormat::Secs, true)}}
    })
}

/// A sandbox with the practitioner's empty calendar and an app linked to it, its clock fixed at
/// `now` (returned), its store in memory.
pub(crate) async fn setup() -> (Sandbox, App, Arc<Store>, Arc<FixedClock>, DateTime<Utc>) {
    let sb = Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Empty,
        consent: Consent::Approve(PRACTITIONER.to_owned()),
    })
    .await
    .unwrap();
    sb.control().add_account(PRACTITIONER, "Dr Camille Laurent");
    let now = Utc::now();
    let clock = Arc::new(FixedClock::new(now.into()));
    let store = Arc::new(Store::open_in_memory().unwrap());
    let ports = Ports {
        secrets: Arc::new(MemorySecretStore::default()),
        notifier: Arc::new(RecordingNotifier::default()),
        sink: Arc::new(rdv_app::ports::NoEvents),
        browser: Arc::new(rdv_app::demo::HeadlessConsent),
        clock: clock.clone(),
        desktop: Arc::new(rdv_app::ports::NoDesktop),
    };
    let info = AppInfo {
        name: "t".into(),
        version: "0".into(),
        data_dir: String::new(),
        log_dir: String::new(),
    };
    let app = App::new(store.clone(), ports, info, None);
    app.link_sandbox(&sb.base_url()).await.unwrap();
    (sb, app, store, clock, now)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_purge_nothing_personal_older_than_the_period_remains_in_the_store() {
    let (sb, app, store, clock, now) = setup().await;
    let old = now - Duration::days(20);
    let recent = now + Duration::days(5);
    sb.control().insert_event(
        PRACTITIONER,
        booking(
            old,
            "Jeanne",
            "Martin",
            "jeanne.martin@example.fr",
            "+33612345678",
        ),
    );
    sb.control().insert_event(
        PRACTITIONER,
        booking(
            recent,
            "Louis",
            "Petit",
            "louis.petit@example.fr",
            "+33698765432",
        ),
    );
    app.sync_now().await;
    assert!(store.contains_text("Martin").unwrap());

    // 110 days later the first booking was made 140 days ago: past the default 120, which is
    // on without any choice made.
    clock.set((now + Duration::days(110)).into());
    let state = app.retention_state().unwrap();
    assert_eq!(state.days, 120);
    assert_eq!(
        (state.periods, state.default_days),
        (vec![90, 120, 240], 120)
    );
    assert_eq!(state.notice, None, "no purge has run yet");
    let preview = app.retention_preview().unwrap();
    assert_eq!(preview.count, 1, "{preview:?}");
    assert!(
        store.contains_text("Martin").unwrap(),
        "a dry run changes nothing"
    );

    assert_eq!(app.purge_now().unwrap(), 1, "on by default");
    let state = app.retention_state().unwrap();
    assert_eq!(state.log[0].bookings, 1, "the log counts, it names nobody");
    for trace in ["Jeanne", "Martin", "jeanne.martin", "612345678"] {
        assert!(
            !store.contains_text(trace).unwrap(),
            "{trace} is gone from the store"
        );
    }
    assert!(
        store.contains_text("Petit").unwrap(),
        "the recent booking is kept"
    );
    let agenda = app
        .agenda_events(
            &(old - Duration::hours(1)).to_rfc3339(),
            &(old + Duration::hours(1)).to_rfc3339(),
        )
        .unwrap();
    assert_eq!(agenda.len(), 1, "the time slot stays");
    assert_eq!(agenda[0].title, "Consultation", "with its type only");

    // A shorter period purges more at the next run.
    app.set_retention_days(90).await.unwrap();
    clock.set((now + Duration::days(100)).into());
    assert_eq!(app.purge_now().unwrap(), 1);
    assert!(!store.contains_text("Petit").unwrap());
    assert!(
        app.set_retention_days(100).await.is_err(),
        "90, 120 or 240 only"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_erasure_request_leaves_no_trace_of_the_person_in_the_store_and_the_calendar() {
    let (sb, app, store, _clock, now) = setup().await;
    for days in [2, 9] {
        sb.control().insert_event(
            PRACTITIONER,
            booking(
                now + Duration::days(days),
                "Jeanne",
                "Martin",
                "jeanne.martin@example.fr",
                "+33612345678",
            ),
        );
    }
    sb.control().insert_event(
        PRACTITIONER,
        booking(
            now - Duration::days(3),
            "Jeanne",
            "Martin",
            "Jeanne.Martin@example.fr",
            "06 12 34 56 78",
        ),
    );
    sb.control().insert_event(
        PRACTITIONER,
        booking(
            now + Duration::days(4),
            "Louis",
            "Petit",
            "louis.petit@example.fr",
            "+33698765432",
        ),
    );
    app.sync_now().await;

    let found = app
        .find_person(Some("  JEANNE.MARTIN@example.fr"), None)
        .await
        .unwrap();
    assert_eq!(found.len(), 3, "by email, whatever the case: {found:?}");
    let by_phone = app.find_person(None, Some("06 12 34 56 78")).await.unwrap();
    assert_eq!(
        by_phone.len(),
        3,
        "by phone, national or international: {by_phone:?}"
    );
    assert!(found.iter().all(|m| m.in_cache && m.in_calendar));
    assert!(
        app.find_person(Some("jeanne@"), None).await.is_err(),
        "a bad address is refused"
    );

    let report = app
        .erase_person(Some("jeanne.martin@example.fr"), Some("+33 6 12 34 56 78"))
        .await
        .unwrap();
    assert_eq!(report.calendar_events, 3, "{report:?}");
    assert!(report.report.contains("3 rendez-vous"), "{}", report.report);
    assert!(
        !report.report.contains("Martin"),
        "the report does not repeat the data"
    );
    for trace in ["Jeanne", "Martin", "jeanne.martin", "612345678"] {
        assert!(
            !store.contains_text(trace).unwrap(),
            "{trace} is gone from the store"
        );
        let in_calendar = sb
            .control()
            .events(PRACTITIONER)
            .iter()
            .any(|e| e.to_string().to_lowercase().contains(&trace.to_lowercase()));
        assert!(!in_calendar, "{trace} is gone from the calendar");
    }
    assert!(
        store.contains_text("Petit").unwrap(),
        "nobody else is touched"
    );
    assert_eq!(
        sb.control()
            .events(PRACTITIONER)
            .iter()
            .filter(|e| e["status"] != "cancelled")
            .count(),
        4,
        "the time slots stay"
    );
    assert!(
        app.find_person(Some("jeanne.martin@example.fr"), None)
            .await
            .unwrap()
            .is_empty()
    );
}

/// The sandbox's events, lower-cased, for "no trace left" checks whatever the case.
fn calendar_text(sb: &Sandbox) -> String {
    serde_json::to_string(&sb.control().events(PRACTITIONER))
        .unwrap()
        .to_lowercase()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_erasure_finds_the_person_however_typed_and_long_before_the_cache_window() {
    let (sb, app, store, _clock, now) = setup().await;
    // Older than the cache's window (31 days back): only a listing of every event finds it,
    // and its address was typed in capitals, which Google's exact property filter misses.
    let old = sb.control().insert_event(
        PRACTITIONER,
        booking(
            now - Duration::days(200),
            "Jeanne",
            "Martin",
            "JEANNE.Martin@Example.FR",
            "+33 6 12 34 56 78",
        ),
    );
    sb.control().insert_event(
        PRACTITIONER,
        booking(
            now + Duration::days(3),
            "Jeanne",
            "Martin",
            " Jeanne.Martin@example.fr",
            "0612345678",
        ),
    );
    sb.control().insert_event(
        PRACTITIONER,
        booking(
            now - Duration::days(400),
            "Louis",
            "Petit",
            "louis.petit@example.fr",
            "+33698765432",
        ),
    );
    app.sync_now().await;

    let found = app
        .find_person(Some("jeanne.martin@example.fr"), None)
        .await
        .unwrap();
    assert_eq!(
        found.len(),
        2,
        "both bookings, whatever the case: {found:?}"
    );
    let old_match = found
        .iter()
        .find(|m| m.event_id == old["id"].as_str().unwrap())
        .expect("the booking older than the cache window is found in the calendar");
    assert!(
        old_match.in_calendar && !old_match.in_cache,
        "{old_match:?}"
    );

    let report = app
        .erase_person(Some("jeanne.martin@example.fr"), None)
        .await
        .unwrap();
    assert!(report.complete, "{report:?}");
    assert_eq!(report.calendar_events, 2, "both events reached: {report:?}");
    assert_eq!(
        report.cached_bookings, 1,
        "the cache held the recent one only"
    );
    assert_eq!(report.site_records, None, "no site linked");
    assert!(
        report
            .parts
            .iter()
            .all(|p| p.step == rdv_app::ipc::ErasureStep::Done),
        "every part reached: {:?}",
        report.parts
    );
    assert!(report.report.contains("2 rendez-vous"), "{}", report.report);
    let calendar = calendar_text(&sb);
    for trace in ["jeanne", "martin", "612345678"] {
        assert!(
            !calendar.contains(trace),
            "{trace} is gone from the calendar"
        );
        assert!(
            !store.contains_text(trace).unwrap(),
            "{trace} is gone from the store"
        );
    }
    assert!(calendar.contains("louis.petit"), "nobody else is touched");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_erasure_stopped_by_a_fault_halfway_stays_pending_then_resumes_with_an_exact_report() {
    use rdv_app::ipc::{ErasurePlace, ErasureStep};
    use rdv_sandbox::{Fault, FaultKind};
    let (sb, app, store, _clock, now) = setup().await;
    for days in [-90, -2, 5] {
        sb.control().insert_event(
            PRACTITIONER,
            booking(
                now + Duration::days(days),
                "Jeanne",
                "Martin",
                "jeanne.martin@example.fr",
                "+33612345678",
            ),
        );
    }
    app.sync_now().await;
    // The first anonymising PATCH goes through (a zero delay is processed normally); every
    // later one fails: the erasure stops halfway through the calendar.
    sb.control()
        .inject(Fault::new("/events/", FaultKind::Delay(std::time::Duration::ZERO)).on("PATCH"));
    sb.control().inject(
        Fault::new(
            "/events/",
            FaultKind::Status {
                status: 500,
                reason: "backendError".into(),
            },
        )
        .on("PATCH")
        .times(1000),
    );
    let report = app
        .erase_person(None, Some("06 12 34 56 78"))
        .await
        .expect("a Google error is reported, not lost");
    assert!(!report.complete, "{report:?}");
    let part = |r: &rdv_app::ipc::ErasureReport, place| {
        r.parts.iter().find(|p| p.place == place).cloned().unwrap()
    };
    let calendar = part(&report, ErasurePlace::Calendar);
    assert_eq!(calendar.step, ErasureStep::Pending, "{calendar:?}");
    assert!(
        calendar.reason.is_some(),
        "the report says why: {calendar:?}"
    );
    let cache = part(&report, ErasurePlace::Cache);
    assert_eq!(
        cache.step,
        ErasureStep::Pending,
        "the cache waits for the calendar (a sync would bring the data back): {cache:?}"
    );
    assert!(
        report.report.contains("pas encore"),
        "the text says it is not finished: {}",
        report.report
    );
    assert_eq!(
        calendar_text(&sb).matches("jeanne.martin").count(),
        2,
        "one of the three events was anonymised before the fault"
    );
    assert_eq!(
        store.pending_erasures().unwrap().len(),
        1,
        "recorded as pending"
    );

    // Google answers again: the next resume (the poller's, after a sync) finishes the job.
    sb.control().clear_faults();
    app.sync_now().await;
    let reports = app.resume_erasures().await.unwrap();
    assert_eq!(reports.len(), 1);
    let done = &reports[0];
    assert!(done.complete, "{done:?}");
    assert_eq!(
        done.calendar_events, 3,
        "exact: the event anonymised before the fault counts too: {done:?}"
    );
    assert_eq!(
        done.cached_bookings, 2,
        "the two bookings in the cache window"
    );
    assert!(done.parts.iter().all(|p| p.step == ErasureStep::Done));
    assert!(done.report.contains("3 rendez-vous"), "{}", done.report);
    assert!(store.pending_erasures().unwrap().is_empty());
    assert!(!calendar_text(&sb).contains("jeanne"));
    for trace in ["Jeanne", "Martin", "jeanne.martin", "612345678"] {
        assert!(
            !store.contains_text(trace).unwrap(),
            "{trace} is gone from the store, the finished erasure record included"
        );
    }
    assert_eq!(
        app.retention_state().unwrap().log[0].bookings,
        2,
        "the purge log counts the cached bookings once the erasure finishes"
    );
    assert!(
        app.resume_erasures().await.unwrap().is_empty(),
        "nothing left to resume"
    );
}

/// Everything logged (every level) on this thread while the guard lives: the test runs on a
/// current-thread runtime, so the app's, the store's and the sandbox's tasks all log here.
#[derive(Clone, Default)]
struct Logs(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Logs {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Logs {
    fn capture() -> (Self, tracing::subscriber::DefaultGuard) {
        let logs = Self::default();
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        (logs, tracing::subscriber::set_default(subscriber))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).to_lowercase()
    }
}

#[tokio::test]
async fn retention_is_on_by_default_from_the_booking_never_before_the_appointment_and_logs_no_one()
{
    let (logs, _guard) = Logs::capture();
    let (sb, app, store, clock, now) = setup().await;
    let insert = |booked_days_ago: i64, start_days: i64, last: &str, phone: &str| {
        let start = now + Duration::days(start_days);
        sb.control().insert_event(
            PRACTITIONER,
            booked(
                now - Duration::days(booked_days_ago),
                start,
                "Jeanne",
                last,
                &format!("jeanne.{}@example.fr", last.to_lowercase()),
                phone,
            ),
        )["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    // Booked 130 days ago for 20 days ago: due. Booked 200 days ago for next week: kept until
    // the appointment has passed. Booked 15 days ago for 5 days ago: kept.
    let old = insert(130, -20, "Ancienne", "+33611111111");
    let future = insert(200, 7, "Futura", "+33622222222");
    insert(15, -5, "Recente", "+33633333333");
    app.sync_now().await;
    let event = |id: &str| {
        sb.control()
            .events(PRACTITIONER)
            .into_iter()
            .find(|e| e["id"] == id)
            .unwrap()
    };
    let named = |id: &str| event(id)["summary"].as_str().unwrap().contains(" – ");

    // An installation that never chose a period: the first purge runs at 120 days and says so.
    assert_eq!(app.purge_now().unwrap(), 1);
    let state = app.retention_state().unwrap();
    let notice = state.notice.expect("the first purge's notice");
    assert_eq!((notice.days, notice.bookings), (120, 1));
    let old_start = (now - Duration::days(20)).to_rfc3339_opts(SecondsFormat::Secs, true);
    assert_eq!(notice.first_start.as_deref(), Some(old_start.as_str()));
    assert_eq!(notice.last_start, notice.first_start);
    assert!(!store.contains_text("Ancienne").unwrap());
    assert!(store.contains_text("Futura").unwrap() && store.contains_text("Recente").unwrap());
    // Google: the same rule.
    assert_eq!(app.scrub_google_past().await.unwrap(), 1);
    assert!(!named(&old) && named(&future));

    // Dismissed, the notice stays gone; later purges add to the log only.
    assert_eq!(app.dismiss_retention_notice().unwrap().notice, None);
    assert_eq!(app.purge_now().unwrap(), 0);
    assert_eq!(app.retention_state().unwrap().notice, None);

    // Once next week's appointment has passed, its data goes, here and in Google.
    clock.set((now + Duration::days(7) + Duration::minutes(29)).into());
    assert_eq!(app.purge_now().unwrap(), 0, "not while it takes place");
    clock.set((now + Duration::days(7) + Duration::minutes(30)).into());
    assert_eq!(app.purge_now().unwrap(), 1);
    assert!(!store.contains_text("Futura").unwrap());
    assert_eq!(app.scrub_google_past().await.unwrap(), 1);
    assert!(!named(&future));

    // An erasure, logged too.
    let report = app
        .erase_person(Some("jeanne.recente@example.fr"), None)
        .await
        .unwrap();
    assert!(report.complete, "{report:?}");

    let text = logs.text();
    assert!(text.contains("purged"), "the purges were logged: {text}");
    for trace in [
        "jeanne",
        "ancienne",
        "futura",
        "recente",
        "example.fr",
        "611111111",
        "622222222",
        "633333333",
    ] {
        assert!(!text.contains(trace), "{trace} is in the logs");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_period_the_practitioner_chose_is_kept_when_retention_turns_on() {
    let (sb, app, store, clock, now) = setup().await;
    app.set_retention_days(240).await.unwrap();
    sb.control().insert_event(
        PRACTITIONER,
        booked(
            now - Duration::days(150),
            now - Duration::days(20),
            "Jeanne",
            "Martin",
            "jeanne.martin@example.fr",
            "+33612345678",
        ),
    );
    app.sync_now().await;
    assert_eq!(app.purge_now().unwrap(), 0, "150 days < the chosen 240");
    assert_eq!(
        app.retention_state().unwrap().notice,
        None,
        "a purge that erased nothing says nothing"
    );
    clock.set((now + Duration::days(90)).into());
    assert_eq!(app.purge_now().unwrap(), 1);
    assert!(!store.contains_text("Martin").unwrap());
    // The first purge that erased a booking is the one the notice reports.
    let notice = app.retention_state().unwrap().notice.unwrap();
    assert_eq!((notice.days, notice.bookings), (240, 1));
    let start = (now - Duration::days(20)).to_rfc3339_opts(SecondsFormat::Secs, true);
    assert_eq!(notice.first_start.as_deref(), Some(start.as_str()));
}
