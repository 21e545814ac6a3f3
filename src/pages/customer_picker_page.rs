use crate::components::top_bar::TopBar;
use crate::contexts::data::DataInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{self, t, t_string, use_i18n};
use crate::routes::AppRoute;
use bankdash_domain::analytics;
use bankdash_domain::format::Lang;
use leptos::prelude::*;
use leptos_router::components::A;

/// Until sign-in exists: choose whose data to show.
#[component]
pub fn CustomerPickerPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let content = move || {
        let ds = data.data.get();
        if ds.customers.is_empty() {
            return view! { <p class="empty" data-testid="empty-state">{t!(i18n, picker.empty)}</p> }.into_any();
        }
        let arabic = prefs.lang() == Lang::Ar;
        let cards = analytics::customers_by_name(&ds)
            .into_iter()
            .map(|c| {
                let href = AppRoute::Overview { customer_id: c.customer_id.clone() }.href();
                // The name in the page's language first, the other one under it.
                let (first, second) = if arabic { (c.full_name_ar(), c.full_name_en()) } else { (c.full_name_en(), c.full_name_ar()) };
                let (first_lang, second_lang) = if arabic { ("ar", "en") } else { ("en", "ar") };
                let segment = i18n::segment(i18n, c.segment);
                let email = c.email.clone();
                view! {
                    <li>
                        <A href=href attr:class="customer-card" attr:data-testid="customer-option" attr:data-customer-id=c.customer_id.clone()>
                            <span class="name" lang=first_lang translate="no">{first}</span>
                            <span class="name-alt" lang=second_lang translate="no">{second}</span>
                            <span class="meta">{segment} " · " <bdi translate="no">{email}</bdi></span>
                        </A>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="customer-grid">{cards}</ul> }.into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, picker.title).to_string())/>
        <section class="content">
            <p class="lead">{t!(i18n, picker.lead)}</p>
            {content}
        </section>
    }
}
