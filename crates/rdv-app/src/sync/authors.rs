//! Who did what, as the other installation sees it (issue #15 point 8). An edit made through
//! the app writes its author in the same `PATCH` (`rdv.actor`, `rdv.action`,
//! docs/calendar-conventions.md), and sync reads it from the event — but Google strips a
//! cancelled event to `{kind, etag, id, status}` in an incremental listing, while `events.get`
//! on the organizer's calendar still returns it with its details
//! (../shared/reference/google-calendar-notes.md §2, « On the organizer's calendar cancelled
//! events keep their details »; the sandbox test `a_cancelling_patch_is_stripped_in_sync_but_get_keeps_its_markers`).
//! So for each cached booking a batch cancels, sync reads the event once (bounded per calendar
//! and sync) before the batch is applied.

use crate::AppError;
use rdv_core::Sensitive;
use rdv_core::conventions::{ACTION_KEY, ACTOR_KEY, EventKind};
use rdv_google::calendar::{CalendarClient, CalendarError};
use rdv_store::{Change, Store};
use std::collections::HashMap;

/// At most this many cancelled bookings are read back per calendar and sync; past it the
/// others are logged as « Google Agenda » (a mass cancellation is not worth a burst of reads).
pub const MAX_AUTHOR_READS: usize = 20;

/// For the cached bookings `changes` cancels: who cancelled each (`rdv.actor`), when the
/// event's last edit through an app was that cancellation (`rdv.action=cancel`) — a
/// cancellation made in Google Agenda itself has no author and is not in the map. A booking
/// whose cancellation this installation has in its outbox is `me`'s, without a read (the
/// outbox logs it when it confirms it). A network
/// failure or a refused token fails the sync (nothing applied, tried again); any other error
/// leaves the author unknown.
pub(super) async fn cancel_authors(
    store: &Store,
    client: &CalendarClient,
    token: &Sensitive<String>,
    calendar_id: &str,
    changes: &[Change],
    me: &str,
) -> Result<HashMap<String, String>, AppError> {
    let mut authors = HashMap::new();
    let ours: Vec<String> = store
        .outbox()?
        .into_iter()
        .filter(|row| row.calendar_id == calendar_id && row.action == "cancel")
        .map(|row| row.event_id)
        .collect();
    let mut to_read: Vec<&String> = Vec::new();
    for c in changes {
        let Change::Cancel { id, .. } = c else {
            continue;
        };
        if ours.contains(id) {
            authors.insert(id.clone(), me.to_owned());
        } else if to_read.len() < MAX_AUTHOR_READS
            && store
                .event_brief(calendar_id, id)?
                .is_some_and(|b| b.kind == EventKind::Booking)
        {
            to_read.push(id);
        }
    }
    for id in to_read {
        match client.get_event(token, calendar_id, id, None).await {
            Ok(event) => {
                let private = event
                    .extended_properties
                    .as_ref()
                    .and_then(|p| p.private.as_ref());
                let get = |k: &str| private.and_then(|p| p.get(k)).map(|v| v.expose().trim());
                if event.status.as_deref() == Some("cancelled")
                    && get(ACTION_KEY) == Some("cancel")
                    && let Some(actor) = get(ACTOR_KEY).filter(|a| !a.is_empty())
                {
                    authors.insert(id.clone(), actor.to_owned());
                }
            }
            Err(e) if e.is_offline() || matches!(e, CalendarError::Unauthorized) => {
                return Err(AppError::Calendar(e));
            }
            Err(e) => {
                tracing::debug!(error = %e, "who cancelled a booking could not be read");
            }
        }
    }
    Ok(authors)
}
