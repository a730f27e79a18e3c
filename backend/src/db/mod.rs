//! Database access: one query layer over SQLite (the embedded default) and PostgreSQL
//! (scale-out), with the backend-specific SQL kept in this file.
//!
//! Handlers never see SQL: they call the query functions in the modules below through
//! [`Db::read_as`] and [`Db::write_as`], which run diesel off the async workers. This layer owns
//! its errors ([`DbError`], diesel's `QueryResult`); the API turns "database is locked"
//! (SQLite) or a serialization failure (PostgreSQL) into a 503 the client can retry.
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
pub mod moderation_settings;
pub mod processes;
pub mod reports;
pub mod responses;
pub mod schema;
pub mod sessions;
pub mod share_links;
pub mod statements;
pub mod submission_list;
pub mod submissions;
pub mod supports;
pub mod text_search;
pub mod theme_members;
pub mod themes;
pub mod tokens;
pub mod totp;

mod backend;
mod checkpointer;
pub mod conn;
mod error;
mod group_commit;
mod pool;
mod setup;

pub use crate::with_conn;
pub use backend::{sqlite_path, Backend};
pub use conn::DbConn;
pub use error::{is_busy, DbError};
pub use pool::{Db, PooledConn};
pub use setup::{
    integrity_check, run_postgres_migrations, DbSetupError, SqliteWrites, POSTGRES_MIGRATIONS,
    SQLITE_MIGRATIONS,
};

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
