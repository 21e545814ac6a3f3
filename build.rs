//! Generates the typed translation module from `locales/<lang>/<namespace>.json`, so a
//! missing or misspelt key is a compile error.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

/// One JSON file per namespace and language.
const NAMESPACES: &[&str] = &[
    "common", "picker", "overview", "ledger", "txn", "vaults", "security", "timeline", "requests",
    "notifications", "gallery",
];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
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
