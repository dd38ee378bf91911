//! The public scoreboard: anyone may read it; it shows counts, never a report's content.

use super::AppError;
use crate::dto::stats::{Scoreboard, StatsFilter};
use leptos::prelude::*;

#[server(endpoint = "reports/stats")]
pub async fn get_scoreboard(
    #[server(default)] filter: StatsFilter,
) -> Result<Scoreboard, AppError> {
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

/// A staff dashboard: the centre's province view, an officer's own agency; with the
/// viewer's inbox tabs and their counts.
#[server(endpoint = "console/dashboard")]
pub async fn get_dashboard(
    #[server(default)] filter: StatsFilter,
) -> Result<crate::dto::stats::Dashboard, AppError> {
    let who = super::ssr::subject();
    let agency = crate::server::stats::dashboard_scope(&who)?;
    let now = chrono::Utc::now();
    let valid = crate::dto::stats::validate(&filter, crate::domain::deadline::local_date(now))
        .map_err(AppError::Invalid)?;
    let state = super::ssr::state()?;
    let district = match &valid.district {
        None => None,
        Some(code) => Some(
            crate::server::stats::district_id(&state.db, code)
                .await?
                .ok_or(AppError::Invalid(super::Problem::BadDistrict))?,
        ),
    };
    let board =
        crate::server::stats::dashboard_board(&state.db, &valid, district, agency, now).await?;
    let inbox = crate::server::console::inbox(
        &state,
        &who,
        &crate::dto::console::InboxFilter::default(),
        1,
        now,
    )
    .await?;
    let agency = match agency {
        None => None,
        Some(id) => crate::server::stats::agency_name(&state.db, id).await?,
    };
    Ok(crate::dto::stats::Dashboard {
        board,
        tabs: inbox.counts,
        agency,
    })
}
