//! Attempt counters for login, registration, code entry and resend, per account and per IP.
//!
//! Fixed windows in process memory: cheap, and enough for one server. Counts start again
//! when the server restarts, and several instances each count for themselves (the one-time
//! code limits, which matter most, are in the database and shared). The map is bounded:
//! when it grows past `MAX_KEYS` the expired windows are dropped, and if that is not
//! enough the new key is refused rather than letting an attacker grow memory without end.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const MAX_KEYS: usize = 100_000;

/// At most `max` events per `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

impl Limit {
    pub const fn per_minutes(max: u32, minutes: u64) -> Limit {
        Limit {
            max,
            window: Duration::from_secs(minutes * 60),
        }
    }
}

/// The limits of the account flows. Config can lower them (tests) or raise them (a
/// province where many people share one carrier-grade NAT address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Failed logins per phone number (whether or not it has an account).
    pub login_per_phone: Limit,
    /// Login attempts per IP address.
    pub login_per_ip: Limit,
    pub register_per_ip: Limit,
    /// Codes submitted per IP (each code also allows only 5 tries).
    pub code_per_ip: Limit,
    /// Codes requested per IP (each number also has a cooldown and a daily cap).
    pub send_per_ip: Limit,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            login_per_phone: Limit::per_minutes(5, 15),
            login_per_ip: Limit::per_minutes(50, 15),
            register_per_ip: Limit::per_minutes(10, 60),
            code_per_ip: Limit::per_minutes(30, 15),
            send_per_ip: Limit::per_minutes(10, 60),
        }
    }
}

#[derive(Debug, Default)]
pub struct RateLimiter {
    windows: Mutex<HashMap<String, (Instant, u32)>>,
}

impl RateLimiter {
    pub fn new() -> RateLimiter {
        RateLimiter::default()
    }

    /// Would one more event be refused? Answers the seconds to wait, without counting.
    pub fn check(&self, key: &str, limit: Limit) -> Result<(), u64> {
        self.at(key, limit, Instant::now(), false)
    }

    /// Counts one event; refuses it (and does not count it) when the window is full.
    pub fn hit(&self, key: &str, limit: Limit) -> Result<(), u64> {
        self.at(key, limit, Instant::now(), true)
    }

    /// Forgets a key (a successful login clears the phone's failures).
    pub fn clear(&self, key: &str) {
        if let Ok(mut w) = self.windows.lock() {
            w.remove(key);
        }
    }

    fn at(&self, key: &str, limit: Limit, now: Instant, count: bool) -> Result<(), u64> {
        // A poisoned lock means a panic elsewhere while holding it; the counters are still
        // plain numbers, so keep using them.
        let mut windows = self.windows.lock().unwrap_or_else(|p| p.into_inner());
        if !windows.contains_key(key) && windows.len() >= MAX_KEYS {
            windows.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(3600));
            if windows.len() >= MAX_KEYS {
                return Err(60);
            }
        }
        let entry = windows.entry(key.to_string()).or_insert((now, 0));
        if now.duration_since(entry.0) >= limit.window {
            *entry = (now, 0);
        }
        if entry.1 >= limit.max {
            let left = limit.window.saturating_sub(now.duration_since(entry.0));
            return Err(left.as_secs().max(1));
        }
        if count {
            entry.1 += 1;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_fills_refuses_with_a_wait_and_opens_again() {
        let r = RateLimiter::new();
        let limit = Limit::per_minutes(3, 15);
        let t0 = Instant::now();
        for _ in 0..3 {
            assert_eq!(r.at("login:+84912345678", limit, t0, true), Ok(()));
        }
        let wait = r.at("login:+84912345678", limit, t0, true).unwrap_err();
        assert_eq!(wait, 900);
        assert!(r.at("login:+84912345678", limit, t0, false).is_err());
        // Other keys are unaffected.
        assert_eq!(r.at("login:+84912345679", limit, t0, true), Ok(()));
        // After the window, counting starts again.
        let later = t0 + Duration::from_secs(901);
        assert_eq!(r.at("login:+84912345678", limit, later, true), Ok(()));
        r.clear("login:+84912345678");
        assert_eq!(r.check("login:+84912345678", limit), Ok(()));
    }

    #[test]
    fn checking_does_not_count() {
        let r = RateLimiter::new();
        let limit = Limit::per_minutes(1, 1);
        for _ in 0..10 {
            assert_eq!(r.check("k", limit), Ok(()));
        }
        assert_eq!(r.hit("k", limit), Ok(()));
        assert!(r.hit("k", limit).is_err());
    }
}
