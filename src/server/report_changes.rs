//! The one writer of a report's change: its event row, the notifications it causes (author,
//! followers) and its live events, all in the caller's transaction. Every status change and
//! every timeline entry goes through [`Change::write`], so no server function can forget one;
//! the caller then commits with [`crate::server::live::Outbox::commit`], which publishes the
//! live events only once the transaction committed.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect,
    Set,
};

use crate::domain::console::notifies_author;
use crate::domain::lifecycle::{Action, Status};
use crate::domain::live::Topic;
use crate::i18n::Lang;
use crate::server::entities::{follow, notification, report, report_event};
use crate::server::live::Outbox;

/// Followers told of one change, at most (a report followed by more is told to the first
/// ones; the rest still see it on the page).
const FOLLOWERS_MAX: u64 = 10_000;

/// One change of a report, described before it is written.
pub struct Change<'a> {
    /// The report as it was before the change.
    pub report: &'a report::Model,
    pub actor: Option<i64>,
    /// A lifecycle action's name, or a timeline-only entry ("note", "assign").
    pub action: &'a str,
    pub to: Status,
    pub note: Option<String>,
    /// The event appears on the public timeline.
    pub public: bool,
    /// `None` for a report that did not exist before (filed on behalf).
    pub from: Option<Status>,
    /// Publicly visible after the change.
    pub public_after: bool,
    /// The agency holding it after the change.
    pub agency_after: Option<i64>,
}

impl<'a> Change<'a> {
    /// A change of `report` by `actor`: public event, status and agency as they were unless
    /// the builder methods say otherwise.
    pub fn new(report: &'a report::Model, actor: Option<i64>, action: &'a str, to: Status) -> Self {
        let from = Status::parse(&report.status);
        Change {
            report,
            actor,
            action,
            to,
            note: None,
            public: true,
            from,
            public_after: report.is_public && to.is_public_visible(),
            agency_after: report.agency_id,
        }
    }

    pub fn note(mut self, note: Option<String>) -> Self {
        self.note = note;
        self
    }

    pub fn public(mut self, public: bool) -> Self {
        self.public = public;
        self
    }

    pub fn from(mut self, from: Option<Status>) -> Self {
        self.from = from;
        self
    }

    /// The operator's "public" choice after the change (verify).
    pub fn visible(mut self, is_public: bool) -> Self {
        self.public_after = is_public && self.to.is_public_visible();
        self
    }

    pub fn agency(mut self, agency: Option<i64>) -> Self {
        self.agency_after = agency;
        self
    }

    /// Writes the event row, the author's and followers' notifications, and the live events.
    pub async fn write<C: ConnectionTrait>(
        self,
        txn: &C,
        outbox: &mut Outbox,
        now: DateTime<Utc>,
    ) -> Result<(), DbErr> {
        let r = self.report;
        report_event::ActiveModel {
            report_id: Set(r.id),
            actor_id: Set(self.actor),
            action: Set(self.action.to_string()),
            from_status: Set(self.from.map(|s| s.as_str().to_string())),
            to_status: Set(self.to.as_str().to_string()),
            note: Set(self.note.clone()),
            is_public: Set(self.public),
            at: Set(now),
            ..Default::default()
        }
        .insert(txn)
        .await?;
        outbox
            .record(
                txn,
                Topic::Report {
                    report_id: r.id,
                    key: crate::domain::live::report_key(&r.code).unwrap_or(0),
                    public: self.public_after,
                    author: r.reporter_id,
                    agencies: [r.agency_id, self.agency_after],
                },
                Some(r.code.clone()),
                now,
            )
            .await?;
        let action = Action::parse(self.action);
        if let Some(author) = r.reporter_id {
            if action.is_some_and(notifies_author) {
                let action = action.unwrap_or(Action::Submit);
                let text = author_text(action, &r.code, self.note.as_deref());
                notify(
                    txn,
                    outbox,
                    author,
                    r,
                    &format!("status:{}", action.as_str()),
                    text,
                    now,
                )
                .await?;
            }
        }
        // Followers hear of public status changes of a report everyone may see.
        if self.public && self.public_after && self.from != Some(self.to) {
            notify_followers(txn, outbox, r, self.to, now).await?;
        }
        Ok(())
    }
}

/// A notification for one user, and the live event that updates their badge.
pub async fn notify<C: ConnectionTrait>(
    txn: &C,
    outbox: &mut Outbox,
    user_id: i64,
    r: &report::Model,
    kind: &str,
    text: String,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    notification::ActiveModel {
        user_id: Set(user_id),
        report_id: Set(Some(r.id)),
        kind: Set(kind.to_string()),
        text: Set(text),
        read_at: Set(None),
        deleted: Set(false),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    outbox
        .record(
            txn,
            Topic::Users { ids: vec![user_id] },
            Some(r.code.clone()),
            now,
        )
        .await
}

async fn notify_followers<C: ConnectionTrait>(
    txn: &C,
    outbox: &mut Outbox,
    r: &report::Model,
    to: Status,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let mut q = follow::Entity::find()
        .select_only()
        .column(follow::Column::UserId)
        .filter(follow::Column::ReportId.eq(r.id));
    if let Some(author) = r.reporter_id {
        q = q.filter(follow::Column::UserId.ne(author));
    }
    let ids: Vec<i64> = q.limit(FOLLOWERS_MAX).into_tuple().all(txn).await?;
    if ids.is_empty() {
        return Ok(());
    }
    let text = format!(
        "Phản ánh {} mà bạn theo dõi đã chuyển sang trạng thái: {}.",
        r.code,
        crate::i18n::status_label(Lang::Vi, to)
    );
    for chunk in ids.chunks(500) {
        notification::Entity::insert_many(chunk.iter().map(|u| notification::ActiveModel {
            user_id: Set(*u),
            report_id: Set(Some(r.id)),
            kind: Set(format!("follow:{}", to.as_str())),
            text: Set(text.clone()),
            read_at: Set(None),
            deleted: Set(false),
            created_at: Set(now),
            ..Default::default()
        }))
        .exec_without_returning(txn)
        .await?;
    }
    outbox
        .record(txn, Topic::Users { ids }, Some(r.code.clone()), now)
        .await
}

/// What the author reads about an action on their report.
pub fn author_text(action: Action, code: &str, note: Option<&str>) -> String {
    let with = |s: String| match note {
        Some(n) if !n.is_empty() => format!("{s} {n}"),
        _ => s,
    };
    match action {
        Action::Submit | Action::FileOnBehalf => {
            format!("Phản ánh {code} đã được gửi đến Trung tâm và đang chờ tiếp nhận.")
        }
        Action::Verify => format!("Phản ánh {code} đã được Trung tâm tiếp nhận và xác minh."),
        Action::Reject => with(format!("Phản ánh {code} không được tiếp nhận. Lý do:")),
        Action::MarkDuplicate => with(format!(
            "Phản ánh {code} trùng với một phản ánh đã có, được theo dõi chung tại phản ánh"
        )),
        Action::Dispatch | Action::Transfer => with(format!("Phản ánh {code} đã được chuyển đến")),
        Action::Accept => format!("Phản ánh {code} đang được cơ quan chức năng xử lý."),
        Action::Publish => format!(
            "Phản ánh {code} đã có kết quả xử lý. Mời bạn xem kết quả và đánh giá mức độ hài lòng."
        ),
        Action::Close => format!("Phản ánh {code} đã kết thúc."),
        other => format!("Phản ánh {code}: {}.", other.as_str()),
    }
}
