//! The journal of the user's changes, kept in localStorage so they survive reloads.
//! Entries are only appended (or all cleared by "reset demo data").

use crate::contexts::data::DataInjection;
use crate::platform;
use bankdash_domain::journal::{self, Change, ChangeError, JournalEntry};
use leptos::prelude::*;

const STORAGE_KEY: &str = "bankdash.journal.v1";

#[derive(Clone, Copy)]
pub struct JournalInjection {
    pub entries: RwSignal<Vec<JournalEntry>>,
    /// A problem reading the saved journal, shown once.
    pub load_problem: RwSignal<Option<String>>,
}

impl JournalInjection {
    pub fn expect_context() -> Self {
        expect_context::<JournalInjection>()
    }

    /// Applies `change` for `customer_id` now; on success it is journalled and saved.
    pub fn record(&self, customer_id: &str, change: Change) -> Result<(), ChangeError> {
        let data = DataInjection::expect_context();
        let entry = JournalEntry {
            at: platform::now_in_kuwait(),
            customer_id: customer_id.to_owned(),
            change,
            audit_id: platform::new_uuid(),
            notification_id: platform::new_uuid(),
        };
        // Check it applies to the current data before it becomes part of the journal.
        let mut trial = (*data.data.get_untracked()).clone();
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
        let json = self.entries.with_untracked(serde_json::to_string);
        match json {
            Ok(json) => {
                if let Err(e) = platform::storage_set(STORAGE_KEY, &json) {
                    self.load_problem.set(Some(format!("Your change was made but could not be saved for the next visit: {e}")));
                }
            }
            Err(e) => self.load_problem.set(Some(format!("Your change could not be saved: {e}"))),
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
                let aside = format!("{STORAGE_KEY}.unreadable");
                let _ = platform::storage_set(&aside, &text);
                platform::storage_remove(STORAGE_KEY);
                load_problem.set(Some(format!(
                    "Saved changes could not be read ({e}); they were kept in localStorage under \"{aside}\" and the bundled data is shown."
                )));
                Vec::new()
            }
        },
    };
    provide_context(JournalInjection { entries: RwSignal::new(entries), load_problem });
}
