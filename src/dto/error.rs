//! The errors a server function answers, as they travel to the browser: a kind, never an
//! internal detail, mapped once to an HTTP status (`status_code`) and to a message in the
//! reader's language (`message`).

use crate::account::form::FormError;
use crate::account::permission::Denied;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};
use server_fn::codec::JsonEncoding;
use server_fn::error::{FromServerFnError, ServerFnErrorErr};

/// Errors a server function may answer. Internal details stay in the server log;
/// the browser gets one of these kinds and shows the message in the user's language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Input that fails validation; the message comes from the string table.
    #[error("invalid input: {0:?}")]
    Invalid(Problem),
    /// Input the server-function layer could not even decode.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A form refused field by field (accounts and, later, every form).
    #[error("form refused: {0:?}")]
    Form(FormError),
    /// The permission function said no.
    #[error("denied: {0}")]
    Denied(Denied),
    /// Too many attempts; try again after this many seconds.
    #[error("rate limited for {0} s")]
    RateLimited(u64),
    /// The server is saturated (password hashing, say); try again after this many seconds.
    #[error("busy for {0} s")]
    Busy(u64),
    /// The global hourly SMS budget is spent (SMS pumping brake).
    #[error("SMS budget spent")]
    SmsBudget,
    /// A body in a format the function does not take (JSON sent to a form endpoint).
    #[error("unsupported content type")]
    UnsupportedType,
    /// An uploaded file refused (too big, not the type it claims, damaged).
    #[error("media refused: {0:?}")]
    Media(crate::domain::media::MediaProblem),
    /// The report is not (or no longer) in a status that allows this: reload and look.
    #[error("conflict with the report's status")]
    Conflict,
    /// Someone changed the report after this page was loaded (the version check): who and
    /// when, so the official knows what to reload for.
    #[error("changed meanwhile by {by}")]
    Stale {
        by: String,
        at: chrono::DateTime<chrono::Utc>,
    },
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
    /// Seconds to wait before trying again, for the `Retry-After` header.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::RateLimited(s) | AppError::Busy(s) => Some((*s).max(1)),
            AppError::SmsBudget => Some(600),
            _ => None,
        }
    }

    pub fn status_code(&self) -> u16 {
        match self {
            AppError::Invalid(_) | AppError::BadRequest(_) => 400,
            AppError::Form(_) => 422,
            AppError::Denied(d) => d.http_status(),
            AppError::RateLimited(_) => 429,
            AppError::NotFound => 404,
            AppError::Conflict | AppError::Stale { .. } => 409,
            AppError::UnsupportedType => 415,
            AppError::Media(p) => {
                use crate::domain::media::MediaProblem as M;
                match p {
                    M::TooBig(_) => 413,
                    M::WrongType(_) | M::Heic => 415,
                    M::Unknown => 404,
                    M::Interrupted => 400,
                    M::Empty | M::Unreadable | M::TooManyPixels | M::TooMany(_) => 422,
                }
            }
            AppError::Unavailable | AppError::Busy(_) | AppError::SmsBudget => 503,
            AppError::Internal | AppError::ServerFn(_) => 500,
        }
    }

    /// The message a person sees.
    pub fn message(&self, lang: Lang) -> String {
        let t = lang.strings();
        match self {
            AppError::Invalid(problem) => problem.message(lang),
            AppError::BadRequest(_) => t.error_bad_request.to_string(),
            AppError::Form(f) => match f.problems.first() {
                Some((_, p)) if f.problems.len() == 1 => p.message(lang),
                _ => t.error_form.to_string(),
            },
            AppError::Denied(d) => match lang {
                Lang::Vi => d.vi().to_string(),
                Lang::En => d.en().to_string(),
            },
            AppError::RateLimited(seconds) => {
                let minutes = seconds.div_ceil(60).max(1);
                t.error_rate_limited.replace("{n}", &minutes.to_string())
            }
            AppError::NotFound => t.not_found_title.to_string(),
            AppError::Conflict => t.error_conflict.to_string(),
            AppError::Stale { by, at } => {
                let local = *at + chrono::TimeDelta::hours(7);
                let hm = local.format("%H:%M").to_string();
                match lang {
                    Lang::Vi => format!(
                        "Phản ánh vừa được {by} thay đổi lúc {hm}. Vui lòng tải lại trang để xem \
                         thay đổi trước khi thao tác tiếp."
                    ),
                    Lang::En => format!(
                        "This report was changed by {by} at {hm}. Please reload the page to see \
                         the change before you go on."
                    ),
                }
            }
            AppError::Unavailable => t.error_unavailable.to_string(),
            AppError::Busy(seconds) => t.error_busy.replace("{n}", &seconds.max(&1).to_string()),
            AppError::SmsBudget => t.error_sms_budget.to_string(),
            AppError::UnsupportedType => t.error_unsupported_type.to_string(),
            AppError::Media(p) => match lang {
                Lang::Vi => p.vi(),
                Lang::En => p.en(),
            },
            AppError::Internal | AppError::ServerFn(_) => t.error_generic.to_string(),
        }
    }
}

/// Why an input was refused. Shared, so the browser shows the message the server means.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    BadBbox,
    MissingBbox,
    SearchTooLong,
    BadCategory,
    BadDistrict,
    BadStatus,
    PageTooFar,
    /// A date not written YYYY-MM-DD, or not a real day.
    BadDate,
    /// A period whose start is after its end.
    DateReversed,
    /// A date before 2000 or after today.
    DateOutOfRange,
}

impl Problem {
    pub fn message(self, lang: Lang) -> String {
        use crate::dto::{MAX_PAGE, MAX_SEARCH_LEN};
        let t = lang.strings();
        match self {
            Problem::BadBbox => t.err_bad_bbox.to_string(),
            Problem::MissingBbox => t.err_missing_bbox.to_string(),
            Problem::SearchTooLong => t
                .err_search_too_long
                .replace("{n}", &MAX_SEARCH_LEN.to_string()),
            Problem::BadCategory => t.err_bad_category.to_string(),
            Problem::BadDistrict => t.err_bad_district.to_string(),
            Problem::BadStatus => t.err_bad_status.to_string(),
            Problem::PageTooFar => t.err_page_too_far.replace("{n}", &MAX_PAGE.to_string()),
            Problem::BadDate => lang.stats().err_bad_date.to_string(),
            Problem::DateReversed => lang.stats().err_date_reversed.to_string(),
            Problem::DateOutOfRange => lang.stats().err_date_out_of_range.to_string(),
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Input that does not decode is the caller's mistake, not the server's.
            ServerFnErrorErr::Args(m)
            | ServerFnErrorErr::MissingArg(m)
            | ServerFnErrorErr::Deserialization(m) => AppError::BadRequest(m),
            other => AppError::ServerFn(other.to_string()),
        }
    }
}

impl From<crate::domain::lifecycle::Refusal> for AppError {
    fn from(_: crate::domain::lifecycle::Refusal) -> Self {
        AppError::Conflict
    }
}

impl From<Denied> for AppError {
    fn from(d: Denied) -> Self {
        AppError::Denied(d)
    }
}

impl From<FormError> for AppError {
    fn from(f: FormError) -> Self {
        AppError::Form(f)
    }
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        tracing::error!(error = %e, "database error");
        AppError::Unavailable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_problem_reads_in_both_languages_with_numbers_filled_in() {
        let all = [
            Problem::BadBbox,
            Problem::MissingBbox,
            Problem::SearchTooLong,
            Problem::BadCategory,
            Problem::BadDistrict,
            Problem::BadStatus,
            Problem::PageTooFar,
            Problem::BadDate,
            Problem::DateReversed,
            Problem::DateOutOfRange,
        ];
        for p in all {
            let (vi, en) = (p.message(Lang::Vi), p.message(Lang::En));
            assert!(!vi.is_empty() && !en.is_empty());
            assert_ne!(vi, en);
            assert!(!vi.contains("{n}") && !en.contains("{n}"));
        }
        assert!(Problem::PageTooFar.message(Lang::Vi).contains("250"));
    }

    #[test]
    fn errors_map_to_statuses_and_never_show_internals() {
        assert_eq!(AppError::Invalid(Problem::BadBbox).status_code(), 400);
        assert_eq!(AppError::NotFound.status_code(), 404);
        assert_eq!(AppError::Unavailable.status_code(), 503);
        let internal = AppError::ServerFn("connection refused at 10.0.0.5:5432".into());
        assert!(!internal.message(Lang::Vi).contains("10.0.0.5"));
        assert!(!AppError::BadRequest("missing field `x`".into())
            .message(Lang::En)
            .contains('`'));
    }
}
