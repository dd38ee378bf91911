//! What every request handler and server function can reach.

use super::auth::secret::Secret;
use super::auth::sms::{DevSms, SmsQueue, SmsSender};
use super::config::Config;
use super::password::HashPool;
use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use std::time::Duration;

/// Messages waiting for the SMS sender, at most.
pub const SMS_QUEUE_CAPACITY: usize = 1000;
/// How long a login waits for a free hashing slot before it is told to come back.
pub const HASH_WAIT: Duration = Duration::from_secs(2);
/// Live-event streams one instance keeps open at most (10,000 idle ones measure about
/// `bench/live.sh`'s figure); beyond it a browser is told to come back (503).
pub const MAX_STREAMS: usize = 20_000;

#[derive(Clone, FromRef)]
pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub leptos_options: LeptosOptions,
    pub sms: SmsQueue,
    pub hashing: HashPool,
    pub secret: Secret,
    pub media: super::media::MediaStore,
    pub live: super::live::Live,
    /// Working days and public holidays, from the `holidays` table.
    pub calendar: super::reference::Calendar,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("server secret: {0}")]
    Secret(#[from] std::io::Error),
    #[error(
        "PAHT_PUBLIC_URL is https but no SMS gateway is configured (PAHT_SMS_GATEWAY_URL): \
         one-time codes would only be written to a file. Configure the gateway, or set \
         PAHT_SMS_DEV_SENDER=1 for a staging site that may do that."
    )]
    NoSmsGateway,
    #[error("{0}")]
    Media(#[from] super::media::MediaStoreError),
}

impl AppState {
    /// The server's state: the secret from `PAHT_SECRET` or the data folder, the SMS
    /// gateway if configured, else the development sender (log + `sms-outbox.log`), which
    /// a public https site only gets when it asks for it — and then without codes in the log.
    /// Starts the SMS worker, so it is called on the runtime that serves.
    pub fn new(
        db: DatabaseConnection,
        config: Config,
        leptos_options: LeptosOptions,
    ) -> Result<AppState, StartError> {
        let sender: Arc<dyn SmsSender> = match &config.sms_gateway {
            Some(g) => Arc::new(g.clone()),
            None if config.https && !config.sms_dev_sender => return Err(StartError::NoSmsGateway),
            None => {
                let outbox = Some(config.data_dir.join("sms-outbox.log"));
                if config.https {
                    tracing::warn!(
                        "no SMS gateway configured: one-time codes only go to {}",
                        config.data_dir.join("sms-outbox.log").display()
                    );
                    Arc::new(DevSms::without_logging(outbox))
                } else {
                    Arc::new(DevSms::new(outbox))
                }
            }
        };
        // Whoever made the data folder, only the server's user reads it (with PAHT_SECRET and
        // PostgreSQL nothing else would make it private).
        super::auth::secret::create_private_dir(&config.data_dir)?;
        super::auth::secret::make_private(&config.data_dir)?;
        let secret = Secret::load(&config.data_dir)?;
        let media = super::media::MediaStore::open(&config)?;
        Ok(AppState::assemble(
            db,
            config,
            leptos_options,
            sender,
            secret,
            media,
        ))
    }

    /// The state around a given sender and secret (the server above, and the tests).
    pub fn assemble(
        db: DatabaseConnection,
        config: Config,
        leptos_options: LeptosOptions,
        sender: Arc<dyn SmsSender>,
        secret: Secret,
        media: super::media::MediaStore,
    ) -> AppState {
        let live = super::live::Live::new(db.get_database_backend(), MAX_STREAMS);
        AppState {
            live,
            calendar: super::reference::Calendar::new(config.calendar.clone()),
            db,
            config: Arc::new(config),
            leptos_options,
            sms: SmsQueue::start(sender, SMS_QUEUE_CAPACITY),
            hashing: HashPool::per_core(HASH_WAIT),
            secret,
            media,
        }
    }
}
