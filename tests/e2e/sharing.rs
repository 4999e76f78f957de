//! Two people, two apps, one practice: the practitioner grants *Secrétaire* to the secretary in
//! Partage and is told what the secretary must do; the secretary's app (her own account) adds
//! the shared agenda (*Ajouter un agenda partagé*: Google does not list it until she does), shows
//! it and moves one
//! appointment to a free slot; the practitioner's app shows the move after sync. Both apps run
//! against one standalone sandbox (`--sandbox`), one after the other (one desktop session holds
//! one instance of the app).

use crate::driver::{Driver, Profile, click, eventually, find, invoke, screenshot, text, tid};
use crate::shared_agenda::add_shared_agenda;
use chrono::{DateTime, Utc};
use rdv_sandbox::{Consent, PRACTITIONER, SECRETARY, Sandbox, SandboxConfig, Seed};
use serde_json::json;

/// Waits until the app is linked and synced.
async fn synced(client: &fantoccini::Client) {
    eventually("linked and synced", || {
        let c = client.clone();
        async move { invoke(&c, "sync_status", json!({})).await["ok"]["state"] == "idle" }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_shares_the_secretary_moves_an_appointment_and_the_owner_sees_it() {
    let now = Utc::now();
    let sandbox = Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Demo { now },
        consent: Consent::Approve(PRACTITIONER.to_owned()),
    })
    .await
    .unwrap();
    // The demo shares the agenda already: start from a practice that has not.
    sandbox.control().grant(PRACTITIONER, SECRETARY, "none");
    let url = sandbox.base_url();

    // 1. The practitioner grants Secrétaire in Partage.
    let owner = Profile::new();
    {
        let driver = Driver::start(&owner);
        let client = driver.session_with_args(&["--sandbox", &url]).await;
        synced(&client).await;
        click(&client, &tid("nav-sharing")).await;
        let email = find(&client, &tid("share-email")).await;
        email.send_keys(SECRETARY).await.unwrap();
        find(&client, &tid("share-role"))
            .await
            .select_by_value("writer")
            .await
            .unwrap();
        click(&client, &tid("share-grant")).await;
        let row = format!("{}[data-email=\"{SECRETARY}\"]", tid("share-row"));
        find(&client, &row).await;
        // What the secretary must do, with the address she must type.
        let next = text(&client, &tid("share-next-step")).await;
        assert!(
            next.contains("Ajouter un agenda partagé") && next.contains(PRACTITIONER),
            "{next}"
        );
        screenshot(&client, "sharing-granted").await;
        client.close().await.unwrap();
        owner.stop_apps();
    }

    // 2. The secretary, with her own account, sees the shared agenda and moves an appointment.
    sandbox
        .control()
        .set_consent(Consent::Approve(SECRETARY.to_owned()));
    let secretary = Profile::new();
    let (booking_id, new_start) = {
        let driver = Driver::start(&secretary);
        let client = driver.session_with_args(&["--sandbox", &url]).await;
        synced(&client).await;
        add_shared_agenda(&client, PRACTITIONER).await;
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
        let booking = loop {
            let list = invoke(&client, "upcoming_bookings", json!({"query": null})).await;
            let found = list["ok"].as_array().and_then(|l| {
                l.iter()
                    .find(|b| {
                        b["calendarId"] == PRACTITIONER
                            && b["origin"] == "marked"
                            && b["start"]
                                .as_str()
                                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                                .is_some_and(|s| {
                                    s.with_timezone(&Utc) > now + chrono::Duration::days(1)
                                })
                    })
                    .cloned()
            });
            if let Some(b) = found {
                break b;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "the practitioner's bookings never showed in the secretary's app: {list}"
            );
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        };
        let id = booking["id"].as_str().unwrap().to_owned();
        let day = &booking["start"].as_str().unwrap()[..10];

        click(&client, &tid("nav-bookings")).await;
        click(
            &client,
            &format!("{}[data-booking-id=\"{id}\"]", tid("booking-row")),
        )
        .await;
        find(&client, &tid("booking-details")).await;
        click(&client, &tid("booking-move")).await;
        find(&client, &tid("move-dialog")).await;
        let date = find(&client, &tid("move-date")).await;
        // Set the date input's value as a user picking it would (WebKit's date field).
        client
            .execute(
                "const el = arguments[0]; el.value = arguments[1];
                 el.dispatchEvent(new Event('input', {bubbles: true}));
                 el.dispatchEvent(new Event('change', {bubbles: true}));",
                vec![serde_json::to_value(&date).unwrap(), json!(day)],
            )
            .await
            .unwrap();
        let option = find(&client, &tid("move-option")).await;
        let start = option.attr("data-start").await.unwrap().unwrap();
        option.click().await.unwrap();
        let result = text(&client, &tid("action-result")).await;
        screenshot(&client, "secretary-moved").await;
        assert!(!result.is_empty(), "the move's result is shown");
        eventually("the move reached Google", || {
            let sb = sandbox.control();
            let id = id.clone();
            let start = start.clone();
            async move {
                sb.events(PRACTITIONER).iter().any(|e| {
                    e["id"] == id.as_str()
                        && e["start"]["dateTime"]
                            .as_str()
                            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                            == DateTime::parse_from_rfc3339(&start).ok()
                })
            }
        })
        .await;
        client.close().await.unwrap();
        secretary.stop_apps();
        (id, start)
    };

    // 3. The practitioner's app shows the move after sync.
    let driver = Driver::start(&owner);
    let client = driver.session_with_args(&["--sandbox", &url]).await;
    eventually("the moved appointment in the practitioner's app", || {
        let c = client.clone();
        let (id, want) = (booking_id.clone(), new_start.clone());
        async move {
            invoke(&c, "sync_now", json!({})).await;
            let list = invoke(&c, "upcoming_bookings", json!({"query": null})).await;
            list["ok"].as_array().is_some_and(|l| {
                l.iter().any(|b| {
                    b["id"] == id.as_str()
                        && b["start"]
                            .as_str()
                            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
                            == DateTime::parse_from_rfc3339(&want).ok()
                        && b["editedBy"] == SECRETARY
                })
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
    client.close().await.unwrap();
}
