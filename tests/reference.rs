#![cfg(feature = "ssr")]
//! Reference administration on SQLite and PostgreSQL: categories (their deadlines reach the
//! next dispatch), public holidays in the database (seeded once, read by the deadline
//! arithmetic, edited by admins), agencies (a parent never loops, a deactivated agency is
//! neither offered nor suggested nor dispatched to). A refused form answers its field
//! problems and changes nothing; every change leaves an audit row; only admins may.

use axum::http::{header, Request, StatusCode};
use chrono::{Datelike, NaiveDate, TimeDelta, Utc, Weekday};
use paht::account::form::FieldProblem;
use paht::account::permission::Subject;
use paht::domain::admin::{AdminProblem, AgencyInput, CategoryInput};
use paht::domain::console::ActionForm;
use paht::domain::deadline::{local_date, WorkCalendar};
use paht::domain::filing::FilingForm;
use paht::domain::lifecycle::Status;
use paht::dto::error::AppError;
use paht::server::auth::flows::Caller;
use paht::server::auth::SessionUser;
use paht::server::entities::{agency, audit_log, category, holiday, report, user};
use paht::server::seed::{seed_demo, SeedOptions};
use paht::server::{console, filing, reference, testing, AppState};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};
use testing::run;

const ADMIN: &str = "+84900000001";
const OPERATOR: &str = "+84900000002";
const LEAD: &str = "+84900000003";
const CITIZEN: &str = "+84900000005";

async fn reference_data(db: &DatabaseConnection) {
    let opts = SeedOptions {
        reports: 0,
        rng_seed: 5,
        now: Utc::now(),
    };
    seed_demo(db, &opts).await.expect("seed");
}

async fn subject(db: &DatabaseConnection, phone: &str) -> Subject {
    let u = user::Entity::find()
        .filter(user::Column::Phone.eq(phone))
        .one(db)
        .await
        .unwrap()
        .expect(phone);
    SessionUser::from_model(&u).subject()
}

fn caller() -> Caller {
    Caller::new(Some("203.0.113.20".into()))
}

/// The field problems of a refusal, as (field, problem).
fn problems(e: AppError) -> Vec<(String, AdminProblem)> {
    match e {
        AppError::Form(f) => f
            .problems
            .into_iter()
            .map(|(field, p)| match p {
                FieldProblem::Admin(a) => (field, a),
                other => panic!("{field}: {other:?}"),
            })
            .collect(),
        other => panic!("expected field problems, got {other:?}"),
    }
}

async fn audits(db: &DatabaseConnection, action: &str) -> u64 {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .count(db)
        .await
        .unwrap()
}

async fn agency_id(db: &DatabaseConnection, code: &str) -> i64 {
    agency::Entity::find()
        .filter(agency::Column::Code.eq(code))
        .one(db)
        .await
        .unwrap()
        .expect(code)
        .id
}

/// A citizen files a road report in Đông Hà; the centre verifies it. Answers its code.
async fn verified_report(state: &AppState, title: &str) -> String {
    let db = &state.db;
    let form = FilingForm {
        title: title.into(),
        content: "Mặt đường sụt lún thành ổ gà sâu khoảng 20 cm, xe máy đi qua rất nguy hiểm."
            .into(),
        category: "ha_tang_giao_thong".into(),
        district: "QT-DONGHA".into(),
        commune: "QT-DONGHA-P1".into(),
        address: "Trước số 120 Hùng Vương".into(),
        ..Default::default()
    };
    let citizen = subject(db, CITIZEN).await;
    let code = filing::submit(state, &caller(), &citizen, None, &form, None)
        .await
        .unwrap();
    let mut verify = ActionForm {
        action: "verify".into(),
        ..Default::default()
    };
    verify.category = "ha_tang_giao_thong".into();
    verify.level = "normal".into();
    verify.public = true;
    assert_eq!(
        act(state, OPERATOR, &code, verify).await,
        Ok(Status::Verified)
    );
    code
}

async fn act(state: &AppState, phone: &str, code: &str, f: ActionForm) -> Result<Status, AppError> {
    let who = subject(&state.db, phone).await;
    let v = report_row(&state.db, code).await.version;
    console::act(state, &caller(), &who, code, v, &f).await
}

async fn report_row(db: &DatabaseConnection, code: &str) -> report::Model {
    report::Entity::find()
        .filter(report::Column::Code.eq(code))
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

fn dispatch_to(agency: i64) -> ActionForm {
    ActionForm {
        action: "dispatch".into(),
        agency: agency.to_string(),
        ..Default::default()
    }
}

fn road(default_days: &str, urgent_days: &str) -> CategoryInput {
    CategoryInput {
        code: String::new(),
        name_vi: "Hạ tầng giao thông".into(),
        name_en: "Road infrastructure".into(),
        default_days: default_days.into(),
        urgent_days: urgent_days.into(),
        color: "#b91c1c".into(),
        icon: "road".into(),
        sort_order: "30".into(),
        active: Some("on".into()),
    }
}

#[test]
fn an_admin_edits_categories_and_the_next_dispatch_follows_the_new_deadline() {
    run(testing::both(|db| async move {
        reference_data(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let admin = subject(&db, ADMIN).await;
        let list = reference::list_categories(&state, &admin).await.unwrap();
        assert_eq!(list.len(), 8);
        let road_row = list
            .iter()
            .find(|c| c.code == "ha_tang_giao_thong")
            .unwrap()
            .clone();

        // A refused change answers every problem and changes nothing.
        let mut bad = road("0", "abc");
        bad.color = "red".into();
        bad.name_vi = " ".into();
        let e = reference::save_category(&state, &caller(), &admin, Some(road_row.id), &bad)
            .await
            .unwrap_err();
        assert_eq!(
            problems(e),
            vec![
                ("name_vi".into(), AdminProblem::Required),
                ("default_days".into(), AdminProblem::BadDays),
                ("urgent_days".into(), AdminProblem::BadDays),
                ("color".into(), AdminProblem::BadColor),
            ]
        );
        let e = reference::save_category(
            &state,
            &caller(),
            &admin,
            Some(road_row.id),
            &road("2", "5"),
        )
        .await
        .unwrap_err();
        assert_eq!(
            problems(e),
            vec![("urgent_days".into(), AdminProblem::UrgentLonger)]
        );
        let stored = category::Entity::find_by_id(road_row.id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (stored.default_days, stored.urgent_days),
            (road_row.default_days, road_row.urgent_days)
        );
        assert_eq!(audits(&db, "category_changed").await, 0);

        // Others are refused whatever they send.
        for phone in [OPERATOR, LEAD, CITIZEN] {
            let who = subject(&db, phone).await;
            assert!(matches!(
                reference::save_category(
                    &state,
                    &caller(),
                    &who,
                    Some(road_row.id),
                    &road("3", "1")
                )
                .await,
                Err(AppError::Denied(_))
            ));
            assert!(matches!(
                reference::list_categories(&state, &who).await,
                Err(AppError::Denied(_))
            ));
        }

        // Three working days, one when urgent: the code stays whatever the form says.
        let mut change = road("3", "1");
        change.code = "doi_ma".into();
        reference::save_category(&state, &caller(), &admin, Some(road_row.id), &change)
            .await
            .unwrap();
        let stored = category::Entity::find_by_id(road_row.id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (
                stored.code.as_str(),
                stored.default_days,
                stored.urgent_days
            ),
            ("ha_tang_giao_thong", 3, 1)
        );
        assert_eq!(audits(&db, "category_changed").await, 1);

        let code = verified_report(&state, "Ổ gà trên đường Hùng Vương").await;
        let before = Utc::now();
        let dong_ha = agency_id(&db, "UBND-DONGHA").await;
        assert_eq!(
            act(&state, OPERATOR, &code, dispatch_to(dong_ha)).await,
            Ok(Status::Dispatched)
        );
        let r = report_row(&db, &code).await;
        let cal = state.calendar.get();
        let due = r.due_at.expect("a deadline");
        let expected = [
            cal.add_working_days(before, 3),
            cal.add_working_days(Utc::now(), 3),
        ];
        assert!(expected.contains(&due), "{due} not in {expected:?}");

        // A new category; its code is unique.
        let mut trees = road("10", "3");
        trees.code = "cay_xanh".into();
        trees.name_vi = "Cây xanh đô thị".into();
        trees.name_en = "Urban trees".into();
        trees.icon = "trash".into();
        trees.active = None;
        let id = reference::save_category(&state, &caller(), &admin, None, &trees)
            .await
            .unwrap();
        let c = category::Entity::find_by_id(id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (c.code.as_str(), c.name_vi.as_str(), c.active),
            ("cay_xanh", "Cây xanh đô thị", false)
        );
        let e = reference::save_category(&state, &caller(), &admin, None, &trees)
            .await
            .unwrap_err();
        assert_eq!(problems(e), vec![("code".into(), AdminProblem::CodeTaken)]);
        assert_eq!(category::Entity::find().count(&db).await.unwrap(), 9);
        assert_eq!(audits(&db, "category_created").await, 1);
        // An inactive category is not offered to citizens.
        let choices = filing::choices(&db).await.unwrap();
        assert!(!choices.categories.iter().any(|c| c.code == "cay_xanh"));
    }));
}

/// The first Monday-to-Friday day after `d` that is not in `cal`.
fn next_working_day(cal: &WorkCalendar, d: NaiveDate) -> NaiveDate {
    let mut d = d + TimeDelta::days(1);
    while !cal.is_working_day(d) {
        d += TimeDelta::days(1);
    }
    d
}

#[test]
fn holidays_live_in_the_database_and_move_the_deadlines_set_after_a_change() {
    run(testing::both(|db| async move {
        reference_data(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let admin = subject(&db, ADMIN).await;

        // Filled once from the built-in calendar and the configured days.
        let mut configured = WorkCalendar::vietnam_default();
        let extra = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
        configured.holidays.insert(extra);
        let n = reference::seed_holidays(&db, &configured).await.unwrap();
        assert_eq!(n, configured.holidays.len() as u64);
        assert_eq!(reference::seed_holidays(&db, &configured).await.unwrap(), 0);
        state.calendar.reload(&db).await.unwrap();
        assert_eq!(*state.calendar.get(), configured);

        let page = reference::list_holidays(&state, &admin, Some("2026"))
            .await
            .unwrap();
        assert_eq!(page.year, 2026);
        assert!(page.years.contains(&2025) && page.years.contains(&2027));
        let names: Vec<(&str, &str)> = page
            .rows
            .iter()
            .map(|h| (h.day.as_str(), h.name.as_str()))
            .collect();
        assert!(names.contains(&("2026-09-02", "Quốc khánh")));
        assert!(names.contains(&("2026-11-20", "Ngày nghỉ bổ sung (theo cấu hình)")));
        assert!(matches!(
            reference::list_holidays(&state, &admin, Some("1850")).await,
            Err(AppError::Form(_))
        ));

        // Refused: nothing is added.
        let count = || async { holiday::Entity::find().count(&db).await.unwrap() };
        let before = count().await;
        let e = reference::add_holiday(&state, &caller(), &admin, "2026-02-30", "Ngày nghỉ")
            .await
            .unwrap_err();
        assert_eq!(problems(e), vec![("day".into(), AdminProblem::BadDate)]);
        let e = reference::add_holiday(&state, &caller(), &admin, "2026-09-02", "Quốc khánh")
            .await
            .unwrap_err();
        assert_eq!(
            problems(e),
            vec![("day".into(), AdminProblem::HolidayTaken)]
        );
        let e = reference::add_holiday(&state, &caller(), &admin, &"9".repeat(100_000), "")
            .await
            .unwrap_err();
        assert_eq!(
            problems(e),
            vec![
                ("day".into(), AdminProblem::TooLong(10)),
                ("name".into(), AdminProblem::Required)
            ]
        );
        let operator = subject(&db, OPERATOR).await;
        assert!(matches!(
            reference::add_holiday(&state, &caller(), &operator, "2030-01-02", "Nghỉ").await,
            Err(AppError::Denied(_))
        ));
        assert_eq!(count().await, before);

        // The next working day becomes a holiday: a one-day deadline moves past it.
        reference::save_category(
            &state,
            &caller(),
            &admin,
            Some(
                category::Entity::find()
                    .filter(category::Column::Code.eq("ha_tang_giao_thong"))
                    .one(&db)
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
            ),
            &road("1", "1"),
        )
        .await
        .unwrap();
        let today = local_date(Utc::now());
        let h = next_working_day(&state.calendar.get(), today);
        let without = state.calendar.get().add_working_days(Utc::now(), 1);
        reference::add_holiday(&state, &caller(), &admin, &h.to_string(), "Nghỉ đột xuất")
            .await
            .unwrap();
        assert!(!state.calendar.get().is_working_day(h));
        let code = verified_report(&state, "Cống thoát nước bị tắc").await;
        let dong_ha = agency_id(&db, "UBND-DONGHA").await;
        let start = Utc::now();
        assert_eq!(
            act(&state, OPERATOR, &code, dispatch_to(dong_ha)).await,
            Ok(Status::Dispatched)
        );
        let due = report_row(&db, &code).await.due_at.unwrap();
        let cal = state.calendar.get();
        assert!([
            cal.add_working_days(start, 1),
            cal.add_working_days(Utc::now(), 1)
        ]
        .contains(&due));
        assert!(
            due > without,
            "the holiday {h} pushed the deadline {due} past {without}"
        );
        assert_eq!(audits(&db, "holiday_added").await, 1);

        // Removed: a working day again; a second removal is refused.
        reference::remove_holiday(&state, &caller(), &admin, &h.to_string())
            .await
            .unwrap();
        assert!(state.calendar.get().is_working_day(h));
        let e = reference::remove_holiday(&state, &caller(), &admin, &h.to_string())
            .await
            .unwrap_err();
        assert_eq!(
            problems(e),
            vec![("day".into(), AdminProblem::UnknownHoliday)]
        );
        assert_eq!(audits(&db, "holiday_removed").await, 1);
        // A weekend holiday is listed as one.
        let sat = (0..7)
            .map(|i| NaiveDate::from_ymd_opt(2031, 3, 1).unwrap() + TimeDelta::days(i))
            .find(|d| d.weekday() == Weekday::Sat)
            .unwrap();
        reference::add_holiday(
            &state,
            &caller(),
            &admin,
            &sat.to_string(),
            "Ngày lễ trùng thứ Bảy",
        )
        .await
        .unwrap();
        let page = reference::list_holidays(&state, &admin, Some("2031"))
            .await
            .unwrap();
        assert_eq!(page.rows.len(), 1);
        assert!(page.rows[0].weekend);
    }));
}

fn agency_form(code: &str, name: &str, parent: Option<i64>) -> AgencyInput {
    AgencyInput {
        code: code.into(),
        name: name.into(),
        kind: "department".into(),
        area_id: String::new(),
        parent_id: parent.map(|p| p.to_string()).unwrap_or_default(),
        phone: "0233 3852 000".into(),
        email: "vanphong@quangtri.gov.vn".into(),
    }
}

#[test]
fn agencies_never_loop_and_a_deactivated_one_receives_nothing_new() {
    run(testing::both(|db| async move {
        reference_data(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let admin = subject(&db, ADMIN).await;
        let operator = subject(&db, OPERATOR).await;
        let dong_ha = agency_id(&db, "UBND-DONGHA").await;
        let agencies = agency::Entity::find().count(&db).await.unwrap();

        // Refused forms add nothing.
        let mut bad = agency_form("Sở", "", None);
        bad.kind = "army".into();
        bad.email = "vanphong".into();
        bad.parent_id = "999999".into();
        let e = reference::save_agency(&state, &caller(), &admin, None, &bad)
            .await
            .unwrap_err();
        assert_eq!(
            problems(e),
            vec![
                ("code".into(), AdminProblem::BadCode),
                ("name".into(), AdminProblem::Required),
                ("kind".into(), AdminProblem::UnknownKind),
                ("email".into(), AdminProblem::BadEmail),
            ]
        );
        let e = reference::save_agency(
            &state,
            &caller(),
            &admin,
            None,
            &agency_form("PHONG-QLDT", "Phòng Quản lý đô thị", Some(999_999)),
        )
        .await
        .unwrap_err();
        assert_eq!(
            problems(e),
            vec![("parent_id".into(), AdminProblem::UnknownParent)]
        );
        let e = reference::save_agency(
            &state,
            &caller(),
            &admin,
            None,
            &agency_form("UBND-DONGHA", "Trùng mã", None),
        )
        .await
        .unwrap_err();
        assert_eq!(problems(e), vec![("code".into(), AdminProblem::CodeTaken)]);
        assert_eq!(agency::Entity::find().count(&db).await.unwrap(), agencies);

        // A sub-unit of Đông Hà's committee; the committee cannot then be put under it.
        let office = reference::save_agency(
            &state,
            &caller(),
            &admin,
            None,
            &agency_form(
                "phong-qldt-dh",
                "Phòng Quản lý đô thị thành phố Đông Hà",
                Some(dong_ha),
            ),
        )
        .await
        .unwrap();
        let o = agency::Entity::find_by_id(office)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (o.code.as_str(), o.parent_id, o.active),
            ("PHONG-QLDT-DH", Some(dong_ha), true)
        );
        let committee = agency::Entity::find_by_id(dong_ha)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let mut up = agency_form("", &committee.name, Some(office));
        up.kind = committee.kind.clone();
        let e = reference::save_agency(&state, &caller(), &admin, Some(dong_ha), &up)
            .await
            .unwrap_err();
        assert_eq!(
            problems(e),
            vec![("parent_id".into(), AdminProblem::ParentCycle)]
        );
        let e = reference::save_agency(
            &state,
            &caller(),
            &admin,
            Some(office),
            &agency_form("", "Phòng QLĐT", Some(office)),
        )
        .await
        .unwrap_err();
        assert_eq!(
            problems(e),
            vec![("parent_id".into(), AdminProblem::ParentCycle)]
        );
        assert_eq!(
            agency::Entity::find_by_id(dong_ha)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .parent_id,
            None
        );
        let page = reference::list_agencies(&state, &admin).await.unwrap();
        let row = page.rows.iter().find(|a| a.id == office).unwrap();
        assert_eq!(row.parent.as_deref(), Some(committee.name.as_str()));
        assert!(page.rows.iter().find(|a| a.id == dong_ha).unwrap().staff >= 1);
        assert_eq!(audits(&db, "agency_created").await, 1);

        // Deactivated: not offered, not suggested, and a dispatch to it is refused.
        assert!(matches!(
            reference::set_agency_active(&state, &caller(), &operator, dong_ha, false).await,
            Err(AppError::Denied(_))
        ));
        reference::set_agency_active(&state, &caller(), &admin, dong_ha, false)
            .await
            .unwrap();
        assert_eq!(audits(&db, "agency_deactivated").await, 1);
        let offered = console::choices(&state, &operator).await.unwrap();
        assert!(!offered.agencies.iter().any(|a| a.id == dong_ha));
        assert!(offered.agencies.iter().any(|a| a.id == office));
        let code = verified_report(&state, "Ổ gà trước chợ Đông Hà").await;
        assert_ne!(
            report_row(&db, &code).await.suggested_agency_id,
            Some(dong_ha)
        );
        let e = act(&state, OPERATOR, &code, dispatch_to(dong_ha))
            .await
            .unwrap_err();
        assert!(matches!(e, AppError::Form(_)), "{e:?}");
        assert_eq!(report_row(&db, &code).await.status, "verified");
        assert_eq!(
            reference::set_agency_active(&state, &caller(), &admin, 999_999, true).await,
            Err(AppError::NotFound)
        );

        // Reactivated: offered again.
        reference::set_agency_active(&state, &caller(), &admin, dong_ha, true)
            .await
            .unwrap();
        assert_eq!(audits(&db, "agency_activated").await, 1);
        assert!(console::choices(&state, &operator)
            .await
            .unwrap()
            .agencies
            .iter()
            .any(|a| a.id == dong_ha));
        assert_eq!(
            act(&state, OPERATOR, &code, dispatch_to(dong_ha)).await,
            Ok(Status::Dispatched)
        );
    }));
}

#[test]
fn the_administration_pages_answer_admins_and_refuse_others_with_the_exact_status() {
    run(testing::both(|db| async move {
        reference_data(&db).await;
        let (state, _) = testing::app_state(db.clone());
        reference::seed_holidays(&db, &WorkCalendar::vietnam_default())
            .await
            .unwrap();
        let admin = testing::session_cookie(&state, ADMIN).await;
        let citizen = testing::session_cookie(&state, CITIZEN).await;
        let get = |path: &'static str, cookie: Option<String>| {
            let state = state.clone();
            async move {
                let mut b = Request::get(path);
                if let Some(c) = cookie {
                    b = b.header(header::COOKIE, c);
                }
                testing::send(&state, b.body(axum::body::Body::empty()).unwrap()).await
            }
        };
        let r = get("/admin/holidays?year=2026", Some(admin.clone())).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body.contains("Quốc khánh") && r.body.contains("Thứ Tư"),
            "{}",
            &r.body[..r.body.len().min(500)]
        );
        let r = get("/admin/categories", Some(admin.clone())).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("Hạ tầng giao thông") && r.body.contains("Thêm lĩnh vực"));
        let r = get("/admin/agencies", Some(admin.clone())).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.body.contains("UBND thành phố Đông Hà"));
        assert_eq!(
            get("/admin/agencies", Some(citizen.clone())).await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            get("/admin/holidays", None).await.status,
            StatusCode::UNAUTHORIZED
        );

        // A plain form post: refused with 422 for its input, then done with a redirect.
        let post = |form: &'static str, cookie: &str| {
            let (state, cookie) = (state.clone(), cookie.to_string());
            async move {
                testing::send(
                    &state,
                    testing::form_post("/api/admin/holidays/add", form, Some(&cookie)),
                )
                .await
            }
        };
        assert_eq!(
            post("day=2026-13-01&name=X", &admin).await.status,
            StatusCode::UNPROCESSABLE_ENTITY
        );
        assert_eq!(
            post("day=2030-01-02&name=Ngh%E1%BB%89", &citizen)
                .await
                .status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            post("day=2030-01-02", &admin).await.status,
            StatusCode::BAD_REQUEST
        );
        let done = post("day=2030-01-02&name=Ngh%E1%BB%89%20b%C3%B9", &admin).await;
        assert!(
            done.status.is_redirection() || done.status.is_success(),
            "{}",
            done.status
        );
        assert!(holiday::Entity::find_by_id("2030-01-02".to_string())
            .one(&db)
            .await
            .unwrap()
            .is_some());
    }));
}

async fn area_centre(db: &DatabaseConnection, code: &str) -> (String, String) {
    use paht::server::entities::area;
    let a = area::Entity::find()
        .filter(area::Column::Code.eq(code))
        .one(db)
        .await
        .unwrap()
        .expect(code);
    let c = paht::domain::geo::Geometry::from_geojson(&a.boundary)
        .unwrap()
        .centroid()
        .unwrap();
    (c.lat.to_string(), c.lng.to_string())
}

fn rule(category: Option<i64>, area: Option<i64>, agency: i64) -> paht::domain::admin::RuleInput {
    let s = |v: Option<i64>| v.map(|x| x.to_string()).unwrap_or_default();
    paht::domain::admin::RuleInput {
        category_id: s(category),
        area_id: s(area),
        agency_id: agency.to_string(),
        note: "Thử nghiệm".into(),
    }
}

#[test]
fn routing_rules_follow_their_precedence_and_the_point_test_says_why() {
    run(testing::both(|db| async move {
        use paht::server::entities::area;
        reference_data(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let admin = subject(&db, ADMIN).await;
        let road = category::Entity::find()
            .filter(category::Column::Code.eq("ha_tang_giao_thong"))
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let p1 = area::Entity::find()
            .filter(area::Column::Code.eq("QT-DONGHA-P1"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let (dh_lat, dh_lng) = area_centre(&db, "QT-DONGHA-P1").await;
        let (vl_lat, vl_lng) = area_centre(&db, "QT-VINHLINH").await;
        let road_s = road.to_string();
        let test = |lat: String, lng: String, category: String| {
            let (state, admin) = (state.clone(), admin);
            async move { reference::test_point(&state, &admin, &lat, &lng, &category).await }
        };

        // The seed's rules: roads in Đông Hà → the city; without a category → the district's committee.
        let t = test(dh_lat.clone(), dh_lng.clone(), road_s.clone())
            .await
            .unwrap();
        assert_eq!(t.district, "Thành phố Đông Hà");
        assert_eq!(t.commune.as_deref(), Some(p1.name.as_str()));
        assert_eq!(t.agency.as_deref(), Some("UBND thành phố Đông Hà"));
        assert_eq!(
            t.rule.as_ref().and_then(|r| r.area.as_deref()),
            Some("Thành phố Đông Hà")
        );
        let t = test(dh_lat.clone(), dh_lng.clone(), String::new())
            .await
            .unwrap();
        assert_eq!(
            (t.agency.as_deref(), t.rule),
            (Some("UBND thành phố Đông Hà"), None)
        );
        // Roads elsewhere: the province-wide rule (the Department of Transport).
        let gtvt = agency_id(&db, "SO-GTVT").await;
        let t = test(vl_lat.clone(), vl_lng.clone(), road_s.clone())
            .await
            .unwrap();
        assert_eq!(t.rule.as_ref().map(|r| r.agency.clone()), t.agency.clone());
        let gtvt_name = agency::Entity::find_by_id(gtvt)
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .name;
        assert_eq!(t.agency.as_deref(), Some(gtvt_name.as_str()));

        // Refusals: outside the province, not a point, an unknown category.
        let e = test("10.77".into(), "106.70".into(), String::new())
            .await
            .unwrap_err();
        assert_eq!(
            problems(e),
            vec![("lat".into(), AdminProblem::PointOutside)]
        );
        let e = test("999".into(), "0".into(), String::new())
            .await
            .unwrap_err();
        assert_eq!(problems(e), vec![("lat".into(), AdminProblem::BadPoint)]);
        let e = test(dh_lat.clone(), dh_lng.clone(), "999999".into())
            .await
            .unwrap_err();
        assert_eq!(
            problems(e),
            vec![("category".into(), AdminProblem::UnknownCategory)]
        );

        // A commune rule is more specific than the district's.
        let rules = || async {
            paht::server::entities::routing_rule::Entity::find()
                .count(&db)
                .await
                .unwrap()
        };
        let before = rules().await;
        let id = reference::add_rule(
            &state,
            &caller(),
            &admin,
            &rule(Some(road), Some(p1.id), gtvt),
        )
        .await
        .unwrap();
        let t = test(dh_lat.clone(), dh_lng.clone(), road_s.clone())
            .await
            .unwrap();
        assert_eq!(t.agency.as_deref(), Some(gtvt_name.as_str()));
        assert_eq!(t.rule.as_ref().map(|r| r.id), Some(id));
        assert_eq!(audits(&db, "routing_rule_added").await, 1);

        // Refused rules add nothing.
        let e = reference::add_rule(
            &state,
            &caller(),
            &admin,
            &rule(Some(road), Some(p1.id), gtvt),
        )
        .await
        .unwrap_err();
        assert_eq!(
            problems(e),
            vec![("category_id".into(), AdminProblem::RuleTaken)]
        );
        let mut none = rule(None, None, gtvt);
        none.agency_id = String::new();
        let e = reference::add_rule(&state, &caller(), &admin, &none)
            .await
            .unwrap_err();
        assert_eq!(
            problems(e),
            vec![("agency_id".into(), AdminProblem::Required)]
        );
        let e = reference::add_rule(
            &state,
            &caller(),
            &admin,
            &rule(Some(999_999), Some(999_999), 999_999),
        )
        .await
        .unwrap_err();
        assert_eq!(
            problems(e),
            vec![
                ("category_id".into(), AdminProblem::UnknownCategory),
                ("area_id".into(), AdminProblem::UnknownArea),
                ("agency_id".into(), AdminProblem::UnknownAgency),
            ]
        );
        let operator = subject(&db, OPERATOR).await;
        assert!(matches!(
            reference::add_rule(&state, &caller(), &operator, &rule(None, Some(p1.id), gtvt)).await,
            Err(AppError::Denied(_))
        ));
        assert!(matches!(
            reference::test_point(&state, &operator, &dh_lat, &dh_lng, "").await,
            Err(AppError::Denied(_))
        ));
        assert_eq!(rules().await, before + 1);

        // A deactivated agency's rules are not followed: roads in Vĩnh Linh go to its committee.
        reference::set_agency_active(&state, &caller(), &admin, gtvt, false)
            .await
            .unwrap();
        let t = test(vl_lat.clone(), vl_lng.clone(), road_s.clone())
            .await
            .unwrap();
        assert_eq!(
            (t.agency.as_deref(), t.rule),
            (Some("UBND huyện Vĩnh Linh"), None)
        );
        let e = reference::add_rule(&state, &caller(), &admin, &rule(None, Some(p1.id), gtvt))
            .await
            .unwrap_err();
        assert_eq!(
            problems(e),
            vec![("agency_id".into(), AdminProblem::UnknownAgency)]
        );
        let listed = reference::list_rules(&state, &admin).await.unwrap();
        assert!(listed.rules.iter().any(|r| r.id == id && !r.agency_active));
        assert!(!listed.agencies.iter().any(|(a, _)| *a == gtvt));
        reference::set_agency_active(&state, &caller(), &admin, gtvt, true)
            .await
            .unwrap();

        // Removed: the district's rule decides again; a second removal is a 404.
        reference::remove_rule(&state, &caller(), &admin, id)
            .await
            .unwrap();
        let t = test(dh_lat.clone(), dh_lng.clone(), road_s.clone())
            .await
            .unwrap();
        assert_eq!(t.agency.as_deref(), Some("UBND thành phố Đông Hà"));
        assert_eq!(
            reference::remove_rule(&state, &caller(), &admin, id).await,
            Err(AppError::NotFound)
        );
        assert_eq!(audits(&db, "routing_rule_removed").await, 1);

        // The page answers the test as a plain GET form.
        let cookie = testing::session_cookie(&state, ADMIN).await;
        let path = format!("/admin/routing?lat={dh_lat}&lng={dh_lng}&category={road}");
        let req = Request::get(path.as_str())
            .header(header::COOKIE, cookie)
            .body(axum::body::Body::empty())
            .unwrap();
        let r = testing::send(&state, req).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body.contains("Đơn vị đề xuất: UBND thành phố Đông Hà"),
            "the answer is on the page"
        );
    }));
}

#[test]
fn reply_templates_are_edited_by_admins_and_offered_only_while_active() {
    run(testing::both(|db| async move {
        use paht::domain::admin::TemplateInput;
        reference_data(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let admin = subject(&db, ADMIN).await;
        let operator = subject(&db, OPERATOR).await;
        let before = reference::list_templates(&state, &admin)
            .await
            .unwrap()
            .len();
        let form = |text: &str, active: bool| TemplateInput {
            kind: "reject".into(),
            text_vi: text.into(),
            text_en: "Outside the system's remit".into(),
            position: "5".into(),
            active: active.then(|| "on".to_string()),
        };
        let e = reference::save_template(
            &state,
            &caller(),
            &admin,
            None,
            &TemplateInput {
                kind: "praise".into(),
                ..form("Ồ", true)
            },
        )
        .await
        .unwrap_err();
        assert_eq!(
            problems(e),
            vec![
                ("kind".into(), AdminProblem::UnknownTemplateKind),
                ("text_vi".into(), AdminProblem::TooShort(5)),
            ]
        );
        assert!(matches!(
            reference::save_template(
                &state,
                &caller(),
                &operator,
                None,
                &form("Không thuộc phạm vi tiếp nhận", true)
            )
            .await,
            Err(AppError::Denied(_))
        ));
        assert_eq!(
            reference::list_templates(&state, &admin)
                .await
                .unwrap()
                .len(),
            before
        );

        let text =
            "Nội dung phản ánh là khiếu nại, tố cáo; đề nghị gửi theo quy định của Luật Khiếu nại.";
        let id = reference::save_template(&state, &caller(), &admin, None, &form(text, true))
            .await
            .unwrap();
        let offered = |state: AppState, operator: Subject| async move {
            console::choices(&state, &operator)
                .await
                .unwrap()
                .templates
                .iter()
                .any(|t| t.text_vi == text)
        };
        assert!(offered(state.clone(), operator).await);
        reference::save_template(&state, &caller(), &admin, Some(id), &form(text, false))
            .await
            .unwrap();
        assert!(!offered(state.clone(), operator).await);
        let row = reference::list_templates(&state, &admin)
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.id == id)
            .unwrap();
        assert!(!row.active);
        assert_eq!(audits(&db, "template_created").await, 1);
        assert_eq!(audits(&db, "template_changed").await, 1);
        assert_eq!(
            reference::save_template(&state, &caller(), &admin, Some(999_999), &form(text, true))
                .await,
            Err(AppError::NotFound)
        );
    }));
}
