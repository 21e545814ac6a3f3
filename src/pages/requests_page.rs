use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::contexts::journal::JournalInjection;
use crate::platform;
use crate::routes::AppRoute;
use bankdash_domain::journal::Change;
use bankdash_domain::model::RequestType;
use bankdash_domain::time::format_datetime;
use leptos::prelude::*;
use leptos_router::components::A;

const MAX_DESCRIPTION: usize = 500;

fn pretty(s: &str) -> String {
    s.replace('_', " ").to_lowercase()
}

/// Service requests (with a form for new ones) and disputes.
#[component]
pub fn RequestsPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let lists = move || {
        let ds = data.data.get();
        let id = customer.id.get();
        let mut requests: Vec<_> = ds.service_requests.iter().filter(|r| r.customer_id == id).cloned().collect();
        requests.sort_by_key(|r| std::cmp::Reverse(r.created_at));
        let mut disputes: Vec<_> = ds.dispute_records.iter().filter(|d| d.customer_id == id).cloned().collect();
        disputes.sort_by_key(|d| std::cmp::Reverse(d.created_at));
        let request_rows = requests.iter().map(|r| view! {
            <tr data-testid="request-row" data-request-id=r.request_id.clone() data-type=r.request_type.as_str() data-status=r.status.as_str()>
                <td>{pretty(r.request_type.as_str())}<span class="sub">{r.description.clone()}</span></td>
                <td><span class=format!("status status-{}", r.status.as_str().to_lowercase())>{r.status.as_str()}</span></td>
                <td class="nowrap">{format_datetime(&r.created_at)}</td>
                <td class="nowrap">{format_datetime(&r.updated_at)}</td>
            </tr>
        }).collect_view();
        let dispute_rows = disputes.iter().map(|d| {
            let href = AppRoute::Transaction { customer_id: id.clone(), transaction_id: d.transaction_id.clone() }.href();
            let reason = pretty(d.reason.as_str());
            view! {
                <tr data-testid="dispute-row" data-dispute-id=d.dispute_id.clone() data-status=d.status.as_str()>
                    <td><A href=href>{reason}</A><span class="sub">{d.description.clone()}</span></td>
                    <td class="amount">{d.disputed_amount.to_string()}</td>
                    <td><span class=format!("status status-{}", d.status.as_str().to_lowercase())>{d.status.as_str()}</span></td>
                    <td class="nowrap">{format_datetime(&d.created_at)}</td>
                </tr>
            }
        }).collect_view();
        view! {
            <div class="card">
                <h2>"Service requests"</h2>
                {if requests.is_empty() { view! { <p class="empty" data-testid="empty-requests">"No service requests yet."</p> }.into_any() } else { view! {
                    <div class="table-scroll"><table class="table">
                        <thead><tr><th scope="col">"Request"</th><th scope="col">"Status"</th><th scope="col">"Opened"</th><th scope="col">"Updated"</th></tr></thead>
                        <tbody>{request_rows}</tbody>
                    </table></div>
                }.into_any() }}
            </div>
            <div class="card">
                <h2>"Disputes"</h2>
                {if disputes.is_empty() { view! { <p class="empty" data-testid="empty-disputes">"No disputes. A failed transaction can be disputed from its detail page."</p> }.into_any() } else { view! {
                    <div class="table-scroll"><table class="table">
                        <thead><tr><th scope="col">"Reason"</th><th scope="col" class="amount">"Amount"</th><th scope="col">"Status"</th><th scope="col">"Opened"</th></tr></thead>
                        <tbody>{dispute_rows}</tbody>
                    </table></div>
                }.into_any() }}
            </div>
        }
    };
    view! {
        <TopBar title="Requests"/>
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
    let kind = RwSignal::new(RequestType::CardReplacement);
    let account = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let done = RwSignal::new(false);
    let accounts = move || {
        let id = customer.id.get();
        data.data.with(|ds| {
            ds.accounts.iter().filter(|a| a.customer_id == id).map(|a| (a.account_id.clone(), a.account_name.clone())).collect::<Vec<_>>()
        })
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        done.set(false);
        let text = description.get_untracked().trim().to_owned();
        let problem = if text.is_empty() {
            Some("Description: please say what you need.".to_owned())
        } else if text.chars().count() > MAX_DESCRIPTION {
            Some(format!("Description: at most {MAX_DESCRIPTION} characters (you wrote {}).", text.chars().count()))
        } else {
            None
        };
        if let Some(p) = problem {
            error.set(Some(p));
            return;
        }
        let account_id = Some(account.get_untracked()).filter(|a| !a.is_empty());
        let change = Change::CreateServiceRequest { request_id: platform::new_uuid(), request_type: kind.get_untracked(), account_id, description: text };
        match journal.record(&customer.id.get_untracked(), change) {
            Ok(()) => {
                error.set(None);
                description.set(String::new());
                done.set(true);
            }
            // The typed text stays in the form so nothing is lost.
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <form class="card form" data-testid="new-request-form" on:submit=on_submit novalidate=true>
            <h2>"New service request"</h2>
            <div class="form-row">
                <label class="field">
                    <span>"Type"</span>
                    <select data-testid="request-type" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(t) = RequestType::ALL.iter().copied().find(|t| t.as_str() == v) { kind.set(t) }
                    }>
                        {RequestType::ALL.iter().map(|t| view! { <option value=t.as_str()>{pretty(t.as_str())}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>"Account (optional)"</span>
                    <select data-testid="request-account" on:change=move |ev| account.set(event_target_value(&ev))>
                        <option value="">"None"</option>
                        {move || accounts().into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                </label>
            </div>
            <label class="field">
                <span>"Description"</span>
                <textarea data-testid="request-description" rows="3" bind:value=description
                    aria-invalid=move || error.get().is_some().to_string()></textarea>
                <small>{move || format!("{} / {MAX_DESCRIPTION}", description.get().chars().count())}</small>
            </label>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="form-error">{e}</p> })}
            {move || done.get().then(|| view! { <p class="ok" role="status" data-testid="request-created">"Request sent. It appears below and in your timeline."</p> })}
            <button type="submit" class="button" data-testid="request-submit">"Send request"</button>
        </form>
    }
}
