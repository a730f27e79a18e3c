//! Submissions (their filtered listing is in `submission_list`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{schema::submissions, supports, with_conn, DbConn};
use crate::domain::{vocab::SubmissionStatus, ProcessId, SubmissionId, TokenId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(
    table_name = submissions,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct SubmissionRow {
    pub id: SubmissionId,
    pub process_id: ProcessId,
    pub token_id: TokenId,
    pub contributor_type: String,
    pub text: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub status: SubmissionStatus,
    pub moderation_reason: Option<String>,
    pub entered_by_admin: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// When its sentences were last categorised; None = waiting for analysis.
    pub analysed_at: Option<NaiveDateTime>,
    pub primary_category: Option<String>,
    /// The lowest sentence confidence, for "least certain first" filters.
    pub min_confidence: Option<f64>,
    /// The submission this one repeats (kept, linked, counted once).
    pub duplicate_of: Option<SubmissionId>,
    /// Its supports as `db::supports` defines them, kept by `supports::recount` (0 on insert).
    pub support_count: i64,
}

#[derive(Insertable)]
#[diesel(table_name = submissions)]
pub struct NewSubmission {
    pub process_id: ProcessId,
    pub token_id: TokenId,
    pub contributor_type: String,
    pub text: String,
    pub lat: Option<f64>,
    pub lng: Option<f64>,
    pub status: SubmissionStatus,
    pub moderation_reason: Option<String>,
    pub entered_by_admin: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(AsChangeset, Default)]
#[diesel(table_name = submissions)]
pub struct SubmissionChanges {
    pub text: Option<String>,
    pub lat: Option<Option<f64>>,
    pub lng: Option<Option<f64>>,
    pub status: Option<SubmissionStatus>,
    pub moderation_reason: Option<Option<String>>,
    pub updated_at: Option<NaiveDateTime>,
    /// Set to `Some(None)` when the text changes, so the analyser picks it up again.
    pub analysed_at: Option<Option<NaiveDateTime>>,
}

pub fn insert(conn: &mut DbConn, new: &NewSubmission) -> QueryResult<SubmissionRow> {
    with_conn!(conn, {
        diesel::insert_into(submissions::table)
            .values(new)
            .returning(SubmissionRow::as_returning())
            .get_result(conn)
    })
}

pub fn by_id(conn: &mut DbConn, id: SubmissionId) -> QueryResult<Option<SubmissionRow>> {
    with_conn!(conn, {
        submissions::table
            .find(id)
            .select(SubmissionRow::as_select())
            .first(conn)
            .optional()
    })
}

pub fn update(
    conn: &mut DbConn,
    id: SubmissionId,
    changes: &SubmissionChanges,
) -> QueryResult<SubmissionRow> {
    with_conn!(conn, {
        diesel::update(submissions::table.find(id))
            .set(changes)
            .returning(SubmissionRow::as_returning())
            .get_result(conn)
    })
}

/// Deletes a submission (its supports go with it) and recounts its original, which no longer
/// takes in its supporters. Its own duplicates become originals (`ON DELETE SET NULL`) with
/// the counts they had: a duplicate counts its own supports only, as an original without
/// duplicates does.
pub fn delete(conn: &mut DbConn, id: SubmissionId) -> QueryResult<usize> {
    let original = supports::hold(conn, id, &[])?;
    let deleted = with_conn!(conn, {
        diesel::delete(submissions::table.find(id)).execute(conn)
    })?;
    supports::recount(conn, original)?;
    Ok(deleted)
}

pub fn count(conn: &mut DbConn) -> QueryResult<i64> {
    with_conn!(conn, submissions::table.count().get_result(conn))
}

pub fn count_by_status(conn: &mut DbConn) -> QueryResult<Vec<(String, i64)>> {
    with_conn!(conn, {
        submissions::table
            .group_by(submissions::status)
            .select((submissions::status, diesel::dsl::count_star()))
            .load(conn)
    })
}

/// Per-process aggregates for the dashboard. Grouping by time happens in Rust so no
/// backend-specific date function is needed.
pub struct ProcessAggregates {
    pub by_status: Vec<(String, i64)>,
    pub by_contributor_type: Vec<(String, i64)>,
    pub by_category_and_type: Vec<(Option<String>, String, i64)>,
    pub duplicates: i64,
    pub located: i64,
    pub created: Vec<NaiveDateTime>,
}

pub fn aggregates(conn: &mut DbConn, process_id: ProcessId) -> QueryResult<ProcessAggregates> {
    with_conn!(conn, {
        let in_process = submissions::process_id.eq(process_id);
        let counted = submissions::status
            .ne(SubmissionStatus::Hidden)
            .and(submissions::duplicate_of.is_null());
        Ok(ProcessAggregates {
            by_status: submissions::table
                .filter(in_process)
                .group_by(submissions::status)
                .select((submissions::status, diesel::dsl::count_star()))
                .load(conn)?,
            by_contributor_type: submissions::table
                .filter(in_process.and(counted))
                .group_by(submissions::contributor_type)
                .select((submissions::contributor_type, diesel::dsl::count_star()))
                .load(conn)?,
            by_category_and_type: submissions::table
                .filter(in_process.and(counted))
                .group_by((submissions::primary_category, submissions::contributor_type))
                .select((
                    submissions::primary_category,
                    submissions::contributor_type,
                    diesel::dsl::count_star(),
                ))
                .load(conn)?,
            duplicates: submissions::table
                .filter(in_process.and(submissions::duplicate_of.is_not_null()))
                .count()
                .get_result(conn)?,
            located: submissions::table
                .filter(in_process.and(counted).and(submissions::lat.is_not_null()))
                .count()
                .get_result(conn)?,
            created: submissions::table
                .filter(in_process.and(counted))
                .select(submissions::created_at)
                .load(conn)?,
        })
    })
}

/// Submissions to compare for similarity: visible ones (and flagged ones for admins), oldest
/// first, at most 5000 so a comparison stays interactive.
pub fn comparable(
    conn: &mut DbConn,
    process_id: ProcessId,
    include_flagged: bool,
) -> QueryResult<Vec<SubmissionRow>> {
    with_conn!(conn, {
        let statuses: &[SubmissionStatus] = if include_flagged {
            &[SubmissionStatus::Visible, SubmissionStatus::Flagged]
        } else {
            &[SubmissionStatus::Visible]
        };
        submissions::table
            .filter(
                submissions::process_id
                    .eq(process_id)
                    .and(submissions::status.eq_any(statuses)),
            )
            .order(submissions::id.asc())
            .limit(5000)
            .select(SubmissionRow::as_select())
            .load(conn)
    })
}

/// Marks `id` as a duplicate of the original `of`, moving its own duplicates onto `of` too
/// so no chain forms; or, with None, as not a duplicate. Recounts `id`, the original it leaves
/// and the one it joins (the moved duplicates keep theirs: each counts its own supports only).
pub fn set_duplicate_of(
    conn: &mut DbConn,
    id: SubmissionId,
    of: Option<SubmissionId>,
) -> QueryResult<usize> {
    let left = supports::hold(conn, id, of.as_slice())?;
    let changed = with_conn!(conn, {
        let changed = diesel::update(submissions::table.find(id))
            .set(submissions::duplicate_of.eq(of))
            .execute(conn)?;
        if of.is_some() {
            diesel::update(submissions::table.filter(submissions::duplicate_of.eq(id)))
                .set(submissions::duplicate_of.eq(of))
                .execute(conn)?;
        }
        QueryResult::Ok(changed)
    })?;
    supports::recount(conn, std::iter::once(id).chain(left).chain(of))?;
    Ok(changed)
}

/// (id, status) of those of `ids` that belong to `process_id`, in id order.
pub fn statuses_in_process(
    conn: &mut DbConn,
    process_id: ProcessId,
    ids: &[SubmissionId],
) -> QueryResult<Vec<(SubmissionId, SubmissionStatus)>> {
    with_conn!(conn, {
        submissions::table
            .filter(submissions::process_id.eq(process_id))
            .filter(submissions::id.eq_any(ids))
            .order(submissions::id.asc())
            .select((submissions::id, submissions::status))
            .load(conn)
    })
}

/// Moves every submission of `ids` to `status` with `reason` (one statement).
pub fn moderate_many(
    conn: &mut DbConn,
    ids: &[SubmissionId],
    status: SubmissionStatus,
    reason: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(submissions::table.filter(submissions::id.eq_any(ids)))
            .set((
                submissions::status.eq(status),
                submissions::moderation_reason.eq(reason),
                submissions::updated_at.eq(now),
            ))
            .execute(conn)
    })
}
