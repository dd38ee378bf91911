//! Sending SMS: one trait, two senders.
//!
//! - [`DevSms`] (development, demo, tests): writes each message to the log, keeps the last
//!   ones in memory for tests, and appends them to a file (`<data_dir>/sms-outbox.log`, one
//!   JSON object per line) that the end-to-end tests read.
//! - [`GatewaySms`] (production): POSTs to an HTTP SMS gateway configured by URL and a body
//!   template with `{phone}` and `{message}` placeholders (form-encoded values), with an
//!   optional bearer token from `PAHT_SMS_GATEWAY_TOKEN`.
//!
//! Flows never wait for a sender: they put messages on the [`SmsQueue`], whose worker sends
//! them. So the time a "send me a code" request takes does not depend on whether the number
//! has an account (which would otherwise show as the gateway's round trip), and a slow
//! gateway never holds a request.

use crate::account::phone::Phone;
use std::collections::VecDeque;
use std::future::Future;
use std::io::Write;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Mutex;

pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<(), SmsError>> + Send + 'a>>;

#[derive(Debug, thiserror::Error)]
pub enum SmsError {
    #[error("SMS gateway answered {0}")]
    Status(u16),
    #[error("SMS gateway unreachable: {0}")]
    Transport(String),
    #[error("SMS outbox file: {0}")]
    Io(String),
}

pub trait SmsSender: Send + Sync {
    fn send<'a>(&'a self, to: &'a Phone, message: &'a str) -> SendFuture<'a>;
}

/// One message as the development sender saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentSms {
    pub to: String,
    pub message: String,
}

const KEEP: usize = 200;

#[derive(Debug, Default)]
pub struct DevSms {
    file: Option<PathBuf>,
    sent: Mutex<VecDeque<SentSms>>,
    /// Development only: the message text (with its code) goes to the log too. Off on a
    /// public https deployment that opted in to this sender: codes then exist only in the
    /// outbox file, never in a log that is shipped and kept elsewhere.
    log_messages: bool,
}

impl DevSms {
    pub fn new(file: Option<PathBuf>) -> DevSms {
        DevSms {
            file,
            sent: Mutex::new(VecDeque::new()),
            log_messages: true,
        }
    }

    /// The sender of a deployment that is not development: nothing secret in the log.
    pub fn without_logging(file: Option<PathBuf>) -> DevSms {
        DevSms {
            log_messages: false,
            ..DevSms::new(file)
        }
    }

    /// What the log says about one message.
    pub fn log_line(&self, to: &Phone, message: &str) -> String {
        if self.log_messages {
            format!("SMS to {to} (development sender): {message}")
        } else {
            format!(
                "SMS to {} written to the outbox (development sender)",
                to.masked()
            )
        }
    }

    /// The messages sent to `to`, oldest first.
    pub fn sent_to(&self, to: &str) -> Vec<String> {
        let sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
        sent.iter()
            .filter(|s| s.to == to)
            .map(|s| s.message.clone())
            .collect()
    }

    /// The 6-digit code in the last message to `to`.
    pub fn last_code(&self, to: &str) -> Option<String> {
        self.sent_to(to).last().and_then(|m| code_in(m))
    }
}

/// The first run of exactly six digits in a message.
pub fn code_in(message: &str) -> Option<String> {
    message
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .map(str::to_string)
}

impl SmsSender for DevSms {
    fn send<'a>(&'a self, to: &'a Phone, message: &'a str) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!("{}", self.log_line(to, message));
            {
                let mut sent = self.sent.lock().unwrap_or_else(|p| p.into_inner());
                if sent.len() >= KEEP {
                    sent.pop_front();
                }
                sent.push_back(SentSms {
                    to: to.as_str().to_string(),
                    message: message.to_string(),
                });
            }
            if let Some(path) = &self.file {
                // The outbox holds codes: readable by the server's user only.
                let line = serde_json::json!({
                    "to": to.as_str(),
                    "message": message,
                    "at": chrono::Utc::now().to_rfc3339(),
                })
                .to_string();
                let path = path.clone();
                tokio::task::spawn_blocking(move || -> std::io::Result<()> {
                    let mut options = std::fs::OpenOptions::new();
                    options.create(true).append(true);
                    #[cfg(unix)]
                    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                    let mut f = options.open(&path)?;
                    writeln!(f, "{line}")
                })
                .await
                .map_err(|e| SmsError::Io(e.to_string()))?
                .map_err(|e| SmsError::Io(e.to_string()))?;
            }
            Ok(())
        })
    }
}

#[derive(Clone, Debug)]
pub struct GatewaySms {
    pub url: String,
    /// e.g. `to={phone}&text={message}`; values are form-encoded.
    pub body_template: String,
    pub token: Option<String>,
}

impl GatewaySms {
    pub fn body(&self, to: &Phone, message: &str) -> String {
        self.body_template
            .replace("{phone}", &urlencoding::encode(to.international_digits()))
            .replace("{message}", &urlencoding::encode(message))
    }
}

impl SmsSender for GatewaySms {
    fn send<'a>(&'a self, to: &'a Phone, message: &'a str) -> SendFuture<'a> {
        let body = self.body(to, message);
        let url = self.url.clone();
        let token = self.token.clone();
        Box::pin(async move {
            let status = tokio::task::spawn_blocking(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .timeout_global(Some(std::time::Duration::from_secs(10)))
                    .http_status_as_error(false)
                    .build()
                    .into();
                let mut req = agent
                    .post(&url)
                    .header("content-type", "application/x-www-form-urlencoded");
                if let Some(t) = &token {
                    req = req.header("authorization", &format!("Bearer {t}"));
                }
                req.send(body.as_str())
                    .map(|r| r.status().as_u16())
                    .map_err(|e| SmsError::Transport(e.to_string()))
            })
            .await
            .map_err(|e| SmsError::Transport(e.to_string()))??;
            if (200..300).contains(&status) {
                Ok(())
            } else {
                Err(SmsError::Status(status))
            }
        })
    }
}

/// One message waiting to be sent.
struct Outgoing {
    to: Phone,
    message: String,
}

/// Messages on their way to the sender, sent by one worker task in the order queued.
///
/// In memory, bounded: a code lives 10 minutes, so a message lost in a restart costs the
/// person one "send a new code"; a queue full of messages means the gateway is far behind
/// and the caller is told to try later rather than waiting.
#[derive(Clone)]
pub struct SmsQueue {
    tx: tokio::sync::mpsc::Sender<Outgoing>,
    pending: std::sync::Arc<(std::sync::atomic::AtomicUsize, tokio::sync::Notify)>,
}

/// The queue is full: the sender is far behind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueFull;

impl SmsQueue {
    /// Starts the worker on the current tokio runtime.
    pub fn start(sender: std::sync::Arc<dyn SmsSender>, capacity: usize) -> SmsQueue {
        let (tx, mut rx) = tokio::sync::mpsc::channel::<Outgoing>(capacity.max(1));
        let pending = std::sync::Arc::new((
            std::sync::atomic::AtomicUsize::new(0),
            tokio::sync::Notify::new(),
        ));
        let worker_pending = pending.clone();
        tokio::spawn(async move {
            while let Some(m) = rx.recv().await {
                if let Err(e) = sender.send(&m.to, &m.message).await {
                    tracing::error!(to = %m.to.masked(), error = %e, "SMS not sent");
                }
                worker_pending
                    .0
                    .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
                worker_pending.1.notify_waiters();
            }
        });
        SmsQueue { tx, pending }
    }

    pub fn enqueue(&self, to: Phone, message: String) -> Result<(), QueueFull> {
        self.pending
            .0
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.tx.try_send(Outgoing { to, message }).map_err(|_| {
            self.pending
                .0
                .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
            QueueFull
        })
    }

    /// Waits until every queued message has been handed to the sender (tests, shutdown).
    pub async fn idle(&self) {
        loop {
            let notified = self.pending.1.notified();
            if self.pending.0.load(std::sync::atomic::Ordering::SeqCst) == 0 {
                return;
            }
            notified.await;
        }
    }
}

/// The text of a code message.
pub fn code_message(purpose: super::store::CodePurpose, code: &str) -> String {
    match purpose {
        super::store::CodePurpose::Activate => format!(
            "PAHT: Mã kích hoạt tài khoản của bạn là {code}. Mã có hiệu lực trong 10 phút. \
             Tuyệt đối không cung cấp mã này cho người khác."
        ),
        super::store::CodePurpose::Reset => format!(
            "PAHT: Mã đặt lại mật khẩu của bạn là {code}. Mã có hiệu lực trong 10 phút. \
             Nếu bạn không yêu cầu, vui lòng bỏ qua tin nhắn này."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gateway_body_fills_and_encodes_the_template() {
        let g = GatewaySms {
            url: "http://sms.example/send".into(),
            body_template: "to={phone}&text={message}&brand=PAHT".into(),
            token: None,
        };
        let phone: Phone = "0912 345 678".parse().unwrap();
        assert_eq!(
            g.body(&phone, "Mã 123456 & hết"),
            "to=84912345678&text=M%C3%A3%20123456%20%26%20h%E1%BA%BFt&brand=PAHT"
        );
    }

    #[test]
    fn outside_development_the_log_never_holds_a_code() {
        let phone: Phone = "0912 345 678".parse().unwrap();
        let m = code_message(super::super::store::CodePurpose::Activate, "042917");
        let dev = DevSms::new(None).log_line(&phone, &m);
        assert!(dev.contains("042917"), "{dev}");
        let public = DevSms::without_logging(None).log_line(&phone, &m);
        assert!(!public.contains("042917"), "{public}");
        assert!(!public.contains("912345678"), "{public}");
    }

    #[tokio::test]
    async fn queued_messages_reach_the_sender_in_order() {
        let dev = std::sync::Arc::new(DevSms::new(None));
        let queue = SmsQueue::start(dev.clone(), 8);
        let phone: Phone = "0912 345 678".parse().unwrap();
        for i in 0..3 {
            queue.enqueue(phone.clone(), format!("m{i}")).unwrap();
        }
        queue.idle().await;
        assert_eq!(dev.sent_to("+84912345678"), ["m0", "m1", "m2"]);
    }

    #[test]
    fn codes_are_found_in_messages() {
        let m = code_message(super::super::store::CodePurpose::Activate, "042917");
        assert_eq!(code_in(&m).as_deref(), Some("042917"));
        assert_eq!(code_in("no code 12345 here 1234567"), None);
    }
}
