//! PAHT database migrations. The server runs pending ones at start; the CLI in `main.rs`
//! runs them by hand. The schema contract is SCHEMA.md: table and column names here are
//! what the entities, the seed and every query rely on.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_base;
mod m20261122_000002_map_covering_index;
mod m20261122_000003_one_time_codes;
mod m20261201_000004_account_hardening;
mod m20261201_000005_filing;
mod m20261201_000006_media;
mod m20261201_000007_console;
mod m20261201_000008_engagement;
mod m20261201_000009_search;
mod m20261201_000010_map_cells;
mod m20261207_000011_stats;
mod m20261208_000012_reference_admin;

/// Grid levels of the map counts (`map_cells`): the server picks one per view.
pub use m20261201_000010_map_cells::{LEVEL_MAX as MAP_LEVEL_MAX, LEVEL_MIN as MAP_LEVEL_MIN};

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_base::Migration),
            Box::new(m20261122_000002_map_covering_index::Migration),
            Box::new(m20261122_000003_one_time_codes::Migration),
            Box::new(m20261201_000004_account_hardening::Migration),
            Box::new(m20261201_000005_filing::Migration),
            Box::new(m20261201_000006_media::Migration),
            Box::new(m20261201_000007_console::Migration),
            Box::new(m20261201_000008_engagement::Migration),
            Box::new(m20261201_000009_search::Migration),
            Box::new(m20261201_000010_map_cells::Migration),
            Box::new(m20261207_000011_stats::Migration),
            Box::new(m20261208_000012_reference_admin::Migration),
        ]
    }
}
