use crate::background::{use_background, Background};
use crate::components::filter_select::FilterSelect;
use crate::components::loading::Computing;
use crate::components::status_class;
use crate::components::top_bar::TopBar;
use crate::contexts::alerts::AlertsInjection;
use crate::contexts::data::DataInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{self, t, t_string, use_i18n, I18n};
use crate::routes::{query_string, use_parsed_query, use_replace_url, AppRoute};
use bankdash_domain::format::{Formatter, Lang};
use bankdash_domain::model::{Customer, Severity};
use bankdash_domain::risk::{
    self, Alert, AlertQuery, AlertReason, AlertRun, AlertStatus, RiskSettings, Rule,
};
use bankdash_domain::Dataset;
use leptos::prelude::*;
use leptos_router::components::A;
use std::collections::{BTreeMap, HashMap};

/// Every alert the risk rules raise on what the analyst sees (the whole bank, with the
/// journalled changes), at the default thresholds; newest first. Computed in the
/// background (see `background`).
pub fn use_risk_alerts() -> Background<Vec<Alert>> {
    let data = DataInjection::expect_context();
    use_background(
        move || data.data.get(),
        |ds, alive| async move {
            let settings = RiskSettings::default();
            let mut run = AlertRun::new(&ds, &settings);
            alive.in_slices(|| run.step()).await.then(|| run.finish())
        },
    )
}

/// The alerts list: counts by rule, severity and status, filters in the URL
/// (`?rule=R1&severity=HIGH&status=new&page=2`), 100 alerts a page, each with its reason
/// in words, status buttons and a link to its page.
#[component]
pub fn AlertsPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let store = AlertsInjection::expect_context();
    let i18n = use_i18n();
    let computed = use_risk_alerts();
    let ready = move || computed.value.with(Option::is_some);
    let alerts = Memo::new(move |_| computed.value.get().unwrap_or_default());
    let parsed = use_parsed_query(|pairs| AlertQuery::from_pairs(pairs.iter().copied()));
    let query = Memo::new(move |_| parsed.get().0);
    let navigate = use_replace_url();
    let go = Callback::new(move |q: AlertQuery| {
        navigate(&list_href(&q));
    });
    // Any filter change starts again on page 1.
    let set = move |f: Box<dyn Fn(&mut AlertQuery)>| {
        let mut q = query.get_untracked();
        f(&mut q);
        q.page = 1;
        go.run(q);
    };
    let status_of = move |a: &Alert, statuses: &BTreeMap<String, AlertStatus>| {
        statuses.get(&a.id).copied().unwrap_or_default()
    };
    let by_status = Memo::new(move |_| {
        alerts.with(|all| {
            store.statuses.with(|st| {
                let mut counts: BTreeMap<AlertStatus, usize> =
                    AlertStatus::ALL.iter().map(|s| (*s, 0)).collect();
                for a in all.iter() {
                    *counts.entry(status_of(a, st)).or_default() += 1;
                }
                counts
            })
        })
    });
    // Indexes into `alerts` of those passing the filters.
    let shown = Memo::new(move |_| {
        let q = query.get();
        alerts.with(|all| {
            store.statuses.with(|st| {
                all.iter()
                    .enumerate()
                    .filter(|(_, a)| q.matches(a, status_of(a, st)))
                    .map(|(i, _)| i)
                    .collect::<Vec<usize>>()
            })
        })
    });

    let summary = move || {
        if !ready() {
            return view! { <Computing/> }.into_any();
        }
        let counts = alerts.with(|all| risk::counts(all.iter()));
        let statuses = by_status.get();
        let f = prefs.fmt();
        let link = move |q: AlertQuery, label: AnyView, n: usize| {
            view! {
                <A href=format!("{}{}", crate::routes::base(), list_href(&q))>{label}</A>
                <span class="num">{number(&f, n)}</span>
            }
        };
        let rules = counts
            .by_rule
            .iter()
            .map(|(rule, n)| {
                let (rule, n) = (*rule, *n);
                let q = AlertQuery {
                    rule: Some(rule),
                    ..AlertQuery::default()
                };
                let label = view! {
                    <span class="rule-code" translate="no">{rule.as_str()}</span>
                    " "
                    {move || rule_name(i18n, rule)}
                };
                view! {
                    <li data-testid="alert-count" data-rule=rule.as_str() data-count=n>
                        {link(q, label.into_any(), n)}
                    </li>
                }
            })
            .collect_view();
        let severities = counts
            .by_severity
            .iter()
            .filter(|(s, n)| **n > 0 || Rule::ALL.iter().any(|r| r.severity() == **s))
            .map(|(severity, n)| {
                let (severity, n) = (*severity, *n);
                let q = AlertQuery {
                    severity: Some(severity),
                    ..AlertQuery::default()
                };
                let label = view! {
                    <span class=severity_class(severity)>{move || i18n::severity(i18n, severity)}</span>
                };
                view! {
                    <li data-testid="alert-severity-count" data-severity=severity.as_str() data-count=n>
                        {link(q, label.into_any(), n)}
                    </li>
                }
            })
            .collect_view();
        let statuses = statuses
            .into_iter()
            .map(|(status, n)| {
                let q = AlertQuery {
                    status: Some(status),
                    ..AlertQuery::default()
                };
                let label = view! {
                    <span class=status_class(status.as_str())>{move || status_label(i18n, status)}</span>
                };
                view! {
                    <li data-testid="alert-status-count" data-status=status.as_str() data-count=n>
                        {link(q, label.into_any(), n)}
                    </li>
                }
            })
            .collect_view();
        view! {
            <div class="card risk-summary">
                <div class="stat" data-testid="alert-total" data-count=counts.total>
                    <span class="label">{t!(i18n, risk.summary.total)}</span>
                    <span class="value">{number(&f, counts.total)}</span>
                </div>
                <div>
                    <h2>{t!(i18n, risk.summary.by_rule)}</h2>
                    <ul class="risk-counts">{rules}</ul>
                </div>
                <div>
                    <h2>{t!(i18n, risk.summary.by_severity)}</h2>
                    <ul class="risk-counts">{severities}</ul>
                </div>
                <div>
                    <h2>{t!(i18n, risk.summary.by_status)}</h2>
                    <ul class="risk-counts">{statuses}</ul>
                </div>
            </div>
        }
        .into_any()
    };

    let select = move |label: String,
                       testid: &'static str,
                       current: Option<&'static str>,
                       values: Vec<(&'static str, String)>,
                       apply: fn(&mut AlertQuery, &str)| {
        let on_pick = Callback::new(move |v: String| set(Box::new(move |q| apply(q, &v))));
        let all = t_string!(i18n, risk.filter.all).to_string();
        view! { <FilterSelect label testid all current values on_pick/> }
    };
    let filters = move || {
        let q = query.get();
        view! {
            <form class="filters" role="search" aria-label=move || t_string!(i18n, risk.filter.label).to_string()
                on:submit=move |ev| ev.prevent_default()>
                {select(t_string!(i18n, risk.filter.rule).to_string(), "filter-rule", q.rule.map(Rule::as_str),
                    Rule::ALL.iter().map(|r| (r.as_str(), format!("{} · {}", r.as_str(), rule_name(i18n, *r)))).collect(),
                    |q, v| q.rule = Rule::from_code(v))}
                {select(t_string!(i18n, risk.filter.severity).to_string(), "filter-severity", q.severity.map(Severity::as_str),
                    Severity::ALL.iter().map(|s| (s.as_str(), i18n::severity(i18n, *s))).collect(),
                    |q, v| q.severity = Severity::ALL.iter().copied().find(|s| s.as_str() == v))}
                {select(t_string!(i18n, risk.filter.status).to_string(), "filter-status", q.status.map(AlertStatus::as_str),
                    AlertStatus::ALL.iter().map(|s| (s.as_str(), status_label(i18n, *s))).collect(),
                    |q, v| q.status = AlertStatus::from_code(v))}
                <div class="filter-actions">
                    <button type="button" class="button secondary" data-testid="clear-filters"
                        disabled=!q.is_filtered() on:click=move |_| go.run(AlertQuery::default())>{t!(i18n, risk.filter.clear)}</button>
                </div>
            </form>
        }
    };

    let table = move || {
        if !ready() {
            return ().into_any();
        }
        let all = alerts.get();
        let rows = shown.get();
        let q = query.get();
        let ds = data.data.get();
        let f = prefs.fmt();
        let lang = prefs.lang();
        let total = rows.len();
        let pages = risk::page_count(total);
        let page = q.page.clamp(1, pages);
        let customers = customers_by_id(&ds);
        let body = risk::page_slice(&rows, page)
            .iter()
            .filter_map(|i| all.get(*i))
            .map(|a| {
                let status = store.status(&a.id);
                let href = AppRoute::Alert { alert_id: a.id.clone() }.link();
                let customer = customer_cell(i18n, &customers, a, lang);
                view! {
                    <tr data-testid="risk-alert" data-alert-id=a.id.clone() data-rule=a.rule.as_str()
                        data-entity-id=a.entity.id() data-entity-kind=a.entity.kind()
                        data-severity=a.severity.as_str() data-status=status.as_str()>
                        <td class="nowrap">{f.datetime(&a.at)}</td>
                        <td>
                            <span class="rule-code" translate="no">{a.rule.as_str()}</span>
                            <span class="sub">{rule_name(i18n, a.rule)}</span>
                        </td>
                        <td><span class=severity_class(a.severity)>{i18n::severity(i18n, a.severity)}</span></td>
                        <td>{customer}</td>
                        <td class="risk-reason">{reason_view(i18n, prefs, &a.reason)}</td>
                        <td><span class=status_class(status.as_str())>{status_label(i18n, status)}</span></td>
                        <td>
                            <div class="risk-actions">
                                <A href=href attr:data-testid="alert-open">{t!(i18n, risk.action.details)}</A>
                                <StatusButtons store alert_id=a.id.clone() status/>
                            </div>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        let to_page = move |p: usize| {
            let mut q = query.get_untracked();
            q.page = p;
            go.run(q);
        };
        let (at_first, at_last) = (page <= 1, page >= pages);
        view! {
            <p class="result-count" data-testid="alerts-shown" data-count=total aria-live="polite">
                {t!(i18n, risk.count, count = move || number(&prefs.fmt(), total))}
            </p>
            {if total == 0 {
                let empty = if q.is_filtered() {
                    t!(i18n, risk.empty_filtered).into_any()
                } else {
                    t!(i18n, risk.empty).into_any()
                };
                view! { <p class="empty" data-testid="empty-state">{empty}</p> }.into_any()
            } else {
                view! {
                    <div class="table-scroll">
                        <table class="table risk-table">
                            <caption class="visually-hidden">{t!(i18n, risk.title)}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, risk.col.raised)}</th>
                                <th scope="col">{t!(i18n, risk.col.rule)}</th>
                                <th scope="col">{t!(i18n, risk.col.severity)}</th>
                                <th scope="col">{t!(i18n, risk.col.customer)}</th>
                                <th scope="col">{t!(i18n, risk.col.reason)}</th>
                                <th scope="col">{t!(i18n, risk.col.status)}</th>
                                <th scope="col">{t!(i18n, risk.col.actions)}</th>
                            </tr></thead>
                            <tbody>{body}</tbody>
                        </table>
                    </div>
                    <nav class="pager" aria-label=move || t_string!(i18n, risk.pager.label).to_string()>
                        <button type="button" class="button secondary" data-testid="page-prev" disabled=at_first on:click=move |_| to_page(page - 1)>
                            {t!(i18n, risk.pager.previous)}
                        </button>
                        <span data-testid="page-status">{t!(i18n, risk.pager.status, page = move || number(&prefs.fmt(), page), pages = move || number(&prefs.fmt(), pages))}</span>
                        <button type="button" class="button secondary" data-testid="page-next" disabled=at_last on:click=move |_| to_page(page + 1)>
                            {t!(i18n, risk.pager.next)}
                        </button>
                    </nav>
                }.into_any()
            }}
        }
        .into_any()
    };
    let problems = move || {
        let bad = parsed.get().1;
        (!bad.is_empty()).then(|| {
            let items = bad
                .into_iter()
                .map(|(param, value)| view! {
                    <li><code translate="no" dir="ltr">{format!("{param}={value}")}</code> ": " {t!(i18n, risk.problems.invalid)}</li>
                })
                .collect_view();
            view! {
                <div class="notice" role="alert" data-testid="query-problems">
                    <p>{t!(i18n, risk.problems.intro)}</p>
                    <ul>{items}</ul>
                </div>
            }
        })
    };
    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, risk.title).to_string())/>
        <section class="content" data-testid="alerts-page" aria-busy=move || computed.busy.get().to_string()>
            <StorageNotice store/>
            {problems}
            <p class="lead">{t!(i18n, risk.lead)}</p>
            {summary}
            <div class="card">{filters}</div>
            <div class="card">{table}</div>
        </section>
    }
}

/// The list's address with these filters.
fn list_href(q: &AlertQuery) -> String {
    format!("{}{}", AppRoute::Alerts.href(), query_string(&q.to_pairs()))
}

/// A count in the reader's digits.
fn number(f: &Formatter, n: usize) -> String {
    f.number(i64::try_from(n).unwrap_or(i64::MAX))
}

pub fn rule_name(i18n: I18n, rule: Rule) -> String {
    match rule {
        Rule::R1 => t_string!(i18n, risk.rule.r1).to_string(),
        Rule::R2 => t_string!(i18n, risk.rule.r2).to_string(),
        Rule::R3 => t_string!(i18n, risk.rule.r3).to_string(),
        Rule::R4 => t_string!(i18n, risk.rule.r4).to_string(),
        Rule::R5 => t_string!(i18n, risk.rule.r5).to_string(),
    }
}

pub fn status_label(i18n: I18n, status: AlertStatus) -> String {
    match status {
        AlertStatus::New => t_string!(i18n, risk.status.new).to_string(),
        AlertStatus::Acknowledged => t_string!(i18n, risk.status.acknowledged).to_string(),
        AlertStatus::Resolved => t_string!(i18n, risk.status.resolved).to_string(),
    }
}

pub fn severity_class(severity: Severity) -> String {
    format!("status severity-{}", severity.as_str().to_ascii_lowercase())
}

pub fn customers_by_id(ds: &Dataset) -> HashMap<&str, &Customer> {
    ds.customers
        .iter()
        .map(|c| (c.customer_id.as_str(), c))
        .collect()
}

/// The customer's name in the reader's language.
pub fn customer_name(c: &Customer, lang: Lang) -> String {
    match lang {
        Lang::En => c.full_name_en(),
        Lang::Ar => c.full_name_ar(),
    }
}

/// The alert's customer by name (or "bank staff" when the user is not a customer).
fn customer_cell(
    i18n: I18n,
    customers: &HashMap<&str, &Customer>,
    a: &Alert,
    lang: Lang,
) -> AnyView {
    match a.customer_id.as_deref() {
        Some(id) => {
            let name = customers
                .get(id)
                .map(|c| customer_name(c, lang))
                .unwrap_or_else(|| id.to_owned());
            view! { <bdi translate="no" data-customer-id=id.to_owned()>{name}</bdi> }.into_any()
        }
        None => t!(i18n, risk.staff).into_any(),
    }
}

/// Why the rule fired, in the reader's language with the figures formatted.
pub fn reason_view(i18n: I18n, prefs: PrefsInjection, reason: &AlertReason) -> AnyView {
    let fmt = move || prefs.fmt();
    match reason.clone() {
        AlertReason::LargeDebit {
            amount,
            auth_method,
            threshold,
        } => t!(
            i18n,
            risk.reason.large_debit,
            amount = move || fmt().money(amount),
            method = move || i18n::auth_method(i18n, auth_method),
            threshold = move || fmt().money(threshold)
        )
        .into_any(),
        AlertReason::RiskyDevice { status: None, .. } => {
            t!(i18n, risk.reason.device_unknown).into_any()
        }
        AlertReason::RiskyDevice {
            status: Some(status),
            trusted,
            ..
        } => t!(
            i18n,
            risk.reason.device,
            status = move || i18n::device_status(i18n, status).to_lowercase(),
            trust = move || trust_word(i18n, trusted)
        )
        .into_any(),
        AlertReason::DailyDebits {
            total,
            count,
            limit,
        } => t!(
            i18n,
            risk.reason.daily,
            count = move || number(&fmt(), count),
            total = move || fmt().money(total),
            limit = move || fmt().money(limit)
        )
        .into_any(),
        AlertReason::LoginFailures {
            count,
            window_hours,
            first,
            last,
        } => t!(
            i18n,
            risk.reason.logins,
            count = move || number(&fmt(), count),
            hours = move || fmt().number(window_hours),
            first = move || fmt().datetime(&first),
            last = move || fmt().datetime(&last)
        )
        .into_any(),
        AlertReason::CityChange {
            first_city,
            second_city,
            minutes,
        } => t!(
            i18n,
            risk.reason.cities,
            first = move || view! { <bdi translate="no">{first_city.clone()}</bdi> },
            second = move || view! { <bdi translate="no">{second_city.clone()}</bdi> },
            minutes = move || fmt().number(minutes)
        )
        .into_any(),
    }
}

pub fn trust_word(i18n: I18n, trusted: bool) -> String {
    if trusted {
        t_string!(i18n, risk.reason.trusted).to_string()
    } else {
        t_string!(i18n, risk.reason.untrusted).to_string()
    }
}

/// Acknowledge and resolve (and reopen once handled).
#[component]
pub fn StatusButtons(
    store: AlertsInjection,
    alert_id: String,
    status: AlertStatus,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = StoredValue::new(alert_id);
    let button =
        move |testid: &'static str, label: AnyView, to: AlertStatus, class: &'static str| {
            view! {
                <button type="button" class=class data-testid=testid
                    on:click=move |_| id.with_value(|id| store.set(id, to))>{label}</button>
            }
        };
    view! {
        {(status == AlertStatus::New).then(|| button("alert-ack", t!(i18n, risk.action.acknowledge).into_any(), AlertStatus::Acknowledged, "button small secondary"))}
        {(status != AlertStatus::Resolved).then(|| button("alert-resolve", t!(i18n, risk.action.resolve).into_any(), AlertStatus::Resolved, "button small"))}
        {(status != AlertStatus::New).then(|| button("alert-reopen", t!(i18n, risk.action.reopen).into_any(), AlertStatus::New, "button small secondary"))}
    }
}

/// Saved statuses that could not be read, or a status that could not be saved.
#[component]
pub fn StorageNotice(store: AlertsInjection) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        store.problem.get().map(|key| {
            let text = if key.is_empty() {
                t_string!(i18n, risk.storage.unsaved).to_string()
            } else {
                t_string!(i18n, risk.storage.unreadable, key = key.clone()).to_string()
            };
            view! {
                <div class="notice" role="alert" data-testid="alerts-storage-notice">
                    {text} " "
                    <button type="button" class="link" on:click=move |_| store.problem.set(None)>{t!(i18n, risk.storage.dismiss)}</button>
                </div>
            }
        })
    }
}
