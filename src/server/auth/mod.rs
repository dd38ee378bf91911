//! Accounts on the server: sessions, one-time codes and SMS, rate limits, the audit log, and
//! the flows (register, activate, log in, change and reset passwords, administration) that
//! the server functions in `crate::api::account` and `crate::api::admin` call.

pub mod admin;
pub mod flows;
pub mod rate_limit;
pub mod secret;
pub mod session;
pub mod sms;
pub mod store;

pub use session::{ClientIp, SessionUser, SignedIn};

use crate::account::permission::Subject;

/// The request's session, from the extensions the session middleware filled.
pub fn signed_in() -> Option<SignedIn> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<SignedIn>().cloned())
}

/// Who is asking: the session's user, or anonymous.
pub fn subject() -> Subject {
    signed_in()
        .map(|s| s.user.subject())
        .unwrap_or(Subject::ANONYMOUS)
}

/// The client's address, for rate limits and the audit log.
pub fn client_ip() -> Option<String> {
    leptos::prelude::use_context::<axum::http::request::Parts>()
        .and_then(|p| p.extensions.get::<ClientIp>().cloned())
        .and_then(|c| c.0)
}
