//! The scoreboard's processing time: `reports.processing_days`, the working days from the
//! dispatch to the agency's result (Vietnamese calendar with its public holidays, as the
//! deadlines count them), written by the server when a result is recorded and cleared
//! when the centre sends it back. Working days need the holiday calendar, which lives in
//! the server, so rows resolved before this migration are filled in by the server at start.
//!
//! With it an agency's median and 90th percentile come from a histogram
//! (`GROUP BY agency_id, processing_days`: agencies × distinct day counts rows), never from
//! every report.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Reports {
    Table,
    ProcessingDays,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Reports::Table)
                .add_column(integer_null(Reports::ProcessingDays))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Reports::Table)
                .drop_column(Reports::ProcessingDays)
                .to_owned(),
        )
        .await
    }
}
