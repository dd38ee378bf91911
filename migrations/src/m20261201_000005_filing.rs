//! Filing: the per-year sequence behind report codes, and the form's idempotency key.
//!
//! `report_codes` holds the last sequence number given out per year. A send takes the next
//! one inside its own transaction (`UPDATE … SET last = last + 1 … RETURNING`), so the row
//! lock orders concurrent sends and a rolled-back send gives its number back: codes stay
//! unique and without gaps. `reports.idempotency_key` is the random token of one filled-in
//! form; a retry of the same form finds the report it already made. `place_approximate`
//! marks a report placed at its area's centre (filed without a map), and
//! `suggested_agency_id` keeps the routing rules' suggestion made when it was sent.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ReportCodes {
    Table,
    Year,
    Last,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    ReporterId,
    IdempotencyKey,
    PlaceApproximate,
    SuggestedAgencyId,
}

const KEY_INDEX: &str = "idx_reports_reporter_idempotency_key";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(ReportCodes::Table)
                .col(integer(ReportCodes::Year).primary_key())
                .col(big_integer(ReportCodes::Last))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Reports::Table)
                .add_column(string_len_null(Reports::IdempotencyKey, 64))
                .to_owned(),
        )
        .await?;
        // One column per statement: SQLite alters one thing at a time.
        m.alter_table(
            Table::alter()
                .table(Reports::Table)
                .add_column(boolean(Reports::PlaceApproximate).default(false))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Reports::Table)
                .add_column(big_integer_null(Reports::SuggestedAgencyId))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name(KEY_INDEX)
                .table(Reports::Table)
                .col(Reports::ReporterId)
                .col(Reports::IdempotencyKey)
                .unique()
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name(KEY_INDEX)
                .table(Reports::Table)
                .to_owned(),
        )
        .await?;
        for column in [
            Reports::SuggestedAgencyId,
            Reports::PlaceApproximate,
            Reports::IdempotencyKey,
        ] {
            m.alter_table(
                Table::alter()
                    .table(Reports::Table)
                    .drop_column(column)
                    .to_owned(),
            )
            .await?;
        }
        m.drop_table(Table::drop().table(ReportCodes::Table).to_owned())
            .await
    }
}
