//! The Event resource: validation of what clients send, the stored (normalised) form, and patch
//! merge semantics (google-calendar-notes.md §3, §5).
//!
//! Why not the app's typed model (`rdv_core::google::Event`): the sandbox plays Google, so it
//! keeps Google's server-side view — every field a client may send (attendees, reminders, …
//! which the app's model drops), the JSON merge-patch rules (`null` deletes a key, which the
//! typed model cannot say), the fields the server owns — and it checks the clients from outside:
//! sharing their model would let a mistake in it pass both sides of every test. The sandbox
//! depends on no crate of ours for the same reason.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value, json};

use crate::error::ApiError;
use crate::recurrence::{self, First, Recurrence};
use crate::time::{local_to_utc, seconds_z, start_of_day};

/// A start or end: a date (all-day, end exclusive) or an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum When {
    Date(NaiveDate),
    At(DateTime<Utc>),
}

impl When {
    /// The instant, all-day dates at local midnight in `tz`.
    pub(crate) fn instant(self, tz: Tz) -> DateTime<Utc> {
        match self {
            When::Date(d) => start_of_day(d, tz),
            When::At(t) => t,
        }
    }
}

/// Fields the server owns: ignored when a client sends them.
const READ_ONLY: &[&str] = &[
    "kind",
    "etag",
    "htmlLink",
    "created",
    "updated",
    "creator",
    "organizer",
    "iCalUID",
    "recurringEventId",
    "originalStartTime",
];

/// Values Google leaves out of responses because they are the defaults (notes §1, insert sample).
fn default_value(key: &str) -> Option<Value> {
    Some(match key {
        "transparency" => json!("opaque"),
        "visibility" => json!("default"),
        "anyoneCanAddSelf" => json!(false),
        "guestsCanModify" => json!(false),
        "guestsCanInviteOthers" => json!(true),
        "guestsCanSeeOtherGuests" => json!(true),
        "privateCopy" => json!(false),
        "locked" => json!(false),
        "endTimeUnspecified" => json!(false),
        _ => return None,
    })
}

/// Reads a stored (normalised) `EventDateTime`.
pub(crate) fn stored_when(v: Option<&Value>) -> Option<When> {
    let v = v?;
    if let Some(d) = v.get("date").and_then(Value::as_str) {
        return NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .ok()
            .map(When::Date);
    }
    v.get("dateTime")
        .and_then(Value::as_str)
        .and_then(crate::time::parse_instant)
        .map(When::At)
}

/// The time zone named in a stored `EventDateTime`, if any.
pub(crate) fn stored_tz(v: Option<&Value>) -> Option<Tz> {
    v?.get("timeZone")?.as_str()?.parse().ok()
}

/// Start and end instants of a stored event (all-day in the calendar's zone).
pub(crate) fn bounds(
    body: &Map<String, Value>,
    cal_tz: Tz,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let start = stored_when(body.get("start"))?.instant(cal_tz);
    let end = stored_when(body.get("end"))?.instant(cal_tz);
    Some((start, end))
}

/// Where a recurring master's series starts.
pub(crate) fn series_first(body: &Map<String, Value>, cal_tz: Tz) -> Option<First> {
    match stored_when(body.get("start"))? {
        When::Date(d) => Some(First {
            local: d.and_time(chrono::NaiveTime::MIN),
            tz: cal_tz,
            all_day: true,
        }),
        When::At(t) => {
            let tz = stored_tz(body.get("start")).unwrap_or(cal_tz);
            Some(First {
                local: t.with_timezone(&tz).naive_local(),
                tz,
                all_day: false,
            })
        }
    }
}

/// The `recurrence` lines of a stored event (empty for single events and instances).
pub(crate) fn recurrence_lines(body: &Map<String, Value>) -> Vec<String> {
    body.get("recurrence")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|l| l.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// The parsed recurrence of a stored master.
pub(crate) fn series(body: &Map<String, Value>, cal_tz: Tz) -> Option<(First, Recurrence)> {
    let lines = recurrence_lines(body);
    if lines.is_empty() {
        return None;
    }
    let first = series_first(body, cal_tz)?;
    let rec = recurrence::parse(&lines, &first).ok()?;
    Some((first, rec))
}

/// Validates an `EventDateTime` a client sent and normalises it: `dateTime` in UTC.
fn normalize_when(v: &mut Value, which: &str) -> Result<When, ApiError> {
    let missing = || ApiError::required(&format!("Missing {which} time."));
    let obj = v.as_object_mut().ok_or_else(missing)?;
    let tz_name = obj
        .get("timeZone")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let tz: Option<Tz> = match &tz_name {
        Some(name) => Some(name.parse().map_err(|_| {
            ApiError::invalid(&format!("Invalid time zone definition for {which} time."))
        })?),
        None => None,
    };
    let has_date = obj.get("date").is_some_and(|d| !d.is_null());
    let has_time = obj.get("dateTime").is_some_and(|d| !d.is_null());
    if has_date && has_time {
        return Err(ApiError::bad_request(&format!("Invalid {which} time.")));
    }
    if has_date {
        let d = obj
            .get("date")
            .and_then(Value::as_str)
            .and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
            .ok_or_else(|| ApiError::bad_request(&format!("Invalid {which} time.")))?;
        obj.remove("dateTime");
        return Ok(When::Date(d));
    }
    if !has_time {
        return Err(missing());
    }
    let raw = obj
        .get("dateTime")
        .and_then(Value::as_str)
        .ok_or_else(|| ApiError::bad_request(&format!("Invalid {which} time.")))?
        .to_owned();
    let instant = match crate::time::parse_instant(&raw) {
        Some(t) => t,
        None => {
            let local = NaiveDateTime::parse_from_str(&raw, "%Y-%m-%dT%H:%M:%S%.f")
                .map_err(|_| ApiError::bad_request(&format!("Invalid {which} time.")))?;
            let tz = tz.ok_or_else(|| {
                ApiError::bad_request(&format!("Missing time zone definition for {which} time."))
            })?;
            local_to_utc(local, tz)
        }
    };
    obj.remove("date");
    obj.insert("dateTime".into(), json!(seconds_z(instant)));
    Ok(When::At(instant))
}

/// Validates a full event a client sent (insert, update, or the result of a patch) and brings
/// it to the stored form. Server-owned fields are left to the caller.
pub(crate) fn validate(body: &mut Map<String, Value>) -> Result<(), ApiError> {
    let mut start_v = body
        .remove("start")
        .filter(|v| !v.is_null())
        .ok_or_else(|| ApiError::required("Missing start time."))?;
    let mut end_v = body
        .remove("end")
        .filter(|v| !v.is_null())
        .ok_or_else(|| ApiError::required("Missing end time."))?;
    let start = normalize_when(&mut start_v, "start")?;
    let end = normalize_when(&mut end_v, "end")?;
    match (start, end) {
        (When::Date(s), When::Date(e)) if e < s => return Err(ApiError::time_range_empty_body()),
        (When::At(s), When::At(e)) if e < s => return Err(ApiError::time_range_empty_body()),
        (When::Date(_), When::At(_)) | (When::At(_), When::Date(_)) => {
            return Err(ApiError::bad_request(
                "Start and end times must either both be date or both be dateTime.",
            ));
        }
        _ => {}
    }
    let recurrence = match body.get("recurrence") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(lines)) => lines
            .iter()
            .map(|l| l.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| ApiError::invalid("Invalid recurrence rule."))?,
        Some(_) => return Err(ApiError::invalid("Invalid recurrence rule.")),
    };
    if recurrence.is_empty() {
        body.remove("recurrence");
    } else {
        if matches!(start, When::At(_)) && start_v.get("timeZone").is_none() {
            return Err(ApiError::bad_request(
                "Missing time zone definition for start time.",
            ));
        }
        if body.contains_key("recurringEventId") {
            return Err(ApiError::invalid("Invalid recurrence rule."));
        }
    }
    body.insert("start".into(), start_v);
    body.insert("end".into(), end_v);
    if !recurrence.is_empty() {
        let first = series_first(body, chrono_tz::UTC)
            .ok_or_else(|| ApiError::invalid("Invalid start time."))?;
        recurrence::parse(&recurrence, &first)
            .map_err(|_| ApiError::invalid("Invalid recurrence rule."))?;
    }
    check_enum(body, "status", &["confirmed", "tentative", "cancelled"])?;
    check_enum(body, "transparency", &["opaque", "transparent"])?;
    check_enum(
        body,
        "visibility",
        &["default", "public", "private", "confidential"],
    )?;
    validate_reminders(body)?;
    trim_extended_properties(body);
    let keys: Vec<String> = body.keys().cloned().collect();
    for key in keys {
        let is_default = default_value(&key).as_ref() == body.get(&key);
        if is_default || body.get(&key).is_some_and(Value::is_null) {
            body.remove(&key);
        }
    }
    if !body.contains_key("status") {
        body.insert("status".into(), json!("confirmed"));
    }
    if !body.contains_key("reminders") {
        body.insert("reminders".into(), json!({"useDefault": true}));
    }
    if !body.contains_key("eventType") {
        body.insert("eventType".into(), json!("default"));
    }
    Ok(())
}

fn check_enum(body: &Map<String, Value>, key: &str, allowed: &[&str]) -> Result<(), ApiError> {
    match body.get(key) {
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(s)) if allowed.contains(&s.as_str()) => Ok(()),
        Some(_) => Err(ApiError::invalid(&format!("Invalid value for: {key}"))),
    }
}

/// notes §5: both default reminders and overrides → 400; more than 5 overrides → 400.
fn validate_reminders(body: &Map<String, Value>) -> Result<(), ApiError> {
    let Some(r) = body.get("reminders").filter(|r| !r.is_null()) else {
        return Ok(());
    };
    let overrides = r
        .get("overrides")
        .and_then(Value::as_array)
        .map(Vec::len)
        .unwrap_or(0);
    if r.get("useDefault").and_then(Value::as_bool) == Some(true) && overrides > 0 {
        return Err(ApiError::new(
            400,
            "calendar",
            "cannotUseDefaultRemindersAndSpecifyOverride",
            "Cannot specify both default reminders and overrides at the same time.",
        ));
    }
    if overrides > 5 {
        return Err(ApiError::new(
            400,
            "calendar",
            "eventRemindersCountExceedsLimit",
            "The maximum number of override reminders is 5.",
        ));
    }
    Ok(())
}

/// notes §5: keys longer than 44 characters are dropped, values cut at 1024, silently.
fn trim_extended_properties(body: &mut Map<String, Value>) {
    let Some(Value::Object(ext)) = body.get_mut("extendedProperties") else {
        return;
    };
    for kind in ["private", "shared"] {
        if let Some(Value::Object(props)) = ext.get_mut(kind) {
            props.retain(|k, v| k.chars().count() <= 44 && !v.is_null());
            for v in props.values_mut() {
                let text = match &*v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                *v = Value::String(text.chars().take(1024).collect());
            }
        }
    }
}

/// Removes what clients may not set.
pub(crate) fn strip_read_only(body: &mut Map<String, Value>) {
    for key in READ_ONLY {
        body.remove(*key);
    }
}

/// Patch semantics (notes §3): objects merge key by key, `null` deletes a key, arrays and
/// scalars replace. In `start`/`end`, a new `date` removes the old `dateTime` and vice versa
/// (merging them would make a mixed value).
pub(crate) fn merge_patch(target: &mut Map<String, Value>, patch: &Map<String, Value>) {
    for (key, value) in patch {
        if let (true, Some(Value::Object(existing)), Value::Object(sub)) = (
            matches!(key.as_str(), "start" | "end"),
            target.get_mut(key),
            value,
        ) {
            if sub.get("dateTime").is_some_and(|v| !v.is_null()) {
                existing.remove("date");
            }
            if sub.get("date").is_some_and(|v| !v.is_null()) {
                existing.remove("dateTime");
            }
        }
        match (target.get_mut(key), value) {
            (_, Value::Null) => {
                target.remove(key);
            }
            (Some(Value::Object(existing)), Value::Object(sub)) => {
                merge_patch(existing, sub);
            }
            _ => {
                target.insert(key.clone(), strip_nulls(value.clone()));
            }
        }
    }
}

fn strip_nulls(v: Value) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, strip_nulls(v)))
                .collect(),
        ),
        other => other,
    }
}

/// Attendees gain `responseStatus:"needsAction"`; `organizer`/`self` flags are the server's.
pub(crate) fn normalize_attendees(body: &mut Map<String, Value>, calendar_id: &str) {
    if let Some(Value::Array(attendees)) = body.get_mut("attendees") {
        for a in attendees.iter_mut().filter_map(Value::as_object_mut) {
            let is_cal = a.get("email").and_then(Value::as_str) == Some(calendar_id);
            a.remove("organizer");
            a.remove("self");
            if is_cal {
                a.insert("organizer".into(), json!(true));
                a.insert("self".into(), json!(true));
            }
            a.entry("responseStatus").or_insert(json!("needsAction"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn patch_replaces_arrays_merges_private_properties_and_null_deletes() {
        // notes §3: arrays replace, extendedProperties.private merges by key, null deletes.
        let mut target = obj(json!({
            "summary": "A",
            "attendees": [{"email": "a@x.fr"}, {"email": "b@x.fr"}],
            "extendedProperties": {"private": {"rdv.kind": "booking", "rdv.phone": "+33600000000"}},
        }));
        merge_patch(
            &mut target,
            &obj(json!({
                "attendees": [{"email": "c@x.fr"}],
                "extendedProperties": {"private": {"rdv.phone": null, "rdv.email": "p@x.fr"}},
                "summary": null,
            })),
        );
        assert_eq!(
            Value::Object(target),
            json!({
                "attendees": [{"email": "c@x.fr"}],
                "extendedProperties": {"private": {"rdv.kind": "booking", "rdv.email": "p@x.fr"}},
            })
        );
    }

    #[test]
    fn a_new_date_time_replaces_a_date_and_keeps_the_zone() {
        let mut target = obj(json!({"start": {"date": "2026-11-26", "timeZone": "Europe/Paris"}}));
        merge_patch(
            &mut target,
            &obj(json!({"start": {"dateTime": "2026-11-26T10:00:00+01:00"}})),
        );
        assert_eq!(
            target["start"],
            json!({"dateTime": "2026-11-26T10:00:00+01:00", "timeZone": "Europe/Paris"})
        );
    }

    #[test]
    fn validation_normalises_times_and_drops_defaults() {
        // notes §1: defaults omitted (transparency opaque, anyoneCanAddSelf false, guestsCanModify
        // false), non-defaults kept (guestsCanInviteOthers false).
        let mut body = obj(json!({
            "start": {"dateTime": "2026-11-26T10:00:00", "timeZone": "Europe/Paris"},
            "end": {"dateTime": "2026-11-26T10:30:00+01:00"},
            "transparency": "opaque", "anyoneCanAddSelf": false, "guestsCanModify": false,
            "guestsCanInviteOthers": false,
        }));
        validate(&mut body).unwrap();
        assert_eq!(body["start"]["dateTime"], "2026-11-26T09:00:00Z");
        assert!(!body.contains_key("transparency"));
        assert!(!body.contains_key("anyoneCanAddSelf"));
        assert_eq!(body["guestsCanInviteOthers"], false);
        assert_eq!(body["status"], "confirmed");
        assert_eq!(body["reminders"], json!({"useDefault": true}));
    }

    #[test]
    fn invalid_events_are_refused_with_googles_reasons() {
        let cases = [
            (json!({"start": {"date": "2026-11-26"}}), "required"),
            (
                json!({"start": {"date": "2026-11-26"}, "end": {"dateTime": "2026-11-26T10:00:00Z"}}),
                "badRequest",
            ),
            (
                json!({"start": {"dateTime": "2026-11-26T10:00:00"}, "end": {"dateTime": "2026-11-26T11:00:00Z"}}),
                "badRequest",
            ),
            (
                json!({"start": {"dateTime": "2026-11-26T10:00:00Z"}, "end": {"dateTime": "2026-11-26T11:00:00Z"},
                       "recurrence": ["RRULE:FREQ=DAILY"]}),
                "badRequest",
            ),
            (
                json!({"start": {"dateTime": "2026-11-26T10:00:00Z"}, "end": {"dateTime": "2026-11-26T09:00:00Z"}}),
                "timeRangeEmpty",
            ),
            (
                json!({"start": {"dateTime": "2026-11-26T10:00:00Z"}, "end": {"dateTime": "2026-11-26T11:00:00Z"},
                       "reminders": {"useDefault": true, "overrides": [{"method": "popup", "minutes": 5}]}}),
                "cannotUseDefaultRemindersAndSpecifyOverride",
            ),
        ];
        for (input, reason) in cases {
            let err = validate(&mut obj(input.clone())).unwrap_err();
            assert_eq!(err.reason, reason, "{input}");
        }
    }

    #[test]
    fn long_property_keys_are_dropped_and_long_values_cut() {
        // notes §5: key ≤ 44 chars (longer dropped), value ≤ 1024 (truncated), silently.
        let mut body = obj(json!({"extendedProperties": {"private": {
            "k".repeat(45): "x", "ok": "v".repeat(2000)}}}));
        trim_extended_properties(&mut body);
        let private = &body["extendedProperties"]["private"];
        assert_eq!(private.as_object().unwrap().len(), 1);
        assert_eq!(private["ok"].as_str().unwrap().len(), 1024);
    }
}
