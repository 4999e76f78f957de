//! The outbox: booking edits queued in SQLite so that an edit made offline reaches Google
//! exactly once — queueing, the flush, retry and discard, and the conflicts Google reports.
//! The actions themselves (what a cancel or a move checks) are in [`crate::bookings`]; a new
//! booking (`create`, queued by [`crate::booking_new`]) is sent as one `freeBusy` check then one
//! insert with its deterministic id ([`App::send_create`]).
//!
//! Every edit is first queued in SQLite (`outbox`), then sent in order as a `PATCH` with the
//! event's ETag (`If-Match`) and two markers in its private properties: the author (`rdv.actor`,
//! `rdv.action`, `rdv.actionAt`) and the operation's id (`rdv.op`). So:
//! - a `412` means the event changed since it was read: if it carries our `rdv.op`, the edit was
//!   applied and only its answer was lost (a retry, a crash) — done; otherwise someone else
//!   changed it: the edit is kept as *failed* with what changed, never forced;
//! - a network failure stops the queue where it is; nothing is dropped or reordered;
//! - a `401` renews the access token once per pass and sends the edit again (as sync does);
//! - a booking the site took is cancelled through the site (which tells the patient) or not at
//!   all: the site unreachable, failing (`5xx`), asking to slow down (`429`) or its answer lost
//!   → the cancellation stays pending with why, and the queue stops as when offline; refused
//!   (`401`, `403`, …) → failed with the reason; a repeat the site finds already done
//!   (`alreadyCancelled`) is applied. Only a booking the site has no record of (`404`) is
//!   cancelled in Google, as the site's contract says;
//! - edits of one event made in a row are chained: each applied edit moves the next one's base
//!   ETag to the event's new one.
//!   An applied edit leaves the outbox and enters the activity log in one transaction.

use crate::ipc::{Attendance, BookingAction, OutboxItem};
use crate::{App, AppError};
use chrono::{DateTime, SecondsFormat, Utc};
use rdv_core::appointments::{CompletedPatient, completed_patient};
use rdv_core::conventions::{
    ACTION_AT_KEY, ACTION_KEY, ACTOR_KEY, ATTENDANCE_KEY, BOOKED_AT_KEY, CANCEL_REASON_KEY,
    EMAIL_KEY, EventKind, FIRST_NAME_KEY, KIND_KEY, LAST_NAME_KEY, NOTE_KEY, NOTE_MAX_CHARS,
    OP_KEY, PHONE_KEY, SOURCE_KEY, TYPE_KEY, VERSION_KEY,
};
use rdv_core::{Language, Sensitive, Text};
use rdv_google::calendar::{CalendarClient, CalendarError, Event, FreeBusyRequest};
use rdv_site::SiteError;
use rdv_store::{Moment, OutboxRow, OutboxState};
use serde_json::{Value, json};

/// What one pass over the outbox did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlushReport {
    /// Edits applied (or recognised as already applied).
    pub applied: u32,
    /// Edits that failed (kept for the user).
    pub failed: u32,
    /// Google could not be reached: the rest waits.
    pub offline: bool,
    /// The booking site could not cancel a booking it took yet (unreachable, failing, asking to
    /// slow down, or its answer was lost): that cancellation and the rest wait.
    pub site_waiting: bool,
    /// The last new booking Google showed taken meanwhile (its outbox `seq`): nothing was
    /// written for it.
    pub last_taken: Option<i64>,
}

/// The markers *Compléter* writes (docs/calendar-conventions.md): a booking of `patient`, of
/// `appointment_type` when known, entered in Google (`rdv.source=google`) and booked when the
/// event was `created`. Nothing but private extended properties.
fn completion_markers(
    patient: &CompletedPatient,
    appointment_type: Option<&str>,
    created: Option<&str>,
) -> Result<Value, AppError> {
    let appointment_type = appointment_type.map(str::trim).filter(|t| !t.is_empty());
    if appointment_type.is_some_and(|t| t.chars().count() > 64 || t.contains(',')) {
        return Err(AppError::invalid(
            "Motif de rendez-vous invalide.",
            "Invalid appointment type.",
        ));
    }
    Ok(json!({
        VERSION_KEY: "1",
        KIND_KEY: "booking",
        SOURCE_KEY: "google",
        TYPE_KEY: appointment_type,
        BOOKED_AT_KEY: created,
        LAST_NAME_KEY: patient.last_name,
        FIRST_NAME_KEY: patient.first_name,
        PHONE_KEY: patient.phone,
        EMAIL_KEY: patient.email,
    }))
}

/// A fresh outbox operation id (`rdv.op`).
pub(crate) fn new_op_id() -> String {
    format!("op{}", rdv_google::calendar::new_event_id())
}

/// An instant as stored in the outbox and the activity log (RFC 3339, seconds, `Z`).
pub(crate) fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// What the outbox screen (and the recovery screen) shows of a queued edit: `cached_start` is
/// its booking's start as cached, if it still is.
pub(crate) fn outbox_item(
    r: &OutboxRow,
    cached_start: Option<String>,
    language: Language,
) -> OutboxItem {
    OutboxItem {
        seq: r.seq,
        calendar_id: r.calendar_id.clone(),
        event_id: r.event_id.clone(),
        action: r.action.clone(),
        created: r.created.clone(),
        failed: r.state == OutboxState::Failed,
        error: r
            .error
            .as_deref()
            .map(|e| read_stored(e).get(language).to_owned()),
        attempts: u32::try_from(r.attempts).unwrap_or(u32::MAX),
        start: cached_start.or_else(|| {
            // A new booking not written yet: its start is in the event queued.
            (r.action == crate::booking_new::CREATE)
                .then(|| serde_json::from_str::<Event>(&r.payload).ok())
                .flatten()
                .and_then(|e| e.start?.date_time)
                .map(|t| stamp(t.with_timezone(&Utc)))
        }),
    }
}

impl App {
    /// Checks and queues an edit; returns the queued row.
    pub(crate) fn queue_action(
        &self,
        calendar_id: &str,
        event_id: &str,
        action: BookingAction,
    ) -> Result<OutboxRow, AppError> {
        self.ensure_unlocked()?;
        let role = self.role_on(calendar_id)?;
        crate::bookings::may_act_on_bookings(role)?;
        // A marked booking for every action but *Compléter*, which takes an event of the
        // calendar's own that counts as an appointment there (the rule `may_complete` shows).
        let completing = matches!(action, BookingAction::Complete { .. });
        let gone = || {
            AppError::invalid(
                "Ce rendez-vous n'est plus dans l'agenda (annulé, déplacé ou supprimé) : \
                 synchronisez puis réessayez.",
                "This appointment is no longer in the calendar (cancelled, moved or \
                 deleted): synchronise, then try again.",
            )
        };
        let brief = self
            .store
            .event_brief(calendar_id, event_id)?
            .filter(|b| b.kind != EventKind::Availability)
            .ok_or_else(gone)?;
        match (completing, brief.kind) {
            (true, EventKind::Booking) => {
                return Err(AppError::invalid(
                    "Ce rendez-vous est déjà complet.",
                    "This appointment is already complete.",
                ));
            }
            (true, _) => {
                let completable = self
                    .store
                    .occurrence(calendar_id, event_id)?
                    .is_some_and(|o| crate::bookings::may_complete(&o, role));
                if !completable {
                    return Err(AppError::invalid(
                        "Seul un rendez-vous unique (pas une série) saisi dans Google Agenda et \
                         compté comme rendez-vous sur cet agenda peut être complété.",
                        "Only a single appointment (not a series) typed in Google Calendar and \
                         counted as an appointment on this calendar can be completed.",
                    ));
                }
            }
            (false, EventKind::Booking) => {}
            (false, _) => {
                return Err(AppError::invalid(
                    "Ce rendez-vous a été saisi dans Google Agenda : complétez-le d'abord \
                     (patient, motif) pour l'annuler, le déplacer ou le marquer.",
                    "This appointment was typed in Google Calendar: complete it first \
                     (patient, type) to cancel, move or mark it.",
                ));
            }
        }
        let now = self.now_utc();
        let actor = self.account_email().unwrap_or_default();
        let (name, mut private, mut patch) = match &action {
            BookingAction::Complete {
                last_name,
                first_name,
                phone,
                email,
                appointment_type,
            } => (
                "complete",
                completion_markers(
                    &completed_patient(
                        last_name.as_deref(),
                        first_name.as_deref(),
                        phone.as_deref(),
                        email.as_deref(),
                    )
                    .map_err(AppError::InvalidInput)?,
                    appointment_type.as_deref(),
                    brief.created.as_deref(),
                )?,
                json!({}),
            ),
            BookingAction::Cancel { reason } => {
                let reason = reason
                    .as_deref()
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .map(|r| r.chars().take(NOTE_MAX_CHARS).collect::<String>());
                (
                    "cancel",
                    json!({ CANCEL_REASON_KEY: reason }),
                    json!({ "status": "cancelled" }),
                )
            }
            BookingAction::Move { start, force } => {
                let (booking, start, tz) =
                    self.move_target(calendar_id, event_id, &brief, start)?;
                if !force {
                    self.check_free(calendar_id, &booking, start, tz)?;
                }
                let end = start + booking.length();
                let at = |t: DateTime<Utc>| {
                    json!({
                        "dateTime": t.with_timezone(&tz).to_rfc3339_opts(SecondsFormat::Secs, false),
                        "timeZone": tz.name(),
                    })
                };
                (
                    "move",
                    json!({}),
                    json!({ "start": at(start), "end": at(end) }),
                )
            }
            BookingAction::Attendance { status } => (
                "attendance",
                json!({ ATTENDANCE_KEY: status.map(|s| match s {
                    Attendance::Absent => "absent",
                    Attendance::Excused => "excused",
                }) }),
                json!({}),
            ),
            BookingAction::Note { text } => {
                let text = text.trim();
                if text.chars().count() > NOTE_MAX_CHARS {
                    let typed = text.chars().count();
                    return Err(AppError::invalid(
                        format!(
                            "La note interne est limitée à {NOTE_MAX_CHARS} caractères ({typed} saisis)."
                        ),
                        format!(
                            "The internal note is limited to {NOTE_MAX_CHARS} characters ({typed} typed)."
                        ),
                    ));
                }
                (
                    "note",
                    json!({ NOTE_KEY: (!text.is_empty()).then_some(text) }),
                    json!({}),
                )
            }
        };
        private[ACTOR_KEY] = json!(actor);
        private[ACTION_KEY] = json!(name);
        private[ACTION_AT_KEY] = json!(stamp(now));
        patch["extendedProperties"] = json!({ "private": private });
        let op_id = new_op_id();
        let row = self.store.outbox_push(
            &op_id,
            calendar_id,
            event_id,
            name,
            &patch.to_string(),
            brief.etag.as_deref(),
            &stamp(now),
        )?;
        tracing::info!(action = name, "booking edit queued");
        self.sink.outbox_changed();
        Ok(row)
    }

    /// Sends the pending edits in order (see the module doc). One pass at a time.
    pub fn flush_outbox(&self) -> crate::Task<'_, FlushReport> {
        Box::pin(async move {
            let _one_pass = self.outbox_lock.lock().await;
            let report = self.flush_pass().await;
            if report.applied + report.failed > 0 {
                self.sink.outbox_changed();
            }
            report
        })
    }

    async fn flush_pass(&self) -> FlushReport {
        let mut report = FlushReport::default();
        let Ok(items) = self.store.outbox() else {
            return report;
        };
        if !items.iter().any(|i| i.state == OutboxState::Pending) {
            return report;
        }
        let (client, mut token) = match (self.calendar_client().await, self.access_token().await) {
            (Ok(c), Ok(t)) => (c, t),
            (Err(e), _) | (_, Err(e)) => {
                report.offline = e.is_offline();
                return report;
            }
        };
        // Google refused the access token once already in this pass (renewed after the first).
        let mut renewed = false;
        let mut blocked: Vec<(String, String)> = Vec::new();
        for item in items {
            if item.state != OutboxState::Pending {
                // A failed edit holds back the later edits of the same event.
                blocked.push((item.calendar_id.clone(), item.event_id.clone()));
                continue;
            }
            if blocked.contains(&(item.calendar_id.clone(), item.event_id.clone())) {
                continue;
            }
            // The base ETag may have moved when an earlier edit of the event was applied.
            let Ok(Some(item)) = self.store.outbox_item(item.seq) else {
                continue;
            };
            let _ = self.store.outbox_attempted(item.seq);
            // A booking made on the site is cancelled through the site, which tells the patient
            // (SMS) and removes the event from the calendar itself — or not at all.
            let mut site_has_no_record = false;
            if item.action == "cancel" {
                match self.cancel_on_site(&item).await {
                    SiteCancel::Done => {
                        report.applied += 1;
                        self.record_applied(&item);
                        continue;
                    }
                    SiteCancel::Wait(reason) => {
                        // Like a network failure: the queue stops here, in order.
                        report.site_waiting = true;
                        let _ = self.store.outbox_note(item.seq, Some(&stored(&reason)));
                        break;
                    }
                    SiteCancel::Refused(reason) => {
                        report.failed += 1;
                        tracing::warn!("the booking site refused a cancellation");
                        let _ = self.store.outbox_fail(item.seq, &stored(&reason));
                        blocked.push((item.calendar_id.clone(), item.event_id.clone()));
                        continue;
                    }
                    SiteCancel::NoRecord => site_has_no_record = true,
                    SiteCancel::NotThere => {}
                }
            }
            let mut outcome = self.send(&client, &token, &item).await;
            if matches!(outcome, Sent::Unauthorized) && !renewed {
                // The access token was refused: renew it once and send again, as sync does.
                renewed = true;
                self.drop_access_token().await;
                match self.access_token().await {
                    Ok(t) => {
                        token = t;
                        outcome = self.send(&client, &token, &item).await;
                    }
                    Err(e) => {
                        // No token now (offline, or the account needs reconnecting): the edits
                        // wait.
                        report.offline = e.is_offline();
                        break;
                    }
                }
            }
            if site_has_no_record && matches!(outcome, Sent::Gone) {
                // The site has no record of it any more and the event is gone: cancelled.
                tracing::info!("cancellation already done (no site record, no event)");
                report.applied += 1;
                self.record_applied(&item);
                continue;
            }
            match outcome {
                Sent::Applied(etag) => {
                    // A booking the site took, moved here: the site plans its reminder for the
                    // new time and tells the patient. Until it has, the edit stays pending (sent
                    // again, Google answers it is already applied: `rdv.op`).
                    let told = match item.action.as_str() {
                        "move" => self.tell_site_moved(&item).await,
                        crate::booking_new::CREATE => self.tell_site_created(&item).await,
                        _ => SiteTold::Done,
                    };
                    if let SiteTold::Wait(reason) = told {
                        report.site_waiting = true;
                        let _ = self.store.outbox_note(item.seq, Some(&stored(&reason)));
                        break;
                    }
                    report.applied += 1;
                    self.record_applied(&item);
                    if let Some(new_etag) = etag.as_deref() {
                        let _ = self.rebase_followers(&item, new_etag);
                    }
                }
                Sent::Offline => {
                    report.offline = true;
                    break;
                }
                Sent::Unauthorized => {
                    // Refused again with a fresh token: not this edit's fault; it waits.
                    tracing::warn!("Google refused a renewed access token: the outbox waits");
                    break;
                }
                Sent::Taken(why) => {
                    report.failed += 1;
                    report.last_taken = Some(item.seq);
                    tracing::info!("a new booking's slot was taken meanwhile: nothing written");
                    let _ = self.store.outbox_fail(item.seq, &stored(&why));
                    blocked.push((item.calendar_id.clone(), item.event_id.clone()));
                }
                Sent::Gone | Sent::Refused(_) => {
                    let message = match outcome {
                        Sent::Refused(m) => m,
                        _ => Text::new(
                            "Ce rendez-vous a été supprimé de l'agenda entre-temps.",
                            "This appointment was deleted from the calendar meanwhile.",
                        ),
                    };
                    report.failed += 1;
                    tracing::warn!("a queued edit was refused");
                    let _ = self.store.outbox_fail(item.seq, &stored(&message));
                    blocked.push((item.calendar_id.clone(), item.event_id.clone()));
                }
            }
        }
        report
    }

    /// Removes an applied edit from the outbox and logs it, in one transaction.
    fn record_applied(&self, item: &OutboxRow) {
        let entry = self.activity_of(item);
        if let Err(e) = self.store.outbox_done(item.seq, Some(&entry)) {
            tracing::warn!(error = %e, "cannot record an applied edit");
        }
    }

    /// Sends one queued item: a new booking ([`App::send_create`]) or an edit.
    async fn send(
        &self,
        client: &CalendarClient,
        token: &Sensitive<String>,
        item: &OutboxRow,
    ) -> Sent {
        if item.action == crate::booking_new::CREATE {
            self.send_create(client, token, item).await
        } else {
            self.send_to_google(client, token, item).await
        }
    }

    /// Writes a new booking: when an earlier attempt may have reached Google, the event is
    /// read back first (ours, by its `rdv.op`: done); then **one** check (`freeBusy` on the
    /// calendar over the slot: busy → [`Sent::Taken`], nothing written) and **one** insert with
    /// the deterministic id (a `409` whose event carries our `rdv.op` is our own lost answer).
    async fn send_create(
        &self,
        client: &CalendarClient,
        token: &Sensitive<String>,
        item: &OutboxRow,
    ) -> Sent {
        let Ok(event) = serde_json::from_str::<Event>(&item.payload) else {
            return Sent::Refused(Text::new(
                "Ce rendez-vous en attente est illisible : supprimez-le et reprenez-le.",
                "This waiting appointment cannot be read: discard it and book it again.",
            ));
        };
        let ours = |e: &Event| op_of(e).as_deref() == Some(item.op_id.as_str());
        if item.attempts > 0 {
            match client
                .get_event(token, &item.calendar_id, &item.event_id, None)
                .await
            {
                Ok(e) if ours(&e) => {
                    tracing::info!("new booking already written (its answer was lost)");
                    return Sent::Applied(e.etag);
                }
                Ok(_) | Err(CalendarError::NotFound | CalendarError::Deleted) => {}
                Err(e) => return Sent::from_error(e),
            }
        }
        let at = |t: Option<&rdv_core::google::EventDateTime>| {
            t.and_then(|t| t.date_time).map(|t| t.with_timezone(&Utc))
        };
        let (Some(start), Some(end)) = (at(event.start.as_ref()), at(event.end.as_ref())) else {
            return Sent::Refused(Text::new(
                "Ce rendez-vous en attente n'a pas d'horaire : supprimez-le et reprenez-le.",
                "This waiting appointment has no time: discard it and book it again.",
            ));
        };
        let request = FreeBusyRequest::new(start, end, &[item.calendar_id.as_str()]);
        match client.freebusy(token, &request).await {
            Ok(answer) => {
                let calendar = answer.calendars.get(&item.calendar_id);
                if calendar.is_none_or(|c| !c.errors.is_empty()) {
                    return Sent::Refused(Text::new(
                        "Google ne donne pas les disponibilités de cet agenda : votre accès a \
                         peut-être changé.",
                        "Google does not give this calendar's free/busy times: your access may \
                         have changed.",
                    ));
                }
                if let Some(busy) = calendar
                    .into_iter()
                    .flat_map(|c| &c.busy)
                    .filter(|b| b.start < end && b.end > start)
                    .min_by_key(|b| b.start)
                {
                    let tz: chrono_tz::Tz = event
                        .start
                        .as_ref()
                        .and_then(|s| s.time_zone.as_deref())
                        .and_then(|z| z.parse().ok())
                        .unwrap_or(chrono_tz::Europe::Paris);
                    let taken = rdv_core::booking::SlotProblem::Taken {
                        other_start: busy.start,
                        other_end: busy.end,
                    }
                    .text(start, tz);
                    return Sent::Taken(Text::new(
                        format!("Ce créneau vient d'être pris : {}", taken.fr),
                        format!("This slot was just taken: {}", taken.en),
                    ));
                }
            }
            Err(e) => return Sent::from_error(e),
        }
        match client.insert_event(token, &item.calendar_id, &event).await {
            Ok(e) => Sent::Applied(e.etag),
            Err(CalendarError::Duplicate) => {
                match client
                    .get_event(token, &item.calendar_id, &item.event_id, None)
                    .await
                {
                    Ok(e) if ours(&e) => Sent::Applied(e.etag),
                    Ok(_) => Sent::Refused(Text::new(
                        "Un autre événement porte déjà l'identifiant de ce rendez-vous.",
                        "Another event already has this appointment's id.",
                    )),
                    Err(e) => Sent::from_error(e),
                }
            }
            // The answer was lost or garbled: Google may hold the booking. Read it back; not
            // there, it waits and is sent again (the next pass reads back first too).
            Err(CalendarError::InvalidResponse(_)) => {
                match client
                    .get_event(token, &item.calendar_id, &item.event_id, None)
                    .await
                {
                    Ok(e) if ours(&e) => {
                        tracing::info!("new booking written (its answer was garbled)");
                        Sent::Applied(e.etag)
                    }
                    Ok(_) | Err(CalendarError::NotFound | CalendarError::Deleted) => Sent::Offline,
                    Err(e) => Sent::from_error(e),
                }
            }
            Err(e) => Sent::from_error(e),
        }
    }

    /// Sends one edit to Google as a `PATCH` on its base ETag; a `412` is read back to tell our
    /// own lost answer from someone else's change.
    async fn send_to_google(
        &self,
        client: &CalendarClient,
        token: &Sensitive<String>,
        item: &OutboxRow,
    ) -> Sent {
        let mut payload: Value = serde_json::from_str(&item.payload).unwrap_or(json!({}));
        payload["extendedProperties"]["private"][OP_KEY] = json!(item.op_id);
        let sent = client
            .patch_event(
                token,
                &item.calendar_id,
                &item.event_id,
                &payload,
                item.base_etag.as_deref(),
            )
            .await;
        match sent {
            Ok(event) => Sent::Applied(event.etag),
            Err(CalendarError::Conflict { .. }) => {
                match client
                    .get_event(token, &item.calendar_id, &item.event_id, None)
                    .await
                {
                    Ok(current) if op_of(&current).as_deref() == Some(&item.op_id) => {
                        tracing::info!("edit already applied (its answer was lost)");
                        Sent::Applied(current.etag)
                    }
                    Ok(current) => Sent::Refused(self.describe_conflict(item, &current)),
                    Err(e) => Sent::from_error(e),
                }
            }
            Err(e) => Sent::from_error(e),
        }
    }

    /// After `item` was applied: the next pending edits of the same event made on the same ETag
    /// now build on `new_etag`.
    fn rebase_followers(&self, item: &OutboxRow, new_etag: &str) -> Result<(), AppError> {
        for next in self.store.outbox()? {
            if next.seq > item.seq
                && next.state == OutboxState::Pending
                && next.calendar_id == item.calendar_id
                && next.event_id == item.event_id
                && next.base_etag == item.base_etag
            {
                self.store.outbox_retry(next.seq, Some(new_etag))?;
            }
        }
        Ok(())
    }

    /// What someone else changed, for the failed edit's message.
    fn describe_conflict(&self, item: &OutboxRow, current: &Event) -> Text {
        let who = current
            .private_property(ACTOR_KEY)
            .map(|a| a.expose().clone());
        let (who_fr, who_en) = match &who {
            Some(who) => (who.clone(), who.clone()),
            None => ("quelqu'un".to_owned(), "someone".to_owned()),
        };
        if current.is_cancelled() {
            return Text::new(
                format!("Ce rendez-vous a été annulé entre-temps par {who_fr}."),
                format!("This appointment was cancelled meanwhile by {who_en}."),
            );
        }
        let brief = self
            .store
            .event_brief(&item.calendar_id, &item.event_id)
            .ok()
            .flatten();
        let moved_to = current
            .start
            .as_ref()
            .and_then(|s| s.date_time)
            .filter(|dt| {
                brief
                    .as_ref()
                    .and_then(|b| Moment::decode(&b.start))
                    .is_some_and(|m| m.utc() != dt.with_timezone(&Utc))
            });
        match moved_to {
            Some(dt) => Text::new(
                format!(
                    "Ce rendez-vous a été déplacé entre-temps par {who_fr} (nouvel horaire : {}). \
                     Vérifiez puis réessayez.",
                    dt.format("%d/%m à %H:%M")
                ),
                format!(
                    "This appointment was moved meanwhile by {who_en} (new time: {}). Check, \
                     then try again.",
                    dt.format("%d/%m at %H:%M")
                ),
            ),
            None => Text::new(
                format!(
                    "Ce rendez-vous a été modifié entre-temps par {who_fr}. Vérifiez puis réessayez."
                ),
                format!(
                    "This appointment was changed meanwhile by {who_en}. Check, then try again."
                ),
            ),
        }
    }

    /// The edits waiting for Google or refused by it, oldest first.
    pub fn outbox_items(&self) -> Result<Vec<OutboxItem>, AppError> {
        self.ensure_unlocked()?;
        let language = self.language();
        Ok(self
            .store
            .outbox()?
            .iter()
            .map(|r| self.outbox_item_view(r, language))
            .collect())
    }

    pub(crate) fn outbox_item_view(&self, r: &OutboxRow, language: Language) -> OutboxItem {
        let cached_start = self
            .store
            .event_brief(&r.calendar_id, &r.event_id)
            .ok()
            .flatten()
            .map(|b| b.start);
        outbox_item(r, cached_start, language)
    }

    /// Puts a failed edit back in line on the event as it is now (after the user looked at what
    /// changed), and sends it.
    pub fn retry_outbox_item(
        &self,
        seq: i64,
    ) -> crate::Task<'_, Result<Vec<OutboxItem>, AppError>> {
        Box::pin(async move {
            self.ensure_unlocked()?;
            let item = self.store.outbox_item(seq)?.ok_or_else(|| {
                AppError::invalid(
                    "Cette modification n'existe plus.",
                    "This change no longer exists.",
                )
            })?;
            let _ = self.sync_now().await;
            let etag = self
                .store
                .event_brief(&item.calendar_id, &item.event_id)?
                .and_then(|b| b.etag);
            self.store.outbox_retry(seq, etag.as_deref())?;
            self.flush_outbox().await;
            let _ = self.sync_now().await;
            self.outbox_items()
        })
    }

    /// Drops a queued or failed edit (the user gave it up).
    pub fn discard_outbox_item(&self, seq: i64) -> Result<Vec<OutboxItem>, AppError> {
        self.ensure_unlocked()?;
        self.store.outbox_done(seq, None)?;
        tracing::info!("queued edit discarded by the user");
        self.sink.outbox_changed();
        self.outbox_items()
    }
}

/// What Google did with one edit.
enum Sent {
    /// Applied (or recognised as applied): the event's new ETag.
    Applied(Option<String>),
    /// The event is gone from the calendar (`404`/`410`).
    Gone,
    /// Refused: why, for the user.
    Refused(Text),
    /// A new booking whose slot Google shows busy: nothing written; why, for the user.
    Taken(Text),
    /// Google could not be reached: the queue waits.
    Offline,
    /// The access token was refused (`401`).
    Unauthorized,
}

impl Sent {
    fn from_error(e: CalendarError) -> Self {
        match e {
            e if e.is_offline() => Self::Offline,
            CalendarError::Unauthorized => Self::Unauthorized,
            CalendarError::Deleted | CalendarError::NotFound => Self::Gone,
            CalendarError::Forbidden { .. } => Self::Refused(Text::new(
                "Google refuse cette modification : votre accès à cet agenda a changé.",
                "Google refuses this change: your access to this calendar has changed.",
            )),
            e => Self::Refused(AppError::from(e).text()),
        }
    }
}

/// What the booking site did with a cancellation. A booking the site took is cancelled through
/// the site (which tells the patient) or not at all: never in Google behind its back.
enum SiteCancel {
    /// Cancelled there, now or before (the patient is told; the site removes the calendar event).
    Done,
    /// The site may do it later — unreachable, failing (`5xx`), asking to slow down (`429`), or
    /// its answer was lost: the edit stays pending with this reason and is sent again.
    Wait(Text),
    /// The site refused it (`401` application password, `403`, plugin missing, …): the edit
    /// fails with this reason, for the user.
    Refused(Text),
    /// The site has no record of this booking (`404 rdv_booking_not_found`: erased or expired):
    /// the contract says to cancel in Google.
    NoRecord,
    /// No site linked, or the booking is not one of its records: cancel in Google.
    NotThere,
}

impl App {
    /// Whether the booking site holds a record of `event_id` (its feed brought one).
    fn site_holds(&self, event_id: &str) -> bool {
        self.store.site_booking(event_id).ok().flatten().is_some()
    }

    async fn cancel_on_site(&self, item: &OutboxRow) -> SiteCancel {
        if !self.site_holds(&item.event_id) {
            return SiteCancel::NotThere;
        }
        let client = match self.site_client_for_actions() {
            Ok(Some(client)) => client,
            Ok(None) => return SiteCancel::NotThere,
            Err(e @ AppError::Secrets(_)) => return SiteCancel::Wait(keychain_wait(&e)),
            // No password any more, an unusable address: the user must link the site again.
            Err(e) => return SiteCancel::Refused(not_cancelled_on_site(&e)),
        };
        let payload: Value = serde_json::from_str(&item.payload).unwrap_or(json!({}));
        let reason = payload["extendedProperties"]["private"][CANCEL_REASON_KEY]
            .as_str()
            .map(str::to_owned);
        let request = rdv_site::CancelRequest {
            reason,
            notify_patient: true,
        };
        match client.cancel_booking(&item.event_id, &request).await {
            Ok(answer) => {
                if answer.already_cancelled {
                    tracing::info!("cancellation already done on the site (its answer was lost)");
                }
                SiteCancel::Done
            }
            Err(e) => site_cancel_failure(&e),
        }
    }
}

/// Why a site action waits: the site is linked but the keychain cannot give its password now
/// (locked…).
fn keychain_wait(e: &AppError) -> Text {
    let why = e.text();
    Text::new(
        format!("Site de réservation : {}", why.fr),
        format!("Booking site: {}", why.en),
    )
}

/// Whether the booking site heard of an edit made here (a new booking, a move).
enum SiteTold {
    /// Told (or nothing to tell: no site, no record, or the site refuses for good — logged).
    Done,
    /// The site may hear it later (unreachable, failing, its answer lost, the keychain locked).
    Wait(Text),
}

impl App {
    /// Tells the site that a booking it holds a record of was moved (API 1.1 `moved`): it plans
    /// the reminder for the new time and sends the patient the confirmation at it, per its SMS
    /// options — as a cancellation through the app tells the patient.
    async fn tell_site_moved(&self, item: &OutboxRow) -> SiteTold {
        if !self.site_holds(&item.event_id) {
            return SiteTold::Done;
        }
        let (client, start, end) = match self.follow_up_of(item) {
            Ok(found) => found,
            Err(told) => return told,
        };
        let notice = rdv_site::MoveNotice {
            start,
            end,
            notify_patient: true,
        };
        let answer = client.booking_moved(&item.event_id, &notice).await;
        site_told(answer.map(|_| ()), "a move")
    }

    /// Records a booking made here on the linked site (API 1.1 `PUT /bookings/{id}`), which
    /// confirms it to the patient by SMS and reminds it as its own bookings, per its SMS
    /// options. Only bookings with a phone: the site's messages are SMS.
    async fn tell_site_created(&self, item: &OutboxRow) -> SiteTold {
        let Ok(event) = serde_json::from_str::<Event>(&item.payload) else {
            return SiteTold::Done;
        };
        let get = |key: &str| {
            event
                .private_property(key)
                .map(|v| v.expose().trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let Some(phone) = get(PHONE_KEY) else {
            return SiteTold::Done;
        };
        let (client, start, end) = match self.follow_up_of(item) {
            Ok(found) => found,
            Err(told) => return told,
        };
        let request = rdv_site::RecordRequest {
            appointment_type: get(TYPE_KEY).unwrap_or_default(),
            source: if get(SOURCE_KEY).as_deref() == Some("phone") {
                rdv_site::RecordSource::Phone
            } else {
                rdv_site::RecordSource::App
            },
            first_name: Sensitive::new(get(FIRST_NAME_KEY).unwrap_or_default()),
            last_name: Sensitive::new(get(LAST_NAME_KEY).unwrap_or_default()),
            phone: Some(Sensitive::new(phone)),
            email: get(EMAIL_KEY).map(Sensitive::new),
            start,
            end,
            notify_patient: true,
        };
        let answer = client.record_booking(&item.event_id, &request).await;
        site_told(answer.map(|_| ()), "a new booking")
    }

    /// What a follow-up of `item` needs: the site's client and the booking's times as the edit
    /// wrote them; `Err` with the answer when there is nothing to tell or it must wait.
    fn follow_up_of(
        &self,
        item: &OutboxRow,
    ) -> Result<(rdv_site::SiteClient, DateTime<Utc>, DateTime<Utc>), SiteTold> {
        let client = self.site_for_follow_up()?.ok_or(SiteTold::Done)?;
        let payload: Value = serde_json::from_str(&item.payload).unwrap_or(json!({}));
        let (start, end) = event_times(&payload).ok_or(SiteTold::Done)?;
        Ok((client, start, end))
    }

    /// The linked site's client for a follow-up of an applied edit: `Ok(None)` without a site
    /// (or one that cannot be used any more: logged, the edit stands), `Err(Wait)` while the
    /// keychain cannot give its password.
    fn site_for_follow_up(&self) -> Result<Option<rdv_site::SiteClient>, SiteTold> {
        match self.site_client_for_actions() {
            Ok(client) => Ok(client),
            Err(e @ AppError::Secrets(_)) => Err(SiteTold::Wait(keychain_wait(&e))),
            Err(e) => {
                tracing::warn!(error = %e, "the booking site cannot be told of an edit");
                Ok(None)
            }
        }
    }
}

/// The `start`/`end` instants of an event body (`dateTime`).
fn event_times(payload: &Value) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let at = |key: &str| {
        payload[key]["dateTime"]
            .as_str()
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&Utc))
    };
    Some((at("start")?, at("end")?))
}

/// Sorts the site's answer to a follow-up: a failure that may pass waits; anything else (no
/// record there any more, an older plugin speaking 1.0, a refusal for good) lets the edit stand,
/// logged without the site's words.
fn site_told(answer: Result<(), SiteError>, what: &str) -> SiteTold {
    match answer {
        Ok(()) => SiteTold::Done,
        Err(
            SiteError::Network(_)
            | SiteError::Server { .. }
            | SiteError::RateLimited { .. }
            | SiteError::InvalidResponse(_),
        ) => SiteTold::Wait(Text::new(
            "Fait dans l'agenda ; le site de réservation n'a pas encore été prévenu (SMS au \
             patient, rappel) : il le sera dès qu'il répondra.",
            "Done in the calendar; the booking site has not been told yet (SMS to the patient, \
             reminder): it will be as soon as it answers.",
        )),
        Err(e) => {
            tracing::warn!(error = %e, "the booking site was not told of {what}");
            SiteTold::Done
        }
    }
}

/// The failed edit's message when the site refused a cancellation.
fn not_cancelled_on_site(why: &AppError) -> Text {
    let why = why.text();
    Text::new(
        format!(
            "Le site de réservation n'a pas annulé ce rendez-vous (le patient n'est pas prévenu) : \
             {}",
            why.fr
        ),
        format!(
            "The booking site did not cancel this appointment (the patient is not told): {}",
            why.en
        ),
    )
}

/// An edit's reason as the outbox keeps it: both languages (JSON), so it is shown in the
/// language of whoever reads it later.
fn stored(reason: &Text) -> String {
    serde_json::to_string(reason).unwrap_or_else(|_| reason.fr.clone())
}

/// A reason kept by [`stored`] (or, from an older version, a plain French sentence).
pub(crate) fn read_stored(reason: &str) -> Text {
    serde_json::from_str(reason).unwrap_or_else(|_| Text::new(reason, reason))
}

/// Sorts a failed `POST /bookings/{id}/cancel` into wait, refused or no record.
fn site_cancel_failure(e: &SiteError) -> SiteCancel {
    match e {
        SiteError::NotFound { .. } if !e.plugin_missing() => SiteCancel::NoRecord,
        SiteError::Network(_) => SiteCancel::Wait(Text::new(
            "Le site de réservation est injoignable : il n'a pas encore annulé ce rendez-vous \
             ni prévenu le patient.",
            "The booking site cannot be reached: it has not cancelled this appointment nor told \
             the patient yet.",
        )),
        SiteError::Server { .. } | SiteError::RateLimited { .. } => SiteCancel::Wait(Text::new(
            "Le site de réservation ne répond pas correctement pour l'instant : il n'a pas encore \
             annulé ce rendez-vous ni prévenu le patient.",
            "The booking site is not answering properly for now: it has not cancelled this \
             appointment nor told the patient yet.",
        )),
        // The site may have cancelled and its answer was lost: asking again is harmless (a
        // repeated cancel answers `alreadyCancelled`).
        SiteError::InvalidResponse(_) => SiteCancel::Wait(Text::new(
            "La réponse du site de réservation s'est perdue : l'annulation sera vérifiée auprès \
             du site.",
            "The booking site's answer was lost: the cancellation will be checked with the site.",
        )),
        _ => {
            tracing::warn!(error = %e, "the booking site refused a cancellation");
            SiteCancel::Refused(not_cancelled_on_site(&AppError::from(e.clone())))
        }
    }
}

fn op_of(e: &Event) -> Option<String> {
    e.private_property(OP_KEY).map(|v| v.expose().clone())
}
