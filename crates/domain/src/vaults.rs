//! Vault (savings goal) projections: contribution rate, time to goal, target-date plans
//! and what-if estimates.
//!
//! - monthly rate = COMPLETED CREDIT transactions with the goal's id created in the 90
//!   days ending at as_of (Kuwait dates as_of-89 ..= as_of), divided by 3, rounded half
//!   up to the fils;
//! - months = ceil((target - current) / rate); ETA month = as_of's month + months;
//! - reached when current >= target; no-contributions when the rate is 0.

use crate::dataset::Dataset;
use crate::model::{Direction, SavingsGoal, TxnStatus};
use crate::money::Money;
use crate::time::{kuwait_date, YearMonth};
use chrono::{Days, NaiveDate};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Eta {
    Reached,
    NoContributions,
    /// Reached after `months` more months, in `month`.
    InMonths {
        months: i64,
        month: YearMonth,
    },
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

/// Days in the contribution window, and the months they are averaged over.
const WINDOW_DAYS: u64 = 90;
const WINDOW_MONTHS: i64 = 3;

/// Average monthly contribution over the last 90 days.
pub fn monthly_rate(ds: &Dataset, goal: &SavingsGoal, as_of: NaiveDate) -> Money {
    // A date too early to step back from has no earlier contributions to count.
    let first = as_of
        .checked_sub_days(Days::new(WINDOW_DAYS - 1))
        .unwrap_or(NaiveDate::MIN);
    let total: Money = ds
        .transactions
        .iter()
        .filter(|t| {
            t.status == TxnStatus::Completed
                && t.direction == Direction::Credit
                && t.savings_goal_id.as_deref() == Some(goal.goal_id.as_str())
        })
        .filter(|t| (first..=as_of).contains(&kuwait_date(&t.created_at)))
        .map(|t| t.amount)
        .sum();
    total.mul_div(1, WINDOW_MONTHS).unwrap_or(Money::ZERO)
}

/// Time to goal at `rate` per month.
pub fn eta(goal: &SavingsGoal, rate: Money, as_of: NaiveDate) -> Eta {
    let remaining = goal
        .target_amount
        .fils()
        .saturating_sub(goal.current_amount.fils());
    if remaining <= 0 {
        return Eta::Reached;
    }
    if rate.fils() <= 0 {
        return Eta::NoContributions;
    }
    let months = ceil_div(remaining, rate.fils());
    Eta::InMonths {
        months,
        month: YearMonth::of_date(as_of).plus(months),
    }
}

/// None for goals without a target date. On track when reached, or when the ETA month
/// is not after the target date's month.
pub fn target_plan(goal: &SavingsGoal, rate: Money, as_of: NaiveDate) -> Option<TargetPlan> {
    let target_month = YearMonth::of_date(goal.target_date?);
    let months_left = YearMonth::of_date(as_of).months_until(target_month).max(0);
    let remaining = goal
        .target_amount
        .fils()
        .saturating_sub(goal.current_amount.fils());
    let reached = remaining <= 0;
    let on_track = match eta(goal, rate, as_of) {
        Eta::Reached => true,
        Eta::NoContributions => false,
        Eta::InMonths { month, .. } => month <= target_month,
    };
    let needed_per_month = if reached {
        Money::ZERO
    } else {
        Money::from_fils(ceil_div(remaining, months_left.max(1)))
    };
    Some(TargetPlan {
        target_month,
        months_left,
        on_track,
        needed_per_month,
    })
}

/// Percent saved, 0..=100, floor.
pub fn percent(goal: &SavingsGoal) -> u8 {
    let target = i128::from(goal.target_amount.fils());
    if target <= 0 {
        return 100;
    }
    let pct = (i128::from(goal.current_amount.fils()) * 100)
        .div_euclid(target)
        .clamp(0, 100);
    u8::try_from(pct).unwrap_or(100)
}

/// Ceiling of a / b for a > 0, b > 0, without the overflow of (a + b - 1) / b.
fn ceil_div(a: i64, b: i64) -> i64 {
    a / b + i64::from(a % b != 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, date, txn, ym};
    use crate::model::{Category, Transaction};

    /// Goal g1 of customer c1.
    fn goal(target: i64, current: i64, target_date: Option<NaiveDate>) -> SavingsGoal {
        SavingsGoal {
            target_date,
            ..fixtures::goal("g1", "c1", target, current)
        }
    }

    /// A completed credit of `fils` into goal g1 (on its account a2) at `when`.
    fn contribution(id: &str, fils: i64, when: &str) -> Transaction {
        Transaction {
            account_id: "a2".into(),
            direction: Direction::Credit,
            category: Category::Savings,
            savings_goal_id: Some("g1".into()),
            ..txn(id, "c1", fils, when)
        }
    }

    fn rate_of(transactions: Vec<Transaction>, as_of: NaiveDate) -> Money {
        let ds = Dataset {
            transactions,
            ..Dataset::default()
        };
        monthly_rate(&ds, &goal(1_000_000, 0, None), as_of)
    }

    #[test]
    fn rate_window_is_ninety_kuwait_days_ending_at_as_of() {
        // as_of 2026-03-31: as_of-89 is 2026-01-01, as_of-90 is 2025-12-31.
        let as_of = date(2026, 3, 31);
        let first_day = contribution("t1", 3_000, "2026-01-01T00:00:00+03:00");
        // 21:00 UTC on 31 Dec is already 1 Jan in Kuwait.
        let first_day_utc = contribution("t2", 3_000, "2025-12-31T21:00:00+00:00");
        let day_before = contribution("t3", 3_000, "2025-12-31T23:59:59+03:00");
        let day_before_utc = contribution("t4", 3_000, "2025-12-31T20:59:59+00:00");
        let last_second = contribution("t5", 3_000, "2026-03-31T23:59:59+03:00");
        let after = contribution("t6", 3_000, "2026-03-31T21:00:00+00:00");
        assert_eq!(rate_of(vec![first_day], as_of), Money::from_fils(1_000));
        assert_eq!(rate_of(vec![first_day_utc], as_of), Money::from_fils(1_000));
        assert_eq!(rate_of(vec![day_before], as_of), Money::ZERO);
        assert_eq!(rate_of(vec![day_before_utc], as_of), Money::ZERO);
        assert_eq!(rate_of(vec![last_second], as_of), Money::from_fils(1_000));
        assert_eq!(rate_of(vec![after], as_of), Money::ZERO);
    }

    #[test]
    fn rate_counts_only_completed_credits_to_this_goal() {
        let as_of = date(2026, 3, 31);
        let when = "2026-03-01T10:00:00+03:00";
        let txns = vec![
            contribution("t1", 100, when),
            contribution("t2", 200, when),
            Transaction {
                status: TxnStatus::Pending,
                ..contribution("t3", 9_000, when)
            },
            Transaction {
                status: TxnStatus::Reversed,
                ..contribution("t4", 9_000, when)
            },
            Transaction {
                direction: Direction::Debit,
                ..contribution("t5", 9_000, when)
            },
            Transaction {
                savings_goal_id: Some("g2".into()),
                ..contribution("t6", 9_000, when)
            },
            Transaction {
                savings_goal_id: None,
                ..contribution("t7", 9_000, when)
            },
        ];
        // (0.100 + 0.200) / 3 = 0.100 exactly.
        assert_eq!(rate_of(txns, as_of), Money::from_fils(100));
    }

    #[test]
    fn rate_rounds_to_the_nearest_fils() {
        let as_of = date(2026, 3, 31);
        let when = "2026-03-01T10:00:00+03:00";
        assert_eq!(
            rate_of(vec![contribution("t1", 1_000, when)], as_of),
            Money::from_fils(333)
        );
        assert_eq!(
            rate_of(vec![contribution("t1", 2_000, when)], as_of),
            Money::from_fils(667)
        );
        assert_eq!(rate_of(vec![], as_of), Money::ZERO);
    }

    #[test]
    fn eta_rounds_months_up_and_crosses_years() {
        let as_of = date(2026, 11, 20);
        // 1.000 left at 0.333 a month: 3.003 months -> 4.
        assert_eq!(
            eta(&goal(10_000, 9_000, None), Money::from_fils(333), as_of),
            Eta::InMonths {
                months: 4,
                month: ym(2027, 3)
            }
        );
        // 0.999 left at 0.333: exactly 3.
        assert_eq!(
            eta(&goal(10_000, 9_001, None), Money::from_fils(333), as_of),
            Eta::InMonths {
                months: 3,
                month: ym(2027, 2)
            }
        );
        // One fils short still takes a month.
        assert_eq!(
            eta(&goal(10_000, 9_999, None), Money::from_fils(5_000), as_of),
            Eta::InMonths {
                months: 1,
                month: ym(2026, 12)
            }
        );
        assert_eq!(
            eta(&goal(10_000, 9_000, None), Money::from_fils(333), as_of).state(),
            None
        );
    }

    #[test]
    fn eta_reached_beats_no_contributions() {
        let as_of = date(2026, 3, 31);
        assert_eq!(
            eta(&goal(10_000, 10_000, None), Money::ZERO, as_of),
            Eta::Reached
        );
        assert_eq!(
            eta(&goal(10_000, 12_000, None), Money::from_fils(500), as_of),
            Eta::Reached
        );
        assert_eq!(
            eta(&goal(10_000, 9_999, None), Money::ZERO, as_of),
            Eta::NoContributions
        );
        assert_eq!(
            eta(&goal(10_000, 0, None), Money::from_fils(-5), as_of),
            Eta::NoContributions
        );
        assert_eq!(Eta::Reached.state(), Some("reached"));
        assert_eq!(Eta::NoContributions.state(), Some("no-contributions"));
    }

    #[test]
    fn target_plan_needs_a_target_date() {
        assert_eq!(
            target_plan(
                &goal(10_000, 0, None),
                Money::from_fils(100),
                date(2026, 3, 31)
            ),
            None
        );
    }

    #[test]
    fn target_plan_on_track_when_eta_month_is_not_after_target_month() {
        let as_of = date(2026, 3, 15);
        // 1.000 left at 0.250 a month: 4 months -> 2026-07.
        let rate = Money::from_fils(250);
        let on_time =
            target_plan(&goal(10_000, 9_000, Some(date(2026, 7, 1))), rate, as_of).unwrap();
        assert_eq!(
            on_time,
            TargetPlan {
                target_month: ym(2026, 7),
                months_left: 4,
                on_track: true,
                needed_per_month: Money::from_fils(250),
            }
        );
        let late = target_plan(&goal(10_000, 9_000, Some(date(2026, 6, 30))), rate, as_of).unwrap();
        assert_eq!(late.target_month, ym(2026, 6));
        assert_eq!(late.months_left, 3);
        assert!(!late.on_track);
        // 1.000 over 3 months: 333.33 -> 334 fils (rounded up, never short).
        assert_eq!(late.needed_per_month, Money::from_fils(334));
        let idle = target_plan(
            &goal(10_000, 9_000, Some(date(2030, 1, 1))),
            Money::ZERO,
            as_of,
        )
        .unwrap();
        assert!(!idle.on_track);
        assert_eq!(idle.months_left, 46);
        assert_eq!(idle.needed_per_month, Money::from_fils(22)); // 1000 / 46 = 21.7 -> 22
    }

    #[test]
    fn target_plan_due_or_past_needs_everything_now() {
        let as_of = date(2026, 3, 15);
        let rate = Money::from_fils(100);
        for due in [date(2026, 3, 31), date(2025, 11, 1)] {
            let plan = target_plan(&goal(10_000, 8_500, Some(due)), rate, as_of).unwrap();
            assert_eq!(plan.months_left, 0, "{due}");
            assert!(!plan.on_track, "{due}");
            assert_eq!(plan.needed_per_month, Money::from_fils(1_500), "{due}");
        }
    }

    #[test]
    fn target_plan_reached_is_on_track_and_needs_nothing() {
        let plan = target_plan(
            &goal(10_000, 10_001, Some(date(2025, 1, 1))),
            Money::ZERO,
            date(2026, 3, 15),
        )
        .unwrap();
        assert!(plan.on_track);
        assert_eq!(plan.months_left, 0);
        assert_eq!(plan.needed_per_month, Money::ZERO);
    }

    #[test]
    fn percent_is_floored_and_clamped() {
        assert_eq!(percent(&goal(10_000, 9_999, None)), 99);
        assert_eq!(percent(&goal(10_000, 5_000, None)), 50);
        assert_eq!(percent(&goal(3, 1, None)), 33);
        assert_eq!(percent(&goal(10_000, 0, None)), 0);
        assert_eq!(percent(&goal(10_000, 25_000, None)), 100);
        assert_eq!(percent(&goal(10_000, -500, None)), 0);
        assert_eq!(percent(&goal(0, 0, None)), 100);
        assert_eq!(percent(&goal(i64::MAX, i64::MAX - 1, None)), 99);
    }
}
