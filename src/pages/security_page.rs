use crate::components::change_error::{change_error, untranslated};
use crate::components::confirm::{Confirm, ConfirmDialog};
use crate::components::status_class;
use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::contexts::journal::JournalInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{self, t, t_string, use_i18n, I18n};
use crate::pages::not_yours_page::NotYoursPage;
use crate::routes::{AppRoute, SessionParams};
use bankdash_domain::format::Formatter;
use bankdash_domain::journal::{self, Change, ChangeError};
use bankdash_domain::model::{DeviceStatus, SessionStatus};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params;

/// What a change did, said once it succeeded (in the current language, naming the data).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Done {
    Trust { device: String, trusted: bool },
    Revoked { device: String },
    SessionEnded { device: String, city: String },
    OthersSignedOut,
}

/// The question a destructive change asks first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ask {
    RevokeDevice,
    TerminateSession,
    /// The session this browser is signed in with: ending it signs the user out.
    TerminateCurrent,
    SignOutOthers {
        count: usize,
    },
}

impl Ask {
    /// Title, body and the confirming button's label. The dialog shows plain text, so
    /// no data (device names) goes into it; the row it came from names the device.
    fn texts(self, i18n: I18n, f: Formatter) -> (String, String, String) {
        match self {
            Ask::RevokeDevice => (
                t_string!(i18n, security.confirm.revoke_title).to_string(),
                t_string!(i18n, security.confirm.revoke_body).to_string(),
                t_string!(i18n, security.confirm.revoke_action).to_string(),
            ),
            Ask::TerminateSession => (
                t_string!(i18n, security.confirm.terminate_title).to_string(),
                t_string!(i18n, security.confirm.terminate_body).to_string(),
                t_string!(i18n, security.confirm.terminate_action).to_string(),
            ),
            Ask::TerminateCurrent => (
                t_string!(i18n, security.confirm.terminate_title).to_string(),
                t_string!(i18n, security.confirm.terminate_current_body).to_string(),
                t_string!(i18n, security.confirm.terminate_action).to_string(),
            ),
            Ask::SignOutOthers { count } => (
                t_string!(i18n, security.confirm.sign_out_title).to_string(),
                t_string!(
                    i18n,
                    security.confirm.sign_out_body,
                    count = f.number(count as i64)
                )
                .to_string(),
                t_string!(i18n, security.confirm.sign_out_action).to_string(),
            ),
        }
    }
}

fn done_view(i18n: I18n, done: Done) -> AnyView {
    match done {
        Done::Trust {
            device,
            trusted: true,
        } => t!(
            i18n,
            security.done.trusted,
            device = move || untranslated(device.clone())
        )
        .into_any(),
        Done::Trust {
            device,
            trusted: false,
        } => t!(
            i18n,
            security.done.untrusted,
            device = move || untranslated(device.clone())
        )
        .into_any(),
        Done::Revoked { device } => t!(
            i18n,
            security.done.revoked,
            device = move || untranslated(device.clone())
        )
        .into_any(),
        Done::SessionEnded { device, city } => t!(
            i18n,
            security.done.session_ended,
            device = move || untranslated(device.clone()),
            city = move || untranslated(city.clone())
        )
        .into_any(),
        Done::OthersSignedOut => t!(i18n, security.done.others_signed_out).into_any(),
    }
}

/// Devices, sessions and MFA, with the actions a customer needs to stay safe.
#[component]
pub fn SecurityPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let journal = JournalInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let confirm = RwSignal::new(None::<Confirm>);
    // A deep link picks out one session.
    let params = use_params::<SessionParams>();
    let focus = Memo::new(move |_| {
        params
            .read()
            .as_ref()
            .ok()
            .and_then(|p| p.session_id.clone())
    });
    let error = RwSignal::new(None::<ChangeError>);
    let status = RwSignal::new(None::<Done>);
    // Runs a change now, or after confirmation when it is destructive.
    let act = move |change: Change, done: Done, ask: Option<Ask>| {
        let run = Callback::new(move |_| {
            match journal.record(&customer.id.get_untracked(), change.clone()) {
                Ok(()) => {
                    error.set(None);
                    status.set(Some(done.clone()));
                }
                Err(e) => error.set(Some(e)),
            }
        });
        match ask {
            Some(ask) => {
                let (title, body, action) = ask.texts(i18n, prefs.fmt());
                confirm.set(Some(Confirm {
                    title,
                    body,
                    action,
                    on_confirm: run,
                }));
            }
            None => run.run(()),
        }
    };

    let body = move || {
        let ds = data.data.get();
        let id = customer.id.get();
        let f = prefs.fmt();
        let Some(user) = ds
            .auth_users
            .iter()
            .find(|u| u.customer_id.as_deref() == Some(id.as_str()))
            .cloned()
        else {
            return view! { <div class="card empty">{t!(i18n, security.no_user)}</div> }.into_any();
        };
        let current = journal::current_session(&ds, &id).map(|s| s.session_id.clone());
        let current_device = journal::current_session(&ds, &id).map(|s| s.device_id.clone());
        let mut devices: Vec<_> = ds
            .registered_devices
            .iter()
            .filter(|d| d.user_id == user.user_id)
            .cloned()
            .collect();
        devices.sort_by_key(|d| std::cmp::Reverse(d.last_seen_at));
        let mut sessions: Vec<_> = ds
            .login_sessions
            .iter()
            .filter(|s| s.user_id == user.user_id)
            .cloned()
            .collect();
        sessions.sort_by_key(|s| std::cmp::Reverse(s.started_at));
        let focus = focus.get();
        if focus
            .as_ref()
            .is_some_and(|f| !sessions.iter().any(|s| &s.session_id == f))
        {
            return view! { <NotYoursPage/> }.into_any();
        }
        let model_of = |device_id: &str| {
            devices
                .iter()
                .find(|d| d.device_id == device_id)
                .map(|d| d.device_model.clone())
                .unwrap_or_default()
        };
        let mfa: Vec<_> = ds
            .mfa_settings
            .iter()
            .filter(|m| m.user_id == user.user_id)
            .cloned()
            .collect();
        let others_active = sessions
            .iter()
            .filter(|s| {
                s.status == SessionStatus::Active && Some(&s.session_id) != current.as_ref()
            })
            .count();

        let device_rows = devices.iter().map(|d| {
            let is_current = current_device.as_deref() == Some(d.device_id.as_str());
            let active = d.status == DeviceStatus::Active;
            let (did, model) = (d.device_id.clone(), d.device_model.clone());
            let trusted = d.trusted;
            let (did2, model2) = (did.clone(), model.clone());
            // A product name and its version: kept as written.
            let os = format!("{} {}", i18n::os(i18n, d.os), d.os_version);
            view! {
                <tr data-testid="device-row" data-device-id=d.device_id.clone() data-status=d.status.as_str() data-trusted=d.trusted.to_string()>
                    <td>
                        {untranslated(d.device_model.clone())}
                        {is_current.then(|| view! { <span class="tag">{t!(i18n, security.devices.this_device)}</span> })}
                    </td>
                    <td>{untranslated(os)}</td>
                    <td>{if d.trusted { t!(i18n, security.devices.trusted).into_any() } else { t!(i18n, security.devices.not_trusted).into_any() }}</td>
                    <td><span class=status_class(d.status.as_str())>{i18n::device_status(i18n, d.status)}</span></td>
                    <td class="nowrap">{f.datetime(&d.last_seen_at)}</td>
                    <td class="actions">
                        {active.then(|| view! {
                            <button type="button" class="button small secondary" data-testid="toggle-trust"
                                on:click=move |_| act(Change::SetDeviceTrust { device_id: did.clone(), trusted: !trusted },
                                    Done::Trust { device: model.clone(), trusted: !trusted }, None)>
                                {if trusted { t!(i18n, security.devices.make_untrusted).into_any() } else { t!(i18n, security.devices.make_trusted).into_any() }}
                            </button>
                        })}
                        {(d.status != DeviceStatus::Revoked && !is_current).then(|| view! {
                            <button type="button" class="button small danger" data-testid="revoke-device"
                                on:click=move |_| act(Change::RevokeDevice { device_id: did2.clone() }, Done::Revoked { device: model2.clone() }, Some(Ask::RevokeDevice))>
                                {t!(i18n, security.devices.revoke)}
                            </button>
                        })}
                    </td>
                </tr>
            }
        }).collect_view();

        let session_rows = sessions.iter().map(|s| {
            let is_current = current.as_deref() == Some(s.session_id.as_str());
            let focused = focus.as_deref() == Some(s.session_id.as_str());
            let sid = s.session_id.clone();
            let model = model_of(&s.device_id);
            let ended = Done::SessionEnded { device: model.clone(), city: s.city.clone() };
            view! {
                <tr data-testid="session-row" data-session-id=s.session_id.clone() data-status=s.status.as_str() data-current=is_current.to_string()
                    class:focused=focused data-focused=focused.to_string() aria-current=focused.then_some("true")>
                    <td><A href=AppRoute::Session { customer_id: id.clone(), session_id: s.session_id.clone() }.link()>{untranslated(model)}</A>{is_current.then(|| view! { <span class="tag">{t!(i18n, security.sessions.current)}</span> })}</td>
                    <td class="mono" translate="no" dir="ltr">{s.ip_address.clone()}</td>
                    <td>{untranslated(s.city.clone())}</td>
                    <td class="nowrap">{f.datetime(&s.started_at)}</td>
                    <td class="nowrap">{f.datetime(&s.last_activity_at)}</td>
                    <td><span class=status_class(s.status.as_str())>{i18n::session_status(i18n, s.status)}</span></td>
                    <td class="actions">
                        {(s.status == SessionStatus::Active).then(|| view! {
                            <button type="button" class="button small danger" data-testid="terminate-session"
                                on:click=move |_| act(
                                    Change::TerminateSession { session_id: sid.clone() },
                                    ended.clone(),
                                    Some(if is_current { Ask::TerminateCurrent } else { Ask::TerminateSession }),
                                )>
                                {t!(i18n, security.sessions.terminate)}
                            </button>
                        })}
                    </td>
                </tr>
            }
        }).collect_view();

        let mfa_rows = mfa.iter().map(|m| view! {
            <li data-testid="mfa-row" data-method=m.method.as_str() data-enabled=m.enabled.to_string()>
                <strong>{i18n::mfa_method(i18n, m.method)}</strong>
                <span translate="no" dir="ltr">{m.destination_masked.clone()}</span>
                <span class=if m.enabled { "status status-active" } else { "status" }>
                    {if m.enabled { t!(i18n, security.mfa.enabled).into_any() } else { t!(i18n, security.mfa.disabled).into_any() }}
                </span>
                {m.is_primary.then(|| view! { <span class="tag">{t!(i18n, security.mfa.primary)}</span> })}
            </li>
        }).collect_view();
        let current_for_signout = current.clone();
        let actions_header = move || view! { <th scope="col"><span class="visually-hidden">{t!(i18n, security.actions)}</span></th> };
        view! {
            <div class="card">
                <div class="card-head">
                    <h2>{t!(i18n, security.sessions.heading)}</h2>
                    <button type="button" class="button danger" data-testid="sign-out-others" disabled=others_active == 0 || current.is_none()
                        on:click=move |_| if let Some(cur) = current_for_signout.clone() {
                            act(Change::SignOutOtherSessions { current_session_id: cur }, Done::OthersSignedOut, Some(Ask::SignOutOthers { count: others_active }))
                        }>
                        {t!(i18n, security.sessions.sign_out_others)}
                    </button>
                </div>
                {if sessions.is_empty() {
                    view! { <p class="empty">{t!(i18n, security.sessions.empty)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll"><table class="table">
                            <caption class="visually-hidden">{t!(i18n, security.sessions.caption)}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, security.device)}</th>
                                <th scope="col">{t!(i18n, security.sessions.ip)}</th>
                                <th scope="col">{t!(i18n, security.sessions.city)}</th>
                                <th scope="col">{t!(i18n, security.sessions.started)}</th>
                                <th scope="col">{t!(i18n, security.sessions.last_activity)}</th>
                                <th scope="col">{t!(i18n, security.status)}</th>
                                {actions_header()}
                            </tr></thead>
                            <tbody>{session_rows}</tbody>
                        </table></div>
                    }.into_any()
                }}
            </div>
            <div class="card">
                <h2>{t!(i18n, security.devices.heading)}</h2>
                {if devices.is_empty() {
                    view! { <p class="empty">{t!(i18n, security.devices.empty)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll"><table class="table">
                            <caption class="visually-hidden">{t!(i18n, security.devices.caption)}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, security.device)}</th>
                                <th scope="col">{t!(i18n, security.devices.os)}</th>
                                <th scope="col">{t!(i18n, security.devices.trust)}</th>
                                <th scope="col">{t!(i18n, security.status)}</th>
                                <th scope="col">{t!(i18n, security.devices.last_seen)}</th>
                                {actions_header()}
                            </tr></thead>
                            <tbody>{device_rows}</tbody>
                        </table></div>
                    }.into_any()
                }}
            </div>
            <div class="card">
                <h2>{t!(i18n, security.mfa.heading)}</h2>
                <p data-testid="mfa-summary">{if user.mfa_enabled { t!(i18n, security.mfa.on).into_any() } else { t!(i18n, security.mfa.off).into_any() }}</p>
                {if mfa.is_empty() {
                    view! { <p class="empty">{t!(i18n, security.mfa.empty)}</p> }.into_any()
                } else {
                    view! { <ul class="mfa">{mfa_rows}</ul> }.into_any()
                }}
            </div>
        }
        .into_any()
    };
    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, security.title).to_string())/>
        <section class="content">
            {move || error.get().map(|e| view! { <p class="notice error" role="alert" data-testid="action-error">{change_error(i18n, e)}</p> })}
            {move || status.get().map(|s| view! { <p class="notice ok" role="status" data-testid="action-status">{done_view(i18n, s)}</p> })}
            {body}
        </section>
        <ConfirmDialog state=confirm/>
    }
}
