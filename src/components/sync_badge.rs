use crate::contexts::journal::JournalInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{t_string, use_i18n};
use leptos::prelude::*;

/// Where the data comes from and, with a REST API, whether every change has reached it.
#[component]
pub fn SyncBadge() -> impl IntoView {
    let journal = JournalInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let source = journal.source();
    let rest = source.is_rest();
    let host = source.base().unwrap_or_default().to_owned();
    let pending = Memo::new(move |_| journal.outbox.with(|o| o.pending.len()));
    let state = move || {
        let s = journal.status.get();
        if s.offline {
            "offline"
        } else if s.sending || pending.get() > 0 {
            "sending"
        } else {
            "saved"
        }
    };
    let text = move || {
        let n = prefs.fmt().number(pending.get() as i64);
        match state() {
            "offline" => t_string!(i18n, common.sync.offline, count = n).to_string(),
            "sending" => t_string!(i18n, common.sync.sending, count = n).to_string(),
            _ => t_string!(i18n, common.sync.saved).to_string(),
        }
    };
    let mode = if rest { "rest" } else { "bundled" };
    view! {
        <div class="sync-badge" data-testid="data-mode" data-mode=mode title=host.clone()>
            <span class="tag">{move || if rest { t_string!(i18n, common.sync.mode_rest).to_string() } else { t_string!(i18n, common.sync.mode_bundled).to_string() }}</span>
            {rest.then(|| view! {
                <span class="sync-status" role="status" data-testid="sync-status" data-state=state data-pending=move || pending.get()
                    aria-busy=move || (state() == "sending").to_string()>
                    <span class=move || format!("dot dot-{}", state()) aria-hidden="true"></span>
                    {text}
                </span>
            })}
        </div>
    }
}
