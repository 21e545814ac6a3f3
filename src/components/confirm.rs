//! Confirmation for destructive actions: a modal dialog with the action named on its
//! button. Escape or "Cancel" closes it without acting.

use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

#[derive(Clone)]
pub struct Confirm {
    pub title: String,
    pub body: String,
    /// The confirming button's label, e.g. "Terminate session".
    pub action: String,
    pub on_confirm: Callback<()>,
}

#[component]
pub fn ConfirmDialog(state: RwSignal<Option<Confirm>>) -> impl IntoView {
    let i18n = use_i18n();
    let close = move || state.set(None);
    view! {
        {move || state.get().map(|c| {
            let on_confirm = c.on_confirm;
            view! {
                <div class="modal-backdrop" on:click=move |_| close()>
                    <div class="modal" role="dialog" aria-modal="true" aria-labelledby="confirm-title" data-testid="confirm-dialog"
                        on:click=|ev| ev.stop_propagation()
                        on:keydown=move |ev| if ev.key() == "Escape" { close() }>
                        <h2 id="confirm-title">{c.title.clone()}</h2>
                        <p>{c.body.clone()}</p>
                        <div class="actions">
                            <button type="button" class="button secondary" data-testid="confirm-cancel" on:click=move |_| close()>{t!(i18n, common.confirm.cancel)}</button>
                            <button type="button" class="button danger" data-testid="confirm-yes" autofocus=true
                                on:click=move |_| { close(); on_confirm.run(()); }>{c.action.clone()}</button>
                        </div>
                    </div>
                </div>
            }
        })}
    }
}
