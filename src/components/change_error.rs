//! Text that is data, and journal changes the domain refused, shown in the page's language.

use crate::i18n::{t, t_string, I18n};
use bankdash_domain::journal::ChangeError;
use leptos::prelude::*;

/// Dataset or user text (merchants, descriptions, device models, cities): shown as
/// stored, isolated from the surrounding direction and never translated.
pub fn untranslated(text: String) -> impl IntoView {
    view! { <bdi translate="no">{text}</bdi> }
}

/// A refused change: the record that was not found, or the domain's reason (English,
/// shown as data after a translated lead).
pub fn change_error(i18n: I18n, error: ChangeError) -> AnyView {
    match error {
        ChangeError::NotFound { what, .. } => {
            let what = move || match what {
                "customer" => t_string!(i18n, common.what.customer).to_string().into_any(),
                "session" => t_string!(i18n, common.what.session).to_string().into_any(),
                "device" => t_string!(i18n, common.what.device).to_string().into_any(),
                "notification" => t_string!(i18n, common.what.notification).to_string().into_any(),
                "account" => t_string!(i18n, common.what.account).to_string().into_any(),
                "transaction" => t_string!(i18n, common.what.transaction).to_string().into_any(),
                other => untranslated(other.to_owned()).into_any(),
            };
            t!(i18n, common.error.change_not_found, what).into_any()
        }
        ChangeError::NotAllowed(detail) => view! { {t!(i18n, common.error.change_refused)} " " {untranslated(detail)} }.into_any(),
    }
}
