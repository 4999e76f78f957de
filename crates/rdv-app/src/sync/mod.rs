//! The sync engine: mirrors every selected calendar into the local store — a full sync the first
//! time (and whenever Google answers 410 `fullSyncRequired`), then incremental syncs with the
//! sync token, each applied as one transaction together with its new token (see `rdv-store`).
//! A network error never touches the cache: the app keeps showing it and says it is offline.

mod authors;
mod convert;

use crate::ipc::{AccountState, SyncState, SyncStatus};
use crate::{App, AppError, messages};
use chrono::{DateTime, SecondsFormat, Utc};
use rdv_core::Sensitive;
use rdv_google::calendar::{CalendarClient, CalendarError, ListEvents, RetryPolicy};
use rdv_store::{CalendarRow, Store, SyncBatch, Window};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};

pub use authors::MAX_AUTHOR_READS;
pub use convert::{calendar_row, change_from_event};

/// Events per list request: Google's maximum, so a full sync makes the fewest requests.
pub const PAGE_SIZE: u32 = 2500;

/// The calendar list is re-read at least this often (and on every sync the user asks for); the
/// polls in between list events only, so an unchanged poll is one request per calendar.
pub const CALENDAR_LIST_EVERY: std::time::Duration = std::time::Duration::from_secs(30 * 60);

const LAST_SUCCESS: &str = "sync.lastSuccess";
const WINDOW_DAY: &str = "sync.windowDay";

/// The sync engine's state: one sync at a time, the status shown, and the poller's wake-up.
pub(crate) struct SyncEngine {
    /// Held by a sync, and by a publish so no sync runs in the middle of it.
    pub(crate) lock: tokio::sync::Mutex<()>,
    status: Mutex<SyncStatus>,
    failures: AtomicU32,
    wake: tokio::sync::Notify,
    visible: AtomicBool,
    /// The user asked for a sync: re-read the calendar list too.
    requested: AtomicBool,
    calendar_list_at: Mutex<Option<std::time::SystemTime>>,
}

impl SyncEngine {
    pub(crate) fn new(store: &Store) -> Self {
        let last = store.setting(LAST_SUCCESS).ok().flatten();
        Self {
            lock: tokio::sync::Mutex::new(()),
            status: Mutex::new(SyncStatus {
                state: SyncState::NoAccount,
                last_success_at: last,
                message: None,
            }),
            failures: AtomicU32::new(0),
            wake: tokio::sync::Notify::new(),
            visible: AtomicBool::new(true),
            requested: AtomicBool::new(true),
            calendar_list_at: Mutex::new(None),
        }
    }

    pub(crate) fn status(&self) -> SyncStatus {
        self.status.lock().expect("status lock").clone()
    }
}

/// What one sync did, for tests and benchmarks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Calendars synchronised.
    pub calendars: u32,
    /// Full syncs among them.
    pub full: u32,
    /// Items received from Google.
    pub items: u64,
    /// Whether the cache changed.
    pub changed: bool,
}

impl App {
    /// The current sync status.
    pub fn sync_status(&self) -> SyncStatus {
        self.sync.status()
    }

    /// *Synchroniser maintenant* from the tray: wakes the poller; with no account linked, says
    /// so by a notification (the tray has no other way to answer).
    pub fn request_sync(&self) -> Result<(), AppError> {
        if self.account_state()? == AccountState::None {
            let language = self.store.language()?;
            self.notifier.notify(&messages::nothing_to_sync(language))?;
        } else {
            self.wake_sync();
        }
        Ok(())
    }

    /// Tells the poller whether the window is shown (polling is faster then).
    pub fn set_window_visible(&self, visible: bool) {
        let was = self.sync.visible.swap(visible, Ordering::Relaxed);
        if visible && !was {
            self.wake_sync();
        }
    }

    /// Asks the poller to sync now (calendar list included).
    pub fn wake_sync(&self) {
        self.sync.requested.store(true, Ordering::Relaxed);
        self.sync.wake.notify_one();
    }

    pub(crate) fn reset_sync_status(&self) {
        self.set_status(SyncStatus {
            state: SyncState::NoAccount,
            last_success_at: None,
            message: None,
        });
        let _ = self.store.delete_setting(LAST_SUCCESS);
    }

    fn set_status(&self, status: SyncStatus) {
        *self.sync.status.lock().expect("status lock") = status.clone();
        self.sink.sync_status(&status);
    }

    /// Polls Google forever: at once, then at the adaptive interval of [`crate::poll`], or
    /// immediately when woken (*Synchroniser maintenant*, a calendar selected, the window shown).
    pub fn run_poller(&self) -> crate::Task<'_, ()> {
        Box::pin(self.run_poller_inner())
    }

    async fn run_poller_inner(&self) {
        loop {
            let status = self
                .sync_with(self.sync.requested.swap(false, Ordering::Relaxed))
                .await;
            // Back online (or still): send the edits waiting in the outbox, then show them.
            if status.state == SyncState::Idle && self.flush_outbox().await.applied > 0 {
                self.sync_with(false).await;
            }
            // The booking site's records (consent, SMS statuses), when one is linked.
            if status.state == SyncState::Idle
                && let Err(e) = self.sync_site().await
            {
                tracing::debug!(error = %e, "booking site not synchronised");
            }
            // Erasure requests left pending by an error or a crash.
            if status.state == SyncState::Idle
                && let Err(e) = self.resume_erasures().await
            {
                tracing::warn!(error = %e, "pending erasures not resumed");
            }
            let status = self.sync.status();
            let delay = crate::poll::next_delay(
                self.sync.visible.load(Ordering::Relaxed),
                status.state,
                self.sync.failures.load(Ordering::Relaxed),
            );
            tokio::select! {
                () = tokio::time::sleep(delay) => {}
                () = self.sync.wake.notified() => {}
            }
        }
    }

    /// Synchronises every selected calendar now, calendar list included, and returns the status.
    pub fn sync_now(&self) -> crate::Task<'_, SyncStatus> {
        Box::pin(self.sync_with(true))
    }

    /// A poll: like [`App::sync_now`] but re-reads the calendar list only when it is older than
    /// [`CALENDAR_LIST_EVERY`].
    pub fn poll_once(&self) -> crate::Task<'_, SyncStatus> {
        Box::pin(self.sync_with(false))
    }

    async fn sync_with(&self, with_calendar_list: bool) -> SyncStatus {
        let _one_at_a_time = self.sync.lock.lock().await;
        if matches!(self.account_state(), Ok(AccountState::None) | Err(_)) {
            let status = SyncStatus {
                state: SyncState::NoAccount,
                last_success_at: None,
                message: None,
            };
            self.set_status(status.clone());
            return status;
        }
        let previous = self.sync.status();
        self.set_status(SyncStatus {
            state: SyncState::Syncing,
            ..previous.clone()
        });
        let mut result = self.sync_once(with_calendar_list).await;
        if let Err(AppError::Calendar(CalendarError::Unauthorized)) = result {
            // The access token was refused: renew it once and try again.
            self.drop_access_token().await;
            result = self.sync_once(with_calendar_list).await;
        }
        let status = match result {
            Ok(report) => {
                self.sync.failures.store(0, Ordering::Relaxed);
                let now: DateTime<Utc> = self.clock.now().into();
                let stamp = now.to_rfc3339_opts(SecondsFormat::Secs, true);
                if let Err(e) = self.store.set_setting(LAST_SUCCESS, &stamp) {
                    tracing::warn!(error = %e, "cannot record the sync time");
                }
                if report.changed {
                    self.sink.data_changed();
                }
                tracing::info!(
                    calendars = report.calendars,
                    full = report.full,
                    items = report.items,
                    "sync done"
                );
                SyncStatus {
                    state: SyncState::Idle,
                    last_success_at: Some(stamp),
                    message: None,
                }
            }
            Err(e) => {
                self.sync.failures.fetch_add(1, Ordering::Relaxed);
                let state = if e.is_offline() {
                    SyncState::Offline
                } else if matches!(e, AppError::NoAccount) {
                    SyncState::NoAccount
                } else {
                    SyncState::Error
                };
                tracing::warn!(error = %e, "sync failed");
                // Shown as it is by the indicator: in the user's language.
                let language = self.store.language().unwrap_or_default();
                SyncStatus {
                    state,
                    last_success_at: previous.last_success_at,
                    message: Some(e.text().get(language).to_owned()),
                }
            }
        };
        self.set_status(status.clone());
        status
    }

    pub(crate) async fn calendar_client(&self) -> Result<CalendarClient, AppError> {
        self.ensure_session().await?;
        let guard = self.session.lock().await;
        let session = guard.as_ref().ok_or(AppError::NoAccount)?;
        let retry = if session.demo() {
            RetryPolicy::fast()
        } else {
            RetryPolicy::google()
        };
        CalendarClient::new(session.connection.endpoints.calendar.clone(), retry)
            .map_err(AppError::internal)
    }

    /// One pass over every selected calendar, after re-reading the calendar list when asked,
    /// when it is stale, or when none is known yet.
    async fn sync_once(&self, with_calendar_list: bool) -> Result<SyncReport, AppError> {
        let client = self.calendar_client().await?;
        let token = self.access_token().await?;
        let clock_now = self.clock.now();
        let stale = self
            .sync
            .calendar_list_at
            .lock()
            .expect("lock")
            .is_none_or(|at| {
                clock_now.duration_since(at).unwrap_or_default() >= CALENDAR_LIST_EVERY
            });
        if with_calendar_list || stale || self.store.calendars()?.is_empty() {
            let entries = client.calendar_list(&token).await?;
            let rows: Vec<CalendarRow> = entries.iter().filter_map(calendar_row).collect();
            self.store.replace_calendars(&rows)?;
            *self.sync.calendar_list_at.lock().expect("lock") = Some(clock_now);
        }
        let now: DateTime<Utc> = clock_now.into();
        let window = Window::around(now);
        let today = now.format("%Y-%m-%d").to_string();
        if self.store.setting(WINDOW_DAY)?.as_deref() != Some(today.as_str()) {
            self.store.refresh_occurrences(window)?;
            self.store.set_setting(WINDOW_DAY, &today)?;
        }
        let mut report = SyncReport::default();
        for calendar in self.store.calendars()? {
            if !calendar.selected || calendar.access_role == "freeBusyReader" {
                continue;
            }
            let (items, full, changed) = self
                .sync_calendar(&client, &token, &calendar.id, window)
                .await?;
            report.calendars += 1;
            report.full += u32::from(full);
            report.items += items;
            report.changed |= changed;
        }
        Ok(report)
    }

    /// Syncs one calendar: incremental with its token, full without one or when Google asks.
    async fn sync_calendar(
        &self,
        client: &CalendarClient,
        token: &Sensitive<String>,
        calendar_id: &str,
        window: Window,
    ) -> Result<(u64, bool, bool), AppError> {
        let fetched = match self.store.sync_token(calendar_id)? {
            Some(sync_token) => {
                match fetch(client, token, calendar_id, Some(sync_token), window).await {
                    Err(AppError::Calendar(CalendarError::FullSyncRequired)) => {
                        tracing::info!("sync token expired: full sync");
                        fetch(client, token, calendar_id, None, window).await?
                    }
                    other => other?,
                }
            }
            None => fetch(client, token, calendar_id, None, window).await?,
        };
        let items = fetched.changes.len() as u64;
        let full = fetched.full;
        let seen = if full {
            Seen::default()
        } else {
            let me = self.account_email().unwrap_or_default();
            let authors = authors::cancel_authors(
                &self.store,
                client,
                token,
                calendar_id,
                &fetched.changes,
                &me,
            )
            .await?;
            self.reconcile(calendar_id, &fetched.changes, &authors)
        };
        // The log entries commit with the batch; the alerts follow the commit, so a failed
        // apply or a crash in between neither loses nor repeats them.
        let applied = self
            .store
            .apply_sync_logged(&fetched, window, &seen.activity)?;
        for alert in seen.alerts {
            self.alert_change(
                alert.what,
                alert.start,
                &alert.type_name,
                alert.patient.as_deref(),
                alert.open,
            );
        }
        if applied.unknown_cancellations > 0 {
            tracing::debug!(
                count = applied.unknown_cancellations,
                "cancellations of items outside the cache"
            );
        }
        Ok((
            items,
            full,
            full || applied.upserted + applied.cancelled > 0,
        ))
    }
}

impl App {
    /// What to log and show for the bookings that sync finds cancelled, moved, marked
    /// (attendance), annotated or completed in Google by someone else (the site, Google
    /// Calendar, another device, a secretary's installation), and the new ones — edits made here
    /// are logged when applied. The author is the edit's `rdv.actor` when the event's last
    /// edit (`rdv.action`) is that change — for a cancellation, read back by
    /// [`authors::cancel_authors`] into `cancel_authors` — else « Google Agenda ». Never for a
    /// network error: only an answer from Google reaches this point. Reads the cache as it was
    /// before the batch; writes nothing.
    fn reconcile(
        &self,
        calendar_id: &str,
        changes: &[rdv_store::Change],
        cancel_authors: &std::collections::HashMap<String, String>,
    ) -> Seen {
        use rdv_store::{ActivityRow, Change, Moment};
        let mut seen = Seen::default();
        let me = self.account_email().unwrap_or_default();
        let now = self.now_utc().to_rfc3339_opts(SecondsFormat::Secs, true);
        for change in changes {
            let (id, action, actor, detail) = match change {
                Change::Cancel { id, .. } => {
                    let Ok(Some(before)) = self.store.event_brief(calendar_id, id) else {
                        continue;
                    };
                    if before.kind != rdv_core::conventions::EventKind::Booking {
                        continue;
                    }
                    (
                        id,
                        "cancelled",
                        cancel_authors.get(id).cloned(),
                        serde_json::json!({ "from": before.start, "type": before.appointment_type }),
                    )
                }
                Change::Upsert(e) => {
                    if e.kind != rdv_core::conventions::EventKind::Booking {
                        continue;
                    }
                    let Ok(Some(before)) = self.store.event_brief(calendar_id, &e.id) else {
                        // Not cached yet: a new booking (from the site, or typed in Google; one
                        // made here by this account is no news to it).
                        if let Moment::At(start) = e.start
                            && start > self.now_utc()
                            && !e
                                .marks
                                .actor
                                .as_deref()
                                .is_some_and(|a| a.eq_ignore_ascii_case(&me))
                        {
                            seen.alerts.push(Alert {
                                what: "new",
                                start,
                                type_name: type_label(e),
                                patient: patient_label(e),
                                open: Some(format!("{calendar_id}/{}", e.id)),
                            });
                        }
                        continue;
                    };
                    self.log_marks(calendar_id, &before, e, &me, &now, &mut seen);
                    let Moment::At(start) = e.start else { continue };
                    let moved = Moment::decode(&before.start).is_some_and(|m| m.utc() != start);
                    if !moved {
                        continue;
                    }
                    (
                        &e.id,
                        "moved",
                        author_of(e, "move"),
                        serde_json::json!({
                            "from": before.start,
                            "to": start.to_rfc3339_opts(SecondsFormat::Secs, true),
                        }),
                    )
                }
            };
            if actor
                .as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case(&me))
            {
                continue; // our own edit, logged when it was applied
            }
            if action == "cancelled"
                && (self
                    .store
                    .activity_has(calendar_id, id, "cancel")
                    .unwrap_or(false)
                    || seen
                        .activity
                        .iter()
                        .any(|a| &a.event_id == id && a.action == "cancelled"))
            {
                continue;
            }
            let entry = ActivityRow {
                id: 0,
                at: now.clone(),
                actor: actor.unwrap_or_else(|| "Google Agenda".into()),
                origin: "google".into(),
                calendar_id: calendar_id.to_owned(),
                event_id: id.clone(),
                action: action.into(),
                detail: Some(detail.to_string()),
            };
            seen.activity.push(entry);
            match change {
                Change::Cancel { .. } => {
                    if let Some(Moment::At(start)) =
                        detail["from"].as_str().and_then(Moment::decode)
                        && start > self.now_utc()
                    {
                        seen.alerts.push(Alert {
                            what: "cancelled",
                            start,
                            type_name: detail["type"].as_str().unwrap_or("").to_owned(),
                            patient: None,
                            open: None,
                        });
                    }
                }
                Change::Upsert(e) => {
                    if let Moment::At(start) = e.start {
                        seen.alerts.push(Alert {
                            what: "moved",
                            start,
                            type_name: type_label(e),
                            patient: patient_label(e),
                            open: Some(format!("{calendar_id}/{}", e.id)),
                        });
                    }
                }
            }
        }
        seen
    }
}

impl App {
    /// Logs, into `seen`, what someone else changed on booking `e` besides its time: the
    /// attendance (`attendance`, with its new value), the internal note (`note`), and an event
    /// of the calendar's own made a booking by *Compléter* (`complete`). Each by its author when
    /// the last edit is that change ([`author_of`]); our own edits are logged when applied.
    fn log_marks(
        &self,
        calendar_id: &str,
        before: &rdv_store::EventBrief,
        e: &rdv_store::EventRecord,
        me: &str,
        now: &str,
        seen: &mut Seen,
    ) {
        use rdv_core::conventions::EventKind;
        let mut changed: Vec<(&str, serde_json::Value)> = Vec::new();
        if before.kind == EventKind::Other && e.kind == EventKind::Booking {
            changed.push(("complete", serde_json::json!({ "from": before.start })));
        } else if before.kind == EventKind::Booking {
            if before.marks.attendance != e.marks.attendance {
                changed.push((
                    "attendance",
                    serde_json::json!({ "attendance": e.marks.attendance }),
                ));
            }
            if before.marks.note != e.marks.note {
                changed.push(("note", serde_json::json!({})));
            }
        }
        for (action, detail) in changed {
            let actor = author_of(e, action);
            if actor.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(me)) {
                continue; // our own edit, logged when it was applied
            }
            seen.activity.push(rdv_store::ActivityRow {
                id: 0,
                at: now.to_owned(),
                actor: actor.unwrap_or_else(|| "Google Agenda".into()),
                origin: "google".into(),
                calendar_id: calendar_id.to_owned(),
                event_id: e.id.clone(),
                action: action.into(),
                detail: Some(detail.to_string()),
            });
        }
    }
}

/// Who made change `action` (`move`, `attendance`, `note`, `complete`) on `e`: its `rdv.actor`
/// when its last edit through an app (`rdv.action`) is that change; `None` otherwise (made in
/// Google Agenda itself, after an app's edit of something else).
fn author_of(e: &rdv_store::EventRecord, action: &str) -> Option<String> {
    (e.marks.action.as_deref() == Some(action))
        .then(|| e.marks.actor.clone())
        .flatten()
        .filter(|a| !a.trim().is_empty())
}

/// What a sync batch brings to the activity log and the alerts.
#[derive(Default)]
struct Seen {
    /// Entries written with the batch, in its transaction.
    activity: Vec<rdv_store::ActivityRow>,
    /// Alerts shown once the batch is committed.
    alerts: Vec<Alert>,
}

/// One *nouveau / annulé / déplacé* alert, shown after the batch that brought it is committed.
struct Alert {
    what: &'static str,
    start: DateTime<Utc>,
    type_name: String,
    patient: Option<String>,
    open: Option<String>,
}

/// « Consultation » from a booking's summary, else its type id.
fn type_label(e: &rdv_store::EventRecord) -> String {
    e.summary
        .as_deref()
        .and_then(|s| s.split(" – ").next())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .or(e.appointment_type.as_deref())
        .unwrap_or("Rendez-vous")
        .to_owned()
}

fn patient_label(e: &rdv_store::EventRecord) -> Option<String> {
    let name = [e.first_name.as_deref(), e.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    (!name.trim().is_empty()).then_some(name)
}

/// Lists every page of one sync of one calendar. Nothing is stored until all pages are in.
async fn fetch(
    client: &CalendarClient,
    token: &Sensitive<String>,
    calendar_id: &str,
    sync_token: Option<String>,
    window: Window,
) -> Result<SyncBatch, AppError> {
    let full = sync_token.is_none();
    let mut changes = Vec::new();
    let mut page_token: Option<String> = None;
    let mut pager = rdv_google::calendar::Pager::default();
    let mut skipped = 0u32;
    let mut without_length = 0u32;
    loop {
        let base = match &sync_token {
            Some(t) => ListEvents::incremental(t.clone()),
            None => ListEvents::window(Some(window.from), None),
        };
        let request = match &page_token {
            Some(p) => base.page(p.clone()),
            None => base,
        };
        let request = ListEvents {
            max_results: PAGE_SIZE,
            ..request
        };
        let page = client.list_events(token, calendar_id, &request).await?;
        for event in &page.items {
            match change_from_event(event) {
                Some(change) => {
                    if let rdv_store::Change::Upsert(e) = &change
                        && e.span_issue().is_some()
                    {
                        without_length += 1;
                    }
                    changes.push(change);
                }
                None => skipped += 1,
            }
        }
        let next = pager
            .next(page.next_page_token)
            .map_err(AppError::Calendar)?;
        match (next, page.next_sync_token) {
            (Some(next), _) => page_token = Some(next),
            (None, Some(next_sync_token)) => {
                if skipped > 0 {
                    tracing::warn!(skipped, "events without a usable start or end were skipped");
                }
                if without_length > 0 {
                    tracing::warn!(
                        count = without_length,
                        "events whose end is not after their start: kept as Google holds them, \
                         shown at their start with no length and flagged"
                    );
                }
                return Ok(SyncBatch {
                    calendar_id: calendar_id.to_owned(),
                    full,
                    changes,
                    next_sync_token,
                });
            }
            (None, None) => {
                return Err(AppError::Calendar(CalendarError::InvalidResponse(
                    "the last page of events carried no sync token".into(),
                )));
            }
        }
    }
}
