//! The types that cross the IPC boundary between the Rust side and the web view.
//!
//! Each is exported to TypeScript in `ui/src/lib/ipc/bindings.ts` by the test
//! `bindings::the_committed_typescript_bindings_are_up_to_date` (run it with
//! `UPDATE_BINDINGS=1` to regenerate after a change; CI fails when the file drifts).

use rdv_core::Language;
pub use rdv_core::availability::{
    AppointmentType, Closure, Day, Exceptions, ExtraOpening, Holiday, HolidayPolicy, HolidayRegion,
    PracticeConfig, WeekParity, WeeklyRange, WeeklyTemplate,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The one error shape of every command: `{ code, message }`. `code` tells the UI what to do
/// differently (offer to unlock the keychain, …); `message` is for the user to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    /// What kind of failure, for the UI to branch on.
    pub code: ErrorCode,
    /// A sentence the user can act on. Never contains a secret or personal data.
    pub message: String,
}

/// The failures the UI treats differently. Add a code only when the UI does something different.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// The OS keychain is locked: ask the user to unlock it.
    KeychainLocked,
    /// There is no usable OS keychain in this session.
    KeychainUnavailable,
    /// No desktop notification service answers.
    NotificationsUnavailable,
    /// Google refused the stored authorisation: offer the one-click re-link.
    ReconnectNeeded,
    /// Google (or the network) cannot be reached: show the offline indicator, work from the cache.
    Offline,
    /// The user refused access on Google's consent page.
    OauthDenied,
    /// The browser step did not finish in time, or the user cancelled it.
    OauthCancelled,
    /// The action needs a linked Google account.
    NoAccount,
    /// This installation has no Google OAuth client: explain it and point to the demo mode.
    NotConfigured,
    /// The user's role on the calendar does not allow this (a secretary opening new
    /// availability): show the message, keep the user's edit so nothing is lost.
    Forbidden,
    /// A file or value the user gave is unusable: show the message next to it.
    InvalidInput,
    /// The publish plan changed since it was shown: show the new plan.
    PlanChanged,
    /// The plan deletes more published availability than it keeps: ask for the second,
    /// explicit confirmation before publishing.
    RemovalNotConfirmed,
    /// The target of a move is not a free slot of the booking's type: offer to force it.
    SlotUnavailable,
    /// The app is locked: show the lock screen.
    AppLocked,
    /// A wrong PIN, or too many attempts: show the message on the lock screen.
    WrongPin,
    /// Anything else: show the message.
    Internal,
}

/// The user's preferences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The interface language.
    pub language: Language,
}

/// Where the app keeps its files, for the *À propos* section and for support.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// "RDV Compagnon".
    pub name: String,
    /// The app's version.
    pub version: String,
    /// The folder of the local database.
    pub data_dir: String,
    /// The folder of the log files.
    pub log_dir: String,
}

/// Whether the OS keychain can hold the app's secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum KeychainStatus {
    /// Secrets can be written and read.
    Available,
    /// The keychain exists but is locked.
    Locked {
        /// What the keychain said.
        message: String,
    },
    /// No keychain answers in this session.
    Unavailable {
        /// What went wrong.
        message: String,
    },
}

/// The Google account of this installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum AccountState {
    /// No account linked yet: show the onboarding.
    None,
    /// Waiting for the user to finish on Google's consent page in the browser.
    Linking,
    /// Linked and working.
    Linked {
        /// The account's email address.
        email: String,
        /// True in demo mode (the embedded sandbox, not Google).
        demo: bool,
    },
    /// Google refused the stored authorisation (`invalid_grant`): the user must re-link.
    ReconnectNeeded {
        /// The account's email address.
        email: String,
        /// True in demo mode.
        demo: bool,
    },
}

/// Where synchronisation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SyncState {
    /// No account: nothing to synchronise.
    NoAccount,
    /// Up to date as of `lastSuccessAt`.
    Idle,
    /// A sync is running.
    Syncing,
    /// Google cannot be reached; the app works from its cache.
    Offline,
    /// The last sync failed for another reason (see `message`).
    Error,
}

/// The sync status shown in the UI and the tray.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    /// The current state.
    pub state: SyncState,
    /// When the last sync succeeded (RFC 3339, UTC), if ever.
    pub last_success_at: Option<String>,
    /// What went wrong, for `offline` and `error`.
    pub message: Option<String>,
}

/// What a person may do on a calendar (Google's ACL role, as the calendar list reports it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AccessRole {
    /// Owns the calendar: everything, including sharing and creating availability.
    Owner,
    /// *Secrétaire*: reads, moves and cancels; never creates availability.
    Writer,
    /// *Consultation*: reads only.
    Reader,
    /// *Disponibilités seulement*: free/busy only.
    FreeBusyReader,
}

/// A calendar of the linked account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarInfo {
    /// Google's calendar id.
    pub id: String,
    /// Its name (the user's override if any).
    pub summary: String,
    /// Display colour, `#rrggbb`.
    pub color: String,
    /// Its IANA time zone, e.g. `Europe/Paris`.
    pub time_zone: String,
    /// The linked account's role on it.
    pub access_role: AccessRole,
    /// The account's primary calendar.
    pub primary: bool,
    /// Whether it is synchronised and shown.
    pub selected: bool,
}

/// What an event is, per docs/calendar-conventions.md.
pub use rdv_core::conventions::EventKind;
/// What is wrong with an event's times in Google (an end not after the start).
pub use rdv_core::conventions::SpanIssue;

/// An event for the Agenda view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaEvent {
    /// Event id (instance id for recurring instances).
    pub id: String,
    /// Its calendar.
    pub calendar_id: String,
    /// Booking, availability or other.
    pub kind: EventKind,
    /// What to show: the summary (bookings: motif and patient name).
    pub title: String,
    /// Start, RFC 3339 with offset (all-day: `YYYY-MM-DD`).
    pub start: String,
    /// End (exclusive), same format.
    pub end: String,
    /// An all-day event.
    pub all_day: bool,
    /// Appointment type id (`rdv.type`), if any.
    pub appointment_type: Option<String>,
    /// Bookings: the patient's first and last name, for short labels in narrow columns.
    pub patient_name: Option<String>,
    /// Set when Google holds an end not after the start: the event is shown at its start with
    /// no length (`end == start`) and flagged, for the user to correct it in Google.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub span_issue: Option<SpanIssue>,
}

/// A patient's contact details: exactly the four fields the service collects (PRODUCT.md art. 8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Patient {
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
}

/// An upcoming booking for the Rendez-vous view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Booking {
    /// Event id.
    pub id: String,
    /// Its calendar.
    pub calendar_id: String,
    /// The calendar's name (the practitioner, in secretary mode).
    pub calendar_name: String,
    /// Start, RFC 3339 with offset.
    pub start: String,
    /// End, RFC 3339 with offset.
    pub end: String,
    /// The event's title.
    pub title: String,
    /// Appointment type id (`rdv.type`).
    pub appointment_type: Option<String>,
    /// The patient.
    pub patient: Patient,
    /// Booking source (`site`, `app`, `phone`, `google`).
    pub source: Option<String>,
    /// When the booking was made (`rdv.bookedAt`, else the event's creation), RFC 3339.
    pub booked_at: Option<String>,
    /// The event to act on (differs from `id` for an instance of a recurring event).
    pub event_id: String,
    /// *Absent* / *excusé* mark.
    pub attendance: Option<Attendance>,
    /// Internal note (organisation only).
    pub note: Option<String>,
    /// Who last edited it through the app (an account email).
    pub edited_by: Option<String>,
    /// When (RFC 3339).
    pub edited_at: Option<String>,
    /// What the booking site knows of it (consent, SMS), when a site is linked.
    pub site: Option<SiteInfo>,
    /// Set when Google holds an end not after the start: shown at its start with no length
    /// (`end == start`) and flagged, as in the Agenda.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub span_issue: Option<SpanIssue>,
}

/// What the booking site adds to a booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SiteInfo {
    /// `site`, `phone`, `app`…
    pub source: Option<String>,
    /// When the patient consented (RFC 3339).
    pub consent_at: Option<String>,
    /// The consent text's version.
    pub consent_version: Option<String>,
    /// Confirmation SMS: `pending`, `sent`, `delivered`, `failed`, `none`.
    pub sms_confirmation: Option<String>,
    /// Reminder SMS, same values.
    pub sms_reminder: Option<String>,
}

/// The linked booking site (Réglages → Site de réservation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SiteState {
    /// A site is linked.
    pub linked: bool,
    /// Its address.
    pub url: Option<String>,
    /// The WordPress user.
    pub user: Option<String>,
    /// The site's name, as it said when linked.
    pub site_name: Option<String>,
    /// When its records were last pulled (RFC 3339).
    pub last_sync: Option<String>,
}

/// A character that forces UCS-2, where it is in the text, and its GSM replacement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SmsCharacter {
    /// The character.
    pub character: String,
    /// Its position in the text as typed, in UTF-16 units (JavaScript string index).
    pub index: u32,
    /// The GSM replacement (may be empty: remove it), `null` when there is none.
    pub replacement: Option<String>,
}

/// An SMS text checked and counted on its realistic preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SmsCheck {
    /// `GSM-7` or `UCS-2`.
    pub encoding: String,
    /// Units (septets or UTF-16 units) of the preview.
    pub units: u32,
    /// SMS billed per sending.
    pub segments: u32,
    /// Units per segment (160/153 or 70/67).
    pub per_segment: u32,
    /// Units left in the last segment.
    pub remaining_in_segment: u32,
    /// The characters of the text that force UCS-2.
    pub ucs2_characters: Vec<SmsCharacter>,
    /// The preview with realistic long values.
    pub preview: String,
    /// What blocks validating it (French).
    pub problems: Vec<String>,
    /// Two SMS or more.
    pub costs_several: bool,
    /// The text with every replaceable character replaced (one click).
    pub gsm_version: String,
}

/// The site's SMS texts, each checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SmsTextsState {
    /// Confirmation text.
    pub confirmation: String,
    /// Day-before reminder text.
    pub reminder: String,
    /// Cancellation text.
    pub cancellation: String,
    /// Its check.
    pub confirmation_check: SmsCheck,
    /// Its check.
    pub reminder_check: SmsCheck,
    /// Its check.
    pub cancellation_check: SmsCheck,
    /// The practitioner's name used by `{praticien}`.
    pub practitioner: String,
    /// Price per SMS segment in euros (decimal string).
    pub price_per_segment: Option<String>,
}

/// One month of SMS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsageMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Messages sent.
    pub messages: u32,
    /// Segments billed.
    pub segments: u32,
    /// Cost in euros (decimal string).
    pub cost: String,
    /// Price per segment (decimal string).
    pub price_per_segment: String,
}

/// SMS usage, current and previous month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SmsUsageView {
    /// This month so far.
    pub current: UsageMonth,
    /// Last month (billed).
    pub previous: UsageMonth,
}

/// A problem of an availability configuration, in words a practitioner understands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConfigProblem {
    /// Stable code (`range.overlap`, …), see docs/templates.md.
    pub code: String,
    /// Where: `templates[0].ranges[1]`, indices from 0.
    pub path: String,
    /// What is wrong and what to do (French).
    pub message: String,
    /// The same, in English (the English interface shows it).
    pub message_en: String,
}

/// A calendar's availability configuration and what the user may do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AvailabilityState {
    /// The calendar.
    pub calendar_id: String,
    /// The linked account's role on it.
    pub role: AccessRole,
    /// May open new availability (the owner only, PRODUCT.md art. 4.3).
    pub can_create: bool,
    /// May change or cancel existing availability (owner, secretary).
    pub can_modify: bool,
    /// The configuration as saved (a new one is empty, in the calendar's zone).
    pub config: PracticeConfig,
    /// Its problems; publishing waits until there are none.
    pub problems: Vec<ConfigProblem>,
    /// When it was last saved (RFC 3339), `None` if never.
    pub saved_at: Option<String>,
    /// When it was last published (RFC 3339), `None` if never.
    pub published_at: Option<String>,
    /// The saved configuration differs from the one last published.
    pub unpublished_changes: bool,
}

/// A public holiday for the exceptions calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HolidayInfo {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Stable id (`lundi-de-pentecote`), usable in `holidays.overrides`.
    pub id: String,
    /// French name.
    pub name: String,
    /// Whether it closes the weekly ranges under the configuration's policy.
    pub closes: bool,
}

/// One offered slot, local times with offset (RFC 3339).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PreviewSlot {
    /// Start, e.g. `2027-03-28T09:00:00+02:00`.
    pub start: String,
    /// End.
    pub end: String,
}

/// The slots of one appointment type in the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PreviewType {
    /// Type id.
    pub type_id: String,
    /// Type name.
    pub name: String,
    /// Its colour, `#rrggbb`.
    pub colour: String,
    /// Duration in minutes.
    pub duration_minutes: i32,
    /// Bookable on the website (else by phone only).
    pub bookable_online: bool,
    /// The offered slots, in time order.
    pub slots: Vec<PreviewSlot>,
}

/// *Aperçu patient*: what patients would be offered in one week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SlotPreview {
    /// The Monday of the week, `YYYY-MM-DD`.
    pub week_start: String,
    /// The zone of the times.
    pub time_zone: String,
    /// Per appointment type, in the configuration's order.
    pub types: Vec<PreviewType>,
}

/// What one line of a publish plan does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum PlanAction {
    /// A new availability event (a weekly series or a single range).
    Create,
    /// An existing one changed.
    Update,
    /// One that is no longer wanted.
    Delete,
    /// One date of a weekly series closed (a holiday, a closure).
    Close,
    /// One date of a weekly series open again.
    Reopen,
}

/// One line of the publish plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanChange {
    /// What it does.
    pub action: PlanAction,
    /// The event's title (`Disponible – Consultation`).
    pub summary: String,
    /// The first date (series), the date (single, closed or reopened date), `YYYY-MM-DD`.
    pub date: String,
    /// Local start time `HH:MM`.
    pub start_time: String,
    /// Local end time `HH:MM`.
    pub end_time: String,
    /// A weekly series (repeats on `date`'s weekday).
    pub weekly: bool,
    /// Every other week.
    pub every_two_weeks: bool,
    /// A series' last date, `YYYY-MM-DD`.
    pub until: Option<String>,
    /// For an update: the fields that change.
    pub fields: Vec<String>,
}

/// The writes *Publier* would make, for the confirmation dialog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PublishPreview {
    /// The calendar.
    pub calendar_id: String,
    /// First published date.
    pub window_from: String,
    /// Last published date.
    pub window_to: String,
    /// Events created.
    pub creates: u32,
    /// Events changed.
    pub updates: u32,
    /// Events deleted.
    pub deletes: u32,
    /// Dates of series closed.
    pub closes: u32,
    /// Dates of series reopened.
    pub reopens: u32,
    /// API writes in all (0: nothing to publish).
    pub writes: u32,
    /// « 3 créneaux ajoutés, 1 supprimé ».
    pub summary_fr: String,
    /// The lines of the plan.
    pub changes: Vec<PlanChange>,
    /// Set when the plan deletes more published availability than it keeps (or all of it): the
    /// dialog says so and publishing needs a second, explicit confirmation.
    pub removal: Option<RemovalWarning>,
    /// Pass it back to publish exactly this plan.
    pub fingerprint: String,
}

/// What a publish would remove of the published availability, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RemovalWarning {
    /// Published availability events deleted.
    pub deleted: u32,
    /// Published availability events before the publish.
    pub published: u32,
    /// New events created.
    pub created: u32,
    /// The warning in French.
    pub message: String,
    /// The warning in English.
    pub message_en: String,
}

/// What a publish did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PublishOutcome {
    /// API writes made.
    pub writes: u32,
    /// When (RFC 3339).
    pub published_at: String,
}

/// One person (or group) with access to a calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ShareEntry {
    /// Google's ACL rule id (to change or revoke it).
    pub rule_id: String,
    /// The person's (or group's) address; `None` for a domain or public rule.
    pub email: Option<String>,
    /// `user`, `group`, `domain` or `default` (public).
    pub scope: String,
    /// Their role: *Secrétaire* = writer, *Consultation* = reader, *Disponibilités seulement* =
    /// freeBusyReader, or owner.
    pub role: AccessRole,
    /// The linked account itself.
    pub is_you: bool,
}

/// Attendance of a past booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Attendance {
    /// *Absent (non excusé)*: a no-show.
    Absent,
    /// *Excusé*: absent, with notice.
    Excused,
}

/// Something done to a booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum BookingAction {
    /// Cancel it (Google notifies nobody; the booking site tells the patient when it cancels).
    Cancel {
        /// Why, optional and short (internal).
        reason: Option<String>,
    },
    /// Move it to `start` (RFC 3339), keeping its duration.
    Move {
        /// New start.
        start: String,
        /// Move even if it is not a free slot of its type (the user confirmed).
        force: bool,
    },
    /// Mark (or clear, with `null`) its attendance.
    Attendance {
        /// Absent, excused, or `null` to clear.
        status: Option<Attendance>,
    },
    /// Set (or clear, with an empty text) the internal note — organisation only, never health
    /// data.
    Note {
        /// At most 200 characters.
        text: String,
    },
}

/// What became of a booking edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ActionState {
    /// Written to Google.
    Applied,
    /// Waiting (offline): it will be sent, in order, exactly once.
    Queued,
    /// Refused (someone else changed the booking, access changed): kept for the user to retry or
    /// discard.
    Failed,
}

/// An edit waiting for Google, or refused by it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutboxItem {
    /// Its place in line.
    #[ts(type = "number")]
    pub seq: i64,
    /// The calendar.
    pub calendar_id: String,
    /// The booking.
    pub event_id: String,
    /// `cancel`, `move`, `attendance`, `note`.
    pub action: String,
    /// When it was made (RFC 3339).
    pub created: String,
    /// Refused by Google or by the booking site (see `error`).
    pub failed: bool,
    /// Why it was refused, or why a pending edit waits (the booking site could not cancel it
    /// yet), for the user.
    pub error: Option<String>,
    /// How many times it was sent.
    pub attempts: u32,
    /// The booking's start as cached (RFC 3339 UTC), if still cached.
    pub start: Option<String>,
}

/// The result of a booking action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionOutcome {
    /// Applied, queued or failed.
    pub state: ActionState,
    /// What to tell the user (offline, what someone else changed).
    pub message: Option<String>,
    /// The edit.
    pub item: OutboxItem,
}

/// One line of the activity log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivityEntry {
    /// When (RFC 3339).
    pub at: String,
    /// Who (an account email, or `Google Agenda`).
    pub actor: String,
    /// `app` (made here) or `google` (seen by sync).
    pub origin: String,
    /// The calendar.
    pub calendar_id: String,
    /// The booking.
    pub event_id: String,
    /// `cancel`, `move`, `attendance`, `note` (made here); `cancelled`, `moved` (seen in Google).
    pub action: String,
    /// Former start (RFC 3339), for moves.
    pub from: Option<String>,
    /// New start (RFC 3339), for moves.
    pub to: Option<String>,
    /// Cancellation reason.
    pub reason: Option<String>,
    /// `absent` / `excused` for attendance marks.
    pub attendance: Option<String>,
}

/// The reminder and alert preferences (Réglages → Rappels).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderPrefs {
    /// Minutes before each appointment (1 to 5 values; empty: no reminders).
    pub offsets: Vec<u32>,
    /// Start of the quiet hours, `HH:MM` (with `quietEnd`), `null`: none.
    pub quiet_start: Option<String>,
    /// End of the quiet hours, `HH:MM`.
    pub quiet_end: Option<String>,
    /// Privacy mode: notifications and tray show the time and type, never the patient's name.
    pub privacy: bool,
    /// Time of the daily summary, `HH:MM`, `null`: none.
    pub daily_summary: Option<String>,
    /// Alerts for bookings created, cancelled or moved by others.
    pub alerts: bool,
    /// *Ne pas déranger* until (RFC 3339), `null`: off.
    pub dnd_until: Option<String>,
}

/// *Ne pas déranger* choices (tray and Réglages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DoNotDisturb {
    /// Notifications again.
    Off,
    /// For one hour.
    OneHour,
    /// Until tomorrow 07:00.
    UntilTomorrow,
}

/// The tray icon's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TrayState {
    /// Up to date.
    Normal,
    /// Google cannot be reached.
    Offline,
    /// The account must be re-linked.
    ReconnectNeeded,
    /// *Ne pas déranger* is on.
    DoNotDisturb,
}

/// One of the day's next appointments in the tray menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrayAppointment {
    /// Its calendar.
    pub calendar_id: String,
    /// The occurrence id (for its details).
    pub id: String,
    /// « 09:30  Consultation » (privacy mode) or « 09:30  Jeanne Martin – Consultation ».
    pub label: String,
}

/// What the tray shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrayModel {
    /// Icon state.
    pub state: TrayState,
    /// Tooltip: the next appointment.
    pub tooltip: String,
    /// The sync state line.
    pub sync_line: String,
    /// The day's next appointments.
    pub next: Vec<TrayAppointment>,
    /// *Ne pas déranger* until (RFC 3339).
    pub dnd_until: Option<String>,
}

/// The app lock (Réglages → Verrouillage, and the lock screen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LockStatus {
    /// A PIN is set (without one the app never locks).
    pub pin_set: bool,
    /// Locked now.
    pub locked: bool,
    /// Inactivity delay before locking, in seconds (the UI shows minutes).
    pub delay_seconds: u32,
    /// Seconds to wait before the next attempt (0: none).
    pub retry_after_seconds: u32,
}

/// One purge or erasure, in counts only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurgeEntry {
    /// When (RFC 3339).
    pub at: String,
    /// Bookings ended before this instant were purged (RFC 3339).
    pub cutoff: String,
    /// `retention` or `erasure`.
    pub kind: String,
    /// How many bookings lost their personal data.
    pub bookings: u32,
}

/// Personal-data retention (Réglages → Données personnelles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RetentionState {
    /// 90, 120 or 240 days after the booking.
    pub days: u32,
    /// The practitioner saw the first dry run and confirmed: purges run on schedule.
    pub confirmed: bool,
    /// The latest purges and erasures.
    pub log: Vec<PurgeEntry>,
}

/// What a purge would remove now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RetentionPreview {
    /// Bookings ended before this instant (RFC 3339).
    pub cutoff: String,
    /// How many bookings.
    pub count: u32,
    /// Their starts (RFC 3339), at most 500.
    pub starts: Vec<String>,
}

/// A booking of the person an erasure request is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErasureMatch {
    /// Its calendar.
    pub calendar_id: String,
    /// Its event.
    pub event_id: String,
    /// Its start (RFC 3339).
    pub start: String,
    /// Its appointment type id.
    pub appointment_type: Option<String>,
    /// Found in the local cache.
    pub in_cache: bool,
    /// Found in the Google calendar.
    pub in_calendar: bool,
    /// Found on the booking site.
    pub in_site: bool,
}

/// What an erasure did, and the report to send back to the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErasureReport {
    /// When it finished, or while pending when it was asked (RFC 3339).
    pub erased_at: String,
    /// Every part is done or skipped; `false`: some part is pending and will be resumed (at
    /// the next sync), so the report must not be sent yet.
    pub complete: bool,
    /// Calendar events anonymised (the calendar parts done).
    pub calendar_events: u32,
    /// Cached bookings anonymised.
    pub cached_bookings: u32,
    /// Booking records erased on the site (`None`: no site linked).
    pub site_records: Option<u32>,
    /// Each place the erasure reaches (each calendar, the site, the local copy) and where it
    /// stands.
    pub parts: Vec<ErasurePart>,
    /// The text to send back (French).
    pub report: String,
}

/// Where a part of an erasure acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErasurePlace {
    /// A Google calendar.
    Calendar,
    /// The booking site.
    Site,
    /// The app's local copy.
    Cache,
}

/// Where a part of an erasure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErasureStep {
    /// Done.
    Done,
    /// Not reached yet (see the reason); resumed at the next sync.
    Pending,
    /// Cannot be done from this app (see the reason).
    Skipped,
}

/// One place an erasure reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErasurePart {
    /// A calendar, the site or the local copy.
    pub place: ErasurePlace,
    /// Its name (the calendar's, the site's).
    pub label: String,
    /// Where it stands.
    pub step: ErasureStep,
    /// Bookings (events, records) found there and erased.
    pub count: u32,
    /// Why it is pending or skipped (French).
    pub reason: Option<String>,
}

/// Progress of a publish (event `publish-progress`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PublishProgress {
    /// The calendar.
    pub calendar_id: String,
    /// Writes done.
    pub done: u32,
    /// Writes in all.
    pub total: u32,
}

#[cfg(test)]
mod bindings {
    use super::*;
    use std::path::PathBuf;
    use ts_rs::Config;

    const HEADER: &str = "// This file is generated from the Rust types by `cargo test -p rdv-app` (ts-rs). Do not edit.\n";

    /// One declaration, with its Rust doc comment as JSDoc.
    fn declaration<T: TS>(cfg: &Config) -> String {
        let docs = T::docs().unwrap_or_default();
        format!("{docs}export {}", T::decl(cfg))
    }

    fn generated() -> String {
        let cfg = Config::default();
        let mut decls = [
            declaration::<AccessRole>(&cfg),
            declaration::<AccountState>(&cfg),
            declaration::<AgendaEvent>(&cfg),
            declaration::<AppInfo>(&cfg),
            declaration::<Booking>(&cfg),
            declaration::<CalendarInfo>(&cfg),
            declaration::<EventKind>(&cfg),
            declaration::<SpanIssue>(&cfg),
            declaration::<Patient>(&cfg),
            declaration::<SyncState>(&cfg),
            declaration::<SyncStatus>(&cfg),
            declaration::<ErrorCode>(&cfg),
            declaration::<IpcError>(&cfg),
            declaration::<KeychainStatus>(&cfg),
            declaration::<Language>(&cfg),
            declaration::<Settings>(&cfg),
            declaration::<AppointmentType>(&cfg),
            declaration::<AvailabilityState>(&cfg),
            declaration::<Closure>(&cfg),
            declaration::<ConfigProblem>(&cfg),
            declaration::<Day>(&cfg),
            declaration::<Exceptions>(&cfg),
            declaration::<ExtraOpening>(&cfg),
            declaration::<HolidayInfo>(&cfg),
            declaration::<HolidayPolicy>(&cfg),
            declaration::<HolidayRegion>(&cfg),
            declaration::<PlanAction>(&cfg),
            declaration::<PlanChange>(&cfg),
            declaration::<PracticeConfig>(&cfg),
            declaration::<PreviewSlot>(&cfg),
            declaration::<PreviewType>(&cfg),
            declaration::<PublishOutcome>(&cfg),
            declaration::<PublishPreview>(&cfg),
            declaration::<RemovalWarning>(&cfg),
            declaration::<PublishProgress>(&cfg),
            declaration::<SlotPreview>(&cfg),
            declaration::<ShareEntry>(&cfg),
            declaration::<SiteInfo>(&cfg),
            declaration::<SiteState>(&cfg),
            declaration::<SmsCharacter>(&cfg),
            declaration::<SmsCheck>(&cfg),
            declaration::<SmsTextsState>(&cfg),
            declaration::<UsageMonth>(&cfg),
            declaration::<SmsUsageView>(&cfg),
            declaration::<PurgeEntry>(&cfg),
            declaration::<RetentionState>(&cfg),
            declaration::<RetentionPreview>(&cfg),
            declaration::<ErasureMatch>(&cfg),
            declaration::<ErasureReport>(&cfg),
            declaration::<ErasurePart>(&cfg),
            declaration::<ErasurePlace>(&cfg),
            declaration::<ErasureStep>(&cfg),
            declaration::<LockStatus>(&cfg),
            declaration::<ReminderPrefs>(&cfg),
            declaration::<DoNotDisturb>(&cfg),
            declaration::<TrayState>(&cfg),
            declaration::<TrayAppointment>(&cfg),
            declaration::<TrayModel>(&cfg),
            declaration::<Attendance>(&cfg),
            declaration::<BookingAction>(&cfg),
            declaration::<ActionState>(&cfg),
            declaration::<OutboxItem>(&cfg),
            declaration::<ActionOutcome>(&cfg),
            declaration::<ActivityEntry>(&cfg),
            declaration::<WeekParity>(&cfg),
            declaration::<WeeklyRange>(&cfg),
            declaration::<WeeklyTemplate>(&cfg),
        ];
        decls.sort_by_key(|d| d.split("export type ").nth(1).map(str::to_owned));
        let mut out = String::from(HEADER);
        for decl in decls {
            out.push('\n');
            out.push_str(&decl);
            out.push('\n');
        }
        out
    }

    #[test]
    fn the_committed_typescript_bindings_are_up_to_date() {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/ipc/bindings.ts");
        let want = generated();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{} is out of date with the Rust IPC types; regenerate it with \
             `UPDATE_BINDINGS=1 cargo test -p rdv-app bindings` and commit it.\n--- expected:\n{want}",
            path.display()
        );
    }

    #[test]
    fn an_error_serialises_as_code_and_message_only() {
        let e = IpcError {
            code: ErrorCode::KeychainLocked,
            message: "m".into(),
        };
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({ "code": "keychainLocked", "message": "m" })
        );
    }

    #[test]
    fn keychain_status_is_tagged_by_state() {
        let s = KeychainStatus::Locked {
            message: "m".into(),
        };
        assert_eq!(
            serde_json::to_value(&s).unwrap(),
            serde_json::json!({ "state": "locked", "message": "m" })
        );
        assert_eq!(
            serde_json::to_value(KeychainStatus::Available).unwrap(),
            serde_json::json!({ "state": "available" })
        );
    }
}
