//! Access tokens: only digests and non-secret metadata are stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{
    schema::{token_processes, tokens},
    with_conn, DbConn,
};
use crate::{
    domain::{ProcessId, StaffRole, TokenId},
    security::tokens::TokenKind,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(
    table_name = tokens,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct TokenRow {
    pub id: TokenId,
    pub kind: String,
    pub token_hash: String,
    pub hint: String,
    pub label: Option<String>,
    pub source: String,
    pub process_id: Option<ProcessId>,
    pub contributor_type: Option<String>,
    pub created_at: NaiveDateTime,
    pub created_by: Option<TokenId>,
    pub last_used_at: Option<NaiveDateTime>,
    pub expires_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
    /// A staff token's role (null for participants).
    pub role: Option<StaffRole>,
    /// Whether the token may be sent as a bearer token (scripts); staff tokens without it
    /// work only through a browser session.
    pub api: bool,
    /// Whether the token may only read (safe methods).
    pub read_only: bool,
}

/// Where a token came from; shown in lists so an admin knows which one is the bootstrap token.
pub mod source {
    pub const ENVIRONMENT: &str = "environment";
    pub const BOOTSTRAP: &str = "bootstrap";
    pub const CLI: &str = "cli";
    pub const ADMIN: &str = "admin";
    pub const SELF_REGISTERED: &str = "self_registered";
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenState {
    Active,
    Revoked,
    Expired,
}

impl TokenState {
    pub fn as_str(self) -> &'static str {
        match self {
            TokenState::Active => "active",
            TokenState::Revoked => "revoked",
            TokenState::Expired => "expired",
        }
    }
}

impl TokenRow {
    pub fn kind(&self) -> TokenKind {
        TokenKind::parse(&self.kind).unwrap_or(TokenKind::Participant)
    }
    pub fn state(&self, now: NaiveDateTime) -> TokenState {
        if self.revoked_at.is_some() {
            TokenState::Revoked
        } else if self.expires_at.is_some_and(|at| at <= now) {
            TokenState::Expired
        } else {
            TokenState::Active
        }
    }
}

/// One process a staff token may act in.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = token_processes,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg)
)]
pub struct TokenProcessRow {
    pub token_id: TokenId,
    pub process_id: ProcessId,
}

#[derive(Insertable)]
#[diesel(table_name = tokens)]
pub struct NewToken {
    pub kind: String,
    pub token_hash: String,
    pub hint: String,
    pub label: Option<String>,
    pub source: String,
    pub process_id: Option<ProcessId>,
    pub contributor_type: Option<String>,
    pub created_at: NaiveDateTime,
    pub created_by: Option<TokenId>,
    pub expires_at: Option<NaiveDateTime>,
    pub role: Option<StaffRole>,
    pub api: bool,
    pub read_only: bool,
}

pub fn insert(conn: &mut DbConn, new: &NewToken) -> QueryResult<TokenRow> {
    with_conn!(conn, {
        diesel::insert_into(tokens::table)
            .values(new)
            .returning(TokenRow::as_returning())
            .get_result(conn)
    })
}

pub fn by_hash(conn: &mut DbConn, hash: &str) -> QueryResult<Option<TokenRow>> {
    with_conn!(conn, {
        tokens::table
            .filter(tokens::token_hash.eq(hash))
            .select(TokenRow::as_select())
            .first(conn)
            .optional()
    })
}

pub fn by_id(conn: &mut DbConn, id: TokenId) -> QueryResult<Option<TokenRow>> {
    with_conn!(conn, {
        tokens::table
            .find(id)
            .select(TokenRow::as_select())
            .first(conn)
            .optional()
    })
}

pub fn list_admin(conn: &mut DbConn) -> QueryResult<Vec<TokenRow>> {
    with_conn!(conn, {
        tokens::table
            .filter(tokens::kind.eq(TokenKind::Admin.as_str()))
            .order(tokens::id.asc())
            .select(TokenRow::as_select())
            .load(conn)
    })
}

pub fn list_for_process(
    conn: &mut DbConn,
    process_id: ProcessId,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<TokenRow>, i64)> {
    with_conn!(conn, {
        let base = tokens::table.filter(tokens::process_id.eq(process_id));
        let total = base.count().get_result(conn)?;
        let rows = base
            .order(tokens::id.asc())
            .limit(limit)
            .offset(offset)
            .select(TokenRow::as_select())
            .load(conn)?;
        Ok((rows, total))
    })
}

/// Owner tokens that would still let someone in: not revoked, not expired.
pub fn count_active_owners(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<i64> {
    with_conn!(conn, {
        tokens::table
            .filter(tokens::kind.eq(TokenKind::Admin.as_str()))
            .filter(tokens::role.eq(StaffRole::Owner))
            .filter(tokens::revoked_at.is_null())
            .filter(tokens::expires_at.is_null().or(tokens::expires_at.gt(now)))
            .count()
            .get_result(conn)
    })
}

pub fn revoke(conn: &mut DbConn, id: TokenId, now: NaiveDateTime) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(tokens::table.find(id).filter(tokens::revoked_at.is_null()))
            .set(tokens::revoked_at.eq(now))
            .execute(conn)
    })
}

/// Records use at minute granularity, so a busy participant does not write on every request.
pub fn touch(conn: &mut DbConn, id: TokenId, now: NaiveDateTime) -> QueryResult<usize> {
    with_conn!(conn, {
        let stale = now - chrono::Duration::seconds(60);
        diesel::update(
            tokens::table.find(id).filter(
                tokens::last_used_at
                    .is_null()
                    .or(tokens::last_used_at.lt(stale)),
            ),
        )
        .set(tokens::last_used_at.eq(now))
        .execute(conn)
    })
}

/// The processes a staff token is limited to (empty for owners and participants).
pub fn processes_of(conn: &mut DbConn, token_id: TokenId) -> QueryResult<Vec<ProcessId>> {
    with_conn!(conn, {
        token_processes::table
            .filter(token_processes::token_id.eq(token_id))
            .order(token_processes::process_id.asc())
            .select(token_processes::process_id)
            .load(conn)
    })
}

/// Limits a new staff token to `process_ids`.
pub fn set_processes(
    conn: &mut DbConn,
    token_id: TokenId,
    process_ids: &[ProcessId],
) -> QueryResult<()> {
    let rows: Vec<_> = process_ids
        .iter()
        .map(|&p| {
            (
                token_processes::token_id.eq(token_id),
                token_processes::process_id.eq(p),
            )
        })
        .collect();
    with_conn!(conn, {
        diesel::insert_into(token_processes::table)
            .values(&rows)
            .execute(conn)
    })?;
    Ok(())
}

/// Changes what a staff token may do; its processes are replaced by `process_ids`.
pub fn change_grant(
    conn: &mut DbConn,
    token_id: TokenId,
    role: StaffRole,
    api: bool,
    read_only: bool,
    process_ids: &[ProcessId],
) -> QueryResult<()> {
    with_conn!(conn, {
        diesel::update(tokens::table.find(token_id))
            .set((
                tokens::role.eq(role),
                tokens::api.eq(api),
                tokens::read_only.eq(read_only),
            ))
            .execute(conn)?;
        diesel::delete(token_processes::table.filter(token_processes::token_id.eq(token_id)))
            .execute(conn)
    })?;
    set_processes(conn, token_id, process_ids)
}
