//! `datagen generate` writes a deterministic BankDash dataset; `datagen validate`
//! checks one against every business rule; `datagen risk` counts the risk alerts the
//! domain's rules raise on one.

use bankdash_datagen::{generate, render, validate_dir, write_dir, Options};
use bankdash_domain::risk::{self, RiskSettings};
use bankdash_domain::{Collection, Dataset, LoadError, LoadProblem};
use chrono::NaiveDate;
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(
    name = "datagen",
    about = "Generate and validate the BankDash synthetic dataset"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate a dataset into DIR.
    Generate {
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        #[arg(long, default_value_t = 30)]
        customers: usize,
        /// The dataset's "today" (YYYY-MM-DD); nothing happens after it.
        #[arg(long = "as-of", value_parser = parse_date)]
        as_of: NaiveDate,
        #[arg(long)]
        out: PathBuf,
        /// bcrypt work factor (4..=31); lower it for large benchmark runs.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(4..=31))]
        bcrypt_cost: u32,
    },
    /// Check DIR against every rule; exits 1 when a rule is broken.
    Validate {
        dir: PathBuf,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Count the risk alerts (rules R1-R5, default thresholds) raised on DIR.
    Risk {
        dir: PathBuf,
        /// Print `{"total":N,"by_rule":{...},"by_severity":{...}}`.
        #[arg(long)]
        json: bool,
    },
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| format!("{s:?} is not a YYYY-MM-DD date: {e}"))
}

/// Loads the 14 collection files of a dataset directory.
fn load_dataset(dir: &std::path::Path) -> Result<Dataset, String> {
    Dataset::from_texts(|c: Collection| {
        std::fs::read_to_string(dir.join(c.file_name())).map_err(|e| LoadError {
            file: c.file_name(),
            problem: LoadProblem::Unavailable(e.to_string()),
        })
    })
    .map_err(|e| format!("{}: {e}", dir.display()))
}

fn main() -> ExitCode {
    match run(Cli::parse().command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("datagen: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::Generate {
            seed,
            customers,
            as_of,
            out,
            bcrypt_cost,
        } => {
            if customers == 0 {
                return Err("--customers must be at least 1".into());
            }
            let started = Instant::now();
            let opts = Options {
                seed,
                customers,
                as_of,
                bcrypt_cost,
            };
            let generated = generate(&opts)?;
            let files = render(&generated, &opts)?;
            write_dir(&out, &files)?;
            let bytes: usize = files.values().map(String::len).sum();
            eprintln!(
                "datagen: wrote {} files ({:.1} MB) to {} in {:.2}s: {} customers, {} transactions",
                files.len(),
                bytes as f64 / 1e6,
                out.display(),
                started.elapsed().as_secs_f64(),
                generated.dataset.customers.len(),
                generated.dataset.transactions.len(),
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Validate { dir, json } => {
            let (meta, violations) = validate_dir(&dir)?;
            if json {
                let report = serde_json::json!({
                    "ok": violations.is_empty(),
                    "dir": dir.display().to_string(),
                    "as_of": meta.as_of,
                    "counts": meta.counts,
                    "violations": violations,
                });
                println!(
                    "{}",
                    serde_json::to_string_pretty(&report).map_err(|e| e.to_string())?
                );
            } else if violations.is_empty() {
                let total: usize = meta.counts.values().sum();
                println!(
                    "OK: {} records in {} collections, every rule holds (as_of {})",
                    total,
                    meta.counts.len(),
                    meta.as_of
                );
            } else {
                for v in &violations {
                    println!("{}\t{}\t{}\t{}", v.file, v.record_id, v.rule, v.message);
                }
                println!("{} violation(s)", violations.len());
            }
            Ok(if violations.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::Risk { dir, json } => {
            let ds = load_dataset(&dir)?;
            let alerts = risk::alerts(&ds, &RiskSettings::default());
            let counts = risk::counts(&alerts);
            if json {
                println!("{}", counts.to_json());
            } else {
                println!("{} alert(s)", counts.total);
                for (rule, n) in &counts.by_rule {
                    println!("{rule}\t{n}");
                }
                for (severity, n) in &counts.by_severity {
                    println!("{severity}\t{n}");
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
