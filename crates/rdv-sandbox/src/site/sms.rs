//! The site's SMS (docs/booking-endpoint.md § SMS): kinds and statuses, templates with their
//! variables, segment counting (GSM 03.38 or UCS-2, as SMS platforms bill), the send log and the
//! monthly usage counters.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Utc};
use chrono_tz::Tz;
use serde_json::{Value, json};

use super::bookings::SiteBooking;
use crate::world::World;

/// Which SMS of a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SiteSmsKind {
    /// Sent when the booking is made.
    Confirmation,
    /// Sent `reminderHoursBefore` hours before the appointment.
    Reminder,
    /// Sent when the site cancels the booking.
    Cancellation,
}

impl SiteSmsKind {
    /// Every kind, in the order of the API's objects.
    pub const ALL: [SiteSmsKind; 3] = [Self::Confirmation, Self::Reminder, Self::Cancellation];

    /// The API's name: `confirmation`, `reminder`, `cancellation`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmation => "confirmation",
            Self::Reminder => "reminder",
            Self::Cancellation => "cancellation",
        }
    }

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

/// Where one SMS of a booking stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SiteSmsStatus {
    /// Will be sent (a reminder not due yet).
    Pending,
    /// Handed to the SMS platform.
    Sent,
    /// The platform reported delivery.
    Delivered,
    /// The platform could not deliver it (not billed).
    Failed,
    /// Not sent and not planned (option off, no phone, booked too late for a reminder).
    #[default]
    None,
}

impl SiteSmsStatus {
    /// The API's name: `pending`, `sent`, `delivered`, `failed`, `none`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Delivered => "delivered",
            Self::Failed => "failed",
            Self::None => "none",
        }
    }
}

/// One SMS the site sent ([`crate::Control::site_sms_sent`]). After an erasure or the end of the
/// retention period, `phone` and `text` are gone; the counts stay (billing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteSms {
    /// The booking's Google event id.
    pub event_id: String,
    /// Which SMS.
    pub kind: SiteSmsKind,
    /// The number it went to (`None` once erased).
    pub phone: Option<String>,
    /// The text as sent (`None` once erased).
    pub text: Option<String>,
    /// Billed segments.
    pub segments: u32,
    /// When it was sent (sandbox clock).
    pub sent_at: DateTime<Utc>,
}

/// The variables a text may hold.
pub(crate) const VARIABLES: [&str; 6] = [
    "prenom",
    "date",
    "heure",
    "praticien",
    "adresse",
    "telephone",
];

/// The `{name}` variables of a template, in order, names trimmed (unknown ones included); `Err`
/// when a `{` is left open. Same reading as `rdv_core::sms` (docs/sms.md).
pub(crate) fn variables(text: &str) -> Result<Vec<&str>, ()> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or(())?;
        out.push(after[..close].trim());
        rest = &after[close + 1..];
    }
    Ok(out)
}

/// Replaces the variables of a template (unknown ones are left as written).
pub(crate) fn render(template: &str, values: &BTreeMap<&str, String>) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                match values.get(after[..close].trim()) {
                    Some(v) => out.push_str(v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// GSM 03.38 basic characters (one septet each).
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?\
¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// GSM 03.38 extension characters (escape + one septet).
const GSM_EXTENSION: &str = "^{}\\[~]|€\u{c}";

/// Segments a text is billed as (docs/sms.md, the rules of `rdv_core::sms::count`): GSM 03.38
/// when every character is in it (160 septets in one SMS, 153 per part beyond, an extension
/// character counting two), else UCS-2 (70 UTF-16 units, 67 per part); a character is never split
/// between two parts. French `ê`, `ô`, `ç`, `œ` are **not** GSM characters: one of them makes
/// the whole message UCS-2.
pub(crate) fn segments(text: &str) -> u32 {
    let gsm: Option<Vec<usize>> = text
        .chars()
        .map(|c| {
            if GSM_BASIC.contains(c) {
                Some(1)
            } else if GSM_EXTENSION.contains(c) {
                Some(2)
            } else {
                None
            }
        })
        .collect();
    let (units, single, part) = match gsm {
        Some(units) => (units, 160, 153),
        None => (text.chars().map(char::len_utf16).collect(), 70, 67),
    };
    let total: usize = units.iter().sum();
    if total == 0 {
        return 0;
    }
    if total <= single {
        return 1;
    }
    let (mut count, mut used) = (1, 0);
    for u in units {
        if used + u > part {
            count += 1;
            used = 0;
        }
        used += u;
    }
    count
}

/// `2026-11` in the site's zone.
pub(crate) fn month_of(t: DateTime<Utc>, tz: Tz) -> String {
    let local = t.with_timezone(&tz);
    format!("{:04}-{:02}", local.year(), local.month())
}

/// Whether `s` is `YYYY-MM` with a real month.
pub(crate) fn is_month(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 7
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && matches!(s[5..].parse::<u32>(), Ok(1..=12))
}

/// One month's counters, per kind: (messages, segments); and the price in force that month.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct MonthUsage {
    pub price: String,
    pub counts: [(u32, u32); 3],
}

/// A price in euros (`"0.08"`) as micro-euros.
pub(crate) fn micros(price: &str) -> Option<u64> {
    let (whole, frac) = price.split_once('.').unwrap_or((price, ""));
    if whole.is_empty()
        || frac.len() > 6
        || !(whole.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let frac = format!("{frac:0<6}");
    Some(whole.parse::<u64>().ok()? * 1_000_000 + frac.parse::<u64>().ok()?)
}

/// Micro-euros as a decimal string with at least two decimals (`3760000` → `"3.76"`).
pub(crate) fn euros(micros: u64) -> String {
    let frac = format!("{:06}", micros % 1_000_000);
    let frac = frac.trim_end_matches('0');
    format!("{}.{frac:0<2}", micros / 1_000_000)
}

impl MonthUsage {
    /// `GET /sms/usage`'s body.
    pub(crate) fn body(&self, month: &str) -> Value {
        let messages: u32 = self.counts.iter().map(|c| c.0).sum();
        let segments: u32 = self.counts.iter().map(|c| c.1).sum();
        let cost = micros(&self.price).unwrap_or(0) * u64::from(segments);
        let by_kind: serde_json::Map<String, Value> = SiteSmsKind::ALL
            .iter()
            .map(|k| {
                let (m, s) = self.counts[k.index()];
                (k.as_str().to_owned(), json!({"messages": m, "segments": s}))
            })
            .collect();
        json!({
            "month": month,
            "messages": messages,
            "segments": segments,
            "pricePerSegment": self.price,
            "cost": euros(cost),
            "currency": "EUR",
            "byKind": by_kind,
        })
    }
}

/// `mardi 24/11` and `14h30`: the `{date}` and `{heure}` of an appointment, in the site's zone.
fn local_date_and_time(start: Option<DateTime<Utc>>, tz: Tz) -> (String, String) {
    const DAYS: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    match start {
        Some(t) => {
            let local = t.with_timezone(&tz);
            let day = DAYS[local.weekday().num_days_from_monday() as usize];
            (
                format!("{day} {}", local.format("%d/%m")),
                local.format("%-Hh%M").to_string(),
            )
        }
        None => ("?".into(), "?".into()),
    }
}

impl World {
    /// The text of one SMS of a booking, variables replaced.
    pub(crate) fn site_sms_text(&self, booking: &SiteBooking, kind: SiteSmsKind) -> String {
        let config = &self.site.config;
        let start = self.site_event_start(&booking.event_id).or(booking.start);
        let (date, heure) = local_date_and_time(start, self.site.time_zone);
        let practice = |k: &str| config["practice"][k].as_str().unwrap_or("").to_owned();
        let values = BTreeMap::from([
            ("prenom", booking.first_name.clone()),
            ("date", date),
            ("heure", heure),
            ("praticien", practice("name")),
            ("adresse", practice("address")),
            ("telephone", practice("phone")),
        ]);
        let template = config["sms"]["texts"][kind.as_str()].as_str().unwrap_or("");
        render(template, &values)
    }

    /// Sends one SMS of a booking now: the text is rendered and counted, logged, billed in the
    /// month's usage, and the booking's status becomes `sent`. The caller stores the booking.
    pub(crate) fn site_send_sms(
        &mut self,
        booking: &mut SiteBooking,
        kind: SiteSmsKind,
    ) -> SiteSms {
        let now = self.now();
        let text = self.site_sms_text(booking, kind);
        let sms = SiteSms {
            event_id: booking.event_id.clone(),
            kind,
            phone: booking.phone.clone(),
            segments: segments(&text),
            text: Some(text),
            sent_at: now,
        };
        self.site.sms_log.push(sms.clone());
        let month = month_of(now, self.site.time_zone);
        self.site_bill(&month, kind, 1, sms.segments);
        booking.set_sms(kind, SiteSmsStatus::Sent);
        sms
    }

    /// Adds to a month's counters (its price is the one in force when it is first billed).
    pub(crate) fn site_bill(
        &mut self,
        month: &str,
        kind: SiteSmsKind,
        messages: u32,
        segments: u32,
    ) {
        let price = self.site.config["sms"]["pricePerSegment"]
            .as_str()
            .unwrap_or("0")
            .to_owned();
        let usage = self
            .site
            .usage
            .entry(month.to_owned())
            .or_insert_with(|| MonthUsage {
                price,
                counts: Default::default(),
            });
        usage.counts[kind.index()].0 += messages;
        usage.counts[kind.index()].1 += segments;
    }

    /// `GET /sms/usage`.
    pub(crate) fn site_usage(&self, month: Option<&str>) -> Result<Value, super::WpError> {
        let month = match month {
            None => month_of(self.now(), self.site.time_zone),
            Some(m) if is_month(m) => m.to_owned(),
            Some(_) => {
                return Err(super::WpError::invalid_param(
                    "month",
                    "Mois attendu au format AAAA-MM, par exemple 2026-11.",
                ));
            }
        };
        let usage = self
            .site
            .usage
            .get(&month)
            .cloned()
            .unwrap_or_else(|| MonthUsage {
                price: self.site.config["sms"]["pricePerSegment"]
                    .as_str()
                    .unwrap_or("0")
                    .to_owned(),
                counts: Default::default(),
            });
        Ok(usage.body(&month))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_french_fits_gsm_and_a_circumflex_switches_to_ucs2() {
        assert_eq!(segments(&"a".repeat(160)), 1);
        assert_eq!(segments(&"a".repeat(161)), 2, "153 septets per part");
        assert_eq!(segments(&"a".repeat(306)), 2);
        assert_eq!(segments(&"a".repeat(307)), 3);
        assert_eq!(segments("Rendez-vous confirmé à 9h"), 1);
        assert_eq!(
            segments(&format!("Empêchement {}", "a".repeat(60))),
            2,
            "ê is not GSM: 70 per SMS"
        );
        assert_eq!(segments(&"€".repeat(80)), 1, "€ costs two septets");
        assert_eq!(segments(&"€".repeat(81)), 2);
        let unsplit = format!("{}€{}", "a".repeat(152), "a".repeat(152));
        assert_eq!(
            segments(&unsplit),
            3,
            "the € is not split across parts (docs/sms.md)"
        );
    }

    #[test]
    fn templates_list_and_replace_their_variables() {
        assert_eq!(
            variables("Bonjour {prenom}, { x }"),
            Ok(vec!["prenom", "x"])
        );
        assert_eq!(variables("Bonjour {prenom"), Err(()));
        let values = BTreeMap::from([("prenom", "Jeanne".to_owned())]);
        assert_eq!(
            render("Bonjour {prenom} { prenom } {autre} {", &values),
            "Bonjour Jeanne Jeanne {autre} {"
        );
    }

    #[test]
    fn prices_are_exact_decimals() {
        assert_eq!(micros("0.08"), Some(80_000));
        assert_eq!(micros("1"), Some(1_000_000));
        assert_eq!(micros("0.0745"), Some(74_500));
        for bad in ["", ".5", "1,5", "-1", "0.1234567", "abc"] {
            assert_eq!(micros(bad), None, "{bad}");
        }
        assert_eq!(euros(47 * 80_000), "3.76");
        assert_eq!(euros(3 * 74_500), "0.2235");
        assert_eq!(euros(0), "0.00");
        assert!(is_month("2026-11") && !is_month("2026-13") && !is_month("26-11"));
    }
}
