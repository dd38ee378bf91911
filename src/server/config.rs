//! One typed configuration, read once at start.
//!
//! Sources, later ones winning: built-in defaults, the `[paht]` table of `Leptos.toml`
//! (whose `[package.metadata.leptos]` table also gives Leptos its site settings), then
//! environment variables (`DATABASE_URL`, `PAHT_*`, and Leptos' own `LEPTOS_*`).

use crate::domain::deadline::WorkCalendar;
use crate::dto::MapSettings;
use chrono::NaiveDate;
use serde::Deserialize;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub map: MapSettings,
    /// Serve a blank tile at `/tiles/{z}/{x}/{y}.png` (offline demos and tests).
    pub local_tiles: bool,
    pub calendar: WorkCalendar,
    pub demo_reports: usize,
    /// The address people use, e.g. "https://paht.quangtri.gov.vn". HTTPS turns on HSTS
    /// (and, with the accounts issue, `__Host-` Secure cookies).
    pub public_url: Option<String>,
    pub https: bool,
    /// Believe the last `X-Forwarded-For` address (only behind a reverse proxy).
    pub trust_proxy: bool,
    pub sessions: crate::server::auth::session::SessionPolicy,
    pub limits: crate::server::auth::rate_limit::Limits,
    /// The production SMS gateway; without it codes go to the development sender.
    pub sms_gateway: Option<crate::server::auth::sms::GatewaySms>,
    /// Use the development SMS sender even over https (a staging site without a gateway).
    /// Without this, an https site without a gateway refuses to start.
    pub sms_dev_sender: bool,
    /// Send the author an SMS when a result is published (off by default).
    pub sms_on_publish: bool,
    /// No request is served for longer than this (503 after it).
    pub request_timeout: std::time::Duration,
    /// Requests served at once; more wait for their turn (within the timeout).
    pub max_concurrent_requests: usize,
    /// Media in an S3-compatible store (`PAHT_MEDIA_S3_*`); without it, a folder under
    /// `data_dir`.
    pub media_s3: Option<S3Settings>,
    /// Published reports close by themselves this many days after publishing (default 30,
    /// the end of the citizen's "not satisfied" window).
    pub auto_close_days: i64,
}

/// An S3-compatible bucket for media. From the environment only: it holds a secret.
#[derive(Clone, Debug)]
pub struct S3Settings {
    pub bucket: String,
    /// e.g. "https://s3.example.vn" or "http://127.0.0.1:5555" (then plain HTTP is allowed).
    pub endpoint: Option<String>,
    pub region: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl S3Settings {
    /// `PAHT_MEDIA_S3_BUCKET` (required to use S3), `…_ENDPOINT`, `…_REGION` (default
    /// "us-east-1"), `…_ACCESS_KEY_ID`, `…_SECRET_ACCESS_KEY`.
    pub fn from_env(env: impl Fn(&str) -> Option<String>) -> Option<S3Settings> {
        let bucket = env("PAHT_MEDIA_S3_BUCKET").filter(|b| !b.trim().is_empty())?;
        Some(S3Settings {
            bucket: bucket.trim().to_string(),
            endpoint: env("PAHT_MEDIA_S3_ENDPOINT").filter(|e| !e.trim().is_empty()),
            region: env("PAHT_MEDIA_S3_REGION").unwrap_or_else(|| "us-east-1".into()),
            access_key_id: env("PAHT_MEDIA_S3_ACCESS_KEY_ID").unwrap_or_default(),
            secret_access_key: env("PAHT_MEDIA_S3_SECRET_ACCESS_KEY").unwrap_or_default(),
        })
    }
}

/// The `[paht]` table of Leptos.toml; every field optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSettings {
    database_url: Option<String>,
    data_dir: Option<PathBuf>,
    tile_url: Option<String>,
    tile_attribution: Option<String>,
    map_center_lat: Option<f64>,
    map_center_lng: Option<f64>,
    map_zoom: Option<f64>,
    local_tiles: Option<bool>,
    /// Extra public holidays ("YYYY-MM-DD"), added to the built-in Vietnamese calendar: the
    /// seed of an empty `holidays` table (the database is the calendar after that).
    holidays: Option<Vec<String>>,
    demo_reports: Option<usize>,
    public_url: Option<String>,
    trust_proxy: Option<bool>,
    /// Minutes of inactivity / in all before a session ends.
    session_idle_minutes_citizen: Option<i64>,
    session_max_minutes_citizen: Option<i64>,
    session_idle_minutes_staff: Option<i64>,
    session_max_minutes_staff: Option<i64>,
    sms_gateway_url: Option<String>,
    /// Form body with `{phone}` and `{message}`; default `to={phone}&text={message}`.
    sms_gateway_body: Option<String>,
    /// SMS the whole service may send per hour (default 300).
    sms_per_hour: Option<u32>,
    /// Allow the development SMS sender over https (default false).
    sms_dev_sender: Option<bool>,
    /// Tell the author by SMS when a result is published (default false).
    sms_on_publish: Option<bool>,
    request_timeout_seconds: Option<u64>,
    max_concurrent_requests: Option<usize>,
    /// Days after publishing when a report closes by itself (default 30).
    auto_close_days: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
struct FileRoot {
    paht: Option<FileSettings>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {0}: {1}")]
    Read(String, std::io::Error),
    #[error("invalid settings in {0}: {1}")]
    Parse(String, String),
    #[error("invalid value of {0}: {1}")]
    Value(&'static str, String),
}

pub const DEFAULT_TILE_URL: &str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
pub const LOCAL_TILE_URL: &str = "/tiles/{z}/{x}/{y}.png";

impl Config {
    /// Reads `path` (if it exists) and the environment.
    pub fn load(path: &str) -> Result<Config, ConfigError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => Some(t),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(ConfigError::Read(path.into(), e)),
        };
        let file = match text {
            Some(t) => toml::from_str::<FileRoot>(&t)
                .map_err(|e| ConfigError::Parse(path.into(), e.to_string()))?,
            None => FileRoot::default(),
        };
        Self::from_parts(file.paht.unwrap_or_default(), |k| std::env::var(k).ok())
    }

    fn from_parts(
        file: FileSettings,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Config, ConfigError> {
        let data_dir = env("PAHT_DATA_DIR")
            .map(PathBuf::from)
            .or(file.data_dir)
            .unwrap_or_else(|| "data".into());
        let database_url = env("DATABASE_URL")
            .or(file.database_url)
            .unwrap_or_else(|| format!("sqlite://{}/paht.db?mode=rwc", data_dir.display()));
        let local_tiles = match env("PAHT_LOCAL_TILES") {
            Some(v) => parse_bool("PAHT_LOCAL_TILES", &v)?,
            None => file.local_tiles.unwrap_or(false),
        };
        // Local tiles, when asked for, win over the file's URL: they exist for offline runs.
        let tile_url = env("PAHT_TILE_URL").unwrap_or_else(|| match (local_tiles, file.tile_url) {
            (true, _) => LOCAL_TILE_URL.into(),
            (false, Some(url)) => url,
            (false, None) => DEFAULT_TILE_URL.into(),
        });
        let tile_attribution = env("PAHT_TILE_ATTRIBUTION")
            .or(file.tile_attribution)
            .unwrap_or_else(|| "© OpenStreetMap".into());
        let num = |key: &'static str,
                   file_value: Option<f64>,
                   default: f64|
         -> Result<f64, ConfigError> {
            match env(key) {
                Some(v) => v
                    .trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite())
                    .ok_or(ConfigError::Value(key, v)),
                None => Ok(file_value.unwrap_or(default)),
            }
        };
        let map = MapSettings {
            tile_url,
            tile_attribution,
            center_lat: num("PAHT_MAP_CENTER_LAT", file.map_center_lat, 16.75)?,
            center_lng: num("PAHT_MAP_CENTER_LNG", file.map_center_lng, 106.95)?,
            zoom: num("PAHT_MAP_ZOOM", file.map_zoom, 9.0)?,
        };
        let mut calendar = WorkCalendar::vietnam_default();
        for h in file.holidays.unwrap_or_default() {
            let d = NaiveDate::parse_from_str(h.trim(), "%Y-%m-%d")
                .map_err(|_| ConfigError::Value("holidays", h.clone()))?;
            calendar.holidays.insert(d);
        }
        let demo_reports = match env("PAHT_DEMO_REPORTS") {
            Some(v) => v
                .trim()
                .parse()
                .map_err(|_| ConfigError::Value("PAHT_DEMO_REPORTS", v))?,
            None => file.demo_reports.unwrap_or(2000),
        };
        let public_url = env("PAHT_PUBLIC_URL")
            .or(file.public_url)
            .map(|u| u.trim().trim_end_matches('/').to_string())
            .filter(|u| !u.is_empty());
        if let Some(u) = &public_url {
            if !(u.starts_with("http://") || u.starts_with("https://")) {
                return Err(ConfigError::Value("PAHT_PUBLIC_URL", u.clone()));
            }
        }
        let https = public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"));
        let trust_proxy = match env("PAHT_TRUST_PROXY") {
            Some(v) => parse_bool("PAHT_TRUST_PROXY", &v)?,
            None => file.trust_proxy.unwrap_or(false),
        };
        let mut sessions = crate::server::auth::session::SessionPolicy::default();
        let minutes =
            |key: &'static str, v: Option<i64>| -> Result<Option<chrono::TimeDelta>, ConfigError> {
                match v {
                    None => Ok(None),
                    Some(m) if m > 0 => Ok(Some(chrono::TimeDelta::minutes(m))),
                    Some(m) => Err(ConfigError::Value(key, m.to_string())),
                }
            };
        if let Some(d) = minutes(
            "session_idle_minutes_citizen",
            file.session_idle_minutes_citizen,
        )? {
            sessions.citizen_idle = d;
        }
        if let Some(d) = minutes(
            "session_max_minutes_citizen",
            file.session_max_minutes_citizen,
        )? {
            sessions.citizen_absolute = d;
        }
        if let Some(d) = minutes(
            "session_idle_minutes_staff",
            file.session_idle_minutes_staff,
        )? {
            sessions.staff_idle = d;
        }
        if let Some(d) = minutes("session_max_minutes_staff", file.session_max_minutes_staff)? {
            sessions.staff_absolute = d;
        }
        let sms_gateway = env("PAHT_SMS_GATEWAY_URL")
            .or(file.sms_gateway_url)
            .filter(|u| !u.trim().is_empty())
            .map(|url| crate::server::auth::sms::GatewaySms {
                url: url.trim().to_string(),
                body_template: env("PAHT_SMS_GATEWAY_BODY")
                    .or(file.sms_gateway_body.clone())
                    .unwrap_or_else(|| "to={phone}&text={message}".into()),
                token: env("PAHT_SMS_GATEWAY_TOKEN").filter(|t| !t.is_empty()),
            });
        let mut limits = crate::server::auth::rate_limit::Limits::default();
        let positive = |key: &'static str, v: Option<String>| -> Result<Option<u64>, ConfigError> {
            match v {
                None => Ok(None),
                Some(v) => match v.trim().parse::<u64>() {
                    Ok(n) if n > 0 => Ok(Some(n)),
                    _ => Err(ConfigError::Value(key, v)),
                },
            }
        };
        if let Some(n) = positive("PAHT_SMS_PER_HOUR", env("PAHT_SMS_PER_HOUR"))?
            .or(file.sms_per_hour.map(u64::from))
        {
            limits.sms_per_hour.max = u32::try_from(n).unwrap_or(u32::MAX);
        }
        let sms_dev_sender = match env("PAHT_SMS_DEV_SENDER") {
            Some(v) => parse_bool("PAHT_SMS_DEV_SENDER", &v)?,
            None => file.sms_dev_sender.unwrap_or(false),
        };
        let sms_on_publish = match env("PAHT_SMS_ON_PUBLISH") {
            Some(v) => parse_bool("PAHT_SMS_ON_PUBLISH", &v)?,
            None => file.sms_on_publish.unwrap_or(false),
        };
        let request_timeout = std::time::Duration::from_secs(
            positive(
                "PAHT_REQUEST_TIMEOUT_SECONDS",
                env("PAHT_REQUEST_TIMEOUT_SECONDS"),
            )?
            .or(file.request_timeout_seconds)
            .unwrap_or(30),
        );
        let max_concurrent_requests = positive(
            "PAHT_MAX_CONCURRENT_REQUESTS",
            env("PAHT_MAX_CONCURRENT_REQUESTS"),
        )?
        .map(|n| n as usize)
        .or(file.max_concurrent_requests)
        .unwrap_or(512);
        let media_s3 = S3Settings::from_env(&env);
        let auto_close_days = file
            .auto_close_days
            .unwrap_or(crate::domain::lifecycle::AUTO_CLOSE_DAYS);
        if !(1..=3650).contains(&auto_close_days) {
            return Err(ConfigError::Value(
                "auto_close_days",
                auto_close_days.to_string(),
            ));
        }
        Ok(Config {
            auto_close_days,
            media_s3,
            trust_proxy,
            sessions,
            limits,
            sms_dev_sender,
            sms_on_publish,
            request_timeout,
            max_concurrent_requests,
            sms_gateway,
            database_url,
            data_dir,
            map,
            local_tiles,
            calendar,
            demo_reports,
            public_url,
            https,
        })
    }

    /// The database URL without a password, for the log.
    pub fn redacted_database_url(&self) -> String {
        redact_url(&self.database_url)
    }
}

fn parse_bool(key: &'static str, v: &str) -> Result<bool, ConfigError> {
    match v.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" | "" => Ok(false),
        _ => Err(ConfigError::Value(key, v.into())),
    }
}

fn redact_url(url: &str) -> String {
    // scheme://user:password@host/... -> scheme://user:***@host/...
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.into();
    };
    let Some((creds, host)) = rest.split_once('@') else {
        return url.into();
    };
    match creds.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with_env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn defaults_give_a_sqlite_file_under_data() {
        let c = Config::from_parts(FileSettings::default(), with_env(&[])).unwrap();
        assert_eq!(c.database_url, "sqlite://data/paht.db?mode=rwc");
        assert_eq!(c.map.tile_url, DEFAULT_TILE_URL);
        assert!(!c.local_tiles);
    }

    #[test]
    fn environment_beats_the_file() {
        let file = FileSettings {
            database_url: Some("sqlite://x.db".into()),
            map_zoom: Some(11.0),
            ..Default::default()
        };
        let c = Config::from_parts(
            file,
            with_env(&[
                ("DATABASE_URL", "postgres://u:secret@h/db"),
                ("PAHT_LOCAL_TILES", "1"),
            ]),
        )
        .unwrap();
        assert_eq!(c.database_url, "postgres://u:secret@h/db");
        assert_eq!(c.redacted_database_url(), "postgres://u:***@h/db");
        assert_eq!(c.map.tile_url, LOCAL_TILE_URL);
        assert_eq!(c.map.zoom, 11.0);
    }

    #[test]
    fn bad_values_are_refused() {
        assert!(Config::from_parts(
            FileSettings::default(),
            with_env(&[("PAHT_MAP_ZOOM", "big")])
        )
        .is_err());
        assert!(Config::from_parts(
            FileSettings::default(),
            with_env(&[("PAHT_LOCAL_TILES", "maybe")])
        )
        .is_err());
        let file = FileSettings {
            holidays: Some(vec!["2026-13-01".into()]),
            ..Default::default()
        };
        assert!(Config::from_parts(file, with_env(&[])).is_err());
    }

    #[test]
    fn extra_holidays_are_added() {
        let file = FileSettings {
            holidays: Some(vec!["2026-11-20".into()]),
            ..Default::default()
        };
        let c = Config::from_parts(file, with_env(&[])).unwrap();
        assert!(!c
            .calendar
            .is_working_day(NaiveDate::from_ymd_opt(2026, 11, 20).unwrap()));
    }

    #[test]
    fn the_shipped_leptos_toml_parses() {
        let text = include_str!("../../Leptos.toml");
        let root: FileRoot = toml::from_str(text).expect("Leptos.toml parses");
        Config::from_parts(root.paht.unwrap_or_default(), with_env(&[])).expect("valid settings");
        leptos::prelude::get_config_from_str(text).expect("Leptos site settings parse");
    }
}
