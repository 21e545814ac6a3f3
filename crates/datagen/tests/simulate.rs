//! Live mode's simulation: `simulate` runs the generator's transaction code over a
//! window of simulated time after as_of. Same input, same fragment; every new
//! transaction in the window; the dataset plus the fragment stays valid, validated as of
//! the simulated clock's date (the original as_of would make every new transaction
//! `timestamp-after-as-of`, which is why the app validates live data as of the clock).

use bankdash_datagen::{generate, simulate, Options};
use bankdash_domain::model::*;
use bankdash_domain::sync::merge;
use bankdash_domain::time::{as_of_instant, kuwait_date, Timestamp, KUWAIT_OFFSET_SECONDS};
use bankdash_domain::validate::{validate_dataset, validate_timestamps, Rule};
use bankdash_domain::Dataset;
use chrono::{Duration, NaiveDate};
use std::collections::{BTreeMap, HashSet};
use std::sync::OnceLock;

fn as_of() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()
}

fn dataset(seed: u64, customers: usize) -> Dataset {
    generate(&Options {
        seed,
        customers,
        as_of: as_of(),
        bcrypt_cost: 4,
    })
    .unwrap()
    .dataset
}

/// The bundled dataset's options (seed 2026, 30 customers), cheap hashes.
fn bundled() -> &'static Dataset {
    static DS: OnceLock<Dataset> = OnceLock::new();
    DS.get_or_init(|| dataset(2026, 30))
}

fn start() -> Timestamp {
    as_of_instant(as_of())
}

fn merged(base: &Dataset, fragment: &Dataset) -> Dataset {
    let mut ds = base.clone();
    merge(&mut ds, fragment.clone());
    ds
}

/// Every rule, timestamps included, as of `to`'s Kuwait date.
fn violations(ds: &Dataset, to: Timestamp) -> Vec<String> {
    let day = kuwait_date(&to);
    validate_timestamps(ds, day)
        .into_iter()
        .chain(validate_dataset(ds, day))
        .map(|v| format!("{} {} {}: {}", v.file, v.record_id, v.rule, v.message))
        .collect()
}

#[test]
fn same_input_same_fragment_other_seed_other_fragment() {
    let ds = bundled();
    let to = start() + Duration::days(3);
    let a = simulate(ds, 7, start(), to);
    let b = simulate(ds, 7, start(), to);
    let c = simulate(ds, 8, start(), to);
    assert_eq!(a, b);
    assert!(!a.transactions.is_empty());
    assert_ne!(a.transactions, c.transactions);
    // An empty or backwards window is nothing.
    assert_eq!(simulate(ds, 7, to, to), Dataset::default());
    assert_eq!(simulate(ds, 7, to, start()), Dataset::default());
}

#[test]
fn every_new_transaction_falls_in_the_window_and_is_new() {
    let ds = bundled();
    let known: HashSet<&str> = ds
        .transactions
        .iter()
        .map(|t| t.transaction_id.as_str())
        .collect();
    for (from, hours) in [
        (start(), 14),
        (start() + Duration::hours(14), 30),
        (start(), 24 * 20),
    ] {
        let to = from + Duration::hours(hours);
        let f = simulate(ds, 2026, from, to);
        let mut ids = HashSet::new();
        let mut new = 0;
        for t in &f.transactions {
            assert!(ids.insert(t.transaction_id.clone()), "{t:?}");
            if let Some(old) = ds
                .transactions
                .iter()
                .find(|o| o.transaction_id == t.transaction_id)
            {
                // A dataset transaction only comes back settled, two days after it was made.
                assert_eq!(old.status, TxnStatus::Pending);
                assert_ne!(t.status, TxnStatus::Pending);
                assert!(old.created_at + Duration::days(2) <= to);
                assert_eq!(
                    Transaction {
                        status: old.status,
                        failure_reason: None,
                        ..t.clone()
                    },
                    *old
                );
                continue;
            }
            new += 1;
            assert!(from < t.created_at && t.created_at <= to, "{t:?}");
            assert_eq!(
                t.created_at.offset().local_minus_utc(),
                KUWAIT_OFFSET_SECONDS
            );
            assert!(!known.contains(t.transaction_id.as_str()), "{t:?}");
        }
        assert!(new > 0, "{hours} hours");
    }
}

#[test]
fn only_new_transactions_and_the_records_the_rules_require() {
    let ds = bundled();
    let to = start() + Duration::days(20);
    let f = simulate(ds, 2026, start(), to);
    assert!(f.customers.is_empty() && f.service_requests.is_empty());
    assert!(f.dispute_records.is_empty() && f.notifications.is_empty());
    assert!(f.auth_users.is_empty() && f.mfa_settings.is_empty());
    assert!(f.registered_devices.is_empty() && f.audit_logs.is_empty());
    assert!(f.customer_settings.is_empty());
    // Accounts whose balance moved, and nothing else about them.
    assert!(!f.accounts.is_empty());
    for a in &f.accounts {
        let old = ds
            .accounts
            .iter()
            .find(|o| o.account_id == a.account_id)
            .unwrap();
        assert_ne!(a.balance, old.balance);
        assert_eq!(
            Account {
                balance: old.balance,
                ..a.clone()
            },
            *old
        );
    }
    // Statuses that follow from the date: only ACTIVE -> EXPIRED, past expires_at.
    let end = as_of_instant(kuwait_date(&to));
    for s in &f.login_sessions {
        assert_eq!(s.status, SessionStatus::Expired);
        assert!(s.expires_at < end);
    }
    for c in &f.credentials {
        assert_eq!(c.status, CredentialStatus::Expired);
        assert!(c.expires_at < end);
    }
    // 20 days after 20 November: every household with a salary is paid on the 25th,
    // exactly once, and pays rent on 1 December.
    let count = |category: Category| {
        let mut by: BTreeMap<&str, usize> = BTreeMap::new();
        for t in f.transactions.iter().filter(|t| t.category == category) {
            *by.entry(t.customer_id.as_str()).or_default() += 1;
        }
        by
    };
    let salaries = count(Category::Salary);
    assert_eq!(salaries.len(), ds.customers.len());
    assert!(salaries.values().all(|n| *n == 1), "{salaries:?}");
    assert!(count(Category::Housing).values().all(|n| *n == 1));
    for t in f
        .transactions
        .iter()
        .filter(|t| t.category == Category::Salary)
    {
        assert_eq!(kuwait_date(&t.created_at).to_string(), "2026-11-25");
    }
}

#[test]
fn dataset_plus_fragment_is_valid_as_of_the_simulated_date() {
    for (ds, seed) in [(bundled().clone(), 2026), (dataset(9, 12), 1)] {
        assert_eq!(violations(&ds, start()), Vec::<String>::new());
        for days in [1, 3, 6, 15, 45] {
            let to = start() + Duration::days(days) - Duration::hours(7);
            let live = merged(&ds, &simulate(&ds, seed, start(), to));
            assert!(live.transactions.len() > ds.transactions.len());
            assert_eq!(violations(&live, to), Vec::<String>::new(), "{days} days");
            // Against the original as_of the new transactions are in the future.
            let future = validate_timestamps(&live, as_of())
                .into_iter()
                .filter(|v| v.rule == Rule::TimestampAfterAsOf)
                .count();
            assert!(future >= live.transactions.len() - ds.transactions.len());
        }
    }
}

#[test]
fn small_ticks_stay_valid_and_schedule_like_one_window() {
    // Live mode's way: many small windows, each merged before the next.
    let ds = bundled();
    let end = start() + Duration::days(12);
    let mut live = ds.clone();
    let mut clock = start();
    while clock < end {
        let next = (clock + Duration::minutes(6 * 60 + 17)).min(end);
        let f = simulate(&live, 2026, clock, next);
        merge(&mut live, f);
        clock = next;
    }
    assert_eq!(violations(&live, end), Vec::<String>::new());
    // The same data as one window over the same time.
    let whole = merged(ds, &simulate(ds, 2026, start(), end));
    let sorted = |d: &Dataset| {
        let mut d = d.clone();
        d.transactions
            .sort_by(|a, b| a.transaction_id.cmp(&b.transaction_id));
        d
    };
    let (live, whole) = (sorted(&live), sorted(&whole));
    assert!(whole.transactions.len() > ds.transactions.len() + 100);
    assert_eq!(live.transactions, whole.transactions);
    assert_eq!(live, whole);
    // Nothing made more than two days before the end is still pending.
    assert!(live
        .transactions
        .iter()
        .filter(|t| t.status == TxnStatus::Pending)
        .all(|t| t.created_at + Duration::days(2) > end));
}
