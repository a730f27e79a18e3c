//! The session state as the stores see it, and the rules every store applies to it.

use std::collections::HashMap;

use actix_web::cookie::time::Duration;
use chrono::NaiveDateTime;

use crate::{
    auth::session::{AUTH_KEYS, PENDING_KEYS, TOKEN_ID_KEY},
    db,
};

/// Live browser sessions one token may hold; a new sign-in past this ends the oldest, so a
/// token holder cannot fill the store.
pub const MAX_SESSIONS_PER_TOKEN: i64 = 20;

/// The state to save when an update finds its session gone (expired, or logged out by a
/// concurrent request): whatever the request changed, but never signed in, so a request in
/// flight cannot undo a logout.
pub(super) fn signed_out(mut state: State) -> State {
    for key in AUTH_KEYS.into_iter().chain(PENDING_KEYS) {
        state.remove(key);
    }
    state
}

pub(super) type State = HashMap<String, String>;

pub(super) fn token_id(state: &State) -> Option<crate::domain::TokenId> {
    state
        .get(TOKEN_ID_KEY)
        .and_then(|v| serde_json::from_str(v).ok())
}

pub(super) fn expiry(ttl: &Duration) -> NaiveDateTime {
    db::now() + chrono::Duration::seconds(ttl.whole_seconds().max(1))
}

#[cfg(test)]
mod tests {
    use super::super::DbSessionStore;
    use super::*;
    use crate::{
        auth::session::{BINDING_KEY, CREATED_KEY, SEEN_KEY},
        db::Db,
    };
    use actix_session::storage::{SessionKey, SessionStore};

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
