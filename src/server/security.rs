//! The security baseline every response passes through: a Content-Security-Policy with a
//! per-request nonce, the usual hardening headers, refusal of cross-site mutations, and a
//! request body limit with a clear message.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use leptos::nonce::Nonce;
use std::sync::Arc;

/// Largest request body accepted by pages and server functions (uploads get their own limit).
pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;

/// The one route whose body may be larger: it streams to storage within each kind's limit
/// (`domain::media`) and has its own time rules.
pub const UPLOAD_PATH: &str = "/media/upload";

#[derive(Clone, Debug)]
pub struct SecurityPolicy {
    /// Extra image origins (the map's tile server), e.g. "https://tile.openstreetmap.org".
    pub img_origins: Vec<String>,
    /// Served over HTTPS: send HSTS.
    pub https: bool,
}

impl SecurityPolicy {
    pub fn new(tile_url: &str, https: bool) -> SecurityPolicy {
        SecurityPolicy {
            img_origins: origin_of(tile_url).into_iter().collect(),
            https,
        }
    }

    pub fn content_security_policy(&self, nonce: &str) -> String {
        let img = std::iter::once("'self' data:".to_string())
            .chain(self.img_origins.iter().cloned())
            .collect::<Vec<_>>()
            .join(" ");
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
             style-src-attr 'unsafe-inline'; img-src {img}; connect-src 'self'; font-src 'self'; \
             object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
        )
    }
}

/// "https://tile.openstreetmap.org" of "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
/// None for a relative URL (served by us, covered by 'self').
fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if !matches!(scheme, "http" | "https") {
        return None;
    }
    let host = rest.split('/').next().filter(|h| !h.is_empty())?;
    // Leaflet's "{s}" subdomain placeholder becomes a wildcard.
    let host = host.replace("{s}", "*");
    host.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '*'))
        .then(|| format!("{scheme}://{host}"))
}

/// Is this a request a browser would only send for a page of another site?
/// Browsers send `Sec-Fetch-Site` and `Origin` with every POST; clients without them
/// (curl, other servers) are not a cross-site-request-forgery risk.
pub fn is_cross_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => false,
        Some(origin) => {
            let host = headers
                .get(header::HOST)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            let origin_host = origin.split_once("://").map(|(_, h)| h).unwrap_or("null");
            origin == "null" || !origin_host.eq_ignore_ascii_case(host)
        }
    }
}

/// A mutation that carries a session cookie but neither `Sec-Fetch-Site` nor `Origin`.
/// Every browser sends one of them with a POST; a request without both comes from
/// something that is not a browser page, and such a client has no business using a
/// browser's session cookie (an old browser or plugin forging requests could).
pub fn unvouched_session(headers: &HeaderMap) -> bool {
    let has_session = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .any(|(name, _)| name == "paht_session" || name == "__Host-paht_session");
    has_session && !headers.contains_key("sec-fetch-site") && !headers.contains_key(header::ORIGIN)
}

fn is_mutation(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

pub const CROSS_SITE_MESSAGE: &str = "Yêu cầu bị từ chối vì được gửi từ một trang web khác. \
     Vui lòng thao tác trực tiếp trên trang của hệ thống.\n\
     Request refused: it came from another site.";
pub const TOO_LARGE_MESSAGE: &str = "Dữ liệu gửi lên quá lớn (tối đa 1 MB).\n\
     The request is too large (at most 1 MB).";

/// The middleware. The nonce goes into the request's extensions; `http::router`'s Leptos
/// context hands it to the page, whose inline scripts carry it.
pub async fn middleware(
    State(policy): State<Arc<SecurityPolicy>>,
    mut req: Request,
    next: Next,
) -> Response {
    if is_mutation(req.method())
        && (is_cross_site(req.headers()) || unvouched_session(req.headers()))
    {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site mutation refused");
        return with_headers(
            plain(StatusCode::FORBIDDEN, CROSS_SITE_MESSAGE),
            &policy,
            None,
        );
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let upload = req.uri().path() == UPLOAD_PATH;
    if !upload && declared.is_some_and(|n| n > BODY_LIMIT_BYTES) {
        return with_headers(
            plain(StatusCode::PAYLOAD_TOO_LARGE, TOO_LARGE_MESSAGE),
            &policy,
            None,
        );
    }
    if !upload && declared.is_none() && is_mutation(req.method()) {
        // No declared length (a chunked body): read it here, up to the limit, so an
        // oversized body gets the same clear 413 and never reaches a handler.
        let (parts, body) = req.into_parts();
        match axum::body::to_bytes(body, BODY_LIMIT_BYTES).await {
            Ok(bytes) => req = Request::from_parts(parts, Body::from(bytes)),
            Err(_) => {
                return with_headers(
                    plain(StatusCode::PAYLOAD_TOO_LARGE, TOO_LARGE_MESSAGE),
                    &policy,
                    None,
                )
            }
        }
    }
    let nonce = Nonce::new();
    req.extensions_mut().insert(nonce.clone());
    let res = next.run(req).await;
    with_headers(res, &policy, Some(&nonce))
}

fn with_headers(
    mut res: Response<Body>,
    policy: &SecurityPolicy,
    nonce: Option<&Nonce>,
) -> Response<Body> {
    let h = res.headers_mut();
    let csp = policy.content_security_policy(nonce.map(|n| &**n).unwrap_or("none"));
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(self)"),
    );
    if policy.https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn cross_site_is_told_by_fetch_metadata_then_origin() {
        assert!(!is_cross_site(&headers(&[])));
        assert!(!is_cross_site(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!is_cross_site(&headers(&[
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(is_cross_site(&headers(&[
            ("origin", "null"),
            ("host", "127.0.0.1:3000")
        ])));
    }

    #[test]
    fn a_session_cookie_needs_a_browser_s_word_for_it() {
        assert!(!unvouched_session(&headers(&[])));
        assert!(unvouched_session(&headers(&[(
            "cookie",
            "paht_session=ab"
        )])));
        assert!(unvouched_session(&headers(&[(
            "cookie",
            "lang=vi; __Host-paht_session=ab"
        )])));
        assert!(!unvouched_session(&headers(&[
            ("cookie", "paht_session=ab"),
            ("sec-fetch-site", "same-origin")
        ])));
        assert!(!unvouched_session(&headers(&[
            ("cookie", "paht_session=ab"),
            ("origin", "http://127.0.0.1:3000")
        ])));
        assert!(!unvouched_session(&headers(&[("cookie", "lang=vi")])));
    }

    #[test]
    fn the_policy_names_the_tile_server_and_the_nonce() {
        let p = SecurityPolicy::new("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", false);
        let csp = p.content_security_policy("abc");
        assert!(csp.contains("img-src 'self' data: https://*.tile.openstreetmap.org;"));
        assert!(csp.contains("script-src 'self' 'nonce-abc' 'wasm-unsafe-eval';"));
        assert!(csp.contains("object-src 'none'"));
        assert!(csp.contains("base-uri 'none'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-eval'") || csp.contains("wasm-unsafe-eval"));
        let local = SecurityPolicy::new("/tiles/{z}/{x}/{y}.png", false);
        assert!(local
            .content_security_policy("n")
            .contains("img-src 'self' data:;"));
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("https://evil.example;script-src */x"), None);
    }
}
