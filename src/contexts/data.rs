//! The data layer: the base data (the bundled files, or what the REST API returned for
//! the signed-in user) with the journalled changes replayed over it, and what the
//! signed-in user may see of it. Screens read `data`, which holds only the signed-in
//! customer's own records (an analyst's: the whole bank; nobody's: nothing), so a page
//! given another customer's ids finds nothing to show. Only sign-in reads `all`, to
//! check passwords and codes (and the analyst's data-quality page, to validate the
//! records as stored; it shows no secret).

use crate::change_engine::{self, Changes};
use crate::contexts::journal::JournalInjection;
use crate::contexts::session::provide_session;
use crate::data::{DataSource, DemoLogins};
use crate::platform::ChunkUnavailable;
use bankdash_domain::auth::Principal;
use bankdash_domain::journal::{self, JournalEntry};
use bankdash_domain::{auth, Dataset, LoadError};
use chrono::NaiveDate;
use leptos::prelude::*;
use std::sync::Arc;

/// Whether the signed-in user's records are here (REST fetches them after sign-in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetch {
    Ready,
    Loading,
    Failed(LoadError),
}

#[derive(Clone, Copy)]
pub struct DataInjection {
    /// The dataset's "today": every calculation is as of this date.
    pub as_of: NaiveDate,
    /// What the signed-in user may read of the current data, without secrets.
    pub data: Memo<Arc<Dataset>>,
    /// The base data with the journal replayed over it: for sign-in (and the analyst's
    /// data-quality checks) only.
    pub all: Memo<Arc<Dataset>>,
    /// Journal entries that no longer apply to the base data.
    pub skipped: Memo<usize>,
    /// The demo logins shipped with the dataset (possibly none).
    pub personas: StoredValue<DemoLogins>,
    /// The signed-in user's records: fetched, being fetched, or failed.
    pub fetch: RwSignal<Fetch>,
    base: RwSignal<Arc<Dataset>>,
    source: StoredValue<DataSource>,
    /// The principal whose records `base` holds (REST).
    fetched_for: RwSignal<Option<Principal>>,
}

impl DataInjection {
    pub fn expect_context() -> Self {
        expect_context::<DataInjection>()
    }

    /// REST: fetches what signing in with `email` needs (that user's records only).
    /// Bundled: everything is already here.
    pub async fn prepare_login(&self, email: &str) -> Result<(), LoadError> {
        let fragment = self.source.get_value().fetch_login(email).await?;
        self.merge(fragment);
        Ok(())
    }

    /// REST: (re)fetches the records `who` may see. Bundled: nothing to do.
    pub fn load_for(&self, who: Principal) {
        let source = self.source.get_value();
        if !source.is_rest() {
            return;
        }
        let this = *self;
        this.fetch.set(Fetch::Loading);
        leptos::task::spawn_local(async move {
            let fetched = match change_engine::load().await {
                Ok(engine) => engine.fetch_for(&source, &who).await,
                Err(ChunkUnavailable) => Err(change_engine::unavailable()),
            };
            match fetched {
                Ok(fragment) => {
                    this.merge(fragment);
                    this.fetched_for.set(Some(who));
                    this.fetch.set(Fetch::Ready);
                }
                Err(e) => this.fetch.set(Fetch::Failed(e)),
            }
        });
    }

    /// A change the server acknowledged becomes part of the base data.
    pub fn fold(&self, engine: &dyn Changes, entry: &JournalEntry) {
        self.base.update(|base| {
            let mut next = (**base).clone();
            match engine.apply(&mut next, entry) {
                Ok(()) => *base = Arc::new(next),
                Err(e) => leptos::logging::warn!("acknowledged change does not apply: {e}"),
            }
        });
    }

    /// Live mode: adds records generated in the browser to the base data. `generate` gets
    /// the current base data (without the journal) and returns a fragment, upserted by
    /// primary key like a fetched one; everything derived from the data recomputes.
    pub fn add_generated(&self, generate: impl FnOnce(&Dataset) -> Dataset) {
        let fragment = self.base.with_untracked(|base| generate(base));
        if fragment != Dataset::default() {
            self.merge(fragment);
        }
    }

    fn merge(&self, fragment: Dataset) {
        // Records are fetched (REST) or generated (live mode, on pages that come with
        // the change code) only once the change code is here.
        let Some(engine) = change_engine::get() else {
            return leptos::logging::error!("change code not loaded: records not added");
        };
        self.base.update(|base| {
            let mut next = (**base).clone();
            engine.merge(&mut next, fragment);
            *base = Arc::new(next);
        });
    }
}

/// Datasets are compared by identity: every replay or view is a new one.
fn same(a: Option<&Arc<Dataset>>, b: Option<&Arc<Dataset>>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if Arc::ptr_eq(a, b))
}

/// Provides the data and the session (the data depends on who is signed in, the
/// session on the data); the journal context must already be provided.
pub fn provide_data(
    source: DataSource,
    base: Arc<Dataset>,
    as_of: NaiveDate,
    personas: DemoLogins,
) {
    let journal = JournalInjection::expect_context();
    let rest = source.is_rest();
    let base = RwSignal::new(base);
    let replayed = Memo::new_with_compare(
        move |_| {
            let entries = journal.entries.get();
            // Nothing to replay: the base itself (a 2,000-customer bank is slow to copy).
            if entries.is_empty() {
                return (base.get(), 0);
            }
            let replayed = base.with(|b| match journal::replay_sessions(b, &entries) {
                Some((ds, skipped)) => Some((ds, skipped.len())),
                // Other changes: the change code is here (fetched at start for a saved
                // journal that holds them, or with the page that made them).
                None => change_engine::get().map(|engine| engine.replay(b, &entries)),
            });
            match replayed {
                Some((ds, skipped)) => (Arc::new(ds), skipped),
                None => {
                    leptos::logging::error!("change code not loaded: changes not replayed");
                    (base.get(), 0)
                }
            }
        },
        |a: Option<&(Arc<Dataset>, usize)>, b: Option<&(Arc<Dataset>, usize)>| {
            !same(a.map(|a| &a.0), b.map(|b| &b.0))
        },
    );
    let all = Memo::new_with_compare(move |_| replayed.get().0, |a, b| !same(a, b));
    let fetch = RwSignal::new(Fetch::Ready);
    let fetched_for = RwSignal::new(None::<Principal>);
    // REST: a saved session is checked once its records have arrived.
    let ready = Signal::derive(move || !rest || fetch.with(|f| *f == Fetch::Ready));
    let session = provide_session(all, ready);
    let data = Memo::new_with_compare(
        move |_| match session.principal.get() {
            Some(p) => Arc::new(all.with(|ds| auth::visible_to(ds, &p))),
            None => Arc::new(Dataset::default()),
        },
        |a, b| !same(a, b),
    );
    let injection = DataInjection {
        as_of,
        data,
        all,
        skipped: Memo::new(move |_| replayed.get().1),
        personas: StoredValue::new(personas),
        fetch,
        base,
        source: StoredValue::new(source),
        fetched_for,
    };
    provide_context(injection);
    if rest {
        // Whoever signs in gets their records fetched (a reload re-fetches them).
        if let Some(p) = session.principal.get_untracked() {
            injection.load_for(p);
        }
        Effect::watch(
            move || session.principal.get(),
            move |p, _, _| {
                if let Some(p) = p {
                    if fetched_for.get_untracked().as_ref() != Some(p) {
                        injection.load_for(p.clone());
                    }
                }
            },
            false,
        );
        // Changes queued in an earlier visit go out now.
        journal.send_pending();
    }
}
