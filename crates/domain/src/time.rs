//! Dates and times. Every timestamp in the dataset carries Kuwait's offset (UTC+3,
//! no daylight saving), and calendar questions (which month, which day) are asked in
//! Kuwait time.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A moment in time, always carried with Kuwait's +03:00 offset in the dataset.
pub type Timestamp = DateTime<FixedOffset>;

pub const KUWAIT_OFFSET_SECONDS: i32 = 3 * 3600;

pub fn kuwait() -> FixedOffset {
    FixedOffset::east_opt(KUWAIT_OFFSET_SECONDS).expect("+03:00 is a valid offset")
}

/// Kuwait wall-clock time on `date` at h:m:s.
pub fn kuwait_time(date: NaiveDate, h: u32, m: u32, s: u32) -> Option<Timestamp> {
    let t = NaiveTime::from_hms_opt(h, m, s)?;
    kuwait().from_local_datetime(&date.and_time(t)).single()
}

/// The instant the dataset describes: the last second of `as_of` in Kuwait. Events
/// happen at or before it; expiry dates are compared against it.
pub fn as_of_instant(as_of: NaiveDate) -> Timestamp {
    kuwait_time(as_of, 23, 59, 59).expect("23:59:59 exists in a zone without DST")
}

/// The timestamp converted to Kuwait time (a no-op for well-formed data).
pub fn in_kuwait(t: &Timestamp) -> Timestamp {
    t.with_timezone(&kuwait())
}

/// Kuwait calendar date of a timestamp.
pub fn kuwait_date(t: &Timestamp) -> NaiveDate {
    in_kuwait(t).date_naive()
}

/// A calendar month, ordered, printed as "YYYY-MM".
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Option<Self> {
        (1..=12)
            .contains(&month)
            .then_some(YearMonth { year, month })
    }

    pub fn of_date(d: NaiveDate) -> Self {
        YearMonth {
            year: d.year(),
            month: d.month(),
        }
    }

    /// The Kuwait-time month of a timestamp.
    pub fn of(t: &Timestamp) -> Self {
        Self::of_date(kuwait_date(t))
    }

    /// This month shifted by `n` months (negative goes back).
    pub fn plus(self, n: i64) -> Self {
        let index = i64::from(self.year) * 12 + i64::from(self.month) - 1 + n;
        YearMonth {
            year: index.div_euclid(12) as i32,
            month: index.rem_euclid(12) as u32 + 1,
        }
    }

    /// Months from `self` to `later` (negative when `later` is earlier).
    pub fn months_until(self, later: YearMonth) -> i64 {
        (i64::from(later.year) - i64::from(self.year)) * 12 + i64::from(later.month)
            - i64::from(self.month)
    }

    pub fn first_day(self) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(self.year, self.month, 1)
    }

    pub fn days(self) -> u32 {
        match (self.first_day(), self.plus(1).first_day()) {
            (Some(a), Some(b)) => (b - a).num_days() as u32,
            _ => 30,
        }
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// The `n` months ending with `last`, oldest first.
pub fn months_ending(last: YearMonth, n: usize) -> Vec<YearMonth> {
    (0..n as i64).rev().map(|k| last.plus(-k)).collect()
}

/// Whole days between two instants (floor).
pub fn days_between(a: &Timestamp, b: &Timestamp) -> i64 {
    (*b - *a).num_days()
}

pub fn days(n: i64) -> Duration {
    Duration::days(n)
}

/// `YYYY-MM-DD`, the dataset's and the URLs' one form of a date (proleptic Gregorian,
/// four-digit year), or None. Read here, not by chrono's general parser: it is several
/// times slower, and its code is a tenth of the first download's date handling.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::from_ymd_opt(
        i32::try_from(digits(b, 0, 4)?).ok()?,
        digits(b, 5, 2)?,
        digits(b, 8, 2)?,
    )
}

/// An RFC 3339 timestamp (`2024-11-29T15:38:37+03:00`, the dataset's form; also `t` or a
/// space for the `T`, a fraction of a second, and `Z` for UTC), or None. It accepts and
/// refuses what chrono's `DateTime<FixedOffset>::from_str` does, and gives the same
/// moment and offset (checked against it in the tests).
pub fn parse_timestamp(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    if b.len() < 20 || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = parse_date(s.get(..10)?)?;
    let (hour, minute, second) = (digits(b, 11, 2)?, digits(b, 14, 2)?, digits(b, 17, 2)?);
    let mut nanos = 0;
    let mut at = 19;
    if b[at] == b'.' {
        let len = b[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if len == 0 {
            return None;
        }
        // The first nine digits count (nanoseconds); later ones are dropped.
        let kept = len.min(9);
        nanos = digits(b, at + 1, kept)? * 10u32.pow(9 - kept as u32);
        at += 1 + len;
    }
    // A leap second (:60) is chrono's 59 seconds and over a billion nanoseconds.
    let time = match second {
        60 => NaiveTime::from_hms_nano_opt(hour, minute, 59, 1_000_000_000 + nanos),
        _ => NaiveTime::from_hms_nano_opt(hour, minute, second, nanos),
    }?;
    let offset_seconds = match b.get(at..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let hours = digits(b, at + 1, 2)?;
            let minutes = digits(b, at + 4, 2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let seconds = i32::try_from(hours * 3600 + minutes * 60).ok()?;
            if *sign == b'-' {
                -seconds
            } else {
                seconds
            }
        }
        _ => return None,
    };
    FixedOffset::east_opt(offset_seconds)?
        .from_local_datetime(&date.and_time(time))
        .single()
}

/// `len` ASCII digits at `at`, as a number.
fn digits(b: &[u8], at: usize, len: usize) -> Option<u32> {
    b.get(at..at + len)?.iter().try_fold(0u32, |n, c| {
        c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
    })
}

/// Reads a timestamp ([`parse_timestamp`]) with serde.
pub fn deserialize_timestamp<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Timestamp, D::Error> {
    d.deserialize_str(StrVisitor {
        parse: parse_timestamp,
        expecting: "an RFC 3339 timestamp (YYYY-MM-DDTHH:MM:SS+03:00)",
    })
}

/// Reads a date ([`parse_date`]) with serde.
pub fn deserialize_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    d.deserialize_str(StrVisitor {
        parse: parse_date,
        expecting: "a date (YYYY-MM-DD)",
    })
}

/// A string read by `parse`; a refusal names the value and what was expected.
struct StrVisitor<T> {
    parse: fn(&str) -> Option<T>,
    expecting: &'static str,
}

impl<T> serde::de::Visitor<'_> for StrVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<T, E> {
        (self.parse)(s).ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(s), &self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_is_taken_in_kuwait_time() {
        // 22:30 UTC on 31 Jan is 01:30 on 1 Feb in Kuwait.
        let t = DateTime::parse_from_rfc3339("2026-01-31T22:30:00+00:00").unwrap();
        assert_eq!(YearMonth::of(&t).to_string(), "2026-02");
        let t = DateTime::parse_from_rfc3339("2026-01-31T23:59:59+03:00").unwrap();
        assert_eq!(YearMonth::of(&t).to_string(), "2026-01");
    }

    #[test]
    fn month_arithmetic_crosses_years() {
        let m = YearMonth::new(2026, 1).unwrap();
        assert_eq!(m.plus(-1).to_string(), "2025-12");
        assert_eq!(m.plus(13).to_string(), "2027-02");
        assert_eq!(m.months_until(YearMonth::new(2027, 3).unwrap()), 14);
        let months: Vec<String> = months_ending(m, 3)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(months, ["2025-11", "2025-12", "2026-01"]);
        assert_eq!(YearMonth::new(2028, 2).unwrap().days(), 29);
    }

    #[test]
    fn as_of_is_the_last_second_in_kuwait() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        assert_eq!(as_of_instant(d).to_rfc3339(), "2026-11-20T23:59:59+03:00");
    }

    #[test]
    fn timestamps_are_read_as_chrono_reads_rfc_3339() {
        crate::record! {
            struct Record {
                at: Timestamp,
                until: Option<Timestamp>,
            }
        }
        let read = |s: &str| {
            serde_json::from_str::<Record>(&format!(r#"{{"at":{}}}"#, serde_json::json!(s)))
                .map(|r| r.at)
                .map_err(|e| e.to_string())
        };
        let cases = [
            // The dataset's form, then the other forms RFC 3339 allows.
            "2024-11-29T15:38:37+03:00",
            "2024-02-29T00:00:00-05:30",
            "2024-11-29T15:38:37Z",
            "2024-11-29t15:38:37z",
            "2024-11-29 15:38:37+03:00",
            "2024-11-29T15:38:37.250+03:00",
            "2024-11-29T15:38:37.123456789123+03:00",
            "2024-11-29T15:38:37.5Z",
            "2016-12-31T23:59:60Z",
            "0001-01-01T00:00:00+00:00",
            // Refused: impossible dates, times and offsets, and other shapes.
            "2023-02-29T10:00:00+03:00",
            "2024-11-29T24:00:00+03:00",
            "2024-11-29T15:60:00+03:00",
            "2024-11-29T15:38:37+24:00",
            "2024-11-29T15:38:37+03:60",
            "2024-11-29T15:38:37*03:00",
            "2024-11-29T15:38:37+0300",
            "2024-11-29T15:38:37.+03:00",
            "2024-11-29T15:38:37",
            "2024-11-29T15:38:37+03:00 ",
            "2024-1a-29T15:38:37+03:00",
            "2024-11-29",
            "",
        ];
        for s in cases {
            match (read(s), DateTime::parse_from_rfc3339(s)) {
                (Ok(ours), Ok(theirs)) => {
                    assert_eq!(ours, theirs, "{s}");
                    assert_eq!(ours.offset(), theirs.offset(), "{s}");
                }
                (Err(ours), Err(_)) => assert!(
                    ours.contains(&format!("{s:?}")) && ours.contains("RFC 3339 timestamp"),
                    "{s}: {ours}"
                ),
                (ours, theirs) => panic!("{s}: read {ours:?}, chrono {theirs:?}"),
            }
        }
        let optional = |json: &str| serde_json::from_str::<Record>(json).map(|r| r.until);
        let at = r#""at":"2024-11-29T15:38:37+03:00""#;
        assert_eq!(optional(&format!("{{{at}}}")).ok(), Some(None));
        assert_eq!(
            optional(&format!(r#"{{{at},"until":null}}"#)).ok(),
            Some(None)
        );
        assert_eq!(
            optional(&format!(r#"{{{at},"until":"2024-11-30T00:00:00+03:00"}}"#)).ok(),
            Some(Some(read("2024-11-30T00:00:00+03:00").unwrap()))
        );
        assert!(optional(&format!(r#"{{{at},"until":"soon"}}"#)).is_err());
    }

    #[test]
    fn dates_are_read_strictly_as_chrono_reads_them() {
        for s in ["2024-02-29", "0001-01-01", "9999-12-31", "2026-11-20"] {
            assert_eq!(
                parse_date(s),
                NaiveDate::parse_from_str(s, "%Y-%m-%d").ok(),
                "{s}"
            );
            assert_eq!(parse_date(s).map(|d| d.to_string()).as_deref(), Some(s));
        }
        for s in [
            "2023-02-29",
            "2024-13-01",
            "2024-1-01",
            "2024-01-1",
            "24-01-01",
            "2024/01/01",
            "2024-01-01T00",
            " 2024-01-01",
            "",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
        crate::record! {
            struct Record {
                on: NaiveDate,
                until: Option<NaiveDate>,
            }
        }
        let r: Record = serde_json::from_str(r#"{"on":"2024-02-29","until":null}"#).unwrap();
        assert_eq!((r.on.to_string(), r.until), ("2024-02-29".to_owned(), None));
        let e = serde_json::from_str::<Record>(r#"{"on":"2024-02-30"}"#)
            .err()
            .unwrap()
            .to_string();
        assert!(
            e.contains(r#""2024-02-30""#) && e.contains("YYYY-MM-DD"),
            "{e}"
        );
    }
}
