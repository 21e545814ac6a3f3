use leptos::prelude::*;

/// Shown while the dataset loads.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="loading" data-testid="app-loading" role="status" aria-live="polite">
            <span class="spinner" aria-hidden="true"></span>
            "Loading BankDash data…"
        </div>
    }
}
