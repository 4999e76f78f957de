//! Availability through the real app: the owner-only rule (PRODUCT.md art. 4.3) checked on the
//! real IPC path — the web view's `invoke`, the command layer, the use case — for a secretary
//! linked to a sandbox where the practitioner shares the agenda as `writer`; and a publish made
//! through the Disponibilités view.

use crate::driver::{Driver, Profile, eventually};
use rdv_sandbox::{Consent, PRACTITIONER, SECRETARY, Sandbox, SandboxConfig, Seed};
use serde_json::{Value, json};

/// Calls a command from the web view exactly as the UI does, and returns `{ok}` or `{err}`.
async fn invoke(client: &fantoccini::Client, command: &str, args: Value) -> Value {
    client
        .execute_async(
            "const [cmd, args, done] = arguments;
             window.__TAURI_INTERNALS__.invoke(cmd, args)
               .then(ok => done({ ok }), err => done({ err }));",
            vec![json!(command), args],
        )
        .await
        .expect("the script runs in the web view")
}

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

    // Linked as the secretary, with the practitioner's agenda shared as writer.
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
