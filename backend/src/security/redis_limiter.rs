//! Rate limits shared by every replica through Redis: the same GCRA as the in-memory limiter
//! (burst of `n`, one more every `period / n`), atomic in a Lua script using Redis's clock.

use std::time::Duration;

use redis::{aio::ConnectionManager, Script};

/// KEYS[1] = bucket; ARGV = emission interval (µs), burst, cost (cells this request takes:
/// 1 for a request, the sentence count for analysis). Returns 0 when allowed, else the wait in
/// µs. The stored value is the theoretical arrival time (µs).
const GCRA: &str = r"
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local interval = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local tat = tonumber(redis.call('GET', KEYS[1]) or now)
if tat < now then tat = now end
local new_tat = tat + interval * cost
local wait = new_tat - now - burst * interval
if wait > 0 then return wait end
redis.call('SET', KEYS[1], new_tat, 'PX', math.ceil((new_tat - now) / 1000) + 1)
return 0
";

#[derive(Clone)]
pub struct RedisLimiter {
    conn: ConnectionManager,
    prefix: String,
    script: Script,
}

/// A self-reconnecting connection with short time-outs: a Redis that stops answering must
/// turn into a quick 503 (or a fail-open check), never a request that hangs. The limiter and
/// the session store each hold one.
pub async fn connection(url: &str) -> redis::RedisResult<ConnectionManager> {
    let client = redis::Client::open(url)?;
    let config = redis::aio::ConnectionManagerConfig::new()
        .set_connection_timeout(Duration::from_secs(2))
        .set_response_timeout(Duration::from_secs(2))
        .set_number_of_retries(1);
    ConnectionManager::new_with_config(client, config).await
}

impl RedisLimiter {
    pub async fn connect(url: &str, prefix: &str) -> redis::RedisResult<Self> {
        Ok(Self {
            conn: connection(url).await?,
            prefix: prefix.to_owned(),
            script: Script::new(GCRA),
        })
    }

    fn key(&self, limiter: &str, key: &str) -> String {
        format!("{}:rl:{limiter}:{key}", self.prefix)
    }

    /// `Ok(None)` allowed, `Ok(Some(wait))` refused; the request takes `cost` cells.
    pub async fn check(
        &self,
        limiter: &str,
        key: &str,
        n: u32,
        period: Duration,
        cost: u32,
    ) -> redis::RedisResult<Option<Duration>> {
        let n = n.max(1);
        let interval = (period.as_micros() / u128::from(n)).max(1) as u64;
        let mut conn = self.conn.clone();
        let wait: u64 = self
            .script
            .key(self.key(limiter, key))
            .arg(interval)
            .arg(n)
            .arg(cost.max(1))
            .invoke_async(&mut conn)
            .await?;
        Ok((wait > 0).then(|| Duration::from_micros(wait)))
    }

    /// Marks `key` blocked for `wait` (failed sign-ins ran out).
    pub async fn block(&self, key: &str, wait: Duration) -> redis::RedisResult<()> {
        let mut conn = self.conn.clone();
        redis::cmd("SET")
            .arg(self.key("blocked", key))
            .arg(1)
            .arg("PX")
            .arg(wait.as_millis().max(1) as u64)
            .query_async(&mut conn)
            .await
    }

    /// How long `key` stays blocked, if it is.
    pub async fn blocked_for(&self, key: &str) -> redis::RedisResult<Option<Duration>> {
        let mut conn = self.conn.clone();
        let ms: i64 = redis::cmd("PTTL")
            .arg(self.key("blocked", key))
            .query_async(&mut conn)
            .await?;
        Ok((ms > 0).then(|| Duration::from_millis(ms as u64)))
    }

    /// Remembers for a day that a token (by digest) signed in successfully somewhere.
    pub async fn remember_good(&self, digest_hex: &str) -> redis::RedisResult<()> {
        let mut conn = self.conn.clone();
        redis::cmd("SET")
            .arg(self.key("good", digest_hex))
            .arg(1)
            .arg("EX")
            .arg(86_400)
            .query_async(&mut conn)
            .await
    }

    pub async fn is_known_good(&self, digest_hex: &str) -> redis::RedisResult<bool> {
        let mut conn = self.conn.clone();
        redis::cmd("EXISTS")
            .arg(self.key("good", digest_hex))
            .query_async(&mut conn)
            .await
    }

    pub async fn ping(&self) -> redis::RedisResult<()> {
        let mut conn = self.conn.clone();
        redis::cmd("PING")
            .query_async::<String>(&mut conn)
            .await
            .map(|_| ())
    }
}
