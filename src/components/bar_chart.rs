//! A bar chart of one or more series over the same points (days, months), drawn as
//! stacked panels that share the time axis: an accessible SVG (role="img" with a title
//! and a description) followed by whatever the caller passes as children, normally the
//! same figures as a table. In right-to-left languages the time axis runs right to
//! left, like the text around it. The caller prepares every text; the chart only lays
//! out what it is given.

use leptos::prelude::*;

const W: f64 = 640.0;
const PAD_X: f64 = 12.0;
/// Room above each panel for its name and peak.
const PANEL_HEAD: f64 = 22.0;
const PANEL_H: f64 = 96.0;
const PANEL_GAP: f64 = 14.0;
/// Room below the last panel for the tick labels.
const AXIS_H: f64 = 22.0;

/// One point of the time axis.
#[derive(Debug, Clone, PartialEq)]
pub struct BarPoint {
    /// Machine value for `data-key` (e.g. "2026-11-20").
    pub key: String,
    /// The point's full name, for tooltips ("20 Nov 2026").
    pub label: String,
    /// A label under the axis at this point, if any ("1 Nov").
    pub tick: Option<String>,
}

/// One series: a value per point (same order and length as the points).
#[derive(Debug, Clone, PartialEq)]
pub struct BarPanel {
    /// Shown above the panel.
    pub name: String,
    /// Class of the bars, for colour.
    pub class: &'static str,
    /// Heights; negative values draw as zero.
    pub values: Vec<i64>,
    /// Each value as people read it, for tooltips.
    pub texts: Vec<String>,
    /// The panel's largest value as people read it ("Peak: KWD 1,234.500").
    pub peak: String,
}

#[component]
pub fn BarChart(
    /// Prefix of the ids that tie the SVG to its title and description (unique on the page).
    id: &'static str,
    /// `data-testid` of the SVG.
    testid: &'static str,
    title: String,
    desc: String,
    points: Vec<BarPoint>,
    panels: Vec<BarPanel>,
    /// Right-to-left: the first point is drawn at the right.
    rtl: bool,
    /// Shown after the chart, inside the figure (the table alternative).
    children: Children,
) -> impl IntoView {
    let n = points.len().max(1) as f64;
    let slot = (W - 2.0 * PAD_X) / n;
    let bar_w = (slot * 0.8).max(0.5);
    let x_of = move |i: usize| {
        let x = PAD_X + slot * i as f64 + (slot - bar_w) / 2.0;
        if rtl {
            W - x - bar_w
        } else {
            x
        }
    };
    let height =
        PANEL_HEAD * panels.len() as f64 + (PANEL_H + PANEL_GAP) * panels.len() as f64 + AXIS_H;
    let (title_id, desc_id) = (format!("{id}-title"), format!("{id}-desc"));
    let labelled_by = format!("{title_id} {desc_id}");
    // Text anchors follow the text direction (start is the right in Arabic); only the
    // positions swap sides.
    let (x_start, x_end) = if rtl {
        (W - PAD_X, PAD_X)
    } else {
        (PAD_X, W - PAD_X)
    };
    let drawn = panels
        .iter()
        .enumerate()
        .map(|(p, panel)| {
            let top = (PANEL_HEAD + PANEL_H + PANEL_GAP) * p as f64 + PANEL_HEAD;
            let base = top + PANEL_H;
            let max = panel.values.iter().copied().max().unwrap_or(0).max(1);
            let bars = panel
                .values
                .iter()
                .enumerate()
                .filter(|(_, v)| **v > 0)
                .map(|(i, v)| {
                    // Pixel positions only: the figures stay exact in the table.
                    let h = PANEL_H * (*v as f64) / (max as f64);
                    let label = points.get(i).map(|pt| pt.label.as_str()).unwrap_or("");
                    let text = panel.texts.get(i).map(String::as_str).unwrap_or("");
                    view! {
                        <rect class=panel.class x=format!("{:.2}", x_of(i)) y=format!("{:.2}", base - h)
                            width=format!("{bar_w:.2}") height=format!("{h:.2}")>
                            <title>{format!("{label}: {text}")}</title>
                        </rect>
                    }
                })
                .collect_view();
            view! {
                <text class="panel-name" x=x_start y=format!("{:.1}", top - 8.0) text-anchor="start">{panel.name.clone()}</text>
                <text class="axis" x=x_end y=format!("{:.1}", top - 8.0) text-anchor="end">{panel.peak.clone()}</text>
                <line class="baseline" x1=PAD_X x2=W - PAD_X y1=base y2=base/>
                {bars}
            }
        })
        .collect_view();
    let ticks = points
        .iter()
        .enumerate()
        .filter_map(|(i, pt)| {
            pt.tick.clone().map(|tick| {
                let x = x_of(i) + bar_w / 2.0;
                view! {
                    <text class="axis" x=format!("{x:.1}") y=format!("{:.1}", height - 6.0) text-anchor="middle">{tick}</text>
                }
            })
        })
        .collect_view();
    let first = points.first().map(|p| p.key.clone()).unwrap_or_default();
    let last = points.last().map(|p| p.key.clone()).unwrap_or_default();
    view! {
        <figure class="chart bar-chart">
            <svg viewBox=format!("0 0 {W} {height:.0}") role="img" aria-labelledby=labelled_by
                preserveAspectRatio="xMidYMid meet" data-testid=testid data-points=points.len()
                data-first=first data-last=last>
                <title id=title_id>{title}</title>
                <desc id=desc_id>{desc}</desc>
                {drawn}
                {ticks}
            </svg>
            {children()}
        </figure>
    }
}
