use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::contexts::journal::JournalInjection;
use bankdash_domain::journal::Change;
use bankdash_domain::time::format_datetime;
use leptos::prelude::*;

/// The notifications inbox, newest first, with read/unread marks.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let journal = JournalInjection::expect_context();
    let only_unread = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let set_read = move |notification_id: String, read: bool| {
        if let Err(e) = journal.record(&customer.id.get_untracked(), Change::SetNotificationRead { notification_id, read }) {
            error.set(Some(e.to_string()));
        }
    };
    let list = move || {
        let ds = data.data.get();
        let id = customer.id.get();
        let mut items: Vec<_> = ds.notifications.iter().filter(|n| n.customer_id == id && (!only_unread.get() || !n.read)).cloned().collect();
        items.sort_by(|a, b| b.sent_at.cmp(&a.sent_at).then_with(|| a.notification_id.cmp(&b.notification_id)));
        if items.is_empty() {
            return view! { <p class="empty" data-testid="empty-state">{if only_unread.get() { "No unread notifications." } else { "No notifications." }}</p> }.into_any();
        }
        view! {
            <ul class="inbox">
                {items.into_iter().map(|n| {
                    let nid = n.notification_id.clone();
                    let read = n.read;
                    view! {
                        <li class=if read { "read" } else { "unread" } data-testid="notification-item" data-id=n.notification_id.clone() data-read=read.to_string()>
                            <span class="channel">{n.channel.as_str()}</span>
                            <div class="what"><strong>{n.title.clone()}</strong><span class="sub">{n.body.clone()}</span></div>
                            <time datetime=n.sent_at.to_rfc3339()>{format_datetime(&n.sent_at)}</time>
                            <button type="button" class="button small secondary" data-testid="toggle-read"
                                on:click=move |_| set_read(nid.clone(), !read)>
                                {if read { "Mark unread" } else { "Mark read" }}
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <TopBar title="Notifications"/>
        <section class="content">
            {move || error.get().map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
            <div class="card">
                <label class="chip"><input type="checkbox" data-testid="only-unread" bind:checked=only_unread/>"Unread only"</label>
                {list}
            </div>
        </section>
    }
}
