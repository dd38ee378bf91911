//! The officials' console: inbox, workspace, actions, notes, assignment, bulk actions.
//! Plain form posts (every action works without JavaScript): a form names the report's
//! `code` and the `version` it was shown at, so a change made meanwhile by someone else is
//! refused with who and when instead of being done twice.

use super::AppError;
use crate::domain::console::ActionForm;
use crate::dto::console::{BulkOutcome, ConsoleChoices, InboxFilter, InboxPage, Workspace};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn workspace_href(code: &str) -> String {
    format!("/console/r/{}", urlencoding::encode(code))
}

#[server(prefix = "/api", endpoint = "console/inbox")]
pub async fn console_inbox(filter: InboxFilter, page: Option<u64>) -> Result<InboxPage, AppError> {
    use crate::api::ssr::*;
    crate::server::console::inbox(
        &state()?,
        &subject(),
        &filter,
        page.unwrap_or(1),
        chrono::Utc::now(),
    )
    .await
}

#[server(prefix = "/api", endpoint = "console/choices")]
pub async fn console_form_choices() -> Result<ConsoleChoices, AppError> {
    use crate::api::ssr::*;
    crate::server::console::choices(&state()?, &subject()).await
}

#[server(prefix = "/api", endpoint = "console/report")]
pub async fn console_report(code: String) -> Result<Workspace, AppError> {
    use crate::api::ssr::*;
    crate::server::console::workspace(&state()?, &subject(), &code, chrono::Utc::now()).await
}

/// One lifecycle action; back to the workspace when done.
#[server(prefix = "/api", endpoint = "console/act")]
pub async fn console_act(
    code: String,
    version: String,
    form: ActionForm,
) -> Result<String, AppError> {
    use crate::api::ssr::*;
    let version = i32::try_from(number(&version, "version")?)
        .map_err(|_| AppError::BadRequest("version".into()))?;
    let to = crate::server::console::act(&state()?, &caller(), &subject(), &code, version, &form)
        .await?;
    leptos_axum::redirect(&format!(
        "{}?done={}",
        workspace_href(&code),
        form.action.trim()
    ));
    Ok(to.as_str().to_string())
}

/// An internal note.
#[server(prefix = "/api", endpoint = "console/note")]
pub async fn console_note(code: String, text: String) -> Result<(), AppError> {
    use crate::api::ssr::*;
    crate::server::console::add_note(&state()?, &caller(), &subject(), &code, &text).await?;
    leptos_axum::redirect(&format!("{}?done=note", workspace_href(&code)));
    Ok(())
}

/// Assign (the lead: `officer` = an officer of the agency) or take (empty `officer`).
#[server(prefix = "/api", endpoint = "console/assign")]
pub async fn console_assign(
    code: String,
    version: String,
    officer: Option<String>,
) -> Result<(), AppError> {
    use crate::api::ssr::*;
    let version = i32::try_from(number(&version, "version")?)
        .map_err(|_| AppError::BadRequest("version".into()))?;
    let officer = match officer.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(number(s, "officer")?),
        None => None,
    };
    crate::server::console::assign(&state()?, &caller(), &subject(), &code, version, officer)
        .await?;
    leptos_axum::redirect(&format!("{}?done=assign", workspace_href(&code)));
    Ok(())
}

/// One action on the selected reports: the list's checkboxes `codes[0]`, `codes[1]`, …
#[server(prefix = "/api", endpoint = "console/bulk")]
pub async fn console_bulk(
    codes: Option<Vec<String>>,
    form: ActionForm,
) -> Result<BulkOutcome, AppError> {
    use crate::api::ssr::*;
    let codes = codes.unwrap_or_default();
    if codes.len() > crate::domain::console::BULK_MAX || codes.iter().any(|c| c.len() > 40) {
        return Err(AppError::BadRequest("codes".into()));
    }
    crate::server::console::bulk(&state()?, &caller(), &subject(), &codes, &form).await
}

/// The officer's field list.
#[server(prefix = "/api", endpoint = "console/field")]
pub async fn console_field() -> Result<crate::dto::console::FieldList, AppError> {
    use crate::api::ssr::*;
    let at = chrono::Utc::now();
    let stops = crate::server::console::field_list(&state()?, &subject(), at).await?;
    Ok(crate::dto::console::FieldList { at, stops })
}

/// Moves a report up or down the field list (`dir` "up" or "down").
#[server(prefix = "/api", endpoint = "console/field/move")]
pub async fn console_field_move(code: String, dir: String) -> Result<(), AppError> {
    use crate::api::ssr::*;
    let up = match dir.as_str() {
        "up" => true,
        "down" => false,
        _ => return Err(AppError::BadRequest("dir".into())),
    };
    crate::server::console::move_in_field_list(&state()?, &subject(), &code, up).await?;
    leptos_axum::redirect(&format!(
        "/console/field?moved={}",
        urlencoding::encode(&code)
    ));
    Ok(())
}
