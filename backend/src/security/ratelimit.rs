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
    sync::Mutex,
    time::{Duration, Instant},
};

use actix_governor::governor::{
    clock::{Clock, DefaultClock},
    DefaultKeyedRateLimiter, Quota, RateLimiter,
};

use crate::{config::RateLimits, error::ApiError};

struct Keyed<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
    clock: DefaultClock,
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
        }
    }

    fn check(&self, key: &K) -> Result<(), Duration> {
        self.limiter
            .check_key(key)
            .map_err(|not_until| not_until.wait_time_from(self.clock.now()))
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
    login_failures: Keyed<String>,
    /// Clients whose failures ran out, and until when: checked before any token look-up.
    login_blocked: Mutex<HashMap<String, Instant>>,
    register: Keyed<String>,
    ip_hour: Keyed<String>,
    ip_day: Keyed<String>,
    token: Keyed<i64>,
    submissions: Keyed<i64>,
    similar: Keyed<i64>,
}

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(86_400);

impl Limiters {
    pub fn new(limits: &RateLimits) -> Self {
        Self {
            login_failures: Keyed::new(limits.login_failures_per_minute, MINUTE),
            login_blocked: Mutex::new(HashMap::new()),
            register: Keyed::new(limits.register_per_hour, HOUR),
            ip_hour: Keyed::new(limits.ip_per_hour, HOUR),
            ip_day: Keyed::new(limits.ip_per_day, DAY),
            token: Keyed::new(limits.token_per_hour, HOUR),
            submissions: Keyed::new(limits.submissions_per_hour, HOUR),
            similar: Keyed::new(limits.similar_per_minute, MINUTE),
        }
    }

    /// Refuses a client that has used up its failed sign-in attempts.
    pub fn check_login_allowed(&self, ip_key: &str) -> Result<(), ApiError> {
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
    pub fn record_login_failure(&self, ip_key: &str) -> Result<(), ApiError> {
        self.login_failures
            .check(&ip_key.to_owned())
            .map_err(|wait| {
                self.login_blocked
                    .lock()
                    .expect("limiter lock")
                    .insert(ip_key.to_owned(), Instant::now() + wait);
                retry_after(wait)
            })
    }

    pub fn check_register(&self, ip_key: &str) -> Result<(), ApiError> {
        self.register.check(&ip_key.to_owned()).map_err(retry_after)
    }

    /// Unauthenticated traffic: hourly and daily budgets per client address.
    pub fn check_anonymous(&self, ip_key: &str) -> Result<(), ApiError> {
        let key = ip_key.to_owned();
        self.ip_hour.check(&key).map_err(retry_after)?;
        self.ip_day.check(&key).map_err(retry_after)
    }

    /// Authenticated traffic is limited per token, so participants behind one NAT address do
    /// not share a budget.
    pub fn check_token(&self, token_id: i64) -> Result<(), ApiError> {
        self.token.check(&token_id).map_err(retry_after)
    }

    pub fn check_submission(&self, token_id: i64) -> Result<(), ApiError> {
        self.submissions.check(&token_id).map_err(retry_after)
    }

    pub fn check_similar(&self, token_id: i64) -> Result<(), ApiError> {
        self.similar.check(&token_id).map_err(retry_after)
    }

    pub fn prune(&self) {
        self.login_failures.prune();
        self.register.prune();
        self.ip_hour.prune();
        self.ip_day.prune();
        self.token.prune();
        self.submissions.prune();
        self.similar.prune();
        let now = Instant::now();
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
        }
    }

    #[test]
    fn failures_past_the_limit_block_even_a_correct_attempt() {
        let l = Limiters::new(&limits());
        for _ in 0..3 {
            l.check_login_allowed("1.2.3.4").unwrap();
            l.record_login_failure("1.2.3.4").unwrap();
        }
        assert!(matches!(
            l.record_login_failure("1.2.3.4"),
            Err(ApiError::RateLimited { .. })
        ));
        assert!(
            matches!(l.check_login_allowed("1.2.3.4"), Err(ApiError::RateLimited { retry_after }) if retry_after >= 1)
        );
        assert!(l.check_login_allowed("5.6.7.8").is_ok());
    }

    #[test]
    fn register_limit_is_per_key() {
        let l = Limiters::new(&limits());
        assert!(l.check_register("a").is_ok());
        assert!(l.check_register("a").is_ok());
        assert!(l.check_register("a").is_err());
        assert!(l.check_register("b").is_ok());
    }
}
