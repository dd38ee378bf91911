//! One-time codes for account activation and password reset. One row per (user, purpose):
//! the latest code, its tries and the day's send count (`account::otp::OtpState`). Only an
//! HMAC of the code is stored. Sessions, users and the audit log are in the base schema.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum OneTimeCodes {
    Table,
    Id,
    UserId,
    Purpose,
    CodeHash,
    SentAt,
    Tries,
    SendsToday,
    Used,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    FullName,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        use OneTimeCodes as O;
        m.create_table(
            Table::create()
                .table(O::Table)
                .col(big_pk_auto(O::Id))
                .col(big_integer(O::UserId))
                .col(string(O::Purpose))
                .col(string(O::CodeHash))
                .col(timestamp_with_time_zone(O::SentAt))
                .col(integer(O::Tries).default(0))
                .col(integer(O::SendsToday).default(0))
                .col(boolean(O::Used).default(false))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_one_time_codes_user_id")
                        .from(O::Table, O::UserId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::Cascade)
                        .on_update(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_one_time_codes_user_purpose")
                .table(O::Table)
                .col(O::UserId)
                .col(O::Purpose)
                .unique()
                .to_owned(),
        )
        .await?;
        // The admin's user search: by name (phone is already unique-indexed).
        m.create_index(
            Index::create()
                .name("idx_users_full_name")
                .table(Users::Table)
                .col(Users::FullName)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("idx_users_full_name")
                .table(Users::Table)
                .to_owned(),
        )
        .await?;
        m.drop_table(Table::drop().table(OneTimeCodes::Table).to_owned())
            .await
    }
}
