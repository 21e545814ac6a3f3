use crate::components::loading::Computing;
use crate::components::status_class;
use crate::components::top_bar::TopBar;
use crate::contexts::alerts::AlertsInjection;
use crate::contexts::data::DataInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{self, t, t_string, use_i18n, I18n};
use crate::pages::alerts_page::{
    customer_name, reason_view, rule_name, severity_class, status_label, trust_word,
    use_risk_alerts, StatusButtons, StorageNotice,
};
use crate::pages::not_yours_page::NotYoursPage;
use crate::routes::{AlertParams, AppRoute};
use bankdash_domain::model::{LoginSession, RegisteredDevice, Transaction};
use bankdash_domain::risk::{self, Alert, AlertEntity};
use bankdash_domain::Dataset;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params;

/// One alert: its facts, the records it is about (the transaction; the customer's
/// debits that day; the user's failed sign-ins; the two sessions) and its status
/// buttons. An id the rules do not raise shows "not found".
#[component]
pub fn AlertPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let store = AlertsInjection::expect_context();
    let i18n = use_i18n();
    let alerts = use_risk_alerts();
    let params = use_params::<AlertParams>();
    let alert_id = Memo::new(move |_| {
        params
            .read()
            .as_ref()
            .ok()
            .and_then(|p| p.alert_id.clone())
            .unwrap_or_default()
    });
    let alert = Memo::new(move |_| {
        let id = alert_id.get();
        alerts.value.with(|all| {
            all.as_ref()
                .map(|all| all.iter().find(|a| a.id == id).cloned())
        })
    });
    let body = move || {
        let a = match alert.get() {
            None => return view! { <Computing/> }.into_any(),
            Some(None) => return view! { <NotYoursPage/> }.into_any(),
            Some(Some(a)) => a,
        };
        let ds = data.data.get();
        let status = store.status(&a.id);
        let fact =
            |label: AnyView, value: AnyView| view! { <div><dt>{label}</dt><dd>{value}</dd></div> };
        let (rule, severity, at) = (a.rule, a.severity, a.at);
        let who = match (&a.entity, &a.customer_id) {
            (_, Some(cid)) => {
                let cid = cid.clone();
                let name = ds.customers.iter().find(|c| c.customer_id == cid).cloned();
                let shown = move || match &name {
                    Some(c) => customer_name(c, prefs.lang()),
                    None => cid.clone(),
                };
                Some(fact(
                    t!(i18n, risk.detail.field.customer).into_any(),
                    view! { <bdi translate="no">{shown}</bdi> }.into_any(),
                ))
            }
            (AlertEntity::User { user_id }, None) => {
                let email = ds
                    .auth_users
                    .iter()
                    .find(|u| &u.user_id == user_id)
                    .map(|u| u.email.clone())
                    .unwrap_or_else(|| user_id.clone());
                Some(fact(
                    t!(i18n, risk.detail.field.user).into_any(),
                    view! { <bdi translate="no" dir="ltr">{email}</bdi> " · " {t!(i18n, risk.staff)} }.into_any(),
                ))
            }
            _ => None,
        };
        let reason = a.reason.clone();
        let facts = view! {
            {fact(t!(i18n, risk.detail.field.id).into_any(), view! { <code translate="no" dir="ltr">{a.id.clone()}</code> }.into_any())}
            {fact(t!(i18n, risk.detail.field.rule).into_any(), view! {
                <span class="rule-code" translate="no">{rule.as_str()}</span> " " {move || rule_name(i18n, rule)}
            }.into_any())}
            {fact(t!(i18n, risk.detail.field.severity).into_any(), view! {
                <span class=severity_class(severity)>{move || i18n::severity(i18n, severity)}</span>
            }.into_any())}
            {fact(t!(i18n, risk.detail.field.status).into_any(), view! {
                <span class=status_class(status.as_str()) data-testid="alert-status">{move || status_label(i18n, status)}</span>
            }.into_any())}
            {fact(t!(i18n, risk.detail.field.raised).into_any(), (move || prefs.fmt().datetime(&at)).into_any())}
            {who}
        };
        let records = entity_records(i18n, &ds, &a);
        view! {
            <div class="card detail" data-testid="alert-detail" data-alert-id=a.id.clone()
                data-rule=rule.as_str() data-severity=severity.as_str() data-status=status.as_str()
                data-entity-id=a.entity.id() data-entity-kind=a.entity.kind()>
                <A href=AppRoute::Alerts.link()><span class="flip-rtl" aria-hidden="true">"←"</span> " " {t!(i18n, risk.detail.back)}</A>
                <h2>{move || rule_name(i18n, rule)}</h2>
                <p class="risk-reason" data-testid="alert-reason">{move || reason_view(i18n, prefs, &reason)}</p>
                <dl class="facts">{facts}</dl>
                <div class="risk-actions">
                    <StatusButtons store alert_id=a.id.clone() status/>
                </div>
            </div>
            {records}
        }
        .into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, risk.title).to_string())/>
        <section class="content">
            <StorageNotice store/>
            {body}
        </section>
    }
}

/// The records the alert is about.
fn entity_records(i18n: I18n, ds: &Dataset, a: &Alert) -> AnyView {
    match &a.entity {
        AlertEntity::Transaction { transaction_id } => {
            let rows: Vec<Transaction> = ds
                .transactions
                .iter()
                .filter(|t| &t.transaction_id == transaction_id)
                .cloned()
                .collect();
            let devices = devices_of(ds, rows.iter().filter_map(|t| t.device_id.as_deref()));
            view! {
                <div class="card">
                    <h2>{t!(i18n, risk.detail.transaction)}</h2>
                    <TransactionTable rows devices testid="alert-transaction"/>
                </div>
            }
            .into_any()
        }
        AlertEntity::CustomerDay { customer_id, date } => {
            let rows: Vec<Transaction> = risk::day_debits(ds, customer_id, *date)
                .into_iter()
                .cloned()
                .collect();
            let total: bankdash_domain::Money = rows.iter().map(|t| t.amount).sum();
            let devices = devices_of(ds, rows.iter().filter_map(|t| t.device_id.as_deref()));
            let date = *date;
            let prefs = PrefsInjection::expect_context();
            view! {
                <div class="card">
                    <h2>{t!(i18n, risk.detail.day, date = move || prefs.fmt().day(date))}</h2>
                    <p data-testid="alert-day-total" data-amount-fils=total.fils()>
                        {t!(i18n, risk.detail.day_total, total = move || prefs.fmt().money(total))}
                    </p>
                    <TransactionTable rows devices testid="alert-day-debit"/>
                </div>
            }
            .into_any()
        }
        AlertEntity::User { user_id } => {
            let prefs = PrefsInjection::expect_context();
            let rows = risk::failed_logins(ds, user_id)
                .into_iter()
                .map(|l| {
                    let at = l.created_at;
                    view! {
                        <tr data-testid="alert-login-failure" data-audit-id=l.audit_id.clone()>
                            <td class="nowrap">{move || prefs.fmt().datetime(&at)}</td>
                            <td><bdi class="mono" translate="no" dir="ltr">{l.ip_address.clone()}</bdi></td>
                            <td><bdi translate="no">{l.details.clone()}</bdi></td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="card">
                    <h2>{t!(i18n, risk.detail.logins)}</h2>
                    <div class="table-scroll">
                        <table class="table">
                            <thead><tr>
                                <th scope="col">{t!(i18n, risk.detail.col.time)}</th>
                                <th scope="col">{t!(i18n, risk.detail.col.ip)}</th>
                                <th scope="col">{t!(i18n, risk.detail.col.details)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </div>
            }
            .into_any()
        }
        AlertEntity::SessionPair { first, second } => {
            let sessions: Vec<LoginSession> = [first, second]
                .into_iter()
                .filter_map(|id| ds.login_sessions.iter().find(|s| &s.session_id == id))
                .cloned()
                .collect();
            let devices = devices_of(ds, sessions.iter().map(|s| s.device_id.as_str()));
            let prefs = PrefsInjection::expect_context();
            let rows = sessions
                .into_iter()
                .map(|s| {
                    let started = s.started_at;
                    let status = s.status;
                    let device = device_cell(i18n, &devices, Some(&s.device_id));
                    view! {
                        <tr data-testid="alert-session" data-session-id=s.session_id.clone()>
                            <td class="nowrap">{move || prefs.fmt().datetime(&started)}</td>
                            <td><bdi translate="no">{s.city.clone()}</bdi></td>
                            <td><bdi class="mono" translate="no" dir="ltr">{s.ip_address.clone()}</bdi></td>
                            <td>{device}</td>
                            <td>{move || i18n::session_status(i18n, status)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="card">
                    <h2>{t!(i18n, risk.detail.sessions)}</h2>
                    <div class="table-scroll">
                        <table class="table">
                            <thead><tr>
                                <th scope="col">{t!(i18n, risk.detail.col.started)}</th>
                                <th scope="col">{t!(i18n, risk.detail.col.city)}</th>
                                <th scope="col">{t!(i18n, risk.detail.col.ip)}</th>
                                <th scope="col">{t!(i18n, risk.detail.col.device)}</th>
                                <th scope="col">{t!(i18n, risk.detail.col.status)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </div>
            }
            .into_any()
        }
    }
}

/// The registered devices with these ids.
fn devices_of<'a>(ds: &Dataset, ids: impl Iterator<Item = &'a str>) -> Vec<RegisteredDevice> {
    let wanted: std::collections::BTreeSet<&str> = ids.collect();
    ds.registered_devices
        .iter()
        .filter(|d| wanted.contains(d.device_id.as_str()))
        .cloned()
        .collect()
}

/// A device by model with its status and trust, or why there is none.
fn device_cell(i18n: I18n, devices: &[RegisteredDevice], id: Option<&str>) -> AnyView {
    let Some(id) = id else {
        return t!(i18n, risk.detail.no_device).into_any();
    };
    match devices.iter().find(|d| d.device_id == id) {
        Some(d) => {
            let (status, trusted) = (d.status, d.trusted);
            view! {
                <bdi translate="no">{d.device_model.clone()}</bdi>
                <span class="sub" data-device-status=status.as_str() data-trusted=trusted.to_string()>
                    {t!(i18n, risk.detail.device_state,
                        status = move || i18n::device_status(i18n, status),
                        trust = move || trust_word(i18n, trusted))}
                </span>
            }
            .into_any()
        }
        None => view! {
            <code translate="no" dir="ltr">{id.to_owned()}</code>
            <span class="sub">{t!(i18n, risk.detail.unknown_device)}</span>
        }
        .into_any(),
    }
}

/// Transactions with what the rules look at: amount, status, authentication, device.
#[component]
fn TransactionTable(
    rows: Vec<Transaction>,
    devices: Vec<RegisteredDevice>,
    testid: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let prefs = PrefsInjection::expect_context();
    let body = rows
        .into_iter()
        .map(|t| {
            let (at, amount, status, auth, channel) =
                (t.created_at, t.signed_amount(), t.status, t.auth_method, t.channel);
            let device = device_cell(i18n, &devices, t.device_id.as_deref());
            view! {
                <tr data-testid=testid data-transaction-id=t.transaction_id.clone()
                    data-amount-fils=t.amount.fils() data-status=status.as_str()>
                    <td class="nowrap">{move || prefs.fmt().datetime(&at)}</td>
                    <td>
                        <bdi translate="no">{t.merchant_name.clone()}</bdi>
                        <span class="sub"><bdi translate="no">{t.merchant_city.clone()}</bdi> " · " <bdi translate="no" dir="ltr">{t.reference.clone()}</bdi></span>
                    </td>
                    <td class=if amount.is_negative() { "amount neg" } else { "amount pos" }>{move || prefs.fmt().money(amount)}</td>
                    <td><span class=status_class(status.as_str())>{move || i18n::txn_status(i18n, status)}</span></td>
                    <td>{move || i18n::auth_method(i18n, auth)}</td>
                    <td>{move || i18n::channel(i18n, channel)}</td>
                    <td>{device}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="table">
                <thead><tr>
                    <th scope="col">{t!(i18n, risk.detail.col.time)}</th>
                    <th scope="col">{t!(i18n, risk.detail.col.merchant)}</th>
                    <th scope="col" class="amount">{t!(i18n, risk.detail.col.amount)}</th>
                    <th scope="col">{t!(i18n, risk.detail.col.status)}</th>
                    <th scope="col">{t!(i18n, risk.detail.col.auth)}</th>
                    <th scope="col">{t!(i18n, risk.detail.col.channel)}</th>
                    <th scope="col">{t!(i18n, risk.detail.col.device)}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}
