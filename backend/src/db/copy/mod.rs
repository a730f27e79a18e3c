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

use std::collections::BTreeMap;

use diesel::{
    connection::SimpleConnection,
    prelude::*,
    sql_types::{BigInt, Text},
};
use sha2::{Digest, Sha256};

use super::{locks, Db, DbConn, DbError};

mod tables;
use tables::*;

pub use tables::PAGE;
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

impl From<DbError> for CopyError {
    fn from(err: DbError) -> Self {
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
        if !locks::try_copy_source(src)? {
            return Err(CopyError::Busy(
                "another migrate-data run is writing into the source database",
            ));
        }
        let next_ids = next_ids(src)?;
        let mut failure = None;
        let written = target.write_blocking_as(|dst| {
            copy_into(src, dst, options, &next_ids, progress, record).map_err(|err| {
                failure = Some(err);
                DbError::other("copy failed; rolled back")
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
    if !locks::try_copy_target(dst)? {
        return Err(CopyError::Busy(
            "the target is the source database, or another migrate-data run is writing into it",
        ));
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

/// `--force` on PostgreSQL: empties every table, inside the copy's transaction (TRUNCATE does
/// not outlive a rollback). The audit log refuses TRUNCATE unless the transaction says it is
/// replacing the installation; the copy then records a `data.migrate` entry.
fn empty_tables(conn: &mut DbConn) -> Result<(), CopyError> {
    match conn {
        DbConn::Pg(c) => Ok(c.batch_execute(&format!(
            "SET LOCAL planner.replacing_installation = 'on'; \
             TRUNCATE TABLE {} RESTART IDENTITY CASCADE; \
             SET LOCAL planner.replacing_installation = 'off'",
            TABLES.join(", ")
        ))?),
        DbConn::Sqlite(_) => Err(CopyError::ForceOnSqlite),
    }
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

#[cfg(test)]
mod tests;
