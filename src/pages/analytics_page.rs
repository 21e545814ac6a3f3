use crate::components::top_bar::TopBar;
use crate::contexts::data::DataInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{self, t, t_string, use_i18n};
use bankdash_domain::analytics;
use leptos::prelude::*;

/// Bank-wide figures for analysts: how many customers and accounts, and deposits by
/// account type.
#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let figures = Memo::new(move |_| {
        data.data.with(|ds| {
            let accounts: Vec<_> = ds.accounts.iter().collect();
            (
                ds.customers.len(),
                accounts.len(),
                ds.transactions.len(),
                analytics::total_balance(&accounts),
                analytics::balance_by_type(&accounts),
            )
        })
    });
    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, analytics.title).to_string())/>
        <section class="content" data-testid="analytics-home">
            {move || {
                let (customers, accounts, transactions, total, by_type) = figures.get();
                let f = prefs.fmt();
                let count = |testid: &'static str, label: String, n: usize| view! {
                    <div class="card stat" data-testid=testid data-count=n>
                        <span class="label">{label}</span>
                        <span class="value">{f.number(n as i64)}</span>
                    </div>
                };
                view! {
                    <div class="overview-grid">
                        <div class="card balance-card" data-testid="analytics-deposits" data-amount-fils=total.fils()>
                            <span class="label">{t!(i18n, analytics.deposits)}</span>
                            <span class="value">{f.money(total)}</span>
                        </div>
                        <div class="type-cards">
                            {count("analytics-customers", t_string!(i18n, analytics.customers).to_string(), customers)}
                            {count("analytics-accounts", t_string!(i18n, analytics.accounts).to_string(), accounts)}
                            {count("analytics-transactions", t_string!(i18n, analytics.transactions).to_string(), transactions)}
                        </div>
                    </div>
                    <div class="card">
                        <h2>{t!(i18n, analytics.by_type)}</h2>
                        <table>
                            <thead><tr><th scope="col">{t!(i18n, analytics.account_type)}</th><th scope="col">{t!(i18n, analytics.balance)}</th></tr></thead>
                            <tbody>
                                {by_type.into_iter().map(|(kind, amount)| view! {
                                    <tr data-testid="deposits-by-type" data-type=kind.as_str()>
                                        <th scope="row">{i18n::account_type(i18n, kind)}</th>
                                        <td class="amount" data-amount-fils=amount.fils()>{f.money(amount)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
            }}
        </section>
    }
}
