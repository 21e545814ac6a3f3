use crate::components::confirm::{Confirm, ConfirmDialog};
use crate::components::icons::{Icon, IconSvg};
use crate::contexts::journal::JournalInjection;
use crate::contexts::session::SessionInjection;
use crate::i18n::{t, t_string, use_i18n};
use crate::routes::AppRoute;
use bankdash_domain::ledger::LedgerQuery;
use leptos::prelude::*;
use leptos_router::components::A;

/// The left navigation: the signed-in customer's screens (an analyst's bank-wide page,
/// or sign-in), the gallery, and "reset demo data".
#[component]
pub fn Sidebar() -> impl IntoView {
    let session = SessionInjection::expect_context();
    let journal = JournalInjection::expect_context();
    let confirm = RwSignal::new(None::<Confirm>);
    let i18n = use_i18n();
    let links = move || {
        let who = session.signed_in.get();
        let items: Vec<(AppRoute, Icon, String, bool)> = match who.and_then(|w| w.customer_id) {
            Some(id) => vec![
                (
                    AppRoute::Overview {
                        customer_id: id.clone(),
                    },
                    Icon::Home,
                    t_string!(i18n, common.nav.overview).to_string(),
                    true,
                ),
                (
                    AppRoute::Ledger {
                        customer_id: id.clone(),
                        query: LedgerQuery::default(),
                    },
                    Icon::List,
                    t_string!(i18n, common.nav.transactions).to_string(),
                    false,
                ),
                (
                    AppRoute::Vaults {
                        customer_id: id.clone(),
                    },
                    Icon::Vault,
                    t_string!(i18n, common.nav.vaults).to_string(),
                    true,
                ),
                (
                    AppRoute::Security {
                        customer_id: id.clone(),
                    },
                    Icon::Shield,
                    t_string!(i18n, common.nav.security).to_string(),
                    true,
                ),
                (
                    AppRoute::Timeline {
                        customer_id: id.clone(),
                        kinds: vec![],
                        search: String::new(),
                    },
                    Icon::Clock,
                    t_string!(i18n, common.nav.timeline).to_string(),
                    true,
                ),
                (
                    AppRoute::Requests {
                        customer_id: id.clone(),
                    },
                    Icon::Inbox,
                    t_string!(i18n, common.nav.requests).to_string(),
                    true,
                ),
                (
                    AppRoute::Notifications {
                        customer_id: id.clone(),
                    },
                    Icon::Bell,
                    t_string!(i18n, common.nav.notifications).to_string(),
                    true,
                ),
                (
                    AppRoute::Profile { customer_id: id },
                    Icon::Users,
                    t_string!(i18n, common.nav.profile).to_string(),
                    true,
                ),
            ],
            None if session.principal.with(Option::is_some) => vec![
                (
                    AppRoute::Analytics,
                    Icon::Grid,
                    t_string!(i18n, common.nav.analytics).to_string(),
                    true,
                ),
                (
                    AppRoute::Alerts,
                    Icon::Alert,
                    t_string!(i18n, common.nav.alerts).to_string(),
                    false,
                ),
                (
                    AppRoute::Quality,
                    Icon::Shield,
                    t_string!(i18n, common.nav.quality).to_string(),
                    true,
                ),
            ],
            None => vec![(
                AppRoute::Login,
                Icon::Shield,
                t_string!(i18n, common.nav.sign_in).to_string(),
                true,
            )],
        };
        items
            .into_iter()
            .map(|(route, icon, label, exact)| view! {
                <li><A href=route.link() exact=exact><IconSvg icon/><span>{label}</span></A></li>
            })
            .collect_view()
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
            <a class="brand" href=AppRoute::Home.link()>
                <IconSvg icon=Icon::Bank/>
                <span>{t!(i18n, common.app.name)}</span>
            </a>
            <ul>
                {links}
                <li><A href=AppRoute::Gallery.link() exact=true>
                    <IconSvg icon=Icon::Grid/><span>{t!(i18n, common.nav.gallery)}</span>
                </A></li>
            </ul>
            // With a REST API the server holds the data: there is no demo data to reset.
            {(!journal.source().is_rest()).then(|| view! {
                <button type="button" class="reset" data-testid="reset-demo" on:click=ask_reset
                    disabled=move || journal.entries.with(Vec::is_empty)>
                    <IconSvg icon=Icon::Reset/><span>{t!(i18n, common.nav.reset)}</span>
                </button>
            })}
            <ConfirmDialog state=confirm/>
        </nav>
    }
}
