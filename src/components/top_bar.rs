use crate::components::icons::{Icon, IconSvg};
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::routes::AppRoute;
use bankdash_domain::analytics;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// Page title, search (into the timeline), notifications, the customer picker and avatar.
#[component]
pub fn TopBar(#[prop(into)] title: String) -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::use_context();
    let current = move || customer.map(|c| c.id.get()).unwrap_or_default();
    let navigate = use_navigate();
    let nav = navigate.clone();
    let on_pick = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        if !id.is_empty() {
            nav(&AppRoute::Overview { customer_id: id }.href(), Default::default());
        }
    };
    let search = RwSignal::new(String::new());
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = current();
        if !id.is_empty() {
            navigate(&AppRoute::Timeline { customer_id: id, kinds: vec![], search: search.get_untracked().trim().to_owned() }.href(), Default::default());
        }
    };
    let options = move || {
        let cur = current();
        data.data.with(|ds| {
            analytics::customers_by_name(ds)
                .into_iter()
                .map(|c| {
                    let selected = c.customer_id == cur;
                    view! { <option value=c.customer_id.clone() selected=selected>{c.full_name_en()}</option> }
                })
                .collect_view()
        })
    };
    let unread = move || {
        let id = current();
        data.data.with(|ds| ds.notifications.iter().filter(|n| n.customer_id == id && !n.read).count())
    };
    let initials = move || {
        let id = current();
        data.data.with(|ds| {
            ds.customers.iter().find(|c| c.customer_id == id).map(|c| {
                let last = c.last_name_en.trim_start_matches("Al-");
                format!("{}{}", c.first_name_en.chars().next().unwrap_or(' '), last.chars().next().unwrap_or(' '))
            })
        })
    };
    view! {
        <header class="top-bar">
            <h1>{title}</h1>
            <div class="top-bar-tools">
                {move || (!current().is_empty()).then(|| view! {
                    <form class="search" role="search" on:submit=on_search.clone()>
                        <IconSvg icon=Icon::Search/>
                        <label class="visually-hidden" for="top-search">"Search activity"</label>
                        <input id="top-search" type="search" placeholder="Search activity" data-testid="top-search"
                            bind:value=search/>
                    </form>
                    <A href=AppRoute::Notifications { customer_id: current() }.href() attr:class="bell" attr:data-testid="notifications-bell">
                        <IconSvg icon=Icon::Bell/>
                        <span class="visually-hidden">"Notifications"</span>
                        {move || (unread() > 0).then(|| view! { <span class="badge" data-testid="unread-count">{unread()}</span> })}
                    </A>
                })}
                <label class="picker">
                    <span class="visually-hidden">"Customer"</span>
                    <select data-testid="customer-picker" on:change=on_pick>
                        <option value="" disabled=true selected=move || current().is_empty()>"Choose a customer…"</option>
                        {options}
                    </select>
                </label>
                {move || initials().map(|i| view! { <span class="avatar" aria-hidden="true">{i}</span> })}
            </div>
        </header>
    }
}
