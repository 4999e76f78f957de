//! Reading the calendar's current availability from Google's event resources (as JSON), for the
//! plan: recurring masters and single events marked `rdv.kind=availability`, and the cancelled
//! instances (exceptions) of those series. Items that are not availability, or have no timed
//! start and end with a zone, are left out.

use super::{EventBody, ExistingEvent};
use chrono::NaiveDateTime;
use chrono_tz::Tz;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The existing availability events among `items` (Google `Event` resources, e.g. the `items`
/// of `events.list` with `singleEvents=false`), each series with the ids of its cancelled
/// instances found among `items`.
pub fn existing_events(items: &[Value]) -> Vec<ExistingEvent> {
    let mut cancelled: HashMap<&str, BTreeSet<String>> = HashMap::new();
    let mut out = Vec::new();
    for item in items {
        let Some(id) = item.get("id").and_then(Value::as_str) else {
            continue;
        };
        let is_cancelled = item.get("status").and_then(Value::as_str) == Some("cancelled");
        if let Some(master) = item.get("recurringEventId").and_then(Value::as_str) {
            if is_cancelled {
                cancelled.entry(master).or_default().insert(id.to_owned());
            }
            continue;
        }
        if is_cancelled {
            continue;
        }
        if let Some(body) = body(item).filter(EventBody::is_availability) {
            out.push(ExistingEvent {
                id: id.to_owned(),
                etag: item.get("etag").and_then(Value::as_str).map(str::to_owned),
                body,
                cancelled_instances: BTreeSet::new(),
            });
        }
    }
    for e in &mut out {
        if !e.body.recurrence.is_empty()
            && let Some(ids) = cancelled.remove(e.id.as_str())
        {
            e.cancelled_instances = ids;
        }
    }
    out
}

/// The fields the plan compares, from one event resource; `None` without a timed start and end
/// carrying their zone.
pub fn body(item: &Value) -> Option<EventBody> {
    let local = |key: &str| -> Option<(NaiveDateTime, Tz)> {
        let t = item.get(key)?;
        let tz: Tz = t.get("timeZone")?.as_str()?.parse().ok()?;
        let at = chrono::DateTime::parse_from_rfc3339(t.get("dateTime")?.as_str()?).ok()?;
        Some((at.with_timezone(&tz).naive_local(), tz))
    };
    let (start, tz) = local("start")?;
    let (end, _) = local("end")?;
    let text = |key: &str, default: &str| {
        item.get(key)
            .and_then(Value::as_str)
            .unwrap_or(default)
            .to_owned()
    };
    let private: BTreeMap<String, String> = item
        .pointer("/extendedProperties/private")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    let recurrence = item
        .get("recurrence")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|r| r.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    Some(EventBody {
        summary: text("summary", ""),
        start,
        end,
        time_zone: tz.name().to_owned(),
        recurrence,
        transparency: text("transparency", "opaque"),
        visibility: text("visibility", "default"),
        private,
    })
}

/// The event resource for `body` (with `id` for an insert): local start and end with their
/// offset and zone, the recurrence, transparency, visibility and private properties.
pub fn resource(body: &EventBody, id: Option<&str>) -> Value {
    let tz: Tz = body.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris);
    let at = |t: NaiveDateTime| {
        let instant = crate::availability::zone::instant(tz, t.date(), t.time());
        serde_json::json!({
            "dateTime": crate::availability::zone::local(tz, instant).to_rfc3339(),
            "timeZone": body.time_zone,
        })
    };
    let mut event = serde_json::json!({
        "summary": body.summary,
        "start": at(body.start),
        "end": at(body.end),
        "transparency": body.transparency,
        "visibility": body.visibility,
        "extendedProperties": { "private": body.private },
    });
    if !body.recurrence.is_empty() {
        event["recurrence"] = serde_json::json!(body.recurrence);
    }
    if let Some(id) = id {
        event["id"] = Value::String(id.to_owned());
    }
    event
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::publish::desired_events;
    use crate::availability::{FileFormat, PracticeConfig};

    #[test]
    fn what_is_written_reads_back_as_the_same_body_across_a_dst_change() {
        let config = PracticeConfig::parse(
            r#"
            [[appointmentTypes]]
            id = "consultation"
            name = "Consultation"
            durationMinutes = 30
            [[templates]]
            id = "semaine"
            weeks = "impaires"
            [[templates.ranges]]
            days = ["lundi"]
            start = "9h"
            end = "12h30"
            types = ["consultation"]
            "#,
            FileFormat::Toml,
        )
        .unwrap();
        let desired = desired_events(
            &config,
            "cal",
            "2026-03-02".parse().unwrap(),
            "2026-05-04".parse().unwrap(),
        );
        assert!(!desired.is_empty());
        for d in desired {
            let json = resource(&d.body, Some(&d.id));
            assert_eq!(body(&json).as_ref(), Some(&d.body));
        }
    }

    #[test]
    fn cancelled_instances_attach_to_their_series_and_other_events_are_left_out() {
        // google-calendar-notes.md §4: a cancelled exception carries `recurringEventId` and
        // `originalStartTime`, its id is `<master>_<start UTC>`.
        let items = serde_json::json!([
            {"id": "rdvseries", "etag": "\"1\"", "summary": "Disponible",
             "start": {"dateTime": "2026-11-30T09:00:00+01:00", "timeZone": "Europe/Paris"},
             "end": {"dateTime": "2026-11-30T12:30:00+01:00", "timeZone": "Europe/Paris"},
             "recurrence": ["RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20270301T113000Z"],
             "transparency": "transparent", "visibility": "private",
             "extendedProperties": {"private": {"rdv.v": "1", "rdv.kind": "availability"}}},
            {"id": "rdvseries_20261228T080000Z", "status": "cancelled",
             "recurringEventId": "rdvseries",
             "originalStartTime": {"dateTime": "2026-12-28T09:00:00+01:00"}},
            {"id": "booking1", "summary": "Consultation – Jeanne Martin",
             "start": {"dateTime": "2026-11-30T09:00:00+01:00", "timeZone": "Europe/Paris"},
             "end": {"dateTime": "2026-11-30T09:30:00+01:00", "timeZone": "Europe/Paris"},
             "extendedProperties": {"private": {"rdv.kind": "booking"}}},
            {"id": "gone", "status": "cancelled"}
        ]);
        let existing = existing_events(items.as_array().unwrap());
        assert_eq!(existing.len(), 1, "only the availability series");
        assert_eq!(existing[0].etag.as_deref(), Some("\"1\""));
        assert_eq!(
            existing[0].cancelled_instances.iter().collect::<Vec<_>>(),
            ["rdvseries_20261228T080000Z"]
        );
    }
}
