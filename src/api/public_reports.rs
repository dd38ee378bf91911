//! The public read side: map markers, the list, a report page, the filter choices.
//! Anyone may call these; they show public reports, and a signed-in author their own.

use super::AppError;
use crate::dto::{AreaOutline, FilterChoices, MapData, PublicFilter, ReportDetail, ReportPage};
use leptos::prelude::*;

pub use crate::dto::filter::{validate_filter, validate_page, Search, ValidFilter};

/// The database, from the state every server function reaches.
#[cfg(feature = "ssr")]
fn db() -> Result<sea_orm::DatabaseConnection, AppError> {
    crate::api::ssr::state().map(|s| s.db)
}

#[server(endpoint = "reports/list")]
pub async fn list_reports(filter: PublicFilter, page: u64) -> Result<ReportPage, AppError> {
    let valid = validate_filter(&filter)?;
    let page = validate_page(page)?;
    Ok(crate::server::public_reports::list(&db()?, &valid, page, chrono::Utc::now()).await?)
}

#[server(endpoint = "reports/map")]
/// `columns`: how many cluster cells across the view (the map's width / 64 px), 2–32.
pub async fn map_markers(filter: PublicFilter, columns: Option<u32>) -> Result<MapData, AppError> {
    let valid = validate_filter(&filter)?;
    if valid.bbox.is_none() {
        return Err(AppError::Invalid(super::Problem::MissingBbox));
    }
    let columns = columns.unwrap_or(crate::server::public_reports::GRID_COLUMNS_DEFAULT);
    Ok(crate::server::public_reports::map(&db()?, &valid, columns).await?)
}

#[server(endpoint = "reports/get")]
pub async fn get_report(code: String) -> Result<ReportDetail, AppError> {
    let code: crate::domain::code::ReportCode = code.parse().map_err(|_| AppError::NotFound)?;
    let viewer = crate::api::ssr::signed_in().map(|s| s.user.id);
    let mut d = crate::server::public_reports::detail_for(
        &db()?,
        &code.to_string(),
        chrono::Utc::now(),
        viewer,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    d.site = site_url();
    Ok(d)
}

/// The configured public address, else the one this request came to.
#[cfg(feature = "ssr")]
fn site_url() -> String {
    use leptos::prelude::use_context;
    let state = use_context::<crate::server::AppState>();
    if let Some(u) = state.as_ref().and_then(|s| s.config.public_url.clone()) {
        return u;
    }
    use_context::<axum::http::request::Parts>()
        .and_then(|p| {
            p.headers
                .get(axum::http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .filter(|h| {
                    h.len() <= 255
                        && h.bytes().all(|b| {
                            b.is_ascii_alphanumeric()
                                || matches!(b, b'.' | b'-' | b':' | b'[' | b']')
                        })
                })
                .map(|h| format!("http://{h}"))
        })
        .unwrap_or_default()
}

#[server(endpoint = "reports/filters")]
pub async fn get_filter_choices() -> Result<FilterChoices, AppError> {
    Ok(crate::server::public_reports::filter_choices(&db()?).await?)
}

#[server(endpoint = "areas/districts")]
pub async fn get_district_outlines() -> Result<Vec<AreaOutline>, AppError> {
    Ok(crate::server::public_reports::district_outlines(&db()?).await?)
}
