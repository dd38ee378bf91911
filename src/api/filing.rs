//! Filing server functions: the form's choices, drafts, sending, the author's list and
//! withdrawal. Plain form posts, so the form works without JavaScript; flat arguments, so
//! an all-empty form still arrives.

use super::AppError;
use crate::domain::filing::FilingForm;
use crate::dto::filing::{Draft, FilingChoices, MyReportsPage, NearbyReport};
use leptos::prelude::*;

/// An id from a form field: digits only, or none.
#[cfg(feature = "ssr")]
fn id_of(raw: Option<String>) -> Result<Option<i64>, AppError> {
    match raw.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) if s.len() <= 19 => s
            .parse::<i64>()
            .map(Some)
            .map_err(|_| AppError::BadRequest("draft".into())),
        Some(_) => Err(AppError::BadRequest("draft".into())),
    }
}

#[server(prefix = "/api", endpoint = "filing/choices")]
pub async fn report_form_choices() -> Result<FilingChoices, AppError> {
    let state = crate::api::ssr::state()?;
    Ok(crate::server::filing::choices(&state.db).await?)
}

#[server(prefix = "/api", endpoint = "filing/draft/get")]
pub async fn get_draft(id: i64) -> Result<Draft, AppError> {
    use crate::api::ssr::*;
    crate::server::filing::draft(&state()?, &subject(), id).await
}

#[server(prefix = "/api", endpoint = "filing/draft/delete")]
pub async fn delete_draft(id: i64) -> Result<(), AppError> {
    use crate::api::ssr::*;
    crate::server::filing::delete_draft(&state()?, &subject(), id).await?;
    leptos_axum::redirect("/me/reports?deleted=1");
    Ok(())
}

/// The report form's one door: `intent` "draft" saves it as a draft (new without `draft`)
/// and goes to "my reports"; anything else sends it (the draft `draft`, with the form's
/// contents) and goes to the confirmation. `key`: the form's idempotency token, so a
/// double tap sends once. The form's fields are `form[title]`, `form[content]`, …
/// (ticked boxes send `true`). Answers the code, or the draft's id.
#[server(prefix = "/api", endpoint = "filing/save")]
pub async fn save_report(
    intent: Option<String>,
    draft: Option<String>,
    key: Option<String>,
    form: FilingForm,
    on_behalf: Option<crate::dto::filing::CallerDetails>,
) -> Result<String, AppError> {
    use crate::api::ssr::*;
    let state = state()?;
    let draft = id_of(draft)?;
    // The operator's form: the caller's channel, name and phone come with it.
    if let Some(details) = on_behalf {
        let code = crate::server::filing::file_on_behalf(
            &state,
            &caller(),
            &subject(),
            &form,
            &details,
            key.as_deref(),
        )
        .await?;
        leptos_axum::redirect(&format!(
            "/console/r/{}?done=file_on_behalf",
            urlencoding::encode(&code)
        ));
        return Ok(code);
    }
    if intent.as_deref() == Some("draft") {
        let id =
            crate::server::filing::save_draft(&state, &subject(), draft, &form, chrono::Utc::now())
                .await?;
        leptos_axum::redirect(&format!("/me/reports?saved={id}"));
        return Ok(id.to_string());
    }
    let code =
        crate::server::filing::submit(&state, &caller(), &subject(), draft, &form, key.as_deref())
            .await?;
    leptos_axum::redirect(&format!(
        "/reports/sent?code={}",
        urlencoding::encode(&code)
    ));
    Ok(code)
}

/// A fresh idempotency token for a new form.
#[server(prefix = "/api", endpoint = "filing/key")]
pub async fn form_key() -> Result<String, AppError> {
    Ok(crate::server::auth::secret::random_hex(16))
}

/// `status`: one status name or empty; `from`/`to`: `YYYY-MM-DD` (Vietnam), inclusive.
#[server(prefix = "/api", endpoint = "filing/mine")]
pub async fn my_reports(
    status: Option<String>,
    from: Option<String>,
    to: Option<String>,
    page: Option<u64>,
) -> Result<MyReportsPage, AppError> {
    use crate::api::ssr::*;
    use crate::domain::lifecycle::Status;
    let state = state()?;
    let status = match status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(Status::parse(s).ok_or(AppError::Invalid(super::Problem::BadStatus))?),
    };
    let date = |d: Option<String>| match d.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) if s.len() <= 10 => chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::BadRequest("date".into())),
        Some(_) => Err(AppError::BadRequest("date".into())),
    };
    crate::server::filing::my_reports(
        &state,
        &subject(),
        status,
        date(from)?,
        date(to)?,
        page.unwrap_or(1),
    )
    .await
}

#[server(prefix = "/api", endpoint = "filing/withdraw")]
pub async fn withdraw_report(code: String) -> Result<(), AppError> {
    use crate::api::ssr::*;
    let state = state()?;
    let code: crate::domain::code::ReportCode = code.parse().map_err(|_| AppError::NotFound)?;
    crate::server::filing::withdraw(&state, &caller(), &subject(), &code.to_string()).await?;
    leptos_axum::redirect("/me/reports?withdrawn=1");
    Ok(())
}

/// Open public reports near a pin (`lat`, `lng` as the form holds them), for "is it one of
/// these?". Public data: anyone may ask.
#[server(prefix = "/api", endpoint = "filing/nearby")]
pub async fn nearby_reports(
    lat: String,
    lng: String,
    category: Option<String>,
) -> Result<Vec<NearbyReport>, AppError> {
    let state = crate::api::ssr::state()?;
    let form = FilingForm {
        lat,
        lng,
        category: category.unwrap_or_default(),
        ..Default::default()
    };
    let clean = crate::domain::filing::check_draft(&form)
        .map_err(|_| AppError::Invalid(super::Problem::BadBbox))?;
    let Some(point) = clean.point else {
        return Ok(Vec::new());
    };
    Ok(crate::server::filing::nearby(
        &state.db,
        point,
        clean.category.as_deref(),
        chrono::Utc::now(),
    )
    .await?)
}

/// Removes one of the caller's uploads not yet saved with a form (the form's "remove").
#[server(prefix = "/api", endpoint = "media/remove")]
pub async fn remove_upload(id: i64) -> Result<(), AppError> {
    use crate::api::ssr::*;
    crate::server::media::remove_upload(&state()?, &subject(), id).await
}

/// Address help: places the typed address may mean (public reference data).
#[server(prefix = "/api", endpoint = "filing/places")]
pub async fn find_places(q: String) -> Result<Vec<crate::dto::filing::PlaceHit>, AppError> {
    let state = crate::api::ssr::state()?;
    Ok(crate::server::filing::places(&state.db, &q).await?)
}
