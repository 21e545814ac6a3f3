use crate::components::top_bar::TopBar;
use crate::contexts::dataset::DatasetInjection;
use crate::routes::{AppRoute, CustomerParams};
use bankdash_domain::{analytics, kuwait};
use leptos::prelude::*;
use leptos_router::hooks::use_params;

/// A customer's financial overview: total balance, balance per type, accounts.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let params = use_params::<CustomerParams>();
    let customer_id = move || params.read().as_ref().ok().and_then(|p| p.customer_id.clone()).unwrap_or_default();
    move || {
        let id = customer_id();
        view! { <CustomerOverview customer_id=id/> }
    }
}

#[component]
fn CustomerOverview(customer_id: String) -> impl IntoView {
    let ds = DatasetInjection::expect_context();
    let Some(customer) = ds.customers.iter().find(|c| c.customer_id == customer_id) else {
        return view! {
            <TopBar title="Overview"/>
            <section class="content empty" data-testid="customer-not-found" role="alert">
                <p>"No customer with id " <code>{customer_id.clone()}</code> " in this dataset."</p>
                <a href=AppRoute::CustomerPicker.href()>"Choose a customer"</a>
            </section>
        }
        .into_any();
    };
    let accounts = analytics::accounts_of(&ds, &customer_id);
    let total = analytics::total_balance(&accounts);
    let by_type = analytics::balance_by_type(&accounts);
    let rows = accounts
        .iter()
        .map(|a| {
            view! {
                <tr data-testid="account-row" data-account-id=a.account_id.clone()>
                    <td>{a.account_name.clone()}<span class="sub">{a.account_type.as_str().replace('_', " ")}</span></td>
                    <td class="mono">{kuwait::mask_iban(&a.iban)}</td>
                    <td><span class=format!("status status-{}", a.status.as_str().to_lowercase())>{a.status.as_str()}</span></td>
                    <td class="amount" data-amount-fils=a.balance.fils()>{a.balance.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    let type_cards = by_type
        .into_iter()
        .map(|(ty, amount)| {
            view! {
                <div class="card stat" data-testid="balance-by-type" data-account-type=ty.as_str()>
                    <span class="label">{ty.as_str().replace('_', " ")}</span>
                    <span class="value" data-amount-fils=amount.fils()>{amount.to_string()}</span>
                </div>
            }
        })
        .collect_view();
    view! {
        <TopBar title="Overview" customer_id=customer_id.clone()/>
        <section class="content">
            <div class="overview-grid">
                <div class="card balance-card">
                    <span class="label">"Total balance"</span>
                    <span class="value" data-testid="total-balance" data-amount-fils=total.fils()>{total.to_string()}</span>
                    <span class="holder">{customer.full_name_en()}</span>
                </div>
                {type_cards}
            </div>
            <div class="card">
                <h2>"Accounts"</h2>
                {if accounts.is_empty() {
                    view! { <p class="empty" data-testid="empty-state">"This customer has no accounts."</p> }.into_any()
                } else {
                    view! {
                        <table class="table">
                            <caption class="visually-hidden">"Accounts of " {customer.full_name_en()}</caption>
                            <thead><tr><th scope="col">"Account"</th><th scope="col">"IBAN"</th><th scope="col">"Status"</th><th scope="col" class="amount">"Balance"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }.into_any()
                }}
            </div>
        </section>
    }
    .into_any()
}
