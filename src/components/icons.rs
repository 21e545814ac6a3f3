//! Inline SVG icons (decorative: hidden from assistive technology).

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Users,
    Bank,
    Alert,
}

impl Icon {
    fn path(self) -> &'static str {
        match self {
            Icon::Users => "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 9a7 7 0 0 1 14 0zm15-9a3 3 0 1 0 0-6M22 20a5 5 0 0 0-4-5",
            Icon::Bank => "M3 9 12 4l9 5M5 10v8m4-8v8m6-8v8m4-8v8M3 20h18",
            Icon::Alert => "M12 3 2 20h20zM12 9v5m0 3v.5",
        }
    }
}

#[component]
pub fn IconSvg(icon: Icon) -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
            <path d=icon.path() fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}
