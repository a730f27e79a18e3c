//! Typed configuration: built-in defaults < optional `planner.toml` < environment variables.
//!
//! Everything is validated once at start so a misconfigured production server refuses to run
//! instead of running insecurely.

use std::{fmt, net::SocketAddr, path::PathBuf};

use ipnet::IpNet;
use serde::Deserialize;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
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

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Raw settings as read from defaults, file and environment (flat, environment-variable names
/// lower-cased).
#[derive(Debug, Clone, Deserialize)]
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
    pub rate_limit_sign_ins_per_minute: u32,
    pub rate_limit_analysis_sentences_per_hour: u32,
    pub rate_limit_analysis_sentences_per_hour_per_ip: u32,
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
    pub static_dir: PathBuf,
    /// all-MiniLM-L6-v2 files (scripts/fetch-model.sh); absent = lexical fallback.
    pub model_dir: PathBuf,
    /// Peers allowed to read /metrics (a Prometheus scraper), default loopback only.
    pub metrics_allowed: Vec<IpNet>,
    pub limits: RateLimits,
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

const DEFAULTS: &[(&str, &str)] = &[
    ("app_env", "development"),
    ("database_url", "data/planner.db"),
    ("bind_addr", "127.0.0.1:8080"),
    ("session_ttl_hours", "24"),
    ("session_idle_minutes", "120"),
    ("max_body_bytes", "65536"),
    ("db_pool_size", "8"),
    ("db_busy_timeout_ms", "5000"),
    ("static_dir", "frontend/dist"),
    ("model_dir", "data/models/all-MiniLM-L6-v2"),
    ("metrics_allowed_ips", "127.0.0.1/32,::1/128"),
    ("redis_key_prefix", "planner"),
    ("rate_limit_login_failures_per_minute", "10"),
    ("rate_limit_register_per_hour", "5"),
    ("rate_limit_ip_per_hour", "50"),
    ("rate_limit_ip_per_day", "200"),
    ("rate_limit_token_per_hour", "1200"),
    ("rate_limit_submissions_per_hour", "30"),
    ("rate_limit_similar_per_minute", "30"),
    ("rate_limit_sign_ins_per_minute", "10"),
    ("rate_limit_analysis_sentences_per_hour", "2000"),
    ("rate_limit_analysis_sentences_per_hour_per_ip", "4000"),
];

impl RawSettings {
    /// Reads defaults, then `planner.toml` (or the file named by `PLANNER_CONFIG`) if present,
    /// then the process environment.
    pub fn load() -> Result<Self, ConfigError> {
        let file = std::env::var("PLANNER_CONFIG").unwrap_or_else(|_| "planner.toml".into());
        let mut builder = config::Config::builder();
        for (key, value) in DEFAULTS {
            builder = builder.set_default(*key, *value)?;
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
        for (key, value) in DEFAULTS {
            builder = builder.set_default(*key, *value).expect("static default");
        }
        builder
            .build()
            .and_then(|c| c.try_deserialize())
            .expect("defaults deserialize")
    }

    pub fn validate(self) -> Result<Settings, ConfigError> {
        let production = self.app_env == AppEnv::Production;
        let (secret_key, secret_key_ephemeral) = match validate_secret_key(&self.secret_key) {
            Ok(()) => (self.secret_key.clone(), false),
            Err(why) if production || !self.secret_key.is_empty() => {
                return Err(ConfigError::Invalid(format!("SECRET_KEY {why}")));
            }
            Err(_) => (Secret::new(crate::security::tokens::random_hex(32)), true),
        };
        let admin_token = if self.admin_token.is_empty() {
            None
        } else {
            match validate_env_admin_token(&self.admin_token) {
                Ok(()) => Some(self.admin_token.clone()),
                Err(why) if production => {
                    return Err(ConfigError::Invalid(format!("ADMIN_TOKEN {why}")))
                }
                Err(why) => {
                    log::warn!("ADMIN_TOKEN ignored: it {why}");
                    None
                }
            }
        };
        let allowed_origins = split_list(&self.allowed_origins)
            .map(|o| validate_origin(&o).map(|_| o))
            .collect::<Result<Vec<_>, _>>()?;
        if production && allowed_origins.is_empty() {
            return Err(ConfigError::Invalid(
                "ALLOWED_ORIGINS must name the public origin (e.g. https://plan.example.org) in production".into(),
            ));
        }
        let embed_origins = split_list(&self.embed_origins)
            .map(|o| validate_origin(&o).map(|_| o))
            .collect::<Result<Vec<_>, _>>()?;
        // `none` says "no proxy, on purpose" and silences the start-up warning.
        let trusted_proxies_explicit = !self.trusted_proxies.trim().is_empty();
        let trusted_proxies = split_list(&self.trusted_proxies)
            .filter(|p| !p.eq_ignore_ascii_case("none"))
            .map(|p| parse_net(&p))
            .collect::<Result<Vec<_>, _>>()?;
        self.bind_addr.parse::<SocketAddr>().map_err(|_| {
            ConfigError::Invalid(format!(
                "BIND_ADDR {:?} is not an address:port",
                self.bind_addr
            ))
        })?;
        if self.session_ttl_hours == 0 || self.session_idle_minutes == 0 {
            return Err(ConfigError::Invalid(
                "SESSION_TTL_HOURS and SESSION_IDLE_MINUTES must be positive".into(),
            ));
        }
        let limits = RateLimits {
            login_failures_per_minute: self.rate_limit_login_failures_per_minute,
            register_per_hour: self.rate_limit_register_per_hour,
            ip_per_hour: self.rate_limit_ip_per_hour,
            ip_per_day: self.rate_limit_ip_per_day,
            token_per_hour: self.rate_limit_token_per_hour,
            submissions_per_hour: self.rate_limit_submissions_per_hour,
            similar_per_minute: self.rate_limit_similar_per_minute,
            sign_ins_per_minute: self.rate_limit_sign_ins_per_minute,
            analysis_sentences_per_hour: self.rate_limit_analysis_sentences_per_hour,
            analysis_sentences_per_hour_per_ip: self.rate_limit_analysis_sentences_per_hour_per_ip,
        };
        if [
            limits.login_failures_per_minute,
            limits.register_per_hour,
            limits.ip_per_hour,
            limits.ip_per_day,
            limits.token_per_hour,
            limits.submissions_per_hour,
            limits.similar_per_minute,
            limits.sign_ins_per_minute,
            limits.analysis_sentences_per_hour,
            limits.analysis_sentences_per_hour_per_ip,
        ]
        .contains(&0)
        {
            return Err(ConfigError::Invalid(
                "rate limits must be positive (RATE_LIMIT_*)".into(),
            ));
        }
        Ok(Settings {
            app_env: self.app_env,
            secret_key,
            secret_key_ephemeral,
            admin_token,
            database_url: self.database_url,
            bind_addr: self.bind_addr,
            allowed_origins,
            trusted_proxies,
            trusted_proxies_explicit,
            // A SameSite=None cookie must be Secure, or browsers drop it.
            cookie_secure: self.cookie_secure.unwrap_or(production) || !embed_origins.is_empty(),
            embed_origins,
            redis_url: Some(self.redis_url.trim().to_owned()).filter(|u| !u.is_empty()),
            redis_key_prefix: self.redis_key_prefix,
            session_ttl_hours: self.session_ttl_hours,
            session_idle_minutes: self.session_idle_minutes,
            max_body_bytes: self.max_body_bytes,
            // The analysis thread may hold one connection (its claims) while it writes with
            // another, so fewer than two could stall it.
            db_pool_size: self.db_pool_size.max(2),
            db_busy_timeout_ms: self.db_busy_timeout_ms,
            static_dir: PathBuf::from(self.static_dir),
            model_dir: PathBuf::from(self.model_dir),
            metrics_allowed: split_list(&self.metrics_allowed_ips)
                .map(|p| parse_net(&p))
                .collect::<Result<Vec<_>, _>>()?,
            limits,
        })
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

fn is_placeholder(value: &str) -> bool {
    PLACEHOLDER_SECRETS
        .iter()
        .any(|p| p.eq_ignore_ascii_case(value.trim()))
}

fn validate_secret_key(key: &Secret) -> Result<(), String> {
    if key.is_empty() {
        return Err("is not set (generate one with `openssl rand -hex 32`)".into());
    }
    if key.expose().len() < MIN_SECRET_KEY_LEN {
        return Err(format!("must be at least {MIN_SECRET_KEY_LEN} bytes"));
    }
    if is_placeholder(key.expose()) {
        return Err("is the placeholder from .env.example".into());
    }
    Ok(())
}

fn validate_env_admin_token(token: &Secret) -> Result<(), String> {
    if token.expose().len() < MIN_ENV_ADMIN_TOKEN_LEN {
        return Err(format!(
            "must be at least {MIN_ENV_ADMIN_TOKEN_LEN} characters"
        ));
    }
    if is_placeholder(token.expose()) {
        return Err("is the placeholder from .env.example".into());
    }
    if token
        .expose()
        .chars()
        .any(|c| c.is_whitespace() || c.is_control())
    {
        return Err("must not contain whitespace".into());
    }
    Ok(())
}

fn split_list(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

fn validate_origin(origin: &str) -> Result<(), ConfigError> {
    let ok = (origin.starts_with("http://") || origin.starts_with("https://"))
        && !origin.trim_end_matches('/').contains(['?', '#'])
        && origin.matches('/').count() == 2;
    if ok {
        Ok(())
    } else {
        Err(ConfigError::Invalid(format!(
            "ALLOWED_ORIGINS entry {origin:?} must look like https://host[:port] (no path)"
        )))
    }
}

fn parse_net(value: &str) -> Result<IpNet, ConfigError> {
    value
        .parse::<IpNet>()
        .or_else(|_| value.parse::<std::net::IpAddr>().map(IpNet::from))
        .map_err(|_| {
            ConfigError::Invalid(format!(
                "TRUSTED_PROXIES entry {value:?} is not an IP or CIDR"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw() -> RawSettings {
        RawSettings::defaults()
    }

    #[test]
    fn production_without_secret_key_refuses_to_start() {
        let mut r = raw();
        r.app_env = AppEnv::Production;
        r.allowed_origins = "https://plan.example.org".into();
        assert!(r.validate().is_err());
    }

    #[test]
    fn production_with_short_or_placeholder_secret_refuses_to_start() {
        for key in ["short", PLACEHOLDER_SECRETS[0]] {
            let mut r = raw();
            r.app_env = AppEnv::Production;
            r.allowed_origins = "https://plan.example.org".into();
            r.secret_key = Secret::new(key);
            assert!(r.validate().is_err(), "{key} accepted");
        }
    }

    #[test]
    fn production_with_weak_admin_token_refuses_to_start() {
        let mut r = raw();
        r.app_env = AppEnv::Production;
        r.allowed_origins = "https://plan.example.org".into();
        r.secret_key = Secret::new("a".repeat(64));
        r.admin_token = Secret::new("ADMIN123");
        assert!(r.validate().is_err());
    }

    #[test]
    fn development_without_secret_generates_an_ephemeral_one() {
        let s = raw().validate().unwrap();
        assert!(s.secret_key_ephemeral);
        assert!(s.secret_key.expose().len() >= MIN_SECRET_KEY_LEN);
    }

    #[test]
    fn token_urlsafe_16_admin_token_is_accepted() {
        let mut r = raw();
        r.admin_token = Secret::new("Q2hhbmdlTWVQbGVhc2UxMj"); // 22 chars
        assert!(r.validate().unwrap().admin_token.is_some());
    }

    #[test]
    fn production_without_trusted_proxies_warns_until_told_none() {
        let mut r = raw();
        r.app_env = AppEnv::Production;
        r.allowed_origins = "https://plan.example.org".into();
        r.secret_key = Secret::new("a".repeat(64));
        let s = r.clone().validate().unwrap();
        assert!(s.warnings().iter().any(|w| w.contains("TRUSTED_PROXIES")));
        r.trusted_proxies = "none".into();
        let s = r.clone().validate().unwrap();
        assert!(s.warnings().is_empty() && s.trusted_proxies.is_empty());
        r.trusted_proxies = "10.0.0.0/8".into();
        assert!(r.validate().unwrap().warnings().is_empty());
    }

    #[test]
    fn secret_never_prints() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "Secret(***)");
    }

    #[test]
    fn env_example_values_are_known_placeholders() {
        let example =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../.env.example"))
                .expect(".env.example exists");
        for line in example.lines() {
            for var in ["SECRET_KEY=", "ADMIN_TOKEN="] {
                if let Some(value) = line.strip_prefix(var) {
                    assert!(
                        is_placeholder(value),
                        "{var}{value} is not in PLACEHOLDER_SECRETS"
                    );
                }
            }
        }
    }
}
