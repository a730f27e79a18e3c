//! Server-side browser sessions, keyed by the SHA-256 of the session key in the cookie.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::sessions, with_conn, DbConn};
use crate::domain::TokenId;

#[derive(Debug, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = sessions,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct SessionRow {
    pub key_hash: String,
    pub token_id: Option<TokenId>,
    pub state: String,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = sessions)]
pub struct NewSession<'a> {
    pub key_hash: &'a str,
    pub token_id: Option<TokenId>,
    pub state: &'a str,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConn, new: &NewSession) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::insert_into(sessions::table)
            .values(new)
            .execute(conn)
    })
}

pub fn load_live(
    conn: &mut DbConn,
    key_hash: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<SessionRow>> {
    with_conn!(conn, {
        sessions::table
            .find(key_hash)
            .filter(sessions::expires_at.gt(now))
            .select(SessionRow::as_select())
            .first(conn)
            .optional()
    })
}

pub fn update(
    conn: &mut DbConn,
    key_hash: &str,
    token_id: Option<TokenId>,
    state: &str,
    expires_at: NaiveDateTime,
) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(sessions::table.find(key_hash))
            .set((
                sessions::token_id.eq(token_id),
                sessions::state.eq(state),
                sessions::expires_at.eq(expires_at),
            ))
            .execute(conn)
    })
}

pub fn extend(conn: &mut DbConn, key_hash: &str, expires_at: NaiveDateTime) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(sessions::table.find(key_hash))
            .set(sessions::expires_at.eq(expires_at))
            .execute(conn)
    })
}

pub fn delete(conn: &mut DbConn, key_hash: &str) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::delete(sessions::table.find(key_hash)).execute(conn)
    })
}

/// Ends every browser session signed in with this token (revocation, "log out everywhere").
pub fn delete_for_token(conn: &mut DbConn, token_id: TokenId) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::delete(sessions::table.filter(sessions::token_id.eq(token_id))).execute(conn)
    })
}

/// Ends all but the `keep` newest sessions of a token (the cap on sessions per token).
pub fn keep_newest_for_token(
    conn: &mut DbConn,
    token_id: TokenId,
    keep: i64,
) -> QueryResult<usize> {
    with_conn!(conn, {
        let old: Vec<String> = sessions::table
            .filter(sessions::token_id.eq(token_id))
            .order((sessions::created_at.desc(), sessions::key_hash.desc()))
            .select(sessions::key_hash)
            .offset(keep)
            .load(conn)?;
        if old.is_empty() {
            return Ok(0);
        }
        diesel::delete(sessions::table.filter(sessions::key_hash.eq_any(&old))).execute(conn)
    })
}

pub fn purge_expired(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::delete(sessions::table.filter(sessions::expires_at.le(now))).execute(conn)
    })
}
