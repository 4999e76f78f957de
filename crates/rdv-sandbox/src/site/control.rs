//! The booking site's knobs on [`Control`]: records, SMS, configuration, users, the plugin's
//! presence, cursor expiry.

use serde_json::Value;

use super::bookings::SiteBooking;
use super::sms::{SiteSms, SiteSmsKind, SiteSmsStatus};
use super::{SiteUser, config, normalize_password};
use crate::Control;

impl Control {
    /// Adds a booking record to the site (or replaces the record with the same event id), as if
    /// the site's form had just saved it: it enters the `GET /bookings` feed.
    pub fn add_site_booking(&self, booking: SiteBooking) {
        self.with(|w| {
            let id = booking.event_id.clone();
            w.site_write(&id, Some(booking));
        });
    }

    /// A live record of the site (`None` when unknown, erased or expired).
    pub fn site_booking(&self, event_id: &str) -> Option<SiteBooking> {
        self.with(|w| {
            w.site_housekeeping();
            w.site.entries.get(event_id).and_then(|e| e.booking.clone())
        })
    }

    /// A record as `GET /bookings` shows it (a tombstone `{id, deleted: true, deletedAt}` once
    /// erased or expired; `None` when never known or its tombstone is gone).
    pub fn site_record(&self, event_id: &str) -> Option<Value> {
        self.with(|w| {
            w.site_housekeeping();
            w.site.entries.get(event_id).map(|e| e.json())
        })
    }

    /// Changes one SMS status of a record (the SMS platform reporting back); the record changes
    /// in the feed.
    ///
    /// # Panics
    /// When the site has no live record with this id.
    pub fn set_site_sms_status(&self, event_id: &str, kind: SiteSmsKind, status: SiteSmsStatus) {
        self.with(|w| {
            let mut booking = live(w, event_id);
            booking.set_sms(kind, status);
            w.site_write(event_id, Some(booking));
        });
    }

    /// The site sends one SMS of a record now (its template, billed in this month's usage; the
    /// status becomes `sent`), whatever the options say; returns it.
    ///
    /// # Panics
    /// When the site has no live record with this id, or it has no phone.
    pub fn send_site_sms(&self, event_id: &str, kind: SiteSmsKind) -> SiteSms {
        self.with(|w| {
            let mut booking = live(w, event_id);
            assert!(
                booking.phone.is_some(),
                "site record {event_id} has no phone"
            );
            let sms = w.site_send_sms(&mut booking, kind);
            w.site_write(event_id, Some(booking));
            sms
        })
    }

    /// Every SMS the site sent since it started (demo usage is counters only), oldest first.
    pub fn site_sms_sent(&self) -> Vec<SiteSms> {
        self.with(|w| w.site.sms_log.clone())
    }

    /// Adds to the SMS counters of a month (`YYYY-MM`).
    ///
    /// # Panics
    /// When `month` is not `YYYY-MM`.
    pub fn add_site_sms_usage(&self, month: &str, kind: SiteSmsKind, messages: u32, segments: u32) {
        assert!(
            super::sms::is_month(month),
            "month {month:?} is not YYYY-MM"
        );
        self.with(|w| w.site_bill(month, kind, messages, segments));
    }

    /// The site's configuration document, as `GET /config` returns it.
    pub fn site_config(&self) -> Value {
        self.with(|w| w.site.config.clone())
    }

    /// Replaces the configuration as the site's settings page would (read-only fields included:
    /// price, consent version, practice), after the checks of `PUT /config`.
    ///
    /// # Panics
    /// When the document has problems (listed in the message).
    pub fn set_site_config(&self, config: Value) {
        self.with(|w| {
            let mut current = config.clone();
            for key in ["consentTextVersion", "practice"] {
                if current.get(key).is_none() {
                    current[key] = w.site.config[key].clone();
                }
            }
            if current["sms"].get("pricePerSegment").is_none() {
                current["sms"]["pricePerSegment"] = w.site.config["sms"]["pricePerSegment"].clone();
            }
            w.site.config = config::validate(&config, &current)
                .unwrap_or_else(|p| panic!("set_site_config: {p:?}"));
            w.site_housekeeping();
        });
    }

    /// Adds a WordPress user with an Application Password; `can_manage = false` makes a user
    /// without the plugin's capability (its requests → `403 rest_forbidden`).
    pub fn add_site_user(&self, login: &str, app_password: &str, can_manage: bool) {
        self.with(|w| {
            w.site.users.insert(
                login.to_owned(),
                SiteUser {
                    password: normalize_password(app_password),
                    can_manage,
                },
            );
        });
    }

    /// Activates or deactivates the plugin: inactive, every route answers `404 rest_no_route`
    /// (the plugin is not installed, as the app sees it).
    pub fn set_site_plugin_active(&self, active: bool) {
        self.with(|w| w.site.active = active);
    }

    /// Sets how the plugin's own Google link stands in `GET /status` (`ok`, `revoked`,
    /// `unlinked`): the practitioner revoked the site's access in her Google account.
    pub fn set_site_google_state(&self, state: &str) {
        let state = state.to_owned();
        self.with(move |w| w.site.google_state = state);
    }

    /// Every booking cursor handed out so far expires (their next use → `410
    /// rdv_cursor_expired`), as when old tombstones are dropped.
    pub fn expire_site_cursors(&self) {
        self.with(|w| {
            let stamp = w.next_stamp();
            w.site.cursor_floor = stamp;
            w.site.high_water = w.site.high_water.max(stamp);
        });
    }
}

fn live(w: &crate::world::World, event_id: &str) -> SiteBooking {
    w.site
        .entries
        .get(event_id)
        .and_then(|e| e.booking.clone())
        .unwrap_or_else(|| panic!("no live site record {event_id:?}"))
}
