//! The customer's profile: who they are (read only) and a form for their contact details
//! and address. The checks and the change are the domain's (`profile`); this page only
//! shows them. What the user typed stays in the form whatever goes wrong.

use crate::components::change_error::change_error;
use crate::components::top_bar::TopBar;
use crate::contexts::customer::CustomerInjection;
use crate::contexts::data::DataInjection;
use crate::contexts::journal::JournalInjection;
use crate::contexts::prefs::PrefsInjection;
use crate::i18n::{self, t, t_string, use_i18n, I18n};
use bankdash_domain::format::Lang;
use bankdash_domain::journal::{ChangeError, Refusal};
use bankdash_domain::model::Customer;
use bankdash_domain::profile::{
    self, FieldProblem, ProfileField, ProfileForm, ProfileProblem, PHONE_EXAMPLE,
};
use bankdash_domain::Dataset;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// What the last press of "Save" did.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Outcome {
    /// Field problems, shown under their fields.
    Invalid,
    Saved,
    /// The form holds the customer's details already.
    Unchanged,
    Refused(ChangeError),
}

fn find_customer(ds: &Dataset, id: &str) -> Option<Customer> {
    ds.customers.iter().find(|c| c.customer_id == id).cloned()
}

/// Contact details and address of the customer in the route.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let i18n = use_i18n();
    // The form is made afresh for each customer, not on every data change.
    let found = Memo::new(move |_| {
        let id = customer.id.get();
        data.data
            .with(|ds| ds.customers.iter().any(|c| c.customer_id == id))
            .then_some(id)
    });
    view! {
        <TopBar title=Signal::derive(move || t_string!(i18n, profile.title).to_string())/>
        <section class="content">
            {move || match found.get() {
                Some(id) => view! {
                    <AboutCard/>
                    <ProfileFormCard customer_id=id/>
                }
                .into_any(),
                None => view! {
                    <div class="card">
                        <p class="empty" data-testid="profile-not-found">{t!(i18n, profile.not_found)}</p>
                    </div>
                }
                .into_any(),
            }}
        </section>
    }
}

/// Name in both languages, segment and the civil ID's last four digits. No credentials.
#[component]
fn AboutCard() -> impl IntoView {
    let data = DataInjection::expect_context();
    let customer = CustomerInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    move || {
        let id = customer.id.get();
        data.data.with(|ds| find_customer(ds, &id)).map(|c| {
            let (name, lang, other, other_lang) = match prefs.lang() {
                Lang::En => (c.full_name_en(), "en", c.full_name_ar(), "ar"),
                Lang::Ar => (c.full_name_ar(), "ar", c.full_name_en(), "en"),
            };
            let segment = c.segment;
            let civil_id = prefs.fmt().digits(&profile::mask_civil_id(&c.civil_id));
            view! {
                <div class="card profile-about" data-testid="profile-about">
                    <h2 lang=lang translate="no" data-testid="profile-name">{name}</h2>
                    <p class="name-alt" lang=other_lang translate="no" data-testid="profile-name-alt">{other}</p>
                    <dl class="facts">
                        <div>
                            <dt>{t!(i18n, profile.about.segment)}</dt>
                            <dd data-testid="profile-segment" data-segment=segment.as_str()>{move || i18n::segment(i18n, segment)}</dd>
                        </div>
                        <div>
                            <dt>{t!(i18n, profile.about.civil_id)}</dt>
                            <dd><bdi translate="no" dir="ltr" class="mono" data-testid="profile-civil-id">{civil_id}</bdi></dd>
                        </div>
                    </dl>
                </div>
            }
        })
    }
}

/// One signal per field, holding the text as typed.
#[derive(Clone, Copy)]
struct Inputs([RwSignal<String>; 7]);

impl Inputs {
    fn new(form: &ProfileForm) -> Self {
        Inputs(std::array::from_fn(|i| {
            let value = ProfileField::ALL.get(i).map(|f| form.value(*f));
            RwSignal::new(value.unwrap_or_default().to_owned())
        }))
    }

    fn get(self, field: ProfileField) -> RwSignal<String> {
        self.0[field as usize]
    }

    fn snapshot(self) -> ProfileForm {
        let mut form = ProfileForm::default();
        for field in ProfileField::ALL.iter().copied() {
            form.set(field, self.get(field).get_untracked());
        }
        form
    }

    fn fill(self, form: &ProfileForm) {
        for field in ProfileField::ALL.iter().copied() {
            self.get(field).set(form.value(field).to_owned());
        }
    }
}

fn input_id(field: ProfileField) -> String {
    format!("profile-{}", field.as_str())
}

fn error_id(field: ProfileField) -> String {
    format!("profile-{}-error", field.as_str())
}

const PHONE_HINT_ID: &str = "profile-phone-hint";

fn field_label(i18n: I18n, field: ProfileField) -> String {
    match field {
        ProfileField::Email => t_string!(i18n, profile.field.email),
        ProfileField::Phone => t_string!(i18n, profile.field.phone),
        ProfileField::Governorate => t_string!(i18n, profile.field.governorate),
        ProfileField::Area => t_string!(i18n, profile.field.area),
        ProfileField::Block => t_string!(i18n, profile.field.block),
        ProfileField::Street => t_string!(i18n, profile.field.street),
        ProfileField::Building => t_string!(i18n, profile.field.building),
    }
    .to_string()
}

/// A governorate's name in the page's language (the value stays the data's spelling).
fn governorate_label(i18n: I18n, name: &str) -> String {
    match name {
        "Capital" => t_string!(i18n, profile.governorate.capital).to_string(),
        "Hawalli" => t_string!(i18n, profile.governorate.hawalli).to_string(),
        "Farwaniya" => t_string!(i18n, profile.governorate.farwaniya).to_string(),
        "Ahmadi" => t_string!(i18n, profile.governorate.ahmadi).to_string(),
        "Jahra" => t_string!(i18n, profile.governorate.jahra).to_string(),
        "Mubarak Al-Kabeer" => t_string!(i18n, profile.governorate.mubarak_al_kabeer).to_string(),
        other => other.to_owned(),
    }
}

/// Left-to-right data inside a sentence (formats, examples).
fn ltr(text: &'static str) -> impl IntoView {
    view! { <bdi translate="no" dir="ltr">{text}</bdi> }
}

fn problem_view(
    i18n: I18n,
    prefs: PrefsInjection,
    field: ProfileField,
    problem: ProfileProblem,
) -> AnyView {
    let label = move || field_label(i18n, field);
    match problem {
        ProfileProblem::Required => t!(i18n, profile.problem.required, field = label).into_any(),
        ProfileProblem::TooLong { max } => t!(
            i18n,
            profile.problem.too_long,
            field = label,
            max = move || prefs.fmt().number(max as i64)
        )
        .into_any(),
        ProfileProblem::InvalidEmail => t!(
            i18n,
            profile.problem.invalid_email,
            field = label,
            example = || ltr("name@example.com")
        )
        .into_any(),
        ProfileProblem::InvalidPhone => {
            t!(i18n, profile.problem.invalid_phone, field = label).into_any()
        }
        ProfileProblem::UnknownGovernorate => {
            t!(i18n, profile.problem.unknown_governorate, field = label).into_any()
        }
    }
}

/// Moves the focus to a field (the first one with a problem).
fn focus(field: ProfileField) {
    let element = document()
        .get_element_by_id(&input_id(field))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(element) = element {
        let _ = element.focus();
    }
}

#[component]
fn ProfileFormCard(customer_id: String) -> impl IntoView {
    let data = DataInjection::expect_context();
    let journal = JournalInjection::expect_context();
    let prefs = PrefsInjection::expect_context();
    let i18n = use_i18n();
    let customer_id = StoredValue::new(customer_id);
    let current =
        move || customer_id.with_value(|id| data.data.with_untracked(|ds| find_customer(ds, id)));
    let inputs = Inputs::new(
        &current()
            .map(|c| ProfileForm::from_customer(&c))
            .unwrap_or_default(),
    );
    let problems = RwSignal::new(Vec::<FieldProblem>::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let problem_of = move |field: ProfileField| {
        problems.with(|ps| ps.iter().find(|p| p.field == field).map(|p| p.problem))
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(customer) = current() else {
            return;
        };
        let form = inputs.snapshot();
        let change = match form.to_change(&customer) {
            Err(found) => {
                let first = found.first().map(|p| p.field);
                problems.set(found);
                outcome.set(Some(Outcome::Invalid));
                if let Some(field) = first {
                    focus(field);
                }
                return;
            }
            Ok(None) => {
                problems.set(Vec::new());
                outcome.set(Some(Outcome::Unchanged));
                return;
            }
            Ok(Some(change)) => change,
        };
        problems.set(Vec::new());
        match journal.record(&customer_id.get_value(), change) {
            Ok(()) => {
                // The form shows what was saved (trimmed), as the record now holds it.
                let saved = current()
                    .map(|c| ProfileForm::from_customer(&c))
                    .unwrap_or_else(|| form.normalized());
                inputs.fill(&saved);
                outcome.set(Some(Outcome::Saved));
            }
            Err(ChangeError::NotAllowed(Refusal::NothingToChange)) => {
                outcome.set(Some(Outcome::Unchanged))
            }
            // The typed values stay in the form so nothing is lost.
            Err(e) => outcome.set(Some(Outcome::Refused(e))),
        }
    };
    // Editing again makes a "saved" or "nothing to save" note stale.
    let on_input = move |_| {
        if outcome.with_untracked(|o| matches!(o, Some(Outcome::Saved | Outcome::Unchanged))) {
            outcome.set(None);
        }
    };

    let error = move |field: ProfileField| {
        move || {
            problem_of(field).map(|p| {
                view! {
                    <p class="error" id=error_id(field) data-testid="profile-error" data-field=field.as_str()>
                        {problem_view(i18n, prefs, field, p)}
                    </p>
                }
            })
        }
    };
    let invalid = move |field: ProfileField| move || problem_of(field).is_some().to_string();
    let described_by = move |field: ProfileField| {
        move || {
            let mut ids = Vec::new();
            if field == ProfileField::Phone {
                ids.push(PHONE_HINT_ID.to_owned());
            }
            if problem_of(field).is_some() {
                ids.push(error_id(field));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let label = move |field: ProfileField| {
        view! { <label for=input_id(field)>{move || field_label(i18n, field)}</label> }
    };
    // Address parts may be typed in either script; their direction follows the text.
    let address_input = move |field: ProfileField| {
        view! {
            <div class="field">
                {label(field)}
                <input type="text" id=input_id(field) name=field.as_str() data-testid=input_id(field)
                    dir="auto" bind:value=inputs.get(field)
                    aria-invalid=invalid(field) aria-describedby=described_by(field)/>
                {error(field)}
            </div>
        }
    };
    let phone_hint = move || {
        let f = prefs.fmt();
        let digit = move |d: &'static str| move || f.digits(d);
        view! {
            <small id=PHONE_HINT_ID data-testid="profile-phone-hint">
                {t!(
                    i18n,
                    profile.form.phone_hint,
                    prefix = || ltr("+965"),
                    count = digit("8"),
                    a = digit("5"),
                    b = digit("6"),
                    c = digit("9"),
                    example = || ltr(PHONE_EXAMPLE)
                )}
            </small>
        }
    };
    let governorate = inputs.get(ProfileField::Governorate);
    let gov_field = ProfileField::Governorate;
    // A stored value that is not one of the six stays choosable, so it is never lost.
    let unknown_governorate = move || {
        governorate.with(|g| {
            let g = g.trim();
            (!g.is_empty() && !profile::is_governorate(g)).then(|| g.to_owned())
        })
    };

    view! {
        <form class="card form profile-form" data-testid="profile-form" novalidate=true
            on:submit=on_submit on:input=on_input>
            <h2>{t!(i18n, profile.form.heading)}</h2>
            <p class="lead">{t!(i18n, profile.form.lead)}</p>
            <fieldset>
                <legend>{t!(i18n, profile.form.contact)}</legend>
                <div class="profile-fields">
                    <div class="field">
                        {label(ProfileField::Email)}
                        <input type="email" id=input_id(ProfileField::Email) name="email" data-testid="profile-email"
                            dir="ltr" autocomplete="email" bind:value=inputs.get(ProfileField::Email)
                            aria-invalid=invalid(ProfileField::Email) aria-describedby=described_by(ProfileField::Email)/>
                        {error(ProfileField::Email)}
                    </div>
                    <div class="field">
                        {label(ProfileField::Phone)}
                        <input type="tel" id=input_id(ProfileField::Phone) name="phone" data-testid="profile-phone"
                            dir="ltr" autocomplete="tel" inputmode="tel" bind:value=inputs.get(ProfileField::Phone)
                            aria-invalid=invalid(ProfileField::Phone) aria-describedby=described_by(ProfileField::Phone)/>
                        {phone_hint}
                        {error(ProfileField::Phone)}
                    </div>
                </div>
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, profile.form.address)}</legend>
                <div class="profile-fields">
                    <div class="field">
                        {label(gov_field)}
                        <select id=input_id(gov_field) name="governorate" data-testid="profile-governorate"
                            on:change=move |ev| governorate.set(event_target_value(&ev))
                            aria-invalid=invalid(gov_field) aria-describedby=described_by(gov_field)>
                            <option value="" prop:selected=move || governorate.with(|g| g.trim().is_empty())>
                                {move || t_string!(i18n, profile.form.choose_governorate).to_string()}
                            </option>
                            {move || unknown_governorate().map(|g| view! {
                                <option value=g.clone() translate="no" prop:selected=true>{g.clone()}</option>
                            })}
                            {profile::governorates().map(|g| view! {
                                <option value=g prop:selected=move || governorate.with(|v| v.trim() == g)>
                                    {move || governorate_label(i18n, g)}
                                </option>
                            }).collect_view()}
                        </select>
                        {error(gov_field)}
                    </div>
                    {address_input(ProfileField::Area)}
                    {address_input(ProfileField::Block)}
                    {address_input(ProfileField::Street)}
                    {address_input(ProfileField::Building)}
                </div>
            </fieldset>
            {move || outcome.get().map(|o| match o {
                Outcome::Invalid => view! {
                    <p class="notice error" role="alert" data-testid="profile-invalid">{t!(i18n, profile.form.invalid)}</p>
                }.into_any(),
                Outcome::Saved => view! {
                    <p class="notice ok" role="status" data-testid="profile-saved">{t!(i18n, profile.form.saved)}</p>
                }.into_any(),
                Outcome::Unchanged => view! {
                    <p class="notice" role="status" data-testid="profile-unchanged">{t!(i18n, profile.form.unchanged)}</p>
                }.into_any(),
                Outcome::Refused(e) => view! {
                    <p class="notice error" role="alert" data-testid="profile-refused">{change_error(i18n, e)}</p>
                }.into_any(),
            })}
            <button type="submit" class="button" data-testid="profile-save">{t!(i18n, profile.form.save)}</button>
        </form>
    }
}
