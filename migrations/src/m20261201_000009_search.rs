//! Word search that finds "rác thải" when people type "rac thai".
//!
//! - `reports.search_text`: the report's words folded by the one Rust folding
//!   (`paht::domain::text::search_document`: lower case, no diacritics, `đ` → `d`, every
//!   other character a space, a leading space), written by the server on every save. Rows
//!   written before this migration have `''` and are filled in by the server at start.
//! - SQLite: an FTS5 index over it (contentless, kept by the server in the writing
//!   transaction; the text is folded already, so the tokenizer only splits on spaces).
//! - PostgreSQL: a GIN index over `to_tsvector('simple', search_text)` (`simple`: no
//!   stemming, no stop words; the text is folded already).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Reports {
    Table,
    SearchText,
}

/// Contentless: the index keeps only its word lists (the text is in `reports`). It is kept
/// by the server (`server::search::sync`), in the writing transaction, not by triggers: an
/// `UPDATE … RETURNING` (how SeaORM saves) whose trigger wrote to this virtual table failed
/// now and then with "no such table: reports" (SQLite 3.51, bundled).
const SQLITE_UP: [&str; 2] = [
    "CREATE VIRTUAL TABLE reports_fts USING fts5(search_text, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')",
    // Rows already there (none on a new database).
    "INSERT INTO reports_fts(rowid, search_text) SELECT id, search_text FROM reports WHERE search_text <> ''",
];

const SQLITE_DOWN: [&str; 1] = ["DROP TABLE IF EXISTS reports_fts"];

const PG_UP: &str =
    "CREATE INDEX idx_reports_search ON reports USING GIN (to_tsvector('simple', search_text))";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Reports::Table)
                .add_column(text(Reports::SearchText).default(""))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        match m.get_database_backend() {
            sea_orm::DatabaseBackend::Sqlite => {
                for sql in SQLITE_UP {
                    db.execute_unprepared(sql).await?;
                }
            }
            _ => {
                db.execute_unprepared(PG_UP).await?;
            }
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        match m.get_database_backend() {
            sea_orm::DatabaseBackend::Sqlite => {
                for sql in SQLITE_DOWN {
                    db.execute_unprepared(sql).await?;
                }
            }
            _ => {
                db.execute_unprepared("DROP INDEX IF EXISTS idx_reports_search")
                    .await?;
            }
        }
        m.alter_table(
            Table::alter()
                .table(Reports::Table)
                .drop_column(Reports::SearchText)
                .to_owned(),
        )
        .await
    }
}
