//! Spending analytics for the overview. "Spending" is COMPLETED DEBIT transactions that
//! are not transfers into the customer's own vaults (savings_goal_id set); "income" is
//! COMPLETED CREDIT transactions that are not vault credits. Months are Kuwait-time
//! calendar months.

use crate::dataset::Dataset;
use crate::model::{Category, Transaction};
use crate::money::Money;
use crate::time::YearMonth;
use chrono::NaiveDate;

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
    todo!("helper implements: {t:?}")
}

/// COMPLETED CREDIT, not a vault credit.
pub fn is_income(t: &Transaction) -> bool {
    todo!("helper implements: {t:?}")
}

/// Spending per month for the 12 months ending with as_of's month, oldest first;
/// always 12 entries (zero where nothing was spent).
pub fn monthly_spending(ds: &Dataset, customer_id: &str, as_of: NaiveDate) -> Vec<MonthAmount> {
    todo!("{ds:?} {customer_id} {as_of}")
}

/// Spending per category in `month`, largest first (ties by category name), non-zero only.
pub fn spending_by_category(ds: &Dataset, customer_id: &str, month: YearMonth) -> Vec<(Category, Money)> {
    todo!("{ds:?} {customer_id} {month}")
}

/// Income and spending in `month`.
pub fn income_vs_spending(ds: &Dataset, customer_id: &str, month: YearMonth) -> IncomeSpending {
    todo!("{ds:?} {customer_id} {month}")
}

/// The `n` merchants with the most spending in the 12 months ending with as_of's month,
/// largest first (ties by name).
pub fn top_merchants(ds: &Dataset, customer_id: &str, as_of: NaiveDate, n: usize) -> Vec<MerchantSpend> {
    todo!("{ds:?} {customer_id} {as_of} {n}")
}
