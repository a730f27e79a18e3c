//! Turning a presented token into a token row, with one answer for every kind of failure, and
//! the one sign-in attempt both the login endpoint and bearer requests go through.

use super::identity::ClientIp;
use crate::{
    db::{
        self,
        tokens::{self as token_rows, TokenRow, TokenState},
    },
    error::ApiError,
    security::tokens,
    state::AppState,
};

/// Checks a presented (trimmed) token whose digest is `hash`: our format (checksum verified
/// before any database access) or the operator's `ADMIN_TOKEN` (compared in constant time).
/// Unknown, revoked, expired and malformed tokens all produce the same `InvalidToken`.
async fn verify_token(
    state: &AppState,
    presented: &str,
    hash: String,
) -> Result<TokenRow, ApiError> {
    let plausible = tokens::parse(presented).is_some()
        || state
            .env_admin_digest
            .is_some_and(|digest| tokens::secrets_equal(presented, &digest));
    if !plausible {
        return Err(ApiError::InvalidToken);
    }
    let row = state
        .db
        .read(move |conn| Ok(token_rows::by_hash(conn, &hash)?))
        .await?;
    match row {
        Some(row) if row.state(db::now()) == TokenState::Active => Ok(row),
        _ => Err(ApiError::InvalidToken),
    }
}

/// A sign-in attempt (a login, or any bearer request), counted per client address.
///
/// An address that used up its failed attempts (default 10 a minute) is refused before any
/// database look-up, except for a token that authenticated successfully somewhere in the last
/// day (a digest kept in memory or Redis): at a workshop behind one NAT, one person mistyping
/// must not stop everyone else's integrations. A guesser gains nothing from that exception: a
/// guess is let through only if it equals a token already in use, which is the very thing the
/// 128+ bits of every token make infeasible, and every failure is still counted.
pub async fn sign_in_attempt(
    state: &AppState,
    ip: ClientIp,
    presented: String,
) -> Result<TokenRow, ApiError> {
    let presented = presented.trim();
    let digest = tokens::hash(presented);
    if let Err(blocked) = state.limiters.check_login_allowed(&ip.key()).await {
        if !state.limiters.is_known_good(&digest).await {
            return Err(blocked);
        }
    }
    match verify_token(state, presented, digest.clone()).await {
        Ok(row) => {
            // Remembered for a day; refreshed at most once a minute, like `last_used_at`, so
            // a busy integration does not write to memory or Redis on every request.
            if !used_in_the_last_minute(row.last_used_at) {
                state.limiters.remember_good(&digest).await;
            }
            Ok(row)
        }
        Err(err) => {
            state.limiters.record_login_failure(&ip.key()).await?;
            Err(err)
        }
    }
}

/// Whether a token was used less than a minute ago: its use is then already recorded.
pub fn used_in_the_last_minute(last_used: Option<chrono::NaiveDateTime>) -> bool {
    last_used.is_some_and(|t| db::now() - t < chrono::Duration::seconds(60))
}
