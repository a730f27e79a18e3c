//! Access tokens: only digests and non-secret metadata are stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::tokens, with_conn, DbConn};
use crate::security::tokens::TokenKind;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(
    table_name = tokens,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct TokenRow {
    pub id: i64,
    pub kind: String,
    pub token_hash: String,
    pub hint: String,
    pub label: Option<String>,
    pub source: String,
    pub process_id: Option<i64>,
    pub contributor_type: Option<String>,
    pub created_at: NaiveDateTime,
    pub created_by: Option<i64>,
    pub last_used_at: Option<NaiveDateTime>,
    pub expires_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
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

#[derive(Insertable)]
#[diesel(table_name = tokens)]
pub struct NewToken {
    pub kind: String,
    pub token_hash: String,
    pub hint: String,
    pub label: Option<String>,
    pub source: String,
    pub process_id: Option<i64>,
    pub contributor_type: Option<String>,
    pub created_at: NaiveDateTime,
    pub created_by: Option<i64>,
    pub expires_at: Option<NaiveDateTime>,
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

pub fn by_id(conn: &mut DbConn, id: i64) -> QueryResult<Option<TokenRow>> {
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
    process_id: i64,
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

/// Admin tokens that would still let someone in: not revoked, not expired.
pub fn count_active_admins(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<i64> {
    with_conn!(conn, {
        tokens::table
            .filter(tokens::kind.eq(TokenKind::Admin.as_str()))
            .filter(tokens::revoked_at.is_null())
            .filter(tokens::expires_at.is_null().or(tokens::expires_at.gt(now)))
            .count()
            .get_result(conn)
    })
}

pub fn revoke(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(tokens::table.find(id).filter(tokens::revoked_at.is_null()))
            .set(tokens::revoked_at.eq(now))
            .execute(conn)
    })
}

/// Records use at minute granularity, so a busy participant does not write on every request.
pub fn touch(conn: &mut DbConn, id: i64, now: NaiveDateTime) -> QueryResult<usize> {
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
