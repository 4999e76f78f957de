//! Appointment types (*motifs*): what a patient books, how long it lasts, and the booking rules
//! attached to it.

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

/// The colour given to a type when the file does not say.
pub const DEFAULT_COLOUR: &str = "#3F51B5";

/// An appointment type (*motif*), e.g. « Consultation, 30 min ».
///
/// Numbers are signed so that a negative value in a file is reported by validation with a
/// message, not refused by the parser.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AppointmentType {
    /// Stable id, as written in `rdv.type` on calendar events: no comma, no space.
    pub id: String,
    /// The name patients and the practitioner see (« Première consultation »).
    pub name: String,
    /// Length of the appointment, in minutes.
    pub duration_minutes: i32,
    /// Colour in the agenda, `#RRGGBB`.
    #[serde(default = "default_colour", alias = "color")]
    pub colour: String,
    /// Free time required before the appointment, in minutes (no busy event may touch it).
    #[serde(default)]
    pub buffer_before_minutes: i32,
    /// Free time required after the appointment, in minutes.
    #[serde(default)]
    pub buffer_after_minutes: i32,
    /// Minimum notice: a slot is offered only if it starts at least this many minutes after now.
    #[serde(default)]
    pub min_notice_minutes: i32,
    /// Booking horizon: a slot is offered only if its local date is at most this many days after
    /// today's local date (0 = today only). Absent: no horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub horizon_days: Option<i32>,
    /// Step between two slot starts, in minutes. Absent: the duration (back-to-back slots).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub slot_interval_minutes: Option<i32>,
    /// At most this many bookings of this type per day; once reached, the day offers no more
    /// slots of this type. Absent: no cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "ts", ts(optional))]
    pub max_per_day: Option<i32>,
    /// Whether patients may book it on the site; others are booked by phone (by the practice).
    #[serde(default = "yes")]
    pub bookable_online: bool,
}

fn default_colour() -> String {
    DEFAULT_COLOUR.to_owned()
}

fn yes() -> bool {
    true
}

impl AppointmentType {
    /// A type bookable online with no buffer, notice, horizon or cap, back-to-back slots.
    pub fn new(id: &str, name: &str, duration_minutes: i32) -> Self {
        Self {
            id: id.to_owned(),
            name: name.to_owned(),
            duration_minutes,
            colour: default_colour(),
            buffer_before_minutes: 0,
            buffer_after_minutes: 0,
            min_notice_minutes: 0,
            horizon_days: None,
            slot_interval_minutes: None,
            max_per_day: None,
            bookable_online: true,
        }
    }

    /// The appointment's length.
    pub fn duration(&self) -> TimeDelta {
        TimeDelta::minutes(self.duration_minutes.into())
    }

    /// The step between slot starts (the duration unless set).
    pub fn interval(&self) -> TimeDelta {
        TimeDelta::minutes(
            self.slot_interval_minutes
                .unwrap_or(self.duration_minutes)
                .into(),
        )
    }

    /// Buffer before, never negative (validation reports negative ones).
    pub fn buffer_before(&self) -> TimeDelta {
        TimeDelta::minutes(self.buffer_before_minutes.max(0).into())
    }

    /// Buffer after, never negative.
    pub fn buffer_after(&self) -> TimeDelta {
        TimeDelta::minutes(self.buffer_after_minutes.max(0).into())
    }

    /// Minimum notice, never negative.
    pub fn min_notice(&self) -> TimeDelta {
        TimeDelta::minutes(self.min_notice_minutes.max(0).into())
    }
}

/// Whether `s` is a colour written `#RRGGBB`.
pub fn is_valid_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether `s` can be an appointment type id: non-empty, no comma (ids are comma-separated in
/// `rdv.type`), no whitespace.
pub fn is_valid_type_id(s: &str) -> bool {
    !s.is_empty() && !s.contains(',') && !s.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_without_interval_offers_back_to_back_slots() {
        let t = AppointmentType::new("consultation", "Consultation", 30);
        assert_eq!(t.interval(), TimeDelta::minutes(30));
        let t = AppointmentType {
            slot_interval_minutes: Some(15),
            ..t
        };
        assert_eq!(
            t.interval(),
            TimeDelta::minutes(15),
            "an explicit interval wins"
        );
    }

    #[test]
    fn negative_buffers_and_notice_count_as_none() {
        let t = AppointmentType {
            buffer_before_minutes: -5,
            buffer_after_minutes: -1,
            min_notice_minutes: -60,
            ..AppointmentType::new("c", "C", 30)
        };
        assert_eq!(
            (t.buffer_before(), t.buffer_after(), t.min_notice()),
            (TimeDelta::zero(), TimeDelta::zero(), TimeDelta::zero())
        );
    }

    #[test]
    fn colours_are_six_hex_digits_after_a_hash() {
        assert!(is_valid_colour("#1e88E5"));
        for bad in ["1E88E5", "#1E88E", "#1E88E5F", "#GGGGGG", "bleu", "#1E88É"] {
            assert!(!is_valid_colour(bad), "{bad}");
        }
    }

    #[test]
    fn type_ids_cannot_hold_commas_or_spaces() {
        assert!(is_valid_type_id("premiere-consultation"));
        for bad in ["", "a,b", "a b", "a\tb"] {
            assert!(!is_valid_type_id(bad), "{bad:?}");
        }
    }

    #[test]
    fn a_type_is_read_with_defaults_and_the_american_spelling_of_colour() {
        let t: AppointmentType = serde_json::from_str(
            r##"{"id":"c","name":"Consultation","durationMinutes":30,"color":"#FF0000"}"##,
        )
        .unwrap();
        assert_eq!(t.colour, "#FF0000");
        assert!(t.bookable_online, "bookable online unless said otherwise");
        assert_eq!(t.max_per_day, None);
    }
}
