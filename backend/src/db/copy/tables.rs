//! The tables `migrate-data` copies: how each is paged in key order, inserted in batches and
//! checksummed.

use std::{fmt, fmt::Write as _};

use chrono::{NaiveDateTime, Timelike};
use diesel::{
    dsl::sql,
    prelude::*,
    sql_types::{Bool, Text},
};

use crate::db::{
    analysis::{EmbeddingRow, ModelRunRow, SentenceRow, TrainingExampleRow},
    audit::AuditRow,
    jobs::JobRow,
    moderation_settings::ModerationSettingsRow,
    processes::ProcessRow,
    responses::{ResponseRow, ResponseSettingsRow},
    schema::{
        audit_log, embedding_cache, jobs, model_runs, moderation_settings, processes,
        response_settings, sentences, sessions, share_links, submission_responses, submissions,
        themes, tokens, totp_recovery_codes, training_examples,
    },
    sessions::SessionRow,
    share_links::ShareLinkRow,
    submissions::SubmissionRow,
    themes::ThemeRow,
    tokens::TokenRow,
    totp::RecoveryCodeRow,
    with_conn, DbConn,
};

/// Rows read from the source (and re-read from the target) per query.
pub const PAGE: i64 = 500;

/// What a table needs for copying: keyset pages in key order, a batch insert, the row's
/// checksum text.
pub(super) trait CopyTable {
    const NAME: &'static str;
    type Row;
    type Key;

    fn key(row: &Self::Row) -> Self::Key;
    /// Up to [`PAGE`] rows after `after`, in key order.
    fn page(conn: &mut DbConn, after: Option<&Self::Key>) -> QueryResult<Vec<Self::Row>>;
    fn insert(conn: &mut DbConn, rows: &[Self::Row]) -> QueryResult<usize>;
    fn count(conn: &mut DbConn) -> QueryResult<i64>;
    /// Appends the row's checksum bytes.
    fn digest(row: &Self::Row, buf: &mut Vec<u8>);
    /// Cuts timestamps to microseconds; true if any changed.
    fn normalise(row: &mut Self::Row) -> bool;
    /// Clears a reference to a row not inserted yet (same table, higher id), returning
    /// (id, referenced id) to set once the whole table is in.
    fn detach(_row: &mut Self::Row) -> Option<(i64, i64)> {
        None
    }
    fn reattach(_conn: &mut DbConn, _links: &[(i64, i64)]) -> QueryResult<()> {
        Ok(())
    }
}

/// The checksum text of a row: its `Debug` form and a newline.
pub(super) fn debug_digest(row: &impl fmt::Debug, buf: &mut Vec<u8>) {
    let mut text = String::new();
    let _ = writeln!(text, "{row:?}");
    buf.extend_from_slice(text.as_bytes());
}

/// Timestamps cut to whole microseconds, the precision both backends store.
pub(super) trait Micros {
    fn to_micros(&mut self) -> bool;
}

impl Micros for NaiveDateTime {
    fn to_micros(&mut self) -> bool {
        let nanos = self.nanosecond();
        let cut = nanos / 1_000 * 1_000;
        if cut == nanos {
            return false;
        }
        match self.with_nanosecond(cut) {
            Some(t) => {
                *self = t;
                true
            }
            None => false,
        }
    }
}

impl Micros for Option<NaiveDateTime> {
    fn to_micros(&mut self) -> bool {
        self.as_mut().is_some_and(Micros::to_micros)
    }
}

/// A table keyed by a sequence-backed `id`, optionally with a self-reference that may point
/// forward (`link`).
macro_rules! id_table {
    ($marker:ident, $table:ident, $row:ty, [$($ts:ident),* $(,)?] $(, link = $link:ident)?) => {
        pub(super) struct $marker;

        impl CopyTable for $marker {
            const NAME: &'static str = stringify!($table);
            type Row = $row;
            type Key = i64;

            fn key(row: &$row) -> i64 {
                row.id.into()
            }

            fn page(conn: &mut DbConn, after: Option<&i64>) -> QueryResult<Vec<$row>> {
                let after = after.copied().unwrap_or(i64::MIN);
                with_conn!(conn, {
                    $table::table
                        .filter($table::id.gt(after))
                        .order($table::id.asc())
                        .limit(PAGE)
                        .select(<$row>::as_select())
                        .load(conn)
                })
            }

            fn insert(conn: &mut DbConn, rows: &[$row]) -> QueryResult<usize> {
                with_conn!(conn, {
                    diesel::insert_into($table::table).values(rows).execute(conn)
                })
            }

            fn count(conn: &mut DbConn) -> QueryResult<i64> {
                with_conn!(conn, $table::table.count().get_result(conn))
            }

            fn digest(row: &$row, buf: &mut Vec<u8>) {
                debug_digest(row, buf)
            }

            fn normalise(row: &mut $row) -> bool {
                let mut changed = false;
                $(changed |= row.$ts.to_micros();)*
                changed
            }

            $(
            fn detach(row: &mut $row) -> Option<(i64, i64)> {
                match row.$link {
                    Some(to) if to >= row.id => {
                        row.$link = None;
                        Some((row.id.into(), to.into()))
                    }
                    _ => None,
                }
            }

            fn reattach(conn: &mut DbConn, links: &[(i64, i64)]) -> QueryResult<()> {
                for &(id, to) in links {
                    with_conn!(conn, {
                        diesel::update($table::table.find(id))
                            .set($table::$link.eq(Some(to)))
                            .execute(conn)
                    })?;
                }
                Ok(())
            }
            )?
        }
    };
}

id_table!(Processes, processes, ProcessRow, [created_at, updated_at]);
id_table!(
    Tokens,
    tokens,
    TokenRow,
    [created_at, last_used_at, expires_at, revoked_at],
    link = created_by
);
id_table!(
    Submissions,
    submissions,
    SubmissionRow,
    [created_at, updated_at, analysed_at],
    link = duplicate_of
);
id_table!(
    ResponseSettings,
    response_settings,
    ResponseSettingsRow,
    [updated_at]
);
id_table!(
    ModerationSettings,
    moderation_settings,
    ModerationSettingsRow,
    [updated_at]
);
id_table!(
    SubmissionResponses,
    submission_responses,
    ResponseRow,
    [responded_at]
);
id_table!(Sentences, sentences, SentenceRow, [reviewed_at]);
id_table!(
    TrainingExamples,
    training_examples,
    TrainingExampleRow,
    [created_at]
);
id_table!(
    ModelRuns,
    model_runs,
    ModelRunRow,
    [created_at, finished_at]
);
id_table!(
    Jobs,
    jobs,
    JobRow,
    [created_at, updated_at, finished_at, lease_until]
);
id_table!(Themes, themes, ThemeRow, [created_at]);
id_table!(AuditLog, audit_log, AuditRow, [at]);
id_table!(
    TotpRecoveryCodes,
    totp_recovery_codes,
    RecoveryCodeRow,
    [used_at]
);

/// The collation that orders text bytewise: SQLite's default, PostgreSQL's "C".
pub(super) fn bytewise(conn: &DbConn) -> &'static str {
    match conn {
        DbConn::Sqlite(_) => "BINARY",
        DbConn::Pg(_) => "\"C\"",
    }
}

/// A table keyed by one text column.
macro_rules! text_table {
    ($marker:ident, $table:ident, $row:ty, $key:ident, [$($ts:ident),* $(,)?]) => {
        pub(super) struct $marker;

        impl CopyTable for $marker {
            const NAME: &'static str = stringify!($table);
            type Row = $row;
            type Key = String;

            fn key(row: &$row) -> String {
                row.$key.clone()
            }

            fn page(conn: &mut DbConn, after: Option<&String>) -> QueryResult<Vec<$row>> {
                let key = format!(
                    "{}.{} COLLATE {}",
                    stringify!($table),
                    stringify!($key),
                    bytewise(conn)
                );
                with_conn!(conn, {
                    let mut query = $table::table
                        .select(<$row>::as_select())
                        .order(sql::<Text>(&key))
                        .limit(PAGE)
                        .into_boxed::<DB>();
                    if let Some(after) = after {
                        query = query
                            .filter(sql::<Bool>(&format!("{key} > ")).bind::<Text, _>(after.clone()));
                    }
                    query.load(conn)
                })
            }

            fn insert(conn: &mut DbConn, rows: &[$row]) -> QueryResult<usize> {
                with_conn!(conn, {
                    diesel::insert_into($table::table).values(rows).execute(conn)
                })
            }

            fn count(conn: &mut DbConn) -> QueryResult<i64> {
                with_conn!(conn, $table::table.count().get_result(conn))
            }

            fn digest(row: &$row, buf: &mut Vec<u8>) {
                debug_digest(row, buf)
            }

            fn normalise(row: &mut $row) -> bool {
                let mut changed = false;
                $(changed |= row.$ts.to_micros();)*
                changed
            }
        }
    };
}

text_table!(
    Sessions,
    sessions,
    SessionRow,
    key_hash,
    [created_at, expires_at]
);
text_table!(
    ShareLinks,
    share_links,
    ShareLinkRow,
    id,
    [created_at, expires_at, revoked_at]
);

/// Keyed by (model, text_hash); vectors are hashed as raw bytes, not formatted.
pub(super) struct EmbeddingCache;

impl CopyTable for EmbeddingCache {
    const NAME: &'static str = "embedding_cache";
    type Row = EmbeddingRow;
    type Key = (String, String);

    fn key(row: &EmbeddingRow) -> (String, String) {
        (row.model.clone(), row.text_hash.clone())
    }

    fn page(conn: &mut DbConn, after: Option<&(String, String)>) -> QueryResult<Vec<EmbeddingRow>> {
        let c = bytewise(conn);
        let model = format!("embedding_cache.model COLLATE {c}");
        let hash = format!("embedding_cache.text_hash COLLATE {c}");
        with_conn!(conn, {
            let mut query = embedding_cache::table
                .select(EmbeddingRow::as_select())
                .order((sql::<Text>(&model), sql::<Text>(&hash)))
                .limit(PAGE)
                .into_boxed::<DB>();
            if let Some((m, h)) = after {
                query = query.filter(
                    sql::<Bool>(&format!("({model} > "))
                        .bind::<Text, _>(m.clone())
                        .sql(" OR (embedding_cache.model = ")
                        .bind::<Text, _>(m.clone())
                        .sql(&format!(" AND {hash} > "))
                        .bind::<Text, _>(h.clone())
                        .sql("))"),
                );
            }
            query.load(conn)
        })
    }

    fn insert(conn: &mut DbConn, rows: &[EmbeddingRow]) -> QueryResult<usize> {
        with_conn!(conn, {
            diesel::insert_into(embedding_cache::table)
                .values(rows)
                .execute(conn)
        })
    }

    fn count(conn: &mut DbConn) -> QueryResult<i64> {
        with_conn!(conn, embedding_cache::table.count().get_result(conn))
    }

    fn digest(row: &EmbeddingRow, buf: &mut Vec<u8>) {
        debug_digest(&(&row.model, &row.text_hash, row.vector.len()), buf);
        buf.extend_from_slice(&row.vector);
    }

    fn normalise(_row: &mut EmbeddingRow) -> bool {
        false
    }
}
