//! Who is signed in in this browser (kept in localStorage, so a reload stays signed in)
//! and when that ends: signing out, no activity for a while, the session's expiry, or
//! the session ending elsewhere (terminated from the security page). A customer's
//! session is a login session in the data (sign-in and sign-out are journalled); an
//! analyst's exists only here, because journal entries belong to a customer.

use crate::change_engine;
use crate::contexts::journal::JournalInjection;
use crate::platform;
use crate::routes::AppRoute;
use bankdash_domain::auth::{self, Principal, SessionEnd};
use bankdash_domain::journal::{Change, SessionChange};
use bankdash_domain::model::SessionStatus;
use bankdash_domain::time::Timestamp;
use bankdash_domain::Dataset;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;

const STORAGE_KEY: &str = "bankdash.session.v2";

/// How often the session is checked for idleness and expiry.
const CHECK_EVERY: Duration = Duration::from_secs(10);

/// Activity is saved at most this often (every key press would be wasteful).
const TOUCH_EVERY_SECONDS: i64 = 30;

/// The signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub user_id: String,
    /// None for bank staff.
    pub customer_id: Option<String>,
    /// The login session's id (for customers, the session in the data).
    pub session_id: String,
    /// For analysts; a customer's session expires as its record says.
    #[serde(deserialize_with = "bankdash_domain::time::deserialize_timestamp")]
    pub expires_at: Timestamp,
    /// The user's last key press or click in this browser.
    #[serde(deserialize_with = "bankdash_domain::time::deserialize_timestamp")]
    pub last_active: Timestamp,
}

impl SignedIn {
    pub fn principal(&self) -> Principal {
        match &self.customer_id {
            Some(customer_id) => Principal::Customer {
                user_id: self.user_id.clone(),
                customer_id: customer_id.clone(),
            },
            None => Principal::Analyst {
                user_id: self.user_id.clone(),
            },
        }
    }
}

#[derive(Clone, Copy)]
pub struct SessionInjection {
    pub signed_in: RwSignal<Option<SignedIn>>,
    /// Why the last session ended, when it ended without the user signing out.
    pub ended: RwSignal<Option<SessionEnd>>,
    /// Who the data layer serves; None when nobody is signed in.
    pub principal: Memo<Option<Principal>>,
    /// The whole dataset, to check the session record.
    all: Memo<Arc<Dataset>>,
    /// False while the signed-in user's records are still being fetched (REST).
    ready: Signal<bool>,
    /// Where the session was provided: timers, event handlers and tasks run in it.
    owner: StoredValue<Option<Owner>>,
}

impl SessionInjection {
    pub fn expect_context() -> Self {
        expect_context::<SessionInjection>()
    }

    /// Where the signed-in user starts: a customer's overview, an analyst's bank-wide
    /// page; the sign-in page when nobody is signed in.
    pub fn home(&self) -> AppRoute {
        match self.signed_in.get_untracked() {
            Some(SignedIn {
                customer_id: Some(customer_id),
                ..
            }) => AppRoute::Overview { customer_id },
            Some(_) => AppRoute::Analytics,
            None => AppRoute::Login,
        }
    }

    /// Remembers `who` as signed in (the caller journals the sign-in).
    pub fn sign_in(&self, who: SignedIn) {
        save(&who);
        self.ended.set(None);
        self.signed_in.set(Some(who));
    }

    /// The user signs out.
    pub fn sign_out(&self) {
        self.end(None);
    }

    /// Ends the session if it is over (idle, expired, or ended elsewhere).
    pub fn check(&self) {
        let Some(who) = self.signed_in.get_untracked() else {
            return;
        };
        if !self.ready.get_untracked() {
            return;
        }
        if let Some(reason) = self.status(&who, &platform::now_in_kuwait()) {
            self.end(Some(reason));
        }
    }

    /// Notes user activity; saved at most every [`TOUCH_EVERY_SECONDS`].
    fn touch(&self) {
        let now = platform::now_in_kuwait();
        let Some(who) = self.signed_in.get_untracked() else {
            return;
        };
        // Activity after the session is over does not revive it.
        if let Some(reason) = self.status(&who, &now) {
            return self.end(Some(reason));
        }
        if (now - who.last_active).num_seconds() >= TOUCH_EVERY_SECONDS {
            let who = SignedIn {
                last_active: now,
                ..who
            };
            save(&who);
            self.signed_in.set(Some(who));
        }
    }

    fn status(&self, who: &SignedIn, now: &Timestamp) -> Option<SessionEnd> {
        match &who.customer_id {
            Some(_) => self.all.with_untracked(|ds| {
                let record = ds
                    .login_sessions
                    .iter()
                    .find(|s| s.session_id == who.session_id && s.user_id == who.user_id);
                auth::login_session_end(record, &who.last_active, now)
            }),
            None => auth::session_end(
                Some((SessionStatus::Active, &who.expires_at)),
                &who.last_active,
                now,
            ),
        }
    }

    /// Ends the session: `None` is the user signing out (journalled as a sign-out), an
    /// idle or expired session is journalled as expired, one ended elsewhere is only
    /// forgotten. Then nobody is signed in in this browser.
    fn end(&self, reason: Option<SessionEnd>) {
        let Some(who) = self.signed_in.get_untracked() else {
            return;
        };
        let journalled = who.customer_id.is_some() && reason != Some(SessionEnd::Ended);
        if journalled && change_engine::get().is_none() {
            // The change code journals it: fetch it first (the session ends either way).
            let this = *self;
            leptos::task::spawn_local(async move {
                let _ = change_engine::load().await;
                this.within(|| this.end_now(reason));
            });
            return;
        }
        self.end_now(reason);
    }

    /// Runs `f` with the contexts of where the session was provided: timers, event
    /// handlers and tasks have no owner of their own, and ending a session journals it.
    fn within(&self, f: impl FnOnce()) {
        match self.owner.get_value() {
            Some(owner) => owner.with(f),
            None => f(),
        }
    }

    fn end_now(&self, reason: Option<SessionEnd>) {
        let Some(who) = self.signed_in.get_untracked() else {
            return;
        };
        if let Some(customer_id) = &who.customer_id {
            let session_id = who.session_id.clone();
            let change = match reason {
                None => Some(Change::Session(SessionChange::SignOut { session_id })),
                Some(SessionEnd::Idle | SessionEnd::Expired) => {
                    Some(Change::Session(SessionChange::ExpireSession { session_id }))
                }
                Some(SessionEnd::Ended) => None,
            };
            if let Some(change) = change {
                let journal = JournalInjection::expect_context();
                // A session the journal no longer has as ACTIVE is simply forgotten.
                if let Err(e) = journal.record(customer_id, change) {
                    leptos::logging::warn!("end of session not journalled: {e}");
                }
            }
        }
        platform::storage_remove(STORAGE_KEY);
        self.ended.set(reason);
        self.signed_in.set(None);
    }
}

fn save(who: &SignedIn) {
    let saved = serde_json::to_string(who)
        .map_err(|e| e.to_string())
        .and_then(|json| platform::storage_set(STORAGE_KEY, &json));
    if let Err(e) = saved {
        leptos::logging::warn!("session not saved: {e}");
    }
}

/// Restores the saved session and keeps watching it: activity keeps it alive, a timer
/// and every change of the data end it when it is over. `all` is the whole dataset;
/// `ready` says whether the signed-in user's records are in it.
pub fn provide_session(all: Memo<Arc<Dataset>>, ready: Signal<bool>) -> SessionInjection {
    let saved = platform::storage_get(STORAGE_KEY)
        .and_then(|text| serde_json::from_str::<SignedIn>(&text).ok());
    if saved.is_none() {
        platform::storage_remove(STORAGE_KEY);
    }
    let signed_in = RwSignal::new(saved);
    let session = SessionInjection {
        owner: StoredValue::new(Owner::current()),
        signed_in,
        ended: RwSignal::new(None),
        principal: Memo::new(move |_| signed_in.with(|w| w.as_ref().map(SignedIn::principal))),
        all,
        ready,
    };
    provide_context(session);
    // Checked once the contexts are all in place (the effect runs after this), then
    // whenever the data changes: a journalled change may end the current session
    // (terminated on the security page).
    Effect::watch(
        move || {
            all.track();
            ready.get()
        },
        move |_, _, _| session.check(),
        true,
    );
    let check = move || session.within(|| session.check());
    if let Ok(handle) = set_interval_with_handle(check, CHECK_EVERY) {
        on_cleanup(move || handle.clear());
    }
    let touch = move || session.within(|| session.touch());
    let keys = window_event_listener(leptos::ev::keydown, move |_| touch());
    let pointer = window_event_listener(leptos::ev::pointerdown, move |_| touch());
    on_cleanup(move || {
        keys.remove();
        pointer.remove();
    });
    session
}
