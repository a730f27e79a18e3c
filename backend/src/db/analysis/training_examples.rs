//! Training examples: the labels admins give sentences and the example sentences they add.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{schema::training_examples, with_conn, DbConn};
use crate::domain::{vocab::ExampleKind, ProcessId, TokenId};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Identifiable)]
#[diesel(
    table_name = training_examples,
    check_for_backend(diesel::sqlite::Sqlite, diesel::pg::Pg),
    treat_none_as_default_value = false
)]
pub struct TrainingExampleRow {
    pub id: crate::domain::ExampleId,
    pub process_id: ProcessId,
    pub sentence_id: Option<crate::domain::SentenceId>,
    pub text: String,
    pub category: String,
    pub kind: ExampleKind,
    pub group_key: String,
    pub created_by: Option<TokenId>,
    pub created_at: NaiveDateTime,
}

#[derive(Insertable, Debug, Clone)]
#[diesel(table_name = training_examples)]
pub struct NewTrainingExample {
    pub process_id: ProcessId,
    pub sentence_id: Option<crate::domain::SentenceId>,
    pub text: String,
    pub category: String,
    pub kind: ExampleKind,
    pub group_key: String,
    pub created_by: Option<TokenId>,
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
    process_id: ProcessId,
) -> QueryResult<Vec<TrainingExampleRow>> {
    with_conn!(conn, {
        training_examples::table
            .filter(training_examples::process_id.eq(process_id))
            .order(training_examples::id.asc())
            .select(TrainingExampleRow::as_select())
            .load(conn)
    })
}

pub fn example_by_id(
    conn: &mut DbConn,
    id: crate::domain::ExampleId,
) -> QueryResult<Option<TrainingExampleRow>> {
    with_conn!(conn, {
        training_examples::table
            .find(id)
            .select(TrainingExampleRow::as_select())
            .first(conn)
            .optional()
    })
}

pub fn delete_example(conn: &mut DbConn, id: crate::domain::ExampleId) -> QueryResult<usize> {
    with_conn!(conn, {
        diesel::delete(training_examples::table.find(id)).execute(conn)
    })
}
