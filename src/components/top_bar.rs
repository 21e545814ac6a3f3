use crate::components::icons::{Icon, IconSvg};
use crate::components::prefs_bar::PrefsBar;
use crate::components::sync_badge::SyncBadge;
use crate::contexts::data::DataInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::contexts::session::SessionInjection;
use crate::i18n::{t, t_string, use_i18n};
use crate::routes::AppRoute;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

/// Page title, search (into the timeline), notifications, preferences, sign-out and the
/// avatar of the signed-in customer. The title is a translated string the page passes in.
#[component]
pub fn TopBar(#[prop(into)] title: Signal<String>) -> impl IntoView {
    let data = DataInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let session = SessionInjection::expect_context();
    // The signed-in customer ("" for analysts and when signed out).
    let current = move || {
        session
            .signed_in
            .with(|w| w.as_ref().and_then(|w| w.customer_id.clone()))
            .unwrap_or_default()
    };
    let navigate = use_navigate();
    let signed_in = move || session.signed_in.with(Option::is_some);
    let sign_out = {
        let navigate = navigate.clone();
        move |_| {
            session.sign_out();
            navigate(&AppRoute::Login.href(), Default::default());
        }
    };
    let search = RwSignal::new(String::new());
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = current();
        if !id.is_empty() {
            navigate(
                &AppRoute::Timeline {
                    customer_id: id,
                    kinds: vec![],
                    search: search.get_untracked().trim().to_owned(),
                }
                .href(),
                Default::default(),
            );
        }
    };
    let unread = move || {
        let id = current();
        data.data.with(|ds| {
            ds.notifications
                .iter()
                .filter(|n| n.customer_id == id && !n.read)
                .count()
        })
    };
    let initials = move || {
        let id = current();
        data.data.with(|ds| {
            ds.customers.iter().find(|c| c.customer_id == id).map(|c| {
                let last = c.last_name_en.trim_start_matches("Al-");
                format!(
                    "{}{}",
                    c.first_name_en.chars().next().unwrap_or(' '),
                    last.chars().next().unwrap_or(' ')
                )
            })
        })
    };
    view! {
        <header class="top-bar">
            <h1>{title}</h1>
            <div class="top-bar-tools">
                {move || (!current().is_empty()).then(|| view! {
                    <form class="search" role="search" on:submit=on_search.clone()
                        aria-label=move || t_string!(i18n, common.top.search).to_string()>
                        <IconSvg icon=Icon::Search/>
                        <label class="visually-hidden" for="top-search">{t!(i18n, common.top.search)}</label>
                        <input id="top-search" type="search" placeholder=move || t_string!(i18n, common.top.search).to_string()
                            data-testid="top-search" bind:value=search/>
                    </form>
                    <A href=AppRoute::Notifications { customer_id: current() }.link() attr:class="bell" attr:data-testid="notifications-bell">
                        <IconSvg icon=Icon::Bell/>
                        <span class="visually-hidden">{t!(i18n, common.top.notifications)}</span>
                        {move || (unread() > 0).then(|| view! {
                            <span class="badge" data-testid="unread-count" data-count=unread()>{prefs.fmt().number(unread() as i64)}</span>
                        })}
                    </A>
                })}
                <SyncBadge/>
                <PrefsBar/>
                {move || signed_in().then(|| view! {
                    <button type="button" class="button" data-testid="sign-out" on:click=sign_out.clone()>{t!(i18n, login.sign_out)}</button>
                })}
                {move || initials().map(|i| view! { <span class="avatar" aria-hidden="true" translate="no">{i}</span> })}
            </div>
        </header>
    }
}
