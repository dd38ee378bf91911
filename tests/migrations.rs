#![cfg(feature = "ssr")]
//! The schema on both backends: migrations go up, down and up again; every entity matches
//! its table (one row per table written through its ActiveModel and read back unchanged);
//! unique constraints, foreign keys and delete rules hold.

use chrono::{DateTime, TimeZone, Utc};
use migration::{Migrator, MigratorTrait};
use paht::server::entities::*;
use paht::server::testing::{self, Backend};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    ModelTrait, PaginatorTrait, QueryFilter, Set, Statement,
};

const TABLES: [&str; 24] = [
    "agencies",
    "areas",
    "audit_log",
    "categories",
    "comments",
    "follows",
    "holidays",
    "likes",
    "live_events",
    "map_cells",
    "map_levels",
    "media",
    "notifications",
    "one_time_codes",
    "rate_counters",
    "ratings",
    "reminders",
    "reply_templates",
    "report_codes",
    "report_events",
    "reports",
    "routing_rules",
    "sessions",
    "users",
];

async fn tables(db: &DatabaseConnection) -> Vec<String> {
    let backend = db.get_database_backend();
    let sql = match backend {
        DbBackend::Sqlite => {
            // The FTS5 word index (a virtual table and its shadow tables) is an index here.
            "SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
             AND name NOT LIKE 'reports_fts%' ORDER BY name"
        }
        _ => "SELECT tablename AS t FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename",
    };
    let rows = db
        .query_all_raw(Statement::from_string(backend, sql))
        .await
        .unwrap();
    rows.iter()
        .map(|r| r.try_get::<String>("", "t").unwrap())
        .collect()
}

async fn schema_tables(db: &DatabaseConnection) -> Vec<String> {
    tables(db)
        .await
        .into_iter()
        .filter(|t| t != "seaql_migrations")
        .collect()
}

/// A fixed instant with microseconds: PostgreSQL keeps microseconds, so this must survive
/// a round trip exactly on both backends.
fn t(n: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 14, 9, 26, 53).unwrap()
        + chrono::Duration::microseconds(589_793 + n)
}

#[tokio::test]
async fn up_down_up() {
    testing::both(|db| async move {
        assert_eq!(
            tables(&db).await.len(),
            TABLES.len() + 1,
            "the tables + seaql_migrations"
        );
        assert_eq!(schema_tables(&db).await, TABLES);
        assert!(Migrator::get_pending_migrations(&db)
            .await
            .unwrap()
            .is_empty());

        Migrator::down(&db, None).await.expect("down");
        assert_eq!(
            schema_tables(&db).await,
            Vec::<String>::new(),
            "down drops every table"
        );

        Migrator::up(&db, None).await.expect("up again");
        assert_eq!(schema_tables(&db).await, TABLES);
        // Running up with nothing pending is a no-op, not an error.
        Migrator::up(&db, None).await.expect("up is idempotent");
        assert_eq!(schema_tables(&db).await, TABLES);

        // And the tables that came back work.
        let ids = Fixture::insert(&db).await;
        assert!(report::Entity::find_by_id(ids.report)
            .one(&db)
            .await
            .unwrap()
            .is_some());
    })
    .await;
}

#[tokio::test]
async fn sqlite_enforces_foreign_keys() {
    let tdb = testing::sqlite().await;
    assert_eq!(tdb.backend, Backend::Sqlite);
    let row = tdb
        .db
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA foreign_keys",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get_by_index::<i32>(0).unwrap(), 1);
    tdb.cleanup().await;
}

/// The ids of one row in every table, all pointing at each other.
struct Fixture {
    area: i64,
    commune: i64,
    agency: i64,
    category: i64,
    citizen: i64,
    officer: i64,
    report: i64,
    comment: i64,
}

impl Fixture {
    /// Inserts one row into each of the 14 tables through the entities and checks that
    /// reading it back gives exactly what was written.
    async fn insert(db: &DatabaseConnection) -> Fixture {
        macro_rules! round_trip {
            ($entity:ident, $am:expr) => {{
                let inserted = $am
                    .insert(db)
                    .await
                    .expect(concat!("insert ", stringify!($entity)));
                let found = $entity::Entity::find_by_id(inserted.id.clone())
                    .one(db)
                    .await
                    .expect(concat!("select ", stringify!($entity)))
                    .expect(concat!("row of ", stringify!($entity)));
                assert_eq!(found, inserted, "{} round trip", stringify!($entity));
                found
            }};
        }

        let province = round_trip!(
            area,
            area::ActiveModel {
                code: Set("44".into()),
                name: Set("Quảng Trị".into()),
                kind: Set("province".into()),
                parent_id: Set(None),
                boundary: Set(r#"{"type":"Polygon","coordinates":[[[106.5,16.5],[107.5,16.5],[107.5,17.5],[106.5,16.5]]]}"#.into()),
                min_lat: Set(16.5),
                min_lng: Set(106.5),
                max_lat: Set(17.5),
                max_lng: Set(107.5),
                created_at: Set(t(0)),
                ..Default::default()
            }
        );
        let commune = round_trip!(
            area,
            area::ActiveModel {
                code: Set("44-461-19351".into()),
                name: Set("Phường Đông Hà".into()),
                kind: Set("commune".into()),
                parent_id: Set(Some(province.id)),
                boundary: Set("{}".into()),
                min_lat: Set(16.80),
                min_lng: Set(107.05),
                max_lat: Set(16.85),
                max_lng: Set(107.15),
                created_at: Set(t(1)),
                ..Default::default()
            }
        );
        let agency = round_trip!(
            agency,
            agency::ActiveModel {
                code: Set("UBND-DH".into()),
                name: Set("UBND thành phố Đông Hà".into()),
                kind: Set("district_committee".into()),
                area_id: Set(Some(province.id)),
                phone: Set(Some("0233 3852 000".into())),
                email: Set(None),
                active: Set(true),
                created_at: Set(t(2)),
                ..Default::default()
            }
        );
        let category = round_trip!(
            category,
            category::ActiveModel {
                code: Set("road".into()),
                name_vi: Set("Giao thông".into()),
                name_en: Set("Roads".into()),
                default_days: Set(5),
                urgent_days: Set(2),
                color: Set("#d9480f".into()),
                icon: Set("road".into()),
                sort_order: Set(1),
                active: Set(true),
                ..Default::default()
            }
        );
        let citizen = round_trip!(
            user,
            user::ActiveModel {
                phone: Set("+84912345678".into()),
                full_name: Set("Nguyễn Văn An".into()),
                password_hash: Set("$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into()),
                role: Set("citizen".into()),
                agency_id: Set(None),
                status: Set("active".into()),
                created_at: Set(t(3)),
                updated_at: Set(t(4)),
                last_login_at: Set(Some(t(5))),
                ..Default::default()
            }
        );
        let officer = round_trip!(
            user,
            user::ActiveModel {
                phone: Set("+84987654321".into()),
                full_name: Set("Trần Thị Bình".into()),
                password_hash: Set("x".into()),
                role: Set("officer".into()),
                agency_id: Set(Some(agency.id)),
                status: Set("active".into()),
                created_at: Set(t(6)),
                updated_at: Set(t(6)),
                last_login_at: Set(None),
                ..Default::default()
            }
        );
        round_trip!(
            session,
            session::ActiveModel {
                id: Set(format!("sha256-of-token-{}", citizen.id)),
                user_id: Set(citizen.id),
                data: Set(r#"{"csrf":"abc"}"#.into()),
                created_at: Set(t(7)),
                last_seen_at: Set(t(8)),
                expires_at: Set(t(9)),
            }
        );
        round_trip!(
            routing_rule,
            routing_rule::ActiveModel {
                category_id: Set(Some(category.id)),
                area_id: Set(None),
                agency_id: Set(agency.id),
                note: Set(Some("all roads".into())),
                created_at: Set(t(10)),
                ..Default::default()
            }
        );
        let report = round_trip!(
            report,
            report::ActiveModel {
                code: Set(format!("PA-2026-{:06}", citizen.id)),
                title: Set("Ổ gà trên đường Lê Duẩn".into()),
                content: Set("Ổ gà lớn, nguy hiểm cho xe máy.\nGần ngã tư.".into()),
                category_id: Set(Some(category.id)),
                citizen_urgent: Set(true),
                level: Set("urgent".into()),
                status: Set("processing".into()),
                lat: Set(16.816_123_456_789),
                lng: Set(107.100_987_654_321),
                address: Set("Lê Duẩn, Đông Hà".into()),
                district_id: Set(Some(province.id)),
                commune_id: Set(Some(commune.id)),
                reporter_id: Set(Some(citizen.id)),
                reporter_name: Set(None),
                reporter_phone: Set(Some("+84912345678".into())),
                hide_name: Set(false),
                channel: Set("web".into()),
                agency_id: Set(Some(agency.id)),
                officer_id: Set(Some(officer.id)),
                due_at: Set(Some(t(11))),
                received_at: Set(Some(t(12))),
                verified_at: Set(Some(t(13))),
                dispatched_at: Set(Some(t(14))),
                resolved_at: Set(None),
                published_at: Set(None),
                closed_at: Set(None),
                result_text: Set(None),
                is_public: Set(true),
                result_public: Set(false),
                like_count: Set(1),
                comment_count: Set(1),
                follow_up_of: Set(None),
                duplicate_of: Set(None),
                created_at: Set(t(15)),
                updated_at: Set(t(16)),
                ..Default::default()
            }
        );
        round_trip!(
            media,
            media::ActiveModel {
                report_id: Set(Some(report.id)),
                owner_id: Set(None),
                role: Set("evidence".into()),
                kind: Set("photo".into()),
                storage_key: Set("ab/cdef0123.jpg".into()),
                mime: Set("image/jpeg".into()),
                size_bytes: Set(5_000_000_000),
                width: Set(Some(1920)),
                height: Set(Some(1080)),
                thumbnail_key: Set(Some("ab/cdef0123.thumb.jpg".into())),
                file_name: Set(Some("Ảnh hiện trường.jpg".into())),
                created_at: Set(t(17)),
                ..Default::default()
            }
        );
        round_trip!(
            report_event,
            report_event::ActiveModel {
                report_id: Set(report.id),
                actor_id: Set(None),
                action: Set("submit".into()),
                from_status: Set(Some("draft".into())),
                to_status: Set("submitted".into()),
                note: Set(Some("internal".into())),
                is_public: Set(true),
                at: Set(t(18)),
                ..Default::default()
            }
        );
        let comment = round_trip!(
            comment,
            comment::ActiveModel {
                report_id: Set(report.id),
                author_id: Set(citizen.id),
                parent_id: Set(None),
                body: Set("Cảm ơn!".into()),
                status: Set("approved".into()),
                moderator_id: Set(Some(officer.id)),
                like_count: Set(0),
                created_at: Set(t(19)),
                updated_at: Set(t(20)),
                moderated_at: Set(Some(t(21))),
                ..Default::default()
            }
        );
        round_trip!(
            comment,
            comment::ActiveModel {
                report_id: Set(report.id),
                author_id: Set(officer.id),
                parent_id: Set(Some(comment.id)),
                body: Set("reply".into()),
                status: Set("pending".into()),
                moderator_id: Set(None),
                like_count: Set(0),
                created_at: Set(t(22)),
                updated_at: Set(t(22)),
                moderated_at: Set(None),
                ..Default::default()
            }
        );
        round_trip!(
            like,
            like::ActiveModel {
                user_id: Set(citizen.id),
                report_id: Set(Some(report.id)),
                comment_id: Set(None),
                created_at: Set(t(23)),
                ..Default::default()
            }
        );
        round_trip!(
            like,
            like::ActiveModel {
                user_id: Set(citizen.id),
                report_id: Set(None),
                comment_id: Set(Some(comment.id)),
                created_at: Set(t(24)),
                ..Default::default()
            }
        );
        round_trip!(
            rating,
            rating::ActiveModel {
                report_id: Set(report.id),
                user_id: Set(citizen.id),
                score: Set(4),
                comment: Set(Some("Nhanh".into())),
                created_at: Set(t(25)),
                updated_at: Set(t(26)),
                ..Default::default()
            }
        );
        round_trip!(
            notification,
            notification::ActiveModel {
                user_id: Set(citizen.id),
                report_id: Set(Some(report.id)),
                kind: Set("status".into()),
                text: Set("Phản ánh của bạn đang được xử lý".into()),
                read_at: Set(None),
                deleted: Set(false),
                created_at: Set(t(27)),
                ..Default::default()
            }
        );
        round_trip!(
            audit_log,
            audit_log::ActiveModel {
                actor_id: Set(Some(officer.id)),
                action: Set("report.accept".into()),
                object_type: Set(Some("report".into())),
                object_id: Set(Some(report.id.to_string())),
                ip: Set(Some("203.0.113.7".into())),
                detail: Set(Some(r#"{"k":"v"}"#.into())),
                at: Set(t(28)),
                ..Default::default()
            }
        );

        Fixture {
            area: province.id,
            commune: commune.id,
            agency: agency.id,
            category: category.id,
            citizen: citizen.id,
            officer: officer.id,
            report: report.id,
            comment: comment.id,
        }
    }
}

/// A minimal report for constraint tests.
fn report_am(code: &str, f: &Fixture) -> report::ActiveModel {
    report::ActiveModel {
        code: Set(code.into()),
        title: Set("t".into()),
        content: Set("c".into()),
        category_id: Set(Some(f.category)),
        citizen_urgent: Set(false),
        level: Set("normal".into()),
        status: Set("submitted".into()),
        lat: Set(16.8),
        lng: Set(107.1),
        address: Set("a".into()),
        district_id: Set(Some(f.area)),
        commune_id: Set(Some(f.commune)),
        reporter_id: Set(Some(f.citizen)),
        reporter_name: Set(None),
        reporter_phone: Set(None),
        hide_name: Set(true),
        channel: Set("app".into()),
        agency_id: Set(None),
        officer_id: Set(None),
        due_at: Set(None),
        received_at: Set(Some(t(100))),
        verified_at: Set(None),
        dispatched_at: Set(None),
        resolved_at: Set(None),
        published_at: Set(None),
        closed_at: Set(None),
        result_text: Set(Some("long\ntext".into())),
        is_public: Set(false),
        result_public: Set(false),
        like_count: Set(0),
        comment_count: Set(0),
        follow_up_of: Set(None),
        duplicate_of: Set(None),
        created_at: Set(t(100)),
        updated_at: Set(t(100)),
        ..Default::default()
    }
}

#[tokio::test]
async fn every_entity_round_trips() {
    testing::both(|db| async move {
        let f = Fixture::insert(&db).await;
        assert_eq!(report::Entity::find().count(&db).await.unwrap(), 1);

        // Relations resolve against the real tables.
        let (_, cat) = report::Entity::find_by_id(f.report)
            .find_also_related(category::Entity)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(cat.unwrap().id, f.category);
        let r = report::Entity::find_by_id(f.report)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let officer = r
            .find_linked(report::ToOfficer)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(officer.id, f.officer);
        let commune = r
            .find_linked(report::ToCommune)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(commune.id, f.commune);
        assert_eq!(
            r.find_related(report_event::Entity)
                .count(&db)
                .await
                .unwrap(),
            1
        );
        assert_eq!(r.find_related(media::Entity).count(&db).await.unwrap(), 1);
        let agency_users = user::Entity::find()
            .filter(user::Column::AgencyId.eq(f.agency))
            .all(&db)
            .await
            .unwrap();
        assert_eq!(agency_users.len(), 1);
    })
    .await;
}

#[tokio::test]
async fn ids_are_64_bit() {
    testing::both(|db| async move {
        let big = 5_000_000_000_i64;
        let c = category::ActiveModel {
            id: Set(big),
            code: Set("big".into()),
            name_vi: Set("x".into()),
            name_en: Set("x".into()),
            default_days: Set(1),
            urgent_days: Set(1),
            color: Set("#000000".into()),
            icon: Set("x".into()),
            sort_order: Set(0),
            active: Set(false),
        }
        .insert(&db)
        .await
        .expect("a 64-bit id fits");
        assert_eq!(c.id, big);
        assert_eq!(
            category::Entity::find_by_id(big)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .code,
            "big"
        );
    })
    .await;
}

#[tokio::test]
async fn unique_constraints_hold() {
    testing::both(|db| async move {
        let f = Fixture::insert(&db).await;
        report_am("PA-2026-999999", &f)
            .insert(&db)
            .await
            .expect("first code");
        assert!(
            report_am("PA-2026-999999", &f).insert(&db).await.is_err(),
            "a duplicate report code must be refused"
        );

        let dup_phone = user::ActiveModel {
            phone: Set("+84912345678".into()),
            full_name: Set("again".into()),
            password_hash: Set("x".into()),
            role: Set("citizen".into()),
            agency_id: Set(None),
            status: Set("pending".into()),
            created_at: Set(t(0)),
            updated_at: Set(t(0)),
            last_login_at: Set(None),
            ..Default::default()
        };
        assert!(
            dup_phone.insert(&db).await.is_err(),
            "a duplicate phone must be refused"
        );

        let like_again = |report_id: Option<i64>, comment_id: Option<i64>| like::ActiveModel {
            user_id: Set(f.citizen),
            report_id: Set(report_id),
            comment_id: Set(comment_id),
            created_at: Set(t(1)),
            ..Default::default()
        };
        assert!(
            like_again(Some(f.report), None).insert(&db).await.is_err(),
            "one like per report"
        );
        assert!(
            like_again(None, Some(f.comment)).insert(&db).await.is_err(),
            "one like per comment"
        );
        // A second like by another user is fine.
        like::ActiveModel {
            user_id: Set(f.officer),
            ..like_again(Some(f.report), None)
        }
        .insert(&db)
        .await
        .expect("another user's like");

        let rating_again = rating::ActiveModel {
            report_id: Set(f.report),
            user_id: Set(f.citizen),
            score: Set(1),
            comment: Set(None),
            created_at: Set(t(2)),
            updated_at: Set(t(2)),
            ..Default::default()
        };
        assert!(
            rating_again.insert(&db).await.is_err(),
            "one rating per report and user"
        );
    })
    .await;
}

#[tokio::test]
async fn foreign_keys_hold() {
    testing::both(|db| async move {
        let f = Fixture::insert(&db).await;
        let orphan = media::ActiveModel {
            report_id: Set(Some(f.report + 1_000_000)),
            role: Set("evidence".into()),
            kind: Set("photo".into()),
            storage_key: Set("k".into()),
            mime: Set("image/png".into()),
            size_bytes: Set(1),
            width: Set(None),
            height: Set(None),
            thumbnail_key: Set(None),
            created_at: Set(t(0)),
            ..Default::default()
        };
        assert!(
            orphan.insert(&db).await.is_err(),
            "media of a missing report must be refused"
        );

        let mut bad = report_am("PA-2026-000777", &f);
        bad.category_id = Set(Some(f.category + 1_000_000));
        assert!(
            bad.insert(&db).await.is_err(),
            "a report of a missing category must be refused"
        );

        // RESTRICT: a category in use cannot go.
        let cat = category::Entity::find_by_id(f.category)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert!(
            cat.delete(&db).await.is_err(),
            "a category with reports must not be deleted"
        );
    })
    .await;
}

#[tokio::test]
async fn deleting_a_report_takes_what_belongs_to_it() {
    testing::both(|db| async move {
        let f = Fixture::insert(&db).await;
        let follow_up = {
            let mut am = report_am("PA-2026-000002", &f);
            am.follow_up_of = Set(Some(f.report));
            am.insert(&db).await.unwrap()
        };

        report::Entity::delete_by_id(f.report)
            .exec(&db)
            .await
            .expect("delete report");

        assert_eq!(media::Entity::find().count(&db).await.unwrap(), 0);
        assert_eq!(report_event::Entity::find().count(&db).await.unwrap(), 0);
        assert_eq!(comment::Entity::find().count(&db).await.unwrap(), 0);
        assert_eq!(like::Entity::find().count(&db).await.unwrap(), 0);
        assert_eq!(rating::Entity::find().count(&db).await.unwrap(), 0);
        assert_eq!(notification::Entity::find().count(&db).await.unwrap(), 0);
        let follow_up = report::Entity::find_by_id(follow_up.id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(follow_up.follow_up_of, None, "follow-ups survive, unlinked");
        // The audit log keeps its rows.
        assert_eq!(audit_log::Entity::find().count(&db).await.unwrap(), 1);

        // Deleting a user ends their sessions; their reports stay, without a reporter.
        let officer_free_user = user::Entity::find_by_id(f.citizen)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        officer_free_user.delete(&db).await.expect("delete citizen");
        assert_eq!(session::Entity::find().count(&db).await.unwrap(), 0);
        let follow_up = report::Entity::find_by_id(follow_up.id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(follow_up.reporter_id, None);
    })
    .await;
}
