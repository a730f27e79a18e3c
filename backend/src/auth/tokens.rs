//! Issuing and revoking tokens, for the API, the CLI and start-up alike: the token value is
//! shown once and only its digest is stored; every change is audited.

use crate::{
    audit::{AuditAction, AuditEvent},
    auth::ClientIp,
    db::{
        self,
        tokens::{NewToken, TokenRow},
        DbConn,
    },
    domain::text,
    error::{ApiError, Conflict, FieldCode, FieldError},
    security::tokens::{self, TokenKind},
};
use chrono::{DateTime, Utc};

pub fn validate_label(label: Option<String>) -> Result<Option<String>, FieldError> {
    label
        .filter(|l| !l.trim().is_empty())
        .map(|l| text::single_line("label", &l, 120))
        .transpose()
}

pub fn validate_expiry(
    expires_at: Option<DateTime<Utc>>,
) -> Result<Option<chrono::NaiveDateTime>, FieldError> {
    match expires_at {
        Some(at) if at <= Utc::now() => Err(FieldError::new(
            "expires_at",
            FieldCode::NotFuture,
            "must be in the future",
        )),
        other => Ok(other.map(|at| at.naive_utc())),
    }
}

/// Generates and stores one token; returns the row and the plaintext to show once.
pub fn create_token(
    conn: &mut DbConn,
    kind: TokenKind,
    token_source: &str,
    label: Option<String>,
    process: Option<(i64, String)>,
    created_by: Option<i64>,
    expires_at: Option<chrono::NaiveDateTime>,
) -> Result<(TokenRow, String), ApiError> {
    let token = tokens::generate(kind);
    let (process_id, contributor_type) = process.unzip();
    let row = db::tokens::insert(
        conn,
        &NewToken {
            kind: kind.as_str().into(),
            token_hash: token.hash,
            hint: token.hint,
            label,
            source: token_source.into(),
            process_id,
            contributor_type,
            created_at: db::now(),
            created_by,
            expires_at,
        },
    )?;
    Ok((row, token.plaintext))
}

/// Revokes a token and ends its sessions, in one transaction. Refuses to revoke the last
/// active admin token, which would lock everyone out.
pub fn revoke_token(
    conn: &mut DbConn,
    id: i64,
    admin: Option<i64>,
    ip: Option<ClientIp>,
) -> Result<TokenRow, ApiError> {
    // Two admins revoking the last two admin tokens at once must not both see "one left".
    db::locks::admin_tokens(conn)?;
    let row = db::tokens::by_id(conn, id)?.ok_or(ApiError::NotFound)?;
    if row.revoked_at.is_some() {
        return Ok(row);
    }
    let now = db::now();
    if row.kind() == TokenKind::Admin
        && row.state(now) == db::tokens::TokenState::Active
        && db::tokens::count_active_admins(conn, now)? <= 1
    {
        return Err(ApiError::Conflict(
            Conflict::LastAdminToken,
            "This is the last active admin token; create another one before revoking it.".into(),
        ));
    }
    db::tokens::revoke(conn, id, now)?;
    db::sessions::delete_for_token(conn, id)?;
    AuditEvent::new(if row.kind() == TokenKind::Admin {
        AuditAction::AdminTokenRevoke
    } else {
        AuditAction::TokenRevoke
    })
    .target("token", id)
    .record(conn, admin, ip)?;
    Ok(row)
}
