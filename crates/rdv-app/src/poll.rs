//! How often to poll Google (PRODUCT.md art. 4.2: bookings must appear quickly; Google push needs
//! a public HTTPS webhook, which a desktop app does not have). An unchanged incremental sync costs
//! one request per calendar, so polling is cheap; it adapts to what the user sees.

use crate::ipc::SyncState;
use std::time::Duration;

/// While the window is shown.
pub const VISIBLE: Duration = Duration::from_secs(60);
/// While the app sits in the tray.
pub const IN_TRAY: Duration = Duration::from_secs(5 * 60);
/// Longest wait between attempts while offline or failing.
pub const MAX_BACKOFF: Duration = Duration::from_secs(10 * 60);

/// The delay before the next automatic sync.
///
/// Offline or failing, retries back off from 30 s, doubling per consecutive failure, up to
/// [`MAX_BACKOFF`] — but never wait longer than the normal interval would while visible, so a
/// returning connection is noticed within a minute of the user looking.
pub fn next_delay(window_visible: bool, state: SyncState, consecutive_failures: u32) -> Duration {
    let normal = if window_visible { VISIBLE } else { IN_TRAY };
    match state {
        SyncState::Offline | SyncState::Error => {
            let backoff = Duration::from_secs(30)
                .saturating_mul(1u32 << consecutive_failures.saturating_sub(1).min(8))
                .min(MAX_BACKOFF);
            if window_visible {
                backoff.min(VISIBLE)
            } else {
                backoff
            }
        }
        SyncState::NoAccount | SyncState::Idle | SyncState::Syncing => normal,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polling_is_frequent_while_visible_and_slower_in_the_tray() {
        assert_eq!(next_delay(true, SyncState::Idle, 0), VISIBLE);
        assert_eq!(next_delay(false, SyncState::Idle, 0), IN_TRAY);
    }

    #[test]
    fn failures_back_off_up_to_a_cap_but_a_visible_window_rechecks_every_minute() {
        let tray: Vec<u64> = (1..=7)
            .map(|n| next_delay(false, SyncState::Offline, n).as_secs())
            .collect();
        assert_eq!(tray, [30, 60, 120, 240, 480, 600, 600]);
        assert_eq!(next_delay(true, SyncState::Offline, 5), VISIBLE);
        assert_eq!(next_delay(true, SyncState::Error, 1).as_secs(), 30);
    }
}
