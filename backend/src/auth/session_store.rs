//! actix-session storage in our own database, so sessions are server-side: logout, revocation
//! and expiry take effect on the next request. Only a SHA-256 of the session key is stored.

use std::collections::HashMap;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;
use chrono::NaiveDateTime;

use crate::{
    db::{self, sessions, Db},
    security::{headers::mark_store_failed, redis_limiter, tokens},
};

/// Session state key holding the signed-in token's row id.
pub const TOKEN_ID_KEY: &str = "tid";
/// Session state key holding the sign-in time (unix seconds), for the absolute lifetime.
pub const CREATED_KEY: &str = "created";
/// Session state key holding the last time we saw the session (unix seconds), for idle expiry.
pub const SEEN_KEY: &str = "seen";
/// Session state key binding the session to its token beyond the row id (see [`binding`]).
pub const BINDING_KEY: &str = "tb";
/// Keys that make a session signed in; never carried into a session made up after the
/// original one disappeared.
const AUTH_KEYS: [&str; 4] = [TOKEN_ID_KEY, CREATED_KEY, SEEN_KEY, BINDING_KEY];

/// Live browser sessions one token may hold; a new sign-in past this ends the oldest, so a
/// token holder cannot fill the store.
pub const MAX_SESSIONS_PER_TOKEN: i64 = 20;

/// A piece of the token's digest, stored in the session and compared on every request: a row
/// id alone could come to name another token after a restore or a forced migration.
pub fn binding(row: &crate::db::tokens::TokenRow) -> String {
    row.token_hash.chars().take(16).collect()
}

/// The state to save when an update finds its session gone (expired, or logged out by a
/// concurrent request): whatever the request changed, but never signed in, so a request in
/// flight cannot undo a logout.
fn signed_out(mut state: State) -> State {
    for key in AUTH_KEYS {
        state.remove(key);
    }
    state
}

#[derive(Clone)]
pub struct DbSessionStore {
    db: Db,
    absolute: chrono::Duration,
}

impl DbSessionStore {
    pub fn new(db: Db, absolute_hours: u32) -> Self {
        Self {
            db,
            absolute: chrono::Duration::hours(i64::from(absolute_hours)),
        }
    }
}

type State = HashMap<String, String>;

fn token_id(state: &State) -> Option<i64> {
    state
        .get(TOKEN_ID_KEY)
        .and_then(|v| serde_json::from_str(v).ok())
}

fn expiry(ttl: &Duration) -> NaiveDateTime {
    db::now() + chrono::Duration::seconds(ttl.whole_seconds().max(1))
}

impl SessionStore for DbSessionStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<State>, LoadError> {
        let key_hash = tokens::hash(key.as_ref());
        let absolute = self.absolute;
        let row = self
            .db
            .read(move |conn| Ok(sessions::load_live(conn, &key_hash, db::now())?))
            .await
            .map_err(|e| LoadError::Other(anyhow::anyhow!("{e}")))?;
        match row {
            Some(row) if row.created_at + absolute > db::now() => serde_json::from_str(&row.state)
                .map(Some)
                .map_err(|e| LoadError::Deserialization(e.into())),
            _ => Ok(None),
        }
    }

    async fn save(&self, state: State, ttl: &Duration) -> Result<SessionKey, SaveError> {
        let key = tokens::random_hex(32);
        let session_key =
            SessionKey::try_from(key.clone()).map_err(|e| SaveError::Other(e.into()))?;
        let body = serde_json::to_string(&state).map_err(|e| SaveError::Serialization(e.into()))?;
        let expires_at = expiry(ttl);
        self.db
            .write(move |conn| {
                let now = db::now();
                let token_id = token_id(&state);
                sessions::insert(
                    conn,
                    &sessions::NewSession {
                        key_hash: &tokens::hash(&key),
                        token_id,
                        state: &body,
                        created_at: now,
                        expires_at,
                    },
                )?;
                if let Some(token_id) = token_id {
                    sessions::keep_newest_for_token(conn, token_id, MAX_SESSIONS_PER_TOKEN)?;
                }
                Ok(())
            })
            .await
            .map_err(|e| SaveError::Other(anyhow::anyhow!("{e}")))?;
        Ok(session_key)
    }

    async fn update(
        &self,
        key: SessionKey,
        state: State,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        let key_hash = tokens::hash(key.as_ref());
        let body =
            serde_json::to_string(&state).map_err(|e| UpdateError::Serialization(e.into()))?;
        let expires_at = expiry(ttl);
        let tid = token_id(&state);
        let updated = self
            .db
            .write(move |conn| Ok(sessions::update(conn, &key_hash, tid, &body, expires_at)?))
            .await
            .map_err(|e| UpdateError::Other(anyhow::anyhow!("{e}")))?;
        if updated == 0 {
            // The row expired or was deleted meanwhile (a logout by a concurrent request): the
            // request's other state goes under a fresh key, signed out.
            return self
                .save(signed_out(state), ttl)
                .await
                .map_err(|e| UpdateError::Other(anyhow::anyhow!("{e}")));
        }
        Ok(key)
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &Duration) -> Result<(), anyhow::Error> {
        let key_hash = tokens::hash(key.as_ref());
        let expires_at = expiry(ttl);
        self.db
            .write(move |conn| Ok(sessions::extend(conn, &key_hash, expires_at)?))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(())
    }

    async fn delete(&self, key: &SessionKey) -> Result<(), anyhow::Error> {
        let key_hash = tokens::hash(key.as_ref());
        self.db
            .write(move |conn| Ok(sessions::delete(conn, &key_hash)?))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(())
    }
}

/// The session store in use: our database (one server) or Redis (replicas share sessions, so
/// a login on one works on all and logout anywhere ends it everywhere).
#[derive(Clone)]
pub enum AnyStore {
    Db(DbSessionStore),
    Redis(RedisSessionStore),
}

/// The store actix-session sees. Its failures never become actix-session's opaque 500: a
/// failed load or save marks the request (see [`mark_store_failed`]) and the request is
/// answered 503 + Retry-After; a failed refresh of an existing session (the idle clock, written
/// at most once a minute) only costs that refresh, so the request's own result stands.
impl SessionStore for AnyStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<State>, LoadError> {
        let loaded = match self {
            AnyStore::Db(s) => s.load(key).await,
            AnyStore::Redis(s) => s.load(key).await,
        };
        match loaded {
            Err(LoadError::Other(err)) => {
                log::warn!("session store: load failed: {err}");
                mark_store_failed();
                Ok(None)
            }
            other => other,
        }
    }

    async fn save(&self, state: State, ttl: &Duration) -> Result<SessionKey, SaveError> {
        let saved = match self {
            AnyStore::Db(s) => s.save(state, ttl).await,
            AnyStore::Redis(s) => s.save(state, ttl).await,
        };
        match saved {
            Err(SaveError::Other(err)) => {
                log::warn!("session store: save failed: {err}");
                mark_store_failed();
                // A key that names nothing; the response carrying it is replaced by a 503.
                SessionKey::try_from(tokens::random_hex(32)).map_err(|e| SaveError::Other(e.into()))
            }
            other => other,
        }
    }

    async fn update(
        &self,
        key: SessionKey,
        state: State,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        let fallback = SessionKey::try_from(key.as_ref().to_owned())
            .map_err(|e| UpdateError::Other(e.into()))?;
        let updated = match self {
            AnyStore::Db(s) => s.update(key, state, ttl).await,
            AnyStore::Redis(s) => s.update(key, state, ttl).await,
        };
        match updated {
            Err(UpdateError::Other(err)) => {
                log::warn!("session store: refresh failed: {err}");
                Ok(fallback)
            }
            other => other,
        }
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &Duration) -> Result<(), anyhow::Error> {
        let extended = match self {
            AnyStore::Db(s) => s.update_ttl(key, ttl).await,
            AnyStore::Redis(s) => s.update_ttl(key, ttl).await,
        };
        if let Err(err) = extended {
            log::warn!("session store: refresh failed: {err}");
        }
        Ok(())
    }

    async fn delete(&self, key: &SessionKey) -> Result<(), anyhow::Error> {
        let deleted = match self {
            AnyStore::Db(s) => s.delete(key).await,
            AnyStore::Redis(s) => s.delete(key).await,
        };
        if let Err(err) = deleted {
            // The logout (or renewal) did not happen: say so, so the client retries.
            log::warn!("session store: delete failed: {err}");
            mark_store_failed();
        }
        Ok(())
    }
}

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

    fn index_key(&self, token_id: i64) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_revived_after_logout_is_signed_out() {
        let state: State = [
            (TOKEN_ID_KEY, "7"),
            (CREATED_KEY, "1"),
            (SEEN_KEY, "2"),
            (BINDING_KEY, "\"abcd\""),
            ("locale", "\"es\""),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let out = signed_out(state);
        assert_eq!(out.len(), 1);
        assert!(out.contains_key("locale") && token_id(&out).is_none());
    }

    /// A request in flight that writes its session after another request logged it out gets
    /// a fresh session that is not signed in.
    #[actix_web::test]
    async fn an_update_after_delete_saves_no_token() {
        let dir = tempfile::tempdir().unwrap();
        let db = Db::open(&dir.path().join("s.db").to_string_lossy(), 2, 5_000).unwrap();
        let store = DbSessionStore::new(db.clone(), 24);
        let ttl = Duration::minutes(10);
        let signed_in: State = [(TOKEN_ID_KEY, "7"), (CREATED_KEY, "1"), (SEEN_KEY, "2")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        // (Saved first without a token: the sessions table refers to real token rows.)
        let anonymous: State = [("locale".to_owned(), "\"en\"".to_owned())].into();
        let key = store.save(anonymous, &ttl).await.unwrap();
        let stale = SessionKey::try_from(key.as_ref().to_owned()).unwrap();
        store.delete(&key).await.unwrap();
        let fresh = store.update(stale, signed_in, &ttl).await.unwrap();
        let state = store.load(&fresh).await.unwrap().expect("a new session");
        assert!(!state.contains_key(TOKEN_ID_KEY) && !state.contains_key(CREATED_KEY));
    }
}
