//! Availability: appointment types, weekly templates, exceptions and public holidays, the slots
//! they offer patients, the validation of a practice's configuration, who may change it, and
//! where an existing booking may be moved ([`moves`]), and which bookings a change of
//! availability leaves outside it ([`affected`]).
//!
//! Everything here is pure: the configuration comes in as text or values, the current instant
//! and today's date as arguments, busy time as UTC intervals. docs/templates.md documents the
//! file format and the rules (validity periods, DST, precedence of exceptions).
//!
//! ```
//! use rdv_core::availability::{FileFormat, PracticeConfig, SlotQuery, compute_slots, validate};
//!
//! let config = PracticeConfig::parse(
//!     r#"
//!     [[appointmentTypes]]
//!     id = "consultation"
//!     name = "Consultation"
//!     durationMinutes = 30
//!
//!     [[templates]]
//!     id = "semaine"
//!     [[templates.ranges]]
//!     days = ["lundi", "jeudi"]
//!     start = "9h"
//!     end = "12h30"
//!     "#,
//!     FileFormat::Toml,
//! )?;
//! let today = "2026-11-26".parse()?;
//! assert!(validate(&config, today).is_empty());
//!
//! let now = "2026-11-26T07:00:00Z".parse()?; // 8:00 in Paris
//! let query = SlotQuery::new(today, "2026-11-27".parse()?, now);
//! let slots = compute_slots(&config, &query)?;
//! assert_eq!(slots[0].slots.len(), 7, "Thursday 9:00, 9:30 … 12:00");
//! assert_eq!(slots[0].slots[0].start_local.to_rfc3339(), "2026-11-26T09:00:00+01:00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod affected;
pub mod changes;
pub mod config;
pub mod exceptions;
pub mod holidays;
pub mod motif;
pub mod moves;
pub mod publish;
pub mod published;
pub mod roles;
pub mod slots;
pub mod template;
pub mod text;
pub mod validation;
pub mod zone;

pub use affected::{HeldBooking, bookings_affected};
pub use changes::{AddedTime, added_availability, ensure_change, open_time};
pub use config::{
    ConfigError, FileFormat, HolidayPolicy, MAX_CLOSURES, MAX_EXTRA_OPENINGS, MAX_WEEKLY_RANGES,
    PracticeConfig,
};
pub use exceptions::{Closure, Exceptions, ExtraOpening};
pub use holidays::{Holiday, HolidayOverride, HolidayRegion, easter_sunday, holiday_on, holidays};
pub use motif::AppointmentType;
pub use published::{Opening, SiteQuery, site_slots};
pub use roles::{Action, Forbidden, Role, can, ensure};
pub use slots::{Booking, Busy, Slot, SlotError, SlotQuery, TypeSlots, compute_slots};
pub use template::{Day, WeekParity, WeeklyRange, WeeklyTemplate};
pub use validation::{Problem, ProblemCode, horizon_within_retention, validate};
