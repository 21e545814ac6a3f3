//! The loaded dataset, provided once it is available.

use bankdash_domain::Dataset;
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone)]
pub struct DatasetInjection(pub Arc<Dataset>);

impl DatasetInjection {
    pub fn expect_context() -> Arc<Dataset> {
        expect_context::<DatasetInjection>().0
    }
}

pub fn provide_dataset(ds: Arc<Dataset>) {
    provide_context(DatasetInjection(ds));
}
