//! Supports ("me too" instead of writing the same again): one row per token and submission.
//!
//! How many a submission has is defined once, in SQL ([`COUNT_SQL`]): the number of distinct
//! tokens that support the submission or any submission marked as a duplicate of it, its
//! author never counted. Duplicates point at their original (never at another duplicate,
//! `api::similar::mark_duplicate`), so a duplicate has no duplicates of its own and keeps the
//! count of its own supports, while its original adds them to its own.
//!
//! The one source of truth that is read is the stored `submissions.support_count` (migration
//! `000054`): the views, the admin list's sort (an index walk), analytics, results links and
//! exports all read the column. [`COUNT_SQL`] only writes it: every change that can alter a
//! count (a support added or withdrawn, a duplicate marked, unmarked or re-pointed, a
//! submission deleted) calls [`recount`] for the submissions it touched, in the transaction
//! that makes the change, so the column never disagrees with the definition ([`drifted`] says
//! where it would). These writes live in this module and `db::submissions`, and each starts
//! with [`hold`].

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;
use diesel::{dsl::sql, expression::SqlLiteral, prelude::*, sql_types::BigInt};

use super::{
    locks,
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
/// submissions in `list_bench`). Public for the benches, which write supports with raw SQL and
/// then store the counts as [`recount`] would.
pub const COUNT_SQL: &str = "((SELECT COUNT(*) FROM submission_supports sup \
     WHERE sup.submission_id = submissions.id AND sup.token_id <> submissions.token_id) \
     + (SELECT COUNT(DISTINCT sup.token_id) FROM submissions dup \
     JOIN submission_supports sup ON sup.submission_id = dup.id \
     WHERE dup.duplicate_of = submissions.id AND sup.token_id <> submissions.token_id \
     AND NOT EXISTS (SELECT 1 FROM submission_supports own \
     WHERE own.submission_id = submissions.id AND own.token_id = sup.token_id)))";

/// The support count of the current `submissions` row, worked out from the supports.
fn counted() -> SqlLiteral<BigInt> {
    sql::<BigInt>(COUNT_SQL)
}

/// Stores the support count of each of `ids` as [`COUNT_SQL`] works it out (ids that no
/// longer exist are skipped). Called, in the same transaction, by every write that can change
/// a count, with the submissions whose count it may change: the one supported or withdrawn
/// from and its original; a duplicate being marked or unmarked, its old and its new original;
/// the original of a deleted submission.
pub fn recount(
    conn: &mut DbConn,
    ids: impl IntoIterator<Item = SubmissionId>,
) -> QueryResult<usize> {
    let ids: BTreeSet<SubmissionId> = ids.into_iter().collect();
    if ids.is_empty() {
        return Ok(0);
    }
    with_conn!(conn, {
        diesel::update(submissions::table.filter(submissions::id.eq_any(&ids)))
            .set(submissions::support_count.eq(counted()))
            .execute(conn)
    })
}

/// (id, stored count, counted) of every submission whose stored count is not what
/// [`COUNT_SQL`] works out: empty unless a write forgot to [`recount`]. A count of every row,
/// for tests and checks, never for a request.
pub fn drifted(conn: &mut DbConn) -> QueryResult<Vec<(SubmissionId, i64, i64)>> {
    with_conn!(conn, {
        submissions::table
            .filter(submissions::support_count.ne(counted()))
            .order(submissions::id.asc())
            .select((submissions::id, submissions::support_count, counted()))
            .load(conn)
    })
}

/// Readies a change to the supports or the duplicate mark of `id`, which may change the counts
/// of `id`, its original and its duplicates (and of `also`, such as an original it is about to
/// join), and answers its original. On PostgreSQL it first waits for the process's other count
/// changes to commit ([`locks::support_counts`]), so what it reads is current and stays so
/// (every change of a mark takes the same lock), then holds all those rows in id order
/// ([`locks::submissions_in_order`]) before anything is written.
pub fn hold(
    conn: &mut DbConn,
    id: SubmissionId,
    also: &[SubmissionId],
) -> QueryResult<Option<SubmissionId>> {
    locks::support_counts(conn, id)?;
    let (original, duplicates) = with_conn!(conn, {
        let original: Option<SubmissionId> = submissions::table
            .find(id)
            .select(submissions::duplicate_of)
            .first::<Option<SubmissionId>>(conn)
            .optional()?
            .flatten();
        let duplicates: Vec<SubmissionId> = submissions::table
            .filter(submissions::duplicate_of.eq(id))
            .select(submissions::id)
            .load(conn)?;
        QueryResult::Ok((original, duplicates))
    })?;
    let mut group: Vec<SubmissionId> = duplicates;
    group.push(id);
    group.extend(original);
    group.extend_from_slice(also);
    locks::submissions_in_order(conn, &group)?;
    Ok(original)
}

/// Adds the support of `token` to `submission`, and recounts it and its original; false if it
/// was there already.
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
    change_supports(conn, submission, |conn| {
        with_conn!(conn, {
            diesel::insert_into(submission_supports::table)
                .values(&row)
                .on_conflict_do_nothing()
                .execute(conn)
                .map(|n| n > 0)
        })
    })
}

/// Withdraws the support of `token` from `submission`, and recounts it and its original; false
/// if there was none.
pub fn remove(conn: &mut DbConn, submission: SubmissionId, token: TokenId) -> QueryResult<bool> {
    change_supports(conn, submission, |conn| {
        with_conn!(conn, {
            diesel::delete(submission_supports::table.find((submission, token)))
                .execute(conn)
                .map(|n| n > 0)
        })
    })
}

/// Runs `change` to the supports of `submission` (true if it changed them) with its group
/// held ([`hold`]), then recounts it and its original if it did.
fn change_supports(
    conn: &mut DbConn,
    submission: SubmissionId,
    change: impl FnOnce(&mut DbConn) -> QueryResult<bool>,
) -> QueryResult<bool> {
    let original = hold(conn, submission, &[])?;
    let changed = change(conn)?;
    if changed {
        recount(conn, std::iter::once(submission).chain(original))?;
    }
    Ok(changed)
}

/// The stored support counts of `ids` (every id present, zeros included).
pub fn counts(conn: &mut DbConn, ids: &[SubmissionId]) -> QueryResult<BTreeMap<SubmissionId, i64>> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    with_conn!(conn, {
        submissions::table
            .filter(submissions::id.eq_any(ids))
            .select((submissions::id, submissions::support_count))
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
            .filter(submissions::support_count.gt(0_i64))
            .select((
                submissions::primary_category,
                submissions::contributor_type,
                submissions::support_count,
            ))
            .load(conn)
    })
}
