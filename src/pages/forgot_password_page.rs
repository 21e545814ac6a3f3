use crate::components::top_bar::TopBar;
use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

/// Reset a forgotten password with a one-time code.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    view! { <TopBar title=Signal::derive(move || t_string!(i18n, password.title).to_string())/> }
}
