//! The figures of the public scoreboard, counted live from `reports` (whose milestone
//! columns — `received_at`, `resolved_at`, `published_at`, `due_at`, `agency_id` — are
//! written by the same transition, in the same transaction, as the event rows of the
//! timeline; a test walks reports through the console and checks the two agree) and from
//! `ratings`. Every query is grouped: its answer has one row per category × district, per
//! agency, per agency × processing-days or per month — never one per report.
//!
//! The CSV files of `/thong-ke/{table}.csv` are made here from the same figures.

use crate::domain::deadline::{local_date, WorkCalendar};
use crate::domain::lifecycle::Status;
use crate::domain::stats::{months_ending, percentile, weeks_ending, Stage};
use crate::dto::stats::{
    AgencyRow, GroupRow, MonthRow, Scoreboard, StageCounts, StatsTable, ValidStats, WeekRow,
};
use crate::dto::DistrictRef;
use crate::i18n::Lang;
use crate::server::entities::{agency, area, category, report};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QueryResult, QuerySelect, Statement, Value,
};
use std::collections::HashMap;

/// The processing time of a result: working days from the dispatch to it. `None` without
/// both instants (a report resolved without a dispatch does not exist; the rule is total).
pub fn processing_days(
    calendar: &WorkCalendar,
    dispatched_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
) -> Option<i32> {
    let (d, r) = (dispatched_at?, resolved_at?);
    i32::try_from(calendar.working_days_between(d, r)).ok()
}

/// A report's id, dispatch and result instants.
type Milestones = (i64, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// Fills `processing_days` of results recorded before the column existed, in pages of 500
/// by id: the server calls it once at start (a no-op after).
pub async fn backfill<C: ConnectionTrait>(db: &C, calendar: &WorkCalendar) -> Result<u64, DbErr> {
    let mut done = 0;
    let mut after = 0i64;
    loop {
        let rows: Vec<Milestones> = report::Entity::find()
            .select_only()
            .columns([
                report::Column::Id,
                report::Column::DispatchedAt,
                report::Column::ResolvedAt,
            ])
            .filter(report::Column::ResolvedAt.is_not_null())
            .filter(report::Column::DispatchedAt.is_not_null())
            .filter(report::Column::ProcessingDays.is_null())
            .filter(report::Column::Id.gt(after))
            .order_by_asc(report::Column::Id)
            .limit(500)
            .into_tuple()
            .all(db)
            .await?;
        let Some(last) = rows.last() else {
            return Ok(done);
        };
        after = last.0;
        for (id, d, r) in rows {
            report::Entity::update_many()
                .col_expr(
                    report::Column::ProcessingDays,
                    Expr::value(processing_days(calendar, d, r)),
                )
                .filter(report::Column::Id.eq(id))
                .exec(db)
                .await?;
            done += 1;
        }
    }
}

/// A list of statuses as SQL literals (our own names, never the caller's text).
fn status_list(statuses: &[Status]) -> String {
    statuses
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `WHERE` of every query: received in the period, in the district. `p` prefixes the
/// columns ("" or "r.").
fn scope(p: &str, f: &Scope, values: &mut Vec<Value>) -> String {
    let mut w = vec![format!("{p}received_at IS NOT NULL")];
    if let Some(a) = f.start {
        w.push(format!("{p}received_at >= ?"));
        values.push(a.into());
    }
    if let Some(b) = f.end {
        w.push(format!("{p}received_at < ?"));
        values.push(b.into());
    }
    if let Some(d) = f.district_id {
        w.push(format!("{p}district_id = ?"));
        values.push(d.into());
    }
    if let Some(a) = f.agency_id {
        w.push(format!("{p}agency_id = ?"));
        values.push(a.into());
    }
    w.join(" AND ")
}

struct Scope {
    start: Option<DateTime<Utc>>,
    end: Option<DateTime<Utc>>,
    district_id: Option<i64>,
    /// An officer's dashboard: only the reports their agency holds.
    agency_id: Option<i64>,
}

/// "Overdue now", as SQL: the statuses `Status::counts_for_overdue` names, past `due_at`.
fn overdue_case(p: &str, values: &mut Vec<Value>, now: DateTime<Utc>) -> String {
    let open: Vec<Status> = Status::ALL
        .into_iter()
        .filter(|s| s.counts_for_overdue())
        .collect();
    values.push(now.into());
    format!(
        "CAST(SUM(CASE WHEN {p}status IN ({}) AND {p}due_at < ? THEN 1 ELSE 0 END) AS BIGINT)",
        status_list(&open)
    )
}

async fn rows(
    db: &DatabaseConnection,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<QueryResult>, DbErr> {
    let backend = db.get_database_backend();
    db.query_all_raw(Statement::from_sql_and_values(
        backend,
        crate::server::db::sql(backend, sql),
        values,
    ))
    .await
}

fn count(r: &QueryResult, col: &str) -> Result<u64, DbErr> {
    Ok(r.try_get::<Option<i64>>("", col)?.unwrap_or(0).max(0) as u64)
}

/// The district a filter names, if it exists (`Ok(None)` for an unknown code).
pub async fn district_id(db: &DatabaseConnection, code: &str) -> Result<Option<i64>, DbErr> {
    area::Entity::find()
        .select_only()
        .column(area::Column::Id)
        .filter(area::Column::Kind.eq("district"))
        .filter(area::Column::Code.eq(code))
        .into_tuple::<i64>()
        .one(db)
        .await
}

/// An agency's name (the officer's dashboard says whose figures it shows).
pub async fn agency_name(db: &DatabaseConnection, id: i64) -> Result<Option<String>, DbErr> {
    agency::Entity::find_by_id(id)
        .select_only()
        .column(agency::Column::Name)
        .into_tuple::<String>()
        .one(db)
        .await
}

/// Every figure of the public scoreboard. `district_id` is the filter's district, looked up
/// by the caller (an unknown code is the caller's 400, not an empty board).
pub async fn scoreboard(
    db: &DatabaseConnection,
    filter: &ValidStats,
    district_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Scoreboard, DbErr> {
    board(db, filter, district_id, None, false, now).await
}

/// The same figures for a staff dashboard: of one agency's reports (an officer's) or of all
/// (the centre's), with the weekly trend.
pub async fn dashboard_board(
    db: &DatabaseConnection,
    filter: &ValidStats,
    district_id: Option<i64>,
    agency_id: Option<i64>,
    now: DateTime<Utc>,
) -> Result<Scoreboard, DbErr> {
    board(db, filter, district_id, agency_id, true, now).await
}

async fn board(
    db: &DatabaseConnection,
    filter: &ValidStats,
    district_id: Option<i64>,
    agency_id: Option<i64>,
    with_weeks: bool,
    now: DateTime<Utc>,
) -> Result<Scoreboard, DbErr> {
    let (start, end) = filter.period.bounds();
    let s = Scope {
        start,
        end,
        district_id,
        agency_id,
    };

    // Reference tables: a few dozen rows each.
    let categories = category::Entity::find()
        .order_by_asc(category::Column::SortOrder)
        .order_by_asc(category::Column::Id)
        .all(db)
        .await?;
    let districts = area::Entity::find()
        .filter(area::Column::Kind.eq("district"))
        .order_by_asc(area::Column::Name)
        .all(db)
        .await?;
    let agencies = agency::Entity::find()
        .order_by_asc(agency::Column::Name)
        .all(db)
        .await?;

    // Stages per category × district.
    let mut values = Vec::new();
    let stage_case = |stage: Stage| {
        format!(
            "CAST(SUM(CASE WHEN status IN ({}) THEN 1 ELSE 0 END) AS BIGINT)",
            status_list(&stage.statuses())
        )
    };
    let overdue = overdue_case("", &mut values, now);
    let sql = format!(
        "SELECT category_id, district_id, CAST(COUNT(*) AS BIGINT) AS received, \
           {} AS in_progress, {} AS processed, {} AS declined, {overdue} AS overdue \
         FROM reports WHERE {} GROUP BY category_id, district_id",
        stage_case(Stage::InProgress),
        stage_case(Stage::Processed),
        stage_case(Stage::Declined),
        scope("", &s, &mut values),
    );
    let mut totals = StageCounts::default();
    let mut by_cat: HashMap<Option<i64>, StageCounts> = HashMap::new();
    let mut by_dist: HashMap<Option<i64>, StageCounts> = HashMap::new();
    for r in rows(db, &sql, values).await? {
        let c = StageCounts {
            received: count(&r, "received")?,
            in_progress: count(&r, "in_progress")?,
            processed: count(&r, "processed")?,
            declined: count(&r, "declined")?,
            overdue: count(&r, "overdue")?,
        };
        totals.add(&c);
        by_cat
            .entry(r.try_get::<Option<i64>>("", "category_id")?)
            .or_default()
            .add(&c);
        by_dist
            .entry(r.try_get::<Option<i64>>("", "district_id")?)
            .or_default()
            .add(&c);
    }

    // Every active category (and any inactive one that has reports), then "uncategorised".
    let mut by_category: Vec<GroupRow> = categories
        .iter()
        .filter_map(|c| {
            let counts = by_cat.remove(&Some(c.id));
            (c.active || counts.is_some()).then(|| GroupRow {
                code: c.code.clone(),
                name_vi: c.name_vi.clone(),
                name_en: c.name_en.clone(),
                counts: counts.unwrap_or_default(),
            })
        })
        .collect();
    if let Some(rest) = by_cat.remove(&None) {
        by_category.push(GroupRow {
            code: String::new(),
            name_vi: Lang::Vi.stats().uncategorised.into(),
            name_en: Lang::En.stats().uncategorised.into(),
            counts: rest,
        });
    }
    let mut by_district: Vec<GroupRow> = districts
        .iter()
        .filter(|d| district_id.is_none_or(|id| id == d.id))
        .map(|d| GroupRow {
            code: d.code.clone(),
            name_vi: d.name.clone(),
            name_en: d.name.clone(),
            counts: by_dist.remove(&Some(d.id)).unwrap_or_default(),
        })
        .collect();
    if let Some(rest) = by_dist.remove(&None) {
        by_district.push(GroupRow {
            code: String::new(),
            name_vi: Lang::Vi.stats().no_district.into(),
            name_en: Lang::En.stats().no_district.into(),
            counts: rest,
        });
    }

    let by_month = months(db, filter, &s, now).await?;
    let weeks = if with_weeks {
        weeks(db, filter, &s, now).await?
    } else {
        Vec::new()
    };
    let agencies = agency_rows(db, &s, &agencies, now).await?;

    Ok(Scoreboard {
        totals,
        by_category,
        by_district,
        by_month,
        agencies,
        weeks,
        districts: districts
            .into_iter()
            .map(|d| DistrictRef {
                code: d.code,
                name: d.name,
            })
            .collect(),
        counted_at: now.to_rfc3339(),
    })
}

/// Received and processed (published) in each window `[start, end)`: two scans of the
/// windows' rows, one sum per window, in the district and agency of the view.
async fn per_window(
    db: &DatabaseConnection,
    windows: &[(DateTime<Utc>, DateTime<Utc>)],
    district_id: Option<i64>,
    agency_id: Option<i64>,
) -> Result<Vec<(u64, u64)>, DbErr> {
    let mut out = vec![(0u64, 0u64); windows.len()];
    let (Some(first), Some(last)) = (windows.first(), windows.last()) else {
        return Ok(out);
    };
    for (col, processed) in [("received_at", false), ("published_at", true)] {
        let mut values: Vec<Value> = Vec::new();
        let sums = windows
            .iter()
            .enumerate()
            .map(|(i, (a, b))| {
                values.push((*a).into());
                values.push((*b).into());
                format!(
                    "CAST(SUM(CASE WHEN {col} >= ? AND {col} < ? THEN 1 ELSE 0 END) AS BIGINT) AS m{i}"
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let mut sql = format!("SELECT {sums} FROM reports WHERE {col} >= ? AND {col} < ?");
        values.push(first.0.into());
        values.push(last.1.into());
        if processed {
            sql.push_str(&format!(
                " AND status IN ({})",
                status_list(&Stage::Processed.statuses())
            ));
        }
        if let Some(d) = district_id {
            sql.push_str(" AND district_id = ?");
            values.push(d.into());
        }
        if let Some(a) = agency_id {
            sql.push_str(" AND agency_id = ?");
            values.push(a.into());
        }
        if let Some(r) = rows(db, &sql, values).await?.first() {
            for (i, slot) in out.iter_mut().enumerate() {
                let n = count(r, &format!("m{i}"))?;
                if processed {
                    slot.1 = n;
                } else {
                    slot.0 = n;
                }
            }
        }
    }
    Ok(out)
}

/// The 12 months ending with the period's last month (or this month): received by the month
/// sent, processed by the month published.
async fn months(
    db: &DatabaseConnection,
    filter: &ValidStats,
    s: &Scope,
    now: DateTime<Utc>,
) -> Result<Vec<MonthRow>, DbErr> {
    let last = filter.period.to.unwrap_or_else(|| local_date(now));
    let months = months_ending(last, 12);
    let windows: Vec<_> = months.iter().map(|m| (m.start, m.end)).collect();
    let counts = per_window(db, &windows, s.district_id, s.agency_id).await?;
    Ok(months
        .iter()
        .zip(counts)
        .map(|(m, (received, processed))| MonthRow {
            year: m.year,
            month: m.month,
            received,
            processed,
        })
        .collect())
}

/// The 12 weeks ending with the period's last week (or this week), as the months.
async fn weeks(
    db: &DatabaseConnection,
    filter: &ValidStats,
    s: &Scope,
    now: DateTime<Utc>,
) -> Result<Vec<WeekRow>, DbErr> {
    let last = filter.period.to.unwrap_or_else(|| local_date(now));
    let weeks = weeks_ending(last, 12);
    let windows: Vec<_> = weeks.iter().map(|w| (w.start, w.end)).collect();
    let counts = per_window(db, &windows, s.district_id, s.agency_id).await?;
    Ok(weeks
        .iter()
        .zip(counts)
        .map(|(w, (received, processed))| WeekRow {
            monday: w.monday.format("%Y-%m-%d").to_string(),
            received,
            processed,
        })
        .collect())
}

/// Per agency: received, resolved, on time, overdue now (one grouped scan); processing days
/// (a histogram per agency); ratings (grouped by agency over the rated reports).
async fn agency_rows(
    db: &DatabaseConnection,
    s: &Scope,
    agencies: &[agency::Model],
    now: DateTime<Utc>,
) -> Result<Vec<AgencyRow>, DbErr> {
    let mut values = Vec::new();
    let overdue = overdue_case("", &mut values, now);
    let sql = format!(
        "SELECT agency_id, CAST(COUNT(*) AS BIGINT) AS received, \
           CAST(SUM(CASE WHEN resolved_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS resolved, \
           CAST(SUM(CASE WHEN resolved_at IS NOT NULL AND due_at IS NOT NULL THEN 1 ELSE 0 END) AS BIGINT) AS with_deadline, \
           CAST(SUM(CASE WHEN resolved_at IS NOT NULL AND due_at IS NOT NULL AND resolved_at <= due_at THEN 1 ELSE 0 END) AS BIGINT) AS on_time, \
           {overdue} AS overdue \
         FROM reports WHERE agency_id IS NOT NULL AND {} GROUP BY agency_id",
        scope("", s, &mut values)
    );
    let mut by_id: HashMap<i64, AgencyRow> = HashMap::new();
    let names: HashMap<i64, &agency::Model> = agencies.iter().map(|a| (a.id, a)).collect();
    for r in rows(db, &sql, values).await? {
        let id: i64 = r.try_get("", "agency_id")?;
        let Some(a) = names.get(&id) else { continue };
        by_id.insert(
            id,
            AgencyRow {
                code: a.code.clone(),
                name: a.name.clone(),
                received: count(&r, "received")?,
                resolved: count(&r, "resolved")?,
                resolved_with_deadline: count(&r, "with_deadline")?,
                on_time: count(&r, "on_time")?,
                median_days: None,
                p90_days: None,
                overdue: count(&r, "overdue")?,
                ratings: 0,
                satisfied: 0,
            },
        );
    }

    let mut values = Vec::new();
    let sql = format!(
        "SELECT agency_id, processing_days AS days, CAST(COUNT(*) AS BIGINT) AS n FROM reports \
         WHERE agency_id IS NOT NULL AND resolved_at IS NOT NULL AND processing_days IS NOT NULL \
           AND {} GROUP BY agency_id, processing_days",
        scope("", s, &mut values)
    );
    let mut histograms: HashMap<i64, Vec<(i64, u64)>> = HashMap::new();
    for r in rows(db, &sql, values).await? {
        let id: i64 = r.try_get("", "agency_id")?;
        let days: i32 = r.try_get("", "days")?;
        histograms
            .entry(id)
            .or_default()
            .push((i64::from(days), count(&r, "n")?));
    }

    let mut values = Vec::new();
    let sql = format!(
        "SELECT r.agency_id AS agency_id, CAST(COUNT(*) AS BIGINT) AS n, \
           CAST(SUM(CASE WHEN g.score >= ? THEN 1 ELSE 0 END) AS BIGINT) AS satisfied \
         FROM ratings g JOIN reports r ON r.id = g.report_id \
         WHERE r.agency_id IS NOT NULL AND {} GROUP BY r.agency_id",
        {
            values.push(
                crate::domain::engagement::Satisfaction::Satisfied
                    .score()
                    .into(),
            );
            scope("r.", s, &mut values)
        }
    );
    let mut ratings: HashMap<i64, (u64, u64)> = HashMap::new();
    for r in rows(db, &sql, values).await? {
        let id: i64 = r.try_get("", "agency_id")?;
        ratings.insert(id, (count(&r, "n")?, count(&r, "satisfied")?));
    }

    let mut out: Vec<AgencyRow> = by_id
        .into_iter()
        .map(|(id, mut row)| {
            if let Some(h) = histograms.get(&id) {
                row.median_days = percentile(h, 50);
                row.p90_days = percentile(h, 90);
            }
            if let Some((n, sat)) = ratings.get(&id) {
                row.ratings = *n;
                row.satisfied = *sat;
            }
            row
        })
        .collect();
    out.sort_by(|a, b| b.received.cmp(&a.received).then(a.name.cmp(&b.name)));
    Ok(out)
}

fn name(lang: Lang, r: &GroupRow) -> &str {
    match lang {
        Lang::Vi => &r.name_vi,
        Lang::En => &r.name_en,
    }
}

/// The days of a percentile as a cell: empty when there is nothing to measure.
fn days_cell(d: Option<i64>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

/// A percentage as a cell: a plain number with a point (machines read CSV), empty when
/// there is nothing to measure.
fn percent_cell(p: Option<f64>) -> String {
    p.map(|p| format!("{p:.1}")).unwrap_or_default()
}

/// One table of the board as a CSV file (UTF-8 with a byte-order mark, RFC 4180), with
/// headers in the reader's language.
pub fn csv(board: &Scoreboard, table: StatsTable, lang: Lang) -> String {
    use crate::domain::stats::csv as file;
    let t = lang.stats();
    let stage_header = |first: &'static str| {
        [
            first,
            t.received,
            t.in_progress,
            t.processed,
            t.declined,
            t.overdue,
        ]
    };
    let stage_cells = |c: &StageCounts| {
        [
            c.received,
            c.in_progress,
            c.processed,
            c.declined,
            c.overdue,
        ]
        .map(|n| n.to_string())
    };
    match table {
        StatsTable::Totals => {
            let c = &board.totals;
            let rows: Vec<Vec<String>> = [
                (t.received, c.received),
                (t.in_progress, c.in_progress),
                (t.processed, c.processed),
                (t.declined, c.declined),
                (t.overdue, c.overdue),
            ]
            .iter()
            .map(|(k, v)| vec![k.to_string(), v.to_string()])
            .collect();
            file(&[t.col_figure, t.col_count], &rows)
        }
        StatsTable::Categories | StatsTable::Districts => {
            let (first, list) = if table == StatsTable::Categories {
                (t.col_category, &board.by_category)
            } else {
                (t.col_district, &board.by_district)
            };
            let rows: Vec<Vec<String>> = list
                .iter()
                .map(|r| {
                    let mut v = vec![name(lang, r).to_string()];
                    v.extend(stage_cells(&r.counts));
                    v
                })
                .collect();
            file(&stage_header(first), &rows)
        }
        StatsTable::Months => {
            let rows: Vec<Vec<String>> = board
                .by_month
                .iter()
                .map(|m| {
                    vec![
                        format!("{:04}-{:02}", m.year, m.month),
                        m.received.to_string(),
                        m.processed.to_string(),
                    ]
                })
                .collect();
            file(&[t.col_month, t.received, t.processed], &rows)
        }
        StatsTable::Weeks => {
            let rows: Vec<Vec<String>> = board
                .weeks
                .iter()
                .map(|w| {
                    vec![
                        w.monday.clone(),
                        w.received.to_string(),
                        w.processed.to_string(),
                    ]
                })
                .collect();
            file(&[t.col_week, t.received, t.processed], &rows)
        }
        StatsTable::Agencies => {
            let rows: Vec<Vec<String>> = board
                .agencies
                .iter()
                .map(|a| {
                    vec![
                        a.name.clone(),
                        a.received.to_string(),
                        a.resolved.to_string(),
                        percent_cell(a.on_time_percent()),
                        days_cell(a.median_days),
                        days_cell(a.p90_days),
                        a.overdue.to_string(),
                        percent_cell(a.satisfaction_percent()),
                        a.ratings.to_string(),
                    ]
                })
                .collect();
            file(
                &[
                    t.col_agency,
                    t.received,
                    t.col_resolved,
                    t.col_on_time,
                    t.col_median,
                    t.col_p90,
                    t.overdue,
                    t.col_satisfaction,
                    t.col_ratings,
                ],
                &rows,
            )
        }
    }
}

/// `GET /thong-ke/{table}.csv?from=…&to=…&district=…`: one table of the public scoreboard.
pub async fn csv_download(
    axum::extract::State(state): axum::extract::State<crate::server::AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
    req: axum::extract::Request,
) -> axum::response::Response {
    let (lang, filter) = read_request(&req);
    if file == crate::server::export::FILE {
        return export_response(&state, lang, filter).await;
    }
    csv_response(&state, &file, lang, filter, None).await
}

/// `GET /thong-ke/phan-anh.csv?…`: every public report of the period and district, streamed.
async fn export_response(
    state: &crate::server::AppState,
    lang: Lang,
    filter: Option<crate::dto::stats::StatsFilter>,
) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    let refuse = |status: StatusCode, message: String| {
        (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            message,
        )
            .into_response()
    };
    let Some(filter) = filter else {
        return refuse(
            StatusCode::BAD_REQUEST,
            crate::dto::error::Problem::BadDate.message(lang),
        );
    };
    let valid = match crate::dto::stats::validate(&filter, local_date(Utc::now())) {
        Ok(v) => v,
        Err(p) => return refuse(StatusCode::BAD_REQUEST, p.message(lang)),
    };
    let district_id = match &valid.district {
        None => None,
        Some(code) => match district_id(&state.db, code).await {
            Ok(Some(id)) => Some(id),
            Ok(None) => {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    crate::dto::error::Problem::BadDistrict.message(lang),
                )
            }
            Err(_) => return refuse(StatusCode::SERVICE_UNAVAILABLE, unavailable(lang)),
        },
    };
    let (start, end) = valid.period.bounds();
    crate::server::export::response(
        state,
        crate::server::export::ExportScope {
            start,
            end,
            district_id,
        },
        lang,
    )
    .await
}

/// The reader's language and the filter of the query (`None` when it does not decode), read
/// before any await (a request is not `Sync`).
fn read_request(req: &axum::extract::Request) -> (Lang, Option<crate::dto::stats::StatsFilter>) {
    let lang = req
        .headers()
        .get(axum::http::header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(crate::i18n::lang_from_cookies)
        .unwrap_or_default();
    let filter = axum::extract::Query::<crate::dto::stats::StatsFilter>::try_from_uri(req.uri())
        .ok()
        .map(|q| q.0);
    (lang, filter)
}

/// `GET /console/dashboard/{table}.csv?…`: one table of the viewer's staff dashboard (the
/// centre's province view, an officer's own agency); anyone else is refused as by the page.
pub async fn dashboard_csv_download(
    axum::extract::State(state): axum::extract::State<crate::server::AppState>,
    axum::extract::Path(file): axum::extract::Path<String>,
    req: axum::extract::Request,
) -> axum::response::Response {
    let who = req
        .extensions()
        .get::<crate::server::auth::SignedIn>()
        .map(|s| s.user.subject())
        .unwrap_or(crate::account::permission::Subject::ANONYMOUS);
    let (lang, filter) = read_request(&req);
    csv_response(&state, &file, lang, filter, Some(who)).await
}

/// The agency a staff member's dashboard is limited to: an officer's own, none for the
/// centre; refused for everyone else.
pub fn dashboard_scope(
    who: &crate::account::permission::Subject,
) -> Result<Option<i64>, crate::account::permission::Denied> {
    use crate::account::permission::{may, Object, Permission};
    may(who, Permission::ViewDashboard, &Object::None)?;
    Ok(match who.role {
        crate::domain::lifecycle::Role::Officer => who.agency_id,
        _ => None,
    })
}

async fn csv_response(
    state: &crate::server::AppState,
    file: &str,
    lang: Lang,
    filter: Option<crate::dto::stats::StatsFilter>,
    staff: Option<crate::account::permission::Subject>,
) -> axum::response::Response {
    use axum::http::{header, StatusCode};
    use axum::response::IntoResponse;
    let refuse = |status: StatusCode, message: String| {
        (
            status,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            message,
        )
            .into_response()
    };
    let agency = match &staff {
        None => None,
        Some(who) => match dashboard_scope(who) {
            Ok(a) => a,
            Err(d) => {
                let e = crate::dto::error::AppError::Denied(d);
                let status = StatusCode::from_u16(e.status_code()).unwrap_or(StatusCode::FORBIDDEN);
                return refuse(status, e.message(lang));
            }
        },
    };
    let Some(table) = StatsTable::from_file(file, staff.is_some()) else {
        return refuse(StatusCode::NOT_FOUND, lang.stats().err_unknown_table.into());
    };
    let Some(filter) = filter else {
        return refuse(
            StatusCode::BAD_REQUEST,
            crate::dto::error::Problem::BadDate.message(lang),
        );
    };
    let now = Utc::now();
    let valid = match crate::dto::stats::validate(&filter, local_date(now)) {
        Ok(v) => v,
        Err(p) => return refuse(StatusCode::BAD_REQUEST, p.message(lang)),
    };
    let district = match &valid.district {
        None => None,
        Some(code) => match district_id(&state.db, code).await {
            Ok(Some(id)) => Some(id),
            Ok(None) => {
                return refuse(
                    StatusCode::BAD_REQUEST,
                    crate::dto::error::Problem::BadDistrict.message(lang),
                )
            }
            Err(_) => return refuse(StatusCode::SERVICE_UNAVAILABLE, unavailable(lang)),
        },
    };
    let board = match staff {
        None => scoreboard(&state.db, &valid, district, now).await,
        Some(_) => dashboard_board(&state.db, &valid, district, agency, now).await,
    };
    let board = match board {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "scoreboard");
            return refuse(StatusCode::SERVICE_UNAVAILABLE, unavailable(lang));
        }
    };
    let body = csv(&board, table, lang);
    let (cache, prefix) = if staff.is_some() {
        ("private, no-store", "bang-dieu-khien")
    } else {
        ("no-store", "thong-ke")
    };
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{prefix}-{}.csv\"", table.slug()),
            ),
            (header::CACHE_CONTROL, cache.to_string()),
        ],
        body,
    )
        .into_response()
}

fn unavailable(lang: Lang) -> String {
    crate::dto::error::AppError::Unavailable.message(lang)
}
