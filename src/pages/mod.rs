//! One module per route.

pub mod account;
pub mod admin;
pub mod console;
pub mod engagement;
pub mod filing;
pub mod home;
pub mod not_found;
pub mod reference;
pub mod report;
pub mod stats;

/// Sets the HTTP status of a server-rendered page (404 for a missing report, say).
/// In the browser there is no response to change.
pub fn set_status(code: u16) {
    #[cfg(feature = "ssr")]
    if let Some(resp) = leptos::prelude::use_context::<leptos_axum::ResponseOptions>() {
        if let Ok(status) = axum::http::StatusCode::from_u16(code) {
            resp.set_status(status);
        }
    }
    #[cfg(not(feature = "ssr"))]
    let _ = code;
}
