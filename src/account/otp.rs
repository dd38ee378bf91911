//! The rules of one-time codes (activation and password reset), pure over timestamps.
//!
//! A 6-digit code has only a million values, so its safety rests entirely on these limits:
//! 5 tries per code and 5 codes per day make a blind guess succeed with probability about
//! 25 in a million per number per day, and the 10-minute life keeps a code read over
//! someone's shoulder from being useful later. The resend cooldown and daily cap also stop
//! the form from being used to send SMS floods at someone else's expense (SMS pumping).
//!
//! The server generates the code, stores only its hash, compares hashes in constant time
//! and then asks [`check`] what that comparison means; it asks [`may_resend`] before
//! sending and builds the new row with [`OtpState::issue`].

use std::fmt;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

pub const CODE_DIGITS: usize = 6;
pub const VALID_FOR_MINUTES: i64 = 10;
pub const MAX_TRIES: u32 = 5;
pub const RESEND_COOLDOWN_SECONDS: i64 = 60;
pub const MAX_SENDS_PER_DAY: u32 = 5;

/// Vietnam has used UTC+7 all year since 1975: "today" for the daily cap is the citizen's
/// calendar day, which resets at 00:00 in Vietnam (17:00 UTC), not at UTC midnight.
fn vietnam_offset() -> TimeDelta {
    TimeDelta::hours(7)
}

/// The calendar date in Vietnam. Plain checked arithmetic rather than a time zone
/// conversion, which panics within hours of the end of chrono's range.
fn vietnam_date(t: DateTime<Utc>) -> NaiveDate {
    t.naive_utc()
        .checked_add_signed(vietnam_offset())
        .unwrap_or(NaiveDateTime::MAX)
        .date()
}

/// The stored state of the latest code for one phone number and purpose.
///
/// No `Serialize`: the hash of a 6-digit code is as good as the code (a million hashes
/// are computed in a blink), so it never leaves the server, and `Debug` hides it from logs.
#[derive(Clone, PartialEq, Eq)]
pub struct OtpState {
    pub code_hash: String,
    pub sent_at: DateTime<Utc>,
    /// Wrong codes submitted for this code.
    pub tries: u32,
    /// Codes sent on the Vietnamese calendar day of `sent_at`, this one included.
    pub sends_today: u32,
    pub used: bool,
}

impl fmt::Debug for OtpState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OtpState")
            .field("code_hash", &"<redacted>")
            .field("sent_at", &self.sent_at)
            .field("tries", &self.tries)
            .field("sends_today", &self.sends_today)
            .field("used", &self.used)
            .finish()
    }
}

impl OtpState {
    /// The state after sending a new code at `now`: tries start again, the daily count
    /// carries on from `previous` if that was sent the same Vietnamese day. Call
    /// [`may_resend`] first; this only does the bookkeeping.
    pub fn issue(previous: Option<&OtpState>, code_hash: String, now: DateTime<Utc>) -> OtpState {
        OtpState {
            code_hash,
            sent_at: now,
            tries: 0,
            sends_today: sends_on_day_of(previous, now).saturating_add(1),
            used: false,
        }
    }

    /// The first instant at which the code no longer works.
    pub fn expires_at(&self) -> DateTime<Utc> {
        self.sent_at
            .checked_add_signed(TimeDelta::minutes(VALID_FOR_MINUTES))
            .unwrap_or(DateTime::<Utc>::MAX_UTC)
    }
}

/// Codes already sent on `now`'s Vietnamese calendar day, as far as `state` tells.
pub fn sends_on_day_of(state: Option<&OtpState>, now: DateTime<Utc>) -> u32 {
    match state {
        Some(s) if vietnam_date(s.sent_at) == vietnam_date(now) => s.sends_today,
        _ => 0,
    }
}

/// What a submitted code means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OtpCheck {
    /// Correct: activate / allow the reset, and mark the code used.
    Ok,
    /// Incorrect: record the try (`tries + 1`). `tries_left` already counts this one, so
    /// 0 means the code is now dead.
    Wrong {
        tries_left: u32,
    },
    Expired,
    /// The code's tries are spent; even the right code is refused now, otherwise the
    /// limit would only slow guessing down.
    TooManyTries,
    /// Codes work once, so an intercepted or replayed form post achieves nothing.
    AlreadyUsed,
}

impl OtpCheck {
    /// The caller must store `tries + 1`. Do it atomically
    /// (`UPDATE … SET tries = tries + 1 WHERE tries < MAX_TRIES`) so parallel guesses
    /// cannot share one try.
    pub fn counts_as_try(self) -> bool {
        matches!(self, OtpCheck::Wrong { .. })
    }

    /// The caller must mark the code used (atomically, `… WHERE used = false`).
    pub fn consumes_code(self) -> bool {
        matches!(self, OtpCheck::Ok)
    }

    /// The message in Vietnamese.
    pub fn vi(self) -> String {
        match self {
            OtpCheck::Ok => "Xác thực thành công.".to_owned(),
            OtpCheck::Wrong { tries_left: 0 } => {
                "Mã xác thực không đúng. Bạn đã hết số lần thử. Vui lòng yêu cầu gửi lại mã."
                    .to_owned()
            }
            OtpCheck::Wrong { tries_left } => {
                format!("Mã xác thực không đúng. Bạn còn {tries_left} lần thử.")
            }
            OtpCheck::Expired => "Mã xác thực đã hết hạn. Vui lòng yêu cầu gửi lại mã.".to_owned(),
            OtpCheck::TooManyTries => format!(
                "Bạn đã nhập sai mã xác thực quá {MAX_TRIES} lần. Vui lòng yêu cầu gửi lại mã."
            ),
            OtpCheck::AlreadyUsed => {
                "Mã xác thực này đã được sử dụng. Vui lòng yêu cầu gửi lại mã.".to_owned()
            }
        }
    }

    /// The message in English.
    pub fn en(self) -> String {
        match self {
            OtpCheck::Ok => "Verification successful.".to_owned(),
            OtpCheck::Wrong { tries_left: 0 } => {
                "The verification code is incorrect. You have no attempts left. \
                 Please request a new code."
                    .to_owned()
            }
            OtpCheck::Wrong { tries_left: 1 } => {
                "The verification code is incorrect. You have 1 attempt left.".to_owned()
            }
            OtpCheck::Wrong { tries_left } => {
                format!("The verification code is incorrect. You have {tries_left} attempts left.")
            }
            OtpCheck::Expired => {
                "The verification code has expired. Please request a new code.".to_owned()
            }
            OtpCheck::TooManyTries => format!(
                "You have entered a wrong code more than {MAX_TRIES} times. \
                 Please request a new code."
            ),
            OtpCheck::AlreadyUsed => {
                "This verification code has already been used. Please request a new code."
                    .to_owned()
            }
        }
    }
}

/// Decides what a submitted code means, given whether its hash matched (the caller's
/// constant-time comparison) and the time.
///
/// A used or exhausted code is refused before anything else, and expiry before the
/// comparison, so the answer never tells an attacker whether a guess on a dead code was
/// right. The code is valid while `now < expires_at()` (half-open, like every window in
/// PAHT); a `sent_at` in the future (clock skew between instances) counts as fresh.
pub fn check(state: &OtpState, submitted_hash_matches: bool, now: DateTime<Utc>) -> OtpCheck {
    if state.used {
        OtpCheck::AlreadyUsed
    } else if state.tries >= MAX_TRIES {
        OtpCheck::TooManyTries
    } else if now >= state.expires_at() {
        OtpCheck::Expired
    } else if submitted_hash_matches {
        OtpCheck::Ok
    } else {
        OtpCheck::Wrong {
            tries_left: MAX_TRIES - state.tries - 1,
        }
    }
}

/// Why a new code is not sent now. Both carry the seconds to wait, for the
/// `Retry-After` header of the 429 response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResendRefusal {
    /// The previous code was sent less than [`RESEND_COOLDOWN_SECONDS`] ago.
    Wait { wait_seconds: i64 },
    /// [`MAX_SENDS_PER_DAY`] codes were sent today; `wait_seconds` lasts until midnight
    /// in Vietnam.
    DailyLimit { wait_seconds: i64 },
}

impl ResendRefusal {
    pub fn retry_after_seconds(self) -> i64 {
        match self {
            ResendRefusal::Wait { wait_seconds } | ResendRefusal::DailyLimit { wait_seconds } => {
                wait_seconds
            }
        }
    }

    /// The message in Vietnamese.
    pub fn vi(self) -> String {
        match self {
            ResendRefusal::Wait { wait_seconds } => {
                format!("Vui lòng chờ {wait_seconds} giây trước khi yêu cầu gửi lại mã.")
            }
            ResendRefusal::DailyLimit { .. } => format!(
                "Bạn đã yêu cầu gửi mã xác thực {MAX_SENDS_PER_DAY} lần trong ngày hôm nay. \
                 Vui lòng thử lại vào ngày mai."
            ),
        }
    }

    /// The message in English.
    pub fn en(self) -> String {
        match self {
            ResendRefusal::Wait { wait_seconds: 1 } => {
                "Please wait 1 second before requesting a new code.".to_owned()
            }
            ResendRefusal::Wait { wait_seconds } => {
                format!("Please wait {wait_seconds} seconds before requesting a new code.")
            }
            ResendRefusal::DailyLimit { .. } => format!(
                "You have requested a verification code {MAX_SENDS_PER_DAY} times today. \
                 Please try again tomorrow."
            ),
        }
    }
}

/// Log-friendly English text.
impl fmt::Display for ResendRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

impl std::error::Error for ResendRefusal {}

/// May a new code be sent now? `state` is the latest code for this number and purpose,
/// `None` if there never was one.
///
/// The daily cap is checked first: waiting a minute would not help, so the user should
/// hear about tomorrow straight away. Wait times are rounded up to whole seconds, so a
/// client that waits exactly that long is never refused again.
pub fn may_resend(state: Option<&OtpState>, now: DateTime<Utc>) -> Result<(), ResendRefusal> {
    let Some(state) = state else {
        return Ok(());
    };
    if sends_on_day_of(Some(state), now) >= MAX_SENDS_PER_DAY {
        return Err(ResendRefusal::DailyLimit {
            wait_seconds: seconds_until_vietnam_midnight(now),
        });
    }
    let elapsed_ms = (now - state.sent_at).num_milliseconds();
    let cooldown_ms = RESEND_COOLDOWN_SECONDS * 1000;
    if elapsed_ms < cooldown_ms {
        // A future `sent_at` (clock skew) waits at most one full cooldown.
        let remaining_ms = cooldown_ms.saturating_sub(elapsed_ms).min(cooldown_ms);
        return Err(ResendRefusal::Wait {
            wait_seconds: (remaining_ms + 999) / 1000,
        });
    }
    Ok(())
}

fn seconds_until_vietnam_midnight(now: DateTime<Utc>) -> i64 {
    let next_midnight = vietnam_date(now)
        .succ_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|local| local.checked_sub_signed(vietnam_offset()));
    match next_midnight {
        Some(m) => {
            let ms = (m.and_utc() - now).num_milliseconds();
            (ms + 999) / 1000
        }
        None => 24 * 3600,
    }
}

/// A submitted code that cannot be a code: not counted as a try, since it cannot be a
/// guess either, and answered without touching the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct MalformedCode;

impl MalformedCode {
    /// The message in Vietnamese.
    pub fn vi(self) -> &'static str {
        "Mã xác thực gồm 6 chữ số. Vui lòng kiểm tra lại tin nhắn và nhập đúng mã."
    }

    /// The message in English.
    pub fn en(self) -> &'static str {
        "The verification code has 6 digits. Please check the text message and enter the code."
    }
}

impl fmt::Display for MalformedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.en())
    }
}

impl std::error::Error for MalformedCode {}

/// The code in the form that is hashed: exactly [`CODE_DIGITS`] ASCII digits once white
/// space is removed — around it, or inside as in "123 456", which is how people retype
/// a code they read in groups. Hash this output, never the raw input.
pub fn parse_code(code: &str) -> Result<String, MalformedCode> {
    if super::longer_than(code, 32) {
        return Err(MalformedCode);
    }
    let digits: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() == CODE_DIGITS && digits.bytes().all(|b| b.is_ascii_digit()) {
        Ok(digits)
    } else {
        Err(MalformedCode)
    }
}

/// `true` when [`parse_code`] accepts `code` (for validating as you type).
pub fn is_well_formed(code: &str) -> bool {
    parse_code(code).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    /// 2026-03-10 at `h:m:s` UTC (Vietnam: seven hours later).
    fn t(h: u32, m: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 10, h, m, s).unwrap()
    }

    fn state(sent_at: DateTime<Utc>, tries: u32, sends_today: u32, used: bool) -> OtpState {
        OtpState {
            code_hash: "hash".to_owned(),
            sent_at,
            tries,
            sends_today,
            used,
        }
    }

    #[test]
    fn right_code_in_time_is_ok() {
        let s = state(t(8, 0, 0), 0, 1, false);
        assert_eq!(check(&s, true, t(8, 0, 0)), OtpCheck::Ok);
        assert_eq!(check(&s, true, t(8, 9, 59)), OtpCheck::Ok);
        let last = t(8, 10, 0) - TimeDelta::milliseconds(1);
        assert_eq!(check(&s, true, last), OtpCheck::Ok);
        assert_eq!(check(&s, true, t(8, 10, 0)), OtpCheck::Expired);
        assert_eq!(s.expires_at(), t(8, 10, 0));
        // Tries left do not matter as long as one is left.
        assert_eq!(
            check(&state(t(8, 0, 0), 4, 1, false), true, t(8, 1, 0)),
            OtpCheck::Ok
        );
    }

    #[test]
    fn wrong_codes_count_down_then_lock() {
        let mut s = state(t(8, 0, 0), 0, 1, false);
        let now = t(8, 1, 0);
        for left in (0..MAX_TRIES).rev() {
            let outcome = check(&s, false, now);
            assert_eq!(outcome, OtpCheck::Wrong { tries_left: left });
            assert!(outcome.counts_as_try() && !outcome.consumes_code());
            s.tries += 1;
        }
        assert_eq!(s.tries, MAX_TRIES);
        assert_eq!(check(&s, false, now), OtpCheck::TooManyTries);
        assert_eq!(
            check(&s, true, now),
            OtpCheck::TooManyTries,
            "even the right code"
        );
        // Corrupt counts beyond the limit are still locked, never underflow.
        assert_eq!(
            check(&state(t(8, 0, 0), 99, 1, false), true, now),
            OtpCheck::TooManyTries
        );
    }

    #[test]
    fn precedence_used_then_tries_then_expiry_then_hash() {
        let late = t(9, 0, 0);
        let cases = [
            // (tries, used, matches, now, expected)
            (0, true, true, t(8, 1, 0), OtpCheck::AlreadyUsed),
            (MAX_TRIES, true, true, late, OtpCheck::AlreadyUsed),
            (MAX_TRIES, false, true, late, OtpCheck::TooManyTries),
            (MAX_TRIES, false, false, t(8, 1, 0), OtpCheck::TooManyTries),
            (0, false, true, late, OtpCheck::Expired),
            (0, false, false, late, OtpCheck::Expired),
            (
                2,
                false,
                false,
                t(8, 1, 0),
                OtpCheck::Wrong { tries_left: 2 },
            ),
        ];
        for (tries, used, matches, now, expected) in cases {
            let s = state(t(8, 0, 0), tries, 1, used);
            assert_eq!(
                check(&s, matches, now),
                expected,
                "{tries} {used} {matches} {now}"
            );
        }
        assert!(OtpCheck::Ok.consumes_code() && !OtpCheck::Ok.counts_as_try());
        for o in [
            OtpCheck::Expired,
            OtpCheck::TooManyTries,
            OtpCheck::AlreadyUsed,
        ] {
            assert!(!o.consumes_code() && !o.counts_as_try(), "{o:?}");
        }
    }

    #[test]
    fn future_sent_at_is_fresh_and_extreme_times_do_not_panic() {
        let s = state(t(8, 5, 0), 0, 1, false);
        assert_eq!(check(&s, true, t(8, 0, 0)), OtpCheck::Ok);
        let max = state(DateTime::<Utc>::MAX_UTC, 0, 1, false);
        assert_eq!(max.expires_at(), DateTime::<Utc>::MAX_UTC);
        assert_eq!(check(&max, true, t(8, 0, 0)), OtpCheck::Ok);
        let _ = may_resend(Some(&max), t(8, 0, 0));
        let _ = may_resend(
            Some(&state(t(8, 0, 0), 0, 1, false)),
            DateTime::<Utc>::MAX_UTC,
        );
    }

    #[test]
    fn resend_cooldown_rounds_up() {
        assert_eq!(may_resend(None, t(8, 0, 0)), Ok(()));
        let s = state(t(8, 0, 0), 0, 1, false);
        let wait = |now| may_resend(Some(&s), now);
        assert_eq!(
            wait(t(8, 0, 0)),
            Err(ResendRefusal::Wait { wait_seconds: 60 })
        );
        assert_eq!(
            wait(t(8, 0, 1)),
            Err(ResendRefusal::Wait { wait_seconds: 59 })
        );
        assert_eq!(
            wait(t(8, 0, 1) + TimeDelta::milliseconds(500)),
            Err(ResendRefusal::Wait { wait_seconds: 59 })
        );
        assert_eq!(
            wait(t(8, 1, 0) - TimeDelta::milliseconds(1)),
            Err(ResendRefusal::Wait { wait_seconds: 1 })
        );
        assert_eq!(wait(t(8, 1, 0)), Ok(()));
        assert_eq!(wait(t(12, 0, 0)), Ok(()));
        // Clock skew: never more than one cooldown.
        assert_eq!(
            wait(t(7, 0, 0)),
            Err(ResendRefusal::Wait { wait_seconds: 60 })
        );
        // Using the code does not lift the limits.
        let used = state(t(8, 0, 0), 0, 1, true);
        assert!(may_resend(Some(&used), t(8, 0, 30)).is_err());
    }

    #[test]
    fn daily_limit_resets_at_vietnamese_midnight() {
        // 16:00 UTC is 23:00 in Vietnam; midnight there is 17:00 UTC.
        let s = state(t(16, 0, 0), 0, MAX_SENDS_PER_DAY, false);
        assert_eq!(
            may_resend(Some(&s), t(16, 30, 0)),
            Err(ResendRefusal::DailyLimit { wait_seconds: 1800 })
        );
        assert_eq!(
            may_resend(Some(&s), t(16, 59, 59) + TimeDelta::milliseconds(1)),
            Err(ResendRefusal::DailyLimit { wait_seconds: 1 })
        );
        assert_eq!(may_resend(Some(&s), t(17, 0, 0)), Ok(()));
        // The daily limit is reported even within the cooldown.
        assert_eq!(
            may_resend(Some(&s), t(16, 0, 10)),
            Err(ResendRefusal::DailyLimit { wait_seconds: 3590 })
        );
        // One below the cap: only the cooldown applies.
        let s4 = state(t(16, 0, 0), 0, MAX_SENDS_PER_DAY - 1, false);
        assert_eq!(may_resend(Some(&s4), t(16, 5, 0)), Ok(()));
        // UTC midnight is not a Vietnamese day boundary.
        let before = state(
            Utc.with_ymd_and_hms(2026, 3, 9, 23, 0, 0).unwrap(),
            0,
            5,
            false,
        );
        assert!(matches!(
            may_resend(
                Some(&before),
                Utc.with_ymd_and_hms(2026, 3, 10, 1, 0, 0).unwrap()
            ),
            Err(ResendRefusal::DailyLimit { .. })
        ));
    }

    #[test]
    fn issue_counts_sends_per_vietnamese_day() {
        let first = OtpState::issue(None, "h1".to_owned(), t(1, 0, 0));
        assert_eq!(
            (first.tries, first.sends_today, first.used, first.sent_at),
            (0, 1, false, t(1, 0, 0))
        );
        let mut s = first;
        s.tries = 3;
        s.used = true;
        for n in 2..=MAX_SENDS_PER_DAY {
            let now = s.sent_at + TimeDelta::seconds(RESEND_COOLDOWN_SECONDS);
            assert_eq!(may_resend(Some(&s), now), Ok(()), "send {n}");
            s = OtpState::issue(Some(&s), format!("h{n}"), now);
            assert_eq!((s.tries, s.sends_today, s.used), (0, n, false));
        }
        assert!(matches!(
            may_resend(Some(&s), t(5, 0, 0)),
            Err(ResendRefusal::DailyLimit { .. })
        ));
        // Next Vietnamese day (17:00 UTC): the count starts again.
        let next_day = OtpState::issue(Some(&s), "h".to_owned(), t(17, 0, 0));
        assert_eq!(next_day.sends_today, 1);
        assert_eq!(sends_on_day_of(Some(&s), t(16, 59, 59)), MAX_SENDS_PER_DAY);
        assert_eq!(sends_on_day_of(Some(&s), t(17, 0, 0)), 0);
        assert_eq!(sends_on_day_of(None, t(17, 0, 0)), 0);
    }

    #[test]
    fn code_format() {
        for ok in [
            "123456",
            " 123456 ",
            "123 456",
            "000000",
            "\t987654\n",
            "12 34 56",
        ] {
            assert!(is_well_formed(ok), "{ok:?}");
        }
        assert_eq!(parse_code(" 123 456 ").as_deref(), Ok("123456"));
        for bad in [
            "",
            "12345",
            "1234567",
            "12345a",
            "12-3456",
            "１２３４５６",
            "١٢٣٤٥٦",
            "+12345",
            "-12345",
            "123456\u{0}",
        ] {
            assert_eq!(parse_code(bad), Err(MalformedCode), "{bad:?}");
        }
    }

    #[test]
    fn messages() {
        assert_eq!(
            OtpCheck::Wrong { tries_left: 3 }.vi(),
            "Mã xác thực không đúng. Bạn còn 3 lần thử."
        );
        assert_eq!(
            OtpCheck::Wrong { tries_left: 1 }.en(),
            "The verification code is incorrect. You have 1 attempt left."
        );
        assert_eq!(
            OtpCheck::Wrong { tries_left: 2 }.en(),
            "The verification code is incorrect. You have 2 attempts left."
        );
        assert!(OtpCheck::Wrong { tries_left: 0 }
            .vi()
            .contains("hết số lần thử"));
        assert_eq!(
            OtpCheck::Expired.vi(),
            "Mã xác thực đã hết hạn. Vui lòng yêu cầu gửi lại mã."
        );
        assert_eq!(
            ResendRefusal::Wait { wait_seconds: 42 }.vi(),
            "Vui lòng chờ 42 giây trước khi yêu cầu gửi lại mã."
        );
        assert_eq!(
            ResendRefusal::Wait { wait_seconds: 1 }.en(),
            "Please wait 1 second before requesting a new code."
        );
        let all_checks = [
            OtpCheck::Ok,
            OtpCheck::Wrong { tries_left: 0 },
            OtpCheck::Wrong { tries_left: 1 },
            OtpCheck::Wrong { tries_left: 4 },
            OtpCheck::Expired,
            OtpCheck::TooManyTries,
            OtpCheck::AlreadyUsed,
        ];
        let refusals = [
            ResendRefusal::Wait { wait_seconds: 1 },
            ResendRefusal::Wait { wait_seconds: 60 },
            ResendRefusal::DailyLimit { wait_seconds: 100 },
        ];
        let mut texts: Vec<(String, String)> =
            all_checks.iter().map(|c| (c.vi(), c.en())).collect();
        texts.extend(refusals.iter().map(|r| (r.vi(), r.en())));
        texts.push((MalformedCode.vi().to_owned(), MalformedCode.en().to_owned()));
        for (vi, en) in &texts {
            assert!(vi.ends_with('.') && en.ends_with('.'), "{vi} / {en}");
            assert!(!vi.contains("  ") && !en.contains("  "), "{vi} / {en}");
            assert_ne!(vi, en);
        }
        for r in refusals {
            assert_eq!(r.to_string(), r.en());
            let json = serde_json::to_string(&r).unwrap();
            assert_eq!(serde_json::from_str::<ResendRefusal>(&json).unwrap(), r);
        }
        assert_eq!(
            ResendRefusal::DailyLimit { wait_seconds: 7 }.retry_after_seconds(),
            7
        );
        assert_eq!(
            ResendRefusal::Wait { wait_seconds: 9 }.retry_after_seconds(),
            9
        );
        for c in all_checks {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(serde_json::from_str::<OtpCheck>(&json).unwrap(), c);
        }
    }

    #[test]
    fn debug_hides_the_hash() {
        let s = state(t(8, 0, 0), 0, 1, false);
        let shown = format!("{s:?}");
        assert!(!shown.contains("\"hash\""), "{shown}");
        assert!(shown.contains("redacted") && shown.contains("tries"));
    }
}
