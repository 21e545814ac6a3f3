use crate::components::top_bar::TopBar;
use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

/// Bank-wide figures for analysts.
#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! { <TopBar title=Signal::derive(move || t_string!(i18n, analytics.title).to_string())/> }
}
