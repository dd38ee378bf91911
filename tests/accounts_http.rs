#![cfg(feature = "ssr")]
//! Accounts through the whole router, on SQLite and PostgreSQL: cookies, statuses,
//! Retry-After, cross-site refusal, plain form posts without JavaScript, and the
//! authorization matrix of every server function.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::Utc;
use paht::server::entities::{audit_log, session as session_row, user};
use paht::server::seed::{seed_demo, SeedOptions};
use paht::server::{testing, AppState};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter};

use testing::{run, send, Reply};

fn post(path: &str, form: &str, cookie: Option<&str>) -> axum::http::request::Builder {
    let mut b =
        Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    let _ = form;
    b
}

/// A form post from one of our pages (same origin), as a browser sends it.
async fn call(state: &AppState, path: &str, form: &str, cookie: Option<&str>) -> Reply {
    send(state, testing::form_post(path, form, cookie)).await
}

async fn seeded(db: &DatabaseConnection) {
    let opts = SeedOptions {
        reports: 30,
        rng_seed: 3,
        now: Utc::now(),
    };
    seed_demo(db, &opts).await.expect("seed");
}

fn set_cookie(r: &Reply) -> String {
    r.headers
        .get(header::SET_COOKIE)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

#[test]
fn logging_in_sets_a_safe_cookie_and_logging_out_ends_the_session() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let r = call(
            &state,
            "/api/account/login",
            "phone=0900000005&password=Paht%402026demo",
            None,
        )
        .await;
        assert!(
            r.status.is_success() || r.status.is_redirection(),
            "{} {}",
            r.status,
            r.body
        );
        let cookie = set_cookie(&r);
        assert!(cookie.starts_with("paht_session="), "{cookie}");
        for part in ["HttpOnly", "SameSite=Lax", "Path=/"] {
            assert!(cookie.contains(part), "{cookie} has {part}");
        }
        let token = cookie.split(';').next().unwrap().to_string();

        let r = send(
            &state,
            Request::get("/account")
                .header(header::COOKIE, &token)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body.contains("0900 000 005"),
            "the account page shows the phone"
        );

        let r = call(&state, "/api/account/logout", "", Some(&token)).await;
        assert!(set_cookie(&r).contains("Max-Age=0"));
        let r = send(
            &state,
            Request::get("/account")
                .header(header::COOKIE, &token)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNAUTHORIZED,
            "the old cookie no longer works"
        );
        assert!(r.body.contains("Vui lòng đăng nhập"));

        // Over HTTPS the cookie is host-bound and Secure.
        let (https, _) = testing::app_state_with(db.clone(), |c| {
            c.https = true;
            c.public_url = Some("https://paht.example.vn".into());
        });
        let r = call(
            &https,
            "/api/account/login",
            "phone=0900000005&password=Paht%402026demo",
            None,
        )
        .await;
        let cookie = set_cookie(&r);
        assert!(
            cookie.starts_with("__Host-paht_session=") && cookie.contains("; Secure"),
            "{cookie}"
        );
    }));
}

#[test]
fn refusals_carry_statuses_retry_after_and_change_nothing() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let users = user::Entity::find().count(&db).await.unwrap();

        // A weak password: 422 with the message, nothing stored.
        let r = call(
            &state,
            "/api/account/register",
            "phone=0912345678&full_name=L%C3%AA%20Hoa&password=password&password_confirm=password",
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", r.body);
        assert_eq!(user::Entity::find().count(&db).await.unwrap(), users);

        // Cross-site: refused before anything runs.
        let audits = audit_log::Entity::find().count(&db).await.unwrap();
        let req = post("/api/account/login", "", None)
            .header("sec-fetch-site", "cross-site")
            .header(header::ORIGIN, "https://evil.example")
            .body(Body::from("phone=0900000005&password=Paht%402026demo"))
            .unwrap();
        let r = send(&state, req).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN);
        assert!(set_cookie(&r).is_empty());
        assert_eq!(audit_log::Entity::find().count(&db).await.unwrap(), audits);
        assert_eq!(session_row::Entity::find().count(&db).await.unwrap(), 0);

        // No state change through GET: server functions answer only POST.
        let r = send(
            &state,
            Request::get("/api/account/logout")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
        assert!(r.status.is_client_error(), "{}", r.status);

        // The fifth wrong password in a row: 429 with Retry-After, also for the right one.
        for _ in 0..5 {
            call(
                &state,
                "/api/account/login",
                "phone=0900000005&password=Wrong%232026pass",
                None,
            )
            .await;
        }
        let r = call(
            &state,
            "/api/account/login",
            "phone=0900000005&password=Paht%402026demo",
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        let wait: u64 = r
            .headers
            .get(header::RETRY_AFTER)
            .expect("Retry-After")
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!(wait > 0 && wait <= 900);
        assert!(set_cookie(&r).is_empty());
    }));
}

#[test]
fn without_javascript_a_refused_form_comes_back_with_messages_and_values() {
    run(testing::both(|db| async move {
        let (state, _) = testing::app_state(db.clone());
        let req = post("/api/account/register", "", None)
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, "http://localhost/register")
            .body(Body::from("phone=0912345678&full_name=L%C3%AA%20Th%E1%BB%8B%20Hoa&password=abc&password_confirm=abd"))
            .unwrap();
        let r = send(&state, req).await;
        assert_eq!(r.status, StatusCode::FOUND);
        let location = r
            .headers
            .get(header::LOCATION)
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            location.starts_with("http://localhost/register?") && location.contains("__err="),
            "{location}"
        );
        let path = location.trim_start_matches("http://localhost");
        let r = send(&state, Request::get(path).body(Body::empty()).unwrap()).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body.contains("Mật khẩu xác nhận không khớp"),
            "the confirmation's message is shown"
        );
        assert!(
            r.body.contains("value=\"Lê Thị Hoa\""),
            "the name is filled in again"
        );
        assert!(
            !r.body.contains("value=\"abc\""),
            "passwords are never sent back"
        );

        // And a good registration redirects to the activation page.
        let req = post("/api/account/register", "", None)
            .header(header::ACCEPT, "text/html")
            .header(header::REFERER, "http://localhost/register")
            .body(Body::from("phone=0912345678&full_name=L%C3%AA%20Hoa&password=Song-Hieu%232026&password_confirm=Song-Hieu%232026"))
            .unwrap();
        let r = send(&state, req).await;
        assert_eq!(r.status, StatusCode::FOUND);
        assert_eq!(
            r.headers.get(header::LOCATION).unwrap(),
            "/activate?phone=0912%20345%20678"
        );
    }));
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    Citizen,
    OtherCitizen,
    Operator,
    OfficerOfAnotherAgency,
    Admin,
}

const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::Citizen,
    Who::OtherCitizen,
    Who::Operator,
    Who::OfficerOfAnotherAgency,
    Who::Admin,
];

/// Who may call what. "Allowed" means not refused for who they are (401/403); the call may
/// still be refused for its input.
fn allowed(path: &str, who: Who) -> bool {
    let logged_in = who != Who::Anonymous;
    match path {
        p if p.starts_with("/api/reports/") || p.starts_with("/api/areas/") => true,
        "/api/account/me"
        | "/api/account/register"
        | "/api/account/activate"
        | "/api/account/send-code"
        | "/api/account/login"
        | "/api/account/reset"
        | "/api/account/logout" => true,
        "/api/account/logout-everywhere" | "/api/account/name" | "/api/account/password" => {
            logged_in
        }
        p if p.starts_with("/api/admin/") => who == Who::Admin,
        "/api/filing/choices" | "/api/filing/key" | "/api/filing/nearby" | "/api/filing/places" => {
            true
        }
        // Filing is for citizens; someone else's draft or report is a 404, not a refusal.
        "/api/filing/save"
        | "/api/filing/draft/get"
        | "/api/filing/draft/delete"
        | "/api/filing/mine"
        | "/api/filing/withdraw" => matches!(who, Who::Citizen | Who::OtherCitizen),
        // Staff upload too (results, reports filed for callers); an id not theirs is a 404.
        "/api/media/remove" => !matches!(who, Who::Anonymous | Who::Admin),
        // Staff only; an officer is then refused a report of another agency as a 404.
        "/api/console/inbox"
        | "/api/console/choices"
        | "/api/console/report"
        | "/api/console/act"
        | "/api/console/note" => matches!(who, Who::Operator | Who::OfficerOfAnotherAgency),
        // The dashboards: the centre's province view, an officer's own agency.
        "/api/console/dashboard" => matches!(who, Who::Operator | Who::OfficerOfAnotherAgency),
        // Taking or assigning is the agency's; bulk actions are the centre's.
        "/api/console/assign" => who == Who::OfficerOfAnotherAgency,
        "/api/console/bulk" => who == Who::Operator,
        // The field list is an officer's own.
        "/api/console/field" | "/api/console/field/move" => who == Who::OfficerOfAnotherAgency,
        // A public report's engagement is everyone's to read; the header's badge says 0 to a
        // visitor rather than refusing.
        "/api/engagement/get" | "/api/notifications/unread" => true,
        // Commenting, liking and following are for citizens; someone else's comment is then
        // a 404 to them (see `engagement_answer`).
        "/api/engagement/comment"
        | "/api/engagement/comment/edit"
        | "/api/engagement/comment/delete"
        | "/api/engagement/like"
        | "/api/engagement/comment/like"
        | "/api/engagement/follow" => matches!(who, Who::Citizen | Who::OtherCitizen),
        // Only the report's author rates it or answers its result; the report is public, so
        // anyone else is refused rather than told it is missing.
        "/api/engagement/rate" | "/api/engagement/not-satisfied" => who == Who::Citizen,
        // Everyone's own notifications; someone else's is a 404.
        "/api/notifications/list"
        | "/api/notifications/open"
        | "/api/notifications/delete"
        | "/api/notifications/delete-read" => logged_in,
        "/api/moderation/list" | "/api/moderation/decide" => who == Who::Operator,
        other => panic!("{other} is missing from the authorization matrix"),
    }
}

/// The exact answer of an allowed engagement call of the matrix (refusals are 401/403 as for
/// every function), `OK` standing for "done": a 2xx, or the 3xx back to the page. Someone
/// else's comment or notification is a 404; the author's approved comment is no longer
/// deleted (422); an unread notification is not deleted unseen (409).
fn engagement_answer(path: &str, who: Who) -> Option<StatusCode> {
    let engagement = [
        "/api/engagement/",
        "/api/notifications/",
        "/api/moderation/",
    ]
    .iter()
    .any(|p| path.starts_with(p));
    if !engagement || !allowed(path, who) {
        return None;
    }
    Some(match (path, who) {
        ("/api/engagement/comment/edit" | "/api/engagement/comment/delete", Who::OtherCitizen) => {
            StatusCode::NOT_FOUND
        }
        ("/api/engagement/comment/delete", Who::Citizen) => StatusCode::UNPROCESSABLE_ENTITY,
        ("/api/notifications/delete", Who::Citizen) => StatusCode::CONFLICT,
        ("/api/notifications/open" | "/api/notifications/delete", _) if who != Who::Citizen => {
            StatusCode::NOT_FOUND
        }
        _ => StatusCode::OK,
    })
}

#[test]
fn authorization_matrix_of_every_server_function() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        // The second citizen: a registered, active account of someone else.
        let other = user::Entity::find()
            .filter(user::Column::Role.eq("citizen"))
            .filter(user::Column::Phone.ne("+84900000005"))
            .one(&db)
            .await
            .unwrap();
        let officer = user::Entity::find()
            .filter(user::Column::Phone.eq("+84900000004"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let citizen = user::Entity::find()
            .filter(user::Column::Phone.eq("+84900000005"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        // A draft and a sent report of the citizen, for the filing functions.
        let subject = paht::server::auth::SessionUser::from_model(&citizen).subject();
        let form = paht::domain::filing::FilingForm {
            title: "Đèn đường hỏng".into(),
            content: "Cả dãy đèn đường trước trường học không sáng từ ba hôm nay.".into(),
            district: "QT-DONGHA".into(),
            ..Default::default()
        };
        let draft_id = paht::server::filing::save_draft(&state, &subject, None, &form, Utc::now())
            .await
            .unwrap();
        let citizen_draft = paht::server::entities::report::Entity::find_by_id(draft_id)
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let sent = paht::server::filing::submit(
            &state,
            &paht::server::auth::flows::Caller::new(None),
            &subject,
            None,
            &form,
            None,
        )
        .await
        .unwrap();
        let citizen_sent = paht::server::entities::report::Entity::find()
            .filter(paht::server::entities::report::Column::Code.eq(sent))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        // For the engagement functions: a public, published report of the citizen (so they
        // may rate it and answer its result), dispatched to another agency than the
        // officer's; their pending comment on it, an approved one and one in the queue; the
        // two notifications the approvals sent them; and a report nobody else may see.
        use paht::server::entities::{notification, report};
        use sea_orm::{ActiveModelTrait, ActiveValue::Set, Condition, QueryOrder};
        let operator = user::Entity::find()
            .filter(user::Column::Phone.eq("+84900000002"))
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let officer_agency = officer.agency_id.expect("the officer's agency");
        let shown = report::Entity::find()
            .filter(report::Column::IsPublic.eq(true))
            .filter(report::Column::Status.eq("published"))
            .filter(
                Condition::any()
                    .add(report::Column::AgencyId.is_null())
                    .add(report::Column::AgencyId.ne(officer_agency)),
            )
            .order_by_asc(report::Column::Id)
            .one(&db)
            .await
            .unwrap()
            .expect("a published report of another agency than the officer's");
        let mut s: report::ActiveModel = shown.clone().into();
        s.reporter_id = Set(Some(citizen.id));
        s.published_at = Set(Some(Utc::now() - chrono::TimeDelta::days(1)));
        let shown = s.update(&db).await.unwrap();
        let comment = |body: &'static str| {
            let (state, code) = (state.clone(), shown.code.clone());
            async move {
                paht::server::engagement::post_comment(
                    &state,
                    &paht::server::auth::flows::Caller::new(None),
                    &subject,
                    &code,
                    body,
                    None,
                )
                .await
                .unwrap()
                .id
            }
        };
        let pending = comment("Đèn vẫn chưa sáng ở đầu ngõ.").await;
        let approved = comment("Cảm ơn các anh đã xử lý nhanh.").await;
        let approved_too = comment("Tối qua đèn đã sáng lại.").await;
        let queued = comment("Nhờ kiểm tra thêm cột đèn số 5.").await;
        let moderator = paht::server::auth::SessionUser::from_model(&operator).subject();
        for id in [approved, approved_too] {
            paht::server::engagement::moderate(
                &state,
                &paht::server::auth::flows::Caller::new(None),
                &moderator,
                id,
                "approve",
                "",
            )
            .await
            .unwrap();
        }
        let told: Vec<i64> = notification::Entity::find()
            .filter(notification::Column::UserId.eq(citizen.id))
            .filter(notification::Column::Kind.eq("comment:approved"))
            .order_by_asc(notification::Column::Id)
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|n| n.id)
            .collect();
        assert_eq!(told.len(), 2, "each approval told the author");
        let other_id = other.as_ref().map(|o| o.id);
        let hidden = report::Entity::find()
            .filter(report::Column::IsPublic.eq(false))
            .filter(report::Column::Status.ne("draft"))
            .order_by_asc(report::Column::Id)
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .find(|r| {
                r.reporter_id
                    .is_none_or(|id| id != citizen.id && Some(id) != other_id)
            })
            .expect("a report that is not public");
        let code = &shown.code;
        let calls: Vec<(&str, String)> = vec![
            ("/api/reports/list", "filter[q]=&page=1".into()),
            (
                "/api/reports/map",
                "filter[bbox]=106.5,16.4,107.4,17.2".into(),
            ),
            ("/api/reports/get", "code=PA-2026-000001".into()),
            ("/api/reports/filters", String::new()),
            ("/api/areas/districts", String::new()),
            ("/api/account/me", String::new()),
            (
                "/api/account/register",
                "phone=0912345679&full_name=Tr%E1%BA%A7n%20An&password=x&password_confirm=x".into(),
            ),
            (
                "/api/account/activate",
                "phone=0912345679&code=123456".into(),
            ),
            (
                "/api/account/send-code",
                "phone=0912345679&purpose=activate".into(),
            ),
            ("/api/account/login", "phone=0912345679&password=x".into()),
            (
                "/api/account/reset",
                "phone=0912345679&code=123456&new_password=x&new_password_confirm=x".into(),
            ),
            (
                "/api/account/name",
                "full_name=Nguy%E1%BB%85n%20V%C4%83n%20B%C3%ACnh".into(),
            ),
            (
                "/api/account/password",
                "old_password=x&new_password=y&new_password_confirm=y".into(),
            ),
            ("/api/account/logout-everywhere", String::new()),
            ("/api/account/logout", String::new()),
            ("/api/admin/users", String::new()),
            ("/api/admin/audit", "action=login".into()),
            (
                "/api/admin/users/role",
                format!("user_id={}&role=citizen&agency_id=", citizen.id),
            ),
            (
                "/api/admin/users/status",
                format!("user_id={}&disabled=false", officer.id),
            ),
            (
                "/api/admin/users/activate",
                format!("user_id={}", citizen.id),
            ),
            // Reference administration: refused for their input after the role check
            // (422, or 404 for an agency that does not exist), so nothing changes.
            ("/api/admin/categories", String::new()),
            (
                "/api/admin/categories/save",
                "code=cay_xanh&name_vi=C%C3%A2y%20xanh&name_en=Trees&default_days=10&urgent_days=3&color=green&icon=trash&sort_order=90".into(),
            ),
            ("/api/admin/agencies", String::new()),
            (
                "/api/admin/agencies/save",
                "code=SO-MOI&name=&kind=department&area_id=&parent_id=&phone=&email=".into(),
            ),
            ("/api/admin/agencies/active", "id=999999&active=false".into()),
            ("/api/admin/holidays", "year=2026".into()),
            ("/api/admin/holidays/add", "day=2026-02-30&name=Ng%C3%A0y%20ngh%E1%BB%89".into()),
            ("/api/admin/holidays/remove", "day=2026-03-03".into()),
            ("/api/admin/routing", String::new()),
            (
                "/api/admin/routing/add",
                "category_id=&area_id=&agency_id=&note=".into(),
            ),
            ("/api/admin/routing/remove", "id=999999".into()),
            ("/api/admin/routing/test", "lat=16.8163&lng=107.1003&category=".into()),
            ("/api/admin/templates", String::new()),
            (
                "/api/admin/templates/save",
                "kind=praise&text_vi=C%E1%BA%A3m%20%C6%A1n&text_en=Thanks&position=1".into(),
            ),
            ("/api/filing/choices", String::new()),
            ("/api/filing/key", String::new()),
            ("/api/filing/nearby", "lat=16.8163&lng=107.1003".into()),
            (
                "/api/filing/save",
                "intent=draft&form[title]=%E1%BB%94%20g%C3%A0&form[content]=".into(),
            ),
            ("/api/filing/draft/get", format!("id={}", citizen_draft.id)),
            ("/api/filing/mine", String::new()),
            (
                "/api/filing/withdraw",
                format!("code={}", citizen_sent.code),
            ),
            (
                "/api/filing/draft/delete",
                format!("id={}", citizen_draft.id),
            ),
            ("/api/media/remove", "id=999999".into()),
            ("/api/filing/places", "q=dong+ha".into()),
            ("/api/console/inbox", "filter[tab]=&page=1".into()),
            ("/api/console/choices", String::new()),
            ("/api/console/report", format!("code={}", citizen_sent.code)),
            // Refused for its input (no reason) after the role check: nothing changes.
            (
                "/api/console/act",
                format!(
                    "code={}&version={}&form[action]=reject",
                    citizen_sent.code, citizen_sent.version
                ),
            ),
            (
                "/api/console/note",
                format!("code={}&text=", citizen_sent.code),
            ),
            (
                "/api/console/assign",
                format!("code={}&version=0", citizen_sent.code),
            ),
            (
                "/api/console/bulk",
                format!("codes[0]={}&form[action]=explode", citizen_sent.code),
            ),
            ("/api/console/field", String::new()),
            (
                "/api/console/field/move",
                format!("code={}&dir=up", citizen_sent.code),
            ),
            ("/api/engagement/get", format!("code={code}")),
            (
                "/api/engagement/comment",
                format!("code={code}&body=C%E1%BA%A3m%20%C6%A1n%20c%C3%A1c%20anh"),
            ),
            (
                "/api/engagement/comment/edit",
                format!("code={code}&id={pending}&body=%C4%90%C3%A8n%20v%E1%BA%ABn%20t%E1%BA%AFt"),
            ),
            // Approved: its author may no longer delete it (422), and nothing changes.
            (
                "/api/engagement/comment/delete",
                format!("code={code}&id={approved}"),
            ),
            ("/api/engagement/like", format!("code={code}")),
            (
                "/api/engagement/comment/like",
                format!("code={code}&id={approved}"),
            ),
            ("/api/engagement/follow", format!("code={code}")),
            (
                "/api/engagement/rate",
                format!("code={code}&level=satisfied&comment="),
            ),
            (
                "/api/engagement/not-satisfied",
                format!(
                    "code={code}&way=response&reason=%C4%90%C3%A8n%20l%E1%BA%A1i%20h%E1%BB%8Fng%20sau%20hai%20ng%C3%A0y"
                ),
            ),
            ("/api/notifications/list", String::new()),
            ("/api/notifications/unread", String::new()),
            ("/api/notifications/open", format!("id={}", told[0])),
            // Still unread: its owner is asked to read it first (409).
            ("/api/notifications/delete", format!("id={}", told[1])),
            ("/api/notifications/delete-read", String::new()),
            ("/api/moderation/list", "status=pending".into()),
            (
                "/api/moderation/decide",
                format!("id={queued}&decision=approve&status=pending"),
            ),
        ];
        // Then a report nobody else may see: missing (404) to every engagement function,
        // whoever asks, before any question of role.
        let hidden_from = calls.len();
        let h = &hidden.code;
        let mut calls = calls;
        calls.extend([
            ("/api/engagement/get", format!("code={h}")),
            ("/api/engagement/comment", format!("code={h}&body=Xin%20ch%C3%A0o")),
            ("/api/engagement/like", format!("code={h}")),
            ("/api/engagement/follow", format!("code={h}")),
            ("/api/engagement/rate", format!("code={h}&level=satisfied")),
            (
                "/api/engagement/not-satisfied",
                format!("code={h}&way=response&reason=Ch%C6%B0a%20x%E1%BB%AD%20l%C3%BD%20g%C3%AC%20c%E1%BA%A3%20sau%20khi%20b%C3%A1o"),
            ),
        ]);
        let mut wrong: Vec<String> = Vec::new();
        for (i, (path, form)) in calls.iter().enumerate() {
            for who in EVERYONE {
                let phone = match who {
                    Who::Anonymous => None,
                    Who::Citizen => Some("+84900000005".to_string()),
                    Who::OtherCitizen => other.as_ref().map(|o| o.phone.clone()),
                    Who::Operator => Some("+84900000002".to_string()),
                    Who::OfficerOfAnotherAgency => Some("+84900000004".to_string()),
                    Who::Admin => Some("+84900000001".to_string()),
                };
                if who == Who::OtherCitizen && phone.is_none() {
                    continue;
                }
                let cookie = match &phone {
                    Some(p) => Some(testing::session_cookie(&state, p).await),
                    None => None,
                };
                let r = call(&state, path, form, cookie.as_deref()).await;
                // Every wrong answer is listed, not just the first.
                let body: String = r.body.chars().take(300).collect();
                let mut wrong_answer = |expected: &str| {
                    wrong.push(format!(
                        "{path} as {who:?} ({form}): {} where {expected} was expected: {body}",
                        r.status
                    ))
                };
                if r.status == StatusCode::INTERNAL_SERVER_ERROR {
                    wrong_answer("anything but 500");
                    continue;
                }
                if i >= hidden_from {
                    if r.status != StatusCode::NOT_FOUND {
                        wrong_answer("404");
                    }
                    continue;
                }
                let refused = matches!(r.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN);
                if !allowed(path, who) {
                    let status = if who == Who::Anonymous {
                        StatusCode::UNAUTHORIZED
                    } else {
                        StatusCode::FORBIDDEN
                    };
                    if r.status != status {
                        wrong_answer(status.as_str());
                    }
                } else if refused {
                    wrong_answer("not 401/403 (allowed)");
                } else if let Some(expected) = engagement_answer(path, who) {
                    let done = r.status.is_success() || r.status.is_redirection();
                    if expected == StatusCode::OK && !done {
                        wrong_answer("done (2xx/3xx)");
                    } else if expected != StatusCode::OK && r.status != expected {
                        wrong_answer(expected.as_str());
                    }
                }
            }
        }
        assert!(
            wrong.is_empty(),
            "{} wrong answers:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
        // The approved comment was not deleted, the pending one was edited, the queued one
        // approved; the opened notification was read and then deleted with the read ones, the
        // unread one kept.
        use paht::server::entities::comment;
        let c = |id: i64| {
            let db = db.clone();
            async move { comment::Entity::find_by_id(id).one(&db).await.unwrap() }
        };
        assert_eq!(c(approved).await.unwrap().status, "approved");
        assert_eq!(c(pending).await.unwrap().body, "Đèn vẫn tắt");
        assert_eq!(c(queued).await.unwrap().status, "approved");
        let n = |id: i64| {
            let db = db.clone();
            async move {
                notification::Entity::find_by_id(id)
                    .one(&db)
                    .await
                    .unwrap()
                    .unwrap()
            }
        };
        let opened = n(told[0]).await;
        assert!(opened.read_at.is_some() && opened.deleted);
        let unread = n(told[1]).await;
        assert!(unread.read_at.is_none() && !unread.deleted);
        // The admin's role change above is the only one that went through.
        let audits = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("role_changed"))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(audits, 1);
    }));
}
