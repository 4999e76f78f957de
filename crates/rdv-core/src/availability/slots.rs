//! The slots patients are offered: availability (weekly templates + extra openings − closures −
//! holidays) − busy time and its buffers − minimum notice − horizon − daily cap, per appointment
//! type, for a range of local dates in the calendar's zone.
//!
//! How a day is computed, for one type (docs/templates.md, « Calcul des créneaux »):
//! 1. the ranges open for the type that day — weekly ranges (unless a public holiday closes the
//!    day) and extra openings — are resolved to instants ([`super::zone`]) and united (ranges
//!    that overlap or touch become one);
//! 2. slots start at each united range's start and step by the type's interval, as long as the
//!    whole appointment fits before the range's end — in real elapsed time, so no slot falls in
//!    the skipped spring hour and none is emitted twice in the repeated autumn hour;
//! 3. a slot is dropped if it overlaps a closure, if `[start − buffer before, end + buffer
//!    after)` overlaps busy time, if it starts before `now + notice`, if its local date is past
//!    `today + horizon`, or if the day already holds `maxPerDay` bookings of the type.
//!
//! Intervals are half-open: an appointment ending at 10:00 does not overlap one starting at 10:00.

use super::config::PracticeConfig;
use super::motif::AppointmentType;
use super::zone;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The longest date range one computation accepts, in days (two years).
pub const MAX_DAYS: i64 = 731;

/// A busy interval of the calendar (an event, a free/busy block), in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Busy {
    /// Start instant.
    pub start: DateTime<Utc>,
    /// End instant (exclusive).
    pub end: DateTime<Utc>,
}

/// An existing booking: busy time that also counts towards its type's daily cap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Booking {
    /// Its appointment type id (`rdv.type`).
    pub type_id: String,
    /// Start instant.
    pub start: DateTime<Utc>,
    /// End instant (exclusive).
    pub end: DateTime<Utc>,
}

/// What to compute.
#[derive(Debug, Clone, Copy)]
pub struct SlotQuery<'a> {
    /// First local date, inclusive.
    pub from: NaiveDate,
    /// Last local date, **exclusive**: `[from, to)`.
    pub to: NaiveDate,
    /// The current instant (the caller reads the clock).
    pub now: DateTime<Utc>,
    /// Busy time: events and free/busy blocks. Bookings need not be repeated here.
    pub busy: &'a [Busy],
    /// Existing bookings: busy, and counted for the daily caps.
    pub bookings: &'a [Booking],
    /// Only these appointment types (ids). `None`: every type.
    pub only_types: Option<&'a [String]>,
    /// Also compute types not bookable online (what the practice may book by phone).
    pub include_offline: bool,
}

impl<'a> SlotQuery<'a> {
    /// Every online type over `[from, to)` at `now`, with no busy time and no booking.
    pub fn new(from: NaiveDate, to: NaiveDate, now: DateTime<Utc>) -> Self {
        Self {
            from,
            to,
            now,
            busy: &[],
            bookings: &[],
            only_types: None,
            include_offline: false,
        }
    }
}

/// One offered slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Slot {
    /// Start instant, UTC.
    pub start: DateTime<Utc>,
    /// End instant, UTC.
    pub end: DateTime<Utc>,
    /// Start in the calendar's zone, with the offset in force (RFC 3339 when serialised).
    pub start_local: DateTime<FixedOffset>,
    /// End in the calendar's zone, with the offset in force.
    pub end_local: DateTime<FixedOffset>,
}

/// The slots of one appointment type, in time order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeSlots {
    /// The type's id.
    pub type_id: String,
    /// The type's name.
    pub name: String,
    /// The type's duration in minutes.
    pub duration_minutes: i32,
    /// Whether the type is bookable online (if not, it has slots only when the query includes
    /// offline types).
    pub bookable_online: bool,
    /// The offered slots.
    pub slots: Vec<Slot>,
}

/// Why slots could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SlotError {
    /// The query names an appointment type the configuration does not have.
    #[error("motif inconnu « {0} »")]
    UnknownType(String),
    /// The date range is longer than [`MAX_DAYS`].
    #[error("période trop longue : {days} jours (au plus {MAX_DAYS})")]
    RangeTooLong {
        /// Its length.
        days: i64,
    },
}

impl SlotError {
    /// Why, in French and English.
    pub fn text(&self) -> crate::Text {
        match self {
            Self::UnknownType(id) => crate::Text::new(
                format!("motif inconnu « {id} »"),
                format!("unknown appointment type “{id}”"),
            ),
            Self::RangeTooLong { days } => crate::Text::new(
                format!("période trop longue : {days} jours (au plus {MAX_DAYS})"),
                format!("range too long: {days} days (at most {MAX_DAYS})"),
            ),
        }
    }
}

/// The slots offered for each selected type (in the configuration's order) over the query's dates.
pub fn compute_slots(
    config: &PracticeConfig,
    query: &SlotQuery<'_>,
) -> Result<Vec<TypeSlots>, SlotError> {
    let days = (query.to - query.from).num_days();
    if days > MAX_DAYS {
        return Err(SlotError::RangeTooLong { days });
    }
    if let Some(ids) = query.only_types
        && let Some(unknown) = ids.iter().find(|id| config.appointment_type(id).is_none())
    {
        return Err(SlotError::UnknownType(unknown.clone()));
    }
    let tz = config.time_zone;
    let (busy, booked) = busy_and_booked(tz, query.busy, query.bookings);
    let rules = DayRules {
        config,
        offer: Offer::new(tz, query.now, &busy, &booked),
    };

    let selected = config
        .appointment_types
        .iter()
        .filter(|t| query.only_types.is_none_or(|ids| ids.contains(&t.id)));
    let mut result: Vec<TypeSlots> = selected
        .map(|t| TypeSlots {
            type_id: t.id.clone(),
            name: t.name.clone(),
            duration_minutes: t.duration_minutes,
            bookable_online: t.bookable_online,
            slots: Vec::new(),
        })
        .collect();
    for date in query.from.iter_days().take_while(|d| *d < query.to) {
        let weekly_open = config.holidays.closing(date).is_none();
        for out in &mut result {
            let Some(t) = config.appointment_type(&out.type_id) else {
                continue;
            };
            if t.bookable_online || query.include_offline {
                rules.slots(t, date, weekly_open, &mut out.slots);
            }
        }
    }
    Ok(result)
}

/// The busy timeline (busy time and bookings) and the bookings counted per type and local date.
pub(super) fn busy_and_booked<'b>(
    tz: Tz,
    busy: &[Busy],
    bookings: &'b [Booking],
) -> (Timeline, HashMap<(&'b str, NaiveDate), i32>) {
    let timeline = Timeline::new(
        busy.iter()
            .map(|b| (b.start, b.end))
            .chain(bookings.iter().map(|b| (b.start, b.end))),
    );
    let mut booked: HashMap<(&str, NaiveDate), i32> = HashMap::new();
    for b in bookings {
        *booked
            .entry((b.type_id.as_str(), zone::local_date(tz, b.start)))
            .or_default() += 1;
    }
    (timeline, booked)
}

/// The rules applied to a day's open ranges, wherever the ranges come from (the configuration's
/// templates and openings here, the published availability events in [`super::published`]):
/// the step through each range, busy time and buffers, minimum notice, horizon and daily cap.
pub(super) struct Offer<'q> {
    tz: Tz,
    today: NaiveDate,
    now: DateTime<Utc>,
    busy: &'q Timeline,
    booked: &'q HashMap<(&'q str, NaiveDate), i32>,
}

impl<'q> Offer<'q> {
    pub(super) fn new(
        tz: Tz,
        now: DateTime<Utc>,
        busy: &'q Timeline,
        booked: &'q HashMap<(&'q str, NaiveDate), i32>,
    ) -> Self {
        Self {
            tz,
            today: zone::local_date(tz, now),
            now,
            busy,
            booked,
        }
    }

    /// Whether type `t` offers nothing on `date` whatever its ranges: an unusable duration or
    /// interval, a date past the horizon, or the daily cap reached.
    pub(super) fn day_closed(&self, t: &AppointmentType, date: NaiveDate) -> bool {
        if t.duration() <= TimeDelta::zero() || t.interval() <= TimeDelta::zero() {
            return true; // validation reports it; nothing sensible to offer
        }
        if t.horizon_days.is_some_and(|h| {
            self.today
                .checked_add_signed(TimeDelta::days(h.into()))
                .is_none_or(|last| date > last)
        }) {
            return true;
        }
        t.max_per_day.is_some_and(|max| {
            self.booked
                .get(&(t.id.as_str(), date))
                .copied()
                .unwrap_or(0)
                >= max
        })
    }

    /// Appends to `out` the slots of `t` stepping through `ranges` (sorted, disjoint) by the
    /// type's interval in elapsed time, except those overlapping `closed`, starting before
    /// `now + notice`, or whose buffered span overlaps busy time.
    pub(super) fn step(
        &self,
        t: &AppointmentType,
        ranges: &[(DateTime<Utc>, DateTime<Utc>)],
        closed: &Timeline,
        out: &mut Vec<Slot>,
    ) {
        let (duration, interval) = (t.duration(), t.interval());
        if duration <= TimeDelta::zero() || interval <= TimeDelta::zero() {
            return;
        }
        let earliest = self.now + t.min_notice();
        for &(start, end) in ranges {
            let mut s = start;
            while s + duration <= end {
                let e = s + duration;
                if s >= earliest
                    && !closed.overlaps(s, e)
                    && !self
                        .busy
                        .overlaps(s - t.buffer_before(), e + t.buffer_after())
                {
                    out.push(Slot {
                        start: s,
                        end: e,
                        start_local: zone::local(self.tz, s),
                        end_local: zone::local(self.tz, e),
                    });
                }
                s += interval;
            }
        }
    }
}

/// What every day's computation from the configuration shares.
struct DayRules<'q> {
    config: &'q PracticeConfig,
    offer: Offer<'q>,
}

impl DayRules<'_> {
    /// Appends to `out` the slots of type `t` on `date`; `weekly_open`: no public holiday closes
    /// the weekly ranges that day.
    fn slots(&self, t: &AppointmentType, date: NaiveDate, weekly_open: bool, out: &mut Vec<Slot>) {
        if self.offer.day_closed(t, date) {
            return;
        }
        let closures: Vec<_> = self
            .config
            .exceptions
            .closures
            .iter()
            .filter(|c| c.covers(date) && c.closes_type(&t.id))
            .map(|c| c.time_range())
            .collect();
        if closures.iter().any(Option::is_none) {
            return; // closed all day
        }
        let closed = Timeline::new(
            closures
                .into_iter()
                .flatten()
                .map(|(s, e)| self.interval(date, s, e)),
        );
        let ranges = self.open_ranges(t, date, weekly_open);
        self.offer.step(t, &ranges, &closed, out);
    }

    /// The united ranges open for `t` on `date`, as instants, sorted and disjoint.
    fn open_ranges(
        &self,
        t: &AppointmentType,
        date: NaiveDate,
        weekly: bool,
    ) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
        let mut ranges: Vec<_> = self
            .config
            .templates
            .iter()
            .filter(|_| weekly)
            .flat_map(|tpl| tpl.ranges_on(date))
            .filter(|r| r.offers(&t.id))
            .map(|r| (r.start, r.end))
            .chain(
                self.config
                    .exceptions
                    .openings
                    .iter()
                    .filter(|o| o.date == date && o.offers(&t.id))
                    .map(|o| (o.start, o.end)),
            )
            .map(|(s, e)| self.interval(date, s, e))
            .filter(|(s, e)| s < e)
            .collect();
        ranges.sort();
        unite(ranges)
    }

    fn interval(
        &self,
        date: NaiveDate,
        start: chrono::NaiveTime,
        end: chrono::NaiveTime,
    ) -> (DateTime<Utc>, DateTime<Utc>) {
        let tz = self.config.time_zone;
        (zone::instant(tz, date, start), zone::instant(tz, date, end))
    }
}

/// Unites sorted intervals that overlap or touch.
pub(super) fn unite(
    sorted: Vec<(DateTime<Utc>, DateTime<Utc>)>,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let mut out: Vec<(DateTime<Utc>, DateTime<Utc>)> = Vec::with_capacity(sorted.len());
    for (s, e) in sorted {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Disjoint sorted intervals, for overlap queries in O(log n).
pub(super) struct Timeline(Vec<(DateTime<Utc>, DateTime<Utc>)>);

impl Timeline {
    pub(super) fn new(intervals: impl Iterator<Item = (DateTime<Utc>, DateTime<Utc>)>) -> Self {
        let mut v: Vec<_> = intervals.filter(|(s, e)| s < e).collect();
        v.sort();
        // Touching busy intervals may be united too: overlap is tested with open ends.
        Self(unite(v))
    }

    /// Whether `[start, end)` overlaps one of the intervals.
    pub(super) fn overlaps(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
        // Ends are sorted too (disjoint intervals): the first interval ending after `start`.
        let i = self.0.partition_point(|&(_, e)| e <= start);
        self.0.get(i).is_some_and(|&(s, _)| s < end)
    }
}

#[cfg(test)]
mod tests;
