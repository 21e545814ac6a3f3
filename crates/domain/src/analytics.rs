//! Figures the views show, computed from the dataset. Views only format them.

use crate::dataset::Dataset;
use crate::model::{Account, AccountType, Customer};
use crate::money::Money;

/// The customer's accounts, in dataset order.
pub fn accounts_of<'a>(ds: &'a Dataset, customer_id: &str) -> Vec<&'a Account> {
    ds.accounts
        .iter()
        .filter(|a| a.customer_id == customer_id)
        .collect()
}

/// Total balance: the sum of the balances of all the customer's accounts.
pub fn total_balance(accounts: &[&Account]) -> Money {
    accounts.iter().map(|a| a.balance).sum()
}

/// Balance per account type, in CURRENT, SAVINGS, FIXED_DEPOSIT order, types the
/// customer holds only.
pub fn balance_by_type(accounts: &[&Account]) -> Vec<(AccountType, Money)> {
    AccountType::ALL
        .iter()
        .filter_map(|ty| {
            let of_type: Vec<_> = accounts.iter().filter(|a| a.account_type == *ty).collect();
            (!of_type.is_empty()).then(|| (*ty, of_type.iter().map(|a| a.balance).sum()))
        })
        .collect()
}

/// Customers sorted by English name, for pickers.
pub fn customers_by_name(ds: &Dataset) -> Vec<&Customer> {
    let mut list: Vec<&Customer> = ds.customers.iter().collect();
    list.sort_by(|a, b| {
        (&a.first_name_en, &a.last_name_en).cmp(&(&b.first_name_en, &b.last_name_en))
    });
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::account;

    #[test]
    fn totals_are_exact_fils_per_customer_and_type() {
        let ds = Dataset {
            accounts: vec![
                account("a1", "c1", AccountType::Current, 100), // 0.100
                account("a2", "c1", AccountType::Savings, 200), // 0.200
                account("a3", "c1", AccountType::Current, 1_234_567),
                account("a4", "c2", AccountType::Current, 999),
            ],
            ..Dataset::default()
        };
        let mine = accounts_of(&ds, "c1");
        assert_eq!(mine.len(), 3);
        assert_eq!(total_balance(&mine), Money::from_fils(1_234_867));
        assert_eq!(
            balance_by_type(&mine),
            vec![
                (AccountType::Current, Money::from_fils(1_234_667)),
                (AccountType::Savings, Money::from_fils(200))
            ]
        );
        assert_eq!(total_balance(&accounts_of(&ds, "nobody")), Money::ZERO);
    }
}
