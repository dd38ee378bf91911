//! What makes a password (and a full name) acceptable.
//!
//! The composition rule (8+ characters with upper case, lower case, digit and special
//! character) is the one the provincial systems publish, so citizens recognise it; on its
//! own it still admits `Matkhau@123`, which is why the common-password list and the
//! phone/name checks sit on top of it (OWASP ASVS 2.1.7). The same function runs in the
//! browser as the citizen types and on the server, so both show the same sentences.
//!
//! Passwords are never trimmed, truncated or otherwise rewritten here: what the user typed
//! is what gets hashed. Lengths count characters, not bytes, because "ký tự" means what a
//! person sees; 128 characters bound the hashing work at 512 bytes.

use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use super::phone;

/// Fewest characters a password may have.
pub const MIN_CHARS: usize = 8;
/// Most characters a password may have.
pub const MAX_CHARS: usize = 128;
/// Fewest characters in a full name (after collapsing spaces).
pub const NAME_MIN_CHARS: usize = 2;
/// Most characters in a full name (after collapsing spaces).
pub const NAME_MAX_CHARS: usize = 100;

/// The whole rule in one sentence, for the hint under the password field.
pub const RULE_VI: &str =
    "Mật khẩu phải có ít nhất 8 ký tự, gồm chữ hoa, chữ thường, chữ số và ký tự đặc biệt.";
/// [`RULE_VI`] in English.
pub const RULE_EN: &str = "The password must have at least 8 characters, including an upper-case \
     letter, a lower-case letter, a digit and a special character.";

/// About 1,300 of the most used passwords, lower case, one per line: the usual worldwide
/// leaders plus Vietnamese favourites (`matkhau`, `anhyeuem`, `123456aa@`, common family
/// and given names, cities, banks). Shipped in the binary so the browser checks it too.
const COMMON_PASSWORDS: &str = include_str!("common-passwords.txt");

/// Built on first use: parsing the list on every keystroke would be wasteful, and a
/// `OnceLock` keeps it free of extra dependencies and safe on both targets.
fn common_passwords() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON_PASSWORDS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    })
}

/// What is known about the account, so the password can be checked against it.
/// Both fields are optional because the change-password form may not have them at hand.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PasswordContext<'a> {
    /// The phone number in any form [`phone::normalize`] accepts (raw digits also work).
    pub phone: Option<&'a str>,
    pub full_name: Option<&'a str>,
}

/// One thing wrong with a password. [`check`] returns them in declaration order, so the
/// form's list is stable while the user types.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    /// Tabs, line breaks and other control characters: no keyboard types them into a
    /// password field, and they behave differently across systems.
    ControlCharacter,
    NoUppercase,
    NoLowercase,
    NoDigit,
    /// No character that is neither a letter, a digit nor a space.
    NoSpecial,
    /// In the common-password list, possibly with digits or symbols around it.
    Common,
    /// Contains 9 or more consecutive digits of the user's phone number.
    ContainsPhone,
    /// Contains the user's full name (ignoring case, spaces and diacritics).
    ContainsName,
    /// The confirmation differs (from [`confirm`] only).
    Mismatch,
}

impl PasswordProblem {
    /// Every variant, in order (for tests and for rendering a checklist).
    pub const ALL: [PasswordProblem; 11] = [
        PasswordProblem::TooShort,
        PasswordProblem::TooLong,
        PasswordProblem::ControlCharacter,
        PasswordProblem::NoUppercase,
        PasswordProblem::NoLowercase,
        PasswordProblem::NoDigit,
        PasswordProblem::NoSpecial,
        PasswordProblem::Common,
        PasswordProblem::ContainsPhone,
        PasswordProblem::ContainsName,
        PasswordProblem::Mismatch,
    ];

    /// Part of the composition rule ([`RULE_VI`]): a form may show the rule once instead
    /// of one line per missing kind of character.
    pub fn is_composition(self) -> bool {
        matches!(
            self,
            PasswordProblem::TooShort
                | PasswordProblem::NoUppercase
                | PasswordProblem::NoLowercase
                | PasswordProblem::NoDigit
                | PasswordProblem::NoSpecial
        )
    }

    /// The message in Vietnamese.
    pub fn vi(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "Mật khẩu phải có ít nhất 8 ký tự.",
            PasswordProblem::TooLong => "Mật khẩu không được dài quá 128 ký tự.",
            PasswordProblem::ControlCharacter => {
                "Mật khẩu chứa ký tự không hợp lệ (dấu xuống dòng hoặc ký tự điều khiển)."
            }
            PasswordProblem::NoUppercase => "Mật khẩu phải có ít nhất một chữ hoa.",
            PasswordProblem::NoLowercase => "Mật khẩu phải có ít nhất một chữ thường.",
            PasswordProblem::NoDigit => "Mật khẩu phải có ít nhất một chữ số.",
            PasswordProblem::NoSpecial => {
                "Mật khẩu phải có ít nhất một ký tự đặc biệt, ví dụ ! @ # $ %."
            }
            PasswordProblem::Common => {
                "Mật khẩu này quá phổ biến, dễ bị đoán. Vui lòng chọn mật khẩu khác."
            }
            PasswordProblem::ContainsPhone => {
                "Mật khẩu không được chứa số điện thoại của bạn. Vui lòng chọn mật khẩu khác."
            }
            PasswordProblem::ContainsName => {
                "Mật khẩu không được chứa họ và tên của bạn. Vui lòng chọn mật khẩu khác."
            }
            PasswordProblem::Mismatch => "Mật khẩu xác nhận không khớp.",
        }
    }

    /// The message in English.
    pub fn en(self) -> &'static str {
        match self {
            PasswordProblem::TooShort => "The password must have at least 8 characters.",
            PasswordProblem::TooLong => "The password must not be longer than 128 characters.",
            PasswordProblem::ControlCharacter => {
                "The password contains an invalid character (a line break or control character)."
            }
            PasswordProblem::NoUppercase => {
                "The password must contain at least one upper-case letter."
            }
            PasswordProblem::NoLowercase => {
                "The password must contain at least one lower-case letter."
            }
            PasswordProblem::NoDigit => "The password must contain at least one digit.",
            PasswordProblem::NoSpecial => {
                "The password must contain at least one special character, e.g. ! @ # $ %."
            }
            PasswordProblem::Common => {
                "This password is too common and easy to guess. Please choose another one."
            }
            PasswordProblem::ContainsPhone => {
                "The password must not contain your phone number. Please choose another one."
            }
            PasswordProblem::ContainsName => {
                "The password must not contain your full name. Please choose another one."
            }
            PasswordProblem::Mismatch => "The password confirmation does not match.",
        }
    }
}

/// Log-friendly English text.
impl fmt::Display for PasswordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.en())
    }
}

impl std::error::Error for PasswordProblem {}

/// Checks a new password; `Err` lists every problem at once, in [`PasswordProblem`] order,
/// so the user fixes them in one go rather than one per submit.
///
/// A password over [`MAX_CHARS`] is refused for that alone, before any other rule looks at
/// it: every later rule scans the password, some once per run of the phone number, and a
/// hostile megabyte must cost no more than a long password does.
pub fn check(password: &str, context: &PasswordContext) -> Result<(), Vec<PasswordProblem>> {
    if super::longer_than(password, MAX_CHARS) {
        return Err(vec![PasswordProblem::TooLong]);
    }
    let mut problems = Vec::new();
    if password.chars().count() < MIN_CHARS {
        problems.push(PasswordProblem::TooShort);
    }
    if password.chars().any(char::is_control) {
        problems.push(PasswordProblem::ControlCharacter);
    }
    if !password.chars().any(char::is_uppercase) {
        problems.push(PasswordProblem::NoUppercase);
    }
    if !password.chars().any(char::is_lowercase) {
        problems.push(PasswordProblem::NoLowercase);
    }
    if !password.chars().any(|c| c.is_ascii_digit()) {
        problems.push(PasswordProblem::NoDigit);
    }
    if !password.chars().any(is_special) {
        problems.push(PasswordProblem::NoSpecial);
    }
    if is_common(password) {
        problems.push(PasswordProblem::Common);
    }
    if let Some(p) = context.phone {
        if contains_phone(password, p) {
            problems.push(PasswordProblem::ContainsPhone);
        }
    }
    if let Some(name) = context.full_name {
        if contains_name(password, name) {
            problems.push(PasswordProblem::ContainsName);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The confirmation field must repeat the password exactly (no trimming: a trailing space
/// typed twice is part of the password).
pub fn confirm(password: &str, confirmation: &str) -> Result<(), PasswordProblem> {
    if password == confirmation {
        Ok(())
    } else {
        Err(PasswordProblem::Mismatch)
    }
}

/// Anything that is not a letter, a digit or white space: `!@#…`, but also `€` or `–`.
/// Spaces are allowed in passwords but do not count, since many people would not call a
/// space a "ký tự đặc biệt".
fn is_special(c: char) -> bool {
    !c.is_alphanumeric() && !c.is_whitespace() && !c.is_control()
}

/// In the list as typed (case-insensitively), or once the digits and symbols people add to
/// satisfy the composition rule are taken off the end, or off both ends: `Matkhau@123`,
/// `@Matkhau2024` and `123456aA@` are as guessable as `matkhau` and `123456aa@`.
fn is_common(password: &str) -> bool {
    let set = common_passwords();
    let lower = password.to_lowercase();
    let filler = |c: char| !c.is_alphabetic();
    let trailing = lower.trim_end_matches(filler);
    let both = trailing.trim_start_matches(filler);
    let found = [lower.as_str(), trailing, both]
        .into_iter()
        .any(|candidate| !candidate.is_empty() && set.contains(candidate));
    found
}

/// Runs of 9 digits of the phone number, in local (`0912345678`) and international
/// (`84912345678`) spelling; 9 digits are the number itself, shorter runs would match
/// ordinary digit sequences. A field that does not normalise gives none: it is no phone number
/// (its own error says so), and its length would be the attacker's choice (one run per digit,
/// each scanning the password).
pub fn phone_runs(phone_input: &str) -> Vec<String> {
    const RUN: usize = 9;
    let spellings: Vec<String> = match phone::normalize(phone_input) {
        Ok(p) => vec![
            format!("0{}", p.national_significant()),
            p.international_digits().to_owned(),
        ],
        // Not a phone number: nothing to look for (the phone field says what is wrong).
        Err(_) => Vec::new(),
    };
    let mut runs = Vec::new();
    for s in spellings {
        // ASCII digits only, so byte windows are character windows.
        for start in 0..(s.len() + 1).saturating_sub(RUN) {
            runs.push(s[start..start + RUN].to_owned());
        }
    }
    runs
}

fn contains_phone(password: &str, phone_input: &str) -> bool {
    // "0912.345.678" or "0912 345 678" inside a password is still the phone number.
    let compact: String = password
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    phone_runs(phone_input)
        .iter()
        .any(|run| compact.contains(run.as_str()))
}

/// Folded names shorter than this are not looked for: "An" or "Hà" would match ordinary words.
const NAME_MIN_FOLDED: usize = 4;

fn contains_name(password: &str, full_name: &str) -> bool {
    let name = fold_letters(full_name);
    if name.chars().count() < NAME_MIN_FOLDED {
        return false;
    }
    fold_letters(password).contains(&name)
}

/// Lower case, Vietnamese diacritics removed (`đ` → `d`), letters a–z only: "Nguyễn Văn An"
/// and "nguyenvanan" fold to the same string, whether the input was typed precomposed
/// (NFC) or with combining marks (NFD, as some Vietnamese keyboards send it).
fn fold_letters(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| {
            let base = crate::domain::text::strip_mark(c);
            base.is_ascii_lowercase().then_some(base)
        })
        .collect()
}

/// Why a full name was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum NameProblem {
    Empty,
    TooShort,
    TooLong,
    /// Digits, emoji or punctuation other than `.`, `'` and `-`.
    InvalidCharacters,
    MustStartWithLetter,
}

impl NameProblem {
    /// The message in Vietnamese.
    pub fn vi(self) -> &'static str {
        match self {
            NameProblem::Empty => "Vui lòng nhập họ và tên.",
            NameProblem::TooShort => "Họ và tên phải có ít nhất 2 ký tự.",
            NameProblem::TooLong => "Họ và tên không được dài quá 100 ký tự.",
            NameProblem::InvalidCharacters => {
                "Họ và tên chỉ được gồm chữ cái, dấu cách và các dấu chấm (.), nháy đơn (') \
                 hoặc gạch ngang (-)."
            }
            NameProblem::MustStartWithLetter => "Họ và tên phải bắt đầu bằng một chữ cái.",
        }
    }

    /// The message in English.
    pub fn en(self) -> &'static str {
        match self {
            NameProblem::Empty => "Please enter your full name.",
            NameProblem::TooShort => "The full name must have at least 2 characters.",
            NameProblem::TooLong => "The full name must not be longer than 100 characters.",
            NameProblem::InvalidCharacters => {
                "The full name may contain only letters, spaces, full stops (.), apostrophes (') \
                 and hyphens (-)."
            }
            NameProblem::MustStartWithLetter => "The full name must start with a letter.",
        }
    }
}

/// Log-friendly English text.
impl fmt::Display for NameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.en())
    }
}

impl std::error::Error for NameProblem {}

/// Cleans and checks a full name; `Ok` holds the form to store.
///
/// Spaces are trimmed and collapsed (names are pasted from documents), and the typographic
/// apostrophe `’` that phones substitute automatically becomes `'`, so the same name is
/// stored the same way. Letters of any script count, so names of ethnic minorities and
/// foreign residents pass; combining marks are accepted after a letter because some
/// Vietnamese keyboards send "ễ" as "e" plus marks. Lengths count characters.
pub fn validate_full_name(name: &str) -> Result<String, NameProblem> {
    // Raw input may carry spaces that collapse, but never this many.
    if super::longer_than(name, 4 * NAME_MAX_CHARS) {
        return Err(NameProblem::TooLong);
    }
    let cleaned: String = name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('\u{2019}', "'");
    let Some(first) = cleaned.chars().next() else {
        return Err(NameProblem::Empty);
    };
    let allowed =
        |c: char| c.is_alphabetic() || matches!(c, ' ' | '.' | '\'' | '-') || is_combining_mark(c);
    if !cleaned.chars().all(allowed) {
        return Err(NameProblem::InvalidCharacters);
    }
    if !first.is_alphabetic() {
        return Err(NameProblem::MustStartWithLetter);
    }
    let chars = cleaned.chars().count();
    if chars < NAME_MIN_CHARS {
        return Err(NameProblem::TooShort);
    }
    if chars > NAME_MAX_CHARS {
        return Err(NameProblem::TooLong);
    }
    Ok(cleaned)
}

/// Combining diacritical marks (U+0300–U+036F): the tones and vowel marks of decomposed
/// Vietnamese text.
fn is_combining_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use PasswordProblem as P;

    const NONE: PasswordContext<'static> = PasswordContext {
        phone: None,
        full_name: None,
    };

    fn problems(password: &str) -> Vec<PasswordProblem> {
        check(password, &NONE).err().unwrap_or_default()
    }

    #[test]
    fn strong_passwords_pass() {
        for pw in [
            "Xk9#mq2Lp",
            "Tôi-đi-học-7!",
            "Hồ Gươm 1975!",
            "Đèn đường hỏng #42",
            "correct Horse battery 9!",
            "zQ8$vN2@",
            "Ab1!Ab1!Ab1!",
        ] {
            assert_eq!(check(pw, &NONE), Ok(()), "{pw:?}");
        }
    }

    #[test]
    fn composition_rules_each_reported() {
        assert_eq!(
            problems(""),
            vec![
                P::TooShort,
                P::NoUppercase,
                P::NoLowercase,
                P::NoDigit,
                P::NoSpecial
            ]
        );
        assert_eq!(problems("xk9#mq2lp"), vec![P::NoUppercase]);
        assert_eq!(problems("XK9#MQ2LP"), vec![P::NoLowercase]);
        assert_eq!(problems("Xkz#mqrLp"), vec![P::NoDigit]);
        assert_eq!(problems("Xk9zmq2Lp"), vec![P::NoSpecial]);
        assert_eq!(
            problems("Xk9 mq2Lp"),
            vec![P::NoSpecial],
            "a space is not special"
        );
        assert_eq!(problems("Xk9#mq2"), vec![P::TooShort]);
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // 8 characters, 13 bytes.
        assert_eq!(check("Đẹp#9ươì", &NONE), Ok(()));
        assert_eq!(problems("Đẹp#9ươ"), vec![P::TooShort]);
        let max = format!("Xk9#{}", "ệ".repeat(MAX_CHARS - 4));
        assert_eq!(max.chars().count(), MAX_CHARS);
        assert!(max.len() > MAX_CHARS);
        assert_eq!(check(&max, &NONE), Ok(()));
        let over = format!("{max}a");
        assert_eq!(problems(&over), vec![P::TooLong]);
    }

    #[test]
    fn unicode_letters_count_for_case() {
        assert_eq!(check("ĐĂNG#9ký", &NONE), Ok(()));
        assert_eq!(problems("đăng#9kýx"), vec![P::NoUppercase]);
        // Non-ASCII digits are not the "chữ số" people mean.
        assert_eq!(problems("Xkz#mqrL٣"), vec![P::NoDigit]);
        assert!(!is_special('٣'));
        assert!(is_special('€') && is_special('–') && is_special('@'));
    }

    #[test]
    fn control_characters_refused() {
        assert_eq!(problems("Xk9#mq2Lp\n"), vec![P::ControlCharacter]);
        assert_eq!(problems("Xk9#m\tq2Lp"), vec![P::ControlCharacter]);
        assert_eq!(problems("Xk9#m\0q2Lp"), vec![P::ControlCharacter]);
        // A control character alone does not satisfy "special".
        assert_eq!(
            problems("Xk9mq2Lp\u{7}"),
            vec![P::ControlCharacter, P::NoSpecial]
        );
    }

    #[test]
    fn common_passwords_refused_in_their_usual_disguises() {
        for pw in [
            "Matkhau@123",
            "Anhyeuem@2024",
            "Emyeuanh#1",
            "123456aA@",
            "Aa@123456",
            "P@ssw0rd",
            "P@ssw0rd!",
            "Password1!",
            "Password@123",
            "Qwerty@123",
            "Admin@123",
            "Abc@12345",
            "@Matkhau2024",
            "!!Iloveyou!!1",
            "Vietnam@2025",
            "Nguyen@123",
            "Hanoi#1975",
            "Dragon!2024",
        ] {
            assert!(problems(pw).contains(&P::Common), "{pw:?}");
        }
    }

    #[test]
    fn uncommon_words_with_digits_are_not_flagged() {
        for pw in [
            "Cauvang@Hue7",
            "Matkhau7Hue!",
            "x1Matkhau!Q",
            "Tr@nQu0cT0@n",
        ] {
            assert!(!problems(pw).contains(&P::Common), "{pw:?}");
        }
    }

    #[test]
    fn common_list_is_well_formed() {
        let lines: Vec<&str> = COMMON_PASSWORDS.lines().collect();
        assert!(lines.len() >= 1000, "{} entries", lines.len());
        let mut seen = HashSet::new();
        for line in &lines {
            assert!(!line.is_empty());
            assert_eq!(*line, line.trim(), "{line:?}");
            assert_eq!(*line, line.to_lowercase(), "{line:?}");
            assert!(seen.insert(*line), "duplicate {line:?}");
        }
        assert_eq!(common_passwords().len(), lines.len());
        for must in [
            "123456",
            "password",
            "matkhau",
            "anhyeuem",
            "123456aa@",
            "iloveyou",
        ] {
            assert!(common_passwords().contains(must), "{must}");
        }
    }

    #[test]
    fn phone_digits_refused() {
        let ctx = PasswordContext {
            phone: Some("+84912345678"),
            full_name: None,
        };
        for pw in [
            "Xk#0912345678",
            "Xk#912345678a",
            "Xk#84912345678",
            "Xk#0912.345.678",
            "Xk#0912 345 678",
            "Xk#091234567z", // the first 9 digits of the local form
        ] {
            assert_eq!(check(pw, &ctx), Err(vec![P::ContainsPhone]), "{pw:?}");
        }
        // 8 digits of it are fine: too short to be the number.
        assert_eq!(check("Xk#91234567z", &ctx), Ok(()));
        // Any accepted spelling of the phone in the context works.
        for phone in ["0912 345 678", "84-912-345-678", "912345678"] {
            let ctx = PasswordContext {
                phone: Some(phone),
                full_name: None,
            };
            assert_eq!(check("Xk#912345678", &ctx), Err(vec![P::ContainsPhone]));
        }
        let raw = PasswordContext {
            phone: Some("+1 202 555 0143"),
            full_name: None,
        };
        // A number that does not normalise is no phone of ours: not looked for (the phone
        // field is refused on its own), so its length never costs a scan.
        assert_eq!(check("Xk#2025550143", &raw), Ok(()));
        let short = PasswordContext {
            phone: Some("1234"),
            full_name: None,
        };
        assert_eq!(check("Xk#1234abcd", &short), Ok(()));
    }

    #[test]
    fn name_refused_ignoring_case_spaces_and_diacritics() {
        let ctx = PasswordContext {
            phone: None,
            full_name: Some("Nguyễn Văn Bình"),
        };
        for pw in [
            "NguyenVanBinh1!",
            "nguyễn văn bình 1!X",
            "#1 Nguyen.Van.Binh",
            "9!NGUYENVANBINHx",
        ] {
            assert!(problems_with(pw, &ctx).contains(&P::ContainsName), "{pw:?}");
        }
        assert_eq!(
            check("Binh@Hue1975x", &ctx),
            Ok(()),
            "a part of the name is fine"
        );
        // Decomposed input (NFD) folds the same.
        let nfd = PasswordContext {
            phone: None,
            full_name: Some("Le\u{302}\u{301} Thi\u{323} Hu\u{31b}\u{300}ng"),
        };
        assert_eq!(fold_letters(nfd.full_name.unwrap()), "lethihung");
        assert!(problems_with("LeThiHung#7", &nfd).contains(&P::ContainsName));
        // Very short names are not searched for.
        let short = PasswordContext {
            phone: None,
            full_name: Some("Hà"),
        };
        assert_eq!(check("Xk9#Ha2Lp", &short), Ok(()));
    }

    fn problems_with(pw: &str, ctx: &PasswordContext) -> Vec<PasswordProblem> {
        check(pw, ctx).err().unwrap_or_default()
    }

    #[test]
    fn fold_letters_covers_every_vietnamese_vowel() {
        assert_eq!(
            fold_letters(
                "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ ÈÉẺẼẸÊỀẾỂỄỆ ÌÍỈĨỊ ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ ÙÚỦŨỤƯỪỨỬỮỰ ỲÝỶỸỴ Đđ"
            ),
            format!(
                "{}{}{}{}{}{}dd",
                "a".repeat(17),
                "e".repeat(11),
                "i".repeat(5),
                "o".repeat(17),
                "u".repeat(11),
                "y".repeat(5)
            )
        );
        assert_eq!(fold_letters("Ab-1 ç"), "ab");
    }

    #[test]
    fn several_problems_at_once_in_order() {
        let ctx = PasswordContext {
            phone: Some("0912345678"),
            full_name: Some("Trần Thị Mai"),
        };
        assert_eq!(
            check("matkhau0912345678tranthimai", &ctx),
            Err(vec![
                P::NoUppercase,
                P::NoSpecial,
                P::ContainsPhone,
                P::ContainsName
            ])
        );
        assert_eq!(
            check("matkhau", &ctx),
            Err(vec![
                P::TooShort,
                P::NoUppercase,
                P::NoDigit,
                P::NoSpecial,
                P::Common
            ])
        );
    }

    #[test]
    fn confirmation_must_match_exactly() {
        assert_eq!(confirm("Xk9#mq2Lp", "Xk9#mq2Lp"), Ok(()));
        assert_eq!(confirm("Xk9#mq2Lp", "xk9#mq2Lp"), Err(P::Mismatch));
        assert_eq!(confirm("Xk9#mq2Lp", "Xk9#mq2Lp "), Err(P::Mismatch));
        assert_eq!(confirm("", ""), Ok(()), "emptiness is check()'s business");
        assert_eq!(P::Mismatch.vi(), "Mật khẩu xác nhận không khớp.");
    }

    #[test]
    fn every_problem_has_both_messages() {
        for p in PasswordProblem::ALL {
            assert!(p.vi().ends_with('.') && p.en().ends_with('.'), "{p:?}");
            assert_ne!(p.vi(), p.en());
            assert_eq!(p.to_string(), p.en());
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(serde_json::from_str::<PasswordProblem>(&json).unwrap(), p);
        }
        let mut sorted = PasswordProblem::ALL.to_vec();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted, PasswordProblem::ALL.to_vec());
        assert_eq!(
            P::Common.vi(),
            "Mật khẩu này quá phổ biến, dễ bị đoán. Vui lòng chọn mật khẩu khác."
        );
        let composition: Vec<_> = PasswordProblem::ALL
            .into_iter()
            .filter(|p| p.is_composition())
            .collect();
        assert_eq!(
            composition,
            vec![
                P::TooShort,
                P::NoUppercase,
                P::NoLowercase,
                P::NoDigit,
                P::NoSpecial
            ]
        );
        assert!(!RULE_EN.contains("  "));
    }

    #[test]
    fn names_are_cleaned() {
        assert_eq!(
            validate_full_name("  Nguyễn   Văn\tAn  ").as_deref(),
            Ok("Nguyễn Văn An")
        );
        assert_eq!(
            validate_full_name("Hồ Thị Thu\u{a0}Hà").as_deref(),
            Ok("Hồ Thị Thu Hà")
        );
        assert_eq!(
            validate_full_name("Mary O’Brien-Smith").as_deref(),
            Ok("Mary O'Brien-Smith")
        );
        for ok in [
            "An",
            "Lê Na",
            "Đặng Quốc Bảo",
            "H'Hen Niê",
            "Y-Moan Êban",
            "J. R. Smith",
            "Nguye\u{302}\u{303}n Va\u{306}n A",
            "Иван Петров",
            "王小明",
        ] {
            assert_eq!(validate_full_name(ok).as_deref(), Ok(ok), "{ok:?}");
        }
    }

    #[test]
    fn names_refused() {
        for (input, want) in [
            ("", NameProblem::Empty),
            ("   \t ", NameProblem::Empty),
            ("A", NameProblem::TooShort),
            (" Đ ", NameProblem::TooShort),
            ("Nguyễn Văn 2", NameProblem::InvalidCharacters),
            ("Nguyễn_Văn", NameProblem::InvalidCharacters),
            ("Lan 🌸", NameProblem::InvalidCharacters),
            ("admin@paht", NameProblem::InvalidCharacters),
            ("<script>", NameProblem::InvalidCharacters),
            ("- An", NameProblem::MustStartWithLetter),
            ("'An'", NameProblem::MustStartWithLetter),
            (". .", NameProblem::MustStartWithLetter),
            ("\u{301}An", NameProblem::MustStartWithLetter),
        ] {
            assert_eq!(validate_full_name(input), Err(want), "{input:?}");
        }
        let hundred = "Ă".repeat(NAME_MAX_CHARS);
        assert_eq!(
            validate_full_name(&hundred).as_deref(),
            Ok(hundred.as_str())
        );
        assert_eq!(
            validate_full_name(&format!("{hundred}b")),
            Err(NameProblem::TooLong)
        );
        // Collapsing happens before counting.
        let spaced = format!("{}     {}", "a".repeat(49), "b".repeat(50));
        assert_eq!(validate_full_name(&spaced).map(|s| s.len()), Ok(100));
    }

    #[test]
    fn every_name_problem_has_both_messages() {
        for p in [
            NameProblem::Empty,
            NameProblem::TooShort,
            NameProblem::TooLong,
            NameProblem::InvalidCharacters,
            NameProblem::MustStartWithLetter,
        ] {
            assert!(p.vi().ends_with('.') && p.en().ends_with('.'), "{p:?}");
            assert_ne!(p.vi(), p.en());
            assert!(!p.vi().contains("  ") && !p.en().contains("  "));
            assert_eq!(p.to_string(), p.en());
        }
    }

    /// The measured attack: one 960 KB registration kept a worker busy for 8.7 s, because
    /// every digit of the raw phone field made a run and every run scanned the password.
    #[test]
    fn a_hostile_megabyte_is_refused_before_any_scan() {
        let phone = "1".repeat(320_000);
        let password = format!("Aa!{}", "0".repeat(320_000));
        let ctx = PasswordContext {
            phone: Some(&phone),
            full_name: Some(&phone),
        };
        // Only TooLong: had any other rule run, it would have added its own problem
        // (no special-character rule is broken here, but "Common" and the composition
        // rules look at every character).
        assert_eq!(check(&password, &ctx), Err(vec![PasswordProblem::TooLong]));
        // A raw phone field longer than any phone number has no runs at all to look for.
        assert!(phone_runs(&phone).is_empty());
        assert!(phone_runs(&"1".repeat(33)).is_empty());
        // Digits that are no Vietnamese number are not looked for either.
        assert!(phone_runs("12345678901234").is_empty());
        assert!(phone_runs("0912").is_empty());
        assert_eq!(phone_runs("0912 345 678").len(), 5);
        assert_eq!(
            validate_full_name(&"a".repeat(1_000_000)),
            Err(NameProblem::TooLong)
        );
        assert_eq!(
            crate::account::phone::normalize(&phone),
            Err(crate::account::phone::PhoneError::TooLong)
        );
    }
}
