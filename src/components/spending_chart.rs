//! The monthly spending trend as an accessible SVG line chart, with the same figures
//! as a table for screen readers and anyone who prefers numbers. In Arabic the time
//! axis runs right to left, like the text around it.

use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{t, use_i18n};
use bankdash_domain::format::Lang;
use bankdash_domain::spending::MonthAmount;
use leptos::prelude::*;

const W: f64 = 640.0;
const H: f64 = 220.0;
const PAD_X: f64 = 36.0;
const PAD_TOP: f64 = 20.0;
const PAD_BOTTOM: f64 = 32.0;

#[component]
pub fn SpendingChart(points: Vec<MonthAmount>) -> impl IntoView {
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let max = points
        .iter()
        .map(|p| p.amount.fils())
        .max()
        .unwrap_or(0)
        .max(1);
    let n = points.len().max(2) as f64;
    // Pixel positions only: the figures themselves stay exact in the data attributes.
    let xy = move |i: usize, fils: i64, rtl: bool| {
        let x = PAD_X + (W - 2.0 * PAD_X) * i as f64 / (n - 1.0);
        let x = if rtl { W - x } else { x };
        let y = PAD_TOP + (H - PAD_TOP - PAD_BOTTOM) * (1.0 - fils as f64 / max as f64);
        (x, y)
    };
    let range = points
        .first()
        .zip(points.last())
        .map(|(first, last)| (first.month, last.month));
    let description = move || {
        let f = prefs.fmt();
        match range {
            Some((first, last)) => t!(
                i18n,
                overview.chart.desc,
                first = f.month(first),
                last = f.month(last)
            )
            .into_any(),
            None => t!(i18n, overview.chart.no_data).into_any(),
        }
    };
    let plot = {
        let points = points.clone();
        move || {
            let f = prefs.fmt();
            let rtl = prefs.lang() == Lang::Ar;
            let line: String = points
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let (x, y) = xy(i, p.amount.fils(), rtl);
                    format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { " L" })
                })
                .collect();
            let dots = points
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let (x, y) = xy(i, p.amount.fils(), rtl);
                    view! {
                        // The tooltip belongs to the group, so the dot holds no text besides its data.
                        <g>
                            <title>{format!("{}: {}", f.month(p.month), f.money(p.amount))}</title>
                            <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="5" class="dot"
                                data-testid="spending-month" data-month=p.month.to_string() data-amount-fils=p.amount.fils()/>
                            <text x=format!("{x:.1}") y=format!("{:.1}", H - 10.0) text-anchor="middle" class="axis">{f.month_short(p.month)}</text>
                        </g>
                    }
                })
                .collect_view();
            view! {
                <path d=line class="line" fill="none"/>
                {dots}
            }
        }
    };
    let rows = move || {
        let f = prefs.fmt();
        points
            .iter()
            .map(|p| view! { <tr><th scope="row">{f.month(p.month)}</th><td class="amount">{f.money(p.amount)}</td></tr> })
            .collect_view()
    };
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby="spend-title spend-desc" preserveAspectRatio="xMidYMid meet">
                <title id="spend-title">{t!(i18n, overview.chart.title)}</title>
                <desc id="spend-desc">{description}</desc>
                {plot}
            </svg>
            <details>
                <summary>{t!(i18n, overview.chart.show_table)}</summary>
                <table class="table" data-testid="spending-table">
                    <caption class="visually-hidden">{t!(i18n, overview.chart.caption)}</caption>
                    <thead><tr>
                        <th scope="col">{t!(i18n, overview.chart.month)}</th>
                        <th scope="col" class="amount">{t!(i18n, overview.chart.spending)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}
