//! What clients see of stored events: rendering in the response time zone, the virtual
//! instances of recurring series, and the reduced shapes (cancelled items, private events seen
//! by a reader, free/busy views).

use base64::Engine;
use chrono_tz::Tz;
use serde_json::{Map, Value, json};

use super::model::{When, stored_when};
use crate::recurrence::Occurrence;
use crate::time::{render_in, seconds_z};
use crate::world::Calendar;

/// How much of an event a viewer gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Projection {
    /// Everything.
    Full,
    /// A cancelled item in sync: `kind, etag, id, status` (+ `recurringEventId`,
    /// `originalStartTime` for instances) — samples/events-incremental-*.compass.json.
    Minimal,
    /// A private event seen by a `reader`: times only.
    Private,
    /// A `freeBusyReader` (or `calendar.events.freebusy` scope): busy block only.
    FreeBusy,
}

/// `htmlLink`: the sandbox's event page, `eid` = base64(`<eventId> <calendarId>`) as Google's.
pub(crate) fn html_link(base_url: &str, calendar_id: &str, event_id: &str) -> String {
    let eid = base64::engine::general_purpose::STANDARD_NO_PAD
        .encode(format!("{event_id} {calendar_id}"));
    format!("{base_url}calendar/event?eid={eid}")
}

/// The instance of a recurring master at one occurrence, as Google builds it: the master's
/// fields without `recurrence`, its own id, `recurringEventId`, `originalStartTime`, shifted
/// start/end, and the master's etag.
pub(crate) fn virtual_instance(
    cal: &Calendar,
    master: &Map<String, Value>,
    occ: &Occurrence,
    base_url: &str,
) -> Map<String, Value> {
    let mut body = master.clone();
    let master_id = master
        .get("id")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let id = format!("{master_id}_{}", occ.id_suffix());
    body.remove("recurrence");
    let start_tz = master.get("start").and_then(|s| s.get("timeZone")).cloned();
    let end_tz = master.get("end").and_then(|s| s.get("timeZone")).cloned();
    let with_tz = |mut v: Value, tz: &Option<Value>| {
        if let Some(tz) = tz {
            v["timeZone"] = tz.clone();
        }
        v
    };
    match (
        stored_when(master.get("start")),
        stored_when(master.get("end")),
    ) {
        (Some(When::Date(s)), Some(When::Date(e))) => {
            let end = occ.date + (e - s);
            body.insert("start".into(), json!({"date": occ.date.to_string()}));
            body.insert("end".into(), json!({"date": end.to_string()}));
            body.insert(
                "originalStartTime".into(),
                json!({"date": occ.date.to_string()}),
            );
        }
        (Some(When::At(s)), Some(When::At(e))) => {
            let end = occ.start + (e - s);
            body.insert(
                "start".into(),
                with_tz(json!({"dateTime": seconds_z(occ.start)}), &start_tz),
            );
            body.insert(
                "end".into(),
                with_tz(json!({"dateTime": seconds_z(end)}), &end_tz),
            );
            body.insert(
                "originalStartTime".into(),
                with_tz(json!({"dateTime": seconds_z(occ.start)}), &start_tz),
            );
        }
        _ => {}
    }
    body.insert("recurringEventId".into(), json!(master_id));
    body.insert("htmlLink".into(), json!(html_link(base_url, &cal.id, &id)));
    body.insert("id".into(), json!(id));
    body
}

fn render_when(v: &mut Value, tz: Tz) {
    if let Some(t) = v
        .get("dateTime")
        .and_then(Value::as_str)
        .and_then(crate::time::parse_instant)
    {
        v["dateTime"] = json!(render_in(t, tz));
    }
}

/// The JSON a client gets for a stored (or virtual) event, `dateTime`s in `tz`.
pub(crate) fn render(body: &Map<String, Value>, tz: Tz, projection: Projection) -> Value {
    let keep: Option<&[&str]> = match projection {
        Projection::Full => None,
        Projection::Minimal => Some(if body.contains_key("recurringEventId") {
            &[
                "kind",
                "etag",
                "id",
                "status",
                "recurringEventId",
                "originalStartTime",
            ]
        } else {
            &["kind", "etag", "id", "status"]
        }),
        Projection::Private => Some(&[
            "kind",
            "etag",
            "id",
            "status",
            "htmlLink",
            "created",
            "updated",
            "start",
            "end",
            "recurrence",
            "recurringEventId",
            "originalStartTime",
            "transparency",
            "visibility",
            "iCalUID",
            "sequence",
            "eventType",
        ]),
        Projection::FreeBusy => Some(&["kind", "etag", "id", "status", "start", "end"]),
    };
    let mut out = Map::new();
    for (k, v) in body {
        if keep.is_none_or(|keys| keys.contains(&k.as_str())) {
            out.insert(k.clone(), v.clone());
        }
    }
    for key in ["start", "end", "originalStartTime"] {
        if let Some(v) = out.get_mut(key) {
            render_when(v, tz);
        }
    }
    Value::Object(out)
}

/// Whether a stored event is visible as busy time (opaque, not cancelled).
pub(crate) fn is_busy(body: &Map<String, Value>) -> bool {
    body.get("status").and_then(Value::as_str) != Some("cancelled")
        && body.get("transparency").and_then(Value::as_str) != Some("transparent")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cancelled_instance_keeps_only_the_sampled_keys() {
        // samples/events-incremental-cancelled-instance.compass.json: id, recurringEventId,
        // originalStartTime guaranteed on a cancelled exception.
        let body = json!({"kind": "calendar#event", "etag": "\"1\"", "id": "m_20250325T130000Z",
            "status": "cancelled", "summary": "secret", "recurringEventId": "m",
            "originalStartTime": {"dateTime": "2025-03-25T13:00:00Z", "timeZone": "America/Chicago"}});
        let out = render(
            body.as_object().unwrap(),
            chrono_tz::America::Chicago,
            Projection::Minimal,
        );
        assert_eq!(
            out,
            json!({"kind": "calendar#event", "etag": "\"1\"", "id": "m_20250325T130000Z",
                "status": "cancelled", "recurringEventId": "m",
                "originalStartTime": {"dateTime": "2025-03-25T08:00:00-05:00", "timeZone": "America/Chicago"}})
        );
    }
}
