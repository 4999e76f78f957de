//! The server's adapters of the app's ports: events and notifications go to every open event
//! stream (`GET /api/events`) through one broadcast channel.

use rdv_app::ipc::{AccountState, PublishProgress, SyncStatus};
use rdv_app::ports::{EventSink, events};
use rdv_core::ports::{Notification, Notifier, NotifyError};
use serde::Serialize;
use serde_json::Value;
use tokio::sync::broadcast;

/// The name of the server-sent event that carries a notification (`{title, body, open}`): the
/// browser's stand-in for a desktop notification.
pub const NOTIFICATION: &str = "notification";

/// One event for the UI: its name (one of [`rdv_app::ports::events`] or [`NOTIFICATION`]) and
/// its JSON payload (`null` when it has none).
#[derive(Debug, Clone, PartialEq)]
pub struct AppEvent {
    /// The server-sent event's `event:` name.
    pub name: &'static str,
    /// Its `data:`.
    pub data: Value,
}

/// Sends `payload` as the event `name` to whoever listens (nobody listening is fine).
fn broadcast<T: Serialize>(sender: &broadcast::Sender<AppEvent>, name: &'static str, payload: T) {
    match serde_json::to_value(payload) {
        Ok(data) => {
            let _ = sender.send(AppEvent { name, data });
        }
        Err(e) => tracing::warn!(event = name, error = %e, "cannot encode an event"),
    }
}

/// The app's [`EventSink`]: each change becomes one server-sent event.
#[derive(Debug, Clone)]
pub struct BroadcastEvents(pub broadcast::Sender<AppEvent>);

impl EventSink for BroadcastEvents {
    fn sync_status(&self, status: &SyncStatus) {
        broadcast(&self.0, events::SYNC_STATUS, status);
    }

    fn account_state(&self, state: &AccountState) {
        broadcast(&self.0, events::ACCOUNT_STATE, state);
    }

    fn data_changed(&self) {
        broadcast(&self.0, events::DATA_CHANGED, ());
    }

    fn publish_progress(&self, calendar_id: &str, done: u32, total: u32) {
        let progress = PublishProgress {
            calendar_id: calendar_id.to_owned(),
            done,
            total,
        };
        broadcast(&self.0, events::PUBLISH_PROGRESS, progress);
    }

    fn outbox_changed(&self) {
        broadcast(&self.0, events::OUTBOX_CHANGED, ());
    }

    fn lock_changed(&self, locked: bool) {
        broadcast(&self.0, events::LOCK_CHANGED, locked);
    }
}

/// The app's [`Notifier`]: a notification becomes a [`NOTIFICATION`] event for the browser. The
/// log says only that one was sent (its text may name a patient).
#[derive(Debug, Clone)]
pub struct EventNotifier(pub broadcast::Sender<AppEvent>);

/// What a [`NOTIFICATION`] event carries.
#[derive(Debug, Serialize)]
struct NotificationPayload<'a> {
    title: &'a str,
    body: &'a str,
    open: Option<&'a str>,
}

impl Notifier for EventNotifier {
    fn notify(&self, notification: &Notification) -> Result<(), NotifyError> {
        tracing::info!("notification sent to the event stream");
        let payload = NotificationPayload {
            title: &notification.title,
            body: &notification.body,
            open: notification.open.as_deref(),
        };
        broadcast(&self.0, NOTIFICATION, payload);
        Ok(())
    }
}
