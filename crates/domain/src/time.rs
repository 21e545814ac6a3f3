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

/// Reads the dataset's timestamps (serde `deserialize_with`). Their one form,
/// `2024-11-29T15:38:37+03:00`, is read directly: chrono's general parser took an eighth
/// of the time to parse the whole dataset. Any other form is left to chrono, so what it
/// accepts and how it words a refusal are unchanged.
pub fn deserialize_timestamp<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Timestamp, D::Error> {
    d.deserialize_str(TimestampVisitor)
}

/// [`deserialize_timestamp`] for an optional timestamp (`null` is `None`).
pub fn deserialize_timestamp_opt<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Option<Timestamp>, D::Error> {
    #[derive(Deserialize)]
    struct Wrapped(#[serde(deserialize_with = "deserialize_timestamp")] Timestamp);
    Ok(Option::<Wrapped>::deserialize(d)?.map(|Wrapped(t)| t))
}

struct TimestampVisitor;

impl serde::de::Visitor<'_> for TimestampVisitor {
    type Value = Timestamp;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an RFC 3339 timestamp")
    }

    fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Timestamp, E> {
        match parse_plain_timestamp(s) {
            Some(t) => Ok(t),
            None => s.parse().map_err(E::custom),
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS±HH:MM`, or None (another form, or not a valid moment).
fn parse_plain_timestamp(s: &str) -> Option<Timestamp> {
    let b = s.as_bytes();
    let shape = b.len() == 25
        && [
            (4, b'-'),
            (7, b'-'),
            (10, b'T'),
            (13, b':'),
            (16, b':'),
            (22, b':'),
        ]
        .iter()
        .all(|&(i, c)| b[i] == c);
    if !shape {
        return None;
    }
    let num = |at: usize, len: usize| -> Option<u32> {
        b[at..at + len].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let sign = match b[19] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let offset_seconds = i32::try_from(num(20, 2)? * 3600 + num(23, 2)? * 60).ok()?;
    let offset = FixedOffset::east_opt(sign * offset_seconds)?;
    let date = NaiveDate::from_ymd_opt(i32::try_from(num(0, 4)?).ok()?, num(5, 2)?, num(8, 2)?)?;
    let time = NaiveTime::from_hms_opt(num(11, 2)?, num(14, 2)?, num(17, 2)?)?;
    offset.from_local_datetime(&date.and_time(time)).single()
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
    fn timestamps_read_directly_are_what_chrono_reads() {
        #[derive(Deserialize)]
        struct Record {
            #[serde(deserialize_with = "deserialize_timestamp")]
            at: Timestamp,
            #[serde(default, deserialize_with = "deserialize_timestamp_opt")]
            until: Option<Timestamp>,
        }
        let read = |s: &str| {
            serde_json::from_str::<Record>(&format!(r#"{{"at":{}}}"#, serde_json::json!(s)))
                .map(|r| r.at)
                .map_err(|e| e.to_string())
        };
        let cases = [
            // The dataset's form, then forms only chrono reads.
            "2024-11-29T15:38:37+03:00",
            "2024-02-29T00:00:00-05:30",
            "2024-11-29T15:38:37Z",
            "2024-11-29T15:38:37.250+03:00",
            "2024-11-29 15:38:37+03:00",
            // Refused by both: impossible dates, times and offsets, and other shapes.
            "2023-02-29T10:00:00+03:00",
            "2024-11-29T24:00:00+03:00",
            "2024-11-29T15:38:37+24:00",
            "2024-11-29T15:38:37*03:00",
            "2024-1a-29T15:38:37+03:00",
            "2024-11-29",
            "",
        ];
        for s in cases {
            let chrono = s.parse::<Timestamp>().map_err(|e| e.to_string());
            match (read(s), chrono) {
                (Ok(ours), Ok(theirs)) => {
                    assert_eq!(ours, theirs, "{s}");
                    assert_eq!(ours.offset(), theirs.offset(), "{s}");
                }
                (Err(ours), Err(theirs)) => assert!(ours.starts_with(&theirs), "{s}: {ours}"),
                (ours, theirs) => panic!("{s}: read {ours:?}, chrono {theirs:?}"),
            }
        }
        assert!(parse_plain_timestamp("2024-11-29T15:38:37+03:00").is_some());
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
}
