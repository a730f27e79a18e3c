//! actix-session storage in our own database, so sessions are server-side: logout, revocation
//! and expiry take effect on the next request. Only a SHA-256 of the session key is stored.

use std::collections::HashMap;

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;
use chrono::NaiveDateTime;

use crate::{
    db::{self, sessions, Db},
    security::tokens,
};

/// Session state key holding the signed-in token's row id.
pub const TOKEN_ID_KEY: &str = "tid";
/// Session state key holding the sign-in time (unix seconds), for the absolute lifetime.
pub const CREATED_KEY: &str = "created";
/// Session state key holding the last time we saw the session (unix seconds), for idle expiry.
pub const SEEN_KEY: &str = "seen";

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
                sessions::insert(
                    conn,
                    &sessions::NewSession {
                        key_hash: &tokens::hash(&key),
                        token_id: token_id(&state),
                        state: &body,
                        created_at: now,
                        expires_at,
                    },
                )?;
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
            // The row expired or was deleted meanwhile: this request's state (which already passed
            // the gate) goes under a fresh key rather than reviving the old one.
            return self
                .save(state, ttl)
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
    Redis(actix_session::storage::RedisSessionStore),
}

impl SessionStore for AnyStore {
    async fn load(&self, key: &SessionKey) -> Result<Option<State>, LoadError> {
        match self {
            AnyStore::Db(s) => s.load(key).await,
            AnyStore::Redis(s) => s.load(key).await,
        }
    }

    async fn save(&self, state: State, ttl: &Duration) -> Result<SessionKey, SaveError> {
        match self {
            AnyStore::Db(s) => s.save(state, ttl).await,
            AnyStore::Redis(s) => s.save(state, ttl).await,
        }
    }

    async fn update(
        &self,
        key: SessionKey,
        state: State,
        ttl: &Duration,
    ) -> Result<SessionKey, UpdateError> {
        match self {
            AnyStore::Db(s) => s.update(key, state, ttl).await,
            AnyStore::Redis(s) => s.update(key, state, ttl).await,
        }
    }

    async fn update_ttl(&self, key: &SessionKey, ttl: &Duration) -> Result<(), anyhow::Error> {
        match self {
            AnyStore::Db(s) => s.update_ttl(key, ttl).await,
            AnyStore::Redis(s) => s.update_ttl(key, ttl).await,
        }
    }

    async fn delete(&self, key: &SessionKey) -> Result<(), anyhow::Error> {
        match self {
            AnyStore::Db(s) => s.delete(key).await,
            AnyStore::Redis(s) => s.delete(key).await,
        }
    }
}

/// Redis keys for sessions: only a hash of the session key, under our namespace.
pub async fn redis_store(
    url: &str,
    prefix: &str,
) -> anyhow::Result<actix_session::storage::RedisSessionStore> {
    let prefix = format!("{prefix}:session:");
    actix_session::storage::RedisSessionStore::builder(url)
        .cache_keygen(move |key| format!("{prefix}{}", tokens::hash(key)))
        .build()
        .await
}
