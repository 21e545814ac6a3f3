//! Money and other fixed-point numbers. KWD has three decimals, so an amount is a
//! whole number of fils; it never passes through float arithmetic.
//!
//! In JSON an amount is a number in KWD ("12.345"). serde_json hands numbers over as
//! f64; Rust prints an f64 as the shortest decimal that round-trips, so for any
//! number written with at most 17 significant digits we get back the exact text the
//! file held and parse that text, rejecting more decimals than the scale allows.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

/// Fils per dinar.
pub const FILS_PER_KWD: i64 = 1000;

/// Why a decimal number could not be read as a fixed-point value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecimalError {
    NotANumber(String),
    TooManyDecimals { text: String, max: u32 },
    OutOfRange(String),
}

impl fmt::Display for DecimalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotANumber(t) => write!(f, "\"{t}\" is not a number"),
            Self::TooManyDecimals { text, max } => {
                write!(f, "{text} has more than {max} decimal places")
            }
            Self::OutOfRange(t) => write!(f, "{t} is out of range"),
        }
    }
}

impl std::error::Error for DecimalError {}

/// Parses a plain decimal ("-12.5", "3", "0.125") into an integer scaled by 10^scale.
pub fn parse_fixed(text: &str, scale: u32) -> Result<i64, DecimalError> {
    let not_a_number = || DecimalError::NotANumber(text.to_owned());
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int_part, frac_part) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int_part.is_empty() || !all_digits(int_part) || !all_digits(frac_part) {
        return Err(not_a_number());
    }
    if (digits.contains('.') && frac_part.is_empty()) || text.contains(['e', 'E']) {
        return Err(not_a_number());
    }
    let frac_trimmed = frac_part.trim_end_matches('0');
    if frac_trimmed.len() > scale as usize {
        return Err(DecimalError::TooManyDecimals {
            text: text.to_owned(),
            max: scale,
        });
    }
    let out_of_range = || DecimalError::OutOfRange(text.to_owned());
    let whole: i64 = int_part.parse().map_err(|_| out_of_range())?;
    let mut frac: i64 = 0;
    for i in 0..scale as usize {
        let digit = frac_trimmed
            .as_bytes()
            .get(i)
            .map_or(0, |b| i64::from(b - b'0'));
        frac = frac * 10 + digit;
    }
    let magnitude = whole
        .checked_mul(10_i64.pow(scale))
        .and_then(|w| w.checked_add(frac))
        .ok_or_else(out_of_range)?;
    Ok(if negative { -magnitude } else { magnitude })
}

/// Writes an integer scaled by 10^scale as the shortest plain decimal ("12.5", "3").
pub fn format_fixed(value: i64, scale: u32) -> String {
    let unit = 10_i64.pow(scale);
    let sign = if value < 0 { "-" } else { "" };
    let abs = value.unsigned_abs();
    let whole = abs / unit as u64;
    let frac = abs % unit as u64;
    if frac == 0 {
        return format!("{sign}{whole}");
    }
    let frac = format!("{frac:0width$}", width = scale as usize);
    format!("{sign}{whole}.{}", frac.trim_end_matches('0'))
}

/// Reads a JSON number (as serde hands it over) into a fixed-point integer.
fn deserialize_fixed<'de, D: Deserializer<'de>>(d: D, scale: u32) -> Result<i64, D::Error> {
    struct Visitor(u32);
    impl de::Visitor<'_> for Visitor {
        type Value = i64;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            write!(f, "a number with at most {} decimal places", self.0)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<i64, E> {
            v.checked_mul(10_i64.pow(self.0))
                .ok_or_else(|| E::custom(DecimalError::OutOfRange(v.to_string())))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<i64, E> {
            let v =
                i64::try_from(v).map_err(|_| E::custom(DecimalError::OutOfRange(v.to_string())))?;
            self.visit_i64(v)
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<i64, E> {
            if !v.is_finite() {
                return Err(E::custom(DecimalError::NotANumber(v.to_string())));
            }
            // Fast path (tens of thousands of amounts parse at start): the scaled value
            // rounded to a whole number is exact below 2^53, and dividing it back gives
            // `v` only if `v` is the nearest f64 to a number with at most `scale`
            // decimals, which is when the text below would have at most that many.
            let unit = 10_i64.pow(self.0) as f64;
            let scaled = (v * unit).round();
            if scaled.abs() < 9_007_199_254_740_992.0 && scaled / unit == v {
                return Ok(scaled as i64);
            }
            // `{}` on f64 prints the shortest round-trip decimal, never an exponent: the
            // exact text the file held, so errors name it.
            parse_fixed(&format!("{v}"), self.0).map_err(E::custom)
        }
    }
    d.deserialize_any(Visitor(scale))
}

/// Writes a fixed-point integer as a JSON number with its exact decimal digits.
fn serialize_fixed<S: Serializer>(value: i64, scale: u32, s: S) -> Result<S::Ok, S::Error> {
    if value % 10_i64.pow(scale) == 0 {
        return s.serialize_i64(value / 10_i64.pow(scale));
    }
    // The shortest f64 for a decimal with <= 15 significant digits prints back as that
    // same decimal, so this is exact for every amount a bank holds.
    let text = format_fixed(value, scale);
    let float: f64 = text.parse().map_err(serde::ser::Error::custom)?;
    s.serialize_f64(float)
}

/// An amount of Kuwaiti dinars, held as whole fils.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_fils(fils: i64) -> Self {
        Money(fils)
    }

    pub const fn from_kwd(kwd: i64) -> Self {
        Money(kwd * FILS_PER_KWD)
    }

    pub const fn fils(self) -> i64 {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Parses a KWD amount written as a decimal ("1234.5").
    pub fn parse_kwd(text: &str) -> Result<Self, DecimalError> {
        parse_fixed(text.trim(), 3).map(Money)
    }

    /// The amount as a plain decimal with exactly three places ("-1234.500"), for CSV
    /// and machine-readable attributes.
    pub fn to_plain(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:03}", abs / 1000, abs % 1000)
    }

    /// Multiplies by a ratio, rounding half away from zero to the nearest fils.
    pub fn mul_div(self, num: i64, den: i64) -> Option<Money> {
        if den == 0 {
            return None;
        }
        let product = i128::from(self.0) * i128::from(num);
        let den = i128::from(den);
        let half = den.abs() / 2;
        let rounded = if (product < 0) != (den < 0) {
            (product - half) / den
        } else {
            (product + half) / den
        };
        i64::try_from(rounded).ok().map(Money)
    }
}

/// "KWD 1,234.500" / "-KWD 12.000": the English form from `format::Formatter`, the one
/// place amounts become text for people.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::format::Formatter::default().money(*self))
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money(self.0 + rhs.0)
    }
}
impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money(self.0 - rhs.0)
    }
}
impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}
impl AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        self.0 += rhs.0;
    }
}
impl SubAssign for Money {
    fn sub_assign(&mut self, rhs: Money) {
        self.0 -= rhs.0;
    }
}
impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_fixed(self.0, 3, s)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_fixed(d, 3).map(Money)
    }
}

/// A yearly interest rate in basis points (4.25% = 425), written in JSON as a percent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Rate(i64);

impl Rate {
    pub const fn from_bps(bps: i64) -> Self {
        Rate(bps)
    }
    pub const fn bps(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Rate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}%", self.0 / 100, self.0 % 100)
    }
}

impl Serialize for Rate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serialize_fixed(self.0, 2, s)
    }
}

impl<'de> Deserialize<'de> for Rate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        deserialize_fixed(d, 2).map(Rate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects_decimals() {
        assert_eq!(Money::parse_kwd("12.345"), Ok(Money::from_fils(12_345)));
        assert_eq!(Money::parse_kwd("-0.5"), Ok(Money::from_fils(-500)));
        assert_eq!(Money::parse_kwd("7"), Ok(Money::from_fils(7_000)));
        assert_eq!(Money::parse_kwd("1.2300"), Ok(Money::from_fils(1_230)));
        assert!(matches!(
            Money::parse_kwd("1.2345"),
            Err(DecimalError::TooManyDecimals { .. })
        ));
        assert!(matches!(
            Money::parse_kwd("1e3"),
            Err(DecimalError::NotANumber(_))
        ));
        assert!(matches!(
            Money::parse_kwd("abc"),
            Err(DecimalError::NotANumber(_))
        ));
        assert!(matches!(
            Money::parse_kwd("1."),
            Err(DecimalError::NotANumber(_))
        ));
    }

    #[test]
    fn json_round_trip_is_exact() {
        // Values that drift when summed as floats (0.1 + 0.2) and large balances.
        for fils in [
            1,
            100,
            200,
            300,
            12_345,
            999_999_999_999,
            -70,
            123_456_789_001,
        ] {
            let m = Money::from_fils(fils);
            let json = serde_json::to_string(&m).unwrap();
            assert_eq!(json, format_fixed(fils, 3), "serialized form of {fils}");
            let back: Money = serde_json::from_str(&json).unwrap();
            assert_eq!(back, m);
        }
        let sum: Money = ["0.1", "0.2"]
            .iter()
            .map(|t| serde_json::from_str::<Money>(t).unwrap())
            .sum();
        assert_eq!(sum, Money::from_fils(300));
    }

    #[test]
    fn json_rejects_a_fourth_decimal() {
        let err = serde_json::from_str::<Money>("10.0005").unwrap_err();
        assert!(
            err.to_string().contains("more than 3 decimal places"),
            "{err}"
        );
    }

    #[test]
    fn json_amounts_parse_exactly_at_every_magnitude() {
        // The fast path (scale, round, divide back) against the text the file holds.
        let samples = (0..300_000_i64)
            .step_by(7)
            .chain((0..40).map(|k| 1_i64 << k))
            .chain([999_999_999_999_999, 4_503_599_627_370_495]);
        for fils in samples.flat_map(|f| [f, -f]) {
            let text = format_fixed(fils, 3);
            let parsed: Money = serde_json::from_str(&text).unwrap();
            assert_eq!(parsed, Money::from_fils(fils), "{text}");
            // A fourth decimal is refused (below KWD 100 million: beyond that an f64
            // cannot tell it apart, whichever way the number is read).
            if fils.unsigned_abs() >= 100_000_000_000 {
                continue;
            }
            let sign = if fils < 0 { "-" } else { "" };
            let abs = fils.unsigned_abs();
            let longer = format!("{sign}{}.{:03}1", abs / 1000, abs % 1000);
            assert!(serde_json::from_str::<Money>(&longer).is_err(), "{longer}");
        }
    }

    #[test]
    fn displays_grouped_kwd() {
        assert_eq!(
            Money::from_fils(1_234_567_890).to_string(),
            "KWD 1,234,567.890"
        );
        assert_eq!(Money::from_fils(-5).to_string(), "-KWD 0.005");
        assert_eq!(Money::from_fils(999_000).to_string(), "KWD 999.000");
        assert_eq!(Money::from_fils(-1_500).to_plain(), "-1.500");
    }

    #[test]
    fn mul_div_rounds_half_away_from_zero() {
        assert_eq!(
            Money::from_fils(10).mul_div(1, 4),
            Some(Money::from_fils(3))
        );
        assert_eq!(
            Money::from_fils(-10).mul_div(1, 4),
            Some(Money::from_fils(-3))
        );
        assert_eq!(Money::from_fils(10).mul_div(1, 0), None);
    }

    #[test]
    fn rate_is_percent_with_two_decimals() {
        let r: Rate = serde_json::from_str("4.25").unwrap();
        assert_eq!(r.bps(), 425);
        assert_eq!(serde_json::to_string(&r).unwrap(), "4.25");
        assert_eq!(r.to_string(), "4.25%");
    }
}
