use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::contexts::journal::JournalInjection;
use crate::platform;
use crate::routes::{AppRoute, TransactionParams};
use bankdash_domain::journal::Change;
use bankdash_domain::ledger::LedgerQuery;
use bankdash_domain::model::{DisputeReason, TxnStatus};
use bankdash_domain::time::format_datetime;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params;

/// One transaction in full; a FAILED one can be disputed.
#[component]
pub fn TransactionPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let params = use_params::<TransactionParams>();
    let txn_id = Memo::new(move |_| params.read().as_ref().ok().and_then(|p| p.transaction_id.clone()).unwrap_or_default());
    let body = move || {
        let ds = data.data.get();
        let id = customer.id.get();
        let tid = txn_id.get();
        let back = AppRoute::Ledger { customer_id: id.clone(), query: LedgerQuery::default() }.href();
        let Some(t) = ds.transactions.iter().find(|t| t.transaction_id == tid && t.customer_id == id) else {
            return view! {
                <div class="card empty" role="alert" data-testid="transaction-not-found">
                    <p>"No transaction " <code>{tid.clone()}</code> " for this customer."</p>
                    <A href=back>"Back to transactions"</A>
                </div>
            }
            .into_any();
        };
        let account = ds.accounts.iter().find(|a| a.account_id == t.account_id).map(|a| a.account_name.clone()).unwrap_or_default();
        let dispute = ds.dispute_records.iter().find(|d| d.transaction_id == t.transaction_id).cloned();
        let rows: Vec<(&str, String)> = vec![
            ("Date", format_datetime(&t.created_at)),
            ("Account", account),
            ("Direction", t.direction.as_str().to_owned()),
            ("Status", t.status.as_str().to_owned()),
            ("Category", t.category.as_str().to_owned()),
            ("Merchant", format!("{} ({})", t.merchant_name, t.merchant_city)),
            ("Channel", t.channel.as_str().to_owned()),
            ("Authentication", t.auth_method.as_str().to_owned()),
            ("Reference", t.reference.clone()),
            ("Description", t.description.clone()),
        ];
        let failed = t.status == TxnStatus::Failed;
        let failure = t.failure_reason.clone();
        let amount = t.signed_amount();
        view! {
            <div class="card detail" data-testid="transaction-detail" data-transaction-id=t.transaction_id.clone() data-status=t.status.as_str()>
                <A href=back>"← Transactions"</A>
                <h2 class=if amount.is_negative() { "neg" } else { "pos" } data-amount-fils=t.amount.fils()>{amount.to_string()}</h2>
                <dl class="facts">
                    {rows.into_iter().map(|(k, v)| view! { <div><dt>{k}</dt><dd>{v}</dd></div> }).collect_view()}
                    {failure.map(|f| view! { <div><dt>"Failure reason"</dt><dd>{f}</dd></div> })}
                </dl>
            </div>
            {match (failed, dispute) {
                (_, Some(d)) => view! {
                    <div class="card" data-testid="dispute-status" data-dispute-id=d.dispute_id.clone()>
                        <h2>"Dispute"</h2>
                        <p>{format!("{} · {} · opened {}", d.status, d.reason.as_str().replace('_', " ").to_lowercase(), format_datetime(&d.created_at))}</p>
                        <p>{d.description.clone()}</p>
                    </div>
                }.into_any(),
                (true, None) => view! { <DisputeForm transaction_id=t.transaction_id.clone()/> }.into_any(),
                (false, None) => ().into_any(),
            }}
        }
        .into_any()
    };
    view! {
        <TopBar title="Transaction"/>
        <section class="content">{body}</section>
    }
}

#[component]
fn DisputeForm(transaction_id: String) -> impl IntoView {
    let journal = JournalInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let reason = RwSignal::new(DisputeReason::FundsNotReturned);
    let description = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = description.get_untracked().trim().to_owned();
        if text.is_empty() {
            error.set(Some("Describe what went wrong (the description is required).".into()));
            return;
        }
        let change = Change::CreateDispute {
            dispute_id: platform::new_uuid(),
            transaction_id: transaction_id.clone(),
            reason: reason.get_untracked(),
            description: text,
        };
        match journal.record(&customer.id.get_untracked(), change) {
            Ok(()) => error.set(None),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    view! {
        <form class="card form" data-testid="dispute-form" on:submit=on_submit>
            <h2>"Dispute this failed transaction"</h2>
            <label class="field">
                <span>"Reason"</span>
                <select data-testid="dispute-reason" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(r) = DisputeReason::ALL.iter().copied().find(|r| r.as_str() == v) { reason.set(r) }
                }>
                    {DisputeReason::ALL.iter().map(|r| view! { <option value=r.as_str()>{r.as_str().replace('_', " ").to_lowercase()}</option> }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span>"What happened"</span>
                <textarea data-testid="dispute-description" rows="3" maxlength="500" bind:value=description
                    aria-invalid=move || error.get().is_some().to_string()></textarea>
            </label>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="form-error">{e}</p> })}
            <button type="submit" class="button" data-testid="dispute-submit">"Open dispute"</button>
        </form>
    }
}
