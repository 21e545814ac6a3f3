//! The app shell: load the dataset, then the layout and the router.

use crate::components::{app_error::AppError, loading::Loading, sidebar::Sidebar};
use crate::contexts::customer::provide_customer;
use crate::contexts::data::{provide_data, DataInjection};
use crate::contexts::journal::{provide_journal, JournalInjection};
use crate::data::{Bundle, DataSource};
use crate::pages::*;
use crate::routes::{AppRoute, CustomerParams};
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::hooks::use_params;
use leptos_router::path;
use std::sync::Arc;

#[component]
pub fn App() -> impl IntoView {
    let source = DataSource::Bundled;
    let bundle = LocalResource::new(move || {
        let source = source.clone();
        async move { source.load().await.map(Arc::new) }
    });
    view! {
        <Router base=router_base()>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match bundle.await {
                        Ok(bundle) => view! { <Layout bundle/> }.into_any(),
                        Err(error) => view! { <AppError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </Router>
    }
}

#[component]
fn Layout(bundle: Arc<Bundle>) -> impl IntoView {
    provide_journal();
    provide_data(Arc::new(bundle.dataset.clone()), bundle.meta.as_of);
    view! {
        <JournalNotices/>
        <Routes fallback=|| view! { <div class="layout"><Sidebar/><main class="main"><not_found_page::NotFoundPage/></main></div> }>
            <Route path=path!("/") view=|| view! {
                <div class="layout"><Sidebar/><main class="main" id="main"><customer_picker_page::CustomerPickerPage/></main></div>
            }/>
            <ParentRoute path=path!("/customers/:customer_id") view=CustomerLayout>
                <Route path=path!("") view=overview_page::OverviewPage/>
                <Route path=path!("transactions") view=ledger_page::LedgerPage/>
                <Route path=path!("transactions/:transaction_id") view=transaction_page::TransactionPage/>
                <Route path=path!("vaults") view=vaults_page::VaultsPage/>
                <Route path=path!("security") view=security_page::SecurityPage/>
                <Route path=path!("timeline") view=timeline_page::TimelinePage/>
                <Route path=path!("requests") view=requests_page::RequestsPage/>
                <Route path=path!("notifications") view=notifications_page::NotificationsPage/>
            </ParentRoute>
        </Routes>
    }
}

/// Pages of one customer: the sidebar with that customer's links around the page.
#[component]
fn CustomerLayout() -> impl IntoView {
    let params = use_params::<CustomerParams>();
    let id = Memo::new(move |_| params.read().as_ref().ok().and_then(|p| p.customer_id.clone()).unwrap_or_default());
    provide_customer(id);
    let data = DataInjection::expect_context();
    let known = move || data.data.with(|ds| ds.customers.iter().any(|c| c.customer_id == id.get()));
    view! {
        <div class="layout">
            <Sidebar/>
            <main class="main" id="main">
                <Show when=known fallback=move || view! {
                    <section class="content empty" data-testid="customer-not-found" role="alert">
                        <p>"No customer with id " <code>{id.get()}</code> " in this dataset."</p>
                        <a href=AppRoute::CustomerPicker.href()>"Choose a customer"</a>
                    </section>
                }>
                    <Outlet/>
                </Show>
            </main>
        </div>
    }
}

/// Problems with the saved journal, and changes that no longer apply.
#[component]
fn JournalNotices() -> impl IntoView {
    let journal = JournalInjection::expect_context();
    let data = DataInjection::expect_context();
    view! {
        {move || journal.load_problem.get().map(|p| view! {
            <div class="notice" role="alert" data-testid="journal-notice">
                {p}
                <button type="button" class="link" on:click=move |_| journal.load_problem.set(None)>"Dismiss"</button>
            </div>
        })}
        {move || (data.skipped.get() > 0).then(|| view! {
            <div class="notice" role="status">
                {format!("{} saved change(s) no longer apply to the bundled data and were skipped.", data.skipped.get())}
            </div>
        })}
    }
}

/// The path the app is served under (Trunk's public URL, written into `<base href>`),
/// without a trailing slash; "" at the root.
fn router_base() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|url| url.pathname().trim_end_matches('/').to_owned())
        .unwrap_or_default()
}
