//! `users/me/calendarList` and `calendars/{calendarId}` (google-calendar-notes.md §6;
//! samples/calendar-list.libgdata.json).
//!
//! A calendar shared with an account (`acl.insert`) is not in that account's list until the
//! account adds it (`calendarList.insert` with `{"id": …}`, or the link in Google's e-mail), as
//! users of Google's own client libraries report (googleapis/google-api-nodejs-client#1965); a
//! removed share takes it out again.

use serde_json::{Value, json};

use crate::error::ApiError;
use crate::events::list::page_into;
use crate::query::Query;
use crate::world::{Calendar, Role, World};

/// Google's calendar palette (`colors.get` → `calendar`), ids "1"–"24".
pub(crate) const CALENDAR_COLORS: [&str; 24] = [
    "#ac725e", "#d06b64", "#f83a22", "#fa573c", "#ff7537", "#ffad46", "#42d692", "#16a765",
    "#7bd148", "#b3dc6c", "#fbe983", "#fad165", "#92e1c0", "#9fe1e7", "#9fc6e7", "#4986e7",
    "#9a9cff", "#b99aff", "#c2c2c2", "#cabdbf", "#cca6ac", "#f691b2", "#cd74e6", "#a47ae2",
];

/// The stamp of a user's entry for a calendar (changes with the calendar, the user's rule, or
/// the entry added to or removed from the list).
fn entry_stamp(cal: &Calendar, email: &str) -> i64 {
    cal.meta_stamp
        .max(cal.user_rule_stamp(email).unwrap_or(0))
        .max(cal.listed.get(email).map_or(0, |e| e.stamp))
}

/// Whether the entry was ever in `email`'s list (its removal is then reported as `deleted`).
fn ever_listed(cal: &Calendar, email: &str) -> bool {
    cal.owner == email || cal.listed.contains_key(email)
}

fn entry(cal: &Calendar, email: &str, role: Role) -> Value {
    let own_primary = cal.id == email;
    let color = cal.color_id.clamp(1, 24);
    let mut e = json!({
        "kind": "calendar#calendarListEntry",
        "etag": format!("\"{}\"", entry_stamp(cal, email)),
        "id": cal.id,
        "summary": cal.summary,
        "timeZone": cal.time_zone.name(),
        "colorId": color.to_string(),
        "backgroundColor": CALENDAR_COLORS[color as usize - 1],
        "foregroundColor": "#000000",
        "selected": true,
        "accessRole": role.as_str(),
        "defaultReminders": if own_primary { json!([{"method": "popup", "minutes": 30}]) } else { json!([]) },
        "conferenceProperties": {"allowedConferenceSolutionTypes": ["hangoutsMeet"]},
    });
    if !cal.description.is_empty() {
        e["description"] = json!(cal.description);
    }
    if own_primary {
        e["notificationSettings"] = json!({"notifications": [
            {"type": "eventCreation", "method": "email"},
            {"type": "eventChange", "method": "email"},
            {"type": "eventCancellation", "method": "email"},
            {"type": "eventResponse", "method": "email"},
        ]});
        e["primary"] = json!(true);
    }
    e
}

/// `GET users/me/calendarList`: every calendar the account can see, its own primary first.
pub(crate) fn list(world: &mut World, email: &str, q: &Query) -> Result<Value, ApiError> {
    let page_fault = world.page_fault();
    let sync = q.get("syncToken");
    if sync.is_some() && q.has("minAccessRole") {
        return Err(ApiError::invalid_param(
            "minAccessRole",
            "Sync token cannot be used with other request restrictions.",
        ));
    }
    let min_role = match q.get("minAccessRole") {
        None => Role::FreeBusyReader,
        Some(r) => Role::parse(r).filter(|r| *r != Role::None).ok_or_else(|| {
            ApiError::invalid_param(
                "minAccessRole",
                &format!("Invalid value for minAccessRole: {r}"),
            )
        })?,
    };
    let show_deleted = q.bool("showDeleted", false)?;
    let max = q.max_results(100, 250)?;
    let current = world
        .calendars
        .values()
        .filter(|c| ever_listed(c, email))
        .map(|c| entry_stamp(c, email))
        .max()
        .unwrap_or(0)
        .max(world.calendar_list_touch);
    let since = match sync {
        None => None,
        Some(t) => Some(
            t.parse::<i64>()
                .ok()
                .filter(|s| *s >= world.calendar_list_floor && *s <= current)
                .ok_or_else(ApiError::full_sync_required)?,
        ),
    };
    let (offset, snapshot) = match q.get("pageToken") {
        Some(t) => crate::events::list::decode_page_token(t)?,
        None => (0, current),
    };
    let mut cals: Vec<&Calendar> = world.calendars.values().collect();
    cals.sort_by_key(|c| (c.id != email, c.id.clone()));
    let mut items = Vec::new();
    for cal in cals {
        if !ever_listed(cal, email) {
            continue;
        }
        let role = cal.role_of(email);
        let stamp = entry_stamp(cal, email);
        if let Some(s) = since
            && stamp <= s
        {
            continue;
        }
        if !cal.listed_for(email) {
            if since.is_some() || show_deleted {
                items.push(json!({
                    "kind": "calendar#calendarListEntry",
                    "etag": format!("\"{stamp}\""),
                    "id": cal.id,
                    "deleted": true,
                }));
            }
            continue;
        }
        if since.is_none() && role < min_role {
            continue;
        }
        items.push(entry(cal, email, role));
    }
    let mut envelope = json!({
        "kind": "calendar#calendarList",
        "etag": format!("\"{current}\""),
    });
    page_into(
        page_fault,
        &mut envelope,
        items,
        Value::clone,
        offset,
        max,
        snapshot,
        |s| Some(format!("{s:020}")),
    );
    world.page_served(page_fault);
    Ok(envelope)
}

/// `GET users/me/calendarList/{calendarId}`: 404 `notFound` for a calendar not in the list,
/// shared or not.
pub(crate) fn get(world: &World, email: &str, cid: &str) -> Result<Value, ApiError> {
    let cal = world.calendars.get(cid).ok_or_else(ApiError::not_found)?;
    if !cal.listed_for(email) {
        return Err(ApiError::not_found());
    }
    Ok(entry(cal, email, cal.role_of(email)))
}

/// `POST users/me/calendarList` with `{"id": "<calendarId>"}` (discovery:
/// `calendar.calendarList.insert`, "Inserts an existing calendar into the user's calendar
/// list"): the entry. A calendar that does not exist or that no rule shares with the account
/// → 404 `notFound` (notes §9: "never existed, or no access"); one already listed → the entry
/// again, unchanged (the insert is idempotent: no `duplicate`, since the calendar's id is not
/// created by the call).
pub(crate) fn insert(world: &mut World, email: &str, body: &Value) -> Result<Value, ApiError> {
    let cid = body
        .get("id")
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .ok_or_else(|| ApiError::required("Missing required field: id"))?;
    let cid = if cid == "primary" { email } else { cid }.to_owned();
    world
        .add_to_list(&cid, email)
        .ok_or_else(ApiError::not_found)?;
    get(world, email, &cid)
}

/// `GET calendars/{calendarId}`.
pub(crate) fn calendar_resource(world: &World, cid: &str) -> Result<Value, ApiError> {
    let cal = world.calendars.get(cid).ok_or_else(ApiError::not_found)?;
    let mut v = json!({
        "kind": "calendar#calendar",
        "etag": format!("\"{}\"", cal.meta_stamp),
        "id": cal.id,
        "summary": cal.summary,
        "timeZone": cal.time_zone.name(),
        "conferenceProperties": {"allowedConferenceSolutionTypes": ["hangoutsMeet"]},
    });
    if !cal.description.is_empty() {
        v["description"] = json!(cal.description);
    }
    Ok(v)
}
