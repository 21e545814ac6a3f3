//! Sign in: email and password, then a new password when the old one has expired, then
//! the user's second factor when MFA is on. A wrong email and a wrong password look
//! exactly the same; wrong passwords and codes are journalled (`SignInFailed`), so the
//! fifth locks the account and that survives reloads. A changed password is journalled
//! too (`ChangePassword`), so the old one stops working and the new one works.

use crate::components::new_password_form::NewPasswordForm;
use crate::components::top_bar::TopBar;
use crate::contexts::data::DataInjection;
use crate::contexts::journal::JournalInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::contexts::session::{SessionInjection, SignedIn};
use crate::data::DemoLogins;
use crate::i18n::{t, t_string, use_i18n};
use crate::platform;
use crate::routes::AppRoute;
use bankdash_domain::auth::{
    self, CodeAttempts, CodeVerdict, PasswordProblem, PlaceProblem, SignInBlock,
};
use bankdash_domain::journal::{Change, SessionChange};
use bankdash_domain::model::{AuthUser, CredentialStatus, MfaMethod};
use bankdash_domain::time::as_of_instant;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use std::time::Duration;

/// Checked when no user has the typed email, so a wrong email costs the same bcrypt
/// work as a wrong password (cost 10, like the dataset's hashes).
const DUMMY_HASH: &str = "$2b$10$1cTla9WCtMNkzSzQF6fKp.b5iM1JBhVjtUDmpArZNaAxnDvgGMGbC";

/// bcrypt cost of a new password (the dataset's hashes use the same).
const NEW_PASSWORD_COST: u32 = 10;

/// What the last attempt led to.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Notice {
    /// Unknown email or wrong password: one message for both.
    WrongCredentials,
    Blocked(SignInBlock),
    /// An expired password of a user who cannot change it here (staff: their changes
    /// are not journalled); the bank resets it.
    Expired,
    NoDevice,
    /// The sign-in could not be journalled (bad data); nothing changed.
    Problem,
    /// REST: the API could not be reached to look the user up.
    Unreachable,
    WrongCode {
        remaining: u32,
    },
    TooManyCodes,
}

/// The right password met an expired credential: a new one is needed before anything
/// else.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ExpiredStep {
    user_id: String,
    customer_id: String,
    /// The sign-in email (the new password must not contain its name).
    email: String,
    /// The expired password just typed (the new one must differ).
    old: String,
}

/// The second step: the password was right and this factor is still needed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Challenge {
    user_id: String,
    method: MfaMethod,
    destination: String,
    /// APP: the decoded shared secret.
    secret: Vec<u8>,
    /// SMS/EMAIL: the simulated code "sent" and the step it belongs to.
    sent: Option<(String, i64)>,
    attempts: CodeAttempts,
}

fn now_unix() -> i64 {
    platform::now_in_kuwait().timestamp()
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let journal = JournalInjection::expect_context();
    let session = SessionInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let navigate = use_navigate();
    // Checks run in a timer callback, outside the component's reactive owner.
    let owner = Owner::current();

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let checking = RwSignal::new(false);
    // Completed checks, for tests to wait on.
    let checks = RwSignal::new(0u32);
    let notice = RwSignal::new(None::<Notice>);
    let challenge = RwSignal::new(None::<Challenge>);
    let expired = RwSignal::new(None::<ExpiredStep>);

    let user_by_id = move |user_id: &str| -> Option<AuthUser> {
        data.all
            .with_untracked(|ds| ds.auth_users.iter().find(|u| u.user_id == user_id).cloned())
    };

    // A wrong password or code: journalled for customers. Returns the notice to show.
    let record_failure = move |user: &AuthUser, wrong: Notice| -> Notice {
        let Some(customer_id) = &user.customer_id else {
            return wrong;
        };
        let locks = auth::after_failure(user).locks;
        if let Err(e) = journal.record(
            customer_id,
            Change::SignInFailed {
                user_id: user.user_id.clone(),
            },
        ) {
            leptos::logging::warn!("failed sign-in not journalled: {e}");
        }
        if locks {
            challenge.set(None);
            Notice::Blocked(SignInBlock::Locked)
        } else {
            wrong
        }
    };

    // Every factor passed: open a session and go to the user's home.
    let complete = {
        let navigate = navigate.clone();
        move |user_id: &str| {
            let Some(user) = user_by_id(user_id) else {
                return notice.set(Some(Notice::Problem));
            };
            if let Err(block) = auth::can_sign_in(&user) {
                challenge.set(None);
                return notice.set(Some(Notice::Blocked(block)));
            }
            let session_id = platform::new_uuid();
            let now = platform::now_in_kuwait();
            let Some(customer_id) = user.customer_id.clone() else {
                // Staff: no journal entry (entries belong to a customer).
                session.sign_in(SignedIn {
                    user_id: user.user_id.clone(),
                    customer_id: None,
                    session_id,
                    expires_at: auth::session_expires_at(&now),
                    last_active: now,
                });
                navigate(&AppRoute::Analytics.href(), Default::default());
                return;
            };
            let place = data
                .all
                .with_untracked(|ds| auth::sign_in_place(ds, &user.user_id));
            let (device_id, ip_address, city) = match place {
                Ok(place) => place,
                Err(problem) => {
                    challenge.set(None);
                    return notice.set(Some(match problem {
                        PlaceProblem::NoActiveDevice => Notice::NoDevice,
                        PlaceProblem::NoHistory => Notice::Problem,
                    }));
                }
            };
            let change = Change::Session(SessionChange::SignIn {
                user_id: user.user_id.clone(),
                session_id: session_id.clone(),
                device_id,
                ip_address,
                city,
                expires_at: auth::session_expires_at(&now),
            });
            if let Err(e) = journal.record(&customer_id, change) {
                leptos::logging::warn!("sign-in not journalled: {e}");
                challenge.set(None);
                return notice.set(Some(Notice::Problem));
            }
            session.sign_in(SignedIn {
                user_id: user.user_id.clone(),
                customer_id: Some(customer_id.clone()),
                session_id,
                expires_at: auth::session_expires_at(&now),
                last_active: now,
            });
            navigate(
                &AppRoute::Overview { customer_id }.href(),
                Default::default(),
            );
        }
    };

    // The password was right (and is not expired): ask for the second factor, if any.
    let second_factor = {
        let complete = complete.clone();
        move |user: &AuthUser| {
            if !user.mfa_enabled {
                return complete(&user.user_id);
            }
            let setting = data
                .all
                .with_untracked(|ds| auth::sign_in_factor(ds, &user.user_id).cloned());
            // MFA on without a usable method: refuse rather than skip the factor.
            let Some(setting) = setting else {
                return notice.set(Some(Notice::Problem));
            };
            let secret = match setting.method {
                MfaMethod::App => {
                    match setting.totp_secret.as_deref().and_then(auth::base32_decode) {
                        Some(secret) => secret,
                        None => return notice.set(Some(Notice::Problem)),
                    }
                }
                _ => Vec::new(),
            };
            let sent = matches!(setting.method, MfaMethod::Sms | MfaMethod::Email).then(|| {
                let step = auth::simulated_step(now_unix());
                (auth::simulated_code(&user.user_id, step), step)
            });
            code.set(String::new());
            challenge.set(Some(Challenge {
                user_id: user.user_id.clone(),
                method: setting.method,
                destination: setting.destination_masked.clone(),
                secret,
                sent,
                attempts: CodeAttempts::default(),
            }));
        }
    };

    // The password step, run after the "Checking…" state has been painted.
    let check_password = {
        let second_factor = second_factor.clone();
        move || {
            let typed = email.get_untracked();
            let pw = password.get_untracked();
            let found = data.all.with_untracked(|ds| {
                auth::find_login(ds, &typed).map(|(u, c)| (u.clone(), c.cloned()))
            });
            let Some((user, credential)) = found else {
                let _ = auth::password::verify(&pw, DUMMY_HASH);
                return notice.set(Some(Notice::WrongCredentials));
            };
            // Blocked accounts are refused before the password is looked at.
            if let Err(block) = auth::can_sign_in(&user) {
                return notice.set(Some(Notice::Blocked(block)));
            }
            let Some(credential) =
                credential.filter(|c| auth::password::verify(&pw, &c.password_hash))
            else {
                return notice.set(Some(record_failure(&user, Notice::WrongCredentials)));
            };
            if credential.status == CredentialStatus::Expired
                || auth::is_expired(&credential, &as_of_instant(data.as_of))
            {
                // Staff cannot change it here: their changes are not journalled.
                let Some(customer_id) = user.customer_id.clone() else {
                    return notice.set(Some(Notice::Expired));
                };
                return expired.set(Some(ExpiredStep {
                    user_id: user.user_id.clone(),
                    customer_id,
                    email: user.email.clone(),
                    old: pw,
                }));
            }
            second_factor(&user);
        }
    };

    // The new password for an expired one, after "Saving…" has been painted: hash it,
    // journal the change, then carry on exactly as after a right password.
    let change_expired = {
        let second_factor = second_factor.clone();
        move |step: &ExpiredStep, new: String| -> Vec<PasswordProblem> {
            let password_hash = match auth::password::hash(&new, NEW_PASSWORD_COST) {
                Ok(hash) => hash,
                Err(e) => {
                    leptos::logging::warn!("new password not hashed: {e}");
                    notice.set(Some(Notice::Problem));
                    return Vec::new();
                }
            };
            let change = Change::ChangePassword {
                user_id: step.user_id.clone(),
                password_hash,
            };
            if let Err(e) = journal.record(&step.customer_id, change) {
                leptos::logging::warn!("password change not journalled: {e}");
                notice.set(Some(Notice::Problem));
                return Vec::new();
            }
            notice.set(None);
            expired.set(None);
            password.set(String::new());
            match user_by_id(&step.user_id) {
                Some(user) => second_factor(&user),
                None => notice.set(Some(Notice::Problem)),
            }
            Vec::new()
        }
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if checking.get_untracked() {
            return;
        }
        notice.set(None);
        checking.set(true);
        let check_password = check_password.clone();
        let owner = owner.clone();
        // REST: first fetch this email's user (and nothing else); bundled: at once.
        let typed = email.get_untracked();
        leptos::task::spawn_local(async move {
            if let Err(e) = data.prepare_login(&typed).await {
                leptos::logging::warn!("sign-in data not fetched: {e}");
                notice.set(Some(Notice::Unreachable));
                checking.set(false);
                checks.update(|n| *n += 1);
                return;
            }
            // bcrypt blocks the thread: let the button show "Checking…" first.
            request_animation_frame(move || {
                set_timeout(
                    move || {
                        match &owner {
                            Some(owner) => owner.with(check_password),
                            None => check_password(),
                        }
                        checking.set(false);
                        checks.update(|n| *n += 1);
                    },
                    Duration::ZERO,
                );
            });
        });
    };

    // The second step: a code (or the biometric confirmation).
    let submit_code = {
        let complete = complete.clone();
        move |confirmed: bool| {
            let Some(ch) = challenge.get_untracked() else {
                return;
            };
            let typed = code.get_untracked().trim().to_owned();
            let now = now_unix();
            let sent = ch.sent.as_ref().map(|(code, step)| (code.as_str(), *step));
            let correct =
                auth::code_is_correct(ch.method, &typed, sent, &ch.secret, confirmed, now);
            let (attempts, verdict) = ch.attempts.submit(correct);
            match verdict {
                CodeVerdict::Accepted => {
                    notice.set(None);
                    complete(&ch.user_id);
                }
                CodeVerdict::WrongCode { remaining } => {
                    let Some(user) = user_by_id(&ch.user_id) else {
                        return notice.set(Some(Notice::Problem));
                    };
                    let wrong = if remaining == 0 {
                        Notice::TooManyCodes
                    } else {
                        Notice::WrongCode { remaining }
                    };
                    let shown = record_failure(&user, wrong);
                    if matches!(shown, Notice::TooManyCodes | Notice::Blocked(_)) {
                        challenge.set(None);
                    } else {
                        challenge.update(|c| {
                            if let Some(c) = c {
                                c.attempts = attempts
                            }
                        });
                    }
                    code.set(String::new());
                    notice.set(Some(shown));
                }
                CodeVerdict::TooManyAttempts => {
                    challenge.set(None);
                    notice.set(Some(Notice::TooManyCodes));
                }
            }
        }
    };

    let fill = move |email_text: String, password_text: String| {
        challenge.set(None);
        expired.set(None);
        notice.set(None);
        email.set(email_text);
        password.set(password_text);
    };

    let credentials_form = move || {
        view! {
            <form class="card form" data-testid="login-form" data-checks=move || checks.get() on:submit=on_submit.clone() novalidate=true>
                <h2>{t!(i18n, login.title)}</h2>
                <label class="field">
                    <span>{t!(i18n, login.email)}</span>
                    <input type="email" autocomplete="username" dir="ltr" data-testid="login-email" bind:value=email required=true/>
                </label>
                <label class="field">
                    <span>{t!(i18n, login.password)}</span>
                    <input type="password" autocomplete="current-password" dir="ltr" data-testid="login-password" bind:value=password required=true/>
                </label>
                <button type="submit" class="button" data-testid="login-submit" disabled=move || checking.get()
                    aria-busy=move || checking.get().to_string()>
                    {move || if checking.get() { t_string!(i18n, login.checking).to_string() } else { t_string!(i18n, login.submit).to_string() }}
                </button>
                <p class="form-aside">
                    <A href=AppRoute::ForgotPassword.link() attr:data-testid="forgot-password-link">{t!(i18n, login.forgot)}</A>
                </p>
            </form>
        }
    };

    let mfa_form = {
        let submit_code = submit_code.clone();
        move |ch: Challenge| {
            let method = ch.method;
            let destination = ch.destination.clone();
            let prompt = move || match method {
                MfaMethod::Sms => {
                    t_string!(i18n, login.mfa.sms, destination = destination.clone()).to_string()
                }
                MfaMethod::Email => {
                    t_string!(i18n, login.mfa.email, destination = destination.clone()).to_string()
                }
                MfaMethod::App => t_string!(i18n, login.mfa.app).to_string(),
                MfaMethod::Biometric => t_string!(i18n, login.mfa.biometric).to_string(),
            };
            let demo = ch.sent.clone().map(|(sent, _)| {
                let attr = sent.clone();
                view! {
                    <div class="notice" role="status" data-testid="demo-code" data-code=attr>
                        <strong class="tag">{t!(i18n, login.mfa.demo_label)}</strong>
                        " " {t!(i18n, login.mfa.demo_text)} " "
                        <strong class="mono" dir="ltr" translate="no">{sent}</strong>
                    </div>
                }
            });
            let on_code = {
                let submit_code = submit_code.clone();
                move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    submit_code(false);
                }
            };
            let confirm = submit_code.clone();
            let body = if method == MfaMethod::Biometric {
                view! {
                    <button type="button" class="button" data-testid="mfa-confirm" on:click=move |_| confirm(true)>
                        {t!(i18n, login.mfa.confirm)}
                    </button>
                }
                .into_any()
            } else {
                view! {
                    <label class="field">
                        <span>{t!(i18n, login.mfa.code)}</span>
                        <input type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="6" dir="ltr"
                            data-testid="mfa-code" bind:value=code/>
                    </label>
                    <button type="submit" class="button" data-testid="mfa-submit">{t!(i18n, login.mfa.submit)}</button>
                }
                .into_any()
            };
            view! {
                <form class="card form" data-testid="mfa-step" data-method=method.as_str() on:submit=on_code novalidate=true>
                    <h2>{t!(i18n, login.mfa.heading)}</h2>
                    <p>{prompt}</p>
                    {demo}
                    {body}
                    <button type="button" class="link" data-testid="mfa-start-over" on:click=move |_| {
                        challenge.set(None);
                        notice.set(None);
                    }>{t!(i18n, login.mfa.start_over)}</button>
                </form>
            }
        }
    };

    let expired_form = move |step: ExpiredStep| {
        let change_expired = change_expired.clone();
        let (email_text, old) = (step.email.clone(), step.old.clone());
        let on_save = move |new: String| change_expired(&step, new);
        view! {
            <div class="card form" data-testid="expired-step">
                <div class="notice" role="status" data-testid="login-expired">
                    <p><strong>{t!(i18n, login.expired.heading)}</strong></p>
                    <p>{t!(i18n, login.expired.change)}</p>
                </div>
                <h2>{t!(i18n, password.form.heading)}</h2>
                <NewPasswordForm email=email_text old=old on_save=on_save/>
                <button type="button" class="link" data-testid="expired-start-over" on:click=move |_| {
                    expired.set(None);
                    notice.set(None);
                    password.set(String::new());
                }>{t!(i18n, login.mfa.start_over)}</button>
            </div>
        }
    };

    let notice_view = move || {
        notice.get().map(|n| match n {
            Notice::WrongCredentials => {
                view! { <p class="error" role="alert" data-testid="login-error">{t!(i18n, login.error)}</p> }.into_any()
            }
            Notice::Blocked(block) => {
                let (reason, text) = match block {
                    SignInBlock::Locked => ("locked", t_string!(i18n, login.blocked.locked).to_string()),
                    SignInBlock::Suspended => ("suspended", t_string!(i18n, login.blocked.suspended).to_string()),
                };
                // A reset changes the password only: it never unlocks nor lifts a suspension.
                let reset_note = match block {
                    SignInBlock::Locked => view! {
                        <p data-testid="blocked-reset-note">
                            {t!(i18n, login.blocked.locked_reset)} " "
                            <A href=AppRoute::ForgotPassword.link() attr:data-testid="blocked-forgot-link">{t!(i18n, login.forgot)}</A>
                        </p>
                    }
                    .into_any(),
                    SignInBlock::Suspended => view! {
                        <p data-testid="blocked-reset-note">{t!(i18n, login.blocked.suspended_reset)}</p>
                    }
                    .into_any(),
                };
                view! {
                    <div class="notice" role="alert" data-testid="login-blocked" data-reason=reason>
                        <p><strong>{text}</strong></p>
                        <p>{t!(i18n, login.blocked.help)}</p>
                        {reset_note}
                    </div>
                }
                .into_any()
            }
            Notice::Expired => view! {
                <div class="notice" role="alert" data-testid="login-expired">
                    <p><strong>{t!(i18n, login.expired.heading)}</strong></p>
                    <p>{t!(i18n, login.expired.help)}</p>
                </div>
            }
            .into_any(),
            Notice::NoDevice => {
                view! { <p class="error" role="alert" data-testid="login-no-device">{t!(i18n, login.no_device)}</p> }.into_any()
            }
            Notice::Unreachable => {
                view! { <p class="error" role="alert" data-testid="login-unreachable">{t!(i18n, common.sync.login_unreachable)}</p> }.into_any()
            }
            Notice::Problem => {
                view! { <p class="error" role="alert" data-testid="login-problem">{t!(i18n, login.problem)}</p> }.into_any()
            }
            Notice::WrongCode { remaining } => view! {
                <p class="error" role="alert" data-testid="mfa-error" data-remaining=remaining>
                    {move || t_string!(i18n, login.mfa.wrong_code, remaining = prefs.fmt().number(i64::from(remaining))).to_string()}
                </p>
            }
            .into_any(),
            Notice::TooManyCodes => {
                view! { <p class="error" role="alert" data-testid="mfa-too-many">{t!(i18n, login.mfa.too_many)}</p> }.into_any()
            }
        })
    };

    let list = data.personas.with_value(DemoLogins::read);
    let has_personas = !list.is_empty();
    let list = StoredValue::new(list);
    let personas = move || {
        list.with_value(|list| {
            list.iter()
                .map(|p| {
                    let (key, mail, pw) = (p.key.clone(), p.email.clone(), p.password.clone());
                    let (fill_mail, fill_pw, attr) = (mail.clone(), pw, key.clone());
                    // Emails and keys are data: shown as typed (the chip style capitalizes labels).
                    view! {
                        <button type="button" class="chip persona-chip" data-testid="persona-fill"
                            data-persona-key=attr on:click=move |_| fill(fill_mail.clone(), fill_pw.clone())>
                            <bdi translate="no">{key}</bdi> " · " <bdi translate="no">{mail}</bdi>
                        </button>
                    }
                })
                .collect_view()
        })
    };

    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, login.title).to_string())/>
        <section class="content">
            <p class="lead">{t!(i18n, login.lead)}</p>
            {move || match (challenge.get(), expired.get()) {
                (Some(ch), _) => mfa_form(ch).into_any(),
                (None, Some(step)) => expired_form(step).into_any(),
                (None, None) => credentials_form().into_any(),
            }}
            {notice_view}
            {has_personas.then(|| view! {
                <div class="card">
                    <h2>{t!(i18n, login.personas.heading)}</h2>
                    <p>{t!(i18n, login.personas.lead)}</p>
                    <div class="chips" data-testid="persona-list">{personas}</div>
                </div>
            })}
        </section>
    }
}
