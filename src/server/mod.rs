//! Everything that runs only on the server: configuration, database, HTTP.

pub mod auth;
pub mod config;
pub mod console;
pub mod db;
pub mod engagement;
pub mod entities;
pub mod export;
pub mod filing;
pub mod http;
pub mod live;
pub mod media;
pub mod password;
pub mod public_reports;
pub mod reference;
pub mod report_changes;
pub mod search;
pub mod security;
pub mod seed;
pub mod state;
pub mod stats;
pub mod testing;

pub use state::AppState;
