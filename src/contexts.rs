//! Typed contexts shared across the app.

pub mod dataset;
