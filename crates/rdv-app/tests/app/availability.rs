//! Availability against the sandbox: a template published to the calendar, re-published with no
//! write, edited with the fewest writes, an interrupted publish resumed without duplicates, the
//! demo configuration matching the demo calendar, and the owner-only rule (PRODUCT.md art. 4.3)
//! enforced for a secretary linked with her own account.

use crate::fixture;
use rdv_app::ipc::{AccessRole, ErrorCode, PlanAction};
use rdv_core::availability::{Day, FileFormat, PracticeConfig};
use rdv_sandbox::{
    Consent, Fault, FaultKind, PRACTITIONER, SECRETARY, Sandbox, SandboxConfig, Seed,
};
use serde_json::Value;

const CONFIG: &str = r#"
[[appointmentTypes]]
id = "consultation"
name = "Consultation"
durationMinutes = 30

[[templates]]
id = "semaine"
[[templates.ranges]]
days = ["lundi", "mardi", "jeudi"]
start = "09:00"
end = "12:30"
[[templates.ranges]]
days = ["jeudi"]
start = "14:00"
end = "18:00"
"#;

pub(crate) fn config() -> PracticeConfig {
    PracticeConfig::parse(CONFIG, FileFormat::Toml).unwrap()
}

async fn sandbox(seed: Seed, approve: &str) -> Sandbox {
    Sandbox::start(SandboxConfig {
        port: 0,
        seed,
        consent: Consent::Approve(approve.to_owned()),
    })
    .await
    .unwrap()
}

/// The live availability masters and single events in the sandbox calendar.
pub(crate) fn published(sb: &Sandbox) -> Vec<Value> {
    sb.control()
        .events(PRACTITIONER)
        .into_iter()
        .filter(|e| {
            e["status"] != "cancelled"
                && e.get("recurringEventId").is_none()
                && e["extendedProperties"]["private"]["rdv.kind"] == "availability"
        })
        .collect()
}

fn writes(sb: &Sandbox) -> usize {
    sb.control()
        .requests()
        .iter()
        .filter(|r| r.method != "GET" && r.path.contains("/calendar/v3/"))
        .count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_template_is_published_re_published_for_free_and_an_edit_costs_one_write_and_its_configuration()
 {
    let sb = sandbox(Seed::Empty, PRACTITIONER).await;
    sb.control().add_account(PRACTITIONER, "Dr Camille Laurent");
    let f = fixture();
    f.app.link_sandbox(&sb.base_url()).await.unwrap();
    f.app.sync_now().await;

    let state = f.app.save_availability(PRACTITIONER, config()).unwrap();
    assert_eq!(state.role, AccessRole::Owner);
    assert!(state.problems.is_empty(), "{:?}", state.problems);
    assert!(state.unpublished_changes, "saved, never published");

    let plan = f.app.plan_publish(PRACTITIONER).await.unwrap();
    assert_eq!(
        plan.creates, 4,
        "one weekly series per range and weekday: {plan:#?}"
    );
    assert_eq!(plan.writes, 5, "and the calendar's configuration event");
    assert!(plan.changes.iter().all(|c| c.action != PlanAction::Delete));
    sb.control().reset_requests();
    let outcome = f
        .app
        .publish_availability(PRACTITIONER, &plan.fingerprint, false)
        .await
        .unwrap();
    assert_eq!(
        outcome.writes, plan.writes,
        "what was shown is what was written"
    );
    assert_eq!(
        writes(&sb),
        plan.writes as usize,
        "counted at the sandbox too"
    );
    let events = published(&sb);
    assert_eq!(events.len(), 4);
    for e in &events {
        assert_eq!(
            e["transparency"], "transparent",
            "availability never blocks time"
        );
        assert_eq!(e["visibility"], "private");
        assert_eq!(
            e["extendedProperties"]["private"]["rdv.template"],
            "semaine"
        );
        assert!(
            e["recurrence"][0]
                .as_str()
                .is_some_and(|r| r.starts_with("RRULE:FREQ=WEEKLY;BYDAY=") && r.contains(";UNTIL=")),
            "{e}"
        );
    }
    assert!(
        !f.app
            .availability(PRACTITIONER)
            .await
            .unwrap()
            .unpublished_changes
    );

    // Re-publishing the unchanged configuration writes nothing.
    let again = f.app.plan_publish(PRACTITIONER).await.unwrap();
    assert_eq!(again.writes, 0, "{again:#?}");
    assert_eq!(again.summary_fr, "Aucun changement");
    sb.control().reset_requests();
    let outcome = f
        .app
        .publish_availability(PRACTITIONER, &again.fingerprint, false)
        .await
        .unwrap();
    assert_eq!(outcome.writes, 0);
    assert_eq!(writes(&sb), 0, "not one write reached Google");

    // Ending the Thursday afternoon at 17:00 patches that one series.
    let mut edited = config();
    edited.templates[0].ranges[1].end = "17:00".parse().unwrap();
    f.app.save_availability(PRACTITIONER, edited).unwrap();
    let plan = f.app.plan_publish(PRACTITIONER).await.unwrap();
    assert_eq!(
        (plan.creates, plan.updates, plan.deletes, plan.writes),
        (0, 1, 0, 2),
        "the series, and the configuration event that describes it: {plan:#?}"
    );
    assert!(
        plan.changes[0].fields.contains(&"end".to_owned()),
        "{:?}",
        plan.changes[0].fields
    );
    sb.control().reset_requests();
    f.app
        .publish_availability(PRACTITIONER, &plan.fingerprint, false)
        .await
        .unwrap();
    assert_eq!(writes(&sb), 2);
    let thursday_pm = published(&sb)
        .into_iter()
        .find(|e| {
            e["start"]["dateTime"]
                .as_str()
                .is_some_and(|s| s.contains("T14:00"))
        })
        .expect("the afternoon series");
    assert!(
        thursday_pm["end"]["dateTime"]
            .as_str()
            .unwrap()
            .contains("T17:00"),
        "{thursday_pm}"
    );
    assert_eq!(published(&sb).len(), 4, "patched, not duplicated");
    assert_eq!(f.app.plan_publish(PRACTITIONER).await.unwrap().writes, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interrupted_publish_resumes_without_duplicates() {
    let sb = sandbox(Seed::Empty, PRACTITIONER).await;
    sb.control().add_account(PRACTITIONER, "Dr Camille Laurent");
    let f = fixture();
    f.app.link_sandbox(&sb.base_url()).await.unwrap();
    f.app.sync_now().await;
    f.app.save_availability(PRACTITIONER, config()).unwrap();
    let plan = f.app.plan_publish(PRACTITIONER).await.unwrap();

    // The second insert is applied by Google but its answer is lost: the publish stops there.
    sb.control()
        .inject(Fault::new("/events", FaultKind::DropConnection).on("POST"));
    sb.control()
        .inject(Fault::new("/events", FaultKind::MalformedBody).on("POST"));
    let failed = f
        .app
        .publish_availability(PRACTITIONER, &plan.fingerprint, false)
        .await;
    assert!(failed.is_err(), "the garbled answer stops the publish");
    let partial = published(&sb).len();
    assert!(
        (1..4).contains(&partial),
        "some events were written: {partial}"
    );
    assert!(
        f.app
            .availability(PRACTITIONER)
            .await
            .unwrap()
            .unpublished_changes
    );

    let resumed = f.app.plan_publish(PRACTITIONER).await.unwrap();
    assert_eq!(
        resumed.creates as usize,
        4 - partial,
        "the events already written are recognised by their ids"
    );
    assert_ne!(
        resumed.fingerprint, plan.fingerprint,
        "a new plan to confirm"
    );
    let stale = f
        .app
        .publish_availability(PRACTITIONER, &plan.fingerprint, false)
        .await
        .unwrap_err();
    assert_eq!(stale.code(), ErrorCode::PlanChanged);
    f.app
        .publish_availability(PRACTITIONER, &resumed.fingerprint, false)
        .await
        .unwrap();
    assert_eq!(published(&sb).len(), 4, "no duplicate");
    assert_eq!(f.app.plan_publish(PRACTITIONER).await.unwrap().writes, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_configuration_extends_the_demo_calendars_series_instead_of_duplicating_them() {
    let f = crate::linked_demo().await;
    let state = f.app.availability(PRACTITIONER).await.unwrap();
    assert_eq!(
        state.config.appointment_types.len(),
        3,
        "seeded at demo start"
    );
    assert!(state.problems.is_empty(), "{:?}", state.problems);
    let plan = f.app.plan_publish(PRACTITIONER).await.unwrap();
    assert_eq!(
        plan.creates, 0,
        "every range matches a seeded series: {plan:#?}"
    );
    assert_eq!(plan.deletes, 0, "{plan:#?}");
    assert_eq!(
        plan.updates, 8,
        "each series gets its longer UNTIL: {plan:#?}"
    );
    assert!(
        plan.changes
            .iter()
            .filter(|c| c.action == PlanAction::Update)
            .all(|c| c.fields == ["recurrence"]),
        "{plan:#?}"
    );
    f.app
        .publish_availability(PRACTITIONER, &plan.fingerprint, false)
        .await
        .unwrap();
    assert_eq!(f.app.plan_publish(PRACTITIONER).await.unwrap().writes, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secretary_may_maintain_appointment_types_but_never_open_new_time() {
    let now = std::time::SystemTime::now();
    let sb = sandbox(Seed::Demo { now: now.into() }, SECRETARY).await;
    let f = fixture();
    f.app.link_sandbox(&sb.base_url()).await.unwrap();
    f.app.sync_now().await;
    // The demo shares the agenda (an ACL rule); she adds it to her list.
    f.app.add_shared_calendar(PRACTITIONER).await.unwrap();
    let state = f.app.availability(PRACTITIONER).await.unwrap();
    assert_eq!(
        state.role,
        AccessRole::Writer,
        "the demo shares the agenda as writer"
    );
    assert!(!state.can_create && state.can_modify);

    // Appointment types alone open no time: a secretary may maintain them.
    let mut types_only = config();
    types_only.templates.clear();
    let saved = f.app.save_availability(PRACTITIONER, types_only.clone());
    assert!(saved.is_ok(), "{saved:?}");

    // A weekly range would open new time: refused, with the rule in words, and nothing saved.
    let err = f.app.save_availability(PRACTITIONER, config()).unwrap_err();
    let err = err.into_ipc(rdv_core::Language::Fr);
    assert_eq!(err.code, ErrorCode::Forbidden);
    assert!(err.message.contains("Seul le titulaire"), "{}", err.message);
    assert_eq!(
        f.app.availability(PRACTITIONER).await.unwrap().config,
        types_only,
        "the refused change was not saved"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_configuration_with_a_problem_is_kept_and_its_problem_told_in_french_and_english() {
    let sb = sandbox(Seed::Empty, PRACTITIONER).await;
    sb.control().add_account(PRACTITIONER, "Dr Camille Laurent");
    let f = fixture();
    f.app.link_sandbox(&sb.base_url()).await.unwrap();
    f.app.sync_now().await;

    let mut overlapping = config();
    // Thursday 09:00–12:30 already; 12:00–13:00 overlaps it.
    let mut extra = overlapping.templates[0].ranges[1].clone();
    extra.start = "12:00".parse().unwrap();
    extra.end = "13:00".parse().unwrap();
    overlapping.templates[0].ranges.push(extra);

    let state = f.app.save_availability(PRACTITIONER, overlapping).unwrap();
    let [problem] = state.problems.as_slice() else {
        panic!("one problem: {:?}", state.problems)
    };
    assert_eq!(problem.code, "range.overlap");
    assert_eq!(problem.path, "templates[0].ranges[2]");
    assert!(problem.message.contains("jeudi"), "{}", problem.message);
    assert!(
        problem.message_en.contains("Thursday"),
        "{}",
        problem.message_en
    );
    // Kept as a draft: reading it back gives the same problem.
    let again = f.app.availability(PRACTITIONER).await.unwrap();
    assert_eq!(again.problems, state.problems);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_over_the_size_cap_is_refused_unread_with_the_limit_and_nothing_changes() {
    let sb = sandbox(Seed::Empty, PRACTITIONER).await;
    sb.control().add_account(PRACTITIONER, "Dr Camille Laurent");
    let f = fixture();
    f.app.link_sandbox(&sb.base_url()).await.unwrap();
    f.app.sync_now().await;
    let saved = f.app.save_availability(PRACTITIONER, config()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let huge = dir.path().join("enorme.toml");
    // A sparse file one byte over 4 MiB: refused by its size, never read.
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(rdv_core::import::MAX_IMPORT_BYTES + 1)
        .unwrap();
    let err = f.app.import_availability(PRACTITIONER, &huge).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("fichier trop volumineux : 4194305 octets, la limite est de 4 Mio"),
        "{text}"
    );
    let after = f.app.availability(PRACTITIONER).await.unwrap();
    assert_eq!(after.config, saved.config, "nothing imported");
    assert_eq!(after.saved_at, saved.saved_at);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn checking_a_configuration_gives_the_problems_saving_it_would_give_and_saves_nothing() {
    let sb = sandbox(Seed::Empty, PRACTITIONER).await;
    sb.control().add_account(PRACTITIONER, "Dr Camille Laurent");
    let f = fixture();
    f.app.link_sandbox(&sb.base_url()).await.unwrap();
    f.app.sync_now().await;
    let saved = f.app.save_availability(PRACTITIONER, config()).unwrap();
    assert!((1..=53).contains(&saved.this_week));
    assert_eq!(
        saved.this_week_parity,
        if saved.this_week % 2 == 1 {
            rdv_app::ipc::WeekParity::Odd
        } else {
            rdv_app::ipc::WeekParity::Even
        },
        "the hint's parity is the week number's"
    );

    let mut wrong = config();
    let mut twin = wrong.appointment_types[0].clone();
    twin.id = "autre".into();
    twin.name = format!(" {} ", twin.name.to_uppercase());
    twin.duration_minutes = 25 * 60;
    wrong.appointment_types.push(twin);
    let mut range = wrong.templates[0].ranges[0].clone();
    range.end = range.start;
    wrong.templates[0].ranges.push(range);

    let checked = f.app.check_availability(PRACTITIONER, &wrong).unwrap();
    let codes: Vec<_> = checked.iter().map(|p| p.code.as_str()).collect();
    for code in ["type.duplicateName", "type.durationTooLong", "range.empty"] {
        assert!(codes.contains(&code), "{code} in {checked:?}");
    }
    let after = f.app.availability(PRACTITIONER).await.unwrap();
    assert_eq!(after.config, saved.config, "checking saved nothing");
    assert_eq!(after.saved_at, saved.saved_at);
    // The same validation as saving: the answer save would give, problem for problem.
    let state = f.app.save_availability(PRACTITIONER, wrong).unwrap();
    assert_eq!(state.problems, checked);
    assert!(
        f.app
            .check_availability("inconnu@example.org", &config())
            .is_err(),
        "an unknown calendar is refused"
    );
}

/// An installation linked to the account `sb` approves, synced.
async fn computer(sb: &Sandbox) -> crate::Fixture {
    let f = fixture();
    f.app.link_sandbox(&sb.base_url()).await.unwrap();
    f.app.sync_now().await;
    f
}

/// Plans and publishes what `f` has saved (no removal to confirm).
async fn publish_saved(f: &crate::Fixture) {
    let plan = f.app.plan_publish(PRACTITIONER).await.unwrap();
    f.app
        .publish_availability(PRACTITIONER, &plan.fingerprint, false)
        .await
        .unwrap();
}

/// The configuration event the calendar holds (`rdv.kind=config`), if any.
fn configuration_event(sb: &Sandbox) -> Option<Value> {
    sb.control().events(PRACTITIONER).into_iter().find(|e| {
        e["status"] != "cancelled" && e["extendedProperties"]["private"]["rdv.kind"] == "config"
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_installation_starts_from_what_the_calendar_holds_and_none_can_wipe_it_by_publishing_an_empty_editor()
 {
    let sb = sandbox(Seed::Empty, PRACTITIONER).await;
    sb.control().add_account(PRACTITIONER, "Dr Camille Laurent");
    sb.control().add_account(SECRETARY, "Secrétariat");
    sb.control().grant(PRACTITIONER, SECRETARY, "writer");

    // The practitioner's first computer publishes her week.
    let first = computer(&sb).await;
    first.app.save_availability(PRACTITIONER, config()).unwrap();
    publish_saved(&first).await;
    assert_eq!(published(&sb).len(), 4);
    assert!(
        configuration_event(&sb).is_some(),
        "the configuration is kept in the calendar, beside the ranges"
    );

    // Her new laptop (another database, same account): the editor shows what is published,
    // appointment types included, and re-publishing writes nothing.
    let laptop = computer(&sb).await;
    let state = laptop.app.availability(PRACTITIONER).await.unwrap();
    assert_eq!(state.config, config(), "the published configuration");
    assert!(!state.unpublished_changes);
    assert_eq!(
        laptop.app.plan_publish(PRACTITIONER).await.unwrap().writes,
        0,
        "nothing to write from the second computer"
    );

    // Emptied on the laptop: the plan says it deletes everything, and publishing needs the
    // second confirmation; without it nothing is written.
    laptop
        .app
        .save_availability(PRACTITIONER, PracticeConfig::default())
        .unwrap();
    let wipe = laptop.app.plan_publish(PRACTITIONER).await.unwrap();
    let removal = wipe.removal.clone().expect("a removal to confirm");
    assert_eq!((removal.deleted, removal.published), (4, 4), "{wipe:#?}");
    assert!(
        removal
            .message
            .contains("supprime toutes les disponibilités publiées"),
        "{}",
        removal.message
    );
    sb.control().reset_requests();
    let refused = laptop
        .app
        .publish_availability(PRACTITIONER, &wipe.fingerprint, false)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::RemovalNotConfirmed);
    assert_eq!(
        writes(&sb),
        0,
        "nothing written without the second confirmation"
    );
    assert_eq!(published(&sb).len(), 4);
    laptop
        .app
        .save_availability(PRACTITIONER, config())
        .unwrap();

    // The secretary's installation starts from the same configuration.
    sb.control()
        .set_consent(Consent::Approve(SECRETARY.to_owned()));
    let desk = computer(&sb).await;
    desk.app.add_shared_calendar(PRACTITIONER).await.unwrap();
    let state = desk.app.availability(PRACTITIONER).await.unwrap();
    assert_eq!(state.role, AccessRole::Writer);
    assert_eq!(state.config, config(), "she sees what is published");

    // She may shorten a range (Thursday afternoon ends at 17:00) and publish it…
    let mut shorter = config();
    shorter.templates[0].ranges[1].end = "17:00".parse().unwrap();
    desk.app
        .save_availability(PRACTITIONER, shorter.clone())
        .unwrap();
    let plan = desk.app.plan_publish(PRACTITIONER).await.unwrap();
    assert_eq!((plan.updates, plan.deletes), (1, 0), "{plan:#?}");
    desk.app
        .publish_availability(PRACTITIONER, &plan.fingerprint, false)
        .await
        .unwrap();

    // …cancel one (no more Tuesday mornings)…
    let mut fewer = shorter.clone();
    fewer.templates[0].ranges[0]
        .days
        .retain(|d| *d != Day::Tuesday);
    assert_eq!(fewer.templates[0].ranges[0].days.len(), 2);
    desk.app
        .save_availability(PRACTITIONER, fewer.clone())
        .unwrap();
    let plan = desk.app.plan_publish(PRACTITIONER).await.unwrap();
    assert_eq!(plan.deletes, 1, "{plan:#?}");
    assert!(plan.removal.is_none(), "one of four: no removal warning");
    desk.app
        .publish_availability(PRACTITIONER, &plan.fingerprint, false)
        .await
        .unwrap();
    assert_eq!(published(&sb).len(), 3);

    // …but never lengthen one: that is new time (PRODUCT.md art. 4.3), refused and not saved.
    let mut longer = fewer.clone();
    longer.templates[0].ranges[1].end = "19:00".parse().unwrap();
    let err = desk
        .app
        .save_availability(PRACTITIONER, longer)
        .unwrap_err();
    assert_eq!(err.code(), ErrorCode::Forbidden);
    assert_eq!(
        desk.app.availability(PRACTITIONER).await.unwrap().config,
        fewer
    );

    // The practitioner's first computer follows what her secretary published.
    let state = first.app.availability(PRACTITIONER).await.unwrap();
    assert_eq!(
        state.config, fewer,
        "the calendar's configuration, not a local file"
    );
    assert!(!state.unpublished_changes);
    assert_eq!(
        first.app.plan_publish(PRACTITIONER).await.unwrap().writes,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn availability_published_without_its_configuration_is_never_deleted_from_another_computer() {
    let sb = sandbox(Seed::Empty, PRACTITIONER).await;
    sb.control().add_account(PRACTITIONER, "Dr Camille Laurent");
    let first = computer(&sb).await;
    first.app.save_availability(PRACTITIONER, config()).unwrap();
    publish_saved(&first).await;
    // As an earlier version published it: the ranges, no configuration event.
    let config_event = configuration_event(&sb).unwrap();
    sb.control()
        .delete_event(PRACTITIONER, config_event["id"].as_str().unwrap());

    let laptop = computer(&sb).await;
    let err = laptop.app.plan_publish(PRACTITIONER).await.unwrap_err();
    let err = err.into_ipc(rdv_core::Language::Fr);
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(
        err.message.contains("publiées sans leurs réglages"),
        "{}",
        err.message
    );
    assert_eq!(published(&sb).len(), 4, "nothing deleted");

    // The computer that published them still knows them: its next publish writes the
    // configuration, and the laptop can then work from it.
    let again = first.app.plan_publish(PRACTITIONER).await.unwrap();
    assert_eq!(again.writes, 1, "the configuration event alone: {again:#?}");
    first
        .app
        .publish_availability(PRACTITIONER, &again.fingerprint, false)
        .await
        .unwrap();
    assert_eq!(
        laptop.app.availability(PRACTITIONER).await.unwrap().config,
        config()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_horizon_past_the_retention_period_is_refused_with_the_type_named() {
    let sb = sandbox(Seed::Empty, PRACTITIONER).await;
    sb.control().add_account(PRACTITIONER, "Dr Camille Laurent");
    let f = fixture();
    f.app.link_sandbox(&sb.base_url()).await.unwrap();
    f.app.sync_now().await;

    let mut far = config();
    far.appointment_types[0].horizon_days = Some(150);
    let state = f.app.save_availability(PRACTITIONER, far).unwrap();
    let problem = state
        .problems
        .iter()
        .find(|p| p.code == "type.horizonBeyondRetention")
        .expect("the editor shows the rule at once");
    assert_eq!(problem.path, "appointmentTypes[0].horizonDays");
    assert!(problem.message.contains("150 jours"), "{}", problem.message);
    assert!(
        problem.message.contains("120 jours"),
        "the default retention"
    );

    let err = f.app.plan_publish(PRACTITIONER).await.unwrap_err();
    assert!(err.to_string().contains("150 jours"), "{err}");
    assert!(published(&sb).is_empty(), "nothing published");

    // 240 days of retention cover it; going back to 90 would not, and is refused.
    f.app.set_retention_days(240).await.unwrap();
    assert!(
        f.app
            .save_availability(PRACTITIONER, {
                let mut c = config();
                c.appointment_types[0].horizon_days = Some(150);
                c
            })
            .unwrap()
            .problems
            .is_empty()
    );
    let err = f.app.set_retention_days(90).await.unwrap_err();
    assert!(err.to_string().contains("150 jours"), "{err}");
    assert_eq!(f.app.retention_state().unwrap().days, 240, "unchanged");
}
