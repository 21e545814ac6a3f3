//! Text for people: numbers, amounts and dates in English or Arabic, with Latin or
//! Arabic-Indic digits. The one place these choices live, so every screen, chart and
//! export agrees; machine-readable forms (`Money::to_plain`, RFC 3339) stay elsewhere.
//!
//! Everything is integer arithmetic on whole fils and calendar fields: no floats, so
//! no rounding surprises, and the output is byte-for-byte stable for tests.

use crate::money::Money;
use crate::time::{in_kuwait, Timestamp, YearMonth};
use chrono::{Datelike, NaiveDate, Timelike};
use serde::{Deserialize, Serialize};

/// The interface language. Serialized as its code ("en" / "ar") so settings, URLs and
/// JSON all share one spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    #[serde(rename = "en")]
    En,
    #[serde(rename = "ar")]
    Ar,
}

/// The digit set for Arabic text. Both are common in Kuwait, so it is the user's choice.
/// Serialized as its Unicode numbering-system code ("latn" / "arab").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Digits {
    #[default]
    #[serde(rename = "latn")]
    Latin,
    #[serde(rename = "arab")]
    ArabicIndic,
}

impl Lang {
    /// BCP 47 language code, for `<html lang>` and storage.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ar => "ar",
        }
    }

    /// Text direction, for `<html dir>`.
    pub const fn dir(self) -> &'static str {
        match self {
            Lang::En => "ltr",
            Lang::Ar => "rtl",
        }
    }

    /// Reads a language code or a full tag by its primary subtag, ignoring ASCII case,
    /// so browser values such as "ar-KW" or "en-US" work as well as "ar" and "en".
    pub fn from_code(s: &str) -> Option<Lang> {
        let primary = s.trim().split(['-', '_']).next()?;
        if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else if primary.eq_ignore_ascii_case("ar") {
            Some(Lang::Ar)
        } else {
            None
        }
    }
}

impl Digits {
    /// Unicode numbering-system code (as in `-u-nu-`), for storage.
    pub const fn code(self) -> &'static str {
        match self {
            Digits::Latin => "latn",
            Digits::ArabicIndic => "arab",
        }
    }

    /// Reads a numbering-system code, ignoring surrounding space and ASCII case.
    pub fn from_code(s: &str) -> Option<Digits> {
        let s = s.trim();
        if s.eq_ignore_ascii_case("latn") {
            Some(Digits::Latin)
        } else if s.eq_ignore_ascii_case("arab") {
            Some(Digits::ArabicIndic)
        } else {
            None
        }
    }
}

/// ARABIC-INDIC DIGIT ZERO (U+0660) to NINE (U+0669), indexed by value.
const ARABIC_INDIC_DIGITS: [char; 10] = ['٠', '١', '٢', '٣', '٤', '٥', '٦', '٧', '٨', '٩'];
/// U+066C ARABIC THOUSANDS SEPARATOR: the group mark that goes with Arabic-Indic digits.
const ARABIC_THOUSANDS: char = '\u{66C}';
/// U+066B ARABIC DECIMAL SEPARATOR: a comma-like mark that cannot be mistaken for "٠".
const ARABIC_DECIMAL: char = '\u{66B}';
/// U+066A ARABIC PERCENT SIGN, for Arabic-Indic digits.
const ARABIC_PERCENT: char = '\u{66A}';
/// U+061C ARABIC LETTER MARK then "-": without the mark the bidi algorithm moves a
/// leading minus to the far side of the number in right-to-left text.
const ARABIC_MINUS: &str = "\u{61C}-";
/// The Kuwaiti dinar symbol in Arabic.
const ARABIC_KWD: &str = "د.ك.";
/// U+00A0 NO-BREAK SPACE, so an amount never wraps away from its currency symbol.
const NBSP: char = '\u{A0}';
/// U+060C ARABIC COMMA then a space, between an Arabic date and its time.
const ARABIC_DATE_TIME_SEP: &str = "\u{60C} ";

const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// Gregorian month names as written in Kuwait (the Egyptian-style transliterations).
const MONTHS_AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// Formats for one language and digit choice. Cheap to copy; build one from the user's
/// settings and pass it down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Formatter {
    pub lang: Lang,
    pub digits: Digits,
}

impl Formatter {
    pub const fn new(lang: Lang, digits: Digits) -> Self {
        Formatter { lang, digits }
    }

    /// Arabic-Indic digits only apply in Arabic; English always uses Latin digits, so a
    /// stored digit preference cannot leak into the English interface.
    pub fn effective_digits(&self) -> Digits {
        match self.lang {
            Lang::En => Digits::Latin,
            Lang::Ar => self.digits,
        }
    }

    /// An amount with exactly three decimals. English matches `Money`'s `Display`
    /// ("-KWD 1,234.567"); Arabic puts the amount first and "د.ك." after a no-break
    /// space ("1,234.567 د.ك." or "١٬٢٣٤٫٥٦٧ د.ك.").
    pub fn money(&self, m: Money) -> String {
        let abs = m.fils().unsigned_abs();
        let whole = self.grouped(abs / 1000);
        let fils = self.digits(&format!("{:03}", abs % 1000));
        let negative = m.is_negative();
        match self.lang {
            Lang::En => {
                let sign = if negative { "-" } else { "" };
                format!("{sign}KWD {whole}.{fils}")
            }
            Lang::Ar => {
                let sign = if negative { ARABIC_MINUS } else { "" };
                let point = self.decimal_separator();
                format!("{sign}{whole}{point}{fils}{NBSP}{ARABIC_KWD}")
            }
        }
    }

    /// A whole number with grouped thousands: "12,345" / "١٢٬٣٤٥"; negatives use the
    /// same sign as amounts in that language.
    pub fn number(&self, n: i64) -> String {
        let sign = if n < 0 { self.minus() } else { "" };
        format!("{sign}{}", self.grouped(n.unsigned_abs()))
    }

    /// Maps ASCII 0-9 in `text` to the effective digit set and leaves everything else,
    /// for strings whose shape is fixed elsewhere (card endings, references, counts).
    pub fn digits(&self, text: &str) -> String {
        match self.effective_digits() {
            Digits::Latin => text.to_owned(),
            Digits::ArabicIndic => text
                .chars()
                .map(|c| match c.to_digit(10) {
                    Some(d) if c.is_ascii_digit() => ARABIC_INDIC_DIGITS[d as usize],
                    _ => c,
                })
                .collect(),
        }
    }

    /// A whole percentage: "41%", or "٤١٪" with Arabic-Indic digits (whose percent sign
    /// differs too).
    pub fn percent(&self, p: u8) -> String {
        match self.effective_digits() {
            Digits::Latin => format!("{p}%"),
            Digits::ArabicIndic => format!("{}{ARABIC_PERCENT}", self.digits(&p.to_string())),
        }
    }

    /// A calendar day: "5 Mar 2026" / "5 مارس 2026" / "٥ مارس ٢٠٢٦".
    pub fn day(&self, d: NaiveDate) -> String {
        let day = self.digits(&d.day().to_string());
        let year = self.digits(&d.year().to_string());
        format!("{day} {} {year}", self.month_name(d.month()))
    }

    /// Day and 24-hour time, always in Kuwait time whatever offset `t` carries:
    /// "5 Mar 2026, 14:03" / "5 مارس 2026، 14:03".
    pub fn datetime(&self, t: &Timestamp) -> String {
        let k = in_kuwait(t);
        let sep = match self.lang {
            Lang::En => ", ",
            Lang::Ar => ARABIC_DATE_TIME_SEP,
        };
        let time = self.digits(&format!("{:02}:{:02}", k.hour(), k.minute()));
        format!("{}{sep}{time}", self.day(k.date_naive()))
    }

    /// A month with its year: "Mar 2026" / "مارس 2026".
    pub fn month(&self, m: YearMonth) -> String {
        let year = self.digits(&m.year.to_string());
        format!("{} {year}", self.month_name(m.month))
    }

    /// A month alone, for chart axes where the year is shown once: "Mar" / "مارس".
    pub fn month_short(&self, m: YearMonth) -> String {
        self.month_name(m.month)
    }

    /// The month's short name. `YearMonth`'s fields are public, so an out-of-range month
    /// can exist; it is shown as its number rather than panicking.
    fn month_name(&self, month: u32) -> String {
        let names = match self.lang {
            Lang::En => &MONTHS_EN,
            Lang::Ar => &MONTHS_AR,
        };
        match month.checked_sub(1).and_then(|i| names.get(i as usize)) {
            Some(name) => (*name).to_owned(),
            None => self.digits(&month.to_string()),
        }
    }

    /// `n` with a group separator every three digits, in the effective digit set.
    fn grouped(&self, n: u64) -> String {
        let plain = n.to_string();
        let sep = self.group_separator();
        let mut out = String::with_capacity(plain.len() * 2);
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && (plain.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        self.digits(&out)
    }

    fn group_separator(&self) -> char {
        match self.effective_digits() {
            Digits::Latin => ',',
            Digits::ArabicIndic => ARABIC_THOUSANDS,
        }
    }

    fn decimal_separator(&self) -> char {
        match self.effective_digits() {
            Digits::Latin => '.',
            Digits::ArabicIndic => ARABIC_DECIMAL,
        }
    }

    fn minus(&self) -> &'static str {
        match self.lang {
            Lang::En => "-",
            Lang::Ar => ARABIC_MINUS,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    const EN: Formatter = Formatter::new(Lang::En, Digits::Latin);
    const AR: Formatter = Formatter::new(Lang::Ar, Digits::Latin);
    const AR_INDIC: Formatter = Formatter::new(Lang::Ar, Digits::ArabicIndic);

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn ym(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    #[test]
    fn english_money_equals_display() {
        // Money's Display is this English form; the expected texts are spelled out.
        let values = [
            (0, "KWD 0.000"),
            (5, "KWD 0.005"),
            (-5, "-KWD 0.005"),
            (999, "KWD 0.999"),
            (1_000, "KWD 1.000"),
            (999_999, "KWD 999.999"),
            (1_000_000, "KWD 1,000.000"),
            (1_234_567, "KWD 1,234.567"),
            (-1_234_567, "-KWD 1,234.567"),
            (1_234_567_890, "KWD 1,234,567.890"),
            (-1_234_567_890, "-KWD 1,234,567.890"),
            (i64::MAX, "KWD 9,223,372,036,854,775.807"),
            (i64::MIN, "-KWD 9,223,372,036,854,775.808"),
        ];
        for (fils, text) in values {
            let m = Money::from_fils(fils);
            assert_eq!(EN.money(m), text, "{fils} fils");
            assert_eq!(m.to_string(), text, "{fils} fils");
            // English ignores a stored Arabic-Indic preference.
            let en_indic = Formatter::new(Lang::En, Digits::ArabicIndic);
            assert_eq!(en_indic.money(m), text, "{fils} fils");
        }
        assert_eq!(EN.money(Money::from_fils(1_234_567)), "KWD 1,234.567");
        assert_eq!(EN.money(Money::from_fils(-5)), "-KWD 0.005");
        assert_eq!(EN.money(Money::ZERO), "KWD 0.000");
    }

    #[test]
    fn arabic_money_latin_digits() {
        assert_eq!(AR.money(Money::from_fils(1_234_567)), "1,234.567\u{A0}د.ك.");
        assert_eq!(AR.money(Money::from_fils(-5)), "\u{61C}-0.005\u{A0}د.ك.");
        assert_eq!(AR.money(Money::ZERO), "0.000\u{A0}د.ك.");
        assert_eq!(
            AR.money(Money::from_fils(1_234_567_890)),
            "1,234,567.890\u{A0}د.ك."
        );
        assert_eq!(
            AR.money(Money::from_kwd(-1_000)),
            "\u{61C}-1,000.000\u{A0}د.ك."
        );
    }

    #[test]
    fn arabic_money_arabic_indic_digits() {
        assert_eq!(
            AR_INDIC.money(Money::from_fils(1_234_567)),
            "\u{661}\u{66C}\u{662}\u{663}\u{664}\u{66B}\u{665}\u{666}\u{667}\u{A0}\u{62F}.\u{643}."
        );
        assert_eq!(
            AR_INDIC.money(Money::from_fils(1_234_567)),
            "١٬٢٣٤٫٥٦٧\u{A0}د.ك."
        );
        assert_eq!(
            AR_INDIC.money(Money::from_fils(-5)),
            "\u{61C}-٠٫٠٠٥\u{A0}د.ك."
        );
        assert_eq!(AR_INDIC.money(Money::ZERO), "٠٫٠٠٠\u{A0}د.ك.");
        assert_eq!(
            AR_INDIC.money(Money::from_fils(1_234_567_890)),
            "١٬٢٣٤٬٥٦٧٫٨٩٠\u{A0}د.ك."
        );
    }

    #[test]
    fn grouping_edges() {
        assert_eq!(EN.number(0), "0");
        assert_eq!(EN.number(999), "999");
        assert_eq!(EN.number(1_000), "1,000");
        assert_eq!(EN.number(999_999), "999,999");
        assert_eq!(EN.number(1_000_000), "1,000,000");
        assert_eq!(EN.number(12_345), "12,345");
        assert_eq!(EN.number(-1_000), "-1,000");
        assert_eq!(EN.number(i64::MIN), "-9,223,372,036,854,775,808");
        assert_eq!(AR.number(1_000_000), "1,000,000");
        assert_eq!(AR.number(-1_000), "\u{61C}-1,000");
        assert_eq!(AR_INDIC.number(999), "٩٩٩");
        assert_eq!(AR_INDIC.number(1_000), "١٬٠٠٠");
        assert_eq!(AR_INDIC.number(1_000_000), "١٬٠٠٠٬٠٠٠");
        assert_eq!(AR_INDIC.number(12_345), "١٢٬٣٤٥");

        assert_eq!(EN.money(Money::from_kwd(999)), "KWD 999.000");
        assert_eq!(EN.money(Money::from_kwd(1_000)), "KWD 1,000.000");
        assert_eq!(EN.money(Money::from_kwd(1_000_000)), "KWD 1,000,000.000");
        assert_eq!(AR_INDIC.money(Money::from_kwd(999)), "٩٩٩٫٠٠٠\u{A0}د.ك.");
        assert_eq!(
            AR_INDIC.money(Money::from_kwd(1_000)),
            "١٬٠٠٠٫٠٠٠\u{A0}د.ك."
        );
        assert_eq!(
            AR_INDIC.money(Money::from_kwd(1_000_000)),
            "١٬٠٠٠٬٠٠٠٫٠٠٠\u{A0}د.ك."
        );
    }

    #[test]
    fn every_month_name_in_both_languages() {
        let en = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let ar = [
            "يناير",
            "فبراير",
            "مارس",
            "أبريل",
            "مايو",
            "يونيو",
            "يوليو",
            "أغسطس",
            "سبتمبر",
            "أكتوبر",
            "نوفمبر",
            "ديسمبر",
        ];
        for (i, (en, ar)) in en.iter().zip(ar).enumerate() {
            let m = ym(2026, i as u32 + 1);
            assert_eq!(EN.month_short(m), *en);
            assert_eq!(EN.month(m), format!("{en} 2026"));
            assert_eq!(AR.month_short(m), ar);
            assert_eq!(AR.month(m), format!("{ar} 2026"));
            assert_eq!(AR_INDIC.month_short(m), ar);
            assert_eq!(AR_INDIC.month(m), format!("{ar} ٢٠٢٦"));
            assert_eq!(EN.day(date(2026, i as u32 + 1, 1)), format!("1 {en} 2026"));
            assert_eq!(AR.day(date(2026, i as u32 + 1, 1)), format!("1 {ar} 2026"));
        }
        // Hamza forms spelled out, since they are easy to mistype.
        assert_eq!(
            AR.month_short(ym(2026, 4)),
            "\u{623}\u{628}\u{631}\u{64A}\u{644}"
        );
        assert_eq!(
            AR.month_short(ym(2026, 8)),
            "\u{623}\u{63A}\u{633}\u{637}\u{633}"
        );
        assert_eq!(
            AR.month_short(ym(2026, 10)),
            "\u{623}\u{643}\u{62A}\u{648}\u{628}\u{631}"
        );
    }

    #[test]
    fn out_of_range_month_does_not_panic() {
        let bad = YearMonth {
            year: 2026,
            month: 13,
        };
        assert_eq!(EN.month_short(bad), "13");
        assert_eq!(AR_INDIC.month(bad), "١٣ ٢٠٢٦");
        assert_eq!(
            EN.month(YearMonth {
                year: 2026,
                month: 0
            }),
            "0 2026"
        );
    }

    #[test]
    fn days() {
        let d = date(2026, 3, 5);
        assert_eq!(EN.day(d), "5 Mar 2026");
        assert_eq!(AR.day(d), "5 مارس 2026");
        assert_eq!(AR_INDIC.day(d), "٥ مارس ٢٠٢٦");
        assert_eq!(EN.day(date(2026, 12, 31)), "31 Dec 2026");
    }

    #[test]
    fn datetime_is_kuwait_time() {
        let utc = DateTime::parse_from_rfc3339("2026-11-20T21:30:00Z").unwrap();
        assert_eq!(EN.datetime(&utc), "21 Nov 2026, 00:30");
        assert_eq!(
            Formatter::new(Lang::En, Digits::ArabicIndic).datetime(&utc),
            "21 Nov 2026, 00:30"
        );
        assert_eq!(AR.datetime(&utc), "21 نوفمبر 2026\u{60C} 00:30");
        assert_eq!(AR_INDIC.datetime(&utc), "٢١ نوفمبر ٢٠٢٦\u{60C} ٠٠:٣٠");

        let kuwait = DateTime::parse_from_rfc3339("2026-03-05T14:03:59+03:00").unwrap();
        assert_eq!(EN.datetime(&kuwait), "5 Mar 2026, 14:03");
        assert_eq!(AR.datetime(&kuwait), "5 مارس 2026، 14:03");
        assert_eq!(AR_INDIC.datetime(&kuwait), "٥ مارس ٢٠٢٦، ١٤:٠٣");

        // A western offset that is still the previous day locally.
        let west = DateTime::parse_from_rfc3339("2026-12-31T20:15:00-05:00").unwrap();
        assert_eq!(EN.datetime(&west), "1 Jan 2027, 04:15");
    }

    #[test]
    fn percent() {
        assert_eq!(EN.percent(41), "41%");
        assert_eq!(AR.percent(41), "41%");
        assert_eq!(AR_INDIC.percent(41), "٤١\u{66A}");
        assert_eq!(AR_INDIC.percent(0), "٠٪");
        assert_eq!(AR_INDIC.percent(100), "١٠٠٪");
        assert_eq!(
            Formatter::new(Lang::En, Digits::ArabicIndic).percent(7),
            "7%"
        );
    }

    #[test]
    fn digits_maps_only_ascii_digits() {
        assert_eq!(EN.digits("•••• 4821, ref 07"), "•••• 4821, ref 07");
        assert_eq!(AR.digits("•••• 4821"), "•••• 4821");
        assert_eq!(AR_INDIC.digits("•••• 4821"), "•••• ٤٨٢١");
        assert_eq!(AR_INDIC.digits("0123456789"), "٠١٢٣٤٥٦٧٨٩");
        assert_eq!(AR_INDIC.digits("a-1.5/٣ ²"), "a-١.٥/٣ ²");
        assert_eq!(AR_INDIC.digits(""), "");
    }

    #[test]
    fn codes_round_trip() {
        for lang in [Lang::En, Lang::Ar] {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            let json = serde_json::to_string(&lang).unwrap();
            assert_eq!(json, format!("\"{}\"", lang.code()));
            assert_eq!(serde_json::from_str::<Lang>(&json).unwrap(), lang);
        }
        for digits in [Digits::Latin, Digits::ArabicIndic] {
            assert_eq!(Digits::from_code(digits.code()), Some(digits));
            let json = serde_json::to_string(&digits).unwrap();
            assert_eq!(json, format!("\"{}\"", digits.code()));
            assert_eq!(serde_json::from_str::<Digits>(&json).unwrap(), digits);
        }
        assert_eq!((Lang::En.code(), Lang::Ar.code()), ("en", "ar"));
        assert_eq!((Lang::En.dir(), Lang::Ar.dir()), ("ltr", "rtl"));
        assert_eq!(
            (Digits::Latin.code(), Digits::ArabicIndic.code()),
            ("latn", "arab")
        );
        assert_eq!(Lang::from_code("ar-KW"), Some(Lang::Ar));
        assert_eq!(Lang::from_code("EN_us"), Some(Lang::En));
        assert_eq!(Lang::from_code("fr"), None);
        assert_eq!(Lang::from_code("arab"), None);
        assert_eq!(Lang::from_code(""), None);
        assert_eq!(Digits::from_code("ARAB"), Some(Digits::ArabicIndic));
        assert_eq!(Digits::from_code("arabext"), None);
        assert_eq!(Lang::default(), Lang::En);
        assert_eq!(Digits::default(), Digits::Latin);
        assert_eq!(Formatter::default(), EN);
    }

    #[test]
    fn effective_digits() {
        assert_eq!(
            Formatter::new(Lang::En, Digits::ArabicIndic).effective_digits(),
            Digits::Latin
        );
        assert_eq!(
            Formatter::new(Lang::En, Digits::Latin).effective_digits(),
            Digits::Latin
        );
        assert_eq!(AR.effective_digits(), Digits::Latin);
        assert_eq!(AR_INDIC.effective_digits(), Digits::ArabicIndic);
        assert_eq!(
            Formatter::new(Lang::En, Digits::ArabicIndic).number(12_345),
            "12,345"
        );
        assert_eq!(
            Formatter::new(Lang::En, Digits::ArabicIndic).digits("42"),
            "42"
        );
    }
}
