//! The user's changes. With the bundled data they are a journal kept in localStorage and
//! replayed over the bundled files on every load (only appended, or all cleared by
//! "reset demo data"). With a REST API each change also becomes the writes that carry it
//! to the server: they wait in an outbox (persisted, so nothing is lost offline) and are
//! sent strictly in order; an acknowledged change is folded into the data fetched from
//! the server, a refused one is rolled back with a message, a network failure is retried
//! with backoff. The UI shows every change at once either way.

use crate::change_engine::{self, Changes};
use crate::contexts::data::DataInjection;
use crate::contexts::session::SessionInjection;
use crate::data::DataSource;
use crate::platform::{self, ChunkUnavailable};
use bankdash_domain::journal::{self, Change, ChangeError, JournalEntry, SessionChange};
use bankdash_domain::sync::{self, Outbox, Outcome};
use leptos::prelude::*;

const STORAGE_KEY: &str = "bankdash.journal.v1";
const OUTBOX_KEY: &str = "bankdash.outbox.v1";

/// Something went wrong with the saved journal (the data itself is never lost).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalProblem {
    /// The saved journal could not be read; it was moved to `key`.
    Unreadable { key: String },
    /// A change was made but could not be written to localStorage.
    Unsaved,
    /// The app's code for changes could not be fetched: no change can be made.
    Unavailable,
}

/// How the changes are getting to the server (REST only).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SyncStatus {
    /// A write is on its way.
    pub sending: bool,
    /// The last attempt could not reach the server; retrying.
    pub offline: bool,
    /// The server refused a change, which was undone: the change's kind.
    pub rolled_back: Option<&'static str>,
}

#[derive(Clone, Copy)]
pub struct JournalInjection {
    /// Changes not (yet) part of the base data: replayed over it.
    pub entries: RwSignal<Vec<JournalEntry>>,
    /// A problem with the saved journal, shown until dismissed.
    pub load_problem: RwSignal<Option<JournalProblem>>,
    /// REST: the writes still to send, in order.
    pub outbox: RwSignal<Outbox>,
    pub status: RwSignal<SyncStatus>,
    source: StoredValue<DataSource>,
    /// The sender loop is running.
    running: RwSignal<bool>,
}

impl JournalInjection {
    pub fn expect_context() -> Self {
        expect_context::<JournalInjection>()
    }

    pub fn source(&self) -> DataSource {
        self.source.get_value()
    }

    /// Applies `change` for `customer_id` now, if the signed-in user may make it (see
    /// [`journal::authorize`]); on success it is journalled and saved (and, with a REST
    /// API, queued for the server). Without the change code (it could not be fetched)
    /// nothing is recorded and the journal notice says so.
    pub fn record(&self, customer_id: &str, change: Change) -> Result<(), ChangeError> {
        // Pages come with the change code, and a session ends once it is here.
        let Some(engine) = change_engine::get() else {
            self.load_problem.set(Some(JournalProblem::Unavailable));
            return Ok(());
        };
        let data = DataInjection::expect_context();
        let principal = SessionInjection::expect_context().principal.get_untracked();
        journal::authorize(principal.as_ref(), customer_id, &change)?;
        let entry = JournalEntry {
            at: platform::now_in_kuwait(),
            customer_id: customer_id.to_owned(),
            change,
            audit_id: platform::new_uuid(),
            notification_id: platform::new_uuid(),
        };
        // Check it applies to the current data before it becomes part of the journal.
        let before = data.all.get_untracked();
        let mut trial = (*before).clone();
        engine.apply(&mut trial, &entry)?;
        if self.source.with_value(DataSource::is_rest) {
            let writes = match engine.writes_between(&before, &trial) {
                Ok(writes) => writes,
                Err(e) => {
                    leptos::logging::warn!("change not queued: {e}");
                    self.load_problem.set(Some(JournalProblem::Unsaved));
                    return Ok(());
                }
            };
            if writes.is_empty() {
                // Nothing to change on the server (say, marking a read item read).
                return Ok(());
            }
            self.outbox.update(|o| o.push(entry.clone(), writes));
        }
        self.entries.update(|e| e.push(entry));
        self.save(engine);
        self.send_pending();
        Ok(())
    }

    /// Forgets every change: back to the bundled data (REST: to the server's data, and
    /// changes not yet sent are dropped).
    pub fn reset(&self) {
        self.entries.set(Vec::new());
        self.outbox.set(Outbox::default());
        platform::storage_remove(STORAGE_KEY);
        platform::storage_remove(OUTBOX_KEY);
    }

    fn save(&self, engine: &dyn Changes) {
        let saved = if self.source.with_value(DataSource::is_rest) {
            self.outbox
                .with_untracked(|o| engine.outbox_to_json(o))
                .and_then(|json| platform::storage_set(OUTBOX_KEY, &json))
        } else {
            self.entries
                .with_untracked(|e| engine.entries_to_json(e))
                .and_then(|json| platform::storage_set(STORAGE_KEY, &json))
        };
        if let Err(e) = saved {
            leptos::logging::warn!("journal not saved: {e}");
            self.load_problem.set(Some(JournalProblem::Unsaved));
        }
    }

    /// Starts sending the outbox unless it is already being sent (REST only). Runs with
    /// the caller's contexts.
    pub fn send_pending(&self) {
        if !self.source.with_value(DataSource::is_rest) || self.running.get_untracked() {
            return;
        }
        self.running.set(true);
        let this = *self;
        let data = DataInjection::expect_context();
        leptos::task::spawn_local(async move {
            match change_engine::load().await {
                Ok(engine) => engine.drain(this, data).await,
                Err(ChunkUnavailable) => this.load_problem.set(Some(JournalProblem::Unavailable)),
            }
            this.running.set(false);
        });
    }

    /// Sends the outbox until it is empty (the change code runs it: see `send_pending`).
    pub(crate) async fn drain(self, engine: &'static dyn Changes, data: DataInjection) {
        let source = self.source.get_value();
        loop {
            let Some(write) = self
                .outbox
                .with_untracked(|o| o.next().map(|(_, w)| w.clone()))
            else {
                self.status.update(|s| {
                    s.sending = false;
                    s.offline = false;
                });
                return;
            };
            self.status.update(|s| s.sending = true);
            let answer = source.send(&write).await;
            // A POST that failed may have reached the server before the connection
            // dropped: ask before sending it again.
            let status = answer.as_ref().ok().copied();
            let exists = sync::needs_existence_check(status, write.method)
                && source.exists(&write).await.unwrap_or(false);
            match sync::classify(status, write.method, exists) {
                Outcome::Done => {
                    self.status.update(|s| s.offline = false);
                    if let Some(entry) = self.outbox.try_update(|o| o.acknowledge()).flatten() {
                        // The server has it now: it moves from the journal into the base.
                        data.fold(engine, &entry);
                        self.entries
                            .update(|e| e.retain(|x| x.audit_id != entry.audit_id));
                    }
                    self.save(engine);
                }
                Outcome::Rejected => {
                    if let Some(pending) = self.outbox.try_update(|o| o.reject()).flatten() {
                        let id = pending.entry.audit_id.clone();
                        self.entries.update(|e| e.retain(|x| x.audit_id != id));
                        self.status
                            .update(|s| s.rolled_back = Some(change_kind(&pending.entry.change)));
                    }
                    self.save(engine);
                }
                Outcome::Retry => {
                    let attempts = self.outbox.try_update(|o| o.failed_attempt()).unwrap_or(1);
                    self.save(engine);
                    self.status.update(|s| s.offline = true);
                    platform::sleep(sync::backoff_ms(attempts)).await;
                }
            }
        }
    }
}

/// The change's kind as in the journal's JSON ("update_profile", ...), for messages.
fn change_kind(change: &Change) -> &'static str {
    match change {
        Change::TerminateSession { .. } => "terminate_session",
        Change::SignOutOtherSessions { .. } => "sign_out_other_sessions",
        Change::RevokeDevice { .. } => "revoke_device",
        Change::SetDeviceTrust { .. } => "set_device_trust",
        Change::CreateServiceRequest { .. } => "create_service_request",
        Change::CreateDispute { .. } => "create_dispute",
        Change::SetNotificationRead { .. } => "set_notification_read",
        Change::SignInFailed { .. } => "sign_in_failed",
        Change::Session(SessionChange::SignIn { .. }) => "sign_in",
        Change::Session(SessionChange::SignOut { .. }) => "sign_out",
        Change::Session(SessionChange::ExpireSession { .. }) => "expire_session",
        Change::ChangePassword { .. } => "change_password",
        Change::UpdateProfile { .. } => "update_profile",
    }
}

/// The saved journal of the bundled data, if there is one: read, or why not.
fn saved_journal() -> Option<(String, Result<Vec<JournalEntry>, String>)> {
    let text = platform::storage_get(STORAGE_KEY)?;
    let parsed = serde_json::from_str(&text).map_err(|e| e.to_string());
    Some((text, parsed))
}

/// Whether the saved journal holds changes other than signing in and out: the change
/// code replays those, so it is fetched at start, alongside the data.
pub fn saved_needs_change_code() -> bool {
    saved_journal().is_some_and(|(_, parsed)| {
        parsed.is_ok_and(|entries| {
            entries
                .iter()
                .any(|e| !matches!(e.change, Change::Session(_)))
        })
    })
}

/// Loads the saved journal (REST: the outbox, read by the change code, which a REST
/// source fetches at start). Unreadable data is moved aside (never deleted) and
/// reported.
pub fn provide_journal(source: DataSource) {
    let load_problem = RwSignal::new(None);
    let rest = source.is_rest();
    let key = if rest { OUTBOX_KEY } else { STORAGE_KEY };
    let mut outbox = Outbox::default();
    let saved = if !rest {
        saved_journal()
    } else {
        platform::storage_get(key).map(|text| {
            let parsed = match change_engine::get() {
                Some(engine) => engine.outbox_from_json(&text).map(|o| {
                    let entries = o.pending.iter().map(|p| p.entry.clone()).collect();
                    outbox = o;
                    entries
                }),
                None => {
                    // Kept as saved: the next start (with the change code) reads it.
                    load_problem.set(Some(JournalProblem::Unavailable));
                    Ok(Vec::new())
                }
            };
            (text, parsed)
        })
    };
    let entries = match saved {
        None => Vec::new(),
        Some((text, parsed)) => parsed.unwrap_or_else(|e| {
            leptos::logging::warn!("saved journal unreadable: {e}");
            let aside = format!("{key}.unreadable");
            let _ = platform::storage_set(&aside, &text);
            platform::storage_remove(key);
            load_problem.set(Some(JournalProblem::Unreadable { key: aside }));
            Vec::new()
        }),
    };
    provide_context(JournalInjection {
        entries: RwSignal::new(entries),
        load_problem,
        outbox: RwSignal::new(outbox),
        status: RwSignal::new(SyncStatus::default()),
        source: StoredValue::new(source),
        running: RwSignal::new(false),
    });
}
