//! ACL API and access roles across accounts (google-calendar-notes.md §7, §9, §13;
//! samples/acl-*.libgdata.*, errors-calendar.json).

use serde_json::{Value, json};

use crate::support::*;

fn acl(cal: &str) -> String {
    format!("calendars/{}/acl", enc(cal))
}

fn events(cal: &str) -> String {
    format!("calendars/{}/events", enc(cal))
}

/// notes §7 and samples/acl-list.libgdata.json: the owner's rule `user:<email>` (role owner),
/// rules `{kind, etag, id, scope{type,value}, role}` with 20-digit etags, a 20-digit
/// `nextSyncToken`.
#[tokio::test]
async fn the_acl_list_looks_like_the_recorded_one() {
    let env = start().await;
    let t = env.token(A);
    env.control.grant(A, B, "writer");
    let r = env.get(&t, &acl(A)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let recorded = sample("acl-list.libgdata.json");
    assert_eq!(keys(&r.body), keys(&recorded));
    let items = r.items();
    assert_eq!(ids(&items), [format!("user:{A}"), format!("user:{B}")]);
    for item in &items {
        assert_eq!(keys(item), keys(&recorded["items"][0]));
        assert!(is_digit_etag(&item["etag"], 20), "{}", item["etag"]);
    }
    assert_eq!(items[0]["role"], "owner");
    assert_eq!(items[1]["scope"], json!({"type": "user", "value": B}));
    let token = r.body["nextSyncToken"].as_str().unwrap();
    assert!(
        token.len() == 20 && token.bytes().all(|b| b.is_ascii_digit()),
        "{token}"
    );
}

/// samples/acl-{insert,update}-*.libgdata.json and acl-delete.libgdata.http.txt: insert answers
/// the rule (id `user:<email>`), update changes the role, delete answers 204 with no body; the
/// deleted rule is listed with `role:"none"` with `showDeleted` and in the incremental sync
/// (notes §2, §7), and `get` answers 404.
#[tokio::test]
async fn the_owner_inserts_updates_and_deletes_rules() {
    let env = start().await;
    let t = env.token(A);
    let token = env.get(&t, &acl(A)).await.body["nextSyncToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut request = sample("acl-insert-request.libgdata.json");
    request["scope"]["value"] = json!(B);
    let r = env.post(&t, &acl(A), request).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let recorded = sample("acl-insert-response.libgdata.json");
    assert_eq!(keys(&r.body), keys(&recorded));
    assert_eq!(r.body["id"], format!("user:{B}"));
    assert_eq!(r.body["role"], "writer");
    assert_eq!(r.header("etag"), r.body["etag"].as_str());
    let rule = format!("{}/{}", acl(A), enc(&format!("user:{B}")));
    let mut update = sample("acl-update-request.libgdata.json");
    update["id"] = json!(format!("user:{B}"));
    update["scope"]["value"] = json!(B);
    let u = env.put(&t, &rule, update).await;
    assert_eq!(u.status, 200, "{}", u.text);
    assert_eq!(u.body["role"], "reader");
    assert_ne!(u.body["etag"], r.body["etag"]);
    let p = env
        .patch(&t, &rule, json!({"role": "freeBusyReader"}))
        .await;
    assert_eq!(p.body["role"], "freeBusyReader");
    let d = env.delete(&t, &rule).await;
    assert_eq!(d.status, 204);
    assert!(d.text.is_empty());
    assert_eq!(env.get(&t, &rule).await.status, 404);
    assert_eq!(env.delete(&t, &rule).await.status, 404);
    let listed = env.get(&t, &acl(A)).await;
    assert_eq!(
        listed.items().len(),
        1,
        "deleted rules are hidden by default"
    );
    let with_deleted = env
        .get(&t, &format!("{}?showDeleted=true", acl(A)))
        .await
        .items();
    let gone = with_deleted
        .iter()
        .find(|i| i["id"] == format!("user:{B}"))
        .unwrap();
    assert_eq!(gone["role"], "none");
    let delta = env.get(&t, &format!("{}?syncToken={token}", acl(A))).await;
    assert_eq!(delta.status, 200);
    assert_eq!(ids(&delta.items()), [format!("user:{B}")]);
    assert_eq!(delta.items()[0]["role"], "none");
    env.control.expire_sync_tokens();
    assert_eq!(
        env.get(&t, &format!("{}?syncToken={token}", acl(A)))
            .await
            .status,
        410
    );
}

/// notes §7: a user always keeps owner on their primary calendar.
#[tokio::test]
async fn the_owner_cannot_drop_their_own_access() {
    let env = start().await;
    let t = env.token(A);
    let own = format!("{}/{}", acl(A), enc(&format!("user:{A}")));
    assert_eq!(env.delete(&t, &own).await.status, 403);
    assert_eq!(
        env.patch(&t, &own, json!({"role": "reader"})).await.status,
        403
    );
}

async fn status_of(
    env: &Env,
    t: &str,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, String) {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let r = env.call(m, Some(t), path, body, &[]).await;
    (r.status, r.reason().to_owned())
}

/// notes §7 roles, enforced with two accounts: no access → 404 notFound; freeBusyReader reads
/// busy blocks only (documented choice: `events.list` answers 200 with
/// `accessRole:"freeBusyReader"` and `kind, etag, id, status, start, end` of busy events) and
/// free/busy; reader reads (private events reduced to times), writes → 403
/// requiredAccessLevel, ACL → 403 forbidden; writer reads and writes events and reads the ACL
/// but may not change it (403 forbidden); owner changes the ACL.
#[tokio::test]
async fn access_roles_are_enforced_across_accounts() {
    let env = start().await;
    let owner = env.token(A);
    let other = env.token(B);
    let busy = env
        .insert_at(
            &owner,
            A,
            "Consultation – Jeanne Martin",
            "2026-11-26T10:00:00Z",
            "2026-11-26T10:30:00Z",
        )
        .await;
    env.post(
        &owner,
        &events(A),
        json!({"summary": "Disponible", "visibility": "private", "transparency": "transparent",
        "start": {"dateTime": "2026-11-26T08:00:00Z"}, "end": {"dateTime": "2026-11-26T12:00:00Z"},
        "extendedProperties": {"private": {"rdv.kind": "availability"}}}),
    )
    .await;
    let one = format!("{}/{}", events(A), busy["id"].as_str().unwrap());
    let new_event = json!({"start": {"date": "2026-11-27"}, "end": {"date": "2026-11-28"}});
    let fb = json!({"timeMin": "2026-11-26T00:00:00Z", "timeMax": "2026-11-27T00:00:00Z", "items": [{"id": A}]});

    // No access at all.
    assert_eq!(
        status_of(&env, &other, "GET", &events(A), None).await,
        (404, "notFound".into())
    );
    let r = env.post(&other, "freeBusy", fb.clone()).await;
    assert_eq!(r.body["calendars"][A]["errors"][0]["reason"], "notFound");

    // freeBusyReader.
    env.control.grant(A, B, "freeBusyReader");
    let r = env.get(&other, &events(A)).await;
    assert_eq!(
        (r.status, r.body["accessRole"].as_str()),
        (200, Some("freeBusyReader"))
    );
    assert_eq!(r.items().len(), 1, "only the busy event");
    assert_eq!(
        keys(&r.items()[0]),
        ["end", "etag", "id", "kind", "start", "status"]
            .map(String::from)
            .into()
    );
    assert_eq!(
        status_of(&env, &other, "POST", &events(A), Some(new_event.clone())).await,
        (403, "requiredAccessLevel".into())
    );
    assert_eq!(
        status_of(&env, &other, "GET", &acl(A), None).await,
        (403, "forbidden".into())
    );
    let r = env.post(&other, "freeBusy", fb.clone()).await;
    assert_eq!(r.body["calendars"][A]["busy"].as_array().unwrap().len(), 1);

    // reader.
    env.control.grant(A, B, "reader");
    let items = env.get(&other, &events(A)).await.items();
    assert_eq!(items.len(), 2);
    let private = items.iter().find(|i| i["visibility"] == "private").unwrap();
    assert!(
        private.get("summary").is_none() && private.get("extendedProperties").is_none(),
        "private details hidden"
    );
    let public = items.iter().find(|i| i["id"] == busy["id"]).unwrap();
    assert_eq!(public["summary"], "Consultation – Jeanne Martin");
    assert_eq!(
        status_of(&env, &other, "POST", &events(A), Some(new_event.clone())).await,
        (403, "requiredAccessLevel".into())
    );
    assert_eq!(
        status_of(&env, &other, "PATCH", &one, Some(json!({"summary": "x"}))).await,
        (403, "requiredAccessLevel".into())
    );
    assert_eq!(
        status_of(&env, &other, "DELETE", &one, None).await,
        (403, "requiredAccessLevel".into())
    );
    assert_eq!(
        status_of(&env, &other, "GET", &acl(A), None).await,
        (403, "forbidden".into())
    );

    // writer.
    env.control.grant(A, B, "writer");
    let items = env.get(&other, &events(A)).await.items();
    let private = items.iter().find(|i| i["visibility"] == "private").unwrap();
    assert_eq!(
        private["extendedProperties"]["private"]["rdv.kind"], "availability",
        "writers see private details"
    );
    assert_eq!(
        status_of(&env, &other, "POST", &events(A), Some(new_event.clone()))
            .await
            .0,
        200
    );
    assert_eq!(
        status_of(
            &env,
            &other,
            "PATCH",
            &one,
            Some(json!({"summary": "déplacé"}))
        )
        .await
        .0,
        200
    );
    assert_eq!(
        status_of(&env, &other, "GET", &acl(A), None).await.0,
        200,
        "writers read the ACL"
    );
    let share = json!({"role": "reader", "scope": {"type": "user", "value": "tiers@example.fr"}});
    assert_eq!(
        status_of(&env, &other, "POST", &acl(A), Some(share.clone())).await,
        (403, "forbidden".into())
    );
    assert_eq!(status_of(&env, &other, "DELETE", &one, None).await.0, 204);
    let created = env
        .control
        .events(A)
        .into_iter()
        .find(|e| e["start"]["date"] == "2026-11-27")
        .unwrap();
    assert_eq!(
        created["creator"],
        json!({"email": B}),
        "the writer is the creator"
    );
    assert_eq!(
        created["organizer"],
        json!({"email": A, "self": true}),
        "the calendar organizes"
    );

    // owner.
    env.control.grant(A, B, "owner");
    assert_eq!(
        status_of(&env, &other, "POST", &acl(A), Some(share))
            .await
            .0,
        200
    );
}

/// notes §9, §13: missing or unknown bearer → 401 authError; scopes per method from the
/// discovery document → 403 insufficientPermissions ("Request had insufficient authentication
/// scopes."); `calendar.events.owned` only covers owned calendars; `calendar.events.freebusy`
/// reads busy blocks.
#[tokio::test]
async fn scopes_are_checked_per_method() {
    let env = start().await;
    env.control.add_account(A, "A");
    env.control.grant(A, B, "writer");
    let no_auth = env
        .call(reqwest::Method::GET, None, &events(A), None, &[])
        .await;
    assert_eq!(no_auth.status, 401);
    assert_eq!(no_auth.body, error_sample("401_authError"));
    assert_eq!(env.get("ya29.nope", &events(A)).await.status, 401);

    let readonly = env
        .control
        .issue_tokens(A, &["calendar.events.readonly"])
        .access_token;
    assert_eq!(env.get(&readonly, &events(A)).await.status, 200);
    let r = env
        .post(
            &readonly,
            &events(A),
            json!({"start": {"date": "2026-11-26"}, "end": {"date": "2026-11-27"}}),
        )
        .await;
    assert_eq!(r.status, 403);
    let observed = &sample("errors-calendar.json")["observed"]["403_insufficientPermissions_scope"]
        ["body"]["error"];
    let e = &observed["errors"][0];
    assert_eq!(
        r.body["error"]["errors"],
        json!([{"domain": e["domain"], "reason": e["reason"], "message": e["message"]}]),
        "the observed error item, in the classic envelope"
    );
    assert_eq!(r.body["error"]["message"], observed["message"]);
    assert_eq!(
        env.get(&readonly, &acl(A)).await.status,
        403,
        "ACL needs an ACL scope"
    );
    assert_eq!(
        env.get(&readonly, "users/me/calendarList").await.status,
        403
    );

    let acls_ro = env
        .control
        .issue_tokens(A, &["calendar.acls.readonly"])
        .access_token;
    assert_eq!(env.get(&acls_ro, &acl(A)).await.status, 200);
    let share = json!({"role": "reader", "scope": {"type": "user", "value": "x@example.fr"}});
    assert_eq!(env.post(&acls_ro, &acl(A), share).await.status, 403);

    let freebusy = env
        .control
        .issue_tokens(A, &["calendar.freebusy"])
        .access_token;
    assert_eq!(env.get(&freebusy, &events(A)).await.status, 403);
    let fb = json!({"timeMin": "2026-11-26T00:00:00Z", "timeMax": "2026-11-27T00:00:00Z", "items": [{"id": A}]});
    assert_eq!(env.post(&freebusy, "freeBusy", fb).await.status, 200);

    let owned = env
        .control
        .issue_tokens(B, &["calendar.events.owned"])
        .access_token;
    assert_eq!(
        env.get(&owned, &events(B)).await.status,
        200,
        "B's own calendar"
    );
    assert_eq!(
        env.get(&owned, &events(A)).await.status,
        403,
        "A's calendar is only shared with B"
    );

    let events_fb = env
        .control
        .issue_tokens(A, &["calendar.events.freebusy"])
        .access_token;
    env.control.insert_event(A, json!({"summary": "secret", "start": {"date": "2026-11-26"}, "end": {"date": "2026-11-27"}}));
    let r = env.get(&events_fb, &events(A)).await;
    assert_eq!(r.status, 200);
    assert!(r.items()[0].get("summary").is_none(), "busy blocks only");
}

/// Crate docs (free/busy projection): a freeBusyReader's incremental sync still learns that a
/// busy block went away.
#[tokio::test]
async fn a_free_busy_reader_sync_sees_cancellations() {
    let env = start().await;
    env.control.add_account(A, "A");
    env.control.grant(A, B, "freeBusyReader");
    let t = env.token(B);
    let ev = env.control.insert_event(
        A,
        json!({"summary": "x", "start": {"date": "2026-11-26"}, "end": {"date": "2026-11-27"}}),
    );
    let full = env.get(&t, &events(A)).await;
    assert_eq!(full.items().len(), 1);
    let token = full.body["nextSyncToken"].as_str().unwrap().to_owned();
    env.control.delete_event(A, ev["id"].as_str().unwrap());
    let delta = env
        .get(&t, &format!("{}?syncToken={}", events(A), enc(&token)))
        .await
        .items();
    assert_eq!(delta.len(), 1);
    assert_eq!(delta[0]["status"], "cancelled");
}
