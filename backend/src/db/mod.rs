//! Database access: one query layer over SQLite (the embedded default) and PostgreSQL
//! (scale-out), with the backend-specific SQL kept in this file.
//!
//! Handlers never see SQL: they call the query functions in the modules below through
//! [`Db::read`] and [`Db::write`], which run diesel off the async workers and turn
//! "database is locked" (SQLite) or a serialization failure (PostgreSQL) into a 503 the
//! client can retry.
//!
//! Each query function is written once and compiled for both backends by [`with_conn!`]: the
//! body is type-checked against `SqliteConnection` and against `PgConnection`, so a query one
//! backend cannot run does not compile. Where the backends genuinely differ (row locks,
//! `SKIP LOCKED`, sizes, backups) the function matches on [`DbConn`] explicitly.

pub mod analysis;
pub mod audit;
pub mod copy;
pub mod jobs;
pub mod locks;
pub mod processes;
pub mod schema;
pub mod sessions;
pub mod share_links;
pub mod submissions;
pub mod themes;
pub mod tokens;

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use diesel::{
    connection::SimpleConnection,
    pg::PgConnection,
    r2d2::{ConnectionManager, CustomizeConnection, Pool, PooledConnection},
    sql_types::{BigInt, Text},
    Connection, QueryableByName, RunQueryDsl, SqliteConnection,
};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::ApiError;

/// A connection to whichever backend this installation runs on; every query function takes
/// `&mut DbConn`. It borrows the pooled connection (or the one inside a transaction).
pub enum DbConn<'a> {
    Sqlite(&'a mut SqliteConnection),
    Pg(&'a mut PgConnection),
}

/// Runs `$body` with `$conn` rebound to the concrete connection, once per backend. Inside the
/// body `DB` names the backend type (for `into_boxed::<DB>()`).
#[macro_export]
macro_rules! with_conn {
    ($conn:ident, $body:expr) => {
        match $conn {
            $crate::db::DbConn::Sqlite($conn) => {
                #[allow(dead_code)]
                type DB = ::diesel::sqlite::Sqlite;
                let $conn: &mut ::diesel::SqliteConnection = &mut **$conn;
                $body
            }
            $crate::db::DbConn::Pg($conn) => {
                #[allow(dead_code)]
                type DB = ::diesel::pg::Pg;
                let $conn: &mut ::diesel::PgConnection = &mut **$conn;
                $body
            }
        }
    };
}
pub use with_conn;

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Which backend a `DATABASE_URL` selects: `postgres://` or `postgresql://` is PostgreSQL,
/// anything else is a SQLite file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Backend {
    pub fn from_url(database_url: &str) -> Self {
        if database_url.starts_with("postgres://") || database_url.starts_with("postgresql://") {
            Backend::Postgres(database_url.to_owned())
        } else {
            Backend::Sqlite(sqlite_path(database_url))
        }
    }

    /// For logs and messages: the file, or the PostgreSQL URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Backend::Sqlite(path) => path.display().to_string(),
            Backend::Postgres(url) => redact_password(url),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite(_) => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }
}

/// The URL without any password: in the user-info (which may itself contain `@`) and in a
/// `password=` query parameter.
fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let (authority_end, _) = rest
        .char_indices()
        .find(|(_, c)| matches!(c, '/' | '?' | '#'))
        .unwrap_or((rest.len(), ' '));
    let (authority, tail) = rest.split_at(authority_end);
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split(':').next().unwrap_or_default();
            format!("{user}@{host}")
        }
        None => authority.to_owned(),
    };
    let tail = match tail.split_once('?') {
        Some((path, query)) => {
            let query: Vec<String> = query
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                    _ => kv.to_owned(),
                })
                .collect();
            format!("{path}?{}", query.join("&"))
        }
        None => tail.to_owned(),
    };
    format!("{scheme}://{authority}{tail}")
}

/// Where the SQLite database lives, from `DATABASE_URL` (`sqlite://path`, `file:path` or a path).
pub fn sqlite_path(database_url: &str) -> PathBuf {
    let path = database_url
        .strip_prefix("sqlite://")
        .or_else(|| database_url.strip_prefix("sqlite:"))
        .or_else(|| database_url.strip_prefix("file:"))
        .unwrap_or(database_url);
    PathBuf::from(path)
}

#[derive(Debug)]
struct SqlitePragmas {
    busy_timeout_ms: u32,
}

impl CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute(&format!(
            "PRAGMA busy_timeout = {}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
            self.busy_timeout_ms
        ))
        .map_err(diesel::r2d2::Error::QueryError)
    }
}

/// A statement that waits longer than this for a row lock gives up (503, retry) instead of
/// holding a pool connection indefinitely.
#[derive(Debug)]
struct PgSessionSettings {
    lock_timeout_ms: u32,
}

impl CustomizeConnection<PgConnection, diesel::r2d2::Error> for PgSessionSettings {
    fn on_acquire(&self, conn: &mut PgConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute(&format!(
            "SET lock_timeout = {}; SET TIME ZONE 'UTC';",
            self.lock_timeout_ms
        ))
        .map_err(diesel::r2d2::Error::QueryError)
    }
}

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
}

#[derive(Debug, thiserror::Error)]
pub enum DbSetupError {
    #[error("cannot create the database directory {0}: {1}")]
    Dir(PathBuf, std::io::Error),
    #[error("cannot open the database: {0}")]
    Open(#[from] diesel::ConnectionError),
    #[error("database query failed: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("cannot build the connection pool: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("migrations failed: {0}")]
    Migrations(String),
}

/// Key of the advisory lock that serialises migrations when several replicas start at once.
const MIGRATION_LOCK_KEY: i64 = 0x0070_6c61_6e6e_6572; // "planner" in ASCII

impl Db {
    /// Opens the database named by `DATABASE_URL` (creating a SQLite file if needed), runs
    /// pending migrations and builds the pool.
    pub fn open(
        database_url: &str,
        pool_size: u32,
        busy_timeout_ms: u32,
    ) -> Result<Self, DbSetupError> {
        let backend = Backend::from_url(database_url);
        let pools = match &backend {
            Backend::Sqlite(path) => Pools::Sqlite(open_sqlite(path, pool_size, busy_timeout_ms)?),
            Backend::Postgres(url) => Pools::Pg(open_postgres(url, pool_size, busy_timeout_ms)?),
        };
        Ok(Self { pools, backend })
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

    pub fn conn(&self) -> Result<PooledConn, ApiError> {
        Ok(match &self.pools {
            Pools::Sqlite(pool) => PooledConn::Sqlite(pool.get()?),
            Pools::Pg(pool) => PooledConn::Pg(pool.get()?),
        })
    }

    /// Runs read-only work on the blocking pool.
    pub async fn read<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    {
        let db = self.clone();
        actix_web::web::block(move || db.read_blocking(work))
            .await
            .map_err(ApiError::internal)?
    }

    /// [`Db::read`] for code that is already off the async workers (the analysis thread, CLI):
    /// no transaction, so on SQLite it never takes the write lock.
    pub fn read_blocking<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError>,
    {
        let mut conn = self.conn()?;
        work(&mut conn.as_db())
    }

    /// Runs work in a write transaction. On SQLite that is BEGIN IMMEDIATE, so a busy database
    /// fails at the start instead of half-way through and writers are serialised; on
    /// PostgreSQL a READ COMMITTED read-write transaction, where the invariants that need it
    /// take row locks (see [`locks`]).
    pub async fn write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    {
        let db = self.clone();
        actix_web::web::block(move || db.write_blocking(work))
            .await
            .map_err(ApiError::internal)?
    }

    /// [`Db::write`] for code that is already off the async workers (CLI, start-up).
    pub fn write_blocking<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError>,
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
        E: From<diesel::result::Error> + From<ApiError>,
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
    pub fn backup_to(&self, target: &Path) -> Result<(), ApiError> {
        match self.conn()? {
            PooledConn::Sqlite(mut c) => {
                // The copy holds everything the database does: readable by its owner only,
                // whatever the umask. VACUUM INTO accepts an existing empty file.
                create_private_file(target).map_err(ApiError::internal)?;
                diesel::sql_query("VACUUM INTO ?")
                    .bind::<Text, _>(target.to_string_lossy().to_string())
                    .execute(&mut *c)?;
                Ok(())
            }
            PooledConn::Pg(_) => Err(ApiError::internal(
                "this installation runs on PostgreSQL: back it up with pg_dump (see README, Backups)",
            )),
        }
    }

    /// (database bytes, write-ahead-log bytes): the SQLite file and its WAL, or
    /// `pg_database_size` (its WAL is the server's business, reported as 0).
    /// Runs on the caller's connection (inside [`Db::read`]): on PostgreSQL it is a query.
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

    pub fn ping(&self) -> Result<(), ApiError> {
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
    pub fn batch_execute(&self, sql: &str) -> Result<(), ApiError> {
        let mut conn = self.conn()?;
        let conn = &mut conn.as_db();
        Ok(with_conn!(conn, conn.batch_execute(sql))?)
    }
}

fn open_sqlite(
    path: &Path,
    pool_size: u32,
    busy_timeout_ms: u32,
) -> Result<Pool<ConnectionManager<SqliteConnection>>, DbSetupError> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| DbSetupError::Dir(dir.to_owned(), e))?;
    }
    let url = path.to_string_lossy().to_string();
    {
        // journal_mode is persistent in the file; setting it once here, before any pooled
        // connection exists, avoids every connection racing to change it.
        let mut conn = SqliteConnection::establish(&url)?;
        conn.batch_execute(&format!(
            "PRAGMA busy_timeout = {busy_timeout_ms}; PRAGMA journal_mode = WAL;"
        ))?;
        conn.run_pending_migrations(SQLITE_MIGRATIONS)
            .map_err(|e| DbSetupError::Migrations(e.to_string()))?;
    }
    Ok(Pool::builder()
        .max_size(pool_size)
        .connection_timeout(Duration::from_secs(10))
        .connection_customizer(Box::new(SqlitePragmas { busy_timeout_ms }))
        .build(ConnectionManager::new(url))?)
}

fn open_postgres(
    url: &str,
    pool_size: u32,
    lock_timeout_ms: u32,
) -> Result<Pool<ConnectionManager<PgConnection>>, DbSetupError> {
    {
        let mut conn = PgConnection::establish(url)?;
        run_postgres_migrations(&mut conn)?;
    }
    Ok(Pool::builder()
        .max_size(pool_size)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(10))
        .connection_customizer(Box::new(PgSessionSettings { lock_timeout_ms }))
        .build(ConnectionManager::new(url))?)
}

/// Replicas starting together would race to create the same tables; a session-level advisory
/// lock lets one migrate while the others wait and then find nothing pending.
pub fn run_postgres_migrations(conn: &mut PgConnection) -> Result<(), DbSetupError> {
    conn.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))?;
    let result = conn
        .run_pending_migrations(POSTGRES_MIGRATIONS)
        .map(|_| ())
        .map_err(|e| DbSetupError::Migrations(e.to_string()));
    conn.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))?;
    result
}

/// Errors a client should retry: SQLite's SQLITE_BUSY ("database is locked") once
/// busy_timeout has run out; PostgreSQL's serialization failures, deadlocks and lock timeouts.
pub fn is_busy(err: &diesel::result::Error) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    match err {
        Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => true,
        Error::DatabaseError(_, info) => {
            let m = info.message();
            m.contains("database is locked")
                || m.contains("database is busy")
                || m.contains("deadlock detected")
                || m.contains("canceling statement due to lock timeout")
        }
        _ => false,
    }
}

/// A new, empty file only its owner may read (fails if the path exists).
fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

/// Opens a SQLite file read-only and runs `PRAGMA integrity_check`; used before a restore.
pub fn integrity_check(path: &Path) -> Result<(), String> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        integrity_check: String,
    }
    // A path is not a URI: `?`, `#` and `%` in it must not start a query or fragment.
    let escaped: String = path
        .display()
        .to_string()
        .chars()
        .map(|c| match c {
            '%' => "%25".into(),
            '?' => "%3f".into(),
            '#' => "%23".into(),
            c => c.to_string(),
        })
        .collect();
    let url = format!("file:{escaped}?mode=ro");
    let mut conn = SqliteConnection::establish(&url).map_err(|e| e.to_string())?;
    let rows: Vec<Row> = diesel::sql_query("PRAGMA integrity_check")
        .load(&mut conn)
        .map_err(|e| e.to_string())?;
    match rows.as_slice() {
        [row] if row.integrity_check == "ok" => {}
        other => {
            return Err(other
                .iter()
                .map(|r| r.integrity_check.clone())
                .collect::<Vec<_>>()
                .join("; "))
        }
    }
    let applied = conn
        .applied_migrations()
        .map_err(|e| format!("not a Participatory Planner database: {e}"))?;
    if applied.is_empty() {
        return Err("not a Participatory Planner database (no migrations applied)".into());
    }
    Ok(())
}

/// The current time, truncated to microseconds so values round-trip through both backends.
pub fn now() -> chrono::NaiveDateTime {
    let now = chrono::Utc::now().naive_utc();
    now.with_nanosecond_micros()
}

trait MicroTruncate {
    fn with_nanosecond_micros(self) -> Self;
}

impl MicroTruncate for chrono::NaiveDateTime {
    fn with_nanosecond_micros(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(self.nanosecond() / 1000 * 1000)
            .unwrap_or(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_url_selects_the_backend() {
        assert_eq!(
            Backend::from_url("data/planner.db"),
            Backend::Sqlite("data/planner.db".into())
        );
        assert_eq!(
            Backend::from_url("sqlite:///tmp/x.db"),
            Backend::Sqlite("/tmp/x.db".into())
        );
        assert_eq!(Backend::from_url("postgres://u@h/db").name(), "postgres");
        assert_eq!(Backend::from_url("postgresql://u@h/db").name(), "postgres");
    }

    #[test]
    fn described_urls_never_show_the_password() {
        let b = Backend::from_url("postgres://planner:s3cret@db:5432/planner");
        assert_eq!(b.describe(), "postgres://planner@db:5432/planner");
        assert_eq!(
            Backend::from_url("postgres://db/planner").describe(),
            "postgres://db/planner"
        );
        // A password containing `@`, and one in the query string.
        let at = Backend::from_url("postgres://planner:p@ss@db/planner").describe();
        assert_eq!(at, "postgres://planner@db/planner");
        let query =
            Backend::from_url("postgres://db/planner?user=u&password=hunter2&sslmode=require");
        assert_eq!(
            query.describe(),
            "postgres://db/planner?user=u&password=***&sslmode=require"
        );
    }

    #[test]
    fn backups_are_readable_by_their_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("b.db");
        create_private_file(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(create_private_file(&path).is_err(), "never overwrites");
    }
}
