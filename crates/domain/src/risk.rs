//! Risk monitoring: the rules that raise alerts on the dataset (R1-R5), with their
//! thresholds as settings.
//!
//! | rule | raises an alert for | per | severity |
//! |---|---|---|---|
//! | R1 | a DEBIT of `large_debit` (1,000.000 KWD) **or more** whose `auth_method` is not APP or BIOMETRIC (any status: a refused attempt is a signal too) | transaction | HIGH |
//! | R2 | a transaction made from a device that is not ACTIVE or not trusted (or that is not registered at all) | transaction | MEDIUM |
//! | R3 | a customer whose COMPLETED DEBIT total in one Kuwait calendar day **exceeds** `daily_debit_limit` (5,000.000 KWD) | customer and day | HIGH |
//! | R4 | `failed_logins` (5) or more LOGIN_FAILED audit entries of one user within `failed_login_window` (24 hours, both ends included) | user, once | HIGH |
//! | R5 | two sessions of one user from different cities that started **less than** `city_change_window` (30 minutes) apart | pair of sessions | MEDIUM |
//!
//! Large payments without strong authentication (R1), overspending a day (R3) and
//! repeated failed sign-ins (R4) point at fraud or account takeover, hence HIGH; a
//! weak device (R2) or two cities in a short time (R5, often a VPN or a mobile network
//! hop) are MEDIUM. Amounts are compared in whole fils, times as instants.
//!
//! Alert ids are stable (the same data gives the same ids), so an analyst's status for
//! an alert survives reloads: `R1:<transaction_id>`, `R2:<transaction_id>`,
//! `R3:<customer_id>:<YYYY-MM-DD>`, `R4:<user_id>`, `R5:<earlier session>:<later session>`.

use crate::dataset::Dataset;
use crate::model::{
    AuditLog, AuthMethod, AuthUser, DeviceStatus, Direction, LoginSession, RegisteredDevice,
    Severity, Transaction, TxnStatus,
};
use crate::money::Money;
use crate::time::{kuwait_date, Timestamp};
use crate::timeline::AuditAction;
use chrono::{Duration, NaiveDate};
use std::collections::{BTreeMap, HashMap};

string_enum!(
    /// The risk rules, in the order they are listed.
    Rule { R1 = "R1", R2 = "R2", R3 = "R3", R4 = "R4", R5 = "R5" }
);

impl Rule {
    /// Every alert of a rule has the rule's severity (see the module's table).
    pub const fn severity(self) -> Severity {
        match self {
            Rule::R1 | Rule::R3 | Rule::R4 => Severity::High,
            Rule::R2 | Rule::R5 => Severity::Medium,
        }
    }

    /// The rule named by its code ("R1" ... "R5"), exactly.
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.as_str() == code)
    }
}

/// Where an analyst is with an alert. Every alert starts `new`. Written in lower case
/// ("new", "acknowledged", "resolved") in storage, URLs and `data-status`.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    serde::Serialize,
    serde::Deserialize,
)]
pub enum AlertStatus {
    #[default]
    #[serde(rename = "new")]
    New,
    #[serde(rename = "acknowledged")]
    Acknowledged,
    #[serde(rename = "resolved")]
    Resolved,
}

impl AlertStatus {
    pub const ALL: &'static [AlertStatus] = &[
        AlertStatus::New,
        AlertStatus::Acknowledged,
        AlertStatus::Resolved,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            AlertStatus::New => "new",
            AlertStatus::Acknowledged => "acknowledged",
            AlertStatus::Resolved => "resolved",
        }
    }

    pub fn from_code(code: &str) -> Option<AlertStatus> {
        AlertStatus::ALL
            .iter()
            .copied()
            .find(|s| s.as_str() == code)
    }
}

/// The rules' thresholds. `Default` is the bank's policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RiskSettings {
    /// R1: a debit of at least this much needs APP or BIOMETRIC authentication.
    pub large_debit: Money,
    /// R3: completed debits of one customer in one Kuwait day above this raise an alert.
    pub daily_debit_limit: Money,
    /// R4: this many LOGIN_FAILED entries ...
    pub failed_logins: usize,
    /// R4: ... within this long (first to last, inclusive).
    pub failed_login_window: Duration,
    /// R5: sessions from different cities that start less than this apart.
    pub city_change_window: Duration,
}

impl Default for RiskSettings {
    fn default() -> Self {
        RiskSettings {
            large_debit: Money::from_kwd(1_000),
            daily_debit_limit: Money::from_kwd(5_000),
            failed_logins: 5,
            failed_login_window: Duration::hours(24),
            city_change_window: Duration::minutes(30),
        }
    }
}

/// The record (or records) an alert is about.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlertEntity {
    Transaction {
        transaction_id: String,
    },
    CustomerDay {
        customer_id: String,
        date: NaiveDate,
    },
    User {
        user_id: String,
    },
    /// Two sessions of one user, `first` started no later than `second`.
    SessionPair {
        first: String,
        second: String,
    },
}

impl AlertEntity {
    /// One string naming the entity (`data-entity-id`): the transaction, user id,
    /// `<customer_id>:<YYYY-MM-DD>` or `<first session>:<second session>`.
    pub fn id(&self) -> String {
        match self {
            AlertEntity::Transaction { transaction_id } => transaction_id.clone(),
            AlertEntity::CustomerDay { customer_id, date } => format!("{customer_id}:{date}"),
            AlertEntity::User { user_id } => user_id.clone(),
            AlertEntity::SessionPair { first, second } => format!("{first}:{second}"),
        }
    }

    /// The entity's kind: "transaction", "customer_day", "user" or "session_pair".
    pub const fn kind(&self) -> &'static str {
        match self {
            AlertEntity::Transaction { .. } => "transaction",
            AlertEntity::CustomerDay { .. } => "customer_day",
            AlertEntity::User { .. } => "user",
            AlertEntity::SessionPair { .. } => "session_pair",
        }
    }
}

/// Why the rule fired, with the figures, so a screen can say it in any language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AlertReason {
    /// R1: `amount` (at least `threshold`) authorised by a weak method.
    LargeDebit {
        amount: Money,
        auth_method: AuthMethod,
        threshold: Money,
    },
    /// R2: the transaction's device; `status` None when the device is not registered.
    RiskyDevice {
        device_id: String,
        status: Option<DeviceStatus>,
        trusted: bool,
    },
    /// R3: `count` completed debits totalling `total`, more than `limit`.
    DailyDebits {
        total: Money,
        count: usize,
        limit: Money,
    },
    /// R4: the most failed sign-ins in any window of `window_hours`: `count`, from
    /// `first` to `last` (the earliest such window).
    LoginFailures {
        count: usize,
        window_hours: i64,
        first: Timestamp,
        last: Timestamp,
    },
    /// R5: the earlier session's city, the later one's, and the whole minutes between
    /// their starts (rounded down).
    CityChange {
        first_city: String,
        second_city: String,
        minutes: i64,
    },
}

/// One raised alert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    /// Stable: `<rule>:<entity id>`.
    pub id: String,
    pub rule: Rule,
    pub severity: Severity,
    pub entity: AlertEntity,
    /// The customer concerned (None for staff users).
    pub customer_id: Option<String>,
    /// When the rule fired: the transaction's time (R1, R2), the debit that took the day
    /// over the limit (R3), the failure that reached the count (R4), the later session's
    /// start (R5).
    pub at: Timestamp,
    pub reason: AlertReason,
}

impl Alert {
    fn new(
        rule: Rule,
        entity: AlertEntity,
        customer_id: Option<String>,
        at: Timestamp,
        reason: AlertReason,
    ) -> Alert {
        Alert {
            id: format!("{}:{}", rule.as_str(), entity.id()),
            rule,
            severity: rule.severity(),
            entity,
            customer_id,
            at,
            reason,
        }
    }
}

/// Every alert the rules raise on `ds`, newest first, then by id.
pub fn alerts(ds: &Dataset, settings: &RiskSettings) -> Vec<Alert> {
    let mut run = AlertRun::new(ds, settings);
    while !run.step() {}
    run.finish()
}

/// The alerts computed a rule at a time, so that a UI thread can let the browser paint
/// between rules: R1 and R2 (one pass over the transactions), R3, R4, R5, then the sort.
pub struct AlertRun<'a> {
    ds: &'a Dataset,
    settings: &'a RiskSettings,
    out: Vec<Alert>,
    next: usize,
}

impl<'a> AlertRun<'a> {
    const PIECES: usize = 5;

    pub fn new(ds: &'a Dataset, settings: &'a RiskSettings) -> Self {
        AlertRun {
            ds,
            settings,
            out: Vec::new(),
            next: 0,
        }
    }

    /// Does the next piece; true when none is left.
    pub fn step(&mut self) -> bool {
        let (ds, settings) = (self.ds, self.settings);
        let users = || -> HashMap<&str, &AuthUser> {
            ds.auth_users
                .iter()
                .map(|u| (u.user_id.as_str(), u))
                .collect()
        };
        match self.next {
            0 => transaction_alerts(ds, settings, &mut self.out),
            1 => daily_debit_alerts(ds, settings, &mut self.out),
            2 | 3 => {
                let users = users();
                let customer_of =
                    |user_id: &str| users.get(user_id).and_then(|u| u.customer_id.clone());
                if self.next == 2 {
                    login_failure_alerts(ds, settings, &customer_of, &mut self.out);
                } else {
                    city_change_alerts(ds, settings, &customer_of, &mut self.out);
                }
            }
            _ => self
                .out
                .sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.id.cmp(&b.id))),
        }
        self.next += 1;
        self.next >= Self::PIECES
    }

    /// The alerts (running whatever pieces are left).
    pub fn finish(mut self) -> Vec<Alert> {
        while self.next < Self::PIECES {
            self.step();
        }
        self.out
    }
}

/// The alert with this id, if the rules raise it on `ds`.
pub fn find(ds: &Dataset, settings: &RiskSettings, id: &str) -> Option<Alert> {
    alerts(ds, settings).into_iter().find(|a| a.id == id)
}

fn strong_auth(method: AuthMethod) -> bool {
    matches!(method, AuthMethod::App | AuthMethod::Biometric)
}

/// R1 and R2, one pass over the transactions.
fn transaction_alerts(ds: &Dataset, settings: &RiskSettings, out: &mut Vec<Alert>) {
    let devices: HashMap<&str, &RegisteredDevice> = ds
        .registered_devices
        .iter()
        .map(|d| (d.device_id.as_str(), d))
        .collect();
    for t in &ds.transactions {
        let entity = || AlertEntity::Transaction {
            transaction_id: t.transaction_id.clone(),
        };
        if t.direction == Direction::Debit
            && t.amount >= settings.large_debit
            && !strong_auth(t.auth_method)
        {
            out.push(Alert::new(
                Rule::R1,
                entity(),
                Some(t.customer_id.clone()),
                t.created_at,
                AlertReason::LargeDebit {
                    amount: t.amount,
                    auth_method: t.auth_method,
                    threshold: settings.large_debit,
                },
            ));
        }
        if let Some(device_id) = &t.device_id {
            let device = devices.get(device_id.as_str());
            let status = device.map(|d| d.status);
            let trusted = device.is_some_and(|d| d.trusted);
            if status != Some(DeviceStatus::Active) || !trusted {
                out.push(Alert::new(
                    Rule::R2,
                    entity(),
                    Some(t.customer_id.clone()),
                    t.created_at,
                    AlertReason::RiskyDevice {
                        device_id: device_id.clone(),
                        status,
                        trusted,
                    },
                ));
            }
        }
    }
}

/// Whether a transaction counts towards R3's daily total.
fn counts_towards_day(t: &Transaction) -> bool {
    t.direction == Direction::Debit && t.status == TxnStatus::Completed
}

/// The customer's COMPLETED DEBIT transactions on a Kuwait calendar day, in time order
/// (ties by id): what R3 adds up.
pub fn day_debits<'a>(ds: &'a Dataset, customer_id: &str, date: NaiveDate) -> Vec<&'a Transaction> {
    let mut rows: Vec<&Transaction> = ds
        .transactions
        .iter()
        .filter(|t| {
            t.customer_id == customer_id
                && counts_towards_day(t)
                && kuwait_date(&t.created_at) == date
        })
        .collect();
    sort_by_time(&mut rows);
    rows
}

fn sort_by_time(rows: &mut [&Transaction]) {
    rows.sort_by(|a, b| {
        a.created_at
            .cmp(&b.created_at)
            .then_with(|| a.transaction_id.cmp(&b.transaction_id))
    });
}

/// R3: group completed debits by customer and Kuwait day.
fn daily_debit_alerts(ds: &Dataset, settings: &RiskSettings, out: &mut Vec<Alert>) {
    let mut days: HashMap<(&str, NaiveDate), (Money, Vec<&Transaction>)> = HashMap::new();
    for t in ds.transactions.iter().filter(|t| counts_towards_day(t)) {
        let day = days
            .entry((t.customer_id.as_str(), kuwait_date(&t.created_at)))
            .or_default();
        day.0 += t.amount;
        day.1.push(t);
    }
    for ((customer_id, date), (total, mut rows)) in days {
        if total <= settings.daily_debit_limit {
            continue;
        }
        sort_by_time(&mut rows);
        // The debit that took the running total over the limit.
        let mut running = Money::ZERO;
        let crossing = rows.iter().find(|t| {
            running += t.amount;
            running > settings.daily_debit_limit
        });
        let Some(at) = crossing.or(rows.last()).map(|t| t.created_at) else {
            continue;
        };
        out.push(Alert::new(
            Rule::R3,
            AlertEntity::CustomerDay {
                customer_id: customer_id.to_owned(),
                date,
            },
            Some(customer_id.to_owned()),
            at,
            AlertReason::DailyDebits {
                total,
                count: rows.len(),
                limit: settings.daily_debit_limit,
            },
        ));
    }
}

fn is_login_failure(a: &AuditLog) -> bool {
    a.action == AuditAction::LoginFailed.as_str()
}

/// The user's LOGIN_FAILED audit entries, oldest first (ties by id): what R4 counts.
pub fn failed_logins<'a>(ds: &'a Dataset, user_id: &str) -> Vec<&'a AuditLog> {
    let mut rows: Vec<&AuditLog> = ds
        .audit_logs
        .iter()
        .filter(|a| a.user_id == user_id && is_login_failure(a))
        .collect();
    sort_audits(&mut rows);
    rows
}

fn sort_audits(rows: &mut [&AuditLog]) {
    rows.sort_by(|a, b| {
        a.created_at
            .cmp(&b.created_at)
            .then_with(|| a.audit_id.cmp(&b.audit_id))
    });
}

/// R4: a sliding window over each user's failures.
fn login_failure_alerts(
    ds: &Dataset,
    settings: &RiskSettings,
    customer_of: &dyn Fn(&str) -> Option<String>,
    out: &mut Vec<Alert>,
) {
    let mut by_user: HashMap<&str, Vec<&AuditLog>> = HashMap::new();
    for a in ds.audit_logs.iter().filter(|a| is_login_failure(a)) {
        by_user.entry(a.user_id.as_str()).or_default().push(a);
    }
    let needed = settings.failed_logins.max(1);
    for (user_id, mut rows) in by_user {
        sort_audits(&mut rows);
        // Reached: when the count was first reached. Busiest: the earliest window with
        // the most failures, as (count, first index, last index).
        let mut reached: Option<Timestamp> = None;
        let mut busiest = (0usize, 0usize, 0usize);
        let mut start = 0;
        for (end, row) in rows.iter().enumerate() {
            while row.created_at - rows[start].created_at > settings.failed_login_window {
                start += 1;
            }
            let count = end - start + 1;
            if count >= needed && reached.is_none() {
                reached = Some(row.created_at);
            }
            if count > busiest.0 {
                busiest = (count, start, end);
            }
        }
        let Some(at) = reached else { continue };
        let (count, first, last) = busiest;
        let (Some(first), Some(last)) = (rows.get(first), rows.get(last)) else {
            continue;
        };
        out.push(Alert::new(
            Rule::R4,
            AlertEntity::User {
                user_id: user_id.to_owned(),
            },
            customer_of(user_id),
            at,
            AlertReason::LoginFailures {
                count,
                window_hours: settings.failed_login_window.num_hours(),
                first: first.created_at,
                last: last.created_at,
            },
        ));
    }
}

fn same_city(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// R5: within each user's sessions in start order, every pair less than the window
/// apart whose cities differ.
fn city_change_alerts(
    ds: &Dataset,
    settings: &RiskSettings,
    customer_of: &dyn Fn(&str) -> Option<String>,
    out: &mut Vec<Alert>,
) {
    let mut by_user: HashMap<&str, Vec<&LoginSession>> = HashMap::new();
    for s in &ds.login_sessions {
        by_user.entry(s.user_id.as_str()).or_default().push(s);
    }
    for (user_id, mut rows) in by_user {
        rows.sort_by(|a, b| {
            a.started_at
                .cmp(&b.started_at)
                .then_with(|| a.session_id.cmp(&b.session_id))
        });
        for (i, a) in rows.iter().enumerate() {
            for b in &rows[i + 1..] {
                let gap = b.started_at - a.started_at;
                if gap >= settings.city_change_window {
                    break;
                }
                if same_city(&a.city, &b.city) {
                    continue;
                }
                out.push(Alert::new(
                    Rule::R5,
                    AlertEntity::SessionPair {
                        first: a.session_id.clone(),
                        second: b.session_id.clone(),
                    },
                    customer_of(user_id),
                    b.started_at,
                    AlertReason::CityChange {
                        first_city: a.city.clone(),
                        second_city: b.city.clone(),
                        minutes: gap.num_minutes(),
                    },
                ));
            }
        }
    }
}

/// How many alerts, per rule and per severity (every rule and severity listed, zeros
/// included).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AlertCounts {
    pub total: usize,
    pub by_rule: BTreeMap<Rule, usize>,
    pub by_severity: BTreeMap<Severity, usize>,
}

pub fn counts<'a>(alerts: impl IntoIterator<Item = &'a Alert>) -> AlertCounts {
    let mut c = AlertCounts {
        total: 0,
        by_rule: Rule::ALL.iter().map(|r| (*r, 0)).collect(),
        by_severity: Severity::ALL.iter().map(|s| (*s, 0)).collect(),
    };
    for a in alerts {
        c.total += 1;
        *c.by_rule.entry(a.rule).or_default() += 1;
        *c.by_severity.entry(a.severity).or_default() += 1;
    }
    c
}

impl AlertCounts {
    /// `{"total":N,"by_rule":{"R1":n,...},"by_severity":{"LOW":n,...}}`.
    pub fn to_json(&self) -> serde_json::Value {
        let by_rule: serde_json::Map<String, serde_json::Value> = self
            .by_rule
            .iter()
            .map(|(r, n)| (r.as_str().to_owned(), (*n).into()))
            .collect();
        let by_severity: serde_json::Map<String, serde_json::Value> = self
            .by_severity
            .iter()
            .map(|(s, n)| (s.as_str().to_owned(), (*n).into()))
            .collect();
        serde_json::json!({
            "total": self.total,
            "by_rule": by_rule,
            "by_severity": by_severity,
        })
    }
}

/// Alerts shown per page.
pub const PAGE_SIZE: usize = 100;

/// The alert list's filters and page, as in the URL:
/// `?rule=R1&severity=HIGH&status=acknowledged&page=2`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlertQuery {
    pub rule: Option<Rule>,
    pub severity: Option<Severity>,
    pub status: Option<AlertStatus>,
    /// 1-based.
    pub page: usize,
}

impl Default for AlertQuery {
    fn default() -> Self {
        AlertQuery {
            rule: None,
            severity: None,
            status: None,
            page: 1,
        }
    }
}

impl AlertQuery {
    /// Reads URL query pairs. Unknown parameters and empty values are ignored; a value
    /// that is not valid is left unset and returned as (parameter, value).
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (AlertQuery, Vec<(String, String)>) {
        let mut q = AlertQuery::default();
        let mut bad = Vec::new();
        for (param, raw) in pairs {
            let value = raw.trim();
            if value.is_empty() {
                continue;
            }
            let ok = match param {
                "rule" => {
                    q.rule = Rule::from_code(value);
                    q.rule.is_some()
                }
                "severity" => {
                    q.severity = Severity::ALL.iter().copied().find(|s| s.as_str() == value);
                    q.severity.is_some()
                }
                "status" => {
                    q.status = AlertStatus::from_code(value);
                    q.status.is_some()
                }
                "page" => match value.parse::<usize>() {
                    Ok(p) if p >= 1 && value.bytes().all(|b| b.is_ascii_digit()) => {
                        q.page = p;
                        true
                    }
                    _ => false,
                },
                _ => true,
            };
            if !ok {
                bad.push((param.to_owned(), raw.to_owned()));
            }
        }
        (q, bad)
    }

    /// The URL query pairs, defaults left out.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if let Some(r) = self.rule {
            pairs.push(("rule", r.as_str().to_owned()));
        }
        if let Some(s) = self.severity {
            pairs.push(("severity", s.as_str().to_owned()));
        }
        if let Some(s) = self.status {
            pairs.push(("status", s.as_str().to_owned()));
        }
        if self.page > 1 {
            pairs.push(("page", self.page.to_string()));
        }
        pairs
    }

    pub fn is_filtered(&self) -> bool {
        self.rule.is_some() || self.severity.is_some() || self.status.is_some()
    }

    /// Whether `alert`, whose status is `status`, passes the filters.
    pub fn matches(&self, alert: &Alert, status: AlertStatus) -> bool {
        self.rule.is_none_or(|r| r == alert.rule)
            && self.severity.is_none_or(|s| s == alert.severity)
            && self.status.is_none_or(|s| s == status)
    }
}

/// Pages needed for `total` alerts (at least 1).
pub fn page_count(total: usize) -> usize {
    crate::ledger::pages_of(total, PAGE_SIZE)
}

/// The alerts of 1-based `page` (clamped to 1..=page_count).
pub fn page_slice<T>(rows: &[T], page: usize) -> &[T] {
    crate::ledger::page_of(rows, page, PAGE_SIZE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::*;
    use crate::model::*;

    const KWD: i64 = 1_000;

    fn rules(alerts: &[Alert]) -> Vec<(Rule, String)> {
        alerts.iter().map(|a| (a.rule, a.entity.id())).collect()
    }

    fn of_rule(ds: &Dataset, settings: &RiskSettings, rule: Rule) -> Vec<Alert> {
        alerts(ds, settings)
            .into_iter()
            .filter(|a| a.rule == rule)
            .collect()
    }

    fn defaults() -> RiskSettings {
        RiskSettings::default()
    }

    // ---- R1 ----

    #[test]
    fn r1_fires_at_and_above_the_threshold_only_without_strong_auth() {
        let at = "2026-03-01T10:00:00+03:00";
        let ds = Dataset {
            transactions: vec![
                txn("below", "c1", 1_000 * KWD - 1, at),
                txn("exact", "c1", 1_000 * KWD, at),
                txn("above", "c1", 1_000 * KWD + 1, at),
                Transaction {
                    auth_method: AuthMethod::App,
                    ..txn("app", "c1", 5_000 * KWD, at)
                },
                Transaction {
                    auth_method: AuthMethod::Biometric,
                    ..txn("bio", "c1", 5_000 * KWD, at)
                },
                Transaction {
                    auth_method: AuthMethod::OtpSms,
                    ..txn("sms", "c1", 1_000 * KWD, at)
                },
                Transaction {
                    auth_method: AuthMethod::None,
                    status: TxnStatus::Failed,
                    ..txn("none-failed", "c1", 1_000 * KWD, at)
                },
                Transaction {
                    direction: Direction::Credit,
                    ..txn("credit", "c1", 9_000 * KWD, at)
                },
            ],
            ..Dataset::default()
        };
        let r1 = of_rule(&ds, &defaults(), Rule::R1);
        let mut ids: Vec<String> = r1.iter().map(|a| a.entity.id()).collect();
        ids.sort();
        assert_eq!(ids, ["above", "exact", "none-failed", "sms"]);
        let exact = r1.iter().find(|a| a.id == "R1:exact").unwrap();
        assert_eq!(exact.severity, Severity::High);
        assert_eq!(exact.customer_id.as_deref(), Some("c1"));
        assert_eq!(exact.at, ts(at));
        assert_eq!(
            exact.reason,
            AlertReason::LargeDebit {
                amount: Money::from_fils(1_000 * KWD),
                auth_method: AuthMethod::Pin,
                threshold: Money::from_kwd(1_000),
            }
        );
    }

    #[test]
    fn r1_threshold_is_a_setting() {
        let at = "2026-03-01T10:00:00+03:00";
        let ds = Dataset {
            transactions: vec![txn("t1", "c1", 500 * KWD, at), txn("t2", "c1", 499_999, at)],
            ..Dataset::default()
        };
        assert!(of_rule(&ds, &defaults(), Rule::R1).is_empty());
        let settings = RiskSettings {
            large_debit: Money::from_kwd(500),
            ..defaults()
        };
        assert_eq!(
            rules(&of_rule(&ds, &settings, Rule::R1)),
            [(Rule::R1, "t1".to_owned())]
        );
    }

    // ---- R2 ----

    #[test]
    fn r2_fires_for_devices_not_active_or_not_trusted() {
        let at = "2026-03-01T10:00:00+03:00";
        let trusted = |id: &str, status| RegisteredDevice {
            trusted: true,
            status,
            ..device(id, "u1", "iPhone 15")
        };
        let on = |id: &str, dev: Option<&str>| Transaction {
            device_id: dev.map(Into::into),
            ..txn(id, "c1", 10 * KWD, at)
        };
        let ds = Dataset {
            registered_devices: vec![
                trusted("ok", DeviceStatus::Active),
                trusted("inactive", DeviceStatus::Inactive),
                trusted("revoked", DeviceStatus::Revoked),
                device("untrusted", "u1", "Pixel 8"),
            ],
            transactions: vec![
                on("t-ok", Some("ok")),
                on("t-inactive", Some("inactive")),
                on("t-revoked", Some("revoked")),
                on("t-untrusted", Some("untrusted")),
                on("t-unknown", Some("nowhere")),
                on("t-none", None),
            ],
            ..Dataset::default()
        };
        let r2 = of_rule(&ds, &defaults(), Rule::R2);
        let mut ids: Vec<String> = r2.iter().map(|a| a.entity.id()).collect();
        ids.sort();
        assert_eq!(ids, ["t-inactive", "t-revoked", "t-unknown", "t-untrusted"]);
        let find = |id: &str| &r2.iter().find(|a| a.entity.id() == id).unwrap().reason;
        assert_eq!(
            find("t-untrusted"),
            &AlertReason::RiskyDevice {
                device_id: "untrusted".into(),
                status: Some(DeviceStatus::Active),
                trusted: false
            }
        );
        assert_eq!(
            find("t-unknown"),
            &AlertReason::RiskyDevice {
                device_id: "nowhere".into(),
                status: None,
                trusted: false
            }
        );
        assert!(r2.iter().all(|a| a.severity == Severity::Medium));
    }

    #[test]
    fn one_transaction_can_raise_r1_and_r2() {
        let ds = Dataset {
            registered_devices: vec![device("d1", "u1", "iPhone")],
            transactions: vec![Transaction {
                device_id: Some("d1".into()),
                ..txn("t1", "c1", 2_000 * KWD, "2026-03-01T10:00:00+03:00")
            }],
            ..Dataset::default()
        };
        let ids: Vec<String> = alerts(&ds, &defaults()).into_iter().map(|a| a.id).collect();
        assert_eq!(ids, ["R1:t1", "R2:t1"]);
    }

    // ---- R3 ----

    #[test]
    fn r3_fires_only_when_the_day_total_exceeds_the_limit() {
        // c1: exactly 5,000.000 in a day (no alert); c2: one fils more (alert).
        let ds = Dataset {
            transactions: vec![
                txn("a1", "c1", 3_000 * KWD, "2026-03-01T09:00:00+03:00"),
                txn("a2", "c1", 2_000 * KWD, "2026-03-01T18:00:00+03:00"),
                txn("b1", "c2", 3_000 * KWD, "2026-03-01T09:00:00+03:00"),
                txn("b2", "c2", 2_000 * KWD, "2026-03-01T18:00:00+03:00"),
                txn("b3", "c2", 1, "2026-03-01T20:00:00+03:00"),
            ],
            ..Dataset::default()
        };
        let r3 = of_rule(&ds, &defaults(), Rule::R3);
        assert_eq!(r3.len(), 1);
        let a = &r3[0];
        assert_eq!(a.id, "R3:c2:2026-03-01");
        assert_eq!(
            a.entity,
            AlertEntity::CustomerDay {
                customer_id: "c2".into(),
                date: date(2026, 3, 1)
            }
        );
        assert_eq!(a.entity.id(), "c2:2026-03-01");
        // The debit that took the total over the limit.
        assert_eq!(a.at, ts("2026-03-01T20:00:00+03:00"));
        assert_eq!(
            a.reason,
            AlertReason::DailyDebits {
                total: Money::from_fils(5_000 * KWD + 1),
                count: 3,
                limit: Money::from_kwd(5_000)
            }
        );
        assert_eq!(a.severity, Severity::High);
        assert_eq!(day_debits(&ds, "c2", date(2026, 3, 1)).len(), 3);
    }

    #[test]
    fn r3_counts_completed_debits_by_kuwait_day() {
        let ds = Dataset {
            transactions: vec![
                // 23:30 UTC on 28 Feb is 02:30 on 1 Mar in Kuwait.
                txn("x1", "c1", 3_000 * KWD, "2026-02-28T23:30:00+00:00"),
                txn("x2", "c1", 3_000 * KWD, "2026-03-01T10:00:00+03:00"),
                // Kuwait 28 Feb: alone it is under the limit.
                txn("y1", "c1", 4_000 * KWD, "2026-02-28T23:59:59+03:00"),
                // Not completed, or credits: not counted.
                Transaction {
                    status: TxnStatus::Pending,
                    ..txn("p1", "c1", 3_000 * KWD, "2026-02-28T12:00:00+03:00")
                },
                Transaction {
                    status: TxnStatus::Failed,
                    ..txn("f1", "c1", 3_000 * KWD, "2026-02-28T12:00:00+03:00")
                },
                Transaction {
                    direction: Direction::Credit,
                    ..txn("cr", "c1", 3_000 * KWD, "2026-02-28T12:00:00+03:00")
                },
            ],
            ..Dataset::default()
        };
        let r3 = of_rule(&ds, &defaults(), Rule::R3);
        assert_eq!(rules(&r3), [(Rule::R3, "c1:2026-03-01".to_owned())]);
        assert_eq!(r3[0].at, ts("2026-03-01T10:00:00+03:00"));
    }

    #[test]
    fn r3_limit_is_a_setting() {
        let ds = Dataset {
            transactions: vec![txn("a", "c1", 100 * KWD, "2026-03-01T09:00:00+03:00")],
            ..Dataset::default()
        };
        let at = |fils| RiskSettings {
            daily_debit_limit: Money::from_fils(fils),
            ..defaults()
        };
        assert!(of_rule(&ds, &at(100 * KWD), Rule::R3).is_empty());
        assert_eq!(of_rule(&ds, &at(100 * KWD - 1), Rule::R3).len(), 1);
    }

    // ---- R4 ----

    fn failure(id: &str, user: &str, at: &str) -> AuditLog {
        AuditLog {
            user_id: user.into(),
            action: AuditAction::LoginFailed.as_str().into(),
            ..audit(id, Some("c1"), at)
        }
    }

    /// Failures of `user` at these offsets in seconds from 2026-03-01 00:00 Kuwait time.
    fn failures(user: &str, seconds: &[i64]) -> Vec<AuditLog> {
        let start = ts("2026-03-01T00:00:00+03:00");
        seconds
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let at = start + Duration::seconds(*s);
                failure(&format!("{user}-{i}"), user, &at.to_rfc3339())
            })
            .collect()
    }

    #[test]
    fn r4_needs_five_failures_within_24_hours_inclusive() {
        let day = 24 * 3600;
        let ds = Dataset {
            auth_users: vec![user("exact", Some("c-exact")), user("over", Some("c-over"))],
            audit_logs: [
                // Five failures, the fifth exactly 24 h after the first: an alert.
                failures("exact", &[0, 3600, 7200, 10_800, day]),
                // The fifth one second later: four in any 24 h, no alert.
                failures("over", &[0, 3600, 7200, 10_800, day + 1]),
                // Four failures only.
                failures("four", &[0, 1, 2, 3]),
            ]
            .concat(),
            ..Dataset::default()
        };
        let r4 = of_rule(&ds, &defaults(), Rule::R4);
        assert_eq!(rules(&r4), [(Rule::R4, "exact".to_owned())]);
        let a = &r4[0];
        assert_eq!(a.id, "R4:exact");
        assert_eq!(a.customer_id.as_deref(), Some("c-exact"));
        assert_eq!(a.severity, Severity::High);
        let start = ts("2026-03-01T00:00:00+03:00");
        assert_eq!(a.at, start + Duration::seconds(day));
        assert_eq!(
            a.reason,
            AlertReason::LoginFailures {
                count: 5,
                window_hours: 24,
                first: start,
                last: start + Duration::seconds(day)
            }
        );
    }

    #[test]
    fn r4_is_once_per_user_with_the_busiest_window() {
        // Seven failures a minute apart, ten days later six more: one alert, count 7,
        // raised at the fifth failure.
        let mut seconds: Vec<i64> = (0..7).map(|i| i * 60).collect();
        seconds.extend((0..6).map(|i| 10 * 24 * 3600 + i * 60));
        let ds = Dataset {
            audit_logs: [
                failures("u9", &seconds),
                // Other actions do not count.
                vec![AuditLog {
                    user_id: "u9".into(),
                    action: "LOGIN_SUCCESS".into(),
                    ..audit("ok", None, "2026-03-01T00:00:30+03:00")
                }],
            ]
            .concat(),
            ..Dataset::default()
        };
        let r4 = of_rule(&ds, &defaults(), Rule::R4);
        assert_eq!(r4.len(), 1);
        let start = ts("2026-03-01T00:00:00+03:00");
        assert_eq!(r4[0].at, start + Duration::minutes(4));
        assert!(matches!(
            r4[0].reason,
            AlertReason::LoginFailures { count: 7, .. }
        ));
        // Unknown user: no customer.
        assert_eq!(r4[0].customer_id, None);
        assert_eq!(failed_logins(&ds, "u9").len(), 13);
    }

    #[test]
    fn r4_count_and_window_are_settings() {
        let ds = Dataset {
            audit_logs: failures("u1", &[0, 7200, 14_400]),
            ..Dataset::default()
        };
        assert!(of_rule(&ds, &defaults(), Rule::R4).is_empty());
        let three = RiskSettings {
            failed_logins: 3,
            ..defaults()
        };
        assert_eq!(of_rule(&ds, &three, Rule::R4).len(), 1);
        let short = RiskSettings {
            failed_login_window: Duration::hours(4) - Duration::seconds(1),
            ..three.clone()
        };
        assert!(of_rule(&ds, &short, Rule::R4).is_empty());
        let just = RiskSettings {
            failed_login_window: Duration::hours(4),
            ..three
        };
        assert_eq!(of_rule(&ds, &just, Rule::R4).len(), 1);
    }

    // ---- R5 ----

    fn session_in(id: &str, user: &str, city: &str, started: &str) -> LoginSession {
        LoginSession {
            city: city.into(),
            ..session(id, user, "d1", started, "37.36.0.1")
        }
    }

    #[test]
    fn r5_pairs_different_cities_less_than_30_minutes_apart() {
        let ds = Dataset {
            auth_users: vec![user("u1", Some("c1"))],
            login_sessions: vec![
                session_in("s1", "u1", "Salmiya", "2026-03-01T10:00:00+03:00"),
                // 29:59 later, another city: alert.
                session_in("s2", "u1", "Jahra", "2026-03-01T10:29:59+03:00"),
                // Exactly 30:00 after s1 (not less than 30 minutes): no pair with s1;
                // 1 s after s2 but in the same city: no pair with s2.
                session_in("s3", "u1", "Jahra", "2026-03-01T10:30:00+03:00"),
                // The same city as s2 and s3 (case and spaces aside); 40 min after s1.
                session_in("s4", "u1", "jahra ", "2026-03-01T10:40:00+03:00"),
                // Another user in another city at the same time: not paired.
                session_in("x1", "u2", "Fahaheel", "2026-03-01T10:00:00+03:00"),
            ],
            ..Dataset::default()
        };
        let r5 = of_rule(&ds, &defaults(), Rule::R5);
        assert_eq!(rules(&r5), [(Rule::R5, "s1:s2".to_owned())]);
        let a = &r5[0];
        assert_eq!(a.id, "R5:s1:s2");
        assert_eq!(a.customer_id.as_deref(), Some("c1"));
        assert_eq!(a.at, ts("2026-03-01T10:29:59+03:00"));
        assert_eq!(a.severity, Severity::Medium);
        assert_eq!(
            a.reason,
            AlertReason::CityChange {
                first_city: "Salmiya".into(),
                second_city: "Jahra".into(),
                minutes: 29
            }
        );
    }

    #[test]
    fn r5_raises_one_alert_per_pair_in_start_order() {
        let ds = Dataset {
            login_sessions: vec![
                session_in("c", "u1", "Jahra", "2026-03-01T10:20:00+03:00"),
                session_in("a", "u1", "Salmiya", "2026-03-01T10:00:00+03:00"),
                session_in("b", "u1", "Fahaheel", "2026-03-01T10:10:00+03:00"),
            ],
            ..Dataset::default()
        };
        let ids: Vec<String> = of_rule(&ds, &defaults(), Rule::R5)
            .into_iter()
            .map(|a| a.id)
            .collect();
        // Newest first, then id.
        assert_eq!(ids, ["R5:a:c", "R5:b:c", "R5:a:b"]);
    }

    #[test]
    fn r5_window_is_a_setting() {
        let ds = Dataset {
            login_sessions: vec![
                session_in("a", "u1", "Salmiya", "2026-03-01T10:00:00+03:00"),
                session_in("b", "u1", "Jahra", "2026-03-01T11:00:00+03:00"),
            ],
            ..Dataset::default()
        };
        assert!(of_rule(&ds, &defaults(), Rule::R5).is_empty());
        let hour = |d| RiskSettings {
            city_change_window: d,
            ..defaults()
        };
        assert!(of_rule(&ds, &hour(Duration::hours(1)), Rule::R5).is_empty());
        assert_eq!(
            of_rule(
                &ds,
                &hour(Duration::hours(1) + Duration::seconds(1)),
                Rule::R5
            )
            .len(),
            1
        );
    }

    // ---- all rules ----

    #[test]
    fn alerts_are_newest_first_then_by_id_and_counted() {
        let ds = Dataset {
            transactions: vec![
                txn("t2", "c1", 2_000 * KWD, "2026-03-01T10:00:00+03:00"),
                txn("t1", "c1", 2_000 * KWD, "2026-03-01T10:00:00+03:00"),
                txn("t3", "c1", 2_000 * KWD, "2026-03-02T10:00:00+03:00"),
            ],
            login_sessions: vec![
                session_in("a", "u1", "Salmiya", "2026-03-01T09:00:00+03:00"),
                session_in("b", "u1", "Jahra", "2026-03-01T09:05:00+03:00"),
            ],
            ..Dataset::default()
        };
        let all = alerts(&ds, &defaults());
        let ids: Vec<&str> = all.iter().map(|a| a.id.as_str()).collect();
        assert_eq!(ids, ["R1:t3", "R1:t1", "R1:t2", "R5:a:b"]);
        let c = counts(&all);
        assert_eq!(c.total, 4);
        assert_eq!(c.by_rule[&Rule::R1], 3);
        assert_eq!(c.by_rule[&Rule::R2], 0);
        assert_eq!(c.by_rule[&Rule::R5], 1);
        assert_eq!(c.by_severity[&Severity::High], 3);
        assert_eq!(c.by_severity[&Severity::Medium], 1);
        assert_eq!(c.by_severity[&Severity::Low], 0);
        assert_eq!(
            c.to_json().to_string(),
            r#"{"by_rule":{"R1":3,"R2":0,"R3":0,"R4":0,"R5":1},"by_severity":{"CRITICAL":0,"HIGH":3,"LOW":0,"MEDIUM":1},"total":4}"#
        );
        assert_eq!(
            find(&ds, &defaults(), "R5:a:b").map(|a| a.rule),
            Some(Rule::R5)
        );
        assert_eq!(find(&ds, &defaults(), "R5:b:a"), None);
        // The same data gives the same alerts.
        assert_eq!(alerts(&ds, &defaults()), all);
    }

    #[test]
    fn empty_data_raises_nothing() {
        assert!(alerts(&Dataset::default(), &defaults()).is_empty());
        assert_eq!(counts(&[]).total, 0);
    }

    #[test]
    fn rule_and_status_codes_round_trip() {
        for r in Rule::ALL {
            assert_eq!(Rule::from_code(r.as_str()), Some(*r));
        }
        assert_eq!(Rule::from_code("r1"), None);
        for s in AlertStatus::ALL {
            assert_eq!(AlertStatus::from_code(s.as_str()), Some(*s));
        }
        assert_eq!(AlertStatus::default(), AlertStatus::New);
        assert_eq!(
            serde_json::to_string(&AlertStatus::Acknowledged).unwrap(),
            "\"acknowledged\""
        );
    }

    #[test]
    fn query_reads_and_writes_the_url() {
        let (q, bad) = AlertQuery::from_pairs([
            ("rule", "R3"),
            ("severity", "HIGH"),
            ("status", "resolved"),
            ("page", "2"),
            ("other", "x"),
        ]);
        assert!(bad.is_empty());
        assert_eq!(q.rule, Some(Rule::R3));
        assert_eq!(q.severity, Some(Severity::High));
        assert_eq!(q.status, Some(AlertStatus::Resolved));
        assert_eq!(q.page, 2);
        let pairs: Vec<(&str, String)> = q.to_pairs();
        assert_eq!(
            pairs,
            [
                ("rule", "R3".to_owned()),
                ("severity", "HIGH".to_owned()),
                ("status", "resolved".to_owned()),
                ("page", "2".to_owned())
            ]
        );
        let (q, bad) = AlertQuery::from_pairs([("rule", "R9"), ("page", "0"), ("status", "")]);
        assert_eq!(q, AlertQuery::default());
        assert_eq!(
            bad,
            [
                ("rule".to_owned(), "R9".to_owned()),
                ("page".to_owned(), "0".to_owned())
            ]
        );
        assert!(AlertQuery::default().to_pairs().is_empty());
    }

    #[test]
    fn query_filters_and_pages() {
        let ds = Dataset {
            transactions: (0..250)
                .map(|i| {
                    txn(
                        &format!("t{i:03}"),
                        "c1",
                        2_000 * KWD,
                        "2026-03-01T10:00:00+03:00",
                    )
                })
                .collect(),
            ..Dataset::default()
        };
        // 250 large debits (R1) that also take the day over the limit (one R3).
        let (all, day): (Vec<Alert>, Vec<Alert>) = alerts(&ds, &defaults())
            .into_iter()
            .partition(|a| a.rule == Rule::R1);
        assert_eq!(day.len(), 1);
        let q = AlertQuery {
            rule: Some(Rule::R1),
            status: Some(AlertStatus::New),
            ..AlertQuery::default()
        };
        assert!(all.iter().all(|a| q.matches(a, AlertStatus::New)));
        assert!(!q.matches(&all[0], AlertStatus::Resolved));
        let other = AlertQuery {
            severity: Some(Severity::Medium),
            ..AlertQuery::default()
        };
        assert!(!other.matches(&all[0], AlertStatus::New));
        assert_eq!(page_count(all.len()), 3);
        assert_eq!(page_slice(&all, 3).len(), 50);
        assert_eq!(page_slice(&all, 9).len(), 50);
        assert_eq!(page_slice(&all, 1)[0].id, "R1:t000");
        assert_eq!(page_count(0), 1);
        assert!(page_slice::<Alert>(&[], 1).is_empty());
    }
}
