//! The officials' console.
//!
//! - `reports.version` counts every change of a report: an action names the version it was
//!   decided on and changes the row only if it is still that one (`UPDATE … WHERE version = v`),
//!   so two operators acting at once never make two transitions.
//! - `reports.original_title` / `original_content`: when the operator removes personal data
//!   for the public, `title`/`content` become the public version and the citizen's original
//!   is kept here, private. Every public read (list, map, search, page) then shows only the
//!   public version without knowing about it.
//! - `reports.extension_until` / `extension_reason`: an agency's pending extension request.
//! - `reports.returned_at`: when an agency last sent it back to the centre ("returned" tab).
//! - `reports.field_position`: the assigned officer's order in their field list.
//! - `users.is_lead`: the agency's lead, who assigns reports to its officers.
//! - `reply_templates`: rejection reasons, result wording and other replies, in both languages.
//! - `reminders`: one row per (report, kind, deadline) whose notifications were written, so
//!   the reminder job writes each once even when several servers run it at the same time.
//! - Inbox indexes: every tab lists urgent first, then oldest, within a status (and agency);
//!   the returned and extension tabs find their few reports by `returned_at` /
//!   `extension_until`; the deadline tabs walk partial indexes of the open reports by
//!   `due_at` (the queries spell the same status list, so both databases use them).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
    Version,
    OriginalTitle,
    OriginalContent,
    ExtensionUntil,
    ExtensionReason,
    ReturnedAt,
    FieldPosition,
    Status,
    Level,
    ReceivedAt,
    AgencyId,
    DueAt,
    OfficerId,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    IsLead,
}

#[derive(DeriveIden)]
enum ReplyTemplates {
    Table,
    Id,
    Kind,
    TextVi,
    TextEn,
    Position,
    Active,
}

#[derive(DeriveIden)]
enum Reminders {
    Table,
    Id,
    ReportId,
    Kind,
    DueAt,
    CreatedAt,
}

const INDEXES: [&str; 5] = [
    "idx_reports_inbox",
    "idx_reports_agency_inbox",
    "idx_reports_status_due",
    "idx_reports_officer_field",
    "idx_reminders_once",
];

/// Partial indexes of the reports whose deadline runs (written as SQL: the schema builder
/// has no WHERE for indexes). `server::console` writes the very same status lists.
const PARTIAL: [&str; 2] = [
    "CREATE INDEX idx_reports_open_due ON reports (due_at) \
     WHERE status IN ('verified', 'dispatched', 'processing')",
    "CREATE INDEX idx_reports_agency_open_due ON reports (agency_id, due_at) \
     WHERE status IN ('dispatched', 'processing')",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        let columns = [
            integer(Reports::Version).default(0).to_owned(),
            string_len_null(Reports::OriginalTitle, 150).to_owned(),
            text_null(Reports::OriginalContent).to_owned(),
            timestamp_with_time_zone_null(Reports::ExtensionUntil).to_owned(),
            text_null(Reports::ExtensionReason).to_owned(),
            timestamp_with_time_zone_null(Reports::ReturnedAt).to_owned(),
            integer_null(Reports::FieldPosition).to_owned(),
        ];
        for mut c in columns {
            m.alter_table(
                Table::alter()
                    .table(Reports::Table)
                    .add_column(&mut c)
                    .to_owned(),
            )
            .await?;
        }
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(boolean(Users::IsLead).default(false))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ReplyTemplates::Table)
                .col(big_pk_auto(ReplyTemplates::Id))
                .col(string_len(ReplyTemplates::Kind, 20))
                .col(text(ReplyTemplates::TextVi))
                .col(text(ReplyTemplates::TextEn))
                .col(integer(ReplyTemplates::Position).default(0))
                .col(boolean(ReplyTemplates::Active).default(true))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Reminders::Table)
                .col(big_pk_auto(Reminders::Id))
                .col(big_integer(Reminders::ReportId))
                .col(string_len(Reminders::Kind, 20))
                .col(timestamp_with_time_zone(Reminders::DueAt))
                .col(timestamp_with_time_zone(Reminders::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_reminders_report_id")
                        .from(Reminders::Table, Reminders::ReportId)
                        .to(Reports::Table, Reports::Id)
                        .on_delete(ForeignKeyAction::Cascade)
                        .on_update(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(INDEXES[0])
                .table(Reports::Table)
                .col(Reports::Status)
                .col((Reports::Level, IndexOrder::Desc))
                .col(Reports::ReceivedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(INDEXES[1])
                .table(Reports::Table)
                .col(Reports::AgencyId)
                .col(Reports::Status)
                .col((Reports::Level, IndexOrder::Desc))
                .col(Reports::ReceivedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(INDEXES[2])
                .table(Reports::Table)
                .col(Reports::Status)
                .col(Reports::DueAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(INDEXES[3])
                .table(Reports::Table)
                .col(Reports::OfficerId)
                .col(Reports::FieldPosition)
                .to_owned(),
        )
        .await?;
        for (name, column) in [
            ("idx_reports_status_returned", Reports::ReturnedAt),
            ("idx_reports_status_extension", Reports::ExtensionUntil),
        ] {
            m.create_index(
                Index::create()
                    .name(name)
                    .table(Reports::Table)
                    .col(Reports::Status)
                    .col(column)
                    .to_owned(),
            )
            .await?;
        }
        let db = m.get_connection();
        for sql in PARTIAL {
            db.execute_unprepared(sql).await?;
        }
        m.create_index(
            Index::create()
                .name(INDEXES[4])
                .table(Reminders::Table)
                .col(Reminders::ReportId)
                .col(Reminders::Kind)
                .col(Reminders::DueAt)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for name in ["idx_reports_open_due", "idx_reports_agency_open_due"] {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
                .await?;
        }
        for name in INDEXES[..4].iter().chain(&[
            "idx_reports_status_returned",
            "idx_reports_status_extension",
        ]) {
            m.drop_index(Index::drop().name(*name).table(Reports::Table).to_owned())
                .await?;
        }
        m.drop_table(Table::drop().table(Reminders::Table).to_owned())
            .await?;
        m.drop_table(Table::drop().table(ReplyTemplates::Table).to_owned())
            .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::IsLead)
                .to_owned(),
        )
        .await?;
        for column in [
            Reports::FieldPosition,
            Reports::ReturnedAt,
            Reports::ExtensionReason,
            Reports::ExtensionUntil,
            Reports::OriginalContent,
            Reports::OriginalTitle,
            Reports::Version,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Reports::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
