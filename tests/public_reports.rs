#![cfg(feature = "ssr")]
//! The public read side against a seeded database, on SQLite and PostgreSQL.

use chrono::Utc;
use paht::api::public_reports::{validate_filter, ValidFilter};
use paht::domain::geo::BBox;
use paht::domain::lifecycle::Status;
use paht::dto::{PublicFilter, COUNT_CAP, PAGE_SIZE};
use paht::server::entities::report;
use paht::server::public_reports::{detail, filter_choices, list, map, MAP_POINT_LIMIT};
use paht::server::seed::{add_reports, seed_demo, SeedOptions};
use paht::server::testing;
use sea_orm::{
    ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

const PROVINCE: &str = "106.2,16.0,107.8,17.4";

fn filter(f: PublicFilter) -> ValidFilter {
    validate_filter(&f).expect("valid filter")
}

async fn seeded(db: &DatabaseConnection, reports: usize) {
    let opts = SeedOptions {
        reports,
        rng_seed: 42,
        now: Utc::now(),
    };
    seed_demo(db, &opts).await.expect("seed");
}

async fn public_count(db: &DatabaseConnection) -> u64 {
    report::Entity::find()
        .filter(report::Column::IsPublic.eq(true))
        .count(db)
        .await
        .unwrap()
}

#[tokio::test]
async fn the_list_shows_only_public_reports_newest_first() {
    testing::both(|db| async move {
        seeded(&db, 300).await;
        let expected = public_count(&db).await;
        assert!(
            expected > 100,
            "the demo publishes most reports ({expected})"
        );
        let page = list(&db, &ValidFilter::default(), 1, Utc::now())
            .await
            .unwrap();
        assert_eq!(page.total, expected);
        assert!(!page.total_capped);
        assert_eq!(page.items.len() as u64, PAGE_SIZE);
        for w in page.items.windows(2) {
            assert!(w[0].received_at >= w[1].received_at, "newest first");
        }
        for item in &page.items {
            assert!(item.status.is_public_visible(), "{:?}", item.status);
            let row = report::Entity::find()
                .filter(report::Column::Code.eq(item.code.as_str()))
                .one(&db)
                .await
                .unwrap()
                .unwrap();
            assert!(row.is_public);
        }
        // The last page holds the rest, and a page past the end is empty.
        let last = page.last_page();
        let tail = list(&db, &ValidFilter::default(), last, Utc::now())
            .await
            .unwrap();
        assert_eq!(tail.items.len() as u64, expected - (last - 1) * PAGE_SIZE);
        let beyond = list(&db, &ValidFilter::default(), last + 1, Utc::now())
            .await
            .unwrap();
        assert!(beyond.items.is_empty());
    })
    .await;
}

#[tokio::test]
async fn filters_narrow_the_list() {
    testing::both(|db| async move {
        seeded(&db, 300).await;
        let published = list(
            &db,
            &filter(PublicFilter {
                status: Some("published".into()),
                ..Default::default()
            }),
            1,
            Utc::now(),
        )
        .await
        .unwrap();
        assert!(published.total > 0);
        assert!(published
            .items
            .iter()
            .all(|r| r.status == Status::Published));

        let processed = list(
            &db,
            &filter(PublicFilter {
                processed: true,
                ..Default::default()
            }),
            1,
            Utc::now(),
        )
        .await
        .unwrap();
        assert!(processed.total >= published.total);
        assert!(processed
            .items
            .iter()
            .all(|r| matches!(r.status, Status::Published | Status::Closed)));

        let urgent = list(
            &db,
            &filter(PublicFilter {
                urgent: true,
                ..Default::default()
            }),
            1,
            Utc::now(),
        )
        .await
        .unwrap();
        assert!(urgent
            .items
            .iter()
            .all(|r| r.level == paht::domain::lifecycle::Level::Urgent));

        let choices = filter_choices(&db).await.unwrap();
        assert_eq!(
            choices.districts.len(),
            10,
            "Quảng Trị's ten district-level units"
        );
        assert!(choices.categories.len() >= 8);
        let cat = &choices.categories[0];
        let by_cat = list(
            &db,
            &filter(PublicFilter {
                category: Some(cat.code.clone()),
                ..Default::default()
            }),
            1,
            Utc::now(),
        )
        .await
        .unwrap();
        assert!(by_cat
            .items
            .iter()
            .all(|r| r.category.as_ref().map(|c| &c.code) == Some(&cat.code)));
        let dongha = choices
            .districts
            .iter()
            .find(|d| d.name.contains("Đông Hà"))
            .expect("Đông Hà");
        let by_district = list(
            &db,
            &filter(PublicFilter {
                district: Some(dongha.code.clone()),
                ..Default::default()
            }),
            1,
            Utc::now(),
        )
        .await
        .unwrap();
        assert!(by_district.total > 0);
        assert!(by_district
            .items
            .iter()
            .all(|r| r.district.as_deref() == Some(dongha.name.as_str())));

        // Unknown codes match nothing rather than everything.
        let none = list(
            &db,
            &filter(PublicFilter {
                category: Some("khong-co".into()),
                ..Default::default()
            }),
            1,
            Utc::now(),
        )
        .await
        .unwrap();
        assert_eq!(none.total, 0);
    })
    .await;
}

#[tokio::test]
async fn search_finds_codes_exactly_and_words_literally() {
    testing::both(|db| async move {
        seeded(&db, 200).await;
        let any = list(&db, &ValidFilter::default(), 1, Utc::now())
            .await
            .unwrap();
        let target = &any.items[3];
        let by_code = list(
            &db,
            &filter(PublicFilter {
                q: Some(target.code.to_lowercase()),
                ..Default::default()
            }),
            1,
            Utc::now(),
        )
        .await
        .unwrap();
        assert_eq!(by_code.total, 1);
        assert_eq!(by_code.items[0].code, target.code);

        let word: String = target
            .title
            .split_whitespace()
            .take(2)
            .collect::<Vec<_>>()
            .join(" ");
        let by_words = list(
            &db,
            &filter(PublicFilter {
                q: Some(word.clone()),
                ..Default::default()
            }),
            1,
            Utc::now(),
        )
        .await
        .unwrap();
        assert!(
            by_words.items.iter().any(|r| r.code == target.code)
                || by_words.total as usize > by_words.items.len()
        );
        assert!(by_words.items.iter().all(|r| r.title.contains(&word)));

        // A wildcard is a character, not "anything".
        let wildcard = list(
            &db,
            &filter(PublicFilter {
                q: Some("%".into()),
                ..Default::default()
            }),
            1,
            Utc::now(),
        )
        .await
        .unwrap();
        assert_eq!(wildcard.total, 0);
    })
    .await;
}

#[tokio::test]
async fn the_view_limits_the_list_and_the_map() {
    testing::both(|db| async move {
        seeded(&db, 300).await;
        let view = BBox {
            min_lat: 16.76,
            min_lng: 107.02,
            max_lat: 16.88,
            max_lng: 107.18,
        }; // around Đông Hà
        let f = filter(PublicFilter {
            bbox: Some(view.to_param()),
            ..Default::default()
        });
        let page = list(&db, &f, 1, Utc::now()).await.unwrap();
        assert!(page.total > 0, "Đông Hà has demo reports");
        assert!(page.total < public_count(&db).await);
        for r in &page.items {
            assert!(view.contains(paht::domain::geo::Point {
                lat: r.lat,
                lng: r.lng
            }));
        }
        let markers = map(&db, &f, 12).await.unwrap();
        assert!(!markers.clustered, "few reports in view: one marker each");
        assert_eq!(markers.markers.len() as u64, page.total);
        for m in &markers.markers {
            let r = m.report.as_ref().expect("single report");
            assert!(r.status.is_public_visible());
            assert_eq!(m.count, 1);
        }
    })
    .await;
}

#[tokio::test]
async fn many_reports_are_clustered_and_counts_add_up() {
    testing::both(|db| async move {
        seeded(&db, 100).await;
        add_reports(
            &db,
            3000,
            &SeedOptions {
                reports: 0,
                rng_seed: 9,
                now: Utc::now(),
            },
        )
        .await
        .unwrap();
        let f = filter(PublicFilter {
            bbox: Some(PROVINCE.into()),
            ..Default::default()
        });
        let page = list(&db, &f, 1, Utc::now()).await.unwrap();
        assert!(page.total > MAP_POINT_LIMIT);
        let data = map(&db, &f, 12).await.unwrap();
        assert!(data.clustered);
        assert!(
            data.markers.len() <= 15 * 15,
            "a bounded number of clusters: {}",
            data.markers.len()
        );
        let sum: u64 = data.markers.iter().map(|m| m.count).sum();
        assert_eq!(sum, page.total.min(COUNT_CAP));
        let view = BBox::parse(PROVINCE).unwrap();
        // A dense view takes the newest-first plan; it still lists only reports in view.
        assert_eq!(page.items.len() as u64, PAGE_SIZE);
        for w in page.items.windows(2) {
            assert!(w[0].received_at >= w[1].received_at);
        }
        for r in &page.items {
            assert!(view.contains(paht::domain::geo::Point {
                lat: r.lat,
                lng: r.lng
            }));
        }
        let narrow = BBox {
            min_lat: 16.78,
            min_lng: 107.05,
            max_lat: 16.86,
            max_lng: 107.15,
        };
        let dense = list(
            &db,
            &filter(PublicFilter {
                bbox: Some(narrow.to_param()),
                ..Default::default()
            }),
            1,
            Utc::now(),
        )
        .await
        .unwrap();
        for r in &dense.items {
            assert!(
                narrow.contains(paht::domain::geo::Point {
                    lat: r.lat,
                    lng: r.lng
                }),
                "{} outside the view",
                r.code
            );
        }
        for m in &data.markers {
            assert!(m.report.is_none());
            assert!(
                view.contains(paht::domain::geo::Point {
                    lat: m.lat,
                    lng: m.lng
                }),
                "cluster centre inside the view"
            );
            assert!(m.urgent <= m.count);
        }
    })
    .await;
}

#[tokio::test]
async fn a_report_page_shows_public_facts_only() {
    testing::both(|db| async move {
        seeded(&db, 300).await;
        // A published report: result and public timeline.
        let published = report::Entity::find()
            .filter(report::Column::Status.eq("published"))
            .filter(report::Column::IsPublic.eq(true))
            .filter(report::Column::ResultPublic.eq(true))
            .order_by_asc(report::Column::Id)
            .one(&db)
            .await
            .unwrap()
            .expect("a published report");
        let d = detail(&db, &published.code, Utc::now())
            .await
            .unwrap()
            .expect("public");
        assert_eq!(d.status, Status::Published);
        assert_eq!(d.result, published.result_text);
        assert!(d.result.is_some());
        assert!(!d.timeline.is_empty());
        assert_eq!(d.timeline.last().unwrap().to_status, Status::Published);
        for w in d.timeline.windows(2) {
            assert!(w[0].at <= w[1].at);
        }
        assert!(d.agency.is_some());

        // Reports that are not public are not found, whatever their status.
        for status in ["draft", "submitted", "withdrawn", "rejected"] {
            if let Some(r) = report::Entity::find()
                .filter(report::Column::Status.eq(status))
                .one(&db)
                .await
                .unwrap()
            {
                assert!(
                    detail(&db, &r.code, Utc::now()).await.unwrap().is_none(),
                    "{status} must stay private"
                );
            }
        }
        let private = report::Entity::find()
            .filter(report::Column::IsPublic.eq(false))
            .one(&db)
            .await
            .unwrap()
            .expect("a private report");
        assert!(detail(&db, &private.code, Utc::now())
            .await
            .unwrap()
            .is_none());
        assert!(detail(&db, "PA-1999-000001", Utc::now())
            .await
            .unwrap()
            .is_none());

        // A reporter who hid their name stays anonymous.
        if let Some(hidden) = report::Entity::find()
            .filter(report::Column::HideName.eq(true))
            .filter(report::Column::IsPublic.eq(true))
            .one(&db)
            .await
            .unwrap()
        {
            let d = detail(&db, &hidden.code, Utc::now())
                .await
                .unwrap()
                .expect("public");
            assert_eq!(d.reporter, None);
        }
    })
    .await;
}
