//! Attempt counters for login, registration, code entry and SMS, per phone number, per
//! client address and for the whole service.
//!
//! They live in the database (`rate_counters`), not in the server's memory, because the
//! limits that guard accounts must hold when several server instances share one
//! PostgreSQL: a limit of 5 tries per number that each of four instances counts for itself
//! is a limit of 20. One row per key holds a fixed window; a hit is one atomic
//! `INSERT … ON CONFLICT DO UPDATE … RETURNING`, so parallel attempts each get their own
//! count and none can slip past the limit between a check and a count. A check is a plain
//! `SELECT` and never creates a row, so looking cannot fill the table; expired rows are
//! deleted by the hourly sweep, never refused for lack of room.

use crate::server::db::sql;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, Statement, Value};
use std::time::Duration;

/// At most `max` events per `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limit {
    pub max: u32,
    pub window: Duration,
}

impl Limit {
    pub const fn per_minutes(max: u32, minutes: u64) -> Limit {
        Limit {
            max,
            window: Duration::from_secs(minutes * 60),
        }
    }
}

/// The limits of the account flows. Config can lower them (tests) or raise them (a
/// province where many people share one carrier-grade NAT address).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Login attempts per phone number (whether or not it has an account); a success
    /// clears the count.
    pub login_per_phone: Limit,
    /// Login attempts per client address.
    pub login_per_ip: Limit,
    pub register_per_ip: Limit,
    /// Codes submitted per client address (each code also allows only 5 tries).
    pub code_per_ip: Limit,
    /// Codes requested per client address (each number also has a cooldown and a daily cap).
    pub send_per_ip: Limit,
    /// SMS the whole service sends per hour: the brake on SMS pumping that no rotation of
    /// addresses or numbers gets around.
    pub sms_per_hour: Limit,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            login_per_phone: Limit::per_minutes(5, 15),
            login_per_ip: Limit::per_minutes(50, 15),
            register_per_ip: Limit::per_minutes(10, 60),
            code_per_ip: Limit::per_minutes(30, 15),
            send_per_ip: Limit::per_minutes(10, 60),
            sms_per_hour: Limit::per_minutes(300, 60),
        }
    }
}

/// A window as stored: `count` events since `window_start`, until `expires_at` (Unix s).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    pub count: u32,
    pub expires_at: i64,
}

/// Is the event that made `window` what it is allowed? `Err` carries the seconds to wait.
pub fn verdict(window: Window, limit: Limit, now: i64) -> Result<(), u64> {
    if now >= window.expires_at || window.count <= limit.max {
        Ok(())
    } else {
        Err((window.expires_at - now).max(1) as u64)
    }
}

/// Would one more event be refused? Reads, never writes.
pub async fn check<C: ConnectionTrait>(
    db: &C,
    key: &str,
    limit: Limit,
    now: DateTime<Utc>,
) -> Result<Result<(), u64>, DbErr> {
    let backend = db.get_database_backend();
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql(
                backend,
                r#"SELECT "count", expires_at FROM rate_counters WHERE "key" = ?"#,
            ),
            [key.into()],
        ))
        .await?;
    let now = now.timestamp();
    Ok(match row {
        None => Ok(()),
        Some(row) => {
            let count: i32 = row.try_get("", "count")?;
            let expires_at: i64 = row.try_get("", "expires_at")?;
            // One more event than counted so far.
            let next = Window {
                count: count.max(0) as u32 + 1,
                expires_at,
            };
            verdict(next, limit, now)
        }
    })
}

/// Counts one event, then says whether it was allowed. The count comes first and is
/// atomic: of N parallel attempts against a limit of 5, exactly 5 are allowed.
pub async fn hit<C: ConnectionTrait>(
    db: &C,
    key: &str,
    limit: Limit,
    now: DateTime<Utc>,
) -> Result<Result<(), u64>, DbErr> {
    let backend = db.get_database_backend();
    let now = now.timestamp();
    let end = now + limit.window.as_secs() as i64;
    let values: [Value; 6] = [
        key.into(),
        now.into(),
        end.into(),
        now.into(),
        now.into(),
        now.into(),
    ];
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            sql(
                backend,
                r#"INSERT INTO rate_counters ("key", window_start, "count", expires_at)
                   VALUES (?, ?, 1, ?)
                   ON CONFLICT ("key") DO UPDATE SET
                     "count" = CASE WHEN rate_counters.expires_at <= ? THEN 1
                                    ELSE rate_counters."count" + 1 END,
                     window_start = CASE WHEN rate_counters.expires_at <= ? THEN excluded.window_start
                                         ELSE rate_counters.window_start END,
                     expires_at = CASE WHEN rate_counters.expires_at <= ? THEN excluded.expires_at
                                       ELSE rate_counters.expires_at END
                   RETURNING "count", expires_at"#,
            ),
            values,
        ))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("rate counter".into()))?;
    let count: i32 = row.try_get("", "count")?;
    let expires_at: i64 = row.try_get("", "expires_at")?;
    Ok(verdict(
        Window {
            count: count.max(0) as u32,
            expires_at,
        },
        limit,
        now,
    ))
}

/// Forgets a key (a successful login clears the number's attempts).
pub async fn clear<C: ConnectionTrait>(db: &C, key: &str) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        sql(backend, r#"DELETE FROM rate_counters WHERE "key" = ?"#),
        [key.into()],
    ))
    .await?;
    Ok(())
}

/// Deletes the windows that have ended (hourly, from the server).
pub async fn sweep<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    Ok(db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql(backend, "DELETE FROM rate_counters WHERE expires_at <= ?"),
            [now.timestamp().into()],
        ))
        .await?
        .rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_event_past_the_limit_waits_until_the_window_ends() {
        let limit = Limit::per_minutes(3, 15);
        let w = |count| Window {
            count,
            expires_at: 1_000 + 900,
        };
        for count in 1..=3 {
            assert_eq!(verdict(w(count), limit, 1_000), Ok(()));
        }
        assert_eq!(verdict(w(4), limit, 1_000), Err(900));
        assert_eq!(verdict(w(40), limit, 1_899), Err(1));
        // Once the window has ended, counting starts again.
        assert_eq!(verdict(w(40), limit, 1_900), Ok(()));
    }
}
