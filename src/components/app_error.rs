use crate::components::icons::{Icon, IconSvg};
use bankdash_domain::{LoadError, LoadProblem};
use leptos::prelude::*;

/// The dataset could not be loaded: say which file and what is wrong with it.
#[component]
pub fn AppError(error: LoadError) -> impl IntoView {
    let what = match &error.problem {
        LoadProblem::Unavailable(why) => format!("The file could not be loaded: {why}."),
        LoadProblem::NotJson(why) => format!("The file is not a valid JSON array: {why}."),
        LoadProblem::BadRecord { index, id, message } => match id {
            Some(id) => format!("Record {index} ({id}) is malformed: {message}."),
            None => format!("Record {index} is malformed: {message}."),
        },
    };
    view! {
        <main class="app-error" data-testid="app-error" role="alert">
            <IconSvg icon=Icon::Alert/>
            <h1>"BankDash could not load its data"</h1>
            <p>"File: " <code data-testid="app-error-file">{error.file.clone()}</code></p>
            <p data-testid="app-error-message">{what}</p>
            <p class="hint">"Regenerate the bundled data with " <code>"scripts/generate-data.sh"</code> " and reload."</p>
            <button type="button" class="button" on:click=|_| reload()>"Reload"</button>
        </main>
    }
}

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}
