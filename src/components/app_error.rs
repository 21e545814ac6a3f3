use crate::components::icons::{Icon, IconSvg};
use crate::i18n::{t, t_string, use_i18n};
use bankdash_domain::{LoadError, LoadProblem};
use leptos::prelude::*;

/// The dataset could not be loaded: say which file and what is wrong with it. The
/// technical detail (HTTP status, parser message) is shown as it is.
#[component]
pub fn AppError(error: LoadError) -> impl IntoView {
    let i18n = use_i18n();
    let problem = error.problem.clone();
    let (what, detail) = match &problem {
        LoadProblem::Unavailable(why) => (Signal::derive(move || t_string!(i18n, common.error.unavailable).to_string()), why.clone()),
        LoadProblem::NotJson(why) => (Signal::derive(move || t_string!(i18n, common.error.not_json).to_string()), why.clone()),
        LoadProblem::BadRecord { index, id, message } => {
            let (index, id) = (*index, id.clone());
            (
                Signal::derive(move || match &id {
                    Some(id) => t_string!(i18n, common.error.bad_record, index, id = id.clone()).to_string(),
                    None => t_string!(i18n, common.error.bad_record_no_id, index).to_string(),
                }),
                message.clone(),
            )
        }
    };
    view! {
        <main class="app-error" data-testid="app-error" role="alert">
            <IconSvg icon=Icon::Alert/>
            <h1>{t!(i18n, common.error.title)}</h1>
            <p>{t!(i18n, common.error.file)} " " <code translate="no" dir="ltr" data-testid="app-error-file">{error.file.clone()}</code></p>
            <p data-testid="app-error-message">{what} " " <bdi translate="no">{detail}</bdi></p>
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
