//! API 1.1: bookings made in the app recorded on the site (`PUT /bookings/{id}`), moves told to
//! it (`POST /bookings/{id}/moved`), and the site's own Google link in `GET /status`
//! (docs/booking-endpoint.md § Version 1.1).

use chrono::Duration as Days;
use rdv_core::Sensitive;
use rdv_sandbox::{SiteSmsKind, SiteSmsStatus};
use rdv_site::{
    BookingSource, MoveNotice, RecordRequest, RecordSource, RetryPolicy, SiteError,
    SiteGoogleState, SmsStatus,
};
use serde_json::json;

use crate::{SiteUnderTest, Sut, booking, fresh_site};

/// Confirmation and reminder SMS on, as a practitioner who pays for them sets them.
async fn sms_on(sb: &Sut) {
    let mut config = sb.config().await;
    config["appointmentTypes"] =
        json!([{"id": "consultation", "name": "Consultation", "durationMinutes": 30}]);
    config["sms"]["confirmationEnabled"] = json!(true);
    config["sms"]["reminderEnabled"] = json!(true);
    config["practice"]["name"] = json!("Dr Camille Laurent");
    sb.set_config(config).await;
}

fn phone_booking(notify: bool) -> RecordRequest {
    let start = crate::support::now() + Days::days(3);
    RecordRequest {
        appointment_type: "consultation".into(),
        source: RecordSource::Phone,
        first_name: Sensitive::new("Jeanne".into()),
        last_name: Sensitive::new("Martin".into()),
        phone: Some(Sensitive::new("+33612345678".into())),
        email: None,
        start,
        end: start + Days::minutes(30),
        notify_patient: notify,
    }
}

#[tokio::test]
async fn a_booking_taken_on_the_phone_is_recorded_once_and_confirmed_by_sms() {
    let sb = fresh_site().await;
    sms_on(&sb).await;
    let site = sb.client(RetryPolicy::fast());

    let first = site
        .record_booking("rdvphone0001", &phone_booking(true))
        .await
        .unwrap();
    assert!(first.created);
    let r = &first.booking;
    assert_eq!(r.source, BookingSource::Phone);
    assert_eq!(r.consent, None, "no form, no consent checkbox");
    assert_eq!(r.sms.confirmation, SmsStatus::Sent);
    assert_eq!(
        r.sms.reminder,
        SmsStatus::Pending,
        "reminded like the site's own"
    );
    let sent = sb.sms_sent().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].kind, SiteSmsKind::Confirmation.as_str());
    assert_eq!(sent[0].phone.as_deref(), Some("+33612345678"));

    let again = site
        .record_booking("rdvphone0001", &phone_booking(true))
        .await
        .unwrap();
    assert!(!again.created, "a repeat after a lost answer");
    assert_eq!(sb.sms_sent().await.len(), 1, "nothing sent twice");

    let quiet = site
        .record_booking("rdvphone0002", &phone_booking(false))
        .await
        .unwrap();
    assert_eq!(quiet.booking.sms.confirmation, SmsStatus::None);
    assert_eq!(
        quiet.booking.sms.reminder,
        SmsStatus::None,
        "without notifyPatient no SMS at all, reminder included"
    );
    assert_eq!(sb.sms_sent().await.len(), 1);

    let feed = site.bookings_since(None).await.unwrap();
    assert_eq!(feed.items.len(), 2, "both in the feed the app syncs");
}

#[tokio::test]
async fn a_record_request_with_bad_fields_is_refused_field_by_field() {
    let sb = fresh_site().await;
    let site = sb.client(RetryPolicy::fast());
    let mut bad = phone_booking(true);
    bad.first_name = Sensitive::new("x".repeat(10_000));
    bad.appointment_type = String::new();
    let err = site.record_booking("rdvphone0003", &bad).await.unwrap_err();
    let SiteError::Invalid { field, message } = &err else {
        panic!("expected Invalid, got {err:?}");
    };
    assert!(
        field.contains("appointmentType") || field.contains("firstName"),
        "{field}"
    );
    assert!(!message.contains("xxxx"), "never quotes a value");

    let mut script = phone_booking(true);
    script.last_name = Sensitive::new("<script>alert(1)</script>".into());
    let err = site
        .record_booking("rdvphone0004", &script)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SiteError::Invalid { field, message } if field == "lastName" && !message.contains("script")),
        "{err:?}"
    );
    let err = site
        .record_booking("rdv phone'; DROP TABLE--", &phone_booking(true))
        .await
        .unwrap_err();
    assert!(matches!(err, SiteError::Invalid { .. }), "{err:?}");
    assert!(
        site.bookings_since(None).await.unwrap().items.is_empty(),
        "nothing written"
    );
}

#[tokio::test]
async fn a_move_plans_the_reminder_again_and_tells_the_patient_when_asked() {
    let sb = fresh_site().await;
    sms_on(&sb).await;
    let site = sb.client(RetryPolicy::fast());
    let now = crate::support::now();
    sb.add_booking(booking(
        "rdvsite0001",
        "Louis",
        "Bernard",
        "+33698765432",
        now,
    ))
    .await;
    sb.set_sms_status("rdvsite0001", SiteSmsKind::Reminder, SiteSmsStatus::Sent)
        .await;

    let start = now + Days::days(5);
    let quiet = MoveNotice {
        start,
        end: start + Days::minutes(30),
        notify_patient: false,
    };
    let moved = site.booking_moved("rdvsite0001", &quiet).await.unwrap();
    assert_eq!(
        moved.booking.sms.reminder,
        SmsStatus::Pending,
        "the reminder will go out before the new time"
    );
    assert!(sb.sms_sent().await.is_empty(), "not asked to tell");

    let told = site
        .booking_moved(
            "rdvsite0001",
            &MoveNotice {
                notify_patient: true,
                ..quiet.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!(told.booking.sms.confirmation, SmsStatus::Sent);
    let sent = sb.sms_sent().await;
    assert_eq!(sent.len(), 1);
    assert_eq!(
        sent[0].kind,
        SiteSmsKind::Confirmation.as_str(),
        "the new time confirmed"
    );

    let err = site.booking_moved("inconnu", &quiet).await.unwrap_err();
    assert!(
        matches!(&err, SiteError::NotFound { code, .. } if code == "rdv_booking_not_found"),
        "{err:?}"
    );
}

#[tokio::test]
async fn the_status_says_the_site_speaks_1_1_and_how_its_google_link_stands() {
    let sb = fresh_site().await;
    sb.with_calendar().await;
    let status = sb.client(RetryPolicy::fast()).status().await.unwrap();
    assert_eq!(status.api_version, "1.1");
    assert_eq!(status.google.map(|g| g.state), Some(SiteGoogleState::Ok));
}
