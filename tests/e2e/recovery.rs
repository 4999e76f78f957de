//! A database that cannot be opened, in the real app: a profile whose database file is garbage
//! starts on the recovery screen (no panic, no app behind it); *Mettre le fichier de côté et
//! reconstruire*, confirmed, moves the file aside untouched and the app comes up on a new one.

use crate::driver::{Driver, Profile, click, eventually, find, invoke, screenshot, text, tid};
use rdv_store::DATABASE_FILE;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_garbage_database_opens_the_recovery_screen_and_a_rebuild_starts_the_app() {
    let profile = Profile::new();
    let data = profile.app_data();
    std::fs::create_dir_all(&data).unwrap();
    // The demo keychain holds the database key, as it does once the app has started there (the
    // key is drawn on a first start and kept in the session's keychain, shared by every
    // profile): a file it does not open is damaged, not a file whose key went missing.
    let keychain = rdv_compagnon::keychain::OsKeychain::with_service(rdv_compagnon::DEMO_ID);
    let first = tempfile::tempdir().unwrap();
    drop(rdv_app::open_store(first.path(), &keychain).expect("a key in the demo keychain"));
    let garbage: Vec<u8> = (0..64 * 1024_u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(data.join(DATABASE_FILE), &garbage).unwrap();

    let driver = Driver::start(&profile);
    let client = driver.session_with_args(&["--demo"]).await;

    // The recovery screen, in French, with the reason, the file and the outbox it could not read.
    let screen = text(&client, &tid("recovery-screen")).await;
    assert!(
        screen.contains("La base de données locale ne s’ouvre pas"),
        "{screen}"
    );
    assert!(
        screen.contains("Le fichier de la base de données est endommagé ou illisible"),
        "{screen}"
    );
    assert!(
        screen.contains(&data.join(DATABASE_FILE).display().to_string()),
        "the file's path is shown: {screen}"
    );
    assert!(
        screen.contains("Les modifications en attente n’ont pas pu être lues"),
        "{screen}"
    );
    // The app's commands answer with an error, not a crash, until a database is open.
    let refused = invoke(&client, "account_status", json!({})).await;
    assert!(refused.get("err").is_some(), "{refused}");
    screenshot(&client, "recovery-screen").await;

    // Set aside and rebuild, after the confirmation.
    click(&client, &tid("recovery-rebuild")).await;
    let confirm = text(&client, &tid("recovery-confirm")).await;
    assert!(
        confirm.contains("Rien ne peut être repris de ce fichier"),
        "{confirm}"
    );
    screenshot(&client, "recovery-confirm").await;
    click(&client, &tid("recovery-confirm-confirm")).await;

    // The app comes up on a new database (the demo links and syncs as on any first start).
    find(&client, &tid("demo-badge")).await;
    let state = invoke(&client, "startup_state", json!({})).await;
    assert_eq!(state["ok"]["state"], "ready", "{state}");
    eventually("the demo account linked on the new database", || {
        let c = client.clone();
        async move {
            let account = invoke(&c, "account_status", json!({})).await;
            account["ok"]["state"] == "linked"
        }
    })
    .await;
    // And the window shows it: synced, the sidebar no longer says no account.
    find(
        &client,
        "[data-testid=\"sync-status\"][data-state=\"idle\"]",
    )
    .await;
    screenshot(&client, "recovery-rebuilt").await;

    // The damaged file is aside, byte for byte; a new one is in its place.
    let aside: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .filter_map(|e| {
            let name = e.ok()?.file_name().to_string_lossy().into_owned();
            name.starts_with(&format!("{DATABASE_FILE}.damaged-"))
                .then_some(name)
        })
        .collect();
    assert_eq!(aside.len(), 1, "one file moved aside: {aside:?}");
    assert_eq!(std::fs::read(data.join(&aside[0])).unwrap(), garbage);
    assert_ne!(std::fs::read(data.join(DATABASE_FILE)).unwrap(), garbage);
    let log = profile.log_text();
    assert!(log.contains("recovery screen"), "the cause is logged");
    assert!(log.contains("moved aside"), "{log}");
    client.close().await.unwrap();
}
