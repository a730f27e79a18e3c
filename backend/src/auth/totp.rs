//! Checking a staff member's second factor (a TOTP code or a recovery code), each usable once,
//! and counting failures against the same limits as failed sign-ins: per client address, and
//! per token so that a stolen token cannot have its codes guessed from many addresses.

use super::identity::ClientIp;
use crate::domain::TokenId;
use crate::{
    db::{self, DbConn},
    error::ApiError,
    security::totp,
    state::AppState,
};

/// What the caller offers as a second factor.
#[derive(Debug, Clone)]
pub enum Proof {
    /// A six-digit code (normalised).
    Code(String),
    /// A recovery code as typed.
    Recovery(String),
}

/// The failure-limit key for second factors of `token_id`.
fn token_key(token_id: TokenId) -> String {
    format!("second-factor:{token_id}")
}

/// Refuses (429) while the address or the token has used up its failed attempts. Unlike the
/// first factor, a known-good token gets no exception here: it is the token whose codes would
/// be guessed.
pub async fn check_not_blocked(
    state: &AppState,
    ip: ClientIp,
    token_id: TokenId,
) -> Result<(), ApiError> {
    state.limiters.check_login_allowed(&ip.key()).await?;
    state
        .limiters
        .check_login_allowed(&token_key(token_id))
        .await
}

/// Counts a failed second factor for the address and the token; answers `refusal`, or 429
/// once either ran out of attempts.
pub async fn count_failure(
    state: &AppState,
    ip: ClientIp,
    token_id: TokenId,
    refusal: ApiError,
) -> ApiError {
    let by_ip = state.limiters.record_login_failure(&ip.key()).await;
    let by_token = state
        .limiters
        .record_login_failure(&token_key(token_id))
        .await;
    by_ip.and(by_token).err().unwrap_or(refusal)
}

/// The time step of the current code of `secret_hex` that `code` matches, if any.
pub fn current_step(secret_hex: &str, code: &str) -> Result<Option<i64>, ApiError> {
    let secret = hex::decode(secret_hex).map_err(ApiError::internal)?;
    let now = totp::step_at(chrono::Utc::now().timestamp());
    Ok(totp::matching_step(&secret, code, now))
}

/// How a second factor was proven.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Used {
    Code,
    RecoveryCode,
}

impl Used {
    pub fn as_str(self) -> &'static str {
        match self {
            Used::Code => "totp",
            Used::RecoveryCode => "recovery_code",
        }
    }
}

/// Spends `proof` for `token_id`'s confirmed factor (inside the caller's transaction): `None`
/// if it is wrong or was used already. `Err(SignInNotPending)` if the factor was reset.
pub fn spend(
    conn: &mut DbConn,
    token_id: TokenId,
    proof: &Proof,
) -> Result<Option<Used>, ApiError> {
    let factor = db::totp::get(conn, token_id)?
        .filter(|f| f.confirmed_at.is_some())
        .ok_or(ApiError::SignInNotPending)?;
    match proof {
        Proof::Code(code) => match current_step(&factor.secret, code)? {
            Some(step) if db::totp::use_step(conn, token_id, step)? == 1 => Ok(Some(Used::Code)),
            _ => Ok(None),
        },
        Proof::Recovery(code) => {
            let hash = totp::recovery_code_hash(code);
            let spent = db::totp::use_recovery_code(conn, token_id, &hash, db::now())?;
            Ok((spent == 1).then_some(Used::RecoveryCode))
        }
    }
}
