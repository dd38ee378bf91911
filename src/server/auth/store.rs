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

/// Records one wrong try, atomically: parallel guesses cannot share a try.
/// `false` when the code had no tries left (someone else used the last one).
pub async fn spend_try<C: ConnectionTrait>(db: &C, row_id: i64) -> Result<bool, DbErr> {
    let res = one_time_code::Entity::update_many()
        .col_expr(
            one_time_code::Column::Tries,
            Expr::col(one_time_code::Column::Tries).add(1),
        )
        .filter(one_time_code::Column::Id.eq(row_id))
        .filter(one_time_code::Column::Tries.lt(crate::account::otp::MAX_TRIES as i32))
        .filter(one_time_code::Column::Used.eq(false))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Marks a code used, atomically: `false` if it already was (a replayed form).
pub async fn use_code<C: ConnectionTrait>(db: &C, row_id: i64) -> Result<bool, DbErr> {
    let res = one_time_code::Entity::update_many()
        .col_expr(one_time_code::Column::Used, Expr::value(true))
        .filter(one_time_code::Column::Id.eq(row_id))
        .filter(one_time_code::Column::Used.eq(false))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// One audit row.
pub struct Audit<'a> {
    pub actor: Option<i64>,
    pub action: AuditAction,
    /// ("user", id) and the like.
    pub object: Option<(&'a str, String)>,
    pub ip: Option<&'a str>,
    pub detail: Option<String>,
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
