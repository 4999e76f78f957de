//! The sandbox's whole state, in memory behind one mutex: accounts, calendars with their events
//! and ACL, OAuth grants, knobs. Every change takes a strictly increasing microsecond *stamp*
//! from the sandbox clock; stamps drive `updated`, etags and sync tokens.

use std::collections::BTreeMap;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde_json::{Map, Value};

use crate::Consent;
#[cfg(feature = "testing")]
use crate::control::{Fault, RecordedRequest};
use crate::oauth::OAuthStore;

/// State shared by the server and every [`crate::Control`].
#[derive(Debug)]
pub(crate) struct Shared {
    world: Mutex<World>,
}

impl Shared {
    pub(crate) fn new(base_url: String, consent: Consent) -> Self {
        Self {
            world: Mutex::new(World::new(base_url, consent)),
        }
    }

    /// Locks the state; a panic in another holder does not poison the sandbox for the others.
    pub(crate) fn lock(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Access a user has to a calendar, in Google's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Role {
    None,
    FreeBusyReader,
    Reader,
    Writer,
    Owner,
}

impl Role {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Role::None => "none",
            Role::FreeBusyReader => "freeBusyReader",
            Role::Reader => "reader",
            Role::Writer => "writer",
            Role::Owner => "owner",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "none" => Role::None,
            "freeBusyReader" => Role::FreeBusyReader,
            "reader" => Role::Reader,
            "writer" => Role::Writer,
            "owner" => Role::Owner,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Account {
    pub email: String,
    pub display_name: String,
    pub sub: String,
}

/// One stored event: a single event, a recurring master, or an exception (modified or cancelled
/// instance, whose id is an instance id). Cancelled events stay as tombstones for sync.
#[derive(Debug, Clone)]
pub(crate) struct StoredEvent {
    /// Insertion order: the stable default ordering of listings.
    pub seq: u64,
    /// Stamp of the last change.
    pub stamp: i64,
    /// The resource as stored (server fields included; `dateTime`s normalised to UTC).
    pub body: Map<String, Value>,
}

#[derive(Debug, Clone)]
pub(crate) struct AclRule {
    pub scope_type: String,
    pub scope_value: Option<String>,
    /// `Role::None` = deleted rule (listed with `showDeleted` / sync).
    pub role: Role,
    pub stamp: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct Calendar {
    pub id: String,
    pub summary: String,
    pub description: String,
    pub time_zone: Tz,
    /// The data owner (the account whose primary calendar this is).
    pub owner: String,
    pub color_id: u8,
    pub meta_stamp: i64,
    pub events: BTreeMap<String, StoredEvent>,
    /// Stamp of the last event change (the value of a fresh sync token).
    pub event_change: i64,
    /// Event sync tokens older than this are expired.
    pub event_floor: i64,
    pub acl: BTreeMap<String, AclRule>,
    pub acl_change: i64,
    pub acl_floor: i64,
    /// The accounts other than the owner whose calendar list holds (or held) this calendar:
    /// a share alone does not put it there, the grantee adds it (`calendarList.insert`).
    pub listed: BTreeMap<String, ListEntry>,
}

/// A calendar's place in one account's calendar list.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ListEntry {
    /// Stamp of the last change of the entry (added, removed).
    pub stamp: i64,
    /// Whether the entry is in the list now (`false`: removed, listed as `deleted` in sync).
    pub present: bool,
}

impl Calendar {
    /// The access `email` has, from the owner and the ACL rules (`user:`, `domain:`, `default`).
    pub(crate) fn role_of(&self, email: &str) -> Role {
        if email == self.owner {
            return Role::Owner;
        }
        let domain = email.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
        self.acl
            .values()
            .filter(|r| match r.scope_type.as_str() {
                "user" | "group" => r.scope_value.as_deref() == Some(email),
                "domain" => r.scope_value.as_deref() == Some(domain),
                "default" => true,
                _ => false,
            })
            .map(|r| r.role)
            .max()
            .unwrap_or(Role::None)
    }

    /// Stamp of the `user:<email>` rule (drives the calendarList entry's changes).
    pub(crate) fn user_rule_stamp(&self, email: &str) -> Option<i64> {
        self.acl.get(&format!("user:{email}")).map(|r| r.stamp)
    }

    /// Whether `email`'s calendar list shows this calendar: always the owner's own; another's
    /// only once added to it (`calendarList.insert`) and while some rule still gives access.
    pub(crate) fn listed_for(&self, email: &str) -> bool {
        email == self.owner
            || (self.role_of(email) != Role::None
                && self.listed.get(email).is_some_and(|e| e.present))
    }
}

#[derive(Debug)]
pub(crate) struct World {
    pub base_url: String,
    clock_offset: chrono::Duration,
    last_stamp: i64,
    next_seq: u64,
    pub accounts: BTreeMap<String, Account>,
    pub calendars: BTreeMap<String, Calendar>,
    pub oauth: OAuthStore,
    pub consent: Consent,
    /// Faults waiting for their requests (control API only).
    #[cfg(feature = "testing")]
    pub faults: Vec<Fault>,
    /// Requests received, for tests counting them (control API only).
    #[cfg(feature = "testing")]
    pub requests: Vec<RecordedRequest>,
    pub empty_pages: u32,
    /// Empty pages served so far: each one's `nextPageToken` is new, as Google's are.
    pub empty_served: u64,
    /// A hostile paging of `events.list` and `instances` (control API), see [`PageFault`].
    pub event_paging: EventPaging,
    /// calendarList sync tokens older than this are expired.
    pub calendar_list_floor: i64,
    /// Lower bound of fresh calendarList sync tokens (moved by token expiry).
    pub calendar_list_touch: i64,
    /// The practitioner's booking site (docs/booking-endpoint.md).
    pub site: crate::site::Site,
    /// The SMS provider's stand-in (Brevo's transactional SMS API).
    pub sms: crate::brevo::Provider,
}

/// How `events.list` and `instances` page (set through the control API).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventPaging {
    /// As Google documents it: a `nextPageToken` while there is more, then the final token.
    Honest,
    /// Every page empty, each with a new `nextPageToken`: a chain that never ends.
    Endless,
    /// Every page carries the `nextPageToken` it was asked with (the first page's for the
    /// first request): the same token for ever.
    Stuck,
}

/// What the page being served does, decided before it is built.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageFault {
    /// The page as it is.
    None,
    /// An empty page whose `nextPageToken` resumes at the same place (number `serial`).
    Empty {
        /// Makes each empty page's token new.
        serial: u64,
    },
    /// The page's items with the `nextPageToken` of its own place.
    Stuck,
}

impl World {
    /// The fault of the next listing page (ACL, calendar list): [`Self::empty_pages`] only.
    pub(crate) fn page_fault(&self) -> PageFault {
        if self.empty_pages > 0 {
            PageFault::Empty {
                serial: self.empty_served,
            }
        } else {
            PageFault::None
        }
    }

    /// The fault of the next `events.list` or `instances` page: [`Self::event_paging`], then
    /// [`Self::empty_pages`].
    pub(crate) fn event_page_fault(&self) -> PageFault {
        match self.event_paging {
            EventPaging::Honest => self.page_fault(),
            EventPaging::Endless => PageFault::Empty {
                serial: self.empty_served,
            },
            EventPaging::Stuck => PageFault::Stuck,
        }
    }

    /// Counts a page served with `fault`.
    pub(crate) fn page_served(&mut self, fault: PageFault) {
        if let PageFault::Empty { .. } = fault {
            self.empty_served += 1;
            self.empty_pages = self.empty_pages.saturating_sub(1);
        }
    }

    fn new(base_url: String, consent: Consent) -> Self {
        Self {
            base_url,
            clock_offset: chrono::Duration::zero(),
            last_stamp: 0,
            next_seq: 0,
            accounts: BTreeMap::new(),
            calendars: BTreeMap::new(),
            oauth: OAuthStore::default(),
            consent,
            #[cfg(feature = "testing")]
            faults: Vec::new(),
            #[cfg(feature = "testing")]
            requests: Vec::new(),
            empty_pages: 0,
            empty_served: 0,
            event_paging: EventPaging::Honest,
            calendar_list_floor: 0,
            calendar_list_touch: 0,
            site: crate::site::Site::new(),
            sms: crate::brevo::Provider::default(),
        }
    }

    /// The sandbox clock: the system clock plus what [`crate::Control::advance_time`] added.
    pub(crate) fn now(&self) -> DateTime<Utc> {
        Utc::now() + self.clock_offset
    }

    /// Sets the sandbox clock to `now`; it runs on from there with the system clock.
    pub(crate) fn start_clock_at(&mut self, now: DateTime<Utc>) {
        self.clock_offset = now - Utc::now();
    }

    #[cfg(feature = "testing")]
    pub(crate) fn advance(&mut self, by: chrono::Duration) {
        self.clock_offset += by;
    }

    /// A new change stamp: microseconds of the sandbox clock, strictly increasing.
    pub(crate) fn next_stamp(&mut self) -> i64 {
        let now = self.now().timestamp_micros();
        self.last_stamp = now.max(self.last_stamp + 1);
        self.last_stamp
    }

    pub(crate) fn next_seq(&mut self) -> u64 {
        self.next_seq += 1;
        self.next_seq
    }

    /// Creates the account and its primary calendar (id = email), or renames it.
    pub(crate) fn ensure_account(&mut self, email: &str, display_name: Option<&str>) {
        let email = email.trim().to_lowercase();
        if let Some(account) = self.accounts.get_mut(&email) {
            if let Some(name) = display_name {
                account.display_name = name.to_owned();
            }
            return;
        }
        let name = display_name
            .map(str::to_owned)
            .unwrap_or_else(|| default_display_name(&email));
        self.accounts.insert(
            email.clone(),
            Account {
                sub: crate::ids::sub_for(&email),
                email: email.clone(),
                display_name: name,
            },
        );
        let stamp = self.next_stamp();
        let color_id = 1 + (crate::ids::small_hash(&email) % 24) as u8;
        let owner_rule = AclRule {
            scope_type: "user".into(),
            scope_value: Some(email.clone()),
            role: Role::Owner,
            stamp,
        };
        self.calendars.insert(
            email.clone(),
            Calendar {
                id: email.clone(),
                summary: email.clone(),
                description: String::new(),
                time_zone: chrono_tz::Europe::Paris,
                owner: email.clone(),
                color_id,
                meta_stamp: stamp,
                events: BTreeMap::new(),
                event_change: stamp,
                event_floor: 0,
                acl: BTreeMap::from([(format!("user:{email}"), owner_rule)]),
                acl_change: stamp,
                acl_floor: 0,
                listed: BTreeMap::new(),
            },
        );
    }

    /// Sets (or, with `Role::None`, deletes) an ACL rule; returns the rule id.
    pub(crate) fn set_rule(
        &mut self,
        calendar_id: &str,
        scope_type: &str,
        scope_value: Option<&str>,
        role: Role,
    ) -> Option<String> {
        let stamp = self.next_stamp();
        let cal = self.calendars.get_mut(calendar_id)?;
        let id = match scope_value {
            Some(v) => format!("{scope_type}:{v}"),
            None => scope_type.to_owned(),
        };
        cal.acl.insert(
            id.clone(),
            AclRule {
                scope_type: scope_type.to_owned(),
                scope_value: scope_value.map(str::to_owned),
                role,
                stamp,
            },
        );
        cal.acl_change = stamp;
        // A removed share takes the calendar out of the grantee's list.
        if let (Role::None, "user", Some(email)) = (role, scope_type, scope_value)
            && let Some(entry) = cal.listed.get_mut(email)
            && entry.present
        {
            *entry = ListEntry {
                stamp,
                present: false,
            };
        }
        Some(id)
    }

    /// Puts a calendar in `email`'s calendar list (what `calendarList.insert` does); `None`
    /// when the calendar does not exist or no rule gives `email` access to it. Adding one
    /// already listed changes nothing.
    pub(crate) fn add_to_list(&mut self, calendar_id: &str, email: &str) -> Option<()> {
        let cal = self.calendars.get(calendar_id)?;
        if cal.role_of(email) == Role::None {
            return None;
        }
        if cal.listed_for(email) {
            return Some(());
        }
        let stamp = self.next_stamp();
        let cal = self.calendars.get_mut(calendar_id)?;
        cal.listed.insert(
            email.to_owned(),
            ListEntry {
                stamp,
                present: true,
            },
        );
        Some(())
    }

    /// Every sync token issued so far becomes invalid (→ 410 on its next use).
    #[cfg(feature = "testing")]
    pub(crate) fn expire_sync_tokens(&mut self) {
        let stamp = self.next_stamp();
        for cal in self.calendars.values_mut() {
            cal.event_floor = stamp;
            cal.event_change = stamp;
            cal.acl_floor = stamp;
            cal.acl_change = stamp;
        }
        self.calendar_list_floor = stamp;
        self.calendar_list_touch = stamp;
    }

    pub(crate) fn role(&self, calendar_id: &str, email: &str) -> Role {
        self.calendars
            .get(calendar_id)
            .map(|c| c.role_of(email))
            .unwrap_or(Role::None)
    }
}

/// "dr.camille.laurent@example.fr" → "Dr Camille Laurent".
fn default_display_name(email: &str) -> String {
    let local = email.split('@').next().unwrap_or(email);
    local
        .split(['.', '_', '-'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_uppercase().chain(c).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_strictly_increase_even_within_one_microsecond() {
        let mut w = World::new("http://127.0.0.1:1/".into(), Consent::Page);
        let a = w.next_stamp();
        let b = w.next_stamp();
        let c = w.next_stamp();
        assert!(a < b && b < c, "every change needs its own stamp");
    }

    #[test]
    fn a_display_name_is_derived_from_the_address() {
        assert_eq!(
            default_display_name("dr.camille.laurent@example.fr"),
            "Dr Camille Laurent"
        );
    }

    #[test]
    fn the_owner_and_acl_rules_decide_the_role() {
        let mut w = World::new("http://127.0.0.1:1/".into(), Consent::Page);
        w.ensure_account("a@example.fr", None);
        assert_eq!(w.role("a@example.fr", "a@example.fr"), Role::Owner);
        assert_eq!(w.role("a@example.fr", "b@example.fr"), Role::None);
        w.set_rule("a@example.fr", "user", Some("b@example.fr"), Role::Reader);
        assert_eq!(w.role("a@example.fr", "b@example.fr"), Role::Reader);
        w.set_rule("a@example.fr", "domain", Some("example.fr"), Role::Writer);
        assert_eq!(
            w.role("a@example.fr", "b@example.fr"),
            Role::Writer,
            "the strongest matching rule wins"
        );
    }
}
