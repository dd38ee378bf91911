#![cfg(feature = "ssr")]
//! The whole router, driven in-process: pages render on the server with their data,
//! statuses are right, bad input is refused.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::Utc;
use leptos::prelude::LeptosOptions;
use paht::server::config::Config;
use paht::server::entities::report;
use paht::server::seed::{seed_demo, SeedOptions};
use paht::server::{http, testing, AppState};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::sync::Arc;
use tower::ServiceExt;

/// Server rendering of a whole page in a debug build needs more stack than a test
/// thread's 2 MiB; the server gives its workers 8 MiB, and so do these tests.
fn run(test: impl std::future::Future<Output = ()> + Send + 'static) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(16 * 1024 * 1024)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async { tokio::spawn(test).await.expect("test task") });
}

fn state(db: DatabaseConnection) -> AppState {
    let config = Config::load("/nonexistent/Leptos.toml").expect("default config");
    let leptos_options = LeptosOptions::builder()
        .output_name("paht")
        .site_root("target/site")
        .build();
    AppState {
        db,
        config: Arc::new(config),
        leptos_options,
    }
}

async fn get(db: &DatabaseConnection, uri: &str) -> (StatusCode, String) {
    let app = http::router(state(db.clone()));
    let res = app
        .oneshot(Request::get(uri).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = res.status();
    let body = axum::body::to_bytes(res.into_body(), 10 * 1024 * 1024)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

async fn post_form(db: &DatabaseConnection, uri: &str, form: &str) -> (StatusCode, String) {
    let app = http::router(state(db.clone()));
    let req = Request::post(uri)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(Body::from(form.to_string()))
        .unwrap();
    let res = app.oneshot(req).await.unwrap();
    let status = res.status();
    let body = axum::body::to_bytes(res.into_body(), 10 * 1024 * 1024)
        .await
        .unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[test]
fn pages_render_with_their_data_on_the_server() {
    run(testing::both(|db| async move {
        seed_demo(
            &db,
            &SeedOptions {
                reports: 120,
                rng_seed: 5,
                now: Utc::now(),
            },
        )
        .await
        .unwrap();

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
fn bad_input_is_refused_with_a_message() {
    run(testing::both(|db| async move {
        seed_demo(
            &db,
            &SeedOptions {
                reports: 20,
                rng_seed: 5,
                now: Utc::now(),
            },
        )
        .await
        .unwrap();
        let (status, html) = get(&db, "/?bbox=1,2,3").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);
        assert!(html.contains("Vùng bản đồ không hợp lệ"));

        let (status, _) = get(&db, "/?page=100000").await;
        assert_eq!(status, StatusCode::BAD_REQUEST);

        let (status, body) = post_form(&db, "/api/reports/map", "filter[bbox]=abc").await;
        assert!(
            status.is_client_error() || status.is_server_error(),
            "{status}"
        );
        assert!(body.contains("bbox"));

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
