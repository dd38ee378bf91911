//! Opening the database and bringing its schema up to date.

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};
use std::time::Duration;

/// Connects and applies pending migrations. For a SQLite file, its folder is created first.
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    if let Some(path) = sqlite_file(url) {
        if let Some(dir) = std::path::Path::new(&path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            crate::server::auth::secret::create_private_dir(dir)
                .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
        }
    }
    if !url.starts_with("sqlite") {
        let mut opts = ConnectOptions::new(url.to_string());
        opts.max_connections(16)
            .connect_timeout(Duration::from_secs(10))
            .sqlx_logging(false);
        let db = Database::connect(opts).await?;
        Migrator::up(&db, None).await?;
        return Ok(db);
    }
    // SQLite: the schema is brought up to date on a connection of its own, and only then is
    // the pool opened, so that every pooled connection starts on the current schema (a
    // connection opened before the word index existed failed its first write through the
    // index's trigger with "no such table: reports"). Every connection gets the settings:
    // WAL lets readers go on while one writer writes; a busy timeout instead of failing at
    // once when two writers meet.
    let sqlite = |max: u32| {
        let mut opts = ConnectOptions::new(url.to_string());
        opts.max_connections(max)
            .connect_timeout(Duration::from_secs(10))
            .sqlx_logging(false)
            .map_sqlx_sqlite_opts(|o| {
                use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
                o.journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .busy_timeout(Duration::from_secs(5))
                    .foreign_keys(true)
            });
        opts
    };
    let setup = Database::connect(sqlite(1)).await?;
    Migrator::up(&setup, None).await?;
    setup.close().await?;
    Database::connect(sqlite(8)).await
}

/// The file path of a `sqlite://path?…` URL, None for memory databases and other backends.
fn sqlite_file(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| path.to_string())
}

/// `?` placeholders as the backend wants them (`$1, $2, …` for PostgreSQL).
pub fn sql(backend: DbBackend, text: &str) -> String {
    match backend {
        DbBackend::Postgres => {
            let mut out = String::with_capacity(text.len() + 8);
            let mut n = 0;
            for c in text.chars() {
                if c == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(c);
                }
            }
            out
        }
        _ => text.to_string(),
    }
}

/// Is the database answering? Used by `/healthz`.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("SELECT 1").await.map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_backend() {
        assert_eq!(
            sql(DbBackend::Postgres, "a = ? AND b = ?"),
            "a = $1 AND b = $2"
        );
        assert_eq!(sql(DbBackend::Sqlite, "a = ? AND b = ?"), "a = ? AND b = ?");
    }

    #[test]
    fn sqlite_paths_are_found() {
        assert_eq!(
            sqlite_file("sqlite://data/paht.db?mode=rwc").as_deref(),
            Some("data/paht.db")
        );
        assert_eq!(sqlite_file("sqlite::memory:"), None);
        assert_eq!(sqlite_file("postgres://x/y"), None);
    }
}
