//! Facilitators' answers to submissions ("you said, we did"): one row per answered submission
//! (keyed by the submission's id), set for one, a selection or a duplicate group at once.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{
    schema::{response_settings, submission_responses, submissions},
    with_conn, DbConn,
};
use crate::domain::{vocab::ResponseStatus, ProcessId, SubmissionId, TokenId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(
    table_name = submission_responses,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct ResponseRow {
    /// The answered submission's id.
    pub id: SubmissionId,
    pub status: ResponseStatus,
    /// Public text shown to the participant and on results links.
    pub reply: Option<String>,
    /// The staff token that answered last.
    pub responded_by: Option<TokenId>,
    pub responded_at: NaiveDateTime,
}

/// `ids` and every submission marked as a duplicate of one of them, inside `process_id`, in
/// id order.
pub fn with_duplicates(
    conn: &mut DbConn,
    process_id: ProcessId,
    ids: &[SubmissionId],
) -> QueryResult<Vec<SubmissionId>> {
    with_conn!(conn, {
        submissions::table
            .filter(submissions::process_id.eq(process_id))
            .filter(
                submissions::id
                    .eq_any(ids)
                    .or(submissions::duplicate_of.eq_any(ids)),
            )
            .order(submissions::id.asc())
            .select(submissions::id)
            .load(conn)
    })
}

/// Sets the answer on every submission of `ids` (replacing an earlier one); returns how many
/// rows were written.
pub fn set(
    conn: &mut DbConn,
    ids: &[SubmissionId],
    status: ResponseStatus,
    reply: Option<&str>,
    by: TokenId,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    let rows: Vec<ResponseRow> = ids
        .iter()
        .map(|&id| ResponseRow {
            id,
            status,
            reply: reply.map(str::to_owned),
            responded_by: Some(by),
            responded_at: at,
        })
        .collect();
    with_conn!(conn, {
        diesel::delete(submission_responses::table.filter(submission_responses::id.eq_any(ids)))
            .execute(conn)?;
        diesel::insert_into(submission_responses::table)
            .values(&rows)
            .execute(conn)
    })
}

/// The answers of `ids` (submissions without one are `received`, and absent here).
pub fn for_submissions(conn: &mut DbConn, ids: &[SubmissionId]) -> QueryResult<Vec<ResponseRow>> {
    with_conn!(conn, {
        submission_responses::table
            .filter(submission_responses::id.eq_any(ids))
            .select(ResponseRow::as_select())
            .load(conn)
    })
}

/// (primary category, answer) of every counted submission of a process (hidden ones and
/// duplicates left out, as in analytics); `None` answer = still `received`.
pub fn outcomes(
    conn: &mut DbConn,
    process_id: ProcessId,
) -> QueryResult<Vec<(Option<String>, Option<ResponseStatus>)>> {
    with_conn!(conn, {
        submissions::table
            .left_join(submission_responses::table)
            .filter(submissions::process_id.eq(process_id))
            .filter(submissions::status.ne("hidden"))
            .filter(submissions::duplicate_of.is_null())
            .select((
                submissions::primary_category,
                submission_responses::status.nullable(),
            ))
            .load(conn)
    })
}

/// A process's own names for the response statuses and its notice setting.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(
    table_name = response_settings,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct ResponseSettingsRow {
    /// The process's id.
    pub id: ProcessId,
    /// JSON object: status word -> the process's name for it.
    pub names: String,
    /// Tell participants of new answers on their next visit.
    pub notify: bool,
    pub updated_at: NaiveDateTime,
    /// JSON object: UI language -> (status word -> the process's name for it in that language).
    pub names_by_language: String,
}

pub fn settings(
    conn: &mut DbConn,
    process_id: ProcessId,
) -> QueryResult<Option<ResponseSettingsRow>> {
    with_conn!(conn, {
        response_settings::table
            .find(process_id)
            .select(ResponseSettingsRow::as_select())
            .first(conn)
            .optional()
    })
}

/// Writes the process's settings, replacing earlier ones.
pub fn save_settings(conn: &mut DbConn, row: &ResponseSettingsRow) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::delete(response_settings::table.find(row.id)).execute(conn)?;
        diesel::insert_into(response_settings::table)
            .values(row)
            .execute(conn)
    })
}
