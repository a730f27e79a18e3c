//! Participants' reports of submissions: one row per reporting token and submission. The
//! admin list counts them and filters by them; the count since a submission last changed
//! decides when reports flag it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{
    schema::{submission_reports, submissions},
    with_conn, DbConn,
};
use crate::domain::{SubmissionId, TokenId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = submission_reports,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct ReportRow {
    pub submission_id: SubmissionId,
    pub token_id: TokenId,
    /// What the reporter said is wrong (optional, one line).
    pub reason: Option<String>,
    pub created_at: NaiveDateTime,
}

/// Stores `report` unless its token reported the submission already; returns the stored
/// report (the earlier one on a repeat) and whether it is new.
pub fn record(conn: &mut DbConn, report: &ReportRow) -> QueryResult<(ReportRow, bool)> {
    with_conn!(conn, {
        let added = diesel::insert_into(submission_reports::table)
            .values(report)
            .on_conflict((
                submission_reports::submission_id,
                submission_reports::token_id,
            ))
            .do_nothing()
            .execute(conn)?;
        let stored = submission_reports::table
            .find((report.submission_id, report.token_id))
            .select(ReportRow::as_select())
            .first(conn)?;
        Ok((stored, added > 0))
    })
}

/// The report `token` made of `id`, if any.
pub fn of(conn: &mut DbConn, id: SubmissionId, token: TokenId) -> QueryResult<Option<ReportRow>> {
    with_conn!(conn, {
        submission_reports::table
            .find((id, token))
            .select(ReportRow::as_select())
            .first(conn)
            .optional()
    })
}

/// How many tokens reported `id` after `since` (the submission's last change).
pub fn count_since(conn: &mut DbConn, id: SubmissionId, since: NaiveDateTime) -> QueryResult<i64> {
    with_conn!(conn, {
        submission_reports::table
            .filter(submission_reports::submission_id.eq(id))
            .filter(submission_reports::created_at.gt(since))
            .count()
            .get_result(conn)
    })
}

/// (submission, reports) of those of `ids` that were reported at all (one grouped read over
/// the primary key, for a list page).
pub fn counts(conn: &mut DbConn, ids: &[SubmissionId]) -> QueryResult<Vec<(SubmissionId, i64)>> {
    with_conn!(conn, {
        submission_reports::table
            .filter(submission_reports::submission_id.eq_any(ids))
            .group_by(submission_reports::submission_id)
            .select((submission_reports::submission_id, diesel::dsl::count_star()))
            .load(conn)
    })
}

/// Flags a visible submission with `reason`, unless something changed it meanwhile; true if
/// it was flagged.
pub fn flag_if_visible(
    conn: &mut DbConn,
    id: SubmissionId,
    reason: &str,
    now: NaiveDateTime,
) -> QueryResult<bool> {
    use crate::domain::SubmissionStatus;
    with_conn!(conn, {
        diesel::update(
            submissions::table
                .find(id)
                .filter(submissions::status.eq(SubmissionStatus::Visible)),
        )
        .set((
            submissions::status.eq(SubmissionStatus::Flagged),
            submissions::moderation_reason.eq(reason),
            submissions::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|n| n > 0)
    })
}
