//! In-memory rate limiters (GCRA, from the `governor` engine that actix-governor wraps).
//!
//! They are built once per server, outside the per-worker factory, so every worker shares the
//! same counts, and a janitor prunes idle keys so spoofed addresses cannot grow memory without
//! bound. Failed logins are counted separately from traffic: a workshop where sixty people sign
//! in correctly from one address is never throttled, a guesser is.

use std::{
    collections::HashMap,
    hash::Hash,
    num::NonZeroU32,
    sync::{
        atomic::{AtomicU64, Ordering},
        Mutex,
    },
    time::{Duration, Instant},
};

use actix_governor::governor::{
    clock::{Clock, DefaultClock},
    DefaultKeyedRateLimiter, Quota, RateLimiter,
};

use super::redis_limiter::RedisLimiter;
use crate::{config::RateLimits, error::ApiError};

struct Keyed<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
    clock: DefaultClock,
    period: Duration,
}

impl<K: Hash + Eq + Clone> Keyed<K> {
    /// `n` requests per `period`, available as a burst and replenished evenly.
    fn new(n: u32, period: Duration) -> Self {
        let n = NonZeroU32::new(n).unwrap_or(NonZeroU32::MIN);
        let quota = Quota::with_period(period / n.get())
            .expect("non-zero period")
            .allow_burst(n);
        Self {
            limiter: RateLimiter::keyed(quota),
            clock: DefaultClock::default(),
            period,
        }
    }

    /// Takes `cost` cells; a cost above the whole burst can never pass and waits a full period.
    fn check(&self, key: &K, cost: u32) -> Result<(), Duration> {
        let cost = NonZeroU32::new(cost).unwrap_or(NonZeroU32::MIN);
        match self.limiter.check_key_n(key, cost) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(not_until)) => Err(not_until.wait_time_from(self.clock.now())),
            Err(_) => Err(self.period),
        }
    }

    fn prune(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}

fn retry_after(wait: Duration) -> ApiError {
    // Whole seconds, rounded up, never zero: `Retry-After: 0` would invite a retry storm.
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    ApiError::RateLimited {
        retry_after: seconds.max(1),
    }
}

pub struct Limiters {
    limits: RateLimits,
    /// With REDIS_URL: every replica shares these counts; the in-memory ones are unused.
    redis: Option<RedisLimiter>,
    /// Checks let through because Redis did not answer (reads fail open).
    pub redis_fail_open: AtomicU64,
    login_failures: Keyed<String>,
    /// Clients whose failures ran out, and until when: checked before any token look-up.
    login_blocked: Mutex<HashMap<String, Instant>>,
    /// Digests (hex) of tokens that signed in successfully in the last day, and until when
    /// they are remembered: let through while their address is blocked (see
    /// [`Limiters::check_login_allowed`]).
    known_good: Mutex<HashMap<String, Instant>>,
    register: Keyed<String>,
    ip_hour: Keyed<String>,
    ip_day: Keyed<String>,
    token: Keyed<i64>,
    sign_ins: Keyed<i64>,
    submissions: Keyed<i64>,
    similar: Keyed<i64>,
    analysis_token: Keyed<i64>,
    analysis_ip: Keyed<String>,
}

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(86_400);

/// What to do when Redis cannot answer: sign-in and registration fail closed (a 503 the client
/// retries), everything else fails open with a log line and a metric.
#[derive(Clone, Copy, PartialEq)]
enum OnOutage {
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
            analysis_token: Keyed::new(limits.analysis_sentences_per_hour, HOUR),
            analysis_ip: Keyed::new(limits.analysis_sentences_per_hour_per_ip, HOUR),
        }
    }

    pub fn redis(&self) -> Option<&RedisLimiter> {
        self.redis.as_ref()
    }

    /// One shared check: Redis when configured, else the in-memory bucket.
    async fn check<K: Hash + Eq + Clone + ToString>(
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
    async fn check_n<K: Hash + Eq + Clone + ToString>(
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

    fn outage(&self, name: &str, outage: OnOutage, err: redis::RedisError) -> Result<(), ApiError> {
        if outage == OnOutage::Closed {
            log::error!("rate limiter {name}: Redis unavailable ({err}); refusing (fail closed)");
            Err(ApiError::Busy)
        } else {
            log::warn!("rate limiter {name}: Redis unavailable ({err}); allowing (fail open)");
            self.redis_fail_open.fetch_add(1, Ordering::Relaxed);
            Ok(())
        }
    }

    /// Remembers that a token (by the hex of its SHA-256) just authenticated successfully.
    pub async fn remember_good(&self, digest_hex: &str) {
        if let Some(redis) = &self.redis {
            if let Err(err) = redis.remember_good(digest_hex).await {
                log::warn!("could not remember a good token in Redis: {err}");
            }
            return;
        }
        self.known_good
            .lock()
            .expect("limiter lock")
            .insert(digest_hex.to_owned(), Instant::now() + DAY);
    }

    /// Whether a token authenticated successfully in the last day. Only a digest look-up in
    /// memory or Redis: the database is never asked about a presented token while its
    /// address is blocked.
    pub async fn is_known_good(&self, digest_hex: &str) -> bool {
        if let Some(redis) = &self.redis {
            return redis.is_known_good(digest_hex).await.unwrap_or(false);
        }
        self.known_good
            .lock()
            .expect("limiter lock")
            .get(digest_hex)
            .is_some_and(|until| *until > Instant::now())
    }

    /// Refuses a client that has used up its failed sign-in attempts.
    pub async fn check_login_allowed(&self, ip_key: &str) -> Result<(), ApiError> {
        if let Some(redis) = &self.redis {
            return match redis.blocked_for(ip_key).await {
                Ok(Some(wait)) => Err(retry_after(wait)),
                Ok(None) => Ok(()),
                Err(err) => self.outage("login_blocked", OnOutage::Closed, err),
            };
        }
        let mut blocked = self.login_blocked.lock().expect("limiter lock");
        match blocked.get(ip_key) {
            Some(until) if *until > Instant::now() => Err(retry_after(*until - Instant::now())),
            Some(_) => {
                blocked.remove(ip_key);
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Counts a failed sign-in; past the limit the client is blocked until the bucket refills.
    pub async fn record_login_failure(&self, ip_key: &str) -> Result<(), ApiError> {
        let key = ip_key.to_owned();
        let n = self.limits.login_failures_per_minute;
        match self
            .check(
                "login_failures",
                &self.login_failures,
                &key,
                n,
                MINUTE,
                OnOutage::Closed,
            )
            .await
        {
            Err(ApiError::RateLimited { retry_after: secs }) => {
                let wait = Duration::from_secs(secs);
                match &self.redis {
                    Some(redis) => {
                        if let Err(err) = redis.block(ip_key, wait).await {
                            log::error!("could not record a sign-in block in Redis: {err}");
                        }
                    }
                    None => {
                        self.login_blocked
                            .lock()
                            .expect("limiter lock")
                            .insert(key, Instant::now() + wait);
                    }
                }
                Err(ApiError::RateLimited { retry_after: secs })
            }
            other => other,
        }
    }

    pub async fn check_register(&self, ip_key: &str) -> Result<(), ApiError> {
        let n = self.limits.register_per_hour;
        self.check(
            "register",
            &self.register,
            &ip_key.to_owned(),
            n,
            HOUR,
            OnOutage::Closed,
        )
        .await
    }

    /// Unauthenticated traffic: hourly and daily budgets per client address.
    pub async fn check_anonymous(&self, ip_key: &str) -> Result<(), ApiError> {
        let key = ip_key.to_owned();
        self.check(
            "ip_hour",
            &self.ip_hour,
            &key,
            self.limits.ip_per_hour,
            HOUR,
            OnOutage::Open,
        )
        .await?;
        self.check(
            "ip_day",
            &self.ip_day,
            &key,
            self.limits.ip_per_day,
            DAY,
            OnOutage::Open,
        )
        .await
    }

    /// Authenticated traffic is limited per token, so participants behind one NAT address do
    /// not share a budget.
    pub async fn check_token(&self, token_id: i64) -> Result<(), ApiError> {
        self.check(
            "token",
            &self.token,
            &token_id,
            self.limits.token_per_hour,
            HOUR,
            OnOutage::Open,
        )
        .await
    }

    /// Successful sign-ins per token: each one makes a session, so a token holder cannot
    /// flood the session store (sessions per token are capped as well).
    pub async fn check_sign_in(&self, token_id: i64) -> Result<(), ApiError> {
        let n = self.limits.sign_ins_per_minute;
        self.check(
            "sign_ins",
            &self.sign_ins,
            &token_id,
            n,
            MINUTE,
            OnOutage::Closed,
        )
        .await
    }

    /// Model work (classify, similar) is charged by the sentences it embeds, per token and
    /// per client address, so one caller cannot keep the cores busy with long texts.
    pub async fn check_analysis(
        &self,
        token_id: i64,
        ip_key: &str,
        sentences: u32,
    ) -> Result<(), ApiError> {
        let l = &self.limits;
        self.check_n(
            "analysis_token",
            &self.analysis_token,
            &token_id,
            (l.analysis_sentences_per_hour, HOUR),
            sentences,
            OnOutage::Open,
        )
        .await?;
        self.check_n(
            "analysis_ip",
            &self.analysis_ip,
            &ip_key.to_owned(),
            (l.analysis_sentences_per_hour_per_ip, HOUR),
            sentences,
            OnOutage::Open,
        )
        .await
    }

    pub async fn check_submission(&self, token_id: i64) -> Result<(), ApiError> {
        let n = self.limits.submissions_per_hour;
        self.check(
            "submissions",
            &self.submissions,
            &token_id,
            n,
            HOUR,
            OnOutage::Open,
        )
        .await
    }

    pub async fn check_similar(&self, token_id: i64) -> Result<(), ApiError> {
        let n = self.limits.similar_per_minute;
        self.check(
            "similar",
            &self.similar,
            &token_id,
            n,
            MINUTE,
            OnOutage::Open,
        )
        .await
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

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> RateLimits {
        RateLimits {
            login_failures_per_minute: 3,
            register_per_hour: 2,
            ip_per_hour: 50,
            ip_per_day: 200,
            token_per_hour: 100,
            submissions_per_hour: 10,
            similar_per_minute: 10,
            sign_ins_per_minute: 2,
            analysis_sentences_per_hour: 100,
            analysis_sentences_per_hour_per_ip: 150,
        }
    }

    #[actix_web::test]
    async fn analysis_is_charged_by_sentences_per_token_and_per_address() {
        let l = Limiters::new(&limits());
        assert!(l.check_analysis(1, "a", 60).await.is_ok());
        // 60 + 60 > 100 for token 1; token 2 from the same address still fits (120 ≤ 150).
        assert!(l.check_analysis(1, "a", 60).await.is_err());
        assert!(l.check_analysis(2, "a", 60).await.is_ok());
        // The address has now spent 120 of 150.
        assert!(l.check_analysis(3, "a", 60).await.is_err());
        assert!(l.check_analysis(4, "b", 60).await.is_ok());
    }

    #[actix_web::test]
    async fn a_known_good_token_is_remembered_by_digest() {
        let l = Limiters::new(&limits());
        assert!(!l.is_known_good("ab").await);
        l.remember_good("ab").await;
        assert!(l.is_known_good("ab").await);
        assert!(!l.is_known_good("cd").await);
    }

    #[actix_web::test]
    async fn failures_past_the_limit_block_even_a_correct_attempt() {
        let l = Limiters::new(&limits());
        for _ in 0..3 {
            l.check_login_allowed("1.2.3.4").await.unwrap();
            l.record_login_failure("1.2.3.4").await.unwrap();
        }
        assert!(matches!(
            l.record_login_failure("1.2.3.4").await,
            Err(ApiError::RateLimited { .. })
        ));
        assert!(matches!(
            l.check_login_allowed("1.2.3.4").await,
            Err(ApiError::RateLimited { retry_after }) if retry_after >= 1
        ));
        assert!(l.check_login_allowed("5.6.7.8").await.is_ok());
    }

    #[actix_web::test]
    async fn register_limit_is_per_key() {
        let l = Limiters::new(&limits());
        assert!(l.check_register("a").await.is_ok());
        assert!(l.check_register("a").await.is_ok());
        assert!(l.check_register("a").await.is_err());
        assert!(l.check_register("b").await.is_ok());
    }
}
