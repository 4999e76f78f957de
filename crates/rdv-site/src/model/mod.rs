//! The API's typed bodies, one file per resource group.

pub mod bookings;
pub mod config;
pub mod money;
pub mod usage;
