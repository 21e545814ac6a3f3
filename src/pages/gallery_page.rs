//! `/gallery`: every reusable component in each of its states, for designers. The
//! language, digits and theme switches apply to the whole page.

use crate::components::app_error::AppError;
use crate::components::confirm::{Confirm, ConfirmDialog};
use crate::components::icons::{Icon, IconSvg};
use crate::components::loading::Loading;
use crate::components::prefs_bar::PrefsBar;
use crate::components::spending_chart::SpendingChart;
use crate::components::status_class;
use crate::components::top_bar::TopBar;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{self, t, t_string, use_i18n};
use bankdash_domain::format::{Formatter, Lang};
use bankdash_domain::model::{GoalStatus, SessionStatus, TxnStatus};
use bankdash_domain::money::Money;
use bankdash_domain::spending::MonthAmount;
use bankdash_domain::time::{as_of_instant, YearMonth};
use bankdash_domain::{LoadError, LoadProblem};
use chrono::NaiveDate;
use leptos::prelude::*;

/// The figures shown do not depend on the dataset, so the page is the same for everyone.
fn sample_month() -> YearMonth {
    YearMonth::new(2026, 11).unwrap_or(YearMonth {
        year: 2026,
        month: 11,
    })
}

fn trend(pattern: impl Fn(i64) -> i64) -> Vec<MonthAmount> {
    (0..12)
        .map(|i| MonthAmount {
            month: sample_month().plus(i - 11),
            amount: Money::from_fils(pattern(i)),
        })
        .collect()
}

#[component]
pub fn GalleryPage() -> impl IntoView {
    let i18n = use_i18n();
    let prefs = PrefsInjection::expect_context();
    let confirm = RwSignal::new(None::<Confirm>);
    let section = |title: Signal<String>, body: AnyView| {
        view! {
            <section class="card gallery-section">
                <h2>{title}</h2>
                <div class="gallery-grid">{body}</div>
            </section>
        }
    };
    let label = move |s: Signal<String>| view! { <span class="gallery-label">{s}</span> };
    let errors = [
        LoadError {
            file: "transactions.json".into(),
            problem: LoadProblem::Unavailable("HTTP 404 Not Found".into()),
        },
        LoadError {
            file: "accounts.json".into(),
            problem: LoadProblem::NotJson("EOF while parsing a value at line 1 column 9".into()),
        },
        LoadError {
            file: "accounts.json".into(),
            problem: LoadProblem::BadRecord {
                index: 2,
                id: Some("9b1c…".into()),
                message: "balance 10.0005 has more than 3 decimal places".into(),
            },
        },
    ];
    let amounts = move || {
        let f = prefs.fmt();
        [
            (t_string!(i18n, gallery.amount_small).to_string(), Money::from_fils(1)),
            (t_string!(i18n, gallery.amount_typical).to_string(), Money::from_fils(1_234_567)),
            (t_string!(i18n, gallery.amount_negative).to_string(), Money::from_fils(-250_005)),
            (t_string!(i18n, gallery.amount_large).to_string(), Money::from_fils(999_999_999_999)),
        ]
        .into_iter()
        .map(|(name, m)| view! {
            <div class="gallery-item">
                <span class="value" data-testid="gallery-amount" data-amount-fils=m.fils()>{f.money(m)}</span>
                <span class="gallery-label">{name}</span>
            </div>
        })
        .collect_view()
    };
    let dates = move || {
        let f = prefs.fmt();
        let day = NaiveDate::from_ymd_opt(2026, 3, 5).unwrap_or_default();
        view! {
            <div class="gallery-item"><span>{f.day(day)}</span></div>
            <div class="gallery-item"><span>{f.datetime(&as_of_instant(day))}</span></div>
            <div class="gallery-item"><span>{f.month(sample_month())}</span></div>
            <div class="gallery-item"><span>{f.number(1_234_567)}</span></div>
            <div class="gallery-item"><span>{f.percent(41)}</span></div>
        }
    };
    let statuses = move || {
        let txn = TxnStatus::ALL
            .iter()
            .map(|s| (s.as_str(), i18n::txn_status(i18n, *s)));
        let sessions = SessionStatus::ALL
            .iter()
            .map(|s| (s.as_str(), i18n::session_status(i18n, *s)));
        let goals = GoalStatus::ALL
            .iter()
            .map(|s| (s.as_str(), i18n::goal_status(i18n, *s)));
        txn.chain(sessions)
            .chain(goals)
            .map(|(code, text)| view! { <span class=status_class(code)>{text}</span> })
            .collect_view()
    };
    let open_dialog = move |_| {
        confirm.set(Some(Confirm {
            title: t_string!(i18n, gallery.dialog_title).to_string(),
            body: t_string!(i18n, gallery.dialog_body).to_string(),
            action: t_string!(i18n, gallery.dialog_action).to_string(),
            on_confirm: Callback::new(|_| ()),
        }))
    };
    let s = |f: fn(I18nCtx) -> String| Signal::derive(move || f(i18n));
    type I18nCtx = crate::i18n::I18n;
    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, gallery.title).to_string())/>
        <section class="content gallery" data-testid="gallery">
            <p class="lead">{t!(i18n, gallery.lead)}</p>
            {section(s(|i| t_string!(i, gallery.switches).to_string()), view! { <PrefsBar/> }.into_any())}
            {section(s(|i| t_string!(i, gallery.loading).to_string()), view! { <div class="gallery-item"><Loading/></div> }.into_any())}
            {section(s(|i| t_string!(i, gallery.errors).to_string()),
                errors.into_iter().map(|error| view! { <div class="gallery-item"><AppError error/></div> }).collect_view().into_any())}
            {section(s(|i| t_string!(i, gallery.empty).to_string()),
                view! { <div class="gallery-item"><p class="empty" data-testid="empty-state">{t!(i18n, gallery.empty_text)}</p></div> }.into_any())}
            {section(s(|i| t_string!(i, gallery.amounts).to_string()), view! { {amounts} }.into_any())}
            {section(s(|i| t_string!(i, gallery.dates).to_string()), view! { {dates} }.into_any())}
            {section(s(|i| t_string!(i, gallery.chart).to_string()), view! {
                <div class="gallery-item wide">{label(s(|i| t_string!(i, gallery.chart_typical).to_string()))}
                    <SpendingChart points=trend(|i| 120_000 + (i * 37_000) % 250_000)/></div>
                <div class="gallery-item wide">{label(s(|i| t_string!(i, gallery.chart_zero).to_string()))}
                    <SpendingChart points=trend(|_| 0)/></div>
                <div class="gallery-item wide">{label(s(|i| t_string!(i, gallery.chart_large).to_string()))}
                    <SpendingChart points=trend(|i| 900_000_000_000 + i * 7_000_000_001)/></div>
            }.into_any())}
            {section(s(|i| t_string!(i, gallery.statuses).to_string()), view! { {statuses} }.into_any())}
            {section(s(|i| t_string!(i, gallery.buttons).to_string()), view! {
                <button type="button" class="button">{t!(i18n, gallery.button_primary)}</button>
                <button type="button" class="button secondary">{t!(i18n, gallery.button_secondary)}</button>
                <button type="button" class="button danger">{t!(i18n, gallery.button_danger)}</button>
                <button type="button" class="button" disabled=true>{t!(i18n, gallery.button_disabled)}</button>
                <button type="button" class="button small secondary">{t!(i18n, gallery.button_secondary)}</button>
            }.into_any())}
            {section(s(|i| t_string!(i, gallery.notices).to_string()), view! {
                <p class="notice">{t!(i18n, gallery.notice_info)}</p>
                <p class="notice error" role="alert">{t!(i18n, gallery.notice_error)}</p>
                <p class="notice ok" role="status">{t!(i18n, gallery.notice_ok)}</p>
            }.into_any())}
            {section(s(|i| t_string!(i, gallery.form).to_string()), view! {
                <label class="field">
                    <span>{t!(i18n, gallery.form_label)}</span>
                    <textarea rows="2" aria-invalid="true"></textarea>
                </label>
                <p class="error" role="alert">{t!(i18n, gallery.form_error)}</p>
            }.into_any())}
            {section(s(|i| t_string!(i, gallery.long_text).to_string()), view! {
                <div class="gallery-item narrow"><strong>{t!(i18n, gallery.long_text_sample)}</strong></div>
            }.into_any())}
            {section(s(|i| t_string!(i, gallery.dialog).to_string()), view! {
                <button type="button" class="button" data-testid="gallery-open-dialog" on:click=open_dialog>{t!(i18n, gallery.dialog_open)}</button>
            }.into_any())}
            {section(s(|i| t_string!(i, gallery.rtl).to_string()), view! {
                // Always Arabic, whatever the page language: how amounts and bars mirror.
                <div class="gallery-item wide" dir="rtl" lang="ar" data-testid="gallery-rtl">
                    <span class="value">{move || Formatter::new(Lang::Ar, prefs.digits.get()).money(Money::from_fils(1_234_567))}</span>
                    <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="41"
                        aria-label=move || t_string!(i18n, gallery.progress_sample).to_string()>
                        <span style="width:41%"></span>
                    </div>
                </div>
            }.into_any())}
            {section(s(|i| t_string!(i, gallery.icons).to_string()), view! {
                {[Icon::Home, Icon::List, Icon::Vault, Icon::Shield, Icon::Clock, Icon::Inbox, Icon::Bell, Icon::Search, Icon::Reset, Icon::Users, Icon::Bank, Icon::Alert, Icon::Grid]
                    .into_iter().map(|icon| view! { <span class="gallery-item"><IconSvg icon/></span> }).collect_view()}
            }.into_any())}
        </section>
        <ConfirmDialog state=confirm/>
    }
}
