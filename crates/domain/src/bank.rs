//! Bank-wide analytics for analysts: totals, daily series, segmentation and mixes,
//! under one set of filters.
//!
//! # Filters ([`BankFilter`], URL `?from=&to=&segment=&channel=`)
//!
//! - `segment` (RETAIL | PREMIER | PRIVATE) selects customers; their accounts and their
//!   transactions follow. Without it every account and transaction counts, including
//!   any whose customer is not in the dataset.
//! - `from` / `to` (YYYY-MM-DD, inclusive, Kuwait calendar days) and `channel` (the
//!   JSON spelling, e.g. MOBILE_APP) select transactions only: customer, account and
//!   deposit figures do not depend on them.
//!
//! # Figures ([`summary`])
//!
//! - **Customers, accounts, deposits**: the customers of the segment, their accounts,
//!   and the sum of those accounts' `balance` (in total and per account type).
//! - **Transactions**: the *count* includes every status (COMPLETED, PENDING, FAILED,
//!   REVERSED: every attempt is activity); the *value* is the sum of the `amount` of the
//!   COMPLETED ones only (both directions, unsigned: money that actually moved). The
//!   same rule holds for the daily series, the mixes and the segmentation tables.
//!   Without a date range the totals and mixes cover every date.
//! - **Daily series**: one point per Kuwait day, zero days included. Without a date
//!   range: the 90 days ending with as_of. With one, the range itself, where an open end
//!   is filled in (no `to`: as_of, or `from` when that is later; no `from`: the 90 days
//!   ending with `to`); a range longer than [`MAX_CHART_DAYS`] shows its last
//!   [`MAX_CHART_DAYS`] days (`chart_clipped`).
//! - **Segmentation** (by segment, nationality, age band, balance tier): customers, the
//!   balance they hold, and their transactions' count and value under the filters. Age
//!   is in whole years at as_of from `date_of_birth` (someone born on 29 February has a
//!   birthday on 1 March in other years). The balance tier is that of the customer's
//!   total balance over all their accounts (negative totals fall in the lowest tier).
//! - **Mix** by channel, category and auth method: count and value as above.
//!
//! Rows: segment, age band and tier tables in their natural order, nationality by
//! customers (most first, then code), mixes by count (most first, then spelling).
//! Only rows with at least one customer (segmentation) or transaction (mix) appear.
//! Money is integer fils throughout.

use crate::dataset::Dataset;
// URL values are read the way the ledger reads them: one strict spelling each.
use crate::ledger::{parse_choice, parse_date, QueryProblem};
use crate::model::{AccountType, AuthMethod, Category, Channel, Segment, Transaction, TxnStatus};
use crate::money::Money;
use crate::time::kuwait_date;
use chrono::{Datelike, Duration, NaiveDate};
use std::collections::{BTreeMap, HashMap};
use std::hash::Hash;

/// Days in the default daily series (as_of and the 89 days before it).
pub const WINDOW_DAYS: i64 = 90;
/// The most days the daily series shows for a long date range.
pub const MAX_CHART_DAYS: i64 = 366;

// ---------------------------------------------------------------------------- filter

/// What the analytics page looks at. The default (nothing set) is the whole bank.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct BankFilter {
    /// First Kuwait day of transactions, inclusive.
    pub from: Option<NaiveDate>,
    /// Last Kuwait day of transactions, inclusive.
    pub to: Option<NaiveDate>,
    /// Customers of this segment (and their accounts and transactions) only.
    pub segment: Option<Segment>,
    /// Transactions through this channel only.
    pub channel: Option<Channel>,
}

impl BankFilter {
    /// Reads URL query pairs (`from`, `to`, `segment`, `channel`). Unknown parameters
    /// and empty values are ignored; a bad value is reported and left unset; `from`
    /// after `to` is reported and both are left unset.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (BankFilter, Vec<QueryProblem>) {
        let mut f = BankFilter::default();
        let mut problems = Vec::new();
        let mut from_text = "";
        for (param, raw) in pairs {
            let value = raw.trim();
            if value.is_empty() {
                continue;
            }
            let mut report = |message: String| {
                problems.push(QueryProblem {
                    param: param.to_owned(),
                    value: raw.to_owned(),
                    message,
                })
            };
            match param {
                "from" => {
                    f.from = parse_date(value).map_err(&mut report).ok();
                    from_text = raw;
                }
                "to" => f.to = parse_date(value).map_err(&mut report).ok(),
                "segment" => {
                    f.segment = parse_choice(Segment::ALL, Segment::as_str, value)
                        .map_err(&mut report)
                        .ok()
                }
                "channel" => {
                    f.channel = parse_choice(Channel::ALL, Channel::as_str, value)
                        .map_err(&mut report)
                        .ok()
                }
                _ => {}
            }
        }
        if let (Some(from), Some(to)) = (f.from, f.to) {
            if from > to {
                problems.push(QueryProblem {
                    param: "from".to_owned(),
                    value: from_text.to_owned(),
                    message: format!("is after to ({to}); the date range is ignored"),
                });
                f.from = None;
                f.to = None;
            }
        }
        (f, problems)
    }

    /// The set values as URL query pairs, in the order from, to, segment, channel.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(from) = self.from {
            out.push(("from", from.to_string()));
        }
        if let Some(to) = self.to {
            out.push(("to", to.to_string()));
        }
        if let Some(s) = self.segment {
            out.push(("segment", s.as_str().to_owned()));
        }
        if let Some(c) = self.channel {
            out.push(("channel", c.as_str().to_owned()));
        }
        out
    }

    /// True when any filter is set.
    pub fn is_filtered(&self) -> bool {
        *self != BankFilter::default()
    }

    /// Whether a transaction on Kuwait day `day` passes the date range and channel.
    fn admits(&self, t: &Transaction, day: NaiveDate) -> bool {
        self.channel.is_none_or(|c| c == t.channel)
            && self.from.is_none_or(|from| day >= from)
            && self.to.is_none_or(|to| day <= to)
    }

    /// The days of the daily series, first and last inclusive, and whether a longer
    /// range was cut to its last [`MAX_CHART_DAYS`] days. None when `from` is after `to`.
    pub fn chart_window(&self, as_of: NaiveDate) -> Option<(NaiveDate, NaiveDate, bool)> {
        let end = match (self.from, self.to) {
            (_, Some(to)) => to,
            (Some(from), None) => from.max(as_of),
            (None, None) => as_of,
        };
        let start = self
            .from
            .unwrap_or_else(|| end - Duration::days(WINDOW_DAYS - 1));
        if start > end {
            return None;
        }
        let earliest = end - Duration::days(MAX_CHART_DAYS - 1);
        Some(if start < earliest {
            (earliest, end, true)
        } else {
            (start, end, false)
        })
    }
}

// ---------------------------------------------------------------------------- bands

/// Age in whole years at as_of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AgeBand {
    /// Not expected in a bank's customer base; shown when it occurs.
    Under18,
    From18To24,
    From25To34,
    From35To44,
    From45To54,
    From55To64,
    From65,
}

impl AgeBand {
    pub const ALL: [AgeBand; 7] = [
        AgeBand::Under18,
        AgeBand::From18To24,
        AgeBand::From25To34,
        AgeBand::From35To44,
        AgeBand::From45To54,
        AgeBand::From55To64,
        AgeBand::From65,
    ];

    /// The spelling in CSV and `data-key`.
    pub const fn as_str(self) -> &'static str {
        match self {
            AgeBand::Under18 => "0-17",
            AgeBand::From18To24 => "18-24",
            AgeBand::From25To34 => "25-34",
            AgeBand::From35To44 => "35-44",
            AgeBand::From45To54 => "45-54",
            AgeBand::From55To64 => "55-64",
            AgeBand::From65 => "65+",
        }
    }

    pub fn of_age(years: i32) -> AgeBand {
        match years {
            i32::MIN..=17 => AgeBand::Under18,
            18..=24 => AgeBand::From18To24,
            25..=34 => AgeBand::From25To34,
            35..=44 => AgeBand::From35To44,
            45..=54 => AgeBand::From45To54,
            55..=64 => AgeBand::From55To64,
            _ => AgeBand::From65,
        }
    }

    /// The band of someone born on `date_of_birth`, at `as_of`.
    pub fn at(date_of_birth: NaiveDate, as_of: NaiveDate) -> AgeBand {
        AgeBand::of_age(age_at(date_of_birth, as_of))
    }
}

/// Whole years from `date_of_birth` to `as_of` (negative before birth).
pub fn age_at(date_of_birth: NaiveDate, as_of: NaiveDate) -> i32 {
    let had_birthday = (as_of.month(), as_of.day()) >= (date_of_birth.month(), date_of_birth.day());
    as_of.year() - date_of_birth.year() - i32::from(!had_birthday)
}

/// A customer's total balance, in KWD: under 1,000; 1,000 to 9,999.999; 10,000 to
/// 49,999.999; 50,000 and more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum BalanceTier {
    Under1k,
    From1kTo10k,
    From10kTo50k,
    From50k,
}

impl BalanceTier {
    pub const ALL: [BalanceTier; 4] = [
        BalanceTier::Under1k,
        BalanceTier::From1kTo10k,
        BalanceTier::From10kTo50k,
        BalanceTier::From50k,
    ];

    /// The spelling in CSV and `data-key`.
    pub const fn as_str(self) -> &'static str {
        match self {
            BalanceTier::Under1k => "LT_1K",
            BalanceTier::From1kTo10k => "1K_10K",
            BalanceTier::From10kTo50k => "10K_50K",
            BalanceTier::From50k => "GE_50K",
        }
    }

    pub fn of(total: Money) -> BalanceTier {
        match total.fils() {
            f if f < Money::from_kwd(1_000).fils() => BalanceTier::Under1k,
            f if f < Money::from_kwd(10_000).fils() => BalanceTier::From1kTo10k,
            f if f < Money::from_kwd(50_000).fils() => BalanceTier::From10kTo50k,
            _ => BalanceTier::From50k,
        }
    }
}

// ---------------------------------------------------------------------------- summary

/// Transactions: how many (every status) and the value of the COMPLETED ones.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Activity {
    pub count: usize,
    pub value: Money,
}

impl Activity {
    fn add(&mut self, t: &Transaction) {
        self.count += 1;
        if t.status == TxnStatus::Completed {
            self.value += t.amount;
        }
    }
}

/// One account type's deposits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeRow {
    pub account_type: AccountType,
    pub accounts: usize,
    pub balance: Money,
}

/// One customer group: its customers, the balance they hold and their activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow<K> {
    pub key: K,
    pub customers: usize,
    pub balance: Money,
    pub activity: Activity,
}

/// One value of a transaction attribute and its activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MixRow<K> {
    pub key: K,
    pub activity: Activity,
}

/// One Kuwait day of the daily series.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayPoint {
    pub date: NaiveDate,
    pub activity: Activity,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BankSummary {
    /// Customers of the segment (all without one).
    pub customers: usize,
    /// Their accounts.
    pub accounts: usize,
    /// The sum of those accounts' balances.
    pub deposits: Money,
    /// Per account type, in CURRENT, SAVINGS, FIXED_DEPOSIT order, types held only.
    pub deposits_by_type: Vec<TypeRow>,
    /// Transactions under every filter.
    pub transactions: Activity,
    /// One point per day of the chart window, oldest first.
    pub daily: Vec<DayPoint>,
    /// True when the date range was longer than the chart shows.
    pub chart_clipped: bool,
    pub by_segment: Vec<CustomerRow<Segment>>,
    /// Keyed by the ISO country code in `nationality`.
    pub by_nationality: Vec<CustomerRow<String>>,
    pub by_age_band: Vec<CustomerRow<AgeBand>>,
    pub by_balance_tier: Vec<CustomerRow<BalanceTier>>,
    pub by_channel: Vec<MixRow<Channel>>,
    pub by_category: Vec<MixRow<Category>>,
    pub by_auth_method: Vec<MixRow<AuthMethod>>,
}

/// What a customer contributes to the segmentation tables.
struct CustomerFacts<'a> {
    segment: Segment,
    nationality: &'a str,
    band: AgeBand,
    balance: Money,
    activity: Activity,
}

/// Every figure of the analytics page for `filter`, as of `as_of`. One pass over
/// accounts and one over transactions, customers looked up by id.
pub fn summary(ds: &Dataset, as_of: NaiveDate, filter: &BankFilter) -> BankSummary {
    let mut out = BankSummary::default();
    let wanted = |segment: Segment| filter.segment.is_none_or(|s| s == segment);

    // Customers of the segment, indexed by id.
    let mut facts: Vec<CustomerFacts> = Vec::new();
    let mut index: HashMap<&str, Option<usize>> = HashMap::with_capacity(ds.customers.len());
    for c in &ds.customers {
        let slot = wanted(c.segment).then(|| {
            facts.push(CustomerFacts {
                segment: c.segment,
                nationality: c.nationality.as_str(),
                band: AgeBand::at(c.date_of_birth, as_of),
                balance: Money::ZERO,
                activity: Activity::default(),
            });
            facts.len() - 1
        });
        // A repeated id keeps its first record, like a lookup by id would.
        index.entry(c.customer_id.as_str()).or_insert(slot);
    }
    out.customers = facts.len();
    // None: not in the segment (or unknown while a segment is chosen): skip.
    // Some(None): unknown customer, no segment filter: counts, in no group.
    let slot_of = |customer_id: &str| -> Option<Option<usize>> {
        match index.get(customer_id) {
            Some(Some(i)) => Some(Some(*i)),
            Some(None) => None,
            None => filter.segment.is_none().then_some(None),
        }
    };

    let mut by_type: BTreeMap<AccountType, (usize, Money)> = BTreeMap::new();
    for a in &ds.accounts {
        let Some(slot) = slot_of(&a.customer_id) else {
            continue;
        };
        out.accounts += 1;
        out.deposits += a.balance;
        let entry = by_type.entry(a.account_type).or_default();
        entry.0 += 1;
        entry.1 += a.balance;
        if let Some(f) = slot.and_then(|i| facts.get_mut(i)) {
            f.balance += a.balance;
        }
    }
    out.deposits_by_type = by_type
        .into_iter()
        .map(|(account_type, (accounts, balance))| TypeRow {
            account_type,
            accounts,
            balance,
        })
        .collect();

    let window = filter.chart_window(as_of);
    let (start, days) = match window {
        Some((start, end, clipped)) => {
            out.chart_clipped = clipped;
            (start, (end - start).num_days() + 1)
        }
        None => (as_of, 0),
    };
    let mut daily = vec![Activity::default(); usize::try_from(days).unwrap_or(0)];
    let mut by_channel: HashMap<Channel, Activity> = HashMap::new();
    let mut by_category: HashMap<Category, Activity> = HashMap::new();
    let mut by_auth: HashMap<AuthMethod, Activity> = HashMap::new();
    for t in &ds.transactions {
        let Some(slot) = slot_of(&t.customer_id) else {
            continue;
        };
        let day = kuwait_date(&t.created_at);
        if !filter.admits(t, day) {
            continue;
        }
        out.transactions.add(t);
        if let Some(point) = usize::try_from((day - start).num_days())
            .ok()
            .and_then(|i| daily.get_mut(i))
        {
            point.add(t);
        }
        by_channel.entry(t.channel).or_default().add(t);
        by_category.entry(t.category).or_default().add(t);
        by_auth.entry(t.auth_method).or_default().add(t);
        if let Some(f) = slot.and_then(|i| facts.get_mut(i)) {
            f.activity.add(t);
        }
    }
    out.daily = daily
        .into_iter()
        .enumerate()
        .map(|(i, activity)| DayPoint {
            date: start + Duration::days(i as i64),
            activity,
        })
        .collect();
    out.by_channel = mix(by_channel, Channel::as_str);
    out.by_category = mix(by_category, Category::as_str);
    out.by_auth_method = mix(by_auth, AuthMethod::as_str);

    out.by_segment = group(&facts, |f| f.segment);
    out.by_age_band = group(&facts, |f| f.band);
    out.by_balance_tier = group(&facts, |f| BalanceTier::of(f.balance));
    let mut nationality = group(&facts, |f| f.nationality);
    nationality.sort_by(|a, b| b.customers.cmp(&a.customers).then(a.key.cmp(b.key)));
    out.by_nationality = nationality
        .into_iter()
        .map(|r| CustomerRow {
            key: r.key.to_owned(),
            customers: r.customers,
            balance: r.balance,
            activity: r.activity,
        })
        .collect();
    out
}

/// Customer groups in key order.
fn group<'a, K: Ord>(
    facts: &[CustomerFacts<'a>],
    key: impl Fn(&CustomerFacts<'a>) -> K,
) -> Vec<CustomerRow<K>> {
    let mut groups: BTreeMap<K, (usize, Money, Activity)> = BTreeMap::new();
    for f in facts {
        let g = groups.entry(key(f)).or_default();
        g.0 += 1;
        g.1 += f.balance;
        g.2.count += f.activity.count;
        g.2.value += f.activity.value;
    }
    groups
        .into_iter()
        .map(|(key, (customers, balance, activity))| CustomerRow {
            key,
            customers,
            balance,
            activity,
        })
        .collect()
}

/// Mix rows, most transactions first, ties by spelling.
fn mix<K: Copy + Eq + Hash>(
    totals: HashMap<K, Activity>,
    spell: fn(K) -> &'static str,
) -> Vec<MixRow<K>> {
    let mut rows: Vec<MixRow<K>> = totals
        .into_iter()
        .map(|(key, activity)| MixRow { key, activity })
        .collect();
    rows.sort_by(|a, b| {
        b.activity
            .count
            .cmp(&a.activity.count)
            .then_with(|| spell(a.key).cmp(spell(b.key)))
    });
    rows
}

// ---------------------------------------------------------------------------- CSV

/// The page's tables, each exportable as CSV.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BankTable {
    Deposits,
    Daily,
    Segment,
    Nationality,
    AgeBand,
    BalanceTier,
    Channel,
    Category,
    AuthMethod,
}

impl BankTable {
    pub const ALL: [BankTable; 9] = [
        BankTable::Deposits,
        BankTable::Daily,
        BankTable::Segment,
        BankTable::Nationality,
        BankTable::AgeBand,
        BankTable::BalanceTier,
        BankTable::Channel,
        BankTable::Category,
        BankTable::AuthMethod,
    ];

    /// The table's name in `data-table` and in its CSV file name.
    pub const fn as_str(self) -> &'static str {
        match self {
            BankTable::Deposits => "deposits",
            BankTable::Daily => "daily",
            BankTable::Segment => "segment",
            BankTable::Nationality => "nationality",
            BankTable::AgeBand => "age_band",
            BankTable::BalanceTier => "balance_tier",
            BankTable::Channel => "channel",
            BankTable::Category => "category",
            BankTable::AuthMethod => "auth_method",
        }
    }

    /// "bankdash-<table>.csv".
    pub fn file_name(self) -> String {
        format!("bankdash-{}.csv", self.as_str())
    }
}

impl BankSummary {
    /// The table as CSV (RFC 4180: CRLF line ends, a header row, fields quoted only
    /// when they hold a comma, quote or line break). Keys are the data's spellings
    /// (RETAIL, KW, 18-24, LT_1K, MOBILE_APP), dates YYYY-MM-DD, amounts plain KWD with
    /// three decimals. Headers:
    ///
    /// - deposits: `account_type,accounts,balance`
    /// - daily: `date,transactions,completed_value`
    /// - segment, nationality, age_band, balance_tier:
    ///   `<table>,customers,balance,transactions,completed_value`
    /// - channel, category, auth_method: `<table>,transactions,completed_value`
    pub fn to_csv(&self, table: BankTable) -> String {
        let name = table.as_str();
        match table {
            BankTable::Deposits => csv(
                &["account_type", "accounts", "balance"],
                self.deposits_by_type.iter().map(|r| {
                    vec![
                        r.account_type.as_str().to_owned(),
                        r.accounts.to_string(),
                        r.balance.to_plain(),
                    ]
                }),
            ),
            BankTable::Daily => csv(
                &["date", "transactions", "completed_value"],
                self.daily.iter().map(|p| {
                    vec![
                        p.date.to_string(),
                        p.activity.count.to_string(),
                        p.activity.value.to_plain(),
                    ]
                }),
            ),
            BankTable::Segment => customer_csv(name, &self.by_segment, |k| k.as_str()),
            BankTable::Nationality => customer_csv(name, &self.by_nationality, |k| k.as_str()),
            BankTable::AgeBand => customer_csv(name, &self.by_age_band, |k| k.as_str()),
            BankTable::BalanceTier => customer_csv(name, &self.by_balance_tier, |k| k.as_str()),
            BankTable::Channel => mix_csv(name, &self.by_channel, |k| k.as_str()),
            BankTable::Category => mix_csv(name, &self.by_category, |k| k.as_str()),
            BankTable::AuthMethod => mix_csv(name, &self.by_auth_method, |k| k.as_str()),
        }
    }
}

fn customer_csv<K>(name: &str, rows: &[CustomerRow<K>], key: fn(&K) -> &str) -> String {
    csv(
        &[
            name,
            "customers",
            "balance",
            "transactions",
            "completed_value",
        ],
        rows.iter().map(|r| {
            vec![
                key(&r.key).to_owned(),
                r.customers.to_string(),
                r.balance.to_plain(),
                r.activity.count.to_string(),
                r.activity.value.to_plain(),
            ]
        }),
    )
}

fn mix_csv<K>(name: &str, rows: &[MixRow<K>], key: fn(&K) -> &str) -> String {
    csv(
        &[name, "transactions", "completed_value"],
        rows.iter().map(|r| {
            vec![
                key(&r.key).to_owned(),
                r.activity.count.to_string(),
                r.activity.value.to_plain(),
            ]
        }),
    )
}

fn csv(header: &[&str], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = String::new();
    push_csv_line(&mut out, header.iter().copied());
    for row in rows {
        push_csv_line(&mut out, row.iter().map(String::as_str));
    }
    out
}

fn push_csv_line<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

/// The alerts the filter keeps: raised in the date range (Kuwait days), about a
/// customer of the segment, and, with a channel, about a transaction of that channel
/// (R1, R2); alerts not about one transaction have no channel and are left out then.
pub fn filter_alerts<'a>(
    ds: &Dataset,
    filter: &BankFilter,
    alerts: &'a [crate::risk::Alert],
) -> Vec<&'a crate::risk::Alert> {
    use crate::risk::AlertEntity;
    let segments: HashMap<&str, Segment> = ds
        .customers
        .iter()
        .map(|c| (c.customer_id.as_str(), c.segment))
        .collect();
    let channels: HashMap<&str, Channel> = if filter.channel.is_some() {
        ds.transactions
            .iter()
            .map(|t| (t.transaction_id.as_str(), t.channel))
            .collect()
    } else {
        HashMap::new()
    };
    alerts
        .iter()
        .filter(|a| {
            let day = kuwait_date(&a.at);
            let in_range =
                filter.from.is_none_or(|f| day >= f) && filter.to.is_none_or(|t| day <= t);
            let in_segment = filter.segment.is_none_or(|s| {
                a.customer_id
                    .as_deref()
                    .and_then(|c| segments.get(c))
                    .is_some_and(|own| *own == s)
            });
            let in_channel = filter.channel.is_none_or(|ch| match &a.entity {
                AlertEntity::Transaction { transaction_id } => {
                    channels.get(transaction_id.as_str()) == Some(&ch)
                }
                _ => false,
            });
            in_range && in_segment && in_channel
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{account, customer, date, txn};

    #[test]
    fn alerts_follow_the_date_segment_and_channel_filters() {
        use crate::risk::{alerts, RiskSettings};
        let mut premier = customer("c1");
        premier.segment = Segment::Premier;
        let mut retail = customer("c2");
        retail.segment = Segment::Retail;
        let big = |id: &str, c: &str, when: &str, channel: Channel| {
            let mut t = txn(id, c, 1_500_000, when);
            t.channel = channel;
            t
        };
        let ds = Dataset {
            customers: vec![premier, retail],
            transactions: vec![
                big("t1", "c1", "2026-11-01T10:00:00+03:00", Channel::Online),
                big("t2", "c2", "2026-11-10T10:00:00+03:00", Channel::Pos),
            ],
            ..Dataset::default()
        };
        let all = alerts(&ds, &RiskSettings::default());
        let ids = |f: &BankFilter| -> Vec<String> {
            let mut v: Vec<String> = filter_alerts(&ds, f, &all)
                .iter()
                .map(|a| a.id.clone())
                .collect();
            v.sort();
            v
        };
        assert!(all.len() >= 2, "{all:?}");
        let r1 = |f: &BankFilter| {
            ids(f)
                .into_iter()
                .filter(|i| i.starts_with("R1:"))
                .collect::<Vec<_>>()
        };
        assert_eq!(r1(&BankFilter::default()), vec!["R1:t1", "R1:t2"]);
        let segment = BankFilter {
            segment: Some(Segment::Premier),
            ..BankFilter::default()
        };
        assert_eq!(r1(&segment), vec!["R1:t1"]);
        let channel = BankFilter {
            channel: Some(Channel::Pos),
            ..BankFilter::default()
        };
        assert_eq!(
            ids(&channel),
            vec!["R1:t2"],
            "only transaction alerts have a channel"
        );
        let dates = BankFilter {
            from: Some(date(2026, 11, 5)),
            ..BankFilter::default()
        };
        assert_eq!(r1(&dates), vec!["R1:t2"]);
    }
    use crate::model::{Customer, Direction};

    const AS_OF: (i32, u32, u32) = (2026, 11, 20);

    fn as_of() -> NaiveDate {
        date(AS_OF.0, AS_OF.1, AS_OF.2)
    }

    fn parse(pairs: &[(&'static str, &'static str)]) -> (BankFilter, Vec<QueryProblem>) {
        BankFilter::from_pairs(pairs.iter().copied())
    }

    fn cust(id: &str, segment: Segment, nationality: &str, born: NaiveDate) -> Customer {
        Customer {
            segment,
            nationality: nationality.into(),
            date_of_birth: born,
            ..customer(id)
        }
    }

    fn with(
        t: Transaction,
        channel: Channel,
        category: Category,
        auth: AuthMethod,
        status: TxnStatus,
    ) -> Transaction {
        Transaction {
            channel,
            category,
            auth_method: auth,
            status,
            ..t
        }
    }

    /// Three customers in three segments, their accounts, and transactions of every
    /// kind the figures distinguish.
    fn bank() -> Dataset {
        Dataset {
            customers: vec![
                cust("c1", Segment::Retail, "KW", date(1990, 1, 1)), // 36
                cust("c2", Segment::Premier, "EG", date(2001, 11, 21)), // 24
                cust("c3", Segment::Private, "KW", date(1961, 11, 20)), // 65
            ],
            accounts: vec![
                account("a1", "c1", AccountType::Current, 500_000), // 500
                account("a2", "c1", AccountType::Savings, 499_999), // total 999.999
                account("a3", "c2", AccountType::Current, 10_000_000), // 10,000
                account("a4", "c3", AccountType::FixedDeposit, 60_000_000),
                account("a5", "c3", AccountType::Current, -1),
            ],
            transactions: vec![
                txn("t1", "c1", 1_000, "2026-11-20T10:00:00+03:00"),
                with(
                    txn("t2", "c1", 2_000, "2026-11-19T10:00:00+03:00"),
                    Channel::Online,
                    Category::Shopping,
                    AuthMethod::OtpSms,
                    TxnStatus::Failed,
                ),
                with(
                    txn("t3", "c2", 3_000, "2026-11-18T10:00:00+03:00"),
                    Channel::Online,
                    Category::Shopping,
                    AuthMethod::OtpSms,
                    TxnStatus::Completed,
                ),
                Transaction {
                    direction: Direction::Credit,
                    ..with(
                        txn("t4", "c3", 700_000, "2026-11-01T08:00:00+03:00"),
                        Channel::Payroll,
                        Category::Salary,
                        AuthMethod::None,
                        TxnStatus::Completed,
                    )
                },
                with(
                    txn("t5", "c3", 4_000, "2026-11-02T10:00:00+03:00"),
                    Channel::Pos,
                    Category::Groceries,
                    AuthMethod::Pin,
                    TxnStatus::Reversed,
                ),
                // Long before the 90-day window.
                txn("t6", "c2", 5_000, "2025-01-15T10:00:00+03:00"),
            ],
            ..Dataset::default()
        }
    }

    fn keys<K: Clone>(rows: &[CustomerRow<K>]) -> Vec<K> {
        rows.iter().map(|r| r.key.clone()).collect()
    }

    fn act(count: usize, fils: i64) -> Activity {
        Activity {
            count,
            value: Money::from_fils(fils),
        }
    }

    // ------------------------------------------------------------------ filter

    #[test]
    fn filter_round_trips_through_url_pairs() {
        let full = BankFilter {
            from: Some(date(2026, 9, 1)),
            to: Some(date(2026, 11, 20)),
            segment: Some(Segment::Premier),
            channel: Some(Channel::MobileApp),
        };
        let pairs = full.to_pairs();
        assert_eq!(
            pairs,
            vec![
                ("from", "2026-09-01".to_owned()),
                ("to", "2026-11-20".to_owned()),
                ("segment", "PREMIER".to_owned()),
                ("channel", "MOBILE_APP".to_owned()),
            ]
        );
        let (back, problems) = BankFilter::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(back, full);
        assert!(full.is_filtered());
        assert!(BankFilter::default().to_pairs().is_empty());
        assert!(!BankFilter::default().is_filtered());
        for single in [
            BankFilter {
                to: Some(date(2026, 1, 31)),
                ..BankFilter::default()
            },
            BankFilter {
                segment: Some(Segment::Private),
                ..BankFilter::default()
            },
            BankFilter {
                channel: Some(Channel::Atm),
                ..BankFilter::default()
            },
        ] {
            let pairs = single.to_pairs();
            assert_eq!(pairs.len(), 1);
            let (back, problems) =
                BankFilter::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
            assert!(problems.is_empty());
            assert_eq!(back, single);
            assert!(single.is_filtered());
        }
    }

    #[test]
    fn unknown_and_empty_parameters_are_ignored() {
        let (f, problems) = parse(&[
            ("api", "bundled"),
            ("segment", ""),
            ("channel", "  "),
            ("from", " 2026-01-02 "),
            ("page", "x"),
        ]);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            f,
            BankFilter {
                from: Some(date(2026, 1, 2)),
                ..BankFilter::default()
            }
        );
    }

    #[test]
    fn bad_values_are_reported_and_left_unset() {
        let cases = [
            ("from", "2026-13-01", "not a date (expected YYYY-MM-DD)"),
            ("from", "2026-2-01", "not a date (expected YYYY-MM-DD)"),
            ("to", "20261120", "not a date (expected YYYY-MM-DD)"),
            ("to", "2026-02-30", "not a date (expected YYYY-MM-DD)"),
            ("segment", "GOLD", "not one of RETAIL, PREMIER, PRIVATE"),
            ("segment", "retail", "not one of RETAIL, PREMIER, PRIVATE"),
            (
                "channel",
                "pos",
                "not one of POS, ONLINE, ATM, MOBILE_APP, BRANCH, PAYROLL",
            ),
        ];
        for (param, value, message) in cases {
            let (f, problems) = parse(&[(param, value), ("channel_x", "1")]);
            assert_eq!(problems.len(), 1, "{param}={value}");
            let p = &problems[0];
            assert_eq!(
                (p.param.as_str(), p.value.as_str(), p.message.as_str()),
                (param, value, message)
            );
            assert_eq!(f, BankFilter::default(), "{param}={value}");
        }
        // The other parameters still apply.
        let (f, problems) = parse(&[("segment", "GOLD"), ("channel", "ATM")]);
        assert_eq!(problems.len(), 1);
        assert_eq!(f.channel, Some(Channel::Atm));
        assert_eq!(f.segment, None);
    }

    #[test]
    fn from_after_to_drops_the_range() {
        let (f, problems) = parse(&[
            ("from", "2026-03-02"),
            ("to", "2026-03-01"),
            ("segment", "RETAIL"),
        ]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].param, "from");
        assert_eq!(problems[0].value, "2026-03-02");
        assert!(problems[0].message.contains("after to (2026-03-01)"));
        assert_eq!((f.from, f.to), (None, None));
        assert_eq!(f.segment, Some(Segment::Retail));
        let (f, problems) = parse(&[("to", "2026-03-01"), ("from", "2026-03-01")]);
        assert!(problems.is_empty());
        assert_eq!(f.from, f.to);
    }

    // ------------------------------------------------------------------ bands

    #[test]
    fn age_bands_at_their_edges() {
        let d = as_of();
        let band = |y, m, day| AgeBand::at(date(y, m, day), d);
        assert_eq!(age_at(date(2008, 11, 20), d), 18);
        assert_eq!(band(2008, 11, 20), AgeBand::From18To24); // 18 today
        assert_eq!(band(2008, 11, 21), AgeBand::Under18); // 18 tomorrow
        assert_eq!(band(2001, 11, 21), AgeBand::From18To24); // 24
        assert_eq!(band(2001, 11, 20), AgeBand::From25To34); // 25 today
        assert_eq!(band(1991, 11, 21), AgeBand::From25To34); // 34
        assert_eq!(band(1991, 11, 20), AgeBand::From35To44);
        assert_eq!(band(1981, 11, 21), AgeBand::From35To44);
        assert_eq!(band(1981, 11, 20), AgeBand::From45To54);
        assert_eq!(band(1971, 11, 21), AgeBand::From45To54);
        assert_eq!(band(1971, 11, 20), AgeBand::From55To64);
        assert_eq!(band(1961, 11, 21), AgeBand::From55To64); // 64
        assert_eq!(band(1961, 11, 20), AgeBand::From65); // 65 today
        assert_eq!(band(1900, 1, 1), AgeBand::From65);
        assert_eq!(band(2030, 1, 1), AgeBand::Under18); // not yet born
                                                        // A 29 February birthday counts from 1 March in other years.
        assert_eq!(age_at(date(2008, 2, 29), date(2026, 2, 28)), 17);
        assert_eq!(age_at(date(2008, 2, 29), date(2026, 3, 1)), 18);
        assert_eq!(age_at(date(2008, 2, 29), date(2028, 2, 29)), 20);
        let spelled: Vec<&str> = AgeBand::ALL.iter().map(|b| b.as_str()).collect();
        assert_eq!(
            spelled,
            ["0-17", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"]
        );
    }

    #[test]
    fn balance_tiers_at_their_edges() {
        let tier = |fils| BalanceTier::of(Money::from_fils(fils));
        assert_eq!(tier(-5_000_000), BalanceTier::Under1k);
        assert_eq!(tier(0), BalanceTier::Under1k);
        assert_eq!(tier(999_999), BalanceTier::Under1k);
        assert_eq!(tier(1_000_000), BalanceTier::From1kTo10k);
        assert_eq!(tier(9_999_999), BalanceTier::From1kTo10k);
        assert_eq!(tier(10_000_000), BalanceTier::From10kTo50k);
        assert_eq!(tier(49_999_999), BalanceTier::From10kTo50k);
        assert_eq!(tier(50_000_000), BalanceTier::From50k);
        assert_eq!(tier(i64::MAX), BalanceTier::From50k);
    }

    // ------------------------------------------------------------------ window

    #[test]
    fn chart_window_defaults_to_the_last_90_days() {
        let d = as_of();
        let w = |from: Option<NaiveDate>, to: Option<NaiveDate>| {
            BankFilter {
                from,
                to,
                ..BankFilter::default()
            }
            .chart_window(d)
        };
        assert_eq!(w(None, None), Some((date(2026, 8, 23), d, false)));
        assert_eq!(
            w(Some(date(2026, 10, 1)), Some(date(2026, 10, 31))),
            Some((date(2026, 10, 1), date(2026, 10, 31), false))
        );
        // Open ends: to as_of (or a later from); 90 days before to.
        assert_eq!(
            w(Some(date(2026, 10, 1)), None),
            Some((date(2026, 10, 1), d, false))
        );
        assert_eq!(
            w(Some(date(2026, 12, 5)), None),
            Some((date(2026, 12, 5), date(2026, 12, 5), false))
        );
        assert_eq!(
            w(None, Some(date(2026, 3, 31))),
            Some((date(2026, 1, 1), date(2026, 3, 31), false))
        );
        // A year and a day is too long: the last 366 days show.
        assert_eq!(
            w(Some(date(2025, 1, 1)), Some(date(2026, 1, 2))),
            Some((date(2025, 1, 2), date(2026, 1, 2), true))
        );
        assert_eq!(
            w(Some(date(2025, 1, 2)), Some(date(2026, 1, 2))),
            Some((date(2025, 1, 2), date(2026, 1, 2), false))
        );
        assert_eq!(w(Some(date(2026, 1, 2)), Some(date(2026, 1, 1))), None);
    }

    #[test]
    fn the_90_day_window_edges_are_kuwait_days() {
        let ds = Dataset {
            customers: vec![customer("c1")],
            transactions: vec![
                // The same instant, written in Kuwait time and in UTC: as_of's last hour.
                txn("k", "c1", 1, "2026-11-20T23:30:00+03:00"),
                txn("z", "c1", 2, "2026-11-20T20:30:00Z"),
                // 21:30 UTC on as_of is 00:30 the next day in Kuwait: after the window.
                txn("next", "c1", 4, "2026-11-20T21:30:00Z"),
                // First day of the window starts at 21:00 UTC the day before.
                txn("first", "c1", 8, "2026-08-22T21:00:00Z"),
                txn("before", "c1", 16, "2026-08-22T20:59:59Z"),
            ],
            ..Dataset::default()
        };
        let s = summary(&ds, as_of(), &BankFilter::default());
        assert_eq!(s.daily.len(), 90);
        assert!(!s.chart_clipped);
        let first = &s.daily[0];
        let last = &s.daily[89];
        assert_eq!((first.date, first.activity), (date(2026, 8, 23), act(1, 8)));
        assert_eq!((last.date, last.activity), (as_of(), act(2, 3)));
        let in_chart: usize = s.daily.iter().map(|p| p.activity.count).sum();
        assert_eq!(in_chart, 3);
        assert!(s
            .daily
            .windows(2)
            .all(|w| w[0].date.succ_opt() == Some(w[1].date)));
        // Without a date range the totals cover every date.
        assert_eq!(s.transactions, act(5, 31));
        // With one, Kuwait days bound it on both ends, inclusive.
        let range = BankFilter {
            from: Some(date(2026, 8, 23)),
            to: Some(as_of()),
            ..BankFilter::default()
        };
        let s = summary(&ds, as_of(), &range);
        assert_eq!(s.transactions, act(3, 11));
        assert_eq!(s.daily.len(), 90);
        assert_eq!(s.daily[89].activity, act(2, 3));
        let day = BankFilter {
            from: Some(date(2026, 11, 21)),
            to: Some(date(2026, 11, 21)),
            ..BankFilter::default()
        };
        let s = summary(&ds, as_of(), &day);
        assert_eq!(s.transactions, act(1, 4));
        assert_eq!(s.daily.len(), 1);
        assert_eq!(s.daily[0].activity, act(1, 4));
    }

    // ------------------------------------------------------------------ summary

    #[test]
    fn empty_dataset_has_zero_figures_and_a_zero_series() {
        let s = summary(&Dataset::default(), as_of(), &BankFilter::default());
        assert_eq!((s.customers, s.accounts, s.deposits), (0, 0, Money::ZERO));
        assert_eq!(s.transactions, Activity::default());
        assert_eq!(s.daily.len(), 90);
        assert!(s.daily.iter().all(|p| p.activity == Activity::default()));
        assert!(s.deposits_by_type.is_empty());
        assert!(s.by_segment.is_empty() && s.by_nationality.is_empty());
        assert!(s.by_age_band.is_empty() && s.by_balance_tier.is_empty());
        assert!(s.by_channel.is_empty() && s.by_category.is_empty() && s.by_auth_method.is_empty());
        assert_eq!(
            s.to_csv(BankTable::Segment),
            "segment,customers,balance,transactions,completed_value\r\n"
        );
        assert_eq!(
            s.to_csv(BankTable::Channel),
            "channel,transactions,completed_value\r\n"
        );
        assert_eq!(s.to_csv(BankTable::Daily).lines().count(), 91);
    }

    #[test]
    fn whole_bank_counts_every_status_and_values_completed_only() {
        let s = summary(&bank(), as_of(), &BankFilter::default());
        assert_eq!((s.customers, s.accounts), (3, 5));
        assert_eq!(s.deposits, Money::from_fils(70_999_998));
        assert_eq!(
            s.deposits_by_type,
            vec![
                TypeRow {
                    account_type: AccountType::Current,
                    accounts: 3,
                    balance: Money::from_fils(10_499_999),
                },
                TypeRow {
                    account_type: AccountType::Savings,
                    accounts: 1,
                    balance: Money::from_fils(499_999),
                },
                TypeRow {
                    account_type: AccountType::FixedDeposit,
                    accounts: 1,
                    balance: Money::from_fils(60_000_000),
                },
            ]
        );
        // t2 FAILED and t5 REVERSED count but carry no value.
        assert_eq!(s.transactions, act(6, 709_000));
        assert_eq!(
            s.daily.iter().map(|p| p.activity.count).sum::<usize>(),
            5,
            "t6 is outside the 90 days"
        );
        let nov = |d| {
            s.daily
                .iter()
                .find(|p| p.date == date(2026, 11, d))
                .map(|p| p.activity)
        };
        assert_eq!(nov(19), Some(act(1, 0)));
        assert_eq!(nov(1), Some(act(1, 700_000)));
        assert_eq!(nov(2), Some(act(1, 0)));

        assert_eq!(
            s.by_segment,
            vec![
                CustomerRow {
                    key: Segment::Retail,
                    customers: 1,
                    balance: Money::from_fils(999_999),
                    activity: act(2, 1_000),
                },
                CustomerRow {
                    key: Segment::Premier,
                    customers: 1,
                    balance: Money::from_fils(10_000_000),
                    activity: act(2, 8_000),
                },
                CustomerRow {
                    key: Segment::Private,
                    customers: 1,
                    balance: Money::from_fils(59_999_999),
                    activity: act(2, 700_000),
                },
            ]
        );
        assert_eq!(keys(&s.by_nationality), ["KW", "EG"]);
        assert_eq!(s.by_nationality[0].customers, 2);
        assert_eq!(s.by_nationality[0].activity, act(4, 701_000));
        assert_eq!(
            keys(&s.by_age_band),
            [AgeBand::From18To24, AgeBand::From35To44, AgeBand::From65]
        );
        assert_eq!(
            keys(&s.by_balance_tier),
            [
                BalanceTier::Under1k,
                BalanceTier::From10kTo50k,
                BalanceTier::From50k
            ]
        );
        let mix = |rows: &[MixRow<Channel>]| -> Vec<(Channel, Activity)> {
            rows.iter().map(|r| (r.key, r.activity)).collect()
        };
        assert_eq!(
            mix(&s.by_channel),
            [
                (Channel::Pos, act(3, 6_000)),
                (Channel::Online, act(2, 3_000)),
                (Channel::Payroll, act(1, 700_000)),
            ]
        );
        let categories: Vec<(Category, Activity)> =
            s.by_category.iter().map(|r| (r.key, r.activity)).collect();
        assert_eq!(
            categories,
            [
                (Category::Groceries, act(3, 6_000)),
                (Category::Shopping, act(2, 3_000)),
                (Category::Salary, act(1, 700_000)),
            ]
        );
        let auth: Vec<(AuthMethod, Activity)> = s
            .by_auth_method
            .iter()
            .map(|r| (r.key, r.activity))
            .collect();
        assert_eq!(
            auth,
            [
                (AuthMethod::Pin, act(3, 6_000)),
                (AuthMethod::OtpSms, act(2, 3_000)),
                (AuthMethod::None, act(1, 700_000)),
            ]
        );
    }

    #[test]
    fn segment_filter_selects_customers_their_accounts_and_transactions() {
        let mut ds = bank();
        // Records of a customer who is not in the dataset.
        ds.accounts
            .push(account("ghost-a", "ghost", AccountType::Current, 7));
        ds.transactions
            .push(txn("ghost-t", "ghost", 9, "2026-11-20T10:00:00+03:00"));
        let all = summary(&ds, as_of(), &BankFilter::default());
        assert_eq!((all.customers, all.accounts), (3, 6));
        assert_eq!(all.deposits, Money::from_fils(71_000_005));
        assert_eq!(all.transactions, act(7, 709_009));
        // In the totals and mixes but in no customer group.
        let grouped: usize = all.by_segment.iter().map(|r| r.activity.count).sum();
        assert_eq!(grouped, 6);

        let premier = BankFilter {
            segment: Some(Segment::Premier),
            ..BankFilter::default()
        };
        let s = summary(&ds, as_of(), &premier);
        assert_eq!((s.customers, s.accounts), (1, 1));
        assert_eq!(s.deposits, Money::from_fils(10_000_000));
        assert_eq!(
            s.deposits_by_type
                .iter()
                .map(|r| r.account_type)
                .collect::<Vec<_>>(),
            [AccountType::Current]
        );
        assert_eq!(s.transactions, act(2, 8_000));
        assert_eq!(keys(&s.by_segment), [Segment::Premier]);
        assert_eq!(keys(&s.by_nationality), ["EG"]);
        assert_eq!(s.by_channel.len(), 2);
        assert_eq!(s.daily.iter().map(|p| p.activity.count).sum::<usize>(), 1);
    }

    #[test]
    fn channel_and_dates_filter_transactions_only() {
        let online = BankFilter {
            channel: Some(Channel::Online),
            ..BankFilter::default()
        };
        let s = summary(&bank(), as_of(), &online);
        // Customer figures stay whole.
        assert_eq!((s.customers, s.accounts), (3, 5));
        assert_eq!(s.deposits, Money::from_fils(70_999_998));
        assert_eq!(s.by_segment.len(), 3);
        assert_eq!(s.by_segment[0].customers, 1);
        // Activity follows the channel.
        assert_eq!(s.transactions, act(2, 3_000));
        assert_eq!(s.by_segment[0].activity, act(1, 0));
        assert_eq!(s.by_segment[1].activity, act(1, 3_000));
        assert_eq!(s.by_segment[2].activity, act(0, 0));
        assert_eq!(s.by_channel.len(), 1);
        assert_eq!(s.by_category.len(), 1);
        assert_eq!(s.by_auth_method[0].key, AuthMethod::OtpSms);

        let november = BankFilter {
            from: Some(date(2026, 11, 2)),
            to: Some(date(2026, 11, 19)),
            segment: Some(Segment::Private),
            ..BankFilter::default()
        };
        let s = summary(&bank(), as_of(), &november);
        assert_eq!(s.customers, 1);
        assert_eq!(s.transactions, act(1, 0)); // t5, REVERSED
        assert_eq!(s.daily.len(), 18);
        assert_eq!(s.daily[0].date, date(2026, 11, 2));
        assert_eq!(s.daily[0].activity, act(1, 0));
    }

    #[test]
    fn a_long_range_clips_the_chart_but_not_the_totals() {
        let range = BankFilter {
            from: Some(date(2024, 1, 1)),
            ..BankFilter::default()
        };
        let s = summary(&bank(), as_of(), &range);
        assert!(s.chart_clipped);
        assert_eq!(s.daily.len(), 366);
        assert_eq!(s.daily.last().map(|p| p.date), Some(as_of()));
        assert_eq!(s.transactions.count, 6);
        let backwards = BankFilter {
            from: Some(date(2026, 2, 1)),
            to: Some(date(2026, 1, 1)),
            ..BankFilter::default()
        };
        let s = summary(&bank(), as_of(), &backwards);
        assert!(s.daily.is_empty());
        assert_eq!(s.transactions, Activity::default());
        assert_eq!(s.customers, 3);
    }

    // ------------------------------------------------------------------ CSV

    #[test]
    fn csv_tables_have_a_header_and_one_line_per_row() {
        let mut ds = bank();
        ds.customers[1].nationality = "X,\"Y\"".into();
        let s = summary(&ds, as_of(), &BankFilter::default());
        assert_eq!(
            s.to_csv(BankTable::Deposits),
            "account_type,accounts,balance\r\n\
             CURRENT,3,10499.999\r\n\
             SAVINGS,1,499.999\r\n\
             FIXED_DEPOSIT,1,60000.000\r\n"
        );
        assert_eq!(
            s.to_csv(BankTable::Nationality),
            "nationality,customers,balance,transactions,completed_value\r\n\
             KW,2,60999.998,4,701.000\r\n\
             \"X,\"\"Y\"\"\",1,10000.000,2,8.000\r\n"
        );
        assert_eq!(
            s.to_csv(BankTable::AgeBand),
            "age_band,customers,balance,transactions,completed_value\r\n\
             18-24,1,10000.000,2,8.000\r\n\
             35-44,1,999.999,2,1.000\r\n\
             65+,1,59999.999,2,700.000\r\n"
        );
        assert_eq!(
            s.to_csv(BankTable::BalanceTier),
            "balance_tier,customers,balance,transactions,completed_value\r\n\
             LT_1K,1,999.999,2,1.000\r\n\
             10K_50K,1,10000.000,2,8.000\r\n\
             GE_50K,1,59999.999,2,700.000\r\n"
        );
        assert_eq!(
            s.to_csv(BankTable::AuthMethod),
            "auth_method,transactions,completed_value\r\n\
             PIN,3,6.000\r\n\
             OTP_SMS,2,3.000\r\n\
             NONE,1,700.000\r\n"
        );
        let daily = s.to_csv(BankTable::Daily);
        assert!(daily.starts_with("date,transactions,completed_value\r\n2026-08-23,0,0.000\r\n"));
        assert!(daily.ends_with("2026-11-19,1,0.000\r\n2026-11-20,1,1.000\r\n"));
        for table in BankTable::ALL {
            let csv = s.to_csv(table);
            let rows = match table {
                BankTable::Deposits => s.deposits_by_type.len(),
                BankTable::Daily => s.daily.len(),
                BankTable::Segment => s.by_segment.len(),
                BankTable::Nationality => s.by_nationality.len(),
                BankTable::AgeBand => s.by_age_band.len(),
                BankTable::BalanceTier => s.by_balance_tier.len(),
                BankTable::Channel => s.by_channel.len(),
                BankTable::Category => s.by_category.len(),
                BankTable::AuthMethod => s.by_auth_method.len(),
            };
            assert_eq!(csv.matches("\r\n").count(), rows + 1, "{table:?}");
            assert!(!csv.replace("\r\n", "").contains('\n'), "{table:?}");
            assert_eq!(
                table.file_name(),
                format!("bankdash-{}.csv", table.as_str())
            );
        }
    }

    #[test]
    fn a_bank_of_2000_customers_and_300k_transactions() {
        let segments = Segment::ALL;
        let customers: Vec<Customer> = (0..2_000)
            .map(|i| {
                cust(
                    &format!("c{i}"),
                    segments[i % 3],
                    ["KW", "EG", "IN", "KW"][i % 4],
                    date(
                        1950 + (i % 55) as i32,
                        1 + (i % 12) as u32,
                        1 + (i % 28) as u32,
                    ),
                )
            })
            .collect();
        let accounts = (0..4_000)
            .map(|i| {
                account(
                    &format!("a{i}"),
                    &format!("c{}", i % 2_000),
                    AccountType::ALL[i % 3],
                    (i as i64) * 7_919,
                )
            })
            .collect();
        let template = txn("t", "c0", 1, "2026-11-20T10:00:00+03:00");
        let base = template.created_at;
        let transactions: Vec<Transaction> = (0..300_000usize)
            .map(|i| Transaction {
                customer_id: customers[i % 2_000].customer_id.clone(),
                amount: Money::from_fils((i % 997) as i64),
                channel: Channel::ALL[i % 6],
                status: TxnStatus::ALL[i % 4],
                created_at: base - Duration::minutes((i % 200_000) as i64 * 3),
                ..template.clone()
            })
            .collect();
        let ds = Dataset {
            customers,
            accounts,
            transactions,
            ..Dataset::default()
        };
        let s = summary(&ds, as_of(), &BankFilter::default());
        assert_eq!((s.customers, s.accounts), (2_000, 4_000));
        assert_eq!(s.transactions.count, 300_000);
        let sum = |rows: &[MixRow<Channel>]| rows.iter().map(|r| r.activity.count).sum::<usize>();
        assert_eq!(sum(&s.by_channel), 300_000);
        let grouped: usize = s.by_age_band.iter().map(|r| r.activity.count).sum();
        assert_eq!(grouped, 300_000);
        let value: Money = s.by_balance_tier.iter().map(|r| r.activity.value).sum();
        assert_eq!(value, s.transactions.value);
        let premier = summary(
            &ds,
            as_of(),
            &BankFilter {
                segment: Some(Segment::Premier),
                channel: Some(Channel::Atm),
                ..BankFilter::default()
            },
        );
        assert_eq!(premier.customers, 667);
        assert!(premier.transactions.count > 0 && premier.transactions.count < 300_000);
    }
}
