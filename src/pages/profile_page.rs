use crate::components::top_bar::TopBar;
use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

/// The customer's contact details and address.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let i18n = use_i18n();
    view! { <TopBar title=Signal::derive(move || t_string!(i18n, profile.title).to_string())/> }
}
