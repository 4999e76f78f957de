//! `GET /sms/usage` and `/erasure` (docs/booking-endpoint.md § SMS usage, § Erasure).

use rdv_core::Sensitive;
use serde::{Deserialize, Serialize};

use super::money::{Euros, YearMonth};
use rdv_core::sensitive::wire;

/// Messages and billed segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub struct KindUsage {
    /// SMS handed to the platform.
    pub messages: u32,
    /// Billed segments (a long or UCS-2 message counts several).
    pub segments: u32,
}

/// Counters per kind of SMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub struct UsageByKind {
    /// Confirmations.
    #[serde(default)]
    pub confirmation: KindUsage,
    /// Reminders.
    #[serde(default)]
    pub reminder: KindUsage,
    /// Cancellations.
    #[serde(default)]
    pub cancellation: KindUsage,
}

/// One month of SMS, as billed (art. 1.5, 5.2).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SmsUsage {
    /// The month.
    pub month: YearMonth,
    /// SMS handed to the platform.
    pub messages: u32,
    /// Billed segments.
    pub segments: u32,
    /// Price per segment in force that month.
    pub price_per_segment: Euros,
    /// `segments × price_per_segment`.
    pub cost: Euros,
    /// `EUR`.
    pub currency: String,
    /// The same per kind.
    #[serde(default)]
    pub by_kind: UsageByKind,
}

/// Whose records to erase: an email and/or a phone (a record matching either is erased).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ErasureRequest {
    /// The person's email (compared case-insensitively).
    #[serde(skip_serializing_if = "Option::is_none", with = "wire::opt_string")]
    pub email: Option<Sensitive<String>>,
    /// The person's phone (compared in international form).
    #[serde(skip_serializing_if = "Option::is_none", with = "wire::opt_string")]
    pub phone: Option<Sensitive<String>>,
}

impl ErasureRequest {
    /// Every record with this email.
    pub fn by_email(email: Sensitive<String>) -> Self {
        Self {
            email: Some(email),
            phone: None,
        }
    }

    /// Every record with this phone.
    pub fn by_phone(phone: Sensitive<String>) -> Self {
        Self {
            email: None,
            phone: Some(phone),
        }
    }
}

/// What an erasure removed (or, as a preview, would remove).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Erasure {
    /// A preview: nothing was erased.
    pub dry_run: bool,
    /// How many records.
    pub count: u32,
    /// Their Google event ids.
    pub ids: Vec<String>,
}
