//! Data quality: every rule of the validator (what `datagen validate` runs) as a check
//! with its violation count and offending records, and per-field profile checks for each
//! collection: null/empty values, duplicates and formats.
//!
//! The validator rules come from [`crate::validate`], never re-implemented here:
//! - [`Stage::Dataset`] rules: [`validate::validate_dataset`], the very function
//!   `datagen validate` runs after parsing the files.
//! - [`Stage::Timestamps`] (`timestamp-offset`, `timestamp-after-as-of`): `datagen
//!   validate` checks them on the text; here [`validate::timestamp_violations`] applies
//!   the same function to the parsed timestamps, which keep their offset. Timestamps the
//!   app itself wrote for changes made in the browser (`Options::own_change_times`, the
//!   journal's times: the app stamps changes with the real clock, which may be past
//!   as_of) are not counted against `timestamp-after-as-of`; they are counted apart.
//! - [`Stage::Text`] (`json`, `schema`, `amount-precision`): a [`Dataset`] only exists
//!   once every file parsed as a JSON array of well-formed records with amounts of at
//!   most 3 decimals (the loader refuses anything else and names the file and record), so
//!   they pass by construction ([`Scope::Load`]).
//! - [`Stage::Meta`] (`meta-counts`): needs meta.json's counts (`Options::meta_counts`);
//!   without them the check is [`Status::Skipped`].
//!
//! Field checks (every field and its checks are listed in `field_checks`):
//! - **null**: every text and nullable field. A required text must not be empty or
//!   blank; a nullable field may be null (the count is reported) but not an empty string.
//! - **duplicate**: every id field, plus the values that identify a person, account or
//!   payment: customers' email (case-insensitive, as sign-in compares it), phone and civil
//!   ID; account IBAN; users' sign-in email (case-insensitive); transaction reference;
//!   device fingerprint. Every occurrence after the first is a violation.
//! - **format**: UUIDs for every id and id reference; email, phone, civil ID (Kuwaiti
//!   validators in [`crate::kuwait`]); IBAN; IPv4 syntax of IP addresses (the Kuwaiti
//!   range is the `kuwait-ip` rule); ISO country code; SHA-256 fingerprints; `BD` bank
//!   references. Secrets (hashes, TOTP secrets) only get null checks and their values are
//!   never copied into the report.
//!
//! Order is deterministic: checks in [`Rule::ALL`] order, offenders in the validator's
//! order; field checks by collection, field, then kind.

use crate::dataset::{Collection, Dataset};
use crate::fast_hash::FastBuild;
use crate::kuwait;
use crate::model::*;
use crate::time::Timestamp;
use crate::validate::{self, Rule, Stage, Violation};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::net::Ipv4Addr;

/// Offending records kept per check for display; the count is always complete.
pub const OFFENDER_LIMIT: usize = 100;

string_enum!(
    /// The outcome of a check.
    Status { Pass = "pass", Fail = "fail", Skipped = "skipped" }
);

string_enum!(
    /// How a validator rule was evaluated on a parsed dataset: `checked` (run on it),
    /// `load` (guaranteed by loading: a dataset that breaks it does not load) or
    /// `unavailable` (needs input that was not given: meta.json's counts).
    Scope { Checked = "checked", Load = "load", Unavailable = "unavailable" }
);

string_enum!(
    /// The three kinds of field check.
    FieldKind { Null = "null", Duplicate = "duplicate", Format = "format" }
);

string_enum!(
    /// A value format a field must have.
    Format {
        Uuid = "uuid",
        Email = "email",
        Phone = "phone",
        CivilId = "civil-id",
        Iban = "iban",
        Ipv4 = "ipv4",
        Country = "country",
        Sha256 = "sha256",
        BankReference = "bank-reference",
    }
);

impl Format {
    /// Whether `value` has this format.
    pub fn accepts(self, value: &str) -> bool {
        match self {
            Format::Uuid => is_uuid(value),
            Format::Email => kuwait::is_valid_email(value),
            Format::Phone => kuwait::is_valid_phone(value),
            Format::CivilId => kuwait::is_valid_civil_id(value),
            Format::Iban => kuwait::is_valid_kw_iban(value),
            Format::Ipv4 => value.parse::<Ipv4Addr>().is_ok(),
            Format::Country => value.len() == 2 && value.bytes().all(|b| b.is_ascii_uppercase()),
            Format::Sha256 => value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit()),
            Format::BankReference => value
                .strip_prefix("BD")
                .is_some_and(|rest| !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit())),
        }
    }
}

/// 8-4-4-4-12 hexadecimal digits.
fn is_uuid(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 36
        && [8, 13, 18, 23].iter().all(|i| b[*i] == b'-')
        && [&b[..8], &b[9..13], &b[14..18], &b[19..23], &b[24..]]
            .iter()
            .all(|part| part.iter().all(u8::is_ascii_hexdigit))
}

/// What one field check requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldRule {
    /// Never null, empty or blank.
    Required,
    /// May be null (counted), never an empty or blank string.
    Nullable,
    /// No two records share the value.
    Unique,
    /// No two records share the value, ignoring letter case.
    UniqueIgnoreCase,
    /// Non-null values have this format.
    Format(Format),
}

impl FieldRule {
    /// `required`, `nullable`, `unique`, `unique-ignore-case` or the format's name.
    pub const fn as_str(self) -> &'static str {
        match self {
            FieldRule::Required => "required",
            FieldRule::Nullable => "nullable",
            FieldRule::Unique => "unique",
            FieldRule::UniqueIgnoreCase => "unique-ignore-case",
            FieldRule::Format(f) => f.as_str(),
        }
    }

    pub fn kind(self) -> FieldKind {
        match self {
            FieldRule::Required | FieldRule::Nullable => FieldKind::Null,
            FieldRule::Unique | FieldRule::UniqueIgnoreCase => FieldKind::Duplicate,
            FieldRule::Format(_) => FieldKind::Format,
        }
    }
}

/// One validator rule as a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleCheck {
    pub rule: Rule,
    /// The files (collections) the rule applies to.
    pub files: &'static [Collection],
    pub stage: Stage,
    pub scope: Scope,
    /// What holds when the rule passes (English, from [`validate::RULES`]).
    pub description: &'static str,
    pub status: Status,
    /// Every violation found.
    pub violations: usize,
    /// The first [`OFFENDER_LIMIT`] violations: file, record id and message.
    pub offenders: Vec<Violation>,
}

/// A record failing a field check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldOffender {
    pub record_id: String,
    /// The offending value (duplicates and formats); None for null checks.
    pub value: Option<String>,
}

/// One check of one field of one collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldCheck {
    pub collection: Collection,
    /// The field's name; nested fields as `address.area`.
    pub field: &'static str,
    pub rule: FieldRule,
    /// Values examined: every record for null checks, non-null values otherwise.
    pub checked: usize,
    /// Null values (null checks only).
    pub nulls: usize,
    pub violations: usize,
    /// The first [`OFFENDER_LIMIT`] offending records.
    pub offenders: Vec<FieldOffender>,
}

impl FieldCheck {
    pub fn kind(&self) -> FieldKind {
        self.rule.kind()
    }
    pub fn status(&self) -> Status {
        if self.violations == 0 {
            Status::Pass
        } else {
            Status::Fail
        }
    }
}

/// Everything the data-quality page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QualityReport {
    pub as_of: NaiveDate,
    /// Records examined, all collections.
    pub records: usize,
    /// One per validator rule, in [`Rule::ALL`] order.
    pub checks: Vec<RuleCheck>,
    pub fields: Vec<FieldCheck>,
    /// Timestamps after as_of that the app wrote for changes made in the browser (see
    /// [`Options::own_change_times`]); not counted as violations.
    pub own_changes_after_as_of: usize,
}

impl QualityReport {
    fn count(&self, status: Status) -> usize {
        self.checks.iter().filter(|c| c.status == status).count()
    }
    pub fn passed(&self) -> usize {
        self.count(Status::Pass)
    }
    pub fn failed(&self) -> usize {
        self.count(Status::Fail)
    }
    pub fn skipped(&self) -> usize {
        self.count(Status::Skipped)
    }
    /// Validator violations, all rules.
    pub fn violations(&self) -> usize {
        self.checks.iter().map(|c| c.violations).sum()
    }
    pub fn fields_failed(&self) -> usize {
        self.fields
            .iter()
            .filter(|f| f.status() == Status::Fail)
            .count()
    }
    pub fn field_violations(&self) -> usize {
        self.fields.iter().map(|f| f.violations).sum()
    }
}

/// What the report may use besides the dataset.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// meta.json's record counts; without them `meta-counts` is skipped.
    pub meta_counts: Option<&'a BTreeMap<String, usize>>,
    /// When the changes made in the app happened (the journal's entry times). The app
    /// stamps the records a change writes with exactly this time, from the real clock;
    /// such timestamps are not counted against `timestamp-after-as-of`.
    pub own_change_times: &'a [Timestamp],
}

/// The report for a parsed dataset as of `as_of`: every validator rule (meta-counts
/// skipped) and every field check.
pub fn report(ds: &Dataset, as_of: NaiveDate) -> QualityReport {
    report_with(ds, as_of, &Options::default())
}

/// [`report`] with meta.json's counts and the times of the app's own changes.
pub fn report_with(ds: &Dataset, as_of: NaiveDate, options: &Options<'_>) -> QualityReport {
    let mut run = QualityRun::new(ds, as_of, *options);
    while !run.step() {}
    run.finish()
}

/// The report computed a piece at a time, so that a UI thread can let the browser
/// paint between pieces: the meta counts and timestamp rules, the typed rules, then
/// each collection's field checks.
pub struct QualityRun<'a> {
    ds: &'a Dataset,
    as_of: NaiveDate,
    options: Options<'a>,
    /// Per rule (in `Rule::ALL` order): how many violations, and the first few.
    by_rule: Vec<(usize, Vec<Violation>)>,
    own_changes_after_as_of: usize,
    fields: Vec<FieldCheck>,
    /// The next piece: 0 and 1 are the rules, 2.. the collections' field checks.
    next: usize,
}

impl<'a> QualityRun<'a> {
    pub fn new(ds: &'a Dataset, as_of: NaiveDate, options: Options<'a>) -> Self {
        QualityRun {
            ds,
            as_of,
            options,
            by_rule: vec![(0, Vec::new()); Rule::ALL.len()],
            own_changes_after_as_of: 0,
            fields: Vec::new(),
            next: 0,
        }
    }

    fn add(&mut self, v: Violation) {
        let slot = &mut self.by_rule[v.rule as usize];
        slot.0 += 1;
        if slot.1.len() < OFFENDER_LIMIT {
            slot.1.push(v);
        }
    }

    /// Does the next piece; true when none is left.
    pub fn step(&mut self) -> bool {
        let (ds, as_of) = (self.ds, self.as_of);
        match self.next {
            0 => {
                if let Some(counts) = self.options.meta_counts {
                    for v in validate::validate_meta_counts(counts, |c| ds.count(c)) {
                        self.add(v);
                    }
                }
                let own: HashSet<&Timestamp> = self.options.own_change_times.iter().collect();
                let mut found = Vec::new();
                validate::for_each_timestamp(ds, |t| {
                    for v in validate::timestamp_violations(&t, as_of) {
                        if v.rule == Rule::TimestampAfterAsOf && own.contains(t.value) {
                            self.own_changes_after_as_of += 1;
                        } else {
                            found.push(v);
                        }
                    }
                });
                found.into_iter().for_each(|v| self.add(v));
            }
            1 => validate::validate_dataset(ds, as_of)
                .into_iter()
                .for_each(|v| self.add(v)),
            n => {
                if let Some(c) = Collection::ALL.get(n - 2) {
                    field_checks_of(ds, *c, &mut self.fields);
                }
            }
        }
        self.next += 1;
        self.next >= 2 + Collection::ALL.len()
    }

    /// The report (running whatever pieces are left).
    pub fn finish(mut self) -> QualityReport {
        while self.next < 2 + Collection::ALL.len() {
            self.step();
        }
        let meta_counts = self.options.meta_counts;
        let checks = validate::RULES
            .iter()
            .zip(self.by_rule)
            .map(|(info, (violations, offenders))| {
                let scope = match info.stage {
                    Stage::Text => Scope::Load,
                    Stage::Meta if meta_counts.is_none() => Scope::Unavailable,
                    _ => Scope::Checked,
                };
                let status = match (scope, violations) {
                    (Scope::Unavailable, _) => Status::Skipped,
                    (_, 0) => Status::Pass,
                    _ => Status::Fail,
                };
                RuleCheck {
                    rule: info.rule,
                    files: info.files,
                    stage: info.stage,
                    scope,
                    description: info.description,
                    status,
                    violations,
                    offenders,
                }
            })
            .collect();
        QualityReport {
            as_of: self.as_of,
            records: Collection::ALL.iter().map(|c| self.ds.count(*c)).sum(),
            checks,
            fields: self.fields,
            own_changes_after_as_of: self.own_changes_after_as_of,
        }
    }
}

// ---- Field checks ----

/// A field's value as the checks see it.
#[derive(Debug, Clone, Copy)]
enum Cell<'a> {
    Text(&'a str),
    /// A non-text value that is present (a number, date, timestamp or enum).
    Set,
    Null,
}

fn text(s: &str) -> Cell<'_> {
    Cell::Text(s)
}

fn opt_text(s: &Option<String>) -> Cell<'_> {
    s.as_deref().map_or(Cell::Null, Cell::Text)
}

fn opt<T>(v: &Option<T>) -> Cell<'_> {
    if v.is_some() {
        Cell::Set
    } else {
        Cell::Null
    }
}

/// One field of records of type `T` and the checks it gets.
struct FieldSpec<T> {
    name: &'static str,
    get: for<'a> fn(&'a T) -> Cell<'a>,
    rules: &'static [FieldRule],
}

const fn spec<T>(
    name: &'static str,
    get: for<'a> fn(&'a T) -> Cell<'a>,
    rules: &'static [FieldRule],
) -> FieldSpec<T> {
    FieldSpec { name, get, rules }
}

use FieldRule::{Nullable as N, Required as R, Unique as U, UniqueIgnoreCase as UI};
const ID: &[FieldRule] = &[R, U, FieldRule::Format(Format::Uuid)];
const REF: &[FieldRule] = &[R, FieldRule::Format(Format::Uuid)];
const OPT_REF: &[FieldRule] = &[N, FieldRule::Format(Format::Uuid)];
const REQ: &[FieldRule] = &[R];
const OPT: &[FieldRule] = &[N];

/// One field check being computed.
struct Tally<'a> {
    check: FieldCheck,
    /// Values seen so far (duplicate checks).
    seen: HashSet<Cow<'a, str>, FastBuild>,
}

impl Tally<'_> {
    fn flag(&mut self, record_id: &str, value: Option<&str>) {
        self.check.violations += 1;
        if self.check.offenders.len() < OFFENDER_LIMIT {
            self.check.offenders.push(FieldOffender {
                record_id: record_id.to_owned(),
                value: value.map(str::to_owned),
            });
        }
    }
}

fn blank(v: &str) -> bool {
    v.trim().is_empty()
}

/// Runs the specs over one collection in a single pass over its records (a large
/// collection is read once, not once per check).
fn profile<'a, T>(
    c: Collection,
    records: &'a [T],
    id: fn(&T) -> &str,
    specs: &[FieldSpec<T>],
    out: &mut Vec<FieldCheck>,
) {
    let mut tallies: Vec<Vec<Tally<'a>>> = specs
        .iter()
        .map(|s| {
            s.rules
                .iter()
                .map(|rule| Tally {
                    check: FieldCheck {
                        collection: c,
                        field: s.name,
                        rule: *rule,
                        checked: 0,
                        nulls: 0,
                        violations: 0,
                        offenders: Vec::new(),
                    },
                    seen: match rule.kind() {
                        FieldKind::Duplicate => {
                            HashSet::with_capacity_and_hasher(records.len(), Default::default())
                        }
                        _ => HashSet::default(),
                    },
                })
                .collect()
        })
        .collect();
    for r in records {
        for (s, tallies) in specs.iter().zip(tallies.iter_mut()) {
            let cell = (s.get)(r);
            for t in tallies.iter_mut() {
                tally(t, cell, id(r));
            }
        }
    }
    out.extend(tallies.into_iter().flatten().map(|t| t.check));
}

/// Counts one value of one record for one check.
fn tally<'a>(t: &mut Tally<'a>, cell: Cell<'a>, record_id: &str) {
    match (t.check.rule, cell) {
        (FieldRule::Required | FieldRule::Nullable, cell) => {
            t.check.checked += 1;
            match cell {
                Cell::Null => {
                    t.check.nulls += 1;
                    if t.check.rule == FieldRule::Required {
                        t.flag(record_id, None);
                    }
                }
                Cell::Text(v) if blank(v) => t.flag(record_id, None),
                _ => {}
            }
        }
        (FieldRule::Unique | FieldRule::UniqueIgnoreCase, Cell::Text(v)) if !blank(v) => {
            t.check.checked += 1;
            let key = if t.check.rule == FieldRule::UniqueIgnoreCase {
                Cow::Owned(v.trim().to_lowercase())
            } else {
                Cow::Borrowed(v)
            };
            if !t.seen.insert(key) {
                t.flag(record_id, Some(v));
            }
        }
        (FieldRule::Format(format), Cell::Text(v)) => {
            t.check.checked += 1;
            if !format.accepts(v) {
                t.flag(record_id, Some(v));
            }
        }
        _ => {}
    }
}

/// One collection's field checks, by field, then kind.
fn field_checks_of(ds: &Dataset, c: Collection, o: &mut Vec<FieldCheck>) {
    use Collection as C;
    use FieldRule::Format as F;
    match c {
        C::Customers => profile(
            C::Customers,
            &ds.customers,
            |r| &r.customer_id,
            &[
                spec("customer_id", |r: &Customer| text(&r.customer_id), ID),
                spec("first_name_en", |r| text(&r.first_name_en), REQ),
                spec("last_name_en", |r| text(&r.last_name_en), REQ),
                spec("first_name_ar", |r| text(&r.first_name_ar), REQ),
                spec("last_name_ar", |r| text(&r.last_name_ar), REQ),
                spec("email", |r| text(&r.email), &[R, UI, F(Format::Email)]),
                spec("phone", |r| text(&r.phone), &[R, U, F(Format::Phone)]),
                spec(
                    "civil_id",
                    |r| text(&r.civil_id),
                    &[R, U, F(Format::CivilId)],
                ),
                spec(
                    "nationality",
                    |r| text(&r.nationality),
                    &[R, F(Format::Country)],
                ),
                spec("address.governorate", |r| text(&r.address.governorate), REQ),
                spec("address.area", |r| text(&r.address.area), REQ),
                spec("address.block", |r| text(&r.address.block), REQ),
                spec("address.street", |r| text(&r.address.street), REQ),
                spec("address.building", |r| text(&r.address.building), REQ),
            ],
            o,
        ),
        C::Accounts => profile(
            C::Accounts,
            &ds.accounts,
            |r| &r.account_id,
            &[
                spec("account_id", |r: &Account| text(&r.account_id), ID),
                spec("customer_id", |r| text(&r.customer_id), REF),
                spec("account_name", |r| text(&r.account_name), REQ),
                spec("iban", |r| text(&r.iban), &[R, U, F(Format::Iban)]),
                spec("currency", |r| text(&r.currency), REQ),
                spec("interest_rate", |r| opt(&r.interest_rate), OPT),
                spec("maturity_date", |r| opt(&r.maturity_date), OPT),
            ],
            o,
        ),
        C::Transactions => profile(
            C::Transactions,
            &ds.transactions,
            |r| &r.transaction_id,
            &[
                spec(
                    "transaction_id",
                    |r: &Transaction| text(&r.transaction_id),
                    ID,
                ),
                spec("account_id", |r| text(&r.account_id), REF),
                spec("customer_id", |r| text(&r.customer_id), REF),
                spec("currency", |r| text(&r.currency), REQ),
                spec("merchant_name", |r| text(&r.merchant_name), REQ),
                spec("merchant_city", |r| text(&r.merchant_city), REQ),
                spec("device_id", |r| opt_text(&r.device_id), OPT_REF),
                spec("savings_goal_id", |r| opt_text(&r.savings_goal_id), OPT_REF),
                spec(
                    "reference",
                    |r| text(&r.reference),
                    &[R, U, F(Format::BankReference)],
                ),
                spec("description", |r| text(&r.description), REQ),
                spec("failure_reason", |r| opt_text(&r.failure_reason), OPT),
            ],
            o,
        ),
        C::SavingsGoals => profile(
            C::SavingsGoals,
            &ds.savings_goals,
            |r| &r.goal_id,
            &[
                spec("goal_id", |r: &SavingsGoal| text(&r.goal_id), ID),
                spec("customer_id", |r| text(&r.customer_id), REF),
                spec("account_id", |r| text(&r.account_id), REF),
                spec("name_en", |r| text(&r.name_en), REQ),
                spec("name_ar", |r| text(&r.name_ar), REQ),
                spec("target_date", |r| opt(&r.target_date), OPT),
            ],
            o,
        ),
        C::ServiceRequests => profile(
            C::ServiceRequests,
            &ds.service_requests,
            |r| &r.request_id,
            &[
                spec("request_id", |r: &ServiceRequest| text(&r.request_id), ID),
                spec("customer_id", |r| text(&r.customer_id), REF),
                spec("account_id", |r| opt_text(&r.account_id), OPT_REF),
                spec("description", |r| text(&r.description), REQ),
                spec("resolved_at", |r| opt(&r.resolved_at), OPT),
            ],
            o,
        ),
        C::DisputeRecords => profile(
            C::DisputeRecords,
            &ds.dispute_records,
            |r| &r.dispute_id,
            &[
                spec("dispute_id", |r: &DisputeRecord| text(&r.dispute_id), ID),
                spec("transaction_id", |r| text(&r.transaction_id), REF),
                spec("customer_id", |r| text(&r.customer_id), REF),
                spec("description", |r| text(&r.description), REQ),
                spec("resolved_at", |r| opt(&r.resolved_at), OPT),
            ],
            o,
        ),
        C::Notifications => profile(
            C::Notifications,
            &ds.notifications,
            |r| &r.notification_id,
            &[
                spec(
                    "notification_id",
                    |r: &Notification| text(&r.notification_id),
                    ID,
                ),
                spec("customer_id", |r| text(&r.customer_id), REF),
                spec("title", |r| text(&r.title), REQ),
                spec("body", |r| text(&r.body), REQ),
                spec("related_entity_type", |r| opt(&r.related_entity_type), OPT),
                spec(
                    "related_entity_id",
                    |r| opt_text(&r.related_entity_id),
                    OPT_REF,
                ),
            ],
            o,
        ),
        C::AuthUsers => profile(
            C::AuthUsers,
            &ds.auth_users,
            |r| &r.user_id,
            &[
                spec("user_id", |r: &AuthUser| text(&r.user_id), ID),
                spec("customer_id", |r| opt_text(&r.customer_id), OPT_REF),
                spec("email", |r| text(&r.email), &[R, UI, F(Format::Email)]),
                spec("last_login_at", |r| opt(&r.last_login_at), OPT),
            ],
            o,
        ),
        C::Credentials => profile(
            C::Credentials,
            &ds.credentials,
            |r| &r.user_id,
            &[
                spec("user_id", |r: &Credential| text(&r.user_id), ID),
                spec("password_hash", |r| text(&r.password_hash), REQ),
                spec("pin_hash", |r| text(&r.pin_hash), REQ),
            ],
            o,
        ),
        C::MfaSettings => profile(
            C::MfaSettings,
            &ds.mfa_settings,
            |r| &r.mfa_id,
            &[
                spec("mfa_id", |r: &MfaSetting| text(&r.mfa_id), ID),
                spec("user_id", |r| text(&r.user_id), REF),
                spec("destination_masked", |r| text(&r.destination_masked), REQ),
                spec("totp_secret", |r| opt_text(&r.totp_secret), OPT),
            ],
            o,
        ),
        C::RegisteredDevices => profile(
            C::RegisteredDevices,
            &ds.registered_devices,
            |r| &r.device_id,
            &[
                spec("device_id", |r: &RegisteredDevice| text(&r.device_id), ID),
                spec("user_id", |r| text(&r.user_id), REF),
                spec("device_model", |r| text(&r.device_model), REQ),
                spec("os_version", |r| text(&r.os_version), REQ),
                spec("push_token", |r| opt_text(&r.push_token), OPT),
                spec(
                    "fingerprint",
                    |r| text(&r.fingerprint),
                    &[R, U, F(Format::Sha256)],
                ),
            ],
            o,
        ),
        C::LoginSessions => profile(
            C::LoginSessions,
            &ds.login_sessions,
            |r| &r.session_id,
            &[
                spec("session_id", |r: &LoginSession| text(&r.session_id), ID),
                spec("user_id", |r| text(&r.user_id), REF),
                spec("device_id", |r| text(&r.device_id), REF),
                spec("ip_address", |r| text(&r.ip_address), &[R, F(Format::Ipv4)]),
                spec("city", |r| text(&r.city), REQ),
            ],
            o,
        ),
        C::AuditLogs => profile(
            C::AuditLogs,
            &ds.audit_logs,
            |r| &r.audit_id,
            &[
                spec("audit_id", |r: &AuditLog| text(&r.audit_id), ID),
                spec("user_id", |r| text(&r.user_id), REF),
                spec("customer_id", |r| opt_text(&r.customer_id), OPT_REF),
                spec("action", |r| text(&r.action), REQ),
                spec("ip_address", |r| text(&r.ip_address), &[R, F(Format::Ipv4)]),
                spec("entity_id", |r| text(&r.entity_id), REF),
                spec("details", |r| text(&r.details), REQ),
            ],
            o,
        ),
        C::CustomerSettings => profile(
            C::CustomerSettings,
            &ds.customer_settings,
            |r| &r.customer_id,
            &[spec(
                "customer_id",
                |r: &CustomerSettings| text(&r.customer_id),
                ID,
            )],
            o,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Meta;
    use crate::validate::validate_texts;
    use chrono::DateTime;
    use std::path::PathBuf;
    use std::sync::OnceLock;

    /// The bundled dataset (public/data): generated, so it holds every rule.
    fn bundled() -> &'static (Dataset, Meta) {
        static B: OnceLock<(Dataset, Meta)> = OnceLock::new();
        B.get_or_init(|| {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../public/data");
            let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
            let meta: Meta = serde_json::from_str(&read("meta.json")).unwrap();
            let ds = Dataset::from_texts(|c| Ok(read(&c.file_name()))).unwrap();
            (ds, meta)
        })
    }

    fn ts(s: &str) -> Timestamp {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    /// (rule, violations, offender record ids) of the failing checks.
    fn failing(r: &QualityReport) -> Vec<(&'static str, usize, Vec<String>)> {
        r.checks
            .iter()
            .filter(|c| c.status == Status::Fail)
            .map(|c| {
                let ids = c.offenders.iter().map(|v| v.record_id.clone()).collect();
                (c.rule.as_str(), c.violations, ids)
            })
            .collect()
    }

    /// (collection, field, kind, violations, offender ids) of the failing field checks.
    fn failing_fields(
        r: &QualityReport,
    ) -> Vec<(&'static str, &'static str, FieldKind, usize, Vec<String>)> {
        r.fields
            .iter()
            .filter(|f| f.status() == Status::Fail)
            .map(|f| {
                let ids = f.offenders.iter().map(|o| o.record_id.clone()).collect();
                (f.collection.name(), f.field, f.kind(), f.violations, ids)
            })
            .collect()
    }

    /// Sorted (file, record id, rule, message) of every violation kept in the report.
    fn reported(r: &QualityReport) -> Vec<(String, String, Rule, String)> {
        let mut out: Vec<_> = r
            .checks
            .iter()
            .flat_map(|c| c.offenders.iter())
            .map(|v| {
                (
                    v.file.clone(),
                    v.record_id.clone(),
                    v.rule,
                    v.message.clone(),
                )
            })
            .collect();
        out.sort();
        out
    }

    fn texts(ds: &Dataset) -> BTreeMap<Collection, String> {
        ds.to_texts().unwrap().into_iter().collect()
    }

    /// What `datagen validate` would print for these records, sorted.
    fn datagen(
        ds: &Dataset,
        as_of: NaiveDate,
        counts: Option<&BTreeMap<String, usize>>,
    ) -> Vec<(String, String, Rule, String)> {
        let mut out: Vec<_> = validate_texts(&texts(ds), as_of, counts)
            .into_iter()
            .map(|v| (v.file, v.record_id, v.rule, v.message))
            .collect();
        out.sort();
        out
    }

    /// Breaks the bundled data in known ways; returns it with the ids involved.
    fn corrupted() -> (Dataset, BTreeMap<&'static str, String>) {
        let (clean, _) = bundled();
        let mut ds = clean.clone();
        let mut ids = BTreeMap::new();
        // account-balance: a balance one fils off.
        ds.accounts[0].balance += crate::Money::from_fils(1);
        ids.insert("balance", ds.accounts[0].account_id.clone());
        // iban (and the iban format field check): a wrong check digit.
        let iban = &mut ds.accounts[1].iban;
        let last = iban.pop().unwrap();
        iban.push(if last == '0' { '1' } else { '0' });
        ids.insert("iban", ds.accounts[1].account_id.clone());
        // reference: a pending/failed payment on an account that does not exist.
        let t = ds
            .transactions
            .iter_mut()
            .find(|t| t.status != TxnStatus::Completed && t.savings_goal_id.is_none())
            .unwrap();
        t.account_id = "00000000-0000-4000-8000-000000000000".into();
        ids.insert("reference", t.transaction_id.clone());
        // kuwait-ip twice; one of them is not an IP at all (ipv4 format).
        ds.login_sessions[0].ip_address = "8.8.8.8".into();
        ds.login_sessions[1].ip_address = "not-an-ip".into();
        ids.insert("ip1", ds.login_sessions[0].session_id.clone());
        ids.insert("ip2", ds.login_sessions[1].session_id.clone());
        // timestamp-after-as-of: a request updated the day after as_of.
        ds.service_requests[0].updated_at = ts("2026-11-21T08:00:00+03:00");
        ids.insert("after", ds.service_requests[0].request_id.clone());
        // timestamp-offset: the same instant written in UTC.
        let a = &mut ds.audit_logs[0];
        a.created_at = a.created_at.with_timezone(&chrono::Utc).fixed_offset();
        ids.insert("offset", a.audit_id.clone());
        // Field checks only: a duplicate email (another case), an empty name, an empty
        // push token instead of null.
        ds.customers[1].email = ds.customers[0].email.to_uppercase();
        ids.insert("dup_email", ds.customers[1].customer_id.clone());
        ds.customers[2].first_name_en = " ".into();
        ids.insert("blank_name", ds.customers[2].customer_id.clone());
        let d = ds
            .registered_devices
            .iter_mut()
            .find(|d| d.push_token.is_some())
            .unwrap();
        d.push_token = Some(String::new());
        ids.insert("push", d.device_id.clone());
        (ds, ids)
    }

    #[test]
    fn the_bundled_dataset_passes_every_check() {
        let (ds, meta) = bundled();
        let r = report(ds, meta.as_of);
        assert_eq!(r.checks.len(), Rule::ALL.len());
        let rules: Vec<Rule> = r.checks.iter().map(|c| c.rule).collect();
        assert_eq!(rules, Rule::ALL);
        assert_eq!((r.failed(), r.violations()), (0, 0), "{:?}", failing(&r));
        // Without meta.json's counts only meta-counts is skipped.
        let skipped: Vec<_> = r
            .checks
            .iter()
            .filter(|c| c.status == Status::Skipped)
            .map(|c| c.rule)
            .collect();
        assert_eq!(skipped, [Rule::MetaCounts]);
        assert_eq!(r.passed(), Rule::ALL.len() - 1);
        assert_eq!(failing_fields(&r), vec![]);
        // With them, every rule passes.
        let options = Options {
            meta_counts: Some(&meta.counts),
            ..Options::default()
        };
        let r = report_with(ds, meta.as_of, &options);
        assert_eq!(r.passed(), Rule::ALL.len());
        assert_eq!(r.records, meta.counts.values().sum::<usize>());
        // Load-time rules say so.
        let load: Vec<_> = r
            .checks
            .iter()
            .filter(|c| c.scope == Scope::Load)
            .map(|c| c.rule)
            .collect();
        assert_eq!(load, [Rule::Json, Rule::Schema, Rule::AmountPrecision]);
    }

    #[test]
    fn corruption_fails_exactly_the_expected_checks() {
        let (ds, ids) = corrupted();
        let as_of = bundled().1.as_of;
        let r = report(&ds, as_of);
        let id = |k: &str| vec![ids[k].clone()];
        assert_eq!(
            failing(&r),
            vec![
                ("reference", 1, id("reference")),
                ("timestamp-offset", 1, id("offset")),
                ("timestamp-after-as-of", 1, id("after")),
                ("account-balance", 1, id("balance")),
                ("kuwait-ip", 2, vec![ids["ip1"].clone(), ids["ip2"].clone()]),
                ("iban", 1, id("iban")),
            ]
        );
        assert_eq!((r.failed(), r.violations()), (6, 7));
        assert_eq!(
            failing_fields(&r),
            vec![
                (
                    "customers",
                    "first_name_en",
                    FieldKind::Null,
                    1,
                    id("blank_name")
                ),
                (
                    "customers",
                    "email",
                    FieldKind::Duplicate,
                    1,
                    id("dup_email")
                ),
                ("accounts", "iban", FieldKind::Format, 1, id("iban")),
                (
                    "registered_devices",
                    "push_token",
                    FieldKind::Null,
                    1,
                    id("push")
                ),
                (
                    "login_sessions",
                    "ip_address",
                    FieldKind::Format,
                    1,
                    id("ip2")
                ),
            ]
        );
        // Offenders name their file, and it is one the rule applies to.
        for c in &r.checks {
            for v in &c.offenders {
                assert!(c.files.iter().any(|f| f.file_name() == v.file), "{v:?}");
            }
        }
        // Values are shown for duplicates and formats, never for null checks.
        let dup = r
            .fields
            .iter()
            .find(|f| f.field == "email" && f.kind() == FieldKind::Duplicate)
            .unwrap();
        assert_eq!(
            dup.offenders[0].value.as_deref(),
            Some(ds.customers[1].email.as_str())
        );
        assert!(r
            .fields
            .iter()
            .filter(|f| f.kind() == FieldKind::Null)
            .all(|f| f.offenders.iter().all(|o| o.value.is_none())));
    }

    #[test]
    fn the_report_holds_exactly_what_the_validator_reports() {
        let (ds, _) = corrupted();
        let (_, meta) = bundled();
        let r = report(&ds, meta.as_of);
        // Everything datagen validate reports on these records' text...
        assert_eq!(reported(&r), datagen(&ds, meta.as_of, None));
        // ...with meta.json's counts too...
        let options = Options {
            meta_counts: Some(&meta.counts),
            ..Options::default()
        };
        let mut fewer = ds.clone();
        fewer.customer_settings.pop();
        let r = report_with(&fewer, meta.as_of, &options);
        assert_eq!(
            reported(&r),
            datagen(&fewer, meta.as_of, Some(&meta.counts))
        );
        assert_eq!(failing(&r)[0], ("meta-counts", 1, vec!["-".to_owned()]));
        // ...and the typed rules are validate_dataset's, rule by rule, in its order.
        let r = report(&ds, meta.as_of);
        let typed = validate::validate_dataset(&ds, meta.as_of);
        for c in r.checks.iter().filter(|c| c.stage == Stage::Dataset) {
            let expected: Vec<&Violation> = typed.iter().filter(|v| v.rule == c.rule).collect();
            assert_eq!(c.violations, expected.len(), "{}", c.rule);
            assert_eq!(
                c.offenders.iter().collect::<Vec<_>>(),
                expected,
                "{}",
                c.rule
            );
        }
    }

    #[test]
    fn parsed_timestamps_get_the_same_reports_as_the_text() {
        let (ds, meta) = bundled();
        let mut ds = ds.clone();
        ds.login_sessions[3].started_at = ts("2026-12-01T10:00:00+00:00");
        ds.login_sessions[3].expires_at = ts("2027-01-01T10:00:00+00:00");
        ds.service_requests[2].resolved_at = Some(ts("2026-11-22T10:00:00+04:00"));
        ds.auth_users[4].last_login_at = Some(ts("2026-11-20T21:00:00+00:00"));
        let from_text: Vec<Violation> = validate_texts(&texts(&ds), meta.as_of, None)
            .into_iter()
            .filter(|v| matches!(v.rule, Rule::TimestampOffset | Rule::TimestampAfterAsOf))
            .collect();
        assert_eq!(from_text.len(), 7, "{from_text:#?}");
        assert_eq!(validate::validate_timestamps(&ds, meta.as_of), from_text);
    }

    #[test]
    fn the_apps_own_changes_are_not_after_as_of_violations() {
        let (ds, meta) = bundled();
        let mut ds = ds.clone();
        let now = ts("2026-11-21T14:12:57.123+03:00");
        ds.login_sessions[0].started_at = now;
        ds.login_sessions[0].last_activity_at = now;
        ds.audit_logs[0].created_at = now.with_timezone(&chrono::Utc).fixed_offset();
        let times = [now];
        let options = Options {
            own_change_times: &times,
            ..Options::default()
        };
        let r = report_with(&ds, meta.as_of, &options);
        assert_eq!(r.own_changes_after_as_of, 3);
        // The offset is still checked.
        assert_eq!(
            failing(&r),
            vec![(
                "timestamp-offset",
                1,
                vec![ds.audit_logs[0].audit_id.clone()]
            )]
        );
        let r = report(&ds, meta.as_of);
        assert_eq!(failing(&r)[1].0, "timestamp-after-as-of");
        assert_eq!(failing(&r)[1].1, 3);
    }

    #[test]
    fn offenders_are_capped_but_counts_are_complete() {
        let (ds, meta) = bundled();
        let mut ds = ds.clone();
        for t in &mut ds.transactions {
            t.currency = "USD".into();
            t.reference = "X".into();
        }
        let r = report(&ds, meta.as_of);
        let n = ds.transactions.len();
        let c = &r.checks[Rule::CurrencyKwd as usize];
        assert_eq!(
            (c.rule, c.violations, c.offenders.len()),
            (Rule::CurrencyKwd, n, OFFENDER_LIMIT)
        );
        let dup = r
            .fields
            .iter()
            .find(|f| f.field == "reference" && f.kind() == FieldKind::Duplicate)
            .unwrap();
        assert_eq!(
            (dup.violations, dup.offenders.len()),
            (n - 1, OFFENDER_LIMIT)
        );
    }

    #[test]
    fn formats() {
        assert!(Format::Uuid.accepts("86df607e-9545-4988-824b-85539d09434c"));
        assert!(!Format::Uuid.accepts("86df607e95454988824b85539d09434c"));
        assert!(!Format::Uuid.accepts("86df607e-9545-4988-824b-85539d09434g"));
        assert!(Format::Ipv4.accepts("37.36.1.2") && Format::Ipv4.accepts("8.8.8.8"));
        assert!(!Format::Ipv4.accepts("37.36.1") && !Format::Ipv4.accepts("::1"));
        assert!(
            Format::Country.accepts("KW")
                && !Format::Country.accepts("kw")
                && !Format::Country.accepts("KWT")
        );
        assert!(
            Format::BankReference.accepts("BD123456789")
                && !Format::BankReference.accepts("BD")
                && !Format::BankReference.accepts("REF-1")
        );
        assert!(
            Format::Sha256.accepts(&"ab".repeat(32)) && !Format::Sha256.accepts(&"ab".repeat(31))
        );
    }
}
