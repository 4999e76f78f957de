//! The activity log: what was done to bookings, by whom and when — every edit the outbox
//! applied (written in the same transaction), and what sync saw done elsewhere.

use crate::ipc::ActivityEntry;
use crate::outbox::stamp;
use crate::{App, AppError};
use rdv_core::conventions::{ACTION_AT_KEY, ACTOR_KEY, ATTENDANCE_KEY, CANCEL_REASON_KEY};
use rdv_store::{ActivityRow, OutboxRow};
use serde_json::{Value, json};

impl App {
    /// The activity-log row of an applied outbox edit (written with it, in one transaction).
    pub(crate) fn activity_of(&self, item: &OutboxRow) -> ActivityRow {
        let payload: Value = serde_json::from_str(&item.payload).unwrap_or(json!({}));
        let private = &payload["extendedProperties"]["private"];
        // A new booking is logged with its start (as a cancellation is), a move with both ends.
        let (from, to) = if item.action == crate::booking_new::CREATE {
            (payload["start"]["dateTime"].clone(), Value::Null)
        } else {
            (
                json!(
                    self.store
                        .event_brief(&item.calendar_id, &item.event_id)
                        .ok()
                        .flatten()
                        .map(|b| b.start)
                ),
                payload["start"]["dateTime"].clone(),
            )
        };
        let detail = json!({
            "from": from,
            "to": to,
            "reason": private[CANCEL_REASON_KEY],
            "attendance": private[ATTENDANCE_KEY],
        });
        ActivityRow {
            id: 0,
            at: private[ACTION_AT_KEY]
                .as_str()
                .map_or_else(|| stamp(self.now_utc()), str::to_owned),
            actor: private[ACTOR_KEY].as_str().unwrap_or_default().to_owned(),
            origin: "app".into(),
            calendar_id: item.calendar_id.clone(),
            event_id: item.event_id.clone(),
            action: item.action.clone(),
            detail: Some(detail.to_string()),
        }
    }

    /// The latest activity, newest first.
    pub fn activity_log(&self, limit: usize) -> Result<Vec<ActivityEntry>, AppError> {
        self.ensure_unlocked()?;
        let me = self.account_email();
        Ok(self
            .store
            .activity(limit.min(1000))?
            .into_iter()
            .map(|a| {
                let detail: Value = a
                    .detail
                    .as_deref()
                    .and_then(|d| serde_json::from_str(d).ok())
                    .unwrap_or(json!({}));
                let text = |k: &str| detail[k].as_str().map(str::to_owned);
                ActivityEntry {
                    by_you: crate::sharing::is_the_account(&a.actor, me.as_deref()),
                    at: a.at,
                    actor: a.actor,
                    origin: a.origin,
                    calendar_id: a.calendar_id,
                    event_id: a.event_id,
                    action: a.action,
                    from: text("from"),
                    to: text("to"),
                    reason: text("reason"),
                    attendance: text("attendance"),
                }
            })
            .collect())
    }
}
