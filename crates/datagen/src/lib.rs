//! The BankDash dataset generator: `generate` builds a deterministic dataset from a
//! seed, `write_dir` writes it as the 14 collection files plus db.json, meta.json and
//! personas.json, and `validate_dir` checks a directory against every rule.

mod catalog;
mod generator;

pub use generator::{generate, Generated, Options};

use bankdash_domain::model::{Meta, SCHEMA_VERSION};
use bankdash_domain::validate::{validate_texts, Violation};
use bankdash_domain::Collection;
use std::collections::BTreeMap;
use std::path::Path;

/// Hashes secrets with bcrypt using the salts drawn from the seeded generator, on all
/// cores; the output order (and so the bytes) does not depend on scheduling.
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
                        .map(|job| {
                            bcrypt::hash_with_salt(&job.secret, cost, job.salt)
                                .map(|h| h.format_for_version(bcrypt::Version::TwoB))
                                .map_err(|e| format!("bcrypt: {e}"))
                        })
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
    let mut db = String::from("{");
    for (i, (c, text)) in texts.iter().enumerate() {
        db.push_str(if i == 0 { "\n" } else { ",\n" });
        db.push_str(&format!("\"{}\": {}", c.name(), text.trim_end()));
        files.insert(c.file_name(), text.clone());
    }
    db.push_str("\n}\n");
    files.insert("db.json".into(), db);
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

pub fn write_dir(dir: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

/// Reads meta.json and the 14 collections from `dir` and validates them.
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
