//! The append-only audit log of admin actions (triggers refuse UPDATE and DELETE).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::audit_log, with_conn, DbConn};
use crate::domain::TokenId;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = audit_log,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct AuditRow {
    pub id: i64,
    pub at: NaiveDateTime,
    pub actor_token_id: Option<TokenId>,
    pub client_ip: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub reason: Option<String>,
    pub details: Option<String>,
    pub actor_role: Option<String>,
    pub actor_scope: Option<String>,
}

#[derive(Insertable, Debug, Clone, Default)]
#[diesel(table_name = audit_log)]
pub struct NewAuditEntry {
    pub at: NaiveDateTime,
    pub actor_token_id: Option<TokenId>,
    pub client_ip: Option<String>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub reason: Option<String>,
    pub details: Option<String>,
    /// The acting token's role when it acted (`owner`, `facilitator`, …, `participant`).
    pub actor_role: Option<String>,
    /// What the acting token was limited to (see `audit::actor_scope`).
    pub actor_scope: Option<String>,
}

#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor_token_id: Option<TokenId>,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
}

pub fn append(conn: &mut DbConn, entry: &NewAuditEntry) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::insert_into(audit_log::table)
            .values(entry)
            .execute(conn)
    })
}

/// The filtered query, boxed for whichever backend the surrounding `with_conn!` arm runs
/// on (`DB` is that arm's backend type).
macro_rules! filtered {
    ($filter:expr) => {{
        let filter: &AuditFilter = $filter;
        let mut query = audit_log::table.into_boxed::<DB>();
        if let Some(action) = &filter.action {
            query = query.filter(audit_log::action.eq(action.clone()));
        }
        if let Some(actor) = filter.actor_token_id {
            query = query.filter(audit_log::actor_token_id.eq(actor));
        }
        if let Some(t) = &filter.target_type {
            query = query.filter(audit_log::target_type.eq(t.clone()));
        }
        if let Some(t) = &filter.target_id {
            query = query.filter(audit_log::target_id.eq(t.clone()));
        }
        if let Some(from) = filter.from {
            query = query.filter(audit_log::at.ge(from));
        }
        if let Some(to) = filter.to {
            query = query.filter(audit_log::at.lt(to));
        }
        query
    }};
}

pub fn list(
    conn: &mut DbConn,
    filter: &AuditFilter,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<AuditRow>, i64)> {
    with_conn!(conn, {
        let total = filtered!(filter).count().get_result(conn)?;
        let rows = filtered!(filter)
            .order(audit_log::id.desc())
            .limit(limit)
            .offset(offset)
            .select(AuditRow::as_select())
            .load(conn)?;
        Ok((rows, total))
    })
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    with_conn!(conn, audit_log::table.count().get_result(conn))
}
