//! Comments, likes, follows, ratings, "not satisfied", notifications and moderation.
//! Plain form posts: every one works without JavaScript and comes back to the page it was
//! sent from (the report page, the notifications page, the moderation queue).

use super::AppError;
use crate::dto::engagement::{Engagement, LikeState, ModerationPage, NotificationPage};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
fn report_href(code: &str, done: &str) -> String {
    format!(
        "/reports/{}?done={done}#engagement",
        urlencoding::encode(code)
    )
}

#[server(prefix = "/api", endpoint = "engagement/get")]
pub async fn get_engagement(code: String, page: Option<u64>) -> Result<Engagement, AppError> {
    use crate::api::ssr::*;
    crate::server::engagement::engagement(
        &state()?,
        &subject(),
        &code,
        page.unwrap_or(0),
        chrono::Utc::now(),
    )
    .await
}

/// A comment, or a reply when `parent` names one.
#[server(prefix = "/api", endpoint = "engagement/comment")]
pub async fn post_comment(
    code: String,
    body: String,
    #[server(default)] parent: String,
) -> Result<(), AppError> {
    use crate::api::ssr::*;
    let parent = match parent.trim() {
        "" => None,
        p => Some(number(p, "parent")?),
    };
    crate::server::engagement::post_comment(&state()?, &caller(), &subject(), &code, &body, parent)
        .await?;
    leptos_axum::redirect(&report_href(&code, "comment"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "engagement/comment/edit")]
pub async fn edit_comment(code: String, id: String, body: String) -> Result<(), AppError> {
    use crate::api::ssr::*;
    let id = number(&id, "id")?;
    crate::server::engagement::edit_comment(&state()?, &caller(), &subject(), id, &body).await?;
    leptos_axum::redirect(&report_href(&code, "edited"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "engagement/comment/delete")]
pub async fn delete_comment(code: String, id: String) -> Result<(), AppError> {
    use crate::api::ssr::*;
    let id = number(&id, "id")?;
    crate::server::engagement::delete_comment(&state()?, &subject(), id).await?;
    leptos_axum::redirect(&report_href(&code, "deleted"));
    Ok(())
}

#[server(prefix = "/api", endpoint = "engagement/like")]
pub async fn like_report(code: String) -> Result<LikeState, AppError> {
    use crate::api::ssr::*;
    let s = crate::server::engagement::toggle_report_like(&state()?, &caller(), &subject(), &code)
        .await?;
    leptos_axum::redirect(&report_href(&code, "like"));
    Ok(s)
}

#[server(prefix = "/api", endpoint = "engagement/comment/like")]
pub async fn like_comment(code: String, id: String) -> Result<LikeState, AppError> {
    use crate::api::ssr::*;
    let id = number(&id, "id")?;
    let s = crate::server::engagement::toggle_comment_like(&state()?, &caller(), &subject(), id)
        .await?;
    leptos_axum::redirect(&report_href(&code, "like"));
    Ok(s)
}

#[server(prefix = "/api", endpoint = "engagement/follow")]
pub async fn follow_report(code: String) -> Result<bool, AppError> {
    use crate::api::ssr::*;
    let on =
        crate::server::engagement::toggle_follow(&state()?, &caller(), &subject(), &code).await?;
    leptos_axum::redirect(&report_href(
        &code,
        if on { "followed" } else { "unfollowed" },
    ));
    Ok(on)
}

#[server(prefix = "/api", endpoint = "engagement/rate")]
pub async fn rate_report(
    code: String,
    level: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    use crate::api::ssr::*;
    crate::server::engagement::rate(&state()?, &caller(), &subject(), &code, &level, &comment)
        .await?;
    leptos_axum::redirect(&report_href(&code, "rated"));
    Ok(())
}

/// "Not satisfied": `way` is `response` or `follow_up`. Answers the follow-up's code.
#[server(prefix = "/api", endpoint = "engagement/not-satisfied")]
pub async fn not_satisfied(
    code: String,
    reason: String,
    way: String,
) -> Result<Option<String>, AppError> {
    use crate::api::ssr::*;
    let second = crate::server::engagement::not_satisfied(
        &state()?,
        &caller(),
        &subject(),
        &code,
        &reason,
        &way,
    )
    .await?;
    match &second {
        Some(c) => leptos_axum::redirect(&format!(
            "/reports/{}?done=follow_up&of={}",
            urlencoding::encode(c),
            urlencoding::encode(&code)
        )),
        None => leptos_axum::redirect(&report_href(&code, "answered")),
    }
    Ok(second)
}

#[server(prefix = "/api", endpoint = "notifications/list")]
pub async fn my_notifications(page: Option<u64>) -> Result<NotificationPage, AppError> {
    use crate::api::ssr::*;
    crate::server::engagement::notifications(&state()?, &subject(), page.unwrap_or(0)).await
}

/// Unread notifications for the header badge (`None` for visitors).
#[server(prefix = "/api", endpoint = "notifications/unread")]
pub async fn unread_notifications() -> Result<Option<i64>, AppError> {
    use crate::api::ssr::*;
    crate::server::engagement::unread_for(&state()?, &subject()).await
}

/// Marks a notification read and goes where it leads.
#[server(prefix = "/api", endpoint = "notifications/open")]
pub async fn open_notification(id: String) -> Result<String, AppError> {
    use crate::api::ssr::*;
    let id = number(&id, "id")?;
    let href =
        crate::server::engagement::open_notification(&state()?, &caller(), &subject(), id).await?;
    leptos_axum::redirect(&href);
    Ok(href)
}

#[server(prefix = "/api", endpoint = "notifications/delete")]
pub async fn delete_notification(id: String) -> Result<(), AppError> {
    use crate::api::ssr::*;
    let id = number(&id, "id")?;
    crate::server::engagement::delete_notification(&state()?, &subject(), id).await?;
    leptos_axum::redirect("/me/notifications?done=deleted");
    Ok(())
}

#[server(prefix = "/api", endpoint = "notifications/delete-read")]
pub async fn delete_read_notifications() -> Result<u64, AppError> {
    use crate::api::ssr::*;
    let n = crate::server::engagement::delete_read(&state()?, &subject()).await?;
    leptos_axum::redirect("/me/notifications?done=deleted");
    Ok(n)
}

#[server(prefix = "/api", endpoint = "moderation/list")]
pub async fn moderation_queue(
    status: Option<String>,
    page: Option<u64>,
) -> Result<ModerationPage, AppError> {
    use crate::api::ssr::*;
    crate::server::engagement::moderation_queue(
        &state()?,
        &subject(),
        status.as_deref().unwrap_or("pending"),
        page.unwrap_or(0),
    )
    .await
}

/// `decision`: approve, reject or hide (the last two with a reason).
#[server(prefix = "/api", endpoint = "moderation/decide")]
pub async fn moderate_comment(
    id: String,
    decision: String,
    #[server(default)] reason: String,
    #[server(default)] status: String,
) -> Result<(), AppError> {
    use crate::api::ssr::*;
    let id = number(&id, "id")?;
    crate::server::engagement::moderate(&state()?, &caller(), &subject(), id, &decision, &reason)
        .await?;
    let back = match status.trim() {
        "approved" => "approved",
        _ => "pending",
    };
    leptos_axum::redirect(&format!(
        "/console/comments?status={back}&done={}",
        decision.trim()
    ));
    Ok(())
}
