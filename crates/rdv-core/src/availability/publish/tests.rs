use super::*;
use crate::availability::{FileFormat, SlotQuery, compute_slots};
use crate::recurrence::{SeriesStart, occurrences};
use chrono::Datelike;

const DOC: &str = include_str!("../../../../../docs/templates.md");
const CALENDAR: &str = "cabinet@group.calendar.google.com";

/// The complete example of docs/templates.md (its first TOML block).
fn example() -> PracticeConfig {
    let start = DOC.find("```toml\n").expect("a TOML block") + "```toml\n".len();
    let len = DOC[start..].find("```").expect("its end");
    PracticeConfig::parse(&DOC[start..start + len], FileFormat::Toml).unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn series(events: &[DesiredEvent]) -> Vec<&DesiredEvent> {
    events
        .iter()
        .filter(|e| !e.body.recurrence.is_empty())
        .collect()
}

/// The one series of template `template` on `byday` starting at local `start` (`HH:MM`).
fn the_series<'a>(events: &'a [DesiredEvent], template: &str, start: &str) -> &'a DesiredEvent {
    let found: Vec<_> = series(events)
        .into_iter()
        .filter(|e| {
            e.body.private.get(TEMPLATE_KEY).map(String::as_str) == Some(template)
                && e.body.start.format("%a %H:%M").to_string() == start
        })
        .collect();
    assert_eq!(found.len(), 1, "{template} {start}: {found:#?}");
    found[0]
}

/// Instance starts (UTC) of a desired series as Google expands it, minus its cancelled ones.
fn live_instances(e: &DesiredEvent) -> Vec<DateTime<Utc>> {
    let all = occurrences(
        SeriesStart::Timed(e.body.start),
        &e.body.time_zone,
        &e.body.recurrence,
        utc("2000-01-01T00:00:00Z"),
        utc("2100-01-01T00:00:00Z"),
        1000,
    )
    .unwrap();
    all.into_iter()
        .filter(|s| !e.cancelled_starts.contains(s))
        .collect()
}

/// Twelve weeks from Monday 7 December 2026: Christmas, a 53-week year, a training afternoon.
fn twelve_weeks(config: &PracticeConfig) -> Vec<DesiredEvent> {
    desired_events(config, CALENDAR, day("2026-12-07"), day("2027-03-01"))
}

#[test]
#[allow(
    clippy::print_stdout,
    reason = "the write-count figure, for docs/PERFORMANCE.md"
)]
fn the_doc_example_over_twelve_weeks_takes_few_writes_compared_with_one_event_per_slot() {
    let config = example();
    let desired = twelve_weeks(&config);
    let plan = plan(&desired, &[]);

    // 2 ranges × (lundi, jeudi) = 4 series, and the odd Saturdays in 2 runs (weeks 51, 53, then
    // 1, 3, 5, 7: 2026 has 53 ISO weeks).
    assert_eq!(series(&desired).len(), 6, "{desired:#?}");
    // Christmas: Thu 24, Mon 28, Thu 31 December × 2 ranges, Saturday 2 January; and the
    // training afternoon of Thursday 11 February.
    assert_eq!(plan.cancels.len(), 8, "{:#?}", plan.cancels);
    // Singles: the extra Saturday opening of 19 December.
    assert_eq!(plan.creates.len(), 7);
    assert_eq!(plan.write_count(), 15);

    // One event per 30-minute consultation slot over the same weeks.
    let mut unlimited = config.clone();
    for t in &mut unlimited.appointment_types {
        t.horizon_days = None;
    }
    let query = SlotQuery::new(
        day("2026-12-07"),
        day("2027-03-01"),
        utc("2026-12-01T00:00:00Z"),
    );
    let slots = compute_slots(&unlimited, &query).unwrap();
    let per_slot = slots
        .iter()
        .find(|t| t.type_id == "consultation")
        .unwrap()
        .slots
        .len();
    // One event per open range and day (what a naive publisher would write).
    let per_range_day: usize = desired.iter().map(live_count).sum();
    println!(
        "12 weeks: {} writes ({} series, {} cancelled instances, {} single events) vs {} \
         events one per range-day, {} one per consultation slot (ratio 1:{:.1})",
        plan.write_count(),
        series(&desired).len(),
        plan.cancels.len(),
        desired.len() - series(&desired).len(),
        per_range_day,
        per_slot,
        per_slot as f64 / plan.write_count() as f64
    );
    assert_eq!(
        per_range_day,
        4 * 12 - 6 - 1 + 6 - 1 + 1,
        "range-days published"
    );
    assert!(per_slot >= 10 * plan.write_count(), "{per_slot} slots");
}

fn live_count(e: &DesiredEvent) -> usize {
    if e.body.recurrence.is_empty() {
        1
    } else {
        live_instances(e).len()
    }
}

#[test]
fn every_published_instance_is_an_open_range_of_the_configuration() {
    let config = example();
    let tz = config.time_zone;
    for e in series(&twelve_weeks(&config)) {
        for start in live_instances(e) {
            let local = start.with_timezone(&tz).naive_local();
            assert_eq!(
                local.time(),
                e.body.start.time(),
                "{}",
                e.body.recurrence[0]
            );
            let date = local.date();
            assert!(date >= day("2026-12-07") && date < day("2027-03-01"));
            assert!(!(day("2026-12-24")..=day("2027-01-03")).contains(&date));
            let template = &e.body.private[TEMPLATE_KEY];
            let t = config.templates.iter().find(|t| &t.id == template).unwrap();
            assert!(t.applies_on(date), "{template} on {date}");
        }
    }
}

#[test]
fn events_follow_the_calendar_conventions() {
    let config = example();
    let desired = twelve_weeks(&config);
    let morning = the_series(&desired, "semaine", "Mon 09:00");
    assert_eq!(morning.body.summary, "Disponible");
    assert_eq!(morning.body.transparency, "transparent");
    assert_eq!(morning.body.visibility, "private");
    assert_eq!(morning.body.time_zone, "Europe/Paris");
    assert_eq!(morning.body.private["rdv.v"], "1");
    assert_eq!(morning.body.private["rdv.kind"], "availability");
    assert_eq!(morning.body.private["rdv.template"], "semaine");
    assert!(!morning.body.private.contains_key("rdv.type"), "every type");
    assert_eq!(
        morning.body.recurrence,
        ["RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20270222T113000Z"],
        "last Monday 22 February 12:30 CET"
    );
    let weeks_1_to_12 = saturdays(&config);
    let saturday = the_series(&weeks_1_to_12, "samedis", "Sat 09:00");
    assert_eq!(saturday.body.summary, "Disponible – Consultation");
    assert_eq!(saturday.body.private["rdv.type"], "consultation");
    let opening = desired
        .iter()
        .find(|e| !e.body.private.contains_key(TEMPLATE_KEY))
        .unwrap();
    assert_eq!(
        opening.body.summary,
        "Disponible – Consultation, Première consultation"
    );
    assert_eq!(
        opening.body.private["rdv.type"],
        "consultation,premiere-consultation"
    );
    assert!(opening.body.recurrence.is_empty());
    for e in &desired {
        assert!(e.id.len() >= 5 && e.id.len() <= 1024);
        assert!(
            e.id.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'v').contains(&b)),
            "{} is not base32hex",
            e.id
        );
    }
    let ids: BTreeSet<_> = desired.iter().map(|e| &e.id).collect();
    assert_eq!(ids.len(), desired.len(), "ids are unique");
}

#[test]
fn ids_are_deterministic_so_a_rerun_creates_no_duplicates() {
    let config = example();
    assert_eq!(twelve_weeks(&config), twelve_weeks(&config));
    let desired = twelve_weeks(&config);
    // Interrupted after the first three events were created (without their cancellations).
    let mut done = as_existing(&desired[..3]);
    for e in &mut done {
        e.cancelled_instances.clear();
    }
    let rerun = plan(&desired, &done);
    assert_eq!(rerun.creates.len(), desired.len() - 3);
    assert_eq!(rerun.unchanged.len(), 3);
    assert!(rerun.patches.is_empty() && rerun.deletes.is_empty());
    assert_eq!(
        rerun.cancels.len(),
        8,
        "the missing cancellations, once each"
    );
}

#[test]
fn re_planning_an_unchanged_configuration_writes_nothing() {
    let desired = twelve_weeks(&example());
    let again = plan(&desired, &as_existing(&desired));
    assert_eq!(again.write_count(), 0, "{again:#?}");
    assert_eq!(again.unchanged.len(), desired.len());
    assert_eq!(again.summary_fr(), "Aucun changement");
}

/// The Saturday template alone over weeks 1–12 of 2027: one series.
fn saturdays(config: &PracticeConfig) -> Vec<DesiredEvent> {
    desired_events(config, CALENDAR, day("2027-01-04"), day("2027-03-29"))
}

#[test]
fn an_odd_week_template_repeats_every_other_week_from_an_odd_iso_week() {
    let config = example();
    let desired = saturdays(&config);
    let saturday = the_series(&desired, "samedis", "Sat 09:00");
    assert_eq!(saturday.body.start.to_string(), "2027-01-09 09:00:00");
    assert_eq!(saturday.body.start.date().iso_week().week(), 1, "odd");
    assert_eq!(
        saturday.body.recurrence,
        ["RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SA;UNTIL=20270320T110000Z"],
        "weeks 1, 3 … 11; Saturday 20 March 12:00 CET"
    );
    assert_eq!(live_instances(saturday).len(), 6);

    // Across the 53-week year, weeks 51 and 53 form a series of their own.
    let across = twelve_weeks(&config);
    let runs: Vec<_> = series(&across)
        .into_iter()
        .filter(|e| e.body.private[TEMPLATE_KEY] == "samedis")
        .map(|e| (e.body.start.date().to_string(), live_count(e)))
        .collect();
    assert_eq!(
        runs,
        [("2026-12-19".to_owned(), 1), ("2027-01-09".to_owned(), 4)],
        "2 January is closed for Christmas"
    );
}

#[test]
fn editing_one_range_patches_its_series() {
    let mut config = example();
    let before = saturdays(&config);
    config.templates[1].ranges[0].end = NaiveTime::from_hms_opt(12, 30, 0).unwrap();
    let p = plan(&saturdays(&config), &as_existing(&before));
    assert_eq!(p.patches.len(), 1, "{p:#?}");
    assert_eq!(p.write_count(), 1);
    assert_eq!(p.patches[0].changed, ["end", "recurrence"]);
    assert_eq!(p.summary_fr(), "1 créneau modifié");

    // A range on lundi and jeudi is two series: one patch each, nothing deleted or created.
    let mut config = example();
    let before = twelve_weeks(&config);
    config.templates[0].ranges[1].end = NaiveTime::from_hms_opt(18, 30, 0).unwrap();
    let p = plan(&twelve_weeks(&config), &as_existing(&before));
    assert_eq!((p.patches.len(), p.write_count()), (2, 2), "{p:#?}");
}

#[test]
fn removing_one_range_deletes_its_series() {
    let mut config = example();
    let before = saturdays(&config);
    config.templates[1].ranges.clear();
    let p = plan(&saturdays(&config), &as_existing(&before));
    assert_eq!(p.deletes.len(), 1, "{p:#?}");
    assert_eq!(p.write_count(), 1);
    assert_eq!(p.summary_fr(), "1 créneau supprimé");

    // Removing the first range of a template (the others move up) deletes only its series.
    let mut config = example();
    let before = twelve_weeks(&config);
    config.templates[0].ranges.remove(0);
    let p = plan(&twelve_weeks(&config), &as_existing(&before));
    assert_eq!((p.deletes.len(), p.write_count()), (2, 2), "{p:#?}");
}

#[test]
fn a_closure_over_christmas_cancels_instances_with_google_instance_ids() {
    let desired = twelve_weeks(&example());
    let thursday = the_series(&desired, "semaine", "Thu 09:00");
    // Thursday 24 December 2026, 09:00 in Paris (UTC+1) = 08:00 UTC.
    let ids = thursday.cancelled_instance_ids(&thursday.id);
    assert_eq!(
        ids,
        [
            format!("{}_20261224T080000Z", thursday.id),
            format!("{}_20261231T080000Z", thursday.id)
        ]
    );
    let afternoon = the_series(&desired, "semaine", "Thu 14:00");
    assert!(
        afternoon
            .cancelled_instance_ids(&afternoon.id)
            .contains(&format!("{}_20270211T130000Z", afternoon.id)),
        "the training afternoon"
    );
    let p = plan(&desired, &[]);
    assert!(p.cancels.iter().any(|c| c.instance_id == ids[0]));

    // Reopening: the cancellation is restored, the series untouched.
    let mut config = example();
    config.exceptions.closures.clear();
    let p = plan(&twelve_weeks(&config), &as_existing(&desired));
    assert!(p.patches.is_empty() && p.creates.is_empty() && p.deletes.is_empty());
    assert_eq!(p.restores.len(), 8, "{p:#?}");
}

#[test]
fn a_series_across_the_autumn_change_keeps_its_local_start() {
    let config = PracticeConfig::parse(
        r#"
        [[templates]]
        id = "lundi"
        [[templates.ranges]]
        days = ["lundi"]
        start = "9h"
        end = "12h"
        [[exceptions.closures]]
        from = "2026-10-26"
        "#,
        FileFormat::Toml,
    )
    .unwrap();
    let desired = desired_events(&config, CALENDAR, day("2026-10-05"), day("2026-11-03"));
    assert_eq!(desired.len(), 1);
    let e = &desired[0];
    assert_eq!(
        e.body.start.to_string(),
        "2026-10-05 09:00:00",
        "local, TZID"
    );
    assert_eq!(e.body.time_zone, "Europe/Paris");
    assert_eq!(
        e.body.recurrence,
        ["RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20261102T110000Z"],
        "UNTIL in UTC: 2 November 12:00 CET"
    );
    assert_eq!(
        e.cancelled_instance_ids("m"),
        ["m_20261026T080000Z"],
        "the day after the change, 09:00 is 08:00 UTC"
    );
    let starts: Vec<String> = live_instances(e).iter().map(|t| t.to_string()).collect();
    assert_eq!(
        starts,
        [
            "2026-10-05 07:00:00 UTC",
            "2026-10-12 07:00:00 UTC",
            "2026-10-19 07:00:00 UTC",
            "2026-11-02 08:00:00 UTC"
        ]
    );
}

#[test]
fn bookings_and_other_events_are_never_in_the_plan() {
    let desired = twelve_weeks(&example());
    let mut existing = as_existing(&desired);
    let mut booking = existing[0].clone();
    booking.id = "booking1".into();
    booking
        .body
        .private
        .insert(KIND_KEY.to_owned(), "booking".to_owned());
    let mut other = existing[1].clone();
    other.id = "other1".into();
    other.body.private.clear();
    existing.push(booking);
    existing.push(other);
    for existing in [existing.clone(), existing[existing.len() - 2..].to_vec()] {
        let p = plan(&desired, &existing);
        let touched: Vec<&str> = p
            .patches
            .iter()
            .map(|x| x.id.as_str())
            .chain(p.deletes.iter().map(|x| x.id.as_str()))
            .chain(p.unchanged.iter().map(String::as_str))
            .chain(p.cancels.iter().map(|x| x.master_id.as_str()))
            .chain(p.restores.iter().map(|x| x.master_id.as_str()))
            .collect();
        assert!(
            !touched.contains(&"booking1") && !touched.contains(&"other1"),
            "{p:#?}"
        );
    }
    // Even with no availability wanted at all.
    let p = plan(&[], &existing[existing.len() - 2..]);
    assert_eq!(p.write_count(), 0);
}

#[test]
fn the_summary_is_french() {
    let desired = twelve_weeks(&example());
    let mut p = plan(&desired, &[]);
    p.cancels.clear();
    assert_eq!(p.summary_fr(), "7 créneaux ajoutés");
    p.patches.push(Patch {
        id: "x".into(),
        etag: None,
        body: desired[0].body.clone(),
        changed: vec!["end"],
    });
    p.deletes.push(Delete {
        id: "y".into(),
        etag: None,
    });
    assert_eq!(p.summary_fr(), "7 créneaux ajoutés, 1 modifié, 1 supprimé");
}

#[test]
fn a_closure_of_part_of_a_range_cancels_the_instance_and_publishes_what_remains() {
    let mut config = example();
    config.exceptions.closures[1].start = NaiveTime::from_hms_opt(16, 0, 0);
    let desired = twelve_weeks(&config);
    let afternoon = the_series(&desired, "semaine", "Thu 14:00");
    assert!(
        afternoon
            .cancelled_starts
            .contains(&utc("2027-02-11T13:00:00Z"))
    );
    let rest: Vec<_> = desired
        .iter()
        .filter(|e| e.body.recurrence.is_empty() && e.body.start.date() == day("2027-02-11"))
        .map(|e| {
            (
                e.body.start.time().to_string(),
                e.body.end.time().to_string(),
            )
        })
        .collect();
    assert_eq!(rest, [("14:00:00".to_owned(), "16:00:00".to_owned())]);
    // Re-planning it writes nothing either.
    assert_eq!(plan(&desired, &as_existing(&desired)).write_count(), 0);
}

#[test]
fn extending_the_window_patches_each_series_once_and_keeps_its_cancelled_dates_in_step() {
    // google-calendar-notes.md §4: a series' exceptions are keyed by the original start, which
    // moving UNTIL does not change — so a longer window only patches the rule, and a closure
    // lifted at the same time is a restore of the same instance id.
    let config = example();
    let published = twelve_weeks(&config);
    let longer = desired_events(&config, CALENDAR, day("2026-12-07"), day("2027-03-15"));
    let p = plan(&longer, &as_existing(&published));
    assert!(p.creates.is_empty() && p.deletes.is_empty(), "{p:#?}");
    assert!(
        p.patches.iter().all(|x| x.changed == ["recurrence"]),
        "only the rule's UNTIL moves: {:#?}",
        p.patches
    );
    assert!(p.restores.is_empty(), "the Christmas closure still applies");

    let mut reopened = example();
    reopened.exceptions.closures.clear();
    let longer_open = desired_events(&reopened, CALENDAR, day("2026-12-07"), day("2027-03-15"));
    let p = plan(&longer_open, &as_existing(&published));
    assert_eq!(
        p.restores.len(),
        8,
        "the closed dates open again although the rule also changed: {p:#?}"
    );
}

#[test]
fn a_closure_of_some_types_publishes_the_range_for_the_other_types_that_day() {
    // The Monday 9:00–12:30 range offers every type; on 11 January 2027 the practitioner stops
    // taking first consultations from 10:00 (a closure limited to that type).
    let mut config = example();
    config.exceptions.closures.push(
        serde_json::from_str(
            r#"{"from":"2027-01-11","start":"10:00","end":"12:30","types":["premiere-consultation"]}"#,
        )
        .unwrap(),
    );
    let desired = twelve_weeks(&config);
    let morning = the_series(&desired, "semaine", "Mon 09:00");
    assert!(
        morning
            .cancelled_starts
            .contains(&utc("2027-01-11T08:00:00Z")),
        "that Monday's instance no longer stands for every type"
    );
    let that_day: Vec<(String, String, Option<String>)> = desired
        .iter()
        .filter(|e| e.body.recurrence.is_empty() && e.body.start.date() == day("2027-01-11"))
        .map(|e| {
            (
                e.body.start.format("%H:%M").to_string(),
                e.body.end.format("%H:%M").to_string(),
                e.body.private.get(TYPE_KEY).cloned(),
            )
        })
        .collect();
    let others: Vec<String> = config
        .appointment_types
        .iter()
        .map(|t| t.id.clone())
        .filter(|id| id != "premiere-consultation")
        .collect();
    assert_eq!(
        that_day,
        [
            ("09:00".to_owned(), "10:00".to_owned(), None),
            (
                "10:00".to_owned(),
                "12:30".to_owned(),
                Some(others.join(","))
            ),
        ],
        "every type until 10:00, then the others"
    );
    // What is published offers exactly what the slot engine offers that day, type by type.
    let query = SlotQuery::new(
        day("2027-01-11"),
        day("2027-01-12"),
        utc("2027-01-01T00:00:00Z"),
    );
    let slots = compute_slots(&config, &query).unwrap();
    let first = slots
        .iter()
        .find(|t| t.type_id == "premiere-consultation")
        .unwrap();
    assert!(
        first
            .slots
            .iter()
            .filter(|s| s.start < utc("2027-01-11T11:30:00Z"))
            .all(|s| s.end <= utc("2027-01-11T09:00:00Z")),
        "no first consultation between 10:00 and 12:30 in the engine either: {:?}",
        first.slots
    );
    assert_eq!(plan(&desired, &as_existing(&desired)).write_count(), 0);
}

#[test]
fn publishing_an_empty_configuration_over_published_availability_needs_a_second_confirmation() {
    let desired = twelve_weeks(&example());
    let existing = as_existing(&desired);
    let empty = PracticeConfig {
        appointment_types: example().appointment_types,
        ..PracticeConfig::default()
    };
    let wipe = plan(
        &desired_events(&empty, CALENDAR, day("2026-12-07"), day("2027-03-01")),
        &existing,
    );
    let removal = wipe.removal().expect("deleting everything is a removal");
    assert_eq!(removal.deleted, existing.len());
    assert_eq!(removal.published, existing.len());
    assert!(
        removal
            .warning_fr()
            .contains("supprime toutes les disponibilités publiées"),
        "{}",
        removal.warning_fr()
    );
    assert!(
        removal.warning_en().contains("deletes all"),
        "{}",
        removal.warning_en()
    );
}

#[test]
fn removing_more_than_it_keeps_is_a_removal_and_removing_less_is_not() {
    let config = example();
    let desired = twelve_weeks(&config);
    let existing = as_existing(&desired);
    // One template fewer: some series go, most stay.
    let mut fewer = config.clone();
    fewer.templates.truncate(fewer.templates.len() - 1);
    let some = plan(
        &desired_events(&fewer, CALENDAR, day("2026-12-07"), day("2027-03-01")),
        &existing,
    );
    assert!(some.deletes.len() * 2 < existing.len(), "{some:#?}");
    assert_eq!(some.removal(), None, "keeps more than it deletes");
    // Only the last template left: most series go.
    let mut one = config;
    one.templates.drain(..one.templates.len() - 1);
    let most = plan(
        &desired_events(&one, CALENDAR, day("2026-12-07"), day("2027-03-01")),
        &existing,
    );
    let removal = most.removal().expect("deletes more than it keeps");
    assert!(removal.deleted < removal.published);
    assert!(
        removal.warning_fr().contains(&format!(
            "supprime {} des {}",
            removal.deleted, removal.published
        )),
        "{}",
        removal.warning_fr()
    );
    // Nothing published yet: nothing to lose.
    let first = plan(&desired, &[]);
    assert_eq!(first.removal(), None);
}
