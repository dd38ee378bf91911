#![cfg(feature = "ssr")]
//! Engagement on SQLite and PostgreSQL, through the server's functions and its router:
//! comment moderation and who sees what, replies, likes under concurrent clicks, rating and
//! "not satisfied" rules, notifications, and the live stream's filtering (within one
//! instance, and between two instances on one PostgreSQL).

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use chrono::{TimeDelta, Utc};
use futures::future::join_all;
use http_body_util::BodyExt;
use paht::account::permission::{Denied, Subject};
use paht::api::AppError;
use paht::domain::console::ActionForm;
use paht::domain::engagement::CommentStatus;
use paht::domain::filing::FilingForm;
use paht::server::auth::flows::Caller;
use paht::server::auth::SessionUser;
use paht::server::entities::{audit_log, comment, like, notification, rating, report, user};
use paht::server::seed::{seed_demo, SeedOptions};
use paht::server::{console, engagement, filing, public_reports, testing, AppState};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use testing::run;
use tower::ServiceExt;

const CITIZEN: &str = "+84900000005";
const OPERATOR: &str = "+84900000002";

async fn seeded(db: &DatabaseConnection) {
    let opts = SeedOptions {
        reports: 30,
        rng_seed: 11,
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

/// Citizens of the demo other than `CITIZEN`, as subjects.
async fn other_citizens(db: &DatabaseConnection, n: usize) -> Vec<Subject> {
    user::Entity::find()
        .filter(user::Column::Role.eq("citizen"))
        .filter(user::Column::Status.eq("active"))
        .filter(user::Column::Phone.ne(CITIZEN))
        .all(db)
        .await
        .unwrap()
        .iter()
        .take(n)
        .map(|u| SessionUser::from_model(u).subject())
        .collect()
}

fn caller() -> Caller {
    Caller::new(Some("203.0.113.7".into()))
}

async fn row(db: &DatabaseConnection, code: &str) -> report::Model {
    report::Entity::find()
        .filter(report::Column::Code.eq(code))
        .one(db)
        .await
        .unwrap()
        .expect("report")
}

/// A public report of the demo being handled (so comments are open).
async fn public_report(db: &DatabaseConnection) -> report::Model {
    report::Entity::find()
        .filter(report::Column::IsPublic.eq(true))
        .filter(report::Column::Status.is_in(["verified", "dispatched", "processing"]))
        .one(db)
        .await
        .unwrap()
        .expect("a public open report in the demo")
}

/// A report of `author`, published `days_ago`, public.
async fn published_of(db: &DatabaseConnection, author: &Subject, days_ago: i64) -> report::Model {
    let r = public_report(db).await;
    let mut m: report::ActiveModel = r.into();
    m.reporter_id = Set(author.user_id);
    m.status = Set("published".into());
    m.published_at = Set(Some(Utc::now() - TimeDelta::days(days_ago)));
    m.result_public = Set(true);
    m.result_text = Set(Some("Đã san lấp ổ gà và hoàn trả mặt đường.".into()));
    m.update(db).await.unwrap()
}

async fn file(state: &AppState, citizen: &Subject) -> String {
    let form = FilingForm {
        title: "Rác thải tập kết sai nơi quy định".into(),
        content: "Rác thải sinh hoạt đổ thành đống lớn ở góc đường, bốc mùi hôi thối nhiều ngày."
            .into(),
        category: "ha_tang_giao_thong".into(),
        district: "QT-DONGHA".into(),
        commune: "QT-DONGHA-P1".into(),
        address: "Góc đường Lê Duẩn".into(),
        ..Default::default()
    };
    filing::submit(state, &caller(), citizen, None, &form, None)
        .await
        .expect("sent")
}

fn statuses(e: &paht::dto::engagement::Engagement) -> Vec<(String, CommentStatus)> {
    e.comments
        .iter()
        .flat_map(|c| std::iter::once(c).chain(c.replies.iter()))
        .map(|c| (c.body.clone(), c.status))
        .collect()
}

fn problem(r: Result<impl std::fmt::Debug, AppError>) -> paht::domain::engagement::Problem {
    match r {
        Err(AppError::Form(f)) => match f.problems.first() {
            Some((_, paht::account::form::FieldProblem::Engagement(p))) => *p,
            other => panic!("not an engagement problem: {other:?}"),
        },
        other => panic!("not a form refusal: {other:?}"),
    }
}

#[test]
fn a_comment_is_seen_by_its_author_only_until_approved_and_a_rejected_one_by_nobody_else() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let author = who(&db, CITIZEN).await;
        let op = who(&db, OPERATOR).await;
        let other = other_citizens(&db, 1).await.remove(0);
        let r = public_report(&db).await;
        let now = Utc::now();
        let count_before = r.comment_count;

        let c = engagement::post_comment(
            &state,
            &caller(),
            &author,
            &r.code,
            "  Đoạn đường này rất nguy hiểm vào ban đêm.  ",
            None,
        )
        .await
        .unwrap();
        assert_eq!(c.status, CommentStatus::Pending);
        assert_eq!(c.body, "Đoạn đường này rất nguy hiểm vào ban đêm.");
        let mine = engagement::engagement(&state, &author, &r.code, 0, now)
            .await
            .unwrap();
        assert!(statuses(&mine).contains(&(c.body.clone(), CommentStatus::Pending)));
        for viewer in [&other, &Subject::ANONYMOUS] {
            let seen = engagement::engagement(&state, viewer, &r.code, 0, now)
                .await
                .unwrap();
            assert!(
                !statuses(&seen).iter().any(|(b, _)| b == &c.body),
                "pending seen by {viewer:?}"
            );
        }
        // While pending the author may edit it; nobody else may.
        engagement::edit_comment(
            &state,
            &caller(),
            &author,
            c.id,
            "Đoạn đường này rất tối và nguy hiểm vào ban đêm.",
        )
        .await
        .unwrap();
        assert_eq!(
            engagement::edit_comment(&state, &caller(), &other, c.id, "Sửa hộ").await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            engagement::delete_comment(&state, &other, c.id).await,
            Err(AppError::NotFound)
        );
        // Replying to a comment not shown is refused.
        assert_eq!(
            problem(
                engagement::post_comment(&state, &caller(), &other, &r.code, "Đồng ý", Some(c.id))
                    .await
            ),
            paht::domain::engagement::Problem::ParentNotShown
        );

        // The operator approves: everyone sees it, the count follows, the author is told.
        let queue = engagement::moderation_queue(&state, &op, "pending", 0)
            .await
            .unwrap();
        assert!(queue.items.iter().any(|i| i.id == c.id));
        assert_eq!(
            engagement::moderation_queue(&state, &author, "pending", 0)
                .await
                .map(|_| ()),
            Err(AppError::Denied(Denied::WrongRole))
        );
        engagement::moderate(&state, &caller(), &op, c.id, "approve", "")
            .await
            .unwrap();
        let seen = engagement::engagement(&state, &Subject::ANONYMOUS, &r.code, 0, now)
            .await
            .unwrap();
        assert!(statuses(&seen).contains(&(
            "Đoạn đường này rất tối và nguy hiểm vào ban đêm.".into(),
            CommentStatus::Approved
        )));
        assert_eq!(row(&db, &r.code).await.comment_count, count_before + 1);
        // Approved: no more editing, and a second decision is refused.
        assert_eq!(
            problem(
                engagement::edit_comment(
                    &state,
                    &caller(),
                    &author,
                    c.id,
                    "Thay đổi sau khi duyệt"
                )
                .await
            ),
            paht::domain::engagement::Problem::NotPending
        );
        assert_eq!(
            problem(
                engagement::moderate(
                    &state,
                    &caller(),
                    &op,
                    c.id,
                    "reject",
                    "Nội dung không phù hợp"
                )
                .await
            ),
            paht::domain::engagement::Problem::WrongModeration
        );

        // A reply to it (one level only), rejected with a reason: the author sees why.
        let reply = engagement::post_comment(
            &state,
            &caller(),
            &other,
            &r.code,
            "Tôi cũng thấy vậy, cần lắp đèn.",
            Some(c.id),
        )
        .await
        .unwrap();
        assert_eq!(
            problem(
                engagement::post_comment(
                    &state,
                    &caller(),
                    &author,
                    &r.code,
                    "Trả lời của trả lời",
                    Some(reply.id)
                )
                .await
            ),
            paht::domain::engagement::Problem::ReplyToReply
        );
        assert_eq!(
            problem(engagement::moderate(&state, &caller(), &op, reply.id, "reject", "").await),
            paht::domain::engagement::Problem::Required
        );
        engagement::moderate(
            &state,
            &caller(),
            &op,
            reply.id,
            "reject",
            "Trùng lặp nội dung",
        )
        .await
        .unwrap();
        let theirs = engagement::engagement(&state, &other, &r.code, 0, now)
            .await
            .unwrap();
        let rejected = theirs
            .comments
            .iter()
            .flat_map(|c| c.replies.iter())
            .find(|x| x.id == reply.id)
            .expect("the author sees it");
        assert_eq!(rejected.status, CommentStatus::Rejected);
        assert_eq!(rejected.reason.as_deref(), Some("Trùng lặp nội dung"));
        for viewer in [&author, &Subject::ANONYMOUS] {
            let seen = engagement::engagement(&state, viewer, &r.code, 0, now)
                .await
                .unwrap();
            assert!(!seen
                .comments
                .iter()
                .flat_map(|c| c.replies.iter())
                .any(|x| x.id == reply.id));
        }
        // Hiding an approved comment takes it from the public and from the count.
        engagement::moderate(&state, &caller(), &op, c.id, "hide", "Có thông tin cá nhân")
            .await
            .unwrap();
        let seen = engagement::engagement(&state, &Subject::ANONYMOUS, &r.code, 0, now)
            .await
            .unwrap();
        assert!(!seen.comments.iter().any(|x| x.id == c.id));
        assert_eq!(row(&db, &r.code).await.comment_count, count_before);

        // Told each time: approved, hidden (author); rejected (the replier).
        let kinds = |uid: Option<i64>| {
            let db = db.clone();
            async move {
                notification::Entity::find()
                    .filter(notification::Column::UserId.eq(uid.unwrap()))
                    .filter(notification::Column::Kind.starts_with("comment:"))
                    .all(&db)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|n| n.kind)
                    .collect::<Vec<_>>()
            }
        };
        let mut a = kinds(author.user_id).await;
        a.sort();
        assert_eq!(a, vec!["comment:approved", "comment:hidden"]);
        assert_eq!(kinds(other.user_id).await, vec!["comment:rejected"]);
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("comment_moderated"))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(audited, 3);

        // Comments need a logged-in citizen and a public report.
        assert_eq!(
            engagement::post_comment(&state, &caller(), &Subject::ANONYMOUS, &r.code, "x", None)
                .await
                .map(|_| ()),
            Err(AppError::Denied(Denied::NotLoggedIn))
        );
        assert_eq!(
            engagement::post_comment(&state, &caller(), &op, &r.code, "x", None)
                .await
                .map(|_| ()),
            Err(AppError::Denied(Denied::WrongRole))
        );
        let private = file(&state, &author).await;
        assert_eq!(
            engagement::post_comment(&state, &caller(), &author, &private, "Bình luận", None)
                .await
                .map(|_| ()),
            Err(AppError::Denied(Denied::NotPublic))
        );
        assert_eq!(
            engagement::post_comment(&state, &caller(), &other, &private, "Bình luận", None)
                .await
                .map(|_| ()),
            Err(AppError::NotFound)
        );
        // Too long: refused before any work, the database unchanged.
        let before = comment::Entity::find().count(&db).await.unwrap();
        assert_eq!(
            problem(
                engagement::post_comment(
                    &state,
                    &caller(),
                    &author,
                    &r.code,
                    &"a".repeat(300_000),
                    None
                )
                .await
            ),
            paht::domain::engagement::Problem::TooLong(paht::domain::engagement::COMMENT_MAX)
        );
        assert_eq!(comment::Entity::find().count(&db).await.unwrap(), before);
    }));
}

#[test]
fn like_counters_equal_the_rows_under_fifty_concurrent_toggles() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let mut people = other_citizens(&db, 4).await;
        people.push(who(&db, CITIZEN).await);
        let r = public_report(&db).await;
        let clicks = (0..50).map(|i| {
            let state = state.clone();
            let s = people[i % people.len()];
            let code = r.code.clone();
            async move {
                engagement::toggle_report_like(&state, &caller(), &s, &code)
                    .await
                    .map(|_| ())
            }
        });
        for res in join_all(clicks).await {
            res.expect("every click answers");
        }
        let rows = like::Entity::find()
            .filter(like::Column::ReportId.eq(r.id))
            .count(&db)
            .await
            .unwrap();
        assert_eq!(row(&db, &r.code).await.like_count as u64, rows);
        let ours = like::Entity::find()
            .filter(like::Column::ReportId.eq(r.id))
            .filter(like::Column::UserId.is_in(people.iter().filter_map(|p| p.user_id)))
            .count(&db)
            .await
            .unwrap();
        assert!(ours <= people.len() as u64, "one like per person");

        // The same on an approved comment.
        let op = who(&db, OPERATOR).await;
        let c = engagement::post_comment(
            &state,
            &caller(),
            &people[0],
            &r.code,
            "Cần xử lý sớm.",
            None,
        )
        .await
        .unwrap();
        assert_eq!(
            engagement::toggle_comment_like(&state, &caller(), &people[1], c.id)
                .await
                .map(|_| ()),
            Err(AppError::NotFound),
            "a pending comment cannot be liked"
        );
        engagement::moderate(&state, &caller(), &op, c.id, "approve", "")
            .await
            .unwrap();
        let clicks = (0..50).map(|i| {
            let state = state.clone();
            let s = people[i % people.len()];
            async move {
                engagement::toggle_comment_like(&state, &caller(), &s, c.id)
                    .await
                    .map(|_| ())
            }
        });
        for res in join_all(clicks).await {
            res.expect("every click answers");
        }
        let rows = like::Entity::find()
            .filter(like::Column::CommentId.eq(c.id))
            .count(&db)
            .await
            .unwrap();
        let counted = comment::Entity::find_by_id(c.id)
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .like_count;
        assert_eq!(counted as u64, rows);
        // One toggle more flips exactly one like.
        let s = engagement::toggle_comment_like(&state, &caller(), &people[0], c.id)
            .await
            .unwrap();
        assert_eq!(s.count as u64, if s.liked { rows + 1 } else { rows - 1 });
    }));
}

#[test]
fn only_the_author_rates_a_published_report_and_only_within_seven_days() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let author = who(&db, CITIZEN).await;
        let other = other_citizens(&db, 1).await.remove(0);
        let r = published_of(&db, &author, 1).await;

        let e = engagement::engagement(&state, &author, &r.code, 0, Utc::now())
            .await
            .unwrap();
        assert!(e.may_rate && e.may_answer && e.rating.is_none());
        assert_eq!(
            engagement::rate(&state, &caller(), &other, &r.code, "satisfied", "").await,
            Err(AppError::Denied(Denied::NotOwner))
        );
        assert_eq!(
            problem(engagement::rate(&state, &caller(), &author, &r.code, "5", "").await),
            paht::domain::engagement::Problem::UnknownLevel
        );
        engagement::rate(
            &state,
            &caller(),
            &author,
            &r.code,
            "satisfied",
            "Xử lý nhanh",
        )
        .await
        .unwrap();
        engagement::rate(&state, &caller(), &author, &r.code, "very_satisfied", "")
            .await
            .unwrap();
        let ratings = rating::Entity::find()
            .filter(rating::Column::ReportId.eq(r.id))
            .all(&db)
            .await
            .unwrap();
        assert_eq!(ratings.len(), 1, "one rating, changed");
        assert_eq!(ratings[0].score, 3);
        let seen = engagement::engagement(&state, &Subject::ANONYMOUS, &r.code, 0, Utc::now())
            .await
            .unwrap();
        assert_eq!(
            seen.rating.map(|x| x.level),
            Some(paht::domain::engagement::Satisfaction::VerySatisfied)
        );
        // Eight days after the first rating it stays as it is.
        let mut published: report::ActiveModel = row(&db, &r.code).await.into();
        published.published_at = Set(Some(Utc::now() - TimeDelta::days(10)));
        published.update(&db).await.unwrap();
        let mut old: rating::ActiveModel = ratings[0].clone().into();
        old.created_at = Set(Utc::now() - TimeDelta::days(8));
        old.update(&db).await.unwrap();
        assert_eq!(
            problem(
                engagement::rate(&state, &caller(), &author, &r.code, "not_satisfied", "").await
            ),
            paht::domain::engagement::Problem::RatingClosed
        );
        // Not published (yet): a conflict.
        let submitted = file(&state, &author).await;
        assert_eq!(
            engagement::rate(&state, &caller(), &author, &submitted, "satisfied", "").await,
            Err(AppError::Conflict)
        );
    }));
}

#[test]
fn not_satisfied_answers_the_centre_or_files_a_linked_follow_up_within_thirty_days() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let author = who(&db, CITIZEN).await;
        let r = published_of(&db, &author, 2).await;
        let reason = "Ổ gà đã được vá nhưng sau trận mưa lại sụt lún như cũ.";

        assert_eq!(
            problem(
                engagement::not_satisfied(
                    &state,
                    &caller(),
                    &author,
                    &r.code,
                    "Chưa ổn",
                    "response"
                )
                .await
            ),
            paht::domain::engagement::Problem::TooShort(20)
        );
        assert_eq!(
            engagement::not_satisfied(&state, &caller(), &author, &r.code, reason, "both").await,
            Err(AppError::BadRequest("way".into()))
        );
        let none =
            engagement::not_satisfied(&state, &caller(), &author, &r.code, reason, "response")
                .await
                .unwrap();
        assert_eq!(none, None);
        let after = row(&db, &r.code).await;
        assert_eq!(after.dissatisfied_reason.as_deref(), Some(reason));
        assert!(after.dissatisfied_at.is_some());
        // The centre sees it in its inbox ("Người dân chưa hài lòng") and is notified.
        let op = who(&db, OPERATOR).await;
        let tab = console::inbox(
            &state,
            &op,
            &paht::dto::console::InboxFilter {
                tab: "answers".into(),
                ..Default::default()
            },
            1,
            Utc::now(),
        )
        .await
        .unwrap();
        assert_eq!(
            tab.rows.iter().map(|x| x.code.as_str()).collect::<Vec<_>>(),
            vec![r.code.as_str()]
        );
        let told = engagement::notifications(&state, &op, 0).await.unwrap();
        assert!(told
            .items
            .iter()
            .any(|n| n.kind == "dissatisfied" && n.text.contains(reason)));

        let second =
            engagement::not_satisfied(&state, &caller(), &author, &r.code, reason, "follow_up")
                .await
                .unwrap()
                .expect("a follow-up code");
        let s = row(&db, &second).await;
        assert_eq!(s.status, "submitted");
        assert_eq!(s.follow_up_of, Some(r.id));
        assert_eq!(s.reporter_id, author.user_id);
        assert!(s.title.starts_with("Lần 2: "));
        assert!(s.content.contains(reason) && s.content.contains(&r.code));
        // Linked both ways: the first lists it, the second names the first.
        let e = engagement::engagement(&state, &author, &r.code, 0, Utc::now())
            .await
            .unwrap();
        assert_eq!(e.follow_ups, vec![second.clone()]);
        let d = public_reports::detail_for(&db, &second, Utc::now(), author.user_id)
            .await
            .unwrap()
            .expect("the author sees it");
        assert_eq!(d.follow_up_of.as_deref(), Some(r.code.as_str()));

        // After 30 days: refused, nothing written.
        let late = {
            let mut m: report::ActiveModel = row(&db, &r.code).await.into();
            m.published_at = Set(Some(Utc::now() - TimeDelta::days(31)));
            m.update(&db).await.unwrap()
        };
        let reports_before = report::Entity::find().count(&db).await.unwrap();
        assert_eq!(
            problem(
                engagement::not_satisfied(
                    &state,
                    &caller(),
                    &author,
                    &late.code,
                    reason,
                    "follow_up"
                )
                .await
            ),
            paht::domain::engagement::Problem::NotSatisfiedClosed
        );
        assert_eq!(
            report::Entity::find().count(&db).await.unwrap(),
            reports_before
        );
        let other = other_citizens(&db, 1).await.remove(0);
        let e = engagement::engagement(&state, &other, &r.code, 0, Utc::now())
            .await
            .unwrap();
        assert!(!e.may_answer && !e.may_rate && e.answer.is_none());
    }));
}

#[test]
fn followers_and_authors_are_notified_and_manage_their_notifications() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let author = who(&db, CITIZEN).await;
        let op = who(&db, OPERATOR).await;
        let follower = other_citizens(&db, 1).await.remove(0);
        let code = file(&state, &author).await;
        // Sent: the author is told.
        let page = engagement::notifications(&state, &author, 0).await.unwrap();
        let sent = page
            .items
            .iter()
            .find(|n| n.code.as_deref() == Some(code.as_str()))
            .expect("sent notice");
        assert_eq!(sent.kind, "status:submit");
        assert!(!sent.read);
        // A private report cannot be followed; once verified public it can.
        assert_eq!(
            engagement::toggle_follow(&state, &caller(), &follower, &code).await,
            Err(AppError::NotFound)
        );
        let mut verify = ActionForm {
            action: "verify".into(),
            ..Default::default()
        };
        verify.category = "ha_tang_giao_thong".into();
        verify.level = "normal".into();
        verify.public = true;
        let v = row(&db, &code).await.version;
        console::act(&state, &caller(), &op, &code, v, &verify)
            .await
            .unwrap();
        assert_eq!(
            engagement::toggle_follow(&state, &caller(), &follower, &code).await,
            Ok(true)
        );
        let before = engagement::unread(&state, &follower).await.unwrap();
        let dong_ha = paht::server::entities::agency::Entity::find()
            .filter(paht::server::entities::agency::Column::Code.eq("UBND-DONGHA"))
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .id;
        let dispatch = ActionForm {
            action: "dispatch".into(),
            agency: dong_ha.to_string(),
            ..Default::default()
        };
        let v = row(&db, &code).await.version;
        console::act(&state, &caller(), &op, &code, v, &dispatch)
            .await
            .unwrap();
        assert_eq!(
            engagement::unread(&state, &follower).await.unwrap(),
            before + 1
        );
        let theirs = engagement::notifications(&state, &follower, 0)
            .await
            .unwrap();
        let n = theirs
            .items
            .iter()
            .find(|n| n.kind == "follow:dispatched")
            .expect("follower told");
        // Internal steps tell followers nothing: a note.
        console::add_note(&state, &caller(), &op, &code, "Đã gọi điện cho người dân")
            .await
            .unwrap();
        assert_eq!(
            engagement::unread(&state, &follower).await.unwrap(),
            before + 1
        );

        // Only its owner opens or deletes it; unread ones are not deleted.
        assert_eq!(
            engagement::open_notification(&state, &caller(), &author, n.id).await,
            Err(AppError::NotFound)
        );
        assert_eq!(
            engagement::delete_notification(&state, &follower, n.id).await,
            Err(AppError::Conflict)
        );
        let href = engagement::open_notification(&state, &caller(), &follower, n.id)
            .await
            .unwrap();
        assert_eq!(href, format!("/reports/{code}"));
        assert_eq!(engagement::unread(&state, &follower).await.unwrap(), before);
        // Unread first.
        let page = engagement::notifications(&state, &follower, 0)
            .await
            .unwrap();
        let first_read = page
            .items
            .iter()
            .position(|n| n.read)
            .unwrap_or(page.items.len());
        assert!(page.items[first_read..].iter().all(|n| n.read));
        engagement::delete_notification(&state, &follower, n.id)
            .await
            .unwrap();
        let page = engagement::notifications(&state, &follower, 0)
            .await
            .unwrap();
        assert!(!page.items.iter().any(|x| x.id == n.id));
        // Delete all read ones.
        let a = engagement::notifications(&state, &author, 0).await.unwrap();
        for x in &a.items {
            engagement::open_notification(&state, &caller(), &author, x.id)
                .await
                .unwrap();
        }
        let gone = engagement::delete_read(&state, &author).await.unwrap();
        assert_eq!(gone as usize, a.items.len());
        let a = engagement::notifications(&state, &author, 0).await.unwrap();
        assert!(a.items.is_empty() && a.unread == 0);
        assert_eq!(
            engagement::notifications(&state, &Subject::ANONYMOUS, 0)
                .await
                .map(|_| ()),
            Err(AppError::Denied(Denied::NotLoggedIn))
        );
    }));
}

// ------------------------------------------------------------------ the live stream

/// An open `/api/events` stream: its messages as (event, data) as they arrive.
struct Stream {
    rx: tokio::sync::mpsc::UnboundedReceiver<(String, String)>,
}

impl Stream {
    async fn open(
        state: &AppState,
        query: &str,
        cookie: Option<&str>,
        last: Option<i64>,
    ) -> Stream {
        let mut b = Request::get(format!("/api/events?{query}"));
        if let Some(c) = cookie {
            b = b.header(header::COOKIE, c);
        }
        if let Some(l) = last {
            b = b.header("last-event-id", l.to_string());
        }
        let res = paht::server::http::router(state.clone())
            .oneshot(b.body(Body::empty()).unwrap())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(
            res.headers().get(header::CONTENT_TYPE).unwrap(),
            "text/event-stream"
        );
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let mut body = res.into_body();
        tokio::spawn(async move {
            let mut buf = String::new();
            while let Some(Ok(frame)) = body.frame().await {
                if let Ok(bytes) = frame.into_data() {
                    buf.push_str(&String::from_utf8_lossy(&bytes));
                    while let Some(end) = buf.find("\n\n") {
                        let msg: String = buf.drain(..end + 2).collect();
                        let mut event = String::new();
                        let mut data = String::new();
                        for line in msg.lines() {
                            if let Some(v) = line.strip_prefix("event:") {
                                event = v.trim().to_string();
                            } else if let Some(v) = line.strip_prefix("data:") {
                                data = v.trim().to_string();
                            }
                        }
                        if !event.is_empty() && tx.send((event, data)).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        Stream { rx }
    }

    /// Every message that arrives within `wait`.
    async fn collect(&mut self, wait: Duration) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let end = tokio::time::Instant::now() + wait;
        while let Ok(Some(m)) = tokio::time::timeout_at(end, self.rx.recv()).await {
            out.push(m);
        }
        out
    }
}

fn about<'a>(msgs: &'a [(String, String)], code: &str) -> Vec<&'a str> {
    msgs.iter()
        .filter(|(_, d)| d.contains(code))
        .map(|(e, _)| e.as_str())
        .collect()
}

#[test]
fn the_stream_carries_to_each_viewer_only_what_they_may_read() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let author = who(&db, CITIZEN).await;
        let op = who(&db, OPERATOR).await;
        let author_cookie = testing::session_cookie(&state, CITIZEN).await;
        let op_cookie = testing::session_cookie(&state, OPERATOR).await;
        let other_phone = user::Entity::find()
            .filter(user::Column::Role.eq("citizen"))
            .filter(user::Column::Phone.ne(CITIZEN))
            .filter(user::Column::Status.eq("active"))
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .phone;
        let other_cookie = testing::session_cookie(&state, &other_phone).await;

        // A private report (just sent): its author, the operator, a stranger watching it.
        let code = file(&state, &author).await;
        let watch = format!("watch={code}");
        let mut mine = Stream::open(&state, "", Some(&author_cookie), None).await;
        let mut stranger = Stream::open(&state, &watch, Some(&other_cookie), None).await;
        let mut visitor = Stream::open(&state, &watch, None, None).await;
        let mut centre = Stream::open(&state, "", Some(&op_cookie), None).await;
        console::add_note(&state, &caller(), &op, &code, "Đã xác minh với người dân")
            .await
            .unwrap();
        let mut reject = ActionForm {
            action: "reject".into(),
            ..Default::default()
        };
        reject.reason = "Nội dung không thuộc phạm vi tiếp nhận".into();
        let v = row(&db, &code).await.version;
        console::act(&state, &caller(), &op, &code, v, &reject)
            .await
            .unwrap();
        let wait = Duration::from_millis(700);
        let m = mine.collect(wait).await;
        assert!(about(&m, &code).contains(&"report"), "{m:?}");
        assert!(about(&m, &code).contains(&"notifications"), "{m:?}");
        let c = centre.collect(wait).await;
        assert!(about(&c, &code).contains(&"inbox"), "{c:?}");
        assert!(!about(&c, &code).contains(&"notifications"), "{c:?}");
        for (name, s) in [("stranger", &mut stranger), ("visitor", &mut visitor)] {
            let got = s.collect(Duration::from_millis(200)).await;
            assert!(
                about(&got, &code).is_empty(),
                "{name} heard of a private report: {got:?}"
            );
        }

        // A public report: a visitor watching it hears of a change, one watching another does not.
        let r = public_report(&db).await;
        let mut watcher = Stream::open(&state, &format!("watch={}", r.code), None, None).await;
        let mut elsewhere = Stream::open(&state, &format!("watch={code}"), None, None).await;
        let c = engagement::post_comment(
            &state,
            &caller(),
            &author,
            &r.code,
            "Cần sửa gấp trước mùa mưa.",
            None,
        )
        .await
        .unwrap();
        engagement::moderate(&state, &caller(), &op, c.id, "approve", "")
            .await
            .unwrap();
        let got = watcher.collect(wait).await;
        assert!(about(&got, &r.code).contains(&"report"), "{got:?}");
        assert!(
            !got.iter()
                .any(|(e, _)| e == "moderation" || e == "notifications"),
            "{got:?}"
        );
        assert!(about(
            &elsewhere.collect(Duration::from_millis(200)).await,
            &r.code
        )
        .is_empty());
        // The author's own notification reaches only the author.
        let m = mine.collect(wait).await;
        assert!(m.iter().any(|(e, _)| e == "notifications"), "{m:?}");
        let s = stranger.collect(Duration::from_millis(200)).await;
        assert!(!s.iter().any(|(e, _)| e == "notifications"), "{s:?}");

        // A reconnect resumes after the last id it saw: it gets the change it missed.
        let last = paht::server::entities::live_event::Entity::find()
            .all(&db)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.id)
            .max()
            .unwrap();
        console::add_note(&state, &caller(), &op, &r.code, "Ghi chú nội bộ")
            .await
            .unwrap();
        let mut back = Stream::open(
            &state,
            &format!("watch={}", r.code),
            Some(&op_cookie),
            Some(last),
        )
        .await;
        let got = back.collect(wait).await;
        assert!(about(&got, &r.code).contains(&"report"), "{got:?}");
    }));
}

#[test]
fn a_change_made_on_one_instance_reaches_a_stream_of_another_through_postgresql() {
    run(async {
        let Some(pg) = testing::postgres().await else {
            return;
        };
        let db = pg.db.clone();
        seeded(&db).await;
        let (a, _) = testing::app_state(db.clone());
        let (b, _) = testing::app_state(db.clone());
        let op = who(&db, OPERATOR).await;
        let r = public_report(&db).await;
        let mut on_b = Stream::open(&b, &format!("watch={}", r.code), None, None).await;
        // Instance B's listener (started by its first stream) needs a moment to connect.
        tokio::time::sleep(Duration::from_millis(500)).await;
        let started = std::time::Instant::now();
        let c = engagement::post_comment(
            &a,
            &caller(),
            &who(&db, CITIZEN).await,
            &r.code,
            "Đề nghị xử lý dứt điểm.",
            None,
        )
        .await
        .unwrap();
        engagement::moderate(&a, &caller(), &op, c.id, "approve", "")
            .await
            .unwrap();
        let got = on_b.collect(Duration::from_secs(2)).await;
        assert!(
            about(&got, &r.code).contains(&"report"),
            "nothing crossed instances: {got:?}"
        );
        eprintln!("crossed instances in {:?}", started.elapsed());
        pg.cleanup().await;
    });
}

#[test]
fn a_published_result_is_sent_by_sms_only_when_configured() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let author = who(&db, CITIZEN).await;
        let op = who(&db, OPERATOR).await;
        for on in [false, true] {
            let (state, sms) = testing::app_state_with(db.clone(), |c| c.sms_on_publish = on);
            // A resolved report of the author, waiting for the centre's approval.
            let r = {
                let mut m: report::ActiveModel = public_report(&db).await.into();
                m.reporter_id = Set(author.user_id);
                m.status = Set("resolved".into());
                m.resolved_at = Set(Some(Utc::now()));
                m.result_text = Set(Some("Đã thu gom rác và vệ sinh khu vực.".into()));
                m.update(&db).await.unwrap()
            };
            let publish = ActionForm {
                action: "publish".into(),
                ..Default::default()
            };
            console::act(&state, &caller(), &op, &r.code, r.version, &publish)
                .await
                .unwrap();
            state.sms.idle().await;
            let sent = sms.sent_to(CITIZEN);
            assert_eq!(
                sent.iter().any(|m| m.contains(&r.code)),
                on,
                "sms_on_publish = {on}: {sent:?}"
            );
        }
    }));
}

#[test]
fn the_author_of_a_duplicate_follows_the_report_it_duplicates() {
    run(testing::both(|db| async move {
        seeded(&db).await;
        let (state, _) = testing::app_state(db.clone());
        let author = who(&db, CITIZEN).await;
        let op = who(&db, OPERATOR).await;
        let original = public_report(&db).await;
        let code = file(&state, &author).await;
        let mut dup = ActionForm {
            action: "mark_duplicate".into(),
            ..Default::default()
        };
        dup.duplicate_of = original.code.clone();
        let v = row(&db, &code).await.version;
        console::act(&state, &caller(), &op, &code, v, &dup)
            .await
            .unwrap();
        let e = engagement::engagement(&state, &author, &original.code, 0, Utc::now())
            .await
            .unwrap();
        assert!(e.following, "subscribed to the report it duplicates");
        let page = engagement::notifications(&state, &author, 0).await.unwrap();
        let told = page
            .items
            .iter()
            .find(|n| n.kind == "status:mark_duplicate")
            .expect("told");
        assert!(told.text.contains(&original.code), "{}", told.text);
    }));
}
