//! Vietnamese mobile numbers.
//!
//! The phone number is a citizen's login name and the only channel for one-time codes, so
//! every way people write it must land on one canonical form: otherwise "0912 345 678" and
//! "+84912345678" would become two accounts, and a duplicate check or rate limit keyed on
//! the raw text would be trivially bypassed. Landlines are refused because they cannot
//! receive the activation SMS.
//!
//! Accepted, all giving `+84912345678`:
//! `0912 345 678`, `0912.345.678`, `0912-345-678`, `+84912345678`, `+84 912 345 678`,
//! `84912345678`, `84-912-345-678`, `(+84) 912 345 678`, `0084 912 345 678`,
//! `+84 0912 345 678` (the trunk `0` kept after the country code, a common slip), and
//! `912345678` (the leading `0` dropped, as spreadsheets do). The last form is safe because
//! a Vietnamese mobile number has exactly 9 significant digits and none starts with `0`, so
//! the length alone tells the forms apart.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Number of significant digits after the country code (the "national significant number").
const NSN_DIGITS: usize = 9;

/// The first two significant digits of every mobile range allocated since the 2018
/// renumbering (Viettel 32–39, 86, 96–98; VinaPhone 81–85, 88, 91, 94; MobiFone 70, 76–79,
/// 89, 90, 93; Vietnamobile 52, 56, 58, 92; Gmobile 59, 99; Reddi 55; iTel 87).
///
/// A strict list catches typos at the form rather than as an SMS that never arrives. When
/// the Ministry allocates a new range, add it here — one line, and the tests show where.
const MOBILE_PREFIXES: [u8; 36] = [
    32, 33, 34, 35, 36, 37, 38, 39, // Viettel
    52, 55, 56, 58, 59, // Vietnamobile, Reddi, Gmobile
    70, 76, 77, 78, 79, // MobiFone
    81, 82, 83, 84, 85, 86, 87, 88, 89, // VinaPhone, Viettel, iTel, MobiFone
    90, 91, 92, 93, 94, 96, 97, 98, 99, // all networks
];

/// A valid Vietnamese mobile number in canonical E.164 form (`+84` and 9 digits).
///
/// The only way to get one is [`normalize`] (also through `FromStr` and serde), so a
/// `Phone` in hand is always valid and always canonical — safe as a database key.
/// `Display` prints the canonical form, which is for storage and logs; show people
/// [`Phone::display_local`] or, in messages to third parties, [`Phone::masked`].
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    /// The canonical form, `+84912345678`: what the database stores and compares.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 9 significant digits, `912345678`.
    pub fn national_significant(&self) -> &str {
        &self.0[3..]
    }

    /// `84912345678`: what most Vietnamese SMS gateways expect in their `to` parameter.
    pub fn international_digits(&self) -> &str {
        &self.0[1..]
    }

    /// `0912 345 678`: how Vietnamese people write and read their own number.
    pub fn display_local(&self) -> String {
        let n = self.national_significant();
        format!("0{} {} {}", &n[0..3], &n[3..6], &n[6..9])
    }

    /// `0912 *** 678`: enough for the owner to recognise the number ("we sent a code to
    /// 0912 *** 678") without showing it whole to whoever is looking at the screen.
    pub fn masked(&self) -> String {
        let n = self.national_significant();
        format!("0{} *** {}", &n[0..3], &n[6..9])
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for Phone {
    type Err = PhoneError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        normalize(s)
    }
}

impl TryFrom<String> for Phone {
    type Error = PhoneError;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        normalize(&s)
    }
}

impl From<Phone> for String {
    fn from(p: Phone) -> String {
        p.0
    }
}

/// Why a phone number was refused. Each variant says what to fix, so the form can show
/// the exact sentence next to the field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PhoneError {
    /// Nothing but spaces and separators.
    Empty,
    /// Letters or symbols other than spaces, `.`, `-`, `(`, `)` and a leading `+`.
    InvalidCharacters,
    /// Another country's code (`+1…`, `0033…`): codes are sent only to Vietnamese networks.
    Foreign,
    TooShort,
    TooLong,
    /// A fixed line (`02x…`): it cannot receive the activation SMS.
    Landline,
    /// Nine digits, but no Vietnamese mobile network uses that prefix.
    NotMobile,
}

impl PhoneError {
    /// The message in Vietnamese.
    pub fn vi(self) -> &'static str {
        match self {
            PhoneError::Empty => "Vui lòng nhập số điện thoại di động.",
            PhoneError::InvalidCharacters => {
                "Số điện thoại chỉ được gồm chữ số, có thể có dấu cách, dấu chấm, dấu gạch ngang \
                 hoặc mã quốc gia +84. Vui lòng nhập số di động Việt Nam, ví dụ 0912 345 678."
            }
            PhoneError::Foreign => {
                "Hệ thống chỉ hỗ trợ số di động Việt Nam (mã quốc gia +84). \
                 Vui lòng nhập số di động Việt Nam, ví dụ 0912 345 678."
            }
            PhoneError::TooShort => {
                "Số điện thoại còn thiếu chữ số. Số di động Việt Nam gồm 10 chữ số, \
                 ví dụ 0912 345 678."
            }
            PhoneError::TooLong => {
                "Số điện thoại thừa chữ số. Số di động Việt Nam gồm 10 chữ số, \
                 ví dụ 0912 345 678."
            }
            PhoneError::Landline => {
                "Đây là số điện thoại cố định, không nhận được tin nhắn SMS. \
                 Vui lòng nhập số di động Việt Nam, ví dụ 0912 345 678."
            }
            PhoneError::NotMobile => {
                "Số điện thoại không hợp lệ. Vui lòng nhập số di động Việt Nam, \
                 ví dụ 0912 345 678."
            }
        }
    }

    /// The message in English.
    pub fn en(self) -> &'static str {
        match self {
            PhoneError::Empty => "Please enter your mobile phone number.",
            PhoneError::InvalidCharacters => {
                "A phone number may contain only digits, spaces, dots, hyphens and the +84 \
                 country code. Please enter a Vietnamese mobile number, e.g. 0912 345 678."
            }
            PhoneError::Foreign => {
                "Only Vietnamese mobile numbers (country code +84) are supported. \
                 Please enter a Vietnamese mobile number, e.g. 0912 345 678."
            }
            PhoneError::TooShort => {
                "The phone number is missing digits. A Vietnamese mobile number has 10 digits, \
                 e.g. 0912 345 678."
            }
            PhoneError::TooLong => {
                "The phone number has too many digits. A Vietnamese mobile number has 10 digits, \
                 e.g. 0912 345 678."
            }
            PhoneError::Landline => {
                "This is a landline number, which cannot receive text messages. \
                 Please enter a Vietnamese mobile number, e.g. 0912 345 678."
            }
            PhoneError::NotMobile => {
                "The phone number is not valid. Please enter a Vietnamese mobile number, \
                 e.g. 0912 345 678."
            }
        }
    }
}

/// Log-friendly English text; user-facing code should pick [`PhoneError::vi`] or
/// [`PhoneError::en`] by the user's language.
impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.en())
    }
}

impl std::error::Error for PhoneError {}

/// The longest raw phone field looked at.
pub const MAX_INPUT_CHARS: usize = 32;

/// Turns any usual way of writing a Vietnamese mobile number into the canonical [`Phone`].
///
/// Separators (any Unicode white space, `.`, `-`, `(`, `)`) are ignored wherever they are,
/// because people paste numbers from documents, contact cards and spreadsheets. A `+` is
/// accepted only before the first digit. Which prefix is meant is decided by length (see
/// the module documentation), so no input can be read two ways.
pub fn normalize(input: &str) -> Result<Phone, PhoneError> {
    // The longest spelling people use ("+84 (0) 912.345.678" with spaces) is far shorter;
    // anything longer is refused before it is read.
    if crate::account::longer_than(input, MAX_INPUT_CHARS) {
        return Err(PhoneError::TooLong);
    }
    let mut digits = String::with_capacity(16);
    let mut plus = false;
    for c in input.chars() {
        match c {
            '0'..='9' => digits.push(c),
            '+' if digits.is_empty() && !plus => plus = true,
            '.' | '-' | '(' | ')' => {}
            c if c.is_whitespace() => {}
            _ => return Err(PhoneError::InvalidCharacters),
        }
    }
    if digits.is_empty() {
        return Err(if plus {
            PhoneError::TooShort
        } else {
            PhoneError::Empty
        });
    }

    let (after_country_code, rest) = if plus {
        match digits.strip_prefix("84") {
            Some(rest) => (true, rest),
            // "+8" while typing is not yet foreign.
            None if digits == "8" => return Err(PhoneError::TooShort),
            None => return Err(PhoneError::Foreign),
        }
    } else if let Some(rest) = digits.strip_prefix("0084") {
        (true, rest)
    } else if digits.starts_with("00") {
        // The international call prefix followed by another country, or just "00…".
        return Err(
            if digits.len() <= 4 && "0084".starts_with(digits.as_str()) {
                PhoneError::TooShort
            } else {
                PhoneError::Foreign
            },
        );
    } else if let Some(rest) = digits.strip_prefix('0') {
        (false, rest)
    } else if digits.len() > NSN_DIGITS && digits.starts_with("84") {
        // "84…" with more than 9 digits is the country code without its "+"; a 9-digit
        // "84…" is a VinaPhone number written without its leading 0.
        (true, &digits[2..])
    } else {
        (false, digits.as_str())
    };
    // "+84 0912 345 678": the trunk prefix kept after the country code.
    let nsn = if after_country_code {
        rest.strip_prefix('0').unwrap_or(rest)
    } else {
        rest
    };

    if nsn.len() < NSN_DIGITS {
        return Err(PhoneError::TooShort);
    }
    // Landlines are "02" + 9 digits since 2017, so they are one digit too long for a
    // mobile number; name them for what they are rather than "too long".
    if nsn.starts_with('2') && nsn.len() <= NSN_DIGITS + 1 {
        return Err(PhoneError::Landline);
    }
    if nsn.len() > NSN_DIGITS {
        return Err(PhoneError::TooLong);
    }
    let prefix: u8 = nsn[..2].parse().map_err(|_| PhoneError::NotMobile)?;
    if !MOBILE_PREFIXES.contains(&prefix) {
        return Err(PhoneError::NotMobile);
    }
    Ok(Phone(format!("+84{nsn}")))
}

/// `true` when `input` is a valid Vietnamese mobile number in any accepted form.
pub fn is_valid(input: &str) -> bool {
    normalize(input).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(input: &str) -> String {
        match normalize(input) {
            Ok(p) => p.as_str().to_owned(),
            Err(e) => panic!("{input:?} was refused: {e:?}"),
        }
    }

    fn err(input: &str) -> PhoneError {
        match normalize(input) {
            Ok(p) => panic!("{input:?} was accepted as {p}"),
            Err(e) => e,
        }
    }

    #[test]
    fn usual_forms_normalise_to_one_canonical_number() {
        for input in [
            "0912345678",
            "0912 345 678",
            "0912.345.678",
            "0912-345-678",
            "091 234 5678",
            "+84912345678",
            "+84 912 345 678",
            "+84-912-345-678",
            "+84.912.345.678",
            "84912345678",
            "84-912-345-678",
            "84 912 345 678",
            "(+84) 912 345 678",
            "(+84)912345678",
            "(84) 912 345 678",
            "(0912) 345 678",
            "0084912345678",
            "0084 912 345 678",
            "+84 0912 345 678",
            "+840912345678",
            "840912345678",
            "00840912345678",
            "912345678",
            "912 345 678",
            "  0912 345 678  ",
            "\t0912\u{a0}345\u{a0}678\n",
            "0912\u{2009}345\u{2009}678",
        ] {
            assert_eq!(ok(input), "+84912345678", "{input:?}");
        }
    }

    #[test]
    fn every_allocated_prefix_is_accepted_in_every_form() {
        for prefix in MOBILE_PREFIXES {
            let nsn = format!("{prefix}1234567");
            let canonical = format!("+84{nsn}");
            for input in [
                format!("0{nsn}"),
                format!("+84{nsn}"),
                format!("84{nsn}"),
                nsn.clone(),
            ] {
                assert_eq!(ok(&input), canonical, "{input:?}");
            }
        }
    }

    #[test]
    fn prefix_list_is_exactly_the_allocated_ranges() {
        // Written out independently of MOBILE_PREFIXES, per first digit.
        let allocated: [(u8, &[u8]); 5] = [
            (3, &[2, 3, 4, 5, 6, 7, 8, 9]),
            (5, &[2, 5, 6, 8, 9]),
            (7, &[0, 6, 7, 8, 9]),
            (8, &[1, 2, 3, 4, 5, 6, 7, 8, 9]),
            (9, &[0, 1, 2, 3, 4, 6, 7, 8, 9]),
        ];
        for first in 1..=9u8 {
            for second in 0..=9u8 {
                let nsn = format!("{first}{second}1234567");
                let expected = allocated
                    .iter()
                    .any(|(f, seconds)| *f == first && seconds.contains(&second));
                assert_eq!(normalize(&format!("0{nsn}")).is_ok(), expected, "0{nsn}");
                if !expected {
                    let e = err(&format!("0{nsn}"));
                    let want = if first == 2 {
                        PhoneError::Landline
                    } else {
                        PhoneError::NotMobile
                    };
                    assert_eq!(e, want, "0{nsn}");
                }
            }
        }
        let mut sorted = MOBILE_PREFIXES.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), MOBILE_PREFIXES.len(), "no duplicates");
    }

    #[test]
    fn landlines_are_named_as_such() {
        for input in [
            "024 3825 1234", // Hà Nội
            "028 3829 1234", // TP. Hồ Chí Minh
            "0233 3852 123", // Quảng Trị
            "0234 3822 123", // Huế
            "+84 24 3825 1234",
            "84 233 3852 123",
            "0233.385.212", // 9 digits after 0, starting with 2
        ] {
            assert_eq!(err(input), PhoneError::Landline, "{input:?}");
        }
    }

    #[test]
    fn wrong_lengths() {
        for input in [
            "0",
            "09",
            "0912",
            "091234567",
            "+84",
            "+8",
            "+84 91234567",
            "84",
            "8491234567",
            "12345678",
            "00",
            "008",
            "0084",
            "00849123",
        ] {
            assert_eq!(err(input), PhoneError::TooShort, "{input:?}");
        }
        for input in [
            "09123456789",
            "+849123456789",
            "849123456789",
            "0912 345 678 9",
            "0912345678 0912345678",
            "01683456789", // an 11-digit number from before the 2018 renumbering
            "0233 3852 1234",
        ] {
            assert_eq!(err(input), PhoneError::TooLong, "{input:?}");
        }
    }

    #[test]
    fn letters_and_stray_symbols_are_refused() {
        for input in [
            "0912abc678",
            "O912345678", // letter O for zero
            "0912 345 67l",
            "phone: 0912345678",
            "0912/345/678",
            "0912_345_678",
            "0912345678#",
            "*0912345678",
            "84+912345678",
            "++84912345678",
            "0912 345 678 ext 1",
            "０９１２３４５６７８", // full-width digits
            "٠٩١٢٣٤٥٦٧٨",           // Arabic-Indic digits
        ] {
            assert_eq!(err(input), PhoneError::InvalidCharacters, "{input:?}");
        }
    }

    #[test]
    fn empty_and_foreign() {
        for input in ["", "   ", " - . ( ) ", "\n"] {
            assert_eq!(err(input), PhoneError::Empty, "{input:?}");
        }
        for input in [
            "+1 202 555 0143",
            "+33 6 12 34 56 78",
            "+856 20 5512 3456",
            "0033612345678",
            "001202555014",
            "+",
        ] {
            let e = err(input);
            if input == "+" {
                assert_eq!(e, PhoneError::TooShort);
            } else {
                assert_eq!(e, PhoneError::Foreign, "{input:?}");
            }
        }
    }

    #[test]
    fn not_mobile_prefixes() {
        for input in [
            "0112345678",
            "0412345678",
            "0612345678",
            "0951234567",
            "0301234567",
            "0501234567",
        ] {
            assert_eq!(err(input), PhoneError::NotMobile, "{input:?}");
        }
    }

    #[test]
    fn display_forms() {
        let p = normalize("+84 912 345 678").unwrap();
        assert_eq!(p.as_str(), "+84912345678");
        assert_eq!(p.to_string(), "+84912345678");
        assert_eq!(p.national_significant(), "912345678");
        assert_eq!(p.international_digits(), "84912345678");
        assert_eq!(p.display_local(), "0912 345 678");
        assert_eq!(p.masked(), "0912 *** 678");
        let q = normalize("0388.001.234").unwrap();
        assert_eq!(q.display_local(), "0388 001 234");
        assert_eq!(q.masked(), "0388 *** 234");
        // The local form reads back to the same number.
        assert_eq!(normalize(&p.display_local()).unwrap(), p);
        assert_eq!(normalize(&p.masked()), Err(PhoneError::InvalidCharacters));
    }

    #[test]
    fn normalise_is_idempotent() {
        for input in ["0912 345 678", "84-388-001-234", "(+84) 705 555 000"] {
            let p = normalize(input).unwrap();
            assert_eq!(normalize(p.as_str()).unwrap(), p);
        }
    }

    #[test]
    fn from_str_and_serde_validate() {
        let p: Phone = "0912.345.678".parse().unwrap();
        assert_eq!(p.as_str(), "+84912345678");
        assert_eq!("024 3825 1234".parse::<Phone>(), Err(PhoneError::Landline));
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, "\"+84912345678\"");
        let back: Phone = serde_json::from_str("\"0912 345 678\"").unwrap();
        assert_eq!(back, p, "deserialising normalises");
        assert!(serde_json::from_str::<Phone>("\"hello\"").is_err());
        assert!(serde_json::from_str::<Phone>("\"0243825123\"").is_err());
        assert_eq!(String::from(p), "+84912345678");
        assert!(is_valid("0912345678"));
        assert!(!is_valid("091234567"));
    }

    #[test]
    fn every_error_has_both_messages() {
        let all = [
            PhoneError::Empty,
            PhoneError::InvalidCharacters,
            PhoneError::Foreign,
            PhoneError::TooShort,
            PhoneError::TooLong,
            PhoneError::Landline,
            PhoneError::NotMobile,
        ];
        for e in all {
            assert!(e.vi().ends_with('.'), "{e:?}");
            assert!(e.en().ends_with('.'), "{e:?}");
            assert_ne!(e.vi(), e.en());
            assert_eq!(e.to_string(), e.en());
            assert!(!e.vi().contains("  ") && !e.en().contains("  "), "{e:?}");
            let json = serde_json::to_string(&e).unwrap();
            assert_eq!(serde_json::from_str::<PhoneError>(&json).unwrap(), e);
        }
        assert_eq!(
            PhoneError::NotMobile.vi(),
            "Số điện thoại không hợp lệ. Vui lòng nhập số di động Việt Nam, ví dụ 0912 345 678."
        );
    }
}
