//! What the administration screens receive: users and the audit log, one page at a time.

use crate::domain::lifecycle::Role;
use serde::{Deserialize, Serialize};

pub const USERS_PAGE_SIZE: u64 = 50;
pub const AUDIT_PAGE_SIZE: u64 = 50;
/// Deep pages are for machines; people filter.
pub const ADMIN_MAX_PAGE: u64 = 200;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserFilter {
    pub q: Option<String>,
    pub role: Option<String>,
    pub status: Option<String>,
    pub page: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub phone: String,
    pub full_name: String,
    pub role: Role,
    pub agency_id: Option<i64>,
    pub agency: Option<String>,
    pub status: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub last_login_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    pub rows: Vec<UserRow>,
    pub total: u64,
    pub page: u64,
    pub pages: u64,
    /// (id, name) of active agencies, for the officer's agency select.
    pub agencies: Vec<(i64, String)>,
    /// The admin's own id (they cannot change their own role or disable themselves).
    pub me: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor: Option<String>,
    /// `YYYY-MM-DD`, UTC, inclusive.
    pub from: Option<String>,
    pub to: Option<String>,
    pub page: Option<u64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    pub id: i64,
    pub at: chrono::DateTime<chrono::Utc>,
    pub actor_id: Option<i64>,
    pub actor_name: Option<String>,
    pub action: String,
    pub object: Option<String>,
    pub ip: Option<String>,
    pub detail: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub rows: Vec<AuditRow>,
    pub page: u64,
    pub has_more: bool,
}

/// One category as the administration edits it (active or not).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryAdminRow {
    pub id: i64,
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub default_days: i32,
    pub urgent_days: i32,
    pub color: String,
    pub icon: String,
    pub sort_order: i32,
    pub active: bool,
    /// Reports filed under it (a category with reports is deactivated, never deleted).
    pub reports: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyAdminRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub area_id: Option<i64>,
    pub area: Option<String>,
    pub parent_id: Option<i64>,
    pub parent: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub active: bool,
    /// Reports it holds now or held (an agency with reports is deactivated, never deleted).
    pub reports: u64,
    pub staff: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyAdminPage {
    pub rows: Vec<AgencyAdminRow>,
    /// (id, name) of the province, districts and communes, for "area served".
    pub areas: Vec<(i64, String)>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayRow {
    /// YYYY-MM-DD
    pub day: String,
    pub name: String,
    /// Saturday or Sunday: listed, but a weekend is never a working day anyway.
    pub weekend: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayPage {
    pub year: i32,
    pub rows: Vec<HolidayRow>,
    /// Years that have holidays, and the shown year, ascending.
    pub years: Vec<i32>,
}

/// At most this many agencies or categories are listed (both are short reference tables).
pub const REFERENCE_MAX: u64 = 1000;

/// One routing rule as the administration lists it; `None` is "any".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleRow {
    pub id: i64,
    pub category: Option<String>,
    pub area: Option<String>,
    pub agency: String,
    pub agency_active: bool,
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulePage {
    pub rules: Vec<RuleRow>,
    /// (id, name) for the forms: categories, areas (districts, then their communes),
    /// active agencies.
    pub categories: Vec<(i64, String)>,
    pub areas: Vec<(i64, String)>,
    pub agencies: Vec<(i64, String)>,
}

/// What "test a point" found: where the point lies and who would be suggested, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteTest {
    pub district: String,
    pub commune: Option<String>,
    pub agency: Option<String>,
    /// The rule that decided; `None` with an agency: the district's People's Committee.
    pub rule: Option<RuleRow>,
}

/// One reply template as the administration edits it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateRow {
    pub id: i64,
    /// `domain::console::TemplateKind` as_str
    pub kind: String,
    pub text_vi: String,
    pub text_en: String,
    pub position: i32,
    pub active: bool,
}
