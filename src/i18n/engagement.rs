//! Strings of comments, likes, follows, ratings, "not satisfied", notifications and
//! moderation. A field missing in one language does not build.

use crate::domain::engagement::{CommentStatus, Satisfaction};
use crate::i18n::Lang;

pub struct EngagementStrings {
    pub comments_title: &'static str,
    pub comments_empty: &'static str,
    pub comments_closed: &'static str,
    pub comment_label: &'static str,
    pub comment_send: &'static str,
    pub comment_note: &'static str,
    pub comment_sent: &'static str,
    pub reply: &'static str,
    pub reply_label: &'static str,
    pub reply_send: &'static str,
    pub reason: &'static str,
    pub edit: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,
    pub delete: &'static str,
    pub delete_comment_question: &'static str,
    pub login_to_engage: &'static str,
    pub login: &'static str,
    pub more_comments: &'static str,
    pub newer_comments: &'static str,
    pub like: &'static str,
    pub unlike: &'static str,
    pub likes: &'static str,
    pub follow: &'static str,
    pub unfollow: &'static str,
    pub following_note: &'static str,
    pub rating_title: &'static str,
    pub rating_of_author: &'static str,
    pub rating_comment: &'static str,
    pub rating_send: &'static str,
    pub rating_change: &'static str,
    pub rating_saved: &'static str,
    pub rating_none: &'static str,
    pub ns_title: &'static str,
    pub ns_intro: &'static str,
    pub ns_reason: &'static str,
    pub ns_response: &'static str,
    pub ns_follow_up: &'static str,
    pub ns_sent_response: &'static str,
    pub ns_sent_follow_up: &'static str,
    pub answer_label: &'static str,
    pub follow_ups: &'static str,
    pub nav_notifications: &'static str,
    pub notifications_title: &'static str,
    pub notifications_empty: &'static str,
    pub unread: &'static str,
    pub open: &'static str,
    pub delete_read: &'static str,
    pub delete_read_question: &'static str,
    pub badge_label: &'static str,
    pub prev: &'static str,
    pub next: &'static str,
    pub moderation_title: &'static str,
    pub moderation_link: &'static str,
    pub approve: &'static str,
    pub reject: &'static str,
    pub hide: &'static str,
    pub moderation_reason: &'static str,
    pub queue_empty: &'static str,
    pub in_reply_to: &'static str,
    pub on_report: &'static str,
    pub by: &'static str,
    pub loading: &'static str,
    pub live_updated: &'static str,
}

pub static VI: EngagementStrings = EngagementStrings {
    comments_title: "Bình luận",
    comments_empty: "Chưa có bình luận nào. Hãy là người đầu tiên góp ý.",
    comments_closed: "Chỉ phản ánh đã được công khai mới nhận bình luận.",
    comment_label: "Viết bình luận",
    comment_send: "Gửi bình luận",
    comment_note: "Bình luận sẽ hiển thị công khai sau khi được Trung tâm kiểm duyệt.",
    comment_sent: "Bình luận đã được gửi và đang chờ kiểm duyệt.",
    reply: "Trả lời",
    reply_label: "Nội dung trả lời",
    reply_send: "Gửi trả lời",
    reason: "Lý do",
    edit: "Sửa",
    save: "Lưu",
    cancel: "Huỷ",
    delete: "Xoá",
    delete_comment_question: "Xoá bình luận này? Thao tác này không hoàn tác được.",
    login_to_engage: "Đăng nhập để bình luận, thích và theo dõi phản ánh.",
    login: "Đăng nhập",
    more_comments: "Bình luận cũ hơn",
    newer_comments: "Bình luận mới hơn",
    like: "Thích",
    unlike: "Bỏ thích",
    likes: "lượt thích",
    follow: "Theo dõi",
    unfollow: "Bỏ theo dõi",
    following_note: "Bạn sẽ nhận thông báo khi phản ánh này thay đổi trạng thái.",
    rating_title: "Đánh giá mức độ hài lòng",
    rating_of_author: "Đánh giá của người phản ánh",
    rating_comment: "Ý kiến thêm (không bắt buộc)",
    rating_send: "Gửi đánh giá",
    rating_change: "Bạn có thể thay đổi đánh giá trong vòng 7 ngày kể từ lần đánh giá đầu tiên.",
    rating_saved: "Cảm ơn bạn đã đánh giá kết quả xử lý.",
    rating_none: "Người phản ánh chưa đánh giá kết quả xử lý.",
    ns_title: "Chưa hài lòng với kết quả xử lý?",
    ns_intro: "Trong vòng 30 ngày kể từ khi công bố kết quả, bạn có thể gửi ý kiến phản hồi đến Trung tâm hoặc gửi phản ánh lần 2.",
    ns_reason: "Lý do chưa hài lòng (ít nhất 20 ký tự)",
    ns_response: "Gửi ý kiến phản hồi",
    ns_follow_up: "Gửi phản ánh lần 2",
    ns_sent_response: "Ý kiến phản hồi của bạn đã được gửi đến Trung tâm.",
    ns_sent_follow_up: "Phản ánh lần 2 đã được gửi với mã",
    answer_label: "Ý kiến phản hồi của bạn",
    follow_ups: "Phản ánh lần 2",
    nav_notifications: "Thông báo",
    notifications_title: "Thông báo của tôi",
    notifications_empty: "Bạn chưa có thông báo nào.",
    unread: "Chưa đọc",
    open: "Xem",
    delete_read: "Xoá các thông báo đã đọc",
    delete_read_question: "Xoá tất cả thông báo đã đọc? Thao tác này không hoàn tác được.",
    badge_label: "thông báo chưa đọc",
    prev: "Trang trước",
    next: "Trang sau",
    moderation_title: "Kiểm duyệt bình luận",
    moderation_link: "Kiểm duyệt bình luận",
    approve: "Duyệt",
    reject: "Không duyệt",
    hide: "Ẩn bình luận",
    moderation_reason: "Lý do (bắt buộc khi không duyệt hoặc ẩn; người viết sẽ được thông báo)",
    queue_empty: "Không có bình luận nào trong mục này.",
    in_reply_to: "Trả lời bình luận:",
    on_report: "Phản ánh",
    by: "Người viết",
    loading: "Đang tải…",
    live_updated: "Trang vừa được cập nhật.",
};

pub static EN: EngagementStrings = EngagementStrings {
    comments_title: "Comments",
    comments_empty: "No comments yet. Be the first to add one.",
    comments_closed: "Only public reports take comments.",
    comment_label: "Write a comment",
    comment_send: "Send comment",
    comment_note: "Comments appear publicly after the centre has reviewed them.",
    comment_sent: "Your comment was sent and awaits review.",
    reply: "Reply",
    reply_label: "Your reply",
    reply_send: "Send reply",
    reason: "Reason",
    edit: "Edit",
    save: "Save",
    cancel: "Cancel",
    delete: "Delete",
    delete_comment_question: "Delete this comment? This cannot be undone.",
    login_to_engage: "Log in to comment, like and follow reports.",
    login: "Log in",
    more_comments: "Older comments",
    newer_comments: "Newer comments",
    like: "Like",
    unlike: "Unlike",
    likes: "likes",
    follow: "Follow",
    unfollow: "Unfollow",
    following_note: "You will be notified when this report changes status.",
    rating_title: "Rate your satisfaction",
    rating_of_author: "The reporter's rating",
    rating_comment: "Anything to add (optional)",
    rating_send: "Send rating",
    rating_change: "You can change your rating within 7 days of your first rating.",
    rating_saved: "Thank you for rating the result.",
    rating_none: "The reporter has not rated the result yet.",
    ns_title: "Not satisfied with the result?",
    ns_intro: "Within 30 days of the result's publication you can send the centre a response or file a follow-up report.",
    ns_reason: "Why you are not satisfied (at least 20 characters)",
    ns_response: "Send a response",
    ns_follow_up: "File a follow-up report",
    ns_sent_response: "Your response was sent to the centre.",
    ns_sent_follow_up: "Your follow-up report was sent with the code",
    answer_label: "Your response",
    follow_ups: "Follow-up reports",
    nav_notifications: "Notifications",
    notifications_title: "My notifications",
    notifications_empty: "You have no notifications.",
    unread: "Unread",
    open: "Open",
    delete_read: "Delete read notifications",
    delete_read_question: "Delete all read notifications? This cannot be undone.",
    badge_label: "unread notifications",
    prev: "Previous page",
    next: "Next page",
    moderation_title: "Comment moderation",
    moderation_link: "Comment moderation",
    approve: "Approve",
    reject: "Reject",
    hide: "Hide comment",
    moderation_reason: "Reason (required to reject or hide; the author is told)",
    queue_empty: "No comments here.",
    in_reply_to: "In reply to:",
    on_report: "Report",
    by: "Author",
    loading: "Loading…",
    live_updated: "This page was just updated.",
};

pub fn satisfaction_label(lang: Lang, s: Satisfaction) -> &'static str {
    match (lang, s) {
        (Lang::Vi, Satisfaction::VerySatisfied) => "Rất hài lòng",
        (Lang::Vi, Satisfaction::Satisfied) => "Hài lòng",
        (Lang::Vi, Satisfaction::NotSatisfied) => "Không hài lòng",
        (Lang::En, Satisfaction::VerySatisfied) => "Very satisfied",
        (Lang::En, Satisfaction::Satisfied) => "Satisfied",
        (Lang::En, Satisfaction::NotSatisfied) => "Not satisfied",
    }
}

pub fn comment_status_label(lang: Lang, s: CommentStatus) -> &'static str {
    match (lang, s) {
        (Lang::Vi, CommentStatus::Pending) => "Đang chờ duyệt",
        (Lang::Vi, CommentStatus::Approved) => "Đã duyệt",
        (Lang::Vi, CommentStatus::Rejected) => "Không được duyệt",
        (Lang::Vi, CommentStatus::Hidden) => "Đã bị ẩn",
        (Lang::En, CommentStatus::Pending) => "Awaiting review",
        (Lang::En, CommentStatus::Approved) => "Approved",
        (Lang::En, CommentStatus::Rejected) => "Not approved",
        (Lang::En, CommentStatus::Hidden) => "Hidden",
    }
}

/// A notification's text in the reader's language: the stored Vietnamese text (which may
/// carry a reason), or an English sentence from its kind.
pub fn notification_text(lang: Lang, kind: &str, code: Option<&str>, stored: &str) -> String {
    if lang == Lang::Vi {
        return stored.to_string();
    }
    let code = code.unwrap_or("");
    let reason = stored
        .split_once("Lý do: ")
        .map(|(_, r)| format!(" Reason: {r}"))
        .unwrap_or_default();
    match kind {
        "status:submit" | "status:file_on_behalf" => {
            format!("Report {code} was sent to the centre and awaits review.")
        }
        "status:verify" => format!("Report {code} was accepted by the centre."),
        "status:reject" => format!("Report {code} was not accepted.{reason}"),
        "status:mark_duplicate" => format!("Report {code} duplicates an existing report."),
        "status:dispatch" | "status:transfer" => {
            format!("Report {code} was sent to the agency in charge.")
        }
        "status:accept" => format!("Report {code} is being handled by the agency."),
        "status:publish" => {
            format!("Report {code} has a published result. Please look at it and rate it.")
        }
        "status:close" => format!("Report {code} is closed."),
        "comment:approved" => format!("Your comment on report {code} was approved and is public."),
        "comment:rejected" => format!("Your comment on report {code} was not approved.{reason}"),
        "comment:hidden" => format!("Your comment on report {code} was hidden.{reason}"),
        "reply" => format!("There is a new reply to your comment on report {code}."),
        "assigned" => format!("You were assigned report {code}."),
        "overdue" => format!("Report {code} is overdue."),
        "due_soon" => format!("Report {code} is due soon."),
        "dissatisfied" => {
            format!("The reporter is not satisfied with the result of report {code}.")
        }
        k if k.starts_with("follow:") => {
            format!("Report {code}, which you follow, changed status.")
        }
        _ => format!("Report {code} changed."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_notifications_follow_the_kind_and_keep_the_reason() {
        let vi = "Bình luận của bạn về phản ánh PA-2026-000001 không được duyệt. Lý do: Ngôn từ xúc phạm";
        assert_eq!(
            notification_text(Lang::Vi, "comment:rejected", Some("PA-2026-000001"), vi),
            vi
        );
        let en = notification_text(Lang::En, "comment:rejected", Some("PA-2026-000001"), vi);
        assert!(
            en.contains("PA-2026-000001") && en.ends_with("Reason: Ngôn từ xúc phạm"),
            "{en}"
        );
        assert!(notification_text(Lang::En, "follow:published", Some("X"), "").contains("follow"));
    }
}
