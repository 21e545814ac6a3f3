//! Heavy computations off the rendering path. An analyst page over a 2,000-customer bank
//! computes for hundreds of milliseconds; done in a memo, that would happen inside the
//! render and freeze the page. Here the page renders first (with its previous figures,
//! or a computing state), then the work runs in its own browser tasks, in slices where
//! the domain offers steps, and the figures appear when it is done.

use crate::platform;
use leptos::prelude::*;
use std::future::Future;
use std::sync::Arc;

/// Whether a run is still wanted: a newer run (the inputs changed again) or the page
/// going away makes it stop at its next slice.
#[derive(Clone, Copy)]
pub struct Alive {
    run: u64,
    latest: StoredValue<u64>,
}

impl Alive {
    pub fn get(&self) -> bool {
        self.latest.try_get_value() == Some(self.run)
    }

    /// Runs `step` until it says it is done, a slice at a time (see
    /// [`platform::in_slices`]). False if the run was dropped on the way.
    pub async fn in_slices(&self, mut step: impl FnMut() -> bool) -> bool {
        let this = *self;
        platform::in_slices(move || !this.get() || step()).await;
        self.get()
    }

    /// Lets the browser paint and handle input before the next piece of work; false if
    /// the run is no longer wanted by then.
    pub async fn next_turn(&self) -> bool {
        platform::sleep(0).await;
        self.get()
    }
}

/// The latest result of a background computation.
pub struct Background<T: 'static> {
    /// `None` until the first run finishes; then the latest finished result.
    pub value: ReadSignal<Option<Arc<T>>>,
    /// True while a run is going (the value shown may be an older one): for `aria-busy`.
    pub busy: ReadSignal<bool>,
}

impl<T: 'static> Clone for Background<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T: 'static> Copy for Background<T> {}

/// Computes `work(input())` in the background, again whenever a signal `input` reads
/// changes; `work` returns `None` when it stops because it is no longer wanted.
pub fn use_background<I, T, Fut>(
    input: impl Fn() -> I + 'static,
    work: impl Fn(I, Alive) -> Fut + 'static,
) -> Background<T>
where
    I: 'static,
    T: Send + Sync + 'static,
    Fut: Future<Output = Option<T>> + 'static,
{
    let (value, set_value) = signal(None::<Arc<T>>);
    let (busy, set_busy) = signal(true);
    let latest = StoredValue::new(0u64);
    // An effect starts the work: the result arrives later, from the task, not from
    // the effect (which only reads the inputs).
    Effect::new(move |_| {
        let input = input();
        let run = latest.get_value() + 1;
        latest.set_value(run);
        set_busy.set(true);
        let alive = Alive { run, latest };
        let job = work(input, alive);
        leptos::task::spawn_local(async move {
            // Even a single-piece job waits for the next turn: the page paints first.
            if !alive.next_turn().await {
                return;
            }
            if let Some(result) = job.await {
                if alive.get() {
                    set_value.set(Some(Arc::new(result)));
                    set_busy.set(false);
                }
            }
        });
    });
    Background { value, busy }
}
