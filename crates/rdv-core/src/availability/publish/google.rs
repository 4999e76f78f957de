//! Reading the calendar's current availability from Google's event resources (the typed
//! [`crate::google::Event`]), for the plan: recurring masters and single events marked
//! `rdv.kind=availability`, and the cancelled instances (exceptions) of those series. Items that
//! are not availability, or have no timed start and end with a zone, are left out.

use super::{EventBody, ExistingEvent};
use crate::Sensitive;
use crate::google::{Event, EventDateTime, ExtendedProperties};
use chrono::NaiveDateTime;
use chrono_tz::Tz;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The existing availability events among `items` (e.g. the `items` of `events.list` with
/// `singleEvents=false`), each series with the ids of its cancelled instances found among
/// `items`.
pub fn existing_events(items: &[Event]) -> Vec<ExistingEvent> {
    let mut cancelled: HashMap<&str, BTreeSet<String>> = HashMap::new();
    let mut out = Vec::new();
    for item in items {
        let Some(id) = item.id.as_deref() else {
            continue;
        };
        if let Some(master) = item.recurring_event_id.as_deref() {
            if item.is_cancelled() {
                cancelled.entry(master).or_default().insert(id.to_owned());
            }
            continue;
        }
        if item.is_cancelled() {
            continue;
        }
        if let Some(body) = body(item).filter(EventBody::is_availability) {
            out.push(ExistingEvent {
                id: id.to_owned(),
                etag: item.etag.clone(),
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

/// The fields the plan compares, from one event; `None` without a timed start and end carrying
/// their zone.
pub fn body(item: &Event) -> Option<EventBody> {
    let local = |t: Option<&EventDateTime>| -> Option<(NaiveDateTime, Tz)> {
        let t = t?;
        let tz: Tz = t.time_zone.as_deref()?.parse().ok()?;
        Some((t.date_time?.with_timezone(&tz).naive_local(), tz))
    };
    let (start, tz) = local(item.start.as_ref())?;
    let (end, _) = local(item.end.as_ref())?;
    let text = |value: Option<&str>, default: &str| value.unwrap_or(default).to_owned();
    let private: BTreeMap<String, String> = item
        .extended_properties
        .as_ref()
        .and_then(|p| p.private.as_ref())
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.expose().clone()))
                .collect()
        })
        .unwrap_or_default();
    Some(EventBody {
        summary: text(item.summary.as_ref().map(|s| s.expose().as_str()), ""),
        start,
        end,
        time_zone: tz.name().to_owned(),
        recurrence: item.recurrence.clone().unwrap_or_default(),
        transparency: text(item.transparency.as_deref(), "opaque"),
        visibility: text(item.visibility.as_deref(), "default"),
        private,
    })
}

/// The event for `body` (with `id` for an insert): local start and end with their offset and
/// zone, the recurrence, transparency, visibility and private properties.
pub fn resource(body: &EventBody, id: Option<&str>) -> Event {
    let tz: Tz = body.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris);
    let at = |t: NaiveDateTime| {
        let instant = crate::availability::zone::instant(tz, t.date(), t.time());
        EventDateTime::at(
            crate::availability::zone::local(tz, instant),
            &body.time_zone,
        )
    };
    Event {
        id: id.map(str::to_owned),
        summary: Some(Sensitive::new(body.summary.clone())),
        start: Some(at(body.start)),
        end: Some(at(body.end)),
        recurrence: (!body.recurrence.is_empty()).then(|| body.recurrence.clone()),
        transparency: Some(body.transparency.clone()),
        visibility: Some(body.visibility.clone()),
        extended_properties: Some(ExtendedProperties {
            private: Some(
                body.private
                    .iter()
                    .map(|(k, v)| (k.clone(), Sensitive::new(v.clone())))
                    .collect(),
            ),
            shared: None,
        }),
        ..Event::default()
    }
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
            let event = resource(&d.body, Some(&d.id));
            let json = serde_json::to_value(&event).unwrap();
            let read: Event = serde_json::from_value(json).unwrap();
            assert_eq!(body(&read).as_ref(), Some(&d.body));
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
        let items: Vec<Event> = serde_json::from_value(items).unwrap();
        let existing = existing_events(&items);
        assert_eq!(existing.len(), 1, "only the availability series");
        assert_eq!(existing[0].etag.as_deref(), Some("\"1\""));
        assert_eq!(
            existing[0].cancelled_instances.iter().collect::<Vec<_>>(),
            ["rdvseries_20261228T080000Z"]
        );
    }
}
