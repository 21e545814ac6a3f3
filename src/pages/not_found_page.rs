use crate::routes::AppRoute;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="content empty" data-testid="not-found">
            <h1>"Page not found"</h1>
            <a href=AppRoute::CustomerPicker.href()>"Back to customers"</a>
        </section>
    }
}
