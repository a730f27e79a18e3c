//! Background jobs (analysis, training, themes) with progress and leases, surviving restarts.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::jobs, with_conn, DbConn};
use crate::domain::{
    vocab::{JobKind, JobState},
    ProcessId, TokenId,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(
    table_name = jobs,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct JobRow {
    pub id: crate::domain::JobId,
    pub kind: JobKind,
    pub process_id: Option<ProcessId>,
    pub payload: String,
    pub state: JobState,
    pub done: i32,
    pub total: i32,
    pub errors: String,
    pub attempts: i32,
    pub created_by: Option<TokenId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
    /// While a worker holds the job: until when. Progress renews it; once it has run out,
    /// another worker may take the job over.
    pub lease_until: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = jobs)]
pub struct NewJob {
    pub kind: JobKind,
    pub process_id: Option<ProcessId>,
    pub payload: String,
    pub state: JobState,
    pub created_by: Option<TokenId>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub const MAX_ATTEMPTS: i32 = 3;
/// How long a claimed job stays with its worker without a sign of life.
pub const LEASE: chrono::Duration = chrono::Duration::minutes(5);

pub fn insert(conn: &mut DbConn, job: &NewJob) -> QueryResult<JobRow> {
    with_conn!(conn, {
        diesel::insert_into(jobs::table)
            .values(job)
            .returning(JobRow::as_returning())
            .get_result(conn)
    })
}

pub fn by_id(conn: &mut DbConn, id: crate::domain::JobId) -> QueryResult<Option<JobRow>> {
    with_conn!(conn, {
        jobs::table
            .find(id)
            .select(JobRow::as_select())
            .first(conn)
            .optional()
    })
}

/// Claims the oldest job that is queued, or running under a lease that ran out (its worker
/// died), inside the caller's write transaction. A job tried too often is failed instead.
pub fn claim_next(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Option<JobRow>> {
    loop {
        let Some(job) = next_claimable(conn, now)? else {
            return Ok(None);
        };
        if job.attempts >= MAX_ATTEMPTS {
            finish(
                conn,
                job.id,
                JobState::Failed,
                &[format!(
                    "gave up after {} attempts (workers stopped while running it)",
                    job.attempts
                )],
                now,
            )?;
            continue;
        }
        return with_conn!(conn, {
            diesel::update(jobs::table.find(job.id))
                .set((
                    jobs::state.eq(JobState::Running),
                    jobs::attempts.eq(job.attempts + 1),
                    jobs::lease_until.eq(Some(now + LEASE)),
                    jobs::updated_at.eq(now),
                ))
                .returning(JobRow::as_returning())
                .get_result(conn)
                .map(Some)
        });
    }
}

/// The oldest claimable job. On PostgreSQL the row is locked `FOR UPDATE SKIP LOCKED`, so a
/// replica claiming at the same moment takes the next job instead of waiting for this one
/// (and cannot take this one twice). SQLite's write lock already makes the claim exclusive.
fn next_claimable(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Option<JobRow>> {
    // `as_select()` is typed per backend, so the query is built in each arm.
    let query = || {
        jobs::table
            .filter(
                jobs::state.eq(JobState::Queued).or(jobs::state
                    .eq(JobState::Running)
                    .and(jobs::lease_until.is_null().or(jobs::lease_until.lt(now)))),
            )
            .order(jobs::id.asc())
    };
    match conn {
        DbConn::Sqlite(conn) => query().select(JobRow::as_select()).first(*conn).optional(),
        DbConn::Pg(conn) => query()
            .select(JobRow::as_select())
            .for_update()
            .skip_locked()
            .first(*conn)
            .optional(),
    }
}

pub fn progress(
    conn: &mut DbConn,
    id: crate::domain::JobId,
    done: i32,
    total: i32,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(jobs::table.find(id))
            .set((
                jobs::done.eq(done),
                jobs::total.eq(total),
                jobs::updated_at.eq(now),
                // A sign of life: the worker still holds the job.
                jobs::lease_until.eq(Some(now + LEASE)),
            ))
            .execute(conn)
    })
}

pub fn finish(
    conn: &mut DbConn,
    id: crate::domain::JobId,
    state: JobState,
    errors: &[String],
    now: NaiveDateTime,
) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(jobs::table.find(id))
            .set((
                jobs::state.eq(state),
                jobs::errors.eq(serde_json::to_string(errors).unwrap_or_else(|_| "[]".into())),
                jobs::finished_at.eq(Some(now)),
                jobs::updated_at.eq(now),
                jobs::lease_until.eq(None::<NaiveDateTime>),
            ))
            .execute(conn)
    })
}

pub fn queued_count(conn: &mut DbConn) -> QueryResult<i64> {
    with_conn!(conn, {
        jobs::table
            .filter(jobs::state.eq_any([JobState::Queued, JobState::Running]))
            .count()
            .get_result(conn)
    })
}
