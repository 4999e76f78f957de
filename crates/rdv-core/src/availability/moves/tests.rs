use super::*;
use chrono_tz::Europe::Paris;

/// A Tuesday in winter time (UTC+1), far from any DST change.
fn tuesday() -> NaiveDate {
    "2026-12-08".parse().unwrap()
}

/// `h:m` local time in Paris on `day`.
fn at(day: NaiveDate, h: u32, m: u32) -> DateTime<Utc> {
    zone::instant(Paris, day, NaiveTime::from_hms_opt(h, m, 0).unwrap())
}

/// `h:m` on [`tuesday`].
fn tue(h: u32, m: u32) -> DateTime<Utc> {
    at(tuesday(), h, m)
}

/// The day before [`tuesday`], noon: every Tuesday start is in the future.
fn monday_noon() -> DateTime<Utc> {
    at("2026-12-07".parse().unwrap(), 12, 0)
}

fn occurrence(id: &str, kind: EventKind, start: DateTime<Utc>, end: DateTime<Utc>) -> Occurrence {
    Occurrence {
        event_id: id.into(),
        kind,
        start,
        end,
        offered_types: None,
        transparent: false,
        all_day: false,
    }
}

/// An availability range offering `types` (`None`: every type).
fn range(start: DateTime<Utc>, end: DateTime<Utc>, types: Option<&str>) -> Occurrence {
    Occurrence {
        offered_types: offered_types(types),
        ..occurrence("range", EventKind::Availability, start, end)
    }
}

fn other_booking(start: DateTime<Utc>, end: DateTime<Utc>) -> Occurrence {
    occurrence("other", EventKind::Booking, start, end)
}

/// The moved booking: a 30-minute *consultation* on Tuesday 17:00.
fn consultation() -> MovedBooking {
    booking_of(TimeDelta::minutes(30))
}

fn booking_of(length: TimeDelta) -> MovedBooking {
    MovedBooking::new(
        "moved",
        Some("consultation".into()),
        tue(17, 0),
        tue(17, 0) + length,
    )
    .unwrap()
}

/// Local `HH:MM+offset` of each start, to read the expectations as the user does.
fn local(starts: &[DateTime<Utc>]) -> Vec<String> {
    starts
        .iter()
        .map(|t| t.with_timezone(&Paris).format("%H:%M%:z").to_string())
        .collect()
}

#[test]
fn a_move_inside_a_range_is_allowed_and_one_outside_is_refused() {
    let around = [range(tue(9, 0), tue(12, 0), None)];
    let b = consultation();
    assert_eq!(check_move(&around, &b, tue(10, 0), monday_noon()), Ok(()));
    assert_eq!(
        check_move(&around, &b, tue(9, 0), monday_noon()),
        Ok(()),
        "starting at the range's start"
    );
    assert_eq!(
        check_move(&around, &b, tue(11, 30), monday_noon()),
        Ok(()),
        "ending at the range's end"
    );
    for start in [tue(8, 45), tue(11, 45), tue(14, 0)] {
        assert_eq!(
            check_move(&around, &b, start, monday_noon()),
            Err(MoveRefusal::OutsideAvailability {
                start,
                end: start + TimeDelta::minutes(30)
            }),
            "{start} is not wholly inside the range"
        );
    }
}

#[test]
fn a_range_must_offer_the_bookings_type_unless_it_offers_every_type() {
    let b = consultation();
    let start = tue(10, 0);
    let refused = Err(MoveRefusal::OutsideAvailability {
        start,
        end: tue(10, 30),
    });
    let only_bilan = [range(tue(9, 0), tue(12, 0), Some("bilan"))];
    assert_eq!(check_move(&only_bilan, &b, start, monday_noon()), refused);
    let listed = [range(tue(9, 0), tue(12, 0), Some("bilan, consultation"))];
    assert_eq!(
        check_move(&listed, &b, start, monday_noon()),
        Ok(()),
        "listed among others, spaces ignored"
    );
    let every = [range(tue(9, 0), tue(12, 0), None)];
    assert_eq!(check_move(&every, &b, start, monday_noon()), Ok(()));
    let untyped = MovedBooking::new("moved", None, tue(17, 0), tue(17, 30)).unwrap();
    assert_eq!(
        check_move(&only_bilan, &untyped, start, monday_noon()),
        Ok(()),
        "a booking with no type fits any range"
    );
    let busy_not_range = [
        occurrence("x", EventKind::Other, tue(9, 0), tue(12, 0)),
        other_booking(tue(9, 0), tue(12, 0)),
    ];
    assert!(
        matches!(
            check_move(&busy_not_range, &b, start, monday_noon()),
            Err(MoveRefusal::OutsideAvailability { .. })
        ),
        "only availability ranges open time"
    );
}

#[test]
fn another_booking_or_an_autre_event_overlapping_refuses_the_move() {
    let b = consultation();
    for kind in [EventKind::Booking, EventKind::Other] {
        let around = [
            range(tue(9, 0), tue(12, 0), None),
            occurrence("x", kind, tue(10, 15), tue(10, 45)),
        ];
        assert_eq!(
            check_move(&around, &b, tue(10, 0), monday_noon()),
            Err(MoveRefusal::Overlaps {
                start: tue(10, 0),
                end: tue(10, 30),
                other_start: tue(10, 15),
                other_end: tue(10, 45),
            }),
            "{kind:?}"
        );
    }
}

#[test]
fn the_first_blocking_event_by_order_is_the_one_reported() {
    let around = [
        range(tue(9, 0), tue(12, 0), None),
        other_booking(tue(9, 45), tue(10, 15)),
        other_booking(tue(10, 15), tue(11, 0)),
    ];
    assert_eq!(
        check_move(&around, &consultation(), tue(10, 0), monday_noon()),
        Err(MoveRefusal::Overlaps {
            start: tue(10, 0),
            end: tue(10, 30),
            other_start: tue(9, 45),
            other_end: tue(10, 15),
        })
    );
}

#[test]
fn transparent_and_all_day_events_do_not_block() {
    let transparent = Occurrence {
        transparent: true,
        ..occurrence("t", EventKind::Other, tue(10, 0), tue(11, 0))
    };
    let all_day = Occurrence {
        all_day: true,
        ..occurrence(
            "d",
            EventKind::Other,
            at(tuesday(), 1, 0),
            at(tuesday(), 1, 0) + TimeDelta::days(1),
        )
    };
    let around = [range(tue(9, 0), tue(12, 0), None), transparent, all_day];
    assert_eq!(
        check_move(&around, &consultation(), tue(10, 0), monday_noon()),
        Ok(())
    );
}

#[test]
fn the_booking_does_not_block_its_own_move() {
    let b = consultation();
    let around = [
        range(tue(9, 0), tue(12, 0), None),
        occurrence("moved", EventKind::Booking, tue(10, 0), tue(10, 30)),
    ];
    assert_eq!(
        check_move(&around, &b, tue(10, 15), monday_noon()),
        Ok(()),
        "moved by a quarter of an hour, over where it is now"
    );
}

#[test]
fn touching_edges_do_not_overlap() {
    let around = [
        range(tue(9, 0), tue(12, 0), None),
        other_booking(tue(9, 30), tue(10, 0)),
        other_booking(tue(10, 30), tue(11, 0)),
    ];
    assert_eq!(
        check_move(&around, &consultation(), tue(10, 0), monday_noon()),
        Ok(()),
        "starts as one ends, ends as the next starts"
    );
}

#[test]
fn a_start_in_the_past_is_refused_before_anything_else() {
    let around = [range(tue(9, 0), tue(12, 0), None)];
    let b = consultation();
    let now = tue(10, 5);
    assert_eq!(
        check_move(&around, &b, tue(10, 0), now),
        Err(MoveRefusal::Past)
    );
    assert_eq!(
        check_move(&around, &b, tue(8, 0), now),
        Err(MoveRefusal::Past),
        "past and outside availability: past is said"
    );
    assert_eq!(
        check_move(&around, &b, tue(10, 5), now),
        Ok(()),
        "now itself is allowed"
    );
}

#[test]
fn a_booking_without_a_positive_length_is_refused_with_its_issue() {
    assert_eq!(
        MovedBooking::new("z", None, tue(10, 0), tue(10, 0)),
        Err(SpanIssue::NoLength)
    );
    assert_eq!(
        MovedBooking::new("n", None, tue(11, 0), tue(10, 30)),
        Err(SpanIssue::EndBeforeStart)
    );
    assert_eq!(consultation().length(), TimeDelta::minutes(30));
}

#[test]
fn options_step_by_the_bookings_length_and_skip_what_is_taken() {
    let b = booking_of(TimeDelta::minutes(45));
    let around = [
        range(tue(9, 0), tue(12, 0), None),
        other_booking(tue(10, 0), tue(10, 30)),
    ];
    assert_eq!(
        local(&move_options(&around, &b, tuesday(), Paris, monday_noon())),
        ["09:00+01:00", "10:30+01:00", "11:15+01:00"],
        "09:45 overlaps the other booking, 10:30 starts as it ends; 12:00 would end after the range"
    );
    let free = [range(tue(9, 0), tue(12, 0), None)];
    assert_eq!(
        local(&move_options(&free, &b, tuesday(), Paris, monday_noon())),
        ["09:00+01:00", "09:45+01:00", "10:30+01:00", "11:15+01:00"]
    );
}

#[test]
fn options_step_by_five_minutes_at_least() {
    let b = booking_of(TimeDelta::minutes(1));
    let around = [range(tue(9, 0), tue(9, 20), None)];
    assert_eq!(
        local(&move_options(&around, &b, tuesday(), Paris, monday_noon())),
        ["09:00+01:00", "09:05+01:00", "09:10+01:00", "09:15+01:00"]
    );
    // A one-second booking over a whole day: bounded by the step, not by the length.
    let tiny = booking_of(TimeDelta::seconds(1));
    let day = [range(tue(0, 0), tue(0, 0) + TimeDelta::days(1), None)];
    assert_eq!(
        move_options(&day, &tiny, tuesday(), Paris, monday_noon()).len(),
        24 * 12
    );
}

#[test]
fn options_are_of_the_day_asked_the_type_and_the_future() {
    let b = consultation();
    let monday = "2026-12-07".parse().unwrap();
    let wednesday = "2026-12-09".parse().unwrap();
    let around = [
        range(at(monday, 23, 0), at(monday, 23, 59), None),
        range(tue(8, 0), tue(9, 0), Some("consultation")),
        range(tue(9, 0), tue(10, 0), Some("bilan")),
        range(tue(10, 0), tue(11, 0), Some("consultation")),
        range(tue(10, 30), tue(11, 30), None),
        range(at(wednesday, 0, 0), at(wednesday, 1, 0), None),
    ];
    assert_eq!(
        local(&move_options(&around, &b, tuesday(), Paris, tue(8, 40))),
        ["10:00+01:00", "10:30+01:00", "11:00+01:00"],
        "no start before now, none in a range of another type or starting another day, \
         overlapping ranges give each start once"
    );
}

#[test]
fn options_on_the_spring_dst_sunday_skip_the_missing_hour() {
    let sunday: NaiveDate = "2026-03-29".parse().unwrap();
    let b = consultation();
    let around = [
        range(at(sunday, 1, 0), at(sunday, 4, 0), None),
        range(
            at(sunday, 23, 0),
            at(sunday, 23, 0) + TimeDelta::hours(1),
            None,
        ),
        range(
            at(sunday + TimeDelta::days(1), 0, 30),
            at(sunday + TimeDelta::days(1), 1, 30),
            None,
        ),
    ];
    assert_eq!(
        local(&move_options(&around, &b, sunday, Paris, long_ago())),
        [
            "01:00+01:00",
            "01:30+01:00",
            "03:00+02:00",
            "03:30+02:00",
            "23:00+02:00",
            "23:30+02:00"
        ],
        "01:00–04:00 lasts two hours that day; a range of Monday is not offered though the \
         23-hour day's search runs past midnight"
    );
}

#[test]
fn options_on_the_autumn_dst_sunday_give_the_repeated_hour_twice_in_time_order() {
    let sunday: NaiveDate = "2026-10-25".parse().unwrap();
    let b = booking_of(TimeDelta::hours(1));
    let around = [
        range(at(sunday, 1, 0), at(sunday, 4, 0), None),
        range(
            at(sunday, 23, 0),
            at(sunday, 23, 0) + TimeDelta::hours(1),
            None,
        ),
    ];
    assert_eq!(
        local(&move_options(&around, &b, sunday, Paris, long_ago())),
        [
            "01:00+02:00",
            "02:00+02:00",
            "02:00+01:00",
            "03:00+01:00",
            "23:00+01:00"
        ],
        "01:00–04:00 lasts four hours that day"
    );
}

#[test]
fn the_windows_cover_what_the_rule_looks_at() {
    let b = consultation();
    let (from, to) = check_window(&b, tue(10, 0));
    assert!(from <= tue(10, 0) && to >= tue(10, 30));
    let sunday: NaiveDate = "2026-03-29".parse().unwrap();
    let (from, to) = options_window(&b, sunday, Paris);
    assert!(from <= at(sunday, 0, 0));
    assert!(to >= at(sunday, 0, 0) + TimeDelta::hours(25) + b.length());
}

fn long_ago() -> DateTime<Utc> {
    "2026-01-01T00:00:00Z".parse().unwrap()
}
