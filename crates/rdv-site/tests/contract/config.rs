//! `GET`/`PUT /config` (docs/booking-endpoint.md § Configuration): ETags, 304, 412, 428, field
//! paths of a 400, read-only fields.

use crate::{SiteUnderTest, Sut, demo_site};
use rdv_core::availability::AppointmentType;
use rdv_site::{BookingConfig, Retention, RetryPolicy, SiteError};

const NOW: &str = "2026-11-26T09:00:00Z";

#[tokio::test]
async fn the_demo_configuration_reads_as_rdv_core_types_with_an_etag() {
    let sb = demo_site(NOW).await;
    let site = sb.client(RetryPolicy::fast());
    let config = site.config().await.unwrap();
    let ids: Vec<&str> = config
        .value
        .appointment_types
        .iter()
        .map(|t| t.id.as_str())
        .collect();
    let demo_ids: Vec<&str> = rdv_sandbox::DEMO_APPOINTMENT_TYPES
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(ids, demo_ids, "the demo's appointment types");
    let first = AppointmentType {
        colour: "#43A047".into(),
        buffer_after_minutes: 15,
        min_notice_minutes: 1440,
        horizon_days: Some(60),
        max_per_day: Some(2),
        ..AppointmentType::new("premiere-consultation", "Première consultation", 60)
    };
    assert_eq!(
        config.value.appointment_types[1], first,
        "booking rules come with the type"
    );
    assert_eq!(
        config.value.retention,
        Retention::Days120,
        "120 days by default (art. 8.3)"
    );
    assert_eq!(
        config
            .value
            .sms
            .price_per_segment
            .map(|p| p.to_string())
            .as_deref(),
        Some("0.08")
    );
    assert!(config.value.sms.texts.reminder.contains("{praticien}"));
    assert!(!config.etag.is_empty());
    assert_eq!(
        site.config_if_changed(&config.etag).await.unwrap(),
        None,
        "unchanged: a 304 without a body"
    );
}

#[tokio::test]
async fn a_change_with_the_etag_is_stored_and_gets_a_new_etag() {
    let sb = demo_site(NOW).await;
    let site = sb.client(RetryPolicy::fast());
    let read = site.config().await.unwrap();
    let mut next = read.value.clone();
    next.retention = Retention::Days90;
    next.sms.reminder_hours_before = 48;
    next.appointment_types[0].min_notice_minutes = 60;
    let stored = site.put_config(&next, Some(&read.etag)).await.unwrap();
    assert_eq!(stored.value, next, "the site stores what was sent");
    assert_ne!(stored.etag, read.etag, "a new version");
    assert_eq!(sb.config().await["retentionDays"], 90);
    let again = site.config_if_changed(&read.etag).await.unwrap();
    assert_eq!(
        again.map(|v| v.etag),
        Some(stored.etag),
        "the old ETag no longer matches"
    );
}

#[tokio::test]
async fn a_stale_etag_conflicts_and_a_missing_one_is_required() {
    let sb = demo_site(NOW).await;
    let site = sb.client(RetryPolicy::fast());
    let read = site.config().await.unwrap();
    let mut mine = read.value.clone();
    mine.retention = Retention::Days240;
    let theirs = site.put_config(&read.value, Some(&read.etag)).await;
    assert!(theirs.is_ok(), "an identical document keeps its ETag");
    let mut other = read.value.clone();
    other.sms.sender_name = "CABINET".into();
    let changed = site.put_config(&other, Some(&read.etag)).await.unwrap();

    let err = site.put_config(&mine, Some(&read.etag)).await.unwrap_err();
    assert_eq!(
        err,
        SiteError::Conflict {
            etag: Some(changed.etag.clone())
        }
    );
    assert_eq!(
        site.put_config(&mine, None).await.unwrap_err(),
        SiteError::PreconditionRequired
    );
    assert_eq!(
        site.config().await.unwrap(),
        changed,
        "neither refused write changed anything"
    );
    let requests = site.requests_made();
    assert_eq!(requests, 6, "412 and 428 are not retried");
}

async fn refused(config: &BookingConfig, sb: &Sut) -> SiteError {
    let site = sb.client(RetryPolicy::fast());
    let etag = site.config().await.unwrap().etag;
    site.put_config(config, Some(&etag)).await.unwrap_err()
}

#[tokio::test]
async fn invalid_fields_are_refused_with_their_path_and_nothing_is_stored() {
    let sb = demo_site(NOW).await;
    let site = sb.client(RetryPolicy::fast());
    let read = site.config().await.unwrap();
    let field = |e: SiteError| match e {
        SiteError::Invalid { field, message } => {
            assert!(!message.is_empty());
            field
        }
        other => panic!("expected Invalid, got {other:?}"),
    };

    let mut c = read.value.clone();
    c.appointment_types[1].duration_minutes = 0;
    assert_eq!(
        field(refused(&c, &sb).await),
        "appointmentTypes[1].durationMinutes"
    );

    let mut c = read.value.clone();
    c.sms.texts.reminder = "Rappel : rendez-vous le {date} à {heure}.".into();
    assert_eq!(
        field(refused(&c, &sb).await),
        "sms.texts.reminder",
        "the practitioner's identity must be in every SMS (art. 1.5)"
    );

    let mut c = read.value.clone();
    c.sms.price_per_segment = Some("0.01".parse().unwrap());
    assert_eq!(
        field(refused(&c, &sb).await),
        "sms.pricePerSegment",
        "read-only"
    );

    let mut c = read.value.clone();
    c.appointment_types.clear();
    assert_eq!(field(refused(&c, &sb).await), "appointmentTypes");

    let mut c = read.value.clone();
    c.sms.sender_name = "Dr Laurent-Cabinet".into();
    assert_eq!(field(refused(&c, &sb).await), "sms.senderName");

    assert_eq!(
        site.config().await.unwrap().etag,
        read.etag,
        "nothing was stored"
    );
}

#[tokio::test]
async fn read_only_fields_may_be_left_out() {
    let sb = demo_site(NOW).await;
    let site = sb.client(RetryPolicy::fast());
    let read = site.config().await.unwrap();
    let mut c = read.value.clone();
    c.sms.price_per_segment = None;
    c.consent_text_version = None;
    c.practice = None;
    let stored = site.put_config(&c, Some(&read.etag)).await.unwrap();
    assert_eq!(
        stored.value, read.value,
        "the site keeps its read-only values"
    );
    assert_eq!(stored.etag, read.etag, "so the document did not change");
}

#[tokio::test]
async fn a_booking_horizon_beyond_the_retention_period_is_refused_on_its_field() {
    let sb = demo_site(NOW).await;
    let site = sb.client(RetryPolicy::fast());
    let read = site.config().await.unwrap();
    let mut c = read.value.clone();
    c.retention = Retention::Days90;
    c.appointment_types[0].horizon_days = Some(91);
    let SiteError::Invalid { field, message } = refused(&c, &sb).await else {
        panic!("expected Invalid");
    };
    assert_eq!(field, "appointmentTypes[0].horizonDays");
    assert!(
        message.contains("91") && message.contains("90"),
        "says both periods: {message}"
    );
    c.appointment_types[0].horizon_days = Some(90);
    let stored = site.put_config(&c, Some(&read.etag)).await.unwrap();
    assert_eq!(
        stored.value.appointment_types[0].horizon_days,
        Some(90),
        "equal is fine"
    );
}
