//! User administration and the audit log: admins only (the permission function says so,
//! in every function).

use super::AppError;
use leptos::prelude::*;

pub use crate::dto::admin::*;

/// Where an admin form goes back to: the list with the same filters (`back`, the page's
/// query string) and the changed user marked.
pub fn back_to_users(back: Option<&str>, user_id: i64) -> String {
    // A filter's query string is short; a long one is not ours and is dropped unread.
    let back = back.filter(|b| !crate::account::longer_than(b, 1024));
    let kept: Vec<&str> = back
        .unwrap_or_default()
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("saved="))
        .filter(|p| p.chars().all(|c| c.is_ascii_graphic() && c != '#'))
        .take(8)
        .collect();
    let mut query = kept.join("&");
    if !query.is_empty() {
        query.push('&');
    }
    format!("/admin/users?{query}saved={user_id}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn admin_forms_go_back_to_the_same_filters() {
        assert_eq!(super::back_to_users(None, 7), "/admin/users?saved=7");
        assert_eq!(
            super::back_to_users(Some("?q=0900&role=&saved=3"), 7),
            "/admin/users?q=0900&role=&saved=7"
        );
        assert_eq!(
            super::back_to_users(Some("a=1\r\nSet-Cookie: x"), 2),
            "/admin/users?saved=2"
        );
    }
}

#[cfg(feature = "ssr")]
use crate::api::ssr::{caller, state, subject as signed_subject};

/// Flat arguments: an all-empty filter must still arrive (a nested struct of `None`s is
/// encoded as nothing at all).
#[server(prefix = "/api", endpoint = "admin/users")]
pub async fn list_users(
    q: Option<String>,
    role: Option<String>,
    status: Option<String>,
    page: Option<u64>,
) -> Result<UserPage, AppError> {
    let filter = UserFilter {
        q,
        role,
        status,
        page,
    };
    let state = state()?;
    crate::server::auth::admin::list_users(&state, &signed_subject(), &filter).await
}

/// `agency_id`: empty for no agency.
#[server(prefix = "/api", endpoint = "admin/users/role")]
pub async fn set_user_role(
    user_id: i64,
    role: String,
    agency_id: Option<String>,
    back: Option<String>,
) -> Result<(), AppError> {
    let state = state()?;
    let agency = agency_id
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    crate::server::auth::admin::set_role(
        &state,
        &caller(),
        &signed_subject(),
        user_id,
        &role,
        agency,
    )
    .await?;
    leptos_axum::redirect(&back_to_users(back.as_deref(), user_id));
    Ok(())
}

/// `disabled`: "true" to disable, "false" to enable.
#[server(prefix = "/api", endpoint = "admin/users/status")]
pub async fn set_user_status(
    user_id: i64,
    disabled: bool,
    back: Option<String>,
) -> Result<(), AppError> {
    let state = state()?;
    crate::server::auth::admin::set_disabled(
        &state,
        &caller(),
        &signed_subject(),
        user_id,
        disabled,
    )
    .await?;
    leptos_axum::redirect(&back_to_users(back.as_deref(), user_id));
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/users/activate")]
pub async fn activate_user(user_id: i64, back: Option<String>) -> Result<(), AppError> {
    let state = state()?;
    crate::server::auth::admin::activate(&state, &caller(), &signed_subject(), user_id).await?;
    leptos_axum::redirect(&back_to_users(back.as_deref(), user_id));
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/audit")]
pub async fn list_audit(
    action: Option<String>,
    actor: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<u64>,
) -> Result<AuditPage, AppError> {
    let filter = AuditFilter {
        action,
        actor,
        from,
        to,
        page,
    };
    let state = state()?;
    crate::server::auth::admin::list_audit(&state, &signed_subject(), &filter).await
}
