//! What the report page, the notifications page and the moderation queue receive about
//! comments, likes, follows, ratings and notifications.

use crate::domain::engagement::{CommentStatus, Satisfaction};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A comment as the viewer may see it (with its replies, for a top-level one).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    pub author: String,
    pub body: String,
    pub status: CommentStatus,
    /// Why it was rejected or hidden; only its author and moderators get it.
    pub reason: Option<String>,
    pub like_count: i64,
    pub liked: bool,
    /// The viewer wrote it (may edit or delete it while pending).
    pub own: bool,
    pub created_at: DateTime<Utc>,
    pub replies: Vec<CommentView>,
}

/// The author's rating as the page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RatingView {
    pub level: Satisfaction,
    pub comment: Option<String>,
    pub rated_at: DateTime<Utc>,
}

/// Everything around a report that is not the report itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Engagement {
    pub code: String,
    /// Comments and likes exist only on public reports.
    pub open: bool,
    pub comments: Vec<CommentView>,
    pub comment_page: u64,
    pub more_comments: bool,
    /// Approved comments, all pages.
    pub comment_count: i64,
    pub like_count: i64,
    pub liked: bool,
    pub following: bool,
    /// The viewer is logged in as a citizen (may comment, like, follow).
    pub may_engage: bool,
    /// The author's rating, shown to everyone once given.
    pub rating: Option<RatingView>,
    /// The viewer is the author and may rate (or change the rating) now.
    pub may_rate: bool,
    /// The viewer is the author and may still say "not satisfied".
    pub may_answer: bool,
    /// The author's latest "not satisfied" response (shown to the author).
    pub answer: Option<String>,
    /// Follow-up reports ("lần 2") of this one, by code.
    pub follow_ups: Vec<String>,
}

/// A like's state after a toggle.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LikeState {
    pub liked: bool,
    pub count: i64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationView {
    pub id: i64,
    pub kind: String,
    pub text: String,
    pub code: Option<String>,
    pub read: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NotificationPage {
    pub items: Vec<NotificationView>,
    pub unread: i64,
    pub page: u64,
    pub more: bool,
}

/// A comment waiting in (or passed through) the moderation queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModerationItem {
    pub id: i64,
    pub code: String,
    pub report_title: String,
    pub author: String,
    pub body: String,
    /// The comment it answers, for context.
    pub parent_body: Option<String>,
    pub status: CommentStatus,
    pub reason: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModerationPage {
    pub items: Vec<ModerationItem>,
    pub status: CommentStatus,
    pub page: u64,
    pub more: bool,
    pub pending: i64,
}
