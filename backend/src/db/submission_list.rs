//! The filtered listing of submissions: newest first by offset or by cursor (keyset), and
//! id-ordered pages for exports. The indexes that keep a page's cost independent of the
//! table's size are in migration `2026-11-30-000040_submission_list_indexes`; the text index
//! behind `q` in `2026-11-30-000041_submission_text_index`.

use chrono::NaiveDateTime;
use diesel::{
    dsl::sql,
    expression::BoxableExpression,
    pg::Pg,
    prelude::*,
    sql_types::{Bool, Text},
    sqlite::Sqlite,
};

use crate::db::{schema::submissions, submissions::SubmissionRow, supports, with_conn, DbConn};
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

#[diesel::declare_sql_function]
extern "SQL" {
    /// Lower-cases text, so the search is case-insensitive on both backends (SQLite's LIKE
    /// already is for ASCII; PostgreSQL's is not).
    fn lower(text: Text) -> Text;
}

/// `%` and `_` typed by a user are literal characters, not wildcards; lower-cased to match
/// `lower(text)`.
fn like_pattern(query: &str) -> String {
    let escaped = query
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

type TextCondition<DB> = Box<dyn BoxableExpression<submissions::table, DB, SqlType = Bool>>;

/// The `q` condition, which each backend answers from its own text index.
pub trait TextSearch: diesel::backend::Backend + Sized {
    fn contains(query: &str) -> TextCondition<Self>;
}

/// The old comparison: `lower(text) LIKE '%q%'`, a case-insensitive substring.
fn substring<DB>(query: &str) -> TextCondition<DB>
where
    DB: diesel::backend::Backend + 'static,
    diesel::dsl::Escape<diesel::dsl::Like<lower<submissions::text>, String>>:
        BoxableExpression<submissions::table, DB, SqlType = Bool>,
{
    Box::new(
        lower(submissions::text)
            .like(like_pattern(query))
            .escape('\\'),
    )
}

impl TextSearch for Sqlite {
    /// The FTS5 trigram index (`submissions_fts`) finds every row holding the query as a
    /// substring, case-insensitively, when the query has at least three characters (one
    /// trigram); shorter queries take the old comparison, a scan of the process. The index
    /// folds case beyond ASCII (as PostgreSQL's `lower` does), so it finds every row the old
    /// comparison found, and also `Äpfel` for `äpfel`, which SQLite's ASCII-only `lower`
    /// missed.
    fn contains(query: &str) -> TextCondition<Self> {
        if query.chars().count() < 3 {
            return substring(query);
        }
        let phrase = format!("\"{}\"", query.to_lowercase().replace('"', "\"\""));
        Box::new(
            sql::<Bool>(
                "submissions.id IN (SELECT rowid FROM submissions_fts WHERE submissions_fts MATCH ",
            )
            .bind::<Text, _>(phrase)
            .sql(")"),
        )
    }
}

impl TextSearch for Pg {
    /// Unchanged SQL: the pg_trgm GIN index on `lower(text)` answers this LIKE when the
    /// extension was available to the migration; without it PostgreSQL scans the process.
    /// A query shorter than three characters has no trigram to look up, yet the planner
    /// would still walk the whole index (measured 2.5× slower than a scan at 100,000 rows), so
    /// its comparison is written so that the index does not match it: `lower(text) || ''`.
    fn contains(query: &str) -> TextCondition<Self> {
        if query.chars().count() >= 3 {
            return substring(query);
        }
        Box::new(
            lower(submissions::text)
                .concat("")
                .like(like_pattern(query))
                .escape('\\'),
        )
    }
}

/// The filtered query, boxed for whichever backend the surrounding `with_conn!` arm runs
/// on (`DB` is that arm's backend type).
macro_rules! filtered {
    ($filter:expr) => {{
        let filter: &SubmissionFilter = $filter;
        let mut query = submissions::table
            .filter(submissions::process_id.eq(filter.process_id))
            .into_boxed::<DB>();
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
            query = query.filter(<DB as TextSearch>::contains(q));
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
    pub total: i64,
    pub next: Option<ListPosition>,
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
    with_conn!(conn, {
        let total = filtered!(filter).count().get_result(conn)?;
        let mut query = filtered!(filter);
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
        Ok(ListPage { rows, total, next })
    })
}

/// A page of `limit` matching rows, most supported first (ties newest first), after `offset`
/// rows. The supported rows (few) are counted and sorted; the rest follow in the newest-first
/// order of the list's indexes, so the count is never worked out for unsupported rows.
pub fn list_most_supported(
    conn: &mut DbConn,
    filter: &SubmissionFilter,
    limit: i64,
    offset: i64,
) -> QueryResult<ListPage> {
    with_conn!(conn, {
        let total = filtered!(filter).count().get_result(conn)?;
        let mut rows = filtered!(filter)
            .filter(supports::supported())
            .order((
                supports::count().desc(),
                submissions::created_at.desc(),
                submissions::id.desc(),
            ))
            .limit(limit)
            .offset(offset)
            .select(SubmissionRow::as_select())
            .load(conn)?;
        let wanted = limit - rows.len() as i64;
        if wanted > 0 {
            // How far into the unsupported rows this page starts.
            let skip = if rows.is_empty() {
                let supported: i64 = filtered!(filter)
                    .filter(supports::supported())
                    .count()
                    .get_result(conn)?;
                (offset - supported).max(0)
            } else {
                0
            };
            rows.extend(
                filtered!(filter)
                    .filter(diesel::dsl::not(supports::supported()))
                    .order((submissions::created_at.desc(), submissions::id.desc()))
                    .limit(wanted)
                    .offset(skip)
                    .select(SubmissionRow::as_select())
                    .load(conn)?,
            );
        }
        Ok(ListPage {
            rows,
            total,
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
    with_conn!(conn, {
        filtered!(filter)
            .filter(submissions::id.gt(after_id))
            .order(submissions::id.asc())
            .limit(limit)
            .select(SubmissionRow::as_select())
            .load(conn)
    })
}
