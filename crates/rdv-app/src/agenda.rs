//! The *Agenda* view: events of the selected calendars over a range, from the local cache (so
//! it works offline), times in each calendar's zone.

use crate::ipc::AgendaEvent;
use crate::{App, AppError};
use chrono::{DateTime, SecondsFormat, Utc};
use rdv_core::availability::Role;
use rdv_store::OccurrenceRow;

/// Calendar id → its IANA zone and the linked account's role on it.
pub(crate) struct Zones(std::collections::HashMap<String, (chrono_tz::Tz, Role)>);

impl Zones {
    /// The account's role on `calendar_id` (a calendar no longer listed: it may only see
    /// when it is busy).
    pub(crate) fn role(&self, calendar_id: &str) -> Role {
        self.0
            .get(calendar_id)
            .map_or(Role::FreeBusyReader, |(_, role)| *role)
    }

    /// An occurrence's start and end as the views show them.
    pub(crate) fn stamps(&self, o: &OccurrenceRow) -> (String, String) {
        let zone = self.0.get(&o.calendar_id).map(|(tz, _)| tz);
        (
            stamp(o.start, o.all_day, zone),
            stamp(o.end, o.all_day, zone),
        )
    }
}

/// RFC 3339 in the calendar's zone (with its offset), or the date for all-day occurrences.
fn stamp(t: DateTime<Utc>, all_day: bool, zone: Option<&chrono_tz::Tz>) -> String {
    if all_day {
        return t.format("%Y-%m-%d").to_string();
    }
    match zone {
        Some(tz) => t
            .with_timezone(tz)
            .to_rfc3339_opts(SecondsFormat::Secs, false),
        None => t.to_rfc3339_opts(SecondsFormat::Secs, true),
    }
}

/// "Jeanne Martin" from the booking's name fields, `None` when both are empty.
pub(crate) fn patient_name(first: Option<&str>, last: Option<&str>) -> Option<String> {
    let name = [first, last]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!name.is_empty()).then_some(name)
}

/// An instant of a range argument (RFC 3339); `what` names it in the error.
fn parse_time(s: &str, what: &str) -> Result<DateTime<Utc>, AppError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            AppError::internal(format_args!("invalid {what} time {s:?}: expected RFC 3339"))
        })
}

impl App {
    /// Each calendar's zone, to show instants as the calendar's local time, and the account's
    /// role on it, to say what it may do there.
    pub(crate) fn zones(&self) -> Result<Zones, AppError> {
        Ok(Zones(
            self.store
                .calendars()?
                .into_iter()
                .map(|c| {
                    let zone = c.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris);
                    (c.id, (zone, crate::availability::role_of(&c.access_role)))
                })
                .collect(),
        ))
    }

    /// Events of the selected calendars overlapping `[from, to)` (RFC 3339).
    pub fn agenda_events(&self, from: &str, to: &str) -> Result<Vec<AgendaEvent>, AppError> {
        self.ensure_unlocked()?;
        let (from, to) = (parse_time(from, "start")?, parse_time(to, "end")?);
        if to <= from {
            return Err(AppError::internal(
                "the end of the range must be after its start",
            ));
        }
        let zones = self.zones()?;
        let now = self.now_utc();
        // Bookings made here and still waiting for Google (offline) are shown, as pending.
        let pending: Vec<OccurrenceRow> = self
            .pending_creates()?
            .into_iter()
            .filter(|o| o.start < to && o.end > from)
            .collect();
        let pending_ids: Vec<String> = pending.iter().map(|o| o.id.clone()).collect();
        let mut rows = self.store.agenda(from, to)?;
        rows.extend(pending);
        rows.sort_by_key(|o| o.start);
        Ok(rows
            .into_iter()
            .map(|o| {
                let is_pending = pending_ids.contains(&o.id);
                let (start, end) = zones.stamps(&o);
                let role = zones.role(&o.calendar_id);
                AgendaEvent {
                    can_edit: !is_pending && crate::bookings::may_act_on_bookings(role).is_ok(),
                    can_move: !is_pending && crate::bookings::may_drag(&o, role, now),
                    pending: is_pending,
                    start,
                    end,
                    title: o.summary.clone().unwrap_or_default(),
                    id: o.id,
                    calendar_id: o.calendar_id,
                    kind: o.kind,
                    all_day: o.all_day,
                    appointment_type: o.appointment_type,
                    patient_name: patient_name(o.first_name.as_deref(), o.last_name.as_deref()),
                    span_issue: o.span_issue,
                    appointment: o.appointment,
                }
            })
            .collect())
    }
}
