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
        .map(|cond| in_view(cond, f, ViewPlan::ByPlace)))
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

/// Everything of a filter but the view; None when it can match nothing (an unknown
/// category or district code, an empty status choice).
async fn conditions(db: &DatabaseConnection, f: &ValidFilter) -> Result<Option<Condition>, DbErr> {
    let mut cond = Condition::all().add(report::Column::IsPublic.eq(true));
    match &f.search {
        Some(Search::Code(code)) => cond = cond.add(report::Column::Code.eq(code.as_str())),
        Some(Search::Text(words)) => {
            // Scoped: ExprTrait's min/max would shadow the integer methods elsewhere.
            use sea_orm::sea_query::ExprTrait;
            let pattern = format!("%{}%", escape_like(words));
            cond = cond.add(
                Expr::col(report::Column::Title)
                    .like(sea_orm::sea_query::LikeExpr::new(pattern).escape('\\')),
            );
        }
        None => {}
    }
    if let Some(code) = &f.category {
        match category::Entity::find()
            .filter(category::Column::Code.eq(code.as_str()))
            .one(db)
            .await?
        {
            Some(c) => cond = cond.add(report::Column::CategoryId.eq(c.id)),
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
    if let Some(statuses) = &f.statuses {
        if statuses.is_empty() {
            return Ok(None);
        }
        cond = cond.add(report::Column::Status.is_in(statuses.iter().map(|s| s.as_str())));
    } else {
        let visible: Vec<&str> = Status::ALL
            .iter()
            .filter(|s| s.is_public_visible())
            .map(|s| s.as_str())
            .collect();
        cond = cond.add(report::Column::Status.is_in(visible));
    }
    if f.urgent {
        cond = cond.add(report::Column::Level.eq(Level::Urgent.as_str()));
    }
    Ok(Some(cond))
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
    let Some(cond) = conditions(db, f).await? else {
        return Ok(empty);
    };
    let total = capped_count(db, in_view(cond.clone(), f, ViewPlan::ByPlace), COUNT_CAP).await?;
    let plan = if total > DENSE_VIEW {
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
        total: total.min(COUNT_CAP),
        total_capped: total > COUNT_CAP,
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

    // Grid clustering in the database: one row per non-empty cell, so the answer stays
    // small however many reports the view holds.
    let columns = f64::from(columns.clamp(2, GRID_COLUMNS_MAX));
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
