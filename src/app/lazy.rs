//! Pages whose code is fetched the first time they are visited. Each page's view is a
//! split point: the build (scripts/build-wasm.sh, wasm-split) moves it, and the code only
//! it uses, into a wasm chunk of its own, so the first download holds the shell and the
//! overview, not every screen. The customer overview stays in the main module: it is the
//! first page with data, and a chunk would put one more round trip before it.
//!
//! Each page also brings the change code (`change_engine`), fetched alongside its chunk.
//!
//! A chunk that cannot be fetched (offline, or a deploy removed it) is said as such with a
//! "try again" button; the rest of the app keeps working.

use super::{AnalystOnly, Shell, SignedOutOnly};
use crate::change_engine;
use crate::components::loading::Loading;
use crate::i18n::{t, use_i18n};
use crate::pages::*;
use crate::platform::{self, ChunkUnavailable};
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use send_wrapper::SendWrapper;
use std::future::Future;
use std::pin::Pin;

type PageLoad = Pin<Box<dyn Future<Output = Result<AnyView, ChunkUnavailable>>>>;

/// Fetches a page's chunk (once; a failed fetch is tried again on "try again"), then
/// shows the page.
#[component]
fn LazyPage(load: fn() -> PageLoad) -> impl IntoView {
    let attempt = RwSignal::new(0u32);
    let i18n = use_i18n();
    view! {
        <Suspense fallback=Loading>
            {move || {
                attempt.track();
                Suspend::new(SendWrapper::new(async move {
                    // Pages make changes: the change code comes with the page, and so
                    // do the pages' styles.
                    let (page, engine, ()) =
                        futures::join!(load(), change_engine::load(), platform::page_styles());
                    match engine.and(page) {
                        Ok(page) => page,
                        Err(ChunkUnavailable) => view! {
                            <section class="content">
                                <div class="card notice" role="alert" data-testid="page-unavailable">
                                    <p>{t!(i18n, common.app.page_unavailable)}</p>
                                    <button type="button" class="button" data-testid="page-retry"
                                        on:click=move |_| attempt.update(|n| *n += 1)>
                                        {t!(i18n, common.sync.retry)}
                                    </button>
                                </div>
                            </section>
                        }
                        .into_any(),
                    }
                }))
            }}
        </Suspense>
    }
}

/// A page component (`$page`) whose view (`$view`) lives in the chunk `$chunk`.
macro_rules! lazy_page {
    ($page:ident, $chunk:ident => $view:expr) => {
        #[wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        fn $chunk() -> Result<AnyView, ChunkUnavailable> {
            Ok($view.into_any())
        }

        #[component]
        pub fn $page() -> impl IntoView {
            view! { <LazyPage load=|| Box::pin($chunk())/> }
        }
    };
}

lazy_page!(Gallery, gallery_chunk => view! { <Shell><gallery_page::GalleryPage/></Shell> });
lazy_page!(Login, login_chunk => view! {
    <Shell><SignedOutOnly><login_page::LoginPage/></SignedOutOnly></Shell>
});
lazy_page!(ForgotPassword, forgot_password_chunk => view! {
    <Shell><SignedOutOnly><forgot_password_page::ForgotPasswordPage/></SignedOutOnly></Shell>
});
lazy_page!(Analytics, analytics_chunk => view! {
    <Shell><AnalystOnly><analytics_page::AnalyticsPage/></AnalystOnly></Shell>
});
lazy_page!(Alerts, alerts_chunk => view! {
    <Shell><AnalystOnly><alerts_page::AlertsPage/></AnalystOnly></Shell>
});
lazy_page!(Alert, alert_chunk => view! {
    <Shell><AnalystOnly><alert_page::AlertPage/></AnalystOnly></Shell>
});
lazy_page!(Quality, quality_chunk => view! {
    <Shell><AnalystOnly><quality_page::QualityPage/></AnalystOnly></Shell>
});
lazy_page!(Ledger, ledger_chunk => view! { <ledger_page::LedgerPage/> });
lazy_page!(Transaction, transaction_chunk => view! { <transaction_page::TransactionPage/> });
lazy_page!(Vaults, vaults_chunk => view! { <vaults_page::VaultsPage/> });
lazy_page!(Security, security_chunk => view! { <security_page::SecurityPage/> });
lazy_page!(Timeline, timeline_chunk => view! { <timeline_page::TimelinePage/> });
lazy_page!(Requests, requests_chunk => view! { <requests_page::RequestsPage/> });
lazy_page!(Notifications, notifications_chunk => view! { <notifications_page::NotificationsPage/> });
lazy_page!(Profile, profile_chunk => view! { <profile_page::ProfilePage/> });
