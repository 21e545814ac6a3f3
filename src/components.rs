//! Reusable view pieces. Each takes prepared values; none fetches or computes figures.

pub mod app_error;
pub mod icons;
pub mod loading;
pub mod sidebar;
pub mod top_bar;
