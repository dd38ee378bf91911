//! Media: the only code that touches stored files.
//!
//! One [`MediaStore`] on the `object_store` crate — a folder under the data directory by
//! default, any S3-compatible bucket when `PAHT_MEDIA_S3_*` is set — so several instances
//! share the media as they share the database. An upload is streamed to a spool file (never
//! held whole in memory), its type decided from its first bytes, photos re-encoded in
//! `spawn_blocking` behind a bound, then stored under a random key; its `media` row has no
//! report until the form is saved. Media is served with its report's visibility.

pub mod photo;
pub mod routes;

use crate::account::permission::{may, Object, Permission, Subject};
use crate::domain::media::{self as rules, Format, MediaKind, MediaProblem};
use crate::dto::error::AppError;
use crate::dto::media::Attachment;
use crate::server::auth::flows::Caller;
use crate::server::auth::rate_limit::{self, Limit};
use crate::server::config::Config;
use crate::server::entities::{media, report};
use crate::server::AppState;
use bytes::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use futures_util::StreamExt;
use object_store::{path::Path as Key, ObjectStore};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncWriteExt;
use tokio::sync::Semaphore;

/// Uploads not attached to a saved form are removed after this.
pub const ORPHAN_AFTER: TimeDelta = TimeDelta::hours(24);
/// An upload that sends nothing for this long is dropped.
pub const IDLE: Duration = Duration::from_secs(30);
/// Uploads per account per hour, and unattached uploads one account may hold.
const UPLOADS_PER_HOUR: Limit = Limit::per_minutes(60, 60);
const PENDING_MAX: u64 = 30;
/// How long an upload waits for a free photo decoder before it is told to come back.
const DECODE_WAIT: Duration = Duration::from_secs(20);

#[derive(Clone)]
pub struct MediaStore {
    objects: Arc<dyn ObjectStore>,
    spool: PathBuf,
    /// Photo decoders at once: each may take a few hundred megabytes.
    decoders: Arc<Semaphore>,
}

#[derive(Debug, thiserror::Error)]
pub enum MediaStoreError {
    #[error("media folder {0}: {1}")]
    Folder(PathBuf, std::io::Error),
    #[error("media store: {0}")]
    Store(#[from] object_store::Error),
}

impl MediaStore {
    /// The store `config` names: S3 when configured, else `data_dir/media`.
    pub fn open(config: &Config) -> Result<MediaStore, MediaStoreError> {
        let spool = config.data_dir.join("spool");
        std::fs::create_dir_all(&spool).map_err(|e| MediaStoreError::Folder(spool.clone(), e))?;
        let objects: Arc<dyn ObjectStore> = match &config.media_s3 {
            Some(s3) => {
                let mut b = object_store::aws::AmazonS3Builder::new()
                    .with_bucket_name(&s3.bucket)
                    .with_region(&s3.region)
                    .with_access_key_id(&s3.access_key_id)
                    .with_secret_access_key(&s3.secret_access_key);
                if let Some(endpoint) = &s3.endpoint {
                    b = b
                        .with_endpoint(endpoint)
                        .with_allow_http(endpoint.starts_with("http://"))
                        .with_virtual_hosted_style_request(false);
                }
                Arc::new(b.build()?)
            }
            None => {
                let dir = config.data_dir.join("media");
                std::fs::create_dir_all(&dir)
                    .map_err(|e| MediaStoreError::Folder(dir.clone(), e))?;
                Arc::new(object_store::local::LocalFileSystem::new_with_prefix(&dir)?)
            }
        };
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Ok(MediaStore {
            objects,
            spool,
            decoders: Arc::new(Semaphore::new(cores)),
        })
    }

    async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), object_store::Error> {
        self.objects
            .put(&Key::from(key), bytes.into())
            .await
            .map(|_| ())
    }

    /// Copies a spooled file into the store in parts, never whole in memory.
    async fn put_file(&self, key: &str, path: &Path) -> Result<(), AppError> {
        let upload = self
            .objects
            .put_multipart(&Key::from(key))
            .await
            .map_err(store_error)?;
        let mut writer = object_store::WriteMultipart::new_with_chunk_size(upload, 5 * 1024 * 1024);
        let mut file = tokio::fs::File::open(path).await.map_err(io_error)?;
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            use tokio::io::AsyncReadExt;
            let n = file.read(&mut buf).await.map_err(io_error)?;
            if n == 0 {
                break;
            }
            writer.wait_for_capacity(4).await.map_err(store_error)?;
            writer.write(&buf[..n]);
        }
        writer.finish().await.map_err(store_error)?;
        Ok(())
    }

    /// The object `key` (or its `range`): its size and a stream of its bytes.
    pub async fn get(
        &self,
        key: &str,
        range: Option<std::ops::Range<u64>>,
    ) -> Result<object_store::GetResult, object_store::Error> {
        let options = object_store::GetOptions {
            range: range.map(object_store::GetRange::Bounded),
            ..Default::default()
        };
        self.objects.get_opts(&Key::from(key), options).await
    }

    /// The size of `key`.
    pub async fn size(&self, key: &str) -> Result<u64, object_store::Error> {
        Ok(self.objects.head(&Key::from(key)).await?.size)
    }

    /// Deletes `key`; a key already gone is not an error.
    pub async fn delete(&self, key: &str) {
        match self.objects.delete(&Key::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => {}
            Err(e) => tracing::warn!(error = %e, key, "media object not deleted"),
        }
    }

    /// Every stored key (tests and tools; bounded by what the store holds).
    pub async fn keys(&self) -> Vec<String> {
        self.objects
            .list(None)
            .filter_map(|m| async move { m.ok().map(|m| m.location.to_string()) })
            .collect()
            .await
    }
}

fn store_error(e: object_store::Error) -> AppError {
    tracing::error!(error = %e, "media store");
    AppError::Unavailable
}

fn io_error(e: std::io::Error) -> AppError {
    tracing::error!(error = %e, "media spool");
    AppError::Internal
}

/// A random object key; no part of it comes from the citizen.
fn new_key(ext: &str) -> String {
    let id = crate::server::auth::secret::random_hex(16);
    format!("{}/{id}.{ext}", &id[..2])
}

/// A spooled upload, removed from the disk when dropped.
struct Spooled(PathBuf);

impl Drop for Spooled {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Streams `body` to a spool file, at most `max` bytes, waiting at most `IDLE` for each
/// piece; answers the file and its first bytes.
async fn spool<S, E>(
    store: &MediaStore,
    mut body: S,
    max: u64,
    kind: MediaKind,
) -> Result<(Spooled, Vec<u8>, u64), AppError>
where
    S: futures_util::Stream<Item = Result<Bytes, E>> + Unpin,
{
    let path = store.spool.join(format!(
        "{}.part",
        crate::server::auth::secret::random_hex(12)
    ));
    let spooled = Spooled(path.clone());
    let mut file = tokio::fs::File::create(&path).await.map_err(io_error)?;
    let mut head = Vec::with_capacity(rules::SNIFF_BYTES);
    let mut size = 0u64;
    loop {
        let next = tokio::time::timeout(IDLE, body.next())
            .await
            .map_err(|_| AppError::Media(MediaProblem::Interrupted))?;
        let chunk = match next {
            None => break,
            Some(Ok(c)) => c,
            Some(Err(_)) => return Err(AppError::Media(MediaProblem::Interrupted)),
        };
        size += chunk.len() as u64;
        if size > max {
            return Err(AppError::Media(MediaProblem::TooBig(kind)));
        }
        if head.len() < rules::SNIFF_BYTES {
            let take = (rules::SNIFF_BYTES - head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..take]);
        }
        file.write_all(&chunk).await.map_err(io_error)?;
    }
    file.flush().await.map_err(io_error)?;
    Ok((spooled, head, size))
}

/// What an upload becomes before its row is written.
struct Stored {
    key: String,
    thumb: Option<String>,
    mime: String,
    size: u64,
    width: Option<u32>,
    height: Option<u32>,
}

/// Receives one file offered as `kind` for the caller's next (or current) report: checks,
/// processes and stores it, and answers it as an attachment not yet attached.
pub async fn upload<S, E>(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    kind: MediaKind,
    name: Option<&str>,
    declared: Option<u64>,
    body: S,
) -> Result<Attachment, AppError>
where
    S: futures_util::Stream<Item = Result<Bytes, E>> + Unpin,
{
    // Citizens for their reports; staff for results and reports filed on behalf.
    may(who, Permission::FileReport, &Object::None)
        .or_else(|_| may(who, Permission::ViewInbox, &Object::None))?;
    let me = who.user_id.ok_or(AppError::NotFound)?;
    // Too big by its own word: refused before a byte is read.
    if declared.is_some_and(|n| n > kind.max_bytes()) {
        return Err(AppError::Media(MediaProblem::TooBig(kind)));
    }
    rate_limit::hit(
        &state.db,
        &format!("media:user:{me}"),
        UPLOADS_PER_HOUR,
        caller.now,
    )
    .await?
    .map_err(AppError::RateLimited)?;
    let pending = media::Entity::find()
        .filter(media::Column::OwnerId.eq(me))
        .filter(media::Column::ReportId.is_null())
        .count(&state.db)
        .await?;
    if pending >= PENDING_MAX {
        return Err(AppError::Media(MediaProblem::TooMany(kind)));
    }
    let store = &state.media;
    let (spooled, head, size) = spool(store, body, kind.max_bytes(), kind).await?;
    let format = rules::accept(kind, &head).map_err(AppError::Media)?;
    let stored = match kind {
        MediaKind::Photo => store_photo(store, &spooled.0, format).await?,
        MediaKind::Video => {
            let key = new_key(match format {
                Format::Webm => "webm",
                Format::Mov => "mov",
                _ => "mp4",
            });
            store.put_file(&key, &spooled.0).await?;
            Stored {
                key,
                thumb: None,
                mime: format.mime().to_string(),
                size,
                width: None,
                height: None,
            }
        }
        MediaKind::File => {
            let (mime, ext) = document_type(&spooled.0, format).await?;
            let key = new_key(ext);
            store.put_file(&key, &spooled.0).await?;
            Stored {
                key,
                thumb: None,
                mime: mime.to_string(),
                size,
                width: None,
                height: None,
            }
        }
    };
    drop(spooled);
    let row = media::ActiveModel {
        report_id: Set(None),
        owner_id: Set(Some(me)),
        role: Set("evidence".into()),
        kind: Set(kind.as_str().into()),
        storage_key: Set(stored.key.clone()),
        mime: Set(stored.mime),
        size_bytes: Set(stored.size as i64),
        width: Set(stored.width.map(|w| w as i32)),
        height: Set(stored.height.map(|h| h as i32)),
        thumbnail_key: Set(stored.thumb.clone()),
        file_name: Set(name.and_then(rules::display_name)),
        created_at: Set(caller.now),
        ..Default::default()
    };
    match row.insert(&state.db).await {
        Ok(m) => Ok(attachment(&m)),
        Err(e) => {
            store.delete(&stored.key).await;
            if let Some(t) = &stored.thumb {
                store.delete(t).await;
            }
            Err(e.into())
        }
    }
}

async fn store_photo(store: &MediaStore, path: &Path, format: Format) -> Result<Stored, AppError> {
    let _permit = tokio::time::timeout(DECODE_WAIT, store.decoders.clone().acquire_owned())
        .await
        .map_err(|_| AppError::Busy(5))?
        .map_err(|_| AppError::Internal)?;
    let path = path.to_path_buf();
    let done = tokio::task::spawn_blocking(move || photo::process(&path, format))
        .await
        .map_err(|_| AppError::Internal)?
        .map_err(AppError::Media)?;
    let key = new_key("jpg");
    let thumb = new_key("jpg");
    let size = done.photo.len() as u64;
    store.put(&key, done.photo).await.map_err(store_error)?;
    if let Err(e) = store.put(&thumb, done.thumb).await {
        store.delete(&key).await;
        return Err(store_error(e));
    }
    Ok(Stored {
        key,
        thumb: Some(thumb),
        mime: "image/jpeg".into(),
        size,
        width: Some(done.width),
        height: Some(done.height),
    })
}

/// A document's content type and extension: PDF by its signature; DOC by the OLE container
/// holding a `WordDocument` stream; DOCX and XLSX by the ZIP's entries.
async fn document_type(
    path: &Path,
    format: Format,
) -> Result<(&'static str, &'static str), AppError> {
    let refused = AppError::Media(MediaProblem::WrongType(MediaKind::File));
    match format {
        Format::Pdf => Ok(("application/pdf", "pdf")),
        Format::Ole => {
            let path = path.to_path_buf();
            let word = tokio::task::spawn_blocking(move || {
                let bytes = std::fs::read(path).ok()?;
                let name: Vec<u8> = "WordDocument"
                    .encode_utf16()
                    .flat_map(|u| u.to_le_bytes())
                    .collect();
                Some(bytes.windows(name.len()).any(|w| w == name.as_slice()))
            })
            .await
            .map_err(|_| AppError::Internal)?;
            match word {
                Some(true) => Ok(("application/msword", "doc")),
                _ => Err(refused),
            }
        }
        Format::Zip => {
            let path = path.to_path_buf();
            let mime = tokio::task::spawn_blocking(move || {
                let file = std::fs::File::open(path).ok()?;
                let archive = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
                rules::office_of(archive.file_names().take(10_000))
            })
            .await
            .map_err(|_| AppError::Internal)?;
            match mime {
                Some(m) if m.contains("wordprocessingml") => Ok((m, "docx")),
                Some(m) => Ok((m, "xlsx")),
                None => Err(refused),
            }
        }
        _ => Err(refused),
    }
}

/// A media row as the browser sees it.
pub fn attachment(m: &media::Model) -> Attachment {
    Attachment {
        id: m.id,
        kind: MediaKind::parse(&m.kind).unwrap_or(MediaKind::File),
        name: m.file_name.clone(),
        size: m.size_bytes.max(0) as u64,
        width: m.width.map(|w| w.max(0) as u32),
        height: m.height.map(|h| h.max(0) as u32),
        has_thumb: m.thumbnail_key.is_some(),
    }
}

/// The evidence attached to report `report_id`, in the order it was uploaded.
pub async fn of_report<C: ConnectionTrait>(
    db: &C,
    report_id: i64,
) -> Result<Vec<Attachment>, sea_orm::DbErr> {
    use sea_orm::QueryOrder;
    Ok(media::Entity::find()
        .filter(media::Column::ReportId.eq(report_id))
        .filter(media::Column::Role.eq("evidence"))
        .order_by_asc(media::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(attachment)
        .collect())
}

/// The result attachments an agency added to report `report_id`.
pub async fn results_of<C: ConnectionTrait>(
    db: &C,
    report_id: i64,
) -> Result<Vec<Attachment>, sea_orm::DbErr> {
    use sea_orm::QueryOrder;
    Ok(media::Entity::find()
        .filter(media::Column::ReportId.eq(report_id))
        .filter(media::Column::Role.eq("result"))
        .order_by_asc(media::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(attachment)
        .collect())
}

/// Attaches the caller's unattached uploads `ids` (checked by [`check_own`]) to report
/// `report_id` as `role` ("result": an agency's result), inside the caller's transaction.
pub async fn attach_as<C: ConnectionTrait>(
    txn: &C,
    me: i64,
    report_id: i64,
    ids: &[i64],
    role: &str,
) -> Result<(), AppError> {
    let res = media::Entity::update_many()
        .col_expr(
            media::Column::ReportId,
            sea_orm::sea_query::Expr::value(report_id),
        )
        .col_expr(media::Column::Role, sea_orm::sea_query::Expr::value(role))
        .filter(media::Column::Id.is_in(ids.iter().copied()))
        .filter(media::Column::OwnerId.eq(me))
        .filter(media::Column::ReportId.is_null())
        .exec(txn)
        .await?;
    if res.rows_affected != ids.len() as u64 {
        return Err(AppError::Conflict);
    }
    Ok(())
}

/// The caller's attachments among `ids`: unattached uploads, or those of their report
/// `report`. Any other id (someone else's, gone) is `Unknown`.
pub async fn check_own<C: ConnectionTrait>(
    db: &C,
    me: i64,
    report: Option<i64>,
    ids: &[i64],
) -> Result<Vec<media::Model>, MediaProblem> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = media::Entity::find()
        .filter(media::Column::Id.is_in(ids.iter().copied()))
        .filter(media::Column::OwnerId.eq(me))
        .filter(media::Column::Role.eq("evidence"))
        .all(db)
        .await
        .map_err(|_| MediaProblem::Unknown)?;
    let mine = rows
        .into_iter()
        .filter(|m| m.report_id.is_none() || (report.is_some() && m.report_id == report))
        .collect::<Vec<_>>();
    if mine.len() != ids.len() {
        return Err(MediaProblem::Unknown);
    }
    let kinds: Vec<MediaKind> = mine
        .iter()
        .filter_map(|m| MediaKind::parse(&m.kind))
        .collect();
    if let Some(k) = rules::over_limit(&kinds) {
        return Err(MediaProblem::TooMany(k));
    }
    Ok(mine)
}

/// Attaches `ids` (checked by [`check_own`]) to `report_id` and detaches the report's other
/// evidence, inside the caller's transaction. Answers the detached rows' keys, to delete
/// once the transaction commits. `Conflict` if an id changed hands meanwhile.
pub async fn attach<C: ConnectionTrait>(
    txn: &C,
    me: i64,
    report_id: i64,
    ids: &[i64],
) -> Result<Vec<String>, AppError> {
    let removed = media::Entity::find()
        .filter(media::Column::ReportId.eq(report_id))
        .filter(media::Column::Role.eq("evidence"))
        .filter(media::Column::Id.is_not_in(ids.iter().copied()))
        .all(txn)
        .await?;
    if !removed.is_empty() {
        media::Entity::delete_many()
            .filter(media::Column::Id.is_in(removed.iter().map(|m| m.id)))
            .exec(txn)
            .await?;
    }
    if !ids.is_empty() {
        let res = media::Entity::update_many()
            .col_expr(
                media::Column::ReportId,
                sea_orm::sea_query::Expr::value(report_id),
            )
            .filter(media::Column::Id.is_in(ids.iter().copied()))
            .filter(media::Column::OwnerId.eq(me))
            .filter(
                sea_orm::Condition::any()
                    .add(media::Column::ReportId.is_null())
                    .add(media::Column::ReportId.eq(report_id)),
            )
            .exec(txn)
            .await?;
        if res.rows_affected != ids.len() as u64 {
            return Err(AppError::Conflict);
        }
    }
    Ok(keys_of(&removed))
}

/// The stored objects of `rows` (photo and thumbnail).
pub fn keys_of(rows: &[media::Model]) -> Vec<String> {
    rows.iter()
        .flat_map(|m| std::iter::once(m.storage_key.clone()).chain(m.thumbnail_key.clone()))
        .collect()
}

/// Deletes the objects `keys` that no media row refers to any more (the demo data shares
/// its photos between reports).
pub async fn delete_unused<C: ConnectionTrait>(
    db: &C,
    store: &MediaStore,
    keys: Vec<String>,
) -> Result<(), sea_orm::DbErr> {
    for key in keys {
        let used = media::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(media::Column::StorageKey.eq(key.as_str()))
                    .add(media::Column::ThumbnailKey.eq(key.as_str())),
            )
            .count(db)
            .await?;
        if used == 0 {
            store.delete(&key).await;
        }
    }
    Ok(())
}

/// Removes the caller's unattached upload `id` (the form's "remove" button).
pub async fn remove_upload(state: &AppState, who: &Subject, id: i64) -> Result<(), AppError> {
    may(who, Permission::FileReport, &Object::None)
        .or_else(|_| may(who, Permission::ViewInbox, &Object::None))?;
    let me = who.user_id.ok_or(AppError::NotFound)?;
    let Some(row) = media::Entity::find_by_id(id)
        .filter(media::Column::OwnerId.eq(me))
        .filter(media::Column::ReportId.is_null())
        .one(&state.db)
        .await?
    else {
        return Err(AppError::NotFound);
    };
    media::Entity::delete_by_id(row.id).exec(&state.db).await?;
    delete_unused(&state.db, &state.media, keys_of(&[row])).await?;
    Ok(())
}

/// Unattached uploads older than `ORPHAN_AFTER`, removed; answers how many.
pub async fn sweep_orphans(state: &AppState, now: DateTime<Utc>) -> Result<u64, sea_orm::DbErr> {
    use sea_orm::QuerySelect;
    let mut removed = 0;
    loop {
        let rows = media::Entity::find()
            .filter(media::Column::ReportId.is_null())
            .filter(media::Column::CreatedAt.lt(now - ORPHAN_AFTER))
            .limit(500)
            .all(&state.db)
            .await?;
        if rows.is_empty() {
            return Ok(removed);
        }
        media::Entity::delete_many()
            .filter(media::Column::Id.is_in(rows.iter().map(|m| m.id)))
            .filter(media::Column::ReportId.is_null())
            .exec(&state.db)
            .await?;
        removed += rows.len() as u64;
        delete_unused(&state.db, &state.media, keys_of(&rows)).await?;
    }
}

/// One media object to send: what it is and who may cache it.
pub struct Servable {
    pub key: String,
    pub mime: String,
    pub file_name: Option<String>,
    pub kind: MediaKind,
    /// Everyone may see it (a public report's media).
    pub public: bool,
}

/// Media `id` (or its thumbnail) if `who` may see it: a public report's to everyone, a
/// private or unfinished report's to those who may view that report, an unattached upload
/// to its owner. Everyone else gets `NotFound`, never "forbidden", so ids cannot be probed.
pub async fn servable(
    state: &AppState,
    who: &Subject,
    id: i64,
    thumb: bool,
) -> Result<Servable, AppError> {
    let row = media::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let public = match row.report_id {
        None => {
            if who.user_id.is_none() || row.owner_id != who.user_id {
                return Err(AppError::NotFound);
            }
            false
        }
        Some(report_id) => {
            let r = report::Entity::find_by_id(report_id)
                .one(&state.db)
                .await?
                .ok_or(AppError::NotFound)?;
            let object = crate::server::filing::report_object(&r);
            let public = object.is_public();
            // A draft's media: its author only (a draft has no page for anyone else).
            let draft = r.status == crate::domain::lifecycle::Status::Draft.as_str();
            if draft {
                if who.user_id.is_none() || r.reporter_id != who.user_id {
                    return Err(AppError::NotFound);
                }
            } else if !public {
                may(who, Permission::ViewReport, &object).map_err(|_| AppError::NotFound)?;
            }
            public && !draft
        }
    };
    let kind = MediaKind::parse(&row.kind).unwrap_or(MediaKind::File);
    let (key, mime) = if thumb {
        (
            row.thumbnail_key.ok_or(AppError::NotFound)?,
            "image/jpeg".to_string(),
        )
    } else {
        (row.storage_key, row.mime)
    };
    Ok(Servable {
        key,
        mime,
        file_name: row.file_name,
        kind,
        public,
    })
}

/// Stores a demo photo under a fresh key with its thumbnail (the seed's media).
pub async fn store_demo_photo(
    store: &MediaStore,
    seed: u32,
) -> Result<(String, String, u64), object_store::Error> {
    let bytes = photo::demo_photo(seed, 1280, 960);
    let path = store.spool.join(format!("demo-{seed}.jpg"));
    let written = std::fs::write(&path, &bytes);
    let processed = written
        .ok()
        .and_then(|_| photo::process(&path, Format::Jpeg).ok());
    let _ = std::fs::remove_file(&path);
    let Some(p) = processed else {
        return Err(object_store::Error::Generic {
            store: "demo",
            source: "the demo photo did not encode".into(),
        });
    };
    let key = new_key("jpg");
    let thumb = new_key("jpg");
    let size = p.photo.len() as u64;
    store.put(&key, p.photo).await?;
    store.put(&thumb, p.thumb).await?;
    Ok((key, thumb, size))
}
