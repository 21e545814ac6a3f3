use crate::components::confirm::{Confirm, ConfirmDialog};
use crate::components::icons::{Icon, IconSvg};
use crate::contexts::customer::CustomerInjection;
use crate::contexts::journal::JournalInjection;
use crate::routes::AppRoute;
use bankdash_domain::ledger::LedgerQuery;
use leptos::prelude::*;
use leptos_router::components::A;

/// The left navigation: the current customer's screens, and "reset demo data".
#[component]
pub fn Sidebar() -> impl IntoView {
    let customer = CustomerInjection::use_context();
    let journal = JournalInjection::expect_context();
    let confirm = RwSignal::new(None::<Confirm>);
    let links = move || {
        customer.map(|c| {
            let id = c.id.get();
            let items: Vec<(AppRoute, Icon, &str, bool)> = vec![
                (AppRoute::Overview { customer_id: id.clone() }, Icon::Home, "Overview", true),
                (AppRoute::Ledger { customer_id: id.clone(), query: LedgerQuery::default() }, Icon::List, "Transactions", false),
                (AppRoute::Vaults { customer_id: id.clone() }, Icon::Vault, "Vaults", true),
                (AppRoute::Security { customer_id: id.clone() }, Icon::Shield, "Security", true),
                (AppRoute::Timeline { customer_id: id.clone(), kinds: vec![], search: String::new() }, Icon::Clock, "Timeline", true),
                (AppRoute::Requests { customer_id: id.clone() }, Icon::Inbox, "Requests", true),
                (AppRoute::Notifications { customer_id: id }, Icon::Bell, "Notifications", true),
            ];
            items
                .into_iter()
                .map(|(route, icon, label, exact)| view! {
                    <li><A href=route.href() exact=exact><IconSvg icon/><span>{label}</span></A></li>
                })
                .collect_view()
        })
    };
    let ask_reset = move |_| {
        confirm.set(Some(Confirm {
            title: "Reset demo data?".into(),
            body: "Every change you made (sessions, devices, requests, disputes, read marks) is forgotten and the bundled data is shown again.".into(),
            action: "Reset".into(),
            on_confirm: Callback::new(move |_| journal.reset()),
        }))
    };
    view! {
        <nav class="sidebar" aria-label="Main">
            <a class="brand" href=AppRoute::CustomerPicker.href()>
                <IconSvg icon=Icon::Bank/>
                <span>"BankDash"</span>
            </a>
            <ul>
                {links}
                <li><A href=AppRoute::CustomerPicker.href() exact=true>
                    <IconSvg icon=Icon::Users/><span>"Customers"</span>
                </A></li>
            </ul>
            <button type="button" class="reset" data-testid="reset-demo" on:click=ask_reset
                disabled=move || journal.entries.with(Vec::is_empty)>
                <IconSvg icon=Icon::Reset/><span>"Reset demo data"</span>
            </button>
            <ConfirmDialog state=confirm/>
        </nav>
    }
}
