//! Publishing availability to Google Calendar, as a pure computation: the availability events a
//! practice configuration should produce over a publish window ([`desired_events`]), and the
//! writes that bring the calendar there ([`plan`]).
//!
//! Conventions (docs/calendar-conventions.md, « Availability ranges »): every event is
//! transparent and private, summary `Disponible` (or `Disponible – <types>`), marked with
//! `rdv.v=1`, `rdv.kind=availability`, `rdv.type` (absent = every type) and `rdv.template`.
//! A weekly range becomes one **recurring** event per weekday
//! (`RRULE:FREQ=WEEKLY;BYDAY=XX;UNTIL=…Z`, `INTERVAL=2` for odd/even-week templates), with its
//! start and end as local date-times in the calendar's zone, so that the series keeps its local
//! time across daylight-saving changes. Dates where it must not occur (closures, closed public
//! holidays, the other week parity) are **cancelled instances**, identified as Google does:
//! `<masterId>_<original start in UTC, YYYYMMDDTHHMMSSZ>`. Extra openings, and what remains of a
//! range partly closed that day — outside a closure's hours, or for the types a closure leaves
//! open — are single events.
//!
//! Event ids are deterministic (base32hex, a hash of what the event stands for), so a publish
//! interrupted and re-run creates no duplicates; the plan also recognises an existing event by
//! its content or, for an edited range, by its template and weekday, and patches it.

pub mod google;
pub mod shared;

use super::config::PracticeConfig;
use super::template::{Day, WeekParity};
use super::zone;
use crate::conventions::{KIND_KEY, TEMPLATE_KEY, TYPE_KEY, VERSION_KEY};
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use std::collections::{BTreeMap, BTreeSet};

/// The `summary` of every availability event (followed by ` – <types>` when limited).
pub const SUMMARY: &str = "Disponible";
/// Google's `transparency` of availability events.
pub const TRANSPARENT: &str = "transparent";
/// Google's `visibility` of availability events.
pub const PRIVATE: &str = "private";

/// What an availability event says, field by field (everything the plan compares).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventBody {
    /// `Disponible` or `Disponible – <type names>`.
    pub summary: String,
    /// Local start date-time (in `time_zone`).
    pub start: NaiveDateTime,
    /// Local end date-time (in `time_zone`).
    pub end: NaiveDateTime,
    /// IANA zone of `start` and `end` (Google's `start.timeZone`).
    pub time_zone: String,
    /// Recurrence lines (`RRULE:…`); empty for a single event.
    pub recurrence: Vec<String>,
    /// `transparent`.
    pub transparency: String,
    /// `private`.
    pub visibility: String,
    /// Private extended properties.
    pub private: BTreeMap<String, String>,
}

impl EventBody {
    /// Whether the event is an availability range (`rdv.kind=availability`).
    pub fn is_availability(&self) -> bool {
        self.private.get(KIND_KEY).map(String::as_str) == Some("availability")
    }

    /// The names of the fields that differ from `other`.
    pub fn changed_fields(&self, other: &Self) -> Vec<&'static str> {
        let mut changed = Vec::new();
        let mut check = |differs: bool, name| {
            if differs {
                changed.push(name);
            }
        };
        check(self.summary != other.summary, "summary");
        check(self.start != other.start, "start");
        check(self.end != other.end, "end");
        check(self.time_zone != other.time_zone, "timeZone");
        check(self.recurrence != other.recurrence, "recurrence");
        check(self.transparency != other.transparency, "transparency");
        check(self.visibility != other.visibility, "visibility");
        check(self.private != other.private, "extendedProperties.private");
        changed
    }

    /// What identifies "the same slot" when the ids differ: the template, and for a series its
    /// weekday and interval, for a single event its local date.
    fn pair_key(&self) -> String {
        let template = self.private.get(TEMPLATE_KEY).map_or("", String::as_str);
        match self.recurrence.first() {
            Some(rule) => {
                let part = |name: &str| {
                    rule.trim_start_matches("RRULE:")
                        .split(';')
                        .find_map(|p| p.strip_prefix(name))
                        .unwrap_or("")
                        .to_owned()
                };
                format!("{template}|W|{}|{}", part("BYDAY="), part("INTERVAL="))
            }
            None => format!("{template}|D|{}", self.start.date()),
        }
    }

    /// Whether the series' occurrences stay where they were (start, end, zone, and the rule but
    /// for its `UNTIL`): its instances keep their ids, so their cancellations still apply —
    /// Google keeps a series' exceptions when only its end moves.
    fn same_timing(&self, other: &Self) -> bool {
        fn without_until(rules: &[String]) -> Vec<String> {
            rules
                .iter()
                .map(|r| {
                    r.split(';')
                        .filter(|p| !p.starts_with("UNTIL="))
                        .collect::<Vec<_>>()
                        .join(";")
                })
                .collect()
        }
        self.start == other.start
            && self.end == other.end
            && self.time_zone == other.time_zone
            && without_until(&self.recurrence) == without_until(&other.recurrence)
    }
}

/// An availability event the configuration calls for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DesiredEvent {
    /// Deterministic event id (base32hex, `rdv…`).
    pub id: String,
    /// Its fields.
    pub body: EventBody,
    /// Original starts (UTC) of the series' instances that must be cancelled.
    pub cancelled_starts: Vec<DateTime<Utc>>,
}

impl DesiredEvent {
    /// The ids of its cancelled instances under master id `master_id`.
    pub fn cancelled_instance_ids(&self, master_id: &str) -> Vec<String> {
        self.cancelled_starts
            .iter()
            .map(|&s| instance_id(master_id, s))
            .collect()
    }
}

/// An event currently in the calendar, as the plan needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingEvent {
    /// Google's event id.
    pub id: String,
    /// Google's etag, for conditional writes.
    pub etag: Option<String>,
    /// Its fields.
    pub body: EventBody,
    /// The ids of its cancelled instances (`<id>_<YYYYMMDDTHHMMSSZ>`).
    pub cancelled_instances: BTreeSet<String>,
}

/// A patch of an existing event to the desired fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Patch {
    /// The existing event's id.
    pub id: String,
    /// Its etag when read.
    pub etag: Option<String>,
    /// The fields it must have.
    pub body: EventBody,
    /// Names of the fields that change.
    pub changed: Vec<&'static str>,
}

/// An existing event to delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delete {
    /// Its id.
    pub id: String,
    /// Its etag when read.
    pub etag: Option<String>,
}

/// One instance of a recurring event (to cancel, or to restore).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instance {
    /// The series' id.
    pub master_id: String,
    /// The instance id, `<master_id>_<YYYYMMDDTHHMMSSZ>`.
    pub instance_id: String,
}

/// The writes that bring the calendar's availability to the desired events.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PublishPlan {
    /// Events to insert (with their deterministic ids).
    pub creates: Vec<DesiredEvent>,
    /// Existing events to patch.
    pub patches: Vec<Patch>,
    /// Existing availability events no longer wanted.
    pub deletes: Vec<Delete>,
    /// Instances to cancel (after their series exists).
    pub cancels: Vec<Instance>,
    /// Cancelled instances of an unchanged series that must occur again.
    pub restores: Vec<Instance>,
    /// Ids of existing events already as desired.
    pub unchanged: Vec<String>,
}

/// A plan that deletes more published availability than it keeps ([`PublishPlan::removal`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Removal {
    /// Published availability events the plan deletes.
    pub deleted: usize,
    /// Published availability events before the plan.
    pub published: usize,
    /// New events the plan creates (which may replace some of the deleted ones).
    pub created: usize,
}

impl Removal {
    /// The warning, in plain French words.
    pub fn warning_fr(&self) -> String {
        let what = if self.deleted == self.published {
            format!(
                "Cette publication supprime toutes les disponibilités publiées ({} plage{})",
                self.deleted,
                if self.deleted > 1 { "s" } else { "" }
            )
        } else {
            format!(
                "Cette publication supprime {} des {} plages de disponibilité publiées",
                self.deleted, self.published
            )
        };
        let new = match self.created {
            0 => " et n'en crée aucune".to_owned(),
            1 => " et en crée 1 nouvelle".to_owned(),
            n => format!(" et en crée {n} nouvelles"),
        };
        format!("{what}{new} : les patients ne pourront plus réserver ces créneaux.")
    }

    /// The same warning in English.
    pub fn warning_en(&self) -> String {
        let what = if self.deleted == self.published {
            format!(
                "This publish deletes all the published availability ({} range{})",
                self.deleted,
                if self.deleted > 1 { "s" } else { "" }
            )
        } else {
            format!(
                "This publish deletes {} of the {} published availability ranges",
                self.deleted, self.published
            )
        };
        let new = match self.created {
            0 => " and creates none".to_owned(),
            1 => " and creates 1 new one".to_owned(),
            n => format!(" and creates {n} new ones"),
        };
        format!("{what}{new}: patients will no longer be able to book those times.")
    }
}

impl PublishPlan {
    /// The number of API writes the plan makes.
    pub fn write_count(&self) -> usize {
        self.creates.len()
            + self.patches.len()
            + self.deletes.len()
            + self.cancels.len()
            + self.restores.len()
    }

    /// What the plan removes of the published availability, when it removes more than it keeps
    /// (or all of it): the publish then needs a second, explicit confirmation. `None` for a plan
    /// that keeps at least as many published events as it deletes.
    pub fn removal(&self) -> Option<Removal> {
        let deleted = self.deletes.len();
        let kept = self.unchanged.len() + self.patches.len();
        (deleted > 0 && deleted > kept).then_some(Removal {
            deleted,
            published: deleted + kept,
            created: self.creates.len(),
        })
    }

    /// For the confirmation dialog: « 3 créneaux ajoutés, 1 modifié, 1 supprimé ».
    pub fn summary_fr(&self) -> String {
        let counts = [
            (self.creates.len(), "ajouté"),
            (self.patches.len(), "modifié"),
            (self.deletes.len(), "supprimé"),
        ];
        let mut parts = Vec::new();
        for (n, verb) in counts {
            if n == 0 {
                continue;
            }
            let s = if n > 1 { "s" } else { "" };
            if parts.is_empty() {
                let noun = if n > 1 { "créneaux" } else { "créneau" };
                parts.push(format!("{n} {noun} {verb}{s}"));
            } else {
                parts.push(format!("{n} {verb}{s}"));
            }
        }
        let dates = self.cancels.len();
        if dates > 0 {
            let s = if dates > 1 { "s" } else { "" };
            parts.push(format!("{dates} date{s} fermée{s}"));
        }
        let restored = self.restores.len();
        if restored > 0 {
            let s = if restored > 1 { "s" } else { "" };
            parts.push(format!("{restored} date{s} rouverte{s}"));
        }
        if parts.is_empty() {
            "Aucun changement".to_owned()
        } else {
            parts.join(", ")
        }
    }
}

/// Google's id of the instance of series `master_id` originally starting at `start`.
pub fn instance_id(master_id: &str, start: DateTime<Utc>) -> String {
    format!("{master_id}_{}", start.format("%Y%m%dT%H%M%SZ"))
}

/// The availability events `config` calls for over the local dates `[from, to)`, in calendar
/// `calendar_id` (its zone is the configuration's `timeZone`).
pub fn desired_events(
    config: &PracticeConfig,
    calendar_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<DesiredEvent> {
    let mut out = Vec::new();
    for template in &config.templates {
        let (first, last) = (
            template.valid_from.map_or(from, |v| v.max(from)),
            template
                .valid_until
                .map_or(to, |v| v.succ_opt().unwrap_or(v).min(to)),
        );
        let step = if template.weeks == WeekParity::Every {
            7
        } else {
            14
        };
        for (index, range) in template.ranges.iter().enumerate() {
            let mut days = range.days.clone();
            days.sort();
            days.dedup();
            for day in days {
                let dates: Vec<NaiveDate> = first
                    .iter_days()
                    .take_while(|d| *d < last)
                    .filter(|&d| Day::of(d) == day && template.applies_on(d))
                    .collect();
                for run in runs(&dates, step) {
                    let key = format!(
                        "{calendar_id}|series|{}|{index}|{}|{}|{}|{:?}|{}",
                        template.id,
                        day.name_fr(),
                        range.start,
                        range.end,
                        range.types,
                        run[0]
                    );
                    let slot = Slot {
                        config,
                        template: Some(&template.id),
                        types: range.types.as_deref(),
                        start: range.start,
                        end: range.end,
                    };
                    series(&slot, &key, run, step, &mut out);
                }
            }
        }
    }
    for opening in &config.exceptions.openings {
        if opening.date < from || opening.date >= to {
            continue;
        }
        let slot = Slot {
            config,
            template: None,
            types: opening.types.as_deref(),
            start: opening.start,
            end: opening.end,
        };
        let key = format!(
            "{calendar_id}|opening|{}|{}|{}|{:?}",
            opening.date, opening.start, opening.end, opening.types
        );
        // An extra opening on a holiday is open; only closures win over it.
        for part in slot.open_parts(opening.date, false) {
            let limited = slot.with_types(part.types.as_deref());
            out.push(limited.event(
                &match &part.types {
                    None => format!("{key}|{}", part.start),
                    Some(types) => format!("{key}|{}|{types:?}", part.start),
                },
                opening.date,
                part.start,
                part.end,
                None,
            ));
        }
    }
    out
}

/// The maximal runs of `dates` (sorted) spaced exactly `step` days apart.
fn runs(dates: &[NaiveDate], step: i64) -> Vec<&[NaiveDate]> {
    let mut out = Vec::new();
    let mut begin = 0;
    for i in 1..=dates.len() {
        if i == dates.len() || (dates[i] - dates[i - 1]).num_days() != step {
            if begin < i {
                out.push(&dates[begin..i]);
            }
            begin = i;
        }
    }
    out
}

/// What one published range is: its times, types and template.
struct Slot<'a> {
    config: &'a PracticeConfig,
    template: Option<&'a str>,
    types: Option<&'a [String]>,
    start: NaiveTime,
    end: NaiveTime,
}

/// A part of a range open on a date, for some types (`None`: the range's own types).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Part {
    start: NaiveTime,
    end: NaiveTime,
    /// The types still offered when a closure closed only some of them.
    types: Option<Vec<String>>,
}

impl Slot<'_> {
    /// The type ids the range offers (all the configuration's types when it names none).
    fn offered(&self) -> Vec<String> {
        match self.types {
            Some(ids) => ids.to_vec(),
            None => self
                .config
                .appointment_types
                .iter()
                .map(|t| t.id.clone())
                .collect(),
        }
    }

    /// The parts of the range open on `date`: the whole range, nothing (a whole-day closure, a
    /// closing holiday when `holidays_close`), what closures' hours leave of it, and — where a
    /// closure closes only some of its types — the hours it covers for the other types.
    fn open_parts(&self, date: NaiveDate, holidays_close: bool) -> Vec<Part> {
        if holidays_close && self.config.holidays.closing(date).is_some() {
            return Vec::new();
        }
        let mut parts = vec![Part {
            start: self.start,
            end: self.end,
            types: None,
        }];
        for closure in &self.config.exceptions.closures {
            if !closure.covers(date) {
                continue;
            }
            let (cs, ce) = closure
                .time_range()
                .unwrap_or((NaiveTime::MIN, NaiveTime::MIN));
            let whole_day = closure.time_range().is_none();
            parts = parts
                .into_iter()
                .flat_map(|p| {
                    let offered = p.types.clone().unwrap_or_else(|| self.offered());
                    let remaining: Vec<String> = offered
                        .iter()
                        .filter(|t| !closure.closes_type(t))
                        .cloned()
                        .collect();
                    if closure.types.is_some() && remaining.len() == offered.len() {
                        return vec![p]; // the closure closes none of its types
                    }
                    let (os, oe) = if whole_day {
                        (p.start, p.end)
                    } else {
                        (cs.max(p.start), ce.min(p.end))
                    };
                    if os >= oe {
                        return vec![p]; // no overlap in time
                    }
                    let mut out = Vec::new();
                    if p.start < os {
                        out.push(Part {
                            end: os,
                            ..p.clone()
                        });
                    }
                    if !remaining.is_empty() {
                        out.push(Part {
                            start: os,
                            end: oe,
                            types: Some(remaining),
                        });
                    }
                    if oe < p.end {
                        out.push(Part { start: oe, ..p });
                    }
                    out
                })
                .collect();
        }
        parts
    }

    /// The same range limited to `types` (a part left by a closure of some types).
    fn with_types<'t>(&'t self, types: Option<&'t [String]>) -> Slot<'t> {
        Slot {
            config: self.config,
            template: self.template,
            types: types.or(self.types),
            start: self.start,
            end: self.end,
        }
    }

    fn summary(&self) -> String {
        match self.types {
            None => SUMMARY.to_owned(),
            Some(ids) => {
                let names: Vec<&str> = ids
                    .iter()
                    .map(|id| {
                        self.config
                            .appointment_type(id)
                            .map_or(id.as_str(), |t| t.name.as_str())
                    })
                    .collect();
                format!("{SUMMARY} – {}", names.join(", "))
            }
        }
    }

    fn event(
        &self,
        key: &str,
        date: NaiveDate,
        start: NaiveTime,
        end: NaiveTime,
        rule: Option<String>,
    ) -> DesiredEvent {
        let mut private = BTreeMap::from([
            (VERSION_KEY.to_owned(), "1".to_owned()),
            (KIND_KEY.to_owned(), "availability".to_owned()),
        ]);
        if let Some(ids) = self.types {
            private.insert(TYPE_KEY.to_owned(), ids.join(","));
        }
        if let Some(template) = self.template {
            private.insert(TEMPLATE_KEY.to_owned(), template.to_owned());
        }
        DesiredEvent {
            id: event_id(key),
            body: EventBody {
                summary: self.summary(),
                start: date.and_time(start),
                end: date.and_time(end),
                time_zone: self.config.time_zone.name().to_owned(),
                recurrence: rule.into_iter().collect(),
                transparency: TRANSPARENT.to_owned(),
                visibility: PRIVATE.to_owned(),
                private,
            },
            cancelled_starts: Vec::new(),
        }
    }
}

/// One recurring event over `run` (dates `step` days apart), its cancelled instances, and single
/// events for what partial closures leave open.
fn series(slot: &Slot<'_>, key: &str, run: &[NaiveDate], step: i64, out: &mut Vec<DesiredEvent>) {
    let tz = slot.config.time_zone;
    let mut cancelled = Vec::new();
    let mut singles = Vec::new();
    for &date in run {
        let parts = slot.open_parts(date, true);
        let whole = [Part {
            start: slot.start,
            end: slot.end,
            types: None,
        }];
        if parts != whole {
            cancelled.push(date);
            for part in parts {
                let id_key = match &part.types {
                    None => format!("{key}|{date}|{}", part.start),
                    Some(types) => format!("{key}|{date}|{}|{types:?}", part.start),
                };
                let limited = slot.with_types(part.types.as_deref());
                singles.push(limited.event(&id_key, date, part.start, part.end, None));
            }
        }
    }
    if cancelled.len() < run.len() {
        let (first, last) = (run[0], run[run.len() - 1]);
        let until = zone::instant(tz, last, slot.end).format("%Y%m%dT%H%M%SZ");
        let interval = if step == 14 { "INTERVAL=2;" } else { "" };
        let byday = match Day::of(first) {
            Day::Monday => "MO",
            Day::Tuesday => "TU",
            Day::Wednesday => "WE",
            Day::Thursday => "TH",
            Day::Friday => "FR",
            Day::Saturday => "SA",
            Day::Sunday => "SU",
        };
        let rule = format!("RRULE:FREQ=WEEKLY;{interval}BYDAY={byday};UNTIL={until}");
        let mut event = slot.event(key, first, slot.start, slot.end, Some(rule));
        event.cancelled_starts = cancelled
            .iter()
            .map(|&d| zone::instant(tz, d, slot.start))
            .collect();
        out.push(event);
    }
    // When every occurrence is closed there is no series, only what partial closures leave.
    out.extend(singles);
}

/// A deterministic Google event id for `key`: `rdv` and 26 base32hex digits (a–v, 0–9) of a
/// 128-bit FNV-1a hash.
pub(crate) fn event_id(key: &str) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghijklmnopqrstuv";
    let fnv = |seed: u64| {
        key.bytes().fold(seed, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        })
    };
    let hash =
        (u128::from(fnv(0xcbf2_9ce4_8422_2325)) << 64) | u128::from(fnv(0x6c62_272e_07bb_0142));
    let mut id = String::from("rdv");
    for i in (0..26).rev() {
        id.push(char::from(ALPHABET[((hash >> (i * 5)) & 31) as usize]));
    }
    id
}

/// The writes from `existing` (the calendar's events; only `rdv.kind=availability` ones are
/// considered) to `desired`. Unchanged events cost nothing; an event whose id differs but whose
/// content is the same is kept; an edited range (same template and weekday, or same date) is
/// patched rather than deleted and created.
pub fn plan(desired: &[DesiredEvent], existing: &[ExistingEvent]) -> PublishPlan {
    let mut out = PublishPlan::default();
    let mut free: Vec<&ExistingEvent> = existing
        .iter()
        .filter(|e| e.body.is_availability())
        .collect();
    let mut pending: Vec<&DesiredEvent> = Vec::new();
    // 1. Same id.
    for d in desired {
        match free.iter().position(|e| e.id == d.id) {
            Some(i) => {
                let e = free.remove(i);
                keep_or_patch(&mut out, d, e);
            }
            None => pending.push(d),
        }
    }
    // 2. Same content under another id, then 3. the same slot edited.
    let mut rest = Vec::new();
    for d in pending {
        match free.iter().position(|e| e.body == d.body) {
            Some(i) => keep_or_patch(&mut out, d, free.remove(i)),
            None => rest.push(d),
        }
    }
    for d in rest {
        let key = d.body.pair_key();
        match free.iter().position(|e| e.body.pair_key() == key) {
            Some(i) => keep_or_patch(&mut out, d, free.remove(i)),
            None => {
                out.cancels
                    .extend(
                        d.cancelled_instance_ids(&d.id)
                            .into_iter()
                            .map(|instance_id| Instance {
                                master_id: d.id.clone(),
                                instance_id,
                            }),
                    );
                out.creates.push(d.clone());
            }
        }
    }
    out.deletes = free
        .into_iter()
        .map(|e| Delete {
            id: e.id.clone(),
            etag: e.etag.clone(),
        })
        .collect();
    out
}

fn keep_or_patch(out: &mut PublishPlan, d: &DesiredEvent, e: &ExistingEvent) {
    let changed = d.body.changed_fields(&e.body);
    let wanted = d.cancelled_instance_ids(&e.id);
    for instance_id in &wanted {
        if !e.cancelled_instances.contains(instance_id) {
            out.cancels.push(Instance {
                master_id: e.id.clone(),
                instance_id: instance_id.clone(),
            });
        }
    }
    if d.body.same_timing(&e.body) {
        for instance_id in &e.cancelled_instances {
            if !wanted.contains(instance_id) {
                out.restores.push(Instance {
                    master_id: e.id.clone(),
                    instance_id: instance_id.clone(),
                });
            }
        }
    }
    if changed.is_empty() {
        out.unchanged.push(e.id.clone());
    } else {
        out.patches.push(Patch {
            id: e.id.clone(),
            etag: e.etag.clone(),
            body: d.body.clone(),
            changed,
        });
    }
}

/// The events of `desired` as they stand in the calendar once the plan is applied (for tests and
/// dry runs): the events and their cancelled instance ids.
pub fn as_existing(desired: &[DesiredEvent]) -> Vec<ExistingEvent> {
    desired
        .iter()
        .map(|d| ExistingEvent {
            id: d.id.clone(),
            etag: None,
            body: d.body.clone(),
            cancelled_instances: d.cancelled_instance_ids(&d.id).into_iter().collect(),
        })
        .collect()
}

#[cfg(test)]
mod tests;
