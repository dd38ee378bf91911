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
