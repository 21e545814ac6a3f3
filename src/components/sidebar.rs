use crate::components::icons::{Icon, IconSvg};
use crate::routes::AppRoute;
use leptos::prelude::*;
use leptos_router::components::A;

/// The left navigation.
#[component]
pub fn Sidebar() -> impl IntoView {
    view! {
        <nav class="sidebar" aria-label="Main">
            <a class="brand" href=AppRoute::CustomerPicker.href()>
                <IconSvg icon=Icon::Bank/>
                <span>"BankDash"</span>
            </a>
            <ul>
                <li><A href=AppRoute::CustomerPicker.href() exact=true>
                    <IconSvg icon=Icon::Users/><span>"Customers"</span>
                </A></li>
            </ul>
        </nav>
    }
}
