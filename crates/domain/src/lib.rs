//! BankDash domain: the dataset's types, money, dates, business rules, analytics and
//! the validator. Pure Rust: no UI framework, no web APIs; builds for host and wasm32.

/// Declares a closed set of string values with its JSON spelling and `as_str()`.
macro_rules! string_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($variant,)+
        }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            const TEXTS: &'static [&'static str] = &[$($text),+];
            pub const fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text,)+ }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                d.deserialize_str($crate::Variant(Self::TEXTS)).map(|i| Self::ALL[i])
            }
        }
        $crate::record::deserialized!($name);
    };
}

/// Deserializes a [`string_enum!`] value as the index of its text: one visitor for all
/// the enums (serde's derive writes one per enum, a kilobyte of wasm each).
#[doc(hidden)]
pub struct Variant(&'static [&'static str]);

impl<'de> serde::de::Visitor<'de> for Variant {
    type Value = usize;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "one of {:?}", self.0)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|t| *t == v)
            .ok_or_else(|| E::unknown_variant(v, self.0))
    }
}

pub mod analytics;
pub mod auth;
pub mod bank;
pub mod dataset;
mod fast_hash;
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
pub mod record;
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
