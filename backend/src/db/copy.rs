//! `planner migrate-data`: copies a whole installation from one database to another (SQLite
//! to PostgreSQL when it outgrows one server, or back), and verifies the copy before it
//! commits.
//!
//! The source is read in one consistent snapshot ([`Db::snapshot_blocking`]), in keyset pages
//! of [`PAGE`] rows, so memory stays flat however many submissions there are; nothing is ever
//! written to it. Everything written to the target happens in one transaction: emptying it
//! (`--force`, PostgreSQL only), the copy, re-linking references that point forward, advancing
//! the id sequences, and the verification, which re-reads every copied table from the target
//! and compares its row count and SHA-256 checksum with what was read from the source. Any
//! difference rolls the transaction back, so a failed run leaves the target as it was.
//!
//! A checksum hashes each row's `Debug` text (embedding vectors as raw bytes), which is the
//! same for the same values on either backend, over the rows in primary-key order; text keys
//! are compared bytewise on both backends (PostgreSQL's default collation would order them
//! differently from SQLite).

use std::{collections::BTreeMap, fmt, fmt::Write as _};

use chrono::{NaiveDateTime, Timelike};
use diesel::{
    connection::SimpleConnection,
    dsl::sql,
    prelude::*,
    sql_types::{BigInt, Bool, Text},
};
use sha2::{Digest, Sha256};

use super::{
    analysis::{EmbeddingRow, ModelRunRow, SentenceRow, TrainingExampleRow},
    audit::AuditRow,
    jobs::JobRow,
    processes::ProcessRow,
    schema::{
        audit_log, embedding_cache, jobs, model_runs, processes, sentences, sessions, share_links,
        submissions, themes, tokens, training_examples,
    },
    sessions::SessionRow,
    share_links::ShareLinkRow,
    submissions::SubmissionRow,
    themes::ThemeRow,
    tokens::TokenRow,
    with_conn, Db, DbConn,
};
use crate::error::ApiError;

/// Rows read from the source (and re-read from the target) per query.
pub const PAGE: i64 = 500;
/// A progress report every this many rows of a table.
pub const PROGRESS_EVERY: u64 = 10_000;

/// Every table of an installation in copy order (referenced tables first). The migration
/// bookkeeping (`__diesel_schema_migrations`) is the target's own.
pub const TABLES: [&str; 12] = [
    "processes",
    "tokens",
    "sessions",
    "submissions",
    "sentences",
    "training_examples",
    "model_runs",
    "jobs",
    "themes",
    "share_links",
    "audit_log",
    "embedding_cache",
];

/// The tables whose `id` comes from a sequence (AUTOINCREMENT on SQLite, BIGSERIAL on
/// PostgreSQL).
const SERIAL_TABLES: [&str; 9] = [
    "processes",
    "tokens",
    "submissions",
    "sentences",
    "training_examples",
    "model_runs",
    "jobs",
    "themes",
    "audit_log",
];

/// Key of the advisory lock that tells a PostgreSQL source from its target: the source holds
/// it shared while it is read, the target exclusively while it is written, so the same
/// database on both sides (or two runs into one target) cannot both get it.
const COPY_LOCK_KEY: i64 = 0x0070_6c61_6e63_6f70; // "plancop"

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Copy browser sessions too (by default people sign in again).
    pub with_sessions: bool,
    /// Empty a non-empty PostgreSQL target first.
    pub force: bool,
}

/// One table's row count and checksum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSum {
    pub table: &'static str,
    pub rows: u64,
    /// SHA-256 over the rows in key order, lowercase hex.
    pub sha256: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Copy,
    Verify,
}

/// Reported every [`PROGRESS_EVERY`] rows of a table.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    pub stage: Stage,
    pub table: &'static str,
    pub done: u64,
    pub total: u64,
}

/// What a successful copy did.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// Each copied table, verified on the target (copy order).
    pub tables: Vec<TableSum>,
    pub sessions_copied: bool,
    /// What `--force` removed from the target (tables that held rows).
    pub replaced: Vec<(&'static str, i64)>,
    /// Rows whose timestamps carried sub-microsecond digits, stored to the microsecond (the
    /// precision of both backends' columns; only values written by hand can have more).
    pub normalised: Vec<(&'static str, u64)>,
}

impl Outcome {
    pub fn total_rows(&self) -> u64 {
        self.tables.iter().map(|t| t.rows).sum()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error("{}", not_empty_message(.tables, *.can_force))]
    NotEmpty {
        tables: Vec<(&'static str, i64)>,
        can_force: bool,
    },
    #[error(
        "--force only replaces the data of a PostgreSQL target; to copy into SQLite, name a new \
         database file"
    )]
    ForceOnSqlite,
    #[error("{0}")]
    Busy(&'static str),
    #[error(
        "verification failed for table {table}: the source has {from_rows} rows (sha256 \
         {from_sha}), the copy {to_rows} rows (sha256 {to_sha}); rolled back, the target is \
         unchanged"
    )]
    Mismatch {
        table: &'static str,
        from_rows: u64,
        from_sha: String,
        to_rows: u64,
        to_sha: String,
    },
    #[error(
        "{table}: read {read} rows from the source but it counts {counted} in the same \
         snapshot; rolled back, the target is unchanged"
    )]
    Inconsistent {
        table: &'static str,
        read: u64,
        counted: u64,
    },
    #[error("{0}")]
    Db(String),
}

fn not_empty_message(tables: &[(&'static str, i64)], can_force: bool) -> String {
    let held = tables
        .iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    if can_force {
        format!(
            "the target is not empty ({held} rows); pass --force to replace its data with the \
             source's (a server started on it first registers an admin token, which counts)"
        )
    } else {
        format!("the target is not empty ({held} rows); copy into a new database file")
    }
}

impl From<diesel::result::Error> for CopyError {
    fn from(err: diesel::result::Error) -> Self {
        CopyError::Db(format!("database: {err}"))
    }
}

impl From<ApiError> for CopyError {
    fn from(err: ApiError) -> Self {
        CopyError::Db(err.to_string())
    }
}

/// Copies every table of `source` into `target` (see the module documentation). `record` runs
/// in the target transaction after verification (the audit entry of the copy, outside the
/// checksums); `progress` hears about big tables.
pub fn migrate(
    source: &Db,
    target: &Db,
    options: &Options,
    progress: &mut dyn FnMut(Progress),
    record: impl FnOnce(&mut DbConn, &Outcome) -> QueryResult<()>,
) -> Result<Outcome, CopyError> {
    if options.force && target.sqlite_file().is_some() {
        return Err(CopyError::ForceOnSqlite);
    }
    source.snapshot_blocking(|src| {
        if let DbConn::Pg(c) = src {
            if !advisory_lock(c, true)? {
                return Err(CopyError::Busy(
                    "another migrate-data run is writing into the source database",
                ));
            }
        }
        let next_ids = next_ids(src)?;
        let mut failure = None;
        let written = target.write_blocking(|dst| {
            copy_into(src, dst, options, &next_ids, progress, record).map_err(|err| {
                failure = Some(err);
                ApiError::internal("copy failed; rolled back")
            })
        });
        written.map_err(|err| failure.take().unwrap_or_else(|| err.into()))
    })
}

fn copy_into(
    src: &mut DbConn,
    dst: &mut DbConn,
    options: &Options,
    next_ids: &BTreeMap<String, i64>,
    progress: &mut dyn FnMut(Progress),
    record: impl FnOnce(&mut DbConn, &Outcome) -> QueryResult<()>,
) -> Result<Outcome, CopyError> {
    if let DbConn::Pg(c) = dst {
        if !advisory_lock(c, false)? {
            return Err(CopyError::Busy(
                "the target is the source database, or another migrate-data run is writing \
                 into it",
            ));
        }
    }
    let held = row_counts(dst)?;
    let mut replaced = Vec::new();
    if !held.is_empty() {
        let can_force = matches!(dst, DbConn::Pg(_));
        if !(options.force && can_force) {
            return Err(CopyError::NotEmpty {
                tables: held,
                can_force,
            });
        }
        empty_tables(dst)?;
        replaced = held;
    }
    let tables: Vec<TableOps> = table_ops()
        .into_iter()
        .filter(|t| options.with_sessions || t.name != "sessions")
        .collect();
    let mut sums = Vec::new();
    let mut normalised = Vec::new();
    for table in &tables {
        let copied = (table.copy)(src, dst, progress)?;
        if copied.normalised > 0 {
            normalised.push((table.name, copied.normalised));
        }
        sums.push(copied.sum);
    }
    advance_ids(dst, next_ids)?;
    for (table, from) in tables.iter().zip(&sums) {
        let to = (table.checksum)(dst, progress)?;
        if &to != from {
            return Err(CopyError::Mismatch {
                table: table.name,
                from_rows: from.rows,
                from_sha: from.sha256.clone(),
                to_rows: to.rows,
                to_sha: to.sha256,
            });
        }
    }
    let outcome = Outcome {
        tables: sums,
        sessions_copied: options.with_sessions,
        replaced,
        normalised,
    };
    record(dst, &outcome)?;
    Ok(outcome)
}

/// Row count and checksum of every table (sessions only with `with_sessions`), read in one
/// snapshot: what [`migrate`] compares, for checking an installation by hand or in tests.
pub fn checksums(db: &Db, with_sessions: bool) -> Result<Vec<TableSum>, CopyError> {
    db.snapshot_blocking(|conn| {
        table_ops()
            .into_iter()
            .filter(|t| with_sessions || t.name != "sessions")
            .map(|t| (t.checksum)(conn, &mut |_| {}))
            .collect()
    })
}

/// The tables that hold rows, with their counts.
fn row_counts(conn: &mut DbConn) -> Result<Vec<(&'static str, i64)>, CopyError> {
    let mut held = Vec::new();
    for table in table_ops() {
        let n = (table.count)(conn)?;
        if n > 0 {
            held.push((table.name, n));
        }
    }
    Ok(held)
}

/// `--force` on PostgreSQL: empties every table, inside the copy's transaction (TRUNCATE
/// neither fires the audit log's row triggers nor outlives a rollback).
fn empty_tables(conn: &mut DbConn) -> Result<(), CopyError> {
    match conn {
        DbConn::Pg(c) => Ok(c.batch_execute(&format!(
            "TRUNCATE TABLE {} RESTART IDENTITY CASCADE",
            TABLES.join(", ")
        ))?),
        DbConn::Sqlite(_) => Err(CopyError::ForceOnSqlite),
    }
}

fn advisory_lock(conn: &mut PgConnection, shared: bool) -> QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Got {
        #[diesel(sql_type = Bool)]
        got: bool,
    }
    let function = if shared {
        "pg_try_advisory_xact_lock_shared"
    } else {
        "pg_try_advisory_xact_lock"
    };
    let row: Got = diesel::sql_query(format!("SELECT {function}($1) AS got"))
        .bind::<BigInt, _>(COPY_LOCK_KEY)
        .get_result(conn)?;
    Ok(row.got)
}

/// The id each sequence-backed table of the source would hand out next. It can be above the
/// highest id present (the newest rows were deleted); the target continues from there so ids
/// the source has used, which the audit log may name, are never given to new rows.
fn next_ids(conn: &mut DbConn) -> QueryResult<BTreeMap<String, i64>> {
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
fn advance_ids(conn: &mut DbConn, source_next: &BTreeMap<String, i64>) -> QueryResult<()> {
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

/// Hears about progress every [`PROGRESS_EVERY`] rows.
type OnProgress<'a> = &'a mut dyn FnMut(Progress);

/// One table's part in a copy: the generic walks below, instantiated per table.
struct TableOps {
    name: &'static str,
    count: fn(&mut DbConn) -> QueryResult<i64>,
    copy: fn(&mut DbConn, &mut DbConn, OnProgress) -> Result<Copied, CopyError>,
    checksum: fn(&mut DbConn, OnProgress) -> Result<TableSum, CopyError>,
}

fn ops<T: CopyTable>() -> TableOps {
    TableOps {
        name: T::NAME,
        count: T::count,
        copy: copy_table::<T>,
        checksum: checksum::<T>,
    }
}

/// In copy order ([`TABLES`]).
fn table_ops() -> Vec<TableOps> {
    let all = vec![
        ops::<Processes>(),
        ops::<Tokens>(),
        ops::<Sessions>(),
        ops::<Submissions>(),
        ops::<Sentences>(),
        ops::<TrainingExamples>(),
        ops::<ModelRuns>(),
        ops::<Jobs>(),
        ops::<Themes>(),
        ops::<ShareLinks>(),
        ops::<AuditLog>(),
        ops::<EmbeddingCache>(),
    ];
    debug_assert!(all.iter().map(|t| t.name).eq(TABLES));
    all
}

struct Copied {
    sum: TableSum,
    normalised: u64,
}

/// What a table needs for copying: keyset pages in key order, a batch insert, the row's
/// checksum text.
trait CopyTable {
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

/// Visits every row of `T` in key order, a page at a time.
fn walk<T: CopyTable>(
    conn: &mut DbConn,
    mut each_page: impl FnMut(&mut Vec<T::Row>) -> Result<(), CopyError>,
) -> Result<(), CopyError> {
    let mut after = None;
    loop {
        let mut page = T::page(conn, after.as_ref())?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = Some(T::key(last));
        let full = page.len() as i64 == PAGE;
        each_page(&mut page)?;
        if !full {
            return Ok(());
        }
    }
}

/// Row count and SHA-256 of a table, as a stream of rows is hashed.
struct Summer {
    hasher: Sha256,
    buf: Vec<u8>,
    rows: u64,
}

impl Summer {
    fn new() -> Self {
        Self {
            hasher: Sha256::new(),
            buf: Vec::new(),
            rows: 0,
        }
    }

    fn add<T: CopyTable>(&mut self, row: &T::Row) {
        self.buf.clear();
        T::digest(row, &mut self.buf);
        self.hasher.update(&self.buf);
        self.rows += 1;
    }

    fn finish(self, table: &'static str) -> TableSum {
        TableSum {
            table,
            rows: self.rows,
            sha256: hex::encode(self.hasher.finalize()),
        }
    }
}

fn report(
    progress: &mut dyn FnMut(Progress),
    stage: Stage,
    table: &'static str,
    before: u64,
    done: u64,
    total: u64,
) {
    if before / PROGRESS_EVERY != done / PROGRESS_EVERY {
        progress(Progress {
            stage,
            table,
            done,
            total,
        });
    }
}

fn copy_table<T: CopyTable>(
    src: &mut DbConn,
    dst: &mut DbConn,
    progress: &mut dyn FnMut(Progress),
) -> Result<Copied, CopyError> {
    let total = T::count(src)?.max(0) as u64;
    let mut sum = Summer::new();
    let mut normalised = 0;
    let mut links = Vec::new();
    walk::<T>(src, |page| {
        let before = sum.rows;
        for row in page.iter_mut() {
            normalised += u64::from(T::normalise(row));
            sum.add::<T>(row);
            links.extend(T::detach(row));
        }
        T::insert(dst, page)?;
        report(progress, Stage::Copy, T::NAME, before, sum.rows, total);
        Ok(())
    })?;
    T::reattach(dst, &links)?;
    if sum.rows != total {
        return Err(CopyError::Inconsistent {
            table: T::NAME,
            read: sum.rows,
            counted: total,
        });
    }
    Ok(Copied {
        sum: sum.finish(T::NAME),
        normalised,
    })
}

fn checksum<T: CopyTable>(
    conn: &mut DbConn,
    progress: &mut dyn FnMut(Progress),
) -> Result<TableSum, CopyError> {
    let total = T::count(conn)?.max(0) as u64;
    let mut sum = Summer::new();
    walk::<T>(conn, |page| {
        let before = sum.rows;
        for row in page.iter() {
            sum.add::<T>(row);
        }
        report(progress, Stage::Verify, T::NAME, before, sum.rows, total);
        Ok(())
    })?;
    Ok(sum.finish(T::NAME))
}

/// The checksum text of a row: its `Debug` form and a newline.
fn debug_digest(row: &impl fmt::Debug, buf: &mut Vec<u8>) {
    let mut text = String::new();
    let _ = writeln!(text, "{row:?}");
    buf.extend_from_slice(text.as_bytes());
}

/// Timestamps cut to whole microseconds, the precision both backends store.
trait Micros {
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
        struct $marker;

        impl CopyTable for $marker {
            const NAME: &'static str = stringify!($table);
            type Row = $row;
            type Key = i64;

            fn key(row: &$row) -> i64 {
                row.id
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
                        Some((row.id, to))
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

/// The collation that orders text bytewise: SQLite's default, PostgreSQL's "C".
fn bytewise(conn: &DbConn) -> &'static str {
    match conn {
        DbConn::Sqlite(_) => "BINARY",
        DbConn::Pg(_) => "\"C\"",
    }
}

/// A table keyed by one text column.
macro_rules! text_table {
    ($marker:ident, $table:ident, $row:ty, $key:ident, [$($ts:ident),* $(,)?]) => {
        struct $marker;

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
struct EmbeddingCache;

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

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S%.f").unwrap()
    }

    fn submission(id: i64, duplicate_of: Option<i64>) -> SubmissionRow {
        SubmissionRow {
            id,
            process_id: 1,
            token_id: 2,
            contributor_type: "community".into(),
            text: "Plazas, \"shade\" and benches;\nlíneas nuevas".into(),
            lat: Some(40.4168),
            lng: Some(-3.7038),
            status: "visible".into(),
            moderation_reason: None,
            entered_by_admin: false,
            created_at: ts("2026-11-29 10:00:00.123456"),
            updated_at: ts("2026-11-29 10:00:00.123456"),
            analysed_at: None,
            primary_category: Some("vision".into()),
            min_confidence: Some(0.1 + 0.2),
            duplicate_of,
        }
    }

    fn sum_of<T: CopyTable>(rows: &[T::Row]) -> TableSum {
        let mut sum = Summer::new();
        for row in rows {
            sum.add::<T>(row);
        }
        sum.finish(T::NAME)
    }

    #[test]
    fn checksums_depend_on_every_value_and_the_order_only() {
        let rows = [submission(1, None), submission(2, Some(1))];
        let a = sum_of::<Submissions>(&rows);
        assert_eq!(a, sum_of::<Submissions>(&rows.clone()), "stable");
        assert_eq!(a.rows, 2);
        assert_eq!(a.sha256.len(), 64);
        let mut changed = rows.clone();
        changed[1].min_confidence = Some(0.3);
        assert_ne!(a, sum_of::<Submissions>(&changed), "0.1 + 0.2 is not 0.3");
        let mut later = rows.clone();
        later[0].updated_at += chrono::Duration::microseconds(1);
        assert_ne!(a, sum_of::<Submissions>(&later), "a microsecond counts");
        let swapped = [rows[1].clone(), rows[0].clone()];
        assert_ne!(a, sum_of::<Submissions>(&swapped), "key order counts");
        // One line per row: a newline inside a value is escaped, so rows cannot run together.
        let mut buf = Vec::new();
        Submissions::digest(&rows[0], &mut buf);
        assert!(rows[0].text.contains('\n'));
        assert_eq!(buf.iter().filter(|&&b| b == b'\n').count(), 1);
        assert_eq!(buf.last(), Some(&b'\n'));
        // An empty table hashes to the SHA-256 of nothing.
        assert_eq!(
            sum_of::<Submissions>(&[]).sha256,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn embedding_vectors_are_hashed_as_bytes() {
        let row = |vector: Vec<u8>| EmbeddingRow {
            model: "all-MiniLM-L6-v2".into(),
            text_hash: "ab".into(),
            vector,
        };
        let mut buf = Vec::new();
        EmbeddingCache::digest(&row(vec![0, 0, 128, 63]), &mut buf);
        assert!(buf.ends_with(&[0, 0, 128, 63]));
        assert_ne!(
            sum_of::<EmbeddingCache>(&[row(vec![0, 0, 128, 63])]),
            sum_of::<EmbeddingCache>(&[row(vec![0, 0, 128, 191])])
        );
    }

    #[test]
    fn timestamps_are_cut_to_microseconds_and_reported() {
        let mut t = ts("2026-11-29 10:00:00.123456789");
        assert!(t.to_micros());
        assert_eq!(t, ts("2026-11-29 10:00:00.123456"));
        assert!(!t.to_micros(), "already whole microseconds");
        let mut none: Option<NaiveDateTime> = None;
        assert!(!none.to_micros());
        let mut row = submission(1, None);
        row.analysed_at = Some(ts("2026-11-29 10:00:01.000000001"));
        assert!(Submissions::normalise(&mut row));
        assert_eq!(row.analysed_at, Some(ts("2026-11-29 10:00:01")));
        assert!(!Submissions::normalise(&mut row));
    }

    #[test]
    fn only_forward_self_references_are_detached() {
        let mut back = submission(5, Some(3));
        assert_eq!(Submissions::detach(&mut back), None);
        assert_eq!(back.duplicate_of, Some(3));
        let mut forward = submission(5, Some(9));
        assert_eq!(Submissions::detach(&mut forward), Some((5, 9)));
        assert_eq!(forward.duplicate_of, None);
    }

    /// A small installation in a SQLite file, written with raw SQL so it can hold what the
    /// API would not write (a forward duplicate link, sub-microsecond timestamps, a deleted
    /// newest row, text keys whose order depends on the collation).
    fn seeded(dir: &tempfile::TempDir) -> Db {
        let db = Db::open(&dir.path().join("source.db").to_string_lossy(), 2, 5_000).unwrap();
        db.batch_execute(
            "INSERT INTO processes (id, slug, title, prompt, categories, contributor_types, \
                 created_at, updated_at, map_lat, map_lng, map_zoom) \
             VALUES (1, 'p1', 'P', 'What?', '[]', '[]', '2026-11-29 10:00:00', \
                 '2026-11-29 10:00:00.5', 40.4, -3.7, 12);
             INSERT INTO tokens (id, kind, token_hash, hint, source, created_at) \
             VALUES (1, 'admin', 'h1', 'ppa_', 'environment', '2026-11-29 10:00:00');
             INSERT INTO tokens (id, kind, token_hash, hint, source, process_id, \
                 contributor_type, created_at, created_by, revoked_at) \
             VALUES (2, 'participant', 'h2', 'ppp_', 'admin', 1, 'community', \
                 '2026-11-29 10:00:00.123456789', 1, '2026-11-29 11:00:00');
             INSERT INTO sessions (key_hash, token_id, state, created_at, expires_at) \
             VALUES ('b', 2, '{}', '2026-11-29 10:00:00', '2026-11-30 10:00:00'), \
                    ('B', NULL, '{}', '2026-11-29 10:00:00', '2026-11-30 10:00:00');
             INSERT INTO submissions (id, process_id, token_id, contributor_type, text, \
                 created_at, updated_at, duplicate_of) \
             VALUES (1, 1, 2, 'community', 'first', '2026-11-29 10:00:00', \
                 '2026-11-29 10:00:00', NULL), \
                    (2, 1, 2, 'community', 'second', '2026-11-29 10:00:01', \
                 '2026-11-29 10:00:01', NULL), \
                    (3, 1, 2, 'community', 'gone', '2026-11-29 10:00:02', \
                 '2026-11-29 10:00:02', NULL);
             UPDATE submissions SET duplicate_of = 2 WHERE id = 1;
             DELETE FROM submissions WHERE id = 3;
             INSERT INTO sentences (id, submission_id, position, text, start_offset, \
                 end_offset, category, confidence, source) \
             VALUES (1, 1, 0, 'first', 0, 5, 'vision', 0.30000000000000004, 'model');
             INSERT INTO training_examples (process_id, sentence_id, text, category, kind, \
                 group_key, created_at) \
             VALUES (1, 1, 'first', 'problem', 'correction', 'g', '2026-11-29 10:00:00');
             INSERT INTO share_links (id, process_id, created_at, expires_at) \
             VALUES ('a-b', 1, '2026-11-29 10:00:00', '2026-12-29 10:00:00'), \
                    ('a_b', 1, '2026-11-29 10:00:00', '2026-12-29 10:00:00'), \
                    ('aB', 1, '2026-11-29 10:00:00', '2026-12-29 10:00:00');
             INSERT INTO embedding_cache (model, text_hash, vector) \
             VALUES ('m-1', 'x', X'0000803F'), ('m_1', 'x', X''), ('M', 'y', X'00');
             INSERT INTO audit_log (at, action) VALUES ('2026-11-29 10:00:00', 'seed');",
        )
        .unwrap();
        db
    }

    fn no_progress() -> impl FnMut(Progress) {
        |_| {}
    }

    #[test]
    fn a_sqlite_installation_copies_whole_and_verified() {
        let dir = tempfile::tempdir().unwrap();
        let source = seeded(&dir);
        let target = Db::open(&dir.path().join("copy.db").to_string_lossy(), 2, 5_000).unwrap();
        let options = Options {
            with_sessions: true,
            force: false,
        };
        let outcome = migrate(
            &source,
            &target,
            &options,
            &mut no_progress(),
            |_, _| Ok(()),
        )
        .expect("copies");
        assert_eq!(outcome.tables.len(), TABLES.len());
        assert_eq!(outcome.normalised, vec![("tokens", 1)]);
        assert_eq!(checksums(&target, true).unwrap(), outcome.tables);
        let rows = |t: &str| outcome.tables.iter().find(|s| s.table == t).unwrap().rows;
        assert_eq!(
            (
                rows("submissions"),
                rows("sessions"),
                rows("share_links"),
                rows("embedding_cache")
            ),
            (2, 2, 3, 3)
        );
        let mut conn = target.conn().unwrap();
        let conn = &mut conn.as_db();
        let dup = super::super::submissions::by_id(conn, 1).unwrap().unwrap();
        assert_eq!(dup.duplicate_of, Some(2), "forward link restored");
        // The next submission continues after the deleted one, as it would have on the source.
        let DbConn::Sqlite(c) = conn else {
            unreachable!()
        };
        diesel::sql_query(
            "INSERT INTO submissions (process_id, token_id, contributor_type, text, created_at, \
             updated_at) VALUES (1, 2, 'community', 'new', '2026-11-29 12:00:00', \
             '2026-11-29 12:00:00')",
        )
        .execute(*c)
        .unwrap();
        let newest: i64 = submissions::table
            .select(diesel::dsl::max(submissions::id))
            .first::<Option<i64>>(*c)
            .unwrap()
            .unwrap();
        assert_eq!(newest, 4);
    }

    #[test]
    fn sessions_stay_behind_unless_asked_for() {
        let dir = tempfile::tempdir().unwrap();
        let source = seeded(&dir);
        let target = Db::open(&dir.path().join("copy.db").to_string_lossy(), 2, 5_000).unwrap();
        let outcome = migrate(
            &source,
            &target,
            &Options::default(),
            &mut no_progress(),
            |_, _| Ok(()),
        )
        .unwrap();
        assert!(!outcome.sessions_copied);
        assert!(outcome.tables.iter().all(|t| t.table != "sessions"));
        let sessions = checksums(&target, true).unwrap();
        assert_eq!(
            sessions
                .iter()
                .find(|t| t.table == "sessions")
                .unwrap()
                .rows,
            0
        );
    }

    #[test]
    fn a_failure_after_the_copy_leaves_the_target_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let source = seeded(&dir);
        let target = Db::open(&dir.path().join("copy.db").to_string_lossy(), 2, 5_000).unwrap();
        let before = checksums(&target, true).unwrap();
        let err = migrate(
            &source,
            &target,
            &Options::default(),
            &mut no_progress(),
            |_, _| Err(diesel::result::Error::RollbackTransaction),
        )
        .unwrap_err();
        assert!(matches!(err, CopyError::Db(_)), "{err}");
        assert_eq!(checksums(&target, true).unwrap(), before);
        assert!(before.iter().all(|t| t.rows == 0));
    }

    #[test]
    fn a_non_empty_target_is_refused_and_force_is_postgresql_only() {
        let dir = tempfile::tempdir().unwrap();
        let source = seeded(&dir);
        let target = Db::open(&dir.path().join("copy.db").to_string_lossy(), 2, 5_000).unwrap();
        target
            .batch_execute(
                "INSERT INTO audit_log (at, action) VALUES ('2026-11-29 10:00:00', 'mine')",
            )
            .unwrap();
        let before = checksums(&target, true).unwrap();
        let err = migrate(
            &source,
            &target,
            &Options::default(),
            &mut no_progress(),
            |_, _| Ok(()),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("not empty (audit_log 1 rows)")
                && err.to_string().contains("new database file"),
            "{err}"
        );
        let force = Options {
            force: true,
            ..Options::default()
        };
        let err = migrate(&source, &target, &force, &mut no_progress(), |_, _| Ok(())).unwrap_err();
        assert!(matches!(err, CopyError::ForceOnSqlite), "{err}");
        assert_eq!(checksums(&target, true).unwrap(), before);
    }

    #[test]
    fn progress_is_reported_every_ten_thousand_rows() {
        let mut seen = Vec::new();
        let mut progress = |p: Progress| seen.push((p.table, p.done));
        for (before, done) in [
            (0, 500),
            (9_500, 10_000),
            (10_000, 10_500),
            (19_800, 20_100),
        ] {
            report(
                &mut progress,
                Stage::Copy,
                "submissions",
                before,
                done,
                20_100,
            );
        }
        assert_eq!(seen, vec![("submissions", 10_000), ("submissions", 20_100)]);
    }
}
