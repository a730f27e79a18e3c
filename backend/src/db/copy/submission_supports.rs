//! Copying `submission_supports`, keyed by (submission_id, token_id).

use diesel::prelude::*;

use super::tables::{debug_digest, CopyTable, Micros, PAGE};
use crate::db::{
    schema::submission_supports::{self, submission_id, token_id},
    supports::SupportRow,
    with_conn, DbConn,
};

pub(super) struct SubmissionSupports;

impl CopyTable for SubmissionSupports {
    const NAME: &'static str = "submission_supports";
    type Row = SupportRow;
    type Key = (i64, i64);

    fn key(row: &SupportRow) -> (i64, i64) {
        (row.submission_id.into(), row.token_id.into())
    }

    fn page(conn: &mut DbConn, after: Option<&(i64, i64)>) -> QueryResult<Vec<SupportRow>> {
        let (s, t) = after.copied().unwrap_or((i64::MIN, i64::MIN));
        with_conn!(conn, {
            submission_supports::table
                .filter(
                    submission_id
                        .gt(s)
                        .or(submission_id.eq(s).and(token_id.gt(t))),
                )
                .order((submission_id.asc(), token_id.asc()))
                .limit(PAGE)
                .select(SupportRow::as_select())
                .load(conn)
        })
    }

    fn insert(conn: &mut DbConn, rows: &[SupportRow]) -> QueryResult<usize> {
        with_conn!(conn, {
            diesel::insert_into(submission_supports::table)
                .values(rows)
                .execute(conn)
        })
    }

    fn count(conn: &mut DbConn) -> QueryResult<i64> {
        with_conn!(conn, submission_supports::table.count().get_result(conn))
    }

    fn digest(row: &SupportRow, buf: &mut Vec<u8>) {
        debug_digest(row, buf)
    }

    fn normalise(row: &mut SupportRow) -> bool {
        row.created_at.to_micros()
    }
}
