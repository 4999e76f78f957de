//! Notifications observed at the real notification daemon (dunst in the test session): a booking
//! made on the site yields exactly one *Nouveau rendez-vous* and one reminder at the offset, a
//! booking cancelled before the app saw it yields none, and the privacy mode keeps names out —
//! then, privacy off, names show.

use crate::driver::{Driver, Profile, click, eventually, invoke, text, tid};
use chrono::{Duration, Utc};
use rdv_sandbox::{Consent, PRACTITIONER, Sandbox, SandboxConfig, Seed};
use serde_json::{Value, json};
use std::process::Command;

/// Every notification dunst has shown (closing the displayed ones first: dunst moves a
/// notification to its history when it closes), as (summary, body).
pub(crate) fn shown_by_daemon() -> Vec<(String, String)> {
    let _ = Command::new("dunstctl").arg("close-all").status();
    let out = Command::new("dunstctl")
        .arg("history")
        .output()
        .expect("dunstctl (dunst) is part of the test session");
    let history: Value = serde_json::from_slice(&out.stdout).unwrap_or(json!({}));
    history["data"][0]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter(|n| n["appname"]["data"] == "RDV Compagnon")
                .map(|n| {
                    (
                        n["summary"]["data"].as_str().unwrap_or_default().to_owned(),
                        n["body"]["data"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn booking(start: chrono::DateTime<Utc>, last: &str) -> Value {
    json!({
        "summary": format!("Consultation – Jeanne {last}"),
        "start": {"dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris"},
        "end": {"dateTime": (start + Duration::minutes(30)).to_rfc3339(), "timeZone": "Europe/Paris"},
        "extendedProperties": {"private": {"rdv.v": "1", "rdv.kind": "booking", "rdv.type": "consultation",
            "rdv.firstName": "Jeanne", "rdv.lastName": last}}
    })
}

/// What `now` holds beyond `before` (whatever order the daemon lists its history in: each
/// notification of `before` is taken out once).
pub(crate) fn since(
    before: &[(String, String)],
    now: Vec<(String, String)>,
) -> Vec<(String, String)> {
    let mut old = before.to_vec();
    now.into_iter()
        .filter(|n| match old.iter().position(|o| o == n) {
            Some(i) => {
                old.remove(i);
                false
            }
            None => true,
        })
        .collect()
}

fn count(shown: &[(String, String)], title: &str) -> usize {
    shown.iter().filter(|(t, _)| t.starts_with(title)).count()
}

/// An empty practice in a sandbox of its own, and the practitioner's app linked to it and synced.
/// Fields drop in order: the WebDriver session, then the driver, the app, the sandbox.
struct Practice {
    client: fantoccini::Client,
    _driver: Driver,
    _profile: Profile,
    sandbox: Sandbox,
}

impl Practice {
    async fn start() -> Self {
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
        let profile = Profile::new();
        let driver = Driver::start(&profile);
        let client = driver
            .session_with_args(&["--sandbox", &sandbox.base_url()])
            .await;
        eventually("the sandbox account linked and synced", || {
            let c = client.clone();
            async move { invoke(&c, "sync_status", json!({})).await["ok"]["state"] == "idle" }
        })
        .await;
        Self {
            client,
            _driver: driver,
            _profile: profile,
            sandbox,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_booking_notifies_once_and_reminds_once_at_the_daemon_and_privacy_hides_names() {
    let practice = Practice::start().await;
    let (sandbox, client) = (&practice.sandbox, practice.client.clone());
    let before = shown_by_daemon();

    // Made on the site: starts in 9 minutes, so the 10-minute reminder is due at once.
    let now = Utc::now();
    sandbox
        .control()
        .insert_event(PRACTITIONER, booking(now + Duration::minutes(9), "Martin"));
    let gone = sandbox
        .control()
        .insert_event(PRACTITIONER, booking(now + Duration::minutes(40), "Durand"));
    sandbox
        .control()
        .delete_event(PRACTITIONER, gone["id"].as_str().unwrap());
    invoke(&client, "sync_now", json!({})).await;

    eventually("one alert and one reminder at the daemon", || {
        let new = since(&before, shown_by_daemon());
        async move {
            count(&new, "Nouveau rendez-vous") == 1 && count(&new, "Rendez-vous dans") == 1
        }
    })
    .await;
    // (That no tick repeats them is proven with a fixed clock in rdv-app and rdv-core.)
    let after = since(&before, shown_by_daemon());
    assert_eq!(count(&after, "Nouveau rendez-vous"), 1, "{after:?}");
    assert_eq!(count(&after, "Rendez-vous dans"), 1, "{after:?}");
    assert!(
        after
            .iter()
            .all(|(t, b)| !t.contains("Durand") && !b.contains("Durand")),
        "nothing for the cancelled booking: {after:?}"
    );
    assert_eq!(after.len(), 2, "exactly those two: {after:?}");
    assert!(
        after.iter().all(|(_, b)| !b.contains("Martin")),
        "privacy mode (the default) hides the name: {after:?}"
    );

    // Privacy off: the next alert names the patient.
    let prefs = invoke(&client, "reminder_prefs", json!({})).await["ok"].clone();
    let mut prefs = prefs;
    prefs["privacy"] = json!(false);
    let saved = invoke(&client, "set_reminder_prefs", json!({"prefs": prefs})).await;
    assert!(saved.get("ok").is_some(), "{saved}");
    sandbox
        .control()
        .insert_event(PRACTITIONER, booking(now + Duration::hours(3), "Petit"));
    invoke(&client, "sync_now", json!({})).await;
    eventually("the named alert", || async {
        shown_by_daemon()
            .iter()
            .any(|(t, b)| t == "Nouveau rendez-vous" && b.ends_with("Consultation – Jeanne Petit"))
    })
    .await;
    client.close().await.unwrap();
}

/// How many notifications dunst shows on screen right now.
fn displayed_by_daemon() -> usize {
    let out = Command::new("dunstctl")
        .args(["count", "displayed"])
        .output()
        .expect("dunstctl");
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .unwrap_or(0)
}

/// A click on a notification — its default action, performed by the daemon as a click would —
/// brings the appointment's details up in the Agenda.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_on_a_notification_opens_its_appointment() {
    let practice = Practice::start().await;
    let (sandbox, client) = (&practice.sandbox, practice.client.clone());
    // Elsewhere in the app, and nothing on screen from earlier tests.
    click(&client, &tid("nav-settings")).await;
    let _ = Command::new("dunstctl").arg("close-all").status();

    sandbox.control().insert_event(
        PRACTITIONER,
        booking(Utc::now() + Duration::minutes(9), "Martin"),
    );
    invoke(&client, "sync_now", json!({})).await;
    eventually("the alert on screen", || async {
        displayed_by_daemon() > 0
    })
    .await;
    let clicked = Command::new("dunstctl")
        .args(["action", "0"])
        .status()
        .expect("dunstctl");
    assert!(clicked.success());

    eventually("the appointment's details in the Agenda", || {
        let c = client.clone();
        async move {
            c.find(fantoccini::Locator::Css(&tid("view-agenda")))
                .await
                .is_ok()
                && text(&c, &tid("booking-details"))
                    .await
                    .contains("Jeanne Martin")
        }
    })
    .await;
    client.close().await.unwrap();
}

/// Issue #15 point 3: an event typed directly in Google Agenda (no marker) is an appointment
/// by default — listed in *Rendez-vous* by its title and reminded once at the daemon, its title
/// kept off the notification in privacy mode (the default) as a patient's name would be.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_typed_in_google_is_listed_in_rendez_vous_and_reminded_at_the_daemon() {
    let practice = Practice::start().await;
    let (sandbox, client) = (&practice.sandbox, practice.client.clone());
    let before = shown_by_daemon();

    let start = Utc::now() + Duration::minutes(9);
    let typed = sandbox.control().insert_event(
        PRACTITIONER,
        json!({
            "summary": "Séance Mme Lemoine",
            "start": {"dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris"},
            "end": {"dateTime": (start + Duration::minutes(45)).to_rfc3339(), "timeZone": "Europe/Paris"}
        }),
    );
    let id = typed["id"].as_str().unwrap().to_owned();
    invoke(&client, "sync_now", json!({})).await;

    click(&client, &tid("nav-bookings")).await;
    let row = format!("{}[data-booking-id=\"{id}\"]", tid("booking-row"));
    eventually("the typed event in Rendez-vous", || {
        let c = client.clone();
        let row = row.clone();
        async move { c.find(fantoccini::Locator::Css(&row)).await.is_ok() }
    })
    .await;
    let listed = text(&client, &row).await;
    assert!(listed.contains("Séance Mme Lemoine"), "{listed}");

    eventually("its reminder at the daemon", || {
        let new = since(&before, shown_by_daemon());
        async move { count(&new, "Rendez-vous dans") == 1 }
    })
    .await;
    let after = since(&before, shown_by_daemon());
    assert_eq!(count(&after, "Rendez-vous dans"), 1, "{after:?}");
    assert!(
        after
            .iter()
            .all(|(t, b)| !t.contains("Lemoine") && !b.contains("Lemoine")),
        "privacy mode keeps the title off the screen: {after:?}"
    );
    client.close().await.unwrap();
}
