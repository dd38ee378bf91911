#![cfg(feature = "ssr")]
//! The public scoreboard on SQLite and PostgreSQL: every figure against a fixture counted by
//! hand, the period and district filters, CSV content and encoding, refusals with their exact
//! status, the processing time a console walk records, and the start-up backfill.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use paht::domain::console::ActionForm;
use paht::domain::deadline::WorkCalendar;
use paht::domain::filing::FilingForm;
use paht::domain::lifecycle::Status;
use paht::dto::stats::{validate, AgencyRow, Scoreboard, StatsFilter, StatsTable};
use paht::i18n::Lang;
use paht::server::auth::flows::Caller;
use paht::server::auth::SessionUser;
use paht::server::entities::{agency, area, category, rating, report, report_event, user};
use paht::server::seed::{seed_demo, SeedOptions};
use paht::server::{console, filing, stats, testing};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use testing::run;

/// The seed's reference data (districts, categories, agencies, users) and no report.
async fn reference(db: &DatabaseConnection) {
    let opts = SeedOptions {
        reports: 0,
        rng_seed: 11,
        now: Utc::now(),
    };
    seed_demo(db, &opts).await.expect("seed");
}

/// 09:00 in Việt Nam on 2026-03-02 (a Monday), plus `days`.
fn day(days: i64) -> DateTime<Utc> {
    NaiveDate::from_ymd_opt(2026, 3, 2)
        .unwrap()
        .and_hms_opt(2, 0, 0)
        .unwrap()
        .and_utc()
        + TimeDelta::days(days)
}

struct Ids {
    c1: i64,
    c2: i64,
    d1: i64,
    d2: i64,
    a: i64,
    b: i64,
    citizens: Vec<i64>,
}

async fn ids(db: &DatabaseConnection) -> Ids {
    let cats = category::Entity::find()
        .order_by_asc(category::Column::Id)
        .all(db)
        .await
        .unwrap();
    let district = |code: &'static str| async move {
        area::Entity::find()
            .filter(area::Column::Code.eq(code))
            .one(db)
            .await
            .unwrap()
            .expect(code)
            .id
    };
    let agency = |code: &'static str| async move {
        agency::Entity::find()
            .filter(agency::Column::Code.eq(code))
            .one(db)
            .await
            .unwrap()
            .expect(code)
            .id
    };
    let citizens = user::Entity::find()
        .filter(user::Column::Role.eq("citizen"))
        .order_by_asc(user::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.id)
        .collect();
    Ids {
        c1: cats[0].id,
        c2: cats[1].id,
        d1: district("QT-DONGHA").await,
        d2: district("QT-QUANGTRI").await,
        a: agency("UBND-DONGHA").await,
        b: agency("SO-GTVT").await,
        citizens,
    }
}

/// One report of the fixture.
#[derive(Default, Clone)]
struct R {
    status: &'static str,
    category: Option<i64>,
    district: Option<i64>,
    agency: Option<i64>,
    received: Option<DateTime<Utc>>,
    due: Option<DateTime<Utc>>,
    resolved: Option<DateTime<Utc>>,
    published: Option<DateTime<Utc>>,
    days: Option<i32>,
    rating: Option<i32>,
}

async fn insert(db: &DatabaseConnection, n: usize, r: &R, rater: i64) {
    let now = Utc::now();
    let m = report::ActiveModel {
        code: Set(format!("PA-2026-{:06}", 900_000 + n)),
        title: Set(format!("Phản ánh số {n}")),
        content: Set("Nội dung phản ánh dùng cho bảng thống kê.".into()),
        category_id: Set(r.category),
        citizen_urgent: Set(false),
        level: Set("normal".into()),
        status: Set(r.status.into()),
        lat: Set(16.8),
        lng: Set(107.1),
        address: Set("Đông Hà".into()),
        district_id: Set(r.district),
        commune_id: Set(None),
        reporter_id: Set(None),
        reporter_name: Set(Some("Người gửi".into())),
        hide_name: Set(false),
        channel: Set("web".into()),
        agency_id: Set(r.agency),
        due_at: Set(r.due),
        received_at: Set(r.received),
        dispatched_at: Set(r.agency.and(r.received)),
        resolved_at: Set(r.resolved),
        published_at: Set(r.published),
        processing_days: Set(r.days),
        is_public: Set(false),
        result_public: Set(r.published.is_some()),
        like_count: Set(0),
        comment_count: Set(0),
        created_at: Set(r.received.unwrap_or(now)),
        updated_at: Set(now),
        version: Set(1),
        place_approximate: Set(false),
        search_text: Set(String::new()),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("report");
    if let Some(score) = r.rating {
        rating::ActiveModel {
            report_id: Set(m.id),
            user_id: Set(rater),
            score: Set(score),
            comment: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await
        .expect("rating");
    }
}

/// Thirteen reports whose figures are counted by hand below.
async fn fixture(db: &DatabaseConnection) -> Ids {
    reference(db).await;
    let i = ids(db).await;
    let past = Some(Utc::now() - TimeDelta::days(1));
    let future = Some(Utc::now() + TimeDelta::days(30));
    let rec = Some(day(0));
    let rows = vec![
        // 1: waiting for the centre.
        R {
            status: "submitted",
            category: Some(i.c1),
            district: Some(i.d1),
            received: rec,
            ..Default::default()
        },
        // 2: verified, past its deadline (returned by an agency): overdue.
        R {
            status: "verified",
            category: Some(i.c1),
            district: Some(i.d1),
            received: rec,
            due: past,
            ..Default::default()
        },
        // 3: with agency A, overdue.
        R {
            status: "dispatched",
            category: Some(i.c1),
            district: Some(i.d2),
            agency: Some(i.a),
            received: rec,
            due: past,
            ..Default::default()
        },
        // 4: being processed by A, within its deadline.
        R {
            status: "processing",
            category: Some(i.c2),
            district: Some(i.d1),
            agency: Some(i.a),
            received: rec,
            due: future,
            ..Default::default()
        },
        // 5: A's result waits for the centre (still in progress); on time, 3 days.
        R {
            status: "resolved",
            category: Some(i.c2),
            district: Some(i.d1),
            agency: Some(i.a),
            received: rec,
            due: Some(day(10)),
            resolved: Some(day(3)),
            days: Some(3),
            ..Default::default()
        },
        // 6: published, late, 6 days, "very satisfied".
        R {
            status: "published",
            category: Some(i.c1),
            district: Some(i.d1),
            agency: Some(i.a),
            received: rec,
            due: Some(day(5)),
            resolved: Some(day(8)),
            published: Some(day(9)),
            days: Some(6),
            rating: Some(3),
        },
        // 7: published, on time, 2 days, "not satisfied".
        R {
            status: "published",
            category: Some(i.c1),
            district: Some(i.d2),
            agency: Some(i.a),
            received: rec,
            due: Some(day(5)),
            resolved: Some(day(4)),
            published: Some(day(9)),
            days: Some(2),
            rating: Some(1),
        },
        // 8: agency B, closed after publication, on time, 1 day, "satisfied".
        R {
            status: "closed",
            category: Some(i.c2),
            district: Some(i.d2),
            agency: Some(i.b),
            received: rec,
            due: Some(day(5)),
            resolved: Some(day(1)),
            published: Some(day(2)),
            days: Some(1),
            rating: Some(2),
        },
        // 9–11: declined.
        R {
            status: "rejected",
            category: Some(i.c1),
            district: Some(i.d1),
            received: rec,
            ..Default::default()
        },
        R {
            status: "duplicate",
            category: None,
            district: Some(i.d2),
            received: rec,
            ..Default::default()
        },
        R {
            status: "withdrawn",
            category: Some(i.c1),
            district: None,
            received: rec,
            ..Default::default()
        },
        // 12: a draft is never received.
        R {
            status: "draft",
            category: Some(i.c1),
            district: Some(i.d1),
            ..Default::default()
        },
        // 13: received in December 2025, published in January 2026, on time, 10 days.
        R {
            status: "published",
            category: Some(i.c1),
            district: Some(i.d1),
            agency: Some(i.a),
            received: Some(day(-80)),
            due: Some(day(-60)),
            resolved: Some(day(-65)),
            published: Some(day(-50)),
            days: Some(10),
            rating: Some(1),
        },
    ];
    for (n, r) in rows.iter().enumerate() {
        insert(db, n + 1, r, i.citizens[n % i.citizens.len()]).await;
    }
    i
}

async fn board(db: &DatabaseConnection, from: &str, to: &str, district: &str) -> Scoreboard {
    let f = StatsFilter {
        from: Some(from.into()),
        to: Some(to.into()),
        district: Some(district.into()),
    };
    let v = validate(&f, paht::domain::deadline::local_date(Utc::now())).expect("valid");
    let d = match &v.district {
        Some(code) => Some(
            stats::district_id(db, code)
                .await
                .unwrap()
                .expect("district"),
        ),
        None => None,
    };
    stats::scoreboard(db, &v, d, Utc::now())
        .await
        .expect("board")
}

fn agency_row<'a>(b: &'a Scoreboard, code: &str) -> &'a AgencyRow {
    b.agencies.iter().find(|a| a.code == code).expect(code)
}

fn counts(b: &Scoreboard) -> [u64; 5] {
    let t = &b.totals;
    [
        t.received,
        t.in_progress,
        t.processed,
        t.declined,
        t.overdue,
    ]
}

#[test]
fn every_figure_of_the_scoreboard_matches_a_hand_count() {
    run(testing::both(|db| async move {
        let i = fixture(&db).await;

        // All time, whole province: 12 received (not the draft).
        let all = board(&db, "", "", "").await;
        assert_eq!(counts(&all), [12, 5, 4, 3, 2]);
        let code_of = |id: i64| {
            let db = db.clone();
            async move {
                category::Entity::find_by_id(id)
                    .one(&db)
                    .await
                    .unwrap()
                    .unwrap()
                    .code
            }
        };
        let (c1, c2) = (code_of(i.c1).await, code_of(i.c2).await);
        let cat = |b: &Scoreboard, code: &str| {
            b.by_category
                .iter()
                .find(|r| r.code == code)
                .unwrap()
                .counts
                .clone()
        };
        assert_eq!(cat(&all, &c1).received, 8);
        assert_eq!(cat(&all, &c2).received, 3);
        let uncategorised = all.by_category.iter().find(|r| r.code.is_empty()).unwrap();
        assert_eq!(uncategorised.counts.received, 1);
        assert_eq!(uncategorised.name_vi, "Chưa phân loại");
        let dist = |b: &Scoreboard, code: &str| {
            b.by_district
                .iter()
                .find(|r| r.code == code)
                .unwrap()
                .counts
                .clone()
        };
        assert_eq!(dist(&all, "QT-DONGHA").received, 7);
        assert_eq!(dist(&all, "QT-QUANGTRI").received, 4);
        assert_eq!(
            all.by_district
                .iter()
                .find(|r| r.code.is_empty())
                .unwrap()
                .counts
                .received,
            1
        );
        // Every table adds up to the totals.
        let sum = |rows: &[paht::dto::stats::GroupRow]| {
            rows.iter().map(|r| r.counts.received).sum::<u64>()
        };
        assert_eq!(sum(&all.by_category), 12);
        assert_eq!(sum(&all.by_district), 12);

        // Agency A, all time: 6 received, 4 with a result, 3 of them on time (75 %), days
        // 2, 3, 6, 10 → median 3, p90 10; one overdue; ratings 3, 1, 1 → one satisfied.
        let a = agency_row(&all, "UBND-DONGHA");
        assert_eq!(
            (a.received, a.resolved, a.resolved_with_deadline, a.on_time),
            (6, 4, 4, 3)
        );
        assert_eq!(a.on_time_percent(), Some(75.0));
        assert_eq!((a.median_days, a.p90_days), (Some(3), Some(10)));
        assert_eq!(a.overdue, 1);
        assert_eq!((a.ratings, a.satisfied), (3, 1));
        assert_eq!(a.satisfaction_percent(), Some(33.3));
        let b = agency_row(&all, "SO-GTVT");
        assert_eq!((b.received, b.resolved, b.on_time, b.overdue), (1, 1, 1, 0));
        assert_eq!((b.median_days, b.p90_days), (Some(1), Some(1)));
        assert_eq!(b.satisfaction_percent(), Some(100.0));
        assert_eq!(all.agencies[0].code, "UBND-DONGHA", "most received first");
        let _ = i.b;

        // March 2026 only: report 13 drops out.
        let march = board(&db, "2026-03-01", "2026-03-31", "").await;
        assert_eq!(counts(&march), [11, 5, 3, 3, 2]);
        let a = agency_row(&march, "UBND-DONGHA");
        assert_eq!((a.received, a.resolved, a.on_time), (5, 3, 2));
        assert_eq!(a.on_time_percent(), Some(66.7));
        assert_eq!((a.median_days, a.p90_days), (Some(3), Some(6)));
        assert_eq!(a.satisfaction_percent(), Some(50.0));
        // Months: April 2025 … March 2026; received by the month sent, processed by the
        // month published.
        assert_eq!(march.by_month.len(), 12);
        let m = |y: i32, mo: u32| {
            let r = march
                .by_month
                .iter()
                .find(|r| r.year == y && r.month == mo)
                .unwrap();
            (r.received, r.processed)
        };
        assert_eq!((march.by_month[0].year, march.by_month[0].month), (2025, 4));
        assert_eq!(m(2026, 3), (11, 3));
        assert_eq!(m(2025, 12), (1, 0));
        assert_eq!(m(2026, 1), (0, 1));
        assert_eq!(m(2026, 2), (0, 0));

        // One district, all time: only its reports and only its row.
        let dh = board(&db, "", "", "QT-DONGHA").await;
        assert_eq!(counts(&dh), [7, 4, 2, 1, 1]);
        assert_eq!(dh.by_district.len(), 1);
        assert_eq!(agency_row(&dh, "UBND-DONGHA").received, 4);
        assert!(dh.agencies.iter().all(|a| a.code != "SO-GTVT"));

        // A period with nothing: zeros everywhere, every category still listed.
        let none = board(&db, "2020-01-01", "2020-01-31", "").await;
        assert_eq!(counts(&none), [0; 5]);
        assert!(none.agencies.is_empty());
        assert!(!none.by_category.is_empty());
    }));
}

#[test]
fn csv_files_are_utf8_with_a_bom_and_the_page_s_figures() {
    run(testing::both(|db| async move {
        fixture(&db).await;
        let all = board(&db, "", "", "").await;
        let totals = stats::csv(&all, StatsTable::Totals, Lang::Vi);
        assert_eq!(
            totals,
            "\u{feff}Chỉ tiêu,Số phản ánh\r\nTiếp nhận,12\r\nĐang xử lý,5\r\nĐã xử lý,4\r\nKhông xử lý,3\r\nQuá hạn hiện nay,2\r\n"
        );
        let agencies = stats::csv(&all, StatsTable::Agencies, Lang::En);
        let lines: Vec<&str> = agencies
            .trim_start_matches('\u{feff}')
            .split("\r\n")
            .collect();
        assert_eq!(
            lines[0],
            "Agency,Received,With a result,On time,\"Processing time, median (working days)\",90% processed within (working days),Overdue now,Satisfied,Ratings"
        );
        let a_name = agency::Entity::find()
            .filter(agency::Column::Code.eq("UBND-DONGHA"))
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .name;
        assert_eq!(lines[1], format!("{a_name},6,4,75.0,3,10,1,33.3,3"));
        let months = stats::csv(&all, StatsTable::Months, Lang::Vi);
        assert!(months.starts_with("\u{feff}Tháng,Tiếp nhận,Đã xử lý\r\n"));
        assert_eq!(months.matches("\r\n").count(), 13);

        // Through HTTP: the file, its type and name; refusals with their status.
        let (state, _) = testing::app_state(db.clone());
        let get = |uri: &str| Request::get(uri).body(Body::empty()).unwrap();
        let r = testing::send(&state, get("/thong-ke/tong-hop.csv")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.headers[header::CONTENT_TYPE], "text/csv; charset=utf-8");
        assert!(r.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("thong-ke-tong-hop.csv"));
        assert!(r.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
        assert!(r.body.contains("Tiếp nhận,12\r\n"));
        let r = testing::send(
            &state,
            get("/thong-ke/tong-hop.csv?from=2026-03-01&to=2026-03-31&district=QT-DONGHA"),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("Tiếp nhận,6\r\n"), "{}", r.body);
        for (uri, status, says) in [
            (
                "/thong-ke/tong-hop.csv?from=31-12-2026",
                StatusCode::BAD_REQUEST,
                "năm-tháng-ngày",
            ),
            (
                "/thong-ke/tong-hop.csv?from=2026-03-31&to=2026-03-01",
                StatusCode::BAD_REQUEST,
                "trước hoặc trùng",
            ),
            (
                "/thong-ke/tong-hop.csv?to=2999-01-01",
                StatusCode::BAD_REQUEST,
                "đến hôm nay",
            ),
            (
                "/thong-ke/tong-hop.csv?district=QT-NOWHERE",
                StatusCode::BAD_REQUEST,
                "Địa bàn",
            ),
            (
                "/thong-ke/khong-co.csv",
                StatusCode::NOT_FOUND,
                "Không có bảng",
            ),
            (
                "/thong-ke/tong-hop.txt",
                StatusCode::NOT_FOUND,
                "Không có bảng",
            ),
        ] {
            let r = testing::send(&state, get(uri)).await;
            assert_eq!(r.status, status, "{uri}");
            assert!(r.body.contains(says), "{uri}: {}", r.body);
        }
        let long = format!("/thong-ke/tong-hop.csv?district={}", "a".repeat(50_000));
        assert_eq!(
            testing::send(&state, get(&long)).await.status,
            StatusCode::BAD_REQUEST
        );

        // The page itself, rendered on the server: figures in the tables, a bad date a 400.
        let r = testing::send(&state, get("/thong-ke?from=2026-03-01&to=2026-03-31")).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body.contains("data-testid=\"total-received\""),
            "{}",
            r.body
        );
        assert!(r.body.contains("<dd>11</dd>"));
        assert!(r.body.contains("66,7 %"));
        assert!(r
            .body
            .contains("/thong-ke/don-vi.csv?from=2026-03-01&amp;to=2026-03-31"));
        let r = testing::send(&state, get("/thong-ke?from=h%C3%B4m-qua")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST);
        assert!(r.body.contains("năm-tháng-ngày"));
    }));
}

fn caller() -> Caller {
    Caller::new(Some("203.0.113.9".into()))
}

#[test]
fn a_console_walk_records_the_processing_time_the_scoreboard_reads() {
    run(testing::both(|db| async move {
        reference(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let subject = |phone: &'static str| {
            let db = db.clone();
            async move {
                let u = user::Entity::find()
                    .filter(user::Column::Phone.eq(phone))
                    .one(&db)
                    .await
                    .unwrap()
                    .unwrap();
                SessionUser::from_model(&u).subject()
            }
        };
        let citizen = subject("+84900000005").await;
        let op = subject("+84900000002").await;
        let lead = subject("+84900000003").await;
        let form = FilingForm {
            title: "Ổ gà trên đường Hùng Vương".into(),
            content: "Mặt đường sụt lún thành ổ gà sâu khoảng 20 cm, xe máy đi qua rất nguy hiểm."
                .into(),
            category: "ha_tang_giao_thong".into(),
            district: "QT-DONGHA".into(),
            commune: "QT-DONGHA-P1".into(),
            address: "Trước số 120 Hùng Vương".into(),
            ..Default::default()
        };
        let code = filing::submit(&state, &caller(), &citizen, None, &form, None)
            .await
            .unwrap();
        let row = |code: String| {
            let db = db.clone();
            async move {
                report::Entity::find()
                    .filter(report::Column::Code.eq(code))
                    .one(&db)
                    .await
                    .unwrap()
                    .unwrap()
            }
        };
        let act = |s: paht::account::permission::Subject, f: ActionForm| {
            let (state, code) = (state.clone(), code.clone());
            async move {
                let v = report::Entity::find()
                    .filter(report::Column::Code.eq(code.clone()))
                    .one(&state.db)
                    .await
                    .unwrap()
                    .unwrap()
                    .version;
                console::act(&state, &caller(), &s, &code, v, &f).await
            }
        };
        let a = |name: &str| ActionForm {
            action: name.into(),
            ..Default::default()
        };
        let mut verify = a("verify");
        verify.category = "ha_tang_giao_thong".into();
        verify.level = "normal".into();
        verify.public = true;
        assert_eq!(act(op, verify).await, Ok(Status::Verified));
        let dong_ha = agency::Entity::find()
            .filter(agency::Column::Code.eq("UBND-DONGHA"))
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let mut dispatch = a("dispatch");
        dispatch.agency = dong_ha.to_string();
        assert_eq!(act(op, dispatch).await, Ok(Status::Dispatched));
        assert_eq!(act(lead, a("accept")).await, Ok(Status::Processing));
        let mut resolve = a("resolve");
        resolve.text = "Đã vá ổ gà bằng bê tông nhựa, mặt đường bằng phẳng trở lại.".into();
        assert_eq!(act(lead, resolve.clone()).await, Ok(Status::Resolved));

        // The row's resolution is the resolve event's, and its processing time follows.
        let r = row(code.clone()).await;
        let ev = report_event::Entity::find()
            .filter(report_event::Column::ReportId.eq(r.id))
            .filter(report_event::Column::Action.eq("resolve"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let resolved = r.resolved_at.expect("resolved");
        assert!((resolved - ev.at).num_seconds().abs() <= 1);
        let cal = &state.config.calendar;
        let expected = cal.working_days_between(r.dispatched_at.unwrap(), resolved) as i32;
        assert_eq!(r.processing_days, Some(expected));

        // Sent back: no result, no processing time; resolved again: both back.
        let mut back = a("send_back");
        back.reason = "Đề nghị bổ sung ảnh sau khắc phục".into();
        assert_eq!(act(op, back).await, Ok(Status::Processing));
        let r = row(code.clone()).await;
        assert_eq!((r.resolved_at, r.processing_days), (None, None));
        assert_eq!(act(lead, resolve).await, Ok(Status::Resolved));
        assert_eq!(row(code.clone()).await.processing_days, Some(expected));

        let b = board(&db, "", "", "").await;
        let a_row = agency_row(&b, "UBND-DONGHA");
        assert_eq!((a_row.received, a_row.resolved), (1, 1));
        assert_eq!(a_row.median_days, Some(i64::from(expected)));
        assert_eq!(counts(&b), [1, 1, 0, 0, 0]);

        // A result recorded before the column existed is filled in at start, once.
        report::Entity::update_many()
            .col_expr(
                report::Column::ProcessingDays,
                sea_orm::sea_query::Expr::value(Option::<i32>::None),
            )
            .filter(report::Column::Id.eq(r.id))
            .exec(&db)
            .await
            .unwrap();
        assert_eq!(stats::backfill(&db, cal).await.unwrap(), 1);
        assert_eq!(row(code.clone()).await.processing_days, Some(expected));
        assert_eq!(stats::backfill(&db, cal).await.unwrap(), 0);
    }));
}

#[test]
fn processing_days_count_working_days_only() {
    let cal = WorkCalendar::new([NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()]);
    // Monday → Friday of the same week, Wednesday a holiday: Tue, Thu, Fri.
    assert_eq!(
        stats::processing_days(&cal, Some(day(0)), Some(day(4))),
        Some(3)
    );
    // Monday → next Monday: five weekdays after it, less the holiday.
    assert_eq!(
        stats::processing_days(&cal, Some(day(0)), Some(day(7))),
        Some(4)
    );
    assert_eq!(stats::processing_days(&cal, None, Some(day(4))), None);
    assert_eq!(stats::processing_days(&cal, Some(day(0)), None), None);
}

#[test]
fn a_dashboard_shows_the_centre_the_province_and_an_officer_only_the_agency() {
    run(testing::both(|db| async move {
        let i = fixture(&db).await;
        let subject = |phone: &'static str| {
            let db = db.clone();
            async move {
                let u = user::Entity::find()
                    .filter(user::Column::Phone.eq(phone))
                    .one(&db)
                    .await
                    .unwrap()
                    .unwrap();
                SessionUser::from_model(&u).subject()
            }
        };
        let op = subject("+84900000002").await;
        let officer = subject("+84900000006").await;
        let citizen = subject("+84900000005").await;
        assert_eq!(stats::dashboard_scope(&op), Ok(None));
        assert_eq!(stats::dashboard_scope(&officer), Ok(Some(i.a)));
        assert!(stats::dashboard_scope(&citizen).is_err());
        assert!(stats::dashboard_scope(&paht::account::permission::Subject::ANONYMOUS).is_err());

        let v = validate(
            &StatsFilter::default(),
            paht::domain::deadline::local_date(Utc::now()),
        )
        .unwrap();
        let centre = stats::dashboard_board(&db, &v, None, None, Utc::now())
            .await
            .unwrap();
        assert_eq!(counts(&centre), [12, 5, 4, 3, 2]);
        assert_eq!(centre.weeks.len(), 12);
        // Agency A holds reports 3–7 and 13: 3 in progress (one overdue), 3 processed.
        let mine = stats::dashboard_board(&db, &v, None, Some(i.a), Utc::now())
            .await
            .unwrap();
        assert_eq!(counts(&mine), [6, 3, 3, 0, 1]);
        assert_eq!(mine.agencies.len(), 1);
        assert_eq!(mine.agencies[0].code, "UBND-DONGHA");
        let a = &mine.agencies[0];
        assert_eq!((a.median_days, a.p90_days), (Some(3), Some(10)));
        // The public board has no weekly table, and no weekly file.
        assert!(board(&db, "", "", "").await.weeks.is_empty());

        // Weeks: the fixture's March reports fall in the weeks of 2 and 9 March 2026.
        let march = validate(
            &StatsFilter {
                to: Some("2026-03-15".into()),
                ..Default::default()
            },
            paht::domain::deadline::local_date(Utc::now()),
        )
        .unwrap();
        let w = stats::dashboard_board(&db, &march, None, None, Utc::now())
            .await
            .unwrap()
            .weeks;
        assert_eq!(w.last().unwrap().monday, "2026-03-09");
        let week = |m: &str| {
            w.iter()
                .find(|r| r.monday == m)
                .map(|r| (r.received, r.processed))
                .unwrap()
        };
        assert_eq!(week("2026-03-02"), (11, 1), "report 8 published on 4 March");
        assert_eq!(
            week("2026-03-09"),
            (0, 2),
            "reports 6 and 7 published on 11 March"
        );

        // Through HTTP: the files are the staff's, limited as the page.
        let (state, _) = testing::app_state(db.clone());
        let get = |uri: &str, cookie: Option<&str>| {
            let mut b = Request::get(uri);
            if let Some(c) = cookie {
                b = b.header(header::COOKIE, c);
            }
            b.body(Body::empty()).unwrap()
        };
        let r = testing::send(&state, get("/console/dashboard/tong-hop.csv", None)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let citizen_cookie = testing::session_cookie(&state, "+84900000005").await;
        let r = testing::send(
            &state,
            get("/console/dashboard/tong-hop.csv", Some(&citizen_cookie)),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert_eq!(
            testing::send(&state, get("/thong-ke/theo-tuan.csv", None))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let officer_cookie = testing::session_cookie(&state, "+84900000006").await;
        let r = testing::send(
            &state,
            get("/console/dashboard/tong-hop.csv", Some(&officer_cookie)),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("Tiếp nhận,6\r\n"), "{}", r.body);
        assert!(r.headers[header::CONTENT_DISPOSITION]
            .to_str()
            .unwrap()
            .contains("bang-dieu-khien-tong-hop.csv"));
        let r = testing::send(
            &state,
            get(
                "/console/dashboard/theo-tuan.csv?to=2026-03-15",
                Some(&officer_cookie),
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r
            .body
            .starts_with("\u{feff}Tuần (từ thứ Hai),Tiếp nhận,Đã xử lý\r\n"));
        assert!(r.body.contains("2026-03-09,0,2\r\n"), "{}", r.body);
        let op_cookie = testing::session_cookie(&state, "+84900000002").await;
        let r = testing::send(
            &state,
            get("/console/dashboard/tong-hop.csv", Some(&op_cookie)),
        )
        .await;
        assert!(r.body.contains("Tiếp nhận,12\r\n"));

        // The page: the officer's agency named, its inbox tabs, the weekly table.
        let r = testing::send(&state, get("/console/dashboard", Some(&officer_cookie))).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("data-testid=\"stats-weeks\""));
        assert!(
            r.body.contains("data-testid=\"dash-tab-mine\""),
            "{}",
            r.body
        );
        assert!(r.body.contains("<dd>6</dd>"));
        let r = testing::send(&state, get("/console/dashboard", None)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let r = testing::send(&state, get("/console/dashboard", Some(&citizen_cookie))).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
    }));
}
