//! The pure rules of accounts: phone numbers, passwords and names, one-time codes and
//! who may do what.
//!
//! Like `domain`, nothing here does IO, awaits or depends on a feature flag, so the
//! registration form validates as you type with exactly the rules (and the exact
//! Vietnamese sentences) the server enforces, and every rule is unit-tested without a
//! database. Hashing, storage, sessions and SMS live in the server modules that call these.

pub mod audit;
pub mod form;
pub mod otp;
pub mod password_policy;
pub mod permission;
pub mod phone;

/// Is `s` longer than `max` characters? Reads at most `max + 1` of them, so a megabyte of
/// hostile input costs what `max` characters cost. Every raw field a server function takes
/// is measured with this before any other work.
pub fn longer_than(s: &str, max: usize) -> bool {
    s.len() > max && s.chars().nth(max).is_some()
}

#[cfg(test)]
mod tests {
    #[test]
    fn length_is_measured_in_characters_and_stops_early() {
        assert!(!super::longer_than("Đông Hà", 7));
        assert!(super::longer_than("Đông Hà", 6));
        assert!(!super::longer_than("", 0));
        assert!(super::longer_than(&"1".repeat(1_000_000), 32));
    }
}
