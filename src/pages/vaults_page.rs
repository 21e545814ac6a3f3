use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use bankdash_domain::model::SavingsGoal;
use bankdash_domain::money::Money;
use bankdash_domain::time::format_day;
use bankdash_domain::vaults::{self, Eta};
use chrono::NaiveDate;
use leptos::prelude::*;

/// Savings goals ("vaults") with progress, time to goal and a what-if estimate.
#[component]
pub fn VaultsPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let as_of = data.as_of;
    let body = move || {
        let ds = data.data.get();
        let id = customer.id.get();
        let goals: Vec<(SavingsGoal, Money)> = ds
            .savings_goals
            .iter()
            .filter(|g| g.customer_id == id)
            .map(|g| (g.clone(), vaults::monthly_rate(&ds, g, as_of)))
            .collect();
        if goals.is_empty() {
            return view! { <div class="card empty" data-testid="empty-state">"No vaults yet. Savings goals appear here once created."</div> }.into_any();
        }
        view! {
            <div class="vault-grid">
                {goals.into_iter().map(|(goal, rate)| view! { <VaultCard goal rate as_of/> }).collect_view()}
            </div>
        }
        .into_any()
    };
    view! {
        <TopBar title="Vaults"/>
        <section class="content">
            <p class="lead">{format!("Estimates use the average monthly contribution over the 90 days to {}.", format_day(as_of))}</p>
            {body}
        </section>
    }
}

fn eta_text(eta: &Eta) -> String {
    match eta {
        Eta::Reached => "Goal reached".into(),
        Eta::NoContributions => "No contributions in the last 90 days".into(),
        Eta::InMonths { months, month } => format!("Reached in {months} month{} ({month})", if *months == 1 { "" } else { "s" }),
    }
}

#[component]
fn VaultCard(goal: SavingsGoal, rate: Money, as_of: NaiveDate) -> impl IntoView {
    let percent = vaults::percent(&goal);
    let eta = vaults::eta(&goal, rate, as_of);
    let plan = vaults::target_plan(&goal, rate, as_of);
    let remaining = (goal.target_amount - goal.current_amount).max(Money::ZERO);
    let what_if = RwSignal::new(String::new());
    let goal_for_what_if = goal.clone();
    let what_if_result = move || {
        let text = what_if.get();
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        Some(match Money::parse_kwd(text) {
            Ok(m) if m > Money::ZERO => Ok(vaults::eta(&goal_for_what_if, m, as_of)),
            Ok(_) => Err("Enter an amount above zero.".to_owned()),
            Err(e) => Err(format!("Not an amount in KWD: {e}.")),
        })
    };
    let input_id = format!("what-if-{}", goal.goal_id);
    view! {
        <article class="card vault" data-testid="vault-card" data-goal-id=goal.goal_id.clone() data-status=goal.status.as_str()>
            <header>
                <h2>{goal.name_en.clone()}</h2>
                <span class="name-ar" lang="ar" dir="rtl">{goal.name_ar.clone()}</span>
                <span class=format!("status status-{}", goal.status.as_str().to_lowercase())>{goal.status.as_str()}</span>
            </header>
            <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=percent
                aria-label=format!("{} saved", goal.name_en)>
                <span style=format!("width:{percent}%")></span>
            </div>
            <p class="saved"><strong data-amount-fils=goal.current_amount.fils()>{goal.current_amount.to_string()}</strong>
                " of " <span data-amount-fils=goal.target_amount.fils()>{goal.target_amount.to_string()}</span>
                {format!(" ({percent}%)")}</p>
            <dl class="facts">
                <div><dt>"Saving per month"</dt><dd data-testid="vault-rate" data-amount-fils=rate.fils()>{rate.to_string()}</dd></div>
                <div><dt>"Left to save"</dt><dd>{remaining.to_string()}</dd></div>
                <div><dt>"Estimate"</dt>
                    <dd data-testid="vault-eta"
                        data-eta-month=match eta { Eta::InMonths { month, .. } => Some(month.to_string()), _ => None }
                        data-eta-state=eta.state()>{eta_text(&eta)}</dd></div>
                {goal.target_date.map(|d| view! { <div><dt>"Target date"</dt><dd>{format_day(d)}</dd></div> })}
            </dl>
            {plan.map(|p| view! {
                <p class=if p.on_track { "plan ok" } else { "plan warn" } data-testid="vault-plan" data-on-track=p.on_track.to_string()
                    data-needed-fils=p.needed_per_month.fils()>
                    {if p.on_track {
                        format!("On track for {}.", p.target_month)
                    } else {
                        format!("Behind: save {} a month to reach it by {}.", p.needed_per_month, p.target_month)
                    }}
                </p>
            })}
            <div class="what-if">
                <label for=input_id.clone()>"If I save (KWD a month)"</label>
                <input id=input_id type="text" inputmode="decimal" placeholder="e.g. 150" data-testid="vault-what-if" bind:value=what_if/>
                {move || what_if_result().map(|r| match r {
                    Ok(eta) => view! {
                        <p class="what-if-result" data-testid="vault-what-if-eta" aria-live="polite"
                            data-eta-month=match eta { Eta::InMonths { month, .. } => Some(month.to_string()), _ => None }
                            data-eta-state=eta.state()>{eta_text(&eta)}</p>
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert" data-testid="vault-what-if-error">{e}</p> }.into_any(),
                })}
            </div>
        </article>
    }
}
