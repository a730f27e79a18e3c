//! Write-ahead-log checkpoints off the writer's path.
//!
//! By default SQLite checkpoints inside the commit that takes the log past 1,000 pages: that
//! connection copies the log into the database file before its commit returns. With group
//! commit that connection is the writer thread's, so every request queued behind the batch
//! waited for the copy too; it was the write bench's tail. So the writer turns automatic
//! checkpoints off and this thread, on a connection of its own, runs a PASSIVE checkpoint every
//! [`INTERVAL`]: it copies what no reader still needs while the writer goes on committing, and
//! the writer starts the log over once all of it has been copied. Crash safety is unchanged:
//! a commit is durable in the log (as `synchronous` says) whether or not it was copied yet.

use std::{sync::mpsc, time::Duration};

use diesel::{connection::SimpleConnection, SqliteConnection};

use super::error::DbError;

/// How often the log is copied into the database file. At the write bench's rate (some 7,000
/// submissions a second) the log grows by a few hundred pages in this time, about what the
/// automatic checkpoint let it grow to.
pub const INTERVAL: Duration = Duration::from_millis(100);

/// The statement the writer's connection runs so its commits never checkpoint.
pub const WRITER_PRAGMA: &str = "PRAGMA wal_autocheckpoint = 0;";

/// The checkpoint thread; it stops when this is dropped (with the last handle of the writer).
pub struct Checkpointer {
    _stop: mpsc::Sender<()>,
}

impl Checkpointer {
    /// Starts the thread; `connect` opens its connection (again after an error).
    pub fn start<C>(connect: C) -> std::io::Result<Self>
    where
        C: Fn() -> Result<SqliteConnection, DbError> + Send + 'static,
    {
        let (stop, stopped) = mpsc::channel::<()>();
        std::thread::Builder::new()
            .name("sqlite-checkpoint".into())
            .spawn(move || run(&stopped, &connect))?;
        Ok(Self { _stop: stop })
    }
}

fn run<C>(stopped: &mpsc::Receiver<()>, connect: &C)
where
    C: Fn() -> Result<SqliteConnection, DbError>,
{
    let mut conn: Option<SqliteConnection> = None;
    // Nothing is ever sent: the sender's drop (Disconnected) is the signal to stop.
    while let Err(mpsc::RecvTimeoutError::Timeout) = stopped.recv_timeout(INTERVAL) {
        let c = match conn.take().map_or_else(connect, Ok) {
            Ok(c) => conn.insert(c),
            Err(err) => {
                log::warn!("WAL checkpoint: cannot connect: {err}");
                continue;
            }
        };
        // PASSIVE never waits for the writer or readers: it copies what it can now. A busy
        // answer only means someone held the lock for a moment; the next tick tries again.
        if let Err(err) = c.batch_execute("PRAGMA wal_checkpoint(PASSIVE);") {
            log::debug!("WAL checkpoint: {err}");
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use diesel::{connection::SimpleConnection, sql_types::BigInt, QueryableByName, RunQueryDsl};

    use crate::{
        db::{Db, SqliteWrites},
        with_conn,
    };

    #[derive(QueryableByName)]
    struct Setting {
        #[diesel(sql_type = BigInt)]
        wal_autocheckpoint: i64,
    }

    /// The writer's commits never checkpoint, and the rows written through it still reach the
    /// database file (not only the log) without anyone else checkpointing: this thread's work.
    #[actix_web::test]
    async fn the_writer_leaves_checkpoints_to_the_checkpoint_thread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.db");
        let writes = SqliteWrites {
            durable: false,
            group_commit: true,
        };
        let db = Db::open_with(&path.to_string_lossy(), 2, 5_000, writes).unwrap();
        let file_before = std::fs::metadata(&path).unwrap().len();
        let setting: Setting = db
            .write_as::<_, super::DbError, _>(|conn| {
                Ok(with_conn!(conn, {
                    conn.batch_execute(
                        "CREATE TABLE blobs (b BLOB NOT NULL); \
                         INSERT INTO blobs SELECT randomblob(1000) \
                         FROM (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n \
                         WHERE i < 4000) SELECT i FROM n);",
                    )?;
                    diesel::sql_query("PRAGMA wal_autocheckpoint").get_result(conn)
                })?)
            })
            .await
            .unwrap();
        assert_eq!(
            setting.wal_autocheckpoint, 0,
            "the writer checkpoints itself"
        );
        // About 4 MB went to the log; the checkpoint thread copies it within a few intervals.
        let deadline = Instant::now() + std::time::Duration::from_secs(10);
        let copied = loop {
            let size = std::fs::metadata(&path).unwrap().len();
            if size > file_before + 4_000_000 || Instant::now() > deadline {
                break size;
            }
            std::thread::sleep(super::INTERVAL);
        };
        assert!(
            copied > file_before + 4_000_000,
            "the database file is {copied} bytes: the log was not checkpointed"
        );
    }
}
