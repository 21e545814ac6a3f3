use crate::components::change_error::{change_error, untranslated};
use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::contexts::journal::JournalInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{self, t, t_string, use_i18n};
use crate::platform;
use bankdash_domain::journal::{Change, ChangeError};
use leptos::prelude::*;

/// The notifications inbox, newest first, with read/unread marks.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let journal = JournalInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let only_unread = RwSignal::new(false);
    let error = RwSignal::new(None::<ChangeError>);
    let set_read = move |notification_id: String, read: bool| match journal.record(
        &customer.id.get_untracked(),
        Change::SetNotificationRead {
            notification_id,
            read,
        },
    ) {
        Ok(()) => error.set(None),
        Err(e) => error.set(Some(e)),
    };
    let list = move || {
        let ds = data.data.get();
        let id = customer.id.get();
        let f = prefs.fmt();
        let mut items: Vec<_> = ds
            .notifications
            .iter()
            .filter(|n| n.customer_id == id && (!only_unread.get() || !n.read))
            .cloned()
            .collect();
        items.sort_by(|a, b| {
            b.sent_at
                .cmp(&a.sent_at)
                .then_with(|| a.notification_id.cmp(&b.notification_id))
        });
        if items.is_empty() {
            let empty = if only_unread.get() {
                t!(i18n, notifications.empty_unread).into_any()
            } else {
                t!(i18n, notifications.empty).into_any()
            };
            return view! { <p class="empty" data-testid="empty-state">{empty}</p> }.into_any();
        }
        view! {
            <ul class="inbox">
                {items.into_iter().map(|n| {
                    let nid = n.notification_id.clone();
                    let read = n.read;
                    view! {
                        <li class=if read { "read" } else { "unread" } data-testid="notification-item" data-id=n.notification_id.clone() data-read=read.to_string()>
                            <span class="channel">{i18n::notification_channel(i18n, n.channel)}</span>
                            <div class="what"><strong>{untranslated(n.title)}</strong><span class="sub">{untranslated(n.body)}</span></div>
                            <time datetime=n.sent_at.to_rfc3339()>{f.datetime(&n.sent_at)}</time>
                            <button type="button" class="button small secondary" data-testid="toggle-read"
                                on:click=move |_| {
                                    set_read(nid.clone(), !read);
                                    // The list is drawn again: keep the keyboard focus on this
                                    // notification's mark (or the filter, when it left the list).
                                    let selector = format!("[data-testid=\"notification-item\"][data-id=\"{nid}\"] [data-testid=\"toggle-read\"]");
                                    request_animation_frame(move || {
                                        if !platform::focus_selector(&selector) {
                                            platform::focus_selector("[data-testid=\"only-unread\"]");
                                        }
                                    });
                                }>
                                {if read { t!(i18n, notifications.mark_unread).into_any() } else { t!(i18n, notifications.mark_read).into_any() }}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, notifications.title).to_string())/>
        <section class="content">
            {move || error.get().map(|e| view! { <p class="notice error" role="alert">{change_error(i18n, e)}</p> })}
            <div class="card">
                <label class="chip"><input type="checkbox" data-testid="only-unread" bind:checked=only_unread/>{t!(i18n, notifications.only_unread)}</label>
                {list}
            </div>
        </section>
    }
}
