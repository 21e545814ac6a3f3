use crate::components::change_error::{change_error, untranslated};
use crate::components::status_class;
use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::contexts::journal::JournalInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{self, t, t_string, use_i18n, I18n};
use crate::platform;
use crate::routes::AppRoute;
use bankdash_domain::journal::{Change, ChangeError};
use bankdash_domain::model::RequestType;
use leptos::prelude::*;
use leptos_router::components::A;

const MAX_DESCRIPTION: usize = 500;

/// Why the form was not sent.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Problem {
    EmptyDescription,
    /// The description's length in characters.
    TooLong(usize),
    Refused(ChangeError),
}

fn problem_view(i18n: I18n, prefs: PrefsInjection, problem: Problem) -> AnyView {
    match problem {
        Problem::EmptyDescription => t!(i18n, requests.form.empty).into_any(),
        Problem::TooLong(count) => {
            let max = move || prefs.fmt().number(MAX_DESCRIPTION as i64);
            let count = move || prefs.fmt().number(count as i64);
            t!(i18n, requests.form.too_long, max, count).into_any()
        }
        Problem::Refused(e) => change_error(i18n, e),
    }
}

/// Service requests (with a form for new ones) and disputes.
#[component]
pub fn RequestsPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let lists = move || {
        let ds = data.data.get();
        let id = customer.id.get();
        let f = prefs.fmt();
        let mut requests: Vec<_> = ds
            .service_requests
            .iter()
            .filter(|r| r.customer_id == id)
            .cloned()
            .collect();
        requests.sort_by_key(|r| std::cmp::Reverse(r.created_at));
        let mut disputes: Vec<_> = ds
            .dispute_records
            .iter()
            .filter(|d| d.customer_id == id)
            .cloned()
            .collect();
        disputes.sort_by_key(|d| std::cmp::Reverse(d.created_at));
        let request_rows = requests.iter().map(|r| view! {
            <tr data-testid="request-row" data-request-id=r.request_id.clone() data-type=r.request_type.as_str() data-status=r.status.as_str()>
                <td>{i18n::request_type(i18n, r.request_type)}<span class="sub">{untranslated(r.description.clone())}</span></td>
                <td><span class=status_class(r.status.as_str())>{i18n::request_status(i18n, r.status)}</span></td>
                <td class="nowrap">{f.datetime(&r.created_at)}</td>
                <td class="nowrap">{f.datetime(&r.updated_at)}</td>
            </tr>
        }).collect_view();
        let dispute_rows = disputes.iter().map(|d| {
            let href = AppRoute::Transaction { customer_id: id.clone(), transaction_id: d.transaction_id.clone() }.link();
            let reason = i18n::dispute_reason(i18n, d.reason);
            view! {
                <tr data-testid="dispute-row" data-dispute-id=d.dispute_id.clone() data-status=d.status.as_str()>
                    <td><A href=href>{reason}</A><span class="sub">{untranslated(d.description.clone())}</span></td>
                    <td class="amount" data-amount-fils=d.disputed_amount.fils()>{f.money(d.disputed_amount)}</td>
                    <td><span class=status_class(d.status.as_str())>{i18n::dispute_status(i18n, d.status)}</span></td>
                    <td class="nowrap">{f.datetime(&d.created_at)}</td>
                </tr>
            }
        }).collect_view();
        view! {
            <div class="card">
                <h2>{t!(i18n, requests.requests.heading)}</h2>
                {if requests.is_empty() {
                    view! { <p class="empty" data-testid="empty-requests">{t!(i18n, requests.requests.empty)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll"><table class="table">
                            <caption class="visually-hidden">{t!(i18n, requests.requests.caption)}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, requests.requests.request)}</th>
                                <th scope="col">{t!(i18n, requests.status)}</th>
                                <th scope="col">{t!(i18n, requests.opened)}</th>
                                <th scope="col">{t!(i18n, requests.requests.updated)}</th>
                            </tr></thead>
                            <tbody>{request_rows}</tbody>
                        </table></div>
                    }.into_any()
                }}
            </div>
            <div class="card">
                <h2>{t!(i18n, requests.disputes.heading)}</h2>
                {if disputes.is_empty() {
                    view! { <p class="empty" data-testid="empty-disputes">{t!(i18n, requests.disputes.empty)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll"><table class="table">
                            <caption class="visually-hidden">{t!(i18n, requests.disputes.caption)}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, requests.disputes.reason)}</th>
                                <th scope="col" class="amount">{t!(i18n, requests.disputes.amount)}</th>
                                <th scope="col">{t!(i18n, requests.status)}</th>
                                <th scope="col">{t!(i18n, requests.opened)}</th>
                            </tr></thead>
                            <tbody>{dispute_rows}</tbody>
                        </table></div>
                    }.into_any()
                }}
            </div>
        }
    };
    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, requests.title).to_string())/>
        <section class="content">
            <NewRequestForm/>
            {lists}
        </section>
    }
}

#[component]
fn NewRequestForm() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let journal = JournalInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let kind = RwSignal::new(RequestType::CardReplacement);
    let account = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<Problem>);
    let done = RwSignal::new(false);
    // The customer's accounts by type and the end of the IBAN: an option holds plain
    // text, so no account names (data) in it.
    let accounts = move || {
        let id = customer.id.get();
        data.data.with(|ds| {
            ds.accounts
                .iter()
                .filter(|a| a.customer_id == id)
                .map(|a| {
                    let tail: Vec<char> = a.iban.chars().rev().take(4).collect();
                    (
                        a.account_id.clone(),
                        a.account_type,
                        tail.into_iter().rev().collect::<String>(),
                    )
                })
                .collect::<Vec<_>>()
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let text = description.get_untracked().trim().to_owned();
        let length = text.chars().count();
        if text.is_empty() {
            problem.set(Some(Problem::EmptyDescription));
            return;
        }
        if length > MAX_DESCRIPTION {
            problem.set(Some(Problem::TooLong(length)));
            return;
        }
        let account_id = Some(account.get_untracked()).filter(|a| !a.is_empty());
        let change = Change::CreateServiceRequest {
            request_id: platform::new_uuid(),
            request_type: kind.get_untracked(),
            account_id,
            description: text,
        };
        match journal.record(&customer.id.get_untracked(), change) {
            Ok(()) => {
                problem.set(None);
                description.set(String::new());
                done.set(true);
            }
            // The typed text stays in the form so nothing is lost.
            Err(e) => problem.set(Some(Problem::Refused(e))),
        }
    };
    let counter = move || {
        let f = prefs.fmt();
        let count = description.with(|d| d.chars().count());
        t_string!(
            i18n,
            requests.form.counter,
            count = f.number(count as i64),
            max = f.number(MAX_DESCRIPTION as i64)
        )
        .to_string()
    };
    view! {
        <form class="card form" data-testid="new-request-form" on:submit=on_submit novalidate=true>
            <h2>{t!(i18n, requests.form.heading)}</h2>
            <div class="form-row">
                <label class="field">
                    <span>{t!(i18n, requests.form.kind)}</span>
                    <select data-testid="request-type" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(t) = RequestType::ALL.iter().copied().find(|t| t.as_str() == v) { kind.set(t) }
                    }>
                        {RequestType::ALL.iter().map(|t| {
                            let t = *t;
                            view! { <option value=t.as_str()>{move || i18n::request_type(i18n, t)}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{t!(i18n, requests.form.account)}</span>
                    <select data-testid="request-account" on:change=move |ev| account.set(event_target_value(&ev))>
                        <option value="">{t!(i18n, requests.form.no_account)}</option>
                        {move || accounts().into_iter().map(|(id, account_type, tail)| {
                            let selected = account.get_untracked() == id;
                            let label = move || {
                                let f = prefs.fmt();
                                t_string!(i18n, requests.form.account_option, kind = i18n::account_type(i18n, account_type), last4 = f.digits(&tail))
                                    .to_string()
                            };
                            view! { <option value=id selected=selected>{label}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            <label class="field">
                <span>{t!(i18n, requests.form.description)}</span>
                <textarea data-testid="request-description" rows="3" bind:value=description
                    aria-invalid=move || problem.with(Option::is_some).to_string()></textarea>
                <small>{counter}</small>
            </label>
            {move || problem.get().map(|p| view! { <p class="error" role="alert" data-testid="form-error">{problem_view(i18n, prefs, p)}</p> })}
            {move || done.get().then(|| view! { <p class="ok" role="status" data-testid="request-created">{t!(i18n, requests.form.created)}</p> })}
            <button type="submit" class="button" data-testid="request-submit">{t!(i18n, requests.form.submit)}</button>
        </form>
    }
}
