//! Results links: metadata and the revocation list (the link itself is a signed JWT).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::share_links, with_conn, DbConn};
use crate::domain::{ProcessId, TokenId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = share_links,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct ShareLinkRow {
    pub id: String,
    pub process_id: ProcessId,
    pub label: Option<String>,
    pub created_by: Option<TokenId>,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConn, row: &ShareLinkRow) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::insert_into(share_links::table)
            .values(row)
            .execute(conn)
    })
}

pub fn by_id(conn: &mut DbConn, id: &str) -> QueryResult<Option<ShareLinkRow>> {
    with_conn!(conn, {
        share_links::table
            .find(id)
            .select(ShareLinkRow::as_select())
            .first(conn)
            .optional()
    })
}

pub fn for_process(conn: &mut DbConn, process_id: ProcessId) -> QueryResult<Vec<ShareLinkRow>> {
    with_conn!(conn, {
        share_links::table
            .filter(share_links::process_id.eq(process_id))
            .order(share_links::created_at.desc())
            .select(ShareLinkRow::as_select())
            .load(conn)
    })
}

pub fn revoke(conn: &mut DbConn, id: &str, at: NaiveDateTime) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(
            share_links::table
                .find(id)
                .filter(share_links::revoked_at.is_null()),
        )
        .set(share_links::revoked_at.eq(Some(at)))
        .execute(conn)
    })
}
