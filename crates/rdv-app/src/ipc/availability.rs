//! Availability: the configuration, its problems, the patient preview and publishing.

use super::{AccessRole, PracticeConfig};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
    /// The ISO number of the current week in the configuration's zone (the odd/even hint).
    pub this_week: u32,
    /// Whether the current week is an odd or an even one, as templates count them.
    pub this_week_parity: super::WeekParity,
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
    /// The change of the clocks in the week, if the zone has one then.
    pub clock_change: Option<ClockChange>,
}

/// Which way the clocks go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ClockDirection {
    /// Forward: summer time, an hour is skipped.
    Summer,
    /// Back: winter time, an hour repeats.
    Winter,
}

/// A change of the clocks (daylight saving) on one day of a previewed week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClockChange {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// The time the clocks show just before the change, `HH:MM`.
    pub from: String,
    /// The time they show at the change, `HH:MM`.
    pub to: String,
    /// Which way they go.
    pub direction: ClockDirection,
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
