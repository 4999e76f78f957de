//! Issue #16's system test, the booking site for real: a patient books on the practitioner's
//! WordPress page in a real browser (MiniBrowser); the plugin writes the event into Google (the
//! sandbox) with every marker and texts the patient through the SMS stand-in; the practitioner's
//! app (the real binary, linked to the same Google account and to the site) shows the booking
//! with its consent and SMS status and reminds it at the real notification daemon; a cancel in
//! the app reaches the site, which texts the patient the cancellation.
//!
//! Time: the shipped binaries read the real clock, so the opening is placed from `Utc::now()`
//! (a few minutes ahead, so the booked slot falls inside the app's 10-minute reminder).

use crate::driver::{Driver, Profile, click, eventually, find, invoke, screenshot, text, tid};
use crate::reminders::{shown_by_daemon, since};
use crate::wordpress::{PatientBrowser, WordPress, free_port, repo_root};
use chrono::{DateTime, Duration, DurationRound, Utc};
use fantoccini::{Client, Locator};
use rdv_sandbox::{Consent, PRACTITIONER, Sandbox, SandboxConfig, Seed};
use serde_json::{Value, json};
use std::process::Command;

const PATIENT_PHONE: &str = "06 12 34 56 78";
const PATIENT_E164: &str = "+33612345678";

/// An opening published by the app: a transparent, private availability event (all types).
fn opening(start: DateTime<Utc>, end: DateTime<Utc>) -> Value {
    json!({
        "summary": "Disponible",
        "start": {"dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris"},
        "end": {"dateTime": end.to_rfc3339(), "timeZone": "Europe/Paris"},
        "transparency": "transparent",
        "visibility": "private",
        "extendedProperties": {"private": {"rdv.v": "1", "rdv.kind": "availability", "rdv.template": "semaine-type"}}
    })
}

/// The booking events of the practitioner's calendar (not cancelled).
fn bookings(sandbox: &Sandbox) -> Vec<Value> {
    sandbox
        .control()
        .events(PRACTITIONER)
        .into_iter()
        .filter(|e| e["status"] != "cancelled")
        .filter(|e| e["extendedProperties"]["private"]["rdv.kind"] == "booking")
        .collect()
}

/// Types into a field of the patient's page (found by its `name`).
async fn fill(page: &Client, name: &str, value: &str) {
    let field = find(page, &format!("[name=\"{name}\"]")).await;
    field.clear().await.unwrap();
    field.send_keys(value).await.unwrap();
}

/// The patient's whole visit: type, first slot offered, identity, consent, confirmation.
/// Returns the slot's start as the page offered it, and the event id the confirmation names.
async fn patient_books(page: &Client, booking_url: &str) -> (String, String) {
    page.goto(booking_url).await.unwrap();
    let lang = page
        .execute("return document.documentElement.lang", vec![])
        .await
        .unwrap();
    assert_eq!(lang, "fr-FR", "the site speaks French to patients");
    // Each step is a page (the form works without JavaScript): the type, then the first week
    // with a free slot, whose first slot is taken.
    click(page, "a[data-rdv-type=\"consultation\"]").await;
    let slot = find(page, "a[data-rdv-slot]").await;
    let start = slot
        .attr("data-rdv-slot")
        .await
        .unwrap()
        .expect("a slot carries its start");
    slot.click().await.unwrap();
    find(page, "form[data-rdv-form]").await;
    fill(page, "rdv_last_name", "Lefèvre").await;
    fill(page, "rdv_first_name", "Amélie").await;
    fill(page, "rdv_phone", PATIENT_PHONE).await;
    fill(page, "rdv_email", "amelie.lefevre@example.org").await;
    click(page, "[name=\"rdv_consent\"]").await;
    screenshot(page, "site-booking-form").await;
    click(page, "form[data-rdv-form] [type=\"submit\"]").await;
    let confirmation = find(page, "[data-rdv-confirmation]").await;
    let shown = confirmation.text().await.unwrap_or_default();
    let event = confirmation.attr("data-rdv-event").await.unwrap();
    screenshot(page, "site-booking-confirmed").await;
    assert!(
        page.find(Locator::Css("[data-rdv-error]")).await.is_err(),
        "no error on the confirmation page"
    );
    assert!(
        !shown.is_empty(),
        "the confirmation page says something to the patient"
    );
    (start, event.expect("the confirmation names the event"))
}

/// What the SMS stand-in received for the patient's number, oldest first.
fn texts_to_patient(sandbox: &Sandbox) -> Vec<String> {
    sandbox
        .control()
        .sms_received()
        .into_iter()
        .filter(|m| m.recipient.trim_start_matches('+') == PATIENT_E164.trim_start_matches('+'))
        .map(|m| m.content)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_patient_books_on_the_wordpress_page_and_the_app_shows_reminds_and_cancels_it() {
    // Google: the practitioner's calendar, an opening from a few minutes from now; the plugin's
    // OAuth callback registered as the web client's redirect URI.
    let wp_port = free_port();
    let sandbox = Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Empty,
        consent: Consent::Approve(PRACTITIONER.to_owned()),
    })
    .await
    .unwrap();
    sandbox
        .control()
        .add_account(PRACTITIONER, "Dr Camille Laurent");
    sandbox.control().register_web_redirect(&format!(
        "http://127.0.0.1:{wp_port}/wp-admin/admin-post.php?action=rdv_compagnon_google_callback"
    ));
    let open_at = Utc::now().duration_trunc(Duration::minutes(1)).unwrap() + Duration::minutes(6);
    sandbox
        .control()
        .insert_event(PRACTITIONER, opening(open_at, open_at + Duration::hours(2)));

    // The site, set up as the practitioner does (scripts/site-setup.sh): pages, practice, Google
    // linked through the plugin's OAuth web flow, types published with no minimum notice.
    let site = WordPress::start(wp_port, &sandbox.base_url());
    let setup = Command::new(repo_root().join("scripts/site-setup.sh"))
        .arg(site.env_file())
        .arg(sandbox.base_url())
        .arg("0")
        .output()
        .expect("scripts/site-setup.sh");
    assert!(
        setup.status.success(),
        "site set-up failed:\n{}\n{}",
        String::from_utf8_lossy(&setup.stderr),
        site.logs()
    );
    let booking_url = String::from_utf8(setup.stdout)
        .unwrap()
        .lines()
        .last()
        .expect("the booking page's URL")
        .to_owned();

    // The patient books in a real browser.
    let browser = PatientBrowser::start();
    let page = browser.session().await;
    let (slot, confirmed_id) = patient_books(&page, &booking_url).await;
    page.close().await.unwrap();
    drop(browser);

    // Google holds the booking with every marker of docs/calendar-conventions.md.
    let booked = bookings(&sandbox);
    assert_eq!(
        booked.len(),
        1,
        "exactly one booking in Google: {booked:#?}"
    );
    let event = &booked[0];
    let event_id = event["id"].as_str().unwrap().to_owned();
    assert_eq!(event_id, confirmed_id, "the confirmation names the event");
    let markers = &event["extendedProperties"]["private"];
    assert_eq!(markers["rdv.v"], "1");
    assert_eq!(markers["rdv.source"], "site");
    assert_eq!(markers["rdv.type"], "consultation");
    assert_eq!(markers["rdv.firstName"], "Amélie");
    assert_eq!(markers["rdv.lastName"], "Lefèvre");
    assert_eq!(markers["rdv.phone"], PATIENT_E164);
    assert_eq!(markers["rdv.email"], "amelie.lefevre@example.org");
    assert!(markers["rdv.bookedAt"].is_string(), "{markers}");
    let start = DateTime::parse_from_rfc3339(event["start"]["dateTime"].as_str().unwrap()).unwrap();
    assert_eq!(
        start,
        DateTime::parse_from_rfc3339(&slot).unwrap(),
        "the offered slot"
    );
    assert_eq!(start, open_at, "the first slot of the opening");
    // …and the patient got the confirmation text, signed by the practitioner.
    let texts = texts_to_patient(&sandbox);
    assert_eq!(texts.len(), 1, "one confirmation text: {texts:?}");
    assert!(texts[0].contains("Laurent"), "{texts:?}");

    // The practitioner's app, on the same Google account, then linked to the site.
    let before = shown_by_daemon();
    let profile = Profile::new();
    let driver = Driver::start(&profile);
    let app = driver
        .session_with_args(&["--sandbox", &sandbox.base_url()])
        .await;
    eventually("the app linked to Google and synced", || {
        let c = app.clone();
        async move { invoke(&c, "sync_status", json!({})).await["ok"]["state"] == "idle" }
    })
    .await;
    let (user, password) = site.app_credentials();
    let linked = invoke(
        &app,
        "link_site",
        json!({"url": site.url(), "user": user, "appPassword": password}),
    )
    .await;
    assert_eq!(linked["ok"]["linked"], true, "{linked}");
    invoke(&app, "sync_now", json!({})).await;

    // Rendez-vous: the booking, with the site's consent and SMS status.
    click(&app, &tid("nav-bookings")).await;
    let row = format!("{}[data-booking-id=\"{event_id}\"]", tid("booking-row"));
    eventually("the site's booking in Rendez-vous", || {
        let c = app.clone();
        let row = row.clone();
        async move { c.find(Locator::Css(&row)).await.is_ok() }
    })
    .await;
    click(&app, &row).await;
    find(&app, &tid("booking-site")).await;
    let consent = text(&app, &tid("booking-consent")).await;
    assert!(consent.contains("version"), "consent shown: {consent}");
    let confirmation = find(&app, &tid("booking-sms-confirmation")).await;
    let status = confirmation.attr("data-status").await.unwrap();
    assert!(
        matches!(status.as_deref(), Some("sent" | "delivered")),
        "the confirmation SMS status: {status:?}"
    );

    // The reminder at the daemon (the slot starts within the 10-minute reminder).
    eventually("the reminder at the daemon", || {
        let new = since(&before, shown_by_daemon());
        async move { new.iter().any(|(t, _)| t.starts_with("Rendez-vous dans")) }
    })
    .await;
    screenshot(&app, "site-booking-in-app").await;

    // Cancel from the app: Google loses the event, the site records it, the patient is told.
    click(&app, &tid("booking-cancel")).await;
    click(&app, &tid("cancel-confirm")).await;
    eventually("the event gone from Google", || async {
        bookings(&sandbox).is_empty()
    })
    .await;
    eventually("the cancellation text to the patient", || async {
        texts_to_patient(&sandbox).len() == 2
    })
    .await;
    let cancellation = texts_to_patient(&sandbox).pop().unwrap();
    assert!(cancellation.contains("annul"), "{cancellation}");
    let (status, _, feed) = site.api("GET", "bookings", &[], None);
    assert_eq!(status, 200, "{feed}");
    let record = feed["items"]
        .as_array()
        .and_then(|l| l.iter().find(|b| b["id"] == event_id.as_str()))
        .cloned()
        .unwrap_or(Value::Null);
    assert!(
        record["cancelledAt"].is_string(),
        "the site's record is cancelled: {feed}"
    );
    app.close().await.unwrap();
}
