//! Demo data for a fresh install, and synthetic load for benchmarks.
//!
//! Everything is deterministic from `SeedOptions::rng_seed` and `SeedOptions::now`, so a demo
//! and a test see the same province every time. Report histories are not written by hand:
//! each step goes through [`crate::domain::lifecycle::transition`], exactly as the server
//! functions do, so the events of every demo report replay to its stored status.
//!
//! Reports and events are written with multi-row INSERTs inside transactions; row-by-row
//! inserts would make a million-report benchmark database take hours instead of minutes.

pub mod data;

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Timelike, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};

use crate::domain::code::ReportCode;
use crate::domain::deadline::{deadline_days, WorkCalendar, VN_OFFSET_SECONDS};
use crate::domain::geo::{BBox, Geometry, Point};
use crate::domain::lifecycle::{transition, Action, Actor, Channel, Level, Role, Status};
use crate::domain::routing::{suggest, RoutingRule};
use crate::server::entities::{
    agency, area, category, comment, like, reply_template, report, report_event, routing_rule, user,
};
use crate::server::password::hash_password;
use crate::server::stats::processing_days;

use data::{CategoryText, DistrictText, Issue};

/// The password of every demo account (shown on the login page of a demo install).
pub const DEMO_PASSWORD: &str = "Paht@2026demo";

#[derive(Clone, Debug)]
pub struct SeedOptions {
    /// How many demo reports `seed_demo` files.
    pub reports: usize,
    pub rng_seed: u64,
    /// The demo's "today": report dates run over the twelve months before it.
    pub now: DateTime<Utc>,
}

impl Default for SeedOptions {
    fn default() -> Self {
        SeedOptions {
            reports: 2000,
            rng_seed: 2026,
            now: Utc::now(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeedSummary {
    pub areas: usize,
    pub agencies: usize,
    pub categories: usize,
    pub users: usize,
    pub reports: usize,
    pub events: usize,
}

/// Is the database without any area (a fresh install)?
/// Demo accounts share a password that the README publishes, so a public (https) site
/// never gets them.
pub fn may_seed_demo(config: &crate::server::config::Config) -> Result<(), String> {
    if config.https {
        Err(format!(
            "refusing to create demo accounts on {}: their password ({DEMO_PASSWORD}) is \
             published in the README. Create real accounts instead.",
            config.public_url.as_deref().unwrap_or("an https site")
        ))
    } else {
        Ok(())
    }
}

/// The phone numbers of demo accounts (`+849000…`) whose password is still the published
/// demo password, for the loud warning at start. Reads at most 200 accounts and checks
/// each distinct hash once (the seed gives them all the same one).
pub async fn demo_password_accounts(db: &DatabaseConnection) -> Result<Vec<String>, DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    let demo: Vec<user::Model> = user::Entity::find()
        .filter(user::Column::Phone.starts_with("+849000"))
        .filter(user::Column::Status.eq("active"))
        .limit(200)
        .all(db)
        .await?;
    let hashes: std::collections::BTreeSet<String> =
        demo.iter().map(|u| u.password_hash.clone()).collect();
    let weak = tokio::task::spawn_blocking(move || {
        hashes
            .into_iter()
            .filter(|h| crate::server::password::verify_password(DEMO_PASSWORD, h))
            .collect::<std::collections::BTreeSet<String>>()
    })
    .await
    .map_err(|e| DbErr::Custom(e.to_string()))?;
    Ok(demo
        .into_iter()
        .filter(|u| weak.contains(&u.password_hash))
        .map(|u| u.phone)
        .collect())
}

pub async fn is_empty(db: &DatabaseConnection) -> Result<bool, DbErr> {
    Ok(area::Entity::find().count(db).await? == 0)
}

/// Reference data (areas, categories, agencies, routing rules, demo users) + `opts.reports` demo reports.
pub async fn seed_demo(db: &DatabaseConnection, opts: &SeedOptions) -> Result<SeedSummary, DbErr> {
    // argon2 is slow on purpose: hash once, off the async runtime, and share the string.
    let hash = tokio::task::spawn_blocking(|| hash_password(DEMO_PASSWORD))
        .await
        .map_err(|e| DbErr::Custom(format!("password hashing task failed: {e}")))?;

    let txn = db.begin().await?;
    let mut summary = insert_reference(&txn, opts.now, &hash, opts.rng_seed).await?;
    txn.commit().await?;

    let (reports, events) = generate(db, opts.reports, opts, true).await?;
    summary.reports = reports;
    summary.events = events;
    // The codes made here are not in the sequence: the next send starts after them.
    crate::server::filing::forget_code_sequence(db).await?;
    refresh_statistics(db).await?;
    Ok(summary)
}

/// Demo photos on a third of the public demo reports (one to three each), so a newcomer
/// sees what a real report looks like. Eight generated street scenes are stored once and
/// shared by the rows (an object is deleted only when no row uses it). Answers the rows made.
pub async fn seed_demo_media(
    db: &DatabaseConnection,
    store: &crate::server::media::MediaStore,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<u64, String> {
    use crate::server::entities::{media, report};
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder, QuerySelect};
    let mut photos = Vec::new();
    for seed in 0..8 {
        photos.push(
            crate::server::media::store_demo_photo(store, seed)
                .await
                .map_err(|e| format!("demo photo: {e}"))?,
        );
    }
    let reports: Vec<(i64, Option<i64>)> = report::Entity::find()
        .select_only()
        .column(report::Column::Id)
        .column(report::Column::ReporterId)
        .filter(report::Column::IsPublic.eq(true))
        .order_by_asc(report::Column::Id)
        .limit(1800)
        .into_tuple()
        .all(db)
        .await
        .map_err(|e| e.to_string())?;
    let mut rows = Vec::new();
    for (n, (id, reporter)) in reports.into_iter().enumerate().filter(|(n, _)| n % 3 == 0) {
        for k in 0..(1 + (n / 3) % 3) {
            let (key, thumb, size) = &photos[(n + k) % photos.len()];
            rows.push(media::ActiveModel {
                report_id: Set(Some(id)),
                owner_id: Set(reporter),
                role: Set("evidence".into()),
                kind: Set("photo".into()),
                storage_key: Set(key.clone()),
                mime: Set("image/jpeg".into()),
                size_bytes: Set(*size as i64),
                width: Set(Some(1280)),
                height: Set(Some(960)),
                thumbnail_key: Set(Some(thumb.clone())),
                file_name: Set(None),
                created_at: Set(now),
                ..Default::default()
            });
        }
    }
    let made = rows.len() as u64;
    for chunk in rows.chunks(400) {
        media::Entity::insert_many(chunk.to_vec())
            .exec(db)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(made)
}

/// After a bulk load the planner's statistics describe an empty table, and both SQLite
/// and PostgreSQL then pick poor plans (PostgreSQL's autovacuum catches up only later).
/// On PostgreSQL, VACUUM also marks the pages all-visible, without which the map's
/// covering index cannot be read without visiting the table.
async fn refresh_statistics(db: &DatabaseConnection) -> Result<(), DbErr> {
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    };
    db.execute_unprepared(sql).await.map(|_| ())
}

/// Adds `n` more synthetic reports quickly (benchmarks: 1,000,000 must be practical), continuing
/// the code sequence. Each report gets only its first event (submit / file on behalf / save
/// draft); timestamps and status are consistent with a full history.
pub async fn add_reports(
    db: &DatabaseConnection,
    n: usize,
    opts: &SeedOptions,
) -> Result<usize, DbErr> {
    let (reports, _) = generate(db, n, opts, false).await?;
    crate::server::filing::forget_code_sequence(db).await?;
    refresh_statistics(db).await?;
    Ok(reports)
}

// ------------------------------------------------------------------ reference data

async fn insert_reference<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    password_hash: &str,
    seed: u64,
) -> Result<SeedSummary, DbErr> {
    let mut s = SeedSummary::default();
    let mut area_ids: BTreeMap<&'static str, i64> = BTreeMap::new();
    for a in data::areas() {
        let (min_lat, min_lng, max_lat, max_lng) = a.bbox();
        let m = area::ActiveModel {
            code: Set(a.code.to_string()),
            name: Set(a.name.to_string()),
            kind: Set(a.kind.to_string()),
            parent_id: Set(a.parent.and_then(|p| area_ids.get(p).copied())),
            boundary: Set(a.geojson()),
            min_lat: Set(min_lat),
            min_lng: Set(min_lng),
            max_lat: Set(max_lat),
            max_lng: Set(max_lng),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        area_ids.insert(a.code, m.id);
        s.areas += 1;
    }

    let mut category_ids: BTreeMap<&'static str, i64> = BTreeMap::new();
    for (i, c) in data::CATEGORIES.iter().enumerate() {
        let m = category::ActiveModel {
            code: Set(c.code.to_string()),
            name_vi: Set(c.name_vi.to_string()),
            name_en: Set(c.name_en.to_string()),
            default_days: Set(c.default_days),
            urgent_days: Set(c.urgent_days),
            color: Set(c.color.to_string()),
            icon: Set(c.icon.to_string()),
            sort_order: Set(i as i32 + 1),
            active: Set(true),
            ..Default::default()
        }
        .insert(db)
        .await?;
        category_ids.insert(c.code, m.id);
        s.categories += 1;
    }

    let mut agency_ids: BTreeMap<&'static str, i64> = BTreeMap::new();
    for a in data::AGENCIES {
        let m = agency::ActiveModel {
            code: Set(a.code.to_string()),
            name: Set(a.name.to_string()),
            kind: Set(a.kind.to_string()),
            area_id: Set(a.area.and_then(|c| area_ids.get(c).copied())),
            phone: Set(a.phone.map(str::to_string)),
            email: Set(a.email.map(str::to_string)),
            active: Set(true),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
        agency_ids.insert(a.code, m.id);
        s.agencies += 1;
    }

    for r in data::ROUTING_RULES {
        let agency_id = *agency_ids.get(r.agency).ok_or_else(|| {
            DbErr::Custom(format!("routing rule names unknown agency {}", r.agency))
        })?;
        routing_rule::ActiveModel {
            category_id: Set(r.category.and_then(|c| category_ids.get(c).copied())),
            area_id: Set(r.area.and_then(|c| area_ids.get(c).copied())),
            agency_id: Set(agency_id),
            note: Set(Some(r.note.to_string())),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }

    // Demo accounts: one per role with a memorable phone number, an officer for every agency
    // (someone must accept what is dispatched there), and a crowd of citizens.
    let mut rng = Rng::new(seed ^ 0x5EED_0001);
    let mut users: Vec<(String, String, Role, Option<i64>)> = vec![
        (
            "+84900000001".into(),
            "Quản trị hệ thống".into(),
            Role::Admin,
            None,
        ),
        (
            "+84900000002".into(),
            "Trung tâm Giám sát, điều hành đô thị thông minh tỉnh".into(),
            Role::Operator,
            None,
        ),
        (
            "+84900000003".into(),
            "Hoàng Minh Tuấn".into(),
            Role::Officer,
            agency_ids.get("UBND-DONGHA").copied(),
        ),
        (
            "+84900000004".into(),
            "Lê Thị Thu Hà".into(),
            Role::Officer,
            agency_ids.get("SO-GTVT").copied(),
        ),
        (
            "+84900000005".into(),
            "Nguyễn Văn An".into(),
            Role::Citizen,
            None,
        ),
        // A second officer of Đông Hà, so its lead (…003) has someone to assign to.
        (
            "+84900000006".into(),
            "Phan Thị Mai".into(),
            Role::Officer,
            agency_ids.get("UBND-DONGHA").copied(),
        ),
    ];
    for (i, a) in data::AGENCIES.iter().enumerate() {
        if matches!(a.code, "UBND-DONGHA" | "SO-GTVT") {
            continue;
        }
        users.push((
            format!("+849000001{:02}", i + 1),
            person_name(&mut rng),
            Role::Officer,
            agency_ids.get(a.code).copied(),
        ));
    }
    for i in 0..30 {
        users.push((
            format!("+849000010{:02}", i + 1),
            person_name(&mut rng),
            Role::Citizen,
            None,
        ));
    }
    let joined = now - TimeDelta::days(400);
    for (phone, name, role, agency_id) in users {
        // Every demo agency's first officer leads it (assigns its reports).
        let is_lead = role == Role::Officer && phone != "+84900000006";
        user::ActiveModel {
            is_lead: Set(is_lead),
            phone: Set(phone),
            full_name: Set(name),
            password_hash: Set(password_hash.to_string()),
            role: Set(role.as_str().to_string()),
            agency_id: Set(agency_id),
            status: Set("active".to_string()),
            created_at: Set(joined),
            updated_at: Set(joined),
            last_login_at: Set(None),
            ..Default::default()
        }
        .insert(db)
        .await?;
        s.users += 1;
    }
    for (i, (kind, vi, en)) in data::REPLY_TEMPLATES.iter().enumerate() {
        reply_template::ActiveModel {
            kind: Set(kind.as_str().to_string()),
            text_vi: Set(vi.to_string()),
            text_en: Set(en.to_string()),
            position: Set(i as i32),
            active: Set(true),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(s)
}

// ------------------------------------------------------------------ the world as stored

struct District {
    id: i64,
    name: String,
    geometry: Geometry,
    bbox: BBox,
    text: &'static DistrictText,
    weight: u32,
    committee: Option<i64>,
    communes: Vec<Commune>,
}

struct Commune {
    id: i64,
    name: String,
    geometry: Geometry,
    bbox: BBox,
}

struct Cat {
    id: i64,
    code: String,
    name: String,
    default_days: u32,
    urgent_days: u32,
    text: &'static CategoryText,
}

struct Agency {
    id: i64,
    code: String,
    name: String,
}

/// What the generator needs from the database, loaded once: it works for the demo province
/// and for any other imported areas (with generic street names).
struct World {
    province_id: Option<i64>,
    districts: Vec<District>,
    district_weights: Vec<u32>,
    cats: Vec<Cat>,
    cat_weights: Vec<u32>,
    rules: Vec<RoutingRule>,
    agencies: Vec<Agency>,
    /// agency id -> officer user ids
    officers: BTreeMap<i64, Vec<i64>>,
    operators: Vec<i64>,
    citizens: Vec<i64>,
    /// user id -> name (the search text holds the reporter's shown name)
    names: BTreeMap<i64, String>,
}

const GENERIC_TEXT: DistrictText = DistrictText {
    code: "",
    in_sentence: "địa phương",
    weight: 5,
    streets: &[
        "Quốc lộ 1",
        "đường liên xã",
        "đường liên thôn",
        "đường trung tâm xã",
    ],
    places: &[
        "chợ xã",
        "trường tiểu học",
        "nhà văn hóa thôn",
        "trạm y tế xã",
    ],
};

fn area_shape(a: &area::Model) -> Option<(Geometry, BBox)> {
    let g = Geometry::from_geojson(&a.boundary).ok()?;
    let bbox = BBox {
        min_lat: a.min_lat,
        min_lng: a.min_lng,
        max_lat: a.max_lat,
        max_lng: a.max_lng,
    };
    Some((g, bbox))
}

async fn load_world<C: ConnectionTrait>(db: &C) -> Result<World, DbErr> {
    let areas = area::Entity::find()
        .order_by_asc(area::Column::Id)
        .all(db)
        .await?;
    let agencies_rows = agency::Entity::find()
        .filter(agency::Column::Active.eq(true))
        .order_by_asc(agency::Column::Id)
        .all(db)
        .await?;
    let province_id = areas.iter().find(|a| a.kind == "province").map(|a| a.id);
    let mut districts = Vec::new();
    for a in areas.iter().filter(|a| a.kind == "district") {
        let Some((geometry, bbox)) = area_shape(a) else {
            continue;
        };
        let text = data::DISTRICT_TEXTS
            .iter()
            .find(|t| t.code == a.code)
            .unwrap_or(&GENERIC_TEXT);
        let communes = areas
            .iter()
            .filter(|c| c.kind == "commune" && c.parent_id == Some(a.id))
            .filter_map(|c| {
                area_shape(c).map(|(geometry, bbox)| Commune {
                    id: c.id,
                    name: c.name.clone(),
                    geometry,
                    bbox,
                })
            })
            .collect();
        let committee = agencies_rows
            .iter()
            .find(|g| g.kind == "district_committee" && g.area_id == Some(a.id))
            .map(|g| g.id);
        districts.push(District {
            id: a.id,
            name: a.name.clone(),
            geometry,
            bbox,
            text,
            weight: text.weight.max(1),
            committee,
            communes,
        });
    }
    if districts.is_empty() {
        return Err(DbErr::Custom(
            "no district areas: seed the reference data first".into(),
        ));
    }

    let cats: Vec<Cat> = category::Entity::find()
        .filter(category::Column::Active.eq(true))
        .order_by_asc(category::Column::SortOrder)
        .order_by_asc(category::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            let text = data::CATEGORY_TEXTS
                .iter()
                .find(|t| t.code == c.code)
                .or_else(|| data::CATEGORY_TEXTS.iter().find(|t| t.code == "khac"))
                .unwrap_or(&data::CATEGORY_TEXTS[0]);
            Cat {
                id: c.id,
                code: c.code,
                name: c.name_vi,
                default_days: c.default_days.max(1) as u32,
                urgent_days: c.urgent_days.max(1) as u32,
                text,
            }
        })
        .collect();
    if cats.is_empty() {
        return Err(DbErr::Custom(
            "no active categories: seed the reference data first".into(),
        ));
    }

    let rules = routing_rule::Entity::find()
        .order_by_asc(routing_rule::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(RoutingRule::from)
        .collect();

    let mut officers: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    let mut operators = Vec::new();
    let mut citizens = Vec::new();
    let mut names = BTreeMap::new();
    for u in user::Entity::find()
        .filter(user::Column::Status.eq("active"))
        .order_by_asc(user::Column::Id)
        .all(db)
        .await?
    {
        names.insert(u.id, u.full_name.clone());
        match Role::parse(&u.role) {
            Some(Role::Operator) => operators.push(u.id),
            Some(Role::Citizen) => citizens.push(u.id),
            Some(Role::Officer) => {
                if let Some(a) = u.agency_id {
                    officers.entry(a).or_default().push(u.id);
                }
            }
            _ => {}
        }
    }

    Ok(World {
        province_id,
        district_weights: districts.iter().map(|d| d.weight).collect(),
        districts,
        cat_weights: cats.iter().map(|c| c.text.weight.max(1)).collect(),
        cats,
        rules,
        agencies: agencies_rows
            .into_iter()
            .map(|a| Agency {
                id: a.id,
                code: a.code,
                name: a.name,
            })
            .collect(),
        officers,
        operators,
        citizens,
        names,
    })
}

impl World {
    fn agency_by_code(&self, code: &str) -> Option<i64> {
        self.agencies.iter().find(|a| a.code == code).map(|a| a.id)
    }

    fn agency_name(&self, id: i64) -> &str {
        self.agencies
            .iter()
            .find(|a| a.id == id)
            .map_or("đơn vị xử lý", |a| a.name.as_str())
    }
}

// ------------------------------------------------------------------ randomness

/// splitmix64: tiny, fast, and good enough to make demo data look varied.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Self {
        Rng(seed ^ 0x243F_6A88_85A3_08D3)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.f64()
    }

    /// Uniform in 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1).max(1) as u64) as i64
    }

    fn chance(&mut self, p: f64) -> bool {
        self.f64() < p
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|&w| w as u64).sum();
        let mut x = self.next_u64() % total.max(1);
        for (i, &w) in weights.iter().enumerate() {
            if x < w as u64 {
                return i;
            }
            x -= w as u64;
        }
        weights.len() - 1
    }

    fn minutes(&mut self, lo: i64, hi: i64) -> TimeDelta {
        TimeDelta::seconds(self.int(lo * 60, hi * 60))
    }
}

fn person_name(rng: &mut Rng) -> String {
    let surname = rng.pick(data::SURNAMES);
    if rng.chance(0.5) {
        format!(
            "{surname} {} {}",
            rng.pick(data::MIDDLE_NAMES_MALE),
            rng.pick(data::GIVEN_NAMES_MALE)
        )
    } else {
        format!(
            "{surname} {} {}",
            rng.pick(data::MIDDLE_NAMES_FEMALE),
            rng.pick(data::GIVEN_NAMES_FEMALE)
        )
    }
}

fn mobile_phone(rng: &mut Rng) -> String {
    const PREFIXES: &[&str] = &[
        "91", "94", "98", "97", "86", "88", "83", "35", "36", "77", "70", "39",
    ];
    format!("+84{}{:07}", rng.pick(PREFIXES), rng.int(0, 9_999_999))
}

// ------------------------------------------------------------------ one report's history

/// An event before its report has an id.
struct EventPlan {
    actor_id: Option<i64>,
    action: Action,
    from: Option<Status>,
    to: Status,
    note: Option<String>,
    is_public: bool,
    at: DateTime<Utc>,
}

struct Plan {
    report: report::ActiveModel,
    code: String,
    status: Status,
    category_id: i64,
    events: Vec<EventPlan>,
    duplicate_of: Option<String>,
    /// (citizen, when)
    likes: Vec<(i64, DateTime<Utc>)>,
    /// (author, body, when)
    comments: Vec<(i64, String, DateTime<Utc>)>,
}

/// The growing history of one report while the generator walks it through the lifecycle.
#[derive(Default)]
struct Walk {
    status: Option<Status>,
    t: Option<DateTime<Utc>>,
    events: Vec<EventPlan>,
    received_at: Option<DateTime<Utc>>,
    verified_at: Option<DateTime<Utc>>,
    dispatched_at: Option<DateTime<Utc>>,
    resolved_at: Option<DateTime<Utc>>,
    published_at: Option<DateTime<Utc>>,
    closed_at: Option<DateTime<Utc>>,
    agency_id: Option<i64>,
    officer_id: Option<i64>,
    due_at: Option<DateTime<Utc>>,
    is_public: bool,
    result_text: Option<String>,
    duplicate_of: Option<String>,
    /// When the agency last sent it back to the centre (the console's "returned" tab).
    returned_at: Option<DateTime<Utc>>,
}

fn actor(role: Role) -> Actor {
    Actor {
        role,
        is_author: role == Role::Citizen,
        of_assigned_agency: role == Role::Officer,
    }
}

/// Which events the public timeline of a public report shows.
fn public_event(action: Action) -> bool {
    matches!(
        action,
        Action::Submit
            | Action::FileOnBehalf
            | Action::Verify
            | Action::Dispatch
            | Action::Transfer
            | Action::Accept
            | Action::Publish
            | Action::Close
    )
}

impl Walk {
    fn step(
        &mut self,
        action: Action,
        role: Role,
        actor_id: Option<i64>,
        at: DateTime<Utc>,
        note: Option<String>,
    ) -> Result<(), DbErr> {
        let to = transition(self.status, actor(role), action)
            .map_err(|e| DbErr::Custom(format!("demo history broke the lifecycle: {e}")))?;
        self.events.push(EventPlan {
            actor_id,
            action,
            from: self.status,
            to,
            note,
            is_public: public_event(action),
            at,
        });
        self.status = Some(to);
        self.t = Some(at);
        Ok(())
    }
}

fn vn_date(t: DateTime<Utc>) -> String {
    (t + TimeDelta::seconds(VN_OFFSET_SECONDS.into()))
        .format("%d/%m/%Y")
        .to_string()
}

fn vn_year(t: DateTime<Utc>) -> i32 {
    (t + TimeDelta::seconds(VN_OFFSET_SECONDS.into())).year()
}

/// "đường Lê Duẩn", but "Quốc lộ 9" and "đường Vĩnh Thái – Vĩnh Kim" as they are.
fn road(street: &str) -> String {
    if let Some(rest) = street.strip_prefix("Đường ") {
        format!("đường {rest}")
    } else if street.starts_with("đường ")
        || street.starts_with("Quốc lộ")
        || street.starts_with("Tỉnh lộ")
    {
        street.to_string()
    } else {
        format!("đường {street}")
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn fill(template: &str, vars: &Vars) -> String {
    let road = road(&vars.street);
    template
        .replace("đường {street}", &road)
        .replace("Đường {street}", &capitalize(&road))
        .replace("{street2}", &vars.street2)
        .replace("{street}", &vars.street)
        .replace("{no}", &vars.no)
        .replace("{place}", &vars.place)
        .replace("{district}", &vars.district)
        .replace("{unit}", &vars.unit)
}

struct Vars {
    street: String,
    street2: String,
    no: String,
    place: String,
    district: String,
    unit: String,
}

/// Walks reports through the lifecycle with plausible delays.
struct Generator<'w> {
    world: &'w World,
    rng: Rng,
    now: DateTime<Utc>,
    calendar: WorkCalendar,
    /// year -> last sequence number used
    seq: BTreeMap<i32, u64>,
    full_events: bool,
    /// Compress delays so that a forced status is reached in a short time.
    fast: bool,
    draft_no: u64,
}

impl Generator<'_> {
    /// A delay in minutes, much shorter in fast mode.
    fn delay(&mut self, lo: i64, hi: i64) -> TimeDelta {
        if self.fast {
            self.rng.minutes(lo.min(10), hi.min(120))
        } else {
            self.rng.minutes(lo, hi)
        }
    }

    /// Staff act in office hours (07:30–17:00 Việt Nam time, working days): moves `t` forward
    /// to the next such moment if needed.
    fn office(&mut self, t: DateTime<Utc>) -> DateTime<Utc> {
        let offset = TimeDelta::seconds(VN_OFFSET_SECONDS.into());
        let local = (t + offset).naive_utc();
        let minute = local.hour() * 60 + local.minute();
        const START: u32 = 7 * 60 + 30;
        const END: u32 = 17 * 60;
        let mut date: NaiveDate = local.date();
        let in_hours = (START..END).contains(&minute);
        if in_hours && self.calendar.is_working_day(date) {
            return t;
        }
        if minute >= END {
            date = date.succ_opt().unwrap_or(date);
        }
        while !self.calendar.is_working_day(date) {
            match date.succ_opt() {
                Some(d) => date = d,
                None => return t,
            }
        }
        let start_minute = START + self.rng.below(100) as u32;
        let time = NaiveTime::from_hms_opt(
            start_minute / 60,
            start_minute % 60,
            self.rng.below(60) as u32,
        )
        .unwrap_or(NaiveTime::MIN);
        let moved = date.and_time(time).and_utc() - offset;
        moved.max(t)
    }

    fn next_code(&mut self, at: DateTime<Utc>) -> String {
        let year = vn_year(at);
        let seq = self.seq.entry(year).or_insert(0);
        *seq += 1;
        ReportCode::new(year, *seq).to_string()
    }

    fn officer_of(&mut self, agency_id: i64) -> Option<i64> {
        let list = self.world.officers.get(&agency_id)?;
        Some(*self.rng.pick(list))
    }

    fn operator(&mut self) -> Option<i64> {
        if self.world.operators.is_empty() {
            None
        } else {
            Some(*self.rng.pick(&self.world.operators))
        }
    }

    /// Another plausible agency when the first one returns or is replaced: the district's
    /// People's Committee, or else the department for the subject.
    fn alternative(&mut self, cat: &Cat, district: &District, current: i64) -> Option<i64> {
        if let Some(c) = district.committee.filter(|&c| c != current) {
            return Some(c);
        }
        let by_subject = match cat.code.as_str() {
            "ha_tang_giao_thong" => "SO-GTVT",
            "ve_sinh_moi_truong" => "SO-TNMT",
            "trat_tu_xay_dung" => "SO-XD",
            "ha_tang_do_thi" => "PC-QUANGTRI",
            "an_ninh_trat_tu" => "CA-TINH",
            "dich_vu_cong" => "NUOC-QUANGTRI",
            "thai_do_can_bo" => "SO-NV",
            _ => "SO-TNMT",
        };
        self.world
            .agency_by_code(by_subject)
            .filter(|&a| a != current)
            .or_else(|| {
                self.world
                    .agencies
                    .iter()
                    .map(|a| a.id)
                    .find(|&a| a != current)
            })
    }

    fn sample_point(&mut self, d: &District) -> (Point, Option<i64>, Option<String>) {
        // More than half of what people report is in towns and wards.
        let target: (&Geometry, &BBox) = if !d.communes.is_empty() && self.rng.chance(0.55) {
            let c = &d.communes[self.rng.below(d.communes.len())];
            (&c.geometry, &c.bbox)
        } else {
            (&d.geometry, &d.bbox)
        };
        let mut point = None;
        for _ in 0..500 {
            let p = Point {
                lat: self.rng.range(target.1.min_lat, target.1.max_lat),
                lng: self.rng.range(target.1.min_lng, target.1.max_lng),
            };
            if target.0.contains(p) && d.geometry.contains(p) {
                point = Some(p);
                break;
            }
        }
        let p = point
            .or_else(|| d.geometry.centroid().filter(|c| d.geometry.contains(*c)))
            .unwrap_or(Point {
                lat: (d.bbox.min_lat + d.bbox.max_lat) / 2.0,
                lng: (d.bbox.min_lng + d.bbox.max_lng) / 2.0,
            });
        let p = Point {
            lat: (p.lat * 1e6).round() / 1e6,
            lng: (p.lng * 1e6).round() / 1e6,
        };
        match d
            .communes
            .iter()
            .find(|c| c.bbox.contains(p) && c.geometry.contains(p))
        {
            Some(c) => (p, Some(c.id), Some(c.name.clone())),
            None => (p, None, None),
        }
    }

    /// One report first seen at `at`. `forced` names the status it must end in (when time
    /// allows); `earlier` are reports of the same batch a duplicate may point to.
    fn plan(
        &mut self,
        at: DateTime<Utc>,
        forced: Option<Status>,
        earlier: &[(String, i64)],
    ) -> Result<Plan, DbErr> {
        let world = self.world;
        let district = &world.districts[self.rng.weighted(&world.district_weights)];
        let cat = &world.cats[self.rng.weighted(&world.cat_weights)];
        let issue: &Issue = self.rng.pick(cat.text.issues);
        let (point, commune_id, commune_name) = self.sample_point(district);

        let t = district.text;
        let street = self.rng.pick(t.streets).to_string();
        let street2 = if t.streets.len() > 1 {
            let mut s = self.rng.pick(t.streets).to_string();
            while s == street {
                s = self.rng.pick(t.streets).to_string();
            }
            s
        } else {
            street.clone()
        };
        let vars = Vars {
            street: street.clone(),
            street2,
            no: self.rng.int(2, 480).to_string(),
            place: self.rng.pick(t.places).to_string(),
            district: t.in_sentence.to_string(),
            unit: commune_name
                .clone()
                .unwrap_or_else(|| t.in_sentence.to_string()),
        };
        let title = fill(issue.title, &vars);
        let mut sentences = vec![fill(issue.facts[0], &vars)];
        for f in &issue.facts[1..] {
            if sentences.len() < 4 && self.rng.chance(0.6) {
                sentences.push(fill(f, &vars));
            }
        }
        if sentences.len() < 2 || self.rng.chance(0.7) {
            sentences.push(self.rng.pick(data::CLOSINGS).to_string());
        }
        let content = sentences.join(" ");
        let address = match &commune_name {
            Some(c) => format!("Số {} {}, {}, {}", vars.no, street, c, district.name),
            None => format!("Số {} {}, {}", vars.no, street, district.name),
        };

        let channel = match self.rng.weighted(&[45, 38, 8, 5, 4]) {
            // Only an author with an account can keep a draft or withdraw.
            _ if matches!(forced, Some(Status::Draft | Status::Withdrawn)) => Channel::Web,
            0 => Channel::Web,
            1 => Channel::App,
            2 => Channel::Hotline,
            3 => Channel::Fanpage,
            _ => Channel::WalkIn,
        };
        let citizen = if world.citizens.is_empty() {
            None
        } else {
            Some(*self.rng.pick(&world.citizens))
        };
        let on_behalf = !matches!(channel, Channel::Web | Channel::App) || citizen.is_none();
        let channel = if on_behalf && matches!(channel, Channel::Web | Channel::App) {
            Channel::Hotline
        } else {
            channel
        };
        let reporter_id = if on_behalf { None } else { citizen };
        let (reporter_name, reporter_phone) = if on_behalf {
            (
                Some(person_name(&mut self.rng)),
                Some(mobile_phone(&mut self.rng)),
            )
        } else {
            (None, None)
        };
        let citizen_urgent = self.rng.chance(0.14);
        let level = if citizen_urgent && self.rng.chance(0.6) || self.rng.chance(0.04) {
            Level::Urgent
        } else {
            Level::Normal
        };

        let age = self.now - at;
        let fate = forced.or_else(|| {
            let r = self.rng.f64();
            if r < 0.02 && !on_behalf {
                Some(Status::Draft)
            } else if r < 0.04 && !on_behalf {
                Some(Status::Withdrawn)
            } else if r < 0.08 {
                Some(Status::Rejected)
            } else if r < 0.11 && !earlier.is_empty() {
                Some(Status::Duplicate)
            } else if r < 0.15 && age > TimeDelta::days(30) {
                // A few old reports stay stuck with the agency: the overdue list.
                Some(Status::Processing)
            } else if r < 0.17 && age < TimeDelta::days(10) {
                // Verified but kept by the centre for now (waiting for more information).
                Some(Status::Verified)
            } else {
                None
            }
        });

        let mut w = Walk::default();
        self.walk(
            &mut w,
            at,
            fate,
            reporter_id,
            channel,
            level,
            cat,
            district,
            commune_id,
            earlier,
            issue,
            &vars,
        )?;

        let status = w.status.unwrap_or(Status::Draft);
        let code = if status == Status::Draft {
            self.draft_no += 1;
            // Drafts get their real code on submission; until then a unique placeholder.
            format!(
                "NHAP-{:x}-{}",
                self.rng.next_u64() & 0xffff_ffff,
                self.draft_no
            )
        } else {
            self.next_code(w.received_at.unwrap_or(at))
        };
        let created_at = w.events.first().map_or(at, |e| e.at);
        let updated_at = w.events.last().map_or(at, |e| e.at);
        let published = matches!(status, Status::Published | Status::Closed);
        let is_public = w.is_public && status.is_public_visible();
        // Neighbours like and comment on public reports (only the full demo writes the rows).
        let (likes, comments) = match w.verified_at {
            Some(from) if is_public && self.full_events => self.reactions(from, w.published_at),
            _ => (Vec::new(), Vec::new()),
        };
        let level = if w.verified_at.is_none() {
            if citizen_urgent {
                Level::Urgent
            } else {
                Level::Normal
            }
        } else {
            level
        };
        if !self.full_events {
            w.events.truncate(1);
        }

        let hide_name = self.rng.chance(0.15);
        let shown_name = match reporter_id {
            _ if hide_name => None,
            Some(id) => self.world.names.get(&id).map(String::as_str),
            None => reporter_name.as_deref(),
        };
        let search_text =
            crate::server::search::document(&code, &title, &content, &address, shown_name);
        let report = report::ActiveModel {
            search_text: Set(search_text),
            code: Set(code.clone()),
            title: Set(title),
            content: Set(content),
            category_id: Set(Some(cat.id)),
            citizen_urgent: Set(citizen_urgent),
            level: Set(level.as_str().to_string()),
            status: Set(status.as_str().to_string()),
            lat: Set(point.lat),
            lng: Set(point.lng),
            address: Set(address),
            district_id: Set(Some(district.id)),
            commune_id: Set(commune_id),
            reporter_id: Set(reporter_id),
            reporter_name: Set(reporter_name),
            reporter_phone: Set(reporter_phone),
            hide_name: Set(hide_name),
            channel: Set(channel.as_str().to_string()),
            agency_id: Set(w.agency_id),
            officer_id: Set(w.officer_id),
            due_at: Set(w.due_at),
            returned_at: Set(w.returned_at),
            received_at: Set(w.received_at),
            verified_at: Set(w.verified_at),
            dispatched_at: Set(w.dispatched_at),
            resolved_at: Set(w.resolved_at),
            processing_days: Set(processing_days(
                &self.calendar,
                w.dispatched_at,
                w.resolved_at,
            )),
            published_at: Set(w.published_at),
            closed_at: Set(w.closed_at),
            result_text: Set(w.result_text.clone()),
            is_public: Set(is_public),
            result_public: Set(published),
            like_count: Set(likes.len() as i32),
            comment_count: Set(comments.len() as i32),
            follow_up_of: Set(None),
            duplicate_of: Set(None),
            created_at: Set(created_at),
            updated_at: Set(updated_at),
            ..Default::default()
        };
        Ok(Plan {
            report,
            code,
            status,
            category_id: cat.id,
            events: w.events,
            duplicate_of: w.duplicate_of,
            likes,
            comments,
        })
    }

    /// Likes (distinct citizens) and approved comments on a report public since `from`.
    #[allow(clippy::type_complexity)]
    fn reactions(
        &mut self,
        from: DateTime<Utc>,
        published: Option<DateTime<Utc>>,
    ) -> (Vec<(i64, DateTime<Utc>)>, Vec<(i64, String, DateTime<Utc>)>) {
        let citizens = &self.world.citizens;
        if citizens.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let window = (self.now - from).num_seconds().clamp(1, 40 * 86_400);
        let at = |rng: &mut Rng, start: DateTime<Utc>| {
            let w = (self.now - start).num_seconds().clamp(1, window);
            start + TimeDelta::seconds(rng.int(1, w))
        };
        let n_likes = ((self.rng.f64().powi(3) * 16.0) as usize).min(citizens.len());
        let mut pool: Vec<i64> = citizens.clone();
        let mut likes = Vec::with_capacity(n_likes);
        for k in 0..n_likes {
            let j = k + self.rng.below(pool.len() - k);
            pool.swap(k, j);
            likes.push((pool[k], at(&mut self.rng, from)));
        }
        let mut comments = Vec::new();
        if self.rng.chance(0.3) {
            for _ in 0..self.rng.int(1, 3) {
                let author = *self.rng.pick(citizens);
                let body = self.rng.pick(data::COMMENTS).to_string();
                comments.push((author, body, at(&mut self.rng, from)));
            }
        }
        if let Some(p) = published.filter(|_| self.rng.chance(0.25)) {
            let author = *self.rng.pick(citizens);
            let body = self.rng.pick(data::THANKS_COMMENTS).to_string();
            comments.push((author, body, at(&mut self.rng, p)));
        }
        comments.sort_by_key(|c| c.2);
        (likes, comments)
    }

    #[allow(clippy::too_many_arguments)]
    fn walk(
        &mut self,
        w: &mut Walk,
        at: DateTime<Utc>,
        fate: Option<Status>,
        reporter_id: Option<i64>,
        channel: Channel,
        level: Level,
        cat: &Cat,
        district: &District,
        commune_id: Option<i64>,
        earlier: &[(String, i64)],
        issue: &Issue,
        vars: &Vars,
    ) -> Result<(), DbErr> {
        let now = self.now;
        let on_behalf = reporter_id.is_none();
        let stop_at = |s: Status| fate == Some(s);

        // Filing.
        if on_behalf {
            let note = match channel {
                Channel::Fanpage => "Tiếp nhận qua trang Fanpage của Trung tâm",
                Channel::WalkIn => "Công dân đến phản ánh trực tiếp tại Trung tâm",
                _ => "Tiếp nhận qua đường dây nóng của Trung tâm",
            };
            let op = self.operator();
            w.step(
                Action::FileOnBehalf,
                Role::Operator,
                op,
                at,
                Some(note.into()),
            )?;
        } else {
            if stop_at(Status::Draft) {
                return w.step(Action::SaveDraft, Role::Citizen, reporter_id, at, None);
            }
            if self.rng.chance(0.2) {
                let drafted = at - self.rng.minutes(10, 2 * 24 * 60);
                w.step(Action::SaveDraft, Role::Citizen, reporter_id, drafted, None)?;
            }
            w.step(Action::Submit, Role::Citizen, reporter_id, at, None)?;
        }
        w.received_at = Some(at);
        if stop_at(Status::Submitted) {
            return Ok(());
        }

        if stop_at(Status::Withdrawn) {
            let t = at + self.delay(20, 24 * 60);
            if t <= now {
                w.step(
                    Action::Withdraw,
                    Role::Citizen,
                    reporter_id,
                    t,
                    Some("Vấn đề đã được giải quyết, tôi xin rút phản ánh.".into()),
                )?;
            }
            return Ok(());
        }

        // The operations centre reads the report.
        let d = self.delay(20, 20 * 60);
        let t = self.office(at + d);
        if t > now {
            return Ok(());
        }
        if stop_at(Status::Rejected) {
            let reason = self.rng.pick(data::REJECTION_REASONS).to_string();
            let op = self.operator();
            return w.step(Action::Reject, Role::Operator, op, t, Some(reason));
        }
        if stop_at(Status::Duplicate) {
            if let Some(target) = earlier
                .iter()
                .rev()
                .find(|(_, c)| *c == cat.id)
                .or_else(|| earlier.last())
            {
                let op = self.operator();
                w.step(
                    Action::MarkDuplicate,
                    Role::Operator,
                    op,
                    t,
                    Some(format!("Nội dung trùng với phản ánh {}, đề nghị công dân theo dõi kết quả tại phản ánh này.", target.0)),
                )?;
                w.duplicate_of = Some(target.0.clone());
                return Ok(());
            }
            let op = self.operator();
            let reason = data::REJECTION_REASONS[1].to_string();
            return w.step(Action::Reject, Role::Operator, op, t, Some(reason));
        }
        w.is_public = self.rng.chance(0.88);
        let op = self.operator();
        let note = format!(
            "Đã xác minh; lĩnh vực: {}; mức độ: {}; {}.",
            cat.name,
            if level == Level::Urgent {
                "khẩn"
            } else {
                "thông thường"
            },
            if w.is_public {
                "công khai"
            } else {
                "không công khai"
            }
        );
        w.step(Action::Verify, Role::Operator, op, t, Some(note))?;
        w.verified_at = Some(t);
        if stop_at(Status::Verified) {
            return Ok(());
        }

        // Dispatch to the suggested agency.
        let chain: Vec<i64> = commune_id
            .into_iter()
            .chain(Some(district.id))
            .chain(self.world.province_id)
            .collect();
        let Some(first_agency) =
            suggest(&self.world.rules, Some(cat.id), &chain, district.committee)
                .map(|s| s.agency_id)
        else {
            return Ok(());
        };
        let days = deadline_days(cat.default_days, cat.urgent_days, level);
        let d = self.delay(10, 6 * 60);
        let t = self.office(t + d);
        if t > now {
            return Ok(());
        }
        self.dispatch(w, Action::Dispatch, first_agency, t, days)?;
        if stop_at(Status::Dispatched) {
            return Ok(());
        }

        // Sometimes the agency says "not ours" and the centre dispatches elsewhere.
        if self.rng.chance(0.05) {
            let d = self.delay(60, 2 * 24 * 60);
            let t = self.office(t + d);
            if t > now {
                return Ok(());
            }
            let officer = self.officer_of(first_agency);
            let reason = self.rng.pick(data::RETURN_REASONS).to_string();
            w.step(Action::Return, Role::Officer, officer, t, Some(reason))?;
            w.agency_id = None;
            w.due_at = None;
            w.returned_at = Some(t);
            let d = self.delay(60, 8 * 60);
            let t2 = self.office(t + d);
            if t2 > now {
                return Ok(());
            }
            if let Some(other) = self.alternative(cat, district, first_agency) {
                self.dispatch(w, Action::Dispatch, other, t2, days)?;
            } else {
                return Ok(());
            }
        }

        // The agency accepts.
        let last = w.t.unwrap_or(t);
        let d = self.delay(30, 2 * 24 * 60);
        let t = self.office(last + d);
        if t > now {
            return Ok(());
        }
        self.accept(w, t)?;

        // Now and then the centre moves it to another agency, keeping the deadline.
        if self.rng.chance(0.04) {
            let d = self.delay(60, 2 * 24 * 60);
            let t = self.office(t + d);
            if t > now {
                return Ok(());
            }
            let current = w.agency_id.unwrap_or(first_agency);
            if let Some(other) = self.alternative(cat, district, current) {
                let op = self.operator();
                w.step(
                    Action::Transfer,
                    Role::Operator,
                    op,
                    t,
                    Some(format!(
                        "Chuyển {} xử lý theo thẩm quyền; giữ nguyên hạn xử lý.",
                        self.world.agency_name(other)
                    )),
                )?;
                w.agency_id = Some(other);
                w.officer_id = None;
                w.dispatched_at = Some(t);
                let d = self.delay(30, 24 * 60);
                let t2 = self.office(t + d);
                if t2 > now {
                    return Ok(());
                }
                self.accept(w, t2)?;
            }
        }
        if stop_at(Status::Processing) {
            return Ok(());
        }

        // Asking for more time.
        if self.rng.chance(0.06) {
            let d = self.delay(24 * 60, 4 * 24 * 60);
            let t = self.office(w.t.unwrap_or(t) + d);
            if t > now {
                return Ok(());
            }
            let due = w.due_at.unwrap_or(t);
            let proposed = self.calendar.add_working_days(due, 5);
            let officer = w.officer_id;
            let reason = format!(
                "{} Đề nghị gia hạn đến ngày {}.",
                self.rng.pick(data::EXTENSION_REASONS),
                vn_date(proposed)
            );
            w.step(
                Action::RequestExtension,
                Role::Officer,
                officer,
                t,
                Some(reason),
            )?;
            let d = self.delay(120, 24 * 60);
            let t2 = self.office(t + d);
            if t2 > now {
                return Ok(());
            }
            let op = self.operator();
            if self.rng.chance(0.7) {
                w.step(
                    Action::ApproveExtension,
                    Role::Operator,
                    op,
                    t2,
                    Some(format!("Đồng ý gia hạn đến ngày {}.", vn_date(proposed))),
                )?;
                w.due_at = Some(proposed);
            } else {
                w.step(
                    Action::RefuseExtension,
                    Role::Operator,
                    op,
                    t2,
                    Some("Không đồng ý gia hạn, đề nghị đơn vị khẩn trương xử lý.".into()),
                )?;
            }
        }

        // The result: usually on time, sometimes late.
        let dispatched = w.dispatched_at.unwrap_or(t);
        let due = w.due_at.unwrap_or(dispatched + TimeDelta::days(14));
        let span = (due - dispatched).num_seconds().max(3600) as f64;
        let r = if self.rng.chance(0.82) {
            self.rng.range(0.15, 0.95)
        } else {
            self.rng.range(1.05, 2.0)
        };
        let last = w.t.unwrap_or(t);
        let planned = if self.fast {
            last + self.delay(60, 600)
        } else {
            (dispatched + TimeDelta::seconds((span * r) as i64)).max(last + TimeDelta::hours(2))
        };
        let t = self.office(planned);
        if t > now {
            return Ok(());
        }
        let result = fill(issue.result, vars);
        let officer = w.officer_id;
        w.step(
            Action::Resolve,
            Role::Officer,
            officer,
            t,
            Some(result.clone()),
        )?;
        w.resolved_at = Some(t);
        w.result_text = Some(result);
        if stop_at(Status::Resolved) {
            return Ok(());
        }

        // The centre checks the result; now and then it wants more.
        let mut t = t;
        if self.rng.chance(0.06) {
            let d = self.delay(120, 24 * 60);
            let t1 = self.office(t + d);
            if t1 > now {
                return Ok(());
            }
            let op = self.operator();
            let note = self.rng.pick(data::SEND_BACK_NOTES).to_string();
            w.step(Action::SendBack, Role::Operator, op, t1, Some(note))?;
            let d = self.delay(24 * 60, 3 * 24 * 60);
            let t2 = self.office(t1 + d);
            if t2 > now {
                return Ok(());
            }
            let result = w.result_text.clone();
            w.step(Action::Resolve, Role::Officer, officer, t2, result)?;
            w.resolved_at = Some(t2);
            t = t2;
        }
        let d = self.delay(60, 2 * 24 * 60);
        let t = self.office(t + d);
        if t > now {
            return Ok(());
        }
        let op = self.operator();
        w.step(
            Action::Publish,
            Role::Operator,
            op,
            t,
            Some("Phê duyệt và công khai kết quả xử lý.".into()),
        )?;
        w.published_at = Some(t);
        if stop_at(Status::Published) {
            return Ok(());
        }

        // Closing: mostly the scheduler, 30 days after publishing.
        let (close_at, role, who, note) = if self.rng.chance(0.12) {
            let d = self.delay(3 * 24 * 60, 15 * 24 * 60);
            let c = self.office(t + d);
            (c, Role::Operator, self.operator(), "Đóng phản ánh.")
        } else {
            let c = t
                + TimeDelta::days(crate::domain::lifecycle::AUTO_CLOSE_DAYS)
                + self.rng.minutes(1, 360);
            (
                c,
                Role::System,
                None,
                "Tự động đóng sau 30 ngày kể từ khi công khai kết quả.",
            )
        };
        if close_at > now {
            return Ok(());
        }
        w.step(Action::Close, role, who, close_at, Some(note.into()))?;
        w.closed_at = Some(close_at);
        Ok(())
    }

    fn dispatch(
        &mut self,
        w: &mut Walk,
        action: Action,
        agency_id: i64,
        t: DateTime<Utc>,
        days: u32,
    ) -> Result<(), DbErr> {
        let due = self.calendar.add_working_days(t, days);
        let op = self.operator();
        let note = format!(
            "Chuyển {} xử lý, hạn xử lý đến ngày {}.",
            self.world.agency_name(agency_id),
            vn_date(due)
        );
        w.step(action, Role::Operator, op, t, Some(note))?;
        w.agency_id = Some(agency_id);
        w.officer_id = None;
        w.dispatched_at = Some(t);
        w.due_at = Some(due);
        w.returned_at = None;
        Ok(())
    }

    fn accept(&mut self, w: &mut Walk, t: DateTime<Utc>) -> Result<(), DbErr> {
        let officer = w.agency_id.and_then(|a| self.officer_of(a));
        w.step(
            Action::Accept,
            Role::Officer,
            officer,
            t,
            Some("Đơn vị đã tiếp nhận, đang kiểm tra hiện trường.".into()),
        )?;
        w.officer_id = officer;
        Ok(())
    }
}

// ------------------------------------------------------------------ batches

/// Rows per multi-row INSERT of reports: 37 columns × 500 = 18,500 bind variables, under
/// SQLite's 32,766 and PostgreSQL's 65,535.
const REPORTS_PER_INSERT: usize = 500;
/// Events have 8 columns: 8 × 2,000 = 16,000 bind variables.
const EVENTS_PER_INSERT: usize = 2000;
/// Reports per transaction: big enough to amortise commits, small enough to bound memory.
const REPORTS_PER_TXN: usize = 5000;
/// The demo's reports span this many days before `now`.
const SPAN_DAYS: i64 = 365;
/// How much denser recent filings are: about a third of the reports arrive in the last 45 days,
/// so the inboxes and the "in progress" lists are well filled.
const DENSITY_POWER: f64 = 2.0;

/// The moment the `i`-th of `n` reports was filed: increasing with `i`, denser towards `now`
/// (a busy recent month shows more open reports than a year-old one).
fn filed_at(i: usize, n: usize, jitter: f64, now: DateTime<Utc>) -> DateTime<Utc> {
    let u = ((i as f64 + jitter) / n.max(1) as f64).clamp(0.0, 1.0);
    let span = (SPAN_DAYS * 86_400) as f64;
    let age = 600.0 + span * (1.0 - u).powf(DENSITY_POWER);
    now - TimeDelta::seconds(age as i64)
}

/// Inverse of `filed_at` without jitter: which index is about `age_days` old.
fn index_of_age(age_days: f64, n: usize) -> usize {
    let u = 1.0
        - (age_days / SPAN_DAYS as f64)
            .clamp(0.0, 1.0)
            .powf(1.0 / DENSITY_POWER);
    ((u * n as f64) as usize).min(n.saturating_sub(1))
}

/// The last sequence number used in `year`'s codes (codes of 7+ digits sort after 6).
async fn last_seq<C: ConnectionTrait>(db: &C, year: i32) -> Result<u64, DbErr> {
    let last: Option<String> = report::Entity::find()
        .select_only()
        .column(report::Column::Code)
        .filter(report::Column::Code.like(format!("PA-{year}-%")))
        .order_by_desc(Expr::cust("LENGTH(code)"))
        .order_by_desc(report::Column::Code)
        .limit(1)
        .into_tuple()
        .one(db)
        .await?;
    Ok(last
        .and_then(|c| c.parse::<ReportCode>().ok())
        .map_or(0, |c| c.seq))
}

async fn generate(
    db: &DatabaseConnection,
    n: usize,
    opts: &SeedOptions,
    full_events: bool,
) -> Result<(usize, usize), DbErr> {
    if n == 0 {
        return Ok((0, 0));
    }
    let world = load_world(db).await?;
    let existing = report::Entity::find().count(db).await?;
    // Whole seconds: timestamps read back the same from either database.
    let now = opts.now.with_nanosecond(0).unwrap_or(opts.now);
    let mut seq = BTreeMap::new();
    for year in vn_year(now - TimeDelta::days(SPAN_DAYS + 1))..=vn_year(now) {
        seq.insert(year, last_seq(db, year).await?);
    }
    let mut g = Generator {
        world: &world,
        rng: Rng::new(opts.rng_seed ^ existing.wrapping_mul(0x9E37_79B9)),
        now,
        calendar: WorkCalendar::vietnam_default(),
        seq,
        full_events,
        fast: false,
        draft_no: existing,
    };

    // The full demo shows every status at least once: a report of a suitable age is steered
    // to each status (the rest follow chance and time).
    let mut forced: BTreeMap<usize, Status> = BTreeMap::new();
    if full_events && n >= 30 {
        let wanted = [
            (Status::Closed, 200.0),
            (Status::Published, 14.0),
            (Status::Resolved, 9.0),
            (Status::Processing, 7.0),
            (Status::Dispatched, 2.0),
            (Status::Verified, 1.6),
            (Status::Submitted, 0.4),
            (Status::Draft, 2.5),
            (Status::Withdrawn, 3.0),
            (Status::Rejected, 4.0),
            (Status::Duplicate, 5.0),
        ];
        for (status, age) in wanted {
            let mut i = index_of_age(age, n);
            while forced.contains_key(&i) || i.is_multiple_of(REPORTS_PER_INSERT) {
                i = if i + 1 < n { i + 1 } else { 1 };
            }
            forced.insert(i, status);
        }
    }

    let (mut reports, mut events) = (0, 0);
    let mut i = 0;
    while i < n {
        let end = (i + REPORTS_PER_TXN).min(n);
        let txn = db.begin().await?;
        let mut chunk_start = i;
        while chunk_start < end {
            let chunk_end = (chunk_start + REPORTS_PER_INSERT).min(end);
            let mut plans = Vec::with_capacity(chunk_end - chunk_start);
            let mut earlier: Vec<(String, i64)> = Vec::new();
            for k in chunk_start..chunk_end {
                let at = filed_at(k, n, g.rng.f64(), now);
                let target = forced.get(&k).copied();
                let mut plan = g.plan(at, target, &earlier)?;
                if let Some(want) = target {
                    // Not reached in the time left before `now`: try again with short delays.
                    if plan.status != want {
                        g.fast = true;
                        // Undo the code this attempt consumed, so codes stay gapless.
                        if plan.status != Status::Draft {
                            if let Some(s) =
                                g.seq.get_mut(&vn_year(plan_received(&plan).unwrap_or(at)))
                            {
                                *s -= 1;
                            }
                        }
                        plan = g.plan(at, target, &earlier)?;
                        g.fast = false;
                    }
                }
                if plan.status != Status::Draft && plan.status != Status::Duplicate {
                    earlier.push((plan.code.clone(), plan.category_id));
                }
                plans.push(plan);
            }
            let (r, e) = insert_plans(&txn, plans).await?;
            reports += r;
            events += e;
            chunk_start = chunk_end;
        }
        txn.commit().await?;
        i = end;
    }
    Ok((reports, events))
}

fn plan_received(p: &Plan) -> Option<DateTime<Utc>> {
    match &p.report.received_at {
        sea_orm::ActiveValue::Set(v) | sea_orm::ActiveValue::Unchanged(v) => *v,
        sea_orm::ActiveValue::NotSet => None,
    }
}

async fn insert_plans<C: ConnectionTrait>(
    db: &C,
    plans: Vec<Plan>,
) -> Result<(usize, usize), DbErr> {
    if plans.is_empty() {
        return Ok((0, 0));
    }
    let codes: Vec<String> = plans.iter().map(|p| p.code.clone()).collect();
    let count = plans.len();
    let mut events = Vec::new();
    let mut rows = Vec::with_capacity(count);
    let mut duplicates = Vec::new();
    let mut reactions = Vec::new();
    for p in plans {
        rows.push(p.report);
        if let Some(target) = p.duplicate_of {
            duplicates.push((p.code.clone(), target));
        }
        if !p.likes.is_empty() || !p.comments.is_empty() {
            reactions.push((p.code.clone(), p.likes, p.comments));
        }
        events.push((p.code, p.events));
    }
    report::Entity::insert_many(rows).exec(db).await?;

    let ids: BTreeMap<String, i64> = report::Entity::find()
        .select_only()
        .column(report::Column::Code)
        .column(report::Column::Id)
        .filter(report::Column::Code.is_in(codes))
        .into_tuple::<(String, i64)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    crate::server::search::sync_many(db, &ids.values().copied().collect::<Vec<_>>()).await?;
    let id_of = |code: &str| {
        ids.get(code)
            .copied()
            .ok_or_else(|| DbErr::Custom(format!("report {code} vanished after insert")))
    };

    let mut n_events = 0;
    let mut batch = Vec::with_capacity(EVENTS_PER_INSERT);
    for (code, evs) in events {
        let report_id = id_of(&code)?;
        for e in evs {
            batch.push(report_event::ActiveModel {
                report_id: Set(report_id),
                actor_id: Set(e.actor_id),
                action: Set(e.action.as_str().to_string()),
                from_status: Set(e.from.map(|s| s.as_str().to_string())),
                to_status: Set(e.to.as_str().to_string()),
                note: Set(e.note),
                is_public: Set(e.is_public),
                at: Set(e.at),
                ..Default::default()
            });
            if batch.len() == EVENTS_PER_INSERT {
                n_events += batch.len();
                report_event::Entity::insert_many(std::mem::take(&mut batch))
                    .exec(db)
                    .await?;
            }
        }
    }
    if !batch.is_empty() {
        n_events += batch.len();
        report_event::Entity::insert_many(batch).exec(db).await?;
    }

    let operator = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Operator.as_str()))
        .order_by_asc(user::Column::Id)
        .one(db)
        .await?
        .map(|u| u.id);
    let mut like_rows = Vec::new();
    let mut comment_rows = Vec::new();
    for (code, likes, comments) in reactions {
        let report_id = id_of(&code)?;
        for (user_id, at) in likes {
            like_rows.push(like::ActiveModel {
                user_id: Set(user_id),
                report_id: Set(Some(report_id)),
                comment_id: Set(None),
                created_at: Set(at),
                ..Default::default()
            });
        }
        for (author_id, body, at) in comments {
            let moderated = at + TimeDelta::hours(2);
            comment_rows.push(comment::ActiveModel {
                report_id: Set(report_id),
                author_id: Set(author_id),
                parent_id: Set(None),
                body: Set(body),
                status: Set("approved".to_string()),
                reason: Set(None),
                moderator_id: Set(operator),
                like_count: Set(0),
                created_at: Set(at),
                updated_at: Set(moderated),
                moderated_at: Set(Some(moderated)),
                ..Default::default()
            });
        }
    }
    for batch in like_rows.chunks(EVENTS_PER_INSERT) {
        like::Entity::insert_many(batch.to_vec()).exec(db).await?;
    }
    for batch in comment_rows.chunks(REPORTS_PER_INSERT) {
        comment::Entity::insert_many(batch.to_vec())
            .exec(db)
            .await?;
    }

    for (code, target) in duplicates {
        let target_id = id_of(&target)?;
        report::Entity::update_many()
            .col_expr(report::Column::DuplicateOf, Expr::value(target_id))
            .filter(report::Column::Code.eq(code))
            .exec(db)
            .await?;
    }
    Ok((count, n_events))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::lifecycle::Role;
    use chrono::TimeZone;
    use std::collections::{BTreeSet, HashMap};

    fn opts(reports: usize) -> SeedOptions {
        SeedOptions {
            reports,
            rng_seed: 7,
            now: Utc.with_ymd_and_hms(2026, 3, 20, 3, 0, 0).unwrap(),
        }
    }

    #[test]
    fn rng_is_deterministic_and_spread() {
        let mut a = Rng::new(1);
        let mut b = Rng::new(1);
        let xs: Vec<u64> = (0..100).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..100).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        let mut counts = [0usize; 4];
        for _ in 0..40_000 {
            counts[a.weighted(&[1, 1, 1, 1])] += 1;
        }
        assert!(
            counts.iter().all(|&c| (9_000..11_000).contains(&c)),
            "{counts:?}"
        );
    }

    #[test]
    fn filing_times_increase_towards_now() {
        let now = opts(0).now;
        let n = 1000;
        let times: Vec<_> = (0..n).map(|i| filed_at(i, n, 0.5, now)).collect();
        assert!(times.windows(2).all(|w| w[0] < w[1]));
        assert!(now - times[0] <= TimeDelta::days(SPAN_DAYS + 1));
        assert!(times[n - 1] < now);
        let i = index_of_age(14.0, n);
        let age = (now - filed_at(i, n, 0.0, now)).num_hours() as f64 / 24.0;
        assert!((age - 14.0).abs() < 1.5, "{age}");
    }

    #[test]
    fn office_hours_move_forward_only() {
        let world_less = WorkCalendar::vietnam_default();
        let saturday_night = Utc.with_ymd_and_hms(2026, 3, 21, 15, 0, 0).unwrap(); // 22:00 ICT Sat
        let w = World {
            province_id: None,
            districts: vec![],
            district_weights: vec![],
            cats: vec![],
            cat_weights: vec![],
            rules: vec![],
            agencies: vec![],
            officers: BTreeMap::new(),
            operators: vec![],
            citizens: vec![],
            names: BTreeMap::new(),
        };
        let mut g = Generator {
            world: &w,
            rng: Rng::new(3),
            now: saturday_night,
            calendar: world_less,
            seq: BTreeMap::new(),
            full_events: true,
            fast: false,
            draft_no: 0,
        };
        let t = g.office(saturday_night);
        let local = t + TimeDelta::hours(7);
        assert_eq!(
            local.date_naive(),
            NaiveDate::from_ymd_opt(2026, 3, 23).unwrap()
        ); // Monday
        assert!((7..9).contains(&local.hour()));
        let tuesday_ten = Utc.with_ymd_and_hms(2026, 3, 24, 3, 0, 0).unwrap();
        assert_eq!(g.office(tuesday_ten), tuesday_ten);
    }

    /// Everything a demo database must satisfy.
    async fn check_demo(db: &DatabaseConnection, o: &SeedOptions) {
        assert!(is_empty(db).await.unwrap());
        let s = seed_demo(db, o).await.unwrap();
        assert!(!is_empty(db).await.unwrap());
        assert_eq!(s.reports, o.reports);
        assert_eq!(s.areas, data::areas().len());
        assert_eq!(s.categories, data::CATEGORIES.len());
        assert_eq!(s.agencies, data::AGENCIES.len());
        assert!(s.users >= 35);

        let reports = report::Entity::find().all(db).await.unwrap();
        assert_eq!(reports.len(), o.reports);
        let events = report_event::Entity::find()
            .order_by_asc(report_event::Column::At)
            .order_by_asc(report_event::Column::Id)
            .all(db)
            .await
            .unwrap();
        assert_eq!(events.len(), s.events);
        let users: HashMap<i64, user::Model> = user::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        for (phone, role) in [
            ("+84900000001", "admin"),
            ("+84900000002", "operator"),
            ("+84900000003", "officer"),
            ("+84900000004", "officer"),
            ("+84900000005", "citizen"),
        ] {
            let u = users.values().find(|u| u.phone == phone).expect(phone);
            assert_eq!(u.role, role);
            assert!(crate::server::password::verify_password(
                DEMO_PASSWORD,
                &u.password_hash
            ));
        }
        let areas: HashMap<i64, area::Model> = area::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        let cats: HashMap<i64, category::Model> = category::Entity::find()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let mut by_report: HashMap<i64, Vec<&report_event::Model>> = HashMap::new();
        for e in &events {
            by_report.entry(e.report_id).or_default().push(e);
        }

        let statuses: BTreeSet<String> = reports.iter().map(|r| r.status.clone()).collect();
        for s in Status::ALL {
            assert!(
                statuses.contains(s.as_str()),
                "no {s} report among {statuses:?}"
            );
        }
        let codes: BTreeSet<&str> = reports.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(codes.len(), reports.len(), "codes are not unique");

        // Codes run 1, 2, 3… per year in the order reports arrived.
        let mut filed: Vec<&report::Model> =
            reports.iter().filter(|r| r.status != "draft").collect();
        filed.sort_by_key(|r| r.received_at);
        let mut last: BTreeMap<i32, u64> = BTreeMap::new();
        for r in &filed {
            let c: ReportCode = r.code.parse().expect("well-formed code");
            assert_eq!(c.year, vn_year(r.received_at.unwrap()));
            let prev = last.entry(c.year).or_insert(0);
            assert_eq!(c.seq, *prev + 1, "{} out of sequence", r.code);
            *prev = c.seq;
        }

        let calendar = WorkCalendar::vietnam_default();
        let mut overdue = 0;
        for r in &reports {
            let status = Status::parse(&r.status).unwrap();
            // The point lies in the district it names, and in its commune if it has one.
            let d = &areas[&r.district_id.unwrap()];
            let p = Point {
                lat: r.lat,
                lng: r.lng,
            };
            assert!(
                Geometry::from_geojson(&d.boundary).unwrap().contains(p),
                "{} outside {}",
                r.code,
                d.code
            );
            if let Some(c) = r.commune_id {
                let c = &areas[&c];
                assert_eq!(c.parent_id, Some(d.id));
                assert!(Geometry::from_geojson(&c.boundary).unwrap().contains(p));
            }

            // The history replays through the state machine to the stored status.
            let evs = by_report.get(&r.id).cloned().unwrap_or_default();
            assert!(!evs.is_empty(), "{} has no history", r.code);
            let mut cur: Option<Status> = None;
            for e in &evs {
                let role = e
                    .actor_id
                    .map(|id| Role::parse(&users[&id].role).unwrap())
                    .unwrap_or(Role::System);
                let a = Actor {
                    role,
                    is_author: e.actor_id.is_some() && e.actor_id == r.reporter_id,
                    of_assigned_agency: true,
                };
                let action = Action::parse(&e.action).unwrap();
                assert_eq!(
                    e.from_status.as_deref(),
                    cur.map(|s| s.as_str()),
                    "{}",
                    r.code
                );
                let to = transition(cur, a, action).unwrap_or_else(|x| panic!("{}: {x}", r.code));
                assert_eq!(to.as_str(), e.to_status, "{}", r.code);
                cur = Some(to);
                assert!(e.at <= o.now);
            }
            assert_eq!(cur, Some(status), "{} history ends elsewhere", r.code);

            // Timestamps agree with the events.
            let last_at = |a: Action| {
                evs.iter()
                    .rev()
                    .find(|e| e.action == a.as_str())
                    .map(|e| e.at)
            };
            let received = last_at(Action::Submit).or(last_at(Action::FileOnBehalf));
            assert_eq!(r.received_at, received, "{}", r.code);
            assert_eq!(r.verified_at, last_at(Action::Verify), "{}", r.code);
            assert_eq!(r.resolved_at, last_at(Action::Resolve), "{}", r.code);
            assert_eq!(r.published_at, last_at(Action::Publish), "{}", r.code);
            assert_eq!(r.closed_at, last_at(Action::Close), "{}", r.code);
            assert_eq!(r.created_at, evs[0].at);

            let has = |a: Action| evs.iter().any(|e| e.action == a.as_str());
            match status {
                Status::Draft
                | Status::Submitted
                | Status::Withdrawn
                | Status::Rejected
                | Status::Duplicate => {
                    assert!(!r.is_public, "{} is public", r.code);
                }
                _ => {}
            }
            if status == Status::Duplicate {
                assert!(r.duplicate_of.is_some());
            }
            if matches!(status, Status::Published | Status::Closed) {
                assert!(r.result_text.is_some() && r.result_public);
            } else {
                assert!(!r.result_public);
            }
            if r.reporter_id.is_none() {
                assert!(r.reporter_name.is_some() && r.reporter_phone.is_some());
                assert!(matches!(
                    r.channel.as_str(),
                    "hotline" | "fanpage" | "walk_in"
                ));
            } else {
                assert!(matches!(r.channel.as_str(), "web" | "app"));
            }
            if matches!(
                status,
                Status::Dispatched
                    | Status::Processing
                    | Status::Resolved
                    | Status::Published
                    | Status::Closed
            ) {
                assert!(
                    r.agency_id.is_some() && r.dispatched_at.is_some() && r.due_at.is_some(),
                    "{}",
                    r.code
                );
                if !has(Action::Transfer) && !has(Action::ApproveExtension) {
                    let c = &cats[&r.category_id.unwrap()];
                    let level = Level::parse(&r.level).unwrap();
                    let days = deadline_days(c.default_days as u32, c.urgent_days as u32, level);
                    assert_eq!(
                        r.due_at,
                        Some(calendar.add_working_days(r.dispatched_at.unwrap(), days)),
                        "{}",
                        r.code
                    );
                }
                if matches!(status, Status::Dispatched | Status::Processing)
                    && r.due_at.unwrap() < o.now
                {
                    overdue += 1;
                }
            }
        }
        assert!(overdue > 0, "no overdue report");

        // Counters match the rows behind them, and only public reports have reactions.
        let mut likes: HashMap<i64, i32> = HashMap::new();
        for l in like::Entity::find().all(db).await.unwrap() {
            *likes.entry(l.report_id.unwrap()).or_default() += 1;
        }
        let mut comments: HashMap<i64, i32> = HashMap::new();
        for c in comment::Entity::find().all(db).await.unwrap() {
            assert_eq!(c.status, "approved");
            *comments.entry(c.report_id).or_default() += 1;
        }
        for r in &reports {
            assert_eq!(
                r.like_count,
                likes.get(&r.id).copied().unwrap_or(0),
                "{}",
                r.code
            );
            assert_eq!(
                r.comment_count,
                comments.get(&r.id).copied().unwrap_or(0),
                "{}",
                r.code
            );
            if !r.is_public {
                assert_eq!(r.like_count + r.comment_count, 0, "{}", r.code);
            }
        }
        assert!(!likes.is_empty() && !comments.is_empty());
        assert!(reports.iter().filter(|r| r.hide_name).count() > 0);
        assert!(reports.iter().filter(|r| r.level == "urgent").count() > 0);
        let dongha = areas.values().find(|a| a.code == "QT-DONGHA").unwrap().id;
        let in_dongha = reports
            .iter()
            .filter(|r| r.district_id == Some(dongha))
            .count();
        assert!(
            in_dongha * 5 > reports.len(),
            "Đông Hà holds only {in_dongha}"
        );

        // More synthetic reports continue the code sequence.
        let added = add_reports(db, 5000, o).await.unwrap();
        assert_eq!(added, 5000);
        let all = report::Entity::find().count(db).await.unwrap();
        assert_eq!(all as usize, o.reports + 5000);
        let distinct: BTreeSet<String> = report::Entity::find()
            .select_only()
            .column(report::Column::Code)
            .into_tuple::<String>()
            .all(db)
            .await
            .unwrap()
            .into_iter()
            .collect();
        assert_eq!(distinct.len(), o.reports + 5000);
        let with_events: u64 = report_event::Entity::find()
            .select_only()
            .column(report_event::Column::ReportId)
            .distinct()
            .count(db)
            .await
            .unwrap();
        assert_eq!(with_events as usize, o.reports + 5000);
    }

    #[tokio::test]
    async fn demo_database_is_complete_and_consistent() {
        crate::server::testing::both(|db| async move { check_demo(&db, &opts(300)).await }).await;
    }
}
