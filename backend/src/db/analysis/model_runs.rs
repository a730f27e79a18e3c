//! Model runs: a process's training runs, their state, metrics and trained classifier.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{schema::model_runs, with_conn, DbConn};
use crate::domain::{vocab::RunState, ProcessId, TokenId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(
    table_name = model_runs,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct ModelRunRow {
    pub id: crate::domain::RunId,
    pub process_id: ProcessId,
    pub engine: String,
    pub state: RunState,
    pub examples: i32,
    pub metrics: Option<String>,
    pub classifier: Option<String>,
    pub error: Option<String>,
    pub created_by: Option<TokenId>,
    pub created_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
}

#[derive(Insertable)]
#[diesel(table_name = model_runs)]
pub struct NewModelRun {
    pub process_id: ProcessId,
    pub engine: String,
    pub state: RunState,
    pub created_by: Option<TokenId>,
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

pub fn run_by_id(conn: &mut DbConn, id: crate::domain::RunId) -> QueryResult<Option<ModelRunRow>> {
    with_conn!(conn, {
        model_runs::table
            .find(id)
            .select(ModelRunRow::as_select())
            .first(conn)
            .optional()
    })
}

pub fn runs_for_process(conn: &mut DbConn, process_id: ProcessId) -> QueryResult<Vec<ModelRunRow>> {
    with_conn!(conn, {
        model_runs::table
            .filter(model_runs::process_id.eq(process_id))
            .order(model_runs::id.desc())
            .select(ModelRunRow::as_select())
            .load(conn)
    })
}

pub fn set_run_state(
    conn: &mut DbConn,
    id: crate::domain::RunId,
    state: RunState,
) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::update(model_runs::table.find(id))
            .set(model_runs::state.eq(state))
            .execute(conn)
    })
}

pub fn finish_run(
    conn: &mut DbConn,
    id: crate::domain::RunId,
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

pub fn fail_run(
    conn: &mut DbConn,
    id: crate::domain::RunId,
    error: &str,
    at: NaiveDateTime,
) -> QueryResult<usize> {
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
