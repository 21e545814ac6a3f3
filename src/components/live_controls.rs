//! Live mode's controls (see `contexts::live`): run or pause the simulation clock, its
//! speed, the simulated time and how many transactions it has made. Shown to analysts on
//! the bundled data only; with a REST API it renders nothing.

use crate::contexts::live::{LiveInjection, SPEEDS};
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;

#[component]
pub fn LiveControls() -> impl IntoView {
    // Provided by the app shell so the clock keeps running across pages; on its own,
    // the controls provide it for as long as they are shown.
    let live = LiveInjection::expect_context();
    if !live.available {
        return ().into_any();
    }
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let running = live.running;
    let on_speed = move |ev: leptos::ev::Event| {
        if let Ok(v) = event_target_value(&ev).parse::<u32>() {
            if SPEEDS.contains(&v) {
                live.speed.set(v);
            }
        }
    };
    let options = move || {
        let f = prefs.fmt();
        SPEEDS
            .iter()
            .map(|s| {
                let s = *s;
                let label = t_string!(i18n, live.speed_option, hours = f.number(i64::from(s / 60)))
                    .to_string();
                view! { <option value=s.to_string() selected=move || live.speed.get() == s>{label}</option> }
            })
            .collect_view()
    };
    let clock = move || {
        let now = live.now.get();
        let rfc = now.to_rfc3339();
        view! {
            <time data-testid="live-clock" datetime=rfc.clone() data-now=rfc>{prefs.fmt().datetime(&now)}</time>
        }
    };
    let count = move || live.count.get();
    view! {
        <section class="card live-controls" data-testid="live-controls" aria-labelledby="live-title"
            data-running=move || running.get().to_string()>
            <div class="card-head">
                <h2 id="live-title">{t!(i18n, live.title)}</h2>
                <span class="tag" data-testid="live-state">
                    {move || if running.get() {
                        t_string!(i18n, live.running).to_string()
                    } else {
                        t_string!(i18n, live.paused).to_string()
                    }}
                </span>
            </div>
            <p class="lead">{t!(i18n, live.lead)}</p>
            <div class="filters">
                <div class="filter-actions">
                    <button type="button" class="button" data-testid="live-toggle"
                        aria-pressed=move || running.get().to_string() on:click=move |_| live.toggle()>
                        {t!(i18n, live.run)}
                    </button>
                </div>
                <label class="field">
                    <span>{t!(i18n, live.speed)}</span>
                    <select data-testid="live-speed" on:change=on_speed>{options}</select>
                </label>
            </div>
            <div class="type-cards">
                <div class="stat">
                    <span class="label">{t!(i18n, live.clock)}</span>
                    <span class="value">{clock}</span>
                </div>
                <div class="stat" data-testid="live-count" data-count=count>
                    <span class="label">{t!(i18n, live.count)}</span>
                    <span class="value">{move || prefs.fmt().number(i64::try_from(count()).unwrap_or(i64::MAX))}</span>
                </div>
            </div>
        </section>
    }
    .into_any()
}
