//! The tables `migrate-data` copies that are keyed by a pair of ids (link tables): paged in
//! (first, second) order. One macro, so each such table is a line, as `id_table!` does for the
//! tables keyed by `id`.

use diesel::prelude::*;

use super::tables::{debug_digest, CopyTable, Micros, PAGE};
use crate::db::{
    reports::ReportRow,
    schema::{submission_reports, submission_supports, theme_members, token_processes},
    supports::SupportRow,
    theme_members::ThemeMemberRow,
    tokens::TokenProcessRow,
    with_conn, DbConn,
};

/// A table keyed by (`$first`, `$second`), with the timestamps `$ts` stored to the microsecond.
macro_rules! pair_table {
    ($marker:ident, $table:ident, $row:ty, ($first:ident, $second:ident), [$($ts:ident),* $(,)?]) => {
        pub(super) struct $marker;

        impl CopyTable for $marker {
            const NAME: &'static str = stringify!($table);
            type Row = $row;
            type Key = (i64, i64);

            fn key(row: &$row) -> (i64, i64) {
                (row.$first.into(), row.$second.into())
            }

            fn page(conn: &mut DbConn, after: Option<&(i64, i64)>) -> QueryResult<Vec<$row>> {
                use $table::{$first, $second};
                let (a, b) = after.copied().unwrap_or((i64::MIN, i64::MIN));
                with_conn!(conn, {
                    $table::table
                        .filter($first.gt(a).or($first.eq(a).and($second.gt(b))))
                        .order(($first.asc(), $second.asc()))
                        .limit(PAGE)
                        .select(<$row>::as_select())
                        .load(conn)
                })
            }

            fn insert(conn: &mut DbConn, rows: &[$row]) -> QueryResult<usize> {
                with_conn!(conn, {
                    diesel::insert_into($table::table).values(rows).execute(conn)
                })
            }

            fn count(conn: &mut DbConn) -> QueryResult<i64> {
                with_conn!(conn, $table::table.count().get_result(conn))
            }

            fn digest(row: &$row, buf: &mut Vec<u8>) {
                debug_digest(row, buf)
            }

            #[allow(unused_variables, unused_mut)]
            fn normalise(row: &mut $row) -> bool {
                let mut changed = false;
                $(changed |= row.$ts.to_micros();)*
                changed
            }
        }
    };
}

// Staff tokens' processes.
pair_table!(
    TokenProcesses,
    token_processes,
    TokenProcessRow,
    (token_id, process_id),
    []
);
// Participants' reports.
pair_table!(
    SubmissionReports,
    submission_reports,
    ReportRow,
    (submission_id, token_id),
    [created_at]
);
// Participants' supports.
pair_table!(
    SubmissionSupports,
    submission_supports,
    SupportRow,
    (submission_id, token_id),
    [created_at]
);
// The submissions each theme holds.
pair_table!(
    ThemeMembers,
    theme_members,
    ThemeMemberRow,
    (theme_id, submission_id),
    []
);
