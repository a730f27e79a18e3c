//! Sessions in Redis, shared by replicas.

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;

use super::state::{signed_out, token_id, State, MAX_SESSIONS_PER_TOKEN};
use crate::security::{redis_limiter, tokens};

/// Sessions in Redis, shared by replicas. Keys hold only a hash of the session key, under our
/// namespace, in the layout actix-session's own Redis store used (so sessions survive the
/// upgrade). Each token also has an index of its sessions, so the number per token is capped.
#[derive(Clone)]
pub struct RedisSessionStore {
    conn: redis::aio::ConnectionManager,
    prefix: String,
    absolute_seconds: i64,
    save_script: redis::Script,
}

/// KEYS[1] session, KEYS[2] the token's index (or a dummy); ARGV body, ttl (s), now (ms),
/// cap, absolute lifetime (s), indexed (0/1). Saves, indexes, drops index entries older than
/// the absolute lifetime and ends the oldest sessions past the cap.
const REDIS_SAVE: &str = r"
local ok = redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', ARGV[2])
if not ok then return 0 end
if ARGV[6] == '1' then
  local now = tonumber(ARGV[3])
  redis.call('ZADD', KEYS[2], now, KEYS[1])
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[5]) * 1000)
  redis.call('EXPIRE', KEYS[2], ARGV[5])
  local n = redis.call('ZCARD', KEYS[2])
  local cap = tonumber(ARGV[4])
  if n > cap then
    for _, k in ipairs(redis.call('ZRANGE', KEYS[2], 0, n - cap - 1)) do redis.call('DEL', k) end
    redis.call('ZREMRANGEBYRANK', KEYS[2], 0, n - cap - 1)
  end
end
return 1
";

impl RedisSessionStore {
    fn session_key(&self, key: &str) -> String {
        format!("{}:session:{}", self.prefix, tokens::hash(key))
    }

    fn index_key(&self, token_id: crate::domain::TokenId) -> String {
        format!("{}:token-sessions:{token_id}", self.prefix)
    }
}

fn redis_err(e: redis::RedisError) -> anyhow::Error {
    anyhow::anyhow!("redis: {e}")
}

impl SessionStore for RedisSessionStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<State>, LoadError> {
        let mut conn = self.conn.clone();
        let value: Option<String> = redis::cmd("GET")
            .arg(self.session_key(key.as_ref()))
            .query_async(&mut conn)
            .await
            .map_err(|e| LoadError::Other(redis_err(e)))?;
        match value {
            None => Ok(None),
            Some(v) => serde_json::from_str(&v)
                .map(Some)
                .map_err(|e| LoadError::Deserialization(e.into())),
        }
    }

    async fn save(&self, state: State, ttl: &Duration) -> Result<SessionKey, SaveError> {
        let key = tokens::random_hex(32);
        let session_key =
            SessionKey::try_from(key.clone()).map_err(|e| SaveError::Other(e.into()))?;
        let body = serde_json::to_string(&state).map_err(|e| SaveError::Serialization(e.into()))?;
        let tid = token_id(&state);
        let mut conn = self.conn.clone();
        let saved: i64 = self
            .save_script
            .key(self.session_key(&key))
            .key(tid.map_or_else(|| format!("{}:unused", self.prefix), |t| self.index_key(t)))
            .arg(body)
            .arg(ttl.whole_seconds().max(1))
            .arg(chrono::Utc::now().timestamp_millis())
            .arg(MAX_SESSIONS_PER_TOKEN)
            .arg(self.absolute_seconds)
            .arg(if tid.is_some() { "1" } else { "0" })
            .invoke_async(&mut conn)
            .await
            .map_err(|e| SaveError::Other(redis_err(e)))?;
        if saved == 0 {
            return Err(SaveError::Other(anyhow::anyhow!("session key collision")));
        }
        Ok(session_key)
    }

    async fn update(
        &self,
        key: SessionKey,
        state: State,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        let body =
            serde_json::to_string(&state).map_err(|e| UpdateError::Serialization(e.into()))?;
        let mut conn = self.conn.clone();
        let updated: Option<String> = redis::cmd("SET")
            .arg(self.session_key(key.as_ref()))
            .arg(body)
            .arg("XX")
            .arg("EX")
            .arg(ttl.whole_seconds().max(1))
            .query_async(&mut conn)
            .await
            .map_err(|e| UpdateError::Other(redis_err(e)))?;
        if updated.is_none() {
            // Gone meanwhile (expired, or logged out by a concurrent request): signed out.
            return self
                .save(signed_out(state), ttl)
                .await
                .map_err(|e| UpdateError::Other(anyhow::anyhow!("{e}")));
        }
        Ok(key)
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &Duration) -> Result<(), anyhow::Error> {
        let mut conn = self.conn.clone();
        redis::cmd("EXPIRE")
            .arg(self.session_key(key.as_ref()))
            .arg(ttl.whole_seconds().max(1))
            .query_async::<i64>(&mut conn)
            .await
            .map_err(redis_err)?;
        Ok(())
    }

    async fn delete(&self, key: &SessionKey) -> Result<(), anyhow::Error> {
        let mut conn = self.conn.clone();
        redis::cmd("DEL")
            .arg(self.session_key(key.as_ref()))
            .query_async::<i64>(&mut conn)
            .await
            .map_err(redis_err)?;
        Ok(())
    }
}

/// Connects the Redis session store (an unreachable Redis at start is a configuration error).
pub async fn redis_store(
    url: &str,
    prefix: &str,
    absolute_hours: u32,
) -> anyhow::Result<RedisSessionStore> {
    Ok(RedisSessionStore {
        conn: redis_limiter::connection(url).await?,
        prefix: prefix.to_owned(),
        absolute_seconds: i64::from(absolute_hours) * 3600,
        save_script: redis::Script::new(REDIS_SAVE),
    })
}
