//! `GET /bookings`, cancellation, SMS usage and erasure (docs/booking-endpoint.md § Bookings,
//! § Cancelling, § SMS usage, § Erasure, § Retention).

use std::time::Duration;

use chrono::Duration as Days;
use rdv_core::Sensitive;
use rdv_sandbox::{PRACTITIONER, SiteSmsKind, SiteSmsStatus};
use rdv_site::{
    BookingChange, BookingSource, CancelRequest, Cursor, ErasureRequest, RetryPolicy, SiteError,
    SmsStatus, YearMonth,
};
use serde_json::json;

use crate::{SiteUnderTest, Sut, booking, fresh_site};

fn ids(items: &[BookingChange]) -> Vec<&str> {
    items.iter().map(BookingChange::id).collect()
}

fn record(change: &BookingChange) -> &rdv_site::BookingRecord {
    match change {
        BookingChange::Record(r) => r,
        other => panic!("expected a record, got {other:?}"),
    }
}

#[tokio::test]
async fn the_feed_pages_with_a_cursor_then_brings_only_changes() {
    let sb = fresh_site().await;
    let site = sb.client(RetryPolicy::fast());
    let now = crate::support::now();
    for (i, first) in ["Jeanne", "Louis", "Manon", "Lucas", "Chloé"]
        .iter()
        .enumerate()
    {
        sb.add_booking(booking(
            &format!("evt{i}"),
            first,
            "Martin",
            &format!("+3361234567{i}"),
            now - Days::hours(5 - i as i64),
        ))
        .await;
    }
    let first = site.bookings(None, 2).await.unwrap();
    assert_eq!(
        (ids(&first.items), first.has_more),
        (vec!["evt0", "evt1"], true)
    );
    let second = site.bookings(Some(&first.next_cursor), 2).await.unwrap();
    assert_eq!(
        (ids(&second.items), second.has_more),
        (vec!["evt2", "evt3"], true)
    );
    let last = site.bookings(Some(&second.next_cursor), 2).await.unwrap();
    assert_eq!((ids(&last.items), last.has_more), (vec!["evt4"], false));

    let all = site.bookings_since(None).await.unwrap();
    assert_eq!(all.items.len(), 5);
    let r = record(&all.items[0]);
    assert_eq!(r.first_name.expose(), "Jeanne");
    assert_eq!(
        r.email.as_ref().unwrap().expose(),
        "jeanne.martin@example.fr"
    );
    assert_eq!(r.source, BookingSource::Site);
    assert_eq!(
        r.consent.as_ref().unwrap().version,
        rdv_sandbox::SITE_CONSENT_VERSION
    );
    assert!(r.cancelled_at.is_none());

    let quiet = site.bookings_since(Some(&all.cursor)).await.unwrap();
    assert!(quiet.items.is_empty(), "nothing changed");
    assert_eq!(quiet.cursor, all.cursor, "the same cursor comes back");

    sb.set_sms_status("evt2", SiteSmsKind::Reminder, SiteSmsStatus::Delivered)
        .await;
    sb.add_booking(booking("evt9", "Hugo", "Petit", "+33698765432", now))
        .await;
    let changes = site.bookings_since(Some(&quiet.cursor)).await.unwrap();
    assert_eq!(
        ids(&changes.items),
        vec!["evt2", "evt9"],
        "a status change and a new record"
    );
    assert_eq!(record(&changes.items[0]).sms.reminder, SmsStatus::Delivered);
}

#[tokio::test]
async fn an_erasure_previews_then_erases_into_tombstones() {
    let sb = fresh_site().await;
    let site = sb.client(RetryPolicy::fast());
    let now = crate::support::now();
    sb.add_booking(booking(
        "jeanne1",
        "Jeanne",
        "Martin",
        "+33612345678",
        now - Days::days(20),
    ))
    .await;
    sb.add_booking(booking(
        "jeanne2",
        "Jeanne",
        "Martin",
        "06 12 34 56 78",
        now - Days::days(2),
    ))
    .await;
    sb.add_booking(booking("louis1", "Louis", "Bernard", "+33711111111", now))
        .await;
    sb.send_sms("jeanne2", SiteSmsKind::Confirmation).await;
    let before = site.bookings_since(None).await.unwrap();

    let jeanne = ErasureRequest::by_phone(Sensitive::new("06 12 34 56 78".into()));
    let preview = site.preview_erasure(&jeanne).await.unwrap();
    assert_eq!((preview.dry_run, preview.count), (true, 2));
    assert_eq!(
        preview.ids,
        vec!["jeanne1", "jeanne2"],
        "both spellings of her number"
    );
    assert!(
        site.bookings_since(Some(&before.cursor))
            .await
            .unwrap()
            .items
            .is_empty(),
        "a preview erases nothing"
    );

    let erased = site.erase(&jeanne).await.unwrap();
    assert_eq!((erased.dry_run, erased.count), (false, 2));
    let after = site.bookings_since(Some(&before.cursor)).await.unwrap();
    assert_eq!(ids(&after.items), vec!["jeanne1", "jeanne2"]);
    assert!(
        after.items.iter().all(|c| matches!(
            c,
            BookingChange::Deleted {
                deleted_at: Some(_),
                ..
            }
        )),
        "tombstones: {:?}",
        after.items
    );
    assert_eq!(
        site.erase(&jeanne).await.unwrap().count,
        0,
        "a repeat erases nothing more"
    );
    let full = site.bookings_since(None).await.unwrap();
    assert_eq!(
        ids(&full.items),
        vec!["louis1"],
        "a full read holds no tombstone"
    );
    let sms = sb.sms_sent().await;
    assert_eq!(sms.len(), 1);
    assert_eq!(
        (sms[0].phone.as_deref(), sms[0].text.as_deref()),
        (None, None),
        "the SMS log forgets her"
    );
    assert_eq!(
        site.erase(&ErasureRequest::default()).await.unwrap_err(),
        SiteError::InvalidRequest("an erasure needs the person's email or phone".into())
    );
    let by_email = ErasureRequest::by_email(Sensitive::new("LOUIS.bernard@example.fr".into()));
    assert_eq!(
        site.preview_erasure(&by_email).await.unwrap().ids,
        vec!["louis1"]
    );
}

#[tokio::test]
async fn an_expired_or_foreign_cursor_asks_for_a_full_read() {
    let mut sb = fresh_site().await;
    let site = sb.client(RetryPolicy::fast());
    sb.add_booking(booking(
        "evt1",
        "Jeanne",
        "Martin",
        "+33612345678",
        crate::support::now(),
    ))
    .await;
    let read = site.bookings_since(None).await.unwrap();
    sb.expire_cursors().await;
    assert_eq!(
        site.bookings_since(Some(&read.cursor)).await.unwrap_err(),
        SiteError::CursorExpired
    );
    let again = site.bookings_since(None).await.unwrap();
    assert_eq!(ids(&again.items), vec!["evt1"], "a full read works");
    assert!(
        site.bookings_since(Some(&again.cursor))
            .await
            .unwrap()
            .items
            .is_empty()
    );

    assert!(matches!(
        site.bookings_since(Some(&Cursor::new("pas-un-curseur"))).await.unwrap_err(),
        SiteError::Invalid { field, .. } if field == "cursor"
    ));

    sb.new_installation().await;
    let foreign = sb.client(RetryPolicy::fast());
    assert_eq!(
        foreign
            .bookings_since(Some(&again.cursor))
            .await
            .unwrap_err(),
        SiteError::CursorExpired,
        "a cursor of another installation"
    );
}

#[tokio::test]
async fn records_past_retention_become_tombstones() {
    let sb = fresh_site().await;
    let site = sb.client(RetryPolicy::fast());
    let now = crate::support::now();
    sb.add_booking(booking(
        "old",
        "Jeanne",
        "Martin",
        "+33612345678",
        now - Days::days(119),
    ))
    .await;
    sb.add_booking(booking(
        "mid",
        "Louis",
        "Petit",
        "+33612345679",
        now - Days::days(100),
    ))
    .await;
    sb.add_booking(booking("new", "Manon", "Roux", "+33612345670", now))
        .await;
    let read = site.bookings_since(None).await.unwrap();
    assert_eq!(read.items.len(), 3);

    sb.advance_time(Duration::from_secs(2 * 86_400)).await;
    let aged = site.bookings_since(Some(&read.cursor)).await.unwrap();
    assert_eq!(
        ids(&aged.items),
        vec!["old"],
        "120 days after the booking (art. 8.3)"
    );
    assert!(matches!(aged.items[0], BookingChange::Deleted { .. }));

    let config = site.config().await.unwrap();
    let mut shorter = config.value.clone();
    shorter.retention = rdv_site::Retention::Days90;
    shorter.appointment_types = vec![rdv_core::availability::AppointmentType::new(
        "consultation",
        "Consultation",
        30,
    )];
    site.put_config(&shorter, Some(&config.etag)).await.unwrap();
    let lowered = site.bookings_since(Some(&aged.cursor)).await.unwrap();
    assert_eq!(
        ids(&lowered.items),
        vec!["mid"],
        "at once when the period is lowered"
    );
}

/// Enables the cancellation SMS on a fresh site.
async fn enable_sms(sb: &Sut) {
    let mut config = sb.config().await;
    config["appointmentTypes"] =
        json!([{"id": "consultation", "name": "Consultation", "durationMinutes": 30}]);
    config["sms"]["cancellationEnabled"] = json!(true);
    config["practice"]["name"] = json!("Dr Camille Laurent");
    sb.set_config(config).await;
}

#[tokio::test]
async fn cancelling_deletes_the_event_notifies_once_and_is_idempotent() {
    let sb = fresh_site().await;
    sb.with_calendar().await;
    enable_sms(&sb).await;
    let site = sb.client(RetryPolicy::fast());
    let start = crate::support::now() + Days::days(3);
    let event = sb.google().insert_event(
        PRACTITIONER,
        json!({
            "id": "rdvbooking0001",
            "summary": "Consultation – Jeanne Martin",
            "start": {"dateTime": start.to_rfc3339()},
            "end": {"dateTime": (start + Days::minutes(30)).to_rfc3339()},
            "extendedProperties": {"private": {"rdv.v": "1", "rdv.kind": "booking"}},
        }),
    );
    let id = event["id"].as_str().unwrap();
    sb.add_booking(booking(
        id,
        "Jeanne",
        "Martin",
        "+33612345678",
        crate::support::now(),
    ))
    .await;

    let request = CancelRequest {
        reason: Some("Praticienne absente".into()),
        notify_patient: true,
    };
    let done = site.cancel_booking(id, &request).await.unwrap();
    assert!(!done.already_cancelled);
    assert!(done.booking.cancelled_at.is_some());
    assert_eq!(done.booking.sms.cancellation, SmsStatus::Sent);
    let stored = sb.google().events(PRACTITIONER);
    assert_eq!(
        stored[0]["status"], "cancelled",
        "the site deleted the Google event"
    );
    let sms = sb.sms_sent().await;
    assert_eq!(sms.len(), 1);
    let text = sms[0].text.as_deref().unwrap();
    assert!(
        text.contains("Jeanne") && text.contains("Dr Camille Laurent"),
        "{text}"
    );
    assert_eq!(
        sb.cancel_reason(id).await.as_deref(),
        Some("Praticienne absente"),
        "the reason stays in the site's back office"
    );

    let again = site.cancel_booking(id, &request).await.unwrap();
    assert!(
        again.already_cancelled,
        "a repeat is a success that does nothing"
    );
    assert_eq!(again.booking.cancelled_at, done.booking.cancelled_at);
    assert_eq!(sb.sms_sent().await.len(), 1, "no second SMS");

    sb.add_booking(booking(
        "quiet",
        "Louis",
        "Petit",
        "+33612345679",
        crate::support::now(),
    ))
    .await;
    let silent = CancelRequest {
        reason: None,
        notify_patient: false,
    };
    let quiet = site.cancel_booking("quiet", &silent).await.unwrap();
    assert_eq!(
        quiet.booking.sms.cancellation,
        SmsStatus::None,
        "not notified when asked not to"
    );
    assert!(matches!(
        site.cancel_booking("", &silent).await.unwrap_err(),
        SiteError::InvalidRequest(_)
    ));
}

#[tokio::test]
async fn a_cancel_without_the_sites_google_access_changes_nothing() {
    let sb = fresh_site().await;
    enable_sms(&sb).await;
    let site = sb.client(RetryPolicy::fast());
    sb.add_booking(booking(
        "evt1",
        "Jeanne",
        "Martin",
        "+33612345678",
        crate::support::now(),
    ))
    .await;
    let read = site.bookings_since(None).await.unwrap();
    let err = site
        .cancel_booking("evt1", &CancelRequest::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SiteError::Rejected { status: 409, code, .. } if code == "rdv_google_unlinked"),
        "{err:?}"
    );
    assert!(
        site.bookings_since(Some(&read.cursor))
            .await
            .unwrap()
            .items
            .is_empty(),
        "the record is unchanged"
    );
    assert!(sb.sms_sent().await.is_empty(), "the patient is not told");
}

#[tokio::test]
async fn sms_usage_counts_segments_at_the_months_price() {
    let sb = fresh_site().await;
    let site = sb.client(RetryPolicy::fast());
    sb.add_sms_usage("2026-10", SiteSmsKind::Confirmation, 10, 10)
        .await;
    sb.add_sms_usage("2026-10", SiteSmsKind::Reminder, 5, 10)
        .await;
    let october = site
        .sms_usage(Some(YearMonth::new(2026, 10).unwrap()))
        .await
        .unwrap();
    assert_eq!((october.messages, october.segments), (15, 20));
    assert_eq!(october.cost.to_string(), "1.60", "20 segments × 0.08 €");
    assert_eq!(october.by_kind.reminder.segments, 10);
    assert_eq!(october.currency, "EUR");

    let empty = site
        .sms_usage(Some(YearMonth::new(2030, 1).unwrap()))
        .await
        .unwrap();
    assert_eq!(
        (empty.messages, empty.cost.micros()),
        (0, 0),
        "a month without SMS"
    );

    sb.add_booking(booking(
        "evt1",
        "Jeanne",
        "Martin",
        "+33612345678",
        crate::support::now(),
    ))
    .await;
    let sent = sb.send_sms("evt1", SiteSmsKind::Confirmation).await;
    let current = site.sms_usage(None).await.unwrap();
    assert_eq!(
        (current.messages, current.segments),
        (1, sent.segments),
        "the current month by default"
    );
}
