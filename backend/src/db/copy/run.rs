//! The copy as a whole: one snapshot of the source, one transaction on the target, every table
//! copied and then verified; and the checksums of an installation on their own.

use std::collections::BTreeMap;

use diesel::{connection::SimpleConnection, prelude::*};

use super::error::CopyError;
use super::outcome::{Options, Outcome, Progress, TableSum};
use super::sequences::{advance_ids, next_ids};
use super::table_copy::{table_ops, TableOps, TABLES};
use crate::db::{locks, Db, DbConn, DbError};

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
    // The owner's settings are one row that the target's migrations made already.
    crate::db::totp::set_require_totp(dst, crate::db::totp::require_totp(src)?)?;
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
