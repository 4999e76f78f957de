//! `users/me/calendarList` (google-calendar-notes.md §6; samples/calendar-list.libgdata.json).

use serde_json::{Value, json};

use crate::support::*;

fn entry<'a>(items: &'a [Value], id: &str) -> &'a Value {
    items
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("{id} listed"))
}

/// notes §6: each account sees its primary calendar (`primary:true`, `accessRole:"owner"`,
/// `notificationSettings`) and the calendars shared with it with the role of the ACL; the keys
/// and colour formats are those of the recorded list.
#[tokio::test]
async fn each_account_sees_its_primary_and_what_is_shared_with_it() {
    let env = start().await;
    env.control.add_account(A, "Alice");
    env.control.add_account(B, "Bob");
    env.control.grant_already_added(A, B, "writer");
    let a = env.get(&env.token(A), "users/me/calendarList").await;
    assert_eq!(ids(&a.items()), [A], "nothing is shared with A");
    let b = env.get(&env.token(B), "users/me/calendarList").await;
    let items = b.items();
    assert_eq!(ids(&items), [B, A], "own primary first");
    let recorded = sample("calendar-list.libgdata.json");
    let own = entry(&items, B);
    let mut own_keys = keys(own);
    own_keys.remove("conferenceProperties");
    assert_eq!(
        own_keys,
        keys(&recorded["items"][0]),
        "the recorded primary entry's keys"
    );
    assert_eq!(own["primary"], true);
    assert_eq!(own["accessRole"], "owner");
    let shared = entry(&items, A);
    assert_eq!(shared["accessRole"], "writer");
    assert!(shared.get("primary").is_none(), "primary only on one's own");
    let bg = shared["backgroundColor"].as_str().unwrap();
    assert!(bg.starts_with('#') && bg.len() == 7);
    assert_eq!(keys(&b.body), keys(&recorded));
    let got = env
        .get(&env.token(B), &format!("users/me/calendarList/{}", enc(A)))
        .await;
    assert_eq!(
        (got.status, got.body["accessRole"].as_str()),
        (200, Some("writer"))
    );
    assert_eq!(
        env.get(&env.token(A), &format!("users/me/calendarList/{}", enc(B)))
            .await
            .status,
        404
    );
}

/// notes §6: `minAccessRole` filters; paging with `maxResults` (only the last page has the sync
/// token).
#[tokio::test]
async fn min_access_role_and_paging() {
    let env = start().await;
    for (owner, role) in [
        ("c1@example.fr", "reader"),
        ("c2@example.fr", "writer"),
        ("c3@example.fr", "freeBusyReader"),
    ] {
        env.control.add_account(owner, owner);
        env.control.grant_already_added(owner, B, role);
    }
    let t = env.token(B);
    let list = |q: &str| {
        let env = &env;
        let t = t.clone();
        let q = q.to_owned();
        async move {
            ids(&env
                .get(&t, &format!("users/me/calendarList?{q}"))
                .await
                .items())
        }
    };
    assert_eq!(list("").await.len(), 4);
    assert_eq!(list("minAccessRole=writer").await, [B, "c2@example.fr"]);
    assert_eq!(list("minAccessRole=reader").await.len(), 3);
    let pages = env.pages(&t, "users/me/calendarList?maxResults=3").await;
    assert_eq!(
        pages.iter().map(|p| p.items().len()).collect::<Vec<_>>(),
        [3, 1]
    );
    assert!(pages[0].body.get("nextSyncToken").is_none());
    assert!(pages[1].body["nextSyncToken"].is_string());
}

/// notes §2, §6: calendarList sync — a new share arrives, a removed share comes back as
/// `deleted:true`; `minAccessRole` with a sync token → 400.
#[tokio::test]
async fn calendar_list_sync_reports_new_and_removed_shares() {
    let env = start().await;
    env.control.add_account(A, "Alice");
    let t = env.token(B);
    let token = env.get(&t, "users/me/calendarList").await.body["nextSyncToken"]
        .as_str()
        .unwrap()
        .to_owned();
    env.control.grant_already_added(A, B, "reader");
    let r = env
        .get(&t, &format!("users/me/calendarList?syncToken={token}"))
        .await;
    assert_eq!(ids(&r.items()), [A]);
    let token = r.body["nextSyncToken"].as_str().unwrap().to_owned();
    env.control.grant(A, B, "none");
    let r = env
        .get(&t, &format!("users/me/calendarList?syncToken={token}"))
        .await;
    assert_eq!(ids(&r.items()), [A]);
    assert_eq!(r.items()[0]["deleted"], true);
    assert_eq!(
        env.get(&t, "users/me/calendarList").await.items().len(),
        1,
        "gone from the plain list"
    );
    let bad = env
        .get(
            &t,
            &format!("users/me/calendarList?syncToken={token}&minAccessRole=reader"),
        )
        .await;
    assert_eq!(bad.status, 400);
}

/// Google's behaviour the app must cope with (issue #15): a calendar shared through the API
/// (`acl.insert`) does not appear in the grantee's `calendarList.list` until the grantee adds it
/// with `calendarList.insert` `{"id": …}` — reported by users of Google's own client libraries
/// (googleapis/google-api-nodejs-client#1965) — while its events can already be read with the
/// rule (notes §7). notes §6 (the entry and its `accessRole`), the discovery document
/// (`calendar.calendarList.insert`: `POST users/me/calendarList`, a `CalendarListEntry` in and
/// out), notes §9 (404 `notFound`: "never existed, or no access").
#[tokio::test]
async fn a_calendar_shared_through_the_api_is_listed_only_once_the_grantee_adds_it() {
    let env = start().await;
    env.control.add_account(A, "Alice");
    let t = env.token(B);
    let owner = env.token(A);
    let granted = env
        .post(
            &owner,
            &format!("calendars/{}/acl", enc(A)),
            json!({"role": "writer", "scope": {"type": "user", "value": B}}),
        )
        .await;
    assert_eq!(granted.status, 200, "{}", granted.text);
    let token = env.get(&t, "users/me/calendarList").await.body["nextSyncToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        ids(&env.get(&t, "users/me/calendarList").await.items()),
        [B],
        "shared, but not in B's list until B adds it"
    );
    assert_eq!(
        env.get(&t, &format!("users/me/calendarList/{}", enc(A)))
            .await
            .status,
        404,
        "calendarList.get knows only the list"
    );
    assert_eq!(
        env.get(&t, &format!("calendars/{}/events", enc(A)))
            .await
            .status,
        200,
        "the rule already gives access to the events"
    );

    let added = env
        .post(&t, "users/me/calendarList", json!({ "id": A }))
        .await;
    assert_eq!(added.status, 200, "{}", added.text);
    assert_eq!(added.body["kind"], "calendar#calendarListEntry");
    assert_eq!(
        (added.body["id"].as_str(), added.body["accessRole"].as_str()),
        (Some(A), Some("writer")),
        "the entry, with the role of the rule"
    );
    assert_eq!(
        ids(&env.get(&t, "users/me/calendarList").await.items()),
        [B, A]
    );
    let synced = env
        .get(&t, &format!("users/me/calendarList?syncToken={token}"))
        .await;
    assert_eq!(ids(&synced.items()), [A], "the addition reaches a sync");

    let again = env
        .post(&t, "users/me/calendarList", json!({ "id": A }))
        .await;
    assert_eq!(
        (again.status, again.body["etag"].clone()),
        (200, added.body["etag"].clone()),
        "adding a listed calendar again answers the same entry"
    );
    assert_eq!(
        env.get(&t, "users/me/calendarList").await.items().len(),
        2,
        "listed once"
    );
}

/// notes §9: `calendarList.insert` of a calendar the account has no rule on, or that does not
/// exist, is 404 `notFound` (Google does not say which); without an id, 400 `required`.
#[tokio::test]
async fn adding_a_calendar_not_shared_with_the_account_is_not_found() {
    let env = start().await;
    env.control.add_account(A, "Alice");
    let t = env.token(B);
    for id in [A, "personne@example.fr"] {
        let r = env
            .post(&t, "users/me/calendarList", json!({ "id": id }))
            .await;
        assert_eq!((r.status, r.reason()), (404, "notFound"), "{id}");
        assert_eq!(r.body["error"]["code"], 404, "Google's error shape");
    }
    let r = env.post(&t, "users/me/calendarList", json!({})).await;
    assert_eq!((r.status, r.reason()), (400, "required"));
    assert_eq!(
        ids(&env.get(&t, "users/me/calendarList").await.items()),
        [B],
        "nothing added"
    );
}

/// A removed share takes the calendar out of the grantee's list (sync reports it `deleted`);
/// shared again, it must be added again.
#[tokio::test]
async fn removing_the_share_removes_the_entry() {
    let env = start().await;
    env.control.add_account(A, "Alice");
    env.control.grant(A, B, "reader");
    let t = env.token(B);
    let added = env
        .post(&t, "users/me/calendarList", json!({ "id": A }))
        .await;
    assert_eq!(added.status, 200);
    let token = env.get(&t, "users/me/calendarList").await.body["nextSyncToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let rule = format!("calendars/{}/acl/{}", enc(A), enc(&format!("user:{B}")));
    assert_eq!(env.delete(&env.token(A), &rule).await.status, 204);
    assert_eq!(
        ids(&env.get(&t, "users/me/calendarList").await.items()),
        [B]
    );
    let synced = env
        .get(&t, &format!("users/me/calendarList?syncToken={token}"))
        .await;
    assert_eq!(
        (ids(&synced.items()), synced.items()[0]["deleted"].clone()),
        (vec![A.to_owned()], json!(true))
    );
    env.control.grant(A, B, "reader");
    assert_eq!(
        ids(&env.get(&t, "users/me/calendarList").await.items()),
        [B],
        "shared again: to be added again"
    );
}
