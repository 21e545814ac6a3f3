//! BankDash: a Kuwaiti retail-banking dashboard, client-side rendered with Leptos.

mod app;
mod background;
mod change_engine;
mod components;
mod contexts;
mod data;
mod i18n;
mod pages;
mod platform;
mod routes;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(app::App);
}
