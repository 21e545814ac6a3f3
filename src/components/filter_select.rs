use leptos::prelude::*;

/// A list filter as a labelled select: "all" (the empty value) first, then each
/// `(value, text)`; `on_pick` gets the chosen value ("" for all).
#[component]
pub fn FilterSelect(
    label: String,
    testid: &'static str,
    all: String,
    current: Option<&'static str>,
    values: Vec<(&'static str, String)>,
    on_pick: Callback<String>,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <select data-testid=testid on:change=move |ev| on_pick.run(event_target_value(&ev))>
                <option value="" selected=current.is_none()>{all}</option>
                {values.into_iter().map(|(v, text)| view! { <option value=v selected=current == Some(v)>{text}</option> }).collect_view()}
            </select>
        </label>
    }
}
