//! Live mode: a simulation clock for analysts on the bundled data. While it runs, every
//! tick moves the clock on by a small window of simulated time and runs the generator's
//! own transaction code over that window (`bankdash_datagen::simulate`, the same code
//! `datagen generate` runs, compiled to wasm); the fragment joins the base data
//! (`DataInjection::add_generated`), so everything derived from the data (analytics,
//! risk alerts, data quality) recomputes by itself.
//!
//! The simulated data is valid as of the clock's date (its transactions are later than
//! the dataset's as_of): screens that validate or date their figures read
//! [`as_of`], which is the clock's date once live mode has moved it, the dataset's as_of
//! otherwise. With a REST API live mode is off: the server owns the data.

use crate::contexts::data::DataInjection;
use crate::contexts::journal::JournalInjection;
use bankdash_domain::time::{as_of_instant, kuwait_date, Timestamp};
use chrono::{Duration, NaiveDate};
use leptos::prelude::*;

/// Simulated minutes per real second, slowest first: 1 h/s, 10 h/s, 60 h/s.
pub const SPEEDS: [u32; 3] = [60, 600, 3600];

/// Real time between ticks. Each tick simulates `speed` minutes per second of this,
/// at most 30 simulated hours at the highest speed, so each step stays short.
pub const TICK_MS: u32 = 500;

/// The simulation's seed: the same clock gives the same transactions on every run.
pub const SEED: u64 = 2026;

#[derive(Clone, Copy)]
pub struct LiveInjection {
    /// Whether the clock is running.
    pub running: RwSignal<bool>,
    /// Simulated minutes per real second (one of [`SPEEDS`]).
    pub speed: RwSignal<u32>,
    /// The simulation clock: the dataset's as_of (its last second) until started.
    pub now: RwSignal<Timestamp>,
    /// New transactions simulated so far.
    pub count: RwSignal<usize>,
    /// Live mode is available: bundled data (not a REST API).
    pub available: bool,
    data: DataInjection,
    interval: StoredValue<Option<IntervalHandle>>,
}

impl LiveInjection {
    pub fn expect_context() -> Self {
        expect_context::<LiveInjection>()
    }

    /// The clock's Kuwait date (reactive): what the data is as of in live mode.
    pub fn as_of(&self) -> NaiveDate {
        kuwait_date(&self.now.get()).max(self.data.as_of)
    }

    /// Starts the clock (nothing in REST mode or when it already runs).
    pub fn start(&self) {
        if !self.available || self.interval.with_value(Option::is_some) {
            return;
        }
        let this = *self;
        match set_interval_with_handle(
            move || this.tick(),
            std::time::Duration::from_millis(u64::from(TICK_MS)),
        ) {
            Ok(handle) => {
                self.interval.set_value(Some(handle));
                self.running.set(true);
            }
            Err(e) => leptos::logging::error!("live mode could not start: {e:?}"),
        }
    }

    /// Stops the clock where it is.
    pub fn pause(&self) {
        if let Some(handle) = self.interval.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        if self.running.try_get_untracked() == Some(true) {
            self.running.set(false);
        }
    }

    pub fn toggle(&self) {
        if self.running.get_untracked() {
            self.pause();
        } else {
            self.start();
        }
    }

    /// Moves the clock on by one tick's window and adds what happened in it.
    pub fn tick(&self) {
        let from = self.now.get_untracked();
        let step = i64::from(self.speed.get_untracked()) * 60 * i64::from(TICK_MS);
        let to = from + Duration::milliseconds(step);
        let mut added = 0;
        self.data.add_generated(|base| {
            let fragment = bankdash_datagen::simulate(base, SEED, from, to);
            // The fragment also carries settled transactions, all made before `from`.
            added = fragment
                .transactions
                .iter()
                .filter(|t| t.created_at > from)
                .count();
            fragment
        });
        self.now.set(to);
        if added > 0 {
            self.count.update(|n| *n += added);
        }
    }
}

/// Provides live mode (paused) to everything below; the clock stops when the owner is
/// cleaned up. Needs the journal and data contexts.
pub fn provide_live() -> LiveInjection {
    let data = DataInjection::expect_context();
    let journal = JournalInjection::expect_context();
    let live = LiveInjection {
        running: RwSignal::new(false),
        speed: RwSignal::new(SPEEDS[0]),
        now: RwSignal::new(as_of_instant(data.as_of)),
        count: RwSignal::new(0),
        available: !journal.source().is_rest(),
        data,
        interval: StoredValue::new(None),
    };
    provide_context(live);
    on_cleanup(move || live.pause());
    live
}

/// The date figures and checks are as of (reactive): the live clock's date, never
/// before the dataset's as_of.
pub fn as_of() -> Signal<NaiveDate> {
    let live = LiveInjection::expect_context();
    Signal::derive(move || live.as_of())
}
