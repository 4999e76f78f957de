//! Google's retry strategy — truncated exponential backoff with jitter, `Retry-After` honoured
//! (shared/reference/google-calendar-notes.md §9, after Google's `errors` guide) — and [`run`],
//! the one retry loop of both clients.
//!
//! Which failures are retried is each client's decision (Google: `429`, `403` with a rate-limit
//! reason, `5xx`, network failures, and only when the request may be repeated safely; the booking
//! site: `429`, `5xx`, network failures): the attempt closure answers [`Step::Retry`] for them.
//! This module decides how long to wait and how many times, and waits through a [`Sleep`], so
//! tests record the waits instead of sleeping.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime};

/// How many times and how patiently a request is retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included (`1` = never retry).
    pub max_attempts: u32,
    /// Wait before the first retry (doubled at each further retry).
    pub base: Duration,
    /// Longest wait between two attempts; also the longest `Retry-After` we accept (a longer one
    /// ends the retries at once: the caller schedules a later try).
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

/// How the retry loop waits between attempts. The clients use [`TokioSleep`]; tests inject one
/// that records the waits (`rdv_http::testing::RecordedSleep`) so nothing really sleeps.
pub trait Sleep: Send + Sync + fmt::Debug {
    /// Waits `wait`.
    fn sleep(&self, wait: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// Really waits, on tokio's timer.
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, wait: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(tokio::time::sleep(wait))
    }
}

/// What one attempt came to, as the client reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step<T, E> {
    /// Success: return it.
    Done(T),
    /// A failure worth another attempt (after the server's `Retry-After` when it gave one).
    Retry {
        /// The failure, returned if no attempt is left.
        error: E,
        /// The server's `Retry-After`.
        retry_after: Option<Duration>,
    },
    /// A failure another attempt would not change: return it.
    Stop(E),
}

/// The retry loop gave up: the last failure, and those of the attempts that were retried (in
/// order — a client reads them to know whether an earlier attempt may have been applied).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GaveUp<E> {
    /// The last attempt's failure.
    pub error: E,
    /// The failures that were followed by another attempt.
    pub retried: Vec<E>,
}

/// Runs `attempt` until it is [`Step::Done`] or [`Step::Stop`], or the policy has no attempt or
/// patience left: after a [`Step::Retry`], waits [`RetryPolicy::delay`] (the server's
/// `Retry-After`, else the jittered backoff) through `sleep`, at most `max_attempts` attempts in
/// all, and gives up at once when the server asks for longer than [`RetryPolicy::max`].
/// `request` names the request in the debug log line of each retry (no query, no body).
pub async fn run<T, E, F, Fut>(
    policy: RetryPolicy,
    sleep: &dyn Sleep,
    request: &str,
    mut attempt: F,
) -> Result<T, GaveUp<E>>
where
    E: fmt::Display,
    F: FnMut() -> Fut,
    Fut: Future<Output = Step<T, E>>,
{
    let mut retried = Vec::new();
    let mut retry: u32 = 0;
    loop {
        let (error, retry_after) = match attempt().await {
            Step::Done(value) => return Ok(value),
            Step::Stop(error) => return Err(GaveUp { error, retried }),
            Step::Retry { error, retry_after } => (error, retry_after),
        };
        let delay = policy
            .delay(retry, fastrand::f64(), retry_after)
            .filter(|_| retry + 1 < policy.max_attempts);
        let Some(delay) = delay else {
            return Err(GaveUp { error, retried });
        };
        tracing::debug!(request, attempt = retry + 1, ?delay, error = %error, "retrying");
        sleep.sleep(delay).await;
        retried.push(error);
        retry += 1;
    }
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

#[cfg(test)]
mod loop_tests {
    use super::*;
    use crate::testing::RecordedSleep;
    use std::cell::Cell;

    /// Runs the loop over scripted steps (`None` = success), returning the result and the waits.
    fn scripted(
        policy: RetryPolicy,
        steps: Vec<Step<(), &'static str>>,
    ) -> (Result<(), GaveUp<&'static str>>, Vec<Duration>, usize) {
        let sleep = RecordedSleep::default();
        let calls = Cell::new(0);
        let mut steps = steps.into_iter();
        let result = block_on(run(policy, &sleep, "GET /x", || {
            calls.set(calls.get() + 1);
            std::future::ready(steps.next().expect("no attempt beyond the script"))
        }));
        (result, sleep.waits(), calls.get())
    }

    /// Drives a future that never waits on IO (the recorded sleep returns at once).
    fn block_on<F: Future>(f: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(f)
    }

    fn transient() -> Step<(), &'static str> {
        Step::Retry {
            error: "503",
            retry_after: None,
        }
    }

    #[test]
    fn googles_policy_backs_off_1_2_4_8_seconds_then_gives_up_after_5_attempts() {
        // shared/reference/google-calendar-notes.md §9: truncated exponential backoff with
        // jitter, wait min(2^n s + random(0..1000 ms), max_backoff), max_backoff 32–64 s.
        let (result, waits, calls) = scripted(RetryPolicy::google(), vec![transient(); 5]);
        assert_eq!(calls, 5);
        let gave_up = result.unwrap_err();
        assert_eq!((gave_up.error, gave_up.retried.len()), ("503", 4));
        assert_eq!(waits.len(), 4, "no wait after the last attempt");
        for (n, wait) in waits.iter().enumerate() {
            let floor = Duration::from_secs(1 << n);
            assert!(
                *wait >= floor && *wait < floor + Duration::from_secs(1),
                "wait {n}: {wait:?}"
            );
        }
    }

    #[test]
    fn a_success_after_retries_is_returned_and_a_stop_is_not_retried() {
        let (result, waits, calls) =
            scripted(RetryPolicy::google(), vec![transient(), Step::Done(())]);
        assert_eq!((result, waits.len(), calls), (Ok(()), 1, 2));

        let (result, waits, calls) = scripted(
            RetryPolicy::google(),
            vec![transient(), Step::Stop("404"), transient()],
        );
        assert_eq!(
            result.unwrap_err(),
            GaveUp {
                error: "404",
                retried: vec!["503"]
            }
        );
        assert_eq!((waits.len(), calls), (1, 2));
    }

    #[test]
    fn retry_after_is_waited_exactly_and_one_longer_than_the_cap_ends_the_retries() {
        let (result, waits, _) = scripted(
            RetryPolicy::google(),
            vec![
                Step::Retry {
                    error: "429",
                    retry_after: Some(Duration::from_secs(7)),
                },
                Step::Done(()),
            ],
        );
        assert_eq!((result, waits), (Ok(()), vec![Duration::from_secs(7)]));

        let (result, waits, calls) = scripted(
            RetryPolicy::google(),
            vec![Step::Retry {
                error: "429",
                retry_after: Some(Duration::from_secs(3600)),
            }],
        );
        assert_eq!(result.unwrap_err().error, "429");
        assert_eq!(
            (waits.len(), calls),
            (0, 1),
            "the caller schedules a later try"
        );
    }

    #[test]
    fn the_none_policy_makes_one_attempt() {
        let (result, waits, calls) = scripted(RetryPolicy::none(), vec![transient()]);
        assert!(result.is_err());
        assert_eq!((waits.len(), calls), (0, 1));
    }
}
