//! What the views read: calendars, the agenda over a range, upcoming bookings. All from the local
//! cache, so they work offline.

use crate::ipc::{AccessRole, AgendaEvent, Booking, CalendarInfo, Patient};
use crate::{App, AppError};
use chrono::{DateTime, SecondsFormat, Utc};
use rdv_store::{CalendarRow, OccurrenceRow};

/// At most this many bookings are listed (a practitioner has far fewer upcoming).
const BOOKINGS_LIMIT: usize = 500;

fn role(s: &str) -> AccessRole {
    match s {
        "owner" => AccessRole::Owner,
        "writer" => AccessRole::Writer,
        "reader" => AccessRole::Reader,
        _ => AccessRole::FreeBusyReader,
    }
}

fn calendar_info(c: CalendarRow) -> CalendarInfo {
    CalendarInfo {
        access_role: role(&c.access_role),
        id: c.id,
        summary: c.summary,
        color: c.color,
        time_zone: c.time_zone,
        primary: c.primary,
        selected: c.selected,
    }
}

/// Calendar id → its IANA zone.
struct Zones(std::collections::HashMap<String, chrono_tz::Tz>);

impl Zones {
    /// An occurrence's start and end as the views show them.
    fn stamps(&self, o: &OccurrenceRow) -> (String, String) {
        let zone = self.0.get(&o.calendar_id);
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
fn patient_name(first: Option<&str>, last: Option<&str>) -> Option<String> {
    let name = [first, last]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!name.is_empty()).then_some(name)
}

fn parse_time(s: &str, what: &str) -> Result<DateTime<Utc>, AppError> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| AppError::Internal(format!("invalid {what} time {s:?}: expected RFC 3339")))
}

impl App {
    /// The account's calendars.
    pub fn calendars(&self) -> Result<Vec<CalendarInfo>, AppError> {
        Ok(self
            .store
            .calendars()?
            .into_iter()
            .map(calendar_info)
            .collect())
    }

    /// Shows or hides a calendar; a newly shown one is synchronised at once.
    pub fn set_calendar_selected(
        &self,
        id: &str,
        selected: bool,
    ) -> Result<Vec<CalendarInfo>, AppError> {
        self.store.set_calendar_selected(id, selected)?;
        self.sink.data_changed();
        if selected {
            self.wake_sync();
        }
        self.calendars()
    }

    /// Each calendar's zone, to show instants as the calendar's local time.
    fn zones(&self) -> Result<Zones, AppError> {
        Ok(Zones(
            self.store
                .calendars()?
                .into_iter()
                .map(|c| {
                    (
                        c.id,
                        c.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris),
                    )
                })
                .collect(),
        ))
    }

    /// Events of the selected calendars overlapping `[from, to)` (RFC 3339).
    pub fn agenda_events(&self, from: &str, to: &str) -> Result<Vec<AgendaEvent>, AppError> {
        self.ensure_unlocked()?;
        let (from, to) = (parse_time(from, "start")?, parse_time(to, "end")?);
        if to <= from {
            return Err(AppError::Internal(
                "the end of the range must be after its start".into(),
            ));
        }
        let zones = self.zones()?;
        Ok(self
            .store
            .agenda(from, to)?
            .into_iter()
            .map(|o| {
                let (start, end) = zones.stamps(&o);
                AgendaEvent {
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
                }
            })
            .collect())
    }

    /// Bookings from now on, matching `query` (name, phone or email) when given.
    pub fn upcoming_bookings(&self, query: Option<&str>) -> Result<Vec<Booking>, AppError> {
        self.ensure_unlocked()?;
        let now: DateTime<Utc> = self.clock.now().into();
        let zones = self.zones()?;
        Ok(self
            .store
            .upcoming_bookings(now, query, BOOKINGS_LIMIT)?
            .into_iter()
            .map(|o: OccurrenceRow| booking_view(self, &zones, o))
            .collect())
    }

    /// One booking (past ones too), for its details from the Agenda; `None` when it is no longer
    /// cached (cancelled, or outside the synced window).
    pub fn booking_details(
        &self,
        calendar_id: &str,
        id: &str,
    ) -> Result<Option<Booking>, AppError> {
        self.ensure_unlocked()?;
        let zones = self.zones()?;
        Ok(self
            .store
            .occurrence(calendar_id, id)?
            .filter(|o| o.kind == rdv_core::conventions::EventKind::Booking)
            .map(|o| booking_view(self, &zones, o)))
    }
}

fn booking_view(app: &App, zones: &Zones, o: OccurrenceRow) -> Booking {
    let (start, end) = zones.stamps(&o);
    let site = app.site_info(&o.event_id);
    Booking {
        start,
        end,
        title: o.summary.clone().unwrap_or_default(),
        id: o.id,
        event_id: o.event_id,
        calendar_id: o.calendar_id,
        calendar_name: o.calendar_name,
        appointment_type: o.appointment_type,
        patient: Patient {
            first_name: o.first_name,
            last_name: o.last_name,
            phone: o.phone,
            email: o.email,
        },
        source: o.source,
        booked_at: o.booked_at,
        attendance: match o.marks.attendance.as_deref() {
            Some("absent") => Some(crate::ipc::Attendance::Absent),
            Some("excused") => Some(crate::ipc::Attendance::Excused),
            _ => None,
        },
        note: o.marks.note,
        edited_by: o.marks.actor,
        edited_at: o.marks.action_at,
        site,
        span_issue: o.span_issue,
    }
}
