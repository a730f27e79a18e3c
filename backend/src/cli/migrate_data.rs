//! `planner migrate-data`: copy a whole installation into another database and verify it.

use std::{fs::File, path::PathBuf};

use anyhow::{bail, Context};

use super::lock_path;
use crate::{
    audit::{AuditAction, AuditEvent},
    db::{self, Db},
};

/// `planner migrate-data`: see [`db::copy`].
pub(super) fn migrate_data(
    from: &str,
    to: &str,
    force: bool,
    with_sessions: bool,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let source = db::Backend::from_url(from);
    let target = db::Backend::from_url(to);
    if same_database(&source, &target) {
        bail!("--from and --to name the same database");
    }
    if let db::Backend::Sqlite(path) = &source {
        if !path.is_file() {
            bail!("there is no database at {} (--from)", path.display());
        }
    }
    if force && matches!(target, db::Backend::Sqlite(_)) {
        bail!("{}", db::copy::CopyError::ForceOnSqlite);
    }
    // Held until the copy is over: no server may start on a SQLite file meanwhile.
    let _source_lock = hold_server_lock(&source, "--from")?;
    let _target_lock = hold_server_lock(&target, "--to")?;
    let new_target = match &target {
        db::Backend::Sqlite(path) => (!path.exists()).then(|| path.clone()),
        db::Backend::Postgres(_) => None,
    };
    println!(
        "copying {} ({}) into {} ({})",
        source.describe(),
        source.name(),
        target.describe(),
        target.name()
    );
    let result = copy_installation(from, to, &source, &target, force, with_sessions);
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(err) => {
            if let Some(path) = new_target {
                // The file did not exist before this run: do not leave an empty one behind.
                for suffix in ["", "-wal", "-shm", ".lock"] {
                    let mut p = path.as_os_str().to_owned();
                    p.push(suffix);
                    let _ = std::fs::remove_file(PathBuf::from(p));
                }
            }
            return Err(err);
        }
    };
    if !outcome.replaced.is_empty() {
        println!(
            "--force: replaced the target's previous data ({})",
            outcome
                .replaced
                .iter()
                .map(|(t, n)| format!("{t} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    for t in &outcome.tables {
        println!(
            "  {:<18} {:>9} rows  sha256 {}",
            t.table,
            t.rows,
            &t.sha256[..16]
        );
    }
    if !outcome.sessions_copied {
        println!(
            "  {:<18} not copied: people sign in again (--with-sessions keeps them)",
            "sessions"
        );
    }
    for (table, n) in &outcome.normalised {
        println!("note: {n} rows of {table} had timestamps finer than a microsecond; stored to the microsecond");
    }
    println!(
        "total: {} rows in {} tables, verified (row counts and SHA-256 read back from the target) in {:.1} s",
        outcome.total_rows(),
        outcome.tables.len(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "next: point DATABASE_URL at {} and start the server with the same SECRET_KEY and ADMIN_TOKEN",
        target.describe()
    );
    Ok(())
}

fn copy_installation(
    from: &str,
    to: &str,
    source: &db::Backend,
    target: &db::Backend,
    force: bool,
    with_sessions: bool,
) -> anyhow::Result<db::copy::Outcome> {
    let source_db =
        Db::open(from, 2, 5_000).with_context(|| format!("source {}", source.describe()))?;
    let target_db =
        Db::open(to, 2, 5_000).with_context(|| format!("target {}", target.describe()))?;
    let options = db::copy::Options {
        with_sessions,
        force,
    };
    let mut progress = |p: db::copy::Progress| {
        let verb = match p.stage {
            db::copy::Stage::Copy => "copied",
            db::copy::Stage::Verify => "verified",
        };
        eprintln!("  {}: {verb} {} of {} rows", p.table, p.done, p.total);
    };
    let record = |conn: &mut db::DbConn, outcome: &db::copy::Outcome| {
        let tables: serde_json::Map<String, serde_json::Value> = outcome
            .tables
            .iter()
            .map(|t| {
                (
                    t.table.to_owned(),
                    serde_json::json!({ "rows": t.rows, "sha256": t.sha256 }),
                )
            })
            .collect();
        let replaced: serde_json::Map<String, serde_json::Value> = outcome
            .replaced
            .iter()
            .map(|(t, n)| ((*t).to_owned(), serde_json::json!(n)))
            .collect();
        AuditEvent::new(AuditAction::DataMigrate)
            .target("database", source.describe())
            .details(serde_json::json!({
                "from": source.describe(),
                "from_backend": source.name(),
                "to_backend": target.name(),
                "rows": outcome.total_rows(),
                "tables": tables,
                "sessions_copied": outcome.sessions_copied,
                "replaced": replaced,
            }))
            .record(conn, None, None)
    };
    Ok(db::copy::migrate(
        &source_db,
        &target_db,
        &options,
        &mut progress,
        record,
    )?)
}

/// The same SQLite file (however it is spelled) or the same PostgreSQL URL. Different URLs of
/// one PostgreSQL database are caught by [`db::copy::migrate`] itself.
fn same_database(a: &db::Backend, b: &db::Backend) -> bool {
    match (a, b) {
        (db::Backend::Sqlite(a), db::Backend::Sqlite(b)) => {
            a == b
                || matches!(
                    (a.canonicalize(), b.canonicalize()),
                    (Ok(x), Ok(y)) if x == y
                )
        }
        (db::Backend::Postgres(a), db::Backend::Postgres(b)) => a == b,
        _ => false,
    }
}

/// Takes a SQLite database's server lock (see `serve`) for as long as the returned file
/// lives; refuses when a server holds it. Nothing to take on PostgreSQL.
fn hold_server_lock(backend: &db::Backend, flag: &str) -> anyhow::Result<Option<File>> {
    let db::Backend::Sqlite(path) = backend else {
        return Ok(None);
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let lock_file = lock_path(path);
    let file = match File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&lock_file)
    {
        Ok(file) => file,
        // A read-only directory: without a lock file no server holds the lock.
        Err(_) if !lock_file.exists() => return Ok(None),
        Err(_) => File::open(&lock_file)?,
    };
    if file.try_lock().is_err() {
        bail!(
            "a planner server is running on {} ({flag}); stop the server first",
            path.display()
        );
    }
    Ok(Some(file))
}
