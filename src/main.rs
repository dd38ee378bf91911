//! The `paht` command: serve the app (default), apply migrations, or make demo data.
//!
//!   paht [serve]                 run the web server (migrations applied at start)
//!   paht migrate                 apply pending migrations and exit
//!   paht seed-demo [--reports N] [--if-empty] [--seed S]
//!                                reference data + N demo reports (default from config)
//!   paht add-reports N           N more synthetic reports (benchmarks)

use paht::server::config::Config;
use paht::server::{db, http, seed, AppState};
use std::process::ExitCode;
use tracing_subscriber::EnvFilter;

const CONFIG_FILE: &str = "Leptos.toml";

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn")),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!(error = %e, "cannot start the async runtime");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Vec<String>) -> Result<(), String> {
    let config_path = std::env::var("PAHT_CONFIG").unwrap_or_else(|_| CONFIG_FILE.to_string());
    let config = Config::load(&config_path).map_err(|e| e.to_string())?;
    let command = args.first().map(String::as_str).unwrap_or("serve");
    match command {
        "serve" => serve(config, &config_path).await,
        "migrate" => {
            db::connect(&config.database_url)
                .await
                .map_err(|e| format!("migration failed: {e}"))?;
            tracing::info!(database = %config.redacted_database_url(), "migrations applied");
            Ok(())
        }
        "seed-demo" => {
            let reports =
                flag_value(&args, "--reports")?.unwrap_or(config.demo_reports as u64) as usize;
            let rng_seed = flag_value(&args, "--seed")?.unwrap_or(20261122);
            let if_empty = args.iter().any(|a| a == "--if-empty");
            seed::may_seed_demo(&config)?;
            let conn = db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            if if_empty && !seed::is_empty(&conn).await.map_err(|e| e.to_string())? {
                tracing::info!("database already has data; demo data not added");
                return Ok(());
            }
            let started = std::time::Instant::now();
            let opts = seed::SeedOptions {
                reports,
                rng_seed,
                now: chrono::Utc::now(),
            };
            let summary = seed::seed_demo(&conn, &opts)
                .await
                .map_err(|e| format!("seeding failed: {e}"))?;
            let store =
                paht::server::media::MediaStore::open(&config).map_err(|e| e.to_string())?;
            let photos = seed::seed_demo_media(&conn, &store, opts.now).await?;
            tracing::info!(photos, "demo photos attached");
            tracing::info!(
                areas = summary.areas,
                agencies = summary.agencies,
                categories = summary.categories,
                users = summary.users,
                reports = summary.reports,
                events = summary.events,
                seconds = started.elapsed().as_secs_f64(),
                "demo data created"
            );
            Ok(())
        }
        "add-reports" => {
            let n = args
                .get(1)
                .and_then(|n| n.replace('_', "").parse::<usize>().ok())
                .ok_or("usage: paht add-reports N")?;
            let conn = db::connect(&config.database_url)
                .await
                .map_err(|e| e.to_string())?;
            let started = std::time::Instant::now();
            let opts = seed::SeedOptions {
                reports: n,
                rng_seed: flag_value(&args, "--seed")?.unwrap_or(7),
                now: chrono::Utc::now(),
            };
            let added = seed::add_reports(&conn, n, &opts)
                .await
                .map_err(|e| format!("adding reports failed: {e}"))?;
            tracing::info!(
                added,
                seconds = started.elapsed().as_secs_f64(),
                "synthetic reports added"
            );
            Ok(())
        }
        other => Err(format!(
            "unknown command `{other}`; use serve, migrate, seed-demo or add-reports"
        )),
    }
}

fn flag_value(args: &[String], flag: &str) -> Result<Option<u64>, String> {
    match args.iter().position(|a| a == flag) {
        None => Ok(None),
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.replace('_', "").parse().ok())
            .map(Some)
            .ok_or_else(|| format!("{flag} needs a number")),
    }
}

async fn serve(config: Config, config_path: &str) -> Result<(), String> {
    let leptos_options = match std::path::Path::new(config_path).exists() {
        true => leptos::prelude::get_configuration(Some(config_path)),
        false => leptos::prelude::get_configuration(None),
    }
    .map_err(|e| format!("Leptos settings: {e}"))?
    .leptos_options;
    let addr = leptos_options.site_addr;
    tracing::info!(
        address = %addr,
        database = %config.redacted_database_url(),
        data_dir = %config.data_dir.display(),
        tiles = %config.map.tile_url,
        local_tiles = config.local_tiles,
        site_root = %leptos_options.site_root,
        "starting PAHT"
    );
    let conn = db::connect(&config.database_url)
        .await
        .map_err(|e| format!("database: {e}"))?;
    match seed::demo_password_accounts(&conn).await {
        Ok(phones) if !phones.is_empty() => tracing::warn!(
            accounts = phones.len(),
            first = %phones[0],
            "DEMO ACCOUNTS ARE OPEN: {} account(s) still log in with the published demo \
             password {}. Fine on your own machine; never on a server others can reach.",
            phones.len(),
            seed::DEMO_PASSWORD
        ),
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, "could not check for demo passwords"),
    }
    let state = AppState::new(conn, config, leptos_options).map_err(|e| e.to_string())?;
    // The holidays table is the calendar: filled once from the built-in list and the
    // configuration, then read at start and every minute (other instances edit it too).
    match paht::server::reference::seed_holidays(&state.db, &state.config.calendar).await {
        Ok(0) => {}
        Ok(n) => tracing::info!(
            days = n,
            "public holidays filled in from the built-in calendar"
        ),
        Err(e) => tracing::warn!(error = %e, "could not fill in the public holidays"),
    }
    state
        .calendar
        .reload(&state.db)
        .await
        .map_err(|e| format!("public holidays: {e}"))?;
    let calendar_refresh = tokio::spawn(refresh_calendar(state.clone()));
    let sweeper = tokio::spawn(sweep(state.clone()));
    let reminders = tokio::spawn(remind(state.clone()));
    // Reports written before word search existed get their search text (a no-op after).
    let db = state.db.clone();
    tokio::spawn(async move {
        match paht::server::search::backfill(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(reports = n, "search text filled in"),
            Err(e) => tracing::warn!(error = %e, "could not fill in the search text"),
        }
    });
    // Results recorded before the scoreboard existed get their processing time (a no-op after).
    let (db, calendar) = (state.db.clone(), state.calendar.get());
    tokio::spawn(async move {
        match paht::server::stats::backfill(&db, &calendar).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(reports = n, "processing times filled in"),
            Err(e) => tracing::warn!(error = %e, "could not fill in the processing times"),
        }
    });
    let app = http::router(state.clone())
        .layer(
            tower_http::trace::TraceLayer::new_for_http().make_span_with(
                |req: &axum::http::Request<axum::body::Body>| {
                    tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
                },
            ),
        )
        .into_make_service_with_connect_info::<std::net::SocketAddr>();
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!("listening on http://{addr}");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| e.to_string())?;
    sweeper.abort();
    reminders.abort();
    calendar_refresh.abort();
    state.db.clone().close().await.map_err(|e| e.to_string())?;
    tracing::info!("stopped");
    Ok(())
}

/// Every minute: the holidays again, so a change made on another instance reaches this one.
async fn refresh_calendar(state: paht::server::AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
    tick.tick().await;
    loop {
        tick.tick().await;
        if let Err(e) = state.calendar.reload(&state.db).await {
            tracing::warn!(error = %e, "could not reload the public holidays");
        }
    }
}

/// Every five minutes: due-soon and overdue reminders, and the automatic close of published
/// reports. Safe when several servers run it (see `console::run_reminders`).
async fn remind(state: paht::server::AppState) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
    loop {
        tick.tick().await;
        match paht::server::live::prune(&state.db, chrono::Utc::now()).await {
            Ok(n) if n > 0 => tracing::debug!(pruned = n, "live events"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "pruning live events failed"),
        }
        match paht::server::console::run_reminders(&state, chrono::Utc::now()).await {
            Ok(run) if run.due_soon + run.overdue + run.closed > 0 => tracing::info!(
                due_soon = run.due_soon,
                overdue = run.overdue,
                closed = run.closed,
                "deadline reminders"
            ),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "deadline reminders failed"),
        }
    }
}

/// Every hour: deletes expired sessions, ended rate-limit windows, pending accounts older
/// than a day (their numbers become free to register again) and uploads never attached to
/// a saved form within a day.
async fn sweep(state: paht::server::AppState) {
    use paht::server::auth::{rate_limit, session, store};
    let db = state.db.clone();
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        tick.tick().await;
        let now = chrono::Utc::now();
        let results = [
            ("expired sessions", session::sweep(&db, now).await),
            (
                "ended rate-limit windows",
                rate_limit::sweep(&db, now).await,
            ),
            (
                "expired pending accounts",
                store::sweep_pending(&db, now).await,
            ),
            (
                "unattached uploads",
                paht::server::media::sweep_orphans(&state, now).await,
            ),
        ];
        for (what, result) in results {
            match result {
                Ok(n) if n > 0 => tracing::info!(deleted = n, "{what} removed"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "sweep of {what} failed"),
            }
        }
    }
}

/// Ctrl-C or SIGTERM: stop accepting, finish the requests in flight, then exit.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}
