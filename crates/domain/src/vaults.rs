//! Vault (savings goal) projections: contribution rate, time to goal, target-date plans
//! and what-if estimates.
//!
//! - monthly rate = COMPLETED CREDIT transactions with the goal's id created in the 90
//!   days ending at as_of (Kuwait dates as_of-89 ..= as_of), divided by 3, rounded half
//!   up to the fils;
//! - months = ceil((target - current) / rate); ETA month = as_of's month + months;
//! - reached when current >= target; no-contributions when the rate is 0.

use crate::dataset::Dataset;
use crate::model::SavingsGoal;
use crate::money::Money;
use crate::time::YearMonth;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eta {
    Reached,
    NoContributions,
    /// Reached after `months` more months, in `month`.
    InMonths { months: i64, month: YearMonth },
}

impl Eta {
    /// The value of `data-eta-state` ("reached" | "no-contributions"), None for a month.
    pub fn state(&self) -> Option<&'static str> {
        match self {
            Eta::Reached => Some("reached"),
            Eta::NoContributions => Some("no-contributions"),
            Eta::InMonths { .. } => None,
        }
    }
}

/// A goal with a target date: will the current rate make it, and what would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetPlan {
    pub target_month: YearMonth,
    /// Months from as_of's month to the target date's month (0 when due this month or past).
    pub months_left: i64,
    pub on_track: bool,
    /// ceil((target - current) / max(months_left, 1)) to the fils; zero when reached.
    pub needed_per_month: Money,
}

/// Average monthly contribution over the last 90 days.
pub fn monthly_rate(ds: &Dataset, goal: &SavingsGoal, as_of: NaiveDate) -> Money {
    todo!("{ds:?} {goal:?} {as_of}")
}

/// Time to goal at `rate` per month.
pub fn eta(goal: &SavingsGoal, rate: Money, as_of: NaiveDate) -> Eta {
    todo!("{goal:?} {rate} {as_of}")
}

/// None for goals without a target date. On track when reached, or when the ETA month
/// is not after the target date's month.
pub fn target_plan(goal: &SavingsGoal, rate: Money, as_of: NaiveDate) -> Option<TargetPlan> {
    todo!("{goal:?} {rate} {as_of}")
}

/// Percent saved, 0..=100, floor.
pub fn percent(goal: &SavingsGoal) -> u8 {
    todo!("{goal:?}")
}
