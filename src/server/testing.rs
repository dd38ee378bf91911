//! The database harness every DB test uses: a fresh, migrated database per test, on SQLite
//! always and on PostgreSQL when one is reachable (always in CI).
//!
//! ```ignore
//! use paht::server::testing;
//!
//! #[tokio::test]
//! async fn something_with_the_db() {
//!     testing::both(|db| async move {
//!         // ... db is a migrated, empty DatabaseConnection
//!     })
//!     .await;
//! }
//! ```
//!
//! PostgreSQL: `postgres://postgres@127.0.0.1:5432/test` by default, `PAHT_TEST_PG_URL` to
//! override. That URL only serves as the admin connection: each test gets its own database
//! (`paht_test_<pid>_<counter>_<nanos>`), dropped again when the test ends, so tests run in
//! parallel without seeing each other.

use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Once;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/test";
const DB_PREFIX: &str = "paht_test_";
static COUNTER: AtomicU64 = AtomicU64::new(0);
/// Databases left behind by crashed runs are dropped once they are this old.
const STALE_AFTER: Duration = Duration::from_secs(3600);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A migrated test database. For PostgreSQL the database itself is dropped by `cleanup()`,
/// or — when the test panicked before getting there — by `Drop`.
pub struct TestDb {
    pub db: DatabaseConnection,
    pub backend: Backend,
    /// (admin URL, database name) of a PostgreSQL database still to drop.
    pg_drop: Option<(String, String)>,
    /// The SQLite file to delete.
    sqlite_file: Option<std::path::PathBuf>,
}

impl TestDb {
    /// Closes the connection and drops the PostgreSQL database. A no-op for SQLite.
    pub async fn cleanup(mut self) {
        if let Some(path) = self.sqlite_file.take() {
            let db = std::mem::take(&mut self.db);
            let _ = db.close().await;
            remove_sqlite_files(&path);
        }
        if let Some((admin_url, name)) = self.pg_drop.take() {
            let db = std::mem::take(&mut self.db);
            let _ = db.close().await;
            if let Err(e) = drop_pg_database(&admin_url, &name).await {
                eprintln!("testing: could not drop test database {name}: {e}");
            }
        }
    }
}

/// The database file and its WAL companions.
fn remove_sqlite_files(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(std::path::PathBuf::from(p));
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(path) = self.sqlite_file.take() {
            remove_sqlite_files(&path);
        }
        // Only reached with a database still to drop when a test panicked (or forgot
        // `cleanup`). Drop cannot await, and we may be inside a runtime, so the work runs on a
        // thread of its own with a runtime of its own.
        if let Some((admin_url, name)) = self.pg_drop.take() {
            let handle = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build();
                if let Ok(rt) = rt {
                    if let Err(e) = rt.block_on(drop_pg_database(&admin_url, &name)) {
                        eprintln!("testing: could not drop test database {name}: {e}");
                    }
                }
            });
            let _ = handle.join();
        }
    }
}

/// A fresh migrated SQLite database in a temporary file, opened exactly as the server opens
/// its database (`db::connect`: WAL, a pool of connections). A one-connection in-memory pool
/// was used before; under parallel tests it rarely stalled for good (all threads idle), which
/// the production setup never showed.
pub async fn sqlite() -> TestDb {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default();
    let path =
        std::env::temp_dir().join(format!("paht-test-{}-{n}-{nanos}.db", std::process::id()));
    let url = format!("sqlite://{}?mode=rwc", path.display());
    let db = crate::server::db::connect(&url)
        .await
        .expect("open and migrate a SQLite test database");
    TestDb {
        db,
        backend: Backend::Sqlite,
        pg_drop: None,
        sqlite_file: Some(path),
    }
}

/// A fresh migrated PostgreSQL database: connects to postgres://postgres@127.0.0.1:5432/test
/// (override with PAHT_TEST_PG_URL), creates a uniquely named database
/// (paht_test_<pid>_<counter>_<nanos>), connects to it. Returns None with a printed notice
/// when PG is unreachable — unless env CI=true, when it panics (PG tests must run in CI).
pub async fn postgres() -> Option<TestDb> {
    let admin_url =
        std::env::var("PAHT_TEST_PG_URL").unwrap_or_else(|_| DEFAULT_PG_URL.to_string());
    let admin = match connect_pg(&admin_url).await {
        Ok(db) => db,
        Err(e) => {
            if std::env::var("CI").as_deref() == Ok("true") {
                panic!("PostgreSQL at {admin_url} is unreachable and CI=true: {e}");
            }
            eprintln!(
                "testing: PostgreSQL at {admin_url} unreachable ({e}); skipping the PostgreSQL run"
            );
            return None;
        }
    };

    static STALE: Once = Once::new();
    let mut sweep = false;
    STALE.call_once(|| sweep = true);
    if sweep {
        drop_stale_databases(&admin).await;
    }

    let name = format!(
        "{DB_PREFIX}{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        now_nanos()
    );
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .unwrap_or_else(|e| panic!("create test database {name}: {e}"));
    let _ = admin.close().await;

    // From here on the database exists: a TestDb owns it, so even a failing migration drops it.
    let url = with_database(&admin_url, &name);
    let db = connect_pg(&url)
        .await
        .unwrap_or_else(|e| panic!("connect to {name}: {e}"));
    let test_db = TestDb {
        db,
        backend: Backend::Postgres,
        pg_drop: Some((admin_url, name)),
        sqlite_file: None,
    };
    Migrator::up(&test_db.db, None)
        .await
        .expect("migrate PostgreSQL");
    Some(test_db)
}

/// Runs the closure-built test on both backends: `both(|db| async move { ... }).await`.
/// SQLite always; PostgreSQL when reachable (required in CI). The PostgreSQL database is
/// dropped afterwards, also when the test panics.
pub async fn both<F, Fut>(f: F)
where
    F: Fn(DatabaseConnection) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let lite = sqlite().await;
    f(lite.db.clone()).await;
    lite.cleanup().await;

    if let Some(pg) = postgres().await {
        f(pg.db.clone()).await;
        pg.cleanup().await;
    }
}

async fn connect_pg(url: &str) -> Result<DatabaseConnection, sea_orm::DbErr> {
    let mut opts = ConnectOptions::new(url.to_string());
    opts.max_connections(5)
        .min_connections(0)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(30))
        .sqlx_logging(false);
    Database::connect(opts).await
}

async fn drop_pg_database(admin_url: &str, name: &str) -> Result<(), sea_orm::DbErr> {
    let admin = connect_pg(admin_url).await?;
    let res = admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await
        .map(|_| ());
    let _ = admin.close().await;
    res
}

/// Drops `paht_test_*` databases whose name says they were created over an hour ago:
/// leftovers of runs that were killed before they could clean up.
async fn drop_stale_databases(admin: &DatabaseConnection) {
    use sea_orm::{DbBackend, Statement};
    let rows = admin
        .query_all_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT datname FROM pg_database WHERE datname LIKE '{DB_PREFIX}%'"),
        ))
        .await
        .unwrap_or_default();
    let now = now_nanos();
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "datname") else {
            continue;
        };
        let Some(created) = name.rsplit('_').next().and_then(|n| n.parse::<u128>().ok()) else {
            continue;
        };
        if now.saturating_sub(created) > STALE_AFTER.as_nanos() {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await;
        }
    }
}

fn now_nanos() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default()
}

/// `admin_url` with its database path replaced by `name` (query string kept).
fn with_database(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (admin_url, None),
    };
    // The path starts at the first '/' after "scheme://authority".
    let after_scheme = base.find("://").map(|i| i + 3).unwrap_or(0);
    let root = match base[after_scheme..].find('/') {
        Some(i) => &base[..after_scheme + i],
        None => base,
    };
    match query {
        Some(q) => format!("{root}/{name}?{q}"),
        None => format!("{root}/{name}"),
    }
}

/// The application state for tests: default configuration, a fixed secret, and the
/// development SMS sender, returned too so tests can read the codes it "sent" (after
/// `state.sms.idle().await`: messages go through the queue). Call it on the test's runtime:
/// it starts the SMS worker there.
pub fn app_state(
    db: DatabaseConnection,
) -> (
    crate::server::AppState,
    std::sync::Arc<crate::server::auth::sms::DevSms>,
) {
    app_state_with(db, |_| {})
}

/// Like [`app_state`], with the configuration adjusted first (lower rate limits, say).
pub fn app_state_with(
    db: DatabaseConnection,
    adjust: impl FnOnce(&mut crate::server::config::Config),
) -> (
    crate::server::AppState,
    std::sync::Arc<crate::server::auth::sms::DevSms>,
) {
    use crate::server::auth::{secret::Secret, sms::DevSms};
    let mut config =
        crate::server::config::Config::load("/nonexistent/Leptos.toml").expect("default config");
    // Each state its own folder: media and spool files never meet another test's.
    config.data_dir = std::env::temp_dir().join(format!(
        "paht-test-{}",
        crate::server::auth::secret::random_hex(8)
    ));
    config.media_s3 = None;
    adjust(&mut config);
    let media = crate::server::media::MediaStore::open(&config).expect("the media folder");
    let leptos_options = leptos::prelude::LeptosOptions::builder()
        .output_name("paht")
        .site_root("target/site")
        .build();
    let sms = std::sync::Arc::new(DevSms::new(None));
    let state = crate::server::AppState::assemble(
        db,
        config,
        leptos_options,
        sms.clone(),
        Secret::from_text("test-secret-of-at-least-thirty-two-characters"),
        media,
    );
    (state, sms)
}

/// Runs a test that drives the whole router, on a runtime like the server's: worker threads
/// with 16 MiB stacks (server rendering of a page in a debug build needs more than a test
/// thread's 2 MiB). A test that hangs fails after five minutes with a message instead of
/// stalling CI until its time limit.
pub fn run(test: impl std::future::Future<Output = ()> + Send + 'static) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_stack_size(16 * 1024 * 1024)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        tokio::time::timeout(std::time::Duration::from_secs(300), tokio::spawn(test))
            .await
            .expect("test did not finish within 300 s")
            .expect("test task")
    });
}

/// A response as a test reads it.
pub struct Reply {
    pub status: axum::http::StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
    /// The body as it came (media).
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// One request through the whole router of `state`.
pub async fn send(
    state: &crate::server::AppState,
    req: axum::http::Request<axum::body::Body>,
) -> Reply {
    use tower::ServiceExt;
    let res = crate::server::http::router(state.clone())
        .oneshot(req)
        .await
        .expect("the router answers");
    let status = res.status();
    let headers = res.headers().clone();
    let body = axum::body::to_bytes(res.into_body(), 10 * 1024 * 1024)
        .await
        .expect("a body under 10 MiB");
    Reply {
        status,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        bytes: body.to_vec(),
    }
}

/// A session cookie for the user with `phone` ("+849…"), without the cost of a password check.
pub async fn session_cookie(state: &crate::server::AppState, phone: &str) -> String {
    use crate::server::auth::session::{self, SessionUser};
    let u = crate::server::auth::store::user_by_phone(&state.db, phone)
        .await
        .expect("the users table answers")
        .expect("a user with that phone");
    let (token, _) = session::create(
        &state.db,
        &SessionUser::from_model(&u),
        &state.config.sessions,
        chrono::Utc::now(),
    )
    .await
    .expect("a session row");
    format!("paht_session={token}")
}

/// A form post as a browser's page sends it (same origin), with a cookie if given.
pub fn form_post(
    path: &str,
    form: &str,
    cookie: Option<&str>,
) -> axum::http::Request<axum::body::Body> {
    use axum::http::header;
    let mut b = axum::http::Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("sec-fetch-site", "same-origin");
    if let Some(c) = cookie {
        b = b.header(header::COOKIE, c);
    }
    b.body(axum::body::Body::from(form.to_string()))
        .expect("a valid request")
}

#[cfg(test)]
mod tests {
    use super::with_database;

    #[test]
    fn database_name_replaces_the_path() {
        assert_eq!(
            with_database("postgres://postgres@127.0.0.1:5432/test", "x"),
            "postgres://postgres@127.0.0.1:5432/x"
        );
        assert_eq!(
            with_database("postgres://u:p@h/test?sslmode=disable", "x"),
            "postgres://u:p@h/x?sslmode=disable"
        );
        assert_eq!(
            with_database("postgres://h:5432", "x"),
            "postgres://h:5432/x"
        );
    }
}
