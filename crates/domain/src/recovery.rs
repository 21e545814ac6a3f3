//! Password recovery ("forgot password") and new passwords: where the one-time reset
//! code goes (masked), the code itself, and the checklist a new-password form shows.
//!
//! A reset changes the password only: it never unlocks a LOCKED account nor lifts a
//! suspension (that stays with the bank), which is why [`ResetTarget`] carries the block.

use crate::auth::{self, PasswordProblem, PasswordRules, SignInBlock};
use crate::dataset::Dataset;
use crate::model::MfaMethod;

/// What hides the middle of a phone number or an email name.
const MASK: &str = "••••";
/// What hides the rest of an email's name.
const EMAIL_MASK: &str = "•••";
/// Digits of a phone number left visible at the end.
const PHONE_VISIBLE_DIGITS: usize = 4;
/// Fewer digits than this is not a phone number a code can go to.
const MIN_PHONE_DIGITS: usize = 7;
/// Kuwait's country calling code, shown as `+965` when the number carries it.
const KUWAIT_CODE: &str = "965";
/// Kuwaiti subscriber numbers have eight digits.
const KUWAIT_NUMBER_DIGITS: usize = 8;
/// Appended to the user id to seed the reset code, so it never equals the sign-in
/// code (seeded with the user id alone) sent in the same step.
const RESET_SEED: &str = ":PASSWORD-RESET";

/// A phone number with all but its last four digits hidden: `+96551234567` becomes
/// `+965 •••• 4567`. Spaces, dashes and a `00` international prefix are ignored; other
/// countries' numbers show no prefix (`•••• 4567`). Too few digits to be a phone number
/// shows only the mask, so nothing of a malformed value leaks.
pub fn mask_phone(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < MIN_PHONE_DIGITS {
        return MASK.to_owned();
    }
    let trimmed = phone.trim_start();
    let international = trimmed.starts_with('+') || digits.starts_with("00");
    let national = digits.strip_prefix("00").unwrap_or(&digits);
    let kuwaiti = international
        && national.len() == KUWAIT_CODE.len() + KUWAIT_NUMBER_DIGITS
        && national.starts_with(KUWAIT_CODE);
    let last = &digits[digits.len() - PHONE_VISIBLE_DIGITS..];
    if kuwaiti {
        format!("+{KUWAIT_CODE} {MASK} {last}")
    } else {
        format!("{MASK} {last}")
    }
}

/// An email with its name hidden but for the first character:
/// `yousef@inbox.example` becomes `y•••@inbox.example` (the dataset's own style). Text
/// that is not an email (no name or no domain) shows only the mask.
pub fn mask_email(email: &str) -> String {
    let email = email.trim();
    match email.rsplit_once('@') {
        Some((name, domain)) if !domain.is_empty() => match name.chars().next() {
            Some(first) => format!("{first}{EMAIL_MASK}@{domain}"),
            None => EMAIL_MASK.to_owned(),
        },
        _ => EMAIL_MASK.to_owned(),
    }
}

/// How a reset code travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ResetChannel {
    Sms,
    Email,
}

impl ResetChannel {
    /// The matching MFA method (whose code rules a reset code follows).
    pub fn method(self) -> MfaMethod {
        match self {
            ResetChannel::Sms => MfaMethod::Sms,
            ResetChannel::Email => MfaMethod::Email,
        }
    }

    pub fn as_str(self) -> &'static str {
        self.method().as_str()
    }
}

/// Where a reset code goes, as the screen may show it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResetDestination {
    pub channel: ResetChannel,
    /// The masked phone number or email.
    pub masked: String,
}

/// The phone when there is one (at least seven digits), else the email; None when
/// neither can take a code.
pub fn reset_destination(phone: &str, email: &str) -> Option<ResetDestination> {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    if digits >= MIN_PHONE_DIGITS {
        return Some(ResetDestination {
            channel: ResetChannel::Sms,
            masked: mask_phone(phone),
        });
    }
    let email = email.trim();
    match email.rsplit_once('@') {
        Some((name, domain)) if !name.is_empty() && !domain.is_empty() => Some(ResetDestination {
            channel: ResetChannel::Email,
            masked: mask_email(email),
        }),
        _ => None,
    }
}

/// The account a reset is for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResetTarget {
    pub user_id: String,
    /// The customer the password change is journalled for.
    pub customer_id: String,
    /// The sign-in email (the password rules refuse its name).
    pub email: String,
    pub destination: ResetDestination,
    /// Still refused after the reset (a reset unlocks nothing); None when the user may
    /// sign in.
    pub block: Option<SignInBlock>,
}

/// The account a "forgot password" request for `email` (case-insensitive) resets, or
/// None: no such user, staff (their password changes are not journalled per customer;
/// the bank resets them), no credential to change, or nowhere to send the code. The
/// screen answers the same either way, so None gives nothing away. The code goes to the
/// customer's phone, else the customer's email, else the sign-in email.
pub fn reset_target(ds: &Dataset, email: &str) -> Option<ResetTarget> {
    let (user, credential) = auth::find_login(ds, email)?;
    credential?;
    let customer_id = user.customer_id.clone()?;
    let customer = ds.customers.iter().find(|c| c.customer_id == customer_id);
    let phone = customer.map_or("", |c| c.phone.as_str());
    let contact = customer
        .map(|c| c.email.as_str())
        .filter(|e| !e.trim().is_empty())
        .unwrap_or(&user.email);
    let destination = reset_destination(phone, contact)?;
    Some(ResetTarget {
        user_id: user.user_id.clone(),
        customer_id,
        email: user.email.clone(),
        destination,
        block: auth::can_sign_in(user).err(),
    })
}

/// DEMO ONLY: the six-digit reset code for `user_id` in simulated step `step` (see
/// [`auth::simulated_code`]; nothing is sent and the screen shows it). Seeded apart from
/// the sign-in code, so a sign-in code never resets a password.
pub fn reset_code(user_id: &str, step: i64) -> String {
    auth::simulated_code(&format!("{user_id}{RESET_SEED}"), step)
}

/// Whether `typed` is the reset code `sent` in step `sent_step`, at `unix_seconds`:
/// the same rule as a simulated sign-in code (that step and the next; surrounding
/// spaces ignored).
pub fn reset_code_is_correct(typed: &str, sent: &str, sent_step: i64, unix_seconds: i64) -> bool {
    auth::code_is_correct(
        MfaMethod::Sms,
        typed,
        Some((sent, sent_step)),
        &[],
        false,
        unix_seconds,
    )
}

/// One reason a new password is refused: a broken rule, or a confirmation that differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NewPasswordProblem {
    Rule(PasswordProblem),
    /// The confirmation is not the same text.
    Mismatch,
}

impl NewPasswordProblem {
    /// A stable name for the rule (for `data-rule` and translation keys).
    pub fn key(self) -> &'static str {
        match self {
            NewPasswordProblem::Rule(problem) => match problem {
                PasswordProblem::TooShort { .. } => "length",
                PasswordProblem::NoUppercase => "upper",
                PasswordProblem::NoLowercase => "lower",
                PasswordProblem::NoDigit => "digit",
                PasswordProblem::NoSymbol => "symbol",
                PasswordProblem::ContainsEmailName => "email_name",
                PasswordProblem::SameAsOld => "not_current",
            },
            NewPasswordProblem::Mismatch => "match",
        }
    }
}

/// Every reason to refuse `new` with confirmation `confirm`: [`PasswordRules::check`]'s
/// problems in its order, then [`NewPasswordProblem::Mismatch`]. Empty means acceptable.
pub fn check_new_password(
    rules: &PasswordRules,
    new: &str,
    confirm: &str,
    email: &str,
    old: Option<&str>,
) -> Vec<NewPasswordProblem> {
    let mut problems: Vec<NewPasswordProblem> = rules
        .check(new, email, old)
        .into_iter()
        .map(NewPasswordProblem::Rule)
        .collect();
    if new != confirm {
        problems.push(NewPasswordProblem::Mismatch);
    }
    problems
}

/// The rules a form lists for `rules`, each with whether the typed text meets it yet:
/// length, then the character classes required, the email name when forbidden, "not the
/// current password" only when the current one is known, and the confirmation (met once
/// it is typed and equal).
pub fn password_checklist(
    rules: &PasswordRules,
    new: &str,
    confirm: &str,
    email: &str,
    old: Option<&str>,
) -> Vec<(NewPasswordProblem, bool)> {
    let problems = check_new_password(rules, new, confirm, email, old);
    let listed = [
        (
            true,
            PasswordProblem::TooShort {
                min: rules.min_chars,
            },
        ),
        (rules.require_upper, PasswordProblem::NoUppercase),
        (rules.require_lower, PasswordProblem::NoLowercase),
        (rules.require_digit, PasswordProblem::NoDigit),
        (rules.require_symbol, PasswordProblem::NoSymbol),
        (rules.forbid_email_name, PasswordProblem::ContainsEmailName),
        (
            rules.forbid_reuse && old.is_some(),
            PasswordProblem::SameAsOld,
        ),
    ];
    listed
        .into_iter()
        .filter(|(shown, _)| *shown)
        .map(|(_, problem)| NewPasswordProblem::Rule(problem))
        .chain([NewPasswordProblem::Mismatch])
        .map(|rule| {
            let unmet = problems.contains(&rule)
                || (rule == NewPasswordProblem::Mismatch && confirm.is_empty());
            (rule, !unmet)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{ts, user};
    use crate::model::{
        Address, Credential, CredentialStatus, Customer, Gender, KycStatus, Segment, UserStatus,
    };

    #[test]
    fn phones_show_only_the_country_code_and_last_four_digits() {
        assert_eq!(mask_phone("+96551234567"), "+965 •••• 4567");
        assert_eq!(mask_phone(" +965 5123 4567 "), "+965 •••• 4567");
        assert_eq!(mask_phone("0096551234567"), "+965 •••• 4567");
        assert_eq!(mask_phone("51234567"), "•••• 4567", "no country code");
        assert_eq!(mask_phone("+447700900123"), "•••• 0123", "another country");
        assert_eq!(
            mask_phone("96551234567"),
            "•••• 4567",
            "no + : not sure it is one"
        );
        for bad in ["", "123", "+965", "abc-def", "12-34-56"] {
            assert_eq!(mask_phone(bad), "••••", "{bad:?}");
        }
    }

    #[test]
    fn emails_keep_the_first_letter_and_the_domain() {
        assert_eq!(
            mask_email("yousef.alrashidi1@inbox.example"),
            "y•••@inbox.example"
        );
        assert_eq!(mask_email("  a@b.example "), "a•••@b.example");
        assert_eq!(mask_email("لولوة@mail.example"), "ل•••@mail.example");
        assert_eq!(mask_email("odd@name@mail.example"), "o•••@mail.example");
        for bad in ["", "no-at-sign", "@mail.example", "name@"] {
            assert_eq!(mask_email(bad), "•••", "{bad:?}");
        }
    }

    #[test]
    fn the_code_goes_to_the_phone_else_the_email() {
        assert_eq!(
            reset_destination("+96551234567", "ali@mail.example"),
            Some(ResetDestination {
                channel: ResetChannel::Sms,
                masked: "+965 •••• 4567".into()
            })
        );
        assert_eq!(
            reset_destination("", "ali@mail.example"),
            Some(ResetDestination {
                channel: ResetChannel::Email,
                masked: "a•••@mail.example".into()
            })
        );
        assert_eq!(
            reset_destination("123", "ali@mail.example").map(|d| d.channel),
            Some(ResetChannel::Email),
            "too short to be a phone"
        );
        assert_eq!(reset_destination("", "not an email"), None);
        assert_eq!(reset_destination("  ", ""), None);
        assert_eq!(ResetChannel::Sms.as_str(), "SMS");
        assert_eq!(ResetChannel::Email.as_str(), "EMAIL");
    }

    fn customer(id: &str, phone: &str, email: &str) -> Customer {
        Customer {
            customer_id: id.into(),
            first_name_en: "Ali".into(),
            last_name_en: "Al-Bahar".into(),
            first_name_ar: "علي".into(),
            last_name_ar: "البحر".into(),
            email: email.into(),
            phone: phone.into(),
            civil_id: "285031512342".into(),
            nationality: "KW".into(),
            gender: Gender::Male,
            date_of_birth: crate::fixtures::date(1985, 3, 15),
            segment: Segment::Retail,
            kyc_status: KycStatus::Verified,
            address: Address {
                governorate: "Hawalli".into(),
                area: "Salmiya".into(),
                block: "10".into(),
                street: "Salem Al Mubarak St".into(),
                building: "12".into(),
            },
            created_at: ts("2025-01-01T10:00:00+03:00"),
        }
    }

    fn credential(user_id: &str) -> Credential {
        Credential {
            user_id: user_id.into(),
            password_hash: "$2b$10$x".into(),
            pin_hash: "$2b$10$y".into(),
            status: CredentialStatus::Active,
            password_changed_at: ts("2026-10-01T10:00:00+03:00"),
            expires_at: ts("2027-03-30T10:00:00+03:00"),
        }
    }

    /// u1/c1 has a phone; u2/c2 has none; u3/c3 is LOCKED; u9 is an analyst; u4/c4 has
    /// no credential.
    fn dataset() -> Dataset {
        let mut locked = user("u3", Some("c3"));
        locked.status = UserStatus::Locked;
        Dataset {
            auth_users: vec![
                user("u1", Some("c1")),
                user("u2", Some("c2")),
                locked,
                user("u4", Some("c4")),
                user("u9", None),
            ],
            customers: vec![
                customer("c1", "+96551234567", "u1@mail.example"),
                customer("c2", "", "contact.u2@post.example"),
                customer("c3", "+96590001111", "u3@mail.example"),
                customer("c4", "+96590002222", "u4@mail.example"),
            ],
            credentials: vec![
                credential("u1"),
                credential("u2"),
                credential("u3"),
                credential("u9"),
            ],
            ..Dataset::default()
        }
    }

    #[test]
    fn reset_targets_are_customers_with_a_credential() {
        let ds = dataset();
        let phone = reset_target(&ds, "  U1@Mail.Example ");
        assert_eq!(
            phone,
            Some(ResetTarget {
                user_id: "u1".into(),
                customer_id: "c1".into(),
                email: "u1@mail.example".into(),
                destination: ResetDestination {
                    channel: ResetChannel::Sms,
                    masked: "+965 •••• 4567".into()
                },
                block: None,
            })
        );
        let email = reset_target(&ds, "u2@mail.example").map(|t| t.destination);
        assert_eq!(
            email,
            Some(ResetDestination {
                channel: ResetChannel::Email,
                masked: "c•••@post.example".into()
            }),
            "no phone: the customer's contact email"
        );
        assert_eq!(
            reset_target(&ds, "u3@mail.example").and_then(|t| t.block),
            Some(SignInBlock::Locked),
            "a reset does not unlock, and the screen can say so"
        );
        assert_eq!(reset_target(&ds, "u4@mail.example"), None, "no credential");
        assert_eq!(reset_target(&ds, "u9@mail.example"), None, "staff");
        assert_eq!(reset_target(&ds, "nobody@mail.example"), None);
        assert_eq!(reset_target(&ds, ""), None);
    }

    #[test]
    fn without_a_customer_record_the_code_goes_to_the_sign_in_email() {
        let mut ds = dataset();
        ds.customers.retain(|c| c.customer_id != "c1");
        assert_eq!(
            reset_target(&ds, "u1@mail.example").map(|t| t.destination),
            Some(ResetDestination {
                channel: ResetChannel::Email,
                masked: "u•••@mail.example".into()
            })
        );
    }

    #[test]
    fn reset_codes_are_six_digits_and_differ_from_sign_in_codes() {
        let step = auth::simulated_step(1_800_000_000);
        let code = reset_code("u1", step);
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(reset_code("u1", step), code, "deterministic");
        assert_eq!(code, auth::simulated_code("u1:PASSWORD-RESET", step));
        for s in step..step + 50 {
            assert_ne!(
                reset_code("u1", s),
                auth::simulated_code("u1", s),
                "step {s}"
            );
        }
        assert_ne!(reset_code("u2", step), code, "per user");
    }

    #[test]
    fn reset_codes_are_valid_for_their_step_and_the_next() {
        let now = 1_800_000_000;
        let step = auth::simulated_step(now);
        let code = reset_code("u1", step);
        assert!(reset_code_is_correct(&code, &code, step, now));
        assert!(reset_code_is_correct(
            &format!(" {code} "),
            &code,
            step,
            now
        ));
        assert!(reset_code_is_correct(
            &code,
            &code,
            step,
            now + auth::SIMULATED_CODE_SECONDS
        ));
        assert!(!reset_code_is_correct(
            &code,
            &code,
            step,
            now + 2 * auth::SIMULATED_CODE_SECONDS
        ));
        assert!(!reset_code_is_correct("", &code, step, now));
        let sign_in = auth::simulated_code("u1", step);
        assert!(!reset_code_is_correct(&sign_in, &code, step, now));
    }

    #[test]
    fn problem_keys_are_distinct() {
        let all = [
            NewPasswordProblem::Rule(PasswordProblem::TooShort { min: 10 }),
            NewPasswordProblem::Rule(PasswordProblem::NoUppercase),
            NewPasswordProblem::Rule(PasswordProblem::NoLowercase),
            NewPasswordProblem::Rule(PasswordProblem::NoDigit),
            NewPasswordProblem::Rule(PasswordProblem::NoSymbol),
            NewPasswordProblem::Rule(PasswordProblem::ContainsEmailName),
            NewPasswordProblem::Rule(PasswordProblem::SameAsOld),
            NewPasswordProblem::Mismatch,
        ];
        let mut keys: Vec<&str> = all.iter().map(|p| p.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), all.len());
    }

    #[test]
    fn new_passwords_follow_the_rules_and_must_be_confirmed() {
        let rules = PasswordRules::default();
        let email = "zainab.alsabah5@inbox.example";
        let old = Some("BankDash-Expired-2026!");
        let good = "Harbour-Lights-77";
        assert_eq!(check_new_password(&rules, good, good, email, old), vec![]);
        assert_eq!(
            check_new_password(&rules, good, "Harbour-Lights-78", email, old),
            vec![NewPasswordProblem::Mismatch]
        );
        assert_eq!(
            check_new_password(&rules, "weak", "weak", email, old),
            vec![
                NewPasswordProblem::Rule(PasswordProblem::TooShort { min: 10 }),
                NewPasswordProblem::Rule(PasswordProblem::NoUppercase),
                NewPasswordProblem::Rule(PasswordProblem::NoDigit),
                NewPasswordProblem::Rule(PasswordProblem::NoSymbol),
            ]
        );
        let reused = "BankDash-Expired-2026!";
        assert_eq!(
            check_new_password(&rules, reused, reused, email, old),
            vec![NewPasswordProblem::Rule(PasswordProblem::SameAsOld)]
        );
        assert_eq!(
            check_new_password(&rules, reused, reused, email, None),
            vec![],
            "the current password unknown: not checked here"
        );
    }

    #[test]
    fn the_checklist_ticks_rules_as_they_are_met() {
        let rules = PasswordRules::default();
        let email = "ali.albahar6@mail.example";
        let keys = |list: &[(NewPasswordProblem, bool)]| -> Vec<(&str, bool)> {
            list.iter().map(|(p, ok)| (p.key(), *ok)).collect()
        };
        assert_eq!(
            keys(&password_checklist(&rules, "", "", email, None)),
            vec![
                ("length", false),
                ("upper", false),
                ("lower", false),
                ("digit", false),
                ("symbol", false),
                ("email_name", true),
                ("match", false),
            ],
            "empty: nothing met but the email rule, and no current-password rule"
        );
        assert_eq!(
            keys(&password_checklist(
                &rules,
                "ali.albahar6-X!",
                "",
                email,
                Some("Old-Password-1!")
            )),
            vec![
                ("length", true),
                ("upper", true),
                ("lower", true),
                ("digit", true),
                ("symbol", true),
                ("email_name", false),
                ("not_current", true),
                ("match", false),
            ]
        );
        let good = "Harbour-Lights-77";
        assert!(password_checklist(&rules, good, good, email, Some("x"))
            .iter()
            .all(|(_, ok)| *ok));
        let lax = PasswordRules {
            require_symbol: false,
            forbid_email_name: false,
            ..PasswordRules::DEFAULT
        };
        let listed: Vec<&str> = password_checklist(&lax, "", "", email, None)
            .iter()
            .map(|(p, _)| p.key())
            .collect();
        assert_eq!(listed, vec!["length", "upper", "lower", "digit", "match"]);
    }
}
