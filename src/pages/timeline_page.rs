use crate::components::change_error::untranslated;
use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{self, t, t_string, use_i18n, I18n};
use crate::routes::use_replace_url;
use crate::routes::AppRoute;
use bankdash_domain::format::Formatter;
use bankdash_domain::model::{Direction, DisputeReason, RequestType};
use bankdash_domain::timeline::{self, AuditAction, EventKind, Row, Subject, TimelineEvent};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// Every row has the same height, so the visible slice follows from the scroll offset.
const ROW_PX: usize = 64;
const VIEWPORT_PX: usize = 640;
const OVERSCAN: usize = 8;

/// Owned rows for the virtual list (events boxed: a day header is tiny).
#[derive(Clone, PartialEq)]
enum Line {
    Day(chrono::NaiveDate),
    Event(Box<TimelineEvent>),
}

fn audit_action(i18n: I18n, action: AuditAction) -> String {
    match action {
        AuditAction::LoginSuccess => t_string!(i18n, timeline.audit.login_success).to_string(),
        AuditAction::LoginFailed => t_string!(i18n, timeline.audit.login_failed).to_string(),
        AuditAction::AccountLocked => t_string!(i18n, timeline.audit.account_locked).to_string(),
        AuditAction::PasswordChanged => {
            t_string!(i18n, timeline.audit.password_changed).to_string()
        }
        AuditAction::MfaEnabled => t_string!(i18n, timeline.audit.mfa_enabled).to_string(),
        AuditAction::DeviceRegistered => {
            t_string!(i18n, timeline.audit.device_registered).to_string()
        }
        AuditAction::DeviceRevoked => t_string!(i18n, timeline.audit.device_revoked).to_string(),
        AuditAction::DeviceTrusted => t_string!(i18n, timeline.audit.device_trusted).to_string(),
        AuditAction::DeviceUntrusted => {
            t_string!(i18n, timeline.audit.device_untrusted).to_string()
        }
        AuditAction::SessionTerminated => {
            t_string!(i18n, timeline.audit.session_terminated).to_string()
        }
        AuditAction::OtherSessionsTerminated => {
            t_string!(i18n, timeline.audit.other_sessions_terminated).to_string()
        }
        AuditAction::DisputeCreated => t_string!(i18n, timeline.audit.dispute_created).to_string(),
        AuditAction::ServiceRequestCreated => {
            t_string!(i18n, timeline.audit.service_request_created).to_string()
        }
        AuditAction::Logout => t_string!(i18n, timeline.audit.logout).to_string(),
        AuditAction::SessionExpired => t_string!(i18n, timeline.audit.session_expired).to_string(),
        AuditAction::ContactUpdated => t_string!(i18n, timeline.audit.contact_updated).to_string(),
        AuditAction::AddressUpdated => t_string!(i18n, timeline.audit.address_updated).to_string(),
    }
}

fn request_headline(i18n: I18n, request_type: RequestType) -> String {
    match request_type {
        RequestType::CardReplacement => {
            t_string!(i18n, timeline.request.card_replacement).to_string()
        }
        RequestType::ChequeBook => t_string!(i18n, timeline.request.cheque_book).to_string(),
        RequestType::GeneralInquiry => {
            t_string!(i18n, timeline.request.general_inquiry).to_string()
        }
    }
}

fn dispute_headline(i18n: I18n, reason: DisputeReason) -> String {
    match reason {
        DisputeReason::FundsNotReturned => {
            t_string!(i18n, timeline.dispute.funds_not_returned).to_string()
        }
        DisputeReason::CashNotDispensed => {
            t_string!(i18n, timeline.dispute.cash_not_dispensed).to_string()
        }
        DisputeReason::DuplicateAttempt => {
            t_string!(i18n, timeline.dispute.duplicate_attempt).to_string()
        }
        DisputeReason::Unrecognised => t_string!(i18n, timeline.dispute.unrecognised).to_string(),
    }
}

/// The status or severity shown at the end of a row.
fn status_label(i18n: I18n, subject: &Subject) -> String {
    match subject {
        Subject::Transaction { status, .. } => i18n::txn_status(i18n, *status),
        Subject::Audit { severity, .. } => i18n::severity(i18n, *severity),
        Subject::Notification { read: true, .. } => t_string!(i18n, timeline.read).to_string(),
        Subject::Notification { read: false, .. } => t_string!(i18n, timeline.unread).to_string(),
        Subject::Request { status, .. } => i18n::request_status(i18n, *status),
        Subject::Dispute { status, .. } => i18n::dispute_status(i18n, *status),
    }
}

/// The headline as plain text in the current language, for the search.
fn headline_text(i18n: I18n, subject: &Subject) -> String {
    match subject {
        Subject::Transaction {
            direction: Direction::Debit,
            merchant,
            ..
        } => t_string!(i18n, timeline.paid, merchant).to_string(),
        Subject::Transaction {
            direction: Direction::Credit,
            merchant,
            ..
        } => t_string!(i18n, timeline.received, merchant).to_string(),
        Subject::Audit { action, .. } => {
            AuditAction::from_code(action).map_or_else(|| action.clone(), |a| audit_action(i18n, a))
        }
        Subject::Notification { title, .. } => title.clone(),
        Subject::Request { request_type, .. } => request_headline(i18n, *request_type),
        Subject::Dispute { reason, .. } => dispute_headline(i18n, *reason),
    }
}

/// Whether the words the screen shows for `e` (kind, headline, status) contain `needle`
/// (already lower-case): so a search in Arabic finds what the Arabic screen says.
fn shown_text_matches(i18n: I18n, e: &TimelineEvent, needle: &str) -> bool {
    [
        i18n::event_kind(i18n, e.kind),
        headline_text(i18n, &e.subject),
        status_label(i18n, &e.subject),
    ]
    .iter()
    .any(|text| text.to_lowercase().contains(needle))
}

/// An audit code or IP address: left-to-right data.
fn code(text: String) -> impl IntoView {
    view! { <code translate="no" dir="ltr">{text}</code> }
}

/// The two text lines of an event: headline and the line under it.
fn what(i18n: I18n, e: &TimelineEvent) -> AnyView {
    match &e.subject {
        Subject::Transaction {
            direction,
            merchant,
            ..
        } => {
            let merchant = merchant.clone();
            let merchant = move || untranslated(merchant.clone());
            let headline = match direction {
                Direction::Debit => t!(i18n, timeline.paid, merchant).into_any(),
                Direction::Credit => t!(i18n, timeline.received, merchant).into_any(),
            };
            view! {
                <strong>{headline}</strong>
                <span class="sub">{untranslated(e.detail.clone())}</span>
            }
            .into_any()
        }
        Subject::Audit {
            action,
            details,
            ip,
            ..
        } => {
            // The translated action, and the code as recorded last (unknown codes only as
            // the headline).
            let (headline, recorded) = match AuditAction::from_code(action) {
                Some(known) => (
                    audit_action(i18n, known).into_any(),
                    Some(view! { " · " {code(action.clone())} }),
                ),
                None => (code(action.clone()).into_any(), None),
            };
            let ip = ip.clone();
            view! {
                <strong>{headline}</strong>
                <span class="sub">
                    {untranslated(details.clone())}
                    " · "
                    {t!(i18n, timeline.from_ip, ip = move || code(ip.clone()))}
                    {recorded}
                </span>
            }
            .into_any()
        }
        Subject::Notification { title, body, .. } => view! {
            <strong>{untranslated(title.clone())}</strong>
            <span class="sub">{untranslated(body.clone())}</span>
        }
        .into_any(),
        Subject::Request { request_type, .. } => view! {
            <strong>{request_headline(i18n, *request_type)}</strong>
            <span class="sub">{untranslated(e.detail.clone())}</span>
        }
        .into_any(),
        Subject::Dispute { reason, .. } => view! {
            <strong>{dispute_headline(i18n, *reason)}</strong>
            <span class="sub">{untranslated(e.detail.clone())}</span>
        }
        .into_any(),
    }
}

fn event_row(i18n: I18n, f: Formatter, e: &TimelineEvent, style: String) -> AnyView {
    view! {
        <div class=format!("tl-row tl-event kind-{}", e.kind.as_str()) style=style role="listitem"
            data-testid="timeline-item" data-kind=e.kind.as_str() data-id=e.id.clone()>
            <span class="kind">{i18n::event_kind(i18n, e.kind)}</span>
            <div class="what">{what(i18n, e)}</div>
            <span class="status-text">{status_label(i18n, &e.subject)}</span>
            <span class="amount" data-amount-fils=e.amount.map(|a| a.fils())>{e.amount.map(|a| f.money(a))}</span>
            <time datetime=e.at.to_rfc3339()>{f.datetime(&e.at)}</time>
        </div>
    }
    .into_any()
}

/// One feed of transactions, security events, notifications, requests and disputes.
/// Only the rows on screen are rendered, so long feeds scroll smoothly.
#[component]
pub fn TimelinePage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
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
            // The record's English text and data match, and so do the words on screen.
            let shown = timeline::filter_with(all, &kinds.get(), &search.get(), |e, needle| {
                shown_text_matches(i18n, e, needle)
            });
            timeline::rows_by_day(&shown)
                .into_iter()
                .map(|r| match r {
                    Row::Day(d) => Line::Day(d),
                    Row::Event(e) => Line::Event(Box::new(e.clone())),
                })
                .collect::<Vec<_>>()
        })
    });
    let navigate = use_replace_url();
    let set_query = move |kinds: Vec<EventKind>, search: String| {
        let href = AppRoute::Timeline {
            customer_id: customer.id.get_untracked(),
            kinds,
            search,
        }
        .href();
        navigate(&href);
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
                        {i18n::event_kind(i18n, k)}
                    </label>
                }
            })
            .collect_view()
    };
    let visible = move || {
        let f = prefs.fmt();
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
                        <div class="tl-row tl-day" style=style role="listitem" data-testid="timeline-day" data-date=d.to_string()>
                            <h2>{f.day(*d)}</h2>
                        </div>
                    }
                    .into_any(),
                    Line::Event(e) => event_row(i18n, f, e, style),
                }
            })
            .collect_view();
        view! {
            <div class="tl-spacer" style=format!("height:{}px", total * ROW_PX)>{rows}</div>
        }
    };
    let count = move || {
        events.with(|all| {
            lines.with(|l| {
                (
                    l.iter().filter(|x| matches!(x, Line::Event(_))).count(),
                    all.len(),
                )
            })
        })
    };
    let count_text = move || {
        let (shown, total) = count();
        let f = prefs.fmt();
        t_string!(
            i18n,
            timeline.count,
            shown = f.number(shown as i64),
            total = f.number(total as i64)
        )
        .to_string()
    };
    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, timeline.title).to_string())/>
        <section class="content">
            <div class="card">
                <form class="filters" role="search" on:submit=move |ev| ev.prevent_default()
                    aria-label=move || t_string!(i18n, timeline.filters).to_string()>
                    <fieldset class="chips">
                        <legend class="visually-hidden">{t!(i18n, timeline.kinds)}</legend>
                        {toggles}
                    </fieldset>
                    <label class="field grow">
                        <span>{t!(i18n, timeline.search)}</span>
                        <input type="search" data-testid="timeline-search" value=move || search.get()
                            on:change=move |ev| set_q(kinds.get_untracked(), event_target_value(&ev).trim().to_owned())/>
                    </label>
                </form>
                <p class="result-count" data-testid="timeline-count" aria-live="polite">{count_text}</p>
                {move || if lines.with(Vec::is_empty) {
                    view! { <p class="empty" data-testid="empty-state">{t!(i18n, timeline.empty)}</p> }.into_any()
                } else {
                    view! {
                        <div class="tl-viewport" role="list" aria-label=move || t_string!(i18n, timeline.list).to_string() tabindex="0"
                            data-testid="timeline-viewport"
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
