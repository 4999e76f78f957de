//! `events.list` and `events.instances` (google-calendar-notes.md §1, §2, §4): time windows,
//! recurring expansion, `showDeleted` subtleties, filters, ordering, paging and sync tokens.

use std::borrow::Cow;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value, json};

use super::model::{bounds, series};
use super::view::{Projection, is_busy, render, virtual_instance};
use crate::error::ApiError;
use crate::query::Query;
use crate::recurrence::MAX_INSTANCES;
use crate::time::{from_stamp, millis, parse_instant};
use crate::world::{Calendar, PageFault, Role, World};

/// Who is listing, and how much they may see.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Viewer<'a> {
    pub email: &'a str,
    pub role: Role,
    /// The token's only qualifying scope is `calendar.events.freebusy`.
    pub freebusy_scope_only: bool,
}

impl Viewer<'_> {
    fn busy_only(&self) -> bool {
        self.role == Role::FreeBusyReader || self.freebusy_scope_only
    }

    /// The projection of one item for this viewer.
    pub(crate) fn projection(&self, body: &Map<String, Value>, show_deleted: bool) -> Projection {
        let cancelled = body.get("status").and_then(Value::as_str) == Some("cancelled");
        if cancelled && !show_deleted {
            Projection::Minimal
        } else if self.busy_only() {
            Projection::FreeBusy
        } else if self.role == Role::Reader
            && matches!(
                body.get("visibility").and_then(Value::as_str),
                Some("private" | "confidential")
            )
        {
            Projection::Private
        } else {
            Projection::Full
        }
    }
}

/// Parameters that may not accompany a `syncToken` (notes §2).
const FORBIDDEN_WITH_SYNC: &[&str] = &[
    "iCalUID",
    "orderBy",
    "privateExtendedProperty",
    "q",
    "sharedExtendedProperty",
    "timeMin",
    "timeMax",
    "updatedMin",
];

/// A candidate of a listing, before paging.
struct Item<'a> {
    body: Cow<'a, Map<String, Value>>,
    start: DateTime<Utc>,
    seq: u64,
    stamp: i64,
}

fn is_cancelled(body: &Map<String, Value>) -> bool {
    body.get("status").and_then(Value::as_str) == Some("cancelled")
}

pub(crate) fn encode_sync_token(stamp: i64, calendar_id: &str) -> String {
    let mut bytes = vec![0x08u8];
    bytes.extend(stamp.to_be_bytes());
    bytes.push(0x10);
    bytes.extend(crate::ids::small_hash(calendar_id).to_be_bytes());
    STANDARD.encode(bytes)
}

fn decode_sync_token(token: &str, cal: &Calendar) -> Option<i64> {
    let bytes = STANDARD.decode(token).ok()?;
    if bytes.len() != 18 || bytes[0] != 0x08 || bytes[9] != 0x10 {
        return None;
    }
    let stamp = i64::from_be_bytes(bytes[1..9].try_into().ok()?);
    let hash = u64::from_be_bytes(bytes[10..18].try_into().ok()?);
    (hash == crate::ids::small_hash(&cal.id)
        && stamp >= cal.event_floor
        && stamp <= cal.event_change)
        .then_some(stamp)
}

/// `pageToken`: the offset and the snapshot stamp of the listing's first page.
pub(crate) fn encode_page_token(offset: usize, snapshot: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{offset}:{snapshot}"))
}

/// The `pageToken` of an empty page: its place, and its serial number so that no two are the
/// same (a real empty page's token records the server's progress; Google's tokens are opaque
/// and never repeat within a listing).
fn encode_empty_page_token(offset: usize, snapshot: i64, serial: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{offset}:{snapshot}:{serial}"))
}

pub(crate) fn decode_page_token(token: &str) -> Result<(usize, i64), ApiError> {
    let bad = || ApiError::invalid_param("pageToken", "Invalid page token value.");
    let raw = URL_SAFE_NO_PAD.decode(token).map_err(|_| bad())?;
    let text = String::from_utf8(raw).map_err(|_| bad())?;
    let mut parts = text.split(':');
    let (Some(o), Some(s)) = (parts.next(), parts.next()) else {
        return Err(bad());
    };
    // An empty page's serial (third part) only makes the token new.
    if parts.next().is_some_and(|n| n.parse::<u64>().is_err()) || parts.next().is_some() {
        return Err(bad());
    }
    Ok((o.parse().map_err(|_| bad())?, s.parse().map_err(|_| bad())?))
}

/// A list etag in Google's style (`"p32ofplf5q6gf20g"`).
pub(crate) fn list_etag(stamp: i64) -> String {
    let mut n = stamp as u64;
    let mut s = Vec::new();
    while n > 0 {
        s.push(crate::ids::BASE32HEX[(n % 32) as usize]);
        n /= 32;
    }
    s.reverse();
    format!("\"p3{}\"", String::from_utf8_lossy(&s))
}

fn parse_time(q: &Query, name: &str) -> Result<Option<DateTime<Utc>>, ApiError> {
    match q.get(name) {
        None => Ok(None),
        Some(v) => parse_instant(v)
            .map(Some)
            .ok_or_else(|| ApiError::bad_request("Bad Request")),
    }
}

fn response_tz(q: &Query, cal: &Calendar) -> Result<Tz, ApiError> {
    match q.get("timeZone") {
        None => Ok(cal.time_zone),
        Some(name) => name
            .parse()
            .map_err(|_| ApiError::invalid_param("timeZone", "Invalid time zone definition.")),
    }
}

/// The filters of a full (non-sync) listing that look at an event's content.
struct ContentFilter<'a> {
    ical_uid: Option<&'a str>,
    text: Option<String>,
    private: Vec<(&'a str, &'a str)>,
    shared: Vec<(&'a str, &'a str)>,
    updated_min: Option<i64>,
    event_types: Vec<&'a str>,
}

impl<'a> ContentFilter<'a> {
    fn parse(q: &'a Query) -> Result<Self, ApiError> {
        let props = |name: &str| -> Result<Vec<(&'a str, &'a str)>, ApiError> {
            q.all(name)
                .into_iter()
                .map(|c| {
                    c.split_once('=').ok_or_else(|| {
                        ApiError::invalid_param(name, &format!("Invalid value for {name}: {c}"))
                    })
                })
                .collect()
        };
        Ok(Self {
            ical_uid: q.get("iCalUID"),
            text: q.get("q").map(str::to_lowercase),
            private: props("privateExtendedProperty")?,
            shared: props("sharedExtendedProperty")?,
            updated_min: parse_time(q, "updatedMin")?.map(|t| t.timestamp_micros()),
            event_types: q.all("eventTypes"),
        })
    }

    /// Repeated constraints of one kind are AND-ed, private AND shared (crate docs).
    fn accepts(&self, body: &Map<String, Value>, stamp: i64) -> bool {
        if let Some(uid) = self.ical_uid
            && body.get("iCalUID").and_then(Value::as_str) != Some(uid)
        {
            return false;
        }
        if let Some(min) = self.updated_min
            && stamp < min
        {
            return false;
        }
        if !self.event_types.is_empty() {
            let t = body
                .get("eventType")
                .and_then(Value::as_str)
                .unwrap_or("default");
            if !self.event_types.contains(&t) {
                return false;
            }
        }
        for (kind, constraints) in [("private", &self.private), ("shared", &self.shared)] {
            for (k, v) in constraints {
                let actual = body
                    .get("extendedProperties")
                    .and_then(|e| e.get(kind))
                    .and_then(|p| p.get(*k))
                    .and_then(Value::as_str);
                if actual != Some(*v) {
                    return false;
                }
            }
        }
        if let Some(text) = &self.text {
            let mut hay = String::new();
            for key in ["summary", "description", "location"] {
                if let Some(s) = body.get(key).and_then(Value::as_str) {
                    hay.push_str(s);
                    hay.push('\n');
                }
            }
            for person in body
                .get("attendees")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .chain(body.get("organizer"))
            {
                for key in ["email", "displayName"] {
                    if let Some(s) = person.get(key).and_then(Value::as_str) {
                        hay.push_str(s);
                        hay.push('\n');
                    }
                }
            }
            if !hay.to_lowercase().contains(text.as_str()) {
                return false;
            }
        }
        true
    }
}

/// Instances of a live master in a window, exceptions excluded (they are items of their own).
fn master_instances(
    world: &World,
    cal: &Calendar,
    master: &Map<String, Value>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> Vec<(Map<String, Value>, DateTime<Utc>)> {
    let Some((first, rec)) = series(master, cal.time_zone) else {
        return Vec::new();
    };
    let Some((m_start, m_end)) = bounds(master, cal.time_zone) else {
        return Vec::new();
    };
    let duration = m_end - m_start;
    let horizon = to.unwrap_or_else(|| world.now() + chrono::Duration::days(730));
    rec.occurrences(&first, horizon, MAX_INSTANCES)
        .into_iter()
        .filter(|o| from.is_none_or(|f| o.start + duration > f))
        .filter_map(|o| {
            let inst = virtual_instance(cal, master, &o, &world.base_url);
            let id = inst.get("id").and_then(Value::as_str).unwrap_or("");
            (!cal.events.contains_key(id)).then_some((inst, o.start))
        })
        .collect()
}

fn overlaps(
    body: &Map<String, Value>,
    tz: Tz,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> bool {
    let Some((start, end)) = bounds(body, tz) else {
        return false;
    };
    from.is_none_or(|f| end > f) && to.is_none_or(|t| start < t)
}

/// `GET calendars/{calendarId}/events`.
pub(crate) fn events_list(
    world: &mut World,
    calendar_id: &str,
    viewer: Viewer<'_>,
    q: &Query,
) -> Result<Value, ApiError> {
    let page_fault = world.event_page_fault();
    let cal = world
        .calendars
        .get(calendar_id)
        .ok_or_else(ApiError::not_found)?;
    let single = q.bool("singleEvents", false)?;
    let sync_token = q.get("syncToken");
    if sync_token.is_some() {
        if let Some(p) = FORBIDDEN_WITH_SYNC.iter().find(|p| q.has(p)) {
            return Err(sync_restriction(p));
        }
        if q.get("showDeleted") == Some("false") {
            return Err(sync_restriction("showDeleted"));
        }
    }
    let show_deleted = q.bool("showDeleted", false)?;
    let from = parse_time(q, "timeMin")?;
    let to = parse_time(q, "timeMax")?;
    if let (Some(f), Some(t)) = (from, to)
        && t <= f
    {
        return Err(ApiError::time_range_empty());
    }
    let order = q.get("orderBy");
    match order {
        None | Some("updated") => {}
        Some("startTime") if single => {}
        Some("startTime") => {
            return Err(ApiError::bad_request(
                "The requested ordering is not available for the particular query.",
            )
            .located("orderBy"));
        }
        Some(other) => {
            return Err(ApiError::invalid_param(
                "orderBy",
                &format!("Invalid value for orderBy: {other}"),
            ));
        }
    }
    let max = q.max_results(250, 2500)?;
    let (offset, snapshot) = match q.get("pageToken") {
        Some(t) => decode_page_token(t)?,
        None => (0, cal.event_change),
    };
    let tz = response_tz(q, cal)?;
    let filter = ContentFilter::parse(q)?;
    if let Some(min) = filter.updated_min
        && min < (world.now() - chrono::Duration::days(28)).timestamp_micros()
    {
        return Err(ApiError::updated_min_too_long_ago());
    }
    let since = match sync_token {
        Some(t) => Some(decode_sync_token(t, cal).ok_or_else(ApiError::full_sync_required)?),
        None => None,
    };

    let mut items: Vec<Item> = Vec::new();
    let mut events: Vec<_> = cal.events.values().collect();
    events.sort_by_key(|e| e.seq);
    for ev in events {
        let body = &ev.body;
        let cancelled = is_cancelled(body);
        let is_master = body.contains_key("recurrence");
        let is_exception = body.contains_key("recurringEventId");
        let start = bounds(body, cal.time_zone).map(|b| b.0).unwrap_or_default();
        let (seq, stamp) = (ev.seq, ev.stamp);
        let item = |body, start| Item {
            body,
            start,
            seq,
            stamp,
        };
        if let Some(since) = since {
            if ev.stamp <= since {
                continue;
            }
            if single && is_master && !cancelled {
                for (inst, s) in master_instances(world, cal, body, None, None) {
                    items.push(item(Cow::Owned(inst), s));
                }
            } else {
                items.push(item(Cow::Borrowed(body), start));
            }
            continue;
        }
        if !filter.accepts(body, ev.stamp) {
            continue;
        }
        let master_cancelled = |b: &Map<String, Value>| {
            b.get("recurringEventId")
                .and_then(Value::as_str)
                .and_then(|m| cal.events.get(m))
                .is_some_and(|m| is_cancelled(&m.body))
        };
        // An updatedMin listing always carries deleted items (discovery).
        let deleted_ok = show_deleted || filter.updated_min.is_some();
        if single {
            if is_master {
                if !cancelled {
                    for (inst, s) in master_instances(world, cal, body, from, to) {
                        items.push(item(Cow::Owned(inst), s));
                    }
                }
                continue;
            }
            if cancelled && (!deleted_ok || master_cancelled(body)) {
                continue;
            }
            if overlaps(body, cal.time_zone, from, to) {
                items.push(item(Cow::Borrowed(body), start));
            }
        } else {
            let visible = !cancelled || deleted_ok || (is_exception && !master_cancelled(body));
            if !visible {
                continue;
            }
            let in_window = if is_master {
                (from.is_none() && to.is_none()) || series_overlaps(world, cal, body, from, to)
            } else {
                overlaps(body, cal.time_zone, from, to)
            };
            if in_window {
                items.push(item(Cow::Borrowed(body), start));
            }
        }
    }
    if viewer.busy_only() {
        // Busy blocks only; a sync still learns that a block went away.
        items.retain(|i| is_busy(&i.body) || (since.is_some() && is_cancelled(&i.body)));
    }
    match order {
        Some("startTime") => items.sort_by_key(|a| (a.start, a.seq)),
        Some("updated") => items.sort_by_key(|i| i.stamp),
        _ => items.sort_by_key(|a| (a.seq, a.start)),
    }
    let details = show_deleted && since.is_none();
    let mut envelope = envelope(cal, viewer, snapshot);
    let show = |i: &Item| render(&i.body, tz, viewer.projection(&i.body, details));
    page_into(
        page_fault,
        &mut envelope,
        items,
        show,
        offset,
        max,
        snapshot,
        |s| Some(encode_sync_token(s, calendar_id)),
    );
    world.page_served(page_fault);
    Ok(envelope)
}

fn series_overlaps(
    world: &World,
    cal: &Calendar,
    master: &Map<String, Value>,
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> bool {
    let Some((first, rec)) = series(master, cal.time_zone) else {
        return overlaps(master, cal.time_zone, from, to);
    };
    let Some((s, e)) = bounds(master, cal.time_zone) else {
        return false;
    };
    let duration = e - s;
    let horizon = to.unwrap_or_else(|| world.now() + chrono::Duration::days(730));
    rec.occurrences(&first, horizon, MAX_INSTANCES)
        .iter()
        .any(|o| from.is_none_or(|f| o.start + duration > f))
}

fn sync_restriction(param: &str) -> ApiError {
    ApiError::invalid_param(
        param,
        "Sync token cannot be used with other request restrictions.",
    )
}

/// The `calendar#events` envelope without paging fields.
fn envelope(cal: &Calendar, viewer: Viewer<'_>, snapshot: i64) -> Value {
    let default_reminders = if viewer.email == cal.owner {
        json!([{"method": "popup", "minutes": 30}])
    } else {
        json!([])
    };
    json!({
        "kind": "calendar#events",
        "etag": list_etag(snapshot),
        "summary": cal.summary,
        "description": cal.description,
        "updated": millis(from_stamp(cal.event_change)),
        "timeZone": cal.time_zone.name(),
        "accessRole": viewer.role.as_str(),
        "defaultReminders": default_reminders,
    })
}

/// Cuts one page out of `all` and sets `nextPageToken` xor the final token (notes §2: only
/// the last page carries `nextSyncToken`). Honours [`crate::Control::serve_empty_pages`].
#[allow(clippy::too_many_arguments)]
pub(crate) fn page_into<T>(
    fault: PageFault,
    envelope: &mut Value,
    all: Vec<T>,
    render: impl Fn(&T) -> Value,
    offset: usize,
    max: usize,
    snapshot: i64,
    final_token: impl Fn(i64) -> Option<String>,
) {
    if let PageFault::Empty { serial } = fault {
        envelope["nextPageToken"] = json!(encode_empty_page_token(offset, snapshot, serial));
        envelope["items"] = json!([]);
        return;
    }
    let total = all.len();
    let end = (offset + max).min(total);
    let page: Vec<Value> = all
        .iter()
        .skip(offset)
        .take(end.saturating_sub(offset))
        .map(render)
        .collect();
    envelope["items"] = json!(page);
    if fault == PageFault::Stuck {
        envelope["nextPageToken"] = json!(encode_page_token(offset, snapshot));
    } else if end < total {
        envelope["nextPageToken"] = json!(encode_page_token(end, snapshot));
    } else if let Some(t) = final_token(snapshot) {
        envelope["nextSyncToken"] = json!(t);
    }
}

/// `GET calendars/{calendarId}/events/{eventId}/instances`.
pub(crate) fn instances(
    world: &mut World,
    calendar_id: &str,
    event_id: &str,
    viewer: Viewer<'_>,
    q: &Query,
) -> Result<Value, ApiError> {
    let page_fault = world.event_page_fault();
    let found = world.event_find(calendar_id, event_id)?;
    let cal = world
        .calendars
        .get(calendar_id)
        .ok_or_else(ApiError::not_found)?;
    let show_deleted = q.bool("showDeleted", false)?;
    let from = parse_time(q, "timeMin")?;
    let to = parse_time(q, "timeMax")?;
    if let (Some(f), Some(t)) = (from, to)
        && t <= f
    {
        return Err(ApiError::time_range_empty());
    }
    let original_start = parse_time(q, "originalStart")?;
    let max = q.max_results(250, 2500)?;
    let (offset, snapshot) = match q.get("pageToken") {
        Some(t) => decode_page_token(t)?,
        None => (0, cal.event_change),
    };
    let tz = response_tz(q, cal)?;
    let master = found.body();
    let mut items: Vec<(Map<String, Value>, DateTime<Utc>)> = Vec::new();
    if master.contains_key("recurrence") {
        items.extend(master_instances(world, cal, master, from, to));
        for ev in cal.events.values() {
            let of_master =
                ev.body.get("recurringEventId").and_then(Value::as_str) == Some(event_id);
            if !of_master || (is_cancelled(&ev.body) && !show_deleted) {
                continue;
            }
            if overlaps(&ev.body, cal.time_zone, from, to) {
                let start = bounds(&ev.body, cal.time_zone)
                    .map(|b| b.0)
                    .unwrap_or_default();
                items.push((ev.body.clone(), start));
            }
        }
    } else if overlaps(master, cal.time_zone, from, to) {
        let start = bounds(master, cal.time_zone)
            .map(|b| b.0)
            .unwrap_or_default();
        items.push((master.clone(), start));
    }
    if let Some(os) = original_start {
        items.retain(|(b, _)| {
            b.get("originalStartTime")
                .and_then(|o| super::model::stored_when(Some(o)))
                .map(|w| w.instant(cal.time_zone))
                == Some(os)
        });
    }
    if viewer.busy_only() {
        items.retain(|(b, _)| is_busy(b));
    }
    items.sort_by_key(|(_, s)| *s);
    let mut envelope = envelope(cal, viewer, snapshot);
    let show = |(b, _): &(Map<String, Value>, DateTime<Utc>)| {
        render(b, tz, viewer.projection(b, show_deleted))
    };
    page_into(
        page_fault,
        &mut envelope,
        items,
        show,
        offset,
        max,
        snapshot,
        |_| None,
    );
    world.page_served(page_fault);
    Ok(envelope)
}
