//! Queries of the public read side. Every query is bounded (LIMIT, capped counts)
//! and walks an index: `(is_public, lat, lng)` for the map, `(is_public, received_at)`
//! for the newest-first list.

use crate::domain::deadline::is_overdue;
use crate::domain::lifecycle::{Action, Channel, Level, Status};
use crate::dto::filter::{Search, ValidFilter};
use crate::dto::{
    AreaOutline, CategoryRef, DistrictRef, FilterChoices, MapData, MapMarker, MapReport,
    ReportDetail, ReportPage, ReportSummary, TimelineEntry, COUNT_CAP, PAGE_SIZE,
};
use crate::server::entities::{agency, area, category, report, report_event, user};
use crate::server::search;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbBackend, DbErr, EntityTrait, FromQueryResult,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select,
};
use std::collections::HashMap;

/// Up to this many reports in view, the map shows each one; above, it shows clusters.
pub const MAP_POINT_LIMIT: u64 = 300;
/// Cluster grid: columns across the view (the browser asks for about one per 64 pixels;
/// rows follow from the view's shape). Bounded so that the answer stays small.
pub const GRID_COLUMNS_DEFAULT: u32 = 12;
pub const GRID_COLUMNS_MAX: u32 = 32;

/// The public reports matching a filter. Category and district come as codes;
/// they are turned into ids first (small reference tables).
/// How the view (bbox) condition is written. The planner picks an index by the
/// expression: `lat BETWEEN …` may walk the `(is_public, lat, lng)` index; `+lat BETWEEN …`
/// (unary plus, same value) may not, which leaves the newest-first `(is_public, received_at)`
/// index to the list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ViewPlan {
    ByPlace,
    ByDate,
}

/// Above this many reports in view the list walks the date index and stops after one
/// page; below it, the few reports in view are found by place and sorted.
const DENSE_VIEW: u64 = 2_000;

async fn filtered(
    db: &DatabaseConnection,
    f: &ValidFilter,
) -> Result<Option<Select<report::Entity>>, DbErr> {
    Ok(conditions(db, f)
        .await?
        .map(|(cond, _)| in_view(cond, f, ViewPlan::ByPlace)))
}

/// The public reports of a filter in the view, with the view written for `plan`.
fn in_view(cond: Condition, f: &ValidFilter, plan: ViewPlan) -> Select<report::Entity> {
    let cond = match (f.bbox, plan) {
        (None, _) => cond,
        (Some(b), ViewPlan::ByPlace) => cond
            .add(report::Column::Lat.between(b.min_lat, b.max_lat))
            .add(report::Column::Lng.between(b.min_lng, b.max_lng)),
        // Finite f64s checked by BBox::is_valid, never user text.
        (Some(b), ViewPlan::ByDate) => cond.add(Expr::cust(format!(
            "+lat BETWEEN {:.9} AND {:.9} AND +lng BETWEEN {:.9} AND {:.9}",
            b.min_lat, b.max_lat, b.min_lng, b.max_lng
        ))),
    };
    report::Entity::find().filter(cond)
}

/// How a filter's matches are found: by its indexes, or (words held by many reports) by
/// walking the newest-first index and checking each row's words.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Words {
    None,
    Indexed,
    Walked,
}

/// Everything of a filter but the view; None when it can match nothing (an unknown
/// category or district code, an empty status choice).
async fn conditions(
    db: &DatabaseConnection,
    f: &ValidFilter,
) -> Result<Option<(Condition, Words)>, DbErr> {
    let mut cond = Condition::all().add(report::Column::IsPublic.eq(true));
    let mut how = Words::None;
    match &f.search {
        Some(Search::Code(code)) => cond = cond.add(report::Column::Code.eq(code.as_str())),
        Some(Search::Words(words)) if words.is_empty() => return Ok(None),
        Some(Search::Words(words)) => {
            cond = cond.add(if search::few_matches(db, words).await? {
                how = Words::Indexed;
                Condition::all().add(search::indexed(db.get_database_backend(), words))
            } else {
                how = Words::Walked;
                search::unindexed(words)
            });
        }
        None => {}
    }
    if let Some(code) = &f.category {
        match category_id(db, code).await? {
            Some(id) => cond = cond.add(report::Column::CategoryId.eq(id)),
            None => return Ok(None),
        }
    }
    if let Some(code) = &f.district {
        match area::Entity::find()
            .filter(area::Column::Code.eq(code.as_str()))
            .one(db)
            .await?
        {
            Some(a) => cond = cond.add(report::Column::DistrictId.eq(a.id)),
            None => return Ok(None),
        }
    }
    let statuses = statuses_of(f);
    if statuses.is_empty() {
        return Ok(None);
    }
    cond = cond.add(report::Column::Status.is_in(statuses));
    if f.urgent {
        cond = cond.add(report::Column::Level.eq(Level::Urgent.as_str()));
    }
    Ok(Some((cond, how)))
}

/// The id of a category code; None for a code no category has.
async fn category_id(db: &DatabaseConnection, code: &str) -> Result<Option<i64>, DbErr> {
    Ok(category::Entity::find()
        .filter(category::Column::Code.eq(code))
        .one(db)
        .await?
        .map(|c| c.id))
}

/// The statuses a filter asks for: its choice, or every status the public sees.
fn statuses_of(f: &ValidFilter) -> Vec<&'static str> {
    match &f.statuses {
        Some(list) => list.iter().map(|s| s.as_str()).collect(),
        None => Status::ALL
            .iter()
            .filter(|s| s.is_public_visible())
            .map(|s| s.as_str())
            .collect(),
    }
}

/// `%` and `_` in a user's words are literal, not wildcards.
pub(crate) fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Counts at most `cap + 1` rows, so a count over a million rows stays cheap.
pub(crate) async fn capped_count(
    db: &DatabaseConnection,
    select: Select<report::Entity>,
    cap: u64,
) -> Result<u64, DbErr> {
    let inner = select
        .select_only()
        .column(report::Column::Id)
        .limit(cap + 1)
        .into_query();
    let sub = sea_orm::sea_query::Query::select()
        .expr_as(Expr::cust("COUNT(*)"), "n")
        .from_subquery(inner, "capped")
        .to_owned();
    #[derive(FromQueryResult)]
    struct N {
        n: i64,
    }
    let backend = db.get_database_backend();
    let row = N::find_by_statement(backend.build(&sub)).one(db).await?;
    Ok(row.map(|r| r.n.max(0) as u64).unwrap_or(0))
}

struct Names {
    categories: HashMap<i64, CategoryRef>,
    areas: HashMap<i64, String>,
}

impl Names {
    async fn load(
        db: &DatabaseConnection,
        area_ids: impl IntoIterator<Item = i64>,
    ) -> Result<Names, DbErr> {
        let categories = category::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, category_ref(&c)))
            .collect();
        let ids: Vec<i64> = area_ids.into_iter().collect();
        let areas = if ids.is_empty() {
            HashMap::new()
        } else {
            area::Entity::find()
                .filter(area::Column::Id.is_in(ids))
                .all(db)
                .await?
                .into_iter()
                .map(|a| (a.id, a.name))
                .collect()
        };
        Ok(Names { categories, areas })
    }
}

pub(crate) fn category_ref(c: &category::Model) -> CategoryRef {
    CategoryRef {
        code: c.code.clone(),
        name_vi: c.name_vi.clone(),
        name_en: c.name_en.clone(),
        color: c.color.clone(),
    }
}

pub(crate) fn status_of(s: &str) -> Status {
    // The lifecycle module is the only writer of statuses, so an unknown value is a bug;
    // show it as the most neutral public status rather than failing the whole page.
    Status::parse(s).unwrap_or_else(|| {
        tracing::warn!(status = s, "unknown report status in the database");
        Status::Verified
    })
}

pub(crate) fn level_of(s: &str) -> Level {
    Level::parse(s).unwrap_or(Level::Normal)
}

pub async fn list(
    db: &DatabaseConnection,
    f: &ValidFilter,
    page: u64,
    now: DateTime<Utc>,
) -> Result<ReportPage, DbErr> {
    let empty = ReportPage {
        items: vec![],
        page,
        page_size: PAGE_SIZE,
        total: 0,
        total_capped: false,
    };
    let Some((cond, words)) = conditions(db, f).await? else {
        return Ok(empty);
    };
    // Words held by many reports are checked row by row, so counting all their matches
    // would read most of the table: they are counted a few pages past this one ("more
    // than 120"), which keeps the next pages reachable.
    let cap = match words {
        Words::Walked => (page + 5) * PAGE_SIZE,
        Words::None | Words::Indexed => COUNT_CAP,
    };
    let total = capped_count(db, in_view(cond.clone(), f, ViewPlan::ByPlace), cap).await?;
    let plan = if total > DENSE_VIEW || (words == Words::Walked && total > cap) {
        ViewPlan::ByDate
    } else {
        ViewPlan::ByPlace
    };
    let select = in_view(cond, f, plan);
    let rows = select
        .order_by_desc(report::Column::ReceivedAt)
        .order_by_desc(report::Column::Id)
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
        .all(db)
        .await?;
    let names = Names::load(db, rows.iter().filter_map(|r| r.district_id)).await?;
    let items = rows
        .into_iter()
        .map(|r| {
            let status = status_of(&r.status);
            ReportSummary {
                overdue: is_overdue(status, r.due_at, now),
                category: r
                    .category_id
                    .and_then(|id| names.categories.get(&id).cloned()),
                district: r.district_id.and_then(|id| names.areas.get(&id).cloned()),
                code: r.code,
                title: r.title,
                status,
                level: level_of(&r.level),
                address: r.address,
                received_at: r.received_at,
                lat: r.lat,
                lng: r.lng,
            }
        })
        .collect();
    Ok(ReportPage {
        items,
        page,
        page_size: PAGE_SIZE,
        total: total.min(cap),
        total_capped: total > cap,
    })
}

pub async fn map(db: &DatabaseConnection, f: &ValidFilter, columns: u32) -> Result<MapData, DbErr> {
    let Some(bbox) = f.bbox else {
        return Ok(MapData::default());
    };
    let Some(select) = filtered(db, f).await? else {
        return Ok(MapData::default());
    };
    let count = capped_count(db, select.clone(), MAP_POINT_LIMIT).await?;
    if count <= MAP_POINT_LIMIT {
        #[derive(FromQueryResult)]
        struct Row {
            code: String,
            title: String,
            status: String,
            level: String,
            lat: f64,
            lng: f64,
        }
        let rows = select
            .select_only()
            .columns([
                report::Column::Code,
                report::Column::Title,
                report::Column::Status,
                report::Column::Level,
                report::Column::Lat,
                report::Column::Lng,
            ])
            .limit(MAP_POINT_LIMIT)
            .into_model::<Row>()
            .all(db)
            .await?;
        let markers = rows
            .into_iter()
            .map(|r| {
                let level = level_of(&r.level);
                MapMarker {
                    lat: r.lat,
                    lng: r.lng,
                    count: 1,
                    urgent: u64::from(level == Level::Urgent),
                    report: Some(MapReport {
                        code: r.code,
                        title: r.title,
                        status: status_of(&r.status),
                        level,
                    }),
                }
            })
            .collect();
        return Ok(MapData {
            markers,
            clustered: false,
        });
    }

    let columns = f64::from(columns.clamp(2, GRID_COLUMNS_MAX));
    if let Some(markers) = counted_cells(db, f, &bbox, columns, select.clone()).await? {
        return Ok(MapData {
            markers,
            clustered: true,
        });
    }

    // Grid clustering in the database: one row per non-empty cell, so the answer stays
    // small however many reports the view holds. Used where the counts kept ahead do not
    // reach: word search, a district, or a view narrower than the finest counted level.
    let cell = ((bbox.max_lng - bbox.min_lng) / columns).max(1e-6);
    let cell_expr = |col: &str, min: f64| match db.get_database_backend() {
        // Values are finite f64s checked by BBox::is_valid, never user text.
        DbBackend::Postgres => format!("CAST(FLOOR(({col} - ({min:.9})) / ({cell:.9})) AS BIGINT)"),
        _ => format!("CAST(({col} - ({min:.9})) / ({cell:.9}) AS INTEGER)"),
    };
    #[derive(FromQueryResult)]
    struct Cell {
        n: i64,
        lat: f64,
        lng: f64,
        urgent: i64,
    }
    let cells = select
        .select_only()
        .expr_as(Expr::cust(cell_expr("lat", bbox.min_lat)), "gy")
        .expr_as(Expr::cust(cell_expr("lng", bbox.min_lng)), "gx")
        .expr_as(Expr::cust("COUNT(*)"), "n")
        .expr_as(Expr::cust("AVG(lat)"), "lat")
        .expr_as(Expr::cust("AVG(lng)"), "lng")
        .expr_as(
            Expr::cust("SUM(CASE WHEN level = 'urgent' THEN 1 ELSE 0 END)"),
            "urgent",
        )
        .group_by(Expr::cust("gy"))
        .group_by(Expr::cust("gx"))
        .into_model::<Cell>()
        .all(db)
        .await?;
    let markers = cells
        .into_iter()
        .map(|c| MapMarker {
            lat: c.lat,
            lng: c.lng,
            count: c.n.max(0) as u64,
            urgent: c.urgent.max(0) as u64,
            report: None,
        })
        .collect();
    Ok(MapData {
        markers,
        clustered: true,
    })
}

/// At most this many clusters of one report are shown as that report's marker (one small
/// indexed lookup each); beyond, they stay "1".
const SINGLES_SHOWN: usize = 60;

/// Clusters from the counts kept ahead (`map_cells`, see its migration): the cells of the
/// level whose cells are about `view width / columns` wide. None when the filter or the view
/// is not one the counts answer (word search, a district, a street-level view).
async fn counted_cells(
    db: &DatabaseConnection,
    f: &ValidFilter,
    bbox: &crate::domain::geo::BBox,
    columns: f64,
    select: Select<report::Entity>,
) -> Result<Option<Vec<MapMarker>>, DbErr> {
    if f.search.is_some() || f.district.is_some() {
        return Ok(None);
    }
    let Some(level) = cell_level(bbox, columns) else {
        return Ok(None);
    };
    let category = match &f.category {
        None => 0,
        Some(code) => match category_id(db, code).await? {
            Some(id) => id,
            None => return Ok(Some(Vec::new())),
        },
    };
    let statuses = statuses_of(f);
    if statuses.is_empty() {
        return Ok(Some(Vec::new()));
    }
    let scale = f64::from(1u32 << level) / 360.0;
    let (x0, y0) = cell_of(level, bbox.min_lat, bbox.min_lng);
    let (x1, y1) = cell_of(level, bbox.max_lat, bbox.max_lng);
    let backend = db.get_database_backend();
    let marks = vec!["?"; statuses.len()].join(", ");
    let sql = format!(
        "SELECT gx, gy, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(urgent) AS BIGINT) AS urgent, \
           SUM(sum_lat) AS lat, SUM(sum_lng) AS lng, SUM(urgent_lat) AS ulat, SUM(urgent_lng) AS ulng \
         FROM map_cells WHERE level = ? AND category_id = ? AND status IN ({marks}) \
           AND gx BETWEEN ? AND ? AND gy BETWEEN ? AND ? \
         GROUP BY gx, gy"
    );
    let mut values: Vec<sea_orm::Value> = vec![level.into(), category.into()];
    values.extend(statuses.iter().map(|s| (*s).into()));
    values.extend([x0.into(), x1.into(), y0.into(), y1.into()]);
    let sql = crate::server::db::sql(backend, &sql);
    #[derive(FromQueryResult)]
    struct Sum {
        gx: i32,
        gy: i32,
        n: i64,
        urgent: i64,
        lat: f64,
        lng: f64,
        ulat: f64,
        ulng: f64,
    }
    let sums = Sum::find_by_statement(sea_orm::Statement::from_sql_and_values(
        backend, sql, values,
    ))
    .all(db)
    .await?;
    let mut markers = Vec::new();
    let mut singles = 0;
    for c in sums {
        let (n, lat, lng, urgent) = if f.urgent {
            (c.urgent, c.ulat, c.ulng, c.urgent)
        } else {
            (c.n, c.lat, c.lng, c.urgent)
        };
        if n <= 0 {
            continue;
        }
        let mut marker = MapMarker {
            lat: lat / n as f64,
            lng: lng / n as f64,
            count: n as u64,
            urgent: urgent.max(0) as u64,
            report: None,
        };
        if n == 1 && singles < SINGLES_SHOWN {
            singles += 1;
            // The one report of the cell (its bounds as the trigger computed them).
            let (west, south) = (
                f64::from(c.gx) / scale - 180.0,
                f64::from(c.gy) / scale - 90.0,
            );
            let step = 1.0 / scale;
            if let Some(r) = select
                .clone()
                .filter(report::Column::Lng.gte(west))
                .filter(report::Column::Lng.lt(west + step))
                .filter(report::Column::Lat.gte(south))
                .filter(report::Column::Lat.lt(south + step))
                .one(db)
                .await?
            {
                let level = level_of(&r.level);
                marker.lat = r.lat;
                marker.lng = r.lng;
                marker.report = Some(MapReport {
                    code: r.code,
                    title: r.title,
                    status: status_of(&r.status),
                    level,
                });
            }
        }
        markers.push(marker);
    }
    Ok(Some(markers))
}

/// The counted grid level whose cells are about `view width / columns` wide; None for a
/// view narrower than the finest level allows (it holds few reports: they are grouped live).
pub fn cell_level(bbox: &crate::domain::geo::BBox, columns: f64) -> Option<i32> {
    let want = ((bbox.max_lng - bbox.min_lng) / columns.max(1.0)).max(1e-9);
    let level = (360.0 / want).log2().round() as i32;
    (level <= migration::MAP_LEVEL_MAX).then(|| level.max(migration::MAP_LEVEL_MIN))
}

/// The cell of a point at a counted level, as the `map_cells` triggers compute it.
pub fn cell_of(level: i32, lat: f64, lng: f64) -> (i64, i64) {
    let scale = f64::from(1u32 << level) / 360.0;
    (
        ((lng + 180.0) * scale).floor() as i64,
        ((lat + 90.0) * scale).floor() as i64,
    )
}

pub async fn detail(
    db: &DatabaseConnection,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<ReportDetail>, DbErr> {
    detail_for(db, code, now, None).await
}

/// A report's page as `viewer` (a user id) may see it: a public report for everyone, and
/// the viewer's own report whatever its status (but a draft, which has no page), so the
/// author follows it before the centre publishes it. The author sees what the public sees
/// of it, never the internal timeline.
pub async fn detail_for(
    db: &DatabaseConnection,
    code: &str,
    now: DateTime<Utc>,
    viewer: Option<i64>,
) -> Result<Option<ReportDetail>, DbErr> {
    let Some(r) = report::Entity::find()
        .filter(report::Column::Code.eq(code))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let status = status_of(&r.status);
    let public = r.is_public && status.is_public_visible();
    let own = viewer.is_some() && r.reporter_id == viewer && status != Status::Draft;
    if !public && !own {
        return Ok(None);
    }
    let names = Names::load(db, [r.district_id, r.commune_id].into_iter().flatten()).await?;
    let agency = match r.agency_id {
        Some(id) => agency::Entity::find_by_id(id)
            .one(db)
            .await?
            .map(|a| a.name),
        None => None,
    };
    let reporter = if r.hide_name {
        None
    } else if let Some(uid) = r.reporter_id {
        user::Entity::find_by_id(uid)
            .one(db)
            .await?
            .map(|u| u.full_name)
    } else {
        r.reporter_name.clone()
    };
    // A linked report is named only if its own page is public: marked public *and* in a
    // status the public sees (a public report sent back to `submitted`, say, is not).
    let code_of = |id: Option<i64>| async move {
        match id {
            Some(id) => report::Entity::find_by_id(id)
                .filter(report::Column::IsPublic.eq(true))
                .one(db)
                .await
                .map(|o| {
                    o.filter(|r| status_of(&r.status).is_public_visible())
                        .map(|r| r.code)
                }),
            None => Ok(None),
        }
    };
    let follow_up_of = code_of(r.follow_up_of).await?;
    let duplicate_of = code_of(r.duplicate_of).await?;
    let timeline = report_event::Entity::find()
        .filter(report_event::Column::ReportId.eq(r.id))
        .filter(report_event::Column::IsPublic.eq(true))
        .order_by_asc(report_event::Column::At)
        .order_by_asc(report_event::Column::Id)
        .limit(200)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|e| {
            Some(TimelineEntry {
                at: e.at,
                action: Action::parse(&e.action)?,
                to_status: Status::parse(&e.to_status)?,
                note: e.note,
            })
        })
        .collect();
    let result = if r.result_public && matches!(status, Status::Published | Status::Closed) {
        r.result_text.clone()
    } else {
        None
    };
    Ok(Some(ReportDetail {
        overdue: is_overdue(status, r.due_at, now),
        category: r
            .category_id
            .and_then(|id| names.categories.get(&id).cloned()),
        district: r.district_id.and_then(|id| names.areas.get(&id).cloned()),
        commune: r.commune_id.and_then(|id| names.areas.get(&id).cloned()),
        channel: Channel::parse(&r.channel).unwrap_or(Channel::Web),
        level: level_of(&r.level),
        code: r.code,
        title: r.title,
        content: r.content,
        status,
        lat: r.lat,
        lng: r.lng,
        address: r.address,
        reporter,
        agency,
        received_at: r.received_at,
        due_at: r.due_at,
        published_at: r.published_at,
        result,
        like_count: i64::from(r.like_count),
        comment_count: i64::from(r.comment_count),
        follow_up_of,
        duplicate_of,
        timeline,
        public,
        own,
        media: crate::server::media::of_report(db, r.id).await?,
        site: String::new(),
    }))
}

pub async fn filter_choices(db: &DatabaseConnection) -> Result<FilterChoices, DbErr> {
    let categories = category::Entity::find()
        .filter(category::Column::Active.eq(true))
        .order_by_asc(category::Column::SortOrder)
        .all(db)
        .await?
        .iter()
        .map(category_ref)
        .collect();
    let districts = area::Entity::find()
        .filter(area::Column::Kind.eq("district"))
        .order_by_asc(area::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|a| DistrictRef {
            code: a.code,
            name: a.name,
        })
        .collect();
    Ok(FilterChoices {
        categories,
        districts,
    })
}

/// The district outlines (a handful of rows, a few dozen vertices each).
pub async fn district_outlines(db: &DatabaseConnection) -> Result<Vec<AreaOutline>, DbErr> {
    Ok(area::Entity::find()
        .filter(area::Column::Kind.eq("district"))
        .order_by_asc(area::Column::Code)
        .limit(200)
        .all(db)
        .await?
        .into_iter()
        .map(|a| AreaOutline {
            code: a.code,
            name: a.name,
            geometry: a.boundary,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_wildcards_are_escaped() {
        assert_eq!(escape_like("50%_off\\"), "50\\%\\_off\\\\");
        assert_eq!(escape_like("ổ gà"), "ổ gà");
    }
}
