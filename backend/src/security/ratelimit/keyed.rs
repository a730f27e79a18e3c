//! One in-memory keyed rate limit: a GCRA bucket per key, `n` requests per period.

use std::{hash::Hash, num::NonZeroU32, time::Duration};

use actix_governor::governor::{
    clock::{Clock, DefaultClock},
    DefaultKeyedRateLimiter, Quota, RateLimiter,
};

pub(super) struct Keyed<K: Hash + Eq + Clone> {
    limiter: DefaultKeyedRateLimiter<K>,
    clock: DefaultClock,
    period: Duration,
}

impl<K: Hash + Eq + Clone> Keyed<K> {
    /// `n` requests per `period`, available as a burst and replenished evenly.
    pub(super) fn new(n: u32, period: Duration) -> Self {
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
    pub(super) fn check(&self, key: &K, cost: u32) -> Result<(), Duration> {
        let cost = NonZeroU32::new(cost).unwrap_or(NonZeroU32::MIN);
        match self.limiter.check_key_n(key, cost) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(not_until)) => Err(not_until.wait_time_from(self.clock.now())),
            Err(_) => Err(self.period),
        }
    }

    pub(super) fn prune(&self) {
        self.limiter.retain_recent();
        self.limiter.shrink_to_fit();
    }
}
