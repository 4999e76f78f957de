//! `POST freeBusy` (google-calendar-notes.md §8) and `GET colors` (§5).

use chrono::{DateTime, Utc};
use serde_json::{Map, Value, json};

use super::calendar_list::CALENDAR_COLORS;
use crate::error::ApiError;
use crate::events::model::{bounds, series};
use crate::events::view::is_busy;
use crate::recurrence::MAX_INSTANCES;
use crate::time::{millis, parse_instant, seconds_z};
use crate::world::{Calendar, Role, World};

fn instant(body: &Value, key: &str) -> Result<DateTime<Utc>, ApiError> {
    let v = body
        .get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::required(&format!("Missing {key}.")))?;
    parse_instant(v).ok_or_else(|| ApiError::bad_request("Bad Request").located(key))
}

/// Busy intervals of a calendar in `[from, to)`: opaque, non-cancelled events and the
/// instances of recurring series, clipped to the window and merged.
pub(crate) fn busy(
    cal: &Calendar,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut spans = Vec::new();
    for ev in cal.events.values() {
        let body = &ev.body;
        if !is_busy(body) {
            continue;
        }
        if let Some((first, rec)) = series(body, cal.time_zone) {
            let Some((s, e)) = bounds(body, cal.time_zone) else {
                continue;
            };
            let master_id = body.get("id").and_then(Value::as_str).unwrap_or("");
            for occ in rec.occurrences(&first, to, MAX_INSTANCES) {
                let id = format!("{master_id}_{}", occ.id_suffix());
                if cal.events.contains_key(&id) {
                    continue; // the exception is an event of its own
                }
                spans.push((occ.start, occ.start + (e - s)));
            }
        } else if let Some(span) = bounds(body, cal.time_zone) {
            spans.push(span);
        }
    }
    let mut clipped: Vec<_> = spans
        .into_iter()
        .filter(|(s, e)| *e > from && *s < to && e > s)
        .map(|(s, e)| (s.max(from), e.min(to)))
        .collect();
    clipped.sort();
    let mut merged: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::new();
    for (s, e) in clipped {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
}

/// `POST freeBusy`: per-calendar `errors` (`notFound`) instead of failing the request.
pub(crate) fn query(world: &World, email: &str, body: Value) -> Result<Value, ApiError> {
    let from = instant(&body, "timeMin")?;
    let to = instant(&body, "timeMax")?;
    if to <= from {
        return Err(ApiError::time_range_empty());
    }
    let items = body
        .get("items")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut calendars = Map::new();
    for item in items {
        let Some(requested) = item.get("id").and_then(Value::as_str) else {
            continue;
        };
        let cid = if requested == "primary" {
            email
        } else {
            requested
        };
        let entry = match world.calendars.get(cid) {
            Some(cal) if cal.role_of(email) >= Role::FreeBusyReader => {
                let busy: Vec<Value> = busy(cal, from, to)
                    .into_iter()
                    .map(|(s, e)| json!({"start": seconds_z(s), "end": seconds_z(e)}))
                    .collect();
                json!({ "busy": busy })
            }
            _ => json!({"errors": [{"domain": "global", "reason": "notFound"}], "busy": []}),
        };
        calendars.insert(requested.to_owned(), entry);
    }
    Ok(json!({
        "kind": "calendar#freeBusy",
        "timeMin": millis(from),
        "timeMax": millis(to),
        "calendars": calendars,
    }))
}

/// `GET colors`: Google's API palettes (event "1"–"11", calendar "1"–"24").
pub(crate) fn colors() -> Value {
    const EVENT: [&str; 11] = [
        "#a4bdfc", "#7ae7bf", "#dbadff", "#ff887c", "#fbd75b", "#ffb878", "#46d6db", "#e1e1e1",
        "#5484ed", "#51b749", "#dc2127",
    ];
    let palette = |colors: &[&str], fg: &str| -> Value {
        let mut m = Map::new();
        for (i, c) in colors.iter().enumerate() {
            m.insert(
                (i + 1).to_string(),
                json!({"background": c, "foreground": fg}),
            );
        }
        Value::Object(m)
    };
    json!({
        "kind": "calendar#colors",
        "updated": "2012-02-14T00:00:00.000Z",
        "calendar": palette(&CALENDAR_COLORS, "#1d1d1d"),
        "event": palette(&EVENT, "#1d1d1d"),
    })
}
