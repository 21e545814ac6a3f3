//! Who is signed in, kept in localStorage so a reload stays signed in. Customers' sign-in
//! and sign-out are journalled (a session in the data); analysts' are not, because
//! journal entries belong to a customer.

use crate::contexts::data::DataInjection;
use crate::contexts::journal::JournalInjection;
use crate::platform;
use crate::routes::AppRoute;
use bankdash_domain::journal::Change;
use bankdash_domain::model::SessionStatus;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

const STORAGE_KEY: &str = "bankdash.session.v1";

/// The signed-in user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub user_id: String,
    /// None for bank staff.
    pub customer_id: Option<String>,
    /// The login session's id (for customers, the session in the data).
    pub session_id: String,
}

#[derive(Clone, Copy)]
pub struct SessionInjection {
    pub signed_in: RwSignal<Option<SignedIn>>,
}

impl SessionInjection {
    pub fn expect_context() -> Self {
        expect_context::<SessionInjection>()
    }

    pub fn use_context() -> Option<Self> {
        use_context::<SessionInjection>()
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
        match serde_json::to_string(&who) {
            Ok(json) => {
                if let Err(e) = platform::storage_set(STORAGE_KEY, &json) {
                    leptos::logging::warn!("session not saved: {e}");
                }
            }
            Err(e) => leptos::logging::warn!("session not saved: {e}"),
        }
        self.signed_in.set(Some(who));
    }

    /// Ends the session: a customer's is journalled as a sign-out; then it is forgotten.
    pub fn sign_out(&self) {
        if let Some(who) = self.signed_in.get_untracked() {
            if let Some(customer_id) = &who.customer_id {
                let journal = JournalInjection::expect_context();
                // A session already ended elsewhere (terminated from the security page,
                // or the demo data reset) is simply forgotten.
                if let Err(e) = journal.record(
                    customer_id,
                    Change::SignOut {
                        session_id: who.session_id.clone(),
                    },
                ) {
                    leptos::logging::warn!("sign-out not journalled: {e}");
                }
            }
        }
        platform::storage_remove(STORAGE_KEY);
        self.signed_in.set(None);
    }
}

/// Reads the saved session; call after `provide_data`. A customer's saved session that
/// is no longer ACTIVE in the data (terminated, or the journal was reset) is dropped.
pub fn provide_session() {
    let data = DataInjection::expect_context();
    let saved = platform::storage_get(STORAGE_KEY)
        .and_then(|text| serde_json::from_str::<SignedIn>(&text).ok());
    let saved = saved.filter(|who| match &who.customer_id {
        None => true,
        Some(_) => data.data.with_untracked(|ds| {
            ds.login_sessions.iter().any(|s| {
                s.session_id == who.session_id
                    && s.user_id == who.user_id
                    && s.status == SessionStatus::Active
            })
        }),
    });
    if saved.is_none() {
        platform::storage_remove(STORAGE_KEY);
    }
    provide_context(SessionInjection {
        signed_in: RwSignal::new(saved),
    });
}
