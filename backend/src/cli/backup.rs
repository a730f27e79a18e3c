//! `planner backup PATH` and `planner restore PATH` (SQLite; PostgreSQL has its own tools).

use std::{
    fs::File,
    path::{Path, PathBuf},
};

use anyhow::{bail, Context};

use super::{lock_path, open_db, settings};
use crate::{
    audit::{AuditAction, AuditEvent},
    db,
};

const PG_BACKUP_HINT: &str = "this installation runs on PostgreSQL: back it up with pg_dump \
(pg_dump -Fc \"$DATABASE_URL\" > planner.dump) and restore with pg_restore; see the README";

pub(super) fn backup(target: &Path) -> anyhow::Result<()> {
    let settings = settings()?;
    if let db::Backend::Postgres(_) = db::Backend::from_url(&settings.database_url) {
        bail!("{PG_BACKUP_HINT}");
    }
    if target.exists() {
        bail!(
            "{} exists; choose a new file name (backups never overwrite)",
            target.display()
        );
    }
    let db = open_db(&settings)?;
    db.backup_to(target)
        .with_context(|| format!("backup to {}", target.display()))?;
    db.write_blocking(|conn| {
        Ok(AuditEvent::new(AuditAction::BackupCreate)
            .target("file", target.display())
            .record(conn, None, None)?)
    })?;
    let size = std::fs::metadata(target).map(|m| m.len()).unwrap_or(0);
    println!("backup written to {} ({size} bytes)", target.display());
    Ok(())
}

pub(super) fn restore(source_file: &Path) -> anyhow::Result<()> {
    let settings = settings()?;
    let db_path = match db::Backend::from_url(&settings.database_url) {
        db::Backend::Sqlite(path) => path,
        db::Backend::Postgres(_) => bail!("{PG_BACKUP_HINT}"),
    };
    if !source_file.is_file() {
        bail!("{} is not a file", source_file.display());
    }
    if let Ok(lock) = File::open(lock_path(&db_path)) {
        if lock.try_lock().is_err() {
            bail!(
                "the server is running on {}; stop it before restoring",
                db_path.display()
            );
        }
    }
    db::integrity_check(source_file).map_err(|e| {
        anyhow::anyhow!("{} failed the integrity check: {e}", source_file.display())
    })?;
    // Keep what is there now: a restore must never lose data by itself.
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ");
    let mut kept = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut from = db_path.as_os_str().to_owned();
        from.push(suffix);
        let from = PathBuf::from(from);
        if from.exists() {
            let mut to = db_path.as_os_str().to_owned();
            to.push(format!(".before-restore-{stamp}{suffix}"));
            std::fs::rename(&from, &to)?;
            kept.push(PathBuf::from(to));
        }
    }
    let mut staging = db_path.as_os_str().to_owned();
    staging.push(".restoring");
    let staging = PathBuf::from(staging);
    std::fs::copy(source_file, &staging)?;
    std::fs::rename(&staging, &db_path)?;
    // Bring the restored copy up to this version's schema and record the restore.
    let db = open_db(&settings)?;
    db.write_blocking(|conn| {
        Ok(AuditEvent::new(AuditAction::BackupRestore)
            .target("file", source_file.display())
            .record(conn, None, None)?)
    })?;
    println!(
        "restored {} from {}",
        db_path.display(),
        source_file.display()
    );
    for k in kept {
        println!("previous database kept as {}", k.display());
    }
    Ok(())
}
