//! Changes the user makes, as an append-only journal replayed over the bundled data.
//! Each entry carries the ids and time it needs, so replay is deterministic. Sensitive
//! changes append an audit log (with the current session's IP) and, when the customer
//! has notifications enabled, a PUSH notification.

use crate::dataset::Dataset;
use crate::model::{DisputeReason, LoginSession, RequestType};
use crate::time::Timestamp;
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
    NotAllowed(String),
}

impl fmt::Display for ChangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChangeError::NotFound { what, id } => write!(f, "{what} {id} was not found"),
            ChangeError::NotAllowed(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for ChangeError {}

/// The customer's current session: their user's ACTIVE session started most recently.
pub fn current_session<'a>(ds: &'a Dataset, customer_id: &str) -> Option<&'a LoginSession> {
    let _ = (ds, customer_id);
    todo!()
}

/// Applies one change; on error the dataset is unchanged.
pub fn apply(ds: &mut Dataset, entry: &JournalEntry) -> Result<(), ChangeError> {
    let _ = (ds, entry);
    todo!()
}

/// Replays the journal over `base`; entries that no longer apply are skipped and
/// returned with their index.
pub fn replay(base: &Dataset, entries: &[JournalEntry]) -> (Dataset, Vec<(usize, ChangeError)>) {
    let _ = (base, entries);
    todo!()
}
