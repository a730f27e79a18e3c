//! The store actix-session sees: whichever one this installation uses.

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;

use super::state::State;
use super::{db_store::DbSessionStore, redis_store::RedisSessionStore};
use crate::{auth::store_health::mark_store_failed, security::tokens};

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
