//! Issue #15 point 4 end to end: the practitioner's agenda is shared with the secretary through
//! the ACL only — as Google does, it is NOT in the secretary's calendar list — and the
//! secretary's app reaches it the way she does: Réglages › Agendas › *Ajouter un agenda
//! partagé*, the practitioner's address typed and submitted with Enter. Her app then shows the
//! practitioner's bookings. (The lead extends this test with the new-booking dialog.)

use crate::driver::{Driver, Profile, click, eventually, find, invoke, screenshot, text, tid};
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
