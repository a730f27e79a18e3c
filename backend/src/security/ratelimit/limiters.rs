//! The server's rate limiters: one budget per kind of request, checked in memory or, with
//! Redis, shared by every replica; and what happens when Redis cannot answer.

use std::{
    collections::HashMap,
    hash::Hash,
    sync::{
        atomic::{AtomicU64, Ordering},
        Mutex,
    },
    time::{Duration, Instant},
};

use super::keyed::Keyed;
use crate::security::redis_limiter::RedisLimiter;
use crate::{config::RateLimits, domain::TokenId, error::ApiError};

pub(super) fn retry_after(wait: Duration) -> ApiError {
    // Whole seconds, rounded up, never zero: `Retry-After: 0` would invite a retry storm.
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    ApiError::RateLimited {
        retry_after: seconds.max(1),
    }
}

pub struct Limiters {
    pub(super) limits: RateLimits,
    /// With REDIS_URL: every replica shares these counts; the in-memory ones are unused.
    pub(super) redis: Option<RedisLimiter>,
    /// Checks let through because Redis did not answer (reads fail open).
    pub redis_fail_open: AtomicU64,
    pub(super) login_failures: Keyed<String>,
    /// Clients whose failures ran out, and until when: checked before any token look-up.
    pub(super) login_blocked: Mutex<HashMap<String, Instant>>,
    /// Digests (hex) of tokens that signed in successfully in the last day, and until when
    /// they are remembered: let through while their address is blocked (see
    /// [`Limiters::check_login_allowed`]).
    pub(super) known_good: Mutex<HashMap<String, Instant>>,
    pub(super) register: Keyed<String>,
    pub(super) ip_hour: Keyed<String>,
    pub(super) ip_day: Keyed<String>,
    pub(super) token: Keyed<TokenId>,
    pub(super) sign_ins: Keyed<TokenId>,
    pub(super) submissions: Keyed<TokenId>,
    pub(super) similar: Keyed<TokenId>,
    pub(super) reports: Keyed<TokenId>,
    pub(super) supports: Keyed<TokenId>,
    pub(super) analysis_token: Keyed<TokenId>,
    pub(super) analysis_ip: Keyed<String>,
}

pub(super) const MINUTE: Duration = Duration::from_secs(60);
pub(super) const HOUR: Duration = Duration::from_secs(3600);
pub(super) const DAY: Duration = Duration::from_secs(86_400);

/// What to do when Redis cannot answer: sign-in and registration fail closed (a 503 the client
/// retries), everything else fails open with a log line and a metric.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum OnOutage {
    Closed,
    Open,
}

impl Limiters {
    pub fn new(limits: &RateLimits) -> Self {
        Self::with_redis(limits, None)
    }

    pub fn with_redis(limits: &RateLimits, redis: Option<RedisLimiter>) -> Self {
        Self {
            limits: *limits,
            redis,
            redis_fail_open: AtomicU64::new(0),
            login_failures: Keyed::new(limits.login_failures_per_minute, MINUTE),
            login_blocked: Mutex::new(HashMap::new()),
            known_good: Mutex::new(HashMap::new()),
            register: Keyed::new(limits.register_per_hour, HOUR),
            ip_hour: Keyed::new(limits.ip_per_hour, HOUR),
            ip_day: Keyed::new(limits.ip_per_day, DAY),
            token: Keyed::new(limits.token_per_hour, HOUR),
            sign_ins: Keyed::new(limits.sign_ins_per_minute, MINUTE),
            submissions: Keyed::new(limits.submissions_per_hour, HOUR),
            similar: Keyed::new(limits.similar_per_minute, MINUTE),
            reports: Keyed::new(limits.reports_per_hour, HOUR),
            supports: Keyed::new(limits.supports_per_hour, HOUR),
            analysis_token: Keyed::new(limits.analysis_sentences_per_hour, HOUR),
            analysis_ip: Keyed::new(limits.analysis_sentences_per_hour_per_ip, HOUR),
        }
    }

    pub fn redis(&self) -> Option<&RedisLimiter> {
        self.redis.as_ref()
    }

    /// One shared check: Redis when configured, else the in-memory bucket.
    pub(super) async fn check<K: Hash + Eq + Clone + ToString>(
        &self,
        name: &str,
        local: &Keyed<K>,
        key: &K,
        n: u32,
        period: Duration,
        outage: OnOutage,
    ) -> Result<(), ApiError> {
        self.check_n(name, local, key, (n, period), 1, outage).await
    }

    /// [`Self::check`] for a request that costs `cost` units (sentences) of a budget of `n`
    /// per `period`.
    pub(super) async fn check_n<K: Hash + Eq + Clone + ToString>(
        &self,
        name: &str,
        local: &Keyed<K>,
        key: &K,
        (n, period): (u32, Duration),
        cost: u32,
        outage: OnOutage,
    ) -> Result<(), ApiError> {
        let Some(redis) = &self.redis else {
            return local.check(key, cost).map_err(retry_after);
        };
        // A cost above the whole budget is refused there, as in memory.
        match redis.check(name, &key.to_string(), n, period, cost).await {
            Ok(None) => Ok(()),
            Ok(Some(wait)) => Err(retry_after(wait)),
            Err(err) => self.outage(name, outage, err),
        }
    }

    pub(super) fn outage(
        &self,
        name: &str,
        outage: OnOutage,
        err: redis::RedisError,
    ) -> Result<(), ApiError> {
        if outage == OnOutage::Closed {
            log::error!("rate limiter {name}: Redis unavailable ({err}); refusing (fail closed)");
            Err(ApiError::Busy)
        } else {
            log::warn!("rate limiter {name}: Redis unavailable ({err}); allowing (fail open)");
            self.redis_fail_open.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
    }

    pub fn prune(&self) {
        self.login_failures.prune();
        self.register.prune();
        self.ip_hour.prune();
        self.ip_day.prune();
        self.token.prune();
        self.sign_ins.prune();
        self.submissions.prune();
        self.similar.prune();
        self.reports.prune();
        self.analysis_token.prune();
        self.analysis_ip.prune();
        let now = Instant::now();
        self.known_good
            .lock()
            .expect("limiter lock")
            .retain(|_, until| *until > now);
        self.login_blocked
            .lock()
            .expect("limiter lock")
            .retain(|_, until| *until > now);
    }
}
