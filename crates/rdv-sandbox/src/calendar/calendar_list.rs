//! `users/me/calendarList` and `calendars/{calendarId}` (google-calendar-notes.md §6;
//! samples/calendar-list.libgdata.json).

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

/// The stamp of a user's entry for a calendar (changes with the calendar or the user's rule).
fn entry_stamp(cal: &Calendar, email: &str) -> i64 {
    cal.meta_stamp.max(cal.user_rule_stamp(email).unwrap_or(0))
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
    let serve_empty = world.empty_pages > 0;
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
        .filter(|c| c.role_of(email) != Role::None || c.user_rule_stamp(email).is_some())
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
        let role = cal.role_of(email);
        let stamp = entry_stamp(cal, email);
        if let Some(s) = since
            && stamp <= s
        {
            continue;
        }
        if role == Role::None {
            let had_access = cal.user_rule_stamp(email).is_some();
            if had_access && (since.is_some() || show_deleted) {
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
        serve_empty,
        &mut envelope,
        items,
        Value::clone,
        offset,
        max,
        snapshot,
        |s| Some(format!("{s:020}")),
    );
    world.empty_pages -= u32::from(serve_empty);
    Ok(envelope)
}

/// `GET users/me/calendarList/{calendarId}`.
pub(crate) fn get(world: &World, email: &str, cid: &str) -> Result<Value, ApiError> {
    let cal = world.calendars.get(cid).ok_or_else(ApiError::not_found)?;
    match cal.role_of(email) {
        Role::None => Err(ApiError::not_found()),
        role => Ok(entry(cal, email, role)),
    }
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
