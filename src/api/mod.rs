//! Server functions: the only doors from the browser into the server.
//! Each one is thin: read the input, check who asks, call a query or rule, answer a DTO.
//!
//! Errors are mapped to HTTP statuses once, for every function, where server-function
//! errors become responses (`server::http::api_errors`), so no function can forget it and
//! input that never decodes gets its 400 like any other refusal.

pub mod account;
pub mod admin;
pub mod console;
pub mod engagement;
pub mod filing;
pub mod public_reports;
pub mod reference;
pub mod stats;

pub use crate::dto::error::{AppError, Problem};

/// What every server function reaches on the server: the state, who is asking, from where.
#[cfg(feature = "ssr")]
pub mod ssr {
    use super::AppError;
    pub use crate::server::auth::flows::Caller;
    pub use crate::server::auth::{client_ip, signed_in, subject};
    pub use crate::server::AppState;
    use leptos::prelude::*;

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the server function context");
            AppError::Internal
        })
    }

    /// An id or version as a form holds it (a string): anything else is a 400.
    pub fn number(raw: &str, field: &str) -> Result<i64, AppError> {
        let t = raw.trim();
        if t.is_empty() || t.len() > 19 {
            return Err(AppError::BadRequest(field.into()));
        }
        t.parse::<i64>()
            .map_err(|_| AppError::BadRequest(field.into()))
    }

    pub fn caller() -> Caller {
        Caller {
            session: signed_in().map(|s| s.key),
            ..Caller::new(client_ip())
        }
    }
}
