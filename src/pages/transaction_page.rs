use crate::components::change_error::change_error;
use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::contexts::journal::JournalInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{self, t, t_string, use_i18n, I18n};
use crate::pages::not_yours_page::NotYoursPage;
use crate::platform;
use crate::routes::{AppRoute, TransactionParams};
use bankdash_domain::journal::{Change, ChangeError};
use bankdash_domain::ledger::LedgerQuery;
use bankdash_domain::model::{DisputeReason, TxnStatus};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params;

/// One transaction in full; a FAILED one can be disputed.
///
/// Language and digits are read inside small closures rather than by the whole body,
/// so switching them does not rebuild the dispute form and lose what was typed.
#[component]
pub fn TransactionPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let params = use_params::<TransactionParams>();
    let txn_id = Memo::new(move |_| {
        params
            .read()
            .as_ref()
            .ok()
            .and_then(|p| p.transaction_id.clone())
            .unwrap_or_default()
    });
    let body = move || {
        let ds = data.data.get();
        let id = customer.id.get();
        let tid = txn_id.get();
        let back = AppRoute::Ledger {
            customer_id: id.clone(),
            query: LedgerQuery::default(),
        }
        .link();
        let Some(t) = ds
            .transactions
            .iter()
            .find(|t| t.transaction_id == tid && t.customer_id == id)
        else {
            return view! { <NotYoursPage/> }.into_any();
        };
        let account = ds
            .accounts
            .iter()
            .find(|a| a.account_id == t.account_id)
            .map(|a| a.account_name.clone())
            .unwrap_or_default();
        let dispute = ds
            .dispute_records
            .iter()
            .find(|d| d.transaction_id == t.transaction_id)
            .cloned();
        let (created, direction, status, category, channel, auth) = (
            t.created_at,
            t.direction,
            t.status,
            t.category,
            t.channel,
            t.auth_method,
        );
        let fact =
            |label: AnyView, value: AnyView| view! { <div><dt>{label}</dt><dd>{value}</dd></div> };
        let facts = vec![
            fact(t!(i18n, txn.field.date).into_any(), (move || prefs.fmt().datetime(&created)).into_any()),
            fact(t!(i18n, txn.field.account).into_any(), view! { <bdi translate="no">{account}</bdi> }.into_any()),
            fact(t!(i18n, txn.field.direction).into_any(), (move || i18n::direction(i18n, direction)).into_any()),
            fact(t!(i18n, txn.field.status).into_any(), (move || i18n::txn_status(i18n, status)).into_any()),
            fact(t!(i18n, txn.field.category).into_any(), (move || i18n::category(i18n, category)).into_any()),
            fact(
                t!(i18n, txn.field.merchant).into_any(),
                view! { <bdi translate="no">{t.merchant_name.clone()}</bdi> " (" <bdi translate="no">{t.merchant_city.clone()}</bdi> ")" }.into_any(),
            ),
            fact(t!(i18n, txn.field.channel).into_any(), (move || i18n::channel(i18n, channel)).into_any()),
            fact(t!(i18n, txn.field.auth).into_any(), (move || i18n::auth_method(i18n, auth)).into_any()),
            fact(t!(i18n, txn.field.reference).into_any(), view! { <bdi translate="no" dir="ltr">{t.reference.clone()}</bdi> }.into_any()),
            fact(t!(i18n, txn.field.description).into_any(), view! { <bdi translate="no">{t.description.clone()}</bdi> }.into_any()),
        ];
        let failed = t.status == TxnStatus::Failed;
        let failure = t.failure_reason.clone().map(|code| {
            fact(
                t!(i18n, txn.field.failure_reason).into_any(),
                failure_reason(i18n, code),
            )
        });
        let amount = t.signed_amount();
        view! {
            <div class="card detail" data-testid="transaction-detail" data-transaction-id=t.transaction_id.clone() data-status=t.status.as_str()>
                <A href=back><span class="flip-rtl" aria-hidden="true">"←"</span> " " {t!(i18n, txn.back)}</A>
                <h2 class=if amount.is_negative() { "neg" } else { "pos" } data-amount-fils=t.amount.fils()>{move || prefs.fmt().money(amount)}</h2>
                <dl class="facts">
                    {facts}
                    {failure}
                </dl>
            </div>
            {match (failed, dispute) {
                (_, Some(d)) => {
                    let (status, reason, opened) = (d.status, d.reason, d.created_at);
                    let opened = move || prefs.fmt().datetime(&opened);
                    view! {
                        <div class="card" data-testid="dispute-status" data-dispute-id=d.dispute_id.clone()>
                            <h2>{t!(i18n, txn.dispute.title)}</h2>
                            <p>
                                {move || i18n::dispute_status(i18n, status)} " · "
                                {move || i18n::dispute_reason(i18n, reason)} " · "
                                {t!(i18n, txn.dispute.opened, date = opened)}
                            </p>
                            <p translate="no">{d.description.clone()}</p>
                        </div>
                    }.into_any()
                }
                (true, None) => view! { <DisputeForm transaction_id=t.transaction_id.clone()/> }.into_any(),
                (false, None) => ().into_any(),
            }}
        }
        .into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, txn.title).to_string())/>
        <section class="content">{body}</section>
    }
}

/// The dataset's failure codes in words; an unknown code is shown as it is.
fn failure_reason(i18n: I18n, code: String) -> AnyView {
    match code.as_str() {
        "INSUFFICIENT_FUNDS" => t!(i18n, txn.failure.insufficient_funds).into_any(),
        "CARD_DECLINED" => t!(i18n, txn.failure.card_declined).into_any(),
        "NETWORK_TIMEOUT" => t!(i18n, txn.failure.network_timeout).into_any(),
        "CASH_NOT_DISPENSED" => t!(i18n, txn.failure.cash_not_dispensed).into_any(),
        _ => view! { <bdi translate="no" dir="ltr">{code}</bdi> }.into_any(),
    }
}

/// Why the dispute could not be opened; rendered in the current language.
#[derive(Debug, Clone)]
enum FormError {
    DescriptionRequired,
    Refused(ChangeError),
}

fn form_error(i18n: I18n, error: FormError) -> AnyView {
    match error {
        FormError::DescriptionRequired => t!(i18n, txn.form.description_required).into_any(),
        FormError::Refused(e) => change_error(i18n, e),
    }
}

#[component]
fn DisputeForm(transaction_id: String) -> impl IntoView {
    let journal = JournalInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let i18n = use_i18n();
    let reason = RwSignal::new(DisputeReason::FundsNotReturned);
    let description = RwSignal::new(String::new());
    let error = RwSignal::new(None::<FormError>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = description.get_untracked().trim().to_owned();
        if text.is_empty() {
            error.set(Some(FormError::DescriptionRequired));
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
            Err(e) => error.set(Some(FormError::Refused(e))),
        }
    };
    let options = move || {
        let selected = reason.get_untracked();
        DisputeReason::ALL
            .iter()
            .map(|r| view! { <option value=r.as_str() selected=*r == selected>{i18n::dispute_reason(i18n, *r)}</option> })
            .collect_view()
    };
    view! {
        <form class="card form" data-testid="dispute-form" on:submit=on_submit>
            <h2>{t!(i18n, txn.form.title)}</h2>
            <label class="field">
                <span>{t!(i18n, txn.form.reason)}</span>
                <select data-testid="dispute-reason" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    if let Some(r) = DisputeReason::ALL.iter().copied().find(|r| r.as_str() == v) { reason.set(r) }
                }>
                    {options}
                </select>
            </label>
            <label class="field">
                <span>{t!(i18n, txn.form.what_happened)}</span>
                <textarea data-testid="dispute-description" rows="3" maxlength="500" bind:value=description
                    aria-invalid=move || error.get().is_some().to_string()></textarea>
            </label>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="form-error">{form_error(i18n, e)}</p> })}
            <button type="submit" class="button" data-testid="dispute-submit">{t!(i18n, txn.form.submit)}</button>
        </form>
    }
}
