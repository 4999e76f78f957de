//! The SMS provider's stand-in: Brevo's transactional SMS API (developers.brevo.com), as the
//! booking site's plugin calls it. Each test cites the documentation point it reproduces.

use std::sync::{Arc, Mutex};

use rdv_sandbox::{DeliverError, SMS_API_KEY};
use serde_json::{Value, json};

use crate::support::{Env, into_resp, start};

async fn send(env: &Env, key: Option<&str>, body: Value) -> crate::support::Resp {
    let mut req = env
        .http
        .post(env.url("v3/transactionalSMS/send"))
        .header("accept", "application/json")
        .json(&body);
    if let Some(k) = key {
        req = req.header("api-key", k);
    }
    into_resp(req.send().await.unwrap()).await
}

fn message(web_url: Option<&str>) -> Value {
    json!({
        "sender": "DR LAURENT",
        "recipient": "33612345678",
        "content": "Bonjour Jeanne, RDV confirmé avec Dr Camille Laurent le mardi 24/11 à 14h30.",
        "type": "transactional",
        "tag": "rdv-42",
        "webUrl": web_url,
    })
}

/// A local webhook receiver: every JSON body posted to it.
async fn receiver() -> (String, Arc<Mutex<Vec<Value>>>) {
    let seen: Arc<Mutex<Vec<Value>>> = Arc::default();
    let kept = seen.clone();
    let app = axum::Router::new().route(
        "/hook",
        axum::routing::post(move |body: axum::Json<Value>| {
            let kept = kept.clone();
            async move {
                kept.lock().unwrap().push(body.0);
                "ok"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook?secret=s3", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

/// *Send transactional SMS*: `POST /v3/transactionalSMS/send` with the `api-key` header and
/// `sender`, `recipient`, `content` → `201 {"messageId": <int>}`; the message is recorded as sent.
#[tokio::test]
async fn a_message_is_accepted_recorded_and_answered_with_its_message_id() {
    let env = start().await;
    let r = send(&env, Some(SMS_API_KEY), message(None)).await;
    assert_eq!(r.status, 201, "{}", r.text);
    assert_eq!(r.body, json!({"messageId": 1}));
    let r2 = send(&env, Some(SMS_API_KEY), message(None)).await;
    assert_eq!(r2.body["messageId"], 2);
    let got = env.control.sms_received();
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].sender, "DR LAURENT");
    assert_eq!(got[0].recipient, "33612345678");
    assert!(got[0].content.starts_with("Bonjour Jeanne"));
    assert_eq!(got[0].kind, "transactional");
    assert_eq!(got[0].tag.as_deref(), Some("rdv-42"));
    assert_eq!(got[0].sms_count, 1, "é and à are GSM: one SMS");
}

/// *Authentication*: the `api-key` header is required; a missing or wrong key is
/// `401 {"code": "unauthorized", "message": "Key not found"}` and nothing is sent.
#[tokio::test]
async fn a_missing_or_wrong_key_is_unauthorised() {
    let env = start().await;
    for key in [None, Some("xkeysib-wrong")] {
        let r = send(&env, key, message(None)).await;
        assert_eq!(r.status, 401);
        assert_eq!(r.body["code"], "unauthorized");
        assert_eq!(r.body["message"], "Key not found");
    }
    env.control.set_sms_api_key("xkeysib-other");
    assert_eq!(
        send(&env, Some(SMS_API_KEY), message(None)).await.status,
        401
    );
    assert_eq!(
        send(&env, Some("xkeysib-other"), message(None))
            .await
            .status,
        201
    );
    assert_eq!(env.control.sms_received().len(), 1);
}

/// *Send transactional SMS*, body parameters: `sender` at most 11 alphanumeric (or 15 numeric)
/// characters, `recipient` a number with its country code, `content` required, `type`
/// `transactional` or `marketing`, `webUrl` a URL → `400` `missing_parameter` /
/// `invalid_parameter`, nothing recorded.
#[tokio::test]
async fn bad_bodies_are_refused_with_the_documented_codes() {
    let env = start().await;
    let with = |k: &str, v: Value| {
        let mut m = message(None);
        m[k] = v;
        m
    };
    let cases = [
        (with("content", json!("")), "missing_parameter"),
        (with("sender", Value::Null), "missing_parameter"),
        (with("recipient", Value::Null), "missing_parameter"),
        (
            with("sender", json!("CABINET DR LAURENT")),
            "invalid_parameter",
        ),
        (with("sender", json!("DR-LAURENT")), "invalid_parameter"),
        (
            with("recipient", json!("06 12 34 56 78")),
            "invalid_parameter",
        ),
        (with("type", json!("urgent")), "invalid_parameter"),
        (with("webUrl", json!("not a url")), "invalid_parameter"),
        (with("tag", json!(42)), "invalid_parameter"),
    ];
    for (body, code) in cases {
        let r = send(&env, Some(SMS_API_KEY), body.clone()).await;
        assert_eq!(r.status, 400, "{body}");
        assert_eq!(r.body["code"], code, "{body}");
        assert!(r.body["message"].is_string());
    }
    let numeric = send(
        &env,
        Some(SMS_API_KEY),
        with("sender", json!("33612345678901")),
    )
    .await;
    assert_eq!(numeric.status, 201, "15 digits are a valid numeric sender");
    assert_eq!(env.control.sms_received().len(), 1);
}

/// *Transactional webhooks › Transactional SMS events*: the message's `webUrl` receives a JSON
/// `POST` with `to`, `sms_count`, `credits_used`, `messageId`, `remaining_credit`, `msg_status`,
/// `date`, `type`, `reference` for each event.
#[tokio::test]
async fn a_delivery_event_is_posted_to_the_web_url() {
    let env = start().await;
    let (hook, seen) = receiver().await;
    let id = send(&env, Some(SMS_API_KEY), message(Some(&hook)))
        .await
        .body["messageId"]
        .as_u64()
        .unwrap();
    assert_eq!(env.control.deliver_sms(id, "delivered").await, Ok(200));
    let got = seen.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    let e = &got[0];
    assert_eq!(e["msg_status"], "delivered");
    assert_eq!(e["messageId"], id);
    assert_eq!(e["to"], "33612345678");
    assert_eq!(e["type"], "transactional");
    for k in [
        "id",
        "sms_count",
        "credits_used",
        "remaining_credit",
        "date",
        "reference",
    ] {
        assert!(!e[k].is_null(), "{k} missing in {e}");
    }
    assert_eq!(
        env.control.sms_received()[0].status.as_deref(),
        Some("delivered")
    );
    assert_eq!(env.control.deliver_sms(id, "hard_bounce").await, Ok(200));
    assert_eq!(seen.lock().unwrap()[1]["msg_status"], "hard_bounce");
    assert_eq!(
        env.control.deliver_sms(id, "opened").await,
        Err(DeliverError::Status)
    );
    assert_eq!(
        env.control.deliver_sms(99, "delivered").await,
        Err(DeliverError::Unknown)
    );
    let silent = send(&env, Some(SMS_API_KEY), message(None)).await.body["messageId"]
        .as_u64()
        .unwrap();
    assert_eq!(
        env.control.deliver_sms(silent, "delivered").await,
        Err(DeliverError::NoWebUrl)
    );
}

/// Not Brevo: the sandbox's own HTTP inspection for the plugin's PHP tests and the demo —
/// `GET /sandbox/sms` lists the messages, `POST /sandbox/sms/{id}/deliver?status=` posts the
/// event; both need the `api-key`.
#[tokio::test]
async fn the_http_inspection_lists_messages_and_delivers_events() {
    let env = start().await;
    let (hook, seen) = receiver().await;
    send(&env, Some(SMS_API_KEY), message(Some(&hook))).await;
    let list = env
        .http
        .get(env.url("sandbox/sms"))
        .header("api-key", SMS_API_KEY)
        .send()
        .await
        .unwrap();
    let list = into_resp(list).await;
    assert_eq!(list.status, 200);
    assert_eq!(list.body["messages"][0]["sender"], "DR LAURENT");
    assert_eq!(list.body["messages"][0]["recipient"], "33612345678");
    let anonymous = into_resp(env.http.get(env.url("sandbox/sms")).send().await.unwrap()).await;
    assert_eq!(anonymous.status, 401);
    let d = env
        .http
        .post(env.url("sandbox/sms/1/deliver?status=soft_bounce"))
        .header("api-key", SMS_API_KEY)
        .send()
        .await
        .unwrap();
    let d = into_resp(d).await;
    assert_eq!(d.body, json!({"webhookStatus": 200}));
    assert_eq!(seen.lock().unwrap()[0]["msg_status"], "soft_bounce");
}
