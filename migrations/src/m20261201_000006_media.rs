//! Media, as uploads work: a file is stored (and its row made) the moment it arrives, before
//! the form it belongs to is saved, so `report_id` is empty until then and `owner_id` says
//! whose upload it is. An upload never attached is swept after a day. `file_name` is the
//! name the citizen's file had (shown on downloads, never part of a stored path).
//!
//! No rows existed before this (nothing wrote media), so the table is made again rather
//! than altered: SQLite cannot make a column nullable in place.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Media {
    Table,
    Id,
    ReportId,
    OwnerId,
    Role,
    Kind,
    StorageKey,
    Mime,
    SizeBytes,
    Width,
    Height,
    ThumbnailKey,
    FileName,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Reports {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Media::Table).to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table(Media::Table)
                .col(big_pk_auto(Media::Id))
                .col(big_integer_null(Media::ReportId))
                .col(big_integer_null(Media::OwnerId))
                .col(string_len(Media::Role, 16))
                .col(string_len(Media::Kind, 16))
                .col(string_len(Media::StorageKey, 128))
                .col(string_len(Media::Mime, 128))
                .col(big_integer(Media::SizeBytes))
                .col(integer_null(Media::Width))
                .col(integer_null(Media::Height))
                .col(string_len_null(Media::ThumbnailKey, 128))
                .col(string_len_null(Media::FileName, 200))
                .col(timestamp_with_time_zone(Media::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_media_report_id")
                        .from(Media::Table, Media::ReportId)
                        .to(Reports::Table, Reports::Id)
                        .on_delete(ForeignKeyAction::Cascade)
                        .on_update(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_media_owner_id")
                        .from(Media::Table, Media::OwnerId)
                        .to(Users::Table, Users::Id)
                        .on_delete(ForeignKeyAction::SetNull)
                        .on_update(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        // A report's media in order; the sweep's unattached uploads by age (report_id NULL).
        m.create_index(
            Index::create()
                .name("idx_media_report_created")
                .table(Media::Table)
                .col(Media::ReportId)
                .col(Media::CreatedAt)
                .to_owned(),
        )
        .await?;
        // Counting one owner's pending uploads.
        m.create_index(
            Index::create()
                .name("idx_media_owner")
                .table(Media::Table)
                .col(Media::OwnerId)
                .to_owned(),
        )
        .await?;
        // "Is another row still using this object?" before an object is deleted.
        m.create_index(
            Index::create()
                .name("idx_media_storage_key")
                .table(Media::Table)
                .col(Media::StorageKey)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Media::Table).to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table(Media::Table)
                .col(big_pk_auto(Media::Id))
                .col(big_integer(Media::ReportId))
                .col(string(Media::Role))
                .col(string(Media::Kind))
                .col(string(Media::StorageKey))
                .col(string(Media::Mime))
                .col(big_integer(Media::SizeBytes))
                .col(integer_null(Media::Width))
                .col(integer_null(Media::Height))
                .col(string_null(Media::ThumbnailKey))
                .col(timestamp_with_time_zone(Media::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .name("fk_media_report_id")
                        .from(Media::Table, Media::ReportId)
                        .to(Reports::Table, Reports::Id)
                        .on_delete(ForeignKeyAction::Cascade)
                        .on_update(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("idx_media_report_role")
                .table(Media::Table)
                .col(Media::ReportId)
                .col(Media::Role)
                .to_owned(),
        )
        .await
    }
}
