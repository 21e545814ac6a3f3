//! Sign-in rules, kept pure so the UI, the journal and the tests share one definition:
//! the lockout state machine, the password policy, one-time codes (RFC 4226 HOTP,
//! RFC 6238 TOTP, base32 and `otpauth://` URIs, simulated SMS/EMAIL codes) and who may
//! see which record.
//!
//! Nothing here mutates a dataset: functions take records by reference and return the
//! new values and the audit entries to append, so a caller decides when to commit them.

use crate::dataset::Dataset;
use crate::model::{
    AuthUser, Credential, DeviceStatus, LoginSession, MfaMethod, MfaSetting, Role, SessionStatus,
    Severity, UserStatus,
};
use crate::time::{days, in_kuwait, Timestamp};
use crate::timeline::AuditAction;
use hmac::digest::Key;
use hmac::{Hmac, Mac};
use sha1::{Digest, Sha1};
use std::fmt;

// ---------------------------------------------------------------------------------
// Lockout
// ---------------------------------------------------------------------------------

/// Wrong passwords allowed before the account locks: the 5th failure locks it (the
/// dataset's validator requires LOCKED at this count).
pub const MAX_FAILED_ATTEMPTS: u32 = 5;

/// Why a user may not sign in. `Display` gives the English text; the app translates
/// each variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SignInBlock {
    /// Too many wrong passwords; the bank has to unlock the account.
    Locked,
    /// The bank suspended the account.
    Suspended,
}

impl fmt::Display for SignInBlock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SignInBlock::Locked => "this account is locked after too many failed sign-in attempts",
            SignInBlock::Suspended => "this account is suspended",
        })
    }
}

impl std::error::Error for SignInBlock {}

/// An audit log to append: the action code and how serious it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AuditEntry {
    pub action: AuditAction,
    pub severity: Severity,
}

/// The audit log of every wrong password (as the generated dataset writes it).
pub const LOGIN_FAILED: AuditEntry = AuditEntry {
    action: AuditAction::LoginFailed,
    severity: Severity::Medium,
};
/// The extra audit log of the failure that locks the account.
pub const ACCOUNT_LOCKED: AuditEntry = AuditEntry {
    action: AuditAction::AccountLocked,
    severity: Severity::High,
};
/// The audit log of a successful sign-in.
pub const LOGIN_SUCCESS: AuditEntry = AuditEntry {
    action: AuditAction::LoginSuccess,
    severity: Severity::Low,
};

/// Whether the user may try to sign in. Checked before the password, so a blocked
/// account gives nothing away about whether a guess was right.
pub fn can_sign_in(user: &AuthUser) -> Result<(), SignInBlock> {
    match user.status {
        UserStatus::Active => Ok(()),
        UserStatus::Locked => Err(SignInBlock::Locked),
        UserStatus::Suspended => Err(SignInBlock::Suspended),
    }
}

/// What one wrong password does to a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureOutcome {
    /// The new `failed_login_attempts`.
    pub failed_login_attempts: u32,
    /// The new `status`.
    pub status: UserStatus,
    /// True when this failure is the one that locks the account.
    pub locks: bool,
    /// Wrong passwords left before the account locks (0 once it is blocked).
    pub remaining_attempts: u32,
    /// Audit logs to append, in order: LOGIN_FAILED, then ACCOUNT_LOCKED if it locks.
    pub audits: Vec<AuditEntry>,
}

impl FailureOutcome {
    /// The user record with this outcome applied.
    pub fn applied_to(&self, user: &AuthUser) -> AuthUser {
        AuthUser {
            failed_login_attempts: self.failed_login_attempts,
            status: self.status,
            ..user.clone()
        }
    }
}

/// The outcome of a wrong password for `user`.
///
/// The attempt is always audited. The counter only moves while the account is ACTIVE:
/// a blocked account is refused before its password is checked (see [`can_sign_in`]),
/// and leaving a SUSPENDED record alone keeps it from reaching five failures without
/// being LOCKED, which the validator forbids.
pub fn after_failure(user: &AuthUser) -> FailureOutcome {
    if can_sign_in(user).is_err() {
        return FailureOutcome {
            failed_login_attempts: user.failed_login_attempts,
            status: user.status,
            locks: false,
            remaining_attempts: 0,
            audits: vec![LOGIN_FAILED],
        };
    }
    let attempts = user.failed_login_attempts.saturating_add(1);
    // `>=` rather than `==`: an ACTIVE record already past the limit (bad data) locks too.
    let locks = attempts >= MAX_FAILED_ATTEMPTS;
    FailureOutcome {
        failed_login_attempts: attempts,
        status: if locks {
            UserStatus::Locked
        } else {
            UserStatus::Active
        },
        locks,
        remaining_attempts: MAX_FAILED_ATTEMPTS.saturating_sub(attempts),
        audits: if locks {
            vec![LOGIN_FAILED, ACCOUNT_LOCKED]
        } else {
            vec![LOGIN_FAILED]
        },
    }
}

/// What a successful sign-in does to a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuccessOutcome {
    /// The user with the failure counter reset and `last_login_at` set.
    pub user: AuthUser,
    /// LOGIN_SUCCESS (LOW).
    pub audit: AuditEntry,
}

/// The outcome of a right password (and code, when MFA is on) at `now`. Refused for a
/// blocked user, so a late success can never unlock an account; only the bank does.
pub fn after_success(user: &AuthUser, now: &Timestamp) -> Result<SuccessOutcome, SignInBlock> {
    can_sign_in(user)?;
    Ok(SuccessOutcome {
        user: AuthUser {
            failed_login_attempts: 0,
            last_login_at: Some(in_kuwait(now)),
            ..user.clone()
        },
        audit: LOGIN_SUCCESS,
    })
}

// ---------------------------------------------------------------------------------
// Passwords
// ---------------------------------------------------------------------------------

/// How long a password lasts before it must be changed (as the dataset generates it).
pub const PASSWORD_LIFETIME_DAYS: i64 = 180;

/// Email names shorter than this are not checked: "containing `a`" would reject
/// nearly every password without making any of them safer.
const MIN_EMAIL_NAME_CHARS: usize = 3;

/// What a new password must satisfy. Fields are public so a stricter policy can be
/// written as `PasswordRules { min_chars: 12, ..PasswordRules::DEFAULT }`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PasswordRules {
    /// Minimum length in characters (not bytes, so Arabic counts fairly).
    pub min_chars: usize,
    pub require_upper: bool,
    pub require_lower: bool,
    /// Any Unicode digit counts, so Arabic-Indic digits do too.
    pub require_digit: bool,
    /// Anything that is not a letter, digit or whitespace.
    pub require_symbol: bool,
    /// Refuse passwords containing the email's local part (case-insensitive).
    pub forbid_email_name: bool,
    /// Refuse the current password as the new one.
    pub forbid_reuse: bool,
}

/// One broken rule. `Display` gives the English text; the app translates each variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PasswordProblem {
    /// Fewer than `min` characters.
    TooShort {
        min: usize,
    },
    NoUppercase,
    NoLowercase,
    NoDigit,
    NoSymbol,
    /// Contains the part of the email before the `@`.
    ContainsEmailName,
    /// The same as the current password.
    SameAsOld,
}

impl fmt::Display for PasswordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordProblem::TooShort { min } => write!(f, "use at least {min} characters"),
            PasswordProblem::NoUppercase => f.write_str("add an upper-case letter"),
            PasswordProblem::NoLowercase => f.write_str("add a lower-case letter"),
            PasswordProblem::NoDigit => f.write_str("add a digit"),
            PasswordProblem::NoSymbol => f.write_str("add a symbol such as ! or #"),
            PasswordProblem::ContainsEmailName => {
                f.write_str("do not use your email name in the password")
            }
            PasswordProblem::SameAsOld => {
                f.write_str("choose a password different from the current one")
            }
        }
    }
}

impl PasswordRules {
    /// At least 10 characters with an upper-case letter, a lower-case letter, a digit and
    /// a symbol; not containing the email's name; not the current password.
    pub const DEFAULT: PasswordRules = PasswordRules {
        min_chars: 10,
        require_upper: true,
        require_lower: true,
        require_digit: true,
        require_symbol: true,
        forbid_email_name: true,
        forbid_reuse: true,
    };

    /// Every rule `password` breaks, in the order of [`PasswordProblem`]'s variants, so
    /// the form can list them all at once. Empty means acceptable. `old` is the current
    /// password when changing it (None when setting the first one).
    pub fn check(&self, password: &str, email: &str, old: Option<&str>) -> Vec<PasswordProblem> {
        let has = |test: fn(char) -> bool| password.chars().any(test);
        let mut problems = Vec::new();
        if password.chars().count() < self.min_chars {
            problems.push(PasswordProblem::TooShort {
                min: self.min_chars,
            });
        }
        if self.require_upper && !has(char::is_uppercase) {
            problems.push(PasswordProblem::NoUppercase);
        }
        if self.require_lower && !has(char::is_lowercase) {
            problems.push(PasswordProblem::NoLowercase);
        }
        if self.require_digit && !has(char::is_numeric) {
            problems.push(PasswordProblem::NoDigit);
        }
        if self.require_symbol && !has(|c| !c.is_alphanumeric() && !c.is_whitespace()) {
            problems.push(PasswordProblem::NoSymbol);
        }
        if self.forbid_email_name && contains_email_name(password, email) {
            problems.push(PasswordProblem::ContainsEmailName);
        }
        if self.forbid_reuse && old == Some(password) {
            problems.push(PasswordProblem::SameAsOld);
        }
        problems
    }
}

impl Default for PasswordRules {
    fn default() -> Self {
        PasswordRules::DEFAULT
    }
}

/// Whether `password` contains the email's local part, ignoring case (the part after
/// the last `@` is the domain; without an `@` the whole text counts as the name).
fn contains_email_name(password: &str, email: &str) -> bool {
    let name = email
        .trim()
        .rsplit_once('@')
        .map_or(email.trim(), |(local, _)| local)
        .to_lowercase();
    name.chars().count() >= MIN_EMAIL_NAME_CHARS && password.to_lowercase().contains(&name)
}

/// Whether the password has expired at `now`: strictly after `expires_at`, the same
/// comparison the validator uses, so the screen and the data agree.
pub fn is_expired(cred: &Credential, now: &Timestamp) -> bool {
    cred.expires_at < *now
}

/// When a password changed at `changed_at` expires.
pub fn password_expires_at(changed_at: &Timestamp) -> Timestamp {
    *changed_at + days(PASSWORD_LIFETIME_DAYS)
}

// ---------------------------------------------------------------------------------
// One-time codes
// ---------------------------------------------------------------------------------

/// Digits in every one-time code.
pub const CODE_DIGITS: usize = 6;
/// TOTP time step (RFC 6238's default X).
pub const TOTP_PERIOD_SECONDS: i64 = 30;
/// The largest clock skew `verify_totp` honours, in steps either way: a window wider
/// than five minutes would make guessing noticeably easier.
pub const MAX_SKEW_STEPS: i64 = 10;
/// How long a simulated SMS/EMAIL code stays the same (see [`simulated_step`]).
pub const SIMULATED_CODE_SECONDS: i64 = 300;
/// Wrong codes allowed for one code sent; then a new code must be requested.
pub const MAX_CODE_ATTEMPTS: u32 = 3;

const CODE_MODULUS: u32 = 1_000_000;

type HmacSha1 = Hmac<Sha1>;

/// HMAC-SHA-1 (RFC 2104). The key is brought to the block size here, exactly as
/// RFC 2104 §2 prescribes (hash it when longer, pad with zeros), so creating the MAC
/// takes a fixed-size key and cannot fail whatever secret the caller passes.
fn hmac_sha1(key: &[u8], message: &[u8]) -> [u8; 20] {
    let mut block = Key::<HmacSha1>::default();
    let hashed;
    let source: &[u8] = if key.len() > block.len() {
        hashed = Sha1::digest(key);
        &hashed
    } else {
        key
    };
    for (slot, byte) in block.iter_mut().zip(source) {
        *slot = *byte;
    }
    let mut mac = <HmacSha1 as Mac>::new(&block);
    mac.update(message);
    let mut out = [0u8; 20];
    for (slot, byte) in out.iter_mut().zip(mac.finalize().into_bytes()) {
        *slot = byte;
    }
    out
}

/// RFC 4226 HOTP: HMAC-SHA-1 of the big-endian counter, dynamically truncated to
/// six digits (returned as a number; see [`format_code`] for the leading zeros).
pub fn hotp(secret: &[u8], counter: u64) -> u32 {
    let hash = hmac_sha1(secret, &counter.to_be_bytes());
    // The low nibble of the last byte picks 4 bytes; at most 15 + 3 = 18 < 20.
    let offset = usize::from(hash[19] & 0x0f);
    let bin = u32::from_be_bytes([
        hash[offset],
        hash[offset + 1],
        hash[offset + 2],
        hash[offset + 3],
    ]) & 0x7fff_ffff;
    bin % CODE_MODULUS
}

/// The TOTP counter at a Unix time. Clocks before 1970 are wrong anyway; they get
/// step 0 rather than a negative counter.
fn totp_step(unix_seconds: i64) -> u64 {
    u64::try_from(unix_seconds.div_euclid(TOTP_PERIOD_SECONDS)).unwrap_or(0)
}

/// RFC 6238 TOTP with SHA-1, 6 digits and a 30-second step from the Unix epoch.
pub fn totp(secret: &[u8], unix_seconds: i64) -> u32 {
    hotp(secret, totp_step(unix_seconds))
}

/// A code as shown and typed: six digits with leading zeros ("005924").
pub fn format_code(code: u32) -> String {
    format!("{:0width$}", code % CODE_MODULUS, width = CODE_DIGITS)
}

/// The code as a number if it is exactly six ASCII digits. Anything else (spaces,
/// signs, other scripts' digits, other lengths) is refused rather than tidied up, so
/// one typed string has one meaning.
fn parse_code(code: &str) -> Option<u32> {
    if code.len() != CODE_DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    code.parse().ok()
}

/// Whether `code` is the TOTP for `unix_seconds` or for up to `skew_steps` steps before
/// or after (phones' clocks drift). A negative skew counts as 0; more than
/// [`MAX_SKEW_STEPS`] counts as that many.
pub fn verify_totp(secret: &[u8], code: &str, unix_seconds: i64, skew_steps: i64) -> bool {
    let Some(wanted) = parse_code(code) else {
        return false;
    };
    let skew = skew_steps.clamp(0, MAX_SKEW_STEPS).unsigned_abs();
    let now = totp_step(unix_seconds);
    (now.saturating_sub(skew)..=now.saturating_add(skew)).any(|step| hotp(secret, step) == wanted)
}

const BASE32_ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32, upper case, without `=` padding (the form authenticator apps show).
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity((bytes.len() * 8).div_ceil(5));
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    for &byte in bytes {
        buffer = (buffer << 8) | u32::from(byte);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(base32_char(buffer >> bits));
        }
        buffer &= (1 << bits) - 1;
    }
    if bits > 0 {
        out.push(base32_char(buffer << (5 - bits)));
    }
    out
}

fn base32_char(value: u32) -> char {
    char::from(BASE32_ALPHABET[(value & 31) as usize])
}

/// Decodes RFC 4648 base32 as people type it: any case, whitespace anywhere (apps
/// show secrets in groups of four), trailing `=` padding allowed. None for any other
/// character, a length no byte string encodes to, or non-zero leftover bits (so each
/// byte string has one spelling).
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let end = compact
        .iter()
        .rposition(|&b| b != b'=')
        .map_or(0, |i| i + 1);
    let digits = compact.get(..end)?;
    if !matches!(digits.len() % 8, 0 | 2 | 4 | 5 | 7) {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() * 5 / 8);
    let mut buffer: u32 = 0;
    let mut bits = 0u32;
    for &digit in digits {
        let upper = digit.to_ascii_uppercase();
        let value = BASE32_ALPHABET.iter().position(|&a| a == upper)?;
        buffer = (buffer << 5) | value as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    (buffer == 0).then_some(out)
}

/// The `otpauth://` URI an authenticator app reads from a QR code (Google's Key Uri
/// Format): label `Issuer:account`, then the secret, issuer and the parameters this
/// module uses. Issuer and account are percent-encoded (everything but RFC 3986's
/// unreserved characters), so spaces, `:`, `@`, `&` or Arabic cannot break the URI;
/// the secret is given without whitespace or padding, in upper case.
pub fn otpauth_uri(issuer: &str, account: &str, secret_b32: &str) -> String {
    let secret: String = secret_b32
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    let issuer = percent_encode(issuer);
    format!(
        "otpauth://totp/{issuer}:{}?secret={}&issuer={issuer}&algorithm=SHA1&digits={CODE_DIGITS}&period={TOTP_PERIOD_SECONDS}",
        percent_encode(account),
        percent_encode(&secret),
    )
}

fn percent_encode(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0x0f)]));
        }
    }
    out
}

/// The step a simulated SMS/EMAIL code belongs to: codes change every
/// [`SIMULATED_CODE_SECONDS`].
pub fn simulated_step(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(SIMULATED_CODE_SECONDS)
}

/// DEMO ONLY: the six-digit code a simulated SMS or email would carry. Nothing is
/// sent; the app shows the code on screen. It is HOTP keyed by SHA-1 of `seed` at
/// counter `now_step` (negative steps count as 0), so it is deterministic and anyone
/// who knows the seed can compute it: a real bank sends a random code from a server.
/// Use a seed naming the user and channel (e.g. "u-0001:SMS") so codes differ.
pub fn simulated_code(seed: &str, now_step: i64) -> String {
    let key = Sha1::digest(seed.as_bytes());
    format_code(hotp(&key, u64::try_from(now_step).unwrap_or(0)))
}

/// Wrong codes entered for the code currently sent. Sending a new code starts a new
/// tracker ([`CodeAttempts::default`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CodeAttempts {
    pub failed: u32,
}

/// What one submitted code led to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeVerdict {
    Accepted,
    /// Wrong; `remaining` more tries for this code (0: request a new one).
    WrongCode {
        remaining: u32,
    },
    /// The tries for this code were used up; it was not checked.
    TooManyAttempts,
}

/// Whether another code may be tried after `failed` wrong ones.
pub fn can_attempt_code(failed: u32) -> bool {
    failed < MAX_CODE_ATTEMPTS
}

impl CodeAttempts {
    pub fn can_attempt(self) -> bool {
        can_attempt_code(self.failed)
    }

    pub fn remaining(self) -> u32 {
        MAX_CODE_ATTEMPTS.saturating_sub(self.failed)
    }

    /// Records one submission whose correctness the caller checked. Once the tries
    /// are used up even a right code is refused: otherwise the limit would not stop
    /// someone trying all million codes.
    pub fn submit(self, correct: bool) -> (CodeAttempts, CodeVerdict) {
        if !self.can_attempt() {
            return (self, CodeVerdict::TooManyAttempts);
        }
        if correct {
            return (self, CodeVerdict::Accepted);
        }
        let next = CodeAttempts {
            failed: self.failed.saturating_add(1),
        };
        (
            next,
            CodeVerdict::WrongCode {
                remaining: next.remaining(),
            },
        )
    }
}

// ---------------------------------------------------------------------------------
// Session lifetime
// ---------------------------------------------------------------------------------

/// A signed-in session ends after this long without user activity.
pub const SESSION_IDLE_MINUTES: i64 = 15;

/// A session started now may last at most this long, active or not.
pub const SESSION_MAX_HOURS: i64 = 12;

/// The `expires_at` of a session started at `now`.
pub fn session_expires_at(now: &Timestamp) -> Timestamp {
    *now + chrono::Duration::hours(SESSION_MAX_HOURS)
}

/// Why a signed-in session is over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionEnd {
    /// No user activity for [`SESSION_IDLE_MINUTES`].
    Idle,
    /// Past the session's `expires_at`.
    Expired,
    /// The session is no longer ACTIVE in the data (terminated, e.g. from the security
    /// page or another device), or it is gone.
    Ended,
}

/// Whether the session the browser holds is still good at `now`, given the user's last
/// activity in this browser. `session` is the record's status and expiry (None when the
/// record is gone). `None` means it is still good.
pub fn session_end(
    session: Option<(SessionStatus, &Timestamp)>,
    last_active: &Timestamp,
    now: &Timestamp,
) -> Option<SessionEnd> {
    match session {
        Some((SessionStatus::Active, expires_at)) if now >= expires_at => Some(SessionEnd::Expired),
        Some((SessionStatus::Active, _))
            if *now - *last_active >= chrono::Duration::minutes(SESSION_IDLE_MINUTES) =>
        {
            Some(SessionEnd::Idle)
        }
        Some((SessionStatus::Active, _)) => None,
        _ => Some(SessionEnd::Ended),
    }
}

/// [`session_end`] for a session record.
pub fn login_session_end(
    session: Option<&LoginSession>,
    last_active: &Timestamp,
    now: &Timestamp,
) -> Option<SessionEnd> {
    session_end(session.map(|s| (s.status, &s.expires_at)), last_active, now)
}

// ---------------------------------------------------------------------------------
// Authorization
// ---------------------------------------------------------------------------------

/// Who is signed in, as far as access rules care.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Principal {
    Customer {
        user_id: String,
        customer_id: String,
    },
    /// Bank staff: sees aggregate pages, never a customer's own pages.
    Analyst { user_id: String },
}

impl Principal {
    pub fn user_id(&self) -> &str {
        match self {
            Principal::Customer { user_id, .. } | Principal::Analyst { user_id } => user_id,
        }
    }

    /// The customer whose records this principal may see (None for analysts).
    pub fn customer_id(&self) -> Option<&str> {
        match self {
            Principal::Customer { customer_id, .. } => Some(customer_id),
            Principal::Analyst { .. } => None,
        }
    }
}

/// The principal a user acts as. None when role and customer link disagree (a
/// CUSTOMER without a customer, an ANALYST with one): such a record gets no access
/// rather than a guess. Status is not consulted; [`can_sign_in`] gates signing in.
pub fn principal_of(user: &AuthUser) -> Option<Principal> {
    match (user.role, &user.customer_id) {
        (Role::Customer, Some(customer_id)) => Some(Principal::Customer {
            user_id: user.user_id.clone(),
            customer_id: customer_id.clone(),
        }),
        (Role::Analyst, None) => Some(Principal::Analyst {
            user_id: user.user_id.clone(),
        }),
        _ => None,
    }
}

pub fn is_analyst(p: &Principal) -> bool {
    matches!(p, Principal::Analyst { .. })
}

/// Whether `p` may read a record owned by `owner_customer_id`: customers only their
/// own; analysts never (customer pages are for customers only).
pub fn can_read_customer_record(p: &Principal, owner_customer_id: &str) -> bool {
    p.customer_id() == Some(owner_customer_id)
}

// The owns_* helpers answer false both for ids that do not exist and for records of
// someone else, so a screen cannot tell the two apart (no probing for valid ids).

pub fn owns_account(ds: &Dataset, p: &Principal, account_id: &str) -> bool {
    ds.accounts
        .iter()
        .find(|a| a.account_id == account_id)
        .is_some_and(|a| can_read_customer_record(p, &a.customer_id))
}

pub fn owns_transaction(ds: &Dataset, p: &Principal, transaction_id: &str) -> bool {
    ds.transactions
        .iter()
        .find(|t| t.transaction_id == transaction_id)
        .is_some_and(|t| can_read_customer_record(p, &t.customer_id))
}

pub fn owns_goal(ds: &Dataset, p: &Principal, goal_id: &str) -> bool {
    ds.savings_goals
        .iter()
        .find(|g| g.goal_id == goal_id)
        .is_some_and(|g| can_read_customer_record(p, &g.customer_id))
}

/// Sessions and devices belong to a user; the user's customer owns them.
fn user_customer<'a>(ds: &'a Dataset, user_id: &str) -> Option<&'a str> {
    ds.auth_users
        .iter()
        .find(|u| u.user_id == user_id)
        .and_then(|u| u.customer_id.as_deref())
}

pub fn owns_session(ds: &Dataset, p: &Principal, session_id: &str) -> bool {
    ds.login_sessions
        .iter()
        .find(|s| s.session_id == session_id)
        .and_then(|s| user_customer(ds, &s.user_id))
        .is_some_and(|owner| can_read_customer_record(p, owner))
}

pub fn owns_device(ds: &Dataset, p: &Principal, device_id: &str) -> bool {
    ds.registered_devices
        .iter()
        .find(|d| d.device_id == device_id)
        .and_then(|d| user_customer(ds, &d.user_id))
        .is_some_and(|owner| can_read_customer_record(p, owner))
}

/// The records `p` may read, without secrets: a customer gets only their own records
/// (by customer_id, and their user's by user_id); an analyst the whole bank. Nobody gets
/// credentials (password hashes) or TOTP secrets: only sign-in reads those, from the full
/// dataset. Screens read this view, so a page given another customer's id finds nothing.
pub fn visible_to(ds: &Dataset, p: &Principal) -> Dataset {
    fn keep<T: Clone>(records: &[T], mine: impl Fn(&T) -> bool) -> Vec<T> {
        records.iter().filter(|r| mine(r)).cloned().collect()
    }
    let (uid, cid) = (p.user_id(), p.customer_id());
    // Analysts: the whole bank without secrets, copied whole (a 2,000-customer bank copies
    // about three times faster than it filters record by record into growing vectors).
    if cid.is_none() {
        let mut all = ds.clone();
        all.credentials.clear();
        for m in &mut all.mfa_settings {
            m.totp_secret = None;
        }
        return all;
    }
    // Customers: only their own.
    let of_customer = |id: &str| cid.is_none_or(|c| c == id);
    let of_user = |id: &str| cid.is_none() || id == uid;
    let mut mfa_settings = keep(&ds.mfa_settings, |m| of_user(&m.user_id));
    for m in &mut mfa_settings {
        m.totp_secret = None;
    }
    Dataset {
        customers: keep(&ds.customers, |c| of_customer(&c.customer_id)),
        accounts: keep(&ds.accounts, |a| of_customer(&a.customer_id)),
        transactions: keep(&ds.transactions, |t| of_customer(&t.customer_id)),
        savings_goals: keep(&ds.savings_goals, |g| of_customer(&g.customer_id)),
        service_requests: keep(&ds.service_requests, |r| of_customer(&r.customer_id)),
        dispute_records: keep(&ds.dispute_records, |d| of_customer(&d.customer_id)),
        notifications: keep(&ds.notifications, |n| of_customer(&n.customer_id)),
        auth_users: keep(&ds.auth_users, |u| of_user(&u.user_id)),
        credentials: Vec::new(),
        mfa_settings,
        registered_devices: keep(&ds.registered_devices, |d| of_user(&d.user_id)),
        login_sessions: keep(&ds.login_sessions, |s| of_user(&s.user_id)),
        audit_logs: keep(&ds.audit_logs, |a| {
            of_user(&a.user_id) || a.customer_id.as_deref().is_some_and(of_customer)
        }),
        customer_settings: keep(&ds.customer_settings, |s| of_customer(&s.customer_id)),
    }
}

// ---- Sign-in lookups: what the sign-in page needs from the dataset ----

/// The user signing in with `email` (case-insensitive) and their credential.
pub fn find_login<'a>(
    ds: &'a Dataset,
    email: &str,
) -> Option<(&'a AuthUser, Option<&'a Credential>)> {
    let email = email.trim().to_lowercase();
    let user = ds
        .auth_users
        .iter()
        .find(|u| u.email.to_lowercase() == email)?;
    Some((
        user,
        ds.credentials.iter().find(|c| c.user_id == user.user_id),
    ))
}

/// The second factor to ask for: the primary enabled MFA method, else the first enabled.
pub fn sign_in_factor<'a>(ds: &'a Dataset, user_id: &str) -> Option<&'a MfaSetting> {
    let mut enabled = ds
        .mfa_settings
        .iter()
        .filter(|m| m.user_id == user_id && m.enabled);
    let first = enabled.clone().next();
    enabled.find(|m| m.is_primary).or(first)
}

/// Why a new session cannot be placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlaceProblem {
    /// The user has no ACTIVE device to sign in on.
    NoActiveDevice,
    /// The user has never had a session, so there is no IP or city to use.
    NoHistory,
}

/// Where a new session runs: the user's first ACTIVE device, with the IP and city of
/// their most recent session (the demo has no real network to read them from).
pub fn sign_in_place(
    ds: &Dataset,
    user_id: &str,
) -> Result<(String, String, String), PlaceProblem> {
    let device = ds
        .registered_devices
        .iter()
        .find(|d| d.user_id == user_id && d.status == DeviceStatus::Active)
        .ok_or(PlaceProblem::NoActiveDevice)?;
    let last = ds
        .login_sessions
        .iter()
        .filter(|s| s.user_id == user_id)
        .max_by_key(|s| s.started_at)
        .ok_or(PlaceProblem::NoHistory)?;
    Ok((
        device.device_id.clone(),
        last.ip_address.clone(),
        last.city.clone(),
    ))
}

/// Whether a typed code answers the challenge: SMS/EMAIL compare with the simulated code
/// sent in `sent_step` (valid for that step and the next), APP checks TOTP (±1 step),
/// BIOMETRIC is the user's confirmation.
pub fn code_is_correct(
    method: MfaMethod,
    typed: &str,
    sent: Option<(&str, i64)>,
    totp_secret: &[u8],
    confirmed: bool,
    unix_seconds: i64,
) -> bool {
    match method {
        MfaMethod::Sms | MfaMethod::Email => sent.is_some_and(|(code, step)| {
            code == typed.trim() && (0..=1).contains(&(simulated_step(unix_seconds) - step))
        }),
        MfaMethod::App => verify_totp(totp_secret, typed.trim(), unix_seconds, 1),
        MfaMethod::Biometric => confirmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::{account, device, goal, session, ts, txn, user};
    use crate::model::{AccountType, CredentialStatus};

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    fn with_attempts(failed: u32) -> AuthUser {
        AuthUser {
            failed_login_attempts: failed,
            ..user("u1", Some("c1"))
        }
    }

    // --- lockout ---

    #[test]
    fn only_active_users_can_sign_in() {
        assert_eq!(can_sign_in(&user("u1", Some("c1"))), Ok(()));
        let locked = AuthUser {
            status: UserStatus::Locked,
            ..user("u1", Some("c1"))
        };
        assert_eq!(can_sign_in(&locked), Err(SignInBlock::Locked));
        let suspended = AuthUser {
            status: UserStatus::Suspended,
            ..user("u1", Some("c1"))
        };
        assert_eq!(can_sign_in(&suspended), Err(SignInBlock::Suspended));
    }

    #[test]
    fn failures_count_up_and_the_fifth_locks() {
        let mut u = user("u1", Some("c1"));
        for n in 1..MAX_FAILED_ATTEMPTS {
            let out = after_failure(&u);
            assert_eq!(out.failed_login_attempts, n);
            assert_eq!((out.status, out.locks), (UserStatus::Active, false));
            assert_eq!(out.remaining_attempts, MAX_FAILED_ATTEMPTS - n);
            assert_eq!(out.audits, [LOGIN_FAILED]);
            u = out.applied_to(&u);
        }
        let out = after_failure(&u);
        assert_eq!(out.failed_login_attempts, 5);
        assert_eq!(
            (out.status, out.locks, out.remaining_attempts),
            (UserStatus::Locked, true, 0)
        );
        assert_eq!(out.audits, [LOGIN_FAILED, ACCOUNT_LOCKED]);
        assert_eq!(
            (ACCOUNT_LOCKED.action.as_str(), ACCOUNT_LOCKED.severity),
            ("ACCOUNT_LOCKED", Severity::High)
        );
        assert_eq!(
            (LOGIN_FAILED.action.as_str(), LOGIN_FAILED.severity),
            ("LOGIN_FAILED", Severity::Medium)
        );
        let locked = out.applied_to(&u);
        assert_eq!(
            (locked.status, locked.failed_login_attempts),
            (UserStatus::Locked, 5)
        );
        assert_eq!(can_sign_in(&locked), Err(SignInBlock::Locked));
        assert_eq!(
            AuthUser {
                status: UserStatus::Active,
                failed_login_attempts: 0,
                ..locked
            },
            user("u1", Some("c1"))
        );
    }

    #[test]
    fn failures_on_blocked_users_are_audited_but_change_nothing() {
        for status in [UserStatus::Locked, UserStatus::Suspended] {
            let u = AuthUser {
                status,
                ..with_attempts(2)
            };
            let out = after_failure(&u);
            assert_eq!(
                (
                    out.failed_login_attempts,
                    out.status,
                    out.locks,
                    out.remaining_attempts
                ),
                (2, status, false, 0)
            );
            assert_eq!(
                out.audits,
                [LOGIN_FAILED],
                "a locked account is not locked again"
            );
            assert_eq!(out.applied_to(&u), u);
        }
    }

    #[test]
    fn an_active_record_past_the_limit_locks_and_the_counter_saturates() {
        let out = after_failure(&with_attempts(7));
        assert_eq!(
            (out.failed_login_attempts, out.status, out.locks),
            (8, UserStatus::Locked, true)
        );
        let out = after_failure(&with_attempts(u32::MAX));
        assert_eq!((out.failed_login_attempts, out.locks), (u32::MAX, true));
    }

    #[test]
    fn success_resets_the_counter_and_stamps_kuwait_time() {
        let u = with_attempts(3);
        let out = after_success(&u, &ts("2026-11-20T06:30:00+00:00")).unwrap();
        assert_eq!(out.user.failed_login_attempts, 0);
        assert_eq!(
            out.user.last_login_at.map(|t| t.to_rfc3339()).as_deref(),
            Some("2026-11-20T09:30:00+03:00")
        );
        assert_eq!(
            AuthUser {
                failed_login_attempts: 3,
                last_login_at: None,
                ..out.user
            },
            u,
            "nothing else changes"
        );
        assert_eq!(
            (out.audit.action.as_str(), out.audit.severity),
            ("LOGIN_SUCCESS", Severity::Low)
        );
    }

    #[test]
    fn success_never_unlocks_a_blocked_user() {
        let now = ts("2026-11-20T09:30:00+03:00");
        let locked = AuthUser {
            status: UserStatus::Locked,
            ..with_attempts(5)
        };
        assert_eq!(after_success(&locked, &now), Err(SignInBlock::Locked));
        let suspended = AuthUser {
            status: UserStatus::Suspended,
            ..with_attempts(0)
        };
        assert_eq!(after_success(&suspended, &now), Err(SignInBlock::Suspended));
    }

    #[test]
    fn sign_in_blocks_read_as_english_sentences() {
        assert_eq!(
            SignInBlock::Locked.to_string(),
            "this account is locked after too many failed sign-in attempts"
        );
        assert_eq!(
            SignInBlock::Suspended.to_string(),
            "this account is suspended"
        );
    }

    // --- passwords ---

    const EMAIL: &str = "fatima.alsabah@mail.example";

    fn problems(password: &str) -> Vec<PasswordProblem> {
        PasswordRules::DEFAULT.check(password, EMAIL, None)
    }

    #[test]
    fn a_strong_password_passes_the_default_rules() {
        assert_eq!(problems("Kuwait#2026x"), []);
        assert_eq!(PasswordRules::default(), PasswordRules::DEFAULT);
        assert_eq!(PasswordRules::DEFAULT.min_chars, 10);
    }

    #[test]
    fn each_rule_reports_its_own_problem() {
        let cases = [
            ("Kuw#2026x", PasswordProblem::TooShort { min: 10 }),
            ("kuwait#2026x", PasswordProblem::NoUppercase),
            ("KUWAIT#2026X", PasswordProblem::NoLowercase),
            ("Kuwait#City!", PasswordProblem::NoDigit),
            ("Kuwait 2026x", PasswordProblem::NoSymbol),
            ("X#1Fatima.AlSabah", PasswordProblem::ContainsEmailName),
        ];
        for (password, problem) in cases {
            assert_eq!(problems(password), [problem], "{password}");
        }
        let rules = PasswordRules::DEFAULT;
        assert_eq!(
            rules.check("Kuwait#2026x", EMAIL, Some("Kuwait#2026x")),
            [PasswordProblem::SameAsOld]
        );
        assert_eq!(rules.check("Kuwait#2026x", EMAIL, Some("Kuwait#2025x")), []);
        assert_eq!(
            rules.check("Kuwait#2026x", EMAIL, Some("kuwait#2026x")),
            [],
            "reuse is compared exactly"
        );
    }

    #[test]
    fn all_broken_rules_are_listed_in_rule_order() {
        assert_eq!(
            problems(""),
            [
                PasswordProblem::TooShort { min: 10 },
                PasswordProblem::NoUppercase,
                PasswordProblem::NoLowercase,
                PasswordProblem::NoDigit,
                PasswordProblem::NoSymbol,
            ]
        );
        assert_eq!(
            PasswordRules::DEFAULT.check("abc", "abc@x.example", Some("abc")),
            [
                PasswordProblem::TooShort { min: 10 },
                PasswordProblem::NoUppercase,
                PasswordProblem::NoDigit,
                PasswordProblem::NoSymbol,
                PasswordProblem::ContainsEmailName,
                PasswordProblem::SameAsOld,
            ]
        );
    }

    #[test]
    fn email_name_check_ignores_case_domain_and_very_short_names() {
        let rules = PasswordRules::DEFAULT;
        assert_eq!(
            rules.check("MAIL.example#1", EMAIL, None),
            [],
            "the domain is not the name"
        );
        assert_eq!(
            rules.check("Xal#1Abcdefg", "al@mail.example", None),
            [],
            "two-letter names are not checked"
        );
        assert_eq!(
            rules.check("Xali#1Abcdefg", "ALI@mail.example", None),
            [PasswordProblem::ContainsEmailName]
        );
        assert_eq!(
            rules.check("Xali#1Abcdefg", " ali@mail.example ", None),
            [PasswordProblem::ContainsEmailName]
        );
        assert_eq!(
            rules.check("Xq@b#1Abcdefg", "q@b@mail.example", None),
            [PasswordProblem::ContainsEmailName]
        );
        assert_eq!(
            rules.check("Xali#1Abcdefg", "ali", None),
            [PasswordProblem::ContainsEmailName],
            "no @: all of it"
        );
    }

    #[test]
    fn length_counts_characters_and_other_scripts_count() {
        // Ten characters, 19 bytes: Arabic letters, an Arabic-Indic digit, Latin letters.
        let password = "كلمةسرA٣a!";
        assert_eq!(password.chars().count(), 10);
        assert_eq!(problems(password), []);
        assert_eq!(
            problems("كلمةسرA٣a"),
            [
                PasswordProblem::TooShort { min: 10 },
                PasswordProblem::NoSymbol
            ]
        );
    }

    #[test]
    fn rules_can_be_relaxed_field_by_field() {
        let relaxed = PasswordRules {
            min_chars: 4,
            require_symbol: false,
            forbid_reuse: false,
            ..PasswordRules::DEFAULT
        };
        assert_eq!(relaxed.check("Ab12", EMAIL, Some("Ab12")), []);
        let none = PasswordRules {
            min_chars: 0,
            require_upper: false,
            require_lower: false,
            require_digit: false,
            require_symbol: false,
            forbid_email_name: false,
            forbid_reuse: false,
        };
        assert_eq!(none.check("", "", Some("")), []);
    }

    #[test]
    fn password_problems_read_as_english_sentences() {
        let cases = [
            (
                PasswordProblem::TooShort { min: 10 },
                "use at least 10 characters",
            ),
            (PasswordProblem::NoUppercase, "add an upper-case letter"),
            (PasswordProblem::NoLowercase, "add a lower-case letter"),
            (PasswordProblem::NoDigit, "add a digit"),
            (PasswordProblem::NoSymbol, "add a symbol such as ! or #"),
            (
                PasswordProblem::ContainsEmailName,
                "do not use your email name in the password",
            ),
            (
                PasswordProblem::SameAsOld,
                "choose a password different from the current one",
            ),
        ];
        for (problem, text) in cases {
            assert_eq!(problem.to_string(), text);
        }
    }

    #[test]
    fn credentials_expire_strictly_after_expires_at() {
        let changed = ts("2026-01-01T10:00:00+03:00");
        let cred = Credential {
            user_id: "u1".into(),
            password_hash: String::new(),
            pin_hash: String::new(),
            status: CredentialStatus::Active,
            password_changed_at: changed,
            expires_at: password_expires_at(&changed),
        };
        assert_eq!(
            cred.expires_at.to_rfc3339(),
            "2026-06-30T10:00:00+03:00",
            "180 days later"
        );
        assert!(!is_expired(&cred, &ts("2026-06-30T09:59:59+03:00")));
        assert!(
            !is_expired(&cred, &ts("2026-06-30T10:00:00+03:00")),
            "not yet at the very instant"
        );
        assert!(is_expired(&cred, &ts("2026-06-30T10:00:01+03:00")));
        assert!(
            is_expired(&cred, &ts("2026-06-30T07:00:01+00:00")),
            "instants compare across offsets"
        );
    }

    // --- one-time codes ---

    #[test]
    fn hmac_sha1_matches_rfc_2202() {
        fn hex(bytes: &[u8]) -> String {
            bytes.iter().map(|b| format!("{b:02x}")).collect()
        }
        assert_eq!(
            hex(&hmac_sha1(&[0x0b; 20], b"Hi There")),
            "b617318655057264e28bc0b6fb378c8ef146be00"
        );
        assert_eq!(
            hex(&hmac_sha1(b"Jefe", b"what do ya want for nothing?")),
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"
        );
        // Keys longer than the 64-byte block are hashed first.
        assert_eq!(
            hex(&hmac_sha1(
                &[0xaa; 80],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112"
        );
        assert_eq!(
            hex(&hmac_sha1(
                &[0xaa; 80],
                b"Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data"
            )),
            "e8e99d0f45237d786d6bbaa7965c7808bbff1a91"
        );
    }

    #[test]
    fn hotp_matches_rfc_4226_appendix_d() {
        let expected = [
            755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489,
        ];
        for (counter, code) in (0u64..).zip(expected) {
            assert_eq!(hotp(RFC_SECRET, counter), code, "counter {counter}");
        }
    }

    #[test]
    fn totp_matches_rfc_6238_appendix_b_sha1() {
        // The RFC lists 8 digits; 6-digit codes are the same number mod 10^6.
        let cases = [
            (59, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ];
        for (t, eight) in cases {
            let six = &eight[2..];
            assert_eq!(format_code(totp(RFC_SECRET, t)), six, "T={t}");
            assert!(verify_totp(RFC_SECRET, six, t, 0), "T={t}");
        }
    }

    #[test]
    fn codes_keep_their_leading_zeros() {
        assert_eq!(format_code(81_804), "081804");
        assert_eq!(format_code(5_924), "005924");
        assert_eq!(format_code(0), "000000");
    }

    #[test]
    fn verify_totp_accepts_only_within_the_skew() {
        let t = 1_111_111_111; // step 37037037, code 050471
        let code = format_code(totp(RFC_SECRET, t));
        assert_eq!(code, "050471");
        let step = TOTP_PERIOD_SECONDS;
        // Same step at both of its edges.
        assert!(verify_totp(RFC_SECRET, &code, 1_111_111_110, 0));
        assert!(verify_totp(RFC_SECRET, &code, 1_111_111_139, 0));
        assert!(
            !verify_totp(RFC_SECRET, &code, 1_111_111_140, 0),
            "next step, no skew"
        );
        assert!(
            !verify_totp(RFC_SECRET, &code, 1_111_111_109, 0),
            "previous step, no skew"
        );
        // One step of skew either way, not two.
        assert!(verify_totp(RFC_SECRET, &code, t + step, 1));
        assert!(verify_totp(RFC_SECRET, &code, t - step, 1));
        assert!(!verify_totp(RFC_SECRET, &code, t + 2 * step, 1));
        assert!(!verify_totp(RFC_SECRET, &code, t - 2 * step, 1));
        assert!(verify_totp(RFC_SECRET, &code, t + 2 * step, 2));
        // A negative skew is no skew; a huge one is capped at MAX_SKEW_STEPS.
        assert!(!verify_totp(RFC_SECRET, &code, t + step, -1));
        assert!(verify_totp(
            RFC_SECRET,
            &code,
            t + MAX_SKEW_STEPS * step,
            i64::MAX
        ));
        assert!(!verify_totp(
            RFC_SECRET,
            &code,
            t + (MAX_SKEW_STEPS + 1) * step,
            i64::MAX
        ));
        // Another secret's code is refused.
        assert!(!verify_totp(b"another secret", &code, t, 1));
    }

    #[test]
    fn verify_totp_needs_exactly_six_ascii_digits() {
        let t = 59; // code 287082
        assert!(verify_totp(RFC_SECRET, "287082", t, 0));
        for bad in [
            "",
            "28708",
            "2870820",
            "0287082",
            "287 082",
            " 287082",
            "287082 ",
            "+87082",
            "-87082",
            "28708a",
            "٢٨٧٠٨٢",       // Arabic-Indic digits
            "２８７０８２", // full-width digits
        ] {
            assert!(!verify_totp(RFC_SECRET, bad, t, 1), "{bad:?}");
        }
    }

    #[test]
    fn times_before_1970_use_step_zero() {
        assert_eq!(totp(RFC_SECRET, -1), hotp(RFC_SECRET, 0));
        assert_eq!(totp(RFC_SECRET, i64::MIN), 755224);
        assert!(verify_totp(RFC_SECRET, "755224", -1, 0));
        assert!(
            verify_totp(RFC_SECRET, "287082", -1, 1),
            "step 1 is within the skew of step 0"
        );
        assert!(
            verify_totp(
                RFC_SECRET,
                &format_code(totp(RFC_SECRET, i64::MAX)),
                i64::MAX,
                1
            ),
            "no overflow at the end"
        );
    }

    #[test]
    fn base32_matches_rfc_4648_vectors() {
        let cases = [
            ("", ""),
            ("f", "MY"),
            ("fo", "MZXQ"),
            ("foo", "MZXW6"),
            ("foob", "MZXW6YQ"),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI"),
        ];
        for (plain, encoded) in cases {
            assert_eq!(base32_encode(plain.as_bytes()), encoded);
            assert_eq!(base32_decode(encoded).as_deref(), Some(plain.as_bytes()));
        }
        assert_eq!(
            base32_encode(RFC_SECRET),
            "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
        );
    }

    #[test]
    fn base32_round_trips_every_length() {
        for len in 0..=41u8 {
            let bytes: Vec<u8> = (0..len)
                .map(|i| i.wrapping_mul(37).wrapping_add(200))
                .collect();
            let encoded = base32_encode(&bytes);
            assert!(!encoded.contains('='));
            assert_eq!(base32_decode(&encoded), Some(bytes), "length {len}");
        }
    }

    #[test]
    fn base32_decode_takes_typed_secrets() {
        let secret = Some(RFC_SECRET.to_vec());
        assert_eq!(
            base32_decode("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"),
            secret
        );
        assert_eq!(
            base32_decode("GEZDGNBV\tgy3tqojq\nGEZDGNBVGY3TQOJQ"),
            secret
        );
        assert_eq!(
            base32_decode("MZXW6==="),
            Some(b"foo".to_vec()),
            "trailing padding"
        );
        assert_eq!(base32_decode("MY======"), Some(b"f".to_vec()));
        assert_eq!(base32_decode("   "), Some(Vec::new()));
    }

    #[test]
    fn base32_decode_refuses_what_no_bytes_encode_to() {
        for bad in [
            "MZXW1", // 1 is not in the alphabet
            "MZXW8",
            "MZ=XW6",    // padding in the middle
            "MZXW6-YQ",  // hyphen
            "M",         // 5 bits: not a byte
            "MZX",       // 15 bits
            "MZXW6YTBO", // 45 bits
        ] {
            assert_eq!(base32_decode(bad), None, "{bad:?}");
        }
        // "MY", "MZ" and "M7" carry the same first 8 bits; only the canonical spelling
        // (leftover bits zero) is taken.
        assert_eq!(base32_decode("MY"), Some(b"f".to_vec()));
        assert_eq!(base32_decode("MZ"), None);
        assert_eq!(base32_decode("M7"), None);
        assert_eq!(base32_decode("ÉÉ"), None);
    }

    #[test]
    fn otpauth_uri_percent_encodes_label_and_issuer() {
        assert_eq!(
            otpauth_uri("BankDash", "fatima@mail.example", "GEZDGNBVGY3TQOJQ"),
            "otpauth://totp/BankDash:fatima%40mail.example?secret=GEZDGNBVGY3TQOJQ&issuer=BankDash\
             &algorithm=SHA1&digits=6&period=30"
        );
        assert_eq!(
            otpauth_uri("Bank Dash: KW&Co", "بنك", "gezd gnbv==="),
            "otpauth://totp/Bank%20Dash%3A%20KW%26Co:%D8%A8%D9%86%D9%83?secret=GEZDGNBV\
             &issuer=Bank%20Dash%3A%20KW%26Co&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[test]
    fn a_secret_shown_as_base32_gives_the_same_codes() {
        let shown = base32_encode(RFC_SECRET);
        let typed = base32_decode(&shown.to_lowercase()).unwrap();
        assert!(verify_totp(&typed, "287082", 59, 0));
        assert!(otpauth_uri("BankDash", "u1", &shown).contains(&format!("secret={shown}&")));
    }

    #[test]
    fn simulated_codes_are_six_digits_stable_within_a_step_and_vary() {
        let code = simulated_code("u-0001:SMS", 42);
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|b| b.is_ascii_digit()));
        assert_eq!(simulated_code("u-0001:SMS", 42), code, "deterministic");
        let key = Sha1::digest(b"u-0001:SMS");
        assert_eq!(
            code,
            format_code(hotp(&key, 42)),
            "HOTP keyed by SHA-1 of the seed"
        );
        assert_ne!(simulated_code("u-0001:SMS", 43), code);
        assert_ne!(simulated_code("u-0001:EMAIL", 42), code);
        assert_eq!(
            simulated_code("u-0001:SMS", -5),
            simulated_code("u-0001:SMS", 0)
        );
        assert_eq!(simulated_step(1_800_000_000), simulated_step(1_800_000_299));
        assert_eq!(
            simulated_step(1_800_000_000) + 1,
            simulated_step(1_800_000_300)
        );
        assert_eq!(simulated_step(-1), -1);
    }

    #[test]
    fn code_attempts_allow_three_wrong_codes_then_stop() {
        assert!(can_attempt_code(0) && can_attempt_code(2));
        assert!(!can_attempt_code(3) && !can_attempt_code(u32::MAX));
        let mut attempts = CodeAttempts::default();
        assert_eq!(attempts.remaining(), 3);
        for remaining in [2, 1, 0] {
            let (next, verdict) = attempts.submit(false);
            assert_eq!(verdict, CodeVerdict::WrongCode { remaining });
            attempts = next;
        }
        assert!(!attempts.can_attempt());
        assert_eq!(
            attempts.submit(true),
            (attempts, CodeVerdict::TooManyAttempts),
            "even a right code"
        );
        assert_eq!(
            attempts.submit(false),
            (attempts, CodeVerdict::TooManyAttempts),
            "the count stops"
        );
    }

    #[test]
    fn a_right_code_is_accepted_while_tries_remain() {
        let once = CodeAttempts { failed: 2 };
        assert_eq!(once.submit(true), (once, CodeVerdict::Accepted));
        assert_eq!(
            CodeAttempts::default().submit(true).1,
            CodeVerdict::Accepted
        );
    }

    // --- authorization ---

    /// c1 (user u1) owns account a1, transaction t1, goal g1, session s1 on device d1;
    /// c2 (user u2) owns a2, t2, g2, s2, d2; u9 is an analyst with a session s9 on d9.
    fn dataset() -> Dataset {
        Dataset {
            auth_users: vec![
                user("u1", Some("c1")),
                user("u2", Some("c2")),
                user("u9", None),
            ],
            accounts: vec![
                account("a1", "c1", AccountType::Current, 100_000),
                account("a2", "c2", AccountType::Savings, 200_000),
            ],
            transactions: vec![
                txn("t1", "c1", 5_000, "2026-11-10T10:00:00+03:00"),
                txn("t2", "c2", 6_000, "2026-11-10T11:00:00+03:00"),
            ],
            savings_goals: vec![
                goal("g1", "c1", 500_000, 1_000),
                goal("g2", "c2", 500_000, 2_000),
            ],
            registered_devices: vec![
                device("d1", "u1", "iPhone 15"),
                device("d2", "u2", "Pixel 8"),
                device("d9", "u9", "ThinkPad"),
            ],
            login_sessions: vec![
                session("s1", "u1", "d1", "2026-11-20T08:00:00+03:00", "37.36.0.1"),
                session("s2", "u2", "d2", "2026-11-20T08:00:00+03:00", "37.36.0.2"),
                session("s9", "u9", "d9", "2026-11-20T08:00:00+03:00", "10.0.0.9"),
            ],
            ..Dataset::default()
        }
    }

    fn customer(n: u8) -> Principal {
        Principal::Customer {
            user_id: format!("u{n}"),
            customer_id: format!("c{n}"),
        }
    }

    fn analyst() -> Principal {
        Principal::Analyst {
            user_id: "u9".into(),
        }
    }

    #[test]
    fn principals_follow_role_and_customer_link() {
        assert_eq!(principal_of(&user("u1", Some("c1"))), Some(customer(1)));
        assert_eq!(principal_of(&user("u9", None)), Some(analyst()));
        let orphan = AuthUser {
            role: Role::Customer,
            ..user("u9", None)
        };
        assert_eq!(
            principal_of(&orphan),
            None,
            "a customer without a customer record"
        );
        let linked_staff = AuthUser {
            role: Role::Analyst,
            ..user("u1", Some("c1"))
        };
        assert_eq!(
            principal_of(&linked_staff),
            None,
            "an analyst linked to a customer"
        );
        assert!(is_analyst(&analyst()) && !is_analyst(&customer(1)));
        assert_eq!(
            (customer(1).user_id(), customer(1).customer_id()),
            ("u1", Some("c1"))
        );
        assert_eq!((analyst().user_id(), analyst().customer_id()), ("u9", None));
    }

    #[test]
    fn customers_read_only_their_own_records_and_analysts_none() {
        assert!(can_read_customer_record(&customer(1), "c1"));
        assert!(!can_read_customer_record(&customer(1), "c2"));
        assert!(!can_read_customer_record(&customer(1), ""));
        assert!(!can_read_customer_record(&analyst(), "c1"));
        assert!(!can_read_customer_record(&analyst(), ""));
    }

    #[test]
    fn ownership_resolves_through_the_dataset() {
        let ds = dataset();
        type Owns = fn(&Dataset, &Principal, &str) -> bool;
        let checks: [(&str, Owns, &str, &str); 5] = [
            ("account", owns_account, "a1", "a2"),
            ("transaction", owns_transaction, "t1", "t2"),
            ("goal", owns_goal, "g1", "g2"),
            ("session", owns_session, "s1", "s2"),
            ("device", owns_device, "d1", "d2"),
        ];
        for (what, owns, mine, theirs) in checks {
            assert!(owns(&ds, &customer(1), mine), "{what} {mine}");
            assert!(!owns(&ds, &customer(1), theirs), "{what} {theirs} is c2's");
            assert!(owns(&ds, &customer(2), theirs), "{what} {theirs}");
            assert!(
                !owns(&ds, &customer(1), "nope"),
                "unknown {what} looks like a foreign one"
            );
            assert!(!owns(&ds, &customer(1), ""), "empty {what} id");
            assert!(
                !owns(&ds, &analyst(), mine),
                "analysts own no customer {what}"
            );
        }
        assert!(
            !owns_session(&ds, &analyst(), "s9"),
            "not even their own session through customer pages"
        );
        assert!(!owns_device(&ds, &analyst(), "d9"));
    }

    #[test]
    fn a_customer_sees_only_their_own_records_and_nobody_sees_secrets() {
        use crate::fixtures::{audit, notification, settings};
        let mut ds = dataset();
        ds.customers = vec![];
        ds.notifications = vec![
            notification("n1", "c1", "2026-11-10T10:00:00+03:00"),
            notification("n2", "c2", "2026-11-10T10:00:00+03:00"),
        ];
        ds.customer_settings = vec![settings("c1", true), settings("c2", true)];
        let mut by_u2 = audit("l2", Some("c2"), "2026-11-10T10:00:00+03:00");
        by_u2.user_id = "u2".into();
        ds.audit_logs = vec![audit("l1", Some("c1"), "2026-11-10T10:00:00+03:00"), by_u2];
        ds.credentials = vec![Credential {
            user_id: "u1".into(),
            password_hash: "$2b$10$secret".into(),
            pin_hash: "$2b$10$pin".into(),
            password_changed_at: ts("2026-10-01T10:00:00+03:00"),
            expires_at: ts("2027-03-30T10:00:00+03:00"),
            status: crate::model::CredentialStatus::Active,
        }];
        ds.mfa_settings = vec![MfaSetting {
            mfa_id: "m1".into(),
            user_id: "u1".into(),
            method: MfaMethod::App,
            enabled: true,
            is_primary: true,
            destination_masked: "app".into(),
            totp_secret: Some("OETXGFFAPOWYZODS".into()),
            created_at: ts("2026-01-01T10:00:00+03:00"),
        }];

        let mine = visible_to(&ds, &customer(1));
        let ids = |v: Vec<&str>| v.join(",");
        assert_eq!(
            ids(mine
                .accounts
                .iter()
                .map(|a| a.account_id.as_str())
                .collect()),
            "a1"
        );
        assert_eq!(
            ids(mine
                .transactions
                .iter()
                .map(|t| t.transaction_id.as_str())
                .collect()),
            "t1"
        );
        assert_eq!(
            ids(mine
                .savings_goals
                .iter()
                .map(|g| g.goal_id.as_str())
                .collect()),
            "g1"
        );
        assert_eq!(
            ids(mine
                .login_sessions
                .iter()
                .map(|s| s.session_id.as_str())
                .collect()),
            "s1"
        );
        assert_eq!(
            ids(mine
                .registered_devices
                .iter()
                .map(|d| d.device_id.as_str())
                .collect()),
            "d1"
        );
        assert_eq!(
            ids(mine.auth_users.iter().map(|u| u.user_id.as_str()).collect()),
            "u1"
        );
        assert_eq!(
            ids(mine
                .notifications
                .iter()
                .map(|n| n.notification_id.as_str())
                .collect()),
            "n1"
        );
        assert_eq!(
            ids(mine
                .audit_logs
                .iter()
                .map(|a| a.audit_id.as_str())
                .collect()),
            "l1"
        );
        assert_eq!(mine.customer_settings.len(), 1);
        assert!(
            mine.credentials.is_empty(),
            "no password hash reaches a screen"
        );
        assert_eq!(mine.mfa_settings.len(), 1);
        assert_eq!(mine.mfa_settings[0].totp_secret, None, "nor a TOTP secret");

        let theirs = visible_to(&ds, &customer(3));
        assert!(theirs.accounts.is_empty() && theirs.transactions.is_empty());
        assert!(theirs.login_sessions.is_empty() && theirs.audit_logs.is_empty());

        let bank = visible_to(&ds, &analyst());
        assert_eq!(bank.accounts.len(), 2);
        assert_eq!(bank.transactions.len(), 2);
        assert_eq!(bank.audit_logs.len(), 2);
        assert!(bank.credentials.is_empty());
        assert_eq!(bank.mfa_settings[0].totp_secret, None);
    }

    #[test]
    fn a_session_ends_when_idle_expired_or_no_longer_active() {
        use crate::fixtures::session;
        let started = "2026-11-21T09:00:00+03:00";
        let mut s = session("s1", "u1", "d1", started, "37.36.0.1");
        s.expires_at = session_expires_at(&ts(started));
        assert_eq!(s.expires_at, ts("2026-11-21T21:00:00+03:00"));
        let active_at = ts("2026-11-21T10:00:00+03:00");
        let at = |m: i64| active_at + chrono::Duration::minutes(m);
        assert_eq!(login_session_end(Some(&s), &active_at, &at(14)), None);
        assert_eq!(
            login_session_end(Some(&s), &active_at, &at(15)),
            Some(SessionEnd::Idle)
        );
        // Activity keeps it alive until its absolute expiry.
        assert_eq!(
            login_session_end(
                Some(&s),
                &ts("2026-11-21T20:59:00+03:00"),
                &ts("2026-11-21T20:59:30+03:00")
            ),
            None
        );
        assert_eq!(
            login_session_end(
                Some(&s),
                &ts("2026-11-21T20:59:00+03:00"),
                &ts("2026-11-21T21:00:00+03:00")
            ),
            Some(SessionEnd::Expired)
        );
        s.status = SessionStatus::Terminated;
        assert_eq!(
            login_session_end(Some(&s), &active_at, &at(1)),
            Some(SessionEnd::Ended)
        );
        assert_eq!(
            login_session_end(None, &active_at, &at(1)),
            Some(SessionEnd::Ended)
        );
    }

    #[test]
    fn sessions_and_devices_of_unknown_users_belong_to_nobody() {
        let mut ds = dataset();
        ds.auth_users.retain(|u| u.user_id != "u1");
        assert!(!owns_session(&ds, &customer(1), "s1"));
        assert!(!owns_device(&ds, &customer(1), "d1"));
    }

    #[test]
    fn sign_in_lookups_find_the_login_factor_and_place() {
        use crate::fixtures::{device, session, ts, user};
        let mut u = user("u1", Some("c1"));
        u.email = "Fatima.Ali@Mail.example".into();
        let mfa = |id: &str, method, enabled, primary| MfaSetting {
            mfa_id: id.into(),
            user_id: "u1".into(),
            method,
            enabled,
            is_primary: primary,
            destination_masked: "x".into(),
            totp_secret: None,
            created_at: ts("2026-01-01T10:00:00+03:00"),
        };
        let mut ds = Dataset {
            auth_users: vec![u],
            ..Dataset::default()
        };
        let found = find_login(&ds, "  fatima.ali@mail.EXAMPLE ")
            .map(|(u, c)| (u.user_id.clone(), c.is_none()));
        assert_eq!(found, Some(("u1".to_owned(), true)));
        assert!(find_login(&ds, "nobody@mail.example").is_none());

        ds.mfa_settings = vec![
            mfa("m0", MfaMethod::Email, false, false),
            mfa("m1", MfaMethod::Sms, true, false),
            mfa("m2", MfaMethod::App, true, true),
        ];
        assert_eq!(
            sign_in_factor(&ds, "u1").map(|m| m.mfa_id.as_str()),
            Some("m2")
        );
        ds.mfa_settings[2].is_primary = false;
        assert_eq!(
            sign_in_factor(&ds, "u1").map(|m| m.mfa_id.as_str()),
            Some("m1")
        );
        assert!(sign_in_factor(&ds, "u2").is_none());

        assert_eq!(sign_in_place(&ds, "u1"), Err(PlaceProblem::NoActiveDevice));
        let mut revoked = device("d0", "u1", "Old phone");
        revoked.status = DeviceStatus::Revoked;
        ds.registered_devices = vec![revoked, device("d1", "u1", "iPhone")];
        assert_eq!(sign_in_place(&ds, "u1"), Err(PlaceProblem::NoHistory));
        ds.login_sessions = vec![
            session("s1", "u1", "d1", "2026-11-01T10:00:00+03:00", "37.36.0.1"),
            session("s2", "u1", "d1", "2026-11-10T10:00:00+03:00", "37.36.0.2"),
        ];
        assert_eq!(
            sign_in_place(&ds, "u1"),
            Ok(("d1".into(), "37.36.0.2".into(), "Salmiya".into()))
        );
    }

    #[test]
    fn codes_are_checked_per_method() {
        let now = 1_800_000_000;
        let step = simulated_step(now);
        let sent = simulated_code("u1", step);
        let sms = |typed: &str, at: i64| {
            code_is_correct(MfaMethod::Sms, typed, Some((&sent, step)), &[], false, at)
        };
        assert!(sms(&sent, now));
        assert!(sms(&format!(" {sent} "), now));
        assert!(
            sms(&sent, now + SIMULATED_CODE_SECONDS),
            "valid for the next step too"
        );
        assert!(!sms(&sent, now + 2 * SIMULATED_CODE_SECONDS));
        assert!(!sms("not-a-code", now));
        assert!(
            !code_is_correct(MfaMethod::Email, &sent, None, &[], false, now),
            "nothing was sent"
        );
        let secret = b"12345678901234567890";
        let totp_code = format_code(totp(secret, now));
        assert!(code_is_correct(
            MfaMethod::App,
            &totp_code,
            None,
            secret,
            false,
            now
        ));
        assert!(!code_is_correct(
            MfaMethod::App,
            "12345",
            None,
            secret,
            false,
            now
        ));
        assert!(code_is_correct(
            MfaMethod::Biometric,
            "",
            None,
            &[],
            true,
            now
        ));
        assert!(!code_is_correct(
            MfaMethod::Biometric,
            "",
            None,
            &[],
            false,
            now
        ));
    }
}

/// Password hashing (feature `bcrypt`): the app checks sign-ins against
/// credentials.password_hash and hashes new passwords with a fresh salt.
#[cfg(feature = "bcrypt")]
pub mod password {
    /// True when `password` matches the bcrypt `hash`; a malformed hash never matches.
    pub fn verify(password: &str, hash: &str) -> bool {
        bcrypt::verify(password, hash).unwrap_or(false)
    }

    /// A new `$2b$` hash at `cost` with a random salt.
    pub fn hash(password: &str, cost: u32) -> Result<String, String> {
        bcrypt::hash(password, cost).map_err(|e| e.to_string())
    }

    #[cfg(test)]
    mod tests {
        #[test]
        fn hashes_verify_and_wrong_passwords_do_not() {
            let h = super::hash("Correct-Horse-9!", 4).unwrap();
            assert!(h.starts_with("$2b$04$"));
            assert!(super::verify("Correct-Horse-9!", &h));
            assert!(!super::verify("correct-horse-9!", &h));
            assert!(!super::verify("x", "not a hash"));
        }
    }
}
