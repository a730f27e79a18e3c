//! The database layer's errors as the API answers them, and `Db::read`/`Db::write` with the
//! error type fixed to [`ApiError`], so handlers write `state.db.read(|c| Ok(q(c)?)).await?`.
//! (The generic versions live with the pool in `db`, which knows nothing of HTTP.)

use super::ApiError;
use crate::db::{is_busy, Db, DbConn, DbError};

impl From<diesel::result::Error> for ApiError {
    fn from(err: diesel::result::Error) -> Self {
        if is_busy(&err) {
            log::warn!("database busy: {err}");
            return ApiError::Busy;
        }
        match err {
            diesel::result::Error::NotFound => ApiError::NotFound,
            other => ApiError::internal(format!("database: {other}")),
        }
    }
}

impl From<DbError> for ApiError {
    fn from(err: DbError) -> Self {
        match err {
            DbError::Query(err) => err.into(),
            DbError::Pool(err) => {
                log::warn!("database pool exhausted: {err}");
                ApiError::Busy
            }
            DbError::Other(cause) => ApiError::Internal(cause),
        }
    }
}

impl Db {
    /// Read-only work on the blocking pool (see [`Db::read_as`]).
    pub async fn read<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    {
        self.read_as(work).await
    }

    /// [`Db::read`] off the async workers (see [`Db::read_blocking_as`]).
    pub fn read_blocking<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError>,
    {
        self.read_blocking_as(work)
    }

    /// Work in a write transaction (see [`Db::write_as`]).
    pub async fn write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    {
        self.write_as(work).await
    }

    /// [`Db::write`] off the async workers (see [`Db::write_blocking_as`]).
    pub fn write_blocking<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        F: FnOnce(&mut DbConn) -> Result<T, ApiError>,
    {
        self.write_blocking_as(work)
    }

    /// [`Db::write_blocking`] for the analysis thread (see [`Db::write_queued_as`]).
    pub fn write_queued<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    {
        self.write_queued_as(work)
    }

    /// [`Db::write_queued`] in pieces (see [`Db::write_queued_pieces_as`]).
    pub fn write_queued_pieces<T, F>(&self, pieces: Vec<F>) -> Vec<Result<T, ApiError>>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    {
        self.write_queued_pieces_as(pieces)
    }
}
