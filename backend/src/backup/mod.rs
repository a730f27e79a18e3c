//! Scheduled online backups (`BACKUP_INTERVAL`, `BACKUP_DIR`, `BACKUP_KEEP`): every interval a
//! consistent copy of the live database is written to `BACKUP_DIR/planner-<UTC time>.db`
//! (mode 0600), and the oldest beyond `BACKUP_KEEP` are deleted. The last success and the
//! failures are kept in [`BackupStatus`] for `/metrics` and `/api/v1/admin/stats`.
//!
//! SQLite: `VACUUM INTO`, as `planner backup` does. PostgreSQL: the verified snapshot copy of
//! `planner migrate-data` into a new SQLite file (restore it with `planner migrate-data --from
//! FILE --to postgres://… --force`, or run a server on it).

mod status;

use std::{
    path::{Path, PathBuf},
    sync::Arc,
    time::Instant,
};

use anyhow::Context;

pub use status::{BackupStats, BackupStatus};

use crate::{
    config::{BackupSchedule, Settings},
    db::{self, Db},
};

const PREFIX: &str = "planner-";
const SUFFIX: &str = ".db";
const PARTIAL: &str = ".partial";

/// Starts the schedule when `BACKUP_INTERVAL` is set (on the current actix runtime).
pub fn schedule(settings: &Arc<Settings>, db: &Db, status: &Arc<BackupStatus>) {
    let Some(plan) = settings.backup.clone() else {
        return;
    };
    let (db, status) = (db.clone(), status.clone());
    tracing::info!(
        every_seconds = plan.every.as_secs(),
        dir = %plan.dir.display(),
        keep = plan.keep,
        "scheduled backups on"
    );
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(plan.every);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        tick.tick().await; // the first tick is now: the first backup comes one interval in
        loop {
            tick.tick().await;
            let (db, plan2) = (db.clone(), plan.clone());
            let started = Instant::now();
            let outcome = actix_web::rt::task::spawn_blocking(move || run_once(&db, &plan2))
                .await
                .map_err(anyhow::Error::from)
                .and_then(|r| r);
            match outcome {
                Ok(file) => status.succeeded(&file, started.elapsed()),
                Err(err) => {
                    status.failed();
                    tracing::error!(target: "planner::backup", "scheduled backup failed: {err:#}");
                }
            }
        }
    });
}

/// One scheduled backup: written under a temporary name, renamed when complete, then the
/// oldest beyond `keep` deleted. Returns the new file.
pub fn run_once(db: &Db, plan: &BackupSchedule) -> anyhow::Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
    let file = plan.dir.join(format!("{PREFIX}{stamp}{SUFFIX}"));
    let span = tracing::info_span!("backup", file = %file.display());
    let _entered = span.enter();
    std::fs::create_dir_all(&plan.dir)
        .with_context(|| format!("BACKUP_DIR {}", plan.dir.display()))?;
    let partial = with_suffix(&file, PARTIAL);
    let written = write(db, &partial);
    if let Err(err) = written {
        remove_with_siblings(&partial);
        return Err(err);
    }
    std::fs::rename(&partial, &file)?;
    let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    tracing::info!(target: "planner::backup", bytes, "backup written");
    prune(&plan.dir, plan.keep)?;
    Ok(file)
}

/// A consistent copy of the live database into the new file `target`.
pub fn write(db: &Db, target: &Path) -> anyhow::Result<()> {
    match db.backend() {
        db::Backend::Sqlite(_) => Ok(db.backup_to(target)?),
        db::Backend::Postgres(_) => {
            private_file(target)?;
            let copy = Db::open(&target.to_string_lossy(), 2, 5_000)?;
            let options = db::copy::Options {
                with_sessions: false,
                force: false,
            };
            db::copy::migrate(db, &copy, &options, &mut |_| {}, |_, _| Ok(()))?;
            Ok(())
        }
    }
}

/// Deletes the oldest backups beyond `keep`, and partial files a crash left behind.
pub fn prune(dir: &Path, keep: u32) -> anyhow::Result<()> {
    let mut backups = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !name.starts_with(PREFIX) {
            continue;
        }
        if name.ends_with(SUFFIX) {
            backups.push(name);
        } else if name.contains(PARTIAL) && !is_recent(&dir.join(&name)) {
            let _ = std::fs::remove_file(dir.join(&name));
        }
    }
    // The names are UTC times: their order is their age.
    backups.sort();
    let excess = backups.len().saturating_sub(keep as usize);
    for name in &backups[..excess] {
        std::fs::remove_file(dir.join(name))?;
        tracing::info!(target: "planner::backup", file = %name, "old backup deleted");
    }
    Ok(())
}

/// A partial file younger than a day may be another replica's backup in progress.
fn is_recent(path: &Path) -> bool {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age.as_secs() < 86_400)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

fn remove_with_siblings(path: &Path) {
    for suffix in ["", "-wal", "-shm", ".lock"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
}

fn private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prune_keeps_the_newest_and_leaves_other_files_alone() {
        let dir = tempfile::tempdir().unwrap();
        for name in [
            "planner-20260101T000000.000Z.db",
            "planner-20260102T000000.000Z.db",
            "planner-20260103T000000.000Z.db",
            "notes.txt",
        ] {
            std::fs::write(dir.path().join(name), b"x").unwrap();
        }
        prune(dir.path(), 2).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "notes.txt",
                "planner-20260102T000000.000Z.db",
                "planner-20260103T000000.000Z.db"
            ]
        );
    }
}
