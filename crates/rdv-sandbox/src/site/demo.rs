//! The demo site ([`crate::Seed::Demo`]): Dr Camille Laurent's booking configuration (the demo
//! appointment types with booking rules, 120 days, every SMS on), one record per demo booking of
//! the calendar (same event ids and patients; consent for the bookings made on the site; SMS
//! statuses from the booking and reminder times), and SMS usage for this month and the previous
//! one. A PRNG of its own keeps the calendar demo unchanged.

use chrono::{DateTime, Datelike, Duration, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::json;

use super::bookings::SiteBooking;
use super::config;
use super::sms::{SiteSmsKind, SiteSmsStatus, month_of, segments};
use crate::DEMO_APPOINTMENT_TYPES;
use crate::world::World;

/// A booking of the demo calendar, as the site recorded it.
#[derive(Debug, Clone)]
pub(crate) struct DemoBooking {
    pub id: String,
    pub start: DateTime<Utc>,
    pub appointment_type: &'static str,
    pub first_name: String,
    pub last_name: String,
    pub phone: String,
    pub email: String,
    pub source: &'static str,
    pub booked_at: DateTime<Utc>,
}

/// The demo site's name.
pub(crate) const NAME: &str = "Cabinet du Dr Camille Laurent";
/// SMS sent in the previous month for bookings older than the demo's two weeks: (confirmations,
/// reminders).
pub(crate) const EARLIER_MESSAGES: (u32, u32) = (74, 69);

/// The demo practice's booking configuration.
pub(crate) fn demo_config() -> serde_json::Value {
    let rules = [
        json!({"colour": "#1E88E5", "minNoticeMinutes": 120, "horizonDays": 60}),
        json!({"colour": "#43A047", "bufferAfterMinutes": 15, "minNoticeMinutes": 1440,
               "horizonDays": 60, "maxPerDay": 2}),
        json!({"colour": "#8E24AA", "minNoticeMinutes": 120, "horizonDays": 30}),
    ];
    let types: Vec<serde_json::Value> = DEMO_APPOINTMENT_TYPES
        .iter()
        .zip(rules)
        .map(|(t, mut r)| {
            r["id"] = json!(t.id);
            r["name"] = json!(t.label);
            r["durationMinutes"] = json!(t.minutes);
            r
        })
        .collect();
    let mut doc = config::fresh();
    doc["appointmentTypes"] = json!(types);
    doc["sms"]["confirmationEnabled"] = json!(true);
    doc["sms"]["reminderEnabled"] = json!(true);
    doc["sms"]["cancellationEnabled"] = json!(true);
    doc["sms"]["senderName"] = json!("DR LAURENT");
    doc["practice"] = json!({
        "name": "Dr Camille Laurent",
        "address": "12 rue des Lilas, 69003 Lyon",
        "phone": "04 65 71 12 34",
    });
    config::validate(&doc, &doc).unwrap_or_else(|p| panic!("demo configuration: {p:?}"))
}

/// Seeds the site from the demo calendar's bookings.
pub(crate) fn seed(world: &mut World, now: DateTime<Utc>, bookings: &[DemoBooking]) {
    world.site.name = NAME.to_owned();
    world.site.config = demo_config();
    let hours = world.site.config["sms"]["reminderHoursBefore"]
        .as_i64()
        .unwrap_or(24);
    let tz = world.site.time_zone;
    let mut rng =
        ChaCha8Rng::seed_from_u64(0x5349_5445 ^ now.timestamp().div_euclid(86_400) as u64);
    let mut ordered: Vec<&DemoBooking> = bookings.iter().collect();
    ordered.sort_by_key(|b| (b.booked_at, b.id.clone()));
    let mut sample = None;
    for b in ordered {
        let mut r = SiteBooking::new(
            &b.id,
            b.appointment_type,
            &b.first_name,
            &b.last_name,
            b.booked_at,
        );
        r.source = b.source.to_owned();
        r.phone = Some(b.phone.clone());
        r.email = Some(b.email.clone());
        r.start = Some(b.start);
        if b.source != "site" {
            r.consent = None; // taken on the phone: no checkbox was ticked
        }
        let mut bill = Vec::new();
        if b.source == "site" {
            r.confirmation_sms = if rng.gen_ratio(1, 20) {
                SiteSmsStatus::Failed
            } else if now - b.booked_at < Duration::minutes(2) {
                SiteSmsStatus::Sent
            } else {
                SiteSmsStatus::Delivered
            };
            bill.push((SiteSmsKind::Confirmation, b.booked_at));
        }
        let due = b.start - Duration::hours(hours);
        r.reminder_sms = if due > now {
            SiteSmsStatus::Pending
        } else if b.booked_at > due {
            SiteSmsStatus::None // booked too late for a reminder
        } else if rng.gen_ratio(1, 25) {
            SiteSmsStatus::Failed
        } else {
            SiteSmsStatus::Delivered
        };
        if r.reminder_sms == SiteSmsStatus::Delivered {
            bill.push((SiteSmsKind::Reminder, due));
        }
        for (kind, at) in bill {
            if r.sms(kind) == SiteSmsStatus::Failed {
                continue; // not delivered, not billed
            }
            let n = segments(&world.site_sms_text(&r, kind));
            world.site_bill(&month_of(at, tz), kind, 1, n);
        }
        sample.get_or_insert_with(|| r.clone());
        world.site_write(&b.id, Some(r));
    }
    // The bookings before the demo's two weeks, billed in the previous month.
    let local = now.with_timezone(&tz);
    let previous = if local.month() == 1 {
        format!("{:04}-12", local.year() - 1)
    } else {
        format!("{:04}-{:02}", local.year(), local.month() - 1)
    };
    if let Some(r) = sample {
        for (kind, n) in [
            (SiteSmsKind::Confirmation, EARLIER_MESSAGES.0),
            (SiteSmsKind::Reminder, EARLIER_MESSAGES.1),
        ] {
            let per = segments(&world.site_sms_text(&r, kind));
            world.site_bill(&previous, kind, n, n * per);
        }
    }
}
