//! The filtered listing of submissions: newest first by offset or by cursor (keyset), most
//! supported first by offset, and id-ordered pages for exports. The indexes that keep a page's
//! cost independent of the table's size are in migration
//! `2026-11-30-000040_submission_list_indexes` (and, for the supports order,
//! `2026-12-01-000054_submission_support_count`); the text index behind `q` in
//! `2026-11-30-000041_submission_text_index`.

use chrono::NaiveDateTime;
use diesel::{dsl::sql, prelude::*, sql_types::BigInt};

use crate::db::{
    schema::{submission_reports, submissions},
    submissions::SubmissionRow,
    text_search::{TextPlan, TextSearch, TOTAL_CAP},
    with_conn, DbConn,
};
use crate::domain::{vocab::SubmissionStatus, ProcessId, SubmissionId, TokenId};

/// Filters for the list endpoint; every field narrows the result.
#[derive(Debug, Default, Clone)]
pub struct SubmissionFilter {
    pub process_id: ProcessId,
    pub owner_token_id: Option<TokenId>,
    pub status: Option<SubmissionStatus>,
    pub contributor_type: Option<String>,
    pub text_query: Option<String>,
    pub created_from: Option<NaiveDateTime>,
    pub created_to: Option<NaiveDateTime>,
    /// `Some(true)`: only located; `Some(false)`: only without a location.
    pub has_location: Option<bool>,
    pub primary_category: Option<String>,
    /// Only submissions with a sentence less confident than this.
    pub confidence_below: Option<f64>,
    /// Leave hidden submissions out (exports unless an admin asks for them).
    pub exclude_hidden: bool,
    /// `Some(true)`: only submissions someone reported; `Some(false)`: only the others.
    pub reported: Option<bool>,
}

/// Where a newest-first page starts: strictly after (older than) this row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListPosition {
    pub created_at: NaiveDateTime,
    pub id: SubmissionId,
}

impl ListPosition {
    pub fn of(row: &SubmissionRow) -> Self {
        Self {
            created_at: row.created_at,
            id: row.id,
        }
    }
}

/// The filtered query, boxed for whichever backend the surrounding `with_conn!` arm runs
/// on (`DB` is that arm's backend type), with `q` answered by `$plan`.
macro_rules! filtered {
    ($filter:expr, $plan:expr) => {{
        let filter: &SubmissionFilter = $filter;
        let plan: TextPlan = $plan;
        let mut query = submissions::table.into_boxed::<DB>();
        query = if plan == TextPlan::FromIndex {
            // `+` hides the column from the planner, so the query starts from the text
            // index's few rows instead of walking the process's index (a unary plus leaves
            // the value alone).
            query.filter(
                sql::<diesel::sql_types::Bool>("+submissions.process_id = ")
                    .bind::<BigInt, _>(filter.process_id),
            )
        } else {
            query.filter(submissions::process_id.eq(filter.process_id))
        };
        if let Some(owner) = filter.owner_token_id {
            query = query.filter(submissions::token_id.eq(owner));
        }
        if let Some(status) = &filter.status {
            query = query.filter(submissions::status.eq(status.clone()));
        }
        if let Some(kind) = &filter.contributor_type {
            query = query.filter(submissions::contributor_type.eq(kind.clone()));
        }
        if let Some(q) = &filter.text_query {
            query = query.filter(<DB as TextSearch>::contains(q, plan));
        }
        if let Some(from) = filter.created_from {
            query = query.filter(submissions::created_at.ge(from));
        }
        if let Some(to) = filter.created_to {
            query = query.filter(submissions::created_at.lt(to));
        }
        if let Some(category) = &filter.primary_category {
            query = query.filter(submissions::primary_category.eq(category.clone()));
        }
        if filter.exclude_hidden {
            query = query.filter(submissions::status.ne(SubmissionStatus::Hidden));
        }
        if let Some(below) = filter.confidence_below {
            query = query.filter(submissions::min_confidence.lt(below));
        }
        if let Some(reported) = filter.reported {
            // Driven by the reports' primary key: few rows, whatever the process's size.
            let reported_ids = submission_reports::table.select(submission_reports::submission_id);
            query = if reported {
                query.filter(submissions::id.eq_any(reported_ids))
            } else {
                query.filter(submissions::id.ne_all(reported_ids))
            };
        }
        match filter.has_location {
            Some(true) => query = query.filter(submissions::lat.is_not_null()),
            Some(false) => query = query.filter(submissions::lat.is_null()),
            None => {}
        }
        query
    }};
}

/// One newest-first page, its total and where the next page starts (None after the last).
pub struct ListPage {
    pub rows: Vec<SubmissionRow>,
    /// Exact, except for a text search with more than [`TOTAL_CAP`] matches: then the cap.
    pub total: i64,
    /// `total` is the cap of a text search with more matches.
    pub total_is_lower_bound: bool,
    pub next: Option<ListPosition>,
}

/// How this filter's `q` is answered (no text: a plan that is never used).
fn text_plan(conn: &mut DbConn, filter: &SubmissionFilter) -> QueryResult<TextPlan> {
    match &filter.text_query {
        Some(q) => TextPlan::choose(conn, q),
        None => Ok(TextPlan::Index),
    }
}

/// How many rows match, and whether that is the cap of a text search with more.
fn count(conn: &mut DbConn, filter: &SubmissionFilter, plan: TextPlan) -> QueryResult<(i64, bool)> {
    with_conn!(conn, {
        if filter.text_query.is_some() {
            // Counting stops after the cap: every further match would cost as much again.
            let found: Vec<SubmissionId> = filtered!(filter, plan)
                .select(submissions::id)
                .limit(TOTAL_CAP + 1)
                .load(conn)?;
            let n = found.len() as i64;
            Ok((n.min(TOTAL_CAP), n > TOTAL_CAP))
        } else {
            Ok((filtered!(filter, plan).count().get_result(conn)?, false))
        }
    })
}

/// A page of `limit` matching rows, newest first: after `offset` rows, or strictly after
/// `after` (keyset: the index on (process_id, [filter column,] created_at, id) is entered at
/// the position, so a deep page costs what the first one does).
pub fn list(
    conn: &mut DbConn,
    filter: &SubmissionFilter,
    limit: i64,
    offset: i64,
    after: Option<ListPosition>,
) -> QueryResult<ListPage> {
    let plan = text_plan(conn, filter)?;
    let (total, total_is_lower_bound) = count(conn, filter, plan)?;
    with_conn!(conn, {
        let mut query = filtered!(filter, plan);
        if let Some(at) = after {
            // The redundant `created_at <= at` bounds the index range; the OR alone would
            // not.
            query = query.filter(
                submissions::created_at.le(at.created_at).and(
                    submissions::created_at
                        .lt(at.created_at)
                        .or(submissions::id.lt(at.id)),
                ),
            );
        }
        let mut rows = query
            .order((submissions::created_at.desc(), submissions::id.desc()))
            .limit(limit + 1)
            .offset(offset)
            .select(SubmissionRow::as_select())
            .load(conn)?;
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let next = if more {
            rows.last().map(ListPosition::of)
        } else {
            None
        };
        Ok(ListPage {
            rows,
            total,
            total_is_lower_bound,
            next,
        })
    })
}

/// A page of `limit` matching rows, most supported first (ties newest first), after `offset`
/// rows. Ordered by the stored count (`supports` module comment), so the page is a walk of the
/// index on (process_id, support_count, created_at, id) from its end (migration `000054`).
pub fn list_most_supported(
    conn: &mut DbConn,
    filter: &SubmissionFilter,
    limit: i64,
    offset: i64,
) -> QueryResult<ListPage> {
    let plan = text_plan(conn, filter)?;
    let (total, total_is_lower_bound) = count(conn, filter, plan)?;
    with_conn!(conn, {
        let rows = filtered!(filter, plan)
            .order((
                submissions::support_count.desc(),
                submissions::created_at.desc(),
                submissions::id.desc(),
            ))
            .limit(limit)
            .offset(offset)
            .select(SubmissionRow::as_select())
            .load(conn)?;
        Ok(ListPage {
            rows,
            total,
            total_is_lower_bound,
            next: None,
        })
    })
}

/// The next `limit` matching rows after `after_id`, by id: keyset pages for streaming exports,
/// each a short read so writers are never held up.
pub fn page_after(
    conn: &mut DbConn,
    filter: &SubmissionFilter,
    after_id: SubmissionId,
    limit: i64,
) -> QueryResult<Vec<SubmissionRow>> {
    let plan = text_plan(conn, filter)?;
    with_conn!(conn, {
        filtered!(filter, plan)
            .filter(submissions::id.gt(after_id))
            .order(submissions::id.asc())
            .limit(limit)
            .select(SubmissionRow::as_select())
            .load(conn)
    })
}

/// The next `limit` matching submissions after `after_id`, by id, as (id, status): the pages a
/// bulk action walks to find what a filter selects.
pub fn statuses_after(
    conn: &mut DbConn,
    filter: &SubmissionFilter,
    after_id: SubmissionId,
    limit: i64,
) -> QueryResult<Vec<(SubmissionId, SubmissionStatus)>> {
    let plan = text_plan(conn, filter)?;
    with_conn!(conn, {
        filtered!(filter, plan)
            .filter(submissions::id.gt(after_id))
            .order(submissions::id.asc())
            .limit(limit)
            .select((submissions::id, submissions::status))
            .load(conn)
    })
}

/// How many submissions match, exactly (a text search too, however many: only for telling an
/// admin how far a filter is over a bound).
pub fn count_exact(conn: &mut DbConn, filter: &SubmissionFilter) -> QueryResult<i64> {
    let plan = text_plan(conn, filter)?;
    with_conn!(conn, filtered!(filter, plan).count().get_result(conn))
}
