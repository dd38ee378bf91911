//! The rules of engagement with a public report: comments and their moderation, likes,
//! satisfaction ratings, "not satisfied" answers and follow-ups, and who reads a comment.
//!
//! Pure functions over plain data; the server checks the same rules the page shows.

use serde::{Deserialize, Serialize};

/// A comment or reply, at most this many characters (after trimming).
pub const COMMENT_MAX: usize = 2000;
/// Raw input is refused beyond this many bytes before any other work.
pub const COMMENT_RAW_MAX: usize = 4 * COMMENT_MAX * 2;
/// A moderator's reason, and a rating's or "not satisfied" text, at most.
pub const REASON_MAX: usize = 1000;
/// A moderator's reason at least (so the author learns something).
pub const REASON_MIN: usize = 5;
/// "Not satisfied": the author says why in at least this many characters.
pub const NOT_SATISFIED_MIN: usize = 20;
/// Comments one user may post in [`COMMENT_WINDOW_SECS`].
pub const COMMENTS_PER_WINDOW: u32 = 10;
pub const COMMENT_WINDOW_SECS: u64 = 10 * 60;
/// Comments and notifications shown per page.
pub const PAGE_SIZE: u64 = 20;

/// Where a comment stands in moderation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CommentStatus {
    /// Written, waiting for an operator: only its author (and operators) see it.
    Pending,
    /// Shown to everyone.
    Approved,
    /// Refused by an operator with a reason told to the author; shown to nobody else.
    Rejected,
    /// Was approved, later hidden by an operator with a reason.
    Hidden,
}

impl CommentStatus {
    pub const ALL: [CommentStatus; 4] = [
        CommentStatus::Pending,
        CommentStatus::Approved,
        CommentStatus::Rejected,
        CommentStatus::Hidden,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CommentStatus::Pending => "pending",
            CommentStatus::Approved => "approved",
            CommentStatus::Rejected => "rejected",
            CommentStatus::Hidden => "hidden",
        }
    }

    pub fn parse(s: &str) -> Option<CommentStatus> {
        CommentStatus::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// What a moderator does to a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Moderation {
    Approve,
    Reject,
    Hide,
}

impl Moderation {
    pub const ALL: [Moderation; 3] = [Moderation::Approve, Moderation::Reject, Moderation::Hide];

    pub fn as_str(self) -> &'static str {
        match self {
            Moderation::Approve => "approve",
            Moderation::Reject => "reject",
            Moderation::Hide => "hide",
        }
    }

    pub fn parse(s: &str) -> Option<Moderation> {
        Moderation::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// Rejecting and hiding tell the author why.
    pub fn needs_reason(self) -> bool {
        !matches!(self, Moderation::Approve)
    }
}

/// The status a moderation decision leads to, or `None` when it does not apply: only a
/// pending comment is approved or rejected; only an approved one is hidden.
pub fn moderate(from: CommentStatus, decision: Moderation) -> Option<CommentStatus> {
    use CommentStatus as S;
    match (from, decision) {
        (S::Pending, Moderation::Approve) => Some(S::Approved),
        (S::Pending, Moderation::Reject) => Some(S::Rejected),
        (S::Approved, Moderation::Hide) => Some(S::Hidden),
        _ => None,
    }
}

/// Who looks at a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reader {
    /// The reader wrote it.
    pub is_author: bool,
    /// The reader moderates comments (operators).
    pub moderator: bool,
}

/// May this reader see a comment in this status? Everyone sees approved comments; the
/// author also sees their pending and rejected ones (with the reason); moderators see all.
pub fn visible(status: CommentStatus, reader: Reader) -> bool {
    match status {
        CommentStatus::Approved => true,
        CommentStatus::Pending | CommentStatus::Rejected => reader.is_author || reader.moderator,
        CommentStatus::Hidden => reader.moderator || reader.is_author,
    }
}

/// The author may edit or delete a comment only while it waits for moderation (an
/// approved comment others have read, and replied to, stays as it was).
pub fn author_may_change(status: CommentStatus) -> bool {
    status == CommentStatus::Pending
}

/// Replies are one level deep and only to comments everyone can read.
pub fn may_reply_to(parent_status: CommentStatus, parent_is_reply: bool) -> Result<(), Problem> {
    if parent_is_reply {
        return Err(Problem::ReplyToReply);
    }
    if parent_status != CommentStatus::Approved {
        return Err(Problem::ParentNotShown);
    }
    Ok(())
}

/// Why an engagement input was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    TooShort(usize),
    TooLong(usize),
    /// A reply to a reply: replies are one level deep.
    ReplyToReply,
    /// The comment replied to is not shown (pending, rejected, hidden or gone).
    ParentNotShown,
    /// Not one of the three satisfaction levels.
    UnknownLevel,
    /// The rating may no longer change (7 days after the first rating).
    RatingClosed,
    /// More than 30 days after publishing.
    NotSatisfiedClosed,
    /// Only a pending comment may be edited or deleted by its author.
    NotPending,
    /// The moderation decision does not apply to the comment's status.
    WrongModeration,
}

impl Problem {
    pub fn vi(self) -> String {
        match self {
            Problem::Required => "Vui lòng nhập nội dung.".into(),
            Problem::TooShort(n) => format!("Vui lòng nhập ít nhất {n} ký tự."),
            Problem::TooLong(n) => format!("Không được dài quá {n} ký tự."),
            Problem::ReplyToReply => "Chỉ có thể trả lời bình luận gốc.".into(),
            Problem::ParentNotShown => {
                "Bình luận này không còn hiển thị nên không thể trả lời.".into()
            }
            Problem::UnknownLevel => "Vui lòng chọn một mức độ hài lòng.".into(),
            Problem::RatingClosed => {
                "Đánh giá chỉ được thay đổi trong vòng 7 ngày kể từ lần đánh giá đầu tiên.".into()
            }
            Problem::NotSatisfiedClosed => {
                "Đã quá 30 ngày kể từ khi công bố kết quả nên không thể gửi phản hồi.".into()
            }
            Problem::NotPending => {
                "Bình luận đã được kiểm duyệt nên không thể sửa hoặc xoá.".into()
            }
            Problem::WrongModeration => {
                "Bình luận đã được xử lý. Vui lòng tải lại danh sách.".into()
            }
        }
    }

    pub fn en(self) -> String {
        match self {
            Problem::Required => "Please enter some text.".into(),
            Problem::TooShort(n) => format!("Please enter at least {n} characters."),
            Problem::TooLong(n) => format!("At most {n} characters."),
            Problem::ReplyToReply => "You can only reply to a top-level comment.".into(),
            Problem::ParentNotShown => {
                "This comment is no longer shown and cannot be replied to.".into()
            }
            Problem::UnknownLevel => "Please choose a satisfaction level.".into(),
            Problem::RatingClosed => {
                "A rating can be changed only within 7 days of the first rating.".into()
            }
            Problem::NotSatisfiedClosed => {
                "More than 30 days have passed since the result was published.".into()
            }
            Problem::NotPending => {
                "This comment has been moderated and can no longer be changed.".into()
            }
            Problem::WrongModeration => {
                "This comment was already handled. Please reload the list.".into()
            }
        }
    }
}

/// A text between `min` and `max` characters once trimmed; the raw input is measured in
/// bytes first so a huge body costs nothing.
pub fn check_text(raw: &str, min: usize, max: usize) -> Result<String, Problem> {
    if raw.len() > max * 4 {
        return Err(Problem::TooLong(max));
    }
    let text = raw.trim();
    let n = text.chars().count();
    if n == 0 {
        return Err(Problem::Required);
    }
    if n < min {
        return Err(Problem::TooShort(min));
    }
    if n > max {
        return Err(Problem::TooLong(max));
    }
    Ok(text.to_string())
}

/// A comment's body.
pub fn check_comment(raw: &str) -> Result<String, Problem> {
    check_text(raw, 1, COMMENT_MAX)
}

/// An optional text (a rating's comment): empty is `None`.
pub fn check_optional(raw: &str, max: usize) -> Result<Option<String>, Problem> {
    if raw.trim().is_empty() && raw.len() <= max * 4 {
        return Ok(None);
    }
    check_text(raw, 1, max).map(Some)
}

/// The seeds' three satisfaction levels; stored as the score 3 / 2 / 1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Satisfaction {
    VerySatisfied,
    Satisfied,
    NotSatisfied,
}

impl Satisfaction {
    pub const ALL: [Satisfaction; 3] = [
        Satisfaction::VerySatisfied,
        Satisfaction::Satisfied,
        Satisfaction::NotSatisfied,
    ];

    pub fn score(self) -> i32 {
        match self {
            Satisfaction::VerySatisfied => 3,
            Satisfaction::Satisfied => 2,
            Satisfaction::NotSatisfied => 1,
        }
    }

    pub fn from_score(score: i32) -> Option<Satisfaction> {
        Satisfaction::ALL.into_iter().find(|s| s.score() == score)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Satisfaction::VerySatisfied => "very_satisfied",
            Satisfaction::Satisfied => "satisfied",
            Satisfaction::NotSatisfied => "not_satisfied",
        }
    }

    pub fn parse(s: &str) -> Option<Satisfaction> {
        Satisfaction::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// Counts towards an agency's satisfaction figure.
    pub fn satisfied(self) -> bool {
        !matches!(self, Satisfaction::NotSatisfied)
    }
}

/// How the author answers a result they are not satisfied with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotSatisfiedWay {
    /// A response on the report itself; the centre sees it in its inbox.
    Response,
    /// A follow-up report ("phản ánh lần 2") linked to the first.
    FollowUp,
}

impl NotSatisfiedWay {
    pub fn parse(s: &str) -> Option<NotSatisfiedWay> {
        match s {
            "response" => Some(NotSatisfiedWay::Response),
            "follow_up" => Some(NotSatisfiedWay::FollowUp),
            _ => None,
        }
    }
}

/// The follow-up report's title: the first one's, marked as the second time, within the
/// title limit.
pub fn follow_up_title(first_title: &str) -> String {
    const PREFIX: &str = "Lần 2: ";
    let room = crate::domain::filing::TITLE_MAX - PREFIX.chars().count();
    let base: String = first_title.chars().take(room).collect();
    format!("{PREFIX}{base}")
}

/// The follow-up report's content: the author's reason, then a pointer to the first.
pub fn follow_up_content(reason: &str, first_code: &str) -> String {
    format!("{reason}\n\n(Phản ánh lần 2 của phản ánh {first_code}.)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moderation_applies_only_where_it_makes_sense() {
        use CommentStatus as S;
        use Moderation as M;
        for from in S::ALL {
            for m in M::ALL {
                let expected = match (from, m) {
                    (S::Pending, M::Approve) => Some(S::Approved),
                    (S::Pending, M::Reject) => Some(S::Rejected),
                    (S::Approved, M::Hide) => Some(S::Hidden),
                    _ => None,
                };
                assert_eq!(moderate(from, m), expected, "{from:?} {m:?}");
            }
        }
        assert!(!M::Approve.needs_reason());
        assert!(M::Reject.needs_reason() && M::Hide.needs_reason());
    }

    #[test]
    fn who_sees_a_comment() {
        let stranger = Reader {
            is_author: false,
            moderator: false,
        };
        let author = Reader {
            is_author: true,
            moderator: false,
        };
        let moderator = Reader {
            is_author: false,
            moderator: true,
        };
        for s in CommentStatus::ALL {
            assert!(visible(s, moderator), "{s:?}");
            assert!(visible(s, author), "{s:?}");
            assert_eq!(visible(s, stranger), s == CommentStatus::Approved, "{s:?}");
        }
    }

    #[test]
    fn only_pending_comments_change_and_replies_are_one_level() {
        for s in CommentStatus::ALL {
            assert_eq!(author_may_change(s), s == CommentStatus::Pending);
            let expected = if s == CommentStatus::Approved {
                Ok(())
            } else {
                Err(Problem::ParentNotShown)
            };
            assert_eq!(may_reply_to(s, false), expected);
            assert_eq!(may_reply_to(s, true), Err(Problem::ReplyToReply));
        }
    }

    #[test]
    fn texts_are_trimmed_and_bounded() {
        assert_eq!(check_comment("  Đúng vậy  "), Ok("Đúng vậy".into()));
        assert_eq!(check_comment("   "), Err(Problem::Required));
        assert_eq!(
            check_comment(&"ạ".repeat(COMMENT_MAX)),
            Ok("ạ".repeat(COMMENT_MAX))
        );
        assert_eq!(
            check_comment(&"a".repeat(COMMENT_MAX + 1)),
            Err(Problem::TooLong(COMMENT_MAX))
        );
        // A huge body is refused on its byte length alone.
        assert_eq!(
            check_comment(&"a".repeat(1_000_000)),
            Err(Problem::TooLong(COMMENT_MAX))
        );
        assert_eq!(
            check_text("ngắn", REASON_MIN, REASON_MAX),
            Err(Problem::TooShort(REASON_MIN))
        );
        assert_eq!(check_optional("  ", REASON_MAX), Ok(None));
        assert_eq!(check_optional(" tốt ", REASON_MAX), Ok(Some("tốt".into())));
        assert_eq!(
            check_optional(&"x".repeat(REASON_MAX + 1), REASON_MAX),
            Err(Problem::TooLong(REASON_MAX))
        );
    }

    #[test]
    fn satisfaction_levels_round_trip() {
        for s in Satisfaction::ALL {
            assert_eq!(Satisfaction::from_score(s.score()), Some(s));
            assert_eq!(Satisfaction::parse(s.as_str()), Some(s));
        }
        assert_eq!(Satisfaction::from_score(0), None);
        assert_eq!(Satisfaction::from_score(4), None);
        assert_eq!(Satisfaction::parse("5"), None);
        assert!(Satisfaction::Satisfied.satisfied() && !Satisfaction::NotSatisfied.satisfied());
        for s in CommentStatus::ALL {
            assert_eq!(CommentStatus::parse(s.as_str()), Some(s));
        }
        assert_eq!(
            NotSatisfiedWay::parse("follow_up"),
            Some(NotSatisfiedWay::FollowUp)
        );
        assert_eq!(NotSatisfiedWay::parse("x"), None);
    }

    #[test]
    fn follow_up_title_fits_and_says_second_time() {
        let t = follow_up_title("Đường hỏng");
        assert_eq!(t, "Lần 2: Đường hỏng");
        let long = follow_up_title(&"đ".repeat(400));
        assert_eq!(long.chars().count(), crate::domain::filing::TITLE_MAX);
        assert!(follow_up_content("Vẫn còn rác", "PA-2026-000001").contains("PA-2026-000001"));
    }

    #[test]
    fn problems_have_both_languages() {
        for p in [
            Problem::Required,
            Problem::TooShort(5),
            Problem::TooLong(9),
            Problem::ReplyToReply,
            Problem::ParentNotShown,
            Problem::UnknownLevel,
            Problem::RatingClosed,
            Problem::NotSatisfiedClosed,
            Problem::NotPending,
            Problem::WrongModeration,
        ] {
            assert!(!p.vi().is_empty() && !p.en().is_empty() && p.vi() != p.en());
        }
    }
}
