//! What a signed-in browser session holds, written at sign-in and read by the gate on every
//! request: one place for the keys and the lifetime rules (zero2prod's `TypedSession`).

use actix_session::Session;

use crate::{db::tokens::TokenRow, domain::TokenId, error::ApiError};

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
pub const AUTH_KEYS: [&str; 4] = [TOKEN_ID_KEY, CREATED_KEY, SEEN_KEY, BINDING_KEY];
/// Keys of a sign-in that waits for its second factor: the token row id, when its first
/// factor was accepted, and its binding. They grant nothing (the gate reads only
/// [`TOKEN_ID_KEY`]); `POST /auth/second-factor` turns them into a signed-in session.
pub const PENDING_KEYS: [&str; 3] = ["p2f_tid", "p2f_at", "p2f_tb"];
/// Seconds a sign-in waits for its second factor.
pub const PENDING_SECONDS: i64 = 300;

/// A piece of the token's digest, stored in the session and compared on every request: a row
/// id alone could come to name another token after a restore or a forced migration.
pub fn binding(row: &TokenRow) -> String {
    row.token_hash.chars().take(16).collect()
}

/// How long sessions live: `absolute` seconds after sign-in, `idle` seconds after last use.
#[derive(Debug, Clone, Copy)]
pub struct Lifetimes {
    pub absolute: i64,
    pub idle: i64,
}

/// A session as the gate finds it.
pub struct SignedInSession {
    pub token_id: TokenId,
    binding: Option<String>,
    seen: i64,
}

impl SignedInSession {
    /// Whether the session still names `row` (and not another token that took its id).
    pub fn is_bound_to(&self, row: &TokenRow) -> bool {
        self.binding.as_deref() == Some(&*binding(row))
    }
}

/// Signs `session` in as `row`'s token, under a fresh session id: a planted cookie never
/// becomes authenticated.
pub fn sign_in(session: &Session, row: &TokenRow) -> Result<(), ApiError> {
    session.renew();
    for key in PENDING_KEYS {
        session.remove(key);
    }
    let now = chrono::Utc::now().timestamp();
    let insert = |k: &str, v: i64| session.insert(k, v).map_err(ApiError::internal);
    insert(TOKEN_ID_KEY, row.id.into())?;
    insert(CREATED_KEY, now)?;
    insert(SEEN_KEY, now)?;
    session
        .insert(BINDING_KEY, binding(row))
        .map_err(ApiError::internal)
}

/// The signed-in session, if it is one and has outlived neither lifetime. An expired session
/// is ended here.
pub fn current(session: &Session, lifetimes: Lifetimes) -> Option<SignedInSession> {
    let read = |key: &str| session.get::<i64>(key).ok().flatten();
    let token_id = read(TOKEN_ID_KEY).map(TokenId)?;
    let now = chrono::Utc::now().timestamp();
    let created = read(CREATED_KEY).unwrap_or(0);
    let seen = read(SEEN_KEY).unwrap_or(0);
    if now - created > lifetimes.absolute || now - seen > lifetimes.idle {
        session.purge();
        return None;
    }
    Some(SignedInSession {
        token_id,
        binding: session.get::<String>(BINDING_KEY).ok().flatten(),
        seen,
    })
}

/// Slides the idle window; written at most once a minute per session.
pub fn seen_now(session: &Session, found: &SignedInSession) {
    let now = chrono::Utc::now().timestamp();
    if now - found.seen >= 60 {
        let _ = session.insert(SEEN_KEY, now);
    }
}

/// Starts a sign-in that waits for `row`'s second factor, under a fresh session id; whatever
/// the session was signed in as before is signed out.
pub fn start_pending(session: &Session, row: &TokenRow) -> Result<(), ApiError> {
    session.renew();
    for key in AUTH_KEYS {
        session.remove(key);
    }
    let [tid, at, tb] = PENDING_KEYS;
    let insert = |k: &str, v: i64| session.insert(k, v).map_err(ApiError::internal);
    insert(tid, row.id.into())?;
    insert(at, chrono::Utc::now().timestamp())?;
    session.insert(tb, binding(row)).map_err(ApiError::internal)
}

/// A sign-in waiting for its second factor.
pub struct PendingSignIn {
    pub token_id: TokenId,
    binding: Option<String>,
}

impl PendingSignIn {
    /// Whether the waiting sign-in still names `row`.
    pub fn is_bound_to(&self, row: &TokenRow) -> bool {
        self.binding.as_deref() == Some(&*binding(row))
    }
}

/// The sign-in waiting for a second factor, if one started less than [`PENDING_SECONDS`] ago;
/// an older one is forgotten.
pub fn pending(session: &Session) -> Option<PendingSignIn> {
    let [tid, at, tb] = PENDING_KEYS;
    let token_id = session.get::<i64>(tid).ok().flatten().map(TokenId)?;
    let started = session.get::<i64>(at).ok().flatten().unwrap_or(0);
    if chrono::Utc::now().timestamp() - started > PENDING_SECONDS {
        forget_pending(session);
        return None;
    }
    Some(PendingSignIn {
        token_id,
        binding: session.get::<String>(tb).ok().flatten(),
    })
}

/// Ends a waiting sign-in.
pub fn forget_pending(session: &Session) {
    for key in PENDING_KEYS {
        session.remove(key);
    }
}
