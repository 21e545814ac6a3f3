//! Changes the user makes, as an append-only journal replayed over the bundled data.
//! Each entry carries the ids and time it needs, so replay is deterministic. Sensitive
//! changes append an audit log (with the current session's IP) and, when the customer
//! has notifications enabled, a PUSH notification.

use crate::dataset::Dataset;
use crate::model::{
    AuditLog, AuthUser, DeviceStatus, DisputeReason, DisputeRecord, DisputeStatus, EntityType, LoginSession, Notification,
    NotificationChannel, RegisteredDevice, RequestStatus, RequestType, ServiceRequest, SessionStatus, Severity, TxnStatus,
};
use crate::time::{in_kuwait, Timestamp};
use crate::timeline::request_title;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Change {
    /// ACTIVE -> TERMINATED. Audit SESSION_TERMINATED (MEDIUM); notifies.
    TerminateSession { session_id: String },
    /// Every other ACTIVE session of the user -> TERMINATED. Audit
    /// OTHER_SESSIONS_TERMINATED (HIGH, entity AUTH_USER); notifies. Error when none.
    SignOutOtherSessions { current_session_id: String },
    /// Device -> REVOKED and untrusted; its ACTIVE sessions -> TERMINATED. Not allowed for
    /// the current session's device. Audit DEVICE_REVOKED (HIGH); notifies.
    RevokeDevice { device_id: String },
    /// ACTIVE devices only. Audit DEVICE_TRUSTED / DEVICE_UNTRUSTED (MEDIUM); notifies.
    SetDeviceTrust { device_id: String, trusted: bool },
    /// New OPEN request. Audit SERVICE_REQUEST_CREATED (LOW); notifies.
    CreateServiceRequest { request_id: String, request_type: RequestType, account_id: Option<String>, description: String },
    /// New OPEN dispute on a FAILED transaction of the customer that has no dispute yet;
    /// disputed_amount = the transaction's amount. Audit DISPUTE_CREATED (MEDIUM); notifies.
    CreateDispute { dispute_id: String, transaction_id: String, reason: DisputeReason, description: String },
    /// Read marks are not sensitive: no audit, no notification.
    SetNotificationRead { notification_id: String, read: bool },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    pub at: Timestamp,
    pub customer_id: String,
    pub change: Change,
    /// Id for the audit log this change appends (if any).
    pub audit_id: String,
    /// Id for the notification this change creates (if any).
    pub notification_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeError {
    /// The record does not exist or is not the customer's.
    NotFound { what: &'static str, id: String },
    /// The change does not apply in the record's current state.
    NotAllowed(Refusal),
}

/// Why a change does not apply in the records' current state. `Display` gives the
/// English text; the app translates each variant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Only ACTIVE sessions can be terminated; this one is in the given state.
    SessionNotActive(SessionStatus),
    /// Signing out other sessions found no other ACTIVE session.
    NoOtherSessions,
    DeviceAlreadyRevoked,
    /// The device is the one of the customer's current session.
    CurrentDevice,
    /// Only ACTIVE devices can change trust; this one is in the given state.
    DeviceNotActive(DeviceStatus),
    /// The device already has the requested trust.
    TrustUnchanged { trusted: bool },
    /// The journal's id for a new record is taken. `what` is "service request",
    /// "dispute", "audit log" or "notification".
    DuplicateId { what: &'static str, id: String },
    /// Only FAILED transactions can be disputed.
    NotFailed,
    /// The transaction already has a dispute.
    AlreadyDisputed,
    /// The user has no session to take the audit log's IP from.
    NoSession,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::SessionNotActive(status) => write!(f, "session is already {status}"),
            Refusal::NoOtherSessions => f.write_str("no other active sessions"),
            Refusal::DeviceAlreadyRevoked => f.write_str("device is already REVOKED"),
            Refusal::CurrentDevice => f.write_str("you cannot revoke the device you are using"),
            Refusal::DeviceNotActive(status) => {
                write!(f, "only active devices can change trust; this device is {status}")
            }
            Refusal::TrustUnchanged { trusted: true } => f.write_str("device is already trusted"),
            Refusal::TrustUnchanged { trusted: false } => f.write_str("device is already untrusted"),
            Refusal::DuplicateId { what, id } => write!(f, "{what} {id} already exists"),
            Refusal::NotFailed => f.write_str("only failed transactions can be disputed"),
            Refusal::AlreadyDisputed => f.write_str("this transaction is already disputed"),
            Refusal::NoSession => f.write_str("no session to attribute the change to"),
        }
    }
}

impl fmt::Display for ChangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChangeError::NotFound { what, id } => write!(f, "{what} {id} was not found"),
            ChangeError::NotAllowed(why) => why.fmt(f),
        }
    }
}

impl std::error::Error for ChangeError {}

/// The customer's current session: their user's ACTIVE session started most recently.
pub fn current_session<'a>(ds: &'a Dataset, customer_id: &str) -> Option<&'a LoginSession> {
    let user = user_of(ds, customer_id)?;
    latest(ds.login_sessions.iter().filter(|s| s.user_id == user.user_id && s.status == SessionStatus::Active))
}

/// Applies one change; on error the dataset is unchanged.
pub fn apply(ds: &mut Dataset, entry: &JournalEntry) -> Result<(), ChangeError> {
    // Everything is checked and built against the untouched dataset first, so the
    // mutations below cannot fail half-way and the IP is the one from before the change.
    let at = in_kuwait(&entry.at);
    let (edits, trail) = plan(ds, entry, at)?;
    let records = match trail {
        Some(trail) => Some(attribute(ds, entry, trail, at)?),
        None => None,
    };
    for edit in edits {
        commit(ds, edit, at);
    }
    if let Some((audit, notification)) = records {
        ds.audit_logs.push(audit);
        ds.notifications.extend(notification);
    }
    Ok(())
}

/// Replays the journal over `base`; entries that no longer apply are skipped and
/// returned with their index.
pub fn replay(base: &Dataset, entries: &[JournalEntry]) -> (Dataset, Vec<(usize, ChangeError)>) {
    let mut ds = base.clone();
    let skipped = entries
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| apply(&mut ds, entry).err().map(|e| (index, e)))
        .collect();
    (ds, skipped)
}

/// A mutation decided while validating; carrying it out cannot fail.
enum Edit {
    /// Index into `login_sessions`.
    TerminateSession(usize),
    /// Index into `registered_devices`.
    RevokeDevice(usize),
    SetDeviceTrust(usize, bool),
    AddRequest(ServiceRequest),
    AddDispute(DisputeRecord),
    /// Index into `notifications`.
    SetRead(usize, bool),
}

/// What a sensitive change says about itself in the audit log and the notification.
struct Trail {
    user_id: String,
    action: &'static str,
    severity: Severity,
    entity_type: EntityType,
    entity_id: String,
    details: String,
    title: String,
    body: String,
}

fn not_found(what: &'static str, id: &str) -> ChangeError {
    ChangeError::NotFound { what, id: id.to_owned() }
}

fn not_allowed(why: Refusal) -> ChangeError {
    ChangeError::NotAllowed(why)
}

/// A journal id for a new record that is already taken.
fn duplicate(what: &'static str, id: &str) -> ChangeError {
    not_allowed(Refusal::DuplicateId { what, id: id.to_owned() })
}

/// The customer's login (staff users have no customer).
fn user_of<'a>(ds: &'a Dataset, customer_id: &str) -> Option<&'a AuthUser> {
    ds.auth_users.iter().find(|u| u.customer_id.as_deref() == Some(customer_id))
}

fn require_user<'a>(ds: &'a Dataset, customer_id: &str) -> Result<&'a AuthUser, ChangeError> {
    user_of(ds, customer_id).ok_or_else(|| not_found("customer", customer_id))
}

/// The most recently started of `sessions` (ties: the greater session_id, so the
/// answer does not depend on file order).
fn latest<'a>(sessions: impl Iterator<Item = &'a LoginSession>) -> Option<&'a LoginSession> {
    sessions.max_by(|a, b| a.started_at.cmp(&b.started_at).then_with(|| a.session_id.cmp(&b.session_id)))
}

/// The user's session with this id, with its index.
fn session_of<'a>(ds: &'a Dataset, user: &AuthUser, session_id: &str) -> Result<(usize, &'a LoginSession), ChangeError> {
    ds.login_sessions
        .iter()
        .enumerate()
        .find(|(_, s)| s.session_id == session_id && s.user_id == user.user_id)
        .ok_or_else(|| not_found("session", session_id))
}

/// The user's device with this id, with its index.
fn device_of<'a>(ds: &'a Dataset, user: &AuthUser, device_id: &str) -> Result<(usize, &'a RegisteredDevice), ChangeError> {
    ds.registered_devices
        .iter()
        .enumerate()
        .find(|(_, d)| d.device_id == device_id && d.user_id == user.user_id)
        .ok_or_else(|| not_found("device", device_id))
}

/// How people recognise a device: its model.
fn device_name(ds: &Dataset, device_id: &str) -> String {
    ds.registered_devices
        .iter()
        .find(|d| d.device_id == device_id)
        .map_or_else(|| "an unknown device".to_owned(), |d| d.device_model.clone())
}

/// "1 other session" / "3 other sessions".
fn other_sessions(n: usize) -> String {
    if n == 1 { "1 other session".to_owned() } else { format!("{n} other sessions") }
}

/// Validates the change against `ds` and decides its edits and its audit trail.
fn plan(ds: &Dataset, entry: &JournalEntry, at: Timestamp) -> Result<(Vec<Edit>, Option<Trail>), ChangeError> {
    let customer_id = entry.customer_id.as_str();
    match &entry.change {
        Change::TerminateSession { session_id } => {
            let user = require_user(ds, customer_id)?;
            let (index, session) = session_of(ds, user, session_id)?;
            if session.status != SessionStatus::Active {
                return Err(not_allowed(Refusal::SessionNotActive(session.status)));
            }
            let place = format!("{} in {}", device_name(ds, &session.device_id), session.city);
            Ok((vec![Edit::TerminateSession(index)], Some(Trail {
                user_id: user.user_id.clone(),
                action: "SESSION_TERMINATED",
                severity: Severity::Medium,
                entity_type: EntityType::Session,
                entity_id: session.session_id.clone(),
                details: format!("Signed out the session on {place}."),
                title: "Session signed out".to_owned(),
                body: format!("A session on {place} was signed out."),
            })))
        }
        Change::SignOutOtherSessions { current_session_id } => {
            let user = require_user(ds, customer_id)?;
            session_of(ds, user, current_session_id)?;
            let edits: Vec<Edit> = ds
                .login_sessions
                .iter()
                .enumerate()
                .filter(|(_, s)| {
                    s.user_id == user.user_id && s.status == SessionStatus::Active && s.session_id != *current_session_id
                })
                .map(|(i, _)| Edit::TerminateSession(i))
                .collect();
            if edits.is_empty() {
                return Err(not_allowed(Refusal::NoOtherSessions));
            }
            let others = other_sessions(edits.len());
            let verb = if edits.len() == 1 { "was" } else { "were" };
            Ok((edits, Some(Trail {
                user_id: user.user_id.clone(),
                action: "OTHER_SESSIONS_TERMINATED",
                severity: Severity::High,
                entity_type: EntityType::AuthUser,
                entity_id: user.user_id.clone(),
                details: format!("Signed out of {others}."),
                title: "Signed out of other sessions".to_owned(),
                body: format!("{others} {verb} signed out; only this session stays signed in."),
            })))
        }
        Change::RevokeDevice { device_id } => {
            let user = require_user(ds, customer_id)?;
            let (index, device) = device_of(ds, user, device_id)?;
            if device.status == DeviceStatus::Revoked {
                return Err(not_allowed(Refusal::DeviceAlreadyRevoked));
            }
            if current_session(ds, customer_id).is_some_and(|s| s.device_id == *device_id) {
                return Err(not_allowed(Refusal::CurrentDevice));
            }
            let mut edits = vec![Edit::RevokeDevice(index)];
            edits.extend(
                ds.login_sessions
                    .iter()
                    .enumerate()
                    .filter(|(_, s)| {
                        s.device_id == *device_id && s.user_id == user.user_id && s.status == SessionStatus::Active
                    })
                    .map(|(i, _)| Edit::TerminateSession(i)),
            );
            let model = &device.device_model;
            let details = match edits.len() - 1 {
                0 => format!("Revoked {model}."),
                1 => format!("Revoked {model} and signed out its session."),
                n => format!("Revoked {model} and signed out its {n} sessions."),
            };
            Ok((edits, Some(Trail {
                user_id: user.user_id.clone(),
                action: "DEVICE_REVOKED",
                severity: Severity::High,
                entity_type: EntityType::Device,
                entity_id: device.device_id.clone(),
                details,
                title: "Device revoked".to_owned(),
                body: format!("{model} was removed from your account and can no longer sign in."),
            })))
        }
        Change::SetDeviceTrust { device_id, trusted } => {
            let user = require_user(ds, customer_id)?;
            let (index, device) = device_of(ds, user, device_id)?;
            if device.status != DeviceStatus::Active {
                return Err(not_allowed(Refusal::DeviceNotActive(device.status)));
            }
            if device.trusted == *trusted {
                return Err(not_allowed(Refusal::TrustUnchanged { trusted: *trusted }));
            }
            let model = &device.device_model;
            let (action, details, title, body) = if *trusted {
                ("DEVICE_TRUSTED", format!("Marked {model} as trusted."), "Device trusted", format!("{model} is now a trusted device."))
            } else {
                ("DEVICE_UNTRUSTED", format!("Removed trust from {model}."), "Device no longer trusted", format!("{model} is no longer a trusted device."))
            };
            Ok((vec![Edit::SetDeviceTrust(index, *trusted)], Some(Trail {
                user_id: user.user_id.clone(),
                action,
                severity: Severity::Medium,
                entity_type: EntityType::Device,
                entity_id: device.device_id.clone(),
                details,
                title: title.to_owned(),
                body,
            })))
        }
        Change::CreateServiceRequest { request_id, request_type, account_id, description } => {
            let user = require_user(ds, customer_id)?;
            if ds.service_requests.iter().any(|r| r.request_id == *request_id) {
                return Err(duplicate("service request", request_id));
            }
            if let Some(account_id) = account_id {
                if !ds.accounts.iter().any(|a| a.account_id == *account_id && a.customer_id == customer_id) {
                    return Err(not_found("account", account_id));
                }
            }
            let label = request_title(*request_type);
            let request = ServiceRequest {
                request_id: request_id.clone(),
                customer_id: customer_id.to_owned(),
                account_id: account_id.clone(),
                request_type: *request_type,
                status: RequestStatus::Open,
                description: description.clone(),
                created_at: at,
                updated_at: at,
                resolved_at: None,
            };
            Ok((vec![Edit::AddRequest(request)], Some(Trail {
                user_id: user.user_id.clone(),
                action: "SERVICE_REQUEST_CREATED",
                severity: Severity::Low,
                entity_type: EntityType::ServiceRequest,
                entity_id: request_id.clone(),
                details: format!("{label} opened."),
                title: "Service request received".to_owned(),
                body: format!("Your {} is open; we will keep you updated.", label.to_lowercase()),
            })))
        }
        Change::CreateDispute { dispute_id, transaction_id, reason, description } => {
            let user = require_user(ds, customer_id)?;
            if ds.dispute_records.iter().any(|d| d.dispute_id == *dispute_id) {
                return Err(duplicate("dispute", dispute_id));
            }
            let txn = ds
                .transactions
                .iter()
                .find(|t| t.transaction_id == *transaction_id && t.customer_id == customer_id)
                .ok_or_else(|| not_found("transaction", transaction_id))?;
            if txn.status != TxnStatus::Failed {
                return Err(not_allowed(Refusal::NotFailed));
            }
            if ds.dispute_records.iter().any(|d| d.transaction_id == *transaction_id) {
                return Err(not_allowed(Refusal::AlreadyDisputed));
            }
            let amount = txn.amount;
            let dispute = DisputeRecord {
                dispute_id: dispute_id.clone(),
                transaction_id: transaction_id.clone(),
                customer_id: customer_id.to_owned(),
                reason: *reason,
                status: DisputeStatus::Open,
                disputed_amount: amount,
                description: description.clone(),
                created_at: at,
                resolved_at: None,
            };
            Ok((vec![Edit::AddDispute(dispute)], Some(Trail {
                user_id: user.user_id.clone(),
                action: "DISPUTE_CREATED",
                severity: Severity::Medium,
                entity_type: EntityType::Dispute,
                entity_id: dispute_id.clone(),
                details: format!("Disputed the failed {amount} transaction with {}.", txn.merchant_name),
                title: "Dispute received".to_owned(),
                body: format!("We are reviewing your dispute for {amount}."),
            })))
        }
        Change::SetNotificationRead { notification_id, read } => {
            let index = ds
                .notifications
                .iter()
                .position(|n| n.notification_id == *notification_id && n.customer_id == customer_id)
                .ok_or_else(|| not_found("notification", notification_id))?;
            Ok((vec![Edit::SetRead(index, *read)], None))
        }
    }
}

/// Builds the audit log and, if the customer wants them, the PUSH notification.
fn attribute(ds: &Dataset, entry: &JournalEntry, trail: Trail, at: Timestamp) -> Result<(AuditLog, Option<Notification>), ChangeError> {
    // Without an active session the change still came from somewhere: the device the
    // user signed in on last is the best evidence we have.
    let ip_address = current_session(ds, &entry.customer_id)
        .or_else(|| latest(ds.login_sessions.iter().filter(|s| s.user_id == trail.user_id)))
        .map(|s| s.ip_address.clone())
        .ok_or_else(|| not_allowed(Refusal::NoSession))?;
    // Ids come from the journal; a clash would break the dataset's unique-id rule.
    if ds.audit_logs.iter().any(|l| l.audit_id == entry.audit_id) {
        return Err(duplicate("audit log", &entry.audit_id));
    }
    let notify = ds.customer_settings.iter().any(|s| s.customer_id == entry.customer_id && s.notifications_enabled);
    if notify && ds.notifications.iter().any(|n| n.notification_id == entry.notification_id) {
        return Err(duplicate("notification", &entry.notification_id));
    }
    let notification = notify.then(|| Notification {
        notification_id: entry.notification_id.clone(),
        customer_id: entry.customer_id.clone(),
        channel: NotificationChannel::Push,
        title: trail.title,
        body: trail.body,
        related_entity_type: Some(trail.entity_type),
        related_entity_id: Some(trail.entity_id.clone()),
        sent_at: at,
        read: false,
    });
    let audit = AuditLog {
        audit_id: entry.audit_id.clone(),
        user_id: trail.user_id,
        customer_id: Some(entry.customer_id.clone()),
        action: trail.action.to_owned(),
        severity: trail.severity,
        ip_address,
        entity_type: trail.entity_type,
        entity_id: trail.entity_id,
        details: trail.details,
        created_at: at,
    };
    Ok((audit, notification))
}

/// Carries out one planned edit. Indexes come from `plan` over the same dataset, so
/// they are in range; a miss would only skip the edit.
fn commit(ds: &mut Dataset, edit: Edit, at: Timestamp) {
    match edit {
        Edit::TerminateSession(i) => {
            if let Some(s) = ds.login_sessions.get_mut(i) {
                s.status = SessionStatus::Terminated;
                s.last_activity_at = s.last_activity_at.max(at);
            }
        }
        Edit::RevokeDevice(i) => {
            if let Some(d) = ds.registered_devices.get_mut(i) {
                d.status = DeviceStatus::Revoked;
                d.trusted = false;
            }
        }
        Edit::SetDeviceTrust(i, trusted) => {
            if let Some(d) = ds.registered_devices.get_mut(i) {
                d.trusted = trusted;
            }
        }
        Edit::AddRequest(r) => ds.service_requests.push(r),
        Edit::AddDispute(d) => ds.dispute_records.push(d),
        Edit::SetRead(i, read) => {
            if let Some(n) = ds.notifications.get_mut(i) {
                n.read = read;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{self, account, device, notification, session, settings, ts, user};
    use crate::model::*;
    use crate::money::Money;

    /// A cash withdrawal of `fils` by `customer` from their account a-<customer>.
    fn txn(id: &str, customer: &str, status: TxnStatus, fils: i64) -> Transaction {
        Transaction {
            account_id: format!("a-{customer}"),
            status,
            category: Category::Cash,
            merchant_name: "NBK ATM".into(),
            channel: Channel::Atm,
            description: "Cash withdrawal".into(),
            ..fixtures::txn(id, customer, fils, "2026-11-10T10:00:00+03:00")
        }
    }

    /// c1 (notifications on): current session s1 on phone d1, another ACTIVE session s2
    /// on tablet d2, an old TERMINATED s3, a revoked d3. c2 (notifications off): s4 on d4.
    fn fixture() -> Dataset {
        Dataset {
            auth_users: vec![user("u1", Some("c1")), user("u2", Some("c2")), user("u9", None)],
            registered_devices: vec![
                RegisteredDevice { trusted: true, ..device("d1", "u1", "iPhone 15") },
                device("d2", "u1", "iPad Air"),
                RegisteredDevice { status: DeviceStatus::Revoked, ..device("d3", "u1", "Galaxy S21") },
                RegisteredDevice { trusted: true, ..device("d4", "u2", "Pixel 8") },
            ],
            login_sessions: vec![
                session("s1", "u1", "d1", "2026-11-20T09:00:00+03:00", "37.36.0.1"),
                session("s2", "u1", "d2", "2026-11-10T09:00:00+03:00", "37.36.0.2"),
                LoginSession {
                    status: SessionStatus::Terminated,
                    ..session("s3", "u1", "d1", "2026-11-01T09:00:00+03:00", "37.36.0.3")
                },
                session("s4", "u2", "d4", "2026-11-19T09:00:00+03:00", "168.187.0.4"),
            ],
            accounts: vec![account("a-c1", "c1", AccountType::Current, 0), account("a-c2", "c2", AccountType::Current, 0)],
            transactions: vec![
                txn("t1", "c1", TxnStatus::Failed, 40_000),
                txn("t2", "c1", TxnStatus::Completed, 5_000),
                txn("t3", "c2", TxnStatus::Failed, 20_000),
            ],
            notifications: vec![
                notification("n1", "c1", "2026-11-01T09:00:00+03:00"),
                notification("n2", "c2", "2026-11-01T09:00:00+03:00"),
            ],
            customer_settings: vec![settings("c1", true), settings("c2", false)],
            ..Dataset::default()
        }
    }

    const AT: &str = "2026-11-21T09:30:00+03:00";

    fn entry(customer: &str, change: Change) -> JournalEntry {
        JournalEntry { at: ts(AT), customer_id: customer.into(), change, audit_id: "new-audit".into(), notification_id: "new-note".into() }
    }

    fn session_by<'a>(ds: &'a Dataset, id: &str) -> &'a LoginSession {
        ds.login_sessions.iter().find(|s| s.session_id == id).unwrap()
    }

    fn device_by<'a>(ds: &'a Dataset, id: &str) -> &'a RegisteredDevice {
        ds.registered_devices.iter().find(|d| d.device_id == id).unwrap()
    }

    /// Applies an entry that must fail, and checks the dataset did not change.
    fn refused(ds: &mut Dataset, e: &JournalEntry) -> ChangeError {
        let before = ds.clone();
        let err = apply(ds, e).unwrap_err();
        assert_eq!(*ds, before, "a refused change must leave the dataset unchanged");
        err
    }

    fn taken(what: &'static str, id: &str) -> ChangeError {
        ChangeError::NotAllowed(Refusal::DuplicateId { what, id: id.into() })
    }

    #[test]
    fn current_session_is_the_latest_active_one() {
        let mut ds = fixture();
        assert_eq!(current_session(&ds, "c1").map(|s| s.session_id.as_str()), Some("s1"));
        assert_eq!(current_session(&ds, "c2").map(|s| s.session_id.as_str()), Some("s4"));
        assert!(current_session(&ds, "nobody").is_none());
        // A tie on started_at goes to the greater id, whatever the file order.
        let mut twin = session("s0", "u1", "d2", "2026-11-20T09:00:00+03:00", "37.36.0.9");
        ds.login_sessions.insert(0, twin.clone());
        assert_eq!(current_session(&ds, "c1").map(|s| s.session_id.as_str()), Some("s1"));
        twin.session_id = "s9".into();
        ds.login_sessions.push(twin);
        assert_eq!(current_session(&ds, "c1").map(|s| s.session_id.as_str()), Some("s9"));
        // Newer but not ACTIVE does not count.
        let newer = session("s8", "u1", "d1", "2026-11-20T20:00:00+03:00", "37.36.0.8");
        ds.login_sessions.push(LoginSession { status: SessionStatus::Terminated, ..newer });
        assert_eq!(current_session(&ds, "c1").map(|s| s.session_id.as_str()), Some("s9"));
    }

    #[test]
    fn terminate_session_audits_with_the_current_ip_and_notifies() {
        let mut ds = fixture();
        apply(&mut ds, &entry("c1", Change::TerminateSession { session_id: "s2".into() })).unwrap();
        let s2 = session_by(&ds, "s2");
        assert_eq!(s2.status, SessionStatus::Terminated);
        assert_eq!(s2.last_activity_at, ts(AT));
        let log = ds.audit_logs.last().unwrap();
        assert_eq!(
            log,
            &AuditLog {
                audit_id: "new-audit".into(),
                user_id: "u1".into(),
                customer_id: Some("c1".into()),
                action: "SESSION_TERMINATED".into(),
                severity: Severity::Medium,
                ip_address: "37.36.0.1".into(),
                entity_type: EntityType::Session,
                entity_id: "s2".into(),
                details: "Signed out the session on iPad Air in Salmiya.".into(),
                created_at: ts(AT),
            }
        );
        let note = ds.notifications.last().unwrap();
        assert_eq!(
            note,
            &Notification {
                notification_id: "new-note".into(),
                customer_id: "c1".into(),
                channel: NotificationChannel::Push,
                title: "Session signed out".into(),
                body: "A session on iPad Air in Salmiya was signed out.".into(),
                related_entity_type: Some(EntityType::Session),
                related_entity_id: Some("s2".into()),
                sent_at: ts(AT),
                read: false,
            }
        );
    }

    #[test]
    fn terminate_keeps_a_later_last_activity() {
        let mut ds = fixture();
        let later = ts("2026-11-25T10:00:00+03:00");
        ds.login_sessions[1].last_activity_at = later;
        apply(&mut ds, &entry("c1", Change::TerminateSession { session_id: "s2".into() })).unwrap();
        assert_eq!(session_by(&ds, "s2").last_activity_at, later);
    }

    #[test]
    fn terminate_refuses_inactive_and_foreign_sessions() {
        let mut ds = fixture();
        let err = refused(&mut ds, &entry("c1", Change::TerminateSession { session_id: "s3".into() }));
        assert_eq!(err, not_allowed(Refusal::SessionNotActive(SessionStatus::Terminated)));
        let err = refused(&mut ds, &entry("c1", Change::TerminateSession { session_id: "s4".into() }));
        assert_eq!(err, ChangeError::NotFound { what: "session", id: "s4".into() });
        assert_eq!(err.to_string(), "session s4 was not found");
        let err = refused(&mut ds, &entry("c3", Change::TerminateSession { session_id: "s1".into() }));
        assert_eq!(err, ChangeError::NotFound { what: "customer", id: "c3".into() });
    }

    #[test]
    fn sign_out_others_keeps_only_the_current_session() {
        let mut ds = fixture();
        ds.login_sessions.push(session("s5", "u1", "d1", "2026-11-15T09:00:00+03:00", "37.36.0.5"));
        apply(&mut ds, &entry("c1", Change::SignOutOtherSessions { current_session_id: "s1".into() })).unwrap();
        let statuses: Vec<(&str, SessionStatus)> = ds.login_sessions.iter().map(|s| (s.session_id.as_str(), s.status)).collect();
        assert_eq!(statuses, [
            ("s1", SessionStatus::Active),
            ("s2", SessionStatus::Terminated),
            ("s3", SessionStatus::Terminated),
            ("s4", SessionStatus::Active),
            ("s5", SessionStatus::Terminated),
        ]);
        let log = ds.audit_logs.last().unwrap();
        assert_eq!((log.action.as_str(), log.severity, log.entity_type, log.entity_id.as_str()),
            ("OTHER_SESSIONS_TERMINATED", Severity::High, EntityType::AuthUser, "u1"));
        assert_eq!(log.details, "Signed out of 2 other sessions.");
        assert_eq!(ds.notifications.last().unwrap().body, "2 other sessions were signed out; only this session stays signed in.");

        let mut again = entry("c1", Change::SignOutOtherSessions { current_session_id: "s1".into() });
        again.audit_id = "another".into();
        assert_eq!(refused(&mut ds, &again), not_allowed(Refusal::NoOtherSessions));
        let foreign = entry("c1", Change::SignOutOtherSessions { current_session_id: "s4".into() });
        assert!(matches!(refused(&mut ds, &foreign), ChangeError::NotFound { what: "session", .. }));
    }

    #[test]
    fn revoke_device_untrusts_it_and_ends_its_sessions() {
        let mut ds = fixture();
        ds.registered_devices[1].trusted = true;
        apply(&mut ds, &entry("c1", Change::RevokeDevice { device_id: "d2".into() })).unwrap();
        let d2 = device_by(&ds, "d2");
        assert_eq!((d2.status, d2.trusted), (DeviceStatus::Revoked, false));
        assert_eq!(session_by(&ds, "s2").status, SessionStatus::Terminated);
        assert_eq!(session_by(&ds, "s1").status, SessionStatus::Active);
        let log = ds.audit_logs.last().unwrap();
        assert_eq!((log.action.as_str(), log.severity, log.entity_type, log.entity_id.as_str(), log.ip_address.as_str()),
            ("DEVICE_REVOKED", Severity::High, EntityType::Device, "d2", "37.36.0.1"));
        assert_eq!(log.details, "Revoked iPad Air and signed out its session.");
        assert_eq!(ds.notifications.last().unwrap().related_entity_id.as_deref(), Some("d2"));
    }

    #[test]
    fn revoke_refuses_the_current_device_revoked_and_foreign_devices() {
        let mut ds = fixture();
        let err = refused(&mut ds, &entry("c1", Change::RevokeDevice { device_id: "d1".into() }));
        assert_eq!(err, not_allowed(Refusal::CurrentDevice));
        let err = refused(&mut ds, &entry("c1", Change::RevokeDevice { device_id: "d3".into() }));
        assert_eq!(err, not_allowed(Refusal::DeviceAlreadyRevoked));
        let err = refused(&mut ds, &entry("c1", Change::RevokeDevice { device_id: "d4".into() }));
        assert_eq!(err, ChangeError::NotFound { what: "device", id: "d4".into() });
    }

    #[test]
    fn device_trust_changes_only_on_active_devices_and_only_when_different() {
        let mut ds = fixture();
        apply(&mut ds, &entry("c1", Change::SetDeviceTrust { device_id: "d2".into(), trusted: true })).unwrap();
        assert!(device_by(&ds, "d2").trusted);
        let log = ds.audit_logs.last().unwrap();
        assert_eq!((log.action.as_str(), log.severity), ("DEVICE_TRUSTED", Severity::Medium));
        assert_eq!(ds.notifications.last().unwrap().title, "Device trusted");

        let mut e = entry("c1", Change::SetDeviceTrust { device_id: "d2".into(), trusted: true });
        e.audit_id = "a2".into();
        e.notification_id = "n-2".into();
        assert_eq!(refused(&mut ds, &e), not_allowed(Refusal::TrustUnchanged { trusted: true }));
        e.change = Change::SetDeviceTrust { device_id: "d2".into(), trusted: false };
        apply(&mut ds, &e).unwrap();
        assert!(!device_by(&ds, "d2").trusted);
        assert_eq!(ds.audit_logs.last().unwrap().action, "DEVICE_UNTRUSTED");

        let e = entry("c1", Change::SetDeviceTrust { device_id: "d3".into(), trusted: true });
        assert_eq!(refused(&mut ds, &e), not_allowed(Refusal::DeviceNotActive(DeviceStatus::Revoked)));
    }

    #[test]
    fn service_request_is_created_open_on_the_customers_account() {
        let mut ds = fixture();
        let change = |id: &str, account: Option<&str>| Change::CreateServiceRequest {
            request_id: id.into(),
            request_type: RequestType::ChequeBook,
            account_id: account.map(Into::into),
            description: "New cheque book, 25 leaves".into(),
        };
        let err = refused(&mut ds, &entry("c1", change("r1", Some("a-c2"))));
        assert_eq!(err, ChangeError::NotFound { what: "account", id: "a-c2".into() });
        apply(&mut ds, &entry("c1", change("r1", Some("a-c1")))).unwrap();
        assert_eq!(
            ds.service_requests,
            vec![ServiceRequest {
                request_id: "r1".into(),
                customer_id: "c1".into(),
                account_id: Some("a-c1".into()),
                request_type: RequestType::ChequeBook,
                status: RequestStatus::Open,
                description: "New cheque book, 25 leaves".into(),
                created_at: ts(AT),
                updated_at: ts(AT),
                resolved_at: None,
            }]
        );
        let log = ds.audit_logs.last().unwrap();
        assert_eq!((log.action.as_str(), log.severity, log.entity_type, log.entity_id.as_str()),
            ("SERVICE_REQUEST_CREATED", Severity::Low, EntityType::ServiceRequest, "r1"));
        assert_eq!(ds.notifications.last().unwrap().body, "Your cheque book request is open; we will keep you updated.");

        let mut dup = entry("c1", change("r1", None));
        dup.audit_id = "a2".into();
        dup.notification_id = "n-2".into();
        assert_eq!(refused(&mut ds, &dup), taken("service request", "r1"));
    }

    #[test]
    fn dispute_needs_an_undisputed_failed_transaction_of_the_customer() {
        let mut ds = fixture();
        let change = |id: &str, txn: &str| Change::CreateDispute {
            dispute_id: id.into(),
            transaction_id: txn.into(),
            reason: DisputeReason::CashNotDispensed,
            description: "The ATM did not dispense cash".into(),
        };
        assert_eq!(refused(&mut ds, &entry("c1", change("x1", "t2"))), not_allowed(Refusal::NotFailed));
        assert_eq!(refused(&mut ds, &entry("c1", change("x1", "t3"))), ChangeError::NotFound { what: "transaction", id: "t3".into() });
        apply(&mut ds, &entry("c1", change("x1", "t1"))).unwrap();
        assert_eq!(
            ds.dispute_records,
            vec![DisputeRecord {
                dispute_id: "x1".into(),
                transaction_id: "t1".into(),
                customer_id: "c1".into(),
                reason: DisputeReason::CashNotDispensed,
                status: DisputeStatus::Open,
                disputed_amount: Money::from_fils(40_000),
                description: "The ATM did not dispense cash".into(),
                created_at: ts(AT),
                resolved_at: None,
            }]
        );
        let log = ds.audit_logs.last().unwrap();
        assert_eq!((log.action.as_str(), log.severity, log.entity_type, log.entity_id.as_str()),
            ("DISPUTE_CREATED", Severity::Medium, EntityType::Dispute, "x1"));
        assert_eq!(ds.notifications.last().unwrap().body, "We are reviewing your dispute for KWD 40.000.");

        let mut again = entry("c1", change("x2", "t1"));
        again.audit_id = "a2".into();
        again.notification_id = "n-2".into();
        assert_eq!(refused(&mut ds, &again), not_allowed(Refusal::AlreadyDisputed));
    }

    #[test]
    fn read_marks_are_not_audited() {
        let mut ds = fixture();
        apply(&mut ds, &entry("c1", Change::SetNotificationRead { notification_id: "n1".into(), read: true })).unwrap();
        assert!(ds.notifications[0].read);
        assert!(ds.audit_logs.is_empty());
        assert_eq!(ds.notifications.len(), 2);
        let err = refused(&mut ds, &entry("c1", Change::SetNotificationRead { notification_id: "n2".into(), read: true }));
        assert_eq!(err, ChangeError::NotFound { what: "notification", id: "n2".into() });
    }

    #[test]
    fn customers_with_notifications_off_get_an_audit_but_no_notification() {
        let mut ds = fixture();
        apply(&mut ds, &entry("c2", Change::SetDeviceTrust { device_id: "d4".into(), trusted: false })).unwrap();
        assert_eq!(ds.audit_logs.len(), 1);
        assert_eq!(ds.audit_logs[0].ip_address, "168.187.0.4");
        assert_eq!(ds.notifications.len(), 2);
    }

    #[test]
    fn ip_falls_back_to_the_latest_session_and_needs_one() {
        let mut ds = fixture();
        for s in ds.login_sessions.iter_mut().filter(|s| s.user_id == "u1") {
            s.status = SessionStatus::Expired;
        }
        let change = Change::CreateServiceRequest {
            request_id: "r1".into(),
            request_type: RequestType::GeneralInquiry,
            account_id: None,
            description: "Question".into(),
        };
        apply(&mut ds, &entry("c1", change.clone())).unwrap();
        assert_eq!(ds.audit_logs[0].ip_address, "37.36.0.1", "s1 started last");

        ds.login_sessions.retain(|s| s.user_id != "u1");
        let mut e = entry("c1", Change::CreateServiceRequest {
            request_id: "r2".into(),
            request_type: RequestType::GeneralInquiry,
            account_id: None,
            description: "Question".into(),
        });
        e.audit_id = "a2".into();
        e.notification_id = "n-2".into();
        assert_eq!(refused(&mut ds, &e), not_allowed(Refusal::NoSession));
    }

    #[test]
    fn journal_ids_must_be_new() {
        let mut ds = fixture();
        let e = entry("c1", Change::TerminateSession { session_id: "s2".into() });
        ds.notifications[0].notification_id = e.notification_id.clone();
        assert_eq!(refused(&mut ds, &e), taken("notification", &e.notification_id));
        ds = fixture();
        apply(&mut ds, &e).unwrap();
        ds.login_sessions[1].status = SessionStatus::Active;
        assert_eq!(refused(&mut ds, &e), taken("audit log", &e.audit_id));
    }

    #[test]
    fn replay_skips_entries_that_no_longer_apply() {
        let base = fixture();
        let mut second = entry("c1", Change::TerminateSession { session_id: "s2".into() });
        second.audit_id = "a2".into();
        second.notification_id = "n-2".into();
        let entries = vec![
            entry("c1", Change::TerminateSession { session_id: "s2".into() }),
            second,
            JournalEntry { audit_id: "a3".into(), ..entry("c1", Change::SetNotificationRead { notification_id: "n1".into(), read: true }) },
        ];
        let (ds, skipped) = replay(&base, &entries);
        assert_eq!(skipped, vec![(1, not_allowed(Refusal::SessionNotActive(SessionStatus::Terminated)))]);
        assert_eq!(session_by(&ds, "s2").status, SessionStatus::Terminated);
        assert_eq!(ds.audit_logs.len(), 1);
        assert!(ds.notifications[0].read);
        assert_eq!(base, fixture(), "the base is not touched");
    }

    #[test]
    fn refusals_read_as_english_sentences() {
        let cases = [
            (Refusal::SessionNotActive(SessionStatus::Terminated), "session is already TERMINATED"),
            (Refusal::NoOtherSessions, "no other active sessions"),
            (Refusal::DeviceAlreadyRevoked, "device is already REVOKED"),
            (Refusal::CurrentDevice, "you cannot revoke the device you are using"),
            (Refusal::DeviceNotActive(DeviceStatus::Inactive), "only active devices can change trust; this device is INACTIVE"),
            (Refusal::TrustUnchanged { trusted: true }, "device is already trusted"),
            (Refusal::TrustUnchanged { trusted: false }, "device is already untrusted"),
            (Refusal::DuplicateId { what: "service request", id: "r1".into() }, "service request r1 already exists"),
            (Refusal::DuplicateId { what: "dispute", id: "x1".into() }, "dispute x1 already exists"),
            (Refusal::DuplicateId { what: "audit log", id: "a1".into() }, "audit log a1 already exists"),
            (Refusal::DuplicateId { what: "notification", id: "n1".into() }, "notification n1 already exists"),
            (Refusal::NotFailed, "only failed transactions can be disputed"),
            (Refusal::AlreadyDisputed, "this transaction is already disputed"),
            (Refusal::NoSession, "no session to attribute the change to"),
        ];
        for (refusal, text) in cases {
            assert_eq!(refusal.to_string(), text);
            assert_eq!(not_allowed(refusal).to_string(), text, "ChangeError shows the refusal as is");
        }
    }

    #[test]
    fn timestamps_are_stored_in_kuwait_time() {
        let mut ds = fixture();
        let mut e = entry("c1", Change::TerminateSession { session_id: "s2".into() });
        e.at = ts("2026-11-21T06:30:00+00:00");
        apply(&mut ds, &e).unwrap();
        assert_eq!(ds.audit_logs[0].created_at.to_rfc3339(), "2026-11-21T09:30:00+03:00");
        assert_eq!(session_by(&ds, "s2").last_activity_at.to_rfc3339(), "2026-11-21T09:30:00+03:00");
    }

    #[test]
    fn journal_entries_have_a_stable_json_shape() {
        let e = JournalEntry {
            at: ts(AT),
            customer_id: "c1".into(),
            change: Change::SetDeviceTrust { device_id: "d2".into(), trusted: true },
            audit_id: "a1".into(),
            notification_id: "n1".into(),
        };
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["change"], serde_json::json!({"type": "set_device_trust", "device_id": "d2", "trusted": true}));
        assert_eq!(serde_json::from_value::<JournalEntry>(json).unwrap(), e);
    }
}
