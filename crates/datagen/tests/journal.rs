//! The journal and the timeline over a generated dataset: every change has its effect,
//! is audited with the current session's IP (or the one of the session it signs in or
//! out of, or that expires), notifies only customers who opted in, refused changes leave
//! no trace, and the result still passes every validator rule.

use bankdash_datagen::{generate, Options};
use bankdash_domain::auth::PASSWORD_LIFETIME_DAYS;
use bankdash_domain::journal::{
    apply, current_session, derived_audit_id, replay, Change, ChangeError, JournalEntry, Refusal,
    SessionChange,
};
use bankdash_domain::model::*;
use bankdash_domain::time::{as_of_instant, kuwait_date, kuwait_time, Timestamp};
use bankdash_domain::timeline::{self, EventKind, Row, TimelineEvent};
use bankdash_domain::validate::{is_bcrypt_hash, validate_dataset, validate_texts};
use bankdash_domain::Dataset;
use chrono::{Duration, NaiveDate};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::OnceLock;

fn journal_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
}

/// Seed 3, 10 customers, as of 2026-11-20, then aged to the end of 2026-11-21 (the
/// journal's day): sessions and passwords that expire by then are marked EXPIRED, as
/// the generator does for its own as_of. Nothing else changes.
fn base() -> &'static Dataset {
    static BASE: OnceLock<Dataset> = OnceLock::new();
    BASE.get_or_init(|| {
        let as_of = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        let mut ds = generate(&Options {
            seed: 3,
            customers: 10,
            as_of,
            bcrypt_cost: 4,
        })
        .unwrap()
        .dataset;
        let end = as_of_instant(journal_day());
        for s in ds
            .login_sessions
            .iter_mut()
            .filter(|s| s.status == SessionStatus::Active && s.expires_at < end)
        {
            s.status = SessionStatus::Expired;
        }
        for c in ds
            .credentials
            .iter_mut()
            .filter(|c| c.status == CredentialStatus::Active && c.expires_at < end)
        {
            c.status = CredentialStatus::Expired;
        }
        ds
    })
}

/// Both validator entry points: the typed rules, and the raw texts (Kuwait offsets,
/// nothing after the journal's day).
fn assert_valid(ds: &Dataset) {
    assert_eq!(validate_dataset(ds, journal_day()), vec![]);
    let texts: BTreeMap<_, _> = ds.to_texts().unwrap().into_iter().collect();
    assert_eq!(validate_texts(&texts, journal_day(), None), vec![]);
}

fn user_of<'a>(ds: &'a Dataset, customer: &str) -> &'a AuthUser {
    ds.auth_users
        .iter()
        .find(|u| u.customer_id.as_deref() == Some(customer))
        .unwrap()
}

fn notifications_on(ds: &Dataset, customer: &str) -> bool {
    ds.customer_settings
        .iter()
        .find(|s| s.customer_id == customer)
        .unwrap()
        .notifications_enabled
}

fn active_sessions<'a>(ds: &'a Dataset, customer: &str) -> Vec<&'a LoginSession> {
    let user = &user_of(ds, customer).user_id;
    ds.login_sessions
        .iter()
        .filter(|s| s.user_id == *user && s.status == SessionStatus::Active)
        .collect()
}

fn session<'a>(ds: &'a Dataset, id: &str) -> &'a LoginSession {
    ds.login_sessions
        .iter()
        .find(|s| s.session_id == id)
        .unwrap()
}

fn device<'a>(ds: &'a Dataset, id: &str) -> &'a RegisteredDevice {
    ds.registered_devices
        .iter()
        .find(|d| d.device_id == id)
        .unwrap()
}

fn undisputed_failed<'a>(ds: &'a Dataset, customer: &str) -> Option<&'a Transaction> {
    ds.transactions.iter().find(|t| {
        t.customer_id == customer
            && t.status == TxnStatus::Failed
            && !ds
                .dispute_records
                .iter()
                .any(|d| d.transaction_id == t.transaction_id)
    })
}

/// Journal entries at increasing times on 2026-11-21 (Kuwait), with fresh ids.
struct Script {
    entries: Vec<JournalEntry>,
}

impl Script {
    /// When the next entry happens: one minute after the previous one, from 09:00.
    fn next_at(&self) -> Timestamp {
        let n = self.entries.len() as u32;
        kuwait_time(journal_day(), 9 + n / 60, n % 60, 0).unwrap()
    }

    fn entry(&mut self, customer: &str, change: Change) -> JournalEntry {
        let n = self.entries.len() as u32;
        let entry = JournalEntry {
            at: self.next_at(),
            customer_id: customer.to_owned(),
            change,
            audit_id: format!("00000000-0000-4000-8000-a{n:011}"),
            notification_id: format!("00000000-0000-4000-8000-b{n:011}"),
        };
        self.entries.push(entry.clone());
        entry
    }
}

/// What the audit log of a successful change must say.
struct Expect<'a> {
    action: &'a str,
    severity: Severity,
    entity_type: EntityType,
    entity_id: &'a str,
}

/// Applies an entry that must succeed and checks its audit log and notification.
fn applied(ds: &mut Dataset, entry: &JournalEntry, expect: Option<Expect>) {
    let Some(expect) = expect else {
        let before = ds.clone();
        apply(ds, entry).unwrap_or_else(|e| panic!("{:?} failed: {e}", entry.change));
        assert_eq!(
            ds.audit_logs, before.audit_logs,
            "{:?} is not audited",
            entry.change
        );
        assert_eq!(ds.notifications.len(), before.notifications.len());
        return;
    };
    // The IP is the one of the session current before the change.
    let ip = current_session(ds, &entry.customer_id)
        .unwrap()
        .ip_address
        .clone();
    logged(
        ds,
        entry,
        &[(expect.action, expect.severity)],
        (expect.entity_type, expect.entity_id),
        &ip,
        true,
    );
}

/// Applies an entry that must succeed and checks that it appended `logs` (action and
/// severity, in order) about `entity` from `ip`, and a notification about `entity` if it
/// `notifies` and the customer has notifications on.
fn logged(
    ds: &mut Dataset,
    entry: &JournalEntry,
    logs: &[(&str, Severity)],
    entity: (EntityType, &str),
    ip: &str,
    notifies: bool,
) {
    let before = ds.clone();
    let customer = entry.customer_id.as_str();
    apply(ds, entry).unwrap_or_else(|e| panic!("{:?} failed: {e}", entry.change));
    let new_logs = ds
        .audit_logs
        .get(before.audit_logs.len()..)
        .unwrap_or_default();
    assert_eq!(
        ds.audit_logs[..before.audit_logs.len()],
        before.audit_logs[..],
        "logs are only appended"
    );
    let actions: Vec<(&str, Severity)> = new_logs
        .iter()
        .map(|l| (l.action.as_str(), l.severity))
        .collect();
    assert_eq!(actions, logs, "{:?}", entry.change);
    for (i, log) in new_logs.iter().enumerate() {
        let id = if i == 0 {
            entry.audit_id.clone()
        } else {
            derived_audit_id(&entry.audit_id, &log.action)
        };
        assert_eq!(log.audit_id, id);
        assert_eq!(log.user_id, user_of(&before, customer).user_id);
        assert_eq!(log.customer_id.as_deref(), Some(customer));
        assert_eq!((log.entity_type, log.entity_id.as_str()), entity);
        assert_eq!(log.ip_address, ip);
        assert!(
            log.details.ends_with('.'),
            "details is a sentence: {:?}",
            log.details
        );
        assert_eq!(log.created_at, entry.at);
    }
    if notifies && notifications_on(&before, customer) {
        assert_eq!(ds.notifications.len(), before.notifications.len() + 1);
        let n = ds.notifications.last().unwrap();
        assert_eq!(n.notification_id, entry.notification_id);
        assert_eq!(n.customer_id, customer);
        assert_eq!(n.channel, NotificationChannel::Push);
        assert!(!n.title.is_empty() && !n.body.is_empty());
        assert_eq!(
            (n.related_entity_type, n.related_entity_id.as_deref()),
            (Some(entity.0), Some(entity.1))
        );
        assert_eq!((n.sent_at, n.read), (entry.at, false));
    } else {
        assert_eq!(
            ds.notifications, before.notifications,
            "{:?} does not notify {customer}",
            entry.change
        );
    }
}

/// Applies an entry that must fail, and checks nothing changed.
fn refused(ds: &mut Dataset, entry: &JournalEntry) -> ChangeError {
    let before = ds.clone();
    let err = apply(ds, entry).expect_err("the change should be refused");
    assert!(*ds == before, "a refused change left a trace: {err}");
    err
}

fn not_allowed(why: Refusal) -> ChangeError {
    ChangeError::NotAllowed(why)
}

#[test]
fn every_change_has_its_effect_and_the_result_is_valid() {
    let base = base();
    assert_valid(base);
    let customers: Vec<&str> = base
        .customers
        .iter()
        .map(|c| c.customer_id.as_str())
        .collect();
    let quiet = customers[5];
    assert!(
        !notifications_on(base, quiet),
        "the 6th persona has notifications off"
    );

    // E: notifications on, a second ACTIVE device with an ACTIVE session, a failed payment to dispute.
    let (e, revoke_id) = customers
        .iter()
        .filter(|c| {
            **c != quiet && notifications_on(base, c) && undisputed_failed(base, c).is_some()
        })
        .find_map(|c| {
            let current = current_session(base, c)?;
            let other = active_sessions(base, c)
                .into_iter()
                .find(|s| s.device_id != current.device_id)?;
            Some((*c, other.device_id.clone()))
        })
        .expect("a customer with a second active device and an undisputed failed payment");
    // F: another customer with more than one ACTIVE session; G: one with a non-current ACTIVE session.
    let f = *customers
        .iter()
        .find(|c| ![e, quiet].contains(c) && active_sessions(base, c).len() >= 2)
        .unwrap();
    let g = *customers
        .iter()
        .find(|c| ![e, f, quiet].contains(c) && active_sessions(base, c).len() >= 2)
        .unwrap();

    let mut ds = base.clone();
    let mut script = Script {
        entries: Vec::new(),
    };
    let mut refusals: Vec<(usize, ChangeError)> = Vec::new();
    let mut refuse =
        |ds: &mut Dataset, entry: &JournalEntry, script: &Script, want: ChangeError| {
            assert_eq!(refused(ds, entry), want);
            refusals.push((script.entries.len() - 1, want));
        };

    // Trust, then revoke, E's second device.
    let e_current = current_session(base, e).unwrap().clone();
    let was_trusted = device(base, &revoke_id).trusted;
    let entry = script.entry(
        e,
        Change::SetDeviceTrust {
            device_id: revoke_id.clone(),
            trusted: !was_trusted,
        },
    );
    let action = if was_trusted {
        "DEVICE_UNTRUSTED"
    } else {
        "DEVICE_TRUSTED"
    };
    applied(
        &mut ds,
        &entry,
        Some(Expect {
            action,
            severity: Severity::Medium,
            entity_type: EntityType::Device,
            entity_id: &revoke_id,
        }),
    );
    assert_eq!(device(&ds, &revoke_id).trusted, !was_trusted);

    let on_device: Vec<String> = active_sessions(&ds, e)
        .iter()
        .filter(|s| s.device_id == revoke_id)
        .map(|s| s.session_id.clone())
        .collect();
    assert!(!on_device.is_empty());
    let entry = script.entry(
        e,
        Change::RevokeDevice {
            device_id: revoke_id.clone(),
        },
    );
    applied(
        &mut ds,
        &entry,
        Some(Expect {
            action: "DEVICE_REVOKED",
            severity: Severity::High,
            entity_type: EntityType::Device,
            entity_id: &revoke_id,
        }),
    );
    let revoked = device(&ds, &revoke_id);
    assert_eq!(
        (revoked.status, revoked.trusted),
        (DeviceStatus::Revoked, false)
    );
    for id in &on_device {
        let s = session(&ds, id);
        assert_eq!(s.status, SessionStatus::Terminated);
        assert!(s.last_activity_at >= entry.at);
    }
    assert_eq!(
        session(&ds, &e_current.session_id).status,
        SessionStatus::Active
    );

    let entry = script.entry(
        e,
        Change::TerminateSession {
            session_id: on_device[0].clone(),
        },
    );
    refuse(
        &mut ds,
        &entry,
        &script,
        not_allowed(Refusal::SessionNotActive(SessionStatus::Terminated)),
    );
    let entry = script.entry(
        e,
        Change::RevokeDevice {
            device_id: e_current.device_id.clone(),
        },
    );
    refuse(
        &mut ds,
        &entry,
        &script,
        not_allowed(Refusal::CurrentDevice),
    );

    // A service request on E's own account; someone else's account is not found.
    let own = base
        .accounts
        .iter()
        .find(|a| a.customer_id == e)
        .unwrap()
        .account_id
        .clone();
    let foreign = base
        .accounts
        .iter()
        .find(|a| a.customer_id != e)
        .unwrap()
        .account_id
        .clone();
    let request = |id: &str, account: &str| Change::CreateServiceRequest {
        request_id: id.to_owned(),
        request_type: RequestType::CardReplacement,
        account_id: Some(account.to_owned()),
        description: "Replace my debit card (damaged chip)".to_owned(),
    };
    let request_id = "00000000-0000-4000-8000-c00000000001";
    let entry = script.entry(e, request(request_id, &foreign));
    refuse(
        &mut ds,
        &entry,
        &script,
        ChangeError::NotFound {
            what: "account",
            id: foreign.clone(),
        },
    );
    let entry = script.entry(e, request(request_id, &own));
    applied(
        &mut ds,
        &entry,
        Some(Expect {
            action: "SERVICE_REQUEST_CREATED",
            severity: Severity::Low,
            entity_type: EntityType::ServiceRequest,
            entity_id: request_id,
        }),
    );
    let r = ds.service_requests.last().unwrap();
    assert_eq!(
        (
            r.request_id.as_str(),
            r.customer_id.as_str(),
            r.account_id.as_deref()
        ),
        (request_id, e, Some(own.as_str()))
    );
    assert_eq!(
        (r.status, r.created_at, r.updated_at, r.resolved_at),
        (RequestStatus::Open, entry.at, entry.at, None)
    );

    // A dispute on E's failed payment; not twice, and not on a completed one.
    let failed = undisputed_failed(base, e).unwrap().clone();
    let completed = base
        .transactions
        .iter()
        .find(|t| t.customer_id == e && t.status == TxnStatus::Completed)
        .unwrap();
    let dispute = |id: &str, txn: &str| Change::CreateDispute {
        dispute_id: id.to_owned(),
        transaction_id: txn.to_owned(),
        reason: DisputeReason::FundsNotReturned,
        description: "The payment failed but the money left my account".to_owned(),
    };
    let dispute_id = "00000000-0000-4000-8000-d00000000001";
    let entry = script.entry(e, dispute(dispute_id, &failed.transaction_id));
    applied(
        &mut ds,
        &entry,
        Some(Expect {
            action: "DISPUTE_CREATED",
            severity: Severity::Medium,
            entity_type: EntityType::Dispute,
            entity_id: dispute_id,
        }),
    );
    let d = ds.dispute_records.last().unwrap();
    assert_eq!(
        (
            d.dispute_id.as_str(),
            d.transaction_id.as_str(),
            d.customer_id.as_str()
        ),
        (dispute_id, failed.transaction_id.as_str(), e)
    );
    assert_eq!(
        (d.status, d.disputed_amount, d.created_at, d.resolved_at),
        (DisputeStatus::Open, failed.amount, entry.at, None)
    );
    let dispute_at = entry.at;
    let entry = script.entry(
        e,
        dispute(
            "00000000-0000-4000-8000-d00000000002",
            &failed.transaction_id,
        ),
    );
    refuse(
        &mut ds,
        &entry,
        &script,
        not_allowed(Refusal::AlreadyDisputed),
    );
    let entry = script.entry(
        e,
        dispute(
            "00000000-0000-4000-8000-d00000000003",
            &completed.transaction_id,
        ),
    );
    refuse(&mut ds, &entry, &script, not_allowed(Refusal::NotFailed));

    // A read mark: no audit, no notification.
    let unread = ds
        .notifications
        .iter()
        .find(|n| n.customer_id == e && !n.read)
        .unwrap()
        .notification_id
        .clone();
    let entry = script.entry(
        e,
        Change::SetNotificationRead {
            notification_id: unread.clone(),
            read: true,
        },
    );
    applied(&mut ds, &entry, None);
    assert!(
        ds.notifications
            .iter()
            .find(|n| n.notification_id == unread)
            .unwrap()
            .read
    );

    // Records of another customer are not found.
    let f_session = active_sessions(&ds, f)[0].session_id.clone();
    let entry = script.entry(
        e,
        Change::TerminateSession {
            session_id: f_session.clone(),
        },
    );
    refuse(
        &mut ds,
        &entry,
        &script,
        ChangeError::NotFound {
            what: "session",
            id: f_session,
        },
    );

    // F signs out everywhere else.
    let f_current = current_session(&ds, f).unwrap().session_id.clone();
    let f_user = user_of(base, f).user_id.clone();
    let entry = script.entry(
        f,
        Change::SignOutOtherSessions {
            current_session_id: f_current.clone(),
        },
    );
    applied(
        &mut ds,
        &entry,
        Some(Expect {
            action: "OTHER_SESSIONS_TERMINATED",
            severity: Severity::High,
            entity_type: EntityType::AuthUser,
            entity_id: &f_user,
        }),
    );
    let left: Vec<&str> = active_sessions(&ds, f)
        .iter()
        .map(|s| s.session_id.as_str())
        .collect();
    assert_eq!(left, [f_current.as_str()]);
    let entry = script.entry(
        f,
        Change::SignOutOtherSessions {
            current_session_id: f_current.clone(),
        },
    );
    refuse(
        &mut ds,
        &entry,
        &script,
        not_allowed(Refusal::NoOtherSessions),
    );

    // G signs one session out.
    let g_current = current_session(&ds, g).unwrap().session_id.clone();
    let g_other = active_sessions(&ds, g)
        .iter()
        .find(|s| s.session_id != g_current)
        .unwrap()
        .session_id
        .clone();
    let entry = script.entry(
        g,
        Change::TerminateSession {
            session_id: g_other.clone(),
        },
    );
    applied(
        &mut ds,
        &entry,
        Some(Expect {
            action: "SESSION_TERMINATED",
            severity: Severity::Medium,
            entity_type: EntityType::Session,
            entity_id: &g_other,
        }),
    );
    assert_eq!(session(&ds, &g_other).status, SessionStatus::Terminated);
    assert!(session(&ds, &g_other).last_activity_at >= entry.at);

    // The quiet persona: audited, never notified.
    let q_device = current_session(&ds, quiet).unwrap().device_id.clone();
    assert!(device(&ds, &q_device).trusted);
    let entry = script.entry(
        quiet,
        Change::SetDeviceTrust {
            device_id: q_device.clone(),
            trusted: false,
        },
    );
    applied(
        &mut ds,
        &entry,
        Some(Expect {
            action: "DEVICE_UNTRUSTED",
            severity: Severity::Medium,
            entity_type: EntityType::Device,
            entity_id: &q_device,
        }),
    );
    assert!(!device(&ds, &q_device).trusted);
    let q_request = "00000000-0000-4000-8000-c00000000002";
    let entry = script.entry(
        quiet,
        Change::CreateServiceRequest {
            request_id: q_request.to_owned(),
            request_type: RequestType::GeneralInquiry,
            account_id: None,
            description: "Question about fixed deposit rates".to_owned(),
        },
    );
    applied(
        &mut ds,
        &entry,
        Some(Expect {
            action: "SERVICE_REQUEST_CREATED",
            severity: Severity::Low,
            entity_type: EntityType::ServiceRequest,
            entity_id: q_request,
        }),
    );
    let q_user = user_of(base, quiet).user_id.clone();
    let q_old = base
        .registered_devices
        .iter()
        .find(|d| {
            d.user_id == q_user && d.device_id != q_device && d.status != DeviceStatus::Revoked
        })
        .unwrap();
    let entry = script.entry(
        quiet,
        Change::RevokeDevice {
            device_id: q_old.device_id.clone(),
        },
    );
    applied(
        &mut ds,
        &entry,
        Some(Expect {
            action: "DEVICE_REVOKED",
            severity: Severity::High,
            entity_type: EntityType::Device,
            entity_id: &q_old.device_id,
        }),
    );
    assert_eq!(device(&ds, &q_old.device_id).status, DeviceStatus::Revoked);

    // The changed dataset still passes every rule.
    assert_valid(&ds);

    // Replaying the same journal over the bundled data gives the same dataset and
    // skips exactly the refused entries.
    let (replayed, skipped) = replay(base, &script.entries);
    assert_eq!(skipped, refusals);
    assert!(replayed == ds, "replay must reproduce the applied changes");

    // E's feed starts with what the dispute just recorded: audit, notification, dispute.
    let feed = timeline::build(&ds, e);
    let top: Vec<(EventKind, Timestamp)> = feed.iter().take(3).map(|ev| (ev.kind, ev.at)).collect();
    assert_eq!(
        top,
        [
            (EventKind::Audit, dispute_at),
            (EventKind::Notification, dispute_at),
            (EventKind::Dispute, dispute_at)
        ]
    );
    assert_eq!(feed[2].title, "Dispute: funds not returned");
    assert_eq!(feed[2].amount, Some(failed.amount));
}

#[test]
fn sign_in_changes_have_their_effect_and_the_result_is_valid() {
    let base = base();
    let customers: Vec<&str> = base
        .customers
        .iter()
        .map(|c| c.customer_id.as_str())
        .collect();
    let active = |c: &str| user_of(base, c).status == UserStatus::Active;
    // L: an ACTIVE user with notifications on (the most failures already counted), to lock.
    let l = *customers
        .iter()
        .filter(|c| active(c) && notifications_on(base, c) && current_session(base, c).is_some())
        .max_by_key(|c| user_of(base, c).failed_login_attempts)
        .unwrap();
    let l_user = user_of(base, l).clone();
    // K: the bank's already LOCKED user.
    let k = *customers
        .iter()
        .find(|c| user_of(base, c).status == UserStatus::Locked)
        .unwrap();
    // S: another ACTIVE user with notifications on, an ACTIVE and an INACTIVE device.
    let s = *customers
        .iter()
        .find(|c| {
            let user = &user_of(base, c).user_id;
            let has = |status| {
                base.registered_devices
                    .iter()
                    .any(|d| d.user_id == *user && d.status == status)
            };
            **c != l
                && active(c)
                && notifications_on(base, c)
                && has(DeviceStatus::Active)
                && has(DeviceStatus::Inactive)
        })
        .unwrap();
    let s_user = user_of(base, s).clone();
    // Q: the persona with notifications off, whose password is changed.
    let q = *customers
        .iter()
        .find(|c| !notifications_on(base, c) && active(c))
        .unwrap();
    let q_user = user_of(base, q).user_id.clone();

    let mut ds = base.clone();
    let mut script = Script {
        entries: Vec::new(),
    };
    let mut refusals: Vec<(usize, ChangeError)> = Vec::new();
    let mut refuse =
        |ds: &mut Dataset, entry: &JournalEntry, script: &Script, want: ChangeError| {
            assert_eq!(refused(ds, entry), want);
            refusals.push((script.entries.len() - 1, want));
        };
    let failed = |user: &str| Change::SignInFailed {
        user_id: user.to_owned(),
    };
    let failed_log = ("LOGIN_FAILED", Severity::Medium);

    // L fails until the account locks: each failure is audited with L's current IP; the
    // last one also logs ACCOUNT_LOCKED and notifies.
    let l_ip = current_session(base, l).unwrap().ip_address.clone();
    let l_entity = (EntityType::AuthUser, l_user.user_id.as_str());
    for n in l_user.failed_login_attempts + 1..=5 {
        let entry = script.entry(l, failed(&l_user.user_id));
        if n < 5 {
            logged(&mut ds, &entry, &[failed_log], l_entity, &l_ip, false);
            let u = user_of(&ds, l);
            assert_eq!((u.failed_login_attempts, u.status), (n, UserStatus::Active));
        } else {
            logged(
                &mut ds,
                &entry,
                &[failed_log, ("ACCOUNT_LOCKED", Severity::High)],
                l_entity,
                &l_ip,
                true,
            );
            assert_eq!(ds.notifications.last().unwrap().title, "Account locked");
        }
    }
    let locked = user_of(&ds, l).clone();
    assert_eq!(
        (locked.failed_login_attempts, locked.status),
        (5, UserStatus::Locked)
    );
    assert_eq!(
        locked,
        AuthUser {
            failed_login_attempts: 5,
            status: UserStatus::Locked,
            ..l_user.clone()
        }
    );
    // Locked now: another failure is only audited, and signing in is refused.
    let entry = script.entry(l, failed(&l_user.user_id));
    logged(&mut ds, &entry, &[failed_log], l_entity, &l_ip, false);
    assert_eq!(*user_of(&ds, l), locked);
    let l_device = current_session(&ds, l).unwrap().device_id.clone();
    let sign_in = |user: &str, session: &str, device: &str, ip: &str, at: Timestamp| {
        Change::Session(SessionChange::SignIn {
            user_id: user.to_owned(),
            session_id: session.to_owned(),
            device_id: device.to_owned(),
            ip_address: ip.to_owned(),
            city: "Mishref".to_owned(),
            expires_at: at + Duration::days(30),
        })
    };
    let new_session = "00000000-0000-4000-8000-e00000000001";
    let at = script.next_at();
    let entry = script.entry(
        l,
        sign_in(&l_user.user_id, new_session, &l_device, "94.128.10.20", at),
    );
    refuse(
        &mut ds,
        &entry,
        &script,
        not_allowed(Refusal::AccountLocked),
    );

    // K was locked by the bank's data: a failure is audited and changes nothing else.
    let k_user = user_of(base, k).clone();
    let k_ip = current_session(base, k).unwrap().ip_address.clone();
    let entry = script.entry(k, failed(&k_user.user_id));
    logged(
        &mut ds,
        &entry,
        &[failed_log],
        (EntityType::AuthUser, &k_user.user_id),
        &k_ip,
        false,
    );
    assert_eq!(*user_of(&ds, k), k_user);

    // S signs in on an ACTIVE device; not on an INACTIVE one, nor from abroad.
    let s_device = |status| {
        base.registered_devices
            .iter()
            .find(|d| d.user_id == s_user.user_id && d.status == status)
            .unwrap()
    };
    let (usable, unusable) = (
        s_device(DeviceStatus::Active).device_id.clone(),
        s_device(DeviceStatus::Inactive).device_id.clone(),
    );
    let at = script.next_at();
    let entry = script.entry(
        s,
        sign_in(&s_user.user_id, new_session, &unusable, "94.128.10.20", at),
    );
    refuse(
        &mut ds,
        &entry,
        &script,
        not_allowed(Refusal::DeviceNotUsable(DeviceStatus::Inactive)),
    );
    let at = script.next_at();
    let entry = script.entry(
        s,
        sign_in(&s_user.user_id, new_session, &usable, "8.8.8.8", at),
    );
    refuse(
        &mut ds,
        &entry,
        &script,
        not_allowed(Refusal::NotKuwaitiIp {
            ip: "8.8.8.8".to_owned(),
        }),
    );
    let at = script.next_at();
    let entry = script.entry(
        s,
        sign_in(&s_user.user_id, new_session, &usable, "94.128.10.20", at),
    );
    logged(
        &mut ds,
        &entry,
        &[("LOGIN_SUCCESS", Severity::Low)],
        (EntityType::Session, new_session),
        "94.128.10.20",
        false,
    );
    let opened = session(&ds, new_session);
    assert_eq!(
        (
            opened.user_id.as_str(),
            opened.device_id.as_str(),
            opened.status
        ),
        (
            s_user.user_id.as_str(),
            usable.as_str(),
            SessionStatus::Active
        )
    );
    assert_eq!(
        (
            opened.started_at,
            opened.last_activity_at,
            opened.expires_at
        ),
        (entry.at, entry.at, entry.at + Duration::days(30))
    );
    assert_eq!(current_session(&ds, s).unwrap().session_id, new_session);
    let signed_in = user_of(&ds, s);
    assert_eq!(
        (signed_in.failed_login_attempts, signed_in.last_login_at),
        (0, Some(entry.at))
    );
    let at = script.next_at();
    let entry = script.entry(
        s,
        sign_in(&s_user.user_id, new_session, &usable, "94.128.10.20", at),
    );
    refuse(
        &mut ds,
        &entry,
        &script,
        not_allowed(Refusal::DuplicateId {
            what: "session",
            id: new_session.to_owned(),
        }),
    );

    // S signs out of it, audited with its own IP; not twice.
    let entry = script.entry(
        s,
        Change::Session(SessionChange::SignOut {
            session_id: new_session.to_owned(),
        }),
    );
    logged(
        &mut ds,
        &entry,
        &[("LOGOUT", Severity::Low)],
        (EntityType::Session, new_session),
        "94.128.10.20",
        false,
    );
    assert_eq!(session(&ds, new_session).status, SessionStatus::Terminated);
    let entry = script.entry(
        s,
        Change::Session(SessionChange::SignOut {
            session_id: new_session.to_owned(),
        }),
    );
    refuse(
        &mut ds,
        &entry,
        &script,
        not_allowed(Refusal::SessionNotActive(SessionStatus::Terminated)),
    );

    // S signs in again and that session runs out: EXPIRED as of the entry (its 30 days
    // cut short), audited with its own IP, not notified; not twice, nor someone else's.
    let second_session = "00000000-0000-4000-8000-e00000000002";
    let at = script.next_at();
    let entry = script.entry(
        s,
        sign_in(&s_user.user_id, second_session, &usable, "94.128.10.21", at),
    );
    logged(
        &mut ds,
        &entry,
        &[("LOGIN_SUCCESS", Severity::Low)],
        (EntityType::Session, second_session),
        "94.128.10.21",
        false,
    );
    let expire = |session_id: &str| {
        Change::Session(SessionChange::ExpireSession {
            session_id: session_id.to_owned(),
        })
    };
    let entry = script.entry(s, expire(second_session));
    logged(
        &mut ds,
        &entry,
        &[("SESSION_EXPIRED", Severity::Low)],
        (EntityType::Session, second_session),
        "94.128.10.21",
        false,
    );
    let ran_out = session(&ds, second_session);
    assert_eq!(
        (ran_out.status, ran_out.expires_at),
        (SessionStatus::Expired, entry.at)
    );
    let entry = script.entry(s, expire(second_session));
    refuse(
        &mut ds,
        &entry,
        &script,
        not_allowed(Refusal::SessionNotActive(SessionStatus::Expired)),
    );
    let l_session = current_session(&ds, l).unwrap().session_id.clone();
    let entry = script.entry(s, expire(&l_session));
    refuse(
        &mut ds,
        &entry,
        &script,
        ChangeError::NotFound {
            what: "session",
            id: l_session,
        },
    );

    // Q changes the password to another generated hash: audited, not notified.
    let hash = base
        .credentials
        .iter()
        .find(|c| c.user_id != q_user)
        .unwrap()
        .password_hash
        .clone();
    assert!(is_bcrypt_hash(&hash));
    let entry = script.entry(
        q,
        Change::ChangePassword {
            user_id: q_user.clone(),
            password_hash: "Secret#2026!".to_owned(),
        },
    );
    refuse(&mut ds, &entry, &script, not_allowed(Refusal::NotBcrypt));
    let q_ip = current_session(&ds, q).unwrap().ip_address.clone();
    let entry = script.entry(
        q,
        Change::ChangePassword {
            user_id: q_user.clone(),
            password_hash: hash.clone(),
        },
    );
    logged(
        &mut ds,
        &entry,
        &[("PASSWORD_CHANGED", Severity::High)],
        (EntityType::Credential, &q_user),
        &q_ip,
        true,
    );
    let cred = ds.credentials.iter().find(|c| c.user_id == q_user).unwrap();
    assert_eq!(
        (cred.password_hash.as_str(), cred.status),
        (hash.as_str(), CredentialStatus::Active)
    );
    assert_eq!(
        (cred.password_changed_at, cred.expires_at),
        (entry.at, entry.at + Duration::days(PASSWORD_LIFETIME_DAYS))
    );
    // L's password too: it stays locked, and L is notified.
    let entry = script.entry(
        l,
        Change::ChangePassword {
            user_id: l_user.user_id.clone(),
            password_hash: hash.clone(),
        },
    );
    logged(
        &mut ds,
        &entry,
        &[("PASSWORD_CHANGED", Severity::High)],
        (EntityType::Credential, &l_user.user_id),
        &l_ip,
        true,
    );
    assert_eq!(*user_of(&ds, l), locked);

    // Q's new contact details (and sign-in email); S moves house.
    let taken_email = base
        .customers
        .iter()
        .find(|c| c.customer_id != q)
        .unwrap()
        .email
        .to_uppercase();
    let entry = script.entry(
        q,
        Change::UpdateProfile {
            email: Some(taken_email),
            phone: None,
            address: None,
        },
    );
    refuse(&mut ds, &entry, &script, not_allowed(Refusal::EmailInUse));
    let entry = script.entry(
        q,
        Change::UpdateProfile {
            email: None,
            phone: None,
            address: None,
        },
    );
    refuse(
        &mut ds,
        &entry,
        &script,
        not_allowed(Refusal::NothingToChange),
    );
    let entry = script.entry(
        q,
        Change::UpdateProfile {
            email: Some("omar.new@mail.example".to_owned()),
            phone: Some("+96599887766".to_owned()),
            address: None,
        },
    );
    logged(
        &mut ds,
        &entry,
        &[("CONTACT_UPDATED", Severity::High)],
        (EntityType::Customer, q),
        &q_ip,
        true,
    );
    let q_customer = ds.customers.iter().find(|c| c.customer_id == q).unwrap();
    assert_eq!(
        (q_customer.email.as_str(), q_customer.phone.as_str()),
        ("omar.new@mail.example", "+96599887766")
    );
    assert_eq!(user_of(&ds, q).email, "omar.new@mail.example");
    let home = Address {
        governorate: "Mubarak Al-Kabeer".to_owned(),
        area: "Sabah Al Salem".to_owned(),
        block: "4".to_owned(),
        street: "Street 12".to_owned(),
        building: "7".to_owned(),
    };
    let s_ip = current_session(&ds, s).unwrap().ip_address.clone();
    let entry = script.entry(
        s,
        Change::UpdateProfile {
            email: None,
            phone: Some("+96566554433".to_owned()),
            address: Some(home.clone()),
        },
    );
    logged(
        &mut ds,
        &entry,
        &[("ADDRESS_UPDATED", Severity::High)],
        (EntityType::Customer, s),
        &s_ip,
        true,
    );
    assert_eq!(
        ds.customers
            .iter()
            .find(|c| c.customer_id == s)
            .unwrap()
            .address,
        home
    );

    // The changed dataset still passes every rule as of the journal's day.
    assert_eq!(validate_dataset(&ds, journal_day()), vec![]);
    assert_valid(&ds);

    // Replay reproduces it, skipping exactly the refused entries.
    let (replayed, skipped) = replay(base, &script.entries);
    assert_eq!(skipped, refusals);
    assert!(replayed == ds, "replay must reproduce the applied changes");
}

#[test]
fn replay_skips_entries_that_no_longer_apply() {
    let base = base();
    let customer = base
        .customers
        .iter()
        .map(|c| c.customer_id.as_str())
        .find(|c| active_sessions(base, c).len() >= 2)
        .unwrap();
    let current = current_session(base, customer).unwrap().session_id.clone();
    let other = active_sessions(base, customer)
        .iter()
        .find(|s| s.session_id != current)
        .unwrap()
        .session_id
        .clone();
    let mut script = Script {
        entries: Vec::new(),
    };
    script.entry(
        customer,
        Change::TerminateSession {
            session_id: other.clone(),
        },
    );
    script.entry(
        customer,
        Change::TerminateSession {
            session_id: other.clone(),
        },
    );
    script.entry(
        customer,
        Change::TerminateSession {
            session_id: "00000000-0000-4000-8000-000000000000".to_owned(),
        },
    );
    script.entry(
        customer,
        Change::TerminateSession {
            session_id: current.clone(),
        },
    );

    let (ds, skipped) = replay(base, &script.entries);
    assert_eq!(
        skipped,
        vec![
            (
                1,
                not_allowed(Refusal::SessionNotActive(SessionStatus::Terminated))
            ),
            (
                2,
                ChangeError::NotFound {
                    what: "session",
                    id: "00000000-0000-4000-8000-000000000000".to_owned()
                }
            ),
        ]
    );
    assert_eq!(session(&ds, &other).status, SessionStatus::Terminated);
    assert_eq!(session(&ds, &current).status, SessionStatus::Terminated);
    assert_eq!(ds.audit_logs.len(), base.audit_logs.len() + 2);
    // Signing out the current session is attributed to its own IP, taken before the change.
    let last = ds.audit_logs.last().unwrap();
    assert_eq!(last.ip_address, session(base, &current).ip_address);
    assert_valid(&ds);
}

#[test]
fn timeline_covers_every_record_of_the_customer_in_order() {
    let ds = base();
    for customer in ds.customers.iter().map(|c| c.customer_id.as_str()) {
        let events = timeline::build(ds, customer);
        let count = |kind: EventKind| events.iter().filter(|e| e.kind == kind).count();
        assert_eq!(
            count(EventKind::Transaction),
            ds.transactions
                .iter()
                .filter(|t| t.customer_id == customer)
                .count()
        );
        assert_eq!(
            count(EventKind::Audit),
            ds.audit_logs
                .iter()
                .filter(|l| l.customer_id.as_deref() == Some(customer))
                .count()
        );
        assert_eq!(
            count(EventKind::Notification),
            ds.notifications
                .iter()
                .filter(|n| n.customer_id == customer)
                .count()
        );
        assert_eq!(
            count(EventKind::Request),
            ds.service_requests
                .iter()
                .filter(|r| r.customer_id == customer)
                .count()
        );
        assert_eq!(
            count(EventKind::Dispute),
            ds.dispute_records
                .iter()
                .filter(|d| d.customer_id == customer)
                .count()
        );
        assert!(count(EventKind::Transaction) > 0 && count(EventKind::Audit) > 0);

        let unique: HashSet<(EventKind, &str)> =
            events.iter().map(|e| (e.kind, e.id.as_str())).collect();
        assert_eq!(
            unique.len(),
            events.len(),
            "an event id repeats within its kind"
        );
        for w in events.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            assert!(
                a.at > b.at || (a.at == b.at && (a.kind, &a.id) < (b.kind, &b.id)),
                "{} before {}",
                a.id,
                b.id
            );
        }

        // One header per Kuwait day, each followed by that day's events only.
        let all: Vec<&TimelineEvent> = events.iter().collect();
        let rows = timeline::rows_by_day(&all);
        let days: BTreeSet<NaiveDate> = events.iter().map(|e| kuwait_date(&e.at)).collect();
        let mut headers = Vec::new();
        let mut day = None;
        for row in &rows {
            match row {
                Row::Day(d) => {
                    headers.push(*d);
                    day = Some(*d);
                }
                Row::Event(e) => assert_eq!(Some(kuwait_date(&e.at)), day),
            }
        }
        assert_eq!(headers.len(), days.len());
        assert!(
            headers.windows(2).all(|w| w[0] > w[1]),
            "days run newest first"
        );
        assert_eq!(rows.len(), events.len() + days.len());

        // Filters: by kind, and by text in any case.
        assert_eq!(timeline::filter(&events, &[], "").len(), events.len());
        let disputes = timeline::filter(&events, &[EventKind::Dispute], "");
        assert!(disputes.iter().all(|e| e.kind == EventKind::Dispute));
        assert_eq!(disputes.len(), count(EventKind::Dispute));
        let paid = timeline::filter(&events, &[], "PAID ");
        let expected = events
            .iter()
            .filter(|e| {
                [&e.title, &e.detail, &e.status]
                    .iter()
                    .any(|s| s.to_lowercase().contains("paid "))
            })
            .count();
        assert_eq!(paid.len(), expected);
        let failed: HashSet<&str> = timeline::filter(&events, &[EventKind::Transaction], "failed")
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        for t in ds
            .transactions
            .iter()
            .filter(|t| t.customer_id == customer && t.status == TxnStatus::Failed)
        {
            assert!(
                failed.contains(t.transaction_id.as_str()),
                "status text is searched"
            );
        }
    }
}
