//! BankDash domain: the dataset's types, money, dates, business rules, analytics and
//! the validator. Pure Rust: no UI framework, no web APIs; builds for host and wasm32.

/// Declares a closed set of string values with its JSON spelling and `as_str()`.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, ::serde::Serialize, ::serde::Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant,)+
        }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod analytics;
pub mod auth;
pub mod bank;
pub mod dataset;
#[cfg(test)]
mod fixtures;
pub mod format;
pub mod journal;
pub mod kuwait;
pub mod ledger;
pub mod model;
pub mod money;
pub mod profile;
pub mod quality;
pub mod recovery;
pub mod risk;
pub mod spending;
pub mod sync;
pub mod time;
pub mod timeline;
pub mod validate;
pub mod vaults;

pub use dataset::{Collection, Dataset, LoadError, LoadProblem};
pub use money::Money;
