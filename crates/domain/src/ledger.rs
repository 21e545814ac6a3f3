//! The transaction ledger: a query (filters, search, sort, page) that round-trips
//! through URL query parameters, its evaluation, paging and CSV export.
//!
//! URL parameters (only non-default values are written, in this order):
//! `account`, `from`, `to` (YYYY-MM-DD, inclusive, Kuwait dates), `direction`, `status`,
//! `category`, `channel` (JSON enum spellings, e.g. DEBIT), `q` (search), `sort`
//! (date | amount | merchant; default date), `order` (asc | desc; default desc), `page`
//! (1-based; default 1).

use crate::model::{Category, Channel, Direction, Transaction, TxnStatus};
use crate::time::kuwait_date;
use chrono::NaiveDate;
use std::cmp::Ordering;

pub const PAGE_SIZE: usize = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortField {
    #[default]
    Date,
    Amount,
    Merchant,
}

impl SortField {
    pub const ALL: [SortField; 3] = [SortField::Date, SortField::Amount, SortField::Merchant];
    pub const fn as_str(self) -> &'static str {
        match self {
            SortField::Date => "date",
            SortField::Amount => "amount",
            SortField::Merchant => "merchant",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerQuery {
    pub account_id: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub direction: Option<Direction>,
    pub status: Option<TxnStatus>,
    pub category: Option<Category>,
    pub channel: Option<Channel>,
    /// Case-insensitive substring of merchant_name, description or reference.
    pub search: String,
    pub sort: SortField,
    pub descending: bool,
    /// 1-based.
    pub page: usize,
}

impl Default for LedgerQuery {
    fn default() -> Self {
        LedgerQuery {
            account_id: None,
            from: None,
            to: None,
            direction: None,
            status: None,
            category: None,
            channel: None,
            search: String::new(),
            sort: SortField::Date,
            descending: true,
            page: 1,
        }
    }
}

/// A query parameter that could not be used: which, its value and why. The rest of
/// the query still applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryProblem {
    pub param: String,
    pub value: String,
    pub message: String,
}

impl LedgerQuery {
    /// Reads URL query pairs. Unknown parameters are ignored; bad values are reported
    /// and left at their default; `from` after `to` is reported (and both kept unset).
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> (LedgerQuery, Vec<QueryProblem>) {
        let mut q = LedgerQuery::default();
        let mut problems = Vec::new();
        let mut from_text = "";
        for (param, raw) in pairs {
            let value = raw.trim();
            // An empty value (a cleared form field) means the parameter is not set.
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
                "account" => q.account_id = Some(value.to_owned()),
                "from" => {
                    q.from = parse_date(value).map_err(&mut report).ok();
                    from_text = raw;
                }
                "to" => q.to = parse_date(value).map_err(&mut report).ok(),
                "direction" => {
                    q.direction = parse_choice(Direction::ALL, Direction::as_str, value)
                        .map_err(&mut report)
                        .ok()
                }
                "status" => {
                    q.status = parse_choice(TxnStatus::ALL, TxnStatus::as_str, value)
                        .map_err(&mut report)
                        .ok()
                }
                "category" => {
                    q.category = parse_choice(Category::ALL, Category::as_str, value)
                        .map_err(&mut report)
                        .ok()
                }
                "channel" => {
                    q.channel = parse_choice(Channel::ALL, Channel::as_str, value)
                        .map_err(&mut report)
                        .ok()
                }
                "q" => q.search = value.to_owned(),
                "sort" => {
                    q.sort = parse_choice(&SortField::ALL, SortField::as_str, value)
                        .map_err(&mut report)
                        .unwrap_or_default()
                }
                "order" => {
                    q.descending = parse_choice(&[false, true], order_str, value)
                        .map_err(&mut report)
                        .unwrap_or(true)
                }
                "page" => q.page = parse_page(value).map_err(&mut report).unwrap_or(1),
                _ => {}
            }
        }
        if let (Some(from), Some(to)) = (q.from, q.to) {
            if from > to {
                problems.push(QueryProblem {
                    param: "from".to_owned(),
                    value: from_text.to_owned(),
                    message: format!("is after to ({to}); the date range is ignored"),
                });
                q.from = None;
                q.to = None;
            }
        }
        (q, problems)
    }

    /// The non-default values as URL query pairs, in the documented order.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut out: Vec<(&'static str, String)> = Vec::new();
        if let Some(account) = self
            .account_id
            .as_deref()
            .map(str::trim)
            .filter(|a| !a.is_empty())
        {
            out.push(("account", account.to_owned()));
        }
        if let Some(from) = self.from {
            out.push(("from", from.to_string()));
        }
        if let Some(to) = self.to {
            out.push(("to", to.to_string()));
        }
        if let Some(d) = self.direction {
            out.push(("direction", d.as_str().to_owned()));
        }
        if let Some(s) = self.status {
            out.push(("status", s.as_str().to_owned()));
        }
        if let Some(c) = self.category {
            out.push(("category", c.as_str().to_owned()));
        }
        if let Some(c) = self.channel {
            out.push(("channel", c.as_str().to_owned()));
        }
        let search = self.search.trim();
        if !search.is_empty() {
            out.push(("q", search.to_owned()));
        }
        if self.sort != SortField::Date {
            out.push(("sort", self.sort.as_str().to_owned()));
        }
        if !self.descending {
            out.push(("order", order_str(false).to_owned()));
        }
        if self.page != 1 {
            out.push(("page", self.page.to_string()));
        }
        out
    }

    /// True when any filter or search is set (sort and page do not count).
    pub fn is_filtered(&self) -> bool {
        self.account_id.is_some()
            || self.from.is_some()
            || self.to.is_some()
            || self.direction.is_some()
            || self.status.is_some()
            || self.category.is_some()
            || self.channel.is_some()
            || !self.search.trim().is_empty()
    }
}

/// The `order` spelling of a sort direction.
fn order_str(descending: bool) -> &'static str {
    if descending {
        "desc"
    } else {
        "asc"
    }
}

/// A strict YYYY-MM-DD date, so every accepted value is written back the same way.
pub(crate) fn parse_date(value: &str) -> Result<NaiveDate, String> {
    crate::time::parse_date(value).ok_or_else(|| "not a date (expected YYYY-MM-DD)".to_owned())
}

/// One of a closed set of spellings, matched exactly; the error lists them all.
pub(crate) fn parse_choice<T: Copy>(
    all: &[T],
    spell: fn(T) -> &'static str,
    value: &str,
) -> Result<T, String> {
    all.iter()
        .copied()
        .find(|c| spell(*c) == value)
        .ok_or_else(|| {
            let allowed: Vec<&str> = all.iter().map(|c| spell(*c)).collect();
            format!("not one of {}", allowed.join(", "))
        })
}

/// A 1-based page number written as plain digits.
fn parse_page(value: &str) -> Result<usize, String> {
    value
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| value.parse::<usize>().ok())
        .flatten()
        .filter(|p| *p >= 1)
        .ok_or_else(|| "not a page number (expected a whole number of 1 or more)".to_owned())
}

/// The customer's transactions matching `q`, sorted (ties: newer first, then by
/// transaction_id), all pages.
pub fn run<'a>(
    txns: &'a [Transaction],
    customer_id: &str,
    q: &LedgerQuery,
) -> Vec<&'a Transaction> {
    let needle = q.search.trim().to_lowercase();
    let mut rows: Vec<&'a Transaction> = txns
        .iter()
        .filter(|t| t.customer_id == customer_id && matches(t, q, &needle))
        .collect();
    let directed = |o: Ordering| if q.descending { o.reverse() } else { o };
    match q.sort {
        SortField::Date => rows.sort_by(|a, b| {
            directed(a.created_at.cmp(&b.created_at)).then_with(|| tie_break(a, b))
        }),
        SortField::Amount => {
            rows.sort_by(|a, b| directed(a.amount.cmp(&b.amount)).then_with(|| tie_break(a, b)))
        }
        SortField::Merchant => {
            // Lowercase each name once, not on every comparison.
            let mut keyed: Vec<(String, &'a Transaction)> = rows
                .iter()
                .map(|t| (t.merchant_name.to_lowercase(), *t))
                .collect();
            keyed.sort_by(|(ka, a), (kb, b)| directed(ka.cmp(kb)).then_with(|| tie_break(a, b)));
            rows = keyed.into_iter().map(|(_, t)| t).collect();
        }
    }
    rows
}

/// Equal sort keys: newer first, then transaction_id, whatever the order.
fn tie_break(a: &Transaction, b: &Transaction) -> Ordering {
    b.created_at
        .cmp(&a.created_at)
        .then_with(|| a.transaction_id.cmp(&b.transaction_id))
}

/// Every set filter holds; `needle` is the lowercased, trimmed search text.
fn matches(t: &Transaction, q: &LedgerQuery, needle: &str) -> bool {
    if let Some(account) = &q.account_id {
        if t.account_id != *account {
            return false;
        }
    }
    if q.from.is_some() || q.to.is_some() {
        let day = kuwait_date(&t.created_at);
        if q.from.is_some_and(|from| day < from) || q.to.is_some_and(|to| day > to) {
            return false;
        }
    }
    if q.direction.is_some_and(|d| d != t.direction)
        || q.status.is_some_and(|s| s != t.status)
        || q.category.is_some_and(|c| c != t.category)
        || q.channel.is_some_and(|c| c != t.channel)
    {
        return false;
    }
    needle.is_empty()
        || [&t.merchant_name, &t.description, &t.reference]
            .into_iter()
            .any(|field| contains_lower(field, needle))
}

/// Whether `haystack` contains `needle_lower` ignoring case. ASCII text (the common
/// case) is compared in place; anything else is lowercased first.
fn contains_lower(haystack: &str, needle_lower: &str) -> bool {
    if haystack.is_ascii() && needle_lower.is_ascii() {
        let needle = needle_lower.as_bytes();
        needle.len() <= haystack.len()
            && haystack
                .as_bytes()
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle))
    } else {
        haystack.to_lowercase().contains(needle_lower)
    }
}

/// Number of pages for `total` rows (at least 1).
pub fn page_count(total: usize) -> usize {
    pages_of(total, PAGE_SIZE)
}

/// The rows of 1-based `page` (clamped to 1..=page_count).
pub fn page_slice<'a, 'b>(rows: &'b [&'a Transaction], page: usize) -> &'b [&'a Transaction] {
    page_of(rows, page, PAGE_SIZE)
}

/// Pages of `size` rows needed for `total` rows (at least 1): every paged list's rule.
pub fn pages_of(total: usize, size: usize) -> usize {
    total.div_ceil(size.max(1)).max(1)
}

/// The rows of 1-based `page` in pages of `size` (clamped to 1..=pages_of).
pub fn page_of<T>(rows: &[T], page: usize, size: usize) -> &[T] {
    let size = size.max(1);
    let page = page.clamp(1, pages_of(rows.len(), size));
    let start = (page - 1) * size;
    let end = rows.len().min(start + size);
    rows.get(start..end).unwrap_or(&[])
}

/// CSV (RFC 4180, CRLF line ends, header row) of the rows: created_at (RFC 3339),
/// transaction_id, account_id, direction, amount (plain, 3 decimals), currency, status,
/// category, merchant_name, merchant_city, channel, description, reference.
pub fn to_csv(rows: &[&Transaction]) -> String {
    const HEADER: &str =
        "created_at,transaction_id,account_id,direction,amount,currency,status,category,\
                          merchant_name,merchant_city,channel,description,reference";
    let mut out = String::with_capacity((rows.len() + 1) * 160);
    out.push_str(HEADER);
    out.push_str("\r\n");
    for t in rows {
        let fields: [&str; 13] = [
            &t.created_at.to_rfc3339(),
            &t.transaction_id,
            &t.account_id,
            t.direction.as_str(),
            &t.amount.to_plain(),
            &t.currency,
            t.status.as_str(),
            t.category.as_str(),
            &t.merchant_name,
            &t.merchant_city,
            t.channel.as_str(),
            &t.description,
            &t.reference,
        ];
        for (i, field) in fields.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_csv_field(&mut out, field);
        }
        out.push_str("\r\n");
    }
    out
}

/// Quotes a field only when it holds a comma, quote or line break, doubling quotes.
fn push_csv_field(out: &mut String, field: &str) {
    if field.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(&field.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{date, ts, txn};
    use crate::money::Money;

    fn ids(rows: &[&Transaction]) -> Vec<String> {
        rows.iter().map(|t| t.transaction_id.clone()).collect()
    }

    fn parse(pairs: &[(&'static str, &'static str)]) -> (LedgerQuery, Vec<QueryProblem>) {
        LedgerQuery::from_pairs(pairs.iter().copied())
    }

    fn full_query() -> LedgerQuery {
        LedgerQuery {
            account_id: Some("KW-ACC-0001".into()),
            from: Some(date(2026, 1, 1)),
            to: Some(date(2026, 3, 31)),
            direction: Some(Direction::Credit),
            status: Some(TxnStatus::Reversed),
            category: Some(Category::Entertainment),
            channel: Some(Channel::MobileApp),
            search: "sultan & co, 50% off".into(),
            sort: SortField::Merchant,
            descending: false,
            page: 7,
        }
    }

    #[test]
    fn reads_every_parameter_and_ignores_unknown_ones() {
        let (q, problems) = parse(&[
            ("account", "KW-ACC-0001"),
            ("from", "2026-01-01"),
            ("to", "2026-03-31"),
            ("direction", "CREDIT"),
            ("status", "REVERSED"),
            ("category", "ENTERTAINMENT"),
            ("channel", "MOBILE_APP"),
            ("q", "  sultan & co, 50% off "),
            ("sort", "merchant"),
            ("order", "asc"),
            ("page", "7"),
            ("utm_source", "mail"),
        ]);
        assert_eq!(problems, vec![]);
        assert_eq!(q, full_query());
        let (q, problems) = parse(&[("sort", "amount"), ("order", "desc"), ("page", "1")]);
        assert!(problems.is_empty());
        assert_eq!(
            q,
            LedgerQuery {
                sort: SortField::Amount,
                ..LedgerQuery::default()
            }
        );
    }

    #[test]
    fn empty_values_mean_unset() {
        let (q, problems) = parse(&[
            ("account", ""),
            ("from", ""),
            ("to", " "),
            ("direction", ""),
            ("q", "   "),
            ("page", ""),
        ]);
        assert!(problems.is_empty());
        assert_eq!(q, LedgerQuery::default());
        assert!(!q.is_filtered());
    }

    #[test]
    fn writes_non_default_values_in_order_and_round_trips() {
        let q = full_query();
        let pairs = q.to_pairs();
        let names: Vec<&str> = pairs.iter().map(|(k, _)| *k).collect();
        assert_eq!(
            names,
            [
                "account",
                "from",
                "to",
                "direction",
                "status",
                "category",
                "channel",
                "q",
                "sort",
                "order",
                "page"
            ]
        );
        assert_eq!(pairs[1].1, "2026-01-01");
        assert_eq!(pairs[6].1, "MOBILE_APP");
        assert_eq!(pairs[9].1, "asc");
        assert_eq!(LedgerQuery::default().to_pairs(), vec![]);
        let samples = [
            q,
            LedgerQuery::default(),
            LedgerQuery {
                sort: SortField::Amount,
                descending: true,
                ..LedgerQuery::default()
            },
            LedgerQuery {
                from: Some(date(2025, 2, 28)),
                page: 2,
                ..LedgerQuery::default()
            },
            LedgerQuery {
                to: Some(date(2026, 12, 31)),
                search: "KNPC".into(),
                ..LedgerQuery::default()
            },
            LedgerQuery {
                from: Some(date(2026, 5, 5)),
                to: Some(date(2026, 5, 5)),
                ..LedgerQuery::default()
            },
        ];
        for sample in samples {
            let pairs = sample.to_pairs();
            let (back, problems) =
                LedgerQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
            assert!(problems.is_empty(), "{pairs:?}: {problems:?}");
            assert_eq!(back, sample, "{pairs:?}");
        }
        // Every enum value survives the trip.
        for d in Direction::ALL {
            let q = LedgerQuery {
                direction: Some(*d),
                ..LedgerQuery::default()
            };
            let pairs = q.to_pairs();
            assert_eq!(
                LedgerQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str()))).0,
                q
            );
        }
        for c in Category::ALL {
            let q = LedgerQuery {
                category: Some(*c),
                ..LedgerQuery::default()
            };
            let pairs = q.to_pairs();
            assert_eq!(
                LedgerQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str()))).0,
                q
            );
        }
    }

    fn only_problem(pairs: &[(&'static str, &'static str)]) -> (LedgerQuery, QueryProblem) {
        let (q, mut problems) = parse(pairs);
        assert_eq!(problems.len(), 1, "{problems:?}");
        (q, problems.remove(0))
    }

    #[test]
    fn bad_dates_are_reported_by_name_and_value() {
        for bad in [
            "2026-13-01",
            "2026-02-30",
            "01/02/2026",
            "2026-1-5",
            "yesterday",
            "2026-01-01T00:00",
        ] {
            for param in ["from", "to"] {
                let (q, p) = only_problem(&[(param, bad), ("direction", "DEBIT")]);
                assert_eq!(p.param, param);
                assert_eq!(p.value, bad);
                assert_eq!(p.message, "not a date (expected YYYY-MM-DD)");
                assert_eq!((q.from, q.to), (None, None));
                // The rest of the query still applies.
                assert_eq!(q.direction, Some(Direction::Debit));
            }
        }
    }

    #[test]
    fn bad_enum_values_list_the_allowed_ones() {
        let cases: [(&str, &str, &str); 6] = [
            ("direction", "debit", "not one of DEBIT, CREDIT"),
            (
                "status",
                "DONE",
                "not one of COMPLETED, PENDING, FAILED, REVERSED",
            ),
            (
                "category",
                "FOOD",
                "not one of SALARY, TRANSFER, SAVINGS, GROCERIES",
            ),
            (
                "channel",
                "mobile_app",
                "not one of POS, ONLINE, ATM, MOBILE_APP, BRANCH, PAYROLL",
            ),
            ("sort", "DATE", "not one of date, amount, merchant"),
            ("order", "up", "not one of asc, desc"),
        ];
        for (param, value, message_start) in cases {
            let (q, p) = only_problem(&[(param, value), ("page", "2")]);
            assert_eq!((p.param.as_str(), p.value.as_str()), (param, value));
            assert!(
                p.message.starts_with(message_start),
                "{param}: {}",
                p.message
            );
            assert_eq!(
                q,
                LedgerQuery {
                    page: 2,
                    ..LedgerQuery::default()
                },
                "{param}"
            );
        }
        let (_, p) = only_problem(&[("category", "FOOD")]);
        assert!(p.message.ends_with("CASH, FEES, HOUSING"), "{}", p.message);
    }

    #[test]
    fn bad_pages_are_reported_and_default_to_one() {
        for bad in ["0", "-1", "+2", "two", "1.5", "99999999999999999999999"] {
            let (q, p) = only_problem(&[("page", bad), ("sort", "amount")]);
            assert_eq!((p.param.as_str(), p.value.as_str()), ("page", bad));
            assert_eq!(
                p.message,
                "not a page number (expected a whole number of 1 or more)"
            );
            assert_eq!(q.page, 1);
            assert_eq!(q.sort, SortField::Amount);
        }
    }

    #[test]
    fn from_after_to_drops_both() {
        let (q, p) = only_problem(&[
            ("from", "2026-03-02"),
            ("to", "2026-03-01"),
            ("status", "PENDING"),
        ]);
        assert_eq!(p.param, "from");
        assert_eq!(p.value, "2026-03-02");
        assert!(p.message.contains("after to (2026-03-01)"), "{}", p.message);
        assert_eq!((q.from, q.to), (None, None));
        assert_eq!(q.status, Some(TxnStatus::Pending));
        // Same day is a valid one-day range.
        let (q, problems) = parse(&[("to", "2026-03-01"), ("from", "2026-03-01")]);
        assert!(problems.is_empty());
        assert_eq!(
            (q.from, q.to),
            (Some(date(2026, 3, 1)), Some(date(2026, 3, 1)))
        );
    }

    #[test]
    fn is_filtered_ignores_sort_and_page() {
        assert!(!LedgerQuery {
            sort: SortField::Amount,
            descending: false,
            page: 3,
            ..LedgerQuery::default()
        }
        .is_filtered());
        assert!(full_query().is_filtered());
        assert!(LedgerQuery {
            search: "x".into(),
            ..LedgerQuery::default()
        }
        .is_filtered());
        assert!(LedgerQuery {
            channel: Some(Channel::Atm),
            ..LedgerQuery::default()
        }
        .is_filtered());
        assert!(LedgerQuery {
            to: Some(date(2026, 1, 1)),
            ..LedgerQuery::default()
        }
        .is_filtered());
    }

    #[test]
    fn run_filters_by_customer_account_and_fields() {
        let txns = vec![
            txn("t1", "c1", 100, "2026-03-01T10:00:00+03:00"),
            txn("t2", "c2", 100, "2026-03-01T10:00:00+03:00"),
            Transaction {
                account_id: "a2".into(),
                ..txn("t3", "c1", 100, "2026-03-01T10:00:00+03:00")
            },
            Transaction {
                direction: Direction::Credit,
                ..txn("t4", "c1", 100, "2026-03-01T10:00:00+03:00")
            },
            Transaction {
                status: TxnStatus::Failed,
                ..txn("t5", "c1", 100, "2026-03-01T10:00:00+03:00")
            },
            Transaction {
                category: Category::Fuel,
                ..txn("t6", "c1", 100, "2026-03-01T10:00:00+03:00")
            },
            Transaction {
                channel: Channel::Online,
                ..txn("t7", "c1", 100, "2026-03-01T10:00:00+03:00")
            },
        ];
        let all = |q: LedgerQuery| {
            let mut v = ids(&run(&txns, "c1", &q));
            v.sort();
            v
        };
        assert_eq!(
            all(LedgerQuery::default()),
            ["t1", "t3", "t4", "t5", "t6", "t7"]
        );
        assert_eq!(
            all(LedgerQuery {
                account_id: Some("a2".into()),
                ..LedgerQuery::default()
            }),
            ["t3"]
        );
        assert_eq!(
            all(LedgerQuery {
                direction: Some(Direction::Credit),
                ..LedgerQuery::default()
            }),
            ["t4"]
        );
        assert_eq!(
            all(LedgerQuery {
                status: Some(TxnStatus::Failed),
                ..LedgerQuery::default()
            }),
            ["t5"]
        );
        assert_eq!(
            all(LedgerQuery {
                category: Some(Category::Fuel),
                ..LedgerQuery::default()
            }),
            ["t6"]
        );
        assert_eq!(
            all(LedgerQuery {
                channel: Some(Channel::Online),
                ..LedgerQuery::default()
            }),
            ["t7"]
        );
        let combined = LedgerQuery {
            account_id: Some("a1".into()),
            status: Some(TxnStatus::Completed),
            ..LedgerQuery::default()
        };
        assert_eq!(all(combined), ["t1", "t4", "t6", "t7"]);
        assert!(run(&txns, "nobody", &LedgerQuery::default()).is_empty());
    }

    #[test]
    fn run_date_range_is_inclusive_in_kuwait_time() {
        let txns = vec![
            // 20:59:59 UTC on 28 Feb is still 28 Feb in Kuwait; 21:00 UTC is 1 March.
            txn("before", "c1", 1, "2026-02-28T20:59:59+00:00"),
            txn("first", "c1", 1, "2026-02-28T21:00:00+00:00"),
            txn("last", "c1", 1, "2026-03-31T23:59:59+03:00"),
            txn("after", "c1", 1, "2026-03-31T21:00:00+00:00"),
        ];
        let q = LedgerQuery {
            from: Some(date(2026, 3, 1)),
            to: Some(date(2026, 3, 31)),
            ..LedgerQuery::default()
        };
        assert_eq!(ids(&run(&txns, "c1", &q)), ["last", "first"]);
        let q = LedgerQuery {
            from: Some(date(2026, 3, 1)),
            ..LedgerQuery::default()
        };
        assert_eq!(ids(&run(&txns, "c1", &q)), ["after", "last", "first"]);
        let q = LedgerQuery {
            to: Some(date(2026, 2, 28)),
            ..LedgerQuery::default()
        };
        assert_eq!(ids(&run(&txns, "c1", &q)), ["before"]);
    }

    #[test]
    fn run_search_is_case_insensitive_over_merchant_description_and_reference() {
        let when = "2026-03-01T10:00:00+03:00";
        let txns = vec![
            Transaction {
                merchant_name: "The Sultan Center".into(),
                ..txn("m", "c1", 1, when)
            },
            Transaction {
                description: "Refund from SULTAN".into(),
                ..txn("d", "c1", 1, when)
            },
            Transaction {
                reference: "PAY-sultan-77".into(),
                ..txn("r", "c1", 1, when)
            },
            Transaction {
                merchant_city: "Sultan City".into(),
                ..txn("city", "c1", 1, when)
            },
            Transaction {
                merchant_name: "CAFÉ Bazza".into(),
                ..txn("u", "c1", 1, when)
            },
            Transaction {
                merchant_name: "مطعم".into(),
                ..txn("ar", "c1", 1, when)
            },
        ];
        let found = |s: &str| {
            ids(&run(
                &txns,
                "c1",
                &LedgerQuery {
                    search: s.into(),
                    ..LedgerQuery::default()
                },
            ))
        };
        assert_eq!(found("sUlTaN"), ["d", "m", "r"]);
        assert_eq!(found("  sultan  "), ["d", "m", "r"]);
        assert_eq!(found("café"), ["u"]);
        assert_eq!(found("CAFÉ B"), ["u"]);
        assert_eq!(found("مطع"), ["ar"]);
        assert_eq!(found("REF-CITY"), ["city"]);
        assert!(found("a much longer text than any field holds at all").is_empty());
        assert_eq!(found("").len(), 6);
    }

    #[test]
    fn run_sorts_each_field_both_ways_with_stable_ties() {
        let mut txns = vec![
            Transaction {
                merchant_name: "beta".into(),
                ..txn("t3", "c1", 500, "2026-03-02T10:00:00+03:00")
            },
            Transaction {
                merchant_name: "Alpha".into(),
                ..txn("t1", "c1", 500, "2026-03-01T10:00:00+03:00")
            },
            Transaction {
                merchant_name: "alpha".into(),
                ..txn("t2", "c1", 100, "2026-03-03T10:00:00+03:00")
            },
            // Same instant as t2 (written in UTC), same amount and name as t1.
            Transaction {
                merchant_name: "ALPHA".into(),
                ..txn("t0", "c1", 100, "2026-03-03T07:00:00+00:00")
            },
            Transaction {
                merchant_name: "Gamma".into(),
                ..txn("t4", "c1", 900, "2026-02-01T10:00:00+03:00")
            },
        ];
        let sorted = |txns: &[Transaction], sort, descending| {
            ids(&run(
                txns,
                "c1",
                &LedgerQuery {
                    sort,
                    descending,
                    ..LedgerQuery::default()
                },
            ))
        };
        assert_eq!(
            sorted(&txns, SortField::Date, true),
            ["t0", "t2", "t3", "t1", "t4"]
        );
        assert_eq!(
            sorted(&txns, SortField::Date, false),
            ["t4", "t1", "t3", "t0", "t2"]
        );
        // Equal amounts: newer first, then id, in both directions.
        assert_eq!(
            sorted(&txns, SortField::Amount, true),
            ["t4", "t3", "t1", "t0", "t2"]
        );
        assert_eq!(
            sorted(&txns, SortField::Amount, false),
            ["t0", "t2", "t3", "t1", "t4"]
        );
        // Names compare ignoring case; the three alphas tie.
        assert_eq!(
            sorted(&txns, SortField::Merchant, false),
            ["t0", "t2", "t1", "t3", "t4"]
        );
        assert_eq!(
            sorted(&txns, SortField::Merchant, true),
            ["t4", "t3", "t0", "t2", "t1"]
        );
        // Input order does not matter.
        txns.reverse();
        assert_eq!(
            sorted(&txns, SortField::Merchant, false),
            ["t0", "t2", "t1", "t3", "t4"]
        );
        assert_eq!(
            sorted(&txns, SortField::Amount, true),
            ["t4", "t3", "t1", "t0", "t2"]
        );
    }

    #[test]
    fn run_handles_many_rows() {
        let base = ts("2025-01-01T00:00:00+03:00");
        let txns: Vec<Transaction> = (0..20_000)
            .map(|i| Transaction {
                merchant_name: format!("Merchant {:03}", (i * 7919) % 500),
                created_at: base + chrono::Duration::minutes(i * 37 % 500_000),
                ..txn(
                    &format!("t{i:05}"),
                    "c1",
                    (i * 31) % 1_000,
                    "2025-01-01T00:00:00+03:00",
                )
            })
            .collect();
        for sort in SortField::ALL {
            let q = LedgerQuery {
                sort,
                search: "merchant 1".into(),
                ..LedgerQuery::default()
            };
            let rows = run(&txns, "c1", &q);
            assert_eq!(rows.len(), 20_000 / 5, "{sort:?}");
            assert!(rows.windows(2).all(|w| {
                let primary = match sort {
                    SortField::Date => w[1].created_at.cmp(&w[0].created_at),
                    SortField::Amount => w[1].amount.cmp(&w[0].amount),
                    SortField::Merchant => w[1]
                        .merchant_name
                        .to_lowercase()
                        .cmp(&w[0].merchant_name.to_lowercase()),
                };
                primary.then_with(|| tie_break(w[0], w[1])) == Ordering::Less
            }));
        }
    }

    #[test]
    fn page_count_is_at_least_one() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_count(1), 1);
        assert_eq!(page_count(PAGE_SIZE), 1);
        assert_eq!(page_count(PAGE_SIZE + 1), 2);
        assert_eq!(page_count(2 * PAGE_SIZE), 2);
        assert_eq!(page_count(2 * PAGE_SIZE + 1), 3);
    }

    #[test]
    fn page_slice_clamps_the_page() {
        let txns: Vec<Transaction> = (0..120)
            .map(|i| txn(&format!("t{i:03}"), "c1", 1, "2026-03-01T10:00:00+03:00"))
            .collect();
        let rows: Vec<&Transaction> = txns.iter().collect();
        assert_eq!(page_slice(&rows, 1).len(), PAGE_SIZE);
        assert_eq!(page_slice(&rows, 1)[0].transaction_id, "t000");
        assert_eq!(page_slice(&rows, 2)[0].transaction_id, "t050");
        assert_eq!(page_slice(&rows, 3).len(), 20);
        assert_eq!(page_slice(&rows, 3)[19].transaction_id, "t119");
        // Past the end shows the last page; 0 shows the first.
        assert_eq!(page_slice(&rows, 99), page_slice(&rows, 3));
        assert_eq!(page_slice(&rows, 0), page_slice(&rows, 1));
        assert_eq!(page_slice(&rows, usize::MAX), page_slice(&rows, 3));
        let empty: Vec<&Transaction> = Vec::new();
        assert!(page_slice(&empty, 1).is_empty());
        assert!(page_slice(&empty, 5).is_empty());
    }

    #[test]
    fn csv_has_header_crlf_and_minimal_quoting() {
        let plain = txn("T-1", "c1", 12_500, "2026-03-01T10:15:00+03:00");
        let tricky = Transaction {
            direction: Direction::Credit,
            amount: Money::from_fils(5),
            merchant_name: "Bazza, Café".into(),
            merchant_city: "Salmiya".into(),
            description: "He said \"hi\"".into(),
            reference: "line1\nline2\rend".into(),
            channel: Channel::MobileApp,
            ..txn("T-2", "c1", 0, "2026-03-02T00:00:00+03:00")
        };
        let csv = to_csv(&[&plain, &tricky]);
        let expected = "created_at,transaction_id,account_id,direction,amount,currency,status,category,\
merchant_name,merchant_city,channel,description,reference\r\n\
2026-03-01T10:15:00+03:00,T-1,a1,DEBIT,12.500,KWD,COMPLETED,GROCERIES,Lulu Hypermarket,Kuwait City,POS,Card purchase,REF-T-1\r\n\
2026-03-02T00:00:00+03:00,T-2,a1,CREDIT,0.005,KWD,COMPLETED,GROCERIES,\"Bazza, Café\",Salmiya,MOBILE_APP,\"He said \"\"hi\"\"\",\"line1\nline2\rend\"\r\n";
        assert_eq!(csv, expected);
        assert_eq!(
            to_csv(&[]),
            "created_at,transaction_id,account_id,direction,amount,currency,status,category,\
merchant_name,merchant_city,channel,description,reference\r\n"
        );
    }
}
