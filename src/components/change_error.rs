//! Text that is data, and journal changes the domain refused, shown in the page's language.

use crate::i18n::{device_status, session_status, t, t_string, I18n};
use bankdash_domain::journal::{ChangeError, Refusal};
use leptos::prelude::*;

/// Dataset or user text (merchants, descriptions, device models, cities): shown as
/// stored, isolated from the surrounding direction and never translated.
pub fn untranslated(text: String) -> impl IntoView {
    view! { <bdi translate="no">{text}</bdi> }
}

/// A refused change: the record that was not found, or the domain's reason after a
/// translated lead.
pub fn change_error(i18n: I18n, error: ChangeError) -> AnyView {
    match error {
        ChangeError::NotFound { what, .. } => {
            let what = move || match what {
                "customer" => t_string!(i18n, common.what.customer).to_string().into_any(),
                "session" => t_string!(i18n, common.what.session).to_string().into_any(),
                "device" => t_string!(i18n, common.what.device).to_string().into_any(),
                "notification" => t_string!(i18n, common.what.notification)
                    .to_string()
                    .into_any(),
                "account" => t_string!(i18n, common.what.account).to_string().into_any(),
                "transaction" => t_string!(i18n, common.what.transaction)
                    .to_string()
                    .into_any(),
                "user" => t_string!(i18n, common.what.user).to_string().into_any(),
                "credential" => t_string!(i18n, common.what.credential)
                    .to_string()
                    .into_any(),
                other => untranslated(other.to_owned()).into_any(),
            };
            t!(i18n, common.error.change_not_found, what).into_any()
        }
        ChangeError::NotAllowed(why) => {
            view! { {t!(i18n, common.error.change_refused)} " " {refusal(i18n, why)} }.into_any()
        }
    }
}

/// Why the domain refused a change, one sentence per reason; ids are shown as data.
fn refusal(i18n: I18n, why: Refusal) -> AnyView {
    match why {
        Refusal::SessionNotActive(s) => t!(
            i18n,
            common.refusal.session_not_active,
            status = move || session_status(i18n, s)
        )
        .into_any(),
        Refusal::NoOtherSessions => t!(i18n, common.refusal.no_other_sessions).into_any(),
        Refusal::DeviceAlreadyRevoked => t!(i18n, common.refusal.device_already_revoked).into_any(),
        Refusal::CurrentDevice => t!(i18n, common.refusal.current_device).into_any(),
        Refusal::DeviceNotActive(s) => t!(
            i18n,
            common.refusal.device_not_active,
            status = move || device_status(i18n, s)
        )
        .into_any(),
        Refusal::TrustUnchanged { trusted: true } => {
            t!(i18n, common.refusal.already_trusted).into_any()
        }
        Refusal::TrustUnchanged { trusted: false } => {
            t!(i18n, common.refusal.already_untrusted).into_any()
        }
        Refusal::DuplicateId { what, id } => {
            let id = move || untranslated(id.clone());
            match what {
                "service request" => {
                    t!(i18n, common.refusal.duplicate_service_request, id).into_any()
                }
                "dispute" => t!(i18n, common.refusal.duplicate_dispute, id).into_any(),
                "session" => t!(i18n, common.refusal.duplicate_session, id).into_any(),
                "audit log" => t!(i18n, common.refusal.duplicate_audit_log, id).into_any(),
                "notification" => t!(i18n, common.refusal.duplicate_notification, id).into_any(),
                other => t!(
                    i18n,
                    common.refusal.duplicate_record,
                    what = move || untranslated(other.to_owned()),
                    id
                )
                .into_any(),
            }
        }
        Refusal::NotFailed => t!(i18n, common.refusal.not_failed).into_any(),
        Refusal::AlreadyDisputed => t!(i18n, common.refusal.already_disputed).into_any(),
        Refusal::NoSession => t!(i18n, common.refusal.no_session).into_any(),
        Refusal::AccountLocked => t!(i18n, common.refusal.account_locked).into_any(),
        Refusal::AccountSuspended => t!(i18n, common.refusal.account_suspended).into_any(),
        Refusal::DeviceNotUsable(s) => t!(
            i18n,
            common.refusal.device_not_usable,
            status = move || device_status(i18n, s)
        )
        .into_any(),
        Refusal::NotKuwaitiIp { ip } => t!(
            i18n,
            common.refusal.not_kuwaiti_ip,
            ip = move || untranslated(ip.clone())
        )
        .into_any(),
        Refusal::NotKuwaitiCity { city } => t!(
            i18n,
            common.refusal.not_kuwaiti_city,
            city = move || untranslated(city.clone())
        )
        .into_any(),
        Refusal::ExpiresBeforeStart => t!(i18n, common.refusal.expires_before_start).into_any(),
        Refusal::NotBcrypt => t!(i18n, common.refusal.not_bcrypt).into_any(),
        Refusal::NothingToChange => t!(i18n, common.refusal.nothing_to_change).into_any(),
        Refusal::InvalidEmail => t!(i18n, common.refusal.invalid_email).into_any(),
        Refusal::InvalidPhone => t!(i18n, common.refusal.invalid_phone).into_any(),
        Refusal::EmailInUse => t!(i18n, common.refusal.email_in_use).into_any(),
    }
}
