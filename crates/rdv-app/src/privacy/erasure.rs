//! Erasure requests (PRODUCT.md art. 8.2): a person's bookings found by email or phone — however
//! they were typed ([`Person::matches`], one matcher for the cache and Google) — in every event
//! of every calendar the account may write to (all pages, no time window, series masters and
//! their exceptions: Google's `privateExtendedProperty` filter is exact, so it cannot be used),
//! on the booking site (its own erasure endpoint) and in the local cache.
//!
//! An erasure is recorded as pending (`rdv-store`'s `erasures`) before anything is erased, with
//! one part per calendar, the site and the cache. The parts run in that order, each recorded as
//! done, skipped (no right to change that calendar, the site unlinked — with why) or left
//! pending with its error; what a part finds is recorded before it is changed, so counts stay
//! exact across tries. The cache part waits until no calendar part is pending (a sync would
//! otherwise bring the data back from Google). A pending erasure is resumed after each
//! successful sync of the poller ([`App::resume_erasures`]), so a crash or an error only delays
//! it; the report says which part was reached and which was not, and why.

use super::{all_events, anonymising_patch, stamp};
use crate::ipc::{ErasureMatch, ErasurePart, ErasurePlace, ErasureReport, ErasureStep};
use crate::{App, AppError};
use chrono::{DateTime, Utc};
use rdv_core::Sensitive;
use rdv_core::conventions::{EMAIL_KEY, PHONE_KEY, TYPE_KEY};
use rdv_core::person::Person;
use rdv_google::calendar::{CalendarClient, CalendarError, Event, ListEvents};
use rdv_store::{
    ErasurePartKind, ErasurePartRow, ErasurePartState, ErasureRow, NewErasurePart, OutboxWaiting,
};

/// How the report names the local cache.
const CACHE_LABEL: &str = "Copie locale de l'application";

/// What became of a part that did not fail.
enum Outcome {
    /// Everything found was erased.
    Done,
    /// It cannot be done from here, for this reason.
    Skipped(String),
}

fn person(email: Option<&str>, phone: Option<&str>) -> Result<Person, AppError> {
    Person::new(email, phone).map_err(|e| AppError::InvalidInput(e.0))
}

/// Whether the account may change events of a calendar with this access role.
fn writable(access_role: &str) -> bool {
    matches!(access_role, "owner" | "writer")
}

/// Whether `e` is a live event carrying the person's email or phone.
fn is_theirs(e: &Event, person: &Person) -> bool {
    let value = |key| e.private_property(key).map(|v| v.expose().as_str());
    !e.is_cancelled() && person.matches(value(EMAIL_KEY), value(PHONE_KEY))
}

/// The person's events among every event of the calendar: all pages, no time window,
/// `singleEvents=false` (a series master and its modified instances each carry their own
/// properties), matched in Rust.
async fn scan_calendar(
    client: &CalendarClient,
    token: &Sensitive<String>,
    calendar_id: &str,
    person: &Person,
) -> Result<Vec<Event>, AppError> {
    Ok(
        all_events(client, token, calendar_id, ListEvents::default())
            .await?
            .into_iter()
            .filter(|e| is_theirs(e, person))
            .collect(),
    )
}

/// Whether a failed part is retried (pending) or cannot be done from here (skipped), and why,
/// in French for the report.
fn not_done(e: &AppError) -> (ErasurePartState, String) {
    match e {
        AppError::Calendar(CalendarError::Forbidden { reason, .. })
            if !reason.contains("imit") && !reason.contains("uota") =>
        {
            (
                ErasurePartState::Skipped,
                "ce compte n'a pas le droit de modifier cet agenda : son propriétaire doit \
                 effacer ces rendez-vous"
                    .into(),
            )
        }
        AppError::Calendar(CalendarError::NotFound | CalendarError::Deleted) => (
            ErasurePartState::Skipped,
            "agenda introuvable : supprimé, ou plus partagé avec ce compte".into(),
        ),
        e if e.is_offline() => (
            ErasurePartState::Pending,
            "injoignable (pas de connexion) : l'effacement reprendra à la prochaine \
             synchronisation"
                .into(),
        ),
        AppError::ReconnectNeeded | AppError::NoAccount => (
            ErasurePartState::Pending,
            "le compte Google doit être reconnecté : l'effacement reprendra ensuite".into(),
        ),
        other => (
            ErasurePartState::Pending,
            format!("erreur ({other}) : l'effacement reprendra à la prochaine synchronisation"),
        ),
    }
}

fn when(stamp: &str) -> String {
    DateTime::parse_from_rfc3339(stamp).map_or_else(
        |_| stamp.to_owned(),
        |t| {
            t.with_timezone(&Utc)
                .format("%d/%m/%Y à %H:%M UTC")
                .to_string()
        },
    )
}

/// The report of an erasure as recorded: its parts, its counts and the text to send back.
fn report_of(row: &ErasureRow) -> ErasureReport {
    let complete = row
        .parts
        .iter()
        .all(|p| p.state != ErasurePartState::Pending);
    let done = |p: &&ErasurePartRow| p.state == ErasurePartState::Done;
    let count = |kind| -> u32 {
        row.parts
            .iter()
            .filter(|p| p.kind == kind)
            .filter(done)
            .map(|p| p.found)
            .sum()
    };
    let has_site = row.parts.iter().any(|p| p.kind == ErasurePartKind::Site);
    let erased_at = row
        .finished_at
        .clone()
        .unwrap_or_else(|| row.requested_at.clone());
    let mut text = if complete {
        format!(
            "Suite à votre demande, vos données personnelles (nom, prénom, téléphone, adresse \
             e-mail) ont été effacées le {} :\n",
            when(&erased_at)
        )
    } else {
        format!(
            "Effacement commencé le {} et pas encore terminé (il reprend à la prochaine \
             synchronisation) : ce compte rendu n'est pas encore à envoyer.\n",
            when(&row.requested_at)
        )
    };
    for p in &row.parts {
        let line = match (p.kind, p.state) {
            (ErasurePartKind::Calendar, ErasurePartState::Done) => format!(
                "{} rendez-vous dans l'agenda « {} » (le créneau horaire est conservé sans \
                 aucune donnée vous concernant)",
                p.found, p.label
            ),
            (ErasurePartKind::Site, ErasurePartState::Done) => format!(
                "{} réservation(s) sur le site de prise de rendez-vous",
                p.found
            ),
            (ErasurePartKind::Cache, ErasurePartState::Done) => format!(
                "{} enregistrement(s) dans la copie locale de l'application du cabinet",
                p.found
            ),
            (_, state) => {
                let place = match p.kind {
                    ErasurePartKind::Calendar => format!("agenda « {} »", p.label),
                    ErasurePartKind::Site => "site de prise de rendez-vous".to_owned(),
                    ErasurePartKind::Cache => "copie locale de l'application du cabinet".to_owned(),
                };
                let status = if state == ErasurePartState::Skipped {
                    "non effacé"
                } else {
                    "pas encore effacé"
                };
                format!(
                    "{place} : {status} — {}",
                    p.reason.as_deref().unwrap_or("raison inconnue")
                )
            }
        };
        text.push_str(&format!("- {line} ;\n"));
    }
    if !has_site {
        text.push_str(
            "- aucune réservation sur un site de prise de rendez-vous (pas de site lié).\n",
        );
    }
    if complete && row.parts.iter().all(|p| p.state == ErasurePartState::Done) {
        text.push_str(
            "Aucune autre donnée vous concernant n'est conservée par le cabinet dans ces outils.",
        );
    }
    ErasureReport {
        erased_at,
        complete,
        calendar_events: count(ErasurePartKind::Calendar),
        cached_bookings: count(ErasurePartKind::Cache),
        site_records: has_site.then(|| count(ErasurePartKind::Site)),
        parts: row
            .parts
            .iter()
            .map(|p| ErasurePart {
                place: match p.kind {
                    ErasurePartKind::Calendar => ErasurePlace::Calendar,
                    ErasurePartKind::Site => ErasurePlace::Site,
                    ErasurePartKind::Cache => ErasurePlace::Cache,
                },
                label: p.label.clone(),
                step: match p.state {
                    ErasurePartState::Done => ErasureStep::Done,
                    ErasurePartState::Pending => ErasureStep::Pending,
                    ErasurePartState::Skipped => ErasureStep::Skipped,
                },
                count: p.found,
                reason: p.reason.clone(),
            })
            .collect(),
        report: text,
    }
}

impl App {
    /// Every booking of the person with this email and/or phone: in the cache, in every event
    /// of the calendars the account may write to, and on the site (a dry run).
    pub fn find_person(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> crate::Task<'_, Result<Vec<ErasureMatch>, AppError>> {
        let who = person(email, phone);
        Box::pin(async move {
            self.ensure_unlocked()?;
            let person = who?;
            let mut found: Vec<ErasureMatch> = self
                .store
                .bookings_of(&person)?
                .into_iter()
                .map(|h| ErasureMatch {
                    calendar_id: h.calendar_id,
                    event_id: h.event_id,
                    start: h.start,
                    appointment_type: h.appointment_type,
                    in_cache: true,
                    in_calendar: false,
                    in_site: false,
                })
                .collect();
            let calendars: Vec<_> = self
                .store
                .calendars()?
                .into_iter()
                .filter(|c| writable(&c.access_role))
                .collect();
            if !calendars.is_empty() {
                let client = self.calendar_client().await?;
                let token = self.access_token().await?;
                for cal in calendars {
                    for e in scan_calendar(&client, &token, &cal.id, &person).await? {
                        let Some(id) = e.id.clone() else { continue };
                        match found
                            .iter_mut()
                            .find(|m| m.calendar_id == cal.id && m.event_id == id)
                        {
                            Some(m) => m.in_calendar = true,
                            None => found.push(ErasureMatch {
                                calendar_id: cal.id.clone(),
                                event_id: id,
                                start: e
                                    .start
                                    .as_ref()
                                    .and_then(|t| {
                                        t.date_time
                                            .map(|t| stamp(t.with_timezone(&Utc)))
                                            .or_else(|| t.date.map(|d| d.to_string()))
                                    })
                                    .unwrap_or_default(),
                                appointment_type: e
                                    .private_property(TYPE_KEY)
                                    .map(|t| t.expose().clone()),
                                in_cache: false,
                                in_calendar: true,
                                in_site: false,
                            }),
                        }
                    }
                }
            }
            if let Some(ids) = self.site_erasure(&person, false).await? {
                for id in ids {
                    match found.iter_mut().find(|m| m.event_id == id) {
                        Some(m) => m.in_site = true,
                        None => found.push(ErasureMatch {
                            calendar_id: String::new(),
                            event_id: id,
                            start: String::new(),
                            appointment_type: None,
                            in_cache: false,
                            in_calendar: false,
                            in_site: true,
                        }),
                    }
                }
            }
            found.sort_by(|a, b| a.start.cmp(&b.start));
            Ok(found)
        })
    }

    /// Erases the person's data from every writable calendar, the site and the cache, and
    /// returns the report. The erasure is recorded before anything is erased; a part that
    /// fails leaves it pending (see [`ErasureReport::complete`]) and it is resumed at the next
    /// sync.
    pub fn erase_person(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> crate::Task<'_, Result<ErasureReport, AppError>> {
        let who = person(email, phone);
        Box::pin(async move {
            self.ensure_unlocked()?;
            let person = who?;
            let parts = self.plan_erasure(&person)?;
            let id = self
                .store
                .begin_erasure(&stamp(self.now_utc()), &person, &parts)?;
            tracing::info!(
                erasure = id,
                parts = parts.len(),
                "erasure request recorded"
            );
            let report = self.run_erasure(id).await?;
            if report.complete {
                let _ = self.sync_now().await;
            }
            Ok(report)
        })
    }

    /// Resumes the erasures left pending (by an error or a crash); returns their reports.
    /// The poller calls it after each successful sync.
    pub fn resume_erasures(&self) -> crate::Task<'_, Result<Vec<ErasureReport>, AppError>> {
        Box::pin(async move {
            let mut reports = Vec::new();
            for id in self.store.pending_erasures()? {
                tracing::info!(erasure = id, "resuming a pending erasure");
                reports.push(self.run_erasure(id).await?);
            }
            Ok(reports)
        })
    }

    /// The latest erasures' reports, newest first (pending ones included).
    pub fn erasure_reports(&self, limit: usize) -> Result<Vec<ErasureReport>, AppError> {
        let mut out = Vec::new();
        for id in self.store.recent_erasures(limit)? {
            if let Some(row) = self.store.erasure(id)? {
                out.push(report_of(&row));
            }
        }
        Ok(out)
    }

    /// The parts of a new erasure: each calendar the account may write to; a read-only one
    /// where the cache holds the person's bookings, skipped with why; the site when one is
    /// linked; the cache.
    fn plan_erasure(&self, person: &Person) -> Result<Vec<NewErasurePart>, AppError> {
        let cached = self.store.bookings_of(person)?;
        let mut parts = Vec::new();
        for cal in self.store.calendars()? {
            let (state, reason) = if writable(&cal.access_role) {
                (ErasurePartState::Pending, None)
            } else if cached.iter().any(|b| b.calendar_id == cal.id) {
                (
                    ErasurePartState::Skipped,
                    Some(
                        "accès en lecture seule : seul le propriétaire de cet agenda peut \
                         effacer ces rendez-vous"
                            .to_owned(),
                    ),
                )
            } else {
                continue;
            };
            parts.push(NewErasurePart {
                kind: ErasurePartKind::Calendar,
                target: cal.id,
                label: cal.summary,
                state,
                reason,
            });
        }
        if let Some((url, label)) = self.linked_site()? {
            parts.push(NewErasurePart {
                kind: ErasurePartKind::Site,
                target: url,
                label,
                state: ErasurePartState::Pending,
                reason: None,
            });
        }
        parts.push(NewErasurePart {
            kind: ErasurePartKind::Cache,
            target: String::new(),
            label: CACHE_LABEL.to_owned(),
            state: ErasurePartState::Pending,
            reason: None,
        });
        Ok(parts)
    }

    /// Runs the pending parts of erasure `id` (under the sync lock, so no sync interleaves),
    /// finishes it when none is left, and returns its report.
    async fn run_erasure(&self, id: i64) -> Result<ErasureReport, AppError> {
        let _no_sync = self.sync.lock.lock().await;
        let row = self
            .store
            .erasure(id)?
            .ok_or_else(|| AppError::internal(format_args!("erasure {id} is not recorded")))?;
        if row.finished_at.is_none()
            && let Some(person) = row.person()
        {
            self.run_parts(&row, &person).await?;
        }
        let mut row = self
            .store
            .erasure(id)?
            .ok_or_else(|| AppError::internal(format_args!("erasure {id} is not recorded")))?;
        if row.finished_at.is_none()
            && row
                .parts
                .iter()
                .all(|p| p.state != ErasurePartState::Pending)
        {
            self.store.finish_erasure(id, &stamp(self.now_utc()))?;
            self.sink.data_changed();
            row = self
                .store
                .erasure(id)?
                .ok_or_else(|| AppError::internal(format_args!("erasure {id} is not recorded")))?;
        }
        let report = report_of(&row);
        tracing::info!(
            erasure = id,
            complete = report.complete,
            calendar = report.calendar_events,
            cache = report.cached_bookings,
            "erasure request run"
        );
        Ok(report)
    }

    async fn run_parts(&self, row: &ErasureRow, person: &Person) -> Result<(), AppError> {
        let pending = |kind| {
            row.parts
                .iter()
                .filter(move |p| p.kind == kind && p.state == ErasurePartState::Pending)
        };
        let mut calendars_left = false;
        if pending(ErasurePartKind::Calendar).next().is_some() {
            let google = match self.calendar_client().await {
                Ok(client) => self.access_token().await.map(|token| (client, token)),
                Err(e) => Err(e),
            };
            for part in pending(ErasurePartKind::Calendar) {
                let left = match &google {
                    Ok((client, token)) => {
                        let outcome = self
                            .erase_in_calendar(client, token, row.id, part, person)
                            .await;
                        !self.record(row.id, part, outcome).await?
                    }
                    // The account itself cannot be reached: each calendar part says why.
                    Err(e) => {
                        let (state, reason) = not_done(e);
                        self.store
                            .erasure_part_not_done(row.id, part.part, state, &reason)?;
                        state == ErasurePartState::Pending
                    }
                };
                calendars_left |= left;
            }
        }
        for part in pending(ErasurePartKind::Site) {
            let outcome = self.erase_on_site(row.id, part, person).await;
            self.record(row.id, part, outcome).await?;
        }
        for part in pending(ErasurePartKind::Cache) {
            if calendars_left {
                self.store.erasure_part_not_done(
                    row.id,
                    part.part,
                    ErasurePartState::Pending,
                    "attend que les agendas Google soient effacés (la synchronisation y \
                     reprendrait sinon les données)",
                )?;
            } else {
                let waiting = self.waiting_bookings_of(person)?;
                let n = self.store.erase_cached_person(
                    row.id,
                    part.part,
                    person,
                    &waiting,
                    &stamp(self.now_utc()),
                )?;
                if n > 0 {
                    self.sink.data_changed();
                }
            }
        }
        Ok(())
    }

    /// The person's bookings made here and still in the outbox (queued offline, or failed):
    /// matched on the event they would write, as on Google.
    fn waiting_bookings_of(&self, person: &Person) -> Result<Vec<OutboxWaiting>, AppError> {
        Ok(self
            .store
            .outbox()?
            .into_iter()
            .filter(|r| r.action == crate::booking_new::CREATE)
            .filter(|r| {
                serde_json::from_str::<Event>(&r.payload).is_ok_and(|e| is_theirs(&e, person))
            })
            .map(|r| OutboxWaiting {
                seq: r.seq,
                calendar_id: r.calendar_id,
                event_id: r.event_id,
            })
            .collect())
    }

    /// Records how a part went; returns whether it is no longer pending.
    async fn record(
        &self,
        id: i64,
        part: &ErasurePartRow,
        outcome: Result<Outcome, AppError>,
    ) -> Result<bool, AppError> {
        match outcome {
            Ok(Outcome::Done) => {
                self.store
                    .erasure_part_done(id, part.part, &[], &stamp(self.now_utc()))?;
                Ok(true)
            }
            Ok(Outcome::Skipped(reason)) => {
                self.store.erasure_part_not_done(
                    id,
                    part.part,
                    ErasurePartState::Skipped,
                    &reason,
                )?;
                Ok(true)
            }
            Err(AppError::Store(e)) => Err(AppError::Store(e)),
            Err(e) => {
                if matches!(e, AppError::Calendar(CalendarError::Unauthorized)) {
                    self.drop_access_token().await;
                }
                let (state, reason) = not_done(&e);
                tracing::warn!(erasure = id, part = part.part, error = %e, "erasure part not done");
                self.store
                    .erasure_part_not_done(id, part.part, state, &reason)?;
                Ok(state != ErasurePartState::Pending)
            }
        }
    }

    /// A calendar part: the person's events are recorded as found, then anonymised one by one
    /// (an event deleted meanwhile has nothing left to erase).
    async fn erase_in_calendar(
        &self,
        client: &CalendarClient,
        token: &Sensitive<String>,
        id: i64,
        part: &ErasurePartRow,
        person: &Person,
    ) -> Result<Outcome, AppError> {
        let found = scan_calendar(client, token, &part.target, person).await?;
        let ids: Vec<String> = found.iter().filter_map(|e| e.id.clone()).collect();
        self.store.erasure_found(id, part.part, &ids)?;
        for e in &found {
            let Some(event_id) = &e.id else { continue };
            match client
                .patch_event(token, &part.target, event_id, &anonymising_patch(e), None)
                .await
            {
                Ok(_) | Err(CalendarError::NotFound | CalendarError::Deleted) => {}
                Err(err) => return Err(err.into()),
            }
        }
        Ok(Outcome::Done)
    }

    /// The site part: the records the site would erase are recorded as found, then erased.
    async fn erase_on_site(
        &self,
        id: i64,
        part: &ErasurePartRow,
        person: &Person,
    ) -> Result<Outcome, AppError> {
        match self.linked_site()? {
            Some((url, _)) if url == part.target => {}
            Some(_) => {
                return Ok(Outcome::Skipped(
                    "un autre site de réservation est lié depuis la demande".into(),
                ));
            }
            None => {
                return Ok(Outcome::Skipped(
                    "le site de réservation a été délié depuis la demande".into(),
                ));
            }
        }
        let Some(preview) = self.site_erasure(person, false).await? else {
            return Ok(Outcome::Skipped(
                "aucun site de réservation n'est lié".into(),
            ));
        };
        self.store.erasure_found(id, part.part, &preview)?;
        let erased = self.site_erasure(person, true).await?.unwrap_or_default();
        self.store.erasure_found(id, part.part, &erased)?;
        Ok(Outcome::Done)
    }
}
