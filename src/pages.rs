//! One component per screen; each reads prepared figures and lays them out.

pub mod alert_page;
pub mod alerts_page;
pub mod analytics_page;
pub mod forgot_password_page;
pub mod gallery_page;
pub mod ledger_page;
pub mod login_page;
pub mod not_found_page;
pub mod not_yours_page;
pub mod notifications_page;
pub mod overview_page;
pub mod profile_page;
pub mod quality_page;
pub mod requests_page;
pub mod security_page;
pub mod timeline_page;
pub mod transaction_page;
pub mod vaults_page;
