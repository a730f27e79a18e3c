//! Supports ("me too" instead of writing the same again): one row per token and submission.
//!
//! How many a submission has is written once, in SQL ([`count`]), and used everywhere: the
//! views, the admin list's sort, analytics, results links and exports. It is the number of
//! distinct tokens that support the submission or any submission marked as a duplicate of it,
//! its author never counted. Duplicates point at their original (never at another duplicate,
//! `api::similar::mark_duplicate`), so a duplicate has no duplicates of its own and keeps the
//! count of its own supports, while its original adds them to its own.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;
use diesel::{
    dsl::sql,
    expression::SqlLiteral,
    prelude::*,
    sql_types::{BigInt, Bool},
};

use super::{
    schema::{submission_supports, submissions},
    with_conn, DbConn,
};
use crate::domain::{vocab::SubmissionStatus, ProcessId, SubmissionId, TokenId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = submission_supports,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg)
)]
pub struct SupportRow {
    pub submission_id: SubmissionId,
    pub token_id: TokenId,
    pub created_at: NaiveDateTime,
}

/// The support count of the row of `submissions` the surrounding query is on (see the module
/// comment): the tokens supporting it, plus those supporting one of its duplicates and not it
/// (so none counts twice), its author left out. `sup`, `dup` and `own` are aliases of their
/// own, so `submissions` names the outer row. Written as index look-ups only (the primary key
/// of `submission_supports`, the partial index on `duplicate_of`): PostgreSQL scanned the
/// whole table per row for an `OR` of the two sets (7 s for the supports sort at 100,000
/// submissions in `list_bench`).
const COUNT_SQL: &str = "((SELECT COUNT(*) FROM submission_supports sup \
     WHERE sup.submission_id = submissions.id AND sup.token_id <> submissions.token_id) \
     + (SELECT COUNT(DISTINCT sup.token_id) FROM submissions dup \
     JOIN submission_supports sup ON sup.submission_id = dup.id \
     WHERE dup.duplicate_of = submissions.id AND sup.token_id <> submissions.token_id \
     AND NOT EXISTS (SELECT 1 FROM submission_supports own \
     WHERE own.submission_id = submissions.id AND own.token_id = sup.token_id)))";

/// Every submission that could have a support: supported ones and the originals of supported
/// duplicates. Read once per query (it does not depend on the outer row), so a list can skip
/// the count of the many submissions nobody supports.
const MAY_HAVE_SQL: &str = "submissions.id IN (SELECT s.submission_id FROM submission_supports s \
     UNION SELECT d.duplicate_of FROM submission_supports s \
     JOIN submissions d ON d.id = s.submission_id WHERE d.duplicate_of IS NOT NULL)";

/// The support count of the current `submissions` row, as an expression to select or sort by.
pub fn count() -> SqlLiteral<BigInt> {
    sql::<BigInt>(COUNT_SQL)
}

/// Whether the current `submissions` row has at least one support.
pub fn supported() -> diesel::dsl::And<SqlLiteral<Bool>, diesel::dsl::Gt<SqlLiteral<BigInt>, i64>> {
    sql::<Bool>(MAY_HAVE_SQL).and(count().gt(0_i64))
}

/// Adds the support of `token` to `submission`; false if it was there already.
pub fn add(
    conn: &mut DbConn,
    submission: SubmissionId,
    token: TokenId,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    let row = SupportRow {
        submission_id: submission,
        token_id: token,
        created_at: at,
    };
    with_conn!(conn, {
        diesel::insert_into(submission_supports::table)
            .values(&row)
            .on_conflict_do_nothing()
            .execute(conn)
            .map(|n| n > 0)
    })
}

/// Withdraws the support of `token` from `submission`; false if there was none.
pub fn remove(conn: &mut DbConn, submission: SubmissionId, token: TokenId) -> QueryResult<bool> {
    with_conn!(conn, {
        diesel::delete(submission_supports::table.find((submission, token)))
            .execute(conn)
            .map(|n| n > 0)
    })
}

/// The support counts of `ids` (every id present, zeros included).
pub fn counts(conn: &mut DbConn, ids: &[SubmissionId]) -> QueryResult<BTreeMap<SubmissionId, i64>> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    with_conn!(conn, {
        submissions::table
            .filter(submissions::id.eq_any(ids))
            .select((submissions::id, count()))
            .load::<(SubmissionId, i64)>(conn)
            .map(|rows| rows.into_iter().collect())
    })
}

/// Those of `ids` that `token` supports.
pub fn supported_by(
    conn: &mut DbConn,
    token: TokenId,
    ids: &[SubmissionId],
) -> QueryResult<BTreeSet<SubmissionId>> {
    if ids.is_empty() {
        return Ok(BTreeSet::new());
    }
    with_conn!(conn, {
        submission_supports::table
            .filter(submission_supports::token_id.eq(token))
            .filter(submission_supports::submission_id.eq_any(ids))
            .select(submission_supports::submission_id)
            .load::<SubmissionId>(conn)
            .map(|rows| rows.into_iter().collect())
    })
}

/// (primary category, contributor type, supports) of every supported submission that
/// analytics counts (not hidden, not a duplicate: a duplicate's supports are in its
/// original's count).
pub fn totals(
    conn: &mut DbConn,
    process_id: ProcessId,
) -> QueryResult<Vec<(Option<String>, String, i64)>> {
    with_conn!(conn, {
        submissions::table
            .filter(submissions::process_id.eq(process_id))
            .filter(submissions::status.ne(SubmissionStatus::Hidden))
            .filter(submissions::duplicate_of.is_null())
            .filter(supported())
            .select((
                submissions::primary_category,
                submissions::contributor_type,
                count(),
            ))
            .load(conn)
    })
}
