//! The public map aggregates every public report in view. With a million reports the
//! `(is_public, lat, lng)` index alone made each row a table lookup for its status and
//! level; carrying both in the index lets the database count clusters from the index.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Reports {
    Table,
    IsPublic,
    Lat,
    Lng,
    Status,
    Level,
}

const OLD: &str = "idx_reports_public_bbox";
const NEW: &str = "idx_reports_public_bbox_cover";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name(NEW)
                .table(Reports::Table)
                .col(Reports::IsPublic)
                .col(Reports::Lat)
                .col(Reports::Lng)
                .col(Reports::Status)
                .col(Reports::Level)
                .to_owned(),
        )
        .await?;
        m.drop_index(Index::drop().name(OLD).table(Reports::Table).to_owned())
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name(OLD)
                .table(Reports::Table)
                .col(Reports::IsPublic)
                .col(Reports::Lat)
                .col(Reports::Lng)
                .to_owned(),
        )
        .await?;
        m.drop_index(Index::drop().name(NEW).table(Reports::Table).to_owned())
            .await
    }
}
