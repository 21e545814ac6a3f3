//! The data layer: the bundled dataset with the journalled changes replayed over it,
//! and what the signed-in user may see of it. Screens read `data`, which holds only the
//! signed-in customer's own records (an analyst's: the whole bank; nobody's: nothing),
//! so a page given another customer's ids finds nothing to show. Only sign-in reads
//! `all`, to check passwords and codes.

use crate::contexts::journal::JournalInjection;
use crate::contexts::session::provide_session;
use bankdash_domain::model::Persona;
use bankdash_domain::{auth, journal, Dataset};
use chrono::NaiveDate;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, Copy)]
pub struct DataInjection {
    /// The dataset's "today": every calculation is as of this date.
    pub as_of: NaiveDate,
    /// What the signed-in user may read of the current data, without secrets.
    pub data: Memo<Arc<Dataset>>,
    /// The bundled data with the journal replayed over it: for sign-in only.
    pub all: Memo<Arc<Dataset>>,
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

/// Datasets are compared by identity: every replay or view is a new one.
fn same(a: Option<&Arc<Dataset>>, b: Option<&Arc<Dataset>>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if Arc::ptr_eq(a, b))
}

/// Provides the data and the session (the data depends on who is signed in, the
/// session on the data); the journal context must already be provided.
pub fn provide_data(base: Arc<Dataset>, as_of: NaiveDate, personas: Vec<Persona>) {
    let journal = JournalInjection::expect_context();
    let replayed = Memo::new_with_compare(
        move |_| {
            let entries = journal.entries.get();
            let (ds, skipped) = journal::replay(&base, &entries);
            (Arc::new(ds), skipped.len())
        },
        |a: Option<&(Arc<Dataset>, usize)>, b: Option<&(Arc<Dataset>, usize)>| {
            !same(a.map(|a| &a.0), b.map(|b| &b.0))
        },
    );
    let all = Memo::new_with_compare(move |_| replayed.get().0, |a, b| !same(a, b));
    let session = provide_session(all);
    let data = Memo::new_with_compare(
        move |_| match session.principal.get() {
            Some(p) => Arc::new(all.with(|ds| auth::visible_to(ds, &p))),
            None => Arc::new(Dataset::default()),
        },
        |a, b| !same(a, b),
    );
    provide_context(DataInjection {
        as_of,
        data,
        all,
        skipped: Memo::new(move |_| replayed.get().1),
        personas: StoredValue::new(personas),
    });
}
