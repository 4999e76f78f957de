//! From Google's resources to the store's records, reading docs/calendar-conventions.md markers.
//! Hostile or incomplete items never fail a sync: an event without a usable start or end is
//! skipped (and counted), unknown values become `None`. An event whose end is not after its
//! start (`SpanIssue`) is kept exactly as Google holds it — never dropped — and counted; the
//! store draws it at its start with no length and the views flag it.

use chrono::{SecondsFormat, Utc};
use rdv_core::conventions::Markers;
use rdv_google::calendar::{CalendarListEntry, Event, EventDateTime};
use rdv_store::{CalendarRow, Change, EventRecord, Moment};
use std::collections::BTreeMap;

fn moment(t: &EventDateTime) -> Option<Moment> {
    match (t.date_time, t.date) {
        (Some(dt), _) => Some(Moment::At(dt.with_timezone(&Utc))),
        (None, Some(d)) => Some(Moment::Day(d)),
        (None, None) => None,
    }
}

/// The store's change for one item of an events list.
pub fn change_from_event(e: &Event) -> Option<Change> {
    let id = e.id.clone().filter(|id| !id.is_empty())?;
    if e.status.as_deref() == Some("cancelled") {
        return Some(Change::Cancel {
            id,
            master_id: e.recurring_event_id.clone(),
            original_start: e.original_start_time.as_ref().and_then(moment),
        });
    }
    let start = moment(e.start.as_ref()?)?;
    let end = moment(e.end.as_ref()?)?;
    let private: Option<BTreeMap<String, String>> = e
        .extended_properties
        .as_ref()
        .and_then(|p| p.private.as_ref())
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.expose().clone()))
                .collect()
        });
    let markers = Markers::read(private.as_ref());
    Some(Change::Upsert(Box::new(EventRecord {
        id,
        master_id: e.recurring_event_id.clone(),
        original_start: e.original_start_time.as_ref().and_then(moment),
        etag: e.etag.clone(),
        summary: e.summary.as_ref().map(|s| s.expose().clone()),
        start,
        end,
        time_zone: e.start.as_ref().and_then(|s| s.time_zone.clone()),
        recurrence: e.recurrence.clone().unwrap_or_default(),
        transparent: e.transparency.as_deref() == Some("transparent"),
        kind: markers.kind,
        appointment_type: markers.appointment_type,
        source: markers.source,
        booked_at: markers.booked_at,
        first_name: markers.patient.first_name.into_inner(),
        last_name: markers.patient.last_name.into_inner(),
        phone: markers.patient.phone.into_inner(),
        email: markers.patient.email.into_inner(),
        created: e
            .created
            .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
        updated: e
            .updated
            .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true)),
        marks: markers.marks,
    })))
}

/// The store's row for one calendar list entry (deleted entries are dropped).
pub fn calendar_row(c: &CalendarListEntry) -> Option<CalendarRow> {
    if c.deleted == Some(true) {
        return None;
    }
    let id = c.id.clone()?;
    Some(CalendarRow {
        summary: c
            .summary_override
            .clone()
            .or_else(|| c.summary.clone())
            .unwrap_or_else(|| id.clone()),
        color: c
            .background_color
            .clone()
            .unwrap_or_else(|| "#0f766e".into()),
        time_zone: c.time_zone.clone().unwrap_or_else(|| "Europe/Paris".into()),
        access_role: c.access_role.clone().unwrap_or_else(|| "reader".into()),
        primary: c.primary == Some(true),
        selected: false,
        id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};
    use rdv_core::conventions::{EventKind, SpanIssue};
    use serde_json::json;

    fn booking(start: &str, end: &str) -> Event {
        serde_json::from_value(json!({
            "id": "rdv1",
            "status": "confirmed",
            "summary": "Consultation – Jeanne Martin",
            "start": {"dateTime": start, "timeZone": "Europe/Paris"},
            "end": {"dateTime": end, "timeZone": "Europe/Paris"},
            "extendedProperties": {"private": {
                "rdv.v": "1", "rdv.kind": "booking", "rdv.type": "consultation"
            }}
        }))
        .expect("an events.list item")
    }

    fn upserted(e: &Event) -> EventRecord {
        match change_from_event(e) {
            Some(Change::Upsert(record)) => *record,
            other => panic!("expected the event to be kept, got {other:?}"),
        }
    }

    fn at(s: &str) -> Moment {
        Moment::At(DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc))
    }

    #[test]
    fn a_booking_with_a_length_has_no_span_issue() {
        let record = upserted(&booking(
            "2026-12-08T10:00:00+01:00",
            "2026-12-08T10:30:00+01:00",
        ));
        assert_eq!(record.span_issue(), None);
    }

    #[test]
    fn a_zero_length_booking_is_kept_as_google_holds_it_and_flagged() {
        let record = upserted(&booking(
            "2026-12-08T10:00:00+01:00",
            "2026-12-08T10:00:00+01:00",
        ));
        assert_eq!(record.kind, EventKind::Booking, "still a booking");
        assert_eq!(record.start, at("2026-12-08T09:00:00Z"));
        assert_eq!(
            record.end,
            at("2026-12-08T09:00:00Z"),
            "the end is not invented"
        );
        assert_eq!(record.span_issue(), Some(SpanIssue::NoLength));
    }

    #[test]
    fn a_booking_ending_before_it_starts_is_kept_as_google_holds_it_and_flagged() {
        let record = upserted(&booking(
            "2026-12-08T10:00:00+01:00",
            "2026-12-08T09:00:00+01:00",
        ));
        assert_eq!(record.start, at("2026-12-08T09:00:00Z"));
        assert_eq!(
            record.end,
            at("2026-12-08T08:00:00Z"),
            "the cache mirrors Google: the end is stored as it is"
        );
        assert_eq!(record.span_issue(), Some(SpanIssue::EndBeforeStart));
    }

    #[test]
    fn an_all_day_event_ending_on_its_first_day_is_flagged() {
        let e: Event = serde_json::from_value(json!({
            "id": "off1",
            "start": {"date": "2026-12-24"},
            "end": {"date": "2026-12-24"}
        }))
        .unwrap();
        assert_eq!(upserted(&e).span_issue(), Some(SpanIssue::NoLength));
    }
}
