//! Profile edits: the contact details and address form, checked field by field before
//! it becomes an `UpdateProfile` change.
//!
//! The form keeps what the user typed, untouched, so an error never loses their input;
//! [`ProfileForm::to_change`] trims it, checks every field and returns the change with
//! only what differs from the customer's record.

use crate::journal::Change;
use crate::kuwait;
use crate::model::{Address, Customer};

/// The most characters an address part (and the phone) may have.
pub const MAX_CHARS: usize = 60;
/// The most characters an email address may have (RFC 5321's path limit).
pub const MAX_EMAIL_CHARS: usize = 254;
/// A mobile number in the one format [`kuwait::is_valid_phone`] accepts, for hints.
pub const PHONE_EXAMPLE: &str = "+96551234567";

string_enum!(
    /// A field of the profile form; `as_str()` names it in the page (`data-field`).
    ProfileField {
        Email = "email",
        Phone = "phone",
        Governorate = "governorate",
        Area = "area",
        Block = "block",
        Street = "street",
        Building = "building",
    }
);

impl ProfileField {
    /// The most characters the field may hold once trimmed.
    pub const fn max_chars(self) -> usize {
        match self {
            ProfileField::Email => MAX_EMAIL_CHARS,
            _ => MAX_CHARS,
        }
    }

    /// Whether the field is part of the address (saved as a whole).
    pub const fn is_address(self) -> bool {
        !matches!(self, ProfileField::Email | ProfileField::Phone)
    }
}

/// What is wrong with a field's (trimmed) value. One problem per field: the first of
/// Required, TooLong, then the field's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfileProblem {
    /// Blank once trimmed.
    Required,
    /// Longer than `max` characters.
    TooLong { max: usize },
    /// Not a plain `local@domain.tld` address.
    InvalidEmail,
    /// Not "+965" and eight digits starting 5, 6 or 9 (see [`PHONE_EXAMPLE`]).
    InvalidPhone,
    /// Not one of Kuwait's six governorates as the data names them.
    UnknownGovernorate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: ProfileField,
    pub problem: ProfileProblem,
}

/// Kuwait's six governorates, spelt as the data spells them.
pub fn governorates() -> impl Iterator<Item = &'static str> {
    kuwait::GOVERNORATES.iter().map(|(name, _)| *name)
}

pub fn is_governorate(name: &str) -> bool {
    governorates().any(|g| g == name)
}

/// A civil ID with all but its last four characters hidden: "••••••••4961".
pub fn mask_civil_id(civil_id: &str) -> String {
    let chars: Vec<char> = civil_id.chars().collect();
    let shown = chars.len().saturating_sub(4);
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < shown { '•' } else { *c })
        .collect()
}

/// The editable profile, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileForm {
    pub email: String,
    pub phone: String,
    pub governorate: String,
    pub area: String,
    pub block: String,
    pub street: String,
    pub building: String,
}

impl ProfileForm {
    /// The form filled with the customer's current details.
    pub fn from_customer(customer: &Customer) -> Self {
        let a = &customer.address;
        ProfileForm {
            email: customer.email.clone(),
            phone: customer.phone.clone(),
            governorate: a.governorate.clone(),
            area: a.area.clone(),
            block: a.block.clone(),
            street: a.street.clone(),
            building: a.building.clone(),
        }
    }

    pub fn value(&self, field: ProfileField) -> &str {
        match field {
            ProfileField::Email => &self.email,
            ProfileField::Phone => &self.phone,
            ProfileField::Governorate => &self.governorate,
            ProfileField::Area => &self.area,
            ProfileField::Block => &self.block,
            ProfileField::Street => &self.street,
            ProfileField::Building => &self.building,
        }
    }

    pub fn set(&mut self, field: ProfileField, value: String) {
        let slot = match field {
            ProfileField::Email => &mut self.email,
            ProfileField::Phone => &mut self.phone,
            ProfileField::Governorate => &mut self.governorate,
            ProfileField::Area => &mut self.area,
            ProfileField::Block => &mut self.block,
            ProfileField::Street => &mut self.street,
            ProfileField::Building => &mut self.building,
        };
        *slot = value;
    }

    /// What would be saved: every field trimmed, and the phone's Arabic-Indic or Persian
    /// digits (as an Arabic keyboard types them) made ASCII.
    pub fn normalized(&self) -> Self {
        let mut out = ProfileForm::default();
        for field in ProfileField::ALL.iter().copied() {
            let trimmed = self.value(field).trim();
            let value = if field == ProfileField::Phone {
                trimmed.chars().map(ascii_digit).collect()
            } else {
                trimmed.to_owned()
            };
            out.set(field, value);
        }
        out
    }

    /// The problems of the values as they would be saved, in field order, at most one
    /// per field.
    pub fn check(&self) -> Vec<FieldProblem> {
        let form = self.normalized();
        ProfileField::ALL
            .iter()
            .copied()
            .filter_map(|field| {
                problem_of(field, form.value(field)).map(|problem| FieldProblem { field, problem })
            })
            .collect()
    }

    /// The address as it would be saved.
    pub fn address(&self) -> Address {
        let form = self.normalized();
        Address {
            governorate: form.governorate,
            area: form.area,
            block: form.block,
            street: form.street,
            building: form.building,
        }
    }

    /// The change that saves this form over `current`: only the fields that differ (the
    /// address as a whole when any part differs); `Ok(None)` when nothing does.
    pub fn to_change(&self, current: &Customer) -> Result<Option<Change>, Vec<FieldProblem>> {
        let problems = self.check();
        if !problems.is_empty() {
            return Err(problems);
        }
        let address = Some(self.address()).filter(|a| *a != current.address);
        let form = self.normalized();
        let email = Some(form.email).filter(|e| *e != current.email);
        let phone = Some(form.phone).filter(|p| *p != current.phone);
        if email.is_none() && phone.is_none() && address.is_none() {
            return Ok(None);
        }
        Ok(Some(Change::UpdateProfile {
            email,
            phone,
            address,
        }))
    }
}

/// The problem with a field's normalized value, if any.
fn problem_of(field: ProfileField, value: &str) -> Option<ProfileProblem> {
    if value.is_empty() {
        return Some(ProfileProblem::Required);
    }
    let max = field.max_chars();
    if value.chars().count() > max {
        return Some(ProfileProblem::TooLong { max });
    }
    match field {
        ProfileField::Email if !kuwait::is_valid_email(value) => Some(ProfileProblem::InvalidEmail),
        ProfileField::Phone if !kuwait::is_valid_phone(value) => Some(ProfileProblem::InvalidPhone),
        ProfileField::Governorate if !is_governorate(value) => {
            Some(ProfileProblem::UnknownGovernorate)
        }
        _ => None,
    }
}

/// '٠'..'٩' (U+0660) and '۰'..'۹' (U+06F0) as '0'..'9'; anything else unchanged.
fn ascii_digit(c: char) -> char {
    let zero = match c {
        '\u{0660}'..='\u{0669}' => 0x0660,
        '\u{06F0}'..='\u{06F9}' => 0x06F0,
        _ => return c,
    };
    char::from_u32(u32::from('0') + (u32::from(c) - zero)).unwrap_or(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{date, ts};
    use crate::model::{Gender, KycStatus, Segment};

    fn customer() -> Customer {
        Customer {
            customer_id: "c1".into(),
            first_name_en: "Yousef".into(),
            last_name_en: "Al-Rashidi".into(),
            first_name_ar: "يوسف".into(),
            last_name_ar: "الرشيدي".into(),
            email: "yousef@inbox.example".into(),
            phone: "+96567149122".into(),
            civil_id: "283032624961".into(),
            nationality: "KW".into(),
            gender: Gender::Male,
            date_of_birth: date(1983, 3, 26),
            segment: Segment::Private,
            kyc_status: KycStatus::Verified,
            address: Address {
                governorate: "Capital".into(),
                area: "Shuwaikh".into(),
                block: "11".into(),
                street: "Street 26".into(),
                building: "89".into(),
            },
            created_at: ts("2024-11-26T09:12:44+03:00"),
        }
    }

    fn form() -> ProfileForm {
        ProfileForm::from_customer(&customer())
    }

    fn with(field: ProfileField, value: &str) -> ProfileForm {
        let mut f = form();
        f.set(field, value.into());
        f
    }

    fn problems(f: &ProfileForm) -> Vec<(ProfileField, ProfileProblem)> {
        f.check()
            .into_iter()
            .map(|p| (p.field, p.problem))
            .collect()
    }

    #[test]
    fn field_names_are_the_pages_data_attributes() {
        let names: Vec<&str> = ProfileField::ALL.iter().map(|f| f.as_str()).collect();
        assert_eq!(
            names,
            [
                "email",
                "phone",
                "governorate",
                "area",
                "block",
                "street",
                "building"
            ]
        );
        let address: Vec<&str> = ProfileField::ALL
            .iter()
            .filter(|f| f.is_address())
            .map(|f| f.as_str())
            .collect();
        assert_eq!(
            address,
            ["governorate", "area", "block", "street", "building"]
        );
    }

    #[test]
    fn the_form_starts_with_the_customers_details() {
        let f = form();
        assert_eq!(
            (f.email.as_str(), f.phone.as_str()),
            ("yousef@inbox.example", "+96567149122")
        );
        assert_eq!(f.address(), customer().address);
        assert!(f.check().is_empty());
        for field in ProfileField::ALL.iter().copied() {
            let mut g = ProfileForm::default();
            g.set(field, format!("x-{field}"));
            assert_eq!(g.value(field), format!("x-{field}"));
        }
    }

    #[test]
    fn the_six_governorates_are_the_datas() {
        assert_eq!(
            governorates().collect::<Vec<_>>(),
            [
                "Capital",
                "Hawalli",
                "Farwaniya",
                "Ahmadi",
                "Jahra",
                "Mubarak Al-Kabeer"
            ]
        );
        assert!(is_governorate("Mubarak Al-Kabeer"));
        assert!(!is_governorate("capital"), "spelt exactly as in the data");
    }

    #[test]
    fn every_field_is_required() {
        for field in ProfileField::ALL.iter().copied() {
            for blank in ["", "   ", "\t\n"] {
                assert_eq!(
                    problems(&with(field, blank)),
                    [(field, ProfileProblem::Required)],
                    "{field} {blank:?}"
                );
            }
        }
    }

    #[test]
    fn emails_must_be_plain_addresses() {
        for bad in [
            "yousef",
            "yousef@",
            "@inbox.example",
            "yousef@inbox",
            "a b@x.example",
        ] {
            assert_eq!(
                problems(&with(ProfileField::Email, bad)),
                [(ProfileField::Email, ProfileProblem::InvalidEmail)],
                "{bad}"
            );
        }
        assert!(problems(&with(ProfileField::Email, "y.new+bank@mail.example")).is_empty());
    }

    #[test]
    fn phones_are_kuwaiti_mobiles_in_one_format() {
        assert!(kuwait::is_valid_phone(PHONE_EXAMPLE));
        for bad in [
            "67149122",
            "96567149122",
            "+965 6714 9122",
            "+96547149122",
            "+9656714912",
            "+965671491222",
            "+1 555 0100",
        ] {
            assert_eq!(
                problems(&with(ProfileField::Phone, bad)),
                [(ProfileField::Phone, ProfileProblem::InvalidPhone)],
                "{bad}"
            );
        }
        for good in ["+96551234567", "+96599887766", "  +96567149122  "] {
            assert!(
                problems(&with(ProfileField::Phone, good)).is_empty(),
                "{good}"
            );
        }
    }

    #[test]
    fn arabic_indic_phone_digits_are_saved_as_ascii() {
        let f = with(ProfileField::Phone, "+٩٦٥٩٩٨٨٧٧٦٦");
        assert!(f.check().is_empty());
        assert_eq!(f.normalized().phone, "+96599887766");
        let f = with(ProfileField::Phone, "+۹۶۵۵۱۲۳۴۵۶۷");
        assert_eq!(f.normalized().phone, "+96551234567");
        // Other fields keep their digits as typed.
        assert_eq!(with(ProfileField::Block, "١١").normalized().block, "١١");
    }

    #[test]
    fn governorates_must_be_one_of_the_six() {
        for bad in ["Salmiya", "Hawally", "capital", "Mubarak Al Kabeer"] {
            assert_eq!(
                problems(&with(ProfileField::Governorate, bad)),
                [(
                    ProfileField::Governorate,
                    ProfileProblem::UnknownGovernorate
                )],
                "{bad}"
            );
        }
        for good in governorates() {
            assert!(problems(&with(ProfileField::Governorate, good)).is_empty());
        }
        assert!(problems(&with(ProfileField::Governorate, " Jahra ")).is_empty());
    }

    #[test]
    fn values_have_a_maximum_length_in_characters() {
        let at_max = "ش".repeat(MAX_CHARS);
        assert!(problems(&with(ProfileField::Street, &at_max)).is_empty());
        assert!(
            problems(&with(ProfileField::Street, &format!("  {at_max}  "))).is_empty(),
            "measured after trimming"
        );
        for field in [
            ProfileField::Area,
            ProfileField::Block,
            ProfileField::Street,
            ProfileField::Building,
        ] {
            assert_eq!(
                problems(&with(field, &"a".repeat(MAX_CHARS + 1))),
                [(field, ProfileProblem::TooLong { max: MAX_CHARS })],
                "{field}"
            );
        }
        // Too long is said before the format.
        assert_eq!(
            problems(&with(ProfileField::Governorate, &"G".repeat(61))),
            [(
                ProfileField::Governorate,
                ProfileProblem::TooLong { max: MAX_CHARS }
            )]
        );
        assert_eq!(
            problems(&with(ProfileField::Phone, &"9".repeat(61))),
            [(
                ProfileField::Phone,
                ProfileProblem::TooLong { max: MAX_CHARS }
            )]
        );
        let long_email = format!("{}@mail.example", "a".repeat(70));
        assert!(problems(&with(ProfileField::Email, &long_email)).is_empty());
        let too_long = format!("{}@mail.example", "a".repeat(MAX_EMAIL_CHARS));
        assert_eq!(
            problems(&with(ProfileField::Email, &too_long)),
            [(
                ProfileField::Email,
                ProfileProblem::TooLong {
                    max: MAX_EMAIL_CHARS
                }
            )]
        );
    }

    #[test]
    fn every_problem_is_reported_in_field_order() {
        let f = ProfileForm {
            email: "not an email".into(),
            phone: "12345".into(),
            governorate: "Dubai".into(),
            area: " ".into(),
            block: "1".repeat(61),
            street: String::new(),
            building: "7".into(),
        };
        assert_eq!(
            problems(&f),
            [
                (ProfileField::Email, ProfileProblem::InvalidEmail),
                (ProfileField::Phone, ProfileProblem::InvalidPhone),
                (
                    ProfileField::Governorate,
                    ProfileProblem::UnknownGovernorate
                ),
                (ProfileField::Area, ProfileProblem::Required),
                (
                    ProfileField::Block,
                    ProfileProblem::TooLong { max: MAX_CHARS }
                ),
                (ProfileField::Street, ProfileProblem::Required),
            ]
        );
        assert_eq!(f.to_change(&customer()), Err(f.check()));
    }

    #[test]
    fn problems_leave_the_typed_values_alone() {
        let mut f = with(ProfileField::Phone, " 123 ");
        f.set(ProfileField::Street, "   ".into());
        let before = f.clone();
        assert!(f.to_change(&customer()).is_err());
        assert!(!f.check().is_empty());
        assert_eq!(f, before);
    }

    #[test]
    fn nothing_changed_is_no_change() {
        assert_eq!(form().to_change(&customer()), Ok(None));
        // Surrounding spaces are not a change.
        let mut f = form();
        f.email = format!("  {}  ", f.email);
        f.street = format!("\t{} ", f.street);
        assert_eq!(f.to_change(&customer()), Ok(None));
    }

    #[test]
    fn only_the_changed_contact_fields_are_sent() {
        assert_eq!(
            with(ProfileField::Email, " yousef.new@mail.example ").to_change(&customer()),
            Ok(Some(Change::UpdateProfile {
                email: Some("yousef.new@mail.example".into()),
                phone: None,
                address: None,
            }))
        );
        assert_eq!(
            with(ProfileField::Phone, "+96599887766").to_change(&customer()),
            Ok(Some(Change::UpdateProfile {
                email: None,
                phone: Some("+96599887766".into()),
                address: None,
            }))
        );
    }

    #[test]
    fn the_address_is_sent_whole_when_any_part_changes() {
        for field in ProfileField::ALL.iter().copied().filter(|f| f.is_address()) {
            let value = if field == ProfileField::Governorate {
                "Jahra"
            } else {
                "  New 5 "
            };
            let mut expected = customer().address;
            let mut typed = ProfileForm::default();
            typed.set(field, value.trim().into());
            match field {
                ProfileField::Governorate => expected.governorate = typed.governorate,
                ProfileField::Area => expected.area = typed.area,
                ProfileField::Block => expected.block = typed.block,
                ProfileField::Street => expected.street = typed.street,
                _ => expected.building = typed.building,
            }
            assert_eq!(
                with(field, value).to_change(&customer()),
                Ok(Some(Change::UpdateProfile {
                    email: None,
                    phone: None,
                    address: Some(expected),
                })),
                "{field}"
            );
        }
    }

    #[test]
    fn everything_changed_is_one_change() {
        let f = ProfileForm {
            email: "y2@mail.example".into(),
            phone: "+96551234567".into(),
            governorate: "Hawalli".into(),
            area: "Salmiya".into(),
            block: "3".into(),
            street: "Salem Al Mubarak St".into(),
            building: "12".into(),
        };
        assert_eq!(
            f.to_change(&customer()),
            Ok(Some(Change::UpdateProfile {
                email: Some("y2@mail.example".into()),
                phone: Some("+96551234567".into()),
                address: Some(f.address()),
            }))
        );
    }

    #[test]
    fn the_change_applies_to_the_data() {
        use crate::journal::{apply, JournalEntry};
        let mut ds = crate::Dataset {
            customers: vec![customer()],
            auth_users: vec![crate::fixtures::user("u1", Some("c1"))],
            login_sessions: vec![crate::fixtures::session(
                "s1",
                "u1",
                "d1",
                "2026-11-01T10:00:00+03:00",
                "37.36.0.1",
            )],
            ..Default::default()
        };
        let change = with(ProfileField::Street, " Street 30 ")
            .to_change(&customer())
            .ok()
            .flatten();
        let Some(change) = change else {
            panic!("a street change");
        };
        let entry = JournalEntry {
            at: ts("2026-11-20T10:00:00+03:00"),
            customer_id: "c1".into(),
            change,
            audit_id: "a1".into(),
            notification_id: "n1".into(),
        };
        assert_eq!(apply(&mut ds, &entry), Ok(()));
        assert_eq!(ds.customers[0].address.street, "Street 30");
        let saved = ProfileForm::from_customer(&ds.customers[0]);
        assert_eq!(saved.to_change(&ds.customers[0]), Ok(None));
        let log = ds
            .audit_logs
            .last()
            .map(|l| (l.action.as_str(), l.ip_address.as_str()));
        assert_eq!(log, Some(("ADDRESS_UPDATED", "37.36.0.1")));
    }

    #[test]
    fn civil_ids_show_only_their_last_four() {
        assert_eq!(mask_civil_id("283032624961"), "••••••••4961");
        assert_eq!(mask_civil_id("4961"), "4961");
        assert_eq!(mask_civil_id(""), "");
    }
}
