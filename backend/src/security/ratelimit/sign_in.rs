//! Limits on signing in and registering: failed sign-ins block an address, tokens known to be
//! good still get through, and sign-ins and registrations have budgets of their own.

use std::time::{Duration, Instant};

use super::limiters::{retry_after, Limiters, OnOutage, DAY, HOUR, MINUTE};
use crate::{domain::TokenId, error::ApiError};

impl Limiters {
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

    /// Successful sign-ins per token: each one makes a session, so a token holder cannot
    /// flood the session store (sessions per token are capped as well).
    pub async fn check_sign_in(&self, token_id: TokenId) -> Result<(), ApiError> {
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
}
