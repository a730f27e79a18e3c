//! The database layer's own error: a query that failed, a pool that could not hand out a
//! connection, or work that could not run. What a client is told is decided above this layer.

/// Why database work failed.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("database: {0}")]
    Query(#[from] diesel::result::Error),
    #[error("database connection: {0}")]
    Pool(#[from] diesel::r2d2::PoolError),
    #[error("database: {0}")]
    Other(String),
}

impl DbError {
    pub fn other(cause: impl std::fmt::Display) -> Self {
        DbError::Other(cause.to_string())
    }

    /// A lock or serialization conflict that a retry will likely get past.
    pub fn is_busy(&self) -> bool {
        matches!(self, DbError::Query(err) if is_busy(err))
    }
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
