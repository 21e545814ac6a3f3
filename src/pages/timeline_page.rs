use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::routes::AppRoute;
use bankdash_domain::time::{format_datetime, format_day};
use bankdash_domain::timeline::{self, EventKind, Row, TimelineEvent};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// Every row has the same height, so the visible slice follows from the scroll offset.
const ROW_PX: usize = 64;
const VIEWPORT_PX: usize = 640;
const OVERSCAN: usize = 8;

/// Owned rows for the virtual list.
#[derive(Clone, PartialEq)]
enum Line {
    Day(chrono::NaiveDate),
    Event(TimelineEvent),
}

/// One feed of transactions, security events, notifications, requests and disputes.
/// Only the rows on screen are rendered, so long feeds scroll smoothly.
#[component]
pub fn TimelinePage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let query = use_query_map();
    let search = Memo::new(move |_| query.with(|q| q.get("q").unwrap_or_default()));
    let kinds = Memo::new(move |_| {
        query.with(|q| {
            q.get("kinds")
                .unwrap_or_default()
                .split(',')
                .filter_map(|k| EventKind::ALL.iter().copied().find(|e| e.as_str() == k))
                .collect::<Vec<_>>()
        })
    });
    let events = Memo::new(move |_| {
        let ds = data.data.get();
        timeline::build(&ds, &customer.id.get())
    });
    let lines = Memo::new(move |_| {
        events.with(|all| {
            let shown = timeline::filter(all, &kinds.get(), &search.get());
            timeline::rows_by_day(&shown)
                .into_iter()
                .map(|r| match r {
                    Row::Day(d) => Line::Day(d),
                    Row::Event(e) => Line::Event(e.clone()),
                })
                .collect::<Vec<_>>()
        })
    });
    let navigate = use_navigate();
    let set_query = move |kinds: Vec<EventKind>, search: String| {
        let href = AppRoute::Timeline { customer_id: customer.id.get_untracked(), kinds, search }.href();
        navigate(&href, NavigateOptions { replace: true, scroll: false, ..Default::default() });
    };
    let scroll_top = RwSignal::new(0usize);
    let set_q = set_query.clone();
    let toggles = move || {
        let active = kinds.get();
        EventKind::ALL
            .iter()
            .map(|k| {
                let k = *k;
                let on = active.contains(&k);
                let set_query = set_query.clone();
                view! {
                    <label class="chip">
                        <input type="checkbox" data-testid="timeline-kind" value=k.as_str() checked=on on:change=move |_| {
                            let mut next = kinds.get_untracked();
                            if on { next.retain(|x| *x != k) } else { next.push(k) }
                            next.sort();
                            set_query(next, search.get_untracked());
                        }/>
                        {k.as_str()}
                    </label>
                }
            })
            .collect_view()
    };
    let visible = move || {
        let all = lines.get();
        let total = all.len();
        let first = (scroll_top.get() / ROW_PX).saturating_sub(OVERSCAN);
        let count = VIEWPORT_PX / ROW_PX + 2 * OVERSCAN;
        let end = (first + count).min(total);
        let rows = all[first.min(total)..end]
            .iter()
            .enumerate()
            .map(|(i, line)| {
                let top = (first + i) * ROW_PX;
                let style = format!("transform:translateY({top}px)");
                match line {
                    Line::Day(d) => view! {
                        <div class="tl-row tl-day" style=style data-testid="timeline-day" data-date=d.to_string()>
                            <h3>{format_day(*d)}</h3>
                        </div>
                    }.into_any(),
                    Line::Event(e) => view! {
                        <div class=format!("tl-row tl-event kind-{}", e.kind.as_str()) style=style role="listitem"
                            data-testid="timeline-item" data-kind=e.kind.as_str() data-id=e.id.clone()>
                            <span class="kind">{e.kind.as_str()}</span>
                            <div class="what">
                                <strong>{e.title.clone()}</strong>
                                <span class="sub">{e.detail.clone()}</span>
                            </div>
                            <span class="status-text">{e.status.clone()}</span>
                            <span class="amount">{e.amount.map(|a| a.to_string())}</span>
                            <time datetime=e.at.to_rfc3339()>{format_datetime(&e.at)}</time>
                        </div>
                    }.into_any(),
                }
            })
            .collect_view();
        view! {
            <div class="tl-spacer" style=format!("height:{}px", total * ROW_PX)>{rows}</div>
        }
    };
    let count = move || events.with(|all| lines.with(|l| (l.iter().filter(|x| matches!(x, Line::Event(_))).count(), all.len())));
    view! {
        <TopBar title="Timeline"/>
        <section class="content">
            <div class="card">
                <form class="filters" role="search" on:submit=move |ev| ev.prevent_default()>
                    <fieldset class="chips">
                        <legend class="visually-hidden">"Show kinds"</legend>
                        {toggles}
                    </fieldset>
                    <label class="field grow">
                        <span>"Search"</span>
                        <input type="search" data-testid="timeline-search" value=move || search.get()
                            on:change=move |ev| set_q(kinds.get_untracked(), event_target_value(&ev).trim().to_owned())/>
                    </label>
                </form>
                <p class="result-count" data-testid="timeline-count" aria-live="polite">
                    {move || { let (shown, all) = count(); format!("{shown} of {all} events") }}
                </p>
                {move || if lines.with(Vec::is_empty) {
                    view! { <p class="empty" data-testid="empty-state">"No activity matches."</p> }.into_any()
                } else {
                    view! {
                        <div class="tl-viewport" role="list" aria-label="Activity" tabindex="0" data-testid="timeline-viewport"
                            on:scroll=move |ev| {
                                let el: web_sys::Element = event_target(&ev);
                                scroll_top.set(el.scroll_top().max(0) as usize);
                            }>
                            {visible}
                        </div>
                    }.into_any()
                }}
            </div>
        </section>
    }
}
