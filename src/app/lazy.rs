//! Pages whose code is fetched the first time they are visited. Each route's view is a
//! split point: the build (scripts/build-wasm.sh, wasm-split) moves it, and the code only
//! it uses, into a wasm chunk of its own, so the first download holds the shell and the
//! overview, not every screen. The customer overview stays in the main module: it is the
//! first page with data, and a chunk would put one more round trip before it.

use super::{AnalystOnly, Shell, SignedOutOnly};
use crate::pages::*;
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// A route type whose view (`view! { ... }`) lives in its own chunk.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $view:expr) => {
        $(#[$doc])*
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }
            fn view(_this: Self) -> AnyView {
                $view.into_any()
            }
        }
    };
}

lazy_page!(Gallery => view! { <Shell><gallery_page::GalleryPage/></Shell> });
lazy_page!(Login => view! {
    <Shell><SignedOutOnly><login_page::LoginPage/></SignedOutOnly></Shell>
});
lazy_page!(ForgotPassword => view! {
    <Shell><SignedOutOnly><forgot_password_page::ForgotPasswordPage/></SignedOutOnly></Shell>
});
lazy_page!(Analytics => view! {
    <Shell><AnalystOnly><analytics_page::AnalyticsPage/></AnalystOnly></Shell>
});
lazy_page!(Alerts => view! {
    <Shell><AnalystOnly><alerts_page::AlertsPage/></AnalystOnly></Shell>
});
lazy_page!(Alert => view! {
    <Shell><AnalystOnly><alert_page::AlertPage/></AnalystOnly></Shell>
});
lazy_page!(Quality => view! {
    <Shell><AnalystOnly><quality_page::QualityPage/></AnalystOnly></Shell>
});
lazy_page!(Ledger => view! { <ledger_page::LedgerPage/> });
lazy_page!(Transaction => view! { <transaction_page::TransactionPage/> });
lazy_page!(Vaults => view! { <vaults_page::VaultsPage/> });
lazy_page!(Security => view! { <security_page::SecurityPage/> });
lazy_page!(Timeline => view! { <timeline_page::TimelinePage/> });
lazy_page!(Requests => view! { <requests_page::RequestsPage/> });
lazy_page!(Notifications => view! { <notifications_page::NotificationsPage/> });
lazy_page!(Profile => view! { <profile_page::ProfilePage/> });
