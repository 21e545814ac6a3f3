//! One activity feed for a customer: transactions, audit logs, notifications, service
//! requests and disputes, newest first, grouped by Kuwait day.

use crate::dataset::Dataset;
use crate::model::{Direction, Severity};
use crate::money::Money;
use crate::time::Timestamp;
use chrono::NaiveDate;

string_enum!(EventKind {
    Transaction = "transaction",
    Audit = "audit",
    Notification = "notification",
    Request = "request",
    Dispute = "dispute",
});

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEvent {
    pub kind: EventKind,
    /// The record's own id (transaction_id, audit_id, ...).
    pub id: String,
    pub at: Timestamp,
    /// Short English headline, e.g. "Paid The Sultan Center", "SESSION_TERMINATED".
    pub title: String,
    /// Secondary line (description, body, details).
    pub detail: String,
    /// Status or severity text as in the data (COMPLETED, HIGH, OPEN, ...).
    pub status: String,
    pub amount: Option<Money>,
    pub direction: Option<Direction>,
    pub severity: Option<Severity>,
}

/// All of the customer's events, newest first (ties: by kind order above, then id).
pub fn build(ds: &Dataset, customer_id: &str) -> Vec<TimelineEvent> {
    let _ = (ds, customer_id);
    todo!()
}

/// Events of the given kinds (empty = all) whose title, detail or status contains
/// `search` (case-insensitive; empty = all).
pub fn filter<'a>(events: &'a [TimelineEvent], kinds: &[EventKind], search: &str) -> Vec<&'a TimelineEvent> {
    let _ = (events, kinds, search);
    todo!()
}

/// A flat list for a virtualised view: a day header (Kuwait date) before each day's events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row<'a> {
    Day(NaiveDate),
    Event(&'a TimelineEvent),
}

pub fn rows_by_day<'a>(events: &[&'a TimelineEvent]) -> Vec<Row<'a>> {
    let _ = events;
    todo!()
}
