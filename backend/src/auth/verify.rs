//! Turning a presented token into a token row, with one answer for every kind of failure.

use crate::{
    app::AppState,
    db::{
        self,
        tokens::{self as token_rows, TokenRow, TokenState},
    },
    error::ApiError,
    security::tokens,
};

/// Checks a presented token: our format (checksum verified before any database access) or the
/// operator's `ADMIN_TOKEN` (compared in constant time). Unknown, revoked, expired and
/// malformed tokens all produce the same `InvalidToken`.
pub async fn verify_token(state: &AppState, presented: String) -> Result<TokenRow, ApiError> {
    let presented = presented.trim().to_owned();
    let plausible = tokens::parse(&presented).is_some()
        || state
            .env_admin_digest
            .is_some_and(|digest| tokens::secrets_equal(&presented, &digest));
    if !plausible {
        return Err(ApiError::InvalidToken);
    }
    let hash = tokens::hash(&presented);
    let row = state
        .db
        .read(move |conn| Ok(token_rows::by_hash(conn, &hash)?))
        .await?;
    match row {
        Some(row) if row.state(db::now()) == TokenState::Active => Ok(row),
        _ => Err(ApiError::InvalidToken),
    }
}
