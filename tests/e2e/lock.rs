//! The app lock in the real app: after the inactivity delay the window shows the lock screen and
//! nothing personal; a wrong PIN is refused; the right one unlocks. A PIN-protected app quit and
//! launched again starts on its lock screen, its core refusing personal data, and the wrong
//! attempts are still counted.

use crate::driver::{
    Driver, Profile, click, eventually, find, invoke, screenshot, text, tid, type_into,
};
use rdv_compagnon::keychain::OsKeychain;
use rdv_core::ports::{SecretKey, SecretStore};
use serde_json::json;

/// The demo's PIN in the test session's keychain, which every test shares: removed when a lock
/// test starts and when it ends (passed or failed), so no other `--demo` launch starts locked.
struct DemoPin;

impl DemoPin {
    fn cleared() -> Self {
        Self::remove();
        Self
    }

    fn remove() {
        OsKeychain::with_service(rdv_compagnon::DEMO_ID)
            .delete(&SecretKey::new(rdv_app::lock::PIN_KEY))
            .expect("the demo's PIN entry can be removed");
    }
}

impl Drop for DemoPin {
    fn drop(&mut self) {
        // No panic while a failed test unwinds.
        let _ = OsKeychain::with_service(rdv_compagnon::DEMO_ID)
            .delete(&SecretKey::new(rdv_app::lock::PIN_KEY));
    }
}

/// The last name of a demo booking, read through the core once the demo has synced.
async fn demo_patient(client: &fantoccini::Client) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    loop {
        let list = invoke(client, "upcoming_bookings", json!({"query": null})).await;
        if let Some(name) = list["ok"][0]["patient"]["lastName"].as_str() {
            return name.to_owned();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no demo booking: {list}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// Types `pin` on the lock screen, submits, and returns the message shown.
async fn wrong_pin(client: &fantoccini::Client, pin: &str) -> String {
    type_into(client, &tid("lock-pin"), pin).await;
    click(client, &tid("lock-submit")).await;
    text(client, &tid("lock-error")).await
}

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
    let _pin = DemoPin::cleared();
    let profile = Profile::new();
    let driver = Driver::start(&profile);
    let client = driver.session_with_args(&["--demo"]).await;
    find(&client, &tid("demo-badge")).await;
    // A patient's name, to look for while locked.
    let patient = demo_patient(&client).await;

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
async fn a_pin_protected_app_quit_and_launched_again_starts_locked_and_keeps_counting_attempts() {
    let _pin = DemoPin::cleared();
    let profile = Profile::new();
    let driver = Driver::start(&profile);
    let client = driver.session_with_args(&["--demo"]).await;
    find(&client, &tid("demo-badge")).await;
    let patient = demo_patient(&client).await;
    let set = invoke(
        &client,
        "set_lock_pin",
        json!({"current": null, "pin": "2468"}),
    )
    .await;
    assert_eq!(
        set["ok"]["locked"], false,
        "a PIN alone does not lock: {set}"
    );

    // Quit, launch again (the tray's Quitter ends the process as this does; nothing is saved
    // on the way out).
    client.close().await.unwrap();
    drop(driver);
    profile.stop_apps();
    let driver = Driver::start(&profile);
    let client = driver.session_with_args(&["--demo"]).await;
    find(&client, &tid("lock-screen")).await;
    // Drawn, not only in the page: what the window shows is read after it.
    eventually("the lock screen drawn", || {
        let c = client.clone();
        async move { page_text(&c).await.contains("Application verrouillée") }
    })
    .await;
    screenshot(&client, "lock-screen-after-restart").await;
    let shown = page_text(&client).await;
    assert!(
        !shown.contains(&patient),
        "no patient data at start: {shown}"
    );
    let refused = invoke(&client, "upcoming_bookings", json!({"query": null})).await;
    assert_eq!(
        refused["err"]["code"], "appLocked",
        "the core refuses from the start: {refused}"
    );
    let first = wrong_pin(&client, "1111").await;
    assert!(first.contains("2 essais avant une attente"), "{first}");

    // Again: the wrong attempt before quitting still counts.
    client.close().await.unwrap();
    drop(driver);
    profile.stop_apps();
    let driver = Driver::start(&profile);
    let client = driver.session_with_args(&["--demo"]).await;
    find(&client, &tid("lock-screen")).await;
    let second = wrong_pin(&client, "1111").await;
    assert!(
        second.contains("1 essai avant une attente"),
        "the count survived the restart: {second}"
    );
    type_into(&client, &tid("lock-pin"), "2468").await;
    click(&client, &tid("lock-submit")).await;
    click(&client, &tid("nav-bookings")).await;
    // The core answers again (the demo may have synced its sandbox anew meanwhile: read the
    // name again).
    let patient = demo_patient(&client).await;
    eventually("unlocked, the bookings back", || {
        let c = client.clone();
        let name = patient.clone();
        async move { page_text(&c).await.contains(&name) }
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
