//! The booking site stand-in over raw HTTP (docs/booking-endpoint.md): WordPress's
//! authentication and envelopes, ETags, the cursor feed's shapes, erasure, cancellation seen by
//! the calendar's sync, faults on `/wp-json/` paths, the demo seed.

use std::collections::BTreeSet;

use chrono::{Duration, Utc};
use rdv_sandbox::{
    Fault, FaultKind, PRACTITIONER, SITE_APP_PASSWORD, SITE_USER, SiteBooking, SiteSmsKind,
};
use reqwest::Method;
use serde_json::{Value, json};

use crate::support::*;

const AUTH: Option<(&str, &str)> = Some((SITE_USER, SITE_APP_PASSWORD));

impl Env {
    async fn site(
        &self,
        method: Method,
        auth: Option<(&str, &str)>,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let url = self.url(&format!("wp-json/rdv-compagnon/v1/{path}"));
        let mut req = self.http.request(method, url);
        if let Some((u, p)) = auth {
            req = req.basic_auth(u, Some(p));
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        into_resp(req.send().await.expect("the sandbox answers")).await
    }

    async fn site_get(&self, path: &str) -> Resp {
        self.site(Method::GET, AUTH, path, None, &[]).await
    }
}

fn keys_of(v: &Value) -> BTreeSet<&str> {
    v.as_object()
        .map(|o| o.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

fn a_booking(id: &str, first: &str, phone: &str) -> SiteBooking {
    SiteBooking {
        phone: Some(phone.into()),
        email: Some(format!("{}.martin@example.fr", first.to_lowercase())),
        ..SiteBooking::new(id, "consultation", first, "Martin", Utc::now())
    }
}

/// § Errors, § Transport and authentication: WordPress checks Basic credentials before routing
/// (a wrong password is a 401 even on an unknown route); without credentials the plugin's
/// permission check answers 401 `rest_forbidden`; every error is `{code, message, data.status}`.
#[tokio::test]
async fn authentication_and_routing_answer_wordpress_envelopes() {
    let env = start().await;
    let r = env.site(Method::GET, None, "status", None, &[]).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (401, Some("rest_forbidden"))
    );
    assert_eq!(
        keys_of(&r.body),
        BTreeSet::from(["code", "message", "data"])
    );
    assert_eq!(r.body["data"], json!({"status": 401}));
    assert_eq!(
        r.header("content-type"),
        Some("application/json; charset=UTF-8")
    );
    assert!(
        r.header("cache-control").unwrap().contains("no-store"),
        "personal data is never cached"
    );

    let wrong = Some((SITE_USER, "xxxx xxxx xxxx xxxx xxxx xxxx"));
    let r = env.site(Method::GET, wrong, "nowhere", None, &[]).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (401, Some("incorrect_password"))
    );
    let r = env
        .site(Method::GET, Some(("personne", "x")), "status", None, &[])
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (401, Some("invalid_username"))
    );

    for (method, path) in [
        (Method::GET, "nowhere"),
        (Method::DELETE, "config"),
        (Method::GET, "bookings/x/cancel"),
    ] {
        let r = env.site(method, AUTH, path, None, &[]).await;
        assert_eq!(
            (r.status, r.body["code"].as_str()),
            (404, Some("rest_no_route")),
            "{path}"
        );
    }
    env.control.set_site_plugin_active(false);
    let r = env.site_get("status").await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (404, Some("rest_no_route")),
        "plugin inactive"
    );
}

/// § Status.
#[tokio::test]
async fn status_has_the_documented_fields() {
    let env = start().await;
    let r = env.site_get("status").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        keys_of(&r.body),
        BTreeSet::from([
            "siteName",
            "siteUrl",
            "pluginVersion",
            "apiVersion",
            "serverTime",
            "timeZone",
            "google"
        ])
    );
    assert_eq!(r.body["siteUrl"], env.base.as_str());
    assert_eq!(r.body["apiVersion"], "1.1", "§ Version 1.1");
    assert_eq!(
        (&r.body["google"]["linked"], &r.body["google"]["state"]),
        (&json!(false), &json!("unlinked")),
        "no calendar to book into: the site's Google access is not linked"
    );
    env.control.add_account(PRACTITIONER, "Dr Camille Laurent");
    let r = env.site_get("status").await;
    assert_eq!(
        (&r.body["google"]["linked"], &r.body["google"]["state"]),
        (&json!(true), &json!("ok"))
    );
}

/// § Configuration: `ETag` on reads, `304` for `If-None-Match`, `428` without `If-Match`, `412`
/// with a stale one (`data.etag` current), a weak `W/` form accepted, every problem of a `400`
/// in `data.params`, `rest_invalid_json` for a body that is not JSON.
#[tokio::test]
async fn the_configuration_is_guarded_by_its_etag() {
    let env = start().await;
    let r = env.site_get("config").await;
    let etag = r.header("etag").expect("an ETag").to_owned();
    let mut doc = r.body.clone();
    assert_eq!(doc["retentionDays"], 120, "120 days by default (art. 8.3)");
    let r = env
        .site(
            Method::GET,
            AUTH,
            "config",
            None,
            &[("if-none-match", &etag)],
        )
        .await;
    assert_eq!((r.status, r.text.as_str()), (304, ""));

    doc["appointmentTypes"] =
        json!([{"id": "consultation", "name": "Consultation", "durationMinutes": 30}]);
    let r = env
        .site(Method::PUT, AUTH, "config", Some(doc.clone()), &[])
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (428, Some("rdv_precondition_required"))
    );
    let weak = format!("W/{etag}");
    let r = env
        .site(
            Method::PUT,
            AUTH,
            "config",
            Some(doc.clone()),
            &[("if-match", &weak)],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let current = r.header("etag").unwrap().to_owned();
    assert_ne!(current, etag);
    assert_eq!(
        r.body["appointmentTypes"][0]["colour"], "#3F51B5",
        "defaults written out"
    );

    let r = env
        .site(
            Method::PUT,
            AUTH,
            "config",
            Some(doc.clone()),
            &[("if-match", &etag)],
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (412, Some("rdv_precondition_failed"))
    );
    assert_eq!(r.body["data"]["etag"], current.as_str());

    let mut bad = doc.clone();
    bad["retentionDays"] = json!(30);
    bad["sms"]["texts"]["reminder"] = json!("Rappel {date} {inconnue}");
    bad["appointmentTypes"][0]["durationMinutes"] = json!("trente");
    let r = env
        .site(
            Method::PUT,
            AUTH,
            "config",
            Some(bad),
            &[("if-match", &current)],
        )
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (400, Some("rest_invalid_param"))
    );
    assert_eq!(
        keys_of(&r.body["data"]["params"]),
        BTreeSet::from([
            "appointmentTypes[0].durationMinutes",
            "retentionDays",
            "sms.texts.reminder"
        ])
    );
    assert!(
        !r.text.contains("trente"),
        "messages never quote submitted values"
    );

    let raw = env
        .http
        .put(env.url("wp-json/rdv-compagnon/v1/config"))
        .basic_auth(SITE_USER, Some(SITE_APP_PASSWORD))
        .header("if-match", &current)
        .body("{not json")
        .send()
        .await
        .unwrap();
    let r = into_resp(raw).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (400, Some("rest_invalid_json"))
    );
}

/// § Bookings, § Privacy: a record has exactly the documented fields (the four patient fields,
/// consent, SMS statuses — nothing else); a tombstone is `{id, deleted, deletedAt}`; `limit`
/// outside 1–500 is a `400` on `limit`.
#[tokio::test]
async fn records_and_tombstones_have_exactly_the_documented_fields() {
    let env = start().await;
    env.control
        .add_site_booking(a_booking("evt1", "Jeanne", "+33612345678"));
    env.control
        .add_site_booking(a_booking("evt2", "Louis", "+33612345679"));
    let r = env.site_get("bookings?limit=1").await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(
        keys_of(&r.body),
        BTreeSet::from(["items", "nextCursor", "hasMore"])
    );
    assert_eq!(r.body["hasMore"], true);
    let record = &r.body["items"][0];
    assert_eq!(
        keys_of(record),
        BTreeSet::from([
            "id",
            "deleted",
            "createdAt",
            "updatedAt",
            "appointmentType",
            "source",
            "firstName",
            "lastName",
            "phone",
            "email",
            "consent",
            "sms",
            "cancelledAt",
        ])
    );
    assert_eq!(
        keys_of(&record["sms"]),
        BTreeSet::from(["confirmation", "reminder", "cancellation"])
    );
    let cursor = r.body["nextCursor"].as_str().unwrap().to_owned();

    let r = env
        .site(
            Method::POST,
            AUTH,
            "erasure",
            Some(json!({"email": "JEANNE.martin@example.fr"})),
            &[],
        )
        .await;
    assert_eq!(
        r.body,
        json!({"dryRun": false, "count": 1, "ids": ["evt1"]})
    );
    let r = env.site_get(&format!("bookings?cursor={cursor}")).await;
    let ids: Vec<&str> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        vec!["evt2", "evt1"],
        "the rest of the first read, then the erasure"
    );
    let tombstone = &r.body["items"][1];
    assert_eq!(
        keys_of(tombstone),
        BTreeSet::from(["id", "deleted", "deletedAt"])
    );
    assert_eq!(tombstone["deleted"], true);
    assert_eq!(env.control.site_record("evt1").unwrap(), *tombstone);

    for limit in ["0", "501", "dix"] {
        let r = env.site_get(&format!("bookings?limit={limit}")).await;
        assert_eq!(r.status, 400, "{limit}");
        assert!(r.body["data"]["params"]["limit"].is_string());
    }
}

/// § Erasure: `GET /erasure` is a dry run; the recorded request keeps no email or phone (they
/// would be personal data in a log); a request naming nobody is a `400`.
#[tokio::test]
async fn the_erasure_preview_erases_nothing_and_is_not_logged() {
    let env = start().await;
    env.control
        .add_site_booking(a_booking("evt1", "Jeanne", "06 12 34 56 78"));
    let r = env.site_get("erasure?phone=%2B33612345678").await;
    assert_eq!(r.body, json!({"dryRun": true, "count": 1, "ids": ["evt1"]}));
    assert!(env.control.site_booking("evt1").is_some(), "nothing erased");
    let logged = env.control.requests().last().unwrap().query.clone();
    assert_eq!(logged, "phone=REDACTED");
    let r = env.site_get("erasure").await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (400, Some("rest_invalid_param"))
    );
    assert!(r.body["data"]["params"]["email"].is_string());
    let r = env.site_get("erasure?email=pas-une-adresse").await;
    assert_eq!(r.status, 400);
}

/// § Cancelling: the site deletes the Google event, so the calendar's incremental sync delivers
/// it cancelled; a repeat answers `alreadyCancelled: true`.
#[tokio::test]
async fn a_cancellation_by_the_site_reaches_the_calendars_sync() {
    let env = start().await;
    let token = env.token(PRACTITIONER);
    let start = Utc::now() + Duration::days(2);
    let event = env
        .insert_at(
            &token,
            PRACTITIONER,
            "Consultation – Jeanne Martin",
            &start.to_rfc3339(),
            &(start + Duration::minutes(30)).to_rfc3339(),
        )
        .await;
    let id = event["id"].as_str().unwrap();
    env.control
        .add_site_booking(a_booking(id, "Jeanne", "+33612345678"));
    let events = format!("calendars/{}/events", enc(PRACTITIONER));
    let pages = env.pages(&token, &events).await;
    let sync = pages.last().unwrap().body["nextSyncToken"]
        .as_str()
        .unwrap()
        .to_owned();

    let r = env
        .site(
            Method::POST,
            AUTH,
            &format!("bookings/{id}/cancel"),
            None,
            &[],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["alreadyCancelled"], false);
    assert!(r.body["booking"]["cancelledAt"].is_string());
    assert_eq!(
        r.body["booking"]["sms"]["cancellation"], "none",
        "SMS off on a fresh site"
    );

    // Sync tokens are standard base64 (`+`, `/`, `=`), like Google's: encoded in the query.
    let delta = env
        .get(&token, &format!("{events}?syncToken={}", enc(&sync)))
        .await;
    let items = delta.items();
    assert_eq!(items.len(), 1);
    assert_eq!(
        (items[0]["id"].as_str(), items[0]["status"].as_str()),
        (Some(id), Some("cancelled"))
    );

    let r = env
        .site(
            Method::POST,
            AUTH,
            &format!("bookings/{id}/cancel"),
            Some(json!({"reason": "doublon"})),
            &[],
        )
        .await;
    assert_eq!((r.status, &r.body["alreadyCancelled"]), (200, &json!(true)));
    let r = env
        .site(
            Method::POST,
            AUTH,
            &format!("bookings/{id}/cancel"),
            Some(json!({"reason": "x".repeat(201)})),
            &[],
        )
        .await;
    assert_eq!(r.status, 400, "a reason over 200 characters is refused");
    assert!(r.body["data"]["params"]["reason"].is_string());
    let r = env
        .site(Method::POST, AUTH, "bookings/inconnu/cancel", None, &[])
        .await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (404, Some("rdv_booking_not_found"))
    );
}

/// § SMS usage: segments as SMS platforms bill them (a `ê` makes a message UCS-2), cost at the
/// month's price as a decimal string, `400` on a malformed month.
#[tokio::test]
async fn sms_usage_bills_segments_at_the_months_price() {
    let env = start().await;
    let mut config = env.control.site_config();
    config["appointmentTypes"] =
        json!([{"id": "consultation", "name": "Consultation", "durationMinutes": 30}]);
    config["sms"]["texts"]["reminder"] = json!(format!(
        "{{praticien}} : rappel, empêchement ? {}",
        "a".repeat(60)
    ));
    env.control.set_site_config(config);
    env.control
        .add_site_booking(a_booking("evt1", "Jeanne", "+33612345678"));
    let plain = env.control.send_site_sms("evt1", SiteSmsKind::Confirmation);
    let accented = env.control.send_site_sms("evt1", SiteSmsKind::Reminder);
    assert_eq!(plain.segments, 1, "{:?}", plain.text);
    assert_eq!(
        accented.segments, 2,
        "ê is not GSM 03.38: 70 characters per SMS"
    );
    let r = env.site_get("sms/usage").await;
    assert_eq!(r.body["messages"], 2);
    assert_eq!(r.body["segments"], 3);
    assert_eq!(r.body["cost"], "0.24", "3 × 0.08 €");
    assert_eq!(
        r.body["byKind"]["reminder"],
        json!({"messages": 1, "segments": 2})
    );
    for bad in ["2026-13", "novembre", "2026-1"] {
        let r = env.site_get(&format!("sms/usage?month={bad}")).await;
        assert_eq!(r.status, 400, "{bad}");
    }
}

/// § Errors, § Retries: a status fault on a `/wp-json/` path answers a WordPress envelope (the
/// reason as `code`, `Retry-After: 1` on a 429); a malformed body is cut JSON with a 200.
#[tokio::test]
async fn faults_on_the_site_answer_in_wordpress_shape() {
    let env = start().await;
    env.control.inject(Fault::new(
        "/wp-json/",
        FaultKind::Status {
            status: 429,
            reason: "too_many_requests".into(),
        },
    ));
    let r = env.site_get("status").await;
    assert_eq!(r.status, 429);
    assert_eq!(
        r.body,
        json!({"code": "too_many_requests", "message": "Too Many Requests", "data": {"status": 429}})
    );
    assert_eq!(r.header("retry-after"), Some("1"));
    env.control
        .inject(Fault::new("/bookings", FaultKind::MalformedBody));
    let r = env.site_get("bookings").await;
    assert_eq!(r.status, 200);
    assert!(r.body.is_null(), "not JSON: {}", r.text);
}

/// § Retention: records older than `retentionDays` become tombstones on the sandbox clock;
/// tombstones are dropped after 30 days and cursors from before then expire (`410`).
#[tokio::test]
async fn retention_and_tombstone_expiry_follow_the_sandbox_clock() {
    let env = start().await;
    env.control.add_site_booking(SiteBooking {
        created_at: Utc::now() - Duration::days(119),
        ..a_booking("old", "Jeanne", "+33612345678")
    });
    let first = env.site_get("bookings").await;
    let cursor = first.body["nextCursor"].as_str().unwrap().to_owned();
    env.control
        .advance_time(std::time::Duration::from_secs(2 * 86_400));
    assert_eq!(env.control.site_record("old").unwrap()["deleted"], true);
    assert!(env.control.site_booking("old").is_none());
    env.control
        .advance_time(std::time::Duration::from_secs(31 * 86_400));
    let r = env.site_get(&format!("bookings?cursor={cursor}")).await;
    assert_eq!(
        (r.status, r.body["code"].as_str()),
        (410, Some("rdv_cursor_expired"))
    );
    assert!(
        env.control.site_record("old").is_none(),
        "the tombstone itself is gone"
    );
}

/// The demo seed: one site record per demo booking (same event ids and patients), the demo's
/// appointment types, 120 days, SMS usage this month and the previous one.
#[tokio::test]
async fn the_demo_site_mirrors_the_demo_calendar() {
    let env = start_demo("2026-11-26T09:00:00Z").await;
    let bookings: Vec<Value> = env
        .control
        .events(PRACTITIONER)
        .into_iter()
        .filter(|e| e["extendedProperties"]["private"]["rdv.kind"] == "booking")
        .collect();
    let r = env.site_get("bookings?limit=500").await;
    let records = r.body["items"].as_array().unwrap();
    assert_eq!(records.len(), bookings.len());
    for e in &bookings {
        let id = e["id"].as_str().unwrap();
        let rec = records
            .iter()
            .find(|r| r["id"] == id)
            .expect("a record per booking");
        let p = &e["extendedProperties"]["private"];
        for (field, key) in [
            ("firstName", "rdv.firstName"),
            ("lastName", "rdv.lastName"),
            ("phone", "rdv.phone"),
            ("email", "rdv.email"),
            ("appointmentType", "rdv.type"),
            ("source", "rdv.source"),
            ("createdAt", "rdv.bookedAt"),
        ] {
            assert_eq!(rec[field], p[key], "{id} {field}");
        }
    }
    let config = env.site_get("config").await.body;
    assert_eq!(config["retentionDays"], 120);
    let ids: Vec<&str> = config["appointmentTypes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, vec!["consultation", "premiere-consultation", "suivi"]);
    for month in ["2026-11", "2026-10"] {
        let u = env.site_get(&format!("sms/usage?month={month}")).await.body;
        assert!(u["messages"].as_u64().unwrap() > 0, "{month}: {u}");
    }
}
