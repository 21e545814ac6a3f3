use crate::i18n::{t, use_i18n};
use crate::routes::AppRoute;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="content empty" data-testid="not-found">
            <h1>{t!(i18n, common.not_found.title)}</h1>
            <a href=AppRoute::Home.link()>{t!(i18n, common.not_found.back)}</a>
        </section>
    }
}
