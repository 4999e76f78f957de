//! Bookings: the actions on one booking — cancel (with an optional reason), move, mark
//! *absent* / *excusé*, an internal note — for whoever the calendar's role allows (owner,
//! *Secrétaire*), the free times a booking can move to, and what the *Rendez-vous* view reads
//! (upcoming bookings, one booking's details). An action is queued in the outbox
//! ([`crate::outbox`]) and sent from there.

use crate::agenda::Zones;
use crate::ipc::{ActionOutcome, ActionState, Booking, BookingAction, Patient};
use crate::outbox::read_stored;
use crate::patients::NoShows;
use crate::{App, AppError};
use chrono::{DateTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use rdv_core::Text;
use rdv_core::appointments::AppointmentOrigin;
use rdv_core::availability::moves::{self, MoveRefusal, MovedBooking, Occurrence};
use rdv_core::availability::{Action, Forbidden, Role, ensure};
use rdv_core::conventions::{EventKind, SpanIssue};
use rdv_store::{EventBrief, Moment, OccurrenceRow, OutboxState};

/// At most this many bookings are listed (a practitioner has far fewer upcoming).
const BOOKINGS_LIMIT: usize = 500;

/// Whether `role` lets the account act on a booking (cancel, move, mark, annotate): the check
/// [`App::queue_action`] enforces, and what the views report as `canEdit` (PRODUCT.md art. 4.3).
pub(crate) fn may_act_on_bookings(role: Role) -> Result<(), Forbidden> {
    ensure(role, Action::MoveOrCancelBooking)
}

/// Whether occurrence `o` may be dragged to another time in the *Agenda* at `now` (its
/// `canMove`): the role allows acting on it ([`may_act_on_bookings`]), the move rule can take
/// it (a timed booking with a length, as [`moved_booking`] requires) and it has not started.
pub(crate) fn may_drag(o: &OccurrenceRow, role: Role, now: DateTime<Utc>) -> bool {
    o.kind == EventKind::Booking
        && !o.all_day
        && may_act_on_bookings(role).is_ok()
        && MovedBooking::new(o.event_id.as_str(), None, o.start, o.end).is_ok()
        && o.start > now
}

/// The booking to move as the move rule takes it (`None`: an all-day booking, which is not
/// moved here). An end not after the start is refused with a message the user can act on: such
/// a booking cannot be moved by keeping its length (see [`SpanIssue`]).
fn moved_booking(event_id: &str, brief: &EventBrief) -> Result<Option<MovedBooking>, AppError> {
    let (Some(Moment::At(start)), Some(Moment::At(end))) =
        (Moment::decode(&brief.start), Moment::decode(&brief.end))
    else {
        return Ok(None);
    };
    MovedBooking::new(event_id, brief.appointment_type.clone(), start, end)
        .map(Some)
        .map_err(|issue| {
            let (fr, en) = match issue {
                SpanIssue::NoLength => (
                    "finit à l'heure où il commence (aucune durée)",
                    "ends when it starts (no length)",
                ),
                SpanIssue::EndBeforeStart => ("finit avant de commencer", "ends before it starts"),
            };
            AppError::invalid(
                format!(
                    "Dans Google Agenda, ce rendez-vous {fr} : corrigez son heure de fin dans \
                     Google Agenda, puis déplacez-le."
                ),
                format!(
                    "In Google Calendar, this appointment {en}: correct its end time in Google \
                     Calendar, then move it."
                ),
            )
        })
}

/// The message shown for a refused move, times in the calendar's zone `tz`.
fn refusal_message(refusal: MoveRefusal, tz: Tz) -> Text {
    let hm = |t: DateTime<Utc>| t.with_timezone(&tz).format("%H:%M").to_string();
    match refusal {
        MoveRefusal::Past => Text::new("Ce créneau est déjà passé.", "This slot is already past."),
        MoveRefusal::OutsideAvailability { start, end } => {
            let (start, end) = (hm(start), hm(end));
            Text::new(
                format!("{start}–{end} n'est pas dans une disponibilité publiée pour ce motif."),
                format!(
                    "{start}–{end} is not within published availability for this appointment type."
                ),
            )
        }
        MoveRefusal::Overlaps {
            start,
            end,
            other_start,
            other_end,
        } => {
            let (start, end, other_start, other_end) =
                (hm(start), hm(end), hm(other_start), hm(other_end));
            Text::new(
                format!(
                    "{start}–{end} chevauche un autre rendez-vous ({other_start}–{other_end})."
                ),
                format!("{start}–{end} overlaps another appointment ({other_start}–{other_end})."),
            )
        }
    }
}

/// The occurrences of `calendar_id` in `rows`, as the move rule takes them (agenda order kept).
pub(crate) fn occurrences_of(calendar_id: &str, rows: Vec<OccurrenceRow>) -> Vec<Occurrence> {
    rows.into_iter()
        .filter(|o| o.calendar_id == calendar_id)
        .map(|o| Occurrence {
            offered_types: moves::offered_types(o.appointment_type.as_deref()),
            event_id: o.event_id,
            kind: o.kind,
            start: o.start,
            end: o.end,
            transparent: o.transparent,
            all_day: o.all_day,
        })
        .collect()
}

impl App {
    /// Applies `action` to booking `event_id` of `calendar_id`: queued, then sent at once when
    /// Google can be reached. The role is checked here (a reader is refused), and a move must
    /// land on a free slot of the booking's type unless `force` says otherwise.
    pub fn act_on_booking(
        &self,
        calendar_id: &str,
        event_id: &str,
        action: BookingAction,
    ) -> crate::Task<'_, Result<ActionOutcome, AppError>> {
        let calendar_id = calendar_id.to_owned();
        let event_id = event_id.to_owned();
        Box::pin(async move {
            let item = self.queue_action(&calendar_id, &event_id, action)?;
            let report = self.flush_outbox().await;
            if report.applied + report.failed > 0 {
                // Show the result (or what someone else changed) from Google.
                let _ = self.sync_now().await;
            }
            let after = self.store.outbox_item(item.seq)?;
            let reason = |row: &rdv_store::OutboxRow| row.error.as_deref().map(read_stored);
            let (state, message) = match after {
                None => (ActionState::Applied, None),
                Some(row) if row.state == OutboxState::Failed => {
                    (ActionState::Failed, reason(&row))
                }
                Some(row) => (
                    ActionState::Queued,
                    Some(match reason(&row) {
                        Some(why) if report.site_waiting => Text::new(
                            format!("{} L'annulation est en attente et sera réessayée.", why.fr),
                            format!(
                                "{} The cancellation is waiting and will be tried again.",
                                why.en
                            ),
                        ),
                        _ if report.offline => Text::new(
                            "Hors ligne : la modification est en attente et sera envoyée à Google dès le retour de la connexion.",
                            "Offline: the change is waiting and will be sent to Google as soon as the connection is back.",
                        ),
                        _ => Text::new(
                            "En attente derrière d'autres modifications.",
                            "Waiting behind other changes.",
                        ),
                    }),
                ),
            };
            let language = self.language();
            let message = message.map(|m| m.get(language).to_owned());
            let item =
                self.outbox_item_view(&self.store.outbox_item(item.seq)?.unwrap_or(item), language);
            Ok(ActionOutcome {
                state,
                message,
                item,
            })
        })
    }

    /// The moved booking, its new start, and the calendar's zone.
    pub(crate) fn move_target(
        &self,
        calendar_id: &str,
        event_id: &str,
        brief: &EventBrief,
        start: &str,
    ) -> Result<(MovedBooking, DateTime<Utc>, Tz), AppError> {
        let start = DateTime::parse_from_rfc3339(start)
            .map_err(|_| {
                AppError::invalid(
                    format!("heure invalide « {start} »"),
                    format!("invalid time “{start}”"),
                )
            })?
            .with_timezone(&Utc);
        let Some(booking) = moved_booking(event_id, brief)? else {
            return Err(AppError::invalid(
                "Un rendez-vous sur la journée entière ne se déplace pas ici.",
                "An all-day appointment is not moved here.",
            ));
        };
        let tz = self.calendar_zone(calendar_id, brief);
        Ok((booking, start, tz))
    }

    fn calendar_zone(&self, calendar_id: &str, brief: &EventBrief) -> Tz {
        brief
            .time_zone
            .as_deref()
            .and_then(|z| z.parse().ok())
            .or_else(|| self.calendar_row(calendar_id).ok()?.time_zone.parse().ok())
            .unwrap_or(chrono_tz::Europe::Paris)
    }

    /// Refuses a move to a time that is not a free slot of the booking's type (the rule:
    /// [`moves::check_move`]), with a message whose times are in the calendar's zone `tz`.
    pub(crate) fn check_free(
        &self,
        calendar_id: &str,
        booking: &MovedBooking,
        start: DateTime<Utc>,
        tz: Tz,
    ) -> Result<(), AppError> {
        let (from, to) = moves::check_window(booking, start);
        let around = occurrences_of(calendar_id, self.store.agenda(from, to)?);
        moves::check_move(&around, booking, start, self.now_utc())
            .map_err(|refusal| AppError::SlotUnavailable(refusal_message(refusal, tz)))
    }

    /// The free slots of booking `event_id`'s type on the local day `day` (`YYYY-MM-DD`), for
    /// *Déplacer* : starts (RFC 3339 with offset) on that day inside published availability for
    /// the type, stepping by the booking's duration (at least five minutes), not overlapping
    /// other events, not past (the rule: [`moves::move_options`]). A booking whose end is not
    /// after its start in Google is refused with a message saying so: there is no length to
    /// step by.
    pub fn move_options(
        &self,
        calendar_id: &str,
        event_id: &str,
        day: chrono::NaiveDate,
    ) -> Result<Vec<String>, AppError> {
        let brief = self
            .store
            .event_brief(calendar_id, event_id)?
            .filter(|b| b.kind == EventKind::Booking)
            .ok_or_else(|| {
                AppError::invalid("Rendez-vous introuvable.", "Appointment not found.")
            })?;
        let Some(booking) = moved_booking(event_id, &brief)? else {
            return Ok(Vec::new());
        };
        let tz = self.calendar_zone(calendar_id, &brief);
        let (from, to) = moves::options_window(&booking, day, tz);
        let around = occurrences_of(calendar_id, self.store.agenda(from, to)?);
        Ok(
            moves::move_options(&around, &booking, day, tz, self.now_utc())
                .into_iter()
                .map(|t| {
                    t.with_timezone(&tz)
                        .to_rfc3339_opts(SecondsFormat::Secs, false)
                })
                .collect(),
        )
    }

    /// Appointments from now on (marked bookings, and the calendars' own events where they
    /// count: [`rdv_store::Store::bookings_ending_after`]); with a `query` (name, phone or
    /// email; the title of an event of the calendar's own), the past ones within the retention
    /// period too (a patient's earlier visits; older ones are anonymised), by start.
    pub fn upcoming_bookings(&self, query: Option<&str>) -> Result<Vec<Booking>, AppError> {
        self.ensure_unlocked()?;
        let now: DateTime<Utc> = self.clock.now().into();
        let searching = query.is_some_and(|q| !q.trim().is_empty());
        let after = if searching {
            self.history_since()?
        } else {
            now
        };
        let mut rows = self
            .store
            .bookings_ending_after(after, query, BOOKINGS_LIMIT)?;
        // Bookings made here and still waiting for Google (offline): shown as pending.
        let pending: Vec<OccurrenceRow> = self
            .pending_creates()?
            .into_iter()
            .filter(|o| o.end > now && query.is_none_or(|q| rdv_store::matches_query(o, q)))
            .collect();
        let waiting: Vec<(String, String)> = pending
            .iter()
            .map(|o| (o.calendar_id.clone(), o.id.clone()))
            .collect();
        rows.extend(pending);
        rows.sort_by_key(|o| o.start);
        Ok(self
            .booking_views(rows)?
            .into_iter()
            .map(|b| {
                let key = (b.calendar_id.clone(), b.id.clone());
                if waiting.contains(&key) {
                    as_pending(b)
                } else {
                    b
                }
            })
            .collect())
    }

    /// Cached bookings as the views show them (one read of the roles and of the no-shows).
    pub(crate) fn booking_views(&self, rows: Vec<OccurrenceRow>) -> Result<Vec<Booking>, AppError> {
        let zones = self.zones()?;
        let me = self.account_email();
        let no_shows = NoShows::load(self)?;
        Ok(rows
            .into_iter()
            .map(|o| booking_view(self, &zones, me.as_deref(), &no_shows, o))
            .collect())
    }

    /// One appointment (past ones too; a marked booking or an event of the calendar's own that
    /// counts as one), for its details from the Agenda — a booking made here and still waiting
    /// for Google too (`pending`); `None` when it is no longer cached (cancelled, or outside the
    /// synced window) or is not an appointment.
    pub fn booking_details(
        &self,
        calendar_id: &str,
        id: &str,
    ) -> Result<Option<Booking>, AppError> {
        self.ensure_unlocked()?;
        if let Some(o) = self
            .store
            .occurrence(calendar_id, id)?
            .filter(|o| o.appointment.is_some())
        {
            return Ok(self.booking_views(vec![o])?.pop());
        }
        let Some(o) = self
            .pending_creates()?
            .into_iter()
            .find(|o| o.calendar_id == calendar_id && o.id == id)
        else {
            return Ok(None);
        };
        Ok(self.booking_views(vec![o])?.pop().map(as_pending))
    }
}

/// A booking made here and still waiting in the outbox: not in Google yet, so nothing can be
/// done to it until it is written.
fn as_pending(mut b: Booking) -> Booking {
    b.pending = true;
    b.can_edit = false;
    b.can_complete = false;
    b
}

/// Whether *Compléter* may turn occurrence `o` into a marked booking: an event of the
/// calendar's own that counts as an appointment, a single event (an occurrence of a recurring
/// series typed in Google would give every occurrence one patient), and a role that may act on
/// bookings — the check [`App::queue_action`] makes for the `complete` action.
pub(crate) fn may_complete(o: &OccurrenceRow, role: Role) -> bool {
    o.appointment == Some(AppointmentOrigin::Google)
        && o.id == o.event_id
        && may_act_on_bookings(role).is_ok()
}

/// Booking `o` as the views show it; `me` is the linked account (to say who edited it),
/// `no_shows` the retention period's no-shows (to count its patient's).
fn booking_view(
    app: &App,
    zones: &Zones,
    me: Option<&str>,
    no_shows: &NoShows,
    o: OccurrenceRow,
) -> Booking {
    let (start, end) = zones.stamps(&o);
    let site = app.site_info(&o.event_id);
    let role = zones.role(&o.calendar_id);
    let origin = o.appointment.unwrap_or(AppointmentOrigin::Marked);
    let patient_no_shows = no_shows.of(&o);
    Booking {
        no_shows: patient_no_shows,
        repeated_no_shows: rdv_core::history::is_repeated(patient_no_shows),
        can_edit: origin == AppointmentOrigin::Marked && may_act_on_bookings(role).is_ok(),
        can_complete: may_complete(&o, role),
        origin,
        start,
        end,
        title: o.summary.clone().unwrap_or_default(),
        id: o.id,
        event_id: o.event_id,
        calendar_id: o.calendar_id,
        calendar_name: o.calendar_name,
        appointment_type: o.appointment_type,
        patient: Patient::new(o.first_name, o.last_name, o.phone, o.email),
        source: o.source,
        booked_at: o.booked_at,
        attendance: match o.marks.attendance.as_deref() {
            Some("absent") => Some(crate::ipc::Attendance::Absent),
            Some("excused") => Some(crate::ipc::Attendance::Excused),
            _ => None,
        },
        note: o.marks.note,
        edited_by_you: o
            .marks
            .actor
            .as_deref()
            .is_some_and(|actor| crate::sharing::is_the_account(actor, me)),
        edited_by: o.marks.actor,
        edited_at: o.marks.action_at,
        site,
        span_issue: o.span_issue,
        pending: false,
    }
}
