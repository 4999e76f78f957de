//! What a change of availability meets: the appointments already booked in the time a draft
//! takes away — a closure, a holiday that now closes, a range shortened or removed — so the
//! practice can call those patients and move or cancel them from the list (issue #15, point 7).
//! The rule is the core's ([`rdv_core::availability::bookings_affected`]); the availability
//! editor asks [`App::bookings_affected`] as the draft changes and computes nothing.

use crate::availability::{CHANGE_HORIZON_DAYS, published_or_empty};
use crate::ipc::{Booking, PracticeConfig};
use crate::{App, AppError};
use chrono::TimeDelta;
use rdv_core::availability::{HeldBooking, bookings_affected};

impl App {
    /// The bookings of `calendar_id`, not yet over, that its published availability covers and
    /// `config` (the draft) does not, by start, as the *Rendez-vous* view shows them (name,
    /// phone, time, what the role allows). Nothing published: nothing is taken away.
    pub fn bookings_affected(
        &self,
        calendar_id: &str,
        config: &PracticeConfig,
    ) -> Result<Vec<Booking>, AppError> {
        self.ensure_unlocked()?;
        let (_, tz) = self.calendar_role(calendar_id)?;
        let saved = self.saved(calendar_id, tz)?;
        let published = published_or_empty(saved.published.as_ref(), config.time_zone);
        let now = self.now_utc();
        let rows = self.store.appointments_between(
            &[calendar_id.to_owned()],
            now,
            now + TimeDelta::days(CHANGE_HORIZON_DAYS),
        )?;
        let held: Vec<HeldBooking> = rows
            .iter()
            .filter(|o| !o.all_day)
            .map(|o| HeldBooking {
                id: o.id.clone(),
                appointment_type: o.appointment_type.clone(),
                start: o.start,
                end: o.end,
            })
            .collect();
        let affected: Vec<String> = bookings_affected(&published, config, &held, now)
            .into_iter()
            .map(|b| b.id.clone())
            .collect();
        self.booking_views(
            rows.into_iter()
                .filter(|o| affected.contains(&o.id))
                .collect(),
        )
    }
}
