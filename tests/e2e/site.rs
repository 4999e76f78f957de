//! The booking site in demo mode, through the UI: link the demo site, edit the reminder text
//! with an « ê » and see the segment count change (GSM-7 → UCS-2), then an erasure request for a
//! demo patient, with its report.

use crate::driver::{
    Driver, Profile, click, eventually, find, invoke, screenshot, text, tid, type_into,
};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_site_links_its_reminder_counts_segments_live_and_an_erasure_reports() {
    let profile = Profile::new();
    let driver = Driver::start(&profile);
    let client = driver.session_with_args(&["--demo"]).await;
    find(&client, &tid("demo-badge")).await;
    click(&client, &tid("nav-settings")).await;
    click(&client, &tid("site-link-demo")).await;
    eventually("the demo site linked", || {
        let c = client.clone();
        async move { invoke(&c, "site_state", json!({})).await["ok"]["linked"] == true }
    })
    .await;

    // The reminder text: plain GSM first, then with « même » — UCS-2, more segments.
    let plain = "Bonjour {prenom}, {praticien} vous attend le {date} a {heure}. Merci de prevenir en cas d'empechement au {telephone}.";
    type_into(&client, &tid("sms-reminder"), plain).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let before = loop {
        assert!(
            std::time::Instant::now() < deadline,
            "the counter never showed GSM-7"
        );
        let enc = text(&client, &tid("sms-reminder-encoding")).await;
        if enc.contains("GSM") {
            break text(&client, &tid("sms-reminder-segments")).await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    let with_hat = plain.replace("empechement", "empêchement");
    type_into(&client, &tid("sms-reminder"), &with_hat).await;
    eventually("the counter switched to UCS-2", || {
        let c = client.clone();
        async move {
            text(&c, &tid("sms-reminder-encoding"))
                .await
                .contains("UCS")
        }
    })
    .await;
    let after = text(&client, &tid("sms-reminder-segments")).await;
    assert_ne!(before, after, "the segment count changes with the ê");
    screenshot(&client, "sms-counter-ucs2").await;

    // An erasure request for a demo patient.
    let list = invoke(&client, "upcoming_bookings", json!({"query": null})).await;
    let email = list["ok"]
        .as_array()
        .and_then(|l| l.iter().find_map(|b| b["patient"]["email"].as_str()))
        .expect("a demo patient with an email")
        .to_owned();
    type_into(&client, &tid("erasure-email"), &email).await;
    click(&client, &tid("erasure-search")).await;
    find(&client, &tid("erasure-match")).await;
    click(&client, &tid("erasure-erase")).await;
    click(&client, &tid("erasure-confirm")).await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let report = loop {
        assert!(std::time::Instant::now() < deadline, "no erasure report");
        let r = text(&client, &tid("erasure-report")).await;
        let value = client
            .execute(
                "const el = document.querySelector(arguments[0]); return el ? (el.value || el.textContent) : ''",
                vec![json!(tid("erasure-report"))],
            )
            .await
            .unwrap();
        let v = value.as_str().unwrap_or_default().to_owned();
        if !v.is_empty() || !r.is_empty() {
            break if v.is_empty() { r } else { v };
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    assert!(report.contains("effacées"), "{report}");
    assert!(
        !report.contains(&email),
        "the report does not repeat the data"
    );
    let again = invoke(
        &client,
        "find_person",
        json!({"email": email, "phone": null}),
    )
    .await;
    assert_eq!(
        again["ok"],
        json!([]),
        "nothing of the person is left: {again}"
    );
    client.close().await.unwrap();
}
