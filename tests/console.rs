#![cfg(feature = "ssr")]
//! The officials' console on SQLite and PostgreSQL, through the server's console functions:
//! the whole way of a report, every refusal, the version check under concurrency, inbox
//! tabs, bulk actions, assignment, and the reminder job on two instances at once.

use chrono::{TimeDelta, Utc};
use futures::future::join_all;
use paht::account::permission::{Denied, Subject};
use paht::api::AppError;
use paht::domain::console::{ActionForm, DueState, Tab};
use paht::domain::filing::FilingForm;
use paht::domain::lifecycle::Status;
use paht::dto::console::InboxFilter;
use paht::server::auth::flows::Caller;
use paht::server::auth::SessionUser;
use paht::server::entities::{
    agency, audit_log, category, notification, reminder, report, report_event, user,
};
use paht::server::seed::{seed_demo, SeedOptions};
use paht::server::{console, filing, public_reports, testing, AppState};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use testing::run;

const CITIZEN: &str = "+84900000005";
const OPERATOR: &str = "+84900000002";
/// Leads UBND-DONGHA.
const LEAD: &str = "+84900000003";
/// Officer of UBND-DONGHA, not the lead.
const OFFICER: &str = "+84900000006";
/// Officer of SO-GTVT.
const OTHER_AGENCY: &str = "+84900000004";

async fn seeded(db: &DatabaseConnection) {
    let opts = SeedOptions {
        reports: 30,
        rng_seed: 5,
        now: Utc::now(),
    };
    seed_demo(db, &opts).await.expect("seed");
}

async fn who(db: &DatabaseConnection, phone: &str) -> Subject {
    let u = user::Entity::find()
        .filter(user::Column::Phone.eq(phone))
        .one(db)
        .await
        .unwrap()
        .expect("user");
    SessionUser::from_model(&u).subject()
}

fn caller() -> Caller {
    Caller::new(Some("203.0.113.9".into()))
}

async fn file(state: &AppState, citizen: &Subject, title: &str) -> String {
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
    filing::submit(state, &caller(), citizen, None, &form, None)
        .await
        .expect("sent")
}

async fn row(db: &DatabaseConnection, code: &str) -> report::Model {
    report::Entity::find()
        .filter(report::Column::Code.eq(code))
        .one(db)
        .await
        .unwrap()
        .expect("report")
}

async fn agency_id(db: &DatabaseConnection, code: &str) -> i64 {
    agency::Entity::find()
        .filter(agency::Column::Code.eq(code))
        .one(db)
        .await
        .unwrap()
        .expect("agency")
        .id
}

fn action(a: &str) -> ActionForm {
    ActionForm {
        action: a.into(),
        ..Default::default()
    }
}

async fn events(db: &DatabaseConnection, id: i64) -> Vec<report_event::Model> {
    report_event::Entity::find()
        .filter(report_event::Column::ReportId.eq(id))
        .all(db)
        .await
        .unwrap()
}

async fn act(
    state: &AppState,
    s: &Subject,
    code: &str,
    form: ActionForm,
) -> Result<Status, AppError> {
    let v = row(&state.db, code).await.version;
    console::act(state, &caller(), s, code, v, &form).await
}

#[test]
fn a_report_goes_the_whole_way_with_an_event_an_audit_row_and_a_notification_each_step() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let (citizen, op, lead) = (
            who(&db, CITIZEN).await,
            who(&db, OPERATOR).await,
            who(&db, LEAD).await,
        );
        let code = file(&state, &citizen, "Ổ gà trên đường Hùng Vương").await;
        let r = row(&db, &code).await;
        let author = r.reporter_id.unwrap();
        let notes_before = notification::Entity::find()
            .filter(notification::Column::UserId.eq(author))
            .count(&db)
            .await
            .unwrap();
        let audits_before = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("report_action"))
            .count(&db)
            .await
            .unwrap();

        // The centre sees it among the new ones, with the reporter's phone.
        let inbox = console::inbox(&state, &op, &InboxFilter::default(), 1, Utc::now())
            .await
            .unwrap();
        assert_eq!(inbox.tab, Tab::New);
        assert!(inbox.rows.iter().any(|x| x.code == code));
        let ws = console::workspace(&state, &op, &code, Utc::now())
            .await
            .unwrap();
        assert_eq!(ws.reporter_phone.as_deref(), Some(CITIZEN));
        assert!(ws.actions.iter().any(|a| a.as_str() == "verify"));

        // Verify with a public title free of personal data; the original stays.
        let mut verify = action("verify");
        verify.category = "ha_tang_giao_thong".into();
        verify.level = "urgent".into();
        verify.public = true;
        verify.public_title = "Ổ gà trên đường phố".into();
        assert_eq!(act(&state, &op, &code, verify).await, Ok(Status::Verified));
        let r = row(&db, &code).await;
        assert_eq!(
            r.original_title.as_deref(),
            Some("Ổ gà trên đường Hùng Vương")
        );
        assert_eq!(r.title, "Ổ gà trên đường phố");
        assert!(r.is_public);
        let ws = console::workspace(&state, &op, &code, Utc::now())
            .await
            .unwrap();
        assert_eq!(ws.title, "Ổ gà trên đường Hùng Vương");
        assert_eq!(ws.public_title.as_deref(), Some("Ổ gà trên đường phố"));

        // Dispatch: the deadline is the category's urgent working days from now.
        let dong_ha = agency_id(&db, "UBND-DONGHA").await;
        let ws = console::workspace(&state, &op, &code, Utc::now())
            .await
            .unwrap();
        let expected_due = ws.dispatch_due.expect("a deadline is proposed");
        let mut dispatch = action("dispatch");
        dispatch.agency = dong_ha.to_string();
        assert_eq!(
            act(&state, &op, &code, dispatch).await,
            Ok(Status::Dispatched)
        );
        let r = row(&db, &code).await;
        let cat = category::Entity::find_by_id(r.category_id.unwrap())
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        let due = r.due_at.unwrap();
        assert!((due - expected_due).num_minutes().abs() <= 1);
        assert_eq!(
            due,
            state.config.calendar.add_working_days(
                r.dispatched_at.unwrap(),
                paht::domain::deadline::deadline_days(
                    cat.default_days as u32,
                    cat.urgent_days as u32,
                    paht::domain::lifecycle::Level::Urgent
                )
            )
        );

        // The agency: accept (the accepting officer holds it), ask for more time.
        assert_eq!(
            act(&state, &lead, &code, action("accept")).await,
            Ok(Status::Processing)
        );
        assert_eq!(row(&db, &code).await.officer_id, lead.user_id);
        let until = paht::domain::deadline::local_date(due + TimeDelta::days(20));
        let mut ext = action("request_extension");
        ext.due = until.format("%Y-%m-%d").to_string();
        ext.reason = "Chờ bố trí kinh phí sửa chữa".into();
        assert_eq!(act(&state, &lead, &code, ext).await, Ok(Status::Processing));
        let tab = console::inbox(
            &state,
            &op,
            &InboxFilter {
                tab: "extensions".into(),
                ..Default::default()
            },
            1,
            Utc::now(),
        )
        .await
        .unwrap();
        assert!(tab
            .rows
            .iter()
            .any(|x| x.code == code && x.extension_pending));
        assert_eq!(
            act(&state, &op, &code, action("approve_extension")).await,
            Ok(Status::Processing)
        );
        let r = row(&db, &code).await;
        assert_eq!(r.due_at, Some(paht::domain::console::due_on(until)));
        assert!(r.extension_until.is_none());

        // Resolve, sent back, resolved again, published.
        let mut resolve = action("resolve");
        resolve.text = "Đã vá ổ gà bằng bê tông nhựa, mặt đường bằng phẳng trở lại.".into();
        assert_eq!(
            act(&state, &lead, &code, resolve.clone()).await,
            Ok(Status::Resolved)
        );
        let mut back = action("send_back");
        back.reason = "Đề nghị bổ sung ảnh sau khắc phục".into();
        assert_eq!(act(&state, &op, &code, back).await, Ok(Status::Processing));
        assert_eq!(
            act(&state, &lead, &code, resolve).await,
            Ok(Status::Resolved)
        );
        assert_eq!(
            act(&state, &op, &code, action("publish")).await,
            Ok(Status::Published)
        );

        // Events: submit + 9 actions; the internal ones are not public.
        let ev = events(&db, r.id).await;
        assert_eq!(ev.len(), 10);
        for internal in ["request_extension", "approve_extension", "send_back"] {
            assert!(
                ev.iter().any(|e| e.action == internal && !e.is_public),
                "{internal}"
            );
        }
        let audits = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("report_action"))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(audits - audits_before, 9);
        // The author was told of verify, dispatch, accept and publish.
        let told: Vec<String> = notification::Entity::find()
            .filter(notification::Column::UserId.eq(author))
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|n| n.kind)
            .collect();
        assert_eq!(told.len() as u64 - notes_before, 4, "{told:?}");
        for k in [
            "status:verify",
            "status:dispatch",
            "status:accept",
            "status:publish",
        ] {
            assert!(told.iter().any(|t| t == k), "{k}");
        }

        // The public page shows the public title, the result and the public timeline only.
        let d = public_reports::detail_for(&db, &code, Utc::now(), None)
            .await
            .unwrap()
            .expect("public");
        assert_eq!(d.title, "Ổ gà trên đường phố");
        assert!(d.result.as_deref().unwrap().starts_with("Đã vá ổ gà"));
        assert!(d.timeline.iter().all(|e| !matches!(
            e.action.as_str(),
            "request_extension" | "approve_extension" | "send_back"
        )));
        // "My reports" shows it processed.
        let mine = filing::my_reports(&state, &citizen, None, None, None, 1)
            .await
            .unwrap();
        assert_eq!(
            mine.rows
                .iter()
                .find(|x| x.code.as_deref() == Some(&code))
                .unwrap()
                .status,
            Status::Published
        );
        assert_eq!(
            act(&state, &op, &code, action("close")).await,
            Ok(Status::Closed)
        );
    }));
}

#[test]
fn every_wrong_actor_and_wrong_status_is_refused_and_changes_nothing() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let (citizen, op, lead, other) = (
            who(&db, CITIZEN).await,
            who(&db, OPERATOR).await,
            who(&db, LEAD).await,
            who(&db, OTHER_AGENCY).await,
        );
        let code = file(&state, &citizen, "Đèn đường không sáng").await;
        let before = row(&db, &code).await;

        // A citizen may not use the console at all, even on their own report.
        assert_eq!(
            act(&state, &citizen, &code, action("verify")).await,
            Err(AppError::Denied(Denied::WrongRole))
        );
        assert!(matches!(
            console::inbox(&state, &citizen, &InboxFilter::default(), 1, Utc::now()).await,
            Err(AppError::Denied(Denied::WrongRole))
        ));
        assert_eq!(
            console::workspace(&state, &citizen, &code, Utc::now())
                .await
                .unwrap_err(),
            AppError::Denied(Denied::WrongRole)
        );
        // Officers see no report that is not their agency's: 404.
        assert_eq!(
            console::workspace(&state, &lead, &code, Utc::now())
                .await
                .unwrap_err(),
            AppError::NotFound
        );
        // A reason is required; the form is refused field by field (422).
        let e = act(&state, &op, &code, action("reject")).await.unwrap_err();
        assert_eq!(e.status_code(), 422);
        // An action of another status: 409. Unknown words: 422.
        assert_eq!(
            act(&state, &op, &code, action("publish")).await,
            Err(AppError::Conflict)
        );
        assert_eq!(
            act(&state, &op, &code, action("withdraw"))
                .await
                .unwrap_err()
                .status_code(),
            422
        );
        // An unknown category or agency is the form's problem, not a 500.
        let mut verify = action("verify");
        verify.category = "khong_co".into();
        assert_eq!(
            act(&state, &op, &code, verify)
                .await
                .unwrap_err()
                .status_code(),
            422
        );
        let after = row(&db, &code).await;
        assert_eq!(
            (after.version, &after.status),
            (before.version, &before.status)
        );
        assert_eq!(events(&db, before.id).await.len(), 1);

        // Now verified and dispatched to Đông Hà.
        let mut verify = action("verify");
        verify.category = "ha_tang_giao_thong".into();
        act(&state, &op, &code, verify).await.unwrap();
        let mut dispatch = action("dispatch");
        dispatch.agency = "999999".into();
        assert_eq!(
            act(&state, &op, &code, dispatch.clone())
                .await
                .unwrap_err()
                .status_code(),
            422
        );
        dispatch.agency = agency_id(&db, "UBND-DONGHA").await.to_string();
        act(&state, &op, &code, dispatch).await.unwrap();

        // The officer of another agency: the report does not exist for them.
        assert_eq!(
            act(&state, &other, &code, action("accept")).await,
            Err(AppError::NotFound)
        );
        // The operator may not do the agency's work; the agency not the centre's.
        assert_eq!(
            act(&state, &op, &code, action("accept")).await,
            Err(AppError::Denied(Denied::WrongRole))
        );
        let mut verify = action("verify");
        verify.category = "ha_tang_giao_thong".into();
        assert_eq!(
            act(&state, &lead, &code, verify).await,
            Err(AppError::Denied(Denied::WrongRole))
        );
        act(&state, &lead, &code, action("accept")).await.unwrap();
        let mut resolve = action("resolve");
        resolve.text = "Đã thay bóng đèn mới, toàn tuyến sáng bình thường.".into();
        assert_eq!(
            act(&state, &op, &code, resolve).await,
            Err(AppError::Denied(Denied::WrongRole))
        );
        // No extension waits: approving one is a conflict.
        assert_eq!(
            act(&state, &op, &code, action("approve_extension")).await,
            Err(AppError::Conflict)
        );
        // Return to the centre: back in "returned", without agency or deadline.
        let mut ret = action("return");
        ret.reason = "Không thuộc thẩm quyền của đơn vị".into();
        assert_eq!(act(&state, &lead, &code, ret).await, Ok(Status::Verified));
        let r = row(&db, &code).await;
        assert!(r.agency_id.is_none() && r.due_at.is_none() && r.returned_at.is_some());
        let returned = console::inbox(
            &state,
            &op,
            &InboxFilter {
                tab: "returned".into(),
                ..Default::default()
            },
            1,
            Utc::now(),
        )
        .await
        .unwrap();
        assert!(returned.rows.iter().any(|x| x.code == code));
        // An officer has no "returned" tab.
        assert_eq!(
            console::inbox(
                &state,
                &lead,
                &InboxFilter {
                    tab: "returned".into(),
                    ..Default::default()
                },
                1,
                Utc::now()
            )
            .await
            .unwrap_err(),
            AppError::Denied(Denied::WrongRole)
        );
    }));
}

#[test]
fn two_operators_acting_at_once_make_one_transition_and_the_second_is_told_who() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let citizen = who(&db, CITIZEN).await;
        let op = who(&db, OPERATOR).await;
        let code = file(&state, &citizen, "Cây đổ chắn ngang đường").await;
        let mut verify = action("verify");
        verify.category = "ha_tang_giao_thong".into();
        act(&state, &op, &code, verify).await.unwrap();
        let v = row(&db, &code).await.version;
        let dong_ha = agency_id(&db, "UBND-DONGHA").await;
        let mut dispatch = action("dispatch");
        dispatch.agency = dong_ha.to_string();
        let tries = (0..6).map(|_| {
            let (state, op, code, form) = (state.clone(), op, code.clone(), dispatch.clone());
            async move { console::act(&state, &caller(), &op, &code, v, &form).await }
        });
        let results = join_all(tries).await;
        assert_eq!(
            results.iter().filter(|r| r.is_ok()).count(),
            1,
            "{results:?}"
        );
        for r in results.iter().filter(|r| r.is_err()) {
            match r {
                Err(AppError::Stale { by, .. }) => {
                    assert_eq!(by, "Trung tâm Giám sát, điều hành đô thị thông minh tỉnh")
                }
                other => panic!("{other:?}"),
            }
            let e = r.clone().unwrap_err();
            assert_eq!(e.status_code(), 409);
            assert!(e.message(paht::i18n::Lang::Vi).contains("tải lại"));
        }
        let r = row(&db, &code).await;
        assert_eq!(r.version, v + 1);
        assert_eq!(
            events(&db, r.id)
                .await
                .iter()
                .filter(|e| e.action == "dispatch")
                .count(),
            1
        );
        // A form shown before the change is refused the same way later on.
        let mut transfer = action("transfer");
        transfer.agency = agency_id(&db, "SO-GTVT").await.to_string();
        assert!(matches!(
            console::act(&state, &caller(), &op, &code, v, &transfer).await,
            Err(AppError::Stale { .. })
        ));
    }));
}

#[test]
fn inbox_tabs_hold_what_they_say_for_each_role_and_filters_narrow_them() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let (op, lead, other) = (
            who(&db, OPERATOR).await,
            who(&db, LEAD).await,
            who(&db, OTHER_AGENCY).await,
        );
        let now = Utc::now();
        let tab = |t: &str| InboxFilter {
            tab: t.into(),
            ..Default::default()
        };
        for (t, statuses) in [
            ("new", vec![Status::Submitted]),
            ("to_dispatch", vec![Status::Verified]),
            ("to_approve", vec![Status::Resolved]),
            (
                "overdue",
                vec![Status::Verified, Status::Dispatched, Status::Processing],
            ),
        ] {
            let page = console::inbox(&state, &op, &tab(t), 1, now).await.unwrap();
            assert!(
                page.rows.iter().all(|r| statuses.contains(&r.status)),
                "{t}"
            );
            let count = page.counts.iter().find(|(x, _)| x.as_str() == t).unwrap().1;
            assert!(count >= page.rows.len() as u64);
            if t == "overdue" {
                assert!(page
                    .rows
                    .iter()
                    .all(|r| matches!(r.due, DueState::OverdueBy(_))));
            }
        }
        // Urgent first, then oldest.
        let new = console::inbox(&state, &op, &tab("new"), 1, now)
            .await
            .unwrap();
        for w in new.rows.windows(2) {
            assert!(
                w[0].level > w[1].level
                    || (w[0].level == w[1].level && w[0].received_at <= w[1].received_at)
            );
        }
        // Officers see only their agency's reports, in every tab.
        let dong_ha = "UBND thành phố Đông Hà";
        for who_ in [&lead, &other] {
            for t in ["mine", "unassigned", "agency", "overdue", "due_soon"] {
                let page = console::inbox(&state, who_, &tab(t), 1, now).await.unwrap();
                for r in &page.rows {
                    let mine = r.agency.as_deref() == Some(dong_ha);
                    assert_eq!(mine, who_.user_id == lead.user_id, "{t} {:?}", r.agency);
                }
            }
        }
        // A district filter narrows every tab's count; an unknown one finds nothing.
        let all = console::inbox(&state, &op, &tab("new"), 1, now)
            .await
            .unwrap();
        let narrowed = console::inbox(
            &state,
            &op,
            &InboxFilter {
                tab: "new".into(),
                district: "QT-DONGHA".into(),
                ..Default::default()
            },
            1,
            now,
        )
        .await
        .unwrap();
        for ((_, a), (_, b)) in all.counts.iter().zip(&narrowed.counts) {
            assert!(b <= a);
        }
        let none = console::inbox(
            &state,
            &op,
            &InboxFilter {
                district: "NOWHERE".into(),
                ..Default::default()
            },
            1,
            now,
        )
        .await
        .unwrap();
        assert!(none.rows.is_empty() && none.counts.iter().all(|(_, n)| *n == 0));
        // Bad filters are 400s, not 500s.
        for bad in [
            InboxFilter {
                level: "very".into(),
                ..Default::default()
            },
            InboxFilter {
                from: "2026-13-45".into(),
                ..Default::default()
            },
            InboxFilter {
                tab: "everything".into(),
                ..Default::default()
            },
        ] {
            let e = console::inbox(&state, &op, &bad, 1, now).await.unwrap_err();
            assert_eq!(e.status_code(), 400, "{bad:?}");
        }
        assert_eq!(
            console::inbox(&state, &op, &tab("new"), 9999, now)
                .await
                .unwrap_err()
                .status_code(),
            400
        );
    }));
}

#[test]
fn bulk_actions_do_each_report_or_say_why_not() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let (citizen, op, lead) = (
            who(&db, CITIZEN).await,
            who(&db, OPERATOR).await,
            who(&db, LEAD).await,
        );
        let mut codes = Vec::new();
        for i in 0..3 {
            let code = file(&state, &citizen, &format!("Rác thải tồn đọng số {i}")).await;
            let mut verify = action("verify");
            verify.category = "ha_tang_giao_thong".into();
            act(&state, &op, &code, verify).await.unwrap();
            codes.push(code);
        }
        let fresh = file(&state, &citizen, "Chưa xác minh").await;
        codes.push(fresh.clone());
        let mut f = action("dispatch");
        f.agency = agency_id(&db, "UBND-DONGHA").await.to_string();
        let out = console::bulk(&state, &caller(), &op, &codes, &f)
            .await
            .unwrap();
        assert_eq!(out.done, codes[..3].to_vec());
        assert_eq!(out.skipped.len(), 1);
        assert_eq!(out.skipped[0].0, fresh);
        for c in &codes[..3] {
            let r = row(&db, c).await;
            assert_eq!(r.status, "dispatched");
            assert!(r.due_at.is_some());
        }
        let mut lvl = action("level");
        lvl.level = "urgent".into();
        let out = console::bulk(&state, &caller(), &op, &codes, &lvl)
            .await
            .unwrap();
        assert_eq!(out.done.len(), 4);
        assert_eq!(row(&db, &fresh).await.level, "urgent");
        // Officers do not bulk; an empty or oversized selection is refused.
        assert_eq!(
            console::bulk(&state, &caller(), &lead, &codes, &lvl)
                .await
                .unwrap_err(),
            AppError::Denied(Denied::WrongRole)
        );
        assert_eq!(
            console::bulk(&state, &caller(), &op, &[], &lvl)
                .await
                .unwrap_err()
                .status_code(),
            422
        );
        let many: Vec<String> = (0..101).map(|i| format!("PA-2026-{i:06}")).collect();
        assert_eq!(
            console::bulk(&state, &caller(), &op, &many, &lvl)
                .await
                .unwrap_err()
                .status_code(),
            422
        );
    }));
}

#[test]
fn the_lead_assigns_an_officer_takes_and_nobody_else_may() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let (citizen, op, lead, officer, other) = (
            who(&db, CITIZEN).await,
            who(&db, OPERATOR).await,
            who(&db, LEAD).await,
            who(&db, OFFICER).await,
            who(&db, OTHER_AGENCY).await,
        );
        assert!(lead.is_lead && !officer.is_lead);
        let code = file(&state, &citizen, "Nắp cống bị vỡ").await;
        let mut verify = action("verify");
        verify.category = "ha_tang_giao_thong".into();
        act(&state, &op, &code, verify).await.unwrap();
        let mut dispatch = action("dispatch");
        dispatch.agency = agency_id(&db, "UBND-DONGHA").await.to_string();
        act(&state, &op, &code, dispatch).await.unwrap();
        let v = || async { row(&db, &code).await.version };

        let unassigned = console::inbox(
            &state,
            &officer,
            &InboxFilter {
                tab: "unassigned".into(),
                ..Default::default()
            },
            1,
            Utc::now(),
        )
        .await
        .unwrap();
        assert!(unassigned.rows.iter().any(|r| r.code == code));
        // Not the lead: may not give it to someone else.
        assert_eq!(
            console::assign(&state, &caller(), &officer, &code, v().await, lead.user_id)
                .await
                .unwrap_err(),
            AppError::Denied(Denied::NotLead)
        );
        // Takes it.
        console::assign(&state, &caller(), &officer, &code, v().await, None)
            .await
            .unwrap();
        assert_eq!(row(&db, &code).await.officer_id, officer.user_id);
        let mine = console::inbox(
            &state,
            &officer,
            &InboxFilter {
                tab: "mine".into(),
                ..Default::default()
            },
            1,
            Utc::now(),
        )
        .await
        .unwrap();
        assert!(mine.rows.iter().any(|r| r.code == code));
        // Taken already: a second take is told who changed it.
        assert!(matches!(
            console::assign(&state, &caller(), &officer, &code, v().await, None).await,
            Err(AppError::Stale { .. })
        ));
        // The lead reassigns it to themself; the other agency cannot see it.
        console::assign(&state, &caller(), &lead, &code, v().await, lead.user_id)
            .await
            .unwrap();
        assert_eq!(row(&db, &code).await.officer_id, lead.user_id);
        assert_eq!(
            console::assign(&state, &caller(), &other, &code, v().await, None)
                .await
                .unwrap_err(),
            AppError::NotFound
        );
        // Someone outside the agency is not an officer the lead may choose.
        assert_eq!(
            console::assign(&state, &caller(), &lead, &code, v().await, other.user_id)
                .await
                .unwrap_err()
                .status_code(),
            422
        );
        let ws = console::workspace(&state, &lead, &code, Utc::now())
            .await
            .unwrap();
        assert!(ws.officers.iter().any(|o| Some(o.id) == officer.user_id));
        assert!(ws.timeline.iter().any(|e| e.action == "assign"));
        // Internal notes: staff who reach it; empty ones refused.
        console::add_note(&state, &caller(), &lead, &code, "Đã liên hệ người dân")
            .await
            .unwrap();
        assert_eq!(
            console::add_note(&state, &caller(), &op, &code, "   ")
                .await
                .unwrap_err()
                .status_code(),
            422
        );
        assert_eq!(
            console::add_note(&state, &caller(), &other, &code, "xem")
                .await
                .unwrap_err(),
            AppError::NotFound
        );
        let ws = console::workspace(&state, &op, &code, Utc::now())
            .await
            .unwrap();
        assert!(ws.timeline.iter().any(|e| e.action == "note"
            && !e.public
            && e.note.as_deref() == Some("Đã liên hệ người dân")));
    }));
}

#[test]
fn reminders_are_written_once_even_by_two_instances_and_old_results_close() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let (citizen, op) = (who(&db, CITIZEN).await, who(&db, OPERATOR).await);
        let code = file(&state, &citizen, "Ngập nước sau mưa").await;
        let mut verify = action("verify");
        verify.category = "ha_tang_giao_thong".into();
        act(&state, &op, &code, verify).await.unwrap();
        let mut dispatch = action("dispatch");
        dispatch.agency = agency_id(&db, "UBND-DONGHA").await.to_string();
        act(&state, &op, &code, dispatch).await.unwrap();
        // Its deadline passed an hour ago.
        let r = row(&db, &code).await;
        let mut am: report::ActiveModel = r.clone().into();
        am.due_at = Set(Some(Utc::now() - TimeDelta::hours(1)));
        am.update(&db).await.unwrap();
        // A result published 31 days ago.
        let old = file(&state, &citizen, "Biển báo bị che khuất").await;
        let o = row(&db, &old).await;
        let mut am: report::ActiveModel = o.clone().into();
        am.status = Set("published".into());
        am.published_at = Set(Some(Utc::now() - TimeDelta::days(31)));
        am.update(&db).await.unwrap();

        let now = Utc::now();
        let (a, b) = (state.clone(), state.clone());
        let (ra, rb) = tokio::join!(
            console::run_reminders(&a, now),
            console::run_reminders(&b, now)
        );
        let (ra, rb) = (ra.unwrap(), rb.unwrap());
        let again = console::run_reminders(&state, now).await.unwrap();
        assert_eq!(
            again.overdue + again.due_soon + again.closed,
            0,
            "{again:?}"
        );
        let reminders = reminder::Entity::find()
            .filter(reminder::Column::ReportId.eq(r.id))
            .all(&db)
            .await
            .unwrap();
        assert_eq!(reminders.len(), 1);
        assert_eq!(reminders[0].kind, "overdue");
        let notes = notification::Entity::find()
            .filter(notification::Column::ReportId.eq(r.id))
            .filter(notification::Column::Kind.eq("overdue"))
            .all(&db)
            .await
            .unwrap();
        // The agency's officers and the operators, each once.
        let mut users: Vec<i64> = notes.iter().map(|n| n.user_id).collect();
        let n = users.len();
        users.sort_unstable();
        users.dedup();
        assert_eq!(users.len(), n, "no one is told twice");
        assert!(users.contains(&op.user_id.unwrap()));
        assert!(ra.overdue + rb.overdue >= 1);
        // Closed exactly once, with one event.
        assert_eq!(row(&db, &old).await.status, "closed");
        assert_eq!(ra.closed + rb.closed, 1);
        assert_eq!(
            events(&db, o.id)
                .await
                .iter()
                .filter(|e| e.action == "close")
                .count(),
            1
        );
    }));
}

#[test]
fn the_centre_files_for_a_caller_whose_name_and_phone_stay_private() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let (citizen, op) = (who(&db, CITIZEN).await, who(&db, OPERATOR).await);
        let form = FilingForm {
            title: "Cột điện nghiêng sắp đổ".into(),
            content:
                "Người dân gọi đường dây nóng báo cột điện trước trường tiểu học bị nghiêng nặng."
                    .into(),
            district: "QT-DONGHA".into(),
            ..Default::default()
        };
        let details = paht::dto::filing::CallerDetails {
            channel: "hotline".into(),
            name: "Trần Thị Hoa".into(),
            phone: "0912 345 678".into(),
        };
        // Citizens may not; bad details are refused field by field and nothing is made.
        assert!(matches!(
            filing::file_on_behalf(&state, &caller(), &citizen, &form, &details, None).await,
            Err(AppError::Denied(_))
        ));
        let before = report::Entity::find().count(&db).await.unwrap();
        let bad = paht::dto::filing::CallerDetails {
            channel: "carrier_pigeon".into(),
            name: "".into(),
            phone: "12".into(),
        };
        match filing::file_on_behalf(&state, &caller(), &op, &form, &bad, None).await {
            Err(AppError::Form(f)) => {
                for field in ["channel", "caller_name", "caller_phone"] {
                    assert!(f.problem(field).is_some(), "{field}");
                }
                assert_eq!(f.value("title"), Some("Cột điện nghiêng sắp đổ"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(report::Entity::find().count(&db).await.unwrap(), before);

        let code = filing::file_on_behalf(
            &state,
            &caller(),
            &op,
            &form,
            &details,
            Some("k1k1k1k1k1k1k1k1"),
        )
        .await
        .unwrap();
        // The same form sent twice makes one report.
        let again = filing::file_on_behalf(
            &state,
            &caller(),
            &op,
            &form,
            &details,
            Some("k1k1k1k1k1k1k1k1"),
        )
        .await
        .unwrap();
        assert_eq!(again, code);
        let r = row(&db, &code).await;
        assert_eq!(
            (
                r.reporter_id,
                r.reporter_name.as_deref(),
                r.reporter_phone.as_deref(),
                r.channel.as_str()
            ),
            (None, Some("Trần Thị Hoa"), Some("+84912345678"), "hotline")
        );
        assert_eq!(r.status, "submitted");
        assert_eq!(events(&db, r.id).await[0].action, "file_on_behalf");
        let ws = console::workspace(&state, &op, &code, Utc::now())
            .await
            .unwrap();
        assert_eq!(ws.reporter_phone.as_deref(), Some("+84912345678"));
        // Verified and public: the public page names nobody.
        let mut verify = action("verify");
        verify.category = "ha_tang_giao_thong".into();
        verify.public = true;
        act(&state, &op, &code, verify).await.unwrap();
        let d = public_reports::detail_for(&db, &code, Utc::now(), None)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(d.reporter, None);
    }));
}

#[test]
fn the_field_list_holds_the_officer_s_reports_in_the_order_chosen() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let (citizen, op, officer, lead) = (
            who(&db, CITIZEN).await,
            who(&db, OPERATOR).await,
            who(&db, OFFICER).await,
            who(&db, LEAD).await,
        );
        let before = console::field_list(&state, &officer, Utc::now())
            .await
            .unwrap()
            .len();
        let mut codes = Vec::new();
        for t in ["Hố ga mất nắp", "Cây xanh gãy cành"] {
            let code = file(&state, &citizen, t).await;
            let mut verify = action("verify");
            verify.category = "ha_tang_giao_thong".into();
            act(&state, &op, &code, verify).await.unwrap();
            let mut dispatch = action("dispatch");
            dispatch.agency = agency_id(&db, "UBND-DONGHA").await.to_string();
            act(&state, &op, &code, dispatch).await.unwrap();
            let v = row(&db, &code).await.version;
            console::assign(&state, &caller(), &officer, &code, v, None)
                .await
                .unwrap();
            codes.push(code);
        }
        let list = console::field_list(&state, &officer, Utc::now())
            .await
            .unwrap();
        assert_eq!(list.len(), before + 2);
        let pos = |l: &[paht::dto::console::FieldStop], c: &str| {
            l.iter().position(|s| s.code == c).unwrap()
        };
        let (a, b) = (pos(&list, &codes[0]), pos(&list, &codes[1]));
        // The second moves above the first.
        for _ in 0..(b - a) {
            console::move_in_field_list(&state, &officer, &codes[1], true)
                .await
                .unwrap();
        }
        let list = console::field_list(&state, &officer, Utc::now())
            .await
            .unwrap();
        assert!(pos(&list, &codes[1]) < pos(&list, &codes[0]));
        assert!(list.iter().all(|s| s.reporter_phone.is_some()));
        // Someone else's list does not hold them; an operator has none.
        assert!(console::field_list(&state, &lead, Utc::now())
            .await
            .unwrap()
            .iter()
            .all(|s| !codes.contains(&s.code)));
        assert_eq!(
            console::move_in_field_list(&state, &lead, &codes[0], true)
                .await
                .unwrap_err(),
            AppError::NotFound
        );
        assert_eq!(
            console::field_list(&state, &op, Utc::now())
                .await
                .unwrap_err(),
            AppError::Denied(Denied::WrongRole)
        );
    }));
}
