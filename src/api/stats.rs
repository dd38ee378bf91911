//! The public scoreboard: anyone may read it; it shows counts, never a report's content.

use super::AppError;
use crate::dto::stats::{Scoreboard, StatsFilter};
use leptos::prelude::*;

#[server(endpoint = "reports/stats")]
pub async fn get_scoreboard(filter: StatsFilter) -> Result<Scoreboard, AppError> {
    use crate::account::permission::{may, Object, Permission};
    may(
        &super::ssr::subject(),
        Permission::ViewPublic,
        &Object::None,
    )?;
    let now = chrono::Utc::now();
    let valid = crate::dto::stats::validate(&filter, crate::domain::deadline::local_date(now))
        .map_err(AppError::Invalid)?;
    let db = super::ssr::state()?.db;
    let district = match &valid.district {
        None => None,
        Some(code) => Some(
            crate::server::stats::district_id(&db, code)
                .await?
                .ok_or(AppError::Invalid(super::Problem::BadDistrict))?,
        ),
    };
    Ok(crate::server::stats::scoreboard(&db, &valid, district, now).await?)
}
