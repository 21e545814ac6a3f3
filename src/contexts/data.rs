//! The loaded data: the bundled dataset as it was, and as it is after the user's
//! journalled changes.

use crate::contexts::journal::JournalInjection;
use bankdash_domain::model::Persona;
use bankdash_domain::{journal, Dataset};
use chrono::NaiveDate;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, Copy)]
pub struct DataInjection {
    /// The dataset's "today": every calculation is as of this date.
    pub as_of: NaiveDate,
    /// The bundled data with the journal replayed over it.
    pub data: Memo<Arc<Dataset>>,
    /// Journal entries that no longer apply to the bundled data.
    pub skipped: Memo<usize>,
    /// The demo logins shipped with the dataset (possibly none).
    pub personas: StoredValue<Vec<Persona>>,
}

impl DataInjection {
    pub fn expect_context() -> Self {
        expect_context::<DataInjection>()
    }
}

/// Provides the data context; the journal context must already be provided.
pub fn provide_data(base: Arc<Dataset>, as_of: NaiveDate, personas: Vec<Persona>) {
    let journal = JournalInjection::expect_context();
    // Datasets are compared by identity: a replay always yields a new one.
    let replayed = Memo::new_with_compare(
        move |_| {
            let entries = journal.entries.get();
            let (ds, skipped) = journal::replay(&base, &entries);
            (Arc::new(ds), skipped.len())
        },
        |a: Option<&(Arc<Dataset>, usize)>, b: Option<&(Arc<Dataset>, usize)>| match (a, b) {
            (Some(a), Some(b)) => !Arc::ptr_eq(&a.0, &b.0),
            _ => true,
        },
    );
    provide_context(DataInjection {
        as_of,
        data: Memo::new_with_compare(
            move |_| replayed.get().0,
            |a, b| match (a, b) {
                (Some(a), Some(b)) => !Arc::ptr_eq(a, b),
                _ => true,
            },
        ),
        skipped: Memo::new(move |_| replayed.get().1),
        personas: StoredValue::new(personas),
    });
}
