//! The new-password form shared by the forced change of an expired password (sign-in)
//! and the "forgot password" reset: new password and confirmation, the rules ticked as
//! the user types, every broken rule listed on submit, and a "Saving…" state painted
//! before the caller's (blocking) bcrypt work runs.

use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{t, t_string, use_i18n, I18n};
use bankdash_domain::auth::{PasswordProblem, PasswordRules};
use bankdash_domain::format::Formatter;
use bankdash_domain::recovery::{self, NewPasswordProblem};
use leptos::prelude::*;
use std::time::Duration;

/// The rule as the checklist states it.
fn rule_text(i18n: I18n, fmt: &Formatter, rule: NewPasswordProblem) -> String {
    use NewPasswordProblem::{Mismatch, Rule};
    match rule {
        Rule(PasswordProblem::TooShort { min }) => {
            let min = fmt.number(i64::try_from(min).unwrap_or(i64::MAX));
            t_string!(i18n, password.rules.length, min = min).to_string()
        }
        Rule(PasswordProblem::NoUppercase) => t_string!(i18n, password.rules.upper).to_string(),
        Rule(PasswordProblem::NoLowercase) => t_string!(i18n, password.rules.lower).to_string(),
        Rule(PasswordProblem::NoDigit) => t_string!(i18n, password.rules.digit).to_string(),
        Rule(PasswordProblem::NoSymbol) => t_string!(i18n, password.rules.symbol).to_string(),
        Rule(PasswordProblem::ContainsEmailName) => {
            t_string!(i18n, password.rules.email_name).to_string()
        }
        Rule(PasswordProblem::SameAsOld) => t_string!(i18n, password.rules.not_current).to_string(),
        Mismatch => t_string!(i18n, password.rules.matches).to_string(),
    }
}

/// The broken rule as a refusal says it.
fn problem_text(i18n: I18n, fmt: &Formatter, problem: NewPasswordProblem) -> String {
    use NewPasswordProblem::{Mismatch, Rule};
    match problem {
        Rule(PasswordProblem::TooShort { min }) => {
            let min = fmt.number(i64::try_from(min).unwrap_or(i64::MAX));
            t_string!(i18n, password.problems.length, min = min).to_string()
        }
        Rule(PasswordProblem::NoUppercase) => t_string!(i18n, password.problems.upper).to_string(),
        Rule(PasswordProblem::NoLowercase) => t_string!(i18n, password.problems.lower).to_string(),
        Rule(PasswordProblem::NoDigit) => t_string!(i18n, password.problems.digit).to_string(),
        Rule(PasswordProblem::NoSymbol) => t_string!(i18n, password.problems.symbol).to_string(),
        Rule(PasswordProblem::ContainsEmailName) => {
            t_string!(i18n, password.problems.email_name).to_string()
        }
        Rule(PasswordProblem::SameAsOld) => {
            t_string!(i18n, password.problems.not_current).to_string()
        }
        Mismatch => t_string!(i18n, password.problems.matches).to_string(),
    }
}

/// A new password and its confirmation, checked against [`PasswordRules::default`].
///
/// `on_save` gets an acceptable password once "Saving…" is on screen (it may block, e.g.
/// to hash it) and runs under this form's owner, so contexts are available. It returns
/// problems it found itself (say the reset's current password, known only as a hash);
/// empty means it took over (saved and moved on, or reported its own failure).
#[component]
pub fn NewPasswordForm<F>(
    /// The account's sign-in email: the password must not contain its name.
    #[prop(into)]
    email: String,
    /// The current password when the user just typed it: it may not be reused.
    #[prop(optional)]
    old: Option<String>,
    on_save: F,
) -> impl IntoView
where
    F: Fn(String) -> Vec<PasswordProblem> + Clone + 'static,
{
    let i18n = use_i18n();
    let prefs = PrefsInjection::expect_context();
    // The save runs in a timer callback, outside the reactive owner.
    let owner = Owner::current();
    let rules = PasswordRules::default();
    let email = StoredValue::new(email);
    let old = StoredValue::new(old);

    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let saving = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<NewPasswordProblem>::new());

    // Every reason to refuse what is typed now.
    let check = move || {
        new.with_untracked(|n| {
            confirm.with_untracked(|c| {
                email.with_value(|e| {
                    old.with_value(|o| recovery::check_new_password(&rules, n, c, e, o.as_deref()))
                })
            })
        })
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        let found = check();
        if !found.is_empty() {
            problems.set(found);
            return;
        }
        problems.set(Vec::new());
        saving.set(true);
        let value = new.get_untracked();
        let on_save = on_save.clone();
        let owner = owner.clone();
        // bcrypt blocks the thread: let the button show "Saving…" first.
        request_animation_frame(move || {
            set_timeout(
                move || {
                    let save = move || on_save(value);
                    let found = match &owner {
                        Some(owner) => owner.with(save),
                        None => save(),
                    };
                    // The caller may already have replaced this form.
                    saving.try_set(false);
                    problems.try_set(found.into_iter().map(NewPasswordProblem::Rule).collect());
                },
                Duration::ZERO,
            );
        });
    };

    let checklist = move || {
        let fmt = prefs.fmt();
        new.with(|n| {
            confirm.with(|c| {
                email.with_value(|e| {
                    old.with_value(|o| recovery::password_checklist(&rules, n, c, e, o.as_deref()))
                })
            })
        })
        .into_iter()
        .map(|(rule, ok)| {
            let state = if ok {
                t_string!(i18n, password.rules.met).to_string()
            } else {
                t_string!(i18n, password.rules.unmet).to_string()
            };
            view! {
                <li data-rule=rule.key() data-ok=ok.to_string()>
                    <span class="visually-hidden">{state}</span>
                    <span>{rule_text(i18n, &fmt, rule)}</span>
                </li>
            }
        })
        .collect_view()
    };

    let problems_view = move || {
        let shown = problems.get();
        (!shown.is_empty()).then(|| {
            let fmt = prefs.fmt();
            let items = shown
                .into_iter()
                .map(|p| {
                    view! { <li data-testid="password-problem" data-rule=p.key()>{problem_text(i18n, &fmt, p)}</li> }
                })
                .collect_view();
            view! {
                <div class="notice error" role="alert" data-testid="password-problems">
                    <p><strong>{t!(i18n, password.problems.heading)}</strong></p>
                    <ul class="password-problems">{items}</ul>
                </div>
            }
        })
    };
    let invalid = move || problems.with(|p| !p.is_empty()).to_string();
    view! {
        <form class="form new-password" data-testid="new-password-form" on:submit=on_submit novalidate=true>
            <label class="field">
                <span>{t!(i18n, password.form.new)}</span>
                <input type="password" autocomplete="new-password" dir="ltr" data-testid="new-password"
                    aria-describedby="new-password-rules" aria-invalid=invalid bind:value=new required=true/>
            </label>
            <label class="field">
                <span>{t!(i18n, password.form.confirm)}</span>
                <input type="password" autocomplete="new-password" dir="ltr" data-testid="confirm-password"
                    aria-invalid=invalid bind:value=confirm required=true/>
            </label>
            <div class="password-rules-box" id="new-password-rules">
                <p>{t!(i18n, password.rules.heading)}</p>
                <ul class="password-rules" data-testid="password-rules">{checklist}</ul>
            </div>
            {problems_view}
            <button type="submit" class="button" data-testid="change-password-submit" disabled=move || saving.get()
                aria-busy=move || saving.get().to_string()>
                {move || if saving.get() {
                    t_string!(i18n, password.form.saving).to_string()
                } else {
                    t_string!(i18n, password.form.submit).to_string()
                }}
            </button>
        </form>
    }
}
