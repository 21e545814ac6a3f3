//! Every screen as a typed route. Links are built with `AppRoute::href`, never by hand.

use leptos::prelude::*;
use leptos_router::params::Params;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppRoute {
    /// Choose whose data to show (until sign-in exists).
    CustomerPicker,
    /// A customer's financial overview.
    Overview { customer_id: String },
}

impl AppRoute {
    /// The path inside the app (the router adds the deployment base).
    pub fn href(&self) -> String {
        match self {
            AppRoute::CustomerPicker => "/".to_owned(),
            AppRoute::Overview { customer_id } => format!("/customers/{customer_id}"),
        }
    }
}

/// Parameters of `/customers/:customer_id`.
#[derive(Params, Debug, Clone, PartialEq)]
pub struct CustomerParams {
    pub customer_id: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_match_the_router_paths() {
        assert_eq!(AppRoute::CustomerPicker.href(), "/");
        assert_eq!(AppRoute::Overview { customer_id: "abc".into() }.href(), "/customers/abc");
    }
}
