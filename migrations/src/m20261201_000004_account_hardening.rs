//! Account hardening: attempt counters shared by every server instance (`rate_counters`),
//! and the status an account had before an admin disabled it (`users.disabled_from`), so
//! enabling it again never activates an account whose owner never proved the number.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RateCounters {
    Table,
    Key,
    WindowStart,
    Count,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    DisabledFrom,
    Status,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use RateCounters as R;
        // One row per key ("login:phone:+849…", "login:ip:203.0.113.7"): a fixed window that
        // starts at `window_start` (Unix seconds) and ends at `expires_at`.
        m.create_table(
            Table::create()
                .table(R::Table)
                .col(string_len(R::Key, 200).primary_key())
                .col(big_integer(R::WindowStart))
                .col(integer(R::Count))
                .col(big_integer(R::ExpiresAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_rate_counters_expires_at")
                .table(R::Table)
                .col(R::ExpiresAt)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .add_column(string_null(Users::DisabledFrom))
                .to_owned(),
        )
        .await?;
        // The hourly sweep of pending accounts older than a day.
        m.create_index(
            Index::create()
                .name("idx_users_status_created_at")
                .table(Users::Table)
                .col(Users::Status)
                .col(Users::CreatedAt)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_users_status_created_at")
                .table(Users::Table)
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Users::Table)
                .drop_column(Users::DisabledFrom)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(RateCounters::Table).to_owned())
            .await
    }
}
