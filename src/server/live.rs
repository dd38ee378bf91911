//! Live updates: the hub that fans events out to open streams, the outbox that makes an event
//! exist only once its transaction committed, PostgreSQL `LISTEN/NOTIFY` between instances,
//! and the `GET /api/events` server-sent-events stream.
//!
//! An event is a row of `live_events`, written by [`Outbox::record`] inside the transaction
//! of the change it reports. After the commit, [`Outbox::commit`] hands the events to this
//! instance's hub; with PostgreSQL the same transaction also ran `pg_notify('paht_live',
//! '<instance>:<id>')`, which PostgreSQL delivers only on commit, so every other instance's
//! listener reads the row by id and feeds its own hub. Payloads carry ids only; what a viewer
//! may read is decided per stream by [`crate::domain::live::deliveries`].

use crate::domain::live::{self, Delivery, Topic, Viewer};
use crate::server::entities::live_event;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, TimeDelta, Utc};
use futures_util::stream::{self, Stream};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
    TransactionTrait,
};
use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

/// The PostgreSQL channel of live events.
pub const CHANNEL: &str = "paht_live";
/// A reconnecting browser gets what it missed in this window (and no more than
/// [`REPLAY_MAX`] events).
pub const REPLAY_WINDOW: TimeDelta = TimeDelta::minutes(5);
pub const REPLAY_MAX: u64 = 1000;
/// Rows older than this are pruned (twice the replay window).
pub const KEEP: TimeDelta = TimeDelta::minutes(10);
/// Events waiting in the hub for a slow stream; a stream that falls further behind is told to
/// refetch everything (`resync`) rather than holding memory for it.
const HUB_CAPACITY: usize = 4096;
/// A keep-alive comment this often, so proxies and phones keep the stream open.
pub const KEEP_ALIVE: Duration = Duration::from_secs(20);

/// One committed event, as the hub carries it.
#[derive(Clone, Debug, PartialEq)]
pub struct Published {
    pub id: i64,
    pub topic: Topic,
    /// The report's code, for the page to match what it shows.
    pub code: Option<String>,
}

/// This instance's hub and its identity among instances.
#[derive(Clone)]
pub struct Live {
    hub: broadcast::Sender<Arc<Published>>,
    /// A random name, so the listener skips what this instance already published.
    instance: Arc<str>,
    postgres: bool,
    streams: Arc<AtomicUsize>,
    max_streams: usize,
    /// The listener runs from the first stream on: a state that never streams (a command,
    /// a test) holds no PostgreSQL connection for it.
    listening: Arc<std::sync::Once>,
}

impl Live {
    pub fn new(backend: DbBackend, max_streams: usize) -> Live {
        let (hub, _) = broadcast::channel(HUB_CAPACITY);
        Live {
            hub,
            instance: crate::server::auth::secret::random_hex(8).into(),
            postgres: backend == DbBackend::Postgres,
            streams: Arc::new(AtomicUsize::new(0)),
            max_streams,
            listening: Arc::new(std::sync::Once::new()),
        }
    }

    /// A new, empty outbox for one transaction.
    pub fn outbox(&self) -> Outbox {
        Outbox {
            instance: self.instance.clone(),
            postgres: self.postgres,
            events: Vec::new(),
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<Published>> {
        self.hub.subscribe()
    }

    /// Streams open on this instance now.
    pub fn open_streams(&self) -> usize {
        self.streams.load(Ordering::Relaxed)
    }

    fn send(&self, p: Published) {
        // No receiver is not an error: nobody is watching.
        let _ = self.hub.send(Arc::new(p));
    }

    /// With PostgreSQL, listens for other instances' events for as long as the process runs,
    /// reconnecting after a failure and catching up on what it missed meanwhile.
    pub fn spawn_listener(&self, db: DatabaseConnection) {
        if !self.postgres {
            return;
        }
        self.listening.call_once(|| self.start_listener(db));
    }

    fn start_listener(&self, db: DatabaseConnection) {
        let live = self.clone();
        tokio::spawn(async move {
            let mut last_seen: Option<i64> = None;
            loop {
                // A closed pool is a server (or test) shutting down: stop listening.
                if db.get_postgres_connection_pool().is_closed() {
                    return;
                }
                if let Err(e) = live.listen(&db, &mut last_seen).await {
                    tracing::warn!("live listener: {e}; reconnecting");
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
    }

    async fn listen(
        &self,
        db: &DatabaseConnection,
        last_seen: &mut Option<i64>,
    ) -> Result<(), DbErr> {
        use sea_orm::sqlx::postgres::PgListener;
        let pool = db.get_postgres_connection_pool();
        let mut listener = PgListener::connect_with(pool)
            .await
            .map_err(|e| DbErr::Custom(e.to_string()))?;
        listener
            .listen(CHANNEL)
            .await
            .map_err(|e| DbErr::Custom(e.to_string()))?;
        // What other instances committed while this one was not listening.
        if let Some(after) = *last_seen {
            let missed = live_event::Entity::find()
                .filter(live_event::Column::Id.gt(after))
                .order_by_asc(live_event::Column::Id)
                .limit(REPLAY_MAX)
                .all(db)
                .await?;
            for row in missed {
                *last_seen = Some(row.id.max(last_seen.unwrap_or(0)));
                if let Some(p) = published(row) {
                    self.send(p);
                }
            }
        }
        loop {
            let n = listener
                .recv()
                .await
                .map_err(|e| DbErr::Custom(e.to_string()))?;
            let Some((origin, id)) = n.payload().split_once(':') else {
                continue;
            };
            let Ok(id) = id.parse::<i64>() else { continue };
            *last_seen = Some(id.max(last_seen.unwrap_or(0)));
            if origin == &*self.instance {
                continue;
            }
            if let Some(row) = live_event::Entity::find_by_id(id).one(db).await? {
                if let Some(p) = published(row) {
                    self.send(p);
                }
            }
        }
    }
}

/// The live events of one transaction.
pub struct Outbox {
    instance: Arc<str>,
    postgres: bool,
    events: Vec<Published>,
}

impl Outbox {
    /// Writes the event's row (and, with PostgreSQL, its notification) in `txn`.
    pub async fn record<C: ConnectionTrait>(
        &mut self,
        txn: &C,
        topic: Topic,
        code: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let mut row = live_event::ActiveModel {
            topic: Set(String::new()),
            report_id: Set(None),
            is_public: Set(false),
            author_id: Set(None),
            agency_before: Set(None),
            agency_after: Set(None),
            user_ids: Set(None),
            report_code: Set(code.clone()),
            created_at: Set(now),
            ..Default::default()
        };
        match &topic {
            Topic::Report {
                report_id,
                public,
                author,
                agencies,
                ..
            } => {
                row.topic = Set("report".into());
                row.report_id = Set(Some(*report_id));
                row.is_public = Set(*public);
                row.author_id = Set(*author);
                row.agency_before = Set(agencies[0]);
                row.agency_after = Set(agencies[1]);
            }
            Topic::Users { ids } => {
                if ids.is_empty() {
                    return Ok(());
                }
                row.topic = Set("users".into());
                row.user_ids = Set(Some(
                    ids.iter()
                        .map(|i| i.to_string())
                        .collect::<Vec<_>>()
                        .join(","),
                ));
            }
            Topic::Moderation => row.topic = Set("moderation".into()),
        }
        let id = row.insert(txn).await?.id;
        if self.postgres {
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), format!("{}:{id}", self.instance).into()],
            ))
            .await?;
        }
        self.events.push(Published { id, topic, code });
        Ok(())
    }

    /// Commits `txn`, then tells this instance's streams.
    pub async fn commit(self, txn: DatabaseTransaction, live: &Live) -> Result<(), DbErr> {
        txn.commit().await?;
        self.published(live);
        Ok(())
    }

    /// For changes committed by other means (a transaction the caller committed itself).
    pub fn published(self, live: &Live) {
        for p in self.events {
            live.send(p);
        }
    }

    /// Records and commits a single event in its own transaction.
    pub async fn one(
        live: &Live,
        db: &DatabaseConnection,
        topic: Topic,
        code: Option<String>,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let txn = db.begin().await?;
        let mut outbox = live.outbox();
        outbox.record(&txn, topic, code, now).await?;
        outbox.commit(txn, live).await
    }
}

/// A stored row back as an event (`None` for a topic this version does not know).
fn published(row: live_event::Model) -> Option<Published> {
    let topic = match row.topic.as_str() {
        "report" => match row.report_id {
            Some(report_id) => Topic::Report {
                report_id,
                key: row
                    .report_code
                    .as_deref()
                    .and_then(live::report_key)
                    .unwrap_or(0),
                public: row.is_public,
                author: row.author_id,
                agencies: [row.agency_before, row.agency_after],
            },
            None => return None,
        },
        "users" => Topic::Users {
            ids: row
                .user_ids
                .as_deref()
                .unwrap_or("")
                .split(',')
                .filter_map(|s| s.parse().ok())
                .collect(),
        },
        "moderation" => Topic::Moderation,
        _ => return None,
    };
    Some(Published {
        id: row.id,
        topic,
        code: row.report_code,
    })
}

/// Deletes events no reconnecting browser will ask for any more.
pub async fn prune(db: &DatabaseConnection, now: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(live_event::Entity::delete_many()
        .filter(live_event::Column::CreatedAt.lt(now - KEEP))
        .exec(db)
        .await?
        .rows_affected)
}

#[derive(serde::Deserialize, Default)]
pub struct StreamQuery {
    /// Codes of the reports the page shows, comma-separated.
    #[serde(default)]
    watch: String,
    /// The last event id the page saw, when it opens a new stream itself (a browser's own
    /// reconnect sends `Last-Event-ID` instead).
    #[serde(default)]
    last: Option<i64>,
}

/// Who holds the stream, from the session the middleware resolved.
fn viewer_of(signed_in: Option<&crate::server::auth::SignedIn>, watching: Vec<u64>) -> Viewer {
    let subject = signed_in
        .map(|s| s.user.subject())
        .unwrap_or(crate::account::permission::Subject::ANONYMOUS);
    Viewer {
        user_id: subject.user_id,
        role: subject.role,
        agency_id: subject.agency_id,
        active: subject.active,
        watching,
    }
}

/// The SSE message for one delivery of an event.
fn message(p: &Published, d: Delivery) -> Event {
    let data = serde_json::json!({ "code": p.code }).to_string();
    Event::default()
        .id(p.id.to_string())
        .event(d.as_str())
        .data(data)
}

/// `GET /api/events?watch=PA-…,PA-…`: this viewer's live events as server-sent events.
pub async fn stream_handler(
    State(state): State<crate::server::AppState>,
    Query(q): Query<StreamQuery>,
    headers: HeaderMap,
    signed_in: Option<axum::Extension<crate::server::auth::SignedIn>>,
) -> Response {
    let live = state.live.clone();
    live.spawn_listener(state.db.clone());
    if live.open_streams() >= live.max_streams {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(axum::http::header::RETRY_AFTER, "30")],
            "",
        )
            .into_response();
    }
    let watching = live::parse_watch_list(&q.watch);
    let viewer = viewer_of(signed_in.as_deref(), watching);
    // Subscribe before reading what was missed, so nothing falls between the two.
    let rx = live.subscribe();
    let last = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .or(q.last);
    let mut replay = VecDeque::new();
    if let Some(after) = last {
        let rows = live_event::Entity::find()
            .filter(live_event::Column::Id.gt(after))
            .filter(live_event::Column::CreatedAt.gt(Utc::now() - REPLAY_WINDOW))
            .order_by_asc(live_event::Column::Id)
            .limit(REPLAY_MAX)
            .all(&state.db)
            .await;
        match rows {
            Ok(rows) => {
                for row in rows {
                    if let Some(p) = published(row) {
                        replay.push_back(Arc::new(p));
                    }
                }
            }
            Err(e) => tracing::warn!("live replay: {e}"),
        }
    }
    let replayed: HashSet<i64> = replay.iter().map(|p| p.id).collect();
    let guard = StreamGuard::new(live.streams.clone());
    let body = events(viewer, replay, replayed, rx, guard);
    let mut res = Sse::new(body)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE).text("ping"))
        .into_response();
    // Never cached, never buffered by a proxy (nginx honours this header).
    let h = res.headers_mut();
    h.insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-cache, no-store"),
    );
    h.insert(
        "x-accel-buffering",
        axum::http::HeaderValue::from_static("no"),
    );
    res
}

/// Counts open streams; the count drops when the stream is dropped (the browser left).
struct StreamGuard(Arc<AtomicUsize>);

impl StreamGuard {
    fn new(count: Arc<AtomicUsize>) -> StreamGuard {
        count.fetch_add(1, Ordering::Relaxed);
        StreamGuard(count)
    }
}

impl Drop for StreamGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

struct StreamState {
    viewer: Viewer,
    replay: VecDeque<Arc<Published>>,
    replayed: HashSet<i64>,
    rx: broadcast::Receiver<Arc<Published>>,
    pending: VecDeque<Event>,
    _guard: StreamGuard,
}

/// The viewer's messages: first what they missed, then what happens, each event filtered by
/// [`live::deliveries`].
fn events(
    viewer: Viewer,
    replay: VecDeque<Arc<Published>>,
    replayed: HashSet<i64>,
    rx: broadcast::Receiver<Arc<Published>>,
    guard: StreamGuard,
) -> impl Stream<Item = Result<Event, std::convert::Infallible>> {
    let state = StreamState {
        viewer,
        replay,
        replayed,
        rx,
        pending: VecDeque::new(),
        _guard: guard,
    };
    stream::unfold(state, |mut s| async move {
        loop {
            if let Some(e) = s.pending.pop_front() {
                return Some((Ok(e), s));
            }
            let next = match s.replay.pop_front() {
                Some(p) => p,
                None => match s.rx.recv().await {
                    Ok(p) => {
                        if s.replayed.contains(&p.id) {
                            continue;
                        }
                        p
                    }
                    Err(broadcast::error::RecvError::Lagged(_)) => {
                        // Fell behind: the page refetches what it shows.
                        return Some((Ok(Event::default().event("resync").data("{}")), s));
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
            };
            for d in live::deliveries(&s.viewer, &next.topic) {
                s.pending.push_back(message(&next, d));
            }
        }
    })
}
