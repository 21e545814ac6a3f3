//! Reusable view pieces. Each takes prepared values; none fetches or computes figures.

pub mod app_error;
pub mod bar_chart;
pub mod change_error;
pub mod confirm;
pub mod filter_select;
pub mod icons;
pub mod live_controls;
pub mod loading;
pub mod new_password_form;
pub mod prefs_bar;
pub mod sidebar;
pub mod spending_chart;
pub mod sync_badge;
pub mod top_bar;

/// The classes of a status badge: `status status-<code in lower case>` ("ACTIVE" ->
/// `status-active`). The codes are ASCII, so no Unicode case tables are needed.
pub fn status_class(code: &str) -> String {
    format!("status status-{}", code.to_ascii_lowercase())
}
