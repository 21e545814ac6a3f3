//! BankDash domain: the dataset's types, money, dates, business rules, analytics and
//! the validator. Pure Rust: no UI framework, no web APIs; builds for host and wasm32.

pub mod analytics;
pub mod dataset;
pub mod kuwait;
pub mod model;
pub mod money;
pub mod time;
pub mod validate;

pub use dataset::{Collection, Dataset, LoadError, LoadProblem};
pub use money::Money;
