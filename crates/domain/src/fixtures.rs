//! Builders shared by the crate's unit tests: one plain record of each kind, with the
//! defaults listed on each builder. A test changes what matters to it with
//! struct-update syntax (`Transaction { direction: Direction::Credit, ..txn(..) }`) and
//! sets any field whose value it asserts on, unless that value is a listed default.

use crate::model::*;
use crate::money::Money;
use crate::time::{Timestamp, YearMonth};
use chrono::{DateTime, NaiveDate};

/// When accounts, goals, users, devices and settings were created.
const CREATED: &str = "2025-01-01T10:00:00+03:00";

/// An RFC 3339 instant, e.g. `ts("2026-03-01T10:00:00+03:00")`.
pub fn ts(rfc3339: &str) -> Timestamp {
    DateTime::parse_from_rfc3339(rfc3339).unwrap()
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

pub fn ym(y: i32, m: u32) -> YearMonth {
    YearMonth::new(y, m).unwrap()
}

/// A COMPLETED POS GROCERIES debit of `fils` in KWD on account a1 at `when`, paid by PIN
/// at Lulu Hypermarket, Kuwait City; description "Card purchase", reference "REF-<id>",
/// no device, vault or failure reason.
pub fn txn(id: &str, customer_id: &str, fils: i64, when: &str) -> Transaction {
    Transaction {
        transaction_id: id.into(),
        account_id: "a1".into(),
        customer_id: customer_id.into(),
        direction: Direction::Debit,
        amount: Money::from_fils(fils),
        currency: "KWD".into(),
        status: TxnStatus::Completed,
        category: Category::Groceries,
        merchant_name: "Lulu Hypermarket".into(),
        merchant_city: "Kuwait City".into(),
        channel: Channel::Pos,
        auth_method: AuthMethod::Pin,
        device_id: None,
        savings_goal_id: None,
        reference: format!("REF-{id}"),
        description: "Card purchase".into(),
        failure_reason: None,
        created_at: ts(when),
    }
}

/// An ACTIVE KWD account holding `fils`, opened with nothing, no interest or maturity.
pub fn account(id: &str, customer_id: &str, account_type: AccountType, fils: i64) -> Account {
    Account {
        account_id: id.into(),
        customer_id: customer_id.into(),
        account_type,
        account_name: "Main account".into(),
        iban: "KW81CBKU0000000000001234560101".into(),
        currency: "KWD".into(),
        opening_balance: Money::ZERO,
        balance: Money::from_fils(fils),
        status: AccountStatus::Active,
        opened_at: ts(CREATED),
        interest_rate: None,
        maturity_date: None,
    }
}

/// An ACTIVE "Hajj" goal on account a2 with no target date.
pub fn goal(id: &str, customer_id: &str, target_fils: i64, current_fils: i64) -> SavingsGoal {
    SavingsGoal {
        goal_id: id.into(),
        customer_id: customer_id.into(),
        account_id: "a2".into(),
        name_en: "Hajj".into(),
        name_ar: "الحج".into(),
        target_amount: Money::from_fils(target_fils),
        current_amount: Money::from_fils(current_fils),
        target_date: None,
        status: GoalStatus::Active,
        created_at: ts(CREATED),
    }
}

/// A MEDIUM "SESSION_TERMINATED" log by user u1 from 37.36.0.1 about session s1,
/// details "Session signed out"; `customer_id` None is a staff action.
pub fn audit(id: &str, customer_id: Option<&str>, at: &str) -> AuditLog {
    AuditLog {
        audit_id: id.into(),
        user_id: "u1".into(),
        customer_id: customer_id.map(Into::into),
        action: "SESSION_TERMINATED".into(),
        severity: Severity::Medium,
        ip_address: "37.36.0.1".into(),
        entity_type: EntityType::Session,
        entity_id: "s1".into(),
        details: "Session signed out".into(),
        created_at: ts(at),
    }
}

/// An unread PUSH "Large payment" ("KWD 120.000 paid to Xcite.") about no record.
pub fn notification(id: &str, customer_id: &str, at: &str) -> Notification {
    Notification {
        notification_id: id.into(),
        customer_id: customer_id.into(),
        channel: NotificationChannel::Push,
        title: "Large payment".into(),
        body: "KWD 120.000 paid to Xcite.".into(),
        related_entity_type: None,
        related_entity_id: None,
        sent_at: ts(at),
        read: false,
    }
}

/// An OPEN card replacement request ("Replace my debit card (damaged chip)") on no
/// particular account, last updated when made.
pub fn request(id: &str, customer_id: &str, at: &str) -> ServiceRequest {
    ServiceRequest {
        request_id: id.into(),
        customer_id: customer_id.into(),
        account_id: None,
        request_type: RequestType::CardReplacement,
        status: RequestStatus::Open,
        description: "Replace my debit card (damaged chip)".into(),
        created_at: ts(at),
        updated_at: ts(at),
        resolved_at: None,
    }
}

/// A dispute UNDER_REVIEW of 40.000 not dispensed by an ATM (transaction t9).
pub fn dispute(id: &str, customer_id: &str, at: &str) -> DisputeRecord {
    DisputeRecord {
        dispute_id: id.into(),
        transaction_id: "t9".into(),
        customer_id: customer_id.into(),
        reason: DisputeReason::CashNotDispensed,
        status: DisputeStatus::UnderReview,
        disputed_amount: Money::from_fils(40_000),
        description: "ATM did not dispense".into(),
        created_at: ts(at),
        resolved_at: None,
    }
}

/// An ACTIVE user "<id>@mail.example" without MFA who never signed in: a CUSTOMER with
/// a `customer_id`, an ANALYST without.
pub fn user(id: &str, customer_id: Option<&str>) -> AuthUser {
    AuthUser {
        user_id: id.into(),
        customer_id: customer_id.map(Into::into),
        email: format!("{id}@mail.example"),
        role: if customer_id.is_some() {
            Role::Customer
        } else {
            Role::Analyst
        },
        status: UserStatus::Active,
        failed_login_attempts: 0,
        mfa_enabled: false,
        last_login_at: None,
        created_at: ts(CREATED),
    }
}

/// An ACTIVE, untrusted iOS 18.1 device with fingerprint "fp-<id>", last seen
/// 2026-11-20 10:00 Kuwait time.
pub fn device(id: &str, user_id: &str, model: &str) -> RegisteredDevice {
    RegisteredDevice {
        device_id: id.into(),
        user_id: user_id.into(),
        device_model: model.into(),
        os: Os::Ios,
        os_version: "18.1".into(),
        push_token: None,
        fingerprint: format!("fp-{id}"),
        status: DeviceStatus::Active,
        trusted: false,
        registered_at: ts(CREATED),
        last_seen_at: ts("2026-11-20T10:00:00+03:00"),
    }
}

/// An ACTIVE session in Salmiya from `ip`, last active an hour after `started`,
/// expiring 30 days after it.
pub fn session(id: &str, user_id: &str, device_id: &str, started: &str, ip: &str) -> LoginSession {
    let started_at = ts(started);
    LoginSession {
        session_id: id.into(),
        user_id: user_id.into(),
        device_id: device_id.into(),
        ip_address: ip.into(),
        city: "Salmiya".into(),
        started_at,
        last_activity_at: started_at + chrono::Duration::hours(1),
        expires_at: started_at + chrono::Duration::days(30),
        status: SessionStatus::Active,
    }
}

/// English, SYSTEM theme.
pub fn settings(customer_id: &str, notifications_enabled: bool) -> CustomerSettings {
    CustomerSettings {
        customer_id: customer_id.into(),
        language: Language::En,
        notifications_enabled,
        theme: Theme::System,
        updated_at: ts(CREATED),
    }
}

/// A VERIFIED RETAIL Kuwaiti woman born 1985-03-15, Fatima Al-Sabah, email
/// "<id>@mail.example", phone +96555123456, living in Salmiya (Hawalli), block 10,
/// Street 26, building 12.
pub fn customer(id: &str) -> Customer {
    Customer {
        customer_id: id.into(),
        first_name_en: "Fatima".into(),
        last_name_en: "Al-Sabah".into(),
        first_name_ar: "فاطمة".into(),
        last_name_ar: "الصباح".into(),
        email: format!("{id}@mail.example"),
        phone: "+96555123456".into(),
        civil_id: "285031512342".into(),
        nationality: "KW".into(),
        gender: Gender::Female,
        date_of_birth: date(1985, 3, 15),
        segment: Segment::Retail,
        kyc_status: KycStatus::Verified,
        address: Address {
            governorate: "Hawalli".into(),
            area: "Salmiya".into(),
            block: "10".into(),
            street: "Street 26".into(),
            building: "12".into(),
        },
        created_at: ts(CREATED),
    }
}

/// An ACTIVE credential with bcrypt-shaped password and PIN hashes, changed when the
/// user was created and expiring 180 days later.
pub fn credential(user_id: &str) -> Credential {
    let changed = ts(CREATED);
    Credential {
        user_id: user_id.into(),
        password_hash: "$2b$12$abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0".into(),
        pin_hash: "$2b$12$ZYXWVUTSRQPONMLKJIHGFEDCBAzyxwvutsrqponmlkjihgfedcba9".into(),
        status: CredentialStatus::Active,
        password_changed_at: changed,
        expires_at: changed + chrono::Duration::days(180),
    }
}

/// An enabled, primary SMS method to "+965 5••• ••56".
pub fn mfa(id: &str, user_id: &str) -> MfaSetting {
    MfaSetting {
        mfa_id: id.into(),
        user_id: user_id.into(),
        method: MfaMethod::Sms,
        enabled: true,
        is_primary: true,
        destination_masked: "+965 5••• ••56".into(),
        totp_secret: None,
        created_at: ts(CREATED),
    }
}
