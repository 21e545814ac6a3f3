//! Language, digits and theme switches (in the top bar and the gallery).

use crate::contexts::prefs::{PrefsInjection, Theme};
use crate::i18n::t_string;
use bankdash_domain::format::{Digits, Lang};
use leptos::prelude::*;

#[component]
pub fn PrefsBar() -> impl IntoView {
    let prefs = PrefsInjection::expect_context();
    let i18n = prefs.i18n;
    let toggle_lang = move |_| {
        prefs.choose_lang(if prefs.lang() == Lang::Ar {
            Lang::En
        } else {
            Lang::Ar
        })
    };
    let theme_name = move || match prefs.theme.get() {
        Theme::Light => t_string!(i18n, common.prefs.theme_light).to_string(),
        Theme::Dark => t_string!(i18n, common.prefs.theme_dark).to_string(),
        Theme::System => t_string!(i18n, common.prefs.theme_system).to_string(),
    };
    view! {
        <div class="prefs">
            // The visible name is part of the accessible name ("العربية, Switch to Arabic"),
            // so speech users can say what they see.
            <button type="button" class="pref-toggle" data-testid="lang-toggle" data-lang=move || prefs.lang().code()
                on:click=toggle_lang>
                // Names the other language in that language: not something to translate.
                <span lang=move || if prefs.lang() == Lang::Ar { "en" } else { "ar" } translate="no">
                    {move || t_string!(i18n, common.prefs.switch_language).to_string()}
                </span>
                <span class="visually-hidden">", " {move || t_string!(i18n, common.prefs.switch_language_label).to_string()}</span>
            </button>
            <button type="button" class="pref-toggle" data-testid="theme-toggle" data-theme=move || prefs.theme.get().as_str()
                aria-label=move || t_string!(i18n, common.prefs.theme_label, theme = theme_name()).to_string()
                on:click=move |_| prefs.choose_theme(prefs.theme.get_untracked().next())>
                {theme_name}
            </button>
            <Show when=move || prefs.lang() == Lang::Ar>
                <label class="digits">
                    <span class="visually-hidden">{move || t_string!(i18n, common.prefs.digits).to_string()}</span>
                    <select data-testid="digits-toggle" on:change=move |ev| {
                        if let Some(d) = Digits::from_code(&event_target_value(&ev)) { prefs.choose_digits(d) }
                    }>
                        <option value=Digits::Latin.code() selected=move || prefs.digits.get() == Digits::Latin>
                            {move || t_string!(i18n, common.prefs.digits_latin).to_string()}
                        </option>
                        <option value=Digits::ArabicIndic.code() selected=move || prefs.digits.get() == Digits::ArabicIndic>
                            {move || t_string!(i18n, common.prefs.digits_arabic).to_string()}
                        </option>
                    </select>
                </label>
            </Show>
        </div>
    }
}
