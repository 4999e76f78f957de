//! Google's retry strategy: truncated exponential backoff with jitter, `Retry-After` honoured.
//!
//! Which failures are retried is decided by [`super::error::CalendarError::is_retryable`] and by
//! whether the request may be repeated safely (see [`super::CalendarClient`]); this module only
//! computes how long to wait.

use std::time::{Duration, SystemTime};

/// How many times and how patiently a request is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (`1` = never retry).
    pub max_attempts: u32,
    /// Wait before the first retry (doubled at each further retry).
    pub base: Duration,
    /// Longest wait between two attempts; also the longest `Retry-After` we accept (a longer one
    /// ends the retries at once with [`super::CalendarError::RateLimited`]).
    pub max: Duration,
    /// Upper bound of the random delay added to each wait, so many clients don't retry in step.
    pub jitter: Duration,
}

impl RetryPolicy {
    /// Google's recommendation: 5 attempts, 1 s doubling, capped at 32 s, up to 1 s of jitter.
    pub const fn google() -> Self {
        Self {
            max_attempts: 5,
            base: Duration::from_secs(1),
            max: Duration::from_secs(32),
            jitter: Duration::from_secs(1),
        }
    }

    /// For tests: the same 5 attempts, in milliseconds.
    pub const fn fast() -> Self {
        Self {
            max_attempts: 5,
            base: Duration::from_millis(1),
            max: Duration::from_millis(20),
            jitter: Duration::from_millis(1),
        }
    }

    /// Never retry.
    pub const fn none() -> Self {
        Self {
            max_attempts: 1,
            base: Duration::ZERO,
            max: Duration::ZERO,
            jitter: Duration::ZERO,
        }
    }

    /// The wait before retry number `retry` (0 = the first retry):
    /// `min(base × 2^retry + unit × jitter, max)`, with `unit` a random number in `[0, 1)`.
    pub fn backoff(&self, retry: u32, unit: f64) -> Duration {
        let exp = self
            .base
            .checked_mul(2u32.checked_pow(retry).unwrap_or(u32::MAX))
            .unwrap_or(Duration::MAX);
        let jitter = self.jitter.mul_f64(unit.clamp(0.0, 1.0));
        exp.saturating_add(jitter).min(self.max)
    }

    /// The wait before retry `retry` given the server's `Retry-After`, if any: the server's value
    /// when present, else [`Self::backoff`]. `None` when the server asks for longer than
    /// [`Self::max`]: give up now and let the caller schedule a later try.
    pub fn delay(&self, retry: u32, unit: f64, retry_after: Option<Duration>) -> Option<Duration> {
        match retry_after {
            Some(wait) if wait > self.max => None,
            Some(wait) => Some(wait),
            None => Some(self.backoff(retry, unit)),
        }
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self::google()
    }
}

/// Parses a `Retry-After` value: delay-seconds (`120`) or an HTTP-date, relative to `now` (a
/// date in the past means "now"). `None` when unreadable.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deterministic sequence in `[0, 1)`.
    fn units(seed: u64) -> impl Iterator<Item = f64> {
        let mut rng = fastrand::Rng::with_seed(seed);
        std::iter::repeat_with(move || rng.f64())
    }

    #[test]
    fn google_backoff_doubles_from_one_second_and_stays_under_the_cap() {
        let p = RetryPolicy::google();
        for (retry, unit) in (0..12).zip(units(7)) {
            let d = p.backoff(retry, unit);
            let floor = Duration::from_secs(1 << retry.min(6)).min(p.max);
            assert!(d >= floor, "retry {retry}: {d:?} below {floor:?}");
            assert!(d <= p.max, "retry {retry}: {d:?} above the cap");
            if retry < 5 {
                assert!(d < floor + p.jitter, "jitter is below 1 s");
            }
        }
    }

    #[test]
    fn backoff_is_the_documented_formula() {
        let p = RetryPolicy::google();
        assert_eq!(p.backoff(0, 0.0), Duration::from_secs(1));
        assert_eq!(p.backoff(0, 0.5), Duration::from_millis(1500));
        assert_eq!(p.backoff(3, 0.25), Duration::from_millis(8250));
        assert_eq!(
            p.backoff(5, 0.9),
            Duration::from_secs(32),
            "32 s + jitter is truncated"
        );
        assert_eq!(
            p.backoff(40, 0.9),
            Duration::from_secs(32),
            "no overflow on huge retries"
        );
        assert_eq!(p.backoff(u32::MAX, 0.9), Duration::from_secs(32));
    }

    #[test]
    fn jitter_spreads_clients_apart() {
        let p = RetryPolicy::google();
        let waits: std::collections::BTreeSet<_> =
            units(1).take(20).map(|u| p.backoff(1, u)).collect();
        assert!(
            waits.len() > 10,
            "random jitter gives different waits: {waits:?}"
        );
    }

    #[test]
    fn retry_after_is_honoured_up_to_the_cap() {
        let p = RetryPolicy::google();
        assert_eq!(
            p.delay(0, 0.3, Some(Duration::from_secs(7))),
            Some(Duration::from_secs(7))
        );
        assert_eq!(p.delay(0, 0.0, None), Some(Duration::from_secs(1)));
        assert_eq!(
            p.delay(0, 0.0, Some(Duration::from_secs(3600))),
            None,
            "too long: give up"
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        let now = httpdate::parse_http_date("Thu, 26 Nov 2026 10:00:00 GMT").unwrap();
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Thu, 26 Nov 2026 10:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Thursday, 26-Nov-26 10:01:00 GMT", now),
            Some(Duration::from_secs(60)),
            "the obsolete RFC 850 form too"
        );
        assert_eq!(
            parse_retry_after("Thu, 26 Nov 2026 09:00:00 GMT", now),
            Some(Duration::ZERO),
            "a past date means now"
        );
        for junk in ["", "-1", "soon", "1.5", "Thu, 99 Nov 2026 10:00:00 GMT"] {
            assert_eq!(parse_retry_after(junk, now), None, "{junk:?}");
        }
    }
}
