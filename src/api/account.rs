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

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::api::ssr::*;
    pub use crate::server::auth::{flows, session};
    use axum::http::{header, HeaderValue};

    pub fn set_cookie(value: String) {
        if let (Some(res), Ok(v)) = (
            leptos::prelude::use_context::<leptos_axum::ResponseOptions>(),
            HeaderValue::from_str(&value),
        ) {
            res.append_header(header::SET_COOKIE, v);
        }
    }

    pub fn https() -> bool {
        leptos::prelude::use_context::<AppState>().is_some_and(|s| s.config.https)
    }

    /// The signed-in user, or the refusal every own-account function answers without one.
    pub fn required() -> Result<crate::server::auth::SignedIn, crate::api::AppError> {
        signed_in().ok_or(crate::api::AppError::Denied(
            crate::account::permission::Denied::NotLoggedIn,
        ))
    }
}

#[server(prefix = "/api", endpoint = "account/me")]
pub async fn me() -> Result<Option<MyAccount>, AppError> {
    use ssr::*;
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
}

#[server(prefix = "/api", endpoint = "account/register")]
pub async fn register(
    phone: String,
    full_name: String,
    password: String,
    password_confirm: String,
) -> Result<(), AppError> {
    use ssr::*;
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
}

#[server(prefix = "/api", endpoint = "account/activate")]
pub async fn activate(phone: String, code: String) -> Result<(), AppError> {
    use ssr::*;
    let state = state()?;
    flows::activate(&state, &caller(), &phone, &code).await?;
    leptos_axum::redirect("/login?activated=1");
    Ok(())
}

/// `purpose`: "activate" or "reset".
#[server(prefix = "/api", endpoint = "account/send-code")]
pub async fn send_code(phone: String, purpose: String) -> Result<(), AppError> {
    use crate::server::auth::store::CodePurpose;
    use ssr::*;
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
}

#[server(prefix = "/api", endpoint = "account/login")]
pub async fn login(phone: String, password: String, next: Option<String>) -> Result<(), AppError> {
    use ssr::*;
    let state = state()?;
    let done = flows::login(&state, &caller(), &phone, &password).await?;
    set_cookie(session::set_cookie(&done.token, https(), done.max_age));
    let next = next
        .as_deref()
        .and_then(crate::domain::redirect::local_path)
        .unwrap_or_else(|| "/account".into());
    leptos_axum::redirect(&next);
    Ok(())
}

#[server(prefix = "/api", endpoint = "account/logout")]
pub async fn logout() -> Result<(), AppError> {
    use ssr::*;
    let state = state()?;
    if let Some(s) = signed_in() {
        flows::logout(&state, &caller(), &s).await?;
    }
    set_cookie(session::clear_cookie(https()));
    leptos_axum::redirect("/login?logged_out=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "account/logout-everywhere")]
pub async fn logout_everywhere() -> Result<(), AppError> {
    use ssr::*;
    let state = state()?;
    let s = required()?;
    flows::logout_everywhere(&state, &caller(), &s).await?;
    set_cookie(session::clear_cookie(https()));
    leptos_axum::redirect("/login?logged_out=1");
    Ok(())
}

#[server(prefix = "/api", endpoint = "account/name")]
pub async fn update_name(full_name: String) -> Result<String, AppError> {
    use ssr::*;
    let state = state()?;
    let s = required()?;
    let name = flows::update_name(&state, &caller(), &s, &full_name).await?;
    leptos_axum::redirect("/account?saved=name");
    Ok(name)
}

#[server(prefix = "/api", endpoint = "account/password")]
pub async fn change_password(
    old_password: String,
    new_password: String,
    new_password_confirm: String,
) -> Result<(), AppError> {
    use ssr::*;
    let state = state()?;
    let s = required()?;
    let input = flows::PasswordChange {
        old_password,
        new_password,
        new_password_confirm,
    };
    flows::change_password(&state, &caller(), &s, input).await?;
    leptos_axum::redirect("/account?saved=password");
    Ok(())
}

#[server(prefix = "/api", endpoint = "account/reset")]
pub async fn reset_password(
    phone: String,
    code: String,
    new_password: String,
    new_password_confirm: String,
) -> Result<(), AppError> {
    use ssr::*;
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
