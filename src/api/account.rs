//! Account server functions: register, activate, log in and out, own account, passwords.
//!
//! Every one is a plain form post (`PostUrl`), so the pages work without JavaScript: the
//! browser posts the form, the function answers a redirect (success) or the server
//! function layer sends the browser back with the error in the URL, which the page shows
//! next to the fields, with the non-secret values filled in again.

use super::AppError;
use crate::domain::lifecycle::Role;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The logged-in user, as the header and the account page show them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyAccount {
    pub id: i64,
    /// `0912 345 678`.
    pub phone: String,
    pub full_name: String,
    pub role: Role,
    pub agency: Option<String>,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A local path to go to after logging in: never another site.
pub fn safe_next(next: &str) -> Option<String> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
        && next.len() <= 512;
    ok.then(|| next.to_string())
}

#[cfg(feature = "ssr")]
pub mod ssr_support {
    pub use super::guarded;
    pub use super::ssr::{caller, state};

    /// Who is asking, for the permission function.
    pub fn signed_subject() -> crate::account::permission::Subject {
        crate::server::auth::subject()
    }
}

#[cfg(feature = "ssr")]
pub mod ssr {
    use super::AppError;
    pub use crate::server::auth::flows::{self, Caller};
    pub use crate::server::auth::{client_ip, session, signed_in};
    pub use crate::server::AppState;
    use axum::http::{header, HeaderValue, StatusCode};
    use leptos::prelude::*;

    pub fn state() -> Result<AppState, AppError> {
        use_context::<AppState>().ok_or_else(|| {
            tracing::error!("AppState missing from the server function context");
            AppError::Internal
        })
    }

    pub fn caller() -> Caller {
        Caller::new(client_ip())
    }

    fn response() -> Option<leptos_axum::ResponseOptions> {
        use_context::<leptos_axum::ResponseOptions>()
    }

    /// Is this a plain HTML form post (no JavaScript)? Then errors travel by redirect and
    /// must not change the status.
    fn plain_form_post() -> bool {
        use_context::<axum::http::request::Parts>()
            .and_then(|p| {
                p.headers
                    .get(header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .map(|v| v.contains("text/html"))
            })
            .unwrap_or(false)
    }

    /// Sets the status (and `Retry-After`) of a failed call, then hands the error back.
    pub fn fail<T>(e: AppError) -> Result<T, AppError> {
        if let Some(res) = response() {
            if !plain_form_post() {
                if let Ok(s) = StatusCode::from_u16(e.status_code()) {
                    res.set_status(s);
                }
            }
            if let AppError::RateLimited(seconds) = e {
                if let Ok(v) = HeaderValue::from_str(&seconds.to_string()) {
                    res.insert_header(header::RETRY_AFTER, v);
                }
            }
        }
        Err(e)
    }

    pub fn set_cookie(value: String) {
        if let (Some(res), Ok(v)) = (response(), HeaderValue::from_str(&value)) {
            res.append_header(header::SET_COOKIE, v);
        }
        if let Some(res) = response() {
            res.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    }

    pub fn https() -> bool {
        use_context::<AppState>().is_some_and(|s| s.config.https)
    }
}

/// Runs `body`; a failure gets its HTTP status (and Retry-After).
#[cfg(feature = "ssr")]
pub async fn guarded<T>(
    body: impl std::future::Future<Output = Result<T, AppError>>,
) -> Result<T, AppError> {
    match body.await {
        Ok(v) => Ok(v),
        Err(e) => ssr::fail(e),
    }
}

#[server(prefix = "/api", endpoint = "account/me")]
pub async fn me() -> Result<Option<MyAccount>, AppError> {
    use ssr::*;
    guarded(async {
        let Some(s) = signed_in() else {
            return Ok(None);
        };
        let state = state()?;
        let Some(user) = crate::server::auth::store::user_by_id(&state.db, s.user.id).await? else {
            return Ok(None);
        };
        let agency = match user.agency_id {
            Some(id) => {
                use sea_orm::EntityTrait;
                crate::server::entities::agency::Entity::find_by_id(id)
                    .one(&state.db)
                    .await?
                    .map(|a| a.name)
            }
            None => None,
        };
        let phone = crate::account::phone::normalize(&user.phone)
            .map(|p| p.display_local())
            .unwrap_or(user.phone.clone());
        Ok(Some(MyAccount {
            id: user.id,
            phone,
            full_name: user.full_name,
            role: s.user.role,
            agency,
            created_at: user.created_at,
        }))
    })
    .await
}

#[server(prefix = "/api", endpoint = "account/register")]
pub async fn register(
    phone: String,
    full_name: String,
    password: String,
    password_confirm: String,
) -> Result<(), AppError> {
    use ssr::*;
    guarded(async {
        let state = state()?;
        let input = flows::Registration {
            phone,
            full_name,
            password,
            password_confirm,
        };
        let phone = flows::register(&state, &caller(), input).await?;
        leptos_axum::redirect(&format!(
            "/activate?phone={}",
            urlencoding::encode(&phone.display_local())
        ));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "account/activate")]
pub async fn activate(phone: String, code: String) -> Result<(), AppError> {
    use ssr::*;
    guarded(async {
        let state = state()?;
        flows::activate(&state, &caller(), &phone, &code).await?;
        leptos_axum::redirect("/login?activated=1");
        Ok(())
    })
    .await
}

/// `purpose`: "activate" or "reset".
#[server(prefix = "/api", endpoint = "account/send-code")]
pub async fn send_code(phone: String, purpose: String) -> Result<(), AppError> {
    use crate::server::auth::store::CodePurpose;
    use ssr::*;
    guarded(async {
        let state = state()?;
        let (purpose, page) = match purpose.as_str() {
            "activate" => (CodePurpose::Activate, "/activate"),
            "reset" => (CodePurpose::Reset, "/reset"),
            _ => return Err(AppError::BadRequest("purpose".into())),
        };
        let phone = flows::request_code(&state, &caller(), &phone, purpose).await?;
        leptos_axum::redirect(&format!(
            "{page}?phone={}&sent=1",
            urlencoding::encode(&phone.display_local())
        ));
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "account/login")]
pub async fn login(phone: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use ssr::*;
    guarded(async {
        let state = state()?;
        let done = flows::login(&state, &caller(), &phone, &password).await?;
        set_cookie(session::set_cookie(&done.token, https(), done.max_age));
        let next = next
            .as_deref()
            .and_then(safe_next)
            .unwrap_or_else(|| "/account".into());
        leptos_axum::redirect(&next);
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "account/logout")]
pub async fn logout() -> Result<(), AppError> {
    use ssr::*;
    guarded(async {
        let state = state()?;
        if let Some(s) = signed_in() {
            flows::logout(&state, &caller(), &s).await?;
        }
        set_cookie(session::clear_cookie(https()));
        leptos_axum::redirect("/login?logged_out=1");
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "account/logout-everywhere")]
pub async fn logout_everywhere() -> Result<(), AppError> {
    use ssr::*;
    guarded(async {
        let state = state()?;
        let s = signed_in().ok_or(AppError::Denied(
            crate::account::permission::Denied::NotLoggedIn,
        ))?;
        flows::logout_everywhere(&state, &caller(), &s).await?;
        set_cookie(session::clear_cookie(https()));
        leptos_axum::redirect("/login?logged_out=1");
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "account/name")]
pub async fn update_name(full_name: String) -> Result<String, AppError> {
    use ssr::*;
    guarded(async {
        let state = state()?;
        let s = signed_in().ok_or(AppError::Denied(
            crate::account::permission::Denied::NotLoggedIn,
        ))?;
        let name = flows::update_name(&state, &caller(), &s, &full_name).await?;
        leptos_axum::redirect("/account?saved=name");
        Ok(name)
    })
    .await
}

#[server(prefix = "/api", endpoint = "account/password")]
pub async fn change_password(
    old_password: String,
    new_password: String,
    new_password_confirm: String,
) -> Result<(), AppError> {
    use ssr::*;
    guarded(async {
        let state = state()?;
        let s = signed_in().ok_or(AppError::Denied(
            crate::account::permission::Denied::NotLoggedIn,
        ))?;
        let input = flows::PasswordChange {
            old_password,
            new_password,
            new_password_confirm,
        };
        flows::change_password(&state, &caller(), &s, input).await?;
        leptos_axum::redirect("/account?saved=password");
        Ok(())
    })
    .await
}

#[server(prefix = "/api", endpoint = "account/reset")]
pub async fn reset_password(
    phone: String,
    code: String,
    new_password: String,
    new_password_confirm: String,
) -> Result<(), AppError> {
    use ssr::*;
    guarded(async {
        let state = state()?;
        let input = flows::PasswordReset {
            phone,
            code,
            new_password,
            new_password_confirm,
        };
        flows::reset_password(&state, &caller(), input).await?;
        leptos_axum::redirect("/login?reset=1");
        Ok(())
    })
    .await
}

/// The role names people read.
pub fn role_label(role: Role, lang: crate::i18n::Lang) -> &'static str {
    let a = lang.account();
    match role {
        Role::Citizen => a.role_citizen,
        Role::Operator => a.role_operator,
        Role::Officer => a.role_officer,
        Role::Admin => a.role_admin,
        Role::Anonymous | Role::System => "—",
    }
}

/// The account status names people read.
pub fn status_label(status: &str, lang: crate::i18n::Lang) -> &'static str {
    let a = lang.account();
    match status {
        "pending" => a.user_pending,
        "active" => a.user_active,
        _ => a.user_disabled,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_is_a_local_path_only() {
        assert_eq!(safe_next("/account").as_deref(), Some("/account"));
        assert_eq!(safe_next("//evil.example"), None);
        assert_eq!(safe_next("https://evil.example"), None);
        assert_eq!(safe_next("/\\evil"), None);
    }
}
