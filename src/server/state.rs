//! What every request handler and server function can reach.

use super::auth::rate_limit::RateLimiter;
use super::auth::secret::Secret;
use super::auth::sms::{DevSms, SmsSender};
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
    pub sms: Arc<dyn SmsSender>,
    pub limiter: Arc<RateLimiter>,
    pub secret: Secret,
}

impl AppState {
    /// The server's state: the secret from `PAHT_SECRET` or the data folder, the SMS
    /// gateway if configured, else the development sender (log + `sms-outbox.log`).
    pub fn new(
        db: DatabaseConnection,
        config: Config,
        leptos_options: LeptosOptions,
    ) -> std::io::Result<AppState> {
        let secret = Secret::load(&config.data_dir)?;
        let sms: Arc<dyn SmsSender> = match &config.sms_gateway {
            Some(g) => Arc::new(g.clone()),
            None => {
                if config.https {
                    tracing::warn!(
                        "no SMS gateway configured (PAHT_SMS_GATEWAY_URL): one-time codes only go to the log"
                    );
                }
                Arc::new(DevSms::new(Some(config.data_dir.join("sms-outbox.log"))))
            }
        };
        Ok(AppState {
            db,
            config: Arc::new(config),
            leptos_options,
            sms,
            limiter: Arc::new(RateLimiter::new()),
            secret,
        })
    }
}
