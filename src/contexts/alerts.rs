//! Where the analyst is with each risk alert (new, acknowledged, resolved), by alert id.
//! Journal entries belong to customers, so these are kept in their own store, saved in
//! localStorage like the other changes; an alert not listed is new. Saved statuses that
//! cannot be read are moved aside (never deleted) and the alerts start as new.

use crate::platform;
use bankdash_domain::risk::AlertStatus;
use leptos::prelude::*;
use std::collections::BTreeMap;

const STORAGE_KEY: &str = "bankdash.alerts.v1";

#[derive(Clone, Copy)]
pub struct AlertsInjection {
    /// Alert id → status; absent means `New`.
    pub statuses: RwSignal<BTreeMap<String, AlertStatus>>,
    /// The saved statuses could not be read (moved to this key), or a change could not
    /// be saved (`Some("")`): shown until dismissed.
    pub problem: RwSignal<Option<String>>,
    /// False while unreadable saved statuses could not be moved aside: saving would
    /// overwrite them.
    can_save: StoredValue<bool>,
}

impl AlertsInjection {
    /// The alert's status (reactive).
    pub fn expect_context() -> Self {
        expect_context::<AlertsInjection>()
    }

    pub fn status(&self, alert_id: &str) -> AlertStatus {
        self.statuses
            .with(|m| m.get(alert_id).copied().unwrap_or_default())
    }

    /// Sets the alert's status and saves every status.
    pub fn set(&self, alert_id: &str, status: AlertStatus) {
        self.statuses.update(|m| {
            if status == AlertStatus::New {
                m.remove(alert_id);
            } else {
                m.insert(alert_id.to_owned(), status);
            }
        });
        if !self.can_save.get_value() {
            self.problem.set(Some(String::new()));
            return;
        }
        let saved = self
            .statuses
            .with_untracked(serde_json::to_string)
            .map_err(|e| e.to_string())
            .and_then(|json| platform::storage_set(STORAGE_KEY, &json));
        if let Err(e) = saved {
            leptos::logging::warn!("alert statuses not saved: {e}");
            self.problem.set(Some(String::new()));
        }
    }
}

/// Loads the saved statuses and provides them. Call once, inside the router.
pub fn provide_alerts() -> AlertsInjection {
    let problem = RwSignal::new(None);
    let mut can_save = true;
    let statuses = match platform::storage_get(STORAGE_KEY) {
        None => BTreeMap::new(),
        Some(text) => {
            serde_json::from_str::<BTreeMap<String, AlertStatus>>(&text).unwrap_or_else(|e| {
                leptos::logging::warn!("saved alert statuses unreadable: {e}");
                let aside = format!("{STORAGE_KEY}.unreadable");
                match platform::storage_set(&aside, &text) {
                    Ok(()) => {
                        platform::storage_remove(STORAGE_KEY);
                        problem.set(Some(aside));
                    }
                    // Kept where it is; this visit's statuses are not saved over it.
                    Err(_) => {
                        can_save = false;
                        problem.set(Some(STORAGE_KEY.to_owned()));
                    }
                }
                BTreeMap::new()
            })
        }
    };
    let injection = AlertsInjection {
        statuses: RwSignal::new(statuses),
        problem,
        can_save: StoredValue::new(can_save),
    };
    provide_context(injection);
    injection
}
