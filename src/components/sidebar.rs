use crate::components::confirm::{Confirm, ConfirmDialog};
use crate::components::icons::{Icon, IconSvg};
use crate::contexts::customer::CustomerInjection;
use crate::contexts::journal::JournalInjection;
use crate::i18n::{t, t_string, use_i18n};
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
    let i18n = use_i18n();
    let links = move || {
        customer.map(|c| {
            let id = c.id.get();
            let items: Vec<(AppRoute, Icon, String, bool)> = vec![
                (AppRoute::Overview { customer_id: id.clone() }, Icon::Home, t_string!(i18n, common.nav.overview).to_string(), true),
                (AppRoute::Ledger { customer_id: id.clone(), query: LedgerQuery::default() }, Icon::List, t_string!(i18n, common.nav.transactions).to_string(), false),
                (AppRoute::Vaults { customer_id: id.clone() }, Icon::Vault, t_string!(i18n, common.nav.vaults).to_string(), true),
                (AppRoute::Security { customer_id: id.clone() }, Icon::Shield, t_string!(i18n, common.nav.security).to_string(), true),
                (AppRoute::Timeline { customer_id: id.clone(), kinds: vec![], search: String::new() }, Icon::Clock, t_string!(i18n, common.nav.timeline).to_string(), true),
                (AppRoute::Requests { customer_id: id.clone() }, Icon::Inbox, t_string!(i18n, common.nav.requests).to_string(), true),
                (AppRoute::Notifications { customer_id: id }, Icon::Bell, t_string!(i18n, common.nav.notifications).to_string(), true),
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
            title: t_string!(i18n, common.nav.reset_title).to_string(),
            body: t_string!(i18n, common.nav.reset_body).to_string(),
            action: t_string!(i18n, common.nav.reset_action).to_string(),
            on_confirm: Callback::new(move |_| journal.reset()),
        }))
    };
    view! {
        <nav class="sidebar" aria-label=move || t_string!(i18n, common.nav.main).to_string()>
            <a class="brand" href=AppRoute::Home.href()>
                <IconSvg icon=Icon::Bank/>
                <span>{t!(i18n, common.app.name)}</span>
            </a>
            <ul>
                {links}
                <li><A href=AppRoute::Home.href() exact=true>
                    <IconSvg icon=Icon::Users/><span>{t!(i18n, common.nav.customers)}</span>
                </A></li>
                <li><A href=AppRoute::Login.href() exact=true>
                    <IconSvg icon=Icon::Shield/><span>{t!(i18n, common.nav.sign_in)}</span>
                </A></li>
                <li><A href=AppRoute::Gallery.href() exact=true>
                    <IconSvg icon=Icon::Grid/><span>{t!(i18n, common.nav.gallery)}</span>
                </A></li>
            </ul>
            <button type="button" class="reset" data-testid="reset-demo" on:click=ask_reset
                disabled=move || journal.entries.with(Vec::is_empty)>
                <IconSvg icon=Icon::Reset/><span>{t!(i18n, common.nav.reset)}</span>
            </button>
            <ConfirmDialog state=confirm/>
        </nav>
    }
}
