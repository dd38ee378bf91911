//! The HTTP surface: Leptos pages and server functions, static files, health, tiles.

use super::security::{self, SecurityPolicy};
use super::state::AppState;
use crate::app::{shell, App};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use leptos::prelude::*;
use leptos_axum::{
    file_and_error_handler_with_context, generate_route_list, AxumRouteListing, LeptosRoutes,
};
use std::sync::{Arc, OnceLock};

/// The app's routes, found once per process by rendering the app in "route listing" mode.
///
/// Once, because of how Leptos finds them: `RouteList::generate` sets a process-wide flag
/// (`leptos_server::SuppressResourceLoad`, an `AtomicBool`) while it renders, and every
/// resource that first polls while the flag is up — in any request, on any thread — awaits
/// a future that never completes. The server built its router once at start, before any
/// request, so it never met this; the tests built a router per request, and two tests on
/// two threads (one listing routes, one rendering a page with a resource) stalled for good
/// with every thread idle. Listing the routes once makes the window close before the first
/// router exists, for the server and the tests alike.
fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The application as one router, for the server and for tests (`tower::ServiceExt::oneshot`).
pub fn router(state: AppState) -> Router {
    let routes = routes();
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
        .route("/lang/{code}", get(set_language))
        .route(
            super::security::UPLOAD_PATH,
            post(super::media::routes::upload_media),
        )
        .route("/api/events", get(super::live::stream_handler))
        .route("/media/{id}", get(super::media::routes::media_file))
        .route("/media/{id}/thumb", get(super::media::routes::media_thumb))
        .route("/thong-ke/{file}", get(super::stats::csv_download))
        .route(
            "/console/dashboard/{file}",
            get(super::stats::dashboard_csv_download),
        );
    if state.config.local_tiles {
        router = router.route("/tiles/{z}/{x}/{y}", get(blank_tile));
    }
    router = static_files(router, &state.leptos_options);
    router
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = state.leptos_options.clone();
            let page_shell = page_shell.clone();
            move || page_shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context, page_shell,
        ))
        // Outermost last. Server-function errors get their status nearest the handler; the
        // session is resolved for the pages and server functions inside; security headers
        // and cross-site refusal wrap everything; then at most `max_concurrent_requests` are
        // served at once and none for longer than `request_timeout` (a request that waits for
        // its turn counts against its time too).
        .layer(axum::middleware::from_fn(api_errors))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            super::auth::session::middleware,
        ))
        .layer(axum::middleware::from_fn_with_state(
            policy,
            security::middleware,
        ))
        // Outside `api_errors`, which reads error bodies as they left the function.
        .layer(tower_http::compression::CompressionLayer::new().compress_when(compressible))
        .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
            state.config.max_concurrent_requests,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.config.request_timeout,
            time_limit,
        ))
        .with_state(state)
}

/// How long a browser keeps the built bundle (`/pkg`): for good when its file names carry a
/// hash of their content (`hash-files`, release builds: a new build has new names), else it
/// asks again each time (and gets a 304 while the file is unchanged).
pub const PKG_CACHE_HASHED: &str = "public, max-age=31536000, immutable";
pub const PKG_CACHE_PLAIN: &str = "no-cache";
/// Leaflet and the icon keep their names across builds: a week, then a revalidation.
pub const VENDOR_CACHE: &str = "public, max-age=604800";

/// The built bundle and the vendored files, served with their cache lifetimes and, when the
/// build wrote them (`--precompress`), as their `.br` / `.gz` files (no compression work per
/// request; the compression layer leaves an encoded answer alone).
fn static_files(router: Router<AppState>, options: &LeptosOptions) -> Router<AppState> {
    use axum::http::HeaderValue;
    use tower_http::services::{ServeDir, ServeFile};
    use tower_http::set_header::SetResponseHeaderLayer;
    let site = std::path::PathBuf::from(options.site_root.as_ref());
    let pkg_cache = if options.hash_files {
        PKG_CACHE_HASHED
    } else {
        PKG_CACHE_PLAIN
    };
    let cached = |value: &'static str| {
        SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static(value))
    };
    let pkg = ServeDir::new(site.join(options.site_pkg_dir.as_ref()))
        .precompressed_br()
        .precompressed_gzip();
    let leaflet = ServeDir::new(site.join("leaflet"))
        .precompressed_br()
        .precompressed_gzip();
    let icon = ServeFile::new(site.join("favicon.svg"))
        .precompressed_br()
        .precompressed_gzip();
    router
        .nest_service(
            &format!("/{}", options.site_pkg_dir),
            tower::ServiceBuilder::new()
                .layer(cached(pkg_cache))
                .service(pkg),
        )
        .nest_service(
            "/leaflet",
            tower::ServiceBuilder::new()
                .layer(cached(VENDOR_CACHE))
                .service(leaflet),
        )
        .route_service(
            "/favicon.svg",
            tower::ServiceBuilder::new()
                .layer(cached(VENDOR_CACHE))
                .service(icon),
        )
}

/// What is worth compressing: text, JSON, JavaScript, wasm and SVG of more than a few hundred
/// bytes (the 1.7 MB wasm bundle goes out at about a quarter). Never the live stream
/// (compression would hold its events back), photos, video or files (already compressed, and
/// served in byte ranges).
fn compressible(
    _status: StatusCode,
    _version: axum::http::Version,
    headers: &axum::http::HeaderMap,
    _extensions: &axum::http::Extensions,
) -> bool {
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let small = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
        .is_some_and(|n| n < 512);
    let textual = (kind.starts_with("text/") && !kind.starts_with("text/event-stream"))
        || kind.starts_with("application/json")
        || kind.starts_with("application/javascript")
        || kind.starts_with("application/wasm")
        || kind.starts_with("image/svg+xml");
    textual && !small && !headers.contains_key(header::CONTENT_RANGE)
}

/// No request is served for longer than `limit` (503 after it), but an upload: a 100 MB
/// video on a weak signal takes minutes, so an upload is dropped only when it stalls
/// (`media::IDLE` without a byte).
async fn time_limit(
    State(limit): State<std::time::Duration>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    if req.uri().path() == super::security::UPLOAD_PATH {
        return next.run(req).await;
    }
    match tokio::time::timeout(limit, next.run(req)).await {
        Ok(res) => res,
        Err(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
    }
}

/// Where server-function errors become responses, for every function at once.
///
/// The server-function layer answers every `Err` with 500 and the error in the body, and
/// input that does not decode (a missing field, a wrong type) never reaches the function
/// at all. So the status is set here, from the error kind in the body: a refusal of the
/// caller's input is a 4xx whether the function or the decoder refused it. A body in a
/// format no function takes is refused before decoding with 415.
pub async fn api_errors(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use crate::dto::error::AppError;
    let api = req.uri().path().starts_with("/api/");
    if api && req.method() == axum::http::Method::POST && !is_form_body(req.headers()) {
        return error_response(&AppError::UnsupportedType);
    }
    let res = next.run(req).await;
    if !api
        || res.status() != StatusCode::INTERNAL_SERVER_ERROR
        || !res
            .headers()
            .contains_key(server_fn::error::SERVER_FN_ERROR_HEADER)
    {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    // Errors are a few hundred bytes; anything else is not one of ours.
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    if let Ok(e) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(e.status_code()).unwrap_or(parts.status);
        if let Some(seconds) = e.retry_after() {
            parts.headers.insert(header::RETRY_AFTER, seconds.into());
        }
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Server functions take HTML form bodies (the browser's forms and Leptos' client alike).
fn is_form_body(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|t| {
            let t = t.trim();
            t.eq_ignore_ascii_case("application/x-www-form-urlencoded")
                || t.eq_ignore_ascii_case("multipart/form-data")
        })
}

/// An error answered outside any server function, in the same shape as theirs.
fn error_response(e: &crate::dto::error::AppError) -> axum::response::Response {
    let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    let body = serde_json::to_string(e).unwrap_or_default();
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (
                axum::http::HeaderName::from_static(server_fn::error::SERVER_FN_ERROR_HEADER),
                "",
            ),
        ],
        body,
    )
        .into_response()
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
        .and_then(|n| crate::domain::redirect::local_path(n))
        .unwrap_or_else(|| "/".to_string());
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        crate::i18n::LANG_COOKIE,
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
