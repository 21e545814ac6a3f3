//! The BankDash dataset generator: `generate` builds a deterministic dataset from a
//! seed, `write_dir` writes it as the 14 collection files plus db.json, meta.json and
//! personas.json, and `validate_dir` checks a directory against every rule. `simulate`
//! runs the same transaction code over a window of simulated time after a dataset's
//! as_of (the app's live mode).
//!
//! Feature `cli` (default): the `datagen` binary, hashing on every core, `write_dir` and
//! `validate_dir`. Without it (the app, on wasm32) hashing runs on the calling thread,
//! with the same result.

mod catalog;
mod generator;

pub use generator::{generate, simulate, Generated, Options};

use bankdash_domain::model::{Meta, SCHEMA_VERSION};
use bankdash_domain::sync::{Record, REST_ID_FIELD};
#[cfg(feature = "cli")]
use bankdash_domain::validate::{validate_texts, Violation};
use bankdash_domain::{Collection, Dataset};
use std::collections::BTreeMap;
#[cfg(feature = "cli")]
use std::path::Path;

/// One bcrypt hash (version 2b) of a secret with its seeded salt.
fn hash_one(job: &generator::HashJob, cost: u32) -> Result<String, String> {
    bcrypt::hash_with_salt(&job.secret, cost, job.salt)
        .map(|h| h.format_for_version(bcrypt::Version::TwoB))
        .map_err(|e| format!("bcrypt: {e}"))
}

/// Hashes secrets with bcrypt using the salts drawn from the seeded generator, in order,
/// on the calling thread (no threads without `cli`, e.g. in the browser).
#[cfg(not(feature = "cli"))]
fn hash_all(jobs: &[generator::HashJob], cost: u32) -> Result<Vec<String>, String> {
    jobs.iter().map(|job| hash_one(job, cost)).collect()
}

/// Hashes secrets with bcrypt using the salts drawn from the seeded generator, on all
/// cores; the output order (and so the bytes) does not depend on scheduling.
#[cfg(feature = "cli")]
fn hash_all(jobs: &[generator::HashJob], cost: u32) -> Result<Vec<String>, String> {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .max(1);
    let chunk = jobs.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        let handles: Vec<_> = jobs
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|job| hash_one(job, cost))
                        .collect::<Result<Vec<_>, _>>()
                })
            })
            .collect();
        let mut out = Vec::with_capacity(jobs.len());
        for h in handles {
            out.extend(
                h.join()
                    .map_err(|_| "a hashing thread panicked".to_owned())??,
            );
        }
        Ok(out)
    })
}

/// The files of a generated dataset, by file name, exactly as `write_dir` writes them.
pub fn render(generated: &Generated, opts: &Options) -> Result<BTreeMap<String, String>, String> {
    let json_err = |e: serde_json::Error| e.to_string();
    let texts = generated.dataset.to_texts().map_err(json_err)?;
    let mut files = BTreeMap::new();
    for (c, text) in texts {
        files.insert(c.file_name(), text);
    }
    files.insert(
        "db.json".into(),
        db_json(&generated.dataset).map_err(json_err)?,
    );
    let meta = Meta {
        schema_version: SCHEMA_VERSION,
        seed: opts.seed,
        as_of: opts.as_of,
        customers_requested: opts.customers,
        bcrypt_cost: opts.bcrypt_cost,
        counts: Collection::ALL
            .iter()
            .map(|c| (c.name().to_owned(), generated.dataset.count(*c)))
            .collect(),
    };
    files.insert(
        "meta.json".into(),
        serde_json::to_string_pretty(&meta).map_err(json_err)? + "\n",
    );
    files.insert(
        "personas.json".into(),
        serde_json::to_string_pretty(&generated.personas).map_err(json_err)? + "\n",
    );
    Ok(files)
}

/// db.json, for json-server: the 14 collections under their names, in
/// `Collection::ALL` order, one record per line, each record led by an `"id"` equal to its
/// primary key (`Collection::id_field`), as json-server addresses records by `id`. The
/// collection files do not carry it.
fn db_json(ds: &Dataset) -> Result<String, serde_json::Error> {
    let collections = [
        db_collection(&ds.customers)?,
        db_collection(&ds.accounts)?,
        db_collection(&ds.transactions)?,
        db_collection(&ds.savings_goals)?,
        db_collection(&ds.service_requests)?,
        db_collection(&ds.dispute_records)?,
        db_collection(&ds.notifications)?,
        db_collection(&ds.auth_users)?,
        db_collection(&ds.credentials)?,
        db_collection(&ds.mfa_settings)?,
        db_collection(&ds.registered_devices)?,
        db_collection(&ds.login_sessions)?,
        db_collection(&ds.audit_logs)?,
        db_collection(&ds.customer_settings)?,
    ];
    let mut db = String::from("{");
    for (i, (c, text)) in collections.iter().enumerate() {
        if Collection::ALL.get(i) != Some(c) {
            return Err(serde::ser::Error::custom(format!(
                "db.json: {c} is out of order"
            )));
        }
        db.push_str(if i == 0 { "\n" } else { ",\n" });
        db.push_str(&format!("\"{}\": {text}", c.name()));
    }
    db.push_str("\n}\n");
    Ok(db)
}

/// One collection's array for db.json (see [`db_json`]).
fn db_collection<T: Record>(records: &[T]) -> Result<(Collection, String), serde_json::Error> {
    let mut out = String::from("[");
    for (i, record) in records.iter().enumerate() {
        let text = serde_json::to_string(record)?;
        let fields = match text.strip_prefix('{') {
            Some("}") => "}".to_owned(),
            Some(rest) => format!(",{rest}"),
            None => {
                return Err(serde::ser::Error::custom(format!(
                    "{}: record {} is not a JSON object",
                    T::COLLECTION,
                    record.id()
                )))
            }
        };
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        out.push_str(&format!(
            "{{\"{REST_ID_FIELD}\":{}{fields}",
            serde_json::to_string(record.id())?
        ));
    }
    out.push_str("\n]");
    Ok((T::COLLECTION, out))
}

#[cfg(feature = "cli")]
pub fn write_dir(dir: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Reads meta.json and the 14 collections from `dir` and validates them.
#[cfg(feature = "cli")]
pub fn validate_dir(dir: &Path) -> Result<(Meta, Vec<Violation>), String> {
    let meta_path = dir.join("meta.json");
    let meta_text =
        std::fs::read_to_string(&meta_path).map_err(|e| format!("{}: {e}", meta_path.display()))?;
    let meta: Meta =
        serde_json::from_str(&meta_text).map_err(|e| format!("{}: {e}", meta_path.display()))?;
    let texts: BTreeMap<Collection, String> = Collection::ALL
        .iter()
        .filter_map(|c| {
            std::fs::read_to_string(dir.join(c.file_name()))
                .ok()
                .map(|t| (*c, t))
        })
        .collect();
    let violations = validate_texts(&texts, meta.as_of, Some(&meta.counts));
    Ok((meta, violations))
}
