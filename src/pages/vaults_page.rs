use crate::components::status_class;
use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{self, t, t_string, use_i18n, I18n};
use crate::pages::not_yours_page::NotYoursPage;
use crate::routes::{AppRoute, GoalParams};
use bankdash_domain::format::{Formatter, Lang};
use bankdash_domain::model::SavingsGoal;
use bankdash_domain::money::{DecimalError, Money};
use bankdash_domain::vaults::{self, Eta};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params;

/// Savings goals ("vaults") with progress, time to goal and a what-if estimate.
#[component]
pub fn VaultsPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let as_of = data.as_of;
    // A deep link picks out one goal.
    let params = use_params::<GoalParams>();
    let focus = Memo::new(move |_| params.read().as_ref().ok().and_then(|p| p.goal_id.clone()));
    // Language and digits are read inside the cards, so switching them keeps what-if input.
    let body = move || {
        let ds = data.data.get();
        let id = customer.id.get();
        let focus = focus.get();
        let goals: Vec<(SavingsGoal, Money)> = ds
            .savings_goals
            .iter()
            .filter(|g| g.customer_id == id)
            .map(|g| (g.clone(), vaults::monthly_rate(&ds, g, as_of)))
            .collect();
        if focus
            .as_ref()
            .is_some_and(|f| !goals.iter().any(|(g, _)| &g.goal_id == f))
        {
            return view! { <NotYoursPage/> }.into_any();
        }
        if goals.is_empty() {
            return view! { <div class="card empty" data-testid="empty-state">{t!(i18n, vaults.empty)}</div> }.into_any();
        }
        view! {
            <div class="vault-grid">
                {goals.into_iter().map(|(goal, rate)| {
                    let focused = focus.as_ref() == Some(&goal.goal_id);
                    view! { <VaultCard goal rate as_of focused/> }
                }).collect_view()}
            </div>
        }
        .into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, vaults.title).to_string())/>
        <section class="content">
            <p class="lead">{t!(i18n, vaults.lead, date = move || prefs.fmt().day(as_of))}</p>
            {body}
        </section>
    }
}

fn eta_text(i18n: I18n, f: Formatter, eta: &Eta) -> String {
    match eta {
        Eta::Reached => t_string!(i18n, vaults.eta.reached).to_string(),
        Eta::NoContributions => t_string!(i18n, vaults.eta.no_contributions).to_string(),
        Eta::InMonths { months, month } => t_string!(
            i18n,
            vaults.eta.in_months,
            month = f.month(*month),
            months = f.number(*months)
        )
        .to_string(),
    }
}

/// Why the what-if amount cannot be used.
#[derive(Debug, Clone)]
enum WhatIfError {
    NotPositive,
    Unreadable(DecimalError),
}

fn what_if_error(i18n: I18n, f: Formatter, error: &WhatIfError) -> String {
    match error {
        WhatIfError::NotPositive => t_string!(i18n, vaults.what_if.not_positive).to_string(),
        WhatIfError::Unreadable(DecimalError::NotANumber(_)) => {
            t_string!(i18n, vaults.what_if.not_a_number).to_string()
        }
        WhatIfError::Unreadable(DecimalError::TooManyDecimals { max, .. }) => t_string!(
            i18n,
            vaults.what_if.too_many_decimals,
            max = f.number(i64::from(*max))
        )
        .to_string(),
        WhatIfError::Unreadable(DecimalError::OutOfRange(_)) => {
            t_string!(i18n, vaults.what_if.out_of_range).to_string()
        }
    }
}

/// The what-if text as `Money::parse_kwd` reads it: Arabic-Indic digits and the Arabic
/// decimal separator (as typed on an Arabic keyboard) become ASCII.
fn ascii_amount(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '\u{660}'..='\u{669}' => char::from(b'0' + (c as u32 - 0x660) as u8),
            '\u{6F0}'..='\u{6F9}' => char::from(b'0' + (c as u32 - 0x6F0) as u8),
            '\u{66B}' => '.',
            _ => c,
        })
        .collect()
}

#[component]
fn VaultCard(goal: SavingsGoal, rate: Money, as_of: NaiveDate, focused: bool) -> impl IntoView {
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let fmt = move || prefs.fmt();
    let percent = vaults::percent(&goal);
    let eta = vaults::eta(&goal, rate, as_of);
    let plan = vaults::target_plan(&goal, rate, as_of);
    let remaining = (goal.target_amount - goal.current_amount).max(Money::ZERO);
    let (current, target) = (goal.current_amount, goal.target_amount);
    let what_if = RwSignal::new(String::new());
    let goal_for_what_if = goal.clone();
    let what_if_result = move || {
        let text = ascii_amount(&what_if.get());
        if text.is_empty() {
            return None;
        }
        Some(match Money::parse_kwd(&text) {
            Ok(m) if m > Money::ZERO => Ok(vaults::eta(&goal_for_what_if, m, as_of)),
            Ok(_) => Err(WhatIfError::NotPositive),
            Err(e) => Err(WhatIfError::Unreadable(e)),
        })
    };
    // The goal's name in the page's language, the other one beside it.
    let (name_en, name_ar) = (goal.name_en.clone(), goal.name_ar.clone());
    let names = move || match prefs.lang() {
        Lang::En => (name_en.clone(), "en", name_ar.clone(), "ar"),
        Lang::Ar => (name_ar.clone(), "ar", name_en.clone(), "en"),
    };
    let names_for_label = names.clone();
    let progress_label =
        move || t_string!(i18n, vaults.progress, name = names_for_label().0).to_string();
    let eta_month = |eta: &Eta| match eta {
        Eta::InMonths { month, .. } => Some(month.to_string()),
        _ => None,
    };
    let input_id = format!("what-if-{}", goal.goal_id);
    let status = goal.status;
    let saved_current = move || view! { <strong data-amount-fils=current.fils()>{move || fmt().money(current)}</strong> };
    let saved_target =
        move || view! { <span data-amount-fils=target.fils()>{move || fmt().money(target)}</span> };
    let goal_link = AppRoute::Goal {
        customer_id: goal.customer_id.clone(),
        goal_id: goal.goal_id.clone(),
    }
    .link();
    view! {
        <article class="card vault" class:focused=focused data-testid="vault-card" data-goal-id=goal.goal_id.clone()
            data-status=goal.status.as_str() data-focused=focused.to_string() aria-current=focused.then_some("true")>
            <header>
                {move || {
                    let (name, lang, other, other_lang) = names();
                    view! {
                        <h2 lang=lang translate="no"><A href=goal_link.clone()>{name}</A></h2>
                        <span class="name-alt" lang=other_lang translate="no">{other}</span>
                    }
                }}
                <span class=status_class(goal.status.as_str())>{move || i18n::goal_status(i18n, status)}</span>
            </header>
            <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=percent
                aria-label=progress_label>
                <span style=format!("width:{percent}%")></span>
            </div>
            <p class="saved">{t!(i18n, vaults.saved_of, current = saved_current, target = saved_target, percent = move || fmt().percent(percent))}</p>
            <dl class="facts">
                <div><dt>{t!(i18n, vaults.rate)}</dt><dd data-testid="vault-rate" data-amount-fils=rate.fils()>{move || fmt().money(rate)}</dd></div>
                <div><dt>{t!(i18n, vaults.remaining)}</dt><dd>{move || fmt().money(remaining)}</dd></div>
                <div><dt>{t!(i18n, vaults.estimate)}</dt>
                    <dd data-testid="vault-eta" data-eta-month=eta_month(&eta) data-eta-state=eta.state()>
                        {move || eta_text(i18n, fmt(), &eta)}
                    </dd></div>
                {goal.target_date.map(|d| view! { <div><dt>{t!(i18n, vaults.target_date)}</dt><dd>{move || fmt().day(d)}</dd></div> })}
            </dl>
            {plan.map(|p| view! {
                <p class=if p.on_track { "plan ok" } else { "plan warn" } data-testid="vault-plan" data-on-track=p.on_track.to_string()
                    data-needed-fils=p.needed_per_month.fils()>
                    {move || {
                        let f = fmt();
                        if p.on_track {
                            t_string!(i18n, vaults.plan.on_track, month = f.month(p.target_month)).to_string()
                        } else {
                            t_string!(i18n, vaults.plan.behind, amount = f.money(p.needed_per_month), month = f.month(p.target_month)).to_string()
                        }
                    }}
                </p>
            })}
            <div class="what-if">
                <label for=input_id.clone()>{t!(i18n, vaults.what_if.label)}</label>
                <input id=input_id type="text" inputmode="decimal" data-testid="vault-what-if" bind:value=what_if
                    placeholder=move || t_string!(i18n, vaults.what_if.placeholder, example = fmt().number(150)).to_string()/>
                {move || what_if_result().map(|r| match r {
                    Ok(eta) => view! {
                        <p class="what-if-result" data-testid="vault-what-if-eta" aria-live="polite"
                            data-eta-month=eta_month(&eta) data-eta-state=eta.state()>{move || eta_text(i18n, fmt(), &eta)}</p>
                    }.into_any(),
                    Err(e) => view! {
                        <p class="error" role="alert" data-testid="vault-what-if-error">{move || what_if_error(i18n, fmt(), &e)}</p>
                    }.into_any(),
                })}
            </div>
        </article>
    }
}
