//! Issue #15 point 6 end to end: *Feuille du jour* in the real web view. The demo practice's
//! first upcoming day is chosen, its sheet lists the day's appointments, and the print
//! stylesheet — the `@media print` rules the window's print applies — is applied to the screen
//! to see the page as it prints: only the sheet, the navigation hidden. The screenshot
//! (`target/tmp/e2e-screenshots/day-sheet-print.png`) is the printed page.

use crate::driver::{Driver, Profile, click, eventually, find, invoke, screenshot, tid};
use serde_json::json;

/// Sets a date field's value as a user picking a day does (WebKit's date field).
async fn pick_day(client: &fantoccini::Client, css: &str, day: &str) {
    let field = find(client, css).await;
    client
        .execute(
            "const el = arguments[0]; el.value = arguments[1];
             el.dispatchEvent(new Event('input', {bubbles: true}));
             el.dispatchEvent(new Event('change', {bubbles: true}));",
            vec![serde_json::to_value(&field).unwrap(), json!(day)],
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_day_sheet_lists_the_days_appointments_and_prints_only_the_sheet() {
    let profile = Profile::new();
    let driver = Driver::start(&profile);
    let client = driver.session_with_args(&["--demo"]).await;
    find(&client, &tid("demo-badge")).await;

    // The first day of the demo week with an appointment, in Paris.
    let marked = |list: &serde_json::Value| {
        list["ok"]
            .as_array()
            .and_then(|l| l.iter().find(|b| b["origin"] == "marked"))
            .cloned()
    };
    eventually("the demo's upcoming bookings", || {
        let c = client.clone();
        async move { marked(&invoke(&c, "upcoming_bookings", json!({"query": null})).await).is_some() }
    })
    .await;
    let booking =
        marked(&invoke(&client, "upcoming_bookings", json!({"query": null})).await).unwrap();
    // Its local day in Paris, as the web view's own time-zone data says.
    let day = client
        .execute(
            "return new Date(arguments[0]).toLocaleDateString('sv-SE', {timeZone: 'Europe/Paris'})",
            vec![booking["start"].clone()],
        )
        .await
        .unwrap()
        .as_str()
        .unwrap()
        .to_owned();
    assert!(day.len() == 10 && day.as_bytes()[4] == b'-', "{day}");
    let last_name = booking["patient"]["lastName"].as_str().unwrap().to_owned();

    click(&client, &tid("nav-bookings")).await;
    click(&client, &tid("bookings-tab-sheet")).await;
    find(&client, &tid("day-sheet")).await;
    pick_day(&client, &tid("sheet-from"), &day).await;
    pick_day(&client, &tid("sheet-to"), &day).await;
    eventually("the day's appointment on the sheet", || {
        let c = client.clone();
        let name = last_name.clone();
        async move {
            c.execute(
                "return [...document.querySelectorAll('[data-testid=\"sheet-row\"]')]
                   .map(r => r.textContent).join('\\n')",
                vec![],
            )
            .await
            .ok()
            .and_then(|v| v.as_str().map(|s| s.contains(&name)))
            .unwrap_or(false)
        }
    })
    .await;
    screenshot(&client, "day-sheet").await;

    // The print stylesheet applied to the screen: the page as the window's print renders it.
    // (The CSP forbids an injected <style>; the CSSOM may widen the rules' media instead.)
    let applied = client
        .execute(
            "let n = 0;
             for (const sheet of document.styleSheets) {
               for (const rule of sheet.cssRules) {
                 if (rule instanceof CSSMediaRule && rule.media.mediaText.includes('print')) {
                   rule.media.appendMedium('screen');
                   n += rule.cssRules.length;
                 }
               }
             }
             return n;",
            vec![],
        )
        .await
        .unwrap();
    assert!(
        applied.as_u64().unwrap_or(0) > 0,
        "the bundle carries print rules"
    );
    screenshot(&client, "day-sheet-print").await;
    assert!(
        !find(&client, &tid("nav-bookings"))
            .await
            .is_displayed()
            .await
            .unwrap(),
        "the navigation is not printed"
    );
    assert!(
        !find(&client, &tid("sheet-print"))
            .await
            .is_displayed()
            .await
            .unwrap(),
        "nor the sheet's own buttons"
    );
    let row = find(&client, &tid("sheet-row")).await;
    assert!(row.is_displayed().await.unwrap(), "the sheet is printed");
    client.close().await.unwrap();
}
