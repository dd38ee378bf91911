//! Reference data an administrator edits: categories (names and deadlines), agencies
//! (who fixes things, under which parent), routing rules and public holidays. Each form is checked here,
//! field by field, before anything touches the database; every raw field is measured
//! before it is looked at, so a megabyte of text costs no more than its length check.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Why an administration form was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AdminProblem {
    Required,
    TooLong(usize),
    /// A category code: 2–40 of `a-z 0-9 _`; an agency code: 2–30 of `A-Z 0-9 -`.
    BadCode,
    CodeTaken,
    /// Working days must be a whole number from 1 to [`MAX_DAYS`].
    BadDays,
    /// The urgent deadline is longer than the normal one.
    UrgentLonger,
    BadColor,
    UnknownIcon,
    BadOrder,
    UnknownKind,
    BadPhone,
    BadEmail,
    UnknownArea,
    UnknownParent,
    /// The parent is the agency itself or one of its sub-units.
    ParentCycle,
    BadDate,
    /// Holidays are kept for the years [`FIRST_YEAR`]..=[`LAST_YEAR`].
    YearOutOfRange,
    HolidayTaken,
    UnknownHoliday,
    UnknownCategory,
    /// No such agency, or one that no longer works (deactivated).
    UnknownAgency,
    /// A rule for the same category and area exists (the older one would win).
    RuleTaken,
    /// Latitude −90…90 and longitude −180…180, as decimal degrees.
    BadPoint,
    /// The point lies in none of the province's districts.
    PointOutside,
    UnknownTemplateKind,
    /// A template shorter than this many characters says nothing.
    TooShort(usize),
}

impl AdminProblem {
    pub fn vi(self) -> String {
        match self {
            AdminProblem::Required => "Vui lòng nhập thông tin này.".into(),
            AdminProblem::TooLong(n) => format!("Không được dài quá {n} ký tự."),
            AdminProblem::BadCode => {
                "Mã chỉ gồm chữ cái không dấu, chữ số và dấu nối, dài từ 2 ký tự.".into()
            }
            AdminProblem::CodeTaken => "Mã này đã được dùng.".into(),
            AdminProblem::BadDays => {
                format!("Số ngày làm việc phải là số nguyên từ 1 đến {MAX_DAYS}.")
            }
            AdminProblem::UrgentLonger => {
                "Thời hạn xử lý khẩn không được dài hơn thời hạn thông thường.".into()
            }
            AdminProblem::BadColor => "Màu phải có dạng #rrggbb, ví dụ #1d4ed8.".into(),
            AdminProblem::UnknownIcon => "Vui lòng chọn một biểu tượng trong danh sách.".into(),
            AdminProblem::BadOrder => format!("Thứ tự phải là số nguyên từ 0 đến {MAX_ORDER}."),
            AdminProblem::UnknownKind => "Vui lòng chọn loại đơn vị trong danh sách.".into(),
            AdminProblem::BadPhone => {
                "Số điện thoại chỉ gồm chữ số, khoảng trắng và các dấu + ( ) . -".into()
            }
            AdminProblem::BadEmail => "Địa chỉ thư điện tử không hợp lệ.".into(),
            AdminProblem::UnknownArea => "Địa bàn không tồn tại.".into(),
            AdminProblem::UnknownParent => "Đơn vị cấp trên không tồn tại.".into(),
            AdminProblem::ParentCycle => {
                "Đơn vị cấp trên không thể là chính đơn vị này hoặc một đơn vị trực thuộc nó."
                    .into()
            }
            AdminProblem::BadDate => "Ngày phải có dạng YYYY-MM-DD và là một ngày có thật.".into(),
            AdminProblem::YearOutOfRange => {
                format!("Chỉ quản lý ngày nghỉ từ năm {FIRST_YEAR} đến năm {LAST_YEAR}.")
            }
            AdminProblem::HolidayTaken => "Ngày này đã có trong danh sách ngày nghỉ.".into(),
            AdminProblem::UnknownHoliday => "Ngày này không có trong danh sách ngày nghỉ.".into(),
            AdminProblem::UnknownCategory => "Lĩnh vực không tồn tại.".into(),
            AdminProblem::UnknownAgency => "Đơn vị không tồn tại hoặc đã ngừng hoạt động.".into(),
            AdminProblem::RuleTaken => {
                "Đã có quy tắc cho cùng lĩnh vực và địa bàn này; hãy xoá quy tắc cũ trước.".into()
            }
            AdminProblem::BadPoint => {
                "Toạ độ phải là số thập phân: vĩ độ từ -90 đến 90, kinh độ từ -180 đến 180.".into()
            }
            AdminProblem::PointOutside => {
                "Điểm này nằm ngoài địa bàn các huyện, thị xã, thành phố của tỉnh.".into()
            }
            AdminProblem::UnknownTemplateKind => "Vui lòng chọn loại mẫu trong danh sách.".into(),
            AdminProblem::TooShort(n) => format!("Vui lòng nhập ít nhất {n} ký tự."),
        }
    }

    pub fn en(self) -> String {
        match self {
            AdminProblem::Required => "Please fill in this field.".into(),
            AdminProblem::TooLong(n) => format!("No longer than {n} characters, please."),
            AdminProblem::BadCode => {
                "A code has letters without accents, digits and dashes, at least 2 characters."
                    .into()
            }
            AdminProblem::CodeTaken => "This code is already used.".into(),
            AdminProblem::BadDays => {
                format!("Working days must be a whole number from 1 to {MAX_DAYS}.")
            }
            AdminProblem::UrgentLonger => {
                "The urgent deadline cannot be longer than the normal one.".into()
            }
            AdminProblem::BadColor => "A colour looks like #rrggbb, for example #1d4ed8.".into(),
            AdminProblem::UnknownIcon => "Please choose an icon from the list.".into(),
            AdminProblem::BadOrder => {
                format!("The order must be a whole number from 0 to {MAX_ORDER}.")
            }
            AdminProblem::UnknownKind => "Please choose a kind of agency from the list.".into(),
            AdminProblem::BadPhone => {
                "A phone number has digits, spaces and + ( ) . - only.".into()
            }
            AdminProblem::BadEmail => "This is not a valid e-mail address.".into(),
            AdminProblem::UnknownArea => "No such area.".into(),
            AdminProblem::UnknownParent => "No such parent agency.".into(),
            AdminProblem::ParentCycle => {
                "The parent cannot be the agency itself or one of its sub-units.".into()
            }
            AdminProblem::BadDate => "A date looks like YYYY-MM-DD and must exist.".into(),
            AdminProblem::YearOutOfRange => {
                format!("Holidays are kept for the years {FIRST_YEAR} to {LAST_YEAR}.")
            }
            AdminProblem::HolidayTaken => "This day is already a holiday.".into(),
            AdminProblem::UnknownHoliday => "This day is not in the holiday list.".into(),
            AdminProblem::UnknownCategory => "No such category.".into(),
            AdminProblem::UnknownAgency => "No such agency, or it no longer works.".into(),
            AdminProblem::RuleTaken => {
                "A rule for the same category and area exists; remove the old one first.".into()
            }
            AdminProblem::BadPoint => {
                "Coordinates are decimal degrees: latitude -90 to 90, longitude -180 to 180.".into()
            }
            AdminProblem::PointOutside => {
                "This point lies outside every district of the province.".into()
            }
            AdminProblem::UnknownTemplateKind => {
                "Please choose a kind of template from the list.".into()
            }
            AdminProblem::TooShort(n) => format!("At least {n} characters, please."),
        }
    }
}

/// The longest deadline a category may set, in working days (about four months).
pub const MAX_DAYS: i32 = 90;
pub const MAX_ORDER: i32 = 999;
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;
pub const NAME_MAX: usize = 100;
pub const AGENCY_NAME_MAX: usize = 150;
pub const PHONE_MAX: usize = 20;
pub const EMAIL_MAX: usize = 100;

/// The icons the map and lists know, by name.
pub const ICONS: [&str; 8] = [
    "building",
    "trash",
    "road",
    "lightbulb",
    "shield",
    "service",
    "person",
    "dots",
];

/// What an agency is, as stored in `agencies.kind`.
pub const AGENCY_KINDS: [&str; 5] = [
    "district_committee",
    "department",
    "police",
    "utility",
    "other",
];

/// Problems found in one form, by field name (the form's `name` attribute).
pub type Problems = Vec<(&'static str, AdminProblem)>;

/// A category form as posted: every field is text, checked by [`check_category`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryInput {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub default_days: String,
    pub urgent_days: String,
    pub color: String,
    pub icon: String,
    pub sort_order: String,
    /// A checkbox: present ("on", "true") when ticked.
    pub active: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryDraft {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub default_days: i32,
    pub urgent_days: i32,
    pub color: String,
    pub icon: String,
    pub sort_order: i32,
    pub active: bool,
}

/// An agency form as posted; `area_id` and `parent_id` are ids or empty.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgencyInput {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub area_id: String,
    pub parent_id: String,
    pub phone: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AgencyDraft {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub area_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HolidayDraft {
    pub day: NaiveDate,
    pub name: String,
}

fn capped<'a>(
    problems: &mut Problems,
    field: &'static str,
    raw: &'a str,
    max: usize,
) -> Option<&'a str> {
    if crate::account::longer_than(raw, max) {
        problems.push((field, AdminProblem::TooLong(max)));
        return None;
    }
    Some(raw.trim())
}

fn required<'a>(
    problems: &mut Problems,
    field: &'static str,
    raw: &'a str,
    max: usize,
) -> Option<&'a str> {
    let v = capped(problems, field, raw, max)?;
    if v.is_empty() {
        problems.push((field, AdminProblem::Required));
        return None;
    }
    Some(v)
}

fn whole(
    problems: &mut Problems,
    field: &'static str,
    raw: &str,
    range: std::ops::RangeInclusive<i32>,
    problem: AdminProblem,
) -> Option<i32> {
    let v = required(problems, field, raw, 6)?;
    match v.parse::<i32>() {
        Ok(n) if range.contains(&n) => Some(n),
        _ => {
            problems.push((field, problem));
            None
        }
    }
}

fn category_code_ok(code: &str) -> bool {
    (2..=40).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn agency_code_ok(code: &str) -> bool {
    (2..=30).contains(&code.len())
        && code
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-')
}

fn color_ok(c: &str) -> bool {
    c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn phone_ok(p: &str) -> bool {
    p.bytes().filter(u8::is_ascii_digit).count() >= 3
        && p.bytes()
            .all(|b| b.is_ascii_digit() || b" +().-".contains(&b))
}

/// One `@`, something before it, a dotted domain after it, no spaces or angle brackets.
fn email_ok(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(|c| c.is_whitespace() || "<>\",;".contains(c))
}

fn ticked(v: &Option<String>) -> bool {
    matches!(v.as_deref(), Some("on" | "true" | "1"))
}

/// The category a form describes, or every problem in it.
pub fn check_category(input: &CategoryInput) -> Result<CategoryDraft, Problems> {
    let mut p = Problems::new();
    let code = required(&mut p, "code", &input.code, 40);
    if let Some(c) = code {
        if !category_code_ok(c) {
            p.push(("code", AdminProblem::BadCode));
        }
    }
    let name_vi = required(&mut p, "name_vi", &input.name_vi, NAME_MAX);
    let name_en = required(&mut p, "name_en", &input.name_en, NAME_MAX);
    let days = whole(
        &mut p,
        "default_days",
        &input.default_days,
        1..=MAX_DAYS,
        AdminProblem::BadDays,
    );
    let urgent = whole(
        &mut p,
        "urgent_days",
        &input.urgent_days,
        1..=MAX_DAYS,
        AdminProblem::BadDays,
    );
    if let (Some(d), Some(u)) = (days, urgent) {
        if u > d {
            p.push(("urgent_days", AdminProblem::UrgentLonger));
        }
    }
    let color = required(&mut p, "color", &input.color, 7).map(str::to_ascii_lowercase);
    if let Some(c) = &color {
        if !color_ok(c) {
            p.push(("color", AdminProblem::BadColor));
        }
    }
    let icon = required(&mut p, "icon", &input.icon, 20);
    if let Some(i) = icon {
        if !ICONS.contains(&i) {
            p.push(("icon", AdminProblem::UnknownIcon));
        }
    }
    let order = whole(
        &mut p,
        "sort_order",
        &input.sort_order,
        0..=MAX_ORDER,
        AdminProblem::BadOrder,
    );
    if !p.is_empty() {
        return Err(p);
    }
    Ok(CategoryDraft {
        code: code.unwrap_or_default().to_string(),
        name_vi: name_vi.unwrap_or_default().to_string(),
        name_en: name_en.unwrap_or_default().to_string(),
        default_days: days.unwrap_or_default(),
        urgent_days: urgent.unwrap_or_default(),
        color: color.unwrap_or_default(),
        icon: icon.unwrap_or_default().to_string(),
        sort_order: order.unwrap_or_default(),
        active: ticked(&input.active),
    })
}

fn optional_id(
    p: &mut Problems,
    field: &'static str,
    raw: &str,
    problem: AdminProblem,
) -> Option<i64> {
    let v = capped(p, field, raw, 20)?;
    if v.is_empty() {
        return None;
    }
    match v.parse::<i64>() {
        Ok(id) if id > 0 => Some(id),
        _ => {
            p.push((field, problem));
            None
        }
    }
}

/// The agency a form describes, or every problem in it. Whether the area and the parent
/// exist, and whether the parent makes a cycle ([`makes_cycle`]), the server checks next.
pub fn check_agency(input: &AgencyInput) -> Result<AgencyDraft, Problems> {
    let mut p = Problems::new();
    let code = required(&mut p, "code", &input.code, 30).map(str::to_ascii_uppercase);
    if let Some(c) = &code {
        if !agency_code_ok(c) {
            p.push(("code", AdminProblem::BadCode));
        }
    }
    let name = required(&mut p, "name", &input.name, AGENCY_NAME_MAX);
    let kind = required(&mut p, "kind", &input.kind, 30);
    if let Some(k) = kind {
        if !AGENCY_KINDS.contains(&k) {
            p.push(("kind", AdminProblem::UnknownKind));
        }
    }
    let area_id = optional_id(&mut p, "area_id", &input.area_id, AdminProblem::UnknownArea);
    let parent_id = optional_id(
        &mut p,
        "parent_id",
        &input.parent_id,
        AdminProblem::UnknownParent,
    );
    let phone = capped(&mut p, "phone", &input.phone, PHONE_MAX).filter(|s| !s.is_empty());
    if let Some(ph) = phone {
        if !phone_ok(ph) {
            p.push(("phone", AdminProblem::BadPhone));
        }
    }
    let email = capped(&mut p, "email", &input.email, EMAIL_MAX).filter(|s| !s.is_empty());
    if let Some(e) = email {
        if !email_ok(e) {
            p.push(("email", AdminProblem::BadEmail));
        }
    }
    if !p.is_empty() {
        return Err(p);
    }
    Ok(AgencyDraft {
        code: code.unwrap_or_default(),
        name: name.unwrap_or_default().to_string(),
        kind: kind.unwrap_or_default().to_string(),
        area_id,
        parent_id,
        phone: phone.map(str::to_string),
        email: email.map(|e| e.to_ascii_lowercase()),
    })
}

/// Whether making `parent` the parent of `agency` (None for a new agency) would close a
/// loop, given every agency's current parent. A broken chain (a parent that no longer
/// exists) ends the walk; a loop already in the data ends it too.
pub fn makes_cycle(agency: Option<i64>, parent: i64, parents: &HashMap<i64, Option<i64>>) -> bool {
    let Some(me) = agency else {
        return false;
    };
    let mut at = Some(parent);
    let mut steps = 0;
    while let Some(a) = at {
        if a == me {
            return true;
        }
        steps += 1;
        if steps > parents.len() {
            return false;
        }
        at = parents.get(&a).copied().flatten();
    }
    false
}

/// A holiday form: the day (YYYY-MM-DD, within the kept years) and its name.
pub fn check_holiday(day: &str, name: &str) -> Result<HolidayDraft, Problems> {
    let mut p = Problems::new();
    let d = required(&mut p, "day", day, 10).and_then(|d| match parse_day(d) {
        Ok(d) => Some(d),
        Err(e) => {
            p.push(("day", e));
            None
        }
    });
    let n = required(&mut p, "name", name, NAME_MAX);
    match (d, n) {
        (Some(day), Some(name)) if p.is_empty() => Ok(HolidayDraft {
            day,
            name: name.to_string(),
        }),
        _ => Err(p),
    }
}

/// "YYYY-MM-DD" of a real day in the kept years.
pub fn parse_day(raw: &str) -> Result<NaiveDate, AdminProblem> {
    let raw = raw.trim();
    if raw.len() != 10 {
        return Err(AdminProblem::BadDate);
    }
    let d = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| AdminProblem::BadDate)?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&d.year()) {
        return Err(AdminProblem::YearOutOfRange);
    }
    Ok(d)
}

/// A routing-rule form as posted: ids or empty ("any").
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleInput {
    pub category_id: String,
    pub area_id: String,
    pub agency_id: String,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleDraft {
    pub category_id: Option<i64>,
    pub area_id: Option<i64>,
    pub agency_id: i64,
    pub note: Option<String>,
}

pub const NOTE_MAX: usize = 200;

/// The rule a form describes, or every problem in it; whether the ids exist (and the
/// agency works) the server checks next.
pub fn check_rule(input: &RuleInput) -> Result<RuleDraft, Problems> {
    let mut p = Problems::new();
    let category_id = optional_id(
        &mut p,
        "category_id",
        &input.category_id,
        AdminProblem::UnknownCategory,
    );
    let area_id = optional_id(&mut p, "area_id", &input.area_id, AdminProblem::UnknownArea);
    let agency_id = match optional_id(
        &mut p,
        "agency_id",
        &input.agency_id,
        AdminProblem::UnknownAgency,
    ) {
        Some(a) => Some(a),
        None if p.iter().any(|(f, _)| *f == "agency_id") => None,
        None => {
            p.push(("agency_id", AdminProblem::Required));
            None
        }
    };
    let note = capped(&mut p, "note", &input.note, NOTE_MAX).filter(|n| !n.is_empty());
    match agency_id {
        Some(agency_id) if p.is_empty() => Ok(RuleDraft {
            category_id,
            area_id,
            agency_id,
            note: note.map(str::to_string),
        }),
        _ => Err(p),
    }
}

/// A reply-template form as posted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateInput {
    pub kind: String,
    pub text_vi: String,
    pub text_en: String,
    pub position: String,
    pub active: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateDraft {
    pub kind: crate::domain::console::TemplateKind,
    pub text_vi: String,
    pub text_en: String,
    pub position: i32,
    pub active: bool,
}

pub const TEMPLATE_MIN: usize = 5;
/// As long as the longest reason or result an action form takes.
pub const TEMPLATE_MAX: usize = 2000;

/// The template a form describes, or every problem in it.
pub fn check_template(input: &TemplateInput) -> Result<TemplateDraft, Problems> {
    let mut p = Problems::new();
    let kind = required(&mut p, "kind", &input.kind, 20).and_then(|k| {
        let kind = crate::domain::console::TemplateKind::parse(k);
        if kind.is_none() {
            p.push(("kind", AdminProblem::UnknownTemplateKind));
        }
        kind
    });
    let text = |field: &'static str, raw: &str, p: &mut Problems| {
        let v = required(p, field, raw, TEMPLATE_MAX)?;
        if v.chars().count() < TEMPLATE_MIN {
            p.push((field, AdminProblem::TooShort(TEMPLATE_MIN)));
            return None;
        }
        Some(v.to_string())
    };
    let text_vi = text("text_vi", &input.text_vi, &mut p);
    let text_en = text("text_en", &input.text_en, &mut p);
    let position = whole(
        &mut p,
        "position",
        &input.position,
        0..=MAX_ORDER,
        AdminProblem::BadOrder,
    );
    match (kind, text_vi, text_en, position) {
        (Some(kind), Some(text_vi), Some(text_en), Some(position)) if p.is_empty() => {
            Ok(TemplateDraft {
                kind,
                text_vi,
                text_en,
                position,
                active: ticked(&input.active),
            })
        }
        _ => Err(p),
    }
}

/// A point typed as two decimal numbers, or why not.
pub fn parse_point(lat: &str, lng: &str) -> Result<(f64, f64), AdminProblem> {
    if crate::account::longer_than(lat, 30) || crate::account::longer_than(lng, 30) {
        return Err(AdminProblem::BadPoint);
    }
    let (Ok(a), Ok(b)) = (lat.trim().parse::<f64>(), lng.trim().parse::<f64>()) else {
        return Err(AdminProblem::BadPoint);
    };
    if a.is_finite()
        && b.is_finite()
        && (-90.0..=90.0).contains(&a)
        && (-180.0..=180.0).contains(&b)
    {
        Ok((a, b))
    } else {
        Err(AdminProblem::BadPoint)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn category() -> CategoryInput {
        CategoryInput {
            code: "cay_xanh".into(),
            name_vi: "Cây xanh đô thị".into(),
            name_en: "Urban trees".into(),
            default_days: "10".into(),
            urgent_days: "3".into(),
            color: "#15803D".into(),
            icon: "trash".into(),
            sort_order: "90".into(),
            active: Some("on".into()),
        }
    }

    fn fields(p: &Problems) -> Vec<(&'static str, AdminProblem)> {
        p.clone()
    }

    #[test]
    fn a_good_category_is_trimmed_and_typed() {
        let mut c = category();
        c.name_vi = "  Cây xanh đô thị ".into();
        let d = check_category(&c).unwrap();
        assert_eq!(d.name_vi, "Cây xanh đô thị");
        assert_eq!((d.default_days, d.urgent_days, d.sort_order), (10, 3, 90));
        assert_eq!(d.color, "#15803d");
        assert!(d.active);
        c.active = None;
        assert!(!check_category(&c).unwrap().active);
    }

    #[test]
    fn every_category_field_is_checked_at_once() {
        let c = CategoryInput {
            code: "Cây".into(),
            name_vi: " ".into(),
            name_en: "x".repeat(NAME_MAX + 1),
            default_days: "0".into(),
            urgent_days: "abc".into(),
            color: "green".into(),
            icon: "rocket".into(),
            sort_order: "1000".into(),
            active: None,
        };
        assert_eq!(
            fields(&check_category(&c).unwrap_err()),
            vec![
                ("code", AdminProblem::BadCode),
                ("name_vi", AdminProblem::Required),
                ("name_en", AdminProblem::TooLong(NAME_MAX)),
                ("default_days", AdminProblem::BadDays),
                ("urgent_days", AdminProblem::BadDays),
                ("color", AdminProblem::BadColor),
                ("icon", AdminProblem::UnknownIcon),
                ("sort_order", AdminProblem::BadOrder),
            ]
        );
    }

    #[test]
    fn an_urgent_deadline_longer_than_the_normal_one_is_refused() {
        let mut c = category();
        c.urgent_days = "11".into();
        assert_eq!(
            check_category(&c).unwrap_err(),
            vec![("urgent_days", AdminProblem::UrgentLonger)]
        );
        c.urgent_days = "10".into();
        assert!(check_category(&c).is_ok());
        c.default_days = (MAX_DAYS + 1).to_string();
        assert_eq!(
            check_category(&c).unwrap_err(),
            vec![("default_days", AdminProblem::BadDays)]
        );
    }

    #[test]
    fn a_huge_field_is_refused_by_its_length_alone() {
        let mut c = category();
        c.default_days = "9".repeat(1_000_000);
        c.color = "#".repeat(1_000_000);
        assert_eq!(
            check_category(&c).unwrap_err(),
            vec![
                ("default_days", AdminProblem::TooLong(6)),
                ("color", AdminProblem::TooLong(7))
            ]
        );
    }

    #[test]
    fn category_codes_and_colours() {
        for ok in ["ab", "ha_tang_giao_thong", "loai_2"] {
            assert!(category_code_ok(ok), "{ok}");
        }
        for bad in ["a", "Ha", "hạ_tầng", "a b", "a-b", &"a".repeat(41)] {
            assert!(!category_code_ok(bad), "{bad}");
        }
        assert!(color_ok("#00ffAA"));
        for bad in ["00ffaa", "#00ffa", "#00ffaag", "#gg0000"] {
            assert!(!color_ok(bad), "{bad}");
        }
    }

    fn agency() -> AgencyInput {
        AgencyInput {
            code: "so-xd".into(),
            name: "Sở Xây dựng tỉnh Quảng Trị".into(),
            kind: "department".into(),
            area_id: "".into(),
            parent_id: "7".into(),
            phone: "0233 3852 000".into(),
            email: "SXD@QuangTri.gov.vn".into(),
        }
    }

    #[test]
    fn a_good_agency_is_normalised() {
        let d = check_agency(&agency()).unwrap();
        assert_eq!(d.code, "SO-XD");
        assert_eq!(d.parent_id, Some(7));
        assert_eq!(d.area_id, None);
        assert_eq!(d.email.as_deref(), Some("sxd@quangtri.gov.vn"));
        let mut a = agency();
        a.phone = " ".into();
        a.email = "".into();
        let d = check_agency(&a).unwrap();
        assert_eq!((d.phone, d.email), (None, None));
    }

    #[test]
    fn every_agency_field_is_checked_at_once() {
        let a = AgencyInput {
            code: "Sở".into(),
            name: "".into(),
            kind: "army".into(),
            area_id: "x".into(),
            parent_id: "-3".into(),
            phone: "call me".into(),
            email: "a@b".into(),
        };
        assert_eq!(
            check_agency(&a).unwrap_err(),
            vec![
                ("code", AdminProblem::BadCode),
                ("name", AdminProblem::Required),
                ("kind", AdminProblem::UnknownKind),
                ("area_id", AdminProblem::UnknownArea),
                ("parent_id", AdminProblem::UnknownParent),
                ("phone", AdminProblem::BadPhone),
                ("email", AdminProblem::BadEmail),
            ]
        );
    }

    #[test]
    fn emails_and_phones() {
        for ok in ["a@b.vn", "ubnd@dongha.quangtri.gov.vn"] {
            assert!(email_ok(ok), "{ok}");
        }
        for bad in [
            "a", "@b.vn", "a@b", "a@.vn", "a@b.", "a b@c.vn", "a@b@c.vn", "<a@b.vn>",
        ] {
            assert!(!email_ok(bad), "{bad}");
        }
        for ok in ["0233 3852 214", "+84 (233) 385.2214", "113"] {
            assert!(phone_ok(ok), "{ok}");
        }
        for bad in ["12", "0233x", "số 1"] {
            assert!(!phone_ok(bad), "{bad}");
        }
    }

    #[test]
    fn a_parent_may_not_close_a_loop() {
        // 1 ← 2 ← 3 (3's parent is 2, 2's parent is 1); 4 stands alone.
        let parents: HashMap<i64, Option<i64>> =
            [(1, None), (2, Some(1)), (3, Some(2)), (4, None)].into();
        assert!(makes_cycle(Some(1), 1, &parents), "itself");
        assert!(makes_cycle(Some(1), 3, &parents), "its grandchild");
        assert!(makes_cycle(Some(2), 3, &parents), "its child");
        assert!(!makes_cycle(Some(3), 1, &parents), "an ancestor");
        assert!(!makes_cycle(Some(4), 3, &parents));
        assert!(!makes_cycle(None, 3, &parents), "a new agency");
        // A loop already in the data does not hang the walk.
        let looped: HashMap<i64, Option<i64>> = [(1, Some(2)), (2, Some(1))].into();
        assert!(!makes_cycle(Some(9), 1, &looped));
    }

    #[test]
    fn holidays() {
        let h = check_holiday("2026-09-01", " Quốc khánh (ngày thứ hai) ").unwrap();
        assert_eq!(h.day, NaiveDate::from_ymd_opt(2026, 9, 1).unwrap());
        assert_eq!(h.name, "Quốc khánh (ngày thứ hai)");
        assert_eq!(
            check_holiday("2026-02-30", "x").unwrap_err(),
            vec![("day", AdminProblem::BadDate)]
        );
        assert_eq!(
            check_holiday("1999-12-31", "x").unwrap_err(),
            vec![("day", AdminProblem::YearOutOfRange)]
        );
        assert_eq!(
            check_holiday("2026-9-1", "x").unwrap_err(),
            vec![("day", AdminProblem::BadDate)]
        );
        assert_eq!(
            check_holiday("", "").unwrap_err(),
            vec![
                ("day", AdminProblem::Required),
                ("name", AdminProblem::Required)
            ]
        );
        assert_eq!(
            check_holiday(&"2".repeat(100_000), &"x".repeat(NAME_MAX + 1)).unwrap_err(),
            vec![
                ("day", AdminProblem::TooLong(10)),
                ("name", AdminProblem::TooLong(NAME_MAX))
            ]
        );
    }

    #[test]
    fn rules_and_points() {
        let ok = RuleInput {
            category_id: "3".into(),
            area_id: "".into(),
            agency_id: "12".into(),
            note: " Chiếu sáng toàn tỉnh ".into(),
        };
        assert_eq!(
            check_rule(&ok).unwrap(),
            RuleDraft {
                category_id: Some(3),
                area_id: None,
                agency_id: 12,
                note: Some("Chiếu sáng toàn tỉnh".into())
            }
        );
        let bad = RuleInput {
            category_id: "x".into(),
            area_id: "0".into(),
            agency_id: "".into(),
            note: "n".repeat(NOTE_MAX + 1),
        };
        assert_eq!(
            check_rule(&bad).unwrap_err(),
            vec![
                ("category_id", AdminProblem::UnknownCategory),
                ("area_id", AdminProblem::UnknownArea),
                ("agency_id", AdminProblem::Required),
                ("note", AdminProblem::TooLong(NOTE_MAX)),
            ]
        );
        let mut b = ok.clone();
        b.agency_id = "-1".into();
        assert_eq!(
            check_rule(&b).unwrap_err(),
            vec![("agency_id", AdminProblem::UnknownAgency)]
        );
        assert_eq!(
            parse_point(" 16.8163", "107.1003 "),
            Ok((16.8163, 107.1003))
        );
        for (a, b) in [
            ("91", "107"),
            ("16", "181"),
            ("NaN", "1"),
            ("inf", "1"),
            ("", "1"),
            ("16,8", "107"),
        ] {
            assert_eq!(parse_point(a, b), Err(AdminProblem::BadPoint), "{a} {b}");
        }
        assert_eq!(
            parse_point(&"1".repeat(10_000), "1"),
            Err(AdminProblem::BadPoint)
        );
    }

    #[test]
    fn templates() {
        let ok = TemplateInput {
            kind: "reject".into(),
            text_vi: " Nội dung không thuộc phạm vi tiếp nhận ".into(),
            text_en: "Outside what the system handles".into(),
            position: "3".into(),
            active: Some("on".into()),
        };
        let d = check_template(&ok).unwrap();
        assert_eq!(d.kind, crate::domain::console::TemplateKind::Reject);
        assert_eq!(d.text_vi, "Nội dung không thuộc phạm vi tiếp nhận");
        assert!(d.active && d.position == 3);
        let bad = TemplateInput {
            kind: "praise".into(),
            text_vi: "Ồ".into(),
            text_en: "x".repeat(TEMPLATE_MAX + 1),
            position: "".into(),
            active: None,
        };
        assert_eq!(
            check_template(&bad).unwrap_err(),
            vec![
                ("kind", AdminProblem::UnknownTemplateKind),
                ("text_vi", AdminProblem::TooShort(TEMPLATE_MIN)),
                ("text_en", AdminProblem::TooLong(TEMPLATE_MAX)),
                ("position", AdminProblem::Required),
            ]
        );
    }

    #[test]
    fn every_problem_has_both_messages() {
        let all = [
            AdminProblem::Required,
            AdminProblem::TooLong(5),
            AdminProblem::BadCode,
            AdminProblem::CodeTaken,
            AdminProblem::BadDays,
            AdminProblem::UrgentLonger,
            AdminProblem::BadColor,
            AdminProblem::UnknownIcon,
            AdminProblem::BadOrder,
            AdminProblem::UnknownKind,
            AdminProblem::BadPhone,
            AdminProblem::BadEmail,
            AdminProblem::UnknownArea,
            AdminProblem::UnknownParent,
            AdminProblem::ParentCycle,
            AdminProblem::BadDate,
            AdminProblem::YearOutOfRange,
            AdminProblem::HolidayTaken,
            AdminProblem::UnknownHoliday,
            AdminProblem::UnknownCategory,
            AdminProblem::UnknownAgency,
            AdminProblem::RuleTaken,
            AdminProblem::BadPoint,
            AdminProblem::PointOutside,
            AdminProblem::UnknownTemplateKind,
            AdminProblem::TooShort(5),
        ];
        for p in all {
            assert!(
                p.vi().ends_with(['.', '-']) && p.en().ends_with(['.', '-']),
                "{p:?}"
            );
            assert_ne!(p.vi(), p.en(), "{p:?}");
        }
    }
}
