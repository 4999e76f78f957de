//! Availability through the real app: the owner-only rule (PRODUCT.md art. 4.3) checked on the
//! real IPC path — the web view's `invoke`, the command layer, the use case — for a secretary
//! linked to a sandbox where the practitioner shares the agenda as `writer`; and a publish made
//! through the Disponibilités view.

use crate::driver::{Driver, Profile, click, eventually, find, invoke, screenshot, text, tid};
use rdv_sandbox::{Consent, PRACTITIONER, SECRETARY, Sandbox, SandboxConfig, Seed};
use serde_json::{Value, json};

fn types_only() -> Value {
    json!({
        "timeZone": "Europe/Paris",
        "appointmentTypes": [{
            "id": "consultation", "name": "Consultation", "durationMinutes": 30,
            "colour": "#2f6fb3", "bufferBeforeMinutes": 0, "bufferAfterMinutes": 0,
            "minNoticeMinutes": 0, "bookableOnline": true
        }],
        "templates": [],
        "exceptions": {"closures": [], "openings": []},
        "holidays": {"region": "metropole", "closed": true}
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secretarys_app_refuses_to_open_availability_through_the_real_ipc_path() {
    let sandbox = Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Demo {
            now: std::time::SystemTime::now().into(),
        },
        consent: Consent::Approve(SECRETARY.to_owned()),
    })
    .await
    .unwrap();
    let profile = Profile::new();
    let driver = Driver::start(&profile);
    let url = sandbox.base_url();
    let client = driver.session_with_args(&["--sandbox", &url]).await;

    // Linked as the secretary, with the practitioner's agenda shared as writer: she adds it to
    // her list (as in Google, a share alone does not put it there).
    eventually("linked", || {
        let c = client.clone();
        async move { invoke(&c, "sync_status", json!({})).await["ok"]["state"] == "idle" }
    })
    .await;
    let added = invoke(
        &client,
        "add_shared_calendar",
        json!({"calendarOrEmail": PRACTITIONER}),
    )
    .await;
    assert!(added.get("ok").is_some(), "{added}");
    eventually(
        "the practitioner's agenda, shared with the secretary",
        || {
            let c = client.clone();
            async move {
                let state =
                    invoke(&c, "get_availability", json!({"calendarId": PRACTITIONER})).await;
                state["ok"]["role"] == "writer"
            }
        },
    )
    .await;
    let state = invoke(
        &client,
        "get_availability",
        json!({"calendarId": PRACTITIONER}),
    )
    .await;
    assert_eq!(state["ok"]["canCreate"], false, "{state}");
    assert_eq!(state["ok"]["canModify"], true, "{state}");

    // Appointment types open no time: allowed.
    let saved = invoke(
        &client,
        "save_availability",
        json!({"calendarId": PRACTITIONER, "config": types_only()}),
    )
    .await;
    assert!(saved.get("ok").is_some(), "{saved}");

    // A weekly range opens time: refused by the command layer, whatever the UI shows.
    let mut with_range = types_only();
    with_range["templates"] = json!([{
        "id": "semaine", "weeks": "toutes",
        "ranges": [{"days": ["mercredi"], "start": "09:00", "end": "12:00"}]
    }]);
    let refused = invoke(
        &client,
        "save_availability",
        json!({"calendarId": PRACTITIONER, "config": with_range}),
    )
    .await;
    assert_eq!(refused["err"]["code"], "forbidden", "{refused}");
    assert!(
        refused["err"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Seul le titulaire")),
        "{refused}"
    );
    let after = invoke(
        &client,
        "get_availability",
        json!({"calendarId": PRACTITIONER}),
    )
    .await;
    assert_eq!(
        after["ok"]["config"]["templates"],
        json!([]),
        "nothing was saved: {after}"
    );
    client.close().await.unwrap();
}

/// Waits until the element's text satisfies `ok`, and returns it.
async fn text_when(client: &fantoccini::Client, css: &str, ok: impl Fn(&str) -> bool) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let last = text(client, css).await;
        if ok(&last) {
            return last;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{css} never got the expected text; last: {last:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Opens the publish dialog and returns its summary once the plan is read from Google.
async fn plan_in_dialog(client: &fantoccini::Client) -> String {
    click(client, &tid("availability-publish")).await;
    find(client, &tid("publish-dialog")).await;
    text_when(client, &tid("publish-summary"), |t| !t.is_empty()).await
}

/// Confirms the plan in the dialog and returns the result line.
async fn confirm_publish(client: &fantoccini::Client) -> String {
    click(client, &tid("publish-confirm")).await;
    text_when(client, &tid("publish-result"), |t| {
        t.contains("Publi") || t.contains("jour")
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_practitioner_publishes_availability_from_the_view_and_a_re_publish_writes_nothing() {
    let profile = Profile::new();
    let driver = Driver::start(&profile);
    let client = driver.session_with_args(&["--demo"]).await;
    find(&client, &tid("demo-badge")).await;
    click(&client, &tid("nav-availability")).await;
    find(&client, &tid("view-availability")).await;

    // The demo configuration extends the demo calendar's series: a first publish changes them.
    let first = plan_in_dialog(&client).await;
    assert!(
        first.contains("modifié"),
        "the seeded series get their longer end: {first}"
    );
    screenshot(&client, "availability-publish-plan").await;
    let result = confirm_publish(&client).await;
    assert!(result.contains("Publi"), "{result}");

    // Unchanged: nothing to write, and nothing to confirm.
    let again = plan_in_dialog(&client).await;
    assert_eq!(again, "Aucun changement");
    assert!(
        client
            .find(fantoccini::Locator::Css(&tid("publish-confirm")))
            .await
            .map(|_| false)
            .unwrap_or(true)
            || !find(&client, &tid("publish-confirm"))
                .await
                .is_enabled()
                .await
                .unwrap(),
        "no confirmation to give when nothing would be written"
    );
    click(&client, &tid("publish-cancel")).await;

    // A new Wednesday morning range, added with the keyboard-friendly form, then published.
    click(&client, &tid("range-add")).await;
    click(&client, &tid("range-day-mercredi")).await;
    for (field, value) in [("range-start", "09:00"), ("range-end", "12:00")] {
        let input = find(&client, &tid(field)).await;
        input.clear().await.unwrap();
        input.send_keys(value).await.unwrap();
    }
    click(&client, &tid("range-save")).await;
    let added = plan_in_dialog(&client).await;
    assert!(added.starts_with("1 créneau ajouté"), "{added}");
    confirm_publish(&client).await;

    // The new series is in the calendar: the Agenda's cache has a Wednesday 09:00 range.
    eventually("the published Wednesday range in the synced agenda", || {
        let c = client.clone();
        async move {
            let now = chrono_now();
            let events = invoke(&c, "agenda_events", json!({"from": now.0, "to": now.1})).await;
            events["ok"].as_array().is_some_and(|list| {
                list.iter().any(|e| {
                    e["kind"] == "availability"
                        && e["start"].as_str().is_some_and(|s| s.contains("T09:00:00"))
                        && weekday(e["start"].as_str().unwrap_or("")) == Some(3)
                })
            })
        }
    })
    .await;
    client.close().await.unwrap();
}

/// From now to three weeks later, RFC 3339.
fn chrono_now() -> (String, String) {
    let now = chrono::Utc::now();
    (
        now.to_rfc3339(),
        (now + chrono::TimeDelta::days(21)).to_rfc3339(),
    )
}

/// ISO weekday (1 = Monday) of an RFC 3339 date-time.
fn weekday(stamp: &str) -> Option<u32> {
    use chrono::Datelike;
    chrono::DateTime::parse_from_rfc3339(stamp)
        .ok()
        .map(|t| t.weekday().number_from_monday())
}
