//! The app lock in the real app: after the inactivity delay the window shows the lock screen and
//! nothing personal; a wrong PIN is refused; the right one unlocks.

use crate::driver::{Driver, Profile, click, eventually, find, invoke, screenshot, text, tid};
use serde_json::json;

async fn page_text(client: &fantoccini::Client) -> String {
    client
        .execute("return document.body.innerText", vec![])
        .await
        .unwrap()
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_the_inactivity_delay_the_lock_screen_hides_everything_until_the_pin() {
    let profile = Profile::new();
    let driver = Driver::start(&profile);
    let client = driver.session_with_args(&["--demo"]).await;
    find(&client, &tid("demo-badge")).await;
    // A patient's name, to look for while locked.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let patient = loop {
        let list = invoke(&client, "upcoming_bookings", json!({"query": null})).await;
        if let Some(name) = list["ok"][0]["patient"]["lastName"].as_str() {
            break name.to_owned();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no demo booking: {list}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };

    // A PIN, and a short delay for the test (the UI offers minutes).
    let set = invoke(
        &client,
        "set_lock_pin",
        json!({"current": null, "pin": "2468"}),
    )
    .await;
    assert!(set.get("ok").is_some(), "{set}");
    let delay = invoke(&client, "set_lock_delay", json!({"seconds": 5})).await;
    assert!(delay.get("ok").is_some(), "{delay}");
    client.refresh().await.unwrap();
    click(&client, &tid("nav-bookings")).await;
    eventually("the patient's name on screen", || {
        let c = client.clone();
        let name = patient.clone();
        async move { page_text(&c).await.contains(&name) }
    })
    .await;

    // No activity: the lock screen comes, with nothing personal behind it.
    find(&client, &tid("lock-screen")).await;
    screenshot(&client, "lock-screen").await;
    let locked_text = page_text(&client).await;
    assert!(
        !locked_text.contains(&patient),
        "no patient data while locked: {locked_text}"
    );
    let refused = invoke(&client, "upcoming_bookings", json!({"query": null})).await;
    assert_eq!(
        refused["err"]["code"], "appLocked",
        "the core refuses too: {refused}"
    );

    // A wrong PIN, then the right one.
    let pin = find(&client, &tid("lock-pin")).await;
    pin.send_keys("1111").await.unwrap();
    click(&client, &tid("lock-submit")).await;
    let error = text(&client, &tid("lock-error")).await;
    assert!(error.contains("Code incorrect"), "{error}");
    let pin = find(&client, &tid("lock-pin")).await;
    pin.clear().await.unwrap();
    pin.send_keys("2468").await.unwrap();
    click(&client, &tid("lock-submit")).await;
    eventually("unlocked, the bookings back", || {
        let c = client.clone();
        let name = patient.clone();
        async move {
            c.find(fantoccini::Locator::Css(&tid("lock-screen")))
                .await
                .is_err()
                && page_text(&c).await.contains(&name)
        }
    })
    .await;
    client.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starting_with_the_session_writes_an_autostart_entry_that_starts_minimised() {
    let profile = Profile::new();
    let driver = Driver::start(&profile);
    let client = driver.session().await;
    click(&client, &tid("nav-settings")).await;
    // tauri-plugin-autostart (auto-launch) writes $HOME/.config/autostart, whatever
    // XDG_CONFIG_HOME says; HOME is the test session's own.
    let entry_dir = std::path::PathBuf::from(std::env::var("HOME").unwrap())
        .join(".config")
        .join("autostart");
    let entries = || {
        std::fs::read_dir(&entry_dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.path())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    };
    assert!(entries().is_empty(), "off by default");
    click(&client, &tid("settings-autostart")).await;
    eventually("the XDG autostart entry", || {
        let found = !entries().is_empty();
        async move { found }
    })
    .await;
    let desktop = std::fs::read_to_string(&entries()[0]).unwrap();
    assert!(
        desktop.contains("--minimized"),
        "starts in the tray: {desktop}"
    );
    let on = invoke(&client, "autostart_status", json!({})).await;
    assert_eq!(on["ok"], true);
    click(&client, &tid("settings-autostart")).await;
    eventually("the entry removed", || {
        let gone = entries().is_empty();
        async move { gone }
    })
    .await;
    client.close().await.unwrap();
}
