//! Data quality: the validator's rules (what `datagen validate` runs) as checks with
//! counts and offending records, plus null, duplicate and format checks per field. All
//! figures come from `bankdash_domain::quality`; this view only lays them out.

use crate::background::use_background;
use crate::components::loading::Computing;
use crate::components::top_bar::TopBar;
use crate::contexts::data::DataInjection;
use crate::contexts::journal::JournalInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::contexts::session::SessionInjection;
use crate::i18n::{t, t_string, use_i18n, I18n};
use bankdash_domain::auth;
use bankdash_domain::format::Formatter;
use bankdash_domain::quality::{
    FieldCheck, FieldKind, FieldRule, Format, Options, QualityReport, QualityRun, RuleCheck, Scope,
    Status,
};
use bankdash_domain::time::Timestamp;
use bankdash_domain::validate::Rule;
use bankdash_domain::Collection;
use leptos::prelude::*;

#[component]
pub fn QualityPage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let journal = JournalInjection::expect_context();
    let session = SessionInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let failing_only = RwSignal::new(false);
    // The validator needs the whole bank *with* credentials and TOTP secrets (the
    // credential-hash and totp-secret rules, and audit logs about credentials). `data`
    // withholds those from every screen, so for an analyst (the only one this page
    // opens for) the report reads `all`. The report carries rule ids, record ids and
    // the validator's messages, none of which quotes a hash or a secret; field checks
    // of secrets are null checks only and show no value.
    // Live mode moves "today" on: simulated records are checked as of its clock.
    let as_of = crate::contexts::live::as_of();
    // Computed in the background, a piece at a time (a 2,000-customer bank takes
    // about half a second): the page stays responsive meanwhile.
    let report = use_background(
        move || {
            let analyst = session
                .principal
                .with(|p| p.as_ref().is_some_and(auth::is_analyst));
            let own_change_times: Vec<Timestamp> =
                journal.entries.with(|e| e.iter().map(|e| e.at).collect());
            let source = if analyst { data.all } else { data.data };
            (source.get(), as_of.get(), own_change_times)
        },
        |(ds, as_of, own_change_times), alive| async move {
            let options = Options {
                meta_counts: None,
                own_change_times: &own_change_times,
            };
            let mut run = QualityRun::new(&ds, as_of, options);
            alive.in_slices(|| run.step()).await.then(|| run.finish())
        },
    );

    let summary = move || {
        report.value.with(|r| {
            let Some(r) = r else {
                return view! { <Computing/> }.into_any();
            };
            let f = prefs.fmt();
            let n = |v: usize| count(&f, v);
            let stat = |testid: &'static str, label: String, v: usize| {
                view! {
                    <div class="stat" data-testid=testid data-count=v>
                        <span class="label">{label}</span>
                        <span class="value">{n(v)}</span>
                    </div>
                }
            };
            let own = r.own_changes_after_as_of;
            view! {
                <div class="dq-summary" data-testid="dq-summary" data-checks=r.checks.len()
                    data-passed=r.passed() data-failed=r.failed() data-skipped=r.skipped()
                    data-violations=r.violations() data-fields=r.fields.len()
                    data-fields-failed=r.fields_failed() data-field-violations=r.field_violations()
                    data-records=r.records>
                    {stat("dq-passed", t_string!(i18n, quality.summary.passed).to_string(), r.passed())}
                    {stat("dq-failed", t_string!(i18n, quality.summary.failed).to_string(), r.failed())}
                    {stat("dq-skipped", t_string!(i18n, quality.summary.skipped).to_string(), r.skipped())}
                    {stat("dq-violations", t_string!(i18n, quality.summary.violations).to_string(), r.violations())}
                    {stat("dq-fields-failed", t_string!(i18n, quality.summary.fields_failed).to_string(), r.fields_failed())}
                    {stat("dq-records", t_string!(i18n, quality.summary.records).to_string(), r.records)}
                </div>
                <p class="dq-note">{t!(i18n, quality.as_of, date = f.day(r.as_of))}</p>
                {(own > 0).then(|| view! {
                    <p class="dq-note" data-testid="dq-own-changes" data-count=own>
                        {t!(i18n, quality.own_changes, count = n(own))}
                    </p>
                })}
            }
            .into_any()
        })
    };

    let checks = move || {
        let only = failing_only.get();
        report.value.with(|r| {
            let Some(r) = r else { return ().into_any() };
            let f = prefs.fmt();
            let items: Vec<_> = r
                .checks
                .iter()
                .filter(|c| !only || c.status == Status::Fail)
                .map(|c| rule_check(i18n, &f, c))
                .collect();
            if items.is_empty() {
                view! { <p class="empty" data-testid="dq-none-failing">{t!(i18n, quality.none_failing)}</p> }
                    .into_any()
            } else {
                view! { <ul class="dq-checks">{items}</ul> }.into_any()
            }
        })
    };

    let fields = move || {
        let only = failing_only.get();
        report.value.with(|r| {
            r.as_ref()
                .map(|r| field_sections(i18n, &prefs.fmt(), r, only))
        })
    };

    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, quality.title).to_string())/>
        <section class="content dq" data-testid="quality-page"
            aria-busy=move || report.busy.get().to_string()>
            <p class="lead">{t!(i18n, quality.intro)}</p>
            <div class="card">
                <h2 class="visually-hidden">{t!(i18n, quality.summary.label)}</h2>
                {summary}
                <label class="chip dq-filter">
                    <input type="checkbox" data-testid="dq-failing-only" bind:checked=failing_only/>
                    {t!(i18n, quality.failing_only)}
                </label>
            </div>
            <div class="card">
                <h2>{t!(i18n, quality.rules.heading)}</h2>
                <p class="dq-note">
                    {t!(i18n, quality.rules.same_as)}" "
                    <code translate="no" dir="ltr">"datagen validate DIR"</code>
                </p>
                <p class="dq-note">{t!(i18n, quality.rules.note)}</p>
                {checks}
            </div>
            <div class="card">
                <h2>{t!(i18n, quality.fields.heading)}</h2>
                <p class="dq-note">{t!(i18n, quality.fields.intro)}</p>
                {fields}
            </div>
        </section>
    }
}

fn count(f: &Formatter, n: usize) -> String {
    f.number(i64::try_from(n).unwrap_or(i64::MAX))
}

/// One validator rule: status, id, what holds, files, count and offending records.
fn rule_check(i18n: I18n, f: &Formatter, c: &RuleCheck) -> impl IntoView {
    let files = if c.files.len() == Collection::ALL.len() {
        t_string!(i18n, quality.rules.all_files).to_string()
    } else {
        c.files
            .iter()
            .map(|c| c.file_name())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let scope = match c.scope {
        Scope::Load => Some(t_string!(i18n, quality.scope.load).to_string()),
        Scope::Unavailable => Some(t_string!(i18n, quality.scope.unavailable).to_string()),
        Scope::Checked => None,
    };
    let offenders = (c.violations > 0).then(|| {
        let shown = c.offenders.len();
        let capped = (shown < c.violations)
            .then(|| t_string!(i18n, quality.offenders.shown, shown = count(f, shown), count = count(f, c.violations)).to_string());
        let items = c
            .offenders
            .iter()
            .map(|v| {
                view! {
                    <li data-testid="dq-offender" data-record-id=v.record_id.clone() data-file=v.file.clone()>
                        <span class="dq-offender-id">
                            <code translate="no" dir="ltr">{v.file.clone()}</code>
                            " "
                            <code translate="no" dir="ltr">{v.record_id.clone()}</code>
                        </span>
                        <span class="dq-message" translate="no" lang="en" dir="ltr">{v.message.clone()}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <details class="dq-offenders" data-testid="dq-offenders">
                <summary>{t_string!(i18n, quality.offenders.show, count = count(f, c.violations)).to_string()}</summary>
                <ol class="dq-offender-list" aria-label=t_string!(i18n, quality.offenders.label).to_string()>{items}</ol>
                {capped.map(|text| view! { <p class="dq-note">{text}</p> })}
            </details>
        }
    });
    view! {
        <li class="dq-check" data-testid="dq-check" data-rule=c.rule.as_str() data-violations=c.violations
            data-status=c.status.as_str() data-scope=c.scope.as_str()>
            <div class="dq-check-head">
                <span class=format!("status dq-status-{}", c.status.as_str())>{status_label(i18n, c.status)}</span>
                <code class="dq-rule" translate="no" dir="ltr">{c.rule.as_str()}</code>
                <span class="dq-count">{t_string!(i18n, quality.rules.violations, count = count(f, c.violations)).to_string()}</span>
            </div>
            <p class="dq-desc">{rule_description(i18n, c.rule)}</p>
            <p class="dq-files">
                {t_string!(i18n, quality.rules.files).to_string()}" "
                <bdi translate="no" dir="ltr">{files}</bdi>
            </p>
            {scope.map(|text| view! { <p class="dq-note">{text}</p> })}
            {offenders}
        </li>
    }
}

/// The field checks, one collapsible table per collection (open when one fails).
fn field_sections(i18n: I18n, f: &Formatter, r: &QualityReport, only_failing: bool) -> AnyView {
    let sections: Vec<_> = Collection::ALL
        .iter()
        .filter_map(|c| {
            let all: Vec<&FieldCheck> = r.fields.iter().filter(|x| x.collection == *c).collect();
            let failing = all.iter().filter(|x| x.status() == Status::Fail).count();
            let rows: Vec<_> = all
                .iter()
                .filter(|x| !only_failing || x.status() == Status::Fail)
                .map(|x| field_row(i18n, f, x))
                .collect();
            if rows.is_empty() {
                return None;
            }
            let open = failing > 0;
            let heading = t_string!(i18n, quality.fields.collection, checks = count(f, all.len()), failing = count(f, failing)).to_string();
            Some(view! {
                <details class="dq-collection" data-testid="dq-collection" data-collection=c.name() data-failing=failing open=open>
                    <summary>
                        <code translate="no" dir="ltr">{c.file_name()}</code>
                        <span class="dq-collection-count">{heading}</span>
                    </summary>
                    <div class="table-scroll">
                        <table class="table dq-fields">
                            <caption class="visually-hidden">{c.file_name()}</caption>
                            <thead><tr>
                                <th scope="col">{t!(i18n, quality.fields.col.field)}</th>
                                <th scope="col">{t!(i18n, quality.fields.col.check)}</th>
                                <th scope="col" class="num">{t!(i18n, quality.fields.col.checked)}</th>
                                <th scope="col" class="num">{t!(i18n, quality.fields.col.nulls)}</th>
                                <th scope="col" class="num">{t!(i18n, quality.fields.col.violations)}</th>
                                <th scope="col">{t!(i18n, quality.fields.col.status)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </details>
            })
        })
        .collect();
    if sections.is_empty() {
        view! { <p class="empty" data-testid="dq-fields-none-failing">{t!(i18n, quality.none_failing)}</p> }.into_any()
    } else {
        sections.into_any()
    }
}

fn field_row(i18n: I18n, f: &Formatter, x: &FieldCheck) -> impl IntoView {
    let status = x.status();
    let kind = x.kind();
    let nulls = (kind == FieldKind::Null).then(|| count(f, x.nulls));
    let offenders = (!x.offenders.is_empty()).then(|| {
        let items = x
            .offenders
            .iter()
            .map(|o| {
                view! {
                    <li data-testid="dq-field-offender" data-record-id=o.record_id.clone()>
                        <code translate="no" dir="ltr">{o.record_id.clone()}</code>
                        {o.value.clone().map(|v| view! { " " <bdi class="dq-value" translate="no" dir="ltr">{v}</bdi> })}
                    </li>
                }
            })
            .collect_view();
        let capped = (x.offenders.len() < x.violations).then(|| {
            t_string!(i18n, quality.offenders.shown, shown = count(f, x.offenders.len()), count = count(f, x.violations)).to_string()
        });
        view! {
            <details class="dq-offenders">
                <summary>{t_string!(i18n, quality.offenders.show, count = count(f, x.violations)).to_string()}</summary>
                <ol class="dq-offender-list" aria-label=t_string!(i18n, quality.offenders.label).to_string()>{items}</ol>
                {capped.map(|text| view! { <p class="dq-note">{text}</p> })}
            </details>
        }
    });
    view! {
        <tr data-testid="dq-field" data-collection=x.collection.name() data-field=x.field
            data-kind=kind.as_str() data-check=x.rule.as_str() data-checked=x.checked data-nulls=x.nulls
            data-violations=x.violations data-status=status.as_str()>
            <th scope="row"><code translate="no" dir="ltr">{x.field}</code></th>
            <td>{kind_label(i18n, kind)}<span class="sub">{field_rule_label(i18n, x.rule)}</span></td>
            <td class="num">{count(f, x.checked)}</td>
            <td class="num">{nulls}</td>
            <td class="num">{count(f, x.violations)}</td>
            <td>
                <span class=format!("status dq-status-{}", status.as_str())>{status_label(i18n, status)}</span>
                {offenders}
            </td>
        </tr>
    }
}

fn status_label(i18n: I18n, s: Status) -> String {
    match s {
        Status::Pass => t_string!(i18n, quality.status.pass).to_string(),
        Status::Fail => t_string!(i18n, quality.status.fail).to_string(),
        Status::Skipped => t_string!(i18n, quality.status.skipped).to_string(),
    }
}

fn kind_label(i18n: I18n, k: FieldKind) -> String {
    match k {
        FieldKind::Null => t_string!(i18n, quality.kind.null).to_string(),
        FieldKind::Duplicate => t_string!(i18n, quality.kind.duplicate).to_string(),
        FieldKind::Format => t_string!(i18n, quality.kind.format).to_string(),
    }
}

fn field_rule_label(i18n: I18n, r: FieldRule) -> String {
    match r {
        FieldRule::Required => t_string!(i18n, quality.field_rule.required).to_string(),
        FieldRule::Nullable => t_string!(i18n, quality.field_rule.nullable).to_string(),
        FieldRule::Unique => t_string!(i18n, quality.field_rule.unique).to_string(),
        FieldRule::UniqueIgnoreCase => {
            t_string!(i18n, quality.field_rule.unique_ignore_case).to_string()
        }
        FieldRule::Format(format) => match format {
            Format::Uuid => t_string!(i18n, quality.field_rule.uuid).to_string(),
            Format::Email => t_string!(i18n, quality.field_rule.email).to_string(),
            Format::Phone => t_string!(i18n, quality.field_rule.phone).to_string(),
            Format::CivilId => t_string!(i18n, quality.field_rule.civil_id).to_string(),
            Format::Iban => t_string!(i18n, quality.field_rule.iban).to_string(),
            Format::Ipv4 => t_string!(i18n, quality.field_rule.ipv4).to_string(),
            Format::Country => t_string!(i18n, quality.field_rule.country).to_string(),
            Format::Sha256 => t_string!(i18n, quality.field_rule.sha256).to_string(),
            Format::BankReference => t_string!(i18n, quality.field_rule.bank_reference).to_string(),
        },
    }
}

/// What holds when the rule passes, translated (exhaustive: a new rule needs a text).
fn rule_description(i18n: I18n, rule: Rule) -> String {
    match rule {
        Rule::Json => t_string!(i18n, quality.rule.json).to_string(),
        Rule::Schema => t_string!(i18n, quality.rule.schema).to_string(),
        Rule::MetaCounts => t_string!(i18n, quality.rule.meta_counts).to_string(),
        Rule::UniqueId => t_string!(i18n, quality.rule.unique_id).to_string(),
        Rule::Reference => t_string!(i18n, quality.rule.reference).to_string(),
        Rule::OwnerMismatch => t_string!(i18n, quality.rule.owner_mismatch).to_string(),
        Rule::TimestampOffset => t_string!(i18n, quality.rule.timestamp_offset).to_string(),
        Rule::TimestampAfterAsOf => t_string!(i18n, quality.rule.timestamp_after_as_of).to_string(),
        Rule::AmountPrecision => t_string!(i18n, quality.rule.amount_precision).to_string(),
        Rule::CurrencyKwd => t_string!(i18n, quality.rule.currency_kwd).to_string(),
        Rule::AccountBalance => t_string!(i18n, quality.rule.account_balance).to_string(),
        Rule::GoalAmount => t_string!(i18n, quality.rule.goal_amount).to_string(),
        Rule::GoalContributions => t_string!(i18n, quality.rule.goal_contributions).to_string(),
        Rule::LockedAfterFailures => {
            t_string!(i18n, quality.rule.locked_after_failures).to_string()
        }
        Rule::SessionDevice => t_string!(i18n, quality.rule.session_device).to_string(),
        Rule::DisputeFailedTransaction => {
            t_string!(i18n, quality.rule.dispute_failed_transaction).to_string()
        }
        Rule::ExpiryStatus => t_string!(i18n, quality.rule.expiry_status).to_string(),
        Rule::MfaEnabled => t_string!(i18n, quality.rule.mfa_enabled).to_string(),
        Rule::NotificationOptOut => t_string!(i18n, quality.rule.notification_opt_out).to_string(),
        Rule::KuwaitIp => t_string!(i18n, quality.rule.kuwait_ip).to_string(),
        Rule::KuwaitCity => t_string!(i18n, quality.rule.kuwait_city).to_string(),
        Rule::EmailFormat => t_string!(i18n, quality.rule.email_format).to_string(),
        Rule::PhoneFormat => t_string!(i18n, quality.rule.phone_format).to_string(),
        Rule::CivilId => t_string!(i18n, quality.rule.civil_id).to_string(),
        Rule::Iban => t_string!(i18n, quality.rule.iban).to_string(),
        Rule::CredentialHash => t_string!(i18n, quality.rule.credential_hash).to_string(),
        Rule::TotpSecret => t_string!(i18n, quality.rule.totp_secret).to_string(),
    }
}
