//! The monthly spending trend as an accessible SVG line chart, with the same figures
//! as a table for screen readers and anyone who prefers numbers.

use bankdash_domain::spending::MonthAmount;
use bankdash_domain::time::YearMonth;
use leptos::prelude::*;

const W: f64 = 640.0;
const H: f64 = 220.0;
const PAD_X: f64 = 36.0;
const PAD_TOP: f64 = 20.0;
const PAD_BOTTOM: f64 = 32.0;

fn month_label(m: YearMonth) -> String {
    m.first_day().map(|d| d.format("%b").to_string()).unwrap_or_else(|| m.to_string())
}

#[component]
pub fn SpendingChart(points: Vec<MonthAmount>) -> impl IntoView {
    let max = points.iter().map(|p| p.amount.fils()).max().unwrap_or(0).max(1);
    let n = points.len().max(2) as f64;
    // Pixel positions only: the figures themselves stay exact in the data attributes.
    let xy = |i: usize, fils: i64| {
        let x = PAD_X + (W - 2.0 * PAD_X) * i as f64 / (n - 1.0);
        let y = PAD_TOP + (H - PAD_TOP - PAD_BOTTOM) * (1.0 - fils as f64 / max as f64);
        (x, y)
    };
    let line: String = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (x, y) = xy(i, p.amount.fils());
            format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { " L" })
        })
        .collect();
    let first = points.first().map(|p| p.month.to_string()).unwrap_or_default();
    let last = points.last().map(|p| p.month.to_string()).unwrap_or_default();
    let description = format!("Completed card and transfer spending per month from {first} to {last}, excluding transfers into vaults.");
    let dots = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let (x, y) = xy(i, p.amount.fils());
            view! {
                <g>
                    <circle cx=format!("{x:.1}") cy=format!("{y:.1}") r="5" class="dot"
                        data-testid="spending-month" data-month=p.month.to_string() data-amount-fils=p.amount.fils()>
                        <title>{format!("{}: {}", p.month, p.amount)}</title>
                    </circle>
                    <text x=format!("{x:.1}") y=format!("{:.1}", H - 10.0) text-anchor="middle" class="axis">{month_label(p.month)}</text>
                </g>
            }
        })
        .collect_view();
    let rows = points
        .iter()
        .map(|p| view! { <tr><th scope="row">{p.month.to_string()}</th><td class="amount">{p.amount.to_string()}</td></tr> })
        .collect_view();
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {W} {H}") role="img" aria-labelledby="spend-title spend-desc" preserveAspectRatio="xMidYMid meet">
                <title id="spend-title">"Monthly spending, last 12 months"</title>
                <desc id="spend-desc">{description}</desc>
                <path d=line class="line" fill="none"/>
                {dots}
            </svg>
            <details>
                <summary>"Show as table"</summary>
                <table class="table" data-testid="spending-table">
                    <caption class="visually-hidden">"Monthly spending"</caption>
                    <thead><tr><th scope="col">"Month"</th><th scope="col" class="amount">"Spending"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </details>
        </figure>
    }
}
