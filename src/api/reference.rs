//! Reference data the administration edits: categories, agencies, routing rules, holidays and
//! reply templates. Admins only (the permission function says so, in every function). Changes answer a
//! redirect back to their list with the changed row marked, so the forms work without
//! JavaScript too.
// A form's fields arrive as flat arguments (a plain HTML form posts them so); the browser's
// generated client function then takes as many.
#![allow(clippy::too_many_arguments)]

use super::AppError;
#[cfg(feature = "ssr")]
use crate::domain::admin::{AgencyInput, CategoryInput, TemplateInput};
use leptos::prelude::*;

pub use crate::dto::admin::{
    AgencyAdminPage, AgencyAdminRow, CategoryAdminRow, HolidayPage, HolidayRow, RouteTest,
    RulePage, RuleRow,
};

#[cfg(feature = "ssr")]
use crate::api::ssr::{caller, state, subject as signed_subject};

#[server(prefix = "/api", endpoint = "admin/categories")]
pub async fn admin_categories() -> Result<Vec<CategoryAdminRow>, AppError> {
    crate::server::reference::list_categories(&state()?, &signed_subject()).await
}

/// A new category without `id`; a change of category `id` otherwise (its code stays).
#[server(prefix = "/api", endpoint = "admin/categories/save")]
pub async fn save_category(
    id: Option<i64>,
    code: Option<String>,
    name_vi: String,
    name_en: String,
    default_days: String,
    urgent_days: String,
    color: String,
    icon: String,
    sort_order: String,
    active: Option<String>,
) -> Result<(), AppError> {
    let input = CategoryInput {
        code: code.unwrap_or_default(),
        name_vi,
        name_en,
        default_days,
        urgent_days,
        color,
        icon,
        sort_order,
        active,
    };
    let saved = crate::server::reference::save_category(
        &state()?,
        &caller(),
        &signed_subject(),
        id,
        &input,
    )
    .await?;
    leptos_axum::redirect(&format!("/admin/categories?saved={saved}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/agencies")]
pub async fn admin_agencies() -> Result<AgencyAdminPage, AppError> {
    crate::server::reference::list_agencies(&state()?, &signed_subject()).await
}

/// A new agency without `id`; a change of agency `id` otherwise (its code stays).
#[server(prefix = "/api", endpoint = "admin/agencies/save")]
pub async fn save_agency(
    id: Option<i64>,
    code: Option<String>,
    name: String,
    kind: String,
    area_id: String,
    parent_id: String,
    phone: String,
    email: String,
) -> Result<(), AppError> {
    let input = AgencyInput {
        code: code.unwrap_or_default(),
        name,
        kind,
        area_id,
        parent_id,
        phone,
        email,
    };
    let saved =
        crate::server::reference::save_agency(&state()?, &caller(), &signed_subject(), id, &input)
            .await?;
    leptos_axum::redirect(&format!("/admin/agencies?saved={saved}"));
    Ok(())
}

/// `active`: "false" to deactivate, "true" to reactivate.
#[server(prefix = "/api", endpoint = "admin/agencies/active")]
pub async fn set_agency_active(id: i64, active: bool) -> Result<(), AppError> {
    crate::server::reference::set_agency_active(
        &state()?,
        &caller(),
        &signed_subject(),
        id,
        active,
    )
    .await?;
    leptos_axum::redirect(&format!("/admin/agencies?saved={id}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/holidays")]
pub async fn admin_holidays(year: Option<String>) -> Result<HolidayPage, AppError> {
    crate::server::reference::list_holidays(&state()?, &signed_subject(), year.as_deref()).await
}

#[server(prefix = "/api", endpoint = "admin/holidays/add")]
pub async fn add_holiday(day: String, name: String) -> Result<(), AppError> {
    crate::server::reference::add_holiday(&state()?, &caller(), &signed_subject(), &day, &name)
        .await?;
    leptos_axum::redirect(&format!(
        "/admin/holidays?year={}&saved={}",
        day.get(..4).unwrap_or(""),
        urlencoding::encode(&day)
    ));
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/holidays/remove")]
pub async fn remove_holiday(day: String) -> Result<(), AppError> {
    crate::server::reference::remove_holiday(&state()?, &caller(), &signed_subject(), &day).await?;
    leptos_axum::redirect(&format!(
        "/admin/holidays?year={}&removed=1",
        day.get(..4).unwrap_or("")
    ));
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/routing")]
pub async fn admin_rules() -> Result<crate::dto::admin::RulePage, AppError> {
    crate::server::reference::list_rules(&state()?, &signed_subject()).await
}

/// Ids or empty ("any"); the agency is required.
#[server(prefix = "/api", endpoint = "admin/routing/add")]
pub async fn add_rule(
    category_id: String,
    area_id: String,
    agency_id: String,
    note: String,
) -> Result<(), AppError> {
    let input = crate::domain::admin::RuleInput {
        category_id,
        area_id,
        agency_id,
        note,
    };
    let id =
        crate::server::reference::add_rule(&state()?, &caller(), &signed_subject(), &input).await?;
    leptos_axum::redirect(&format!("/admin/routing?saved={id}"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/routing/remove")]
pub async fn remove_rule(id: i64) -> Result<(), AppError> {
    crate::server::reference::remove_rule(&state()?, &caller(), &signed_subject(), id).await?;
    leptos_axum::redirect("/admin/routing?removed=1");
    Ok(())
}

/// "Test a point": latitude, longitude and a category id (or empty).
#[server(prefix = "/api", endpoint = "admin/routing/test")]
pub async fn test_route(
    lat: String,
    lng: String,
    category: Option<String>,
) -> Result<crate::dto::admin::RouteTest, AppError> {
    crate::server::reference::test_point(
        &state()?,
        &signed_subject(),
        &lat,
        &lng,
        category.as_deref().unwrap_or(""),
    )
    .await
}

#[server(prefix = "/api", endpoint = "admin/templates")]
pub async fn admin_templates() -> Result<Vec<crate::dto::admin::TemplateRow>, AppError> {
    crate::server::reference::list_templates(&state()?, &signed_subject()).await
}

/// A new template without `id`; a change of template `id` otherwise.
#[server(prefix = "/api", endpoint = "admin/templates/save")]
pub async fn save_template(
    id: Option<i64>,
    kind: String,
    text_vi: String,
    text_en: String,
    position: String,
    active: Option<String>,
) -> Result<(), AppError> {
    let input = TemplateInput {
        kind,
        text_vi,
        text_en,
        position,
        active,
    };
    let saved = crate::server::reference::save_template(
        &state()?,
        &caller(),
        &signed_subject(),
        id,
        &input,
    )
    .await?;
    leptos_axum::redirect(&format!("/admin/templates?saved={saved}"));
    Ok(())
}
