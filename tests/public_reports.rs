#![cfg(feature = "ssr")]
//! The public read side against a seeded database, on SQLite and PostgreSQL.

use chrono::Utc;
use paht::api::public_reports::{validate_filter, ValidFilter};
use paht::domain::geo::BBox;
use paht::domain::lifecycle::Status;
use paht::domain::text::{fold, search_words};
use paht::dto::{PublicFilter, COUNT_CAP, PAGE_SIZE};
use paht::server::entities::{report, user};
use paht::server::public_reports::{
    cell_level, cell_of, detail, filter_choices, list, map, MAP_POINT_LIMIT,
};
use paht::server::seed::{add_reports, seed_demo, SeedOptions};
use paht::server::testing;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
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

/// What a plain scan of every report finds for `q`: the public reports whose code, title,
/// content, address or shown reporter name hold every typed word (folded) as the start of one
/// of their words, newest first.
async fn naive_search(db: &DatabaseConnection, q: &str) -> Vec<String> {
    let words = search_words(q);
    let users: std::collections::HashMap<i64, String> = user::Entity::find()
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    let mut rows: Vec<report::Model> = report::Entity::find()
        .filter(report::Column::IsPublic.eq(true))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| Status::parse(&r.status).is_some_and(|s| s.is_public_visible()))
        .filter(|r| {
            let name = match (r.hide_name, r.reporter_id) {
                (true, _) => String::new(),
                (false, Some(id)) => users[&id].clone(),
                (false, None) => r.reporter_name.clone().unwrap_or_default(),
            };
            let folded = fold(&format!(
                "{} {} {} {} {}",
                r.code, r.title, r.content, r.address, name
            ));
            let own: Vec<&str> = folded.split(|c: char| !c.is_alphanumeric()).collect();
            !words.is_empty()
                && words
                    .iter()
                    .all(|w| own.iter().any(|o| o.starts_with(w.as_str())))
        })
        .collect();
    rows.sort_by(|a, b| b.received_at.cmp(&a.received_at).then(b.id.cmp(&a.id)));
    rows.into_iter().map(|r| r.code).collect()
}

async fn search(db: &DatabaseConnection, q: &str, page: u64) -> paht::dto::ReportPage {
    list(
        db,
        &filter(PublicFilter {
            q: Some(q.into()),
            ..Default::default()
        }),
        page,
        Utc::now(),
    )
    .await
    .unwrap()
}

/// Does the search list `code` on any of its pages? (Common words match many reports, so
/// the one looked for need not be on the first page.)
async fn found(db: &DatabaseConnection, q: &str, code: &str) -> bool {
    for page in 1..=50 {
        let p = search(db, q, page).await;
        if p.items.iter().any(|r| r.code == code) {
            return true;
        }
        if p.items.len() < PAGE_SIZE as usize {
            return false;
        }
    }
    false
}

/// Two public reports of the seed, written the way the console and filing write them (so
/// the entity's save hook computes their search text).
async fn rewrite(
    db: &DatabaseConnection,
    r: report::Model,
    f: impl FnOnce(&mut report::ActiveModel),
) {
    let mut am: report::ActiveModel = r.into();
    f(&mut am);
    am.update(db).await.unwrap();
}

#[tokio::test]
async fn search_ignores_marks_and_case_and_finds_what_a_plain_scan_finds() {
    testing::both(|db| async move {
        seeded(&db, 300).await;
        let public: Vec<report::Model> = report::Entity::find()
            .filter(report::Column::IsPublic.eq(true))
            .filter(report::Column::Status.is_in([
                "verified",
                "dispatched",
                "processing",
                "published",
            ]))
            .order_by_asc(report::Column::Id)
            .all(&db)
            .await
            .unwrap();
        let (a, b) = (public[3].clone(), public[7].clone());
        let (a_code, b_code) = (a.code.clone(), b.code.clone());
        rewrite(&db, a, |am| {
            am.title = Set("Ổ gà sâu trên Đường Hồ Chí Minh gần cầu".into());
            am.reporter_id = Set(None);
            am.reporter_name = Set(Some("Khổng Minh Quyết".into()));
            am.hide_name = Set(false);
        })
        .await;
        // The same caller, who asked the public not to see their name.
        rewrite(&db, b, |am| {
            am.reporter_id = Set(None);
            am.reporter_name = Set(Some("Khổng Minh Quyết".into()));
            am.hide_name = Set(true);
        })
        .await;

        // Typed without marks, in capitals, or in pieces of words: the same report.
        for q in [
            "duong ho chi minh",
            "ĐƯỜNG HỒ CHÍ MINH",
            "Duong Ho Chi",
            "o ga sau",
            "ổ gà sâu",
            "khong minh quyet",
        ] {
            assert!(found(&db, q, &a_code).await, "{q} finds {a_code}");
        }
        // A hidden name finds nothing of its report.
        assert!(!found(&db, "khong minh quyet", &b_code).await);
        assert!(!naive_search(&db, "khong minh quyet")
            .await
            .contains(&b_code));

        // A user who changes their name is found by the new one.
        let named = report::Entity::find()
            .filter(report::Column::IsPublic.eq(true))
            .filter(report::Column::HideName.eq(false))
            .filter(report::Column::ReporterId.is_not_null())
            .filter(report::Column::Status.is_in([
                "verified",
                "dispatched",
                "processing",
                "published",
                "closed",
            ]))
            .one(&db)
            .await
            .unwrap()
            .expect("a named public report");
        let uid = named.reporter_id.unwrap();
        let u = user::Entity::find_by_id(uid)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let mut um: user::ActiveModel = u.into();
        um.full_name = Set("Phạm Thị Ngọc Diệp".into());
        um.update(&db).await.unwrap();
        assert!(
            !found(&db, "ngoc diep", &named.code).await,
            "not yet reindexed"
        );
        paht::server::search::reindex_reporter(&db, uid)
            .await
            .unwrap();
        assert!(found(&db, "ngoc diep", &named.code).await);

        // Rows written before the search text existed are filled in.
        report::Entity::update_many()
            .col_expr(
                report::Column::SearchText,
                sea_orm::sea_query::Expr::value(""),
            )
            .filter(report::Column::Code.eq(a_code.as_str()))
            .exec(&db)
            .await
            .unwrap();
        let a_id = report::Entity::find()
            .filter(report::Column::Code.eq(a_code.as_str()))
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .id;
        paht::server::search::forget(&db, a_id).await.unwrap();
        assert!(!found(&db, "duong ho chi minh", &a_code).await);
        assert_eq!(paht::server::search::backfill(&db).await.unwrap(), 1);
        assert!(found(&db, "duong ho chi minh", &a_code).await);

        // The list agrees with a plain scan for common and rare words, and pages through it.
        for q in [
            "rac thai",
            "RÁC",
            "duong",
            "den chieu sang",
            "nguoi dan",
            "ho chi minh",
            "tai",
            "pa 20",
        ] {
            let expected = naive_search(&db, q).await;
            let page = search(&db, q, 1).await;
            assert_eq!(page.total as usize, expected.len(), "{q}");
            let got: Vec<String> = page.items.iter().map(|r| r.code.clone()).collect();
            let want: Vec<String> = expected.iter().take(PAGE_SIZE as usize).cloned().collect();
            assert_eq!(got, want, "{q}");
            if expected.len() > PAGE_SIZE as usize {
                let second = search(&db, q, 2).await;
                let got: Vec<String> = second.items.iter().map(|r| r.code.clone()).collect();
                let want: Vec<String> = expected
                    .iter()
                    .skip(PAGE_SIZE as usize)
                    .take(PAGE_SIZE as usize)
                    .cloned()
                    .collect();
                assert_eq!(got, want, "{q}, page 2");
            }
        }

        // Both ways of finding words (the index for few matches, the row check on a walk for
        // many) select the same reports.
        for q in ["rac thai", "duong", "tai", "khong minh", "o ga", "zzzz"] {
            let words = search_words(q);
            let ids = |c: sea_orm::Condition| {
                let db = db.clone();
                async move {
                    report::Entity::find()
                        .filter(c)
                        .order_by_asc(report::Column::Id)
                        .all(&db)
                        .await
                        .unwrap()
                        .into_iter()
                        .map(|r| r.id)
                        .collect::<Vec<_>>()
                }
            };
            let by_index = ids(sea_orm::Condition::all().add(paht::server::search::indexed(
                db.get_database_backend(),
                &words,
            )))
            .await;
            let by_rows = ids(paht::server::search::unindexed(&words)).await;
            assert_eq!(by_index, by_rows, "{q}");
        }

        // Codes are exact lookups, wildcards are characters, punctuation finds nothing.
        let by_code = search(&db, &a_code.to_lowercase(), 1).await;
        assert_eq!(by_code.total, 1);
        assert_eq!(by_code.items[0].code, a_code);
        for q in ["%", "_", "\"*\"", "&|!"] {
            assert_eq!(search(&db, q, 1).await.total, 0, "{q}");
        }
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
            // Only a cluster of one shows a report.
            assert!(m.report.is_none() || m.count == 1);
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

/// The map's clusters for `f` over the whole province, checked against a plain count of the
/// rows: every cluster holds exactly the matching public reports of its cell, and no
/// matching report is left out.
async fn map_matches_the_rows(db: &DatabaseConnection, f: PublicFilter, what: &str) {
    use std::collections::HashMap;
    let f = filter(PublicFilter {
        bbox: Some(PROVINCE.into()),
        ..f
    });
    let view = f.bbox.unwrap();
    let columns = 12;
    let level = cell_level(&view, f64::from(columns)).expect("a counted level");
    let data = map(db, &f, columns).await.unwrap();
    let statuses: Vec<Status> = f.statuses.clone().unwrap_or_else(|| {
        Status::ALL
            .iter()
            .copied()
            .filter(|s| s.is_public_visible())
            .collect()
    });
    let category = match &f.category {
        Some(code) => Some(
            paht::server::entities::category::Entity::find()
                .filter(paht::server::entities::category::Column::Code.eq(code.as_str()))
                .one(db)
                .await
                .unwrap()
                .unwrap()
                .id,
        ),
        None => None,
    };
    let mut want: HashMap<(i64, i64), (u64, u64)> = HashMap::new();
    for r in report::Entity::find()
        .filter(report::Column::IsPublic.eq(true))
        .all(db)
        .await
        .unwrap()
    {
        let status = Status::parse(&r.status).unwrap();
        let urgent = r.level == "urgent";
        if !statuses.contains(&status)
            || category.is_some_and(|c| r.category_id != Some(c))
            || (f.urgent && !urgent)
            || !view.contains(paht::domain::geo::Point {
                lat: r.lat,
                lng: r.lng,
            })
        {
            continue;
        }
        let e = want.entry(cell_of(level, r.lat, r.lng)).or_default();
        e.0 += 1;
        e.1 += u64::from(urgent);
    }
    if want.values().map(|c| c.0).sum::<u64>() <= MAP_POINT_LIMIT {
        // Few enough for single markers: nothing counted ahead to check.
        assert!(!data.clustered, "{what}");
        return;
    }
    assert!(data.clustered, "{what}");
    let mut got: HashMap<(i64, i64), (u64, u64)> = HashMap::new();
    for m in &data.markers {
        assert!(
            got.insert(cell_of(level, m.lat, m.lng), (m.count, m.urgent))
                .is_none(),
            "{what}: one marker per cell"
        );
        if let Some(r) = &m.report {
            assert_eq!(m.count, 1, "{what}");
            let row = report::Entity::find()
                .filter(report::Column::Code.eq(r.code.as_str()))
                .one(db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(
                (row.lat, row.lng),
                (m.lat, m.lng),
                "{what}: a cluster of one is its report"
            );
        }
    }
    assert_eq!(got, want, "{what}");
}

#[tokio::test]
async fn map_counts_kept_ahead_stay_exact_through_every_kind_of_change() {
    testing::both(|db| async move {
        seeded(&db, 100).await;
        add_reports(
            &db,
            1500,
            &SeedOptions {
                reports: 0,
                rng_seed: 11,
                now: Utc::now(),
            },
        )
        .await
        .unwrap();
        let category = paht::server::entities::category::Entity::find()
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .code;
        let check = |what: &'static str| {
            let db = db.clone();
            let category = category.clone();
            async move {
                map_matches_the_rows(&db, PublicFilter::default(), what).await;
                map_matches_the_rows(
                    &db,
                    PublicFilter {
                        category: Some(category.clone()),
                        ..Default::default()
                    },
                    what,
                )
                .await;
                map_matches_the_rows(
                    &db,
                    PublicFilter {
                        status: Some("processing".into()),
                        ..Default::default()
                    },
                    what,
                )
                .await;
                map_matches_the_rows(
                    &db,
                    PublicFilter {
                        processed: true,
                        ..Default::default()
                    },
                    what,
                )
                .await;
                map_matches_the_rows(
                    &db,
                    PublicFilter {
                        urgent: true,
                        ..Default::default()
                    },
                    what,
                )
                .await;
                map_matches_the_rows(
                    &db,
                    PublicFilter {
                        urgent: true,
                        category: Some(category),
                        ..Default::default()
                    },
                    what,
                )
                .await;
            }
        };
        check("as seeded").await;

        let some = |status: &'static str| {
            let db = db.clone();
            async move {
                report::Entity::find()
                    .filter(report::Column::Status.eq(status))
                    .order_by_asc(report::Column::Id)
                    .limit(5)
                    .all(&db)
                    .await
                    .unwrap()
            }
        };
        // Verified and made public (as the console's verify does).
        for r in some("submitted").await {
            let mut am: report::ActiveModel = r.into();
            am.status = Set("verified".into());
            am.is_public = Set(true);
            am.update(&db).await.unwrap();
        }
        check("after verify").await;
        // Published, hidden, moved, recategorised, made urgent.
        let open = some("processing").await;
        for (i, r) in open.into_iter().enumerate() {
            let mut am: report::ActiveModel = r.clone().into();
            match i {
                0 => am.status = Set("published".into()),
                1 => am.is_public = Set(false),
                2 => {
                    am.lat = Set(r.lat + 0.05);
                    am.lng = Set(r.lng - 0.05);
                }
                3 => am.category_id = Set(None),
                _ => {
                    am.level = Set(if r.level == "urgent" {
                        "normal"
                    } else {
                        "urgent"
                    }
                    .into())
                }
            }
            am.update(&db).await.unwrap();
        }
        check("after publish, hide, move, recategorise, level").await;
        // A change of many rows at once, a rejection of a public report, a deletion.
        report::Entity::update_many()
            .col_expr(
                report::Column::Status,
                sea_orm::sea_query::Expr::value("closed"),
            )
            .filter(report::Column::Status.eq("published"))
            .filter(report::Column::Id.lt(400))
            .exec(&db)
            .await
            .unwrap();
        for r in some("verified").await.into_iter().take(2) {
            let mut am: report::ActiveModel = r.into();
            am.status = Set("rejected".into());
            am.is_public = Set(false);
            am.update(&db).await.unwrap();
        }
        let gone = some("dispatched").await.remove(0);
        paht::server::entities::report_event::Entity::delete_many()
            .filter(paht::server::entities::report_event::Column::ReportId.eq(gone.id))
            .exec(&db)
            .await
            .unwrap();
        report::Entity::delete_by_id(gone.id)
            .exec(&db)
            .await
            .unwrap();
        check("after a bulk close, rejections and a deletion").await;
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
