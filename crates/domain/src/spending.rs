//! Spending analytics for the overview. "Spending" is COMPLETED DEBIT transactions that
//! are not transfers into the customer's own vaults (savings_goal_id set); "income" is
//! COMPLETED CREDIT transactions that are not vault credits. Months are Kuwait-time
//! calendar months.

use crate::dataset::Dataset;
use crate::model::{Category, Direction, Transaction, TxnStatus};
use crate::money::Money;
use crate::time::{months_ending, YearMonth};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// One point of the monthly trend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthAmount {
    pub month: YearMonth,
    pub amount: Money,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct IncomeSpending {
    pub income: Money,
    pub spending: Money,
}

impl IncomeSpending {
    pub fn net(&self) -> Money {
        self.income - self.spending
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MerchantSpend {
    pub merchant: String,
    pub category: Category,
    pub amount: Money,
    pub count: usize,
}

/// COMPLETED DEBIT, not into a vault.
pub fn is_spending(t: &Transaction) -> bool {
    t.status == TxnStatus::Completed
        && t.direction == Direction::Debit
        && t.savings_goal_id.is_none()
}

/// COMPLETED CREDIT, not a vault credit.
pub fn is_income(t: &Transaction) -> bool {
    t.status == TxnStatus::Completed
        && t.direction == Direction::Credit
        && t.savings_goal_id.is_none()
}

/// Number of months in the trend and the top-merchants window.
const WINDOW_MONTHS: usize = 12;

/// The customer's spending transactions.
fn spending_of<'a>(
    ds: &'a Dataset,
    customer_id: &'a str,
) -> impl Iterator<Item = &'a Transaction> + 'a {
    ds.transactions
        .iter()
        .filter(move |t| t.customer_id == customer_id && is_spending(t))
}

/// Spending per month for the 12 months ending with as_of's month, oldest first;
/// always 12 entries (zero where nothing was spent).
pub fn monthly_spending(ds: &Dataset, customer_id: &str, as_of: NaiveDate) -> Vec<MonthAmount> {
    let last = YearMonth::of_date(as_of);
    let mut out: Vec<MonthAmount> = months_ending(last, WINDOW_MONTHS)
        .into_iter()
        .map(|month| MonthAmount {
            month,
            amount: Money::ZERO,
        })
        .collect();
    for t in spending_of(ds, customer_id) {
        // Index from the newest month backwards: 0 is as_of's month.
        let back = YearMonth::of(&t.created_at).months_until(last);
        if let Ok(back) = usize::try_from(back) {
            if back < WINDOW_MONTHS {
                out[WINDOW_MONTHS - 1 - back].amount += t.amount;
            }
        }
    }
    out
}

/// Spending per category in `month`, largest first (ties by category name), non-zero only.
pub fn spending_by_category(
    ds: &Dataset,
    customer_id: &str,
    month: YearMonth,
) -> Vec<(Category, Money)> {
    let mut totals: BTreeMap<Category, Money> = BTreeMap::new();
    for t in spending_of(ds, customer_id).filter(|t| YearMonth::of(&t.created_at) == month) {
        *totals.entry(t.category).or_default() += t.amount;
    }
    let mut out: Vec<(Category, Money)> = totals
        .into_iter()
        .filter(|(_, m)| *m != Money::ZERO)
        .collect();
    out.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.as_str().cmp(b.0.as_str())));
    out
}

/// Income and spending in `month`.
pub fn income_vs_spending(ds: &Dataset, customer_id: &str, month: YearMonth) -> IncomeSpending {
    let mut out = IncomeSpending::default();
    for t in ds
        .transactions
        .iter()
        .filter(|t| t.customer_id == customer_id)
    {
        if !(is_spending(t) || is_income(t)) || YearMonth::of(&t.created_at) != month {
            continue;
        }
        if is_spending(t) {
            out.spending += t.amount;
        } else {
            out.income += t.amount;
        }
    }
    out
}

/// The `n` merchants with the most spending in the 12 months ending with as_of's month,
/// largest first (ties by name).
pub fn top_merchants(
    ds: &Dataset,
    customer_id: &str,
    as_of: NaiveDate,
    n: usize,
) -> Vec<MerchantSpend> {
    let last = YearMonth::of_date(as_of);
    let first = last.plus(1 - WINDOW_MONTHS as i64);
    // Per merchant: the total, the count, and the most recent transaction (whose
    // category labels the merchant, since a merchant's category can change).
    let mut by_name: BTreeMap<&str, (Money, usize, &Transaction)> = BTreeMap::new();
    for t in spending_of(ds, customer_id) {
        let month = YearMonth::of(&t.created_at);
        if month < first || month > last {
            continue;
        }
        let entry = by_name
            .entry(t.merchant_name.as_str())
            .or_insert((Money::ZERO, 0, t));
        entry.0 += t.amount;
        entry.1 += 1;
        if is_more_recent(t, entry.2) {
            entry.2 = t;
        }
    }
    let mut out: Vec<MerchantSpend> = by_name
        .into_iter()
        .map(|(name, (amount, count, latest))| MerchantSpend {
            merchant: name.to_owned(),
            category: latest.category,
            amount,
            count,
        })
        .collect();
    out.sort_by(|a, b| {
        b.amount
            .cmp(&a.amount)
            .then_with(|| a.merchant.cmp(&b.merchant))
    });
    out.truncate(n);
    out
}

/// Later created_at wins; equal instants fall back to the larger transaction_id so the
/// choice does not depend on dataset order.
fn is_more_recent(a: &Transaction, b: &Transaction) -> bool {
    (a.created_at, &a.transaction_id) > (b.created_at, &b.transaction_id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{date, txn, ym};

    /// A completed debit of `fils` by customer c1 at `when`.
    fn debit(id: &str, fils: i64, when: &str) -> Transaction {
        txn(id, "c1", fils, when)
    }

    fn credit(id: &str, fils: i64, when: &str) -> Transaction {
        Transaction {
            direction: Direction::Credit,
            category: Category::Salary,
            ..debit(id, fils, when)
        }
    }

    fn ds(transactions: Vec<Transaction>) -> Dataset {
        Dataset {
            transactions,
            ..Dataset::default()
        }
    }

    #[test]
    fn spending_and_income_exclude_vaults_and_unfinished() {
        let plain = debit("t1", 1_000, "2026-03-01T10:00:00+03:00");
        assert!(is_spending(&plain));
        assert!(!is_income(&plain));
        let vault = Transaction {
            savings_goal_id: Some("g1".into()),
            ..plain.clone()
        };
        assert!(!is_spending(&vault));
        for status in [TxnStatus::Pending, TxnStatus::Failed, TxnStatus::Reversed] {
            assert!(
                !is_spending(&Transaction {
                    status,
                    ..plain.clone()
                }),
                "{status}"
            );
        }
        let salary = credit("t2", 1_000, "2026-03-01T10:00:00+03:00");
        assert!(is_income(&salary));
        assert!(!is_spending(&salary));
        assert!(!is_income(&Transaction {
            savings_goal_id: Some("g1".into()),
            ..salary.clone()
        }));
        assert!(!is_income(&Transaction {
            status: TxnStatus::Pending,
            ..salary
        }));
    }

    #[test]
    fn monthly_spending_has_twelve_months_in_kuwait_time_with_exact_fils() {
        let data = ds(vec![
            // 22:30 UTC on 31 Jan is 1 Feb in Kuwait.
            debit("t1", 100, "2026-01-31T22:30:00+00:00"),
            debit("t2", 200, "2026-02-10T10:00:00+03:00"),
            // Last second of January in Kuwait stays in January.
            debit("t3", 5_000, "2026-01-31T23:59:59+03:00"),
            // Oldest month of the window, and the month before it (excluded).
            debit("t4", 7, "2025-04-01T00:00:00+03:00"),
            debit("t5", 9_999, "2025-03-31T23:59:59+03:00"),
            // Not spending, or someone else's.
            credit("t6", 50_000, "2026-02-10T10:00:00+03:00"),
            Transaction {
                savings_goal_id: Some("g1".into()),
                ..debit("t7", 1, "2026-02-10T10:00:00+03:00")
            },
            Transaction {
                customer_id: "c2".into(),
                ..debit("t8", 1, "2026-02-10T10:00:00+03:00")
            },
        ]);
        let months = monthly_spending(&data, "c1", date(2026, 3, 15));
        assert_eq!(months.len(), 12);
        let labels: Vec<String> = months.iter().map(|m| m.month.to_string()).collect();
        assert_eq!(labels.first().map(String::as_str), Some("2025-04"));
        assert_eq!(labels.last().map(String::as_str), Some("2026-03"));
        assert!(months.windows(2).all(|w| w[0].month.plus(1) == w[1].month));
        let of = |y, m| {
            months
                .iter()
                .find(|e| e.month == ym(y, m))
                .map(|e| e.amount)
        };
        assert_eq!(of(2026, 2), Some(Money::from_fils(300)));
        assert_eq!(of(2026, 1), Some(Money::from_fils(5_000)));
        assert_eq!(of(2025, 4), Some(Money::from_fils(7)));
        assert_eq!(of(2026, 3), Some(Money::ZERO));
        let total: Money = months.iter().map(|m| m.amount).sum();
        assert_eq!(total, Money::from_fils(5_307));
    }

    #[test]
    fn monthly_spending_is_all_zero_without_data() {
        let months = monthly_spending(&Dataset::default(), "c1", date(2026, 1, 1));
        assert_eq!(months.len(), 12);
        assert_eq!(months[0].month, ym(2025, 2));
        assert_eq!(months[11].month, ym(2026, 1));
        assert!(months.iter().all(|m| m.amount == Money::ZERO));
    }

    #[test]
    fn categories_are_largest_first_ties_by_name_non_zero_only() {
        let cat = |id, category, fils, when| Transaction {
            category,
            ..debit(id, fils, when)
        };
        let data = ds(vec![
            cat("t1", Category::Groceries, 100, "2026-02-01T09:00:00+03:00"),
            cat("t2", Category::Groceries, 200, "2026-02-02T09:00:00+03:00"),
            // TRANSPORT is declared before FUEL, but FUEL sorts first by name.
            cat("t3", Category::Transport, 250, "2026-02-03T09:00:00+03:00"),
            cat("t4", Category::Fuel, 250, "2026-02-04T09:00:00+03:00"),
            cat("t5", Category::Dining, 0, "2026-02-05T09:00:00+03:00"),
            cat("t6", Category::Travel, 90_000, "2026-03-01T09:00:00+03:00"),
            // 31 Jan 21:00 UTC is 1 Feb in Kuwait.
            cat("t7", Category::Health, 1, "2026-01-31T21:00:00+00:00"),
        ]);
        assert_eq!(
            spending_by_category(&data, "c1", ym(2026, 2)),
            vec![
                (Category::Groceries, Money::from_fils(300)),
                (Category::Fuel, Money::from_fils(250)),
                (Category::Transport, Money::from_fils(250)),
                (Category::Health, Money::from_fils(1)),
            ]
        );
        assert!(spending_by_category(&data, "c2", ym(2026, 2)).is_empty());
    }

    #[test]
    fn income_vs_spending_skips_vault_moves() {
        let data = ds(vec![
            credit("t1", 1_500_100, "2026-02-25T08:00:00+03:00"),
            credit("t2", 200, "2026-02-26T08:00:00+03:00"),
            debit("t3", 100, "2026-02-01T08:00:00+03:00"),
            debit("t4", 200, "2026-02-02T08:00:00+03:00"),
            Transaction {
                savings_goal_id: Some("g1".into()),
                ..debit("t5", 50_000, "2026-02-03T08:00:00+03:00")
            },
            Transaction {
                savings_goal_id: Some("g1".into()),
                ..credit("t6", 50_000, "2026-02-03T08:00:00+03:00")
            },
            Transaction {
                status: TxnStatus::Failed,
                ..debit("t7", 9, "2026-02-03T08:00:00+03:00")
            },
            credit("t8", 77, "2026-03-01T00:00:00+03:00"),
        ]);
        let feb = income_vs_spending(&data, "c1", ym(2026, 2));
        assert_eq!(feb.income, Money::from_fils(1_500_300));
        assert_eq!(feb.spending, Money::from_fils(300));
        assert_eq!(feb.net(), Money::from_fils(1_500_000));
        assert_eq!(
            income_vs_spending(&data, "c1", ym(2026, 1)),
            IncomeSpending::default()
        );
    }

    #[test]
    fn top_merchants_group_count_and_take_latest_category() {
        let shop = |id, name: &str, category, fils, when| Transaction {
            merchant_name: name.into(),
            category,
            ..debit(id, fils, when)
        };
        let data = ds(vec![
            shop(
                "t1",
                "Alshaya",
                Category::Shopping,
                100,
                "2025-06-01T10:00:00+03:00",
            ),
            shop(
                "t2",
                "Alshaya",
                Category::Dining,
                200,
                "2026-02-01T10:00:00+03:00",
            ),
            shop(
                "t3",
                "Alshaya",
                Category::Shopping,
                300,
                "2025-12-01T10:00:00+03:00",
            ),
            // Ties with Alshaya (600) and sorts after it by name.
            shop(
                "t4",
                "Zain",
                Category::Telecom,
                600,
                "2026-01-15T10:00:00+03:00",
            ),
            shop(
                "t5",
                "KNPC",
                Category::Fuel,
                5_000,
                "2026-03-01T10:00:00+03:00",
            ),
            // Outside the window (window starts 2025-04 in Kuwait time).
            shop(
                "t6",
                "Zain",
                Category::Telecom,
                1_000_000,
                "2025-03-31T20:59:59+00:00",
            ),
            // Not spending.
            Transaction {
                status: TxnStatus::Pending,
                ..shop(
                    "t7",
                    "Zain",
                    Category::Telecom,
                    9,
                    "2026-01-01T10:00:00+03:00",
                )
            },
            shop(
                "t8",
                "Jazeera",
                Category::Travel,
                10,
                "2026-03-02T10:00:00+03:00",
            ),
        ]);
        let top = top_merchants(&data, "c1", date(2026, 3, 20), 3);
        assert_eq!(
            top,
            vec![
                MerchantSpend {
                    merchant: "KNPC".into(),
                    category: Category::Fuel,
                    amount: Money::from_fils(5_000),
                    count: 1
                },
                MerchantSpend {
                    merchant: "Alshaya".into(),
                    category: Category::Dining,
                    amount: Money::from_fils(600),
                    count: 3
                },
                MerchantSpend {
                    merchant: "Zain".into(),
                    category: Category::Telecom,
                    amount: Money::from_fils(600),
                    count: 1
                },
            ]
        );
        assert_eq!(top_merchants(&data, "c1", date(2026, 3, 20), 10).len(), 4);
        assert!(top_merchants(&data, "c1", date(2026, 3, 20), 0).is_empty());
        // One second later in Kuwait time (1 April) the old Zain payment is inside the window.
        let moved = ds(vec![shop(
            "t6",
            "Zain",
            Category::Telecom,
            1_000_000,
            "2025-03-31T21:00:00+00:00",
        )]);
        assert_eq!(top_merchants(&moved, "c1", date(2026, 3, 20), 5).len(), 1);
    }
}
