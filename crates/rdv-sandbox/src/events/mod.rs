//! Events: the stored model, writes (insert/patch/update/delete, instance exceptions), the views
//! clients get, and listings with paging and sync tokens.

pub(crate) mod list;
pub(crate) mod model;
mod store;
pub(crate) mod view;
