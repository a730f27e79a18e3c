//! Opening a database: SQLite with its pragmas (WAL, busy timeout, foreign keys) or a
//! PostgreSQL pool, migrations run once (serialised across replicas), and integrity checks.

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use diesel::{
    connection::SimpleConnection,
    pg::PgConnection,
    r2d2::{ConnectionManager, CustomizeConnection, Pool},
    sql_types::Text,
    Connection, QueryableByName, RunQueryDsl, SqliteConnection,
};
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
pub const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// How SQLite commits writes (PostgreSQL ignores it: it fsyncs every commit).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SqliteWrites {
    /// `synchronous = FULL`: the write-ahead log is fsynced before a commit returns, so an
    /// acknowledged write survives a power cut. Off (`NORMAL`), a crash of the process loses
    /// nothing but a power cut may lose the last commits.
    pub durable: bool,
    /// Requests' writes go through one writer thread that commits those arriving together in
    /// one transaction (`db::group_commit`). Off: each request commits its own.
    pub group_commit: bool,
}

impl SqliteWrites {
    fn pragmas(self, busy_timeout_ms: u32) -> String {
        let synchronous = if self.durable { "FULL" } else { "NORMAL" };
        format!(
            "PRAGMA busy_timeout = {busy_timeout_ms}; PRAGMA foreign_keys = ON; \
             PRAGMA synchronous = {synchronous};"
        )
    }
}

#[derive(Debug)]
struct SqlitePragmas {
    busy_timeout_ms: u32,
    writes: SqliteWrites,
}

impl CustomizeConnection<SqliteConnection, diesel::r2d2::Error> for SqlitePragmas {
    fn on_acquire(&self, conn: &mut SqliteConnection) -> Result<(), diesel::r2d2::Error> {
        conn.batch_execute(&self.writes.pragmas(self.busy_timeout_ms))
            .map_err(diesel::r2d2::Error::QueryError)
    }
}

/// A connection outside the pool with the pool's pragmas: the group-commit writer's own, so it
/// never takes one the analysis thread or readers need.
pub(super) fn sqlite_connection(
    path: &Path,
    busy_timeout_ms: u32,
    writes: SqliteWrites,
) -> Result<SqliteConnection, DbSetupError> {
    let mut conn = SqliteConnection::establish(&path.to_string_lossy())?;
    conn.batch_execute(&writes.pragmas(busy_timeout_ms))?;
    Ok(conn)
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
    #[error("cannot start the SQLite writer thread: {0}")]
    Writer(std::io::Error),
}

/// Key of the advisory lock that serialises migrations when several replicas start at once.
const MIGRATION_LOCK_KEY: i64 = 0x0070_6c61_6e6e_6572; // "planner" in ASCII

pub(super) fn open_sqlite(
    path: &Path,
    pool_size: u32,
    busy_timeout_ms: u32,
    writes: SqliteWrites,
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
        .connection_customizer(Box::new(SqlitePragmas {
            busy_timeout_ms,
            writes,
        }))
        .build(ConnectionManager::new(url))?)
}

pub(super) fn open_postgres(
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

/// A new, empty file only its owner may read (fails if the path exists).
pub(super) fn create_private_file(path: &Path) -> std::io::Result<()> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
