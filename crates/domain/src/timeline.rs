//! One activity feed for a customer: transactions, audit logs, notifications, service
//! requests and disputes, newest first, grouped by Kuwait day.
//!
//! Each event carries English text (`title`, `detail`, `status`, which the search reads)
//! and a typed `Subject`, from which a screen says the same thing in any language.

use crate::dataset::Dataset;
use crate::model::{
    Direction, DisputeReason, DisputeStatus, NotificationChannel, RequestStatus, RequestType,
    Severity, TxnStatus,
};
use crate::money::Money;
use crate::time::{kuwait_date, Timestamp};
use chrono::NaiveDate;

string_enum!(EventKind {
    Transaction = "transaction",
    Audit = "audit",
    Notification = "notification",
    Request = "request",
    Dispute = "dispute",
});

string_enum!(
    /// The audit actions the dataset and the change journal write. `AuditLog::action` is
    /// free text, so a log may hold a code that is not listed here.
    AuditAction {
        LoginSuccess = "LOGIN_SUCCESS",
        LoginFailed = "LOGIN_FAILED",
        AccountLocked = "ACCOUNT_LOCKED",
        PasswordChanged = "PASSWORD_CHANGED",
        MfaEnabled = "MFA_ENABLED",
        DeviceRegistered = "DEVICE_REGISTERED",
        DeviceRevoked = "DEVICE_REVOKED",
        DeviceTrusted = "DEVICE_TRUSTED",
        DeviceUntrusted = "DEVICE_UNTRUSTED",
        SessionTerminated = "SESSION_TERMINATED",
        OtherSessionsTerminated = "OTHER_SESSIONS_TERMINATED",
        DisputeCreated = "DISPUTE_CREATED",
        ServiceRequestCreated = "SERVICE_REQUEST_CREATED",
        Logout = "LOGOUT",
        SessionExpired = "SESSION_EXPIRED",
        ContactUpdated = "CONTACT_UPDATED",
        AddressUpdated = "ADDRESS_UPDATED",
    }
);

impl AuditAction {
    /// The action for an audit code, if it is a known one (exact, case-sensitive).
    pub fn from_code(code: &str) -> Option<AuditAction> {
        AuditAction::ALL
            .iter()
            .copied()
            .find(|a| a.as_str() == code)
    }
}

/// What an event is about, as typed values and the record's own text (merchant names,
/// audit details, notification texts are data: shown as they are, never translated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Transaction {
        direction: Direction,
        merchant: String,
        status: TxnStatus,
    },
    /// `action` is the audit code as stored (see `AuditAction::from_code`); `details` the
    /// log's own text; `ip` where the action came from.
    Audit {
        action: String,
        details: String,
        ip: String,
        severity: Severity,
    },
    Notification {
        channel: NotificationChannel,
        title: String,
        body: String,
        read: bool,
    },
    Request {
        request_type: RequestType,
        status: RequestStatus,
    },
    Dispute {
        reason: DisputeReason,
        status: DisputeStatus,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEvent {
    pub kind: EventKind,
    /// The record's own id (transaction_id, audit_id, ...).
    pub id: String,
    pub at: Timestamp,
    /// Short English headline, e.g. "Paid The Sultan Center", "SESSION_TERMINATED".
    pub title: String,
    /// Secondary line (description, body, details): the record's own text.
    pub detail: String,
    /// Status or severity text as in the data (COMPLETED, HIGH, OPEN, ...).
    pub status: String,
    pub amount: Option<Money>,
    /// The same event in typed form, for screens in any language.
    pub subject: Subject,
}

/// All of the customer's events, newest first (ties: by kind order above, then id).
pub fn build(ds: &Dataset, customer_id: &str) -> Vec<TimelineEvent> {
    let mut events: Vec<TimelineEvent> = Vec::new();
    events.extend(
        ds.transactions
            .iter()
            .filter(|t| t.customer_id == customer_id)
            .map(|t| TimelineEvent {
                kind: EventKind::Transaction,
                id: t.transaction_id.clone(),
                at: t.created_at,
                title: match t.direction {
                    Direction::Debit => format!("Paid {}", t.merchant_name),
                    Direction::Credit => format!("Received from {}", t.merchant_name),
                },
                detail: t.description.clone(),
                status: t.status.as_str().to_owned(),
                amount: Some(t.amount),
                subject: Subject::Transaction {
                    direction: t.direction,
                    merchant: t.merchant_name.clone(),
                    status: t.status,
                },
            }),
    );
    events.extend(
        ds.audit_logs
            .iter()
            .filter(|l| l.customer_id.as_deref() == Some(customer_id))
            .map(|l| TimelineEvent {
                kind: EventKind::Audit,
                id: l.audit_id.clone(),
                at: l.created_at,
                title: l.action.clone(),
                // Where a security event came from matters to the customer.
                detail: format!("{} · from {}", l.details, l.ip_address),
                status: l.severity.as_str().to_owned(),
                amount: None,
                subject: Subject::Audit {
                    action: l.action.clone(),
                    details: l.details.clone(),
                    ip: l.ip_address.clone(),
                    severity: l.severity,
                },
            }),
    );
    events.extend(
        ds.notifications
            .iter()
            .filter(|n| n.customer_id == customer_id)
            .map(|n| TimelineEvent {
                kind: EventKind::Notification,
                id: n.notification_id.clone(),
                at: n.sent_at,
                title: n.title.clone(),
                detail: n.body.clone(),
                status: if n.read { "READ" } else { "UNREAD" }.to_owned(),
                amount: None,
                subject: Subject::Notification {
                    channel: n.channel,
                    title: n.title.clone(),
                    body: n.body.clone(),
                    read: n.read,
                },
            }),
    );
    events.extend(
        ds.service_requests
            .iter()
            .filter(|r| r.customer_id == customer_id)
            .map(|r| TimelineEvent {
                kind: EventKind::Request,
                id: r.request_id.clone(),
                at: r.created_at,
                title: request_title(r.request_type).to_owned(),
                detail: r.description.clone(),
                status: r.status.as_str().to_owned(),
                amount: None,
                subject: Subject::Request {
                    request_type: r.request_type,
                    status: r.status,
                },
            }),
    );
    events.extend(
        ds.dispute_records
            .iter()
            .filter(|d| d.customer_id == customer_id)
            .map(|d| TimelineEvent {
                kind: EventKind::Dispute,
                id: d.dispute_id.clone(),
                at: d.created_at,
                title: format!("Dispute: {}", humanize(d.reason.as_str())),
                detail: d.description.clone(),
                status: d.status.as_str().to_owned(),
                amount: Some(d.disputed_amount),
                subject: Subject::Dispute {
                    reason: d.reason,
                    status: d.status,
                },
            }),
    );
    // Instants compare across offsets; kind then id make the order total, so the
    // feed never reshuffles between renders.
    events.sort_unstable_by(|a, b| {
        b.at.cmp(&a.at)
            .then(a.kind.cmp(&b.kind))
            .then_with(|| a.id.cmp(&b.id))
    });
    events
}

/// Headline of a service request, by its type.
pub(crate) fn request_title(t: RequestType) -> &'static str {
    match t {
        RequestType::CardReplacement => "Card replacement request",
        RequestType::ChequeBook => "Cheque book request",
        RequestType::GeneralInquiry => "General inquiry",
    }
}

/// "CASH_NOT_DISPENSED" -> "cash not dispensed".
fn humanize(code: &str) -> String {
    code.to_lowercase().replace('_', " ")
}

/// Events of the given kinds (empty = all) whose title, detail or status contains
/// `search` (case-insensitive; empty = all). These hold the record's English text and
/// data (merchant, audit code and IP, notification texts, descriptions, status codes).
pub fn filter<'a>(
    events: &'a [TimelineEvent],
    kinds: &[EventKind],
    search: &str,
) -> Vec<&'a TimelineEvent> {
    filter_with(events, kinds, search, |_, _| false)
}

/// Like `filter`, and an event also matches when `also(event, needle)` says so, e.g. for
/// the text a screen shows in another language. `needle` is the trimmed, lower-cased
/// search; `also` is only asked when the search is not blank and the English text misses.
pub fn filter_with<'a>(
    events: &'a [TimelineEvent],
    kinds: &[EventKind],
    search: &str,
    also: impl Fn(&TimelineEvent, &str) -> bool,
) -> Vec<&'a TimelineEvent> {
    // Blank input means "no search": typing spaces should not empty the feed.
    let needle = search.trim().to_lowercase();
    events
        .iter()
        .filter(|e| kinds.is_empty() || kinds.contains(&e.kind))
        .filter(|e| {
            needle.is_empty()
                || [&e.title, &e.detail, &e.status]
                    .iter()
                    .any(|field| field.to_lowercase().contains(&needle))
                || also(e, &needle)
        })
        .collect()
}

/// A flat list for a virtualised view: a day header (Kuwait date) before each day's events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row<'a> {
    Day(NaiveDate),
    Event(&'a TimelineEvent),
}

/// Expects `events` newest first (as `build` and `filter` return them), so each Kuwait
/// day forms one run under one header.
pub fn rows_by_day<'a>(events: &[&'a TimelineEvent]) -> Vec<Row<'a>> {
    let mut rows = Vec::with_capacity(events.len() + events.len() / 4 + 1);
    let mut current: Option<NaiveDate> = None;
    for &event in events {
        let day = kuwait_date(&event.at);
        if current != Some(day) {
            rows.push(Row::Day(day));
            current = Some(day);
        }
        rows.push(Row::Event(event));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, audit, dispute, notification, request, ts};
    use crate::model::*;

    /// A 12.500 "Weekly groceries" purchase at The Sultan Center, paid or received.
    fn txn(id: &str, customer: &str, direction: Direction, at: &str) -> Transaction {
        Transaction {
            direction,
            merchant_name: "The Sultan Center".into(),
            description: "Weekly groceries".into(),
            ..fixtures::txn(id, customer, 12_500, at)
        }
    }

    /// One record of each kind for c1 (several at the same instant), plus c2's records.
    fn sample() -> Dataset {
        let same = "2026-11-20T10:00:00+03:00";
        Dataset {
            transactions: vec![
                txn("t2", "c1", Direction::Credit, same),
                txn("t1", "c1", Direction::Debit, same),
                txn("t3", "c1", Direction::Debit, "2026-11-18T09:00:00+03:00"),
                txn("t4", "c2", Direction::Debit, "2026-11-20T11:00:00+03:00"),
            ],
            audit_logs: vec![
                audit("l1", Some("c1"), same),
                audit("l2", None, same),
                audit("l3", Some("c2"), same),
            ],
            notifications: vec![
                notification("n1", "c1", same),
                Notification {
                    read: true,
                    ..notification("n2", "c1", "2026-11-19T08:00:00+03:00")
                },
            ],
            service_requests: vec![request("r1", "c1", same)],
            dispute_records: vec![dispute("d1", "c1", "2026-11-20T12:00:00+03:00")],
            ..Dataset::default()
        }
    }

    fn ids(events: &[&TimelineEvent]) -> Vec<String> {
        events.iter().map(|e| e.id.clone()).collect()
    }

    #[test]
    fn build_maps_each_source_and_orders_newest_first_then_kind_then_id() {
        let ds = sample();
        let events = build(&ds, "c1");
        let order: Vec<&str> = events.iter().map(|e| e.id.as_str()).collect();
        // d1 is newest; then the 10:00 group by kind (transactions t1 < t2 by id), then older ones.
        assert_eq!(order, ["d1", "t1", "t2", "l1", "n1", "r1", "n2", "t3"]);

        let by_id = |id: &str| events.iter().find(|e| e.id == id).unwrap();
        let t1 = by_id("t1");
        assert_eq!(
            (
                t1.kind,
                t1.title.as_str(),
                t1.detail.as_str(),
                t1.status.as_str()
            ),
            (
                EventKind::Transaction,
                "Paid The Sultan Center",
                "Weekly groceries",
                "COMPLETED"
            )
        );
        assert_eq!(t1.amount, Some(Money::from_fils(12_500)));
        assert_eq!(
            t1.subject,
            Subject::Transaction {
                direction: Direction::Debit,
                merchant: "The Sultan Center".into(),
                status: TxnStatus::Completed,
            }
        );
        let t2 = by_id("t2");
        assert_eq!(t2.title, "Received from The Sultan Center");
        assert!(matches!(
            t2.subject,
            Subject::Transaction {
                direction: Direction::Credit,
                ..
            }
        ));
        let l1 = by_id("l1");
        assert_eq!(
            (
                l1.kind,
                l1.title.as_str(),
                l1.detail.as_str(),
                l1.status.as_str(),
                l1.amount
            ),
            (
                EventKind::Audit,
                "SESSION_TERMINATED",
                "Session signed out · from 37.36.0.1",
                "MEDIUM",
                None
            )
        );
        assert_eq!(
            l1.subject,
            Subject::Audit {
                action: "SESSION_TERMINATED".into(),
                details: "Session signed out".into(),
                ip: "37.36.0.1".into(),
                severity: Severity::Medium,
            }
        );
        let n1 = by_id("n1");
        assert_eq!(
            (
                n1.kind,
                n1.title.as_str(),
                n1.detail.as_str(),
                n1.status.as_str()
            ),
            (
                EventKind::Notification,
                "Large payment",
                "KWD 120.000 paid to Xcite.",
                "UNREAD"
            )
        );
        assert_eq!(
            n1.subject,
            Subject::Notification {
                channel: NotificationChannel::Push,
                title: "Large payment".into(),
                body: "KWD 120.000 paid to Xcite.".into(),
                read: false,
            }
        );
        let n2 = by_id("n2");
        assert_eq!(n2.status, "READ");
        assert!(matches!(
            n2.subject,
            Subject::Notification { read: true, .. }
        ));
        let r1 = by_id("r1");
        assert_eq!(
            (r1.kind, r1.title.as_str(), r1.status.as_str()),
            (EventKind::Request, "Card replacement request", "OPEN")
        );
        assert_eq!(
            r1.subject,
            Subject::Request {
                request_type: RequestType::CardReplacement,
                status: RequestStatus::Open
            }
        );
        let d1 = by_id("d1");
        assert_eq!(
            (
                d1.kind,
                d1.title.as_str(),
                d1.detail.as_str(),
                d1.status.as_str(),
                d1.amount
            ),
            (
                EventKind::Dispute,
                "Dispute: cash not dispensed",
                "ATM did not dispense",
                "UNDER_REVIEW",
                Some(Money::from_fils(40_000))
            )
        );
        assert_eq!(
            d1.subject,
            Subject::Dispute {
                reason: DisputeReason::CashNotDispensed,
                status: DisputeStatus::UnderReview
            }
        );
    }

    #[test]
    fn build_ignores_other_customers_and_staff_audit_logs() {
        let ds = sample();
        let c2: Vec<String> = build(&ds, "c2").into_iter().map(|e| e.id).collect();
        assert_eq!(c2, ["t4", "l3"]);
        assert!(build(&ds, "nobody").is_empty());
    }

    #[test]
    fn instants_are_compared_not_wall_clock_text() {
        // 07:30 UTC is 10:30 in Kuwait: later than 10:00+03:00 even though "07" < "10".
        let mut ds = sample();
        ds.transactions.push(txn(
            "t0",
            "c1",
            Direction::Debit,
            "2026-11-20T07:30:00+00:00",
        ));
        let events = build(&ds, "c1");
        assert_eq!(events[1].id, "t0");
    }

    #[test]
    fn filter_by_kind_and_case_insensitive_search() {
        let events = build(&sample(), "c1");
        let all: Vec<&TimelineEvent> = events.iter().collect();
        assert_eq!(filter(&events, &[], ""), all);
        assert_eq!(
            filter(&events, &[], "   "),
            all,
            "blank search is no search"
        );
        assert_eq!(
            ids(&filter(
                &events,
                &[EventKind::Notification, EventKind::Dispute],
                ""
            )),
            ["d1", "n1", "n2"]
        );
        // Title, detail and status all count, in any case.
        assert_eq!(
            ids(&filter(&events, &[], "sultan CENTER")),
            ["t1", "t2", "t3"]
        );
        assert_eq!(ids(&filter(&events, &[], "damaged chip")), ["r1"]);
        assert_eq!(ids(&filter(&events, &[], "unread")), ["n1"]);
        assert_eq!(ids(&filter(&events, &[], "under_review")), ["d1"]);
        assert_eq!(
            ids(&filter(&events, &[EventKind::Transaction], "xcite")),
            Vec::<String>::new()
        );
        assert!(filter(&events, &[], "no such text").is_empty());
        // The audit code and IP are searchable as they are stored.
        assert_eq!(ids(&filter(&events, &[], "session_terminated")), ["l1"]);
        assert_eq!(ids(&filter(&events, &[], "37.36.0.1")), ["l1"]);
    }

    #[test]
    fn filter_with_adds_matches_and_is_asked_only_when_needed() {
        let events = build(&sample(), "c1");
        // A screen in another language: its words for an event kind also match.
        let arabic = |e: &TimelineEvent, needle: &str| {
            e.kind == EventKind::Request && "طلب".contains(needle)
        };
        assert_eq!(ids(&filter_with(&events, &[], "طلب", arabic)), ["r1"]);
        // English matches still count, the extra matcher gets the trimmed lower-case needle.
        assert_eq!(
            ids(&filter_with(&events, &[], "  XCITE ", |_, n| n == "ticket")),
            ["n1", "n2"]
        );
        assert_eq!(
            ids(&filter_with(&events, &[], " Ticket ", |e, n| n == "ticket"
                && e.id == "t3")),
            ["t3"]
        );
        // Blank search and kind filters never ask.
        let never = |_: &TimelineEvent, _: &str| -> bool { panic!("asked for a blank search") };
        assert_eq!(
            filter_with(&events, &[EventKind::Dispute], " ", never).len(),
            1
        );
    }

    #[test]
    fn audit_actions_parse_from_their_codes() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::from_code(action.as_str()), Some(*action));
        }
        assert_eq!(AuditAction::ALL.len(), 17);
        assert_eq!(
            AuditAction::from_code("OTHER_SESSIONS_TERMINATED"),
            Some(AuditAction::OtherSessionsTerminated)
        );
        assert_eq!(AuditAction::from_code("session_terminated"), None);
        assert_eq!(AuditAction::from_code("PASSWORD_RESET"), None);
    }

    #[test]
    fn rows_put_a_kuwait_day_header_before_each_day() {
        let mut ds = sample();
        // 22:30 UTC on the 19th is already the 20th in Kuwait.
        ds.transactions.push(txn(
            "t5",
            "c1",
            Direction::Debit,
            "2026-11-19T22:30:00+00:00",
        ));
        let events = build(&ds, "c1");
        let refs: Vec<&TimelineEvent> = events.iter().collect();
        let rows = rows_by_day(&refs);
        let day = |d: u32| Row::Day(NaiveDate::from_ymd_opt(2026, 11, d).unwrap());
        let shape: Vec<String> = rows
            .iter()
            .map(|r| match r {
                Row::Day(d) => d.to_string(),
                Row::Event(e) => e.id.clone(),
            })
            .collect();
        assert_eq!(
            shape,
            [
                "2026-11-20",
                "d1",
                "t1",
                "t2",
                "l1",
                "n1",
                "r1",
                "t5",
                "2026-11-19",
                "n2",
                "2026-11-18",
                "t3"
            ]
        );
        assert_eq!(rows[0], day(20));
        assert!(rows_by_day(&[]).is_empty());
        // Works on a filtered list too.
        let only = filter(&events, &[EventKind::Notification], "");
        assert_eq!(
            rows_by_day(&only),
            vec![day(20), Row::Event(only[0]), day(19), Row::Event(only[1])]
        );
    }

    #[test]
    fn large_feed_is_sorted_and_grouped() {
        // 25,000 events across ~170 days, in scrambled order.
        let base = ts("2026-06-01T00:00:00+03:00");
        let mut ds = Dataset::default();
        for i in 0..25_000i64 {
            let minutes = (i * 7919) % (170 * 24 * 60);
            let mut t = txn(
                &format!("t{i:05}"),
                "c1",
                Direction::Debit,
                "2026-06-01T00:00:00+03:00",
            );
            t.created_at = base + chrono::Duration::minutes(minutes);
            ds.transactions.push(t);
        }
        let events = build(&ds, "c1");
        assert_eq!(events.len(), 25_000);
        assert!(events
            .windows(2)
            .all(|w| w[0].at > w[1].at || (w[0].at == w[1].at && w[0].id < w[1].id)));
        let refs: Vec<&TimelineEvent> = events.iter().collect();
        let rows = rows_by_day(&refs);
        let headers = rows.iter().filter(|r| matches!(r, Row::Day(_))).count();
        assert_eq!(headers, 170);
        assert_eq!(rows.len(), 25_000 + 170);
    }
}
