use super::*;
use chrono::TimeZone;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn appt(key: &str, start: &str, patient: &str) -> Appointment {
    Appointment {
        key: key.into(),
        start: at(start),
        type_name: "Consultation".into(),
        patient: Some(patient.into()),
    }
}

fn settings(offsets: &[u32]) -> ReminderSettings {
    ReminderSettings {
        offsets: offsets.to_vec(),
        privacy: false,
        ..ReminderSettings::default()
    }
}

/// Ticks every `step` seconds from `from` to `to` (inclusive), returning what was shown.
fn run(
    appointments: &[Appointment],
    settings: &ReminderSettings,
    state: &mut ReminderState,
    from: &str,
    to: &str,
    step: i64,
) -> Vec<(DateTime<Utc>, Notification)> {
    let (mut t, end) = (at(from), at(to));
    let mut shown = Vec::new();
    while t <= end {
        for n in tick(appointments, settings, state, t).notifications {
            shown.push((t, n));
        }
        t += Duration::seconds(step);
    }
    shown
}

#[test]
fn a_reminder_fires_once_at_each_offset_and_not_before() {
    // 9:00 Paris = 08:00 UTC in November.
    let a = [appt("cal/ev1", "2026-11-27T08:00:00Z", "Jeanne Martin")];
    let mut state = ReminderState::default();
    let shown = run(
        &a,
        &settings(&[60, 10]),
        &mut state,
        "2026-11-27T06:00:00Z",
        "2026-11-27T08:30:00Z",
        30,
    );
    let times: Vec<String> = shown
        .iter()
        .map(|(t, _)| t.format("%H:%M").to_string())
        .collect();
    assert_eq!(
        times,
        ["07:00", "07:50"],
        "one hour and ten minutes before, once each"
    );
    assert_eq!(shown[0].1.title, "Rendez-vous dans 60 min");
    assert_eq!(shown[1].1.title, "Rendez-vous dans 10 min");
    assert_eq!(shown[1].1.body, "09:00 Consultation – Jeanne Martin");
    assert_eq!(
        shown[1].1.open.as_deref(),
        Some("cal/ev1"),
        "a click opens it"
    );
}

#[test]
fn a_cancelled_appointment_gets_none_and_a_moved_one_gets_reminders_for_its_new_time() {
    let mut state = ReminderState::default();
    let s = settings(&[10]);
    let original = appt("cal/ev1", "2026-11-27T08:00:00Z", "Jeanne Martin");
    assert!(
        tick(
            std::slice::from_ref(&original),
            &s,
            &mut state,
            at("2026-11-27T07:40:00Z")
        )
        .notifications
        .is_empty()
    );
    // Cancelled before its reminder: no longer listed, nothing fires.
    assert!(
        tick(&[], &s, &mut state, at("2026-11-27T07:50:00Z"))
            .notifications
            .is_empty()
    );
    assert!(
        tick(&[], &s, &mut state, at("2026-11-27T07:51:00Z"))
            .notifications
            .is_empty()
    );

    // Another one fired, then moved an hour later: the new time gets its own reminder.
    let mut state = ReminderState::default();
    let b = appt("cal/ev2", "2026-11-27T09:00:00Z", "Louis Petit");
    assert_eq!(
        tick(
            std::slice::from_ref(&b),
            &s,
            &mut state,
            at("2026-11-27T08:50:00Z")
        )
        .notifications
        .len(),
        1
    );
    let moved = Appointment {
        start: at("2026-11-27T10:00:00Z"),
        ..b
    };
    assert!(
        tick(
            std::slice::from_ref(&moved),
            &s,
            &mut state,
            at("2026-11-27T08:51:00Z")
        )
        .notifications
        .is_empty()
    );
    let shown = run(
        std::slice::from_ref(&moved),
        &s,
        &mut state,
        "2026-11-27T08:52:00Z",
        "2026-11-27T09:55:00Z",
        60,
    );
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].0, at("2026-11-27T09:50:00Z"));
    assert!(shown[0].1.body.starts_with("11:00"), "{:?}", shown[0].1);
}

#[test]
fn a_restart_never_repeats_a_reminder() {
    let a = [appt("cal/ev1", "2026-11-27T08:00:00Z", "Jeanne Martin")];
    let s = settings(&[10]);
    let mut state = ReminderState::default();
    assert_eq!(
        tick(&a, &s, &mut state, at("2026-11-27T07:50:00Z"))
            .notifications
            .len(),
        1
    );
    // Saved and read back by the next process.
    let saved = serde_json::to_string(&state).unwrap();
    let mut restored: ReminderState = serde_json::from_str(&saved).unwrap();
    assert!(
        tick(&a, &s, &mut restored, at("2026-11-27T07:51:00Z"))
            .notifications
            .is_empty()
    );
    assert!(
        tick(&a, &s, &mut restored, at("2026-11-27T07:55:00Z"))
            .notifications
            .is_empty()
    );
}

#[test]
fn after_a_suspend_missed_reminders_fold_into_one_summary_and_upcoming_ones_fire_once() {
    let s = settings(&[60, 10]);
    let a = [
        appt("cal/a", "2026-11-27T07:30:00Z", "Jeanne Martin"),
        appt("cal/b", "2026-11-27T08:00:00Z", "Louis Petit"),
        appt("cal/c", "2026-11-27T09:05:00Z", "Manon Roux"),
        appt("cal/d", "2026-11-27T09:20:00Z", "Hugo Blanc"),
        appt("cal/e", "2026-11-27T12:00:00Z", "Léa Noir"),
    ];
    let mut state = ReminderState::default();
    tick(&a, &s, &mut state, at("2026-11-27T06:00:00Z"));
    // The laptop sleeps from 07:00 to 09:00 (Paris 8:00 → 10:00).
    let woke = tick(&a, &s, &mut state, at("2026-11-27T09:00:00Z"));
    let titles: Vec<&str> = woke
        .notifications
        .iter()
        .map(|n| n.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "2 rappels manqués pendant la pause",
            "2 prochains rendez-vous"
        ],
        "one summary of what passed, one grouped reminder of what comes — no burst"
    );
    assert_eq!(
        woke.notifications[0].body,
        "08:30 Consultation – Jeanne Martin\n09:00 Consultation – Louis Petit"
    );
    assert!(woke.notifications[1].body.starts_with("10:05"));
    // Nothing of it comes back, and the next reminders keep their times.
    let later = run(
        &a,
        &s,
        &mut state,
        "2026-11-27T09:01:00Z",
        "2026-11-27T11:55:00Z",
        60,
    );
    let times: Vec<String> = later
        .iter()
        .map(|(t, _)| t.format("%H:%M").to_string())
        .collect();
    assert_eq!(
        times,
        ["09:10", "11:00", "11:50"],
        "d's 10-minute reminder (its 60 was in the group), then e at 60 and 10"
    );
}

#[test]
fn a_clock_jump_backwards_or_forwards_causes_no_burst() {
    let s = settings(&[10]);
    let a = [
        appt("cal/a", "2026-11-27T08:00:00Z", "Jeanne Martin"),
        appt("cal/b", "2026-11-27T08:05:00Z", "Louis Petit"),
    ];
    let mut state = ReminderState::default();
    tick(&a, &s, &mut state, at("2026-11-27T07:00:00Z"));
    // Forward jump of 3 hours: both started in the gap → one summary.
    let jumped = tick(&a, &s, &mut state, at("2026-11-27T10:00:00Z"));
    assert_eq!(jumped.notifications.len(), 1);
    assert!(
        jumped.notifications[0]
            .title
            .starts_with("2 rappels manqués")
    );
    // Back to the right time: nothing is repeated.
    let back = run(
        &a,
        &s,
        &mut state,
        "2026-11-27T07:56:00Z",
        "2026-11-27T08:10:00Z",
        60,
    );
    assert!(back.is_empty(), "{back:?}");
}

#[test]
fn quiet_hours_and_do_not_disturb_silence_reminders_without_replaying_them_later() {
    let mut s = settings(&[10]);
    s.quiet = Some((
        NaiveTime::from_hms_opt(12, 0, 0).unwrap(),
        NaiveTime::from_hms_opt(14, 0, 0).unwrap(),
    ));
    let a = [
        appt("cal/lunch", "2026-11-27T12:05:00Z", "Jeanne Martin"), // 13:05 Paris, reminder 12:55
        appt("cal/after", "2026-11-27T13:20:00Z", "Louis Petit"),   // 14:20 Paris, reminder 14:10
    ];
    let mut state = ReminderState::default();
    let shown = run(
        &a,
        &s,
        &mut state,
        "2026-11-27T11:00:00Z",
        "2026-11-27T13:30:00Z",
        60,
    );
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(
        shown[0].0,
        at("2026-11-27T13:10:00Z"),
        "only the one after quiet hours"
    );

    // Ne pas déranger for one hour.
    let mut s = settings(&[10]);
    s.dnd_until = Some(at("2026-11-27T09:00:00Z"));
    let a = [appt("cal/x", "2026-11-27T08:30:00Z", "Jeanne Martin")];
    let mut state = ReminderState::default();
    let silenced = run(
        &a,
        &s,
        &mut state,
        "2026-11-27T08:00:00Z",
        "2026-11-27T09:30:00Z",
        60,
    );
    assert!(silenced.is_empty());
    assert!(
        is_silent(&s, at("2026-11-27T08:59:59Z")) && !is_silent(&s, at("2026-11-27T09:00:00Z"))
    );
}

#[test]
fn quiet_hours_may_cross_midnight() {
    let mut s = settings(&[10]);
    s.quiet = Some((
        NaiveTime::from_hms_opt(20, 0, 0).unwrap(),
        NaiveTime::from_hms_opt(7, 0, 0).unwrap(),
    ));
    assert!(is_silent(&s, at("2026-11-27T22:00:00Z")), "23:00 Paris");
    assert!(is_silent(&s, at("2026-11-27T05:30:00Z")), "06:30 Paris");
    assert!(!is_silent(&s, at("2026-11-27T06:00:00Z")), "07:00 Paris");
}

#[test]
fn on_daylight_saving_days_reminders_come_the_offset_before_in_real_time() {
    let s = settings(&[60]);
    // Autumn: Sunday 25 October 2026, 02:30 happens twice; 03:30 CET = 02:30 UTC.
    let autumn = [appt("cal/autumn", "2026-10-25T02:30:00Z", "Jeanne Martin")];
    let mut state = ReminderState::default();
    let shown = run(
        &autumn,
        &s,
        &mut state,
        "2026-10-25T00:00:00Z",
        "2026-10-25T02:30:00Z",
        60,
    );
    assert_eq!(shown.len(), 1);
    assert_eq!(
        shown[0].0,
        at("2026-10-25T01:30:00Z"),
        "60 real minutes before"
    );
    assert_eq!(
        shown[0].1.body, "03:30 Consultation – Jeanne Martin",
        "local time after the change"
    );
    // Spring: Sunday 28 March 2027, 02:00–03:00 does not exist; 03:10 CEST = 01:10 UTC.
    let spring = [appt("cal/spring", "2027-03-28T01:10:00Z", "Jeanne Martin")];
    let mut state = ReminderState::default();
    let shown = run(
        &spring,
        &s,
        &mut state,
        "2027-03-27T23:00:00Z",
        "2027-03-28T01:10:00Z",
        60,
    );
    assert_eq!(shown.len(), 1);
    assert_eq!(
        shown[0].0,
        at("2027-03-28T00:10:00Z"),
        "01:10 CET, an hour of real time before 03:10 CEST"
    );
    assert_eq!(shown[0].1.body, "03:10 Consultation – Jeanne Martin");
}

#[test]
fn privacy_mode_shows_time_and_type_never_the_name() {
    let mut s = settings(&[10]);
    s.privacy = true;
    let a = [appt("cal/a", "2026-11-27T08:00:00Z", "Jeanne Martin")];
    let mut state = ReminderState::default();
    let n = tick(&a, &s, &mut state, at("2026-11-27T07:50:00Z")).notifications;
    assert_eq!(n[0].body, "09:00 Consultation");
    assert!(!format!("{n:?}").contains("Martin"));
}

#[test]
fn many_reminders_due_together_are_one_notification() {
    let s = settings(&[10]);
    let a: Vec<Appointment> = (0..6)
        .map(|i| {
            appt(
                &format!("cal/{i}"),
                "2026-11-27T08:00:00Z",
                &format!("Patient {i}"),
            )
        })
        .collect();
    let mut state = ReminderState::default();
    let n = tick(&a, &s, &mut state, at("2026-11-27T07:50:00Z")).notifications;
    assert_eq!(n.len(), 1);
    assert_eq!(n[0].title, "6 prochains rendez-vous");
    assert!(n[0].body.ends_with("et 2 autres"), "{}", n[0].body);
}

#[test]
fn the_daily_summary_comes_once_a_day_at_its_time() {
    let mut s = settings(&[]);
    s.daily_summary = Some(NaiveTime::from_hms_opt(7, 30, 0).unwrap());
    let a: Vec<Appointment> = (0..9)
        .map(|i| {
            let start =
                Utc.with_ymd_and_hms(2026, 11, 27, 7, 30, 0).unwrap() + Duration::minutes(30 * i);
            Appointment {
                key: format!("cal/{i}"),
                start,
                type_name: "Consultation".into(),
                patient: None,
            }
        })
        .collect();
    let mut state = ReminderState::default();
    let shown = run(
        &a,
        &s,
        &mut state,
        "2026-11-27T05:00:00Z",
        "2026-11-27T12:00:00Z",
        60,
    );
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].0, at("2026-11-27T06:30:00Z"), "7:30 in Paris");
    assert_eq!(
        shown[0].1.body,
        "Aujourd'hui : 9 rendez-vous, premier à 8 h 30"
    );
    let next_day = run(
        &a,
        &s,
        &mut state,
        "2026-11-28T06:29:00Z",
        "2026-11-28T06:31:00Z",
        60,
    );
    assert_eq!(next_day.len(), 1);
    assert_eq!(
        next_day[0].1.body, "Aucun rendez-vous aujourd'hui.",
        "the next day has none in this list"
    );
}

#[test]
fn english_texts_follow_the_language() {
    let mut s = settings(&[10]);
    s.language = Language::En;
    let a = [appt("cal/a", "2026-11-27T08:00:00Z", "Jeanne Martin")];
    let mut state = ReminderState::default();
    let n = tick(&a, &s, &mut state, at("2026-11-27T07:50:00Z")).notifications;
    assert_eq!(n[0].title, "Appointment in 10 min");
}
