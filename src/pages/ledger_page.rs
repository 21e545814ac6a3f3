use crate::components::filter_select::FilterSelect;
use crate::components::status_class;
use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{self, t, t_string, use_i18n, I18n};
use crate::pages::not_yours_page::NotYoursPage;
use crate::platform;
use crate::routes::use_parsed_query;
use crate::routes::use_replace_url;
use crate::routes::AppRoute;
use bankdash_domain::format::Lang;
use bankdash_domain::ledger::{self, LedgerQuery, QueryProblem, SortField};
use bankdash_domain::model::{Category, Channel, Direction, TxnStatus};
use leptos::prelude::*;
use leptos_router::components::A;

/// The ledger: filters, search and sort live in the URL so a view can be shared.
#[component]
pub fn LedgerPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let parsed = use_parsed_query(|pairs| LedgerQuery::from_pairs(pairs.iter().copied()));
    let query = Memo::new(move |_| parsed.get().0);
    let navigate = use_replace_url();
    let go = Callback::new(move |q: LedgerQuery| {
        let href = AppRoute::Ledger {
            customer_id: customer.id.get_untracked(),
            query: q,
        }
        .href();
        navigate(&href);
    });
    // Any filter change starts again on page 1.
    let set = move |f: Box<dyn Fn(&mut LedgerQuery)>| {
        let mut q = query.get_untracked();
        f(&mut q);
        q.page = 1;
        go.run(q);
    };
    let problems = move || {
        let mut problems: Vec<Problem> = parsed.get().1.into_iter().map(Problem::Invalid).collect();
        let q = query.get();
        if let Some(acc) = &q.account_id {
            let id = customer.id.get();
            let mine = data.data.with(|ds| {
                ds.accounts
                    .iter()
                    .any(|a| &a.account_id == acc && a.customer_id == id)
            });
            if !mine {
                problems.push(Problem::ForeignAccount(acc.clone()));
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

    let select = move |label: String,
                       testid: &'static str,
                       current: Option<&'static str>,
                       values: Vec<(&'static str, String)>,
                       apply: fn(&mut LedgerQuery, &str)| {
        let on_pick = Callback::new(move |v: String| set(Box::new(move |q| apply(q, &v))));
        let all = t_string!(i18n, ledger.filter.all).to_string();
        view! { <FilterSelect label testid all current values on_pick/> }
    };
    let filters = move || {
        let q = query.get();
        let id = customer.id.get();
        let accounts: Vec<(String, String)> = data.data.with(|ds| {
            ds.accounts
                .iter()
                .filter(|a| a.customer_id == id)
                .map(|a| (a.account_id.clone(), a.account_name.clone()))
                .collect()
        });
        let account_current = q.account_id.clone();
        let on_account = move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            set(Box::new(move |q| {
                q.account_id = (!v.is_empty()).then(|| v.clone())
            }));
        };
        let date_input =
            move |label: String,
                  testid: &'static str,
                  value: Option<chrono::NaiveDate>,
                  apply: fn(&mut LedgerQuery, Option<chrono::NaiveDate>)| {
                view! {
                    <label class="field">
                        <span>{label}</span>
                        <input type="date" data-testid=testid value=value.map(|d| d.to_string()).unwrap_or_default()
                            on:change=move |ev| {
                                let v = event_target_value(&ev);
                                let d = bankdash_domain::time::parse_date(&v);
                                set(Box::new(move |q| apply(q, d)));
                            }/>
                    </label>
                }
            };
        let search_value = q.search.clone();
        view! {
            <form class="filters" role="search" aria-label=move || t_string!(i18n, ledger.filters).to_string() on:submit=move |ev| {
                ev.prevent_default();
            }>
                <label class="field">
                    <span>{t!(i18n, ledger.filter.account)}</span>
                    <select data-testid="filter-account" on:change=on_account>
                        <option value="" selected=account_current.is_none()>{t!(i18n, ledger.filter.all_accounts)}</option>
                        {accounts.into_iter().map(|(aid, name)| {
                            let sel = account_current.as_deref() == Some(aid.as_str());
                            view! { <option value=aid selected=sel translate="no">{name}</option> }
                        }).collect_view()}
                    </select>
                </label>
                {date_input(t_string!(i18n, ledger.filter.from).to_string(), "filter-from", q.from, |q, d| q.from = d)}
                {date_input(t_string!(i18n, ledger.filter.to).to_string(), "filter-to", q.to, |q, d| q.to = d)}
                {select(t_string!(i18n, ledger.filter.direction).to_string(), "filter-direction", q.direction.map(Direction::as_str),
                    Direction::ALL.iter().map(|d| (d.as_str(), i18n::direction(i18n, *d))).collect(),
                    |q, v| q.direction = Direction::ALL.iter().copied().find(|d| d.as_str() == v))}
                {select(t_string!(i18n, ledger.filter.status).to_string(), "filter-status", q.status.map(TxnStatus::as_str),
                    TxnStatus::ALL.iter().map(|d| (d.as_str(), i18n::txn_status(i18n, *d))).collect(),
                    |q, v| q.status = TxnStatus::ALL.iter().copied().find(|d| d.as_str() == v))}
                {select(t_string!(i18n, ledger.filter.category).to_string(), "filter-category", q.category.map(Category::as_str),
                    Category::ALL.iter().map(|d| (d.as_str(), i18n::category(i18n, *d))).collect(),
                    |q, v| q.category = Category::ALL.iter().copied().find(|d| d.as_str() == v))}
                {select(t_string!(i18n, ledger.filter.channel).to_string(), "filter-channel", q.channel.map(Channel::as_str),
                    Channel::ALL.iter().map(|d| (d.as_str(), i18n::channel(i18n, *d))).collect(),
                    |q, v| q.channel = Channel::ALL.iter().copied().find(|d| d.as_str() == v))}
                <label class="field grow">
                    <span>{t!(i18n, ledger.filter.search)}</span>
                    <input type="search" data-testid="filter-search" placeholder=move || t_string!(i18n, ledger.filter.search_placeholder).to_string()
                        value=search_value on:change=move |ev| {
                            let v = event_target_value(&ev).trim().to_owned();
                            set(Box::new(move |q| q.search = v.clone()));
                        }/>
                </label>
                <label class="field">
                    <span>{t!(i18n, ledger.filter.sort_by)}</span>
                    <select data-testid="sort-field" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        set(Box::new(move |q| q.sort = SortField::ALL.iter().copied().find(|s| s.as_str() == v).unwrap_or_default()));
                    }>
                        {SortField::ALL.iter().map(|s| view! { <option value=s.as_str() selected=q.sort == *s>{sort_label(i18n, *s)}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{t!(i18n, ledger.filter.order)}</span>
                    <select data-testid="sort-order" on:change=move |ev| {
                        let desc = event_target_value(&ev) != "asc";
                        set(Box::new(move |q| q.descending = desc));
                    }>
                        <option value="desc" selected=q.descending>{t!(i18n, ledger.filter.newest_first)}</option>
                        <option value="asc" selected=!q.descending>{t!(i18n, ledger.filter.oldest_first)}</option>
                    </select>
                </label>
                <div class="filter-actions">
                    <button type="button" class="button secondary" data-testid="clear-filters"
                        disabled=!q.is_filtered() on:click=move |_| go.run(LedgerQuery::default())>{t!(i18n, ledger.filter.clear)}</button>
                    <button type="button" class="button" data-testid="export-csv" on:click=export>{t!(i18n, ledger.filter.export)}</button>
                </div>
            </form>
        }
    };
    let table = move || {
        let ds = data.data.get();
        let q = query.get();
        let id = customer.id.get();
        let rows = ledger::run(&ds.transactions, &id, &q);
        let f = prefs.fmt();
        let total = rows.len();
        let pages = ledger::page_count(total);
        let page = q.page.clamp(1, pages);
        let body = ledger::page_slice(&rows, page)
            .iter()
            .map(|t| {
                let href = AppRoute::Transaction { customer_id: id.clone(), transaction_id: t.transaction_id.clone() }.link();
                let signed = t.signed_amount();
                let merchant = t.merchant_name.clone();
                view! {
                    <tr data-testid="ledger-row" data-transaction-id=t.transaction_id.clone() data-amount-fils=t.amount.fils()
                        data-direction=t.direction.as_str() data-status=t.status.as_str()>
                        <td class="nowrap">{f.datetime(&t.created_at)}</td>
                        <td><A href=href><bdi translate="no">{merchant}</bdi></A><span class="sub" translate="no">{t.description.clone()}</span></td>
                        <td>{i18n::category(i18n, t.category)}</td>
                        <td>{i18n::channel(i18n, t.channel)}</td>
                        <td><span class=status_class(t.status.as_str())>{i18n::txn_status(i18n, t.status)}</span></td>
                        <td class=if signed.is_negative() { "amount neg" } else { "amount pos" }>{f.money(signed)}</td>
                    </tr>
                }
            })
            .collect_view();
        let to_page = move |p: usize| {
            let mut q = query.get_untracked();
            q.page = p;
            go.run(q);
        };
        let count = |n: usize| f.number(i64::try_from(n).unwrap_or(i64::MAX));
        // Outside the view: a `>=` in an attribute would end the tag early.
        let (at_first, at_last) = (page <= 1, page >= pages);
        view! {
            <p class="result-count" data-testid="ledger-count" data-count=total aria-live="polite">
                {t!(i18n, ledger.count, count = count(total))}
            </p>
            {if total == 0 {
                let empty = if q.is_filtered() {
                    t!(i18n, ledger.empty_filtered).into_any()
                } else {
                    t!(i18n, ledger.empty).into_any()
                };
                view! { <p class="empty" data-testid="empty-state">{empty}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="table">
                            <caption class="visually-hidden">{t!(i18n, ledger.title)}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, ledger.col.date)}</th>
                                <th scope="col">{t!(i18n, ledger.col.merchant)}</th>
                                <th scope="col">{t!(i18n, ledger.col.category)}</th>
                                <th scope="col">{t!(i18n, ledger.col.channel)}</th>
                                <th scope="col">{t!(i18n, ledger.col.status)}</th>
                                <th scope="col" class="amount">{t!(i18n, ledger.col.amount)}</th>
                            </tr></thead>
                            <tbody>{body}</tbody>
                        </table>
                    </div>
                    <nav class="pager" aria-label=move || t_string!(i18n, ledger.pager.label).to_string()>
                        <button type="button" class="button secondary" data-testid="page-prev" disabled=at_first on:click=move |_| to_page(page - 1)>
                            {t!(i18n, ledger.pager.previous)}
                        </button>
                        <span data-testid="page-status">{t!(i18n, ledger.pager.status, page = count(page), pages = count(pages))}</span>
                        <button type="button" class="button secondary" data-testid="page-next" disabled=at_last on:click=move |_| to_page(page + 1)>
                            {t!(i18n, ledger.pager.next)}
                        </button>
                    </nav>
                }.into_any()
            }}
        }
    };
    let notice = move || {
        let problems = problems();
        let english = prefs.lang() == Lang::En;
        (!problems.is_empty()).then(|| {
            let items = problems
                .into_iter()
                .map(|p| {
                    let (param, value, message) = match p {
                        // The domain explains in English; other languages get a general message.
                        Problem::Invalid(QueryProblem { param, value, message }) if english => (param, value, message.into_any()),
                        Problem::Invalid(QueryProblem { param, value, .. }) => (param, value, t!(i18n, ledger.problems.invalid).into_any()),
                        Problem::ForeignAccount(value) => ("account".to_owned(), value, t!(i18n, ledger.problems.foreign_account).into_any()),
                    };
                    view! { <li><code translate="no" dir="ltr">{format!("{param}={value}")}</code> ": " {message}</li> }
                })
                .collect_view();
            view! {
                <div class="notice" role="alert" data-testid="query-problems">
                    <p>{t!(i18n, ledger.problems.intro)}</p>
                    <ul>{items}</ul>
                </div>
            }
        })
    };
    // A deep link to an account that is not the customer's shows nothing of it.
    let foreign = move || {
        problems()
            .iter()
            .any(|p| matches!(p, Problem::ForeignAccount(_)))
    };
    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, ledger.title).to_string())/>
        <Show when=move || !foreign() fallback=NotYoursPage>
            <section class="content">
                {notice}
                <div class="card">{filters}</div>
                <div class="card">{table}</div>
            </section>
        </Show>
    }
}

/// Why a filter from the address was not applied.
enum Problem {
    /// The domain could not read the value.
    Invalid(QueryProblem),
    /// `account=` names an account that is not the customer's.
    ForeignAccount(String),
}

fn sort_label(i18n: I18n, field: SortField) -> String {
    match field {
        SortField::Date => t_string!(i18n, ledger.sort.date).to_string(),
        SortField::Amount => t_string!(i18n, ledger.sort.amount).to_string(),
        SortField::Merchant => t_string!(i18n, ledger.sort.merchant).to_string(),
    }
}
