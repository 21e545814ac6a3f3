//! Inline SVG icons (decorative: hidden from assistive technology).

use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Icon {
    Home,
    Users,
    Bank,
    Alert,
    List,
    Vault,
    Shield,
    Clock,
    Inbox,
    Bell,
    Search,
    Reset,
    Grid,
}

impl Icon {
    fn path(self) -> &'static str {
        match self {
            Icon::Home => "M3 11 12 3l9 8v9a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z",
            Icon::Users => "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7 9a7 7 0 0 1 14 0zm15-9a3 3 0 1 0 0-6M22 20a5 5 0 0 0-4-5",
            Icon::Bank => "M3 9 12 4l9 5M5 10v8m4-8v8m6-8v8m4-8v8M3 20h18",
            Icon::Alert => "M12 3 2 20h20zM12 9v5m0 3v.5",
            Icon::List => "M8 6h13M8 12h13M8 18h13M3 6h.01M3 12h.01M3 18h.01",
            Icon::Vault => "M4 4h16v16H4zM12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6zm0-3v3m0 6v3m6-6h-3M9 12H6",
            Icon::Shield => "M12 3 4 6v6c0 5 3.5 8 8 9 4.5-1 8-4 8-9V6zm-3 9 2 2 4-4",
            Icon::Clock => "M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zm0 4v5l3 3",
            Icon::Inbox => "M3 13h5l2 3h4l2-3h5M5 5h14l2 8v6H3v-6z",
            Icon::Bell => "M6 16V11a6 6 0 0 1 12 0v5l2 2H4zm4 4h4",
            Icon::Search => "M11 4a7 7 0 1 0 0 14 7 7 0 0 0 0-14zm9 16-4-4",
            Icon::Reset => "M4 4v6h6M4.5 15A8 8 0 1 0 6 7.5L4 10",
            Icon::Grid => "M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM13 13h7v7h-7z",
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
