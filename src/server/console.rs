//! The officials' console on the server: inbox queries, the report workspace, and every
//! action on a report. A status changes only through `domain::lifecycle::transition`, and
//! each change writes the report row (guarded by its version), an event row, an audit row
//! and the author's notification in one transaction.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Select, Set, TransactionTrait,
};

use crate::account::audit::AuditAction;
use crate::account::permission::{may, Denied, Object, Permission, Subject};
use crate::api::AppError;
use crate::domain::code::ReportCode;
use crate::domain::console::{
    self as rules, check_step, event_is_public, tab_query, ActionForm, DueFilter, DueState, Holder,
    Order, Step, Tab, TemplateKind, BULK_MAX, INBOX_PAGE_SIZE, NOTE_MAX, TAB_COUNT_CAP,
};
use crate::domain::deadline::deadline_days;
use crate::domain::geo::{box_around, distance_m, Point};
use crate::domain::lifecycle::{
    allowed_actions, transition, Action, Channel, Level, Refusal, Role, Status,
};
use crate::dto::console::{
    AgencyRef, BulkOutcome, ConsoleChoices, InboxFilter, InboxPage, InboxRow, Neighbour, Template,
    WorkEvent, Workspace,
};
use crate::dto::MAX_PAGE;
use crate::server::auth::flows::Caller;
use crate::server::auth::store::Audit;
use crate::server::entities::{
    agency, area, category, follow, reminder, reply_template, report, report_event, user,
};
use crate::server::filing::report_object;
use crate::server::public_reports::{capped_count, category_ref, escape_like, level_of, status_of};
use crate::server::report_changes::{notify, Change};
use crate::server::{media, AppState};

/// The value an update sets, or what the row had.
fn set_or<T>(v: &sea_orm::ActiveValue<T>, had: T) -> T
where
    T: Clone + Into<sea_orm::Value>,
{
    match v {
        sea_orm::ActiveValue::Set(x) | sea_orm::ActiveValue::Unchanged(x) => x.clone(),
        sea_orm::ActiveValue::NotSet => had,
    }
}

/// Open reports within this distance are shown for the duplicate check.
pub const NEIGHBOUR_METRES: f64 = 200.0;
const NEIGHBOURS_MAX: usize = 10;
/// How many deadlines one run of the reminder job looks at (the next run takes the rest).
const REMINDER_BATCH: u64 = 500;

fn refusal(r: Refusal) -> AppError {
    match r {
        Refusal::RoleNotAllowed | Refusal::NotAuthor => AppError::Denied(Denied::WrongRole),
        // Another agency's report does not exist for this officer.
        Refusal::NotAssignedAgency => AppError::NotFound,
        Refusal::WrongStatus { .. } | Refusal::WindowClosed => AppError::Conflict,
    }
}

fn form_error(problems: rules::Problems, form: &ActionForm) -> AppError {
    use crate::account::form::{FieldProblem, FormError};
    let mut e = FormError::new();
    for (field, p) in problems {
        e.add(field, FieldProblem::Console(p));
    }
    // Which action's form it was, so the page opens that one with its messages.
    e = e.keep("action", form.action.trim());
    for (k, v) in [
        ("reason", &form.reason),
        ("text", &form.text),
        ("due", &form.due),
        ("public_title", &form.public_title),
        ("public_content", &form.public_content),
        ("duplicate_of", &form.duplicate_of),
    ] {
        if !v.is_empty() && v.len() <= 20_000 {
            e = e.keep(k, v);
        }
    }
    AppError::Form(e)
}

fn one_problem(field: &'static str, p: rules::ConsoleProblem, form: &ActionForm) -> AppError {
    form_error(vec![(field, p)], form)
}

/// Staff only; then the report `code` as this official may see it, or `NotFound`
/// (another agency's report, a draft, an unknown code all look the same).
async fn load<C: ConnectionTrait>(
    db: &C,
    who: &Subject,
    code: &str,
) -> Result<report::Model, AppError> {
    may(who, Permission::ViewInbox, &Object::None)?;
    let code: ReportCode = code.parse().map_err(|_| AppError::NotFound)?;
    let r = report::Entity::find()
        .filter(report::Column::Code.eq(code.to_string()))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    may(who, Permission::ActOnReport, &report_object(&r)).map_err(|_| AppError::NotFound)?;
    Ok(r)
}

/// Who changed the report last and when, for the version check's message.
async fn last_change<C: ConnectionTrait>(db: &C, r: &report::Model) -> AppError {
    let last = report_event::Entity::find()
        .filter(report_event::Column::ReportId.eq(r.id))
        .order_by_desc(report_event::Column::At)
        .order_by_desc(report_event::Column::Id)
        .one(db)
        .await
        .ok()
        .flatten();
    let by = match last.as_ref().and_then(|e| e.actor_id) {
        Some(id) => user::Entity::find_by_id(id)
            .one(db)
            .await
            .ok()
            .flatten()
            .map(|u| u.full_name),
        None => None,
    };
    AppError::Stale {
        by: by.unwrap_or_else(|| "hệ thống".into()),
        at: last.map_or(r.updated_at, |e| e.at),
    }
}

async fn fresh(db: &DatabaseConnection, id: i64) -> Result<report::Model, AppError> {
    report::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

fn choose_level(raw: Option<Level>, r: &report::Model) -> Level {
    raw.unwrap_or_else(|| level_of(&r.level))
}

async fn active_agency<C: ConnectionTrait>(
    db: &C,
    id: i64,
) -> Result<Option<agency::Model>, DbErr> {
    Ok(agency::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|a| a.active))
}

/// The deadline a dispatch at `now` sets: the category's working days (urgent shorter),
/// over the configured holidays. Without a category, the longest default of all.
async fn computed_due<C: ConnectionTrait>(
    db: &C,
    state: &AppState,
    category_id: Option<i64>,
    level: Level,
    now: DateTime<Utc>,
) -> Result<DateTime<Utc>, DbErr> {
    let (normal, urgent) = match category_id {
        Some(id) => match category::Entity::find_by_id(id).one(db).await? {
            Some(c) => (c.default_days.max(1) as u32, c.urgent_days.max(1) as u32),
            None => (15, 5),
        },
        None => (15, 5),
    };
    Ok(state
        .calendar
        .get()
        .add_working_days(now, deadline_days(normal, urgent, level)))
}

/// One action on report `code`, decided on `version` of it. Answers the new status.
pub async fn act(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    code: &str,
    version: i32,
    form: &ActionForm,
) -> Result<Status, AppError> {
    let r = load(&state.db, who, code).await?;
    act_on(state, caller, who, r, version, form).await
}

async fn act_on(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    r: report::Model,
    version: i32,
    form: &ActionForm,
) -> Result<Status, AppError> {
    let now = caller.now;
    let me = who.user_id.ok_or(AppError::Denied(Denied::NotLoggedIn))?;
    if r.version != version {
        return Err(last_change(&state.db, &r).await);
    }
    let step = check_step(form, &r.code, r.due_at, now).map_err(|p| form_error(p, form))?;
    let action = step.action();
    let object = report_object(&r);
    let from = Status::parse(&r.status);
    let to = transition(from, who.actor_for(&object), action).map_err(refusal)?;

    // What the step changes besides the status, checked against the database.
    let mut row = report::ActiveModel {
        status: Set(to.as_str().to_string()),
        updated_at: Set(now),
        version: Set(r.version + 1),
        ..Default::default()
    };
    let mut note: Option<String> = None;
    let mut result_media: Vec<i64> = Vec::new();
    match &step {
        Step::Verify {
            category,
            level,
            public,
            public_title,
            public_content,
        } => {
            let c = category::Entity::find()
                .filter(category::Column::Code.eq(category.as_str()))
                .one(&state.db)
                .await?
                .filter(|c| c.active)
                .ok_or_else(|| {
                    one_problem("category", rules::ConsoleProblem::UnknownChoice, form)
                })?;
            row.category_id = Set(Some(c.id));
            row.level = Set(level.as_str().to_string());
            row.is_public = Set(*public);
            // The public version goes where every public read looks; the original is kept.
            if let Some(t) = public_title {
                row.title = Set(t.clone());
                row.original_title = Set(Some(r.title.clone()));
            }
            if let Some(c) = public_content {
                row.content = Set(c.clone());
                row.original_content = Set(Some(r.content.clone()));
            }
            row.verified_at = Set(Some(now));
            note = Some(c.name_vi.clone());
        }
        Step::Reject { reason } => note = Some(reason.clone()),
        Step::MarkDuplicate { of } => {
            let other = match of.parse::<ReportCode>() {
                Ok(c) => {
                    report::Entity::find()
                        .filter(report::Column::Code.eq(c.to_string()))
                        .one(&state.db)
                        .await?
                }
                Err(_) => None,
            }
            .filter(|o| o.id != r.id && o.status != Status::Draft.as_str())
            .ok_or_else(|| {
                one_problem("duplicate_of", rules::ConsoleProblem::UnknownChoice, form)
            })?;
            row.duplicate_of = Set(Some(other.id));
            note = Some(other.code.clone());
        }
        Step::Dispatch {
            agency_id,
            level,
            due,
        } => {
            let a = active_agency(&state.db, *agency_id)
                .await?
                .ok_or_else(|| one_problem("agency", rules::ConsoleProblem::UnknownChoice, form))?;
            let level = choose_level(*level, &r);
            let due_at = match due {
                Some((d, _)) => rules::due_on(*d),
                None => computed_due(&state.db, state, r.category_id, level, now).await?,
            };
            row.agency_id = Set(Some(a.id));
            row.level = Set(level.as_str().to_string());
            row.due_at = Set(Some(due_at));
            row.dispatched_at = Set(Some(now));
            row.returned_at = Set(None);
            row.officer_id = Set(None);
            row.field_position = Set(None);
            note = Some(match due {
                Some((d, why)) => format!("{} — hạn {} ({why})", a.name, d.format("%d/%m/%Y")),
                None => a.name.clone(),
            });
        }
        Step::Transfer {
            agency_id,
            keep_deadline,
        } => {
            let a = active_agency(&state.db, *agency_id)
                .await?
                .filter(|a| Some(a.id) != r.agency_id)
                .ok_or_else(|| one_problem("agency", rules::ConsoleProblem::UnknownChoice, form))?;
            let due_at = match (keep_deadline, r.due_at) {
                (true, Some(d)) => d,
                _ => computed_due(&state.db, state, r.category_id, level_of(&r.level), now).await?,
            };
            row.agency_id = Set(Some(a.id));
            row.due_at = Set(Some(due_at));
            row.dispatched_at = Set(Some(now));
            row.returned_at = Set(None);
            row.officer_id = Set(None);
            row.field_position = Set(None);
            row.extension_until = Set(None);
            row.extension_reason = Set(None);
            note = Some(a.name.clone());
        }
        Step::Accept => {
            if r.officer_id.is_none() {
                row.officer_id = Set(Some(me));
            }
        }
        Step::Return { reason } => {
            row.returned_at = Set(Some(now));
            row.agency_id = Set(None);
            row.officer_id = Set(None);
            row.field_position = Set(None);
            row.due_at = Set(None);
            row.extension_until = Set(None);
            row.extension_reason = Set(None);
            note = Some(reason.clone());
        }
        Step::RequestExtension { until, reason } => {
            row.extension_until = Set(Some(rules::due_on(*until)));
            row.extension_reason = Set(Some(reason.clone()));
            note = Some(format!("{} — {reason}", until.format("%d/%m/%Y")));
        }
        Step::ApproveExtension => {
            let until = r.extension_until.ok_or(AppError::Conflict)?;
            row.due_at = Set(Some(until));
            row.extension_until = Set(None);
            row.extension_reason = Set(None);
            note = Some(
                crate::domain::deadline::local_date(until)
                    .format("%d/%m/%Y")
                    .to_string(),
            );
        }
        Step::RefuseExtension { reason } => {
            if r.extension_until.is_none() {
                return Err(AppError::Conflict);
            }
            row.extension_until = Set(None);
            row.extension_reason = Set(None);
            note = Some(reason.clone());
        }
        Step::Resolve { result, media: ids } => {
            result_media = crate::domain::media::parse_ids(ids).map_err(AppError::Media)?;
            media::check_own(&state.db, me, None, &result_media)
                .await
                .map_err(AppError::Media)?;
            row.result_text = Set(Some(result.clone()));
            row.resolved_at = Set(Some(now));
            row.processing_days = Set(crate::server::stats::processing_days(
                &state.calendar.get(),
                r.dispatched_at,
                Some(now),
            ));
            row.extension_until = Set(None);
            row.extension_reason = Set(None);
        }
        Step::SendBack { reason } => {
            row.resolved_at = Set(None);
            row.processing_days = Set(None);
            note = Some(reason.clone());
        }
        Step::Publish => {
            row.published_at = Set(Some(now));
            row.result_public = Set(true);
        }
        Step::Close => row.closed_at = Set(Some(now)),
    }

    let public_after = set_or(&row.is_public, r.is_public);
    let duplicate_of = match &row.duplicate_of {
        sea_orm::ActiveValue::Set(v) => Some(*v),
        _ => None,
    };
    let agency_after = set_or(&row.agency_id, r.agency_id);
    let txn = state.db.begin().await?;
    let mut outbox = state.live.outbox();
    let res = report::Entity::update_many()
        .set(row)
        .filter(report::Column::Id.eq(r.id))
        .filter(report::Column::Version.eq(r.version))
        .filter(report::Column::Status.eq(r.status.as_str()))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        drop(txn);
        let now_row = fresh(&state.db, r.id).await?;
        return Err(last_change(&state.db, &now_row).await);
    }
    if !result_media.is_empty() {
        media::attach_as(&txn, me, r.id, &result_media, "result").await?;
    }
    if let (Step::MarkDuplicate { .. }, Some(author), Some(Some(of))) =
        (&step, r.reporter_id, duplicate_of)
    {
        follow::Entity::insert(follow::ActiveModel {
            user_id: Set(author),
            report_id: Set(of),
            created_at: Set(now),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([follow::Column::UserId, follow::Column::ReportId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(&txn)
        .await?;
    }
    Change::new(&r, Some(me), action.as_str(), to)
        .note(note.clone())
        .public(event_is_public(action))
        .visible(public_after)
        .agency(agency_after)
        .write(&txn, &mut outbox, now)
        .await?;
    Audit {
        actor: Some(me),
        action: AuditAction::ReportActed,
        object: Some(("report", r.code.clone())),
        ip: caller.ip.as_deref(),
        detail: Some(action.as_str().to_string()),
    }
    .write(&txn, now)
    .await?;
    outbox.commit(txn, &state.live).await?;
    if action == Action::Publish && state.config.sms_on_publish {
        sms_result(state, &r).await;
    }
    Ok(to)
}

/// Tells the author by SMS that the result is published (when configured): to the account's
/// phone, or to the caller's for a report filed on their behalf. A full queue is logged, not
/// an error: the notification row and the page already tell the author.
async fn sms_result(state: &AppState, r: &report::Model) {
    let phone = match r.reporter_id {
        Some(id) => user::Entity::find_by_id(id)
            .one(&state.db)
            .await
            .ok()
            .flatten()
            .map(|u| u.phone),
        None => r.reporter_phone.clone(),
    };
    let Some(phone) = phone.and_then(|p| crate::account::phone::normalize(&p).ok()) else {
        return;
    };
    let site = state.config.public_url.clone().unwrap_or_default();
    let message = format!(
        "PAHT: Phan anh {} da co ket qua xu ly. Xem tai {}/reports/{}",
        r.code,
        site.trim_end_matches('/'),
        r.code
    );
    if state.sms.enqueue(phone, message).is_err() {
        tracing::warn!(code = %r.code, "SMS queue full: result SMS not sent");
    }
}

/// An internal note on any report the official may reach.
pub async fn add_note(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    code: &str,
    text: &str,
) -> Result<(), AppError> {
    let r = load(&state.db, who, code).await?;
    may(who, Permission::AddInternalNote, &report_object(&r)).map_err(|_| AppError::NotFound)?;
    let form = ActionForm {
        text: text.chars().take(NOTE_MAX + 1).collect(),
        ..Default::default()
    };
    let text = rules::text_field(text, 1, NOTE_MAX)
        .map_err(|p| one_problem("text", p, &form))?
        .ok_or_else(|| one_problem("text", rules::ConsoleProblem::Required, &form))?;
    let me = who.user_id.ok_or(AppError::NotFound)?;
    let txn = state.db.begin().await?;
    let mut outbox = state.live.outbox();
    Change::new(&r, Some(me), "note", status_of(&r.status))
        .note(Some(text))
        .public(false)
        .write(&txn, &mut outbox, caller.now)
        .await?;
    Audit {
        actor: Some(me),
        action: AuditAction::ReportNoted,
        object: Some(("report", r.code.clone())),
        ip: caller.ip.as_deref(),
        detail: None,
    }
    .write(&txn, caller.now)
    .await?;
    outbox.commit(txn, &state.live).await?;
    Ok(())
}

/// The agency's lead gives report `code` to officer `officer_id` of the agency; an officer
/// takes an unassigned one (`officer_id` = themself). Guarded by the version like an action.
pub async fn assign(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    code: &str,
    version: i32,
    officer_id: Option<i64>,
) -> Result<(), AppError> {
    let r = load(&state.db, who, code).await?;
    let me = who.user_id.ok_or(AppError::NotFound)?;
    let object = report_object(&r);
    let status = status_of(&r.status);
    let target = match officer_id {
        Some(id) if id != me => {
            may(who, Permission::AssignReport, &object)?;
            id
        }
        _ => {
            may(who, Permission::TakeReport, &object)?;
            if r.officer_id.is_some() && !who.is_lead {
                return Err(last_change(&state.db, &r).await);
            }
            me
        }
    };
    if !matches!(status, Status::Dispatched | Status::Processing) {
        return Err(AppError::Conflict);
    }
    if r.version != version {
        return Err(last_change(&state.db, &r).await);
    }
    let officer = user::Entity::find_by_id(target)
        .one(&state.db)
        .await?
        .filter(|u| {
            u.role == Role::Officer.as_str() && u.agency_id == r.agency_id && u.status == "active"
        })
        .ok_or_else(|| {
            one_problem(
                "officer",
                rules::ConsoleProblem::UnknownChoice,
                &ActionForm::default(),
            )
        })?;
    let txn = state.db.begin().await?;
    let mut outbox = state.live.outbox();
    let res = report::Entity::update_many()
        .col_expr(report::Column::OfficerId, Expr::value(officer.id))
        .col_expr(
            report::Column::FieldPosition,
            Expr::value(Option::<i32>::None),
        )
        .col_expr(report::Column::Version, Expr::value(r.version + 1))
        .col_expr(report::Column::UpdatedAt, Expr::value(caller.now))
        .filter(report::Column::Id.eq(r.id))
        .filter(report::Column::Version.eq(r.version))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        drop(txn);
        let now_row = fresh(&state.db, r.id).await?;
        return Err(last_change(&state.db, &now_row).await);
    }
    Change::new(&r, Some(me), "assign", status)
        .note(Some(officer.full_name.clone()))
        .public(false)
        .write(&txn, &mut outbox, caller.now)
        .await?;
    Audit {
        actor: Some(me),
        action: AuditAction::ReportAssigned,
        object: Some(("report", r.code.clone())),
        ip: caller.ip.as_deref(),
        detail: Some(officer.id.to_string()),
    }
    .write(&txn, caller.now)
    .await?;
    if officer.id != me {
        notify(
            &txn,
            &mut outbox,
            officer.id,
            &r,
            "assigned",
            format!("Bạn được phân công xử lý phản ánh {}.", r.code),
            caller.now,
        )
        .await?;
    }
    outbox.commit(txn, &state.live).await?;
    Ok(())
}

/// One action on many reports at once: `dispatch` (to `form.agency`), `category`
/// (`form.category`) or `level` (`form.level`). Each report is its own transaction, so one
/// that changed meanwhile is skipped and named, never half done.
pub async fn bulk(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    codes: &[String],
    form: &ActionForm,
) -> Result<BulkOutcome, AppError> {
    may(who, Permission::ViewInbox, &Object::None)?;
    if who.role != Role::Operator {
        return Err(AppError::Denied(Denied::WrongRole));
    }
    if codes.is_empty() {
        return Err(one_problem("codes", rules::ConsoleProblem::Required, form));
    }
    if codes.len() > BULK_MAX {
        return Err(one_problem(
            "codes",
            rules::ConsoleProblem::TooLong(BULK_MAX),
            form,
        ));
    }
    let mut out = BulkOutcome::default();
    match form.action.as_str() {
        "dispatch" => {
            let f = ActionForm {
                action: "dispatch".into(),
                agency: form.agency.clone(),
                level: form.level.clone(),
                ..Default::default()
            };
            // The form is checked once, before any report is touched.
            check_step(&f, "", None, caller.now).map_err(|p| form_error(p, &f))?;
            if active_agency(&state.db, rules::id_field(&f.agency).unwrap_or(0))
                .await?
                .is_none()
            {
                return Err(one_problem(
                    "agency",
                    rules::ConsoleProblem::UnknownChoice,
                    &f,
                ));
            }
            for code in codes {
                let r = match load(&state.db, who, code).await {
                    Ok(r) => r,
                    Err(e) => {
                        out.skipped
                            .push((code.clone(), e.message(crate::i18n::Lang::Vi)));
                        continue;
                    }
                };
                let v = r.version;
                match act_on(state, caller, who, r, v, &f).await {
                    Ok(_) => out.done.push(code.clone()),
                    Err(e) => out
                        .skipped
                        .push((code.clone(), e.message(crate::i18n::Lang::Vi))),
                }
            }
        }
        "category" | "level" => {
            let set_category = form.action == "category";
            let (cat, level) = if set_category {
                let c = category::Entity::find()
                    .filter(category::Column::Code.eq(form.category.trim()))
                    .one(&state.db)
                    .await?
                    .filter(|c| c.active)
                    .ok_or_else(|| {
                        one_problem("category", rules::ConsoleProblem::UnknownChoice, form)
                    })?;
                (Some(c), None)
            } else {
                let l = Level::parse(form.level.trim()).ok_or_else(|| {
                    one_problem("level", rules::ConsoleProblem::UnknownChoice, form)
                })?;
                (None, Some(l))
            };
            let me = who.user_id.ok_or(AppError::NotFound)?;
            for code in codes {
                let r = match load(&state.db, who, code).await {
                    Ok(r) => r,
                    Err(e) => {
                        out.skipped
                            .push((code.clone(), e.message(crate::i18n::Lang::Vi)));
                        continue;
                    }
                };
                let status = status_of(&r.status);
                if status.is_final()
                    || may(who, Permission::ClassifyReport, &report_object(&r)).is_err()
                {
                    out.skipped.push((
                        code.clone(),
                        AppError::Conflict.message(crate::i18n::Lang::Vi),
                    ));
                    continue;
                }
                let txn = state.db.begin().await?;
                let mut outbox = state.live.outbox();
                let mut up = report::Entity::update_many()
                    .col_expr(report::Column::Version, Expr::value(r.version + 1))
                    .col_expr(report::Column::UpdatedAt, Expr::value(caller.now));
                let note = if let Some(c) = &cat {
                    up = up.col_expr(report::Column::CategoryId, Expr::value(c.id));
                    c.name_vi.clone()
                } else {
                    let l = level.unwrap_or_default();
                    up = up.col_expr(report::Column::Level, Expr::value(l.as_str()));
                    l.as_str().to_string()
                };
                let res = up
                    .filter(report::Column::Id.eq(r.id))
                    .filter(report::Column::Version.eq(r.version))
                    .exec(&txn)
                    .await?;
                if res.rows_affected != 1 {
                    out.skipped.push((
                        code.clone(),
                        AppError::Conflict.message(crate::i18n::Lang::Vi),
                    ));
                    continue;
                }
                Change::new(&r, Some(me), "classify", status)
                    .note(Some(note))
                    .public(false)
                    .write(&txn, &mut outbox, caller.now)
                    .await?;
                Audit {
                    actor: Some(me),
                    action: AuditAction::ReportClassified,
                    object: Some(("report", r.code.clone())),
                    ip: caller.ip.as_deref(),
                    detail: Some(form.action.clone()),
                }
                .write(&txn, caller.now)
                .await?;
                outbox.commit(txn, &state.live).await?;
                out.done.push(code.clone());
            }
        }
        _ => {
            return Err(one_problem(
                "action",
                rules::ConsoleProblem::UnknownAction,
                form,
            ))
        }
    }
    Ok(out)
}

// ------------------------------------------------------------------ inbox

fn vn_day_start(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0)
        .map(|n| n.and_utc() - TimeDelta::hours(7))
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

fn date_field(raw: &str, field: &'static str) -> Result<Option<NaiveDate>, AppError> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.len() > 10 {
        return Err(AppError::BadRequest(field.into()));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| AppError::BadRequest(field.into()))
}

/// The filter's conditions besides the tab's; `None` when it can match nothing.
async fn filter_conditions(
    db: &DatabaseConnection,
    who: &Subject,
    f: &InboxFilter,
) -> Result<Option<Condition>, AppError> {
    let mut cond = Condition::all();
    let code_of = |s: &str| s.trim().to_string();
    for (raw, kind, col) in [
        (&f.district, "district", report::Column::DistrictId),
        (&f.commune, "commune", report::Column::CommuneId),
    ] {
        let code = code_of(raw);
        if code.is_empty() {
            continue;
        }
        if code.len() > 40 {
            return Err(AppError::BadRequest(kind.into()));
        }
        match area::Entity::find()
            .filter(area::Column::Code.eq(code.as_str()))
            .filter(area::Column::Kind.eq(kind))
            .one(db)
            .await?
        {
            Some(a) => cond = cond.add(col.eq(a.id)),
            None => return Ok(None),
        }
    }
    let cat = code_of(&f.category);
    if !cat.is_empty() {
        if cat.len() > 64 {
            return Err(AppError::BadRequest("category".into()));
        }
        match category::Entity::find()
            .filter(category::Column::Code.eq(cat.as_str()))
            .one(db)
            .await?
        {
            Some(c) => cond = cond.add(report::Column::CategoryId.eq(c.id)),
            None => return Ok(None),
        }
    }
    match f.level.trim() {
        "" => {}
        s => {
            let l = Level::parse(s).ok_or_else(|| AppError::BadRequest("level".into()))?;
            cond = cond.add(report::Column::Level.eq(l.as_str()));
        }
    }
    match f.channel.trim() {
        "" => {}
        s => {
            let c = Channel::parse(s).ok_or_else(|| AppError::BadRequest("channel".into()))?;
            cond = cond.add(report::Column::Channel.eq(c.as_str()));
        }
    }
    // Officers see their own agency anyway; the agency filter is the centre's.
    if who.role == Role::Operator && !f.agency.trim().is_empty() {
        let id = rules::id_field(&f.agency).map_err(|_| AppError::BadRequest("agency".into()))?;
        cond = cond.add(report::Column::AgencyId.eq(id));
    }
    if let Some(d) = date_field(&f.from, "from")? {
        cond = cond.add(report::Column::ReceivedAt.gte(vn_day_start(d)));
    }
    if let Some(d) = date_field(&f.to, "to")? {
        let next = d.succ_opt().unwrap_or(d);
        cond = cond.add(report::Column::ReceivedAt.lt(vn_day_start(next)));
    }
    let q = f.q.trim();
    if q.len() > crate::dto::MAX_SEARCH_LEN * 4 || q.chars().count() > crate::dto::MAX_SEARCH_LEN {
        return Err(AppError::Invalid(crate::dto::error::Problem::SearchTooLong));
    }
    if !q.is_empty() {
        if let Ok(code) = q.parse::<ReportCode>() {
            cond = cond.add(report::Column::Code.eq(code.to_string()));
        } else {
            use sea_orm::sea_query::ExprTrait;
            let pattern = format!("%{}%", escape_like(q));
            cond = cond.add(
                Expr::col(report::Column::Title)
                    .like(sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')),
            );
        }
    }
    Ok(Some(cond))
}

/// The reports of a tab, unordered (counts need no order, and an ORDER BY in a counted
/// subquery can make the database sort every match first).
fn tab_rows(
    who: &Subject,
    q: &rules::TabQuery,
    now: DateTime<Utc>,
    extra: Condition,
) -> Select<report::Entity> {
    // The status list as literal SQL (our own names, never input), so that the partial
    // indexes of the open reports, whose WHERE says the same, can serve the deadline tabs.
    let list = q
        .statuses
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut cond = extra.add(Expr::cust(format!("status IN ({list})")));
    if q.own_agency {
        cond = cond.add(report::Column::AgencyId.eq(who.agency_id.unwrap_or(-1)));
    }
    match q.returned {
        Some(true) => cond = cond.add(report::Column::ReturnedAt.is_not_null()),
        Some(false) => cond = cond.add(report::Column::ReturnedAt.is_null()),
        None => {}
    }
    if q.extension_pending {
        cond = cond.add(report::Column::ExtensionUntil.is_not_null());
    }
    if q.answered {
        cond = cond.add(report::Column::DissatisfiedAt.is_not_null());
    }
    match q.due {
        DueFilter::Any => {}
        DueFilter::Overdue => cond = cond.add(report::Column::DueAt.lt(now)),
        DueFilter::Soon { until } => {
            cond = cond
                .add(report::Column::DueAt.gte(now))
                .add(report::Column::DueAt.lte(until));
        }
    }
    match q.holder {
        Holder::Any => {}
        Holder::Me => cond = cond.add(report::Column::OfficerId.eq(who.user_id.unwrap_or(-1))),
        Holder::Nobody => cond = cond.add(report::Column::OfficerId.is_null()),
    }
    report::Entity::find().filter(cond)
}

/// The reports of a tab in the tab's order.
fn tab_select(
    who: &Subject,
    q: &rules::TabQuery,
    now: DateTime<Utc>,
    extra: Condition,
) -> Select<report::Entity> {
    let s = tab_rows(who, q, now, extra);
    match q.order {
        Order::UrgentThenOldest => s
            .order_by_desc(report::Column::Level)
            .order_by_asc(report::Column::ReceivedAt)
            .order_by_asc(report::Column::Id),
        Order::Deadline => s
            .order_by_asc(report::Column::DueAt)
            .order_by_asc(report::Column::Id),
    }
}

/// One page of an inbox tab, urgent first then oldest (deadline tabs: nearest deadline
/// first), with every tab's count under the same filters.
pub async fn inbox(
    state: &AppState,
    who: &Subject,
    f: &InboxFilter,
    page: u64,
    now: DateTime<Utc>,
) -> Result<InboxPage, AppError> {
    may(who, Permission::ViewInbox, &Object::None)?;
    let tab = match f.tab.trim() {
        "" => Tab::default_for(who.role),
        s => Tab::parse(s).ok_or_else(|| AppError::BadRequest("tab".into()))?,
    };
    let calendar_now = state.calendar.get();
    let calendar = &*calendar_now;
    let q = tab_query(tab, who.role, calendar, now).ok_or(AppError::Denied(Denied::WrongRole))?;
    if page == 0 || page > MAX_PAGE {
        return Err(AppError::Invalid(crate::dto::error::Problem::PageTooFar));
    }
    let db = &state.db;
    let Some(extra) = filter_conditions(db, who, f).await? else {
        return Ok(InboxPage {
            tab,
            rows: vec![],
            page,
            has_more: false,
            counts: Tab::for_role(who.role).iter().map(|&t| (t, 0)).collect(),
        });
    };
    let mut counts = Vec::new();
    for &t in Tab::for_role(who.role) {
        let tq = tab_query(t, who.role, calendar, now).ok_or(AppError::Internal)?;
        let n = capped_count(db, tab_rows(who, &tq, now, extra.clone()), TAB_COUNT_CAP).await?;
        counts.push((t, n));
    }
    let mut models = tab_select(who, &q, now, extra)
        .offset((page - 1) * INBOX_PAGE_SIZE)
        .limit(INBOX_PAGE_SIZE + 1)
        .all(db)
        .await?;
    let has_more = models.len() as u64 > INBOX_PAGE_SIZE;
    models.truncate(INBOX_PAGE_SIZE as usize);
    let names = Names::load(db, &models).await?;
    let rows = models
        .into_iter()
        .map(|r| {
            let status = status_of(&r.status);
            InboxRow {
                due: DueState::of(status, r.due_at, calendar, now),
                category: r
                    .category_id
                    .and_then(|id| names.categories.get(&id).cloned()),
                district: r.district_id.and_then(|id| names.areas.get(&id).cloned()),
                agency: r.agency_id.and_then(|id| names.agencies.get(&id).cloned()),
                assignee: r.officer_id.and_then(|id| names.users.get(&id).cloned()),
                extension_pending: r.extension_until.is_some(),
                channel: Channel::parse(&r.channel).unwrap_or(Channel::Web),
                title: r.title,
                code: r.code,
                version: r.version,
                status,
                level: level_of(&r.level),
                address: r.address,
                received_at: r.received_at,
                lat: r.lat,
                lng: r.lng,
            }
        })
        .collect();
    Ok(InboxPage {
        tab,
        rows,
        page,
        has_more,
        counts,
    })
}

/// Names of what a page of reports refers to, in four small queries.
struct Names {
    categories: HashMap<i64, String>,
    areas: HashMap<i64, String>,
    agencies: HashMap<i64, String>,
    users: HashMap<i64, String>,
}

impl Names {
    async fn load<C: ConnectionTrait>(db: &C, rows: &[report::Model]) -> Result<Names, DbErr> {
        let ids = |f: &dyn Fn(&report::Model) -> Option<i64>| -> Vec<i64> {
            let mut v: Vec<i64> = rows.iter().filter_map(f).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        let cats = ids(&|r| r.category_id);
        let areas = ids(&|r| r.district_id);
        let agencies = ids(&|r| r.agency_id);
        let users = ids(&|r| r.officer_id);
        Ok(Names {
            categories: category::Entity::find()
                .filter(category::Column::Id.is_in(cats))
                .all(db)
                .await?
                .into_iter()
                .map(|c| (c.id, c.name_vi))
                .collect(),
            areas: area::Entity::find()
                .filter(area::Column::Id.is_in(areas))
                .all(db)
                .await?
                .into_iter()
                .map(|a| (a.id, a.name))
                .collect(),
            agencies: agency::Entity::find()
                .filter(agency::Column::Id.is_in(agencies))
                .all(db)
                .await?
                .into_iter()
                .map(|a| (a.id, a.name))
                .collect(),
            users: user::Entity::find()
                .filter(user::Column::Id.is_in(users))
                .all(db)
                .await?
                .into_iter()
                .map(|u| (u.id, u.full_name))
                .collect(),
        })
    }
}

// ------------------------------------------------------------------ workspace

/// Lifecycle actions the console offers (the citizen's own are not the console's), with
/// the extension decisions only while a request waits.
fn console_actions(r: &report::Model, who: &Subject) -> Vec<Action> {
    let object = report_object(r);
    allowed_actions(Status::parse(&r.status), who.actor_for(&object))
        .into_iter()
        .filter(|a| {
            !matches!(
                a,
                Action::SaveDraft
                    | Action::EditDraft
                    | Action::DeleteDraft
                    | Action::Submit
                    | Action::FileOnBehalf
                    | Action::Withdraw
                    | Action::Rate
                    | Action::NotSatisfied
            )
        })
        .filter(|a| match a {
            Action::ApproveExtension | Action::RefuseExtension => r.extension_until.is_some(),
            Action::RequestExtension => r.extension_until.is_none(),
            _ => true,
        })
        .collect()
}

pub async fn workspace(
    state: &AppState,
    who: &Subject,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Workspace, AppError> {
    let db = &state.db;
    let r = load(db, who, code).await?;
    let status = status_of(&r.status);
    let level = level_of(&r.level);
    let category = match r.category_id {
        Some(id) => category::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let area_name = |id: Option<i64>| async move {
        match id {
            Some(id) => area::Entity::find_by_id(id)
                .one(db)
                .await
                .map(|a| a.map(|a| a.name)),
            None => Ok(None),
        }
    };
    let agency_ref = |id: Option<i64>| async move {
        match id {
            Some(id) => agency::Entity::find_by_id(id).one(db).await.map(|a| {
                a.map(|a| AgencyRef {
                    id: a.id,
                    name: a.name,
                })
            }),
            None => Ok(None),
        }
    };
    let assignee = match r.officer_id {
        Some(id) => user::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|u| u.full_name),
        None => None,
    };
    // A caller's details are on the report; an account holder's, on the account (read once).
    let reporter = match r.reporter_id {
        Some(id) => user::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let reporter_name = r
        .reporter_name
        .clone()
        .or_else(|| reporter.as_ref().map(|u| u.full_name.clone()));
    let reporter_phone = r
        .reporter_phone
        .clone()
        .or_else(|| reporter.as_ref().map(|u| u.phone.clone()));
    let events = report_event::Entity::find()
        .filter(report_event::Column::ReportId.eq(r.id))
        .order_by_asc(report_event::Column::At)
        .order_by_asc(report_event::Column::Id)
        .limit(500)
        .all(db)
        .await?;
    let mut actor_ids: Vec<i64> = events.iter().filter_map(|e| e.actor_id).collect();
    actor_ids.sort_unstable();
    actor_ids.dedup();
    let actors: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(actor_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.full_name))
        .collect();
    let timeline = events
        .into_iter()
        .map(|e| WorkEvent {
            at: e.at,
            actor: e.actor_id.and_then(|id| actors.get(&id).cloned()),
            to_status: Status::parse(&e.to_status),
            action: e.action,
            note: e.note,
            public: e.is_public,
        })
        .collect();
    let duplicate_of = match r.duplicate_of {
        Some(id) => report::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|o| o.code),
        None => None,
    };
    let dispatch_due = if status == Status::Verified {
        Some(computed_due(db, state, r.category_id, level, now).await?)
    } else {
        None
    };
    let officers = if who.is_lead && may(who, Permission::AssignReport, &report_object(&r)).is_ok()
    {
        user::Entity::find()
            .filter(user::Column::Role.eq(Role::Officer.as_str()))
            .filter(user::Column::AgencyId.eq(who.agency_id.unwrap_or(-1)))
            .filter(user::Column::Status.eq("active"))
            .order_by_asc(user::Column::FullName)
            .limit(200)
            .all(db)
            .await?
            .into_iter()
            .map(|u| AgencyRef {
                id: u.id,
                name: u.full_name,
            })
            .collect()
    } else {
        Vec::new()
    };
    let may_take = who.role == Role::Officer
        && r.officer_id.is_none()
        && matches!(status, Status::Dispatched | Status::Processing)
        && may(who, Permission::TakeReport, &report_object(&r)).is_ok();
    Ok(Workspace {
        nearby: neighbours(db, &r).await?,
        media: media::of_report(db, r.id).await?,
        result_media: media::results_of(db, r.id).await?,
        actions: console_actions(&r, who),
        due: DueState::of(status, r.due_at, &state.calendar.get(), now),
        district: area_name(r.district_id).await?,
        commune: area_name(r.commune_id).await?,
        agency: agency_ref(r.agency_id).await?,
        // A suggestion of an agency deactivated since the filing is no suggestion.
        suggested_agency: match r.suggested_agency_id {
            Some(id) => active_agency(db, id).await?.map(|a| AgencyRef {
                id: a.id,
                name: a.name,
            }),
            None => None,
        },
        category: category.as_ref().map(category_ref),
        channel: Channel::parse(&r.channel).unwrap_or(Channel::Web),
        code: r.code,
        version: r.version,
        public_title: r.original_title.is_some().then(|| r.title.clone()),
        public_content: r.original_content.is_some().then(|| r.content.clone()),
        title: r.original_title.unwrap_or(r.title),
        content: r.original_content.unwrap_or(r.content),
        status,
        level,
        citizen_urgent: r.citizen_urgent,
        lat: r.lat,
        lng: r.lng,
        address: r.address,
        place_approximate: r.place_approximate,
        reporter_name,
        reporter_phone,
        hide_name: r.hide_name,
        is_public: r.is_public,
        received_at: r.received_at,
        assignee,
        due_at: r.due_at,
        dispatch_due,
        extension_until: r.extension_until,
        extension_reason: r.extension_reason,
        result: r.result_text,
        timeline,
        duplicate_of,
        may_take,
        officers,
    })
}

/// Open reports (any visibility) within [`NEIGHBOUR_METRES`], nearest first.
async fn neighbours<C: ConnectionTrait>(
    db: &C,
    r: &report::Model,
) -> Result<Vec<Neighbour>, DbErr> {
    let here = Point {
        lat: r.lat,
        lng: r.lng,
    };
    let b = box_around(here, NEIGHBOUR_METRES);
    let open = [
        Status::Submitted,
        Status::Verified,
        Status::Dispatched,
        Status::Processing,
        Status::Resolved,
    ]
    .map(|s| s.as_str());
    let mut found: Vec<Neighbour> = report::Entity::find()
        // Both values, so the (is_public, lat, lng) index serves the box.
        .filter(report::Column::IsPublic.is_in([true, false]))
        .filter(report::Column::Lat.between(b.min_lat, b.max_lat))
        .filter(report::Column::Lng.between(b.min_lng, b.max_lng))
        .filter(report::Column::Status.is_in(open))
        .filter(report::Column::Id.ne(r.id))
        .limit(200)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|o| {
            let d = distance_m(
                here,
                Point {
                    lat: o.lat,
                    lng: o.lng,
                },
            );
            (d <= NEIGHBOUR_METRES).then(|| Neighbour {
                status: status_of(&o.status),
                title: o.title,
                code: o.code,
                distance_m: d.round() as u32,
            })
        })
        .collect();
    found.sort_by_key(|n| n.distance_m);
    found.truncate(NEIGHBOURS_MAX);
    Ok(found)
}

/// Categories, districts, active agencies and reply templates for the console's forms.
pub async fn choices(state: &AppState, who: &Subject) -> Result<ConsoleChoices, AppError> {
    may(who, Permission::ViewInbox, &Object::None)?;
    let db = &state.db;
    let reference = crate::server::filing::choices(db).await?;
    let agencies = agency::Entity::find()
        .filter(agency::Column::Active.eq(true))
        .order_by_asc(agency::Column::Name)
        .limit(1000)
        .all(db)
        .await?
        .into_iter()
        .map(|a| AgencyRef {
            id: a.id,
            name: a.name,
        })
        .collect();
    let templates = reply_template::Entity::find()
        .filter(reply_template::Column::Active.eq(true))
        .order_by_asc(reply_template::Column::Position)
        .order_by_asc(reply_template::Column::Id)
        .limit(500)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|t| {
            Some(Template {
                kind: TemplateKind::parse(&t.kind)?,
                text_vi: t.text_vi,
                text_en: t.text_en,
            })
        })
        .collect();
    Ok(ConsoleChoices {
        categories: reference.categories,
        districts: reference.districts,
        communes: reference.communes,
        agencies,
        templates,
    })
}

// ------------------------------------------------------------------ reminders

/// What one run of the reminder job did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReminderRun {
    pub due_soon: u64,
    pub overdue: u64,
    pub closed: u64,
}

/// Writes due-soon and overdue notifications (for the report's officer, or every officer
/// of its agency while nobody holds it, and for the centre's operators) once per deadline,
/// and closes published reports whose "not satisfied" window has ended.
///
/// Safe on several servers at once: a reminder's notifications are written in the same
/// transaction as its `reminders` row, whose unique (report, kind, due_at) lets only one
/// server insert it; a close is an update guarded by status and version.
pub async fn run_reminders(state: &AppState, now: DateTime<Utc>) -> Result<ReminderRun, DbErr> {
    let db = &state.db;
    let mut run = ReminderRun::default();
    let until = rules::due_soon_until(&state.calendar.get(), now);
    let operators: Vec<i64> = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Operator.as_str()))
        .filter(user::Column::Status.eq("active"))
        .limit(200)
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();
    for kind in ["overdue", "due_soon"] {
        let window = if kind == "overdue" {
            Condition::all().add(report::Column::DueAt.lt(now))
        } else {
            Condition::all()
                .add(report::Column::DueAt.gte(now))
                .add(report::Column::DueAt.lte(until))
        };
        let due = report::Entity::find()
            .filter(report::Column::Status.is_in(rules::OPEN.iter().map(|s| s.as_str())))
            .filter(window)
            .filter(Expr::cust(format!(
                "NOT EXISTS (SELECT 1 FROM reminders m WHERE m.report_id = reports.id \
                 AND m.kind = '{kind}' AND m.due_at = reports.due_at)"
            )))
            .order_by_asc(report::Column::DueAt)
            .limit(REMINDER_BATCH)
            .all(db)
            .await?;
        for r in due {
            let Some(due_at) = r.due_at else { continue };
            let txn = db.begin().await?;
            let mut outbox = state.live.outbox();
            let inserted = reminder::Entity::insert(reminder::ActiveModel {
                report_id: Set(r.id),
                kind: Set(kind.into()),
                due_at: Set(due_at),
                created_at: Set(now),
                ..Default::default()
            })
            .on_conflict(
                OnConflict::columns([
                    reminder::Column::ReportId,
                    reminder::Column::Kind,
                    reminder::Column::DueAt,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
            if inserted != 1 {
                continue;
            }
            let mut to: Vec<i64> = match (r.officer_id, r.agency_id) {
                (Some(o), _) => vec![o],
                (None, Some(a)) => user::Entity::find()
                    .filter(user::Column::Role.eq(Role::Officer.as_str()))
                    .filter(user::Column::AgencyId.eq(a))
                    .filter(user::Column::Status.eq("active"))
                    .limit(50)
                    .all(&txn)
                    .await?
                    .into_iter()
                    .map(|u| u.id)
                    .collect(),
                _ => vec![],
            };
            to.extend(operators.iter().copied());
            let text = if kind == "overdue" {
                format!("Phản ánh {} đã quá hạn xử lý.", r.code)
            } else {
                format!("Phản ánh {} sắp đến hạn xử lý.", r.code)
            };
            for u in to {
                notify(&txn, &mut outbox, u, &r, kind, text.clone(), now).await?;
            }
            outbox.commit(txn, &state.live).await?;
            if kind == "overdue" {
                run.overdue += 1;
            } else {
                run.due_soon += 1;
            }
        }
    }
    run.closed = auto_close(state, now).await?;
    Ok(run)
}

async fn auto_close(state: &AppState, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let db = &state.db;
    let days = state.config.auto_close_days;
    let before = now - TimeDelta::days(days);
    let candidates = report::Entity::find()
        .filter(report::Column::Status.eq(Status::Published.as_str()))
        .filter(report::Column::PublishedAt.lte(before))
        .order_by_asc(report::Column::PublishedAt)
        .limit(REMINDER_BATCH)
        .all(db)
        .await?;
    let system = crate::domain::lifecycle::Actor {
        role: Role::System,
        is_author: false,
        of_assigned_agency: false,
    };
    let mut closed = 0;
    for r in candidates {
        // `published_at <= now - days` is `lifecycle::due_for_auto_close` with the configured days.
        let Ok(to) = transition(Some(Status::Published), system, Action::Close) else {
            continue;
        };
        let txn = db.begin().await?;
        let mut outbox = state.live.outbox();
        let res = report::Entity::update_many()
            .col_expr(report::Column::Status, Expr::value(to.as_str()))
            .col_expr(report::Column::ClosedAt, Expr::value(now))
            .col_expr(report::Column::UpdatedAt, Expr::value(now))
            .col_expr(report::Column::Version, Expr::value(r.version + 1))
            .filter(report::Column::Id.eq(r.id))
            .filter(report::Column::Version.eq(r.version))
            .filter(report::Column::Status.eq(Status::Published.as_str()))
            .exec(&txn)
            .await?;
        if res.rows_affected != 1 {
            continue;
        }
        Change::new(&r, None, Action::Close.as_str(), to)
            .write(&txn, &mut outbox, now)
            .await?;
        Audit {
            actor: None,
            action: AuditAction::ReportActed,
            object: Some(("report", r.code.clone())),
            ip: None,
            detail: Some("auto_close".into()),
        }
        .write(&txn, now)
        .await?;
        outbox.commit(txn, &state.live).await?;
        closed += 1;
    }
    Ok(closed)
}

// ------------------------------------------------------------------ field list

/// The most reports one field list holds.
const FIELD_MAX: u64 = 100;

async fn held(db: &DatabaseConnection, who: &Subject) -> Result<Vec<report::Model>, AppError> {
    may(who, Permission::ViewInbox, &Object::None)?;
    if who.role != Role::Officer {
        return Err(AppError::Denied(Denied::WrongRole));
    }
    let me = who.user_id.ok_or(AppError::NotFound)?;
    // NULL positions (newly assigned) sort last on both databases with the flag first.
    Ok(report::Entity::find()
        .filter(report::Column::OfficerId.eq(me))
        .filter(report::Column::AgencyId.eq(who.agency_id.unwrap_or(-1)))
        .filter(
            report::Column::Status
                .is_in([Status::Dispatched.as_str(), Status::Processing.as_str()]),
        )
        .order_by_asc(Expr::cust(
            "CASE WHEN field_position IS NULL THEN 1 ELSE 0 END",
        ))
        .order_by_asc(report::Column::FieldPosition)
        .order_by_asc(report::Column::DueAt)
        .order_by_asc(report::Column::Id)
        .limit(FIELD_MAX)
        .all(db)
        .await?)
}

/// The reports the officer holds, in the order they chose.
pub async fn field_list(
    state: &AppState,
    who: &Subject,
    now: DateTime<Utc>,
) -> Result<Vec<crate::dto::console::FieldStop>, AppError> {
    let db = &state.db;
    let rows = held(db, who).await?;
    let mut area_ids: Vec<i64> = rows
        .iter()
        .flat_map(|r| [r.district_id, r.commune_id])
        .flatten()
        .collect();
    area_ids.sort_unstable();
    area_ids.dedup();
    let areas: HashMap<i64, String> = area::Entity::find()
        .filter(area::Column::Id.is_in(area_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let photos = media::of_report(db, r.id)
            .await?
            .into_iter()
            .filter(|m| m.has_thumb)
            .take(3)
            .map(|m| m.id)
            .collect();
        let phone = match (&r.reporter_phone, r.reporter_id) {
            (Some(p), _) => Some(p.clone()),
            (None, Some(id)) => user::Entity::find_by_id(id).one(db).await?.map(|u| u.phone),
            _ => None,
        };
        let status = status_of(&r.status);
        out.push(crate::dto::console::FieldStop {
            area: [r.commune_id, r.district_id]
                .into_iter()
                .flatten()
                .filter_map(|id| areas.get(&id).cloned())
                .collect::<Vec<_>>()
                .join(", "),
            due: DueState::of(status, r.due_at, &state.calendar.get(), now),
            code: r.code,
            title: r.title,
            status,
            address: r.address,
            lat: r.lat,
            lng: r.lng,
            reporter_phone: phone,
            photos,
        });
    }
    Ok(out)
}

/// Moves report `code` one place up (`up`) or down in the officer's field list.
pub async fn move_in_field_list(
    state: &AppState,
    who: &Subject,
    code: &str,
    up: bool,
) -> Result<(), AppError> {
    let rows = held(&state.db, who).await?;
    let i = rows
        .iter()
        .position(|r| r.code == code)
        .ok_or(AppError::NotFound)?;
    let j = if up {
        i.checked_sub(1)
    } else {
        Some(i + 1).filter(|&j| j < rows.len())
    };
    let mut order: Vec<i64> = rows.iter().map(|r| r.id).collect();
    if let Some(j) = j {
        order.swap(i, j);
    }
    let txn = state.db.begin().await?;
    for (pos, id) in order.iter().enumerate() {
        report::Entity::update_many()
            .col_expr(report::Column::FieldPosition, Expr::value(pos as i32))
            .filter(report::Column::Id.eq(*id))
            .filter(report::Column::OfficerId.eq(who.user_id.unwrap_or(-1)))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}
