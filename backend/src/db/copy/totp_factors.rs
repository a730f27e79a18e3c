//! Copying `totp_factors` (staff second factors), keyed by token_id.

use diesel::prelude::*;

use super::tables::{debug_digest, CopyTable, Micros, PAGE};
use crate::db::{
    schema::totp_factors::{self, token_id},
    totp::TotpRow,
    with_conn, DbConn,
};

pub(super) struct TotpFactors;

impl CopyTable for TotpFactors {
    const NAME: &'static str = "totp_factors";
    type Row = TotpRow;
    type Key = i64;

    fn key(row: &TotpRow) -> i64 {
        row.token_id.into()
    }

    fn page(conn: &mut DbConn, after: Option<&i64>) -> QueryResult<Vec<TotpRow>> {
        let after = after.copied().unwrap_or(i64::MIN);
        with_conn!(conn, {
            totp_factors::table
                .filter(token_id.gt(after))
                .order(token_id.asc())
                .limit(PAGE)
                .select(TotpRow::as_select())
                .load(conn)
        })
    }

    fn insert(conn: &mut DbConn, rows: &[TotpRow]) -> QueryResult<usize> {
        with_conn!(conn, {
            diesel::insert_into(totp_factors::table)
                .values(rows)
                .execute(conn)
        })
    }

    fn count(conn: &mut DbConn) -> QueryResult<i64> {
        with_conn!(conn, totp_factors::table.count().get_result(conn))
    }

    fn digest(row: &TotpRow, buf: &mut Vec<u8>) {
        debug_digest(row, buf)
    }

    fn normalise(row: &mut TotpRow) -> bool {
        row.created_at.to_micros() | row.confirmed_at.to_micros()
    }
}
