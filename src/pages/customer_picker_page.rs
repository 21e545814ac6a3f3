use crate::components::top_bar::TopBar;
use crate::contexts::data::DataInjection;
use crate::routes::AppRoute;
use bankdash_domain::analytics;
use leptos::prelude::*;
use leptos_router::components::A;

/// Until sign-in exists: choose whose data to show.
#[component]
pub fn CustomerPickerPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let content = move || {
        let ds = data.data.get();
        if ds.customers.is_empty() {
            return view! { <p class="empty" data-testid="empty-state">"The dataset has no customers."</p> }.into_any();
        }
        let cards = analytics::customers_by_name(&ds)
            .into_iter()
            .map(|c| {
                let href = AppRoute::Overview { customer_id: c.customer_id.clone() }.href();
                let (id, name_en, name_ar) = (c.customer_id.clone(), c.full_name_en(), c.full_name_ar());
                let meta = format!("{} · {}", c.segment.as_str(), c.email);
                view! {
                    <li>
                        <A href=href attr:class="customer-card" attr:data-testid="customer-option" attr:data-customer-id=id>
                            <span class="name">{name_en}</span>
                            <span class="name-ar" lang="ar" dir="rtl">{name_ar}</span>
                            <span class="meta">{meta}</span>
                        </A>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="customer-grid">{cards}</ul> }.into_any()
    };
    view! {
        <TopBar title="Choose a customer"/>
        <section class="content">
            <p class="lead">"BankDash shows one customer's banking at a time. Pick a customer to open their overview."</p>
            {content}
        </section>
    }
}
