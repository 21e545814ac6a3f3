//! The validator: every business rule of the dataset, each violation reported with
//! its file, record id and rule. The generator makes data for which this reports
//! nothing; tests break one rule at a time and expect exactly that report.

use crate::dataset::{Collection, Dataset};
use crate::kuwait;
use crate::model::*;
use crate::money::{parse_fixed, Money};
use crate::time::{as_of_instant, Timestamp, KUWAIT_OFFSET_SECONDS};
use chrono::{DateTime, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};

string_enum!(
    /// One business rule. The string is what reports print.
    Rule {
        Json = "json",
        Schema = "schema",
        MetaCounts = "meta-counts",
        UniqueId = "unique-id",
        Reference = "reference",
        OwnerMismatch = "owner-mismatch",
        TimestampOffset = "timestamp-offset",
        TimestampAfterAsOf = "timestamp-after-as-of",
        AmountPrecision = "amount-precision",
        CurrencyKwd = "currency-kwd",
        AccountBalance = "account-balance",
        GoalAmount = "goal-amount",
        GoalContributions = "goal-contributions",
        LockedAfterFailures = "locked-after-failures",
        SessionDevice = "session-device",
        DisputeFailedTransaction = "dispute-failed-transaction",
        ExpiryStatus = "expiry-status",
        MfaEnabled = "mfa-enabled",
        NotificationOptOut = "notification-opt-out",
        KuwaitIp = "kuwait-ip",
        KuwaitCity = "kuwait-city",
        EmailFormat = "email-format",
        PhoneFormat = "phone-format",
        CivilId = "civil-id",
        Iban = "iban",
        CredentialHash = "credential-hash",
        TotpSecret = "totp-secret",
    }
);

/// One broken rule in one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Violation {
    pub file: String,
    pub record_id: String,
    pub rule: Rule,
    pub message: String,
}

/// Money fields per collection, checked for precision before typed parsing.
fn money_fields(c: Collection) -> &'static [&'static str] {
    match c {
        Collection::Accounts => &["opening_balance", "balance"],
        Collection::Transactions => &["amount"],
        Collection::SavingsGoals => &["target_amount", "current_amount"],
        Collection::DisputeRecords => &["disputed_amount"],
        _ => &[],
    }
}

/// The shortest authenticator-app secret accepted: RFC 4226 requires 128 bits (and
/// recommends the 160 the generator uses).
const MIN_TOTP_SECRET_BYTES: usize = 16;

/// Forward-looking timestamps, allowed to lie after as_of.
const FUTURE_FIELDS: &[&str] = &["expires_at"];

struct Sink {
    violations: Vec<Violation>,
}

impl Sink {
    fn add(&mut self, c: Collection, id: &str, rule: Rule, message: impl Into<String>) {
        self.violations.push(Violation {
            file: c.file_name(),
            record_id: id.to_owned(),
            rule,
            message: message.into(),
        });
    }
}

fn record_id(c: Collection, v: &Value) -> String {
    v.get(c.id_field())
        .and_then(Value::as_str)
        .unwrap_or("-")
        .to_owned()
}

/// Checks raw JSON records: amount precision (then normalised so one fault gives
/// one report) and the offset and range of every timestamp.
fn check_raw(c: Collection, records: &mut [Value], now: &Timestamp, sink: &mut Sink) {
    for record in records.iter_mut() {
        let id = record_id(c, record);
        let Some(obj) = record.as_object_mut() else {
            continue;
        };
        for field in money_fields(c) {
            let Some(number) = obj.get(*field).and_then(Value::as_f64) else {
                continue;
            };
            let text = format!("{number}");
            if parse_fixed(&text, 3).is_err() {
                sink.add(
                    c,
                    &id,
                    Rule::AmountPrecision,
                    format!("{field} {text} has more than 3 decimal places"),
                );
                let (whole, frac) = text.split_once('.').unwrap_or((&text, ""));
                let truncated = format!("{whole}.{}", &frac[..frac.len().min(3)]);
                if let Ok(m) = Money::parse_kwd(&truncated) {
                    obj.insert(
                        (*field).to_owned(),
                        serde_json::to_value(m).unwrap_or(Value::Null),
                    );
                }
            }
        }
        for (field, value) in obj.iter() {
            let Some(t) = value
                .as_str()
                .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            else {
                continue;
            };
            if t.offset().local_minus_utc() != KUWAIT_OFFSET_SECONDS {
                sink.add(
                    c,
                    &id,
                    Rule::TimestampOffset,
                    format!("{field} {t} is not in Kuwait time (+03:00)"),
                );
            }
            if t > *now && !FUTURE_FIELDS.contains(&field.as_str()) {
                sink.add(
                    c,
                    &id,
                    Rule::TimestampAfterAsOf,
                    format!("{field} {t} is later than as_of"),
                );
            }
        }
    }
}

/// Parses each record on its own so one bad record does not hide the others.
fn typed<T: for<'de> Deserialize<'de>>(
    c: Collection,
    records: Vec<Value>,
    sink: &mut Sink,
) -> Vec<T> {
    let mut out = Vec::with_capacity(records.len());
    for value in records {
        let id = record_id(c, &value);
        match T::deserialize(value) {
            Ok(t) => out.push(t),
            Err(e) => sink.add(c, &id, Rule::Schema, e.to_string()),
        }
    }
    out
}

/// Validates the raw texts of the 14 files (missing ones are reported) against as_of,
/// and the counts in meta.json when given.
pub fn validate_texts(
    texts: &BTreeMap<Collection, String>,
    as_of: NaiveDate,
    meta_counts: Option<&BTreeMap<String, usize>>,
) -> Vec<Violation> {
    let mut sink = Sink {
        violations: Vec::new(),
    };
    let now = as_of_instant(as_of);
    let mut raw: BTreeMap<Collection, Vec<Value>> = BTreeMap::new();
    for c in Collection::ALL {
        let records = match texts.get(&c) {
            None => {
                sink.add(c, "-", Rule::Json, "file is missing");
                Vec::new()
            }
            Some(text) => match serde_json::from_str::<Vec<Value>>(text) {
                Ok(records) => records,
                Err(e) => {
                    sink.add(c, "-", Rule::Json, format!("not a valid JSON array: {e}"));
                    Vec::new()
                }
            },
        };
        raw.insert(c, records);
    }
    if let Some(counts) = meta_counts {
        for c in Collection::ALL {
            let actual = raw.get(&c).map_or(0, Vec::len);
            if counts.get(c.name()) != Some(&actual) {
                sink.add(
                    c,
                    "-",
                    Rule::MetaCounts,
                    format!(
                        "meta.json counts {:?}, file has {actual}",
                        counts.get(c.name())
                    ),
                );
            }
        }
    }
    for (c, records) in raw.iter_mut() {
        check_raw(*c, records, &now, &mut sink);
    }
    let mut take = |c: Collection| raw.remove(&c).unwrap_or_default();
    use Collection as C;
    let ds = Dataset {
        customers: typed(C::Customers, take(C::Customers), &mut sink),
        accounts: typed(C::Accounts, take(C::Accounts), &mut sink),
        transactions: typed(C::Transactions, take(C::Transactions), &mut sink),
        savings_goals: typed(C::SavingsGoals, take(C::SavingsGoals), &mut sink),
        service_requests: typed(C::ServiceRequests, take(C::ServiceRequests), &mut sink),
        dispute_records: typed(C::DisputeRecords, take(C::DisputeRecords), &mut sink),
        notifications: typed(C::Notifications, take(C::Notifications), &mut sink),
        auth_users: typed(C::AuthUsers, take(C::AuthUsers), &mut sink),
        credentials: typed(C::Credentials, take(C::Credentials), &mut sink),
        mfa_settings: typed(C::MfaSettings, take(C::MfaSettings), &mut sink),
        registered_devices: typed(C::RegisteredDevices, take(C::RegisteredDevices), &mut sink),
        login_sessions: typed(C::LoginSessions, take(C::LoginSessions), &mut sink),
        audit_logs: typed(C::AuditLogs, take(C::AuditLogs), &mut sink),
        customer_settings: typed(C::CustomerSettings, take(C::CustomerSettings), &mut sink),
    };
    sink.violations.extend(validate_dataset(&ds, as_of));
    sink.violations
}

/// Index of records by id.
fn index<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<&str, &T> {
    items.iter().map(|t| (id(t), t)).collect()
}

/// Lookups shared by the rules.
struct Ix<'a> {
    customers: HashMap<&'a str, &'a Customer>,
    accounts: HashMap<&'a str, &'a Account>,
    transactions: HashMap<&'a str, &'a Transaction>,
    goals: HashMap<&'a str, &'a SavingsGoal>,
    requests: HashMap<&'a str, &'a ServiceRequest>,
    disputes: HashMap<&'a str, &'a DisputeRecord>,
    users: HashMap<&'a str, &'a AuthUser>,
    credentials: HashMap<&'a str, &'a Credential>,
    mfa: HashMap<&'a str, &'a MfaSetting>,
    devices: HashMap<&'a str, &'a RegisteredDevice>,
    sessions: HashMap<&'a str, &'a LoginSession>,
    settings: HashMap<&'a str, &'a CustomerSettings>,
}

impl<'a> Ix<'a> {
    fn new(ds: &'a Dataset) -> Self {
        Ix {
            customers: index(&ds.customers, |r| &r.customer_id),
            accounts: index(&ds.accounts, |r| &r.account_id),
            transactions: index(&ds.transactions, |r| &r.transaction_id),
            goals: index(&ds.savings_goals, |r| &r.goal_id),
            requests: index(&ds.service_requests, |r| &r.request_id),
            disputes: index(&ds.dispute_records, |r| &r.dispute_id),
            users: index(&ds.auth_users, |r| &r.user_id),
            credentials: index(&ds.credentials, |r| &r.user_id),
            mfa: index(&ds.mfa_settings, |r| &r.mfa_id),
            devices: index(&ds.registered_devices, |r| &r.device_id),
            sessions: index(&ds.login_sessions, |r| &r.session_id),
            settings: index(&ds.customer_settings, |r| &r.customer_id),
        }
    }

    fn user_customer(&self, user_id: &str) -> Option<Option<&'a str>> {
        self.users.get(user_id).map(|u| u.customer_id.as_deref())
    }

    /// The customer an entity belongs to: None when the entity does not exist,
    /// Some(None) when it exists but belongs to no customer (staff).
    fn owner_of(&self, ty: EntityType, id: &str) -> Option<Option<&'a str>> {
        let user = |user_id: &str| self.user_customer(user_id).flatten();
        match ty {
            EntityType::Customer => self.customers.get(id).map(|c| Some(c.customer_id.as_str())),
            EntityType::Account => self.accounts.get(id).map(|a| Some(a.customer_id.as_str())),
            EntityType::Transaction => self
                .transactions
                .get(id)
                .map(|t| Some(t.customer_id.as_str())),
            EntityType::SavingsGoal => self.goals.get(id).map(|g| Some(g.customer_id.as_str())),
            EntityType::ServiceRequest => {
                self.requests.get(id).map(|r| Some(r.customer_id.as_str()))
            }
            EntityType::Dispute => self.disputes.get(id).map(|d| Some(d.customer_id.as_str())),
            EntityType::AuthUser => self.users.get(id).map(|u| u.customer_id.as_deref()),
            EntityType::Credential => self.credentials.get(id).map(|c| user(&c.user_id)),
            EntityType::MfaSetting => self.mfa.get(id).map(|m| user(&m.user_id)),
            EntityType::Device => self.devices.get(id).map(|d| user(&d.user_id)),
            EntityType::Session => self.sessions.get(id).map(|s| user(&s.user_id)),
        }
    }
}

/// The typed rules over a parsed dataset.
pub fn validate_dataset(ds: &Dataset, as_of: NaiveDate) -> Vec<Violation> {
    let mut sink = Sink {
        violations: Vec::new(),
    };
    let now = as_of_instant(as_of);
    let ix = Ix::new(ds);
    use Collection as C;

    unique_ids(ds, &mut sink);

    for c in &ds.customers {
        let id = &c.customer_id;
        if !kuwait::is_valid_email(&c.email) {
            sink.add(
                C::Customers,
                id,
                Rule::EmailFormat,
                format!("email {:?} is not a valid address", c.email),
            );
        }
        if !kuwait::is_valid_phone(&c.phone) {
            sink.add(
                C::Customers,
                id,
                Rule::PhoneFormat,
                format!("phone {:?} is not +965 and 8 digits", c.phone),
            );
        }
        if !kuwait::is_valid_civil_id(&c.civil_id) {
            sink.add(
                C::Customers,
                id,
                Rule::CivilId,
                format!("civil_id {:?} fails its check digit or date", c.civil_id),
            );
        } else if kuwait::civil_id_birth_date(&c.civil_id) != Some(c.date_of_birth) {
            sink.add(
                C::Customers,
                id,
                Rule::CivilId,
                format!(
                    "civil_id {} does not encode date_of_birth {}",
                    c.civil_id, c.date_of_birth
                ),
            );
        }
    }

    // Balances: opening + completed credits - completed debits.
    let mut movement: HashMap<&str, Money> = HashMap::new();
    let mut contributions: HashMap<&str, Money> = HashMap::new();
    for t in &ds.transactions {
        if t.status == TxnStatus::Completed {
            *movement.entry(&t.account_id).or_default() += t.signed_amount();
            if let (Some(goal), Direction::Credit) = (&t.savings_goal_id, t.direction) {
                *contributions.entry(goal).or_default() += t.amount;
            }
        }
    }

    for a in &ds.accounts {
        let id = &a.account_id;
        if !ix.customers.contains_key(a.customer_id.as_str()) {
            sink.add(
                C::Accounts,
                id,
                Rule::Reference,
                format!("customer_id {} does not exist", a.customer_id),
            );
        }
        if a.currency != "KWD" {
            sink.add(
                C::Accounts,
                id,
                Rule::CurrencyKwd,
                format!("currency is {:?}, not KWD", a.currency),
            );
        }
        if !kuwait::is_valid_kw_iban(&a.iban) {
            sink.add(
                C::Accounts,
                id,
                Rule::Iban,
                format!("iban {:?} is not a valid KW IBAN", a.iban),
            );
        }
        let expected = a.opening_balance + movement.get(id.as_str()).copied().unwrap_or_default();
        if a.balance != expected {
            sink.add(
                C::Accounts,
                id,
                Rule::AccountBalance,
                format!(
                    "balance {} != opening_balance + completed credits - completed debits = {}",
                    a.balance.to_plain(),
                    expected.to_plain()
                ),
            );
        }
    }

    for t in &ds.transactions {
        let id = &t.transaction_id;
        match ix.accounts.get(t.account_id.as_str()) {
            None => sink.add(
                C::Transactions,
                id,
                Rule::Reference,
                format!("account_id {} does not exist", t.account_id),
            ),
            Some(a) if a.customer_id != t.customer_id => sink.add(
                C::Transactions,
                id,
                Rule::OwnerMismatch,
                format!(
                    "account {} belongs to customer {}, not {}",
                    a.account_id, a.customer_id, t.customer_id
                ),
            ),
            Some(_) => {}
        }
        if t.currency != "KWD" {
            sink.add(
                C::Transactions,
                id,
                Rule::CurrencyKwd,
                format!("currency is {:?}, not KWD", t.currency),
            );
        }
        if let Some(device_id) = &t.device_id {
            match ix.devices.get(device_id.as_str()) {
                None => sink.add(
                    C::Transactions,
                    id,
                    Rule::Reference,
                    format!("device_id {device_id} does not exist"),
                ),
                Some(d)
                    if ix.user_customer(&d.user_id).flatten() != Some(t.customer_id.as_str()) =>
                {
                    sink.add(
                        C::Transactions,
                        id,
                        Rule::OwnerMismatch,
                        format!("device {device_id} is not the customer's"),
                    )
                }
                Some(_) => {}
            }
        }
        if let Some(goal_id) = &t.savings_goal_id {
            match ix.goals.get(goal_id.as_str()) {
                None => sink.add(
                    C::Transactions,
                    id,
                    Rule::Reference,
                    format!("savings_goal_id {goal_id} does not exist"),
                ),
                Some(g) if g.customer_id != t.customer_id => sink.add(
                    C::Transactions,
                    id,
                    Rule::OwnerMismatch,
                    format!("savings goal {goal_id} belongs to another customer"),
                ),
                Some(_) => {}
            }
        }
    }

    for g in &ds.savings_goals {
        let id = &g.goal_id;
        match ix.accounts.get(g.account_id.as_str()) {
            None => sink.add(
                C::SavingsGoals,
                id,
                Rule::Reference,
                format!("account_id {} does not exist", g.account_id),
            ),
            Some(a) if a.customer_id != g.customer_id => sink.add(
                C::SavingsGoals,
                id,
                Rule::OwnerMismatch,
                format!("account {} belongs to another customer", a.account_id),
            ),
            Some(_) => {}
        }
        if !ix.customers.contains_key(g.customer_id.as_str()) {
            sink.add(
                C::SavingsGoals,
                id,
                Rule::Reference,
                format!("customer_id {} does not exist", g.customer_id),
            );
        }
        if g.current_amount > g.target_amount {
            sink.add(
                C::SavingsGoals,
                id,
                Rule::GoalAmount,
                format!(
                    "current_amount {} exceeds target_amount {}",
                    g.current_amount.to_plain(),
                    g.target_amount.to_plain()
                ),
            );
        }
        let saved = contributions.get(id.as_str()).copied().unwrap_or_default();
        if saved != g.current_amount {
            sink.add(
                C::SavingsGoals,
                id,
                Rule::GoalContributions,
                format!(
                    "current_amount {} != completed contributions {}",
                    g.current_amount.to_plain(),
                    saved.to_plain()
                ),
            );
        }
    }

    for r in &ds.service_requests {
        let id = &r.request_id;
        if !ix.customers.contains_key(r.customer_id.as_str()) {
            sink.add(
                C::ServiceRequests,
                id,
                Rule::Reference,
                format!("customer_id {} does not exist", r.customer_id),
            );
        }
        if let Some(account_id) = &r.account_id {
            match ix.accounts.get(account_id.as_str()) {
                None => sink.add(
                    C::ServiceRequests,
                    id,
                    Rule::Reference,
                    format!("account_id {account_id} does not exist"),
                ),
                Some(a) if a.customer_id != r.customer_id => sink.add(
                    C::ServiceRequests,
                    id,
                    Rule::OwnerMismatch,
                    format!("account {account_id} belongs to another customer"),
                ),
                Some(_) => {}
            }
        }
    }

    for d in &ds.dispute_records {
        let id = &d.dispute_id;
        match ix.transactions.get(d.transaction_id.as_str()) {
            None => sink.add(C::DisputeRecords, id, Rule::Reference, format!("transaction_id {} does not exist", d.transaction_id)),
            Some(t) if t.status != TxnStatus::Failed || t.customer_id != d.customer_id => sink.add(
                C::DisputeRecords, id, Rule::DisputeFailedTransaction,
                format!("transaction {} is {} of customer {}; a dispute needs a FAILED transaction of customer {}",
                    t.transaction_id, t.status, t.customer_id, d.customer_id)),
            Some(_) => {}
        }
    }

    for n in &ds.notifications {
        let id = &n.notification_id;
        if !ix.customers.contains_key(n.customer_id.as_str()) {
            sink.add(
                C::Notifications,
                id,
                Rule::Reference,
                format!("customer_id {} does not exist", n.customer_id),
            );
        }
        match (n.related_entity_type, &n.related_entity_id) {
            (None, None) => {}
            (Some(ty), Some(eid)) => match ix.owner_of(ty, eid) {
                None => sink.add(
                    C::Notifications,
                    id,
                    Rule::Reference,
                    format!("related {ty} {eid} does not exist"),
                ),
                Some(owner) if owner != Some(n.customer_id.as_str()) => sink.add(
                    C::Notifications,
                    id,
                    Rule::OwnerMismatch,
                    format!("related {ty} {eid} is not the customer's"),
                ),
                Some(_) => {}
            },
            _ => sink.add(
                C::Notifications,
                id,
                Rule::Reference,
                "related_entity_type and related_entity_id must both be set or both null",
            ),
        }
        let opted_out = ix
            .settings
            .get(n.customer_id.as_str())
            .is_some_and(|s| !s.notifications_enabled);
        if opted_out
            && matches!(
                n.channel,
                NotificationChannel::Push | NotificationChannel::Sms
            )
        {
            sink.add(
                C::Notifications,
                id,
                Rule::NotificationOptOut,
                format!(
                    "{} sent to a customer with notifications disabled",
                    n.channel
                ),
            );
        }
    }

    let enabled_mfa: HashSet<&str> = ds
        .mfa_settings
        .iter()
        .filter(|m| m.enabled)
        .map(|m| m.user_id.as_str())
        .collect();
    for u in &ds.auth_users {
        let id = &u.user_id;
        if let Some(cid) = &u.customer_id {
            if !ix.customers.contains_key(cid.as_str()) {
                sink.add(
                    C::AuthUsers,
                    id,
                    Rule::Reference,
                    format!("customer_id {cid} does not exist"),
                );
            }
        }
        if !kuwait::is_valid_email(&u.email) {
            sink.add(
                C::AuthUsers,
                id,
                Rule::EmailFormat,
                format!("email {:?} is not a valid address", u.email),
            );
        }
        if u.failed_login_attempts >= 5 && u.status != UserStatus::Locked {
            sink.add(
                C::AuthUsers,
                id,
                Rule::LockedAfterFailures,
                format!(
                    "{} failed login attempts but status is {}",
                    u.failed_login_attempts, u.status
                ),
            );
        }
        if u.mfa_enabled != enabled_mfa.contains(id.as_str()) {
            sink.add(
                C::AuthUsers,
                id,
                Rule::MfaEnabled,
                format!(
                    "mfa_enabled is {} but the user has {} enabled MFA method",
                    u.mfa_enabled,
                    if u.mfa_enabled { "no" } else { "an" }
                ),
            );
        }
    }

    for cr in &ds.credentials {
        let id = &cr.user_id;
        if !ix.users.contains_key(id.as_str()) {
            sink.add(
                C::Credentials,
                id,
                Rule::Reference,
                format!("user_id {id} does not exist"),
            );
        }
        for (field, hash) in [
            ("password_hash", &cr.password_hash),
            ("pin_hash", &cr.pin_hash),
        ] {
            if !is_bcrypt_hash(hash) {
                sink.add(
                    C::Credentials,
                    id,
                    Rule::CredentialHash,
                    format!("{field} is not a bcrypt hash"),
                );
            }
        }
        let expired = cr.expires_at < now;
        if expired != (cr.status == CredentialStatus::Expired) {
            sink.add(
                C::Credentials,
                id,
                Rule::ExpiryStatus,
                format!("status {} but expires_at {}", cr.status, cr.expires_at),
            );
        }
    }

    for m in &ds.mfa_settings {
        if !ix.users.contains_key(m.user_id.as_str()) {
            sink.add(
                C::MfaSettings,
                &m.mfa_id,
                Rule::Reference,
                format!("user_id {} does not exist", m.user_id),
            );
        }
        match (m.method, &m.totp_secret) {
            (MfaMethod::App, None) => sink.add(
                C::MfaSettings,
                &m.mfa_id,
                Rule::TotpSecret,
                "APP method without a totp_secret",
            ),
            (MfaMethod::App, Some(secret)) => match crate::auth::base32_decode(secret) {
                None => sink.add(
                    C::MfaSettings,
                    &m.mfa_id,
                    Rule::TotpSecret,
                    "totp_secret is not base32",
                ),
                Some(key) if key.len() < MIN_TOTP_SECRET_BYTES => sink.add(
                    C::MfaSettings,
                    &m.mfa_id,
                    Rule::TotpSecret,
                    format!(
                        "totp_secret is {} bytes; at least {MIN_TOTP_SECRET_BYTES} needed",
                        key.len()
                    ),
                ),
                Some(_) => {}
            },
            (method, Some(_)) => sink.add(
                C::MfaSettings,
                &m.mfa_id,
                Rule::TotpSecret,
                format!("{method} method has a totp_secret"),
            ),
            (_, None) => {}
        }
    }

    for d in &ds.registered_devices {
        if !ix.users.contains_key(d.user_id.as_str()) {
            sink.add(
                C::RegisteredDevices,
                &d.device_id,
                Rule::Reference,
                format!("user_id {} does not exist", d.user_id),
            );
        }
    }

    for s in &ds.login_sessions {
        let id = &s.session_id;
        if !ix.users.contains_key(s.user_id.as_str()) {
            sink.add(
                C::LoginSessions,
                id,
                Rule::Reference,
                format!("user_id {} does not exist", s.user_id),
            );
        }
        match ix.devices.get(s.device_id.as_str()) {
            None => sink.add(
                C::LoginSessions,
                id,
                Rule::Reference,
                format!("device_id {} does not exist", s.device_id),
            ),
            Some(d) if d.user_id != s.user_id => sink.add(
                C::LoginSessions,
                id,
                Rule::SessionDevice,
                format!(
                    "device {} belongs to user {}, not {}",
                    d.device_id, d.user_id, s.user_id
                ),
            ),
            Some(d) if s.status == SessionStatus::Active && d.status != DeviceStatus::Active => {
                sink.add(
                    C::LoginSessions,
                    id,
                    Rule::SessionDevice,
                    format!("ACTIVE session on a {} device", d.status),
                )
            }
            Some(_) => {}
        }
        let expired = s.expires_at < now;
        let wrong = match s.status {
            SessionStatus::Active => expired,
            SessionStatus::Expired => !expired,
            SessionStatus::Terminated => false,
        };
        if wrong {
            sink.add(
                C::LoginSessions,
                id,
                Rule::ExpiryStatus,
                format!("status {} but expires_at {}", s.status, s.expires_at),
            );
        }
        if !kuwait::is_kuwaiti_ip(&s.ip_address) {
            sink.add(
                C::LoginSessions,
                id,
                Rule::KuwaitIp,
                format!("ip_address {} is not in a Kuwaiti range", s.ip_address),
            );
        }
        if !kuwait::is_kuwaiti_city(&s.city) {
            sink.add(
                C::LoginSessions,
                id,
                Rule::KuwaitCity,
                format!("city {:?} is not in Kuwait", s.city),
            );
        }
    }

    for l in &ds.audit_logs {
        let id = &l.audit_id;
        match ix.user_customer(&l.user_id) {
            None => sink.add(
                C::AuditLogs,
                id,
                Rule::Reference,
                format!("user_id {} does not exist", l.user_id),
            ),
            Some(owner) if owner != l.customer_id.as_deref() => sink.add(
                C::AuditLogs,
                id,
                Rule::OwnerMismatch,
                format!(
                    "customer_id {:?} is not user {}'s customer",
                    l.customer_id, l.user_id
                ),
            ),
            Some(_) => {}
        }
        if ix.owner_of(l.entity_type, &l.entity_id).is_none() {
            sink.add(
                C::AuditLogs,
                id,
                Rule::Reference,
                format!("entity {} {} does not exist", l.entity_type, l.entity_id),
            );
        }
        if !kuwait::is_kuwaiti_ip(&l.ip_address) {
            sink.add(
                C::AuditLogs,
                id,
                Rule::KuwaitIp,
                format!("ip_address {} is not in a Kuwaiti range", l.ip_address),
            );
        }
    }

    for s in &ds.customer_settings {
        if !ix.customers.contains_key(s.customer_id.as_str()) {
            sink.add(
                C::CustomerSettings,
                &s.customer_id,
                Rule::Reference,
                format!("customer_id {} does not exist", s.customer_id),
            );
        }
    }
    sink.violations
}

fn unique_ids(ds: &Dataset, sink: &mut Sink) {
    fn check<'a>(c: Collection, ids: impl Iterator<Item = &'a str>, sink: &mut Sink) {
        let mut seen = HashSet::new();
        for id in ids {
            if !seen.insert(id) {
                sink.add(
                    c,
                    id,
                    Rule::UniqueId,
                    format!("{} {id} appears more than once", c.id_field()),
                );
            }
        }
    }
    use Collection as C;
    check(
        C::Customers,
        ds.customers.iter().map(|r| r.customer_id.as_str()),
        sink,
    );
    check(
        C::Accounts,
        ds.accounts.iter().map(|r| r.account_id.as_str()),
        sink,
    );
    check(
        C::Transactions,
        ds.transactions.iter().map(|r| r.transaction_id.as_str()),
        sink,
    );
    check(
        C::SavingsGoals,
        ds.savings_goals.iter().map(|r| r.goal_id.as_str()),
        sink,
    );
    check(
        C::ServiceRequests,
        ds.service_requests.iter().map(|r| r.request_id.as_str()),
        sink,
    );
    check(
        C::DisputeRecords,
        ds.dispute_records.iter().map(|r| r.dispute_id.as_str()),
        sink,
    );
    check(
        C::Notifications,
        ds.notifications.iter().map(|r| r.notification_id.as_str()),
        sink,
    );
    check(
        C::AuthUsers,
        ds.auth_users.iter().map(|r| r.user_id.as_str()),
        sink,
    );
    check(
        C::Credentials,
        ds.credentials.iter().map(|r| r.user_id.as_str()),
        sink,
    );
    check(
        C::MfaSettings,
        ds.mfa_settings.iter().map(|r| r.mfa_id.as_str()),
        sink,
    );
    check(
        C::RegisteredDevices,
        ds.registered_devices.iter().map(|r| r.device_id.as_str()),
        sink,
    );
    check(
        C::LoginSessions,
        ds.login_sessions.iter().map(|r| r.session_id.as_str()),
        sink,
    );
    check(
        C::AuditLogs,
        ds.audit_logs.iter().map(|r| r.audit_id.as_str()),
        sink,
    );
    check(
        C::CustomerSettings,
        ds.customer_settings.iter().map(|r| r.customer_id.as_str()),
        sink,
    );
}

/// "$2b$" (or 2a/2y), a two-digit cost, "$", then 53 characters of bcrypt base64.
pub fn is_bcrypt_hash(hash: &str) -> bool {
    let b = hash.as_bytes();
    hash.len() == 60
        && (hash.starts_with("$2b$") || hash.starts_with("$2a$") || hash.starts_with("$2y$"))
        && b[4..6].iter().all(u8::is_ascii_digit)
        && b[6] == b'$'
        && b[7..]
            .iter()
            .all(|c| c.is_ascii_alphanumeric() || *c == b'.' || *c == b'/')
}
