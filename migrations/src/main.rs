//! `cargo run -p migration -- up|down|fresh|status ...` — the sea-orm-migration CLI.
//! Reads the connection string from `DATABASE_URL` (or `-u`).

use sea_orm_migration::prelude::*;

#[tokio::main]
async fn main() {
    cli::run_cli(migration::Migrator).await;
}
