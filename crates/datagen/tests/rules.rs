//! For every rule: break a valid generated dataset in exactly that one way and expect
//! `validate` to report exactly that violation (file, record id, rule).

use bankdash_datagen::{generate, render, Options};
use bankdash_domain::model::Meta;
use bankdash_domain::validate::{validate_texts, Rule};
use bankdash_domain::Collection;
use chrono::NaiveDate;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::OnceLock;

type Records = BTreeMap<Collection, Vec<Value>>;

struct Fixture {
    records: Records,
    meta: Meta,
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let opts = Options {
            seed: 99,
            customers: 12,
            as_of,
            bcrypt_cost: 4,
        };
        let files = render(&generate(&opts).unwrap(), &opts).unwrap();
        let records = Collection::ALL
            .iter()
            .map(|c| (*c, serde_json::from_str(&files[&c.file_name()]).unwrap()))
            .collect();
        let meta = serde_json::from_str(&files["meta.json"]).unwrap();
        Fixture { records, meta }
    })
}

fn texts(records: &Records) -> BTreeMap<Collection, String> {
    records
        .iter()
        .map(|(c, v)| (*c, serde_json::to_string(v).unwrap()))
        .collect()
}

fn report(records: &Records, meta: &Meta) -> Vec<(String, String, Rule)> {
    validate_texts(&texts(records), meta.as_of, Some(&meta.counts))
        .into_iter()
        .map(|v| (v.file, v.record_id, v.rule))
        .collect()
}

fn s(v: &Value, field: &str) -> String {
    v[field].as_str().unwrap_or_default().to_owned()
}

fn id(c: Collection, v: &Value) -> String {
    s(v, c.id_field())
}

/// Index of the first record matching `pred`.
fn find(r: &Records, c: Collection, pred: impl Fn(&Value) -> bool) -> usize {
    r[&c]
        .iter()
        .position(pred)
        .unwrap_or_else(|| panic!("no matching record in {c}"))
}

fn rec(r: &mut Records, c: Collection, i: usize) -> &mut Value {
    &mut r.get_mut(&c).unwrap()[i]
}

/// Fils of a JSON amount (the fixture only holds valid 3-decimal amounts).
fn fils(v: &Value) -> i64 {
    bankdash_domain::Money::parse_kwd(&format!("{}", v.as_f64().unwrap()))
        .unwrap()
        .fils()
}

fn kwd(fils: i64) -> Value {
    serde_json::to_value(bankdash_domain::Money::from_fils(fils)).unwrap()
}

/// One mutation: it edits the records and returns the violation it must cause.
type Case = (&'static str, fn(&mut Records) -> (Collection, String, Rule));

const CASES: &[Case] = &[
    ("duplicate notification id", |r| {
        use Collection::Notifications as C;
        let first = id(C, &r[&C][0]);
        rec(r, C, 1)["notification_id"] = json!(first);
        (C, first, Rule::UniqueId)
    }),
    ("settings for an unknown customer", |r| {
        use Collection::CustomerSettings as C;
        rec(r, C, 0)["customer_id"] = json!("00000000-0000-4000-8000-000000000000");
        (
            C,
            "00000000-0000-4000-8000-000000000000".into(),
            Rule::Reference,
        )
    }),
    ("audit log about a missing entity", |r| {
        use Collection::AuditLogs as C;
        rec(r, C, 0)["entity_id"] = json!("00000000-0000-4000-8000-000000000001");
        (C, id(C, &r[&C][0]), Rule::Reference)
    }),
    ("notification about a missing transaction", |r| {
        use Collection::Notifications as C;
        let i = find(r, C, |n| n["related_entity_type"] == "TRANSACTION");
        rec(r, C, i)["related_entity_id"] = json!("00000000-0000-4000-8000-000000000002");
        (C, id(C, &r[&C][i]), Rule::Reference)
    }),
    ("service request on another customer's account", |r| {
        use Collection::ServiceRequests as C;
        let i = find(r, C, |q| q["account_id"].is_string());
        let owner = s(&r[&C][i], "customer_id");
        let a = find(r, Collection::Accounts, |a| s(a, "customer_id") != owner);
        let other = s(&r[&Collection::Accounts][a], "account_id");
        rec(r, C, i)["account_id"] = json!(other);
        (C, id(C, &r[&C][i]), Rule::OwnerMismatch)
    }),
    ("timestamp not in Kuwait time", |r| {
        use Collection::Customers as C;
        let t = chrono::DateTime::parse_from_rfc3339(&s(&r[&C][0], "created_at")).unwrap();
        rec(r, C, 0)["created_at"] = json!(t.with_timezone(&chrono::Utc).to_rfc3339());
        (C, id(C, &r[&C][0]), Rule::TimestampOffset)
    }),
    ("event after as_of", |r| {
        use Collection::ServiceRequests as C;
        rec(r, C, 0)["updated_at"] = json!("2026-11-21T08:00:00+03:00");
        (C, id(C, &r[&C][0]), Rule::TimestampAfterAsOf)
    }),
    ("amount with four decimals", |r| {
        use Collection::SavingsGoals as C;
        let text = format!("{}", r[&C][0]["target_amount"].as_f64().unwrap());
        let four = if text.contains('.') {
            format!("{text}0005")
        } else {
            format!("{text}.0005")
        };
        rec(r, C, 0)["target_amount"] = serde_json::from_str(&four).unwrap();
        (C, id(C, &r[&C][0]), Rule::AmountPrecision)
    }),
    ("transaction in dollars", |r| {
        use Collection::Transactions as C;
        rec(r, C, 0)["currency"] = json!("USD");
        (C, id(C, &r[&C][0]), Rule::CurrencyKwd)
    }),
    ("balance off by one fils", |r| {
        use Collection::Accounts as C;
        let b = fils(&r[&C][0]["balance"]);
        rec(r, C, 0)["balance"] = kwd(b + 1);
        (C, id(C, &r[&C][0]), Rule::AccountBalance)
    }),
    ("goal saved beyond its target", |r| {
        use Collection::SavingsGoals as C;
        let i = find(r, C, |g| fils(&g["current_amount"]) > 0);
        let current = fils(&r[&C][i]["current_amount"]);
        rec(r, C, i)["target_amount"] = kwd(current - 1);
        (C, id(C, &r[&C][i]), Rule::GoalAmount)
    }),
    ("goal amount that its contributions do not explain", |r| {
        use Collection::SavingsGoals as C;
        let i = find(r, C, |g| fils(&g["current_amount"]) > 0);
        let current = fils(&r[&C][i]["current_amount"]);
        rec(r, C, i)["current_amount"] = kwd(current - 1);
        (C, id(C, &r[&C][i]), Rule::GoalContributions)
    }),
    ("five failed logins but not locked", |r| {
        use Collection::AuthUsers as C;
        let i = find(r, C, |u| u["status"] == "ACTIVE");
        rec(r, C, i)["failed_login_attempts"] = json!(5);
        (C, id(C, &r[&C][i]), Rule::LockedAfterFailures)
    }),
    ("session on another user's device", |r| {
        use Collection::LoginSessions as C;
        let user = s(&r[&C][0], "user_id");
        let d = find(r, Collection::RegisteredDevices, |d| {
            s(d, "user_id") != user
        });
        let other = s(&r[&Collection::RegisteredDevices][d], "device_id");
        rec(r, C, 0)["device_id"] = json!(other);
        (C, id(C, &r[&C][0]), Rule::SessionDevice)
    }),
    ("active session on an inactive device", |r| {
        use Collection::LoginSessions as C;
        let active_on = |r: &Records, device: &str| {
            r[&C]
                .iter()
                .filter(|x| x["status"] == "ACTIVE" && s(x, "device_id") == device)
                .count()
        };
        let i = find(r, C, |x| {
            x["status"] == "ACTIVE" && active_on(r, &s(x, "device_id")) == 1
        });
        let device = s(&r[&C][i], "device_id");
        let d = find(r, Collection::RegisteredDevices, |x| {
            s(x, "device_id") == device
        });
        rec(r, Collection::RegisteredDevices, d)["status"] = json!("INACTIVE");
        (C, id(C, &r[&C][i]), Rule::SessionDevice)
    }),
    ("dispute on a completed transaction", |r| {
        use Collection::DisputeRecords as C;
        let customer = s(&r[&C][0], "customer_id");
        let t = find(r, Collection::Transactions, |t| {
            t["status"] == "COMPLETED" && s(t, "customer_id") == customer
        });
        let txn = s(&r[&Collection::Transactions][t], "transaction_id");
        rec(r, C, 0)["transaction_id"] = json!(txn);
        (C, id(C, &r[&C][0]), Rule::DisputeFailedTransaction)
    }),
    ("active password past its expiry", |r| {
        use Collection::Credentials as C;
        let i = find(r, C, |c| c["status"] == "ACTIVE");
        rec(r, C, i)["expires_at"] = json!("2026-11-19T10:00:00+03:00");
        (C, id(C, &r[&C][i]), Rule::ExpiryStatus)
    }),
    ("active session past its expiry", |r| {
        use Collection::LoginSessions as C;
        let i = find(r, C, |x| x["status"] == "ACTIVE");
        rec(r, C, i)["expires_at"] = json!("2026-11-20T12:00:00+03:00");
        (C, id(C, &r[&C][i]), Rule::ExpiryStatus)
    }),
    ("mfa_enabled false despite an enabled method", |r| {
        use Collection::AuthUsers as C;
        let i = find(r, C, |u| u["mfa_enabled"] == true);
        rec(r, C, i)["mfa_enabled"] = json!(false);
        (C, id(C, &r[&C][i]), Rule::MfaEnabled)
    }),
    ("SMS to a customer who turned notifications off", |r| {
        use Collection::Notifications as C;
        let s_ix = find(r, Collection::CustomerSettings, |x| {
            x["notifications_enabled"] == false
        });
        let customer = s(&r[&Collection::CustomerSettings][s_ix], "customer_id");
        let i = find(r, C, |n| s(n, "customer_id") == customer);
        rec(r, C, i)["channel"] = json!("SMS");
        (C, id(C, &r[&C][i]), Rule::NotificationOptOut)
    }),
    ("session from a foreign IP", |r| {
        use Collection::LoginSessions as C;
        rec(r, C, 0)["ip_address"] = json!("8.8.8.8");
        (C, id(C, &r[&C][0]), Rule::KuwaitIp)
    }),
    ("audit log from a foreign IP", |r| {
        use Collection::AuditLogs as C;
        rec(r, C, 0)["ip_address"] = json!("203.0.113.9");
        (C, id(C, &r[&C][0]), Rule::KuwaitIp)
    }),
    ("session in Dubai", |r| {
        use Collection::LoginSessions as C;
        rec(r, C, 0)["city"] = json!("Dubai");
        (C, id(C, &r[&C][0]), Rule::KuwaitCity)
    }),
    ("customer email without a domain", |r| {
        use Collection::Customers as C;
        rec(r, C, 0)["email"] = json!("yousef.alrashidi");
        (C, id(C, &r[&C][0]), Rule::EmailFormat)
    }),
    ("landline-style phone", |r| {
        use Collection::Customers as C;
        rec(r, C, 0)["phone"] = json!("+96522212345");
        (C, id(C, &r[&C][0]), Rule::PhoneFormat)
    }),
    ("civil ID with a wrong check digit", |r| {
        use Collection::Customers as C;
        let civil = s(&r[&C][0], "civil_id");
        let last = civil.as_bytes()[11] - b'0';
        let wrong = format!("{}{}", &civil[..11], (last + 1) % 10);
        rec(r, C, 0)["civil_id"] = json!(wrong);
        (C, id(C, &r[&C][0]), Rule::CivilId)
    }),
    ("civil ID that does not match the birth date", |r| {
        use Collection::Customers as C;
        let dob = NaiveDate::parse_from_str(&s(&r[&C][0], "date_of_birth"), "%Y-%m-%d").unwrap();
        rec(r, C, 0)["date_of_birth"] = json!((dob + chrono::Duration::days(1)).to_string());
        (C, id(C, &r[&C][0]), Rule::CivilId)
    }),
    ("IBAN with a wrong digit", |r| {
        use Collection::Accounts as C;
        let iban = s(&r[&C][0], "iban");
        let last = iban.as_bytes()[29] - b'0';
        rec(r, C, 0)["iban"] = json!(format!("{}{}", &iban[..29], (last + 1) % 10));
        (C, id(C, &r[&C][0]), Rule::Iban)
    }),
    ("plain PIN instead of a hash", |r| {
        use Collection::Credentials as C;
        rec(r, C, 0)["pin_hash"] = json!("1234");
        (C, id(C, &r[&C][0]), Rule::CredentialHash)
    }),
    ("authenticator-app secret one byte short of 16", |r| {
        use Collection::MfaSettings as C;
        let i = find(r, C, |m| m["method"] == "APP");
        rec(r, C, i)["totp_secret"] = json!("GAYTEMZUGU3DOOBZMFRGGZDF"); // base32 of "0123456789abcde"
        (C, id(C, &r[&C][i]), Rule::TotpSecret)
    }),
    ("SMS method carrying an authenticator secret", |r| {
        use Collection::MfaSettings as C;
        let i = find(r, C, |m| m["method"] == "SMS");
        rec(r, C, i)["totp_secret"] = json!("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        (C, id(C, &r[&C][i]), Rule::TotpSecret)
    }),
    ("unknown notification channel", |r| {
        use Collection::Notifications as C;
        rec(r, C, 0)["channel"] = json!("FAX");
        (C, id(C, &r[&C][0]), Rule::Schema)
    }),
];

#[test]
fn generated_dataset_is_valid() {
    let f = fixture();
    assert_eq!(report(&f.records, &f.meta), vec![]);
}

#[test]
fn every_rule_reports_exactly_its_violation() {
    let f = fixture();
    let mut covered = std::collections::BTreeSet::new();
    for (name, mutate) in CASES {
        let mut records = f.records.clone();
        let (c, record_id, rule) = mutate(&mut records);
        let got = report(&records, &f.meta);
        assert_eq!(got, vec![(c.file_name(), record_id, rule)], "case: {name}");
        covered.insert(rule);
    }
    // Json and MetaCounts are covered by their own tests below.
    let untested: Vec<_> = Rule::ALL
        .iter()
        .filter(|r| !covered.contains(r) && !matches!(r, Rule::Json | Rule::MetaCounts))
        .collect();
    assert!(
        untested.is_empty(),
        "rules without a breaking test: {untested:?}"
    );
}

#[test]
fn unreadable_file_is_reported_by_name() {
    let f = fixture();
    let mut t = texts(&f.records);
    t.insert(Collection::Notifications, "{not json".into());
    let got: Vec<_> = validate_texts(&t, f.meta.as_of, None)
        .into_iter()
        .map(|v| (v.file, v.rule))
        .collect();
    assert_eq!(got, vec![("notifications.json".to_owned(), Rule::Json)]);
}

#[test]
fn meta_counts_must_match_the_files() {
    let f = fixture();
    let mut meta = f.meta.clone();
    *meta.counts.get_mut("audit_logs").unwrap() += 1;
    assert_eq!(
        report(&f.records, &meta),
        vec![(
            "audit_logs.json".to_owned(),
            "-".to_owned(),
            Rule::MetaCounts
        )]
    );
}
