//! Row locks for the few invariants a write transaction checks before it acts ("never
//! revoke the last admin token", storing the analysis of text that may be changing). SQLite
//! needs none: BEGIN IMMEDIATE already gives the transaction the
//! database's single write lock. PostgreSQL runs READ COMMITTED, so these take `FOR UPDATE`
//! locks that make concurrent transactions on the same rows wait their turn.

use diesel::prelude::*;

use super::{
    schema::{submissions, tokens},
    DbConn,
};
use crate::security::tokens::TokenKind;

/// Serialises changes to the set of admin tokens.
pub fn admin_tokens(conn: &mut DbConn) -> QueryResult<()> {
    if let DbConn::Pg(conn) = conn {
        tokens::table
            .filter(tokens::kind.eq(TokenKind::Admin.as_str()))
            .select(tokens::id)
            .for_update()
            .load::<i64>(*conn)?;
    }
    Ok(())
}

/// Holds a submission still while its analysis is stored.
pub fn submission(conn: &mut DbConn, id: i64) -> QueryResult<()> {
    if let DbConn::Pg(conn) = conn {
        submissions::table
            .find(id)
            .select(submissions::id)
            .for_update()
            .load::<i64>(*conn)?;
    }
    Ok(())
}

/// Serialises first-start admin setup, so replicas starting together register `ADMIN_TOKEN`
/// (or generate a first token) once. A transaction-level advisory lock, released at commit.
pub fn bootstrap(conn: &mut DbConn) -> QueryResult<()> {
    if let DbConn::Pg(conn) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock(70712026)").execute(*conn)?;
    }
    Ok(())
}
