//! rdv-core integration tests: one binary for the public API of the domain.

mod docs;
mod dst;
mod holidays;
mod hostile;
mod properties;
mod sms_vectors;
