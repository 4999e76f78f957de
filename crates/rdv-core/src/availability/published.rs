//! The slots the booking site offers: computed from the availability **as published in Google**
//! (the expanded instances of the app's availability events, `rdv.kind=availability`, each with
//! its `rdv.type` list) and the appointment types of the site's configuration, with the same
//! rules as [`compute_slots`](super::compute_slots) — the same code, [`super::slots`]'s step
//! through open ranges, busy time and buffers, minimum notice, horizon and daily cap.
//!
//! The site has no templates, closures nor holidays: the app publishes them as events (a weekly
//! series, its cancelled instances, single openings), so an instance absent from the list (a
//! cancelled one) opens nothing, and the openings listed are all the availability there is.
//!
//! For one type, on each local date of `[from, to)` in the calendar's zone:
//! 1. the openings offering the type (no `rdv.type`: every type) **that start on that local
//!    date** are united (overlapping or touching ones become one) — an opening across midnight
//!    belongs to the date it starts on, for the daily cap and the horizon too;
//! 2. slots start at each united range's start and step by the type's interval in elapsed time
//!    (DST-correct: none in the skipped spring hour, none twice in the repeated autumn hour) as
//!    long as the whole appointment fits;
//! 3. a slot is dropped if `[start − buffer before, end + buffer after)` overlaps busy time or a
//!    booking (of any type), if it starts before `now + notice`, if its date is past
//!    `today + horizon`, or if the date already holds `maxPerDay` bookings of the type.
//!
//! Only types bookable online are offered. The PHP plugin reproduces this function
//! (`Rdv_Slots::compute`), checked against the vectors of `wordpress/tests/vectors/slots.json`
//! that this crate's tests generate.

use super::motif::AppointmentType;
use super::slots::{
    Booking, Busy, MAX_DAYS, Offer, SlotError, Timeline, TypeSlots, busy_and_booked, unite,
};
use super::zone;
use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// One published availability instance: an expanded, not cancelled `rdv.kind=availability`
/// event of the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Opening {
    /// Start instant.
    pub start: DateTime<Utc>,
    /// End instant (exclusive).
    pub end: DateTime<Utc>,
    /// The types it offers (`rdv.type`); `None`: every type.
    pub types: Option<Vec<String>>,
}

impl Opening {
    fn offers(&self, type_id: &str) -> bool {
        self.types
            .as_ref()
            .is_none_or(|list| list.iter().any(|t| t == type_id))
    }
}

/// What the site computes.
#[derive(Debug, Clone, Copy)]
pub struct SiteQuery<'a> {
    /// First local date, inclusive.
    pub from: NaiveDate,
    /// Last local date, **exclusive**.
    pub to: NaiveDate,
    /// The current instant.
    pub now: DateTime<Utc>,
    /// The published availability instances.
    pub openings: &'a [Opening],
    /// Busy time: timed, opaque events that are neither availability nor bookings.
    pub busy: &'a [Busy],
    /// Bookings (`rdv.kind=booking`): busy, and counted for their type's daily cap.
    pub bookings: &'a [Booking],
    /// Only this type. `None`: every type bookable online.
    pub only_type: Option<&'a str>,
}

/// The slots the site offers for each type bookable online (in `types`' order; only `only_type`
/// when set), over local dates `[from, to)` in `tz`. See the module doc for the rule.
///
/// An `only_type` that `types` lacks is [`SlotError::UnknownType`]; one not bookable online gets
/// no slot. A range longer than [`MAX_DAYS`] is [`SlotError::RangeTooLong`].
pub fn site_slots(
    types: &[AppointmentType],
    tz: Tz,
    query: &SiteQuery<'_>,
) -> Result<Vec<TypeSlots>, SlotError> {
    let days = (query.to - query.from).num_days();
    if days > MAX_DAYS {
        return Err(SlotError::RangeTooLong { days });
    }
    if let Some(id) = query.only_type
        && !types.iter().any(|t| t.id == id)
    {
        return Err(SlotError::UnknownType(id.to_owned()));
    }
    let (busy, booked) = busy_and_booked(tz, query.busy, query.bookings);
    let offer = Offer::new(tz, query.now, &busy, &booked);
    let nothing_closed = Timeline::new(std::iter::empty());
    let mut starts: Vec<(NaiveDate, &Opening)> = query
        .openings
        .iter()
        .filter(|o| o.start < o.end)
        .map(|o| (zone::local_date(tz, o.start), o))
        .filter(|(d, _)| *d >= query.from && *d < query.to)
        .collect();
    starts.sort_by_key(|(d, o)| (*d, o.start, o.end));

    let selected = types
        .iter()
        .filter(|t| query.only_type.is_none_or(|id| id == t.id));
    Ok(selected
        .map(|t| {
            let mut slots = Vec::new();
            if t.bookable_online {
                for day in starts.chunk_by(|a, b| a.0 == b.0) {
                    let date = day[0].0;
                    if offer.day_closed(t, date) {
                        continue;
                    }
                    let ranges = unite(
                        day.iter()
                            .filter(|(_, o)| o.offers(&t.id))
                            .map(|(_, o)| (o.start, o.end))
                            .collect(),
                    );
                    offer.step(t, &ranges, &nothing_closed, &mut slots);
                }
            }
            TypeSlots {
                type_id: t.id.clone(),
                name: t.name.clone(),
                duration_minutes: t.duration_minutes,
                bookable_online: t.bookable_online,
                slots,
            }
        })
        .collect())
}

#[cfg(test)]
mod tests;
