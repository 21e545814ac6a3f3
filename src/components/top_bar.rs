use crate::contexts::dataset::DatasetInjection;
use crate::routes::AppRoute;
use bankdash_domain::analytics;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// Page title, the customer picker and the current customer's avatar.
#[component]
pub fn TopBar(#[prop(into)] title: String, #[prop(optional, into)] customer_id: Option<String>) -> impl IntoView {
    let ds = DatasetInjection::expect_context();
    let navigate = use_navigate();
    let options: Vec<(String, String)> = analytics::customers_by_name(&ds)
        .into_iter()
        .map(|c| (c.customer_id.clone(), c.full_name_en()))
        .collect();
    let current = customer_id.clone().unwrap_or_default();
    let initials = customer_id
        .as_deref()
        .and_then(|id| ds.customers.iter().find(|c| c.customer_id == id))
        .map(|c| format!("{}{}", c.first_name_en.chars().next().unwrap_or(' '), c.last_name_en.trim_start_matches("Al-").chars().next().unwrap_or(' ')));
    let on_change = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        if !id.is_empty() {
            navigate(&AppRoute::Overview { customer_id: id }.href(), Default::default());
        }
    };
    view! {
        <header class="top-bar">
            <h1>{title}</h1>
            <div class="top-bar-tools">
                <label class="picker">
                    <span class="visually-hidden">"Customer"</span>
                    <select data-testid="customer-picker" on:change=on_change prop:value=current.clone()>
                        <option value="" disabled=true selected=current.is_empty()>"Choose a customer…"</option>
                        {options.into_iter().map(|(id, name)| {
                            let selected = id == current;
                            view! { <option value=id selected=selected>{name}</option> }
                        }).collect_view()}
                    </select>
                </label>
                {initials.map(|i| view! { <span class="avatar" aria-hidden="true">{i}</span> })}
            </div>
        </header>
    }
}
