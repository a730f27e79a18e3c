//! Sentences, training examples, model runs and the embedding cache.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{
    schema::{embedding_cache, model_runs, sentences, submissions, training_examples},
    with_conn, DbConn,
};
use crate::domain::vocab::{ExampleKind, RunState, SentenceSource};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(
    table_name = sentences,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct SentenceRow {
    pub id: i64,
    pub submission_id: i64,
    pub position: i32,
    pub text: String,
    pub start_offset: i32,
    pub end_offset: i32,
    pub category: String,
    pub confidence: f64,
    pub source: SentenceSource,
    pub model_run_id: Option<i64>,
    pub reviewed_at: Option<NaiveDateTime>,
}

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = sentences)]
pub struct NewSentence {
    pub submission_id: i64,
    pub position: i32,
    pub text: String,
    pub start_offset: i32,
    pub end_offset: i32,
    pub category: String,
    pub confidence: f64,
    pub source: SentenceSource,
    pub model_run_id: Option<i64>,
    pub reviewed_at: Option<NaiveDateTime>,
}

/// Submissions waiting for analysis (new or edited), oldest first.
pub fn pending_submissions(
    conn: &mut DbConn,
    process_id: Option<i64>,
    limit: i64,
) -> QueryResult<Vec<(i64, i64, String)>> {
    with_conn!(conn, {
        let mut q = submissions::table
            .filter(submissions::analysed_at.is_null())
            .select((submissions::id, submissions::process_id, submissions::text))
            .order(submissions::id.asc())
            .limit(limit)
            .into_boxed();
        if let Some(p) = process_id {
            q = q.filter(submissions::process_id.eq(p));
        }
        q.load(conn)
    })
}

pub fn count_pending(conn: &mut DbConn, process_id: i64) -> QueryResult<i64> {
    with_conn!(conn, {
        submissions::table
            .filter(
                submissions::process_id
                    .eq(process_id)
                    .and(submissions::analysed_at.is_null()),
            )
            .count()
            .get_result(conn)
    })
}

/// Marks every submission of a process for re-analysis.
pub fn mark_process_pending(conn: &mut DbConn, process_id: i64) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(submissions::table.filter(submissions::process_id.eq(process_id)))
            .set(submissions::analysed_at.eq(None::<NaiveDateTime>))
            .execute(conn)
    })
}

pub fn for_submission(conn: &mut DbConn, submission_id: i64) -> QueryResult<Vec<SentenceRow>> {
    with_conn!(conn, {
        sentences::table
            .filter(sentences::submission_id.eq(submission_id))
            .order(sentences::position.asc())
            .select(SentenceRow::as_select())
            .load(conn)
    })
}

pub fn for_submissions(conn: &mut DbConn, ids: &[i64]) -> QueryResult<Vec<SentenceRow>> {
    with_conn!(conn, {
        sentences::table
            .filter(sentences::submission_id.eq_any(ids))
            .order((sentences::submission_id.asc(), sentences::position.asc()))
            .select(SentenceRow::as_select())
            .load(conn)
    })
}

pub fn by_id(conn: &mut DbConn, id: i64) -> QueryResult<Option<SentenceRow>> {
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
    submission_id: i64,
    analysed_text: &str,
    rows: &[NewSentence],
    primary: Option<&str>,
    min_confidence: Option<f64>,
    at: NaiveDateTime,
) -> QueryResult<bool> {
    super::locks::submission(conn, submission_id)?;
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
    submission_id: i64,
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
    id: i64,
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
    process_id: i64,
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

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(
    table_name = training_examples,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct TrainingExampleRow {
    pub id: i64,
    pub process_id: i64,
    pub sentence_id: Option<i64>,
    pub text: String,
    pub category: String,
    pub kind: ExampleKind,
    pub group_key: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = training_examples)]
pub struct NewTrainingExample {
    pub process_id: i64,
    pub sentence_id: Option<i64>,
    pub text: String,
    pub category: String,
    pub kind: ExampleKind,
    pub group_key: String,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

/// Records a label; a newer label for the same sentence replaces the older one.
pub fn record_example(
    conn: &mut DbConn,
    example: &NewTrainingExample,
) -> QueryResult<TrainingExampleRow> {
    with_conn!(conn, {
        if let Some(sentence) = example.sentence_id {
            diesel::delete(
                training_examples::table.filter(training_examples::sentence_id.eq(sentence)),
            )
            .execute(conn)?;
        }
        diesel::insert_into(training_examples::table)
            .values(example)
            .returning(TrainingExampleRow::as_returning())
            .get_result(conn)
    })
}

pub fn examples_for_process(
    conn: &mut DbConn,
    process_id: i64,
) -> QueryResult<Vec<TrainingExampleRow>> {
    with_conn!(conn, {
        training_examples::table
            .filter(training_examples::process_id.eq(process_id))
            .order(training_examples::id.asc())
            .select(TrainingExampleRow::as_select())
            .load(conn)
    })
}

pub fn example_by_id(conn: &mut DbConn, id: i64) -> QueryResult<Option<TrainingExampleRow>> {
    with_conn!(conn, {
        training_examples::table
            .find(id)
            .select(TrainingExampleRow::as_select())
            .first(conn)
            .optional()
    })
}

pub fn delete_example(conn: &mut DbConn, id: i64) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::delete(training_examples::table.find(id)).execute(conn)
    })
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(
    table_name = model_runs,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct ModelRunRow {
    pub id: i64,
    pub process_id: i64,
    pub engine: String,
    pub state: RunState,
    pub examples: i32,
    pub metrics: Option<String>,
    pub classifier: Option<String>,
    pub error: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = model_runs)]
pub struct NewModelRun {
    pub process_id: i64,
    pub engine: String,
    pub state: RunState,
    pub created_by: Option<i64>,
    pub created_at: NaiveDateTime,
}

pub fn insert_run(conn: &mut DbConn, run: &NewModelRun) -> QueryResult<ModelRunRow> {
    with_conn!(conn, {
        diesel::insert_into(model_runs::table)
            .values(run)
            .returning(ModelRunRow::as_returning())
            .get_result(conn)
    })
}

pub fn run_by_id(conn: &mut DbConn, id: i64) -> QueryResult<Option<ModelRunRow>> {
    with_conn!(conn, {
        model_runs::table
            .find(id)
            .select(ModelRunRow::as_select())
            .first(conn)
            .optional()
    })
}

pub fn runs_for_process(conn: &mut DbConn, process_id: i64) -> QueryResult<Vec<ModelRunRow>> {
    with_conn!(conn, {
        model_runs::table
            .filter(model_runs::process_id.eq(process_id))
            .order(model_runs::id.desc())
            .select(ModelRunRow::as_select())
            .load(conn)
    })
}

pub fn set_run_state(conn: &mut DbConn, id: i64, state: RunState) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(model_runs::table.find(id))
            .set(model_runs::state.eq(state))
            .execute(conn)
    })
}

pub fn finish_run(
    conn: &mut DbConn,
    id: i64,
    examples: i32,
    metrics: &str,
    classifier: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(model_runs::table.find(id))
            .set((
                model_runs::state.eq(RunState::Done),
                model_runs::examples.eq(examples),
                model_runs::metrics.eq(Some(metrics)),
                model_runs::classifier.eq(Some(classifier)),
                model_runs::finished_at.eq(Some(at)),
            ))
            .execute(conn)
    })
}

pub fn fail_run(conn: &mut DbConn, id: i64, error: &str, at: NaiveDateTime) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(model_runs::table.find(id))
            .set((
                model_runs::state.eq(RunState::Failed),
                model_runs::error.eq(Some(error)),
                model_runs::finished_at.eq(Some(at)),
            ))
            .execute(conn)
    })
}

pub fn cached_embeddings(
    conn: &mut DbConn,
    model: &str,
    hashes: &[String],
) -> QueryResult<Vec<(String, Vec<u8>)>> {
    with_conn!(conn, {
        embedding_cache::table
            .filter(
                embedding_cache::model
                    .eq(model)
                    .and(embedding_cache::text_hash.eq_any(hashes)),
            )
            .select((embedding_cache::text_hash, embedding_cache::vector))
            .load(conn)
    })
}

/// One cached embedding, whole (for copying an installation; the analyser uses
/// [`cached_embeddings`] and [`NewEmbedding`]).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(
    table_name = embedding_cache,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg)
)]
pub struct EmbeddingRow {
    pub model: String,
    pub text_hash: String,
    /// Little-endian f32s.
    pub vector: Vec<u8>,
}

#[derive(Insertable)]
#[diesel(table_name = embedding_cache)]
pub struct NewEmbedding<'a> {
    pub model: &'a str,
    pub text_hash: &'a str,
    pub vector: &'a [u8],
}

/// Stores embeddings; one already cached by a concurrent writer is left as it is.
pub fn cache_embeddings(conn: &mut DbConn, rows: &[NewEmbedding]) -> QueryResult<usize> {
    with_conn!(conn, {
        let mut stored = 0;
        for row in rows {
            stored += diesel::insert_into(embedding_cache::table)
                .values(row)
                .on_conflict((embedding_cache::model, embedding_cache::text_hash))
                .do_nothing()
                .execute(conn)?;
        }
        Ok(stored)
    })
}
