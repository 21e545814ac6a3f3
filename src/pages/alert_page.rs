use crate::components::top_bar::TopBar;
use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

#[component]
pub fn AlertPage() -> impl IntoView {
    let i18n = use_i18n();
    view! { <TopBar title=Signal::derive(move || t_string!(i18n, risk.title).to_string())/> }
}
