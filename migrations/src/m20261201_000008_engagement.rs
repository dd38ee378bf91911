//! Engagement and live updates.
//!
//! - `follows`: a user follows a public report ("theo dõi") and is told when it changes.
//! - `comments.reason`: why an operator rejected or hid a comment (told to its author).
//! - `reports.dissatisfied_at` / `dissatisfied_reason`: the author's latest "not satisfied"
//!   response, which the centre sees in its inbox until it acts on the report.
//! - `live_events`: every live event, written in the transaction of the change it reports
//!   (so it exists only if the change committed). Its id is the stream's `id:`, so a browser
//!   that reconnects with `Last-Event-ID` gets what it missed; rows older than a few minutes
//!   are pruned. With PostgreSQL the same transaction sends `NOTIFY paht_live, '<id>'`, and
//!   every instance reads the row by id.
//! - A partial index of unread notifications keeps the header badge's count cheap.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Follows {
    Table,
    Id,
    UserId,
    ReportId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Comments {
    Table,
    Reason,
    AuthorId,
    ParentId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    DissatisfiedAt,
    DissatisfiedReason,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum LiveEvents {
    Table,
    Id,
    Topic,
    ReportId,
    IsPublic,
    AuthorId,
    AgencyBefore,
    AgencyAfter,
    UserIds,
    ReportCode,
    CreatedAt,
}

const UNREAD: &str = "CREATE INDEX idx_notifications_unread ON notifications (user_id) \
                      WHERE read_at IS NULL AND deleted = false";

fn cascade(
    from: (Follows, Follows),
    to: (impl IntoIden, impl IntoIden),
    name: &str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::Cascade)
        .on_update(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Follows::Table)
                .col(big_pk_auto(Follows::Id))
                .col(big_integer(Follows::UserId))
                .col(big_integer(Follows::ReportId))
                .col(timestamp_with_time_zone(Follows::CreatedAt))
                .foreign_key(&mut cascade(
                    (Follows::Table, Follows::UserId),
                    (Users::Table, Users::Id),
                    "fk_follows_user_id",
                ))
                .foreign_key(&mut cascade(
                    (Follows::Table, Follows::ReportId),
                    (Reports::Table, Reports::Id),
                    "fk_follows_report_id",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_follows_user_report")
                .table(Follows::Table)
                .col(Follows::UserId)
                .col(Follows::ReportId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_follows_report")
                .table(Follows::Table)
                .col(Follows::ReportId)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Comments::Table)
                .add_column(text_null(Comments::Reason))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_comments_author_created")
                .table(Comments::Table)
                .col(Comments::AuthorId)
                .col(Comments::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_comments_parent")
                .table(Comments::Table)
                .col(Comments::ParentId)
                .to_owned(),
        )
        .await?;
        for mut c in [
            timestamp_with_time_zone_null(Reports::DissatisfiedAt).to_owned(),
            text_null(Reports::DissatisfiedReason).to_owned(),
        ] {
            m.alter_table(
                Table::alter()
                    .table(Reports::Table)
                    .add_column(&mut c)
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(
            Index::create()
                .name("idx_reports_dissatisfied")
                .table(Reports::Table)
                .col(Reports::DissatisfiedAt)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LiveEvents::Table)
                .col(big_pk_auto(LiveEvents::Id))
                .col(string_len(LiveEvents::Topic, 20))
                .col(big_integer_null(LiveEvents::ReportId))
                .col(boolean(LiveEvents::IsPublic).default(false))
                .col(big_integer_null(LiveEvents::AuthorId))
                .col(big_integer_null(LiveEvents::AgencyBefore))
                .col(big_integer_null(LiveEvents::AgencyAfter))
                .col(text_null(LiveEvents::UserIds))
                .col(string_len_null(LiveEvents::ReportCode, 40))
                .col(timestamp_with_time_zone(LiveEvents::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_live_events_created")
                .table(LiveEvents::Table)
                .col(LiveEvents::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.get_connection().execute_unprepared(UNREAD).await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS idx_notifications_unread")
            .await?;
        m.drop_table(Table::drop().table(LiveEvents::Table).to_owned())
            .await?;
        m.drop_index(
            Index::drop()
                .name("idx_reports_dissatisfied")
                .table(Reports::Table)
                .to_owned(),
        )
        .await?;
        for column in [Reports::DissatisfiedReason, Reports::DissatisfiedAt] {
            m.alter_table(
                Table::alter()
                    .table(Reports::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_index(
            Index::drop()
                .name("idx_comments_parent")
                .table(Comments::Table)
                .to_owned(),
        )
        .await?;
        m.drop_index(
            Index::drop()
                .name("idx_comments_author_created")
                .table(Comments::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Comments::Table)
                .drop_column(Comments::Reason)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(Follows::Table).to_owned())
            .await?;
        Ok(())
    }
}
