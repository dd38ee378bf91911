#![cfg(feature = "ssr")]
//! The whole router, driven in-process: pages render on the server with their data,
//! statuses are right, bad input is refused.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::Utc;
use paht::server::entities::report;
use paht::server::seed::{seed_demo, SeedOptions};
use paht::server::{testing, AppState};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use testing::run;

fn state(db: DatabaseConnection) -> AppState {
    testing::app_state(db).0
}

async fn get(db: &DatabaseConnection, uri: &str) -> (StatusCode, String) {
    let (status, _, body) = send(db, Request::get(uri).body(Body::empty()).unwrap()).await;
    (status, body)
}

async fn post_form(db: &DatabaseConnection, uri: &str, form: &str) -> (StatusCode, String) {
    let req = Request::post(uri)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form.to_string()))
        .unwrap();
    let (status, _, body) = send(db, req).await;
    (status, body)
}

async fn seeded(db: &DatabaseConnection, reports: usize) {
    let opts = SeedOptions {
        reports,
        rng_seed: 5,
        now: Utc::now(),
    };
    seed_demo(db, &opts).await.expect("seed");
}

/// One request through the whole router: status, headers and body text.
async fn send(
    db: &DatabaseConnection,
    req: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let r = testing::send(&state(db.clone()), req).await;
    (r.status, r.headers, r.body)
}

#[test]
fn pages_render_with_their_data_on_the_server() {
    run(testing::both(|db| async move {
        seeded(&db, 120).await;

        let (status, _) = get(&db, "/healthz").await;
        assert_eq!(status, StatusCode::OK);

        let (status, html) = get(&db, "/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<html lang=\"vi\""));
        assert!(
            html.contains("data-testid=\"report-list\""),
            "the list is in the server's HTML"
        );
        assert!(html.contains("/leaflet/leaflet.js"));
        assert!(html.contains("Trang 1 /"));

        let published = report::Entity::find()
            .filter(report::Column::Status.eq("published"))
            .filter(report::Column::IsPublic.eq(true))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let (status, html) = get(&db, &format!("/reports/{}", published.code)).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(&published.code));
        assert!(html.contains("Quá trình xử lý"));
        if let Some(phone) = &published.reporter_phone {
            assert!(
                !html.contains(phone.as_str()),
                "phone numbers are never public"
            );
        }

        let (status, html) = get(&db, "/reports/PA-2020-999999").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(html.contains("Không tìm thấy phản ánh"));

        let private = report::Entity::find()
            .filter(report::Column::Status.eq("submitted"))
            .one(&db)
            .await
            .unwrap();
        if let Some(private) = private {
            let (status, _) = get(&db, &format!("/reports/{}", private.code)).await;
            assert_eq!(
                status,
                StatusCode::NOT_FOUND,
                "a report awaiting review is not public"
            );
        }

        let (status, _) = get(&db, "/no/such/page").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }));
}

#[test]
fn every_response_carries_the_security_headers() {
    run(testing::both(|db| async move {
        seeded(&db, 10).await;
        for uri in ["/", "/healthz", "/no/such/page"] {
            let (_, headers, html) =
                send(&db, Request::get(uri).body(Body::empty()).unwrap()).await;
            let csp = headers
                .get("content-security-policy")
                .expect("CSP")
                .to_str()
                .unwrap()
                .to_string();
            for part in [
                "default-src 'self'",
                "'wasm-unsafe-eval'",
                "object-src 'none'",
                "base-uri 'none'",
                "frame-ancestors 'none'",
            ] {
                assert!(csp.contains(part), "{uri}: {csp}");
            }
            // Scripts run only from our origin or with the nonce: never inline or eval'd.
            let script_src = csp
                .split(';')
                .find(|d| d.trim().starts_with("script-src"))
                .expect("script-src");
            assert!(
                !script_src.contains("'unsafe-inline'") && !script_src.contains("'unsafe-eval'"),
                "{script_src}"
            );
            assert_eq!(headers.get("x-content-type-options").unwrap(), "nosniff");
            assert!(headers.get("referrer-policy").is_some());
            assert!(
                headers.get("strict-transport-security").is_none(),
                "no HSTS over plain HTTP"
            );
            if uri == "/" {
                // Every inline script of the page carries this response's nonce.
                let nonce = csp
                    .split("'nonce-")
                    .nth(1)
                    .and_then(|s| s.split('\'').next())
                    .expect("nonce")
                    .to_string();
                assert!(nonce.len() >= 16);
                let inline_scripts =
                    html.matches("<script").count() - html.matches("<script src=").count();
                assert!(inline_scripts > 0);
                assert!(
                    html.matches(&format!("nonce=\"{nonce}\"")).count() >= inline_scripts,
                    "{html}"
                );
            }
        }
        // A fresh nonce each time.
        let (_, a, _) = send(&db, Request::get("/").body(Body::empty()).unwrap()).await;
        let (_, b, _) = send(&db, Request::get("/").body(Body::empty()).unwrap()).await;
        assert_ne!(
            a.get("content-security-policy"),
            b.get("content-security-policy")
        );
    }));
}

#[test]
fn cross_site_and_oversized_requests_are_refused() {
    run(testing::both(|db| async move {
        seeded(&db, 10).await;
        let form = "filter[bbox]=106.2,16.0,107.8,17.4";
        let cross = Request::post("/api/reports/map")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", "https://evil.example")
            .header("host", "127.0.0.1:3000")
            .body(Body::from(form))
            .unwrap();
        let (status, _, body) = send(&db, cross).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("trang web khác"));
        let same = Request::post("/api/reports/map")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", "http://127.0.0.1:3000")
            .header("host", "127.0.0.1:3000")
            .header("sec-fetch-site", "same-origin")
            .body(Body::from(form))
            .unwrap();
        let (status, _, _) = send(&db, same).await;
        assert_eq!(status, StatusCode::OK);

        let big = format!("{form}&x={}", "a".repeat(2 * 1024 * 1024));
        let (status, _, body) = send(
            &db,
            Request::post("/api/reports/map")
                .header("content-type", "application/x-www-form-urlencoded")
                .header("content-length", big.len().to_string())
                .body(Body::from(big.clone()))
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(body.contains("quá lớn"));
        // Without a declared length the limit still holds.
        let stream = futures_util_stream(big);
        let (status, _, _) = send(
            &db,
            Request::post("/api/reports/map")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(stream)
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    }));
}

/// A body without Content-Length, as a chunked upload sends it.
fn futures_util_stream(text: String) -> Body {
    let chunks: Vec<Result<axum::body::Bytes, std::io::Error>> = text
        .into_bytes()
        .chunks(64 * 1024)
        .map(|c| Ok(axum::body::Bytes::copy_from_slice(c)))
        .collect();
    Body::from_stream(futures::stream::iter(chunks))
}

#[test]
fn bad_input_is_refused_with_a_message() {
    run(testing::both(|db| async move {
        seeded(&db, 20).await;
        let (status, html) = get(&db, "/?bbox=1,2,3").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(html.contains("Vùng bản đồ không hợp lệ"));

        let (status, _) = get(&db, "/?page=100000").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);

        let (status, body) = post_form(&db, "/api/reports/map", "filter[bbox]=abc").await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
        // The browser gets the kind of problem and shows the message of its language.
        assert!(body.contains("BadBbox"), "{body}");

        let (status, body) = post_form(
            &db,
            "/api/reports/map",
            "filter[bbox]=106.2,16.0,107.8,17.4",
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert!(body.contains("\"markers\""));
    }));
}

#[test]
fn pages_and_data_are_compressed_but_never_the_live_stream() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    run(testing::both(|db| async move {
        seeded(&db, 20).await;
        let st = state(db.clone());
        let ask = |uri: &str, encodings: &str| {
            Request::get(uri)
                .header("accept-encoding", encodings)
                .body(Body::empty())
                .unwrap()
        };
        // The home page in brotli (gzip for a browser without it), smaller than plain.
        let plain = testing::send(&st, Request::get("/").body(Body::empty()).unwrap()).await;
        assert_eq!(plain.header("content-encoding"), None);
        let br = testing::send(&st, ask("/", "gzip, deflate, br")).await;
        assert_eq!(br.status, StatusCode::OK);
        assert_eq!(br.header("content-encoding"), Some("br"));
        assert!(
            br.bytes.len() * 3 < plain.bytes.len(),
            "{} vs {}",
            br.bytes.len(),
            plain.bytes.len()
        );
        let gz = testing::send(&st, ask("/", "gzip")).await;
        assert_eq!(gz.header("content-encoding"), Some("gzip"));
        // Server-function answers too.
        let req = Request::post("/api/reports/map")
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept-encoding", "br")
            .body(Body::from("filter[bbox]=106.2,16.0,107.8,17.4"))
            .unwrap();
        let map = testing::send(&st, req).await;
        assert_eq!(map.status, StatusCode::OK);
        assert_eq!(map.header("content-encoding"), Some("br"));

        // The stream: never compressed, and its first event arrives at once.
        let code = report::Entity::find()
            .filter(report::Column::IsPublic.eq(true))
            .filter(report::Column::Status.is_in(["verified", "dispatched", "processing"]))
            .one(&db)
            .await
            .unwrap()
            .expect("a public open report")
            .code;
        let res = paht::server::http::router(st.clone())
            .oneshot(ask(&format!("/api/events?watch={code}"), "gzip, br"))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers().get("content-encoding"), None);
        let mut body = res.into_body();
        let operator = paht::server::auth::SessionUser::from_model(
            &paht::server::entities::user::Entity::find()
                .filter(paht::server::entities::user::Column::Phone.eq("+84900000002"))
                .one(&db)
                .await
                .unwrap()
                .unwrap(),
        )
        .subject();
        paht::server::console::add_note(
            &st,
            &paht::server::auth::flows::Caller::new(None),
            &operator,
            &code,
            "Đã liên hệ đơn vị xử lý",
        )
        .await
        .unwrap();
        let frame = tokio::time::timeout(std::time::Duration::from_secs(2), body.frame())
            .await
            .expect("the event is not held back")
            .expect("a frame")
            .expect("no error");
        let text = String::from_utf8(frame.into_data().unwrap().to_vec()).unwrap();
        assert!(
            text.contains("event: report") && text.contains(&code),
            "{text}"
        );
    }));
}

#[test]
fn the_bundle_is_kept_for_good_and_served_precompressed() {
    use paht::server::http::{PKG_CACHE_HASHED, PKG_CACHE_PLAIN, VENDOR_CACHE};
    run(async {
        let lite = testing::sqlite().await;
        let site = std::env::temp_dir().join(format!(
            "paht-site-{}",
            paht::server::auth::secret::random_hex(6)
        ));
        std::fs::create_dir_all(site.join("pkg")).unwrap();
        std::fs::create_dir_all(site.join("leaflet")).unwrap();
        let wasm = vec![7u8; 4096];
        std::fs::write(site.join("pkg/paht.0a1b2c.wasm"), &wasm).unwrap();
        // What `cargo leptos build --precompress` writes beside it.
        std::fs::write(site.join("pkg/paht.0a1b2c.wasm.br"), b"brotli bytes").unwrap();
        std::fs::write(site.join("pkg/paht.0a1b2c.wasm.gz"), b"gzip bytes").unwrap();
        std::fs::write(
            site.join("leaflet/leaflet.js"),
            "/* leaflet */ ".repeat(100),
        )
        .unwrap();
        std::fs::write(site.join("favicon.svg"), "<svg/>").unwrap();
        let options = |hashed: bool| {
            leptos::prelude::LeptosOptions::builder()
                .output_name("paht")
                .site_root(site.display().to_string())
                .hash_files(hashed)
                .build()
        };
        let mut st = state(lite.db.clone());
        st.leptos_options = options(true);
        let ask = |uri: &str, enc: Option<&str>| {
            let mut r = Request::get(uri);
            if let Some(e) = enc {
                r = r.header("accept-encoding", e);
            }
            r.body(Body::empty()).unwrap()
        };

        // A browser that takes brotli gets the file compressed at build time.
        let br = testing::send(&st, ask("/pkg/paht.0a1b2c.wasm", Some("gzip, br"))).await;
        assert_eq!(br.status, StatusCode::OK);
        assert_eq!(br.header("content-encoding"), Some("br"));
        assert_eq!(br.bytes, b"brotli bytes");
        assert_eq!(br.header("content-type"), Some("application/wasm"));
        assert_eq!(br.header("cache-control"), Some(PKG_CACHE_HASHED));
        let gz = testing::send(&st, ask("/pkg/paht.0a1b2c.wasm", Some("gzip"))).await;
        assert_eq!(gz.header("content-encoding"), Some("gzip"));
        assert_eq!(gz.bytes, b"gzip bytes");
        let plain = testing::send(&st, ask("/pkg/paht.0a1b2c.wasm", None)).await;
        assert_eq!(plain.header("content-encoding"), None);
        assert_eq!(plain.bytes, wasm);
        assert_eq!(plain.header("cache-control"), Some(PKG_CACHE_HASHED));
        // Asked again with what the browser kept: 304, no body.
        let since = plain
            .header("last-modified")
            .expect("last-modified")
            .to_string();
        let again = testing::send(
            &st,
            Request::get("/pkg/paht.0a1b2c.wasm")
                .header("if-modified-since", since)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED);
        assert!(again.bytes.is_empty());
        assert_eq!(
            testing::send(&st, ask("/pkg/paht.ffffff.wasm", None))
                .await
                .status,
            StatusCode::NOT_FOUND
        );

        // Leaflet and the icon keep their names: kept a week, compressed on the way.
        let leaflet = testing::send(&st, ask("/leaflet/leaflet.js", Some("br"))).await;
        assert_eq!(leaflet.status, StatusCode::OK);
        assert_eq!(leaflet.header("cache-control"), Some(VENDOR_CACHE));
        assert_eq!(leaflet.header("content-encoding"), Some("br"));
        let icon = testing::send(&st, ask("/favicon.svg", None)).await;
        assert_eq!(icon.status, StatusCode::OK);
        assert_eq!(icon.header("cache-control"), Some(VENDOR_CACHE));

        // A build whose names do not change is asked about every time.
        st.leptos_options = options(false);
        let unhashed = testing::send(&st, ask("/pkg/paht.0a1b2c.wasm", None)).await;
        assert_eq!(unhashed.header("cache-control"), Some(PKG_CACHE_PLAIN));

        // Pages are not cached by anyone but the browser's own revalidation.
        let page = testing::send(&st, ask("/", None)).await;
        assert_ne!(page.header("cache-control"), Some(PKG_CACHE_HASHED));
        let _ = std::fs::remove_dir_all(&site);
        lite.cleanup().await;
    });
}
