//! The demo site (Seed::Demo) read through the client: one record per demo booking of the
//! calendar, SMS usage for this month and the previous one.

use std::collections::BTreeMap;

use rdv_sandbox::PRACTITIONER;
use rdv_site::{BookingChange, BookingSource, RetryPolicy, SmsStatus, YearMonth};
use serde_json::Value;

use crate::{client, demo};

const NOW: &str = "2026-11-26T09:00:00Z";

#[tokio::test]
async fn every_demo_booking_has_its_site_record() {
    let sb = demo(NOW).await;
    let site = client(&sb, RetryPolicy::fast());
    let now: chrono::DateTime<chrono::Utc> = NOW.parse().unwrap();
    let events: BTreeMap<String, Value> = sb
        .control()
        .events(PRACTITIONER)
        .into_iter()
        .filter(|e| e["extendedProperties"]["private"]["rdv.kind"] == "booking")
        .map(|e| (e["id"].as_str().unwrap().to_owned(), e))
        .collect();
    assert_eq!(events.len(), 40, "the demo's forty bookings");
    let read = site.bookings_since(None).await.unwrap();
    assert_eq!(read.items.len(), events.len(), "one record per booking");
    let mut pending = 0;
    for change in &read.items {
        let BookingChange::Record(r) = change else {
            panic!("no tombstone in a full read")
        };
        let event = &events[&r.id];
        let p = &event["extendedProperties"]["private"];
        assert_eq!(r.first_name.expose(), p["rdv.firstName"].as_str().unwrap());
        assert_eq!(r.last_name.expose(), p["rdv.lastName"].as_str().unwrap());
        assert_eq!(
            r.phone.as_ref().unwrap().expose(),
            p["rdv.phone"].as_str().unwrap()
        );
        assert_eq!(
            r.email.as_ref().unwrap().expose(),
            p["rdv.email"].as_str().unwrap()
        );
        assert_eq!(r.appointment_type, p["rdv.type"].as_str().unwrap());
        let booked_at: chrono::DateTime<chrono::Utc> =
            p["rdv.bookedAt"].as_str().unwrap().parse().unwrap();
        assert_eq!(r.created_at, booked_at);
        match r.source {
            BookingSource::Site => {
                assert_eq!(
                    r.consent.as_ref().unwrap().given_at,
                    booked_at,
                    "consent when booking"
                );
                assert_ne!(r.sms.confirmation, SmsStatus::None);
            }
            BookingSource::Phone => assert!(r.consent.is_none(), "no checkbox on the phone"),
            other => panic!("unexpected source {other:?}"),
        }
        let start: chrono::DateTime<chrono::Utc> = event["start"]["dateTime"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        if start - chrono::Duration::hours(24) > now {
            assert_eq!(r.sms.reminder, SmsStatus::Pending, "reminder not due yet");
            pending += 1;
        }
    }
    assert!(pending > 0, "some reminders are still to come");
    let usage = site
        .sms_usage(Some(YearMonth::new(2026, 11).unwrap()))
        .await
        .unwrap();
    let previous = site
        .sms_usage(Some(YearMonth::new(2026, 10).unwrap()))
        .await
        .unwrap();
    assert!(
        usage.messages > 0 && previous.messages > 70,
        "{usage:?} {previous:?}"
    );
    assert_eq!(
        usage.cost.micros(),
        u64::from(usage.segments) * usage.price_per_segment.micros()
    );
}
