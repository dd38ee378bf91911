//! Filing on the server: drafts, sending, the author's list and withdrawal. Every function
//! asks `may` first, checks the form with the shared rules (`domain::filing`), and moves a
//! status only through `domain::lifecycle::transition`, writing the event and audit rows in
//! the same transaction as the change.
//!
//! An id from the browser is never trusted: every draft or report is loaded together with
//! its reporter, and one that is not the caller's answers 404 (never 403, so ids cannot be
//! probed).

use crate::account::audit::AuditAction;
use crate::account::form::{FieldProblem, FormError};
use crate::account::permission::{may, Object, Permission, Subject};
use crate::domain::code::ReportCode;
use crate::domain::filing::{self, CleanFiling, FilingForm, FilingProblem};
use crate::domain::geo::{locate as geo_locate, AreaShape, Geometry, Point};
use crate::domain::lifecycle::{transition, Action, Channel, Level, Status};
use crate::domain::routing::{suggest, RoutingRule};
use crate::dto::error::AppError;
use crate::dto::filing::{
    CommuneRef, Draft, FilingChoices, MyReportRow, MyReportsPage, NearbyReport, PlaceHit,
    MY_REPORTS_MAX_PAGE, MY_REPORTS_PAGE_SIZE, NEARBY_DAYS, NEARBY_MAX, NEARBY_METRES, PLACES_MAX,
    PLACE_QUERY_MAX,
};
use crate::dto::FilterChoices;
use crate::server::auth::flows::Caller;
use crate::server::auth::rate_limit::{self, Limit};
use crate::server::auth::store::Audit;
use crate::server::db::sql;
use crate::server::entities::{
    agency, area, category, media as media_entity, report, routing_rule,
};
use crate::server::media;
use crate::server::report_changes::Change;
use crate::server::AppState;
use chrono::{DateTime, Datelike, TimeDelta, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr,
    EntityTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr, Statement, TransactionTrait,
};

/// Reports a citizen may send: per hour and per day, per account and per client address.
const PER_HOUR: Limit = Limit::per_minutes(10, 60);
const PER_DAY: Limit = Limit::per_minutes(30, 24 * 60);

/// The form's choices: the public filter's categories and districts, and the communes.
pub async fn choices(db: &sea_orm::DatabaseConnection) -> Result<FilingChoices, DbErr> {
    let FilterChoices {
        categories,
        districts,
    } = crate::server::public_reports::filter_choices(db).await?;
    let communes = area::Entity::find()
        .filter(area::Column::Kind.eq("commune"))
        .order_by_asc(area::Column::Name)
        .limit(2_000)
        .all(db)
        .await?;
    let district_code: std::collections::HashMap<i64, String> = area::Entity::find()
        .filter(area::Column::Kind.eq("district"))
        .limit(200)
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.code))
        .collect();
    let communes = communes
        .into_iter()
        .filter_map(|a| {
            Some(CommuneRef {
                district: district_code.get(&a.parent_id?)?.clone(),
                code: a.code,
                name: a.name,
            })
        })
        .collect();
    Ok(FilingChoices {
        categories,
        districts,
        communes,
    })
}

/// The form's attachments, as ids: malformed ones are refused like any field.
fn media_ids(form: &FilingForm) -> Result<Vec<i64>, AppError> {
    crate::domain::media::parse_ids(&form.media).map_err(|p| refused_media(p, form))
}

fn refused_media(p: crate::domain::media::MediaProblem, form: &FilingForm) -> AppError {
    let mut e = kept(form);
    e.add("media", FieldProblem::Media(p));
    AppError::Form(e)
}

fn refused(problems: Vec<(&'static str, FilingProblem)>, form: &FilingForm) -> AppError {
    let mut e = kept(form);
    for (field, p) in problems {
        e.add(field, FieldProblem::Filing(p));
    }
    AppError::Form(e)
}

/// A refused form's values, to show it again as typed (attachments included).
fn kept(form: &FilingForm) -> FormError {
    FormError::new()
        .keep("title", &form.title)
        .keep("content", &form.content)
        .keep("address", &form.address)
        .keep("category", &form.category)
        .keep("district", &form.district)
        .keep("commune", &form.commune)
        .keep("lat", &form.lat)
        .keep("lng", &form.lng)
        .keep("media", &form.media)
}

/// The form's choices as rows: category, district and commune, each checked to exist
/// (and the commune to lie in the district).
struct Place {
    category_id: Option<i64>,
    district: Option<area::Model>,
    commune: Option<area::Model>,
    /// The pin, when the citizen set one; otherwise the report sits at its area's centre.
    point: Option<Point>,
}

async fn resolve<C: ConnectionTrait>(
    db: &C,
    clean: &CleanFiling,
    form: &FilingForm,
) -> Result<Place, AppError> {
    let mut problems = Vec::new();
    let category_id = match &clean.category {
        None => None,
        Some(code) => match category::Entity::find()
            .filter(category::Column::Code.eq(code.as_str()))
            .filter(category::Column::Active.eq(true))
            .one(db)
            .await?
        {
            Some(c) => Some(c.id),
            None => {
                problems.push(("category", FilingProblem::UnknownChoice));
                None
            }
        },
    };
    let area_of = |code: &Option<String>, kind: &'static str| {
        let code = code.clone();
        async move {
            match code {
                None => Ok::<_, DbErr>(None),
                Some(code) => {
                    area::Entity::find()
                        .filter(area::Column::Code.eq(code))
                        .filter(area::Column::Kind.eq(kind))
                        .one(db)
                        .await
                }
            }
        }
    };
    if let Some(point) = clean.point {
        // The pin decides: its district and commune, whatever was picked in the lists.
        let Some((district, commune)) = locate(db, point).await? else {
            problems.push(("place", FilingProblem::PointOutside));
            return Err(refused(problems, form));
        };
        if !problems.is_empty() {
            return Err(refused(problems, form));
        }
        return Ok(Place {
            category_id,
            district: Some(district),
            commune,
            point: Some(point),
        });
    }
    let district = area_of(&clean.district, "district").await?;
    if clean.district.is_some() && district.is_none() {
        problems.push(("district", FilingProblem::UnknownChoice));
    }
    let commune = area_of(&clean.commune, "commune").await?;
    match (&commune, &district) {
        (None, _) if clean.commune.is_some() => {
            problems.push(("commune", FilingProblem::UnknownChoice))
        }
        (Some(c), Some(d)) if c.parent_id != Some(d.id) => {
            problems.push(("commune", FilingProblem::CommuneNotInDistrict))
        }
        (Some(_), None) => problems.push(("district", FilingProblem::PlaceRequired)),
        _ => {}
    }
    if problems.is_empty() {
        Ok(Place {
            category_id,
            district,
            commune,
            point: None,
        })
    } else {
        Err(refused(problems, form))
    }
}

/// The district (and commune, if one of ours contains it) of a point; `None` outside the
/// province. Candidates come from the areas' stored boxes; the polygon test decides.
async fn locate<C: ConnectionTrait>(
    db: &C,
    p: Point,
) -> Result<Option<(area::Model, Option<area::Model>)>, DbErr> {
    let candidates = area::Entity::find()
        .filter(area::Column::Kind.is_in(["district", "commune"]))
        .filter(area::Column::MinLat.lte(p.lat))
        .filter(area::Column::MaxLat.gte(p.lat))
        .filter(area::Column::MinLng.lte(p.lng))
        .filter(area::Column::MaxLng.gte(p.lng))
        .limit(200)
        .all(db)
        .await?;
    let shapes = |kind: &str| -> Vec<(AreaShape, area::Model)> {
        candidates
            .iter()
            .filter(|a| a.kind == kind)
            .filter_map(|a| {
                Some((
                    AreaShape {
                        id: a.id,
                        bbox: crate::domain::geo::BBox {
                            min_lat: a.min_lat,
                            min_lng: a.min_lng,
                            max_lat: a.max_lat,
                            max_lng: a.max_lng,
                        },
                        geometry: Geometry::from_geojson(&a.boundary).ok()?,
                    },
                    a.clone(),
                ))
            })
            .collect()
    };
    let find = |list: Vec<(AreaShape, area::Model)>| {
        let only: Vec<AreaShape> = list.iter().map(|(s, _)| s.clone()).collect();
        geo_locate(p, &only)
            .and_then(|id| list.into_iter().find(|(s, _)| s.id == id).map(|(_, a)| a))
    };
    let Some(district) = find(shapes("district")) else {
        return Ok(None);
    };
    let commune = find(
        shapes("commune")
            .into_iter()
            .filter(|(_, a)| a.parent_id == Some(district.id))
            .collect(),
    );
    Ok(Some((district, commune)))
}

/// The centre of an area: where a report filed without a map is placed (approximate).
fn centre(a: &area::Model) -> Point {
    Geometry::from_geojson(&a.boundary)
        .ok()
        .and_then(|g| g.centroid())
        .filter(|p| p.lat.is_finite() && p.lng.is_finite())
        .unwrap_or(Point {
            lat: (a.min_lat + a.max_lat) / 2.0,
            lng: (a.min_lng + a.max_lng) / 2.0,
        })
}

fn place_point(state: &AppState, place: &Place) -> Point {
    if let Some(p) = place.point {
        return p;
    }
    match place.commune.as_ref().or(place.district.as_ref()) {
        Some(a) => centre(a),
        None => Point {
            lat: state.config.map.center_lat,
            lng: state.config.map.center_lng,
        },
    }
}

pub fn report_object(r: &report::Model) -> Object {
    Object::Report {
        reporter_id: r.reporter_id,
        agency_id: r.agency_id,
        is_public: r.is_public,
        status: Status::parse(&r.status).unwrap_or(Status::Submitted),
    }
}

/// The caller's own report `id`, or 404.
async fn own<C: ConnectionTrait>(
    db: &C,
    who: &Subject,
    id: i64,
) -> Result<report::Model, AppError> {
    let me = who.user_id.ok_or(AppError::NotFound)?;
    report::Entity::find_by_id(id)
        .filter(report::Column::ReporterId.eq(me))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Fills a report row from a checked form and its place.
fn fill(row: &mut report::ActiveModel, state: &AppState, clean: &CleanFiling, place: &Place) {
    let point = place_point(state, place);
    row.title = Set(clean.title.clone());
    row.content = Set(clean.content.clone());
    row.category_id = Set(place.category_id);
    row.citizen_urgent = Set(clean.urgent);
    row.hide_name = Set(clean.hide_name);
    row.lat = Set(point.lat);
    row.lng = Set(point.lng);
    row.address = Set(clean.address.clone());
    row.district_id = Set(place.district.as_ref().map(|d| d.id));
    row.commune_id = Set(place.commune.as_ref().map(|c| c.id));
    row.place_approximate = Set(place.point.is_none());
}

fn new_row(who: &Subject, now: DateTime<Utc>) -> report::ActiveModel {
    report::ActiveModel {
        code: Set(String::new()),
        level: Set(Level::Normal.as_str().to_string()),
        status: Set(Status::Draft.as_str().to_string()),
        reporter_id: Set(who.user_id),
        reporter_name: Set(None),
        reporter_phone: Set(None),
        channel: Set(Channel::Web.as_str().to_string()),
        is_public: Set(false),
        result_public: Set(false),
        like_count: Set(0),
        comment_count: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(0),
        place_approximate: Set(false),
        ..Default::default()
    }
}

/// Saves a draft (new when `id` is `None`); answers its id. A draft may be incomplete.
pub async fn save_draft(
    state: &AppState,
    who: &Subject,
    id: Option<i64>,
    form: &FilingForm,
    now: DateTime<Utc>,
) -> Result<i64, AppError> {
    // Who first (401 / 403), then what: the form's problems are only for those who may.
    may(who, Permission::FileReport, &Object::None)?;
    let clean = filing::check_draft(form).map_err(|p| refused(p, form))?;
    let ids = media_ids(form)?;
    let me = who.user_id.ok_or(AppError::NotFound)?;
    let place = resolve(&state.db, &clean, form).await?;
    let (id, detached) = match id {
        None => {
            transition(None, who.actor_for(&Object::None), Action::SaveDraft)?;
            media::check_own(&state.db, me, None, &ids)
                .await
                .map_err(|p| refused_media(p, form))?;
            let mut row = new_row(who, now);
            fill(&mut row, state, &clean, &place);
            // A draft has no code yet; a unique placeholder keeps the column's index happy.
            row.code = Set(format!(
                "DRAFT-{}",
                crate::server::auth::secret::random_hex(8)
            ));
            let txn = state.db.begin().await?;
            let id = row.insert(&txn).await?.id;
            let detached = media::attach(&txn, me, id, &ids).await?;
            txn.commit().await?;
            (id, detached)
        }
        Some(id) => {
            let existing = own(&state.db, who, id).await?;
            let object = report_object(&existing);
            may(who, Permission::EditOwnDraft, &object).map_err(|_| AppError::NotFound)?;
            transition(
                Status::parse(&existing.status),
                who.actor_for(&object),
                Action::EditDraft,
            )?;
            media::check_own(&state.db, me, Some(id), &ids)
                .await
                .map_err(|p| refused_media(p, form))?;
            let mut row: report::ActiveModel = existing.into();
            fill(&mut row, state, &clean, &place);
            row.updated_at = Set(now);
            let txn = state.db.begin().await?;
            row.update(&txn).await?;
            let detached = media::attach(&txn, me, id, &ids).await?;
            txn.commit().await?;
            (id, detached)
        }
    };
    media::delete_unused(&state.db, &state.media, detached).await?;
    Ok(id)
}

/// An own draft to edit.
pub async fn draft(state: &AppState, who: &Subject, id: i64) -> Result<Draft, AppError> {
    may(who, Permission::ViewOwnReports, &Object::None)?;
    let r = own(&state.db, who, id).await?;
    if r.status != Status::Draft.as_str() {
        return Err(AppError::NotFound);
    }
    may(who, Permission::EditOwnDraft, &report_object(&r)).map_err(|_| AppError::NotFound)?;
    let code_of = |id: Option<i64>| async move {
        match id {
            None => Ok::<_, DbErr>(String::new()),
            Some(id) => Ok(area::Entity::find_by_id(id)
                .one(&state.db)
                .await?
                .map(|a| a.code)
                .unwrap_or_default()),
        }
    };
    let pin = |v: f64| {
        if r.place_approximate {
            String::new()
        } else {
            v.to_string()
        }
    };
    let attachments = media::of_report(&state.db, r.id).await?;
    let category = match r.category_id {
        None => String::new(),
        Some(id) => category::Entity::find_by_id(id)
            .one(&state.db)
            .await?
            .map(|c| c.code)
            .unwrap_or_default(),
    };
    Ok(Draft {
        id: r.id,
        form: FilingForm {
            title: r.title.clone(),
            content: r.content.clone(),
            category,
            district: code_of(r.district_id).await?,
            commune: code_of(r.commune_id).await?,
            address: r.address.clone(),
            // A pin set by the citizen comes back; an area's centre does not.
            lat: pin(r.lat),
            lng: pin(r.lng),
            urgent: r.citizen_urgent,
            hide_name: r.hide_name,
            media: crate::dto::media::ids_field(&attachments),
        },
        updated_at: r.updated_at,
        media: attachments,
    })
}

/// Deletes an own draft (only a draft).
pub async fn delete_draft(state: &AppState, who: &Subject, id: i64) -> Result<(), AppError> {
    may(who, Permission::ViewOwnReports, &Object::None)?;
    let r = own(&state.db, who, id).await?;
    let object = report_object(&r);
    may(who, Permission::DeleteOwnDraft, &object).map_err(|_| AppError::NotFound)?;
    transition(
        Status::parse(&r.status),
        who.actor_for(&object),
        Action::DeleteDraft,
    )?;
    let attached = media_entity::Entity::find()
        .filter(media_entity::Column::ReportId.eq(r.id))
        .all(&state.db)
        .await?;
    // The media rows go with the report (cascade); their objects once no row needs them.
    let gone = report::Entity::delete_many()
        .filter(report::Column::Id.eq(r.id))
        .filter(report::Column::Status.eq(Status::Draft.as_str()))
        .exec(&state.db)
        .await?;
    if gone.rows_affected == 1 {
        crate::server::search::forget(&state.db, r.id).await?;
        media_entity::Entity::delete_many()
            .filter(media_entity::Column::ReportId.eq(r.id))
            .exec(&state.db)
            .await?;
        media::delete_unused(&state.db, &state.media, media::keys_of(&attached)).await?;
    }
    Ok(())
}

/// The year of `now` in Vietnam: codes restart with the citizen's new year.
pub(crate) fn code_year(now: DateTime<Utc>) -> i32 {
    (now + TimeDelta::hours(7)).year()
}

/// The next code of `year`, taken inside the sender's transaction: the `report_codes` row
/// is locked until it commits (or gives the number back by rolling back), so codes are
/// unique and without gaps under any number of concurrent sends.
pub(crate) async fn next_code<C: ConnectionTrait>(txn: &C, year: i32) -> Result<ReportCode, DbErr> {
    let b = txn.get_database_backend();
    let bumped = txn
        .query_one_raw(Statement::from_sql_and_values(
            b,
            sql(
                b,
                "UPDATE report_codes SET last = last + 1 WHERE year = ? RETURNING last",
            ),
            [year.into()],
        ))
        .await?;
    let last = match bumped {
        Some(row) => row.try_get::<i64>("", "last")?,
        None => {
            // The year's first send here: start after the highest code already stored
            // (demo data, imports). Two first sends at once: the second one's insert
            // conflicts and takes the next number.
            let start = highest_seq(txn, year).await?;
            txn.query_one_raw(Statement::from_sql_and_values(
                b,
                sql(
                    b,
                    "INSERT INTO report_codes (year, last) VALUES (?, ?) \
                     ON CONFLICT (year) DO UPDATE SET last = report_codes.last + 1 \
                     RETURNING last",
                ),
                [year.into(), (start + 1).into()],
            ))
            .await?
            .ok_or_else(|| DbErr::RecordNotFound("report_codes".into()))?
            .try_get::<i64>("", "last")?
        }
    };
    Ok(ReportCode::new(year, last.max(0) as u64))
}

/// The highest sequence number among the stored codes of `year`.
async fn highest_seq<C: ConnectionTrait>(db: &C, year: i32) -> Result<i64, DbErr> {
    let prefix = format!("PA-{year}-");
    // Longer sequences are larger (no leading zeros past six digits), then by text.
    let row = report::Entity::find()
        .select_only()
        .column(report::Column::Code)
        .filter(report::Column::Code.starts_with(&prefix))
        .order_by_desc(sea_orm::sea_query::Expr::cust("LENGTH(code)"))
        .order_by_desc(report::Column::Code)
        .limit(1)
        .into_tuple::<String>()
        .one(db)
        .await?;
    Ok(row
        .and_then(|c| c.parse::<ReportCode>().ok())
        .map_or(0, |c| c.seq as i64))
}

/// Forgets the code sequence, so the next send starts after the stored codes again (after
/// bulk inserts that made codes of their own).
pub async fn forget_code_sequence<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    db.execute_unprepared("DELETE FROM report_codes").await?;
    Ok(())
}

/// The agency the routing rules suggest for a category in a district and commune.
async fn suggested_agency<C: ConnectionTrait>(db: &C, place: &Place) -> Result<Option<i64>, DbErr> {
    Ok(suggestion(db, place).await?.map(|s| s.agency_id))
}

/// Where a point lies and what the routing rules suggest there.
pub struct Routed {
    pub district: area::Model,
    pub commune: Option<area::Model>,
    pub suggestion: Option<crate::domain::routing::RouteSuggestion>,
}

/// The administration's "test a point": the district and commune of `point` and the
/// agency a report of `category_id` filed there would be suggested, exactly as filing
/// decides it. `None` outside the province.
pub async fn route_point<C: ConnectionTrait>(
    db: &C,
    point: Point,
    category_id: Option<i64>,
) -> Result<Option<Routed>, DbErr> {
    let Some((district, commune)) = locate(db, point).await? else {
        return Ok(None);
    };
    let place = Place {
        category_id,
        district: Some(district.clone()),
        commune: commune.clone(),
        point: Some(point),
    };
    Ok(Some(Routed {
        suggestion: suggestion(db, &place).await?,
        district,
        commune,
    }))
}

async fn suggestion<C: ConnectionTrait>(
    db: &C,
    place: &Place,
) -> Result<Option<crate::domain::routing::RouteSuggestion>, DbErr> {
    let Some(district) = &place.district else {
        return Ok(None);
    };
    let chain: Vec<i64> = place
        .commune
        .iter()
        .map(|c| c.id)
        .chain([district.id])
        .chain(district.parent_id)
        .collect();
    // Rules of a deactivated agency are not followed (it receives no new reports).
    let rules: Vec<RoutingRule> = routing_rule::Entity::find()
        .inner_join(agency::Entity)
        .filter(agency::Column::Active.eq(true))
        .filter(
            Condition::any()
                .add(routing_rule::Column::AreaId.is_null())
                .add(routing_rule::Column::AreaId.is_in(chain.clone())),
        )
        .limit(1_000)
        .all(db)
        .await?
        .iter()
        .map(RoutingRule::from)
        .collect();
    let committee = agency::Entity::find()
        .filter(agency::Column::Kind.eq("district_committee"))
        .filter(agency::Column::AreaId.eq(district.id))
        .filter(agency::Column::Active.eq(true))
        .one(db)
        .await?
        .map(|a| a.id);
    Ok(suggest(&rules, place.category_id, &chain, committee))
}

/// Sends a report: from the draft `draft_id`, or straight from the form. Answers its code.
///
/// `key` is the form's idempotency token: a second send of the same form (a double tap, a
/// retry after a timeout) answers the code of the first and creates nothing.
pub async fn submit(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    draft_id: Option<i64>,
    form: &FilingForm,
    key: Option<&str>,
) -> Result<String, AppError> {
    let now = caller.now;
    may(who, Permission::FileReport, &Object::None)?;
    let key = key.and_then(filing::idempotency_key);
    let me = who.user_id.ok_or(AppError::Denied(
        crate::account::permission::Denied::NotLoggedIn,
    ))?;
    if let Some(k) = &key {
        if let Some(code) = sent_with_key(&state.db, me, k).await? {
            return Ok(code);
        }
    }
    let clean = filing::check_report(form).map_err(|p| refused(p, form))?;
    let ids = media_ids(form)?;
    let draft = match draft_id {
        Some(id) => Some(own(&state.db, who, id).await?),
        None => None,
    };
    let object = draft.as_ref().map_or(Object::None, report_object);
    if draft.is_some() {
        may(who, Permission::EditOwnDraft, &object).map_err(|_| AppError::NotFound)?;
    }
    let from = draft.as_ref().and_then(|d| Status::parse(&d.status));
    // A draft sent meanwhile (another tab) is no longer a draft: a conflict.
    let to = transition(from, who.actor_for(&object), Action::Submit)?;
    media::check_own(&state.db, me, draft_id, &ids)
        .await
        .map_err(|p| refused_media(p, form))?;
    // Counted before the work, per account and per client address.
    for (what, limit) in [("hour", PER_HOUR), ("day", PER_DAY)] {
        for key in [format!("file:user:{me}:{what}"), caller_key(caller, what)] {
            rate_limit::hit(&state.db, &key, limit, now)
                .await?
                .map_err(AppError::RateLimited)?;
        }
    }
    let place = resolve(&state.db, &clean, form).await?;
    let suggested = suggested_agency(&state.db, &place).await?;

    let txn = state.db.begin().await?;
    // The first statement writes, so SQLite takes its one writer's lock at once.
    let code = next_code(&txn, code_year(now)).await?.to_string();
    let mut row = match draft {
        Some(d) => d.into(),
        None => new_row(who, now),
    };
    fill(&mut row, state, &clean, &place);
    row.code = Set(code.clone());
    row.status = Set(to.as_str().to_string());
    row.received_at = Set(Some(now));
    row.updated_at = Set(now);
    row.idempotency_key = Set(key.clone());
    row.suggested_agency_id = Set(suggested);
    let saved = if draft_id.is_some() {
        // Still a draft of mine at this moment, or nothing happens.
        let id = draft_id.unwrap_or_default();
        let res = report::Entity::update_many()
            .set(row)
            .filter(report::Column::Id.eq(id))
            .filter(report::Column::ReporterId.eq(me))
            .filter(report::Column::Status.eq(Status::Draft.as_str()))
            .exec(&txn)
            .await;
        match res {
            Ok(r) if r.rows_affected == 1 => Ok(id),
            Ok(_) => return Err(AppError::Conflict),
            Err(e) => Err(e),
        }
    } else {
        row.insert(&txn).await.map(|r| r.id)
    };
    let id = match saved {
        Ok(id) => id,
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            // The same form sent twice at once: the other send made the report.
            drop(txn);
            if let Some(k) = &key {
                if let Some(code) = sent_with_key(&state.db, me, k).await? {
                    return Ok(code);
                }
            }
            return Err(e.into());
        }
        Err(e) => return Err(e.into()),
    };
    let detached = media::attach(&txn, me, id, &ids).await?;
    let mut outbox = state.live.outbox();
    let saved_row = report::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::Conflict)?;
    Change::new(&saved_row, Some(me), Action::Submit.as_str(), to)
        .from(from)
        .write(&txn, &mut outbox, now)
        .await?;
    Audit {
        actor: Some(me),
        action: AuditAction::ReportSubmitted,
        object: Some(("report", code.clone())),
        ip: caller.ip.as_deref(),
        detail: None,
    }
    .write(&txn, now)
    .await?;
    outbox.commit(txn, &state.live).await?;
    media::delete_unused(&state.db, &state.media, detached).await?;
    Ok(code)
}

fn caller_key(caller: &Caller, what: &str) -> String {
    let ip = caller
        .ip
        .as_deref()
        .map(crate::server::auth::session::limit_key);
    format!("file:ip:{}:{what}", ip.as_deref().unwrap_or("unknown"))
}

async fn sent_with_key<C: ConnectionTrait>(
    db: &C,
    me: i64,
    key: &str,
) -> Result<Option<String>, DbErr> {
    Ok(report::Entity::find()
        .filter(report::Column::ReporterId.eq(me))
        .filter(report::Column::IdempotencyKey.eq(key))
        .one(db)
        .await?
        .filter(|r| r.status != Status::Draft.as_str())
        .map(|r| r.code))
}

/// Withdraws an own report while it is `submitted`.
pub async fn withdraw(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    code: &str,
) -> Result<(), AppError> {
    may(who, Permission::ViewOwnReports, &Object::None)?;
    let me = who.user_id.ok_or(AppError::NotFound)?;
    let r = report::Entity::find()
        .filter(report::Column::Code.eq(code))
        .filter(report::Column::ReporterId.eq(me))
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let object = report_object(&r);
    may(who, Permission::ActOnReport, &object).map_err(|_| AppError::NotFound)?;
    let from = Status::parse(&r.status);
    let to = transition(from, who.actor_for(&object), Action::Withdraw)?;
    let txn = state.db.begin().await?;
    let res = report::Entity::update_many()
        .col_expr(report::Column::Status, to.as_str().into())
        .col_expr(report::Column::UpdatedAt, caller.now.into())
        .col_expr(report::Column::Version, (r.version + 1).into())
        .filter(report::Column::Id.eq(r.id))
        .filter(report::Column::Status.eq(r.status.as_str()))
        .exec(&txn)
        .await?;
    if res.rows_affected != 1 {
        // Verified or rejected a moment ago: the centre acted first.
        return Err(AppError::Conflict);
    }
    let mut outbox = state.live.outbox();
    Change::new(&r, Some(me), Action::Withdraw.as_str(), to)
        .public(false)
        .write(&txn, &mut outbox, caller.now)
        .await?;
    Audit {
        actor: Some(me),
        action: AuditAction::ReportWithdrawn,
        object: Some(("report", r.code.clone())),
        ip: caller.ip.as_deref(),
        detail: None,
    }
    .write(&txn, caller.now)
    .await?;
    outbox.commit(txn, &state.live).await?;
    Ok(())
}

/// The caller's reports and drafts, newest first, optionally of one status and in a date
/// range (Vietnam calendar days, inclusive). Walks the `(reporter_id, created_at)` index.
pub async fn my_reports(
    state: &AppState,
    who: &Subject,
    status: Option<Status>,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    page: u64,
) -> Result<MyReportsPage, AppError> {
    may(who, Permission::ViewOwnReports, &Object::None)?;
    let me = who.user_id.ok_or(AppError::NotFound)?;
    let page = match page {
        0 => 1,
        p if p > MY_REPORTS_MAX_PAGE => {
            return Err(AppError::Invalid(crate::dto::error::Problem::PageTooFar))
        }
        p => p,
    };
    let vn = TimeDelta::hours(7);
    let mut q = report::Entity::find().filter(report::Column::ReporterId.eq(me));
    if let Some(s) = status {
        q = q.filter(report::Column::Status.eq(s.as_str()));
    }
    if let Some(d) = from {
        q = q.filter(
            report::Column::CreatedAt.gte(d.and_time(chrono::NaiveTime::MIN).and_utc() - vn),
        );
    }
    if let Some(d) = to {
        let end = d.and_time(chrono::NaiveTime::MIN).and_utc() - vn + TimeDelta::days(1);
        q = q.filter(report::Column::CreatedAt.lt(end));
    }
    let mut rows = q
        .order_by_desc(report::Column::CreatedAt)
        .order_by_desc(report::Column::Id)
        .offset((page - 1) * MY_REPORTS_PAGE_SIZE)
        .limit(MY_REPORTS_PAGE_SIZE + 1)
        .all(&state.db)
        .await?;
    let has_more = rows.len() as u64 > MY_REPORTS_PAGE_SIZE;
    rows.truncate(MY_REPORTS_PAGE_SIZE as usize);
    // Each row's first photo: one query over this page's reports (at most a page of ids).
    let mut first_photo = std::collections::HashMap::<i64, i64>::new();
    for m in media_entity::Entity::find()
        .filter(media_entity::Column::ReportId.is_in(rows.iter().map(|r| r.id)))
        .filter(media_entity::Column::Kind.eq("photo"))
        .order_by_asc(media_entity::Column::Id)
        .all(&state.db)
        .await?
    {
        if let Some(r) = m.report_id {
            first_photo.entry(r).or_insert(m.id);
        }
    }
    let category_ids: Vec<i64> = rows.iter().filter_map(|r| r.category_id).collect();
    let area_ids: Vec<i64> = rows.iter().filter_map(|r| r.district_id).collect();
    let categories: std::collections::HashMap<i64, String> = category::Entity::find()
        .filter(category::Column::Id.is_in(category_ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name_vi))
        .collect();
    let areas: std::collections::HashMap<i64, String> = area::Entity::find()
        .filter(area::Column::Id.is_in(area_ids))
        .all(&state.db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    Ok(MyReportsPage {
        rows: rows
            .into_iter()
            .map(|r| {
                let status = Status::parse(&r.status).unwrap_or(Status::Submitted);
                MyReportRow {
                    id: r.id,
                    code: (status != Status::Draft).then(|| r.code.clone()),
                    title: r.title,
                    status,
                    level: Level::parse(&r.level).unwrap_or_default(),
                    category: r.category_id.and_then(|id| categories.get(&id).cloned()),
                    district: r.district_id.and_then(|id| areas.get(&id).cloned()),
                    at: r.received_at.unwrap_or(r.updated_at),
                    comment_count: r.comment_count,
                    first_photo: first_photo.get(&r.id).copied(),
                }
            })
            .collect(),
        page,
        has_more,
    })
}

/// Open public reports within [`NEARBY_METRES`] of `point` from the last [`NEARBY_DAYS`]
/// days (of `category`, when given), nearest first, at most [`NEARBY_MAX`]. Walks the map's
/// `(is_public, lat, lng, …)` index inside the box around the point, at most 200 rows.
pub async fn nearby<C: ConnectionTrait>(
    db: &C,
    point: Point,
    category: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<NearbyReport>, DbErr> {
    let b = crate::domain::geo::box_around(point, NEARBY_METRES);
    let open = [
        Status::Verified,
        Status::Dispatched,
        Status::Processing,
        Status::Resolved,
    ]
    .map(|s| s.as_str());
    let mut q = report::Entity::find()
        .filter(report::Column::IsPublic.eq(true))
        .filter(report::Column::Lat.between(b.min_lat, b.max_lat))
        .filter(report::Column::Lng.between(b.min_lng, b.max_lng))
        .filter(report::Column::Status.is_in(open))
        .filter(report::Column::ReceivedAt.gte(now - TimeDelta::days(NEARBY_DAYS)));
    if let Some(code) = category {
        let Some(c) = category::Entity::find()
            .filter(category::Column::Code.eq(code))
            .one(db)
            .await?
        else {
            return Ok(Vec::new());
        };
        q = q.filter(report::Column::CategoryId.eq(c.id));
    }
    let mut found: Vec<NearbyReport> = q
        .limit(200)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| {
            let d = crate::domain::geo::distance_m(
                point,
                Point {
                    lat: r.lat,
                    lng: r.lng,
                },
            );
            (d <= NEARBY_METRES).then(|| NearbyReport {
                status: Status::parse(&r.status).unwrap_or(Status::Verified),
                code: r.code,
                title: r.title,
                distance_m: d.round() as u32,
            })
        })
        .collect();
    found.sort_by_key(|n| n.distance_m);
    found.truncate(NEARBY_MAX);
    Ok(found)
}

/// Address help, offline: districts and communes of ours, then the streets and places the
/// demo gazetteer knows in each district, whose every typed word (folded: "dong ha" is
/// "Đông Hà") begins one of their words. At most [`PLACES_MAX`].
pub async fn places<C: ConnectionTrait>(db: &C, query: &str) -> Result<Vec<PlaceHit>, DbErr> {
    use crate::domain::text::{fold, matches};
    if crate::account::longer_than(query, PLACE_QUERY_MAX) {
        return Ok(Vec::new());
    }
    let q = fold(query);
    let words: Vec<&str> = q.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() || q.chars().count() < 2 {
        return Ok(Vec::new());
    }
    // A province has tens of districts and a few hundred communes: bounded.
    let areas = area::Entity::find()
        .filter(area::Column::Kind.is_in(["district", "commune"]))
        .order_by_asc(area::Column::Name)
        .limit(2000)
        .all(db)
        .await?;
    fn district_of<'a>(areas: &'a [area::Model], a: &'a area::Model) -> Option<&'a area::Model> {
        if a.kind == "district" {
            Some(a)
        } else {
            areas.iter().find(|d| Some(d.id) == a.parent_id)
        }
    }
    let mut hits = Vec::new();
    for kind in ["district", "commune"] {
        for a in areas.iter().filter(|a| a.kind == kind) {
            let Some(d) = district_of(&areas, a) else {
                continue;
            };
            let folded = if kind == "commune" {
                fold(&format!("{} {}", a.name, d.name))
            } else {
                fold(&a.name)
            };
            if matches(&folded, &words) {
                let p = centre(a);
                hits.push(PlaceHit {
                    name: a.name.clone(),
                    detail: if kind == "commune" {
                        d.name.clone()
                    } else {
                        String::new()
                    },
                    lat: p.lat,
                    lng: p.lng,
                    district: d.code.clone(),
                    commune: if kind == "commune" {
                        a.code.clone()
                    } else {
                        String::new()
                    },
                    approximate: true,
                });
            }
        }
    }
    for text in crate::server::seed::data::DISTRICT_TEXTS {
        let Some(d) = areas.iter().find(|a| a.code == text.code) else {
            continue;
        };
        let streets = text.streets.iter().map(|s| format!("Đường {s}"));
        let named = text.places.iter().map(|p| p.to_string());
        for name in streets.chain(named) {
            if matches(&fold(&format!("{name} {}", d.name)), &words) {
                let p = centre(d);
                hits.push(PlaceHit {
                    name,
                    detail: d.name.clone(),
                    lat: p.lat,
                    lng: p.lng,
                    district: d.code.clone(),
                    commune: String::new(),
                    approximate: true,
                });
            }
        }
    }
    hits.truncate(PLACES_MAX);
    Ok(hits)
}

/// The operator files a report for someone who called, wrote or came in: the same form and
/// checks as a citizen's, the caller's name and phone kept private, no account behind it.
pub async fn file_on_behalf(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    form: &FilingForm,
    details: &crate::dto::filing::CallerDetails,
    key: Option<&str>,
) -> Result<String, AppError> {
    use crate::account::form::{FieldProblem, FormError};
    let now = caller.now;
    may(who, Permission::FileOnBehalf, &Object::None)?;
    let me = who.user_id.ok_or(AppError::Denied(
        crate::account::permission::Denied::NotLoggedIn,
    ))?;
    let key = key.and_then(filing::idempotency_key);
    if let Some(k) = &key {
        if let Some(r) = report::Entity::find()
            .filter(report::Column::IdempotencyKey.eq(k.as_str()))
            .filter(report::Column::ReporterId.is_null())
            .one(&state.db)
            .await?
        {
            return Ok(r.code);
        }
    }
    let mut problems = FormError::new();
    let channel = match details.channel.trim() {
        "hotline" => Some(Channel::Hotline),
        "fanpage" => Some(Channel::Fanpage),
        "walk_in" => Some(Channel::WalkIn),
        "email" => Some(Channel::Email),
        _ => None,
    };
    if channel.is_none() {
        problems.add(
            "channel",
            FieldProblem::Console(crate::domain::console::ConsoleProblem::UnknownChoice),
        );
    }
    let name = match crate::account::password_policy::validate_full_name(&details.name) {
        Ok(n) => Some(n),
        Err(p) => {
            problems.add("caller_name", FieldProblem::Name(p));
            None
        }
    };
    let phone = match details.phone.trim() {
        "" => None,
        raw => match crate::account::phone::normalize(raw) {
            Ok(p) => Some(p.to_string()),
            Err(p) => {
                problems.add("caller_phone", FieldProblem::Phone(p));
                None
            }
        },
    };
    let clean = match filing::check_report(form) {
        Ok(c) => Some(c),
        Err(p) => {
            for (field, problem) in p {
                problems.add(field, FieldProblem::Filing(problem));
            }
            None
        }
    };
    let (Some(clean), Some(channel), Some(name), true) =
        (clean, channel, name, problems.problems.is_empty())
    else {
        let mut e = kept(form);
        for (f, p) in problems.problems {
            e.add(&f, p);
        }
        return Err(AppError::Form(
            e.keep(
                "caller_name",
                &details.name.chars().take(200).collect::<String>(),
            )
            .keep(
                "caller_phone",
                &details.phone.chars().take(40).collect::<String>(),
            ),
        ));
    };
    let ids = media_ids(form)?;
    let to = transition(None, who.actor_for(&Object::None), Action::FileOnBehalf)?;
    media::check_own(&state.db, me, None, &ids)
        .await
        .map_err(|p| refused_media(p, form))?;
    let place = resolve(&state.db, &clean, form).await?;
    let suggested = suggested_agency(&state.db, &place).await?;

    let txn = state.db.begin().await?;
    let code = next_code(&txn, code_year(now)).await?.to_string();
    let mut row = new_row(&Subject::anonymous(), now);
    fill(&mut row, state, &clean, &place);
    row.code = Set(code.clone());
    row.status = Set(to.as_str().to_string());
    row.channel = Set(channel.as_str().to_string());
    row.reporter_id = Set(None);
    row.reporter_name = Set(Some(name.to_string()));
    row.reporter_phone = Set(phone);
    // Callers are not asked; the name of someone without an account stays off the public page.
    row.hide_name = Set(true);
    row.received_at = Set(Some(now));
    row.idempotency_key = Set(key);
    row.suggested_agency_id = Set(suggested);
    let saved_row = row.insert(&txn).await?;
    if !ids.is_empty() {
        media::attach_as(&txn, me, saved_row.id, &ids, "evidence").await?;
    }
    let mut outbox = state.live.outbox();
    Change::new(&saved_row, Some(me), Action::FileOnBehalf.as_str(), to)
        .from(None)
        .note(Some(
            crate::i18n::channel_label(crate::i18n::Lang::Vi, channel).to_string(),
        ))
        .write(&txn, &mut outbox, now)
        .await?;
    Audit {
        actor: Some(me),
        action: AuditAction::ReportFiledOnBehalf,
        object: Some(("report", code.clone())),
        ip: caller.ip.as_deref(),
        detail: Some(channel.as_str().to_string()),
    }
    .write(&txn, now)
    .await?;
    outbox.commit(txn, &state.live).await?;
    Ok(code)
}
