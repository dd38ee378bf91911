//! Reference data on the server: categories, agencies, routing rules and public holidays as the
//! administration edits them. Each change asks `may` first, checks its form with the pure
//! rules of `domain::admin`, writes the row and its audit row in one transaction, and
//! answers the field problems (422) when refused — nothing is written then.
//!
//! The holiday calendar every deadline uses lives in the `holidays` table: filled at the
//! first start from the built-in Vietnamese list and the configured extra days, then
//! edited here. Each instance keeps it in memory ([`Calendar`]), reloads it after its own
//! changes and every minute (so the other instances sharing the database follow).

use crate::account::audit::AuditAction;
use crate::account::form::{FieldProblem, FormError};
use crate::account::permission::{may, Object, Permission, Subject};
use crate::domain::admin::{
    self, AdminProblem, AgencyDraft, AgencyInput, CategoryDraft, CategoryInput, Problems,
    RuleInput, TemplateInput,
};
use crate::domain::deadline::WorkCalendar;
use crate::dto::admin::*;
use crate::dto::error::AppError;
use crate::server::auth::flows::Caller;
use crate::server::auth::store::Audit;
use crate::server::entities::{
    agency, area, category, holiday, reply_template, report, routing_rule, user,
};
use crate::server::AppState;
use chrono::{Datelike, NaiveDate, Utc, Weekday};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, TransactionTrait,
};
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// The working calendar of this instance, shared by every request.
#[derive(Clone, Debug)]
pub struct Calendar(Arc<RwLock<Arc<WorkCalendar>>>);

impl Calendar {
    pub fn new(initial: WorkCalendar) -> Calendar {
        Calendar(Arc::new(RwLock::new(Arc::new(initial))))
    }

    /// The calendar now (a cheap clone of a shared pointer).
    pub fn get(&self) -> Arc<WorkCalendar> {
        match self.0.read() {
            Ok(c) => c.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    fn set(&self, c: WorkCalendar) {
        let mut w = match self.0.write() {
            Ok(w) => w,
            Err(poisoned) => poisoned.into_inner(),
        };
        *w = Arc::new(c);
    }

    /// Reads the holidays table again.
    pub async fn reload<C: ConnectionTrait>(&self, db: &C) -> Result<(), DbErr> {
        self.set(load_calendar(db).await?);
        Ok(())
    }
}

/// Holidays kept at most (a century of them is about 1,500).
const HOLIDAYS_MAX: u64 = 5000;

pub async fn load_calendar<C: ConnectionTrait>(db: &C) -> Result<WorkCalendar, DbErr> {
    let days = holiday::Entity::find()
        .limit(HOLIDAYS_MAX)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|h| NaiveDate::parse_from_str(&h.day, "%Y-%m-%d").ok());
    Ok(WorkCalendar::new(days))
}

/// On an empty holidays table (a fresh install, or one from before the table existed):
/// the built-in Vietnamese holidays and the configured extra days. Answers how many.
/// An administrator who removes every holiday gets this list back at the next start.
pub async fn seed_holidays<C: ConnectionTrait>(
    db: &C,
    configured: &WorkCalendar,
) -> Result<u64, DbErr> {
    if holiday::Entity::find().limit(1).count(db).await? > 0 {
        return Ok(0);
    }
    let named: HashMap<NaiveDate, &str> =
        WorkCalendar::vietnam_default_named().into_iter().collect();
    let now = Utc::now();
    let mut n = 0;
    for day in &configured.holidays {
        let name = named
            .get(day)
            .copied()
            .unwrap_or("Ngày nghỉ bổ sung (theo cấu hình)");
        holiday::ActiveModel {
            day: Set(day.format("%Y-%m-%d").to_string()),
            name: Set(name.to_string()),
            created_at: Set(now),
        }
        .insert(db)
        .await?;
        n += 1;
    }
    Ok(n)
}

fn refused(problems: Problems, values: &[(&str, &str)]) -> AppError {
    let mut f = FormError::new();
    for (field, p) in problems {
        f.add(field, FieldProblem::Admin(p));
    }
    for (field, v) in values {
        // Only what fits the field goes back into the form.
        if !crate::account::longer_than(v, 200) {
            f = f.keep(field, v);
        }
    }
    AppError::Form(f)
}

fn one(field: &'static str, p: AdminProblem) -> AppError {
    refused(vec![(field, p)], &[])
}

fn audit<'a>(
    caller: &'a Caller,
    who: &Subject,
    action: AuditAction,
    kind: &'a str,
    id: String,
    detail: String,
) -> Audit<'a> {
    Audit {
        actor: who.user_id,
        action,
        object: Some((kind, id)),
        ip: caller.ip.as_deref(),
        detail: Some(detail),
    }
}

#[derive(FromQueryResult)]
struct Count {
    id: Option<i64>,
    n: i64,
}

/// Reports per value of `column` (category or agency), from its index.
async fn counts<C: ConnectionTrait>(
    db: &C,
    column: report::Column,
) -> Result<HashMap<i64, u64>, DbErr> {
    let rows = report::Entity::find()
        .select_only()
        .column_as(column, "id")
        .column_as(Expr::col(report::Column::Id).count(), "n")
        .filter(column.is_not_null())
        .group_by(column)
        .into_model::<Count>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|c| Some((c.id?, u64::try_from(c.n).unwrap_or(0))))
        .collect())
}

// ---------------------------------------------------------------- categories

pub async fn list_categories(
    state: &AppState,
    who: &Subject,
) -> Result<Vec<CategoryAdminRow>, AppError> {
    may(who, Permission::ManageCategories, &Object::None)?;
    let used = counts(&state.db, report::Column::CategoryId).await?;
    Ok(category::Entity::find()
        .order_by_asc(category::Column::SortOrder)
        .order_by_asc(category::Column::Id)
        .limit(REFERENCE_MAX)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|c| CategoryAdminRow {
            reports: used.get(&c.id).copied().unwrap_or(0),
            id: c.id,
            code: c.code,
            name_vi: c.name_vi,
            name_en: c.name_en,
            default_days: c.default_days,
            urgent_days: c.urgent_days,
            color: c.color,
            icon: c.icon,
            sort_order: c.sort_order,
            active: c.active,
        })
        .collect())
}

fn category_values(i: &CategoryInput) -> Vec<(&'static str, &str)> {
    vec![
        ("code", i.code.as_str()),
        ("name_vi", i.name_vi.as_str()),
        ("name_en", i.name_en.as_str()),
        ("default_days", i.default_days.as_str()),
        ("urgent_days", i.urgent_days.as_str()),
        ("color", i.color.as_str()),
        ("icon", i.icon.as_str()),
        ("sort_order", i.sort_order.as_str()),
        ("active", if i.active.is_some() { "on" } else { "off" }),
    ]
}

/// Creates (`id` None) or changes a category. A category's code names it in links and
/// files, so it is set once: a change keeps the stored code whatever the form says.
pub async fn save_category(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    id: Option<i64>,
    input: &CategoryInput,
) -> Result<i64, AppError> {
    may(who, Permission::ManageCategories, &Object::Category)?;
    let db = &state.db;
    let existing = match id {
        Some(id) => Some(
            category::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let mut input = input.clone();
    if let Some(c) = &existing {
        input.code = c.code.clone();
    }
    let d: CategoryDraft =
        admin::check_category(&input).map_err(|p| refused(p, &category_values(&input)))?;
    let txn = db.begin().await?;
    if existing.is_none()
        && category::Entity::find()
            .filter(category::Column::Code.eq(d.code.as_str()))
            .count(&txn)
            .await?
            > 0
    {
        return Err(refused(
            vec![("code", AdminProblem::CodeTaken)],
            &category_values(&input),
        ));
    }
    let detail = format!(
        "{}: {} / {}, {}–{} ngày, {}",
        d.code,
        d.name_vi,
        d.name_en,
        d.urgent_days,
        d.default_days,
        if d.active {
            "đang dùng"
        } else {
            "ngừng dùng"
        }
    );
    let mut am = match existing {
        Some(c) => category::ActiveModel::from(c),
        None => category::ActiveModel {
            code: Set(d.code.clone()),
            ..Default::default()
        },
    };
    am.name_vi = Set(d.name_vi);
    am.name_en = Set(d.name_en);
    am.default_days = Set(d.default_days);
    am.urgent_days = Set(d.urgent_days);
    am.color = Set(d.color);
    am.icon = Set(d.icon);
    am.sort_order = Set(d.sort_order);
    am.active = Set(d.active);
    let saved = am.save(&txn).await?;
    let saved_id = match saved.id {
        sea_orm::ActiveValue::Set(v) | sea_orm::ActiveValue::Unchanged(v) => v,
        sea_orm::ActiveValue::NotSet => return Err(AppError::Internal),
    };
    let action = if id.is_some() {
        AuditAction::CategoryChanged
    } else {
        AuditAction::CategoryCreated
    };
    audit(
        caller,
        who,
        action,
        "category",
        saved_id.to_string(),
        detail,
    )
    .write(&txn, caller.now)
    .await?;
    txn.commit().await?;
    Ok(saved_id)
}

// ---------------------------------------------------------------- agencies

pub async fn list_agencies(state: &AppState, who: &Subject) -> Result<AgencyAdminPage, AppError> {
    may(who, Permission::ManageAgencies, &Object::None)?;
    let db = &state.db;
    let agencies = agency::Entity::find()
        .order_by_desc(agency::Column::Active)
        .order_by_asc(agency::Column::Name)
        .limit(REFERENCE_MAX)
        .all(db)
        .await?;
    let areas: Vec<area::Model> = area::Entity::find()
        .filter(area::Column::Kind.is_in(["province", "district"]))
        .order_by_asc(area::Column::Kind)
        .order_by_asc(area::Column::Name)
        .limit(REFERENCE_MAX)
        .all(db)
        .await?;
    let area_names: HashMap<i64, String> = areas.iter().map(|a| (a.id, a.name.clone())).collect();
    let names: HashMap<i64, String> = agencies.iter().map(|a| (a.id, a.name.clone())).collect();
    let reports = counts(db, report::Column::AgencyId).await?;
    let staff: HashMap<i64, u64> = user::Entity::find()
        .select_only()
        .column_as(user::Column::AgencyId, "id")
        .column_as(Expr::col(user::Column::Id).count(), "n")
        .filter(user::Column::AgencyId.is_not_null())
        .group_by(user::Column::AgencyId)
        .into_model::<Count>()
        .all(db)
        .await?
        .into_iter()
        .filter_map(|c| Some((c.id?, u64::try_from(c.n).unwrap_or(0))))
        .collect();
    let rows = agencies
        .into_iter()
        .map(|a| AgencyAdminRow {
            area: a.area_id.and_then(|i| area_names.get(&i).cloned()),
            parent: a.parent_id.and_then(|i| names.get(&i).cloned()),
            reports: reports.get(&a.id).copied().unwrap_or(0),
            staff: staff.get(&a.id).copied().unwrap_or(0),
            id: a.id,
            code: a.code,
            name: a.name,
            kind: a.kind,
            area_id: a.area_id,
            parent_id: a.parent_id,
            phone: a.phone,
            email: a.email,
            active: a.active,
        })
        .collect();
    Ok(AgencyAdminPage {
        rows,
        areas: areas.into_iter().map(|a| (a.id, a.name)).collect(),
    })
}

fn agency_values(i: &AgencyInput) -> Vec<(&'static str, &str)> {
    vec![
        ("code", i.code.as_str()),
        ("name", i.name.as_str()),
        ("kind", i.kind.as_str()),
        ("area_id", i.area_id.as_str()),
        ("parent_id", i.parent_id.as_str()),
        ("phone", i.phone.as_str()),
        ("email", i.email.as_str()),
    ]
}

/// Creates (`id` None) or changes an agency. Its code is set once, as for categories.
pub async fn save_agency(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    id: Option<i64>,
    input: &AgencyInput,
) -> Result<i64, AppError> {
    may(who, Permission::ManageAgencies, &Object::Agency)?;
    let db = &state.db;
    let existing = match id {
        Some(id) => Some(
            agency::Entity::find_by_id(id)
                .one(db)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    let mut input = input.clone();
    if let Some(a) = &existing {
        input.code = a.code.clone();
    }
    let d: AgencyDraft =
        admin::check_agency(&input).map_err(|p| refused(p, &agency_values(&input)))?;
    let txn = db.begin().await?;
    let mut problems = Problems::new();
    if existing.is_none()
        && agency::Entity::find()
            .filter(agency::Column::Code.eq(d.code.as_str()))
            .count(&txn)
            .await?
            > 0
    {
        problems.push(("code", AdminProblem::CodeTaken));
    }
    if let Some(a) = d.area_id {
        if area::Entity::find_by_id(a).one(&txn).await?.is_none() {
            problems.push(("area_id", AdminProblem::UnknownArea));
        }
    }
    if let Some(parent) = d.parent_id {
        let parents: HashMap<i64, Option<i64>> = agency::Entity::find()
            .limit(REFERENCE_MAX)
            .all(&txn)
            .await?
            .into_iter()
            .map(|a| (a.id, a.parent_id))
            .collect();
        if !parents.contains_key(&parent) {
            problems.push(("parent_id", AdminProblem::UnknownParent));
        } else if admin::makes_cycle(id, parent, &parents) {
            problems.push(("parent_id", AdminProblem::ParentCycle));
        }
    }
    if !problems.is_empty() {
        return Err(refused(problems, &agency_values(&input)));
    }
    let detail = format!("{}: {} ({})", d.code, d.name, d.kind);
    let mut am = match existing {
        Some(a) => agency::ActiveModel::from(a),
        None => agency::ActiveModel {
            code: Set(d.code.clone()),
            active: Set(true),
            created_at: Set(caller.now),
            ..Default::default()
        },
    };
    am.name = Set(d.name);
    am.kind = Set(d.kind);
    am.area_id = Set(d.area_id);
    am.parent_id = Set(d.parent_id);
    am.phone = Set(d.phone);
    am.email = Set(d.email);
    let saved = am.save(&txn).await?;
    let saved_id = match saved.id {
        sea_orm::ActiveValue::Set(v) | sea_orm::ActiveValue::Unchanged(v) => v,
        sea_orm::ActiveValue::NotSet => return Err(AppError::Internal),
    };
    let action = if id.is_some() {
        AuditAction::AgencyChanged
    } else {
        AuditAction::AgencyCreated
    };
    audit(caller, who, action, "agency", saved_id.to_string(), detail)
        .write(&txn, caller.now)
        .await?;
    txn.commit().await?;
    Ok(saved_id)
}

/// Deactivates or reactivates an agency. A deactivated agency is offered for no new
/// dispatch and receives none; the reports it holds stay with it (the centre transfers
/// them), and its history stays — agencies are never deleted.
pub async fn set_agency_active(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    id: i64,
    active: bool,
) -> Result<(), AppError> {
    may(who, Permission::ManageAgencies, &Object::Agency)?;
    let txn = state.db.begin().await?;
    let a = agency::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if a.active == active {
        return Ok(());
    }
    let detail = format!("{}: {}", a.code, a.name);
    agency::Entity::update_many()
        .col_expr(agency::Column::Active, Expr::value(active))
        .filter(agency::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    let action = if active {
        AuditAction::AgencyActivated
    } else {
        AuditAction::AgencyDeactivated
    };
    audit(caller, who, action, "agency", id.to_string(), detail)
        .write(&txn, caller.now)
        .await?;
    txn.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------- holidays

fn year_of(raw: Option<&str>, today: NaiveDate) -> Result<i32, AppError> {
    match raw.map(str::trim).filter(|y| !y.is_empty()) {
        None => Ok(today.year()),
        Some(y) if y.len() <= 4 => match y.parse::<i32>() {
            Ok(y) if (admin::FIRST_YEAR..=admin::LAST_YEAR).contains(&y) => Ok(y),
            _ => Err(one("year", AdminProblem::YearOutOfRange)),
        },
        Some(_) => Err(one("year", AdminProblem::YearOutOfRange)),
    }
}

/// The holidays of one year (this year by default) and the years that have any.
pub async fn list_holidays(
    state: &AppState,
    who: &Subject,
    year: Option<&str>,
) -> Result<HolidayPage, AppError> {
    may(who, Permission::ManageHolidays, &Object::None)?;
    let year = year_of(year, crate::domain::deadline::local_date(Utc::now()))?;
    let db = &state.db;
    let rows = holiday::Entity::find()
        .filter(holiday::Column::Day.gte(format!("{year}-01-01")))
        .filter(holiday::Column::Day.lte(format!("{year}-12-31")))
        .order_by_asc(holiday::Column::Day)
        .limit(400)
        .all(db)
        .await?
        .into_iter()
        .map(|h| HolidayRow {
            weekend: NaiveDate::parse_from_str(&h.day, "%Y-%m-%d")
                .map(|d| matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
                .unwrap_or(false),
            day: h.day,
            name: h.name,
        })
        .collect();
    // The years that have holidays (the table is small: a few dozen days a year).
    let mut years: Vec<i32> = holiday::Entity::find()
        .select_only()
        .column(holiday::Column::Day)
        .limit(HOLIDAYS_MAX)
        .into_tuple::<String>()
        .all(db)
        .await?
        .iter()
        .filter_map(|d| d.get(..4)?.parse::<i32>().ok())
        .chain([year])
        .collect();
    years.sort_unstable();
    years.dedup();
    Ok(HolidayPage { year, rows, years })
}

pub async fn add_holiday(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    day: &str,
    name: &str,
) -> Result<(), AppError> {
    may(who, Permission::ManageHolidays, &Object::None)?;
    let h =
        admin::check_holiday(day, name).map_err(|p| refused(p, &[("day", day), ("name", name)]))?;
    let key = h.day.format("%Y-%m-%d").to_string();
    let txn = state.db.begin().await?;
    if holiday::Entity::find_by_id(key.clone())
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(refused(
            vec![("day", AdminProblem::HolidayTaken)],
            &[("day", day), ("name", name)],
        ));
    }
    holiday::ActiveModel {
        day: Set(key.clone()),
        name: Set(h.name.clone()),
        created_at: Set(caller.now),
    }
    .insert(&txn)
    .await?;
    audit(
        caller,
        who,
        AuditAction::HolidayAdded,
        "holiday",
        key.clone(),
        h.name,
    )
    .write(&txn, caller.now)
    .await?;
    txn.commit().await?;
    state.calendar.reload(&state.db).await?;
    Ok(())
}

/// Removes a holiday. Deadlines already set keep their date; new ones count the day.
pub async fn remove_holiday(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    day: &str,
) -> Result<(), AppError> {
    may(who, Permission::ManageHolidays, &Object::None)?;
    let d = admin::parse_day(if crate::account::longer_than(day, 10) {
        ""
    } else {
        day
    })
    .map_err(|p| one("day", p))?;
    let key = d.format("%Y-%m-%d").to_string();
    let txn = state.db.begin().await?;
    let Some(h) = holiday::Entity::find_by_id(key.clone()).one(&txn).await? else {
        return Err(one("day", AdminProblem::UnknownHoliday));
    };
    holiday::Entity::delete_by_id(key.clone())
        .exec(&txn)
        .await?;
    audit(
        caller,
        who,
        AuditAction::HolidayRemoved,
        "holiday",
        key,
        h.name,
    )
    .write(&txn, caller.now)
    .await?;
    txn.commit().await?;
    state.calendar.reload(&state.db).await?;
    Ok(())
}

// ---------------------------------------------------------------- routing rules

/// Names for rule rows: categories, areas and agencies, each a short table.
struct RuleNames {
    categories: HashMap<i64, String>,
    areas: HashMap<i64, String>,
    agencies: HashMap<i64, (String, bool)>,
}

async fn rule_names<C: ConnectionTrait>(db: &C) -> Result<RuleNames, DbErr> {
    Ok(RuleNames {
        categories: category::Entity::find()
            .limit(REFERENCE_MAX)
            .all(db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name_vi))
            .collect(),
        areas: area::Entity::find()
            .select_only()
            .column(area::Column::Id)
            .column(area::Column::Name)
            .limit(REFERENCE_MAX * 5)
            .into_tuple::<(i64, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect(),
        agencies: agency::Entity::find()
            .limit(REFERENCE_MAX)
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, (a.name, a.active)))
            .collect(),
    })
}

fn rule_row(r: &routing_rule::Model, n: &RuleNames) -> RuleRow {
    let (agency, agency_active) = n
        .agencies
        .get(&r.agency_id)
        .cloned()
        .unwrap_or_else(|| (format!("#{}", r.agency_id), false));
    RuleRow {
        id: r.id,
        category: r.category_id.map(|c| {
            n.categories
                .get(&c)
                .cloned()
                .unwrap_or_else(|| format!("#{c}"))
        }),
        area: r
            .area_id
            .map(|a| n.areas.get(&a).cloned().unwrap_or_else(|| format!("#{a}"))),
        agency,
        agency_active,
        note: r.note.clone(),
    }
}

/// Rules kept at most: a province has a few dozen.
const RULES_MAX: u64 = 2000;

pub async fn list_rules(state: &AppState, who: &Subject) -> Result<RulePage, AppError> {
    may(who, Permission::ManageRoutingRules, &Object::None)?;
    let db = &state.db;
    let names = rule_names(db).await?;
    let rules = routing_rule::Entity::find()
        .order_by_asc(routing_rule::Column::Id)
        .limit(RULES_MAX)
        .all(db)
        .await?
        .iter()
        .map(|r| rule_row(r, &names))
        .collect();
    let categories = category::Entity::find()
        .order_by_asc(category::Column::SortOrder)
        .limit(REFERENCE_MAX)
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.name_vi))
        .collect();
    // Districts, each followed by its communes.
    let all_areas = area::Entity::find()
        .filter(area::Column::Kind.is_in(["district", "commune"]))
        .order_by_asc(area::Column::Name)
        .limit(REFERENCE_MAX * 5)
        .all(db)
        .await?;
    let mut areas = Vec::new();
    for d in all_areas.iter().filter(|a| a.kind == "district") {
        areas.push((d.id, d.name.clone()));
        for c in all_areas
            .iter()
            .filter(|a| a.kind == "commune" && a.parent_id == Some(d.id))
        {
            areas.push((c.id, format!("{} — {}", d.name, c.name)));
        }
    }
    let agencies = agency::Entity::find()
        .filter(agency::Column::Active.eq(true))
        .order_by_asc(agency::Column::Name)
        .limit(REFERENCE_MAX)
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.id, a.name))
        .collect();
    Ok(RulePage {
        rules,
        categories,
        areas,
        agencies,
    })
}

fn rule_values(i: &RuleInput) -> Vec<(&'static str, &str)> {
    vec![
        ("category_id", i.category_id.as_str()),
        ("area_id", i.area_id.as_str()),
        ("agency_id", i.agency_id.as_str()),
        ("note", i.note.as_str()),
    ]
}

pub async fn add_rule(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    input: &RuleInput,
) -> Result<i64, AppError> {
    may(who, Permission::ManageRoutingRules, &Object::RoutingRule)?;
    let d = admin::check_rule(input).map_err(|p| refused(p, &rule_values(input)))?;
    let txn = state.db.begin().await?;
    let mut problems = Problems::new();
    if let Some(c) = d.category_id {
        if category::Entity::find_by_id(c).one(&txn).await?.is_none() {
            problems.push(("category_id", AdminProblem::UnknownCategory));
        }
    }
    if let Some(a) = d.area_id {
        if area::Entity::find_by_id(a).one(&txn).await?.is_none() {
            problems.push(("area_id", AdminProblem::UnknownArea));
        }
    }
    if !agency::Entity::find_by_id(d.agency_id)
        .one(&txn)
        .await?
        .is_some_and(|a| a.active)
    {
        problems.push(("agency_id", AdminProblem::UnknownAgency));
    }
    let same = routing_rule::Entity::find()
        .filter(match d.category_id {
            Some(c) => routing_rule::Column::CategoryId.eq(c),
            None => routing_rule::Column::CategoryId.is_null(),
        })
        .filter(match d.area_id {
            Some(a) => routing_rule::Column::AreaId.eq(a),
            None => routing_rule::Column::AreaId.is_null(),
        })
        .count(&txn)
        .await?;
    if same > 0 {
        problems.push(("category_id", AdminProblem::RuleTaken));
    }
    if !problems.is_empty() {
        return Err(refused(problems, &rule_values(input)));
    }
    let saved = routing_rule::ActiveModel {
        category_id: Set(d.category_id),
        area_id: Set(d.area_id),
        agency_id: Set(d.agency_id),
        note: Set(d.note),
        created_at: Set(caller.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let names = rule_names(&txn).await?;
    let row = rule_row(&saved, &names);
    let detail = format!(
        "{} / {} → {}",
        row.category.as_deref().unwrap_or("mọi lĩnh vực"),
        row.area.as_deref().unwrap_or("toàn tỉnh"),
        row.agency
    );
    audit(
        caller,
        who,
        AuditAction::RuleAdded,
        "routing_rule",
        saved.id.to_string(),
        detail,
    )
    .write(&txn, caller.now)
    .await?;
    txn.commit().await?;
    Ok(saved.id)
}

pub async fn remove_rule(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    id: i64,
) -> Result<(), AppError> {
    may(who, Permission::ManageRoutingRules, &Object::RoutingRule)?;
    let txn = state.db.begin().await?;
    let r = routing_rule::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let names = rule_names(&txn).await?;
    let row = rule_row(&r, &names);
    routing_rule::Entity::delete_by_id(id).exec(&txn).await?;
    let detail = format!(
        "{} / {} → {}",
        row.category.as_deref().unwrap_or("mọi lĩnh vực"),
        row.area.as_deref().unwrap_or("toàn tỉnh"),
        row.agency
    );
    audit(
        caller,
        who,
        AuditAction::RuleRemoved,
        "routing_rule",
        id.to_string(),
        detail,
    )
    .write(&txn, caller.now)
    .await?;
    txn.commit().await?;
    Ok(())
}

/// "Test a point": which agency a report of `category` (an id, or empty for none) at
/// (`lat`, `lng`) would be suggested, and which rule decided — the filing's own routing.
pub async fn test_point(
    state: &AppState,
    who: &Subject,
    lat: &str,
    lng: &str,
    category: &str,
) -> Result<RouteTest, AppError> {
    may(who, Permission::ManageRoutingRules, &Object::None)?;
    let (lat, lng) = admin::parse_point(lat, lng).map_err(|p| one("lat", p))?;
    let mut p = Problems::new();
    let category_id = optional_id_of(&mut p, category);
    if !p.is_empty() {
        return Err(refused(p, &[]));
    }
    let db = &state.db;
    if let Some(c) = category_id {
        if category::Entity::find_by_id(c).one(db).await?.is_none() {
            return Err(one("category", AdminProblem::UnknownCategory));
        }
    }
    let point = crate::domain::geo::Point { lat, lng };
    let Some(routed) = crate::server::filing::route_point(db, point, category_id).await? else {
        return Err(one("lat", AdminProblem::PointOutside));
    };
    let names = rule_names(db).await?;
    let (agency, rule) = match &routed.suggestion {
        Some(s) => {
            let rule = match s.rule_id {
                Some(id) => routing_rule::Entity::find_by_id(id)
                    .one(db)
                    .await?
                    .map(|r| rule_row(&r, &names)),
                None => None,
            };
            (
                names.agencies.get(&s.agency_id).map(|(n, _)| n.clone()),
                rule,
            )
        }
        None => (None, None),
    };
    Ok(RouteTest {
        district: routed.district.name,
        commune: routed.commune.map(|c| c.name),
        agency,
        rule,
    })
}

fn optional_id_of(p: &mut Problems, raw: &str) -> Option<i64> {
    if crate::account::longer_than(raw, 20) {
        p.push(("category", AdminProblem::UnknownCategory));
        return None;
    }
    let raw = raw.trim();
    if raw.is_empty() {
        return None;
    }
    match raw.parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            p.push(("category", AdminProblem::UnknownCategory));
            None
        }
    }
}

// ---------------------------------------------------------------- reply templates

/// Templates kept at most (a few per action form).
const TEMPLATES_MAX: u64 = 1000;

pub async fn list_templates(state: &AppState, who: &Subject) -> Result<Vec<TemplateRow>, AppError> {
    may(who, Permission::ManageTemplates, &Object::None)?;
    Ok(reply_template::Entity::find()
        .order_by_asc(reply_template::Column::Kind)
        .order_by_asc(reply_template::Column::Position)
        .order_by_asc(reply_template::Column::Id)
        .limit(TEMPLATES_MAX)
        .all(&state.db)
        .await?
        .into_iter()
        .map(|t| TemplateRow {
            id: t.id,
            kind: t.kind,
            text_vi: t.text_vi,
            text_en: t.text_en,
            position: t.position,
            active: t.active,
        })
        .collect())
}

/// Creates (`id` None) or changes a reply template; an inactive one is no longer offered
/// in the console's forms.
pub async fn save_template(
    state: &AppState,
    caller: &Caller,
    who: &Subject,
    id: Option<i64>,
    input: &TemplateInput,
) -> Result<i64, AppError> {
    may(who, Permission::ManageTemplates, &Object::None)?;
    let values = [
        ("kind", input.kind.as_str()),
        ("text_vi", input.text_vi.as_str()),
        ("text_en", input.text_en.as_str()),
        ("position", input.position.as_str()),
        ("active", if input.active.is_some() { "on" } else { "off" }),
    ];
    let d = admin::check_template(input).map_err(|p| refused(p, &values))?;
    let txn = state.db.begin().await?;
    let mut am = match id {
        Some(id) => reply_template::ActiveModel::from(
            reply_template::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => <reply_template::ActiveModel as Default>::default(),
    };
    let detail = format!(
        "{}: {}",
        d.kind.as_str(),
        d.text_vi.chars().take(80).collect::<String>()
    );
    am.kind = Set(d.kind.as_str().to_string());
    am.text_vi = Set(d.text_vi);
    am.text_en = Set(d.text_en);
    am.position = Set(d.position);
    am.active = Set(d.active);
    let saved = am.save(&txn).await?;
    let saved_id = match saved.id {
        sea_orm::ActiveValue::Set(v) | sea_orm::ActiveValue::Unchanged(v) => v,
        sea_orm::ActiveValue::NotSet => return Err(AppError::Internal),
    };
    let action = if id.is_some() {
        AuditAction::TemplateChanged
    } else {
        AuditAction::TemplateCreated
    };
    audit(
        caller,
        who,
        action,
        "reply_template",
        saved_id.to_string(),
        detail,
    )
    .write(&txn, caller.now)
    .await?;
    txn.commit().await?;
    Ok(saved_id)
}
