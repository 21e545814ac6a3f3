use crate::contexts::session::SessionInjection;
use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// What a deep link to someone else's record (or to nothing) shows: the same page in
/// both cases, naming nothing, so it cannot be used to probe for records.
#[component]
pub fn NotYoursPage() -> impl IntoView {
    let i18n = use_i18n();
    let session = SessionInjection::expect_context();
    view! {
        <section class="content empty" data-testid="not-yours" role="alert">
            <h1>{t!(i18n, common.not_yours.title)}</h1>
            <p>{t!(i18n, common.not_yours.body)}</p>
            <a href=move || { session.signed_in.track(); session.home().link() }>{t!(i18n, common.not_yours.home)}</a>
        </section>
    }
}
