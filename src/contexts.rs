//! Typed contexts shared across the app, each with its `provide_*` function and an
//! `*Injection::expect_context()` accessor.

pub mod alerts;
pub mod customer;
pub mod data;
pub mod journal;
pub mod live;
pub mod prefs;
pub mod session;
