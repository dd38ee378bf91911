//! User administration and the audit log on the server. Every function asks the
//! permission function first, with the target user as the object.

use super::flows::Caller;
use super::session;
use super::store::{self, Audit, ACTIVE, DISABLED, PENDING};
use crate::account::audit::AuditAction;
use crate::account::form::{FieldProblem, FormError};
use crate::account::permission::{may, Object, Permission, Subject};
use crate::account::phone;
use crate::domain::lifecycle::Role;
use crate::dto::admin::*;
use crate::dto::error::AppError;
use crate::server::entities::{agency, audit_log, user};
use crate::server::AppState;
use chrono::{NaiveDate, TimeDelta};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    TransactionTrait,
};
use std::collections::HashMap;

fn page_of(p: Option<u64>) -> Result<u64, AppError> {
    match p.unwrap_or(1) {
        0 => Ok(1),
        p if p > ADMIN_MAX_PAGE => Err(AppError::Invalid(crate::dto::error::Problem::PageTooFar)),
        p => Ok(p),
    }
}

pub async fn list_users(
    state: &AppState,
    who: &Subject,
    f: &UserFilter,
) -> Result<UserPage, AppError> {
    may(who, Permission::ListUsers, &Object::None)?;
    short_fields(&[&f.role, &f.status])?;
    let page = page_of(f.page)?;
    let mut cond = Condition::all();
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        if crate::account::longer_than(q, 100) {
            return Err(AppError::Invalid(crate::dto::error::Problem::SearchTooLong));
        }
        cond = match phone::normalize(q) {
            Ok(p) => cond.add(user::Column::Phone.eq(p.as_str())),
            // Names: a bounded scan of the users table (it is small next to reports).
            Err(_) => cond.add(user::Column::FullName.contains(q)),
        };
    }
    if let Some(r) = f.role.as_deref().filter(|r| !r.is_empty()) {
        match Role::parse(r) {
            Some(Role::Citizen | Role::Operator | Role::Officer | Role::Admin) => {
                cond = cond.add(user::Column::Role.eq(r))
            }
            _ => return Err(FormError::one("role", FieldProblem::UnknownRole).into()),
        }
    }
    if let Some(s) = f.status.as_deref().filter(|s| !s.is_empty()) {
        if !super::flows::is_status(s) {
            return Err(AppError::BadRequest("status".into()));
        }
        cond = cond.add(user::Column::Status.eq(s));
    }
    let query = user::Entity::find().filter(cond);
    let total = query.clone().count(&state.db).await?;
    let users = query
        .order_by_desc(user::Column::CreatedAt)
        .order_by_desc(user::Column::Id)
        .offset((page - 1) * USERS_PAGE_SIZE)
        .limit(USERS_PAGE_SIZE)
        .all(&state.db)
        .await?;
    let agencies: Vec<agency::Model> = agency::Entity::find()
        .filter(agency::Column::Active.eq(true))
        .order_by_asc(agency::Column::Name)
        .limit(1000)
        .all(&state.db)
        .await?;
    let names: HashMap<i64, String> = agencies.iter().map(|a| (a.id, a.name.clone())).collect();
    let rows = users
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            phone: phone::normalize(&u.phone)
                .map(|p| p.display_local())
                .unwrap_or(u.phone.clone()),
            full_name: u.full_name,
            role: Role::parse(&u.role).unwrap_or(Role::Citizen),
            agency_id: u.agency_id,
            agency: u.agency_id.and_then(|id| names.get(&id).cloned()),
            status: u.status,
            created_at: u.created_at,
            last_login_at: u.last_login_at,
        })
        .collect();
    Ok(UserPage {
        rows,
        total,
        page,
        pages: total.div_ceil(USERS_PAGE_SIZE).max(1),
        agencies: agencies.into_iter().map(|a| (a.id, a.name)).collect(),
        me: who.user_id.unwrap_or_default(),
    })
}

async fn target(state: &AppState, id: i64) -> Result<user::Model, AppError> {
    store::user_by_id(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)
}

fn admin_audit<'a>(
    caller: &'a Caller,
    who: &Subject,
    action: AuditAction,
    id: i64,
    detail: String,
) -> Audit<'a> {
    Audit::of(action, Some(id), caller.ip.as_deref())
        .by(who.user_id)
        .detail(detail)
}

/// Changes `user_id` (whose row is `user`) by `change`, inside `txn`, unless that would
/// leave no active administrator. Two admins demoting each other at the same moment must
/// not both succeed, so the check and the change are one conditional `UPDATE`: the row
/// changes only if the user is not an active admin now, or some other active admin
/// remains. SQLite runs one writer at a time, so the statement sees every earlier commit;
/// PostgreSQL first locks the active admins' rows (`FOR UPDATE`), so the second of two
/// such transactions waits for the first and its statement then sees the first's commit.
async fn change_keeping_an_admin(
    txn: &sea_orm::DatabaseTransaction,
    user_id: i64,
    change: sea_orm::UpdateMany<user::Entity>,
) -> Result<(), AppError> {
    use sea_orm::sea_query::{Expr, ExprTrait, Query};
    use sea_orm::ConnectionTrait;
    if txn.get_database_backend() == sea_orm::DbBackend::Postgres {
        user::Entity::find()
            .filter(user::Column::Role.eq(Role::Admin.as_str()))
            .filter(user::Column::Status.eq(ACTIVE))
            .order_by_asc(user::Column::Id)
            .lock_exclusive()
            .all(txn)
            .await?;
    }
    let other_admins = Query::select()
        .expr(Expr::col(user::Column::Id).count())
        .from(user::Entity)
        .and_where(user::Column::Role.eq(Role::Admin.as_str()))
        .and_where(user::Column::Status.eq(ACTIVE))
        .and_where(user::Column::Id.ne(user_id))
        .to_owned();
    let res = change
        .filter(user::Column::Id.eq(user_id))
        .filter(
            Condition::any()
                .add(user::Column::Role.ne(Role::Admin.as_str()))
                .add(user::Column::Status.ne(ACTIVE))
                .add(Expr::expr(Expr::SubQuery(None, Box::new(other_admins.into()))).gt(0)),
        )
        .exec(txn)
        .await?;
    if res.rows_affected == 1 {
        Ok(())
    } else {
        Err(FormError::one("role", FieldProblem::LastAdmin).into())
    }
}

/// Changes a user's role (and agency). Their sessions end: new rights take effect at the
/// next login, and removed rights at once. The last active admin keeps their role.
pub async fn set_role(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    user_id: i64,
    role: &str,
    agency_id: Option<&str>,
) -> Result<(), AppError> {
    may(
        who,
        Permission::ChangeUserRole,
        &Object::User { id: user_id },
    )?;
    let role = match Role::parse(role) {
        Some(r @ (Role::Citizen | Role::Operator | Role::Officer | Role::Admin)) => r,
        _ => return Err(FormError::one("role", FieldProblem::UnknownRole).into()),
    };
    let agency_id = match agency_id {
        None => None,
        Some(a) => Some(
            a.parse::<i64>()
                .map_err(|_| FormError::one("agency_id", FieldProblem::UnknownAgency))?,
        ),
    };
    match (role, agency_id) {
        (Role::Officer, None) => {
            return Err(FormError::one("agency_id", FieldProblem::AgencyRequired).into())
        }
        (Role::Officer, Some(id)) => {
            let ok = agency::Entity::find_by_id(id)
                .one(&state.db)
                .await?
                .is_some_and(|a| a.active);
            if !ok {
                return Err(FormError::one("agency_id", FieldProblem::UnknownAgency).into());
            }
        }
        (_, Some(_)) => {
            return Err(FormError::one("agency_id", FieldProblem::AgencyRequired).into())
        }
        (_, None) => {}
    }
    let user = target(state, user_id).await?;
    let detail = format!(
        "{} {} → {} {}",
        user.role,
        user.agency_id
            .map(|a| format!("(agency {a})"))
            .unwrap_or_default(),
        role.as_str(),
        agency_id
            .map(|a| format!("(agency {a})"))
            .unwrap_or_default()
    );
    let txn = state.db.begin().await?;
    let change = user::Entity::update_many()
        .col_expr(user::Column::Role, role.as_str().into())
        .col_expr(user::Column::AgencyId, agency_id.into())
        .col_expr(user::Column::UpdatedAt, caller.now.into());
    change_keeping_an_admin(&txn, user_id, change).await?;
    session::delete_all_of(&txn, user_id, None).await?;
    admin_audit(caller, who, AuditAction::RoleChanged, user_id, detail)
        .write(&txn, caller.now)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Disables (ending every session) or enables an account. Enabling gives back the status
/// the account had when it was disabled: an account that was never activated stays
/// pending. The last active admin cannot be disabled.
pub async fn set_disabled(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    user_id: i64,
    disabled: bool,
) -> Result<(), AppError> {
    let permission = if disabled {
        Permission::DisableUser
    } else {
        Permission::EnableUser
    };
    may(who, permission, &Object::User { id: user_id })?;
    let user = target(state, user_id).await?;
    let (from, to, action) = match (disabled, user.status.as_str()) {
        (true, ACTIVE | PENDING) => (user.status.as_str(), DISABLED, AuditAction::Disabled),
        (false, DISABLED) => {
            let back = match user.disabled_from.as_deref() {
                Some(PENDING) => PENDING,
                _ => ACTIVE,
            };
            (DISABLED, back, AuditAction::Enabled)
        }
        // Already so: nothing to change, nothing to log.
        _ => return Ok(()),
    };
    let txn = state.db.begin().await?;
    let change = store::status_change(from, to, caller.now);
    if disabled {
        change_keeping_an_admin(&txn, user_id, change).await?;
        session::delete_all_of(&txn, user_id, None).await?;
    } else if change
        .filter(user::Column::Id.eq(user_id))
        .exec(&txn)
        .await?
        .rows_affected
        == 0
    {
        // Someone else changed it meanwhile; what they did stands.
        return Ok(());
    }
    admin_audit(caller, who, action, user_id, format!("{from} → {to}"))
        .write(&txn, caller.now)
        .await?;
    txn.commit().await?;
    Ok(())
}

/// Activates by hand an account whose code never arrived.
pub async fn activate(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    user_id: i64,
) -> Result<(), AppError> {
    may(who, Permission::ActivateUser, &Object::User { id: user_id })?;
    target(state, user_id).await?;
    let txn = state.db.begin().await?;
    // Only a pending account; activating twice, or at the moment its owner does, is one change.
    if store::set_status(&txn, user_id, PENDING, ACTIVE, caller.now).await? {
        admin_audit(
            caller,
            who,
            AuditAction::ActivateByAdmin,
            user_id,
            "pending → active".into(),
        )
        .write(&txn, caller.now)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Filter values are names, ids and dates: a long one is refused before it is read.
fn short_fields(fields: &[&Option<String>]) -> Result<(), AppError> {
    if fields.iter().any(|v| {
        v.as_deref()
            .is_some_and(|v| crate::account::longer_than(v, 64))
    }) {
        return Err(AppError::BadRequest("filter value too long".into()));
    }
    Ok(())
}

fn date(s: &Option<String>, field: &str) -> Result<Option<NaiveDate>, AppError> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::BadRequest(field.into())),
    }
}

pub async fn list_audit(
    state: &AppState,
    who: &Subject,
    f: &AuditFilter,
) -> Result<AuditPage, AppError> {
    may(who, Permission::ReadAuditLog, &Object::AuditLog)?;
    short_fields(&[&f.action, &f.actor, &f.from, &f.to])?;
    let page = page_of(f.page)?;
    let mut cond = Condition::all();
    if let Some(a) = f.action.as_deref().filter(|a| !a.is_empty()) {
        let action = AuditAction::parse(a).ok_or_else(|| AppError::BadRequest("action".into()))?;
        cond = cond.add(audit_log::Column::Action.eq(action.as_str()));
    }
    if let Some(a) = f.actor.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        let id: i64 = a
            .parse()
            .map_err(|_| AppError::BadRequest("actor".into()))?;
        cond = cond.add(audit_log::Column::ActorId.eq(id));
    }
    if let Some(d) = date(&f.from, "from")? {
        cond = cond
            .add(audit_log::Column::At.gte(d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()));
    }
    if let Some(d) = date(&f.to, "to")? {
        let end = d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc() + TimeDelta::days(1);
        cond = cond.add(audit_log::Column::At.lt(end));
    }
    let mut rows = audit_log::Entity::find()
        .filter(cond)
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id)
        .offset((page - 1) * AUDIT_PAGE_SIZE)
        .limit(AUDIT_PAGE_SIZE + 1)
        .all(&state.db)
        .await?;
    let has_more = rows.len() as u64 > AUDIT_PAGE_SIZE;
    rows.truncate(AUDIT_PAGE_SIZE as usize);
    let actor_ids: Vec<i64> = rows.iter().filter_map(|r| r.actor_id).collect();
    let names: HashMap<i64, String> = if actor_ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(actor_ids))
            .all(&state.db)
            .await?
            .into_iter()
            .map(|u| (u.id, u.full_name))
            .collect()
    };
    Ok(AuditPage {
        rows: rows
            .into_iter()
            .map(|r| AuditRow {
                id: r.id,
                at: r.at,
                actor_name: r.actor_id.and_then(|id| names.get(&id).cloned()),
                actor_id: r.actor_id,
                action: r.action,
                object: match (r.object_type, r.object_id) {
                    (Some(t), Some(id)) => Some(format!("{t} #{id}")),
                    _ => None,
                },
                ip: r.ip,
                detail: r.detail,
            })
            .collect(),
        page,
        has_more,
    })
}
