//! Server functions: the only doors from the browser into the server.
//! Each one is thin: read the input, check who asks, call a query or rule, answer a DTO.

pub mod public_reports;

use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// Errors a server function may answer. Internal details stay in the server log;
/// the browser gets one of these kinds and shows the message in the user's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("not found")]
    NotFound,
    #[error("service unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal,
    /// Transport or encoding failures reported by the server-function layer.
    #[error("server function error: {0}")]
    ServerFn(String),
}

impl AppError {
    pub fn status_code(&self) -> u16 {
        match self {
            AppError::BadRequest(_) => 400,
            AppError::NotFound => 404,
            AppError::Unavailable => 503,
            AppError::Internal | AppError::ServerFn(_) => 500,
        }
    }

    /// The message a person sees.
    pub fn message(&self, lang: Lang) -> String {
        let t = lang.strings();
        match self {
            AppError::BadRequest(detail) if !detail.is_empty() => detail.clone(),
            AppError::BadRequest(_) => t.error_bad_request.to_string(),
            AppError::NotFound => t.not_found_title.to_string(),
            AppError::Unavailable => t.error_unavailable.to_string(),
            AppError::Internal | AppError::ServerFn(_) => t.error_generic.to_string(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            ServerFnErrorErr::Args(m) | ServerFnErrorErr::MissingArg(m) => AppError::BadRequest(m),
            other => AppError::ServerFn(other.to_string()),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        tracing::error!(error = %e, "database error");
        AppError::Unavailable
    }
}
