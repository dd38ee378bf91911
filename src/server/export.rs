//! `GET /thong-ke/phan-anh.csv`: every public report as one CSV file, live (read from the
//! database as the file goes out, so it is current to the second), with the scoreboard's
//! period and district filters.
//!
//! The file is streamed: reports are read [`BATCH`] at a time in primary-key order (keyset
//! pagination, `id > last`), each batch is written out and dropped before the next is read,
//! so the server's memory does not grow with the number of reports — a million rows cost
//! what one batch costs. Names (categories, areas, agencies) come from their small tables
//! once per file. Only what the public pages show goes out: no reporter, no private report,
//! no internal note.

use crate::domain::deadline::local_date;
use crate::domain::lifecycle::{Channel, Level, Status};
use crate::domain::stats::{csv_line, BOM};
use crate::i18n::{channel_label, level_label, status_label, Lang};
use crate::server::entities::{agency, area, category, report};
use crate::server::AppState;
use axum::body::{Body, Bytes};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, FixedOffset, Utc};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::HashMap;
use std::sync::Arc;

/// Reports read and written per step.
pub const BATCH: u64 = 2000;
/// The file's name under `/thong-ke/`.
pub const FILE: &str = "phan-anh.csv";

/// The columns, in order, in both languages.
const COLUMNS: [(&str, &str); 19] = [
    ("Mã phản ánh", "Report code"),
    ("Tiêu đề", "Title"),
    ("Lĩnh vực", "Category"),
    ("Mức độ", "Level"),
    ("Trạng thái", "Status"),
    ("Huyện, thị xã, thành phố", "District"),
    ("Xã, phường, thị trấn", "Commune"),
    ("Địa chỉ", "Address"),
    ("Vĩ độ", "Latitude"),
    ("Kinh độ", "Longitude"),
    ("Kênh tiếp nhận", "Channel"),
    ("Đơn vị xử lý", "Agency"),
    ("Tiếp nhận lúc", "Received at"),
    ("Hạn xử lý", "Deadline"),
    ("Có kết quả lúc", "Result at"),
    ("Công bố lúc", "Published at"),
    (
        "Số ngày xử lý (ngày làm việc)",
        "Processing time (working days)",
    ),
    ("Lượt thích", "Likes"),
    ("Bình luận", "Comments"),
];

/// Which reports the file holds: public ones received in [start, end) in one district.
#[derive(Clone, Debug, Default)]
pub struct ExportScope {
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub district_id: Option<i64>,
}

struct Names {
    categories: HashMap<i64, (String, String)>,
    areas: HashMap<i64, String>,
    agencies: HashMap<i64, String>,
}

async fn names(db: &DatabaseConnection) -> Result<Names, DbErr> {
    Ok(Names {
        categories: category::Entity::find()
            .limit(10_000)
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, (c.name_vi, c.name_en)))
            .collect(),
        areas: area::Entity::find()
            .select_only()
            .column(area::Column::Id)
            .column(area::Column::Name)
            .limit(50_000)
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect(),
        agencies: agency::Entity::find()
            .select_only()
            .column(agency::Column::Id)
            .column(agency::Column::Name)
            .limit(10_000)
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect(),
    })
}

/// Việt Nam time, as a spreadsheet reads it: "2026-03-02 09:15".
fn when(t: Option<DateTime<Utc>>) -> String {
    let vn = FixedOffset::east_opt(7 * 3600).expect("UTC+7");
    t.map(|t| t.with_timezone(&vn).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_default()
}

/// The columns a line needs, and no more (a report's content and search text stay behind).
#[derive(FromQueryResult)]
struct Line {
    id: i64,
    code: String,
    title: String,
    category_id: Option<i64>,
    level: String,
    status: String,
    lat: f64,
    lng: f64,
    address: String,
    district_id: Option<i64>,
    commune_id: Option<i64>,
    channel: String,
    agency_id: Option<i64>,
    due_at: Option<DateTime<Utc>>,
    received_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
    published_at: Option<DateTime<Utc>>,
    result_public: bool,
    processing_days: Option<i32>,
    like_count: i32,
    comment_count: i32,
}

fn row(r: &Line, n: &Names, lang: Lang) -> String {
    let name = |id: Option<i64>, map: &HashMap<i64, String>| {
        id.and_then(|i| map.get(&i).cloned()).unwrap_or_default()
    };
    let category = r
        .category_id
        .and_then(|i| n.categories.get(&i))
        .map(|(vi, en)| {
            if lang == Lang::Vi {
                vi.clone()
            } else {
                en.clone()
            }
        })
        .unwrap_or_default();
    let status = Status::parse(&r.status)
        .map(|s| status_label(lang, s).to_string())
        .unwrap_or_else(|| r.status.clone());
    let level = Level::parse(&r.level)
        .map(|l| level_label(lang, l).to_string())
        .unwrap_or_default();
    let channel = Channel::parse(&r.channel)
        .map(|c| channel_label(lang, c).to_string())
        .unwrap_or_default();
    csv_line(&[
        r.code.clone(),
        r.title.clone(),
        category,
        level,
        status,
        name(r.district_id, &n.areas),
        name(r.commune_id, &n.areas),
        r.address.clone(),
        format!("{:.6}", r.lat),
        format!("{:.6}", r.lng),
        channel,
        name(r.agency_id, &n.agencies),
        when(r.received_at),
        when(r.due_at),
        if r.result_public {
            when(r.resolved_at)
        } else {
            String::new()
        },
        when(r.published_at),
        r.processing_days.map(|d| d.to_string()).unwrap_or_default(),
        r.like_count.to_string(),
        r.comment_count.to_string(),
    ])
}

fn header_line(lang: Lang) -> String {
    let cols: Vec<&str> = COLUMNS
        .iter()
        .map(|(vi, en)| if lang == Lang::Vi { *vi } else { *en })
        .collect();
    format!("{BOM}{}", csv_line(&cols))
}

async fn batch(
    db: &DatabaseConnection,
    scope: &ExportScope,
    after: i64,
) -> Result<Vec<Line>, DbErr> {
    let mut c = Condition::all()
        .add(report::Column::IsPublic.eq(true))
        .add(report::Column::ReceivedAt.is_not_null())
        .add(report::Column::Status.ne(Status::Draft.as_str()))
        .add(report::Column::Id.gt(after));
    if let Some(s) = scope.start {
        c = c.add(report::Column::ReceivedAt.gte(s));
    }
    if let Some(e) = scope.end {
        c = c.add(report::Column::ReceivedAt.lt(e));
    }
    if let Some(d) = scope.district_id {
        c = c.add(report::Column::DistrictId.eq(d));
    }
    use report::Column as R;
    report::Entity::find()
        .select_only()
        .columns([
            R::Id,
            R::Code,
            R::Title,
            R::CategoryId,
            R::Level,
            R::Status,
            R::Lat,
            R::Lng,
            R::Address,
            R::DistrictId,
            R::CommuneId,
            R::Channel,
            R::AgencyId,
            R::DueAt,
            R::ReceivedAt,
            R::ResolvedAt,
            R::PublishedAt,
            R::ResultPublic,
            R::ProcessingDays,
            R::LikeCount,
            R::CommentCount,
        ])
        .filter(c)
        .order_by_asc(R::Id)
        .limit(BATCH)
        .into_model::<Line>()
        .all(db)
        .await
}

/// The streamed file. A database error midway ends the file early (the client sees a
/// truncated download and the log says why); it never holds more than one batch.
pub async fn response(state: &AppState, scope: ExportScope, lang: Lang) -> Response {
    let db = state.db.clone();
    let names = match names(&db).await {
        Ok(n) => Arc::new(n),
        Err(e) => {
            tracing::error!(error = %e, "report export");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                crate::dto::error::AppError::Unavailable.message(lang),
            )
                .into_response();
        }
    };
    // State: the last id written; None once the file is done.
    let stream = futures_util::stream::unfold((Some(0i64), true), move |(after, first)| {
        let (db, names, scope) = (db.clone(), names.clone(), scope.clone());
        async move {
            let after = after?;
            let rows = match batch(&db, &scope, after).await {
                Ok(r) => r,
                Err(e) => {
                    tracing::error!(error = %e, after, "report export stopped");
                    return None;
                }
            };
            let mut out = if first {
                header_line(lang)
            } else {
                String::new()
            };
            if rows.is_empty() && !first {
                return None;
            }
            for r in &rows {
                out.push_str(&row(r, &names, lang));
            }
            let next = if (rows.len() as u64) < BATCH {
                None
            } else {
                rows.last().map(|r| r.id)
            };
            Some((Ok::<Bytes, std::io::Error>(Bytes::from(out)), (next, false)))
        }
    });
    let day = local_date(Utc::now());
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"phan-anh-{day}.csv\""),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        // Fused: a body wrapper (compression) may poll once more after the end.
        Body::from_stream(futures_util::StreamExt::fuse(stream)),
    )
        .into_response()
}
