use crate::components::spending_chart::SpendingChart;
use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::routes::AppRoute;
use bankdash_domain::ledger::LedgerQuery;
use bankdash_domain::time::YearMonth;
use bankdash_domain::{analytics, kuwait, spending};
use leptos::prelude::*;
use leptos_router::components::A;

/// A customer's financial health: balances, accounts, spending trend and breakdowns.
#[component]
pub fn OverviewPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let as_of = data.as_of;
    let body = move || {
        let ds = data.data.get();
        let id = customer.id.get();
        let accounts = analytics::accounts_of(&ds, &id);
        let total = analytics::total_balance(&accounts);
        let month = YearMonth::of_date(as_of);
        let trend = spending::monthly_spending(&ds, &id, as_of);
        let categories = spending::spending_by_category(&ds, &id, month);
        let flows = spending::income_vs_spending(&ds, &id, month);
        let merchants = spending::top_merchants(&ds, &id, as_of, 5);
        let name = ds.customers.iter().find(|c| c.customer_id == id).map(|c| c.full_name_en()).unwrap_or_default();

        let type_cards = analytics::balance_by_type(&accounts)
            .into_iter()
            .map(|(ty, amount)| view! {
                <div class="card stat" data-testid="balance-by-type" data-account-type=ty.as_str()>
                    <span class="label">{ty.as_str().replace('_', " ")}</span>
                    <span class="value" data-amount-fils=amount.fils()>{amount.to_string()}</span>
                </div>
            })
            .collect_view();
        let rows = accounts
            .iter()
            .map(|a| {
                let ledger = AppRoute::Ledger {
                    customer_id: id.clone(),
                    query: LedgerQuery { account_id: Some(a.account_id.clone()), ..LedgerQuery::default() },
                };
                let name = a.account_name.clone();
                view! {
                    <tr data-testid="account-row" data-account-id=a.account_id.clone()>
                        <td><A href=ledger.href()>{name}</A><span class="sub">{a.account_type.as_str().replace('_', " ")}</span></td>
                        <td class="mono">{kuwait::mask_iban(&a.iban)}</td>
                        <td><span class=format!("status status-{}", a.status.as_str().to_lowercase())>{a.status.as_str()}</span></td>
                        <td class="amount" data-amount-fils=a.balance.fils()>{a.balance.to_string()}</td>
                    </tr>
                }
            })
            .collect_view();
        let max_cat = categories.first().map(|c| c.1.fils()).unwrap_or(1).max(1);
        let category_rows = categories
            .iter()
            .map(|(cat, amount)| {
                let width = amount.fils() * 100 / max_cat;
                view! {
                    <li data-testid="category-row" data-category=cat.as_str() data-amount-fils=amount.fils()>
                        <span class="cat">{cat.as_str().to_lowercase()}</span>
                        <span class="bar" aria-hidden="true"><span style=format!("width:{width}%")></span></span>
                        <span class="amount">{amount.to_string()}</span>
                    </li>
                }
            })
            .collect_view();
        let merchant_rows = merchants
            .iter()
            .map(|m| view! {
                <tr data-testid="top-merchant" data-amount-fils=m.amount.fils()>
                    <td>{m.merchant.clone()}<span class="sub">{m.category.as_str().to_lowercase()}</span></td>
                    <td class="num">{m.count}</td>
                    <td class="amount">{m.amount.to_string()}</td>
                </tr>
            })
            .collect_view();
        let net = flows.net();
        view! {
            <div class="overview-grid">
                <div class="card balance-card">
                    <span class="label">"Total balance"</span>
                    <span class="value" data-testid="total-balance" data-amount-fils=total.fils()>{total.to_string()}</span>
                    <span class="holder">{name}</span>
                </div>
                <div class="type-cards">{type_cards}</div>
            </div>
            <div class="card">
                <h2>"Accounts"</h2>
                {if accounts.is_empty() {
                    view! { <p class="empty" data-testid="empty-state">"This customer has no accounts."</p> }.into_any()
                } else {
                    view! {
                        <table class="table">
                            <caption class="visually-hidden">"Accounts"</caption>
                            <thead><tr><th scope="col">"Account"</th><th scope="col">"IBAN"</th><th scope="col">"Status"</th><th scope="col" class="amount">"Balance"</th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }.into_any()
                }}
            </div>
            <div class="two-col">
                <div class="card">
                    <h2>"Monthly spending"</h2>
                    <SpendingChart points=trend/>
                </div>
                <div class="card">
                    <h2>{format!("This month ({month})")}</h2>
                    <dl class="flows" data-testid="income-vs-spending">
                        <div><dt>"Income"</dt><dd class="pos" data-testid="month-income" data-amount-fils=flows.income.fils()>{flows.income.to_string()}</dd></div>
                        <div><dt>"Spending"</dt><dd class="neg" data-testid="month-spending" data-amount-fils=flows.spending.fils()>{flows.spending.to_string()}</dd></div>
                        <div><dt>"Net"</dt><dd data-amount-fils=net.fils()>{net.to_string()}</dd></div>
                    </dl>
                    <h3>"By category"</h3>
                    {if categories.is_empty() {
                        view! { <p class="empty">"No spending yet this month."</p> }.into_any()
                    } else {
                        view! { <ul class="categories">{category_rows}</ul> }.into_any()
                    }}
                </div>
            </div>
            <div class="card">
                <h2>"Top merchants (12 months)"</h2>
                {if merchants.is_empty() {
                    view! { <p class="empty">"No spending in the last 12 months."</p> }.into_any()
                } else {
                    view! {
                        <table class="table">
                            <thead><tr><th scope="col">"Merchant"</th><th scope="col" class="num">"Payments"</th><th scope="col" class="amount">"Spent"</th></tr></thead>
                            <tbody>{merchant_rows}</tbody>
                        </table>
                    }.into_any()
                }}
            </div>
        }
    };
    view! {
        <TopBar title="Overview"/>
        <section class="content">{body}</section>
    }
}
