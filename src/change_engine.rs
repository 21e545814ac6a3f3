//! The code that makes changes: applying one (checking it, its audit logs and
//! notification), recording it (the REST writes it needs, saving the journal) and
//! everything a REST API needs (fetching a user's records, sending writes). Showing the
//! bundled data after signing in needs none of it (the saved sign-ins and sign-outs are
//! replayed without it: `journal::replay_sessions`), so it is a wasm chunk of its own
//! (see `scripts/build-wasm.sh`). It is fetched at start with a REST API or when the saved
//! journal holds other changes, alongside any page but the overview (pages make changes),
//! and before a session ends (which is journalled). The contexts reach it only through [`Changes`],
//! so none of its code is linked into the first download.

use crate::contexts::data::DataInjection;
use crate::contexts::journal::JournalInjection;
use crate::data::DataSource;
use crate::platform::ChunkUnavailable;
use bankdash_domain::auth::Principal;
use bankdash_domain::journal::{self, ChangeError, JournalEntry};
use bankdash_domain::sync::{self, Outbox, Write};
use bankdash_domain::{Dataset, LoadError, LoadProblem};
use futures::future::LocalBoxFuture;
use leptos::wasm_split::wasm_split;
use std::cell::Cell;

/// What the contexts ask of the change code.
pub trait Changes {
    /// Applies one change ([`journal::apply`]).
    fn apply(&self, ds: &mut Dataset, entry: &JournalEntry) -> Result<(), ChangeError>;
    /// Replays the journal over `base`: the result and how many entries no longer apply.
    fn replay(&self, base: &Dataset, entries: &[JournalEntry]) -> (Dataset, usize);
    /// The REST writes that take the server from `before` to `after`.
    fn writes_between(&self, before: &Dataset, after: &Dataset) -> Result<Vec<Write>, String>;
    /// Upserts `fragment`'s records into `base` by primary key.
    fn merge(&self, base: &mut Dataset, fragment: Dataset);
    fn entries_to_json(&self, entries: &[JournalEntry]) -> Result<String, String>;
    fn outbox_to_json(&self, outbox: &Outbox) -> Result<String, String>;
    fn outbox_from_json(&self, text: &str) -> Result<Outbox, String>;
    /// REST: the records `who` may see.
    fn fetch_for<'a>(
        &self,
        source: &'a DataSource,
        who: &'a Principal,
    ) -> LocalBoxFuture<'a, Result<Dataset, LoadError>>;
    /// REST: sends the outbox until it is empty.
    fn drain(
        &'static self,
        journal: JournalInjection,
        data: DataInjection,
    ) -> LocalBoxFuture<'static, ()>;
}

struct Engine;

impl Changes for Engine {
    fn apply(&self, ds: &mut Dataset, entry: &JournalEntry) -> Result<(), ChangeError> {
        journal::apply(ds, entry)
    }

    fn replay(&self, base: &Dataset, entries: &[JournalEntry]) -> (Dataset, usize) {
        let (ds, skipped) = journal::replay(base, entries);
        (ds, skipped.len())
    }

    fn writes_between(&self, before: &Dataset, after: &Dataset) -> Result<Vec<Write>, String> {
        sync::writes_between(before, after).map_err(|e| e.to_string())
    }

    fn merge(&self, base: &mut Dataset, fragment: Dataset) {
        sync::merge(base, fragment);
    }

    fn entries_to_json(&self, entries: &[JournalEntry]) -> Result<String, String> {
        serde_json::to_string(entries).map_err(|e| e.to_string())
    }

    fn outbox_to_json(&self, outbox: &Outbox) -> Result<String, String> {
        serde_json::to_string(outbox).map_err(|e| e.to_string())
    }

    fn outbox_from_json(&self, text: &str) -> Result<Outbox, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    fn fetch_for<'a>(
        &self,
        source: &'a DataSource,
        who: &'a Principal,
    ) -> LocalBoxFuture<'a, Result<Dataset, LoadError>> {
        Box::pin(source.fetch_for(who))
    }

    fn drain(
        &'static self,
        journal: JournalInjection,
        data: DataInjection,
    ) -> LocalBoxFuture<'static, ()> {
        Box::pin(journal.drain(self, data))
    }
}

#[wasm_split(changes_chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
fn changes_chunk() -> Result<&'static dyn Changes, ChunkUnavailable> {
    Ok(&Engine)
}

/// The change code could not be fetched, as a load error (it names the chunk's file).
pub fn unavailable() -> LoadError {
    LoadError {
        file: "split_changes_chunk.wasm".to_owned(),
        problem: LoadProblem::Unavailable(
            "the app's code for changes could not be fetched".to_owned(),
        ),
    }
}

thread_local! {
    static LOADED: Cell<Option<&'static dyn Changes>> = const { Cell::new(None) };
}

/// The change code, fetching it first if need be (a failed fetch is tried again on the
/// next call).
pub async fn load() -> Result<&'static dyn Changes, ChunkUnavailable> {
    if let Some(engine) = get() {
        return Ok(engine);
    }
    let engine = changes_chunk().await?;
    LOADED.with(|l| l.set(Some(engine)));
    Ok(engine)
}

/// The change code if it has been fetched.
pub fn get() -> Option<&'static dyn Changes> {
    LOADED.with(Cell::get)
}
