//! Display preferences: language (through the i18n context), digits and theme. Each is
//! saved in localStorage once the user chooses it; until then the customer's own
//! customer_settings (language) and the system (theme) decide.

use crate::i18n::{use_i18n, I18n, Locale};
use crate::platform;
use bankdash_domain::format::{Digits, Formatter, Lang};
use leptos::prelude::*;

const LANG_KEY: &str = "bankdash.lang";
const DIGITS_KEY: &str = "bankdash.digits";
const THEME_KEY: &str = "bankdash.theme";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    Light,
    Dark,
    #[default]
    System,
}

impl Theme {
    pub const fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::System => "system",
        }
    }

    fn parse(s: &str) -> Option<Theme> {
        [Theme::Light, Theme::Dark, Theme::System]
            .into_iter()
            .find(|t| t.as_str() == s)
    }

    /// The toggle cycles light → dark → system.
    pub const fn next(self) -> Theme {
        match self {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::System,
            Theme::System => Theme::Light,
        }
    }
}

#[derive(Clone, Copy)]
pub struct PrefsInjection {
    pub i18n: I18n,
    pub digits: RwSignal<Digits>,
    pub theme: RwSignal<Theme>,
    /// True once the user picked a language; the customer's default no longer applies.
    lang_chosen: RwSignal<bool>,
}

impl PrefsInjection {
    pub fn expect_context() -> Self {
        expect_context::<PrefsInjection>()
    }

    pub fn lang(&self) -> Lang {
        self.i18n.get_locale().into()
    }

    /// The formatter for the current language and digits (reactive).
    pub fn fmt(&self) -> Formatter {
        Formatter::new(self.lang(), self.digits.get())
    }

    pub fn choose_lang(&self, lang: Lang) {
        self.lang_chosen.set(true);
        self.i18n.set_locale(lang.into());
        let _ = platform::storage_set(LANG_KEY, lang.code());
    }

    /// The customer's settings pick the language unless the user already chose one.
    pub fn default_lang(&self, lang: Lang) {
        if !self.lang_chosen.get_untracked()
            && self.i18n.get_locale_untracked() != Locale::from(lang)
        {
            self.i18n.set_locale(lang.into());
        }
    }

    pub fn choose_digits(&self, digits: Digits) {
        self.digits.set(digits);
        let _ = platform::storage_set(DIGITS_KEY, digits.code());
    }

    pub fn choose_theme(&self, theme: Theme) {
        self.theme.set(theme);
        let _ = platform::storage_set(THEME_KEY, theme.as_str());
    }
}

/// Reads saved choices; call inside the i18n provider.
pub fn provide_prefs() {
    let i18n = use_i18n();
    let saved_lang = platform::storage_get(LANG_KEY).and_then(|s| Lang::from_code(&s));
    // English until a choice or a customer says otherwise (not the browser's language, so
    // the demo looks the same everywhere). Applied after the first render because the i18n
    // provider picks its own initial locale then; this effect runs once (it tracks nothing).
    let initial: Locale = saved_lang.unwrap_or(Lang::En).into();
    i18n.set_locale(initial);
    Effect::new(move |_| i18n.set_locale(initial));
    let digits = platform::storage_get(DIGITS_KEY)
        .and_then(|s| Digits::from_code(&s))
        .unwrap_or_default();
    let theme = platform::storage_get(THEME_KEY)
        .and_then(|s| Theme::parse(&s))
        .unwrap_or_default();
    provide_context(PrefsInjection {
        i18n,
        digits: RwSignal::new(digits),
        theme: RwSignal::new(theme),
        lang_chosen: RwSignal::new(saved_lang.is_some()),
    });
}
