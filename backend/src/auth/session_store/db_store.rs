//! Sessions in our own database (the single-server default).

use actix_session::storage::{LoadError, SaveError, SessionKey, SessionStore, UpdateError};
use actix_web::cookie::time::Duration;

use super::state::{expiry, signed_out, token_id, State, MAX_SESSIONS_PER_TOKEN};
use crate::{
    db::{self, sessions, Db},
    security::tokens,
};

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
