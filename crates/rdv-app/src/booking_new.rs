//! *Nouveau rendez-vous*: taking an appointment in the app, for the practitioner and for a
//! secretary on a shared agenda — the agendas and types one may book, the free slots of a type
//! (the rule: [`rdv_core::booking`]), the draft checked field by field, the booking written
//! through the outbox, and a series of weekly bookings checked before anything is written.
//!
//! The write path: the draft is checked against the cache (role, published availability, busy
//! time, the four patient fields), the booking event is built once by the core with an id derived
//! from its outbox operation, and queued as a `create`. The outbox then makes **one** check
//! against Google (`freeBusy` on the calendar for the slot) and **one** insert with that id
//! ([`App::send_create`]): a slot taken meanwhile writes nothing and the user gets the next
//! free slots; a lost answer is recognised by the id (a `409`, or the event read back with our
//! `rdv.op`), so a retry never duplicates the booking. Offline, the booking waits in the
//! outbox and the views show it as pending ([`App::pending_creates`]).

use crate::availability::from_json;
use crate::bookings::occurrences_of;
use crate::ipc::{
    BookingCalendar, BookingSlots, BookingType, DraftProblem, FreeSlot, NewBookingDraft,
    NewBookingOutcome, NewBookingState, SeriesOccurrence, SeriesOutcome, SeriesPlan,
};
use crate::outbox::{new_op_id, read_stored, stamp};
use crate::{App, AppError};
use chrono::{DateTime, NaiveDate, SecondsFormat, TimeDelta, Utc};
use chrono_tz::Tz;
use rdv_core::Text;
use rdv_core::availability::moves::Occurrence;
use rdv_core::availability::{Action, AppointmentType, PracticeConfig, ensure, zone};
use rdv_core::booking::{
    self, Field, FieldProblem, NewBooking, NewPatient, SlotProblem, check_note, check_patient,
};
use rdv_core::conventions::{EventKind, Markers};
use rdv_core::google::Event;
use rdv_store::{OccurrenceRow, OutboxRow, OutboxState};

/// How many next free slots are offered.
const NEXT_SLOTS: usize = 8;

/// The outbox action of a booking created in the app.
pub(crate) const CREATE: &str = "create";

/// An instant in the calendar's zone, RFC 3339 with its offset.
fn local(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

fn free_slot(s: &rdv_core::availability::Slot, tz: Tz) -> FreeSlot {
    FreeSlot {
        start: local(s.start, tz),
        end: local(s.end, tz),
    }
}

/// A draft that passed every check: what the booking is made of.
struct Ready {
    calendar_id: String,
    tz: Tz,
    config: PracticeConfig,
    appointment_type: AppointmentType,
    start: DateTime<Utc>,
    patient: NewPatient,
    note: Option<String>,
    source: rdv_core::booking::Source,
}

/// A draft's problems (with whether *forcer* would clear each), or what it is made of.
struct Checked {
    problems: Vec<(FieldProblem, bool)>,
    ready: Option<Ready>,
}

impl App {
    /// The published configuration of `calendar_id` as this installation last read it.
    fn published_config(&self, calendar_id: &str) -> Result<Option<PracticeConfig>, AppError> {
        self.store
            .availability(calendar_id)?
            .and_then(|row| row.published)
            .map(|json| from_json(&json))
            .transpose()
    }

    /// The published configuration, read from Google first when this installation has none
    /// yet (a secretary who never opened *Disponibilités*); the copy held when Google cannot
    /// be reached.
    async fn published_config_fresh(
        &self,
        calendar_id: &str,
    ) -> Result<Option<PracticeConfig>, AppError> {
        if let Some(config) = self.published_config(calendar_id)? {
            return Ok(Some(config));
        }
        if let Err(e) = self.read_published(calendar_id).await {
            tracing::info!(error = %e, "published configuration not read for a booking");
        }
        self.published_config(calendar_id)
    }

    /// The calendar and its zone, when the account may book there (owner or *Secrétaire*: a
    /// reader is refused here, whatever the UI shows) and it is shown in the app (its events are
    /// cached, so its busy time is known).
    fn bookable(&self, calendar_id: &str) -> Result<(rdv_store::CalendarRow, Tz), AppError> {
        let row = self.calendar_row(calendar_id)?;
        ensure(
            crate::availability::role_of(&row.access_role),
            Action::CreateBooking,
        )?;
        if !row.selected {
            return Err(AppError::invalid(
                "Affichez d'abord cet agenda (cochez-le dans Agendas) pour y prendre rendez-vous.",
                "Show this calendar first (tick it in Calendars) to book on it.",
            ));
        }
        let tz = row.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris);
        Ok((row, tz))
    }

    /// The calendar's occurrences over `[from, to)` as the slot rule takes them, with the
    /// bookings still waiting in the outbox (so two bookings made offline never share a slot).
    fn around(
        &self,
        calendar_id: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Occurrence>, AppError> {
        let mut rows = self.store.agenda(from, to)?;
        rows.extend(
            self.pending_creates()?
                .into_iter()
                .filter(|o| o.start < to && o.end > from),
        );
        Ok(occurrences_of(calendar_id, rows))
    }

    /// The agendas the account may book on, with the appointment types of their published
    /// configuration (read from Google for a calendar this installation never read it for).
    pub fn booking_calendars(&self) -> crate::Task<'_, Result<Vec<BookingCalendar>, AppError>> {
        Box::pin(async move {
            self.ensure_unlocked()?;
            let mut out = Vec::new();
            for row in self.store.calendars()? {
                if !row.selected
                    || ensure(
                        crate::availability::role_of(&row.access_role),
                        Action::CreateBooking,
                    )
                    .is_err()
                {
                    continue;
                }
                let types = self
                    .published_config_fresh(&row.id)
                    .await?
                    .map(|c| {
                        c.appointment_types
                            .iter()
                            .map(|t| BookingType {
                                id: t.id.clone(),
                                name: t.name.clone(),
                                duration_minutes: t.duration_minutes,
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                out.push(BookingCalendar {
                    id: row.id,
                    name: row.summary,
                    time_zone: row.time_zone,
                    primary: row.primary,
                    types,
                });
            }
            Ok(out)
        })
    }

    /// The free slots of `type_id` on `calendar_id`: the next ones from `day` and every one of
    /// `day` (the rule: [`booking::free_slots`]).
    pub fn booking_slots<'a>(
        &'a self,
        calendar_id: &'a str,
        type_id: &'a str,
        day: NaiveDate,
    ) -> crate::Task<'a, Result<BookingSlots, AppError>> {
        Box::pin(async move {
            self.ensure_unlocked()?;
            let (_, tz) = self.bookable(calendar_id)?;
            let Some(config) = self.published_config_fresh(calendar_id).await? else {
                return Ok(BookingSlots {
                    next: Vec::new(),
                    day: Vec::new(),
                });
            };
            let (next, day_slots) = self.slots_from(&config, calendar_id, type_id, day, tz)?;
            Ok(BookingSlots {
                next,
                day: day_slots,
            })
        })
    }

    /// The next free slots from `day` and those of `day`.
    fn slots_from(
        &self,
        config: &PracticeConfig,
        calendar_id: &str,
        type_id: &str,
        day: NaiveDate,
        tz: Tz,
    ) -> Result<(Vec<FreeSlot>, Vec<FreeSlot>), AppError> {
        let (from, to) = booking::window(day, day + TimeDelta::days(booking::SEARCH_DAYS), tz);
        let around = self.around(calendar_id, from, to)?;
        let now = self.now_utc();
        let slot_error = |e: rdv_core::availability::SlotError| AppError::InvalidInput(e.text());
        let next = booking::next_free_slots(config, &around, type_id, day, now, NEXT_SLOTS)
            .map_err(slot_error)?;
        let of_day =
            booking::free_slots(config, &around, type_id, day, day + TimeDelta::days(1), now)
                .map_err(slot_error)?;
        Ok((
            next.iter().map(|s| free_slot(s, tz)).collect(),
            of_day.iter().map(|s| free_slot(s, tz)).collect(),
        ))
    }

    /// Checks `draft` field by field with the core's rules (see the module doc).
    async fn check_draft(&self, draft: &NewBookingDraft) -> Result<Checked, AppError> {
        self.ensure_unlocked()?;
        let (row, tz) = self.bookable(&draft.calendar_id)?;
        let mut problems: Vec<(FieldProblem, bool)> = Vec::new();
        let problem = |field, fr: &str, en: &str| {
            (
                FieldProblem {
                    field,
                    text: Text::new(fr, en),
                },
                false,
            )
        };
        let config = self.published_config_fresh(&row.id).await?;
        let appointment_type = match &config {
            None => {
                problems.push(problem(
                    Field::AppointmentType,
                    "Aucun motif n'est publié sur cet agenda : publiez d'abord ses disponibilités.",
                    "No appointment type is published on this calendar: publish its availability first.",
                ));
                None
            }
            Some(c) => {
                let t = c.appointment_type(&draft.type_id).cloned();
                if t.is_none() {
                    problems.push(problem(
                        Field::AppointmentType,
                        "Choisissez un motif.",
                        "Choose an appointment type.",
                    ));
                }
                t
            }
        };
        let start = DateTime::parse_from_rfc3339(draft.start.trim())
            .ok()
            .map(|t| t.with_timezone(&Utc));
        if start.is_none() {
            problems.push(problem(
                Field::Start,
                "Choisissez un créneau.",
                "Choose a slot.",
            ));
        }
        if let (Some(c), Some(t), Some(start)) = (&config, &appointment_type, start) {
            let day = zone::local_date(tz, start);
            let (from, to) = booking::window(day, day + TimeDelta::days(1), tz);
            let around = self.around(&row.id, from, to)?;
            if let Err(p) = booking::check_slot(c, &around, t, start, self.now_utc())
                && !(p.forcible() && draft.force)
            {
                problems.push((
                    FieldProblem {
                        field: Field::Start,
                        text: p.text(start, tz),
                    },
                    p.forcible(),
                ));
            }
        }
        let patient = match check_patient(
            &draft.last_name,
            &draft.first_name,
            &draft.phone,
            &draft.email,
        ) {
            Ok(p) => Some(p),
            Err(list) => {
                problems.extend(list.into_iter().map(|p| (p, false)));
                None
            }
        };
        let note = match check_note(&draft.note) {
            Ok(n) => n,
            Err(p) => {
                problems.push((p, false));
                None
            }
        };
        let ready = match (config, appointment_type, start, patient) {
            (Some(config), Some(appointment_type), Some(start), Some(patient))
                if problems.is_empty() =>
            {
                Some(Ready {
                    calendar_id: row.id,
                    tz,
                    config,
                    appointment_type,
                    start,
                    patient,
                    note,
                    source: draft.source,
                })
            }
            _ => None,
        };
        Ok(Checked { problems, ready })
    }

    /// What is wrong with `draft`, field by field, in the user's language (the form asks as
    /// the user types; nothing is re-checked in the UI). A reader is refused.
    pub fn check_new_booking<'a>(
        &'a self,
        draft: &'a NewBookingDraft,
    ) -> crate::Task<'a, Result<Vec<DraftProblem>, AppError>> {
        Box::pin(async move {
            let language = self.language();
            Ok(self
                .check_draft(draft)
                .await?
                .problems
                .into_iter()
                .map(|(p, forcible)| DraftProblem {
                    field: p.field,
                    message: p.text.get(language).to_owned(),
                    forcible,
                })
                .collect())
        })
    }

    /// The draft ready to book, or the error of its first problem: a start that is not a free
    /// slot gives `slotUnavailable`, anything else `invalidInput`.
    async fn ready(&self, draft: &NewBookingDraft) -> Result<Ready, AppError> {
        let checked = self.check_draft(draft).await?;
        if let Some((p, _)) = checked
            .problems
            .iter()
            .find(|(p, _)| p.field == Field::Start)
        {
            return Err(AppError::SlotUnavailable(p.text.clone()));
        }
        if let Some((p, _)) = checked.problems.into_iter().next() {
            return Err(AppError::InvalidInput(p.text));
        }
        checked
            .ready
            .ok_or_else(|| AppError::internal("a draft without problems was not ready"))
    }

    /// Queues the booking of `ready` at `start` as an outbox `create` (the event built by the
    /// core, its id derived from the operation's).
    fn queue_create(&self, ready: &Ready, start: DateTime<Utc>) -> Result<OutboxRow, AppError> {
        let now = self.now_utc();
        let actor = self.account_email().unwrap_or_default();
        let op_id = new_op_id();
        let event_id = booking::booking_event_id(&ready.calendar_id, &op_id);
        let event = booking::booking_event(&NewBooking {
            tz: ready.tz,
            appointment_type: &ready.appointment_type,
            start,
            patient: &ready.patient,
            note: ready.note.as_deref(),
            source: ready.source,
            actor: &actor,
            booked_at: now,
            op_id: &op_id,
            event_id: &event_id,
        });
        let payload = serde_json::to_string(&event).map_err(AppError::internal)?;
        let row = self.store.outbox_push(
            &op_id,
            &ready.calendar_id,
            &event_id,
            CREATE,
            &payload,
            None,
            &stamp(now),
        )?;
        tracing::info!("new booking queued");
        Ok(row)
    }

    /// What became of the queued booking `row` after a pass of the outbox; a booking Google
    /// showed taken is removed from the outbox (nothing was written) and comes with the next
    /// free slots.
    async fn create_outcome(
        &self,
        ready: &Ready,
        row: &OutboxRow,
        start: DateTime<Utc>,
        report: crate::outbox::FlushReport,
    ) -> Result<NewBookingOutcome, AppError> {
        let language = self.language();
        let after = self.store.outbox_item(row.seq)?;
        let mut outcome = NewBookingOutcome {
            state: NewBookingState::Applied,
            message: None,
            event_id: Some(row.event_id.clone()),
            start: local(start, ready.tz),
            next_slots: Vec::new(),
        };
        match after {
            None => {}
            Some(after) if after.state == OutboxState::Failed => {
                let why = after
                    .error
                    .as_deref()
                    .map(read_stored)
                    .unwrap_or_else(|| Text::new("Refusé par Google.", "Refused by Google."));
                if report.last_taken != Some(row.seq) {
                    // Refused for another reason (access changed…): kept in the outbox.
                    return Err(AppError::NotAllowed(why));
                }
                self.store.outbox_done(row.seq, None)?;
                self.sink.outbox_changed();
                // The cache learns who took it, so the next slots leave it out.
                let _ = self.sync_now().await;
                let day = zone::local_date(ready.tz, start);
                let (next, _) = self.slots_from(
                    &ready.config,
                    &ready.calendar_id,
                    &ready.appointment_type.id,
                    day,
                    ready.tz,
                )?;
                outcome.state = NewBookingState::Taken;
                outcome.message = Some(why.get(language).to_owned());
                outcome.event_id = None;
                outcome.next_slots = next;
            }
            Some(after) => {
                outcome.state = NewBookingState::Queued;
                let site_note = after
                    .error
                    .as_deref()
                    .filter(|_| report.site_waiting)
                    .map(read_stored);
                outcome.message = Some(
                    if let Some(note) = site_note {
                        // In Google; the booking site is to be told (SMS, reminder).
                        note
                    } else if report.offline {
                        Text::new(
                            "Hors ligne : le rendez-vous est en attente et sera écrit dans Google \
                             Agenda dès le retour de la connexion.",
                            "Offline: the appointment is waiting and will be written to Google \
                             Calendar as soon as the connection is back.",
                        )
                    } else {
                        Text::new(
                            "En attente derrière d'autres modifications.",
                            "Waiting behind other changes.",
                        )
                    }
                    .get(language)
                    .to_owned(),
                );
            }
        }
        Ok(outcome)
    }

    /// Books `draft`: checked (a start outside the published availability only with `force`,
    /// never a past or taken one), queued, then one check against Google and one insert (see
    /// the module doc). Offline, it waits in the outbox (`queued`); taken meanwhile, nothing
    /// is written (`taken`, with the next free slots).
    pub fn create_booking<'a>(
        &'a self,
        draft: &'a NewBookingDraft,
    ) -> crate::Task<'a, Result<NewBookingOutcome, AppError>> {
        Box::pin(async move {
            let ready = self.ready(draft).await?;
            let row = self.queue_create(&ready, ready.start)?;
            self.sink.outbox_changed();
            let report = self.flush_outbox().await;
            if report.applied > 0 {
                // Show the booking from Google.
                let _ = self.sync_now().await;
            } else {
                self.sink.data_changed();
            }
            self.create_outcome(&ready, &row, ready.start, report).await
        })
    }

    /// The occurrences of a series and why each cannot be booked, before anything is written.
    async fn series(
        &self,
        draft: &NewBookingDraft,
        count: u32,
        every_weeks: u32,
    ) -> Result<(Ready, Vec<(DateTime<Utc>, Option<SlotProblem>)>), AppError> {
        let ready = self.ready(draft).await?;
        let starts = booking::series_starts(ready.start, ready.tz, count, every_weeks)
            .map_err(|p| AppError::InvalidInput(p.text))?;
        let (Some(first), Some(last)) = (starts.first(), starts.last()) else {
            return Ok((ready, Vec::new()));
        };
        let (from, to) = booking::window(
            zone::local_date(ready.tz, *first),
            zone::local_date(ready.tz, *last) + TimeDelta::days(1),
            ready.tz,
        );
        let around = self.around(&ready.calendar_id, from, to)?;
        let now = self.now_utc();
        let items = booking::plan_series(
            &ready.config,
            &around,
            &ready.appointment_type,
            ready.start,
            count,
            every_weeks,
            now,
        )
        .map_err(|p| AppError::InvalidInput(p.text))?
        .into_iter()
        .map(|i| {
            let blocking = i.problem.filter(|p| !(p.forcible() && draft.force));
            (i.start, blocking)
        })
        .collect();
        Ok((ready, items))
    }

    /// A series of `count` bookings every `every_weeks` weeks from `draft`'s start, each
    /// checked (free, inside the published availability, not a holiday or closure — or forced
    /// when `draft.force` allows it): the conflicts, before anything is written.
    pub fn plan_series<'a>(
        &'a self,
        draft: &'a NewBookingDraft,
        count: u32,
        every_weeks: u32,
    ) -> crate::Task<'a, Result<SeriesPlan, AppError>> {
        Box::pin(async move {
            let language = self.language();
            let (ready, items) = self.series(draft, count, every_weeks).await?;
            let length = ready.appointment_type.duration();
            let occurrences: Vec<SeriesOccurrence> = items
                .iter()
                .map(|(start, problem)| SeriesOccurrence {
                    start: local(*start, ready.tz),
                    end: local(*start + length, ready.tz),
                    problem: problem.map(|p| p.text(*start, ready.tz).get(language).to_owned()),
                })
                .collect();
            let conflicts = occurrences.iter().filter(|o| o.problem.is_some()).count();
            Ok(SeriesPlan {
                occurrences,
                conflicts: u32::try_from(conflicts).unwrap_or(u32::MAX),
            })
        })
    }

    /// Books the series of [`App::plan_series`] as separate bookings. With conflicts, nothing
    /// is written unless `skip_conflicts` (the user saw them and confirmed): then only the free
    /// occurrences are booked.
    pub fn create_series<'a>(
        &'a self,
        draft: &'a NewBookingDraft,
        count: u32,
        every_weeks: u32,
        skip_conflicts: bool,
    ) -> crate::Task<'a, Result<SeriesOutcome, AppError>> {
        Box::pin(async move {
            let (ready, items) = self.series(draft, count, every_weeks).await?;
            let conflicts: Vec<Text> = items
                .iter()
                .filter_map(|(start, p)| p.map(|p| p.text(*start, ready.tz)))
                .collect();
            if !conflicts.is_empty() && !skip_conflicts {
                let (fr, en): (Vec<String>, Vec<String>) =
                    conflicts.into_iter().map(|t| (t.fr, t.en)).unzip();
                let (fr_head, en_head) = match fr.len() {
                    1 => (
                        "1 rendez-vous de la série n'est pas libre".to_owned(),
                        "1 appointment of the series is not free".to_owned(),
                    ),
                    n => (
                        format!("{n} rendez-vous de la série ne sont pas libres"),
                        format!("{n} appointments of the series are not free"),
                    ),
                };
                return Err(AppError::SlotUnavailable(Text::new(
                    format!("{fr_head} ; rien n'est écrit. {}", fr.join(" ")),
                    format!("{en_head}; nothing is written. {}", en.join(" ")),
                )));
            }
            let mut queued = Vec::new();
            for (start, problem) in &items {
                if problem.is_none() {
                    queued.push((*start, self.queue_create(&ready, *start)?));
                }
            }
            self.sink.outbox_changed();
            let report = self.flush_outbox().await;
            if report.applied > 0 {
                let _ = self.sync_now().await;
            } else {
                self.sink.data_changed();
            }
            let mut bookings = Vec::new();
            for (start, row) in &queued {
                bookings.push(self.create_outcome(&ready, row, *start, report).await?);
            }
            Ok(SeriesOutcome {
                bookings,
                skipped: u32::try_from(items.len() - queued.len()).unwrap_or(u32::MAX),
            })
        })
    }

    /// The bookings created here and still waiting in the outbox (offline), as the cache's rows
    /// would hold them once written: the views show them as pending.
    pub(crate) fn pending_creates(&self) -> Result<Vec<OccurrenceRow>, AppError> {
        let names: std::collections::HashMap<String, String> = self
            .store
            .calendars()?
            .into_iter()
            .map(|c| (c.id, c.summary))
            .collect();
        Ok(self
            .store
            .outbox()?
            .into_iter()
            .filter(|r| r.action == CREATE && r.state == OutboxState::Pending)
            .filter_map(|r| {
                let event: Event = serde_json::from_str(&r.payload).ok()?;
                pending_row(&r, &event, names.get(&r.calendar_id)?)
            })
            .collect())
    }
}

/// A queued booking `event` as a cache row.
fn pending_row(r: &OutboxRow, event: &Event, calendar_name: &str) -> Option<OccurrenceRow> {
    let at = |t: Option<&rdv_core::google::EventDateTime>| {
        t.and_then(|t| t.date_time).map(|t| t.with_timezone(&Utc))
    };
    let (start, end) = (at(event.start.as_ref())?, at(event.end.as_ref())?);
    let private: std::collections::BTreeMap<String, String> = event
        .extended_properties
        .as_ref()
        .and_then(|p| p.private.as_ref())
        .map(|m| {
            m.iter()
                .map(|(k, v)| (k.clone(), v.expose().clone()))
                .collect()
        })
        .unwrap_or_default();
    let m = Markers::read(Some(&private));
    Some(OccurrenceRow {
        id: r.event_id.clone(),
        event_id: r.event_id.clone(),
        calendar_id: r.calendar_id.clone(),
        calendar_name: calendar_name.to_owned(),
        start,
        end,
        all_day: false,
        kind: EventKind::Booking,
        summary: event.summary.as_ref().map(|s| s.expose().clone()),
        transparent: false,
        appointment_type: m.appointment_type,
        source: m.source,
        booked_at: m.booked_at,
        first_name: m.patient.first_name.expose().clone(),
        last_name: m.patient.last_name.expose().clone(),
        phone: m.patient.phone.expose().clone(),
        email: m.patient.email.expose().clone(),
        etag: None,
        marks: m.marks,
        span_issue: None,
        appointment: Some(rdv_core::appointments::AppointmentOrigin::Marked),
    })
}
