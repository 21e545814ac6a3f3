use crate::components::icons::{Icon, IconSvg};
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{t, t_string, use_i18n};
use bankdash_domain::{LoadError, LoadProblem};
use leptos::prelude::*;

/// The dataset could not be loaded: say which file and what is wrong with it. The
/// technical detail (HTTP status, parser message) is shown as it is.
#[component]
pub fn AppError(error: LoadError) -> impl IntoView {
    let i18n = use_i18n();
    let prefs = PrefsInjection::expect_context();
    // What is wrong, in the page's language; record ids and parser details are data.
    let what = match error.problem.clone() {
        LoadProblem::Unavailable(why) => view! { {t!(i18n, common.error.unavailable)} " " <bdi translate="no">{why}</bdi> }.into_any(),
        LoadProblem::NotJson(why) => view! { {t!(i18n, common.error.not_json)} " " <bdi translate="no">{why}</bdi> }.into_any(),
        LoadProblem::BadRecord { index, id: Some(id), message } => view! {
            {move || t_string!(i18n, common.error.bad_record, index = prefs.fmt().number(index as i64)).to_string()}
            " (" <bdi translate="no">{id}</bdi> ") " {t!(i18n, common.error.bad_record_suffix)} " " <bdi translate="no">{message}</bdi>
        }.into_any(),
        LoadProblem::BadRecord { index, id: None, message } => view! {
            {move || t_string!(i18n, common.error.bad_record_no_id, index = prefs.fmt().number(index as i64)).to_string()}
            " " <bdi translate="no">{message}</bdi>
        }.into_any(),
    };
    view! {
        <main class="app-error" data-testid="app-error" role="alert">
            <IconSvg icon=Icon::Alert/>
            <h1>{t!(i18n, common.error.title)}</h1>
            <p>{t!(i18n, common.error.file)} " " <code translate="no" dir="ltr" data-testid="app-error-file">{error.file.clone()}</code></p>
            <p data-testid="app-error-message">{what}</p>
            <p class="hint">{t!(i18n, common.error.hint_before)} " " <code translate="no" dir="ltr">"scripts/generate-data.sh"</code> " " {t!(i18n, common.error.hint_after)}</p>
            <button type="button" class="button" on:click=|_| reload()>{t!(i18n, common.error.reload)}</button>
        </main>
    }
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}
