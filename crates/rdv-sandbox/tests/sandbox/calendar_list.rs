//! `users/me/calendarList` (google-calendar-notes.md §6; samples/calendar-list.libgdata.json).

use serde_json::Value;

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
    env.control.share(A, B, "writer");
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
        env.control.share(owner, B, role);
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
    env.control.share(A, B, "reader");
    let r = env
        .get(&t, &format!("users/me/calendarList?syncToken={token}"))
        .await;
    assert_eq!(ids(&r.items()), [A]);
    let token = r.body["nextSyncToken"].as_str().unwrap().to_owned();
    env.control.share(A, B, "none");
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
