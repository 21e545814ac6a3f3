//! Kuwaiti formats and geography: civil IDs, IBANs, phone numbers, IP ranges, cities.

use chrono::NaiveDate;
use std::net::Ipv4Addr;

/// Cities and areas where sessions, merchants and addresses may be.
pub const CITIES: &[&str] = &[
    "Kuwait City",
    "Salmiya",
    "Hawally",
    "Ahmadi",
    "Farwaniya",
    "Jahra",
    "Fahaheel",
    "Mangaf",
    "Jabriya",
    "Mishref",
    "Rumaithiya",
    "Fintas",
    "Sabah Al Salem",
    "Khaitan",
    "Shuwaikh",
    "Sharq",
];

/// Governorates with some of their areas.
pub const GOVERNORATES: &[(&str, &[&str])] = &[
    (
        "Capital",
        &["Sharq", "Dasman", "Shuwaikh", "Kaifan", "Mansouriya"],
    ),
    (
        "Hawalli",
        &["Salmiya", "Hawally", "Jabriya", "Rumaithiya", "Mishref"],
    ),
    (
        "Farwaniya",
        &["Farwaniya", "Khaitan", "Jleeb Al-Shuyoukh", "Ardiya"],
    ),
    (
        "Ahmadi",
        &["Ahmadi", "Fahaheel", "Mangaf", "Fintas", "Abu Halifa"],
    ),
    ("Jahra", &["Jahra", "Saad Al Abdullah", "Oyoun"]),
    (
        "Mubarak Al-Kabeer",
        &["Sabah Al Salem", "Qurain", "Adan", "Messila"],
    ),
];

/// IPv4 blocks we treat as Kuwaiti (operators' public ranges), as (network, prefix).
pub const IP_RANGES: &[([u8; 4], u8)] = &[
    ([37, 36, 0, 0], 14),
    ([62, 150, 0, 0], 16),
    ([78, 89, 0, 0], 16),
    ([94, 128, 0, 0], 14),
    ([168, 187, 0, 0], 16),
    ([188, 70, 0, 0], 16),
];

pub fn is_kuwaiti_city(city: &str) -> bool {
    CITIES.contains(&city)
}

pub fn is_kuwaiti_ip(text: &str) -> bool {
    let Ok(ip) = text.parse::<Ipv4Addr>() else {
        return false;
    };
    let ip = u32::from(ip);
    IP_RANGES.iter().any(|(net, prefix)| {
        let mask = u32::MAX << (32 - u32::from(*prefix));
        ip & mask == u32::from(Ipv4Addr::from(*net)) & mask
    })
}

/// A plain `local@domain.tld` address.
pub fn is_valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
        && !local.starts_with('.')
        && !local.ends_with('.');
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && domain_ok
}

/// A Kuwaiti mobile number: "+965" and eight digits starting 5, 6 or 9.
pub fn is_valid_phone(phone: &str) -> bool {
    phone.strip_prefix("+965").is_some_and(|rest| {
        rest.len() == 8
            && rest.bytes().all(|b| b.is_ascii_digit())
            && matches!(rest.as_bytes()[0], b'5' | b'6' | b'9')
    })
}

const CIVIL_ID_WEIGHTS: [u32; 11] = [2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// The check digit for the first 11 digits of a civil ID, or None when that prefix
/// cannot carry a valid check digit (the remainder would give 10 or 11).
pub fn civil_id_check_digit(first11: &[u8]) -> Option<u8> {
    if first11.len() != 11 || !first11.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = first11
        .iter()
        .zip(CIVIL_ID_WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let check = 11 - sum % 11;
    (check <= 9).then_some(check as u8)
}

/// The birth date a civil ID encodes: century digit (2 = 1900s, 3 = 2000s) then YYMMDD.
pub fn civil_id_birth_date(civil_id: &str) -> Option<NaiveDate> {
    let d = civil_id.as_bytes();
    if d.len() != 12 || !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let num = |a: usize, b: usize| civil_id[a..b].parse::<u32>().ok();
    let century = match d[0] {
        b'2' => 1900,
        b'3' => 2000,
        _ => return None,
    };
    NaiveDate::from_ymd_opt(century + num(1, 3)? as i32, num(3, 5)?, num(5, 7)?)
}

/// Twelve digits, a valid encoded birth date and a matching check digit.
pub fn is_valid_civil_id(civil_id: &str) -> bool {
    let d = civil_id.as_bytes();
    civil_id_birth_date(civil_id).is_some() && civil_id_check_digit(&d[..11]) == Some(d[11] - b'0')
}

/// ISO 13616 mod-97 of an IBAN (after moving the first four characters to the end).
fn iban_mod97(iban: &str) -> Option<u32> {
    let rearranged = iban.bytes().skip(4).chain(iban.bytes().take(4));
    let mut rem: u32 = 0;
    for b in rearranged {
        let v = match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'A'..=b'Z' => u32::from(b - b'A') + 10,
            _ => return None,
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    Some(rem)
}

/// Builds a KW IBAN (30 characters) from a 4-letter bank code and 22-character BBAN tail.
pub fn make_kw_iban(bank_code: &str, account: &str) -> Option<String> {
    let draft = format!("KW00{bank_code}{account}");
    let check = 98 - iban_mod97(&draft)?;
    Some(format!("KW{check:02}{bank_code}{account}"))
}

/// "KW", two check digits, a 4-letter bank code, 22 alphanumerics, and mod 97 == 1.
pub fn is_valid_kw_iban(iban: &str) -> bool {
    let b = iban.as_bytes();
    iban.len() == 30
        && iban.starts_with("KW")
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b[4..8].iter().all(u8::is_ascii_uppercase)
        && b[8..]
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && iban_mod97(iban) == Some(1)
}

/// "KW81 CBKU 0000 ... 0101" -> "KW•• •••• … 0101": enough to recognise, not to use.
pub fn mask_iban(iban: &str) -> String {
    let tail: String = iban
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("{}•• •••• {tail}", iban.get(..2).unwrap_or("KW"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_id_check_digit_and_birth_date() {
        // 2 850315 1234 + check digit computed by hand: weights 2,1,6,3,7,9,10,5,8,4,2.
        // digits 2 8 5 0 3 1 5 1 2 3 4 -> 4+8+30+0+21+9+50+5+16+12+8 = 163; 163 % 11 = 9; 11-9 = 2.
        assert_eq!(civil_id_check_digit(b"28503151234"), Some(2));
        assert!(is_valid_civil_id("285031512342"));
        assert!(!is_valid_civil_id("285031512343"));
        assert_eq!(
            civil_id_birth_date("285031512342"),
            NaiveDate::from_ymd_opt(1985, 3, 15)
        );
        assert!(!is_valid_civil_id("28503151234"));
        assert!(!is_valid_civil_id("285131512342"), "month 13");
    }

    #[test]
    fn iban_mod97() {
        // The published example Kuwaiti IBAN.
        assert!(is_valid_kw_iban("KW81CBKU0000000000001234560101"));
        assert!(!is_valid_kw_iban("KW82CBKU0000000000001234560101"));
        assert_eq!(
            make_kw_iban("CBKU", "0000000000001234560101").as_deref(),
            Some("KW81CBKU0000000000001234560101")
        );
        assert_eq!(
            mask_iban("KW81CBKU0000000000001234560101"),
            "KW•• •••• 0101"
        );
    }

    #[test]
    fn phones_emails_ips_cities() {
        assert!(is_valid_phone("+96555123456"));
        assert!(!is_valid_phone("+96515123456"));
        assert!(!is_valid_phone("+9655512345"));
        assert!(is_valid_email("fatima.alsabah7@mail.example"));
        assert!(!is_valid_email("fatima@@mail.example"));
        assert!(!is_valid_email("fatima@localhost"));
        assert!(is_kuwaiti_ip("37.38.1.2"));
        assert!(is_kuwaiti_ip("168.187.200.1"));
        assert!(!is_kuwaiti_ip("8.8.8.8"));
        assert!(!is_kuwaiti_ip("37.40.0.1"));
        assert!(is_kuwaiti_city("Salmiya"));
        assert!(!is_kuwaiti_city("Dubai"));
    }
}
