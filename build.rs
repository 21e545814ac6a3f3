//! Generates the typed translation module from `locales/<lang>/<namespace>.json`, so a
//! missing or misspelt key is a compile error.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

/// One JSON file per namespace and language.
const NAMESPACES: &[&str] = &[
    "common",
    "overview",
    "ledger",
    "txn",
    "vaults",
    "security",
    "timeline",
    "requests",
    "notifications",
    "gallery",
    "login",
    "password",
    "profile",
    "analytics",
    "risk",
    "quality",
    "live",
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    check_logical_css("style")?;
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    // t_string! with values: labels and messages built outside the view tree.
    let options = ParseOptions::default().interpolate_display(true);
    let cfg = Config::new("en")?
        .add_locale("ar")?
        .add_namespaces(NAMESPACES.iter().copied())?
        .parse_options(options);
    let infos = TranslationsInfos::parse(cfg)?;
    infos.emit_diagnostics();
    infos.rerun_if_locales_changed();
    infos.generate_i18n_module(out)?;
    Ok(())
}

/// RTL works only if the stylesheets never say left or right: fail the build on any
/// physical property or value (margin-left, right:, text-align: left, float: right, ...).
fn check_logical_css(dir: &str) -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed={dir}");
    let mut problems = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "css") {
            continue;
        }
        println!("cargo::rerun-if-changed={}", path.display());
        for (n, line) in std::fs::read_to_string(&path)?.lines().enumerate() {
            let words = line.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'));
            let physical = words
                .flat_map(|w| w.split('-'))
                .any(|w| w == "left" || w == "right");
            if physical {
                problems.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "physical left/right in CSS (use logical properties):\n{}",
            problems.join("\n")
        )
        .into())
    }
}
