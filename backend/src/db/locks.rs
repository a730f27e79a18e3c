//! The locks that let several replicas share one PostgreSQL database. SQLite needs none of
//! them: BEGIN IMMEDIATE gives a write transaction the database's single write lock, and only
//! one server runs per file.
//!
//! - Row locks for the few invariants a write transaction checks before it acts ("never revoke
//!   the last admin token", storing the analysis of text that may be changing): PostgreSQL
//!   runs READ COMMITTED, so `FOR UPDATE` makes concurrent transactions on those rows wait.
//! - Advisory locks for work that is not a row: first-start admin set-up and a process's
//!   support counts (per transaction), the submissions an analysis thread is working on (per
//!   connection), the databases a `migrate-data` run reads and writes (per transaction).
//!   Migrations take theirs in `db/mod.rs`.

use diesel::{
    prelude::*,
    sql_types::{BigInt, Bool, Integer},
};

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
pub fn submission(conn: &mut DbConn, id: crate::domain::SubmissionId) -> QueryResult<()> {
    if let DbConn::Pg(conn) = conn {
        submissions::table
            .find(id)
            .select(submissions::id)
            .for_update()
            .load::<i64>(*conn)?;
    }
    Ok(())
}

/// Holds submissions still, taken in id order: the order an analysis batch takes its own
/// (oldest first), so a writer holding some of them never waits for one that batch holds while
/// the batch waits for one of its.
pub fn submissions_in_order(
    conn: &mut DbConn,
    ids: &[crate::domain::SubmissionId],
) -> QueryResult<()> {
    if let DbConn::Pg(conn) = conn {
        // The rows are locked as they leave the sort, so in id order.
        submissions::table
            .filter(submissions::id.eq_any(ids))
            .order(submissions::id.asc())
            .select(submissions::id)
            .for_update()
            .load::<i64>(*conn)?;
    }
    Ok(())
}

/// The advisory-lock namespace (first of the two int4 keys) for the support counts of a
/// process.
const SUPPORT_COUNTS: i32 = 2;

/// Serialises, per process, the writes that change stored support counts
/// (`db::supports::hold`): a count is worked out by a statement that sees only what was
/// committed when it began, so two transactions changing the same group (a submission, its
/// original, its duplicates) at once could each store a count without the other's change.
/// Waiting here first makes the later one count after the earlier one has committed. A
/// transaction-level lock keyed by the submission's process (duplicates never cross
/// processes); nothing happens for a submission that does not exist.
pub fn support_counts(
    conn: &mut DbConn,
    submission: crate::domain::SubmissionId,
) -> QueryResult<()> {
    if let DbConn::Pg(conn) = conn {
        let process: Option<i64> = submissions::table
            .find(submission)
            .select(submissions::process_id)
            .first(*conn)
            .optional()?;
        if let Some(process) = process {
            diesel::sql_query("SELECT pg_advisory_xact_lock($1, $2)")
                .bind::<Integer, _>(SUPPORT_COUNTS)
                // Processes past 2^31 share a key with a smaller one: at worst one waits.
                .bind::<Integer, _>(process as i32)
                .execute(*conn)?;
        }
    }
    Ok(())
}

/// What a `pg_try_advisory*` call answers.
#[derive(QueryableByName)]
struct Acquired {
    #[diesel(sql_type = Bool)]
    acquired: bool,
}

/// Advisory-lock key (single bigint key space, like the migration lock's) for first-start
/// admin set-up.
const BOOTSTRAP_KEY: i64 = 70_712_026;

/// Serialises first-start admin setup, so replicas starting together register `ADMIN_TOKEN`
/// (or generate a first token) once. A transaction-level advisory lock, released at commit.
pub fn bootstrap(conn: &mut DbConn) -> QueryResult<()> {
    if let DbConn::Pg(conn) = conn {
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<BigInt, _>(BOOTSTRAP_KEY)
            .execute(*conn)?;
    }
    Ok(())
}

/// The advisory-lock namespace (first of the two int4 keys) for submissions being analysed.
const ANALYSING: i32 = 1;

/// Tries to claim a submission for analysis on this connection (a session-level advisory
/// lock, so several replicas' analysis threads split the pending work instead of each doing
/// all of it). SQLite always grants it: one server per file.
pub fn try_claim_analysis(
    conn: &mut DbConn,
    submission_id: crate::domain::SubmissionId,
) -> QueryResult<bool> {
    match conn {
        DbConn::Sqlite(_) => Ok(true),
        DbConn::Pg(conn) => diesel::sql_query("SELECT pg_try_advisory_lock($1, $2) AS acquired")
            .bind::<Integer, _>(ANALYSING)
            // Ids past 2^31 share a key with a smaller one: at worst one waits a round.
            .bind::<Integer, _>(submission_id.0 as i32)
            .get_result::<Acquired>(*conn)
            .map(|a| a.acquired),
    }
}

/// Releases every claim this connection holds (done before it goes back to the pool; a
/// crashed server's claims end with its connections).
pub fn release_claims(conn: &mut DbConn) -> QueryResult<()> {
    if let DbConn::Pg(conn) = conn {
        diesel::sql_query("SELECT pg_advisory_unlock_all()").execute(*conn)?;
    }
    Ok(())
}

/// Advisory-lock key that tells a `migrate-data` source from its target: the source holds it
/// shared while it is read, the target exclusively while it is written, so the same database
/// on both sides (or two runs into one target) cannot both get it.
const COPY_KEY: i64 = 0x0070_6c61_6e63_6f70; // "plancop" in ASCII

/// Marks a PostgreSQL database as being read by `migrate-data` (until the transaction ends);
/// false if a run is writing into it. Always granted on SQLite.
pub fn try_copy_source(conn: &mut DbConn) -> QueryResult<bool> {
    try_copy_lock(conn, "pg_try_advisory_xact_lock_shared")
}

/// Marks a PostgreSQL database as being written by `migrate-data` (until the transaction
/// ends); false if it is also the source, or another run writes into it.
pub fn try_copy_target(conn: &mut DbConn) -> QueryResult<bool> {
    try_copy_lock(conn, "pg_try_advisory_xact_lock")
}

fn try_copy_lock(conn: &mut DbConn, function: &str) -> QueryResult<bool> {
    match conn {
        DbConn::Sqlite(_) => Ok(true),
        DbConn::Pg(conn) => diesel::sql_query(format!("SELECT {function}($1) AS acquired"))
            .bind::<BigInt, _>(COPY_KEY)
            .get_result::<Acquired>(*conn)
            .map(|a| a.acquired),
    }
}
