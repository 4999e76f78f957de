//! Event writes, shared by the HTTP API and [`crate::Control`] (a direct write bumps etags,
//! `updated` and feeds sync tokens exactly like an API write).

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::{Map, Value, json};

use super::model::{merge_patch, normalize_attendees, series, strip_read_only, validate};
use super::view::{Projection, html_link, render, virtual_instance};
use crate::error::ApiError;
use crate::recurrence::{MAX_INSTANCES, Occurrence};
use crate::time::{from_stamp, millis, whole_seconds_millis};
use crate::world::{Calendar, StoredEvent, World};

/// Server-owned fields carried over from the previous version on patch/update.
const KEPT_ON_WRITE: &[&str] = &[
    "kind",
    "id",
    "htmlLink",
    "created",
    "creator",
    "organizer",
    "iCalUID",
    "recurringEventId",
    "originalStartTime",
];

/// An event as found for a read or a write.
#[derive(Debug, Clone)]
pub(crate) enum Found {
    /// Stored: a single event, a master, or an exception.
    Stored(Map<String, Value>),
    /// An instance of a series that has no exception yet.
    Virtual(Map<String, Value>),
}

impl Found {
    pub(crate) fn body(&self) -> &Map<String, Value> {
        match self {
            Found::Stored(b) | Found::Virtual(b) => b,
        }
    }
}

/// Finds the occurrence an instance id (`<masterId>_<YYYYMMDDTHHMMSSZ>` or `_<YYYYMMDD>`)
/// names, if the master's rule really produces it.
pub(crate) fn resolve_instance<'a>(
    cal: &'a Calendar,
    event_id: &str,
) -> Option<(&'a StoredEvent, Occurrence)> {
    let (master_id, suffix) = event_id.rsplit_once('_')?;
    let master = cal.events.get(master_id)?;
    if master.body.get("status").and_then(Value::as_str) == Some("cancelled") {
        return None;
    }
    let (first, rec) = series(&master.body, cal.time_zone)?;
    let target: DateTime<Utc> = if suffix.len() == 8 {
        let d = NaiveDate::parse_from_str(suffix, "%Y%m%d").ok()?;
        crate::time::start_of_day(d, cal.time_zone)
    } else {
        let t = suffix.strip_suffix('Z')?;
        NaiveDateTime::parse_from_str(t, "%Y%m%dT%H%M%S")
            .ok()?
            .and_utc()
    };
    let horizon = target + chrono::Duration::days(1);
    rec.occurrences(&first, horizon, MAX_INSTANCES)
        .into_iter()
        .find(|o| o.id_suffix() == suffix)
        .map(|o| (master, o))
}

fn etag_matches(body: &Map<String, Value>, if_match: Option<&str>) -> bool {
    let Some(wanted) = if_match else { return true };
    let current = body.get("etag").and_then(Value::as_str).unwrap_or("");
    let strip = |s: &str| {
        s.trim()
            .trim_start_matches("W/")
            .trim_matches('"')
            .to_owned()
    };
    wanted.trim() == "*" || strip(wanted) == strip(current)
}

fn is_cancelled(body: &Map<String, Value>) -> bool {
    body.get("status").and_then(Value::as_str) == Some("cancelled")
}

fn times_changed(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    ["start", "end", "recurrence"]
        .iter()
        .any(|k| a.get(*k) != b.get(*k))
}

impl World {
    fn calendar(&self, calendar_id: &str) -> Result<&Calendar, ApiError> {
        self.calendars
            .get(calendar_id)
            .ok_or_else(ApiError::not_found)
    }

    /// Finds a stored event or a virtual instance.
    pub(crate) fn event_find(&self, calendar_id: &str, event_id: &str) -> Result<Found, ApiError> {
        let cal = self.calendar(calendar_id)?;
        if let Some(ev) = cal.events.get(event_id) {
            return Ok(Found::Stored(ev.body.clone()));
        }
        let (master, occ) = resolve_instance(cal, event_id).ok_or_else(ApiError::not_found)?;
        Ok(Found::Virtual(virtual_instance(
            cal,
            &master.body,
            &occ,
            &self.base_url,
        )))
    }

    /// Inserts an event as the calendar's owner would (`events.insert`), for the demo seed and
    /// the control API; returns it as `events.get` would, or why it was refused.
    pub(crate) fn insert_as_owner(
        &mut self,
        calendar_id: &str,
        event: Value,
    ) -> Result<Value, String> {
        let calendar = self
            .calendars
            .get(calendar_id)
            .ok_or_else(|| format!("no calendar {calendar_id:?}"))?;
        let (owner, tz) = (calendar.owner.clone(), calendar.time_zone);
        let stored = self
            .event_insert(calendar_id, event, &owner)
            .map_err(|e| e.body().to_string())?;
        Ok(render(&stored, tz, Projection::Full))
    }

    /// `events.insert`: 200 + the stored event.
    pub(crate) fn event_insert(
        &mut self,
        calendar_id: &str,
        input: Value,
        actor: &str,
    ) -> Result<Map<String, Value>, ApiError> {
        let Value::Object(mut body) = input else {
            return Err(ApiError::parse_error());
        };
        let cal = self.calendar(calendar_id)?;
        let id = match body.remove("id") {
            None | Some(Value::Null) => loop {
                let id = crate::ids::event_id(&mut rand::thread_rng());
                if !cal.events.contains_key(&id) {
                    break id;
                }
            },
            Some(Value::String(id)) => {
                if !crate::ids::is_valid_client_event_id(&id) {
                    return Err(ApiError::invalid("Invalid resource id value."));
                }
                if cal.events.contains_key(&id) {
                    return Err(ApiError::duplicate());
                }
                id
            }
            Some(_) => return Err(ApiError::invalid("Invalid resource id value.")),
        };
        strip_read_only(&mut body);
        validate(&mut body)?;
        let stamp = self.next_stamp();
        let seq = self.next_seq();
        let now = from_stamp(stamp);
        body.insert("kind".into(), json!("calendar#event"));
        body.insert("id".into(), json!(id));
        body.insert(
            "htmlLink".into(),
            json!(html_link(&self.base_url, calendar_id, &id)),
        );
        body.insert("created".into(), json!(whole_seconds_millis(now)));
        let mut creator = json!({"email": actor});
        if actor == calendar_id {
            creator["self"] = json!(true);
        }
        body.insert("creator".into(), creator);
        body.insert(
            "organizer".into(),
            json!({"email": calendar_id, "self": true}),
        );
        body.insert("iCalUID".into(), json!(format!("{id}@google.com")));
        if !body.get("sequence").is_some_and(Value::is_u64) {
            body.insert("sequence".into(), json!(0));
        }
        normalize_attendees(&mut body, calendar_id);
        stamp_body(&mut body, stamp, false);
        let cal = self
            .calendars
            .get_mut(calendar_id)
            .ok_or_else(ApiError::not_found)?;
        cal.events.insert(
            id,
            StoredEvent {
                seq,
                stamp,
                body: body.clone(),
            },
        );
        cal.event_change = stamp;
        Ok(body)
    }

    /// `events.patch`: merge semantics.
    pub(crate) fn event_patch(
        &mut self,
        calendar_id: &str,
        event_id: &str,
        patch: Value,
        if_match: Option<&str>,
    ) -> Result<Map<String, Value>, ApiError> {
        let Value::Object(mut patch) = patch else {
            return Err(ApiError::parse_error());
        };
        strip_read_only(&mut patch);
        patch.remove("id");
        let before = self.event_find(calendar_id, event_id)?;
        if !etag_matches(before.body(), if_match) {
            return Err(ApiError::condition_not_met());
        }
        let mut next = before.body().clone();
        merge_patch(&mut next, &patch);
        self.commit(calendar_id, event_id, before, next)
    }

    /// `events.update`: the body replaces the resource (omitted fields are gone).
    pub(crate) fn event_update(
        &mut self,
        calendar_id: &str,
        event_id: &str,
        input: Value,
        if_match: Option<&str>,
    ) -> Result<Map<String, Value>, ApiError> {
        let Value::Object(mut next) = input else {
            return Err(ApiError::parse_error());
        };
        let before = self.event_find(calendar_id, event_id)?;
        if !etag_matches(before.body(), if_match) {
            return Err(ApiError::condition_not_met());
        }
        if !next.contains_key("sequence")
            && let Some(s) = before.body().get("sequence")
        {
            next.insert("sequence".into(), s.clone());
        }
        self.commit(calendar_id, event_id, before, next)
    }

    fn commit(
        &mut self,
        calendar_id: &str,
        event_id: &str,
        before: Found,
        mut next: Map<String, Value>,
    ) -> Result<Map<String, Value>, ApiError> {
        let prev = before.body();
        strip_read_only(&mut next);
        next.remove("id");
        let is_instance = prev.contains_key("recurringEventId");
        if is_instance && next.get("recurrence").is_some_and(|r| !r.is_null()) {
            return Err(ApiError::invalid("Invalid recurrence rule."));
        }
        validate(&mut next)?;
        let old_seq = prev.get("sequence").and_then(Value::as_u64).unwrap_or(0);
        let new_seq = next
            .get("sequence")
            .and_then(Value::as_u64)
            .unwrap_or(old_seq);
        if new_seq < old_seq {
            return Err(ApiError::invalid(
                "Invalid sequence value. The specified sequence number is below the current sequence number of the resource.",
            ));
        }
        let bumped = if new_seq == old_seq && times_changed(prev, &next) {
            old_seq + 1
        } else {
            new_seq
        };
        next.insert("sequence".into(), json!(bumped));
        for key in KEPT_ON_WRITE {
            if let Some(v) = prev.get(*key) {
                next.insert((*key).into(), v.clone());
            }
        }
        normalize_attendees(&mut next, calendar_id);
        // notes §3 / discovery: `updated` does not move when only reminders change.
        let only_reminders = {
            let strip = |m: &Map<String, Value>| {
                let mut m = m.clone();
                for k in ["reminders", "etag", "updated"] {
                    m.remove(k);
                }
                m
            };
            strip(prev) == strip(&next)
        };
        if let Some(updated) = prev.get("updated") {
            next.insert("updated".into(), updated.clone());
        }
        let stamp = self.next_stamp();
        stamp_body(&mut next, stamp, only_reminders);
        let seq = match &before {
            Found::Stored(_) => None,
            Found::Virtual(_) => Some(self.next_seq()),
        };
        let cal = self
            .calendars
            .get_mut(calendar_id)
            .ok_or_else(ApiError::not_found)?;
        match cal.events.get_mut(event_id) {
            Some(ev) => {
                ev.body = next.clone();
                ev.stamp = stamp;
            }
            None => {
                cal.events.insert(
                    event_id.to_owned(),
                    StoredEvent {
                        seq: seq.unwrap_or(0),
                        stamp,
                        body: next.clone(),
                    },
                );
            }
        }
        cal.event_change = stamp;
        Ok(next)
    }

    /// Sets a stored timed event's `start` and `end` instants without the API's checks (the
    /// API refuses an end before the start with `400 timeRangeEmpty`), as an item written by
    /// another client or long ago may hold them. `etag` and `updated` move like on any write.
    #[cfg(feature = "testing")]
    pub(crate) fn event_force_times(
        &mut self,
        calendar_id: &str,
        event_id: &str,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Map<String, Value>, ApiError> {
        let stamp = self.next_stamp();
        let cal = self
            .calendars
            .get_mut(calendar_id)
            .ok_or_else(ApiError::not_found)?;
        let ev = cal
            .events
            .get_mut(event_id)
            .ok_or_else(ApiError::not_found)?;
        for (key, t) in [("start", start), ("end", end)] {
            let when = ev
                .body
                .entry(key)
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .ok_or_else(|| ApiError::invalid("Invalid start time."))?;
            when.remove("date");
            when.insert("dateTime".into(), json!(crate::time::seconds_z(t)));
        }
        stamp_body(&mut ev.body, stamp, false);
        ev.stamp = stamp;
        cal.event_change = stamp;
        Ok(ev.body.clone())
    }

    /// `events.delete`: the event becomes a cancelled tombstone (a virtual instance becomes a
    /// cancelled exception; a master takes its exceptions with it). Deleting twice → 410.
    pub(crate) fn event_delete(
        &mut self,
        calendar_id: &str,
        event_id: &str,
        if_match: Option<&str>,
    ) -> Result<(), ApiError> {
        let found = self.event_find(calendar_id, event_id)?;
        if is_cancelled(found.body()) {
            return Err(ApiError::deleted());
        }
        if !etag_matches(found.body(), if_match) {
            return Err(ApiError::condition_not_met());
        }
        let stamp = self.next_stamp();
        let seq = self.next_seq();
        let cal = self
            .calendars
            .get_mut(calendar_id)
            .ok_or_else(ApiError::not_found)?;
        let is_master = found.body().contains_key("recurrence");
        let cancel = |body: &mut Map<String, Value>| {
            body.insert("status".into(), json!("cancelled"));
            stamp_body(body, stamp, false);
        };
        match found {
            Found::Stored(_) => {
                if let Some(ev) = cal.events.get_mut(event_id) {
                    cancel(&mut ev.body);
                    ev.stamp = stamp;
                }
                if is_master {
                    for ev in cal.events.values_mut() {
                        let of_master = ev.body.get("recurringEventId").and_then(Value::as_str)
                            == Some(event_id);
                        if of_master && !is_cancelled(&ev.body) {
                            cancel(&mut ev.body);
                            ev.stamp = stamp;
                        }
                    }
                }
            }
            Found::Virtual(mut body) => {
                cancel(&mut body);
                cal.events
                    .insert(event_id.to_owned(), StoredEvent { seq, stamp, body });
            }
        }
        cal.event_change = stamp;
        Ok(())
    }
}

/// A new version: etag from the stamp (16 digits, like Google's), `updated` unless kept.
fn stamp_body(body: &mut Map<String, Value>, stamp: i64, keep_updated: bool) {
    body.insert("etag".into(), json!(format!("\"{stamp}\"")));
    if !keep_updated || !body.contains_key("updated") {
        body.insert("updated".into(), json!(millis(from_stamp(stamp))));
    }
}
