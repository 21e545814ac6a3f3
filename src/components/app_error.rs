use crate::components::icons::{Icon, IconSvg};
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{t, t_string, use_i18n};
use crate::platform::ChunkUnavailable;
use bankdash_domain::{LoadError, LoadProblem};
use leptos::prelude::*;
use leptos::wasm_split::wasm_split;
use send_wrapper::SendWrapper;

/// The error screens below are a wasm chunk of their own, fetched only when there is an
/// error to show: the first download is for the app that works. Were the chunk not to be
/// fetched, the error is shown as plain text (`LoadError`'s English `Display`), still
/// naming the file.
#[wasm_split(errors_chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
fn errors_chunk() -> Result<ErrorScreens, ChunkUnavailable> {
    Ok(ErrorScreens {
        app_error: |error| view! { <AppError error/> }.into_any(),
        data_problems: |problems| view! { <DataProblems problems/> }.into_any(),
    })
}

struct ErrorScreens {
    app_error: fn(LoadError) -> AnyView,
    data_problems: fn(Vec<LoadError>) -> AnyView,
}

/// [`AppError`] for `error`, once its code is here.
pub async fn app_error_screen(error: LoadError) -> AnyView {
    match errors_chunk().await {
        Ok(screens) => (screens.app_error)(error),
        Err(ChunkUnavailable) => view! {
            <div class="app-error" data-testid="app-error" role="alert">
                <p><code translate="no" dir="ltr" data-testid="app-error-file">{error.file.clone()}</code></p>
                <p data-testid="app-error-message">{error.to_string()}</p>
            </div>
        }
        .into_any(),
    }
}

/// [`DataProblems`] for `problems`, once its code is here; nothing without problems.
#[component]
pub fn DataProblemsNotice(problems: Vec<LoadError>) -> impl IntoView {
    (!problems.is_empty()).then(|| {
        view! {
            <Suspense>
                {move || {
                    let problems = problems.clone();
                    Suspend::new(SendWrapper::new(async move {
                        match errors_chunk().await {
                            Ok(screens) => (screens.data_problems)(problems),
                            Err(ChunkUnavailable) => view! {
                                <ul class="notice error" role="alert" data-testid="data-problems">
                                    {problems.iter().map(|p| view! {
                                        <li data-testid="data-problem" data-file=p.file.clone()>{p.to_string()}</li>
                                    }).collect_view()}
                                </ul>
                            }
                            .into_any(),
                        }
                    }))
                }}
            </Suspense>
        }
    })
}

/// What is wrong with a file, in the page's language; record ids and parser details
/// are data, shown as they are.
pub fn problem_view(error: &LoadError) -> AnyView {
    let i18n = use_i18n();
    let prefs = PrefsInjection::expect_context();
    match error.problem.clone() {
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
        LoadProblem::BrokenReference { id, field, missing, target } => view! {
            {t!(i18n, common.error.broken_reference)} " " <bdi translate="no">{id}</bdi> ": "
            <code translate="no" dir="ltr">{field}</code> " " <bdi translate="no">{missing}</bdi> " "
            {t!(i18n, common.error.not_in)} " " <code translate="no" dir="ltr">{target.file_name()}</code>
        }.into_any(),
    }
}

/// The app cannot start (its meta.json is unusable): say which file and what is wrong.
/// The technical detail (HTTP status, parser message) is shown as it is. The caller places
/// it (in the page's `<main>`, or in the gallery).
#[component]
pub fn AppError(error: LoadError) -> impl IntoView {
    let i18n = use_i18n();
    let what = problem_view(&error);
    view! {
        <div class="app-error" data-testid="app-error" role="alert">
            <IconSvg icon=Icon::Alert/>
            <h1>{t!(i18n, common.error.title)}</h1>
            <p>{t!(i18n, common.error.file)} " " <code translate="no" dir="ltr" data-testid="app-error-file">{error.file.clone()}</code></p>
            <p data-testid="app-error-message">{what}</p>
            <p class="hint">{t!(i18n, common.error.hint_before)} " " <code translate="no" dir="ltr">"scripts/generate-data.sh"</code> " " {t!(i18n, common.error.hint_after)}</p>
            <button type="button" class="button" on:click=|_| reload()>{t!(i18n, common.error.reload)}</button>
        </div>
    }
}

/// Files or records that could not be used: the app runs on the rest and lists each
/// problem (file, record, what is wrong).
#[component]
pub fn DataProblems(problems: Vec<LoadError>) -> impl IntoView {
    let i18n = use_i18n();
    let prefs = PrefsInjection::expect_context();
    let open = RwSignal::new(true);
    let count = problems.len();
    (count > 0).then(|| {
        let items = problems
            .iter()
            .map(|p| view! {
                <li data-testid="data-problem" data-file=p.file.clone()>
                    <code translate="no" dir="ltr">{p.file.clone()}</code> ": " {problem_view(p)}
                </li>
            })
            .collect_view();
        view! {
            <div class="notice error" role="alert" data-testid="data-problems" data-count=count>
                <p>
                    <strong>{move || t_string!(i18n, common.error.some_data, count = prefs.fmt().number(count as i64)).to_string()}</strong>
                    " "
                    <button type="button" class="link" aria-expanded=move || open.get().to_string()
                        on:click=move |_| open.update(|o| *o = !*o)>
                        {move || if open.get() { t_string!(i18n, common.error.hide).to_string() } else { t_string!(i18n, common.error.show).to_string() }}
                    </button>
                </p>
                <ul class="problems" hidden=move || !open.get()>{items}</ul>
                <p class="hint">{t!(i18n, common.error.hint_before)} " " <code translate="no" dir="ltr">"scripts/generate-data.sh"</code> " " {t!(i18n, common.error.hint_after)}</p>
            </div>
        }
    })
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}
