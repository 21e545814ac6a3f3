//! One component per screen; each reads prepared figures and lays them out.

pub mod customer_picker_page;
pub mod not_found_page;
pub mod overview_page;
