//! Which submissions wait for analysis: new or edited ones, or a whole process marked for
//! re-analysis.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{schema::submissions, with_conn, DbConn};
use crate::domain::ProcessId;

/// Submissions waiting for analysis (new or edited), oldest first.
pub fn pending_submissions(
    conn: &mut DbConn,
    process_id: Option<ProcessId>,
    limit: i64,
) -> QueryResult<Vec<(crate::domain::SubmissionId, ProcessId, String)>> {
    with_conn!(conn, {
        let mut q = submissions::table
            .filter(submissions::analysed_at.is_null())
            .select((submissions::id, submissions::process_id, submissions::text))
            .order(submissions::id.asc())
            .limit(limit)
            .into_boxed();
        if let Some(p) = process_id {
            q = q.filter(submissions::process_id.eq(p));
        }
        q.load(conn)
    })
}

pub fn count_pending(conn: &mut DbConn, process_id: ProcessId) -> QueryResult<i64> {
    with_conn!(conn, {
        submissions::table
            .filter(
                submissions::process_id
                    .eq(process_id)
                    .and(submissions::analysed_at.is_null()),
            )
            .count()
            .get_result(conn)
    })
}

/// Marks every submission of a process for re-analysis.
pub fn mark_process_pending(conn: &mut DbConn, process_id: ProcessId) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(submissions::table.filter(submissions::process_id.eq(process_id)))
            .set(submissions::analysed_at.eq(None::<NaiveDateTime>))
            .execute(conn)
    })
}
