//! Typed configuration: built-in defaults < optional `planner.toml` < environment variables.
//!
//! Everything is validated once at start so a misconfigured production server refuses to run
//! instead of running insecurely.

use std::{fmt, path::PathBuf, time::Duration};

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

pub mod docs;
pub mod table;
mod validate;

/// Values shipped in `.env.example`; a production server must never run with one of them.
pub const PLACEHOLDER_SECRETS: &[&str] = &[
    "replace-with-64-hex-characters-from-openssl-rand-hex-32",
    "replace-with-a-long-random-admin-token",
    "your_secret_key_here",
    "your_admin_token_here",
    "changeme",
    "change-me",
];

/// The shortest `ADMIN_TOKEN` accepted from the environment: `secrets.token_urlsafe(16)` of the
/// system we replace yields 22 characters.
pub const MIN_ENV_ADMIN_TOKEN_LEN: usize = 22;
pub const MIN_SECRET_KEY_LEN: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AppEnv {
    Development,
    Production,
}

/// A string that never prints itself.
#[derive(Clone, Deserialize, Default)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

/// Serialised only redacted (`config check` prints settings through serde).
impl Serialize for Secret {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if self.is_empty() { "" } else { docs::REDACTED })
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Raw settings as read from defaults, file and environment (flat, environment-variable names
/// lower-cased). Every field is a row of [`table::SETTINGS`] (a test checks both ways).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RawSettings {
    pub app_env: AppEnv,
    #[serde(default)]
    pub secret_key: Secret,
    #[serde(default)]
    pub admin_token: Secret,
    pub database_url: String,
    pub bind_addr: String,
    #[serde(default)]
    pub allowed_origins: String,
    #[serde(default)]
    pub trusted_proxies: String,
    #[serde(default)]
    pub embed_origins: String,
    #[serde(default)]
    pub redis_url: String,
    pub redis_key_prefix: String,
    pub session_ttl_hours: u32,
    pub session_idle_minutes: u32,
    pub cookie_secure: Option<bool>,
    pub max_body_bytes: usize,
    pub db_pool_size: u32,
    pub db_busy_timeout_ms: u32,
    pub sqlite_durable: bool,
    pub sqlite_group_commit: bool,
    pub analysis_nice: u32,
    pub static_dir: String,
    pub model_dir: String,
    pub metrics_allowed_ips: String,
    pub rate_limit_login_failures_per_minute: u32,
    pub rate_limit_register_per_hour: u32,
    pub rate_limit_ip_per_hour: u32,
    pub rate_limit_ip_per_day: u32,
    pub rate_limit_token_per_hour: u32,
    pub rate_limit_submissions_per_hour: u32,
    pub rate_limit_similar_per_minute: u32,
    pub rate_limit_reports_per_hour: u32,
    pub rate_limit_supports_per_hour: u32,
    pub rate_limit_sign_ins_per_minute: u32,
    pub rate_limit_analysis_sentences_per_hour: u32,
    pub rate_limit_analysis_sentences_per_hour_per_ip: u32,
    pub log_format: String,
    pub rust_log: String,
    #[serde(default)]
    pub backup_interval: String,
    pub backup_dir: String,
    pub backup_keep: u32,
}

/// Validated settings the application runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub app_env: AppEnv,
    /// At least 32 bytes; signs and encrypts session cookies.
    pub secret_key: Secret,
    /// True when the key was generated for this run only (development without `SECRET_KEY`).
    pub secret_key_ephemeral: bool,
    pub admin_token: Option<Secret>,
    pub database_url: String,
    pub bind_addr: String,
    /// Origins allowed to make credentialed and state-changing requests, e.g.
    /// `https://plan.example.org`. Empty means "derive from the bound address".
    pub allowed_origins: Vec<String>,
    pub trusted_proxies: Vec<IpNet>,
    /// TRUSTED_PROXIES was set (to addresses, or to `none`).
    pub trusted_proxies_explicit: bool,
    /// Sites allowed to show the app in an iframe (e.g. a Hugging Face Space page). Empty: never
    /// framed. Set: `frame-ancestors` names them and the session cookie is
    /// `SameSite=None; Secure; Partitioned`.
    pub embed_origins: Vec<String>,
    /// Shared sessions and rate limits for several replicas; None = in this process.
    pub redis_url: Option<String>,
    /// Namespace of our Redis keys (replicas of one installation share it).
    pub redis_key_prefix: String,
    pub session_ttl_hours: u32,
    pub session_idle_minutes: u32,
    pub cookie_secure: bool,
    pub max_body_bytes: usize,
    pub db_pool_size: u32,
    pub db_busy_timeout_ms: u32,
    /// `SQLITE_DURABLE` and `SQLITE_GROUP_COMMIT`.
    pub sqlite_writes: crate::db::SqliteWrites,
    /// Niceness of the analysis thread (0–19; Linux), so requests get the CPU first.
    pub analysis_nice: u32,
    pub static_dir: PathBuf,
    /// all-MiniLM-L6-v2 files (scripts/fetch-model.sh); absent = lexical fallback.
    pub model_dir: PathBuf,
    /// Peers allowed to read /metrics (a Prometheus scraper), default loopback only.
    pub metrics_allowed: Vec<IpNet>,
    pub limits: RateLimits,
    pub log_format: LogFormat,
    /// Scheduled backups (`BACKUP_*`); `None` when off.
    pub backup: Option<BackupSchedule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, Clone)]
pub struct BackupSchedule {
    pub every: Duration,
    pub dir: PathBuf,
    /// How many backups to keep (at least 1).
    pub keep: u32,
}

#[derive(Debug, Clone, Copy)]
pub struct RateLimits {
    pub login_failures_per_minute: u32,
    pub register_per_hour: u32,
    pub ip_per_hour: u32,
    pub ip_per_day: u32,
    pub token_per_hour: u32,
    pub submissions_per_hour: u32,
    /// "Similar submissions" look-ups while typing, per token.
    pub similar_per_minute: u32,
    /// Reports of others' submissions, per token.
    pub reports_per_hour: u32,
    /// Supports given or withdrawn, per participant token.
    pub supports_per_hour: u32,
    /// Successful sign-ins per token (each makes a session).
    pub sign_ins_per_minute: u32,
    /// Sentences the model may embed for `/classify` and `/similar`, per token.
    pub analysis_sentences_per_hour: u32,
    /// The same budget per client address (self-registered tokens share it).
    pub analysis_sentences_per_hour_per_ip: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("configuration could not be read: {0}")]
    Read(#[from] config::ConfigError),
    #[error("{0}")]
    Invalid(String),
}

impl RawSettings {
    /// Reads defaults, then `planner.toml` (or the file named by `PLANNER_CONFIG`) if present,
    /// then the process environment.
    pub fn load() -> Result<Self, ConfigError> {
        let file = std::env::var("PLANNER_CONFIG").unwrap_or_else(|_| "planner.toml".into());
        let mut builder = config::Config::builder();
        for (key, value) in table::defaults() {
            builder = builder.set_default(key, value)?;
        }
        let built = builder
            .add_source(config::File::with_name(&file).required(false))
            .add_source(config::Environment::default().try_parsing(true))
            .build()?;
        Ok(built.try_deserialize()?)
    }

    /// The defaults alone, for tests and tools that configure everything in code.
    pub fn defaults() -> Self {
        let mut builder = config::Config::builder();
        for (key, value) in table::defaults() {
            builder = builder.set_default(key, value).expect("static default");
        }
        builder
            .build()
            .and_then(|c| c.try_deserialize())
            .expect("defaults deserialize")
    }
}

impl Settings {
    pub fn is_production(&self) -> bool {
        self.app_env == AppEnv::Production
    }

    /// What an operator should hear at start-up about a configuration that runs but may not
    /// do what they think.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.is_production() && !self.trusted_proxies_explicit {
            out.push(
                "TRUSTED_PROXIES is not set: every client is limited by the address it connects \
                 from. Behind a reverse proxy (Hugging Face Spaces, Caddy, nginx) all clients then \
                 share one rate-limit key, and ten mistyped tokens lock everyone out. Set \
                 TRUSTED_PROXIES to the proxy's address (README: \"Behind a proxy\"), or to `none` \
                 when clients connect directly."
                    .into(),
            );
        }
        out
    }

    /// The session cookie name; the `__Host-` prefix makes browsers insist on Secure, Path=/
    /// and no Domain.
    pub fn cookie_name(&self) -> &'static str {
        if self.cookie_secure {
            "__Host-planner_session"
        } else {
            "planner_session"
        }
    }
}

#[cfg(test)]
mod tests;
