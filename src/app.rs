//! The app shell: load the dataset, then the layout and the router.

mod lazy;

use crate::change_engine;
use crate::components::app_error::{app_error_screen, DataProblemsNotice};
use crate::components::{loading::Loading, sidebar::Sidebar};
use crate::contexts::alerts::provide_alerts;
use crate::contexts::customer::provide_customer;
use crate::contexts::data::{provide_data, DataInjection, Fetch};
use crate::contexts::journal::{self, provide_journal, JournalInjection, JournalProblem};
use crate::contexts::prefs::{provide_prefs, PrefsInjection};
use crate::contexts::session::SessionInjection;
use crate::data::{Bundle, DataSource};
use crate::i18n::{t, t_string, use_i18n, I18nContextProvider};
use crate::pages::*;
use crate::routes::{AppRoute, CustomerParams};
use bankdash_domain::auth::{self, SessionEnd};
use leptos::prelude::*;
use leptos_router::components::{Outlet, ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::hooks::use_params;
use leptos_router::path;
use std::sync::Arc;

#[component]
pub fn App() -> impl IntoView {
    // The source is a run-time setting (config.json, or ?api= for demos).
    let bundle = LocalResource::new(move || async move {
        // Saved changes other than signing in and out are replayed by the change code:
        // it downloads alongside the data.
        let engine = async {
            if journal::saved_needs_change_code() {
                change_engine::load().await.map(|_| ())
            } else {
                Ok(())
            }
        };
        let (opened, engine) = futures::join!(DataSource::open(), engine);
        let (source, bundle) = opened?;
        if source.is_rest() {
            // A REST API is talked to by the change code. If it cannot be fetched,
            // fetching the user's records says so (with a retry), and the saved outbox
            // is kept.
            let _ = change_engine::load().await;
        } else if engine.is_err() {
            // The data without the user's changes would be wrong: say so instead (the
            // saved journal is kept for the next start).
            return Err(change_engine::unavailable());
        }
        Ok((source, Arc::new(bundle)))
    });
    leptos_meta::provide_meta_context();
    view! {
        // Sets <html lang dir> from the current language.
        <I18nContextProvider enable_cookie=false>
            <Prefs>
                <Router base=crate::routes::base()>
                    <Suspense fallback=Loading>
                        {move || Suspend::new(async move {
                            match bundle.await {
                                Ok((source, bundle)) => view! { <Layout source bundle/> }.into_any(),
                                Err(error) => {
                                    let screen = app_error_screen(error).await;
                                    view! {
                                        <SkipLink/>
                                        <main class="app-error-page" id="main" tabindex="-1">{screen}</main>
                                    }.into_any()
                                }
                            }
                        })}
                    </Suspense>
                </Router>
            </Prefs>
        </I18nContextProvider>
    }
}

/// Language, digits and theme for everything below; the theme goes on <html data-theme>.
#[component]
fn Prefs(children: Children) -> impl IntoView {
    provide_prefs();
    let prefs = PrefsInjection::expect_context();
    view! {
        <leptos_meta::Html attr:data-theme=move || prefs.theme.get().as_str()/>
        {children()}
    }
}

#[component]
fn Layout(source: DataSource, bundle: Arc<Bundle>) -> impl IntoView {
    provide_journal(source.clone());
    provide_data(
        source,
        bundle.dataset.clone(),
        bundle.meta.as_of,
        bundle.personas.clone(),
    );
    provide_alerts();
    // The live-mode clock outlives pages: provided once here.
    crate::contexts::live::provide_live();
    let problems = bundle.problems.clone();
    view! {
        <DataProblemsNotice problems/>
        <JournalNotices/>
        <Routes fallback=|| view! { <Shell><not_found_page::NotFoundPage/></Shell> }>
            <Route path=path!("/") view=Home/>
            <Route path=path!("/gallery") view=lazy::Gallery/>
            <Route path=path!("/login") view=lazy::Login/>
            <Route path=path!("/forgot-password") view=lazy::ForgotPassword/>
            <Route path=path!("/analytics") view=lazy::Analytics/>
            <Route path=path!("/analytics/alerts") view=lazy::Alerts/>
            <Route path=path!("/analytics/alerts/:alert_id") view=lazy::Alert/>
            <Route path=path!("/analytics/quality") view=lazy::Quality/>
            <ParentRoute path=path!("/customers/:customer_id") view=CustomerLayout>
                <Route path=path!("") view=overview_page::OverviewPage/>
                <Route path=path!("transactions") view=lazy::Ledger/>
                <Route path=path!("transactions/:transaction_id") view=lazy::Transaction/>
                <Route path=path!("vaults") view=lazy::Vaults/>
                <Route path=path!("vaults/:goal_id") view=lazy::Vaults/>
                <Route path=path!("security") view=lazy::Security/>
                <Route path=path!("security/sessions/:session_id") view=lazy::Security/>
                <Route path=path!("timeline") view=lazy::Timeline/>
                <Route path=path!("requests") view=lazy::Requests/>
                <Route path=path!("notifications") view=lazy::Notifications/>
                <Route path=path!("profile") view=lazy::Profile/>
            </ParentRoute>
        </Routes>
    }
}

/// "/": the signed-in user's home, else the sign-in page.
#[component]
fn Home() -> impl IntoView {
    let session = SessionInjection::expect_context();
    let target = move || session.home().href();
    view! { <Redirect path=target()/> }
}

/// Who may see a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Granted,
    /// Nobody is signed in: go to the sign-in page.
    SignIn,
    /// Signed in, but the page is someone else's (or a customer asks for a staff page).
    NotYours,
}

/// Renders the page when `access` grants it (once the user's records are here);
/// otherwise the sign-in page or "not yours".
#[component]
fn Guarded(access: Memo<Access>, children: ChildrenFn) -> impl IntoView {
    let data = DataInjection::expect_context();
    let fetch = Memo::new(move |_| data.fetch.get());
    move || match access.get() {
        Access::Granted => match fetch.get() {
            Fetch::Ready => children().into_any(),
            Fetch::Loading => view! { <Loading/> }.into_any(),
            Fetch::Failed(error) => view! { <FetchFailed error/> }.into_any(),
        },
        Access::SignIn => view! { <Redirect path=AppRoute::Login.href()/> }.into_any(),
        Access::NotYours => view! { <not_yours_page::NotYoursPage/> }.into_any(),
    }
}

/// The signed-in user's records could not be fetched: what failed, and a retry.
#[component]
fn FetchFailed(error: bankdash_domain::LoadError) -> impl IntoView {
    let data = DataInjection::expect_context();
    let session = SessionInjection::expect_context();
    let i18n = use_i18n();
    let retry = move |_| {
        if let Some(p) = session.principal.get_untracked() {
            data.load_for(p);
        }
    };
    view! {
        <section class="content">
            <div class="card notice" role="alert" data-testid="fetch-error">
                <p><strong>{t!(i18n, common.sync.fetch_failed)}</strong></p>
                <p><code translate="no" dir="ltr">{error.to_string()}</code></p>
                <button type="button" class="button" data-testid="fetch-retry" on:click=retry>{t!(i18n, common.sync.retry)}</button>
            </div>
        </section>
    }
}

/// The sign-in pages: a signed-in user goes home instead.
#[component]
fn SignedOutOnly(children: ChildrenFn) -> impl IntoView {
    let session = SessionInjection::expect_context();
    let signed_in = Memo::new(move |_| session.signed_in.with(Option::is_some));
    move || {
        if signed_in.get() {
            view! { <Redirect path=session.home().href()/> }.into_any()
        } else {
            children().into_any()
        }
    }
}

/// Bank-wide pages: analysts only.
#[component]
fn AnalystOnly(children: ChildrenFn) -> impl IntoView {
    let session = SessionInjection::expect_context();
    let access = Memo::new(move |_| match session.principal.get() {
        None => Access::SignIn,
        Some(p) if auth::is_analyst(&p) => Access::Granted,
        Some(_) => Access::NotYours,
    });
    view! { <Guarded access children/> }
}

/// Pages of one customer: only that customer, signed in, sees them.
#[component]
fn CustomerLayout() -> impl IntoView {
    let params = use_params::<CustomerParams>();
    let id = Memo::new(move |_| {
        params
            .read()
            .as_ref()
            .ok()
            .and_then(|p| p.customer_id.clone())
            .unwrap_or_default()
    });
    provide_customer(id);
    let session = SessionInjection::expect_context();
    let access = Memo::new(move |_| match session.principal.get() {
        None => Access::SignIn,
        Some(p) if auth::can_read_customer_record(&p, &id.get()) => Access::Granted,
        Some(_) => Access::NotYours,
    });
    let data = DataInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    // The customer's own language is the default until the user picks one.
    Effect::new(move |_| {
        let lang = data.data.with(|ds| {
            ds.customer_settings
                .iter()
                .find(|s| s.customer_id == id.get())
                .map(|s| s.language)
        });
        if let Some(lang) = lang {
            prefs.default_lang(match lang {
                bankdash_domain::model::Language::En => bankdash_domain::format::Lang::En,
                bankdash_domain::model::Language::Ar => bankdash_domain::format::Lang::Ar,
            });
        }
    });
    view! {
        <Shell>
            <Guarded access><Outlet/></Guarded>
        </Shell>
    }
}

/// "Skip to content": the first stop of the Tab key, it moves the focus to `<main id="main">`.
/// The click is handled here: under `<base href>` a bare "#main" would resolve against the
/// base (another route) and the router would navigate away instead of moving the focus.
#[component]
fn SkipLink() -> impl IntoView {
    let i18n = use_i18n();
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = document()
            .get_element_by_id("main")
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            main.scroll_into_view();
            let _ = main.focus();
        }
    };
    view! {
        <a class="skip-link" href="#main" on:click=skip>{t!(i18n, common.app.skip_to_content)}</a>
    }
}

/// The skip link, the sidebar and the main area around a page.
#[component]
fn Shell(children: Children) -> impl IntoView {
    view! {
        <SkipLink/>
        <div class="layout">
            <Sidebar/>
            <main class="main" id="main" tabindex="-1">{children()}</main>
        </div>
    }
}

/// Problems with the saved journal, changes that no longer apply, and why the last
/// session ended.
#[component]
fn JournalNotices() -> impl IntoView {
    let journal = JournalInjection::expect_context();
    let data = DataInjection::expect_context();
    let session = SessionInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    view! {
        {move || journal.load_problem.get().map(|p| view! {
            <div class="notice" role="alert" data-testid="journal-notice">
                {match p {
                    JournalProblem::Unreadable { key } => t_string!(i18n, common.app.journal_unreadable, key).to_string(),
                    JournalProblem::Unsaved => t_string!(i18n, common.app.journal_unsaved).to_string(),
                    JournalProblem::Unavailable => t_string!(i18n, common.app.changes_unavailable).to_string(),
                }}
                " "
                <button type="button" class="link" on:click=move |_| journal.load_problem.set(None)>{t!(i18n, common.app.dismiss)}</button>
            </div>
        })}
        {move || session.ended.get().filter(|_| session.signed_in.with(Option::is_none)).map(|reason| {
            let (code, text) = match reason {
                SessionEnd::Idle => ("idle", t_string!(i18n, common.session.idle).to_string()),
                SessionEnd::Expired => ("expired", t_string!(i18n, common.session.expired).to_string()),
                SessionEnd::Ended => ("ended", t_string!(i18n, common.session.ended).to_string()),
            };
            view! { <div class="notice" role="status" data-testid="session-ended" data-reason=code>{text}</div> }
        })}
        {move || journal.status.get().rolled_back.map(|kind| view! {
            <div class="notice error" role="alert" data-testid="change-rolled-back" data-change=kind>
                {t!(i18n, common.sync.rolled_back)}
                " "
                <button type="button" class="link" on:click=move |_| journal.status.update(|s| s.rolled_back = None)>{t!(i18n, common.app.dismiss)}</button>
            </div>
        })}
        {move || (data.skipped.get() > 0).then(|| view! {
            <div class="notice" role="status">
                {t_string!(i18n, common.app.skipped_changes, count = prefs.fmt().number(data.skipped.get() as i64)).to_string()}
            </div>
        })}
    }
}
