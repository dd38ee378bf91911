#![cfg(feature = "ssr")]
//! The live export of every public report (`/thong-ke/phan-anh.csv`) on SQLite and
//! PostgreSQL: every public report exactly once across several streamed batches, nothing
//! private, the period and district filters, UTF-8 with a BOM, refusals with their status.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use chrono::Utc;
use paht::domain::stats::BOM;
use paht::server::entities::{area, report};
use paht::server::export::BATCH;
use paht::server::seed::{seed_demo, SeedOptions};
use paht::server::testing::{self, run};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::BTreeSet;

async fn get(state: &paht::server::AppState, path: &str) -> testing::Reply {
    testing::send(state, Request::get(path).body(Body::empty()).unwrap()).await
}

/// The report codes of a file, in order (first field of every line but the header).
fn codes(body: &str) -> Vec<String> {
    body.split("\r\n")
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').next().unwrap().to_string())
        .collect()
}

#[test]
fn every_public_report_goes_out_once_and_nothing_private() {
    run(testing::both(|db| async move {
        // More reports than two batches, so the file is written in at least three steps.
        let opts = SeedOptions {
            reports: (3 * BATCH) as usize,
            rng_seed: 21,
            now: Utc::now(),
        };
        seed_demo(&db, &opts).await.expect("seed");
        let (state, _) = testing::app_state(db.clone());
        let public: BTreeSet<String> = report::Entity::find()
            .select_only()
            .column(report::Column::Code)
            .filter(report::Column::IsPublic.eq(true))
            .filter(report::Column::ReceivedAt.is_not_null())
            .filter(report::Column::Status.ne("draft"))
            .into_tuple::<String>()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .collect();
        assert!(
            public.len() as u64 > 2 * BATCH,
            "the fixture spans batches: {}",
            public.len()
        );
        let private: Vec<String> = report::Entity::find()
            .select_only()
            .column(report::Column::Code)
            .filter(report::Column::IsPublic.eq(false))
            .into_tuple::<String>()
            .all(&db)
            .await
            .unwrap();
        assert!(!private.is_empty());

        let r = get(&state, "/thong-ke/phan-anh.csv").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("content-type"), Some("text/csv; charset=utf-8"));
        assert!(r
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment; filename=\"phan-anh-"));
        assert!(r.body.starts_with(BOM));
        let header = r.body.split("\r\n").next().unwrap();
        assert!(header.ends_with("Lượt thích,Bình luận"), "{header}");
        assert!(header
            .trim_start_matches(BOM)
            .starts_with("Mã phản ánh,Tiêu đề,Lĩnh vực"));
        let got = codes(&r.body);
        let unique: BTreeSet<String> = got.iter().cloned().collect();
        assert_eq!(got.len(), unique.len(), "no report twice");
        assert_eq!(unique, public, "exactly the public reports");
        assert!(private.iter().all(|c| !unique.contains(c)));
        // No reporter goes out: the seed's reporter names are absent.
        let names: Vec<String> = report::Entity::find()
            .select_only()
            .column(report::Column::ReporterName)
            .filter(report::Column::ReporterName.is_not_null())
            .limit(20)
            .into_tuple::<Option<String>>()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .flatten()
            .filter(|n| n.len() > 8)
            .collect();
        assert!(names.iter().all(|n| !r.body.contains(n.as_str())));

        // Compressed as a browser asks for it, the stream still ends cleanly.
        let req = Request::get("/thong-ke/phan-anh.csv")
            .header("accept-encoding", "br")
            .body(Body::empty())
            .unwrap();
        let r = testing::send(&state, req).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.header("content-encoding"), Some("br"));
        assert!(r.bytes.len() > 1000);

        // One district: only its reports.
        let dong_ha = area::Entity::find()
            .filter(area::Column::Code.eq("QT-DONGHA"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let in_dong_ha: BTreeSet<String> = report::Entity::find()
            .select_only()
            .column(report::Column::Code)
            .filter(report::Column::IsPublic.eq(true))
            .filter(report::Column::ReceivedAt.is_not_null())
            .filter(report::Column::Status.ne("draft"))
            .filter(report::Column::DistrictId.eq(dong_ha.id))
            .into_tuple::<String>()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .collect();
        let r = get(&state, "/thong-ke/phan-anh.csv?district=QT-DONGHA").await;
        assert_eq!(r.status, StatusCode::OK);
        let got: BTreeSet<String> = codes(&r.body).into_iter().collect();
        assert_eq!(got, in_dong_ha);
        assert!(!got.is_empty() && got.len() < public.len());

        // English headers follow the reader's language.
        let req = Request::get("/thong-ke/phan-anh.csv?from=2999-01-01")
            .header("cookie", "paht_lang=en")
            .body(Body::empty())
            .unwrap();
        let r = testing::send(&state, req).await;
        assert_eq!(
            r.status,
            StatusCode::BAD_REQUEST,
            "a period in the future is refused: {}",
            r.body
        );
        let req = Request::get("/thong-ke/phan-anh.csv")
            .header("cookie", "paht_lang=en")
            .body(Body::empty())
            .unwrap();
        let r = testing::send(&state, req).await;
        assert!(r
            .body
            .trim_start_matches(BOM)
            .starts_with("Report code,Title,Category"));

        // Refusals: a wrong date, a wrong order, an unknown district.
        assert_eq!(
            get(&state, "/thong-ke/phan-anh.csv?from=2026-02-30")
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            get(
                &state,
                "/thong-ke/phan-anh.csv?from=2026-06-30&to=2026-01-01"
            )
            .await
            .status,
            StatusCode::BAD_REQUEST
        );
        assert_eq!(
            get(&state, "/thong-ke/phan-anh.csv?district=QT-NOWHERE")
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
    }));
}
