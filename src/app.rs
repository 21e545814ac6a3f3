//! The app shell: load the dataset, then the layout and the router.

use crate::components::{app_error::AppError, loading::Loading, sidebar::Sidebar};
use crate::contexts::dataset::provide_dataset;
use crate::data::DataSource;
use crate::pages::{customer_picker_page::CustomerPickerPage, not_found_page::NotFoundPage, overview_page::OverviewPage};
use bankdash_domain::Dataset;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use std::sync::Arc;

#[component]
pub fn App() -> impl IntoView {
    let source = DataSource::Bundled;
    let dataset = LocalResource::new(move || {
        let source = source.clone();
        async move { source.load_dataset().await.map(Arc::new) }
    });
    view! {
        <Router base=router_base()>
            <Suspense fallback=Loading>
                {move || Suspend::new(async move {
                    match dataset.await {
                        Ok(ds) => view! { <Layout ds/> }.into_any(),
                        Err(error) => view! { <AppError error/> }.into_any(),
                    }
                })}
            </Suspense>
        </Router>
    }
}

#[component]
fn Layout(ds: Arc<Dataset>) -> impl IntoView {
    provide_dataset(ds);
    view! {
        <div class="layout">
            <Sidebar/>
            <main class="main" id="main">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=CustomerPickerPage/>
                    <Route path=path!("/customers/:customer_id") view=OverviewPage/>
                </Routes>
            </main>
        </div>
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
