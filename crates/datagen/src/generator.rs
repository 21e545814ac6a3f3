//! Builds a whole dataset from a seed. Every rule the validator checks holds by
//! construction: balances are simulated in time order, goals stop at their target,
//! statuses follow from dates, and notifications respect the customer's settings.

use crate::catalog::{self, Merchant};
use bankdash_domain::auth;
use bankdash_domain::kuwait;
use bankdash_domain::model::*;
use bankdash_domain::money::{Money, Rate};
use bankdash_domain::time::{as_of_instant, kuwait_date, kuwait_time, Timestamp};
use bankdash_domain::Dataset;
use chrono::{Datelike, Duration, NaiveDate};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub seed: u64,
    pub customers: usize,
    pub as_of: NaiveDate,
    pub bcrypt_cost: u32,
}

/// A password or PIN waiting to be hashed (hashing runs in parallel at the end).
pub(crate) struct HashJob {
    pub(crate) secret: String,
    pub(crate) salt: [u8; 16],
}

/// The demo scenarios given to the first customers, in order.
const SCENARIOS: &[(&str, &str)] = &[
    ("sms", "Active customer, English, SMS one-time codes; has vaults, a fixed deposit and a disputed failed payment"),
    ("app", "Active customer with authenticator-app MFA (biometrics as backup)"),
    ("arabic", "Active customer whose language is Arabic (RTL), SMS MFA"),
    ("locked", "Locked after 5 failed sign-in attempts"),
    ("expired", "Password expired: must set a new one"),
    ("quiet", "Notifications turned off, no MFA"),
];

pub struct Generated {
    pub dataset: Dataset,
    pub personas: Vec<Persona>,
}

struct Gen {
    rng: ChaCha8Rng,
    now: Timestamp,
    as_of: NaiveDate,
    ds: Dataset,
    jobs: Vec<HashJob>,
    personas: Vec<Persona>,
    account_seq: u64,
    /// The customer being generated (None for staff); records are appended per customer.
    customer: Option<String>,
    /// Where this customer's records start in each growing collection.
    first_txn: usize,
}

/// Generates the dataset for `opts`. Same options, same bytes.
pub fn generate(opts: &Options) -> Result<Generated, String> {
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(opts.seed),
        now: as_of_instant(opts.as_of),
        as_of: opts.as_of,
        ds: Dataset::default(),
        jobs: Vec::new(),
        personas: Vec::new(),
        account_seq: 0,
        customer: None,
        first_txn: 0,
    };
    for i in 0..opts.customers {
        g.customer(i);
    }
    g.analyst();
    let hashes = crate::hash_all(&g.jobs, opts.bcrypt_cost)?;
    for (cred, pair) in g.ds.credentials.iter_mut().zip(hashes.chunks(2)) {
        if let [password, pin] = pair {
            cred.password_hash = password.clone();
            cred.pin_hash = pin.clone();
        }
    }
    Ok(Generated {
        dataset: g.ds,
        personas: g.personas,
    })
}

/// Simulated time passing over `ds`: what happens after `from` and up to `to` (both
/// instants; `from` excluded, `to` included), as a fragment to merge into `ds` by primary
/// key (`bankdash_domain::sync::merge`). The same dataset, seed and window give the same
/// fragment, and cutting a window in two (merging the first fragment before simulating
/// the second) gives the same data as the whole window.
///
/// The new transactions come from the generator's own code: each household's month
/// ([`Gen::month`]: salary on the 25th, rent on the 1st, purchases, transfers, vault
/// transfers on the 26th) drawn from a stream seeded by (seed, customer, month), kept
/// where it falls in the window, then recorded by [`Gen::apply`] in time order with the
/// generator's rules (insufficient funds and random failures, vault credits capped at
/// the goal, and PENDING at random since every new transaction is recent). What a
/// household's month is made of (salary and employer, rent and landlord, vault plans) is
/// read back from its latest transactions; paused and completed vaults get nothing.
///
/// The fragment holds the new transactions and only the records the rules require
/// alongside them, as of the end of the window:
/// - PENDING transactions settle two days after they were made (the dataset's as well as
///   new ones): a credit completes, a debit completes if the balance covers it and
///   otherwise fails (INSUFFICIENT_FUNDS); settled dataset transactions are included.
/// - The accounts whose balance moved (`account-balance`) and the vaults whose savings
///   grew or completed (`goal-amount`, `goal-contributions`).
/// - Statuses that follow from the date (`expiry-status`): ACTIVE sessions and
///   credentials whose `expires_at` has passed become EXPIRED. Like the generated
///   dataset, which describes the last second of its as_of day, these are as of the end
///   of `to`'s Kuwait day.
///
/// So `ds` plus the fragment passes the validator with as_of = `to`'s Kuwait date. With
/// the original as_of, every new transaction is `timestamp-after-as-of`: live data is
/// validated as of the simulated clock's date. Disputes and notifications are not
/// simulated.
pub fn simulate(ds: &Dataset, seed: u64, from: Timestamp, to: Timestamp) -> Dataset {
    let mut fragment = Dataset::default();
    if to <= from {
        return fragment;
    }
    let mut g = Gen {
        rng: ChaCha8Rng::seed_from_u64(seed),
        now: to,
        as_of: kuwait_date(&to),
        ds: Dataset {
            accounts: ds.accounts.clone(),
            savings_goals: ds.savings_goals.clone(),
            ..Dataset::default()
        },
        jobs: Vec::new(),
        personas: Vec::new(),
        account_seq: 0,
        customer: None,
        first_txn: 0,
    };

    // Each household's latest salary and rent, and each vault's latest transfer.
    let mut latest: HashMap<(&str, Category), &Transaction> = HashMap::new();
    let mut vault_debits: HashMap<&str, &Transaction> = HashMap::new();
    for t in &ds.transactions {
        let key = match (t.category, t.direction, &t.savings_goal_id) {
            (Category::Salary, Direction::Credit, _) | (Category::Housing, Direction::Debit, _) => {
                latest.entry((t.customer_id.as_str(), t.category))
            }
            (Category::Savings, Direction::Debit, Some(goal)) => {
                let slot = vault_debits.entry(goal.as_str()).or_insert(t);
                if t.created_at >= slot.created_at {
                    *slot = t;
                }
                continue;
            }
            _ => continue,
        };
        let slot = key.or_insert(t);
        if t.created_at >= slot.created_at {
            *slot = t;
        }
    }
    let mut accounts_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, a) in ds.accounts.iter().enumerate() {
        accounts_of
            .entry(a.customer_id.as_str())
            .or_default()
            .push(i);
    }
    let mut goals_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, goal) in ds.savings_goals.iter().enumerate() {
        goals_of
            .entry(goal.customer_id.as_str())
            .or_default()
            .push(i);
    }
    let user_of: HashMap<&str, &str> = ds
        .auth_users
        .iter()
        .filter_map(|u| Some((u.customer_id.as_deref()?, u.user_id.as_str())))
        .collect();
    let mut devices_of: HashMap<&str, Vec<(String, DeviceStatus)>> = HashMap::new();
    for d in &ds.registered_devices {
        devices_of
            .entry(d.user_id.as_str())
            .or_default()
            .push((d.device_id.clone(), d.status));
    }

    // PENDING transactions, by customer (indexes in `ds.transactions`), and those of them
    // settled so far (by index, so the fragment's order does not depend on hashing).
    let mut pending_of: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, t) in ds.transactions.iter().enumerate() {
        if t.status == TxnStatus::Pending {
            pending_of
                .entry(t.customer_id.as_str())
                .or_default()
                .push(i);
        }
    }
    let mut settled: std::collections::BTreeMap<usize, Transaction> = Default::default();

    let first_month = kuwait_date(&from).with_day(1).unwrap_or(g.as_of);
    for c in &ds.customers {
        let id = c.customer_id.as_str();
        let accounts = accounts_of.get(id).map_or(&[][..], Vec::as_slice);
        let of_type = |ty: AccountType| {
            accounts
                .iter()
                .copied()
                .find(|&i| ds.accounts[i].account_type == ty)
        };
        // Every generated customer has a current account, a user and a phone.
        let Some(current) = of_type(AccountType::Current) else {
            continue;
        };
        let Some(devices) = user_of.get(id).and_then(|u| devices_of.get(u)) else {
            continue;
        };
        let savings = of_type(AccountType::Savings);
        let habit = |category: Category| {
            latest
                .get(&(id, category))
                .map(|t| (t.amount, t.merchant_name.clone()))
        };
        let plans = goals_of
            .get(id)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|&&i| ds.savings_goals[i].status == GoalStatus::Active)
            .filter_map(|&i| {
                let monthly = vault_debits.get(ds.savings_goals[i].goal_id.as_str())?;
                Some((i, monthly.amount, None))
            })
            .collect();
        let household = Household {
            current,
            savings,
            opened: ds.accounts[current].opened_at,
            salary: habit(Category::Salary),
            rent: habit(Category::Housing),
            scale: match c.segment {
                Segment::Retail => 10,
                Segment::Premier => 16,
                Segment::Private => 30,
            },
            plans,
        };
        // The months the window touches, each drawn whole, kept where it falls in the window.
        let mut due: Vec<(NaiveDate, usize, Intent)> = Vec::new();
        let mut month = first_month;
        while month <= kuwait_date(&to) {
            let last = month
                .checked_add_months(chrono::Months::new(1))
                .and_then(|next| next.pred_opt())
                .unwrap_or(month);
            g.rng = ChaCha8Rng::seed_from_u64(stream_seed(seed, id, month, None));
            g.as_of = last;
            g.now = as_of_instant(last);
            let mut intents = Vec::new();
            g.month(&household, month, &mut intents);
            intents.sort_by_key(|i| i.at);
            due.extend(
                intents
                    .into_iter()
                    .enumerate()
                    .filter(|(_, i)| from < i.at && i.at <= to)
                    .map(|(k, i)| (month, k, i)),
            );
            month = last + Duration::days(1);
        }
        g.as_of = kuwait_date(&to);
        // Pending transactions settle two days after they were made, in time order with
        // the new ones (so how the window is cut changes nothing).
        let mut pending: Vec<(Timestamp, Pending)> = pending_of
            .remove(id)
            .unwrap_or_default()
            .into_iter()
            .map(|i| {
                (
                    ds.transactions[i].created_at + SETTLE_AFTER,
                    Pending::Old(i),
                )
            })
            .collect();
        for (month, k, intent) in due {
            g.settle_due(ds, &mut pending, &mut settled, intent.at);
            g.rng = ChaCha8Rng::seed_from_u64(stream_seed(seed, id, month, Some(k)));
            // Every new transaction is just made: "recent" for `apply`.
            g.now = intent.at;
            let first = g.ds.transactions.len();
            g.apply(id, intent, devices);
            for (i, t) in g.ds.transactions.iter().enumerate().skip(first) {
                if t.status == TxnStatus::Pending {
                    pending.push((t.created_at + SETTLE_AFTER, Pending::New(i)));
                }
            }
        }
        g.settle_due(ds, &mut pending, &mut settled, to);
    }

    fragment.transactions = settled.into_values().collect();
    fragment
        .transactions
        .extend(std::mem::take(&mut g.ds.transactions));
    fragment.accounts =
        g.ds.accounts
            .into_iter()
            .zip(&ds.accounts)
            .filter(|(new, old)| new != *old)
            .map(|(new, _)| new)
            .collect();
    fragment.savings_goals =
        g.ds.savings_goals
            .into_iter()
            .zip(&ds.savings_goals)
            .filter(|(new, old)| new != *old)
            .map(|(new, _)| new)
            .collect();
    // Expiry, as of the end of the clock's day.
    let end_of_day = as_of_instant(kuwait_date(&to));
    fragment.login_sessions = ds
        .login_sessions
        .iter()
        .filter(|s| s.status == SessionStatus::Active && s.expires_at < end_of_day)
        .map(|s| LoginSession {
            status: SessionStatus::Expired,
            ..s.clone()
        })
        .collect();
    fragment.credentials = ds
        .credentials
        .iter()
        .filter(|cr| cr.status == CredentialStatus::Active && cr.expires_at < end_of_day)
        .map(|cr| Credential {
            status: CredentialStatus::Expired,
            ..cr.clone()
        })
        .collect();
    fragment
}

/// How long a PENDING transaction takes to settle (the generator marks transactions of
/// the last two days before as_of pending, at random).
const SETTLE_AFTER: Duration = Duration::days(2);

/// A PENDING transaction waiting to settle: one of the dataset's or a new one.
#[derive(Debug, Clone, Copy)]
enum Pending {
    /// Index in the dataset's transactions.
    Old(usize),
    /// Index in the transactions made by this simulation.
    New(usize),
}

impl Gen {
    /// Settles, in time order, the pending transactions due at or before `until`: a
    /// credit completes; a debit completes when the balance covers it, else fails for
    /// insufficient funds. Settled dataset transactions are collected in `settled`.
    fn settle_due(
        &mut self,
        ds: &Dataset,
        pending: &mut Vec<(Timestamp, Pending)>,
        settled: &mut std::collections::BTreeMap<usize, Transaction>,
        until: Timestamp,
    ) {
        pending.sort_by_key(|(at, _)| *at);
        let due = pending.partition_point(|(at, _)| *at <= until);
        for (_, which) in pending.drain(..due) {
            let t = match which {
                Pending::Old(i) => settled
                    .entry(i)
                    .or_insert_with(|| ds.transactions[i].clone()),
                Pending::New(i) => &mut self.ds.transactions[i],
            };
            let Some(account) = self
                .ds
                .accounts
                .iter_mut()
                .find(|a| a.account_id == t.account_id)
            else {
                continue;
            };
            if t.direction == Direction::Debit && t.amount > account.balance {
                t.status = TxnStatus::Failed;
                t.failure_reason = Some("INSUFFICIENT_FUNDS".to_owned());
            } else {
                t.status = TxnStatus::Completed;
                account.balance += t.signed_amount();
            }
        }
    }
}

/// The seed of one simulation stream: a household's month (`intent` None) or the
/// recording of one of its intents.
fn stream_seed(seed: u64, customer_id: &str, month: NaiveDate, intent: Option<usize>) -> u64 {
    let digest = Sha256::digest(format!("simulate|{seed}|{customer_id}|{month}|{intent:?}"));
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    u64::from_le_bytes(bytes)
}

/// A simulated money movement, applied to balances in time order.
struct Intent {
    at: Timestamp,
    account: usize,
    direction: Direction,
    amount: Money,
    category: Category,
    merchant: String,
    city: String,
    channel: Channel,
    description: String,
    goal: Option<usize>,
    /// The vault credit that goes with a vault transfer's debit.
    pair: Option<Box<Intent>>,
    /// A failure the scenario needs, whatever the balance.
    fail: Option<&'static str>,
}

/// What a household's months are made of: the accounts, when the current account
/// opened, salary and employer, rent and landlord, how much it spends, and its vaults'
/// plans (goal index, monthly amount, when the plan paused). `ledger` draws it;
/// `simulate` reads it back from the data.
struct Household {
    current: usize,
    savings: Option<usize>,
    opened: Timestamp,
    salary: Option<(Money, String)>,
    rent: Option<(Money, String)>,
    /// Purchases are the catalog's amounts times scale / 10.
    scale: i64,
    plans: Vec<(usize, Money, Option<Timestamp>)>,
}

impl Gen {
    fn uuid(&mut self) -> String {
        uuid::Builder::from_random_bytes(self.rng.random())
            .into_uuid()
            .to_string()
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        // Catalog slices are never empty.
        *items
            .choose(&mut self.rng)
            .unwrap_or_else(|| unreachable!("empty catalog"))
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn fils(&mut self, min: i64, max: i64) -> Money {
        Money::from_fils(self.rng.random_range(min..=max))
    }

    /// A random moment on `date` between 07:00 and 23:00 Kuwait time, never after as_of.
    fn at_on(&mut self, date: NaiveDate) -> Timestamp {
        let secs = self.rng.random_range(7 * 3600..23 * 3600);
        let t = kuwait_time(date, secs / 3600, secs / 60 % 60, secs % 60).unwrap_or(self.now);
        t.min(self.now)
    }

    /// A random moment in [from, to] (clamped to as_of).
    fn between(&mut self, from: Timestamp, to: Timestamp) -> Timestamp {
        let to = to.min(self.now);
        if to <= from {
            return from;
        }
        let span = (to - from).num_seconds();
        from + Duration::seconds(self.rng.random_range(0..=span))
    }

    fn ip(&mut self) -> String {
        let (net, prefix) = self.pick(kuwait::IP_RANGES);
        let host_bits = 32 - u32::from(prefix);
        let base = u32::from_be_bytes(net);
        let host = self.rng.random_range(1..(1u32 << host_bits) - 1);
        std::net::Ipv4Addr::from(base | host).to_string()
    }

    fn hex(&mut self, bytes: usize) -> String {
        (0..bytes)
            .map(|_| format!("{:02x}", self.rng.random::<u8>()))
            .collect()
    }

    /// A new authenticator-app secret: 20 random bytes (160 bits, as RFC 4226
    /// recommends) in base32.
    fn totp_secret(&mut self) -> String {
        let bytes: [u8; 20] = self.rng.random();
        auth::base32_encode(&bytes)
    }

    /// The secret of the user's enabled APP method (the primary one first) and its
    /// `otpauth://` URI, for personas.json.
    fn app_secret(&self, user_id: &str, email: &str) -> (Option<String>, Option<String>) {
        let app = |m: &&MfaSetting| m.user_id == user_id && m.method == MfaMethod::App && m.enabled;
        let mut methods: Vec<&MfaSetting> = self.ds.mfa_settings.iter().filter(app).collect();
        methods.sort_by_key(|m| !m.is_primary);
        let secret = methods.first().and_then(|m| m.totp_secret.clone());
        let uri = secret
            .as_deref()
            .map(|s| auth::otpauth_uri("BankDash", email, s));
        (secret, uri)
    }

    fn customer(&mut self, i: usize) {
        let scenario = SCENARIOS.get(i).map(|s| s.0);
        let gender = if self.chance(0.5) {
            Gender::Female
        } else {
            Gender::Male
        };
        let (first_en, first_ar) = self.pick(catalog::first_names(gender));
        let (last_en, last_ar) = self.pick(catalog::LAST_NAMES);
        let kuwaiti = self.chance(0.7);
        let nationality = if kuwaiti {
            "KW"
        } else {
            self.pick(catalog::NATIONALITIES)
        };
        let dob = NaiveDate::from_ymd_opt(
            self.rng.random_range(1962..=2004),
            self.rng.random_range(1..=12),
            self.rng.random_range(1..=28),
        )
        .unwrap_or(self.as_of);
        let civil_id = self.civil_id(dob);
        let phone = format!(
            "+965{}{:07}",
            self.pick(&[5, 6, 9]),
            self.rng.random_range(0..10_000_000)
        );
        let local = format!("{}.{}", first_en, last_en.replace("Al-", "al")).to_lowercase();
        let email = format!("{local}{}@{}", i + 1, self.pick(catalog::EMAIL_DOMAINS));
        let segment = *[
            Segment::Retail,
            Segment::Retail,
            Segment::Retail,
            Segment::Premier,
            Segment::Premier,
            Segment::Private,
        ]
        .choose(&mut self.rng)
        .unwrap_or(&Segment::Retail);
        let (governorate, areas) = self.pick(kuwait::GOVERNORATES);
        let area = self.pick(areas);
        // BankDash launched two years before as_of; personas joined early so their history is full.
        let launch = self.now - Duration::days(730);
        let joined = if scenario.is_some() {
            self.between(launch, launch + Duration::days(60))
        } else {
            self.between(launch, self.now - Duration::days(45))
        };
        let customer_id = self.uuid();
        self.customer = Some(customer_id.clone());
        self.first_txn = self.ds.transactions.len();
        let block = self.rng.random_range(1..=12).to_string();
        let street = format!("Street {}", self.rng.random_range(1..=40));
        let building = self.rng.random_range(1..=90).to_string();
        let kyc_status = if self.chance(0.95) || scenario.is_some() {
            KycStatus::Verified
        } else {
            KycStatus::Pending
        };
        self.ds.customers.push(Customer {
            customer_id: customer_id.clone(),
            first_name_en: first_en.into(),
            last_name_en: last_en.into(),
            first_name_ar: first_ar.into(),
            last_name_ar: last_ar.into(),
            email: email.clone(),
            phone: phone.clone(),
            civil_id,
            nationality: nationality.into(),
            gender,
            date_of_birth: dob,
            segment,
            kyc_status,
            address: Address {
                governorate: governorate.into(),
                area: area.into(),
                block,
                street,
                building,
            },
            created_at: joined,
        });

        let language =
            if scenario == Some("arabic") || (scenario.is_none() && kuwaiti && self.chance(0.4)) {
                Language::Ar
            } else {
                Language::En
            };
        let notifications_enabled =
            scenario != Some("quiet") && (scenario.is_some() || self.chance(0.85));
        let theme = self.pick(&[Theme::Light, Theme::Dark, Theme::System]);
        let settings_at = self.between(joined, self.now);
        self.ds.customer_settings.push(CustomerSettings {
            customer_id: customer_id.clone(),
            language,
            notifications_enabled,
            theme,
            updated_at: settings_at,
        });

        let user_id = self.user(&customer_id, &email, &phone, joined, scenario, i);
        let devices = self.devices(&user_id, joined, scenario.is_some());
        self.sessions(&user_id, &customer_id, &devices, scenario.is_some());
        let accounts = self.accounts(&customer_id, joined, scenario.is_some(), segment);
        self.ledger(
            &customer_id,
            &accounts,
            &devices,
            segment,
            scenario == Some("sms"),
        );
        self.requests(&customer_id, &user_id, &accounts);
        self.notifications(&customer_id, notifications_enabled);
    }

    fn civil_id(&mut self, dob: NaiveDate) -> String {
        let century = if dob.year() >= 2000 { 3 } else { 2 };
        loop {
            let first11 = format!(
                "{century}{:02}{:02}{:02}{:04}",
                dob.year() % 100,
                dob.month(),
                dob.day(),
                self.rng.random_range(0..10_000)
            );
            if let Some(check) = kuwait::civil_id_check_digit(first11.as_bytes()) {
                return format!("{first11}{check}");
            }
        }
    }

    fn user(
        &mut self,
        customer_id: &str,
        email: &str,
        phone: &str,
        joined: Timestamp,
        scenario: Option<&str>,
        i: usize,
    ) -> String {
        let user_id = self.uuid();
        let (status, failed) = match scenario {
            Some("locked") => (UserStatus::Locked, 5),
            Some(_) => (UserStatus::Active, 0),
            None if self.chance(0.03) => (UserStatus::Locked, self.rng.random_range(5..=7)),
            None if self.chance(0.01) => (UserStatus::Suspended, 0),
            None => (UserStatus::Active, self.rng.random_range(0..=2)),
        };
        // MFA methods: (method, enabled, primary).
        let methods: Vec<(MfaMethod, bool, bool)> = match scenario {
            Some("sms") | Some("arabic") | Some("locked") | Some("expired") => vec![
                (MfaMethod::Sms, true, true),
                (MfaMethod::Email, false, false),
            ],
            Some("app") => vec![
                (MfaMethod::App, true, true),
                (MfaMethod::Biometric, true, false),
            ],
            Some(_) => vec![],
            None => {
                let primary = self.pick(MfaMethod::ALL);
                let mut v = vec![(primary, self.chance(0.85), true)];
                if self.chance(0.4) {
                    let other = self.pick(MfaMethod::ALL);
                    if other != primary {
                        let enabled = self.chance(0.5);
                        v.push((other, enabled, false));
                    }
                }
                v
            }
        };
        let local = email.split('@').next().unwrap_or("");
        let domain = email.split('@').nth(1).unwrap_or("");
        for (method, enabled, primary) in &methods {
            let destination_masked = match method {
                MfaMethod::Sms => format!("+965 ••••{}", &phone[phone.len().saturating_sub(4)..]),
                MfaMethod::Email => format!("{}•••@{domain}", local.chars().next().unwrap_or('x')),
                MfaMethod::App => "BankDash Authenticator".to_owned(),
                MfaMethod::Biometric => "Face ID / fingerprint on this phone".to_owned(),
            };
            let mfa_id = self.uuid();
            let created_at = self.between(joined, self.now);
            let totp_secret = (*method == MfaMethod::App).then(|| self.totp_secret());
            self.ds.mfa_settings.push(MfaSetting {
                mfa_id,
                user_id: user_id.clone(),
                method: *method,
                enabled: *enabled,
                is_primary: *primary && *enabled,
                destination_masked,
                totp_secret,
                created_at,
            });
        }
        let mfa_enabled = methods.iter().any(|m| m.1);
        let last_login_at = Some(self.between(self.now - Duration::days(3), self.now));
        self.ds.auth_users.push(AuthUser {
            user_id: user_id.clone(),
            customer_id: Some(customer_id.to_owned()),
            email: email.to_owned(),
            role: Role::Customer,
            status,
            failed_login_attempts: failed,
            mfa_enabled,
            last_login_at,
            created_at: joined,
        });
        let expired = scenario == Some("expired") || (scenario.is_none() && self.chance(0.05));
        let (password, pin) = match scenario {
            Some(key) => (persona_password(key), format!("{:04}", 1357 + i * 1111)),
            None => (
                self.hex(8),
                format!("{:04}", self.rng.random_range(0..10_000)),
            ),
        };
        self.credential(&user_id, &password, &pin, joined, expired);
        if let Some(key) = scenario {
            let description = SCENARIOS.iter().find(|s| s.0 == key).map_or("", |s| s.1);
            let (totp_secret, otpauth_uri) = self.app_secret(&user_id, email);
            self.personas.push(Persona {
                key: key.into(),
                email: email.into(),
                password,
                pin,
                totp_secret,
                otpauth_uri,
                user_id: user_id.clone(),
                customer_id: Some(customer_id.into()),
                role: Role::Customer,
                scenario: description.into(),
            });
        }
        if status == UserStatus::Locked {
            for _ in 0..failed {
                let at = self.between(self.now - Duration::days(2), self.now);
                self.audit(
                    &user_id,
                    Some(customer_id),
                    "LOGIN_FAILED",
                    Severity::Medium,
                    EntityType::AuthUser,
                    &user_id,
                    "Wrong password",
                    at,
                    None,
                );
            }
            let at = self.between(self.now - Duration::hours(6), self.now);
            self.audit(
                &user_id,
                Some(customer_id),
                "ACCOUNT_LOCKED",
                Severity::High,
                EntityType::AuthUser,
                &user_id,
                "Locked after repeated failed sign-in attempts",
                at,
                None,
            );
        }
        for m in self
            .ds
            .mfa_settings
            .iter()
            .filter(|m| m.user_id == user_id && m.enabled)
            .map(|m| (m.mfa_id.clone(), m.created_at, m.method))
            .collect::<Vec<_>>()
        {
            self.audit(
                &user_id,
                Some(customer_id),
                "MFA_ENABLED",
                Severity::High,
                EntityType::MfaSetting,
                &m.0,
                &format!("{} enabled", m.2),
                m.1,
                None,
            );
        }
        user_id
    }

    fn credential(
        &mut self,
        user_id: &str,
        password: &str,
        pin: &str,
        joined: Timestamp,
        expired: bool,
    ) {
        // Passwords last 180 days.
        let changed = if expired {
            self.between(
                self.now - Duration::days(260),
                self.now - Duration::days(200),
            )
        } else {
            self.between((self.now - Duration::days(170)).max(joined), self.now)
        };
        let expires_at = changed + Duration::days(180);
        let status = if expires_at < self.now {
            CredentialStatus::Expired
        } else {
            CredentialStatus::Active
        };
        for secret in [password, pin] {
            let salt = self.rng.random();
            self.jobs.push(HashJob {
                secret: secret.to_owned(),
                salt,
            });
        }
        self.ds.credentials.push(Credential {
            user_id: user_id.to_owned(),
            password_hash: String::new(),
            pin_hash: String::new(),
            status,
            password_changed_at: changed,
            expires_at,
        });
        let customer = self.customer.clone();
        self.audit(
            user_id,
            customer.as_deref(),
            "PASSWORD_CHANGED",
            Severity::High,
            EntityType::Credential,
            user_id,
            "Password changed",
            changed,
            None,
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn audit(
        &mut self,
        user_id: &str,
        customer_id: Option<&str>,
        action: &str,
        severity: Severity,
        entity_type: EntityType,
        entity_id: &str,
        details: &str,
        at: Timestamp,
        ip: Option<&str>,
    ) {
        let ip_address = ip.map_or_else(|| self.ip(), str::to_owned);
        let audit_id = self.uuid();
        self.ds.audit_logs.push(AuditLog {
            audit_id,
            user_id: user_id.to_owned(),
            customer_id: customer_id.map(str::to_owned),
            action: action.to_owned(),
            severity,
            ip_address,
            entity_type,
            entity_id: entity_id.to_owned(),
            details: details.to_owned(),
            created_at: at.min(self.now),
        });
    }

    /// 1-3 devices; the first is the customer's active, trusted phone. Personas get three:
    /// two active and one inactive. Returns (id, status).
    fn devices(
        &mut self,
        user_id: &str,
        joined: Timestamp,
        persona: bool,
    ) -> Vec<(String, DeviceStatus)> {
        let customer = self.customer.clone();
        let n = if persona {
            3
        } else {
            self.rng.random_range(1..=3)
        };
        let mut out = Vec::new();
        for k in 0..n {
            let (model, os, version) = if k == 0 {
                self.pick(&catalog::DEVICES[..5])
            } else {
                self.pick(catalog::DEVICES)
            };
            let status = if k == 0 || (persona && k == 1) {
                DeviceStatus::Active
            } else if persona {
                DeviceStatus::Inactive
            } else {
                self.pick(&[
                    DeviceStatus::Active,
                    DeviceStatus::Inactive,
                    DeviceStatus::Revoked,
                ])
            };
            let device_id = self.uuid();
            let registered_at = self.between(joined, self.now - Duration::days(20));
            let last_seen_at = match status {
                DeviceStatus::Active => self.between(self.now - Duration::hours(12), self.now),
                _ => self.between(registered_at, self.now - Duration::days(10)),
            };
            let push_token = (os != Os::Web).then(|| self.hex(32));
            let fingerprint = hex_digest(&format!("{device_id}|{model}|{version}"));
            let trusted = status == DeviceStatus::Active && (k == 0 || self.chance(0.5));
            self.ds.registered_devices.push(RegisteredDevice {
                device_id: device_id.clone(),
                user_id: user_id.to_owned(),
                device_model: model.into(),
                os,
                os_version: version.into(),
                push_token,
                fingerprint,
                status,
                trusted,
                registered_at,
                last_seen_at,
            });
            self.audit(
                user_id,
                customer.as_deref(),
                "DEVICE_REGISTERED",
                Severity::Medium,
                EntityType::Device,
                &device_id,
                &format!("{model} registered"),
                registered_at,
                None,
            );
            if status == DeviceStatus::Revoked {
                let at = self.between(registered_at, last_seen_at + Duration::days(1));
                self.audit(
                    user_id,
                    customer.as_deref(),
                    "DEVICE_REVOKED",
                    Severity::High,
                    EntityType::Device,
                    &device_id,
                    &format!("{model} revoked"),
                    at,
                    None,
                );
            }
            out.push((device_id, status));
        }
        out
    }

    /// Sessions on the user's devices; the newest, on the primary phone, is the current one.
    /// Personas also have two recent sessions on their second (active) device.
    fn sessions(
        &mut self,
        user_id: &str,
        customer_id: &str,
        devices: &[(String, DeviceStatus)],
        persona: bool,
    ) {
        let n = if persona {
            5
        } else {
            self.rng.random_range(2..=5)
        };
        for k in 0..n {
            let current = k == n - 1;
            let recent_other = persona && (k == 1 || k == 2);
            let (device_id, device_status) = if current {
                devices[0].clone()
            } else if recent_other {
                devices[1].clone()
            } else {
                self.pick_device(devices)
            };
            let started_at = if recent_other {
                self.between(self.now - Duration::days(10), self.now - Duration::days(1))
            } else if current {
                self.between(
                    self.now - Duration::hours(20),
                    self.now - Duration::minutes(30),
                )
            } else {
                self.between(self.now - Duration::days(60), self.now - Duration::days(1))
            };
            let expires_at = started_at + Duration::days(30);
            let last_activity_at = self.between(started_at, expires_at);
            let status = if expires_at < self.now {
                if self.chance(0.5) {
                    SessionStatus::Expired
                } else {
                    SessionStatus::Terminated
                }
            } else if device_status == DeviceStatus::Active
                && (current || recent_other || self.chance(0.6))
            {
                SessionStatus::Active
            } else {
                SessionStatus::Terminated
            };
            let ip = self.ip();
            let city = self.pick(kuwait::CITIES).to_owned();
            let session_id = self.uuid();
            self.ds.login_sessions.push(LoginSession {
                session_id: session_id.clone(),
                user_id: user_id.to_owned(),
                device_id,
                ip_address: ip.clone(),
                city,
                started_at,
                last_activity_at,
                expires_at,
                status,
            });
            self.audit(
                user_id,
                Some(customer_id),
                "LOGIN_SUCCESS",
                Severity::Low,
                EntityType::Session,
                &session_id,
                "Signed in",
                started_at,
                Some(&ip),
            );
            if status == SessionStatus::Terminated {
                self.audit(
                    user_id,
                    Some(customer_id),
                    "SESSION_TERMINATED",
                    Severity::Medium,
                    EntityType::Session,
                    &session_id,
                    "Session signed out",
                    last_activity_at,
                    Some(&ip),
                );
            }
        }
    }

    fn pick_device(&mut self, devices: &[(String, DeviceStatus)]) -> (String, DeviceStatus) {
        devices
            .choose(&mut self.rng)
            .cloned()
            .unwrap_or_else(|| unreachable!("every user has a device"))
    }

    /// Accounts; returns their indexes in `ds.accounts`.
    fn accounts(
        &mut self,
        customer_id: &str,
        joined: Timestamp,
        full: bool,
        segment: Segment,
    ) -> Vec<usize> {
        let mut types = vec![AccountType::Current];
        if full || self.chance(0.7) {
            types.push(AccountType::Savings);
        }
        if full || self.chance(0.25) {
            types.push(AccountType::FixedDeposit);
        }
        let wealth = match segment {
            Segment::Retail => 1,
            Segment::Premier => 3,
            Segment::Private => 8,
        };
        let mut out = Vec::new();
        for ty in types {
            self.account_seq += 1;
            let tail = format!(
                "{:010}{:012}",
                self.account_seq,
                self.rng.random_range(0..1_000_000_000_000u64)
            );
            let iban = kuwait::make_kw_iban("BDSH", &tail).unwrap_or_default();
            let opened_at = match ty {
                AccountType::Current => self.between(joined, joined + Duration::days(2)),
                _ => self.between(joined + Duration::days(3), joined + Duration::days(40)),
            };
            let (name, opening, rate, maturity) = match ty {
                AccountType::Current => (
                    "Everyday Current",
                    self.fils(50_000, 1_500_000 * wealth),
                    None,
                    None,
                ),
                AccountType::Savings => {
                    ("Vault Savings", self.fils(0, 800_000 * wealth), None, None)
                }
                AccountType::FixedDeposit => {
                    let months = self.pick(&[6, 12, 24]);
                    let maturity = opened_at
                        .date_naive()
                        .checked_add_months(chrono::Months::new(months));
                    let amount = Money::from_kwd(self.rng.random_range(2..=40 * wealth) * 500);
                    (
                        "Fixed Deposit",
                        amount,
                        Some(Rate::from_bps(self.rng.random_range(13..=19) * 25)),
                        maturity,
                    )
                }
            };
            let status = if full || self.chance(0.96) {
                AccountStatus::Active
            } else {
                AccountStatus::Dormant
            };
            let account_id = self.uuid();
            self.ds.accounts.push(Account {
                account_id,
                customer_id: customer_id.to_owned(),
                account_type: ty,
                account_name: name.to_owned(),
                iban,
                currency: "KWD".into(),
                opening_balance: opening,
                balance: opening,
                status,
                opened_at,
                interest_rate: rate,
                maturity_date: maturity,
            });
            out.push(self.ds.accounts.len() - 1);
        }
        out
    }

    /// Goals, monthly life on the current account, then the balances in time order.
    fn ledger(
        &mut self,
        customer_id: &str,
        accounts: &[usize],
        devices: &[(String, DeviceStatus)],
        segment: Segment,
        with_dispute: bool,
    ) {
        let current = accounts[0];
        let savings = accounts
            .iter()
            .copied()
            .find(|&a| self.ds.accounts[a].account_type == AccountType::Savings);
        let mut intents: Vec<Intent> = Vec::new();
        let opened = self.ds.accounts[current].opened_at;

        // Vaults on the savings account, each with a monthly plan.
        let mut plans: Vec<(usize, Money, Option<Timestamp>)> = Vec::new();
        if let Some(sav) = savings {
            let n = if with_dispute {
                3
            } else {
                self.rng.random_range(0..=3)
            };
            let mut names: Vec<(&str, &str, i64)> = catalog::GOALS.to_vec();
            for k in 0..n {
                let pos = self.rng.random_range(0..names.len());
                let (en, ar, typical) = names.swap_remove(pos);
                let target = Money::from_kwd(
                    (typical * self.rng.random_range(60..=140) / 100 / 50).max(1) * 50,
                );
                let created = self.between(
                    self.ds.accounts[sav].opened_at,
                    self.now - Duration::days(100),
                );
                let target_date = self.chance(0.6).then(|| {
                    created.date_naive() + Duration::days(self.rng.random_range(180..=900))
                });
                let monthly = Money::from_kwd(self.rng.random_range(2..=24) * 25);
                // Persona: the third vault pauses, so its ETA reads "no contributions".
                let paused = (with_dispute && k == 2) || (!with_dispute && self.chance(0.15));
                let pause_at = paused.then(|| {
                    self.between(created + Duration::days(10), self.now - Duration::days(95))
                });
                let goal_id = self.uuid();
                self.ds.savings_goals.push(SavingsGoal {
                    goal_id,
                    customer_id: customer_id.to_owned(),
                    account_id: self.ds.accounts[sav].account_id.clone(),
                    name_en: en.into(),
                    name_ar: ar.into(),
                    target_amount: target,
                    current_amount: Money::ZERO,
                    target_date,
                    status: if paused {
                        GoalStatus::Paused
                    } else {
                        GoalStatus::Active
                    },
                    created_at: created,
                });
                plans.push((self.ds.savings_goals.len() - 1, monthly, pause_at));
            }
        }

        let salary = match segment {
            Segment::Retail => self.fils(600_000, 1_500_000),
            Segment::Premier => self.fils(1_500_000, 4_000_000),
            Segment::Private => self.fils(4_000_000, 9_000_000),
        };
        let employer = self.pick(catalog::EMPLOYERS);
        // Rent and spending grow with income, so balances stay those of real households.
        let rent = Money::from_kwd(salary.fils() * self.rng.random_range(30..=45) / 100 / 5000 * 5);
        let landlord = format!(
            "Rent: {} apartment",
            self.ds
                .customers
                .last()
                .map_or("Kuwait City", |c| c.address.area.as_str())
        );
        let scale = match segment {
            Segment::Retail => 10,
            Segment::Premier => 16,
            Segment::Private => 30,
        };
        let household = Household {
            current,
            savings,
            opened,
            salary: Some((salary, employer.to_owned())),
            rent: Some((rent, landlord)),
            scale,
            plans,
        };
        let mut month = opened.date_naive().with_day(1).unwrap_or(self.as_of);
        while month <= self.as_of {
            self.month(&household, month, &mut intents);
            month = month
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(self.as_of + Duration::days(1));
        }
        intents.sort_by_key(|i| i.at);
        if with_dispute {
            // An ATM withdrawal that failed to dispense: the persona has disputed it.
            let at = self.between(self.now - Duration::days(20), self.now - Duration::days(10));
            let mut atm = self.intent(
                at,
                current,
                Direction::Debit,
                Money::from_kwd(120),
                Category::Cash,
                "NBK ATM Salmiya",
                "Salmiya",
                Channel::Atm,
                "Cash withdrawal",
            );
            atm.fail = Some("CASH_NOT_DISPENSED");
            intents.push(atm);
            intents.sort_by_key(|i| i.at);
        }
        for intent in intents {
            let forced = intent.fail.is_some();
            if let Some(failed) = self.apply(customer_id, intent, devices) {
                if forced || self.chance(0.3) {
                    self.dispute(failed);
                }
            }
        }
    }

    /// One month of a household's life on its current account, as intents (not yet
    /// applied): salary on the 25th, rent on the 1st, 5-10 purchases, sometimes a
    /// transfer, and each vault's monthly transfer on the 26th; only days up to as_of and
    /// moments after the account opened. `generate` runs it for every month up to as_of,
    /// `simulate` for the months a window of simulated time covers.
    fn month(&mut self, h: &Household, month: NaiveDate, intents: &mut Vec<Intent>) {
        let days_in = bankdash_domain::time::YearMonth::of_date(month).days();
        let day = |d: u32| month.with_day(d.min(days_in));
        if let (Some(d), Some((salary, employer))) = (day(25), &h.salary) {
            let at = self.at_on(d);
            if at > h.opened && d <= self.as_of {
                intents.push(self.intent(
                    at,
                    h.current,
                    Direction::Credit,
                    *salary,
                    Category::Salary,
                    employer,
                    "Kuwait City",
                    Channel::Payroll,
                    &format!("Salary {}", month.format("%B %Y")),
                ));
            }
        }
        if let (Some(d), Some((rent, landlord))) = (day(1), &h.rent) {
            let at = self.at_on(d);
            if at > h.opened && d <= self.as_of {
                intents.push(self.intent(
                    at,
                    h.current,
                    Direction::Debit,
                    *rent,
                    Category::Housing,
                    landlord,
                    "Kuwait City",
                    Channel::Online,
                    "Monthly rent",
                ));
            }
        }
        let spends = self.rng.random_range(5..=10);
        for _ in 0..spends {
            let Some(d) = day(self.rng.random_range(1..=days_in)) else {
                continue;
            };
            let at = self.at_on(d);
            if at <= h.opened || d > self.as_of {
                continue;
            }
            let merchant: &Merchant = catalog::MERCHANTS
                .choose(&mut self.rng)
                .unwrap_or(&catalog::MERCHANTS[0]);
            let amount = Money::from_fils(
                self.rng.random_range(merchant.min_fils..=merchant.max_fils) * h.scale / 10 / 5 * 5,
            );
            intents.push(self.intent(
                at,
                h.current,
                Direction::Debit,
                amount,
                merchant.category,
                merchant.name,
                merchant.city,
                merchant.channel,
                &format!("{} purchase", merchant.category.as_str().to_lowercase()),
            ));
        }
        if self.chance(0.3) {
            if let Some(d) = day(self.rng.random_range(1..=days_in)) {
                let at = self.at_on(d);
                if at > h.opened && d <= self.as_of {
                    let amount = self.fils(20_000, 300_000);
                    let (dir, who, desc) = if self.chance(0.5) {
                        (Direction::Credit, "Family transfer", "Transfer received")
                    } else {
                        (Direction::Debit, "Transfer to friend", "Transfer sent")
                    };
                    intents.push(self.intent(
                        at,
                        h.current,
                        dir,
                        amount,
                        Category::Transfer,
                        who,
                        "Kuwait City",
                        Channel::MobileApp,
                        desc,
                    ));
                }
            }
        }
        for &(goal, monthly, pause_at) in &h.plans {
            let Some(d) = day(26) else { continue };
            let at = self.at_on(d);
            let g = &self.ds.savings_goals[goal];
            if at <= g.created_at || d > self.as_of || pause_at.is_some_and(|p| at > p) {
                continue;
            }
            let sav = h.savings.unwrap_or(h.current);
            let name = format!("Vault: {}", g.name_en);
            let mut debit = self.intent(
                at,
                h.current,
                Direction::Debit,
                monthly,
                Category::Savings,
                &name,
                "Kuwait City",
                Channel::MobileApp,
                "Transfer to vault",
            );
            let mut credit = self.intent(
                at,
                sav,
                Direction::Credit,
                monthly,
                Category::Savings,
                &name,
                "Kuwait City",
                Channel::MobileApp,
                "Transfer from current account",
            );
            debit.goal = Some(goal);
            credit.goal = Some(goal);
            debit.pair = Some(Box::new(credit));
            intents.push(debit);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn intent(
        &mut self,
        at: Timestamp,
        account: usize,
        direction: Direction,
        amount: Money,
        category: Category,
        merchant: &str,
        city: &str,
        channel: Channel,
        description: &str,
    ) -> Intent {
        Intent {
            at,
            account,
            direction,
            amount,
            category,
            merchant: merchant.to_owned(),
            city: city.to_owned(),
            channel,
            description: description.to_owned(),
            goal: None,
            pair: None,
            fail: None,
        }
    }

    /// Records a transaction, deciding its status; returns its index when it FAILED.
    fn apply(
        &mut self,
        customer_id: &str,
        intent: Intent,
        devices: &[(String, DeviceStatus)],
    ) -> Option<usize> {
        let recent = self.now - intent.at < Duration::days(2);
        let balance = self.ds.accounts[intent.account].balance;
        let (status, failure_reason) = if let Some(reason) = intent.fail {
            (TxnStatus::Failed, Some(reason.to_owned()))
        } else if intent.direction == Direction::Debit && intent.amount > balance {
            (TxnStatus::Failed, Some("INSUFFICIENT_FUNDS".to_owned()))
        } else if intent.channel == Channel::Atm && self.chance(0.04) {
            (TxnStatus::Failed, Some("CASH_NOT_DISPENSED".to_owned()))
        } else if intent.goal.is_none() && intent.channel != Channel::Payroll && self.chance(0.015)
        {
            (
                TxnStatus::Failed,
                Some(self.pick(&["CARD_DECLINED", "NETWORK_TIMEOUT"]).to_owned()),
            )
        } else if intent.goal.is_none() && intent.direction == Direction::Debit && self.chance(0.01)
        {
            (TxnStatus::Reversed, None)
        } else if recent && intent.goal.is_none() && self.chance(0.5) {
            (TxnStatus::Pending, None)
        } else {
            (TxnStatus::Completed, None)
        };
        // Vault credits cannot overshoot the goal: cap, and complete the goal when reached.
        let mut amount = intent.amount;
        if let Some(goal) = intent.goal {
            let g = &self.ds.savings_goals[goal];
            amount = amount.min(g.target_amount - g.current_amount);
            if amount <= Money::ZERO {
                return None;
            }
        }
        if intent.goal.is_some() && status != TxnStatus::Completed {
            return None;
        }
        let (auth_method, device_id) = match intent.channel {
            Channel::Pos if amount <= Money::from_kwd(25) => (AuthMethod::None, None),
            Channel::Pos | Channel::Atm => (AuthMethod::Pin, None),
            Channel::Online => (AuthMethod::OtpSms, None),
            Channel::MobileApp => (
                self.pick(&[AuthMethod::App, AuthMethod::Biometric]),
                Some(devices[0].0.clone()),
            ),
            Channel::Branch | Channel::Payroll => (AuthMethod::None, None),
        };
        if status == TxnStatus::Completed {
            self.ds.accounts[intent.account].balance += match intent.direction {
                Direction::Credit => amount,
                Direction::Debit => -amount,
            };
        }
        let transaction_id = self.uuid();
        let reference = format!("BD{}", self.rng.random_range(100_000_000u64..999_999_999));
        let account = &self.ds.accounts[intent.account];
        let goal_id = intent
            .goal
            .map(|g| self.ds.savings_goals[g].goal_id.clone());
        self.ds.transactions.push(Transaction {
            transaction_id,
            account_id: account.account_id.clone(),
            customer_id: customer_id.to_owned(),
            direction: intent.direction,
            amount,
            currency: "KWD".into(),
            status,
            category: intent.category,
            merchant_name: intent.merchant.clone(),
            merchant_city: intent.city.clone(),
            channel: intent.channel,
            auth_method,
            device_id,
            savings_goal_id: goal_id,
            reference,
            description: intent.description.clone(),
            failure_reason,
            created_at: intent.at,
        });
        let index = self.ds.transactions.len() - 1;
        if let (Some(goal), TxnStatus::Completed, Direction::Credit) =
            (intent.goal, status, intent.direction)
        {
            let g = &mut self.ds.savings_goals[goal];
            g.current_amount += amount;
            if g.current_amount == g.target_amount {
                g.status = GoalStatus::Completed;
            }
        }
        if let Some(mut pair) = intent.pair {
            pair.amount = amount;
            self.apply(customer_id, *pair, devices);
        }
        (status == TxnStatus::Failed).then_some(index)
    }

    fn dispute(&mut self, txn_index: usize) {
        let t = self.ds.transactions[txn_index].clone();
        let reason = match t.failure_reason.as_deref() {
            Some("CASH_NOT_DISPENSED") => DisputeReason::CashNotDispensed,
            Some("NETWORK_TIMEOUT") => DisputeReason::DuplicateAttempt,
            _ => DisputeReason::FundsNotReturned,
        };
        let created_at = self.between(
            t.created_at + Duration::hours(1),
            t.created_at + Duration::days(5),
        );
        let old = self.now - created_at > Duration::days(20);
        let status = if old {
            self.pick(&[DisputeStatus::Resolved, DisputeStatus::Rejected])
        } else {
            self.pick(&[DisputeStatus::Open, DisputeStatus::UnderReview])
        };
        let resolved_at = old.then(|| {
            self.between(
                created_at + Duration::days(3),
                created_at + Duration::days(15),
            )
        });
        let dispute_id = self.uuid();
        self.ds.dispute_records.push(DisputeRecord {
            dispute_id: dispute_id.clone(),
            transaction_id: t.transaction_id.clone(),
            customer_id: t.customer_id.clone(),
            reason,
            status,
            disputed_amount: t.amount,
            description: format!(
                "Failed payment to {} ({})",
                t.merchant_name,
                t.failure_reason.as_deref().unwrap_or("unknown")
            ),
            created_at,
            resolved_at,
        });
        let user = self
            .ds
            .auth_users
            .last()
            .filter(|u| u.customer_id.as_deref() == Some(&t.customer_id))
            .map(|u| u.user_id.clone());
        if let Some(user) = user {
            self.audit(
                &user,
                Some(&t.customer_id),
                "DISPUTE_CREATED",
                Severity::Medium,
                EntityType::Dispute,
                &dispute_id,
                "Dispute opened for a failed transaction",
                created_at,
                None,
            );
        }
    }

    fn requests(&mut self, customer_id: &str, user_id: &str, accounts: &[usize]) {
        let n = self.rng.random_range(0..=3);
        for _ in 0..n {
            let request_type = self.pick(RequestType::ALL);
            let account_id = (request_type != RequestType::GeneralInquiry)
                .then(|| self.ds.accounts[accounts[0]].account_id.clone());
            let created_at = self.between(self.now - Duration::days(200), self.now);
            let age = self.now - created_at;
            let status = if age > Duration::days(14) {
                self.pick(&[
                    RequestStatus::Completed,
                    RequestStatus::Completed,
                    RequestStatus::Rejected,
                ])
            } else {
                self.pick(&[RequestStatus::Open, RequestStatus::InProgress])
            };
            let resolved_at = matches!(status, RequestStatus::Completed | RequestStatus::Rejected)
                .then(|| {
                    self.between(
                        created_at + Duration::days(1),
                        created_at + Duration::days(10),
                    )
                });
            let updated_at = resolved_at.unwrap_or_else(|| self.between(created_at, self.now));
            let description = match request_type {
                RequestType::CardReplacement => "Replace my debit card (damaged chip)",
                RequestType::ChequeBook => "New cheque book, 25 leaves",
                RequestType::GeneralInquiry => "Question about fixed deposit rates",
            };
            let request_id = self.uuid();
            self.ds.service_requests.push(ServiceRequest {
                request_id: request_id.clone(),
                customer_id: customer_id.to_owned(),
                account_id,
                request_type,
                status,
                description: description.into(),
                created_at,
                updated_at,
                resolved_at,
            });
            self.audit(
                user_id,
                Some(customer_id),
                "SERVICE_REQUEST_CREATED",
                Severity::Low,
                EntityType::ServiceRequest,
                &request_id,
                description,
                created_at,
                None,
            );
        }
    }

    /// Alerts for this customer's recent activity. With notifications off, only e-mail.
    fn notifications(&mut self, customer_id: &str, enabled: bool) {
        let recent = self.now - Duration::days(60);
        let mut items: Vec<(
            NotificationChannel,
            String,
            String,
            EntityType,
            String,
            Timestamp,
        )> = Vec::new();
        for t in self.ds.transactions[self.first_txn..]
            .iter()
            .filter(|t| t.created_at > recent)
        {
            let amount = t.amount;
            match (t.category, t.status) {
                (Category::Salary, TxnStatus::Completed) => items.push((
                    NotificationChannel::Push,
                    "Salary credited".into(),
                    format!("{amount} from {} was credited.", t.merchant_name),
                    EntityType::Transaction,
                    t.transaction_id.clone(),
                    t.created_at,
                )),
                (_, TxnStatus::Failed) => items.push((
                    NotificationChannel::Sms,
                    "Payment failed".into(),
                    format!("Your payment of {amount} to {} failed.", t.merchant_name),
                    EntityType::Transaction,
                    t.transaction_id.clone(),
                    t.created_at,
                )),
                (_, TxnStatus::Completed)
                    if t.direction == Direction::Debit && amount >= Money::from_kwd(100) =>
                {
                    items.push((
                        NotificationChannel::Push,
                        "Large payment".into(),
                        format!("{amount} paid to {}.", t.merchant_name),
                        EntityType::Transaction,
                        t.transaction_id.clone(),
                        t.created_at,
                    ))
                }
                _ => {}
            }
        }
        for d in self
            .ds
            .dispute_records
            .iter()
            .rev()
            .take_while(|d| d.customer_id == customer_id)
        {
            items.push((
                NotificationChannel::Email,
                "Dispute received".into(),
                format!("We are reviewing your dispute for {}.", d.disputed_amount),
                EntityType::Dispute,
                d.dispute_id.clone(),
                d.created_at,
            ));
        }
        for r in self
            .ds
            .service_requests
            .iter()
            .rev()
            .take_while(|r| r.customer_id == customer_id)
        {
            items.push((
                NotificationChannel::Email,
                "Service request update".into(),
                format!(
                    "Your request is {}.",
                    r.status.as_str().to_lowercase().replace('_', " ")
                ),
                EntityType::ServiceRequest,
                r.request_id.clone(),
                r.updated_at,
            ));
        }
        for g in self
            .ds
            .savings_goals
            .iter()
            .rev()
            .take_while(|g| g.customer_id == customer_id)
            .filter(|g| g.status == GoalStatus::Completed)
        {
            items.push((
                NotificationChannel::Push,
                "Vault goal reached".into(),
                format!("You reached {} for {}.", g.target_amount, g.name_en),
                EntityType::SavingsGoal,
                g.goal_id.clone(),
                self.now - Duration::days(1),
            ));
        }
        let statement_at = self.at_on(self.as_of.with_day(1).unwrap_or(self.as_of));
        for a in self
            .ds
            .accounts
            .iter()
            .rev()
            .take_while(|a| a.customer_id == customer_id)
        {
            items.push((
                NotificationChannel::Email,
                "Your monthly statement".into(),
                format!("The statement for {} is ready.", a.account_name),
                EntityType::Account,
                a.account_id.clone(),
                statement_at,
            ));
        }
        for (channel, title, body, ty, id, at) in items {
            let channel = if enabled {
                channel
            } else {
                NotificationChannel::Email
            };
            let sent_at = (at + Duration::minutes(self.rng.random_range(0..10))).min(self.now);
            let read = if self.now - sent_at > Duration::days(7) {
                self.chance(0.9)
            } else {
                self.chance(0.3)
            };
            let notification_id = self.uuid();
            self.ds.notifications.push(Notification {
                notification_id,
                customer_id: customer_id.to_owned(),
                channel,
                title,
                body,
                related_entity_type: Some(ty),
                related_entity_id: Some(id),
                sent_at,
                read,
            });
        }
    }

    fn analyst(&mut self) {
        self.customer = None;
        let user_id = self.uuid();
        let joined = self.now - Duration::days(700);
        let email = "analyst@bankdash.example";
        let mfa_id = self.uuid();
        let totp_secret = Some(self.totp_secret());
        self.ds.mfa_settings.push(MfaSetting {
            mfa_id,
            user_id: user_id.clone(),
            method: MfaMethod::App,
            enabled: true,
            is_primary: true,
            destination_masked: "BankDash Authenticator".into(),
            totp_secret,
            created_at: joined,
        });
        let last_login_at = Some(self.between(self.now - Duration::days(1), self.now));
        self.ds.auth_users.push(AuthUser {
            user_id: user_id.clone(),
            customer_id: None,
            email: email.into(),
            role: Role::Analyst,
            status: UserStatus::Active,
            failed_login_attempts: 0,
            mfa_enabled: true,
            last_login_at,
            created_at: joined,
        });
        let password = persona_password("analyst");
        let pin = "4321".to_owned();
        self.credential(&user_id, &password, &pin, joined, false);
        let devices = self.devices(&user_id, joined, false);
        let session_at = self.between(self.now - Duration::hours(8), self.now - Duration::hours(1));
        let session_id = self.uuid();
        let ip = self.ip();
        let last_activity_at = self.between(session_at, self.now);
        self.ds.login_sessions.push(LoginSession {
            session_id: session_id.clone(),
            user_id: user_id.clone(),
            device_id: devices[0].0.clone(),
            ip_address: ip.clone(),
            city: "Kuwait City".into(),
            started_at: session_at,
            last_activity_at,
            expires_at: session_at + Duration::days(1),
            status: SessionStatus::Active,
        });
        self.audit(
            &user_id,
            None,
            "LOGIN_SUCCESS",
            Severity::Low,
            EntityType::Session,
            &session_id,
            "Signed in",
            session_at,
            Some(&ip),
        );
        let (totp_secret, otpauth_uri) = self.app_secret(&user_id, email);
        self.personas.push(Persona {
            key: "analyst".into(),
            email: email.into(),
            password,
            pin,
            totp_secret,
            otpauth_uri,
            user_id,
            customer_id: None,
            role: Role::Analyst,
            scenario: "Bank staff (ANALYST): bank-wide analytics, risk and data quality".into(),
        });
    }
}

/// Demo passwords are readable on purpose: they are listed in personas.json.
fn persona_password(key: &str) -> String {
    let mut chars = key.chars();
    let cap: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!("BankDash-{cap}-2026!")
}

fn hex_digest(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
