//! The sandbox's integration tests, one binary. Each test starts its own sandbox on a free port
//! and talks to it over HTTP with a plain reqwest client, as the app's client code will. Every
//! test cites, in its doc comment, the note or recorded sample whose behaviour it reproduces.

mod acl;
mod calendar_list;
mod demo;
mod events;
mod faults;
mod freebusy;
mod lifecycle;
mod oauth;
mod recurring;
mod shapes;
mod site;
mod sms_provider;
mod support;
mod sync;
