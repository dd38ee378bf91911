//! What every request handler and server function can reach.

use super::config::Config;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub leptos_options: LeptosOptions,
}
