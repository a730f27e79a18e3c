//! The connection pools and the one way to run work on them: off the async workers, in a
//! transaction of the right kind for the backend.

use std::{path::Path, sync::Arc};

use diesel::{
    connection::SimpleConnection,
    pg::PgConnection,
    r2d2::{ConnectionManager, Pool, PooledConnection},
    sql_types::{BigInt, Text},
    Connection, QueryableByName, RunQueryDsl, SqliteConnection,
};

use super::{
    backend::Backend,
    checkpointer::{Checkpointer, WRITER_PRAGMA},
    conn::{in_savepoint, DbConn},
    error::DbError,
    group_commit::GroupCommit,
    setup::{
        create_private_file, open_postgres, open_sqlite, sqlite_connection, DbSetupError,
        SqliteWrites,
    },
};
use crate::with_conn;

#[derive(Clone)]
enum Pools {
    Sqlite(Pool<ConnectionManager<SqliteConnection>>),
    Pg(Pool<ConnectionManager<PgConnection>>),
}

/// A connection checked out of the pool; [`PooledConn::as_db`] lends it to query functions.
pub enum PooledConn {
    Sqlite(PooledConnection<ConnectionManager<SqliteConnection>>),
    Pg(PooledConnection<ConnectionManager<PgConnection>>),
}

impl PooledConn {
    pub fn as_db(&mut self) -> DbConn<'_> {
        match self {
            PooledConn::Sqlite(c) => DbConn::Sqlite(c),
            PooledConn::Pg(c) => DbConn::Pg(c),
        }
    }
}

#[derive(Clone)]
pub struct Db {
    pools: Pools,
    backend: Backend,
    /// SQLite with group commit: the writer thread that runs [`Db::write_as`].
    writer: Option<GroupCommit>,
    /// With the writer: the thread that checkpoints the log in its place (stops with the last
    /// clone of this handle).
    _checkpoints: Option<Arc<Checkpointer>>,
}

impl Db {
    /// Opens the database named by `DATABASE_URL` (creating a SQLite file if needed), runs
    /// pending migrations and builds the pool.
    pub fn open(
        database_url: &str,
        pool_size: u32,
        busy_timeout_ms: u32,
    ) -> Result<Self, DbSetupError> {
        Self::open_with(
            database_url,
            pool_size,
            busy_timeout_ms,
            SqliteWrites::default(),
        )
    }

    /// [`Db::open`] with SQLite's commit settings (the server's `SQLITE_*` settings).
    pub fn open_with(
        database_url: &str,
        pool_size: u32,
        busy_timeout_ms: u32,
        writes: SqliteWrites,
    ) -> Result<Self, DbSetupError> {
        let backend = Backend::from_url(database_url);
        super::statements::count_from_now_on();
        let (pools, writer, checkpoints) = match &backend {
            Backend::Sqlite(path) => {
                let pool = open_sqlite(path, pool_size, busy_timeout_ms, writes)?;
                let (writer, checkpoints) = if writes.group_commit {
                    let path = path.clone();
                    let connect = move || {
                        sqlite_connection(&path, busy_timeout_ms, writes).map_err(DbError::other)
                    };
                    let checkpoints =
                        Checkpointer::start(connect.clone()).map_err(DbSetupError::Writer)?;
                    // The writer never checkpoints: see `db::checkpointer`.
                    let writer_connect = move || {
                        let mut conn = connect()?;
                        conn.batch_execute(WRITER_PRAGMA).map_err(DbError::other)?;
                        Ok(conn)
                    };
                    let writer =
                        GroupCommit::start(writer_connect).map_err(DbSetupError::Writer)?;
                    (Some(writer), Some(Arc::new(checkpoints)))
                } else {
                    (None, None)
                };
                (Pools::Sqlite(pool), writer, checkpoints)
            }
            Backend::Postgres(url) => (
                Pools::Pg(open_postgres(url, pool_size, busy_timeout_ms)?),
                None,
                None,
            ),
        };
        Ok(Self {
            pools,
            backend,
            writer,
            _checkpoints: checkpoints,
        })
    }

    pub fn backend(&self) -> &Backend {
        &self.backend
    }

    /// The SQLite file, or None on PostgreSQL.
    pub fn sqlite_file(&self) -> Option<&Path> {
        match &self.backend {
            Backend::Sqlite(path) => Some(path),
            Backend::Postgres(_) => None,
        }
    }

    pub fn conn(&self) -> Result<PooledConn, DbError> {
        Ok(match &self.pools {
            Pools::Sqlite(pool) => PooledConn::Sqlite(pool.get()?),
            Pools::Pg(pool) => PooledConn::Pg(pool.get()?),
        })
    }

    /// Runs read-only work on the blocking pool. The caller chooses the error type: anything a
    /// [`DbError`] converts into (the API's wrapper `Db::read` fixes it to the API's error).
    pub async fn read_as<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        let db = self.clone();
        actix_web::web::block(move || db.read_blocking_as(work))
            .await
            .map_err(|e| E::from(DbError::other(e)))?
    }

    /// [`Db::read_as`] for code that is already off the async workers (the analysis thread,
    /// CLI): no transaction, so on SQLite it never takes the write lock.
    pub fn read_blocking_as<T, E, F>(&self, work: F) -> Result<T, E>
    where
        E: From<DbError>,
        F: FnOnce(&mut DbConn) -> Result<T, E>,
    {
        let mut conn = self.conn()?;
        work(&mut conn.as_db())
    }

    /// Runs work in a write transaction. On SQLite that is BEGIN IMMEDIATE, so a busy database
    /// fails at the start instead of half-way through and writers are serialised; with group
    /// commit the transaction is shared with the writes queued at the same moment, the work in
    /// its own savepoint, and the answer comes after the commit. On PostgreSQL a READ
    /// COMMITTED read-write transaction, where the invariants that need it take row locks (see
    /// `db::locks`).
    pub async fn write_as<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        if let Some(writer) = &self.writer {
            return writer.write(work).await;
        }
        let db = self.clone();
        actix_web::web::block(move || db.write_blocking_as(work))
            .await
            .map_err(|e| E::from(DbError::other(e)))?
    }

    /// [`Db::write_blocking_as`] for `'static` work from a thread that writes often alongside
    /// requests (the analysis thread): with group commit it joins the requests' transactions,
    /// after them (see `db::group_commit`), rather than taking SQLite's lock between them.
    /// Every write of that thread must come this way: a transaction of its own, on a pool
    /// connection, holds the lock at the thread's low priority, and the writer thread, finding
    /// the database locked, sleeps in SQLite's busy handler (1, 2, 5 ms…) while every request
    /// of its next batch waits.
    pub fn write_queued_as<T, E, F>(&self, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + std::fmt::Display + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        self.write_queued_pieces_as(vec![work])
            .pop()
            .expect("one answer per piece")
    }

    /// [`Db::write_queued_as`] for work cut into pieces, each in its own savepoint and
    /// answered on its own: with group commit a request waits for at most one piece; without
    /// it the pieces share one transaction (one commit).
    pub fn write_queued_pieces_as<T, E, F>(&self, pieces: Vec<F>) -> Vec<Result<T, E>>
    where
        T: Send + 'static,
        E: From<DbError> + From<diesel::result::Error> + std::fmt::Display + Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, E> + Send + 'static,
    {
        if let Some(writer) = &self.writer {
            return writer.write_background(pieces);
        }
        let count = pieces.len();
        let answers = self.write_blocking_as(|conn| {
            Ok::<_, E>(
                pieces
                    .into_iter()
                    .map(|work| in_savepoint(conn, work))
                    .collect::<Vec<_>>(),
            )
        });
        answers.unwrap_or_else(|err| {
            let message = err.to_string();
            (0..count)
                .map(|_| Err(E::from(DbError::other(&message))))
                .collect()
        })
    }

    /// [`Db::write_as`] for code that is already off the async workers (CLI, start-up).
    pub fn write_blocking_as<T, E, F>(&self, work: F) -> Result<T, E>
    where
        E: From<DbError> + From<diesel::result::Error>,
        F: FnOnce(&mut DbConn) -> Result<T, E>,
    {
        match self.conn()? {
            PooledConn::Sqlite(mut c) => c.immediate_transaction(|c| work(&mut DbConn::Sqlite(c))),
            PooledConn::Pg(mut c) => c
                .build_transaction()
                .read_write()
                .run(|c| work(&mut DbConn::Pg(c))),
        }
    }

    /// Runs read-only work in one consistent snapshot of the whole database: a deferred
    /// transaction on SQLite (a WAL reader sees the database as of its first read),
    /// REPEATABLE READ READ ONLY on PostgreSQL. For work that must see every table at the same
    /// moment, such as copying an installation while it is being read.
    pub fn snapshot_blocking<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConn) -> Result<T, E>,
        E: From<diesel::result::Error> + From<DbError>,
    {
        match self.conn()? {
            PooledConn::Sqlite(mut c) => c.transaction(|c| work(&mut DbConn::Sqlite(c))),
            PooledConn::Pg(mut c) => c
                .build_transaction()
                .repeatable_read()
                .read_only()
                .run(|c| work(&mut DbConn::Pg(c))),
        }
    }

    /// `VACUUM INTO`: a consistent online copy of a SQLite database, never a file copy of a
    /// live one. PostgreSQL installations are backed up with the server's own tools.
    pub fn backup_to(&self, target: &Path) -> Result<(), DbError> {
        match self.conn()? {
            PooledConn::Sqlite(mut c) => {
                // The copy holds everything the database does: readable by its owner only,
                // whatever the umask. VACUUM INTO accepts an existing empty file.
                create_private_file(target).map_err(DbError::other)?;
                diesel::sql_query("VACUUM INTO ?")
                    .bind::<Text, _>(target.to_string_lossy().to_string())
                    .execute(&mut *c)?;
                Ok(())
            }
            PooledConn::Pg(_) => Err(DbError::other(
                "this installation runs on PostgreSQL: back it up with pg_dump (see README, Backups)",
            )),
        }
    }

    /// (database bytes, write-ahead-log bytes): the SQLite file and its WAL, or
    /// `pg_database_size` (its WAL is the server's business, reported as 0).
    /// Runs on the caller's connection (inside a read): on PostgreSQL it is a query.
    pub fn sizes(&self, conn: &mut DbConn) -> (u64, u64) {
        match (&self.backend, conn) {
            (Backend::Sqlite(path), _) => {
                let size = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
                let mut wal = path.clone().into_os_string();
                wal.push("-wal");
                (size(path), size(Path::new(&wal)))
            }
            (Backend::Postgres(_), conn) => {
                #[derive(QueryableByName)]
                struct Size {
                    #[diesel(sql_type = BigInt)]
                    bytes: i64,
                }
                let bytes = with_conn!(
                    conn,
                    diesel::sql_query("SELECT pg_database_size(current_database()) AS bytes")
                        .get_result::<Size>(conn)
                        .ok()
                );
                (bytes.map_or(0, |s| s.bytes.max(0) as u64), 0)
            }
        }
    }

    /// (connections open, of which idle) in the pool.
    pub fn pool_state(&self) -> (u32, u32) {
        let s = match &self.pools {
            Pools::Sqlite(pool) => pool.state(),
            Pools::Pg(pool) => pool.state(),
        };
        (s.connections, s.idle_connections)
    }

    pub fn ping(&self) -> Result<(), DbError> {
        #[derive(QueryableByName)]
        struct One {
            #[diesel(sql_type = BigInt)]
            one: i64,
        }
        let mut conn = self.conn()?;
        let conn = &mut conn.as_db();
        let row: One = with_conn!(
            conn,
            diesel::sql_query("SELECT CAST(1 AS BIGINT) AS one").get_result(conn)
        )?;
        debug_assert_eq!(row.one, 1);
        Ok(())
    }

    /// Runs raw SQL statements (maintenance and tests only; never with user input).
    pub fn batch_execute(&self, sql: &str) -> Result<(), DbError> {
        let mut conn = self.conn()?;
        let conn = &mut conn.as_db();
        Ok(with_conn!(conn, conn.batch_execute(sql))?)
    }
}
