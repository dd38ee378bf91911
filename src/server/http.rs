//! The HTTP surface: Leptos pages and server functions, static files, health, tiles.

use super::security::{self, SecurityPolicy};
use super::state::AppState;
use crate::app::{shell, App};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{file_and_error_handler_with_context, generate_route_list, LeptosRoutes};
use std::sync::Arc;

/// The application as one router, for the server and for tests (`tower::ServiceExt::oneshot`).
pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let map = state.config.map.clone();
    let policy = Arc::new(SecurityPolicy::new(&map.tile_url, state.config.https));
    let context = {
        let state = state.clone();
        move || {
            provide_context(state.clone());
            // The CSP nonce the security middleware put in the request: inline scripts carry it.
            if let Some(nonce) = use_context::<axum::http::request::Parts>()
                .and_then(|p| p.extensions.get::<leptos::nonce::Nonce>().cloned())
            {
                provide_context(nonce);
            }
        }
    };
    let page_shell = {
        let map = map.clone();
        move |options: LeptosOptions| shell(options, map.clone())
    };
    let mut router = Router::new()
        .route("/healthz", get(healthz))
        .route("/lang/{code}", get(set_language));
    if state.config.local_tiles {
        router = router.route("/tiles/{z}/{x}/{y}", get(blank_tile));
    }
    router
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            let page_shell = page_shell.clone();
            move || page_shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, page_shell,
        ))
        // Outermost last: security headers and cross-site refusal wrap everything, then the
        // session is resolved for the pages and server functions inside.
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::auth::session::middleware,
        ))
        .layer(axum::middleware::from_fn_with_state(
            policy,
            security::middleware,
        ))
        .with_state(state)
}

/// 200 when the database answers, 503 otherwise. For load balancers and monitors.
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    match super::db::ping(&state.db).await {
        Ok(()) => (StatusCode::OK, [(header::CACHE_CONTROL, "no-store")], "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CACHE_CONTROL, "no-store")],
                "database unavailable",
            )
        }
    }
}

/// Remembers the chosen language in a cookie and goes back to the page (`next`, a local
/// path only: never an open redirect).
async fn set_language(
    axum::extract::Path(code): axum::extract::Path<String>,
    axum::extract::Query(query): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> axum::response::Response {
    let Some(lang) = crate::i18n::Lang::parse(&code) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let next = query
        .get("next")
        .filter(|n| {
            n.starts_with('/')
                && !n.starts_with("//")
                && !n.contains('\\')
                && !n.chars().any(char::is_control)
        })
        .cloned()
        .unwrap_or_else(|| "/".to_string());
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        crate::app::LANG_COOKIE,
        lang.code()
    );
    (
        StatusCode::SEE_OTHER,
        [(header::LOCATION, next), (header::SET_COOKIE, cookie)],
    )
        .into_response()
}

/// A plain tile for offline runs: the map stays usable without a tile server.
async fn blank_tile() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "image/png"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        include_bytes!("blank-tile.png").as_slice(),
    )
}
