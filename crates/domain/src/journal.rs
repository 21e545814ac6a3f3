//! Changes the user makes, as an append-only journal replayed over the bundled data.
//! Each entry carries the ids and time it needs, so replay is deterministic. Sensitive
//! changes append an audit log and, when the customer has notifications enabled and the
//! change is one they should hear about, a PUSH notification. The log's IP is the one of
//! the session the change is about (signing in or out, expiring), otherwise the
//! customer's current session's (see [`current_session`]; without one, the user's latest
//! session's). Who may journal what is [`authorize`]'s to say.

use crate::auth;
use crate::dataset::Dataset;
use crate::kuwait;
use crate::model::{
    Address, AuditLog, AuthUser, CredentialStatus, DeviceStatus, DisputeReason, DisputeRecord,
    DisputeStatus, EntityType, LoginSession, Notification, NotificationChannel, RegisteredDevice,
    RequestStatus, RequestType, ServiceRequest, SessionStatus, Severity, TxnStatus,
};
use crate::time::{in_kuwait, Timestamp};
use crate::timeline::{request_title, AuditAction};
use crate::validate::is_bcrypt_hash;
use serde::{Deserialize, Serialize};
use sha1::{Digest, Sha1};
use std::fmt;

/// In JSON, an object with a `type` (the variant's name in snake case) and the variant's
/// fields. It is read through `ChangeFields`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", try_from = "ChangeFields")]
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
    CreateServiceRequest {
        request_id: String,
        request_type: RequestType,
        account_id: Option<String>,
        description: String,
    },
    /// New OPEN dispute on a FAILED transaction of the customer that has no dispute yet;
    /// disputed_amount = the transaction's amount. Audit DISPUTE_CREATED (MEDIUM); notifies.
    CreateDispute {
        dispute_id: String,
        transaction_id: String,
        reason: DisputeReason,
        description: String,
    },
    /// Read marks are not sensitive: no audit, no notification.
    SetNotificationRead { notification_id: String, read: bool },
    /// A wrong password or code for the customer's user, as [`auth::after_failure`]
    /// decides: an ACTIVE user's counter goes up and the 5th failure locks the account.
    /// Audit LOGIN_FAILED (MEDIUM, entity AUTH_USER); when it locks, a second log
    /// ACCOUNT_LOCKED (HIGH) whose id is derived from the entry's audit id (see
    /// [`derived_audit_id`]) and an "Account locked" notification. A LOCKED or SUSPENDED
    /// user is only audited. The IP is the current session's, else the user's latest
    /// session's; a user who never had a session is refused with [`Refusal::NoSession`].
    SignInFailed { user_id: String },
    /// A new bcrypt password hash (the password rules are checked by the form before
    /// hashing): credential ACTIVE, changed now, expiring after
    /// [`auth::PASSWORD_LIFETIME_DAYS`]. Does not unlock the user. Audit PASSWORD_CHANGED
    /// (HIGH, entity CREDENTIAL); notifies.
    ChangePassword {
        user_id: String,
        password_hash: String,
    },
    /// New contact details: at least one field that differs from the record. A new email
    /// is also the user's sign-in email, so it must not be another user's. Audit
    /// ADDRESS_UPDATED (HIGH) when the address changes, else CONTACT_UPDATED (HIGH);
    /// entity CUSTOMER; notifies.
    UpdateProfile {
        email: Option<String>,
        phone: Option<String>,
        address: Option<Address>,
    },
    /// Signing in or out, written as its own variant's JSON.
    #[serde(untagged)]
    Session(SessionChange),
}

/// The changes a reload replays before its first screen (the saved sign-in, and how
/// earlier sessions ended): [`replay_sessions`] applies a journal of only these without
/// the code for the other changes, which comes with the pages that make them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SessionChange {
    /// A right password (and code): a new ACTIVE session on one of the user's ACTIVE
    /// devices, from a Kuwaiti IP and city, started and last active at the entry's time;
    /// the failure counter resets and last_login_at is set ([`auth::after_success`]).
    /// Refused for a LOCKED or SUSPENDED user. Audit LOGIN_SUCCESS (LOW, entity SESSION)
    /// with the new session's IP; no notification.
    SignIn {
        user_id: String,
        session_id: String,
        device_id: String,
        ip_address: String,
        city: String,
        /// Must be later than the entry's time.
        expires_at: Timestamp,
    },
    /// The user's own ACTIVE session -> TERMINATED. Audit LOGOUT (LOW, entity SESSION)
    /// with that session's IP; no notification.
    SignOut { session_id: String },
    /// The user's own ACTIVE session ran out (its time limit, or idle too long) ->
    /// EXPIRED; expires_at becomes the entry's time when that is earlier, so an EXPIRED
    /// session never expires in the future. Audit SESSION_EXPIRED (LOW, entity SESSION)
    /// with that session's IP; no notification.
    ExpireSession { session_id: String },
}

crate::record! {
    /// A change's JSON read flat: every variant's fields in one struct, then checked
    /// against the `type`. The same format as serde's derive for an internally tagged
    /// enum, which buffers each object and brings a second deserializer for it: several
    /// times the code, and the saved journal is read before the first screen.
    struct ChangeFields {
        r#type: ChangeKind,
        session_id: Option<String>,
        current_session_id: Option<String>,
        device_id: Option<String>,
        trusted: Option<bool>,
        request_id: Option<String>,
        request_type: Option<RequestType>,
        account_id: Option<String>,
        description: Option<String>,
        dispute_id: Option<String>,
        transaction_id: Option<String>,
        reason: Option<DisputeReason>,
        notification_id: Option<String>,
        read: Option<bool>,
        user_id: Option<String>,
        ip_address: Option<String>,
        city: Option<String>,
        expires_at: Option<Timestamp>,
        password_hash: Option<String>,
        email: Option<String>,
        phone: Option<String>,
        address: Option<Address>,
    }
}

string_enum!(ChangeKind {
    TerminateSession = "terminate_session",
    SignOutOtherSessions = "sign_out_other_sessions",
    RevokeDevice = "revoke_device",
    SetDeviceTrust = "set_device_trust",
    CreateServiceRequest = "create_service_request",
    CreateDispute = "create_dispute",
    SetNotificationRead = "set_notification_read",
    SignInFailed = "sign_in_failed",
    SignIn = "sign_in",
    SignOut = "sign_out",
    ExpireSession = "expire_session",
    ChangePassword = "change_password",
    UpdateProfile = "update_profile",
});

/// A field the change's type requires.
fn required<T>(value: Option<T>, field: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{field}`"))
}

impl TryFrom<ChangeFields> for Change {
    type Error = String;

    fn try_from(f: ChangeFields) -> Result<Change, String> {
        Ok(match f.r#type {
            ChangeKind::TerminateSession => Change::TerminateSession {
                session_id: required(f.session_id, "session_id")?,
            },
            ChangeKind::SignOutOtherSessions => Change::SignOutOtherSessions {
                current_session_id: required(f.current_session_id, "current_session_id")?,
            },
            ChangeKind::RevokeDevice => Change::RevokeDevice {
                device_id: required(f.device_id, "device_id")?,
            },
            ChangeKind::SetDeviceTrust => Change::SetDeviceTrust {
                device_id: required(f.device_id, "device_id")?,
                trusted: required(f.trusted, "trusted")?,
            },
            ChangeKind::CreateServiceRequest => Change::CreateServiceRequest {
                request_id: required(f.request_id, "request_id")?,
                request_type: required(f.request_type, "request_type")?,
                account_id: f.account_id,
                description: required(f.description, "description")?,
            },
            ChangeKind::CreateDispute => Change::CreateDispute {
                dispute_id: required(f.dispute_id, "dispute_id")?,
                transaction_id: required(f.transaction_id, "transaction_id")?,
                reason: required(f.reason, "reason")?,
                description: required(f.description, "description")?,
            },
            ChangeKind::SetNotificationRead => Change::SetNotificationRead {
                notification_id: required(f.notification_id, "notification_id")?,
                read: required(f.read, "read")?,
            },
            ChangeKind::SignInFailed => Change::SignInFailed {
                user_id: required(f.user_id, "user_id")?,
            },
            ChangeKind::SignIn => Change::Session(SessionChange::SignIn {
                user_id: required(f.user_id, "user_id")?,
                session_id: required(f.session_id, "session_id")?,
                device_id: required(f.device_id, "device_id")?,
                ip_address: required(f.ip_address, "ip_address")?,
                city: required(f.city, "city")?,
                expires_at: required(f.expires_at, "expires_at")?,
            }),
            ChangeKind::SignOut => Change::Session(SessionChange::SignOut {
                session_id: required(f.session_id, "session_id")?,
            }),
            ChangeKind::ExpireSession => Change::Session(SessionChange::ExpireSession {
                session_id: required(f.session_id, "session_id")?,
            }),
            ChangeKind::ChangePassword => Change::ChangePassword {
                user_id: required(f.user_id, "user_id")?,
                password_hash: required(f.password_hash, "password_hash")?,
            },
            ChangeKind::UpdateProfile => Change::UpdateProfile {
                email: f.email,
                phone: f.phone,
                address: f.address,
            },
        })
    }
}

crate::record! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct JournalEntry {
        pub at: Timestamp,
        pub customer_id: String,
        pub change: Change,
        /// Id for the audit log this change appends (if any).
        pub audit_id: String,
        /// Id for the notification this change creates (if any).
        pub notification_id: String,
    }
}

crate::record::deserialized!(Change);

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
    TrustUnchanged {
        trusted: bool,
    },
    /// The journal's id for a new record is taken. `what` is "service request",
    /// "dispute", "session", "audit log" or "notification".
    DuplicateId {
        what: &'static str,
        id: String,
    },
    /// Only FAILED transactions can be disputed.
    NotFailed,
    /// The transaction already has a dispute.
    AlreadyDisputed,
    /// The user has no session to take the audit log's IP from.
    NoSession,
    /// The user is LOCKED after too many failed sign-ins; only the bank unlocks it.
    AccountLocked,
    /// The bank SUSPENDED the user.
    AccountSuspended,
    /// Only ACTIVE devices can sign in; this one is in the given state.
    DeviceNotUsable(DeviceStatus),
    /// The sign-in's IP address is outside Kuwait's ranges.
    NotKuwaitiIp {
        ip: String,
    },
    /// The sign-in's city is not a Kuwaiti one.
    NotKuwaitiCity {
        city: String,
    },
    /// The session would expire at or before the moment it starts.
    ExpiresBeforeStart,
    /// The password hash is not a bcrypt hash.
    NotBcrypt,
    /// A profile update that changes no field.
    NothingToChange,
    /// The new email is not a valid address.
    InvalidEmail,
    /// The new phone is not a Kuwaiti mobile number.
    InvalidPhone,
    /// The new email is another customer's or user's.
    EmailInUse,
}

impl From<auth::SignInBlock> for Refusal {
    fn from(block: auth::SignInBlock) -> Refusal {
        match block {
            auth::SignInBlock::Locked => Refusal::AccountLocked,
            auth::SignInBlock::Suspended => Refusal::AccountSuspended,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::SessionNotActive(status) => write!(f, "session is already {status}"),
            Refusal::NoOtherSessions => f.write_str("no other active sessions"),
            Refusal::DeviceAlreadyRevoked => f.write_str("device is already REVOKED"),
            Refusal::CurrentDevice => f.write_str("you cannot revoke the device you are using"),
            Refusal::DeviceNotActive(status) => {
                write!(
                    f,
                    "only active devices can change trust; this device is {status}"
                )
            }
            Refusal::TrustUnchanged { trusted: true } => f.write_str("device is already trusted"),
            Refusal::TrustUnchanged { trusted: false } => {
                f.write_str("device is already untrusted")
            }
            Refusal::DuplicateId { what, id } => write!(f, "{what} {id} already exists"),
            Refusal::NotFailed => f.write_str("only failed transactions can be disputed"),
            Refusal::AlreadyDisputed => f.write_str("this transaction is already disputed"),
            Refusal::NoSession => f.write_str("no session to attribute the change to"),
            Refusal::AccountLocked => auth::SignInBlock::Locked.fmt(f),
            Refusal::AccountSuspended => auth::SignInBlock::Suspended.fmt(f),
            Refusal::DeviceNotUsable(status) => write!(
                f,
                "only active devices can sign in; this device is {status}"
            ),
            Refusal::NotKuwaitiIp { ip } => write!(f, "IP address {ip} is not in a Kuwaiti range"),
            Refusal::NotKuwaitiCity { city } => write!(f, "{city} is not a city in Kuwait"),
            Refusal::ExpiresBeforeStart => f.write_str("a session must expire after it starts"),
            Refusal::NotBcrypt => f.write_str("the password hash is not a bcrypt hash"),
            Refusal::NothingToChange => f.write_str("nothing to change"),
            Refusal::InvalidEmail => f.write_str("the email is not a valid address"),
            Refusal::InvalidPhone => {
                f.write_str("the phone must be +965 and 8 digits starting with 5, 6 or 9")
            }
            Refusal::EmailInUse => f.write_str("this email is already used by another user"),
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

/// Whether `principal` may journal `change` for `customer_id`. Signed out, only the
/// sign-in page's own changes (a failed or successful sign-in, and the password set after
/// an expired-password or forgot-password code check); a customer, any change of their
/// own; an analyst, none (journal entries are customers' own actions). Every refusal is
/// the same "customer not found", so it does not tell whether the customer exists.
pub fn authorize(
    principal: Option<&auth::Principal>,
    customer_id: &str,
    change: &Change,
) -> Result<(), ChangeError> {
    let allowed = match principal {
        None => matches!(
            change,
            Change::SignInFailed { .. }
                | Change::Session(SessionChange::SignIn { .. })
                | Change::ChangePassword { .. }
        ),
        Some(auth::Principal::Customer {
            customer_id: own, ..
        }) => own == customer_id,
        Some(auth::Principal::Analyst { .. }) => false,
    };
    if allowed {
        Ok(())
    } else {
        Err(not_found("customer", customer_id))
    }
}

/// The customer's current session: their user's ACTIVE session started most recently.
pub fn current_session<'a>(ds: &'a Dataset, customer_id: &str) -> Option<&'a LoginSession> {
    let user = user_of(ds, customer_id)?;
    latest(
        ds.login_sessions
            .iter()
            .filter(|s| s.user_id == user.user_id && s.status == SessionStatus::Active),
    )
}

/// The id of a change's second audit log (ACCOUNT_LOCKED after the failure that locks):
/// a UUID laid out as version 5 (name-based, SHA-1) from the entry's audit id and the
/// action, so replaying the journal gives the same id and entries never share one.
pub fn derived_audit_id(audit_id: &str, action: &str) -> String {
    let digest = Sha1::new()
        .chain_update(audit_id.as_bytes())
        .chain_update(b"/")
        .chain_update(action.as_bytes())
        .finalize();
    let mut b = [0u8; 16];
    for (slot, byte) in b.iter_mut().zip(digest) {
        *slot = byte;
    }
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Applies one change; on error the dataset is unchanged.
pub fn apply(ds: &mut Dataset, entry: &JournalEntry) -> Result<(), ChangeError> {
    // Everything is checked and built against the untouched dataset first, so the
    // mutations below cannot fail half-way and the IP is the one from before the change.
    let at = in_kuwait(&entry.at);
    let planned = plan(ds, entry, at)?;
    carry_out(ds, entry, planned, at)
}

/// Replays the journal over `base`; entries that no longer apply are skipped and
/// returned with their index.
pub fn replay(base: &Dataset, entries: &[JournalEntry]) -> (Dataset, Vec<(usize, ChangeError)>) {
    replay_with(base, entries.iter(), apply)
}

/// [`replay`] for a journal of sign-ins, sign-outs and expiries only ([`SessionChange`]),
/// with only their code; None if the journal holds any other change.
pub fn replay_sessions(
    base: &Dataset,
    entries: &[JournalEntry],
) -> Option<(Dataset, Vec<(usize, ChangeError)>)> {
    let sessions = entries
        .iter()
        .map(|entry| match &entry.change {
            Change::Session(change) => Some((entry, change)),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(replay_with(
        base,
        sessions.into_iter(),
        |ds, (entry, change)| {
            let at = in_kuwait(&entry.at);
            let planned = plan_session(ds, entry, change, at)?;
            carry_out(ds, entry, planned, at)
        },
    ))
}

fn replay_with<T>(
    base: &Dataset,
    entries: impl Iterator<Item = T>,
    mut apply: impl FnMut(&mut Dataset, T) -> Result<(), ChangeError>,
) -> (Dataset, Vec<(usize, ChangeError)>) {
    let mut ds = base.clone();
    let skipped = entries
        .enumerate()
        .filter_map(|(index, entry)| apply(&mut ds, entry).err().map(|e| (index, e)))
        .collect();
    (ds, skipped)
}

/// A change's edits and audit trail, decided against the untouched dataset.
type Plan = (Vec<Edit>, Option<Trail>);

/// Makes a planned change: its audit logs and notification first (they may still
/// refuse it), then the edits, which cannot fail.
fn carry_out(
    ds: &mut Dataset,
    entry: &JournalEntry,
    (edits, trail): Plan,
    at: Timestamp,
) -> Result<(), ChangeError> {
    let records = match trail {
        Some(trail) => Some(attribute(ds, entry, trail, at)?),
        None => None,
    };
    for edit in edits {
        commit(ds, edit, at);
    }
    if let Some((audits, notification)) = records {
        ds.audit_logs.extend(audits);
        ds.notifications.extend(notification);
    }
    Ok(())
}

/// A mutation decided while validating; carrying it out cannot fail.
enum Edit {
    /// Index into `login_sessions`.
    TerminateSession(usize),
    /// Index into `login_sessions`.
    ExpireSession(usize),
    /// Index into `registered_devices`.
    RevokeDevice(usize),
    SetDeviceTrust(usize, bool),
    AddRequest(ServiceRequest),
    AddDispute(DisputeRecord),
    /// Index into `notifications`.
    SetRead(usize, bool),
    /// Index into `auth_users` and the record's new value.
    SetUser(usize, AuthUser),
    AddSession(LoginSession),
    /// Index into `credentials` and the new hash; the credential becomes ACTIVE, changed
    /// at the entry's time.
    SetPassword(usize, String),
    /// Index into `customers` and the fields that change.
    SetContact {
        index: usize,
        email: Option<String>,
        phone: Option<String>,
        address: Option<Address>,
    },
}

/// What a sensitive change says about itself in the audit logs and the notification.
struct Trail {
    user_id: String,
    /// The logs, in order: (id, action, severity, details); no id is the entry's audit
    /// id. (The planner derives the others, so that replaying sign-ins and sign-outs
    /// does not bring the SHA-1 code of [`derived_audit_id`] into the first download.)
    audits: Vec<(Option<String>, &'static str, Severity, String)>,
    entity_type: EntityType,
    entity_id: String,
    /// The IP of the session the change is about; None: the current session's.
    ip: Option<String>,
    /// The PUSH notification's (title, body), for customers who have them on.
    notice: Option<(String, String)>,
}

impl Trail {
    /// One audit log, no notification, the current session's IP.
    fn new(
        user_id: &str,
        action: &'static str,
        severity: Severity,
        entity: (EntityType, &str),
        details: String,
    ) -> Trail {
        Trail {
            user_id: user_id.to_owned(),
            audits: vec![(None, action, severity, details)],
            entity_type: entity.0,
            entity_id: entity.1.to_owned(),
            ip: None,
            notice: None,
        }
    }

    fn notify(self, title: &str, body: String) -> Trail {
        Trail {
            notice: Some((title.to_owned(), body)),
            ..self
        }
    }

    fn with_ip(self, ip: &str) -> Trail {
        Trail {
            ip: Some(ip.to_owned()),
            ..self
        }
    }
}

fn not_found(what: &'static str, id: &str) -> ChangeError {
    ChangeError::NotFound {
        what,
        id: id.to_owned(),
    }
}

fn not_allowed(why: Refusal) -> ChangeError {
    ChangeError::NotAllowed(why)
}

/// A journal id for a new record that is already taken.
fn duplicate(what: &'static str, id: &str) -> ChangeError {
    not_allowed(Refusal::DuplicateId {
        what,
        id: id.to_owned(),
    })
}

/// The customer's login (staff users have no customer).
fn user_of<'a>(ds: &'a Dataset, customer_id: &str) -> Option<&'a AuthUser> {
    ds.auth_users
        .iter()
        .find(|u| u.customer_id.as_deref() == Some(customer_id))
}

fn require_user<'a>(ds: &'a Dataset, customer_id: &str) -> Result<&'a AuthUser, ChangeError> {
    user_of(ds, customer_id).ok_or_else(|| not_found("customer", customer_id))
}

/// The customer's user when it is the one named, with its index in `auth_users`.
fn named_user<'a>(
    ds: &'a Dataset,
    customer_id: &str,
    user_id: &str,
) -> Result<(usize, &'a AuthUser), ChangeError> {
    require_user(ds, customer_id)?;
    ds.auth_users
        .iter()
        .enumerate()
        .find(|(_, u)| u.user_id == user_id && u.customer_id.as_deref() == Some(customer_id))
        .ok_or_else(|| not_found("user", user_id))
}

/// The most recently started of `sessions` (ties: the greater session_id, so the
/// answer does not depend on file order).
fn latest<'a>(sessions: impl Iterator<Item = &'a LoginSession>) -> Option<&'a LoginSession> {
    sessions.max_by(|a, b| {
        a.started_at
            .cmp(&b.started_at)
            .then_with(|| a.session_id.cmp(&b.session_id))
    })
}

/// The user's session with this id, with its index.
fn session_of<'a>(
    ds: &'a Dataset,
    user: &AuthUser,
    session_id: &str,
) -> Result<(usize, &'a LoginSession), ChangeError> {
    ds.login_sessions
        .iter()
        .enumerate()
        .find(|(_, s)| s.session_id == session_id && s.user_id == user.user_id)
        .ok_or_else(|| not_found("session", session_id))
}

/// The customer's user, and their ACTIVE session with this id with its index.
fn active_session_of<'a>(
    ds: &'a Dataset,
    customer_id: &str,
    session_id: &str,
) -> Result<(&'a AuthUser, usize, &'a LoginSession), ChangeError> {
    let user = require_user(ds, customer_id)?;
    let (index, session) = session_of(ds, user, session_id)?;
    if session.status != SessionStatus::Active {
        return Err(not_allowed(Refusal::SessionNotActive(session.status)));
    }
    Ok((user, index, session))
}

/// The user's device with this id, with its index.
fn device_of<'a>(
    ds: &'a Dataset,
    user: &AuthUser,
    device_id: &str,
) -> Result<(usize, &'a RegisteredDevice), ChangeError> {
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
        .map_or_else(
            || "an unknown device".to_owned(),
            |d| d.device_model.clone(),
        )
}

/// "1 other session" / "3 other sessions".
fn other_sessions(n: usize) -> String {
    if n == 1 {
        "1 other session".to_owned()
    } else {
        format!("{n} other sessions")
    }
}

/// "a", "a and b", "a, b and c".
fn listing(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Validates the change against `ds` and decides its edits and its audit trail.
fn plan(ds: &Dataset, entry: &JournalEntry, at: Timestamp) -> Result<Plan, ChangeError> {
    let customer_id = entry.customer_id.as_str();
    match &entry.change {
        Change::TerminateSession { session_id } => {
            let (user, index, session) = active_session_of(ds, customer_id, session_id)?;
            let place = format!(
                "{} in {}",
                device_name(ds, &session.device_id),
                session.city
            );
            let trail = Trail::new(
                &user.user_id,
                AuditAction::SessionTerminated.as_str(),
                Severity::Medium,
                (EntityType::Session, session_id),
                format!("Signed out the session on {place}."),
            )
            .notify(
                "Session signed out",
                format!("A session on {place} was signed out."),
            );
            Ok((vec![Edit::TerminateSession(index)], Some(trail)))
        }
        Change::SignOutOtherSessions { current_session_id } => {
            let user = require_user(ds, customer_id)?;
            session_of(ds, user, current_session_id)?;
            let edits: Vec<Edit> = ds
                .login_sessions
                .iter()
                .enumerate()
                .filter(|(_, s)| {
                    s.user_id == user.user_id
                        && s.status == SessionStatus::Active
                        && s.session_id != *current_session_id
                })
                .map(|(i, _)| Edit::TerminateSession(i))
                .collect();
            if edits.is_empty() {
                return Err(not_allowed(Refusal::NoOtherSessions));
            }
            let others = other_sessions(edits.len());
            let verb = if edits.len() == 1 { "was" } else { "were" };
            let trail = Trail::new(
                &user.user_id,
                AuditAction::OtherSessionsTerminated.as_str(),
                Severity::High,
                (EntityType::AuthUser, &user.user_id),
                format!("Signed out of {others}."),
            )
            .notify(
                "Signed out of other sessions",
                format!("{others} {verb} signed out; only this session stays signed in."),
            );
            Ok((edits, Some(trail)))
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
                        s.device_id == *device_id
                            && s.user_id == user.user_id
                            && s.status == SessionStatus::Active
                    })
                    .map(|(i, _)| Edit::TerminateSession(i)),
            );
            let model = &device.device_model;
            let details = match edits.len() - 1 {
                0 => format!("Revoked {model}."),
                1 => format!("Revoked {model} and signed out its session."),
                n => format!("Revoked {model} and signed out its {n} sessions."),
            };
            let trail = Trail::new(
                &user.user_id,
                AuditAction::DeviceRevoked.as_str(),
                Severity::High,
                (EntityType::Device, device_id),
                details,
            )
            .notify(
                "Device revoked",
                format!("{model} was removed from your account and can no longer sign in."),
            );
            Ok((edits, Some(trail)))
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
                (
                    AuditAction::DeviceTrusted.as_str(),
                    format!("Marked {model} as trusted."),
                    "Device trusted",
                    format!("{model} is now a trusted device."),
                )
            } else {
                (
                    AuditAction::DeviceUntrusted.as_str(),
                    format!("Removed trust from {model}."),
                    "Device no longer trusted",
                    format!("{model} is no longer a trusted device."),
                )
            };
            let trail = Trail::new(
                &user.user_id,
                action,
                Severity::Medium,
                (EntityType::Device, device_id),
                details,
            )
            .notify(title, body);
            Ok((vec![Edit::SetDeviceTrust(index, *trusted)], Some(trail)))
        }
        Change::CreateServiceRequest {
            request_id,
            request_type,
            account_id,
            description,
        } => {
            let user = require_user(ds, customer_id)?;
            if ds
                .service_requests
                .iter()
                .any(|r| r.request_id == *request_id)
            {
                return Err(duplicate("service request", request_id));
            }
            if let Some(account_id) = account_id {
                if !ds
                    .accounts
                    .iter()
                    .any(|a| a.account_id == *account_id && a.customer_id == customer_id)
                {
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
            let trail = Trail::new(
                &user.user_id,
                AuditAction::ServiceRequestCreated.as_str(),
                Severity::Low,
                (EntityType::ServiceRequest, request_id),
                format!("{label} opened."),
            )
            .notify(
                "Service request received",
                format!(
                    "Your {} is open; we will keep you updated.",
                    label.to_lowercase()
                ),
            );
            Ok((vec![Edit::AddRequest(request)], Some(trail)))
        }
        Change::CreateDispute {
            dispute_id,
            transaction_id,
            reason,
            description,
        } => {
            let user = require_user(ds, customer_id)?;
            if ds
                .dispute_records
                .iter()
                .any(|d| d.dispute_id == *dispute_id)
            {
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
            if ds
                .dispute_records
                .iter()
                .any(|d| d.transaction_id == *transaction_id)
            {
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
            let trail = Trail::new(
                &user.user_id,
                AuditAction::DisputeCreated.as_str(),
                Severity::Medium,
                (EntityType::Dispute, dispute_id),
                format!(
                    "Disputed the failed {amount} transaction with {}.",
                    txn.merchant_name
                ),
            )
            .notify(
                "Dispute received",
                format!("We are reviewing your dispute for {amount}."),
            );
            Ok((vec![Edit::AddDispute(dispute)], Some(trail)))
        }
        Change::SetNotificationRead {
            notification_id,
            read,
        } => {
            let index = ds
                .notifications
                .iter()
                .position(|n| n.notification_id == *notification_id && n.customer_id == customer_id)
                .ok_or_else(|| not_found("notification", notification_id))?;
            Ok((vec![Edit::SetRead(index, *read)], None))
        }
        Change::SignInFailed { user_id } => {
            let (index, user) = named_user(ds, customer_id, user_id)?;
            let outcome = auth::after_failure(user);
            let blocked = auth::can_sign_in(user).is_err();
            let details = |audit: &auth::AuditEntry| {
                if *audit == auth::ACCOUNT_LOCKED {
                    format!(
                        "Locked after {} failed sign-in attempts.",
                        outcome.failed_login_attempts
                    )
                } else if blocked {
                    format!("Sign-in attempt while the account is {}.", user.status)
                } else {
                    match outcome.remaining_attempts {
                        0 => "Wrong password or code; no attempts left.".to_owned(),
                        1 => "Wrong password or code; 1 attempt left.".to_owned(),
                        n => format!("Wrong password or code; {n} attempts left."),
                    }
                }
            };
            let trail = Trail {
                user_id: user.user_id.clone(),
                audits: outcome
                    .audits
                    .iter()
                    .enumerate()
                    .map(|(i, a)| {
                        let action = a.action.as_str();
                        // The first log takes the entry's audit id.
                        let id = (i > 0).then(|| derived_audit_id(&entry.audit_id, action));
                        (id, action, a.severity, details(a))
                    })
                    .collect(),
                entity_type: EntityType::AuthUser,
                entity_id: user.user_id.clone(),
                ip: None,
                notice: outcome.locks.then(|| {
                    ("Account locked".to_owned(), format!(
                        "Your account was locked after {} failed sign-in attempts. Contact the bank to unlock it.",
                        outcome.failed_login_attempts))
                }),
            };
            let updated = outcome.applied_to(user);
            let edits = if updated == *user {
                vec![]
            } else {
                vec![Edit::SetUser(index, updated)]
            };
            Ok((edits, Some(trail)))
        }
        Change::Session(change) => plan_session(ds, entry, change, at),
        Change::ChangePassword {
            user_id,
            password_hash,
        } => {
            let (_, user) = named_user(ds, customer_id, user_id)?;
            if !is_bcrypt_hash(password_hash) {
                return Err(not_allowed(Refusal::NotBcrypt));
            }
            let index = ds
                .credentials
                .iter()
                .position(|c| c.user_id == *user_id)
                .ok_or_else(|| not_found("credential", user_id))?;
            let expires = auth::password_expires_at(&at).date_naive();
            let trail = Trail::new(
                &user.user_id,
                AuditAction::PasswordChanged.as_str(),
                Severity::High,
                (EntityType::Credential, user_id),
                format!("Changed the password; it expires on {expires}."),
            )
            .notify(
                "Password changed",
                "Your password was changed. If this was not you, contact the bank right away."
                    .to_owned(),
            );
            Ok((
                vec![Edit::SetPassword(index, password_hash.clone())],
                Some(trail),
            ))
        }
        Change::UpdateProfile {
            email,
            phone,
            address,
        } => {
            let (user_index, user) = ds
                .auth_users
                .iter()
                .enumerate()
                .find(|(_, u)| u.customer_id.as_deref() == Some(customer_id))
                .ok_or_else(|| not_found("customer", customer_id))?;
            let (index, customer) = ds
                .customers
                .iter()
                .enumerate()
                .find(|(_, c)| c.customer_id == customer_id)
                .ok_or_else(|| not_found("customer", customer_id))?;
            if email.as_deref().is_some_and(|e| !kuwait::is_valid_email(e)) {
                return Err(not_allowed(Refusal::InvalidEmail));
            }
            if phone.as_deref().is_some_and(|p| !kuwait::is_valid_phone(p)) {
                return Err(not_allowed(Refusal::InvalidPhone));
            }
            // Only what differs from the records counts as a change (the email is also the
            // user's; a stale copy there is brought in line).
            let email = email
                .clone()
                .filter(|e| *e != customer.email || *e != user.email);
            let phone = phone.clone().filter(|p| *p != customer.phone);
            let address = address.clone().filter(|a| *a != customer.address);
            if let Some(new) = &email {
                // The email signs in, so it must name one user only.
                let taken =
                    ds.auth_users
                        .iter()
                        .any(|u| u.user_id != user.user_id && u.email.eq_ignore_ascii_case(new))
                        || ds.customers.iter().any(|c| {
                            c.customer_id != customer_id && c.email.eq_ignore_ascii_case(new)
                        });
                if taken {
                    return Err(not_allowed(Refusal::EmailInUse));
                }
            }
            let changed: Vec<&str> = [
                address.as_ref().map(|_| "address"),
                email.as_ref().map(|_| "email"),
                phone.as_ref().map(|_| "phone number"),
            ]
            .into_iter()
            .flatten()
            .collect();
            if changed.is_empty() {
                return Err(not_allowed(Refusal::NothingToChange));
            }
            let what = listing(&changed);
            let action = if address.is_some() {
                AuditAction::AddressUpdated.as_str()
            } else {
                AuditAction::ContactUpdated.as_str()
            };
            let verb = if changed.len() == 1 { "was" } else { "were" };
            let trail = Trail::new(
                &user.user_id,
                action,
                Severity::High,
                (EntityType::Customer, customer_id),
                format!("Updated the {what}."),
            )
            .notify(
                "Profile updated",
                format!(
                    "Your {what} {verb} updated. If this was not you, contact the bank right away."
                ),
            );
            let mut edits = Vec::new();
            if let Some(new) = &email {
                if *new != user.email {
                    edits.push(Edit::SetUser(
                        user_index,
                        AuthUser {
                            email: new.clone(),
                            ..user.clone()
                        },
                    ));
                }
            }
            edits.push(Edit::SetContact {
                index,
                email,
                phone,
                address,
            });
            Ok((edits, Some(trail)))
        }
    }
}

/// [`plan`] for signing in and out.
fn plan_session(
    ds: &Dataset,
    entry: &JournalEntry,
    change: &SessionChange,
    at: Timestamp,
) -> Result<Plan, ChangeError> {
    let customer_id = entry.customer_id.as_str();
    match change {
        SessionChange::SignIn {
            user_id,
            session_id,
            device_id,
            ip_address,
            city,
            expires_at,
        } => {
            let (index, user) = named_user(ds, customer_id, user_id)?;
            let success =
                auth::after_success(user, &at).map_err(|block| not_allowed(block.into()))?;
            if ds
                .login_sessions
                .iter()
                .any(|s| s.session_id == *session_id)
            {
                return Err(duplicate("session", session_id));
            }
            let (_, device) = device_of(ds, user, device_id)?;
            if device.status != DeviceStatus::Active {
                return Err(not_allowed(Refusal::DeviceNotUsable(device.status)));
            }
            if !kuwait::is_kuwaiti_ip(ip_address) {
                return Err(not_allowed(Refusal::NotKuwaitiIp {
                    ip: ip_address.clone(),
                }));
            }
            if !kuwait::is_kuwaiti_city(city) {
                return Err(not_allowed(Refusal::NotKuwaitiCity { city: city.clone() }));
            }
            if *expires_at <= at {
                return Err(not_allowed(Refusal::ExpiresBeforeStart));
            }
            let session = LoginSession {
                session_id: session_id.clone(),
                user_id: user.user_id.clone(),
                device_id: device_id.clone(),
                ip_address: ip_address.clone(),
                city: city.clone(),
                started_at: at,
                last_activity_at: at,
                expires_at: in_kuwait(expires_at),
                status: SessionStatus::Active,
            };
            let trail = Trail::new(
                &user.user_id,
                success.audit.action.as_str(),
                success.audit.severity,
                (EntityType::Session, session_id),
                format!("Signed in on {} in {city}.", device.device_model),
            )
            .with_ip(ip_address);
            Ok((
                vec![
                    Edit::AddSession(session),
                    Edit::SetUser(index, success.user),
                ],
                Some(trail),
            ))
        }
        SessionChange::SignOut { session_id } | SessionChange::ExpireSession { session_id } => {
            let (user, index, session) = active_session_of(ds, customer_id, session_id)?;
            let device = device_name(ds, &session.device_id);
            let city = &session.city;
            let (action, details, edit) = match change {
                SessionChange::SignOut { .. } => (
                    AuditAction::Logout,
                    format!("Signed out on {device} in {city}."),
                    Edit::TerminateSession(index),
                ),
                _ => (
                    AuditAction::SessionExpired,
                    format!("The session on {device} in {city} expired."),
                    Edit::ExpireSession(index),
                ),
            };
            let trail = Trail::new(
                &user.user_id,
                action.as_str(),
                Severity::Low,
                (EntityType::Session, session_id),
                details,
            )
            .with_ip(&session.ip_address);
            Ok((vec![edit], Some(trail)))
        }
    }
}

/// Builds the audit logs and, if the change notifies and the customer wants them, the
/// PUSH notification.
fn attribute(
    ds: &Dataset,
    entry: &JournalEntry,
    trail: Trail,
    at: Timestamp,
) -> Result<(Vec<AuditLog>, Option<Notification>), ChangeError> {
    // Without an active session the change still came from somewhere: the device the
    // user signed in on last is the best evidence we have.
    let ip_address = match trail.ip {
        Some(ip) => ip,
        None => current_session(ds, &entry.customer_id)
            .or_else(|| {
                latest(
                    ds.login_sessions
                        .iter()
                        .filter(|s| s.user_id == trail.user_id),
                )
            })
            .map(|s| s.ip_address.clone())
            .ok_or_else(|| not_allowed(Refusal::NoSession))?,
    };
    let ids: Vec<String> = trail
        .audits
        .iter()
        .map(|(id, ..)| id.clone().unwrap_or_else(|| entry.audit_id.clone()))
        .collect();
    // Ids come from the journal; a clash would break the dataset's unique-id rule.
    if let Some(id) = ids
        .iter()
        .find(|id| ds.audit_logs.iter().any(|l| l.audit_id == **id))
    {
        return Err(duplicate("audit log", id));
    }
    let notify = trail.notice.is_some()
        && ds
            .customer_settings
            .iter()
            .any(|s| s.customer_id == entry.customer_id && s.notifications_enabled);
    if notify
        && ds
            .notifications
            .iter()
            .any(|n| n.notification_id == entry.notification_id)
    {
        return Err(duplicate("notification", &entry.notification_id));
    }
    let notification = trail
        .notice
        .filter(|_| notify)
        .map(|(title, body)| Notification {
            notification_id: entry.notification_id.clone(),
            customer_id: entry.customer_id.clone(),
            channel: NotificationChannel::Push,
            title,
            body,
            related_entity_type: Some(trail.entity_type),
            related_entity_id: Some(trail.entity_id.clone()),
            sent_at: at,
            read: false,
        });
    let audits = trail
        .audits
        .into_iter()
        .zip(ids)
        .map(|((_, action, severity, details), audit_id)| AuditLog {
            audit_id,
            user_id: trail.user_id.clone(),
            customer_id: Some(entry.customer_id.clone()),
            action: action.to_owned(),
            severity,
            ip_address: ip_address.clone(),
            entity_type: trail.entity_type,
            entity_id: trail.entity_id.clone(),
            details,
            created_at: at,
        })
        .collect();
    Ok((audits, notification))
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
        Edit::ExpireSession(i) => {
            if let Some(s) = ds.login_sessions.get_mut(i) {
                s.status = SessionStatus::Expired;
                // The validator holds EXPIRED sessions to an expires_at in the past.
                s.expires_at = s.expires_at.min(at);
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
        Edit::SetUser(i, user) => {
            if let Some(u) = ds.auth_users.get_mut(i) {
                *u = user;
            }
        }
        Edit::AddSession(s) => ds.login_sessions.push(s),
        Edit::SetPassword(i, hash) => {
            if let Some(c) = ds.credentials.get_mut(i) {
                c.password_hash = hash;
                c.status = CredentialStatus::Active;
                c.password_changed_at = at;
                c.expires_at = auth::password_expires_at(&at);
            }
        }
        Edit::SetContact {
            index,
            email,
            phone,
            address,
        } => {
            if let Some(c) = ds.customers.get_mut(index) {
                if let Some(email) = email {
                    c.email = email;
                }
                if let Some(phone) = phone {
                    c.phone = phone;
                }
                if let Some(address) = address {
                    c.address = address;
                }
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

    #[test]
    fn every_change_reads_back_as_written() {
        let s = |v: &str| v.to_owned();
        let changes = [
            Change::TerminateSession {
                session_id: s("s1"),
            },
            Change::SignOutOtherSessions {
                current_session_id: s("s1"),
            },
            Change::RevokeDevice { device_id: s("d1") },
            Change::SetDeviceTrust {
                device_id: s("d1"),
                trusted: false,
            },
            Change::CreateServiceRequest {
                request_id: s("r1"),
                request_type: RequestType::CardReplacement,
                account_id: None,
                description: s("Lost <b>card</b>"),
            },
            Change::CreateServiceRequest {
                request_id: s("r2"),
                request_type: RequestType::ChequeBook,
                account_id: Some(s("a1")),
                description: String::new(),
            },
            Change::CreateDispute {
                dispute_id: s("x1"),
                transaction_id: s("t1"),
                reason: DisputeReason::DuplicateAttempt,
                description: s("twice"),
            },
            Change::SetNotificationRead {
                notification_id: s("n1"),
                read: true,
            },
            Change::SignInFailed { user_id: s("u1") },
            Change::Session(SessionChange::SignIn {
                user_id: s("u1"),
                session_id: s("s2"),
                device_id: s("d1"),
                ip_address: s("185.1.2.3"),
                city: s("Hawalli"),
                expires_at: ts("2026-11-21T09:30:00.250+03:00"),
            }),
            Change::Session(SessionChange::SignOut {
                session_id: s("s2"),
            }),
            Change::Session(SessionChange::ExpireSession {
                session_id: s("s2"),
            }),
            Change::ChangePassword {
                user_id: s("u1"),
                password_hash: s("$2b$04$abc"),
            },
            Change::UpdateProfile {
                email: Some(s("a@b.kw")),
                phone: None,
                address: None,
            },
        ];
        for change in changes {
            let json = serde_json::to_string(&change).unwrap();
            let back: Change =
                serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(back, change, "{json}");
        }
        // The saved form: the type, then the variant's fields (unknown ones are ignored).
        let read = |json: &str| serde_json::from_str::<Change>(json).map_err(|e| e.to_string());
        assert_eq!(
            read(r#"{"type":"sign_out","session_id":"s9","note":1}"#),
            Ok(Change::Session(SessionChange::SignOut {
                session_id: s("s9")
            }))
        );
        let missing = read(r#"{"type":"set_device_trust","device_id":"d1"}"#).unwrap_err();
        assert!(missing.contains("missing field `trusted`"), "{missing}");
        let unknown = read(r#"{"type":"transfer","amount":5}"#).unwrap_err();
        assert!(unknown.contains("unknown variant `transfer`"), "{unknown}");
        let bad_time = read(r#"{"type":"sign_in","user_id":"u","session_id":"s","device_id":"d","ip_address":"i","city":"c","expires_at":"soon"}"#).unwrap_err();
        assert!(bad_time.contains(r#""soon""#), "{bad_time}");
    }

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
            auth_users: vec![
                user("u1", Some("c1")),
                user("u2", Some("c2")),
                user("u9", None),
            ],
            registered_devices: vec![
                RegisteredDevice {
                    trusted: true,
                    ..device("d1", "u1", "iPhone 15")
                },
                device("d2", "u1", "iPad Air"),
                RegisteredDevice {
                    status: DeviceStatus::Revoked,
                    ..device("d3", "u1", "Galaxy S21")
                },
                RegisteredDevice {
                    trusted: true,
                    ..device("d4", "u2", "Pixel 8")
                },
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
            accounts: vec![
                account("a-c1", "c1", AccountType::Current, 0),
                account("a-c2", "c2", AccountType::Current, 0),
            ],
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
            customers: vec![customer("c1"), customer("c2")],
            credentials: vec![credential("u1"), credential("u2")],
            ..Dataset::default()
        }
    }

    /// A bcrypt-shaped hash (cost 12, 53 characters of salt and digest).
    const OLD_HASH: &str = "$2b$12$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0";
    const NEW_HASH: &str = "$2b$12$ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkjihgfedcba9";

    /// Customer `<id>` with the email of its user (`u<n>@mail.example`) and a Salmiya address.
    fn customer(id: &str) -> Customer {
        Customer {
            customer_id: id.into(),
            first_name_en: "Fatima".into(),
            last_name_en: "Al-Sabah".into(),
            first_name_ar: "فاطمة".into(),
            last_name_ar: "الصباح".into(),
            email: format!("u{}@mail.example", &id[1..]),
            phone: "+96555123456".into(),
            civil_id: "285031512342".into(),
            nationality: "KW".into(),
            gender: Gender::Female,
            date_of_birth: fixtures::date(1985, 3, 15),
            segment: Segment::Retail,
            kyc_status: KycStatus::Verified,
            address: address("Salmiya", "10"),
            created_at: ts("2025-01-01T10:00:00+03:00"),
        }
    }

    fn address(area: &str, block: &str) -> Address {
        Address {
            governorate: "Hawalli".into(),
            area: area.into(),
            block: block.into(),
            street: "Salem Al Mubarak St".into(),
            building: "12".into(),
        }
    }

    /// An ACTIVE password changed on 2026-06-01, expiring 180 days later.
    fn credential(user_id: &str) -> Credential {
        let changed = ts("2026-06-01T10:00:00+03:00");
        Credential {
            user_id: user_id.into(),
            password_hash: OLD_HASH.into(),
            pin_hash: OLD_HASH.into(),
            status: CredentialStatus::Active,
            password_changed_at: changed,
            expires_at: changed + chrono::Duration::days(180),
        }
    }

    const AT: &str = "2026-11-21T09:30:00+03:00";

    fn entry(customer: &str, change: Change) -> JournalEntry {
        JournalEntry {
            at: ts(AT),
            customer_id: customer.into(),
            change,
            audit_id: "new-audit".into(),
            notification_id: "new-note".into(),
        }
    }

    fn session_by<'a>(ds: &'a Dataset, id: &str) -> &'a LoginSession {
        ds.login_sessions
            .iter()
            .find(|s| s.session_id == id)
            .unwrap()
    }

    fn device_by<'a>(ds: &'a Dataset, id: &str) -> &'a RegisteredDevice {
        ds.registered_devices
            .iter()
            .find(|d| d.device_id == id)
            .unwrap()
    }

    /// Applies an entry that must fail, and checks the dataset did not change.
    fn refused(ds: &mut Dataset, e: &JournalEntry) -> ChangeError {
        let before = ds.clone();
        let err = apply(ds, e).unwrap_err();
        assert_eq!(
            *ds, before,
            "a refused change must leave the dataset unchanged"
        );
        err
    }

    fn taken(what: &'static str, id: &str) -> ChangeError {
        ChangeError::NotAllowed(Refusal::DuplicateId {
            what,
            id: id.into(),
        })
    }

    #[test]
    fn current_session_is_the_latest_active_one() {
        let mut ds = fixture();
        assert_eq!(
            current_session(&ds, "c1").map(|s| s.session_id.as_str()),
            Some("s1")
        );
        assert_eq!(
            current_session(&ds, "c2").map(|s| s.session_id.as_str()),
            Some("s4")
        );
        assert!(current_session(&ds, "nobody").is_none());
        // A tie on started_at goes to the greater id, whatever the file order.
        let mut twin = session("s0", "u1", "d2", "2026-11-20T09:00:00+03:00", "37.36.0.9");
        ds.login_sessions.insert(0, twin.clone());
        assert_eq!(
            current_session(&ds, "c1").map(|s| s.session_id.as_str()),
            Some("s1")
        );
        twin.session_id = "s9".into();
        ds.login_sessions.push(twin);
        assert_eq!(
            current_session(&ds, "c1").map(|s| s.session_id.as_str()),
            Some("s9")
        );
        // Newer but not ACTIVE does not count.
        let newer = session("s8", "u1", "d1", "2026-11-20T20:00:00+03:00", "37.36.0.8");
        ds.login_sessions.push(LoginSession {
            status: SessionStatus::Terminated,
            ..newer
        });
        assert_eq!(
            current_session(&ds, "c1").map(|s| s.session_id.as_str()),
            Some("s9")
        );
    }

    #[test]
    fn terminate_session_audits_with_the_current_ip_and_notifies() {
        let mut ds = fixture();
        apply(
            &mut ds,
            &entry(
                "c1",
                Change::TerminateSession {
                    session_id: "s2".into(),
                },
            ),
        )
        .unwrap();
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
                action: AuditAction::SessionTerminated.as_str().into(),
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
        apply(
            &mut ds,
            &entry(
                "c1",
                Change::TerminateSession {
                    session_id: "s2".into(),
                },
            ),
        )
        .unwrap();
        assert_eq!(session_by(&ds, "s2").last_activity_at, later);
    }

    #[test]
    fn terminate_refuses_inactive_and_foreign_sessions() {
        let mut ds = fixture();
        let err = refused(
            &mut ds,
            &entry(
                "c1",
                Change::TerminateSession {
                    session_id: "s3".into(),
                },
            ),
        );
        assert_eq!(
            err,
            not_allowed(Refusal::SessionNotActive(SessionStatus::Terminated))
        );
        let err = refused(
            &mut ds,
            &entry(
                "c1",
                Change::TerminateSession {
                    session_id: "s4".into(),
                },
            ),
        );
        assert_eq!(
            err,
            ChangeError::NotFound {
                what: "session",
                id: "s4".into()
            }
        );
        assert_eq!(err.to_string(), "session s4 was not found");
        let err = refused(
            &mut ds,
            &entry(
                "c3",
                Change::TerminateSession {
                    session_id: "s1".into(),
                },
            ),
        );
        assert_eq!(
            err,
            ChangeError::NotFound {
                what: "customer",
                id: "c3".into()
            }
        );
    }

    #[test]
    fn sign_out_others_keeps_only_the_current_session() {
        let mut ds = fixture();
        ds.login_sessions.push(session(
            "s5",
            "u1",
            "d1",
            "2026-11-15T09:00:00+03:00",
            "37.36.0.5",
        ));
        apply(
            &mut ds,
            &entry(
                "c1",
                Change::SignOutOtherSessions {
                    current_session_id: "s1".into(),
                },
            ),
        )
        .unwrap();
        let statuses: Vec<(&str, SessionStatus)> = ds
            .login_sessions
            .iter()
            .map(|s| (s.session_id.as_str(), s.status))
            .collect();
        assert_eq!(
            statuses,
            [
                ("s1", SessionStatus::Active),
                ("s2", SessionStatus::Terminated),
                ("s3", SessionStatus::Terminated),
                ("s4", SessionStatus::Active),
                ("s5", SessionStatus::Terminated),
            ]
        );
        let log = ds.audit_logs.last().unwrap();
        assert_eq!(
            (
                log.action.as_str(),
                log.severity,
                log.entity_type,
                log.entity_id.as_str()
            ),
            (
                AuditAction::OtherSessionsTerminated.as_str(),
                Severity::High,
                EntityType::AuthUser,
                "u1"
            )
        );
        assert_eq!(log.details, "Signed out of 2 other sessions.");
        assert_eq!(
            ds.notifications.last().unwrap().body,
            "2 other sessions were signed out; only this session stays signed in."
        );

        let mut again = entry(
            "c1",
            Change::SignOutOtherSessions {
                current_session_id: "s1".into(),
            },
        );
        again.audit_id = "another".into();
        assert_eq!(
            refused(&mut ds, &again),
            not_allowed(Refusal::NoOtherSessions)
        );
        let foreign = entry(
            "c1",
            Change::SignOutOtherSessions {
                current_session_id: "s4".into(),
            },
        );
        assert!(matches!(
            refused(&mut ds, &foreign),
            ChangeError::NotFound {
                what: "session",
                ..
            }
        ));
    }

    #[test]
    fn revoke_device_untrusts_it_and_ends_its_sessions() {
        let mut ds = fixture();
        ds.registered_devices[1].trusted = true;
        apply(
            &mut ds,
            &entry(
                "c1",
                Change::RevokeDevice {
                    device_id: "d2".into(),
                },
            ),
        )
        .unwrap();
        let d2 = device_by(&ds, "d2");
        assert_eq!((d2.status, d2.trusted), (DeviceStatus::Revoked, false));
        assert_eq!(session_by(&ds, "s2").status, SessionStatus::Terminated);
        assert_eq!(session_by(&ds, "s1").status, SessionStatus::Active);
        let log = ds.audit_logs.last().unwrap();
        assert_eq!(
            (
                log.action.as_str(),
                log.severity,
                log.entity_type,
                log.entity_id.as_str(),
                log.ip_address.as_str()
            ),
            (
                AuditAction::DeviceRevoked.as_str(),
                Severity::High,
                EntityType::Device,
                "d2",
                "37.36.0.1"
            )
        );
        assert_eq!(log.details, "Revoked iPad Air and signed out its session.");
        assert_eq!(
            ds.notifications
                .last()
                .unwrap()
                .related_entity_id
                .as_deref(),
            Some("d2")
        );
    }

    #[test]
    fn revoke_refuses_the_current_device_revoked_and_foreign_devices() {
        let mut ds = fixture();
        let err = refused(
            &mut ds,
            &entry(
                "c1",
                Change::RevokeDevice {
                    device_id: "d1".into(),
                },
            ),
        );
        assert_eq!(err, not_allowed(Refusal::CurrentDevice));
        let err = refused(
            &mut ds,
            &entry(
                "c1",
                Change::RevokeDevice {
                    device_id: "d3".into(),
                },
            ),
        );
        assert_eq!(err, not_allowed(Refusal::DeviceAlreadyRevoked));
        let err = refused(
            &mut ds,
            &entry(
                "c1",
                Change::RevokeDevice {
                    device_id: "d4".into(),
                },
            ),
        );
        assert_eq!(
            err,
            ChangeError::NotFound {
                what: "device",
                id: "d4".into()
            }
        );
    }

    #[test]
    fn device_trust_changes_only_on_active_devices_and_only_when_different() {
        let mut ds = fixture();
        apply(
            &mut ds,
            &entry(
                "c1",
                Change::SetDeviceTrust {
                    device_id: "d2".into(),
                    trusted: true,
                },
            ),
        )
        .unwrap();
        assert!(device_by(&ds, "d2").trusted);
        let log = ds.audit_logs.last().unwrap();
        assert_eq!(
            (log.action.as_str(), log.severity),
            (AuditAction::DeviceTrusted.as_str(), Severity::Medium)
        );
        assert_eq!(ds.notifications.last().unwrap().title, "Device trusted");

        let mut e = entry(
            "c1",
            Change::SetDeviceTrust {
                device_id: "d2".into(),
                trusted: true,
            },
        );
        e.audit_id = "a2".into();
        e.notification_id = "n-2".into();
        assert_eq!(
            refused(&mut ds, &e),
            not_allowed(Refusal::TrustUnchanged { trusted: true })
        );
        e.change = Change::SetDeviceTrust {
            device_id: "d2".into(),
            trusted: false,
        };
        apply(&mut ds, &e).unwrap();
        assert!(!device_by(&ds, "d2").trusted);
        assert_eq!(
            ds.audit_logs.last().unwrap().action,
            AuditAction::DeviceUntrusted.as_str()
        );

        let e = entry(
            "c1",
            Change::SetDeviceTrust {
                device_id: "d3".into(),
                trusted: true,
            },
        );
        assert_eq!(
            refused(&mut ds, &e),
            not_allowed(Refusal::DeviceNotActive(DeviceStatus::Revoked))
        );
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
        assert_eq!(
            err,
            ChangeError::NotFound {
                what: "account",
                id: "a-c2".into()
            }
        );
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
        assert_eq!(
            (
                log.action.as_str(),
                log.severity,
                log.entity_type,
                log.entity_id.as_str()
            ),
            (
                AuditAction::ServiceRequestCreated.as_str(),
                Severity::Low,
                EntityType::ServiceRequest,
                "r1"
            )
        );
        assert_eq!(
            ds.notifications.last().unwrap().body,
            "Your cheque book request is open; we will keep you updated."
        );

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
        assert_eq!(
            refused(&mut ds, &entry("c1", change("x1", "t2"))),
            not_allowed(Refusal::NotFailed)
        );
        assert_eq!(
            refused(&mut ds, &entry("c1", change("x1", "t3"))),
            ChangeError::NotFound {
                what: "transaction",
                id: "t3".into()
            }
        );
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
        assert_eq!(
            (
                log.action.as_str(),
                log.severity,
                log.entity_type,
                log.entity_id.as_str()
            ),
            (
                AuditAction::DisputeCreated.as_str(),
                Severity::Medium,
                EntityType::Dispute,
                "x1"
            )
        );
        assert_eq!(
            ds.notifications.last().unwrap().body,
            "We are reviewing your dispute for KWD 40.000."
        );

        let mut again = entry("c1", change("x2", "t1"));
        again.audit_id = "a2".into();
        again.notification_id = "n-2".into();
        assert_eq!(
            refused(&mut ds, &again),
            not_allowed(Refusal::AlreadyDisputed)
        );
    }

    #[test]
    fn read_marks_are_not_audited() {
        let mut ds = fixture();
        apply(
            &mut ds,
            &entry(
                "c1",
                Change::SetNotificationRead {
                    notification_id: "n1".into(),
                    read: true,
                },
            ),
        )
        .unwrap();
        assert!(ds.notifications[0].read);
        assert!(ds.audit_logs.is_empty());
        assert_eq!(ds.notifications.len(), 2);
        let err = refused(
            &mut ds,
            &entry(
                "c1",
                Change::SetNotificationRead {
                    notification_id: "n2".into(),
                    read: true,
                },
            ),
        );
        assert_eq!(
            err,
            ChangeError::NotFound {
                what: "notification",
                id: "n2".into()
            }
        );
    }

    #[test]
    fn customers_with_notifications_off_get_an_audit_but_no_notification() {
        let mut ds = fixture();
        apply(
            &mut ds,
            &entry(
                "c2",
                Change::SetDeviceTrust {
                    device_id: "d4".into(),
                    trusted: false,
                },
            ),
        )
        .unwrap();
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
        let mut e = entry(
            "c1",
            Change::CreateServiceRequest {
                request_id: "r2".into(),
                request_type: RequestType::GeneralInquiry,
                account_id: None,
                description: "Question".into(),
            },
        );
        e.audit_id = "a2".into();
        e.notification_id = "n-2".into();
        assert_eq!(refused(&mut ds, &e), not_allowed(Refusal::NoSession));
    }

    #[test]
    fn journal_ids_must_be_new() {
        let mut ds = fixture();
        let e = entry(
            "c1",
            Change::TerminateSession {
                session_id: "s2".into(),
            },
        );
        ds.notifications[0].notification_id = e.notification_id.clone();
        assert_eq!(
            refused(&mut ds, &e),
            taken("notification", &e.notification_id)
        );
        ds = fixture();
        apply(&mut ds, &e).unwrap();
        ds.login_sessions[1].status = SessionStatus::Active;
        assert_eq!(refused(&mut ds, &e), taken("audit log", &e.audit_id));
    }

    #[test]
    fn replay_skips_entries_that_no_longer_apply() {
        let base = fixture();
        let mut second = entry(
            "c1",
            Change::TerminateSession {
                session_id: "s2".into(),
            },
        );
        second.audit_id = "a2".into();
        second.notification_id = "n-2".into();
        let entries = vec![
            entry(
                "c1",
                Change::TerminateSession {
                    session_id: "s2".into(),
                },
            ),
            second,
            JournalEntry {
                audit_id: "a3".into(),
                ..entry(
                    "c1",
                    Change::SetNotificationRead {
                        notification_id: "n1".into(),
                        read: true,
                    },
                )
            },
        ];
        let (ds, skipped) = replay(&base, &entries);
        assert_eq!(
            skipped,
            vec![(
                1,
                not_allowed(Refusal::SessionNotActive(SessionStatus::Terminated))
            )]
        );
        assert_eq!(session_by(&ds, "s2").status, SessionStatus::Terminated);
        assert_eq!(ds.audit_logs.len(), 1);
        assert!(ds.notifications[0].read);
        assert_eq!(base, fixture(), "the base is not touched");
    }

    #[test]
    fn sessions_replay_alone_as_in_the_whole_journal() {
        let base = fixture();
        let out = |session: &str| {
            Change::Session(SessionChange::SignOut {
                session_id: session.into(),
            })
        };
        let sessions = vec![
            nth("c1", sign_in("u1", "s9", "d2", "78.89.1.2", "Jahra"), 1),
            nth("c1", out("s9"), 2),
            // Already signed out: skipped, as by `replay`.
            nth("c1", out("s9"), 3),
            nth("c1", expire("s2"), 4),
        ];
        let whole = replay(&base, &sessions);
        assert_eq!(whole.1.len(), 1, "{:?}", whole.1);
        assert_eq!(replay_sessions(&base, &sessions), Some(whole));
        // Any other change: the whole journal needs `replay`.
        let mut mixed = sessions.clone();
        mixed.insert(
            1,
            nth(
                "c1",
                Change::SetNotificationRead {
                    notification_id: "n1".into(),
                    read: true,
                },
                5,
            ),
        );
        assert_eq!(replay_sessions(&base, &mixed), None);
        assert_eq!(replay_sessions(&base, &[]), Some((base.clone(), vec![])));
    }

    fn user_by<'a>(ds: &'a Dataset, id: &str) -> &'a AuthUser {
        ds.auth_users.iter().find(|u| u.user_id == id).unwrap()
    }

    /// An entry with its own audit and notification ids, so several can apply in a row.
    fn nth(customer: &str, change: Change, n: usize) -> JournalEntry {
        JournalEntry {
            audit_id: format!("audit-{n}"),
            notification_id: format!("note-{n}"),
            ..entry(customer, change)
        }
    }

    fn failed(user_id: &str) -> Change {
        Change::SignInFailed {
            user_id: user_id.into(),
        }
    }

    /// (action, severity, entity type, entity id, ip) of an audit log.
    fn summary(log: &AuditLog) -> (&str, Severity, EntityType, &str, &str) {
        (
            log.action.as_str(),
            log.severity,
            log.entity_type,
            log.entity_id.as_str(),
            log.ip_address.as_str(),
        )
    }

    #[test]
    fn sign_in_failures_count_up_and_the_fifth_locks() {
        let mut ds = fixture();
        for n in 1..=4u32 {
            apply(&mut ds, &nth("c1", failed("u1"), n as usize)).unwrap();
            let u1 = user_by(&ds, "u1");
            assert_eq!(
                (u1.failed_login_attempts, u1.status),
                (n, UserStatus::Active)
            );
            let log = ds.audit_logs.last().unwrap();
            assert_eq!(
                summary(log),
                (
                    AuditAction::LoginFailed.as_str(),
                    Severity::Medium,
                    EntityType::AuthUser,
                    "u1",
                    "37.36.0.1"
                )
            );
            assert_eq!(log.audit_id, format!("audit-{n}"));
        }
        assert_eq!(ds.audit_logs.len(), 4);
        assert_eq!(
            ds.audit_logs[0].details,
            "Wrong password or code; 4 attempts left."
        );
        assert_eq!(
            ds.audit_logs[3].details,
            "Wrong password or code; 1 attempt left."
        );
        assert_eq!(
            ds.notifications.len(),
            2,
            "failures that do not lock do not notify"
        );

        apply(&mut ds, &nth("c1", failed("u1"), 5)).unwrap();
        let u1 = user_by(&ds, "u1");
        assert_eq!(
            (u1.failed_login_attempts, u1.status),
            (5, UserStatus::Locked)
        );
        let [failure, lock] = &ds.audit_logs[4..] else {
            panic!("the locking failure writes two logs")
        };
        assert_eq!(
            summary(failure),
            (
                AuditAction::LoginFailed.as_str(),
                Severity::Medium,
                EntityType::AuthUser,
                "u1",
                "37.36.0.1"
            )
        );
        assert_eq!(
            (failure.audit_id.as_str(), failure.details.as_str()),
            ("audit-5", "Wrong password or code; no attempts left.")
        );
        assert_eq!(
            summary(lock),
            (
                AuditAction::AccountLocked.as_str(),
                Severity::High,
                EntityType::AuthUser,
                "u1",
                "37.36.0.1"
            )
        );
        assert_eq!(
            lock.audit_id,
            derived_audit_id("audit-5", AuditAction::AccountLocked.as_str())
        );
        assert_eq!(lock.details, "Locked after 5 failed sign-in attempts.");
        assert_eq!(
            (lock.created_at, lock.customer_id.as_deref()),
            (ts(AT), Some("c1"))
        );
        let note = ds.notifications.last().unwrap();
        assert_eq!(
            (note.notification_id.as_str(), note.title.as_str()),
            ("note-5", "Account locked")
        );
        assert_eq!(note.body, "Your account was locked after 5 failed sign-in attempts. Contact the bank to unlock it.");
        assert_eq!(
            (note.related_entity_type, note.related_entity_id.as_deref()),
            (Some(EntityType::AuthUser), Some("u1"))
        );

        // Locked now: the attempt is audited and nothing else changes.
        let before = ds.clone();
        apply(&mut ds, &nth("c1", failed("u1"), 6)).unwrap();
        assert_eq!(ds.auth_users, before.auth_users);
        assert_eq!(ds.notifications, before.notifications);
        assert_eq!(ds.audit_logs.len(), before.audit_logs.len() + 1);
        let log = ds.audit_logs.last().unwrap();
        assert_eq!(
            summary(log),
            (
                AuditAction::LoginFailed.as_str(),
                Severity::Medium,
                EntityType::AuthUser,
                "u1",
                "37.36.0.1"
            )
        );
        assert_eq!(log.details, "Sign-in attempt while the account is LOCKED.");
    }

    #[test]
    fn a_lock_with_notifications_off_is_audited_only() {
        let mut ds = fixture();
        ds.auth_users[1].failed_login_attempts = 4;
        apply(&mut ds, &entry("c2", failed("u2"))).unwrap();
        assert_eq!(user_by(&ds, "u2").status, UserStatus::Locked);
        let actions: Vec<(&str, &str)> = ds
            .audit_logs
            .iter()
            .map(|l| (l.action.as_str(), l.ip_address.as_str()))
            .collect();
        assert_eq!(
            actions,
            [
                (AuditAction::LoginFailed.as_str(), "168.187.0.4"),
                (AuditAction::AccountLocked.as_str(), "168.187.0.4")
            ]
        );
        assert_eq!(ds.notifications, fixture().notifications);
    }

    #[test]
    fn a_suspended_user_is_audited_and_left_alone() {
        let mut ds = fixture();
        ds.auth_users[0].status = UserStatus::Suspended;
        ds.auth_users[0].failed_login_attempts = 2;
        let before = ds.clone();
        apply(&mut ds, &entry("c1", failed("u1"))).unwrap();
        assert_eq!(ds.auth_users, before.auth_users);
        assert_eq!(ds.notifications, before.notifications);
        assert_eq!(ds.audit_logs.len(), 1);
        assert_eq!(
            ds.audit_logs[0].details,
            "Sign-in attempt while the account is SUSPENDED."
        );
    }

    #[test]
    fn sign_in_failure_ip_falls_back_to_the_latest_session_and_needs_one() {
        let mut ds = fixture();
        for s in ds.login_sessions.iter_mut().filter(|s| s.user_id == "u1") {
            s.status = SessionStatus::Terminated;
        }
        apply(&mut ds, &entry("c1", failed("u1"))).unwrap();
        assert_eq!(ds.audit_logs[0].ip_address, "37.36.0.1", "s1 started last");
        assert_eq!(user_by(&ds, "u1").failed_login_attempts, 1);

        ds.login_sessions.retain(|s| s.user_id != "u1");
        assert_eq!(
            refused(&mut ds, &nth("c1", failed("u1"), 2)),
            not_allowed(Refusal::NoSession)
        );
    }

    #[test]
    fn sign_in_failure_needs_the_customers_own_user_and_new_ids() {
        let mut ds = fixture();
        assert_eq!(
            refused(&mut ds, &entry("c1", failed("u2"))),
            ChangeError::NotFound {
                what: "user",
                id: "u2".into()
            }
        );
        assert_eq!(
            refused(&mut ds, &entry("c1", failed("u9"))),
            ChangeError::NotFound {
                what: "user",
                id: "u9".into()
            }
        );
        assert_eq!(
            refused(&mut ds, &entry("c3", failed("u1"))),
            ChangeError::NotFound {
                what: "customer",
                id: "c3".into()
            }
        );

        // All or nothing: the locking failure stops at a taken id for any of its records.
        ds.auth_users[0].failed_login_attempts = 4;
        let e = entry("c1", failed("u1"));
        let lock_id = derived_audit_id(&e.audit_id, AuditAction::AccountLocked.as_str());
        ds.audit_logs.push(AuditLog {
            audit_id: lock_id.clone(),
            ..fixtures::audit("x", Some("c1"), "2026-11-01T09:00:00+03:00")
        });
        assert_eq!(refused(&mut ds, &e), taken("audit log", &lock_id));
        ds.audit_logs.clear();
        ds.notifications[0].notification_id = e.notification_id.clone();
        assert_eq!(
            refused(&mut ds, &e),
            taken("notification", &e.notification_id)
        );
        assert_eq!(user_by(&ds, "u1").failed_login_attempts, 4);
    }

    #[test]
    fn derived_audit_ids_are_stable_uuids() {
        let id = derived_audit_id("new-audit", AuditAction::AccountLocked.as_str());
        assert_eq!(
            id,
            derived_audit_id("new-audit", AuditAction::AccountLocked.as_str())
        );
        assert_ne!(
            id,
            derived_audit_id("new-audit2", AuditAction::AccountLocked.as_str())
        );
        assert_ne!(
            id,
            derived_audit_id("new-audit", AuditAction::LoginFailed.as_str())
        );
        let groups: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12]);
        assert!(id
            .chars()
            .all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_eq!(&id[14..15], "5", "version 5 layout");
        assert!("89ab".contains(&id[19..20]), "RFC 4122 variant");
    }

    fn sign_in(user: &str, session: &str, device: &str, ip: &str, city: &str) -> Change {
        Change::Session(SessionChange::SignIn {
            user_id: user.into(),
            session_id: session.into(),
            device_id: device.into(),
            ip_address: ip.into(),
            city: city.into(),
            expires_at: ts("2026-11-21T10:00:00+00:00"),
        })
    }

    #[test]
    fn sign_in_opens_an_active_session_and_resets_the_counter() {
        let mut ds = fixture();
        ds.auth_users[0].failed_login_attempts = 3;
        apply(
            &mut ds,
            &entry("c1", sign_in("u1", "s9", "d2", "78.89.1.2", "Jahra")),
        )
        .unwrap();
        assert_eq!(
            session_by(&ds, "s9"),
            &LoginSession {
                session_id: "s9".into(),
                user_id: "u1".into(),
                device_id: "d2".into(),
                ip_address: "78.89.1.2".into(),
                city: "Jahra".into(),
                started_at: ts(AT),
                last_activity_at: ts(AT),
                expires_at: ts("2026-11-21T13:00:00+03:00"),
                status: SessionStatus::Active,
            }
        );
        assert_eq!(
            session_by(&ds, "s9").expires_at.to_rfc3339(),
            "2026-11-21T13:00:00+03:00",
            "stored in Kuwait time"
        );
        let u1 = user_by(&ds, "u1");
        assert_eq!(
            (u1.failed_login_attempts, u1.last_login_at, u1.status),
            (0, Some(ts(AT)), UserStatus::Active)
        );
        let log = ds.audit_logs.last().unwrap();
        assert_eq!(
            summary(log),
            (
                AuditAction::LoginSuccess.as_str(),
                Severity::Low,
                EntityType::Session,
                "s9",
                "78.89.1.2"
            )
        );
        assert_eq!(log.details, "Signed in on iPad Air in Jahra.");
        assert_eq!(
            ds.notifications,
            fixture().notifications,
            "signing in does not notify"
        );
        assert_eq!(
            current_session(&ds, "c1").map(|s| s.session_id.as_str()),
            Some("s9")
        );
        let devices = fixture().registered_devices;
        assert_eq!(ds.registered_devices, devices, "devices are not touched");
    }

    #[test]
    fn sign_in_works_without_any_earlier_session() {
        let mut ds = fixture();
        ds.login_sessions.retain(|s| s.user_id != "u2");
        apply(
            &mut ds,
            &entry("c2", sign_in("u2", "s9", "d4", "168.187.3.4", "Hawally")),
        )
        .unwrap();
        let log = ds.audit_logs.last().unwrap();
        assert_eq!(
            summary(log),
            (
                AuditAction::LoginSuccess.as_str(),
                Severity::Low,
                EntityType::Session,
                "s9",
                "168.187.3.4"
            )
        );
    }

    #[test]
    fn sign_in_refuses_blocked_users_unusable_devices_and_foreign_places() {
        let mut ds = fixture();
        let ok = || sign_in("u1", "s9", "d2", "37.36.9.9", "Salmiya");
        let check = |ds: &mut Dataset, change: Change, want: ChangeError| {
            assert_eq!(refused(ds, &entry("c1", change)), want)
        };
        check(
            &mut ds,
            sign_in("u2", "s9", "d4", "37.36.9.9", "Salmiya"),
            ChangeError::NotFound {
                what: "user",
                id: "u2".into(),
            },
        );
        check(
            &mut ds,
            sign_in("u1", "s2", "d2", "37.36.9.9", "Salmiya"),
            taken("session", "s2"),
        );
        check(
            &mut ds,
            sign_in("u1", "s9", "d3", "37.36.9.9", "Salmiya"),
            not_allowed(Refusal::DeviceNotUsable(DeviceStatus::Revoked)),
        );
        check(
            &mut ds,
            sign_in("u1", "s9", "d4", "37.36.9.9", "Salmiya"),
            ChangeError::NotFound {
                what: "device",
                id: "d4".into(),
            },
        );
        check(
            &mut ds,
            sign_in("u1", "s9", "d2", "8.8.8.8", "Salmiya"),
            not_allowed(Refusal::NotKuwaitiIp {
                ip: "8.8.8.8".into(),
            }),
        );
        check(
            &mut ds,
            sign_in("u1", "s9", "d2", "37.36.9.9", "Dubai"),
            not_allowed(Refusal::NotKuwaitiCity {
                city: "Dubai".into(),
            }),
        );
        let Change::Session(SessionChange::SignIn {
            user_id,
            session_id,
            device_id,
            ip_address,
            city,
            ..
        }) = ok()
        else {
            unreachable!()
        };
        let at_start = Change::Session(SessionChange::SignIn {
            user_id,
            session_id,
            device_id,
            ip_address,
            city,
            expires_at: ts("2026-11-21T06:30:00+00:00"),
        });
        check(&mut ds, at_start, not_allowed(Refusal::ExpiresBeforeStart));

        ds.registered_devices[1].status = DeviceStatus::Inactive;
        check(
            &mut ds,
            ok(),
            not_allowed(Refusal::DeviceNotUsable(DeviceStatus::Inactive)),
        );
        ds.registered_devices[1].status = DeviceStatus::Active;
        ds.auth_users[0].status = UserStatus::Locked;
        ds.auth_users[0].failed_login_attempts = 5;
        check(&mut ds, ok(), not_allowed(Refusal::AccountLocked));
        ds.auth_users[0].status = UserStatus::Suspended;
        check(&mut ds, ok(), not_allowed(Refusal::AccountSuspended));
        ds.auth_users[0].status = UserStatus::Active;
        ds.auth_users[0].failed_login_attempts = 0;
        apply(&mut ds, &entry("c1", ok())).unwrap();
    }

    #[test]
    fn sign_out_ends_the_named_session_with_its_own_ip() {
        let mut ds = fixture();
        apply(
            &mut ds,
            &entry(
                "c1",
                Change::Session(SessionChange::SignOut {
                    session_id: "s2".into(),
                }),
            ),
        )
        .unwrap();
        let s2 = session_by(&ds, "s2");
        assert_eq!(
            (s2.status, s2.last_activity_at),
            (SessionStatus::Terminated, ts(AT))
        );
        let log = ds.audit_logs.last().unwrap();
        assert_eq!(
            summary(log),
            (
                AuditAction::Logout.as_str(),
                Severity::Low,
                EntityType::Session,
                "s2",
                "37.36.0.2"
            )
        );
        assert_eq!(log.details, "Signed out on iPad Air in Salmiya.");
        assert_eq!(
            ds.notifications,
            fixture().notifications,
            "signing out does not notify"
        );

        let mut again = entry(
            "c1",
            Change::Session(SessionChange::SignOut {
                session_id: "s2".into(),
            }),
        );
        again.audit_id = "a2".into();
        assert_eq!(
            refused(&mut ds, &again),
            not_allowed(Refusal::SessionNotActive(SessionStatus::Terminated))
        );
        let foreign = entry(
            "c1",
            Change::Session(SessionChange::SignOut {
                session_id: "s4".into(),
            }),
        );
        assert_eq!(
            refused(&mut ds, &foreign),
            ChangeError::NotFound {
                what: "session",
                id: "s4".into()
            }
        );
    }

    fn expire(session_id: &str) -> Change {
        Change::Session(SessionChange::ExpireSession {
            session_id: session_id.into(),
        })
    }

    #[test]
    fn expire_session_marks_it_expired_now_with_its_own_ip() {
        let mut ds = fixture();
        let before = session_by(&ds, "s2").clone();
        apply(&mut ds, &entry("c1", expire("s2"))).unwrap();
        assert_eq!(
            session_by(&ds, "s2"),
            &LoginSession {
                status: SessionStatus::Expired,
                expires_at: ts(AT),
                ..before
            },
            "expires_at comes forward to the entry's time; last activity stays"
        );
        let log = ds.audit_logs.last().unwrap();
        assert_eq!(
            summary(log),
            (
                AuditAction::SessionExpired.as_str(),
                Severity::Low,
                EntityType::Session,
                "s2",
                "37.36.0.2"
            )
        );
        assert_eq!(log.details, "The session on iPad Air in Salmiya expired.");
        assert_eq!(
            ds.notifications,
            fixture().notifications,
            "an expiry does not notify"
        );
        assert_eq!(session_by(&ds, "s1").status, SessionStatus::Active);

        // A time limit already past (a late entry) is kept, not moved forward.
        let past = ts("2026-11-21T08:00:00+03:00");
        ds.login_sessions[0].expires_at = past;
        apply(&mut ds, &nth("c1", expire("s1"), 2)).unwrap();
        assert_eq!(
            (
                session_by(&ds, "s1").status,
                session_by(&ds, "s1").expires_at
            ),
            (SessionStatus::Expired, past)
        );
    }

    #[test]
    fn expire_session_is_refused_twice() {
        let mut ds = fixture();
        apply(&mut ds, &entry("c1", expire("s2"))).unwrap();
        assert_eq!(
            refused(&mut ds, &nth("c1", expire("s2"), 2)),
            not_allowed(Refusal::SessionNotActive(SessionStatus::Expired))
        );
        assert_eq!(
            refused(&mut ds, &nth("c1", expire("s3"), 3)),
            not_allowed(Refusal::SessionNotActive(SessionStatus::Terminated))
        );
    }

    #[test]
    fn expire_session_refuses_someone_elses_session() {
        let mut ds = fixture();
        assert_eq!(
            refused(&mut ds, &entry("c1", expire("s4"))),
            ChangeError::NotFound {
                what: "session",
                id: "s4".into()
            }
        );
        assert_eq!(
            refused(&mut ds, &entry("c3", expire("s1"))),
            ChangeError::NotFound {
                what: "customer",
                id: "c3".into()
            }
        );
    }

    fn change_password(user: &str, hash: &str) -> Change {
        Change::ChangePassword {
            user_id: user.into(),
            password_hash: hash.into(),
        }
    }

    #[test]
    fn change_password_renews_the_credential_and_unlocks_nothing() {
        let mut ds = fixture();
        ds.credentials[0].status = CredentialStatus::Expired;
        ds.auth_users[0].status = UserStatus::Locked;
        ds.auth_users[0].failed_login_attempts = 5;
        let users = ds.auth_users.clone();
        apply(&mut ds, &entry("c1", change_password("u1", NEW_HASH))).unwrap();
        assert_eq!(
            ds.credentials[0],
            Credential {
                user_id: "u1".into(),
                password_hash: NEW_HASH.into(),
                pin_hash: OLD_HASH.into(),
                status: CredentialStatus::Active,
                password_changed_at: ts(AT),
                expires_at: ts("2027-05-20T09:30:00+03:00"),
            }
        );
        assert_eq!(
            ds.credentials[0].expires_at - ts(AT),
            chrono::Duration::days(auth::PASSWORD_LIFETIME_DAYS)
        );
        assert_eq!(ds.auth_users, users, "the user stays locked");
        let log = ds.audit_logs.last().unwrap();
        assert_eq!(
            summary(log),
            (
                AuditAction::PasswordChanged.as_str(),
                Severity::High,
                EntityType::Credential,
                "u1",
                "37.36.0.1"
            )
        );
        assert_eq!(
            log.details,
            "Changed the password; it expires on 2027-05-20."
        );
        let note = ds.notifications.last().unwrap();
        assert_eq!(
            (
                note.title.as_str(),
                note.related_entity_type,
                note.related_entity_id.as_deref()
            ),
            ("Password changed", Some(EntityType::Credential), Some("u1"))
        );
        assert_eq!(
            note.body,
            "Your password was changed. If this was not you, contact the bank right away."
        );

        // Notifications off: audited only.
        apply(&mut ds, &nth("c2", change_password("u2", NEW_HASH), 2)).unwrap();
        assert_eq!(ds.audit_logs.last().unwrap().ip_address, "168.187.0.4");
        assert_eq!(ds.notifications.len(), 3);
    }

    #[test]
    fn change_password_needs_a_bcrypt_hash_and_a_credential() {
        let mut ds = fixture();
        for hash in [
            "Secret#2026!",
            "",
            &NEW_HASH[..59],
            &format!("$2x$12${}", &NEW_HASH[7..]),
            &NEW_HASH.replace('Z', "#"),
        ] {
            assert_eq!(
                refused(&mut ds, &entry("c1", change_password("u1", hash))),
                not_allowed(Refusal::NotBcrypt),
                "{hash:?}"
            );
        }
        assert_eq!(
            refused(&mut ds, &entry("c1", change_password("u2", NEW_HASH))),
            ChangeError::NotFound {
                what: "user",
                id: "u2".into()
            }
        );
        ds.credentials.remove(0);
        assert_eq!(
            refused(&mut ds, &entry("c1", change_password("u1", NEW_HASH))),
            ChangeError::NotFound {
                what: "credential",
                id: "u1".into()
            }
        );
    }

    fn profile(email: Option<&str>, phone: Option<&str>, address: Option<Address>) -> Change {
        Change::UpdateProfile {
            email: email.map(Into::into),
            phone: phone.map(Into::into),
            address,
        }
    }

    #[test]
    fn contact_updates_change_the_customer_and_the_sign_in_email() {
        let mut ds = fixture();
        apply(
            &mut ds,
            &entry(
                "c1",
                profile(Some("fatima.new@mail.example"), Some("+96599887766"), None),
            ),
        )
        .unwrap();
        let c1 = &ds.customers[0];
        assert_eq!(
            (c1.email.as_str(), c1.phone.as_str()),
            ("fatima.new@mail.example", "+96599887766")
        );
        assert_eq!(c1.address, customer("c1").address);
        assert_eq!(user_by(&ds, "u1").email, "fatima.new@mail.example");
        let log = ds.audit_logs.last().unwrap();
        assert_eq!(
            summary(log),
            (
                AuditAction::ContactUpdated.as_str(),
                Severity::High,
                EntityType::Customer,
                "c1",
                "37.36.0.1"
            )
        );
        assert_eq!(log.details, "Updated the email and phone number.");
        let note = ds.notifications.last().unwrap();
        assert_eq!(
            (
                note.title.as_str(),
                note.related_entity_type,
                note.related_entity_id.as_deref()
            ),
            ("Profile updated", Some(EntityType::Customer), Some("c1"))
        );
        assert_eq!(note.body, "Your email and phone number were updated. If this was not you, contact the bank right away.");
        assert_eq!(ds.customers[1], customer("c2"));
    }

    #[test]
    fn an_update_with_the_address_is_one_address_audit() {
        let mut ds = fixture();
        let moved = address("Jabriya", "3");
        apply(
            &mut ds,
            &entry(
                "c1",
                profile(None, Some("+96566554433"), Some(moved.clone())),
            ),
        )
        .unwrap();
        assert_eq!(
            (&ds.customers[0].address, ds.customers[0].phone.as_str()),
            (&moved, "+96566554433")
        );
        assert_eq!(user_by(&ds, "u1").email, "u1@mail.example");
        assert_eq!(ds.audit_logs.len(), 1);
        let log = &ds.audit_logs[0];
        assert_eq!(
            summary(log),
            (
                AuditAction::AddressUpdated.as_str(),
                Severity::High,
                EntityType::Customer,
                "c1",
                "37.36.0.1"
            )
        );
        assert_eq!(log.details, "Updated the address and phone number.");
        assert_eq!(ds.notifications.last().unwrap().body, "Your address and phone number were updated. If this was not you, contact the bank right away.");

        // Only the address; the phone given again unchanged does not count.
        let mut e = nth(
            "c1",
            profile(None, Some("+96566554433"), Some(address("Mishref", "1"))),
            2,
        );
        apply(&mut ds, &e).unwrap();
        assert_eq!(ds.audit_logs[1].details, "Updated the address.");
        assert_eq!(
            ds.notifications.last().unwrap().body,
            "Your address was updated. If this was not you, contact the bank right away."
        );

        // Notifications off: audited only.
        e = nth("c2", profile(None, None, Some(moved)), 3);
        apply(&mut ds, &e).unwrap();
        assert_eq!(
            summary(ds.audit_logs.last().unwrap()),
            (
                AuditAction::AddressUpdated.as_str(),
                Severity::High,
                EntityType::Customer,
                "c2",
                "168.187.0.4"
            )
        );
        assert_eq!(ds.notifications.len(), 4);
    }

    #[test]
    fn profile_updates_are_refused_when_empty_invalid_or_taken() {
        let mut ds = fixture();
        let check = |ds: &mut Dataset, change: Change, want: Refusal| {
            assert_eq!(refused(ds, &entry("c1", change)), not_allowed(want))
        };
        check(&mut ds, profile(None, None, None), Refusal::NothingToChange);
        check(
            &mut ds,
            profile(
                Some("u1@mail.example"),
                Some("+96555123456"),
                Some(address("Salmiya", "10")),
            ),
            Refusal::NothingToChange,
        );
        check(
            &mut ds,
            profile(Some("fatima@@mail.example"), None, None),
            Refusal::InvalidEmail,
        );
        check(
            &mut ds,
            profile(Some("fatima@mail.example"), Some("55123456"), None),
            Refusal::InvalidPhone,
        );
        check(
            &mut ds,
            profile(None, Some("+96515123456"), None),
            Refusal::InvalidPhone,
        );
        check(
            &mut ds,
            profile(Some("U2@Mail.Example"), None, None),
            Refusal::EmailInUse,
        );
        check(
            &mut ds,
            profile(Some("u9@mail.example"), None, None),
            Refusal::EmailInUse,
        );
        let e = entry("c3", profile(None, Some("+96599887766"), None));
        assert_eq!(
            refused(&mut ds, &e),
            ChangeError::NotFound {
                what: "customer",
                id: "c3".into()
            }
        );
        ds.customers.remove(0);
        let e = entry("c1", profile(None, Some("+96599887766"), None));
        assert_eq!(
            refused(&mut ds, &e),
            ChangeError::NotFound {
                what: "customer",
                id: "c1".into()
            }
        );
    }

    #[test]
    fn an_email_out_of_step_with_the_sign_in_email_is_brought_in_line() {
        let mut ds = fixture();
        ds.customers[0].email = "fatima.new@mail.example".into();
        apply(
            &mut ds,
            &entry("c1", profile(Some("fatima.new@mail.example"), None, None)),
        )
        .unwrap();
        assert_eq!(user_by(&ds, "u1").email, "fatima.new@mail.example");
        assert_eq!(
            ds.audit_logs[0].action,
            AuditAction::ContactUpdated.as_str()
        );
    }

    #[test]
    fn refusals_read_as_english_sentences() {
        let cases = [
            (
                Refusal::SessionNotActive(SessionStatus::Terminated),
                "session is already TERMINATED",
            ),
            (Refusal::NoOtherSessions, "no other active sessions"),
            (Refusal::DeviceAlreadyRevoked, "device is already REVOKED"),
            (
                Refusal::CurrentDevice,
                "you cannot revoke the device you are using",
            ),
            (
                Refusal::DeviceNotActive(DeviceStatus::Inactive),
                "only active devices can change trust; this device is INACTIVE",
            ),
            (
                Refusal::TrustUnchanged { trusted: true },
                "device is already trusted",
            ),
            (
                Refusal::TrustUnchanged { trusted: false },
                "device is already untrusted",
            ),
            (
                Refusal::DuplicateId {
                    what: "service request",
                    id: "r1".into(),
                },
                "service request r1 already exists",
            ),
            (
                Refusal::DuplicateId {
                    what: "dispute",
                    id: "x1".into(),
                },
                "dispute x1 already exists",
            ),
            (
                Refusal::DuplicateId {
                    what: "audit log",
                    id: "a1".into(),
                },
                "audit log a1 already exists",
            ),
            (
                Refusal::DuplicateId {
                    what: "notification",
                    id: "n1".into(),
                },
                "notification n1 already exists",
            ),
            (
                Refusal::NotFailed,
                "only failed transactions can be disputed",
            ),
            (
                Refusal::AlreadyDisputed,
                "this transaction is already disputed",
            ),
            (Refusal::NoSession, "no session to attribute the change to"),
            (
                Refusal::DuplicateId {
                    what: "session",
                    id: "s1".into(),
                },
                "session s1 already exists",
            ),
            (
                Refusal::AccountLocked,
                "this account is locked after too many failed sign-in attempts",
            ),
            (Refusal::AccountSuspended, "this account is suspended"),
            (
                Refusal::DeviceNotUsable(DeviceStatus::Revoked),
                "only active devices can sign in; this device is REVOKED",
            ),
            (
                Refusal::NotKuwaitiIp {
                    ip: "8.8.8.8".into(),
                },
                "IP address 8.8.8.8 is not in a Kuwaiti range",
            ),
            (
                Refusal::NotKuwaitiCity {
                    city: "Dubai".into(),
                },
                "Dubai is not a city in Kuwait",
            ),
            (
                Refusal::ExpiresBeforeStart,
                "a session must expire after it starts",
            ),
            (Refusal::NotBcrypt, "the password hash is not a bcrypt hash"),
            (Refusal::NothingToChange, "nothing to change"),
            (Refusal::InvalidEmail, "the email is not a valid address"),
            (
                Refusal::InvalidPhone,
                "the phone must be +965 and 8 digits starting with 5, 6 or 9",
            ),
            (
                Refusal::EmailInUse,
                "this email is already used by another user",
            ),
        ];
        for (refusal, text) in cases {
            assert_eq!(refusal.to_string(), text);
            assert_eq!(
                not_allowed(refusal).to_string(),
                text,
                "ChangeError shows the refusal as is"
            );
        }
    }

    #[test]
    fn timestamps_are_stored_in_kuwait_time() {
        let mut ds = fixture();
        let mut e = entry(
            "c1",
            Change::TerminateSession {
                session_id: "s2".into(),
            },
        );
        e.at = ts("2026-11-21T06:30:00+00:00");
        apply(&mut ds, &e).unwrap();
        assert_eq!(
            ds.audit_logs[0].created_at.to_rfc3339(),
            "2026-11-21T09:30:00+03:00"
        );
        assert_eq!(
            session_by(&ds, "s2").last_activity_at.to_rfc3339(),
            "2026-11-21T09:30:00+03:00"
        );
    }

    #[test]
    fn journal_entries_have_a_stable_json_shape() {
        let e = JournalEntry {
            at: ts(AT),
            customer_id: "c1".into(),
            change: Change::SetDeviceTrust {
                device_id: "d2".into(),
                trusted: true,
            },
            audit_id: "a1".into(),
            notification_id: "n1".into(),
        };
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(
            json["change"],
            serde_json::json!({"type": "set_device_trust", "device_id": "d2", "trusted": true})
        );
        assert_eq!(serde_json::from_value::<JournalEntry>(json).unwrap(), e);
    }

    #[test]
    fn sign_in_changes_have_a_stable_json_shape() {
        use serde_json::json;
        let cases = [
            (
                failed("u1"),
                json!({"type": "sign_in_failed", "user_id": "u1"}),
            ),
            (
                sign_in("u1", "s9", "d2", "37.36.9.9", "Salmiya"),
                json!({
                    "type": "sign_in", "user_id": "u1", "session_id": "s9", "device_id": "d2",
                    "ip_address": "37.36.9.9", "city": "Salmiya", "expires_at": "2026-11-21T10:00:00Z",
                }),
            ),
            (
                Change::Session(SessionChange::SignOut {
                    session_id: "s2".into(),
                }),
                json!({"type": "sign_out", "session_id": "s2"}),
            ),
            (
                expire("s2"),
                json!({"type": "expire_session", "session_id": "s2"}),
            ),
            (
                change_password("u1", NEW_HASH),
                json!({"type": "change_password", "user_id": "u1", "password_hash": NEW_HASH}),
            ),
            (
                profile(None, Some("+96599887766"), Some(address("Jabriya", "3"))),
                json!({
                    "type": "update_profile", "email": null, "phone": "+96599887766",
                    "address": {"governorate": "Hawalli", "area": "Jabriya", "block": "3", "street": "Salem Al Mubarak St", "building": "12"},
                }),
            ),
        ];
        for (change, shape) in cases {
            assert_eq!(serde_json::to_value(&change).unwrap(), shape);
            assert_eq!(serde_json::from_value::<Change>(shape).unwrap(), change);
        }
        // Fields left out of a profile update read as unchanged.
        let sparse: Change =
            serde_json::from_value(json!({"type": "update_profile", "phone": "+96599887766"}))
                .unwrap();
        assert_eq!(sparse, profile(None, Some("+96599887766"), None));
    }

    /// One change of every kind (ids need not exist: authorization does not look).
    fn every_kind() -> Vec<Change> {
        vec![
            Change::TerminateSession {
                session_id: "s2".into(),
            },
            Change::SignOutOtherSessions {
                current_session_id: "s1".into(),
            },
            Change::RevokeDevice {
                device_id: "d2".into(),
            },
            Change::SetDeviceTrust {
                device_id: "d2".into(),
                trusted: true,
            },
            Change::CreateServiceRequest {
                request_id: "r1".into(),
                request_type: RequestType::GeneralInquiry,
                account_id: None,
                description: "Question".into(),
            },
            Change::CreateDispute {
                dispute_id: "x1".into(),
                transaction_id: "t1".into(),
                reason: DisputeReason::CashNotDispensed,
                description: "No cash".into(),
            },
            Change::SetNotificationRead {
                notification_id: "n1".into(),
                read: true,
            },
            failed("u1"),
            sign_in("u1", "s9", "d2", "37.36.9.9", "Salmiya"),
            Change::Session(SessionChange::SignOut {
                session_id: "s2".into(),
            }),
            expire("s2"),
            change_password("u1", NEW_HASH),
            profile(None, Some("+96599887766"), None),
        ]
    }

    fn as_customer(customer_id: &str) -> auth::Principal {
        auth::Principal::Customer {
            user_id: format!("u{}", &customer_id[1..]),
            customer_id: customer_id.into(),
        }
    }

    fn no_customer(id: &str) -> Result<(), ChangeError> {
        Err(ChangeError::NotFound {
            what: "customer",
            id: id.into(),
        })
    }

    #[test]
    fn signed_out_may_record_a_failed_sign_in() {
        assert_eq!(authorize(None, "c1", &failed("u1")), Ok(()));
    }

    #[test]
    fn signed_out_may_sign_in() {
        let change = sign_in("u1", "s9", "d2", "37.36.9.9", "Salmiya");
        assert_eq!(authorize(None, "c1", &change), Ok(()));
    }

    #[test]
    fn signed_out_may_set_a_password_after_the_code_check() {
        let change = change_password("u1", NEW_HASH);
        assert_eq!(authorize(None, "c1", &change), Ok(()));
    }

    #[test]
    fn signed_out_may_record_nothing_else() {
        let sign_in_page = |c: &Change| {
            matches!(
                c,
                Change::SignInFailed { .. }
                    | Change::Session(SessionChange::SignIn { .. })
                    | Change::ChangePassword { .. }
            )
        };
        let others: Vec<Change> = every_kind()
            .into_iter()
            .filter(|c| !sign_in_page(c))
            .collect();
        assert_eq!(others.len(), 10);
        for change in &others {
            assert_eq!(
                authorize(None, "c1", change),
                no_customer("c1"),
                "{change:?}"
            );
        }
        // The refusal is the same whether or not the customer exists.
        let terminate = Change::TerminateSession {
            session_id: "s2".into(),
        };
        assert_eq!(authorize(None, "c404", &terminate), no_customer("c404"));
    }

    #[test]
    fn a_customer_may_record_any_change_of_their_own() {
        let me = as_customer("c1");
        for change in &every_kind() {
            assert_eq!(authorize(Some(&me), "c1", change), Ok(()), "{change:?}");
        }
    }

    #[test]
    fn a_customer_may_not_record_for_another_customer() {
        let me = as_customer("c1");
        for change in &every_kind() {
            assert_eq!(
                authorize(Some(&me), "c2", change),
                no_customer("c2"),
                "{change:?}"
            );
        }
        assert_eq!(
            authorize(Some(&me), "c404", &failed("u1")),
            no_customer("c404"),
            "nor for one who does not exist, with the same answer"
        );
    }

    #[test]
    fn an_analyst_may_record_no_customer_change() {
        let analyst = auth::Principal::Analyst {
            user_id: "u9".into(),
        };
        for customer in ["c1", "c2"] {
            for change in &every_kind() {
                assert_eq!(
                    authorize(Some(&analyst), customer, change),
                    no_customer(customer),
                    "{change:?}"
                );
            }
        }
    }
}
