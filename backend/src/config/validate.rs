//! Turning raw settings into validated ones: everything is checked once, at start (and by
//! `planner config check`), so a misconfigured production server refuses to run instead of
//! running insecurely.

use std::{net::SocketAddr, path::PathBuf};

use ipnet::IpNet;

use super::*;

impl RawSettings {
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
            reports_per_hour: self.rate_limit_reports_per_hour,
            supports_per_hour: self.rate_limit_supports_per_hour,
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
            limits.reports_per_hour,
            limits.supports_per_hour,
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
        if self.analysis_nice > MAX_NICE {
            return Err(ConfigError::Invalid(format!(
                "ANALYSIS_NICE must be 0 (same priority as requests) to {MAX_NICE} (lowest)"
            )));
        }
        let log_format = match self.log_format.trim().to_ascii_lowercase().as_str() {
            "" | "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => {
                return Err(ConfigError::Invalid(format!(
                    "LOG_FORMAT {other:?} must be text or json"
                )))
            }
        };
        tracing_subscriber::EnvFilter::try_new(&self.rust_log)
            .map_err(|e| ConfigError::Invalid(format!("RUST_LOG {:?}: {e}", self.rust_log)))?;
        let backup = match parse_interval(&self.backup_interval)? {
            None => None,
            Some(every) => {
                if self.backup_keep == 0 {
                    return Err(ConfigError::Invalid(
                        "BACKUP_KEEP must be at least 1 when BACKUP_INTERVAL is set".into(),
                    ));
                }
                Some(BackupSchedule {
                    every,
                    dir: backup_dir(&self.backup_dir, &self.database_url),
                    keep: self.backup_keep,
                })
            }
        };
        Ok(Settings {
            log_format,
            backup,
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
            sqlite_writes: crate::db::SqliteWrites {
                durable: self.sqlite_durable,
                group_commit: self.sqlite_group_commit,
            },
            analysis_nice: self.analysis_nice,
            static_dir: PathBuf::from(self.static_dir),
            model_dir: PathBuf::from(self.model_dir),
            metrics_allowed: split_list(&self.metrics_allowed_ips)
                .map(|p| parse_net(&p))
                .collect::<Result<Vec<_>, _>>()?,
            limits,
        })
    }
}

/// The lowest scheduling priority Linux knows (`nice` 19).
const MAX_NICE: u32 = 19;

pub(super) fn is_placeholder(value: &str) -> bool {
    PLACEHOLDER_SECRETS
        .iter()
        .any(|p| p.eq_ignore_ascii_case(value.trim()))
}

pub(super) fn validate_secret_key(key: &Secret) -> Result<(), String> {
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

pub(super) fn validate_env_admin_token(token: &Secret) -> Result<(), String> {
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

pub(super) fn split_list(value: &str) -> impl Iterator<Item = String> + '_ {
    value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

pub(super) fn validate_origin(origin: &str) -> Result<(), ConfigError> {
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

pub(super) fn parse_net(value: &str) -> Result<IpNet, ConfigError> {
    value
        .parse::<IpNet>()
        .or_else(|_| value.parse::<std::net::IpAddr>().map(IpNet::from))
        .map_err(|_| {
            ConfigError::Invalid(format!(
                "TRUSTED_PROXIES entry {value:?} is not an IP or CIDR"
            ))
        })
}

/// `BACKUP_INTERVAL`: empty, `off` or `0` for none; `30s`, `90m`, `6h`, `1d`; a bare number is
/// minutes.
pub(super) fn parse_interval(value: &str) -> Result<Option<std::time::Duration>, ConfigError> {
    let value = value.trim().to_ascii_lowercase();
    if value.is_empty() || value == "off" || value == "0" {
        return Ok(None);
    }
    let invalid = || {
        ConfigError::Invalid(format!(
            "BACKUP_INTERVAL {value:?} must be a number of minutes or a duration such as 90m, 6h or 1d (or off)"
        ))
    };
    let split = value
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(value.len());
    let (number, unit) = value.split_at(split);
    let number: u64 = number.parse().map_err(|_| invalid())?;
    let seconds = match unit.trim() {
        "" | "m" | "min" => 60,
        "s" => 1,
        "h" => 3_600,
        "d" => 86_400,
        _ => return Err(invalid()),
    };
    match number.checked_mul(seconds) {
        Some(0) | None => Err(invalid()),
        Some(total) => Ok(Some(std::time::Duration::from_secs(total))),
    }
}

/// `BACKUP_DIR`, or `backups` beside the SQLite database (on the same volume in a container),
/// or `data/backups` on PostgreSQL.
fn backup_dir(configured: &str, database_url: &str) -> PathBuf {
    if !configured.trim().is_empty() {
        return PathBuf::from(configured.trim());
    }
    match crate::db::Backend::from_url(database_url) {
        crate::db::Backend::Sqlite(path) => path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("backups"), |d| d.join("backups")),
        crate::db::Backend::Postgres(_) => PathBuf::from("data/backups"),
    }
}
