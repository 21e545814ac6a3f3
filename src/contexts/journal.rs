//! The journal of the user's changes, kept in localStorage so they survive reloads.
//! Entries are only appended (or all cleared by "reset demo data").

use crate::contexts::data::DataInjection;
use crate::contexts::session::SessionInjection;
use crate::platform;
use bankdash_domain::journal::{self, Change, ChangeError, JournalEntry};
use leptos::prelude::*;

const STORAGE_KEY: &str = "bankdash.journal.v1";

/// Something went wrong with the saved journal (the data itself is never lost).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum JournalProblem {
    /// The saved journal could not be read; it was moved to `key`.
    Unreadable { key: String },
    /// A change was made but could not be written to localStorage.
    Unsaved,
}

#[derive(Clone, Copy)]
pub struct JournalInjection {
    pub entries: RwSignal<Vec<JournalEntry>>,
    /// A problem with the saved journal, shown until dismissed.
    pub load_problem: RwSignal<Option<JournalProblem>>,
}

impl JournalInjection {
    pub fn expect_context() -> Self {
        expect_context::<JournalInjection>()
    }

    /// Applies `change` for `customer_id` now, if the signed-in user may make it (see
    /// [`journal::authorize`]); on success it is journalled and saved.
    pub fn record(&self, customer_id: &str, change: Change) -> Result<(), ChangeError> {
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
        let mut trial = (*data.all.get_untracked()).clone();
        journal::apply(&mut trial, &entry)?;
        self.entries.update(|e| e.push(entry));
        self.save();
        Ok(())
    }

    /// Forgets every change: back to the bundled data.
    pub fn reset(&self) {
        self.entries.set(Vec::new());
        platform::storage_remove(STORAGE_KEY);
    }

    fn save(&self) {
        let saved = self
            .entries
            .with_untracked(serde_json::to_string)
            .map_err(|e| e.to_string())
            .and_then(|json| platform::storage_set(STORAGE_KEY, &json));
        if let Err(e) = saved {
            leptos::logging::warn!("journal not saved: {e}");
            self.load_problem.set(Some(JournalProblem::Unsaved));
        }
    }
}

/// Loads the saved journal. Unreadable data is moved aside (never deleted) and reported.
pub fn provide_journal() {
    let load_problem = RwSignal::new(None);
    let entries = match platform::storage_get(STORAGE_KEY) {
        None => Vec::new(),
        Some(text) => match serde_json::from_str::<Vec<JournalEntry>>(&text) {
            Ok(entries) => entries,
            Err(e) => {
                leptos::logging::warn!("saved journal unreadable: {e}");
                let key = format!("{STORAGE_KEY}.unreadable");
                let _ = platform::storage_set(&key, &text);
                platform::storage_remove(STORAGE_KEY);
                load_problem.set(Some(JournalProblem::Unreadable { key }));
                Vec::new()
            }
        },
    };
    provide_context(JournalInjection {
        entries: RwSignal::new(entries),
        load_problem,
    });
}
