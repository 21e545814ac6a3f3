//! The dataset's records, one struct per collection, with snake_case JSON fields and
//! SCREAMING_SNAKE_CASE enum values.

use crate::money::{Money, Rate};
use crate::record;
use crate::time::Timestamp;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

string_enum!(Segment { Retail = "RETAIL", Premier = "PREMIER", Private = "PRIVATE" });
string_enum!(Gender { Female = "FEMALE", Male = "MALE" });
string_enum!(KycStatus { Verified = "VERIFIED", Pending = "PENDING" });
string_enum!(AccountType { Current = "CURRENT", Savings = "SAVINGS", FixedDeposit = "FIXED_DEPOSIT" });
string_enum!(AccountStatus { Active = "ACTIVE", Dormant = "DORMANT", Frozen = "FROZEN" });
string_enum!(Direction { Debit = "DEBIT", Credit = "CREDIT" });
string_enum!(TxnStatus { Completed = "COMPLETED", Pending = "PENDING", Failed = "FAILED", Reversed = "REVERSED" });
string_enum!(Category {
    Salary = "SALARY", Transfer = "TRANSFER", Savings = "SAVINGS", Groceries = "GROCERIES",
    Dining = "DINING", Shopping = "SHOPPING", Transport = "TRANSPORT", Fuel = "FUEL",
    Utilities = "UTILITIES", Telecom = "TELECOM", Health = "HEALTH", Education = "EDUCATION",
    Travel = "TRAVEL", Entertainment = "ENTERTAINMENT", Cash = "CASH", Fees = "FEES", Housing = "HOUSING",
});
string_enum!(Channel { Pos = "POS", Online = "ONLINE", Atm = "ATM", MobileApp = "MOBILE_APP", Branch = "BRANCH", Payroll = "PAYROLL" });
string_enum!(AuthMethod { None = "NONE", Pin = "PIN", OtpSms = "OTP_SMS", App = "APP", Biometric = "BIOMETRIC" });
string_enum!(GoalStatus { Active = "ACTIVE", Completed = "COMPLETED", Paused = "PAUSED" });
string_enum!(RequestType { CardReplacement = "CARD_REPLACEMENT", ChequeBook = "CHEQUE_BOOK", GeneralInquiry = "GENERAL_INQUIRY" });
string_enum!(RequestStatus { Open = "OPEN", InProgress = "IN_PROGRESS", Completed = "COMPLETED", Rejected = "REJECTED" });
string_enum!(DisputeReason {
    FundsNotReturned = "FUNDS_NOT_RETURNED", CashNotDispensed = "CASH_NOT_DISPENSED",
    DuplicateAttempt = "DUPLICATE_ATTEMPT", Unrecognised = "UNRECOGNISED",
});
string_enum!(DisputeStatus { Open = "OPEN", UnderReview = "UNDER_REVIEW", Resolved = "RESOLVED", Rejected = "REJECTED" });
string_enum!(NotificationChannel { Push = "PUSH", Sms = "SMS", Email = "EMAIL" });
string_enum!(EntityType {
    Customer = "CUSTOMER", Account = "ACCOUNT", Transaction = "TRANSACTION", SavingsGoal = "SAVINGS_GOAL",
    ServiceRequest = "SERVICE_REQUEST", Dispute = "DISPUTE", AuthUser = "AUTH_USER",
    Credential = "CREDENTIAL", MfaSetting = "MFA_SETTING", Device = "DEVICE", Session = "SESSION",
});
string_enum!(Role { Customer = "CUSTOMER", Analyst = "ANALYST" });
string_enum!(UserStatus { Active = "ACTIVE", Locked = "LOCKED", Suspended = "SUSPENDED" });
string_enum!(CredentialStatus { Active = "ACTIVE", Expired = "EXPIRED" });
string_enum!(MfaMethod { Biometric = "BIOMETRIC", Sms = "SMS", App = "APP", Email = "EMAIL" });
string_enum!(Os { Ios = "IOS", Android = "ANDROID", Web = "WEB" });
string_enum!(DeviceStatus { Active = "ACTIVE", Inactive = "INACTIVE", Revoked = "REVOKED" });
string_enum!(SessionStatus { Active = "ACTIVE", Terminated = "TERMINATED", Expired = "EXPIRED" });
string_enum!(Severity { Low = "LOW", Medium = "MEDIUM", High = "HIGH", Critical = "CRITICAL" });
string_enum!(Language { En = "EN", Ar = "AR" });
string_enum!(Theme { Light = "LIGHT", Dark = "DARK", System = "SYSTEM" });

record! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct Address {
        pub governorate: String,
        pub area: String,
        pub block: String,
        pub street: String,
        pub building: String,
    }
}

record! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct Customer {
        pub customer_id: String,
        pub first_name_en: String,
        pub last_name_en: String,
        pub first_name_ar: String,
        pub last_name_ar: String,
        pub email: String,
        pub phone: String,
        pub civil_id: String,
        pub nationality: String,
        pub gender: Gender,
        pub date_of_birth: NaiveDate,
        pub segment: Segment,
        pub kyc_status: KycStatus,
        pub address: Address,
        pub created_at: Timestamp,
    }
}

impl Customer {
    pub fn full_name_en(&self) -> String {
        format!("{} {}", self.first_name_en, self.last_name_en)
    }
    pub fn full_name_ar(&self) -> String {
        format!("{} {}", self.first_name_ar, self.last_name_ar)
    }
}

record! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct Account {
        pub account_id: String,
        pub customer_id: String,
        pub account_type: AccountType,
        pub account_name: String,
        pub iban: String,
        pub currency: String,
        pub opening_balance: Money,
        pub balance: Money,
        pub status: AccountStatus,
        pub opened_at: Timestamp,
        /// Fixed deposits only.
        pub interest_rate: Option<Rate>,
        /// Fixed deposits only.
        pub maturity_date: Option<NaiveDate>,
    }
}

record! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct Transaction {
        pub transaction_id: String,
        pub account_id: String,
        pub customer_id: String,
        pub direction: Direction,
        pub amount: Money,
        pub currency: String,
        pub status: TxnStatus,
        pub category: Category,
        pub merchant_name: String,
        pub merchant_city: String,
        pub channel: Channel,
        pub auth_method: AuthMethod,
        pub device_id: Option<String>,
        pub savings_goal_id: Option<String>,
        pub reference: String,
        pub description: String,
        pub failure_reason: Option<String>,
        pub created_at: Timestamp,
    }
}

impl Transaction {
    /// The signed effect on the account balance once completed.
    pub fn signed_amount(&self) -> Money {
        match self.direction {
            Direction::Credit => self.amount,
            Direction::Debit => -self.amount,
        }
    }
}

record! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct SavingsGoal {
        pub goal_id: String,
        pub customer_id: String,
        pub account_id: String,
        pub name_en: String,
        pub name_ar: String,
        pub target_amount: Money,
        pub current_amount: Money,
        pub target_date: Option<NaiveDate>,
        pub status: GoalStatus,
        pub created_at: Timestamp,
    }
}

record! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct ServiceRequest {
        pub request_id: String,
        pub customer_id: String,
        pub account_id: Option<String>,
        pub request_type: RequestType,
        pub status: RequestStatus,
        pub description: String,
        pub created_at: Timestamp,
        pub updated_at: Timestamp,
        pub resolved_at: Option<Timestamp>,
    }
}

record! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct DisputeRecord {
        pub dispute_id: String,
        pub transaction_id: String,
        pub customer_id: String,
        pub reason: DisputeReason,
        pub status: DisputeStatus,
        pub disputed_amount: Money,
        pub description: String,
        pub created_at: Timestamp,
        pub resolved_at: Option<Timestamp>,
    }
}

record! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct Notification {
        pub notification_id: String,
        pub customer_id: String,
        pub channel: NotificationChannel,
        pub title: String,
        pub body: String,
        pub related_entity_type: Option<EntityType>,
        pub related_entity_id: Option<String>,
        pub sent_at: Timestamp,
        pub read: bool,
    }
}

record! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct AuthUser {
        pub user_id: String,
        /// None for bank staff.
        pub customer_id: Option<String>,
        pub email: String,
        pub role: Role,
        pub status: UserStatus,
        pub failed_login_attempts: u32,
        pub mfa_enabled: bool,
        pub last_login_at: Option<Timestamp>,
        pub created_at: Timestamp,
    }
}

record! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct Credential {
        pub user_id: String,
        pub password_hash: String,
        pub pin_hash: String,
        pub status: CredentialStatus,
        pub password_changed_at: Timestamp,
        pub expires_at: Timestamp,
    }
}

record! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct MfaSetting {
        pub mfa_id: String,
        pub user_id: String,
        pub method: MfaMethod,
        pub enabled: bool,
        pub is_primary: bool,
        pub destination_masked: String,
        /// APP only: the authenticator app's shared secret, RFC 4648 base32 (upper case, no
        /// padding) of 20 random bytes. None for the other methods.
        pub totp_secret: Option<String>,
        pub created_at: Timestamp,
    }
}

record! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct RegisteredDevice {
        pub device_id: String,
        pub user_id: String,
        pub device_model: String,
        pub os: Os,
        pub os_version: String,
        pub push_token: Option<String>,
        pub fingerprint: String,
        pub status: DeviceStatus,
        pub trusted: bool,
        pub registered_at: Timestamp,
        pub last_seen_at: Timestamp,
    }
}

record! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct LoginSession {
        pub session_id: String,
        pub user_id: String,
        pub device_id: String,
        pub ip_address: String,
        pub city: String,
        pub started_at: Timestamp,
        pub last_activity_at: Timestamp,
        pub expires_at: Timestamp,
        pub status: SessionStatus,
    }
}

record! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct AuditLog {
        pub audit_id: String,
        pub user_id: String,
        pub customer_id: Option<String>,
        pub action: String,
        pub severity: Severity,
        pub ip_address: String,
        pub entity_type: EntityType,
        pub entity_id: String,
        pub details: String,
        pub created_at: Timestamp,
    }
}

record! {
    #[derive(Debug, Clone, PartialEq, Eq, Serialize)]
    pub struct CustomerSettings {
        pub customer_id: String,
        pub language: Language,
        pub notifications_enabled: bool,
        pub theme: Theme,
        pub updated_at: Timestamp,
    }
}

/// Facts about a generated dataset.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub schema_version: u32,
    pub seed: u64,
    #[serde(deserialize_with = "crate::time::deserialize_date")]
    pub as_of: NaiveDate,
    pub customers_requested: usize,
    pub bcrypt_cost: u32,
    pub counts: std::collections::BTreeMap<String, usize>,
}

pub const SCHEMA_VERSION: u32 = 1;

/// A demo login.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Persona {
    pub key: String,
    pub email: String,
    pub password: String,
    pub pin: String,
    /// The secret of the persona's enabled APP method (base32), for adding it to a real
    /// authenticator app by hand; None when the persona has no enabled APP method.
    pub totp_secret: Option<String>,
    /// The same secret as an `otpauth://` URI (issuer BankDash, account the email), for
    /// a QR code; None with `totp_secret`.
    pub otpauth_uri: Option<String>,
    pub user_id: String,
    pub customer_id: Option<String>,
    pub role: Role,
    pub scenario: String,
}
