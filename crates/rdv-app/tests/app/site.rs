//! The booking site through the use cases, against the sandbox's site (demo seed): linking tests
//! the credentials and saves nothing when they are wrong; records bring consent and SMS statuses
//! to the bookings; SMS texts are refused without the practitioner's identity and pushed once
//! validated; a site booking is cancelled through the site (the patient is told); an erasure
//! leaves no trace of the person in the store, the sandbox calendar and the sandbox site.

use rdv_app::ipc::{ActionState, BookingAction, ErrorCode};
use rdv_sandbox::{Fault, FaultKind, PRACTITIONER, SiteSmsKind};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_site_links_and_its_records_complete_the_bookings() {
    let f = crate::linked_demo().await;
    assert!(!f.app.site_state().unwrap().linked);
    let state = f.app.link_demo_site().await.unwrap();
    assert!(state.linked && state.site_name.is_some(), "{state:?}");
    // The calendar's own events count as appointments too; only the marked bookings were
    // taken by the site or the phone, and have a record.
    let bookings: Vec<_> = f
        .app
        .upcoming_bookings(None)
        .unwrap()
        .into_iter()
        .filter(|b| b.origin == rdv_app::ipc::AppointmentOrigin::Marked)
        .collect();
    let with_site: Vec<_> = bookings.iter().filter(|b| b.site.is_some()).collect();
    assert!(
        !with_site.is_empty() && with_site.len() == bookings.len(),
        "every demo booking has its record"
    );
    let site_made = with_site
        .iter()
        .find(|b| b.site.as_ref().unwrap().source.as_deref() == Some("site"))
        .expect("a booking made on the site");
    let info = site_made.site.as_ref().unwrap();
    assert!(
        info.consent_at.is_some() && info.consent_version.is_some(),
        "{info:?}"
    );
    assert!(info.sms_confirmation.is_some());

    // Wrong credentials: refused, and the linked site stays as it was.
    let root = state.url.clone().unwrap();
    let wrong = f
        .app
        .link_site(&root, rdv_sandbox::SITE_USER, "wrong wrong wrong")
        .await
        .unwrap_err();
    let wrong = wrong.into_ipc(rdv_core::Language::Fr);
    assert_eq!(wrong.code, ErrorCode::InvalidInput);
    assert!(
        wrong.message.contains("mot de passe d'application"),
        "{}",
        wrong.message
    );
    assert!(f.app.site_state().unwrap().linked);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sms_texts_need_the_practitioners_identity_and_are_pushed_only_when_validated() {
    let f = crate::linked_demo().await;
    let control = f.app.sandbox_control().await.unwrap();
    f.app.link_demo_site().await.unwrap();
    let texts = f.app.sms_texts().await.unwrap();
    assert!(
        texts.reminder_check.problems.is_empty(),
        "{:?}",
        texts.reminder_check
    );

    let anonymous = "Bonjour {prenom}, rappel de votre RDV le {date} à {heure}.";
    let check = f.app.check_sms_text(anonymous, &texts.practitioner);
    assert!(!check.problems.is_empty(), "no identity: {check:?}");
    // The problems speak the user's language.
    f.app.set_language(rdv_core::Language::En).unwrap();
    let english = f.app.check_sms_text(anonymous, &texts.practitioner);
    f.app.set_language(rdv_core::Language::Fr).unwrap();
    assert_eq!(english.problems.len(), check.problems.len());
    assert_ne!(english.problems, check.problems, "{english:?}");
    let refused = f
        .app
        .validate_sms_texts(&texts.confirmation, anonymous, &texts.cancellation)
        .await
        .unwrap_err();
    assert!(refused.to_string().contains("art. 1.5"), "{refused}");
    assert_ne!(
        control.site_config()["sms"]["texts"]["reminder"],
        anonymous,
        "nothing pushed"
    );

    let with_hat = "Bonjour {prenom}, {praticien} vous attend le {date} à {heure}. Même adresse.";
    let check = f.app.check_sms_text(with_hat, &texts.practitioner);
    assert_eq!(check.encoding, "UCS-2");
    assert_eq!(check.ucs2_characters[0].character, "ê");
    let plain = f
        .app
        .check_sms_text(&check.gsm_version, &texts.practitioner);
    assert_eq!(
        plain.encoding, "GSM-7",
        "one click replaces it: {}",
        check.gsm_version
    );
    assert!(plain.segments <= check.segments);
    f.app
        .validate_sms_texts(&texts.confirmation, with_hat, &texts.cancellation)
        .await
        .unwrap();
    assert_eq!(control.site_config()["sms"]["texts"]["reminder"], with_hat);
    let usage = f.app.sms_usage().await.unwrap();
    assert!(usage.previous.messages > 0, "{usage:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_booking_is_cancelled_through_the_site_which_tells_the_patient() {
    let f = crate::linked_demo().await;
    let control = f.app.sandbox_control().await.unwrap();
    f.app.link_demo_site().await.unwrap();
    let booking = f
        .app
        .upcoming_bookings(None)
        .unwrap()
        .into_iter()
        .find(|b| b.site.as_ref().and_then(|s| s.source.as_deref()) == Some("site"))
        .expect("a site booking");
    let sent_before = control.site_sms_sent().len();
    let outcome = f
        .app
        .act_on_booking(
            &booking.calendar_id,
            &booking.event_id,
            BookingAction::Cancel {
                reason: Some("Empêchement".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(outcome.state, ActionState::Applied, "{outcome:?}");
    assert!(
        control.site_sms_sent().len() > sent_before,
        "the patient is told by SMS"
    );
    let event = control
        .events(PRACTITIONER)
        .into_iter()
        .find(|e| e["id"] == booking.event_id.as_str())
        .unwrap();
    assert_eq!(
        event["status"], "cancelled",
        "the site removed the calendar event"
    );
    assert!(
        f.app
            .upcoming_bookings(None)
            .unwrap()
            .iter()
            .all(|b| b.event_id != booking.event_id)
    );
}

/// Site bookings of the demo whose record has a phone (the cancellation SMS can be sent).
fn site_bookings_with_phone(
    f: &crate::Fixture,
    control: &rdv_sandbox::Control,
) -> Vec<rdv_app::ipc::Booking> {
    f.app
        .upcoming_bookings(None)
        .unwrap()
        .into_iter()
        .filter(|b| b.site.as_ref().and_then(|s| s.source.as_deref()) == Some("site"))
        .filter(|b| {
            control
                .site_record(&b.event_id)
                .is_some_and(|r| r["phone"].is_string())
        })
        .collect()
}

/// Cancellation SMS the site sent for this booking.
fn cancellation_sms(control: &rdv_sandbox::Control, event_id: &str) -> usize {
    control
        .site_sms_sent()
        .iter()
        .filter(|s| s.event_id == event_id && s.kind == SiteSmsKind::Cancellation)
        .count()
}

fn google_status(control: &rdv_sandbox::Control, event_id: &str) -> String {
    control
        .events(PRACTITIONER)
        .into_iter()
        .find(|e| e["id"] == event_id)
        .map(|e| e["status"].as_str().unwrap_or_default().to_owned())
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_cancellation_the_site_cannot_do_now_waits_and_never_skips_the_patient() {
    let f = crate::linked_demo().await;
    let control = f.app.sandbox_control().await.unwrap();
    f.app.link_demo_site().await.unwrap();
    let bookings = site_bookings_with_phone(&f, &control);
    assert!(bookings.len() >= 2, "two site bookings with a phone");
    for (booking, status, reason) in [
        (&bookings[0], 500, "internal_server_error"),
        (&bookings[1], 429, "rest_too_many_requests"),
    ] {
        // Failing for longer than the client's retries.
        control.inject(
            Fault::new(
                &format!("{}/cancel", booking.event_id),
                FaultKind::Status {
                    status,
                    reason: reason.into(),
                },
            )
            .times(1000),
        );
        let outcome = f
            .app
            .act_on_booking(
                &booking.calendar_id,
                &booking.event_id,
                BookingAction::Cancel { reason: None },
            )
            .await
            .unwrap();
        assert_eq!(
            outcome.state,
            ActionState::Queued,
            "HTTP {status}: {outcome:?}"
        );
        let message = outcome.message.unwrap_or_default();
        assert!(message.contains("site de réservation"), "{message}");
        assert_eq!(
            google_status(&control, &booking.event_id),
            "confirmed",
            "HTTP {status}: not cancelled in Google behind the site's back"
        );
        assert_eq!(cancellation_sms(&control, &booking.event_id), 0);
        let waiting = f.app.outbox_items().unwrap();
        assert!(
            waiting
                .iter()
                .any(|i| i.event_id == booking.event_id && !i.failed && i.error.is_some()),
            "pending, with why: {waiting:?}"
        );

        // The site is back: the next flush cancels through it, once.
        control.clear_faults();
        let report = f.app.flush_outbox().await;
        assert_eq!((report.applied, report.failed), (1, 0), "{report:?}");
        assert_eq!(cancellation_sms(&control, &booking.event_id), 1);
        assert_eq!(google_status(&control, &booking.event_id), "cancelled");
        assert!(f.app.outbox_items().unwrap().is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_cancellation_refused_by_the_site_fails_with_the_reason_and_nothing_half_done() {
    let f = crate::linked_demo().await;
    let control = f.app.sandbox_control().await.unwrap();
    f.app.link_demo_site().await.unwrap();
    let booking = site_bookings_with_phone(&f, &control).remove(0);
    control.inject(Fault::new(
        &format!("{}/cancel", booking.event_id),
        FaultKind::Status {
            status: 401,
            reason: "incorrect_password".into(),
        },
    ));
    let outcome = f
        .app
        .act_on_booking(
            &booking.calendar_id,
            &booking.event_id,
            BookingAction::Cancel { reason: None },
        )
        .await
        .unwrap();
    assert_eq!(outcome.state, ActionState::Failed, "{outcome:?}");
    let message = outcome.message.unwrap_or_default();
    assert!(
        message.contains("mot de passe d'application") && message.contains("pas prévenu"),
        "{message}"
    );
    assert_eq!(google_status(&control, &booking.event_id), "confirmed");
    assert_eq!(cancellation_sms(&control, &booking.event_id), 0);

    // Once the password is fixed, *Réessayer* cancels through the site.
    let left = f.app.retry_outbox_item(outcome.item.seq).await.unwrap();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(cancellation_sms(&control, &booking.event_id), 1);
    assert_eq!(google_status(&control, &booking.event_id), "cancelled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_cancellation_whose_answer_was_lost_is_applied_once_on_the_retry() {
    let f = crate::linked_demo().await;
    let control = f.app.sandbox_control().await.unwrap();
    f.app.link_demo_site().await.unwrap();
    let booking = site_bookings_with_phone(&f, &control).remove(0);
    // The site cancels (and sends the SMS), then its answer is cut.
    control.inject(Fault::new(
        &format!("{}/cancel", booking.event_id),
        FaultKind::MalformedBody,
    ));
    let outcome = f
        .app
        .act_on_booking(
            &booking.calendar_id,
            &booking.event_id,
            BookingAction::Cancel { reason: None },
        )
        .await
        .unwrap();
    assert_eq!(outcome.state, ActionState::Queued, "{outcome:?}");
    assert_eq!(cancellation_sms(&control, &booking.event_id), 1);

    // The retry finds it done (`alreadyCancelled`): applied, not failed, and no second SMS.
    let report = f.app.flush_outbox().await;
    assert_eq!((report.applied, report.failed), (1, 0), "{report:?}");
    assert!(f.app.outbox_items().unwrap().is_empty());
    assert_eq!(cancellation_sms(&control, &booking.event_id), 1);
    let log = f.app.activity_log(10).unwrap();
    assert_eq!(
        log.iter()
            .filter(|a| a.event_id == booking.event_id && a.action == "cancel")
            .count(),
        1,
        "{log:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_erasure_leaves_no_trace_in_the_store_the_calendar_and_the_site() {
    let f = crate::linked_demo().await;
    let control = f.app.sandbox_control().await.unwrap();
    f.app.link_demo_site().await.unwrap();
    let person = f
        .app
        .upcoming_bookings(None)
        .unwrap()
        .into_iter()
        .find(|b| b.patient.email.is_some())
        .unwrap();
    let email = person.patient.email.clone().unwrap();
    let last = person.patient.last_name.clone().unwrap();
    let found = f.app.find_person(Some(&email), None).await.unwrap();
    assert!(
        found
            .iter()
            .any(|m| m.in_cache && m.in_calendar && m.in_site),
        "{found:?}"
    );
    let report = f.app.erase_person(Some(&email), None).await.unwrap();
    assert!(report.site_records.unwrap_or(0) >= 1, "{report:?}");
    assert!(!f.app.store().contains_text(&email).unwrap());
    let calendar = serde_json::to_string(&control.events(PRACTITIONER))
        .unwrap()
        .to_lowercase();
    assert!(
        !calendar.contains(&email.to_lowercase()),
        "gone from the calendar"
    );
    let record = control.site_record(&person.event_id).unwrap();
    let record = record.to_string().to_lowercase();
    assert!(
        !record.contains(&email.to_lowercase()) && !record.contains(&last.to_lowercase()),
        "gone from the site: {record}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn appointment_types_edited_in_disponibilites_reach_the_site_when_published() {
    let f = crate::linked_demo().await;
    let control = f.app.sandbox_control().await.unwrap();
    f.app.link_demo_site().await.unwrap();
    let mut config = f.app.availability(PRACTITIONER).await.unwrap().config;
    config.appointment_types[0].duration_minutes = 45;
    config.appointment_types[0].name = "Consultation longue".into();
    f.app.save_availability(PRACTITIONER, config).unwrap();
    assert_ne!(
        control.site_config()["appointmentTypes"][0]["name"],
        "Consultation longue",
        "saving alone does not publish"
    );
    let plan = f.app.plan_publish(PRACTITIONER).await.unwrap();
    f.app
        .publish_availability(PRACTITIONER, &plan.fingerprint, false)
        .await
        .unwrap();
    let site = control.site_config();
    assert_eq!(site["appointmentTypes"][0]["name"], "Consultation longue");
    assert_eq!(site["appointmentTypes"][0]["durationMinutes"], 45);
    assert!(
        !f.app.push_site_types(PRACTITIONER).await.unwrap(),
        "unchanged: nothing sent"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_retention_period_is_kept_here_and_applied_by_the_site_in_one_step() {
    let f = crate::linked_demo().await;
    let control = f.app.sandbox_control().await.unwrap();
    f.app.link_demo_site().await.unwrap();

    let state = f.app.set_retention_days(240).await.unwrap();
    assert_eq!(state.days, 240);
    assert_eq!(
        control.site_config()["retentionDays"],
        240,
        "the site deletes its own records on the same schedule (art. 8.3)"
    );

    // The site unreachable: the period is kept here and the error says the site was not told.
    control.inject(Fault::new("/config", FaultKind::DropConnection).times(10));
    let err = f.app.set_retention_days(90).await.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Offline);
    assert_eq!(f.app.retention_state().unwrap().days, 90);
    assert_eq!(control.site_config()["retentionDays"], 240);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_booking_moved_here_is_told_to_the_site_which_reminds_and_tells_the_patient() {
    let f = crate::linked_demo().await;
    let control = f.app.sandbox_control().await.unwrap();
    f.app.link_demo_site().await.unwrap();
    let booking = site_bookings_with_phone(&f, &control)
        .into_iter()
        .next()
        .expect("a site booking with a phone");
    let day = chrono::DateTime::parse_from_rfc3339(&booking.start)
        .unwrap()
        .date_naive();
    let target = (1..=14)
        .find_map(|d| {
            f.app
                .move_options(
                    &booking.calendar_id,
                    &booking.event_id,
                    day + chrono::Days::new(d),
                )
                .ok()
                .and_then(|o| o.into_iter().next())
        })
        .expect("a free time within two weeks");
    let confirmations = |control: &rdv_sandbox::Control| {
        control
            .site_sms_sent()
            .iter()
            .filter(|s| s.event_id == booking.event_id && s.kind == SiteSmsKind::Confirmation)
            .count()
    };
    let before = confirmations(&control);

    // The site is down for longer than the client's retries: the move is made in Google and
    // the edit waits, saying the site is not told yet.
    control.inject(
        Fault::new(
            &format!("{}/moved", booking.event_id),
            FaultKind::Status {
                status: 503,
                reason: "maintenance".into(),
            },
        )
        .times(1000),
    );
    let outcome = f
        .app
        .act_on_booking(
            &booking.calendar_id,
            &booking.event_id,
            BookingAction::Move {
                start: target.clone(),
                force: false,
            },
        )
        .await
        .unwrap();
    assert_eq!(outcome.state, ActionState::Queued, "{outcome:?}");
    let message = outcome.message.unwrap_or_default();
    assert!(message.contains("site de réservation"), "{message}");
    assert_eq!(confirmations(&control), before, "the site did not hear yet");

    // Back: the next flush finds the move already applied in Google and tells the site, once.
    control.clear_faults();
    let report = f.app.flush_outbox().await;
    assert_eq!((report.applied, report.failed), (1, 0), "{report:?}");
    assert_eq!(
        confirmations(&control),
        before + 1,
        "the patient gets the new time"
    );
    let record = control.site_record(&booking.event_id).unwrap();
    assert_eq!(record["sms"]["reminder"], "pending", "{record}");
    let event = control
        .events(PRACTITIONER)
        .into_iter()
        .find(|e| e["id"] == booking.event_id.as_str())
        .unwrap();
    let moved_to =
        chrono::DateTime::parse_from_rfc3339(event["start"]["dateTime"].as_str().unwrap()).unwrap();
    assert_eq!(
        moved_to,
        chrono::DateTime::parse_from_rfc3339(&target).unwrap()
    );
    assert!(f.app.outbox_items().unwrap().is_empty());
    assert_eq!(
        control
            .requests()
            .iter()
            .filter(|r| r.method == "PATCH" && r.path.contains(&booking.event_id))
            .count(),
        2,
        "the move once, then once more answered as already applied"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_that_lost_its_google_access_is_said_at_the_next_site_sync() {
    let f = crate::linked_demo().await;
    let control = f.app.sandbox_control().await.unwrap();
    let linked = f.app.link_demo_site().await.unwrap();
    assert_eq!(linked.google.as_deref(), Some("ok"));

    control.set_site_google_state("revoked");
    f.app.sync_site().await.unwrap();
    assert_eq!(
        f.app.site_state().unwrap().google.as_deref(),
        Some("revoked"),
        "the settings say online booking is stopped"
    );

    let unlinked = f.app.unlink_site().unwrap();
    assert_eq!(unlinked.google, None, "forgotten with the site");
}
