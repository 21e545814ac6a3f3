//! The customer whose data the current page shows (from the route).

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct CustomerInjection {
    pub id: Memo<String>,
}

impl CustomerInjection {
    pub fn expect_context() -> Self {
        expect_context::<CustomerInjection>()
    }
}

pub fn provide_customer(id: Memo<String>) {
    provide_context(CustomerInjection { id });
}
