//! Copying `token_processes` (staff tokens' processes), keyed by (token_id, process_id).

use diesel::prelude::*;

use super::tables::{debug_digest, CopyTable, PAGE};
use crate::db::{
    schema::token_processes::{self, process_id, token_id},
    tokens::TokenProcessRow,
    with_conn, DbConn,
};

pub(super) struct TokenProcesses;

impl CopyTable for TokenProcesses {
    const NAME: &'static str = "token_processes";
    type Row = TokenProcessRow;
    type Key = (i64, i64);

    fn key(row: &TokenProcessRow) -> (i64, i64) {
        (row.token_id.into(), row.process_id.into())
    }

    fn page(conn: &mut DbConn, after: Option<&(i64, i64)>) -> QueryResult<Vec<TokenProcessRow>> {
        let (t, p) = after.copied().unwrap_or((i64::MIN, i64::MIN));
        with_conn!(conn, {
            token_processes::table
                .filter(token_id.gt(t).or(token_id.eq(t).and(process_id.gt(p))))
                .order((token_id.asc(), process_id.asc()))
                .limit(PAGE)
                .select(TokenProcessRow::as_select())
                .load(conn)
        })
    }

    fn insert(conn: &mut DbConn, rows: &[TokenProcessRow]) -> QueryResult<usize> {
        with_conn!(conn, {
            diesel::insert_into(token_processes::table)
                .values(rows)
                .execute(conn)
        })
    }

    fn count(conn: &mut DbConn) -> QueryResult<i64> {
        with_conn!(conn, token_processes::table.count().get_result(conn))
    }

    fn digest(row: &TokenProcessRow, buf: &mut Vec<u8>) {
        debug_digest(row, buf)
    }

    fn normalise(_row: &mut TokenProcessRow) -> bool {
        false
    }
}
