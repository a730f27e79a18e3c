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
    domain::{text, ProcessId, StaffRole, TokenId},
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

/// What a staff token may do: its role, the processes a process role is limited to, whether
/// it may be sent as a bearer token, and whether it may only read.
#[derive(Debug, Clone)]
pub struct StaffGrant {
    pub role: StaffRole,
    pub processes: Vec<ProcessId>,
    pub api: bool,
    pub read_only: bool,
}

impl StaffGrant {
    /// Today's admin: everything, everywhere, also from scripts (the bootstrap, `ADMIN_TOKEN`
    /// and command-line tokens are the operator's own).
    pub fn owner() -> Self {
        Self {
            role: StaffRole::Owner,
            processes: Vec::new(),
            api: true,
            read_only: false,
        }
    }
}

/// Generates and stores one token; returns the row and the plaintext to show once. An admin
/// kind token is an owner token (see [`create_staff_token`] for the other roles).
pub fn create_token(
    conn: &mut DbConn,
    kind: TokenKind,
    token_source: &str,
    label: Option<String>,
    process: Option<(ProcessId, String)>,
    created_by: Option<TokenId>,
    expires_at: Option<chrono::NaiveDateTime>,
) -> Result<(TokenRow, String), ApiError> {
    let token = tokens::generate(kind);
    let (process_id, contributor_type) = process.unzip();
    let staff = (kind == TokenKind::Admin).then(StaffGrant::owner);
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
            role: staff.as_ref().map(|g| g.role),
            api: staff.as_ref().is_some_and(|g| g.api),
            read_only: false,
        },
    )?;
    Ok((row, token.plaintext))
}

/// Generates and stores one staff token with `grant`; the plaintext is shown once.
pub fn create_staff_token(
    conn: &mut DbConn,
    grant: &StaffGrant,
    token_source: &str,
    label: Option<String>,
    created_by: Option<TokenId>,
    expires_at: Option<chrono::NaiveDateTime>,
) -> Result<(TokenRow, String), ApiError> {
    let token = tokens::generate(TokenKind::Admin);
    let row = db::tokens::insert(
        conn,
        &NewToken {
            kind: TokenKind::Admin.as_str().into(),
            token_hash: token.hash,
            hint: token.hint,
            label,
            source: token_source.into(),
            process_id: None,
            contributor_type: None,
            created_at: db::now(),
            created_by,
            expires_at,
            role: Some(grant.role),
            api: grant.api,
            read_only: grant.read_only,
        },
    )?;
    if grant.role.is_process_role() {
        db::tokens::set_processes(conn, row.id, &grant.processes)?;
    }
    Ok((row, token.plaintext))
}

/// Revokes a token and ends its sessions, in one transaction. Refuses to revoke the last
/// active owner token, which would lock everyone out.
pub fn revoke_token(
    conn: &mut DbConn,
    id: TokenId,
    admin: Option<TokenId>,
    ip: Option<ClientIp>,
) -> Result<TokenRow, ApiError> {
    // Two admins revoking the last two admin tokens at once must not both see "one left".
    db::locks::admin_tokens(conn)?;
    let row = db::tokens::by_id(conn, id)?.ok_or(ApiError::NotFound)?;
    if row.revoked_at.is_some() {
        return Ok(row);
    }
    let now = db::now();
    if row.role == Some(StaffRole::Owner)
        && row.state(now) == db::tokens::TokenState::Active
        && db::tokens::count_active_owners(conn, now)? <= 1
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

/// Replaces an active staff token with a new one of the same role, processes, label and
/// expiry, and revokes the old one with its sessions (in the caller's transaction). Returns
/// the new row and its plaintext, to show once.
/// Staff token `id`, if it can still be changed: 404 when there is no staff token by that id,
/// 409 `token_inactive` when it was revoked, replaced by a rotation or has expired (it still
/// exists, in the list and the audit log, so "not found" would be wrong).
pub fn active_staff_token(
    conn: &mut DbConn,
    id: TokenId,
    now: chrono::NaiveDateTime,
) -> Result<TokenRow, ApiError> {
    let row = db::tokens::by_id(conn, id)?
        .filter(|row| row.kind() == TokenKind::Admin)
        .ok_or(ApiError::NotFound)?;
    if row.state(now) != db::tokens::TokenState::Active {
        return Err(ApiError::Conflict(
            Conflict::TokenInactive,
            "This staff token was revoked, replaced or has expired; issue a new one.".into(),
        ));
    }
    Ok(row)
}

pub fn rotate_staff_token(
    conn: &mut DbConn,
    id: TokenId,
    actor: Option<TokenId>,
    ip: Option<ClientIp>,
) -> Result<(TokenRow, String), ApiError> {
    let now = db::now();
    let old = active_staff_token(conn, id, now)?;
    let grant = StaffGrant {
        role: old.role.unwrap_or(StaffRole::Moderator),
        processes: db::tokens::processes_of(conn, id)?,
        api: old.api,
        read_only: old.read_only,
    };
    let source = if actor.is_some() {
        db::tokens::source::ADMIN
    } else {
        db::tokens::source::CLI
    };
    let (row, plaintext) = create_staff_token(
        conn,
        &grant,
        source,
        old.label.clone(),
        actor,
        old.expires_at,
    )?;
    db::tokens::revoke(conn, id, now)?;
    db::sessions::delete_for_token(conn, id)?;
    AuditEvent::new(AuditAction::AdminTokenRotate)
        .target("token", id)
        .details(serde_json::json!({ "replaced_by": row.id }))
        .record(conn, actor, ip)?;
    Ok((row, plaintext))
}
