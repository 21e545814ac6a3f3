//! How local changes reach a REST API (json-server 0.17.4 serving the generated
//! `db.json`), as pure functions and a state machine the app drives; no clocks, no I/O.
//!
//! - [`writes_between`] turns "the data before a change" and "the data after it" into the
//!   HTTP writes that make the server hold the same: a POST per new record, a PATCH per
//!   changed one (with only the fields that changed).
//! - [`merge`] upserts records fetched in pieces into the data the app already has.
//! - [`Outbox`] queues each journal entry with its writes, hands them out strictly in
//!   order, and says when an entry is done (fold it into the base data) or refused (roll
//!   it back).
//! - [`classify`] reads a write's answer, [`backoff_ms`] says how long to wait before
//!   trying again.
//!
//! json-server identifies a record by a field named `id`; `db.json` carries one equal to
//! the record's primary key ([`Collection::id_field`]), and so does every POST body.

use crate::dataset::{Collection, Dataset};
use crate::journal::JournalEntry;
use crate::model::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// The field json-server addresses records by (`/accounts/:id`).
pub const REST_ID_FIELD: &str = "id";

/// A record of one of the 14 collections, with its primary key.
pub trait Record: Serialize {
    const COLLECTION: Collection;
    /// The value of the collection's [`Collection::id_field`].
    fn id(&self) -> &str;
}

macro_rules! records {
    ($($model:ty => $collection:ident . $field:ident),+ $(,)?) => {
        $(impl Record for $model {
            const COLLECTION: Collection = Collection::$collection;
            fn id(&self) -> &str {
                &self.$field
            }
        })+
    };
}

records! {
    Customer => Customers.customer_id,
    Account => Accounts.account_id,
    Transaction => Transactions.transaction_id,
    SavingsGoal => SavingsGoals.goal_id,
    ServiceRequest => ServiceRequests.request_id,
    DisputeRecord => DisputeRecords.dispute_id,
    Notification => Notifications.notification_id,
    AuthUser => AuthUsers.user_id,
    Credential => Credentials.user_id,
    MfaSetting => MfaSettings.mfa_id,
    RegisteredDevice => RegisteredDevices.device_id,
    LoginSession => LoginSessions.session_id,
    AuditLog => AuditLogs.audit_id,
    CustomerSettings => CustomerSettings.customer_id,
}

/// The HTTP method of a [`Write`]; in JSON "POST" / "PATCH".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// Creates a record: `POST /<collection>` with the whole record and its `id`.
    Post,
    /// Changes some fields of a record: `PATCH /<collection>/<id>`.
    Patch,
}

impl Method {
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Post => "POST",
            Method::Patch => "PATCH",
        }
    }
}

/// One HTTP request that brings the server in line with a local change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Write {
    /// In JSON, the collection's name ("accounts").
    #[serde(with = "collection_name")]
    pub collection: Collection,
    /// The record's primary key.
    pub id: String,
    pub method: Method,
    /// POST: the whole record plus `"id"`. PATCH: only the top-level fields that changed.
    pub body: Value,
}

impl Write {
    /// The request path below the API's base URL: "/accounts" for a POST,
    /// "/accounts/<id>" (the id percent-encoded) for a PATCH.
    pub fn path(&self) -> String {
        match self.method {
            Method::Post => format!("/{}", self.collection.name()),
            Method::Patch => format!("/{}/{}", self.collection.name(), percent_encode(&self.id)),
        }
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so any id is one
/// path segment.
pub fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Serializes a [`Collection`] as its name ("savings_goals").
mod collection_name {
    use crate::dataset::Collection;
    use serde::{de, Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(c: &Collection, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(c.name())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Collection, D::Error> {
        let name = String::deserialize(d)?;
        Collection::ALL
            .into_iter()
            .find(|c| c.name() == name)
            .ok_or_else(|| de::Error::custom(format!("unknown collection {name:?}")))
    }
}

/// The writes that make a server holding `before` hold `after`: per collection in
/// [`Collection::ALL`] order, then in the order records appear in `after`,
///
/// - a record whose id is not in `before` is a POST of the whole record plus `"id"`;
/// - a record that differs is a PATCH of the top-level fields whose JSON differs (a
///   nested object such as `address` is sent whole when any part of it changed);
/// - a record missing from `after` is ignored: no change deletes records.
///
/// Records are first compared as values, so timestamps compare as instants: a change of
/// UTC offset alone is not a change. Ids are unique within a collection (a validator
/// rule); with duplicates in `before`, the first counts. Cost: one hash lookup per
/// record, and serialization only of the records that changed.
pub fn writes_between(before: &Dataset, after: &Dataset) -> Result<Vec<Write>, serde_json::Error> {
    use Collection as C;
    let mut out = Vec::new();
    let (b, a) = (before, after);
    for c in Collection::ALL {
        let w = &mut out;
        match c {
            C::Customers => diff(&b.customers, &a.customers, w)?,
            C::Accounts => diff(&b.accounts, &a.accounts, w)?,
            C::Transactions => diff(&b.transactions, &a.transactions, w)?,
            C::SavingsGoals => diff(&b.savings_goals, &a.savings_goals, w)?,
            C::ServiceRequests => diff(&b.service_requests, &a.service_requests, w)?,
            C::DisputeRecords => diff(&b.dispute_records, &a.dispute_records, w)?,
            C::Notifications => diff(&b.notifications, &a.notifications, w)?,
            C::AuthUsers => diff(&b.auth_users, &a.auth_users, w)?,
            C::Credentials => diff(&b.credentials, &a.credentials, w)?,
            C::MfaSettings => diff(&b.mfa_settings, &a.mfa_settings, w)?,
            C::RegisteredDevices => diff(&b.registered_devices, &a.registered_devices, w)?,
            C::LoginSessions => diff(&b.login_sessions, &a.login_sessions, w)?,
            C::AuditLogs => diff(&b.audit_logs, &a.audit_logs, w)?,
            C::CustomerSettings => diff(&b.customer_settings, &a.customer_settings, w)?,
        }
    }
    Ok(out)
}

fn diff<T: Record + PartialEq>(
    before: &[T],
    after: &[T],
    out: &mut Vec<Write>,
) -> Result<(), serde_json::Error> {
    if after.is_empty() {
        return Ok(());
    }
    let mut index: HashMap<&str, &T> = HashMap::with_capacity(before.len());
    for record in before {
        index.entry(record.id()).or_insert(record);
    }
    for record in after {
        let id = record.id();
        match index.get(id) {
            None => {
                let mut body = object(record)?;
                body.insert(REST_ID_FIELD.to_owned(), Value::String(id.to_owned()));
                out.push(Write {
                    collection: T::COLLECTION,
                    id: id.to_owned(),
                    method: Method::Post,
                    body: Value::Object(body),
                });
            }
            Some(old) if *old != record => {
                let changed = changed_fields(object(*old)?, object(record)?);
                if !changed.is_empty() {
                    out.push(Write {
                        collection: T::COLLECTION,
                        id: id.to_owned(),
                        method: Method::Patch,
                        body: Value::Object(changed),
                    });
                }
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// A record as a JSON object.
fn object<T: Serialize>(record: &T) -> Result<Map<String, Value>, serde_json::Error> {
    match serde_json::to_value(record)? {
        Value::Object(map) => Ok(map),
        other => Err(serde::ser::Error::custom(format!(
            "a record must be a JSON object, not {other}"
        ))),
    }
}

/// The top-level fields of `new` that differ from `old` (a field `new` lacks is null).
fn changed_fields(mut old: Map<String, Value>, new: Map<String, Value>) -> Map<String, Value> {
    let mut changed = Map::new();
    for (key, value) in new {
        if old.remove(&key).as_ref() != Some(&value) {
            changed.insert(key, value);
        }
    }
    for (key, _) in old {
        changed.insert(key, Value::Null);
    }
    changed
}

/// Upserts every record of `fragment` into `base` by primary key, per collection: a
/// record whose id `base` holds replaces it in place, any other is appended (in the
/// fragment's order). Within the fragment, a later copy of an id wins.
pub fn merge(base: &mut Dataset, fragment: Dataset) {
    // Destructured, so a new collection cannot be forgotten here.
    let Dataset {
        customers,
        accounts,
        transactions,
        savings_goals,
        service_requests,
        dispute_records,
        notifications,
        auth_users,
        credentials,
        mfa_settings,
        registered_devices,
        login_sessions,
        audit_logs,
        customer_settings,
    } = fragment;
    upsert(&mut base.customers, customers);
    upsert(&mut base.accounts, accounts);
    upsert(&mut base.transactions, transactions);
    upsert(&mut base.savings_goals, savings_goals);
    upsert(&mut base.service_requests, service_requests);
    upsert(&mut base.dispute_records, dispute_records);
    upsert(&mut base.notifications, notifications);
    upsert(&mut base.auth_users, auth_users);
    upsert(&mut base.credentials, credentials);
    upsert(&mut base.mfa_settings, mfa_settings);
    upsert(&mut base.registered_devices, registered_devices);
    upsert(&mut base.login_sessions, login_sessions);
    upsert(&mut base.audit_logs, audit_logs);
    upsert(&mut base.customer_settings, customer_settings);
}

fn upsert<T: Record>(base: &mut Vec<T>, fragment: Vec<T>) {
    if fragment.is_empty() {
        return;
    }
    let mut index: HashMap<String, usize> = HashMap::with_capacity(base.len() + fragment.len());
    for (i, record) in base.iter().enumerate() {
        index.entry(record.id().to_owned()).or_insert(i);
    }
    for record in fragment {
        match index.get(record.id()) {
            Some(&i) => base[i] = record,
            None => {
                index.insert(record.id().to_owned(), base.len());
                base.push(record);
            }
        }
    }
}

/// A journal entry waiting for the server, with the writes it takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub entry: JournalEntry,
    /// Sent in this order.
    pub writes: Vec<Write>,
    /// How many of `writes` the server acknowledged (they are on the server).
    pub sent: usize,
    /// Failed tries (no answer, or one worth retrying) of the write at `sent`; back to 0
    /// once it is acknowledged.
    pub attempts: u32,
}

/// Journal entries not yet on the server, oldest first. The app persists it, sends
/// [`Outbox::next`], and reports the answer with [`Outbox::acknowledge`],
/// [`Outbox::reject`] or [`Outbox::failed_attempt`]. Writes go strictly one at a time,
/// in order: an entry's writes before the next entry's.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Outbox {
    pub pending: Vec<Pending>,
}

impl Outbox {
    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    pub fn len(&self) -> usize {
        self.pending.len()
    }

    /// Queues an entry with its writes (from [`writes_between`]). An entry without
    /// writes changed nothing the server holds (say, marking a read notification read):
    /// it is not queued, as there is nothing to send and nothing to fold into the base.
    pub fn push(&mut self, entry: JournalEntry, writes: Vec<Write>) {
        if writes.is_empty() {
            return;
        }
        self.pending.push(Pending {
            entry,
            writes,
            sent: 0,
            attempts: 0,
        });
    }

    /// The write to send now: the first unacknowledged write of the oldest entry, with
    /// that entry. None when nothing is queued (or when the oldest entry has nothing left
    /// to send, which only an outbox edited by hand can hold: [`Outbox::acknowledge`]
    /// then settles it).
    pub fn next(&self) -> Option<(&Pending, &Write)> {
        let first = self.pending.first()?;
        first.writes.get(first.sent).map(|write| (first, write))
    }

    /// The server took the write [`Outbox::next`] gave. When it was the entry's last,
    /// the entry leaves the outbox and is returned, for the app to fold into its base
    /// data; otherwise None (also when nothing is queued).
    pub fn acknowledge(&mut self) -> Option<JournalEntry> {
        let first = self.pending.first_mut()?;
        if first.sent < first.writes.len() {
            first.sent += 1;
            first.attempts = 0;
        }
        if first.sent < first.writes.len() {
            return None;
        }
        Some(self.pending.remove(0).entry)
    }

    /// The server refused the write [`Outbox::next`] gave: the oldest entry leaves the
    /// outbox and is returned for the app to roll back. Its first `sent` writes are on
    /// the server already (json-server has no transactions), so the app may want to
    /// fetch those records again. Entries after it stay queued, but they were made on
    /// top of the refused change and may fail in turn (a PATCH of a record the refused
    /// POST would have created gets a 404 and is refused too).
    pub fn reject(&mut self) -> Option<Pending> {
        if self.pending.is_empty() {
            None
        } else {
            Some(self.pending.remove(0))
        }
    }

    /// The write [`Outbox::next`] gave did not get through (no answer, or one worth
    /// retrying): counts the attempt and returns how many there were, for
    /// [`backoff_ms`]. 0 when nothing is queued.
    pub fn failed_attempt(&mut self) -> u32 {
        match self.pending.first_mut() {
            Some(first) => {
                first.attempts = first.attempts.saturating_add(1);
                first.attempts
            }
            None => 0,
        }
    }
}

/// The first wait before a retry, in milliseconds.
pub const BACKOFF_BASE_MS: u64 = 500;
/// The longest wait before a retry, in milliseconds.
pub const BACKOFF_MAX_MS: u64 = 30_000;

/// How long to wait after `attempts` failed tries: 500 ms after the first, doubling
/// each time, never more than 30 s. 0 tries: no wait.
pub fn backoff_ms(attempts: u32) -> u64 {
    if attempts == 0 {
        return 0;
    }
    // 500 << 6 is already past the cap; a smaller shift cannot overflow.
    let doublings = (attempts - 1).min(6);
    (BACKOFF_BASE_MS << doublings).min(BACKOFF_MAX_MS)
}

/// What to do after sending a write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The server has it: [`Outbox::acknowledge`].
    Done,
    /// Try the same write again later: [`Outbox::failed_attempt`], wait [`backoff_ms`].
    Retry,
    /// The server will not take it: [`Outbox::reject`] and roll back.
    Rejected,
}

/// Whether [`classify`]'s answer depends on `already_exists`, that is whether the caller
/// should first ask the server (`GET /<collection>/<id>`) if the record is there: for a
/// POST answered with 408, 409, 429 or 5xx.
pub fn needs_existence_check(status: Option<u16>, method: Method) -> bool {
    method == Method::Post && status.is_some_and(|s| matches!(s, 408 | 409 | 429 | 500..=599))
}

/// Reads the answer to a write. `status` is None when there was no answer (network
/// error, CORS failure, server down): retry. 2xx: done. A POST whose record turns out to
/// exist already (`already_exists`, which the caller checked with a GET) is done: it is
/// a retried POST whose earlier try did reach the server, so nothing is created twice.
/// json-server 0.17 answers a POST of an existing id with HTTP 500 "Insert failed,
/// duplicate id", which is why a 5xx counts here; a 409 Conflict, the usual answer
/// elsewhere, does too. Otherwise the server answered and: 408, 429, 502, 503 and 504
/// say "not now" (a timeout, a rate limit, a proxy without its upstream): retry; any
/// other status (a 500 included: the server tried and refused) is rejected, and the
/// change is rolled back rather than sent forever.
pub fn classify(status: Option<u16>, method: Method, already_exists: bool) -> Outcome {
    let Some(status) = status else {
        return Outcome::Retry;
    };
    if (200..=299).contains(&status) {
        return Outcome::Done;
    }
    if method == Method::Post && already_exists && needs_existence_check(Some(status), method) {
        return Outcome::Done;
    }
    match status {
        408 | 429 | 502..=504 => Outcome::Retry,
        _ => Outcome::Rejected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{
        account, audit, credential, customer, device, dispute, goal, mfa, notification, request,
        session, settings, ts, txn, user,
    };
    use crate::journal::{apply, Change};
    use crate::money::Money;
    use serde_json::json;

    fn patch(collection: Collection, id: &str, body: Value) -> Write {
        Write {
            collection,
            id: id.into(),
            method: Method::Patch,
            body,
        }
    }

    fn post<T: Record>(record: &T) -> Write {
        let mut body = serde_json::to_value(record).unwrap();
        body["id"] = json!(record.id());
        Write {
            collection: T::COLLECTION,
            id: record.id().into(),
            method: Method::Post,
            body,
        }
    }

    /// One record in every collection.
    fn one_of_each() -> Dataset {
        Dataset {
            customers: vec![customer("c1")],
            accounts: vec![account("a1", "c1", AccountType::Current, 1_000)],
            transactions: vec![txn("t1", "c1", 500, "2026-11-01T10:00:00+03:00")],
            savings_goals: vec![goal("g1", "c1", 10_000, 1_000)],
            service_requests: vec![request("r1", "c1", "2026-11-02T10:00:00+03:00")],
            dispute_records: vec![dispute("dp1", "c1", "2026-11-03T10:00:00+03:00")],
            notifications: vec![notification("n1", "c1", "2026-11-04T10:00:00+03:00")],
            auth_users: vec![user("u1", Some("c1"))],
            credentials: vec![credential("u1")],
            mfa_settings: vec![mfa("m1", "u1")],
            registered_devices: vec![device("d1", "u1", "iPhone 15")],
            login_sessions: vec![session(
                "s1",
                "u1",
                "d1",
                "2026-11-20T09:00:00+03:00",
                "37.36.0.1",
            )],
            audit_logs: vec![audit("au1", Some("c1"), "2026-11-05T10:00:00+03:00")],
            customer_settings: vec![settings("c1", true)],
        }
    }

    #[test]
    fn every_record_type_is_keyed_by_its_collections_id_field() {
        let ds = one_of_each();
        let writes = writes_between(&Dataset::default(), &ds).unwrap();
        let collections: Vec<Collection> = writes.iter().map(|w| w.collection).collect();
        assert_eq!(
            collections,
            Collection::ALL,
            "one POST per collection, in order"
        );
        for w in &writes {
            let c = w.collection;
            assert_eq!(w.method, Method::Post, "{c}");
            assert_eq!(
                w.body[c.id_field()],
                json!(w.id),
                "{c}: id is the primary key"
            );
            assert_eq!(w.body["id"], json!(w.id), "{c}: the body carries the id");
        }
        assert_eq!(
            Customer::COLLECTION.id_field(),
            "customer_id",
            "trait and collection agree"
        );
    }

    #[test]
    fn path_is_the_collection_for_post_and_the_encoded_record_for_patch() {
        let mut w = patch(Collection::SavingsGoals, "g 1/é?#%", json!({}));
        assert_eq!(w.path(), "/savings_goals/g%201%2F%C3%A9%3F%23%25");
        w.id = "a1b2-c3_d.e~f".into();
        assert_eq!(w.path(), "/savings_goals/a1b2-c3_d.e~f");
        w.method = Method::Post;
        assert_eq!(w.path(), "/savings_goals");
        assert_eq!(
            (Method::Post.as_str(), Method::Patch.as_str()),
            ("POST", "PATCH")
        );
    }

    #[test]
    fn writes_serialize_with_collection_names_and_upper_case_methods() {
        let w = patch(
            Collection::LoginSessions,
            "s1",
            json!({"status": "TERMINATED"}),
        );
        let text = serde_json::to_string(&w).unwrap();
        assert_eq!(
            text,
            r#"{"collection":"login_sessions","id":"s1","method":"PATCH","body":{"status":"TERMINATED"}}"#
        );
        assert_eq!(serde_json::from_str::<Write>(&text).unwrap(), w);
        let bad = text.replace("login_sessions", "sessions");
        let err = serde_json::from_str::<Write>(&bad).unwrap_err();
        assert!(err.to_string().contains("unknown collection"), "{err}");
    }

    #[test]
    fn same_data_needs_no_writes() {
        let ds = one_of_each();
        assert_eq!(writes_between(&ds, &ds.clone()).unwrap(), vec![]);
        assert_eq!(
            writes_between(&Dataset::default(), &Dataset::default()).unwrap(),
            vec![]
        );
    }

    #[test]
    fn a_new_record_is_a_post_of_the_whole_record_with_its_id() {
        let before = one_of_each();
        let mut after = before.clone();
        let added = account("a2", "c1", AccountType::Savings, 2_500);
        after.accounts.push(added.clone());
        let writes = writes_between(&before, &after).unwrap();
        assert_eq!(writes, vec![post(&added)]);
        let body = &writes[0].body;
        assert_eq!(body["id"], json!("a2"));
        assert_eq!(body["account_id"], json!("a2"));
        assert_eq!(body["balance"], json!(2.5));
        assert_eq!(body["interest_rate"], Value::Null);
        assert_eq!(writes[0].path(), "/accounts");
    }

    #[test]
    fn a_changed_record_is_a_patch_of_the_changed_fields_only() {
        let before = one_of_each();
        let mut after = before.clone();
        after.accounts[0].balance = Money::from_fils(1_250);
        after.accounts[0].status = AccountStatus::Frozen;
        after.auth_users[0].last_login_at = Some(ts("2026-11-20T09:00:00+03:00"));
        after.login_sessions[0].status = SessionStatus::Terminated;
        let writes = writes_between(&before, &after).unwrap();
        assert_eq!(
            writes,
            vec![
                patch(
                    Collection::Accounts,
                    "a1",
                    json!({"balance": 1.25, "status": "FROZEN"})
                ),
                patch(
                    Collection::AuthUsers,
                    "u1",
                    json!({"last_login_at": "2026-11-20T09:00:00+03:00"})
                ),
                patch(
                    Collection::LoginSessions,
                    "s1",
                    json!({"status": "TERMINATED"})
                ),
            ]
        );
        assert_eq!(writes[0].path(), "/accounts/a1");
        // A field that becomes null is sent as null.
        let mut cleared = after.clone();
        cleared.auth_users[0].last_login_at = None;
        assert_eq!(
            writes_between(&after, &cleared).unwrap(),
            vec![patch(
                Collection::AuthUsers,
                "u1",
                json!({"last_login_at": null})
            )]
        );
    }

    #[test]
    fn a_nested_object_is_sent_whole_when_part_of_it_changes() {
        let before = one_of_each();
        let mut after = before.clone();
        after.customers[0].address.block = "7".into();
        let writes = writes_between(&before, &after).unwrap();
        let address = serde_json::to_value(&after.customers[0].address).unwrap();
        assert_eq!(
            writes,
            vec![patch(
                Collection::Customers,
                "c1",
                json!({ "address": address })
            )]
        );
        assert_eq!(writes[0].body["address"]["street"], json!("Street 26"));
    }

    #[test]
    fn missing_records_are_ignored_and_order_follows_collections_then_after() {
        let mut before = one_of_each();
        before
            .notifications
            .push(notification("n0", "c1", "2026-10-01T10:00:00+03:00"));
        let mut after = before.clone();
        // Gone from `after`: no write.
        after.transactions.clear();
        after.notifications.retain(|n| n.notification_id != "n0");
        // Changes listed out of collection order, and new records in `after`'s order.
        after
            .audit_logs
            .insert(0, audit("au0", Some("c1"), "2026-11-21T09:00:00+03:00"));
        after.audit_logs[1].details = "Edited".into();
        after.customers[0].phone = "+96599887766".into();
        after
            .notifications
            .insert(0, notification("n9", "c1", "2026-11-21T09:00:00+03:00"));
        after
            .notifications
            .push(notification("n8", "c1", "2026-11-21T09:00:00+03:00"));
        let writes = writes_between(&before, &after).unwrap();
        let summary: Vec<(Collection, &str, Method)> = writes
            .iter()
            .map(|w| (w.collection, w.id.as_str(), w.method))
            .collect();
        assert_eq!(
            summary,
            [
                (Collection::Customers, "c1", Method::Patch),
                (Collection::Notifications, "n9", Method::Post),
                (Collection::Notifications, "n8", Method::Post),
                (Collection::AuditLogs, "au0", Method::Post),
                (Collection::AuditLogs, "au1", Method::Patch),
            ]
        );
        assert_eq!(writes[4].body, json!({"details": "Edited"}));
    }

    #[test]
    fn timestamps_compare_as_instants() {
        let before = one_of_each();
        let mut after = before.clone();
        // The same instant written in UTC: not a change.
        after.login_sessions[0].started_at = ts("2026-11-20T06:00:00+00:00");
        assert_eq!(writes_between(&before, &after).unwrap(), vec![]);
        after.login_sessions[0].started_at = ts("2026-11-20T06:00:01+00:00");
        assert_eq!(
            writes_between(&before, &after).unwrap(),
            vec![patch(
                Collection::LoginSessions,
                "s1",
                json!({"started_at": "2026-11-20T06:00:01Z"})
            )]
        );
    }

    #[test]
    fn thousands_of_records_one_change_one_write() {
        let mut before = one_of_each();
        before.transactions = (0..5_000)
            .map(|i| txn(&format!("t{i}"), "c1", 100 + i, "2026-11-01T10:00:00+03:00"))
            .collect();
        let mut after = before.clone();
        after.transactions[4_321].status = TxnStatus::Reversed;
        after.transactions.reverse();
        assert_eq!(
            writes_between(&before, &after).unwrap(),
            vec![patch(
                Collection::Transactions,
                "t4321",
                json!({"status": "REVERSED"})
            )]
        );
    }

    /// c1 with user u1 (notifications on), the current session s1 and one notification n1.
    fn small() -> Dataset {
        Dataset {
            customers: vec![customer("c1")],
            auth_users: vec![user("u1", Some("c1"))],
            registered_devices: vec![device("d1", "u1", "iPhone 15")],
            login_sessions: vec![session(
                "s1",
                "u1",
                "d1",
                "2026-11-20T09:00:00+03:00",
                "37.36.0.1",
            )],
            notifications: vec![notification("n1", "c1", "2026-11-04T10:00:00+03:00")],
            customer_settings: vec![settings("c1", true)],
            ..Dataset::default()
        }
    }

    fn entry(change: Change) -> JournalEntry {
        JournalEntry {
            at: ts("2026-11-21T09:30:00+03:00"),
            customer_id: "c1".into(),
            change,
            audit_id: "new-audit".into(),
            notification_id: "new-note".into(),
        }
    }

    #[test]
    fn a_read_mark_is_one_patch_of_read() {
        let before = small();
        let mut after = before.clone();
        let read = entry(Change::SetNotificationRead {
            notification_id: "n1".into(),
            read: true,
        });
        apply(&mut after, &read).unwrap();
        assert_eq!(
            writes_between(&before, &after).unwrap(),
            vec![patch(
                Collection::Notifications,
                "n1",
                json!({"read": true})
            )]
        );
        // Marking it read again changes nothing: nothing to send, nothing queued.
        let mut again = after.clone();
        apply(&mut again, &read).unwrap();
        let writes = writes_between(&after, &again).unwrap();
        assert_eq!(writes, vec![]);
        let mut outbox = Outbox::default();
        outbox.push(read, writes);
        assert!(outbox.is_empty());
    }

    #[test]
    fn a_profile_update_patches_customer_and_user_and_posts_its_audit_and_notification() {
        let before = small();
        let mut after = before.clone();
        let mut address = before.customers[0].address.clone();
        address.area = "Jabriya".into();
        apply(
            &mut after,
            &entry(Change::UpdateProfile {
                email: Some("fatima.new@mail.example".into()),
                phone: None,
                address: Some(address.clone()),
            }),
        )
        .unwrap();
        let log = after.audit_logs.last().unwrap();
        let note = after.notifications.last().unwrap();
        assert_eq!(
            (log.audit_id.as_str(), note.notification_id.as_str()),
            ("new-audit", "new-note")
        );
        assert_eq!(
            writes_between(&before, &after).unwrap(),
            vec![
                patch(
                    Collection::Customers,
                    "c1",
                    json!({
                        "email": "fatima.new@mail.example",
                        "address": serde_json::to_value(&address).unwrap(),
                    })
                ),
                post(note),
                patch(
                    Collection::AuthUsers,
                    "u1",
                    json!({"email": "fatima.new@mail.example"})
                ),
                post(log),
            ]
        );
    }

    #[test]
    fn merge_replaces_known_ids_in_place_and_appends_new_ones() {
        let mut base = one_of_each();
        base.accounts
            .push(account("a2", "c1", AccountType::Savings, 2_000));
        let fragment = Dataset {
            accounts: vec![
                account("a3", "c1", AccountType::Current, 3_000),
                account("a1", "c1", AccountType::Current, 9_999),
            ],
            notifications: vec![
                notification("n2", "c1", "2026-11-06T10:00:00+03:00"),
                Notification {
                    read: true,
                    ..notification("n2", "c1", "2026-11-06T10:00:00+03:00")
                },
            ],
            ..Dataset::default()
        };
        let untouched = base.clone();
        merge(&mut base, fragment);
        let accounts: Vec<(&str, i64)> = base
            .accounts
            .iter()
            .map(|a| (a.account_id.as_str(), a.balance.fils()))
            .collect();
        assert_eq!(accounts, [("a1", 9_999), ("a2", 2_000), ("a3", 3_000)]);
        let notes: Vec<(&str, bool)> = base
            .notifications
            .iter()
            .map(|n| (n.notification_id.as_str(), n.read))
            .collect();
        assert_eq!(notes, [("n1", false), ("n2", true)], "a later copy wins");
        assert_eq!(base.customers, untouched.customers);
        assert_eq!(base.transactions, untouched.transactions);
        // Merging into nothing gives the fragment; merging it again changes nothing.
        let mut empty = Dataset::default();
        merge(&mut empty, one_of_each());
        assert_eq!(empty, one_of_each());
        merge(&mut empty, one_of_each());
        assert_eq!(empty, one_of_each());
    }

    #[test]
    fn merge_keys_each_collection_by_its_own_id() {
        // customers and customer_settings share customer_id values, credentials and
        // auth_users user_id values: each collection is merged on its own.
        let mut base = Dataset::default();
        merge(
            &mut base,
            Dataset {
                customers: vec![customer("c1")],
                customer_settings: vec![settings("c1", false)],
                auth_users: vec![user("u1", Some("c1"))],
                credentials: vec![credential("u1")],
                ..Dataset::default()
            },
        );
        merge(
            &mut base,
            Dataset {
                customer_settings: vec![settings("c1", true)],
                ..Dataset::default()
            },
        );
        assert_eq!(base.customers, vec![customer("c1")]);
        assert_eq!(base.customer_settings, vec![settings("c1", true)]);
        assert_eq!(base.credentials, vec![credential("u1")]);
    }

    fn w(id: &str) -> Write {
        patch(Collection::Notifications, id, json!({"read": true}))
    }

    fn e(audit_id: &str) -> JournalEntry {
        JournalEntry {
            audit_id: audit_id.into(),
            ..entry(Change::SetNotificationRead {
                notification_id: "n1".into(),
                read: true,
            })
        }
    }

    fn next_id(outbox: &Outbox) -> Option<(String, String)> {
        outbox
            .next()
            .map(|(p, w)| (p.entry.audit_id.clone(), w.id.clone()))
    }

    fn ids(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.into(), b.into()))
    }

    #[test]
    fn outbox_sends_writes_strictly_in_order_and_returns_finished_entries() {
        let mut outbox = Outbox::default();
        assert_eq!(outbox.next(), None);
        assert_eq!(outbox.acknowledge(), None);
        outbox.push(e("A"), vec![w("a1"), w("a2")]);
        outbox.push(e("B"), vec![w("b1")]);
        assert_eq!(outbox.len(), 2);
        assert_eq!(next_id(&outbox), ids("A", "a1"));
        assert_eq!(next_id(&outbox), ids("A", "a1"), "next does not advance");
        assert_eq!(outbox.acknowledge(), None, "A has a write left");
        assert_eq!(outbox.pending[0].sent, 1);
        assert_eq!(next_id(&outbox), ids("A", "a2"));
        assert_eq!(outbox.acknowledge(), Some(e("A")));
        assert_eq!(next_id(&outbox), ids("B", "b1"));
        assert_eq!(outbox.acknowledge(), Some(e("B")));
        assert!(outbox.is_empty());
        assert_eq!(outbox.next(), None);
    }

    #[test]
    fn outbox_counts_failed_attempts_until_the_write_gets_through() {
        let mut outbox = Outbox::default();
        assert_eq!(outbox.failed_attempt(), 0, "nothing queued");
        outbox.push(e("A"), vec![w("a1"), w("a2")]);
        outbox.push(e("B"), vec![w("b1")]);
        assert_eq!(outbox.failed_attempt(), 1);
        assert_eq!(outbox.failed_attempt(), 2);
        assert_eq!(outbox.failed_attempt(), 3);
        assert_eq!(next_id(&outbox), ids("A", "a1"), "the same write again");
        assert_eq!(outbox.pending[1].attempts, 0, "only the first entry counts");
        assert_eq!(outbox.acknowledge(), None);
        assert_eq!(outbox.pending[0].attempts, 0, "a new write starts afresh");
        assert_eq!(outbox.failed_attempt(), 1);
        outbox.pending[0].attempts = u32::MAX;
        assert_eq!(outbox.failed_attempt(), u32::MAX, "saturates");
    }

    #[test]
    fn a_rejected_entry_leaves_and_the_next_one_stays_queued() {
        let mut outbox = Outbox::default();
        assert_eq!(outbox.reject(), None);
        outbox.push(e("A"), vec![w("a1"), w("a2")]);
        outbox.push(e("B"), vec![w("b1")]);
        assert_eq!(outbox.acknowledge(), None);
        outbox.failed_attempt();
        let refused = outbox.reject().unwrap();
        assert_eq!(
            (
                refused.entry,
                refused.sent,
                refused.attempts,
                refused.writes.len()
            ),
            (e("A"), 1, 1, 2),
            "returned as it was: one write already on the server"
        );
        assert_eq!(next_id(&outbox), ids("B", "b1"));
        assert_eq!(outbox.reject().map(|p| p.entry), Some(e("B")));
        assert!(outbox.is_empty());
    }

    #[test]
    fn a_hand_edited_finished_entry_is_settled_by_acknowledge() {
        let mut outbox = Outbox {
            pending: vec![Pending {
                entry: e("A"),
                writes: vec![w("a1")],
                sent: 1,
                attempts: 0,
            }],
        };
        assert_eq!(outbox.next(), None);
        assert_eq!(outbox.acknowledge(), Some(e("A")));
        assert!(outbox.is_empty());
    }

    #[test]
    fn outbox_survives_a_round_trip_through_json() {
        let mut outbox = Outbox::default();
        let before = small();
        let mut after = before.clone();
        let change = entry(Change::TerminateSession {
            session_id: "s1".into(),
        });
        apply(&mut after, &change).unwrap();
        let writes = writes_between(&before, &after).unwrap();
        let summary: Vec<(Collection, Method)> =
            writes.iter().map(|w| (w.collection, w.method)).collect();
        assert_eq!(
            summary,
            [
                (Collection::Notifications, Method::Post),
                (Collection::LoginSessions, Method::Patch),
                (Collection::AuditLogs, Method::Post),
            ]
        );
        outbox.push(change, writes);
        outbox.push(e("B"), vec![w("b1")]);
        outbox.acknowledge();
        outbox.failed_attempt();
        let text = serde_json::to_string(&outbox).unwrap();
        let back: Outbox = serde_json::from_str(&text).unwrap();
        assert_eq!(back, outbox);
        assert_eq!(
            back.next().map(|(p, w)| (p.sent, p.attempts, w.method)),
            Some((1, 1, Method::Patch))
        );
    }

    #[test]
    fn backoff_doubles_from_half_a_second_up_to_thirty() {
        let waits: Vec<u64> = (0..=9).map(backoff_ms).collect();
        assert_eq!(
            waits,
            [0, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]
        );
        assert_eq!(backoff_ms(64), 30_000);
        assert_eq!(backoff_ms(u32::MAX), 30_000);
        assert!((1..=200).map(backoff_ms).all(|ms| ms <= BACKOFF_MAX_MS));
        assert!((1..200).all(|n| backoff_ms(n) <= backoff_ms(n + 1)));
    }

    #[test]
    fn classify_reads_every_kind_of_answer() {
        use Method::{Patch, Post};
        use Outcome::{Done, Rejected, Retry};
        let cases = [
            // No answer at all.
            (None, Post, false, Retry),
            (None, Patch, false, Retry),
            (None, Post, true, Retry),
            // Success.
            (Some(200), Patch, false, Done),
            (Some(201), Post, false, Done),
            (Some(204), Patch, false, Done),
            (Some(299), Post, false, Done),
            // Worth retrying.
            (Some(408), Patch, false, Retry),
            (Some(429), Post, false, Retry),
            (Some(502), Post, false, Retry),
            (Some(503), Patch, true, Retry),
            (Some(504), Patch, false, Retry),
            // The server answered and refused.
            (Some(500), Patch, false, Rejected),
            (Some(500), Post, false, Rejected),
            (Some(501), Patch, false, Rejected),
            (Some(599), Post, false, Rejected),
            // json-server 0.17's duplicate id: a retried POST that got through before.
            (Some(500), Post, true, Done),
            (Some(503), Post, true, Done),
            (Some(408), Post, true, Done),
            (Some(429), Post, true, Done),
            (Some(409), Post, true, Done),
            // Refused.
            (Some(409), Post, false, Rejected),
            (Some(409), Patch, true, Rejected),
            (Some(400), Post, true, Rejected),
            (Some(400), Patch, false, Rejected),
            (Some(401), Patch, false, Rejected),
            (Some(403), Post, false, Rejected),
            (Some(404), Patch, false, Rejected),
            (Some(404), Patch, true, Rejected),
            (Some(413), Post, false, Rejected),
            (Some(422), Patch, false, Rejected),
            // Not an answer a write succeeds with.
            (Some(100), Patch, false, Rejected),
            (Some(304), Patch, false, Rejected),
            (Some(302), Post, true, Rejected),
            (Some(600), Post, false, Rejected),
        ];
        for (status, method, exists, expected) in cases {
            assert_eq!(
                classify(status, method, exists),
                expected,
                "{status:?} {method:?} exists={exists}"
            );
        }
    }

    #[test]
    fn an_existence_check_matters_only_for_a_post_that_may_have_got_through() {
        for status in [408, 409, 429, 500, 503, 599] {
            assert!(
                needs_existence_check(Some(status), Method::Post),
                "{status}"
            );
            assert!(
                !needs_existence_check(Some(status), Method::Patch),
                "{status}"
            );
        }
        for status in [None, Some(200), Some(201), Some(400), Some(404), Some(422)] {
            assert!(!needs_existence_check(status, Method::Post), "{status:?}");
        }
        // Where it is not needed, the answer does not depend on it.
        for status in [None, Some(201), Some(400), Some(404), Some(422), Some(302)] {
            for method in [Method::Post, Method::Patch] {
                assert_eq!(
                    classify(status, method, true),
                    classify(status, method, false),
                    "{status:?} {method:?}"
                );
            }
        }
    }
}
