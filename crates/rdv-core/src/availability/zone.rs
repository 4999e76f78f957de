//! Local wall-clock times resolved to instants in an IANA zone, across daylight-saving changes.
//!
//! The rules (docs/templates.md, « Heures d'été et d'hiver »):
//! - a wall time that exists once is that instant;
//! - a wall time that happens twice (the repeated hour of the autumn change, 02:00–03:00 in
//!   `Europe/Paris` on the last Sunday of October) is its **earlier** occurrence, the summer-time
//!   one;
//! - a wall time that does not exist (the skipped hour of the spring change, 02:00–03:00 on the
//!   last Sunday of March) is the **end of the gap**, the first instant that exists after it
//!   (03:00 summer time). Validation reports a range endpoint in a gap as a problem; slot
//!   computation uses this rule so that it never fails.
//!
//! A range is then the real time between its two instants: 01:00–04:00 on the October change
//! day lasts four hours, 01:00–04:00 on the March change day two.

use chrono::{
    DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta,
    TimeZone, Utc,
};
use chrono_tz::Tz;

/// How a local wall-clock time maps to instants in a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WallTime {
    /// The time exists once.
    Unique(DateTime<Utc>),
    /// The time happens twice (autumn change): first in summer time, then in winter time.
    Repeated {
        /// The first occurrence (the one used).
        earlier: DateTime<Utc>,
        /// The second occurrence.
        later: DateTime<Utc>,
    },
    /// The time does not exist (spring change).
    Skipped {
        /// The first instant after the gap (the one used).
        gap_end: DateTime<Utc>,
    },
}

impl WallTime {
    /// The instant this wall time stands for, by the rules of this module.
    pub fn instant(self) -> DateTime<Utc> {
        match self {
            Self::Unique(t) => t,
            Self::Repeated { earlier, .. } => earlier,
            Self::Skipped { gap_end } => gap_end,
        }
    }
}

/// Resolves `time` on `date` in `tz`.
pub fn wall_time(tz: Tz, date: NaiveDate, time: NaiveTime) -> WallTime {
    let local = date.and_time(time);
    match tz.from_local_datetime(&local) {
        LocalResult::Single(t) => WallTime::Unique(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(a, b) => {
            let (a, b) = (a.with_timezone(&Utc), b.with_timezone(&Utc));
            WallTime::Repeated {
                earlier: a.min(b),
                later: a.max(b),
            }
        }
        LocalResult::None => WallTime::Skipped {
            gap_end: gap_end(tz, local),
        },
    }
}

/// The instant `time` on `date` in `tz` stands for (see the module rules).
pub fn instant(tz: Tz, date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    wall_time(tz, date, time).instant()
}

/// `t` as a local date-time with the zone's offset at that instant (RFC 3339 when serialised).
pub fn local(tz: Tz, t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.with_timezone(&tz).fixed_offset()
}

/// The local date of instant `t` in `tz`.
pub fn local_date(tz: Tz, t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

/// A change of the clocks (daylight saving) on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClockChange {
    /// The local day of the change.
    pub date: NaiveDate,
    /// The local time the clocks show just before the change (`02:00` in spring in Paris).
    pub from: NaiveTime,
    /// The local time they show at the change (`03:00`).
    pub to: NaiveTime,
    /// The clocks go forward (an hour is skipped, summer time); back otherwise (an hour repeats).
    pub forward: bool,
}

/// The zone's offset from UTC at `t`, in seconds.
fn offset_at(tz: Tz, t: DateTime<Utc>) -> i32 {
    use chrono::Offset;
    tz.offset_from_utc_datetime(&t.naive_utc())
        .fix()
        .local_minus_utc()
}

/// The first clock change of `tz` in the seven days from `from`, if any.
pub fn clock_change_in_week(tz: Tz, from: NaiveDate) -> Option<ClockChange> {
    (0..7).find_map(|n| {
        let date = from + TimeDelta::days(n);
        let (mut low, mut high) = (
            instant(tz, date, NaiveTime::MIN),
            instant(tz, date + TimeDelta::days(1), NaiveTime::MIN),
        );
        let before = offset_at(tz, low);
        let after = offset_at(tz, high);
        if before == after {
            return None;
        }
        // The first minute with the new offset.
        while high - low > TimeDelta::minutes(1) {
            let mid = low + TimeDelta::minutes((high - low).num_minutes() / 2);
            if offset_at(tz, mid) == before {
                low = mid;
            } else {
                high = mid;
            }
        }
        let wall = |offset: i32| {
            (high + TimeDelta::seconds(i64::from(offset)))
                .naive_utc()
                .time()
        };
        Some(ClockChange {
            date,
            from: wall(before),
            to: wall(after),
            forward: after > before,
        })
    })
}

/// The first instant whose local time is after `local`, for a `local` inside a gap: the
/// transition itself. Local time increases with the instant around a gap (transitions are months
/// apart), so a bisection over ±26 h (offsets stay within ±14 h) finds it.
/// The local time of instant `t` in `tz`, `None` past the ends of chrono's range (where
/// `with_timezone(..).naive_local()` panics).
pub(crate) fn local_time(tz: Tz, t: DateTime<Utc>) -> Option<NaiveDateTime> {
    let offset = tz
        .offset_from_utc_datetime(&t.naive_utc())
        .fix()
        .local_minus_utc();
    t.naive_utc()
        .checked_add_signed(TimeDelta::seconds(i64::from(offset)))
}

fn gap_end(tz: Tz, local: NaiveDateTime) -> DateTime<Utc> {
    // At the ends of chrono's range (a hostile `today` of year −262143), an instant or its local
    // time may not exist: beyond the end is after, before the start is not.
    let after = |secs: i64| {
        let Some(t) = DateTime::<Utc>::from_timestamp(secs, 0) else {
            return secs > 0;
        };
        let ahead = tz
            .offset_from_utc_datetime(&t.naive_utc())
            .fix()
            .local_minus_utc()
            > 0;
        local_time(tz, t).map_or(ahead, |l| l > local)
    };
    let centre = local.and_utc().timestamp();
    let span = TimeDelta::hours(26).num_seconds();
    let (mut lo, mut hi) = (centre - span, centre + span);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if after(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    DateTime::<Utc>::from_timestamp(hi, 0).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::Europe::Paris;

    #[test]
    fn a_gap_at_the_ends_of_the_representable_days_is_resolved_without_panicking() {
        // Found by the hostile-configuration property: Apia's first offset at NaiveDate::MIN.
        let _ = wall_time(chrono_tz::Pacific::Apia, NaiveDate::MIN, NaiveTime::MIN);
        let _ = wall_time(chrono_tz::Pacific::Apia, NaiveDate::MAX, NaiveTime::MIN);
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn the_clock_changes_of_a_week_are_found_with_their_times() {
        assert_eq!(
            clock_change_in_week(Paris, day("2027-03-22")),
            Some(ClockChange {
                date: day("2027-03-28"),
                from: hm(2, 0),
                to: hm(3, 0),
                forward: true,
            })
        );
        assert_eq!(
            clock_change_in_week(Paris, day("2027-10-25")),
            Some(ClockChange {
                date: day("2027-10-31"),
                from: hm(3, 0),
                to: hm(2, 0),
                forward: false,
            })
        );
        assert_eq!(clock_change_in_week(Paris, day("2027-03-15")), None);
        assert_eq!(
            clock_change_in_week(chrono_tz::Asia::Tokyo, day("2027-03-22")),
            None
        );
    }

    #[test]
    fn an_ordinary_time_is_the_one_instant_it_names() {
        assert_eq!(
            wall_time(Paris, day("2026-11-26"), hm(9, 0)),
            WallTime::Unique(utc("2026-11-26T08:00:00Z")),
            "9:00 in Paris in November is 8:00 UTC (CET, +01:00)"
        );
    }

    #[test]
    fn a_time_in_the_skipped_spring_hour_stands_for_the_end_of_the_gap() {
        let got = wall_time(Paris, day("2026-03-29"), hm(2, 30));
        assert_eq!(
            got,
            WallTime::Skipped {
                gap_end: utc("2026-03-29T01:00:00Z")
            },
            "on 2026-03-29 clocks jump from 02:00 to 03:00 (01:00 UTC): 02:30 does not exist"
        );
        assert_eq!(
            local(Paris, got.instant()).to_rfc3339(),
            "2026-03-29T03:00:00+02:00"
        );
    }

    #[test]
    fn a_time_in_the_repeated_autumn_hour_stands_for_its_first_summer_time_occurrence() {
        assert_eq!(
            wall_time(Paris, day("2026-10-25"), hm(2, 30)),
            WallTime::Repeated {
                earlier: utc("2026-10-25T00:30:00Z"),
                later: utc("2026-10-25T01:30:00Z"),
            },
            "02:30 happens at +02:00 then again at +01:00"
        );
        assert_eq!(
            instant(Paris, day("2026-10-25"), hm(2, 30)),
            utc("2026-10-25T00:30:00Z")
        );
    }

    #[test]
    fn a_range_across_the_autumn_change_lasts_its_real_elapsed_time() {
        let (d, start, end) = (day("2026-10-25"), hm(1, 0), hm(4, 0));
        let length = instant(Paris, d, end) - instant(Paris, d, start);
        assert_eq!(
            length,
            TimeDelta::hours(4),
            "01:00–04:00 contains the repeated hour twice"
        );
        let spring =
            instant(Paris, day("2026-03-29"), end) - instant(Paris, day("2026-03-29"), start);
        assert_eq!(
            spring,
            TimeDelta::hours(2),
            "and lacks the skipped hour in March"
        );
    }

    #[test]
    fn the_gap_end_is_found_in_zones_with_other_gaps() {
        // New York skips 02:00–03:00 on 2026-03-08 (EST → EDT, 07:00 UTC).
        let ny = chrono_tz::America::New_York;
        assert_eq!(
            instant(ny, day("2026-03-08"), hm(2, 15)),
            utc("2026-03-08T07:00:00Z")
        );
        // Lord Howe Island moves by 30 minutes: 02:00 → 02:30 on 2026-10-04 (15:30 UTC the day before).
        let lh = chrono_tz::Australia::Lord_Howe;
        assert_eq!(
            instant(lh, day("2026-10-04"), hm(2, 10)),
            utc("2026-10-03T15:30:00Z")
        );
    }

    #[test]
    fn local_representation_carries_the_offset_in_force() {
        assert_eq!(
            local(Paris, utc("2026-07-01T07:00:00Z")).to_rfc3339(),
            "2026-07-01T09:00:00+02:00"
        );
        assert_eq!(
            local_date(Paris, utc("2026-07-01T22:30:00Z")),
            day("2026-07-02"),
            "00:30 local"
        );
    }
}
