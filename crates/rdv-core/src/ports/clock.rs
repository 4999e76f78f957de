use std::time::SystemTime;

/// The source of "now". Domain code takes instants as arguments; use cases ask a `Clock`, so
/// tests can run with a fixed or stepped clock.
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> SystemTime;
}

/// The real wall clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}
