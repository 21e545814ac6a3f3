//! The whole dataset: the 14 collections, their file names, and loading them with
//! errors that name the file, the record and what is wrong.

use crate::model::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;

mod chunked;
pub use chunked::ChunkedLoad;

/// The 14 collections, in the order files are written and loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Collection {
    Customers,
    Accounts,
    Transactions,
    SavingsGoals,
    ServiceRequests,
    DisputeRecords,
    Notifications,
    AuthUsers,
    Credentials,
    MfaSettings,
    RegisteredDevices,
    LoginSessions,
    AuditLogs,
    CustomerSettings,
}

impl Collection {
    pub const ALL: [Collection; 14] = [
        Collection::Customers,
        Collection::Accounts,
        Collection::Transactions,
        Collection::SavingsGoals,
        Collection::ServiceRequests,
        Collection::DisputeRecords,
        Collection::Notifications,
        Collection::AuthUsers,
        Collection::Credentials,
        Collection::MfaSettings,
        Collection::RegisteredDevices,
        Collection::LoginSessions,
        Collection::AuditLogs,
        Collection::CustomerSettings,
    ];

    /// The collection's name in db.json and (with ".json") its file name.
    pub const fn name(self) -> &'static str {
        match self {
            Collection::Customers => "customers",
            Collection::Accounts => "accounts",
            Collection::Transactions => "transactions",
            Collection::SavingsGoals => "savings_goals",
            Collection::ServiceRequests => "service_requests",
            Collection::DisputeRecords => "dispute_records",
            Collection::Notifications => "notifications",
            Collection::AuthUsers => "auth_users",
            Collection::Credentials => "credentials",
            Collection::MfaSettings => "mfa_settings",
            Collection::RegisteredDevices => "registered_devices",
            Collection::LoginSessions => "login_sessions",
            Collection::AuditLogs => "audit_logs",
            Collection::CustomerSettings => "customer_settings",
        }
    }

    pub fn file_name(self) -> String {
        format!("{}.json", self.name())
    }

    /// The field that identifies a record (unique within the collection).
    pub const fn id_field(self) -> &'static str {
        match self {
            Collection::Customers | Collection::CustomerSettings => "customer_id",
            Collection::Accounts => "account_id",
            Collection::Transactions => "transaction_id",
            Collection::SavingsGoals => "goal_id",
            Collection::ServiceRequests => "request_id",
            Collection::DisputeRecords => "dispute_id",
            Collection::Notifications => "notification_id",
            Collection::AuthUsers | Collection::Credentials => "user_id",
            Collection::MfaSettings => "mfa_id",
            Collection::RegisteredDevices => "device_id",
            Collection::LoginSessions => "session_id",
            Collection::AuditLogs => "audit_id",
        }
    }
}

impl fmt::Display for Collection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a collection file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file, e.g. "accounts.json".
    pub file: String,
    pub problem: LoadProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadProblem {
    /// The file could not be fetched or read (e.g. HTTP 404).
    Unavailable(String),
    /// The file is not a JSON array.
    NotJson(String),
    /// A record does not have the expected shape.
    BadRecord {
        index: usize,
        id: Option<String>,
        message: String,
    },
    /// A record points at a record that is not in the dataset: `field` holds `missing`,
    /// which `target` does not have.
    BrokenReference {
        id: String,
        field: &'static str,
        missing: String,
        target: Collection,
    },
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.problem {
            LoadProblem::Unavailable(why) => {
                write!(f, "{}: could not be loaded ({why})", self.file)
            }
            LoadProblem::NotJson(why) => write!(f, "{}: not a valid JSON array ({why})", self.file),
            LoadProblem::BadRecord {
                index,
                id: Some(id),
                message,
            } => {
                write!(f, "{}: record {index} ({id}): {message}", self.file)
            }
            LoadProblem::BadRecord {
                index,
                id: None,
                message,
            } => {
                write!(f, "{}: record {index}: {message}", self.file)
            }
            LoadProblem::BrokenReference {
                id,
                field,
                missing,
                target,
            } => write!(
                f,
                "{}: record {id}: {field} {missing} is not in {}",
                self.file,
                target.file_name()
            ),
        }
    }
}

impl std::error::Error for LoadError {}

/// Parses one collection file; the first problem (the file is not a JSON array, or
/// the record it names has the wrong shape) fails it.
pub fn parse_collection<T: DeserializeOwned>(
    collection: Collection,
    text: &str,
) -> Result<Vec<T>, LoadError> {
    let (records, problems) = parse_collection_lenient(collection, text);
    match problems.into_iter().next() {
        Some(problem) => Err(problem),
        None => Ok(records),
    }
}

/// Parses one collection file keeping every good record: a file that is not a JSON
/// array gives no records and one problem; each record that does not have the expected
/// shape is left out and named in a problem of its own.
pub fn parse_collection_lenient<T: DeserializeOwned>(
    collection: Collection,
    text: &str,
) -> (Vec<T>, Vec<LoadError>) {
    chunked::parse_file(collection, text)
}

/// All 14 collections.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Dataset {
    pub customers: Vec<Customer>,
    pub accounts: Vec<Account>,
    pub transactions: Vec<Transaction>,
    pub savings_goals: Vec<SavingsGoal>,
    pub service_requests: Vec<ServiceRequest>,
    pub dispute_records: Vec<DisputeRecord>,
    pub notifications: Vec<Notification>,
    pub auth_users: Vec<AuthUser>,
    pub credentials: Vec<Credential>,
    pub mfa_settings: Vec<MfaSetting>,
    pub registered_devices: Vec<RegisteredDevice>,
    pub login_sessions: Vec<LoginSession>,
    pub audit_logs: Vec<AuditLog>,
    pub customer_settings: Vec<CustomerSettings>,
}

/// Writes records one per line inside a JSON array: compact, yet diffs stay readable.
pub fn to_json_lines<T: Serialize>(records: &[T]) -> Result<String, serde_json::Error> {
    let mut out = String::from("[");
    for (i, record) in records.iter().enumerate() {
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&serde_json::to_string(record)?);
    }
    out.push_str("\n]\n");
    Ok(out)
}

impl Dataset {
    /// Builds the dataset from a loader that returns each file's text; the first file
    /// that cannot be read, or is not a JSON array, or holds a record of the wrong
    /// shape, fails it. References are not checked (a partial dataset may lack them).
    pub fn from_texts<F>(text_of: F) -> Result<Dataset, LoadError>
    where
        F: FnMut(Collection) -> Result<String, LoadError>,
    {
        let (ds, problems) = ChunkedLoad::new(text_of).parsed();
        match problems.into_iter().next() {
            Some(problem) => Err(problem),
            None => Ok(ds),
        }
    }

    /// Builds the dataset from whatever loads: a file that cannot be fetched or read
    /// gives an empty collection, a bad record is left out; each is reported (file,
    /// record, problem), then every reference to a record that is not there. The app
    /// shows these and stays usable where it can.
    pub fn from_texts_lenient<F>(text_of: F) -> (Dataset, Vec<LoadError>)
    where
        F: FnMut(Collection) -> Result<String, LoadError>,
    {
        ChunkedLoad::new(text_of).finish()
    }

    /// References to records that are not in the dataset (a customer's account, a
    /// transaction's account, a session's device, ...), one problem per record and field.
    pub fn broken_references(&self) -> Vec<LoadError> {
        use Collection as C;
        let customers: IdSet = self
            .customers
            .iter()
            .map(|r| r.customer_id.as_str())
            .collect();
        let accounts: IdSet = self
            .accounts
            .iter()
            .map(|r| r.account_id.as_str())
            .collect();
        let users: IdSet = self.auth_users.iter().map(|r| r.user_id.as_str()).collect();
        let devices: IdSet = self
            .registered_devices
            .iter()
            .map(|r| r.device_id.as_str())
            .collect();
        let txns: IdSet = self
            .transactions
            .iter()
            .map(|r| r.transaction_id.as_str())
            .collect();
        let mut out = Vec::new();
        let mut check =
            |file: C, id: &str, field: &'static str, value: &str, set: &IdSet, target: C| {
                if !set.contains(value) {
                    out.push(LoadError {
                        file: file.file_name(),
                        problem: LoadProblem::BrokenReference {
                            id: id.to_owned(),
                            field,
                            missing: value.to_owned(),
                            target,
                        },
                    });
                }
            };
        for r in &self.accounts {
            check(
                C::Accounts,
                &r.account_id,
                "customer_id",
                &r.customer_id,
                &customers,
                C::Customers,
            );
        }
        for r in &self.transactions {
            check(
                C::Transactions,
                &r.transaction_id,
                "customer_id",
                &r.customer_id,
                &customers,
                C::Customers,
            );
            check(
                C::Transactions,
                &r.transaction_id,
                "account_id",
                &r.account_id,
                &accounts,
                C::Accounts,
            );
            if let Some(device) = &r.device_id {
                check(
                    C::Transactions,
                    &r.transaction_id,
                    "device_id",
                    device,
                    &devices,
                    C::RegisteredDevices,
                );
            }
        }
        for r in &self.savings_goals {
            check(
                C::SavingsGoals,
                &r.goal_id,
                "customer_id",
                &r.customer_id,
                &customers,
                C::Customers,
            );
            check(
                C::SavingsGoals,
                &r.goal_id,
                "account_id",
                &r.account_id,
                &accounts,
                C::Accounts,
            );
        }
        for r in &self.service_requests {
            check(
                C::ServiceRequests,
                &r.request_id,
                "customer_id",
                &r.customer_id,
                &customers,
                C::Customers,
            );
        }
        for r in &self.dispute_records {
            check(
                C::DisputeRecords,
                &r.dispute_id,
                "customer_id",
                &r.customer_id,
                &customers,
                C::Customers,
            );
            check(
                C::DisputeRecords,
                &r.dispute_id,
                "transaction_id",
                &r.transaction_id,
                &txns,
                C::Transactions,
            );
        }
        for r in &self.notifications {
            check(
                C::Notifications,
                &r.notification_id,
                "customer_id",
                &r.customer_id,
                &customers,
                C::Customers,
            );
        }
        for r in &self.auth_users {
            if let Some(c) = &r.customer_id {
                check(
                    C::AuthUsers,
                    &r.user_id,
                    "customer_id",
                    c,
                    &customers,
                    C::Customers,
                );
            }
        }
        for r in &self.credentials {
            check(
                C::Credentials,
                &r.user_id,
                "user_id",
                &r.user_id,
                &users,
                C::AuthUsers,
            );
        }
        for r in &self.mfa_settings {
            check(
                C::MfaSettings,
                &r.mfa_id,
                "user_id",
                &r.user_id,
                &users,
                C::AuthUsers,
            );
        }
        for r in &self.registered_devices {
            check(
                C::RegisteredDevices,
                &r.device_id,
                "user_id",
                &r.user_id,
                &users,
                C::AuthUsers,
            );
        }
        for r in &self.login_sessions {
            check(
                C::LoginSessions,
                &r.session_id,
                "user_id",
                &r.user_id,
                &users,
                C::AuthUsers,
            );
            check(
                C::LoginSessions,
                &r.session_id,
                "device_id",
                &r.device_id,
                &devices,
                C::RegisteredDevices,
            );
        }
        for r in &self.customer_settings {
            check(
                C::CustomerSettings,
                &r.customer_id,
                "customer_id",
                &r.customer_id,
                &customers,
                C::Customers,
            );
        }
        out
    }

    /// Each collection serialized as a JSON array, in `Collection::ALL` order.
    pub fn to_texts(&self) -> Result<Vec<(Collection, String)>, serde_json::Error> {
        use Collection as C;
        Ok(vec![
            (C::Customers, to_json_lines(&self.customers)?),
            (C::Accounts, to_json_lines(&self.accounts)?),
            (C::Transactions, to_json_lines(&self.transactions)?),
            (C::SavingsGoals, to_json_lines(&self.savings_goals)?),
            (C::ServiceRequests, to_json_lines(&self.service_requests)?),
            (C::DisputeRecords, to_json_lines(&self.dispute_records)?),
            (C::Notifications, to_json_lines(&self.notifications)?),
            (C::AuthUsers, to_json_lines(&self.auth_users)?),
            (C::Credentials, to_json_lines(&self.credentials)?),
            (C::MfaSettings, to_json_lines(&self.mfa_settings)?),
            (
                C::RegisteredDevices,
                to_json_lines(&self.registered_devices)?,
            ),
            (C::LoginSessions, to_json_lines(&self.login_sessions)?),
            (C::AuditLogs, to_json_lines(&self.audit_logs)?),
            (C::CustomerSettings, to_json_lines(&self.customer_settings)?),
        ])
    }

    pub fn count(&self, c: Collection) -> usize {
        use Collection as C;
        match c {
            C::Customers => self.customers.len(),
            C::Accounts => self.accounts.len(),
            C::Transactions => self.transactions.len(),
            C::SavingsGoals => self.savings_goals.len(),
            C::ServiceRequests => self.service_requests.len(),
            C::DisputeRecords => self.dispute_records.len(),
            C::Notifications => self.notifications.len(),
            C::AuthUsers => self.auth_users.len(),
            C::Credentials => self.credentials.len(),
            C::MfaSettings => self.mfa_settings.len(),
            C::RegisteredDevices => self.registered_devices.len(),
            C::LoginSessions => self.login_sessions.len(),
            C::AuditLogs => self.audit_logs.len(),
            C::CustomerSettings => self.customer_settings.len(),
        }
    }
}

/// Record ids, to look references up in (checking a bank's references at load was
/// mostly hashing).
type IdSet<'a> = std::collections::HashSet<&'a str, crate::fast_hash::FastBuild>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_loading_keeps_good_records_and_names_each_problem() {
        let settings = r#"[{"customer_id":"c1","language":"EN","notifications_enabled":true,"theme":"LIGHT","updated_at":"2026-01-01T10:00:00+03:00"},
                           {"customer_id":"c2","language":"FR","notifications_enabled":true,"theme":"LIGHT","updated_at":"2026-01-01T10:00:00+03:00"},
                           {"oops":true}]"#;
        let (ds, problems) = Dataset::from_texts_lenient(|c| match c {
            Collection::CustomerSettings => Ok(settings.to_owned()),
            Collection::Accounts => Err(LoadError {
                file: "accounts.json".into(),
                problem: LoadProblem::Unavailable("HTTP 404 Not Found".into()),
            }),
            Collection::Notifications => Ok(String::new()),
            Collection::Transactions => Ok(r#"{"not":"an array"}"#.to_owned()),
            _ => Ok("[]".to_owned()),
        });
        let shown: Vec<String> = problems.iter().map(ToString::to_string).collect();
        assert_eq!(ds.customer_settings.len(), 1, "the good record stays");
        assert!(
            shown.contains(&"accounts.json: could not be loaded (HTTP 404 Not Found)".to_owned()),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|p| p.starts_with("notifications.json: not a valid JSON array")),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|p| p.starts_with("transactions.json: not a valid JSON array")),
            "{shown:?}"
        );
        assert!(
            shown.iter().any(
                |p| p.starts_with("customer_settings.json: record 1 (c2):") && p.contains("FR")
            ),
            "{shown:?}"
        );
        assert!(
            shown
                .iter()
                .any(|p| p.starts_with("customer_settings.json: record 2:")),
            "{shown:?}"
        );
        // c1's settings point at a customer that is not there.
        assert!(
            shown.contains(
                &"customer_settings.json: record c1: customer_id c1 is not in customers.json"
                    .to_owned()
            ),
            "{shown:?}"
        );
        assert_eq!(problems.len(), 6, "{shown:?}");
    }

    #[test]
    fn broken_references_name_the_record_field_and_missing_id() {
        use crate::fixtures::{account, device, session, txn, user};
        let mut ds = Dataset {
            auth_users: vec![user("u1", None)],
            accounts: vec![account("a1", "c9", crate::model::AccountType::Current, 0)],
            transactions: vec![txn("t1", "c9", 100, "2026-11-10T10:00:00+03:00")],
            registered_devices: vec![device("d1", "u1", "Pixel")],
            login_sessions: vec![session(
                "s1",
                "u1",
                "d2",
                "2026-11-10T10:00:00+03:00",
                "37.36.0.1",
            )],
            ..Dataset::default()
        };
        ds.transactions[0].account_id = "a2".into();
        let shown: Vec<String> = ds
            .broken_references()
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            shown,
            vec![
                "accounts.json: record a1: customer_id c9 is not in customers.json",
                "transactions.json: record t1: customer_id c9 is not in customers.json",
                "transactions.json: record t1: account_id a2 is not in accounts.json",
                "login_sessions.json: record s1: device_id d2 is not in registered_devices.json",
            ]
        );
    }

    #[test]
    fn bad_record_is_named_by_index_and_id() {
        let text = r#"[{"customer_id":"c1","language":"EN","notifications_enabled":true,"theme":"LIGHT","updated_at":"2026-01-01T10:00:00+03:00"},
                       {"customer_id":"c2","language":"FR","notifications_enabled":true,"theme":"LIGHT","updated_at":"2026-01-01T10:00:00+03:00"}]"#;
        let err =
            parse_collection::<CustomerSettings>(Collection::CustomerSettings, text).unwrap_err();
        assert_eq!(err.file, "customer_settings.json");
        let msg = err.to_string();
        assert!(msg.contains("record 1 (c2)") && msg.contains("FR"), "{msg}");
        // The id is read wherever it is in the record, and only when it is a string.
        let later = r#"[{"language":"FR","notifications_enabled":true,"theme":"LIGHT","updated_at":"2026-01-01T10:00:00+03:00","customer_id":"c\u0033"}]"#;
        let msg = parse_collection::<CustomerSettings>(Collection::CustomerSettings, later)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("record 0 (c3)"), "{msg}");
        let numeric = later.replace(r#""c\u0033""#, "3");
        let msg = parse_collection::<CustomerSettings>(Collection::CustomerSettings, &numeric)
            .unwrap_err()
            .to_string();
        assert!(msg.contains("record 0") && !msg.contains("(3)"), "{msg}");
    }

    #[test]
    fn non_json_is_reported_as_such() {
        let err = parse_collection::<CustomerSettings>(Collection::CustomerSettings, "{oops")
            .unwrap_err();
        assert!(matches!(err.problem, LoadProblem::NotJson(_)));
        assert!(err
            .to_string()
            .starts_with("customer_settings.json: not a valid JSON array"));
    }
}
