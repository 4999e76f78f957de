//! Issue #15 point 4 end to end: the practitioner's agenda is shared with the secretary through
//! the ACL only — as Google does, it is NOT in the secretary's calendar list — and the
//! secretary's app reaches it the way she does: Réglages › Agendas › *Ajouter un agenda
//! partagé*, the practitioner's address typed and submitted with Enter. Her app then shows the
//! practitioner's bookings. (The lead extends this test with the new-booking dialog.)

use crate::driver::{Driver, Profile, click, eventually, find, invoke, screenshot, text, tid};
use crate::reminders::{shown_by_daemon, since};
use fantoccini::Client;
use rdv_sandbox::{Consent, PRACTITIONER, SECRETARY, Sandbox, SandboxConfig, Seed};
use serde_json::json;

/// Adds `address`'s agenda in Réglages › Agendas › *Ajouter un agenda partagé*, by keyboard
/// (typed, then Enter), and waits for the app to say it is added.
pub(crate) async fn add_shared_agenda(client: &Client, address: &str) {
    click(client, &tid("nav-settings")).await;
    let field = find(client, &tid("add-shared-input")).await;
    field
        .send_keys(&format!("{address}\u{E007}"))
        .await
        .unwrap();
    let done = text(client, &tid("add-shared-done")).await;
    assert!(done.contains("ajouté"), "{done}");
}

/// Waits until the app is linked and synced.
async fn synced(client: &Client) {
    eventually("linked and synced", || {
        let c = client.clone();
        async move { invoke(&c, "sync_status", json!({})).await["ok"]["state"] == "idle" }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretary_adds_the_agenda_shared_with_her_and_sees_its_bookings() {
    let sandbox = Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Demo {
            now: chrono::Utc::now(),
        },
        consent: Consent::Approve(SECRETARY.to_owned()),
    })
    .await
    .unwrap();
    // The practitioner shared her agenda: an ACL rule, not an entry in the secretary's list.
    sandbox.control().grant(PRACTITIONER, SECRETARY, "writer");
    let profile = Profile::new();
    let driver = Driver::start(&profile);
    let client = driver
        .session_with_args(&["--sandbox", &sandbox.base_url()])
        .await;
    synced(&client).await;
    let listed = invoke(&client, "list_calendars", json!({})).await;
    assert!(
        listed["ok"]
            .as_array()
            .is_some_and(|l| l.iter().all(|c| c["id"] != PRACTITIONER)),
        "not in her list before she adds it: {listed}"
    );

    add_shared_agenda(&client, PRACTITIONER).await;
    screenshot(&client, "shared-agenda-added").await;

    // Rendez-vous shows the practitioner's bookings, side by side with her own calendar.
    click(&client, &tid("nav-bookings")).await;
    eventually("the practitioner's bookings in Rendez-vous", || {
        let c = client.clone();
        async move {
            let rows = c
                .execute(
                    "return document.querySelectorAll('[data-testid=\"booking-row\"]').length",
                    vec![],
                )
                .await
                .ok()
                .and_then(|v| v.as_u64())
                .unwrap_or(0);
            rows > 0
        }
    })
    .await;
    let bookings = invoke(&client, "upcoming_bookings", json!({"query": null})).await;
    assert!(
        bookings["ok"]
            .as_array()
            .is_some_and(|l| !l.is_empty() && l.iter().all(|b| b["calendarId"] == PRACTITIONER)),
        "{bookings}"
    );
    screenshot(&client, "shared-agenda-bookings").await;
    client.close().await.unwrap();
    profile.stop_apps();
    sandbox.stop().await;
}

/// Open every day from midnight to 23:30, one 30-minute type bookable with no notice: the next
/// free slots are minutes away whenever the test runs.
fn open_every_day() -> serde_json::Value {
    json!({
        "timeZone": "Europe/Paris",
        "appointmentTypes": [{
            "id": "consultation", "name": "Consultation", "durationMinutes": 30,
            "colour": "#2f6fb3", "bufferBeforeMinutes": 0, "bufferAfterMinutes": 0,
            "minNoticeMinutes": 0, "bookableOnline": true
        }],
        "templates": [{
            "id": "toujours", "name": "Toujours", "weeks": "toutes",
            "ranges": [{
                "days": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
                "start": "00:00", "end": "23:30"
            }]
        }],
        "exceptions": {"closures": [], "openings": []},
        "holidays": {"region": "metropole", "closed": false}
    })
}

/// Issue #15's walk-through: the practitioner publishes her availability and shares her agenda
/// (the ACL, as Partage writes it); the secretary adds it, opens *Nouveau rendez-vous* with the
/// `N` key, picks the second free slot with the arrow keys, types the patient and books with
/// Enter; the booking is in Google with its markers; the practitioner's app lists it and
/// reminds it at the real notification daemon.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretary_books_by_keyboard_and_the_practitioner_is_reminded() {
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
    sandbox
        .control()
        .add_account(SECRETARY, "Secrétariat du cabinet");
    let url = sandbox.base_url();

    // 1. The practitioner: availability published, reminders an hour and a half ahead, the
    //    agenda shared with her secretary.
    let owner = Profile::new();
    {
        let driver = Driver::start(&owner);
        let client = driver.session_with_args(&["--sandbox", &url]).await;
        synced(&client).await;
        let saved = invoke(
            &client,
            "save_availability",
            json!({"calendarId": PRACTITIONER, "config": open_every_day()}),
        )
        .await;
        assert!(saved.get("ok").is_some(), "{saved}");
        let plan = invoke(&client, "plan_publish", json!({"calendarId": PRACTITIONER})).await;
        let fingerprint = plan["ok"]["fingerprint"].clone();
        assert!(fingerprint.is_string(), "{plan}");
        let published = invoke(
            &client,
            "publish_availability",
            json!({"calendarId": PRACTITIONER, "fingerprint": fingerprint, "confirmRemoval": false}),
        )
        .await;
        assert!(published.get("ok").is_some(), "{published}");
        let mut prefs = invoke(&client, "reminder_prefs", json!({})).await["ok"].clone();
        prefs["offsets"] = json!([90]);
        let set = invoke(&client, "set_reminder_prefs", json!({"prefs": prefs})).await;
        assert!(set.get("ok").is_some(), "{set}");
        let granted = invoke(
            &client,
            "grant_access",
            json!({"calendarId": PRACTITIONER, "email": SECRETARY, "role": "writer"}),
        )
        .await;
        assert!(granted.get("ok").is_some(), "{granted}");
        client.close().await.unwrap();
        owner.stop_apps();
    }

    // 2. The secretary adds the agenda and books by keyboard.
    sandbox
        .control()
        .set_consent(Consent::Approve(SECRETARY.to_owned()));
    let secretary = Profile::new();
    let booking_id = {
        let driver = Driver::start(&secretary);
        let client = driver.session_with_args(&["--sandbox", &url]).await;
        synced(&client).await;
        add_shared_agenda(&client, PRACTITIONER).await;
        click(&client, &tid("nav-bookings")).await;
        client
            .active_element()
            .await
            .unwrap()
            .send_keys("n")
            .await
            .unwrap();
        let calendar = find(&client, &tid("nb-calendar")).await;
        calendar.select_by_value(PRACTITIONER).await.unwrap();
        let first = find(&client, &tid("nb-slot")).await;
        first.send_keys("\u{E015}").await.unwrap(); // ArrowDown: the second slot
        let chosen = client.active_element().await.unwrap();
        let slot = chosen.attr("data-start").await.unwrap().expect("a slot");
        chosen.send_keys("\u{E007}").await.unwrap(); // Enter: to the patient's name
        let name = client.active_element().await.unwrap();
        assert_eq!(
            name.attr("data-testid").await.unwrap().as_deref(),
            Some("nb-lastName"),
            "Enter on a slot goes to the last name"
        );
        name.send_keys(
            "Petit\u{E004}Jeanne\u{E004}06 12 34 56 78\u{E004}jeanne.petit@example.fr\u{E007}",
        )
        .await
        .unwrap();
        let announced = crate::driver::text(&client, &tid("nb-announced")).await;
        screenshot(&client, "secretary-booked").await;
        assert!(!announced.is_empty(), "the booking is announced");
        let still_open = client
            .execute(
                "return document.querySelector('[data-testid=\"new-booking\"]').open",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            still_open,
            json!(false),
            "the dialog closes once booked: {announced}"
        );
        // The modal dialog hands the focus back to where the `N` key was pressed.
        let focused = client.active_element().await.unwrap();
        assert_eq!(
            focused.attr("data-testid").await.unwrap().as_deref(),
            Some("nav-bookings"),
            "the focus is back where it was"
        );

        let mut id = None;
        eventually("the booking in Google with its markers", || {
            let events = sandbox.control().events(PRACTITIONER);
            let found = events
                .into_iter()
                .find(|e| e["extendedProperties"]["private"]["rdv.lastName"] == "Petit");
            if let Some(e) = &found {
                id = e["id"].as_str().map(str::to_owned);
            }
            let slot = slot.clone();
            async move {
                found.is_some_and(|e| {
                    let p = &e["extendedProperties"]["private"];
                    p["rdv.kind"] == "booking"
                        && p["rdv.phone"] == "+33612345678"
                        && p["rdv.email"] == "jeanne.petit@example.fr"
                        && p["rdv.actor"] == SECRETARY
                        && e["start"]["dateTime"]
                            .as_str()
                            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
                            == chrono::DateTime::parse_from_rfc3339(&slot).ok()
                })
            }
        })
        .await;
        client.close().await.unwrap();
        secretary.stop_apps();
        id.unwrap()
    };

    // 3. The practitioner's app lists it and reminds it at the daemon.
    let before = shown_by_daemon();
    let driver = Driver::start(&owner);
    let client = driver.session_with_args(&["--sandbox", &url]).await;
    eventually("the secretary's booking in the practitioner's app", || {
        let c = client.clone();
        let id = booking_id.clone();
        async move {
            invoke(&c, "sync_now", json!({})).await;
            let list = invoke(&c, "upcoming_bookings", json!({"query": null})).await;
            list["ok"].as_array().is_some_and(|l| {
                l.iter()
                    .any(|b| b["id"] == id.as_str() && b["patient"]["lastName"] == "Petit")
            })
        }
    })
    .await;
    click(&client, &tid("nav-bookings")).await;
    find(
        &client,
        &format!("{}[data-booking-id=\"{booking_id}\"]", tid("booking-row")),
    )
    .await;
    screenshot(&client, "practitioner-sees-secretary-booking").await;
    eventually("its reminder at the daemon", || {
        let new = since(&before, shown_by_daemon());
        async move { new.iter().any(|(t, _)| t.starts_with("Rendez-vous dans")) }
    })
    .await;
    client.close().await.unwrap();
    owner.stop_apps();
    sandbox.stop().await;
}
