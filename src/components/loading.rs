use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// Shown while the dataset loads.
#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="loading" data-testid="app-loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            {t!(i18n, common.app.loading)}
        </div>
    }
}

/// Shown in place of figures that are still being computed (see `background`).
#[component]
pub fn Computing() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p class="computing" data-testid="computing" role="status">
            <span class="spinner" aria-hidden="true"></span>
            {t!(i18n, common.app.computing)}
        </p>
    }
}
