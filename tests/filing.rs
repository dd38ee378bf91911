#![cfg(feature = "ssr")]
//! Filing on SQLite and PostgreSQL: drafts, sending, codes under concurrency, idempotent
//! retries, ownership, withdrawal, limits, and the form without JavaScript.

use axum::http::{header, Request, StatusCode};
use chrono::Utc;
use futures::future::join_all;
use paht::account::form::FieldProblem;
use paht::account::permission::Subject;
use paht::api::AppError;
use paht::domain::code::ReportCode;
use paht::domain::filing::{FilingForm, FilingProblem};
use paht::server::auth::flows::Caller;
use paht::server::auth::SessionUser;
use paht::server::entities::{area, audit_log, report, report_event, user};
use paht::server::filing;
use paht::server::seed::{seed_demo, SeedOptions};
use paht::server::testing;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use testing::{run, send};

async fn seeded(db: &DatabaseConnection) {
    let opts = SeedOptions {
        reports: 40,
        rng_seed: 11,
        now: Utc::now(),
    };
    seed_demo(db, &opts).await.expect("seed");
}

async fn subject_of(db: &DatabaseConnection, phone: &str) -> Subject {
    let u = user::Entity::find()
        .filter(user::Column::Phone.eq(phone))
        .one(db)
        .await
        .unwrap()
        .expect("user");
    SessionUser::from_model(&u).subject()
}

fn form() -> FilingForm {
    FilingForm {
        title: "Ổ gà lớn trên đường Hùng Vương".into(),
        content: "Mặt đường sụt lún thành ổ gà sâu khoảng 20 cm, xe máy đi qua rất nguy hiểm."
            .into(),
        category: "ha_tang_giao_thong".into(),
        district: "QT-DONGHA".into(),
        commune: "QT-DONGHA-P1".into(),
        address: "Trước số 120 Hùng Vương".into(),
        urgent: true,
        hide_name: true,
        ..Default::default()
    }
}

fn caller(ip: &str) -> Caller {
    Caller::new(Some(ip.into()))
}

fn problem(e: &AppError, field: &str) -> Option<FieldProblem> {
    match e {
        AppError::Form(f) => f.problem(field),
        _ => None,
    }
}

async fn by_code(db: &DatabaseConnection, code: &str) -> report::Model {
    report::Entity::find()
        .filter(report::Column::Code.eq(code))
        .one(db)
        .await
        .unwrap()
        .expect("the report")
}

#[test]
fn drafts_are_saved_edited_listed_and_deleted_by_their_author_only() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let me = subject_of(&db, "+84900000005").await;
        let other = subject_of(&db, "+84900001001").await;
        let now = Utc::now();

        // An empty draft is fine: it is the citizen's notebook.
        let id = filing::save_draft(&state, &me, None, &FilingForm::default(), now)
            .await
            .unwrap();
        let mut half = FilingForm {
            title: "Rác thải".into(),
            district: "QT-DONGHA".into(),
            ..Default::default()
        };
        assert_eq!(
            filing::save_draft(&state, &me, Some(id), &half, now)
                .await
                .unwrap(),
            id
        );
        let d = filing::draft(&state, &me, id).await.unwrap();
        assert_eq!(d.form.title, "Rác thải");
        assert_eq!(d.form.district, "QT-DONGHA");
        let mine = filing::my_reports(&state, &me, None, None, None, 1)
            .await
            .unwrap();
        let row = mine.rows.iter().find(|r| r.id == id).expect("listed");
        assert_eq!(row.code, None, "a draft has no code yet");

        // Someone else's draft does not exist for them: 404, and nothing changes.
        half.title = "Đã sửa bởi người khác".into();
        for e in [
            filing::draft(&state, &other, id).await.unwrap_err(),
            filing::save_draft(&state, &other, Some(id), &half, now)
                .await
                .unwrap_err(),
            filing::delete_draft(&state, &other, id).await.unwrap_err(),
            filing::submit(
                &state,
                &caller("198.51.100.1"),
                &other,
                Some(id),
                &form(),
                None,
            )
            .await
            .unwrap_err(),
        ] {
            assert_eq!(e, AppError::NotFound);
        }
        assert_eq!(
            filing::draft(&state, &me, id).await.unwrap().form.title,
            "Rác thải"
        );
        let staff = subject_of(&db, "+84900000002").await;
        assert!(matches!(
            filing::save_draft(&state, &staff, None, &half, now).await,
            Err(AppError::Denied(_))
        ));

        filing::delete_draft(&state, &me, id).await.unwrap();
        assert_eq!(
            filing::draft(&state, &me, id).await.unwrap_err(),
            AppError::NotFound
        );
        assert!(report::Entity::find_by_id(id)
            .one(&db)
            .await
            .unwrap()
            .is_none());
    }));
}

#[test]
fn sending_assigns_a_code_places_routes_and_records_it() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let me = subject_of(&db, "+84900000005").await;
        let year = chrono::Datelike::year(&(Utc::now() + chrono::TimeDelta::hours(7)));
        let highest = report::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .filter_map(|r| r.code.parse::<ReportCode>().ok())
            .filter(|c| c.year == year)
            .map(|c| c.seq)
            .max()
            .unwrap_or(0);
        let code = filing::submit(&state, &caller("203.0.113.20"), &me, None, &form(), None)
            .await
            .unwrap();
        let parsed: ReportCode = code.parse().expect("a PA-YYYY-NNNNNN code");
        assert_eq!(
            (parsed.year, parsed.seq),
            (year, highest + 1),
            "right after the demo codes"
        );
        let r = by_code(&db, &code).await;
        assert_eq!(r.status, "submitted");
        assert_eq!(r.reporter_id, me.user_id);
        assert!(r.citizen_urgent && r.hide_name);
        assert!(r.place_approximate);
        let ward = area::Entity::find()
            .filter(area::Column::Code.eq("QT-DONGHA-P1"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.commune_id, Some(ward.id));
        assert_eq!(r.district_id, ward.parent_id);
        assert!(
            r.suggested_agency_id.is_some(),
            "the routing rules suggested an agency"
        );
        assert!(
            !r.is_public,
            "nobody but the author sees it before the centre"
        );
        let events = report_event::Entity::find()
            .filter(report_event::Column::ReportId.eq(r.id))
            .all(&db)
            .await
            .unwrap();
        assert_eq!(events.len(), 1);
        assert_eq!(events[0].action, "submit");
        assert_eq!(events[0].to_status, "submitted");
        assert_eq!(
            audit_log::Entity::find()
                .filter(audit_log::Column::Action.eq("report_submitted"))
                .filter(audit_log::Column::ObjectId.eq(code.clone()))
                .count(&db)
                .await
                .unwrap(),
            1
        );
        // Its page: the author sees it (marked not yet public), nobody else does.
        let now = Utc::now();
        let mine = paht::server::public_reports::detail_for(&db, &code, now, me.user_id)
            .await
            .unwrap()
            .expect("the author's view");
        assert!(mine.own && !mine.public);
        let other = subject_of(&db, "+84900001003").await;
        for viewer in [None, other.user_id] {
            assert!(
                paht::server::public_reports::detail_for(&db, &code, now, viewer)
                    .await
                    .unwrap()
                    .is_none()
            );
        }
        let page = |cookie: String| {
            Request::get(format!("/reports/{code}"))
                .header(header::COOKIE, cookie)
                .body(axum::body::Body::empty())
                .unwrap()
        };
        let r = send(
            &state,
            page(testing::session_cookie(&state, "+84900000005").await),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("chưa được công khai"));
        assert!(
            r.body.contains("Rút phản ánh"),
            "a waiting report can be withdrawn"
        );
        let r = send(
            &state,
            page(testing::session_cookie(&state, "+84900001003").await),
        )
        .await;
        assert_eq!(r.status, StatusCode::NOT_FOUND);

        // The next one takes the next number.
        let next = filing::submit(&state, &caller("203.0.113.20"), &me, None, &form(), None)
            .await
            .unwrap();
        assert_eq!(next.parse::<ReportCode>().unwrap().seq, parsed.seq + 1);
    }));
}

#[test]
fn a_pin_places_the_report_and_one_outside_the_province_is_refused() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let me = subject_of(&db, "+84900000005").await;
        let mut pinned = form();
        // Picked lists that disagree with the pin: the pin decides.
        pinned.district = "QT-CAMLO".into();
        pinned.commune = String::new();
        pinned.lat = "16.8185".into();
        pinned.lng = "107.0985".into();
        let code = filing::submit(&state, &caller("203.0.113.30"), &me, None, &pinned, None)
            .await
            .unwrap();
        let r = by_code(&db, &code).await;
        assert!(!r.place_approximate);
        assert_eq!((r.lat, r.lng), (16.8185, 107.0985));
        let dong_ha = area::Entity::find()
            .filter(area::Column::Code.eq("QT-DONGHA"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(r.district_id, Some(dong_ha.id));
        let ward = area::Entity::find_by_id(r.commune_id.expect("a ward of Đông Hà"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(ward.parent_id, Some(dong_ha.id));

        let before = report::Entity::find().count(&db).await.unwrap();
        let mut outside = form();
        outside.lat = "10.7769".into();
        outside.lng = "106.7009".into();
        let e = filing::submit(&state, &caller("203.0.113.30"), &me, None, &outside, None)
            .await
            .unwrap_err();
        assert_eq!(
            problem(&e, "place"),
            Some(FieldProblem::Filing(FilingProblem::PointOutside))
        );
        assert!(e
            .message(paht::i18n::Lang::Vi)
            .contains("ngoài địa bàn tỉnh"));
        assert_eq!(report::Entity::find().count(&db).await.unwrap(), before);
    }));
}

#[test]
fn nearby_open_public_reports_are_found_within_200_metres() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let now = Utc::now();
        let open = report::Entity::find()
            .filter(report::Column::IsPublic.eq(true))
            .filter(report::Column::Status.is_in([
                "verified",
                "dispatched",
                "processing",
                "resolved",
            ]))
            .filter(report::Column::ReceivedAt.gte(now - chrono::TimeDelta::days(60)))
            .one(&db)
            .await
            .unwrap()
            .expect("an open public report of the last 60 days");
        let at = paht::domain::geo::Point {
            lat: open.lat,
            lng: open.lng,
        };
        let found = filing::nearby(&db, at, None, now).await.unwrap();
        assert!(found.iter().any(|n| n.code == open.code), "{found:?}");
        assert!(found.len() <= 5);
        assert!(found.windows(2).all(|w| w[0].distance_m <= w[1].distance_m));
        // 300 m north it is out of reach; another category never matches it.
        let north = paht::domain::geo::Point {
            lat: open.lat + 0.0027,
            lng: open.lng,
        };
        assert!(!filing::nearby(&db, north, None, now)
            .await
            .unwrap()
            .iter()
            .any(|n| n.code == open.code));
        let other = paht::server::entities::category::Entity::find()
            .filter(
                paht::server::entities::category::Column::Id
                    .ne(open.category_id.unwrap_or_default()),
            )
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert!(!filing::nearby(&db, at, Some(&other.code), now)
            .await
            .unwrap()
            .iter()
            .any(|n| n.code == open.code));
    }));
}

#[test]
fn fifty_concurrent_sends_get_fifty_consecutive_codes() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let citizens: Vec<Subject> = {
            let mut v = Vec::new();
            for i in 1..=25 {
                v.push(subject_of(&db, &format!("+849000010{i:02}")).await);
            }
            v
        };
        let sends = (0..50).map(|i| {
            let state = state.clone();
            let who = citizens[i % 25];
            tokio::spawn(async move {
                filing::submit(
                    &state,
                    &caller(&format!("198.51.100.{i}")),
                    &who,
                    None,
                    &form(),
                    None,
                )
                .await
            })
        });
        let mut seqs: Vec<u64> = join_all(sends)
            .await
            .into_iter()
            .map(|r| r.unwrap().expect("sent").parse::<ReportCode>().unwrap().seq)
            .collect();
        seqs.sort();
        let first = seqs[0];
        assert_eq!(
            seqs,
            (first..first + 50).collect::<Vec<_>>(),
            "distinct, no gaps"
        );
    }));
}

#[test]
fn a_retried_form_sends_once_and_a_refused_one_stores_nothing() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let me = subject_of(&db, "+84900000005").await;
        let before = report::Entity::find().count(&db).await.unwrap();
        let key = "k3y-0f-0ne-f1lled-f0rm";
        // A double tap: both at once, then a retry after a "timeout".
        let (c, f) = (caller("203.0.113.21"), form());
        let (a, b) = tokio::join!(
            filing::submit(&state, &c, &me, None, &f, Some(key)),
            filing::submit(&state, &c, &me, None, &f, Some(key)),
        );
        let retry = filing::submit(
            &state,
            &caller("203.0.113.21"),
            &me,
            None,
            &form(),
            Some(key),
        )
        .await
        .unwrap();
        assert_eq!(a.unwrap(), retry);
        assert_eq!(b.unwrap(), retry);
        assert_eq!(report::Entity::find().count(&db).await.unwrap(), before + 1);

        let mut bad = form();
        bad.content = "ngắn".into();
        bad.commune = "QT-CAMLO".into();
        let e = filing::submit(&state, &caller("203.0.113.21"), &me, None, &bad, None)
            .await
            .unwrap_err();
        assert_eq!(
            problem(&e, "content"),
            Some(FieldProblem::Filing(FilingProblem::ContentTooShort))
        );
        assert_eq!(e.status_code(), 422);
        bad.content = form().content;
        let e = filing::submit(&state, &caller("203.0.113.21"), &me, None, &bad, None)
            .await
            .unwrap_err();
        assert_eq!(
            problem(&e, "commune"),
            Some(FieldProblem::Filing(FilingProblem::UnknownChoice)),
            "a district code is not a commune"
        );
        bad.commune = "QT-DONGHA-P1".into();
        bad.district = "QT-CAMLO".into();
        let e = filing::submit(&state, &caller("203.0.113.21"), &me, None, &bad, None)
            .await
            .unwrap_err();
        assert_eq!(
            problem(&e, "commune"),
            Some(FieldProblem::Filing(FilingProblem::CommuneNotInDistrict))
        );
        assert_eq!(report::Entity::find().count(&db).await.unwrap(), before + 1);
    }));
}

#[test]
fn a_draft_is_sent_once_withdrawn_by_its_author_and_sends_are_limited() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let me = subject_of(&db, "+84900000005").await;
        let other = subject_of(&db, "+84900001002").await;
        let id = filing::save_draft(&state, &me, None, &form(), Utc::now())
            .await
            .unwrap();
        let code = filing::submit(
            &state,
            &caller("203.0.113.22"),
            &me,
            Some(id),
            &form(),
            None,
        )
        .await
        .unwrap();
        let r = by_code(&db, &code).await;
        assert_eq!(r.id, id, "the draft became the report");
        assert_eq!(
            filing::submit(
                &state,
                &caller("203.0.113.22"),
                &me,
                Some(id),
                &form(),
                None
            )
            .await
            .unwrap_err(),
            AppError::Conflict,
            "no longer a draft"
        );
        assert_eq!(
            filing::withdraw(&state, &caller("203.0.113.22"), &other, &code)
                .await
                .unwrap_err(),
            AppError::NotFound
        );
        filing::withdraw(&state, &caller("203.0.113.22"), &me, &code)
            .await
            .unwrap();
        assert_eq!(by_code(&db, &code).await.status, "withdrawn");
        assert_eq!(
            filing::withdraw(&state, &caller("203.0.113.22"), &me, &code)
                .await
                .unwrap_err(),
            AppError::Conflict
        );

        // Ten an hour per account: the eleventh waits (this account has sent one already).
        for i in 0..9 {
            filing::submit(
                &state,
                &caller(&format!("192.0.2.{i}")),
                &me,
                None,
                &form(),
                None,
            )
            .await
            .unwrap();
        }
        let e = filing::submit(&state, &caller("192.0.2.99"), &me, None, &form(), None)
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::RateLimited(_)), "{e:?}");
        assert_eq!(e.status_code(), 429);
    }));
}

#[test]
fn without_javascript_the_form_posts_and_comes_back() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let cookie = testing::session_cookie(&state, "+84900000005").await;
        let post = |body: String| {
            Request::post("/api/filing/save")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::ACCEPT, "text/html")
                .header(header::REFERER, "http://localhost/reports/new")
                .header("sec-fetch-site", "same-origin")
                .header(header::COOKIE, &cookie)
                .body(axum::body::Body::from(body))
                .unwrap()
        };
        let good = [
            ("intent", "send"),
            ("draft", ""),
            ("key", ""),
            ("form[title]", "Đèn đường hỏng"),
            (
                "form[content]",
                "Cả dãy đèn trước trường không sáng từ ba hôm nay.",
            ),
            ("form[category]", ""),
            ("form[district]", "QT-DONGHA"),
            ("form[commune]", ""),
            ("form[address]", ""),
            ("form[urgent]", "true"),
        ]
        .iter()
        .map(|(k, v)| format!("{}={}", urlencoding::encode(k), urlencoding::encode(v)))
        .collect::<Vec<_>>()
        .join("&");
        let r = send(&state, post(good.to_string())).await;
        assert_eq!(r.status, StatusCode::FOUND, "{}", r.body);
        let location = r.header("location").unwrap().to_string();
        assert!(location.starts_with("/reports/sent?code=PA-"), "{location}");
        let page = send(
            &state,
            Request::get(&location)
                .header(header::COOKIE, &cookie)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Đã gửi phản ánh"));
        let code = location.trim_start_matches("/reports/sent?code=");
        assert!(page.body.contains(code));
        assert!(by_code(&db, code).await.citizen_urgent);

        // Refused: back to the form with the message and what was typed.
        let r = send(
            &state,
            post(
                "intent=send&form%5Btitle%5D=&form%5Bcontent%5D=ng%E1%BA%AFn&form%5Bdistrict%5D="
                    .into(),
            ),
        )
        .await;
        assert_eq!(r.status, StatusCode::FOUND);
        let back = r
            .header("location")
            .unwrap()
            .trim_start_matches("http://localhost")
            .to_string();
        assert!(back.starts_with("/reports/new?"), "{back}");
        let page = send(
            &state,
            Request::get(&back)
                .header(header::COOKIE, &cookie)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(
            page.body.contains("Vui lòng nhập tiêu đề phản ánh."),
            "{}",
            page.body
        );
        assert!(page.body.contains("ít nhất 20 ký tự"));

        // "My reports" lists it, newest first.
        let mine = send(
            &state,
            Request::get("/me/reports")
                .header(header::COOKIE, &cookie)
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(mine.status, StatusCode::OK);
        assert!(mine.body.contains("Đèn đường hỏng"));
        // Without a session the pages invite to log in.
        let anonymous = send(
            &state,
            Request::get("/reports/new")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    }));
}

#[test]
fn typed_addresses_find_our_places_without_diacritics() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let hits = filing::places(&db, "dong ha").await.unwrap();
        assert_eq!(hits[0].name, "Thành phố Đông Hà");
        assert_eq!(hits[0].district, "QT-DONGHA");
        assert!(hits.len() <= paht::dto::filing::PLACES_MAX);
        // A commune, with its district; the pin at its centre lies in it.
        let hits = filing::places(&db, "KHE SANH").await.unwrap();
        let khe = hits
            .iter()
            .find(|h| h.name == "Thị trấn Khe Sanh")
            .expect("Khe Sanh");
        assert_eq!(
            (khe.district.as_str(), khe.commune.as_str()),
            ("QT-HUONGHOA", "QT-HUONGHOA-KHESANH")
        );
        assert_eq!(khe.detail, "Huyện Hướng Hóa");
        // A street of the gazetteer, typed as on a phone.
        let hits = filing::places(&db, "duong le duan").await.unwrap();
        let street = hits
            .iter()
            .find(|h| h.name == "Đường Lê Duẩn")
            .expect("Lê Duẩn");
        assert_eq!(street.district, "QT-DONGHA");
        assert!(street.approximate);
        // Every suggestion's pin is accepted by the form: inside its district.
        let who = subject_of(&db, "+84900000005").await;
        let (state, _) = testing::app_state(db.clone());
        for h in [khe, street] {
            let id = filing::save_draft(
                &state,
                &who,
                None,
                &FilingForm {
                    lat: h.lat.to_string(),
                    lng: h.lng.to_string(),
                    ..Default::default()
                },
                Utc::now(),
            )
            .await
            .expect("the pin is in the province");
            let r = report::Entity::find_by_id(id)
                .one(&db)
                .await
                .unwrap()
                .unwrap();
            let d = area::Entity::find_by_id(r.district_id.unwrap())
                .one(&db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(d.code, h.district, "{}", h.name);
        }
        // Nothing to look up, and nothing looked up for a flood.
        assert!(filing::places(&db, "").await.unwrap().is_empty());
        assert!(filing::places(&db, "d").await.unwrap().is_empty());
        assert!(filing::places(&db, "khong co dia danh nay")
            .await
            .unwrap()
            .is_empty());
        assert!(filing::places(&db, &"đông hà ".repeat(100_000))
            .await
            .unwrap()
            .is_empty());
        // Through HTTP, for anyone.
        let r = send(
            &state,
            testing::form_post("/api/filing/places", "q=cam+lo", None),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("Huyện Cam Lộ"), "{}", r.body);
    }));
}
