//! A submission's sentences: storing the analysis of a submission, reading its sentences,
//! admins' labels and the review queue.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{
    schema::{sentences, submissions},
    with_conn, DbConn,
};
use crate::domain::{vocab::SentenceSource, ProcessId, SentenceId, SubmissionId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(
    table_name = sentences,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct SentenceRow {
    pub id: SentenceId,
    pub submission_id: SubmissionId,
    pub position: i32,
    pub text: String,
    pub start_offset: i32,
    pub end_offset: i32,
    pub category: String,
    pub confidence: f64,
    pub source: SentenceSource,
    pub model_run_id: Option<crate::domain::RunId>,
    pub reviewed_at: Option<NaiveDateTime>,
}

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = sentences)]
pub struct NewSentence {
    pub submission_id: SubmissionId,
    pub position: i32,
    pub text: String,
    pub start_offset: i32,
    pub end_offset: i32,
    pub category: String,
    pub confidence: f64,
    pub source: SentenceSource,
    pub model_run_id: Option<crate::domain::RunId>,
    pub reviewed_at: Option<NaiveDateTime>,
}

pub fn for_submission(
    conn: &mut DbConn,
    submission_id: SubmissionId,
) -> QueryResult<Vec<SentenceRow>> {
    with_conn!(conn, {
        sentences::table
            .filter(sentences::submission_id.eq(submission_id))
            .order(sentences::position.asc())
            .select(SentenceRow::as_select())
            .load(conn)
    })
}

pub fn for_submissions(conn: &mut DbConn, ids: &[SubmissionId]) -> QueryResult<Vec<SentenceRow>> {
    with_conn!(conn, {
        sentences::table
            .filter(sentences::submission_id.eq_any(ids))
            .order((sentences::submission_id.asc(), sentences::position.asc()))
            .select(SentenceRow::as_select())
            .load(conn)
    })
}

pub fn by_id(conn: &mut DbConn, id: SentenceId) -> QueryResult<Option<SentenceRow>> {
    with_conn!(conn, {
        sentences::table
            .find(id)
            .select(SentenceRow::as_select())
            .first(conn)
            .optional()
    })
}

/// Replaces a submission's sentences and records its summary, unless its text changed since
/// it was read (then it stays pending for the next round).
pub fn store_analysis(
    conn: &mut DbConn,
    submission_id: SubmissionId,
    analysed_text: &str,
    rows: &[NewSentence],
    primary: Option<&str>,
    min_confidence: Option<f64>,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    crate::db::locks::submission(conn, submission_id)?;
    let current: Option<String> = with_conn!(conn, {
        submissions::table
            .find(submission_id)
            .select(submissions::text)
            .first(conn)
            .optional()
    })?;
    if current.as_deref() != Some(analysed_text) {
        return Ok(false);
    }
    // Unchanged sentences keep their row (and id, which training examples and the SPA refer
    // to); changed ones are replaced; surplus ones go.
    let existing = for_submission(conn, submission_id)?;
    with_conn!(conn, {
        for row in rows {
            match existing.iter().find(|e| e.position == row.position) {
                Some(e) if e.text == row.text => {
                    diesel::update(sentences::table.find(e.id))
                        .set((
                            sentences::start_offset.eq(row.start_offset),
                            sentences::end_offset.eq(row.end_offset),
                            sentences::category.eq(&row.category),
                            sentences::confidence.eq(row.confidence),
                            sentences::source.eq(&row.source),
                            sentences::model_run_id.eq(row.model_run_id),
                            sentences::reviewed_at.eq(row.reviewed_at),
                        ))
                        .execute(conn)?;
                }
                Some(e) => {
                    diesel::delete(sentences::table.find(e.id)).execute(conn)?;
                    diesel::insert_into(sentences::table)
                        .values(row)
                        .execute(conn)?;
                }
                None => {
                    diesel::insert_into(sentences::table)
                        .values(row)
                        .execute(conn)?;
                }
            }
        }
        let count = rows.len() as i32;
        diesel::delete(
            sentences::table.filter(
                sentences::submission_id
                    .eq(submission_id)
                    .and(sentences::position.ge(count)),
            ),
        )
        .execute(conn)?;
        diesel::update(submissions::table.find(submission_id))
            .set((
                submissions::analysed_at.eq(Some(at)),
                submissions::primary_category.eq(primary),
                submissions::min_confidence.eq(min_confidence),
            ))
            .execute(conn)?;
    });
    Ok(true)
}

pub fn update_summary(
    conn: &mut DbConn,
    submission_id: SubmissionId,
    primary: Option<&str>,
    min_confidence: Option<f64>,
) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(submissions::table.find(submission_id))
            .set((
                submissions::primary_category.eq(primary),
                submissions::min_confidence.eq(min_confidence),
            ))
            .execute(conn)
    })
}

pub fn set_sentence_category(
    conn: &mut DbConn,
    id: SentenceId,
    category: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(sentences::table.find(id))
            .set((
                sentences::category.eq(category),
                sentences::confidence.eq(1.0),
                sentences::source.eq(SentenceSource::Admin),
                sentences::reviewed_at.eq(Some(at)),
            ))
            .execute(conn)
    })
}

/// Model-labelled, unreviewed sentences of a process, least confident first.
pub fn review_queue(
    conn: &mut DbConn,
    process_id: ProcessId,
    limit: i64,
    offset: i64,
) -> QueryResult<(Vec<SentenceRow>, i64)> {
    with_conn!(conn, {
        let base = || {
            sentences::table
                .inner_join(submissions::table)
                .filter(submissions::process_id.eq(process_id))
                .filter(sentences::source.eq(SentenceSource::Model))
                .filter(sentences::reviewed_at.is_null())
        };
        let total = base().count().get_result(conn)?;
        let rows = base()
            .order((sentences::confidence.asc(), sentences::id.asc()))
            .limit(limit)
            .offset(offset)
            .select(SentenceRow::as_select())
            .load(conn)?;
        Ok((rows, total))
    })
}
