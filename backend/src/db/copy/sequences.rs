//! Id sequences: what the source would hand out next, and moving the target's sequences past
//! every copied id.

use std::collections::BTreeMap;

use diesel::{
    prelude::*,
    sql_types::{BigInt, Text},
};

use crate::db::DbConn;

/// The tables whose `id` comes from a sequence (AUTOINCREMENT on SQLite, BIGSERIAL on
/// PostgreSQL).
const SERIAL_TABLES: [&str; 10] = [
    "processes",
    "tokens",
    "submissions",
    "sentences",
    "training_examples",
    "model_runs",
    "jobs",
    "themes",
    "audit_log",
    "totp_recovery_codes",
];

/// The id each sequence-backed table of the source would hand out next. It can be above the
/// highest id present (the newest rows were deleted); the target continues from there so ids
/// the source has used, which the audit log may name, are never given to new rows.
pub(super) fn next_ids(conn: &mut DbConn) -> QueryResult<BTreeMap<String, i64>> {
    #[derive(QueryableByName)]
    struct Seq {
        #[diesel(sql_type = Text)]
        name: String,
        #[diesel(sql_type = BigInt)]
        seq: i64,
    }
    let rows: Vec<Seq> = match conn {
        DbConn::Sqlite(c) => {
            diesel::sql_query("SELECT name, CAST(seq AS BIGINT) AS seq FROM sqlite_sequence")
                .load(*c)?
        }
        DbConn::Pg(c) => {
            let mut rows = Vec::new();
            for table in SERIAL_TABLES {
                rows.push(
                    diesel::sql_query(
                        "SELECT $1 AS name, COALESCE(pg_sequence_last_value(\
                         pg_get_serial_sequence($1, 'id')::regclass), 0) AS seq",
                    )
                    .bind::<Text, _>(table)
                    .get_result::<Seq>(*c)?,
                );
            }
            rows
        }
    };
    Ok(rows
        .into_iter()
        .filter(|s| SERIAL_TABLES.contains(&s.name.as_str()))
        .map(|s| (s.name, s.seq + 1))
        .collect())
}

/// Sets each sequence of the target past the highest copied id (and past the source's next
/// id), so new rows get fresh ids: `setval` on PostgreSQL (explicit ids do not move a
/// BIGSERIAL sequence), `sqlite_sequence` on SQLite (which inserts already move, but only to
/// the highest id present).
pub(super) fn advance_ids(
    conn: &mut DbConn,
    source_next: &BTreeMap<String, i64>,
) -> QueryResult<()> {
    for table in SERIAL_TABLES {
        let next = source_next.get(table).copied().unwrap_or(1);
        match conn {
            DbConn::Pg(c) => {
                diesel::sql_query(format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
                     GREATEST($1, COALESCE((SELECT MAX(id) FROM {table}), 0) + 1), false)"
                ))
                .bind::<BigInt, _>(next)
                .execute(*c)?;
            }
            DbConn::Sqlite(c) => {
                // Present once the table has had a row; explicit ids already moved it that far.
                let last = next - 1;
                let updated = diesel::sql_query(format!(
                    "UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = '{table}'"
                ))
                .bind::<BigInt, _>(last)
                .execute(*c)?;
                if updated == 0 && last > 0 {
                    diesel::sql_query("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)")
                        .bind::<Text, _>(table)
                        .bind::<BigInt, _>(last)
                        .execute(*c)?;
                }
            }
        }
    }
    Ok(())
}
