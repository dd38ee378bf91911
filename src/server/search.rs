//! Word search over reports, diacritic- and case-insensitive.
//!
//! Every report keeps `search_text`: its code, title, content, address and (when not
//! hidden) its reporter's name, folded by `domain::text::search_document` (the one folding,
//! in Rust, for both databases). It is written here, by the report entity's `before_save`,
//! on every save through the entity; bulk inserts (the seed) call [`document`] themselves.
//! On SQLite the word index (`reports_fts`) is kept here too ([`sync`], from the entity's
//! `after_save`, in the same transaction); PostgreSQL's index follows the column by itself.
//!
//! Finding the newest 20 reports that hold some words is cheap in one of two ways, and which
//! one depends on how many reports hold them:
//! - few (at most [`FEW`]): the full-text index lists them (SQLite FTS5, PostgreSQL GIN over
//!   `to_tsvector('simple', …)`), and the few are sorted by date;
//! - many: the newest-first walk of the date index stops after a page, checking each row's
//!   `search_text` with `LIKE '% word%'` — with more than FEW matches in a million, a page is
//!   found within a few thousand rows.
//!
//! [`few_matches`] asks the index which case it is (it counts at most FEW + 1 entries). Both
//! conditions mean the same: every word is the start of a word of `search_text`, since that
//! text holds only letters, digits and single spaces.

use crate::domain::text::search_document;
use crate::server::entities::{report, user};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveValue, ColumnTrait, Condition, ConnectionTrait, DbBackend, DbErr, EntityTrait,
    FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
};

/// Up to this many matches the index's list is sorted; above, the date walk is cheaper.
pub const FEW: u64 = 2_000;

/// The search text of a report from its parts.
pub fn document(
    code: &str,
    title: &str,
    content: &str,
    address: &str,
    name: Option<&str>,
) -> String {
    search_document(&[code, title, content, address, name.unwrap_or("")])
}

/// "Every word starts a word of the report", through the full-text index.
pub fn indexed(backend: DbBackend, words: &[String]) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => Expr::cust_with_values(
            "to_tsvector('simple', search_text) @@ to_tsquery('simple', $1)",
            [ts_query(words)],
        ),
        _ => Expr::cust_with_values(
            "id IN (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ?)",
            [fts5_query(words)],
        ),
    }
}

/// The same condition checked on each row (for a walk of another index).
pub fn unindexed(words: &[String]) -> Condition {
    words.iter().fold(Condition::all(), |c, w| {
        // Words hold only letters and digits (`search_words`): nothing to escape.
        c.add(report::Column::SearchText.like(format!("% {w}%")))
    })
}

/// Do at most [`FEW`] reports (public or not) hold every word?
pub async fn few_matches<C: ConnectionTrait>(db: &C, words: &[String]) -> Result<bool, DbErr> {
    let backend = db.get_database_backend();
    let limit = FEW + 1;
    let stmt = match backend {
        DbBackend::Postgres => Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT COUNT(*) AS n FROM (SELECT 1 FROM reports WHERE to_tsvector('simple', search_text) \
                 @@ to_tsquery('simple', $1) LIMIT {limit}) AS m"
            ),
            [ts_query(words).into()],
        ),
        _ => Statement::from_sql_and_values(
            backend,
            format!(
                "SELECT COUNT(*) AS n FROM (SELECT rowid FROM reports_fts WHERE reports_fts MATCH ? LIMIT {limit})"
            ),
            [fts5_query(words).into()],
        ),
    };
    #[derive(FromQueryResult)]
    struct N {
        n: i64,
    }
    let n = N::find_by_statement(stmt).one(db).await?.map_or(0, |r| r.n);
    Ok(n.max(0) as u64 <= FEW)
}

/// `"rac"* "thai"*`: each word a quoted prefix (the words are letters and digits only).
fn fts5_query(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("\"{w}\"*"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `rac:* & thai:*`
fn ts_query(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("{w}:*"))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// Fills `search_text` of a report being saved when one of its parts is being set. Parts
/// the active model does not hold (an update of a few columns) are read from the row.
pub async fn index<C: ConnectionTrait>(
    am: &mut report::ActiveModel,
    db: &C,
    insert: bool,
) -> Result<(), DbErr> {
    let touched = insert
        || am.code.is_set()
        || am.title.is_set()
        || am.content.is_set()
        || am.address.is_set()
        || am.hide_name.is_set()
        || am.reporter_id.is_set()
        || am.reporter_name.is_set();
    if !touched || am.search_text.is_set() {
        return Ok(());
    }
    let held = |v: &ActiveValue<String>| v.try_as_ref().cloned();
    let mut row = None;
    let complete = [&am.code, &am.title, &am.content, &am.address]
        .iter()
        .all(|v| v.try_as_ref().is_some())
        && am.hide_name.try_as_ref().is_some()
        && am.reporter_id.try_as_ref().is_some()
        && am.reporter_name.try_as_ref().is_some();
    if !complete && !insert {
        if let Some(id) = am.id.try_as_ref() {
            row = report::Entity::find_by_id(*id).one(db).await?;
        }
    }
    let pick = |v: &ActiveValue<String>, from: fn(&report::Model) -> &String| {
        held(v)
            .or_else(|| row.as_ref().map(|r| from(r).clone()))
            .unwrap_or_default()
    };
    let code = pick(&am.code, |r| &r.code);
    let title = pick(&am.title, |r| &r.title);
    let content = pick(&am.content, |r| &r.content);
    let address = pick(&am.address, |r| &r.address);
    let hide_name = am
        .hide_name
        .try_as_ref()
        .copied()
        .or(row.as_ref().map(|r| r.hide_name))
        .unwrap_or(false);
    let reporter_id = am
        .reporter_id
        .try_as_ref()
        .copied()
        .unwrap_or_else(|| row.as_ref().and_then(|r| r.reporter_id));
    let reporter_name = am
        .reporter_name
        .try_as_ref()
        .cloned()
        .unwrap_or_else(|| row.as_ref().and_then(|r| r.reporter_name.clone()));
    let name = shown_name(db, hide_name, reporter_id, reporter_name).await?;
    am.search_text = Set(document(&code, &title, &content, &address, name.as_deref()));
    Ok(())
}

/// Puts a report's search text into SQLite's word index (replacing what it held). A no-op on
/// PostgreSQL, whose index is an expression index over the column.
pub async fn sync<C: ConnectionTrait>(db: &C, id: i64, text: &str) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    if backend != DbBackend::Sqlite {
        return Ok(());
    }
    db.execute_raw(Statement::from_sql_and_values(
        backend,
        "DELETE FROM reports_fts WHERE rowid = ?",
        [id.into()],
    ))
    .await?;
    if !text.is_empty() {
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            "INSERT INTO reports_fts(rowid, search_text) VALUES (?, ?)",
            [id.into(), text.into()],
        ))
        .await?;
    }
    Ok(())
}

/// [`sync`] for rows written in bulk (the seed's inserts), by id.
pub async fn sync_many<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    if backend != DbBackend::Sqlite || ids.is_empty() {
        return Ok(());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    db.execute_unprepared(&format!("DELETE FROM reports_fts WHERE rowid IN ({list})"))
        .await?;
    db.execute_unprepared(&format!(
        "INSERT INTO reports_fts(rowid, search_text) SELECT id, search_text FROM reports \
         WHERE id IN ({list}) AND search_text <> ''"
    ))
    .await?;
    Ok(())
}

/// Takes deleted reports out of SQLite's word index.
pub async fn forget<C: ConnectionTrait>(db: &C, id: i64) -> Result<(), DbErr> {
    sync(db, id, "").await
}

/// After a user changes their name: the search text of their reports (a citizen's own
/// reports, a few dozen at most; walked in pages all the same).
pub async fn reindex_reporter<C: ConnectionTrait>(db: &C, user_id: i64) -> Result<(), DbErr> {
    rewrite_all(db, report::Column::ReporterId.eq(user_id)).await?;
    Ok(())
}

/// Fills `search_text` where it is still empty (rows written before it existed): the server
/// calls it once at start.
pub async fn backfill<C: ConnectionTrait>(db: &C) -> Result<u64, DbErr> {
    rewrite_all(db, report::Column::SearchText.eq("")).await
}

/// Recomputes the search text of every report matching `which`, in pages of 500 by id.
async fn rewrite_all<C: ConnectionTrait>(
    db: &C,
    which: sea_orm::sea_query::SimpleExpr,
) -> Result<u64, DbErr> {
    let mut done = 0;
    let mut after = 0i64;
    loop {
        let rows = report::Entity::find()
            .filter(which.clone())
            .filter(report::Column::Id.gt(after))
            .order_by_asc(report::Column::Id)
            .limit(500)
            .all(db)
            .await?;
        let Some(last) = rows.last() else {
            return Ok(done);
        };
        after = last.id;
        for r in rows {
            rewrite(db, r).await?;
            done += 1;
        }
    }
}

async fn rewrite<C: ConnectionTrait>(db: &C, r: report::Model) -> Result<(), DbErr> {
    let name = shown_name(db, r.hide_name, r.reporter_id, r.reporter_name.clone()).await?;
    let text = document(&r.code, &r.title, &r.content, &r.address, name.as_deref());
    report::Entity::update_many()
        .col_expr(report::Column::SearchText, Expr::value(text.clone()))
        .filter(report::Column::Id.eq(r.id))
        .exec(db)
        .await?;
    sync(db, r.id, &text).await
}

/// The reporter's name as the public sees it: none when hidden, the account's name, or the
/// caller's name of an on-behalf filing.
async fn shown_name<C: ConnectionTrait>(
    db: &C,
    hide_name: bool,
    reporter_id: Option<i64>,
    reporter_name: Option<String>,
) -> Result<Option<String>, DbErr> {
    if hide_name {
        return Ok(None);
    }
    match reporter_id {
        Some(uid) => {
            user::Entity::find_by_id(uid)
                .select_only()
                .column(user::Column::FullName)
                .into_tuple::<String>()
                .one(db)
                .await
        }
        None => Ok(reporter_name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_quote_each_word_as_a_prefix() {
        let w = vec!["rac".to_string(), "thai".to_string()];
        assert_eq!(fts5_query(&w), "\"rac\"* \"thai\"*");
        assert_eq!(ts_query(&w), "rac:* & thai:*");
    }
}
