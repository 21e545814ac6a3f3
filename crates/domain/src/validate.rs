//! The validator: every business rule of the dataset, each violation reported with
//! its file, record id and rule. The generator makes data for which this reports
//! nothing; tests break one rule at a time and expect exactly that report.

use crate::dataset::{Collection, Dataset};
use crate::kuwait;
use crate::model::*;
use crate::money::{parse_fixed, Money};
use crate::time::{as_of_instant, Timestamp, KUWAIT_OFFSET_SECONDS};
use chrono::NaiveDate;
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
            let Some(t) = value.as_str().and_then(crate::time::parse_timestamp) else {
                continue;
            };
            timestamp_rules(c, &id, field, &t, now, sink);
        }
    }
}

/// The two timestamp rules for one field of one record: the raw check above and
/// [`validate_timestamps`] (over parsed records) share it.
fn timestamp_rules(
    c: Collection,
    id: &str,
    field: &str,
    t: &Timestamp,
    now: &Timestamp,
    sink: &mut Sink,
) {
    if t.offset().local_minus_utc() != KUWAIT_OFFSET_SECONDS {
        sink.add(
            c,
            id,
            Rule::TimestampOffset,
            format!("{field} {t} is not in Kuwait time (+03:00)"),
        );
    }
    if t > now && !FUTURE_FIELDS.contains(&field) {
        sink.add(
            c,
            id,
            Rule::TimestampAfterAsOf,
            format!("{field} {t} is later than as_of"),
        );
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
        sink.violations.extend(validate_meta_counts(counts, |c| {
            raw.get(&c).map_or(0, Vec::len)
        }));
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

/// `meta-counts`: meta.json's count for each collection against `actual` records.
pub fn validate_meta_counts(
    counts: &BTreeMap<String, usize>,
    actual: impl Fn(Collection) -> usize,
) -> Vec<Violation> {
    let mut sink = Sink {
        violations: Vec::new(),
    };
    for c in Collection::ALL {
        let actual = actual(c);
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

// ---- The rules as a list, and the timestamp rules over parsed records ----

/// What a rule needs to be checked, which says where (besides `datagen validate`) it can
/// be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    /// The files' text: JSON shape, record schema, amounts with more than 3 decimals.
    /// Parsing the files into a [`Dataset`] (as the app does) refuses them, so a parsed
    /// dataset holds these rules by construction.
    Text,
    /// The record counts in `meta.json` against the files.
    Meta,
    /// Every timestamp's offset and range: on the text in [`validate_texts`], on parsed
    /// records in [`validate_timestamps`] (the same check; timestamps keep their offset).
    Timestamps,
    /// The typed rules of [`validate_dataset`].
    Dataset,
}

/// One rule: its id (what reports print), the files it applies to, what it needs, and
/// what holds when it passes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    pub rule: Rule,
    pub files: &'static [Collection],
    pub stage: Stage,
    pub description: &'static str,
}

const ALL_FILES: &[Collection] = &Collection::ALL;

/// Every rule the validator knows, in [`Rule::ALL`] order (a test keeps them aligned).
pub const RULES: &[RuleInfo] = {
    use Collection as C;
    // `Typed`: the variant `Stage::Dataset`, renamed so it does not shadow the type.
    use Stage::{Dataset as Typed, Meta, Text, Timestamps};
    const fn r(
        rule: Rule,
        files: &'static [Collection],
        stage: Stage,
        description: &'static str,
    ) -> RuleInfo {
        RuleInfo {
            rule,
            files,
            stage,
            description,
        }
    }
    &[
        r(
            Rule::Json,
            ALL_FILES,
            Text,
            "Each of the 14 files exists and is a JSON array",
        ),
        r(
            Rule::Schema,
            ALL_FILES,
            Text,
            "Each record has the documented fields and value types",
        ),
        r(
            Rule::MetaCounts,
            ALL_FILES,
            Meta,
            "meta.json counts equal the records in each file",
        ),
        r(
            Rule::UniqueId,
            ALL_FILES,
            Typed,
            "Ids are unique within their collection",
        ),
        r(
            Rule::Reference,
            &[
                C::Accounts,
                C::Transactions,
                C::SavingsGoals,
                C::ServiceRequests,
                C::DisputeRecords,
                C::Notifications,
                C::AuthUsers,
                C::Credentials,
                C::MfaSettings,
                C::RegisteredDevices,
                C::LoginSessions,
                C::AuditLogs,
                C::CustomerSettings,
            ],
            Typed,
            "Every id reference resolves (related and audited entities by their type)",
        ),
        r(
            Rule::OwnerMismatch,
            &[
                C::Transactions,
                C::SavingsGoals,
                C::ServiceRequests,
                C::Notifications,
                C::AuditLogs,
            ],
            Typed,
            "A referenced account, device, goal or entity belongs to the same customer",
        ),
        r(
            Rule::TimestampOffset,
            ALL_FILES,
            Timestamps,
            "Timestamps carry Kuwait's +03:00 offset",
        ),
        r(
            Rule::TimestampAfterAsOf,
            ALL_FILES,
            Timestamps,
            "No event after as_of (expires_at excepted)",
        ),
        r(
            Rule::AmountPrecision,
            &[
                C::Accounts,
                C::Transactions,
                C::SavingsGoals,
                C::DisputeRecords,
            ],
            Text,
            "Amounts have at most 3 decimals (fils)",
        ),
        r(
            Rule::CurrencyKwd,
            &[C::Accounts, C::Transactions],
            Typed,
            "Currency is KWD",
        ),
        r(
            Rule::AccountBalance,
            &[C::Accounts],
            Typed,
            "balance = opening_balance + completed credits - completed debits",
        ),
        r(
            Rule::GoalAmount,
            &[C::SavingsGoals],
            Typed,
            "A goal's current_amount is at most its target_amount",
        ),
        r(
            Rule::GoalContributions,
            &[C::SavingsGoals],
            Typed,
            "A goal's current_amount equals the completed credits carrying its id",
        ),
        r(
            Rule::LockedAfterFailures,
            &[C::AuthUsers],
            Typed,
            "5 or more failed sign-in attempts means status LOCKED",
        ),
        r(
            Rule::SessionDevice,
            &[C::LoginSessions],
            Typed,
            "A session's device belongs to its user; an ACTIVE session's device is ACTIVE",
        ),
        r(
            Rule::DisputeFailedTransaction,
            &[C::DisputeRecords],
            Typed,
            "Disputes point at FAILED transactions of the same customer",
        ),
        r(
            Rule::ExpiryStatus,
            &[C::Credentials, C::LoginSessions],
            Typed,
            "EXPIRED and ACTIVE statuses agree with expires_at",
        ),
        r(
            Rule::MfaEnabled,
            &[C::AuthUsers],
            Typed,
            "mfa_enabled is true exactly when the user has an enabled MFA method",
        ),
        r(
            Rule::NotificationOptOut,
            &[C::Notifications],
            Typed,
            "No PUSH or SMS notification to a customer with notifications disabled",
        ),
        r(
            Rule::KuwaitIp,
            &[C::LoginSessions, C::AuditLogs],
            Typed,
            "Session and audit IPs are in Kuwaiti ranges",
        ),
        r(
            Rule::KuwaitCity,
            &[C::LoginSessions],
            Typed,
            "Session cities are in Kuwait",
        ),
        r(
            Rule::EmailFormat,
            &[C::Customers, C::AuthUsers],
            Typed,
            "Emails are local@domain.tld",
        ),
        r(
            Rule::PhoneFormat,
            &[C::Customers],
            Typed,
            "Phones are +965 and 8 digits starting 5, 6 or 9",
        ),
        r(
            Rule::CivilId,
            &[C::Customers],
            Typed,
            "Civil IDs pass their check digit and encode the date of birth",
        ),
        r(
            Rule::Iban,
            &[C::Accounts],
            Typed,
            "IBANs are valid KW IBANs (mod-97)",
        ),
        r(
            Rule::CredentialHash,
            &[C::Credentials],
            Typed,
            "password_hash and pin_hash are bcrypt hashes",
        ),
        r(
            Rule::TotpSecret,
            &[C::MfaSettings],
            Typed,
            "An APP method has a base32 TOTP secret of at least 16 bytes; other methods none",
        ),
    ]
};

impl Rule {
    /// The rule's entry in [`RULES`].
    pub fn info(self) -> &'static RuleInfo {
        // RULES follows Rule::ALL, the declaration order (tested).
        &RULES[self as usize]
    }
}

/// One timestamp field of one parsed record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimestampField<'a> {
    pub collection: Collection,
    pub record_id: &'a str,
    pub field: &'static str,
    pub value: &'a Timestamp,
}

/// A record's timestamp fields by name (None: null).
type Stamps<'a> = Vec<(&'static str, Option<&'a Timestamp>)>;

/// Calls `f` with every timestamp of every record (null ones skipped), in the order
/// [`validate_texts`] checks them: collection order, record order, field names sorted.
pub fn for_each_timestamp<'a>(ds: &'a Dataset, mut f: impl FnMut(TimestampField<'a>)) {
    use Collection as C;
    fn each<'a, T>(
        c: Collection,
        records: &'a [T],
        id: fn(&T) -> &str,
        fields: fn(&T) -> Stamps<'_>,
        f: &mut impl FnMut(TimestampField<'a>),
    ) {
        for record in records {
            for (field, value) in fields(record) {
                if let Some(value) = value {
                    f(TimestampField {
                        collection: c,
                        record_id: id(record),
                        field,
                        value,
                    });
                }
            }
        }
    }
    let f = &mut f;
    each(
        C::Customers,
        &ds.customers,
        |r| &r.customer_id,
        |r| vec![("created_at", Some(&r.created_at))],
        f,
    );
    each(
        C::Accounts,
        &ds.accounts,
        |r| &r.account_id,
        |r| vec![("opened_at", Some(&r.opened_at))],
        f,
    );
    each(
        C::Transactions,
        &ds.transactions,
        |r| &r.transaction_id,
        |r| vec![("created_at", Some(&r.created_at))],
        f,
    );
    each(
        C::SavingsGoals,
        &ds.savings_goals,
        |r| &r.goal_id,
        |r| vec![("created_at", Some(&r.created_at))],
        f,
    );
    each(
        C::ServiceRequests,
        &ds.service_requests,
        |r| &r.request_id,
        |r| {
            vec![
                ("created_at", Some(&r.created_at)),
                ("resolved_at", r.resolved_at.as_ref()),
                ("updated_at", Some(&r.updated_at)),
            ]
        },
        f,
    );
    each(
        C::DisputeRecords,
        &ds.dispute_records,
        |r| &r.dispute_id,
        |r| {
            vec![
                ("created_at", Some(&r.created_at)),
                ("resolved_at", r.resolved_at.as_ref()),
            ]
        },
        f,
    );
    each(
        C::Notifications,
        &ds.notifications,
        |r| &r.notification_id,
        |r| vec![("sent_at", Some(&r.sent_at))],
        f,
    );
    each(
        C::AuthUsers,
        &ds.auth_users,
        |r| &r.user_id,
        |r| {
            vec![
                ("created_at", Some(&r.created_at)),
                ("last_login_at", r.last_login_at.as_ref()),
            ]
        },
        f,
    );
    each(
        C::Credentials,
        &ds.credentials,
        |r| &r.user_id,
        |r| {
            vec![
                ("expires_at", Some(&r.expires_at)),
                ("password_changed_at", Some(&r.password_changed_at)),
            ]
        },
        f,
    );
    each(
        C::MfaSettings,
        &ds.mfa_settings,
        |r| &r.mfa_id,
        |r| vec![("created_at", Some(&r.created_at))],
        f,
    );
    each(
        C::RegisteredDevices,
        &ds.registered_devices,
        |r| &r.device_id,
        |r| {
            vec![
                ("last_seen_at", Some(&r.last_seen_at)),
                ("registered_at", Some(&r.registered_at)),
            ]
        },
        f,
    );
    each(
        C::LoginSessions,
        &ds.login_sessions,
        |r| &r.session_id,
        |r| {
            vec![
                ("expires_at", Some(&r.expires_at)),
                ("last_activity_at", Some(&r.last_activity_at)),
                ("started_at", Some(&r.started_at)),
            ]
        },
        f,
    );
    each(
        C::AuditLogs,
        &ds.audit_logs,
        |r| &r.audit_id,
        |r| vec![("created_at", Some(&r.created_at))],
        f,
    );
    each(
        C::CustomerSettings,
        &ds.customer_settings,
        |r| &r.customer_id,
        |r| vec![("updated_at", Some(&r.updated_at))],
        f,
    );
}

/// The timestamp rules (`timestamp-offset`, `timestamp-after-as-of`) for one field,
/// exactly as [`validate_texts`] applies them to the text.
pub fn timestamp_violations(field: &TimestampField<'_>, as_of: NaiveDate) -> Vec<Violation> {
    let mut sink = Sink {
        violations: Vec::new(),
    };
    let now = as_of_instant(as_of);
    timestamp_rules(
        field.collection,
        field.record_id,
        field.field,
        field.value,
        &now,
        &mut sink,
    );
    sink.violations
}

/// The timestamp rules over a parsed dataset: what [`validate_texts`] reports for them
/// on the same records' text (timestamps keep their offset when parsed).
pub fn validate_timestamps(ds: &Dataset, as_of: NaiveDate) -> Vec<Violation> {
    let mut sink = Sink {
        violations: Vec::new(),
    };
    let now = as_of_instant(as_of);
    for_each_timestamp(ds, |t| {
        timestamp_rules(t.collection, t.record_id, t.field, t.value, &now, &mut sink)
    });
    sink.violations
}

#[cfg(test)]
mod catalogue_tests {
    use super::*;

    #[test]
    fn rules_list_every_rule_once_in_order() {
        let listed: Vec<Rule> = RULES.iter().map(|r| r.rule).collect();
        assert_eq!(listed, Rule::ALL);
        for r in Rule::ALL {
            assert_eq!(r.info().rule, *r);
            assert!(!r.info().files.is_empty() && !r.info().description.is_empty());
        }
    }
}
