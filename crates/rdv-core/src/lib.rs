//! # rdv-core — the domain of RDV Compagnon
//!
//! Pure types and rules, with no IO: nothing here touches the network, the disk, the clock or the
//! OS. Time and secrets come in through the [`ports`], which the outer layers implement
//! (`rdv-app` for use cases, `src-tauri` for the OS adapters).
//!
//! Public surface:
//! - [`sensitive::Sensitive`]: the wrapper for personal data and secrets that never prints;
//! - [`language::Language`]: the interface languages;
//! - [`appointments`]: per agenda, what counts as an appointment (bookings, and the calendar's
//!   own timed events), and the patient *Compléter* adds;
//! - [`contact`]: a patient's `tel:` and `mailto:` links, built from the booking with nothing
//!   that could add a header or a parameter;
//! - [`conventions`]: reading docs/calendar-conventions.md markers (kind, type, patient);
//! - [`recurrence`]: expanding recurring series in their time zone;
//! - [`availability`]: appointment types, weekly templates, exceptions, French public holidays,
//!   the slot engine (DST-correct), validation of a practice's configuration file, the
//!   owner-only rule for creating availability ([`availability::can`]), and where a booking may
//!   be moved ([`availability::moves`]);
//! - [`booking`]: taking an appointment — the patient as typed, the free slots of a type, a
//!   chosen start checked, a series, the booking event written to Google;
//! - [`import`]: the size cap of the files people feed the app, checked before parsing;
//! - [`person`]: who an erasure request is about, and the one matcher of their bookings;
//! - [`sms`]: SMS encoding (GSM 7-bit or UCS-2) and segment count, with GSM replacements for the
//!   characters that force UCS-2;
//! - [`sheet`]: the day's sheet (the appointments of a day or a range, per agenda) and its CSV
//!   and PDF files;
//! - [`ports`]: `Clock`, `SecretStore`, `Notifier` and their error types.

pub mod appointments;
pub mod availability;
pub mod booking;
pub mod contact;
pub mod conventions;
pub mod email;
pub mod google;
pub mod history;
pub mod import;
pub mod language;
pub mod person;
pub mod ports;
pub mod recurrence;
pub mod reminders;
pub mod retention;
pub mod sensitive;
pub mod sheet;
pub mod sms;

pub use language::{Language, Text};
pub use sensitive::Sensitive;
