//! Database access: one pool, one place for backend-specific SQL (pragmas, backups, sizes).
//!
//! Handlers never see SQL: they call the query functions in the modules below through
//! [`Db::read`] and [`Db::write`], which run diesel off the async workers and turn
//! "database is locked" into a 503 the client can retry.

pub mod analysis;
pub mod audit;
pub mod jobs;
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
    r2d2::{ConnectionManager, CustomizeConnection, Pool},
    sql_types::{BigInt, Text},
    Connection, QueryableByName, RunQueryDsl, SqliteConnection,
};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::ApiError;

/// The connection type every query function takes. The scale-out work turns this alias into a
/// `MultiConnection` over SQLite and PostgreSQL; rows already carry `check_for_backend`.
pub type DbConn = SqliteConnection;
pub type DbPool = Pool<ConnectionManager<DbConn>>;

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

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

impl CustomizeConnection<DbConn, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut DbConn) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute(&format!(
            "PRAGMA busy_timeout = {}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;",
            self.busy_timeout_ms
        ))
        .map_err(diesel::r2d2::Error::QueryError)
    }
}

#[derive(Clone)]
pub struct Db {
    pool: DbPool,
    path: PathBuf,
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

impl Db {
    /// Opens (creating if needed) the database, switches it to WAL once, runs pending
    /// migrations and builds the pool.
    pub fn open(
        database_url: &str,
        pool_size: u32,
        busy_timeout_ms: u32,
    ) -> Result<Self, DbSetupError> {
        let path = sqlite_path(database_url);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| DbSetupError::Dir(dir.to_owned(), e))?;
        }
        let url = path.to_string_lossy().to_string();
        {
            // journal_mode is persistent in the file; setting it once here, before any pooled
            // connection exists, avoids every connection racing to change it.
            let mut conn = DbConn::establish(&url)?;
            conn.batch_execute(&format!(
                "PRAGMA busy_timeout = {busy_timeout_ms}; PRAGMA journal_mode = WAL;"
            ))?;
            run_migrations(&mut conn)?;
        }
        let pool = Pool::builder()
            .max_size(pool_size)
            .connection_timeout(Duration::from_secs(10))
            .connection_customizer(Box::new(SqlitePragmas { busy_timeout_ms }))
            .build(ConnectionManager::<DbConn>::new(url))?;
        Ok(Self { pool, path })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn conn(
        &self,
    ) -> Result<diesel::r2d2::PooledConnection<ConnectionManager<DbConn>>, ApiError> {
        Ok(self.pool.get()?)
    }

    /// Runs read-only work on the blocking pool.
    pub async fn read<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    {
        let db = self.clone();
        actix_web::web::block(move || {
            let mut conn = db.conn()?;
            work(&mut conn)
        })
        .await
        .map_err(ApiError::internal)?
    }

    /// Runs work in a write transaction (BEGIN IMMEDIATE on SQLite, so a busy database fails
    /// at the start instead of half-way through).
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
        let mut conn = self.conn()?;
        conn.immediate_transaction(work)
    }

    /// `VACUUM INTO`: a consistent online copy, never a file copy of a live database.
    pub fn backup_to(&self, target: &Path) -> Result<(), ApiError> {
        let mut conn = self.conn()?;
        diesel::sql_query("VACUUM INTO ?")
            .bind::<Text, _>(target.to_string_lossy().to_string())
            .execute(&mut conn)?;
        Ok(())
    }

    /// Size of the database file and of its write-ahead log, in bytes.
    pub fn file_sizes(&self) -> (u64, u64) {
        let size = |p: PathBuf| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
        let mut wal = self.path.clone().into_os_string();
        wal.push("-wal");
        (size(self.path.clone()), size(PathBuf::from(wal)))
    }

    /// (connections open, of which idle) in the pool.
    pub fn pool_state(&self) -> (u32, u32) {
        let s = self.pool.state();
        (s.connections, s.idle_connections)
    }

    pub fn ping(&self) -> Result<(), ApiError> {
        #[derive(QueryableByName)]
        struct One {
            #[diesel(sql_type = BigInt)]
            one: i64,
        }
        let mut conn = self.conn()?;
        let row: One = diesel::sql_query("SELECT 1 AS one").get_result(&mut conn)?;
        debug_assert_eq!(row.one, 1);
        Ok(())
    }
}

pub fn run_migrations(conn: &mut DbConn) -> Result<(), DbSetupError> {
    conn.run_pending_migrations(MIGRATIONS)
        .map(|_| ())
        .map_err(|e| DbSetupError::Migrations(e.to_string()))
}

/// SQLite answers SQLITE_BUSY ("database is locked") once busy_timeout has run out.
pub fn is_busy(err: &diesel::result::Error) -> bool {
    matches!(err, diesel::result::Error::DatabaseError(_, info)
        if info.message().contains("database is locked") || info.message().contains("database is busy"))
}

/// Opens a database file read-only and runs `PRAGMA integrity_check`; used before a restore.
pub fn integrity_check(path: &Path) -> Result<(), String> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        integrity_check: String,
    }
    let url = format!("file:{}?mode=ro", path.display());
    let mut conn = DbConn::establish(&url).map_err(|e| e.to_string())?;
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
