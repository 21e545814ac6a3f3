use crate::components::spending_chart::SpendingChart;
use crate::components::status_class;
use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{self, t, t_string, use_i18n};
use crate::routes::AppRoute;
use bankdash_domain::format::Lang;
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
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let as_of = data.as_of;
    // The page renders only once the signed-in user's records are here, so this first run
    // (after the view below is mounted) is the first render of the total balance with data.
    Effect::new(move |_| mark_first_data());
    let body = move || {
        let ds = data.data.get();
        let id = customer.id.get();
        let f = prefs.fmt();
        let accounts = analytics::accounts_of(&ds, &id);
        let total = analytics::total_balance(&accounts);
        let month = YearMonth::of_date(as_of);
        let trend = spending::monthly_spending(&ds, &id, as_of);
        let categories = spending::spending_by_category(&ds, &id, month);
        let flows = spending::income_vs_spending(&ds, &id, month);
        let merchants = spending::top_merchants(&ds, &id, as_of, 5);
        let arabic = prefs.lang() == Lang::Ar;
        let name = ds
            .customers
            .iter()
            .find(|c| c.customer_id == id)
            .map(|c| {
                if arabic {
                    c.full_name_ar()
                } else {
                    c.full_name_en()
                }
            })
            .unwrap_or_default();

        let type_cards = analytics::balance_by_type(&accounts)
            .into_iter()
            .map(|(ty, amount)| view! {
                <div class="card stat" data-testid="balance-by-type" data-account-type=ty.as_str()>
                    <span class="label">{i18n::account_type(i18n, ty)}</span>
                    <span class="value" data-amount-fils=amount.fils()>{f.money(amount)}</span>
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
                        <td>
                            <A href=ledger.link()><bdi translate="no">{name}</bdi></A>
                            <span class="sub">{i18n::account_type(i18n, a.account_type)}</span>
                        </td>
                        <td class="mono"><bdi translate="no" dir="ltr">{kuwait::mask_iban(&a.iban)}</bdi></td>
                        <td><span class=status_class(a.status.as_str())>{i18n::account_status(i18n, a.status)}</span></td>
                        <td class="amount" data-amount-fils=a.balance.fils()>{f.money(a.balance)}</td>
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
                        <span class="cat">{i18n::category(i18n, *cat)}</span>
                        <span class="bar" aria-hidden="true"><span style=format!("width:{width}%")></span></span>
                        <span class="amount">{f.money(*amount)}</span>
                    </li>
                }
            })
            .collect_view();
        let merchant_rows = merchants
            .iter()
            .map(|m| view! {
                <tr data-testid="top-merchant" data-amount-fils=m.amount.fils()>
                    <td><bdi translate="no">{m.merchant.clone()}</bdi><span class="sub">{i18n::category(i18n, m.category)}</span></td>
                    <td class="num">{f.number(i64::try_from(m.count).unwrap_or(i64::MAX))}</td>
                    <td class="amount">{f.money(m.amount)}</td>
                </tr>
            })
            .collect_view();
        let net = flows.net();
        view! {
            <div class="overview-grid">
                <div class="card balance-card">
                    <span class="label">{t!(i18n, overview.total_balance)}</span>
                    <span class="value" data-testid="total-balance" data-amount-fils=total.fils()>{f.money(total)}</span>
                    <span class="holder" translate="no">{name}</span>
                </div>
                <div class="type-cards">{type_cards}</div>
            </div>
            <div class="card">
                <h2>{t!(i18n, overview.accounts)}</h2>
                {if accounts.is_empty() {
                    view! { <p class="empty" data-testid="empty-state">{t!(i18n, overview.no_accounts)}</p> }.into_any()
                } else {
                    view! {
                        <table class="table">
                            <caption class="visually-hidden">{t!(i18n, overview.accounts)}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, overview.col.account)}</th>
                                <th scope="col">{t!(i18n, overview.col.iban)}</th>
                                <th scope="col">{t!(i18n, overview.col.status)}</th>
                                <th scope="col" class="amount">{t!(i18n, overview.col.balance)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    }.into_any()
                }}
            </div>
            <div class="two-col">
                <div class="card">
                    <h2>{t!(i18n, overview.monthly_spending)}</h2>
                    <SpendingChart points=trend/>
                </div>
                <div class="card">
                    <h2>{t!(i18n, overview.this_month, month = f.month(month))}</h2>
                    <dl class="flows" data-testid="income-vs-spending">
                        <div><dt>{t!(i18n, overview.income)}</dt><dd class="pos" data-testid="month-income" data-amount-fils=flows.income.fils()>{f.money(flows.income)}</dd></div>
                        <div><dt>{t!(i18n, overview.spending)}</dt><dd class="neg" data-testid="month-spending" data-amount-fils=flows.spending.fils()>{f.money(flows.spending)}</dd></div>
                        <div><dt>{t!(i18n, overview.net)}</dt><dd data-amount-fils=net.fils()>{f.money(net)}</dd></div>
                    </dl>
                    <h3>{t!(i18n, overview.by_category)}</h3>
                    {if categories.is_empty() {
                        view! { <p class="empty">{t!(i18n, overview.no_spending_month)}</p> }.into_any()
                    } else {
                        view! { <ul class="categories">{category_rows}</ul> }.into_any()
                    }}
                </div>
            </div>
            <div class="card">
                <h2>{t!(i18n, overview.top_merchants)}</h2>
                {if merchants.is_empty() {
                    view! { <p class="empty">{t!(i18n, overview.no_spending_year)}</p> }.into_any()
                } else {
                    view! {
                        <table class="table">
                            <thead><tr>
                                <th scope="col">{t!(i18n, overview.col.merchant)}</th>
                                <th scope="col" class="num">{t!(i18n, overview.col.payments)}</th>
                                <th scope="col" class="amount">{t!(i18n, overview.col.spent)}</th>
                            </tr></thead>
                            <tbody>{merchant_rows}</tbody>
                        </table>
                    }.into_any()
                }}
            </div>
        }
    };
    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, overview.title).to_string())/>
        <section class="content">{body}</section>
    }
}

/// Sets the `bankdash:first-data` performance mark the first time an overview has rendered
/// with data, once per page load: `scripts/bench.sh` reads it as "first data render".
fn mark_first_data() {
    use std::sync::atomic::{AtomicBool, Ordering};
    static MARKED: AtomicBool = AtomicBool::new(false);
    if MARKED.swap(true, Ordering::Relaxed) {
        return;
    }
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        let _ = performance.mark("bankdash:first-data");
    }
}
