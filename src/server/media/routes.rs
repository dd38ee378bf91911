//! Media over HTTP: `POST /media/upload?kind=photo&name=…` (the raw file as the body,
//! streamed), `GET /media/{id}` and `GET /media/{id}/thumb` (with `ETag`, `Cache-Control`
//! and byte ranges, so a phone can seek in a video).

use super::{servable, upload};
use crate::account::permission::Subject;
use crate::domain::media::{byte_range, MediaKind};
use crate::dto::error::AppError;
use crate::server::auth::flows::Caller;
use crate::server::auth::{ClientIp, SignedIn};
use crate::server::AppState;
use axum::body::Body;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use std::collections::HashMap;

fn who(req: &Request) -> (Subject, Option<String>) {
    let signed = req.extensions().get::<SignedIn>();
    (
        signed
            .map(|s| s.user.subject())
            .unwrap_or(Subject::ANONYMOUS),
        signed.map(|s| s.key.clone()),
    )
}

/// The error as server functions answer theirs: the status, and the error as JSON.
pub fn error_response(e: &AppError) -> Response {
    let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::BAD_REQUEST);
    let mut res = (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        serde_json::to_string(e).unwrap_or_default(),
    )
        .into_response();
    if let Some(s) = e.retry_after() {
        res.headers_mut().insert(header::RETRY_AFTER, s.into());
    }
    res
}

pub async fn upload_media(
    State(state): State<AppState>,
    Query(q): Query<HashMap<String, String>>,
    req: Request,
) -> Response {
    let (subject, session) = who(&req);
    let ip = req.extensions().get::<ClientIp>().and_then(|c| c.0.clone());
    let caller = Caller {
        session,
        ..Caller::new(ip)
    };
    let Some(kind) = q.get("kind").and_then(|k| MediaKind::parse(k)) else {
        return error_response(&AppError::BadRequest("kind".into()));
    };
    // A name is shown, never used as a path; cut before any work.
    let name: Option<String> = q.get("name").map(|n| n.chars().take(400).collect());
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let body = req.into_body().into_data_stream();
    match upload(
        &state,
        &caller,
        &subject,
        kind,
        name.as_deref(),
        declared,
        body,
    )
    .await
    {
        Ok(a) => (
            StatusCode::CREATED,
            [(header::CACHE_CONTROL, "no-store")],
            axum::Json(a),
        )
            .into_response(),
        Err(e) => error_response(&e),
    }
}

pub async fn media_file(
    State(state): State<AppState>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    serve(state, &id, false, req).await
}

pub async fn media_thumb(
    State(state): State<AppState>,
    Path(id): Path<String>,
    req: Request,
) -> Response {
    serve(state, &id, true, req).await
}

async fn serve(state: AppState, id: &str, thumb: bool, req: Request) -> Response {
    let Some(id) = (id.len() <= 19).then(|| id.parse::<i64>().ok()).flatten() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (subject, _) = who(&req);
    let item = match servable(&state, &subject, id, thumb).await {
        Ok(s) => s,
        Err(AppError::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return error_response(&e),
    };
    let headers = req.headers();
    let etag = format!("\"{}\"", item.key.replace('/', "-"));
    let cache = if item.public {
        "public, max-age=3600"
    } else {
        "private, max-age=3600"
    };
    let mut base = HeaderMap::new();
    base.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        base.insert(header::ETAG, v);
    }
    base.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    if headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"))
    {
        return (StatusCode::NOT_MODIFIED, base).into_response();
    }
    if let Ok(v) = HeaderValue::from_str(&item.mime) {
        base.insert(header::CONTENT_TYPE, v);
    }
    if item.kind == MediaKind::File && !thumb {
        let name = item
            .file_name
            .clone()
            .unwrap_or_else(|| "tep-dinh-kem".into());
        let v = format!(
            "attachment; filename=\"{}\"; filename*=UTF-8''{}",
            name.chars()
                .map(|c| if c.is_ascii_graphic() || c == ' ' {
                    c
                } else {
                    '_'
                })
                .collect::<String>(),
            urlencoding::encode(&name)
        );
        if let Ok(v) = HeaderValue::from_str(&v) {
            base.insert(header::CONTENT_DISPOSITION, v);
        }
    }
    let range_header = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    let (status, range, size) = match range_header {
        None => (StatusCode::OK, None, None),
        Some(_) => {
            let size = match state.media.size(&item.key).await {
                Ok(s) => s,
                Err(object_store::Error::NotFound { .. }) => {
                    return StatusCode::NOT_FOUND.into_response()
                }
                Err(e) => return error_response(&super::store_error(e)),
            };
            match byte_range(range_header, size) {
                None => (StatusCode::OK, None, Some(size)),
                Some(Err(())) => {
                    if let Ok(v) = HeaderValue::from_str(&format!("bytes */{size}")) {
                        base.insert(header::CONTENT_RANGE, v);
                    }
                    return (StatusCode::RANGE_NOT_SATISFIABLE, base).into_response();
                }
                Some(Ok(r)) => (StatusCode::PARTIAL_CONTENT, Some(r), Some(size)),
            }
        }
    };
    let got = match state.media.get(&item.key, range.clone()).await {
        Ok(g) => g,
        Err(object_store::Error::NotFound { .. }) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return error_response(&super::store_error(e)),
    };
    let length = match &range {
        Some(r) => r.end - r.start,
        None => got.meta.size,
    };
    if let Some(r) = &range {
        let total = size.unwrap_or(got.meta.size);
        if let Ok(v) = HeaderValue::from_str(&format!("bytes {}-{}/{total}", r.start, r.end - 1)) {
            base.insert(header::CONTENT_RANGE, v);
        }
    }
    base.insert(header::CONTENT_LENGTH, length.into());
    let stream = got.into_stream().map(|r| r.map_err(std::io::Error::other));
    (status, base, Body::from_stream(stream)).into_response()
}
