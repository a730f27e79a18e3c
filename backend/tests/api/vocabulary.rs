//! The closed words of `domain::vocab` are the words the database accepts: each column's CHECK
//! constraint (read back from the live schema, SQLite or PostgreSQL) lists exactly the enum's
//! words, so neither side can grow a word the other does not know.

use std::collections::BTreeSet;

use diesel::{sql_types::Text, QueryableByName, RunQueryDsl};
use planner::{
    audit::AuditAction,
    domain::vocab::{
        ExampleKind, JobKind, JobState, ResponseStatus, RunState, SentenceSource, SubmissionStatus,
    },
    with_conn,
};

use crate::helpers::spawn_app;

#[derive(QueryableByName)]
struct Definition {
    #[diesel(sql_type = Text)]
    def: String,
}

/// The CHECK constraints of `table`, as SQL text.
fn checks(app: &crate::helpers::TestApp, table: &str) -> Vec<String> {
    let sql = if app.on_postgres() {
        format!(
            "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint \
             WHERE conrelid = '{table}'::regclass AND contype = 'c'"
        )
    } else {
        format!("SELECT sql AS def FROM sqlite_master WHERE type = 'table' AND name = '{table}'")
    };
    app.query(|conn| with_conn!(conn, diesel::sql_query(&sql).load::<Definition>(conn)))
        .into_iter()
        .map(|d| d.def)
        .collect()
}

/// The quoted words of the CHECK that constrains `column` to a list.
fn allowed_words(defs: &[String], column: &str) -> BTreeSet<String> {
    for def in defs {
        // SQLite keeps the DDL: `kind TEXT NOT NULL CHECK (kind IN ('a', 'b'))`; PostgreSQL
        // renders `CHECK ((kind = ANY (ARRAY['a'::text, 'b'::text])))`.
        for piece in def.split("CHECK").skip(1) {
            let head: String = piece.chars().take(40).collect();
            let names_column = head.contains(&format!("({column} IN"))
                || head.contains(&format!("(({column} = ANY"))
                || head.contains(&format!("({column})::text = ANY"));
            if !names_column {
                continue;
            }
            let end = piece.find("))").map_or(piece.len(), |i| i + 2);
            return piece[..end]
                .split('\'')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect();
        }
    }
    panic!("no CHECK on {column} in {defs:?}");
}

fn words<T: Copy>(all: &[T], as_str: fn(T) -> &'static str) -> BTreeSet<String> {
    all.iter().map(|&v| as_str(v).to_owned()).collect()
}

#[actix_web::test]
async fn every_vocabulary_column_accepts_exactly_the_enum_words() {
    let app = spawn_app().await;
    let cases = [
        ("jobs", "kind", words(JobKind::ALL, JobKind::as_str)),
        ("jobs", "state", words(JobState::ALL, JobState::as_str)),
        (
            "model_runs",
            "state",
            words(RunState::ALL, RunState::as_str),
        ),
        (
            "sentences",
            "source",
            words(SentenceSource::ALL, SentenceSource::as_str),
        ),
        (
            "training_examples",
            "kind",
            words(ExampleKind::ALL, ExampleKind::as_str),
        ),
        (
            "submissions",
            "status",
            words(SubmissionStatus::ALL, SubmissionStatus::as_str),
        ),
        (
            "submission_responses",
            "status",
            words(ResponseStatus::ALL, ResponseStatus::as_str),
        ),
    ];
    for (table, column, expected) in cases {
        let found = allowed_words(&checks(&app, table), column);
        assert_eq!(found, expected, "{table}.{column}");
    }
}

/// The audit log is append-only and never rebuilt, so SQLite (which cannot add a CHECK to an
/// existing table) refuses unknown actions with a trigger; PostgreSQL with a CHECK. Either way
/// the words are `AuditAction`'s, and a made-up word is refused whatever code writes it.
#[actix_web::test]
async fn the_audit_log_accepts_exactly_the_audit_action_words() {
    let app = spawn_app().await;
    let found = if app.on_postgres() {
        allowed_words(&checks(&app, "audit_log"), "action")
    } else {
        let sql = "SELECT sql AS def FROM sqlite_master \
                   WHERE type = 'trigger' AND name = 'audit_log_known_action'";
        let defs: Vec<Definition> =
            app.query(|conn| with_conn!(conn, diesel::sql_query(sql).load::<Definition>(conn)));
        let def = &defs.first().expect("the trigger exists").def;
        let list = def.split("NOT IN").nth(1).expect("a NOT IN list");
        let list = &list[..list.find(')').expect("a closed list")];
        list.split('\'')
            .skip(1)
            .step_by(2)
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(found, words(AuditAction::ALL, AuditAction::as_str));

    let insert = |word: &str| {
        let sql =
            format!("INSERT INTO audit_log (at, action) VALUES (CURRENT_TIMESTAMP, '{word}')");
        let mut pooled = app.db().conn().expect("connection");
        let conn = &mut pooled.as_db();
        with_conn!(conn, diesel::sql_query(&sql).execute(conn))
    };
    assert!(insert("export").is_ok(), "a known word is recorded");
    assert!(insert("made.up").is_err(), "an unknown word is refused");
}
