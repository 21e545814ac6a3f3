use crate::components::confirm::{Confirm, ConfirmDialog};
use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::contexts::journal::JournalInjection;
use bankdash_domain::journal::{self, Change};
use bankdash_domain::model::{DeviceStatus, SessionStatus};
use bankdash_domain::time::format_datetime;
use leptos::prelude::*;

/// Devices, sessions and MFA, with the actions a customer needs to stay safe.
#[component]
pub fn SecurityPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let journal = JournalInjection::expect_context();
    let confirm = RwSignal::new(None::<Confirm>);
    let error = RwSignal::new(None::<String>);
    let status = RwSignal::new(None::<String>);
    // Runs a change now, or after confirmation when it is destructive.
    let act = move |change: Change, done: String, ask: Option<(String, String, String)>| {
        let run = Callback::new(move |_| match journal.record(&customer.id.get_untracked(), change.clone()) {
            Ok(()) => {
                error.set(None);
                status.set(Some(done.clone()));
            }
            Err(e) => error.set(Some(e.to_string())),
        });
        match ask {
            Some((title, body, action)) => confirm.set(Some(Confirm { title, body, action, on_confirm: run })),
            None => run.run(()),
        }
    };

    let body = move || {
        let ds = data.data.get();
        let id = customer.id.get();
        let Some(user) = ds.auth_users.iter().find(|u| u.customer_id.as_deref() == Some(id.as_str())).cloned() else {
            return view! { <div class="card empty">"This customer has no digital banking user."</div> }.into_any();
        };
        let current = journal::current_session(&ds, &id).map(|s| s.session_id.clone());
        let current_device = journal::current_session(&ds, &id).map(|s| s.device_id.clone());
        let mut devices: Vec<_> = ds.registered_devices.iter().filter(|d| d.user_id == user.user_id).cloned().collect();
        devices.sort_by_key(|d| std::cmp::Reverse(d.last_seen_at));
        let mut sessions: Vec<_> = ds.login_sessions.iter().filter(|s| s.user_id == user.user_id).cloned().collect();
        sessions.sort_by_key(|s| std::cmp::Reverse(s.started_at));
        let model_of = |device_id: &str| devices.iter().find(|d| d.device_id == device_id).map(|d| d.device_model.clone()).unwrap_or_default();
        let mfa: Vec<_> = ds.mfa_settings.iter().filter(|m| m.user_id == user.user_id).cloned().collect();
        let others_active = sessions.iter().filter(|s| s.status == SessionStatus::Active && Some(&s.session_id) != current.as_ref()).count();

        let device_rows = devices.iter().map(|d| {
            let is_current = current_device.as_deref() == Some(d.device_id.as_str());
            let active = d.status == DeviceStatus::Active;
            let (did, model) = (d.device_id.clone(), d.device_model.clone());
            let trusted = d.trusted;
            let (did2, model2) = (did.clone(), model.clone());
            view! {
                <tr data-testid="device-row" data-device-id=d.device_id.clone() data-status=d.status.as_str() data-trusted=d.trusted.to_string()>
                    <td>{d.device_model.clone()}{is_current.then(|| view! { <span class="tag">"This device"</span> })}</td>
                    <td>{format!("{} {}", d.os.as_str(), d.os_version)}</td>
                    <td>{if d.trusted { "Trusted" } else { "Not trusted" }}</td>
                    <td><span class=format!("status status-{}", d.status.as_str().to_lowercase())>{d.status.as_str()}</span></td>
                    <td class="nowrap">{format_datetime(&d.last_seen_at)}</td>
                    <td class="actions">
                        {active.then(|| view! {
                            <button type="button" class="button small secondary" data-testid="toggle-trust"
                                on:click=move |_| act(Change::SetDeviceTrust { device_id: did.clone(), trusted: !trusted },
                                    format!("{model} is now {}.", if trusted { "not trusted" } else { "trusted" }), None)>
                                {if trusted { "Untrust" } else { "Trust" }}
                            </button>
                        })}
                        {(d.status != DeviceStatus::Revoked && !is_current).then(|| view! {
                            <button type="button" class="button small danger" data-testid="revoke-device"
                                on:click=move |_| act(Change::RevokeDevice { device_id: did2.clone() }, format!("{model2} was revoked."),
                                    Some((format!("Revoke {model2}?"), "The device is removed and every session on it is signed out.".into(), "Revoke device".into())))>
                                "Revoke"
                            </button>
                        })}
                    </td>
                </tr>
            }
        }).collect_view();

        let session_rows = sessions.iter().map(|s| {
            let is_current = current.as_deref() == Some(s.session_id.as_str());
            let sid = s.session_id.clone();
            let where_ = format!("{} in {}", model_of(&s.device_id), s.city);
            let where2 = where_.clone();
            view! {
                <tr data-testid="session-row" data-session-id=s.session_id.clone() data-status=s.status.as_str() data-current=is_current.to_string()>
                    <td>{model_of(&s.device_id)}{is_current.then(|| view! { <span class="tag">"Current session"</span> })}</td>
                    <td class="mono">{s.ip_address.clone()}</td>
                    <td>{s.city.clone()}</td>
                    <td class="nowrap">{format_datetime(&s.started_at)}</td>
                    <td class="nowrap">{format_datetime(&s.last_activity_at)}</td>
                    <td><span class=format!("status status-{}", s.status.as_str().to_lowercase())>{s.status.as_str()}</span></td>
                    <td class="actions">
                        {(s.status == SessionStatus::Active && !is_current).then(|| view! {
                            <button type="button" class="button small danger" data-testid="terminate-session"
                                on:click=move |_| act(Change::TerminateSession { session_id: sid.clone() }, format!("The session on {where2} was signed out."),
                                    Some(("Terminate this session?".into(), format!("The session on {where_} is signed out at once."), "Terminate session".into())))>
                                "Terminate"
                            </button>
                        })}
                    </td>
                </tr>
            }
        }).collect_view();

        let mfa_rows = mfa.iter().map(|m| view! {
            <li data-testid="mfa-row" data-method=m.method.as_str() data-enabled=m.enabled.to_string()>
                <strong>{m.method.as_str()}</strong>
                <span>{m.destination_masked.clone()}</span>
                <span class=if m.enabled { "status status-active" } else { "status" }>{if m.enabled { "Enabled" } else { "Disabled" }}</span>
                {m.is_primary.then(|| view! { <span class="tag">"Primary"</span> })}
            </li>
        }).collect_view();
        let current_for_signout = current.clone();
        view! {
            <div class="card">
                <div class="card-head">
                    <h2>"Sessions"</h2>
                    <button type="button" class="button danger" data-testid="sign-out-others" disabled=others_active == 0 || current.is_none()
                        on:click=move |_| if let Some(cur) = current_for_signout.clone() {
                            act(Change::SignOutOtherSessions { current_session_id: cur }, "All other sessions were signed out.".into(),
                                Some(("Sign out all other sessions?".into(), format!("{others_active} other active session(s) will be signed out. This session stays signed in."), "Sign out others".into())))
                        }>
                        "Sign out all other sessions"
                    </button>
                </div>
                {if sessions.is_empty() {
                    view! { <p class="empty">"No sessions."</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll"><table class="table">
                            <caption class="visually-hidden">"Login sessions"</caption>
                            <thead><tr><th scope="col">"Device"</th><th scope="col">"IP address"</th><th scope="col">"City"</th><th scope="col">"Started"</th><th scope="col">"Last activity"</th><th scope="col">"Status"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                            <tbody>{session_rows}</tbody>
                        </table></div>
                    }.into_any()
                }}
            </div>
            <div class="card">
                <h2>"Devices"</h2>
                {if devices.is_empty() {
                    view! { <p class="empty">"No registered devices."</p> }.into_any()
                } else {
                    view! {
                        <div class="table-scroll"><table class="table">
                            <caption class="visually-hidden">"Registered devices"</caption>
                            <thead><tr><th scope="col">"Device"</th><th scope="col">"OS"</th><th scope="col">"Trust"</th><th scope="col">"Status"</th><th scope="col">"Last seen"</th><th scope="col"><span class="visually-hidden">"Actions"</span></th></tr></thead>
                            <tbody>{device_rows}</tbody>
                        </table></div>
                    }.into_any()
                }}
            </div>
            <div class="card">
                <h2>"Two-step verification"</h2>
                <p data-testid="mfa-summary">{if user.mfa_enabled { "Enabled: a one-time check is asked at sign-in." } else { "Off: only the password protects this login." }}</p>
                {if mfa.is_empty() { view! { <p class="empty">"No methods set up."</p> }.into_any() } else { view! { <ul class="mfa">{mfa_rows}</ul> }.into_any() }}
            </div>
        }
        .into_any()
    };
    view! {
        <TopBar title="Security"/>
        <section class="content">
            {move || error.get().map(|e| view! { <p class="notice error" role="alert" data-testid="action-error">{e}</p> })}
            {move || status.get().map(|s| view! { <p class="notice ok" role="status" data-testid="action-status">{s}</p> })}
            {body}
        </section>
        <ConfirmDialog state=confirm/>
    }
}
