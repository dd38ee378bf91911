//! Reference data edited by administrators: public holidays move from the configuration
//! into `holidays` (the server fills an empty table from the built-in Vietnamese calendar
//! and the configured extra days at start, then the database is the only source), and an
//! agency may have a parent (`agencies.parent_id`: a department's sub-unit, a district
//! committee's office). The parent is checked by the server (it must exist, and no agency
//! may be its own ancestor); SQLite cannot add a foreign key to an existing table.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Holidays {
    Table,
    /// "YYYY-MM-DD", so the same text sorts and compares on both databases.
    Day,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Agencies {
    Table,
    ParentId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Holidays::Table)
                .if_not_exists()
                .col(string_len(Holidays::Day, 10).primary_key())
                .col(string_len(Holidays::Name, 100))
                .col(timestamp_with_time_zone(Holidays::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Agencies::Table)
                .add_column(big_integer_null(Agencies::ParentId))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Agencies::Table)
                .drop_column(Agencies::ParentId)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(Holidays::Table).to_owned())
            .await
    }
}
