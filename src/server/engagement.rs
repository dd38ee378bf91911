//! Engagement on the server: comments and their moderation, likes, follows, ratings,
//! "not satisfied" answers and follow-up reports, and each user's notifications.
//!
//! The rules are `domain::engagement` (and `domain::lifecycle` for rate / not satisfied);
//! every change that others see writes its live event through the outbox.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait, Set, TransactionTrait,
};

use crate::account::audit::AuditAction;
use crate::account::form::{FieldProblem, FormError};
use crate::account::permission::{may, Denied, Object, Permission, Subject};
use crate::domain::engagement::{
    self as rules, check_comment, check_optional, check_text, moderate as decide, CommentStatus,
    Moderation, NotSatisfiedWay, Problem, Satisfaction,
};
use crate::domain::lifecycle::{
    may_declare_not_satisfied, may_rate, transition, Action, Role, Status,
};
use crate::domain::live::Topic;
use crate::dto::engagement::{
    CommentView, Engagement, LikeState, ModerationItem, ModerationPage, NotificationPage,
    NotificationView, RatingView,
};
use crate::dto::error::AppError;
use crate::dto::MAX_PAGE;
use crate::server::auth::flows::Caller;
use crate::server::auth::rate_limit::{self, Limit};
use crate::server::auth::store::Audit;
use crate::server::entities::{comment, follow, like, notification, rating, report, user};
use crate::server::filing::report_object;
use crate::server::public_reports::status_of;
use crate::server::report_changes::{notify, Change};
use crate::server::AppState;

/// Replies shown under one comment, at most.
const REPLIES_MAX: u64 = 50;
/// Follow-ups listed on a report, at most.
const FOLLOW_UPS_MAX: u64 = 20;

fn refused(field: &str, p: Problem) -> AppError {
    AppError::Form(FormError::one(field, FieldProblem::Engagement(p)))
}

fn refused_keeping(field: &str, p: Problem, kept: &[(&str, &str)]) -> AppError {
    let mut e = FormError::one(field, FieldProblem::Engagement(p));
    for (k, v) in kept {
        if v.len() <= 20_000 {
            e = e.keep(k, v);
        }
    }
    AppError::Form(e)
}

fn page_of(page: u64) -> Result<u64, AppError> {
    if page > MAX_PAGE {
        return Err(AppError::Invalid(crate::dto::error::Problem::PageTooFar));
    }
    Ok(page)
}

/// A report as `who` may see it on its public page: public, or their own (not a draft).
async fn visible_report<C: ConnectionTrait>(
    db: &C,
    who: &Subject,
    code: &str,
) -> Result<report::Model, AppError> {
    if code.len() > 40 {
        return Err(AppError::NotFound);
    }
    let r = report::Entity::find()
        .filter(report::Column::Code.eq(code.trim()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let own = who.user_id.is_some()
        && r.reporter_id == who.user_id
        && status_of(&r.status) != Status::Draft;
    if is_public(&r) || own {
        Ok(r)
    } else {
        Err(AppError::NotFound)
    }
}

/// Counts at most `cap + 1` rows of `select` (which selects one column).
async fn capped<C: ConnectionTrait, E: EntityTrait>(
    db: &C,
    select: sea_orm::Select<E>,
    cap: u64,
) -> Result<u64, DbErr> {
    let inner = select.limit(cap + 1).into_query();
    let sub = sea_orm::sea_query::Query::select()
        .expr_as(Expr::cust("COUNT(*)"), "n")
        .from_subquery(inner, "capped")
        .to_owned();
    let backend = db.get_database_backend();
    let row = db.query_one(&sub).await?;
    let _ = backend;
    Ok(match row {
        Some(r) => Ord::max(r.try_get::<i64>("", "n")?, 0) as u64,
        None => 0,
    })
}

/// Seen by everyone: the permission table's own rule for a report.
fn is_public(r: &report::Model) -> bool {
    report_object(r).is_public()
}

async fn names<C: ConnectionTrait>(
    db: &C,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, String>, DbErr> {
    let ids: HashSet<i64> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(user::Entity::find()
        .select_only()
        .column(user::Column::Id)
        .column(user::Column::FullName)
        .filter(user::Column::Id.is_in(ids))
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// Which comments `who` reads: approved ones, their own, or all for moderators.
fn readable(who: &Subject) -> Condition {
    if may(who, Permission::ModerateComments, &Object::None).is_ok() {
        return Condition::all();
    }
    let mut c = Condition::any().add(comment::Column::Status.eq(CommentStatus::Approved.as_str()));
    if let Some(me) = who.user_id {
        c = c.add(comment::Column::AuthorId.eq(me));
    }
    c
}

fn view(
    c: &comment::Model,
    who: &Subject,
    names: &HashMap<i64, String>,
    liked: &HashSet<i64>,
) -> CommentView {
    let status = CommentStatus::parse(&c.status).unwrap_or(CommentStatus::Pending);
    let own = who.user_id == Some(c.author_id);
    let moderator = who.role == Role::Operator;
    CommentView {
        id: c.id,
        author: names.get(&c.author_id).cloned().unwrap_or_default(),
        body: c.body.clone(),
        status,
        reason: (own || moderator).then(|| c.reason.clone()).flatten(),
        like_count: c.like_count as i64,
        liked: liked.contains(&c.id),
        own,
        created_at: c.created_at,
        replies: Vec::new(),
    }
}

/// The report page's comments (newest first, 20 a page, replies under each), likes,
/// follow state, rating and follow-ups, as `who` may see them.
pub async fn engagement(
    state: &AppState,
    who: &Subject,
    code: &str,
    page: u64,
    now: DateTime<Utc>,
) -> Result<Engagement, AppError> {
    let page = page_of(page)?;
    let db = &state.db;
    let r = visible_report(db, who, code).await?;
    let open = is_public(&r);
    let object = report_object(&r);
    let me = who.user_id;
    let top = comment::Entity::find()
        .filter(comment::Column::ReportId.eq(r.id))
        .filter(comment::Column::ParentId.is_null())
        .filter(readable(who))
        .order_by_desc(comment::Column::CreatedAt)
        .order_by_desc(comment::Column::Id)
        .offset(page * rules::PAGE_SIZE)
        .limit(rules::PAGE_SIZE + 1)
        .all(db)
        .await?;
    let more = top.len() as u64 > rules::PAGE_SIZE;
    let top: Vec<_> = top.into_iter().take(rules::PAGE_SIZE as usize).collect();
    let top_ids: Vec<i64> = top.iter().map(|c| c.id).collect();
    let replies = if top_ids.is_empty() {
        Vec::new()
    } else {
        comment::Entity::find()
            .filter(comment::Column::ParentId.is_in(top_ids.clone()))
            .filter(readable(who))
            .order_by_asc(comment::Column::CreatedAt)
            .order_by_asc(comment::Column::Id)
            .limit(REPLIES_MAX * rules::PAGE_SIZE)
            .all(db)
            .await?
    };
    let all_ids: Vec<i64> = top_ids
        .iter()
        .copied()
        .chain(replies.iter().map(|c| c.id))
        .collect();
    let liked: HashSet<i64> = match me {
        Some(me) if !all_ids.is_empty() => like::Entity::find()
            .select_only()
            .column(like::Column::CommentId)
            .filter(like::Column::UserId.eq(me))
            .filter(like::Column::CommentId.is_in(all_ids))
            .into_tuple::<Option<i64>>()
            .all(db)
            .await?
            .into_iter()
            .flatten()
            .collect(),
        _ => HashSet::new(),
    };
    let authors = names(db, top.iter().chain(replies.iter()).map(|c| c.author_id)).await?;
    let mut by_parent: HashMap<i64, Vec<CommentView>> = HashMap::new();
    for c in &replies {
        if let Some(p) = c.parent_id {
            let list = by_parent.entry(p).or_default();
            if (list.len() as u64) < REPLIES_MAX {
                list.push(view(c, who, &authors, &liked));
            }
        }
    }
    let comments = top
        .iter()
        .map(|c| {
            let mut v = view(c, who, &authors, &liked);
            v.replies = by_parent.remove(&c.id).unwrap_or_default();
            v
        })
        .collect();
    let (report_liked, following) = match me {
        Some(me) => (
            like::Entity::find()
                .filter(like::Column::UserId.eq(me))
                .filter(like::Column::ReportId.eq(r.id))
                .one(db)
                .await?
                .is_some(),
            follow::Entity::find()
                .filter(follow::Column::UserId.eq(me))
                .filter(follow::Column::ReportId.eq(r.id))
                .one(db)
                .await?
                .is_some(),
        ),
        None => (false, false),
    };
    let rating_row = match r.reporter_id {
        Some(author) => {
            rating::Entity::find()
                .filter(rating::Column::ReportId.eq(r.id))
                .filter(rating::Column::UserId.eq(author))
                .one(db)
                .await?
        }
        None => None,
    };
    let own = me.is_some() && r.reporter_id == me;
    let published = status_of(&r.status) == Status::Published;
    let actor_ok = |a: Action| {
        transition(Some(status_of(&r.status)), who.actor_for(&object), a).is_ok()
            && may(who, Permission::ActOnReport, &object).is_ok()
    };
    let may_rate_now = own
        && published
        && actor_ok(Action::Rate)
        && r.published_at
            .is_some_and(|p| may_rate(p, rating_row.as_ref().map(|x| x.created_at), now));
    let may_answer = own
        && published
        && actor_ok(Action::NotSatisfied)
        && r.published_at
            .is_some_and(|p| may_declare_not_satisfied(p, now));
    let follow_ups = report::Entity::find()
        .select_only()
        .column(report::Column::Code)
        .filter(report::Column::FollowUpOf.eq(r.id))
        .filter(report::Column::Status.ne(Status::Draft.as_str()))
        .order_by_asc(report::Column::Id)
        .limit(FOLLOW_UPS_MAX)
        .into_tuple::<String>()
        .all(db)
        .await?;
    Ok(Engagement {
        code: r.code.clone(),
        open,
        comments,
        comment_page: page,
        more_comments: more,
        comment_count: r.comment_count as i64,
        like_count: r.like_count as i64,
        liked: report_liked,
        following,
        may_engage: open && may(who, Permission::Comment, &object).is_ok(),
        rating: rating_row.and_then(|x| {
            Some(RatingView {
                level: Satisfaction::from_score(x.score)?,
                comment: x.comment,
                rated_at: x.updated_at,
            })
        }),
        may_rate: may_rate_now,
        may_answer,
        answer: if own {
            r.dissatisfied_reason.clone()
        } else {
            None
        },
        follow_ups,
    })
}

/// A comment (or, with `parent`, a reply) on public report `code`, pending moderation.
pub async fn post_comment(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    code: &str,
    body: &str,
    parent: Option<i64>,
) -> Result<CommentView, AppError> {
    let r = visible_report(&state.db, who, code).await?;
    may(who, Permission::Comment, &report_object(&r))?;
    let body = check_comment(body).map_err(|p| {
        refused_keeping(
            "body",
            p,
            &[(
                "body",
                &body
                    .chars()
                    .take(rules::COMMENT_MAX * 2)
                    .collect::<String>(),
            )],
        )
    })?;
    let me = who.user_id.ok_or(AppError::Denied(Denied::NotLoggedIn))?;
    if let Some(pid) = parent {
        let p = comment::Entity::find_by_id(pid)
            .one(&state.db)
            .await?
            .filter(|p| p.report_id == r.id)
            .ok_or_else(|| refused("body", Problem::ParentNotShown))?;
        let status = CommentStatus::parse(&p.status).unwrap_or(CommentStatus::Rejected);
        rules::may_reply_to(status, p.parent_id.is_some()).map_err(|e| refused("body", e))?;
    }
    rate_limit::hit(
        &state.db,
        &format!("comment:user:{me}"),
        Limit::per_minutes(rules::COMMENTS_PER_WINDOW, rules::COMMENT_WINDOW_SECS / 60),
        caller.now,
    )
    .await?
    .map_err(AppError::RateLimited)?;
    let txn = state.db.begin().await?;
    let mut outbox = state.live.outbox();
    let row = comment::ActiveModel {
        report_id: Set(r.id),
        author_id: Set(me),
        parent_id: Set(parent),
        body: Set(body),
        status: Set(CommentStatus::Pending.as_str().into()),
        reason: Set(None),
        moderator_id: Set(None),
        like_count: Set(0),
        created_at: Set(caller.now),
        updated_at: Set(caller.now),
        moderated_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    outbox
        .record(&txn, Topic::Moderation, Some(r.code.clone()), caller.now)
        .await?;
    outbox.commit(txn, &state.live).await?;
    let authors = names(&state.db, [me]).await?;
    Ok(view(&row, who, &authors, &HashSet::new()))
}

/// The author's own pending comment, or `NotFound` (someone else's looks the same).
async fn own_comment(state: &AppState, who: &Subject, id: i64) -> Result<comment::Model, AppError> {
    let c = comment::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let r = report::Entity::find_by_id(c.report_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let object = Object::Comment {
        author_id: c.author_id,
        report_public: is_public(&r),
    };
    may(who, Permission::DeleteOwnComment, &object).map_err(|d| match d {
        Denied::NotOwner => AppError::NotFound,
        d => AppError::Denied(d),
    })?;
    Ok(c)
}

/// Changes a pending comment's text (its author only).
pub async fn edit_comment(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    id: i64,
    body: &str,
) -> Result<(), AppError> {
    let c = own_comment(state, who, id).await?;
    let body = check_comment(body).map_err(|p| refused("body", p))?;
    let res = comment::Entity::update_many()
        .col_expr(comment::Column::Body, Expr::value(body))
        .col_expr(comment::Column::UpdatedAt, Expr::value(caller.now))
        .filter(comment::Column::Id.eq(c.id))
        .filter(comment::Column::Status.eq(CommentStatus::Pending.as_str()))
        .exec(&state.db)
        .await?;
    if res.rows_affected != 1 {
        return Err(refused("body", Problem::NotPending));
    }
    Ok(())
}

/// Deletes a pending comment (its author only), with its replies.
pub async fn delete_comment(state: &AppState, who: &Subject, id: i64) -> Result<(), AppError> {
    let c = own_comment(state, who, id).await?;
    let res = comment::Entity::delete_many()
        .filter(comment::Column::Id.eq(c.id))
        .filter(comment::Column::Status.eq(CommentStatus::Pending.as_str()))
        .exec(&state.db)
        .await?;
    if res.rows_affected != 1 {
        return Err(refused("body", Problem::NotPending));
    }
    crate::server::live::Outbox::one(&state.live, &state.db, Topic::Moderation, None, Utc::now())
        .await?;
    Ok(())
}

/// Likes or unlikes: the like row and the counter change in one transaction, and the
/// counter moves only when a row was really inserted or deleted, so it always equals the
/// rows however many clicks arrive at once.
async fn toggle_like<C: ConnectionTrait>(
    txn: &C,
    me: i64,
    target: LikeTarget,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let (col, id) = match target {
        LikeTarget::Report(id) => (like::Column::ReportId, id),
        LikeTarget::Comment(id) => (like::Column::CommentId, id),
    };
    let removed = like::Entity::delete_many()
        .filter(like::Column::UserId.eq(me))
        .filter(col.eq(id))
        .exec(txn)
        .await?
        .rows_affected;
    let (liked, delta) = if removed > 0 {
        (false, -(removed as i32))
    } else {
        let inserted = like::Entity::insert(like::ActiveModel {
            user_id: Set(me),
            report_id: Set(matches!(target, LikeTarget::Report(_)).then_some(id)),
            comment_id: Set(matches!(target, LikeTarget::Comment(_)).then_some(id)),
            created_at: Set(now),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([like::Column::UserId, col])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(txn)
        .await?;
        (true, inserted as i32)
    };
    if delta != 0 {
        match target {
            LikeTarget::Report(id) => {
                report::Entity::update_many()
                    .col_expr(
                        report::Column::LikeCount,
                        Expr::col(report::Column::LikeCount).add(delta),
                    )
                    .filter(report::Column::Id.eq(id))
                    .exec(txn)
                    .await?;
            }
            LikeTarget::Comment(id) => {
                comment::Entity::update_many()
                    .col_expr(
                        comment::Column::LikeCount,
                        Expr::col(comment::Column::LikeCount).add(delta),
                    )
                    .filter(comment::Column::Id.eq(id))
                    .exec(txn)
                    .await?;
            }
        }
    }
    Ok(liked)
}

#[derive(Clone, Copy)]
enum LikeTarget {
    Report(i64),
    Comment(i64),
}

pub async fn toggle_report_like(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    code: &str,
) -> Result<LikeState, AppError> {
    let r = visible_report(&state.db, who, code).await?;
    may(who, Permission::Like, &report_object(&r))?;
    let me = who.user_id.ok_or(AppError::Denied(Denied::NotLoggedIn))?;
    let txn = state.db.begin().await?;
    let liked = toggle_like(&txn, me, LikeTarget::Report(r.id), caller.now).await?;
    txn.commit().await?;
    let count = report::Entity::find_by_id(r.id)
        .one(&state.db)
        .await?
        .map_or(0, |x| x.like_count as i64);
    Ok(LikeState { liked, count })
}

pub async fn toggle_comment_like(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    id: i64,
) -> Result<LikeState, AppError> {
    let c = comment::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|c| c.status == CommentStatus::Approved.as_str())
        .ok_or(AppError::NotFound)?;
    let r = report::Entity::find_by_id(c.report_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    may(
        who,
        Permission::Like,
        &Object::Comment {
            author_id: c.author_id,
            report_public: is_public(&r),
        },
    )?;
    let me = who.user_id.ok_or(AppError::Denied(Denied::NotLoggedIn))?;
    let txn = state.db.begin().await?;
    let liked = toggle_like(&txn, me, LikeTarget::Comment(c.id), caller.now).await?;
    txn.commit().await?;
    let count = comment::Entity::find_by_id(c.id)
        .one(&state.db)
        .await?
        .map_or(0, |x| x.like_count as i64);
    Ok(LikeState { liked, count })
}

/// Follows or stops following public report `code`; answers whether the user now follows.
pub async fn toggle_follow(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    code: &str,
) -> Result<bool, AppError> {
    let r = visible_report(&state.db, who, code).await?;
    may(who, Permission::Follow, &report_object(&r))?;
    let me = who.user_id.ok_or(AppError::Denied(Denied::NotLoggedIn))?;
    let removed = follow::Entity::delete_many()
        .filter(follow::Column::UserId.eq(me))
        .filter(follow::Column::ReportId.eq(r.id))
        .exec(&state.db)
        .await?
        .rows_affected;
    if removed > 0 {
        return Ok(false);
    }
    follow::Entity::insert(follow::ActiveModel {
        user_id: Set(me),
        report_id: Set(r.id),
        created_at: Set(caller.now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([follow::Column::UserId, follow::Column::ReportId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&state.db)
    .await?;
    Ok(true)
}

/// The author's own published report, checked against the lifecycle for `action`.
async fn own_published(
    state: &AppState,
    who: &Subject,
    code: &str,
    action: Action,
) -> Result<report::Model, AppError> {
    let r = visible_report(&state.db, who, code).await?;
    let object = report_object(&r);
    may(who, Permission::ActOnReport, &object)?;
    use crate::domain::lifecycle::Refusal;
    transition(Some(status_of(&r.status)), who.actor_for(&object), action).map_err(
        |e| match e {
            Refusal::NotAuthor => AppError::Denied(Denied::NotOwner),
            // Staff reach the report, but only its author rates or answers it.
            Refusal::RoleNotAllowed | Refusal::NotAssignedAgency => {
                AppError::Denied(Denied::WrongRole)
            }
            Refusal::WrongStatus { .. } | Refusal::WindowClosed => AppError::Conflict,
        },
    )?;
    Ok(r)
}

/// The author rates their published report (or changes the rating within 7 days).
pub async fn rate(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    code: &str,
    level: &str,
    comment_text: &str,
) -> Result<(), AppError> {
    let level =
        Satisfaction::parse(level.trim()).ok_or_else(|| refused("level", Problem::UnknownLevel))?;
    let comment_text =
        check_optional(comment_text, rules::REASON_MAX).map_err(|p| refused("comment", p))?;
    let r = own_published(state, who, code, Action::Rate).await?;
    let me = who.user_id.ok_or(AppError::Denied(Denied::NotLoggedIn))?;
    let existing = rating::Entity::find()
        .filter(rating::Column::ReportId.eq(r.id))
        .filter(rating::Column::UserId.eq(me))
        .one(&state.db)
        .await?;
    let published_at = r.published_at.ok_or(AppError::Conflict)?;
    if !may_rate(
        published_at,
        existing.as_ref().map(|x| x.created_at),
        caller.now,
    ) {
        return Err(refused("level", Problem::RatingClosed));
    }
    let txn = state.db.begin().await?;
    let mut outbox = state.live.outbox();
    match existing {
        Some(x) => {
            rating::Entity::update_many()
                .col_expr(rating::Column::Score, Expr::value(level.score()))
                .col_expr(rating::Column::Comment, Expr::value(comment_text.clone()))
                .col_expr(rating::Column::UpdatedAt, Expr::value(caller.now))
                .filter(rating::Column::Id.eq(x.id))
                .exec(&txn)
                .await?;
        }
        None => {
            rating::Entity::insert(rating::ActiveModel {
                report_id: Set(r.id),
                user_id: Set(me),
                score: Set(level.score()),
                comment: Set(comment_text.clone()),
                created_at: Set(caller.now),
                updated_at: Set(caller.now),
                ..Default::default()
            })
            .exec_without_returning(&txn)
            .await?;
        }
    }
    Change::new(&r, Some(me), Action::Rate.as_str(), Status::Published)
        .note(Some(
            crate::i18n::satisfaction_label(crate::i18n::Lang::Vi, level).to_string(),
        ))
        .write(&txn, &mut outbox, caller.now)
        .await?;
    outbox.commit(txn, &state.live).await?;
    Ok(())
}

/// "Not satisfied" with a published result: a response the centre sees in its inbox, or a
/// follow-up report ("lần 2") linked to this one. Answers the follow-up's code.
pub async fn not_satisfied(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    code: &str,
    reason: &str,
    way: &str,
) -> Result<Option<String>, AppError> {
    let kept = reason
        .chars()
        .take(rules::REASON_MAX * 2)
        .collect::<String>();
    let reason = check_text(reason, rules::NOT_SATISFIED_MIN, rules::REASON_MAX)
        .map_err(|p| refused_keeping("reason", p, &[("reason", &kept)]))?;
    let way = NotSatisfiedWay::parse(way.trim()).ok_or(AppError::BadRequest("way".into()))?;
    let r = own_published(state, who, code, Action::NotSatisfied).await?;
    let me = who.user_id.ok_or(AppError::Denied(Denied::NotLoggedIn))?;
    let published_at = r.published_at.ok_or(AppError::Conflict)?;
    if !may_declare_not_satisfied(published_at, caller.now) {
        return Err(refused_keeping(
            "reason",
            Problem::NotSatisfiedClosed,
            &[("reason", &kept)],
        ));
    }
    let txn = state.db.begin().await?;
    let mut outbox = state.live.outbox();
    let follow_up = match way {
        NotSatisfiedWay::Response => {
            let res = report::Entity::update_many()
                .col_expr(report::Column::DissatisfiedAt, Expr::value(caller.now))
                .col_expr(
                    report::Column::DissatisfiedReason,
                    Expr::value(reason.clone()),
                )
                .col_expr(report::Column::Version, Expr::value(r.version + 1))
                .col_expr(report::Column::UpdatedAt, Expr::value(caller.now))
                .filter(report::Column::Id.eq(r.id))
                .filter(report::Column::Version.eq(r.version))
                .exec(&txn)
                .await?;
            if res.rows_affected != 1 {
                return Err(AppError::Conflict);
            }
            Change::new(
                &r,
                Some(me),
                Action::NotSatisfied.as_str(),
                Status::Published,
            )
            .note(Some(reason.clone()))
            .public(false)
            .write(&txn, &mut outbox, caller.now)
            .await?;
            // The centre is told: a published report is in no inbox tab any more.
            let operators: Vec<i64> = user::Entity::find()
                .select_only()
                .column(user::Column::Id)
                .filter(user::Column::Role.eq(Role::Operator.as_str()))
                .filter(user::Column::Status.eq("active"))
                .limit(50)
                .into_tuple()
                .all(&txn)
                .await?;
            for op in operators {
                notify(
                    &txn,
                    &mut outbox,
                    op,
                    &r,
                    "dissatisfied",
                    format!(
                        "Người phản ánh chưa hài lòng với kết quả xử lý phản ánh {}: {reason}",
                        r.code
                    ),
                    caller.now,
                )
                .await?;
            }
            None
        }
        NotSatisfiedWay::FollowUp => {
            let new_code = crate::server::filing::next_code(
                &txn,
                crate::server::filing::code_year(caller.now),
            )
            .await?
            .to_string();
            let second = report::ActiveModel {
                code: Set(new_code.clone()),
                title: Set(rules::follow_up_title(&r.title)),
                content: Set(rules::follow_up_content(&reason, &r.code)),
                category_id: Set(r.category_id),
                citizen_urgent: Set(r.citizen_urgent),
                level: Set(crate::domain::lifecycle::Level::Normal.as_str().into()),
                status: Set(Status::Submitted.as_str().into()),
                lat: Set(r.lat),
                lng: Set(r.lng),
                address: Set(r.address.clone()),
                district_id: Set(r.district_id),
                commune_id: Set(r.commune_id),
                reporter_id: Set(Some(me)),
                reporter_name: Set(None),
                reporter_phone: Set(None),
                hide_name: Set(r.hide_name),
                channel: Set(crate::domain::lifecycle::Channel::Web.as_str().into()),
                received_at: Set(Some(caller.now)),
                is_public: Set(false),
                result_public: Set(false),
                like_count: Set(0),
                comment_count: Set(0),
                follow_up_of: Set(Some(r.id)),
                created_at: Set(caller.now),
                updated_at: Set(caller.now),
                place_approximate: Set(r.place_approximate),
                suggested_agency_id: Set(r.suggested_agency_id.or(r.agency_id)),
                version: Set(0),
                ..Default::default()
            }
            .insert(&txn)
            .await?;
            Change::new(
                &second,
                Some(me),
                Action::Submit.as_str(),
                Status::Submitted,
            )
            .from(None)
            .write(&txn, &mut outbox, caller.now)
            .await?;
            Change::new(
                &r,
                Some(me),
                Action::NotSatisfied.as_str(),
                Status::Published,
            )
            .note(Some(format!("Phản ánh lần 2: {new_code}")))
            .write(&txn, &mut outbox, caller.now)
            .await?;
            Some(new_code)
        }
    };
    Audit {
        actor: Some(me),
        action: AuditAction::ReportActed,
        object: Some(("report", r.code.clone())),
        ip: caller.ip.as_deref(),
        detail: Some(Action::NotSatisfied.as_str().into()),
    }
    .write(&txn, caller.now)
    .await?;
    outbox.commit(txn, &state.live).await?;
    Ok(follow_up)
}

// ------------------------------------------------------------------ moderation

/// The moderation queue: comments of one status, oldest first (pending) or newest first.
pub async fn moderation_queue(
    state: &AppState,
    who: &Subject,
    status: &str,
    page: u64,
) -> Result<ModerationPage, AppError> {
    may(who, Permission::ModerateComments, &Object::None)?;
    let page = page_of(page)?;
    let status = CommentStatus::parse(status.trim()).unwrap_or(CommentStatus::Pending);
    let db = &state.db;
    let mut q = comment::Entity::find().filter(comment::Column::Status.eq(status.as_str()));
    q = if status == CommentStatus::Pending {
        q.order_by_asc(comment::Column::CreatedAt)
    } else {
        q.order_by_desc(comment::Column::CreatedAt)
    };
    let rows = q
        .offset(page * rules::PAGE_SIZE)
        .limit(rules::PAGE_SIZE + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > rules::PAGE_SIZE;
    let rows: Vec<_> = rows.into_iter().take(rules::PAGE_SIZE as usize).collect();
    let authors = names(db, rows.iter().map(|c| c.author_id)).await?;
    let report_ids: HashSet<i64> = rows.iter().map(|c| c.report_id).collect();
    let reports: HashMap<i64, (String, String)> = if report_ids.is_empty() {
        HashMap::new()
    } else {
        report::Entity::find()
            .select_only()
            .column(report::Column::Id)
            .column(report::Column::Code)
            .column(report::Column::Title)
            .filter(report::Column::Id.is_in(report_ids))
            .into_tuple::<(i64, String, String)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(id, c, t)| (id, (c, t)))
            .collect()
    };
    let parent_ids: HashSet<i64> = rows.iter().filter_map(|c| c.parent_id).collect();
    let parents: HashMap<i64, String> = if parent_ids.is_empty() {
        HashMap::new()
    } else {
        comment::Entity::find()
            .select_only()
            .column(comment::Column::Id)
            .column(comment::Column::Body)
            .filter(comment::Column::Id.is_in(parent_ids))
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    let pending = capped(
        db,
        comment::Entity::find()
            .filter(comment::Column::Status.eq(CommentStatus::Pending.as_str()))
            .select_only()
            .column(comment::Column::Id),
        999,
    )
    .await? as i64;
    let items = rows
        .into_iter()
        .map(|c| {
            let (code, title) = reports.get(&c.report_id).cloned().unwrap_or_default();
            ModerationItem {
                id: c.id,
                code,
                report_title: title,
                author: authors.get(&c.author_id).cloned().unwrap_or_default(),
                body: c.body,
                parent_body: c.parent_id.and_then(|p| parents.get(&p).cloned()),
                status: CommentStatus::parse(&c.status).unwrap_or(CommentStatus::Pending),
                reason: c.reason,
                created_at: c.created_at,
            }
        })
        .collect();
    Ok(ModerationPage {
        items,
        status,
        page,
        more,
        pending,
    })
}

/// An operator approves, rejects (with a reason) or hides (with a reason) comment `id`.
/// The author is told; the report's public count follows; the decision is audited.
pub async fn moderate(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    id: i64,
    decision: &str,
    reason: &str,
) -> Result<(), AppError> {
    may(who, Permission::ModerateComments, &Object::None)?;
    let decision =
        Moderation::parse(decision.trim()).ok_or(AppError::BadRequest("decision".into()))?;
    let reason = if decision.needs_reason() {
        Some(
            check_text(reason, rules::REASON_MIN, rules::REASON_MAX)
                .map_err(|p| refused("reason", p))?,
        )
    } else {
        None
    };
    let me = who.user_id.ok_or(AppError::Denied(Denied::NotLoggedIn))?;
    let c = comment::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let from = CommentStatus::parse(&c.status).unwrap_or(CommentStatus::Rejected);
    let to = decide(from, decision).ok_or_else(|| refused("reason", Problem::WrongModeration))?;
    let r = report::Entity::find_by_id(c.report_id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let txn = state.db.begin().await?;
    let mut outbox = state.live.outbox();
    let res = comment::Entity::update_many()
        .col_expr(comment::Column::Status, Expr::value(to.as_str()))
        .col_expr(comment::Column::Reason, Expr::value(reason.clone()))
        .col_expr(comment::Column::ModeratorId, Expr::value(me))
        .col_expr(comment::Column::ModeratedAt, Expr::value(caller.now))
        .filter(comment::Column::Id.eq(c.id))
        .filter(comment::Column::Status.eq(from.as_str()))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        return Err(refused("reason", Problem::WrongModeration));
    }
    let delta = match to {
        CommentStatus::Approved => 1,
        CommentStatus::Hidden => -1,
        _ => 0,
    };
    if delta != 0 {
        report::Entity::update_many()
            .col_expr(
                report::Column::CommentCount,
                Expr::col(report::Column::CommentCount).add(delta),
            )
            .filter(report::Column::Id.eq(r.id))
            .exec(&txn)
            .await?;
    }
    let text = match to {
        CommentStatus::Approved => format!(
            "Bình luận của bạn về phản ánh {} đã được duyệt và hiển thị công khai.",
            r.code
        ),
        CommentStatus::Rejected => format!(
            "Bình luận của bạn về phản ánh {} không được duyệt. Lý do: {}",
            r.code,
            reason.clone().unwrap_or_default()
        ),
        _ => format!(
            "Bình luận của bạn về phản ánh {} đã bị ẩn. Lý do: {}",
            r.code,
            reason.clone().unwrap_or_default()
        ),
    };
    let kind = format!("comment:{}", to.as_str());
    notify(&txn, &mut outbox, c.author_id, &r, &kind, text, caller.now).await?;
    // A reply made public tells the author of the comment it answers.
    if to == CommentStatus::Approved {
        if let Some(pid) = c.parent_id {
            if let Some(p) = comment::Entity::find_by_id(pid).one(&txn).await? {
                if p.author_id != c.author_id {
                    notify(
                        &txn,
                        &mut outbox,
                        p.author_id,
                        &r,
                        "reply",
                        format!(
                            "Có trả lời mới cho bình luận của bạn về phản ánh {}.",
                            r.code
                        ),
                        caller.now,
                    )
                    .await?;
                }
            }
        }
    }
    Audit {
        actor: Some(me),
        action: AuditAction::CommentModerated,
        object: Some(("comment", c.id.to_string())),
        ip: caller.ip.as_deref(),
        detail: Some(decision.as_str().into()),
    }
    .write(&txn, caller.now)
    .await?;
    outbox
        .record(&txn, Topic::Moderation, Some(r.code.clone()), caller.now)
        .await?;
    outbox
        .record(
            &txn,
            Topic::Report {
                report_id: r.id,
                key: crate::domain::live::report_key(&r.code).unwrap_or(0),
                public: is_public(&r),
                author: r.reporter_id,
                agencies: [r.agency_id, r.agency_id],
            },
            Some(r.code.clone()),
            caller.now,
        )
        .await?;
    outbox.commit(txn, &state.live).await?;
    Ok(())
}

// ------------------------------------------------------------------ notifications

/// The user's notifications: unread first, then newest, 20 a page.
pub async fn notifications(
    state: &AppState,
    who: &Subject,
    page: u64,
) -> Result<NotificationPage, AppError> {
    may(who, Permission::ViewNotifications, &Object::None)?;
    let page = page_of(page)?;
    let me = who.user_id.ok_or(AppError::Denied(Denied::NotLoggedIn))?;
    let rows = notification::Entity::find()
        .filter(notification::Column::UserId.eq(me))
        .filter(notification::Column::Deleted.eq(false))
        .order_by(
            Expr::cust("CASE WHEN read_at IS NULL THEN 0 ELSE 1 END"),
            sea_orm::Order::Asc,
        )
        .order_by_desc(notification::Column::CreatedAt)
        .order_by_desc(notification::Column::Id)
        .offset(page * rules::PAGE_SIZE)
        .limit(rules::PAGE_SIZE + 1)
        .all(&state.db)
        .await?;
    let more = rows.len() as u64 > rules::PAGE_SIZE;
    let rows: Vec<_> = rows.into_iter().take(rules::PAGE_SIZE as usize).collect();
    let report_ids: HashSet<i64> = rows.iter().filter_map(|n| n.report_id).collect();
    let codes: HashMap<i64, String> = if report_ids.is_empty() {
        HashMap::new()
    } else {
        report::Entity::find()
            .select_only()
            .column(report::Column::Id)
            .column(report::Column::Code)
            .filter(report::Column::Id.is_in(report_ids))
            .into_tuple::<(i64, String)>()
            .all(&state.db)
            .await?
            .into_iter()
            .collect()
    };
    let unread = unread(state, who).await?;
    Ok(NotificationPage {
        items: rows
            .into_iter()
            .map(|n| NotificationView {
                id: n.id,
                kind: n.kind,
                text: n.text,
                code: n.report_id.and_then(|r| codes.get(&r).cloned()),
                read: n.read_at.is_some(),
                created_at: n.created_at,
            })
            .collect(),
        unread,
        page,
        more,
    })
}

/// Unread notifications, counted on the partial index of unread ones (99+ is enough);
/// `None` for a visitor (who has no notifications page).
pub async fn unread_for(state: &AppState, who: &Subject) -> Result<Option<i64>, AppError> {
    if who.user_id.is_none() || may(who, Permission::ViewNotifications, &Object::None).is_err() {
        return Ok(None);
    }
    unread(state, who).await.map(Some)
}

/// Unread notifications of a logged-in user (0 for others).
pub async fn unread(state: &AppState, who: &Subject) -> Result<i64, AppError> {
    let Some(me) = who.user_id else { return Ok(0) };
    if may(who, Permission::ViewNotifications, &Object::None).is_err() {
        return Ok(0);
    }
    Ok(capped(
        &state.db,
        notification::Entity::find()
            .select_only()
            .column(notification::Column::Id)
            .filter(notification::Column::UserId.eq(me))
            .filter(notification::Column::ReadAt.is_null())
            .filter(notification::Column::Deleted.eq(false)),
        99,
    )
    .await? as i64)
}

async fn own_notification(
    state: &AppState,
    who: &Subject,
    id: i64,
    permission: Permission,
) -> Result<notification::Model, AppError> {
    let n = notification::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .filter(|n| !n.deleted)
        .ok_or(AppError::NotFound)?;
    may(
        who,
        permission,
        &Object::Notification { user_id: n.user_id },
    )
    .map_err(|d| match d {
        Denied::NotOwner => AppError::NotFound,
        d => AppError::Denied(d),
    })?;
    Ok(n)
}

/// Opens a notification: marks it read and answers where it leads.
pub async fn open_notification(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    id: i64,
) -> Result<String, AppError> {
    let n = own_notification(state, who, id, Permission::ReadNotification).await?;
    if n.read_at.is_none() {
        let txn = state.db.begin().await?;
        let mut outbox = state.live.outbox();
        notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, Expr::value(caller.now))
            .filter(notification::Column::Id.eq(n.id))
            .exec(&txn)
            .await?;
        outbox
            .record(
                &txn,
                Topic::Users {
                    ids: vec![n.user_id],
                },
                None,
                caller.now,
            )
            .await?;
        outbox.commit(txn, &state.live).await?;
    }
    let code = match n.report_id {
        Some(r) => report::Entity::find_by_id(r)
            .one(&state.db)
            .await?
            .map(|r| r.code),
        None => None,
    };
    let staff = matches!(who.role, Role::Operator | Role::Officer);
    Ok(match code {
        Some(c) if staff && !n.kind.starts_with("comment") => format!("/console/r/{c}"),
        Some(c) => format!("/reports/{c}"),
        None => "/me/notifications".into(),
    })
}

/// Deletes one read notification.
pub async fn delete_notification(state: &AppState, who: &Subject, id: i64) -> Result<(), AppError> {
    let n = own_notification(state, who, id, Permission::DeleteNotification).await?;
    if n.read_at.is_none() {
        // Unread ones are read first: nothing disappears unseen.
        return Err(AppError::Conflict);
    }
    notification::Entity::update_many()
        .col_expr(notification::Column::Deleted, Expr::value(true))
        .filter(notification::Column::Id.eq(n.id))
        .exec(&state.db)
        .await?;
    Ok(())
}

/// Deletes every read notification of the user; answers how many.
pub async fn delete_read(state: &AppState, who: &Subject) -> Result<u64, AppError> {
    may(who, Permission::ViewNotifications, &Object::None)?;
    let me = who.user_id.ok_or(AppError::Denied(Denied::NotLoggedIn))?;
    Ok(notification::Entity::update_many()
        .col_expr(notification::Column::Deleted, Expr::value(true))
        .filter(notification::Column::UserId.eq(me))
        .filter(notification::Column::ReadAt.is_not_null())
        .filter(notification::Column::Deleted.eq(false))
        .exec(&state.db)
        .await?
        .rows_affected)
}
