//! Account storage: users by phone, the one-time code rows, audit rows. Plain async
//! functions over a connection (or a transaction), no policy: the flows decide.

use crate::account::audit::AuditAction;
use crate::account::otp::OtpState;
use crate::server::entities::{audit_log, one_time_code, user};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait,
    QueryFilter,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodePurpose {
    Activate,
    Reset,
}

impl CodePurpose {
    pub fn as_str(self) -> &'static str {
        match self {
            CodePurpose::Activate => "activate",
            CodePurpose::Reset => "reset",
        }
    }
}

/// Account statuses as stored.
pub const PENDING: &str = "pending";
pub const ACTIVE: &str = "active";
pub const DISABLED: &str = "disabled";

pub async fn user_by_phone<C: ConnectionTrait>(
    db: &C,
    phone: &str,
) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find()
        .filter(user::Column::Phone.eq(phone))
        .one(db)
        .await
}

pub async fn user_by_id<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find_by_id(id).one(db).await
}

/// The latest code of a user for a purpose, with its row id.
pub async fn code_of<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    purpose: CodePurpose,
) -> Result<Option<(i64, OtpState)>, DbErr> {
    Ok(one_time_code::Entity::find()
        .filter(one_time_code::Column::UserId.eq(user_id))
        .filter(one_time_code::Column::Purpose.eq(purpose.as_str()))
        .one(db)
        .await?
        .map(|row| {
            (
                row.id,
                OtpState {
                    code_hash: row.code_hash,
                    sent_at: row.sent_at,
                    tries: Ord::max(row.tries, 0) as u32,
                    sends_today: Ord::max(row.sends_today, 0) as u32,
                    used: row.used,
                },
            )
        }))
}

/// Stores the new latest code (replacing the previous one).
pub async fn save_code<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    purpose: CodePurpose,
    previous_row: Option<i64>,
    state: &OtpState,
) -> Result<(), DbErr> {
    let mut row = one_time_code::ActiveModel {
        user_id: Set(user_id),
        purpose: Set(purpose.as_str().to_string()),
        code_hash: Set(state.code_hash.clone()),
        sent_at: Set(state.sent_at),
        tries: Set(state.tries as i32),
        sends_today: Set(state.sends_today as i32),
        used: Set(state.used),
        ..Default::default()
    };
    match previous_row {
        Some(id) => {
            row.id = Set(id);
            row.update(db).await?;
        }
        None => {
            row.insert(db).await?;
        }
    }
    Ok(())
}

/// Spends one try of the code `code_hash` in row `row_id`, before the guess is compared:
/// one conditional `UPDATE` that succeeds (exactly one row) only while that very code is
/// unused, fresh and has tries left. Parallel guesses each need their own try, so a burst
/// of 20 gets at most 5 comparisons; a guess read against an older code finds its hash
/// gone and spends nothing of the new one.
pub async fn spend_try<C: ConnectionTrait>(
    db: &C,
    row_id: i64,
    code_hash: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    use crate::account::otp::{MAX_TRIES, VALID_FOR_MINUTES};
    let res = one_time_code::Entity::update_many()
        .col_expr(
            one_time_code::Column::Tries,
            Expr::col(one_time_code::Column::Tries).add(1),
        )
        .filter(one_time_code::Column::Id.eq(row_id))
        .filter(one_time_code::Column::CodeHash.eq(code_hash))
        .filter(one_time_code::Column::Used.eq(false))
        .filter(one_time_code::Column::Tries.lt(MAX_TRIES as i32))
        .filter(
            one_time_code::Column::SentAt.gt(now - chrono::TimeDelta::minutes(VALID_FOR_MINUTES)),
        )
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Marks the code `code_hash` in row `row_id` used, atomically: `false` if it already was
/// (a replayed form) or has been replaced by a newer code meanwhile.
pub async fn use_code<C: ConnectionTrait>(
    db: &C,
    row_id: i64,
    code_hash: &str,
) -> Result<bool, DbErr> {
    let res = one_time_code::Entity::update_many()
        .col_expr(one_time_code::Column::Used, Expr::value(true))
        .filter(one_time_code::Column::Id.eq(row_id))
        .filter(one_time_code::Column::CodeHash.eq(code_hash))
        .filter(one_time_code::Column::Used.eq(false))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Moves a user from status `from` to `to`, only if they still are `from` (two admins, or
/// an admin and the owner's activation, acting at once change it once). Records the status
/// a disabled account came from, so enabling restores it. `true` when the row changed.
pub async fn set_status<C: ConnectionTrait>(
    db: &C,
    user_id: i64,
    from: &str,
    to: &str,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let res = status_change(from, to, now)
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// The update of [`set_status`], for callers that add conditions of their own.
pub fn status_change(
    from: &str,
    to: &str,
    now: DateTime<Utc>,
) -> sea_orm::UpdateMany<user::Entity> {
    let disabled_from = (to == DISABLED).then(|| from.to_string());
    user::Entity::update_many()
        .col_expr(user::Column::Status, Expr::value(to))
        .col_expr(user::Column::DisabledFrom, Expr::value(disabled_from))
        .col_expr(user::Column::UpdatedAt, Expr::value(now))
        .filter(user::Column::Status.eq(from))
}

/// A pending account lives this long; then the sweep deletes it and the number is free.
pub const PENDING_FOR: chrono::TimeDelta = chrono::TimeDelta::hours(24);

/// Deletes pending accounts registered more than [`PENDING_FOR`] ago (their codes go with
/// them). An account some audit row names as actor is kept, as the log must stay whole;
/// the flows never make a pending account an actor.
pub async fn sweep_pending<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    use sea_orm::sea_query::Query;
    let acted = Query::select()
        .column(audit_log::Column::ActorId)
        .from(audit_log::Entity)
        .and_where(audit_log::Column::ActorId.is_not_null())
        .to_owned();
    Ok(user::Entity::delete_many()
        .filter(user::Column::Status.eq(PENDING))
        .filter(user::Column::CreatedAt.lt(now - PENDING_FOR))
        .filter(user::Column::Id.not_in_subquery(acted))
        .exec(db)
        .await?
        .rows_affected)
}

/// One audit row. Build it with [`Audit::of`]; the flows add who, what and where.
pub struct Audit<'a> {
    pub actor: Option<i64>,
    pub action: AuditAction,
    /// ("user", id) and the like.
    pub object: Option<(&'a str, String)>,
    pub ip: Option<&'a str>,
    pub detail: Option<String>,
}

impl<'a> Audit<'a> {
    /// An audit row of `action` about user `user_id`, from the client at `ip`.
    pub fn of(action: AuditAction, user_id: Option<i64>, ip: Option<&'a str>) -> Audit<'a> {
        Audit {
            actor: None,
            action,
            object: user_id.map(|id| ("user", id.to_string())),
            ip,
            detail: None,
        }
    }

    pub fn by(mut self, actor: Option<i64>) -> Audit<'a> {
        self.actor = actor;
        self
    }

    pub fn detail(mut self, detail: impl Into<String>) -> Audit<'a> {
        self.detail = Some(detail.into());
        self
    }

    pub async fn write<C: ConnectionTrait>(self, db: &C, at: DateTime<Utc>) -> Result<(), DbErr> {
        audit(db, self, at).await
    }
}

pub async fn audit<C: ConnectionTrait>(
    db: &C,
    entry: Audit<'_>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (object_type, object_id) = match entry.object {
        Some((t, id)) => (Some(t.to_string()), Some(id)),
        None => (None, None),
    };
    audit_log::ActiveModel {
        actor_id: Set(entry.actor),
        action: Set(entry.action.as_str().to_string()),
        object_type: Set(object_type),
        object_id: Set(object_id),
        ip: Set(entry.ip.map(str::to_string)),
        detail: Set(entry.detail),
        at: Set(at),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}
