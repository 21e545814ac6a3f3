use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::platform;
use crate::routes::AppRoute;
use bankdash_domain::ledger::{self, LedgerQuery, QueryProblem, SortField};
use bankdash_domain::model::{Category, Channel, Direction, TxnStatus};
use bankdash_domain::time::format_datetime;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

/// The ledger: filters, search and sort live in the URL so a view can be shared.
#[component]
pub fn LedgerPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let query_map = use_query_map();
    let parsed = Memo::new(move |_| {
        query_map.with(|m| {
            let pairs: Vec<(String, String)> = m.clone().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            LedgerQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        })
    });
    let query = Memo::new(move |_| parsed.get().0);
    let navigate = use_navigate();
    let go = Callback::new(move |q: LedgerQuery| {
        let href = AppRoute::Ledger { customer_id: customer.id.get_untracked(), query: q }.href();
        navigate(&href, NavigateOptions { replace: true, scroll: false, ..Default::default() });
    });
    // Any filter change starts again on page 1.
    let set = move |f: Box<dyn Fn(&mut LedgerQuery)>| {
        let mut q = query.get_untracked();
        f(&mut q);
        q.page = 1;
        go.run(q);
    };
    let rows = Memo::new(move |_| {
        let ds = data.data.get();
        let q = query.get();
        let ids: Vec<String> = ledger::run(&ds.transactions, &customer.id.get(), &q).iter().map(|t| t.transaction_id.clone()).collect();
        ids
    });
    let problems = move || {
        let mut problems: Vec<QueryProblem> = parsed.get().1;
        let q = query.get();
        if let Some(acc) = &q.account_id {
            let id = customer.id.get();
            let mine = data.data.with(|ds| ds.accounts.iter().any(|a| &a.account_id == acc && a.customer_id == id));
            if !mine {
                problems.push(QueryProblem { param: "account".into(), value: acc.clone(), message: "is not one of this customer's accounts".into() });
            }
        }
        problems
    };
    let export = move |_| {
        let ds = data.data.get_untracked();
        let q = query.get_untracked();
        let rows = ledger::run(&ds.transactions, &customer.id.get_untracked(), &q);
        let csv = ledger::to_csv(&rows);
        if let Err(e) = platform::download("bankdash-transactions.csv", "text/csv", &csv) {
            leptos::logging::error!("CSV export failed: {e}");
        }
    };

    let select = move |label: &'static str, testid: &'static str, current: Option<&'static str>, values: Vec<(&'static str, String)>, apply: fn(&mut LedgerQuery, &str)| {
        let on_change = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            set(Box::new(move |q| apply(q, &v)));
        };
        view! {
            <label class="field">
                <span>{label}</span>
                <select data-testid=testid on:change=on_change>
                    <option value="" selected=current.is_none()>"All"</option>
                    {values.into_iter().map(|(v, text)| view! { <option value=v selected=current == Some(v)>{text}</option> }).collect_view()}
                </select>
            </label>
        }
    };
    let pretty = |s: &str| s.replace('_', " ").to_lowercase();
    let filters = move || {
        let q = query.get();
        let id = customer.id.get();
        let accounts: Vec<(String, String)> = data.data.with(|ds| {
            ds.accounts.iter().filter(|a| a.customer_id == id).map(|a| (a.account_id.clone(), a.account_name.clone())).collect()
        });
        let account_current = q.account_id.clone();
        let on_account = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            set(Box::new(move |q| q.account_id = (!v.is_empty()).then(|| v.clone())));
        };
        let date_input = move |label: &'static str, testid: &'static str, value: Option<chrono::NaiveDate>, apply: fn(&mut LedgerQuery, Option<chrono::NaiveDate>)| {
            view! {
                <label class="field">
                    <span>{label}</span>
                    <input type="date" data-testid=testid value=value.map(|d| d.to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let d = chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d").ok();
                            set(Box::new(move |q| apply(q, d)));
                        }/>
                </label>
            }
        };
        let search_value = q.search.clone();
        view! {
            <form class="filters" role="search" aria-label="Filter transactions" on:submit=move |ev| {
                ev.prevent_default();
            }>
                <label class="field">
                    <span>"Account"</span>
                    <select data-testid="filter-account" on:change=on_account>
                        <option value="" selected=account_current.is_none()>"All accounts"</option>
                        {accounts.into_iter().map(|(aid, name)| {
                            let sel = account_current.as_deref() == Some(aid.as_str());
                            view! { <option value=aid selected=sel>{name}</option> }
                        }).collect_view()}
                    </select>
                </label>
                {date_input("From", "filter-from", q.from, |q, d| q.from = d)}
                {date_input("To", "filter-to", q.to, |q, d| q.to = d)}
                {select("Direction", "filter-direction", q.direction.map(Direction::as_str),
                    Direction::ALL.iter().map(|d| (d.as_str(), pretty(d.as_str()))).collect(),
                    |q, v| q.direction = Direction::ALL.iter().copied().find(|d| d.as_str() == v))}
                {select("Status", "filter-status", q.status.map(TxnStatus::as_str),
                    TxnStatus::ALL.iter().map(|d| (d.as_str(), pretty(d.as_str()))).collect(),
                    |q, v| q.status = TxnStatus::ALL.iter().copied().find(|d| d.as_str() == v))}
                {select("Category", "filter-category", q.category.map(Category::as_str),
                    Category::ALL.iter().map(|d| (d.as_str(), pretty(d.as_str()))).collect(),
                    |q, v| q.category = Category::ALL.iter().copied().find(|d| d.as_str() == v))}
                {select("Channel", "filter-channel", q.channel.map(Channel::as_str),
                    Channel::ALL.iter().map(|d| (d.as_str(), pretty(d.as_str()))).collect(),
                    |q, v| q.channel = Channel::ALL.iter().copied().find(|d| d.as_str() == v))}
                <label class="field grow">
                    <span>"Search"</span>
                    <input type="search" data-testid="filter-search" placeholder="Merchant, description or reference"
                        value=search_value on:change=move |ev| {
                            let v = event_target_value(&ev).trim().to_owned();
                            set(Box::new(move |q| q.search = v.clone()));
                        }/>
                </label>
                <label class="field">
                    <span>"Sort by"</span>
                    <select data-testid="sort-field" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set(Box::new(move |q| q.sort = SortField::ALL.iter().copied().find(|s| s.as_str() == v).unwrap_or_default()));
                    }>
                        {SortField::ALL.iter().map(|s| view! { <option value=s.as_str() selected=q.sort == *s>{s.as_str()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>"Order"</span>
                    <select data-testid="sort-order" on:change=move |ev| {
                        let desc = event_target_value(&ev) != "asc";
                        set(Box::new(move |q| q.descending = desc));
                    }>
                        <option value="desc" selected=q.descending>"Newest / largest first"</option>
                        <option value="asc" selected=!q.descending>"Oldest / smallest first"</option>
                    </select>
                </label>
                <div class="filter-actions">
                    <button type="button" class="button secondary" data-testid="clear-filters"
                        disabled=!q.is_filtered() on:click=move |_| go.run(LedgerQuery::default())>"Clear filters"</button>
                    <button type="button" class="button" data-testid="export-csv" on:click=export>"Export CSV"</button>
                </div>
            </form>
        }
    };
    let table = move || {
        let ds = data.data.get();
        let q = query.get();
        let ids = rows.get();
        let total = ids.len();
        let pages = ledger::page_count(total);
        let page = q.page.clamp(1, pages);
        let index: std::collections::HashMap<&str, &bankdash_domain::model::Transaction> =
            ds.transactions.iter().map(|t| (t.transaction_id.as_str(), t)).collect();
        let start = (page - 1) * ledger::PAGE_SIZE;
        let id = customer.id.get();
        let body = ids
            .iter()
            .skip(start)
            .take(ledger::PAGE_SIZE)
            .filter_map(|tid| index.get(tid.as_str()).copied())
            .map(|t| {
                let href = AppRoute::Transaction { customer_id: id.clone(), transaction_id: t.transaction_id.clone() }.href();
                let signed = t.signed_amount();
                let merchant = t.merchant_name.clone();
                view! {
                    <tr data-testid="ledger-row" data-transaction-id=t.transaction_id.clone() data-amount-fils=t.amount.fils()
                        data-direction=t.direction.as_str() data-status=t.status.as_str()>
                        <td class="nowrap">{format_datetime(&t.created_at)}</td>
                        <td><A href=href>{merchant}</A><span class="sub">{t.description.clone()}</span></td>
                        <td>{t.category.as_str().to_lowercase()}</td>
                        <td>{t.channel.as_str().replace('_', " ").to_lowercase()}</td>
                        <td><span class=format!("status status-{}", t.status.as_str().to_lowercase())>{t.status.as_str()}</span></td>
                        <td class=if signed.is_negative() { "amount neg" } else { "amount pos" }>{signed.to_string()}</td>
                    </tr>
                }
            })
            .collect_view();
        let to_page = move |p: usize| {
            let mut q = query.get_untracked();
            q.page = p;
            go.run(q);
        };
        view! {
            <p class="result-count" data-testid="ledger-count" data-count=total aria-live="polite">
                {format!("{total} transaction{}", if total == 1 { "" } else { "s" })}
            </p>
            {if total == 0 {
                view! { <p class="empty" data-testid="empty-state">{if q.is_filtered() { "No transactions match these filters." } else { "No transactions yet." }}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="table">
                            <caption class="visually-hidden">"Transactions"</caption>
                            <thead><tr>
                                <th scope="col">"Date"</th><th scope="col">"Merchant"</th><th scope="col">"Category"</th>
                                <th scope="col">"Channel"</th><th scope="col">"Status"</th><th scope="col" class="amount">"Amount"</th>
                            </tr></thead>
                            <tbody>{body}</tbody>
                        </table>
                    </div>
                    <nav class="pager" aria-label="Pages">
                        <button type="button" class="button secondary" data-testid="page-prev" disabled=page <= 1 on:click=move |_| to_page(page - 1)>"Previous"</button>
                        <span data-testid="page-status">{format!("Page {page} of {pages}")}</span>
                        <button type="button" class="button secondary" data-testid="page-next" disabled=page >= pages on:click=move |_| to_page(page + 1)>"Next"</button>
                    </nav>
                }.into_any()
            }}
        }
    };
    view! {
        <TopBar title="Transactions"/>
        <section class="content">
            {move || {
                let problems = problems();
                (!problems.is_empty()).then(|| view! {
                    <div class="notice" role="alert" data-testid="query-problems">
                        <p>"Some filters in the address were ignored:"</p>
                        <ul>{problems.into_iter().map(|p| view! { <li><code>{format!("{}={}", p.param, p.value)}</code> ": " {p.message}</li> }).collect_view()}</ul>
                    </div>
                })
            }}
            <div class="card">{filters}</div>
            <div class="card">{table}</div>
        </section>
    }
}
