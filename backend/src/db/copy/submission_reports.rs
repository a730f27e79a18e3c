//! Copying `submission_reports` (participants' reports), keyed by (submission_id, token_id).

use diesel::prelude::*;

use super::tables::{debug_digest, CopyTable, Micros, PAGE};
use crate::db::{
    reports::ReportRow,
    schema::submission_reports::{self, submission_id, token_id},
    with_conn, DbConn,
};

pub(super) struct SubmissionReports;

impl CopyTable for SubmissionReports {
    const NAME: &'static str = "submission_reports";
    type Row = ReportRow;
    type Key = (i64, i64);

    fn key(row: &ReportRow) -> (i64, i64) {
        (row.submission_id.into(), row.token_id.into())
    }

    fn page(conn: &mut DbConn, after: Option<&(i64, i64)>) -> QueryResult<Vec<ReportRow>> {
        let (s, t) = after.copied().unwrap_or((i64::MIN, i64::MIN));
        with_conn!(conn, {
            submission_reports::table
                .filter(
                    submission_id
                        .gt(s)
                        .or(submission_id.eq(s).and(token_id.gt(t))),
                )
                .order((submission_id.asc(), token_id.asc()))
                .limit(PAGE)
                .select(ReportRow::as_select())
                .load(conn)
        })
    }

    fn insert(conn: &mut DbConn, rows: &[ReportRow]) -> QueryResult<usize> {
        with_conn!(conn, {
            diesel::insert_into(submission_reports::table)
                .values(rows)
                .execute(conn)
        })
    }

    fn count(conn: &mut DbConn) -> QueryResult<i64> {
        with_conn!(conn, submission_reports::table.count().get_result(conn))
    }

    fn digest(row: &ReportRow, buf: &mut Vec<u8>) {
        debug_digest(row, buf)
    }

    fn normalise(row: &mut ReportRow) -> bool {
        row.created_at.to_micros()
    }
}
