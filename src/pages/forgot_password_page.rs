//! "Forgot password": three steps on one page. The email (the answer reads the same
//! whether or not an account uses it), the one-time code (sent, in this demo, only to a
//! marked banner; three wrong codes end the attempt), then a new password, journalled as
//! `ChangePassword`. A reset never unlocks an account nor lifts a suspension; the last
//! step says so when it applies.

use crate::components::new_password_form::NewPasswordForm;
use crate::components::top_bar::TopBar;
use crate::contexts::data::DataInjection;
use crate::contexts::journal::JournalInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{t, t_string, use_i18n};
use crate::platform;
use crate::routes::AppRoute;
use bankdash_domain::auth::{self, CodeAttempts, CodeVerdict, PasswordProblem, SignInBlock};
use bankdash_domain::journal::Change;
use bankdash_domain::recovery::{self, ResetChannel, ResetTarget};
use leptos::prelude::*;
use leptos_router::components::A;

/// bcrypt cost of a new password (the dataset's hashes use the same).
const NEW_PASSWORD_COST: u32 = 10;

/// The code "sent" for a request: only for an account that can be reset.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Sent {
    target: ResetTarget,
    code: String,
    step: i64,
}

/// Where the reset stands.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Email,
    /// Waiting for the code. `sent` is None for an email no resettable account uses:
    /// the screen looks the same and every code is wrong.
    Code {
        typed_email: String,
        sent: Option<Sent>,
    },
    NewPassword(ResetTarget),
    /// The password was changed; the block (if any) is still there.
    Done(Option<SignInBlock>),
}

/// The last code check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodeNotice {
    Wrong { remaining: u32 },
    TooMany,
}

fn now_unix() -> i64 {
    platform::now_in_kuwait().timestamp()
}

/// Reset a forgotten password with a one-time code.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let journal = JournalInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();

    let email = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let step = RwSignal::new(Step::Email);
    let email_missing = RwSignal::new(false);
    let attempts = RwSignal::new(CodeAttempts::default());
    let code_notice = RwSignal::new(None::<CodeNotice>);
    let save_failed = RwSignal::new(false);

    let start_over = move || {
        step.set(Step::Email);
        code.set(String::new());
        attempts.set(CodeAttempts::default());
        code_notice.set(None);
        save_failed.set(false);
    };

    let on_send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let typed = email.get_untracked().trim().to_owned();
        if typed.is_empty() {
            email_missing.set(true);
            return;
        }
        email_missing.set(false);
        // REST: fetch this email's user first (and nothing else); bundled: at once.
        leptos::task::spawn_local(async move {
            if let Err(e) = data.prepare_login(&typed).await {
                leptos::logging::warn!("reset data not fetched: {e}");
            }
            let target = data
                .all
                .with_untracked(|ds| recovery::reset_target(ds, &typed));
            let sent = target.map(|target| {
                let now_step = auth::simulated_step(now_unix());
                Sent {
                    code: recovery::reset_code(&target.user_id, now_step),
                    step: now_step,
                    target,
                }
            });
            code.set(String::new());
            attempts.set(CodeAttempts::default());
            code_notice.set(None);
            step.set(Step::Code {
                typed_email: typed,
                sent,
            });
        });
    };

    let on_verify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Step::Code { sent, .. } = step.get_untracked() else {
            return;
        };
        let typed = code.get_untracked();
        let correct = sent
            .as_ref()
            .is_some_and(|s| recovery::reset_code_is_correct(&typed, &s.code, s.step, now_unix()));
        let (next, verdict) = attempts.get_untracked().submit(correct);
        attempts.set(next);
        match (verdict, sent) {
            (CodeVerdict::Accepted, Some(sent)) => {
                code_notice.set(None);
                save_failed.set(false);
                step.set(Step::NewPassword(sent.target));
            }
            (CodeVerdict::WrongCode { remaining }, _) if remaining > 0 => {
                code.set(String::new());
                code_notice.set(Some(CodeNotice::Wrong { remaining }));
            }
            _ => {
                code.set(String::new());
                code_notice.set(Some(CodeNotice::TooMany));
            }
        }
    };

    // The new password, after "Saving…" has been painted: refuse the current one (known
    // only as a hash), hash it, journal the change.
    let save = move |target: &ResetTarget, new: String| -> Vec<PasswordProblem> {
        let current = data.all.with_untracked(|ds| {
            ds.credentials
                .iter()
                .find(|c| c.user_id == target.user_id)
                .map(|c| c.password_hash.clone())
        });
        if current.is_some_and(|hash| auth::password::verify(&new, &hash)) {
            return vec![PasswordProblem::SameAsOld];
        }
        let password_hash = match auth::password::hash(&new, NEW_PASSWORD_COST) {
            Ok(hash) => hash,
            Err(e) => {
                leptos::logging::warn!("new password not hashed: {e}");
                save_failed.set(true);
                return Vec::new();
            }
        };
        let change = Change::ChangePassword {
            user_id: target.user_id.clone(),
            password_hash,
        };
        if let Err(e) = journal.record(&target.customer_id, change) {
            leptos::logging::warn!("password reset not journalled: {e}");
            save_failed.set(true);
            return Vec::new();
        }
        save_failed.set(false);
        step.set(Step::Done(target.block));
        Vec::new()
    };

    let email_form = move || {
        view! {
            <form class="card form" data-testid="reset-email-form" on:submit=on_send novalidate=true>
                <h2>{t!(i18n, password.title)}</h2>
                <label class="field">
                    <span>{t!(i18n, password.email)}</span>
                    <input type="email" autocomplete="username" dir="ltr" data-testid="reset-email"
                        aria-invalid=move || email_missing.get().to_string() bind:value=email required=true/>
                </label>
                {move || email_missing.get().then(|| view! {
                    <p class="error" role="alert" data-testid="reset-email-error">{t!(i18n, password.email_required)}</p>
                })}
                <button type="submit" class="button" data-testid="reset-send">{t!(i18n, password.send)}</button>
                <p class="form-aside">
                    <A href=AppRoute::Login.link() attr:data-testid="reset-back">{t!(i18n, password.back_to_sign_in)}</A>
                </p>
            </form>
        }
    };

    let code_form = move |typed_email: String, sent: Option<Sent>| {
        // DEMO ONLY: nothing is sent, so the code is shown, marked as such.
        let demo = sent.map(|s| {
            let channel = s.target.destination.channel;
            let where_to = match channel {
                ResetChannel::Sms => t_string!(i18n, password.demo.sms).to_string(),
                ResetChannel::Email => t_string!(i18n, password.demo.email).to_string(),
            };
            let shown = s.code.clone();
            view! {
                <div class="notice" role="status" data-testid="demo-code" data-code=s.code data-channel=channel.as_str()>
                    <strong class="tag">{t!(i18n, password.demo.label)}</strong>
                    " " {where_to} " "
                    <bdi class="mono reset-destination" dir="ltr" translate="no" data-testid="reset-destination">{s.target.destination.masked}</bdi>
                    ". " {t!(i18n, password.demo.code)} " "
                    <strong class="mono" dir="ltr" translate="no">{shown}</strong>
                </div>
            }
        });
        let exhausted = move || code_notice.get() == Some(CodeNotice::TooMany);
        view! {
            <div class="card form" data-testid="reset-code-step">
                <h2>{t!(i18n, password.title)}</h2>
                <p class="notice" role="status" data-testid="reset-sent">{t!(i18n, password.sent)}</p>
                <p>
                    {t!(i18n, password.sent_for)} " "
                    <bdi dir="ltr" translate="no" data-testid="reset-sent-email">{typed_email}</bdi>
                </p>
                {demo}
                {move || (!exhausted()).then(|| view! {
                    <form class="form" data-testid="reset-code-form" on:submit=on_verify novalidate=true>
                        <label class="field">
                            <span>{t!(i18n, password.code)}</span>
                            <input type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" dir="ltr"
                                data-testid="reset-code" bind:value=code/>
                        </label>
                        <button type="submit" class="button" data-testid="reset-verify">{t!(i18n, password.verify)}</button>
                    </form>
                })}
                {move || code_notice.get().map(|n| match n {
                    CodeNotice::Wrong { remaining } => view! {
                        <p class="error" role="alert" data-testid="reset-code-error" data-remaining=remaining>
                            {move || t_string!(i18n, password.wrong_code, remaining = prefs.fmt().number(i64::from(remaining))).to_string()}
                        </p>
                    }
                    .into_any(),
                    CodeNotice::TooMany => view! {
                        <p class="error" role="alert" data-testid="reset-code-error" data-remaining="0">
                            {t!(i18n, password.too_many)}
                        </p>
                    }
                    .into_any(),
                })}
                <p class="form-aside">{t!(i18n, password.no_code)}</p>
                <button type="button" class="link" data-testid="reset-start-over" on:click=move |_| start_over()>
                    {t!(i18n, password.start_over)}
                </button>
            </div>
        }
    };

    let password_form = move |target: ResetTarget| {
        let email_text = target.email.clone();
        let on_save = move |new: String| save(&target, new);
        view! {
            <div class="card form" data-testid="reset-password-step">
                <h2>{t!(i18n, password.form.heading)}</h2>
                <p class="notice ok" role="status">{t!(i18n, password.verified)}</p>
                <NewPasswordForm email=email_text on_save=on_save/>
                {move || save_failed.get().then(|| view! {
                    <p class="error" role="alert" data-testid="reset-problem">{t!(i18n, password.save_failed)}</p>
                })}
                <button type="button" class="link" data-testid="reset-start-over" on:click=move |_| start_over()>
                    {t!(i18n, password.start_over)}
                </button>
            </div>
        }
    };

    let done = move |block: Option<SignInBlock>| {
        let still = block.map(|b| {
            let (reason, text) = match b {
                SignInBlock::Locked => ("locked", t_string!(i18n, password.done.still_locked).to_string()),
                SignInBlock::Suspended => (
                    "suspended",
                    t_string!(i18n, password.done.still_suspended).to_string(),
                ),
            };
            view! { <p class="notice error" role="alert" data-testid="reset-still-blocked" data-reason=reason>{text}</p> }
        });
        view! {
            <div class="card form" data-testid="reset-done" role="status">
                <h2>{t!(i18n, password.done.heading)}</h2>
                {still}
                <p>{t!(i18n, password.done.text)}</p>
                <p>
                    <A href=AppRoute::Login.link() attr:class="button" attr:data-testid="reset-sign-in">
                        {t!(i18n, password.back_to_sign_in)}
                    </A>
                </p>
            </div>
        }
    };

    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, password.title).to_string())/>
        <section class="content">
            <p class="lead">{t!(i18n, password.lead)}</p>
            {move || match step.get() {
                Step::Email => email_form().into_any(),
                Step::Code { typed_email, sent } => code_form(typed_email, sent).into_any(),
                Step::NewPassword(target) => password_form(target).into_any(),
                Step::Done(block) => done(block).into_any(),
            }}
        </section>
    }
}
