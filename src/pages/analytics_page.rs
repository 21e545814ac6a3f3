use crate::background::use_background;
use crate::components::bar_chart::{BarChart, BarPanel, BarPoint};
use crate::components::live_controls::LiveControls;
use crate::components::loading::Computing;
use crate::components::top_bar::TopBar;
use crate::contexts::data::DataInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{self, t, t_string, use_i18n, I18n};
use crate::pages::alerts_page::{rule_name, use_risk_alerts};
use crate::platform;
use crate::routes::{query_string, use_parsed_query, use_replace_url, AppRoute};
use bankdash_domain::bank::{
    self, Activity, AgeBand, BalanceTier, BankFilter, BankSummary, BankTable, CustomerRow, MixRow,
};
use bankdash_domain::format::{Formatter, Lang};
use bankdash_domain::ledger::QueryProblem;
use bankdash_domain::model::{Channel, Segment};
use bankdash_domain::money::Money;
use bankdash_domain::risk;
use bankdash_domain::time::YearMonth;
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_router::components::A;

/// Bank-wide figures for analysts: customers, accounts and deposits, transactions per
/// day, customer segmentation and the transaction mix, all under the filters in the
/// URL (`?from=&to=&segment=&channel=`, see `bank::BankFilter`). Every table exports
/// to CSV.
#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    // Live mode moves "today" on: the 90-day window follows its clock.
    let as_of = crate::contexts::live::as_of();
    let parsed = use_parsed_query(|pairs| BankFilter::from_pairs(pairs.iter().copied()));
    let filter = Memo::new(move |_| parsed.get().0);
    // The heavy computations run in the background, again when the data or the
    // filter change; the page shows the previous figures (aria-busy) meanwhile.
    // Alerts by rule and severity, under the same filters.
    let alerts = use_risk_alerts();
    let alert_counts = Memo::new(move |_| {
        let f = filter.get();
        alerts.value.with(|all| {
            all.as_ref().map(|all| {
                data.data
                    .with(|ds| risk::counts(bank::filter_alerts(ds, &f, all)))
            })
        })
    });
    let summary = use_background(
        move || (data.data.get(), as_of.get(), filter.get()),
        |(ds, as_of, f), alive| async move { alive.get().then(|| bank::summary(&ds, as_of, &f)) },
    );
    let busy = move || (summary.busy.get() || alerts.busy.get()).to_string();
    let navigate = use_replace_url();
    let go = Callback::new(move |f: BankFilter| {
        let href = format!(
            "{}{}",
            AppRoute::Analytics.href(),
            query_string(&f.to_pairs())
        );
        navigate(&href);
    });
    let update = move |change: &dyn Fn(&mut BankFilter)| {
        let mut f = filter.get_untracked();
        change(&mut f);
        go.run(f);
    };
    let export = Callback::new(move |table: BankTable| {
        let Some(csv) = summary
            .value
            .with_untracked(|s| s.as_ref().map(|s| s.to_csv(table)))
        else {
            return;
        };
        if let Err(e) = platform::download(&table.file_name(), "text/csv", &csv) {
            leptos::logging::error!("CSV export failed: {e}");
        }
    });

    let notice = move || {
        let problems = parsed.get().1;
        let english = prefs.lang() == Lang::En;
        (!problems.is_empty()).then(|| {
            let items = problems
                .into_iter()
                .map(|QueryProblem { param, value, message }| {
                    // The domain explains in English; other languages get a general message.
                    let message = if english {
                        message.into_any()
                    } else {
                        t!(i18n, analytics.problems.invalid).into_any()
                    };
                    view! { <li><code translate="no" dir="ltr">{format!("{param}={value}")}</code> ": " {message}</li> }
                })
                .collect_view();
            view! {
                <div class="notice" role="alert" data-testid="query-problems">
                    <p>{t!(i18n, analytics.problems.intro)}</p>
                    <ul>{items}</ul>
                </div>
            }
        })
    };

    let filters = move || {
        let fl = filter.get();
        let f = prefs.fmt();
        let iso = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        let parse =
            |ev: &leptos::ev::Event| bankdash_domain::time::parse_date(&event_target_value(ev));
        let period = match (fl.from, fl.to) {
            (None, None) => t_string!(i18n, analytics.period.all).to_string(),
            (Some(a), Some(b)) => {
                t_string!(i18n, analytics.period.range, from = f.day(a), to = f.day(b)).to_string()
            }
            (Some(a), None) => t_string!(i18n, analytics.period.from, from = f.day(a)).to_string(),
            (None, Some(b)) => t_string!(i18n, analytics.period.to, to = f.day(b)).to_string(),
        };
        view! {
            <form class="filters" role="search" aria-label=move || t_string!(i18n, analytics.filters.label).to_string()
                on:submit=|ev| ev.prevent_default()>
                <label class="field">
                    <span>{t!(i18n, analytics.filters.from)}</span>
                    <input type="date" data-testid="filter-from" value=iso(fl.from) max=iso(fl.to)
                        on:change=move |ev| { let d = parse(&ev); update(&|f| f.from = d) }/>
                </label>
                <label class="field">
                    <span>{t!(i18n, analytics.filters.to)}</span>
                    <input type="date" data-testid="filter-to" value=iso(fl.to) min=iso(fl.from)
                        on:change=move |ev| { let d = parse(&ev); update(&|f| f.to = d) }/>
                </label>
                <label class="field">
                    <span>{t!(i18n, analytics.filters.segment)}</span>
                    <select data-testid="filter-segment" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let s = Segment::ALL.iter().copied().find(|s| s.as_str() == v);
                        update(&|f| f.segment = s)
                    }>
                        <option value="" selected=fl.segment.is_none()>{t!(i18n, analytics.filters.all_segments)}</option>
                        {Segment::ALL.iter().map(|s| view! {
                            <option value=s.as_str() selected=fl.segment == Some(*s)>{i18n::segment(i18n, *s)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field">
                    <span>{t!(i18n, analytics.filters.channel)}</span>
                    <select data-testid="filter-channel" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        let c = Channel::ALL.iter().copied().find(|c| c.as_str() == v);
                        update(&|f| f.channel = c)
                    }>
                        <option value="" selected=fl.channel.is_none()>{t!(i18n, analytics.filters.all_channels)}</option>
                        {Channel::ALL.iter().map(|c| view! {
                            <option value=c.as_str() selected=fl.channel == Some(*c)>{i18n::channel(i18n, *c)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <div class="filter-actions">
                    <button type="button" class="button secondary" data-testid="filter-reset"
                        disabled=!fl.is_filtered() on:click=move |_| go.run(BankFilter::default())>
                        {t!(i18n, analytics.filters.reset)}
                    </button>
                </div>
            </form>
            <p class="filter-note" data-testid="analytics-period">
                {t!(i18n, analytics.period.label)} " " <strong>{period}</strong>
            </p>
            <p class="filter-note">{t!(i18n, analytics.filters.scope)}</p>
        }
    };

    let headline = move || {
        let f = prefs.fmt();
        summary.value.with(|s| {
            let Some(s) = s else {
                return view! { <Computing/> }.into_any();
            };
            let count = |testid: &'static str, label: String, n: usize| view! {
                <div class="card stat" data-testid=testid data-count=n>
                    <span class="label">{label}</span>
                    <span class="value">{number(&f, n)}</span>
                </div>
            };
            view! {
                <div class="overview-grid">
                    <div class="card balance-card" data-testid="analytics-deposits" data-amount-fils=s.deposits.fils()>
                        <span class="label">{t!(i18n, analytics.deposits)}</span>
                        <span class="value">{f.money(s.deposits)}</span>
                    </div>
                    <div class="type-cards">
                        {count("analytics-customers", t_string!(i18n, analytics.customers).to_string(), s.customers)}
                        {count("analytics-accounts", t_string!(i18n, analytics.accounts).to_string(), s.accounts)}
                        {count("analytics-transactions", t_string!(i18n, analytics.transactions).to_string(), s.transactions.count)}
                        <div class="card stat" data-testid="analytics-value">
                            <span class="label">{t!(i18n, analytics.completed_value)}</span>
                            <span class="value" data-amount-fils=s.transactions.value.fils()>{f.money(s.transactions.value)}</span>
                        </div>
                    </div>
                </div>
            }
            .into_any()
        })
    };

    let chart = move || {
        let f = prefs.fmt();
        let rtl = prefs.lang() == Lang::Ar;
        summary
            .value
            .with(|s| s.as_deref().map(|s| daily_chart(i18n, &f, rtl, s, export)))
    };

    let tables = move |which: &'static [BankTable]| {
        move || {
            let f = prefs.fmt();
            summary.value.with(|s| {
                s.as_deref().map(|s| {
                    which
                        .iter()
                        .map(|table| table_card(i18n, table_spec(i18n, &f, s, *table), export))
                        .collect_view()
                })
            })
        }
    };

    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, analytics.title).to_string())/>
        <section class="content" data-testid="analytics-home" aria-busy=busy>
            <LiveControls/>
            {notice}
            <div class="card">{filters}</div>
            {headline}
            <div class="card">{chart}</div>
            {tables(&[BankTable::Deposits])}
            <h2 class="section-title">{t!(i18n, analytics.segmentation)}</h2>
            <div class="analytics-grid wide">
                {tables(&[BankTable::Segment, BankTable::Nationality, BankTable::AgeBand, BankTable::BalanceTier])}
            </div>
            <h2 class="section-title">{t!(i18n, analytics.mix)}</h2>
            <div class="analytics-grid">
                {tables(&[BankTable::Channel, BankTable::Category, BankTable::AuthMethod])}
            </div>
            <div class="card alerts-slot" data-testid="alerts-summary-slot">
                <h2>{t!(i18n, analytics.alerts.title)}</h2>
                {move || {
                    let Some(counts) = alert_counts.get() else {
                        return view! { <Computing/> }.into_any();
                    };
                    let f = prefs.fmt();
                    let rules = counts.by_rule.iter().map(|(rule, n)| view! {
                        <tr data-testid="bank-alert-rule" data-rule=rule.as_str() data-count=*n>
                            <th scope="row"><span class="tag" translate="no">{rule.as_str()}</span> " " {rule_name(i18n, *rule)}</th>
                            <td class="num">{number(&f, *n)}</td>
                        </tr>
                    }).collect_view();
                    let severities = counts.by_severity.iter().filter(|(_, n)| **n > 0).map(|(sev, n)| view! {
                        <tr data-testid="bank-alert-severity" data-severity=sev.as_str() data-count=*n>
                            <th scope="row">{i18n::severity(i18n, *sev)}</th>
                            <td class="num">{number(&f, *n)}</td>
                        </tr>
                    }).collect_view();
                    view! {
                        <p data-testid="bank-alert-total" data-count=counts.total>
                            {t!(i18n, analytics.alerts.total)} " " <strong class="num">{number(&f, counts.total)}</strong>
                        </p>
                        <div class="table-scroll"><table class="table">
                            <thead><tr><th scope="col">{t!(i18n, analytics.alerts.rule)}</th><th scope="col">{t!(i18n, analytics.alerts.count)}</th></tr></thead>
                            <tbody>{rules}</tbody>
                        </table></div>
                        <div class="table-scroll"><table class="table">
                            <thead><tr><th scope="col">{t!(i18n, analytics.alerts.severity)}</th><th scope="col">{t!(i18n, analytics.alerts.count)}</th></tr></thead>
                            <tbody>{severities}</tbody>
                        </table></div>
                    }
                    .into_any()
                }}
                <A href=AppRoute::Alerts.link()>{t!(i18n, analytics.alerts.open)}</A>
            </div>
        </section>
    }
}

/// A count in the reader's digits.
fn number(f: &Formatter, n: usize) -> String {
    f.number(i64::try_from(n).unwrap_or(i64::MAX))
}

/// "1 Nov" under the axis.
fn tick(f: &Formatter, d: NaiveDate) -> String {
    format!(
        "{} {}",
        f.digits(&d.day().to_string()),
        f.month_short(YearMonth::of_date(d))
    )
}

/// The daily chart (value and count panels) with its table alternative.
fn daily_chart(
    i18n: I18n,
    f: &Formatter,
    rtl: bool,
    s: &BankSummary,
    export: Callback<BankTable>,
) -> AnyView {
    let (Some(first), Some(last)) = (s.daily.first(), s.daily.last()) else {
        return view! { <p class="empty" data-testid="daily-empty">{t!(i18n, analytics.daily.empty)}</p> }
            .into_any();
    };
    let days = s.daily.len();
    let points: Vec<BarPoint> = s
        .daily
        .iter()
        .enumerate()
        .map(|(i, p)| {
            // Month starts (every other one for long ranges), or weekly for short ones.
            let shown = if days <= 31 {
                i % 7 == 3
            } else {
                p.date.day() == 1 && (days <= 200 || p.date.month() % 2 == 1)
            };
            BarPoint {
                key: p.date.to_string(),
                label: f.day(p.date),
                tick: shown.then(|| tick(f, p.date)),
            }
        })
        .collect();
    let values: Vec<i64> = s.daily.iter().map(|p| p.activity.value.fils()).collect();
    let counts: Vec<i64> = s
        .daily
        .iter()
        .map(|p| i64::try_from(p.activity.count).unwrap_or(i64::MAX))
        .collect();
    let peak_value = Money::from_fils(values.iter().copied().max().unwrap_or(0));
    let peak_count = counts.iter().copied().max().unwrap_or(0);
    let panels = vec![
        BarPanel {
            name: t_string!(i18n, analytics.col.value).to_string(),
            class: "bar-value",
            texts: s.daily.iter().map(|p| f.money(p.activity.value)).collect(),
            values,
            peak: t_string!(i18n, analytics.daily.peak, value = f.money(peak_value)).to_string(),
        },
        BarPanel {
            name: t_string!(i18n, analytics.col.transactions).to_string(),
            class: "bar-count",
            texts: s
                .daily
                .iter()
                .map(|p| number(f, p.activity.count))
                .collect(),
            values: counts,
            peak: t_string!(i18n, analytics.daily.peak, value = f.number(peak_count)).to_string(),
        },
    ];
    let title = t_string!(i18n, analytics.daily.title).to_string();
    let desc = t_string!(
        i18n,
        analytics.daily.desc,
        first = f.day(first.date),
        last = f.day(last.date)
    )
    .to_string();
    let rows = s
        .daily
        .iter()
        .map(|p| {
            view! {
                <tr data-testid="daily-row" data-date=p.date.to_string() data-count=p.activity.count
                    data-amount-fils=p.activity.value.fils()>
                    <th scope="row">{f.day(p.date)}</th>
                    <td class="num">{number(f, p.activity.count)}</td>
                    <td class="amount">{f.money(p.activity.value)}</td>
                </tr>
            }
        })
        .collect_view();
    let clipped = s.chart_clipped.then(|| {
        view! { <p class="filter-note">{t!(i18n, analytics.daily.clipped, days = number(f, days))}</p> }
    });
    let export_label =
        t_string!(i18n, analytics.table.export_label, table = title.clone()).to_string();
    view! {
        <div class="card-head">
            <h2>{title.clone()}</h2>
            <button type="button" class="button secondary small" data-testid="export-csv" data-table=BankTable::Daily.as_str()
                aria-label=export_label on:click=move |_| export.run(BankTable::Daily)>
                {t!(i18n, analytics.table.export)}
            </button>
        </div>
        {clipped}
        <BarChart id="daily-chart" testid="daily-chart" title=title desc=desc points=points panels=panels rtl=rtl>
            <details>
                <summary>{t!(i18n, analytics.daily.show_table)}</summary>
                <div class="table-scroll">
                    <table class="table" data-testid="daily-table">
                        <caption class="visually-hidden">{t!(i18n, analytics.daily.caption)}</caption>
                        <thead><tr>
                            <th scope="col">{t!(i18n, analytics.col.day)}</th>
                            <th scope="col" class="num">{t!(i18n, analytics.col.transactions)}</th>
                            <th scope="col" class="amount">{t!(i18n, analytics.col.value)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </BarChart>
    }
    .into_any()
}

/// A table as prepared text: what `table_card` draws.
struct TableSpec {
    table: BankTable,
    title: String,
    /// The first column's heading, then the figures' headings.
    headings: Vec<(String, &'static str)>,
    rows: Vec<RowSpec>,
}

struct RowSpec {
    /// The data's spelling (`data-key`).
    key: String,
    label: String,
    /// A code shown under the label as is (nationality).
    code: Option<String>,
    /// Customers, accounts or transactions: the row's headline count.
    count: usize,
    /// Balance or completed value: the row's headline amount.
    amount: Money,
    /// Customer groups: their transactions.
    activity: Option<Activity>,
    /// Figures after the label: text, class, and the fils of money cells.
    cells: Vec<(String, &'static str, Option<i64>)>,
}

fn money_cell(f: &Formatter, m: Money) -> (String, &'static str, Option<i64>) {
    (f.money(m), "amount", Some(m.fils()))
}

fn count_cell(f: &Formatter, n: usize) -> (String, &'static str, Option<i64>) {
    (number(f, n), "num", None)
}

fn table_spec(i18n: I18n, f: &Formatter, s: &BankSummary, table: BankTable) -> TableSpec {
    let head = |text: String, class: &'static str| (text, class);
    let customer_headings = |first: String| {
        vec![
            head(first, ""),
            head(t_string!(i18n, analytics.col.customers).to_string(), "num"),
            head(t_string!(i18n, analytics.col.balance).to_string(), "amount"),
            head(
                t_string!(i18n, analytics.col.transactions).to_string(),
                "num",
            ),
            head(t_string!(i18n, analytics.col.value).to_string(), "amount"),
        ]
    };
    let mix_headings = |first: String| {
        vec![
            head(first, ""),
            head(
                t_string!(i18n, analytics.col.transactions).to_string(),
                "num",
            ),
            head(t_string!(i18n, analytics.col.value).to_string(), "amount"),
        ]
    };
    fn customer_rows<K>(
        f: &Formatter,
        rows: &[CustomerRow<K>],
        key: impl Fn(&K) -> String,
        label: impl Fn(&K) -> (String, Option<String>),
    ) -> Vec<RowSpec> {
        rows.iter()
            .map(|r| {
                let (label, code) = label(&r.key);
                RowSpec {
                    key: key(&r.key),
                    label,
                    code,
                    count: r.customers,
                    amount: r.balance,
                    activity: Some(r.activity),
                    cells: vec![
                        count_cell(f, r.customers),
                        money_cell(f, r.balance),
                        count_cell(f, r.activity.count),
                        money_cell(f, r.activity.value),
                    ],
                }
            })
            .collect()
    }
    fn mix_rows<K: Copy>(
        f: &Formatter,
        rows: &[MixRow<K>],
        key: fn(K) -> &'static str,
        label: impl Fn(K) -> String,
    ) -> Vec<RowSpec> {
        rows.iter()
            .map(|r| RowSpec {
                key: key(r.key).to_owned(),
                label: label(r.key),
                code: None,
                count: r.activity.count,
                amount: r.activity.value,
                activity: None,
                cells: vec![
                    count_cell(f, r.activity.count),
                    money_cell(f, r.activity.value),
                ],
            })
            .collect()
    }
    let (title, headings, rows) = match table {
        BankTable::Deposits => (
            t_string!(i18n, analytics.by_type).to_string(),
            vec![
                head(t_string!(i18n, analytics.account_type).to_string(), ""),
                head(t_string!(i18n, analytics.col.accounts).to_string(), "num"),
                head(t_string!(i18n, analytics.balance).to_string(), "amount"),
            ],
            s.deposits_by_type
                .iter()
                .map(|r| RowSpec {
                    key: r.account_type.as_str().to_owned(),
                    label: i18n::account_type(i18n, r.account_type),
                    code: None,
                    count: r.accounts,
                    amount: r.balance,
                    activity: None,
                    cells: vec![count_cell(f, r.accounts), money_cell(f, r.balance)],
                })
                .collect(),
        ),
        // The chart's table lives with the chart.
        BankTable::Daily => (String::new(), Vec::new(), Vec::new()),
        BankTable::Segment => (
            t_string!(i18n, analytics.table.segment).to_string(),
            customer_headings(t_string!(i18n, analytics.col.segment).to_string()),
            customer_rows(
                f,
                &s.by_segment,
                |k| k.as_str().to_owned(),
                |k| (i18n::segment(i18n, *k), None),
            ),
        ),
        BankTable::Nationality => (
            t_string!(i18n, analytics.table.nationality).to_string(),
            customer_headings(t_string!(i18n, analytics.col.nationality).to_string()),
            customer_rows(f, &s.by_nationality, Clone::clone, |k| {
                (country(i18n, k), Some(k.clone()))
            }),
        ),
        BankTable::AgeBand => (
            t_string!(i18n, analytics.table.age_band).to_string(),
            customer_headings(t_string!(i18n, analytics.col.age_band).to_string()),
            customer_rows(
                f,
                &s.by_age_band,
                |k| k.as_str().to_owned(),
                |k| (age_label(i18n, f, *k), None),
            ),
        ),
        BankTable::BalanceTier => (
            t_string!(i18n, analytics.table.balance_tier).to_string(),
            customer_headings(t_string!(i18n, analytics.col.balance_tier).to_string()),
            customer_rows(
                f,
                &s.by_balance_tier,
                |k| k.as_str().to_owned(),
                |k| (tier_label(i18n, f, *k), None),
            ),
        ),
        BankTable::Channel => (
            t_string!(i18n, analytics.table.channel).to_string(),
            mix_headings(t_string!(i18n, analytics.col.channel).to_string()),
            mix_rows(f, &s.by_channel, |k| k.as_str(), |k| i18n::channel(i18n, k)),
        ),
        BankTable::Category => (
            t_string!(i18n, analytics.table.category).to_string(),
            mix_headings(t_string!(i18n, analytics.col.category).to_string()),
            mix_rows(
                f,
                &s.by_category,
                |k| k.as_str(),
                |k| i18n::category(i18n, k),
            ),
        ),
        BankTable::AuthMethod => (
            t_string!(i18n, analytics.table.auth_method).to_string(),
            mix_headings(t_string!(i18n, analytics.col.auth_method).to_string()),
            mix_rows(
                f,
                &s.by_auth_method,
                |k| k.as_str(),
                |k| i18n::auth_method(i18n, k),
            ),
        ),
    };
    TableSpec {
        table,
        title,
        headings,
        rows,
    }
}

/// A card with the table's title, its CSV export and the table (or a note when empty).
fn table_card(i18n: I18n, spec: TableSpec, export: Callback<BankTable>) -> impl IntoView {
    let TableSpec {
        table,
        title,
        headings,
        rows,
    } = spec;
    let name = table.as_str();
    let deposits = table == BankTable::Deposits;
    // Other tests know the deposit rows by their original test id.
    let row_testid = if deposits {
        "deposits-by-type"
    } else {
        "bank-row"
    };
    let export_label =
        t_string!(i18n, analytics.table.export_label, table = title.clone()).to_string();
    let heading = if deposits {
        view! { <h2>{title.clone()}</h2> }.into_any()
    } else {
        view! { <h3>{title.clone()}</h3> }.into_any()
    };
    let body = if rows.is_empty() {
        view! { <p class="empty" data-testid="bank-table-empty" data-table=name>{t!(i18n, analytics.table.empty)}</p> }
            .into_any()
    } else {
        let head = headings
            .into_iter()
            .map(|(text, class)| view! { <th scope="col" class=class>{text}</th> })
            .collect_view();
        let body = rows
            .into_iter()
            .map(|r| {
                let code = r
                    .code
                    .map(|c| view! { <span class="sub" translate="no" dir="ltr">{c}</span> });
                let cells = r
                    .cells
                    .into_iter()
                    .map(|(text, class, fils)| view! { <td class=class data-amount-fils=fils>{text}</td> })
                    .collect_view();
                view! {
                    <tr data-testid=row_testid data-key=r.key.clone() data-type=deposits.then(|| r.key.clone())
                        data-count=r.count data-amount-fils=r.amount.fils()
                        data-txn-count=r.activity.map(|a| a.count)
                        data-txn-value-fils=r.activity.map(|a| a.value.fils())>
                        <th scope="row">{r.label}{code}</th>
                        {cells}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll">
                <table class="table bank-table" data-testid="bank-table" data-table=name>
                    <caption class="visually-hidden">{title}</caption>
                    <thead><tr>{head}</tr></thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <div class="card" data-table-card=name>
            <div class="card-head">
                {heading}
                <button type="button" class="button secondary small" data-testid="export-csv" data-table=name
                    aria-label=export_label on:click=move |_| export.run(table)>
                    {t!(i18n, analytics.table.export)}
                </button>
            </div>
            {body}
        </div>
    }
}

/// A country's name for the nationality codes the data uses; the code itself otherwise.
fn country(i18n: I18n, code: &str) -> String {
    let name = match code {
        "KW" => t_string!(i18n, analytics.nationality.country_kw),
        "EG" => t_string!(i18n, analytics.nationality.country_eg),
        "IN" => t_string!(i18n, analytics.nationality.country_in),
        "SA" => t_string!(i18n, analytics.nationality.country_sa),
        "JO" => t_string!(i18n, analytics.nationality.country_jo),
        "LB" => t_string!(i18n, analytics.nationality.country_lb),
        "PH" => t_string!(i18n, analytics.nationality.country_ph),
        "PK" => t_string!(i18n, analytics.nationality.country_pk),
        "SY" => t_string!(i18n, analytics.nationality.country_sy),
        "GB" => t_string!(i18n, analytics.nationality.country_gb),
        _ => t_string!(i18n, analytics.nationality.other),
    };
    name.to_string()
}

fn age_label(i18n: I18n, f: &Formatter, band: AgeBand) -> String {
    let n = |age: i64| f.number(age);
    let range = |low: i64, high: i64| {
        t_string!(i18n, analytics.age.range, low = n(low), high = n(high)).to_string()
    };
    match band {
        AgeBand::Under18 => t_string!(i18n, analytics.age.under, age = n(18)).to_string(),
        AgeBand::From18To24 => range(18, 24),
        AgeBand::From25To34 => range(25, 34),
        AgeBand::From35To44 => range(35, 44),
        AgeBand::From45To54 => range(45, 54),
        AgeBand::From55To64 => range(55, 64),
        AgeBand::From65 => t_string!(i18n, analytics.age.over, age = n(65)).to_string(),
    }
}

fn tier_label(i18n: I18n, f: &Formatter, tier: BalanceTier) -> String {
    let kwd = |n: i64| f.money(Money::from_kwd(n));
    let range = |low: i64, high_fils: i64| {
        t_string!(
            i18n,
            analytics.tier.range,
            low = kwd(low),
            high = f.money(Money::from_fils(high_fils))
        )
        .to_string()
    };
    match tier {
        BalanceTier::Under1k => {
            t_string!(i18n, analytics.tier.under, amount = kwd(1_000)).to_string()
        }
        BalanceTier::From1kTo10k => range(1_000, 9_999_999),
        BalanceTier::From10kTo50k => range(10_000, 49_999_999),
        BalanceTier::From50k => {
            t_string!(i18n, analytics.tier.over, amount = kwd(50_000)).to_string()
        }
    }
}
